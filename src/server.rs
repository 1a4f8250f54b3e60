//! The event loop: one `mio::Poll` on one thread accepts connections, reads and runs commands,
//! writes replies once per batch just before polling again (Redis's `beforeSleep`), runs timers
//! (active expiry, cron), collects worker completions, and turns SIGINT/SIGTERM into a clean
//! shutdown.
//!
//! mio is edge-triggered: an event arrives only when readiness changes. Whenever the loop stops
//! short of `WouldBlock` (the per-event read cap, output backpressure) it puts the connection on
//! `pending_input` and comes back to it itself; no new event would.

use crate::commands::{self, Args, Ctx};
use crate::config::{Config, Fsync};
use crate::db::expire;
use crate::net::conn::{ClientState, Conn, ReadOutcome};
use crate::persist::aof::{self, Aof};
use crate::persist::snapshot::{self, ChildKind};
use crate::proto::parse::{Limits, Parsed};
use crate::state::{Shutdown, State};
use crate::util::now_ms;
use crate::workers::{Job, Workers};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};
use signal_hook::consts::{SIGCHLD, SIGINT, SIGTERM};
use signal_hook_mio::v1_0::Signals;
use slab::Slab;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::time::{Duration, Instant};

const WAKER: Token = Token(1000);
const SIGNALS: Token = Token(1001);
/// Tokens below this are listeners (one per bind address) and the fixed sources above.
const FIRST_CONN: usize = 1024;
/// Reads per readiness event before other connections get a turn.
const MAX_READS_PER_EVENT: usize = 16;
/// Accepts per event (Redis's `MAX_ACCEPTS_PER_CALL`).
const MAX_ACCEPTS_PER_EVENT: usize = 1000;
/// The input that makes `parse_ahead` worth it (two short commands).
const PREFETCH_MIN_BYTES: usize = 40;
/// Unwritten output above which a client's further commands wait until it reads its replies.
const OUTPUT_BACKPRESSURE: usize = 4 << 20;
/// How often the active expiry cycle runs, and how long each run may take.
const EXPIRE_PERIOD: Duration = Duration::from_millis(10);
const EXPIRE_BUDGET: Duration = Duration::from_millis(2);
/// Old index slots moved per batch of commands a client sent, when its database is growing.
const REHASH_STEP_PER_BATCH: usize = 128;
/// Time per database and cron run for moving a growing keyspace index (Redis's 1 ms).
const REHASH_BUDGET: Duration = Duration::from_millis(1);
/// Clients idle this long give back their empty buffers (Redis frees idle query buffers too), so
/// thousands of idle connections cost little memory.
const IDLE_BUFFER_RELEASE_MS: i64 = 2000;
/// How long shutdown waits for slow readers to take their last replies.
const SHUTDOWN_FLUSH_LIMIT: Duration = Duration::from_millis(500);
/// Redis's default `tcp-backlog`. mio's 128 (the standard library's) overflowed in bursts of
/// connections: the kernel pauses a multithreaded process ~15 ms to grow its file table (at 64,
/// 128, 256... descriptors), and each SYN dropped meanwhile costs its client a 1 s retransmit.
const TCP_BACKLOG: i32 = 511;

/// A non-blocking listener with Redis's backlog (mio's `TcpListener::bind` fixes it at 128).
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let sock = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    sock.set_reuse_address(true)?;
    sock.set_nonblocking(true)?;
    sock.bind(&addr.into())?;
    sock.listen(TCP_BACKLOG)?;
    Ok(TcpListener::from_std(sock.into()))
}

pub struct Server {
    poll: Poll,
    listeners: Vec<TcpListener>,
    signals: Signals,
    /// Boxed: `with_conn` takes a connection out of its slot for every event, and moving a
    /// pointer is cheaper than moving the whole state machine twice.
    conns: Slab<Option<Box<Conn>>>,
    st: State,
    /// Connections with output to write before the next poll.
    write_list: Vec<usize>,
    /// Connections with input left to read or run.
    pending_input: Vec<usize>,
    /// Connections to drop at the end of this batch (never mid-batch, so a slot cannot be
    /// reused while events for its old owner are still being handled).
    close_list: Vec<usize>,
    /// Room to parse a pipelined batch ahead in, lent to the connection being served.
    ahead: Option<Box<crate::proto::parse::Ahead>>,
    accept_pending: Vec<usize>,
    /// Connections whose output waits for an append-only fsync (`appendfsync always`).
    held: Vec<usize>,
    next_cron: Instant,
    next_expire: Instant,
    ops_sample: (Instant, u64),
}

