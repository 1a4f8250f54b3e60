//! Collection representations behind `Value`'s variants.
//!
//! Redis 7.0 keeps a small hash as a listpack and a small all-integer set as an intset, and
//! converts them to hashtables once they outgrow the limits, never back (until a restart reloads
//! them). `Hash` and `Set` are enums of exactly those encodings: the compact ones are single
//! buffers (`db::packed`), the hashtables `table::Table`s (as the keyspace) so that HRANDFIELD,
//! SRANDMEMBER and SPOP pick a random element in O(1) and HSCAN/SSCAN can walk positions the way
//! SCAN does (see `Db::scan`). The encoding shows in OBJECT ENCODING, in the order replies list the
//! elements (a listpack's insertion order, an intset's numeric order, a hashtable's unspecified
//! order) and in HSCAN/SSCAN returning a compact collection whole. A hashtable removes with the
//! O(1) `swap_remove`. Lists are packed chunks, as Redis's quicklist (see `list`).
use super::packed::{Ints, LISTPACK_MAX_SAFETY, Strings};
use super::table::Table;
use super::{Key, Str};
use crate::proto::num::parse_i64;
use std::ops::{Deref, Range};

pub use super::list::{Fill, List};

type Fields = Table<Str>;
type Members = Table<()>;

/// A hash in the encoding Redis would give it.
#[derive(Clone, Debug, PartialEq)]
pub enum Hash {
    /// Fields and values alternate, in insertion order.
    Listpack(Strings),
    /// It once had more than hash-max-listpack-entries fields, or a field or value longer than
    /// hash-max-listpack-value bytes.
    Table(Box<Fields>),
}

impl Default for Hash {
    fn default() -> Hash {
        Hash::Listpack(Strings::default())
    }
}

/// One field of a listpack hash: its name, its value, and where the pair and the value are
/// encoded.
struct Pair<'a> {
    field: &'a [u8],
    value: &'a [u8],
    whole: Range<usize>,
    value_at: Range<usize>,
}

fn pairs(s: &Strings) -> impl Iterator<Item = Pair<'_>> {
    let mut it = s.iter();
    std::iter::from_fn(move || {
        let (field, f) = it.next()?;
        let (value, v) = it.next()?;
        Some(Pair {
            field,
            value,
            whole: f.start..v.end,
            value_at: v,
        })
    })
}

impl Hash {
    /// Whether Redis would hold this hash as a listpack (OBJECT ENCODING's answer).
    pub fn is_listpack(&self) -> bool {
        matches!(self, Hash::Listpack(_))
    }

