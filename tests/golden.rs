//! Replays the golden transcripts in `tests/golden/*.golden` (recorded from a real redis-server
//! 7.0 by `scripts/record-golden.sh`) against ferrokv and compares every reply byte for byte.
//! All mismatches are collected and printed before the test fails. Format: `docs/golden.md`.
//!
//! Environment:
//! - `GOLDEN_FILTER=substr` replays only the transcripts whose file name contains `substr`.
//! - `GOLDEN_SERVER=/usr/bin/redis-server` starts that binary instead of ferrokv (to check the
//!   transcripts themselves against Redis).
//! - `GOLDEN_ADDR=127.0.0.1:PORT` replays against an already running server instead; transcripts
//!   that need their own server options (`@server`) are skipped then.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long to wait for a reply that must come.
const REPLY_TIMEOUT: Duration = Duration::from_secs(2);
/// How long to wait for the server to close the connection after a protocol error.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);
/// After a request that Redis did not answer (a partial request, an empty line...), how long to
/// watch for a reply that should not come.
const QUIET: Duration = Duration::from_millis(50);

#[test]
fn golden_transcripts_match_redis() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let filter = std::env::var("GOLDEN_FILTER").unwrap_or_default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "golden"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no golden transcripts in {}",
        dir.display()
    );
    files.retain(|p| file_name(p).contains(&filter));
    assert!(
        !files.is_empty(),
        "GOLDEN_FILTER={filter:?} matches no transcript"
    );

    let fixed_addr = std::env::var("GOLDEN_ADDR").ok();
    let other_binary = std::env::var("GOLDEN_SERVER").ok();
    // One server per distinct `@server` option list, started when first needed.
    let mut servers: Vec<(Vec<String>, Target)> = Vec::new();
    let mut report = Report::default();
    for path in &files {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let args = server_args(&text);
        let addr = if let Some(addr) = &fixed_addr {
            if !args.is_empty() {
                eprintln!(
                    "golden: skipping {} (needs @server {})",
                    file_name(path),
                    args.join(" ")
                );
                continue;
            }
            addr.clone()
        } else {
            let index = match servers.iter().position(|(a, _)| *a == args) {
                Some(i) => i,
                None => {
                    let target = Target::start(other_binary.as_deref(), &args);
                    servers.push((args.clone(), target));
                    servers.len() - 1
                }
            };
            servers[index].1.addr.clone()
        };
        replay_file(&addr, path, &text, password_of(&args), &mut report);
    }
    check_report(&dir, &report);
}

