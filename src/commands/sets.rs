//! Set commands (Redis's `t_set.c`).
//!
//! A set is an `IndexSet`: membership in O(1), a random member by position in O(1) (SPOP,
//! SRANDMEMBER), and SSCAN walks positions (see `keys::collection_scan_step`). It knows whether
//! Redis would hold it as an intset, and keeps an intset's members in numeric order, which is
//! the order Redis lists them in (`db::types::Set`); results (SINTERSTORE, SUNION...) are built
//! as Redis builds them, starting from an empty intset. As in Redis,
//! SINTER, SINTERCARD and SINTERSTORE share one implementation (`sinter_generic`), and so do
//! SUNION, SDIFF and their STORE variants (`sunion_diff_generic`); SMEMBERS is SINTER of one key.

use super::flags::*;
use super::hashes::{distinct_positions, random_count};
use super::keys::{collection_scan_opts, collection_scan_step, empty_scan, parse_cursor};
use super::{Args, Command, Ctx};
use crate::db::types::{Member, Set};
use crate::db::{Key, Value, glob};
use crate::proto::errors;
use crate::proto::num::parse_i64;
use crate::proto::reply::Reply;
use crate::state::State;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "sadd",
        arity: -3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "set",
        syntax: "SADD key member [member ...]",
        handler: sadd,
    },
    Command {
        name: "srem",
        arity: -3,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "set",
        syntax: "SREM key member [member ...]",
        handler: srem,
    },
    Command {
        name: "scard",
        arity: 2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "set",
        syntax: "SCARD key",
        handler: scard,
    },
    Command {
        name: "sismember",
        arity: 3,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "set",
        syntax: "SISMEMBER key member",
        handler: sismember,
    },
    Command {
        name: "smismember",
        arity: -3,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "set",
        syntax: "SMISMEMBER key member [member ...]",
        handler: smismember,
    },
    Command {
        name: "smembers",
        arity: 2,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "set",
        syntax: "SMEMBERS key",
        handler: sinter,
    },
    Command {
        name: "spop",
        arity: -2,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "set",
        syntax: "SPOP key [count]",
        handler: spop,
    },
    Command {
        name: "srandmember",
        arity: -2,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "set",
        syntax: "SRANDMEMBER key [count]",
        handler: srandmember,
    },
    Command {
        name: "smove",
        arity: 4,
        flags: WRITE | FAST,
        keys: (1, 2, 1),
        group: "set",
        syntax: "SMOVE source destination member",
        handler: smove,
    },
    Command {
        name: "sinter",
        arity: -2,
        flags: READONLY,
        keys: (1, -1, 1),
        group: "set",
        syntax: "SINTER key [key ...]",
        handler: sinter,
    },
    Command {
        name: "sintercard",
        arity: -3,
        flags: READONLY,
        keys: (0, 0, 0),
        group: "set",
        syntax: "SINTERCARD numkeys key [key ...] [LIMIT limit]",
        handler: sintercard,
    },
    Command {
        name: "sinterstore",
        arity: -3,
        flags: WRITE | DENYOOM,
        keys: (1, -1, 1),
        group: "set",
        syntax: "SINTERSTORE destination key [key ...]",
        handler: sinterstore,
    },
    Command {
        name: "sunion",
        arity: -2,
        flags: READONLY,
        keys: (1, -1, 1),
        group: "set",
        syntax: "SUNION key [key ...]",
        handler: sunion,
    },
    Command {
        name: "sunionstore",
        arity: -3,
        flags: WRITE | DENYOOM,
        keys: (1, -1, 1),
        group: "set",
        syntax: "SUNIONSTORE destination key [key ...]",
        handler: sunionstore,
    },
    Command {
        name: "sdiff",
        arity: -2,
        flags: READONLY,
        keys: (1, -1, 1),
        group: "set",
        syntax: "SDIFF key [key ...]",
        handler: sdiff,
    },
    Command {
        name: "sdiffstore",
        arity: -3,
        flags: WRITE | DENYOOM,
        keys: (1, -1, 1),
        group: "set",
        syntax: "SDIFFSTORE destination key [key ...]",
        handler: sdiffstore,
    },
    Command {
        name: "sscan",
        arity: -3,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "set",
        syntax: "SSCAN key cursor [MATCH pattern] [COUNT count]",
        handler: sscan,
    },
];

