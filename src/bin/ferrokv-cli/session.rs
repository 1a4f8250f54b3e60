//! Running commands against the server: (re)connecting, the per-connection state redis-cli keeps
//! (selected database, MULTI), repeats, and the blocking SUBSCRIBE/MONITOR loops.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::conn::{Conn, ReadError};
use crate::help::{self, Entry};
use crate::opts::Options;
use crate::render::{self, Style};
use crate::resp::Reply;

/// What became of one issued command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every reply arrived and none was an error.
    Ok,
    /// Replies arrived, at least one of them an error.
    ErrorReply,
    /// Not connected, or the connection broke.
    Failed,
}

pub struct Session {
    pub opts: Options,
    pub style: Style,
    /// Print RESP3 pushes that arrive between replies (redis-cli does so on a terminal only).
    pub show_pushes: bool,
    /// In the REPL a lost connection is reported and retried; in one-shot mode it ends the run.
    pub interactive: bool,
    conn: Option<Conn>,
    /// Database currently selected on `conn`; `opts.db` is the one to restore on reconnect.
    db: i64,
    in_multi: bool,
    pre_multi_db: i64,
    /// Raised by Ctrl-C (REPL only); `die_on_interrupt` says whether Ctrl-C should instead end
    /// the process, which is what it does everywhere except inside SUBSCRIBE/MONITOR.
    interrupt: Option<Arc<AtomicBool>>,
    die_on_interrupt: Option<Arc<AtomicBool>>,
    help: Option<Vec<Entry>>,
}

impl Session {
    pub fn new(opts: Options, style: Style, interactive: bool) -> Session {
        Session {
            opts,
            style,
            show_pushes: style == Style::Tty,
            interactive,
            conn: None,
            db: 0,
            in_multi: false,
            pre_multi_db: 0,
            interrupt: None,
            die_on_interrupt: None,
            help: None,
        }
    }

    /// Lets Ctrl-C leave SUBSCRIBE/MONITOR instead of killing the process (REPL modes).
    pub fn set_interrupt_flags(&mut self, interrupt: Arc<AtomicBool>, die: Arc<AtomicBool>) {
        self.interrupt = Some(interrupt);
        self.die_on_interrupt = Some(die);
    }

    pub fn is_connected(&self) -> bool {
        self.conn.is_some()
    }

    pub fn addr(&self) -> String {
        format!("{}:{}", self.opts.host, self.opts.port)
    }

    /// `127.0.0.1:6379[1](TX)> `, as redis-cli's `cliRefreshPrompt` builds it.
    pub fn prompt(&self) -> String {
        if self.conn.is_none() {
            return "not connected> ".into();
        }
        let mut p = self.addr();
        if self.db != 0 {
            p.push_str(&format!("[{}]", self.db));
        }
        if self.in_multi {
            p.push_str("(TX)");
        }
        p.push_str("> ");
        p
    }

    /// Points the session at another server (the REPL's `connect host port`).
    pub fn retarget(&mut self, host: String, port: u16) {
        self.opts.host = host;
        self.opts.port = port;
        self.conn = None;
        self.help = None;
    }

    /// Connects (replacing any current connection), authenticates, selects the database and
    /// switches protocol. Problems are reported on stderr unless `quiet`.
    pub fn connect(&mut self, quiet: bool) -> bool {
        self.conn = None;
        self.db = 0;
        self.in_multi = false;
        let mut conn = match Conn::connect(&self.opts.host, self.opts.port) {
            Ok(c) => c,
            Err(e) => {
                if !quiet {
                    eprintln!("Could not connect to ferrokv at {}: {}", self.addr(), e);
                }
                return false;
            }
        };
        if let Some(password) = self.opts.password.clone() {
            let reply = match &self.opts.user {
                Some(user) => conn.call(&[b"AUTH", user.as_bytes(), password.as_bytes()]),
                None => conn.call(&[b"AUTH", password.as_bytes()]),
            };
            match reply {
                Ok(Reply::Error(e)) => {
                    eprintln!("AUTH failed: {}", String::from_utf8_lossy(&e));
                    return false;
                }
                Ok(_) => {}
                Err(e) => {
                    eprintln!("Error: {e}");
                    return false;
                }
            }
        }
        if self.opts.db != 0 {
            let db = self.opts.db.to_string();
            match conn.call(&[b"SELECT", db.as_bytes()]) {
                Ok(Reply::Error(e)) => {
                    eprintln!("SELECT {db} failed: {}", String::from_utf8_lossy(&e));
                    return false;
                }
                Ok(_) => self.db = self.opts.db,
                Err(e) => {
                    eprintln!("Error: {e}");
                    return false;
                }
            }
        }
        if self.opts.resp3 {
            match conn.call(&[b"HELLO", b"3"]) {
                Ok(Reply::Error(e)) => {
                    eprintln!("HELLO 3 failed: {}", String::from_utf8_lossy(&e));
                    return false;
                }
                Ok(_) => {}
                Err(e) => {
                    eprintln!("Error: {e}");
                    return false;
                }
            }
        }
        self.conn = Some(conn);
        true
    }

