//! COMMAND and its subcommands (COUNT, LIST, INFO, DOCS, GETKEYS, GETKEYSANDFLAGS, HELP): the
//! introspection clients use at connect time and redis-cli uses for hints and `help <cmd>`.
//!
//! Everything reported comes from Redis 7.0's own command metadata, generated into `docs_gen.rs`
//! by `scripts/gen-command-docs.py` for every Redis command, and is filtered here to the commands
//! ferrokv's table serves. So COMMAND INFO shows Redis's arity, flags, ACL categories and key
//! specs for a command as soon as a family adds it to its table; nothing is listed per command.
//! A ferrokv command Redis doesn't have is described from its own table row instead.
//!
//! Redis prints commands in its hash table's order, which is random per process; ferrokv prints
//! them sorted by name (subcommands too), which Redis could equally have produced.

use super::docs_gen::DOCS;
use super::flags::*;
use super::{Args, Command, Ctx, arity_ok, sub_arity_ok};
use crate::db::glob;
use crate::proto::errors;
use crate::proto::num::parse_i64;
use crate::proto::reply::Reply;

/// Redis's metadata for one command or subcommand (`struct redisCommand` as COMMAND sees it).
pub struct CommandDoc {
    /// The declared name, lowercase: `get`, or `get` for CONFIG GET.
    pub name: &'static str,
    /// `get`, or `config|get` for a subcommand.
    pub fullname: &'static str,
    pub summary: Option<&'static str>,
    pub since: Option<&'static str>,
    pub group: &'static str,
    pub complexity: Option<&'static str>,
    pub doc_flags: &'static [&'static str],
    pub deprecated_since: Option<&'static str>,
    pub replaced_by: Option<&'static str>,
    /// (version, change) pairs.
    pub history: &'static [(&'static str, &'static str)],
    pub arity: i32,
    /// Command flags as COMMAND INFO prints them, in its order (movablekeys included).
    pub flags: &'static [&'static str],
    /// ACL categories without the `@`, implicit ones included, in Redis's order.
    pub acl_categories: &'static [&'static str],
    pub tips: &'static [&'static str],
    /// The legacy (first key, last key, step) triple, as COMMAND INFO prints it.
    pub legacy_keys: (i32, i32, i32),
    pub key_specs: &'static [KeySpec],
    pub arguments: &'static [Arg],
    /// Sorted by name.
    pub subcommands: &'static [CommandDoc],
}

/// One key specification: where a command's keys are and how it accesses them.
pub struct KeySpec {
    pub notes: Option<&'static str>,
    /// In COMMAND INFO's order: RO, RW, OW, RM, access, update, insert, delete, not_key,
    /// incomplete, variable_flags.
    pub flags: &'static [&'static str],
    pub begin_search: BeginSearch,
    pub find_keys: FindKeys,
}

pub enum BeginSearch {
    Unknown,
    Index(i32),
    Keyword {
        keyword: &'static str,
        startfrom: i32,
    },
}

pub enum FindKeys {
    Unknown,
    Range {
        lastkey: i32,
        keystep: i32,
        limit: i32,
    },
    Keynum {
        keynumidx: i32,
        firstkey: i32,
        keystep: i32,
    },
}

/// One documented argument (COMMAND DOCS), possibly a `oneof` or `block` of nested ones.
pub struct Arg {
    pub name: &'static str,
    /// string, integer, double, key, pattern, unix-time, pure-token, oneof, block.
    pub kind: &'static str,
    /// -1 when the argument is not a key.
    pub key_spec_index: i32,
    pub token: Option<&'static str>,
    pub summary: Option<&'static str>,
    pub since: Option<&'static str>,
    /// optional, multiple, multiple_token.
    pub flags: &'static [&'static str],
    pub deprecated_since: Option<&'static str>,
    pub arguments: &'static [Arg],
}

pub static COMMANDS: &[Command] = &[Command {
    name: "command",
    arity: -1,
    flags: LOADING | STALE,
    keys: (0, 0, 0),
    group: "server",
    syntax: "COMMAND [COUNT|LIST [FILTERBY MODULE|ACLCAT|PATTERN x]|INFO [name ...]|DOCS [name ...]|GETKEYS cmd [arg ...]|GETKEYSANDFLAGS cmd [arg ...]|HELP]",
    handler: command,
}];

/// The subcommands COMMAND serves (see `super::served_subcommands`).
pub const SUBCOMMANDS: (&str, &[&str]) = (
    "command",
    &[
        "count",
        "docs",
        "getkeys",
        "getkeysandflags",
        "help",
        "info",
        "list",
    ],
);

const HELP: &[&str] = &[
    "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
    "HELP",
    "    Prints this help.",
];

