//! String commands: SET and its variants, GET and its variants, ranges, counters, LCS.
//!
//! As in Redis's `t_string.c`, SET, SETNX, SETEX, PSETEX and GETSET share one implementation
//! (`set_generic`), and GET, GETEX, GETDEL and SET ... GET share `get_generic`.

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::db::{Str, Value};
use crate::proto::errors;
use crate::proto::num::{FloatIncrError, incr_by_float, parse_i64};

pub static COMMANDS: &[Command] = &[
    Command {
        name: "get",
        arity: 2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "GET key",
        handler: get,
    },
    Command {
        name: "set",
        arity: -3,
        flags: WRITE | DENYOOM,
        keys: (1, 1, 1),
        group: "string",
        syntax: "SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]",
        handler: set,
    },
    Command {
        name: "setnx",
        arity: 3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "SETNX key value",
        handler: setnx,
    },
    Command {
        name: "setex",
        arity: 4,
        flags: WRITE | DENYOOM,
        keys: (1, 1, 1),
        group: "string",
        syntax: "SETEX key seconds value",
        handler: setex,
    },
    Command {
        name: "psetex",
        arity: 4,
        flags: WRITE | DENYOOM,
        keys: (1, 1, 1),
        group: "string",
        syntax: "PSETEX key milliseconds value",
        handler: psetex,
    },
    Command {
        name: "getset",
        arity: 3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "GETSET key value",
        handler: getset,
    },
    Command {
        name: "getdel",
        arity: 2,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "GETDEL key",
        handler: getdel,
    },
    Command {
        name: "getex",
        arity: -2,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "GETEX key [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|PERSIST]",
        handler: getex,
    },
    Command {
        name: "mget",
        arity: -2,
        flags: READONLY | FAST,
        keys: (1, -1, 1),
        group: "string",
        syntax: "MGET key [key ...]",
        handler: mget,
    },
    Command {
        name: "mset",
        arity: -3,
        flags: WRITE | DENYOOM,
        keys: (1, -1, 2),
        group: "string",
        syntax: "MSET key value [key value ...]",
        handler: mset,
    },
    Command {
        name: "msetnx",
        arity: -3,
        flags: WRITE | DENYOOM,
        keys: (1, -1, 2),
        group: "string",
        syntax: "MSETNX key value [key value ...]",
        handler: msetnx,
    },
    Command {
        name: "append",
        arity: 3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "APPEND key value",
        handler: append,
    },
    Command {
        name: "strlen",
        arity: 2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "STRLEN key",
        handler: strlen,
    },
    Command {
        name: "getrange",
        arity: 4,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "string",
        syntax: "GETRANGE key start end",
        handler: getrange,
    },
    Command {
        name: "substr",
        arity: 4,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "string",
        syntax: "SUBSTR key start end",
        handler: getrange,
    },
    Command {
        name: "lcs",
        arity: -3,
        flags: READONLY,
        keys: (1, 2, 1),
        group: "string",
        syntax: "LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]",
        handler: lcs,
    },
    Command {
        name: "setrange",
        arity: 4,
        flags: WRITE | DENYOOM,
        keys: (1, 1, 1),
        group: "string",
        syntax: "SETRANGE key offset value",
        handler: setrange,
    },
    Command {
        name: "incr",
        arity: 2,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "INCR key",
        handler: incr,
    },
    Command {
        name: "decr",
        arity: 2,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "DECR key",
        handler: decr,
    },
    Command {
        name: "incrby",
        arity: 3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "INCRBY key increment",
        handler: incrby,
    },
    Command {
        name: "decrby",
        arity: 3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "DECRBY key decrement",
        handler: decrby,
    },
    Command {
        name: "incrbyfloat",
        arity: 3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "string",
        syntax: "INCRBYFLOAT key increment",
        handler: incrbyfloat,
    },
];

/// How an expiry argument is given.
#[derive(Clone, Copy, PartialEq)]
pub enum Unit {
    Seconds,
    Millis,
}

