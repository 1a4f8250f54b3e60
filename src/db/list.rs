//! Lists, packed the way Redis 7.0's quicklist packs them: a deque of chunks, each chunk one
//! byte buffer holding a run of elements back to back, cut at `list-max-listpack-size`.
//!
//! A `VecDeque<Str>` costs 24 bytes per element before the element's own bytes; packed, an
//! element of up to 127 bytes costs its length plus 2. Each element is stored as
//! `varint(len) bytes reverse(varint(len))`: the length at both ends lets a chunk be walked
//! from either end, as a listpack's backlen does, so both ends pop in O(1).
//!
//! A chunk keeps free room at both ends (a gap buffer), so a push at either end of the list
//! appends into the end chunk without moving what is there. Chunks never stay empty, drop
//! large unused capacity as they drain, and neighbours merge again after deletions in the
//! middle, so memory follows the data. An element too large for a chunk gets a chunk of its
//! own (Redis's "plain" node).
use super::Str;
use super::packed::{read_varint, varint_len};
use std::collections::VecDeque;

/// Node sizes of Redis's negative `list-max-listpack-size` levels (-1 .. -5).
const SIZE_LEVELS: [usize; 5] = [4096, 8192, 16384, 32768, 65536];
/// The byte bound of a count-limited chunk (Redis's `SIZE_SAFETY_LIMIT`).
const SAFETY_LIMIT: usize = 8192;
/// Redis's `FILL_MAX`: the largest entry count a positive fill can ask for.
const FILL_MAX: i64 = (1 << 15) - 1;
/// Chunks smaller than this keep whatever capacity they have (the allocator rounds up anyway).
const SHRINK_MIN: usize = 64;

/// How full a chunk may get, from `list-max-listpack-size` (Redis's quicklist `fill`): a
/// negative value bounds the bytes of a chunk, a positive one its element count (and the bytes
/// by 8 KB). Passed in, not stored, so that a list stays small and CONFIG SET applies to the
/// chunks built after it, as in Redis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fill {
    bytes: usize,
    count: usize,
}

impl Fill {
    pub fn from_config(fill: i64) -> Fill {
        if fill < 0 {
            let level = (fill.max(-5).unsigned_abs() - 1) as usize;
            Fill {
                bytes: SIZE_LEVELS[level],
                count: usize::MAX,
            }
        } else {
            Fill {
                bytes: SAFETY_LIMIT,
                count: fill.min(FILL_MAX) as usize,
            }
        }
    }
}

impl Default for Fill {
    /// Redis's default, -2: chunks of up to 8 KB.
    fn default() -> Fill {
        Fill::from_config(-2)
    }
}

/// Bytes an element of `n` bytes takes in a chunk.
pub fn packed_len(n: usize) -> usize {
    n + 2 * varint_len(n)
}

/// Writes `e` at `at` (which has `packed_len(e.len())` bytes); returns where it ends.
fn write_elem(buf: &mut [u8], at: usize, e: &[u8]) -> usize {
    if e.len() < 0x80 {
        buf[at] = e.len() as u8;
        buf[at + 1..at + 1 + e.len()].copy_from_slice(e);
        buf[at + 1 + e.len()] = e.len() as u8;
        return at + 2 + e.len();
    }
    let h = varint_len(e.len());
    let mut n = e.len();
    for i in 0..h {
        let group = (n & 0x7f) as u8;
        n >>= 7;
        let b = if i + 1 < h { group | 0x80 } else { group };
        buf[at + i] = b;
        // The same bytes reversed after the data, so a backward walk reads the low group first.
        buf[at + 2 * h + e.len() - 1 - i] = b;
    }
    buf[at + h..at + h + e.len()].copy_from_slice(e);
    at + packed_len(e.len())
}

/// The element starting at `at`: (data start, data end, next element's start).
#[inline]
fn read_next(buf: &[u8], at: usize) -> (usize, usize, usize) {
    let first = buf[at];
    if first < 0x80 {
        let n = first as usize;
        return (at + 1, at + 1 + n, at + 2 + n);
    }
    let (n, p) = read_varint(buf, at);
    (p, p + n, p + n + (p - at))
}

