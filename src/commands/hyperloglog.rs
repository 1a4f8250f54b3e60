//! HyperLogLog: PFADD, PFCOUNT, PFMERGE, as Redis's `hyperloglog.c`. The value is a string in
//! Redis's own layout (the "HYLL" header, a cached cardinality, then 16384 six-bit registers,
//! sparse or dense), so GET, DUMP and RESTORE carry it between ferrokv and Redis, and counts come
//! out the same: the same MurmurHash64A, the same register update and Ertl's estimator as Redis.
//!
//! Registers are read into a plain array, changed, and written back: sparse (runs of zeros and
//! of equal small values) while every register is at most 32 and the encoding stays within
//! `hll-sparse-max-bytes`, dense (12 KB) from then on, as Redis promotes.

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::db::{Str, Value};
use crate::proto::errors;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "pfadd",
        arity: -2,
        flags: WRITE | DENYOOM | FAST,
        keys: (1, 1, 1),
        group: "hyperloglog",
        syntax: "PFADD key [element ...]",
        handler: pfadd,
    },
    Command {
        name: "pfcount",
        arity: -2,
        flags: READONLY | MAY_REPLICATE,
        keys: (1, -1, 1),
        group: "hyperloglog",
        syntax: "PFCOUNT key [key ...]",
        handler: pfcount,
    },
    Command {
        name: "pfmerge",
        arity: -2,
        flags: WRITE | DENYOOM,
        keys: (1, -1, 1),
        group: "hyperloglog",
        syntax: "PFMERGE destkey [sourcekey ...]",
        handler: pfmerge,
    },
];

const P: u32 = 14;
const REGISTERS: usize = 1 << P;
const Q: u32 = 64 - P;
const HEADER: usize = 16;
const DENSE_SIZE: usize = HEADER + REGISTERS * 6 / 8;
const DENSE: u8 = 0;
const SPARSE: u8 = 1;
const SPARSE_VAL_MAX: u8 = 32;

const NOT_HLL: &str = "WRONGTYPE Key is not a valid HyperLogLog string value.";
const CORRUPT: &str = "INVALIDOBJ Corrupted HLL object detected";

type Registers = [u8; REGISTERS];

