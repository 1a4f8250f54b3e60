//! One client connection: its socket, read and write buffers, parser state, and the
//! per-client settings commands can see (db, name, protocol, authentication).

use crate::proto::parse::Parser;
use crate::proto::reply::Reply;
use mio::net::TcpStream;
use std::io::{self, Read, Write};

/// Smallest free space offered to a read.
const READ_CHUNK: usize = 1024;
/// Largest free space offered to one read, reached by doubling while reads fill the buffer.
const READ_CHUNK_MAX: usize = 64 * 1024;
/// Read buffers above this size are released once empty.
const KEEP_READ_BUF: usize = 1 << 20;
/// Output buffers above this size are released once written.
const KEEP_WRITE_BUF: usize = 1 << 20;

/// What commands may know and change about their client.
pub struct ClientState {
    pub id: u64,
    /// This connection's slot in the server's slab (stable while it lives).
    pub slot: usize,
    /// Open transaction (MULTI .. EXEC).
    pub multi: Option<Box<crate::commands::tx::Multi>>,
    /// True while EXEC runs the queue: blocking commands must not block.
    pub in_exec: bool,
    /// WATCHed keys: database, key, and whether it was already expired when watched.
    pub watched: Vec<(usize, crate::db::Key, bool)>,
    /// Set while the client waits in a blocking command.
    pub blocked: Option<Box<crate::blocking::Blocked>>,
    /// Set while the client waits for SAVE's child to finish.
    pub waiting_for_save: bool,
    pub addr: String,
    pub laddr: String,
    pub fd: i32,
    pub name: Option<Vec<u8>>,
    pub lib_name: Option<Vec<u8>>,
    pub lib_ver: Option<Vec<u8>>,
    pub db: usize,
    pub authenticated: bool,
    pub created_ms: i64,
    pub last_interaction_ms: i64,
    pub last_cmd: &'static str,
    pub name_cache: crate::commands::NameCache,
    /// Close once the pending output is written (QUIT, protocol errors, CLIENT KILL of self).
    pub close_after_reply: bool,
    /// Sent MONITOR: it is shown every command, and may not touch the keyspace.
    pub monitor: bool,
    /// Its next command waits for CLIENT PAUSE to end (left unparsed in the read buffer).
    pub postponed: bool,
    /// Its Pub/Sub subscriptions, while it has any.
    pub subs: Option<Box<crate::pubsub::Subscriptions>>,
    /// Output up to here is pushes (Pub/Sub) that CLIENT REPLY OFF/SKIP must not drop (an
    /// offset into the output buffer, moved along when written output is dropped).
    pub pushed_to: usize,
    /// CLIENT REPLY OFF: no replies until CLIENT REPLY ON.
    pub reply_off: bool,
    /// CLIENT REPLY SKIP: which command's reply is dropped.
    pub reply_skip: Skip,
    /// Bytes of the query buffer, the running command's included (CLIENT LIST's `qbuf` for
    /// the client itself, which is out of the slab while its command runs).
    pub qbuf: usize,
}

/// Redis's CLIENT_REPLY_SKIP_NEXT and CLIENT_REPLY_SKIP: set by CLIENT REPLY SKIP, the flag
/// moves to the next command when the SKIP command ends, and is cleared when that one ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Skip {
    No,
    Next,
    This,
}

impl ClientState {
    pub fn new(
        id: u64,
        slot: usize,
        addr: String,
        now_ms: i64,
        authenticated: bool,
    ) -> ClientState {
        ClientState {
            id,
            slot,
            blocked: None,
            waiting_for_save: false,
            multi: None,
            in_exec: false,
            watched: Vec::new(),
            addr,
            laddr: String::new(),
            fd: -1,
            name: None,
            lib_name: None,
            lib_ver: None,
            db: 0,
            authenticated,
            created_ms: now_ms,
            last_interaction_ms: now_ms,
            last_cmd: "NULL",
            name_cache: Default::default(),
            close_after_reply: false,
            monitor: false,
            postponed: false,
            subs: None,
            pushed_to: 0,
            reply_off: false,
            reply_skip: Skip::No,
            qbuf: 0,
        }
    }
}

pub struct Conn {
    pub sock: TcpStream,
    /// Read buffer; bytes `rstart..rend` are received but not yet executed. Kept zero-filled up
    /// to its length so reads need no per-call initialisation.
    pub rbuf: Vec<u8>,
    pub rstart: usize,
    pub rend: usize,
    pub parser: Parser,
    /// Replies not yet written; `wpos` bytes of it are already on the socket.
    pub out: Reply,
    pub wpos: usize,
    pub client: ClientState,
    /// Close at the end of this batch of events, without writing more.
    pub closing: bool,
    /// Already on the server's list of connections with output to write.
    pub in_write_list: bool,
    /// The last read filled the buffer: the client sends a lot, offer it more room.
    last_read_full: bool,
    /// When the output first went over the soft limit (ms), for `client-output-buffer-limit`.
    pub soft_limit_since: Option<i64>,
    /// Output held back until the append-only file is fsynced (`appendfsync always`): bytes from
    /// offset `.0` on wait for fsync number `.1`. Offsets only grow along the queue.
    pub holds: std::collections::VecDeque<(usize, u64)>,
    /// Output below this offset has been checked for holds already.
    pub hold_checked: usize,
    /// Already on `State::output_for` (another client's command gave it output).
    pub output_noted: bool,
    /// The peer's end of stream was announced. Events are edge-triggered, so none will come for
    /// it again: reads continue until they see it instead of stopping at a short read.
    pub read_closed: bool,
}

