//! The small form of a sorted set, a listpack in all but name: every element in one byte
//! buffer, sorted by (score, member), found by walking it. Every operation is O(n), as on
//! Redis's listpack, which is fine while a set stays within zset-max-listpack-entries (128);
//! in exchange a 10-member set takes about a hundred bytes, where the treap and its index take
//! several hundred.
//!
//! Layout: a `u32` element count (little-endian), then each element as
//! - its score: an integral score of magnitude below 2^53 as the varint of `zigzag(i) << 1`
//!   (one byte for -32..=31), anything else as the byte `FLOAT` and the f64's 8 little-endian
//!   bytes. Like a listpack, this stores -0 as 0;
//! - its member: a varint length, then the bytes.
//!
//! An empty set holds no buffer at all.
use smallvec::SmallVec;

/// Bytes before the first element: the element count.
const HEAD: usize = 4;

/// First byte of a score stored as an f64. An integer's first byte is even (see the layout).
const FLOAT: u8 = 1;

/// 2^53: integers below this in magnitude convert to f64 and back exactly.
const EXACT_INT: f64 = 9_007_199_254_740_992.0;

#[derive(Clone, Default)]
pub(super) struct Packed {
    buf: Vec<u8>,
}

/// Where a member was found.
pub(super) struct Found {
    /// Its rank.
    pub(super) rank: usize,
    pub(super) score: f64,
    /// Its element's byte range in the buffer.
    start: usize,
    end: usize,
}

#[inline]
fn varint(b: &[u8], at: usize) -> (u64, usize) {
    let x = b[at];
    if x < 0x80 {
        return (x as u64, at + 1);
    }
    let (mut v, mut shift, mut i) = ((x & 0x7f) as u64, 7, at + 1);
    loop {
        let x = b[i];
        i += 1;
        v |= ((x & 0x7f) as u64) << shift;
        if x < 0x80 {
            return (v, i);
        }
        shift += 7;
    }
}

fn put_varint(out: &mut [u8], mut v: u64) -> usize {
    let mut n = 0;
    while v >= 0x80 {
        out[n] = (v as u8) | 0x80;
        v >>= 7;
        n += 1;
    }
    out[n] = v as u8;
    n + 1
}

/// Encodes the element header (score, member length) into `out`; returns its length.
fn put_head(out: &mut [u8; 20], score: f64, mlen: usize) -> usize {
    let n = if score.trunc() == score && score.abs() < EXACT_INT {
        let i = score as i64;
        let zigzag = ((i << 1) ^ (i >> 63)) as u64;
        put_varint(&mut out[..], zigzag << 1)
    } else {
        out[0] = FLOAT;
        out[1..9].copy_from_slice(&score.to_le_bytes());
        9
    };
    n + put_varint(&mut out[n..], mlen as u64)
}

/// The score at `at` and where the member length starts.
#[inline]
fn score_at(b: &[u8], at: usize) -> (f64, usize) {
    if b[at] == FLOAT {
        let mut f = [0u8; 8];
        f.copy_from_slice(&b[at + 1..at + 9]);
        (f64::from_le_bytes(f), at + 9)
    } else {
        let (v, next) = varint(b, at);
        let z = v >> 1;
        (((z >> 1) as i64 ^ -((z & 1) as i64)) as f64, next)
    }
}

/// The element at `at`: (score, member, start of the next element).
#[inline]
fn element(b: &[u8], at: usize) -> (f64, &[u8], usize) {
    let (score, at) = score_at(b, at);
    let (len, at) = varint(b, at);
    let end = at + len as usize;
    (score, &b[at..end], end)
}

/// The start of the element after the one at `at`.
#[inline]
fn skip(b: &[u8], at: usize) -> usize {
    let at = if b[at] == FLOAT {
        at + 9
    } else {
        varint(b, at).1
    };
    let (len, at) = varint(b, at);
    at + len as usize
}

