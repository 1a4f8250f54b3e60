//! The large form of a sorted set: members in a dense `Vec`, a member -> position hash index,
//! and an order-statistic B+tree of (score, position) entries.
//!
//! Redis keeps a skiplist with spans next to a dict. Here every member is stored once, in
//! `members`; the hash index is a `HashTable<u32>` of positions (4 bytes a member) and the tree
//! holds 12-byte (score, position) entries in leaves of up to `LEAF`, ordered by score and then
//! member bytes (only ties on the score read a member). Inner nodes keep, per child, its element
//! count, so ZADD, ZREM, ZRANK, "element at rank k" and "how many elements lie below a bound" are
//! O(log n) with a few wide nodes per walk (depth 4 at 10^6 members) instead of ~25 dependent
//! cache misses down a binary tree. Leaves are linked both ways, so iterating from a rank costs
//! O(1) per element.
//!
//! An inner node's separators are exact: separator i is the least entry under child i+1, a real
//! element (score and position). So a separator can be compared with the member it names, and
//! must follow it: deleting a subtree's least element rewrites its one copy (in the lowest
//! ancestor where the walk turned right) to the successor, and moving an element to another
//! position rewrites its entry and copy, both on its own search path.
//!
//! Removal moves the last member into the hole (`swap_remove`), so the `Vec` stays dense: a
//! random member is one random position (ZRANDMEMBER), and ZSCAN can walk positions downwards the
//! way `Db::scan` does, with the same guarantee (a member present all along is returned).
//!
//! Nodes are filled between half and full. A full leaf first evens out with a sibling that has
//! room, so leaves filled in random order end up ~83% full, and a split at the very end (or
//! start) of the order leaves the old node full, so members added in score order (timestamps,
//! counters) pack leaves completely. A member costs 40 bytes (up to 24 bytes of it inline), 12-15
//! bytes of leaf and ~5-10 bytes of index: about half of what Redis's skiplist + dict spend.
use crate::db::Key as Name;
use hashbrown::HashTable;
use std::hash::BuildHasher;

const NIL: u32 = u32::MAX;
/// Entries per leaf: a leaf is ~800 bytes; its scores are searched first, positions only on ties.
const LEAF: usize = 64;
/// Children per inner node.
const FANOUT: usize = 64;
const MIN_LEAF: usize = LEAF / 2;
const MIN_FANOUT: usize = FANOUT / 2;
/// Inner levels above the leaves. Every inner node but the first and last of its level has at
/// least `MIN_FANOUT` children (so has every node under it), so 2^32 elements need at most 7.
const MAX_HEIGHT: usize = 10;

#[derive(Clone)]
struct Elem {
    member: Name,
    score: f64,
}

#[derive(Clone)]
struct Leaf {
    /// Sorted; +inf past `len`, so a search needs no length (see `count_below`).
    score: [f64; LEAF],
    pos: [u32; LEAF],
    len: u32,
    prev: u32,
    /// The next leaf in order; for a free leaf, the next free one.
    next: u32,
}

#[derive(Clone)]
struct Inner {
    /// Separator `k` is the least entry under child `k + 1`; +inf past the last one (there are
    /// `len - 1`, so the last slot is always +inf).
    sep_score: [f64; FANOUT],
    sep_pos: [u32; FANOUT],
    /// For a free node, `child[0]` is the next free one.
    child: [u32; FANOUT],
    /// Elements under each child.
    count: [u32; FANOUT],
    len: u32,
}

impl Leaf {
    const EMPTY: Leaf = Leaf {
        score: [f64::INFINITY; LEAF],
        pos: [0; LEAF],
        len: 0,
        prev: NIL,
        next: NIL,
    };

    /// Entries ordered at or before `key`.
    #[inline(always)]
    fn count_le(&self, members: &[Elem], key: &Key) -> usize {
        search(&self.score, &self.pos, self.len as usize, members, key)
    }

    /// Index of the entry (score `s`, position `p`), which must be here.
    fn find(&self, s: f64, p: u32) -> usize {
        let mut j = count_below(&self.score, s);
        while self.pos[j] != p {
            j += 1;
        }
        j
    }

    fn insert_at(&mut self, j: usize, s: f64, p: u32) {
        let n = self.len as usize;
        self.score.copy_within(j..n, j + 1);
        self.pos.copy_within(j..n, j + 1);
        self.score[j] = s;
        self.pos[j] = p;
        self.len += 1;
    }

    fn remove_at(&mut self, j: usize) {
        let n = self.len as usize;
        self.score.copy_within(j + 1..n, j);
        self.pos.copy_within(j + 1..n, j);
        self.score[n - 1] = f64::INFINITY;
        self.len -= 1;
    }

    /// Restores the +inf padding after `len` shrank.
    fn pad(&mut self) {
        self.score[self.len as usize..].fill(f64::INFINITY);
    }

    fn first(&self) -> (f64, u32) {
        (self.score[0], self.pos[0])
    }
}

impl Inner {
    const EMPTY: Inner = Inner {
        sep_score: [f64::INFINITY; FANOUT],
        sep_pos: [0; FANOUT],
        child: [NIL; FANOUT],
        count: [0; FANOUT],
        len: 0,
    };

    /// The child whose range holds `key`: the number of separators at or before it.
    #[inline(always)]
    fn child_for(&self, members: &[Elem], key: &Key) -> usize {
        search(
            &self.sep_score,
            &self.sep_pos,
            self.len as usize - 1,
            members,
            key,
        )
    }

    /// Restores the +inf padding after `len` shrank.
    fn pad(&mut self) {
        self.sep_score[self.len as usize - 1..].fill(f64::INFINITY);
    }

    /// Elements under the children before `i`.
    fn below(&self, i: usize) -> usize {
        // Fits: a set holds fewer than 2^32 elements.
        self.count[..i].iter().sum::<u32>() as usize
    }

    fn set_sep(&mut self, k: usize, (s, p): (f64, u32)) {
        self.sep_score[k] = s;
        self.sep_pos[k] = p;
    }

    /// Inserts child `c` (with `n` elements, least entry `sep`) at index `i` >= 1.
    fn insert_child(&mut self, i: usize, sep: (f64, u32), c: u32, n: u32) {
        let len = self.len as usize;
        self.child.copy_within(i..len, i + 1);
        self.count.copy_within(i..len, i + 1);
        self.sep_score.copy_within(i - 1..len - 1, i);
        self.sep_pos.copy_within(i - 1..len - 1, i);
        self.child[i] = c;
        self.count[i] = n;
        self.set_sep(i - 1, sep);
        self.len += 1;
    }

