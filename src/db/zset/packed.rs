//! The small form of a sorted set, a listpack in all but name: every element in one byte
//! buffer, sorted by (score, member), found by walking it. Every operation is O(n), as on
//! Redis's listpack, which is fine while a set stays within zset-max-listpack-entries (128);
//! in exchange a 10-member set takes about a hundred bytes, where the B+tree and its index take
//! several hundred.
//!
//! Layout: a `u32` element count (little-endian), then each element as a tag byte, the
//! member's length (a varint), the member, and the rest of the score. The tag tells how the
//! score is stored:
//! - `0..=SMALL_MAX`: an integer from -112 to 127, stored plus `SMALL_BIAS`, nothing more;
//! - `INT0 + n` (n = 1..=7): an integer below 2^53 in magnitude, in n more bytes (LE);
//! - `FLOAT`: anything else, as the f64's 8 bytes (LE).
//!
//! The tag and the length come first so that the walk's next step depends on one load, not
//! two in a row; a walk looking for a member skips the other scores without decoding them.
//! Like a listpack, this stores -0 as the integer 0. An empty set holds no buffer at all.
use crate::db::packed::{read_varint, varint_len};
use smallvec::SmallVec;
use std::cmp::Ordering;

/// Bytes before the first element: the element count.
const HEAD: usize = 4;

const SMALL_MAX: u8 = 0xef;
const SMALL_BIAS: i64 = 0x70;
const INT0: u8 = 0xf0;
const FLOAT: u8 = 0xf8;

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

/// A score encoded: its tag and the bytes after the member.
struct Score {
    tag: u8,
    rest: [u8; 8],
}

impl Score {
    fn new(score: f64) -> Score {
        let mut rest = [0u8; 8];
        if score.trunc() == score && score.abs() < EXACT_INT {
            let i = score as i64;
            if (-SMALL_BIAS..=SMALL_MAX as i64 - SMALL_BIAS).contains(&i) {
                return Score {
                    tag: (i + SMALL_BIAS) as u8,
                    rest,
                };
            }
            // Bytes for the value and its sign bit: at most 7, as |i| < 2^53.
            let bits = 65 - if i < 0 { !i } else { i }.leading_zeros() as usize;
            let n = bits.div_ceil(8);
            rest[..n].copy_from_slice(&i.to_le_bytes()[..n]);
            Score {
                tag: INT0 + n as u8,
                rest,
            }
        } else {
            Score {
                tag: FLOAT,
                rest: score.to_le_bytes(),
            }
        }
    }

    /// Bytes of the element holding member `m` with this score.
    fn element_len(&self, m: &[u8]) -> usize {
        1 + varint_len(m.len()) + m.len() + rest_len(self.tag)
    }

    /// Writes the element into `e`, which is `element_len` long.
    fn write(&self, e: &mut [u8], m: &[u8]) {
        e[0] = self.tag;
        let (mut v, mut i) = (m.len(), 1);
        while v >= 0x80 {
            e[i] = (v as u8) | 0x80;
            v >>= 7;
            i += 1;
        }
        e[i] = v as u8;
        i += 1;
        e[i..i + m.len()].copy_from_slice(m);
        let n = rest_len(self.tag);
        e[i + m.len()..].copy_from_slice(&self.rest[..n]);
    }
}

/// How many score bytes follow the member, by tag.
#[inline]
fn rest_len(tag: u8) -> usize {
    match tag {
        0..=SMALL_MAX => 0,
        FLOAT => 8,
        k => (k - INT0) as usize,
    }
}

/// The score with tag `tag` whose other bytes start at `at`.
#[inline]
fn score_at(tag: u8, b: &[u8], at: usize) -> f64 {
    match tag {
        0..=SMALL_MAX => (tag as i64 - SMALL_BIAS) as f64,
        FLOAT => {
            let mut f = [0u8; 8];
            f.copy_from_slice(&b[at..at + 8]);
            f64::from_le_bytes(f)
        }
        k => {
            let n = (k - INT0) as usize;
            // Byte by byte: a `memcpy` into an array and an 8-byte load of it stalls.
            let v = b[at..at + n]
                .iter()
                .rev()
                .fold(0u64, |v, &x| (v << 8) | x as u64);
            // Sign-extend from the n stored bytes.
            let shift = 64 - 8 * n as u32;
            (((v << shift) as i64) >> shift) as f64
        }
    }
}

