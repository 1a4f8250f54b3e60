//! List commands, including the blocking pops (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP).
//!
//! As in Redis's `t_list.c`, pushes share `push`, pops share `pop_generic`, the multi-key pops
//! share `mpop`, and the moves share `lmove_generic`. A blocking variant runs its non-blocking
//! twin when there is data and otherwise parks the client (`Ctx::block`); the loop runs it again
//! when a key it waits on receives elements.

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::blocking::TimeoutReply;
use crate::db::types::{Fill, List};
use crate::db::{Key, Str, Value};
use crate::proto::errors;
use crate::state::State;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "lpush",
        arity: -3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LPUSH key element [element ...]",
        handler: lpush,
    },
    Command {
        name: "rpush",
        arity: -3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "list",
        syntax: "RPUSH key element [element ...]",
        handler: rpush,
    },
    Command {
        name: "lpushx",
        arity: -3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LPUSHX key element [element ...]",
        handler: lpushx,
    },
    Command {
        name: "rpushx",
        arity: -3,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "list",
        syntax: "RPUSHX key element [element ...]",
        handler: rpushx,
    },
    Command {
        name: "lpop",
        arity: -2,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LPOP key [count]",
        handler: lpop,
    },
    Command {
        name: "rpop",
        arity: -2,
        flags: WRITE | FAST,
        keys: (1, 1, 1),
        group: "list",
        syntax: "RPOP key [count]",
        handler: rpop,
    },
    Command {
        name: "llen",
        arity: 2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LLEN key",
        handler: llen,
    },
    Command {
        name: "lrange",
        arity: 4,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LRANGE key start stop",
        handler: lrange,
    },
    Command {
        name: "lindex",
        arity: 3,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LINDEX key index",
        handler: lindex,
    },
    Command {
        name: "lset",
        arity: 4,
        flags: WRITE | DENYOOM,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LSET key index element",
        handler: lset,
    },
    Command {
        name: "linsert",
        arity: 5,
        flags: WRITE | DENYOOM,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LINSERT key BEFORE|AFTER pivot element",
        handler: linsert,
    },
    Command {
        name: "lrem",
        arity: 4,
        flags: WRITE,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LREM key count element",
        handler: lrem,
    },
    Command {
        name: "ltrim",
        arity: 4,
        flags: WRITE,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LTRIM key start stop",
        handler: ltrim,
    },
    Command {
        name: "lpos",
        arity: -3,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "list",
        syntax: "LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]",
        handler: lpos,
    },
    Command {
        name: "lmove",
        arity: 5,
        flags: WRITE | DENYOOM,
        keys: (1, 2, 1),
        group: "list",
        syntax: "LMOVE source destination LEFT|RIGHT LEFT|RIGHT",
        handler: lmove,
    },
    Command {
        name: "rpoplpush",
        arity: 3,
        flags: WRITE | DENYOOM,
        keys: (1, 2, 1),
        group: "list",
        syntax: "RPOPLPUSH source destination",
        handler: rpoplpush,
    },
    Command {
        name: "lmpop",
        arity: -4,
        flags: WRITE,
        keys: (0, 0, 0),
        group: "list",
        syntax: "LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]",
        handler: lmpop,
    },
    Command {
        name: "blpop",
        arity: -3,
        flags: WRITE | NOSCRIPT | BLOCKING,
        keys: (1, -2, 1),
        group: "list",
        syntax: "BLPOP key [key ...] timeout",
        handler: blpop,
    },
    Command {
        name: "brpop",
        arity: -3,
        flags: WRITE | NOSCRIPT | BLOCKING,
        keys: (1, -2, 1),
        group: "list",
        syntax: "BRPOP key [key ...] timeout",
        handler: brpop,
    },
    Command {
        name: "blmove",
        arity: 6,
        flags: WRITE | DENYOOM | NOSCRIPT | BLOCKING,
        keys: (1, 2, 1),
        group: "list",
        syntax: "BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout",
        handler: blmove,
    },
    Command {
        name: "brpoplpush",
        arity: 4,
        flags: WRITE | DENYOOM | NOSCRIPT | BLOCKING,
        keys: (1, 2, 1),
        group: "list",
        syntax: "BRPOPLPUSH source destination timeout",
        handler: brpoplpush,
    },
    Command {
        name: "blmpop",
        arity: -5,
        flags: WRITE | BLOCKING,
        keys: (0, 0, 0),
        group: "list",
        syntax: "BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]",
        handler: blmpop,
    },
];