    /// Removes child `i` >= 1 and the separator before it.
    fn remove_child(&mut self, i: usize) {
        let len = self.len as usize;
        self.child.copy_within(i + 1..len, i);
        self.count.copy_within(i + 1..len, i);
        self.sep_score.copy_within(i..len - 1, i - 1);
        self.sep_pos.copy_within(i..len - 1, i - 1);
        self.sep_score[len - 2] = f64::INFINITY;
        self.len -= 1;
    }
}

/// A search key: the element (score, member), which is at position `pos` if present.
struct Key<'a> {
    score: f64,
    member: &'a [u8],
    pos: u32,
}

/// How many of the first `n` entries (`scores`, `pos`), sorted and padded, order at or before
/// `key`. Scores decide alone unless some tie with the key's (`-0` and `0` tie, as in Redis);
/// only then are members read.
#[inline(always)]
fn search<const N: usize>(
    scores: &[f64; N],
    pos: &[u32; N],
    n: usize,
    members: &[Elem],
    key: &Key,
) -> usize {
    let lo = count_below(scores, key.score);
    if lo >= n || scores[lo] != key.score {
        return lo;
    }
    let le = |&p: &u32| p == key.pos || members[p as usize].member.as_slice() <= key.member;
    if lo + 1 == n || scores[lo + 1] != key.score {
        return lo + usize::from(le(&pos[lo]));
    }
    let hi = lo + scores[lo..n].partition_point(|&s| s == key.score);
    lo + pos[lo..hi].partition_point(le)
}

/// How many scores of `a` are below `s`. `a` is sorted and its unused tail is +inf, and `N` is
/// a power of two: log2(N) + 1 branch-free probes, the same whatever the length.
#[inline]
fn count_below<const N: usize>(a: &[f64; N], s: f64) -> usize {
    let mut i = 0;
    let mut step = N / 2;
    while step > 0 {
        if a[(i + step - 1) & (N - 1)] < s {
            i += step;
        }
        step /= 2;
    }
    i + usize::from(a[i & (N - 1)] < s)
}

/// How many of `pred(0..n)` hold, `pred` holding on a prefix: `count_below` for any predicate.
#[inline(always)]
fn probe<const N: usize>(n: usize, mut pred: impl FnMut(usize) -> bool) -> usize {
    let mut i = 0;
    let mut step = N / 2;
    while step > 0 {
        let k = i + step - 1;
        if k < n && pred(k & (N - 1)) {
            i += step;
        }
        step /= 2;
    }
    i + usize::from(i < n && pred(i & (N - 1)))
}

/// Two distinct elements of `v`, mutably.
fn two<T>(v: &mut [T], a: u32, b: u32) -> (&mut T, &mut T) {
    let (a, b) = (a as usize, b as usize);
    if a < b {
        let (l, r) = v.split_at_mut(b);
        (&mut l[a], &mut r[0])
    } else {
        let (l, r) = v.split_at_mut(a);
        (&mut r[0], &mut l[b])
    }
}

/// The B+tree proper: nodes in two arenas, linked by `u32` ids, with free lists.
#[derive(Clone)]
struct Order {
    leaves: Vec<Leaf>,
    inners: Vec<Inner>,
    free_leaf: u32,
    free_inner: u32,
    /// A leaf while `height` is 0, else an inner node.
    root: u32,
    /// Inner levels above the leaves.
    height: usize,
}

/// The walk down to a leaf: (inner node, child taken) per level.
type Path = [(u32, u32); MAX_HEIGHT];

impl Order {
    /// A tree holding the sorted `entries`, leaves and inner nodes full (the last ones of each
    /// level may hold less).
    fn build(entries: &[(f64, u32)]) -> Order {
        let mut o = Order {
            leaves: Vec::with_capacity(entries.len().div_ceil(LEAF).max(1)),
            inners: Vec::new(),
            free_leaf: NIL,
            free_inner: NIL,
            root: 0,
            height: 0,
        };
        if entries.is_empty() {
            o.leaves.push(Leaf::EMPTY);
            return o;
        }
        // (node, elements under it, least entry) for the level being built on.
        let mut level: Vec<(u32, u32, (f64, u32))> = Vec::new();
        let n_leaves = entries.len().div_ceil(LEAF);
        for (i, chunk) in entries.chunks(LEAF).enumerate() {
            let mut l = Leaf::EMPTY;
            for (k, &(s, p)) in chunk.iter().enumerate() {
                l.score[k] = s;
                l.pos[k] = p;
            }
            l.len = chunk.len() as u32;
            l.prev = if i > 0 { i as u32 - 1 } else { NIL };
            l.next = if i + 1 < n_leaves { i as u32 + 1 } else { NIL };
            o.leaves.push(l);
            level.push((i as u32, chunk.len() as u32, chunk[0]));
        }
        while level.len() > 1 {
            let mut up = Vec::with_capacity(level.len().div_ceil(FANOUT));
            let mut start = 0;
            while start < level.len() {
                let mut end = (start + FANOUT).min(level.len());
                if level.len() - end == 1 {
                    // Leave the last node two children rather than one.
                    end -= 1;
                }
                let mut n = Inner::EMPTY;
                for (k, &(c, count, least)) in level[start..end].iter().enumerate() {
                    n.child[k] = c;
                    n.count[k] = count;
                    if k > 0 {
                        n.set_sep(k - 1, least);
                    }
                }
                n.len = (end - start) as u32;
                let id = o.inners.len() as u32;
                o.inners.push(n);
                let total = level[start..end].iter().map(|e| e.1).sum();
                up.push((id, total, level[start].2));
                start = end;
            }
            level = up;
            o.height += 1;
        }
        o.root = level[0].0;
        o
    }

    fn alloc_leaf(&mut self) -> u32 {
        if self.free_leaf != NIL {
            let id = self.free_leaf;
            self.free_leaf = self.leaves[id as usize].next;
            self.leaves[id as usize] = Leaf::EMPTY;
            return id;
        }
        self.leaves.push(Leaf::EMPTY);
        u32::try_from(self.leaves.len() - 1).expect("sorted set too large")
    }

    fn free_leaf(&mut self, id: u32) {
        let l = &mut self.leaves[id as usize];
        (l.len, l.prev, l.next) = (0, NIL, self.free_leaf);
        self.free_leaf = id;
    }

    fn alloc_inner(&mut self) -> u32 {
        if self.free_inner != NIL {
            let id = self.free_inner;
            self.free_inner = self.inners[id as usize].child[0];
            self.inners[id as usize] = Inner::EMPTY;
            return id;
        }
        self.inners.push(Inner::EMPTY);
        u32::try_from(self.inners.len() - 1).expect("sorted set too large")
    }

