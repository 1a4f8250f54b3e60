//! Sorted set commands.
//!
//! As in Redis's `t_zset.c`, one implementation serves each family: ZADD and ZINCRBY share
//! `zadd_generic`; ZRANGE, ZRANGESTORE, ZREVRANGE and the BYSCORE/BYLEX commands share
//! `zrange_generic`; the three ZREMRANGEBY* share `zremrange_generic`; ZPOPMIN, ZPOPMAX and
//! ZMPOP share `zpop_generic` (which the blocking variants call too); ZUNION, ZINTER, ZDIFF,
//! their STORE forms and ZINTERCARD share `zsetop_generic`.
//!
//! Every range is turned into an interval of ranks first (the B+tree counts elements below a
//! bound in O(log n)), so reply lengths are known before anything is emitted.

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::blocking::TimeoutReply;
use crate::db::types::{Member, Set};
use crate::db::zset::{self, LexBound, LexRange, ScoreRange, ZSet};
use crate::db::{Key, Value};
use crate::proto::errors;
use crate::proto::num::{fmt_double, parse_i64};
use crate::proto::reply::Reply;
use crate::state::State;

macro_rules! cmd {
    ($name:expr, $arity:expr, $flags:expr, $keys:expr, $syntax:expr, $handler:expr) => {
        Command {
            name: $name,
            arity: $arity,
            flags: $flags,
            keys: $keys,
            group: "sorted_set",
            syntax: $syntax,
            handler: $handler,
        }
    };
}

pub static COMMANDS: &[Command] = &[
    cmd!(
        "zadd",
        -4,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        "ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]",
        zadd
    ),
    cmd!(
        "zincrby",
        4,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        "ZINCRBY key increment member",
        zincrby
    ),
    cmd!(
        "zrem",
        -3,
        WRITE | FAST,
        (1, 1, 1),
        "ZREM key member [member ...]",
        zrem
    ),
    cmd!("zcard", 2, READONLY | FAST, (1, 1, 1), "ZCARD key", zcard),
    cmd!(
        "zscore",
        3,
        READONLY | FAST,
        (1, 1, 1),
        "ZSCORE key member",
        zscore
    ),
    cmd!(
        "zmscore",
        -3,
        READONLY | FAST,
        (1, 1, 1),
        "ZMSCORE key member [member ...]",
        zmscore
    ),
    cmd!(
        "zrank",
        3,
        READONLY | FAST,
        (1, 1, 1),
        "ZRANK key member",
        zrank
    ),
    cmd!(
        "zrevrank",
        3,
        READONLY | FAST,
        (1, 1, 1),
        "ZREVRANK key member",
        zrevrank
    ),
    cmd!(
        "zcount",
        4,
        READONLY | FAST,
        (1, 1, 1),
        "ZCOUNT key min max",
        zcount
    ),
    cmd!(
        "zlexcount",
        4,
        READONLY | FAST,
        (1, 1, 1),
        "ZLEXCOUNT key min max",
        zlexcount
    ),
    cmd!(
        "zrange",
        -4,
        READONLY,
        (1, 1, 1),
        "ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]",
        zrange
    ),
    cmd!(
        "zrangestore",
        -5,
        WRITE | DENYOOM,
        (1, 2, 1),
        "ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]",
        zrangestore
    ),
    cmd!(
        "zrevrange",
        -4,
        READONLY,
        (1, 1, 1),
        "ZREVRANGE key start stop [WITHSCORES]",
        zrevrange
    ),
    cmd!(
        "zrangebyscore",
        -4,
        READONLY,
        (1, 1, 1),
        "ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]",
        zrangebyscore
    ),
    cmd!(
        "zrevrangebyscore",
        -4,
        READONLY,
        (1, 1, 1),
        "ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]",
        zrevrangebyscore
    ),
    cmd!(
        "zrangebylex",
        -4,
        READONLY,
        (1, 1, 1),
        "ZRANGEBYLEX key min max [LIMIT offset count]",
        zrangebylex
    ),
    cmd!(
        "zrevrangebylex",
        -4,
        READONLY,
        (1, 1, 1),
        "ZREVRANGEBYLEX key max min [LIMIT offset count]",
        zrevrangebylex
    ),
    cmd!(
        "zremrangebyrank",
        4,
        WRITE,
        (1, 1, 1),
        "ZREMRANGEBYRANK key start stop",
        zremrangebyrank
    ),
    cmd!(
        "zremrangebyscore",
        4,
        WRITE,
        (1, 1, 1),
        "ZREMRANGEBYSCORE key min max",
        zremrangebyscore
    ),
    cmd!(
        "zremrangebylex",
        4,
        WRITE,
        (1, 1, 1),
        "ZREMRANGEBYLEX key min max",
        zremrangebylex
    ),
    cmd!(
        "zpopmin",
        -2,
        WRITE | FAST,
        (1, 1, 1),
        "ZPOPMIN key [count]",
        zpopmin
    ),
    cmd!(
        "zpopmax",
        -2,
        WRITE | FAST,
        (1, 1, 1),
        "ZPOPMAX key [count]",
        zpopmax
    ),
    cmd!(
        "zmpop",
        -4,
        WRITE,
        (0, 0, 0),
        "ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]",
        zmpop
    ),
    cmd!(
        "bzpopmin",
        -3,
        WRITE | NOSCRIPT | FAST | BLOCKING,
        (1, -2, 1),
        "BZPOPMIN key [key ...] timeout",
        bzpopmin
    ),
    cmd!(
        "bzpopmax",
        -3,
        WRITE | NOSCRIPT | FAST | BLOCKING,
        (1, -2, 1),
        "BZPOPMAX key [key ...] timeout",
        bzpopmax
    ),
    cmd!(
        "bzmpop",
        -5,
        WRITE | BLOCKING,
        (0, 0, 0),
        "BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]",
        bzmpop
    ),
    cmd!(
        "zrandmember",
        -2,
        READONLY,
        (1, 1, 1),
        "ZRANDMEMBER key [count [WITHSCORES]]",
        zrandmember
    ),
    cmd!(
        "zunion",
        -3,
        READONLY,
        (0, 0, 0),
        "ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]",
        zunion
    ),
    cmd!(
        "zinter",
        -3,
        READONLY,
        (0, 0, 0),
        "ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]",
        zinter
    ),
    cmd!(
        "zdiff",
        -3,
        READONLY,
        (0, 0, 0),
        "ZDIFF numkeys key [key ...] [WITHSCORES]",
        zdiff
    ),
    cmd!(
        "zunionstore",
        -4,
        WRITE | DENYOOM,
        (1, 1, 1),
        "ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]",
        zunionstore
    ),
    cmd!(
        "zinterstore",
        -4,
        WRITE | DENYOOM,
        (1, 1, 1),
        "ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]",
        zinterstore
    ),
    cmd!(
        "zdiffstore",
        -4,
        WRITE | DENYOOM,
        (1, 1, 1),
        "ZDIFFSTORE destination numkeys key [key ...]",
        zdiffstore
    ),
    cmd!(
        "zintercard",
        -3,
        READONLY,
        (0, 0, 0),
        "ZINTERCARD numkeys key [key ...] [LIMIT limit]",
        zintercard
    ),
    cmd!(
        "zscan",
        -3,
        READONLY,
        (1, 1, 1),
        "ZSCAN key cursor [MATCH pattern] [COUNT count]",
        zscan
    ),
];

