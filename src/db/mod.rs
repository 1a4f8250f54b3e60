//! The keyspace: one `Db` per logical database, each a hash map of keys to values plus a second
//! map of expiry times, as Redis keeps `dict` and `expires`.
//!
//! Both maps are `table::Table`s, which keep entries at positions like an `IndexMap`, so that a key
//! can be picked at random in O(1) (RANDOMKEY, the active expiry cycle's sampling) and so that
//! SCAN can walk positions: removal moves the last entry into the hole, which can only carry an
//! unvisited entry to another unvisited position when the cursor walks from the end towards the
//! start (see `scan`).
pub mod expire;
pub mod glob;
pub mod list;
pub mod packed;
pub mod table;
pub mod types;
pub mod zset;

use crate::proto::parse::Peeked;
use smallvec::SmallVec;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

/// Keys up to 24 bytes live inline in the map's entry: no allocation of their own and one cache
/// miss less per lookup (INCR on `counter:<12 digits>` keys took a quarter more CPU with 16),
/// for 8 bytes more per key. Collection members and hash fields use it too.
pub type Key = SmallVec<[u8; KEY_INLINE]>;
/// The longest `Key` held without a heap allocation.
pub const KEY_INLINE: usize = 24;
/// A string value (growable, for APPEND and SETRANGE); up to 16 bytes inline, so a `Value` stays
/// 32 bytes.
pub type Str = SmallVec<[u8; 16]>;
type Map<V> = table::Table<V>;

/// A stored value. A list is boxed so a `Value` stays small in the keyspace's entries; a hash,
/// set or sorted set is no bigger than a `Str` (one buffer while small, a box once converted to
/// a table), so it is held directly: a box would cost a small collection a sixth of its memory.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(Str),
    List(Box<types::List>),
    Hash(types::Hash),
    Set(types::Set),
    ZSet(zset::ZSet),
}

/// Collections with more elements than this are freed on a worker (Redis's
/// `LAZYFREE_THRESHOLD`).
const LAZYFREE_THRESHOLD: usize = 64;

impl Value {
    pub fn as_hash(&self) -> Option<&types::Hash> {
        if let Value::Hash(h) = self {
            Some(h)
        } else {
            None
        }
    }

    pub fn as_hash_mut(&mut self) -> Option<&mut types::Hash> {
        if let Value::Hash(h) = self {
            Some(h)
        } else {
            None
        }
    }

    pub fn as_set(&self) -> Option<&types::Set> {
        if let Value::Set(s) = self {
            Some(s)
        } else {
            None
        }
    }

    pub fn as_set_mut(&mut self) -> Option<&mut types::Set> {
        if let Value::Set(s) = self {
            Some(s)
        } else {
            None
        }
    }

    pub fn as_list_mut(&mut self) -> Option<&mut types::List> {
        if let Value::List(l) = self {
            Some(l)
        } else {
            None
        }
    }

    /// The name TYPE reports.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Hash(_) => "hash",
            Value::Set(_) => "set",
            Value::ZSet(_) => "zset",
        }
    }

    /// Freeing this value is O(1)-cheap enough to do on the loop (Redis's lazyfree threshold is
    /// 64 elements; a string is one allocation, but unmapping a huge one still costs time).
    pub fn cheap_to_free(&self) -> bool {
        match self {
            Value::Str(s) => s.len() < 1 << 20,
            // Freeing a list costs one step per chunk, as Redis counts a quicklist's nodes.
            Value::List(l) => l.chunk_count() <= LAZYFREE_THRESHOLD,
            Value::Hash(h) => h.len() <= LAZYFREE_THRESHOLD,
            Value::Set(s) => s.len() <= LAZYFREE_THRESHOLD,
            Value::ZSet(z) => z.len() <= LAZYFREE_THRESHOLD,
        }
    }
}

/// A value and when it was last looked up (Redis's `robj.lru`, in seconds of `lru_clock`), for
/// OBJECT IDLETIME.
#[derive(Debug)]
struct Entry {
    value: Value,
    lru: u32,
}

/// The access-time clock in seconds (Redis's `server.lruclock`), set by the loop once per tick.
static LRU_CLOCK: AtomicU32 = AtomicU32::new(0);

pub fn set_lru_clock(now_ms: i64) {
    LRU_CLOCK.store((now_ms / 1000) as u32, Relaxed);
}

fn lru_clock() -> u32 {
    LRU_CLOCK.load(Relaxed)
}

/// Commands of a batch `Db::prefetch` looks at; the rest run without it.
pub const PREFETCH_MAX: usize = 32;

