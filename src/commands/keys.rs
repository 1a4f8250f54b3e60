//! Keyspace commands: existence, deletion, renaming, copying between databases, iteration
//! (KEYS, SCAN, RANDOMKEY) and expiry (EXPIRE family, TTL family, PERSIST), plus the
//! whole-database commands (DBSIZE, FLUSHDB, FLUSHALL, SWAPDB).

use super::flags::*;
use super::strings::Unit;
use super::{Args, Command, Ctx};
use crate::db::glob;
use crate::proto::errors;
use crate::proto::num::parse_i64;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "del",
        arity: -2,
        flags: WRITE,
        keys: (1, -1, 1),
        group: "generic",
        syntax: "DEL key [key ...]",
        handler: del,
    },
    Command {
        name: "delete",
        arity: -2,
        flags: WRITE,
        keys: (1, -1, 1),
        group: "generic",
        syntax: "DELETE key [key ...] (alias of DEL)",
        handler: del,
    },
    Command {
        name: "unlink",
        arity: -2,
        flags: WRITE | FAST,
        keys: (1, -1, 1),
        group: "generic",
        syntax: "UNLINK key [key ...]",
        handler: del,
    },
    Command {
        name: "exists",
        arity: -2,
        flags: READONLY | FAST,
        keys: (1, -1, 1),
        group: "generic",
        syntax: "EXISTS key [key ...]",
        handler: exists,
    },
    Command {
        name: "touch",
        arity: -2,
        flags: READONLY | FAST,
        keys: (1, -1, 1),
        group: "generic",
        syntax: "TOUCH key [key ...]",
        handler: touch,
    },
    Command {
        name: "type",
        arity: 2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "TYPE key",
        handler: type_,
    },
    Command {
        name: "keys",
        arity: 2,
        flags: READONLY,
        keys: (0, 0, 0),
        group: "generic",
        syntax: "KEYS pattern",
        handler: keys,
    },
    Command {
        name: "list",
        arity: 1,
        flags: READONLY,
        keys: (0, 0, 0),
        group: "generic",
        syntax: "LIST (all keys of the current database, like KEYS *)",
        handler: list,
    },
    Command {
        name: "scan",
        arity: -2,
        flags: READONLY,
        keys: (0, 0, 0),
        group: "generic",
        syntax: "SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]",
        handler: scan,
    },
    Command {
        name: "randomkey",
        arity: 1,
        flags: READONLY,
        keys: (0, 0, 0),
        group: "generic",
        syntax: "RANDOMKEY",
        handler: randomkey,
    },
    Command {
        name: "rename",
        arity: 3,
        flags: WRITE,
        keys: (1, 2, 1),
        group: "generic",
        syntax: "RENAME key newkey",
        handler: rename,
    },
    Command {
        name: "renamenx",
        arity: 3,
        flags: WRITE | FAST,
        keys: (1, 2, 1),
        group: "generic",
        syntax: "RENAMENX key newkey",
        handler: renamenx,
    },
    Command {
        name: "copy",
        arity: -3,
        flags: WRITE | DENYOOM,
        keys: (1, 2, 1),
        group: "generic",
        syntax: "COPY source destination [DB destination-db] [REPLACE]",
        handler: copy,
    },
    Command {
        name: "move",
        arity: 3,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "MOVE key db",
        handler: move_,
    },
    Command {
        name: "swapdb",
        arity: 3,
        flags: WRITE | FAST,
        keys: (0, 0, 0),
        group: "server",
        syntax: "SWAPDB index1 index2",
        handler: swapdb,
    },
    Command {
        name: "dbsize",
        arity: 1,
        flags: READONLY | FAST,
        keys: (0, 0, 0),
        group: "server",
        syntax: "DBSIZE",
        handler: dbsize,
    },
    Command {
        name: "flushdb",
        arity: -1,
        flags: WRITE,
        keys: (0, 0, 0),
        group: "server",
        syntax: "FLUSHDB [ASYNC|SYNC]",
        handler: flushdb,
    },
    Command {
        name: "flushall",
        arity: -1,
        flags: WRITE,
        keys: (0, 0, 0),
        group: "server",
        syntax: "FLUSHALL [ASYNC|SYNC]",
        handler: flushall,
    },
    Command {
        name: "expire",
        arity: -3,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "EXPIRE key seconds [NX|XX|GT|LT]",
        handler: expire,
    },
    Command {
        name: "pexpire",
        arity: -3,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "PEXPIRE key milliseconds [NX|XX|GT|LT]",
        handler: pexpire,
    },
    Command {
        name: "expireat",
        arity: -3,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "EXPIREAT key unix-time-seconds [NX|XX|GT|LT]",
        handler: expireat,
    },
    Command {
        name: "pexpireat",
        arity: -3,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "PEXPIREAT key unix-time-milliseconds [NX|XX|GT|LT]",
        handler: pexpireat,
    },
    Command {
        name: "ttl",
        arity: 2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "TTL key",
        handler: ttl,
    },
    Command {
        name: "pttl",
        arity: 2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "PTTL key",
        handler: pttl,
    },
    Command {
        name: "expiretime",
        arity: 2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "EXPIRETIME key",
        handler: expiretime,
    },
    Command {
        name: "pexpiretime",
        arity: 2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "PEXPIRETIME key",
        handler: pexpiretime,
    },
    Command {
        name: "persist",
        arity: 2,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "PERSIST key",
        handler: persist,
    },
];

