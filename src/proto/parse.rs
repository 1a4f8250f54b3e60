//! Incremental request parsing: RESP multibulk and inline commands, with Redis's limits and exact
//! protocol error texts.
//!
//! Like Redis's `processMultibulkBuffer`, the parser remembers how far it got, so a command that
//! arrives a byte at a time, or one with a million arguments, is parsed in linear time. Arguments
//! are recorded as spans of the connection's read buffer; nothing is copied.

use super::inline::split_args;
use super::num::parse_i64;

/// Longest inline request or length line (Redis's `PROTO_INLINE_MAX_SIZE`).
pub const INLINE_MAX: usize = 64 * 1024;
/// Argument slots reserved up front, whatever a multibulk header claims.
const MAX_PREALLOC_ARGS: usize = 1024;

/// Limits the parser enforces for one connection.
#[derive(Clone, Copy)]
pub struct Limits {
    pub max_bulk: i64,
    /// Before AUTH succeeds Redis allows at most 10 arguments of at most 16 KB.
    pub authenticated: bool,
}

/// What one parse step found.
#[derive(Debug, PartialEq)]
pub enum Parsed {
    /// More bytes are needed.
    Incomplete,
    /// A whole command ends `len` bytes into the buffer; its arguments are in `Parser::args`.
    Command { len: usize },
    /// Nothing to run (an empty line, `*0`, `*-1`), `len` bytes consumed.
    Skip { len: usize },
    /// A protocol error: reply with it, then close the connection.
    Error(String),
}

/// Where the arguments of the last parsed command live.
pub enum ArgsIn {
    /// Spans of the read buffer, relative to the command's first byte.
    Buffer,
    /// The inline scratch buffer (inline arguments are unescaped, so they are copied).
    Inline,
}

#[derive(Default)]
pub struct Parser {
    /// Bulk strings still expected in the current multibulk (0 = not inside one).
    multibulk_left: usize,
    /// Declared length of the bulk being read, once its `$` line has been parsed.
    bulk_len: Option<usize>,
    /// Bytes of the current command consumed so far.
    pos: usize,
    /// Argument spans `(start, end)`.
    spans: Vec<(usize, usize)>,
    pub inline_buf: Vec<u8>,
    pub inline: bool,
    /// Room for commands parsed ahead, while the server lends it to this connection.
    ahead: Option<Box<Ahead>>,
}

/// A pipelined batch read once for two uses: the prefetch wants every command's key before the
/// first one runs, and `parse` then hands each command out without reading its bytes again.
/// The server owns one and lends it to the connection it is serving (`Parser::lend_ahead`), so
/// an idle connection carries a pointer, not the room.
#[derive(Default)]
pub struct Ahead {
    cmds: Vec<AheadCmd>,
    /// Argument spans of every command, relative to its first byte.
    spans: Vec<(usize, usize)>,
    /// The next command `parse` hands out.
    next: usize,
    /// Where in `spans` the arguments of the command `parse` last returned are, when it came
    /// from here.
    current: Option<(usize, usize)>,
}

impl Ahead {
    fn clear(&mut self) {
        self.cmds.clear();
        self.spans.clear();
        self.next = 0;
        self.current = None;
    }
}

#[derive(Clone, Copy)]
struct AheadCmd {
    /// The command's length in bytes.
    len: usize,
    /// Where its spans end in `Ahead::spans` (they start where the previous command's spans end).
    spans_end: usize,
    /// Its longest argument, checked against the limits when it is handed out: AUTH or CONFIG
    /// SET earlier in the batch may have changed them.
    longest: usize,
}

/// Argument spans and inline bytes a parser keeps between commands; more is given back.
const KEEP_SPANS: usize = 1024;
const KEEP_INLINE: usize = 64 * 1024;

impl Parser {
    /// Gives back the room a very long command left behind (100,000 arguments are 1.6 MB of
    /// spans), so a client does not keep it for good: Redis frees a command's arguments after
    /// running it.
    pub fn shrink(&mut self) {
        if self.in_progress() {
            return;
        }
        if self.spans.capacity() > KEEP_SPANS {
            self.spans = Vec::new();
        }
        if self.inline_buf.capacity() > KEEP_INLINE {
            self.inline_buf = Vec::new();
        }
    }