/// The set at `key` (expired keys deleted first): Ok(None) when missing, Err after replying
/// WRONGTYPE.
fn lookup<'a>(
    st: &'a mut State,
    db: usize,
    key: &[u8],
    out: &mut Reply,
) -> Result<Option<&'a mut Set>, ()> {
    super::typed(st.lookup(db, key), out, Value::as_set_mut)
}

/// `lookup` for reading (Redis's `lookupKeyRead`): also counts a keyspace hit or miss.
fn lookup_read<'a>(
    st: &'a mut State,
    db: usize,
    key: &[u8],
    out: &mut Reply,
) -> Result<Option<&'a Set>, ()> {
    super::typed_ref(st.lookup_read(db, key), out, Value::as_set)
}

/// The set at `key` once `lookup` found it there.
fn get<'a>(st: &'a State, db: usize, key: &[u8]) -> Option<&'a Set> {
    match st.dbs[db].get(key) {
        Some(Value::Set(s)) => Some(s),
        _ => None,
    }
}

/// Deletes the key when its set has no members left (an empty collection is no key in Redis).
fn drop_if_empty(st: &mut State, db: usize, key: &[u8]) {
    if get(st, db, key).is_some_and(|s| s.is_empty()) {
        st.dbs[db].remove(key);
    }
}

/// set-max-intset-entries: beyond it a set is a hashtable.
fn max_intset(ctx: &Ctx) -> usize {
    ctx.st.config.encodings.set_max_intset_entries.max(0) as usize
}

fn sadd(ctx: &mut Ctx, args: &Args) {
    let (db, key) = (ctx.client.db, args.get(1));
    let max = max_intset(ctx);
    let make = || Value::Set(Set::default());
    let Ok(s) = super::typed_or_create(ctx.st, db, key, ctx.out, make, Value::as_set_mut) else {
        return;
    };
    let mut added = 0;
    for m in args.iter().skip(2) {
        if s.add(m, max) {
            added += 1;
        }
    }
    ctx.dirty(added as u64);
    ctx.out.int(added);
}

fn srem(ctx: &mut Ctx, args: &Args) {
    let (db, key) = (ctx.client.db, args.get(1));
    let s = match lookup(ctx.st, db, key, ctx.out) {
        Ok(Some(s)) => s,
        Ok(None) => return ctx.out.int(0),
        Err(()) => return,
    };
    let mut deleted = 0;
    for m in args.iter().skip(2) {
        if s.remove(m) {
            deleted += 1;
            if s.is_empty() {
                break;
            }
        }
    }
    s.shrink_if_sparse();
    drop_if_empty(ctx.st, db, key);
    ctx.dirty(deleted as u64);
    ctx.out.int(deleted);
}

fn scard(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    if let Ok(s) = lookup_read(ctx.st, db, args.get(1), ctx.out) {
        ctx.out.int(s.map_or(0, |s| s.len() as i64));
    }
}

fn sismember(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    if let Ok(s) = lookup_read(ctx.st, db, args.get(1), ctx.out) {
        ctx.out
            .int(s.is_some_and(|s| s.contains(args.get(2))) as i64);
    }
}

fn smismember(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    let Ok(s) = lookup_read(ctx.st, db, args.get(1), ctx.out) else {
        return;
    };
    ctx.out.array(args.len() - 2);
    for m in args.iter().skip(2) {
        ctx.out
            .int(s.as_ref().is_some_and(|s| s.contains(m)) as i64);
    }
}