/// The options of a transcript's `@server` line (empty: the default server).
fn server_args(text: &str) -> Vec<String> {
    text.lines()
        .take_while(|l| *l != "@connection")
        .find_map(|l| l.strip_prefix("@server "))
        .map(|rest| rest.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// The `--requirepass` value among server options: the harness must AUTH before its FLUSHALL.
fn password_of(args: &[String]) -> Option<String> {
    args.windows(2)
        .find(|w| w[0] == "--requirepass")
        .map(|w| w[1].clone())
}

/// A server to replay against: ferrokv (`common::Server`), or another binary such as
/// redis-server given by `GOLDEN_SERVER`.
struct Target {
    addr: String,
    _ferrokv: Option<common::Server>,
    other: Option<Child>,
}

impl Target {
    fn start(other_binary: Option<&str>, args: &[String]) -> Target {
        let Some(binary) = other_binary else {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let server = common::Server::start(&args);
            return Target {
                addr: server.addr(),
                _ferrokv: Some(server),
                other: None,
            };
        };
        for _ in 0..5 {
            let port = common::free_port();
            let mut child = Command::new(binary)
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args(["--save", "", "--appendonly", "no"])
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("spawn {binary}: {e}"));
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(10) {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Target {
                        addr: format!("127.0.0.1:{port}"),
                        _ferrokv: None,
                        other: Some(child),
                    };
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("{binary} did not start");
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        if let Some(child) = &mut self.other {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[derive(Default)]
struct Report {
    mismatches: Vec<Mismatch>,
    /// (file, replies compared)
    per_file: Vec<(String, usize)>,
    compared: usize,
}

struct Mismatch {
    /// `<transcript file>:<corpus line>`, as listed in `known-mismatches.txt`.
    key: String,
    file: String,
    details: String,
}

/// Known differences from Redis: `tests/golden/known-mismatches.txt`, one `file.golden:LINE` (the
/// corpus line) per line, followed by a reason. They are reported but do not fail the test; an
/// entry that matches again does, so that the list only shrinks.
fn load_known(dir: &Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(dir.join("known-mismatches.txt")) else {
        return Vec::new();
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (key, reason) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            (key.to_string(), reason.trim().to_string())
        })
        .collect()
}

fn check_report(dir: &Path, report: &Report) {
    let known = load_known(dir);
    let is_known = |key: &str| known.iter().any(|(k, _)| k == key);
    let (expected, unexpected): (Vec<&Mismatch>, Vec<&Mismatch>) =
        report.mismatches.iter().partition(|m| is_known(&m.key));
    let replayed = |key: &str| {
        let file = key.rsplit_once(':').map_or(key, |(f, _)| f);
        report.per_file.iter().any(|(f, _)| f == file)
    };
    let stale: Vec<&(String, String)> = known
        .iter()
        .filter(|(k, _)| replayed(k) && !report.mismatches.iter().any(|m| &m.key == k))
        .collect();

    for m in &unexpected {
        eprintln!("{}", m.details);
    }
    let summary: Vec<String> = report
        .per_file
        .iter()
        .filter_map(|(file, total)| {
            let bad = report.mismatches.iter().filter(|m| &m.file == file);
            let (all, known) = bad.fold((0, 0), |(a, k), m| {
                (a + 1, k + usize::from(is_known(&m.key)))
            });
            (all > 0).then(|| format!("  {file}: {all} of {total} replies differ ({known} known)"))
        })
        .collect();
    if !summary.is_empty() {
        eprintln!(
            "\nGolden transcripts with mismatches:\n{}",
            summary.join("\n")
        );
    }
    if !expected.is_empty() {
        eprintln!(
            "\n{} known mismatches (tests/golden/known-mismatches.txt) still differ.",
            expected.len()
        );
    }
    if !stale.is_empty() {
        eprintln!("\nThese known-mismatches.txt entries match Redis now; remove them:");
        for (key, reason) in &stale {
            eprintln!("  {key} {reason}");
        }
    }
    if !unexpected.is_empty() {
        let mut keys: Vec<&str> = unexpected.iter().map(|m| m.key.as_str()).collect();
        keys.dedup();
        eprintln!(
            "\nTo accept a difference on purpose, add its line to tests/golden/known-mismatches.txt with a reason:\n  {}",
            keys.join("\n  ")
        );
    }
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "{} mismatching replies, {} stale known-mismatches entries, in {} golden transcripts \
         ({} replies compared; details above)",
        unexpected.len(),
        stale.len(),
        report.per_file.len(),
        report.compared
    );
    eprintln!(
        "golden: {} transcripts, {} replies, all match ({} known differences)",
        report.per_file.len(),
        report.compared,
        expected.len()
    );
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// What one `<` line expects.
enum Expect {
    /// `< bytes`: exactly these bytes.
    Exact(Vec<u8>),
    /// `<~ pattern`: literal pieces with a decimal integer (`{int}`) between each two.
    Masked(Vec<Vec<u8>>),
    /// `<u bytes` / `<u2 bytes`: the same aggregate with its top-level elements (`<u2`: pairs of
    /// elements; maps: always key/value pairs) in any order.
    Unordered(Vec<u8>, usize),
}

struct Replay<'a> {
    file: String,
    addr: &'a str,
    /// The transcript's connections by name (`@conn NAME`; the first one is "main").
    links: Vec<(String, Link)>,
    /// Index in `links` of the connection the steps go to.
    cur: usize,
    source: String,
    /// The corpus line of the current step (0 outside any step).
    corpus_line: usize,
    request: Vec<u8>,
    compared: usize,
    mismatches: Vec<Mismatch>,
}

struct Link {
    conn: Conn,
    /// True when the connection can no longer be trusted (closed, timed out, garbage): the
    /// rest of its steps are skipped until it is replaced by `@connection`.
    broken: bool,
    /// The last request sent on it has had no reply in the transcript (yet).
    unanswered: bool,
}

impl Link {
    fn open(addr: &str) -> Link {
        Link {
            conn: Conn::connect(addr),
            broken: false,
            unanswered: false,
        }
    }
}

fn replay_file(addr: &str, path: &Path, text: &str, password: Option<String>, report: &mut Report) {
    let mut r = Replay {
        file: file_name(path),
        addr,
        links: Vec::new(),
        cur: 0,
        source: String::new(),
        corpus_line: 0,
        request: Vec::new(),
        compared: 0,
        mismatches: Vec::new(),
    };
    r.flushall(password.as_deref());
    let file = r.file.clone();
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        let bad = |what: &str| -> ! {
            panic!("{file}:{lineno}: malformed golden line ({what}): {line:?}")
        };
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix("# ") {
            r.source = comment.to_string();
            r.corpus_line = comment
                .split_once(": ")
                .and_then(|(n, _)| n.parse().ok())
                .unwrap_or(0);
            continue;
        }
        if line.starts_with('#') || line.starts_with("@server ") {
            continue;
        }
        if line == "@connection" {
            if r.links.is_empty() {
                r.links.push(("main".to_string(), Link::open(r.addr)));
                r.cur = 0;
            } else {
                r.finish_link(r.cur, lineno);
                r.links[r.cur].1 = Link::open(r.addr);
            }
            continue;
        }
        if let Some(name) = line.strip_prefix("@conn ") {
            r.cur = match r.links.iter().position(|(n, _)| n == name) {
                Some(i) => i,
                None => {
                    r.links.push((name.to_string(), Link::open(r.addr)));
                    r.links.len() - 1
                }
            };
            continue;
        }
        if let Some(ms) = line.strip_prefix("@sleep ") {
            let ms: u64 = ms
                .parse()
                .unwrap_or_else(|_| bad("@sleep needs milliseconds"));
            std::thread::sleep(Duration::from_millis(ms));
            continue;
        }
        if r.links.is_empty() {
            bad("a step before the first @connection");
        }
        let request = if let Some(escaped) = line.strip_prefix("> ") {
            Some(unescape(escaped).unwrap_or_else(|e| bad(&e)))
        } else if let Some(rest) = line.strip_prefix(">* ") {
            let (count, escaped) = rest
                .split_once(' ')
                .unwrap_or_else(|| bad(">* needs a count"));
            let count: usize = count.parse().unwrap_or_else(|_| bad(">* needs a count"));
            Some(unescape(escaped).unwrap_or_else(|e| bad(&e)).repeat(count))
        } else {
            None
        };
        if let Some(bytes) = request {
            r.request = bytes.clone();
            let link = &mut r.links[r.cur].1;
            if link.broken {
                continue;
            }
            // All expected replies so far have been read: anything already waiting is extra
            // (e.g. a reply to a partial request, or two replies to one request).
            let wait = if link.unanswered {
                QUIET
            } else {
                Duration::ZERO
            };
            let extra = link.conn.unread(wait);
            link.unanswered = true;
            let written = link.conn.stream.write_all(&bytes);
            if !extra.is_empty() {
                r.compared += 1;
                r.mismatch(
                    lineno,
                    "<no more replies to earlier requests>",
                    &escape(&extra),
                );
            }
            if let Err(e) = written {
                r.mismatch(lineno, "(request sent)", &format!("<write failed: {e}>"));
                r.links[r.cur].1.broken = true;
            }
            continue;
        }
        if line == "! closed" {
            let link = &mut r.links[r.cur].1;
            link.unanswered = false;
            if link.broken {
                continue;
            }
            link.broken = true;
            let closed = link.conn.wait_close();
            r.compared += 1;
            if let Err(got) = closed {
                r.mismatch(lineno, "<the server closes the connection>", &got);
            }
            continue;
        }
        let expect = if let Some(e) = line.strip_prefix("< ") {
            Expect::Exact(unescape(e).unwrap_or_else(|e| bad(&e)))
        } else if let Some(e) = line.strip_prefix("<~ ") {
            Expect::Masked(
                e.split("{int}")
                    .map(|part| unescape(part).unwrap_or_else(|e| bad(&e)))
                    .collect(),
            )
        } else if let Some(e) = line.strip_prefix("<u ") {
            Expect::Unordered(unescape(e).unwrap_or_else(|e| bad(&e)), 1)
        } else if let Some(e) = line.strip_prefix("<u2 ") {
            Expect::Unordered(unescape(e).unwrap_or_else(|e| bad(&e)), 2)
        } else {
            bad("unknown line kind")
        };
        let link = &mut r.links[r.cur].1;
        link.unanswered = false;
        if link.broken {
            continue;
        }
        let got = link.conn.read_reply();
        if got.is_err() {
            link.broken = true;
        }
        r.compared += 1;
        let shown = line.split_once(' ').unwrap().1.to_string();
        match got {
            Ok(got) if matches(&expect, &got) => {}
            Ok(got) => r.mismatch(lineno, &shown, &escape(&got)),
            Err(got) => r.mismatch(lineno, &shown, &got),
        }
    }
    for i in 0..r.links.len() {
        r.finish_link(i, text.lines().count());
    }
    report.compared += r.compared;
    report.per_file.push((r.file.clone(), r.compared));
    report.mismatches.append(&mut r.mismatches);
}

impl Replay<'_> {
    /// Every transcript starts from empty databases, like it was recorded.
    fn flushall(&mut self, password: Option<&str>) {
        let mut conn = Conn::connect(self.addr);
        if let Some(password) = password {
            let auth = format!("*2\r\n$4\r\nAUTH\r\n${}\r\n{password}\r\n", password.len());
            let _ = conn.stream.write_all(auth.as_bytes());
            match conn.read_reply() {
                Ok(got) if got == b"+OK\r\n" => {}
                Ok(got) => self.mismatch(0, "+OK\\r\\n (AUTH before FLUSHALL)", &escape(&got)),
                Err(got) => self.mismatch(0, "+OK\\r\\n (AUTH before FLUSHALL)", &got),
            }
        }
        let ok = conn.stream.write_all(b"*1\r\n$8\r\nFLUSHALL\r\n").is_ok();
        match conn.read_reply() {
            Ok(got) if ok && got == b"+OK\r\n" => {}
            Ok(got) => self.mismatch(
                0,
                "+OK\\r\\n (FLUSHALL before the transcript)",
                &escape(&got),
            ),
            Err(got) => self.mismatch(0, "+OK\\r\\n (FLUSHALL before the transcript)", &got),
        }
    }

    /// Anything the server sent on a connection beyond the recorded replies is a mismatch too.
    fn finish_link(&mut self, index: usize, lineno: usize) {
        let link = &mut self.links[index].1;
        if link.broken {
            return;
        }
        link.broken = true;
        let wait = if link.unanswered {
            QUIET
        } else {
            Duration::ZERO
        };
        let extra = link.conn.unread(wait);
        if !extra.is_empty() {
            self.compared += 1;
            self.mismatch(lineno, "<no more replies>", &escape(&extra));
        }
    }

    fn mismatch(&mut self, lineno: usize, expected: &str, got: &str) {
        self.mismatches.push(Mismatch {
            key: format!("{}:{}", self.file, self.corpus_line),
            file: self.file.clone(),
            details: format!(
                "{}:{lineno} (corpus line {})\n    request:  {}\n    expected: {}\n    got:      {}",
                self.file,
                self.source,
                shorten(&escape(&self.request)),
                shorten(expected),
                shorten(got)
            ),
        });
    }
}

/// Keeps reports readable when a request or reply is huge.
fn shorten(s: &str) -> String {
    const MAX: usize = 600;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut cut = MAX;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}... ({} more characters)", &s[..cut], s.len() - cut)
}

fn matches(expect: &Expect, got: &[u8]) -> bool {
    match expect {
        Expect::Exact(want) => want == got,
        Expect::Unordered(want, group) => canonical(want, *group) == canonical(got, *group),
        Expect::Masked(parts) => {
            let mut rest = got;
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    let sign = usize::from(rest.first() == Some(&b'-'));
                    let digits = rest[sign..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                    if digits == 0 {
                        return false;
                    }
                    rest = &rest[sign + digits..];
                }
                match rest.strip_prefix(part.as_slice()) {
                    Some(r) => rest = r,
                    None => return false,
                }
            }
            rest.is_empty()
        }
    }
}

