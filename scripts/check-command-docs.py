#!/usr/bin/env python3
"""Compare ferrokv's COMMAND INFO / COMMAND DOCS data with a real Redis, for every command.

Dumps ferrokv's replies for every Redis command and subcommand (served or not) with the ignored
unit test `dump_docs_for_comparison`, asks a running redis-server the same (COMMAND INFO name,
COMMAND DOCS name, in RESP2 and after HELLO 3), and reports every difference. Entries without
subcommands must match byte for byte; for containers the subcommand lists are compared by name,
since Redis prints them in its hash table's random order (and ferrokv lists only the ones it
serves for CLIENT, CONFIG and COMMAND, which are reported as notes).

Usage: python3 scripts/check-command-docs.py REDIS_PORT   (redis-server 7.0.x on 127.0.0.1)
"""

import os
import socket
import subprocess
import sys
import tempfile


def encode(args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


def parse(buf, i=0):
    """Returns ((type, value), next index) for the RESP2/RESP3 reply at buf[i:]."""
    end = buf.index(b"\r\n", i)
    t, rest = buf[i:i + 1], buf[i + 1:end]
    i = end + 2
    if t in b"+-:_,#(":
        return (t, rest), i
    if t in b"$=!":
        n = int(rest)
        if n < 0:
            return (t, None), i
        return (t, buf[i:i + n]), i + n + 2
    if t in b"*%~>":
        n = int(rest)
        if n < 0:
            return (t, None), i
        if t == b"%":
            n *= 2
        items = []
        for _ in range(n):
            item, i = parse(buf, i)
            items.append(item)
        return (t, items), i
    raise ValueError("bad reply %r" % buf[i - 10:i + 10])


class Conn:
    def __init__(self, port, resp3):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.buf = b""
        if resp3:
            self.cmd(["HELLO", "3"])

    def cmd(self, args):
        self.s.sendall(encode(args))
        while True:
            try:
                reply, n = parse(self.buf)
                self.buf = self.buf[n:]
                return reply
            except (ValueError, IndexError):
                pass
            chunk = self.s.recv(1 << 20)
            if not chunk:
                raise EOFError
            self.buf += chunk


def serialize(node):
    t, v = node
    if v is None:
        return t + b"-1\r\n"
    if t in b"+-:_,#(":
        return t + v + b"\r\n"
    if t in b"$=!":
        return t + b"%d\r\n" % len(v) + v + b"\r\n"
    n = len(v) // 2 if t == b"%" else len(v)
    return t + b"%d\r\n" % n + b"".join(serialize(x) for x in v)


def split_subcommands(kind, node):
    """(the entry without its subcommands, the subcommand names or None)."""
    t, items = node
    if kind == "INFO":
        st, subs = items[9]
        names = sorted(s[1][0][1] for s in subs) if subs else None
        return (t, items[:9]), (st if subs else None, names)
    pairs = list(zip(items[::2], items[1::2]))
    for j, (k, v) in enumerate(pairs):
        if k[1] == b"subcommands":
            names = sorted(x[1] for x in v[1][::2])
            rest = [x for p in pairs[:j] + pairs[j + 1:] for x in p]
            return (t, rest), (v[0], names)
    return node, None


def main():
    port = int(sys.argv[1])
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as f:
        dump = f.name
    env = dict(os.environ, FERROKV_DOCS_DUMP=dump)
    subprocess.run(["cargo", "test", "--release", "--lib", "--", "--ignored", "--exact",
                    "commands::command::tests::dump_docs_for_comparison"],
                   cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    conns = {2: Conn(port, False), 3: Conn(port, True)}
    same = differ = notes = 0
    for line in open(dump):
        name, kind, proto, hexbytes = line.rstrip("\n").split("\t")
        ours_bytes = bytes.fromhex(hexbytes)
        ours, _ = parse(ours_bytes)
        reply = conns[int(proto)].cmd(["COMMAND", kind, name])
        if kind == "INFO":
            theirs = reply[1][0]
        else:
            if not reply[1]:
                print("MISSING in Redis: %s" % name)
                differ += 1
                continue
            theirs = reply[1][1]
        if theirs[1] is None:
            print("MISSING in Redis: %s" % name)
            differ += 1
            continue
        ours_main, ours_subs = split_subcommands(kind, ours)
        theirs_main, theirs_subs = split_subcommands(kind, theirs)
        if serialize(ours_main) != serialize(theirs_main):
            differ += 1
            print("DIFF %s %s RESP%s\n  ferrokv: %r\n  redis:   %r" % (
                kind, name, proto, serialize(ours_main), serialize(theirs_main)))
        elif ours_subs != theirs_subs:
            if ours_subs and theirs_subs and ours_subs[0] == theirs_subs[0] \
                    and set(ours_subs[1]) < set(theirs_subs[1]):
                notes += 1
                print("note: %s %s RESP%s lists the served subset of subcommands %s" % (
                    kind, name, proto, [s.decode() for s in ours_subs[1]]))
            else:
                differ += 1
                print("DIFF subcommands %s %s RESP%s: ferrokv %r, redis %r" % (
                    kind, name, proto, ours_subs, theirs_subs))
        else:
            if ours_subs is None and ours_bytes != serialize(theirs):
                differ += 1
                print("DIFF bytes %s %s RESP%s" % (kind, name, proto))
            else:
                same += 1
    os.unlink(dump)
    print("%d replies identical, %d differ, %d notes" % (same, differ, notes))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
