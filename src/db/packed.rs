//! Compact encodings for small collections, the counterparts of Redis's listpack and intset.
//!
//! A hash table spends ~60-80 bytes of bookkeeping per element (hash, pointers, slots, one heap
//! block per long string). Below a few hundred elements a linear scan over one contiguous buffer
//! is as fast, so small hashes and all-integer sets live in one allocation each, exactly while
//! Redis would keep them as a listpack or an intset.
use std::ops::Range;

/// Redis's `LISTPACK_MAX_SAFETY_SIZE`: a compact collection that would grow past 1 GiB converts
/// to its table form instead (only reachable with raised `*-max-listpack-*` limits).
pub const LISTPACK_MAX_SAFETY: usize = 1 << 30;

/// Byte strings in one buffer: a 4-byte little-endian count, then each string as a LEB128
/// length and its bytes. An empty run is an empty `Vec` (no allocation).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strings(Vec<u8>);

const HEADER: usize = 4;

impl Strings {
    pub fn len(&self) -> usize {
        match self.0.get(..HEADER) {
            Some(h) => u32::from_le_bytes([h[0], h[1], h[2], h[3]]) as usize,
            None => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn set_len(&mut self, n: usize) {
        if self.0.len() < HEADER {
            self.0.extend_from_slice(&[0; HEADER]);
        }
        self.0[..HEADER].copy_from_slice(&(n as u32).to_le_bytes());
    }

    /// The strings in order, each with the byte range of its encoding (length prefix included).
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            buf: &self.0,
            pos: HEADER.min(self.0.len()),
        }
    }

    /// Heap bytes held.
    pub fn allocation_size(&self) -> usize {
        self.0.capacity()
    }

    /// Bytes of the encoding.
    pub fn bytes(&self) -> usize {
        self.0.len()
    }

    /// Appends strings, growing the buffer by at least a quarter so that n appends cost
    /// O(log n) reallocations while wasting at most a fifth of the buffer.
    pub fn push(&mut self, items: &[&[u8]]) {
        let need: usize = items.iter().map(|s| encoded_len(s.len())).sum();
        self.reserve(HEADER + need);
        let n = self.len() + items.len();
        self.set_len(n);
        for s in items {
            put_varint(&mut self.0, s.len() as u64);
            self.0.extend_from_slice(s);
        }
    }

    fn reserve(&mut self, extra: usize) {
        if self.0.capacity() - self.0.len() < extra {
            self.0.reserve_exact(extra.max(self.0.len() / 4));
        }
    }

    /// Replaces the string encoded at `at` (a range from `iter`) with `s`.
    pub fn replace(&mut self, at: Range<usize>, s: &[u8]) {
        let mut enc = [0u8; 10];
        let head = varint_into(&mut enc, s.len() as u64);
        if at.len() == head + s.len() {
            self.0[at.start..at.start + head].copy_from_slice(&enc[..head]);
            self.0[at.start + head..at.end].copy_from_slice(s);
            return;
        }
        self.reserve((head + s.len()).saturating_sub(at.len()));
        self.0
            .splice(at, enc[..head].iter().chain(s.iter()).copied());
    }

    /// Removes the encoded strings in `at` (ranges from `iter`, joined), which hold `count`
    /// strings; gives memory back once a quarter of the buffer is unused.
    pub fn remove(&mut self, at: Range<usize>, count: usize) {
        self.0.drain(at);
        let n = self.len() - count;
        if n == 0 {
            self.0 = Vec::new();
            return;
        }
        self.set_len(n);
        if self.0.capacity() - self.0.len() > self.0.len() / 4 + 16 {
            self.0.shrink_to_fit();
        }
    }
}

pub struct Iter<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Iter<'a> {
    /// The string and the range its encoding occupies.
    type Item = (&'a [u8], Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let (len, head) = get_varint(self.buf.get(start..)?)?;
        let data = start + head;
        let end = data.checked_add(usize::try_from(len).ok()?)?;
        let s = self.buf.get(data..end)?;
        self.pos = end;
        Some((s, start..end))
    }
}

