#!/usr/bin/env python3
"""Generate src/commands/docs_gen.rs from Redis's command metadata (src/commands/*.json).

The output holds, for every Redis command and subcommand, what COMMAND INFO and COMMAND DOCS
report: summary, since, group, complexity, doc flags, deprecation, history, arguments, key
specs, command flags, ACL categories, tips, arity and subcommands. ferrokv's COMMAND serves it
filtered to the commands ferrokv implements, so adding a command needs no regeneration.

The data is computed the way Redis 7.0 builds its command table at startup:
utils/generate-command-code.py (JSON -> commands.c, including its C string quoting),
populateCommandStructure / setImplicitACLCategories / populateCommandLegacyRangeSpec
(implicit ACL categories, the legacy first/last/step triple and the movablekeys flag) and the
reply tables of addReplyFlagsForCommand, addReplyFlagsForKeyArgs and addReplyCommandCategories
(the order flags are printed in).

Usage: python3 scripts/gen-command-docs.py [REDIS_SRC_DIR] [OUTPUT]
  REDIS_SRC_DIR defaults to /tmp/redis/redis-7.0.15 (a Redis 7.0.15 source tree),
  OUTPUT defaults to src/commands/docs_gen.rs next to this script's repository.
"""

import glob
import json
import os
import re
import sys

# Command flags in the order COMMAND INFO prints them (server.c addReplyFlagsForCommand).
# MAY_REPLICATE, SENTINEL, ONLY_SENTINEL, PROTECTED and TOUCHES_ARBITRARY_KEYS are hidden.
COMMAND_FLAGS = [
    ("WRITE", "write"),
    ("READONLY", "readonly"),
    ("DENYOOM", "denyoom"),
    ("MODULE", "module"),
    ("ADMIN", "admin"),
    ("PUBSUB", "pubsub"),
    ("NOSCRIPT", "noscript"),
    ("BLOCKING", "blocking"),
    ("LOADING", "loading"),
    ("STALE", "stale"),
    ("SKIP_MONITOR", "skip_monitor"),
    ("SKIP_SLOWLOG", "skip_slowlog"),
    ("ASKING", "asking"),
    ("FAST", "fast"),
    ("NO_AUTH", "no_auth"),
    ("NO_MANDATORY_KEYS", "no_mandatory_keys"),
    ("NO_ASYNC_LOADING", "no_async_loading"),
    ("NO_MULTI", "no_multi"),
    ("MOVABLE_KEYS", "movablekeys"),
    ("ALLOW_BUSY", "allow_busy"),
]
HIDDEN_FLAGS = {"MAY_REPLICATE", "SENTINEL", "ONLY_SENTINEL", "PROTECTED", "TOUCHES_ARBITRARY_KEYS"}

# ACL categories in the order COMMAND INFO prints them (acl.c ACLCommandCategories).
ACL_CATEGORIES = [
    "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
    "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
    "connection", "transaction", "scripting",
]

# Key spec flags in the order COMMAND INFO prints them (server.c addReplyFlagsForKeyArgs).
KEY_FLAGS = [
    ("RO", "RO"), ("RW", "RW"), ("OW", "OW"), ("RM", "RM"), ("ACCESS", "access"),
    ("UPDATE", "update"), ("INSERT", "insert"), ("DELETE", "delete"), ("NOT_KEY", "not_key"),
    ("INCOMPLETE", "incomplete"), ("VARIABLE_FLAGS", "variable_flags"),
]

DOC_FLAGS = [("DEPRECATED", "deprecated"), ("SYSCMD", "syscmd")]

# COMMAND_GROUP_STR in server.c.
GROUP_NAMES = {"sorted_set": "sorted-set"}

ARG_TYPES = {"string", "integer", "double", "key", "pattern", "unix-time", "pure-token", "oneof", "block"}