const MINMAX_NOT_FLOAT: &str = "ERR min or max is not a float";
const MINMAX_NOT_LEX: &str = "ERR min or max not valid string range item";

// ---------------------------------------------------------------------------------------------
// Number and range parsing, with C's strtod so every accepted spelling matches Redis.

unsafe extern "C" {
    fn strtod(s: *const std::ffi::c_char, end: *mut *mut std::ffi::c_char) -> f64;
    fn __errno_location() -> *mut std::ffi::c_int;
}

/// C's `strtod` on `s` as a C string (it stops at a NUL): the value, how many bytes it read,
/// and whether it set ERANGE.
fn c_strtod(s: &[u8]) -> (f64, usize, bool) {
    let mut buf: smallvec::SmallVec<[u8; 64]> = smallvec::SmallVec::from_slice(s);
    buf.push(0);
    let start = buf.as_ptr() as *const std::ffi::c_char;
    let mut end: *mut std::ffi::c_char = std::ptr::null_mut();
    // SAFETY: `buf` is NUL-terminated and outlives the call; strtod writes only `end` and errno.
    let (v, erange) = unsafe {
        *__errno_location() = 0;
        let v = strtod(start, &mut end);
        (v, *__errno_location() == 34)
    };
    (v, end as usize - start as usize, erange)
}

/// Redis's `getDoubleFromObject` (`string2d`): the whole argument is a float, no leading space,
/// no overflow, no underflow to zero, not NaN.
fn get_double(s: &[u8]) -> Option<f64> {
    if let Some(v) = small_integer(s) {
        return Some(v);
    }
    if s.is_empty() || s[0].is_ascii_whitespace() || s[0] == 0x0b {
        return None;
    }
    let (v, used, erange) = c_strtod(s);
    let out_of_range = erange && (v.is_infinite() || v == 0.0);
    (used == s.len() && !out_of_range && !v.is_nan()).then_some(v)
}

/// An optionally signed run of at most 15 digits: strtod's exact result (every such integer is
/// a double), without strtod's cost, for the integer scores most clients send.
fn small_integer(s: &[u8]) -> Option<f64> {
    let (neg, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    let mut n = 0u64;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + d as u64;
    }
    let v = n as f64;
    Some(if neg { -v } else { v })
}

/// One end of a score range (`zslParseRange`): optional `(`, then whatever strtod reads up to
/// the end of the C string.
fn range_item(s: &[u8]) -> Option<(f64, bool)> {
    let (text, ex) = match s.first() {
        Some(b'(') => (&s[1..], true),
        _ => (s, false),
    };
    let (v, used, _) = c_strtod(text);
    let ends = used == text.len() || text[used] == 0;
    (ends && !v.is_nan()).then_some((v, ex))
}

fn parse_score_range(min: &[u8], max: &[u8]) -> Option<ScoreRange> {
    let (min, minex) = range_item(min)?;
    let (max, maxex) = range_item(max)?;
    Some(ScoreRange {
        min,
        max,
        minex,
        maxex,
    })
}

fn lex_item(s: &[u8]) -> Option<LexBound> {
    match s.first()? {
        b'+' if s.len() == 1 => Some(LexBound::Max),
        b'-' if s.len() == 1 => Some(LexBound::Min),
        b'(' => Some(LexBound::Excl(s[1..].to_vec())),
        b'[' => Some(LexBound::Incl(s[1..].to_vec())),
        _ => None,
    }
}

fn parse_lex_range(min: &[u8], max: &[u8]) -> Option<LexRange> {
    Some(LexRange {
        min: lex_item(min)?,
        max: lex_item(max)?,
    })
}

/// `getRangeLongFromObjectOrReply`: an integer in `min..=max`, or `msg` (or Redis's default
/// messages) as the error.
fn long_in_range(ctx: &mut Ctx, arg: &[u8], min: i64, max: i64, msg: Option<&str>) -> Option<i64> {
    let Some(v) = parse_i64(arg) else {
        ctx.out.error(msg.unwrap_or(errors::NOT_INTEGER));
        return None;
    };
    if v < min || v > max {
        match msg {
            Some(m) => ctx.out.error(m),
            None => ctx.out.error(&format!(
                "ERR value is out of range, value must between {min} and {max}"
            )),
        }
        return None;
    }
    Some(v)
}

// ---------------------------------------------------------------------------------------------
// Lookups and replies.

/// The sorted set under `key` (expired keys deleted first): Err if it holds another type.
fn zset_mut<'a>(st: &'a mut State, db: usize, key: &[u8]) -> Result<Option<&'a mut ZSet>, ()> {
    match st.lookup(db, key) {
        None => Ok(None),
        Some(Value::ZSet(z)) => Ok(Some(z)),
        Some(_) => Err(()),
    }
}

/// Like `zset_mut`, read-only, with the random generator beside it (ZRANDMEMBER).
fn zset_with_rng<'a>(
    st: &'a mut State,
    db: usize,
    key: &[u8],
) -> Result<Option<(&'a ZSet, &'a mut crate::util::Rng)>, ()> {
    st.expire_if_needed(db, key);
    match st.dbs[db].get(key) {
        None => Ok(None),
        Some(Value::ZSet(z)) => Ok(Some((z, &mut st.rng))),
        Some(_) => Err(()),
    }
}

/// Looks a sorted set up, replying WRONGTYPE or `$missing` (and returning) when there is none.
macro_rules! zset_or {
    ($ctx:ident, $key:expr, $missing:expr) => {
        match zset_mut($ctx.st, $ctx.client.db, $key) {
            Err(()) => return $ctx.out.error(errors::WRONGTYPE),
            Ok(None) => return $missing,
            Ok(Some(z)) => z,
        }
    };
}

/// Deletes `key` if its sorted set became empty (Redis never keeps empty collections).
fn delete_if_empty(ctx: &mut Ctx, key: &[u8]) -> bool {
    let db = ctx.client.db;
    if matches!(ctx.st.dbs[db].get(key), Some(Value::ZSet(z)) if z.is_empty()) {
        if let Some(v) = ctx.st.dbs[db].remove(key) {
            ctx.free(v);
        }
        return true;
    }
    false
}

/// Stores a command's result set under `dst`, or deletes `dst` if the result is empty; replies
/// the result's size (ZRANGESTORE, ZUNIONSTORE...).
fn store_result(ctx: &mut Ctx, dst: &[u8], z: ZSet) {
    let db = ctx.client.db;
    let n = z.len();
    if n > 0 {
        if let Some(old) = ctx.st.dbs[db].set(dst, Value::ZSet(z), false) {
            ctx.free(old);
        }
        ctx.dirty(1);
        ctx.signal_ready(dst);
    } else {
        ctx.st.expire_if_needed(db, dst);
        if let Some(old) = ctx.st.dbs[db].remove(dst) {
            ctx.free(old);
            ctx.dirty(1);
        }
    }
    ctx.out.int(n as i64);
}