impl Server {
    /// Binds the listeners, installs signal handling and starts the workers.
    pub fn new(config: Config) -> io::Result<Server> {
        let poll = Poll::new()?;
        let mut listeners = Vec::new();
        for (i, host) in config.bind.iter().enumerate() {
            let host = host.trim_start_matches('-');
            let ip: std::net::IpAddr = host.parse().map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("invalid bind address '{host}'"),
                )
            })?;
            let mut l = listen(SocketAddr::new(ip, config.port))?;
            poll.registry()
                .register(&mut l, Token(i), Interest::READABLE)?;
            listeners.push(l);
        }
        let mut signals = Signals::new([SIGINT, SIGTERM, SIGCHLD])?;
        poll.registry()
            .register(&mut signals, SIGNALS, Interest::READABLE)?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        let workers = Workers::start(
            config.workers,
            Arc::new(move || {
                let _ = waker.wake();
            }),
        )?;
        let tcp_port = listeners
            .first()
            .and_then(|l| l.local_addr().ok())
            .map_or(config.port, |a| a.port());
        let mut st = State::new(config, workers);
        st.tcp_port = tcp_port;
        load_data(&mut st)?;
        let now = Instant::now();
        Ok(Server {
            poll,
            listeners,
            signals,
            conns: Slab::new(),
            st,
            write_list: Vec::new(),
            pending_input: Vec::new(),
            close_list: Vec::new(),
            ahead: Some(Box::default()),
            accept_pending: Vec::new(),
            held: Vec::new(),
            next_cron: now,
            next_expire: now,
            ops_sample: (now, 0),
        })
    }

    /// Addresses actually listened on.
    pub fn local_addrs(&self) -> Vec<SocketAddr> {
        self.listeners
            .iter()
            .filter_map(|l| l.local_addr().ok())
            .collect()
    }

    /// Runs until SHUTDOWN or a signal, then closes cleanly.
    pub fn run(mut self) -> io::Result<()> {
        let mut events = Events::with_capacity(1024);
        loop {
            // One clock read for the timers of this turn (Redis's `aeProcessEvents` reads it
            // once per turn too).
            let now = Instant::now();
            if now >= self.next_cron {
                self.cron(now);
            }
            self.before_sleep(now);
            if let Some(why) = self.st.shutdown {
                if self.prepare_shutdown(why) {
                    return self.shutdown(why);
                }
                self.st.shutdown = None;
            }
            let timeout = self.poll_timeout(now);
            if let Err(e) = self.poll.poll(&mut events, Some(timeout)) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(e);
            }
            self.st.now_ms = now_ms();
            crate::db::set_lru_clock(self.st.now_ms);
            for ev in events.iter() {
                match ev.token() {
                    WAKER => self.workers_done(),
                    SIGNALS => self.take_signals(),
                    Token(i) if i < self.listeners.len() => self.accept(i),
                    Token(t) if t >= FIRST_CONN => {
                        let k = t - FIRST_CONN;
                        if ev.is_read_closed()
                            && let Some(Some(conn)) = self.conns.get_mut(k)
                        {
                            conn.read_closed = true;
                        }
                        if ev.is_readable() || ev.is_read_closed() || ev.is_error() {
                            self.read_event(k);
                        }
                        if ev.is_writable() {
                            self.want_write(k);
                        }
                    }
                    _ => {}
                }
            }
            for i in std::mem::take(&mut self.accept_pending) {
                self.accept(i);
            }
            for k in std::mem::take(&mut self.pending_input) {
                self.read_event(k);
            }
        }
    }

    fn poll_timeout(&self, now: Instant) -> Duration {
        if !self.pending_input.is_empty() || !self.accept_pending.is_empty() {
            return Duration::ZERO;
        }
        let mut until = self.next_cron;
        if self.st.dbs.iter().any(|db| db.expires_len() > 0) {
            until = until.min(self.next_expire);
        }
        let mut timeout = until.saturating_duration_since(now);
        if let Some(at) = self.st.blocking.next_deadline() {
            let ms = (at - now_ms()).max(0) as u64;
            timeout = timeout.min(Duration::from_millis(ms));
        }
        if let Some(p) = self.st.pause
            && !self.st.paused.is_empty()
        {
            let ms = (p.until_ms - now_ms() + 1).max(0) as u64;
            timeout = timeout.min(Duration::from_millis(ms));
        }
        timeout
    }

    fn take_signals(&mut self) {
        for sig in self.signals.pending() {
            if sig == SIGCHLD {
                self.check_child();
                continue;
            }
            let name = if sig == SIGINT { "SIGINT" } else { "SIGTERM" };
            log::warn!("Received {name}, scheduling shutdown...");
            self.st.shutdown = Some(Shutdown::Signal(name));
        }
    }

    fn accept(&mut self, li: usize) {
        for _ in 0..MAX_ACCEPTS_PER_EVENT {
            match self.listeners[li].accept() {
                Ok((sock, addr)) => self.add_conn(sock, addr),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    log::warn!("Accepting client connection: {e}");
                    return;
                }
            }
        }
        self.accept_pending.push(li);
    }

    fn add_conn(&mut self, mut sock: TcpStream, addr: SocketAddr) {
        self.st.stats.connections_received += 1;
        if self.conns.len() >= self.st.config.maxclients {
            self.st.stats.rejected_connections += 1;
            let _ = sock.write(b"-ERR max number of clients reached\r\n");
            log::warn!(
                "Error registering fd event for the new client: max number of clients reached"
            );
            return;
        }
        let _ = sock.set_nodelay(true);
        let entry = self.conns.vacant_entry();
        let key = entry.key();
        if let Err(e) = self.poll.registry().register(
            &mut sock,
            Token(key + FIRST_CONN),
            Interest::READABLE | Interest::WRITABLE,
        ) {
            log::warn!("Registering client {addr}: {e}");
            return;
        }
        let now = self.st.now_ms;
        let mut client = ClientState::new(
            self.st.next_client_id,
            key,
            addr.to_string(),
            now,
            self.st.config.requirepass.is_none(),
        );
        client.laddr = sock.local_addr().map(|a| a.to_string()).unwrap_or_default();
        client.fd = sock.as_raw_fd();
        self.st.next_client_id += 1;
        log::debug!("Accepted {addr} (id={})", client.id);
        entry.insert(Some(Box::new(Conn::new(sock, client))));
    }

    /// Takes a connection out of its slot so commands can see the others, runs `f`, puts it back.
    fn with_conn(&mut self, k: usize, f: impl FnOnce(&mut Server, usize, &mut Conn)) {
        let Some(mut conn) = self.conns.get_mut(k).and_then(Option::take) else {
            return;
        };
        f(self, k, &mut conn);
        if let Some(slot) = self.conns.get_mut(k) {
            *slot = Some(conn);
        }
    }

    /// Runs what is already buffered, then reads and runs more, up to the per-event cap.
    fn read_event(&mut self, k: usize) {
        self.with_conn(k, |srv, k, conn| {
            if conn.closing {
                return;
            }
            // Left over from an earlier event (a cap, backpressure, a blocked command).
            if conn.unparsed() > 0 {
                srv.run_commands(k, conn);
            }
            for _ in 0..MAX_READS_PER_EVENT {
                if conn.closing || conn.client.close_after_reply || srv.st.shutdown.is_some() {
                    return;
                }
                if conn.pending_output() > OUTPUT_BACKPRESSURE {
                    // Resumed from `flush_writes` once the client has read its replies.
                    return;
                }
                match conn.read_once() {
                    ReadOutcome::Data { n, more } => {
                        srv.st.stats.net_input_bytes += n as u64;
                        srv.run_commands(k, conn);
                        if !more && !conn.read_closed {
                            return;
                        }
                    }
                    ReadOutcome::WouldBlock => return,
                    ReadOutcome::Closed => {
                        if conn.parser.in_progress() || conn.unparsed() > 0 {
                            log::debug!(
                                "Client {} left in the middle of a command",
                                conn.client.addr
                            );
                        }
                        // Replies already computed still go out; then the connection closes.
                        conn.client.close_after_reply = true;
                        srv.queue_write(k, conn);
                        return;
                    }
                }
            }
            srv.pending_input.push(k);
        });
    }

    /// Parses and runs every complete command in the read buffer, in order.
    fn run_commands(&mut self, k: usize, conn: &mut Conn) {
        if let Some(room) = self.ahead.take() {
            conn.parser.lend_ahead(room);
        }
        self.run_batch(k, conn);
        if let Some(room) = conn.parser.reclaim_ahead() {
            self.ahead = Some(room);
        }
    }

    fn run_batch(&mut self, k: usize, conn: &mut Conn) {
        self.parse_ahead(conn);
        while !conn.closing
            && !conn.client.postponed
            && !conn.client.close_after_reply
            && self.st.shutdown.is_none()
            && conn.client.blocked.is_none()
            && !conn.client.waiting_for_save
        {
            if conn.pending_output() > OUTPUT_BACKPRESSURE {
                break;
            }
            let limits = Limits {
                max_bulk: self.st.config.proto_max_bulk_len,
                authenticated: conn.client.authenticated,
            };
            match conn
                .parser
                .parse(&conn.rbuf[conn.rstart..conn.rend], limits)
            {
                Parsed::Incomplete => break,
                Parsed::Skip { len } => conn.rstart += len,
                Parsed::Error(msg) => {
                    log::warn!("Protocol error ({msg}) from client {}", conn.client.addr);
                    let start = conn.out.buf.len();
                    conn.out.error(&format!("ERR {msg}"));
                    conn.command_done(start);
                    self.st.stats.count_error(b"-ERR ");
                    conn.client.close_after_reply = true;
                    conn.rstart = conn.rend;
                }
                Parsed::Command { len } => {
                    let Conn {
                        rbuf,
                        rstart,
                        rend,
                        parser,
                        out,
                        client,
                        ..
                    } = &mut *conn;
                    let base = if parser.inline {
                        &parser.inline_buf[..]
                    } else {
                        &rbuf[*rstart..]
                    };
                    let args = Args {
                        base,
                        spans: parser.spans(),
                    };
                    client.last_interaction_ms = self.st.now_ms;
                    client.qbuf = *rend - *rstart;
                    let reply_start = out.buf.len();
                    let mut ctx = Ctx {
                        st: &mut self.st,
                        client,
                        out,
                        conns: &mut self.conns,
                    };
                    commands::execute(&mut ctx, &args);
                    if conn.client.postponed {
                        // Left in the buffer, to run when CLIENT PAUSE ends.
                        self.st.paused.push(k);
                        break;
                    }
                    conn.rstart += len;
                    // A blocked command (or SAVE waiting for its child) replies later.
                    if conn.client.blocked.is_none() && !conn.client.waiting_for_save {
                        conn.command_done(reply_start);
                    }
                    if self.st.kills_pending {
                        self.collect_killed();
                    }
                    if self.st.blocking.has_ready() || !self.st.blocking.resumed.is_empty() {
                        self.serve_blocked();
                    }
                }
            }
        }
        if let Some(db) = self.st.dbs.get_mut(conn.client.db) {
            db.rehash_step(REHASH_STEP_PER_BATCH);
        }
        conn.parser.shrink();
        if conn.unparsed() > self.st.config.client_query_buffer_limit {
            log::warn!(
                "Closing client {} that reached max query buffer length",
                conn.client.addr
            );
            self.close(k, conn);
            return;
        }
        self.queue_write(k, conn);
        self.check_output_limits(k, conn);
    }

    /// When the buffer holds a pipelined batch, parses it ahead and asks the CPU for the keys
    /// its commands will look up before running the first: on a keyspace larger than the caches
    /// a lookup is mostly waiting for memory, and this waits once for the whole batch.
    fn parse_ahead(&self, conn: &mut Conn) {
        if conn.unparsed() < PREFETCH_MIN_BYTES {
            return;
        }
        let mut keys = [crate::proto::parse::Peeked::default(); crate::db::PREFETCH_MAX];
        let buf = &conn.rbuf[conn.rstart..conn.rend];
        let n = conn.parser.parse_ahead(buf, &mut keys);
        if n > 1
            && let Some(db) = self.st.dbs.get(conn.client.db)
        {
            db.prefetch(buf, &keys[..n]);
        }
    }

    /// Applies `client-output-buffer-limit normal` (hard, soft and soft seconds; 0 = none).
    fn check_output_limits(&mut self, k: usize, conn: &mut Conn) {
        // Redis's classes: a subscriber is a pubsub client; monitors count as normal ones.
        let (hard, soft, secs) = if conn.client.subs.is_some() {
            self.st.config.output_limit_pubsub
        } else {
            self.st.config.output_limit_normal
        };
        let pending = conn.pending_output() as u64;
        let over_soft = soft > 0 && pending > soft;
        if !over_soft {
            conn.soft_limit_since = None;
        }
        let since = *conn.soft_limit_since.get_or_insert(self.st.now_ms);
        let soft_expired = over_soft && (self.st.now_ms - since) as u64 >= secs * 1000;
        if (hard > 0 && pending > hard) || soft_expired {
            log::warn!(
                "Client {} closed for overcoming of output buffer limits.",
                conn.client.addr
            );
            self.close(k, conn);
        }
    }

    fn collect_killed(&mut self) {
        self.st.kills_pending = false;
        for (k, c) in self.conns.iter() {
            if c.as_ref().is_some_and(|c| c.closing) {
                self.close_list.push(k);
            }
        }
    }

    fn close(&mut self, k: usize, conn: &mut Conn) {
        if !conn.closing {
            conn.closing = true;
            self.close_list.push(k);
        }
    }

    fn queue_write(&mut self, k: usize, conn: &mut Conn) {
        if (conn.pending_output() > 0 || conn.client.close_after_reply) && !conn.in_write_list {
            conn.in_write_list = true;
            self.write_list.push(k);
        }
    }

    fn want_write(&mut self, k: usize) {
        self.with_conn(k, |srv, k, conn| srv.queue_write(k, conn));
    }

    /// Redis's `beforeSleep`: expire keys, write replies, close what must close.
    fn before_sleep(&mut self, now: Instant) {
        self.time_out_blocked();
        if now >= self.next_expire {
            self.next_expire = now + EXPIRE_PERIOD;
            self.active_expire();
        }
        self.aof_tick();
        if !self.st.output_for.is_empty() {
            self.queue_output_for_others();
        }
        if !self.st.paused.is_empty() && self.st.paused_now().is_none() {
            for k in std::mem::take(&mut self.st.paused) {
                if let Some(Some(conn)) = self.conns.get_mut(k) {
                    conn.client.postponed = false;
                    self.pending_input.push(k);
                }
            }
        }
        self.flush_writes();
        for k in std::mem::take(&mut self.close_list) {
            if let Some(Some(conn)) = self.conns.try_remove(k) {
                if let Some(b) = &conn.client.blocked {
                    self.st.blocking.unblock((k, conn.client.id), b.db, &b.keys);
                }
                if conn.client.monitor {
                    self.st.monitors.retain(|&(_, id)| id != conn.client.id);
                }
                if let Some(subs) = conn.client.subs {
                    self.st.pubsub.forget(*subs, (k, conn.client.id));
                }
                if !conn.client.watched.is_empty() {
                    let watched: Vec<_> = conn
                        .client
                        .watched
                        .iter()
                        .map(|(db, key, _)| (*db, key.clone()))
                        .collect();
                    self.st.watches.unwatch_all(conn.client.id, &watched);
                }
                log::debug!("Closed {} (id={})", conn.client.addr, conn.client.id);
            }
        }
    }

    /// Connections that other clients' commands gave output (monitors, subscribers): it goes
    /// out with this batch, within their output limits.
    fn queue_output_for_others(&mut self) {
        for slot in std::mem::take(&mut self.st.output_for) {
            self.with_conn(slot, |srv, k, conn| {
                conn.output_noted = false;
                if !conn.closing {
                    srv.queue_write(k, conn);
                    srv.check_output_limits(k, conn);
                }
            });
        }
    }

    /// Serves clients blocked on keys that received data, in the order the keys were signalled
    /// and, per key, in the order the clients blocked (Redis's `handleClientsBlockedOnKeys`).
    /// Serving one client may make another key ready (BLMOVE), which is served in turn.
    fn serve_blocked(&mut self) {
        for k in std::mem::take(&mut self.st.blocking.resumed) {
            self.with_conn(k, |srv, k, conn| srv.resume(k, conn));
        }
        while let Some((db, key)) = self.st.blocking.pop_ready() {
            for (slot, id) in self.st.blocking.waiters(db, &key) {
                self.st.expire_if_needed(db, &key);
                let Some(value) = self.st.dbs[db].get(&key) else {
                    break;
                };
                let kind = value.type_name();
                self.with_conn(slot, |srv, k, conn| {
                    if conn.client.id != id || conn.closing {
                        return;
                    }
                    if conn.client.blocked.as_ref().is_some_and(|b| b.kind == kind) {
                        srv.run_blocked(k, conn);
                    }
                });
            }
        }
    }

    /// Runs a blocked client's command again; if it replied, the client is unblocked.
    fn run_blocked(&mut self, k: usize, conn: &mut Conn) {
        let Some(blocked) = &conn.client.blocked else {
            return;
        };
        let (command, spans) = (blocked.command.clone(), blocked.spans.clone());
        let args = Args {
            base: &command,
            spans: &spans,
        };
        let Some(cmd) = commands::lookup(args.get(0)) else {
            return;
        };
        let before = conn.out.buf.len();
        let Conn { out, client, .. } = &mut *conn;
        let mut ctx = Ctx {
            st: &mut self.st,
            client,
            out,
            conns: &mut self.conns,
        };
        let started = crate::util::ticks();
        commands::run(&mut ctx, cmd, &args);
        if ctx.out.buf.len() > before {
            let ticks = crate::util::ticks().saturating_sub(started);
            commands::slowlog::record(&mut ctx, cmd, &args, ticks);
        }
        if conn.out.buf.len() > before {
            conn.command_done(before);
            self.unblock(k, conn);
        }
    }

    /// Takes a client out of the blocked state and lets it go on with its buffered input.
    fn unblock(&mut self, k: usize, conn: &mut Conn) {
        if let Some(b) = conn.client.blocked.take() {
            self.st.blocking.unblock((k, conn.client.id), b.db, &b.keys);
        }
        self.resume(k, conn);
    }

    fn resume(&mut self, k: usize, conn: &mut Conn) {
        self.queue_write(k, conn);
        if !conn.closing {
            self.pending_input.push(k);
        }
    }

    /// Replies a null array (Redis 7.0's timeout reply for every blocking list and zset command)
    /// to blocked clients whose time has come.
    fn time_out_blocked(&mut self) {
        // No clock read on the common path: nobody waits with a timeout.
        if self.st.blocking.next_deadline().is_none() {
            return;
        }
        let now = now_ms();
        for (at, slot, id) in self.st.blocking.due(now) {
            self.with_conn(slot, |srv, k, conn| {
                let Some(b) = &conn.client.blocked else {
                    return;
                };
                if conn.client.id != id || b.deadline != Some(at) {
                    return;
                }
                let reply_start = conn.out.buf.len();
                conn.out.null_array();
                conn.command_done(reply_start);
                srv.unblock(k, conn);
            });
        }
    }

    fn active_expire(&mut self) {
        // Nothing is deleted while CLIENT PAUSE holds (Redis pauses expiry too).
        if self.st.paused_now().is_some() {
            return;
        }
        let st = &mut self.st;
        if st.dbs.iter().all(|db| db.expires_len() == 0) {
            return;
        }
        let now = st.now_ms.max(now_ms());
        let mut freed = Vec::new();
        let watches = &mut st.watches;
        let aof = &mut st.aof;
        let deleted = expire::cycle(
            &mut st.dbs,
            now,
            EXPIRE_BUDGET,
            &mut st.rng,
            &mut |db, key, v| {
                watches.touch(db, key);
                if let Some(aof) = aof.as_mut() {
                    aof.feed(db, &[b"DEL", key]);
                }
                freed.push(v);
            },
        );
        st.stats.expired_keys += deleted as u64;
        for v in freed {
            st.free(v);
        }
    }

    /// Writes this tick's append-only records and starts the fsync the policy asks for (Redis's
    /// `flushAppendOnlyFile` in `beforeSleep`, with the fsync on a worker).
    fn aof_tick(&mut self) {
        let always = self.st.config.appendfsync == Fsync::Always;
        let policy = self.st.config.appendfsync;
        let now = self.st.now_ms;
        let Some(aof) = self.st.aof.as_mut() else {
            return;
        };
        aof.write_buffer();
        if policy == Fsync::No {
            return;
        }
        if let Some((file, epoch)) = aof.fsync_job(always, now) {
            let delay_ms = self.st.config.aof_fsync_delay_ms as u64;
            self.st.workers.submit(Job::Fsync {
                file,
                epoch,
                delay_ms,
            });
        }
    }

    /// Worker completions: fsyncs release the replies they held.
    fn workers_done(&mut self) {
        let fsyncs = self.st.workers.drain_completions();
        if fsyncs.is_empty() {
            return;
        }
        if let Some(aof) = self.st.aof.as_mut() {
            for (epoch, result) in fsyncs {
                aof.fsync_done(epoch, result);
            }
        }
        for k in std::mem::take(&mut self.held) {
            self.want_write(k);
        }
    }

    /// Writes replies. Output produced after a logged write is held until that write has reached
    /// the log (a failing disk holds it until a retry succeeds), and under `appendfsync always`
    /// until its fsync completes: it may be the write's own reply, or a read that saw the write.
    fn flush_writes(&mut self) {
        let always = self.st.config.appendfsync == Fsync::Always;
        let (needed, synced) = match &self.st.aof {
            Some(aof) if always => (aof.needed(), aof.synced),
            Some(aof) => (aof.needed(), aof.written),
            None => (0, u64::MAX),
        };
        if needed <= synced && !self.held.is_empty() {
            // Everything is durable (or the policy or the log changed): nothing stays held.
            for k in std::mem::take(&mut self.held) {
                self.want_write(k);
            }
        }
        let mut list = std::mem::take(&mut self.write_list);
        for k in list.drain(..) {
            self.with_conn(k, |srv, k, conn| {
                conn.in_write_list = false;
                if conn.closing {
                    return;
                }
                if needed > synced
                    && conn.out.buf.len() > conn.hold_checked
                    && conn.holds.back().is_none_or(|&(_, e)| e < needed)
                {
                    conn.holds.push_back((conn.hold_checked, needed));
                }
                conn.hold_checked = conn.out.buf.len();
                let before = conn.pending_output();
                let was_paused = before > OUTPUT_BACKPRESSURE;
                if !conn.flush(synced) {
                    srv.close(k, conn);
                    return;
                }
                if !conn.holds.is_empty() {
                    srv.held.push(k);
                }
                srv.st.stats.net_output_bytes += (before - conn.pending_output()) as u64;
                if conn.pending_output() == 0 && conn.client.close_after_reply {
                    srv.close(k, conn);
                } else if was_paused && conn.pending_output() <= OUTPUT_BACKPRESSURE {
                    srv.pending_input.push(k);
                }
            });
        }
        // Kept for the next turn: a turn that writes would otherwise allocate the list anew.
        if self.write_list.is_empty() {
            self.write_list = list;
        }
    }

    /// Once per `1000/hz` ms: statistics, idle-client timeouts, peak memory, map shrinking.
    fn cron(&mut self, now: Instant) {
        self.next_cron = now + Duration::from_millis(1000 / self.st.config.hz.max(1) as u64);
        let (then, ops) = self.ops_sample;
        let elapsed = now.duration_since(then).as_secs_f64();
        if elapsed >= 1.0 {
            let done = self.st.stats.commands_processed;
            self.st.ops_per_sec = ((done - ops) as f64 / elapsed) as u64;
            self.ops_sample = (now, done);
        }
        crate::alloc::sample_peak();
        self.check_child();
        if self.st.snapshots.child.is_none() {
            // Not while a child holds a copy-on-write image: rehashing would copy every page.
            for db in self.st.dbs.iter_mut() {
                db.maybe_shrink();
                // Finishes growths that commands started (Redis's `activerehashing`).
                db.rehash_for(REHASH_BUDGET);
            }
            let now_s = self.st.now_ms / 1000;
            let st = &mut self.st;
            if let Some(why) = st.snapshots.due(&st.config.save_points, st.dirty, now_s) {
                log::info!("{why}");
                let _ = snapshot::start(st, ChildKind::Rdb);
            } else if let Some(aof) = &st.aof {
                let (perc, min) = (
                    st.config.auto_aof_rewrite_percentage,
                    st.config.auto_aof_rewrite_min_size,
                );
                if aof.rewrite_scheduled || aof.wants_rewrite(perc, min) {
                    if !aof.rewrite_scheduled {
                        log::info!("Starting automatic rewriting of AOF on {}% growth", perc);
                    }
                    let _ = aof::start_rewrite(st);
                }
            }
        }
        let timeout = self.st.config.timeout as i64 * 1000;
        let now_ms = self.st.now_ms;
        for (k, c) in self.conns.iter_mut() {
            let Some(c) = c else { continue };
            if c.closing {
                continue;
            }
            let idle = now_ms - c.client.last_interaction_ms;
            // Blocked clients wait on purpose; the others are closed after `timeout` seconds.
            if timeout > 0 && idle > timeout && c.client.blocked.is_none() {
                log::debug!("Closing idle client {}", c.client.addr);
                c.closing = true;
                self.close_list.push(k);
            } else if idle > IDLE_BUFFER_RELEASE_MS {
                c.release_idle_buffers();
            }
        }
    }

    /// Notices a finished child (on SIGCHLD, and from the cron in case a signal was merged)
    /// and answers the clients waiting for SAVE.
    fn check_child(&mut self) {
        let result = match &self.st.snapshots.child {
            Some(c) => match snapshot::poll_child(c.pid) {
                snapshot::Exit::Running => return,
                snapshot::Exit::Ok => Ok(()),
                snapshot::Exit::Failed(e) => Err(e),
            },
            // The child was killed (FLUSHALL): its SAVE clients get an error.
            None if !self.st.snapshots.save_waiters.is_empty() => Err("killed".into()),
            None => return,
        };
        let (waiters, ok) = match self.st.snapshots.child.take() {
            Some(child) if child.kind == ChildKind::AofRewrite => {
                if let Err(e) = &result {
                    log::warn!("Background AOF rewrite child: {e}");
                }
                let now = self.st.now_ms;
                if let Some(aof) = self.st.aof.as_mut() {
                    aof.finish_rewrite(result.is_ok(), now);
                }
                return;
            }
            Some(child) => snapshot::child_done(&mut self.st, child, result),
            None => (std::mem::take(&mut self.st.snapshots.save_waiters), false),
        };
        for (slot, id) in waiters {
            self.with_conn(slot, |srv, k, conn| {
                if conn.client.id != id || !conn.client.waiting_for_save {
                    return;
                }
                conn.client.waiting_for_save = false;
                let reply_start = conn.out.buf.len();
                if ok {
                    conn.out.ok();
                } else {
                    conn.out.error("ERR");
                    srv.st.stats.count_error(b"-ERR");
                }
                conn.command_done(reply_start);
                srv.resume(k, conn);
            });
        }
    }

    /// The last save before exiting on a signal (SHUTDOWN saves in its handler, so it can
    /// reply an error). If it fails the server keeps running, as Redis does.
    fn prepare_shutdown(&mut self, why: Shutdown) -> bool {
        if matches!(why, Shutdown::Signal(_)) && aof::writing_initial(&self.st) {
            log::warn!("Writing initial AOF, can't exit.");
            return false;
        }
        aof::kill_rewrite(&mut self.st);
        if matches!(why, Shutdown::Signal(_)) && !self.st.config.save_points.is_empty() {
            log::info!("Saving the final RDB snapshot before exiting.");
            if let Err(e) = snapshot::save_now(&mut self.st) {
                log::warn!("Error trying to save the DB, can't exit: {e}");
                return false;
            }
        }
        true
    }

    /// Stops accepting, delivers replies already computed, closes every connection, stops the
    /// workers.
    fn shutdown(mut self, why: Shutdown) -> io::Result<()> {
        match why {
            Shutdown::Signal(name) => log::warn!("{name} received: shutting down"),
            Shutdown::Command => log::warn!("User requested shutdown..."),
        }
        for mut l in self.listeners.drain(..) {
            let _ = self.poll.registry().deregister(&mut l);
        }
        if let Some(aof) = self.st.aof.as_mut() {
            log::info!("Calling fsync() on the AOF file.");
            if let Err(e) = aof.sync_now() {
                // Held replies are never released for writes that did not reach the disk.
                log::warn!("Error syncing the AOF file at shutdown: {e}");
                for (_, c) in self.conns.iter_mut() {
                    if let Some(c) = c {
                        c.closing = true;
                    }
                }
            }
        }
        let deadline = Instant::now() + SHUTDOWN_FLUSH_LIMIT;
        let mut events = Events::with_capacity(1024);
        loop {
            let mut pending = false;
            for (_, c) in self.conns.iter_mut() {
                if let Some(c) = c
                    && !c.closing
                    && c.pending_output() > 0
                    && c.flush(u64::MAX)
                {
                    pending |= c.pending_output() > 0;
                }
            }
            if !pending || Instant::now() >= deadline {
                break;
            }
            let _ = self.poll.poll(&mut events, Some(Duration::from_millis(10)));
        }
        let n = self.conns.len();
        self.conns.clear();
        log::info!("Closed {n} connections");
        let st = self.st;
        st.workers.join();
        log::warn!("ferrokv is now ready to exit, bye bye...");
        Ok(())
    }
}