/// An aggregate reply with its top-level elements sorted by their bytes, in groups of `group`
/// elements (maps: always key/value pairs).
fn canonical(reply: &[u8], group: usize) -> Vec<u8> {
    let Some(&kind) = reply.first() else {
        return reply.to_vec();
    };
    if !matches!(kind, b'*' | b'~' | b'%' | b'>') || reply.starts_with(b"*-1") {
        return reply.to_vec();
    }
    let Some(head) = reply.windows(2).position(|w| w == b"\r\n").map(|p| p + 2) else {
        return reply.to_vec();
    };
    let per = if kind == b'%' { 2 } else { group };
    let mut items = Vec::new();
    let mut pos = head;
    while pos < reply.len() {
        let start = pos;
        for _ in 0..per {
            match frame_len(&reply[pos..]) {
                Ok(Some(n)) => pos += n,
                _ => return reply.to_vec(),
            }
        }
        items.push(&reply[start..pos]);
    }
    items.sort();
    let mut out = reply[..head].to_vec();
    for item in items {
        out.extend_from_slice(item);
    }
    out
}

/// Length of the first complete RESP2/RESP3 reply in `buf`: `Ok(None)` if incomplete, `Err` if
/// the bytes are not RESP at all. (Like `common::reply_len`, but never panics.)
fn frame_len(buf: &[u8]) -> Result<Option<usize>, ()> {
    let Some(&kind) = buf.first() else {
        return Ok(None);
    };
    if !b"+-:_,#($=!*~>%|".contains(&kind) {
        return Err(());
    }
    let Some(line_end) = buf.windows(2).position(|w| w == b"\r\n") else {
        return Ok(None);
    };
    let after = line_end + 2;
    let num = || -> Result<i64, ()> {
        std::str::from_utf8(&buf[1..line_end])
            .map_err(|_| ())?
            .parse::<i64>()
            .map_err(|_| ())
    };
    match kind {
        b'$' | b'=' | b'!' => {
            let n = num()?;
            if n < 0 {
                return Ok(Some(after));
            }
            let end = after + n as usize + 2;
            if buf.len() < end {
                return Ok(None);
            }
            if &buf[end - 2..end] != b"\r\n" {
                return Err(());
            }
            Ok(Some(end))
        }
        b'*' | b'~' | b'>' | b'%' | b'|' => {
            let n = num()?;
            if n < 0 {
                return Ok(Some(after));
            }
            let items = if matches!(kind, b'%' | b'|') {
                n * 2
            } else {
                n
            };
            let mut pos = after;
            for _ in 0..items {
                match frame_len(&buf[pos..])? {
                    Some(len) => pos += len,
                    None => return Ok(None),
                }
            }
            Ok(Some(pos))
        }
        _ => Ok(Some(after)),
    }
}

struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    fn connect(addr: &str) -> Conn {
        let stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
        stream.set_nodelay(true).unwrap();
        Conn {
            stream,
            buf: Vec::new(),
        }
    }

    /// Reads more bytes; `Ok(0)` means the server closed the connection.
    fn fill(&mut self, deadline: Instant) -> std::io::Result<usize> {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        self.stream.set_read_timeout(Some(left))?;
        let mut chunk = [0u8; 65536];
        match self.stream.read(&mut chunk) {
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                Ok(n)
            }
            Err(e) if e.kind() == ErrorKind::ConnectionReset => Ok(0),
            Err(e) => Err(e),
        }
    }

    /// One complete reply, or a description of what went wrong (for the report).
    fn read_reply(&mut self) -> Result<Vec<u8>, String> {
        let deadline = Instant::now() + REPLY_TIMEOUT;
        loop {
            match frame_len(&self.buf) {
                Ok(Some(n)) => return Ok(self.buf.drain(..n).collect()),
                Ok(None) => {}
                Err(()) => return Err(format!("<not RESP: {}>", escape(&self.buf))),
            }
            match self.fill(deadline) {
                Ok(0) => {
                    return Err(format!(
                        "<connection closed; partial reply: {}>",
                        escape(&self.buf)
                    ));
                }
                Ok(_) => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(format!(
                        "<no reply within {REPLY_TIMEOUT:?}; received: {}>",
                        escape(&self.buf)
                    ));
                }
                Err(e) => {
                    return Err(format!(
                        "<read error: {e}; received: {}>",
                        escape(&self.buf)
                    ));
                }
            }
        }
    }

    /// Ok if the server closes the connection without sending anything more.
    fn wait_close(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + CLOSE_TIMEOUT;
        loop {
            match self.fill(deadline) {
                Ok(0) if self.buf.is_empty() => return Ok(()),
                Ok(0) => return Err(format!("{} <then closed>", escape(&self.buf))),
                Ok(_) => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(format!(
                        "{}<still open after {CLOSE_TIMEOUT:?}>",
                        escape(&self.buf)
                    ));
                }
                Err(e) => return Err(format!("<read error: {e}>")),
            }
        }
    }

    /// Whatever arrives beyond the replies read so far: waits up to `wait` for a first byte,
    /// then takes what is there.
    fn unread(&mut self, wait: Duration) -> Vec<u8> {
        if self.buf.is_empty() && !wait.is_zero() {
            let _ = self.fill(Instant::now() + wait);
        }
        let mut out = std::mem::take(&mut self.buf);
        if self.stream.set_nonblocking(true).is_ok() {
            let mut chunk = [0u8; 65536];
            while let Ok(n @ 1..) = self.stream.read(&mut chunk) {
                out.extend_from_slice(&chunk[..n]);
            }
            let _ = self.stream.set_nonblocking(false);
        }
        out
    }
}