/// Turns an EX/PX/EXAT/PXAT argument into an absolute time in ms, or the error Redis replies.
/// `relative` adds the current time (EX, PX).
pub fn expire_arg(
    arg: &[u8],
    unit: Unit,
    relative: bool,
    now: i64,
    cmd: &str,
) -> Result<i64, String> {
    let n = parse_i64(arg).ok_or_else(|| errors::NOT_INTEGER.to_string())?;
    if n <= 0 || (unit == Unit::Seconds && n > i64::MAX / 1000) {
        return Err(errors::invalid_expire(cmd));
    }
    let ms = if unit == Unit::Seconds { n * 1000 } else { n };
    let ms = if relative {
        ms.checked_add(now)
            .ok_or_else(|| errors::invalid_expire(cmd))?
    } else {
        ms
    };
    Ok(ms)
}

/// Options shared by SET and GETEX (Redis's `parseExtendedStringArgumentsOrReply`).
#[derive(Default)]
struct StringOpts<'a> {
    nx: bool,
    xx: bool,
    get: bool,
    keepttl: bool,
    persist: bool,
    /// The expiry argument, its unit and whether it is relative.
    expire: Option<(&'a [u8], Unit, bool)>,
}

/// Parses options from `args[from..]`; `for_set` selects SET's options, otherwise GETEX's.
fn parse_opts<'a>(args: &Args<'a>, from: usize, for_set: bool) -> Option<StringOpts<'a>> {
    let mut o = StringOpts::default();
    let mut j = from;
    while j < args.len() {
        let opt = args.get(j);
        let has_next = j + 1 < args.len();
        let expire_kind = |word: &str| opt.eq_ignore_ascii_case(word.as_bytes());
        let other_expire =
            |o: &StringOpts, mine: (Unit, bool)| o.expire.is_some_and(|(_, u, r)| (u, r) != mine);
        if expire_kind("nx") && !o.xx && for_set {
            o.nx = true;
        } else if expire_kind("xx") && !o.nx && for_set {
            o.xx = true;
        } else if expire_kind("get") && for_set {
            o.get = true;
        } else if expire_kind("keepttl") && !o.persist && o.expire.is_none() && for_set {
            o.keepttl = true;
        } else if expire_kind("persist") && !for_set && o.expire.is_none() && !o.keepttl {
            o.persist = true;
        } else if let Some(mine) = [
            ("ex", (Unit::Seconds, true)),
            ("px", (Unit::Millis, true)),
            ("exat", (Unit::Seconds, false)),
            ("pxat", (Unit::Millis, false)),
        ]
        .iter()
        .find(|(w, _)| expire_kind(w))
        .map(|(_, m)| *m)
            && !o.keepttl
            && !o.persist
            && !other_expire(&o, mine)
            && has_next
        {
            o.expire = Some((args.get(j + 1), mine.0, mine.1));
            j += 1;
        } else {
            return None;
        }
        j += 1;
    }
    Some(o)
}

/// Replies with the string at `key` (or null). Returns false after replying WRONGTYPE.
fn get_generic(ctx: &mut Ctx, key: &[u8]) -> bool {
    let db = ctx.client.db;
    match ctx.st.lookup_read(db, key) {
        None => ctx.out.null(),
        Some(Value::Str(s)) => ctx.out.bulk(s),
        Some(_) => {
            ctx.out.error(errors::WRONGTYPE);
            return false;
        }
    }
    true
}

/// The one SET: `abort` is what to reply when NX/XX prevents the write (None = null).
fn set_generic(
    ctx: &mut Ctx,
    cmd: &str,
    key: &[u8],
    value: &[u8],
    o: &StringOpts,
    ok: Option<i64>,
    abort: Option<i64>,
) {
    let now = ctx.now();
    let expire_at = match o.expire {
        Some((arg, unit, relative)) => match expire_arg(arg, unit, relative, now, cmd) {
            Ok(at) => Some(at),
            Err(e) => return ctx.out.error(&e),
        },
        None => None,
    };
    if o.get && !get_generic(ctx, key) {
        return;
    }
    let db = ctx.client.db;
    let found = ctx.st.lookup(db, key).is_some();
    if (o.nx && found) || (o.xx && !found) {
        if !o.get {
            match abort {
                Some(n) => ctx.out.int(n),
                None => ctx.out.null(),
            }
        }
        return;
    }
    let old = ctx.st.dbs[db].set(key, Value::Str(Str::from_slice(value)), o.keepttl);
    if let Some(old) = old {
        ctx.free(old);
    }
    if let Some(at) = expire_at {
        ctx.st.dbs[db].set_expire(key, at);
        // Logged with the absolute time, so replaying the log later does not extend it.
        ctx.propagate_as(&[
            b"SET",
            key,
            value,
            b"PXAT",
            itoa::Buffer::new().format(at).as_bytes(),
        ]);
    }
    ctx.dirty(1);
    if !o.get {
        match ok {
            Some(n) => ctx.out.int(n),
            None => ctx.out.ok(),
        }
    }
}

