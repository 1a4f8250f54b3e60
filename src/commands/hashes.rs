//! Hash commands (Redis's `t_hash.c`).
//!
//! A hash is an `IndexMap` of field to value that knows whether Redis would hold it as a
//! listpack or a hashtable (`db::types::Hash`). A listpack hash keeps insertion order, so
//! HGETALL of it prints exactly what Redis prints, and HSCAN returns it whole; a hashtable's
//! order is unspecified, as in Redis. Either removal keeps HSCAN's guarantee (see
//! `keys::collection_scan_step`). Random fields (HRANDFIELD) are picked by position, in O(1).

use super::flags::*;
use super::keys::{collection_scan_opts, collection_scan_step, empty_scan, parse_cursor};
use super::{Args, Command, Ctx};
use crate::db::types::Hash;
use crate::db::{Value, glob};
use crate::proto::errors;
use crate::proto::num::{FloatIncrError, incr_by_float, parse_i64};
use crate::proto::reply::Reply;
use crate::state::State;
use crate::util::Rng;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "hset",
        arity: -4,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HSET key field value [field value ...]",
        handler: hset,
    },
    Command {
        name: "hmset",
        arity: -4,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HMSET key field value [field value ...]",
        handler: hset,
    },
    Command {
        name: "hsetnx",
        arity: 4,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HSETNX key field value",
        handler: hsetnx,
    },
    Command {
        name: "hget",
        arity: 3,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HGET key field",
        handler: hget,
    },
    Command {
        name: "hmget",
        arity: -3,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HMGET key field [field ...]",
        handler: hmget,
    },
    Command {
        name: "hdel",
        arity: -3,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HDEL key field [field ...]",
        handler: hdel,
    },
    Command {
        name: "hlen",
        arity: 2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HLEN key",
        handler: hlen,
    },
    Command {
        name: "hstrlen",
        arity: 3,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HSTRLEN key field",
        handler: hstrlen,
    },
    Command {
        name: "hexists",
        arity: 3,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HEXISTS key field",
        handler: hexists,
    },
    Command {
        name: "hkeys",
        arity: 2,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HKEYS key",
        handler: hkeys,
    },
    Command {
        name: "hvals",
        arity: 2,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HVALS key",
        handler: hvals,
    },
    Command {
        name: "hgetall",
        arity: 2,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HGETALL key",
        handler: hgetall,
    },
    Command {
        name: "hincrby",
        arity: 4,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HINCRBY key field increment",
        handler: hincrby,
    },
    Command {
        name: "hincrbyfloat",
        arity: 4,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HINCRBYFLOAT key field increment",
        handler: hincrbyfloat,
    },
    Command {
        name: "hrandfield",
        arity: -2,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HRANDFIELD key [count [WITHVALUES]]",
        handler: hrandfield,
    },
    Command {
        name: "hscan",
        arity: -3,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "hash",
        syntax: "HSCAN key cursor [MATCH pattern] [COUNT count]",
        handler: hscan,
    },
];

/// The hash at `key` (expired keys deleted first): Ok(None) when missing, Err after replying
/// WRONGTYPE.
fn lookup<'a>(
    st: &'a mut State,
    db: usize,
    key: &[u8],
    out: &mut Reply,
) -> Result<Option<&'a mut Hash>, ()> {
    super::typed(st.lookup(db, key), out, Value::as_hash_mut)
}

/// `lookup` for reading (Redis's `lookupKeyRead`): also counts a keyspace hit or miss.
fn lookup_read<'a>(
    st: &'a mut State,
    db: usize,
    key: &[u8],
    out: &mut Reply,
) -> Result<Option<&'a Hash>, ()> {
    super::typed_ref(st.lookup_read(db, key), out, Value::as_hash)
}

/// Redis's `hashTypeLookupWriteOrCreate`: the hash at `key`, created empty when missing; Err
/// after replying WRONGTYPE. A caller that may leave it empty calls `drop_if_empty`.
fn lookup_or_create<'a>(
    st: &'a mut State,
    db: usize,
    key: &[u8],
    out: &mut Reply,
) -> Result<&'a mut Hash, ()> {
    let make = || Value::Hash(Hash::default());
    super::typed_or_create(st, db, key, out, make, Value::as_hash_mut)
}