/// SPOP's count, as `getPositiveLongFromObjectOrReply` reads it. Replies on error.
fn positive_count(ctx: &mut Ctx, arg: &[u8]) -> Option<usize> {
    let n = parse_i64(arg).filter(|n| *n >= 0);
    if n.is_none() {
        ctx.out.error("ERR value is out of range, must be positive");
    }
    n.map(|n| n as usize)
}

/// SPOP removes a random member and replies with it; SPOP key count pops up to count members,
/// replying with a set.
fn spop(ctx: &mut Ctx, args: &Args) {
    if args.len() > 3 {
        return ctx.out.error(errors::SYNTAX);
    }
    let (db, key) = (ctx.client.db, args.get(1));
    let max = max_intset(ctx);
    let count = if args.len() == 3 {
        let Some(n) = positive_count(ctx, args.get(2)) else {
            return;
        };
        Some(n)
    } else {
        None
    };
    let size = match lookup(ctx.st, db, key, ctx.out) {
        Ok(Some(s)) => s.len(),
        Ok(None) if count.is_some() => return ctx.out.set(0),
        Ok(None) => return ctx.out.null(),
        Err(()) => return,
    };
    if count == Some(0) {
        return ctx.out.set(0);
    }
    let count = count.unwrap_or(1);
    ctx.dirty(count.min(size) as u64);
    if count >= size && args.len() == 3 {
        // Redis replies through SUNION of the key here, whose read lookup counts a hit.
        ctx.st.stats.keyspace_hits += 1;
        if let Some(Value::Set(s)) = ctx.st.dbs[db].get(key) {
            ctx.out.set(size);
            for m in s.fresh_order(max) {
                ctx.out.bulk(&m);
            }
        }
        if let Some(v) = ctx.st.dbs[db].remove(key) {
            ctx.free(v);
        }
        ctx.propagate_as(&[b"DEL", key]);
        return;
    }
    // The log names the members that went, not a random draw to repeat.
    let mut popped: Option<Vec<Key>> = ctx.st.aof.is_some().then(Vec::new);
    let State { dbs, rng, .. } = &mut *ctx.st;
    let Some(Value::Set(s)) = dbs[db].get_mut(key) else {
        return;
    };
    if args.len() == 3 {
        ctx.out.set(count);
    }
    let remaining = size - count.min(size);
    // Popping one by one is O(count); when few members stay, Redis's way is cheaper: move the
    // survivors into a new set and reply with (then free) the old one.
    if remaining * 5 > count || args.len() == 2 {
        for _ in 0..count {
            let i = rng.below(s.len());
            if let Some(m) = s.remove_index(i) {
                ctx.out.bulk(&m);
                if let Some(p) = popped.as_mut() {
                    p.push(m);
                }
            }
        }
        s.shrink_if_sparse();
        drop_if_empty(ctx.st, db, key);
    } else {
        // Redis builds the survivors' set afresh: an intset if they all fit one.
        let mut kept = Set::default();
        for _ in 0..remaining {
            let i = rng.below(s.len());
            if let Some(m) = s.remove_index(i) {
                kept.add(&m, max);
            }
        }
        for m in s.iter() {
            ctx.out.bulk(&m);
        }
        if let Some(p) = popped.as_mut() {
            p.extend(s.iter().map(|m| Key::from_slice(&m)));
        }
        if let Some(old) = ctx.st.dbs[db].set(key, Value::Set(kept), true) {
            ctx.free(old);
        }
    }
    if let Some(p) = popped {
        let mut logged: Vec<&[u8]> = vec![b"SREM", key];
        logged.extend(p.iter().map(|m| &m[..]));
        ctx.propagate_as(&logged);
    }
}