/// ACL categories in the order Redis prints them (acl.c `ACLCommandCategories`).
const ACL_CATEGORIES: &[&str] = &[
    "keyspace",
    "read",
    "write",
    "set",
    "sortedset",
    "list",
    "hash",
    "string",
    "bitmap",
    "hyperloglog",
    "geo",
    "stream",
    "pubsub",
    "admin",
    "fast",
    "slow",
    "blocking",
    "dangerous",
    "connection",
    "transaction",
    "scripting",
];

/// ferrokv's flags in the order COMMAND INFO prints them (server.c `addReplyFlagsForCommand`).
const OWN_FLAG_ORDER: &[u32] = &[
    WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, FAST, NO_AUTH,
    NO_MULTI,
];

/// Redis's metadata for a top-level command, by lowercase name.
pub fn redis_doc(name: &str) -> Option<&'static CommandDoc> {
    DOCS.binary_search_by(|d| d.name.cmp(name))
        .ok()
        .map(|i| &DOCS[i])
}

/// A command or subcommand as COMMAND reports it.
#[derive(Clone, Copy)]
pub enum Entry {
    /// Served by ferrokv and documented by Redis.
    Redis(&'static CommandDoc),
    /// A ferrokv command Redis doesn't have, described from its table row.
    Own(&'static Command),
}

impl Entry {
    /// The entry for a command of ferrokv's table.
    pub fn of(c: &'static Command) -> Entry {
        match redis_doc(c.name) {
            Some(d) => Entry::Redis(d),
            None => Entry::Own(c),
        }
    }

    pub fn fullname(self) -> &'static str {
        match self {
            Entry::Redis(d) => d.fullname,
            Entry::Own(c) => c.name,
        }
    }

    pub fn arity(self) -> i32 {
        match self {
            Entry::Redis(d) => d.arity,
            Entry::Own(c) => c.arity,
        }
    }

    /// The subcommands ferrokv serves, sorted by name; empty for a plain command.
    pub fn subcommands(self) -> Vec<&'static CommandDoc> {
        let Entry::Redis(d) = self else {
            return Vec::new();
        };
        match super::served_subcommands(d.name) {
            Some(served) => d
                .subcommands
                .iter()
                .filter(|s| served.contains(&s.name))
                .collect(),
            None => d.subcommands.iter().collect(),
        }
    }

    fn acl_categories(self) -> Vec<&'static str> {
        match self {
            Entry::Redis(d) => d.acl_categories.to_vec(),
            Entry::Own(c) => own_acl_categories(c.flags),
        }
    }

    /// Whether Redis's metadata gives the (sub)command this flag (`admin`, `write`,
    /// `readonly`); for a command of ferrokv's own, its table row's flags say.
    pub fn flagged(self, name: &str) -> bool {
        match self {
            Entry::Redis(d) => d.flags.contains(&name),
            Entry::Own(c) => {
                let bit = match name {
                    "admin" => ADMIN,
                    "write" => WRITE,
                    "readonly" => READONLY,
                    _ => 0,
                };
                c.flags & bit != 0
            }
        }
    }

    fn has_flag(self, name: &str) -> bool {
        match self {
            Entry::Redis(d) => d.flags.contains(&name),
            Entry::Own(_) => false,
        }
    }
}

/// Redis's implicit categories (server.c `setImplicitACLCategories`) for a command without
/// declared ones.
fn own_acl_categories(flags: u32) -> Vec<&'static str> {
    let mut cats = Vec::new();
    let on = |f: u32| flags & f != 0;
    for &cat in ACL_CATEGORIES {
        let yes = match cat {
            "write" => on(WRITE),
            "read" => on(READONLY),
            "admin" | "dangerous" => on(ADMIN),
            "pubsub" => on(PUBSUB),
            "fast" => on(FAST),
            "slow" => !on(FAST),
            "blocking" => on(BLOCKING),
            _ => false,
        };
        if yes {
            cats.push(cat);
        }
    }
    cats
}

/// Every top-level command ferrokv serves, sorted by name.
fn all_entries() -> Vec<Entry> {
    let mut all: Vec<Entry> = super::table().map(Entry::of).collect();
    all.sort_by_key(|e| e.fullname());
    all
}

/// Finds a command by name as COMMAND INFO and DOCS do (`lookupCommandBySds`): `name` or
/// `container|subcommand`, case-insensitively, only among the commands ferrokv serves.
pub fn lookup_by_name(name: &[u8]) -> Option<Entry> {
    let mut parts = name.split(|&b| b == b'|');
    let top = parts.next()?;
    let sub = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let entry = Entry::of(super::lookup(top)?);
    match sub {
        None => Some(entry),
        Some(sub) => find_sub(entry, sub),
    }
}

fn find_sub(entry: Entry, sub: &[u8]) -> Option<Entry> {
    entry
        .subcommands()
        .into_iter()
        .find(|s| s.name.as_bytes().eq_ignore_ascii_case(sub))
        .map(Entry::Redis)
}

