//! The command table and dispatch. Every command is one row: name, arity, flags, key positions,
//! syntax and handler. Unknown commands, arity and authentication are checked here, once, so
//! handlers only deal with their own arguments.

pub mod bitmaps;
pub mod client;
pub mod command;
pub mod config;
pub mod connection;
#[rustfmt::skip]
pub mod docs_gen;
pub mod dump;
pub mod hashes;
pub mod hyperloglog;
pub mod keys;
pub mod lists;
pub mod monitor;
pub mod object;
pub mod persistence;
pub mod pubsub;
pub mod server;
pub mod sets;
pub mod slowlog;
pub mod sort;
pub mod strings;
pub mod tx;
pub mod zsets;

use crate::blocking::{Blocked, TimeoutReply};
use crate::db::{Db, Value};
use crate::net::conn::{ClientState, Conn};
use crate::proto::errors;
use crate::proto::num::parse_i64;
use crate::proto::reply::Reply;
use crate::state::State;
use slab::Slab;
use std::sync::OnceLock;

/// Command flags (a subset of Redis's, as COMMAND INFO reports them).
pub mod flags {
    pub const WRITE: u32 = 1;
    pub const READONLY: u32 = 1 << 1;
    pub const DENYOOM: u32 = 1 << 2;
    pub const ADMIN: u32 = 1 << 3;
    pub const NOSCRIPT: u32 = 1 << 4;
    pub const LOADING: u32 = 1 << 5;
    pub const STALE: u32 = 1 << 6;
    pub const FAST: u32 = 1 << 7;
    pub const NO_AUTH: u32 = 1 << 8;
    pub const PUBSUB: u32 = 1 << 9;
    pub const BLOCKING: u32 = 1 << 10;
    pub const NO_MULTI: u32 = 1 << 11;
    /// Redis's CMD_MAY_REPLICATE (PUBLISH): not shown by COMMAND, but a monitor may not run it.
    pub const MAY_REPLICATE: u32 = 1 << 12;

    /// Names in the order Redis prints them.
    pub const NAMES: &[(u32, &str)] = &[
        (WRITE, "write"),
        (READONLY, "readonly"),
        (DENYOOM, "denyoom"),
        (ADMIN, "admin"),
        (PUBSUB, "pubsub"),
        (NOSCRIPT, "noscript"),
        (BLOCKING, "blocking"),
        (LOADING, "loading"),
        (STALE, "stale"),
        (NO_MULTI, "no_multi"),
        (FAST, "fast"),
        (NO_AUTH, "no_auth"),
    ];
}

pub type Handler = fn(&mut Ctx, &Args);

/// One row of the command table.
pub struct Command {
    pub name: &'static str,
    /// Exact argument count including the name, or -N for "at least N".
    pub arity: i32,
    pub flags: u32,
    /// Key positions: first, last (negative counts from the end), step; 0 = no keys.
    pub keys: (i32, i32, i32),
    pub group: &'static str,
    /// One line: the syntax, as HELP lists it.
    pub syntax: &'static str,
    pub handler: Handler,
}

/// A command's arguments: spans of a buffer (the read buffer, or the inline scratch buffer).
pub struct Args<'a> {
    pub base: &'a [u8],
    pub spans: &'a [(usize, usize)],
}

impl<'a> Args<'a> {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Argument `i` (0 is the command name). Panics only on a handler bug: arity is checked first.
    pub fn get(&self, i: usize) -> &'a [u8] {
        let (s, e) = self.spans[i];
        &self.base[s..e]
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a [u8]> + '_ {
        self.spans.iter().map(|&(s, e)| &self.base[s..e])
    }

    /// Case-insensitive comparison of argument `i` with an ASCII keyword.
    pub fn is(&self, i: usize, word: &str) -> bool {
        self.get(i).eq_ignore_ascii_case(word.as_bytes())
    }
}

/// What a handler works with: the server state, its client, its reply buffer, and the other
/// connections (for CLIENT LIST/KILL; the current one is not among them while it runs).
pub struct Ctx<'a> {
    pub st: &'a mut State,
    pub client: &'a mut ClientState,
    pub out: &'a mut Reply,
    pub conns: &'a mut Slab<Option<Box<Conn>>>,
}