/// Deletes the key when its hash has no fields left (an empty collection is no key in Redis).
fn drop_if_empty(st: &mut State, db: usize, key: &[u8]) {
    if matches!(st.dbs[db].get(key), Some(Value::Hash(h)) if h.is_empty()) {
        st.dbs[db].remove(key);
    }
}

/// (hash-max-listpack-entries, hash-max-listpack-value): beyond them a hash is a hashtable.
fn limits(ctx: &Ctx) -> (usize, usize) {
    let e = &ctx.st.config.encodings;
    (
        e.hash_max_listpack_entries.max(0) as usize,
        e.hash_max_listpack_value.max(0) as usize,
    )
}

fn hset(ctx: &mut Ctx, args: &Args) {
    if !args.len().is_multiple_of(2) {
        return ctx.out.error(&errors::wrong_arity(ctx.client.last_cmd));
    }
    let db = ctx.client.db;
    let (max_entries, max_value) = limits(ctx);
    let Ok(h) = lookup_or_create(ctx.st, db, args.get(1), ctx.out) else {
        return;
    };
    // Redis checks every argument's length before setting any (`hashTypeTryConversion`).
    for arg in args.iter().skip(2) {
        h.convert_for(arg, max_value);
    }
    let mut created = 0;
    for i in (2..args.len()).step_by(2) {
        if h.set(args.get(i), args.get(i + 1), max_entries, max_value) {
            created += 1;
        }
    }
    ctx.dirty((args.len() as u64 - 2) / 2);
    if args.get(0)[1].eq_ignore_ascii_case(&b's') {
        ctx.out.int(created);
    } else {
        ctx.out.ok();
    }
}

fn hsetnx(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    let (max_entries, max_value) = limits(ctx);
    let Ok(h) = lookup_or_create(ctx.st, db, args.get(1), ctx.out) else {
        return;
    };
    if h.contains_key(args.get(2)) {
        return ctx.out.int(0);
    }
    h.set(args.get(2), args.get(3), max_entries, max_value);
    ctx.dirty(1);
    ctx.out.int(1);
}

fn hget(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    match lookup_read(ctx.st, db, args.get(1), ctx.out) {
        Ok(Some(h)) => match h.get(args.get(2)) {
            Some(v) => ctx.out.bulk(v),
            None => ctx.out.null(),
        },
        Ok(None) => ctx.out.null(),
        Err(()) => {}
    }
}

fn hmget(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    let Ok(h) = lookup_read(ctx.st, db, args.get(1), ctx.out) else {
        return;
    };
    ctx.out.array(args.len() - 2);
    for field in args.iter().skip(2) {
        match h.as_ref().and_then(|h| h.get(field)) {
            Some(v) => ctx.out.bulk(v),
            None => ctx.out.null(),
        }
    }
}

fn hdel(ctx: &mut Ctx, args: &Args) {
    let (db, key) = (ctx.client.db, args.get(1));
    let h = match lookup(ctx.st, db, key, ctx.out) {
        Ok(Some(h)) => h,
        Ok(None) => return ctx.out.int(0),
        Err(()) => return,
    };
    let mut deleted = 0;
    for field in args.iter().skip(2) {
        if h.remove(field) {
            deleted += 1;
            if h.is_empty() {
                break;
            }
        }
    }
    h.shrink_if_sparse();
    drop_if_empty(ctx.st, db, key);
    ctx.dirty(deleted as u64);
    ctx.out.int(deleted);
}

fn hlen(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    if let Ok(h) = lookup_read(ctx.st, db, args.get(1), ctx.out) {
        ctx.out.int(h.map_or(0, |h| h.len() as i64));
    }
}

fn hstrlen(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    if let Ok(h) = lookup_read(ctx.st, db, args.get(1), ctx.out) {
        let len = h.and_then(|h| h.get(args.get(2))).map_or(0, |v| v.len());
        ctx.out.int(len as i64);
    }
}

fn hexists(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    if let Ok(h) = lookup_read(ctx.st, db, args.get(1), ctx.out) {
        let found = h.is_some_and(|h| h.contains_key(args.get(2)));
        ctx.out.int(found as i64);
    }
}