/// The element at `at`: its tag, where its member lies, and where the next element starts.
#[inline]
fn parts(b: &[u8], at: usize) -> (u8, usize, usize, usize) {
    let tag = b[at];
    let (len, p) = read_varint(b, at + 1);
    let end = p + len;
    (tag, p, end, end + rest_len(tag))
}

/// The element at `at`: (score, member, start of the next element).
#[inline]
fn element(b: &[u8], at: usize) -> (f64, &[u8], usize) {
    let (tag, p, end, next) = parts(b, at);
    (score_at(tag, b, end), &b[p..end], next)
}

/// The start of the element after the one at `at`.
#[inline]
fn skip(b: &[u8], at: usize) -> usize {
    parts(b, at).3
}

/// Whether two members are equal, looking at their lengths and last bytes first: members of
/// one set often differ only at the end ("player:17", "player:18"), which saves most calls to
/// `memcmp`.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.last() == b.last() && a == b
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
        let (mut at, mut rank) = (HEAD, 0);
        while at < b.len() {
            let (tag, p, end, next) = parts(b, at);
            if same(&b[p..end], m) {
                return Some(Found {
                    rank,
                    score: score_at(tag, b, end),
                    start: at,
                    end: next,
                });
            }
            at = next;
            rank += 1;
        }
        None
    }

    /// `find(m)`, and where (`score`, `m`) goes in the order of the other elements: the start
    /// of the first that orders after it. One walk over the buffer.
    pub(super) fn locate(&self, m: &[u8], score: f64) -> (Option<Found>, usize) {
        let b = &self.buf;
        let (mut at, mut rank) = (HEAD, 0);
        let mut slot = None;
        let mut found = None;
        while at < b.len() {
            let (tag, p, end, next) = parts(b, at);
            let member = &b[p..end];
            let here = || Found {
                rank,
                score: score_at(tag, b, end),
                start: at,
                end: next,
            };
            if slot.is_some() {
                if same(member, m) {
                    found = Some(here());
                    break;
                }
            } else {
                let s = score_at(tag, b, end);
                let order = if s == score {
                    member.cmp(m)
                } else if s < score {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                match order {
                    Ordering::Equal => found = Some(here()),
                    _ if same(member, m) => found = Some(here()),
                    Ordering::Less => {}
                    Ordering::Greater => {
                        slot = Some(at);
                        if found.is_some() {
                            break;
                        }
                    }
                }
            }
            at = next;
            rank += 1;
        }
        (found, slot.unwrap_or(b.len().max(HEAD)))
    }

    /// Adds `m`, which must be absent, at `slot` (from `locate`).
    pub(super) fn insert_at(&mut self, slot: usize, m: &[u8], score: f64) {
        let enc = Score::new(score);
        let n = enc.element_len(m);
        if self.buf.is_empty() {
            self.buf.reserve_exact(malloc_fit(HEAD + n));
            self.buf.extend_from_slice(&[0; HEAD]);
        }
        let old = self.buf.len();
        if old + n > self.buf.capacity() {
            self.buf.reserve_exact(malloc_fit(old + n) - old);
        }
        self.buf.resize(old + n, 0);
        self.buf.copy_within(slot..old, slot + n);
        enc.write(&mut self.buf[slot..slot + n], m);
        let len = self.len();
        self.set_len(len + 1);
    }

    /// Gives `m`, found at `f`, a new score; `slot` is where `locate` placed it.
    pub(super) fn rescore(&mut self, f: &Found, slot: usize, m: &[u8], score: f64) {
        let enc = Score::new(score);
        let size = f.end - f.start;
        if enc.element_len(m) != size {
            // The element changes size: take it out and put it back.
            self.cut(f);
            let slot = if slot >= f.end { slot - size } else { slot };
            self.insert_at(slot, m, score);
            self.maybe_shrink();
            return;
        }
        // Same size: move only the elements between the old place and the new one.
        let at = if slot >= f.end {
            self.buf.copy_within(f.end..slot, f.start);
            slot - size
        } else {
            self.buf.copy_within(slot..f.start, slot + size);
            slot
        };
        enc.write(&mut self.buf[at..at + size], m);
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
        let size: usize = items
            .clone()
            .map(|(m, s)| Score::new(s).element_len(m))
            .sum();
        let mut p = Packed::default();
        if size == 0 {
            return p;
        }
        p.buf.reserve_exact(malloc_fit(HEAD + size));
        p.buf.resize(HEAD + size, 0);
        let (mut at, mut n) = (HEAD, 0);
        for (m, s) in items {
            let enc = Score::new(s);
            let len = enc.element_len(m);
            enc.write(&mut p.buf[at..at + len], m);
            at += len;
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