/// A set's or hash's table, for `Db::prefetch`.
#[derive(Clone, Copy)]
enum Members<'a> {
    Set(&'a table::Table<()>),
    Hash(&'a table::Table<Str>),
}

impl Members<'_> {
    fn hash(&self, member: &[u8]) -> u64 {
        match self {
            Members::Set(t) => t.hash(member),
            Members::Hash(t) => t.hash(member),
        }
    }

    fn prefetch_slot(&self, hash: u64) {
        match self {
            Members::Set(t) => t.prefetch_slot(hash),
            Members::Hash(t) => t.prefetch_slot(hash),
        }
    }

    fn prefetch_entry(&self, hash: u64) {
        let _ = match self {
            Members::Set(t) => t.prefetch_entry(hash),
            Members::Hash(t) => t.prefetch_entry(hash),
        };
    }
}

fn entry(value: Value) -> Entry {
    Entry {
        value,
        lru: lru_clock(),
    }
}

#[derive(Default)]
pub struct Db {
    keys: Map<Entry>,
    expires: Map<i64>,
    /// Estimated average TTL in ms of keys with one, from the expiry cycle's samples (INFO).
    pub avg_ttl: i64,
}

impl Db {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn expires_len(&self) -> usize {
        self.expires.len()
    }

    pub fn is_expired(&self, key: &[u8], now: i64) -> bool {
        !self.expires.is_empty() && self.expires.get(key).is_some_and(|&at| at <= now)
    }

    /// The value under `key`, expired or not: callers run `expire_if_needed` first (see
    /// `State::lookup`), so the expiry map is consulted once per command, not per access.
    pub fn get(&self, key: &[u8]) -> Option<&Value> {
        self.keys.get(key).map(|e| &e.value)
    }

    pub fn get_mut(&mut self, key: &[u8]) -> Option<&mut Value> {
        self.keys.get_mut(key).map(|e| &mut e.value)
    }

    /// `get_mut` that records the access (Redis's `lookupKey` updating `lru`).
    pub fn get_touch(&mut self, key: &[u8]) -> Option<&mut Value> {
        self.keys.get_mut(key).map(|e| {
            e.lru = lru_clock();
            &mut e.value
        })
    }

    /// Makes the key look idle for `secs` seconds (RESTORE ... IDLETIME).
    pub fn set_idle_secs(&mut self, key: &[u8], secs: u64) {
        if let Some(e) = self.keys.get_mut(key) {
            e.lru = lru_clock().saturating_sub(secs.min(u32::MAX as u64) as u32);
        }
    }

    /// Seconds since the key was last looked up or written (OBJECT IDLETIME).
    pub fn idle_secs(&self, key: &[u8]) -> Option<u32> {
        self.keys
            .get(key)
            .map(|e| lru_clock().saturating_sub(e.lru))
    }

    /// True if the key exists and is not expired, without deleting anything.
    pub fn contains(&self, key: &[u8], now: i64) -> bool {
        self.keys.contains_key(key) && !self.is_expired(key, now)
    }

    /// Stores `value` under `key`, clearing any TTL unless `keep_ttl`. Returns the old value.
    pub fn set(&mut self, key: &[u8], value: Value, keep_ttl: bool) -> Option<Value> {
        if !keep_ttl && !self.expires.is_empty() {
            self.expires.swap_remove(key);
        }
        match self.keys.get_mut(key) {
            Some(slot) => {
                slot.lru = lru_clock();
                Some(std::mem::replace(&mut slot.value, value))
            }
            None => {
                self.keys.insert(Key::from_slice(key), entry(value));
                None
            }
        }
    }

    /// `get_touch`, inserting `make()` first when the key is missing: one lookup either way.
    pub fn get_or_insert_with(&mut self, key: &[u8], make: impl FnOnce() -> Value) -> &mut Value {
        let (pos, _) = self.keys.find_or_insert_with(key, || entry(make()));
        let e = self
            .keys
            .get_index_mut(pos)
            .expect("a found or just appended position");
        e.lru = lru_clock();
        &mut e.value
    }

    /// Inserts a key that is known to be absent.
    pub fn insert_new(&mut self, key: &[u8], value: Value) {
        self.keys.insert(Key::from_slice(key), entry(value));
    }

    pub fn remove(&mut self, key: &[u8]) -> Option<Value> {
        let value = self.keys.swap_remove(key)?.value;
        if !self.expires.is_empty() {
            self.expires.swap_remove(key);
        }
        Some(value)
    }

