//! Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, ...): who waits on which key, in what
//! order, until when, and which keys received data since the last command.
//!
//! A blocked client keeps an owned copy of its command. When a key it waits on gets data, the
//! loop runs that command again for it (`server::serve_blocked`): if it can now be served it
//! replies and unblocks, otherwise it stays in its place in the queue. This keeps every blocking
//! command's logic in its handler, and serves waiters in the order they blocked.

use crate::db::Key;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};

/// What a blocking command replies when it may not block (inside MULTI/EXEC). A blocked client
/// whose timeout passes always gets a null array instead, BLMOVE too: Redis 7.0's
/// `replyToBlockedClientTimedOut` does not tell the commands apart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TimeoutReply {
    /// BLPOP, BRPOP, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP.
    NullArray,
    /// BLMOVE, BRPOPLPUSH.
    Null,
}

/// A blocked client's state (held in its `ClientState`).
pub struct Blocked {
    pub db: usize,
    pub keys: Vec<Key>,
    /// The value type that can serve it ("list" or "zset").
    pub kind: &'static str,
    /// Absolute time in ms; None waits forever.
    pub deadline: Option<i64>,
    /// The command, to run again: its bytes and argument spans.
    pub command: Vec<u8>,
    pub spans: Vec<(usize, usize)>,
}

/// A waiting client: its slab slot and id (the id guards against a reused slot).
pub type Waiter = (usize, u64);

#[derive(Default)]
pub struct Registry {
    waiters: HashMap<(usize, Key), VecDeque<Waiter>>,
    ready: VecDeque<(usize, Key)>,
    ready_set: HashSet<(usize, Key)>,
    deadlines: BinaryHeap<Reverse<(i64, usize, u64)>>,
    /// Clients that left the blocked state outside the loop's own serving (CLIENT UNBLOCK):
    /// their replies must be written and their buffered input resumed.
    pub resumed: Vec<usize>,
    blocked: usize,
}

impl Registry {
    /// Number of blocked clients (INFO `blocked_clients`).
    pub fn blocked_clients(&self) -> usize {
        self.blocked
    }

    pub fn block(&mut self, who: Waiter, db: usize, keys: &[Key], deadline: Option<i64>) {
        for key in keys {
            let queue = self.waiters.entry((db, key.clone())).or_default();
            if !queue.contains(&who) {
                queue.push_back(who);
            }
        }
        if let Some(at) = deadline {
            self.deadlines.push(Reverse((at, who.0, who.1)));
        }
        self.blocked += 1;
    }

    /// Removes a client from the queues of its keys (served, timed out, unblocked or gone).
    pub fn unblock(&mut self, who: Waiter, db: usize, keys: &[Key]) {
        for key in keys {
            let slot = (db, key.clone());
            if let Some(queue) = self.waiters.get_mut(&slot) {
                queue.retain(|w| *w != who);
                if queue.is_empty() {
                    self.waiters.remove(&slot);
                }
            }
        }
        self.blocked = self.blocked.saturating_sub(1);
    }

    /// Notes that `key` received data; cheap when nobody is blocked at all.
    pub fn signal(&mut self, db: usize, key: &[u8]) {
        if self.waiters.is_empty() {
            return;
        }
        let slot = (db, Key::from_slice(key));
        if self.waiters.contains_key(&slot) && self.ready_set.insert(slot.clone()) {
            self.ready.push_back(slot);
        }
    }

    /// Marks every key waited on in `db` as ready (SWAPDB replaced the whole database).
    pub fn signal_db(&mut self, db: usize) {
        let keys: Vec<(usize, Key)> = self
            .waiters
            .keys()
            .filter(|(d, _)| *d == db)
            .cloned()
            .collect();
        for slot in keys {
            if self.ready_set.insert(slot.clone()) {
                self.ready.push_back(slot);
            }
        }
    }

    /// The next key that received data, in the order keys were signalled.
    pub fn pop_ready(&mut self) -> Option<(usize, Key)> {
        let slot = self.ready.pop_front()?;
        self.ready_set.remove(&slot);
        Some(slot)
    }

    pub fn has_ready(&self) -> bool {
        !self.ready.is_empty()
    }

    /// The clients waiting on a key, in the order they blocked.
    pub fn waiters(&self, db: usize, key: &Key) -> Vec<Waiter> {
        self.waiters
            .get(&(db, key.clone()))
            .map(|q| q.iter().copied().collect())
            .unwrap_or_default()
    }

    /// The earliest timeout still pending (possibly of a client that was since served).
    pub fn next_deadline(&self) -> Option<i64> {
        self.deadlines.peek().map(|Reverse((at, _, _))| *at)
    }

    /// Timeouts due at `now`, as (deadline, slot, id); the caller checks each is still blocked.
    pub fn due(&mut self, now: i64) -> Vec<(i64, usize, u64)> {
        let mut out = Vec::new();
        while let Some(Reverse((at, slot, id))) = self.deadlines.peek().copied() {
            if at > now {
                break;
            }
            self.deadlines.pop();
            out.push((at, slot, id));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Key {
        Key::from_slice(s.as_bytes())
    }

    #[test]
    fn waiters_are_served_in_blocking_order() {
        let mut r = Registry::default();
        r.block((3, 30), 0, &[k("a"), k("b")], None);
        r.block((1, 10), 0, &[k("a")], Some(100));
        assert_eq!(r.waiters(0, &k("a")), vec![(3, 30), (1, 10)]);
        r.signal(0, b"a");
        r.signal(0, b"a");
        r.signal(0, b"zzz");
        r.signal(1, b"a");
        assert_eq!(r.pop_ready(), Some((0, k("a"))));
        assert_eq!(r.pop_ready(), None);
        r.unblock((3, 30), 0, &[k("a"), k("b")]);
        assert_eq!(r.waiters(0, &k("a")), vec![(1, 10)]);
        assert!(r.waiters(0, &k("b")).is_empty());
        assert_eq!(r.blocked_clients(), 1);
        assert_eq!(r.next_deadline(), Some(100));
        assert!(r.due(99).is_empty());
        assert_eq!(r.due(100), vec![(100, 1, 10)]);
    }
}