impl Ctx<'_> {
    /// The client's selected database.
    pub fn db(&mut self) -> &mut Db {
        &mut self.st.dbs[self.client.db]
    }

    pub fn now(&self) -> i64 {
        self.st.now_ms
    }

    /// Parses an integer argument, replying the standard error if it is not one.
    pub fn int_arg(&mut self, arg: &[u8]) -> Option<i64> {
        let n = parse_i64(arg);
        if n.is_none() {
            self.out.error(errors::NOT_INTEGER);
        }
        n
    }

    /// Redis's `getRangeLongFromObjectOrReply`: an integer in `min..=max`. With `msg`, that text
    /// is the error for both a non-integer and an out-of-range value.
    pub fn range_arg(&mut self, arg: &[u8], min: i64, max: i64, msg: Option<&str>) -> Option<i64> {
        match parse_i64(arg) {
            Some(n) if (min..=max).contains(&n) => Some(n),
            parsed => {
                match (msg, parsed) {
                    (Some(m), _) => self.out.error(&format!("ERR {m}")),
                    (None, None) => self.out.error(errors::NOT_INTEGER),
                    (None, Some(_)) => self.out.error(&format!(
                        "ERR value is out of range, value must between {min} and {max}"
                    )),
                }
                None
            }
        }
    }

    /// Tells clients blocked on `key` (in the current database) that it received data.
    pub fn signal_ready(&mut self, key: &[u8]) {
        self.st.blocking.signal(self.client.db, key);
    }

    /// A blocking command's timeout in seconds (a float): the absolute deadline in ms, None for
    /// 0 (wait forever), or an error reply as Redis's `getTimeoutFromObjectOrReply` gives.
    pub fn timeout_arg(&mut self, arg: &[u8]) -> Option<Option<i64>> {
        let Some(ms) = crate::proto::num::parse_timeout_ms(arg) else {
            self.out.error("ERR timeout is not a float or out of range");
            return None;
        };
        if ms < 0 {
            self.out.error("ERR timeout is negative");
            return None;
        }
        Some((ms > 0).then(|| self.st.now_ms.saturating_add(ms)))
    }

    /// Parks the client until one of `keys` can serve it or `deadline` passes; the command
    /// (`args`) runs again then. Called by a blocking handler that found nothing to serve. When
    /// the command is already being run again for a blocked client, it keeps its place. Inside
    /// EXEC it replies `if_denied` instead of blocking.
    pub fn block(
        &mut self,
        args: &Args,
        keys: Vec<crate::db::Key>,
        deadline: Option<i64>,
        if_denied: TimeoutReply,
        kind: &'static str,
    ) {
        if self.client.blocked.is_some() {
            return;
        }
        if self.client.in_exec {
            // Inside a transaction nothing may wait: reply at once.
            match if_denied {
                TimeoutReply::NullArray => self.out.null_array(),
                TimeoutReply::Null => self.out.null(),
            }
            return;
        }
        let mut command = Vec::new();
        let mut spans = Vec::with_capacity(args.len());
        for a in args.iter() {
            let start = command.len();
            command.extend_from_slice(a);
            spans.push((start, command.len()));
        }
        let db = self.client.db;
        self.st
            .blocking
            .block((self.client.slot, self.client.id), db, &keys, deadline);
        self.client.blocked = Some(Box::new(Blocked {
            db,
            keys,
            kind,
            deadline,
            command,
            spans,
        }));
    }

    /// Records writes to the dataset (Redis's `dirty`).
    pub fn dirty(&mut self, n: u64) {
        self.st.dirty += n;
    }

    /// Has the append-only file log `args` for this command instead of the arguments it was
    /// called with (Redis's `rewriteClientCommandVector`). Free when there is no log.
    pub fn propagate_as(&mut self, args: &[&[u8]]) {
        if self.st.aof.is_some() {
            self.st.propagate_as = Some(args.iter().map(|a| a.to_vec()).collect());
        }
    }

    /// Frees a value that left the keyspace (large ones on a worker).
    pub fn free(&mut self, v: Value) {
        self.st.free(v);
    }
}

