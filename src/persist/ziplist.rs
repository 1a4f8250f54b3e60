//! Decoders for the compact encodings older Redis versions wrote and Redis 7.0 still loads:
//! ziplists (Redis 2.6 to 6.2: small lists, hashes and sorted sets, and quicklist nodes) and
//! zipmaps (Redis 2.4 and older: small hashes). Nothing writes these any more, so there is no
//! encoder.
use super::listpack::Elem;

const ZIP_END: u8 = 0xFF;
const ZIP_BIG_PREVLEN: u8 = 0xFE;
const ZL_HEADER: usize = 10;

/// Decodes a ziplist: `zlbytes` (u32 LE), `zltail` (u32 LE), `zllen` (u16 LE, 65535 = "count
/// them"), entries, 0xFF. Each entry holds the previous entry's size (1 or 5 bytes), an
/// encoding and its data; the structure is checked as Redis's deep validation does.
pub fn decode(zl: &[u8]) -> Result<Vec<Elem<'_>>, String> {
    if zl.len() < ZL_HEADER + 1 {
        return Err(format!("ziplist of {} bytes is too short", zl.len()));
    }
    let le32 = |p: usize| u32::from_le_bytes([zl[p], zl[p + 1], zl[p + 2], zl[p + 3]]) as usize;
    let total = le32(0);
    if total != zl.len() {
        return Err(format!(
            "ziplist header says {total} bytes, the blob has {}",
            zl.len()
        ));
    }
    let tail = le32(4);
    let count = u16::from_le_bytes([zl[8], zl[9]]) as usize;
    let end = zl.len() - 1;
    if zl[end] != ZIP_END {
        return Err("ziplist does not end with its terminator".into());
    }
    let mut out = Vec::with_capacity(count.min(end));
    let (mut p, mut prev_size, mut last) = (ZL_HEADER, 0usize, ZL_HEADER);
    while p < end {
        let at = |e: &str| format!("ziplist entry at byte {p}: {e}");
        let b = &zl[p..end];
        let (prevlen, pl_size) = if b[0] < ZIP_BIG_PREVLEN {
            (b[0] as usize, 1)
        } else if b[0] == ZIP_BIG_PREVLEN {
            let v = b.get(1..5).ok_or_else(|| at("runs past the end"))?;
            (u32::from_le_bytes([v[0], v[1], v[2], v[3]]) as usize, 5)
        } else {
            return Err(at("terminator inside the list"));
        };
        if prevlen != prev_size {
            return Err(at("wrong previous-entry length"));
        }
        let (elem, size) = entry(&b[pl_size..]).map_err(at)?;
        let size = pl_size + size;
        out.push(elem);
        last = p;
        prev_size = size;
        p += size;
    }
    if !out.is_empty() && tail != last || out.is_empty() && tail != ZL_HEADER {
        return Err("ziplist tail offset does not point at its last entry".into());
    }
    if count != u16::MAX as usize && count != out.len() {
        return Err(format!(
            "ziplist header counts {count} entries, it holds {}",
            out.len()
        ));
    }
    Ok(out)
}

/// One entry after its prevlen: the value and the size of encoding + data.
fn entry(b: &[u8]) -> Result<(Elem<'_>, usize), &'static str> {
    let short = "runs past the end";
    let first = *b.first().ok_or(short)?;
    let bytes = |from: usize, n: usize| b.get(from..from + n).ok_or(short);
    let int = |n: usize| -> Result<i64, &'static str> {
        let mut v = 0u64;
        for (i, &x) in bytes(1, n)?.iter().enumerate() {
            v |= (x as u64) << (8 * i);
        }
        let bits = 8 * n as u32;
        Ok(((v << (64 - bits)) as i64) >> (64 - bits))
    };
    Ok(match first {
        0x00..=0x3F => {
            let n = (first & 0x3F) as usize;
            (Elem::Str(bytes(1, n)?), 1 + n)
        }
        0x40..=0x7F => {
            let n = ((first as usize & 0x3F) << 8) | *bytes(1, 1)?.first().ok_or(short)? as usize;
            (Elem::Str(bytes(2, n)?), 2 + n)
        }
        0x80 => {
            let l = bytes(1, 4)?;
            let n = u32::from_be_bytes([l[0], l[1], l[2], l[3]]) as usize;
            (Elem::Str(bytes(5, n)?), 5 + n)
        }
        0xC0 => (Elem::Int(int(2)?), 3),
        0xD0 => (Elem::Int(int(4)?), 5),
        0xE0 => (Elem::Int(int(8)?), 9),
        0xF0 => (Elem::Int(int(3)?), 4),
        0xFE => (Elem::Int(int(1)?), 2),
        0xF1..=0xFD => (Elem::Int((first & 0x0F) as i64 - 1), 1),
        _ => return Err("invalid entry encoding"),
    })
}