/// HKEYS, HVALS and HGETALL (Redis's `genericHgetallCommand`).
fn getall_generic(ctx: &mut Ctx, args: &Args, keys: bool, values: bool) {
    let db = ctx.client.db;
    let h = match lookup_read(ctx.st, db, args.get(1), ctx.out) {
        Ok(Some(h)) => h,
        Ok(None) if keys && values => return ctx.out.map(0),
        Ok(None) => return ctx.out.array(0),
        Err(()) => return,
    };
    if keys && values {
        ctx.out.map(h.len());
    } else {
        ctx.out.array(h.len());
    }
    for (f, v) in h.iter() {
        if keys {
            ctx.out.bulk(f);
        }
        if values {
            ctx.out.bulk(v);
        }
    }
}

fn hkeys(ctx: &mut Ctx, args: &Args) {
    getall_generic(ctx, args, true, false);
}

fn hvals(ctx: &mut Ctx, args: &Args) {
    getall_generic(ctx, args, false, true);
}

fn hgetall(ctx: &mut Ctx, args: &Args) {
    getall_generic(ctx, args, true, true);
}

fn hincrby(ctx: &mut Ctx, args: &Args) {
    let Some(incr) = ctx.int_arg(args.get(3)) else {
        return;
    };
    let (db, key, field) = (ctx.client.db, args.get(1), args.get(2));
    let (max_entries, max_value) = limits(ctx);
    let Ok(h) = lookup_or_create(ctx.st, db, key, ctx.out) else {
        return;
    };
    let old = match h.get(field) {
        None => 0,
        Some(v) => match parse_i64(v) {
            Some(n) => n,
            None => return ctx.out.error("ERR hash value is not an integer"),
        },
    };
    let Some(new) = old.checked_add(incr) else {
        drop_if_empty(ctx.st, db, key);
        return ctx.out.error(errors::OVERFLOW);
    };
    h.set(
        field,
        itoa::Buffer::new().format(new).as_bytes(),
        max_entries,
        max_value,
    );
    ctx.dirty(1);
    ctx.out.int(new);
}

fn hincrbyfloat(ctx: &mut Ctx, args: &Args) {
    let (db, key, field, incr) = (ctx.client.db, args.get(1), args.get(2), args.get(3));
    // The increment alone: invalid, or infinite (0 + a finite increment is finite).
    match incr_by_float(None, incr) {
        Ok(_) => {}
        Err(FloatIncrError::NotFloat) => return ctx.out.error(errors::NOT_FLOAT),
        Err(FloatIncrError::NanOrInfinity) => {
            return ctx.out.error("ERR value is NaN or Infinity");
        }
    }
    let (max_entries, max_value) = limits(ctx);
    let Ok(h) = lookup_or_create(ctx.st, db, key, ctx.out) else {
        return;
    };
    let result = incr_by_float(h.get(field), incr);
    let text = match result {
        Ok(text) => text,
        Err(e) => {
            drop_if_empty(ctx.st, db, key);
            return ctx.out.error(match e {
                FloatIncrError::NotFloat => "ERR hash value is not a float",
                FloatIncrError::NanOrInfinity => "ERR increment would produce NaN or Infinity",
            });
        }
    };
    h.set(field, &text, max_entries, max_value);
    ctx.propagate_as(&[b"HSET", key, field, &text]);
    ctx.dirty(1);
    ctx.out.bulk(&text);
}

/// `count` distinct positions out of `0..size` (count < size), picked at random without copying
/// the collection. For a count close to the size this is Redis's way (all positions, then random
/// ones removed until `count` are left); otherwise random picks until `count` distinct ones came.
pub(super) fn distinct_positions(rng: &mut Rng, size: usize, count: usize) -> Vec<usize> {
    if count * 3 > size {
        let mut all: Vec<usize> = (0..size).collect();
        while all.len() > count {
            let i = rng.below(all.len());
            all.swap_remove(i);
        }
        all
    } else {
        let mut seen: std::collections::HashSet<usize, foldhash::fast::RandomState> =
            Default::default();
        seen.reserve(count);
        let mut out = Vec::with_capacity(count);
        while out.len() < count {
            let i = rng.below(size);
            if seen.insert(i) {
                out.push(i);
            }
        }
        out
    }
}

