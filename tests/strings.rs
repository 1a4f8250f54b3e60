//! String commands against the exact bytes Redis 7.0.15 replies (every expected reply below was
//! produced by a real redis-server 7.0.15 given the same commands).

mod common;

use common::{Server, expect_all, int_of};

#[test]
fn set_plain_nx_xx() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "k", "v"], "+OK\r\n"),
            (&["GET", "k"], "$1\r\nv\r\n"),
            (&["SET", "k", "v2"], "+OK\r\n"),
            (&["GET", "k"], "$2\r\nv2\r\n"),
            (&["SET", "k", "v", "NX"], "$-1\r\n"),
            (&["GET", "k"], "$2\r\nv2\r\n"),
            (&["SET", "k", "v3", "XX"], "+OK\r\n"),
            (&["GET", "k"], "$2\r\nv3\r\n"),
            (&["SET", "k2", "v", "XX"], "$-1\r\n"),
            (&["EXISTS", "k2"], ":0\r\n"),
            (&["SET", "k2", "v", "NX"], "+OK\r\n"),
            (&["GET", "k2"], "$1\r\nv\r\n"),
            (&["SET", "k", "v", "nx"], "$-1\r\n"),
            (&["SET", "k", "v4", "xx"], "+OK\r\n"),
            (&["GET", "k"], "$2\r\nv4\r\n"),
            (&["SET", "", "empty"], "+OK\r\n"),
            (&["GET", ""], "$5\r\nempty\r\n"),
        ],
    );
}

#[test]
fn set_expiry_options() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert_eq!(c.cmd_str(&["SET", "k", "v", "EX", "100"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["TTL", "k"]), ":100\r\n");
    assert!((99_000..=100_000).contains(&int_of(&c.cmd(&["PTTL", "k"]))));
    assert_eq!(c.cmd_str(&["SET", "k", "v", "PX", "200000"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["TTL", "k"]), ":200\r\n");
    let exat = (now_ms / 1000 + 300).to_string();
    assert_eq!(c.cmd_str(&["SET", "k", "v", "EXAT", &exat]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["EXPIRETIME", "k"]), format!(":{exat}\r\n"));
    let pxat = (now_ms + 400_000).to_string();
    assert_eq!(c.cmd_str(&["SET", "k", "v", "PXAT", &pxat]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "k"]), format!(":{pxat}\r\n"));
    // KEEPTTL keeps it; a plain SET clears it.
    assert_eq!(c.cmd_str(&["SET", "k", "v2", "KEEPTTL"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "k"]), format!(":{pxat}\r\n"));
    assert_eq!(
        c.cmd_str(&["SET", "k", "v3", "XX", "GET", "KEEPTTL"]),
        "$2\r\nv2\r\n"
    );
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "k"]), format!(":{pxat}\r\n"));
    assert_eq!(c.cmd_str(&["SET", "k", "v4"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["TTL", "k"]), ":-1\r\n");
    // The same option twice: the last one wins (Redis does not reject it).
    assert_eq!(
        c.cmd_str(&["SET", "k", "v", "EX", "10", "EX", "20"]),
        "+OK\r\n"
    );
    assert_eq!(c.cmd_str(&["TTL", "k"]), ":20\r\n");
    // Options are case-insensitive; a failed NX does not touch the TTL.
    assert_eq!(c.cmd_str(&["set", "k", "v", "nx", "px", "1000"]), "$-1\r\n");
    assert_eq!(c.cmd_str(&["TTL", "k"]), ":20\r\n");
    // SETEX / PSETEX.
    assert_eq!(c.cmd_str(&["SETEX", "sk", "100", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["TTL", "sk"]), ":100\r\n");
    assert_eq!(c.cmd_str(&["GET", "sk"]), "$1\r\nv\r\n");
    assert_eq!(c.cmd_str(&["PSETEX", "pk", "100000", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["TTL", "pk"]), ":100\r\n");
    // A past EXAT is accepted by SET and the key is gone at once.
    assert_eq!(c.cmd_str(&["SET", "old", "v", "EXAT", "1"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["EXISTS", "old"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["SET", "old", "v", "PXAT", "1"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["GET", "old"]), "$-1\r\n");
}

#[test]
fn set_get_option_and_getset() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "k", "v1", "GET"], "$-1\r\n"),
            (&["SET", "k", "v2", "GET"], "$2\r\nv1\r\n"),
            (&["GET", "k"], "$2\r\nv2\r\n"),
            (&["SET", "k", "v3", "NX", "GET"], "$2\r\nv2\r\n"),
            (&["GET", "k"], "$2\r\nv2\r\n"),
            (&["SET", "k", "v4", "XX", "GET"], "$2\r\nv2\r\n"),
            (&["GET", "k"], "$2\r\nv4\r\n"),
            (&["SET", "missing", "v", "XX", "GET"], "$-1\r\n"),
            (&["EXISTS", "missing"], ":0\r\n"),
            (&["SET", "missing", "v", "NX", "GET"], "$-1\r\n"),
            (&["GET", "missing"], "$1\r\nv\r\n"),
            (&["SET", "k", "v5", "get", "ex", "100"], "$2\r\nv4\r\n"),
            (&["GETSET", "k", "v6"], "$2\r\nv5\r\n"),
            (&["GETSET", "nokey", "v"], "$-1\r\n"),
            (&["GET", "nokey"], "$1\r\nv\r\n"),
        ],
    );
    assert_eq!(c.cmd_str(&["TTL", "k"]), ":-1\r\n", "GETSET clears the TTL");
}