    pub fn len(&self) -> usize {
        match self {
            Hash::Listpack(s) => s.len() / 2,
            Hash::Table(t) => t.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, field: &[u8]) -> Option<&[u8]> {
        match self {
            Hash::Listpack(s) => pairs(s).find(|p| p.field == field).map(|p| p.value),
            Hash::Table(t) => t.get(field).map(|v| &v[..]),
        }
    }

    pub fn contains_key(&self, field: &[u8]) -> bool {
        self.get(field).is_some()
    }

    /// The field and value at position `i` (HRANDFIELD, HSCAN): O(1) in a hashtable, a scan of
    /// at most hash-max-listpack-entries fields in a listpack.
    pub fn get_index(&self, i: usize) -> Option<(&[u8], &[u8])> {
        match self {
            Hash::Listpack(s) => pairs(s).nth(i).map(|p| (p.field, p.value)),
            Hash::Table(t) => t.get_index(i).map(|(f, v)| (&f[..], &v[..])),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        let (packed, table) = match self {
            Hash::Listpack(s) => (Some(pairs(s).map(|p| (p.field, p.value))), None),
            Hash::Table(t) => (None, Some(t.iter().map(|(f, v)| (&f[..], &v[..])))),
        };
        packed
            .into_iter()
            .flatten()
            .chain(table.into_iter().flatten())
    }

    /// Redis's `hashTypeTryConversion`: a field or value about to be stored that is longer than
    /// `max_value` bytes makes the hash a hashtable first.
    pub fn convert_for(&mut self, arg: &[u8], max_value: usize) {
        if arg.len() > max_value {
            self.convert();
        }
    }

    fn convert(&mut self) {
        if let Hash::Listpack(s) = self {
            let mut t = Fields::with_capacity(s.len() / 2);
            for p in pairs(s) {
                t.insert(Key::from_slice(p.field), Str::from_slice(p.value));
            }
            *self = Hash::Table(Box::new(t));
        }
    }

    /// Redis's `hashTypeSet`: sets `field` (a new one goes last) and converts to a hashtable
    /// when the field or value is too long, the hash has outgrown `max_entries` or its buffer
    /// would pass `LISTPACK_MAX_SAFETY`. Returns whether the field is new.
    pub fn set(
        &mut self,
        field: &[u8],
        value: &[u8],
        max_entries: usize,
        max_value: usize,
    ) -> bool {
        self.convert_for(field, max_value);
        self.convert_for(value, max_value);
        if let Hash::Listpack(s) = self
            && s.bytes() + field.len() + value.len() + 20 > LISTPACK_MAX_SAFETY
        {
            self.convert();
        }
        match self {
            Hash::Listpack(s) => {
                let found = pairs(s).find(|p| p.field == field).map(|p| p.value_at);
                if let Some(at) = found {
                    s.replace(at, value);
                    return false;
                }
                s.push(&[field, value]);
                if s.len() / 2 > max_entries {
                    self.convert();
                }
                true
            }
            Hash::Table(t) => {
                let (pos, added) = t.find_or_insert_with(field, || Str::from_slice(value));
                if !added && let Some(v) = t.get_index_mut(pos) {
                    *v = Str::from_slice(value);
                }
                added
            }
        }
    }

    /// Removes a field; a listpack keeps the others' order.
    pub fn remove(&mut self, field: &[u8]) -> bool {
        match self {
            Hash::Listpack(s) => {
                let found = pairs(s).find(|p| p.field == field).map(|p| p.whole);
                match found {
                    Some(at) => {
                        s.remove(at, 2);
                        true
                    }
                    None => false,
                }
            }
            Hash::Table(t) => t.swap_remove(field).is_some(),
        }
    }

    /// Gives memory back after many deletions, as Redis's `dictResize` when a table is under
    /// 10% full. Amortized O(1): the copy is O(len), and 90% of the fields must go before the
    /// next one. (A listpack shrinks as it goes.)
    pub fn shrink_if_sparse(&mut self) {
        if let Hash::Table(t) = self
            && t.capacity() > 64
            && t.len() * 10 < t.capacity()
        {
            t.shrink_to_fit();
        }
    }
}

/// A set member as stored: an intset holds numbers, so its members are formatted on the way
/// out, into a buffer that travels with the reference.
#[derive(Clone, Copy, Debug)]
pub enum Member<'a> {
    Int { text: [u8; 20], len: u8 },
    Bytes(&'a [u8]),
}

impl<'a> Member<'a> {
    fn int(v: i64) -> Member<'a> {
        let mut text = [0u8; 20];
        let mut b = itoa::Buffer::new();
        let s = b.format(v).as_bytes();
        text[..s.len()].copy_from_slice(s);
        Member::Int {
            text,
            len: s.len() as u8,
        }
    }
}

impl Deref for Member<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Member::Int { text, len } => &text[..*len as usize],
            Member::Bytes(b) => b,
        }
    }
}

impl PartialEq for Member<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Member<'_> {}

impl std::hash::Hash for Member<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state)
    }
}

/// A set in the encoding Redis would give it. A new set is an empty intset, like the
/// destination sets Redis creates for SINTERSTORE, SUNION and the rest.
#[derive(Clone, Debug, PartialEq)]
pub enum Set {
    /// Integers (as `string2ll` reads them) in numeric order.
    Intset(Ints),
    /// It once had a member that is not an integer or more than set-max-intset-entries members.
    Table(Box<Members>),
}

impl Default for Set {
    fn default() -> Set {
        Set::Intset(Ints::default())
    }
}

impl Set {
    /// Whether Redis would hold this set as an intset (OBJECT ENCODING's answer).
    pub fn is_intset(&self) -> bool {
        matches!(self, Set::Intset(_))
    }

