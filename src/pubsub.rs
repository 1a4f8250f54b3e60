//! Pub/Sub bookkeeping: who listens on which channel, pattern and shard channel (Redis's
//! `server.pubsub_channels`, `pubsub_patterns` and `pubsubshard_channels`), and each client's
//! own subscriptions. Both sides are kept in step here; the commands that use them, and the
//! delivery of messages into subscribers' output, are in `commands::pubsub`.

use crate::db::Key;
use indexmap::{IndexMap, IndexSet};

/// A subscribed connection: its slab slot and its id (the id guards against a reused slot).
pub type Subscriber = (usize, u64);

type Names = IndexSet<Key, foldhash::fast::RandomState>;

/// The three kinds of subscription. Channels and patterns share a count in the replies;
/// shard channels (SSUBSCRIBE) have their own, and patterns never see their messages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Channel,
    Pattern,
    Shard,
}

impl Kind {
    /// The first element of the confirmation a (un)subscribe sends.
    pub fn reply_name(self, subscribe: bool) -> &'static [u8] {
        match (self, subscribe) {
            (Kind::Channel, true) => b"subscribe",
            (Kind::Channel, false) => b"unsubscribe",
            (Kind::Pattern, true) => b"psubscribe",
            (Kind::Pattern, false) => b"punsubscribe",
            (Kind::Shard, true) => b"ssubscribe",
            (Kind::Shard, false) => b"sunsubscribe",
        }
    }
}

/// One client's subscriptions, in the order it made them (UNSUBSCRIBE without arguments
/// confirms them in that order).
#[derive(Default)]
pub struct Subscriptions {
    channels: Names,
    patterns: Names,
    shard: Names,
}

impl Subscriptions {
    fn names(&mut self, kind: Kind) -> &mut Names {
        match kind {
            Kind::Channel => &mut self.channels,
            Kind::Pattern => &mut self.patterns,
            Kind::Shard => &mut self.shard,
        }
    }

    /// The count a confirmation of `kind` reports: channels and patterns together, or shard
    /// channels alone.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Shard => self.shard.len(),
            _ => self.channels.len() + self.patterns.len(),
        }
    }

    /// CLIENT LIST's `sub`, `psub` and `ssub`.
    pub fn counts(&self) -> (usize, usize, usize) {
        (self.channels.len(), self.patterns.len(), self.shard.len())
    }

    pub fn is_empty(&self) -> bool {
        self.channels.is_empty() && self.patterns.is_empty() && self.shard.is_empty()
    }

    /// Everything of `kind`, in subscription order (for UNSUBSCRIBE without arguments).
    pub fn all(&self, kind: Kind) -> Vec<Key> {
        let names = match kind {
            Kind::Channel => &self.channels,
            Kind::Pattern => &self.patterns,
            Kind::Shard => &self.shard,
        };
        names.iter().cloned().collect()
    }
}

/// Server-wide: each channel, pattern and shard channel with its subscribers, in the order
/// they subscribed (messages go out in that order).
#[derive(Default)]
pub struct Registry {
    channels: IndexMap<Key, Vec<Subscriber>, foldhash::fast::RandomState>,
    patterns: IndexMap<Key, Vec<Subscriber>, foldhash::fast::RandomState>,
    shard: IndexMap<Key, Vec<Subscriber>, foldhash::fast::RandomState>,
}

impl Registry {
    fn map(
        &mut self,
        kind: Kind,
    ) -> &mut IndexMap<Key, Vec<Subscriber>, foldhash::fast::RandomState> {
        match kind {
            Kind::Channel => &mut self.channels,
            Kind::Pattern => &mut self.patterns,
            Kind::Shard => &mut self.shard,
        }
    }

    /// Subscribes `who` (whose subscriptions are `subs`) to `name`; false if it already was.
    pub fn subscribe(
        &mut self,
        subs: &mut Subscriptions,
        who: Subscriber,
        kind: Kind,
        name: &[u8],
    ) -> bool {
        if !subs.names(kind).insert(Key::from_slice(name)) {
            return false;
        }
        self.map(kind)
            .entry(Key::from_slice(name))
            .or_default()
            .push(who);
        true
    }

    /// Unsubscribes `who` from `name`; false if it was not subscribed. A channel nobody
    /// listens to any more is forgotten.
    pub fn unsubscribe(
        &mut self,
        subs: &mut Subscriptions,
        who: Subscriber,
        kind: Kind,
        name: &[u8],
    ) -> bool {
        if !subs.names(kind).shift_remove(name) {
            return false;
        }
        let map = self.map(kind);
        if let Some(list) = map.get_mut(name) {
            list.retain(|&s| s != who);
            if list.is_empty() {
                map.swap_remove(name);
            }
        }
        true
    }

    /// Drops every subscription of a client that disconnects.
    pub fn forget(&mut self, mut subs: Subscriptions, who: Subscriber) {
        for kind in [Kind::Channel, Kind::Pattern, Kind::Shard] {
            for name in subs.all(kind) {
                self.unsubscribe(&mut subs, who, kind, &name);
            }
        }
    }

    /// The subscribers of a channel (or shard channel).
    pub fn subscribers(&self, kind: Kind, channel: &[u8]) -> &[Subscriber] {
        let map = match kind {
            Kind::Shard => &self.shard,
            _ => &self.channels,
        };
        map.get(channel).map_or(&[], |v| v.as_slice())
    }

    /// Every pattern with its subscribers.
    pub fn patterns(&self) -> impl Iterator<Item = (&Key, &[Subscriber])> {
        self.patterns.iter().map(|(p, v)| (p, v.as_slice()))
    }

    /// The channels (or shard channels) somebody listens to.
    pub fn channels(&self, kind: Kind) -> impl Iterator<Item = &Key> {
        match kind {
            Kind::Shard => self.shard.keys(),
            _ => self.channels.keys(),
        }
    }

    /// INFO's `pubsub_channels`, `pubsub_patterns` and `pubsubshard_channels`.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.channels.len(), self.patterns.len(), self.shard.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_stay_in_step() {
        let mut reg = Registry::default();
        let (mut a, mut b) = (Subscriptions::default(), Subscriptions::default());
        let (wa, wb) = ((1, 10), (2, 20));
        assert!(reg.subscribe(&mut a, wa, Kind::Channel, b"news"));
        assert!(!reg.subscribe(&mut a, wa, Kind::Channel, b"news"));
        assert!(reg.subscribe(&mut b, wb, Kind::Channel, b"news"));
        assert!(reg.subscribe(&mut a, wa, Kind::Pattern, b"n*"));
        assert!(reg.subscribe(&mut b, wb, Kind::Shard, b"news"));
        assert_eq!(reg.subscribers(Kind::Channel, b"news"), [wa, wb]);
        assert_eq!(reg.subscribers(Kind::Shard, b"news"), [wb]);
        assert_eq!((a.count(Kind::Channel), a.count(Kind::Shard)), (2, 0));
        assert_eq!(reg.sizes(), (1, 1, 1));
        assert!(reg.unsubscribe(&mut a, wa, Kind::Channel, b"news"));
        assert!(!reg.unsubscribe(&mut a, wa, Kind::Channel, b"news"));
        assert_eq!(reg.subscribers(Kind::Channel, b"news"), [wb]);
        reg.forget(b, wb);
        assert_eq!(
            reg.sizes(),
            (0, 1, 0),
            "the last subscriber takes its channels along"
        );
        reg.forget(a, wa);
        assert_eq!(reg.sizes(), (0, 0, 0));
    }
}