#[test]
fn set_invalid_option_combinations() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "k", "v", "NX", "XX"], "-ERR syntax error\r\n"),
            (&["SET", "k", "v", "XX", "NX"], "-ERR syntax error\r\n"),
            (
                &["SET", "k", "v", "EX", "10", "PX", "100"],
                "-ERR syntax error\r\n",
            ),
            (
                &["SET", "k", "v", "PX", "100", "EX", "10"],
                "-ERR syntax error\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "10", "EXAT", "100"],
                "-ERR syntax error\r\n",
            ),
            (
                &["SET", "k", "v", "PX", "10", "PXAT", "100"],
                "-ERR syntax error\r\n",
            ),
            (
                &["SET", "k", "v", "EXAT", "100", "PXAT", "100"],
                "-ERR syntax error\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "10", "KEEPTTL"],
                "-ERR syntax error\r\n",
            ),
            (
                &["SET", "k", "v", "KEEPTTL", "EX", "10"],
                "-ERR syntax error\r\n",
            ),
            (
                &["SET", "k", "v", "KEEPTTL", "PXAT", "100"],
                "-ERR syntax error\r\n",
            ),
            (&["SET", "k", "v", "EX"], "-ERR syntax error\r\n"),
            (&["SET", "k", "v", "PX"], "-ERR syntax error\r\n"),
            (&["SET", "k", "v", "EXAT"], "-ERR syntax error\r\n"),
            (&["SET", "k", "v", "PXAT"], "-ERR syntax error\r\n"),
            (&["SET", "k", "v", "FOO"], "-ERR syntax error\r\n"),
            (&["SET", "k", "v", "PERSIST"], "-ERR syntax error\r\n"),
            (
                &["SET", "k", "v", "NX", "NX", "XX"],
                "-ERR syntax error\r\n",
            ),
            (
                &["SET", "k", "v", "GET", "GET", "EXX", "1"],
                "-ERR syntax error\r\n",
            ),
            (&["SET", "k", "v", "EXX", "1"], "-ERR syntax error\r\n"),
            (&["SET", "k", "v", "10"], "-ERR syntax error\r\n"),
            (&["EXISTS", "k"], ":0\r\n"),
        ],
    );
}

#[test]
fn set_invalid_expire_times() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (
                &["SET", "k", "v", "EX", "0"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "-1"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "PX", "0"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "PX", "-5"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "EXAT", "0"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "EXAT", "-1"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "PXAT", "0"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "PXAT", "-1"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "9223372036854775807"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "9223372036854776"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "9223372036854775"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "PX", "9223372036854775807"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "1.5"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SET", "k", "v", "EX", " 1"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "01"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "99999999999999999999"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SET", "k", "v", "PX", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SET", "k", "v", "EX", "0", "NX"],
                "-ERR invalid expire time in 'set' command\r\n",
            ),
            (
                &["SET", "k", "v", "NX", "EX", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SETEX", "k", "0", "v"],
                "-ERR invalid expire time in 'setex' command\r\n",
            ),
            (
                &["SETEX", "k", "-1", "v"],
                "-ERR invalid expire time in 'setex' command\r\n",
            ),
            (
                &["SETEX", "k", "abc", "v"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SETEX", "k", "1.5", "v"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SETEX", "k", "9223372036854775807", "v"],
                "-ERR invalid expire time in 'setex' command\r\n",
            ),
            (
                &["PSETEX", "k", "0", "v"],
                "-ERR invalid expire time in 'psetex' command\r\n",
            ),
            (
                &["PSETEX", "k", "-1", "v"],
                "-ERR invalid expire time in 'psetex' command\r\n",
            ),
            (
                &["PSETEX", "k", "abc", "v"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["PSETEX", "k", "9223372036854775807", "v"],
                "-ERR invalid expire time in 'psetex' command\r\n",
            ),
            (&["EXISTS", "k"], ":0\r\n"),
        ],
    );
}

#[test]
fn getdel() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "k", "v"], "+OK\r\n"),
            (&["GETDEL", "k"], "$1\r\nv\r\n"),
            (&["GETDEL", "k"], "$-1\r\n"),
            (&["EXISTS", "k"], ":0\r\n"),
            (&["GETDEL", "nosuch"], "$-1\r\n"),
        ],
    );
}