/// Finds the command a full command line would run, as COMMAND GETKEYS does (`lookupCommand`):
/// a container's subcommand when there is a second argument.
pub fn lookup_for_call(argv: &[&[u8]]) -> Option<Entry> {
    let entry = Entry::of(super::lookup(argv.first()?)?);
    if argv.len() == 1 || entry.subcommands().is_empty() {
        return Some(entry);
    }
    find_sub(entry, argv[1])
}

fn command(ctx: &mut Ctx, args: &Args) {
    if args.len() == 1 {
        return info_all(ctx.out);
    }
    let doc = redis_doc("command").and_then(|d| {
        d.subcommands
            .iter()
            .find(|s| SUBCOMMANDS.1.contains(&s.name) && args.is(1, s.name))
    });
    let Some(sub) = doc else {
        return super::unknown_subcommand(ctx, args, "command");
    };
    if !sub_arity_ok(ctx, args, sub.arity, sub.fullname) {
        return;
    }
    match sub.name {
        "count" => ctx.out.int(super::table().count() as i64),
        "list" => list(ctx, args),
        "info" if args.len() == 2 => info_all(ctx.out),
        "info" => {
            ctx.out.array(args.len() - 2);
            for name in args.iter().skip(2) {
                match lookup_by_name(name) {
                    Some(e) => info(ctx.out, e),
                    // addReplyNull: `$-1` in RESP2, as Redis 7.0 sends it here.
                    None => ctx.out.null(),
                }
            }
        }
        "docs" => {
            let entries: Vec<Entry> = if args.len() == 2 {
                all_entries()
            } else {
                args.iter().skip(2).filter_map(lookup_by_name).collect()
            };
            ctx.out.map(entries.len());
            for e in entries {
                ctx.out.bulk(e.fullname().as_bytes());
                docs(ctx.out, e);
            }
        }
        "getkeys" => getkeys(ctx, args, false),
        "getkeysandflags" => getkeys(ctx, args, true),
        "help" => {
            ctx.out.array(HELP.len());
            for line in HELP {
                ctx.out.simple(line);
            }
        }
        _ => super::unknown_subcommand(ctx, args, "command"),
    }
}

fn info_all(out: &mut Reply) {
    let all = all_entries();
    out.array(all.len());
    for e in all {
        info(out, e);
    }
}

