//! Turning a reply into the exact bytes redis-cli 7.0 prints for it.
//!
//! Two styles, picked the way redis-cli picks them: `Tty` when stdout is a terminal (quoted
//! strings, `(integer)`, numbered nested arrays) and `Raw` otherwise (bare values one per line,
//! which is what shell scripts written for redis-cli parse). The functions mirror
//! `cliFormatReplyTTY`, `cliFormatReplyRaw` and `sdscatrepr` in redis-cli.c line by line, so
//! odd cases (empty aggregates, maps with multi-line values, NUL bytes) come out identical.

use crate::resp::Reply;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Tty,
    Raw,
}

/// The full output for one reply in `style`, including the final newline.
pub fn reply(r: &Reply, style: Style) -> Vec<u8> {
    match style {
        Style::Tty => tty(r, b""),
        Style::Raw => {
            let mut out = raw(r);
            out.push(b'\n');
            out
        }
    }
}

/// Quotes `s` the way `sdscatrepr` does (see `ferrokv::util::repr_into`).
pub fn repr(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 2);
    ferrokv::util::repr_into(&mut out, s);
    out
}

/// redis-cli prints status and error text with `%s`, so it stops at a NUL byte.
fn c_str(s: &[u8]) -> &[u8] {
    &s[..s.iter().position(|&b| b == 0).unwrap_or(s.len())]
}

/// Whether `tty` would use more than one line: a map value that does is moved to its own line.
fn is_multiline(r: &Reply) -> bool {
    match r {
        Reply::Array(items) | Reply::Set(items) | Reply::Push(items) => match items.as_slice() {
            [] => false,
            [only] => is_multiline(only),
            _ => true,
        },
        Reply::Map(pairs) => match pairs.as_slice() {
            [] => false,
            [(_, value)] => is_multiline(value),
            _ => true,
        },
        _ => false,
    }
}

/// `cliFormatReplyTTY`: `prefix` is the indentation of the enclosing aggregate's items.
fn tty(r: &Reply, prefix: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match r {
        Reply::Error(s) => {
            out.extend_from_slice(b"(error) ");
            out.extend_from_slice(c_str(s));
            out.push(b'\n');
        }
        Reply::Status(s) => {
            out.extend_from_slice(c_str(s));
            out.push(b'\n');
        }
        Reply::Integer(n) => out.extend_from_slice(format!("(integer) {n}\n").as_bytes()),
        Reply::Double(s) => {
            out.extend_from_slice(b"(double) ");
            out.extend_from_slice(s);
            out.push(b'\n');
        }
        // redis-cli 7.0 aborts with "Unknown reply type: 13" here; this is 7.2's rendering.
        Reply::BigNumber(s) => {
            out.extend_from_slice(b"(big number) ");
            out.extend_from_slice(s);
            out.push(b'\n');
        }
        Reply::Bulk(s) => {
            out.extend_from_slice(&repr(s));
            out.push(b'\n');
        }
        Reply::Verbatim { text, .. } => {
            out.extend_from_slice(text);
            out.push(b'\n');
        }
        Reply::Nil => out.extend_from_slice(b"(nil)\n"),
        Reply::Bool(b) => out.extend_from_slice(if *b { b"(true)\n" } else { b"(false)\n" }),
        Reply::Array(items) | Reply::Set(items) | Reply::Push(items) if items.is_empty() => {
            out.extend_from_slice(match r {
                Reply::Array(_) => b"(empty array)\n".as_slice(),
                Reply::Set(_) => b"(empty set)\n",
                _ => b"(empty push)\n",
            });
        }
        Reply::Map(pairs) if pairs.is_empty() => out.extend_from_slice(b"(empty hash)\n"),
        Reply::Array(items) | Reply::Set(items) | Reply::Push(items) => {
            let sep = if matches!(r, Reply::Set(_)) { '~' } else { ')' };
            let (width, child_prefix) = index_layout(items.len(), prefix);
            for (i, item) in items.iter().enumerate() {
                push_index(&mut out, i, width, sep, prefix);
                out.extend_from_slice(&tty(item, &child_prefix));
            }
        }
        Reply::Map(pairs) => {
            let (width, child_prefix) = index_layout(pairs.len(), prefix);
            for (i, (key, value)) in pairs.iter().enumerate() {
                push_index(&mut out, i, width, '#', prefix);
                out.extend_from_slice(&tty(key, &child_prefix));
                out.pop(); // the key's newline: the value goes on the same line
                out.extend_from_slice(b" => ");
                if is_multiline(value) {
                    out.push(b'\n');
                    out.extend_from_slice(&child_prefix);
                }
                out.extend_from_slice(&tty(value, &child_prefix));
            }
        }
    }
    out
}