/// The header of a reply of `n` members with optional scores: a flat array in RESP2, an array
/// of [member, score] pairs in RESP3 (see `scored_item`).
fn scored_header(out: &mut Reply, n: usize, withscores: bool) {
    out.array(if withscores && !out.resp3 { 2 * n } else { n });
}

fn scored_item(out: &mut Reply, member: &[u8], score: f64, withscores: bool) {
    if withscores && out.resp3 {
        out.array(2);
    }
    out.bulk(member);
    if withscores {
        out.double(score);
    }
}

// ---------------------------------------------------------------------------------------------
// ZADD, ZINCRBY, ZREM.

#[derive(Default)]
struct AddFlags {
    nx: bool,
    xx: bool,
    gt: bool,
    lt: bool,
    incr: bool,
}

enum Added {
    /// INCR produced NaN (inf + -inf).
    Nan,
    /// Nothing done (NX on an existing member, XX on a new one, GT/LT refused).
    Nop,
    New(f64),
    Updated(f64),
    Same(f64),
}

/// Redis's `zsetAdd`.
fn zset_add(z: &mut ZSet, mut score: f64, member: &[u8], f: &AddFlags) -> Added {
    match z.score(member) {
        Some(cur) => {
            if f.nx {
                return Added::Nop;
            }
            if f.incr {
                score += cur;
                if score.is_nan() {
                    return Added::Nan;
                }
            }
            if (f.lt && score >= cur) || (f.gt && score <= cur) {
                return Added::Nop;
            }
            if score != cur {
                z.insert(member, score);
                Added::Updated(score)
            } else {
                Added::Same(score)
            }
        }
        None if !f.xx => {
            z.insert(member, score);
            Added::New(score)
        }
        None => Added::Nop,
    }
}

fn zadd(ctx: &mut Ctx, args: &Args) {
    zadd_generic(ctx, args, false);
}

fn zincrby(ctx: &mut Ctx, args: &Args) {
    zadd_generic(ctx, args, true);
}

/// Copies the listpack limits from the configuration (CONFIG SET may have changed them).
fn sync_limits(ctx: &Ctx) {
    let e = &ctx.st.config.encodings;
    zset::set_listpack_limits(
        e.zset_max_listpack_entries.max(0) as usize,
        e.zset_max_listpack_value.max(0) as usize,
    );
}

fn zadd_generic(ctx: &mut Ctx, args: &Args, incr_cmd: bool) {
    sync_limits(ctx);
    let key = args.get(1);
    let mut f = AddFlags {
        incr: incr_cmd,
        ..Default::default()
    };
    let mut ch = false;
    let mut idx = 2;
    while idx < args.len() {
        let opt = args.get(idx);
        let is = |name: &[u8]| opt.eq_ignore_ascii_case(name);
        if is(b"nx") {
            f.nx = true;
        } else if is(b"xx") {
            f.xx = true;
        } else if is(b"ch") {
            ch = true;
        } else if is(b"incr") {
            f.incr = true;
        } else if is(b"gt") {
            f.gt = true;
        } else if is(b"lt") {
            f.lt = true;
        } else {
            break;
        }
        idx += 1;
    }
    let elements = args.len() - idx;
    if elements % 2 == 1 || elements == 0 {
        return ctx.out.error(errors::SYNTAX);
    }
    let elements = elements / 2;
    if f.nx && f.xx {
        return ctx
            .out
            .error("ERR XX and NX options at the same time are not compatible");
    }
    if (f.nx && (f.gt || f.lt)) || (f.gt && f.lt) {
        return ctx
            .out
            .error("ERR GT, LT, and/or NX options at the same time are not compatible");
    }
    if f.incr && elements > 1 {
        return ctx
            .out
            .error("ERR INCR option supports a single increment-element pair");
    }
    let mut scores: smallvec::SmallVec<[f64; 8]> = smallvec::SmallVec::with_capacity(elements);
    for j in 0..elements {
        match get_double(args.get(idx + 2 * j)) {
            Some(s) => scores.push(s),
            None => return ctx.out.error(errors::NOT_FLOAT),
        }
    }
    let db = ctx.client.db;
    let (mut added, mut updated, mut processed) = (0i64, 0i64, 0i64);
    let mut last_score = 0.0;
    let reply_incr = |out: &mut Reply, processed: i64, score: f64| {
        if processed > 0 {
            out.double(score)
        } else {
            out.null()
        }
    };
    let z = match zset_mut(ctx.st, db, key) {
        Err(()) => return ctx.out.error(errors::WRONGTYPE),
        Ok(Some(z)) => z,
        Ok(None) if f.xx => {
            return if f.incr {
                ctx.out.null()
            } else {
                ctx.out.int(0)
            };
        }
        Ok(None) => {
            let first = args.get(idx + 1);
            let (entries, value) = zset::listpack_limits();
            let z = if entries == 0 || first.len() > value {
                ZSet::new_skiplist(elements)
            } else {
                ZSet::new()
            };
            ctx.st.dbs[db].insert_new(key, Value::ZSet(z));
            match ctx.st.dbs[db].get_mut(key) {
                Some(Value::ZSet(z)) => z,
                _ => unreachable!("just inserted"),
            }
        }
    };
    for (j, &score) in scores.iter().enumerate() {
        match zset_add(z, score, args.get(idx + 1 + 2 * j), &f) {
            Added::Nan => {
                ctx.dirty((added + updated) as u64);
                return ctx.out.error("ERR resulting score is not a number (NaN)");
            }
            Added::Nop => {}
            Added::New(s) => {
                added += 1;
                processed += 1;
                last_score = s;
            }
            Added::Updated(s) => {
                updated += 1;
                processed += 1;
                last_score = s;
            }
            Added::Same(s) => {
                processed += 1;
                last_score = s;
            }
        }
    }
    ctx.dirty((added + updated) as u64);
    if added > 0 {
        // Clients blocked in BZPOPMIN & co. on this key can be served now.
        ctx.signal_ready(key);
    }
    if f.incr {
        reply_incr(ctx.out, processed, last_score);
    } else {
        ctx.out.int(if ch { added + updated } else { added });
    }
}

fn zrem(ctx: &mut Ctx, args: &Args) {
    let key = args.get(1);
    let z = zset_or!(ctx, key, ctx.out.int(0));
    let mut deleted = 0;
    for m in args.iter().skip(2) {
        if z.remove(m).is_some() {
            deleted += 1;
        }
        if z.is_empty() {
            break;
        }
    }
    delete_if_empty(ctx, key);
    ctx.dirty(deleted);
    ctx.out.int(deleted as i64);
}

// ---------------------------------------------------------------------------------------------
// Single-member reads.

fn zcard(ctx: &mut Ctx, args: &Args) {
    let z = zset_or!(ctx, args.get(1), ctx.out.int(0));
    ctx.out.int(z.len() as i64);
}

fn zscore(ctx: &mut Ctx, args: &Args) {
    let z = zset_or!(ctx, args.get(1), ctx.out.null());
    match z.score(args.get(2)) {
        Some(s) => ctx.out.double(s),
        None => ctx.out.null(),
    }
}