/// COMMAND LIST [FILTERBY MODULE name|ACLCAT category|PATTERN pattern]
fn list(ctx: &mut Ctx, args: &Args) {
    enum Filter<'a> {
        None,
        Module,
        AclCat(Option<&'static str>),
        Pattern(&'a [u8]),
    }
    let mut filter = Filter::None;
    let mut i = 2;
    while i < args.len() {
        // Like Redis, FILTERBY must be followed by exactly two arguments.
        if !(args.is(i, "filterby") && args.len() - 1 - i == 2) {
            return ctx.out.error(errors::SYNTAX);
        }
        let arg = args.get(i + 2);
        filter = if args.is(i + 1, "module") {
            Filter::Module
        } else if args.is(i + 1, "aclcat") {
            Filter::AclCat(
                ACL_CATEGORIES
                    .iter()
                    .find(|c| c.as_bytes().eq_ignore_ascii_case(arg))
                    .copied(),
            )
        } else if args.is(i + 1, "pattern") {
            Filter::Pattern(arg)
        } else {
            return ctx.out.error(errors::SYNTAX);
        };
        i += 3;
    }
    let keep = |e: Entry| match filter {
        Filter::None => true,
        // ferrokv has no modules, so no command belongs to one.
        Filter::Module => false,
        Filter::AclCat(cat) => cat.is_some_and(|cat| e.acl_categories().contains(&cat)),
        Filter::Pattern(p) => glob::matches(p, e.fullname().as_bytes(), true),
    };
    let mut names: Vec<&[u8]> = Vec::new();
    for e in all_entries() {
        if keep(e) {
            names.push(e.fullname().as_bytes());
        }
        for sub in e.subcommands() {
            if keep(Entry::Redis(sub)) {
                names.push(sub.fullname.as_bytes());
            }
        }
    }
    ctx.out.bulks(names.into_iter());
}

/// One COMMAND INFO entry (server.c `addReplyCommandInfo`): name, arity, flags, first key,
/// last key, step, ACL categories, tips, key specs, subcommands.
pub fn info(out: &mut Reply, e: Entry) {
    out.array(10);
    out.bulk(e.fullname().as_bytes());
    out.int(e.arity() as i64);
    match e {
        Entry::Redis(d) => {
            out.set(d.flags.len());
            for f in d.flags {
                out.simple(f);
            }
            out.int(d.legacy_keys.0 as i64);
            out.int(d.legacy_keys.1 as i64);
            out.int(d.legacy_keys.2 as i64);
        }
        Entry::Own(c) => {
            let names: Vec<&str> = OWN_FLAG_ORDER
                .iter()
                .filter(|&&f| c.flags & f != 0)
                .filter_map(|&f| NAMES.iter().find(|(g, _)| *g == f).map(|(_, n)| *n))
                .collect();
            out.set(names.len());
            for n in names {
                out.simple(n);
            }
            out.int(c.keys.0 as i64);
            out.int(c.keys.1 as i64);
            out.int(c.keys.2 as i64);
        }
    }
    let cats = e.acl_categories();
    out.set(cats.len());
    for cat in cats {
        out.simple(&format!("@{cat}"));
    }
    let (tips, specs): (&[&str], &[KeySpec]) = match e {
        Entry::Redis(d) => (d.tips, d.key_specs),
        Entry::Own(_) => (&[], &[]),
    };
    out.set(tips.len());
    for tip in tips {
        out.bulk(tip.as_bytes());
    }
    out.set(specs.len());
    for spec in specs {
        key_spec(out, spec);
    }
    let subs = e.subcommands();
    if subs.is_empty() {
        out.set(0);
    } else {
        out.array(subs.len());
        for sub in subs {
            info(out, Entry::Redis(sub));
        }
    }
}

/// server.c `addReplyCommandKeySpecs`, for one spec.
fn key_spec(out: &mut Reply, spec: &KeySpec) {
    out.map(3 + spec.notes.is_some() as usize);
    if let Some(notes) = spec.notes {
        out.bulk(b"notes");
        out.bulk(notes.as_bytes());
    }
    out.bulk(b"flags");
    out.set(spec.flags.len());
    for f in spec.flags {
        out.simple(f);
    }
    out.bulk(b"begin_search");
    out.map(2);
    out.bulk(b"type");
    match spec.begin_search {
        BeginSearch::Unknown => {
            out.bulk(b"unknown");
            out.bulk(b"spec");
            out.map(0);
        }
        BeginSearch::Index(pos) => {
            out.bulk(b"index");
            out.bulk(b"spec");
            out.map(1);
            out.bulk(b"index");
            out.int(pos as i64);
        }
        BeginSearch::Keyword { keyword, startfrom } => {
            out.bulk(b"keyword");
            out.bulk(b"spec");
            out.map(2);
            out.bulk(b"keyword");
            out.bulk(keyword.as_bytes());
            out.bulk(b"startfrom");
            out.int(startfrom as i64);
        }
    }
    out.bulk(b"find_keys");
    out.map(2);
    out.bulk(b"type");
    match spec.find_keys {
        FindKeys::Unknown => {
            out.bulk(b"unknown");
            out.bulk(b"spec");
            out.map(0);
        }
        FindKeys::Range {
            lastkey,
            keystep,
            limit,
        } => {
            out.bulk(b"range");
            out.bulk(b"spec");
            out.map(3);
            out.bulk(b"lastkey");
            out.int(lastkey as i64);
            out.bulk(b"keystep");
            out.int(keystep as i64);
            out.bulk(b"limit");
            out.int(limit as i64);
        }
        FindKeys::Keynum {
            keynumidx,
            firstkey,
            keystep,
        } => {
            out.bulk(b"keynum");
            out.bulk(b"spec");
            out.map(3);
            out.bulk(b"keynumidx");
            out.int(keynumidx as i64);
            out.bulk(b"firstkey");
            out.int(firstkey as i64);
            out.bulk(b"keystep");
            out.int(keystep as i64);
        }
    }
}

/// One COMMAND DOCS value (server.c `addReplyCommandDocs`); the caller writes the name.
pub fn docs(out: &mut Reply, e: Entry) {
    let d = match e {
        Entry::Redis(d) => d,
        Entry::Own(c) => {
            out.map(2);
            out.bulk(b"summary");
            out.bulk(c.syntax.as_bytes());
            out.bulk(b"group");
            out.bulk(c.group.as_bytes());
            return;
        }
    };
    let subs = e.subcommands();
    let len = 1
        + d.summary.is_some() as usize
        + d.since.is_some() as usize
        + d.complexity.is_some() as usize
        + !d.doc_flags.is_empty() as usize
        + d.deprecated_since.is_some() as usize
        + d.replaced_by.is_some() as usize
        + !d.history.is_empty() as usize
        + !d.arguments.is_empty() as usize
        + !subs.is_empty() as usize;
    out.map(len);
    let field = |out: &mut Reply, name: &str, value: Option<&str>| {
        if let Some(v) = value {
            out.bulk(name.as_bytes());
            out.bulk(v.as_bytes());
        }
    };
    field(out, "summary", d.summary);
    field(out, "since", d.since);
    field(out, "group", Some(d.group));
    field(out, "complexity", d.complexity);
    if !d.doc_flags.is_empty() {
        out.bulk(b"doc_flags");
        out.set(d.doc_flags.len());
        for f in d.doc_flags {
            out.simple(f);
        }
    }
    field(out, "deprecated_since", d.deprecated_since);
    field(out, "replaced_by", d.replaced_by);
    if !d.history.is_empty() {
        out.bulk(b"history");
        out.set(d.history.len());
        for (since, change) in d.history {
            out.array(2);
            out.bulk(since.as_bytes());
            out.bulk(change.as_bytes());
        }
    }
    if !d.arguments.is_empty() {
        out.bulk(b"arguments");
        arg_list(out, d.arguments);
    }
    if !subs.is_empty() {
        out.bulk(b"subcommands");
        out.map(subs.len());
        for sub in subs {
            out.bulk(sub.fullname.as_bytes());
            docs(out, Entry::Redis(sub));
        }
    }
}

/// server.c `addReplyCommandArgList`.
fn arg_list(out: &mut Reply, args: &[Arg]) {
    out.array(args.len());
    for a in args {
        let nested = a.kind == "oneof" || a.kind == "block";
        let len = 2
            + (a.key_spec_index != -1) as usize
            + a.token.is_some() as usize
            + a.summary.is_some() as usize
            + a.since.is_some() as usize
            + a.deprecated_since.is_some() as usize
            + !a.flags.is_empty() as usize
            + nested as usize;
        out.map(len);
        out.bulk(b"name");
        out.bulk(a.name.as_bytes());
        out.bulk(b"type");
        out.bulk(a.kind.as_bytes());
        if a.key_spec_index != -1 {
            out.bulk(b"key_spec_index");
            out.int(a.key_spec_index as i64);
        }
        for (name, value) in [
            ("token", a.token),
            ("summary", a.summary),
            ("since", a.since),
            ("deprecated_since", a.deprecated_since),
        ] {
            if let Some(v) = value {
                out.bulk(name.as_bytes());
                out.bulk(v.as_bytes());
            }
        }
        if !a.flags.is_empty() {
            out.bulk(b"flags");
            out.set(a.flags.len());
            for f in a.flags {
                out.simple(f);
            }
        }
        if nested {
            out.bulk(b"arguments");
            arg_list(out, a.arguments);
        }
    }
}

/// COMMAND GETKEYS / GETKEYSANDFLAGS <full command> (server.c `getKeysSubcommandImpl`).
fn getkeys(ctx: &mut Ctx, args: &Args, with_flags: bool) {
    let argv: Vec<&[u8]> = args.iter().skip(2).collect();
    let Some(e) = lookup_for_call(&argv) else {
        return ctx.out.error("ERR Invalid command specified");
    };
    if !has_keys(e) {
        return ctx.out.error("ERR The command has no key arguments");
    }
    if !arity_ok(e.arity(), argv.len()) {
        return ctx
            .out
            .error("ERR Invalid number of arguments specified for command");
    }
    let keys = get_keys(e, &argv);
    if keys.is_empty() && !e.has_flag("no_mandatory_keys") {
        return ctx.out.error("ERR Invalid arguments specified for command");
    }
    ctx.out.array(keys.len());
    for (pos, flags) in keys {
        if with_flags {
            ctx.out.array(2);
            ctx.out.bulk(argv[pos]);
            ctx.out.set(flags.len());
            for f in flags {
                ctx.out.simple(f);
            }
        } else {
            ctx.out.bulk(argv[pos]);
        }
    }
}

/// db.c `doesCommandHaveKeys`: some key spec is a real key (every Redis command with a getkeys
/// function also has one).
fn has_keys(e: Entry) -> bool {
    match e {
        Entry::Redis(d) => d.key_specs.iter().any(|s| !s.flags.contains(&"not_key")),
        Entry::Own(c) => c.keys.0 > 0,
    }
}

/// The keys of a full command line (`argv[0]` is the command name): positions in `argv` and
/// their access flags, as db.c `getKeysFromCommandWithSpecs` finds them.
///
/// Redis falls back to a command-specific C function when the key specs are incomplete, fail
/// on these arguments, or have variable flags. The variable-flags ones (SET, BITFIELD) only
/// change the flags and are ported below; otherwise ferrokv falls back to the (first, last,
/// step) triple of its own table row, without flags.
pub fn get_keys(e: Entry, argv: &[&[u8]]) -> Vec<(usize, &'static [&'static str])> {
    let d = match e {
        Entry::Redis(d) => d,
        Entry::Own(c) => {
            return key_positions(c, argv.len())
                .into_iter()
                .map(|p| (p, &[][..]))
                .collect();
        }
    };
    let variable = d
        .key_specs
        .iter()
        .any(|s| s.flags.contains(&"variable_flags"));
    if !variable {
        if let Some(keys) = keys_from_specs(d, argv) {
            return keys;
        }
        // Redis's C getkeys functions, for specs that cannot find every key.
        if d.fullname == "sort" {
            return super::sort::get_keys(argv);
        }
        // A numkeys command's spec fails only when the count does not fit the arguments, and
        // then Redis's getkeys function (zunionInterDiffStoreGetKeys, evalGetKeys...) finds
        // no keys either: no table fallback for them.
        let numkeys = d
            .key_specs
            .iter()
            .any(|s| matches!(s.find_keys, FindKeys::Keynum { .. }));
        return super::lookup(argv[0])
            .filter(|_| !d.fullname.contains('|') && !numkeys)
            .map(|c| key_positions(c, argv.len()))
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p, &[][..]))
            .collect();
    }
    let flags = variable_key_flags(d.fullname, argv);
    let mut keys = keys_from_specs(d, argv).unwrap_or_default();
    if let Some(flags) = flags {
        for k in &mut keys {
            k.1 = flags;
        }
    }
    keys
}