    /// Removes a key with its TTL, returning both (for RENAME, MOVE).
    pub fn take(&mut self, key: &[u8]) -> Option<(Value, Option<i64>)> {
        let value = self.keys.swap_remove(key)?.value;
        let ttl = self.expires.swap_remove(key);
        Some((value, ttl))
    }

    /// Absolute expiry time in ms, if the key has one.
    pub fn expire_at(&self, key: &[u8]) -> Option<i64> {
        self.expires.get(key).copied()
    }

    /// Sets the absolute expiry of an existing key.
    pub fn set_expire(&mut self, key: &[u8], at_ms: i64) {
        if let Some((k, _)) = self.keys.get_key_value(key) {
            let k = k.clone();
            self.expires.insert(k, at_ms);
        }
    }

    /// Removes a TTL; true if there was one.
    pub fn persist(&mut self, key: &[u8]) -> bool {
        self.expires.swap_remove(key).is_some()
    }

    /// Empties the database, handing back the old maps so a worker can drop them.
    pub fn clear(&mut self) -> Db {
        std::mem::take(self)
    }

    /// A key picked at random, expired or not (RANDOMKEY deletes expired ones and draws again).
    pub fn random_key(&self, rng: &mut crate::util::Rng) -> Option<Key> {
        if self.keys.is_empty() {
            return None;
        }
        let i = rng.below(self.keys.len());
        self.keys.get_index(i).map(|(k, _)| k.clone())
    }

    /// Iterates all keys (KEYS). Expired keys are skipped, not deleted.
    pub fn keys(&self, now: i64) -> impl Iterator<Item = &Key> {
        self.keys.keys().filter(move |k| !self.is_expired(k, now))
    }