    /// Bytes the parser knows it still needs for the bulk in progress (a hint for buffer sizing).
    pub fn pending_bulk(&self, available: usize) -> usize {
        match self.bulk_len {
            Some(n) => (self.pos + n + 2).saturating_sub(available),
            None => 0,
        }
    }

    /// True when part of a command has been parsed (a client leaving now left mid-command).
    pub fn in_progress(&self) -> bool {
        self.multibulk_left > 0 || self.pos > 0
    }

    /// The arguments of the command `parse` last returned, as spans of its bytes (or of
    /// `inline_buf` for an inline command).
    pub fn spans(&self) -> &[(usize, usize)] {
        if let Some(a) = self.ahead.as_deref()
            && let Some((from, to)) = a.current
        {
            return &a.spans[from..to];
        }
        &self.spans
    }

    /// Gives the parser the room to parse a batch ahead in, for as long as the server serves
    /// this connection.
    pub fn lend_ahead(&mut self, room: Box<Ahead>) {
        self.ahead = Some(room);
    }

    /// Takes the room back, emptied: what was not handed out is parsed again next time (the
    /// buffer may move before then).
    pub fn reclaim_ahead(&mut self) -> Option<Box<Ahead>> {
        let mut room = self.ahead.take()?;
        room.clear();
        Some(room)
    }

    /// Parses the plain, complete multibulk commands at the start of `buf` (up to `out.len()`,
    /// each with at most `AHEAD_MAX_ARGS` arguments) for `parse` to hand out, and returns how
    /// many of them have an argument 1, with the spans of their arguments 1 and 2 in `out`. It
    /// stops at anything else (an inline command, a partial one, an error), which `parse`
    /// deals with as usual. The bytes must stay as they are until the batch has been handed
    /// out or the room reclaimed. Without lent room, or in the middle of a command, it does
    /// nothing.
    pub fn parse_ahead(&mut self, buf: &[u8], out: &mut [Peeked]) -> usize {
        if self.in_progress() {
            return 0;
        }
        let Some(room) = self.ahead.as_deref_mut() else {
            return 0;
        };
        room.clear();
        let Ahead { cmds, spans, .. } = room;
        let mut pos = 0;
        let mut keyed = 0;
        while cmds.len() < out.len() && buf.get(pos) == Some(&b'*') {
            let mut peeked = Peeked::default();
            let mut longest = 0;
            let whole = plain_command(&buf[pos..], AHEAD_MAX_ARGS, u64::MAX, |i, start, end| {
                spans.push((start, end));
                longest = longest.max(end - start);
                match i {
                    1 => peeked.key = (pos + start, pos + end),
                    2 => peeked.arg2 = (pos + start, pos + end),
                    _ => {}
                }
            });
            let Some((n @ 1.., len)) = whole else {
                spans.truncate(cmds.last().map_or(0, |c| c.spans_end));
                break;
            };
            cmds.push(AheadCmd {
                len,
                spans_end: spans.len(),
                longest,
            });
            if n > 1 {
                out[keyed] = peeked;
                keyed += 1;
            }
            pos += len;
        }
        keyed
    }

    /// The next command parsed ahead, if the limits still allow it (else the batch is dropped
    /// and the general path decides).
    #[inline]
    fn take_ahead(&mut self, limits: Limits) -> Option<usize> {
        let room = self.ahead.as_deref_mut()?;
        let cmd = *room.cmds.get(room.next)?;
        let from = match room.next {
            0 => 0,
            i => room.cmds[i - 1].spans_end,
        };
        let (max_args, max_len) = arg_limits(limits);
        if cmd.spans_end - from > max_args || cmd.longest as u64 > max_len {
            room.clear();
            return None;
        }
        room.next += 1;
        room.current = Some((from, cmd.spans_end));
        self.inline = false;
        Some(cmd.len)
    }

    fn reset(&mut self) {
        self.multibulk_left = 0;
        self.bulk_len = None;
        self.pos = 0;
    }