/// Digits needed for the largest index, and the indentation for nested items (that width + 2).
fn index_layout(count: usize, prefix: &[u8]) -> (usize, Vec<u8>) {
    let width = count.to_string().len();
    let mut child = prefix.to_vec();
    child.extend(std::iter::repeat_n(b' ', width + 2));
    (width, child)
}

/// `1) `, right-aligned to `width`; the first item follows its parent's own index on that line.
fn push_index(out: &mut Vec<u8>, i: usize, width: usize, sep: char, prefix: &[u8]) {
    if i > 0 {
        out.extend_from_slice(prefix);
    }
    out.extend_from_slice(format!("{:>width$}{sep} ", i + 1).as_bytes());
}

/// `cliFormatReplyRaw`: values bare, aggregate items joined by newlines, nil as nothing.
fn raw(r: &Reply) -> Vec<u8> {
    let mut out = Vec::new();
    match r {
        Reply::Nil => {}
        Reply::Error(s) => {
            out.extend_from_slice(s);
            out.push(b'\n');
        }
        Reply::Status(s) | Reply::Bulk(s) | Reply::Double(s) | Reply::BigNumber(s) => {
            out.extend_from_slice(s)
        }
        Reply::Verbatim { text, .. } => out.extend_from_slice(text),
        Reply::Bool(b) => out.extend_from_slice(if *b { b"(true)" } else { b"(false)" }),
        Reply::Integer(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Reply::Array(items) | Reply::Set(items) | Reply::Push(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b'\n');
                }
                out.extend_from_slice(&raw(item));
            }
        }
        Reply::Map(pairs) => {
            for (i, (key, value)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push(b'\n');
                }
                out.extend_from_slice(&raw(key));
                out.push(b' ');
                out.extend_from_slice(&raw(value));
            }
        }
    }
    out
}

/// A reply printed as-is with no added newline: what redis-cli does for commands whose reply is a
/// human-readable report (INFO, CLIENT LIST, ...), in either style.
pub fn verbatim(r: &Reply) -> Vec<u8> {
    raw(r)
}

/// Commands whose reply redis-cli always prints verbatim (`output_raw` in `cliSendCommand`).
pub fn prints_verbatim(args: &[Vec<u8>]) -> bool {
    let lower: Vec<String> = args
        .iter()
        .take(3)
        .map(|a| String::from_utf8_lossy(a).to_ascii_lowercase())
        .collect();
    let argc = args.len();
    let sub = lower.get(1).map(String::as_str).unwrap_or("");
    match lower.first().map(String::as_str).unwrap_or("") {
        "info" | "lolwut" => true,
        "debug" => matches!(sub, "htstats" | "htstats-key" | "client-eviction"),
        "memory" => matches!(sub, "malloc-stats" | "doctor"),
        "cluster" => argc == 2 && matches!(sub, "nodes" | "info"),
        "client" => matches!(sub, "list" | "info"),
        "latency" => (argc == 3 && sub == "graph") || (argc == 2 && sub == "doctor"),
        "proxy" => sub == "info",
        _ => false,
    }
}

/// redis-cli's one-line rendering of a RESP3 client-tracking invalidation on a terminal.
pub fn invalidation(r: &Reply) -> Option<Vec<u8>> {
    let Reply::Push(items) = r else { return None };
    let [Reply::Bulk(kind), Reply::Array(keys)] = items.as_slice() else {
        return None;
    };
    if !kind.starts_with(b"invalidate") {
        return None;
    }
    let mut out = b"-> invalidate: ".to_vec();
    for (i, key) in keys.iter().enumerate() {
        let Reply::Bulk(key) = key else { return None };
        out.push(b'\'');
        out.extend_from_slice(key);
        out.push(b'\'');
        if i + 1 < keys.len() {
            out.extend_from_slice(b", ");
        }
    }
    out.push(b'\n');
    Some(out)
}

