#!/usr/bin/env python3
"""Builds the RDB fixtures in tests/fixtures/rdb with a real redis-server 7.0.

For each variant: start a private redis-server (free loopback port, temp dir, no automatic
saves), load a fixed data set covering every type and encoding, SAVE, copy the dump. Then load
every fixture (ours and the old-format files copied from Redis's own test assets) into a fresh
redis-server and write what Redis sees in it next to the file as `<name>.txt` (one
`all-types.txt` for the variants of the same data set), which tests/rdb.rs compares ferrokv's
loader against.

The .txt format, one token per field, bytes as `x` + hex (`x` alone is the empty string), and
anything after `#` a human-readable comment:

    key <db> <type> <pexpiretime> <encoding> <key>
    str <value>                      (string)
    item <element>                   (list, in order)
    field <field> <value>            (hash, sorted by field)
    member <member>                  (set, sorted)
    zmember <member> <score>         (zset, in rank order; score as Redis prints it)

Usage: rdb_fixtures.py [--redis /usr/bin/redis-server] [--assets DIR]
"""
import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "rdb")

# Far-future absolute expiry times (2100-01-01 and 2200-01-01 UTC, in ms), so the fixtures
# never expire under the tests.
FAR = 4102444800000
FARTHER = 7258118400000

# Old-format files from Redis 7.0.15's tests/assets and what they exercise.
ASSETS = {
    "encodings.rdb": "RDB v4 (Redis 2.6): zipmap-era ziplist lists/zsets/hashes, intsets of each width, LZF",
    "hash-zipmap.rdb": "RDB v3 (Redis 2.4): a zipmap hash",
    "hash-ziplist.rdb": "RDB v9 (Redis 6.x): a ziplist hash",
    "list-quicklist.rdb": "RDB v8 (Redis 4/5): a quicklist of ziplist nodes",
    "zset-ziplist.rdb": "RDB v10 (Redis 7.0 rc): a ziplist zset",
    "scriptbackup.rdb": "RDB v10: a 'lua' aux field, repl aux fields, no keys",
    "corrupt_empty_keys.rdb": "RDB v10: nine empty keys of each collection encoding (skipped on load)",
}