/// The transcript escaping: printable ASCII as is, `\\ \r \n \t`, other bytes as `\xHH`, and a
/// trailing space as `\x20` so that editors cannot strip it.
fn escape(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    if out.ends_with(' ') {
        out.pop();
        out.push_str("\\x20");
    }
    out
}

fn unescape(s: &str) -> Result<Vec<u8>, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'\\') => out.push(b'\\'),
            Some(b'r') => out.push(b'\r'),
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'x') => {
                let hex = s.get(i + 2..i + 4).ok_or("truncated \\x escape")?;
                out.push(
                    u8::from_str_radix(hex, 16).map_err(|_| format!("bad \\x escape {hex:?}"))?,
                );
                i += 2;
            }
            other => return Err(format!("bad escape \\{:?}", other.map(|&b| b as char))),
        }
        i += 2;
    }
    Ok(out)
}

#[test]
fn escape_roundtrip() {
    let all: Vec<u8> = (0..=255).collect();
    assert_eq!(unescape(&escape(&all)).unwrap(), all);
    assert_eq!(escape(b"a b \r\n"), "a b \\r\\n");
    assert_eq!(escape(b"ends with space "), "ends with space\\x20");
    assert_eq!(unescape("\\x41\\\\{int}").unwrap(), b"A\\{int}");
    assert!(unescape("\\q").is_err());
}