fn get(ctx: &mut Ctx, args: &Args) {
    get_generic(ctx, args.get(1));
}

fn set(ctx: &mut Ctx, args: &Args) {
    let Some(o) = parse_opts(args, 3, true) else {
        return ctx.out.error(errors::SYNTAX);
    };
    set_generic(ctx, "set", args.get(1), args.get(2), &o, None, None);
}

fn setnx(ctx: &mut Ctx, args: &Args) {
    let o = StringOpts {
        nx: true,
        ..Default::default()
    };
    set_generic(ctx, "setnx", args.get(1), args.get(2), &o, Some(1), Some(0));
}

fn setex(ctx: &mut Ctx, args: &Args) {
    let o = StringOpts {
        expire: Some((args.get(2), Unit::Seconds, true)),
        ..Default::default()
    };
    set_generic(ctx, "setex", args.get(1), args.get(3), &o, None, None);
}

fn psetex(ctx: &mut Ctx, args: &Args) {
    let o = StringOpts {
        expire: Some((args.get(2), Unit::Millis, true)),
        ..Default::default()
    };
    set_generic(ctx, "psetex", args.get(1), args.get(3), &o, None, None);
}

fn getset(ctx: &mut Ctx, args: &Args) {
    let o = StringOpts {
        get: true,
        ..Default::default()
    };
    set_generic(ctx, "getset", args.get(1), args.get(2), &o, None, None);
}

fn getdel(ctx: &mut Ctx, args: &Args) {
    let key = args.get(1);
    if !get_generic(ctx, key) {
        return;
    }
    let db = ctx.client.db;
    if let Some(v) = ctx.st.dbs[db].remove(key) {
        ctx.free(v);
        ctx.dirty(1);
    }
}

fn getex(ctx: &mut Ctx, args: &Args) {
    let Some(o) = parse_opts(args, 2, false) else {
        return ctx.out.error(errors::SYNTAX);
    };
    let key = args.get(1);
    let db = ctx.client.db;
    match ctx.st.lookup_read(db, key) {
        None => return ctx.out.null(),
        Some(Value::Str(_)) => {}
        #[allow(unreachable_patterns)]
        Some(_) => return ctx.out.error(errors::WRONGTYPE),
    }
    let now = ctx.now();
    let expire_at = match o.expire {
        Some((arg, unit, relative)) => match expire_arg(arg, unit, relative, now, "getex") {
            Ok(at) => Some(at),
            Err(e) => return ctx.out.error(&e),
        },
        None => None,
    };
    // Replied before the key may be deleted below (a plain read: the hit is counted above).
    if let Some(Value::Str(s)) = ctx.st.dbs[db].get(key) {
        ctx.out.bulk(s);
    }
    let absolute = o.expire.is_some_and(|(_, _, relative)| !relative);
    match expire_at {
        Some(at) if absolute && at <= now => {
            if let Some(v) = ctx.st.dbs[db].remove(key) {
                ctx.free(v);
            }
            ctx.propagate_as(&[b"DEL", key]);
            ctx.dirty(1);
        }
        Some(at) => {
            ctx.st.dbs[db].set_expire(key, at);
            ctx.propagate_as(&[b"PEXPIREAT", key, itoa::Buffer::new().format(at).as_bytes()]);
            ctx.dirty(1);
        }
        None if o.persist && ctx.st.dbs[db].persist(key) => {
            ctx.propagate_as(&[b"PERSIST", key]);
            ctx.dirty(1);
        }
        None => {}
    }
}

fn mget(ctx: &mut Ctx, args: &Args) {
    ctx.out.array(args.len() - 1);
    let db = ctx.client.db;
    for key in args.iter().skip(1) {
        match ctx.st.lookup_read(db, key) {
            Some(Value::Str(s)) => ctx.out.bulk(s),
            #[allow(unreachable_patterns)]
            _ => ctx.out.null(),
        }
    }
}