/// Parses a database index the way `getIntFromObjectOrReply` + `selectDb` do. Replies on error:
/// an integer outside the C `int` range gets Redis's own range message, not `not_int`.
pub fn db_index(ctx: &mut Ctx, arg: &[u8], not_int: &str) -> Option<usize> {
    match parse_i64(arg) {
        None => {
            ctx.out.error(not_int);
            None
        }
        // Redis's getIntFromObjectOrReply: an integer that is not an `int` has its own error.
        Some(n) if i32::try_from(n).is_err() => {
            ctx.out.error(errors::INT_RANGE);
            None
        }
        Some(n) if n < 0 || n as usize >= ctx.st.dbs.len() => {
            ctx.out.error(errors::DB_INDEX);
            None
        }
        Some(n) => Some(n as usize),
    }
}

fn del(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    let mut n = 0;
    for key in args.iter().skip(1) {
        ctx.st.expire_if_needed(db, key);
        if let Some(v) = ctx.st.dbs[db].remove(key) {
            ctx.free(v);
            n += 1;
        }
    }
    ctx.dirty(n as u64);
    ctx.out.int(n);
}

fn exists(ctx: &mut Ctx, args: &Args) {
    count_present(ctx, args, false);
}

/// TOUCH: EXISTS that also counts as an access of each key (OBJECT IDLETIME).
fn touch(ctx: &mut Ctx, args: &Args) {
    count_present(ctx, args, true);
}

/// Replies how many of the keys in `args[1..]` exist; `touch` records the accesses.
fn count_present(ctx: &mut Ctx, args: &Args, touch: bool) {
    let db = ctx.client.db;
    let n = args
        .iter()
        .skip(1)
        .filter(|key| {
            if touch {
                ctx.st.lookup_read(db, key).is_some()
            } else {
                ctx.st.lookup_read_notouch(db, key).is_some()
            }
        })
        .count();
    ctx.out.int(n as i64);
}

fn type_(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    let name = ctx
        .st
        .lookup_read_notouch(db, args.get(1))
        .map_or("none", |v| v.type_name());
    ctx.out.simple(name);
}

/// Replies with every live key matching `pattern` (None = all).
fn keys_matching(ctx: &mut Ctx, pattern: Option<&[u8]>) {
    let now = ctx.now();
    let db = &ctx.st.dbs[ctx.client.db];
    let pattern = pattern.filter(|p| *p != b"*");
    let found: Vec<&[u8]> = db
        .keys(now)
        .filter(|k| pattern.is_none_or(|p| glob::matches(p, k, false)))
        .map(|k| &k[..])
        .collect();
    ctx.out.bulks(found.into_iter());
}

fn keys(ctx: &mut Ctx, args: &Args) {
    keys_matching(ctx, Some(args.get(1)));
}

fn list(ctx: &mut Ctx, _args: &Args) {
    keys_matching(ctx, None);
}