/// Which end of a list.
#[derive(Clone, Copy, PartialEq)]
enum End {
    Left,
    Right,
}

/// A list looked up in the keyspace.
enum Found<'a> {
    Missing,
    WrongType,
    List(&'a mut List),
}

fn find<'a>(st: &'a mut State, db: usize, key: &[u8]) -> Found<'a> {
    match st.lookup(db, key) {
        None => Found::Missing,
        Some(Value::List(l)) => Found::List(l),
        Some(_) => Found::WrongType,
    }
}

/// Deletes `key` if its list became empty (an emptied collection never stays in Redis).
fn drop_if_empty(ctx: &mut Ctx, db: usize, key: &[u8]) {
    if matches!(ctx.st.dbs[db].get(key), Some(Value::List(l)) if l.is_empty())
        && let Some(v) = ctx.st.dbs[db].remove(key)
    {
        ctx.free(v);
    }
}

/// How full a list chunk may get: `list-max-listpack-size`, read per command so that
/// CONFIG SET applies to the next push.
fn fill(ctx: &Ctx) -> Fill {
    Fill::from_config(ctx.st.config.encodings.list_max_listpack_size)
}

fn push_end(list: &mut List, end: End, item: &[u8], fill: Fill) {
    match end {
        End::Left => list.push_front(item, fill),
        End::Right => list.push_back(item, fill),
    }
}

fn pop_end(list: &mut List, end: End) -> Option<Str> {
    match end {
        End::Left => list.pop_front(),
        End::Right => list.pop_back(),
    }
}

/// Pops one element at `end` straight into the reply (no copy of its own).
fn pop_reply(list: &mut List, end: End, out: &mut crate::proto::reply::Reply) {
    match end {
        End::Left => list.pop_front_with(|e| out.bulk(e)),
        End::Right => list.pop_back_with(|e| out.bulk(e)),
    };
}

fn parse_end(ctx: &mut Ctx, arg: &[u8]) -> Option<End> {
    if arg.eq_ignore_ascii_case(b"left") {
        Some(End::Left)
    } else if arg.eq_ignore_ascii_case(b"right") {
        Some(End::Right)
    } else {
        ctx.out.error(errors::SYNTAX);
        None
    }
}

/// LPUSH/RPUSH/LPUSHX/RPUSHX; `only_existing` for the X variants.
fn push(ctx: &mut Ctx, args: &Args, end: End, only_existing: bool) {
    let key = args.get(1);
    let db = ctx.client.db;
    let fill = fill(ctx);
    let list = if only_existing {
        match find(ctx.st, db, key) {
            Found::WrongType => return ctx.out.error(errors::WRONGTYPE),
            Found::Missing => return ctx.out.int(0),
            Found::List(list) => list,
        }
    } else {
        let make = || Value::List(Box::default());
        let pick = Value::as_list_mut;
        let Ok(list) = super::typed_or_create(ctx.st, db, key, ctx.out, make, pick) else {
            return;
        };
        list
    };
    let items = (2..args.len()).map(|i| args.get(i));
    match end {
        End::Left => list.extend_front(items, fill),
        End::Right => list.extend_back(items, fill),
    }
    let len = list.len();
    ctx.dirty(args.len() as u64 - 2);
    ctx.signal_ready(key);
    ctx.out.int(len as i64);
}

fn lpush(ctx: &mut Ctx, args: &Args) {
    push(ctx, args, End::Left, false);
}

fn rpush(ctx: &mut Ctx, args: &Args) {
    push(ctx, args, End::Right, false);
}

fn lpushx(ctx: &mut Ctx, args: &Args) {
    push(ctx, args, End::Left, true);
}

fn rpushx(ctx: &mut Ctx, args: &Args) {
    push(ctx, args, End::Right, true);
}