fn srandmember(ctx: &mut Ctx, args: &Args) {
    if args.len() > 3 {
        return ctx.out.error(errors::SYNTAX);
    }
    let (db, key) = (ctx.client.db, args.get(1));
    let n = if args.len() == 3 {
        let Some(n) = random_count(ctx, args.get(2)) else {
            return;
        };
        Some(n)
    } else {
        None
    };
    match lookup_read(ctx.st, db, key, ctx.out) {
        Ok(Some(_)) => {}
        Ok(None) if n.is_some() => return ctx.out.array(0),
        Ok(None) => return ctx.out.null(),
        Err(()) => return,
    }
    let State { dbs, rng, .. } = &mut *ctx.st;
    let Some(Value::Set(s)) = dbs[db].get(key) else {
        return;
    };
    let size = s.len();
    let Some(n) = n else {
        if let Some(m) = s.get_index(rng.below(size)) {
            ctx.out.bulk(&m);
        }
        return;
    };
    let (count, unique) = (n.unsigned_abs() as usize, n >= 0);
    if count == 0 {
        return ctx.out.array(0);
    }
    if !unique || count == 1 {
        ctx.out.array(count);
        for _ in 0..count {
            if let Some(m) = s.get_index(rng.below(size)) {
                ctx.out.bulk(&m);
            }
        }
    } else if count >= size {
        ctx.out.array(size);
        for m in s.iter() {
            ctx.out.bulk(&m);
        }
    } else {
        ctx.out.array(count);
        for i in distinct_positions(rng, size, count) {
            if let Some(m) = s.get_index(i) {
                ctx.out.bulk(&m);
            }
        }
    }
}

fn smove(ctx: &mut Ctx, args: &Args) {
    let (db, src, dst, member) = (ctx.client.db, args.get(1), args.get(2), args.get(3));
    let max = max_intset(ctx);
    let src_found = ctx.st.lookup(db, src).map(|v| matches!(v, Value::Set(_)));
    let dst_found = ctx.st.lookup(db, dst).map(|v| matches!(v, Value::Set(_)));
    let Some(src_is_set) = src_found else {
        return ctx.out.int(0);
    };
    if !src_is_set || dst_found == Some(false) {
        return ctx.out.error(errors::WRONGTYPE);
    }
    if src == dst {
        let found = get(ctx.st, db, src).is_some_and(|s| s.contains(member));
        return ctx.out.int(found as i64);
    }
    let removed = match ctx.st.dbs[db].get_mut(src) {
        Some(Value::Set(s)) => {
            let removed = s.remove(member);
            s.shrink_if_sparse();
            removed
        }
        _ => false,
    };
    if !removed {
        return ctx.out.int(0);
    }
    drop_if_empty(ctx.st, db, src);
    if dst_found.is_none() {
        ctx.st.dbs[db].insert_new(dst, Value::Set(Set::default()));
    }
    ctx.dirty(1);
    let added = match ctx.st.dbs[db].get_mut(dst) {
        Some(Value::Set(s)) => s.add(member, max),
        _ => false,
    };
    if added {
        ctx.dirty(1);
    } else {
        // Only the source changed: WATCHers of the destination keep their transaction.
        ctx.st.watches.touch(db, src);
        ctx.st.watch_touched = true;
    }
    ctx.out.int(1);
}

/// Looks up every key as a set (missing keys are None). Err after replying WRONGTYPE.
fn lookup_all<'k>(
    ctx: &mut Ctx,
    keys: impl Iterator<Item = &'k [u8]>,
) -> Result<Vec<(&'k [u8], bool)>, ()> {
    let db = ctx.client.db;
    let mut found = Vec::new();
    for key in keys {
        let present = lookup_read(ctx.st, db, key, ctx.out)?.is_some();
        found.push((key, present));
    }
    Ok(found)
}