fn encoded_len(n: usize) -> usize {
    varint_len(n) + n
}

/// Bytes of the LEB128 (base-128, low group first) encoding of `v`: the length prefix every
/// packed form here uses (`Strings`, list chunks, small sorted sets).
pub fn varint_len(v: usize) -> usize {
    (usize::BITS - (v | 1).leading_zeros()).div_ceil(7) as usize
}

/// The LEB128 value at `b[at..]` and where it ends. For buffers this process wrote itself:
/// an index past the end is a bug, and panics.
#[inline]
pub fn read_varint(b: &[u8], at: usize) -> (usize, usize) {
    let x = b[at];
    if x < 0x80 {
        return (x as usize, at + 1);
    }
    let (mut v, mut shift, mut i) = ((x & 0x7f) as usize, 7, at + 1);
    loop {
        let x = b[i];
        i += 1;
        v |= ((x & 0x7f) as usize) << shift;
        if x < 0x80 {
            return (v, i);
        }
        shift += 7;
    }
}

fn varint_into(out: &mut [u8; 10], mut v: u64) -> usize {
    let mut i = 0;
    while v >= 0x80 {
        out[i] = (v as u8) | 0x80;
        v >>= 7;
        i += 1;
    }
    out[i] = v as u8;
    i + 1
}

fn put_varint(buf: &mut Vec<u8>, v: u64) {
    let mut enc = [0u8; 10];
    let n = varint_into(&mut enc, v);
    buf.extend_from_slice(&enc[..n]);
}

/// (value, bytes read), or None when the buffer ends inside the varint.
fn get_varint(buf: &[u8]) -> Option<(u64, usize)> {
    let mut v = 0u64;
    for (i, &b) in buf.iter().enumerate().take(10) {
        v |= u64::from(b & 0x7f) << (7 * i);
        if b < 0x80 {
            return Some((v, i + 1));
        }
    }
    None
}

/// Distinct integers in ascending order, each in the fewest bytes (2, 4 or 8) that hold every
/// one of them: Redis's intset. The buffer is the width, then the values little-endian; an empty
/// set is an empty `Vec`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ints(Vec<u8>);

fn width_for(v: i64) -> usize {
    if i16::try_from(v).is_ok() {
        2
    } else if i32::try_from(v).is_ok() {
        4
    } else {
        8
    }
}

impl Ints {
    fn width(&self) -> usize {
        self.0.first().map_or(2, |&w| w as usize)
    }

    pub fn len(&self) -> usize {
        self.0.len().saturating_sub(1) / self.width()
    }

    pub fn is_empty(&self) -> bool {
        self.0.len() <= 1
    }

    pub fn allocation_size(&self) -> usize {
        self.0.capacity()
    }

    /// The value at position `i` (< len).
    pub fn get(&self, i: usize) -> i64 {
        let w = self.width();
        let b = &self.0[1 + i * w..1 + (i + 1) * w];
        match w {
            2 => i16::from_le_bytes([b[0], b[1]]) as i64,
            4 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64,
            _ => i64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        }
    }