/// How a read attempt ended.
#[derive(Debug, PartialEq)]
pub enum ReadOutcome {
    /// Got `n` bytes; `more` if the buffer filled, so the socket may hold more.
    Data { n: usize, more: bool },
    /// Nothing to read now.
    WouldBlock,
    /// The peer closed or the socket failed.
    Closed,
}

impl Conn {
    pub fn new(sock: TcpStream, client: ClientState) -> Conn {
        Conn {
            sock,
            rbuf: Vec::new(),
            rstart: 0,
            rend: 0,
            parser: Parser::default(),
            out: Reply::default(),
            wpos: 0,
            client,
            closing: false,
            in_write_list: false,
            soft_limit_since: None,
            last_read_full: false,
            read_closed: false,
            holds: Default::default(),
            hold_checked: 0,
            output_noted: false,
        }
    }

    /// Bytes received and not yet executed.
    pub fn unparsed(&self) -> usize {
        self.rend - self.rstart
    }

    /// A command's reply is complete (Redis's `resetClient`, also for a blocked command once it
    /// replies): the reply, which starts at `reply_start` in the output, is dropped if CLIENT
    /// REPLY mutes it, then a SKIP moves along.
    #[inline]
    pub fn command_done(&mut self, reply_start: usize) {
        let c = &mut self.client;
        if !c.reply_off && c.reply_skip == Skip::No {
            return;
        }
        if c.reply_off || c.reply_skip == Skip::This {
            // Pushes made before this command started are before `reply_start` anyway.
            let keep = reply_start.max(c.pushed_to).max(self.wpos);
            self.out.buf.truncate(keep.min(self.out.buf.len()));
            self.hold_checked = self.hold_checked.min(self.out.buf.len());
        }
        c.reply_skip = match c.reply_skip {
            Skip::Next => Skip::This,
            _ => Skip::No,
        };
    }

    /// Bytes of output waiting for the socket.
    pub fn pending_output(&self) -> usize {
        self.out.buf.len() - self.wpos
    }

    /// One `read` into the buffer. Free space is at least a chunk, and grows with a bulk the
    /// parser is waiting for, but never beyond doubling what has arrived: a client that announces
    /// a huge length and sends nothing costs nothing.
    pub fn read_once(&mut self) -> ReadOutcome {
        if self.rstart == self.rend {
            self.rstart = 0;
            self.rend = 0;
            if self.rbuf.len() > KEEP_READ_BUF {
                self.rbuf = Vec::new();
            }
        }
        let free = self.rbuf.len() - self.rend;
        // Small for the many idle or chatty clients; doubling while reads keep filling it.
        let chunk = if self.last_read_full {
            (self.rbuf.len() * 2).clamp(READ_CHUNK, READ_CHUNK_MAX)
        } else {
            READ_CHUNK
        };
        let wanted = self
            .parser
            .pending_bulk(self.unparsed())
            .min(self.unparsed().max(chunk))
            .max(chunk);
        if free < wanted {
            if self.rstart > 0 {
                self.rbuf.copy_within(self.rstart..self.rend, 0);
                self.rend -= self.rstart;
                self.rstart = 0;
            }
            let need = self.rend + wanted;
            if need > self.rbuf.len() {
                self.rbuf.resize(need, 0);
            }
        }
        loop {
            match self.sock.read(&mut self.rbuf[self.rend..]) {
                Ok(0) => return ReadOutcome::Closed,
                Ok(n) => {
                    self.rend += n;
                    self.last_read_full = self.rend == self.rbuf.len();
                    return ReadOutcome::Data {
                        n,
                        more: self.last_read_full,
                    };
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return ReadOutcome::WouldBlock,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return ReadOutcome::Closed,
            }
        }
    }

    /// Frees the read and write buffers if they hold nothing (an idle client).
    pub fn release_idle_buffers(&mut self) {
        if self.unparsed() == 0 && !self.parser.in_progress() && self.rbuf.capacity() > 0 {
            self.rbuf = Vec::new();
            self.rstart = 0;
            self.rend = 0;
        }
        if self.pending_output() == 0 && self.out.buf.capacity() > 0 {
            self.out.buf = Vec::new();
            self.wpos = 0;
            self.hold_checked = 0;
            self.client.pushed_to = 0;
        }
    }

    /// Writes pending output until done, the socket is full, or a hold waiting for an fsync
    /// later than `synced` stops it. Returns false if the socket failed.
    pub fn flush(&mut self, synced: u64) -> bool {
        while self
            .holds
            .front()
            .is_some_and(|&(_, epoch)| epoch <= synced)
        {
            self.holds.pop_front();
        }
        let limit = self.holds.front().map_or(self.out.buf.len(), |&(at, _)| at);
        while self.wpos < limit {
            match self.sock.write(&self.out.buf[self.wpos..limit]) {
                Ok(0) => return false,
                Ok(n) => self.wpos += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return false,
            }
        }
        if self.wpos < self.out.buf.len() {
            self.compact_output();
            return true;
        }
        self.out.buf.clear();
        self.wpos = 0;
        self.hold_checked = 0;
        self.client.pushed_to = 0;
        if self.out.buf.capacity() > KEEP_WRITE_BUF {
            self.out.buf = Vec::new();
        }
        true
    }

    /// Drops the written front of the output once it outweighs the unwritten rest. Without this
    /// a client that reads steadily but never quite catches up keeps every byte it was ever sent
    /// in memory. Each move copies fewer bytes than were written since the last: amortised O(1).
    fn compact_output(&mut self) {
        if self.wpos > self.pending_output() {
            self.out.buf.drain(..self.wpos);
            for h in self.holds.iter_mut() {
                h.0 -= self.wpos;
            }
            self.hold_checked -= self.wpos.min(self.hold_checked);
            self.client.pushed_to -= self.wpos.min(self.client.pushed_to);
            self.wpos = 0;
        }
    }
}
