#!/usr/bin/env python3
"""ferrokv vs Redis benchmark driver (Python 3 standard library only).

Run it through scripts/bench.sh, which installs the tools and builds ferrokv first.
docs/bench.md explains the modes, the knobs and every column.

    python3 scripts/bench.py [throughput|memory|instructions|all]

Every server this script starts is stopped again when it finishes, fails, or is
interrupted (SIGINT/SIGTERM/SIGHUP); if the script itself is killed outright the
servers get SIGKILL from the kernel (PR_SET_PDEATHSIG).
"""

import csv
import ctypes
import os
import platform
import resource
import selectors
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = "127.0.0.1"  # everything stays on loopback
CLK_TCK = os.sysconf("SC_CLK_TCK")


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


ROUNDS = env_int("BENCH_ROUNDS", 5)
N_P1 = env_int("BENCH_N", 40000)  # requests per run at -P 1
N_PIPE = env_int("BENCH_N_PIPE", 1000000)  # requests per run at -P > 1 (shorter runs: noisy CPU ratios)
CLIENTS = env_int("BENCH_CLIENTS", 50)
KEYSPACE = env_int("BENCH_KEYSPACE", 100000)  # redis-benchmark -r
RUN_TIMEOUT = env_int("BENCH_TIMEOUT", 60)  # seconds per redis-benchmark run
PIPELINES = [int(p) for p in os.environ.get("BENCH_PIPELINES", "1 16").split()]
TESTS = os.environ.get(
    "BENCH_TESTS", "PING_MBULK SET GET INCR LPUSH RPOP SADD HSET ZADD LRANGE_100 MSET"
).split()
# These two do more work per request; fewer requests keep each run about as long as the others.
SLOW_TESTS = {"MSET": 4, "LRANGE_100": 4}

MEM_KEYS = env_int("MEM_KEYS", 1000000)
MEM_SMALL = env_int("MEM_SMALL", 100000)  # small collections (10 elements) per shape
MEM_BIG = env_int("MEM_BIG", 1000000)  # elements of the one big collection per type
MEM_CONNS = env_int("MEM_CONNS", 10000)

INSTR_N = env_int("INSTR_N", 20000)
INSTR_REPEATS = env_int("INSTR_REPEATS", 3)
INSTR_CLIENTS = env_int("INSTR_CLIENTS", 1)
INSTR_PIPELINE = env_int("INSTR_PIPELINE", 16)
INSTR_IDLE_SECS = env_int("INSTR_IDLE_SECS", 3)

OUT_DIR = os.environ.get("BENCH_OUT", os.path.join(REPO, "target", "bench"))
STAMP = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
_out_file = None


def out(line=""):
    """Print a line and keep a copy in the run's output file."""
    print(line, flush=True)
    if _out_file is not None:
        _out_file.write(line + "\n")
        _out_file.flush()


class Fatal(Exception):
    pass


# ---------------------------------------------------------------- processes

_libc = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    # Runs in the child between fork and exec: if this script dies, so does the server.
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def free_port(taken):
    while True:
        with socket.socket() as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        if port not in taken:
            return port


_ports_taken = set()
_live_servers = []


