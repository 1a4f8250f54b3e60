//! SORT and SORT_RO, as Redis 7.0's `sort.c`.
//!
//! The elements of a list, set (or sorted set) are copied out, weighted by the element itself,
//! by `BY pattern` (a string key or `key->field` of a hash, `*` replaced by the element) or not
//! at all (`BY` without `*`), sorted, cut to `LIMIT`, and replied or `STORE`d as a list, with
//! `GET pattern`s looked up the same way. Redis's rules kept here:
//!
//! - numeric weights are read with `strtod` (leading spaces and the empty string are fine,
//!   trailing garbage, NaN and overflow are not); one bad weight fails the whole command with
//!   `One or more scores can't be converted into double`, after the sort;
//! - equal numeric weights are ordered by the elements as binary strings; ALPHA ties keep their
//!   loading order (glibc's `qsort` is a stable merge sort), DESC does not reverse ties (but
//!   see `pqsort` below);
//! - a missing BY key weighs 0 (numeric) or sorts first (ALPHA);
//! - `BY nosort` keeps a list's (or sorted set's) own order, reversed by DESC, but a set's
//!   order is only kept for a reply: stored, it is sorted ALPHA (so replicas agree);
//! - `LIMIT offset count`: offset clamped to `0..len`, a negative count means "to the end";
//! - a set that Redis would hold as an intset is walked in ascending order, as Redis does; a
//!   bigger set in its own (insertion) order, where Redis's is its hash table's.
//!
//! With BY and a LIMIT that cuts the result, Redis sorts with its own unstable partial
//! quicksort (`pqsort`), ported here so that ties come out in Redis's order there too.
//!
//! Like Redis, SORT and SORT_RO convert a sorted set they sort to the skiplist encoding (OBJECT
//! ENCODING shows it, and ZSCAN no longer returns it whole), even when the sort then fails.

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::db::types::{Fill, List};
use crate::db::{Str, Value};
use crate::proto::errors;
use std::cmp::Ordering;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "sort",
        arity: -2,
        flags: WRITE | DENYOOM,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA] [STORE destination]",
        handler: sort,
    },
    Command {
        name: "sort_ro",
        arity: -2,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]",
        handler: sort_ro,
    },
];

fn sort(ctx: &mut Ctx, args: &Args) {
    sort_generic(ctx, args, false);
}

fn sort_ro(ctx: &mut Ctx, args: &Args) {
    sort_generic(ctx, args, true);
}

/// The keys of a SORT command line (`argv[0]` is the name), as Redis's `sortGetKeys`: the sorted
/// key, and the destination of the last STORE (options are skipped by their argument counts).
pub fn get_keys(argv: &[&[u8]]) -> Vec<(usize, &'static [&'static str])> {
    let mut keys: Vec<(usize, &'static [&'static str])> = vec![(1, &["RO", "access"])];
    let mut store = None;
    let mut i = 2;
    while i < argv.len() {
        let a = argv[i];
        if a.eq_ignore_ascii_case(b"limit") {
            i += 2;
        } else if a.eq_ignore_ascii_case(b"get") || a.eq_ignore_ascii_case(b"by") {
            i += 1;
        } else if a.eq_ignore_ascii_case(b"store") && i + 1 < argv.len() {
            store = Some(i + 1);
        }
        i += 1;
    }
    if let Some(p) = store {
        keys.push((p, &["OW", "update"]));
    }
    keys
}

/// What kind of value is sorted, once its elements are copied out.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    List,
    Set,
    ZSet,
}

/// One element being sorted and its weight.
struct Item {
    elem: Str,
    score: f64,
    /// The BY value for ALPHA sorting by a pattern (None: the key or field is missing).
    cmp: Option<Str>,
}