    /// Parses from the start of a command in `buf` (`buf` begins where the previous command
    /// ended; bytes already examined are not scanned again).
    #[inline]
    pub fn parse(&mut self, buf: &[u8], limits: Limits) -> Parsed {
        // A batch parsed ahead always leaves the parser at the start of a command.
        if let Some(len) = self.take_ahead(limits) {
            return Parsed::Command { len };
        }
        self.parse_here(buf, limits)
    }

    fn parse_here(&mut self, buf: &[u8], limits: Limits) -> Parsed {
        if self.multibulk_left == 0 && self.pos == 0 {
            self.inline = false;
            if let Some(room) = self.ahead.as_deref_mut() {
                room.current = None;
            }
            self.spans.clear();
            match buf.first() {
                None => return Parsed::Incomplete,
                Some(b'*') => {}
                Some(_) => return self.parse_inline(buf),
            }
            if let Some(len) = self.parse_whole(buf, limits) {
                return Parsed::Command { len };
            }
            self.spans.clear();
            // The count line: Redis looks for '\r' and wants one more byte after it.
            let (n, cr) = match short_number(buf, 1) {
                Some((n, cr)) if n <= i32::MAX as usize => (n as i64, cr),
                _ => {
                    let Some(cr) = find_line_end(buf, 0, b'\r') else {
                        if buf.len() > INLINE_MAX {
                            return Parsed::Error(
                                "Protocol error: too big mbulk count string".into(),
                            );
                        }
                        return Parsed::Incomplete;
                    };
                    if cr + 1 >= buf.len() {
                        return Parsed::Incomplete;
                    }
                    match parse_i64(&buf[1..cr]) {
                        Some(n) if n <= i32::MAX as i64 => (n, cr),
                        _ => {
                            return Parsed::Error(
                                "Protocol error: invalid multibulk length".into(),
                            );
                        }
                    }
                }
            };
            if n > 10 && !limits.authenticated {
                return Parsed::Error("Protocol error: unauthenticated multibulk length".into());
            }
            if n <= 0 {
                return Parsed::Skip { len: cr + 2 };
            }
            self.pos = cr + 2;
            self.multibulk_left = n as usize;
            self.spans
                .reserve(self.multibulk_left.min(MAX_PREALLOC_ARGS));
        }
        while self.multibulk_left > 0 {
            let len = match self.bulk_len {
                Some(len) => len,
                None => {
                    let fast = match buf.get(self.pos) {
                        Some(b'$') => short_number(buf, self.pos + 1),
                        _ => None,
                    };
                    let (len, cr) = match fast {
                        Some((n, cr)) if n as u64 <= limits.max_bulk.max(0) as u64 => (n, cr),
                        _ => match self.bulk_line(buf, limits) {
                            Ok(found) => found,
                            Err(p) => return p,
                        },
                    };
                    if len > 16384 && !limits.authenticated {
                        return Parsed::Error("Protocol error: unauthenticated bulk length".into());
                    }
                    self.pos = cr + 2;
                    self.bulk_len = Some(len);
                    len
                }
            };
            // Redis skips the two bytes after the data without checking they are CRLF.
            if buf.len() < self.pos + len + 2 {
                return Parsed::Incomplete;
            }
            self.spans.push((self.pos, self.pos + len));
            self.pos += len + 2;
            self.bulk_len = None;
            self.multibulk_left -= 1;
        }
        let len = self.pos;
        self.reset();
        Parsed::Command { len }
    }

    /// The common case in one pass with the state in locals: the whole command is in `buf` and
    /// every count and length is short and plain. None leaves every other case, errors
    /// included, to the general path, which starts over (with the spans cleared).
    #[inline]
    fn parse_whole(&mut self, buf: &[u8], limits: Limits) -> Option<usize> {
        let (max_args, max_len) = arg_limits(limits);
        let spans = &mut self.spans;
        let (n, len) = plain_command(buf, max_args, max_len, |_, start, end| {
            spans.push((start, end))
        })?;
        (n > 0).then_some(len)
    }

