//! Bit operations on string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and
//! BITFIELD_RO, as Redis's `bitops.c`. Bit 0 is the most significant bit of the first byte;
//! a string grows, zero-filled, to reach a bit that is written, and reads past its end see
//! zeros.

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::db::{Str, Value};
use crate::proto::errors;
use crate::proto::num::parse_i64;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "setbit",
        arity: 4,
        flags: WRITE | DENYOOM,
        keys: (1, 1, 1),
        group: "bitmap",
        syntax: "SETBIT key offset value",
        handler: setbit,
    },
    Command {
        name: "getbit",
        arity: 3,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "bitmap",
        syntax: "GETBIT key offset",
        handler: getbit,
    },
    Command {
        name: "bitcount",
        arity: -2,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "bitmap",
        syntax: "BITCOUNT key [start end [BYTE|BIT]]",
        handler: bitcount,
    },
    Command {
        name: "bitpos",
        arity: -3,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "bitmap",
        syntax: "BITPOS key bit [start [end [BYTE|BIT]]]",
        handler: bitpos,
    },
    Command {
        name: "bitop",
        arity: -4,
        flags: WRITE | DENYOOM,
        keys: (2, -1, 1),
        group: "bitmap",
        syntax: "BITOP AND|OR|XOR|NOT destkey key [key ...]",
        handler: bitop,
    },
    Command {
        name: "bitfield",
        arity: -2,
        flags: WRITE | DENYOOM,
        keys: (1, 1, 1),
        group: "bitmap",
        syntax: "BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment] [OVERFLOW WRAP|SAT|FAIL] ...",
        handler: bitfield,
    },
    Command {
        name: "bitfield_ro",
        arity: -2,
        flags: READONLY | FAST,
        keys: (1, 1, 1),
        group: "bitmap",
        syntax: "BITFIELD_RO key [GET type offset ...]",
        handler: bitfield_ro,
    },
];

const BAD_OFFSET: &str = "ERR bit offset is not an integer or out of range";

/// Redis's `getBitOffsetFromArgument`: a bit offset whose byte is below proto-max-bulk-len;
/// with `bits` (BITFIELD), `#n` means n * bits.
fn bit_offset(ctx: &mut Ctx, arg: &[u8], bits: Option<u64>) -> Option<u64> {
    let (hash, digits) = match (arg.first(), bits) {
        (Some(b'#'), Some(_)) => (true, &arg[1..]),
        _ => (false, arg),
    };
    let offset = parse_i64(digits)
        .and_then(|n| {
            if hash {
                n.checked_mul(bits? as i64)
            } else {
                Some(n)
            }
        })
        .filter(|&n| n >= 0 && ((n >> 3) as u64) < ctx.st.config.proto_max_bulk_len as u64);
    if offset.is_none() {
        ctx.out.error(BAD_OFFSET);
    }
    offset.map(|n| n as u64)
}

/// The string at `key` for reading: None if missing, Err after a WRONGTYPE reply.
fn read_str<'a>(ctx: &'a mut Ctx, key: &[u8]) -> Result<Option<&'a [u8]>, ()> {
    let db = ctx.client.db;
    match ctx.st.lookup_read(db, key) {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(&s[..])),
        #[allow(unreachable_patterns)]
        Some(_) => {
            ctx.out.error(errors::WRONGTYPE);
            Err(())
        }
    }
}

/// Redis's `lookupStringForBitCommand`: the string at `key`, created or zero-extended so that
/// bit `max_bit` exists. Returns whether it was created or grew, or Err after a WRONGTYPE reply.
fn string_for_bits(ctx: &mut Ctx, key: &[u8], max_bit: u64) -> Result<bool, ()> {
    let db = ctx.client.db;
    let len = (max_bit >> 3) as usize + 1;
    match ctx.st.lookup(db, key) {
        None => {
            let mut s = Str::new();
            s.resize(len, 0);
            ctx.st.dbs[db].insert_new(key, Value::Str(s));
            Ok(true)
        }
        Some(Value::Str(s)) => {
            let grew = s.len() < len;
            if grew {
                s.resize(len, 0);
            }
            Ok(grew)
        }
        #[allow(unreachable_patterns)]
        Some(_) => {
            ctx.out.error(errors::WRONGTYPE);
            Err(())
        }
    }
}

fn get_bit(s: &[u8], bit: u64) -> bool {
    s.get((bit >> 3) as usize)
        .is_some_and(|b| b & (0x80 >> (bit & 7)) != 0)
}