#[test]
fn getex_sets_and_clears_ttl() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert_eq!(c.cmd_str(&["SET", "k", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["GETEX", "k", "EX", "100"]), "$1\r\nv\r\n");
    assert_eq!(c.cmd_str(&["TTL", "k"]), ":100\r\n");
    assert_eq!(c.cmd_str(&["GETEX", "k", "PX", "200000"]), "$1\r\nv\r\n");
    assert_eq!(c.cmd_str(&["TTL", "k"]), ":200\r\n");
    let exat = (now_ms / 1000 + 300).to_string();
    assert_eq!(c.cmd_str(&["GETEX", "k", "EXAT", &exat]), "$1\r\nv\r\n");
    assert_eq!(c.cmd_str(&["EXPIRETIME", "k"]), format!(":{exat}\r\n"));
    let pxat = (now_ms + 400_000).to_string();
    assert_eq!(c.cmd_str(&["getex", "k", "pxat", &pxat]), "$1\r\nv\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "k"]), format!(":{pxat}\r\n"));
    // Without options GETEX is a GET and leaves the TTL alone.
    assert_eq!(c.cmd_str(&["GETEX", "k"]), "$1\r\nv\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "k"]), format!(":{pxat}\r\n"));
    assert_eq!(c.cmd_str(&["GETEX", "k", "PERSIST"]), "$1\r\nv\r\n");
    assert_eq!(c.cmd_str(&["TTL", "k"]), ":-1\r\n");
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "k", "v"], "+OK\r\n"),
            (&["GETEX", "k", "EXAT", "1"], "$1\r\nv\r\n"),
            (&["EXISTS", "k"], ":0\r\n"),
            (&["SET", "k", "v"], "+OK\r\n"),
            (&["GETEX", "k", "PXAT", "1"], "$1\r\nv\r\n"),
            (&["EXISTS", "k"], ":0\r\n"),
            (&["SET", "k", "v", "EX", "100"], "+OK\r\n"),
            (&["GETEX", "k", "PERSIST"], "$1\r\nv\r\n"),
            (&["TTL", "k"], ":-1\r\n"),
            (&["GETEX", "k", "PERSIST"], "$1\r\nv\r\n"),
            (&["TTL", "k"], ":-1\r\n"),
        ],
    );
}

#[test]
fn getex_errors() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "k", "v"], "+OK\r\n"),
            (&["GETEX", "k"], "$1\r\nv\r\n"),
            (
                &["GETEX", "k", "PERSIST", "EX", "10"],
                "-ERR syntax error\r\n",
            ),
            (
                &["GETEX", "k", "EX", "10", "PERSIST"],
                "-ERR syntax error\r\n",
            ),
            (
                &["GETEX", "k", "EX", "10", "PX", "10"],
                "-ERR syntax error\r\n",
            ),
            (
                &["GETEX", "k", "EXAT", "10", "PXAT", "10"],
                "-ERR syntax error\r\n",
            ),
            (&["GETEX", "k", "KEEPTTL"], "-ERR syntax error\r\n"),
            (&["GETEX", "k", "NX"], "-ERR syntax error\r\n"),
            (&["GETEX", "k", "XX"], "-ERR syntax error\r\n"),
            (&["GETEX", "k", "GET"], "-ERR syntax error\r\n"),
            (&["GETEX", "k", "EX"], "-ERR syntax error\r\n"),
            (&["GETEX", "k", "PXAT"], "-ERR syntax error\r\n"),
            (
                &["GETEX", "k", "EX", "0"],
                "-ERR invalid expire time in 'getex' command\r\n",
            ),
            (
                &["GETEX", "k", "EX", "-1"],
                "-ERR invalid expire time in 'getex' command\r\n",
            ),
            (
                &["GETEX", "k", "PX", "0"],
                "-ERR invalid expire time in 'getex' command\r\n",
            ),
            (
                &["GETEX", "k", "EXAT", "0"],
                "-ERR invalid expire time in 'getex' command\r\n",
            ),
            (
                &["GETEX", "k", "EX", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["GETEX", "k", "EX", "9223372036854775"],
                "-ERR invalid expire time in 'getex' command\r\n",
            ),
            (
                &["GETEX", "k", "PX", "9223372036854775807"],
                "-ERR invalid expire time in 'getex' command\r\n",
            ),
            (&["GETEX", "k", "FOO"], "-ERR syntax error\r\n"),
            (&["GETEX", "nosuch", "EX", "10"], "$-1\r\n"),
            (&["GETEX", "nosuch", "EX", "abc"], "$-1\r\n"),
            (&["GETEX", "nosuch", "EX", "0"], "$-1\r\n"),
            (&["GETEX", "nosuch", "FOO"], "-ERR syntax error\r\n"),
            (&["TTL", "k"], ":-1\r\n"),
        ],
    );
}

