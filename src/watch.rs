//! WATCH bookkeeping: which clients watch which keys, and which of them saw a watched key change
//! (so their EXEC fails), as Redis's `touchWatchedKey` does.

use crate::db::Key;
use std::collections::{HashMap, HashSet};

#[derive(Default)]
pub struct Watches {
    keys: HashMap<(usize, Key), Vec<u64>>,
    dirty: HashSet<u64>,
}

impl Watches {
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn watch(&mut self, id: u64, db: usize, key: &[u8]) {
        let ids = self.keys.entry((db, Key::from_slice(key))).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }

    /// Forgets a client's watches (after EXEC, DISCARD, UNWATCH, or when it leaves).
    pub fn unwatch_all(&mut self, id: u64, watched: &[(usize, Key)]) {
        for slot in watched {
            if let Some(ids) = self.keys.get_mut(slot) {
                ids.retain(|&i| i != id);
                if ids.is_empty() {
                    self.keys.remove(slot);
                }
            }
        }
        self.dirty.remove(&id);
    }

    /// A key was modified: every client watching it will fail its EXEC.
    pub fn touch(&mut self, db: usize, key: &[u8]) {
        if self.keys.is_empty() {
            return;
        }
        if let Some(ids) = self.keys.get(&(db, Key::from_slice(key))) {
            self.dirty.extend(ids.iter().copied());
        }
    }

    /// Touches every watched key of `db` for which `affected` holds (FLUSHDB, SWAPDB).
    pub fn touch_db(&mut self, db: usize, affected: impl Fn(&[u8]) -> bool) {
        for ((d, key), ids) in &self.keys {
            if *d == db && affected(key) {
                self.dirty.extend(ids.iter().copied());
            }
        }
    }

    pub fn mark_dirty(&mut self, id: u64) {
        self.dirty.insert(id);
    }

    pub fn is_dirty(&self, id: u64) -> bool {
        self.dirty.contains(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_a_watched_key_dirties_its_watchers_only() {
        let mut w = Watches::default();
        w.watch(1, 0, b"a");
        w.watch(2, 0, b"b");
        w.watch(3, 1, b"a");
        w.touch(0, b"a");
        assert!(w.is_dirty(1) && !w.is_dirty(2) && !w.is_dirty(3));
        w.unwatch_all(1, &[(0, Key::from_slice(b"a"))]);
        assert!(!w.is_dirty(1));
        w.touch(0, b"a");
        assert!(!w.is_dirty(1));
        w.touch_db(1, |k| k == b"a");
        assert!(w.is_dirty(3));
    }
}