/// What malloc hands out for a request of `n` bytes (glibc: 16-byte steps, 8 of them its
/// header, 24 at least): growing to it costs no memory and saves reallocations.
fn malloc_fit(n: usize) -> usize {
    (n + 8).next_multiple_of(16).max(32) - 8
}

impl Packed {
    pub(super) fn len(&self) -> usize {
        match self.buf.get(..HEAD) {
            Some(h) => u32::from_le_bytes([h[0], h[1], h[2], h[3]]) as usize,
            None => 0,
        }
    }

    fn set_len(&mut self, n: usize) {
        self.buf[..HEAD].copy_from_slice(&(n as u32).to_le_bytes());
    }

    /// Bytes the elements take (what Redis checks against its listpack size limit).
    pub(super) fn bytes(&self) -> usize {
        self.buf.len()
    }

    pub(super) fn allocation_size(&self) -> usize {
        self.buf.capacity()
    }

    pub(super) fn find(&self, m: &[u8]) -> Option<Found> {
        let b = &self.buf;
        let mut at = HEAD;
        let mut rank = 0;
        while at < b.len() {
            let (score, member, end) = element(b, at);
            if member == m {
                return Some(Found {
                    rank,
                    score,
                    start: at,
                    end,
                });
            }
            at = end;
            rank += 1;
        }
        None
    }

    /// Adds `m`, which must be absent.
    pub(super) fn insert_new(&mut self, m: &[u8], score: f64) {
        let mut head = [0u8; 20];
        let hn = put_head(&mut head, score, m.len());
        if self.buf.is_empty() {
            self.buf.reserve_exact(malloc_fit(HEAD + hn + m.len()));
            self.buf.extend_from_slice(&[0; HEAD]);
        }
        // The first element ordering after (score, m).
        let b = &self.buf;
        let mut at = HEAD;
        while at < b.len() {
            let (s, member, end) = element(b, at);
            if s > score || (s == score && member > m) {
                break;
            }
            at = end;
        }
        let n = hn + m.len();
        let old = self.buf.len();
        if old + n > self.buf.capacity() {
            self.buf.reserve_exact(malloc_fit(old + n) - old);
        }
        self.buf.resize(old + n, 0);
        self.buf.copy_within(at..old, at + n);
        self.buf[at..at + hn].copy_from_slice(&head[..hn]);
        self.buf[at + hn..at + n].copy_from_slice(m);
        let len = self.len();
        self.set_len(len + 1);
    }

    /// Gives `m`, found at `f`, a new score.
    pub(super) fn rescore(&mut self, f: &Found, m: &[u8], score: f64) {
        self.cut(f);
        self.insert_new(m, score);
        self.maybe_shrink();
    }

    /// Removes `m`; returns its score if it was present.
    pub(super) fn remove(&mut self, m: &[u8]) -> Option<f64> {
        let f = self.find(m)?;
        self.cut(&f);
        if self.len() == 0 {
            self.buf = Vec::new();
        } else {
            self.maybe_shrink();
        }
        Some(f.score)
    }

    /// Removes the element at `f` from the buffer.
    fn cut(&mut self, f: &Found) {
        let old = self.buf.len();
        self.buf.copy_within(f.end..old, f.start);
        self.buf.truncate(old - (f.end - f.start));
        let len = self.len();
        self.set_len(len - 1);
    }

    /// Gives memory back once a good part of the buffer is unused.
    fn maybe_shrink(&mut self) {
        let fit = malloc_fit(self.buf.len());
        if self.buf.capacity() > fit + 64 {
            self.buf.shrink_to(fit);
        }
    }