/// The output of another connection, `(slot, id)`, while it is still there and open (MONITOR
/// lines, Pub/Sub messages). Its slot goes on `output_for` once, so the loop writes it out with
/// this batch.
pub(crate) fn other_output<'c>(
    conns: &'c mut Slab<Option<Box<Conn>>>,
    output_for: &mut Vec<usize>,
    (slot, id): (usize, u64),
) -> Option<&'c mut Reply> {
    let conn = conns.get_mut(slot)?.as_mut()?;
    if conn.client.id != id || conn.closing {
        return None;
    }
    if !conn.output_noted {
        conn.output_noted = true;
        output_for.push(slot);
    }
    Some(&mut conn.out)
}

/// A looked-up key checked against one type, as Redis's `lookupKey*` + `checkType`: Ok(None)
/// when it is missing, Err after replying WRONGTYPE. `pick` selects the type
/// (`Value::as_set_mut`, ...).
pub(crate) fn typed<'a, T>(
    found: Option<&'a mut Value>,
    out: &mut Reply,
    pick: fn(&mut Value) -> Option<&mut T>,
) -> Result<Option<&'a mut T>, ()> {
    let Some(v) = found else { return Ok(None) };
    checked(v, out, pick).map(Some)
}

/// `pick` applied to a value that is there; Err after replying WRONGTYPE.
fn checked<'a, T>(
    v: &'a mut Value,
    out: &mut Reply,
    pick: fn(&mut Value) -> Option<&mut T>,
) -> Result<&'a mut T, ()> {
    pick(v).ok_or_else(|| out.error(errors::WRONGTYPE))
}

/// The value of type `T` at `key` for writing, created by `make` when the key is missing (Redis's
/// `*TypeLookupWriteOrCreate`), with one keyspace lookup; Err after replying WRONGTYPE. A caller
/// that may leave a new collection empty removes it again.
pub(crate) fn typed_or_create<'a, T>(
    st: &'a mut State,
    db: usize,
    key: &[u8],
    out: &mut Reply,
    make: fn() -> Value,
    pick: fn(&mut Value) -> Option<&mut T>,
) -> Result<&'a mut T, ()> {
    checked(st.lookup_or_create(db, key, make), out, pick)
}

/// `typed` for a read lookup (`State::lookup_read`).
pub(crate) fn typed_ref<'a, T>(
    found: Option<&'a Value>,
    out: &mut Reply,
    pick: fn(&Value) -> Option<&T>,
) -> Result<Option<&'a T>, ()> {
    let Some(v) = found else { return Ok(None) };
    match pick(v) {
        Some(t) => Ok(Some(t)),
        None => {
            out.error(errors::WRONGTYPE);
            Err(())
        }
    }
}

/// Every command ferrokv serves, from each family's table.
pub fn table() -> impl Iterator<Item = &'static Command> {
    connection::COMMANDS
        .iter()
        .chain(strings::COMMANDS)
        .chain(bitmaps::COMMANDS)
        .chain(hyperloglog::COMMANDS)
        .chain(keys::COMMANDS)
        .chain(dump::COMMANDS)
        .chain(lists::COMMANDS)
        .chain(hashes::COMMANDS)
        .chain(sets::COMMANDS)
        .chain(zsets::COMMANDS)
        .chain(server::COMMANDS)
        .chain(command::COMMANDS)
        .chain(client::COMMANDS)
        .chain(config::COMMANDS)
        .chain(tx::COMMANDS)
        .chain(sort::COMMANDS)
        .chain(object::COMMANDS)
        .chain(persistence::COMMANDS)
        .chain(monitor::COMMANDS)
        .chain(pubsub::COMMANDS)
        .chain(slowlog::COMMANDS)
}

/// The subcommands a container command (CLIENT, CONFIG, ...) serves, as COMMAND INFO, DOCS and
/// LIST report them: each container module lists its own. A container missing here is
/// reported with all of Redis 7.0's subcommands (an integration test checks that every
/// container really serves what COMMAND reports for it).
pub fn served_subcommands(container: &str) -> Option<&'static [&'static str]> {
    [
        client::SUBCOMMANDS,
        config::SUBCOMMANDS,
        command::SUBCOMMANDS,
        object::SUBCOMMANDS,
        server::MEMORY_SUBCOMMANDS,
        pubsub::SUBCOMMANDS,
        slowlog::SUBCOMMANDS,
    ]
    .into_iter()
    .find(|(name, _)| *name == container)
    .map(|(_, subs)| subs)
}

