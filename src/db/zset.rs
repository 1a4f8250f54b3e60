//! Sorted sets: an order-statistic treap over (score, member) plus a member -> node hash index.
//!
//! Redis keeps a skiplist with spans next to a dict. Here every member lives in one `Node` in a
//! dense `Vec`; the tree links nodes by `u32` position and each node knows its subtree size, so
//! ZADD, ZREM, ZRANK, "element at rank k" and "how many elements lie below a bound" are all
//! O(log n) (expected: the treap's priorities come from the member's hash under a per-set random
//! seed, so no input order can unbalance it). The hash index is a `HashTable<u32>` of positions,
//! 4 bytes a member, hashing the member stored in the node: a member is stored once.
//!
//! Removal moves the last node into the hole (`swap_remove`), so the `Vec` stays dense: a random
//! member is one random position (ZRANDMEMBER), and ZSCAN can walk positions downwards the way
//! `Db::scan` does, with the same guarantee (a member present all along is returned).
//!
//! A node is 48 bytes (a member of up to 16 bytes is stored inline), plus ~5-10 bytes of index:
//! about half of what Redis's skiplist + dict spend per member.
use super::Str;
use hashbrown::HashTable;
use smallvec::SmallVec;
use std::hash::BuildHasher;

const NIL: u32 = u32::MAX;

#[derive(Clone, Debug)]
struct Node {
    member: Str,
    score: f64,
    left: u32,
    right: u32,
    /// Number of nodes in the subtree rooted here.
    size: u32,
    /// Heap priority: a parent's is >= its children's.
    prio: u32,
}

#[derive(Clone)]
pub struct ZSet {
    nodes: Vec<Node>,
    index: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
    root: u32,
    /// Redis would keep this set as a listpack (at most `LISTPACK_ENTRIES` members of at most
    /// `LISTPACK_VALUE` bytes, never converted back once exceeded). Some replies depend on it:
    /// a listpack stores -0 as 0, ZSCAN returns a listpack whole and prints integral scores as
    /// integers, and OBJECT ENCODING names it.
    compact: bool,
}

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The current `zset-max-listpack-entries` and `zset-max-listpack-value` (the commands copy
/// them from the configuration before they build or grow sets).
static LISTPACK_ENTRIES: AtomicUsize = AtomicUsize::new(128);
static LISTPACK_VALUE: AtomicUsize = AtomicUsize::new(64);

pub fn set_listpack_limits(entries: usize, value: usize) {
    LISTPACK_ENTRIES.store(entries, Relaxed);
    LISTPACK_VALUE.store(value, Relaxed);
}

/// (max entries, max member length) of a listpack-encoded set.
pub fn listpack_limits() -> (usize, usize) {
    (LISTPACK_ENTRIES.load(Relaxed), LISTPACK_VALUE.load(Relaxed))
}

impl Default for ZSet {
    fn default() -> Self {
        ZSet::new()
    }
}

impl PartialEq for ZSet {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .nodes
                .iter()
                .all(|n| other.score(&n.member) == Some(n.score))
    }
}

impl std::fmt::Debug for ZSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|(m, s)| (String::from_utf8_lossy(m), s)))
            .finish()
    }
}

/// A score interval as ZRANGEBYSCORE takes it (`(` marks an open end).
#[derive(Clone, Copy, Debug)]
pub struct ScoreRange {
    pub min: f64,
    pub max: f64,
    pub minex: bool,
    pub maxex: bool,
}

impl ScoreRange {
    pub fn gte_min(&self, v: f64) -> bool {
        if self.minex {
            v > self.min
        } else {
            v >= self.min
        }
    }

    pub fn lte_max(&self, v: f64) -> bool {
        if self.maxex {
            v < self.max
        } else {
            v <= self.max
        }
    }
}

/// One end of a ZRANGEBYLEX interval.
#[derive(Clone, Debug, PartialEq)]
pub enum LexBound {
    /// `-`: below every string.
    Min,
    /// `+`: above every string.
    Max,
    Incl(Vec<u8>),
    Excl(Vec<u8>),
}

/// A member interval as ZRANGEBYLEX takes it.
#[derive(Clone, Debug)]
pub struct LexRange {
    pub min: LexBound,
    pub max: LexBound,
}

impl LexRange {
    pub fn gte_min(&self, v: &[u8]) -> bool {
        match &self.min {
            LexBound::Min => true,
            LexBound::Max => false,
            LexBound::Incl(b) => v >= b.as_slice(),
            LexBound::Excl(b) => v > b.as_slice(),
        }
    }