fn setbit(ctx: &mut Ctx, args: &Args) {
    let Some(offset) = bit_offset(ctx, args.get(2), None) else {
        return;
    };
    let on = match parse_i64(args.get(3)) {
        Some(v @ (0 | 1)) => v == 1,
        _ => return ctx.out.error("ERR bit is not an integer or out of range"),
    };
    let Ok(grew) = string_for_bits(ctx, args.get(1), offset) else {
        return;
    };
    let db = ctx.client.db;
    let Some(Value::Str(s)) = ctx.st.dbs[db].get_mut(args.get(1)) else {
        return;
    };
    let (byte, mask) = ((offset >> 3) as usize, 0x80u8 >> (offset & 7));
    let was = s[byte] & mask != 0;
    if grew || was != on {
        if on {
            s[byte] |= mask;
        } else {
            s[byte] &= !mask;
        }
        ctx.dirty(1);
    }
    ctx.out.int(was as i64);
}

fn getbit(ctx: &mut Ctx, args: &Args) {
    let Some(offset) = bit_offset(ctx, args.get(2), None) else {
        return;
    };
    let Ok(s) = read_str(ctx, args.get(1)) else {
        return;
    };
    let bit = s.is_some_and(|s| get_bit(s, offset));
    ctx.out.int(bit as i64);
}

/// BITCOUNT's and BITPOS's range: `start` and `end` (inclusive, negative from the end) in
/// bytes or, with BIT, in bits, clamped to the string. Returns the bit range, or None when it
/// is empty.
fn bit_range(len: usize, start: i64, end: i64, in_bits: bool) -> Option<(u64, u64)> {
    let total = if in_bits { len as i64 * 8 } else { len as i64 };
    let fix = |v: i64| if v < 0 { (total + v).max(0) } else { v };
    let (start, end) = (fix(start), fix(end).min(total - 1));
    if start > end {
        return None;
    }
    Some(if in_bits {
        (start as u64, end as u64)
    } else {
        (start as u64 * 8, end as u64 * 8 + 7)
    })
}

/// The set bits of `s` from bit `from` to bit `to`, inclusive.
fn count_bits(s: &[u8], from: u64, to: u64) -> u64 {
    let (first, last) = ((from >> 3) as usize, (to >> 3) as usize);
    let whole: u64 = s[first..=last].iter().map(|b| b.count_ones() as u64).sum();
    let before = !(0xffu8 >> (from & 7));
    let after = (0xffu16 >> ((to & 7) + 1)) as u8;
    whole - (s[first] & before).count_ones() as u64 - (s[last] & after).count_ones() as u64
}