    /// The help table from the server's COMMAND DOCS, fetched once per server.
    pub fn help_entries(&mut self) -> Option<&[Entry]> {
        if self.help.is_none() {
            if self.conn.as_ref().is_none_or(Conn::is_closed) && !self.connect(true) {
                return None;
            }
            let conn = self.conn.as_mut()?;
            match conn.call(&[b"COMMAND", b"DOCS"]) {
                Ok(reply @ (Reply::Array(_) | Reply::Map(_))) => {
                    self.help = Some(help::entries_from_docs(&reply))
                }
                Ok(_) => return None,
                Err(_) => {
                    self.conn = None;
                    return None;
                }
            }
        }
        self.help.as_deref()
    }

    /// Runs `args` `repeat` times (a negative count repeats forever), printing each reply.
    /// `help` and `?` are answered locally from COMMAND DOCS.
    pub fn issue(&mut self, args: &[Vec<u8>], repeat: i64) -> Outcome {
        let Some(first) = args.first() else {
            return Outcome::Ok;
        };
        let name = String::from_utf8_lossy(first).to_ascii_lowercase();
        if name == "help" || name == "?" {
            self.print_help(&args[1..]);
            return Outcome::Ok;
        }
        if self.conn.as_ref().is_none_or(Conn::is_closed) && !self.connect(false) {
            return Outcome::Failed;
        }
        let mut outcome = Outcome::Ok;
        let mut left = repeat;
        while left != 0 {
            if left > 0 {
                left -= 1;
            }
            let result = match name.as_str() {
                "subscribe" | "psubscribe" | "ssubscribe" => self.stream_replies(args, true),
                "monitor" => self.stream_replies(args, false),
                _ => self.run_once(args, &name),
            };
            match result {
                Outcome::Failed => return Outcome::Failed,
                Outcome::ErrorReply => outcome = Outcome::ErrorReply,
                Outcome::Ok => {}
            }
            if left != 0
                && let Some(pause) = self.opts.interval
            {
                std::thread::sleep(pause);
            }
        }
        outcome
    }

    fn print_help(&mut self, query: &[Vec<u8>]) {
        let text = if query.is_empty() {
            help::generic()
        } else {
            match self.help_entries() {
                Some(entries) => help::lookup(entries, query),
                None => "No help available: could not read COMMAND DOCS from the server.\n".into(),
            }
        };
        out(text.as_bytes());
    }

    /// Sends one command, prints its reply and updates the prompt state it implies.
    fn run_once(&mut self, args: &[Vec<u8>], name: &str) -> Outcome {
        let reply = match self.send_and_read(args) {
            Ok(r) => r,
            Err(()) => return Outcome::Failed,
        };
        let text = if render::prints_verbatim(args) {
            render::verbatim(&reply)
        } else {
            render::reply(&reply, self.style)
        };
        out(&text);
        let ok = !reply.is_error();
        match (name, args.len()) {
            ("select", 2) if ok => {
                self.db = c_atoi(&args[1]);
                self.opts.db = self.db;
            }
            ("multi", 1) if ok => {
                self.in_multi = true;
                self.pre_multi_db = self.db;
            }
            ("exec", 1) if self.in_multi => {
                self.in_multi = false;
                if matches!(reply, Reply::Error(_) | Reply::Nil) {
                    self.db = self.pre_multi_db;
                    self.opts.db = self.db;
                }
            }
            ("discard", 1) if ok => {
                self.in_multi = false;
                self.db = self.pre_multi_db;
                self.opts.db = self.db;
            }
            ("reset", 1) if ok => {
                self.in_multi = false;
                self.db = 0;
                self.opts.db = 0;
            }
            _ => {}
        }
        if ok { Outcome::Ok } else { Outcome::ErrorReply }
    }

    /// Sends `args` and waits for the reply to it, printing (or dropping) pushes that come first.
    fn send_and_read(&mut self, args: &[Vec<u8>]) -> Result<Reply, ()> {
        let interrupt = self.interrupt.clone();
        let Some(conn) = self.conn.as_mut() else {
            return Err(());
        };
        let result = conn.send(args).and_then(|()| {
            loop {
                match conn.read(interrupt.as_deref()) {
                    Ok(Reply::Push(items)) => {
                        if self.show_pushes {
                            let push = Reply::Push(items);
                            let text = match render::invalidation(&push) {
                                Some(t) if self.style == Style::Tty => t,
                                _ => render::reply(&push, self.style),
                            };
                            out(&text);
                        }
                    }
                    other => break other,
                }
            }
        });
        match result {
            Ok(reply) => Ok(reply),
            Err(e) => {
                self.lost(e);
                Err(())
            }
        }
    }