    fn free_inner(&mut self, id: u32) {
        let n = &mut self.inners[id as usize];
        (n.len, n.child[0]) = (0, self.free_inner);
        self.free_inner = id;
    }

    /// The leaf holding the least entry.
    fn first_leaf(&self) -> u32 {
        let mut t = self.root;
        for _ in 0..self.height {
            t = self.inners[t as usize].child[0];
        }
        t
    }

    /// Adds the entry for `key`, which is not in the tree.
    fn insert(&mut self, members: &[Elem], key: &Key) {
        let mut path: Path = [(0, 0); MAX_HEIGHT];
        let mut t = self.root;
        for step in &mut path[..self.height] {
            let n = &mut self.inners[t as usize];
            let i = n.child_for(members, key);
            n.count[i] += 1;
            *step = (t, i as u32);
            t = n.child[i];
        }
        let leaf = &mut self.leaves[t as usize];
        let j = leaf.count_le(members, key);
        if (leaf.len as usize) < LEAF {
            leaf.insert_at(j, key.score, key.pos);
            return;
        }
        // Split: of the LEAF + 1 entries, the first `c` stay.
        let c = if j == LEAF && leaf.next == NIL {
            LEAF
        } else if j == 0 && leaf.prev == NIL {
            1
        } else {
            if self.height > 0 && self.spill(members, key, &path) {
                return;
            }
            LEAF.div_ceil(2)
        };
        let r = self.alloc_leaf();
        let (l, rl) = two(&mut self.leaves, t, r);
        let from = if j < c { c - 1 } else { c };
        let moved = LEAF - from;
        rl.score[..moved].copy_from_slice(&l.score[from..]);
        rl.pos[..moved].copy_from_slice(&l.pos[from..]);
        (rl.len, l.len) = (moved as u32, from as u32);
        if j < c {
            l.insert_at(j, key.score, key.pos);
        } else {
            rl.insert_at(j - c, key.score, key.pos);
        }
        l.pad();
        (rl.prev, rl.next, l.next) = (t, l.next, r);
        let next = rl.next;
        let mut sep = rl.first();
        if next != NIL {
            self.leaves[next as usize].prev = r;
        }
        let (mut new, mut counts) = (r, (c as u32, (LEAF + 1 - c) as u32));
        for level in (0..self.height).rev() {
            let (p, i) = (path[level].0, path[level].1 as usize);
            let last = path[..level]
                .iter()
                .all(|&(q, k)| k + 1 == self.inners[q as usize].len);
            let first = path[..level].iter().all(|&(_, k)| k == 0);
            let n = &mut self.inners[p as usize];
            n.count[i] = counts.0;
            if (n.len as usize) < FANOUT {
                n.insert_child(i + 1, sep, new, counts.1);
                return;
            }
            // Split: of the FANOUT + 1 children (`new` at i + 1), the first `c` stay.
            let c = if i + 1 == FANOUT && last {
                FANOUT - 1
            } else if i == 0 && first {
                2
            } else {
                FANOUT.div_ceil(2)
            };
            let mut child = [0u32; FANOUT + 1];
            let mut count = [0u32; FANOUT + 1];
            let mut seps = [(0f64, 0u32); FANOUT];
            for k in 0..FANOUT {
                let at = k + usize::from(k > i);
                child[at] = n.child[k];
                count[at] = n.count[k];
            }
            (child[i + 1], count[i + 1]) = (new, counts.1);
            for k in 0..FANOUT - 1 {
                seps[k + usize::from(k >= i)] = (n.sep_score[k], n.sep_pos[k]);
            }
            seps[i] = sep;
            n.child[..c].copy_from_slice(&child[..c]);
            n.count[..c].copy_from_slice(&count[..c]);
            for (k, &s) in seps[..c - 1].iter().enumerate() {
                n.set_sep(k, s);
            }
            n.len = c as u32;
            n.pad();
            let q = self.alloc_inner();
            let m = &mut self.inners[q as usize];
            m.child[..FANOUT + 1 - c].copy_from_slice(&child[c..]);
            m.count[..FANOUT + 1 - c].copy_from_slice(&count[c..]);
            for (k, &s) in seps[c..].iter().enumerate() {
                m.set_sep(k, s);
            }
            m.len = (FANOUT + 1 - c) as u32;
            sep = seps[c - 1];
            new = q;
            counts = (count[..c].iter().sum(), count[c..].iter().sum());
        }
        let r = self.alloc_inner();
        let n = &mut self.inners[r as usize];
        (n.child[0], n.child[1]) = (self.root, new);
        (n.count[0], n.count[1]) = counts;
        n.set_sep(0, sep);
        n.len = 2;
        self.root = r;
        self.height += 1;
    }

    /// Adds the entry for `key` after evening out its full leaf (at the end of `path`) with a
    /// sibling that has room, if one has: leaves filled in random order end up ~83% full
    /// rather than ~69%, for ~10% more instructions per insert.
    fn spill(&mut self, members: &[Elem], key: &Key, path: &Path) -> bool {
        let (p, i) = path[self.height - 1];
        let (n, i) = (&self.inners[p as usize], i as usize);
        let room = |c: usize| self.leaves[n.child[c] as usize].len as usize + 2 <= LEAF;
        let a = if i > 0 && room(i - 1) {
            i - 1
        } else if i + 1 < n.len as usize && room(i + 1) {
            i
        } else {
            return false;
        };
        // A full leaf and one with room: evened out, not merged. The counts now leave `key`
        // out; it goes to whichever of the two leaves its order says.
        self.fix_leaves(p, a);
        let n = &mut self.inners[p as usize];
        let i = n.child_for(members, key);
        n.count[i] += 1;
        let leaf = &mut self.leaves[n.child[i] as usize];
        let j = leaf.count_le(members, key);
        leaf.insert_at(j, key.score, key.pos);
        true
    }