class Resp:
    """A minimal RESP2 client (no dependency on redis-py)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def send(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            if isinstance(a, str):
                a = a.encode()
            elif isinstance(a, (int, float)):
                a = repr(a).encode() if isinstance(a, float) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.sock.sendall(b"".join(out))

    def call(self, *args):
        self.send(*args)
        return self.read()

    def line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def read(self):
        line = self.line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.exact(n)
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError("bad reply %r" % line)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    def __init__(self, redis, directory, dbfilename, extra=()):
        self.port = free_port()
        self.log = open(os.path.join(directory, "redis-%d.log" % self.port), "w")
        args = [redis, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", directory,
                "--dbfilename", dbfilename, "--save", "", "--appendonly", "no",
                "--daemonize", "no"] + list(extra)
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 10
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("redis-server exited: see %s" % self.log.name)
            try:
                self.client = Resp(self.port)
                self.client.call("PING")
                return
            except (OSError, RuntimeError, EOFError):
                if time.time() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.log.close()


def populate(r):
    """The data set: every type, small and large, every string encoding, TTLs, 3 databases."""
    rng = random.Random(20240601)
    cmds = []
    add = cmds.append
    add(("SELECT", 0))
    # Strings: empty, int encodings of each width, non-canonical numbers, binary, LZF.
    add(("SET", "str:empty", ""))
    add(("SET", "str:hello", "Hello World"))
    for name, v in [("int8", "100"), ("neg8", "-128"), ("int16", "30000"), ("neg16", "-32768"),
                    ("int32", "2000000000"), ("neg32", "-2147483648"), ("int64", "6000000000"),
                    ("max64", "9223372036854775807"), ("min64", "-9223372036854775808"),
                    ("zero", "0"), ("leading0", "007"), ("negzero", "-0"), ("plus", "+5"),
                    ("float", "3.14"), ("spaces", " 12 ")]:
        add(("SET", "str:" + name, v))
    add(("INCRBY", "str:counter", 41))
    add(("SET", "str:binary", bytes(range(256))))
    add(("SET", "str:lzf", "abcdefgh" * 100))
    add(("SET", "str:lzf-boundary", "a" * 21))
    add(("SET", "str:short-repeat", "a" * 20))
    add(("SET", "str:random", bytes(rng.getrandbits(8) for _ in range(300))))
    add(("SET", "str:big", ("the quick brown fox %d " * 400) % tuple(range(400))))
    add(("SET", b"key:\x00\xff\r\n binary", "binary key"))
    add(("SET", "x" * 300, "long key"))
    # TTLs on every type.
    add(("SET", "ttl:str", "v", "PXAT", FAR))
    add(("RPUSH", "ttl:list", "a", "b"))
    add(("PEXPIREAT", "ttl:list", FAR + 1))
    add(("HSET", "ttl:hash", "f", "v"))
    add(("PEXPIREAT", "ttl:hash", FARTHER))
    add(("SADD", "ttl:set", "1", "2"))
    add(("PEXPIREAT", "ttl:set", FAR + 2))
    add(("ZADD", "ttl:zset", 1, "m"))
    add(("PEXPIREAT", "ttl:zset", FAR + 3))
    # Lists: small, multi-node (> 8 KB), a node-sized element, integers of every width.
    add(("RPUSH", "list:small", "a", "1", "-1", "300", "70000", "6000000000", "", "x" * 100,
         bytes([0, 255, 10])))
    add(("RPUSH", "list:big") + tuple("e%d%s" % (i, "y" * (i % 20)) for i in range(2000)))
    add(("RPUSH", "list:hugeelem", "before", "z" * 9000, "after"))
    add(("RPUSH", "list:ints") + tuple(str(v) for v in
        [0, 127, 128, -4096, 4095, 32767, -32768, 8388607, -8388608, 2147483647,
         -2147483648, 9223372036854775807, -9223372036854775808]))
    # Hashes: listpack, too many fields, too long a value.
    add(("HSET", "hash:small", "a", "1", "b", "", "c", "hello", "-5", "6000000000"))
    add(("HSET", "hash:big") + tuple(x for i in range(600) for x in ("f%d" % i, "v%d" % i)))
    add(("HSET", "hash:longval", "short", "v", "long", "L" * 100, "n", "1"))
    # Sets: intsets of each width, strings, too many integers.
    add(("SADD", "set:int16", "1", "2", "3", "-5"))
    add(("SADD", "set:int32", "100000", "-200000", "3"))
    add(("SADD", "set:int64", "5000000000", "-1", "9223372036854775807"))
    add(("SADD", "set:strs", "a", "b", "c", "10"))
    add(("SADD", "set:bigints") + tuple(str(i * 3) for i in range(600)))
    add(("SADD", "set:noncanonical", "01", "1", "-0"))
    # Sorted sets: listpack with special scores, skiplist by size, skiplist by member length.
    add(("ZADD", "zset:small", 1, "one", 2.5, "two-and-half", -3, "minus-three", "inf", "pinf",
         "-inf", "ninf", 0, "zero", "-0", "negzero", 1e-300, "tiny", 0.1, "tenth",
         123456789012, "bigint", 1.5e300, "huge"))
    add(("ZADD", "zset:big") + tuple(x for i in range(200) for x in (i / 7.0 - 10, "m%d" % i)))
    add(("ZADD", "zset:big", "inf", "pinf", "-inf", "ninf", "-0", "negzero", 0, "zero"))
    add(("ZADD", "zset:longmember", 1, "short", 2, "M" * 100))
    # Other databases.
    add(("SELECT", 1))
    add(("SET", "db1:str", "in db 1"))
    add(("RPUSH", "db1:list", "x"))
    add(("SET", "db1:ttl", "soon-ish", "PXAT", FAR))
    add(("SELECT", 15))
    add(("SET", "db15:last", "in the last database"))
    add(("SELECT", 0))
    for c in cmds:
        r.send(*c)
    for c in cmds:
        r.read()


def hexs(b):
    return "x" + b.hex()


def readable(b):
    s = b.decode("latin-1")
    s = s if len(s) <= 40 else s[:40] + "..."
    return repr(s)


def dump(r, path, origin):
    """Writes what the server holds, in the .txt format above."""
    lines = ["# Generated by scripts/rdb_fixtures.py: what redis-server 7.0 holds after loading",
             "# " + origin]
    ndb = int(r.call("CONFIG", "GET", "databases")[1])
    for db in range(ndb):
        r.call("SELECT", db)
        for key in sorted(r.call("KEYS", "*")):
            kind = r.call("TYPE", key).decode()
            pexp = r.call("PEXPIRETIME", key)
            enc = r.call("OBJECT", "ENCODING", key).decode()
            lines.append("key %d %s %d %s %s  # %s" % (db, kind, pexp, enc, hexs(key), readable(key)))
            if kind == "string":
                v = r.call("GET", key)
                lines.append("str %s  # %s" % (hexs(v), readable(v)))
            elif kind == "list":
                for v in r.call("LRANGE", key, 0, -1):
                    lines.append("item %s  # %s" % (hexs(v), readable(v)))
            elif kind == "hash":
                flat = r.call("HGETALL", key)
                for f, v in sorted(zip(flat[::2], flat[1::2])):
                    lines.append("field %s %s  # %s" % (hexs(f), hexs(v), readable(f)))
            elif kind == "set":
                for m in sorted(r.call("SMEMBERS", key)):
                    lines.append("member %s  # %s" % (hexs(m), readable(m)))
            elif kind == "zset":
                flat = r.call("ZRANGE", key, 0, -1, "WITHSCORES")
                for m, s in zip(flat[::2], flat[1::2]):
                    lines.append("zmember %s %s  # %s" % (hexs(m), s.decode(), readable(m)))
            else:
                raise RuntimeError("unexpected type %s" % kind)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redis", default="/usr/bin/redis-server")
    ap.add_argument("--assets", help="Redis source tests/assets directory (old-format files)")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="rdb-fixtures-")
    try:
        variants = [
            ("all-types.rdb", []),
            ("all-types-uncompressed-nochecksum.rdb", ["--rdbcompression", "no", "--rdbchecksum", "no"]),
            ("all-types-compressed-nodes.rdb", ["--list-compress-depth", "1", "--list-max-listpack-size", "4"]),
        ]
        for name, extra in variants:
            srv = Server(args.redis, tmp, name, extra)
            try:
                populate(srv.client)
                srv.client.call("SAVE")
            finally:
                srv.stop()
            shutil.copy(os.path.join(tmp, name), os.path.join(OUT, name))
            print("wrote", name, file=sys.stderr)
        fixtures = [(name, "saved by redis-server 7.0 (%s)" % (" ".join(extra) or "default config"))
                    for name, extra in variants]
        if args.assets:
            for name, what in ASSETS.items():
                shutil.copy(os.path.join(args.assets, name), os.path.join(OUT, name))
                fixtures.append((name, "from Redis 7.0.15 tests/assets/%s: %s" % (name, what)))
            # Redis refuses this one (a ziplist entry overruns its list); so must we.
            shutil.copy(os.path.join(args.assets, "corrupt_ziplist.rdb"), os.path.join(OUT, "corrupt_ziplist.rdb"))
        for name, origin in fixtures:
            shutil.copy(os.path.join(OUT, name), os.path.join(tmp, name))
            srv = Server(args.redis, tmp, name)
            # The all-types variants hold the same data: one description serves them all.
            shared = name.startswith("all-types")
            txt = "all-types.txt" if shared else name[:-4] + ".txt"
            if shared and name != "all-types.rdb":
                txt = os.path.join(tmp, "check.txt")
                origin = fixtures[0][1]
            try:
                dump(srv.client, os.path.join(OUT, txt), origin)
            finally:
                srv.stop()
            if shared and name != "all-types.rdb":
                with open(txt) as a, open(os.path.join(OUT, "all-types.txt")) as b:
                    if a.read() != b.read():
                        raise RuntimeError("%s does not hold the same data as all-types.rdb" % name)
            print("described", name, file=sys.stderr)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
