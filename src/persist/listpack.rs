//! Listpacks, Redis 7's compact sequence encoding: the RDB stores small hashes and sorted sets,
//! and every quicklist node of a list, as one listpack blob.
//!
//! Layout: total bytes (u32 LE), element count (u16 LE, 65535 = "count them"), the entries,
//! and a 0xFF terminator. An entry is its encoding and data, then a "backlen" (the size of
//! encoding + data, 7 bits a byte, read right to left) so the list can be walked backwards.
//! Strings that are canonical integers are stored as integers, 1 to 9 bytes.
use crate::proto::num::parse_i64;

const HDR: usize = 6;
const EOF: u8 = 0xFF;
/// Size of an empty listpack: header and terminator.
pub const EMPTY_BYTES: usize = HDR + 1;
/// The header count saturates here; the real count must then be found by walking.
const COUNT_UNKNOWN: usize = u16::MAX as usize;

/// One element of a listpack or ziplist: compact encodings keep integers as integers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Elem<'a> {
    Int(i64),
    Str(&'a [u8]),
}

impl Elem<'_> {
    /// The element as the string Redis hands out (integers in decimal).
    pub fn to_str(self) -> crate::db::Str {
        match self {
            Elem::Str(s) => crate::db::Str::from_slice(s),
            Elem::Int(v) => crate::db::Str::from_slice(itoa::Buffer::new().format(v).as_bytes()),
        }
    }
}

/// Builds a listpack by appending, as `lpAppend` does.
pub struct Builder {
    buf: Vec<u8>,
    count: usize,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            buf: vec![0; HDR],
            count: 0,
        }
    }

    /// Bytes the finished listpack would take.
    pub fn bytes(&self) -> usize {
        self.buf.len() + 1
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Bytes an entry for `s` adds (encoding, data and backlen).
    pub fn entry_size(s: &[u8]) -> usize {
        let l = match parse_i64(s) {
            Some(v) => int_size(v),
            None if s.len() < 64 => 1 + s.len(),
            None if s.len() < 4096 => 2 + s.len(),
            None => 5 + s.len(),
        };
        l + backlen_size(l)
    }

    /// Appends a string, as an integer if it is one in canonical form.
    pub fn push(&mut self, s: &[u8]) {
        if let Some(v) = parse_i64(s) {
            return self.push_int(v);
        }
        let start = self.buf.len();
        let len = s.len();
        if len < 64 {
            self.buf.push(0x80 | len as u8);
        } else if len < 4096 {
            self.buf.push(0xE0 | (len >> 8) as u8);
            self.buf.push(len as u8);
        } else {
            self.buf.push(0xF0);
            self.buf.extend_from_slice(&(len as u32).to_le_bytes());
        }
        self.buf.extend_from_slice(s);
        self.end_entry(start);
    }

    pub fn push_int(&mut self, v: i64) {
        let start = self.buf.len();
        let b = &mut self.buf;
        if (0..=127).contains(&v) {
            b.push(v as u8);
        } else if (-4096..=4095).contains(&v) {
            let u = (v as u64) & 0x1FFF;
            b.push(0xC0 | (u >> 8) as u8);
            b.push(u as u8);
        } else if (-32768..=32767).contains(&v) {
            b.push(0xF1);
            b.extend_from_slice(&(v as i16).to_le_bytes());
        } else if (-8_388_608..=8_388_607).contains(&v) {
            b.push(0xF2);
            b.extend_from_slice(&(v as i32).to_le_bytes()[..3]);
        } else if (i32::MIN as i64..=i32::MAX as i64).contains(&v) {
            b.push(0xF3);
            b.extend_from_slice(&(v as i32).to_le_bytes());
        } else {
            b.push(0xF4);
            b.extend_from_slice(&v.to_le_bytes());
        }
        self.end_entry(start);
    }

    fn end_entry(&mut self, start: usize) {
        let l = self.buf.len() - start;
        let mut tmp = [0u8; 5];
        let n = encode_backlen(l, &mut tmp);
        self.buf.extend_from_slice(&tmp[..n]);
        self.count += 1;
    }

    /// The finished listpack; the builder is left empty for reuse.
    pub fn finish(&mut self) -> Vec<u8> {
        self.buf.push(EOF);
        let total = self.buf.len() as u32;
        self.buf[0..4].copy_from_slice(&total.to_le_bytes());
        let count = self.count.min(COUNT_UNKNOWN) as u16;
        self.buf[4..6].copy_from_slice(&count.to_le_bytes());
        self.count = 0;
        std::mem::replace(&mut self.buf, vec![0; HDR])
    }
}