fn zmscore(ctx: &mut Ctx, args: &Args) {
    let z = match zset_mut(ctx.st, ctx.client.db, args.get(1)) {
        Err(()) => return ctx.out.error(errors::WRONGTYPE),
        Ok(z) => z,
    };
    ctx.out.array(args.len() - 2);
    for m in args.iter().skip(2) {
        match z.as_ref().and_then(|z| z.score(m)) {
            Some(s) => ctx.out.double(s),
            None => ctx.out.null(),
        }
    }
}

fn zrank_generic(ctx: &mut Ctx, args: &Args, rev: bool) {
    let z = zset_or!(ctx, args.get(1), ctx.out.null());
    match z.rank(args.get(2)) {
        Some(r) if rev => ctx.out.int((z.len() - 1 - r) as i64),
        Some(r) => ctx.out.int(r as i64),
        None => ctx.out.null(),
    }
}

fn zrank(ctx: &mut Ctx, args: &Args) {
    zrank_generic(ctx, args, false);
}

fn zrevrank(ctx: &mut Ctx, args: &Args) {
    zrank_generic(ctx, args, true);
}

fn zcount(ctx: &mut Ctx, args: &Args) {
    let Some(r) = parse_score_range(args.get(2), args.get(3)) else {
        return ctx.out.error(MINMAX_NOT_FLOAT);
    };
    let z = zset_or!(ctx, args.get(1), ctx.out.int(0));
    let n = z.score_range_ranks(&r).map_or(0, |(a, b)| b - a + 1);
    ctx.out.int(n as i64);
}

fn zlexcount(ctx: &mut Ctx, args: &Args) {
    let Some(r) = parse_lex_range(args.get(2), args.get(3)) else {
        return ctx.out.error(MINMAX_NOT_LEX);
    };
    let z = zset_or!(ctx, args.get(1), ctx.out.int(0));
    let n = z.lex_range_ranks(&r).map_or(0, |(a, b)| b - a + 1);
    ctx.out.int(n as i64);
}

// ---------------------------------------------------------------------------------------------
// ZRANGE and friends.

#[derive(Clone, Copy, PartialEq)]
enum RangeType {
    Auto,
    Rank,
    Score,
    Lex,
}

/// The parsed range of a ZRANGE-like command.
enum Range {
    Rank(i64, i64),
    Score(ScoreRange),
    Lex(LexRange),
}

/// Which elements a range selects: the first one's rank counted in the direction of the
/// iteration, and how many. Sanitizes rank indexes and applies LIMIT as Redis does.
fn select(z: &ZSet, range: &Range, rev: bool, offset: i64, limit: i64) -> (usize, usize) {
    let len = z.len();
    let ranks = match range {
        Range::Rank(start, end) => {
            let llen = len as i64;
            let (mut start, mut end) = (*start, *end);
            if start < 0 {
                start += llen;
            }
            if end < 0 {
                end += llen;
            }
            start = start.max(0);
            if start > end || start >= llen {
                return (0, 0);
            }
            end = end.min(llen - 1);
            return (start as usize, (end - start + 1) as usize);
        }
        Range::Score(r) => z.score_range_ranks(r),
        Range::Lex(r) => z.lex_range_ranks(r),
    };
    let Some((a, b)) = ranks else {
        return (0, 0);
    };
    // A negative offset walks off the end in Redis: nothing is returned.
    if offset < 0 {
        return (0, 0);
    }
    let in_range = b - a + 1;
    let offset = offset as usize;
    if offset >= in_range {
        return (0, 0);
    }
    let first = if rev { len - 1 - b } else { a } + offset;
    let mut count = in_range - offset;
    if limit >= 0 {
        count = count.min(limit as usize);
    }
    (first, count)
}