    /// The general path for a bulk length line at `self.pos`: incomplete lines, bad bytes and
    /// out-of-range lengths, with Redis's errors. Returns (length, position of its '\r').
    fn bulk_line(&self, buf: &[u8], limits: Limits) -> Result<(usize, usize), Parsed> {
        let Some(cr) = find_line_end(buf, self.pos, b'\r') else {
            if buf.len() - self.pos > INLINE_MAX {
                return Err(Parsed::Error(
                    "Protocol error: too big bulk count string".into(),
                ));
            }
            return Err(Parsed::Incomplete);
        };
        if cr + 1 >= buf.len() {
            return Err(Parsed::Incomplete);
        }
        if buf[self.pos] != b'$' {
            return Err(Parsed::Error(format!(
                "Protocol error: expected '$', got '{}'",
                printable_char(buf[self.pos])
            )));
        }
        match parse_i64(&buf[self.pos + 1..cr]) {
            Some(n) if n >= 0 && n <= limits.max_bulk => Ok((n as usize, cr)),
            _ => Err(Parsed::Error("Protocol error: invalid bulk length".into())),
        }
    }

    fn parse_inline(&mut self, buf: &[u8]) -> Parsed {
        let Some(nl) = find_line_end(buf, 0, b'\n') else {
            if buf.len() > INLINE_MAX {
                return Parsed::Error("Protocol error: too big inline request".into());
            }
            return Parsed::Incomplete;
        };
        let line_end = if nl > 0 && buf[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        let Some(words) = split_args(&buf[..line_end]) else {
            return Parsed::Error("Protocol error: unbalanced quotes in request".into());
        };
        if words.is_empty() {
            return Parsed::Skip { len: nl + 1 };
        }
        self.inline_buf.clear();
        for w in &words {
            let start = self.inline_buf.len();
            self.inline_buf.extend_from_slice(w);
            self.spans.push((start, self.inline_buf.len()));
        }
        self.inline = true;
        Parsed::Command { len: nl + 1 }
    }
}

/// The most arguments, and the longest argument, the fast paths accept (beyond, the general path
/// gives Redis's errors): before AUTH succeeds Redis allows at most 10 arguments of 16 KB.
#[inline]
fn arg_limits(limits: Limits) -> (usize, u64) {
    let max_bulk = limits.max_bulk.max(0) as u64;
    if limits.authenticated {
        (MAX_PREALLOC_ARGS, max_bulk)
    } else {
        (10, max_bulk.min(16384))
    }
}

/// The common count or length line: 1-18 plain digits (no sign, no leading zero) and '\r' with a
/// byte after it, read in one pass. None sends the line down the general path, which knows
/// every other case (incomplete lines, signs, bad bytes, errors).
#[inline]
fn short_number(buf: &[u8], from: usize) -> Option<(usize, usize)> {
    let digits = buf.get(from..)?;
    let first = *digits.first()?;
    let mut n = first.wrapping_sub(b'0') as usize;
    if n > 9 {
        return None;
    }
    // One or two digits: the counts and lengths of most commands, names and keys.
    match *digits {
        [_, b'\r', _, ..] => return Some((n, from + 1)),
        [_, d, b'\r', _, ..] if d.is_ascii_digit() && n > 0 => {
            return Some((n * 10 + (d - b'0') as usize, from + 2));
        }
        _ => {}
    }
    let mut i = 1;
    loop {
        let b = *digits.get(i)?;
        let d = b.wrapping_sub(b'0') as usize;
        if d <= 9 && i < 18 {
            n = n * 10 + d;
            i += 1;
        } else if b == b'\r' && (i == 1 || first != b'0') && from + i + 1 < buf.len() {
            return Some((n, from + i));
        } else {
            return None;
        }
    }
}

/// Commands with more arguments end `Parser::parse_ahead`.
const AHEAD_MAX_ARGS: usize = 16;

/// Arguments 1 and 2 of a command as spans of a buffer: the key of most commands, and the member
/// or field of the set and hash commands (`(0, 0)` when there is no argument 2).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Peeked {
    pub key: (usize, usize),
    pub arg2: (usize, usize),
}

