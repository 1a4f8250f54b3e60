//! Helpers for the `ferrokv-cli` tests: running the client on a pseudo-terminal (so it takes its
//! interactive, terminal-rendering path exactly as for a person), running it with pipes, and a
//! scripted RESP server that answers with canned bytes (so every reply type, including RESP3 ones
//! the real server may not produce yet, can be rendered end to end).
#![allow(dead_code)]

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

pub const CLI: &str = env!("CARGO_BIN_EXE_ferrokv-cli");

/// Runs the client with `args`, `stdin` piped in, stdout/stderr captured (so: not a terminal).
pub fn run_piped(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(CLI)
        .args(args)
        .env("FERROKVCLI_HISTFILE", "")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ferrokv-cli");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = wait_output(child, Duration::from_secs(20));
    let _ = writer.join();
    out
}

/// Waits for `child` to exit, killing it after `limit` so a hung client fails the test instead
/// of hanging it.
pub fn wait_output(child: Child, limit: Duration) -> Output {
    let pid = child.id();
    let done = Arc::new(Mutex::new(false));
    let flag = done.clone();
    let watchdog = thread::spawn(move || {
        let start = Instant::now();
        while start.elapsed() < limit {
            if *flag.lock().unwrap() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
    });
    let out = child.wait_with_output().expect("wait ferrokv-cli");
    *done.lock().unwrap() = true;
    let _ = watchdog.join();
    out
}

/// A client process on a pseudo-terminal, with everything it printed collected in the background.
pub struct Pty {
    child: Child,
    master: File,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    /// Starts the client as a terminal session: stdin, stdout and stderr are the pty.
    pub fn spawn(args: &[&str], home: &std::path::Path) -> Pty {
        let (mut master_fd, mut slave_fd) = (0, 0);
        let size = libc::winsize {
            ws_row: 50,
            ws_col: 200,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two new descriptors into the out-parameters.
        let rc = unsafe {
            libc::openpty(
                &mut master_fd,
                &mut slave_fd,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty failed");
        // SAFETY: both descriptors were just created and are owned here.
        let (master, slave) =
            unsafe { (File::from_raw_fd(master_fd), OwnedFd::from_raw_fd(slave_fd)) };
        let mut cmd = Command::new(CLI);
        cmd.args(args)
            .env("TERM", "xterm")
            .env("HOME", home)
            .env_remove("FERROKVCLI_HISTFILE")
            .env_remove("FAKETTY")
            .stdin(Stdio::from(slave.try_clone().expect("dup")))
            .stdout(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY as _, 0);
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn ferrokv-cli on a pty");
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().expect("dup master");
        let mut answer = master.try_clone().expect("dup master");
        let sink = output.clone();
        thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                // Line editors ask the terminal where the cursor is; answer like a real one.
                if chunk[..n].windows(4).any(|w| w == b"\x1b[6n") {
                    let _ = answer.write_all(b"\x1b[1;1R");
                }
                sink.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        Pty {
            child,
            master,
            output,
        }
    }

    /// Everything printed so far, byte for byte.
    pub fn raw_output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// Everything printed so far, without terminal control sequences and carriage returns.
    pub fn screen(&self) -> String {
        clean(&self.output.lock().unwrap())
    }

    /// Waits until the cleaned output contains `text` (panics with the output after `limit`).
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if self.screen().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}; terminal shows:\n{}",
            self.screen()
        );
    }

    /// Waits until the terminal shows `prompt` with nothing after it (the editor is reading),
    /// then types `line` and presses Enter. Typing before the prompt appears can race with the
    /// line editor's cursor-position query, as it would for a very fast typist.
    pub fn at_prompt(&mut self, prompt: &str, line: &str) {
        let start = Instant::now();
        while !self.screen().ends_with(prompt) {
            if start.elapsed() > Duration::from_secs(10) {
                panic!(
                    "timed out waiting for the prompt {prompt:?}; terminal shows:\n{}",
                    self.screen()
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
        self.type_line(line);
    }

    /// Types `line` and presses Enter.
    pub fn type_line(&mut self, line: &str) {
        self.master
            .write_all(line.as_bytes())
            .expect("write to pty");
        self.master.write_all(b"\r").expect("write to pty");
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).expect("write to pty");
    }

    /// Waits for the process to exit; None if it is still running after `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Removes ANSI escape sequences and `\r`, leaving the text a person would read.
pub fn clean(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0x1b if bytes.get(i + 1) == Some(&b'[') => {
                i += 2;
                while i < bytes.len() && !(0x40..=0x7e).contains(&bytes[i]) {
                    i += 1;
                }
                i += 1;
            }
            0x1b => i += 2,
            b'\r' => i += 1,
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A RESP server on a loopback port that answers each command (matched by its lower-cased name)
/// with canned bytes; unknown commands get an error. Stops accepting when dropped.
pub struct FakeServer {
    pub port: u16,
    stop: Arc<Mutex<bool>>,
}

impl FakeServer {
    pub fn start(replies: &[(&str, &[u8])]) -> FakeServer {
        Self::start_on(0, replies)
    }

    /// Starts on `port` (0: any free port).
    pub fn start_on(port: u16, replies: &[(&str, &[u8])]) -> FakeServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind fake server");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("addr").port();
        let table: HashMap<String, Vec<u8>> = replies
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_vec()))
            .collect();
        let table = Arc::new(table);
        let stop = Arc::new(Mutex::new(false));
        let stopped = stop.clone();
        thread::spawn(move || {
            let mut conns: Vec<Arc<Mutex<bool>>> = Vec::new();
            loop {
                if *stopped.lock().unwrap() {
                    for c in &conns {
                        *c.lock().unwrap() = true;
                    }
                    return;
                }
                match listener.accept() {
                    Ok((stream, _)) => {
                        let table = table.clone();
                        let closed = Arc::new(Mutex::new(false));
                        conns.push(closed.clone());
                        thread::spawn(move || serve(stream, &table, &closed));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        FakeServer { port, stop }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        *self.stop.lock().unwrap() = true;
        // Let the accept loop notice, so the port and connections are really closed on return.
        thread::sleep(Duration::from_millis(60));
    }
}

fn serve(mut stream: TcpStream, table: &HashMap<String, Vec<u8>>, closed: &Mutex<bool>) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(20)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if *closed.lock().unwrap() {
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
        while let Some((args, used)) = parse_request(&buf) {
            buf.drain(..used);
            let name = args
                .first()
                .map(|a| String::from_utf8_lossy(a).to_lowercase())
                .unwrap_or_default();
            let reply = table
                .get(&name)
                .cloned()
                .unwrap_or_else(|| format!("-ERR unknown command '{name}'\r\n").into_bytes());
            if stream.write_all(&reply).is_err() {
                return;
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
}

/// Decodes one `*N\r\n$len\r\narg\r\n...` request from the front of `buf`.
fn parse_request(buf: &[u8]) -> Option<(Vec<Vec<u8>>, usize)> {
    let line = |from: usize| -> Option<(&[u8], usize)> {
        let end = from + buf.get(from..)?.windows(2).position(|w| w == b"\r\n")?;
        Some((&buf[from..end], end + 2))
    };
    let (head, mut pos) = line(0)?;
    let count: usize = std::str::from_utf8(head.strip_prefix(b"*")?)
        .ok()?
        .parse()
        .ok()?;
    let mut args = Vec::with_capacity(count);
    for _ in 0..count {
        let (len_line, after) = line(pos)?;
        let len: usize = std::str::from_utf8(len_line.strip_prefix(b"$")?)
            .ok()?
            .parse()
            .ok()?;
        args.push(buf.get(after..after + len)?.to_vec());
        pos = after + len + 2;
        if buf.len() < pos {
            return None;
        }
    }
    Some((args, pos))
}
