//! Collection representations behind `Value`'s variants.
//!
//! Hashes and sets are `IndexMap`/`IndexSet`s so that HRANDFIELD, SRANDMEMBER and SPOP pick a
//! random element in O(1) without copying the collection, and HSCAN/SSCAN can walk positions the
//! way SCAN does (see `Db::scan`). Lists are packed chunks, as Redis's quicklist (see `list`).
//!
//! Redis 7.0 keeps a small hash as a listpack and a small all-integer set as an intset, and
//! converts them to hashtables once they outgrow the limits, never back (until a restart reloads
//! them). `Hash` and `Set` remember that conversion, because it shows: in OBJECT ENCODING, in the
//! order replies list the elements (a listpack's insertion order, an intset's numeric order, a
//! hashtable's unspecified order) and in HSCAN/SSCAN returning a compact collection whole.
//! Their element order is kept to match: a listpack hash deletes with `shift_remove`, an intset
//! inserts at its sorted position; a hashtable uses the O(1) `swap_remove`.
use super::Str;
use crate::proto::num::parse_i64;
use indexmap::{IndexMap, IndexSet};

pub use super::list::{Fill, List};

type Fields = IndexMap<Str, Str, foldhash::fast::RandomState>;
type Members = IndexSet<Str, foldhash::fast::RandomState>;

/// A listpack hash keeps insertion order on deletion (a shift-removal, O(fields)) only up to
/// this many fields, however high hash-max-listpack-entries is set.
const SHIFT_REMOVE_MAX: usize = 4096;

/// A hash: its fields in insertion order (while Redis would hold it as a listpack) and whether
/// Redis would have converted it to a hashtable. Reads go through `Deref` to the `IndexMap`;
/// writes through the methods, which keep both right.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hash {
    fields: Fields,
    /// Redis would hold this hash as a hashtable: it once had more than
    /// hash-max-listpack-entries fields, or a field or value longer than
    /// hash-max-listpack-value bytes.
    hashtable: bool,
}

impl std::ops::Deref for Hash {
    type Target = Fields;

    fn deref(&self) -> &Fields {
        &self.fields
    }
}

impl Hash {
    /// Whether Redis would hold this hash as a listpack (OBJECT ENCODING's answer).
    pub fn is_listpack(&self) -> bool {
        !self.hashtable
    }

    /// Redis's `hashTypeTryConversion`: a field or value about to be stored that is longer than
    /// `max_value` bytes makes the hash a hashtable first.
    pub fn convert_for(&mut self, arg: &[u8], max_value: usize) {
        if arg.len() > max_value {
            self.hashtable = true;
        }
    }

    /// Redis's `hashTypeSet`: sets `field` (a new one goes last) and converts to a hashtable
    /// when the field or value is too long or the hash has outgrown `max_entries`. Returns
    /// whether the field is new.
    pub fn set(
        &mut self,
        field: &[u8],
        value: &[u8],
        max_entries: usize,
        max_value: usize,
    ) -> bool {
        self.convert_for(field, max_value);
        self.convert_for(value, max_value);
        let new = match self.fields.get_mut(field) {
            Some(v) => {
                *v = Str::from_slice(value);
                false
            }
            None => {
                self.fields
                    .insert(Str::from_slice(field), Str::from_slice(value));
                true
            }
        };
        if self.fields.len() > max_entries {
            self.hashtable = true;
        }
        new
    }

    /// Removes a field; a listpack keeps the others' order (see the module comment).
    pub fn remove(&mut self, field: &[u8]) -> bool {
        if !self.hashtable && self.fields.len() <= SHIFT_REMOVE_MAX {
            self.fields.shift_remove(field).is_some()
        } else {
            self.fields.swap_remove(field).is_some()
        }
    }

    /// Gives memory back after many deletions, as Redis's `dictResize` when a table is under
    /// 10% full. Amortized O(1): the copy is O(len), and 90% of the fields must go before the
    /// next one.
    pub fn shrink_if_sparse(&mut self) {
        if self.fields.capacity() > 64 && self.fields.len() * 10 < self.fields.capacity() {
            self.fields.shrink_to_fit();
        }
    }
}

/// A set: its members (in numeric order while Redis would hold it as an intset) and whether
/// Redis would have converted it to a hashtable. Reads go through `Deref` to the `IndexSet`;
/// writes through the methods, which keep both right. A new set is an empty intset, like the
/// destination sets Redis creates for SINTERSTORE, SUNION and the rest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Set {
    members: Members,
    /// Redis would hold this set as a hashtable: it once had a member that is not an integer
    /// (as `string2ll` reads it) or more than set-max-intset-entries members.
    hashtable: bool,
}

impl std::ops::Deref for Set {
    type Target = Members;

    fn deref(&self) -> &Members {
        &self.members
    }
}

impl Set {
    /// Whether Redis would hold this set as an intset (OBJECT ENCODING's answer).
    pub fn is_intset(&self) -> bool {
        !self.hashtable
    }

    pub fn with_capacity(n: usize) -> Set {
        Set {
            members: Members::with_capacity_and_hasher(n, Default::default()),
            hashtable: false,
        }
    }