/// The element ending at `end`: (data start, data end, its own start).
#[inline]
fn read_prev(buf: &[u8], end: usize) -> (usize, usize, usize) {
    let last = buf[end - 1];
    if last < 0x80 {
        let n = last as usize;
        return (end - 1 - n, end - 1, end - 2 - n);
    }
    let (mut n, mut shift, mut p) = (0usize, 0, end);
    loop {
        p -= 1;
        let b = buf[p];
        n |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    let h = end - p;
    (p - n, p, p - n - h)
}

/// A run of packed elements in `buf[start..end]`, with free room before and after.
struct Chunk {
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    count: usize,
}

impl Chunk {
    /// A chunk holding only `e`, in a buffer of `cap` bytes with the room on the side that
    /// will grow (`front`: pushes will come before it).
    fn with(e: &[u8], cap: usize, front: bool) -> Chunk {
        let sz = packed_len(e.len());
        let cap = cap.max(sz);
        let start = if front { cap - sz } else { 0 };
        let mut buf = vec![0u8; cap].into_boxed_slice();
        let end = write_elem(&mut buf, start, e);
        Chunk {
            buf,
            start,
            end,
            count: 1,
        }
    }

    fn used(&self) -> usize {
        self.end - self.start
    }

    fn fits(&self, sz: usize, fill: Fill) -> bool {
        self.count < fill.count && self.used() + sz <= fill.bytes
    }

    /// Moves the data to `new_start` in a buffer of `cap` bytes (a new one if the size changes).
    fn relocate(&mut self, cap: usize, new_start: usize) {
        let used = self.used();
        if cap == self.buf.len() {
            self.buf.copy_within(self.start..self.end, new_start);
        } else {
            let mut buf = vec![0u8; cap].into_boxed_slice();
            buf[new_start..new_start + used].copy_from_slice(&self.buf[self.start..self.end]);
            self.buf = buf;
        }
        self.start = new_start;
        self.end = new_start + used;
    }

    /// Makes `sz` bytes of room before (`front`) or after the data. When the buffer is at most
    /// half full the data moves; otherwise the buffer doubles, up to `limit` bytes. The other
    /// side keeps its room, up to half of what is free, so alternating ends stay amortized O(1).
    #[inline]
    fn reserve(&mut self, sz: usize, front: bool, limit: usize) {
        let room = if front {
            self.start
        } else {
            self.buf.len() - self.end
        };
        if room < sz {
            self.make_room(sz, front, limit);
        }
    }

    #[cold]
    fn make_room(&mut self, sz: usize, front: bool, limit: usize) {
        let used = self.used();
        let need = used + sz;
        let cap = self.buf.len();
        let new_cap = if need <= cap && used * 2 <= cap {
            cap
        } else {
            need.max((cap * 2).min(limit))
        };
        let other = if front {
            self.buf.len() - self.end
        } else {
            self.start
        };
        let keep = other.min((new_cap - need) / 2);
        let new_start = if front { new_cap - keep - used } else { keep };
        self.relocate(new_cap, new_start);
    }

    /// Gives back capacity once at most a quarter of it is used (keeping room for both ends).
    #[inline]
    fn maybe_shrink(&mut self) {
        let used = self.used();
        if self.buf.len() > SHRINK_MIN && used * 4 < self.buf.len() {
            let cap = (used * 2).max(SHRINK_MIN / 2);
            self.relocate(cap, (cap - used) / 2);
        }
    }

    /// Replaces `old` bytes at `rel` (from the data's start) by a hole of `sz` bytes, moving the
    /// shorter side of the data; returns where the hole starts.
    fn splice(&mut self, rel: usize, old: usize, sz: usize, limit: usize) -> usize {
        let before = rel;
        let after = self.used() - rel - old;
        if sz > old {
            let grow = sz - old;
            let front = before < after;
            self.reserve(grow, front, limit);
            if front {
                let s = self.start;
                self.buf.copy_within(s..s + before, s - grow);
                self.start -= grow;
            } else {
                let p = self.start + rel + old;
                self.buf.copy_within(p..self.end, p + grow);
                self.end += grow;
            }
        } else if old > sz {
            let cut = old - sz;
            if before < after {
                let s = self.start;
                self.buf.copy_within(s..s + before, s + cut);
                self.start += cut;
            } else {
                let p = self.start + rel + old;
                self.buf.copy_within(p..self.end, p - cut);
                self.end -= cut;
            }
        }
        self.start + rel
    }

    #[inline]
    fn push(&mut self, e: &[u8], front: bool, limit: usize) {
        let sz = packed_len(e.len());
        self.reserve(sz, front, limit);
        if front {
            self.start -= sz;
            write_elem(&mut self.buf, self.start, e);
        } else {
            self.end = write_elem(&mut self.buf, self.end, e);
        }
        self.count += 1;
    }

    /// Where the `k`-th element starts, walking from the nearer end.
    fn offset_of(&self, k: usize) -> usize {
        if k < self.count / 2 {
            let mut p = self.start;
            for _ in 0..k {
                p = read_next(&self.buf, p).2;
            }
            p
        } else {
            let mut p = self.end;
            for _ in k..self.count {
                p = read_prev(&self.buf, p).2;
            }
            p
        }
    }

    /// Moves the elements from `rel` on into a new chunk of exactly their size.
    fn split_off(&mut self, rel: usize) -> Chunk {
        let at = self.start + rel;
        let mut moved = 0;
        let mut p = at;
        while p < self.end {
            p = read_next(&self.buf, p).2;
            moved += 1;
        }
        let buf: Box<[u8]> = self.buf[at..self.end].into();
        let right = Chunk {
            start: 0,
            end: buf.len(),
            buf,
            count: moved,
        };
        self.end = at;
        self.count -= moved;
        self.maybe_shrink();
        right
    }

    /// LREM within this chunk, head to tail: removes up to `max` elements equal to `value`,
    /// compacting in place; returns how many.
    fn remove_forward(&mut self, value: &[u8], max: usize) -> usize {
        let (mut r, mut w, mut removed) = (self.start, self.start, 0);
        while r < self.end && removed < max {
            let (ds, de, next) = read_next(&self.buf, r);
            if &self.buf[ds..de] == value {
                removed += 1;
            } else {
                if w != r {
                    self.buf.copy_within(r..next, w);
                }
                w += next - r;
            }
            r = next;
        }
        if w != r {
            self.buf.copy_within(r..self.end, w);
            self.end -= r - w;
        }
        self.count -= removed;
        removed
    }

    /// LREM within this chunk, tail to head.
    fn remove_backward(&mut self, value: &[u8], max: usize) -> usize {
        let (mut r, mut w, mut removed) = (self.end, self.end, 0);
        while r > self.start && removed < max {
            let (ds, de, prev) = read_prev(&self.buf, r);
            if &self.buf[ds..de] == value {
                removed += 1;
            } else {
                let sz = r - prev;
                if w != r {
                    self.buf.copy_within(prev..r, w - sz);
                }
                w -= sz;
            }
            r = prev;
        }
        if w != r {
            self.buf.copy_within(self.start..r, self.start + (w - r));
            self.start += w - r;
        }
        self.count -= removed;
        removed
    }

    /// Drops the first `n` elements (fewer than `count`).
    fn drop_front(&mut self, n: usize) {
        self.start = self.offset_of(n);
        self.count -= n;
        self.maybe_shrink();
    }

    /// Drops the last `n` elements (fewer than `count`).
    fn drop_back(&mut self, n: usize) {
        self.end = self.offset_of(self.count - n);
        self.count -= n;
        self.maybe_shrink();
    }
}

impl Clone for Chunk {
    /// A copy without the spare room: COPY and SORT results start compact.
    fn clone(&self) -> Chunk {
        let buf: Box<[u8]> = self.buf[self.start..self.end].into();
        Chunk {
            start: 0,
            end: buf.len(),
            buf,
            count: self.count,
        }
    }
}

/// A Redis list: elements in order, packed into chunks (see the module comment).
#[derive(Clone, Default)]
pub struct List {
    chunks: VecDeque<Chunk>,
    len: usize,
}

impl List {
    pub fn new() -> List {
        List::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many chunks hold the elements (the effort of freeing the list, as Redis counts it).
    pub fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    /// Heap bytes held: chunk buffers and the chunk table (MEMORY USAGE).
    pub fn allocated(&self) -> usize {
        self.chunks.capacity() * std::mem::size_of::<Chunk>()
            + self.chunks.iter().map(|c| c.buf.len()).sum::<usize>()
    }

    pub fn push_back(&mut self, e: &[u8], fill: Fill) {
        self.push_with_hint(e, false, fill, |_, _| 0);
    }

    pub fn push_front(&mut self, e: &[u8], fill: Fill) {
        self.push_with_hint(e, true, fill, |_, _| 0);
    }

    /// Pushes every element of `items` in turn at the back (RPUSH a b c), sizing each chunk's
    /// buffer for what is still to come instead of doubling its way there.
    pub fn extend_back<'a, I>(&mut self, items: I, fill: Fill)
    where
        I: IntoIterator<Item = &'a [u8]>,
        I::IntoIter: Clone,
    {
        self.extend(items.into_iter(), false, fill);
    }

    /// Pushes every element of `items` in turn at the front (LPUSH a b c leaves c first).
    pub fn extend_front<'a, I>(&mut self, items: I, fill: Fill)
    where
        I: IntoIterator<Item = &'a [u8]>,
        I::IntoIter: Clone,
    {
        self.extend(items.into_iter(), true, fill);
    }

    fn extend<'a, I>(&mut self, mut items: I, front: bool, fill: Fill)
    where
        I: Iterator<Item = &'a [u8]> + Clone,
    {
        while let Some(e) = items.next() {
            let rest = items.clone();
            self.push_with_hint(e, front, fill, move |slots, room| {
                // Bytes of the elements after `e` that the same chunk could still take.
                let mut bytes = 0;
                for x in rest.take(slots) {
                    let sz = packed_len(x.len());
                    if bytes + sz > room {
                        break;
                    }
                    bytes += sz;
                }
                bytes
            });
        }
    }

    /// Pushes `e` into the end chunk when it fits, else into a new chunk. `more(slots, room)`
    /// tells how many bytes of what is still to be pushed after `e` would follow it into the
    /// same chunk; it is asked only when a buffer must be sized, so a batch gets one buffer of
    /// the right size instead of doubling its way there.
    fn push_with_hint(
        &mut self,
        e: &[u8],
        front: bool,
        fill: Fill,
        more: impl FnOnce(usize, usize) -> usize,
    ) {
        let sz = packed_len(e.len());
        self.len += 1;
        let end = if front {
            self.chunks.front_mut()
        } else {
            self.chunks.back_mut()
        };
        if let Some(c) = end
            && c.fits(sz, fill)
        {
            let room = if front { c.start } else { c.buf.len() - c.end };
            if room < sz {
                let left = fill.bytes - c.used() - sz;
                let want = sz + more(fill.count - c.count - 1, left);
                c.reserve(want, front, fill.bytes);
            }
            return c.push(e, front, fill.bytes);
        }
        let cap = if sz > fill.bytes {
            sz
        } else {
            sz + more(fill.count.saturating_sub(1), fill.bytes - sz)
        };
        let chunk = Chunk::with(e, cap, front);
        if self.chunks.capacity() == 0 {
            // Most lists are one chunk: do not let the deque round its first table up to 4.
            self.chunks.reserve_exact(1);
        }
        if front {
            self.chunks.push_front(chunk);
        } else {
            self.chunks.push_back(chunk);
        }
    }

    /// Pops the first element, handing it to `f` while it still lies in its chunk (a reply
    /// copies it straight from there).
    pub fn pop_front_with<R>(&mut self, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
        let c = self.chunks.front_mut()?;
        let (ds, de, next) = read_next(&c.buf, c.start);
        let r = f(&c.buf[ds..de]);
        c.start = next;
        self.popped(0);
        Some(r)
    }

    /// Pops the last element, handing it to `f`.
    pub fn pop_back_with<R>(&mut self, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
        let c = self.chunks.back_mut()?;
        let (ds, de, prev) = read_prev(&c.buf, c.end);
        let r = f(&c.buf[ds..de]);
        c.end = prev;
        let last = self.chunks.len() - 1;
        self.popped(last);
        Some(r)
    }

    pub fn pop_front(&mut self) -> Option<Str> {
        self.pop_front_with(Str::from_slice)
    }

    pub fn pop_back(&mut self) -> Option<Str> {
        self.pop_back_with(Str::from_slice)
    }

    /// Bookkeeping after one element left chunk `ci` at one of its ends.
    #[inline]
    fn popped(&mut self, ci: usize) {
        self.len -= 1;
        let c = &mut self.chunks[ci];
        c.count -= 1;
        if c.count == 0 {
            self.chunks.remove(ci);
            self.shrink_table();
        } else {
            c.maybe_shrink();
        }
    }

    /// Gives back most of the chunk table once few of its slots are in use.
    fn shrink_table(&mut self) {
        if self.chunks.capacity() > 16 && self.chunks.len() * 4 < self.chunks.capacity() {
            self.chunks.shrink_to(self.chunks.len() * 2);
        }
    }

    /// (chunk, byte offset) of element `i`, walking the chunks from the nearer end.
    fn locate(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.len {
            return None;
        }
        if i < self.len / 2 {
            let mut k = i;
            for (ci, c) in self.chunks.iter().enumerate() {
                if k < c.count {
                    return Some((ci, c.offset_of(k)));
                }
                k -= c.count;
            }
        } else {
            let mut k = self.len - 1 - i;
            for (ci, c) in self.chunks.iter().enumerate().rev() {
                if k < c.count {
                    return Some((ci, c.offset_of(c.count - 1 - k)));
                }
                k -= c.count;
            }
        }
        None
    }

    /// Element `i` (from the head).
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let (ci, at) = self.locate(i)?;
        let c = &self.chunks[ci];
        let (ds, de, _) = read_next(&c.buf, at);
        Some(&c.buf[ds..de])
    }

    /// LSET: replaces element `i`; false if there is none.
    pub fn set(&mut self, i: usize, e: &[u8], fill: Fill) -> bool {
        let Some((ci, at)) = self.locate(i) else {
            return false;
        };
        let sz = packed_len(e.len());
        let c = &mut self.chunks[ci];
        let old = read_next(&c.buf, at).2 - at;
        if c.count == 1 || c.used() - old + sz <= fill.bytes {
            let hole = c.splice(at - c.start, old, sz, fill.bytes.max(c.used() - old + sz));
            write_elem(&mut c.buf, hole, e);
            c.maybe_shrink();
            return true;
        }
        // It no longer fits this chunk: take the old one out and insert the new one anew.
        self.remove_at(ci, at, fill);
        self.insert(i, e, fill);
        true
    }

    /// Inserts `e` so that it becomes element `i` (`i == len` appends). False if `i > len`.
    pub fn insert(&mut self, i: usize, e: &[u8], fill: Fill) -> bool {
        if i == 0 {
            self.push_front(e, fill);
            return true;
        }
        if i == self.len {
            self.push_back(e, fill);
            return true;
        }
        let Some((ci, at)) = self.locate(i) else {
            return false;
        };
        let sz = packed_len(e.len());
        self.len += 1;
        let c = &mut self.chunks[ci];
        if c.fits(sz, fill) {
            let hole = c.splice(at - c.start, 0, sz, fill.bytes);
            write_elem(&mut c.buf, hole, e);
            c.count += 1;
            return true;
        }
        // The chunk is full: after the previous chunk's last element when `e` goes between
        // two chunks, else split this one where `e` goes.
        let rel = at - c.start;
        if rel == 0 {
            if ci > 0 && self.chunks[ci - 1].fits(sz, fill) {
                self.chunks[ci - 1].push(e, false, fill.bytes);
            } else {
                self.chunks.insert(ci, Chunk::with(e, 0, false));
            }
            return true;
        }
        let right = c.split_off(rel);
        self.chunks.insert(ci + 1, right);
        if self.chunks[ci].fits(sz, fill) {
            self.chunks[ci].push(e, false, fill.bytes);
        } else if self.chunks[ci + 1].fits(sz, fill) {
            self.chunks[ci + 1].push(e, true, fill.bytes);
        } else {
            self.chunks.insert(ci + 1, Chunk::with(e, 0, false));
        }
        true
    }

    /// Removes the element at byte `at` of chunk `ci`, then tidies that chunk.
    fn remove_at(&mut self, ci: usize, at: usize, fill: Fill) {
        let c = &mut self.chunks[ci];
        let old = read_next(&c.buf, at).2 - at;
        c.splice(at - c.start, old, 0, fill.bytes);
        c.count -= 1;
        self.len -= 1;
        self.tidy(ci, ci + 1, fill);
    }

    /// LREM: removes up to `|count|` elements equal to `value` (all when 0), from the head
    /// when `count >= 0`, else from the tail. Returns how many.
    pub fn remove_matching(&mut self, value: &[u8], count: i64, fill: Fill) -> usize {
        let max = if count == 0 {
            usize::MAX
        } else {
            usize::try_from(count.unsigned_abs()).unwrap_or(usize::MAX)
        };
        let mut removed = 0;
        let (mut lo, mut hi) = (usize::MAX, 0);
        let n = self.chunks.len();
        for k in 0..n {
            if removed == max {
                break;
            }
            let ci = if count >= 0 { k } else { n - 1 - k };
            let c = &mut self.chunks[ci];
            let r = if count >= 0 {
                c.remove_forward(value, max - removed)
            } else {
                c.remove_backward(value, max - removed)
            };
            if r > 0 {
                removed += r;
                lo = lo.min(ci);
                hi = hi.max(ci + 1);
            }
        }
        self.len -= removed;
        if removed > 0 {
            self.tidy(lo, hi, fill);
        }
        removed
    }

    /// After deletions in chunks `lo..hi`: frees the empty ones, shrinks the rest and merges
    /// neighbours that fit together again, so deleting from the middle does not leave a trail
    /// of small chunks.
    fn tidy(&mut self, lo: usize, hi: usize, fill: Fill) {
        let mut ci = lo;
        let mut hi = hi.min(self.chunks.len());
        while ci < hi {
            if self.chunks[ci].count == 0 {
                self.chunks.remove(ci);
                hi -= 1;
            } else {
                self.chunks[ci].maybe_shrink();
                ci += 1;
            }
        }
        // Merge across the touched range and with one neighbour on each side.
        let mut ci = lo.saturating_sub(1);
        let stop = (hi + 1).min(self.chunks.len());
        let mut stop = stop;
        while ci + 1 < stop {
            if self.mergeable(ci, fill) {
                self.merge(ci, fill);
                stop -= 1;
            } else {
                ci += 1;
            }
        }
        self.shrink_table();
    }

    /// Whether chunks `a` and `a + 1` fit in one, with a quarter to spare so that an insert
    /// right after does not split them again.
    fn mergeable(&self, a: usize, fill: Fill) -> bool {
        let (x, y) = (&self.chunks[a], &self.chunks[a + 1]);
        x.count + y.count <= fill.count && x.used() + y.used() <= fill.bytes - fill.bytes / 4
    }

    /// Appends chunk `a + 1`'s elements to chunk `a`.
    fn merge(&mut self, a: usize, fill: Fill) {
        let Some(y) = self.chunks.remove(a + 1) else {
            return;
        };
        let x = &mut self.chunks[a];
        x.reserve(y.used(), false, fill.bytes);
        x.buf[x.end..x.end + y.used()].copy_from_slice(&y.buf[y.start..y.end]);
        x.end += y.used();
        x.count += y.count;
    }

    /// LTRIM: keeps elements `start..=end` (already inside the list), dropping the rest.
    pub fn trim(&mut self, start: usize, end: usize) {
        if start > end || end >= self.len {
            return self.clear();
        }
        self.truncate(end + 1);
        self.drop_front(start);
    }

    /// Drops the first `n` elements (all of them if `n >= len`).
    pub fn drop_front(&mut self, mut n: usize) {
        n = n.min(self.len);
        self.len -= n;
        while n > 0 {
            let Some(c) = self.chunks.front_mut() else {
                break;
            };
            if c.count <= n {
                n -= c.count;
                self.chunks.pop_front();
            } else {
                c.drop_front(n);
                n = 0;
            }
        }
        self.shrink_table();
    }

    /// Keeps the first `keep` elements.
    pub fn truncate(&mut self, keep: usize) {
        let mut n = self.len.saturating_sub(keep);
        self.len -= n;
        while n > 0 {
            let Some(c) = self.chunks.back_mut() else {
                break;
            };
            if c.count <= n {
                n -= c.count;
                self.chunks.pop_back();
            } else {
                c.drop_back(n);
                n = 0;
            }
        }
        self.shrink_table();
    }

    pub fn clear(&mut self) {
        *self = List::new();
    }

    /// Every element, head to tail (`.rev()` for tail to head).
    pub fn iter(&self) -> Iter<'_> {
        let back = self.chunks.back().map(|c| (self.chunks.len() - 1, c.end));
        Iter::new(self, 0, self.len, back)
    }

    /// Elements `start..=end` (positions inside the list; empty if not), either direction.
    pub fn range(&self, start: usize, end: usize) -> Iter<'_> {
        if start > end || end >= self.len {
            return Iter::new(self, 0, 0, None);
        }
        Iter::new(self, start, end + 1 - start, None)
    }
}