/// The flags Redis's `setGetKeys` and `bitfieldGetKeys` give the key, which depend on the
/// arguments (their key specs say `variable_flags`).
fn variable_key_flags(fullname: &str, argv: &[&[u8]]) -> Option<&'static [&'static str]> {
    const RW: &[&str] = &["RW", "access", "update"];
    match fullname {
        "set" => Some(
            if argv.iter().skip(3).any(|a| a.eq_ignore_ascii_case(b"get")) {
                RW
            } else {
                &["OW", "update"]
            },
        ),
        "bitfield" => {
            let mut readonly = true;
            let mut i = 2;
            while i < argv.len() {
                let rem = argv.len() - i - 1;
                let a = argv[i];
                if a.eq_ignore_ascii_case(b"get") && rem >= 2 {
                    i += 2;
                } else if (a.eq_ignore_ascii_case(b"set") || a.eq_ignore_ascii_case(b"incrby"))
                    && rem >= 3
                {
                    readonly = false;
                    break;
                } else if a.eq_ignore_ascii_case(b"overflow") && rem >= 1 {
                    i += 1;
                } else {
                    readonly = false;
                    break;
                }
                i += 1;
            }
            Some(if readonly { &["RO", "access"] } else { RW })
        }
        _ => None,
    }
}

/// db.c `getKeysUsingKeySpecs` (not-key specs skipped, no partial results): None where Redis
/// returns -1 (a spec is unknown or incomplete, or does not fit the arguments).
fn keys_from_specs(
    d: &CommandDoc,
    argv: &[&[u8]],
) -> Option<Vec<(usize, &'static [&'static str])>> {
    let argc = argv.len() as i64;
    let mut keys = Vec::new();
    for spec in d.key_specs {
        if spec.flags.contains(&"not_key") {
            continue;
        }
        let mut first: i64 = match spec.begin_search {
            BeginSearch::Index(pos) => pos as i64,
            BeginSearch::Keyword { keyword, startfrom } => {
                let startfrom = startfrom as i64;
                let start = if startfrom > 0 {
                    startfrom
                } else {
                    argc + startfrom
                };
                let end = if startfrom > 0 { argc - 1 } else { 1 };
                let mut found = 0;
                let mut i = start;
                while i != end {
                    if i >= argc || i < 1 {
                        break;
                    }
                    if argv[i as usize].eq_ignore_ascii_case(keyword.as_bytes()) {
                        found = i + 1;
                        break;
                    }
                    i += if start <= end { 1 } else { -1 };
                }
                if found == 0 {
                    continue;
                }
                found
            }
            BeginSearch::Unknown => return None,
        };
        let (last, step) = match spec.find_keys {
            FindKeys::Range {
                lastkey,
                keystep,
                limit,
            } => {
                let (lastkey, limit) = (lastkey as i64, limit as i64);
                let last = if lastkey >= 0 {
                    first + lastkey
                } else if limit == 0 {
                    argc + lastkey
                } else {
                    first + ((argc - first) / limit + lastkey)
                };
                (last, keystep as i64)
            }
            FindKeys::Keynum {
                keynumidx,
                firstkey,
                keystep,
            } => {
                let idx = first + keynumidx as i64;
                if keynumidx as i64 >= argc || idx >= argc {
                    return None;
                }
                let numkeys = parse_i64(argv[idx as usize]).filter(|&n| n >= 0)?;
                first += firstkey as i64;
                (first + numkeys - 1, keystep as i64)
            }
            FindKeys::Unknown => return None,
        };
        if last >= argc || last < first || first >= argc {
            return None;
        }
        let mut i = first;
        while i <= last {
            keys.push((i as usize, spec.flags));
            i += step.max(1);
        }
        if spec.flags.contains(&"incomplete") {
            return None;
        }
    }
    Some(keys)
}