/// LPOP/RPOP with an optional count (a count replies with an array, even of one).
fn pop_generic(ctx: &mut Ctx, args: &Args, end: End) {
    if args.len() > 3 {
        return ctx.out.error(&errors::wrong_arity(if end == End::Left {
            "lpop"
        } else {
            "rpop"
        }));
    }
    let count = if args.len() == 3 {
        let Some(n) = ctx.range_arg(
            args.get(2),
            0,
            i64::MAX,
            Some("value is out of range, must be positive"),
        ) else {
            return;
        };
        Some(n as usize)
    } else {
        None
    };
    let key = args.get(1);
    let db = ctx.client.db;
    let list = match find(ctx.st, db, key) {
        Found::Missing if count.is_some() => return ctx.out.null_array(),
        Found::Missing => return ctx.out.null(),
        Found::WrongType => return ctx.out.error(errors::WRONGTYPE),
        Found::List(l) => l,
    };
    match count {
        Some(0) => return ctx.out.array(0),
        None => {
            pop_reply(list, end, ctx.out);
            ctx.dirty(1);
        }
        Some(n) => {
            let n = n.min(list.len());
            ctx.out.array(n);
            for _ in 0..n {
                pop_reply(list, end, ctx.out);
            }
            ctx.dirty(n as u64);
        }
    }
    drop_if_empty(ctx, db, key);
}

fn lpop(ctx: &mut Ctx, args: &Args) {
    pop_generic(ctx, args, End::Left);
}

fn rpop(ctx: &mut Ctx, args: &Args) {
    pop_generic(ctx, args, End::Right);
}

fn llen(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    match find(ctx.st, db, args.get(1)) {
        Found::Missing => ctx.out.int(0),
        Found::WrongType => ctx.out.error(errors::WRONGTYPE),
        Found::List(l) => ctx.out.int(l.len() as i64),
    }
}

/// Resolves Redis's inclusive `start..=end` with negative indexes; None when empty.
fn range_bounds(start: i64, end: i64, len: usize) -> Option<(usize, usize)> {
    let len = len as i64;
    let mut start = if start < 0 { len + start } else { start };
    let mut end = if end < 0 { len + end } else { end };
    start = start.max(0);
    if start > end || start >= len {
        return None;
    }
    end = end.min(len - 1);
    Some((start as usize, end as usize))
}

fn lrange(ctx: &mut Ctx, args: &Args) {
    let Some(start) = ctx.int_arg(args.get(2)) else {
        return;
    };
    let Some(end) = ctx.int_arg(args.get(3)) else {
        return;
    };
    let db = ctx.client.db;
    let list = match find(ctx.st, db, args.get(1)) {
        Found::Missing => return ctx.out.array(0),
        Found::WrongType => return ctx.out.error(errors::WRONGTYPE),
        Found::List(l) => l,
    };
    match range_bounds(start, end, list.len()) {
        None => ctx.out.array(0),
        Some((s, e)) => {
            ctx.out.array(e - s + 1);
            for item in list.range(s, e) {
                ctx.out.bulk(item);
            }
        }
    }
}

/// An index counted from the head (>= 0) or the tail (< 0), if it is inside the list.
fn position(index: i64, len: usize) -> Option<usize> {
    let i = if index < 0 { len as i64 + index } else { index };
    (0..len as i64).contains(&i).then_some(i as usize)
}

fn lindex(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    let list = match find(ctx.st, db, args.get(1)) {
        Found::Missing => return ctx.out.null(),
        Found::WrongType => return ctx.out.error(errors::WRONGTYPE),
        Found::List(l) => l,
    };
    let Some(index) = crate::proto::num::parse_i64(args.get(2)) else {
        return ctx.out.error(errors::NOT_INTEGER);
    };
    match position(index, list.len()).and_then(|i| list.get(i)) {
        Some(item) => ctx.out.bulk(item),
        None => ctx.out.null(),
    }
}

fn lset(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    let fill = fill(ctx);
    let list = match find(ctx.st, db, args.get(1)) {
        Found::Missing => return ctx.out.error(errors::NO_SUCH_KEY),
        Found::WrongType => return ctx.out.error(errors::WRONGTYPE),
        Found::List(l) => l,
    };
    let Some(index) = crate::proto::num::parse_i64(args.get(2)) else {
        return ctx.out.error(errors::NOT_INTEGER);
    };
    match position(index, list.len()) {
        Some(i) => {
            list.set(i, args.get(3), fill);
            ctx.dirty(1);
            ctx.out.ok();
        }
        None => ctx.out.error("ERR index out of range"),
    }
}