/// ZRANGE, ZRANGESTORE, ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX (Redis's
/// `zrangeGenericCommand`). `at` is the source key's position; `store` the destination.
fn zrange_generic(
    ctx: &mut Ctx,
    args: &Args,
    at: usize,
    store: Option<&[u8]>,
    mut rtype: RangeType,
    mut rev: Option<bool>,
) {
    sync_limits(ctx);
    let key = args.get(at);
    let (mut minidx, mut maxidx) = (at + 1, at + 2);
    let (mut withscores, mut offset, mut limit) = (false, 0i64, -1i64);
    let mut j = at + 3;
    while j < args.len() {
        let left = args.len() - j - 1;
        if store.is_none() && args.is(j, "withscores") {
            withscores = true;
        } else if args.is(j, "limit") && left >= 2 {
            let Some(o) = ctx.int_arg(args.get(j + 1)) else {
                return;
            };
            let Some(l) = ctx.int_arg(args.get(j + 2)) else {
                return;
            };
            (offset, limit) = (o, l);
            j += 2;
        } else if rev.is_none() && args.is(j, "rev") {
            rev = Some(true);
        } else if rtype == RangeType::Auto && args.is(j, "bylex") {
            rtype = RangeType::Lex;
        } else if rtype == RangeType::Auto && args.is(j, "byscore") {
            rtype = RangeType::Score;
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
        j += 1;
    }
    let rev = rev.unwrap_or(false);
    if rtype == RangeType::Auto {
        rtype = RangeType::Rank;
    }
    if limit != -1 && rtype == RangeType::Rank {
        return ctx.out.error(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
        );
    }
    if withscores && rtype == RangeType::Lex {
        return ctx
            .out
            .error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    }
    if rev && rtype != RangeType::Rank {
        std::mem::swap(&mut minidx, &mut maxidx);
    }
    let range = match rtype {
        RangeType::Score => match parse_score_range(args.get(minidx), args.get(maxidx)) {
            Some(r) => Range::Score(r),
            None => return ctx.out.error(MINMAX_NOT_FLOAT),
        },
        RangeType::Lex => match parse_lex_range(args.get(minidx), args.get(maxidx)) {
            Some(r) => Range::Lex(r),
            None => return ctx.out.error(MINMAX_NOT_LEX),
        },
        _ => {
            let Some(start) = ctx.int_arg(args.get(minidx)) else {
                return;
            };
            let Some(end) = ctx.int_arg(args.get(maxidx)) else {
                return;
            };
            Range::Rank(start, end)
        }
    };
    let z = match zset_mut(ctx.st, ctx.client.db, key) {
        Err(()) => return ctx.out.error(errors::WRONGTYPE),
        Ok(None) => {
            return match store {
                Some(dst) => store_result(ctx, dst, ZSet::new()),
                None => ctx.out.array(0),
            };
        }
        Ok(Some(z)) => z,
    };
    let (first, count) = select(z, &range, rev, offset, limit);
    let items = z.iter_from(first, rev).take(count);
    match store {
        None => {
            scored_header(ctx.out, count, withscores);
            for (m, s) in items {
                scored_item(ctx.out, m, s, withscores);
            }
        }
        Some(dst) => {
            // Redis builds the result as a listpack unless its length is known to be large.
            let mut out = match range {
                Range::Rank(..) if count > zset::listpack_limits().0 => ZSet::new_skiplist(count),
                _ => ZSet::with_capacity(count),
            };
            for (m, s) in items {
                out.insert(m, s);
            }
            store_result(ctx, dst, out);
        }
    }
}

fn zrange(ctx: &mut Ctx, args: &Args) {
    zrange_generic(ctx, args, 1, None, RangeType::Auto, None);
}

fn zrangestore(ctx: &mut Ctx, args: &Args) {
    zrange_generic(ctx, args, 2, Some(args.get(1)), RangeType::Auto, None);
}

fn zrevrange(ctx: &mut Ctx, args: &Args) {
    zrange_generic(ctx, args, 1, None, RangeType::Rank, Some(true));
}

fn zrangebyscore(ctx: &mut Ctx, args: &Args) {
    zrange_generic(ctx, args, 1, None, RangeType::Score, Some(false));
}

fn zrevrangebyscore(ctx: &mut Ctx, args: &Args) {
    zrange_generic(ctx, args, 1, None, RangeType::Score, Some(true));
}

fn zrangebylex(ctx: &mut Ctx, args: &Args) {
    zrange_generic(ctx, args, 1, None, RangeType::Lex, Some(false));
}

fn zrevrangebylex(ctx: &mut Ctx, args: &Args) {
    zrange_generic(ctx, args, 1, None, RangeType::Lex, Some(true));
}

/// ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX.
fn zremrange_generic(ctx: &mut Ctx, args: &Args, rtype: RangeType) {
    let key = args.get(1);
    let range = match rtype {
        RangeType::Score => match parse_score_range(args.get(2), args.get(3)) {
            Some(r) => Range::Score(r),
            None => return ctx.out.error(MINMAX_NOT_FLOAT),
        },
        RangeType::Lex => match parse_lex_range(args.get(2), args.get(3)) {
            Some(r) => Range::Lex(r),
            None => return ctx.out.error(MINMAX_NOT_LEX),
        },
        _ => {
            let Some(start) = ctx.int_arg(args.get(2)) else {
                return;
            };
            let Some(end) = ctx.int_arg(args.get(3)) else {
                return;
            };
            Range::Rank(start, end)
        }
    };
    let z = zset_or!(ctx, key, ctx.out.int(0));
    let (first, count) = select(z, &range, false, 0, -1);
    let doomed: Vec<crate::db::Str> = z
        .iter_from(first, false)
        .take(count)
        .map(|(m, _)| crate::db::Str::from_slice(m))
        .collect();
    for m in &doomed {
        z.remove(m);
    }
    delete_if_empty(ctx, key);
    ctx.dirty(count as u64);
    ctx.out.int(count as i64);
}

fn zremrangebyrank(ctx: &mut Ctx, args: &Args) {
    zremrange_generic(ctx, args, RangeType::Rank);
}

fn zremrangebyscore(ctx: &mut Ctx, args: &Args) {
    zremrange_generic(ctx, args, RangeType::Score);
}

fn zremrangebylex(ctx: &mut Ctx, args: &Args) {
    zremrange_generic(ctx, args, RangeType::Lex);
}

// ---------------------------------------------------------------------------------------------
// Popping.

/// Pops from the first non-empty sorted set among `keys` (Redis's `genericZpopCommand`, shared
/// by ZPOPMIN, ZPOPMAX, ZMPOP and the blocking variants).
///
/// - `max`: pop the highest scores instead of the lowest.
/// - `emit_key`: the reply names the key (BZPOP*, ZMPOP, BZMPOP).
/// - `count`: how many to pop, or -1 for a plain single pop.
/// - `nested`: [member, score] pairs as arrays (ZPOP* with COUNT in RESP3, ZMPOP always).
/// - `nil_when_empty`: a null array rather than an empty one when no key holds a sorted set.
///
/// Replies WRONGTYPE if a key before the first sorted set holds another type. Returns the key
/// popped from, if any.
pub fn zpop_generic(
    ctx: &mut Ctx,
    keys: &[&[u8]],
    max: bool,
    emit_key: bool,
    count: i64,
    nested: bool,
    nil_when_empty: bool,
) -> Option<Vec<u8>> {
    let db = ctx.client.db;
    let mut found = None;
    for &key in keys {
        match zset_mut(ctx.st, db, key) {
            Err(()) => {
                ctx.out.error(errors::WRONGTYPE);
                return None;
            }
            Ok(None) => continue,
            Ok(Some(_)) => {
                found = Some(key);
                break;
            }
        }
    }
    let Some(key) = found else {
        if nil_when_empty {
            ctx.out.null_array();
        } else {
            ctx.out.array(0);
        }
        return None;
    };
    if count == 0 {
        ctx.out.array(0);
        return None;
    }
    let count = if count == -1 { 1 } else { count as usize };
    let Some(Value::ZSet(z)) = ctx.st.dbs[db].get_mut(key) else {
        unreachable!("looked up above");
    };
    let n = count.min(z.len());
    match (nested, emit_key) {
        (false, false) => ctx.out.array(n * 2),
        (true, false) => ctx.out.array(n),
        (false, true) => {
            ctx.out.array(n * 2 + 1);
            ctx.out.bulk(key);
        }
        (true, true) => {
            ctx.out.array(2);
            ctx.out.bulk(key);
            ctx.out.array(n);
        }
    }
    for _ in 0..n {
        let Some((m, s)) = z.iter_from(0, max).next() else {
            break;
        };
        let m = crate::db::Str::from_slice(m);
        z.remove(&m);
        if nested {
            ctx.out.array(2);
        }
        ctx.out.bulk(&m);
        ctx.out.double(s);
    }
    ctx.dirty(n as u64);
    delete_if_empty(ctx, key);
    Some(key.to_vec())
}

fn zpop_minmax(ctx: &mut Ctx, args: &Args, max: bool) {
    if args.len() > 3 {
        return ctx.out.error(errors::SYNTAX);
    }
    let mut count = -1;
    if args.len() == 3 {
        let Some(c) = long_in_range(
            ctx,
            args.get(2),
            0,
            i64::MAX,
            Some("ERR value is out of range, must be positive"),
        ) else {
            return;
        };
        count = c;
    }
    let nested = ctx.out.resp3 && count != -1;
    zpop_generic(ctx, &[args.get(1)], max, false, count, nested, false);
}

fn zpopmin(ctx: &mut Ctx, args: &Args) {
    zpop_minmax(ctx, args, false);
}

fn zpopmax(ctx: &mut Ctx, args: &Args) {
    zpop_minmax(ctx, args, true);
}

/// Parses `numkeys key... MIN|MAX [COUNT count]` from `numkeys_idx` (ZMPOP and BZMPOP).
/// Returns the keys, whether MAX, and the count; replies the error and returns None otherwise.
pub fn parse_mpop<'a>(
    ctx: &mut Ctx,
    args: &Args<'a>,
    numkeys_idx: usize,
) -> Option<(Vec<&'a [u8]>, bool, i64)> {
    let numkeys = long_in_range(
        ctx,
        args.get(numkeys_idx),
        1,
        i64::MAX,
        Some("ERR numkeys should be greater than 0"),
    )?;
    let where_idx = (numkeys_idx as i64)
        .saturating_add(numkeys)
        .saturating_add(1);
    if where_idx >= args.len() as i64 {
        ctx.out.error(errors::SYNTAX);
        return None;
    }
    let where_idx = where_idx as usize;
    let max = if args.is(where_idx, "min") {
        false
    } else if args.is(where_idx, "max") {
        true
    } else {
        ctx.out.error(errors::SYNTAX);
        return None;
    };
    let mut count = -1;
    let mut j = where_idx + 1;
    while j < args.len() {
        let more = args.len() - 1 - j;
        if count == -1 && args.is(j, "count") && more > 0 {
            j += 1;
            count = long_in_range(
                ctx,
                args.get(j),
                1,
                i64::MAX,
                Some("ERR count should be greater than 0"),
            )?;
        } else {
            ctx.out.error(errors::SYNTAX);
            return None;
        }
        j += 1;
    }
    let keys = (numkeys_idx + 1..where_idx).map(|i| args.get(i)).collect();
    Some((keys, max, if count == -1 { 1 } else { count }))
}