def c_string(text):
    """What Redis's generator makes of a string: it pastes the raw JSON text between double
    quotes into commands.c, so the C compiler's reading of that literal is what Redis serves
    (e.g. MIGRATE's token `""` becomes `""""`, i.e. the empty string)."""
    literal = '"%s"' % text.replace("\n", "\\n")
    out = []
    i = 0
    while i < len(literal):
        assert literal[i] == '"', "bad C literal %r" % literal
        i += 1
        while literal[i] != '"':
            if literal[i] == "\\":
                nxt = literal[i + 1]
                out.append({"n": "\n", "t": "\t", "\\": "\\", '"': '"', "r": "\r"}[nxt])
                i += 2
            else:
                out.append(literal[i])
                i += 1
        i += 1
        while i < len(literal) and literal[i] in " \t":
            i += 1
    return "".join(out)


def optional(desc, field, upper=False):
    """get_optional_desc_string: absent or empty means NULL (the field is not reported)."""
    v = desc.get(field)
    if not v:
        return None
    if upper:
        v = v.upper()
    return c_string(v)


def ordered(names, table, what):
    known = {k for k, _ in table}
    for n in names:
        assert n in known, "unknown %s %s" % (what, n)
    return [out for k, out in table if k in names]


def rust_str(s):
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def rust_opt(s):
    return "None" if s is None else "Some(%s)" % rust_str(s)


def rust_strs(items):
    return "&[%s]" % ", ".join(rust_str(s) for s in items)


class Cmd:
    def __init__(self, name, desc, container=None):
        self.name = name.lower()
        self.desc = desc
        self.container = container
        self.fullname = "%s|%s" % (container.lower(), self.name) if container else self.name
        self.subcommands = []

    def flag_names(self):
        return self.desc.get("command_flags", [])

    def key_specs(self):
        return self.desc.get("key_specs", [])

    def legacy_range_and_movable(self):
        """populateCommandLegacyRangeSpec: (first, last, step) as COMMAND INFO prints them,
        and whether the command gets the movablekeys flag."""
        specs = self.key_specs()
        if not specs:
            return (0, 0, 0), False

        def is_index_range(s):
            return "index" in s["begin_search"] and "range" in s["find_keys"]

        if len(specs) == 1 and is_index_range(specs[0]):
            s = specs[0]
            pos = s["begin_search"]["index"]["pos"]
            rng = s["find_keys"]["range"]
            last = rng["lastkey"]
            return (pos, last + pos if last >= 0 else last, rng["step"]), "INCOMPLETE" in s["flags"]

        movable = False
        firstkey, lastkey, prev_lastkey = None, 0, 0
        for s in specs:
            if not is_index_range(s):
                movable = True
                continue
            pos = s["begin_search"]["index"]["pos"]
            rng = s["find_keys"]["range"]
            if rng["step"] != 1 or (prev_lastkey and prev_lastkey != pos - 1):
                movable = True
                continue
            if "INCOMPLETE" in s["flags"]:
                movable = True
            firstkey = pos if firstkey is None else min(firstkey, pos)
            last_abs = rng["lastkey"]
            if last_abs >= 0:
                last_abs += pos
            # Redis compares as unsigned, so a negative (relative to the end) last key wins.
            lastkey = max(lastkey, last_abs, key=lambda v: v & 0xFFFFFFFF)
            prev_lastkey = lastkey
        if firstkey is None:
            return (0, 0, 0), True
        # The stored range is relative to firstkey; COMMAND INFO makes it absolute again.
        return (firstkey, lastkey, 1), movable

    def reply_flags(self):
        names = set(self.flag_names())
        for n in names:
            assert n in HIDDEN_FLAGS or n in dict(COMMAND_FLAGS), "unknown flag %s" % n
        _, movable = self.legacy_range_and_movable()
        if movable:
            names.add("MOVABLE_KEYS")
        return ordered(names - HIDDEN_FLAGS, COMMAND_FLAGS, "command flag")

    def acl_categories(self):
        """The declared categories plus setImplicitACLCategories's."""
        cats = {c.lower() for c in self.desc.get("acl_categories", [])}
        flags = set(self.flag_names())
        if "WRITE" in flags:
            cats.add("write")
        if "READONLY" in flags and "scripting" not in cats:
            cats.add("read")
        if "ADMIN" in flags:
            cats |= {"admin", "dangerous"}
        if "PUBSUB" in flags:
            cats.add("pubsub")
        if "FAST" in flags:
            cats.add("fast")
        if "BLOCKING" in flags:
            cats.add("blocking")
        if "fast" not in cats:
            cats.add("slow")
        for c in cats:
            assert c in ACL_CATEGORIES, "unknown ACL category %s" % c
        return [c for c in ACL_CATEGORIES if c in cats]

    def group(self):
        return GROUP_NAMES.get(self.desc["group"], self.desc["group"])