/// A SCAN cursor as `strtoul` reads it: an empty string is 0, a leading space is invalid.
pub fn parse_cursor(arg: &[u8]) -> Option<u64> {
    if arg.first().is_some_and(|c| c.is_ascii_whitespace()) {
        return None;
    }
    let (neg, digits) = match arg.first() {
        Some(b'-') => (true, &arg[1..]),
        Some(b'+') => (false, &arg[1..]),
        _ => (false, arg),
    };
    if digits.is_empty() {
        return if arg.is_empty() { Some(0) } else { None };
    }
    let mut v: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((c - b'0') as u64)?;
    }
    Some(if neg { v.wrapping_neg() } else { v })
}

fn scan(ctx: &mut Ctx, args: &Args) {
    let Some(cursor) = parse_cursor(args.get(1)) else {
        return ctx.out.error("ERR invalid cursor");
    };
    let (mut count, mut pattern, mut type_name) = (10usize, None, None);
    let mut i = 2;
    while i < args.len() {
        let has_value = args.len() - i >= 2;
        if args.is(i, "count") && has_value {
            let Some(n) = ctx.int_arg(args.get(i + 1)) else {
                return;
            };
            if n < 1 {
                return ctx.out.error(errors::SYNTAX);
            }
            count = n as usize;
        } else if args.is(i, "match") && has_value {
            pattern = Some(args.get(i + 1)).filter(|p| *p != b"*");
        } else if args.is(i, "type") && has_value {
            type_name = Some(args.get(i + 1));
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
        i += 2;
    }
    let now = ctx.now();
    let db = ctx.client.db;
    let mut found = Vec::new();
    let next = ctx.st.dbs[db].scan(cursor, count, |k, v| {
        let type_ok = type_name.is_none_or(|t| t.eq_ignore_ascii_case(v.type_name().as_bytes()));
        if type_ok && pattern.is_none_or(|p| glob::matches(p, k, false)) {
            found.push(k.clone());
        }
    });
    // Keys whose time has come are deleted, not returned, as Redis's SCAN does.
    found.retain(|k| {
        let expired = ctx.st.dbs[db].expire_at(k).is_some_and(|at| at <= now);
        if expired {
            ctx.st.expire_if_needed(db, k);
        }
        !expired
    });
    ctx.out.array(2);
    ctx.out.bulk(itoa::Buffer::new().format(next).as_bytes());
    ctx.out.bulks(found.iter().map(|k| &k[..]));
}

/// HSCAN/SSCAN/ZSCAN's options (`[MATCH pattern] [COUNT count]`; TYPE is SCAN's only).
pub struct CollectionScan<'a> {
    pub count: usize,
    /// None matches everything (also for `MATCH *`).
    pub pattern: Option<&'a [u8]>,
}

/// Collections with fewer elements than this come back whole with cursor 0, as Redis's compact
/// encodings (listpack, intset) do.
pub const SCAN_WHOLE_BELOW: usize = 128;

/// Parses a collection scan's options from `args[3..]` as Redis's `scanGenericCommand` does.
/// Replies the error and returns None when they are invalid.
pub fn collection_scan_opts<'a>(ctx: &mut Ctx, args: &Args<'a>) -> Option<CollectionScan<'a>> {
    let mut o = CollectionScan {
        count: 10,
        pattern: None,
    };
    let mut i = 3;
    while i < args.len() {
        let has_value = args.len() - i >= 2;
        if args.is(i, "count") && has_value {
            let n = ctx.int_arg(args.get(i + 1))?;
            if n < 1 {
                ctx.out.error(errors::SYNTAX);
                return None;
            }
            o.count = n as usize;
        } else if args.is(i, "match") && has_value {
            o.pattern = Some(args.get(i + 1)).filter(|p| *p != b"*");
        } else {
            ctx.out.error(errors::SYNTAX);
            return None;
        }
        i += 2;
    }
    Some(o)
}

/// One step of a collection scan over positions `0..len`: the positions to visit and the next
/// cursor (0 when done). Like `Db::scan` it walks from the end towards position 0, so a
/// swap-removal or a shift-removal never carries an unvisited element into the visited part.
pub fn collection_scan_step(
    len: usize,
    cursor: u64,
    count: usize,
) -> (std::ops::Range<usize>, u64) {
    if len < SCAN_WHOLE_BELOW {
        return (0..len, 0);
    }
    let start = if cursor == 0 || cursor > len as u64 {
        len
    } else {
        cursor as usize
    };
    let next = start.saturating_sub(count);
    (next..start, next as u64)
}