/// Name -> position in `table()` (which also indexes per-command statistics): an open-addressed
/// table of positions (4 slots a command, so probes are short). This runs for every command, so
/// names are hashed and compared as four 64-bit words rather than byte by byte.
struct Index {
    rows: Vec<&'static Command>,
    /// `rows[i]`'s name as `name_words` reads it, and its letters' case bits (0x20 at each
    /// letter), so `input | letters == words` compares case-insensitively.
    names: Vec<([u64; 4], [u64; 4])>,
    /// Position + 1 in `rows`, 0 = empty; a power of two at least twice the row count.
    slots: Vec<u16>,
}

/// No command name is longer; longer names are not looked up.
const NAME_MAX: usize = 32;

/// The name's bytes, zero padded, as four little-endian words (`name.len() <= NAME_MAX`).
#[inline]
fn name_words(name: &[u8]) -> [u64; 4] {
    let mut words = [0u64; 4];
    for (w, chunk) in words.iter_mut().zip(name.chunks(8)) {
        *w = load_word(chunk);
    }
    words
}

/// Up to 8 bytes as a little-endian word, zero padded: two overlapping loads rather than a
/// byte loop or a `memcpy` call.
#[inline]
fn load_word(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 8 {
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    } else if n >= 4 {
        let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64;
        let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]) as u64;
        lo | hi << (8 * (n - 4))
    } else if n > 0 {
        b[0] as u64 | (b[n / 2] as u64) << (8 * (n / 2)) | (b[n - 1] as u64) << (8 * (n - 1))
    } else {
        0
    }
}

/// A hash of the case-folded first two words and the length (`| 0x20` folds letters; other
/// bytes only collide, and the comparison sorts collisions out).
#[inline]
fn name_hash(words: &[u64; 4], len: usize) -> usize {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let h = (words[0] | FOLD) ^ (words[1] | FOLD).rotate_left(29) ^ len as u64;
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let rows: Vec<&'static Command> = table().collect();
        let mut slots = vec![0u16; (rows.len() * 4).next_power_of_two()];
        let mask = slots.len() - 1;
        let mut names = Vec::with_capacity(rows.len());
        for (i, c) in rows.iter().enumerate() {
            let name = c.name.as_bytes();
            assert!(name.len() <= NAME_MAX, "command names are short");
            let words = name_words(name);
            let letters: Vec<u8> = name
                .iter()
                .map(|b| (b.is_ascii_lowercase() as u8) << 5)
                .collect();
            names.push((words, name_words(&letters)));
            let mut at = name_hash(&words, name.len()) & mask;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = i as u16 + 1;
        }
        Index { rows, names, slots }
    })
}

fn lookup_indexed(name: &[u8]) -> Option<(usize, &'static Command)> {
    if name.len() > NAME_MAX {
        return None;
    }
    let idx = index();
    let input = name_words(name);
    let mask = idx.slots.len() - 1;
    let mut at = name_hash(&input, name.len()) & mask;
    loop {
        let i = (*idx.slots.get(at)? as usize).checked_sub(1)?;
        let (words, letters) = idx.names.get(i)?;
        let same = (input[0] | letters[0]) == words[0]
            && (input[1] | letters[1]) == words[1]
            && (input[2] | letters[2]) == words[2]
            && (input[3] | letters[3]) == words[3];
        if same && idx.rows[i].name.len() == name.len() {
            return Some((i, idx.rows[i]));
        }
        at = (at + 1) & mask;
    }
}

/// The last command name a connection sent, byte for byte, and its row: a pipeline repeats its
/// commands, and comparing a few bytes costs less than hashing the name.
#[derive(Clone, Copy, Default)]
pub struct NameCache {
    name: [u8; 16],
    len: u8,
    row: u16,
}

/// `lookup_indexed` through the connection's `NameCache`.
#[inline]
fn lookup_cached(cache: &mut NameCache, name: &[u8]) -> Option<(usize, &'static Command)> {
    let len = cache.len as usize;
    if len > 0 && name.len() == len && name == &cache.name[..len] {
        let row = cache.row as usize;
        return Some((row, index().rows[row]));
    }
    let (row, cmd) = lookup_indexed(name)?;
    if let Some(to) = cache.name.get_mut(..name.len()) {
        to.copy_from_slice(name);
        cache.len = name.len() as u8;
        cache.row = row as u16;
    }
    Some((row, cmd))
}