def emit_key_spec(spec):
    flags = ordered(spec.get("flags", []), KEY_FLAGS, "key spec flag")
    bs = spec["begin_search"]
    if "index" in bs:
        begin = "BeginSearch::Index(%d)" % bs["index"]["pos"]
    elif "keyword" in bs:
        begin = "BeginSearch::Keyword { keyword: %s, startfrom: %d }" % (
            rust_str(c_string(bs["keyword"]["keyword"])), bs["keyword"]["startfrom"])
    elif "unknown" in bs:
        begin = "BeginSearch::Unknown"
    else:
        raise ValueError("bad begin_search %r" % bs)
    fk = spec["find_keys"]
    if "range" in fk:
        r = fk["range"]
        find = "FindKeys::Range { lastkey: %d, keystep: %d, limit: %d }" % (r["lastkey"], r["step"], r["limit"])
    elif "keynum" in fk:
        k = fk["keynum"]
        find = "FindKeys::Keynum { keynumidx: %d, firstkey: %d, keystep: %d }" % (
            k["keynumidx"], k["firstkey"], k["step"])
    elif "unknown" in fk:
        find = "FindKeys::Unknown"
    else:
        raise ValueError("bad find_keys %r" % fk)
    return "KeySpec { notes: %s, flags: %s, begin_search: %s, find_keys: %s }" % (
        rust_opt(optional(spec, "notes")), rust_strs(flags), begin, find)


def emit_args(args, indent):
    if not args:
        return "&[]"
    pad = " " * indent
    lines = ["&["]
    for a in args:
        assert a["type"] in ARG_TYPES, a
        flags = []
        if a.get("optional"):
            flags.append("optional")
        if a.get("multiple"):
            flags.append("multiple")
        if a.get("multiple_token"):
            assert a.get("multiple")
            flags.append("multiple_token")
        sub = a.get("arguments", []) if a["type"] in ("oneof", "block") else []
        lines.append(
            "%s    Arg { name: %s, kind: %s, key_spec_index: %d, token: %s, summary: %s, since: %s, "
            "flags: %s, deprecated_since: %s, arguments: %s },"
            % (pad, rust_str(c_string(a["name"].lower())), rust_str(a["type"]), a.get("key_spec_index", -1),
               rust_opt(optional(a, "token", upper=True)), rust_opt(optional(a, "summary")),
               rust_opt(optional(a, "since")), rust_strs(flags), rust_opt(optional(a, "deprecated_since")),
               emit_args(sub, indent + 4)))
    lines.append(pad + "]")
    return "\n".join(lines)