/// The reply to HSCAN/SSCAN/ZSCAN of a missing key.
pub fn empty_scan(ctx: &mut Ctx) {
    ctx.out.buf.extend_from_slice(b"*2\r\n$1\r\n0\r\n*0\r\n");
}

/// As Redis's `dbRandomKey` on a master: an expired key drawn is deleted and another drawn, so
/// an expired key is never returned, however many there are.
fn randomkey(ctx: &mut Ctx, _args: &Args) {
    let db = ctx.client.db;
    loop {
        let st = &mut *ctx.st;
        let Some(key) = st.dbs[db].random_key(&mut st.rng) else {
            return ctx.out.null();
        };
        if st.dbs[db].contains(&key, st.now_ms) {
            return ctx.out.bulk(&key);
        }
        st.expire_if_needed(db, &key);
    }
}

fn rename_generic(ctx: &mut Ctx, args: &Args, nx: bool) {
    let (from, to) = (args.get(1), args.get(2));
    let db = ctx.client.db;
    if ctx.st.lookup(db, from).is_none() {
        return ctx.out.error(errors::NO_SUCH_KEY);
    }
    if from == to {
        return if nx { ctx.out.int(0) } else { ctx.out.ok() };
    }
    if ctx.st.lookup(db, to).is_some() {
        if nx {
            return ctx.out.int(0);
        }
        if let Some(old) = ctx.st.dbs[db].remove(to) {
            ctx.free(old);
        }
    }
    if let Some((value, ttl)) = ctx.st.dbs[db].take(from) {
        ctx.st.dbs[db].insert_new(to, value);
        if let Some(at) = ttl {
            ctx.st.dbs[db].set_expire(to, at);
        }
        // A list moved into place serves clients blocked on its new name (Redis's dbAdd).
        ctx.st.blocking.signal(db, to);
    }
    ctx.dirty(1);
    if nx { ctx.out.int(1) } else { ctx.out.ok() }
}

fn rename(ctx: &mut Ctx, args: &Args) {
    rename_generic(ctx, args, false);
}

fn renamenx(ctx: &mut Ctx, args: &Args) {
    rename_generic(ctx, args, true);
}

fn move_(ctx: &mut Ctx, args: &Args) {
    let key = args.get(1);
    let Some(dst) = db_index(ctx, args.get(2), errors::NOT_INTEGER) else {
        return;
    };
    let src = ctx.client.db;
    if src == dst {
        return ctx
            .out
            .error("ERR source and destination objects are the same");
    }
    if ctx.st.lookup(src, key).is_none() || ctx.st.lookup(dst, key).is_some() {
        return ctx.out.int(0);
    }
    if let Some((value, ttl)) = ctx.st.dbs[src].take(key) {
        ctx.st.dbs[dst].insert_new(key, value);
        if let Some(at) = ttl {
            ctx.st.dbs[dst].set_expire(key, at);
        }
        ctx.st.blocking.signal(dst, key);
    }
    ctx.dirty(1);
    ctx.out.int(1);
}

