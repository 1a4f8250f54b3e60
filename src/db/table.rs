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
use super::Key;
use std::hash::BuildHasher;

type Hasher = foldhash::fast::RandomState;

/// Slot value for "empty". A used slot is `tag << 32 | (position + 1)`.
const EMPTY: u64 = 0;
const MIN_SLOTS: usize = 8;

#[derive(Clone, Debug)]
struct Bucket<V> {
    key: Key,
    value: V,
}

pub struct Table<V> {
    entries: Vec<Bucket<V>>,
    slots: Box<[u64]>,
    /// log2 of `slots.len()` (0 while there are no slots).
    bits: u32,
    hasher: Hasher,
}

impl<V> Default for Table<V> {
    fn default() -> Table<V> {
        Table {
            entries: Vec::new(),
            slots: Box::new([]),
            bits: 0,
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

impl<V: Clone> Clone for Table<V> {
    fn clone(&self) -> Table<V> {
        Table {
            entries: self.entries.clone(),
            slots: self.slots.clone(),
            bits: self.bits,
            hasher: self.hasher.clone(),
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

    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// The home slot of a hash: its top `bits` bits.
    fn home(&self, tag: u64) -> usize {
        (tag >> (32 - self.bits)) as usize
    }

    fn find_hashed(&self, hash: u64, key: &[u8]) -> Option<(usize, usize)> {
        if self.entries.is_empty() {
            return None;
        }
        let tag = tag_of(hash);
        let mask = self.mask();
        let mut i = self.home(tag);
        loop {
            let s = self.slots[i];
            if s == EMPTY {
                return None;
            }
            if slot_tag(s) == tag {
                let pos = slot_pos(s);
                if self.entries[pos].key.as_slice() == key {
                    return Some((i, pos));
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The position of `key`.
    pub fn get_index_of(&self, key: &[u8]) -> Option<usize> {
        self.find_hashed(self.hash(key), key).map(|(_, pos)| pos)
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
        if let Some((_, pos)) = self.find_hashed(hash, &key) {
            return Some(std::mem::replace(&mut self.entries[pos].value, value));
        }
        self.reserve(1);
        let pos = self.entries.len();
        self.put_slot(tag_of(hash), pos);
        self.entries.push(Bucket { key, value });
        None
    }

    /// Writes a slot for `pos` into the first empty slot from the tag's home (room is assured).
    fn put_slot(&mut self, tag: u64, pos: usize) {
        debug_assert!(pos < u32::MAX as usize, "positions fit in 32 bits");
        let mask = self.mask();
        let mut i = self.home(tag);
        while self.slots[i] != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = tag << 32 | (pos as u64 + 1);
    }

    /// Removes `key`, moving the last entry into its position. Returns its value.
    pub fn swap_remove(&mut self, key: &[u8]) -> Option<V> {
        let (slot, pos) = self.find_hashed(self.hash(key), key)?;
        Some(self.remove_at(slot, pos).1)
    }

    /// Removes the entry at position `pos`, moving the last entry into it.
    pub fn swap_remove_index(&mut self, pos: usize) -> Option<(Key, V)> {
        let key = &self.entries.get(pos)?.key;
        let (slot, _) = self.find_hashed(self.hash(key), key)?;
        Some(self.remove_at(slot, pos))
    }

    fn remove_at(&mut self, slot: usize, pos: usize) -> (Key, V) {
        self.clear_slot(slot);
        let last = self.entries.len() - 1;
        if pos != last {
            // The last entry's slot now has to point at `pos`.
            let tag = tag_of(self.hash(&self.entries[last].key));
            let mask = self.mask();
            let mut i = self.home(tag);
            while slot_pos(self.slots[i]) != last {
                i = (i + 1) & mask;
            }
            self.slots[i] = tag << 32 | (pos as u64 + 1);
        }
        let b = self.entries.swap_remove(pos);
        (b.key, b.value)
    }

    /// Empties slot `i` and shifts back the slots after it whose home allows it, so that no
    /// probe sequence has a gap (what tombstones would do otherwise).
    fn clear_slot(&mut self, mut hole: usize) {
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

    /// Makes room for `more` entries without rebuilding the index.
    pub fn reserve(&mut self, more: usize) {
        let need = self.entries.len().saturating_add(more);
        if need.saturating_mul(4) > self.slots.len().saturating_mul(3) {
            self.rebuild(slots_for(need));
        }
        self.entries.reserve(more);
    }

    /// Gives back memory down to what `min` entries (at least the current ones) need.
    pub fn shrink_to(&mut self, min: usize) {
        let min = min.max(self.entries.len());
        self.entries.shrink_to(min);
        let slots = slots_for(min);
        if slots < self.slots.len() {
            self.rebuild(slots);
        }
    }

    pub fn shrink_to_fit(&mut self) {
        self.shrink_to(0);
    }

    /// Re-places every slot into a fresh index of `n` slots (a power of two). Only the slots
    /// are read: the tag gives the new home.
    fn rebuild(&mut self, n: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; n].into_boxed_slice());
        self.bits = n.trailing_zeros();
        for &s in old.iter().filter(|&&s| s != EMPTY) {
            self.put_slot(slot_tag(s), slot_pos(s));
        }
    }

    /// First half of a lookup done early: asks the CPU for the key's home slot.
    pub fn prefetch_slot(&self, hash: u64) {
        if !self.slots.is_empty() {
            prefetch(&self.slots[self.home(tag_of(hash))]);
        }
    }

    /// Second half: follows the first slot with the key's tag to its entry and asks for that.
    /// Best after `prefetch_slot` had time to bring the slot in.
    pub fn prefetch_entry(&self, hash: u64) {
        if self.entries.is_empty() {
            return;
        }
        let tag = tag_of(hash);
        let mask = self.mask();
        let mut i = self.home(tag);
        loop {
            let s = self.slots[i];
            if s == EMPTY {
                return;
            }
            if slot_tag(s) == tag {
                let b: *const Bucket<V> = &self.entries[slot_pos(s)];
                prefetch(b);
                // A bucket may span two cache lines; the value is in its second half.
                prefetch((b as *const u8).wrapping_add(std::mem::size_of::<Bucket<V>>() - 1));
                return;
            }
            i = (i + 1) & mask;
        }
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

    /// Checks every invariant: each entry has exactly one slot, reachable from its home
    /// without crossing an empty slot.
    fn check<V>(t: &Table<V>) {
        let used = t.slots.iter().filter(|&&s| s != EMPTY).count();
        assert_eq!(used, t.len());
        for (pos, b) in t.entries.iter().enumerate() {
            assert_eq!(t.get_index_of(&b.key), Some(pos));
        }
        if !t.slots.is_empty() {
            assert!(t.len() * 4 <= t.slots.len() * 3);
        }
    }

    #[test]
    fn behaves_like_a_map_under_random_operations() {
        let mut t: Table<u64> = Table::default();
        let mut model: HashMap<Vec<u8>, u64> = HashMap::new();
        let mut x: u64 = 0x1234_5678_9abc_def1;
        for step in 0..200_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let k = format!("k{}", x % 3000);
            match x >> 60 {
                0..=7 => {
                    assert_eq!(t.insert(key(&k), step), model.insert(k.into_bytes(), step));
                }
                8..=12 => {
                    assert_eq!(t.swap_remove(k.as_bytes()), model.remove(k.as_bytes()));
                }
                13 => {
                    t.shrink_to(0);
                }
                _ => {
                    assert_eq!(t.get(k.as_bytes()), model.get(k.as_bytes()));
                }
            }
            if step % 10_000 == 0 {
                check(&t);
            }
        }
        check(&t);
        assert_eq!(t.len(), model.len());
        for (k, v) in t.iter() {
            assert_eq!(model.get(k.as_slice()), Some(v));
        }
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