fn mset_generic(ctx: &mut Ctx, args: &Args, nx: bool) {
    if args.len().is_multiple_of(2) {
        return ctx
            .out
            .error(&errors::wrong_arity(if nx { "msetnx" } else { "mset" }));
    }
    let db = ctx.client.db;
    if nx {
        for i in (1..args.len()).step_by(2) {
            if ctx.st.lookup(db, args.get(i)).is_some() {
                return ctx.out.int(0);
            }
        }
    }
    for i in (1..args.len()).step_by(2) {
        if let Some(old) = ctx.st.dbs[db].set(
            args.get(i),
            Value::Str(Str::from_slice(args.get(i + 1))),
            false,
        ) {
            ctx.free(old);
        }
    }
    ctx.dirty((args.len() as u64 - 1) / 2);
    if nx { ctx.out.int(1) } else { ctx.out.ok() }
}

fn mset(ctx: &mut Ctx, args: &Args) {
    mset_generic(ctx, args, false);
}

fn msetnx(ctx: &mut Ctx, args: &Args) {
    mset_generic(ctx, args, true);
}

/// Redis's `checkStringLength`: the result may not exceed proto-max-bulk-len.
fn too_long(ctx: &Ctx, size: usize, append: usize) -> bool {
    (size as u64).saturating_add(append as u64) > ctx.st.config.proto_max_bulk_len as u64
}

fn append(ctx: &mut Ctx, args: &Args) {
    let (key, extra) = (args.get(1), args.get(2));
    let db = ctx.client.db;
    let cur_len = match ctx.st.lookup(db, key) {
        None => None,
        Some(Value::Str(s)) => Some(s.len()),
        #[allow(unreachable_patterns)]
        Some(_) => return ctx.out.error(errors::WRONGTYPE),
    };
    let total = match cur_len {
        None => {
            ctx.st.dbs[db].insert_new(key, Value::Str(Str::from_slice(extra)));
            extra.len()
        }
        Some(len) => {
            if too_long(ctx, len, extra.len()) {
                return ctx.out.error(errors::STRING_TOO_LONG);
            }
            match ctx.st.dbs[db].get_mut(key) {
                Some(Value::Str(s)) => {
                    s.extend_from_slice(extra);
                    s.len()
                }
                #[allow(unreachable_patterns)]
                _ => return ctx.out.error(errors::WRONGTYPE),
            }
        }
    };
    ctx.dirty(1);
    ctx.out.int(total as i64);
}

fn strlen(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    match ctx.st.lookup_read(db, args.get(1)) {
        None => ctx.out.int(0),
        Some(Value::Str(s)) => ctx.out.int(s.len() as i64),
        #[allow(unreachable_patterns)]
        Some(_) => ctx.out.error(errors::WRONGTYPE),
    }
}

fn getrange(ctx: &mut Ctx, args: &Args) {
    let (Some(mut start), Some(mut end)) = (parse_i64(args.get(2)), parse_i64(args.get(3))) else {
        return ctx.out.error(errors::NOT_INTEGER);
    };
    let db = ctx.client.db;
    let s = match ctx.st.lookup_read(db, args.get(1)) {
        None => return ctx.out.bulk(b""),
        Some(Value::Str(s)) => s,
        #[allow(unreachable_patterns)]
        Some(_) => return ctx.out.error(errors::WRONGTYPE),
    };
    let len = s.len() as i64;
    if start < 0 && end < 0 && start > end {
        return ctx.out.bulk(b"");
    }
    if start < 0 {
        start += len;
    }
    if end < 0 {
        end += len;
    }
    start = start.max(0);
    end = end.max(0);
    if end >= len {
        end = len - 1;
    }
    if start > end || len == 0 {
        ctx.out.bulk(b"");
    } else {
        ctx.out.bulk(&s[start as usize..=end as usize]);
    }
}

