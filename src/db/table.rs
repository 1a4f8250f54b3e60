//! The keyspace's hash table: entries in a `Vec`, found through an open-addressing index of
//! 8-byte slots.
//!
//! It keeps `IndexMap`'s shape, which the keyspace needs: entries sit at positions `0..len` so a
//! key can be drawn at random in O(1) and SCAN can walk positions, and a removal moves the last
//! entry into the hole (`swap_remove`). What differs is the index. `IndexMap`'s (a SwissTable of
//! positions) costs a lookup three dependent cache misses on a large keyspace: control bytes,
//! position, entry. Here a slot holds the hash's top 32 bits beside the position, so a lookup
//! misses twice: slot, entry. And since a key's home slot follows from its hash alone, the loop
//! can prefetch both for a whole pipelined batch before running it (`prefetch_slot`,
//! `prefetch_entry`), so that a batch waits for memory about twice instead of twice per command.
//!
//! Slots use linear probing from the home slot (the hash's top bits), with backward-shift
//! deletion instead of tombstones, and at most 3/4 of them in use.
//!
//! Growing is incremental, as Redis's rehashing: rebuilding the index of 12 million keys at once
//! stalled the loop for 370 ms (mostly page faults on the new slots). A large table instead
//! starts a new index of twice the size and moves the old one's slots over a few clusters at a
//! time, on every insert and removal and from the loop's cron (`rehash`). Slots move a whole
//! cluster (a run between empty slots) at a time, so each key is in exactly one index, and which
//! one follows from whether its old home slot has been moved yet.
use super::Key;
use std::hash::BuildHasher;

type Hasher = foldhash::fast::RandomState;

/// Slot value for "empty". A used slot is `tag << 32 | (position + 1)`.
const EMPTY: u64 = 0;
const MIN_SLOTS: usize = 8;
/// Indexes up to this many slots are rebuilt at once when they grow (a few tens of µs).
const REBUILD_AT_ONCE: usize = 1 << 12;
/// Old slots moved per insert or removal while rehashing (then on to the end of a cluster).
/// Two would finish before the new index fills up; more makes the double lookups end sooner.
const REHASH_STEP: usize = 16;

#[derive(Clone, Debug)]
struct Bucket<V> {
    key: Key,
    value: V,
}

/// One array of slots: a power of two of them, or none.
#[derive(Clone, Default)]
struct Index {
    slots: Box<[u64]>,
}

/// The index being moved into the table's new one. Its slots from `start` on, `moved` of them
/// (cyclically), have been moved: `start` was an empty slot and each step ends just after one,
/// so the moved part is whole clusters. Boxed: a table that is not growing (most of them, and
/// every small set or hash) pays 8 bytes for it.
#[derive(Clone)]
struct Rehash {
    old: Index,
    start: usize,
    moved: usize,
}

#[derive(Clone)]
pub struct Table<V> {
    entries: Vec<Bucket<V>>,
    index: Index,
    rehash: Option<Box<Rehash>>,
    hasher: Hasher,
}

impl<V> Default for Table<V> {
    fn default() -> Table<V> {
        Table {
            entries: Vec::new(),
            index: Index::default(),
            rehash: None,
            hasher: Hasher::default(),
        }
    }
}

fn tag_of(hash: u64) -> u64 {
    hash >> 32
}

fn slot_tag(slot: u64) -> u64 {
    slot >> 32
}

fn slot_pos(slot: u64) -> usize {
    (slot as u32 as usize).wrapping_sub(1)
}

#[cfg(target_arch = "x86_64")]
fn prefetch<T>(p: *const T) {
    // SAFETY: prefetching is a hint; it never faults, whatever the address.
    unsafe { std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0) }
}

#[cfg(not(target_arch = "x86_64"))]
fn prefetch<T>(_: *const T) {}

impl Index {
    fn with_slots(n: usize) -> Index {
        Index {
            slots: vec![EMPTY; n].into_boxed_slice(),
        }
    }

    fn len(&self) -> usize {
        self.slots.len()
    }

    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// The home slot of a tag: its top log2(slots) bits (the index must have slots).
    fn home(&self, tag: u64) -> usize {
        (tag >> (32 - self.slots.len().trailing_zeros())) as usize
    }