/// Positions of key arguments (0 = command name) for a command called with `argc` arguments,
/// from the (first, last, step) triple of its table row.
pub fn key_positions(c: &Command, argc: usize) -> Vec<usize> {
    let (first, last, step) = c.keys;
    if first <= 0 || step <= 0 {
        return Vec::new();
    }
    let last = if last < 0 { argc as i32 + last } else { last };
    (first..=last.min(argc as i32 - 1))
        .step_by(step as usize)
        .map(|i| i as usize)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Entry {
        lookup_by_name(name.as_bytes()).unwrap_or_else(|| panic!("{name} not served"))
    }

    fn keys(line: &str) -> Vec<&str> {
        let argv: Vec<&[u8]> = line.split(' ').map(str::as_bytes).collect();
        let e = lookup_for_call(&argv).unwrap();
        get_keys(e, &argv)
            .into_iter()
            .map(|(p, _)| std::str::from_utf8(argv[p]).unwrap())
            .collect()
    }

    #[test]
    fn docs_are_sorted_and_unique() {
        for w in DOCS.windows(2) {
            assert!(w[0].name < w[1].name, "{} !< {}", w[0].name, w[1].name);
        }
        for d in DOCS {
            assert_eq!(d.name, d.fullname);
            for w in d.subcommands.windows(2) {
                assert!(w[0].name < w[1].name);
            }
            for s in d.subcommands {
                assert_eq!(s.fullname, format!("{}|{}", d.name, s.name));
                assert!(s.subcommands.is_empty());
            }
        }
        assert_eq!(super::super::docs_gen::REDIS_VERSION, crate::REDIS_VERSION);
    }

    #[test]
    fn lookups() {
        assert!(matches!(entry("GET"), Entry::Redis(d) if d.fullname == "get"));
        assert!(matches!(entry("Config|GET"), Entry::Redis(d) if d.fullname == "config|get"));
        assert!(lookup_by_name(b"get|x").is_none());
        assert!(lookup_by_name(b"config|get|x").is_none());
        assert!(lookup_by_name(b"config|nosuch").is_none());
        assert!(lookup_by_name(b"nosuchcommand").is_none());
        // CLIENT TRACKING exists in Redis but ferrokv does not serve it.
        assert!(lookup_by_name(b"client|tracking").is_none());
        let argv: [&[u8]; 3] = [b"config", b"get", b"x"];
        assert!(
            matches!(lookup_for_call(&argv), Some(Entry::Redis(d)) if d.fullname == "config|get")
        );
        assert!(
            matches!(lookup_for_call(&argv[..1]), Some(Entry::Redis(d)) if d.fullname == "config")
        );
    }

    #[test]
    fn every_table_command_has_an_entry_and_redis_commands_are_documented() {
        for c in super::super::table() {
            let e = Entry::of(c);
            assert_eq!(e.fullname(), c.name);
            if let Entry::Redis(d) = e {
                assert!(d.summary.is_some() && d.since.is_some(), "{}", c.name);
            }
        }
        assert!(matches!(entry("get"), Entry::Redis(_)));
    }

    /// COMMAND INFO reports Redis's arity and key triple; the dispatcher and `key_positions`
    /// use the table's. They must agree, or ferrokv would accept or reject other calls than
    /// Redis does, or find other keys.
    #[test]
    fn table_rows_agree_with_redis_on_arity_and_keys() {
        let mut disagree = Vec::new();
        for c in super::super::table() {
            if let Some(d) = redis_doc(c.name)
                && (c.arity != d.arity || c.keys != d.legacy_keys)
            {
                disagree.push(format!(
                    "{}: table arity {} keys {:?}, Redis arity {} keys {:?}",
                    c.name, c.arity, c.keys, d.arity, d.legacy_keys
                ));
            }
        }
        assert!(disagree.is_empty(), "{disagree:#?}");
    }

    #[test]
    fn key_specs_find_keys_like_redis() {
        assert_eq!(keys("get k"), ["k"]);
        assert_eq!(keys("set k v"), ["k"]);
        assert_eq!(keys("mset a 1 b 2"), ["a", "b"]);
        assert_eq!(keys("del a b c"), ["a", "b", "c"]);
        assert_eq!(keys("rename a b"), ["a", "b"]);
        assert_eq!(keys("copy a b db 1"), ["a", "b"]);
        assert!(keys("config get x").is_empty());
    }

    #[test]
    fn keynum_and_keyword_specs() {
        let doc = |n: &str| redis_doc(n).unwrap();
        let run = |d: &CommandDoc, line: &str| -> Option<Vec<usize>> {
            let argv: Vec<&[u8]> = line.split(' ').map(str::as_bytes).collect();
            keys_from_specs(d, &argv).map(|k| k.into_iter().map(|(p, _)| p).collect())
        };
        let zu = doc("zunionstore");
        assert_eq!(run(zu, "zunionstore d 2 a b"), Some(vec![1, 3, 4]));
        assert_eq!(run(zu, "zunionstore d 3 a b"), None);
        assert_eq!(run(zu, "zunionstore d x a b"), None);
        let eval = doc("eval");
        assert_eq!(run(eval, "eval s 0"), None);
        assert_eq!(run(eval, "eval s 2 a b c"), Some(vec![3, 4]));
        let xread = doc("xread");
        assert_eq!(
            run(xread, "xread count 2 streams a b 0 0"),
            Some(vec![4, 5])
        );
        let georadius = doc("georadius");
        assert_eq!(
            run(georadius, "georadius k 0 0 1 m store s"),
            Some(vec![1, 7])
        );
        // MIGRATE's KEYS spec is incomplete: when it matches, Redis uses its C function instead.
        assert_eq!(run(doc("migrate"), "migrate h p k 0 1"), Some(vec![3]));
        assert_eq!(run(doc("migrate"), "migrate h p k 0 1 KEYS a b"), None);
    }

    #[test]
    fn variable_flags() {
        let flags = |line: &str| {
            let argv: Vec<&[u8]> = line.split(' ').map(str::as_bytes).collect();
            get_keys(lookup_for_call(&argv).unwrap(), &argv)[0].1
        };
        assert_eq!(flags("set k v"), ["OW", "update"]);
        assert_eq!(flags("set k v GET"), ["RW", "access", "update"]);
        let argv: [&[u8]; 5] = [b"bitfield", b"k", b"get", b"u8", b"0"];
        assert_eq!(
            variable_key_flags("bitfield", &argv),
            Some(&["RO", "access"][..])
        );
        let argv: [&[u8]; 6] = [b"bitfield", b"k", b"set", b"u8", b"0", b"1"];
        assert_eq!(
            variable_key_flags("bitfield", &argv),
            Some(&["RW", "access", "update"][..])
        );
    }

    #[test]
    fn legacy_triples_match_the_table_where_redis_agrees() {
        // The generator derives (first, last, step) from the key specs as Redis does.
        assert_eq!(redis_doc("mset").unwrap().legacy_keys, (1, -1, 2));
        assert_eq!(redis_doc("get").unwrap().legacy_keys, (1, 1, 1));
        assert_eq!(redis_doc("rename").unwrap().legacy_keys, (1, 2, 1));
        assert_eq!(redis_doc("zunionstore").unwrap().legacy_keys, (1, 1, 1));
        assert!(
            redis_doc("zunionstore")
                .unwrap()
                .flags
                .contains(&"movablekeys")
        );
        assert_eq!(redis_doc("eval").unwrap().legacy_keys, (0, 0, 0));
    }

    /// Writes COMMAND INFO and COMMAND DOCS of every Redis command and subcommand (served or
    /// not) to $FERROKV_DOCS_DUMP, for scripts/check-command-docs.py to compare with a real
    /// Redis. One line each: fullname, INFO or DOCS, protocol, reply bytes in hex.
    #[test]
    #[ignore]
    fn dump_docs_for_comparison() {
        let path = std::env::var("FERROKV_DOCS_DUMP").expect("set FERROKV_DOCS_DUMP");
        let mut text = String::new();
        let all = DOCS.iter().chain(DOCS.iter().flat_map(|d| d.subcommands));
        for d in all {
            for resp3 in [false, true] {
                let mut info_out = Reply {
                    resp3,
                    ..Default::default()
                };
                info(&mut info_out, Entry::Redis(d));
                let mut docs_out = Reply {
                    resp3,
                    ..Default::default()
                };
                docs(&mut docs_out, Entry::Redis(d));
                let proto = if resp3 { 3 } else { 2 };
                for (kind, out) in [("INFO", info_out), ("DOCS", docs_out)] {
                    let hex: String = out.buf.iter().map(|b| format!("{b:02x}")).collect();
                    text.push_str(&format!("{}\t{kind}\t{proto}\t{hex}\n", d.fullname));
                }
            }
        }
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn own_commands_get_implicit_categories() {
        assert_eq!(own_acl_categories(WRITE), ["write", "slow"]);
        assert_eq!(own_acl_categories(READONLY | FAST), ["read", "fast"]);
        assert_eq!(own_acl_categories(ADMIN), ["admin", "slow", "dangerous"]);
    }

    #[test]
    fn key_positions_from_the_triple() {
        let mset = super::super::lookup(b"mset").unwrap();
        assert_eq!(key_positions(mset, 5), [1, 3]);
        let get = super::super::lookup(b"get").unwrap();
        assert_eq!(key_positions(get, 2), [1]);
        let ping = super::super::lookup(b"ping").unwrap();
        assert!(key_positions(ping, 1).is_empty());
    }
}