class Server:
    """One server process (ferrokv or redis-server), optionally under a wrapper such as valgrind."""

    def __init__(self, name, argv, extra=(), wrapper=(), ready_timeout=15):
        self.name = name
        self.argv = list(argv)
        self.extra = list(extra)
        self.wrapper = list(wrapper)
        self.ready_timeout = ready_timeout
        self.proc = None
        self.port = None
        os.makedirs(OUT_DIR, exist_ok=True)
        self.log_path = os.path.join(OUT_DIR, f"server-{name}-{STAMP}.log")

    def start(self):
        last = ""
        for _attempt in range(5):
            self.port = free_port(_ports_taken)
            _ports_taken.add(self.port)
            cmd = (
                self.wrapper
                + self.argv
                + ["--port", str(self.port), "--bind", HOST, "--loglevel", "warning"]
                + self.extra
            )
            with open(self.log_path, "ab") as log:
                log.write(("\n### " + shlex.join(cmd) + "\n").encode())
                log.flush()
                self.proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    preexec_fn=_die_with_parent,
                )
            _live_servers.append(self)
            deadline = time.monotonic() + self.ready_timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    last = f"exited with status {self.proc.returncode} before answering PING"
                    break
                try:
                    with Conn(self.port, timeout=2) as c:
                        reply = c.command("PING")
                    if reply == "PONG":
                        return self
                    last = f"answered PING with {reply!r}"
                except OSError as e:
                    last = f"not answering yet ({e})"
                time.sleep(0.05)
            else:
                last = f"did not answer PING within {self.ready_timeout}s ({last})"
            self.stop()
        raise Fatal(f"{self.name} failed to start: {last}\n{self.log_tail()}")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(timeout=30 if self.wrapper else 10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in _live_servers:
            _live_servers.remove(self)

    def cpu_ticks(self):
        """user+system clock ticks of the whole process (all threads), from /proc/PID/stat."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)

    def rss_bytes(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        raise Fatal(f"no VmRSS for {self.name}")

    def log_tail(self, lines=15):
        try:
            with open(self.log_path, errors="replace") as f:
                tail = f.read().splitlines()[-lines:]
            return f"--- last lines of {self.log_path}:\n" + "\n".join(tail)
        except OSError:
            return ""


def stop_all():
    for s in list(_live_servers):
        try:
            s.stop()
        except Exception as e:  # keep stopping the others
            print(f"warning: stopping {s.name}: {e}", file=sys.stderr)


def _on_signal(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


# ---------------------------------------------------------------- RESP client


def encode(*args):
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(parts)


class RespError(str):
    pass


def parse_reply(buf, pos=0):
    """Parse one RESP reply from buf at pos: (value, next_pos), or None if incomplete."""
    end = buf.find(b"\r\n", pos)
    if end < 0:
        return None
    kind, line = buf[pos : pos + 1], buf[pos + 1 : end]
    nxt = end + 2
    if kind == b"+":
        return line.decode(errors="replace"), nxt
    if kind == b"-":
        return RespError(line.decode(errors="replace")), nxt
    if kind == b":":
        return int(line), nxt
    if kind == b"$":
        n = int(line)
        if n < 0:
            return None, nxt
        if len(buf) < nxt + n + 2:
            return None
        return buf[nxt : nxt + n], nxt + n + 2
    if kind == b"*":
        n = int(line)
        if n < 0:
            return None, nxt
        items = []
        for _ in range(n):
            r = parse_reply(buf, nxt)
            if r is None:
                return None
            item, nxt = r
            items.append(item)
        return items, nxt
    raise ValueError(f"bad RESP reply {buf[pos:pos + 40]!r}")


class Conn:
    def __init__(self, port, timeout=10):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buf = b""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sock.close()

    def replies(self, count):
        """Read exactly count replies."""
        got = []
        pos = 0
        while len(got) < count:
            r = parse_reply(self.buf, pos) if pos < len(self.buf) else None
            if r is None:
                chunk = self.sock.recv(1 << 16)
                if not chunk:
                    raise ConnectionError("server closed the connection")
                self.buf = self.buf[pos:] + chunk
                pos = 0
                continue
            value, pos = r
            got.append(value)
        self.buf = self.buf[pos:]
        return got

    def command(self, *args):
        self.sock.sendall(encode(*args))
        return self.replies(1)[0]


# ---------------------------------------------------------------- helpers


def run(cmd, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, **kw).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def short(text, limit=100):
    return text if len(text) <= limit else text[: limit - 3] + "..."


def median(values):
    return statistics.median(values) if values else None


def fmt(value, spec, missing="n/a"):
    return missing if value is None else format(value, spec)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def table(header, rows):
    """A Markdown table, columns padded so it also reads well as plain text."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    out(line(header))
    out("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        out(line(r))


def describe_machine(ferrokv_cmd, redis_cmd):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = "%.1f GiB" % (int(f.readline().split()[1]) / 1024 / 1024)
    except OSError:
        pass
    hyper = next((l.split(":", 1)[1].strip() for l in run(["lscpu"]).splitlines()
                  if "Hypervisor vendor" in l), "none")
    container = run(["systemd-detect-virt", "--container"]) or "?"
    virt = f"hypervisor {hyper}, container {container}"
    distro = "?"
    try:
        with open("/etc/os-release") as f:
            distro = dict(l.rstrip().split("=", 1) for l in f if "=" in l).get("PRETTY_NAME", "?").strip('"')
    except OSError:
        pass
    commit = run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]) or "?"
    dirty = " (uncommitted changes)" if run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"]) else ""
    out(f"date:      {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}")
    out(f"machine:   {cpu}, {os.cpu_count()} CPUs, {mem} RAM, {virt}")
    out(f"os:        {distro}, Linux {platform.release()}, load average {os.getloadavg()[0]:.2f} at start")
    out(f"ferrokv:   {shlex.join(ferrokv_cmd)} (git {commit}{dirty}, {run(['rustc', '-V']) or 'rustc ?'})")
    out(f"redis:     {shlex.join(redis_cmd)} ({run([redis_cmd[0], '--version']) or '?'})")
    out(f"client:    {run(['redis-benchmark', '--version']) or 'redis-benchmark ?'}")
    if " v=7.0." not in run([redis_cmd[0], "--version"]):
        out("warning: the Redis side is not redis-server 7.0, which the results in docs/bench.md used")


# ---------------------------------------------------------------- throughput