    /// The slot (and its position) with `tag` whose entry passes `is_it`.
    fn search(&self, tag: u64, mut is_it: impl FnMut(usize) -> bool) -> Option<(usize, usize)> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.mask();
        let mut i = self.home(tag);
        loop {
            let s = self.slots[i];
            if s == EMPTY {
                return None;
            }
            if slot_tag(s) == tag && is_it(slot_pos(s)) {
                return Some((i, slot_pos(s)));
            }
            i = (i + 1) & mask;
        }
    }

    /// Writes a slot for `pos` into the first empty slot from the tag's home (room is assured).
    fn put(&mut self, tag: u64, pos: usize) {
        debug_assert!(pos < u32::MAX as usize, "positions fit in 32 bits");
        let mask = self.mask();
        let mut i = self.home(tag);
        while self.slots[i] != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = tag << 32 | (pos as u64 + 1);
    }

    /// Empties slot `hole` and shifts back the slots after it whose home allows it, so that no
    /// probe sequence has a gap (what tombstones would do otherwise).
    fn clear(&mut self, mut hole: usize) {
        let mask = self.mask();
        let mut i = hole;
        loop {
            i = (i + 1) & mask;
            let s = self.slots[i];
            if s == EMPTY {
                break;
            }
            let home = self.home(slot_tag(s));
            // The slot may move to the hole if its home is not in (hole, i], cyclically.
            if (i.wrapping_sub(home) & mask) >= (i.wrapping_sub(hole) & mask) {
                self.slots[hole] = s;
                hole = i;
            }
        }
        self.slots[hole] = EMPTY;
    }

    fn prefetch_home(&self, tag: u64) {
        if !self.slots.is_empty() {
            prefetch(&self.slots[self.home(tag)]);
        }
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for Table<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|b| (&b.key, &b.value)))
            .finish()
    }
}

/// Equal when they hold the same keys and values, in any order (as `IndexMap`'s equality).
impl<V: PartialEq> PartialEq for Table<V> {
    fn eq(&self, other: &Table<V>) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

/// Where a key's slot was found: which index (`old` or not), which slot, which position.
struct Found {
    old: bool,
    slot: usize,
    pos: usize,
}

impl<V> Table<V> {
    pub fn with_capacity(n: usize) -> Table<V> {
        let mut t = Table::default();
        t.reserve(n);
        t
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries the table holds without growing its entry vector.
    pub fn capacity(&self) -> usize {
        self.entries.capacity()
    }

    pub fn hash(&self, key: &[u8]) -> u64 {
        self.hasher.hash_one(key)
    }

    /// True while an old index is being moved into the new one.
    pub fn is_rehashing(&self) -> bool {
        self.rehash.is_some()
    }

    /// The old index if a key with this tag still has its slot there (its old home slot has
    /// not been moved yet).
    fn old_for(&self, tag: u64) -> Option<&Index> {
        let r = self.rehash.as_deref()?;
        let old = &r.old;
        ((old.home(tag).wrapping_sub(r.start) & old.mask()) >= r.moved).then_some(old)
    }

    /// The slot of the entry with `tag` that passes `is_it`: in the old index if its home has
    /// not moved yet (keys added meanwhile went to the new one), else in the new one.
    fn locate(&self, tag: u64, mut is_it: impl FnMut(usize) -> bool) -> Option<Found> {
        if let Some(old) = self.old_for(tag)
            && let Some((slot, pos)) = old.search(tag, &mut is_it)
        {
            return Some(Found {
                old: true,
                slot,
                pos,
            });
        }
        let (slot, pos) = self.index.search(tag, is_it)?;
        Some(Found {
            old: false,
            slot,
            pos,
        })
    }

    fn find_hashed(&self, hash: u64, key: &[u8]) -> Option<Found> {
        if self.entries.is_empty() {
            return None;
        }
        self.locate(tag_of(hash), |pos| self.entries[pos].key.as_slice() == key)
    }

    /// The position of `key`.
    pub fn get_index_of(&self, key: &[u8]) -> Option<usize> {
        self.find_hashed(self.hash(key), key).map(|f| f.pos)
    }

    pub fn get(&self, key: &[u8]) -> Option<&V> {
        let pos = self.get_index_of(key)?;
        Some(&self.entries[pos].value)
    }

    pub fn get_mut(&mut self, key: &[u8]) -> Option<&mut V> {
        let pos = self.get_index_of(key)?;
        Some(&mut self.entries[pos].value)
    }

    pub fn get_key_value(&self, key: &[u8]) -> Option<(&Key, &V)> {
        let pos = self.get_index_of(key)?;
        let b = &self.entries[pos];
        Some((&b.key, &b.value))
    }

    pub fn contains_key(&self, key: &[u8]) -> bool {
        self.get_index_of(key).is_some()
    }

    pub fn get_index(&self, pos: usize) -> Option<(&Key, &V)> {
        self.entries.get(pos).map(|b| (&b.key, &b.value))
    }

    pub fn get_index_mut(&mut self, pos: usize) -> Option<&mut V> {
        self.entries.get_mut(pos).map(|b| &mut b.value)
    }

    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.entries.iter().map(|b| &b.key)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key, &V)> {
        self.entries.iter().map(|b| (&b.key, &b.value))
    }