/// One plain, complete multibulk command at the start of `buf` (which begins with its `*`): at
/// most `max_args` arguments of at most `max_len` bytes, every count and length short and plain
/// (`short_number`), every byte present. Calls `arg(i, start, end)` for each argument and returns
/// the argument count and the command's length; None for anything else. The parser's fast path
/// and `Parser::parse_ahead` both read commands with it.
#[inline]
fn plain_command(
    buf: &[u8],
    max_args: usize,
    max_len: u64,
    mut arg: impl FnMut(usize, usize, usize),
) -> Option<(usize, usize)> {
    let (n, cr) = short_number(buf, 1)?;
    if n > max_args {
        return None;
    }
    let mut pos = cr + 2;
    for i in 0..n {
        if *buf.get(pos)? != b'$' {
            return None;
        }
        let (len, cr) = short_number(buf, pos + 1)?;
        if len as u64 > max_len {
            return None;
        }
        let start = cr + 2;
        let end = start + len;
        if buf.len() < end + 2 {
            return None;
        }
        arg(i, start, end);
        pos = end + 2;
    }
    Some((n, pos))
}

/// Where a line ends, found as Redis finds it: with `strchr`, which stops at a NUL byte. A count,
/// length or inline line with a NUL before its end therefore never completes; Redis waits for
/// more until the line is too long.
fn find_line_end(buf: &[u8], from: usize, end: u8) -> Option<usize> {
    let i = buf[from..].iter().position(|&b| b == end || b == 0)? + from;
    (buf[i] == end).then_some(i)
}