    /// Redis's `setTypeAdd`: adds `m` unless present (an intset in numeric order, a hashtable
    /// last), converting to a hashtable for a non-integer member or beyond `max_intset`
    /// members. Returns whether it was added.
    pub fn add(&mut self, m: &[u8], max_intset: usize) -> bool {
        if self.members.contains(m) {
            return false;
        }
        self.add_new(Str::from_slice(m), max_intset);
        true
    }

    /// `add` for a member known to be absent, given owned.
    pub fn add_new(&mut self, m: Str, max_intset: usize) {
        if !self.hashtable {
            if parse_i64(&m).is_some() {
                let (at, _) = self
                    .members
                    .insert_sorted_by_key(m, |x| parse_i64(x).unwrap_or_default());
                debug_assert!(at < self.members.len());
                if self.members.len() > max_intset {
                    self.hashtable = true;
                }
                return;
            }
            self.hashtable = true;
        }
        self.members.insert(m);
    }

    /// Removes `m`; an intset keeps its order.
    pub fn remove(&mut self, m: &[u8]) -> bool {
        if self.hashtable {
            self.members.swap_remove(m)
        } else {
            self.members.shift_remove(m)
        }
    }

    /// Removes and returns the member at position `i`; an intset keeps its order.
    pub fn remove_index(&mut self, i: usize) -> Option<Str> {
        if self.hashtable {
            self.members.swap_remove_index(i)
        } else {
            self.members.shift_remove_index(i)
        }
    }

    /// The members as a set Redis builds afresh from them would list them (SPOP of the whole
    /// set replies through SUNION of the key): in numeric order if they fit an intset, else in
    /// this set's order.
    pub fn fresh_order(&self, max_intset: usize) -> Vec<&Str> {
        let mut out: Vec<&Str> = self.members.iter().collect();
        if self.hashtable && out.len() <= max_intset {
            let keys: Option<Vec<i64>> = out.iter().map(|m| parse_i64(m)).collect();
            if let Some(keys) = keys {
                let mut keyed: Vec<(i64, &Str)> = keys.into_iter().zip(out).collect();
                keyed.sort_unstable_by_key(|(n, _)| *n);
                out = keyed.into_iter().map(|(_, m)| m).collect();
            }
        }
        out
    }

    /// Gives memory back after many deletions, as Redis's `dictResize` when a table is under
    /// 10% full. Amortized O(1): the copy is O(len), and 90% of the members must go before the
    /// next one.
    pub fn shrink_if_sparse(&mut self) {
        if self.members.capacity() > 64 && self.members.len() * 10 < self.members.capacity() {
            self.members.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(s: &Set) -> Vec<&[u8]> {
        s.iter().map(|m| &m[..]).collect()
    }

    #[test]
    fn an_intset_is_sorted_until_it_converts() {
        let mut s = Set::default();
        for m in ["3", "-1", "10", "2"] {
            assert!(s.add(m.as_bytes(), 4));
        }
        assert!(!s.add(b"2", 4));
        assert!(s.is_intset());
        assert_eq!(members(&s), [&b"-1"[..], b"2", b"3", b"10"]);
        assert!(s.remove(b"2"));
        assert_eq!(members(&s), [&b"-1"[..], b"3", b"10"]);
        assert!(s.add(b"0", 4));
        assert!(s.add(b"7", 4));
        assert!(!s.is_intset(), "five members are more than 4");
        assert!(s.remove(b"7"));
        assert!(!s.is_intset(), "never converts back");

        let mut s = Set::default();
        s.add(b"5", 512);
        s.add(b"05", 512);
        assert!(!s.is_intset(), "05 is no integer for string2ll");
        s.remove(b"05");
        s.add(b"1", 512);
        assert_eq!(members(&s), [&b"5"[..], b"1"]);
        let order = |v: Vec<&Str>| v.into_iter().map(|m| m.to_vec()).collect::<Vec<_>>();
        assert_eq!(order(s.fresh_order(512)), [b"1".to_vec(), b"5".to_vec()]);
        assert_eq!(order(s.fresh_order(1)), [b"5".to_vec(), b"1".to_vec()]);
    }

    #[test]
    fn a_listpack_hash_keeps_insertion_order_until_it_converts() {
        let mut h = Hash::default();
        assert!(h.set(b"b", b"1", 3, 4));
        assert!(h.set(b"a", b"2", 3, 4));
        assert!(!h.set(b"b", b"3", 3, 4));
        assert!(h.set(b"c", b"4", 3, 4));
        assert!(h.is_listpack());
        assert!(h.remove(b"b"));
        let fields: Vec<&[u8]> = h.keys().map(|f| &f[..]).collect();
        assert_eq!(fields, [&b"a"[..], b"c"]);
        h.set(b"d", b"12345", 3, 4);
        assert!(!h.is_listpack(), "a value longer than 4 bytes");
        h.remove(b"d");
        assert!(!h.is_listpack(), "never converts back");

        let mut h = Hash::default();
        for f in ["a", "b", "c", "d"] {
            h.set(f.as_bytes(), b"v", 3, 64);
        }
        assert!(!h.is_listpack(), "four fields are more than 3");
    }
}