#[test]
fn mget_mset_msetnx() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["MGET", "a"], "*1\r\n$-1\r\n"),
            (&["SET", "a", "1"], "+OK\r\n"),
            (&["SET", "b", "2"], "+OK\r\n"),
            (
                &["MGET", "a", "b", "nosuch", "a"],
                "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n$1\r\n1\r\n",
            ),
            (
                &["MSET", "a"],
                "-ERR wrong number of arguments for 'mset' command\r\n",
            ),
            (
                &["MSET", "a", "1", "b"],
                "-ERR wrong number of arguments for 'mset' command\r\n",
            ),
            (&["MSET", "a", "10", "b", "20", "c", "30"], "+OK\r\n"),
            (
                &["MGET", "a", "b", "c"],
                "*3\r\n$2\r\n10\r\n$2\r\n20\r\n$2\r\n30\r\n",
            ),
            (&["MSET", "a", "11", "a", "12"], "+OK\r\n"),
            (&["GET", "a"], "$2\r\n12\r\n"),
            (
                &["MSETNX", "a", "1", "b"],
                "-ERR wrong number of arguments for 'msetnx' command\r\n",
            ),
            (&["MSETNX", "a", "1"], ":0\r\n"),
            (&["MSETNX", "a", "1", "d", "4"], ":0\r\n"),
            (&["EXISTS", "d"], ":0\r\n"),
            (&["MSETNX", "d", "4", "e", "5"], ":1\r\n"),
            (&["MGET", "d", "e"], "*2\r\n$1\r\n4\r\n$1\r\n5\r\n"),
            (&["MSETNX", "f", "1", "f", "2"], ":1\r\n"),
            (&["GET", "f"], "$1\r\n2\r\n"),
            (&["SET", "t", "v", "EX", "100"], "+OK\r\n"),
            (&["MSET", "t", "w"], "+OK\r\n"),
            (&["TTL", "t"], ":-1\r\n"),
        ],
    );
}

#[test]
fn setnx() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SETNX", "k", "v"], ":1\r\n"),
            (&["SETNX", "k", "w"], ":0\r\n"),
            (&["GET", "k"], "$1\r\nv\r\n"),
        ],
    );
}

#[test]
fn append_and_strlen() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["APPEND", "ap", "hello"], ":5\r\n"),
            (&["APPEND", "ap", " world"], ":11\r\n"),
            (&["GET", "ap"], "$11\r\nhello world\r\n"),
            (&["STRLEN", "ap"], ":11\r\n"),
            (&["APPEND", "ap", ""], ":11\r\n"),
            (&["STRLEN", "nosuch"], ":0\r\n"),
            (&["APPEND", "empty", ""], ":0\r\n"),
            (&["EXISTS", "empty"], ":1\r\n"),
            (&["STRLEN", "empty"], ":0\r\n"),
            (&["SET", "n", "123"], "+OK\r\n"),
            (&["APPEND", "n", "4"], ":4\r\n"),
            (&["GET", "n"], "$4\r\n1234\r\n"),
            (&["SET", "t", "v", "EX", "100"], "+OK\r\n"),
            (&["APPEND", "t", "x"], ":2\r\n"),
            (&["TTL", "t"], ":100\r\n"),
        ],
    );
}