    /// Stores `value` under `key`. An existing key keeps its position and its stored key; its
    /// old value is returned.
    pub fn insert(&mut self, key: Key, value: V) -> Option<V> {
        let hash = self.hash(&key);
        if let Some(f) = self.find_hashed(hash, &key) {
            return Some(std::mem::replace(&mut self.entries[f.pos].value, value));
        }
        self.push_new(hash, key, value);
        None
    }

    /// The position of `key`, added with `make()` first when it is missing (true then): one
    /// hash and one probe either way, and the key is built only when it is added.
    pub fn find_or_insert_with(&mut self, key: &[u8], make: impl FnOnce() -> V) -> (usize, bool) {
        let hash = self.hash(key);
        if let Some(f) = self.find_hashed(hash, key) {
            return (f.pos, false);
        }
        (self.push_new(hash, Key::from_slice(key), make()), true)
    }

    /// Appends an entry whose key was just looked for under `hash` and not found.
    fn push_new(&mut self, hash: u64, key: Key, value: V) -> usize {
        self.rehash(REHASH_STEP);
        self.make_room_for(self.entries.len() + 1, true);
        let pos = self.entries.len();
        self.index.put(tag_of(hash), pos);
        self.entries.push(Bucket { key, value });
        pos
    }

    /// Removes `key`, moving the last entry into its position. Returns its value.
    pub fn swap_remove(&mut self, key: &[u8]) -> Option<V> {
        let f = self.find_hashed(self.hash(key), key)?;
        Some(self.remove_found(f).1)
    }

    /// Removes the entry at position `pos`, moving the last entry into it.
    pub fn swap_remove_index(&mut self, pos: usize) -> Option<(Key, V)> {
        let key = &self.entries.get(pos)?.key;
        let f = self.find_hashed(self.hash(key), key)?;
        Some(self.remove_found(f))
    }

    fn index_mut(&mut self, old: bool) -> &mut Index {
        match self.rehash.as_deref_mut() {
            Some(r) if old => &mut r.old,
            _ => &mut self.index,
        }
    }

    fn remove_found(&mut self, f: Found) -> (Key, V) {
        self.index_mut(f.old).clear(f.slot);
        let last = self.entries.len() - 1;
        if f.pos != last {
            // The last entry's slot now has to point at `pos`.
            let tag = tag_of(self.hash(&self.entries[last].key));
            let found = self.locate(tag, |p| p == last);
            debug_assert!(found.is_some(), "every entry has a slot");
            if let Some(l) = found {
                self.index_mut(l.old).slots[l.slot] = tag << 32 | (f.pos as u64 + 1);
            }
        }
        let b = self.entries.swap_remove(f.pos);
        self.rehash(REHASH_STEP);
        (b.key, b.value)
    }

    /// Makes room for `more` entries. A large index that must grow for them is rebuilt at once
    /// (for loading a snapshot, not for commands, which grow by one key at a time).
    pub fn reserve(&mut self, more: usize) {
        self.make_room_for(self.entries.len().saturating_add(more), false);
        self.entries.reserve(more);
    }

    /// Grows the index if `need` entries would fill more than 3/4 of it: by a rehash if
    /// `gradual` and it is large, else at once.
    fn make_room_for(&mut self, need: usize, gradual: bool) {
        if need.saturating_mul(4) <= self.index.len().saturating_mul(3) {
            return;
        }
        // Still moving from the previous growth (rare: the steps are sized to finish first).
        self.rehash(usize::MAX);
        let n = slots_for(need);
        if !gradual || self.index.len() < REBUILD_AT_ONCE {
            self.rebuild(n);
            return;
        }
        let old = std::mem::replace(&mut self.index, Index::with_slots(n));
        // Less than 3/4 full, so there is an empty slot to start from.
        let start = old.slots.iter().position(|&s| s == EMPTY).unwrap_or(0);
        self.rehash = Some(Box::new(Rehash {
            old,
            start,
            moved: 0,
        }));
    }

