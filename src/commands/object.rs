//! OBJECT ENCODING, REFCOUNT, IDLETIME, FREQ and HELP (Redis 7.0's `objectCommand`).
//!
//! ferrokv keeps one representation per type, so ENCODING reports the encoding Redis 7.0 would
//! give the same value:
//!
//! - string: `int` for a canonical integer in the `long` range, `embstr` up to 44 bytes, else
//!   `raw`. Redis also reports `raw` for short strings built by APPEND or SETRANGE; ferrokv does
//!   not track how a string was made.
//! - list: always `quicklist` (listpack lists came with Redis 7.2).
//! - hash: `listpack` until it has had more than `hash-max-listpack-entries` fields or a field
//!   or value longer than `hash-max-listpack-value`, then `hashtable`.
//! - set: `intset` until it has had a member that is not an integer or more than
//!   `set-max-intset-entries` members, then `hashtable`.
//! - sorted set: `listpack` until it has had more than `zset-max-listpack-entries` members or
//!   one longer than `zset-max-listpack-value`, or was sorted by SORT, then `skiplist`.
//!
//! Redis converts only towards the big encodings (until a restart reloads the value), and the
//! collections remember it (`db::types::Hash`, `db::types::Set`, `db::zset::ZSet`).
//!
//! REFCOUNT is 1, or `OBJ_SHARED_REFCOUNT` (2147483647) for the integers 0..9999 that Redis
//! stores as shared objects. IDLETIME is the seconds since the key was last looked up or
//! written (each keyspace entry keeps an access time, Redis's `lru`; OBJECT itself does not
//! count as an access). FREQ replies Redis's error for a server without
//! an LFU maxmemory policy, which ferrokv never has. A missing key is a null reply throughout.

use super::flags::*;
use super::{Args, Command, Ctx, sub_arity_ok, unknown_subcommand};
use crate::db::Value;
use crate::proto::num::parse_i64;

pub static COMMANDS: &[Command] = &[Command {
    name: "object",
    arity: -2,
    flags: READONLY,
    keys: (0, 0, 0),
    group: "generic",
    syntax: "OBJECT ENCODING|REFCOUNT|IDLETIME|FREQ key|HELP",
    handler: object,
}];

/// The subcommands OBJECT serves (COMMAND reports only these).
pub const SUBCOMMANDS: (&str, &[&str]) = (
    "object",
    &["encoding", "freq", "help", "idletime", "refcount"],
);

const HELP: &[&str] = &[
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
];

/// Redis's `OBJ_SHARED_REFCOUNT`: the refcount of its shared integer objects.
const SHARED_REFCOUNT: i64 = i32::MAX as i64;
/// Redis's `OBJ_SHARED_INTEGERS`: 0..10000 are shared.
const SHARED_INTEGERS: i64 = 10000;
/// Redis's `OBJ_ENCODING_EMBSTR_SIZE_LIMIT`.
const EMBSTR_SIZE_LIMIT: usize = 44;

fn object(ctx: &mut Ctx, args: &Args) {
    let sub = args.get(1).to_ascii_lowercase();
    match sub.as_slice() {
        b"help" if sub_arity_ok(ctx, args, 2, "object|help") => {
            ctx.out.array(HELP.len());
            for line in HELP {
                ctx.out.simple(line);
            }
        }
        b"encoding" if sub_arity_ok(ctx, args, 3, "object|encoding") => {
            if let Some(v) = lookup(ctx, args) {
                let name = encoding(v);
                ctx.out.bulk(name.as_bytes());
            }
        }
        b"refcount" if sub_arity_ok(ctx, args, 3, "object|refcount") => {
            if let Some(v) = lookup(ctx, args) {
                let shared = matches!(v, Value::Str(s)
                    if parse_i64(s).is_some_and(|n| (0..SHARED_INTEGERS).contains(&n)));
                ctx.out.int(if shared { SHARED_REFCOUNT } else { 1 });
            }
        }
        b"idletime" if sub_arity_ok(ctx, args, 3, "object|idletime") => {
            if lookup(ctx, args).is_some() {
                let idle = ctx.st.dbs[ctx.client.db].idle_secs(args.get(2));
                ctx.out.int(idle.unwrap_or(0) as i64);
            }
        }
        b"freq" if sub_arity_ok(ctx, args, 3, "object|freq") => {
            if lookup(ctx, args).is_some() {
                ctx.out.error(
                    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. \
                     Please note that when switching between policies at runtime LRU and LFU \
                     data will take some time to adjust.",
                );
            }
        }
        b"help" | b"encoding" | b"refcount" | b"idletime" | b"freq" => {}
        _ => unknown_subcommand(ctx, args, "object"),
    }
}

/// The value under the key in `args[2]`, expired keys deleted first, without counting a
/// keyspace hit or miss (Redis looks up with `LOOKUP_NOTOUCH`). Replies null when missing.
fn lookup<'a>(ctx: &'a mut Ctx, args: &Args) -> Option<&'a Value> {
    let db = ctx.client.db;
    let key = args.get(2);
    ctx.st.expire_if_needed(db, key);
    let v = ctx.st.dbs[db].get(key);
    if v.is_none() {
        ctx.out.null();
    }
    v
}

/// The encoding Redis 7.0 would report for `v` (see the module comment).
pub fn encoding(v: &Value) -> &'static str {
    match v {
        Value::Str(s) if s.len() <= 20 && parse_i64(s).is_some() => "int",
        Value::Str(s) if s.len() <= EMBSTR_SIZE_LIMIT => "embstr",
        Value::Str(_) => "raw",
        Value::List(_) => "quicklist",
        Value::Hash(h) if h.is_listpack() => "listpack",
        Value::Set(s) if s.is_intset() => "intset",
        Value::Hash(_) | Value::Set(_) => "hashtable",
        Value::ZSet(z) => z.encoding(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Str;
    use crate::db::types::{Hash, Set};

    #[test]
    fn collection_encodings_follow_the_thresholds() {
        let mut h = Hash::default();
        h.set(b"a", b"abc", 2, 3);
        assert_eq!(encoding(&Value::Hash(h.clone())), "listpack");
        h.set(b"b", b"abcd", 2, 3);
        assert_eq!(encoding(&Value::Hash(h.clone())), "hashtable");
        h.remove(b"b");
        assert_eq!(encoding(&Value::Hash(h)), "hashtable");

        let mut set = Set::default();
        set.add(b"-5", 2);
        set.add(b"7", 2);
        assert_eq!(encoding(&Value::Set(set.clone())), "intset");
        set.add(b"8", 2);
        assert_eq!(encoding(&Value::Set(set),), "hashtable");
        let mut set = Set::default();
        set.add(b"07", 2);
        assert_eq!(encoding(&Value::Set(set)), "hashtable");
        assert_eq!(encoding(&Value::List(Box::default())), "quicklist");
        assert_eq!(encoding(&Value::Str(Str::from_slice(b"12"))), "int");
    }
}