    /// Removes the entry for `key`, which is in the tree.
    fn remove(&mut self, members: &[Elem], key: &Key) {
        let mut path: Path = [(0, 0); MAX_HEIGHT];
        // The lowest separator on the path, the only place the leaf's least entry is copied to.
        let mut copy = None;
        let mut t = self.root;
        for step in &mut path[..self.height] {
            let n = &mut self.inners[t as usize];
            let i = n.child_for(members, key);
            n.count[i] -= 1;
            if i > 0 {
                copy = Some((t, i - 1));
            }
            *step = (t, i as u32);
            t = n.child[i];
        }
        let leaf = &mut self.leaves[t as usize];
        let j = leaf.find(key.score, key.pos);
        leaf.remove_at(j);
        let len = leaf.len as usize;
        // A leaf left empty is at an end of the order (others hold at least MIN_LEAF): the first
        // leaf's least entry has no copy, and the last leaf's copy is its parent's separator,
        // which goes with it.
        if let (0, Some((n, k)), true) = (j, copy, len > 0) {
            let least = leaf.first();
            self.inners[n as usize].set_sep(k, least);
        }
        if len < MIN_LEAF && self.height > 0 {
            self.rebalance(&path);
        }
    }

    /// Refills the underfull leaf at the end of `path`, then its ancestors as needed.
    fn rebalance(&mut self, path: &Path) {
        let mut level = self.height - 1;
        let (p, i) = path[level];
        if !self.fix_leaves(p, (i as usize).saturating_sub(1)) {
            return;
        }
        loop {
            let (p, _) = path[level];
            let len = self.inners[p as usize].len as usize;
            if level == 0 {
                if len == 1 {
                    self.root = self.inners[p as usize].child[0];
                    self.height -= 1;
                    self.free_inner(p);
                }
                return;
            }
            if len >= MIN_FANOUT {
                return;
            }
            level -= 1;
            let (g, i) = path[level];
            if !self.fix_inners(g, (i as usize).saturating_sub(1)) {
                return;
            }
        }
    }

    /// Merges or evens out the leaves under children `a` and `a + 1` of `p`; true if merged.
    fn fix_leaves(&mut self, p: u32, a: usize) -> bool {
        let n = &self.inners[p as usize];
        let (xi, yi) = (n.child[a], n.child[a + 1]);
        let (x, y) = two(&mut self.leaves, xi, yi);
        let (xl, yl) = (x.len as usize, y.len as usize);
        if xl + yl <= LEAF {
            x.score[xl..xl + yl].copy_from_slice(&y.score[..yl]);
            x.pos[xl..xl + yl].copy_from_slice(&y.pos[..yl]);
            x.len += yl as u32;
            x.next = y.next;
            let next = y.next;
            if next != NIL {
                self.leaves[next as usize].prev = xi;
            }
            self.free_leaf(yi);
            let n = &mut self.inners[p as usize];
            n.count[a] += n.count[a + 1];
            n.remove_child(a + 1);
            return true;
        }
        if xl > yl {
            let k = (xl - yl) / 2;
            y.score.copy_within(..yl, k);
            y.pos.copy_within(..yl, k);
            y.score[..k].copy_from_slice(&x.score[xl - k..xl]);
            y.pos[..k].copy_from_slice(&x.pos[xl - k..xl]);
            x.score[xl - k..xl].fill(f64::INFINITY);
            x.len -= k as u32;
            y.len += k as u32;
        } else {
            let k = (yl - xl) / 2;
            x.score[xl..xl + k].copy_from_slice(&y.score[..k]);
            x.pos[xl..xl + k].copy_from_slice(&y.pos[..k]);
            y.score.copy_within(k..yl, 0);
            y.pos.copy_within(k..yl, 0);
            y.score[yl - k..yl].fill(f64::INFINITY);
            x.len += k as u32;
            y.len -= k as u32;
        }
        let (xl, yl, least) = (x.len, y.len, y.first());
        let n = &mut self.inners[p as usize];
        (n.count[a], n.count[a + 1]) = (xl, yl);
        n.set_sep(a, least);
        false
    }

    /// Merges or evens out the inner nodes under children `a` and `a + 1` of `g`; true if
    /// merged. Children move through `g`: its separator goes down, the one at the new boundary
    /// goes up.
    fn fix_inners(&mut self, g: u32, a: usize) -> bool {
        let n = &self.inners[g as usize];
        let (xi, yi) = (n.child[a], n.child[a + 1]);
        let sep = (n.sep_score[a], n.sep_pos[a]);
        let (x, y) = two(&mut self.inners, xi, yi);
        let (xl, yl) = (x.len as usize, y.len as usize);
        if xl + yl <= FANOUT {
            x.child[xl..xl + yl].copy_from_slice(&y.child[..yl]);
            x.count[xl..xl + yl].copy_from_slice(&y.count[..yl]);
            x.set_sep(xl - 1, sep);
            x.sep_score[xl..xl + yl - 1].copy_from_slice(&y.sep_score[..yl - 1]);
            x.sep_pos[xl..xl + yl - 1].copy_from_slice(&y.sep_pos[..yl - 1]);
            x.len += yl as u32;
            self.free_inner(yi);
            let n = &mut self.inners[g as usize];
            n.count[a] += n.count[a + 1];
            n.remove_child(a + 1);
            return true;
        }
        let up = if xl > yl {
            // x's last k children go to the front of y.
            let k = (xl - yl) / 2;
            y.child.copy_within(..yl, k);
            y.count.copy_within(..yl, k);
            y.sep_score.copy_within(..yl - 1, k);
            y.sep_pos.copy_within(..yl - 1, k);
            y.child[..k].copy_from_slice(&x.child[xl - k..xl]);
            y.count[..k].copy_from_slice(&x.count[xl - k..xl]);
            y.sep_score[..k - 1].copy_from_slice(&x.sep_score[xl - k..xl - 1]);
            y.sep_pos[..k - 1].copy_from_slice(&x.sep_pos[xl - k..xl - 1]);
            y.set_sep(k - 1, sep);
            let up = (x.sep_score[xl - k - 1], x.sep_pos[xl - k - 1]);
            x.len -= k as u32;
            y.len += k as u32;
            up
        } else {
            // y's first k children go to the end of x.
            let k = (yl - xl) / 2;
            x.child[xl..xl + k].copy_from_slice(&y.child[..k]);
            x.count[xl..xl + k].copy_from_slice(&y.count[..k]);
            x.set_sep(xl - 1, sep);
            x.sep_score[xl..xl + k - 1].copy_from_slice(&y.sep_score[..k - 1]);
            x.sep_pos[xl..xl + k - 1].copy_from_slice(&y.sep_pos[..k - 1]);
            let up = (y.sep_score[k - 1], y.sep_pos[k - 1]);
            y.child.copy_within(k..yl, 0);
            y.count.copy_within(k..yl, 0);
            y.sep_score.copy_within(k..yl - 1, 0);
            y.sep_pos.copy_within(k..yl - 1, 0);
            x.len += k as u32;
            y.len -= k as u32;
            up
        };
        x.pad();
        y.pad();
        let (xc, yc) = (x.below(x.len as usize), y.below(y.len as usize));
        let n = &mut self.inners[g as usize];
        (n.count[a], n.count[a + 1]) = (xc as u32, yc as u32);
        n.set_sep(a, up);
        false
    }

