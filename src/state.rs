//! Everything the event loop owns besides the connections: the keyspace, settings, counters and
//! the worker pool. Command handlers get it through `commands::Ctx`.

use crate::config::Config;
use crate::db::{Db, Value};
use crate::util::Rng;
use crate::workers::{Job, Workers};

/// Counters INFO reports.
#[derive(Default)]
pub struct Stats {
    pub connections_received: u64,
    pub commands_processed: u64,
    pub rejected_connections: u64,
    pub expired_keys: u64,
    pub keyspace_hits: u64,
    pub keyspace_misses: u64,
    pub net_input_bytes: u64,
    pub net_output_bytes: u64,
    pub lazyfreed_objects: u64,
    pub unexpected_error_replies: u64,
    pub total_error_replies: u64,
    /// Error replies by code (`ERR`, `WRONGTYPE`, ...), for INFO errorstats (sorted, as Redis).
    pub error_codes: std::collections::BTreeMap<String, u64>,
}

impl Stats {
    /// A read lookup's keyspace hit or miss (INFO keyspace_hits/misses).
    pub fn count_lookup(&mut self, found: bool) {
        if found {
            self.keyspace_hits += 1;
        } else {
            self.keyspace_misses += 1;
        }
    }

    /// Counts an error reply (`-CODE message\r\n`). As Redis's `afterErrorReply`: the code is
    /// the text before the first space within 32 bytes, or `ERR` if there is none.
    pub fn count_error(&mut self, reply: &[u8]) {
        self.total_error_replies += 1;
        let head = &reply[1..reply.len().min(32)];
        let code = match head.iter().position(|&c| c == b' ') {
            Some(end) => String::from_utf8_lossy(&head[..end]).into_owned(),
            None => "ERR".to_string(),
        };
        *self.error_codes.entry(code).or_default() += 1;
    }
}

/// How the server was asked to stop.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shutdown {
    Signal(&'static str),
    Command,
}

/// CLIENT PAUSE: of everything (`all`) or of writes only, until `until_ms`.
#[derive(Clone, Copy, Debug)]
pub struct Pause {
    pub all: bool,
    pub until_ms: i64,
}

pub struct State {
    pub config: Config,
    pub dbs: Vec<Db>,
    pub stats: Stats,
    pub workers: Workers,
    /// Wall-clock ms, read once per loop tick.
    pub now_ms: i64,
    pub start_ms: i64,
    pub rng: Rng,
    pub next_client_id: u64,
    pub run_id: String,
    /// Writes since start (Redis's `dirty`).
    pub dirty: u64,
    pub shutdown: Option<Shutdown>,
    /// Per-command statistics, indexed like `commands::table()`.
    pub cmd_stats: Vec<crate::commands::CmdStats>,
    /// INFO's instantaneous_ops_per_sec, sampled by the cron.
    pub ops_per_sec: u64,
    /// WATCHed keys and the clients whose EXEC must fail.
    pub watches: crate::watch::Watches,
    /// Set by a handler that touched the changed keys for WATCH itself, because not every key it
    /// names changed (SMOVE of a member the destination holds); `commands::run` then doesn't.
    pub watch_touched: bool,
    /// Clients blocked on keys.
    pub blocking: crate::blocking::Registry,
    /// CLIENT KILL marked other connections as closing; the loop closes them after the command.
    pub kills_pending: bool,
    /// Bind address and port actually listened on (for INFO and HELLO).
    pub tcp_port: u16,
    /// RDB snapshot bookkeeping and the forked child, if any.
    pub snapshots: crate::persist::snapshot::Snapshots,
    /// The append-only file, when `appendonly yes`.
    pub aof: Option<crate::persist::aof::Aof>,
    /// What the running command logs instead of its own arguments (a relative expiry made
    /// absolute, a random pop made explicit); see `Ctx::propagate_as`.
    pub propagate_as: Option<Vec<Vec<u8>>>,
    /// Clients that sent MONITOR: slot and id (the id guards against a reused slot).
    pub monitors: Vec<(usize, u64)>,
    /// Channels, patterns and their subscribers.
    pub pubsub: crate::pubsub::Registry,
    pub slowlog: crate::commands::slowlog::Slowlog,
    /// CLIENT PAUSE in force: everything or only writes, until this time (ms).
    pub pause: Option<Pause>,
    /// Slots of clients whose next command waits for the pause to end.
    pub paused: Vec<usize>,
    /// Set by a container command that refused its subcommand (unknown, or the wrong arity),
    /// which Redis rejects before running: `commands::dispatch` does not count it as a call.
    pub rejected: bool,
    /// Slots of other connections a command gave output to (monitors, subscribers): the loop
    /// queues their writes before it sleeps.
    pub output_for: Vec<usize>,
}

impl State {
    pub fn new(config: Config, workers: Workers) -> State {
        let now = crate::util::now_ms();
        crate::db::set_lru_clock(now);
        crate::util::calibrate_ticks();
        let mut rng = Rng::new();
        let run_id = (0..40)
            .map(|_| char::from(b"0123456789abcdef"[rng.below(16)]))
            .collect();
        State {
            dbs: (0..config.databases).map(|_| Db::default()).collect(),
            tcp_port: config.port,
            config,
            stats: Stats::default(),
            workers,
            now_ms: now,
            start_ms: now,
            rng,
            next_client_id: 1,
            run_id,
            dirty: 0,
            shutdown: None,
            kills_pending: false,
            blocking: Default::default(),
            watches: Default::default(),
            watch_touched: false,
            ops_per_sec: 0,
            cmd_stats: vec![Default::default(); crate::commands::table().count()],
            snapshots: crate::persist::snapshot::Snapshots::new(now),
            aof: None,
            propagate_as: None,
            monitors: Vec::new(),
            pubsub: Default::default(),
            slowlog: Default::default(),
            pause: None,
            paused: Vec::new(),
            rejected: false,
            output_for: Vec::new(),
        }
    }