/// Stores `result` under `dst` (replacing any value and TTL) and replies its size; an empty
/// result deletes `dst` instead and replies 0. Only `dst` changes, so only its WATCHers are told
/// (not those of the source keys, which the command names too), and only when it does change:
/// an empty result for a missing `dst` touches nothing, as in Redis.
fn store(ctx: &mut Ctx, dst: &[u8], result: Set) {
    let db = ctx.client.db;
    ctx.st.watch_touched = true;
    let len = result.len();
    if len > 0 {
        if let Some(old) = ctx.st.dbs[db].set(dst, Value::Set(result), false) {
            ctx.free(old);
        }
        ctx.st.watches.touch(db, dst);
        ctx.dirty(1);
    } else if ctx.st.lookup(db, dst).is_some() {
        if let Some(old) = ctx.st.dbs[db].remove(dst) {
            ctx.free(old);
        }
        ctx.st.watches.touch(db, dst);
        ctx.dirty(1);
    }
    ctx.out.int(len as i64);
}

/// What `sinter_generic` does with the intersection.
enum InterTo<'a> {
    Reply,
    Store(&'a [u8]),
    /// Only count it, stopping at the limit (0 = none).
    Count(usize),
}

/// Redis's `sinterGenericCommand`: walks the smallest set, keeping members all others hold.
fn sinter_generic<'k>(ctx: &mut Ctx, keys: impl Iterator<Item = &'k [u8]>, to: InterTo) {
    let Ok(found) = lookup_all(ctx, keys) else {
        return;
    };
    let db = ctx.client.db;
    let max = max_intset(ctx);
    if found.iter().any(|(_, present)| !present) {
        return match to {
            InterTo::Reply => ctx.out.set(0),
            InterTo::Store(dst) => store(ctx, dst, Set::default()),
            InterTo::Count(_) => ctx.out.int(0),
        };
    }
    let mut sets: Vec<&Set> = found
        .iter()
        .filter_map(|(k, _)| get(ctx.st, db, k))
        .collect();
    sets.sort_by_key(|s| s.len());
    let (first, rest) = sets.split_first().expect("at least one key");
    let members = first.iter().filter(|m| {
        rest.iter()
            .all(|s| std::ptr::eq(*s, *first) || s.contains(m))
    });
    match to {
        InterTo::Reply => {
            let members: Vec<Member> = members.collect();
            ctx.out.set(members.len());
            for m in members {
                ctx.out.bulk(&m);
            }
        }
        InterTo::Count(limit) => {
            let limit = if limit == 0 { usize::MAX } else { limit };
            let n = members.take(limit).count();
            ctx.out.int(n as i64);
        }
        InterTo::Store(dst) => {
            let mut result = Set::default();
            for m in members {
                result.add(&m, max);
            }
            store(ctx, dst, result);
        }
    }
}

fn sinter(ctx: &mut Ctx, args: &Args) {
    sinter_generic(ctx, args.iter().skip(1), InterTo::Reply);
}

fn sinterstore(ctx: &mut Ctx, args: &Args) {
    sinter_generic(ctx, args.iter().skip(2), InterTo::Store(args.get(1)));
}