    /// Points the entry for `key` (and its separator copy, if any) at position `to`.
    fn relocate(&mut self, members: &[Elem], key: &Key, to: u32) {
        let mut t = self.root;
        for _ in 0..self.height {
            let n = &mut self.inners[t as usize];
            let i = n.child_for(members, key);
            if i > 0 && n.sep_pos[i - 1] == key.pos {
                n.sep_pos[i - 1] = to;
            }
            t = n.child[i];
        }
        let leaf = &mut self.leaves[t as usize];
        let j = leaf.find(key.score, key.pos);
        leaf.pos[j] = to;
    }

    /// Ascending rank of `key`, which is in the tree.
    fn rank(&self, members: &[Elem], key: &Key) -> usize {
        let (mut t, mut rank) = (self.root, 0);
        for _ in 0..self.height {
            let n = &self.inners[t as usize];
            let i = n.child_for(members, key);
            rank += n.below(i);
            t = n.child[i];
        }
        rank + self.leaves[t as usize].find(key.score, key.pos)
    }

    fn count_while(&self, members: &[Elem], mut below: impl FnMut(f64, &[u8]) -> bool) -> usize {
        // `get`, not indexing: with no panic path, the member is not even loaded for a predicate
        // on scores alone (`p` is always in range).
        let mut below =
            |s: f64, p: u32| below(s, members.get(p as usize).map_or(&[], |e| &e.member));
        let (mut t, mut c) = (self.root, 0);
        for _ in 0..self.height {
            let n = &self.inners[t as usize];
            let i = probe::<FANOUT>(n.len as usize - 1, |k| below(n.sep_score[k], n.sep_pos[k]));
            c += n.below(i);
            t = n.child[i];
        }
        let l = &self.leaves[t as usize];
        c + probe::<LEAF>(l.len as usize, |k| below(l.score[k], l.pos[k]))
    }

    /// (leaf, index) of the entry at ascending rank `k` < the number of elements.
    fn seek(&self, mut k: usize) -> (u32, u32) {
        let mut t = self.root;
        for _ in 0..self.height {
            let n = &self.inners[t as usize];
            let mut i = 0;
            while k >= n.count[i] as usize {
                k -= n.count[i] as usize;
                i += 1;
            }
            t = n.child[i];
        }
        (t, k as u32)
    }

    /// Entries in order.
    fn entries(&self) -> Vec<(f64, u32)> {
        let mut out = Vec::new();
        let mut t = self.first_leaf();
        while t != NIL {
            let l = &self.leaves[t as usize];
            let n = l.len as usize;
            out.extend(l.score[..n].iter().copied().zip(l.pos[..n].iter().copied()));
            t = l.next;
        }
        out
    }

    fn allocation_size(&self) -> usize {
        self.leaves.capacity() * std::mem::size_of::<Leaf>()
            + self.inners.capacity() * std::mem::size_of::<Inner>()
    }

    /// Checks the tree against `members` (tests only): order, counts, exact separators, fill,
    /// leaf links, every position once, no node lost.
    #[cfg(test)]
    fn check(&self, members: &[Elem]) {
        // Per level, nodes left to right; the first and last of a level may be underfull.
        let mut levels: Vec<Vec<u32>> = vec![Vec::new(); self.height + 1];
        fn walk(o: &Order, t: u32, depth: usize, levels: &mut Vec<Vec<u32>>) -> (u32, (f64, u32)) {
            levels[depth].push(t);
            if depth == o.height {
                let l = &o.leaves[t as usize];
                assert!(l.len as usize <= LEAF);
                assert!(
                    l.score[l.len as usize..]
                        .iter()
                        .all(|&s| s == f64::INFINITY),
                    "padding"
                );
                let least = if l.len > 0 { l.first() } else { (0.0, NIL) };
                return (l.len, least);
            }
            let n = &o.inners[t as usize];
            let len = n.len as usize;
            assert!(
                (2..=FANOUT).contains(&len),
                "inner node with {len} children"
            );
            assert!(
                n.sep_score[len - 1..].iter().all(|&s| s == f64::INFINITY),
                "padding"
            );
            let mut least = (0.0, NIL);
            for i in 0..len {
                let (count, l) = walk(o, n.child[i], depth + 1, levels);
                assert!(count > 0, "empty subtree");
                assert_eq!(n.count[i], count, "count");
                if i == 0 {
                    least = l;
                } else {
                    assert_eq!(n.sep_score[i - 1].to_bits(), l.0.to_bits(), "separator");
                    assert_eq!(n.sep_pos[i - 1], l.1, "separator");
                }
            }
            (n.count[..len].iter().sum(), least)
        }
        let (total, _) = walk(self, self.root, 0, &mut levels);
        assert_eq!(total as usize, members.len());
        for (depth, nodes) in levels.iter().enumerate() {
            for (i, &t) in nodes.iter().enumerate() {
                if i == 0 || i + 1 == nodes.len() {
                    continue;
                }
                if depth == self.height {
                    assert!(
                        self.leaves[t as usize].len as usize >= MIN_LEAF,
                        "leaf fill"
                    );
                } else {
                    assert!(
                        self.inners[t as usize].len as usize >= MIN_FANOUT,
                        "inner fill"
                    );
                }
            }
        }
        let leaves = &levels[self.height];
        for (i, &t) in leaves.iter().enumerate() {
            let l = &self.leaves[t as usize];
            let prev = if i > 0 { leaves[i - 1] } else { NIL };
            let next = leaves.get(i + 1).copied().unwrap_or(NIL);
            assert_eq!((l.prev, l.next), (prev, next), "leaf links");
        }
        let entries = self.entries();
        let mut seen = vec![false; members.len()];
        for &(s, p) in &entries {
            let e = &members[p as usize];
            assert_eq!(s.to_bits(), e.score.to_bits(), "entry score");
            assert!(
                !std::mem::replace(&mut seen[p as usize], true),
                "position twice"
            );
        }
        for w in entries.windows(2) {
            let (a, b) = (&members[w[0].1 as usize], &members[w[1].1 as usize]);
            assert!(a.score < b.score || (a.score == b.score && a.member < b.member));
        }
        let mut free = 0;
        let mut t = self.free_leaf;
        while t != NIL {
            free += 1;
            t = self.leaves[t as usize].next;
        }
        assert_eq!(free + leaves.len(), self.leaves.len(), "leaves lost");
        let (mut free, mut t) = (0, self.free_inner);
        while t != NIL {
            free += 1;
            t = self.inners[t as usize].child[0];
        }
        let inner_nodes: usize = levels[..self.height].iter().map(Vec::len).sum();
        assert_eq!(free + inner_nodes, self.inners.len(), "inner nodes lost");
    }
}