/// The first key among `keys` holding a sorted set; Err after replying WRONGTYPE if a key
/// before it holds another type.
fn first_zset<'a>(ctx: &mut Ctx, keys: &[&'a [u8]]) -> Result<Option<&'a [u8]>, ()> {
    let db = ctx.client.db;
    for &key in keys {
        match zset_mut(ctx.st, db, key) {
            Err(()) => {
                ctx.out.error(errors::WRONGTYPE);
                return Err(());
            }
            Ok(None) => continue,
            Ok(Some(_)) => return Ok(Some(key)),
        }
    }
    Ok(None)
}

/// BZPOPMIN, BZPOPMAX and BZMPOP (Redis's `blockingGenericZpopCommand`): pop like the
/// non-blocking forms with the key named in the reply, or block on all the keys. When data
/// arrives the loop runs the command again (see `blocking`).
fn blocking_zpop(
    ctx: &mut Ctx,
    args: &Args,
    keys: &[&[u8]],
    timeout: &[u8],
    max: bool,
    count: i64,
    nested: bool,
) {
    let Some(deadline) = ctx.timeout_arg(timeout) else {
        return;
    };
    match first_zset(ctx, keys) {
        Err(()) => {}
        Ok(Some(key)) => {
            zpop_generic(ctx, &[key], max, true, count, nested, nested);
        }
        Ok(None) => {
            let keys = keys.iter().map(|k| Key::from_slice(k)).collect();
            ctx.block(args, keys, deadline, TimeoutReply::NullArray, "zset");
        }
    }
}

fn bzpop(ctx: &mut Ctx, args: &Args, max: bool) {
    let keys: Vec<&[u8]> = (1..args.len() - 1).map(|i| args.get(i)).collect();
    blocking_zpop(ctx, args, &keys, args.get(args.len() - 1), max, -1, false);
}

fn bzpopmin(ctx: &mut Ctx, args: &Args) {
    bzpop(ctx, args, false);
}

fn bzpopmax(ctx: &mut Ctx, args: &Args) {
    bzpop(ctx, args, true);
}

fn bzmpop(ctx: &mut Ctx, args: &Args) {
    let Some((keys, max, count)) = parse_mpop(ctx, args, 2) else {
        return;
    };
    blocking_zpop(ctx, args, &keys, args.get(1), max, count, true);
}

fn zmpop(ctx: &mut Ctx, args: &Args) {
    let Some((keys, max, count)) = parse_mpop(ctx, args, 1) else {
        return;
    };
    zpop_generic(ctx, &keys, max, true, count, true, true);
}

// ---------------------------------------------------------------------------------------------
// ZRANDMEMBER.

fn zrandmember(ctx: &mut Ctx, args: &Args) {
    if args.len() >= 3 {
        let Some(l) = long_in_range(ctx, args.get(2), -i64::MAX, i64::MAX, None) else {
            return;
        };
        let withscores = args.len() == 4;
        if args.len() > 4 || (withscores && !args.is(3, "withscores")) {
            return ctx.out.error(errors::SYNTAX);
        }
        if withscores && !(-i64::MAX / 2..=i64::MAX / 2).contains(&l) {
            return ctx.out.error("ERR value is out of range");
        }
        return zrandmember_count(ctx, args.get(1), l, withscores);
    }
    let (z, rng) = match zset_with_rng(ctx.st, ctx.client.db, args.get(1)) {
        Err(()) => return ctx.out.error(errors::WRONGTYPE),
        Ok(None) => return ctx.out.null(),
        Ok(Some(found)) => found,
    };
    let (m, _) = z.at(rng.below(z.len()));
    ctx.out.bulk(m);
}