    /// SUBSCRIBE-like commands and MONITOR: print every reply as it arrives until an error
    /// reply, or until Ctrl-C, which (in the REPL) drops the connection and opens a fresh one.
    fn stream_replies(&mut self, args: &[Vec<u8>], pubsub: bool) -> Outcome {
        if let Some(die) = &self.die_on_interrupt {
            die.store(false, Ordering::SeqCst);
        }
        if let Some(flag) = &self.interrupt {
            flag.store(false, Ordering::SeqCst);
        }
        let result = self.stream_loop(args, pubsub);
        if let Some(die) = &self.die_on_interrupt {
            die.store(true, Ordering::SeqCst);
        }
        result
    }

    fn stream_loop(&mut self, args: &[Vec<u8>], pubsub: bool) -> Outcome {
        let interrupt = self.interrupt.clone();
        let Some(conn) = self.conn.as_mut() else {
            return Outcome::Failed;
        };
        if let Err(e) = conn.send(args) {
            self.lost(e);
            return Outcome::Failed;
        }
        if pubsub && self.style != Style::Raw {
            out(b"Reading messages... (press Ctrl-C to quit)\n");
        }
        loop {
            let Some(conn) = self.conn.as_mut() else {
                return Outcome::Failed;
            };
            match conn.read(interrupt.as_deref()) {
                Ok(reply) => {
                    out(&render::reply(&reply, self.style));
                    if reply.is_error() {
                        return Outcome::ErrorReply;
                    }
                }
                Err(ReadError::Interrupted) => {
                    if let Some(flag) = &self.interrupt {
                        flag.store(false, Ordering::SeqCst);
                    }
                    // The connection is still subscribed; a new one is the simple way back.
                    self.connect(false);
                    return Outcome::Ok;
                }
                Err(e) => {
                    self.lost(e);
                    return Outcome::Failed;
                }
            }
        }
    }

    /// The connection broke: say why; the REPL then shows `not connected> ` and retries on the
    /// next command, while one-shot mode gives up.
    fn lost(&mut self, e: ReadError) {
        self.conn = None;
        if matches!(e, ReadError::Interrupted) {
            std::process::exit(1);
        }
        eprintln!("Error: {e}");
        if !self.interactive {
            std::process::exit(1);
        }
    }

    /// Time a REPL command took, printed by redis-cli when it is long enough to notice.
    pub fn report_slow(&self, started: Instant) {
        let elapsed = started.elapsed();
        if elapsed.as_millis() >= 500 && self.style == Style::Tty {
            out(format!("({:.2}s)\n", elapsed.as_secs_f64()).as_bytes());
        }
    }
}

/// Writes to stdout right away (output must interleave correctly with prompts and with
/// messages streamed by SUBSCRIBE). If stdout is gone nobody is listening, so stop.
pub fn out(bytes: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(1);
    }
}

/// C's `atoi`: leading digits with an optional sign, 0 when there are none.
fn c_atoi(s: &[u8]) -> i64 {
    let text = String::from_utf8_lossy(s);
    let t = text.trim_start();
    let (sign, digits) = match t.as_bytes().first() {
        Some(b'-') => (-1, &t[1..]),
        Some(b'+') => (1, &t[1..]),
        _ => (1, t),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().map(|n| sign * n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_like_c() {
        assert_eq!(c_atoi(b"3"), 3);
        assert_eq!(c_atoi(b" 12abc"), 12);
        assert_eq!(c_atoi(b"-2"), -2);
        assert_eq!(c_atoi(b"x"), 0);
    }

    #[test]
    fn prompt_shows_db_and_transaction() {
        let mut s = Session::new(Options::default(), Style::Tty, true);
        assert_eq!(s.prompt(), "not connected> ");
        // A stand-in connection: only its presence matters for the prompt.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        s.conn = Some(Conn::connect("127.0.0.1", port).expect("connect"));
        s.opts.port = port;
        assert_eq!(s.prompt(), format!("127.0.0.1:{port}> "));
        s.db = 1;
        assert_eq!(s.prompt(), format!("127.0.0.1:{port}[1]> "));
        s.in_multi = true;
        assert_eq!(s.prompt(), format!("127.0.0.1:{port}[1](TX)> "));
    }
}