fn linsert(ctx: &mut Ctx, args: &Args) {
    let after = if args.is(2, "after") {
        true
    } else if args.is(2, "before") {
        false
    } else {
        return ctx.out.error(errors::SYNTAX);
    };
    let db = ctx.client.db;
    let fill = fill(ctx);
    let list = match find(ctx.st, db, args.get(1)) {
        Found::Missing => return ctx.out.int(0),
        Found::WrongType => return ctx.out.error(errors::WRONGTYPE),
        Found::List(l) => l,
    };
    let pivot = args.get(3);
    let Some(i) = list.iter().position(|item| item == pivot) else {
        return ctx.out.int(-1);
    };
    list.insert(if after { i + 1 } else { i }, args.get(4), fill);
    let len = list.len();
    ctx.dirty(1);
    ctx.out.int(len as i64);
}

fn lrem(ctx: &mut Ctx, args: &Args) {
    let Some(count) = ctx.int_arg(args.get(2)) else {
        return;
    };
    let key = args.get(1);
    let db = ctx.client.db;
    let fill = fill(ctx);
    let list = match find(ctx.st, db, key) {
        Found::Missing => return ctx.out.int(0),
        Found::WrongType => return ctx.out.error(errors::WRONGTYPE),
        Found::List(l) => l,
    };
    let removed = list.remove_matching(args.get(3), count, fill);
    ctx.dirty(removed as u64);
    drop_if_empty(ctx, db, key);
    ctx.out.int(removed as i64);
}

fn ltrim(ctx: &mut Ctx, args: &Args) {
    let Some(start) = ctx.int_arg(args.get(2)) else {
        return;
    };
    let Some(end) = ctx.int_arg(args.get(3)) else {
        return;
    };
    let key = args.get(1);
    let db = ctx.client.db;
    let list = match find(ctx.st, db, key) {
        Found::Missing => return ctx.out.ok(),
        Found::WrongType => return ctx.out.error(errors::WRONGTYPE),
        Found::List(l) => l,
    };
    let before = list.len();
    match range_bounds(start, end, list.len()) {
        None => list.clear(),
        Some((s, e)) => list.trim(s, e),
    }
    let removed = before - list.len();
    ctx.dirty(removed as u64);
    drop_if_empty(ctx, db, key);
    ctx.out.ok();
}