#[derive(Clone)]
pub(super) struct Tree {
    members: Vec<Elem>,
    index: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
    order: Order,
}

impl Tree {
    pub(super) fn with_capacity(n: usize) -> Tree {
        let mut order = Order::build(&[]);
        order.leaves.reserve(n / LEAF);
        Tree {
            members: Vec::with_capacity(n),
            index: HashTable::with_capacity(n),
            hasher: Default::default(),
            order,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.members.len()
    }

    fn hash(&self, m: &[u8]) -> u64 {
        self.hasher.hash_one(m)
    }

    /// The position of `m`, whose hash is `h`.
    fn find(&self, h: u64, m: &[u8]) -> Option<u32> {
        let members = &self.members;
        self.index
            .find(h, |&i| members[i as usize].member.as_slice() == m)
            .copied()
    }

    pub(super) fn score(&self, m: &[u8]) -> Option<f64> {
        self.find(self.hash(m), m)
            .map(|i| self.members[i as usize].score)
    }

    /// Adds `m` or changes its score; returns the previous score if it was present.
    pub(super) fn insert(&mut self, m: &[u8], score: f64) -> Option<f64> {
        let h = self.hash(m);
        if let Some(pos) = self.find(h, m) {
            let old = self.members[pos as usize].score;
            // `!=` as Redis compares: -0 and 0 are the same score, the stored one stays.
            if old != score {
                let key = Key {
                    score: old,
                    member: m,
                    pos,
                };
                self.order.remove(&self.members, &key);
                self.members[pos as usize].score = score;
                let key = Key { score, ..key };
                self.order.insert(&self.members, &key);
            }
            return Some(old);
        }
        let pos = u32::try_from(self.members.len()).expect("sorted set too large");
        self.members.push(Elem {
            member: Name::from_slice(m),
            score,
        });
        let (members, hasher) = (&self.members, &self.hasher);
        self.index.insert_unique(h, pos, |&j| {
            hasher.hash_one(members[j as usize].member.as_slice())
        });
        let key = Key {
            score,
            member: m,
            pos,
        };
        self.order.insert(&self.members, &key);
        None
    }

    /// Removes `m`; returns its score if it was present.
    pub(super) fn remove(&mut self, m: &[u8]) -> Option<f64> {
        let h = self.hash(m);
        let members = &self.members;
        let entry = self
            .index
            .find_entry(h, |&i| members[i as usize].member.as_slice() == m)
            .ok()?;
        let (pos, _) = entry.remove();
        let score = self.members[pos as usize].score;
        let key = Key {
            score,
            member: m,
            pos,
        };
        self.order.remove(&self.members, &key);
        let last = (self.members.len() - 1) as u32;
        if pos != last {
            // The last member moves into the hole: repoint its tree entry and index entry.
            let e = &self.members[last as usize];
            let key = Key {
                score: e.score,
                member: &e.member,
                pos: last,
            };
            self.order.relocate(&self.members, &key, pos);
            let hl = self.hash(&e.member);
            if let Some(slot) = self.index.find_mut(hl, |&j| j == last) {
                *slot = pos;
            }
        }
        self.members.swap_remove(pos as usize);
        self.maybe_shrink();
        Some(score)
    }

    /// Gives memory back after many removals (Redis resizes its dict the same way): the
    /// members and index shrink, and the tree is rebuilt packed, in O(n) once per halving.
    fn maybe_shrink(&mut self) {
        let cap = self.members.capacity();
        if cap > 64 && self.members.len() * 4 < cap {
            let want = self.members.len() * 2;
            self.members.shrink_to(want);
            let (members, hasher) = (&self.members, &self.hasher);
            self.index.shrink_to(want, |&j| {
                hasher.hash_one(members[j as usize].member.as_slice())
            });
            self.order = Order::build(&self.order.entries());
        }
    }

    /// 0-based rank of `m` in ascending order.
    pub(super) fn rank(&self, m: &[u8]) -> Option<usize> {
        let pos = self.find(self.hash(m), m)?;
        let key = Key {
            score: self.members[pos as usize].score,
            member: m,
            pos,
        };
        Some(self.order.rank(&self.members, &key))
    }

    /// See `ZSet::count_while`.
    pub(super) fn count_while(&self, below: impl FnMut(f64, &[u8]) -> bool) -> usize {
        self.order.count_while(&self.members, below)
    }

    /// Elements from rank `k` on, ascending, or (if `rev`) from rank `k` counted from the
    /// highest, descending. O(log n) to start, O(1) per element.
    pub(super) fn iter_from(&self, k: usize, rev: bool) -> Iter<'_> {
        let n = self.len();
        let (leaf, idx) = match k < n {
            true => self.order.seek(if rev { n - 1 - k } else { k }),
            false => (NIL, 0),
        };
        Iter {
            zs: self,
            leaf,
            idx,
            rev,
        }
    }

    /// The element stored at position `pos` (0..len), in no particular order.
    pub(super) fn at(&self, pos: usize) -> (&[u8], f64) {
        let e = &self.members[pos];
        (&e.member, e.score)
    }

    /// Elements in storage order.
    pub(super) fn iter_unordered(&self) -> Nodes<'_> {
        Nodes(self.members.iter())
    }

    /// Heap bytes held, not counting the `Tree` itself.
    pub(super) fn allocation_size(&self) -> usize {
        self.members.capacity() * std::mem::size_of::<Elem>()
            + self.order.allocation_size()
            + self.index.allocation_size()
            + self
                .members
                .iter()
                .filter(|e| e.member.spilled())
                .map(|e| e.member.capacity())
                .sum::<usize>()
    }

    /// Nodes on a path from the root to a leaf, both included (tests only).
    #[cfg(test)]
    pub(super) fn depth(&self) -> usize {
        self.order.height + 1
    }

    /// Element slots held: member slots plus leaf entry slots (tests only).
    #[cfg(test)]
    pub(super) fn capacity(&self) -> usize {
        self.members.capacity() + self.order.leaves.capacity() * LEAF
    }

    /// Checks every structural invariant (tests only).
    #[cfg(test)]
    pub(super) fn check(&self) {
        self.order.check(&self.members);
        assert_eq!(self.index.len(), self.members.len());
        for (i, e) in self.members.iter().enumerate() {
            assert_eq!(self.find(self.hash(&e.member), &e.member), Some(i as u32));
        }
    }
}

