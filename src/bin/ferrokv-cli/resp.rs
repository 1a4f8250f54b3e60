//! Decoding server replies (RESP2 and RESP3) into a tree, and encoding commands.
//!
//! Parsing works on a byte buffer and reports "incomplete" instead of blocking, so the caller can
//! read from the socket with a timeout and still notice Ctrl-C between reads without losing a
//! half-received reply. Validation follows hiredis (the parser redis-cli uses) where it matters
//! for what gets printed: doubles keep their wire text, verbatim strings drop their `txt:` header.

/// One reply, shaped the way hiredis hands it to redis-cli's formatters.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// `+OK`
    Status(Vec<u8>),
    /// `-ERR ...`
    Error(Vec<u8>),
    /// `:5`
    Integer(i64),
    /// `$5\r\nAlice`
    Bulk(Vec<u8>),
    /// `$-1`, `*-1` and RESP3 `_`: redis-cli does not tell them apart.
    Nil,
    /// `*`
    Array(Vec<Reply>),
    /// `~` (RESP3)
    Set(Vec<Reply>),
    /// `>` (RESP3 out-of-band data, e.g. pub/sub messages and invalidations)
    Push(Vec<Reply>),
    /// `%` (RESP3), as key/value pairs in wire order.
    Map(Vec<(Reply, Reply)>),
    /// `,` (RESP3), the text exactly as sent: redis-cli prints it without reformatting.
    Double(Vec<u8>),
    /// `#t` / `#f` (RESP3)
    Bool(bool),
    /// `=` (RESP3); `format` is the three-letter type (`txt`, `mkd`).
    Verbatim { format: Vec<u8>, text: Vec<u8> },
    /// `(` (RESP3)
    BigNumber(Vec<u8>),
}

impl Reply {
    pub fn is_error(&self) -> bool {
        matches!(self, Reply::Error(_))
    }
}

/// Largest bulk or aggregate length accepted, as a guard against a garbled length line.
const MAX_LEN: i64 = 512 * 1024 * 1024;

/// Deepest nesting accepted, so a hostile reply cannot overflow the stack (real replies stay
/// under ten levels).
const MAX_DEPTH: usize = 128;

/// Tries to decode one reply from the front of `buf`.
/// `Ok(None)`: more bytes are needed. `Ok(Some((reply, used)))`: `used` bytes were consumed.
/// `Err(message)`: the bytes are not RESP; the message reads like hiredis's protocol errors.
pub fn parse(buf: &[u8]) -> Result<Option<(Reply, usize)>, String> {
    parse_value(buf, 0, 0)
}

/// Attributes (`|`) annotate the reply that follows them; redis-cli 7.0 cannot read them at all,
/// so the friendliest faithful behaviour is to skip them and show the reply itself.
fn parse_value(buf: &[u8], mut pos: usize, depth: usize) -> Result<Option<(Reply, usize)>, String> {
    if depth > MAX_DEPTH {
        return Err("Protocol error: replies nested too deeply".into());
    }
    while buf.get(pos) == Some(&b'|') {
        match parse_at(buf, pos, depth)? {
            Some((_, next)) => pos = next,
            None => return Ok(None),
        }
    }
    parse_at(buf, pos, depth)
}

/// Decodes the reply that starts at `pos`; on success returns it and the position after it.
fn parse_at(buf: &[u8], pos: usize, depth: usize) -> Result<Option<(Reply, usize)>, String> {
    let Some(&kind) = buf.get(pos) else {
        return Ok(None);
    };
    let Some(rel_end) = buf[pos..].windows(2).position(|w| w == b"\r\n") else {
        return Ok(None);
    };
    let line = &buf[pos + 1..pos + rel_end];
    let after = pos + rel_end + 2;
    let reply = match kind {
        b'+' => Reply::Status(line.to_vec()),
        b'-' => Reply::Error(line.to_vec()),
        b':' => Reply::Integer(parse_int(line).ok_or("Bad integer value")?),
        b',' => {
            check_double(line)?;
            Reply::Double(line.to_vec())
        }
        b'_' => {
            if !line.is_empty() {
                return Err("Bad nil value".into());
            }
            Reply::Nil
        }
        b'#' => match line {
            b"t" | b"T" => Reply::Bool(true),
            b"f" | b"F" => Reply::Bool(false),
            _ => return Err("Bad bool value".into()),
        },
        b'(' => {
            let digits = line.strip_prefix(b"-").unwrap_or(line);
            if !digits.iter().all(u8::is_ascii_digit) {
                return Err("Bad bignum value".into());
            }
            Reply::BigNumber(line.to_vec())
        }
        b'$' | b'=' | b'!' => {
            let len = parse_int(line).ok_or("Bad bulk string length")?;
            if len < 0 {
                return Ok(Some((Reply::Nil, after)));
            }
            if len > MAX_LEN {
                return Err("Bulk string length out of range".into());
            }
            let end = after + len as usize;
            if buf.len() < end + 2 {
                return Ok(None);
            }
            let body = buf[after..end].to_vec();
            let reply = match kind {
                b'$' => Reply::Bulk(body),
                b'!' => Reply::Error(body),
                _ => {
                    if body.len() < 4 || body[3] != b':' {
                        return Err("Verbatim string 4 bytes of content type are missing or incorrectly encoded.".into());
                    }
                    Reply::Verbatim {
                        format: body[..3].to_vec(),
                        text: body[4..].to_vec(),
                    }
                }
            };
            return Ok(Some((reply, end + 2)));
        }
        b'*' | b'~' | b'>' | b'%' | b'|' => {
            let len = parse_int(line).ok_or("Bad multi-bulk length")?;
            if len < 0 {
                return Ok(Some((Reply::Nil, after)));
            }
            if len > MAX_LEN {
                return Err("Multi-bulk length out of range".into());
            }
            let count = if matches!(kind, b'%' | b'|') {
                len * 2
            } else {
                len
            } as usize;
            let mut items = Vec::with_capacity(count.min(1024));
            let mut at = after;
            for _ in 0..count {
                match parse_value(buf, at, depth + 1)? {
                    Some((item, next)) => {
                        items.push(item);
                        at = next;
                    }
                    None => return Ok(None),
                }
            }
            let reply = match kind {
                b'*' => Reply::Array(items),
                b'~' => Reply::Set(items),
                b'>' => Reply::Push(items),
                _ => {
                    let mut pairs = Vec::with_capacity(items.len() / 2);
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        pairs.push((k, v));
                    }
                    Reply::Map(pairs)
                }
            };
            return Ok(Some((reply, at)));
        }
        other => {
            return Err(format!(
                "Protocol error, got {:?} as reply type byte",
                char::from(other)
            ));
        }
    };
    Ok(Some((reply, after)))
}