def requests_for(test, pipeline):
    n = N_P1 if pipeline == 1 else N_PIPE
    return max(1000, n // SLOW_TESTS.get(test, 1))


def bench_once(server, test, pipeline, n):
    """One redis-benchmark run of one test; returns a dict (error set when it failed)."""
    res = {"rps": None, "p50": None, "p99": None, "cpu_us": None, "wall": None, "error": None,
           "timeout": False}
    cmd = ["redis-benchmark", "-h", HOST, "-p", str(server.port), "-c", str(CLIENTS),
           "-n", str(n), "-P", str(pipeline), "-r", str(KEYSPACE), "--csv"]
    if test == "LRANGE_100":
        # redis-benchmark's own lrange_100 first runs a LPUSH pass in the same process, which would
        # land in the CPU figure; fill the list here and time only LRANGE (the same command it sends).
        try:
            with Conn(server.port) as c:
                reply = c.command("LPUSH", "mylist", *(["xxx"] * 100))
        except (OSError, ValueError) as e:
            reply = RespError(f"{type(e).__name__}: {e}")
        if not isinstance(reply, int):
            res["error"] = short(f"filling mylist: {reply}")
            return res
        cmd += ["lrange", "mylist", "0", "99"]
    else:
        cmd += ["-t", test.lower()]
    ticks0, t0 = server.cpu_ticks(), time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        res["error"] = f"redis-benchmark timed out after {RUN_TIMEOUT}s"
        res["timeout"] = True
        return res
    finally:
        res["wall"] = time.monotonic() - t0
        if server.alive():
            res["cpu_us"] = (server.cpu_ticks() - ticks0) / CLK_TCK / n * 1e6
    if not server.alive():
        res["error"] = "server died"
        return res
    rows = [r for r in csv.reader(p.stdout.splitlines()) if r and r[0] != "test"]
    if p.returncode != 0 or not rows:
        msg = [l.strip() for l in p.stderr.splitlines() if l.strip() and not l.startswith("WARN")]
        res["error"] = short(msg[-1] if msg else f"redis-benchmark exit status {p.returncode}")
        return res
    row = rows[-1]
    res["rps"], res["p50"], res["p99"] = float(row[1]), float(row[4]), float(row[6])
    return res


def preload(server):
    """Give the server every key:NNNNNNNNNNNN key that -r KEYSPACE can pick, with redis-benchmark's
    value, so GET always hits and SET always overwrites, from the first run on."""
    try:
        secs, errors, _ = load_keys(server, KEYSPACE, value=b"xxx")
    except (OSError, ValueError) as e:
        secs, errors = 0, f"{type(e).__name__}: {e}"
    if errors:
        out(f"warning: preloading {KEYSPACE:,} keys into {server.name}: {errors} errors")


def throughput(servers):
    a, b = servers
    for s in servers:
        preload(s)
    out()
    out(f"## Throughput: redis-benchmark -c {CLIENTS} -r {KEYSPACE}, {ROUNDS} rounds, "
        f"{a.name} and {b.name} alternating on every test")
    ns = ", ".join(
        f"-P {p}: {requests_for('SET', p)}" + (
            f" ({'/'.join(t for t in TESTS if t in SLOW_TESTS)}: {requests_for('MSET', p)})"
            if any(t in SLOW_TESTS for t in TESTS) else "")
        for p in PIPELINES)
    out(f"requests per run: {ns}; keys key:0..{KEYSPACE - 1} preloaded so GET hits and SET overwrites")
    out()
    results = {}  # (server name, test, pipeline) -> list of run dicts
    failed = {}  # (server name, test, pipeline) -> error; later rounds skip it
    # A run that times out after the same test already passed on that server is taken for the
    # machine being overloaded: that round is left out of the median and later rounds go on.
    lost = {}  # (server name, test, pipeline) -> runs left out
    start = time.monotonic()
    for rnd in range(1, ROUNDS + 1):
        for pipeline in PIPELINES:
            for test in TESTS:
                n = requests_for(test, pipeline)
                for server in (a, b):
                    key = (server.name, test, pipeline)
                    if key in failed:
                        continue
                    if not server.alive():
                        failed[key] = "server died"
                        continue
                    r = bench_once(server, test, pipeline, n)
                    results.setdefault(key, []).append(r)
                    if r["error"] and r["timeout"] and any(not x["error"] for x in results[key]):
                        lost[key] = lost.get(key, 0) + 1
                        out(f"round {rnd} -P {pipeline:<2} {test:<10} {server.name:<8} {r['error']}; "
                            f"this run is left out (the test passed in an earlier round)")
                    elif r["error"]:
                        failed[key] = r["error"]
                        out(f"round {rnd} -P {pipeline:<2} {test:<10} {server.name:<8} ERROR: {r['error']}")
                        if r["error"] == "server died":
                            out(server.log_tail())
                    else:
                        out(f"round {rnd} -P {pipeline:<2} {test:<10} {server.name:<8} "
                            f"{r['rps']:>10.0f} rps  p50 {r['p50']:.3f}  p99 {r['p99']:.3f} ms  "
                            f"cpu {r['cpu_us']:.2f} us/req  ({r['wall']:.1f}s)")
    out()
    out(f"run time: {time.monotonic() - start:.0f}s; load average (1/5/15 min) at end: "
        + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    out()

    def med(name, test, pipeline, field):
        if (name, test, pipeline) in failed:
            return None
        return median([r[field] for r in results.get((name, test, pipeline), []) if not r["error"]])

    header = ["test", "-P",
              f"{a.name} req/s", f"{b.name} req/s", "ratio",
              f"{a.name} p50 ms", f"{b.name} p50 ms",
              f"{a.name} p99 ms", f"{b.name} p99 ms",
              f"{a.name} CPU us/req", f"{b.name} CPU us/req", "CPU ratio"]
    rows = []
    for pipeline in PIPELINES:
        for test in TESTS:
            m = {(s.name, f): med(s.name, test, pipeline, f)
                 for s in servers for f in ("rps", "p50", "p99", "cpu_us")}
            rows.append([
                test, pipeline,
                fmt(m[a.name, "rps"], ",.0f"), fmt(m[b.name, "rps"], ",.0f"),
                fmt(ratio(m[a.name, "rps"], m[b.name, "rps"]), ".2f"),
                fmt(m[a.name, "p50"], ".3f"), fmt(m[b.name, "p50"], ".3f"),
                fmt(m[a.name, "p99"], ".3f"), fmt(m[b.name, "p99"], ".3f"),
                fmt(m[a.name, "cpu_us"], ".2f"), fmt(m[b.name, "cpu_us"], ".2f"),
                fmt(ratio(m[a.name, "cpu_us"], m[b.name, "cpu_us"]), ".2f"),
            ])
    out(f"Medians of {ROUNDS} rounds. ratio = {a.name}/{b.name} requests per second (higher is better "
        f"for {a.name}); CPU us/req = server user+system CPU time per request (/proc/PID/stat); "
        f"CPU ratio = {a.name}/{b.name} (lower is better for {a.name}).")
    out()
    table(header, rows)
    if failed or lost:
        out()
        for (name, test, pipeline), err in sorted(failed.items()):
            out(f"n/a: {name} {test} -P {pipeline}: {err}")
        for (name, test, pipeline), count in sorted(lost.items()):
            out(f"note: {name} {test} -P {pipeline}: median of {ROUNDS - count} rounds, "
                f"{count} timed out (BENCH_TIMEOUT={RUN_TIMEOUT}s)")


# ---------------------------------------------------------------- memory


def raise_fd_limit(need):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= need:
        return soft
    for limits in ((need, max(need, hard)), (hard, hard)):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, limits)
            break
        except (ValueError, OSError):
            continue
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def info_field(port, section, field):
    try:
        with Conn(port) as c:
            reply = c.command("INFO", section)
    except (OSError, ValueError):
        return None
    if isinstance(reply, bytes):
        for line in reply.decode(errors="replace").splitlines():
            if line.startswith(field + ":"):
                return line.split(":", 1)[1].strip()
    return None


def load_keys(server, count, value=None, batch=1000):
    """Pipelined SET key:%012d (16-byte keys, the names redis-benchmark's -r uses) with 16-byte
    values val:%012d, or with the given value; returns (seconds, errors, DBSIZE or None)."""
    def val(i):
        return b"val:%012d" % i if value is None else value

    errors = 0
    t0 = time.monotonic()
    with Conn(server.port, timeout=60) as c:
        for first in range(0, count, batch):
            last = min(count, first + batch)
            c.sock.sendall(b"".join(encode(b"SET", b"key:%012d" % i, val(i)) for i in range(first, last)))
            errors += sum(isinstance(r, RespError) for r in c.replies(last - first))
    elapsed = time.monotonic() - t0
    # spot check a few keys, and ask for the key count where the server has DBSIZE
    dbsize = None
    try:
        with Conn(server.port) as c:
            for i in (0, count // 2, count - 1):
                if c.command("GET", b"key:%012d" % i) != val(i):
                    errors += 1
            dbsize = c.command("DBSIZE")
    except (OSError, ValueError):
        pass
    return elapsed, errors, (dbsize if isinstance(dbsize, int) else None)


def open_idle(port, count):
    socks = []
    for _ in range(count):
        socks.append(socket.create_connection((HOST, port), timeout=30))
    return socks


def ping_all(socks, timeout=60):
    """Send PING on every connection; return how many answered +PONG."""
    sel = selectors.DefaultSelector()
    for s in socks:
        s.settimeout(None)
        s.sendall(encode("PING"))
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, bytearray())
    ok = 0
    deadline = time.monotonic() + timeout
    while sel.get_map() and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            try:
                chunk = key.fileobj.recv(256)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                chunk = b""
            key.data.extend(chunk)
            if not chunk or b"\r\n" in key.data:
                ok += key.data.startswith(b"+PONG\r\n")
                sel.unregister(key.fileobj)
    sel.close()
    return ok


def memory(make_servers):
    out()
    out(f"## Memory: {MEM_KEYS:,} keys (16-byte keys, 16-byte values, pipelined SETs); "
        f"{MEM_CONNS:,} idle connections")
    limit = raise_fd_limit(MEM_CONNS + 500)
    conns = min(MEM_CONNS, limit - 200)
    if conns < MEM_CONNS:
        out(f"warning: open-files limit is {limit}; using {conns} connections")
    results = {}
    names = []
    for server in make_servers(["--maxclients", str(MEM_CONNS + 100)]):
        names.append(server.name)
        r = results[server.name] = {}
        # keys, on a fresh server
        server.start()
        time.sleep(0.5)
        r["rss_empty"] = server.rss_bytes()
        r["load_s"], r["load_errors"], r["dbsize"] = load_keys(server, MEM_KEYS)
        time.sleep(1)
        r["rss_keys"] = server.rss_bytes()
        um = info_field(server.port, "memory", "used_memory")
        r["used_memory"] = int(um) if um and um.isdigit() else None
        server.stop()
        out(f"{server.name}: loaded {MEM_KEYS:,} keys in {r['load_s']:.1f}s, {r['load_errors']} errors, "
            f"DBSIZE {r['dbsize']}, RSS {r['rss_empty'] / 2**20:.1f} -> {r['rss_keys'] / 2**20:.1f} MiB")
        # idle connections, on another fresh server
        server.start()
        time.sleep(0.5)
        r["rss_empty2"] = server.rss_bytes()
        t0 = time.monotonic()
        socks = open_idle(server.port, conns)
        r["connect_s"] = time.monotonic() - t0
        try:
            time.sleep(2)
            r["rss_conns"] = server.rss_bytes()
            r["pong"] = ping_all(socks)
            time.sleep(0.5)
            r["rss_pinged"] = server.rss_bytes()
        finally:
            for s in socks:
                s.close()
        server.stop()
        out(f"{server.name}: {conns:,} connections opened in {r['connect_s']:.1f}s, "
            f"{r['pong']:,} answered PING, RSS {r['rss_empty2'] / 2**20:.1f} -> "
            f"{r['rss_conns'] / 2**20:.1f} MiB idle, {r['rss_pinged'] / 2**20:.1f} MiB after one PING each")
    out()
    a, b = names
    mib = lambda v: fmt(None if v is None else v / 2**20, ".1f")
    rows = []

    def row(label, key, f, derive=None):
        va, vb = (derive(results[n]) if derive else results[n][key] for n in (a, b))
        rows.append([label, f(va), f(vb), fmt(ratio(va, vb), ".2f")])

    row("RSS, empty server (MiB)", "rss_empty", mib)
    row(f"RSS after {MEM_KEYS:,} keys (MiB)", "rss_keys", mib)
    row("bytes per key (RSS growth / keys)", None, lambda v: fmt(v, ".1f"),
        lambda r: (r["rss_keys"] - r["rss_empty"]) / MEM_KEYS)
    row("used_memory from INFO (MiB)", "used_memory", mib)
    row("load time (s)", "load_s", lambda v: fmt(v, ".1f"))
    row(f"RSS with {conns:,} idle connections (MiB)", "rss_conns", mib)
    row("bytes per idle connection", None, lambda v: fmt(v, ",.0f"),
        lambda r: (r["rss_conns"] - r["rss_empty2"]) / conns)
    row(f"RSS after one PING on each (MiB)", "rss_pinged", mib)
    row("connections that answered PING", "pong", lambda v: fmt(v, ",d"))
    table(["memory", a, b, "ratio"], rows)


# ---------------------------------------------------------------- collections


def collection_shapes():
    """(label, unit, count, commands): each shape's keys, built by pipelined commands."""
    def small(cmd, elems):
        return lambda i: [encode(cmd, b"k:%08d" % i, *elems)]
    ten = [b"%d" % n for n in range(10)]
    fields = [x for n in range(10) for x in (b"field%d" % n, b"value%d" % n)]
    members = [b"member:%d" % n for n in range(10)]
    scored = [x for n in range(10) for x in (b"%d" % n, b"member:%d" % n)]
    shapes = [
        ("hash, 10 fields", "key", MEM_SMALL, small(b"HSET", fields)),
        ("set, 10 integers", "key", MEM_SMALL, small(b"SADD", ten)),
        ("set, 10 strings", "key", MEM_SMALL, small(b"SADD", members)),
        ("zset, 10 members", "key", MEM_SMALL, small(b"ZADD", scored)),
        ("list, 10 elements", "key", MEM_SMALL, small(b"RPUSH", members)),
    ]
    batch = 1000  # elements per command for the big ones
    def big(cmd, per):
        def make(i):
            elems = []
            for n in range(i * batch, (i + 1) * batch):
                elems += per(n)
            return [encode(cmd, b"big", *elems)]
        return make
    n_big = MEM_BIG // batch
    shapes += [
        (f"hash, {MEM_BIG:,} fields", "element", n_big,
         big(b"HSET", lambda n: [b"field:%010d" % n, b"value:%010d" % n])),
        (f"set, {MEM_BIG:,} strings", "element", n_big, big(b"SADD", lambda n: [b"member:%010d" % n])),
        (f"zset, {MEM_BIG:,} members", "element", n_big,
         big(b"ZADD", lambda n: [b"%d" % n, b"member:%010d" % n])),
        (f"list, {MEM_BIG:,} elements", "element", n_big, big(b"RPUSH", lambda n: [b"value:%010d" % n])),
    ]
    return shapes


def collections(make_servers):
    """Bytes per small collection and per element of a big one, from RSS growth and used_memory."""
    out()
    out(f"## Collections: {MEM_SMALL:,} small ones per shape, one of {MEM_BIG:,} elements per type")
    rows = []
    for label, unit, count, make in collection_shapes():
        n_units = count if unit == "key" else MEM_BIG
        got = {}
        for server in make_servers([]):
            server.start()
            time.sleep(0.5)
            rss0 = server.rss_bytes()
            um0 = int(info_field(server.port, "memory", "used_memory") or 0)
            with Conn(server.port, timeout=120) as c:
                for first in range(0, count, 100):
                    last = min(count, first + 100)
                    c.sock.sendall(b"".join(b"".join(make(i)) for i in range(first, last)))
                    c.replies(last - first)
                kind = c.command("TYPE", b"k:%08d" % 0 if unit == "key" else b"big")
            time.sleep(0.5)
            rss = server.rss_bytes() - rss0
            um = int(info_field(server.port, "memory", "used_memory") or 0) - um0
            server.stop()
            got[server.name] = (rss / n_units, um / n_units, kind)
        (a, (ra, ua, ka)), (b, (rb, ub, kb)) = got.items()
        rows.append([f"{label} (per {unit})", fmt(ra, ",.1f"), fmt(rb, ",.1f"), fmt(ratio(ra, rb), ".2f"),
                     fmt(ua, ",.1f"), fmt(ub, ",.1f"), fmt(ratio(ua, ub), ".2f")])
        if ka != kb:
            out(f"warning: {label}: TYPE {ka!r} vs {kb!r}")
    table(["bytes", "ferrokv RSS", "redis RSS", "ratio", "ferrokv used_memory", "redis used_memory",
           "ratio"], rows)


# ---------------------------------------------------------------- instructions


def callgrind_counter(pid):
    """Instructions executed so far by the process (all threads), via callgrind_control -e."""
    p = subprocess.run(["callgrind_control", "-e", str(pid)], capture_output=True, text=True, timeout=60)
    total, seen = 0, False
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "Th":
            total += int(parts[2].replace(",", ""))
            seen = True
    if not seen:
        raise Fatal(f"could not read callgrind counters of pid {pid}: {p.stdout!r} {p.stderr!r}")
    return total


def callgrind_zero(pid):
    p = subprocess.run(["callgrind_control", "-z", str(pid)], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise Fatal(f"callgrind_control -z {pid} failed: {p.stderr}")


def instructions(make_servers):
    out()
    out(f"## Instructions per request (valgrind --tool=callgrind, user-space instructions only): "
        f"{INSTR_N:,} SET then {INSTR_N:,} GET, redis-benchmark -c {INSTR_CLIENTS} -P {INSTR_PIPELINE} "
        f"-r {KEYSPACE} on preloaded keys, {INSTR_REPEATS} repeats, idle baseline subtracted")
    cg_dir = os.path.join(OUT_DIR, "callgrind")
    os.makedirs(cg_dir, exist_ok=True)
    wrapper = ["valgrind", "--tool=callgrind", "--dump-instr=no",
               f"--callgrind-out-file={cg_dir}/callgrind.%p.out"]
    results = {}
    names = []
    for server in make_servers([], wrapper=wrapper, ready_timeout=120):
        names.append(server.name)
        server.start()
        preload(server)
        time.sleep(1)
        callgrind_zero(server.pid)
        t0 = time.monotonic()
        time.sleep(INSTR_IDLE_SECS)
        idle_rate = callgrind_counter(server.pid) / (time.monotonic() - t0)
        per = {"SET": [], "GET": []}
        errors = []
        for rep in range(INSTR_REPEATS):
            for op in ("SET", "GET"):
                callgrind_zero(server.pid)
                t0 = time.monotonic()
                p = subprocess.run(
                    ["redis-benchmark", "-h", HOST, "-p", str(server.port), "-c", str(INSTR_CLIENTS),
                     "-n", str(INSTR_N), "-P", str(INSTR_PIPELINE), "-r", str(KEYSPACE), "-t", op.lower(),
                     "--csv"], capture_output=True, text=True, timeout=600)
                wall = time.monotonic() - t0
                count = callgrind_counter(server.pid)
                if p.returncode != 0:
                    errors.append(f"{op}: {(p.stderr or p.stdout).strip().splitlines()[-1:]}")
                    continue
                per[op].append((count - idle_rate * wall) / INSTR_N)
                out(f"{server.name} repeat {rep + 1} {op}: {count:,} instructions in {wall:.1f}s, "
                    f"idle share {idle_rate * wall:,.0f} -> {per[op][-1]:,.0f} per request")
        server.stop()
        results[server.name] = {"idle": idle_rate, "per": per, "errors": errors}
        out(f"{server.name}: idle {idle_rate:,.0f} instructions/s" +
            (f"; errors: {errors}" if errors else ""))
    out()
    a, b = names
    rows = []
    for op in ("SET", "GET", "SET+GET"):
        cells = [op]
        meds = []
        for n in (a, b):
            per = results[n]["per"]
            vals = per[op] if op in per else [s + g for s, g in zip(per["SET"], per["GET"])]
            if op == "SET+GET":
                vals = [v / 2 for v in vals]
            m = median(vals)
            meds.append(m)
            spread = f" ({min(vals):,.0f}-{max(vals):,.0f})" if len(vals) > 1 else ""
            cells.append(fmt(m, ",.0f") + (spread if m is not None else ""))
        cells.append(fmt(ratio(*meds), ".2f"))
        rows.append(cells)
    table(["instructions per request", f"{a} median (min-max)", f"{b} median (min-max)", "ratio"], rows)


# ---------------------------------------------------------------- persistence

AOF_N = env_int("AOF_N", 20000)  # SETs per redis-benchmark run with the append-only file on
STALL_KEYS = env_int("STALL_KEYS", 1000000)


def aof_throughput(make_servers):
    """redis-benchmark -t set with appendonly yes, for appendfsync always and everysec, both
    servers side by side (A B A B), each writing to a fresh directory under OUT_DIR."""
    out()
    out(f"## SET with the append-only file on (-c {CLIENTS}, -n {AOF_N}, {ROUNDS} rounds, median)")
    out()
    rows = []
    for policy in ("always", "everysec"):
        for pipeline in PIPELINES:
            servers = []
            for name in ("ferrokv", "redis"):
                d = os.path.join(OUT_DIR, f"aof-{name}-{policy}-{STAMP}")
                shutil.rmtree(d, ignore_errors=True)
                os.makedirs(d)
                servers.append(d)
            pair = make_servers([])
            for s, d in zip(pair, servers):
                s.extra += ["--appendonly", "yes", "--appendfsync", policy, "--dir", d]
                s.start()
            results = {s.name: [] for s in pair}
            for _ in range(ROUNDS):
                for s in pair:
                    results[s.name].append(bench_once(s, "SET", pipeline, AOF_N))
            stop_all()
            for d in servers:
                shutil.rmtree(d, ignore_errors=True)
            a, b = (results[s.name] for s in pair)
            ok = lambda rs, k: [r[k] for r in rs if r[k] is not None and not r["error"]]
            ra, rb = median(ok(a, "rps")), median(ok(b, "rps"))
            rows.append([
                f"{policy} -P {pipeline}", fmt(ra, ",.0f"), fmt(rb, ",.0f"), fmt(ratio(ra, rb), ".2f"),
                fmt(median(ok(a, "p99")), ".3f"), fmt(median(ok(b, "p99")), ".3f"),
                fmt(median(ok(a, "cpu_us")), ".2f"), fmt(median(ok(b, "cpu_us")), ".2f"),
            ])
            for name, rs in results.items():
                errs = [r["error"] for r in rs if r["error"]]
                if errs:
                    out(f"warning: {name} {policy} -P {pipeline}: {errs[0]}")
    table(["appendfsync", "ferrokv rps", "redis rps", "ratio", "ferrokv p99 ms", "redis p99 ms",
           "ferrokv CPU us/req", "redis CPU us/req"], rows)


def probe_latency(port, stop_at_idle, trigger):
    """GETs one at a time on one connection; returns the latencies (ms) of the requests sent
    from `trigger` (sent on another connection without waiting, so a GET that waits for the
    fork shows it) to the end of the save, and how long the save ran."""
    lat = []
    with Conn(port, timeout=30) as c, Conn(port, timeout=30) as ctl, Conn(port, timeout=30) as info:
        for _ in range(2000):  # warm up
            c.command("GET", b"key:000000000001")
        ctl.sock.sendall(encode(*trigger))
        t_start = time.monotonic()
        last_check = 0.0
        while True:
            t0 = time.monotonic()
            c.command("GET", b"key:%012d" % int((t0 * 1e6) % STALL_KEYS))
            lat.append((time.monotonic() - t0) * 1000)
            if t0 - last_check > 0.05:
                last_check = t0
                if t0 - t_start > 0.1 and stop_at_idle(info):
                    break
            if t0 - t_start > 120:
                break
        ctl.replies(1)
        return lat, time.monotonic() - t_start


def bgsave_stall(make_servers):
    """GET latency measured while BGSAVE runs with STALL_KEYS keys loaded, both servers."""
    out()
    out(f"## GET latency while BGSAVE runs ({STALL_KEYS:,} keys of 16+16 bytes)")
    out()
    rows = []
    for s in make_servers([]):
        d = os.path.join(OUT_DIR, f"stall-{s.name}-{STAMP}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        s.extra += ["--dir", d]
        s.start()
        load_keys(s, STALL_KEYS)

        def idle(ctl):
            info = ctl.command("INFO", "persistence")
            return b"rdb_bgsave_in_progress:0" in info

        lat, secs = probe_latency(s.port, idle, ("BGSAVE",))
        fork = info_field(s.port, "stats", "latest_fork_usec")
        size = os.path.getsize(os.path.join(d, "dump.rdb")) if os.path.exists(os.path.join(d, "dump.rdb")) else 0
        lat.sort()
        q = lambda p: lat[min(len(lat) - 1, int(len(lat) * p))]
        rows.append([s.name, f"{len(lat):,}", f"{secs:.2f}", f"{q(0.5):.3f}", f"{q(0.99):.3f}",
                     f"{lat[-1]:.3f}", fork or "n/a", f"{size / 1e6:.1f}"])
        stop_all()
        shutil.rmtree(d, ignore_errors=True)
    table(["server", "GETs during save", "save s", "p50 ms", "p99 ms", "max ms",
           "latest_fork_usec", "dump MB"], rows)


# ---------------------------------------------------------------- main


def main():
    global _out_file
    modes = sys.argv[1:] or ["throughput"]
    if modes == ["all"]:
        modes = ["throughput", "memory", "collections", "instructions", "persistence"]
    for m in modes:
        if m not in ("throughput", "memory", "collections", "instructions", "persistence"):
            sys.exit(f"usage: {sys.argv[0]} [throughput|memory|collections|instructions|persistence|all]")

    ferrokv_cmd = shlex.split(os.environ.get("FERROKV_CMD", "")) or [
        os.path.join(REPO, "target", "release", "ferrokv")]
    redis_cmd = shlex.split(os.environ.get("REDIS_CMD", "")) or ["redis-server"]
    # No persistence unless a mode turns it on (later flags win), and nothing written to the repo.
    ferrokv_cmd += ["--save", "", "--appendonly", "no", "--dir", OUT_DIR]
    redis_cmd += ["--save", "", "--appendonly", "no", "--dir", OUT_DIR]
    for tool in ["redis-benchmark", ferrokv_cmd[0], redis_cmd[0]] + (
            ["valgrind", "callgrind_control"] if "instructions" in modes else []):
        if not shutil.which(tool):
            sys.exit(f"error: {tool} not found (scripts/bench.sh installs the tools and builds ferrokv)")

    os.makedirs(OUT_DIR, exist_ok=True)
    out_path = os.path.join(OUT_DIR, f"bench-{'-'.join(modes)}-{STAMP}.txt")
    _out_file = open(out_path, "w")
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)

    def make_servers(extra, **kw):
        return [Server("ferrokv", ferrokv_cmd, extra, **kw), Server("redis", redis_cmd, extra, **kw)]

    out("# ferrokv benchmark")
    describe_machine(ferrokv_cmd, redis_cmd)
    status = 0
    try:
        for mode in modes:
            if mode == "throughput":
                servers = make_servers([])
                for s in servers:
                    s.start()
                throughput(servers)
                stop_all()
            elif mode == "memory":
                memory(make_servers)
            elif mode == "collections":
                collections(make_servers)
            elif mode == "persistence":
                aof_throughput(make_servers)
                bgsave_stall(make_servers)
            else:
                instructions(make_servers)
    except Fatal as e:
        out(f"error: {e}")
        status = 1
    except KeyboardInterrupt as e:
        out(f"interrupted ({e})")
        status = 130
    finally:
        stop_all()
    out()
    out(f"output saved in {out_path}")
    _out_file.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