/// Finds a command by name, case-insensitively, without allocating.
pub fn lookup(name: &[u8]) -> Option<&'static Command> {
    lookup_indexed(name).map(|(_, c)| c)
}

/// Calls, time and failures of one command (INFO commandstats).
#[derive(Clone, Copy, Default)]
pub struct CmdStats {
    pub calls: u64,
    /// Time spent, in `util::ticks` (converted to µs when INFO asks: one conversion per
    /// report instead of a division per command).
    pub ticks: u64,
    pub rejected: u64,
    pub failed: u64,
}

pub fn arity_ok(arity: i32, argc: usize) -> bool {
    if arity >= 0 {
        argc == arity as usize
    } else {
        argc >= arity.unsigned_abs() as usize
    }
}

/// Runs one command: lookup, arity and authentication checks, then the handler. Error replies
/// are counted here, for all commands alike.
pub fn execute(ctx: &mut Ctx, args: &Args) {
    let start = ctx.out.buf.len();
    let ran = dispatch(ctx, args);
    let error = ctx.out.buf.get(start) == Some(&b'-');
    if error {
        ctx.st.stats.count_error(&ctx.out.buf[start..]);
    }
    if let Some((i, executed, ticks)) = ran {
        let s = &mut ctx.st.cmd_stats[i];
        if executed {
            s.calls += 1;
            s.ticks += ticks;
            s.failed += error as u64;
        } else {
            s.rejected += 1;
        }
    }
}

/// Checks and runs a command. Returns its table position, whether it ran (or was rejected by
/// the arity or authentication check), and how long it took in `util::ticks`; None for unknown
/// commands.
fn dispatch(ctx: &mut Ctx, args: &Args) -> Option<(usize, bool, u64)> {
    let name = args.get(0);
    // CLIENT LIST's `cmd=`: set as soon as the command is looked up, as Redis does (`NULL` for
    // an unknown one), even if it is then refused.
    let Some((i, cmd)) = lookup_cached(&mut ctx.client.name_cache, name) else {
        ctx.client.last_cmd = "NULL";
        let rest: Vec<&[u8]> = args.iter().skip(1).collect();
        ctx.out.error(&errors::unknown_command(name, &rest));
        fail_transaction(ctx);
        return None;
    };
    ctx.client.last_cmd = cmd.name;
    if !arity_ok(cmd.arity, args.len()) {
        if cmd.name == "exec" && ctx.client.multi.is_some() {
            tx::abort(ctx, &errors::wrong_arity(cmd.name));
        } else {
            ctx.out.error(&errors::wrong_arity(cmd.name));
            fail_transaction(ctx);
        }
        return Some((i, false, 0));
    }
    if !ctx.client.authenticated && cmd.flags & flags::NO_AUTH == 0 {
        ctx.out.error(errors::NOAUTH);
        fail_transaction(ctx);
        return Some((i, false, 0));
    }
    if ctx.client.multi.is_some() && cmd.flags & flags::NO_MULTI != 0 {
        ctx.out
            .error("ERR Command not allowed inside a transaction");
        fail_transaction(ctx);
        return Some((i, false, 0));
    }
    // The disk check first: it is cheap, and `writes` walks an EXEC's queue.
    if let Some(err) = ctx.st.disk_error()
        && writes(ctx, cmd)
    {
        if cmd.name == "exec" && ctx.client.multi.is_some() {
            tx::abort(ctx, &err);
        } else {
            ctx.out.error(&err);
            fail_transaction(ctx);
        }
        return Some((i, false, 0));
    }
    // A monitor, a subscriber or CLIENT PAUSE: rare, so checked together, out of line.
    if (ctx.client.monitor || ctx.client.subs.is_some() || ctx.st.pause.is_some())
        && let Some(stop) = held_back(ctx, i, cmd, args)
    {
        return stop;
    }
    if let Some(multi) = ctx.client.multi.as_mut()
        && !tx::runs_inside_multi(cmd.name)
    {
        multi.queue.push(pack(args.iter()));
        ctx.out.simple("QUEUED");
        return None;
    }
    let started = crate::util::ticks();
    run(ctx, cmd, args);
    let ticks = crate::util::ticks().saturating_sub(started);
    if ctx.st.rejected || !ctx.st.monitors.is_empty() || ctx.client.blocked.is_some() {
        return ran_unusually(ctx, i, cmd, args, ticks);
    }
    slowlog::record(ctx, cmd, args, ticks);
    // After the command, as Redis's `call`: INFO does not count itself, RESETSTAT does.
    ctx.st.stats.commands_processed += 1;
    Some((i, true, ticks))
}