fn lpos(ctx: &mut Ctx, args: &Args) {
    let (mut rank, mut count, mut maxlen): (i64, Option<usize>, usize) = (1, None, 0);
    let mut j = 3;
    while j < args.len() {
        let more = j + 1 < args.len();
        if args.is(j, "rank") && more {
            let Some(r) = ctx.int_arg(args.get(j + 1)) else {
                return;
            };
            if r == 0 {
                return ctx.out.error(
                    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
                );
            }
            rank = r;
        } else if args.is(j, "count") && more {
            let Some(c) = ctx.range_arg(
                args.get(j + 1),
                0,
                i64::MAX,
                Some("COUNT can't be negative"),
            ) else {
                return;
            };
            count = Some(c as usize);
        } else if args.is(j, "maxlen") && more {
            let Some(m) = ctx.range_arg(
                args.get(j + 1),
                0,
                i64::MAX,
                Some("MAXLEN can't be negative"),
            ) else {
                return;
            };
            maxlen = m as usize;
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
        j += 2;
    }
    let db = ctx.client.db;
    let list = match find(ctx.st, db, args.get(1)) {
        Found::Missing if count.is_some() => return ctx.out.array(0),
        Found::Missing => return ctx.out.null(),
        Found::WrongType => return ctx.out.error(errors::WRONGTYPE),
        Found::List(l) => l,
    };
    let target = args.get(2);
    let len = list.len();
    let scan = if maxlen == 0 { len } else { maxlen.min(len) };
    let from_tail = rank < 0;
    let mut skip = rank.unsigned_abs() as usize - 1;
    if rank == i64::MIN {
        // Redis 7.0 negates the rank in a C long, where LONG_MIN stays negative: every match
        // from the tail then qualifies and COUNT never stops the scan.
        skip = 0;
        count = count.map(|_| 0);
    }
    // One walk from the chosen end, yielding the head-based index of each match.
    let walk: Box<dyn Iterator<Item = &[u8]>> = if from_tail {
        Box::new(list.iter().rev())
    } else {
        Box::new(list.iter())
    };
    let mut matches = walk
        .take(scan)
        .enumerate()
        .filter(|&(_, e)| e == target)
        .map(|(n, _)| if from_tail { len - 1 - n } else { n })
        .skip(skip);
    match count {
        None => match matches.next() {
            Some(i) => ctx.out.int(i as i64),
            None => ctx.out.null(),
        },
        Some(c) => {
            let found: Vec<usize> = if c == 0 {
                matches.collect()
            } else {
                matches.take(c).collect()
            };
            ctx.out.array(found.len());
            for i in found {
                ctx.out.int(i as i64);
            }
        }
    }
}

/// The one move: pops from `src` at `from`, pushes onto `dst` at `to`, replies the element.
/// Returns false (without replying) when `src` is missing, so a blocking caller can wait.
fn lmove_generic(ctx: &mut Ctx, src: &[u8], dst: &[u8], from: End, to: End) -> bool {
    let db = ctx.client.db;
    match find(ctx.st, db, src) {
        Found::Missing => return false,
        Found::WrongType => {
            ctx.out.error(errors::WRONGTYPE);
            return true;
        }
        Found::List(_) => {}
    }
    if let Found::WrongType = find(ctx.st, db, dst) {
        ctx.out.error(errors::WRONGTYPE);
        return true;
    }
    let fill = fill(ctx);
    let Found::List(list) = find(ctx.st, db, src) else {
        return true;
    };
    let Some(item) = pop_end(list, from) else {
        return true;
    };
    ctx.out.bulk(&item);
    drop_if_empty(ctx, db, src);
    if !matches!(ctx.st.dbs[db].get(dst), Some(Value::List(_))) {
        ctx.st.dbs[db].insert_new(dst, Value::List(Box::default()));
    }
    if let Found::List(dest) = find(ctx.st, db, dst) {
        push_end(dest, to, &item, fill);
    }
    ctx.dirty(1);
    ctx.signal_ready(dst);
    true
}

fn lmove(ctx: &mut Ctx, args: &Args) {
    let Some(from) = parse_end(ctx, args.get(3)) else {
        return;
    };
    let Some(to) = parse_end(ctx, args.get(4)) else {
        return;
    };
    if !lmove_generic(ctx, args.get(1), args.get(2), from, to) {
        ctx.out.null();
    }
}

fn rpoplpush(ctx: &mut Ctx, args: &Args) {
    if !lmove_generic(ctx, args.get(1), args.get(2), End::Right, End::Left) {
        ctx.out.null();
    }
}

/// Pops from the first non-empty list among `keys`. With `count`, replies
/// `[key, [elements]]` (LMPOP); without, `[key, element]` (BLPOP). Returns false without
/// replying when every list is missing.
fn mpop(ctx: &mut Ctx, keys: &[&[u8]], end: End, count: Option<usize>) -> bool {
    let db = ctx.client.db;
    for &key in keys {
        let list = match find(ctx.st, db, key) {
            Found::Missing => continue,
            Found::WrongType => {
                ctx.out.error(errors::WRONGTYPE);
                return true;
            }
            Found::List(l) => l,
        };
        ctx.out.array(2);
        ctx.out.bulk(key);
        match count {
            None => {
                pop_reply(list, end, ctx.out);
                ctx.dirty(1);
            }
            Some(n) => {
                let n = n.min(list.len());
                ctx.out.array(n);
                for _ in 0..n {
                    pop_reply(list, end, ctx.out);
                }
                ctx.dirty(n as u64);
            }
        }
        drop_if_empty(ctx, db, key);
        return true;
    }
    false
}

/// Parses `numkeys key [key ...] LEFT|RIGHT [COUNT count]` from position `at`.
fn parse_mpop<'a>(
    ctx: &mut Ctx,
    args: &Args<'a>,
    at: usize,
) -> Option<(Vec<&'a [u8]>, End, usize)> {
    let numkeys = ctx.range_arg(
        args.get(at),
        1,
        i64::MAX,
        Some("numkeys should be greater than 0"),
    )? as usize;
    let where_at = at.checked_add(numkeys)?.checked_add(1)?;
    if where_at >= args.len() {
        ctx.out.error(errors::SYNTAX);
        return None;
    }
    let end = parse_end(ctx, args.get(where_at))?;
    let mut count = None;
    let mut j = where_at + 1;
    while j < args.len() {
        if count.is_none() && args.is(j, "count") && j + 1 < args.len() {
            count = Some(ctx.range_arg(
                args.get(j + 1),
                1,
                i64::MAX,
                Some("count should be greater than 0"),
            )? as usize);
            j += 2;
        } else {
            ctx.out.error(errors::SYNTAX);
            return None;
        }
    }
    let keys = (at + 1..where_at).map(|i| args.get(i)).collect();
    Some((keys, end, count.unwrap_or(1)))
}

