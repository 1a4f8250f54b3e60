//! OBJECT ENCODING, REFCOUNT, IDLETIME, FREQ and HELP (Redis 7.0's `objectCommand`).
//!
//! ferrokv keeps one representation per type, so ENCODING reports the encoding Redis 7.0 would
//! give the same value, judged from its current contents and the thresholds in
//! `config.encodings`:
//!
//! - string: `int` for a canonical integer in the `long` range, `embstr` up to 44 bytes, else
//!   `raw`. Redis also reports `raw` for short strings built by APPEND or SETRANGE; ferrokv does
//!   not track how a string was made.
//! - list: always `quicklist` (listpack lists came with Redis 7.2).
//! - hash: `listpack` while it has at most `hash-max-listpack-entries` fields and no field or
//!   value longer than `hash-max-listpack-value`, else `hashtable`.
//! - set: `intset` while every member is an integer and there are at most
//!   `set-max-intset-entries`, else `hashtable`.
//!
//! Redis converts only towards the big encodings: a hash that grew past the limits stays a
//! `hashtable` when it shrinks again (until a restart reloads it), and SORT converts a sorted
//! set to `skiplist`. ferrokv judges by the current contents instead, as Redis would after a
//! reload; tracking the history would need a flag per value.
//!
//! REFCOUNT is 1, or `OBJ_SHARED_REFCOUNT` (2147483647) for the integers 0..9999 that Redis
//! stores as shared objects. IDLETIME is always 0: ferrokv keeps no access time per key (it
//! would cost 8 more bytes per keyspace entry). FREQ replies Redis's error for a server without
//! an LFU maxmemory policy, which ferrokv never has. A missing key is a null reply throughout.

use super::flags::*;
use super::{Args, Command, Ctx, sub_arity_ok, unknown_subcommand};
use crate::config::Encodings;
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
            let enc = ctx.st.config.encodings.clone();
            if let Some(v) = lookup(ctx, args) {
                let name = encoding(v, &enc);
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
                ctx.out.int(0);
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
pub fn encoding(v: &Value, enc: &Encodings) -> &'static str {
    let small = |len: usize, limit: i64| (len as i64) <= limit;
    match v {
        Value::Str(s) if s.len() <= 20 && parse_i64(s).is_some() => "int",
        Value::Str(s) if s.len() <= EMBSTR_SIZE_LIMIT => "embstr",
        Value::Str(_) => "raw",
        Value::List(_) => "quicklist",
        Value::Hash(h) => {
            if small(h.len(), enc.hash_max_listpack_entries)
                && h.iter().all(|(f, v)| {
                    small(f.len(), enc.hash_max_listpack_value)
                        && small(v.len(), enc.hash_max_listpack_value)
                })
            {
                "listpack"
            } else {
                "hashtable"
            }
        }
        Value::Set(s) => {
            if small(s.len(), enc.set_max_intset_entries)
                && s.iter().all(|m| parse_i64(m).is_some())
            {
                "intset"
            } else {
                "hashtable"
            }
        }
        Value::ZSet(z) => z.encoding(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Str;
    use crate::db::types::{Hash, Set};

    fn s(x: &str) -> Str {
        Str::from_slice(x.as_bytes())
    }

    #[test]
    fn collection_encodings_follow_the_thresholds() {
        let enc = Encodings {
            hash_max_listpack_entries: 2,
            hash_max_listpack_value: 3,
            set_max_intset_entries: 2,
            ..Encodings::default()
        };
        let mut h = Hash::default();
        h.insert(s("a"), s("abc"));
        assert_eq!(
            encoding(&Value::Hash(Box::new(h.clone())), &enc),
            "listpack"
        );
        h.insert(s("b"), s("abcd"));
        assert_eq!(
            encoding(&Value::Hash(Box::new(h.clone())), &enc),
            "hashtable"
        );
        h.insert(s("b"), s("x"));
        h.insert(s("c"), s("x"));
        assert_eq!(encoding(&Value::Hash(Box::new(h)), &enc), "hashtable");

        let mut set = Set::default();
        set.insert(s("-5"));
        set.insert(s("7"));
        assert_eq!(encoding(&Value::Set(Box::new(set.clone())), &enc), "intset");
        set.insert(s("8"));
        assert_eq!(encoding(&Value::Set(Box::new(set)), &enc), "hashtable");
        let mut set = Set::default();
        set.insert(s("07"));
        assert_eq!(encoding(&Value::Set(Box::new(set)), &enc), "hashtable");
        assert_eq!(encoding(&Value::List(Box::default()), &enc), "quicklist");
    }
}