/// `dispatch`'s checks for a monitor (no keyspace commands), a RESP2 subscriber (only
/// (un)subscribing, PING, QUIT and RESET) and CLIENT PAUSE (the command waits:
/// `server::run_commands` leaves it in the buffer, except inside a running transaction, which
/// finishes first). Some(reply) if the command must not run now.
#[cold]
fn held_back(
    ctx: &mut Ctx,
    i: usize,
    cmd: &'static Command,
    args: &Args,
) -> Option<Option<(usize, bool, u64)>> {
    if ctx.client.monitor && monitor::refused_for_monitor(cmd, args) {
        ctx.out
            .error("ERR Replica can't interact with the keyspace");
        fail_transaction(ctx);
        return Some(Some((i, false, 0)));
    }
    if ctx.client.subs.is_some() && !ctx.out.resp3 && !pubsub::allowed_while_subscribed(cmd.name) {
        let argv: Vec<&[u8]> = args.iter().collect();
        let name = command::lookup_for_call(&argv).map_or(cmd.name, |e| e.fullname());
        ctx.out.error(&format!(
            "ERR Can't execute '{name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
        ));
        fail_transaction(ctx);
        return Some(Some((i, false, 0)));
    }
    if ctx.st.pause.is_some()
        && !ctx.client.in_exec
        && let Some(all) = ctx.st.paused_now()
        && (all || may_write(ctx, cmd))
    {
        ctx.client.postponed = true;
        return Some(None);
    }
    None
}

/// The end of `dispatch` when something unusual happened: a subcommand refused for its name or
/// arity (Redis rejects those before running them: not counted as a call, not shown to
/// monitors, not logged as slow), monitors to show the command to, or a command that blocked
/// (logged as slow once it is served, in `server::run_blocked`).
#[cold]
fn ran_unusually(
    ctx: &mut Ctx,
    i: usize,
    cmd: &'static Command,
    args: &Args,
    ticks: u64,
) -> Option<(usize, bool, u64)> {
    if std::mem::take(&mut ctx.st.rejected) {
        return Some((i, false, 0));
    }
    if !ctx.st.monitors.is_empty() {
        monitor::feed(ctx, cmd, args);
    }
    if ctx.client.blocked.is_none() {
        slowlog::record(ctx, cmd, args, ticks);
    }
    ctx.st.stats.commands_processed += 1;
    Some((i, true, ticks))
}

/// Whether CLIENT PAUSE WRITE holds this command back: a write, PUBLISH, or an EXEC with either
/// queued (Redis's `is_may_replicate_command`).
fn may_write(ctx: &Ctx, cmd: &Command) -> bool {
    let mask = flags::WRITE | flags::MAY_REPLICATE;
    cmd.flags & mask != 0 || (cmd.name == "exec" && queued_any(ctx, mask))
}

/// Whether a failing disk refuses this command: writes, an EXEC with writes queued, and PING
/// (so a monitoring ping notices), as in Redis's `processCommand`.
fn writes(ctx: &Ctx, cmd: &Command) -> bool {
    cmd.flags & flags::WRITE != 0
        || cmd.name == "ping"
        || (cmd.name == "exec" && queued_any(ctx, flags::WRITE))
}

/// Whether the open transaction queued a command with any of the flags in `mask` (Redis keeps
/// this as `mstate.cmd_flags`).
fn queued_any(ctx: &Ctx, mask: u32) -> bool {
    ctx.client.multi.as_ref().is_some_and(|m| {
        m.queue.iter().any(|(bytes, spans)| {
            spans
                .first()
                .and_then(|&(a, b)| lookup(&bytes[a..b]))
                .is_some_and(|c| c.flags & mask != 0)
        })
    })
}