    /// Moves at least `slots` slots of the old index (and on to the end of a cluster) into the
    /// new one, if rehashing. Returns whether a rehash is still in progress.
    pub fn rehash(&mut self, slots: usize) -> bool {
        let Some(r) = self.rehash.as_deref_mut() else {
            return false;
        };
        let mask = r.old.mask();
        let mut n = 0;
        while r.moved < r.old.len() {
            let i = (r.start + r.moved) & mask;
            let s = std::mem::replace(&mut r.old.slots[i], EMPTY);
            r.moved += 1;
            n += 1;
            if s != EMPTY {
                self.index.put(slot_tag(s), slot_pos(s));
            } else if n >= slots {
                return true;
            }
        }
        self.rehash = None;
        false
    }

    /// Gives back memory down to what `min` entries (at least the current ones) need.
    pub fn shrink_to(&mut self, min: usize) {
        let min = min.max(self.entries.len());
        self.entries.shrink_to(min);
        self.rehash(usize::MAX);
        let slots = slots_for(min);
        if slots < self.index.len() {
            self.rebuild(slots);
        }
    }

    pub fn shrink_to_fit(&mut self) {
        self.shrink_to(0);
    }

    /// Re-places every slot into a fresh index of `n` slots (a power of two) at once. Only the
    /// slots are read: the tag gives the new home.
    fn rebuild(&mut self, n: usize) {
        self.rehash(usize::MAX);
        let old = std::mem::replace(&mut self.index, Index::with_slots(n));
        for &s in old.slots.iter().filter(|&&s| s != EMPTY) {
            self.index.put(slot_tag(s), slot_pos(s));
        }
    }

    /// First half of a lookup done early: asks the CPU for the key's home slot (in both
    /// indexes while rehashing).
    pub fn prefetch_slot(&self, hash: u64) {
        let tag = tag_of(hash);
        if let Some(old) = self.old_for(tag) {
            old.prefetch_home(tag);
        }
        self.index.prefetch_home(tag);
    }