/// Size of an integer entry's encoding and data.
fn int_size(v: i64) -> usize {
    match v {
        0..=127 => 1,
        -4096..=4095 => 2,
        -32768..=32767 => 3,
        -8_388_608..=8_388_607 => 4,
        _ if i32::try_from(v).is_ok() => 5,
        _ => 9,
    }
}

fn backlen_size(l: usize) -> usize {
    match l {
        0..=127 => 1,
        128..16383 => 2,
        16383..2097151 => 3,
        2097151..268435455 => 4,
        _ => 5,
    }
}

/// `lpEncodeBacklen`: the most significant 7-bit group first, every byte but the first with
/// its top bit set, so that reading right to left finds the low bits first.
fn encode_backlen(l: usize, out: &mut [u8; 5]) -> usize {
    let n = backlen_size(l);
    for (i, byte) in out.iter_mut().take(n).enumerate() {
        let shift = 7 * (n - 1 - i);
        *byte = ((l >> shift) & 127) as u8 | if i == 0 { 0 } else { 128 };
    }
    n
}

/// Decodes a whole listpack, checking its structure as Redis's deep integrity check does: the
/// header's size and count, every entry inside the blob, every backlen, the terminator.
pub fn decode(lp: &[u8]) -> Result<Vec<Elem<'_>>, String> {
    if lp.len() < HDR + 1 {
        return Err(format!("listpack of {} bytes is too short", lp.len()));
    }
    let total = u32::from_le_bytes([lp[0], lp[1], lp[2], lp[3]]) as usize;
    if total != lp.len() {
        return Err(format!(
            "listpack header says {total} bytes, the blob has {}",
            lp.len()
        ));
    }
    let count = u16::from_le_bytes([lp[4], lp[5]]) as usize;
    if lp[lp.len() - 1] != EOF {
        return Err("listpack does not end with its terminator".into());
    }
    let end = lp.len() - 1;
    let mut out = Vec::with_capacity(count.min(end));
    let mut p = HDR;
    while p < end {
        let (elem, size) =
            entry(&lp[p..end]).map_err(|e| format!("listpack entry at byte {p}: {e}"))?;
        let bl = backlen_size(size);
        let back = lp
            .get(p + size..p + size + bl)
            .filter(|_| p + size + bl <= end)
            .ok_or_else(|| format!("listpack entry at byte {p} runs past the end"))?;
        let mut want = [0u8; 5];
        encode_backlen(size, &mut want);
        if back != &want[..bl] {
            return Err(format!("listpack entry at byte {p} has a bad backlen"));
        }
        out.push(elem);
        p += size + bl;
    }
    if count != COUNT_UNKNOWN && count != out.len() {
        return Err(format!(
            "listpack header counts {count} entries, it holds {}",
            out.len()
        ));
    }
    Ok(out)
}