/// Copies arguments into one buffer and their spans, the owned form of `Args` (a queued
/// MULTI command, a command replayed from the append-only file).
pub fn pack<'a>(args: impl ExactSizeIterator<Item = &'a [u8]>) -> (Vec<u8>, Vec<(usize, usize)>) {
    let mut bytes = Vec::new();
    let mut spans = Vec::with_capacity(args.len());
    for a in args {
        let start = bytes.len();
        bytes.extend_from_slice(a);
        spans.push((start, bytes.len()));
    }
    (bytes, spans)
}

/// A command refused while queueing dooms the transaction (Redis's `flagTransaction`).
fn fail_transaction(ctx: &mut Ctx) {
    if let Some(multi) = ctx.client.multi.as_mut() {
        multi.failed = true;
    }
}

/// Runs a handler and, if it changed the dataset, tells WATCH about the keys it names.
pub fn run(ctx: &mut Ctx, cmd: &Command, args: &Args) {
    let dirty_before = ctx.st.dirty;
    (cmd.handler)(ctx, args);
    if ctx.st.aof.is_some() {
        let changed = ctx.st.dirty != dirty_before || ctx.st.propagate_as.is_some();
        propagate(ctx, cmd, args, changed);
    }
    let touched = std::mem::take(&mut ctx.st.watch_touched);
    if ctx.st.dirty != dirty_before && !ctx.st.watches.is_empty() && !touched {
        let db = ctx.client.db;
        let positions = server::key_positions(cmd, args.len());
        if positions.is_empty()
            && cmd.flags & flags::WRITE != 0
            && !matches!(cmd.name, "flushdb" | "flushall" | "swapdb")
        {
            // Commands that name their keys through a count (LMPOP, ZMPOP...): assume any may be a key.
            for a in args.iter().skip(1) {
                ctx.st.watches.touch(db, a);
            }
        }
        for p in positions {
            ctx.st.watches.touch(db, args.get(p));
        }
    }
}

/// Logs a command that changed the dataset to the append-only file, as itself or as what it
/// asked to be logged as. EXEC logs nothing itself: its commands were logged one by one.
fn propagate(ctx: &mut Ctx, cmd: &Command, args: &Args, changed: bool) {
    let replacement = ctx.st.propagate_as.take();
    if !changed || cmd.name == "exec" {
        return;
    }
    let db = ctx.client.db;
    let Some(aof) = ctx.st.aof.as_mut() else {
        return;
    };
    match replacement {
        Some(r) => {
            let r: Vec<&[u8]> = r.iter().map(Vec::as_slice).collect();
            aof.feed(db, &r);
        }
        None => {
            let a: Vec<&[u8]> = args.iter().collect();
            aof.feed(db, &a);
        }
    }
}

/// Replies Redis's error for an unknown subcommand; like an unknown command, it shows as
/// `cmd=NULL` in CLIENT LIST.
pub fn unknown_subcommand(ctx: &mut Ctx, args: &Args, cmd: &str) {
    ctx.client.last_cmd = "NULL";
    ctx.st.rejected = true;
    ctx.out.error(&errors::unknown_subcommand(args.get(1), cmd));
}

/// The argument positions Redis replaces with `(redacted)` in MONITOR and SLOWLOG: AUTH's user
/// and password, and the pair after each AUTH option of HELLO (as far as HELLO reads its
/// options).
pub fn redacted_args(args: &Args) -> Vec<usize> {
    let name = args.get(0);
    if name.eq_ignore_ascii_case(b"auth") {
        return if args.len() <= 3 {
            (1..args.len()).collect()
        } else {
            Vec::new()
        };
    }
    let mut hidden = Vec::new();
    if !name.eq_ignore_ascii_case(b"hello")
        || (args.len() >= 2 && !parse_i64(args.get(1)).is_some_and(|v| (2..=3).contains(&v)))
    {
        return hidden;
    }
    let mut j = 2;
    while j < args.len() {
        let more = args.len() - 1 - j;
        if args.is(j, "auth") && more >= 2 {
            hidden.extend([j + 1, j + 2]);
            j += 3;
        } else if args.is(j, "setname") && more >= 1 {
            j += 2;
        } else {
            break;
        }
    }
    hidden
}