impl<T: AsRef<[u8]>> FromIterator<T> for List {
    /// A list of `items` in chunks of Redis's default size.
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> List {
        let mut l = List::new();
        for e in items {
            l.push_back(e.as_ref(), Fill::default());
        }
        l
    }
}

impl PartialEq for List {
    fn eq(&self, other: &List) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for List {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(String::from_utf8_lossy))
            .finish()
    }
}

/// Walks a list (or a range of it) from both ends. The front cursor keeps its chunk's bytes
/// at hand (LRANGE's loop); the back cursor is found only when first asked for.
#[derive(Clone)]
pub struct Iter<'a> {
    list: &'a List,
    /// Chunk of the front cursor, its bytes up to its end, and the offset of the next element.
    front_chunk: usize,
    front_buf: &'a [u8],
    front_at: usize,
    /// (chunk, offset just past the element) of the back cursor, once located.
    back: Option<(usize, usize)>,
    /// Index of the first element after the range (where the back cursor starts).
    end: usize,
    left: usize,
}

impl<'a> Iter<'a> {
    fn new(list: &'a List, start: usize, count: usize, back: Option<(usize, usize)>) -> Iter<'a> {
        let (front_chunk, front_buf, front_at) = match list.locate(start) {
            Some((ci, at)) if count > 0 => {
                let c = &list.chunks[ci];
                (ci, &c.buf[..c.end], at)
            }
            _ => (0, &[][..], 0),
        };
        Iter {
            list,
            front_chunk,
            front_buf,
            front_at,
            back,
            end: start + count,
            left: count,
        }
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        if self.left == 0 {
            return None;
        }
        if self.front_at == self.front_buf.len() {
            self.front_chunk += 1;
            let c = &self.list.chunks[self.front_chunk];
            self.front_buf = &c.buf[..c.end];
            self.front_at = c.start;
        }
        let (ds, de, next) = read_next(self.front_buf, self.front_at);
        self.front_at = next;
        self.left -= 1;
        Some(&self.front_buf[ds..de])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        let chunks = &self.list.chunks;
        let (mut ci, mut at) = match self.back {
            Some(b) => b,
            None => {
                let (ci, at) = self.list.locate(self.end - 1)?;
                (ci, read_next(&chunks[ci].buf, at).2)
            }
        };
        if at == chunks[ci].start {
            ci -= 1;
            at = chunks[ci].end;
        }
        let c = &chunks[ci];
        let (ds, de, prev) = read_prev(&c.buf, at);
        self.back = Some((ci, prev));
        self.left -= 1;
        Some(&c.buf[ds..de])
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::Rng;

    /// Checks the list against the model and its own invariants.
    fn check(l: &List, model: &VecDeque<Vec<u8>>, fill: Fill) {
        assert_eq!(l.len(), model.len());
        assert_eq!(l.chunks.iter().map(|c| c.count).sum::<usize>(), model.len());
        for c in &l.chunks {
            assert!(c.count > 0, "empty chunk kept");
            assert!(c.start <= c.end && c.end <= c.buf.len());
            let mut n = 0;
            let mut p = c.start;
            while p < c.end {
                p = read_next(&c.buf, p).2;
                n += 1;
            }
            assert_eq!(p, c.end);
            assert_eq!(n, c.count);
            assert!(
                c.count == 1 || c.used() <= fill.bytes,
                "chunk over its limit"
            );
            assert!(c.count <= fill.count.max(1));
        }
        assert!(l.iter().eq(model.iter().map(|v| &v[..])));
        assert!(l.iter().rev().eq(model.iter().rev().map(|v| &v[..])));
    }

    fn elem(rng: &mut Rng, big: usize) -> Vec<u8> {
        let n = match rng.below(20) {
            0 => big + rng.below(big),
            1..=3 => 100 + rng.below(300),
            _ => rng.below(12),
        };
        (0..n).map(|i| b'a' + ((i + n) % 7) as u8).collect()
    }

    fn run(seed_ops: usize, fill: Fill, big: usize) {
        let mut rng = Rng::new();
        let mut l = List::new();
        let mut m: VecDeque<Vec<u8>> = VecDeque::new();
        let mut max_chunks = 0;
        for step in 0..seed_ops {
            let len = m.len();
            match rng.below(14) {
                0 | 1 => {
                    let e = elem(&mut rng, big);
                    l.push_back(&e, fill);
                    m.push_back(e);
                }
                2 | 3 => {
                    let e = elem(&mut rng, big);
                    l.push_front(&e, fill);
                    m.push_front(e);
                }
                4 => {
                    let items: Vec<Vec<u8>> =
                        (0..rng.below(40)).map(|_| elem(&mut rng, big)).collect();
                    let front = rng.below(2) == 0;
                    if front {
                        l.extend_front(items.iter().map(|v| &v[..]), fill);
                        items.into_iter().for_each(|v| m.push_front(v));
                    } else {
                        l.extend_back(items.iter().map(|v| &v[..]), fill);
                        m.extend(items);
                    }
                }
                5 => assert_eq!(l.pop_front().map(|s| s.to_vec()), m.pop_front()),
                6 => assert_eq!(l.pop_back().map(|s| s.to_vec()), m.pop_back()),
                7 if len > 0 => {
                    let i = rng.below(len);
                    let e = elem(&mut rng, big);
                    assert!(l.set(i, &e, fill));
                    m[i] = e;
                }
                8 => {
                    let i = rng.below(len + 1);
                    let e = elem(&mut rng, big);
                    assert!(l.insert(i, &e, fill));
                    m.insert(i, e);
                }
                9 if len > 0 => {
                    let v = m[rng.below(len)].clone();
                    let count = rng.below(5) as i64 - 2;
                    let want = if count == 0 {
                        usize::MAX
                    } else {
                        count.unsigned_abs() as usize
                    };
                    let mut removed = 0;
                    if count >= 0 {
                        let mut i = 0;
                        while i < m.len() && removed < want {
                            if m[i] == v {
                                m.remove(i);
                                removed += 1;
                            } else {
                                i += 1;
                            }
                        }
                    } else {
                        let mut i = m.len();
                        while i > 0 && removed < want {
                            i -= 1;
                            if m[i] == v {
                                m.remove(i);
                                removed += 1;
                            }
                        }
                    }
                    assert_eq!(l.remove_matching(&v, count, fill), removed);
                }
                10 if len > 0 && rng.below(4) == 0 => {
                    let s = rng.below(len);
                    let e = s + rng.below(len - s);
                    l.trim(s, e);
                    m.truncate(e + 1);
                    m.drain(..s);
                }
                11 if len > 0 => {
                    let s = rng.below(len);
                    let e = s + rng.below(len - s);
                    assert!(l.range(s, e).eq(m.range(s..=e).map(|v| &v[..])));
                    assert!(l.range(s, e).rev().eq(m.range(s..=e).rev().map(|v| &v[..])));
                }
                12 => {
                    let i = rng.below(len + 2);
                    assert_eq!(l.get(i), m.get(i).map(|v| &v[..]));
                }
                _ => {
                    let c = l.clone();
                    assert_eq!(c, l);
                }
            }
            if step % 7 == 0 {
                check(&l, &m, fill);
            }
            max_chunks = max_chunks.max(l.chunk_count());
        }
        check(&l, &m, fill);
        // The sequence must have crossed chunk boundaries to test anything.
        assert!(max_chunks >= 4, "only {max_chunks} chunks");
    }

    #[test]
    fn matches_a_vecdeque_model() {
        for _ in 0..4 {
            run(4000, Fill::default(), 9000);
            run(4000, Fill::from_config(-1), 5000);
            run(3000, Fill::from_config(4), 300);
            run(3000, Fill::from_config(1), 50);
            run(2000, Fill::from_config(0), 20);
        }
    }

    #[test]
    fn lengths_read_back_from_both_ends() {
        for n in [0, 1, 127, 128, 300, 16383, 16384, 70000] {
            let e = vec![7u8; n];
            let mut buf = vec![0u8; packed_len(n) + 3];
            let end = write_elem(&mut buf, 1, &e);
            assert_eq!(end, 1 + packed_len(n));
            let (ds, de, next) = read_next(&buf, 1);
            assert_eq!((de - ds, next), (n, end));
            let (ds2, de2, start) = read_prev(&buf, end);
            assert_eq!((ds2, de2, start), (ds, de, 1));
        }
    }

    #[test]
    fn big_lists_are_compact() {
        let mut l = List::new();
        let fill = Fill::default();
        for i in 0..100_000u32 {
            l.push_back(format!("{i:016}").as_bytes(), fill);
        }
        // 18 bytes per element packed, plus a little per chunk.
        let per = l.allocated() as f64 / 100_000.0;
        assert!(per < 19.0, "{per} bytes per element");
        // Draining from the head frees chunks as they empty.
        l.drop_front(99_990);
        assert!(l.allocated() < 1024, "{}", l.allocated());
        // Deleting most of the middle merges what is left.
        let mut l = List::new();
        for i in 0..10_000u32 {
            l.push_back(format!("{:016}", i % 10).as_bytes(), fill);
        }
        let before = l.chunk_count();
        for v in 1..10u32 {
            l.remove_matching(format!("{v:016}").as_bytes(), 0, fill);
        }
        assert_eq!(l.len(), 1000);
        assert!(
            l.chunk_count() * 4 < before,
            "{} of {before}",
            l.chunk_count()
        );
    }

    #[test]
    fn small_lists_are_one_tight_chunk() {
        let mut l = List::new();
        let items: Vec<String> = (0..10).map(|i| format!("e{i}")).collect();
        l.extend_back(items.iter().map(|s| s.as_bytes()), Fill::default());
        assert_eq!(l.chunk_count(), 1);
        assert_eq!(l.allocated(), 40 + std::mem::size_of::<Chunk>());
    }
}
