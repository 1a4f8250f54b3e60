#!/usr/bin/env python3
"""Record golden request/reply transcripts from a real redis-server 7.0.

Reads every corpus file tests/golden/corpus/<name>.txt (or the ones named on the command line),
replays it against a private redis-server started on a free loopback port, and writes
tests/golden/<name>.golden. `tests/golden.rs` replays the .golden files against ferrokv and compares
the replies byte for byte. The format of both files is described in docs/golden.md.

Standard library only. Usage:
    scripts/record-golden.sh [--check] [--redis-server PATH] [corpus/file.txt ...]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN_DIR = os.path.join(ROOT, "tests", "golden")
CORPUS_DIR = os.path.join(GOLDEN_DIR, "corpus")

REPLY_TIMEOUT = 5.0  # seconds to wait for a reply that must come
QUIET = 0.15  # after @raw/@inline: no more bytes for this long means "all replies are in"

# The integer after the "id" key of a HELLO reply is a connection id: recorded as {int}.
MASK_RE = re.compile(rb"(\$2\r\nid\r\n):(-?\d+)(\r\n)")


class CorpusError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Redis-style quoting (sdssplitargs), used for command lines and @raw / @inline arguments.

def _is_space(c):
    return c in " \n\r\t\v\f"


def split_args(line):
    """Splits a line like redis-cli / Redis inline commands do. Returns a list of bytes."""
    HEX = "0123456789abcdefABCDEF"
    args = []
    p = 0
    n = len(line)

    def at(i):
        return line[i] if i < n else ""

    while True:
        while p < n and _is_space(line[p]):
            p += 1
        if p >= n:
            return args
        cur = bytearray()
        inq = insq = done = False
        while not done:
            c = at(p)
            if inq:
                if c == "\\" and at(p + 1) == "x" and at(p + 2) and at(p + 2) in HEX and at(p + 3) and at(p + 3) in HEX:
                    cur.append(int(line[p + 2:p + 4], 16))
                    p += 3
                elif c == "\\" and at(p + 1):
                    p += 1
                    e = line[p]
                    cur += {"n": b"\n", "r": b"\r", "t": b"\t", "b": b"\b", "a": b"\a"}.get(e, e.encode())
                elif c == '"':
                    if at(p + 1) and not _is_space(at(p + 1)):
                        raise CorpusError("closing quote must be followed by a space")
                    done = True
                elif not c:
                    raise CorpusError("unbalanced quotes")
                else:
                    cur += c.encode()
            elif insq:
                if c == "\\" and at(p + 1) == "'":
                    p += 1
                    cur += b"'"
                elif c == "'":
                    if at(p + 1) and not _is_space(at(p + 1)):
                        raise CorpusError("closing quote must be followed by a space")
                    done = True
                elif not c:
                    raise CorpusError("unbalanced quotes")
                else:
                    cur += c.encode()
            else:
                if not c or c in " \n\r\t":
                    done = True
                elif c == '"':
                    inq = True
                elif c == "'":
                    insq = True
                else:
                    cur += c.encode()
            if p < n:
                p += 1
        args.append(bytes(cur))


def encode(args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


# ---------------------------------------------------------------------------------------------
# Corpus parsing.

def parse_corpus(path):
    """Returns a list of steps: (kind, lineno, source, payload)."""
    steps = []
    options = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        lineno = i + 1
        line = lines[i].strip()
        i += 1
        if not line or line.startswith("#"):
            continue
        try:
            if line.startswith("@"):
                word, _, rest = line.partition(" ")
                rest = rest.strip()
                if word == "@also-resp3":
                    if steps:
                        raise CorpusError("@also-resp3 must come before the first request")
                    options["also-resp3"] = True
                elif word == "@server":
                    if steps:
                        raise CorpusError("@server must come before the first request")
                    args = rest.split()
                    if not args or not all(re.fullmatch(r"[^\s\"'\\]+", a) for a in args):
                        raise CorpusError("@server takes plain (unquoted) redis-server arguments")
                    options["server"] = tuple(args)
                elif word == "@new-connection":
                    steps.append(("connection", lineno, line, None))
                elif word == "@conn":
                    if not re.fullmatch(r"[A-Za-z0-9_-]+", rest):
                        raise CorpusError("@conn needs a name (letters, digits, _ and -)")
                    steps.append(("conn", lineno, line, rest))
                elif word == "@read":
                    steps.append(("read", lineno, line, None))
                elif word == "@sleep":
                    steps.append(("sleep", lineno, line, int(rest)))
                elif word == "@raw":
                    parts = split_args(rest)
                    if len(parts) != 1:
                        raise CorpusError("@raw takes exactly one (quoted) argument")
                    steps.append(("raw", lineno, line, (parts[0], 1)))
                elif word == "@raw-repeat":
                    count, _, quoted = rest.partition(" ")
                    parts = split_args(quoted)
                    if len(parts) != 1 or int(count) < 1:
                        raise CorpusError("@raw-repeat takes a count and one (quoted) argument")
                    steps.append(("raw", lineno, line, (parts[0], int(count))))
                elif word == "@inline":
                    steps.append(("raw", lineno, line, (rest.encode() + b"\r\n", 1)))
                elif word == "@unordered":
                    steps.append(("cmd", lineno, line, (split_args(rest), 1)))
                elif word == "@unordered-pairs":
                    steps.append(("cmd", lineno, line, (split_args(rest), 2)))
                elif word == "@pipeline":
                    cmds = []
                    while True:
                        if i >= len(lines):
                            raise CorpusError("@pipeline without @end")
                        inner = lines[i].strip()
                        i += 1
                        if inner == "@end":
                            break
                        if not inner or inner.startswith("#"):
                            continue
                        if inner.startswith("@"):
                            raise CorpusError("only commands may appear inside @pipeline")
                        cmds.append((inner, split_args(inner)))
                    steps.append(("pipeline", lineno, line, cmds))
                else:
                    raise CorpusError("unknown directive " + word)
            else:
                args = split_args(line)
                steps.append(("cmd", lineno, line, (args, 0)))
        except (CorpusError, ValueError) as e:
            raise CorpusError("%s:%d: %s" % (path, lineno, e))
    return steps, options


# ---------------------------------------------------------------------------------------------
# RESP reading.

def reply_len(buf):
    """Length of the first complete RESP2/RESP3 reply in buf, or None if incomplete."""
    end = buf.find(b"\r\n")
    if end < 0:
        return None
    t = buf[:1]
    after = end + 2
    if t in (b"+", b"-", b":", b"_", b",", b"#", b"("):
        return after
    n = int(buf[1:end])
    if t in (b"$", b"=", b"!"):
        if n < 0:
            return after
        return after + n + 2 if len(buf) >= after + n + 2 else None
    if t in (b"*", b"~", b">", b"%", b"|"):
        if n < 0:
            return after
        items = n * 2 if t in (b"%", b"|") else n
        pos = after
        for _ in range(items):
            m = reply_len(buf[pos:])
            if m is None:
                return None
            pos += m
        return pos
    raise ValueError("not a RESP reply: %r" % buf[:80])


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.closed = False

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self, timeout):
        self.sock.settimeout(timeout)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return False
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.buf += chunk
        return True

    def read_reply(self):
        """One reply, waiting for it; None if the server closed the connection first."""
        while True:
            n = reply_len(self.buf)
            if n is not None:
                r, self.buf = self.buf[:n], self.buf[n:]
                return r
            if self.closed:
                return None
            if not self._fill(REPLY_TIMEOUT) and not self.closed:
                raise CorpusError("timed out waiting for a reply")

    def read_until_quiet(self):
        """All replies that arrive until the server is quiet (or closes)."""
        replies = []
        while True:
            n = reply_len(self.buf)
            if n is not None:
                replies.append(self.buf[:n])
                self.buf = self.buf[n:]
                continue
            if self.closed or not self._fill(QUIET):
                break
        if self.buf:
            raise CorpusError("incomplete reply left over: %r" % self.buf)
        return replies

    def close(self):
        self.sock.close()


# ---------------------------------------------------------------------------------------------
# Escaping (the Rust replay test implements the same unescape).

def escape(data):
    out = []
    for b in data:
        if b == 0x5C:
            out.append("\\\\")
        elif b == 0x0D:
            out.append("\\r")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x09:
            out.append("\\t")
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append("\\x%02x" % b)
    s = "".join(out)
    if s.endswith(" "):
        s = s[:-1] + "\\x20"
    return s


def canonical(reply, group):
    """An aggregate reply with its top-level elements sorted by their bytes, in groups of `group`
    elements (maps: always key/value pairs).

    Used for @unordered (group 1: KEYS, SMEMBERS...) and @unordered-pairs (group 2: RESP2 HGETALL,
    CONFIG GET...) requests, whose element order is unspecified."""
    if reply[:1] not in (b"*", b"~", b"%", b">") or reply[1:3] == b"-1":
        return reply
    head_end = reply.find(b"\r\n") + 2
    per = 2 if reply[:1] == b"%" else group
    items = []
    pos = head_end
    while pos < len(reply):
        start = pos
        for _ in range(per):
            n = reply_len(reply[pos:]) if pos < len(reply) else None
            if n is None:
                return reply
            pos += n
        items.append(reply[start:pos])
    return reply[:head_end] + b"".join(sorted(items))


def reply_line(reply, unordered):
    """The golden line for one reply: `< exact`, `<~ masked`, `<u unordered`, `<u2 unordered pairs`."""
    if MASK_RE.search(reply):
        parts = []
        pos = 0
        for m in MASK_RE.finditer(reply):
            parts.append(escape(reply[pos:m.start(2)]))
            pos = m.end(2)
        parts.append(escape(reply[pos:]))
        return "<~ " + "{int}".join(parts)
    if unordered == 1:
        return "<u " + escape(canonical(reply, 1))
    if unordered == 2:
        return "<u2 " + escape(canonical(reply, 2))
    return "< " + escape(reply)


# ---------------------------------------------------------------------------------------------
# Recording.

def password_of(server_args):
    """The --requirepass value among redis-server arguments, if any."""
    args = list(server_args)
    for i, a in enumerate(args[:-1]):
        if a == "--requirepass":
            return args[i + 1].encode()
    return None


def flushall(port, server_args):
    c = Conn(port)
    password = password_of(server_args)
    if password is not None:
        c.send(encode([b"AUTH", password]))
        if c.read_reply() != b"+OK\r\n":
            raise CorpusError("AUTH before FLUSHALL failed")
    c.send(encode([b"FLUSHALL"]))
    r = c.read_reply()
    c.close()
    if r != b"+OK\r\n":
        raise CorpusError("FLUSHALL failed: %r" % r)


def record_file(port, corpus_path, server_version, steps, resp3_variant, server_args):
    """Records one transcript; with resp3_variant, every connection starts with HELLO 3."""
    rel = os.path.relpath(corpus_path, ROOT)
    flushall(port, server_args)
    body = []
    counts = {2: 0, 3: 0}
    conns = {}  # name -> Conn; each has .proto (2 or 3)
    cur = "main"

    def track_hello(conn, args, reply):
        if args and args[0].upper() == b"HELLO" and reply[:1] in (b"%", b"*"):
            conn.proto = 3 if reply[:1] == b"%" else 2

    def open_conn(name):
        if name in conns:
            conns[name].close()
        conn = conns[name] = Conn(port)
        conn.proto = 2
        if resp3_variant:
            data = encode([b"HELLO", b"3"])
            body.append("# @also-resp3: HELLO 3")
            body.append("> " + escape(data))
            conn.send(data)
            counts[conn.proto] += 1
            r = conn.read_reply()
            body.append(reply_line(r, 0))
            track_hello(conn, [b"HELLO"], r)

    body.append("@connection")
    open_conn(cur)
    for kind, lineno, source, payload in steps:
        where = "%s:%d" % (rel, lineno)
        if kind == "connection":
            body.append("@connection")
            open_conn(cur)
            continue
        if kind == "conn":
            cur = payload
            body.append("@conn " + cur)
            if cur not in conns:
                open_conn(cur)
            continue
        if kind == "sleep":
            body.append("@sleep %d" % payload)
            time.sleep(payload / 1000.0)
            continue
        conn = conns[cur]
        if conn.closed:
            raise CorpusError("%s: the server closed the connection; add @new-connection" % where)
        body.append("# %d: %s" % (lineno, source))
        try:
            if kind == "cmd":
                args, unordered = payload
                data = encode(args)
                body.append("> " + escape(data))
                conn.send(data)
                counts[conn.proto] += 1
                r = conn.read_reply()
                if r is None:
                    body.append("! closed")
                    continue
                body.append(reply_line(r, unordered))
                track_hello(conn, args, r)
            elif kind == "pipeline":
                data = b"".join(encode(args) for _, args in payload)
                body.append("> " + escape(data))
                conn.send(data)
                for _, args in payload:
                    counts[conn.proto] += 1
                    r = conn.read_reply()
                    if r is None:
                        raise CorpusError("connection closed inside a pipeline")
                    body.append(reply_line(r, 0))
                    track_hello(conn, args, r)
            elif kind == "raw":
                data, repeat = payload
                if repeat == 1:
                    body.append("> " + escape(data))
                else:
                    body.append(">* %d %s" % (repeat, escape(data)))
                try:
                    conn.send(data * repeat)
                except OSError as e:
                    raise CorpusError("the server stopped reading (%s): make the request smaller" % e)
                counts[conn.proto] += 1
                for r in conn.read_until_quiet():
                    body.append(reply_line(r, 0))
                if conn.closed:
                    body.append("! closed")
            elif kind == "read":
                for r in conn.read_until_quiet():
                    body.append(reply_line(r, 0))
                if conn.closed:
                    body.append("! closed")
        except CorpusError as e:
            raise CorpusError("%s: %s" % (where, e))
    for conn in conns.values():
        conn.close()
    head = [
        "# Golden transcript recorded from redis-server %s by scripts/record-golden.sh." % server_version,
        "# Do not edit: change %s and re-record. Format: docs/golden.md" % rel,
    ]
    if resp3_variant:
        head.append("# RESP3 variant (@also-resp3): every connection starts with HELLO 3")
    if server_args:
        head.append("@server " + " ".join(server_args))
    head += [
        "# requests: %d (RESP2 %d, RESP3 %d)" % (counts[2] + counts[3], counts[2], counts[3]),
    ]
    return "\n".join(head + body) + "\n", counts


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_redis(binary, server_args=()):
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    except OSError as e:
        sys.exit("record-golden: cannot run %s (%s); install redis-server 7.0 or set REDIS_SERVER" % (binary, e))
    m = re.search(r"v=(\S+)", out)
    if not m or not m.group(1).startswith("7.0."):
        sys.exit("record-golden: need redis-server 7.0.x, %s says: %s" % (binary, out.strip()))
    version = m.group(1)
    workdir = tempfile.mkdtemp(prefix="ferrokv-golden-")
    for _ in range(5):
        port = free_port()
        proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", workdir, "--logfile", os.path.join(workdir, "redis.log"), "--daemonize", "no"]
            + list(server_args),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline and proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return proc, port, version, workdir
            except OSError:
                time.sleep(0.05)
        proc.kill()
        proc.wait()
    shutil.rmtree(workdir, ignore_errors=True)
    sys.exit("record-golden: redis-server did not start")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true",
                    help="record into memory and compare with the committed .golden files")
    ap.add_argument("--redis-server", default=os.environ.get("REDIS_SERVER", "redis-server"))
    ap.add_argument("corpus", nargs="*", help="corpus files (default: all of tests/golden/corpus/*.txt)")
    opts = ap.parse_args()

    files = opts.corpus or sorted(
        os.path.join(CORPUS_DIR, f) for f in os.listdir(CORPUS_DIR) if f.endswith(".txt"))
    if not files:
        sys.exit("record-golden: no corpus files")
    binary = shutil.which(opts.redis_server) or opts.redis_server
    servers = {}  # server arguments -> (proc, port, version, workdir)
    total = {2: 0, 3: 0}
    failed = False
    try:
        jobs = []
        for path in files:
            path = os.path.abspath(path)
            name = os.path.splitext(os.path.basename(path))[0]
            steps, options = parse_corpus(path)
            server_args = options.get("server", ())
            jobs.append((path, name, steps, False, server_args))
            if options.get("also-resp3"):
                jobs.append((path, name + ".resp3", steps, True, server_args))
        for path, name, steps, resp3_variant, server_args in jobs:
            if server_args not in servers:
                servers[server_args] = start_redis(binary, server_args)
            _, port, version, _ = servers[server_args]
            text, counts = record_file(port, path, version, steps, resp3_variant, server_args)
            total[2] += counts[2]
            total[3] += counts[3]
            out = os.path.join(GOLDEN_DIR, name + ".golden")
            if opts.check:
                old = open(out, encoding="utf-8").read() if os.path.exists(out) else None
                status = "ok" if old == text else "DIFFERS"
                failed |= old != text
                if old != text and old is not None:
                    import difflib
                    sys.stdout.writelines(difflib.unified_diff(
                        old.splitlines(True), text.splitlines(True), out + " (committed)", out + " (now)"))
            else:
                with open(out, "w", encoding="utf-8") as f:
                    f.write(text)
                status = "written"
            print("%-28s RESP2 %4d  RESP3 %4d  %s" % (name, counts[2], counts[3], status))
        if not opts.corpus:
            # Transcripts whose corpus file is gone (or lost its @also-resp3) are stale.
            made = {job[1] + ".golden" for job in jobs}
            for f in sorted(os.listdir(GOLDEN_DIR)):
                if f.endswith(".golden") and f not in made:
                    if opts.check:
                        print("%-28s stale (no corpus file)" % f)
                        failed = True
                    else:
                        os.remove(os.path.join(GOLDEN_DIR, f))
                        print("%-28s removed (no corpus file)" % f)
    except CorpusError as e:
        sys.exit("record-golden: %s" % e)
    finally:
        for proc, _, _, workdir in servers.values():
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            shutil.rmtree(workdir, ignore_errors=True)
    print("total: %d requests (RESP2 %d, RESP3 %d)" % (total[2] + total[3], total[2], total[3]))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