#[test]
fn getrange_and_substr() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "r", "Hello World"], "+OK\r\n"),
            (&["GETRANGE", "r", "0", "4"], "$5\r\nHello\r\n"),
            (&["GETRANGE", "r", "-5", "-1"], "$5\r\nWorld\r\n"),
            (&["GETRANGE", "r", "-1", "-5"], "$0\r\n\r\n"),
            (&["GETRANGE", "r", "5", "3"], "$0\r\n\r\n"),
            (&["GETRANGE", "r", "0", "-1"], "$11\r\nHello World\r\n"),
            (&["GETRANGE", "r", "0", "100"], "$11\r\nHello World\r\n"),
            (&["GETRANGE", "r", "-100", "-1"], "$11\r\nHello World\r\n"),
            (&["GETRANGE", "r", "-100", "-90"], "$1\r\nH\r\n"),
            (&["GETRANGE", "r", "-100", "2"], "$3\r\nHel\r\n"),
            (&["GETRANGE", "r", "100", "200"], "$0\r\n\r\n"),
            (&["GETRANGE", "r", "10", "100"], "$1\r\nd\r\n"),
            (&["GETRANGE", "r", "-3", "-2"], "$2\r\nrl\r\n"),
            (&["GETRANGE", "r", "0", "0"], "$1\r\nH\r\n"),
            (&["GETRANGE", "r", "10", "10"], "$1\r\nd\r\n"),
            (&["GETRANGE", "r", "11", "11"], "$0\r\n\r\n"),
            (&["GETRANGE", "r", "-1", "-1"], "$1\r\nd\r\n"),
            (&["GETRANGE", "r", "3", "-100"], "$0\r\n\r\n"),
            (
                &[
                    "GETRANGE",
                    "r",
                    "9223372036854775807",
                    "-9223372036854775808",
                ],
                "$0\r\n\r\n",
            ),
            (
                &[
                    "GETRANGE",
                    "r",
                    "-9223372036854775808",
                    "9223372036854775807",
                ],
                "$11\r\nHello World\r\n",
            ),
            (
                &["GETRANGE", "r", "a", "1"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["GETRANGE", "r", "1", "b"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["GETRANGE", "r", "1.5", "2"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["GETRANGE", "nosuch", "0", "-1"], "$0\r\n\r\n"),
            (&["GETRANGE", "nosuch", "5", "1"], "$0\r\n\r\n"),
            (
                &["GETRANGE", "nosuch", "a", "b"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SUBSTR", "r", "0", "4"], "$5\r\nHello\r\n"),
            (&["SUBSTR", "r", "-3", "-1"], "$3\r\nrld\r\n"),
            (&["SUBSTR", "r", "6", "100"], "$5\r\nWorld\r\n"),
            (&["SUBSTR", "nosuch", "0", "1"], "$0\r\n\r\n"),
            (
                &["SUBSTR", "r", "x", "1"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SET", "e", ""], "+OK\r\n"),
            (&["GETRANGE", "e", "0", "-1"], "$0\r\n\r\n"),
            (&["GETRANGE", "e", "0", "0"], "$0\r\n\r\n"),
            (&["GETRANGE", "e", "-1", "-1"], "$0\r\n\r\n"),
            (&["SET", "n", "12345"], "+OK\r\n"),
            (&["GETRANGE", "n", "1", "-2"], "$3\r\n234\r\n"),
        ],
    );
}

#[test]
fn setrange() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SETRANGE", "sr", "0", "abc"], ":3\r\n"),
            (&["SETRANGE", "sr", "5", "xy"], ":7\r\n"),
            (&["GET", "sr"], "$7\r\nabc\u{0}\u{0}xy\r\n"),
            (&["STRLEN", "sr"], ":7\r\n"),
            (&["SETRANGE", "sr", "1", "Z"], ":7\r\n"),
            (&["GET", "sr"], "$7\r\naZc\u{0}\u{0}xy\r\n"),
            (&["SETRANGE", "sr", "6", "Q"], ":7\r\n"),
            (&["GET", "sr"], "$7\r\naZc\u{0}\u{0}xQ\r\n"),
            (&["SETRANGE", "sr", "0", ""], ":7\r\n"),
            (&["SETRANGE", "sr", "100", ""], ":7\r\n"),
            (&["STRLEN", "sr"], ":7\r\n"),
            (&["SETRANGE", "nosr", "0", ""], ":0\r\n"),
            (&["SETRANGE", "nosr", "10", ""], ":0\r\n"),
            (&["EXISTS", "nosr"], ":0\r\n"),
            (&["SETRANGE", "new", "3", "x"], ":4\r\n"),
            (&["GET", "new"], "$4\r\n\u{0}\u{0}\u{0}x\r\n"),
            (
                &["SETRANGE", "sr", "-1", "x"],
                "-ERR offset is out of range\r\n",
            ),
            (
                &["SETRANGE", "sr", "-1", ""],
                "-ERR offset is out of range\r\n",
            ),
            (
                &["SETRANGE", "nosr", "-1", "x"],
                "-ERR offset is out of range\r\n",
            ),
            (
                &["SETRANGE", "sr", "abc", "x"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SETRANGE", "sr", "1.5", "x"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SETRANGE", "sr", "99999999999999999999", "x"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SETRANGE", "sr", "536870911", ""], ":7\r\n"),
            (
                &["SETRANGE", "sr", "536870912", "x"],
                "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
            ),
            (
                &["SETRANGE", "sr", "536870911", "xy"],
                "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
            ),
            (
                &["SETRANGE", "nosr", "536870912", "x"],
                "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
            ),
            (
                &["SETRANGE", "sr", "9223372036854775807", "x"],
                "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
            ),
            (
                &["SETRANGE", "sr", "-9223372036854775808", "x"],
                "-ERR offset is out of range\r\n",
            ),
            (&["EXISTS", "nosr"], ":0\r\n"),
            (&["SET", "t", "v", "EX", "100"], "+OK\r\n"),
            (&["SETRANGE", "t", "0", "w"], ":1\r\n"),
            (&["TTL", "t"], ":100\r\n"),
        ],
    );
    // Zero padding is real NUL bytes.
    assert_eq!(c.cmd(&["SETRANGE", "pad", "3", "ab"]), b":5\r\n");
    assert_eq!(c.cmd(&["GET", "pad"]), b"$5\r\n\0\0\0ab\r\n");
}

#[test]
fn setrange_and_append_obey_proto_max_bulk_len() {
    let s = Server::start(&["--proto-max-bulk-len", "1mb"]);
    let mut c = s.client();
    let too_big = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n";
    assert_eq!(
        c.cmd_str(&["CONFIG", "GET", "proto-max-bulk-len"]),
        "*2\r\n$18\r\nproto-max-bulk-len\r\n$7\r\n1048576\r\n"
    );
    assert_eq!(
        c.cmd_str(&["SETRANGE", "big", "1048575", "x"]),
        ":1048576\r\n"
    );
    assert_eq!(c.cmd_str(&["STRLEN", "big"]), ":1048576\r\n");
    assert_eq!(c.cmd_str(&["SETRANGE", "big", "1048576", "x"]), too_big);
    assert_eq!(c.cmd_str(&["SETRANGE", "big", "1048575", "xy"]), too_big);
    assert_eq!(c.cmd_str(&["SETRANGE", "big2", "1048576", "x"]), too_big);
    assert_eq!(c.cmd_str(&["EXISTS", "big2"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["SETRANGE", "big", "0", ""]), ":1048576\r\n");
    assert_eq!(c.cmd_str(&["APPEND", "big", "y"]), too_big);
    assert_eq!(c.cmd_str(&["STRLEN", "big"]), ":1048576\r\n");
    assert_eq!(c.cmd_str(&["SET", "a", "aaaaaaaaaa"]), "+OK\r\n");
    assert_eq!(
        c.cmd_str(&["SETRANGE", "a", "1048570", "xxxxxx"]),
        ":1048576\r\n"
    );
    assert_eq!(c.cmd_str(&["SETRANGE", "a", "1048570", "xxxxxxx"]), too_big);
}

#[test]
fn incr_decr() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "n", "10"], "+OK\r\n"),
            (&["INCR", "n"], ":11\r\n"),
            (&["DECR", "n"], ":10\r\n"),
            (&["INCRBY", "n", "5"], ":15\r\n"),
            (&["DECRBY", "n", "3"], ":12\r\n"),
            (&["INCRBY", "n", "-20"], ":-8\r\n"),
            (&["DECRBY", "n", "-20"], ":12\r\n"),
            (&["GET", "n"], "$2\r\n12\r\n"),
            (&["INCR", "nonum"], ":1\r\n"),
            (&["DECR", "nonum2"], ":-1\r\n"),
            (&["INCRBY", "nonum3", "-5"], ":-5\r\n"),
            (&["DECRBY", "nonum4", "-5"], ":5\r\n"),
            (&["SET", "n", "9223372036854775806"], "+OK\r\n"),
            (&["INCR", "n"], ":9223372036854775807\r\n"),
            (
                &["INCR", "n"],
                "-ERR increment or decrement would overflow\r\n",
            ),
            (&["GET", "n"], "$19\r\n9223372036854775807\r\n"),
            (&["INCRBY", "n", "0"], ":9223372036854775807\r\n"),
            (&["INCRBY", "n", "-1"], ":9223372036854775806\r\n"),
            (&["SET", "n", "-9223372036854775807"], "+OK\r\n"),
            (&["DECR", "n"], ":-9223372036854775808\r\n"),
            (
                &["DECR", "n"],
                "-ERR increment or decrement would overflow\r\n",
            ),
            (
                &["DECRBY", "n", "1"],
                "-ERR increment or decrement would overflow\r\n",
            ),
            (
                &["INCRBY", "n", "-1"],
                "-ERR increment or decrement would overflow\r\n",
            ),
            (&["INCRBY", "n", "9223372036854775807"], ":-1\r\n"),
            (&["SET", "n", "0"], "+OK\r\n"),
            (
                &["DECRBY", "n", "-9223372036854775808"],
                "-ERR decrement would overflow\r\n",
            ),
            (
                &["DECRBY", "n", "9223372036854775807"],
                ":-9223372036854775807\r\n",
            ),
            (
                &["INCRBY", "n", "-9223372036854775808"],
                "-ERR increment or decrement would overflow\r\n",
            ),
            (&["SET", "n", "-1"], "+OK\r\n"),
            (
                &["DECRBY", "n", "-9223372036854775808"],
                "-ERR decrement would overflow\r\n",
            ),
            (&["SET", "t", "5", "EX", "100"], "+OK\r\n"),
            (&["INCR", "t"], ":6\r\n"),
            (&["TTL", "t"], ":100\r\n"),
        ],
    );
}