fn lmpop(ctx: &mut Ctx, args: &Args) {
    let Some((keys, end, count)) = parse_mpop(ctx, args, 1) else {
        return;
    };
    if !mpop(ctx, &keys, end, Some(count)) {
        ctx.out.null_array();
    }
}

/// BLPOP/BRPOP: the timeout is the last argument.
fn blocking_pop(ctx: &mut Ctx, args: &Args, end: End) {
    let Some(deadline) = ctx.timeout_arg(args.get(args.len() - 1)) else {
        return;
    };
    let keys: Vec<&[u8]> = (1..args.len() - 1).map(|i| args.get(i)).collect();
    if !mpop(ctx, &keys, end, None) {
        let keys = keys.iter().map(|k| Key::from_slice(k)).collect();
        ctx.block(args, keys, deadline, TimeoutReply::NullArray, "list");
    }
}

fn blpop(ctx: &mut Ctx, args: &Args) {
    blocking_pop(ctx, args, End::Left);
}

fn brpop(ctx: &mut Ctx, args: &Args) {
    blocking_pop(ctx, args, End::Right);
}

fn blmove_generic(ctx: &mut Ctx, args: &Args, from: End, to: End, timeout_at: usize) {
    let Some(deadline) = ctx.timeout_arg(args.get(timeout_at)) else {
        return;
    };
    if !lmove_generic(ctx, args.get(1), args.get(2), from, to) {
        ctx.block(
            args,
            vec![Key::from_slice(args.get(1))],
            deadline,
            TimeoutReply::Null,
            "list",
        );
    }
}

fn blmove(ctx: &mut Ctx, args: &Args) {
    let Some(from) = parse_end(ctx, args.get(3)) else {
        return;
    };
    let Some(to) = parse_end(ctx, args.get(4)) else {
        return;
    };
    blmove_generic(ctx, args, from, to, 5);
}

fn brpoplpush(ctx: &mut Ctx, args: &Args) {
    blmove_generic(ctx, args, End::Right, End::Left, 3);
}

fn blmpop(ctx: &mut Ctx, args: &Args) {
    let Some((keys, end, count)) = parse_mpop(ctx, args, 2) else {
        return;
    };
    let Some(deadline) = ctx.timeout_arg(args.get(1)) else {
        return;
    };
    if !mpop(ctx, &keys, end, Some(count)) {
        let keys = keys.iter().map(|k| Key::from_slice(k)).collect();
        ctx.block(args, keys, deadline, TimeoutReply::NullArray, "list");
    }
}

#[cfg(test)]
mod tests {
    use super::{position, range_bounds};

    #[test]
    fn ranges_follow_redis() {
        assert_eq!(range_bounds(0, -1, 3), Some((0, 2)));
        assert_eq!(range_bounds(-100, 100, 3), Some((0, 2)));
        assert_eq!(range_bounds(2, 1, 3), None);
        assert_eq!(range_bounds(5, 10, 3), None);
        assert_eq!(range_bounds(0, -4, 3), None);
        assert_eq!(position(-1, 3), Some(2));
        assert_eq!(position(3, 3), None);
        assert_eq!(position(-4, 3), None);
    }
}