    pub fn lte_max(&self, v: &[u8]) -> bool {
        match &self.max {
            LexBound::Min => false,
            LexBound::Max => true,
            LexBound::Incl(b) => v <= b.as_slice(),
            LexBound::Excl(b) => v < b.as_slice(),
        }
    }
}

impl ZSet {
    pub fn new() -> ZSet {
        ZSet::with_capacity(0)
    }

    pub fn with_capacity(n: usize) -> ZSet {
        ZSet {
            nodes: Vec::with_capacity(n),
            index: HashTable::with_capacity(n),
            hasher: Default::default(),
            root: NIL,
            compact: true,
        }
    }

    /// A set Redis would create skiplist-encoded (first member longer than `LISTPACK_VALUE`,
    /// or a store result known to be large).
    pub fn new_skiplist(n: usize) -> ZSet {
        ZSet {
            compact: false,
            ..ZSet::with_capacity(n)
        }
    }

    /// Whether Redis would hold this set as a listpack (see `compact`).
    pub fn is_compact(&self) -> bool {
        self.compact
    }

    /// Redis's `zsetConvert(zobj, OBJ_ENCODING_SKIPLIST)`, which SORT and SORT_RO do to every
    /// sorted set they sort: from now on it is no listpack.
    pub fn convert_to_skiplist(&mut self) {
        self.compact = false;
    }