fn zrandmember_count(ctx: &mut Ctx, key: &[u8], l: i64, withscores: bool) {
    let db = ctx.client.db;
    let hard_limit = ctx.st.config.output_limit_normal.0 as usize;
    let (z, rng) = match zset_with_rng(ctx.st, db, key) {
        Err(()) => return ctx.out.error(errors::WRONGTYPE),
        Ok(None) => return ctx.out.array(0),
        Ok(Some(found)) => found,
    };
    let out = &mut *ctx.out;
    let (count, uniq) = (l.unsigned_abs() as usize, l >= 0);
    if count == 0 {
        return out.array(0);
    }
    let size = z.len();
    // A listpack-sized set finds a position by walking from its start: for more than a few
    // picks, list its elements once.
    let listed: Vec<(&[u8], f64)> = if z.is_compact() && count > 8 && (!uniq || count < size) {
        z.iter_unordered().collect()
    } else {
        Vec::new()
    };
    let at = |p: usize| listed.get(p).copied().unwrap_or_else(|| z.at(p));
    // Repeats allowed (negative count), or a single pick: sample with replacement.
    if !uniq || count == 1 {
        scored_header(out, count, withscores);
        for i in 0..count {
            // A reply past the output buffer's hard limit closes the client anyway: stop
            // early, as Redis does once it marks the client to close.
            if hard_limit > 0 && i % 1024 == 0 && out.buf.len() > hard_limit {
                break;
            }
            let (m, s) = at(rng.below(size));
            scored_item(out, m, s, withscores);
        }
        return;
    }
    scored_header(out, count.min(size), withscores);
    if count >= size {
        // Redis walks sorted sets from the highest score down here.
        for (m, s) in z.iter_from(0, true) {
            scored_item(out, m, s, withscores);
        }
        return;
    }
    if count * 3 > size {
        // Most of the set: shuffle positions partially (the set is at most 3x the reply).
        let mut pos: Vec<u32> = (0..size as u32).collect();
        for i in 0..count {
            let j = i + rng.below(size - i);
            pos.swap(i, j);
            let (m, s) = at(pos[i] as usize);
            scored_item(out, m, s, withscores);
        }
        return;
    }
    // A small part of a large set: random picks, skipping repeats.
    let mut seen = std::collections::HashSet::with_capacity(count);
    while seen.len() < count {
        let p = rng.below(size);
        if seen.insert(p) {
            let (m, s) = at(p);
            scored_item(out, m, s, withscores);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD.

#[derive(Clone, Copy, PartialEq)]
enum SetOp {
    Union,
    Inter,
    Diff,
}

#[derive(Clone, Copy, PartialEq)]
enum Aggregate {
    Sum,
    Min,
    Max,
}

fn aggregate(target: &mut f64, v: f64, how: Aggregate) {
    match how {
        Aggregate::Sum => {
            *target += v;
            // inf + -inf: Redis's convention is 0.
            if target.is_nan() {
                *target = 0.0;
            }
        }
        Aggregate::Min => {
            if v < *target {
                *target = v;
            }
        }
        Aggregate::Max => {
            if v > *target {
                *target = v;
            }
        }
    }
}

/// An input of a set operation: a sorted set, a plain set (every member scores 1), or nothing.
#[derive(Clone, Copy)]
enum Src<'a> {
    Missing,
    Z(&'a ZSet),
    S(&'a Set),
}

impl<'a> Src<'a> {
    fn len(&self) -> usize {
        match self {
            Src::Missing => 0,
            Src::Z(z) => z.len(),
            Src::S(s) => s.len(),
        }
    }

    fn score(&self, m: &[u8]) -> Option<f64> {
        match self {
            Src::Missing => None,
            Src::Z(z) => z.score(m),
            Src::S(s) => s.contains(m).then_some(1.0),
        }
    }

    fn for_each(&self, mut f: impl FnMut(Member<'a>, f64) -> bool) {
        match self {
            Src::Missing => {}
            Src::Z(z) => {
                for (m, s) in z.iter_unordered() {
                    if !f(Member::Bytes(m), s) {
                        break;
                    }
                }
            }
            Src::S(set) => {
                for m in set.iter() {
                    if !f(m, 1.0) {
                        break;
                    }
                }
            }
        }
    }
}

/// Redis's `zunionInterDiffGenericCommand`.
fn zsetop_generic(
    ctx: &mut Ctx,
    args: &Args,
    dst: Option<&[u8]>,
    numkeys_idx: usize,
    op: SetOp,
    card_only: bool,
) {
    sync_limits(ctx);
    let Some(setnum) = ctx.int_arg(args.get(numkeys_idx)) else {
        return;
    };
    if setnum < 1 {
        let name = ctx.client.last_cmd;
        return ctx.out.error(&format!(
            "ERR at least 1 input key is needed for '{name}' command"
        ));
    }
    if setnum > (args.len() - numkeys_idx - 1) as i64 {
        return ctx.out.error(errors::SYNTAX);
    }
    let setnum = setnum as usize;
    let db = ctx.client.db;
    let keys: Vec<&[u8]> = (0..setnum).map(|i| args.get(numkeys_idx + 1 + i)).collect();
    for key in &keys {
        match ctx.st.lookup(db, key) {
            None | Some(Value::ZSet(_)) | Some(Value::Set(_)) => {}
            Some(_) => return ctx.out.error(errors::WRONGTYPE),
        }
    }
    let mut weights = vec![1.0f64; setnum];
    let (mut how, mut withscores, mut limit) = (Aggregate::Sum, false, 0i64);
    let mut j = numkeys_idx + 1 + setnum;
    while j < args.len() {
        let remaining = args.len() - j;
        if op != SetOp::Diff && !card_only && remaining > setnum && args.is(j, "weights") {
            j += 1;
            for w in weights.iter_mut() {
                match get_double(args.get(j)) {
                    Some(v) => *w = v,
                    None => return ctx.out.error("ERR weight value is not a float"),
                }
                j += 1;
            }
        } else if op != SetOp::Diff && !card_only && remaining >= 2 && args.is(j, "aggregate") {
            how = if args.is(j + 1, "sum") {
                Aggregate::Sum
            } else if args.is(j + 1, "min") {
                Aggregate::Min
            } else if args.is(j + 1, "max") {
                Aggregate::Max
            } else {
                return ctx.out.error(errors::SYNTAX);
            };
            j += 2;
        } else if dst.is_none() && !card_only && args.is(j, "withscores") {
            withscores = true;
            j += 1;
        } else if card_only && remaining >= 2 && args.is(j, "limit") {
            let Some(l) = long_in_range(
                ctx,
                args.get(j + 1),
                0,
                i64::MAX,
                Some("ERR LIMIT can't be negative"),
            ) else {
                return;
            };
            limit = l;
            j += 2;
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
    }

    let dbref = &ctx.st.dbs[db];
    let mut srcs: Vec<(Src, f64)> = keys
        .iter()
        .zip(&weights)
        .map(|(k, &w)| {
            let src = match dbref.get(k) {
                Some(Value::ZSet(z)) => Src::Z(z),
                Some(Value::Set(s)) => Src::S(s),
                _ => Src::Missing,
            };
            (src, w)
        })
        .collect();
    if op != SetOp::Diff {
        // Smallest first, as Redis orders them (a stable sort: the order of equal-sized inputs
        // decides the order floating point sums are taken in).
        srcs.sort_by_key(|(s, _)| s.len());
    }
    let mut result = ZSet::new_skiplist(0);
    let mut cardinality = 0i64;
    match op {
        SetOp::Inter => {
            let (first, w0) = srcs[0];
            if first.len() > 0 {
                first.for_each(|m, s| {
                    let mut score = w0 * s;
                    if score.is_nan() {
                        score = 0.0;
                    }
                    for (src, w) in &srcs[1..] {
                        match src.score(&m) {
                            Some(v) => aggregate(&mut score, v * w, how),
                            None => return true,
                        }
                    }
                    if card_only {
                        cardinality += 1;
                        return limit == 0 || cardinality < limit;
                    }
                    result.insert(&m, score);
                    true
                });
            }
        }
        SetOp::Union => {
            let mut acc: indexmap::IndexMap<Member, f64, foldhash::fast::RandomState> =
                Default::default();
            if let Some((largest, _)) = srcs.last() {
                acc.reserve(largest.len());
            }
            for (src, w) in &srcs {
                src.for_each(|m, s| {
                    let mut score = w * s;
                    if score.is_nan() {
                        score = 0.0;
                    }
                    match acc.entry(m) {
                        indexmap::map::Entry::Occupied(mut e) => aggregate(e.get_mut(), score, how),
                        indexmap::map::Entry::Vacant(e) => {
                            e.insert(score);
                        }
                    }
                    true
                });
            }
            result = ZSet::new_skiplist(acc.len());
            for (m, s) in acc {
                result.insert(&m, s);
            }
        }
        SetOp::Diff => {
            let (first, _) = srcs[0];
            first.for_each(|m, s| {
                if srcs[1..].iter().all(|(src, _)| src.score(&m).is_none()) {
                    result.insert(&m, s);
                }
                true
            });
        }
    }

    if let Some(dst) = dst {
        result.compact_if_small();
        store_result(ctx, dst, result);
    } else if card_only {
        ctx.out.int(cardinality);
    } else {
        scored_header(ctx.out, result.len(), withscores);
        for (m, s) in result.iter() {
            scored_item(ctx.out, m, s, withscores);
        }
        ctx.free(Value::ZSet(result));
    }
}

fn zunion(ctx: &mut Ctx, args: &Args) {
    zsetop_generic(ctx, args, None, 1, SetOp::Union, false);
}

fn zinter(ctx: &mut Ctx, args: &Args) {
    zsetop_generic(ctx, args, None, 1, SetOp::Inter, false);
}

fn zdiff(ctx: &mut Ctx, args: &Args) {
    zsetop_generic(ctx, args, None, 1, SetOp::Diff, false);
}

fn zunionstore(ctx: &mut Ctx, args: &Args) {
    zsetop_generic(ctx, args, Some(args.get(1)), 2, SetOp::Union, false);
}

fn zinterstore(ctx: &mut Ctx, args: &Args) {
    zsetop_generic(ctx, args, Some(args.get(1)), 2, SetOp::Inter, false);
}

fn zdiffstore(ctx: &mut Ctx, args: &Args) {
    zsetop_generic(ctx, args, Some(args.get(1)), 2, SetOp::Diff, false);
}

fn zintercard(ctx: &mut Ctx, args: &Args) {
    zsetop_generic(ctx, args, None, 1, SetOp::Inter, true);
}

// ---------------------------------------------------------------------------------------------
// ZSCAN.

/// A SCAN cursor as `strtoul` reads it (see `keys::parse_cursor`).
fn parse_cursor(arg: &[u8]) -> Option<u64> {
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

/// A score as a listpack holds it: integral values within +-2^62 as integers, others `%.17g`.
fn listpack_score(s: f64) -> String {
    if s.fract() == 0.0 && s.abs() <= (i64::MAX / 2) as f64 {
        (s as i64).to_string()
    } else {
        fmt_double(s)
    }
}

fn zscan(ctx: &mut Ctx, args: &Args) {
    let Some(cursor) = parse_cursor(args.get(2)) else {
        return ctx.out.error("ERR invalid cursor");
    };
    let z = match zset_mut(ctx.st, ctx.client.db, args.get(1)) {
        Err(()) => return ctx.out.error(errors::WRONGTYPE),
        Ok(None) => return ctx.out.buf.extend_from_slice(b"*2\r\n$1\r\n0\r\n*0\r\n"),
        Ok(Some(z)) => &*z,
    };
    let (mut count, mut pattern) = (10usize, None);
    let mut i = 3;
    while i < args.len() {
        let has_value = args.len() - i >= 2;
        if args.is(i, "count") && has_value {
            let Some(n) = parse_i64(args.get(i + 1)) else {
                return ctx.out.error(errors::NOT_INTEGER);
            };
            if n < 1 {
                return ctx.out.error(errors::SYNTAX);
            }
            count = n as usize;
        } else if args.is(i, "match") && has_value {
            pattern = Some(args.get(i + 1)).filter(|p| *p != b"*");
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
        i += 2;
    }
    let matches = |m: &[u8]| pattern.is_none_or(|p| crate::db::glob::matches(p, m, false));
    let mut found: Vec<(&[u8], String)> = Vec::new();
    let next = if z.is_compact() {
        // A listpack is returned whole, in order, with cursor 0.
        for (m, s) in z.iter() {
            if matches(m) {
                found.push((m, listpack_score(s)));
            }
        }
        0
    } else {
        // Walk positions from the end towards 0, as `Db::scan` does: removals move the last
        // element into the hole, which never carries an unvisited element past the cursor.
        let len = z.len() as u64;
        let mut pos = if cursor == 0 || cursor > len {
            len
        } else {
            cursor
        };
        let mut steps = 0;
        while pos > 0 && steps < count {
            pos -= 1;
            let (m, s) = z.at(pos as usize);
            if matches(m) {
                found.push((m, fmt_double(s)));
            }
            steps += 1;
        }
        pos
    };
    ctx.out.array(2);
    ctx.out.bulk(itoa::Buffer::new().format(next).as_bytes());
    ctx.out.array(found.len() * 2);
    for (m, s) in &found {
        ctx.out.bulk(m);
        ctx.out.bulk(s.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_parse_like_redis() {
        assert_eq!(get_double(b"1.5"), Some(1.5));
        assert_eq!(get_double(b"-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(get_double(b"0x10"), Some(16.0));
        assert_eq!(get_double(b"1e400"), None);
        assert_eq!(get_double(b"1e-400"), None);
        assert_eq!(get_double(b" 1"), None);
        assert_eq!(get_double(b"1 "), None);
        assert_eq!(get_double(b"nan"), None);
        assert_eq!(get_double(b""), None);
        assert_eq!(get_double(b"1\x002"), None);
        // The integer fast path agrees with strtod, signs and leading zeros included.
        for text in [
            "0",
            "-0",
            "+7",
            "000000023233",
            "-999999999999999",
            "123456789012345",
        ] {
            let v = get_double(text.as_bytes()).unwrap();
            assert_eq!(v.to_bits(), c_strtod(text.as_bytes()).0.to_bits(), "{text}");
        }
        assert_eq!(get_double(b"-"), None);
        assert_eq!(get_double(b"+"), None);
        assert_eq!(
            get_double(b"1234567890123456789"),
            Some(1234567890123456789.0)
        );
    }

    #[test]
    fn score_ranges_parse_like_zslparserange() {
        assert_eq!(range_item(b"(1.5"), Some((1.5, true)));
        assert_eq!(range_item(b" 2"), Some((2.0, false)));
        assert_eq!(range_item(b"("), Some((0.0, true)));
        assert_eq!(range_item(b""), Some((0.0, false)));
        assert_eq!(range_item(b"1e400"), Some((f64::INFINITY, false)));
        assert_eq!(range_item(b"1\x00x"), Some((1.0, false)));
        assert_eq!(range_item(b"nan"), None);
        assert_eq!(range_item(b"1x"), None);
        assert_eq!(range_item(b"[1"), None);
    }

    #[test]
    fn lex_items() {
        assert_eq!(lex_item(b"+"), Some(LexBound::Max));
        assert_eq!(lex_item(b"-"), Some(LexBound::Min));
        assert_eq!(lex_item(b"(a"), Some(LexBound::Excl(b"a".to_vec())));
        assert_eq!(lex_item(b"["), Some(LexBound::Incl(Vec::new())));
        assert_eq!(lex_item(b"+a"), None);
        assert_eq!(lex_item(b"a"), None);
        assert_eq!(lex_item(b""), None);
    }

    #[test]
    fn plain_sets_are_inputs_scoring_one() {
        let mut set = Set::default();
        set.add(b"a", 512);
        set.add(b"b", 512);
        let src = Src::S(&set);
        assert_eq!(src.len(), 2);
        assert_eq!(src.score(b"a"), Some(1.0));
        assert_eq!(src.score(b"c"), None);
        let mut seen = Vec::new();
        src.for_each(|m, s| {
            seen.push((m.to_vec(), s));
            true
        });
        seen.sort_by(|x, y| x.0.cmp(&y.0));
        assert_eq!(seen, vec![(b"a".to_vec(), 1.0), (b"b".to_vec(), 1.0)]);
        assert_eq!(Src::Missing.len(), 0);
    }

    #[test]
    fn listpack_scores_print_integers_whole() {
        assert_eq!(listpack_score(1e17), "100000000000000000");
        assert_eq!(listpack_score(1.5), "1.5");
        assert_eq!(listpack_score(f64::INFINITY), "inf");
        assert_eq!(listpack_score(1e300), "1.0000000000000001e+300");
    }
}