/// A hash field and its value.
pub type Pair<'a> = (&'a [u8], &'a [u8]);

/// Decodes a zipmap into (field, value) pairs: a 1-byte count, then per pair a length, the
/// field, a length, a "free" byte, the value and that many unused bytes; 0xFF ends it. Lengths
/// are one byte below 254, or 254 and a u32 (little-endian, as the x86 machines that wrote
/// them stored it).
pub fn decode_zipmap(zm: &[u8]) -> Result<Vec<Pair<'_>>, String> {
    let mut p = 1;
    let mut out = Vec::new();
    let len = |p: &mut usize| -> Result<Option<usize>, String> {
        let b = *zm.get(*p).ok_or("zipmap runs past the end")?;
        match b {
            ZIP_END => Ok(None),
            ZIP_BIG_PREVLEN => {
                let v = zm.get(*p + 1..*p + 5).ok_or("zipmap runs past the end")?;
                *p += 5;
                Ok(Some(u32::from_le_bytes([v[0], v[1], v[2], v[3]]) as usize))
            }
            n => {
                *p += 1;
                Ok(Some(n as usize))
            }
        }
    };
    let take = |p: &mut usize, n: usize| -> Result<&[u8], String> {
        let s = zm
            .get(*p..p.saturating_add(n))
            .ok_or("zipmap runs past the end")?;
        *p += n;
        Ok(s)
    };
    if zm.is_empty() {
        return Err("empty zipmap".into());
    }
    while let Some(flen) = len(&mut p)? {
        let field = take(&mut p, flen)?;
        let vlen = len(&mut p)?.ok_or("zipmap field without a value")?;
        let free = take(&mut p, 1)?[0] as usize;
        let value = take(&mut p, vlen)?;
        take(&mut p, free)?;
        out.push((field, value));
    }
    if p + 1 != zm.len() {
        return Err("zipmap has bytes after its terminator".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ziplist Redis 6.2 builds for RPUSH l a 1 -1 300, assembled by hand from ziplist.c:
    /// a 1-byte string, a 4-bit immediate, an int8 and an int16 (the RDB fixtures cover more).
    const ZL: &[u8] = b"\x17\x00\x00\x00\x12\x00\x00\x00\x04\x00\
        \x00\x01a\x03\xf2\x02\xfe\xff\x03\xc0\x2c\x01\xff";

    #[test]
    fn decodes_a_redis_ziplist() {
        assert_eq!(
            decode(ZL).unwrap(),
            vec![Elem::Str(b"a"), Elem::Int(1), Elem::Int(-1), Elem::Int(300)]
        );
        for cut in 0..ZL.len() {
            assert!(decode(&ZL[..cut]).is_err());
        }
        for i in 0..ZL.len() {
            for v in [0u8, 0x3F, 0x40, 0x80, 0xC0, 0xFE, 0xFF] {
                let mut bad = ZL.to_vec();
                bad[i] = v;
                let _ = decode(&bad);
            }
        }
    }

    #[test]
    fn decodes_the_zipmap_from_redis_docs() {
        let zm = b"\x02\x03foo\x03\x00bar\x05hello\x05\x02world!!\xff";
        assert_eq!(
            decode_zipmap(zm).unwrap(),
            vec![(&b"foo"[..], &b"bar"[..]), (b"hello", b"world")]
        );
        for cut in 0..zm.len() {
            assert!(decode_zipmap(&zm[..cut]).is_err());
        }
    }
}