/// Loads the data at start-up: the append-only file when `appendonly yes` (then opens it for
/// appending, creating it if there is none), else the RDB file. A file that exists but cannot
/// be read stops the server: it must never start empty and later save over data it failed to
/// load.
fn load_data(st: &mut State) -> io::Result<()> {
    // Loaded sorted sets take the configured encoding limits, as commands building them do.
    let e = &st.config.encodings;
    crate::db::zset::set_listpack_limits(
        e.zset_max_listpack_entries.max(0) as usize,
        e.zset_max_listpack_value.max(0) as usize,
    );
    if st.config.appendonly {
        let started = Instant::now();
        let dir = std::path::Path::new(&st.config.dir).join(&st.config.appenddirname);
        let name = st.config.appendfilename.clone();
        let found = load_aof(st, &dir, &name).map_err(io::Error::other)?;
        if found {
            log::info!(
                "DB loaded from append only file: {:.3} seconds",
                started.elapsed().as_secs_f64()
            );
        }
        let opts = snapshot::SaveOptions::from_config(&st.config);
        let aof = Aof::open(dir, &name, &st.dbs, opts)
            .map_err(|e| io::Error::other(format!("Can't open the append-only file: {e}")))?;
        st.aof = Some(aof);
        return Ok(());
    }
    let path = st.config.rdb_path();
    let started = Instant::now();
    let limits = crate::persist::rdb::Limits::from_config(&st.config.encodings);
    match snapshot::load_file(&path, st.config.databases, now_ms(), limits) {
        Ok(None) => Ok(()),
        Ok(Some(loaded)) => {
            st.dbs = loaded.dbs;
            st.snapshots.loaded_keys = loaded.keys;
            log::info!(
                "DB loaded from disk: {:.3} seconds ({} keys)",
                started.elapsed().as_secs_f64(),
                loaded.keys
            );
            Ok(())
        }
        Err(e) => Err(io::Error::other(e)),
    }
}