fn sintercard(ctx: &mut Ctx, args: &Args) {
    let numkeys = match parse_i64(args.get(1)) {
        Some(n) if n >= 1 => n as usize,
        _ => return ctx.out.error("ERR numkeys should be greater than 0"),
    };
    if numkeys > args.len() - 2 {
        return ctx
            .out
            .error("ERR Number of keys can't be greater than number of args");
    }
    let mut limit = 0;
    let mut j = 2 + numkeys;
    while j < args.len() {
        if args.is(j, "limit") && j + 1 < args.len() {
            match parse_i64(args.get(j + 1)) {
                Some(n) if n >= 0 => limit = n as usize,
                _ => return ctx.out.error("ERR LIMIT can't be negative"),
            }
            j += 2;
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
    }
    sinter_generic(
        ctx,
        args.iter().skip(2).take(numkeys),
        InterTo::Count(limit),
    );
}

/// Redis's `sunionDiffGenericCommand`: `diff` false is SUNION, true SDIFF.
fn sunion_diff_generic<'k>(
    ctx: &mut Ctx,
    keys: impl Iterator<Item = &'k [u8]>,
    dst: Option<&[u8]>,
    diff: bool,
) {
    let Ok(found) = lookup_all(ctx, keys) else {
        return;
    };
    let db = ctx.client.db;
    let max = max_intset(ctx);
    let sets: Vec<Option<&Set>> = found
        .iter()
        .map(|(k, present)| present.then(|| get(ctx.st, db, k)).flatten())
        .collect();
    // Built as Redis builds it: from an empty intset, in the order the members come.
    let mut result = Set::default();
    if !diff {
        for s in sets.iter().flatten() {
            for m in s.iter() {
                result.add(&m, max);
            }
        }
    } else if let Some(first) = sets[0] {
        let first_key = found[0].0;
        let same_set = found[1..].iter().any(|(k, _)| *k == first_key);
        let others: Vec<&Set> = sets[1..].iter().flatten().copied().collect();
        // Redis picks the cheaper of two algorithms: look each member of the first set up in
        // the others (about len(first) * sets / 2), or copy the first and remove the others'.
        let one = first.len() * (others.len() + 1) / 2;
        let two: usize = first.len() + others.iter().map(|s| s.len()).sum::<usize>();
        if same_set {
        } else if one <= two {
            let mut others = others;
            others.sort_by_key(|s| std::cmp::Reverse(s.len()));
            for m in first.iter() {
                if others.iter().all(|s| !s.contains(&m)) {
                    result.add(&m, max);
                }
            }
        } else {
            // All of the first set goes in, so what it holds decides the encoding.
            for m in first.iter() {
                result.add(&m, max);
            }
            for s in others {
                for m in s.iter() {
                    result.remove(&m);
                }
                if result.is_empty() {
                    break;
                }
            }
        }
    }
    match dst {
        Some(dst) => store(ctx, dst, result),
        None => {
            ctx.out.set(result.len());
            for m in result.iter() {
                ctx.out.bulk(&m);
            }
            ctx.free(Value::Set(result));
        }
    }
}

fn sunion(ctx: &mut Ctx, args: &Args) {
    sunion_diff_generic(ctx, args.iter().skip(1), None, false);
}

fn sunionstore(ctx: &mut Ctx, args: &Args) {
    sunion_diff_generic(ctx, args.iter().skip(2), Some(args.get(1)), false);
}

fn sdiff(ctx: &mut Ctx, args: &Args) {
    sunion_diff_generic(ctx, args.iter().skip(1), None, true);
}

fn sdiffstore(ctx: &mut Ctx, args: &Args) {
    sunion_diff_generic(ctx, args.iter().skip(2), Some(args.get(1)), true);
}

fn sscan(ctx: &mut Ctx, args: &Args) {
    let Some(cursor) = parse_cursor(args.get(2)) else {
        return ctx.out.error("ERR invalid cursor");
    };
    let db = ctx.client.db;
    match lookup_read(ctx.st, db, args.get(1), ctx.out) {
        Ok(Some(_)) => {}
        Ok(None) => return empty_scan(ctx),
        Err(()) => return,
    }
    let Some(opts) = collection_scan_opts(ctx, args) else {
        return;
    };
    let Some(s) = get(ctx.st, db, args.get(1)) else {
        return;
    };
    // Redis returns an intset whole, whatever the COUNT.
    let (positions, next) = if s.is_intset() {
        (0..s.len(), 0)
    } else {
        collection_scan_step(s.len(), cursor, opts.count)
    };
    let found: Vec<Member> = positions
        .filter_map(|i| s.get_index(i))
        .filter(|m| opts.pattern.is_none_or(|p| glob::matches(p, m, false)))
        .collect();
    ctx.out.array(2);
    ctx.out.bulk(itoa::Buffer::new().format(next).as_bytes());
    ctx.out.bulks(found.iter().map(|m| &m[..]));
}