fn sort_generic(ctx: &mut Ctx, args: &Args, readonly: bool) {
    let mut desc = false;
    let mut alpha = false;
    let (mut limit_start, mut limit_count): (i64, i64) = (0, -1);
    let mut sortby: Option<&[u8]> = None;
    let mut dontsort = false;
    let mut store: Option<&[u8]> = None;
    let mut gets: Vec<&[u8]> = Vec::new();
    let mut j = 2;
    while j < args.len() {
        let left = args.len() - j - 1;
        if args.is(j, "asc") {
            desc = false;
        } else if args.is(j, "desc") {
            desc = true;
        } else if args.is(j, "alpha") {
            alpha = true;
        } else if args.is(j, "limit") && left >= 2 {
            let Some(s) = ctx.int_arg(args.get(j + 1)) else {
                return;
            };
            let Some(c) = ctx.int_arg(args.get(j + 2)) else {
                return;
            };
            (limit_start, limit_count) = (s, c);
            j += 2;
        } else if !readonly && args.is(j, "store") && left >= 1 {
            store = Some(args.get(j + 1));
            j += 1;
        } else if args.is(j, "by") && left >= 1 {
            let pattern = args.get(j + 1);
            // A pattern without `*` names one key for every element: nothing to sort by.
            dontsort = !pattern.contains(&b'*');
            sortby = Some(pattern);
            j += 1;
        } else if args.is(j, "get") && left >= 1 {
            gets.push(args.get(j + 1));
            j += 1;
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
        j += 1;
    }

    let db = ctx.client.db;
    let key = args.get(1);
    let kind = match ctx.st.lookup_read(db, key) {
        None => Kind::List,
        Some(Value::List(_)) => Kind::List,
        Some(Value::Set(_)) => Kind::Set,
        Some(Value::ZSet(_)) => Kind::ZSet,
        Some(_) => return ctx.out.error(errors::WRONGTYPE),
    };

    // A set has no order of its own: stored unsorted it would differ between replicas.
    if dontsort && kind == Kind::Set && store.is_some() {
        dontsort = false;
        alpha = true;
        sortby = None;
    }

    // Redis turns a sorted set it sorts into a skiplist first (see the module comment).
    if let Some(Value::ZSet(z)) = ctx.st.dbs[db].get_mut(key) {
        z.convert_to_skiplist();
    }

    let len = ctx.st.dbs[db].get(key).map_or(0, value_len) as i64;
    let mut start = limit_start.clamp(0, len);
    let limit_count = limit_count.clamp(-1, len);
    let mut end = if limit_count < 0 {
        len - 1
    } else {
        start + limit_count - 1
    };
    if start >= len {
        start = len - 1;
        end = len - 2;
    }
    if end >= len {
        end = len - 1;
    }

    // Load the elements: for an ordered kind left unsorted, only the range asked for.
    let mut items: Vec<Item> = {
        let value = ctx.st.dbs[db].get(key);
        let elems = match value {
            Some(v) if dontsort && kind != Kind::Set => {
                let range = if end >= start {
                    ordered_range(v, start as usize, (end - start + 1) as usize, desc)
                } else {
                    Vec::new()
                };
                end -= start;
                start = 0;
                range
            }
            // An intset's members are in ascending order, the order Redis walks it in; it shows
            // when nothing is sorted (BY nosort) and in the order of ALPHA ties.
            Some(v) => all_elements(v),
            None => Vec::new(),
        };
        elems
            .into_iter()
            .map(|elem| Item {
                elem,
                score: 0.0,
                cmp: None,
            })
            .collect()
    };

    let mut conversion_error = false;
    if !dontsort {
        for item in &mut items {
            if let Some(pattern) = sortby {
                let Some(by) = lookup_by_pattern(ctx, pattern, &item.elem) else {
                    continue;
                };
                if alpha {
                    item.cmp = Some(by);
                } else {
                    match strtod(&by) {
                        Some(s) => item.score = s,
                        None => conversion_error = true,
                    }
                }
            } else if !alpha {
                match strtod(&item.elem) {
                    Some(s) => item.score = s,
                    None => conversion_error = true,
                }
            }
        }
        let by_pattern = sortby.is_some();
        let compare = |a: &Item, b: &Item| -> Ordering {
            let cmp = if !alpha {
                a.score
                    .partial_cmp(&b.score)
                    .unwrap_or(Ordering::Equal)
                    .then_with(|| a.elem.as_slice().cmp(b.elem.as_slice()))
            } else if by_pattern {
                match (&a.cmp, &b.cmp) {
                    (Some(x), Some(y)) => x.as_slice().cmp(y.as_slice()),
                    (x, y) => x.is_some().cmp(&y.is_some()),
                }
            } else {
                a.elem.as_slice().cmp(b.elem.as_slice())
            };
            if desc { cmp.reverse() } else { cmp }
        };
        if by_pattern && (start != 0 || end != items.len() as i64 - 1) {
            pqsort(&mut items, start as isize, end as isize, &compare);
        } else {
            // glibc's qsort, which Redis uses otherwise, is a stable merge sort.
            items.sort_by(compare);
        }
    }

    let count = (end - start + 1).max(0) as usize;
    let output_len = if gets.is_empty() {
        count
    } else {
        gets.len() * count
    };
    if conversion_error {
        return ctx
            .out
            .error("ERR One or more scores can't be converted into double");
    }
    let selected = &items[start.max(0) as usize..][..count];
    match store {
        None => {
            ctx.out.array(output_len);
            for item in selected {
                if gets.is_empty() {
                    ctx.out.bulk(&item.elem);
                }
                for pattern in &gets {
                    match lookup_by_pattern(ctx, pattern, &item.elem) {
                        Some(v) => ctx.out.bulk(&v),
                        None => ctx.out.null(),
                    }
                }
            }
        }
        Some(dest) => {
            let fill = Fill::from_config(ctx.st.config.encodings.list_max_listpack_size);
            let mut list = List::new();
            for item in selected {
                if gets.is_empty() {
                    list.push_back(&item.elem, fill);
                }
                for pattern in &gets {
                    let v = lookup_by_pattern(ctx, pattern, &item.elem).unwrap_or_default();
                    list.push_back(&v, fill);
                }
            }
            // Only the destination changes: its WATCHers are told here, the sorted key's not.
            ctx.st.watch_touched = true;
            if output_len > 0 {
                if let Some(old) = ctx.db().set(dest, Value::List(Box::new(list)), false) {
                    ctx.free(old);
                }
                ctx.signal_ready(dest);
                ctx.st.watches.touch(db, dest);
                ctx.dirty(output_len as u64);
            } else {
                // Like Redis's `dbDelete`, even a key past its expiry time counts as deleted.
                if let Some(old) = ctx.db().remove(dest) {
                    ctx.free(old);
                    ctx.st.watches.touch(db, dest);
                    ctx.dirty(1);
                }
            }
            ctx.out.int(output_len as i64);
        }
    }
}

fn value_len(v: &Value) -> usize {
    match v {
        Value::List(l) => l.len(),
        Value::Set(s) => s.len(),
        Value::ZSet(z) => z.len(),
        _ => 0,
    }
}

/// Every element, in the value's own order.
fn all_elements(v: &Value) -> Vec<Str> {
    match v {
        Value::List(l) => l.iter().map(Str::from_slice).collect(),
        Value::Set(s) => s.iter().map(|m| Str::from_slice(&m)).collect(),
        Value::ZSet(z) => z.iter().map(|(m, _)| Str::from_slice(m)).collect(),
        _ => Vec::new(),
    }
}

/// Redis's `pqsort` (Bentley & McIlroy's quicksort that skips partitions outside positions
/// `lrange..=rrange`), ported as is: with BY and a LIMIT, Redis's ties come out in its order.
fn pqsort<T>(v: &mut [T], lrange: isize, rrange: isize, cmp: &impl Fn(&T, &T) -> Ordering) {
    pqsort_at(v, 0, v.len() as isize, lrange, rrange, cmp);
}

fn pqsort_at<T>(
    v: &mut [T],
    mut a: isize,
    mut n: isize,
    lrange: isize,
    rrange: isize,
    cmp: &impl Fn(&T, &T) -> Ordering,
) {
    let c = |v: &[T], x: isize, y: isize| cmp(&v[x as usize], &v[y as usize]);
    let swap = |v: &mut [T], x: isize, y: isize| v.swap(x as usize, y as usize);
    let vecswap = |v: &mut [T], x: isize, y: isize, k: isize| {
        for i in 0..k.max(0) {
            v.swap((x + i) as usize, (y + i) as usize);
        }
    };
    let med3 = |v: &[T], x: isize, y: isize, z: isize| -> isize {
        if c(v, x, y).is_lt() {
            if c(v, y, z).is_lt() {
                y
            } else if c(v, x, z).is_lt() {
                z
            } else {
                x
            }
        } else if c(v, y, z).is_gt() {
            y
        } else if c(v, x, z).is_lt() {
            x
        } else {
            z
        }
    };
    // Whether positions a..a+k can hold part of lrange..=rrange.
    let wanted =
        |a: isize, k: isize| !((lrange < a && rrange < a) || (lrange >= a + k && rrange >= a + k));
    loop {
        if n < 7 {
            for pm in a + 1..a + n {
                let mut pl = pm;
                while pl > a && c(v, pl - 1, pl).is_gt() {
                    swap(v, pl, pl - 1);
                    pl -= 1;
                }
            }
            return;
        }
        let mut pm = a + n / 2;
        if n > 7 {
            let mut pl = a;
            let mut pn = a + n - 1;
            if n > 40 {
                let d = n / 8;
                pl = med3(v, pl, pl + d, pl + 2 * d);
                pm = med3(v, pm - d, pm, pm + d);
                pn = med3(v, pn - 2 * d, pn - d, pn);
            }
            pm = med3(v, pl, pm, pn);
        }
        swap(v, a, pm);
        let (mut pa, mut pb) = (a + 1, a + 1);
        let (mut pc, mut pd) = (a + n - 1, a + n - 1);
        loop {
            while pb <= pc {
                let r = c(v, pb, a);
                if r.is_gt() {
                    break;
                }
                if r.is_eq() {
                    swap(v, pa, pb);
                    pa += 1;
                }
                pb += 1;
            }
            while pb <= pc {
                let r = c(v, pc, a);
                if r.is_lt() {
                    break;
                }
                if r.is_eq() {
                    swap(v, pc, pd);
                    pd -= 1;
                }
                pc -= 1;
            }
            if pb > pc {
                break;
            }
            swap(v, pb, pc);
            pb += 1;
            pc -= 1;
        }
        let pn = a + n;
        let r = (pa - a).min(pb - pa);
        vecswap(v, a, pb - r, r);
        let r = (pd - pc).min(pn - pd - 1);
        vecswap(v, pb, pn - r, r);
        let r = pb - pa;
        if r > 1 && wanted(a, r) {
            pqsort_at(v, a, r, lrange, rrange, cmp);
        }
        let r = pd - pc;
        if r > 1 {
            a = pn - r;
            n = r;
            if wanted(a, n) {
                continue;
            }
        }
        return;
    }
}

/// `count` elements from position `start` of a list (or sorted set), counting from the end when
/// `desc`, in that direction.
fn ordered_range(v: &Value, start: usize, count: usize, desc: bool) -> Vec<Str> {
    match v {
        Value::List(l) if start >= l.len() || count == 0 => Vec::new(),
        Value::List(l) => {
            let last = start.saturating_add(count - 1).min(l.len() - 1);
            if desc {
                let (hi, lo) = (l.len() - 1 - start, l.len() - 1 - last);
                l.range(lo, hi).rev().map(Str::from_slice).collect()
            } else {
                l.range(start, last).map(Str::from_slice).collect()
            }
        }
        Value::ZSet(z) => z
            .iter_from(start, desc)
            .take(count)
            .map(|(m, _)| Str::from_slice(m))
            .collect(),
        _ => Vec::new(),
    }
}

/// Redis's `lookupKeyByPattern`: `#` is the element itself; otherwise the first `*` is replaced
/// by the element and the key's string value returned, or with `->field` after the `*`, that
/// field of the hash. No `*`, a missing key or field, or another type: None.
fn lookup_by_pattern(ctx: &mut Ctx, pattern: &[u8], elem: &[u8]) -> Option<Str> {
    if pattern == b"#" {
        return Some(Str::from_slice(elem));
    }
    let star = pattern.iter().position(|&c| c == b'*')?;
    let after = &pattern[star + 1..];
    let (postfix, field) = match after.windows(2).position(|w| w == b"->") {
        Some(arrow) if arrow + 2 < after.len() => (&after[..arrow], Some(&after[arrow + 2..])),
        _ => (after, None),
    };
    let mut key = Vec::with_capacity(star + elem.len() + postfix.len());
    key.extend_from_slice(&pattern[..star]);
    key.extend_from_slice(elem);
    key.extend_from_slice(postfix);
    let db = ctx.client.db;
    match (ctx.st.lookup_read(db, &key)?, field) {
        (Value::Str(s), None) => Some(s.clone()),
        (Value::Hash(h), Some(f)) => h.get(f).map(Str::from_slice),
        _ => None,
    }
}

/// C's `strtod` as SORT uses it: the whole string (up to a NUL) must be a number, after optional
/// leading white space; the empty string is 0. NaN and out-of-range values are errors.
fn strtod(s: &[u8]) -> Option<f64> {
    let s = &s[..s.iter().position(|&c| c == 0).unwrap_or(s.len())];
    if s.is_empty() {
        return Some(0.0);
    }
    let t = &s[s
        .iter()
        .position(|&c| !matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))?..];
    let text = std::str::from_utf8(t).ok()?;
    let (neg, unsigned) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let v = if unsigned.len() > 2 && unsigned[..2].eq_ignore_ascii_case("0x") {
        let m = parse_hex(&unsigned[2..])?;
        if neg { -m } else { m }
    } else {
        if unsigned.starts_with(['+', '-']) {
            return None;
        }
        text.parse::<f64>().ok()?
    };
    if v.is_nan() {
        return None;
    }
    let lower = unsigned.to_ascii_lowercase();
    let literal_inf = lower == "inf" || lower == "infinity";
    // ERANGE: overflow to infinity, or underflow of a non-zero number.
    if v.is_infinite() && !literal_inf {
        return None;
    }
    let nonzero_digits = unsigned
        .bytes()
        .take_while(|&c| !matches!(c, b'e' | b'E' | b'p' | b'P'))
        .skip(if lower.starts_with("0x") { 2 } else { 0 })
        .any(|c| c.is_ascii_alphanumeric() && c != b'0');
    if (v == 0.0 && nonzero_digits) || v.is_subnormal() {
        return None;
    }
    Some(v)
}