#[test]
fn incr_decr_reject_non_integers() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "n", "abc"], "+OK\r\n"),
            (
                &["INCR", "n"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["DECR", "n"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["INCRBY", "n", "1"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["DECRBY", "n", "1"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SET", "n", ""], "+OK\r\n"),
            (
                &["INCR", "n"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SET", "n", " 1"], "+OK\r\n"),
            (
                &["INCR", "n"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SET", "n", "1 "], "+OK\r\n"),
            (
                &["INCR", "n"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SET", "n", "01"], "+OK\r\n"),
            (
                &["INCR", "n"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SET", "n", "+1"], "+OK\r\n"),
            (
                &["INCR", "n"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SET", "n", "-0"], "+OK\r\n"),
            (
                &["INCR", "n"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SET", "n", "1.5"], "+OK\r\n"),
            (
                &["INCR", "n"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SET", "n", "9223372036854775808"], "+OK\r\n"),
            (
                &["INCR", "n"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SET", "n", "10"], "+OK\r\n"),
            (
                &["INCRBY", "n", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["INCRBY", "n", "1.5"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["INCRBY", "n", "9223372036854775808"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["INCRBY", "n", ""],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["INCRBY", "n", " 1"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["DECRBY", "n", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["DECRBY", "n", "1e3"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["GET", "n"], "$2\r\n10\r\n"),
        ],
    );
}

#[test]
fn incrbyfloat() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "f", "10.5"], "+OK\r\n"),
            (&["INCRBYFLOAT", "f", "0.1"], "$4\r\n10.6\r\n"),
            (&["INCRBYFLOAT", "f", "-5"], "$3\r\n5.6\r\n"),
            (&["INCRBYFLOAT", "f", "1e2"], "$5\r\n105.6\r\n"),
            (&["GET", "f"], "$5\r\n105.6\r\n"),
            (&["INCRBYFLOAT", "f2", "3"], "$1\r\n3\r\n"),
            (&["INCRBYFLOAT", "f2", "1.25"], "$4\r\n4.25\r\n"),
            (&["INCRBYFLOAT", "f2", "-1.25"], "$1\r\n3\r\n"),
            (&["INCRBYFLOAT", "f2", "-3"], "$1\r\n0\r\n"),
            (&["GET", "f2"], "$1\r\n0\r\n"),
            (&["INCRBYFLOAT", "f8", "1e-5"], "$7\r\n0.00001\r\n"),
            (&["INCRBYFLOAT", "f10", "-0"], "$1\r\n0\r\n"),
            (&["INCRBYFLOAT", "f11", ".5"], "$3\r\n0.5\r\n"),
            (&["INCRBYFLOAT", "f12", "5."], "$1\r\n5\r\n"),
            (&["INCRBYFLOAT", "f13", "-1.5e1"], "$3\r\n-15\r\n"),
            (&["SET", "i", "17179869184"], "+OK\r\n"),
            (&["INCRBYFLOAT", "i", "1.5"], "$13\r\n17179869185.5\r\n"),
            (&["SET", "t", "1", "EX", "100"], "+OK\r\n"),
            (&["INCRBYFLOAT", "t", "1"], "$1\r\n2\r\n"),
            (&["TTL", "t"], ":100\r\n"),
        ],
    );
}

#[test]
fn incrbyfloat_errors() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (
                &["INCRBYFLOAT", "f", "abc"],
                "-ERR value is not a valid float\r\n",
            ),
            (
                &["INCRBYFLOAT", "f", ""],
                "-ERR value is not a valid float\r\n",
            ),
            (
                &["INCRBYFLOAT", "f", " 1"],
                "-ERR value is not a valid float\r\n",
            ),
            (
                &["INCRBYFLOAT", "f", "1 "],
                "-ERR value is not a valid float\r\n",
            ),
            (
                &["INCRBYFLOAT", "f", "1x"],
                "-ERR value is not a valid float\r\n",
            ),
            (
                &["INCRBYFLOAT", "f", "nan"],
                "-ERR value is not a valid float\r\n",
            ),
            (
                &["INCRBYFLOAT", "f", "NaN"],
                "-ERR value is not a valid float\r\n",
            ),
            (
                &["INCRBYFLOAT", "f", "inf"],
                "-ERR increment would produce NaN or Infinity\r\n",
            ),
            (
                &["INCRBYFLOAT", "f", "-inf"],
                "-ERR increment would produce NaN or Infinity\r\n",
            ),
            (
                &["INCRBYFLOAT", "f", "+inf"],
                "-ERR increment would produce NaN or Infinity\r\n",
            ),
            (
                &["INCRBYFLOAT", "f", "Infinity"],
                "-ERR increment would produce NaN or Infinity\r\n",
            ),
            (&["EXISTS", "f"], ":0\r\n"),
            (&["SET", "f", "abc"], "+OK\r\n"),
            (
                &["INCRBYFLOAT", "f", "1"],
                "-ERR value is not a valid float\r\n",
            ),
            (&["SET", "f", "inf"], "+OK\r\n"),
            (
                &["INCRBYFLOAT", "f", "1"],
                "-ERR increment would produce NaN or Infinity\r\n",
            ),
            (&["SET", "f", "1"], "+OK\r\n"),
            (
                &["INCRBYFLOAT", "f", "inf"],
                "-ERR increment would produce NaN or Infinity\r\n",
            ),
            (&["GET", "f"], "$1\r\n1\r\n"),
        ],
    );
}

/// Redis computes INCRBYFLOAT in `long double` (x87 80-bit) and prints `%.17Lf`, trimmed.
#[test]
fn incrbyfloat_long_double_precision() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "a", "0.1"], "+OK\r\n"),
            (&["INCRBYFLOAT", "a", "0.2"], "$3\r\n0.3\r\n"),
            (&["SET", "b", "10.5"], "+OK\r\n"),
            (&["INCRBYFLOAT", "b", "5.0e3"], "$6\r\n5010.5\r\n"),
            (&["SET", "b2", "105.6"], "+OK\r\n"),
            (
                &["INCRBYFLOAT", "b2", "5000"],
                "$22\r\n5105.60000000000000009\r\n",
            ),
            (
                &["INCRBYFLOAT", "c", "123456789012345678"],
                "$18\r\n123456789012345678\r\n",
            ),
            (&["SET", "d", "1"], "+OK\r\n"),
            (&["INCRBYFLOAT", "d", "0x10"], "$2\r\n17\r\n"),
            (&["SET", "e", "1.7976931348623157e308"], "+OK\r\n"),
            (
                &["INCRBYFLOAT", "e", "1.7976931348623157e308"],
                "$309\r\n359538626972463139991842093548208868096772893888658356970628841530353257046248792709403737216774171128857586838851041378617416726902272110715794556052955234146997955372576789671236326588091188869859074894581254961338834769297758245552436667197907705664206565009503223382416235440319971852753604933726679072768\r\n",
            ),
        ],
    );
}

#[test]
fn wrong_arity() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (
                &["GET"],
                "-ERR wrong number of arguments for 'get' command\r\n",
            ),
            (
                &["GET", "a", "b"],
                "-ERR wrong number of arguments for 'get' command\r\n",
            ),
            (
                &["SET"],
                "-ERR wrong number of arguments for 'set' command\r\n",
            ),
            (
                &["SET", "k"],
                "-ERR wrong number of arguments for 'set' command\r\n",
            ),
            (
                &["SETNX", "k"],
                "-ERR wrong number of arguments for 'setnx' command\r\n",
            ),
            (
                &["SETNX", "k", "v", "x"],
                "-ERR wrong number of arguments for 'setnx' command\r\n",
            ),
            (
                &["SETEX", "k", "10"],
                "-ERR wrong number of arguments for 'setex' command\r\n",
            ),
            (
                &["PSETEX", "k", "10"],
                "-ERR wrong number of arguments for 'psetex' command\r\n",
            ),
            (
                &["GETSET", "k"],
                "-ERR wrong number of arguments for 'getset' command\r\n",
            ),
            (
                &["GETDEL"],
                "-ERR wrong number of arguments for 'getdel' command\r\n",
            ),
            (
                &["GETDEL", "a", "b"],
                "-ERR wrong number of arguments for 'getdel' command\r\n",
            ),
            (
                &["GETEX"],
                "-ERR wrong number of arguments for 'getex' command\r\n",
            ),
            (
                &["MGET"],
                "-ERR wrong number of arguments for 'mget' command\r\n",
            ),
            (
                &["MSET"],
                "-ERR wrong number of arguments for 'mset' command\r\n",
            ),
            (
                &["MSET", "a"],
                "-ERR wrong number of arguments for 'mset' command\r\n",
            ),
            (
                &["MSETNX"],
                "-ERR wrong number of arguments for 'msetnx' command\r\n",
            ),
            (
                &["MSETNX", "a"],
                "-ERR wrong number of arguments for 'msetnx' command\r\n",
            ),
            (
                &["APPEND", "k"],
                "-ERR wrong number of arguments for 'append' command\r\n",
            ),
            (
                &["STRLEN"],
                "-ERR wrong number of arguments for 'strlen' command\r\n",
            ),
            (
                &["STRLEN", "a", "b"],
                "-ERR wrong number of arguments for 'strlen' command\r\n",
            ),
            (
                &["GETRANGE", "k", "0"],
                "-ERR wrong number of arguments for 'getrange' command\r\n",
            ),
            (
                &["SUBSTR", "k", "0"],
                "-ERR wrong number of arguments for 'substr' command\r\n",
            ),
            (
                &["SETRANGE", "k", "0"],
                "-ERR wrong number of arguments for 'setrange' command\r\n",
            ),
            (
                &["INCR"],
                "-ERR wrong number of arguments for 'incr' command\r\n",
            ),
            (
                &["INCR", "a", "b"],
                "-ERR wrong number of arguments for 'incr' command\r\n",
            ),
            (
                &["DECR"],
                "-ERR wrong number of arguments for 'decr' command\r\n",
            ),
            (
                &["INCRBY", "k"],
                "-ERR wrong number of arguments for 'incrby' command\r\n",
            ),
            (
                &["DECRBY", "k"],
                "-ERR wrong number of arguments for 'decrby' command\r\n",
            ),
            (
                &["INCRBY", "k", "1", "2"],
                "-ERR wrong number of arguments for 'incrby' command\r\n",
            ),
            (
                &["INCRBYFLOAT", "k"],
                "-ERR wrong number of arguments for 'incrbyfloat' command\r\n",
            ),
            (
                &["INCRBYFLOAT", "k", "1", "2"],
                "-ERR wrong number of arguments for 'incrbyfloat' command\r\n",
            ),
            (
                &["Get"],
                "-ERR wrong number of arguments for 'get' command\r\n",
            ),
            (
                &["gEtRaNgE"],
                "-ERR wrong number of arguments for 'getrange' command\r\n",
            ),
        ],
    );
}

#[test]
fn unknown_command_lists_its_arguments() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (
                &["FOO"],
                "-ERR unknown command 'FOO', with args beginning with: \r\n",
            ),
            (
                &["FOO", "a", "b", "c"],
                "-ERR unknown command 'FOO', with args beginning with: 'a' 'b' 'c' \r\n",
            ),
            (
                &["foo", "bar"],
                "-ERR unknown command 'foo', with args beginning with: 'bar' \r\n",
            ),
            (
                &["NOSUCHCMD", "with space", "x", ""],
                "-ERR unknown command 'NOSUCHCMD', with args beginning with: 'with space' 'x' '' \r\n",
            ),
        ],
    );
    let long = "x".repeat(200);
    let reply = c.cmd_str(&["nosuch", &long, "b"]);
    assert_eq!(
        reply,
        format!(
            "-ERR unknown command 'nosuch', with args beginning with: '{}' \r\n",
            "x".repeat(128)
        )
    );
    // The connection is still usable.
    assert_eq!(c.cmd_str(&["PING"]), "+PONG\r\n");
}