fn copy(ctx: &mut Ctx, args: &Args) {
    let (from, to) = (args.get(1), args.get(2));
    let src = ctx.client.db;
    let (mut dst, mut replace) = (src, false);
    let mut j = 3;
    while j < args.len() {
        if args.is(j, "replace") {
            replace = true;
        } else if args.is(j, "db") && j + 1 < args.len() {
            let Some(d) = db_index(ctx, args.get(j + 1), errors::NOT_INTEGER) else {
                return;
            };
            dst = d;
            j += 1;
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
        j += 1;
    }
    if src == dst && from == to {
        return ctx
            .out
            .error("ERR source and destination objects are the same");
    }
    let Some(value) = ctx.st.lookup_read(src, from).cloned() else {
        return ctx.out.int(0);
    };
    let ttl = ctx.st.dbs[src].expire_at(from);
    if ctx.st.lookup(dst, to).is_some() {
        if !replace {
            return ctx.out.int(0);
        }
        if let Some(old) = ctx.st.dbs[dst].remove(to) {
            ctx.free(old);
        }
    }
    ctx.st.dbs[dst].insert_new(to, value);
    if let Some(at) = ttl {
        ctx.st.dbs[dst].set_expire(to, at);
    }
    ctx.st.blocking.signal(dst, to);
    ctx.dirty(1);
    ctx.out.int(1);
}

fn swapdb(ctx: &mut Ctx, args: &Args) {
    let Some(a) = parse_i64(args.get(1)).filter(|n| i32::try_from(*n).is_ok()) else {
        return ctx.out.error("ERR invalid first DB index");
    };
    let Some(b) = parse_i64(args.get(2)).filter(|n| i32::try_from(*n).is_ok()) else {
        return ctx.out.error("ERR invalid second DB index");
    };
    let n = ctx.st.dbs.len() as i64;
    if a < 0 || a >= n || b < 0 || b >= n {
        return ctx.out.error(errors::DB_INDEX);
    }
    let (a, b) = (a as usize, b as usize);
    let st = &mut *ctx.st;
    for (db, other) in [(a, b), (b, a)] {
        let (x, y) = (&st.dbs[db], &st.dbs[other]);
        st.watches
            .touch_db(db, |k| x.get(k).is_some() || y.get(k).is_some());
    }
    st.dbs.swap(a, b);
    st.blocking.signal_db(a);
    st.blocking.signal_db(b);
    ctx.dirty(1);
    ctx.out.ok();
}

fn dbsize(ctx: &mut Ctx, _args: &Args) {
    let n = ctx.db().len();
    ctx.out.int(n as i64);
}

/// `[ASYNC|SYNC]`: both free on a worker (the loop never spends O(N) time freeing); the reply
/// comes once the keys are gone from the keyspace either way.
fn flush_mode_ok(ctx: &mut Ctx, args: &Args) -> bool {
    if args.len() == 1 || (args.len() == 2 && (args.is(1, "sync") || args.is(1, "async"))) {
        return true;
    }
    ctx.out.error(errors::SYNTAX);
    false
}

/// Emptying a database changes every watched key that existed in it.
fn touch_watched_in(ctx: &mut Ctx, db: usize) {
    let st = &mut *ctx.st;
    let d = &st.dbs[db];
    st.watches.touch_db(db, |k| d.get(k).is_some());
}

fn flushdb(ctx: &mut Ctx, args: &Args) {
    if !flush_mode_ok(ctx, args) {
        return;
    }
    let db = ctx.client.db;
    touch_watched_in(ctx, db);
    let old = ctx.st.dbs[db].clear();
    ctx.dirty(old.len() as u64);
    ctx.st.free_db(old);
    ctx.out.ok();
}

fn flushall(ctx: &mut Ctx, args: &Args) {
    if !flush_mode_ok(ctx, args) {
        return;
    }
    for i in 0..ctx.st.dbs.len() {
        touch_watched_in(ctx, i);
        let old = ctx.st.dbs[i].clear();
        ctx.dirty(old.len() as u64);
        ctx.st.free_db(old);
    }
    // As Redis: an older snapshot must not bring the data back after a restart.
    if !ctx.st.config.save_points.is_empty()
        && let Err(e) = crate::persist::snapshot::save_now(ctx.st)
    {
        log::warn!("Failed saving the DB after FLUSHALL: {e}");
    }
    // Logged even when there was nothing to delete (Redis's `forceCommandPropagation`).
    let logged: Vec<&[u8]> = args.iter().collect();
    ctx.propagate_as(&logged);
    ctx.out.ok();
}

/// The one EXPIRE: `relative` adds the current time; `unit` scales the argument.
fn expire_generic(ctx: &mut Ctx, args: &Args, unit: Unit, relative: bool) {
    let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
    for i in 3..args.len() {
        match args.get(i).to_ascii_lowercase().as_slice() {
            b"nx" => nx = true,
            b"xx" => xx = true,
            b"gt" => gt = true,
            b"lt" => lt = true,
            _ => {
                let opt = String::from_utf8_lossy(args.get(i)).into_owned();
                return ctx.out.error(&format!("ERR Unsupported option {opt}"));
            }
        }
    }
    if nx && (xx || gt || lt) {
        return ctx
            .out
            .error("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if gt && lt {
        return ctx
            .out
            .error("ERR GT and LT options at the same time are not compatible");
    }
    let Some(mut when) = ctx.int_arg(args.get(2)) else {
        return;
    };
    let cmd = ctx.client.last_cmd;
    if unit == Unit::Seconds {
        if !(i64::MIN / 1000..=i64::MAX / 1000).contains(&when) {
            return ctx.out.error(&errors::invalid_expire(cmd));
        }
        when *= 1000;
    }
    let base = if relative { ctx.now() } else { 0 };
    if when > i64::MAX - base {
        return ctx.out.error(&errors::invalid_expire(cmd));
    }
    when += base;
    let key = args.get(1);
    let db = ctx.client.db;
    if ctx.st.lookup(db, key).is_none() {
        return ctx.out.int(0);
    }
    let current = ctx.st.dbs[db].expire_at(key);
    let refused = (nx && current.is_some())
        || (xx && current.is_none())
        || (gt && current.is_none_or(|c| when <= c))
        || (lt && current.is_some_and(|c| when >= c));
    if refused {
        return ctx.out.int(0);
    }
    if when <= ctx.now() {
        if let Some(v) = ctx.st.dbs[db].remove(key) {
            ctx.free(v);
        }
        ctx.propagate_as(&[b"DEL", key]);
    } else {
        ctx.st.dbs[db].set_expire(key, when);
        // Logged as PEXPIREAT with the absolute time, options kept (as Redis does).
        if relative || unit == Unit::Seconds {
            let when = itoa::Buffer::new().format(when).as_bytes().to_vec();
            let mut logged: Vec<&[u8]> = vec![b"PEXPIREAT", key, &when];
            logged.extend(args.iter().skip(3));
            ctx.propagate_as(&logged);
        }
    }
    ctx.dirty(1);
    ctx.out.int(1);
}

fn expire(ctx: &mut Ctx, args: &Args) {
    expire_generic(ctx, args, Unit::Seconds, true);
}

fn pexpire(ctx: &mut Ctx, args: &Args) {
    expire_generic(ctx, args, Unit::Millis, true);
}

fn expireat(ctx: &mut Ctx, args: &Args) {
    expire_generic(ctx, args, Unit::Seconds, false);
}

fn pexpireat(ctx: &mut Ctx, args: &Args) {
    expire_generic(ctx, args, Unit::Millis, false);
}

/// The one TTL: in ms or seconds (rounded), remaining or absolute.
fn ttl_generic(ctx: &mut Ctx, args: &Args, ms: bool, absolute: bool) {
    let key = args.get(1);
    let db = ctx.client.db;
    if ctx.st.lookup_read_notouch(db, key).is_none() {
        return ctx.out.int(-2);
    }
    let Some(at) = ctx.st.dbs[db].expire_at(key) else {
        return ctx.out.int(-1);
    };
    let t = if absolute {
        at
    } else {
        (at - ctx.now()).max(0)
    };
    ctx.out.int(if ms { t } else { (t + 500) / 1000 });
}

fn ttl(ctx: &mut Ctx, args: &Args) {
    ttl_generic(ctx, args, false, false);
}

fn pttl(ctx: &mut Ctx, args: &Args) {
    ttl_generic(ctx, args, true, false);
}

fn expiretime(ctx: &mut Ctx, args: &Args) {
    ttl_generic(ctx, args, false, true);
}

fn pexpiretime(ctx: &mut Ctx, args: &Args) {
    ttl_generic(ctx, args, true, true);
}

fn persist(ctx: &mut Ctx, args: &Args) {
    let key = args.get(1);
    let db = ctx.client.db;
    if ctx.st.lookup(db, key).is_none() {
        return ctx.out.int(0);
    }
    let removed = ctx.st.dbs[db].persist(key);
    if removed {
        ctx.dirty(1);
    }
    ctx.out.int(removed as i64);
}

#[cfg(test)]
mod tests {
    use super::parse_cursor;

    #[test]
    fn cursors_parse_like_strtoul() {
        assert_eq!(parse_cursor(b"0"), Some(0));
        assert_eq!(parse_cursor(b""), Some(0));
        assert_eq!(parse_cursor(b"123"), Some(123));
        assert_eq!(parse_cursor(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(parse_cursor(b"18446744073709551616"), None);
        assert_eq!(parse_cursor(b" 1"), None);
        assert_eq!(parse_cursor(b"1x"), None);
        assert_eq!(parse_cursor(b"-1"), Some(u64::MAX));
    }
}