/// Replays the append-only file through the command table, as a client with no connection.
/// The clock reads 0 meanwhile, so nothing expires during the replay (as in Redis, keys whose
/// time passed are deleted by the DELs logged when they expired, or after loading).
fn load_aof(st: &mut State, dir: &std::path::Path, name: &str) -> Result<bool, String> {
    let mut client = ClientState::new(0, usize::MAX, "aof".into(), 0, true);
    // Nothing may block while loading: BLPOP and friends act as inside EXEC.
    client.in_exec = true;
    let mut out = crate::proto::reply::Reply::default();
    let mut conns = Slab::new();
    let (databases, truncated_ok) = (st.config.databases, st.config.aof_load_truncated);
    st.now_ms = 0;
    let limits = crate::persist::rdb::Limits::from_config(&st.config.encodings);
    let result = aof::load(
        dir,
        name,
        databases,
        truncated_ok,
        limits,
        &mut |item| match item {
            aof::Item::Base(dbs) => {
                st.dbs = dbs;
                Ok(())
            }
            aof::Item::Command(args) => {
                let (base, spans) = commands::pack(args.iter().copied());
                let args = Args {
                    base: &base,
                    spans: &spans,
                };
                let Some(cmd) = commands::lookup(args.get(0)) else {
                    return Err(format!(
                        "Unknown command '{}' reading the append only file",
                        String::from_utf8_lossy(args.get(0))
                    ));
                };
                if !commands::arity_ok(cmd.arity, args.len()) {
                    return Err(format!(
                        "Wrong number of arguments for '{}' reading the append only file",
                        cmd.name
                    ));
                }
                let mut ctx = Ctx {
                    st: &mut *st,
                    client: &mut client,
                    out: &mut out,
                    conns: &mut conns,
                };
                commands::run(&mut ctx, cmd, &args);
                out.buf.clear();
                Ok(())
            }
        },
    );
    st.now_ms = now_ms();
    result
}