    /// Every key with its value and absolute expiry in ms, expired or not (for snapshots).
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Value, Option<i64>)> {
        self.keys.iter().map(move |(k, e)| {
            let at = if self.expires.is_empty() {
                None
            } else {
                self.expires.get(k).copied()
            };
            (k, &e.value, at)
        })
    }

    /// Asks the CPU for what a pipelined batch will look up before it runs: the keys' slots
    /// first, then their entries, then (for a key holding a set or hash table) the slot and
    /// entry of argument 2, the member or field. A batch then waits for memory a few times
    /// instead of a few times per command. The TTLs too, when there are any.
    pub fn prefetch(&self, buf: &[u8], cmds: &[Peeked]) {
        const MAX: usize = PREFETCH_MAX;
        let n = cmds.len().min(MAX);
        let span = |(start, end): (usize, usize)| buf.get(start..end).unwrap_or_default();
        let mut hashes = [0u64; MAX];
        let mut ttl_hashes = [0u64; MAX];
        let ttls = !self.expires.is_empty();
        // A batch on one key (a queue's LPUSHes, SADDs to one set) fetches it once.
        let mut same = [false; MAX];
        for (i, c) in cmds[..n].iter().enumerate() {
            let key = span(c.key);
            if i > 0 && key == span(cmds[i - 1].key) {
                same[i] = true;
                continue;
            }
            hashes[i] = self.keys.hash(key);
            self.keys.prefetch_slot(hashes[i]);
            if ttls {
                ttl_hashes[i] = self.expires.hash(key);
                self.expires.prefetch_slot(ttl_hashes[i]);
            }
        }
        let mut found = [None; MAX];
        for i in 0..n {
            if same[i] {
                found[i] = found[i - 1];
                continue;
            }
            found[i] = self.keys.prefetch_entry(hashes[i]);
            if ttls {
                let _ = self.expires.prefetch_entry(ttl_hashes[i]);
            }
        }
        // Members: only worth it for tables (a listpack or intset is one small buffer).
        let mut members: [Option<(Members, u64)>; MAX] = [None; MAX];
        for (i, c) in cmds[..n].iter().enumerate() {
            let Some(pos) = found[i].filter(|_| c.arg2.1 > 0) else {
                continue;
            };
            // The entry the key's slot pointed at (a hint, so its key is not compared).
            let table = match self.keys.get_index(pos).map(|(_, e)| &e.value) {
                Some(Value::Set(types::Set::Table(t))) => Members::Set(t),
                Some(Value::Hash(types::Hash::Table(t))) => Members::Hash(t),
                _ => continue,
            };
            let h = table.hash(span(c.arg2));
            table.prefetch_slot(h);
            members[i] = Some((table, h));
        }
        for (table, h) in members[..n].iter().flatten() {
            table.prefetch_entry(*h);
        }
    }

    /// Makes room for `keys` more keys, `expires` of them with a TTL (an RDB file's size hint).
    pub fn reserve(&mut self, keys: usize, expires: usize) {
        self.keys.reserve(keys);
        self.expires.reserve(expires);
    }

    /// One SCAN step. `cursor` 0 starts at the end; the walk goes towards position 0 so that
    /// swap-removals never move an unvisited key into the visited part. Returns the next cursor
    /// (0 when done) after calling `visit` for up to `count` positions.
    pub fn scan(&self, cursor: u64, count: usize, mut visit: impl FnMut(&Key, &Value)) -> u64 {
        let len = self.keys.len() as u64;
        let mut pos = if cursor == 0 || cursor > len {
            len
        } else {
            cursor
        };
        let mut steps = 0;
        while pos > 0 && steps < count {
            pos -= 1;
            if let Some((k, e)) = self.keys.get_index(pos as usize) {
                visit(k, &e.value);
            }
            steps += 1;
        }
        pos
    }

    /// Samples up to `n` keys with a TTL at random positions (for the active expiry cycle).
    pub fn sample_expiring(&self, rng: &mut crate::util::Rng, n: usize, out: &mut Vec<(Key, i64)>) {
        out.clear();
        let len = self.expires.len();
        for _ in 0..n.min(len) {
            if let Some((k, &at)) = self.expires.get_index(rng.below(len)) {
                out.push((k.clone(), at));
            }
        }
    }

    /// Moves a growing index along by `slots` old slots (and to the end of a cluster): reads
    /// help finish a rehash too, as Redis's lookups do, so that lookups stop checking two
    /// indexes soon after a growth even when few writes follow.
    pub fn rehash_step(&mut self, slots: usize) {
        self.keys.rehash(slots);
        self.expires.rehash(slots);
    }

    /// Moves a growing index along for about `budget` (see `table`), so that lookups stop
    /// checking two indexes even when no command writes.
    pub fn rehash_for(&mut self, budget: std::time::Duration) {
        if !self.keys.is_rehashing() && !self.expires.is_rehashing() {
            return;
        }
        let start = std::time::Instant::now();
        while (self.keys.rehash(1024) | self.expires.rehash(1024)) && start.elapsed() < budget {}
    }

    /// Shrinks the maps after many deletions so memory returns (Redis's `tryResizeHashTables`).
    /// Only small maps are shrunk here: the copy is O(len), which must stay short on the loop.
    pub fn maybe_shrink(&mut self) {
        const MAX_COPY: usize = 1 << 16;
        if self.keys.capacity() > 1024
            && self.keys.len() * 8 < self.keys.capacity()
            && self.keys.len() <= MAX_COPY
        {
            self.keys.shrink_to(self.keys.len() * 2);
        }
        if self.expires.capacity() > 1024
            && self.expires.len() * 8 < self.expires.capacity()
            && self.expires.len() <= MAX_COPY
        {
            self.expires.shrink_to(self.expires.len() * 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_stay_small() {
        assert_eq!(std::mem::size_of::<Key>(), 32);
        assert_eq!(std::mem::size_of::<Value>(), 32);
    }

    /// Prefetching is a hint over bytes a client sent: any spans, present or absent keys, set
    /// and hash tables, TTLs, a rehash in progress; it must never fail and never change a thing.
    #[test]
    fn prefetch_takes_any_batch() {
        let mut db = Db::default();
        let mut set = types::Set::default();
        let mut hash = types::Hash::default();
        for i in 0..200 {
            set.add(format!("m{i}").as_bytes(), 512);
            hash.set(format!("f{i}").as_bytes(), b"v", 128, 64);
        }
        db.set(b"s", Value::Set(set), false);
        db.set(b"h", Value::Hash(hash), false);
        let mut i = 0;
        while !db.keys.is_rehashing() {
            db.set(
                format!("k{i}").as_bytes(),
                Value::Str(Str::from_slice(b"x")),
                false,
            );
            i += 1;
        }
        db.set_expire(b"k1", 1);
        let buf = b"s m7 h f9 k1 zz";
        let p = |key, arg2| Peeked { key, arg2 };
        let cmds = [
            p((0, 1), (2, 4)),
            p((0, 1), (5, 6)),
            p((5, 6), (7, 9)),
            p((10, 12), (0, 0)),
            p((13, 15), (10, 12)),
            p((14, 99), (99, 7)),
        ];
        let before = db.len();
        db.prefetch(buf, &cmds);
        db.prefetch(buf, &[]);
        assert_eq!(db.len(), before);
        assert!(db.keys.is_rehashing());
        assert!(
            db.get(b"s")
                .is_some_and(|v| v.as_set().is_some_and(|s| s.contains(b"m7")))
        );
    }
}