    pub fn len(&self) -> usize {
        match self {
            Set::Intset(i) => i.len(),
            Set::Table(t) => t.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, m: &[u8]) -> bool {
        match self {
            Set::Intset(i) => parse_i64(m).is_some_and(|v| i.contains(v)),
            Set::Table(t) => t.contains_key(m),
        }
    }

    /// The member at position `i` (SRANDMEMBER, SPOP, SSCAN), O(1).
    pub fn get_index(&self, i: usize) -> Option<Member<'_>> {
        match self {
            Set::Intset(s) => (i < s.len()).then(|| Member::int(s.get(i))),
            Set::Table(t) => t.get_index(i).map(|(m, _)| Member::Bytes(m)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Member<'_>> {
        let (ints, table) = match self {
            Set::Intset(s) => (Some(s.iter().map(Member::int)), None),
            Set::Table(t) => (None, Some(t.keys().map(|m| Member::Bytes(m)))),
        };
        ints.into_iter()
            .flatten()
            .chain(table.into_iter().flatten())
    }

    fn convert(&mut self) {
        if let Set::Intset(s) = self {
            let mut t = Members::with_capacity(s.len() + 1);
            let mut b = itoa::Buffer::new();
            for v in s.iter() {
                t.insert(Key::from_slice(b.format(v).as_bytes()), ());
            }
            *self = Set::Table(Box::new(t));
        }
    }

    /// Redis's `setTypeAdd`: adds `m` unless present (an intset in numeric order, a hashtable
    /// last), converting to a hashtable for a non-integer member or beyond `max_intset`
    /// members. Returns whether it was added.
    pub fn add(&mut self, m: &[u8], max_intset: usize) -> bool {
        if let Set::Intset(s) = self {
            match parse_i64(m) {
                Some(v) => {
                    if !s.insert(v) {
                        return false;
                    }
                    if s.len() > max_intset {
                        self.convert();
                    }
                    return true;
                }
                None => self.convert(),
            }
        }
        match self {
            Set::Table(t) => t.find_or_insert_with(m, || ()).1,
            Set::Intset(_) => false,
        }
    }

    /// Removes `m`; an intset keeps its order.
    pub fn remove(&mut self, m: &[u8]) -> bool {
        match self {
            Set::Intset(s) => parse_i64(m).is_some_and(|v| s.remove(v)),
            Set::Table(t) => t.swap_remove(m).is_some(),
        }
    }

    /// Removes and returns the member at position `i`; an intset keeps its order.
    pub fn remove_index(&mut self, i: usize) -> Option<Key> {
        match self {
            Set::Intset(s) => {
                (i < s.len()).then(|| Key::from_slice(&Member::int(s.remove_index(i))))
            }
            Set::Table(t) => t.swap_remove_index(i).map(|(k, _)| k),
        }
    }

    /// The members as a set Redis builds afresh from them would list them (SPOP of the whole
    /// set replies through SUNION of the key): in numeric order if they fit an intset, else in
    /// this set's order.
    pub fn fresh_order(&self, max_intset: usize) -> Vec<Member<'_>> {
        let mut out: Vec<Member<'_>> = self.iter().collect();
        if !self.is_intset() && out.len() <= max_intset {
            let keys: Option<Vec<i64>> = out.iter().map(|m| parse_i64(m)).collect();
            if let Some(keys) = keys {
                let mut keyed: Vec<(i64, Member<'_>)> = keys.into_iter().zip(out).collect();
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
        if let Set::Table(t) = self
            && t.capacity() > 64
            && t.len() * 10 < t.capacity()
        {
            t.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(s: &Set) -> Vec<Vec<u8>> {
        s.iter().map(|m| m.to_vec()).collect()
    }

    #[test]
    fn an_intset_is_sorted_until_it_converts() {
        let mut s = Set::default();
        for m in ["3", "-1", "10", "2"] {
            assert!(s.add(m.as_bytes(), 4));
        }
        assert!(!s.add(b"2", 4));
        assert!(s.is_intset());
        assert_eq!(
            members(&s),
            [&b"-1"[..], b"2", b"3", b"10"].map(<[u8]>::to_vec)
        );
        assert!(s.remove(b"2"));
        assert_eq!(members(&s), [&b"-1"[..], b"3", b"10"].map(<[u8]>::to_vec));
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
        assert_eq!(members(&s), [&b"5"[..], b"1"].map(<[u8]>::to_vec));
        let order = |v: Vec<Member>| v.into_iter().map(|m| m.to_vec()).collect::<Vec<_>>();
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
        let fields: Vec<&[u8]> = h.iter().map(|(f, _)| f).collect();
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

    /// Random HSET/HDEL sequences against a model (a Vec of pairs in insertion order), across
    /// the conversion: same contents always, same order while a listpack.
    #[test]
    fn a_hash_behaves_like_its_model() {
        let mut rng = crate::util::Rng::new();
        for round in 0..200 {
            let (max_entries, max_value) = (1 + round % 20, 4 + round % 8);
            let mut h = Hash::default();
            let mut model: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
            let mut converted = false;
            for _ in 0..100 {
                let f = format!("f{}", rng.below(30)).into_bytes();
                let pos = model.iter().position(|(k, _)| *k == f);
                if rng.below(3) == 0 {
                    assert_eq!(h.remove(&f), pos.is_some());
                    if let Some(i) = pos {
                        let _ = if converted {
                            model.swap_remove(i)
                        } else {
                            model.remove(i)
                        };
                    }
                } else {
                    let v = vec![b'v'; rng.below(max_value + 2)];
                    converted |= v.len() > max_value || f.len() > max_value;
                    assert_eq!(h.set(&f, &v, max_entries, max_value), pos.is_none());
                    match pos {
                        Some(i) => model[i].1 = v,
                        None => model.push((f, v)),
                    }
                    converted |= model.len() > max_entries;
                }
                assert_eq!(h.is_listpack(), !converted);
                assert_eq!(h.len(), model.len());
                let mut got: Vec<(Vec<u8>, Vec<u8>)> =
                    h.iter().map(|(f, v)| (f.to_vec(), v.to_vec())).collect();
                let mut want = model.clone();
                if converted {
                    got.sort();
                    want.sort();
                }
                assert_eq!(got, want);
                for (i, (f, v)) in model.iter().enumerate() {
                    assert_eq!(h.get(f), Some(&v[..]));
                    if !converted {
                        assert_eq!(h.get_index(i), Some((&f[..], &v[..])));
                    }
                }
                assert_eq!(h.get(b"absent"), None);
                assert_eq!(h.get_index(model.len()), None);
            }
        }
    }

    /// Random SADD/SREM/SPOP-by-position sequences against a model, across the conversion.
    #[test]
    fn a_set_behaves_like_its_model() {
        let mut rng = crate::util::Rng::new();
        for round in 0..200 {
            let max_intset = 1 + round % 30;
            let mut s = Set::default();
            let mut model: Vec<Vec<u8>> = Vec::new();
            let mut converted = false;
            for _ in 0..100 {
                let m = match rng.below(10) {
                    0 => format!("m{}", rng.below(5)),
                    1 => format!("{}", i64::MIN + rng.below(3) as i64),
                    2 => format!("{}", 70_000 + rng.below(10)),
                    _ => format!("{}", rng.below(40) as i64 - 20),
                }
                .into_bytes();
                let pos = model.iter().position(|x| *x == m);
                match rng.below(4) {
                    0 => {
                        assert_eq!(s.remove(&m), pos.is_some());
                        if let Some(i) = pos {
                            model.remove(i);
                        }
                    }
                    1 if !model.is_empty() => {
                        let i = rng.below(s.len());
                        let got = s.remove_index(i).expect("in range");
                        model.retain(|x| x[..] != got[..]);
                    }
                    _ => {
                        assert_eq!(s.add(&m, max_intset), pos.is_none());
                        if pos.is_none() {
                            converted |= parse_i64(&m).is_none();
                            model.push(m);
                            converted |= model.len() > max_intset;
                        }
                    }
                }
                assert_eq!(s.is_intset(), !converted);
                assert_eq!(s.len(), model.len());
                let got: Vec<Vec<u8>> = s.iter().map(|m| m.to_vec()).collect();
                let mut sorted_got = got.clone();
                let mut want = model.clone();
                if converted {
                    sorted_got.sort();
                    want.sort();
                } else {
                    want.sort_by_key(|m| parse_i64(m));
                }
                assert_eq!(sorted_got, want);
                for (i, m) in got.iter().enumerate() {
                    assert!(s.contains(m));
                    assert_eq!(s.get_index(i).map(|x| x.to_vec()), Some(m.clone()));
                }
                assert!(!s.contains(b"absent") && !s.contains(b"12345678901"));
                assert!(s.get_index(model.len()).is_none());
            }
        }
    }
}
