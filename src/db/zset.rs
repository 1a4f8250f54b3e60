//! Sorted sets, in the two forms Redis has: while Redis would keep a set as a listpack (at most
//! zset-max-listpack-entries members of at most zset-max-listpack-value bytes) it is one sorted
//! byte buffer (`packed`), walked in O(n); past that it is an order-statistic B+tree with a hash
//! index (`tree`), O(log n). The conversion is one-way, as in Redis, except where Redis builds a
//! set afresh (`compact_if_small`).
//!
//! Positions (`at`, `iter_unordered`) are ranks in the small form and member slots in the large
//! one; ZSCAN walks positions only on the large form, where removals keep them dense.
mod packed;
mod tree;

use packed::Packed;
use tree::Tree;

#[derive(Clone)]
pub struct ZSet {
    repr: Repr,
}

/// The form tells whether Redis would hold the set as a listpack. Some replies depend on it: a
/// listpack stores -0 as 0, ZSCAN returns a listpack whole and prints integral scores as
/// integers, and OBJECT ENCODING names it.
#[derive(Clone)]
enum Repr {
    Packed(Packed),
    Tree(Box<Tree>),
}

use super::packed::LISTPACK_MAX_SAFETY;

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
                .iter_unordered()
                .all(|(m, s)| other.score(m) == Some(s))
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
        ZSet {
            repr: Repr::Packed(Packed::default()),
        }
    }

    /// A set about to receive `n` members. A small set grows its buffer as members come (their
    /// sizes are unknown), so `n` only sizes a set that starts large.
    pub fn with_capacity(_n: usize) -> ZSet {
        ZSet::new()
    }

    /// A set Redis would create skiplist-encoded (first member longer than `LISTPACK_VALUE`,
    /// or a store result known to be large).
    pub fn new_skiplist(n: usize) -> ZSet {
        ZSet {
            repr: Repr::Tree(Box::new(Tree::with_capacity(n))),
        }
    }

    /// Whether Redis would hold this set as a listpack (see `Repr`).
    pub fn is_compact(&self) -> bool {
        matches!(self.repr, Repr::Packed(_))
    }

    /// Redis's `zsetConvert(zobj, OBJ_ENCODING_SKIPLIST)`, which SORT and SORT_RO do to every
    /// sorted set they sort: from now on it is no listpack.
    pub fn convert_to_skiplist(&mut self) {
        if let Repr::Packed(p) = &self.repr {
            self.repr = Repr::Tree(Box::new(tree_of(p)));
        }
    }

    /// OBJECT ENCODING's answer.
    pub fn encoding(&self) -> &'static str {
        if self.is_compact() {
            "listpack"
        } else {
            "skiplist"
        }
    }

    /// Redis's `zsetConvertToListpackIfNeeded` for store results: small enough sets become
    /// listpacks, which turns -0 scores into 0.
    pub fn compact_if_small(&mut self) {
        let Repr::Tree(t) = &self.repr else {
            return;
        };
        let (entries, value) = listpack_limits();
        if t.len() > entries {
            return;
        }
        // Bytes of member, plus at most 19 of tag, length and score: the buffer stays far below
        // 4 GiB, so its positions fit a `u32`.
        let mut total = 0;
        for (m, _) in t.iter_unordered() {
            if m.len() > value {
                return;
            }
            total += m.len() + 19;
        }
        if total <= LISTPACK_MAX_SAFETY {
            self.repr = Repr::Packed(Packed::from_sorted(t.iter_from(0, false)));
        }
    }

    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Packed(p) => p.len(),
            Repr::Tree(t) => t.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, m: &[u8]) -> bool {
        self.score(m).is_some()
    }

    pub fn score(&self, m: &[u8]) -> Option<f64> {
        match &self.repr {
            Repr::Packed(p) => p.find(m).map(|f| f.score),
            Repr::Tree(t) => t.score(m),
        }
    }

    /// Adds `m` or changes its score; returns the previous score if it was present. A new
    /// member past the listpack limits converts a small set first, as Redis's `zsetAdd` does.
    pub fn insert(&mut self, m: &[u8], score: f64) -> Option<f64> {
        debug_assert!(!score.is_nan());
        let p = match &mut self.repr {
            Repr::Tree(t) => return t.insert(m, score),
            Repr::Packed(p) => p,
        };
        let (found, slot) = p.locate(m, score);
        if let Some(f) = found {
            // `!=` as Redis compares: -0 and 0 are the same score, the stored one stays.
            if f.score != score {
                p.rescore(&f, slot, m, score);
            }
            return Some(f.score);
        }
        let (entries, value) = listpack_limits();
        if p.len() < entries && m.len() <= value && p.bytes() + m.len() <= LISTPACK_MAX_SAFETY {
            p.insert_at(slot, m, score);
            return None;
        }
        let mut t = Box::new(tree_of(p));
        t.insert(m, score);
        self.repr = Repr::Tree(t);
        None
    }

    /// Removes `m`; returns its score if it was present.
    pub fn remove(&mut self, m: &[u8]) -> Option<f64> {
        match &mut self.repr {
            Repr::Packed(p) => p.remove(m),
            Repr::Tree(t) => t.remove(m),
        }
    }

    /// 0-based rank of `m` in ascending order.
    pub fn rank(&self, m: &[u8]) -> Option<usize> {
        match &self.repr {
            Repr::Packed(p) => p.find(m).map(|f| f.rank),
            Repr::Tree(t) => t.rank(m),
        }
    }

    /// The element at ascending rank `k`.
    pub fn get(&self, k: usize) -> Option<(&[u8], f64)> {
        self.iter_from(k, false).next()
    }

    /// How many elements, in ascending order, satisfy `below` before the first that does not.
    /// `below` must hold for a prefix of the order (e.g. "score < min").
    pub fn count_while(&self, below: impl FnMut(f64, &[u8]) -> bool) -> usize {
        match &self.repr {
            Repr::Packed(p) => p.count_while(below),
            Repr::Tree(t) => t.count_while(below),
        }
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
    /// highest, descending. O(log n) to start and O(1) amortized per element on the large form;
    /// O(k) to start on the small one.
    pub fn iter_from(&self, k: usize, rev: bool) -> Iter<'_> {
        Iter(match &self.repr {
            Repr::Packed(p) if rev => Walk::Down(p.iter_rev_from(k)),
            Repr::Packed(p) => Walk::Up(p.iter_from(k)),
            Repr::Tree(t) => Walk::Tree(t.iter_from(k, rev)),
        })
    }

    /// The element stored at position `pos` (0..len), in no particular order: for random picks
    /// and ZSCAN. O(pos) on the small form, O(1) on the large one; panics unless `pos < len`.
    pub fn at(&self, pos: usize) -> (&[u8], f64) {
        match &self.repr {
            Repr::Packed(p) => p.at(pos),
            Repr::Tree(t) => t.at(pos),
        }
    }

    /// Elements in position order (cheaper than `iter` when order does not matter).
    pub fn iter_unordered(&self) -> Unordered<'_> {
        Unordered(match &self.repr {
            Repr::Packed(p) => Positions::Packed(p.iter_from(0)),
            Repr::Tree(t) => Positions::Tree(t.iter_unordered()),
        })
    }

    /// Heap bytes held (for memory accounting), not counting the `ZSet` itself.
    pub fn allocation_size(&self) -> usize {
        match &self.repr {
            Repr::Packed(p) => p.allocation_size(),
            Repr::Tree(t) => std::mem::size_of::<Tree>() + t.allocation_size(),
        }
    }

    /// Checks every structural invariant (tests only).
    #[cfg(test)]
    fn check(&self) {
        match &self.repr {
            Repr::Packed(p) => p.check(),
            Repr::Tree(t) => t.check(),
        }
    }
}