fn parse_int(line: &[u8]) -> Option<i64> {
    std::str::from_utf8(line).ok()?.parse().ok()
}

/// hiredis accepts `inf`, `-inf` and finite numbers `strtod` reads completely.
fn check_double(line: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(line).map_err(|_| "Bad double value")?;
    let lower = text.to_ascii_lowercase();
    if lower == "inf" || lower == "-inf" {
        return Ok(());
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(()),
        _ => Err("Bad double value".into()),
    }
}

/// Encodes a command as a RESP multibulk request, the only form the CLI sends.
pub fn encode(args: &[Vec<u8>]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(bytes: &[u8]) -> Reply {
        let (reply, used) = parse(bytes).expect("valid").expect("complete");
        assert_eq!(used, bytes.len());
        reply
    }

    #[test]
    fn scalars() {
        assert_eq!(one(b"+OK\r\n"), Reply::Status(b"OK".to_vec()));
        assert_eq!(one(b"-ERR x\r\n"), Reply::Error(b"ERR x".to_vec()));
        assert_eq!(one(b":-5\r\n"), Reply::Integer(-5));
        assert_eq!(one(b"$3\r\na\r\n\r\n"), Reply::Bulk(b"a\r\n".to_vec()));
        assert_eq!(one(b"$-1\r\n"), Reply::Nil);
        assert_eq!(one(b"*-1\r\n"), Reply::Nil);
        assert_eq!(one(b"_\r\n"), Reply::Nil);
        assert_eq!(one(b",3.141\r\n"), Reply::Double(b"3.141".to_vec()));
        assert_eq!(one(b",inf\r\n"), Reply::Double(b"inf".to_vec()));
        assert_eq!(one(b"#t\r\n"), Reply::Bool(true));
        assert_eq!(
            one(b"(123456789012345678901234567890\r\n"),
            Reply::BigNumber(b"123456789012345678901234567890".to_vec())
        );
        assert_eq!(
            one(b"=9\r\ntxt:ab\ncd\r\n"),
            Reply::Verbatim {
                format: b"txt".to_vec(),
                text: b"ab\ncd".to_vec()
            }
        );
        assert_eq!(one(b"!5\r\nERR y\r\n"), Reply::Error(b"ERR y".to_vec()));
    }

    #[test]
    fn aggregates() {
        assert_eq!(
            one(b"*2\r\n$1\r\na\r\n*1\r\n:1\r\n"),
            Reply::Array(vec![
                Reply::Bulk(b"a".to_vec()),
                Reply::Array(vec![Reply::Integer(1)])
            ])
        );
        assert_eq!(
            one(b"%1\r\n+k\r\n#f\r\n"),
            Reply::Map(vec![(Reply::Status(b"k".to_vec()), Reply::Bool(false))])
        );
        assert_eq!(one(b"~0\r\n"), Reply::Set(vec![]));
        assert_eq!(
            one(b">1\r\n+x\r\n"),
            Reply::Push(vec![Reply::Status(b"x".to_vec())])
        );
    }

    #[test]
    fn attributes_are_skipped() {
        assert_eq!(one(b"|1\r\n+key\r\n+val\r\n:7\r\n"), Reply::Integer(7));
    }

    #[test]
    fn incomplete_and_invalid() {
        for partial in [
            &b""[..],
            b"+OK",
            b"+OK\r",
            b"$5\r\nabc",
            b"*2\r\n:1\r\n",
            b"%1\r\n+k\r\n",
        ] {
            assert_eq!(parse(partial), Ok(None), "{partial:?}");
        }
        assert!(parse(b"?x\r\n").is_err());
        assert!(parse(b":abc\r\n").is_err());
        assert!(parse(b",nan\r\n").is_err());
        assert!(parse(b"#x\r\n").is_err());
        assert!(parse(b"=2\r\nab\r\n").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        let mut wire = b"*1\r\n".repeat(5000);
        wire.extend_from_slice(b":1\r\n");
        assert!(parse(&wire).is_err());
        let mut ok = b"*1\r\n".repeat(50);
        ok.extend_from_slice(b":1\r\n");
        assert!(matches!(parse(&ok), Ok(Some(_))));
    }

    #[test]
    fn leaves_following_bytes() {
        assert_eq!(parse(b":1\r\n:2\r\n"), Ok(Some((Reply::Integer(1), 4))));
    }

    #[test]
    fn encodes_multibulk() {
        assert_eq!(
            encode(&[b"GET".to_vec(), b"a b".to_vec()]),
            b"*2\r\n$3\r\nGET\r\n$3\r\na b\r\n".to_vec()
        );
    }
}