    /// Why write commands (and PING) are refused, if they are: a failed background save with
    /// `stop-writes-on-bgsave-error` (Redis's `writeCommandsDeniedByDiskError`).
    pub fn disk_error(&self) -> Option<String> {
        if self.config.stop_writes_on_bgsave_error
            && !self.config.save_points.is_empty()
            && !self.snapshots.last_bgsave_ok
        {
            return Some(crate::proto::errors::MISCONF_RDB.to_string());
        }
        if let Some(e) = self.aof.as_ref().and_then(|a| a.error.as_ref()) {
            return Some(format!("MISCONF Errors writing to the AOF file: {e}"));
        }
        None
    }

    /// Logs a key deleted on its own (expired) as a DEL, so replaying the log does not depend
    /// on when it is replayed.
    pub fn propagate_del(&mut self, db: usize, key: &[u8]) {
        if let Some(aof) = self.aof.as_mut() {
            aof.feed(db, &[b"DEL", key]);
        }
    }

    /// Writes since the last successful save (INFO's `rdb_changes_since_last_save`).
    pub fn changes_since_save(&self) -> u64 {
        self.dirty.saturating_sub(self.snapshots.dirty_at_save)
    }

    /// Looks a key up in database `db`, first deleting it if it has expired (Redis's
    /// `lookupKey` with `expireIfNeeded`).
    pub fn lookup(&mut self, db: usize, key: &[u8]) -> Option<&mut Value> {
        if self.expire_if_needed(db, key) {
            return None;
        }
        self.dbs[db].get_touch(key)
    }

    /// `lookup`, creating the key with `make()` when it is missing (the `lookupKeyWrite` then
    /// `dbAdd` of Redis's `*TypeLookupWriteOrCreate`), with one keyspace lookup.
    pub fn lookup_or_create(
        &mut self,
        db: usize,
        key: &[u8],
        make: impl FnOnce() -> Value,
    ) -> &mut Value {
        self.expire_if_needed(db, key);
        self.dbs[db].get_or_insert_with(key, make)
    }

    /// A lookup for reading (Redis's `lookupKeyRead`): also counts a keyspace hit or miss, which
    /// lookups for writing do not.
    pub fn lookup_read(&mut self, db: usize, key: &[u8]) -> Option<&Value> {
        let value = if self.expire_if_needed(db, key) {
            None
        } else {
            self.dbs[db].get_touch(key).map(|v| &*v)
        };
        self.stats.count_lookup(value.is_some());
        value
    }

    /// `lookup_read` that leaves the key's access time alone (Redis's `LOOKUP_NOTOUCH`: EXISTS,
    /// TYPE, TTL and friends).
    pub fn lookup_read_notouch(&mut self, db: usize, key: &[u8]) -> Option<&Value> {
        let value = if self.expire_if_needed(db, key) {
            None
        } else {
            self.dbs[db].get(key)
        };
        self.stats.count_lookup(value.is_some());
        value
    }

    /// Whether CLIENT PAUSE is in force now: Some(true) for everything, Some(false) for
    /// writes. A pause whose time is over is forgotten here.
    pub fn paused_now(&mut self) -> Option<bool> {
        let p = self.pause?;
        if p.until_ms < self.now_ms.max(crate::util::now_ms()) {
            self.pause = None;
            return None;
        }
        Some(p.all)
    }

    /// Deletes `key` if its time has come, freeing a large value on a worker. Returns whether
    /// the key is gone: during CLIENT PAUSE an expired key is only hidden, not deleted (so
    /// nothing is written), as in Redis.
    #[inline]
    pub fn expire_if_needed(&mut self, db: usize, key: &[u8]) -> bool {
        if !self.dbs[db].is_expired(key, self.now_ms) {
            return false;
        }
        self.expire(db, key);
        true
    }

    /// The expired-key path of `expire_if_needed`, out of line.
    #[cold]
    fn expire(&mut self, db: usize, key: &[u8]) {
        if self.pause.is_some() && self.paused_now().is_some() {
            return;
        }
        if let Some(v) = self.dbs[db].remove(key) {
            self.propagate_del(db, key);
            self.stats.expired_keys += 1;
            self.watches.touch(db, key);
            self.free(v);
        }
    }

    /// Frees a value: small ones right here, large ones on a worker so the loop never spends
    /// O(size) time in a destructor.
    pub fn free(&mut self, value: Value) {
        if !value.cheap_to_free() {
            self.stats.lazyfreed_objects += 1;
            self.workers.submit(Job::Drop(Box::new(value)));
        }
    }

    /// Hands a whole database to a worker to drop (FLUSHDB/FLUSHALL ASYNC, or large flushes).
    pub fn free_db(&mut self, db: Db) {
        if db.is_empty() {
            return;
        }
        self.stats.lazyfreed_objects += 1;
        self.workers.submit(Job::Drop(Box::new(db)));
    }
}