/// The first bit equal to `bit` from `from` to `to` (inclusive), skipping whole words that
/// cannot hold it.
fn first_bit(s: &[u8], from: u64, to: u64, bit: bool) -> Option<u64> {
    let skip = if bit { 0u64 } else { u64::MAX };
    let mut i = from;
    while i <= to {
        if i.is_multiple_of(64) && i + 63 <= to {
            let at = (i >> 3) as usize;
            let word = u64::from_ne_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
            if word == skip {
                i += 64;
                continue;
            }
        }
        if get_bit(s, i) == bit {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn unit(ctx: &mut Ctx, arg: &[u8]) -> Option<bool> {
    if arg.eq_ignore_ascii_case(b"bit") {
        Some(true)
    } else if arg.eq_ignore_ascii_case(b"byte") {
        Some(false)
    } else {
        ctx.out.error(errors::SYNTAX);
        None
    }
}

fn bitcount(ctx: &mut Ctx, args: &Args) {
    let Ok(s) = read_str(ctx, args.get(1)) else {
        return;
    };
    let Some(s) = s.map(|s| s.to_vec()) else {
        return ctx.out.int(0);
    };
    let range = match args.len() {
        2 => bit_range(s.len(), 0, -1, false),
        4 | 5 => {
            let (Some(start), Some(end)) = (parse_i64(args.get(2)), parse_i64(args.get(3))) else {
                return ctx.out.error(errors::NOT_INTEGER);
            };
            if start < 0 && end < 0 && start > end {
                return ctx.out.int(0);
            }
            let in_bits = if args.len() == 5 {
                let Some(b) = unit(ctx, args.get(4)) else {
                    return;
                };
                b
            } else {
                false
            };
            bit_range(s.len(), start, end, in_bits)
        }
        _ => return ctx.out.error(errors::SYNTAX),
    };
    let n = range.map_or(0, |(from, to)| count_bits(&s, from, to));
    ctx.out.int(n as i64);
}

fn bitpos(ctx: &mut Ctx, args: &Args) {
    let bit = match parse_i64(args.get(2)) {
        Some(b @ (0 | 1)) => b == 1,
        Some(_) => return ctx.out.error("ERR The bit argument must be 1 or 0."),
        None => return ctx.out.error(errors::NOT_INTEGER),
    };
    let Ok(s) = read_str(ctx, args.get(1)) else {
        return;
    };
    // A missing key is an endless run of zeros.
    let Some(s) = s.map(|s| s.to_vec()) else {
        return ctx.out.int(if bit { -1 } else { 0 });
    };
    let mut end_given = false;
    let range = match args.len() {
        3 => bit_range(s.len(), 0, -1, false),
        4..=6 => {
            let Some(start) = parse_i64(args.get(3)) else {
                return ctx.out.error(errors::NOT_INTEGER);
            };
            let in_bits = if args.len() == 6 {
                let Some(b) = unit(ctx, args.get(5)) else {
                    return;
                };
                b
            } else {
                false
            };
            let end = if args.len() >= 5 {
                let Some(end) = parse_i64(args.get(4)) else {
                    return ctx.out.error(errors::NOT_INTEGER);
                };
                end_given = true;
                end
            } else {
                -1
            };
            bit_range(s.len(), start, end, in_bits)
        }
        _ => return ctx.out.error(errors::SYNTAX),
    };
    let Some((from, to)) = range else {
        return ctx.out.int(-1);
    };
    match first_bit(&s, from, to, bit) {
        Some(i) => ctx.out.int(i as i64),
        // Looking for a 0 without an explicit end, the string counts as padded with zeros.
        None if !bit && !end_given => ctx.out.int(to as i64 + 1),
        None => ctx.out.int(-1),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum BitOp {
    And,
    Or,
    Xor,
    Not,
}

fn bitop(ctx: &mut Ctx, args: &Args) {
    let name = args.get(1);
    let op = if name.eq_ignore_ascii_case(b"and") {
        BitOp::And
    } else if name.eq_ignore_ascii_case(b"or") {
        BitOp::Or
    } else if name.eq_ignore_ascii_case(b"xor") {
        BitOp::Xor
    } else if name.eq_ignore_ascii_case(b"not") {
        BitOp::Not
    } else {
        return ctx.out.error(errors::SYNTAX);
    };
    if op == BitOp::Not && args.len() != 4 {
        return ctx
            .out
            .error("ERR BITOP NOT must be called with a single source key.");
    }
    let mut sources: Vec<Vec<u8>> = Vec::with_capacity(args.len() - 3);
    for key in args.iter().skip(3) {
        let Ok(s) = read_str(ctx, key) else {
            return;
        };
        sources.push(s.map(|s| s.to_vec()).unwrap_or_default());
    }
    let len = sources.iter().map(Vec::len).max().unwrap_or(0);
    let byte = |s: &Vec<u8>, j: usize| s.get(j).copied().unwrap_or(0);
    let result: Vec<u8> = (0..len)
        .map(|j| {
            let first = byte(&sources[0], j);
            sources[1..]
                .iter()
                .fold(
                    if op == BitOp::Not { !first } else { first },
                    |acc, s| match op {
                        BitOp::And => acc & byte(s, j),
                        BitOp::Or => acc | byte(s, j),
                        BitOp::Xor => acc ^ byte(s, j),
                        BitOp::Not => acc,
                    },
                )
        })
        .collect();
    let (db, dest) = (ctx.client.db, args.get(2));
    if len > 0 {
        if let Some(old) = ctx.st.dbs[db].set(dest, Value::Str(Str::from_vec(result)), false) {
            ctx.free(old);
        }
        ctx.dirty(1);
    } else if let Some(old) = ctx.st.dbs[db].remove(dest) {
        ctx.free(old);
        ctx.dirty(1);
    }
    ctx.out.int(len as i64);
}

#[derive(Clone, Copy, PartialEq)]
enum Overflow {
    Wrap,
    Sat,
    Fail,
}

#[derive(Clone, Copy, PartialEq)]
enum FieldOp {
    Get,
    Set(i64),
    IncrBy(i64),
}

/// One BITFIELD operation: a signed or unsigned field of `bits` bits at `offset`.
struct Field {
    op: FieldOp,
    signed: bool,
    bits: u32,
    offset: u64,
    overflow: Overflow,
}

fn bitfield(ctx: &mut Ctx, args: &Args) {
    bitfield_generic(ctx, args, false);
}

fn bitfield_ro(ctx: &mut Ctx, args: &Args) {
    bitfield_generic(ctx, args, true);
}

const BAD_TYPE: &str = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

/// `i1`..`i64` or `u1`..`u63`.
fn field_type(arg: &[u8]) -> Option<(bool, u32)> {
    let signed = match arg.first()? {
        b'i' => true,
        b'u' => false,
        _ => return None,
    };
    let bits = parse_i64(&arg[1..])?;
    let max = if signed { 64 } else { 63 };
    (1..=max).contains(&bits).then_some((signed, bits as u32))
}

fn bitfield_generic(ctx: &mut Ctx, args: &Args, read_only: bool) {
    let mut fields = Vec::new();
    let mut overflow = Overflow::Wrap;
    let mut highest_write: Option<u64> = None;
    let mut j = 2;
    while j < args.len() {
        let rest = args.len() - j - 1;
        let sub = args.get(j);
        let op = if sub.eq_ignore_ascii_case(b"get") && rest >= 2 {
            FieldOp::Get
        } else if sub.eq_ignore_ascii_case(b"set") && rest >= 3 {
            FieldOp::Set(0)
        } else if sub.eq_ignore_ascii_case(b"incrby") && rest >= 3 {
            FieldOp::IncrBy(0)
        } else if sub.eq_ignore_ascii_case(b"overflow") && rest >= 1 {
            let kind = args.get(j + 1);
            overflow = if kind.eq_ignore_ascii_case(b"wrap") {
                Overflow::Wrap
            } else if kind.eq_ignore_ascii_case(b"sat") {
                Overflow::Sat
            } else if kind.eq_ignore_ascii_case(b"fail") {
                Overflow::Fail
            } else {
                return ctx.out.error("ERR Invalid OVERFLOW type specified");
            };
            j += 2;
            continue;
        } else {
            return ctx.out.error(errors::SYNTAX);
        };
        let Some((signed, bits)) = field_type(args.get(j + 1)) else {
            return ctx.out.error(BAD_TYPE);
        };
        let Some(offset) = bit_offset(ctx, args.get(j + 2), Some(bits as u64)) else {
            return;
        };
        let op = match op {
            FieldOp::Get => op,
            _ => {
                highest_write = highest_write.max(Some(offset + bits as u64 - 1));
                let Some(v) = ctx.int_arg(args.get(j + 3)) else {
                    return;
                };
                match op {
                    FieldOp::Set(_) => FieldOp::Set(v),
                    _ => FieldOp::IncrBy(v),
                }
            }
        };
        fields.push(Field {
            op,
            signed,
            bits,
            offset,
            overflow,
        });
        j += if op == FieldOp::Get { 3 } else { 4 };
    }
    let key = args.get(1);
    let db = ctx.client.db;
    let grew = match highest_write {
        None => {
            if read_str(ctx, key).is_err() {
                return;
            }
            false
        }
        Some(_) if read_only => {
            return ctx
                .out
                .error("ERR BITFIELD_RO only supports the GET subcommand");
        }
        Some(max_bit) => match string_for_bits(ctx, key, max_bit) {
            Ok(grew) => grew,
            Err(()) => return,
        },
    };
    ctx.out.array(fields.len());
    let mut changes = 0;
    for f in &fields {
        let value = match ctx.st.dbs[db].get(key) {
            Some(Value::Str(s)) => get_field(s, f.offset, f.bits),
            _ => 0,
        };
        let (new, reply) = match f.op {
            FieldOp::Get => {
                ctx.out.int(as_reply(value, f.signed, f.bits));
                continue;
            }
            FieldOp::Set(v) => {
                let new = if f.signed {
                    fit_signed(v, 0, f)
                } else {
                    fit_unsigned(v as u64, 0, f)
                };
                (new, as_reply(value, f.signed, f.bits))
            }
            FieldOp::IncrBy(by) => {
                let new = if f.signed {
                    fit_signed(as_reply(value, true, f.bits), by, f)
                } else {
                    fit_unsigned(value, by, f)
                };
                (new, new.map_or(0, |n| as_reply(n, f.signed, f.bits)))
            }
        };
        let Some(new) = new else {
            ctx.out.null();
            continue;
        };
        ctx.out.int(reply);
        if let Some(Value::Str(s)) = ctx.st.dbs[db].get_mut(key) {
            set_field(s, f.offset, f.bits, new);
        }
        if grew || new & mask(f.bits) != value {
            changes += 1;
        }
    }
    ctx.dirty(changes);
}

fn mask(bits: u32) -> u64 {
    if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// The `bits`-bit field at bit `offset` (zeros past the end), as an unsigned number.
fn get_field(s: &[u8], offset: u64, bits: u32) -> u64 {
    (0..bits as u64).fold(0u64, |v, i| (v << 1) | get_bit(s, offset + i) as u64)
}

fn set_field(s: &mut [u8], offset: u64, bits: u32, value: u64) {
    for i in 0..bits as u64 {
        let on = value >> (bits as u64 - 1 - i) & 1 == 1;
        let (byte, m) = (((offset + i) >> 3) as usize, 0x80u8 >> ((offset + i) & 7));
        if on {
            s[byte] |= m;
        } else {
            s[byte] &= !m;
        }
    }
}

/// The field's raw bits as the integer BITFIELD replies: sign-extended for a signed type.
fn as_reply(raw: u64, signed: bool, bits: u32) -> i64 {
    if signed && bits < 64 && raw >> (bits - 1) & 1 == 1 {
        (raw | !mask(bits)) as i64
    } else {
        raw as i64
    }
}

/// `value + incr` as a signed field holds it under its OVERFLOW policy (Redis's
/// `checkSignedBitfieldOverflow`): the raw bits to store, or None when FAIL refuses. SET
/// passes the new value with `incr` 0.
fn fit_signed(value: i64, incr: i64, f: &Field) -> Option<u64> {
    let bits = f.bits;
    let max: i64 = if bits == 64 {
        i64::MAX
    } else {
        (1i64 << (bits - 1)) - 1
    };
    let min = -max - 1;
    let maxincr = (max as u64).wrapping_sub(value as u64) as i64;
    let minincr = min.wrapping_sub(value);
    let high =
        value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr);
    let low = !high
        && (value < min
            || (bits != 64 && incr < minincr)
            || (value < 0 && incr < 0 && incr < minincr));
    let result = match f.overflow {
        _ if !high && !low => value.wrapping_add(incr),
        Overflow::Fail => return None,
        Overflow::Sat if high => max,
        Overflow::Sat => min,
        Overflow::Wrap => value.wrapping_add(incr),
    };
    Some(result as u64 & mask(bits))
}

/// The unsigned counterpart (Redis's `checkUnsignedBitfieldOverflow`).
fn fit_unsigned(value: u64, incr: i64, f: &Field) -> Option<u64> {
    let max = mask(f.bits);
    let maxincr = max.wrapping_sub(value) as i64;
    let minincr = value.wrapping_neg() as i64;
    let high = value > max || (incr > 0 && incr > maxincr);
    let low = !high && incr < 0 && incr < minincr;
    let result = match f.overflow {
        _ if !high && !low => value.wrapping_add(incr as u64),
        Overflow::Fail => return None,
        Overflow::Sat if high => max,
        Overflow::Sat => 0,
        Overflow::Wrap => value.wrapping_add(incr as u64),
    };
    Some(result & max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_a_bit_range_agrees_with_bit_by_bit() {
        let s = [0b1011_0110u8, 0xff, 0x00, 0b0101_1010];
        for from in 0..32u64 {
            for to in from..32 {
                let want = (from..=to).filter(|&i| get_bit(&s, i)).count() as u64;
                assert_eq!(count_bits(&s, from, to), want, "{from}..={to}");
            }
        }
    }

    #[test]
    fn fields_round_trip_and_sign_extend() {
        let mut s = [0u8; 10];
        set_field(&mut s, 5, 13, 0x1abc);
        assert_eq!(get_field(&s, 5, 13), 0x1abc);
        assert_eq!(as_reply(0x1abc, true, 13), 0x1abc - 0x2000);
        set_field(&mut s, 3, 64, u64::MAX - 5);
        assert_eq!(get_field(&s, 3, 64), u64::MAX - 5);
        assert_eq!(as_reply(u64::MAX - 5, true, 64), -6);
    }
}