/// A hexadecimal float after `0x`: digits, an optional fraction, an optional binary exponent.
fn parse_hex(s: &str) -> Option<f64> {
    let (mantissa, exp) = match s.find(['p', 'P']) {
        Some(p) => (&s[..p], s[p + 1..].parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + c.to_digit(16)? as f64;
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += c.to_digit(16)? as f64 * scale;
        scale /= 16.0;
    }
    Some(v * 2f64.powi(exp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtod_like_c() {
        assert_eq!(strtod(b""), Some(0.0));
        assert_eq!(strtod(b" 1.5"), Some(1.5));
        assert_eq!(strtod(b"1.5 "), None);
        assert_eq!(strtod(b"   "), None);
        assert_eq!(strtod(b"-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(strtod(b"Infinity"), Some(f64::INFINITY));
        assert_eq!(strtod(b"nan"), None);
        assert_eq!(strtod(b"1e400"), None);
        assert_eq!(strtod(b"1e-400"), None);
        assert_eq!(strtod(b"0e-400"), Some(0.0));
        assert_eq!(strtod(b"0x10"), Some(16.0));
        assert_eq!(strtod(b"0x1p-2"), Some(0.25));
        assert_eq!(strtod(b"+-1"), None);
        assert_eq!(strtod(b"1\0abc"), Some(1.0));
        assert_eq!(strtod(b"abc"), None);
        assert_eq!(strtod(b".5"), Some(0.5));
        assert_eq!(strtod(b"5."), Some(5.0));
    }

    #[test]
    fn store_keys_like_sort_get_keys() {
        let keys = |line: &str| -> Vec<usize> {
            let argv: Vec<&[u8]> = line.split(' ').map(str::as_bytes).collect();
            get_keys(&argv).into_iter().map(|(p, _)| p).collect()
        };
        assert_eq!(keys("sort abc store def"), [1, 3]);
        assert_eq!(
            keys("sort abc store invalid store stillbad store def"),
            [1, 7]
        );
        assert_eq!(keys("sort abc get store store x"), [1, 5]);
        assert_eq!(keys("sort abc store"), [1]);
    }
}