/// The large form holding the elements of `p` (and room for the one about to come).
fn tree_of(p: &Packed) -> Tree {
    let mut t = Tree::with_capacity(p.len() + 1);
    for (m, s) in p.iter_from(0) {
        t.insert(m, s);
    }
    t
}

/// Iterator in rank order (see `ZSet::iter_from`).
pub struct Iter<'a>(Walk<'a>);

enum Walk<'a> {
    Up(packed::Up<'a>),
    Down(packed::Down<'a>),
    Tree(tree::Iter<'a>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a [u8], f64);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Walk::Up(it) => it.next(),
            Walk::Down(it) => it.next(),
            Walk::Tree(it) => it.next(),
        }
    }
}

/// Iterator in position order (see `ZSet::iter_unordered`).
pub struct Unordered<'a>(Positions<'a>);

enum Positions<'a> {
    Packed(packed::Up<'a>),
    Tree(tree::Nodes<'a>),
}

impl<'a> Iterator for Unordered<'a> {
    type Item = (&'a [u8], f64);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Positions::Packed(it) => it.next(),
            Positions::Tree(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            Positions::Packed(it) => it.size_hint(),
            Positions::Tree(it) => it.size_hint(),
        }
    }
}

impl ExactSizeIterator for Unordered<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::Rng;

    /// The naive model: a Vec kept sorted by (score, member), and the form Redis would use.
    struct Model {
        elems: Vec<(f64, Vec<u8>)>,
        compact: bool,
    }

    impl Model {
        fn new() -> Model {
            Model {
                elems: Vec::new(),
                compact: true,
            }
        }
        fn sort(&mut self) {
            self.elems
                .sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap().then_with(|| a.1.cmp(&b.1)));
        }
        fn insert(&mut self, m: &[u8], s: f64) -> Option<f64> {
            let (entries, value) = listpack_limits();
            let found = self.elems.iter().position(|e| e.1 == m);
            if found.is_none() && (self.elems.len() + 1 > entries || m.len() > value) {
                self.compact = false;
            }
            // A listpack stores -0 as 0.
            let s = if self.compact && s == 0.0 { 0.0 } else { s };
            if let Some(p) = found {
                let old = self.elems[p].0;
                if old != s {
                    self.elems[p].0 = s;
                }
                self.sort();
                return Some(old);
            }
            self.elems.push((s, m.to_vec()));
            self.sort();
            None
        }
        fn remove(&mut self, m: &[u8]) -> Option<f64> {
            let p = self.elems.iter().position(|e| e.1 == m)?;
            Some(self.elems.remove(p).0)
        }
        fn compact_if_small(&mut self) {
            let (entries, value) = listpack_limits();
            if self.elems.len() <= entries && self.elems.iter().all(|e| e.1.len() <= value) {
                self.compact = true;
                for e in &mut self.elems {
                    if e.0 == 0.0 {
                        e.0 = 0.0;
                    }
                }
            }
        }
    }

    fn member(rng: &mut Rng, space: usize, long: bool) -> Vec<u8> {
        let n = rng.below(space);
        if long && n % 50 == 49 {
            // Longer than zset-max-listpack-value.
            format!("{n}-{}", "x".repeat(70)).into_bytes()
        } else if n.is_multiple_of(7) {
            format!("a-long-member-name-that-spills-{n}").into_bytes()
        } else {
            format!("m{n}").into_bytes()
        }
    }

    fn score(rng: &mut Rng) -> f64 {
        match rng.below(12) {
            0 => f64::INFINITY,
            1 => f64::NEG_INFINITY,
            2 => 0.0,
            3 => -0.0,
            4 | 5 => rng.below(5) as f64,
            6 => (rng.below(1 << 20) as f64 - (1 << 19) as f64) * 1e9,
            7 => 9_007_199_254_740_992.0 * [1.0, -1.0, 0.5, 2.0][rng.below(4)],
            _ => (rng.below(2000) as f64 - 1000.0) / 7.0,
        }
    }

    /// Same elements, scores bit for bit (so -0 and 0 differ), same form.
    fn same(zs: &ZSet, model: &Model) {
        zs.check();
        assert_eq!(zs.is_compact(), model.compact);
        assert_eq!(zs.len(), model.elems.len());
        let got: Vec<(u64, &[u8])> = zs.iter().map(|(m, s)| (s.to_bits(), m)).collect();
        let want: Vec<(u64, &[u8])> = model
            .elems
            .iter()
            .map(|(s, m)| (s.to_bits(), m.as_slice()))
            .collect();
        assert_eq!(got, want);
        let mut unordered: Vec<(&[u8], u64)> =
            zs.iter_unordered().map(|(m, s)| (m, s.to_bits())).collect();
        assert_eq!(zs.iter_unordered().len(), zs.len());
        let mut by_pos: Vec<(&[u8], u64)> = (0..zs.len())
            .map(|p| zs.at(p))
            .map(|(m, s)| (m, s.to_bits()))
            .collect();
        assert_eq!(unordered, by_pos);
        unordered.sort();
        by_pos = want.iter().map(|&(s, m)| (m, s)).collect();
        by_pos.sort();
        assert_eq!(unordered, by_pos);
    }

    fn check_queries(zs: &ZSet, model: &Model, rng: &mut Rng) {
        let n = model.elems.len();
        let k = rng.below(n + 2);
        let fwd: Vec<Vec<u8>> = zs.iter_from(k, false).map(|(m, _)| m.to_vec()).collect();
        let want: Vec<Vec<u8>> = model.elems.iter().skip(k).map(|e| e.1.clone()).collect();
        assert_eq!(fwd, want);
        let rev: Vec<Vec<u8>> = zs.iter_from(k, true).map(|(m, _)| m.to_vec()).collect();
        let want: Vec<Vec<u8>> = model
            .elems
            .iter()
            .rev()
            .skip(k)
            .map(|e| e.1.clone())
            .collect();
        assert_eq!(rev, want);
        assert_eq!(
            zs.get(k).map(|(m, _)| m.to_vec()),
            model.elems.get(k).map(|e| e.1.clone())
        );
        let bound = score(rng);
        assert_eq!(
            zs.count_while(|s, _| s < bound),
            model.elems.iter().filter(|e| e.0 < bound).count()
        );
        let r = ScoreRange {
            min: score(rng),
            max: score(rng),
            minex: rng.below(2) == 0,
            maxex: rng.below(2) == 0,
        };
        let want: Vec<usize> = (0..n)
            .filter(|&i| r.gte_min(model.elems[i].0) && r.lte_max(model.elems[i].0))
            .collect();
        match zs.score_range_ranks(&r) {
            None => assert!(want.is_empty()),
            Some((a, b)) => assert_eq!((a..=b).collect::<Vec<_>>(), want),
        }
    }

    /// Random operations on both forms and across the conversion, against the model.
    #[test]
    fn randomized_against_sorted_vec() {
        let mut rng = Rng::new();
        for round in 0..40 {
            // Member spaces below, around and above zset-max-listpack-entries (128); members
            // longer than zset-max-listpack-value in every other round.
            let space = [5, 50, 130, 140, 500][round % 5];
            let long = round % 2 == 1;
            let mut zs = ZSet::new();
            let mut model = Model::new();
            for step in 0..3000 {
                let m = member(&mut rng, space, long);
                match rng.below(20) {
                    0..=9 => {
                        let s = score(&mut rng);
                        assert_eq!(
                            zs.insert(&m, s).map(f64::to_bits),
                            model.insert(&m, s).map(f64::to_bits)
                        );
                    }
                    10..=15 => assert_eq!(
                        zs.remove(&m).map(f64::to_bits),
                        model.remove(&m).map(f64::to_bits)
                    ),
                    16 => {
                        // What a store command does with its result.
                        zs.compact_if_small();
                        model.compact_if_small();
                    }
                    17 if rng.below(10) == 0 => {
                        zs.convert_to_skiplist();
                        model.compact = false;
                    }
                    _ => {
                        let want = model.elems.iter().position(|e| e.1 == m);
                        assert_eq!(zs.rank(&m), want);
                        assert_eq!(zs.contains(&m), want.is_some());
                        assert_eq!(
                            zs.score(&m).map(f64::to_bits),
                            want.map(|p| model.elems[p].0.to_bits())
                        );
                    }
                }
                if step % 37 == 0 {
                    same(&zs, &model);
                    check_queries(&zs, &model, &mut rng);
                    let copy = zs.clone();
                    assert_eq!(copy, zs);
                }
            }
            same(&zs, &model);
            while let Some((m, _)) = zs.get(0) {
                let m = m.to_vec();
                assert!(zs.remove(&m).is_some());
                model.remove(&m);
            }
            same(&zs, &model);
            assert!(model.elems.is_empty());
            if zs.is_compact() {
                assert_eq!(zs.allocation_size(), 0);
            }
        }
    }

    #[test]
    fn conversion_boundary() {
        let (entries, value) = listpack_limits();
        let mut zs = ZSet::new();
        for i in 0..entries {
            assert_eq!(zs.insert(format!("m{i}").as_bytes(), -0.0), None);
        }
        assert!(zs.is_compact());
        assert_eq!(zs.score(b"m0").map(f64::to_bits), Some(0f64.to_bits()));
        // Updating a present member keeps the form.
        assert_eq!(zs.insert(b"m1", 1.5), Some(0.0));
        assert!(zs.is_compact());
        // One more member converts, and keeps order and scores.
        let before: Vec<(Vec<u8>, f64)> = zs.iter().map(|(m, s)| (m.to_vec(), s)).collect();
        assert_eq!(zs.insert(b"extra", -0.0), None);
        assert!(!zs.is_compact());
        assert!(zs.score(b"extra").unwrap().is_sign_negative());
        zs.remove(b"extra");
        let after: Vec<(Vec<u8>, f64)> = zs.iter().map(|(m, s)| (m.to_vec(), s)).collect();
        assert_eq!(before, after);
        assert!(!zs.is_compact(), "never converted back");
        zs.check();

        let mut zs = ZSet::new();
        zs.insert(b"a", 1.0);
        zs.insert(&vec![b'x'; value], 2.0);
        assert!(zs.is_compact());
        zs.insert(&vec![b'y'; value + 1], 3.0);
        assert!(!zs.is_compact());
        zs.check();

        // A store result: small sets become compact, -0 turns into 0.
        let mut zs = ZSet::new_skiplist(0);
        zs.insert(b"z", -0.0);
        zs.insert(b"a", 7.25);
        assert!(!zs.is_compact());
        zs.compact_if_small();
        assert!(zs.is_compact());
        assert_eq!(
            zs.iter().collect::<Vec<_>>(),
            vec![(&b"z"[..], 0.0), (&b"a"[..], 7.25)]
        );
        assert!(!zs.score(b"z").unwrap().is_sign_negative());
        zs.check();
    }

    #[test]
    fn small_form_is_small() {
        let mut zs = ZSet::new();
        for i in 1..=10 {
            zs.insert(format!("member{i}").as_bytes(), i as f64);
        }
        assert!(zs.is_compact());
        // 4 bytes of count, then per member 1 byte of score, 1 of length and 7 or 8 of name.
        assert!(zs.allocation_size() <= 104, "{}", zs.allocation_size());
        assert!(std::mem::size_of::<ZSet>() <= 24);
    }

    #[test]
    fn scores_round_trip() {
        let scores = [
            0.0,
            1.0,
            -1.0,
            31.0,
            -32.0,
            64.0,
            1e15,
            -1e15,
            9_007_199_254_740_991.0,
            -9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            1e300,
            0.5,
            -2.75,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        let mut zs = ZSet::new();
        for (i, s) in scores.iter().enumerate() {
            zs.insert(format!("{i}").as_bytes(), *s);
        }
        for (i, s) in scores.iter().enumerate() {
            assert_eq!(zs.score(format!("{i}").as_bytes()), Some(*s));
        }
        zs.check();
    }

    #[test]
    fn lex_ranges() {
        let mut zs = ZSet::new();
        for m in ["a", "b", "c", "d", "e"] {
            zs.insert(m.as_bytes(), 0.0);
        }
        let mut big = zs.clone();
        big.convert_to_skiplist();
        for zs in [zs, big] {
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
    }

    #[test]
    fn large_set_stays_shallow_and_shrinks() {
        let mut zs = ZSet::new();
        for i in 0..100_000u32 {
            zs.insert(format!("{i}").as_bytes(), i as f64);
        }
        assert_eq!(zs.rank(b"99999"), Some(99_999));
        assert_eq!(zs.get(500), Some((&b"500"[..], 500.0)));
        let Repr::Tree(t) = &zs.repr else {
            panic!("a large set is a tree")
        };
        // 100,000 elements fill ~1,600 leaves under two levels of inner nodes and a root.
        assert!(t.depth() <= 4, "depth {}", t.depth());
        zs.check();
        for i in 0..99_990u32 {
            zs.remove(format!("{i}").as_bytes());
        }
        zs.check();
        let Repr::Tree(t) = &zs.repr else {
            panic!("never converted back")
        };
        assert!(t.capacity() < 1000);
        assert!(zs.allocation_size() < 10_000, "{}", zs.allocation_size());
        assert_eq!(
            zs.iter().map(|(_, s)| s).collect::<Vec<_>>(),
            (99_990..100_000).map(|i| i as f64).collect::<Vec<_>>()
        );
    }
}