fn setrange(ctx: &mut Ctx, args: &Args) {
    let (key, value) = (args.get(1), args.get(3));
    let Some(offset) = ctx.int_arg(args.get(2)) else {
        return;
    };
    if offset < 0 {
        return ctx.out.error("ERR offset is out of range");
    }
    let offset = offset as usize;
    let db = ctx.client.db;
    let cur_len = match ctx.st.lookup(db, key) {
        None => None,
        Some(Value::Str(s)) => Some(s.len()),
        #[allow(unreachable_patterns)]
        Some(_) => return ctx.out.error(errors::WRONGTYPE),
    };
    if value.is_empty() {
        return ctx.out.int(cur_len.unwrap_or(0) as i64);
    }
    if too_long(ctx, offset, value.len()) {
        return ctx.out.error(errors::STRING_TOO_LONG);
    }
    if cur_len.is_none() {
        ctx.st.dbs[db].insert_new(key, Value::Str(Str::new()));
    }
    let Some(Value::Str(s)) = ctx.st.dbs[db].get_mut(key) else {
        return;
    };
    if s.len() < offset + value.len() {
        s.resize(offset + value.len(), 0);
    }
    s[offset..offset + value.len()].copy_from_slice(value);
    let len = s.len();
    ctx.dirty(1);
    ctx.out.int(len as i64);
}

/// The one INCR/DECR: adds `by` to the integer at `key` (missing = 0).
fn incr_by(ctx: &mut Ctx, key: &[u8], by: i64) {
    let db = ctx.client.db;
    let mut digits = itoa::Buffer::new();
    // One lookup: the number is rewritten in place (keeping any TTL), or inserted.
    let next = match ctx.st.lookup(db, key) {
        None => {
            let next = by;
            ctx.st.dbs[db].insert_new(
                key,
                Value::Str(Str::from_slice(digits.format(next).as_bytes())),
            );
            next
        }
        Some(Value::Str(s)) => {
            let Some(cur) = parse_i64(s) else {
                return ctx.out.error(errors::NOT_INTEGER);
            };
            let Some(next) = cur.checked_add(by) else {
                return ctx.out.error(errors::OVERFLOW);
            };
            s.clear();
            s.extend_from_slice(digits.format(next).as_bytes());
            next
        }
        #[allow(unreachable_patterns)]
        Some(_) => return ctx.out.error(errors::WRONGTYPE),
    };
    ctx.dirty(1);
    ctx.out.int(next);
}

fn incr(ctx: &mut Ctx, args: &Args) {
    incr_by(ctx, args.get(1), 1);
}

fn decr(ctx: &mut Ctx, args: &Args) {
    incr_by(ctx, args.get(1), -1);
}

fn incrby(ctx: &mut Ctx, args: &Args) {
    let Some(by) = ctx.int_arg(args.get(2)) else {
        return;
    };
    incr_by(ctx, args.get(1), by);
}

fn decrby(ctx: &mut Ctx, args: &Args) {
    let Some(by) = ctx.int_arg(args.get(2)) else {
        return;
    };
    if by == i64::MIN {
        return ctx.out.error("ERR decrement would overflow");
    }
    incr_by(ctx, args.get(1), -by);
}

fn incrbyfloat(ctx: &mut Ctx, args: &Args) {
    let key = args.get(1);
    let db = ctx.client.db;
    let result = match ctx.st.lookup(db, key) {
        None => incr_by_float(None, args.get(2)),
        Some(Value::Str(s)) => incr_by_float(Some(s), args.get(2)),
        #[allow(unreachable_patterns)]
        Some(_) => return ctx.out.error(errors::WRONGTYPE),
    };
    let text = match result {
        Ok(text) => text,
        Err(FloatIncrError::NotFloat) => return ctx.out.error(errors::NOT_FLOAT),
        Err(FloatIncrError::NanOrInfinity) => {
            return ctx.out.error("ERR increment would produce NaN or Infinity");
        }
    };
    ctx.out.bulk(&text);
    ctx.st.dbs[db].set(key, Value::Str(Str::from_slice(&text)), true);
    // The result, not the increment: replay must not depend on float arithmetic.
    ctx.propagate_as(&[b"SET", key, &text, b"KEEPTTL"]);
    ctx.dirty(1);
}