def emit_command(cmd, indent):
    d = cmd.desc
    pad = " " * indent
    first, last, step = cmd.legacy_range_and_movable()[0]
    history = ", ".join("(%s, %s)" % (rust_str(c_string(s)), rust_str(c_string(c))) for s, c in d.get("history") or [])
    specs = cmd.key_specs()
    fields = [
        ("name", rust_str(cmd.name)),
        ("fullname", rust_str(cmd.fullname)),
        ("summary", rust_opt(optional(d, "summary"))),
        ("since", rust_opt(optional(d, "since"))),
        ("group", rust_str(cmd.group())),
        ("complexity", rust_opt(optional(d, "complexity"))),
        ("doc_flags", rust_strs(ordered(d.get("doc_flags", []), DOC_FLAGS, "doc flag"))),
        ("deprecated_since", rust_opt(optional(d, "deprecated_since"))),
        ("replaced_by", rust_opt(optional(d, "replaced_by"))),
        ("history", "&[%s]" % history),
        ("arity", str(d["arity"])),
        ("flags", rust_strs(cmd.reply_flags())),
        ("acl_categories", rust_strs(cmd.acl_categories())),
        ("tips", rust_strs([c_string(t.lower()) for t in d.get("command_tips", [])])),
        ("legacy_keys", "(%d, %d, %d)" % (first, last, step)),
        ("key_specs", "&[%s]" % "".join("\n%s        %s," % (pad, emit_key_spec(s)) for s in specs)
         + ("\n%s    " % pad if specs else "")),
        ("arguments", emit_args(d.get("arguments", []), indent + 4)),
    ]
    if cmd.subcommands:
        subs = "&[\n%s%s    ]" % ("".join(emit_command(s, indent + 8) for s in cmd.subcommands), pad)
    else:
        subs = "&[]"
    fields.append(("subcommands", subs))
    body = "".join("%s    %s: %s,\n" % (pad, k, v) for k, v in fields)
    return "%sCommandDoc {\n%s%s},\n" % (pad, body, pad)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else "/tmp/redis/redis-7.0.15"
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "src", "commands", "docs_gen.rs")
    files = sorted(glob.glob(os.path.join(src, "src", "commands", "*.json")))
    if not files:
        sys.exit("no command JSON files under %s/src/commands" % src)
    version = "unknown"
    vh = os.path.join(src, "src", "version.h")
    if os.path.exists(vh):
        m = re.search(r'REDIS_VERSION "([^"]+)"', open(vh).read())
        if m:
            version = m.group(1)

    commands, subs = {}, {}
    for fn in files:
        with open(fn) as f:
            for name, desc in json.load(f).items():
                # Redis drops sentinel-only commands when not running as a sentinel.
                if "ONLY_SENTINEL" in desc.get("command_flags", []):
                    continue
                if desc.get("container"):
                    c = Cmd(name, desc, desc["container"])
                    subs.setdefault(desc["container"].lower(), []).append(c)
                else:
                    commands[name.lower()] = Cmd(name, desc)
    for container, children in subs.items():
        parent = commands.get(container)
        if parent is None:
            continue  # e.g. SENTINEL's subcommands
        for c in children:
            c.desc = dict(c.desc, group=parent.desc["group"])
        parent.subcommands = sorted(children, key=lambda c: c.name)

    ordered_cmds = sorted(commands.values(), key=lambda c: c.name)
    nsubs = sum(len(c.subcommands) for c in ordered_cmds)
    with open(out, "w") as f:
        f.write("// @generated by scripts/gen-command-docs.py from Redis %s's src/commands/*.json.\n" % version)
        f.write("// Do not edit. Regenerate with:\n")
        f.write("//     python3 scripts/gen-command-docs.py /path/to/redis-%s\n" % version)
        f.write("// %d commands, %d subcommands; sorted by name (COMMAND looks them up by binary search).\n\n"
                % (len(ordered_cmds), nsubs))
        f.write("use super::command::{Arg, BeginSearch, CommandDoc, FindKeys, KeySpec};\n\n")
        f.write("pub static REDIS_VERSION: &str = %s;\n\n" % rust_str(version))
        f.write("pub static DOCS: &[CommandDoc] = &[\n")
        for c in ordered_cmds:
            f.write(emit_command(c, 4))
        f.write("];\n")
    print("wrote %s: %d commands, %d subcommands" % (out, len(ordered_cmds), nsubs))


if __name__ == "__main__":
    main()