    /// Builds from elements in ascending order.
    pub(super) fn from_sorted<'a>(items: impl Iterator<Item = (&'a [u8], f64)> + Clone) -> Packed {
        let mut head = [0u8; 20];
        let size: usize = items
            .clone()
            .map(|(m, s)| put_head(&mut head, s, m.len()) + m.len())
            .sum();
        let mut p = Packed::default();
        if size == 0 {
            return p;
        }
        p.buf.reserve_exact(malloc_fit(HEAD + size));
        p.buf.extend_from_slice(&[0; HEAD]);
        let mut n = 0;
        for (m, s) in items {
            let hn = put_head(&mut head, s, m.len());
            p.buf.extend_from_slice(&head[..hn]);
            p.buf.extend_from_slice(m);
            n += 1;
        }
        p.set_len(n);
        p
    }

    /// See `ZSet::count_while`.
    pub(super) fn count_while(&self, mut below: impl FnMut(f64, &[u8]) -> bool) -> usize {
        let mut c = 0;
        for (m, s) in self.iter_from(0) {
            if !below(s, m) {
                break;
            }
            c += 1;
        }
        c
    }

    /// The element at rank `k`; panics unless `k < len`.
    pub(super) fn at(&self, k: usize) -> (&[u8], f64) {
        let mut at = HEAD;
        for _ in 0..k {
            at = skip(&self.buf, at);
        }
        let (s, m, _) = element(&self.buf, at);
        (m, s)
    }

    /// Elements from rank `k` on, ascending.
    pub(super) fn iter_from(&self, k: usize) -> Up<'_> {
        let len = self.len();
        let mut at = HEAD;
        if k < len {
            for _ in 0..k {
                at = skip(&self.buf, at);
            }
        }
        Up {
            buf: &self.buf,
            at,
            left: len.saturating_sub(k),
        }
    }

    /// Elements from rank `k` counted from the highest, descending.
    pub(super) fn iter_rev_from(&self, k: usize) -> Down<'_> {
        Down {
            buf: &self.buf,
            left: self.len().saturating_sub(k),
            starts: SmallVec::new(),
        }
    }

    /// Checks the buffer's structure (tests only).
    #[cfg(test)]
    pub(super) fn check(&self) {
        let mut prev: Option<(f64, &[u8])> = None;
        let mut n = 0;
        let mut at = HEAD;
        while at < self.buf.len() {
            let (s, m, end) = element(&self.buf, at);
            assert!(!(s == 0.0 && s.is_sign_negative()), "-0 stored");
            if let Some((ps, pm)) = prev {
                assert!(ps < s || (ps == s && pm < m), "order");
            }
            prev = Some((s, m));
            at = end;
            n += 1;
        }
        assert_eq!(at.max(HEAD), self.buf.len().max(HEAD));
        assert_eq!(n, self.len());
        assert!(self.buf.capacity() <= malloc_fit(self.buf.len()) + 64);
    }
}

/// Ascending walk (see `Packed::iter_from`).
pub(super) struct Up<'a> {
    buf: &'a [u8],
    at: usize,
    left: usize,
}

impl<'a> Iterator for Up<'a> {
    type Item = (&'a [u8], f64);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        let (s, m, end) = element(self.buf, self.at);
        self.at = end;
        self.left -= 1;
        Some((m, s))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Up<'_> {}

/// How many element starts a descending walk notes per pass over the buffer: the buffer can
/// only be read forwards, so each pass from the start notes the next batch, on the stack.
const BATCH: usize = 48;

/// Descending walk (see `Packed::iter_rev_from`).
pub(super) struct Down<'a> {
    buf: &'a [u8],
    /// The elements still to come are ranks `0..left`.
    left: usize,
    /// Starts of ranks `left - starts.len()..left`, the highest last.
    starts: SmallVec<[u32; BATCH]>,
}

impl<'a> Iterator for Down<'a> {
    type Item = (&'a [u8], f64);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        if self.starts.is_empty() {
            let first = self.left.saturating_sub(BATCH);
            let mut at = HEAD;
            for _ in 0..first {
                at = skip(self.buf, at);
            }
            for _ in first..self.left {
                self.starts.push(at as u32);
                at = skip(self.buf, at);
            }
        }
        let at = self.starts.pop()? as usize;
        self.left -= 1;
        let (s, m, _) = element(self.buf, at);
        Some((m, s))
    }
}