/// LCS, as Redis's `lcsCommand`: the longest common subsequence of two strings (a missing key
/// is empty), its length (LEN), or the matching ranges (IDX), by the classic dynamic
/// programming table, walked back from the end. The walk is Redis's to the letter, so the
/// ranges IDX reports are the same ones.
fn lcs(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    let mut strings = [Vec::new(), Vec::new()];
    for (i, key) in [args.get(1), args.get(2)].into_iter().enumerate() {
        match ctx.st.lookup_read(db, key) {
            None => {}
            Some(Value::Str(s)) => strings[i] = s.to_vec(),
            #[allow(unreachable_patterns)]
            Some(_) => {
                return ctx
                    .out
                    .error("ERR The specified keys must contain string values");
            }
        }
    }
    let (mut get_len, mut get_idx, mut with_match_len, mut min_match_len) =
        (false, false, false, 0);
    let mut j = 3;
    while j < args.len() {
        let more = args.len() - 1 - j;
        if args.is(j, "idx") {
            get_idx = true;
        } else if args.is(j, "len") {
            get_len = true;
        } else if args.is(j, "withmatchlen") {
            with_match_len = true;
        } else if args.is(j, "minmatchlen") && more > 0 {
            let Some(n) = ctx.int_arg(args.get(j + 1)) else {
                return;
            };
            min_match_len = n.max(0) as u64;
            j += 1;
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
        j += 1;
    }
    if get_len && get_idx {
        return ctx
            .out
            .error("ERR If you want both the length and indexes, please just use IDX.");
    }
    let [a, b] = &strings;
    let (alen, blen) = (a.len(), b.len());
    let cells = (alen as u64 + 1) * (blen as u64 + 1);
    if cells * 4 > ctx.st.config.proto_max_bulk_len as u64 {
        return ctx
            .out
            .error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    }
    // table[i * (blen + 1) + j]: the LCS length of a[..i] and b[..j].
    let width = blen + 1;
    let mut table = vec![0u32; cells as usize];
    for i in 1..=alen {
        for j in 1..=blen {
            table[i * width + j] = if a[i - 1] == b[j - 1] {
                table[(i - 1) * width + j - 1] + 1
            } else {
                table[(i - 1) * width + j].max(table[i * width + j - 1])
            };
        }
    }
    let total = table[alen * width + blen];
    if get_len {
        return ctx.out.int(total as i64);
    }
    let mut result = vec![0u8; total as usize];
    let mut ranges: Vec<[u64; 5]> = Vec::new();
    let (mut i, mut j, mut idx) = (alen, blen, total as usize);
    // `a_start == alen` means no range is open, as in Redis.
    let (mut a_start, mut a_end, mut b_start, mut b_end) = (alen, 0, 0, 0);
    while i > 0 && j > 0 {
        let mut emit = false;
        if a[i - 1] == b[j - 1] {
            result[idx - 1] = a[i - 1];
            if a_start == alen {
                (a_start, a_end, b_start, b_end) = (i - 1, i - 1, j - 1, j - 1);
            } else if a_start == i && b_start == j {
                a_start -= 1;
                b_start -= 1;
            } else {
                emit = true;
            }
            if a_start == 0 || b_start == 0 {
                emit = true;
            }
            idx -= 1;
            i -= 1;
            j -= 1;
        } else {
            if table[(i - 1) * width + j] > table[i * width + j - 1] {
                i -= 1;
            } else {
                j -= 1;
            }
            if a_start != alen {
                emit = true;
            }
        }
        if emit {
            let match_len = (a_end - a_start + 1) as u64;
            if min_match_len == 0 || match_len >= min_match_len {
                ranges.push([
                    a_start as u64,
                    a_end as u64,
                    b_start as u64,
                    b_end as u64,
                    match_len,
                ]);
            }
            a_start = alen;
        }
    }
    if !get_idx {
        return ctx.out.bulk(&result);
    }
    ctx.out.map(2);
    ctx.out.bulk(b"matches");
    ctx.out.array(ranges.len());
    for [a0, a1, b0, b1, len] in ranges {
        ctx.out.array(2 + with_match_len as usize);
        ctx.out.array(2);
        ctx.out.int(a0 as i64);
        ctx.out.int(a1 as i64);
        ctx.out.array(2);
        ctx.out.int(b0 as i64);
        ctx.out.int(b1 as i64);
        if with_match_len {
            ctx.out.int(len as i64);
        }
    }
    ctx.out.bulk(b"len");
    ctx.out.int(total as i64);
}