    /// Second half: follows the first slot with the key's tag to its entry and asks for that.
    /// Best after `prefetch_slot` had time to bring the slot in. Returns the entry's position:
    /// the key's, almost surely (the tag has 32 bits), but unchecked.
    pub fn prefetch_entry(&self, hash: u64) -> Option<usize> {
        if self.entries.is_empty() {
            return None;
        }
        let f = self.locate(tag_of(hash), |_| true)?;
        let b: *const Bucket<V> = &self.entries[f.pos];
        prefetch(b);
        // A bucket may span two cache lines; the value is in its second half.
        prefetch((b as *const u8).wrapping_add(std::mem::size_of::<Bucket<V>>() - 1));
        Some(f.pos)
    }
}

/// Slots for `n` entries at a load of at most 3/4 (a power of two, at least `MIN_SLOTS`).
fn slots_for(n: usize) -> usize {
    (n.saturating_mul(4) / 3 + 1)
        .max(MIN_SLOTS)
        .checked_next_power_of_two()
        .unwrap_or(1 << (usize::BITS - 1))
        .min(1 << 32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn key(s: &str) -> Key {
        Key::from_slice(s.as_bytes())
    }

    /// Checks every invariant: each entry has exactly one slot, in one of the two indexes,
    /// reachable from its home without crossing an empty slot.
    fn check<V>(t: &Table<V>) {
        let used = |i: &Index| i.slots.iter().filter(|&&s| s != EMPTY).count();
        let old = t.rehash.as_ref().map_or(0, |r| used(&r.old));
        assert_eq!(used(&t.index) + old, t.len());
        for (pos, b) in t.entries.iter().enumerate() {
            assert_eq!(t.get_index_of(&b.key), Some(pos));
        }
        if !t.index.slots.is_empty() {
            assert!(t.len() * 4 <= t.index.len() * 3);
        }
    }

    /// Random inserts, removals, shrinks and lookups against a `HashMap`, checking the
    /// invariants as it goes; returns how many steps ran while rehashing.
    fn random_operations(keys: u64, steps: u64, shrink: bool) -> u64 {
        let mut t: Table<u64> = Table::default();
        let mut model: HashMap<Vec<u8>, u64> = HashMap::new();
        let mut x: u64 = 0x1234_5678_9abc_def1;
        let mut rehashing = 0;
        for step in 0..steps {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let k = format!("k{}", x % keys);
            match x >> 60 {
                0..=5 => {
                    assert_eq!(t.insert(key(&k), step), model.insert(k.into_bytes(), step));
                }
                6..=8 => {
                    let added = !model.contains_key(k.as_bytes());
                    let want = *model.entry(k.clone().into_bytes()).or_insert(step);
                    let (pos, inserted) = t.find_or_insert_with(k.as_bytes(), || step);
                    assert_eq!(inserted, added);
                    assert_eq!(t.get_index(pos), Some((&key(&k), &want)));
                }
                9..=12 => {
                    assert_eq!(t.swap_remove(k.as_bytes()), model.remove(k.as_bytes()));
                }
                13 if shrink => t.shrink_to(0),
                _ => assert_eq!(t.get(k.as_bytes()), model.get(k.as_bytes())),
            }
            rehashing += t.is_rehashing() as u64;
            if step % 10_000 == 0 || (t.is_rehashing() && step % 97 == 0) {
                check(&t);
            }
        }
        check(&t);
        assert_eq!(t.len(), model.len());
        for (k, v) in t.iter() {
            assert_eq!(model.get(k.as_slice()), Some(v));
        }
        rehashing
    }

    #[test]
    fn behaves_like_a_map_under_random_operations() {
        random_operations(3000, 200_000, true);
    }

    #[test]
    fn stays_a_map_while_rehashing() {
        // Enough keys that the index passes REBUILD_AT_ONCE and grows by rehashing, with
        // removals and lookups (of keys in either index) in between.
        let rehashing = random_operations(40_000, 300_000, false);
        assert!(
            rehashing > 1000,
            "only {rehashing} steps ran while rehashing"
        );
    }

    #[test]
    fn a_rehash_can_be_finished_from_outside() {
        let mut t: Table<u32> = Table::default();
        let mut i = 0;
        while !t.is_rehashing() {
            t.insert(key(&format!("k{i}")), i);
            i += 1;
        }
        let old_slots = t.rehash.as_ref().map_or(0, |r| r.old.len());
        let mut calls = 0;
        while t.rehash(64) {
            calls += 1;
        }
        assert!(calls > 0 && calls <= old_slots / 64, "{calls} calls");
        assert!(!t.is_rehashing());
        check(&t);
    }

    #[test]
    fn swap_remove_moves_the_last_entry_into_the_hole() {
        let mut t: Table<u32> = Table::default();
        for i in 0..5 {
            t.insert(key(&format!("k{i}")), i);
        }
        assert_eq!(t.swap_remove(b"k1"), Some(1));
        let order: Vec<&[u8]> = t.keys().map(|k| k.as_slice()).collect();
        assert_eq!(order, [&b"k0"[..], b"k4", b"k2", b"k3"]);
        assert_eq!(t.get_index_of(b"k4"), Some(1));
        assert_eq!(t.swap_remove(b"k1"), None);
        check(&t);
    }

    #[test]
    fn insert_keeps_position_and_returns_the_old_value() {
        let mut t: Table<u32> = Table::default();
        t.insert(key("a"), 1);
        t.insert(key("b"), 2);
        assert_eq!(t.insert(key("a"), 3), Some(1));
        assert_eq!(t.get_index(0), Some((&key("a"), &3)));
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn colliding_homes_survive_deletion_in_any_order() {
        // A tiny table where every key shares a few homes: long probe runs that wrap around.
        let mut t: Table<usize> = Table::default();
        t.reserve(5);
        let keys: Vec<Key> = (0..6).map(|i| key(&format!("collide{i}"))).collect();
        for (i, k) in keys.iter().enumerate() {
            t.insert(k.clone(), i);
        }
        check(&t);
        for k in keys.iter().rev().step_by(2) {
            t.swap_remove(k);
            check(&t);
        }
        t.shrink_to(0);
        check(&t);
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn a_table_stays_small() {
        // A set or hash table is boxed in its value: every byte here is paid per collection.
        assert!(std::mem::size_of::<Table<()>>() <= 56);
    }

    #[test]
    fn prefetching_is_harmless_on_any_table() {
        let mut t: Table<u8> = Table::default();
        let h = t.hash(b"x");
        t.prefetch_slot(h);
        t.prefetch_entry(h);
        t.insert(key("x"), 1);
        t.prefetch_slot(h);
        t.prefetch_entry(h);
        t.prefetch_entry(t.hash(b"absent"));
        assert_eq!(t.get(b"x"), Some(&1));
    }
}