    /// Where `v` is, or where it would go.
    pub fn search(&self, v: i64) -> Result<usize, usize> {
        if width_for(v) > self.width() {
            return Err(if v < 0 { 0 } else { self.len() });
        }
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(&v) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    pub fn contains(&self, v: i64) -> bool {
        self.search(v).is_ok()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = i64> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Adds `v` unless present; returns whether it was added.
    pub fn insert(&mut self, v: i64) -> bool {
        let Err(at) = self.search(v) else {
            return false;
        };
        let w = width_for(v).max(self.width());
        if w != self.width() || self.0.is_empty() {
            let old: Vec<i64> = self.iter().collect();
            let mut buf = Vec::with_capacity(1 + (old.len() + 1) * w);
            buf.push(w as u8);
            for x in old {
                buf.extend_from_slice(&x.to_le_bytes()[..w]);
            }
            self.0 = buf;
        }
        let pos = 1 + at * w;
        self.0
            .splice(pos..pos, v.to_le_bytes()[..w].iter().copied());
        true
    }

    /// Removes and returns the value at position `i` (< len).
    pub fn remove_index(&mut self, i: usize) -> i64 {
        let v = self.get(i);
        let w = self.width();
        self.0.drain(1 + i * w..1 + (i + 1) * w);
        if self.0.len() == 1 {
            self.0 = Vec::new();
        } else if self.0.capacity() > 2 * self.0.len() + 16 {
            self.0.shrink_to_fit();
        }
        v
    }

    pub fn remove(&mut self, v: i64) -> bool {
        match self.search(v) {
            Ok(i) => {
                self.remove_index(i);
                true
            }
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_push_replace_remove() {
        let mut s = Strings::default();
        assert_eq!((s.len(), s.allocation_size()), (0, 0));
        let long = vec![b'x'; 300];
        s.push(&[b"a", b"", &long]);
        let got: Vec<&[u8]> = s.iter().map(|(x, _)| x).collect();
        assert_eq!(got, [&b"a"[..], b"", &long[..]]);
        let (_, at) = s.iter().nth(1).unwrap();
        s.replace(at, b"hello");
        let (_, at) = s.iter().next().unwrap();
        s.replace(at, b"b");
        let got: Vec<&[u8]> = s.iter().map(|(x, _)| x).collect();
        assert_eq!(got, [&b"b"[..], b"hello", &long[..]]);
        let (_, at) = s.iter().nth(2).unwrap();
        s.replace(at, b"");
        let (_, a) = s.iter().next().unwrap();
        let (_, b) = s.iter().nth(1).unwrap();
        s.remove(a.start..b.end, 2);
        let got: Vec<&[u8]> = s.iter().map(|(x, _)| x).collect();
        assert_eq!((s.len(), got), (1, vec![&b""[..]]));
        let (_, at) = s.iter().next().unwrap();
        s.remove(at, 1);
        assert_eq!((s.len(), s.allocation_size()), (0, 0));
    }

    #[test]
    fn ints_stay_sorted_and_widen() {
        let mut s = Ints::default();
        let mut model = std::collections::BTreeSet::new();
        let mut x: u64 = 0x9e3779b97f4a7c15;
        for round in 0..4000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = match round % 4 {
                0 => (x % 200) as i64 - 100,
                1 => (x % 100_000) as i64 - 50_000,
                2 => x as i64,
                _ => (x % 50) as i64,
            };
            if x.is_multiple_of(3) {
                assert_eq!(s.remove(v), model.remove(&v));
            } else {
                assert_eq!(s.insert(v), model.insert(v));
            }
            assert_eq!(s.len(), model.len());
            if round % 97 == 0 {
                assert!(s.iter().eq(model.iter().copied()));
            }
        }
        assert!(s.iter().eq(model.iter().copied()));
        assert!(s.contains(i64::MIN) == model.contains(&i64::MIN));
        while !s.is_empty() {
            let v = s.remove_index(0);
            assert!(model.remove(&v));
        }
        assert!(model.is_empty());
        assert_eq!(s.allocation_size(), 0);
    }

    #[test]
    fn varints_round_trip() {
        for v in [0usize, 1, 127, 128, 16_383, 16_384, 1 << 29, usize::MAX] {
            let mut buf = vec![0xaa];
            put_varint(&mut buf, v as u64);
            assert_eq!(varint_len(v), buf.len() - 1, "{v}");
            assert_eq!(read_varint(&buf, 1), (v, buf.len()), "{v}");
            assert_eq!(
                get_varint(&buf[1..]),
                Some((v as u64, buf.len() - 1)),
                "{v}"
            );
        }
    }

    #[test]
    fn a_cut_buffer_ends_iteration() {
        let mut s = Strings::default();
        s.push(&[b"abc"]);
        s.0.truncate(s.0.len() - 1);
        assert_eq!(s.iter().count(), 0);
    }
}