/// Iterator in rank order (see `Tree::iter_from`): the next entry's leaf and index there.
#[derive(Clone)]
pub(super) struct Iter<'a> {
    zs: &'a Tree,
    leaf: u32,
    idx: u32,
    rev: bool,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a [u8], f64);

    fn next(&mut self) -> Option<Self::Item> {
        let leaves = &self.zs.order.leaves;
        let l = leaves.get(self.leaf as usize)?;
        let (s, p) = (l.score[self.idx as usize], l.pos[self.idx as usize]);
        if !self.rev {
            self.idx += 1;
            if self.idx == l.len {
                (self.leaf, self.idx) = (l.next, 0);
            }
        } else if self.idx > 0 {
            self.idx -= 1;
        } else {
            self.leaf = l.prev;
            if let Some(l) = leaves.get(self.leaf as usize) {
                self.idx = l.len - 1;
            }
        }
        Some((&self.zs.members[p as usize].member, s))
    }
}

/// Elements in storage order (see `Tree::iter_unordered`).
pub(super) struct Nodes<'a>(std::slice::Iter<'a, Elem>);

impl<'a> Iterator for Nodes<'a> {
    type Item = (&'a [u8], f64);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|e| (e.member.as_slice(), e.score))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Nodes<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};

    /// splitmix64, seeded, so a failing round can be replayed.
    struct Rand(u64);

    impl Rand {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            ((self.next() as u128 * n as u128) >> 64) as usize
        }
    }

    /// Sorts like the tree: by score (-0 as 0), then member.
    fn order_key(s: f64, m: &[u8]) -> (u64, Vec<u8>) {
        let b = if s == 0.0 { 0 } else { s.to_bits() };
        let b = if b >> 63 == 1 { !b } else { b | 1 << 63 };
        (b, m.to_vec())
    }

    /// The model: member -> score, and the same elements in order.
    #[derive(Default)]
    struct Model {
        scores: HashMap<Vec<u8>, f64>,
        sorted: BTreeMap<(u64, Vec<u8>), f64>,
    }

    impl Model {
        fn insert(&mut self, m: &[u8], s: f64) -> Option<f64> {
            let old = self.scores.get(m).copied();
            match old {
                Some(o) if o == s => {}
                _ => {
                    if let Some(o) = old {
                        self.sorted.remove(&order_key(o, m));
                    }
                    self.scores.insert(m.to_vec(), s);
                    self.sorted.insert(order_key(s, m), s);
                }
            }
            old
        }
        fn remove(&mut self, m: &[u8]) -> Option<f64> {
            let old = self.scores.remove(m)?;
            self.sorted.remove(&order_key(old, m));
            Some(old)
        }
    }

    /// Everything the tree answers, against the model.
    fn compare(t: &Tree, model: &Model, rng: &mut Rand) {
        t.check();
        let want: Vec<(&[u8], u64)> = model
            .sorted
            .iter()
            .map(|((_, m), s)| (m.as_slice(), s.to_bits()))
            .collect();
        let n = want.len();
        assert_eq!(t.len(), n);
        let got: Vec<(&[u8], u64)> = t
            .iter_from(0, false)
            .map(|(m, s)| (m, s.to_bits()))
            .collect();
        assert_eq!(got, want);
        let got: Vec<(&[u8], u64)> = t
            .iter_from(0, true)
            .map(|(m, s)| (m, s.to_bits()))
            .collect();
        assert!(got.iter().eq(want.iter().rev()));
        for _ in 0..20 {
            let k = rng.below(n + 2);
            let take = 1 + rng.below(200);
            let fwd = t
                .iter_from(k, false)
                .take(take)
                .map(|(m, s)| (m, s.to_bits()));
            assert!(fwd.eq(want.iter().skip(k).take(take).copied()));
            let it = t.iter_from(k, true);
            let rev = it.clone().take(take).map(|(m, s)| (m, s.to_bits()));
            assert!(rev.eq(want.iter().rev().skip(k).take(take).copied()));
            assert_eq!(it.count(), n.saturating_sub(k));
        }
        for (r, &(m, s)) in want.iter().enumerate().step_by(1 + n / 300) {
            assert_eq!(t.rank(m), Some(r));
            assert_eq!(t.score(m).map(f64::to_bits), Some(s));
        }
        assert_eq!(t.rank(b"not a member"), None);
        for _ in 0..20 {
            // A score bound taken from the set or next to it, and a member bound for ties.
            let (bm, bs) = if n > 0 {
                let (m, s) = want[rng.below(n)];
                (
                    m.to_vec(),
                    f64::from_bits(s) + [0.0, 0.5, -0.5][rng.below(3)],
                )
            } else {
                (b"m".to_vec(), 0.0)
            };
            let c = t.count_while(|s, _| s < bs);
            assert_eq!(c, want.iter().filter(|e| f64::from_bits(e.1) < bs).count());
            let c = t.count_while(|s, m| s < bs || (s == bs && m <= bm.as_slice()));
            let below = |&(m, s): &(&[u8], u64)| {
                let s = f64::from_bits(s);
                s < bs || (s == bs && m <= bm.as_slice())
            };
            assert_eq!(c, want.iter().filter(|e| below(e)).count());
        }
        let by_pos: Vec<(&[u8], f64)> = (0..n).map(|p| t.at(p)).collect();
        assert!(by_pos.iter().copied().eq(t.iter_unordered()));
        assert_eq!(t.iter_unordered().len(), n);
        for (m, s) in by_pos {
            assert_eq!(model.scores.get(m).map(|s| s.to_bits()), Some(s.to_bits()));
        }
    }

    fn member(rng: &mut Rand, space: usize) -> Vec<u8> {
        let n = rng.below(space);
        if n.is_multiple_of(5) {
            format!("a-member-long-enough-to-spill-{n}").into_bytes()
        } else {
            format!("m{n}").into_bytes()
        }
    }

    /// Scores with `distinct` values (1 = every element ties; lex order), signed zeros and
    /// infinities mixed in.
    fn score(rng: &mut Rand, distinct: usize) -> f64 {
        match rng.below(40) {
            0 => -0.0,
            1 => 0.0,
            2 => f64::INFINITY,
            3 => f64::NEG_INFINITY,
            _ => rng.below(distinct) as f64 - (distinct / 2) as f64,
        }
    }

