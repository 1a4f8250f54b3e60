//! The large form of a sorted set: an order-statistic treap over (score, member) plus a
//! member -> node hash index.
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
use crate::db::Str;
use hashbrown::HashTable;
use smallvec::SmallVec;
use std::hash::BuildHasher;

const NIL: u32 = u32::MAX;

#[derive(Clone, Debug)]
pub(super) struct Node {
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
pub(super) struct Tree {
    nodes: Vec<Node>,
    index: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
    root: u32,
}

impl Tree {
    pub(super) fn with_capacity(n: usize) -> Tree {
        Tree {
            nodes: Vec::with_capacity(n),
            index: HashTable::with_capacity(n),
            hasher: Default::default(),
            root: NIL,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.nodes.len()
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

    pub(super) fn score(&self, m: &[u8]) -> Option<f64> {
        self.find(m).map(|i| self.nodes[i as usize].score)
    }

    /// Adds `m` or changes its score; returns the previous score if it was present.
    pub(super) fn insert(&mut self, m: &[u8], score: f64) -> Option<f64> {
        let h = self.hash(m);
        let nodes = &self.nodes;
        let found = self
            .index
            .find(h, |&i| nodes[i as usize].member.as_slice() == m)
            .copied();
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
    pub(super) fn remove(&mut self, m: &[u8]) -> Option<f64> {
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
    pub(super) fn rank(&self, m: &[u8]) -> Option<usize> {
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

    /// See `ZSet::count_while`.
    pub(super) fn count_while(&self, mut below: impl FnMut(f64, &[u8]) -> bool) -> usize {
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

    /// Elements from rank `k` on, ascending, or (if `rev`) from rank `k` counted from the
    /// highest, descending. O(log n) to start, O(1) amortized per element.
    pub(super) fn iter_from(&self, mut k: usize, rev: bool) -> Iter<'_> {
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

    /// The element stored at position `pos` (0..len): the node positions, in no particular
    /// order.
    pub(super) fn at(&self, pos: usize) -> (&[u8], f64) {
        let n = &self.nodes[pos];
        (&n.member, n.score)
    }

    /// Elements in storage order.
    pub(super) fn iter_unordered(&self) -> Nodes<'_> {
        Nodes(self.nodes.iter())
    }

    /// Heap bytes held, not counting the `Tree` itself.
    pub(super) fn allocation_size(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.index.allocation_size()
            + self
                .nodes
                .iter()
                .filter(|n| n.member.spilled())
                .map(|n| n.member.capacity())
                .sum::<usize>()
    }

    /// The longest path from the root (tests only).
    #[cfg(test)]
    pub(super) fn depth(&self) -> usize {
        fn depth(zs: &Tree, t: u32) -> usize {
            if t == NIL {
                0
            } else {
                let n = &zs.nodes[t as usize];
                1 + depth(zs, n.left).max(depth(zs, n.right))
            }
        }
        depth(self, self.root)
    }

    /// Spare node slots (tests only).
    #[cfg(test)]
    pub(super) fn capacity(&self) -> usize {
        self.nodes.capacity()
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
    pub(super) fn check(&self) {
        fn walk(zs: &Tree, t: u32, out: &mut Vec<u32>) -> usize {
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

/// In-order iterator (see `Tree::iter_from`).
#[derive(Clone)]
pub(super) struct Iter<'a> {
    zs: &'a Tree,
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

/// Elements in storage order (see `Tree::iter_unordered`).
pub(super) struct Nodes<'a>(std::slice::Iter<'a, Node>);

impl<'a> Iterator for Nodes<'a> {
    type Item = (&'a [u8], f64);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|n| (n.member.as_slice(), n.score))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Nodes<'_> {}