#[test]
fn masked_and_unordered_matching() {
    let masked = Expect::Masked(vec![b"$2\r\nid\r\n:".to_vec(), b"\r\n".to_vec()]);
    assert!(matches(&masked, b"$2\r\nid\r\n:17\r\n"));
    assert!(!matches(&masked, b"$2\r\nid\r\n:\r\n"));
    assert!(!matches(&masked, b"$2\r\nid\r\n:17\r\nx"));
    let unordered = Expect::Unordered(b"*2\r\n$1\r\na\r\n$1\r\nb\r\n".to_vec(), 1);
    assert!(matches(&unordered, b"*2\r\n$1\r\nb\r\n$1\r\na\r\n"));
    assert!(!matches(&unordered, b"*2\r\n$1\r\nb\r\n$1\r\nb\r\n"));
    let map = Expect::Unordered(b"%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n".to_vec(), 1);
    assert!(matches(&map, b"%2\r\n+b\r\n:2\r\n+a\r\n:1\r\n"));
    assert!(!matches(&map, b"%2\r\n+b\r\n:1\r\n+a\r\n:2\r\n"));
    let pairs = Expect::Unordered(b"*4\r\n+a\r\n:1\r\n+b\r\n:2\r\n".to_vec(), 2);
    assert!(matches(&pairs, b"*4\r\n+b\r\n:2\r\n+a\r\n:1\r\n"));
    assert!(!matches(&pairs, b"*4\r\n+b\r\n:1\r\n+a\r\n:2\r\n"));
    assert!(!matches(&pairs, b"*3\r\n+b\r\n:2\r\n+a\r\n"));
    assert_eq!(frame_len(b"?x\r\n"), Err(()));
    assert_eq!(frame_len(b"*2\r\n:1\r\n"), Ok(None));
}
