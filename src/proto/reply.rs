//! Encoding replies straight into a connection's output buffer, in RESP2 or RESP3.
//!
//! Handlers call these methods and never format protocol by hand, so the RESP2/RESP3 differences
//! (nulls, maps, doubles, booleans) live in one place.

/// A connection's output buffer plus the protocol version its replies use.
#[derive(Default)]
pub struct Reply {
    pub buf: Vec<u8>,
    pub resp3: bool,
}

impl Reply {
    pub fn ok(&mut self) {
        self.buf.extend_from_slice(b"+OK\r\n");
    }

    /// A status reply (`+text`). `text` must not contain CR or LF.
    pub fn simple(&mut self, text: &str) {
        self.buf.push(b'+');
        self.buf.extend_from_slice(text.as_bytes());
        self.buf.extend_from_slice(b"\r\n");
    }

    /// An error reply. `msg` carries its own code (`ERR ...`, `WRONGTYPE ...`); newlines are
    /// replaced by spaces as Redis does, so a message can never break the framing.
    pub fn error(&mut self, msg: &str) {
        self.buf.push(b'-');
        self.buf.extend(
            msg.bytes()
                .map(|b| if b == b'\r' || b == b'\n' { b' ' } else { b }),
        );
        self.buf.extend_from_slice(b"\r\n");
    }

    pub fn int(&mut self, n: i64) {
        self.header(b':', n);
    }

    pub fn bulk(&mut self, data: &[u8]) {
        self.header(b'$', data.len() as i64);
        self.buf.extend_from_slice(data);
        self.buf.extend_from_slice(b"\r\n");
    }

    /// The null bulk string (`$-1` in RESP2, `_` in RESP3).
    pub fn null(&mut self) {
        self.buf
            .extend_from_slice(if self.resp3 { b"_\r\n" } else { b"$-1\r\n" });
    }

    /// The null array (`*-1` in RESP2, `_` in RESP3).
    pub fn null_array(&mut self) {
        self.buf
            .extend_from_slice(if self.resp3 { b"_\r\n" } else { b"*-1\r\n" });
    }

    pub fn array(&mut self, len: usize) {
        self.header(b'*', len as i64);
    }

    /// A map of `len` pairs: `%` in RESP3, a flat array of 2*len in RESP2.
    pub fn map(&mut self, len: usize) {
        if self.resp3 {
            self.header(b'%', len as i64);
        } else {
            self.header(b'*', 2 * len as i64);
        }
    }

    /// A set: `~` in RESP3, an array in RESP2.
    pub fn set(&mut self, len: usize) {
        self.header(if self.resp3 { b'~' } else { b'*' }, len as i64);
    }

    /// A push message (pub/sub, invalidation): `>` in RESP3, an array in RESP2.
    pub fn push(&mut self, len: usize) {
        self.header(if self.resp3 { b'>' } else { b'*' }, len as i64);
    }

    /// A boolean: `#t`/`#f` in RESP3, `:1`/`:0` in RESP2.
    pub fn boolean(&mut self, b: bool) {
        if self.resp3 {
            self.buf
                .extend_from_slice(if b { b"#t\r\n" } else { b"#f\r\n" });
        } else {
            self.int(b as i64);
        }
    }

    /// A double: `,` in RESP3, a bulk string in RESP2, formatted as Redis's `%.17g`.
    pub fn double(&mut self, d: f64) {
        let mut buf = [0u8; crate::proto::num::DOUBLE_MAX];
        let text = crate::proto::num::fmt_double_into(d, &mut buf);
        if self.resp3 {
            self.buf.push(b',');
            self.buf.extend_from_slice(text);
            self.buf.extend_from_slice(b"\r\n");
        } else {
            self.bulk(text);
        }
    }

    /// A verbatim string (`=len\r\ntxt:...` in RESP3), a plain bulk string in RESP2.
    pub fn verbatim(&mut self, data: &[u8]) {
        if self.resp3 {
            self.header(b'=', data.len() as i64 + 4);
            self.buf.extend_from_slice(b"txt:");
            self.buf.extend_from_slice(data);
            self.buf.extend_from_slice(b"\r\n");
        } else {
            self.bulk(data);
        }
    }

    pub fn bulks<'a>(&mut self, items: impl ExactSizeIterator<Item = &'a [u8]>) {
        self.array(items.len());
        for item in items {
            self.bulk(item);
        }
    }

    fn header(&mut self, kind: u8, n: i64) {
        self.buf.push(kind);
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        self.buf.extend_from_slice(b"\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::Reply;

    #[test]
    fn resp2_and_resp3_shapes() {
        let mut r = Reply::default();
        r.null();
        r.map(1);
        r.boolean(true);
        r.double(1.5);
        assert_eq!(r.buf, b"$-1\r\n*2\r\n:1\r\n$3\r\n1.5\r\n");
        let mut r = Reply {
            resp3: true,
            ..Default::default()
        };
        r.null();
        r.map(1);
        r.boolean(true);
        r.double(1.5);
        assert_eq!(r.buf, b"_\r\n%1\r\n#t\r\n,1.5\r\n");
    }

    #[test]
    fn errors_cannot_break_framing() {
        let mut r = Reply::default();
        r.error("ERR a\r\nb");
        assert_eq!(r.buf, b"-ERR a  b\r\n");
    }
}