/// Redis's `addReplySubcommandSyntaxError`, for a subcommand given the wrong arguments where its
/// arity allows them.
pub fn subcommand_syntax_error(ctx: &mut Ctx, args: &Args, container: &str) {
    let sub = args.get(1);
    let sub = String::from_utf8_lossy(&sub[..sub.len().min(128)]).into_owned();
    ctx.out.error(&format!(
        "ERR unknown subcommand or wrong number of arguments for '{sub}'. Try {container} HELP."
    ));
}

/// Checks a subcommand's arity, replying Redis's `'cmd|sub'` error when it is wrong. The
/// subcommand is what CLIENT LIST shows as `cmd=` from here on, as in Redis.
pub fn sub_arity_ok(ctx: &mut Ctx, args: &Args, arity: i32, full_name: &'static str) -> bool {
    ctx.client.last_cmd = full_name;
    if arity_ok(arity, args.len()) {
        return true;
    }
    ctx.st.rejected = true;
    ctx.out.error(&errors::wrong_arity(full_name));
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_cache_finds_what_the_index_finds() {
        let mut cache = NameCache::default();
        let names: [&[u8]; 12] = [
            b"GET",
            b"GET",
            b"get",
            b"GETS",
            b"GET",
            b"",
            b"zremrangebyscore",
            b"ZREMRANGEBYSCORE",
            b"zremrangebyscorex",
            b"zremrangebyscore",
            b"client",
            b"PING",
        ];
        for _ in 0..2 {
            for name in names {
                let got = lookup_cached(&mut cache, name).map(|(i, c)| (i, c.name));
                let want = lookup_indexed(name).map(|(i, c)| (i, c.name));
                assert_eq!(got, want, "{:?}", String::from_utf8_lossy(name));
            }
        }
        // Every command, through one cache, in both cases.
        for c in table() {
            for name in [c.name.to_string(), c.name.to_ascii_uppercase()] {
                let got = lookup_cached(&mut cache, name.as_bytes()).map(|(_, c)| c.name);
                assert_eq!(got, Some(c.name));
            }
        }
    }

    #[test]
    fn lookup_is_case_insensitive_and_names_are_unique() {
        assert_eq!(lookup(b"GeT").map(|c| c.name), Some("get"));
        assert!(lookup(b"nosuchcommand").is_none());
        assert!(lookup(&[b'a'; 100]).is_none());
        let mut names: Vec<_> = table().map(|c| c.name).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n, "duplicate command names");
        assert!(table().all(|c| c.name.chars().all(|ch| !ch.is_ascii_uppercase())));
        for (i, c) in table().enumerate() {
            let upper = c.name.to_ascii_uppercase();
            assert_eq!(lookup_indexed(upper.as_bytes()).map(|(j, _)| j), Some(i));
            assert!(lookup(&upper.as_bytes()[1..]).is_none_or(|o| o.name != c.name));
        }
        assert!(lookup(b"").is_none());
        assert_eq!(lookup(b"SoRT_RO").map(|c| c.name), Some("sort_ro"));
        assert!(lookup(b"SORT\x7fRO").is_none(), "only letters fold");
        assert!(lookup(b"GE\x14").is_none());
        assert!(lookup(b"GE\x07").is_none());
        assert!(lookup(b"GETS").is_none());
        assert!(
            lookup(b"get\0").is_none(),
            "padding is not part of the name"
        );
        assert_eq!(
            lookup(b"ZREMRANGEBYSCORE").map(|c| c.name),
            Some("zremrangebyscore")
        );
        let bytes: Vec<u8> = (1..=NAME_MAX as u8).map(|b| b.wrapping_mul(37)).collect();
        for n in 0..=NAME_MAX {
            let mut padded = [0u8; NAME_MAX];
            padded[..n].copy_from_slice(&bytes[..n]);
            let want: Vec<u64> = padded
                .chunks(8)
                .map(|c| c.iter().rev().fold(0, |w, &b| w << 8 | b as u64))
                .collect();
            assert_eq!(name_words(&bytes[..n]).to_vec(), want, "{n} bytes");
        }
    }
}