#[cfg(test)]
mod tests {
    //! Expected strings were captured from redis-cli 7.0.15 talking to redis-server 7.0.15
    //! (`script` for the terminal style, a pipe for the raw style).
    use super::*;
    use crate::resp::parse;

    fn from_wire(wire: &[u8]) -> Reply {
        parse(wire).expect("valid").expect("complete").0
    }

    fn tty_of(wire: &[u8]) -> String {
        String::from_utf8_lossy(&reply(&from_wire(wire), Style::Tty)).into_owned()
    }

    fn raw_of(wire: &[u8]) -> String {
        String::from_utf8_lossy(&reply(&from_wire(wire), Style::Raw)).into_owned()
    }

    fn bulk(s: &str) -> Reply {
        Reply::Bulk(s.as_bytes().to_vec())
    }

    #[test]
    fn scalars_on_a_terminal() {
        assert_eq!(tty_of(b"+OK\r\n"), "OK\n");
        assert_eq!(tty_of(b"$5\r\nAlice\r\n"), "\"Alice\"\n");
        assert_eq!(tty_of(b"$-1\r\n"), "(nil)\n");
        assert_eq!(tty_of(b":5\r\n"), "(integer) 5\n");
        assert_eq!(
            tty_of(b"-ERR unknown command 'foo', with args beginning with: \r\n"),
            "(error) ERR unknown command 'foo', with args beginning with: \n"
        );
        assert_eq!(tty_of(b"*0\r\n"), "(empty array)\n");
        assert_eq!(tty_of(b"$0\r\n\r\n"), "\"\"\n");
    }

    #[test]
    fn binary_quoting_matches_sdscatrepr() {
        // redis-cli: SET k "\x00\xff\"\\\n\r\t\a\b~\x7f\x1b é" then GET k
        let value = b"\x00\xff\"\\\n\r\t\x07\x08~\x7f\x1b \xc3\xa9";
        assert_eq!(
            String::from_utf8_lossy(&repr(value)),
            r#""\x00\xff\"\\\n\r\t\a\b~\x7f\x1b \xc3\xa9""#
        );
        assert_eq!(tty_of(b"$2\r\n\x00\xff\r\n"), "\"\\x00\\xff\"\n");
    }

    #[test]
    fn nested_arrays_on_a_terminal() {
        // EVAL "return {1,{2,{'a','b'}},'x',{}}" 0
        let r = Reply::Array(vec![
            Reply::Integer(1),
            Reply::Array(vec![
                Reply::Integer(2),
                Reply::Array(vec![bulk("a"), bulk("b")]),
            ]),
            bulk("x"),
            Reply::Array(vec![]),
        ]);
        assert_eq!(
            String::from_utf8_lossy(&reply(&r, Style::Tty)),
            "1) (integer) 1\n2) 1) (integer) 2\n   2) 1) \"a\"\n      2) \"b\"\n3) \"x\"\n4) (empty array)\n"
        );
    }

    #[test]
    fn index_width_grows_with_count() {
        // RPUSH l 1 .. 10; LRANGE l 0 -1: indexes are right-aligned, nested items indented by 4.
        let r = Reply::Array((1..=10).map(|i| bulk(&i.to_string())).collect());
        let out = String::from_utf8_lossy(&reply(&r, Style::Tty)).into_owned();
        assert!(out.starts_with(" 1) \"1\"\n 2) \"2\"\n"), "{out}");
        assert!(out.ends_with(" 9) \"9\"\n10) \"10\"\n"), "{out}");
        let nested = Reply::Array(
            (1..=10)
                .map(|_| Reply::Array(vec![bulk("a"), bulk("b")]))
                .collect(),
        );
        let out = String::from_utf8_lossy(&reply(&nested, Style::Tty)).into_owned();
        assert!(
            out.starts_with(" 1) 1) \"a\"\n    2) \"b\"\n 2) 1) \"a\"\n"),
            "{out}"
        );
    }