/// One entry's value and the size of its encoding + data (without the backlen).
fn entry(b: &[u8]) -> Result<(Elem<'_>, usize), &'static str> {
    let short = "entry runs past the end";
    let first = b[0];
    let bytes = |from: usize, n: usize| b.get(from..from + n).ok_or(short);
    let le = |from: usize, n: usize| -> Result<u64, &'static str> {
        let mut v = 0u64;
        for (i, &x) in bytes(from, n)?.iter().enumerate() {
            v |= (x as u64) << (8 * i);
        }
        Ok(v)
    };
    let sign_extend = |v: u64, bits: u32| ((v << (64 - bits)) as i64) >> (64 - bits);
    Ok(match first {
        0x00..=0x7F => (Elem::Int(first as i64), 1),
        0x80..=0xBF => {
            let n = (first & 0x3F) as usize;
            (Elem::Str(bytes(1, n)?), 1 + n)
        }
        0xC0..=0xDF => {
            let v = ((first as u64 & 0x1F) << 8) | le(1, 1)?;
            (Elem::Int(sign_extend(v, 13)), 2)
        }
        0xE0..=0xEF => {
            let n = ((first as usize & 0x0F) << 8) | le(1, 1)? as usize;
            (Elem::Str(bytes(2, n)?), 2 + n)
        }
        0xF0 => {
            let n = le(1, 4)? as usize;
            (Elem::Str(bytes(5, n)?), 5 + n)
        }
        0xF1 => (Elem::Int(sign_extend(le(1, 2)?, 16)), 3),
        0xF2 => (Elem::Int(sign_extend(le(1, 3)?, 24)), 4),
        0xF3 => (Elem::Int(sign_extend(le(1, 4)?, 32)), 5),
        0xF4 => (Elem::Int(le(1, 8)? as i64), 9),
        _ => return Err("invalid entry encoding"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_round_trips() {
        let long12 = vec![b'x'; 100];
        let long32 = vec![b'y'; 5000];
        let items: Vec<Vec<u8>> = [
            &b"0"[..],
            b"127",
            b"128",
            b"-1",
            b"-4096",
            b"4095",
            b"-4097",
            b"32767",
            b"-32768",
            b"8388607",
            b"-8388608",
            b"2147483647",
            b"-2147483648",
            b"2147483648",
            b"9223372036854775807",
            b"-9223372036854775808",
            b"9223372036854775808",
            b"01",
            b"-0",
            b"",
            b"hello",
            &long12,
            &long32,
        ]
        .iter()
        .map(|s| s.to_vec())
        .collect();
        let mut b = Builder::new();
        let mut predicted = EMPTY_BYTES;
        for s in &items {
            b.push(s);
            predicted += Builder::entry_size(s);
            assert_eq!(b.bytes(), predicted, "{:?}", String::from_utf8_lossy(s));
        }
        let lp = b.finish();
        let back: Vec<Vec<u8>> = decode(&lp)
            .unwrap()
            .into_iter()
            .map(|e| e.to_str().to_vec())
            .collect();
        assert_eq!(back, items);
    }

    #[test]
    fn redis_listpack_bytes() {
        // RPUSH l a 1 -1 in Redis 7.0 (DUMP shows this listpack inside the quicklist node).
        let lp = b"\x0f\x00\x00\x00\x03\x00\x81a\x02\x01\x01\xdf\xff\x02\xff";
        assert_eq!(
            decode(lp).unwrap(),
            vec![Elem::Str(b"a"), Elem::Int(1), Elem::Int(-1)]
        );
        let mut b = Builder::new();
        for s in [&b"a"[..], b"1", b"-1"] {
            b.push(s);
        }
        assert_eq!(b.finish(), lp.to_vec());
    }

    #[test]
    fn corrupt_listpacks_are_errors() {
        let mut b = Builder::new();
        for s in [&b"abc"[..], b"12345", b"x"] {
            b.push(s);
        }
        let lp = b.finish();
        for cut in 0..lp.len() {
            assert!(decode(&lp[..cut]).is_err());
        }
        for i in 0..lp.len() {
            for v in [0u8, 0x7F, 0x80, 0xF0, 0xFF] {
                let mut bad = lp.clone();
                bad[i] = v;
                let _ = decode(&bad);
            }
        }
        let mut bad = lp.clone();
        bad[4] = 7;
        assert!(decode(&bad).is_err());
    }
}