/// Redis's MurmurHash64A (little-endian reads), as HyperLogLog uses it.
fn murmur64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let mut k = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        for (i, &b) in rest.iter().enumerate() {
            h ^= (b as u64) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// The register an element falls in and its run of zeros plus one (`hllPatLen`).
fn pattern(element: &[u8]) -> (usize, u8) {
    let hash = murmur64a(element, 0xadc8_3b19);
    let index = (hash & (REGISTERS as u64 - 1)) as usize;
    let rest = (hash >> P) | (1u64 << Q);
    (index, rest.trailing_zeros() as u8 + 1)
}

/// A stored HLL: its encoding and registers, or why it is not one.
enum Loaded {
    Hll {
        dense: bool,
        regs: Box<Registers>,
        /// The cached cardinality bytes (top bit set: stale).
        card: [u8; 8],
    },
    /// Not an HLL string at all (WRONGTYPE ... not a valid HyperLogLog).
    NotHll,
    /// The header is right but the sparse data does not add up (INVALIDOBJ).
    Corrupt,
}

/// Redis's `isHLLObjectOrReply` checks: the header, a known encoding, and a dense value's
/// exact length.
fn is_hll(s: &[u8]) -> bool {
    s.len() >= HEADER
        && &s[..4] == b"HYLL"
        && s[4] <= SPARSE
        && (s[4] == SPARSE || s.len() == DENSE_SIZE)
}

/// `is_hll`, then the registers decoded.
fn load(s: &[u8]) -> Loaded {
    if !is_hll(s) {
        return Loaded::NotHll;
    }
    let mut regs = Box::new([0u8; REGISTERS]);
    let card: [u8; 8] = s[8..16].try_into().unwrap_or_default();
    let data = &s[HEADER..];
    if s[4] == DENSE {
        for (i, r) in regs.iter_mut().enumerate() {
            let (byte, shift) = (i * 6 / 8, (i * 6) & 7);
            let pair = data[byte] as u16 | (*data.get(byte + 1).unwrap_or(&0) as u16) << 8;
            *r = ((pair >> shift) & 63) as u8;
        }
        return Loaded::Hll {
            dense: true,
            regs,
            card,
        };
    }
    let (mut at, mut idx) = (0, 0usize);
    while at < data.len() {
        let op = data[at];
        let (run, value, width) = match op & 0xc0 {
            0x00 => ((op & 0x3f) as usize + 1, 0, 1),
            0x40 => match data.get(at + 1) {
                Some(&lo) => ((((op & 0x3f) as usize) << 8 | lo as usize) + 1, 0, 2),
                None => return Loaded::Corrupt,
            },
            _ => ((op & 3) as usize + 1, ((op >> 2) & 0x1f) + 1, 1),
        };
        if idx + run > REGISTERS {
            return Loaded::Corrupt;
        }
        regs[idx..idx + run].fill(value);
        idx += run;
        at += width;
    }
    if idx != REGISTERS {
        return Loaded::Corrupt;
    }
    Loaded::Hll {
        dense: false,
        regs,
        card,
    }
}

/// The sparse encoding of `regs` (runs of zeros, runs of up to 4 equal values), or None if a
/// register is too large for it or it would pass `max_bytes`.
fn sparse(regs: &Registers, max_bytes: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < REGISTERS {
        let v = regs[i];
        let mut run = 1;
        while i + run < REGISTERS && regs[i + run] == v {
            run += 1;
        }
        i += run;
        if v == 0 {
            while run > 0 {
                let n = run.min(REGISTERS);
                if n > 64 {
                    out.extend_from_slice(&[0x40 | ((n - 1) >> 8) as u8, ((n - 1) & 0xff) as u8]);
                } else {
                    out.push((n - 1) as u8);
                }
                run -= n;
            }
        } else {
            if v > SPARSE_VAL_MAX {
                return None;
            }
            while run > 0 {
                let n = run.min(4);
                out.push(0x80 | (v - 1) << 2 | (n - 1) as u8);
                run -= n;
            }
        }
        if out.len() > max_bytes {
            return None;
        }
    }
    Some(out)
}

fn dense(regs: &Registers) -> Vec<u8> {
    let mut out = vec![0u8; DENSE_SIZE - HEADER + 1];
    for (i, &r) in regs.iter().enumerate() {
        let (byte, shift) = (i * 6 / 8, (i * 6) & 7);
        let v = (r as u16 & 63) << shift;
        out[byte] |= v as u8;
        out[byte + 1] |= (v >> 8) as u8;
    }
    out.truncate(DENSE_SIZE - HEADER);
    out
}

/// The whole string: header with the cardinality cache bytes `card`, then the registers sparse
/// if allowed and possible, else dense.
fn store(regs: &Registers, allow_sparse: bool, max_sparse: usize, card: [u8; 8]) -> Str {
    let body = allow_sparse.then(|| sparse(regs, max_sparse)).flatten();
    let mut s = Vec::with_capacity(HEADER + body.as_ref().map_or(DENSE_SIZE, |b| b.len()));
    s.extend_from_slice(b"HYLL");
    s.push(if body.is_some() { SPARSE } else { DENSE });
    s.extend_from_slice(&[0, 0, 0]);
    s.extend_from_slice(&card);
    match body {
        Some(b) => s.extend_from_slice(&b),
        None => s.extend_from_slice(&dense(regs)),
    }
    Str::from_vec(s)
}

fn sigma(mut x: f64) -> f64 {
    if x == 1.0 {
        return f64::INFINITY;
    }
    let (mut y, mut z) = (1.0, x);
    loop {
        x *= x;
        let before = z;
        z += x * y;
        y += y;
        if before == z {
            return z;
        }
    }
}

fn tau(mut x: f64) -> f64 {
    if x == 0.0 || x == 1.0 {
        return 0.0;
    }
    let (mut y, mut z) = (1.0, 1.0 - x);
    loop {
        x = x.sqrt();
        let before = z;
        y *= 0.5;
        z -= (1.0 - x).powi(2) * y;
        if before == z {
            return z / 3.0;
        }
    }
}

/// Ertl's estimator, as Redis's `hllCount`.
fn count(regs: &Registers) -> u64 {
    let mut histo = [0u32; 64];
    for &r in regs.iter() {
        histo[r as usize & 63] += 1;
    }
    let m = REGISTERS as f64;
    let mut z = m * tau((m - histo[Q as usize + 1] as f64) / m);
    for j in (1..=Q as usize).rev() {
        z += histo[j] as f64;
        z *= 0.5;
    }
    z += m * sigma(histo[0] as f64 / m);
    (0.721_347_520_444_481_7 * m * m / z).round() as u64
}

/// A decoded HLL: dense or not, its registers, and its cache bytes marked stale (what a
/// change leaves there: Redis only sets the top bit).
type Hll = (bool, Box<Registers>, [u8; 8]);

/// A new HLL's cache bytes once changed: zero, marked stale.
const NEW_CARD: [u8; 8] = [0, 0, 0, 0, 0, 0, 0, 0x80];

/// The HLL at `key` for reading: Ok(None) if missing, Err after the error reply.
fn read(ctx: &mut Ctx, key: &[u8]) -> Result<Option<Hll>, ()> {
    let db = ctx.client.db;
    ctx.st.lookup_read(db, key);
    decoded(ctx, key)
}

/// `read` without a lookup of its own (the caller made it).
fn decoded(ctx: &mut Ctx, key: &[u8]) -> Result<Option<Hll>, ()> {
    let db = ctx.client.db;
    let loaded = match ctx.st.dbs[db].get(key) {
        None => return Ok(None),
        Some(Value::Str(s)) => load(s),
        #[allow(unreachable_patterns)]
        Some(_) => {
            ctx.out.error(errors::WRONGTYPE);
            return Err(());
        }
    };
    match loaded {
        Loaded::Hll {
            dense,
            regs,
            mut card,
        } => {
            card[7] |= 0x80;
            Ok(Some((dense, regs, card)))
        }
        Loaded::NotHll => {
            ctx.out.error(NOT_HLL);
            Err(())
        }
        Loaded::Corrupt => {
            ctx.out.error(CORRUPT);
            Err(())
        }
    }
}

fn pfadd(ctx: &mut Ctx, args: &Args) {
    let key = args.get(1);
    let Ok(existing) = read(ctx, key) else {
        return;
    };
    let created = existing.is_none();
    let (was_dense, mut regs, card) =
        existing.unwrap_or_else(|| (false, Box::new([0; REGISTERS]), NEW_CARD));
    let mut updated = created as u64;
    for element in args.iter().skip(2) {
        let (i, n) = pattern(element);
        if n > regs[i] {
            regs[i] = n;
            updated += 1;
        }
    }
    if updated > 0 {
        let max_sparse = ctx.st.config.hll_sparse_max_bytes;
        let value = store(&regs, !was_dense, max_sparse, card);
        let db = ctx.client.db;
        if let Some(old) = ctx.st.dbs[db].set(key, Value::Str(value), true) {
            ctx.free(old);
        }
        ctx.dirty(updated);
    }
    ctx.out.int((updated > 0) as i64);
}

fn pfcount(ctx: &mut Ctx, args: &Args) {
    if args.len() > 2 {
        let mut max = Box::new([0u8; REGISTERS]);
        for key in args.iter().skip(1) {
            let Ok(found) = read(ctx, key) else {
                return;
            };
            if let Some((_, regs, _)) = found {
                for (m, r) in max.iter_mut().zip(regs.iter()) {
                    *m = (*m).max(*r);
                }
            }
        }
        return ctx.out.int(count(&max) as i64);
    }
    let key = args.get(1);
    let db = ctx.client.db;
    // A valid cache (its top bit clear) answers without counting.
    if let Some(Value::Str(s)) = ctx.st.lookup_read(db, key)
        && is_hll(s)
        && s[15] & 0x80 == 0
    {
        let card = u64::from_le_bytes(s[8..16].try_into().unwrap_or_default());
        return ctx.out.int(card as i64);
    }
    let Ok(found) = decoded(ctx, key) else {
        return;
    };
    let Some((_, regs, _)) = found else {
        return ctx.out.int(0);
    };
    let card = count(&regs);
    // Redis writes the cache into the value, which makes PFCOUNT a (logged) change.
    if let Some(Value::Str(s)) = ctx.st.dbs[db].get_mut(key) {
        s[8..16].copy_from_slice(&card.to_le_bytes());
    }
    ctx.dirty(1);
    ctx.out.int(card as i64);
}

fn pfmerge(ctx: &mut Ctx, args: &Args) {
    let mut max = Box::new([0u8; REGISTERS]);
    let mut use_dense = false;
    let mut card = NEW_CARD;
    // The destination counts as a source too, as in Redis.
    for (i, key) in args.iter().skip(1).enumerate() {
        let Ok(found) = read(ctx, key) else {
            return;
        };
        if let Some((dense, regs, cached)) = found {
            use_dense |= dense;
            if i == 0 {
                card = cached;
            }
            for (m, r) in max.iter_mut().zip(regs.iter()) {
                *m = (*m).max(*r);
            }
        }
    }
    let max_sparse = ctx.st.config.hll_sparse_max_bytes;
    let value = store(&max, !use_dense, max_sparse, card);
    let db = ctx.client.db;
    if let Some(old) = ctx.st.dbs[db].set(args.get(1), Value::Str(value), true) {
        ctx.free(old);
    }
    ctx.dirty(1);
    ctx.out.ok();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new HLL is Redis's 18 bytes: header, invalid cache, one XZERO of 16384.
    #[test]
    fn an_empty_hll_is_redis_bytes() {
        let regs = [0u8; REGISTERS];
        let s = store(&regs, true, 3000, NEW_CARD);
        assert_eq!(
            &s[..],
            b"HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff"
        );
        assert!(matches!(load(&s), Loaded::Hll { dense: false, .. }));
        assert_eq!(count(&regs), 0);
    }

    #[test]
    fn sparse_and_dense_hold_the_same_registers() {
        let mut regs = [0u8; REGISTERS];
        for (i, r) in regs.iter_mut().enumerate() {
            if i % 7 == 0 {
                *r = (i % 32) as u8 + 1;
            }
        }
        let sp = store(&regs, true, 1 << 20, NEW_CARD);
        let de = store(&regs, false, 0, NEW_CARD);
        assert_eq!(sp[4], SPARSE);
        assert_eq!(de.len(), DENSE_SIZE);
        for s in [sp, de] {
            match load(&s) {
                Loaded::Hll { regs: got, .. } => assert_eq!(got[..], regs[..]),
                _ => panic!("not read back"),
            }
        }
    }
}