    #[test]
    fn resp3_on_a_terminal() {
        // DEBUG PROTOCOL <type> after HELLO 3
        assert_eq!(tty_of(b",3.141\r\n"), "(double) 3.141\n");
        assert_eq!(tty_of(b"_\r\n"), "(nil)\n");
        assert_eq!(tty_of(b"#t\r\n"), "(true)\n");
        assert_eq!(tty_of(b"#f\r\n"), "(false)\n");
        assert_eq!(
            tty_of(b"~3\r\n:0\r\n:1\r\n:2\r\n"),
            "1~ (integer) 0\n2~ (integer) 1\n3~ (integer) 2\n"
        );
        assert_eq!(
            tty_of(b"%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n"),
            "1# (integer) 0 => (false)\n2# (integer) 1 => (true)\n3# (integer) 2 => (false)\n"
        );
        assert_eq!(
            tty_of(b"=29\r\ntxt:This is a verbatim\nstring\r\n"),
            "This is a verbatim\nstring\n"
        );
        assert_eq!(
            tty_of(b">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n"),
            "1) \"server-cpu-usage\"\n2) (integer) 42\n"
        );
        assert_eq!(tty_of(b"%0\r\n"), "(empty hash)\n");
        assert_eq!(tty_of(b"~0\r\n"), "(empty set)\n");
    }

    #[test]
    fn map_with_multiline_values() {
        // HELLO 3 prints "... 7# "modules" => (empty array)"; a map value with several lines
        // starts on its own line, indented.
        let r = Reply::Map(vec![
            (bulk("server"), bulk("redis")),
            (bulk("proto"), Reply::Integer(3)),
            (bulk("modules"), Reply::Array(vec![])),
            (bulk("list"), Reply::Array(vec![bulk("a"), bulk("b")])),
        ]);
        assert_eq!(
            String::from_utf8_lossy(&reply(&r, Style::Tty)),
            "1# \"server\" => \"redis\"\n2# \"proto\" => (integer) 3\n3# \"modules\" => (empty array)\n\
             4# \"list\" => \n   1) \"a\"\n   2) \"b\"\n"
        );
    }

    #[test]
    fn raw_style() {
        assert_eq!(raw_of(b"+OK\r\n"), "OK\n");
        assert_eq!(raw_of(b"$1\r\nb\r\n"), "b\n");
        assert_eq!(raw_of(b"$-1\r\n"), "\n");
        assert_eq!(raw_of(b":2\r\n"), "2\n");
        assert_eq!(raw_of(b"*2\r\n$1\r\ny\r\n$1\r\nx\r\n"), "y\nx\n");
        assert_eq!(raw_of(b"*0\r\n"), "\n");
        // Errors get their own newline and then the command delimiter: a blank line follows.
        assert_eq!(
            raw_of(b"-ERR unknown command 'foo'\r\n"),
            "ERR unknown command 'foo'\n\n"
        );
        assert_eq!(
            raw_of(b"$2\r\n\x00\xff\r\n").as_bytes(),
            "\u{0}\u{fffd}\n".as_bytes()
        );
        assert_eq!(
            reply(&from_wire(b"$2\r\n\x00\xff\r\n"), Style::Raw),
            b"\x00\xff\n"
        );
        assert_eq!(raw_of(b",3.141\r\n"), "3.141\n");
        assert_eq!(raw_of(b"~3\r\n:0\r\n:1\r\n:2\r\n"), "0\n1\n2\n");
        assert_eq!(
            raw_of(b"%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n"),
            "0 (false)\n1 (true)\n2 (false)\n"
        );
        assert_eq!(raw_of(b"#t\r\n"), "(true)\n");
        assert_eq!(
            raw_of(b"=29\r\ntxt:This is a verbatim\nstring\r\n"),
            "This is a verbatim\nstring\n"
        );
    }

    #[test]
    fn verbatim_commands() {
        let args = |s: &str| {
            s.split(' ')
                .map(|a| a.as_bytes().to_vec())
                .collect::<Vec<_>>()
        };
        assert!(prints_verbatim(&args("INFO")));
        assert!(prints_verbatim(&args("client list")));
        assert!(!prints_verbatim(&args("cluster nodes x")));
        assert!(!prints_verbatim(&args("GET info")));
        assert_eq!(
            verbatim(&bulk("# Server\r\nx:1\r\n")),
            b"# Server\r\nx:1\r\n"
        );
    }

    #[test]
    fn invalidation_push() {
        let r = Reply::Push(vec![
            bulk("invalidate"),
            Reply::Array(vec![bulk("a"), bulk("b")]),
        ]);
        assert_eq!(
            invalidation(&r),
            Some(b"-> invalidate: 'a', 'b'\n".to_vec())
        );
        assert_eq!(invalidation(&Reply::Push(vec![bulk("message")])), None);
    }
}