/// `%c` of a byte: Redis writes it raw; a byte that is not valid UTF-8 on its own is shown as
/// `\xNN` so the reply stays valid text.
fn printable_char(c: u8) -> String {
    if c.is_ascii() {
        (c as char).to_string()
    } else {
        format!("\\x{c:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUTHED: Limits = Limits {
        max_bulk: 512 << 20,
        authenticated: true,
    };

    fn args<'a>(p: &Parser, buf: &'a [u8]) -> Vec<&'a [u8]> {
        p.spans().iter().map(|&(s, e)| &buf[s..e]).collect()
    }

    /// What a connection would see parsing `buf` when `step` more bytes arrive at a time: each
    /// command's arguments, skips, and the error that ends the stream.
    fn drive(buf: &[u8], step: usize, limits: Limits) -> Vec<String> {
        let mut p = Parser::default();
        let (mut start, mut avail) = (0, step.min(buf.len()));
        let mut seen = Vec::new();
        loop {
            match p.parse(&buf[start..avail], limits) {
                Parsed::Incomplete if avail == buf.len() => return seen,
                Parsed::Incomplete => avail = (avail + step).min(buf.len()),
                Parsed::Command { len } => {
                    let base = if p.inline {
                        &p.inline_buf[..]
                    } else {
                        &buf[start..]
                    };
                    seen.push(format!("{:?}", args(&p, base)));
                    start += len;
                }
                Parsed::Skip { len } => {
                    seen.push("skip".into());
                    start += len;
                }
                Parsed::Error(e) => {
                    seen.push(e);
                    return seen;
                }
            }
        }
    }

    /// The one-pass path (taken when a whole command is buffered) and the incremental one
    /// (taken when it arrives in pieces) agree on random, sometimes damaged, streams.
    #[test]
    fn whole_and_piecewise_parsing_agree() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut rnd = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let odd_numbers: [&[u8]; 8] = [
            b"+2",
            b"-1",
            b"02",
            b"0",
            b"x",
            b"99999999999999999999",
            b"",
            b" 2",
        ];
        for round in 0..3000 {
            let mut buf = Vec::new();
            for _ in 0..1 + rnd(4) {
                let n = 1 + rnd(5) as usize;
                buf.extend_from_slice(format!("*{n}\r\n").as_bytes());
                for _ in 0..n {
                    let len = rnd(20) as usize;
                    buf.extend_from_slice(format!("${len}\r\n").as_bytes());
                    buf.extend((0..len).map(|_| rnd(256) as u8));
                    buf.extend_from_slice(b"\r\n");
                }
            }
            match rnd(4) {
                0 => {
                    let at = rnd(buf.len() as u64) as usize;
                    buf[at] = [b'*', b'$', b'\r', b'\n', b'0', b'9', b'a', 0][rnd(8) as usize];
                }
                1 => {
                    // A count or length line replaced by an unusual spelling.
                    let lines: Vec<usize> = (0..buf.len())
                        .filter(|&i| {
                            (buf[i] == b'*' || buf[i] == b'$') && (i == 0 || buf[i - 1] == b'\n')
                        })
                        .collect();
                    let at = lines[rnd(lines.len() as u64) as usize] + 1;
                    let end = at + buf[at..].iter().position(|&b| b == b'\r').unwrap_or(0);
                    let odd = odd_numbers[rnd(odd_numbers.len() as u64) as usize];
                    buf.splice(at..end, odd.iter().copied());
                }
                _ => {}
            }
            let limits = Limits {
                max_bulk: if rnd(4) == 0 { 10 } else { 512 << 20 },
                authenticated: rnd(5) != 0,
            };
            let whole = drive(&buf, buf.len(), limits);
            for step in [1, 2, 7] {
                assert_eq!(
                    drive(&buf, step, limits),
                    whole,
                    "round {round}, step {step}: {buf:?}"
                );
            }
        }
    }

    #[test]
    fn multibulk_whole_and_byte_by_byte() {
        let req = b"*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n";
        let mut p = Parser::default();
        assert_eq!(p.parse(req, AUTHED), Parsed::Command { len: req.len() });
        assert_eq!(args(&p, req), vec![&b"GET"[..], b"key"]);
        let mut p = Parser::default();
        for i in 1..req.len() {
            assert_eq!(p.parse(&req[..i], AUTHED), Parsed::Incomplete, "at {i}");
        }
        assert_eq!(p.parse(req, AUTHED), Parsed::Command { len: req.len() });
        assert_eq!(args(&p, req), vec![&b"GET"[..], b"key"]);
    }

    #[test]
    fn inline_commands() {
        let mut p = Parser::default();
        assert_eq!(
            p.parse(b"set a \"b c\"\r\nrest", AUTHED),
            Parsed::Command { len: 13 }
        );
        assert!(p.inline);
        assert_eq!(
            args(&p, &p.inline_buf.clone()),
            vec![&b"set"[..], b"a", b"b c"]
        );
        assert_eq!(p.parse(b"\r\n", AUTHED), Parsed::Skip { len: 2 });
        assert_eq!(p.parse(b"ping", AUTHED), Parsed::Incomplete);
    }

    #[test]
    fn protocol_errors() {
        let err = |buf: &[u8], limits| match Parser::default().parse(buf, limits) {
            Parsed::Error(e) => e,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            err(b"*abc\r\n", AUTHED),
            "Protocol error: invalid multibulk length"
        );
        assert_eq!(
            err(b"*3000000000\r\n", AUTHED),
            "Protocol error: invalid multibulk length"
        );
        assert_eq!(
            err(b"*1\r\n$-1\r\n", AUTHED),
            "Protocol error: invalid bulk length"
        );
        assert_eq!(
            err(b"*1\r\nfoo\r\n", AUTHED),
            "Protocol error: expected '$', got 'f'"
        );
        assert_eq!(
            err(b"\"abc\r\n", AUTHED),
            "Protocol error: unbalanced quotes in request"
        );
        assert_eq!(
            err(&vec![b'a'; INLINE_MAX + 1], AUTHED),
            "Protocol error: too big inline request"
        );
        let small = Limits {
            max_bulk: 1 << 20,
            authenticated: true,
        };
        assert_eq!(
            err(b"*1\r\n$2000000\r\n", small),
            "Protocol error: invalid bulk length"
        );
        let anon = Limits {
            max_bulk: 512 << 20,
            authenticated: false,
        };
        assert_eq!(
            err(b"*11\r\n", anon),
            "Protocol error: unauthenticated multibulk length"
        );
        assert_eq!(
            err(b"*1\r\n$16385\r\n", anon),
            "Protocol error: unauthenticated bulk length"
        );
    }

    #[test]
    fn a_nul_before_the_line_end_leaves_the_line_incomplete() {
        for buf in [
            &b"PI\0NG\r\n"[..],
            b"\0\r\n",
            b"*1\0\r\n",
            b"*1\r\n$4\0\r\nPING\r\n",
            b"*1\r\n\0\r\n",
        ] {
            assert_eq!(Parser::default().parse(buf, AUTHED), Parsed::Incomplete);
        }
        let mut big = b"*1\r\n$4\0".to_vec();
        big.resize(INLINE_MAX + 10, b'\r');
        assert_eq!(
            Parser::default().parse(&big, AUTHED),
            Parsed::Error("Protocol error: too big bulk count string".into())
        );
        // In bulk data a NUL is just a byte.
        let req = b"*1\r\n$3\r\na\0b\r\n";
        assert_eq!(
            Parser::default().parse(req, AUTHED),
            Parsed::Command { len: req.len() }
        );
    }

    #[test]
    fn huge_declared_lengths_reserve_little() {
        let mut p = Parser::default();
        assert_eq!(
            p.parse(b"*2147483647\r\n$536870000\r\n", AUTHED),
            Parsed::Incomplete
        );
        assert!(p.spans.capacity() <= MAX_PREALLOC_ARGS);
        assert_eq!(p.pending_bulk(25), 536870002);
    }

    #[test]
    fn empty_multibulk_is_skipped() {
        assert_eq!(
            Parser::default().parse(b"*0\r\n", AUTHED),
            Parsed::Skip { len: 4 }
        );
        assert_eq!(
            Parser::default().parse(b"*-1\r\n", AUTHED),
            Parsed::Skip { len: 5 }
        );
    }

    /// The one-pass number reader agrees with the general path wherever it answers.
    #[test]
    fn short_numbers_read_as_the_general_path_does() {
        let cases = [
            "0",
            "1",
            "9",
            "10",
            "007",
            "00",
            "-1",
            "+1",
            "12a",
            "",
            "123456789012345678",
            "1234567890123456789",
            "99999999999999999999",
            " 1",
            "1 ",
        ];
        for c in cases {
            for tail in ["\r\n", "\r", "\n", ""] {
                let line = format!("${c}{tail}");
                let buf = line.as_bytes();
                if let Some((n, cr)) = short_number(buf, 1) {
                    assert_eq!(find_line_end(buf, 0, b'\r'), Some(cr), "{line:?}");
                    assert!(cr + 1 < buf.len(), "{line:?}");
                    assert_eq!(parse_i64(&buf[1..cr]), Some(n as i64), "{line:?}");
                }
            }
        }
        assert_eq!(short_number(b"$12\r\n", 1), Some((12, 3)));
        assert_eq!(short_number(b"$0\r\n", 1), Some((0, 2)));
        assert_eq!(short_number(b"$12\r", 1), None, "wants a byte after the CR");
    }

    #[test]
    fn parse_ahead_finds_keys_and_parse_hands_the_commands_out() {
        let buf = b"*2\r\n$3\r\nGET\r\n$2\r\nk1\r\n*1\r\n$4\r\nPING\r\n\
                    *3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$2\r\nk";
        let mut p = lent();
        let mut out = [Peeked::default(); 8];
        let n = p.parse_ahead(buf, &mut out);
        let span = |(s, e): (usize, usize)| &buf[s..e];
        let keys: Vec<(&[u8], &[u8])> = out[..n]
            .iter()
            .map(|p| (span(p.key), span(p.arg2)))
            .collect();
        // PING has no key; the last command is incomplete.
        assert_eq!(keys, [(&b"k1"[..], &b""[..]), (&b"key"[..], &b"v"[..])]);
        let mut pos = 0;
        let mut got = Vec::new();
        while let Parsed::Command { len } = p.parse(&buf[pos..], AUTHED) {
            got.push(args(&p, &buf[pos..]));
            pos += len;
        }
        let want: [&[&[u8]]; 3] = [&[b"GET", b"k1"], &[b"PING"], &[b"SET", b"key", b"v"]];
        assert_eq!(got, want);
        assert!(buf[pos..].starts_with(b"*2\r\n$3\r\nGET\r\n$2\r\nk"));

        // Room for one command: the look-ahead ends there.
        let mut one = [Peeked::default(); 1];
        assert_eq!(lent().parse_ahead(buf, &mut one), 1);
        // Without lent room there is no look-ahead.
        assert_eq!(Parser::default().parse_ahead(buf, &mut out), 0);
        // Nor in the middle of a command: the bytes at hand do not start one.
        let mut mid = lent();
        assert_eq!(
            mid.parse(b"*2\r\n$3\r\nGET\r\n", AUTHED),
            Parsed::Incomplete
        );
        assert!(mid.in_progress());
        assert_eq!(mid.parse_ahead(buf, &mut out), 0);
        // Inline commands, garbage and long commands end it at once.
        let none = |buf: &[u8]| lent().parse_ahead(buf, &mut [Peeked::default(); 8]);
        assert_eq!(none(b"GET k1\r\n*2\r\n$3\r\nGET\r\n$2\r\nk1\r\n"), 0);
        assert_eq!(none(b"*2\r\n:3\r\n"), 0);
        let mut long = b"*17\r\n".to_vec();
        for _ in 0..17 {
            long.extend_from_slice(b"$1\r\nx\r\n");
        }
        assert_eq!(none(&long), 0);
        assert_eq!(none(b"*2\r\n$3\r\nGET\r\n$99999999999\r\nk\r\n"), 0);
    }

    fn lent() -> Parser {
        let mut p = Parser::default();
        p.lend_ahead(Box::default());
        p
    }

    /// Runs a connection's loop over `buf`: (command or error, consumed bytes) in order. A
    /// command named AUTH authenticates, and CONFIG lowers the longest bulk to 3 bytes, as the
    /// real commands change the limits of the rest of a batch.
    fn run_loop(buf: &[u8], ahead: bool, authenticated: bool) -> Vec<(Vec<Vec<u8>>, usize)> {
        let mut p = if ahead { lent() } else { Parser::default() };
        let mut limits = Limits {
            max_bulk: 512 << 20,
            authenticated,
        };
        p.parse_ahead(buf, &mut [Peeked::default(); 32]);
        let mut pos = 0;
        let mut seen = Vec::new();
        loop {
            match p.parse(&buf[pos..], limits) {
                Parsed::Incomplete => break,
                Parsed::Skip { len } => {
                    pos += len;
                    seen.push((vec![], pos));
                }
                Parsed::Error(e) => {
                    seen.push((vec![e.into_bytes()], pos));
                    break;
                }
                Parsed::Command { len } => {
                    let base = if p.inline {
                        &p.inline_buf[..]
                    } else {
                        &buf[pos..]
                    };
                    let argv: Vec<Vec<u8>> = p
                        .spans()
                        .iter()
                        .map(|&(s, e)| base[s..e].to_vec())
                        .collect();
                    match argv[0].as_slice() {
                        b"AUTH" => limits.authenticated = true,
                        b"CONFIG" => limits.max_bulk = 3,
                        _ => {}
                    }
                    pos += len;
                    seen.push((argv, pos));
                }
            }
        }
        seen
    }

    #[test]
    fn parsing_ahead_changes_nothing_a_batch_parses_to() {
        // A small deterministic generator: no dependency for a test.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..3000 {
            let mut buf = Vec::new();
            for _ in 0..next(12) {
                let name: &[u8] = match next(6) {
                    0 => b"AUTH",
                    1 => b"CONFIG",
                    _ => b"SET",
                };
                let argc = 1 + next(13) as usize;
                match next(20) {
                    0 => buf.extend_from_slice(b"SET k v\r\n"),
                    1 => buf.extend_from_slice(b"*0\r\n"),
                    2 => buf.extend_from_slice(b"*1\r\n:1\r\n"),
                    _ => {
                        buf.extend_from_slice(format!("*{argc}\r\n").as_bytes());
                        for i in 0..argc {
                            let arg = if i == 0 {
                                name.to_vec()
                            } else {
                                let n = [1usize, 2, 4, 1, 2, 4, 1, 2, 4, 16385][next(10) as usize];
                                vec![b'a' + i as u8; n]
                            };
                            buf.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
                            buf.extend_from_slice(&arg);
                            buf.extend_from_slice(b"\r\n");
                        }
                    }
                }
            }
            let cut = next(buf.len() as u64 + 1) as usize;
            for whole in [&buf[..], &buf[..cut]] {
                for authenticated in [false, true] {
                    assert_eq!(
                        run_loop(whole, true, authenticated),
                        run_loop(whole, false, authenticated),
                        "{:?}",
                        String::from_utf8_lossy(whole)
                    );
                }
            }
        }
    }
}
