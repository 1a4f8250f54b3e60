//! Shared helpers for integration tests: start the real `ferrokv` binary on a free loopback port and
//! talk raw RESP to it, so tests assert the exact bytes a client would see.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// False when `FERROKV_TEST_SERVER` points the suite at another server (tests of ferrokv-only
/// extensions skip themselves then).
pub fn testing_ferrokv() -> bool {
    std::env::var_os("FERROKV_TEST_SERVER").is_none()
}

/// A running server process; killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    /// The server's `dir` (RDB and AOF files) when the harness chose it; removed on drop.
    pub dir: Option<std::path::PathBuf>,
}

/// A fresh empty directory under the system's temp dir.
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("ferrokv-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    /// Starts `ferrokv --port <free> <extra args>` and waits until it accepts connections.
    ///
    /// `FERROKV_TEST_SERVER=/usr/bin/redis-server` runs the same tests against real Redis instead,
    /// to check that expectations are Redis's bytes (tests of ferrokv-only extensions then fail).
    pub fn start(extra: &[&str]) -> Server {
        Self::start_with(extra, |_| {})
    }

    /// Like `start`, with a hook to adjust the command (environment, working directory, stdio).
    pub fn start_with(extra: &[&str], adjust: impl Fn(&mut Command)) -> Server {
        for _ in 0..5 {
            let port = free_port();
            let oracle = std::env::var("FERROKV_TEST_SERVER").ok();
            let mut cmd = Command::new(oracle.as_deref().unwrap_or(env!("CARGO_BIN_EXE_ferrokv")));
            cmd.arg("--port").arg(port.to_string());
            // No snapshots and a private directory unless the test asks: a dump.rdb in the
            // working directory must neither be loaded nor written by unrelated tests.
            let own_dir = !extra.contains(&"--dir");
            let dir = own_dir.then(|| temp_dir("srv"));
            if let Some(d) = &dir {
                cmd.arg("--dir").arg(d);
            }
            if !extra.contains(&"--save") {
                cmd.args(["--save", ""]);
            }
            cmd.args(extra);
            if oracle.is_some() {
                cmd.args(["--appendonly", "no", "--bind", "127.0.0.1"]);
            }
            cmd.stdout(Stdio::null()).stderr(Stdio::null());
            adjust(&mut cmd);
            let child = cmd.spawn().expect("spawn ferrokv");
            let mut server = Server { child, port, dir };
            if server.wait_ready(Duration::from_secs(10)) {
                return server;
            }
        }
        panic!("ferrokv did not start");
    }

    fn wait_ready(&mut self, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(_)) = self.child.try_wait() {
                return false;
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                // The port may still belong to another test's server that is going away, while
                // ours failed to bind it: ours exits within milliseconds in that case.
                std::thread::sleep(Duration::from_millis(50));
                return matches!(self.child.try_wait(), Ok(None));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    pub fn client(&self) -> Client {
        Client::connect(self.port)
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Sends a signal and waits for the exit status (None if it did not exit within `limit`).
    pub fn signal_and_wait(
        &mut self,
        sig: &str,
        limit: Duration,
    ) -> Option<std::process::ExitStatus> {
        Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(d) = &self.dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

/// A raw RESP client that returns replies as the exact bytes the server sent.
pub struct Client {
    pub stream: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    pub fn connect(port: u16) -> Client {
        Self::from_stream(TcpStream::connect(("127.0.0.1", port)).expect("connect"))
    }

    /// Wraps a connected stream (10 s read timeout, no Nagle).
    pub fn from_stream(stream: TcpStream) -> Client {
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.set_nodelay(true).unwrap();
        Client {
            stream,
            buf: Vec::new(),
        }
    }

    /// Encodes `args` as a RESP multibulk request.
    pub fn encode(args: &[&[u8]]) -> Vec<u8> {
        let mut out = format!("*{}\r\n", args.len()).into_bytes();
        for a in args {
            out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
            out.extend_from_slice(a);
            out.extend_from_slice(b"\r\n");
        }
        out
    }

    /// Sends one command and returns its reply as raw bytes.
    pub fn cmd(&mut self, args: &[&str]) -> Vec<u8> {
        let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
        self.cmd_bytes(&args)
    }

    /// Sends one command and returns its reply as a lossy string (for readable assertions).
    pub fn cmd_str(&mut self, args: &[&str]) -> String {
        String::from_utf8_lossy(&self.cmd(args)).into_owned()
    }

    pub fn cmd_bytes(&mut self, args: &[&[u8]]) -> Vec<u8> {
        self.send(&Self::encode(args));
        self.read_reply()
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("write");
    }

    /// Like `send`, for a server that may die meanwhile.
    pub fn stream_write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// One reply, or None if the connection ends or fails first.
    pub fn try_read_reply(&mut self) -> Option<Vec<u8>> {
        loop {
            if let Some(n) = reply_len(&self.buf) {
                return Some(self.buf.drain(..n).collect());
            }
            let mut chunk = [0u8; 65536];
            match self.stream.read(&mut chunk) {
                Ok(0) | Err(_) => return None,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// Reads exactly one complete RESP2/RESP3 reply.
    pub fn read_reply(&mut self) -> Vec<u8> {
        loop {
            if let Some(n) = reply_len(&self.buf) {
                return self.buf.drain(..n).collect();
            }
            let mut chunk = [0u8; 65536];
            let n = self.stream.read(&mut chunk).expect("read reply");
            assert!(
                n > 0,
                "connection closed while waiting for a reply; got {:?}",
                String::from_utf8_lossy(&self.buf)
            );
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    /// Reads until the server closes the connection; returns everything received.
    pub fn read_to_close(&mut self) -> Vec<u8> {
        let mut out = std::mem::take(&mut self.buf);
        let mut chunk = [0u8; 65536];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => return out,
                Ok(n) => out.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return out,
                Err(e) => panic!("read: {e}; got so far {:?}", String::from_utf8_lossy(&out)),
            }
        }
    }
}

/// Sends each command on `c` and asserts its reply is exactly the given bytes (as text).
pub fn expect_all(c: &mut Client, cases: &[(&[&str], &str)]) {
    for (cmd, want) in cases {
        assert_eq!(c.cmd_str(cmd), *want, "reply to {cmd:?}");
    }
}

/// The value of an integer reply (`:n\r\n`); panics on anything else.
pub fn int_of(reply: &[u8]) -> i64 {
    let text = std::str::from_utf8(reply).unwrap();
    let n = text.strip_prefix(':').and_then(|t| t.strip_suffix("\r\n"));
    n.and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not an integer reply: {text:?}"))
}

/// The elements of a flat RESP2 array of bulk strings, sorted (for replies in unspecified order).
pub fn sorted_bulks(reply: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(reply);
    let mut lines = text.split("\r\n");
    let head = lines.next().unwrap();
    let n: usize = head
        .strip_prefix('*')
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not an array: {text:?}"));
    let mut items: Vec<String> = (0..n)
        .map(|_| {
            lines.next().unwrap();
            lines.next().unwrap().to_string()
        })
        .collect();
    items.sort();
    items
}

/// Length of the first complete RESP reply in `buf`, or None if it is not complete yet.
pub fn reply_len(buf: &[u8]) -> Option<usize> {
    let line_end = buf.windows(2).position(|w| w == b"\r\n")?;
    let head = &buf[1..line_end];
    let after = line_end + 2;
    let num = || std::str::from_utf8(head).ok()?.parse::<i64>().ok();
    match *buf.first()? {
        b'+' | b'-' | b':' | b'_' | b',' | b'#' | b'(' => Some(after),
        b'$' | b'=' | b'!' => {
            let n = num()?;
            if n < 0 {
                return Some(after);
            }
            let end = after + n as usize + 2;
            (buf.len() >= end).then_some(end)
        }
        b'*' | b'~' | b'>' | b'%' | b'|' => {
            let n = num()?;
            if n < 0 {
                return Some(after);
            }
            let items = if matches!(buf[0], b'%' | b'|') {
                n * 2
            } else {
                n
            };
            let mut pos = after;
            for _ in 0..items {
                pos += reply_len(&buf[pos..])?;
            }
            Some(pos)
        }
        _ => panic!("not a RESP reply: {:?}", String::from_utf8_lossy(buf)),
    }
}

impl Server {
    /// Resident set size of the server process in KiB (`VmRSS` in /proc/PID/status).
    pub fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("read /proc/PID/status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in /proc/PID/status")
    }

    /// Sends a signal without waiting.
    pub fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{sig} failed");
    }

    /// Waits for the process to exit (None if it did not within `limit`).
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }
}

/// Polls INFO persistence until `field:value` shows (or panics after 10 s).
pub fn wait_info(c: &mut Client, field: &str, value: &str) {
    let want = format!("{field}:{value}\r\n");
    let start = Instant::now();
    loop {
        let info = c.cmd_str(&["INFO", "persistence"]);
        if info.contains(&want) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "waiting for {want:?}: {info}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs ferrokv with `args` (plus a free port) and returns its exit code and everything it
/// logged once it exits by itself (None if it was still running after 10 s and got killed).
pub fn run_until_exit(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let port = free_port().to_string();
    let log = dir.join("start.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ferrokv"))
        .args(["--port", &port])
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(std::fs::OpenOptions::new().append(true).open(&log).unwrap())
        .spawn()
        .expect("run ferrokv");
    let start = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    (code, text)
}

/// A real `redis-server` on a spare loopback port, killed (by pid) when dropped.
pub struct RedisRef {
    child: Child,
    pub port: u16,
}

impl RedisRef {
    /// None when redis-server is not installed or did not start listening within 10 s (the
    /// comparison is then skipped; a test that has checked the install expects it). `extra`
    /// comes last, so it can override the defaults (e.g. `--appendonly yes`).
    pub fn start(extra: &[&str]) -> Option<RedisRef> {
        let port = free_port();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| eprintln!("redis-server not started ({e}): comparison skipped"))
            .ok()?;
        let r = RedisRef { child, port };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(r);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for RedisRef {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