/// A count argument as `getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX)` reads it (HRANDFIELD,
/// SRANDMEMBER). Replies on error.
pub(super) fn random_count(ctx: &mut Ctx, arg: &[u8]) -> Option<i64> {
    let n = ctx.int_arg(arg)?;
    if n == i64::MIN {
        ctx.out.error(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
        );
        return None;
    }
    Some(n)
}

fn hrandfield(ctx: &mut Ctx, args: &Args) {
    let (db, key) = (ctx.client.db, args.get(1));
    let mut parsed = None;
    if args.len() > 2 {
        let Some(n) = random_count(ctx, args.get(2)) else {
            return;
        };
        if args.len() > 4 || (args.len() == 4 && !args.is(3, "withvalues")) {
            return ctx.out.error(errors::SYNTAX);
        }
        let with_values = args.len() == 4;
        if with_values && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&n) {
            return ctx.out.error("ERR value is out of range");
        }
        parsed = Some((n, with_values));
    }
    match lookup_read(ctx.st, db, key, ctx.out) {
        Ok(Some(_)) => {}
        Ok(None) if parsed.is_some() => return ctx.out.array(0),
        Ok(None) => return ctx.out.null(),
        Err(()) => return,
    }
    let State { dbs, rng, .. } = &mut *ctx.st;
    let Some(Value::Hash(h)) = dbs[db].get(key) else {
        return;
    };
    let size = h.len();
    let Some((n, with_values)) = parsed else {
        if let Some((f, _)) = h.get_index(rng.below(size)) {
            ctx.out.bulk(f);
        }
        return;
    };
    let (count, unique) = (n.unsigned_abs() as usize, n >= 0);
    if count == 0 {
        return ctx.out.array(0);
    }
    let out = &mut *ctx.out;
    let resp3 = out.resp3;
    let header = |out: &mut Reply, n: usize| {
        out.array(if with_values && !resp3 { n * 2 } else { n });
    };
    let reply_field = |out: &mut Reply, (f, v): (&[u8], &[u8])| {
        if with_values && resp3 {
            out.array(2);
        }
        out.bulk(f);
        if with_values {
            out.bulk(v);
        }
    };
    // A listpack reaches a position by a scan; index it once for many picks.
    let listed: Vec<(&[u8], &[u8])> = match h.is_listpack() && count > 1 {
        true => h.iter().collect(),
        false => Vec::new(),
    };
    let pick = |i: usize| match listed.get(i) {
        Some(&fv) => Some(fv),
        None => h.get_index(i),
    };
    if !unique || count == 1 {
        header(out, count);
        for _ in 0..count {
            if let Some(fv) = pick(rng.below(size)) {
                reply_field(out, fv);
            }
        }
    } else if count >= size {
        header(out, size);
        for fv in h.iter() {
            reply_field(out, fv);
        }
    } else {
        header(out, count);
        for i in distinct_positions(rng, size, count) {
            if let Some(fv) = pick(i) {
                reply_field(out, fv);
            }
        }
    }
}

fn hscan(ctx: &mut Ctx, args: &Args) {
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
    let Some(Value::Hash(h)) = ctx.st.dbs[db].get(args.get(1)) else {
        return;
    };
    let wanted = |f: &[u8]| opts.pattern.is_none_or(|p| glob::matches(p, f, false));
    // Redis returns a listpack whole, whatever the COUNT.
    let (found, next): (Vec<(&[u8], &[u8])>, _) = if h.is_listpack() {
        (h.iter().filter(|(f, _)| wanted(f)).collect(), 0)
    } else {
        let (positions, next) = collection_scan_step(h.len(), cursor, opts.count);
        let found = positions
            .filter_map(|i| h.get_index(i))
            .filter(|(f, _)| wanted(f));
        (found.collect(), next)
    };
    ctx.out.array(2);
    ctx.out.bulk(itoa::Buffer::new().format(next).as_bytes());
    ctx.out.array(found.len() * 2);
    for (f, v) in found {
        ctx.out.bulk(f);
        ctx.out.bulk(v);
    }
}