    /// OBJECT ENCODING's answer.
    pub fn encoding(&self) -> &'static str {
        if self.compact { "listpack" } else { "skiplist" }
    }

    /// Redis's `zsetConvertToListpackIfNeeded` for store results: small enough sets become
    /// listpacks, which turns -0 scores into 0.
    pub fn compact_if_small(&mut self) {
        let (entries, value) = listpack_limits();
        if self.len() <= entries && self.nodes.iter().all(|n| n.member.len() <= value) {
            self.compact = true;
            for n in &mut self.nodes {
                if n.score == 0.0 {
                    n.score = 0.0;
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn hash(&self, m: &[u8]) -> u64 {
        self.hasher.hash_one(m)
    }

    fn find(&self, m: &[u8]) -> Option<u32> {
        let nodes = &self.nodes;
        self.index
            .find(self.hash(m), |&i| nodes[i as usize].member.as_slice() == m)
            .copied()
    }

    pub fn contains(&self, m: &[u8]) -> bool {
        self.find(m).is_some()
    }

    pub fn score(&self, m: &[u8]) -> Option<f64> {
        self.find(m).map(|i| self.nodes[i as usize].score)
    }

    /// Adds `m` or changes its score; returns the previous score if it was present.
    pub fn insert(&mut self, m: &[u8], score: f64) -> Option<f64> {
        debug_assert!(!score.is_nan());
        let h = self.hash(m);
        let nodes = &self.nodes;
        let found = self
            .index
            .find(h, |&i| nodes[i as usize].member.as_slice() == m)
            .copied();
        if found.is_none() && self.compact {
            let (entries, value) = listpack_limits();
            if self.len() + 1 > entries || m.len() > value {
                self.compact = false;
            }
        }
        // A listpack stores integral scores as integers: -0 comes back as 0.
        let score = if self.compact && score == 0.0 {
            0.0
        } else {
            score
        };
        if let Some(i) = found {
            let old = self.nodes[i as usize].score;
            // `!=` as Redis compares: -0 and 0 are the same score, the stored one stays.
            if old != score {
                self.root = self.unlink(self.root, old, m);
                let n = &mut self.nodes[i as usize];
                (n.score, n.left, n.right, n.size) = (score, NIL, NIL, 1);
                self.root = self.link(self.root, i, score, m);
            }
            return Some(old);
        }
        let i = u32::try_from(self.nodes.len()).expect("sorted set too large");
        self.nodes.push(Node {
            member: Str::from_slice(m),
            score,
            left: NIL,
            right: NIL,
            size: 1,
            prio: (h >> 32) as u32,
        });
        let (nodes, hasher) = (&self.nodes, &self.hasher);
        self.index.insert_unique(h, i, |&j| {
            hasher.hash_one(nodes[j as usize].member.as_slice())
        });
        self.root = self.link(self.root, i, score, m);
        None
    }

    /// Removes `m`; returns its score if it was present.
    pub fn remove(&mut self, m: &[u8]) -> Option<f64> {
        let h = self.hash(m);
        let nodes = &self.nodes;
        let entry = self
            .index
            .find_entry(h, |&i| nodes[i as usize].member.as_slice() == m)
            .ok()?;
        let (i, _) = entry.remove();
        let score = self.nodes[i as usize].score;
        self.root = self.unlink(self.root, score, m);
        let last = (self.nodes.len() - 1) as u32;
        if i != last {
            // The last node moves into the hole: redirect its parent's link and its index entry.
            match self.parent_of(last) {
                None => self.root = i,
                Some((p, true)) => self.nodes[p as usize].left = i,
                Some((p, false)) => self.nodes[p as usize].right = i,
            }
            let hl = self.hash(&self.nodes[last as usize].member);
            if let Some(slot) = self.index.find_mut(hl, |&j| j == last) {
                *slot = i;
            }
        }
        self.nodes.swap_remove(i as usize);
        self.maybe_shrink();
        Some(score)
    }

    /// Gives memory back after many removals (Redis resizes its dict the same way).
    fn maybe_shrink(&mut self) {
        let cap = self.nodes.capacity();
        if cap > 64 && self.nodes.len() * 4 < cap {
            let want = self.nodes.len() * 2;
            self.nodes.shrink_to(want);
            let (nodes, hasher) = (&self.nodes, &self.hasher);
            self.index.shrink_to(want, |&j| {
                hasher.hash_one(nodes[j as usize].member.as_slice())
            });
        }
    }

    /// 0-based rank of `m` in ascending order.
    pub fn rank(&self, m: &[u8]) -> Option<usize> {
        let i = self.find(m)?;
        let s = self.nodes[i as usize].score;
        let (mut t, mut rank) = (self.root, 0usize);
        while t != NIL {
            let n = &self.nodes[t as usize];
            if t == i {
                return Some(rank + self.size(n.left));
            }
            if self.lt(t, s, m) {
                rank += self.size(n.left) + 1;
                t = n.right;
            } else {
                t = n.left;
            }
        }
        None
    }

    /// The element at ascending rank `k`.
    pub fn get(&self, k: usize) -> Option<(&[u8], f64)> {
        self.iter_from(k, false).next()
    }

    /// How many elements, in ascending order, satisfy `below` before the first that does not.
    /// `below` must hold for a prefix of the order (e.g. "score < min").
    pub fn count_while(&self, mut below: impl FnMut(f64, &[u8]) -> bool) -> usize {
        let (mut t, mut c) = (self.root, 0usize);
        while t != NIL {
            let n = &self.nodes[t as usize];
            if below(n.score, &n.member) {
                c += self.size(n.left) + 1;
                t = n.right;
            } else {
                t = n.left;
            }
        }
        c
    }

    /// Ascending ranks `[first, last]` of the elements in a score range, if any.
    pub fn score_range_ranks(&self, r: &ScoreRange) -> Option<(usize, usize)> {
        let first = self.count_while(|s, _| !r.gte_min(s));
        let end = self.count_while(|s, _| r.lte_max(s));
        (first < end).then(|| (first, end - 1))
    }

    /// Ascending ranks `[first, last]` of the elements in a lex range, if any.
    pub fn lex_range_ranks(&self, r: &LexRange) -> Option<(usize, usize)> {
        let first = self.count_while(|_, m| !r.gte_min(m));
        let end = self.count_while(|_, m| r.lte_max(m));
        (first < end).then(|| (first, end - 1))
    }

    /// Elements in ascending order.
    pub fn iter(&self) -> Iter<'_> {
        self.iter_from(0, false)
    }

    /// Elements from rank `k` on, ascending, or (if `rev`) from rank `k` counted from the
    /// highest, descending. O(log n) to start, O(1) amortized per element.
    pub fn iter_from(&self, mut k: usize, rev: bool) -> Iter<'_> {
        let mut it = Iter {
            zs: self,
            stack: SmallVec::new(),
            rev,
        };
        let mut t = self.root;
        while t != NIL {
            let n = &self.nodes[t as usize];
            let (near, far) = if rev {
                (n.right, n.left)
            } else {
                (n.left, n.right)
            };
            let ns = self.size(near);
            if k < ns {
                it.stack.push(t);
                t = near;
            } else if k == ns {
                it.stack.push(t);
                break;
            } else {
                k -= ns + 1;
                t = far;
            }
        }
        it
    }

    /// The element stored at position `pos` (0..len), in no particular order: for random picks
    /// and ZSCAN.
    pub fn at(&self, pos: usize) -> (&[u8], f64) {
        let n = &self.nodes[pos];
        (&n.member, n.score)
    }

    /// Elements in storage order (cheaper than `iter` when order does not matter).
    pub fn iter_unordered(&self) -> impl ExactSizeIterator<Item = (&[u8], f64)> {
        self.nodes.iter().map(|n| (n.member.as_slice(), n.score))
    }

    /// Heap bytes held (for memory accounting).
    pub fn allocation_size(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.index.allocation_size()
            + self
                .nodes
                .iter()
                .filter(|n| n.member.spilled())
                .map(|n| n.member.capacity())
                .sum::<usize>()
    }

    fn size(&self, t: u32) -> usize {
        if t == NIL {
            0
        } else {
            self.nodes[t as usize].size as usize
        }
    }

    fn fix_size(&mut self, t: u32) {
        let n = &self.nodes[t as usize];
        let s = 1 + self.size(n.left) + self.size(n.right);
        self.nodes[t as usize].size = s as u32;
    }

    /// Node `t` orders before the key (score, member).
    fn lt(&self, t: u32, s: f64, m: &[u8]) -> bool {
        let n = &self.nodes[t as usize];
        n.score < s || (n.score == s && n.member.as_slice() < m)
    }

    /// Splits subtree `t` into the nodes before the key and the rest.
    fn split(&mut self, t: u32, s: f64, m: &[u8]) -> (u32, u32) {
        if t == NIL {
            return (NIL, NIL);
        }
        if self.lt(t, s, m) {
            let (a, b) = self.split(self.nodes[t as usize].right, s, m);
            self.nodes[t as usize].right = a;
            self.fix_size(t);
            (t, b)
        } else {
            let (a, b) = self.split(self.nodes[t as usize].left, s, m);
            self.nodes[t as usize].left = b;
            self.fix_size(t);
            (a, t)
        }
    }

    /// Joins two subtrees where every key of `a` orders before every key of `b`.
    fn merge(&mut self, a: u32, b: u32) -> u32 {
        if a == NIL {
            return b;
        }
        if b == NIL {
            return a;
        }
        if self.nodes[a as usize].prio > self.nodes[b as usize].prio {
            let r = self.merge(self.nodes[a as usize].right, b);
            self.nodes[a as usize].right = r;
            self.fix_size(a);
            a
        } else {
            let l = self.merge(a, self.nodes[b as usize].left);
            self.nodes[b as usize].left = l;
            self.fix_size(b);
            b
        }
    }

    /// Inserts the detached node `x` (key `s`, `m`) into subtree `t`; returns the new root.
    fn link(&mut self, t: u32, x: u32, s: f64, m: &[u8]) -> u32 {
        if t == NIL {
            return x;
        }
        if self.nodes[x as usize].prio > self.nodes[t as usize].prio {
            let (l, r) = self.split(t, s, m);
            let n = &mut self.nodes[x as usize];
            n.left = l;
            n.right = r;
            self.fix_size(x);
            return x;
        }
        if self.lt(t, s, m) {
            let r = self.link(self.nodes[t as usize].right, x, s, m);
            self.nodes[t as usize].right = r;
        } else {
            let l = self.link(self.nodes[t as usize].left, x, s, m);
            self.nodes[t as usize].left = l;
        }
        self.nodes[t as usize].size += 1;
        t
    }

    /// Detaches the node with key (`s`, `m`) from subtree `t`; returns the new root.
    fn unlink(&mut self, t: u32, s: f64, m: &[u8]) -> u32 {
        debug_assert!(t != NIL, "unlink: key not in tree");
        if t == NIL {
            return NIL;
        }
        let n = &self.nodes[t as usize];
        if n.score == s && n.member.as_slice() == m {
            return self.merge(n.left, n.right);
        }
        if self.lt(t, s, m) {
            let r = self.unlink(n.right, s, m);
            self.nodes[t as usize].right = r;
        } else {
            let l = self.unlink(n.left, s, m);
            self.nodes[t as usize].left = l;
        }
        self.nodes[t as usize].size -= 1;
        t
    }

    /// The parent of node `x` and whether `x` is its left child; None for the root.
    fn parent_of(&self, x: u32) -> Option<(u32, bool)> {
        let key = &self.nodes[x as usize];
        let (s, m) = (key.score, key.member.as_slice());
        let mut t = self.root;
        let mut parent = None;
        while t != NIL && t != x {
            let n = &self.nodes[t as usize];
            if self.lt(t, s, m) {
                parent = Some((t, false));
                t = n.right;
            } else {
                parent = Some((t, true));
                t = n.left;
            }
        }
        parent
    }

    /// Checks every structural invariant (tests only).
    #[cfg(test)]
    fn check(&self) {
        fn walk(zs: &ZSet, t: u32, out: &mut Vec<u32>) -> usize {
            if t == NIL {
                return 0;
            }
            let n = &zs.nodes[t as usize];
            for c in [n.left, n.right] {
                if c != NIL {
                    assert!(zs.nodes[c as usize].prio <= n.prio, "heap order");
                }
            }
            let l = walk(zs, n.left, out);
            out.push(t);
            let r = walk(zs, n.right, out);
            assert_eq!(n.size as usize, l + r + 1, "size");
            l + r + 1
        }
        let mut order = Vec::new();
        assert_eq!(walk(self, self.root, &mut order), self.nodes.len());
        for w in order.windows(2) {
            let (a, b) = (&self.nodes[w[0] as usize], &self.nodes[w[1] as usize]);
            assert!(a.score < b.score || (a.score == b.score && a.member < b.member));
        }
        assert_eq!(self.index.len(), self.nodes.len());
        for (i, n) in self.nodes.iter().enumerate() {
            assert_eq!(self.find(&n.member), Some(i as u32));
        }
    }
}

/// In-order iterator (see `ZSet::iter_from`).
pub struct Iter<'a> {
    zs: &'a ZSet,
    stack: SmallVec<[u32; 48]>,
    rev: bool,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a [u8], f64);

    fn next(&mut self) -> Option<Self::Item> {
        let x = self.stack.pop()?;
        let nodes = &self.zs.nodes;
        let n = &nodes[x as usize];
        let mut t = if self.rev { n.left } else { n.right };
        while t != NIL {
            self.stack.push(t);
            let c = &nodes[t as usize];
            t = if self.rev { c.right } else { c.left };
        }
        Some((n.member.as_slice(), n.score))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::Rng;

    /// The naive model: a Vec kept sorted by (score, member).
    #[derive(Default)]
    struct Model(Vec<(f64, Vec<u8>)>);

    impl Model {
        fn sort(&mut self) {
            self.0
                .sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap().then_with(|| a.1.cmp(&b.1)));
        }
        fn insert(&mut self, m: &[u8], s: f64) -> Option<f64> {
            if let Some(e) = self.0.iter_mut().find(|e| e.1 == m) {
                let old = e.0;
                if old != s {
                    e.0 = s;
                }
                self.sort();
                return Some(old);
            }
            self.0.push((s, m.to_vec()));
            self.sort();
            None
        }
        fn remove(&mut self, m: &[u8]) -> Option<f64> {
            let p = self.0.iter().position(|e| e.1 == m)?;
            Some(self.0.remove(p).0)
        }
    }

    fn member(rng: &mut Rng, space: usize) -> Vec<u8> {
        let n = rng.below(space);
        if n.is_multiple_of(7) {
            format!("a-long-member-name-that-spills-{n}").into_bytes()
        } else {
            format!("m{n}").into_bytes()
        }
    }

    fn score(rng: &mut Rng) -> f64 {
        match rng.below(10) {
            0 => f64::INFINITY,
            1 => f64::NEG_INFINITY,
            2 => 0.0,
            3 => -0.0,
            4 | 5 => rng.below(5) as f64,
            _ => (rng.below(2000) as f64 - 1000.0) / 7.0,
        }
    }

    #[test]
    fn randomized_against_sorted_vec() {
        let mut rng = Rng::new();
        for round in 0..30 {
            let space = [5, 50, 500][round % 3];
            let mut zs = ZSet::new();
            let mut model = Model::default();
            for step in 0..3000 {
                let m = member(&mut rng, space);
                match rng.below(10) {
                    0..=4 => {
                        let s = score(&mut rng);
                        assert_eq!(zs.insert(&m, s), model.insert(&m, s));
                    }
                    5..=7 => assert_eq!(zs.remove(&m), model.remove(&m)),
                    _ => {
                        let want = model.0.iter().position(|e| e.1 == m);
                        assert_eq!(zs.rank(&m), want);
                        assert_eq!(zs.score(&m), want.map(|p| model.0[p].0));
                    }
                }
                if step % 97 == 0 {
                    zs.check();
                    let got: Vec<(f64, Vec<u8>)> =
                        zs.iter().map(|(m, s)| (s, m.to_vec())).collect();
                    assert_eq!(got.len(), model.0.len());
                    for (a, b) in got.iter().zip(&model.0) {
                        assert_eq!(a.1, b.1);
                        assert!(a.0 == b.0);
                    }
                    let n = model.0.len();
                    let k = rng.below(n + 2);
                    let fwd: Vec<Vec<u8>> =
                        zs.iter_from(k, false).map(|(m, _)| m.to_vec()).collect();
                    let want: Vec<Vec<u8>> = model.0.iter().skip(k).map(|e| e.1.clone()).collect();
                    assert_eq!(fwd, want);
                    let rev: Vec<Vec<u8>> =
                        zs.iter_from(k, true).map(|(m, _)| m.to_vec()).collect();
                    let want: Vec<Vec<u8>> =
                        model.0.iter().rev().skip(k).map(|e| e.1.clone()).collect();
                    assert_eq!(rev, want);
                    assert_eq!(
                        zs.get(k).map(|(m, _)| m.to_vec()),
                        model.0.get(k).map(|e| e.1.clone())
                    );
                    let bound = score(&mut rng);
                    assert_eq!(
                        zs.count_while(|s, _| s < bound),
                        model.0.iter().filter(|e| e.0 < bound).count()
                    );
                    let r = ScoreRange {
                        min: score(&mut rng),
                        max: score(&mut rng),
                        minex: rng.below(2) == 0,
                        maxex: rng.below(2) == 0,
                    };
                    let want: Vec<usize> = (0..n)
                        .filter(|&i| r.gte_min(model.0[i].0) && r.lte_max(model.0[i].0))
                        .collect();
                    let got = zs.score_range_ranks(&r);
                    match got {
                        None => assert!(want.is_empty()),
                        Some((a, b)) => assert_eq!((a..=b).collect::<Vec<_>>(), want),
                    }
                }
            }
            while let Some((m, _)) = zs.get(0) {
                let m = m.to_vec();
                assert!(zs.remove(&m).is_some());
                model.remove(&m);
            }
            zs.check();
            assert!(model.0.is_empty());
        }
    }

    #[test]
    fn lex_ranges() {
        let mut zs = ZSet::new();
        for m in ["a", "b", "c", "d", "e"] {
            zs.insert(m.as_bytes(), 0.0);
        }
        let r = |min, max| LexRange { min, max };
        assert_eq!(
            zs.lex_range_ranks(&r(LexBound::Min, LexBound::Max)),
            Some((0, 4))
        );
        assert_eq!(
            zs.lex_range_ranks(&r(
                LexBound::Excl(b"a".to_vec()),
                LexBound::Incl(b"c".to_vec())
            )),
            Some((1, 2))
        );
        assert_eq!(zs.lex_range_ranks(&r(LexBound::Max, LexBound::Min)), None);
        assert_eq!(
            zs.lex_range_ranks(&r(
                LexBound::Incl(b"bb".to_vec()),
                LexBound::Excl(b"c".to_vec())
            )),
            None
        );
    }

    #[test]
    fn large_set_stays_shallow_and_shrinks() {
        let mut zs = ZSet::new();
        for i in 0..100_000u32 {
            zs.insert(format!("{i}").as_bytes(), i as f64);
        }
        assert_eq!(zs.rank(b"99999"), Some(99_999));
        assert_eq!(zs.get(500), Some((&b"500"[..], 500.0)));
        fn depth(zs: &ZSet, t: u32) -> usize {
            if t == NIL {
                0
            } else {
                let n = &zs.nodes[t as usize];
                1 + depth(zs, n.left).max(depth(zs, n.right))
            }
        }
        assert!(depth(&zs, zs.root) < 80);
        zs.check();
        for i in 0..99_990u32 {
            zs.remove(format!("{i}").as_bytes());
        }
        zs.check();
        assert!(zs.nodes.capacity() < 1000);
        assert_eq!(
            zs.iter().map(|(_, s)| s).collect::<Vec<_>>(),
            (99_990..100_000).map(|i| i as f64).collect::<Vec<_>>()
        );
    }
}