    /// Random inserts, rescores and removals on sets growing to tens of thousands (several
    /// levels), shrinking to nothing and growing again, checked against the model.
    #[test]
    fn random_operations_against_model() {
        for (round, (space, distinct)) in [(30_000, 1_000_000), (30_000, 50), (20_000, 1), (300, 7)]
            .into_iter()
            .enumerate()
        {
            let mut rng = Rand(round as u64);
            let mut t = Tree::with_capacity(0);
            let mut model = Model::default();
            // Grow, shrink to empty, grow again: (steps, permille of removals).
            for (steps, removals) in [(60_000, 200), (80_000, 900), (40_000, 300)] {
                for step in 0..steps {
                    if rng.below(1000) < removals {
                        // Removal of a present member most of the time.
                        let m = match rng.below(4) {
                            0 => member(&mut rng, space),
                            _ if t.len() > 0 => t.at(rng.below(t.len())).0.to_vec(),
                            _ => continue,
                        };
                        let got = t.remove(&m).map(f64::to_bits);
                        assert_eq!(got, model.remove(&m).map(f64::to_bits), "round {round}");
                    } else {
                        let m = member(&mut rng, space);
                        let s = score(&mut rng, distinct);
                        let got = t.insert(&m, s).map(f64::to_bits);
                        assert_eq!(got, model.insert(&m, s).map(f64::to_bits), "round {round}");
                    }
                    if step % 9_973 == 0 {
                        compare(&t, &model, &mut rng);
                    }
                }
                compare(&t, &model, &mut rng);
            }
            while t.len() > 0 {
                let m = t.at(rng.below(t.len())).0.to_vec();
                assert_eq!(t.remove(&m), model.remove(&m));
                if t.len().is_multiple_of(1_000) {
                    compare(&t, &model, &mut rng);
                }
            }
            compare(&t, &model, &mut rng);
            assert_eq!(t.depth(), 1);
        }
    }

    /// Members added in score order, either way, fill leaves completely; the tree stays shallow.
    #[test]
    fn ordered_inserts_pack_leaves() {
        for rev in [false, true] {
            let n: usize = 100_000;
            let mut t = Tree::with_capacity(0);
            for i in 0..n {
                let s = if rev { -(i as f64) } else { i as f64 };
                t.insert(format!("{i}").as_bytes(), s);
            }
            t.check();
            let leaves = t.order.leaves.len();
            assert!(leaves <= n.div_ceil(LEAF - 1), "{leaves} leaves");
            assert!(t.depth() <= 4, "depth {}", t.depth());
            // Random order: nodes between half and full.
            let mut rng = Rand(9);
            let mut u = Tree::with_capacity(0);
            for _ in 0..n {
                let i = rng.next();
                u.insert(format!("{i}").as_bytes(), i as f64);
            }
            u.check();
            assert!(u.order.leaves.len() <= 2 * n / LEAF + 1);
        }
    }

    /// Members added between two neighbours, in descending order, must not leave a trail of
    /// near-empty leaves (only the ends of the order are split unevenly).
    #[test]
    fn descending_inserts_inside_the_order() {
        let mut t = Tree::with_capacity(0);
        for i in 0..10 * LEAF {
            t.insert(format!("{i}").as_bytes(), (i / LEAF * 1_000_000) as f64);
        }
        for i in 0..20_000 {
            t.insert(format!("x{i}").as_bytes(), 2_500_000.0 - i as f64);
        }
        t.check();
        assert!(t.order.leaves.len() <= 2 * t.len() / LEAF + 2);
    }

    /// Every element ties on the score: order, rank and bounds go by member bytes alone.
    #[test]
    fn equal_scores_order_by_member() {
        let mut t = Tree::with_capacity(0);
        let mut names: Vec<String> = (0..5_000)
            .map(|i| format!("{:x}", i * 7919 % 5_003))
            .collect();
        for m in &names {
            assert_eq!(t.insert(m.as_bytes(), 1.0), None);
        }
        names.sort();
        t.check();
        assert!(
            t.iter_from(0, false)
                .map(|e| e.0)
                .eq(names.iter().map(|m| m.as_bytes()))
        );
        for (r, m) in names.iter().enumerate() {
            assert_eq!(t.rank(m.as_bytes()), Some(r));
        }
        let mid = names[2_500].as_bytes();
        assert_eq!(t.count_while(|_, m| m < mid), 2_500);
        // Moving one element to another score and back keeps everything else in place.
        assert_eq!(t.insert(mid, 0.5), Some(1.0));
        assert_eq!(t.rank(mid), Some(0));
        assert_eq!(t.insert(mid, 1.0), Some(0.5));
        assert_eq!(t.rank(mid), Some(2_500));
        t.check();
    }

    /// -0 and 0 are one score: they tie (order by member), updating one to the other changes
    /// nothing, and each keeps the bits it was stored with.
    #[test]
    fn signed_zeros_tie() {
        let mut t = Tree::with_capacity(0);
        for i in 0..3_000 {
            let s = if i % 2 == 0 { 0.0 } else { -0.0 };
            t.insert(format!("{i:05}").as_bytes(), s);
        }
        t.check();
        assert!(
            t.iter_from(0, false)
                .map(|e| e.0.to_vec())
                .eq((0..3_000).map(|i| format!("{i:05}").into_bytes()))
        );
        assert_eq!(
            t.insert(b"00001", 0.0).map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert_eq!(
            t.score(b"00001").map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert_eq!(
            t.insert(b"00000", -0.0).map(f64::to_bits),
            Some(0f64.to_bits())
        );
        assert_eq!(t.score(b"00000").map(f64::to_bits), Some(0f64.to_bits()));
        assert_eq!(t.count_while(|s, _| s < 0.0), 0);
        assert_eq!(t.count_while(|s, _| s <= -0.0), 3_000);
        assert_eq!(t.rank(b"01500"), Some(1_500));
        t.check();
    }

    /// The ZADD of `redis-benchmark -t zadd -r 100000` (mostly rescoring members of a set of
    /// ~100,000), for measuring by hand: `valgrind --tool=callgrind
    /// --toggle-collect='*Tree::insert' <test binary> --ignored zadd_pattern`.
    #[test]
    #[ignore]
    fn zadd_pattern() {
        let mut rng = Rand(1);
        let ops: Vec<(Vec<u8>, f64)> = (0..300_000)
            .map(|_| {
                let m = format!("element:{:012}", rng.below(100_000)).into_bytes();
                (m, rng.below(100_000) as f64)
            })
            .collect();
        let mut t = Tree::with_capacity(0);
        for (m, s) in &ops {
            t.insert(m, *s);
        }
        assert!(t.len() > 90_000);
    }
}
