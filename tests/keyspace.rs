//! Keyspace commands against the exact bytes Redis 7.0.15 replies (every generated table below
//! was produced by a real redis-server 7.0.15 given the same commands), plus real expiry.

mod common;

use common::{Client, Server, expect_all, int_of, sorted_bulks, testing_ferrokv};
use std::time::{Duration, Instant};

/// Polls `f` every few ms until it is true or `limit` passes; returns whether it became true.
fn eventually(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    f()
}

#[test]
fn del_and_unlink() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["MSET", "a", "1", "b", "2", "c", "3", "d", "4"], "+OK\r\n"),
            (&["DEL", "a", "b", "nosuch"], ":2\r\n"),
            (&["DEL", "a"], ":0\r\n"),
            (&["DEL", "c", "c", "c"], ":1\r\n"),
            (&["UNLINK", "d"], ":1\r\n"),
            (&["UNLINK", "d", "nosuch"], ":0\r\n"),
            (&["DBSIZE"], ":0\r\n"),
        ],
    );
}

/// DELETE is ferrokv's alias of DEL (Redis 7.0 has no such command).
#[test]
fn delete_alias() {
    if !testing_ferrokv() {
        return;
    }
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["MSET", "a", "1", "b", "2"], "+OK\r\n"),
            (&["DELETE", "a", "b", "nosuch"], ":2\r\n"),
            (&["DELETE", "a"], ":0\r\n"),
            (
                &["DELETE"],
                "-ERR wrong number of arguments for 'delete' command\r\n",
            ),
            (&["DBSIZE"], ":0\r\n"),
        ],
    );
}

#[test]
fn exists_touch_type() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "a", "1"], "+OK\r\n"),
            (&["EXISTS", "a", "a", "a", "nosuch"], ":3\r\n"),
            (&["EXISTS", "nosuch"], ":0\r\n"),
            (&["EXISTS", "nosuch", "a"], ":1\r\n"),
            (&["TOUCH", "a", "a", "nosuch"], ":2\r\n"),
            (&["TOUCH", "nosuch"], ":0\r\n"),
            (&["TYPE", "a"], "+string\r\n"),
            (&["TYPE", "nosuch"], "+none\r\n"),
        ],
    );
}

fn keys(c: &mut Client, pattern: &str) -> Vec<String> {
    sorted_bulks(&c.cmd(&["KEYS", pattern]))
}

#[test]
fn keys_glob_patterns() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let all = [
        "hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h?llo", "h[e]llo", "foo",
        "h\\llo", "h]llo", "h-llo", "[", "\\", "a",
    ];
    for k in all {
        assert_eq!(c.cmd_str(&["SET", k, "1"]), "+OK\r\n");
    }
    let mut sorted: Vec<String> = all.iter().map(|s| s.to_string()).collect();
    sorted.sort();
    assert_eq!(keys(&mut c, "*"), sorted);
    // Expected sets as Redis 7.0.15 replies them (sorted: KEYS order is unspecified).
    let cases: &[(&str, &[&str])] = &[
        (
            "h?llo",
            &[
                "h*llo", "h-llo", "h?llo", "h\\llo", "h]llo", "hallo", "hello", "hxllo",
            ],
        ),
        (
            "h*llo",
            &[
                "h*llo", "h-llo", "h?llo", "h[e]llo", "h\\llo", "h]llo", "hallo", "heeeello",
                "hello", "hllo", "hxllo",
            ],
        ),
        ("h[ae]llo", &["hallo", "hello"]),
        (
            "h[^e]llo",
            &[
                "h*llo", "h-llo", "h?llo", "h\\llo", "h]llo", "hallo", "hxllo",
            ],
        ),
        ("h[a-b]llo", &["hallo"]),
        ("h[b-a]llo", &["hallo"]),
        ("h\\*llo", &["h*llo"]),
        ("h\\?llo", &["h?llo"]),
        ("h\\[e]llo", &["h[e]llo"]),
        ("h\\\\llo", &["h\\llo"]),
        ("h[\\]]llo", &["h]llo"]),
        ("h[e", &[]),
        ("[", &[]),
        ("\\", &["\\"]),
        ("*[", &[]),
        ("h[a-]llo", &[]),
        ("?", &["[", "\\", "a"]),
        ("??", &[]),
        ("H*", &[]),
        ("[^h]*", &["[", "\\", "a", "foo"]),
        ("foo", &["foo"]),
        ("x*", &[]),
    ];
    for (pattern, want) in cases {
        assert_eq!(keys(&mut c, pattern), *want, "KEYS {pattern}");
    }
    assert_eq!(c.cmd_str(&["KEYS", "nomatch*"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["KEYS", "foo"]), "*1\r\n$3\r\nfoo\r\n");
    assert_eq!(
        c.cmd_str(&["KEYS"]),
        "-ERR wrong number of arguments for 'keys' command\r\n"
    );
}

#[test]
fn keys_skips_expired_keys() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["SET", "live", "1"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["SET", "dead", "1", "PX", "1"]), "+OK\r\n");
    std::thread::sleep(Duration::from_millis(5));
    assert_eq!(c.cmd_str(&["KEYS", "*"]), "*1\r\n$4\r\nlive\r\n");
}

/// LIST is ferrokv's "all keys" command (KEYS * without a pattern); Redis 7.0 has none.
#[test]
fn list_command() {
    if !testing_ferrokv() {
        return;
    }
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["LIST"]), "*0\r\n");
    assert_eq!(
        c.cmd_str(&["MSET", "b", "1", "a", "2", "c", "3"]),
        "+OK\r\n"
    );
    assert_eq!(sorted_bulks(&c.cmd(&["LIST"])), ["a", "b", "c"]);
    assert_eq!(
        c.cmd_str(&["LIST", "x"]),
        "-ERR wrong number of arguments for 'list' command\r\n"
    );
}

/// Runs a full SCAN iteration; returns every key seen (with repeats) and the number of calls.
fn scan_all(c: &mut Client, extra: &[&str]) -> (Vec<String>, usize) {
    let mut cursor = "0".to_string();
    let (mut seen, mut calls) = (Vec::new(), 0);
    loop {
        let mut args = vec!["SCAN", &cursor];
        args.extend_from_slice(extra);
        let reply = c.cmd_str(&args);
        calls += 1;
        assert!(calls < 100_000, "SCAN never ends");
        // *2\r\n$<n>\r\n<cursor>\r\n*<m>\r\n($<len>\r\n<key>\r\n)*
        let mut parts = reply.split("\r\n");
        assert_eq!(parts.next(), Some("*2"), "{reply:?}");
        parts.next();
        cursor = parts.next().unwrap().to_string();
        let n: usize = parts.next().unwrap()[1..].parse().unwrap();
        for _ in 0..n {
            parts.next();
            seen.push(parts.next().unwrap().to_string());
        }
        if cursor == "0" {
            return (seen, calls);
        }
    }
}

#[test]
fn scan_full_iteration_sees_every_key() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["SCAN", "0"]), "*2\r\n$1\r\n0\r\n*0\r\n");
    let mut want: Vec<String> = (0..1000).map(|i| format!("key:{i}")).collect();
    let mut args = vec!["MSET".to_string()];
    for k in &want {
        args.push(k.clone());
        args.push("v".into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(c.cmd_str(&args), "+OK\r\n");
    want.sort();
    for extra in [&[][..], &["COUNT", "7"], &["COUNT", "1000000"]] {
        let (mut seen, calls) = scan_all(&mut c, extra);
        seen.sort();
        seen.dedup();
        assert_eq!(seen, want, "SCAN {extra:?}");
        if extra.is_empty() {
            assert!(calls > 1, "COUNT 10 over 1000 keys took one call");
        }
    }
    // MATCH and TYPE filter what each step returns.
    let (mut seen, _) = scan_all(&mut c, &["MATCH", "key:99*", "COUNT", "50"]);
    seen.sort();
    seen.dedup();
    let mut nines: Vec<String> = want
        .iter()
        .filter(|k| k.starts_with("key:99"))
        .cloned()
        .collect();
    nines.sort();
    assert_eq!(seen, nines);
    let (seen, _) = scan_all(&mut c, &["TYPE", "list", "COUNT", "100"]);
    assert!(seen.is_empty());
    let (seen, _) = scan_all(&mut c, &["TYPE", "string", "COUNT", "100"]);
    assert!(seen.len() >= 1000);
}

#[test]
fn scan_keys_deleted_during_iteration() {
    let s = Server::start(&[]);
    let mut c = s.client();
    for i in 0..200 {
        assert_eq!(c.cmd_str(&["SET", &format!("k{i}"), "v"]), "+OK\r\n");
    }
    // Delete half of the keys between steps: every key that survives must still be returned.
    let mut cursor = "0".to_string();
    let mut seen = std::collections::HashSet::new();
    let mut step = 0;
    loop {
        let reply = c.cmd_str(&["SCAN", &cursor, "COUNT", "10"]);
        let mut parts = reply.split("\r\n").skip(2);
        cursor = parts.next().unwrap().to_string();
        let n: usize = parts.next().unwrap()[1..].parse().unwrap();
        for _ in 0..n {
            parts.next();
            seen.insert(parts.next().unwrap().to_string());
        }
        for i in (step * 10..step * 10 + 10).filter(|i| i % 2 == 1) {
            c.cmd(&["DEL", &format!("k{}", 199 - i)]);
        }
        step += 1;
        if cursor == "0" {
            break;
        }
    }
    for i in 0..200 {
        let k = format!("k{i}");
        if c.cmd_str(&["EXISTS", &k]) == ":1\r\n" {
            assert!(seen.contains(&k), "{k} survived but was never returned");
        }
    }
}

#[test]
fn scan_errors_and_filters() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["MSET", "a", "1", "b", "2", "c", "3"], "+OK\r\n"),
            (&["SCAN", "0", "COUNT", "0"], "-ERR syntax error\r\n"),
            (&["SCAN", "0", "COUNT", "-1"], "-ERR syntax error\r\n"),
            (
                &["SCAN", "0", "COUNT", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SCAN", "0", "COUNT", "1.5"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["SCAN", "abc"], "-ERR invalid cursor\r\n"),
            (&["SCAN", "1.5"], "-ERR invalid cursor\r\n"),
            (&["SCAN", " 1"], "-ERR invalid cursor\r\n"),
            (&["SCAN", "99999999999999999999"], "-ERR invalid cursor\r\n"),
            (&["SCAN", "0", "MATCH"], "-ERR syntax error\r\n"),
            (&["SCAN", "0", "COUNT"], "-ERR syntax error\r\n"),
            (&["SCAN", "0", "TYPE"], "-ERR syntax error\r\n"),
            (&["SCAN", "0", "FOO", "bar"], "-ERR syntax error\r\n"),
            (
                &["SCAN", "0", "COUNT", "10", "FOO"],
                "-ERR syntax error\r\n",
            ),
            (
                &["SCAN", "0", "TYPE", "list", "COUNT", "1000"],
                "*2\r\n$1\r\n0\r\n*0\r\n",
            ),
            (&["SCAN", "0", "TYPE", "hash"], "*2\r\n$1\r\n0\r\n*0\r\n"),
            (
                &["SCAN", "0", "MATCH", "nomatch*", "COUNT", "1000"],
                "*2\r\n$1\r\n0\r\n*0\r\n",
            ),
            (
                &["SCAN", "0", "MATCH", "b", "COUNT", "1000"],
                "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nb\r\n",
            ),
            (
                &["SCAN", "0", "TYPE", "string", "MATCH", "c", "COUNT", "1000"],
                "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nc\r\n",
            ),
            (
                &["SCAN", "0", "type", "STRING", "match", "c", "count", "1000"],
                "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nc\r\n",
            ),
        ],
    );
}

#[test]
fn randomkey() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["RANDOMKEY"]), "$-1\r\n");
    assert_eq!(c.cmd_str(&["SET", "only", "1"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["RANDOMKEY"]), "$4\r\nonly\r\n");
    assert_eq!(
        c.cmd_str(&["MSET", "a", "1", "b", "2", "c", "3"]),
        "+OK\r\n"
    );
    let mut seen = std::collections::HashSet::new();
    for _ in 0..200 {
        let r = c.cmd_str(&["RANDOMKEY"]);
        assert!(
            [
                "$4\r\nonly\r\n",
                "$1\r\na\r\n",
                "$1\r\nb\r\n",
                "$1\r\nc\r\n"
            ]
            .contains(&r.as_str()),
            "{r:?}"
        );
        seen.insert(r);
    }
    assert!(seen.len() > 1, "RANDOMKEY always returned the same key");
    assert_eq!(c.cmd_str(&["FLUSHDB"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["RANDOMKEY"]), "$-1\r\n");
    assert_eq!(
        c.cmd_str(&["RANDOMKEY", "x"]),
        "-ERR wrong number of arguments for 'randomkey' command\r\n"
    );
}

/// Expired keys are never returned, even when almost all keys just expired and the active
/// expiry cycle has not reclaimed them yet (RANDOMKEY deletes them and draws again).
#[test]
fn randomkey_never_returns_an_expired_key() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["SET", "live", "1"]), "+OK\r\n");
    const N: usize = 50_000;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let at = (now_ms + 500).to_string();
    let mut batch = Vec::new();
    for i in 0..N {
        batch.extend_from_slice(&Client::encode(&[
            b"SET",
            format!("key:{i}").as_bytes(),
            b"v",
            b"PXAT",
            at.as_bytes(),
        ]));
    }
    c.send(&batch);
    for _ in 0..N {
        assert_eq!(c.read_reply(), b"+OK\r\n");
    }
    let until = std::time::UNIX_EPOCH + Duration::from_millis(now_ms + 505);
    if let Ok(wait) = until.duration_since(std::time::SystemTime::now()) {
        std::thread::sleep(wait);
    }
    for _ in 0..5 {
        assert_eq!(c.cmd_str(&["RANDOMKEY"]), "$4\r\nlive\r\n");
    }
}

#[test]
fn rename_and_renamenx() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "x", "1"], "+OK\r\n"),
            (&["RENAME", "nosuch", "y"], "-ERR no such key\r\n"),
            (&["RENAMENX", "nosuch", "y"], "-ERR no such key\r\n"),
            (&["RENAME", "nosuch", "nosuch"], "-ERR no such key\r\n"),
            (&["RENAMENX", "nosuch", "nosuch"], "-ERR no such key\r\n"),
            (&["RENAME", "x", "x"], "+OK\r\n"),
            (&["RENAMENX", "x", "x"], ":0\r\n"),
            (&["RENAME", "x", "y"], "+OK\r\n"),
            (&["EXISTS", "x"], ":0\r\n"),
            (&["GET", "y"], "$1\r\n1\r\n"),
            (&["SET", "z", "2"], "+OK\r\n"),
            (&["RENAMENX", "y", "z"], ":0\r\n"),
            (&["GET", "y"], "$1\r\n1\r\n"),
            (&["RENAMENX", "y", "w"], ":1\r\n"),
            (&["EXISTS", "y"], ":0\r\n"),
            (&["RENAME", "w", "z"], "+OK\r\n"),
            (&["GET", "z"], "$1\r\n1\r\n"),
            (&["SET", "p", "v"], "+OK\r\n"),
            (&["TTL", "p"], ":-1\r\n"),
            (&["RENAME", "z", "p"], "+OK\r\n"),
            (&["TTL", "p"], ":-1\r\n"),
            (&["GET", "p"], "$1\r\n1\r\n"),
        ],
    );
}

/// RENAME, COPY and MOVE carry the TTL over (to the millisecond).
#[test]
fn ttl_follows_rename_copy_move() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["SET", "t", "v", "PX", "100000"]), "+OK\r\n");
    let at = c.cmd_str(&["PEXPIRETIME", "t"]);
    assert_eq!(c.cmd_str(&["RENAME", "t", "t2"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "t2"]), at);
    assert_eq!(c.cmd_str(&["RENAMENX", "t2", "t3"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "t3"]), at);
    assert_eq!(c.cmd_str(&["COPY", "t3", "t4"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "t4"]), at);
    assert_eq!(c.cmd_str(&["COPY", "t3", "t4", "DB", "2"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["MOVE", "t3", "1"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["SELECT", "1"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "t3"]), at);
    assert_eq!(c.cmd_str(&["SELECT", "2"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "t4"]), at);
    // Renaming over a key with a TTL: the target's TTL is replaced by the source's (none).
    assert_eq!(c.cmd_str(&["SET", "plain", "p"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["RENAME", "plain", "t4"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["TTL", "t4"]), ":-1\r\n");
    assert_eq!(c.cmd_str(&["GET", "t4"]), "$1\r\np\r\n");
}

#[test]
fn copy() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "s", "v"], "+OK\r\n"),
            (&["COPY", "s", "d"], ":1\r\n"),
            (&["GET", "d"], "$1\r\nv\r\n"),
            (&["COPY", "s", "d"], ":0\r\n"),
            (&["SET", "s", "v2"], "+OK\r\n"),
            (&["COPY", "s", "d", "REPLACE"], ":1\r\n"),
            (&["GET", "d"], "$2\r\nv2\r\n"),
            (
                &["COPY", "s", "s"],
                "-ERR source and destination objects are the same\r\n",
            ),
            (
                &["COPY", "s", "s", "REPLACE"],
                "-ERR source and destination objects are the same\r\n",
            ),
            (
                &["COPY", "s", "s", "DB", "0"],
                "-ERR source and destination objects are the same\r\n",
            ),
            (&["COPY", "s", "s", "DB", "1"], ":1\r\n"),
            (&["COPY", "s", "s", "DB", "1"], ":0\r\n"),
            (&["COPY", "s", "s", "DB", "1", "REPLACE"], ":1\r\n"),
            (
                &["COPY", "s", "t", "DB", "16"],
                "-ERR DB index is out of range\r\n",
            ),
            (
                &["COPY", "s", "t", "DB", "-1"],
                "-ERR DB index is out of range\r\n",
            ),
            (
                &["COPY", "s", "t", "DB", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["COPY", "s", "t", "DB", "9999999999"],
                "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n",
            ),
            (&["COPY", "s", "t", "DB"], "-ERR syntax error\r\n"),
            (&["COPY", "s", "t", "FOO"], "-ERR syntax error\r\n"),
            (
                &["COPY", "s", "t", "REPLACE", "FOO"],
                "-ERR syntax error\r\n",
            ),
            (&["COPY", "s", "t2", "REPLACE", "REPLACE"], ":1\r\n"),
            (&["COPY", "nosuch", "t5"], ":0\r\n"),
            (
                &["COPY", "nosuch", "t5", "DB", "99"],
                "-ERR DB index is out of range\r\n",
            ),
            (&["SELECT", "1"], "+OK\r\n"),
            (&["GET", "s"], "$2\r\nv2\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
        ],
    );
}

#[test]
fn move_and_select() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SELECT", "1"], "+OK\r\n"),
            (&["FLUSHDB"], "+OK\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
            (&["SET", "m", "v"], "+OK\r\n"),
            (
                &["MOVE", "m", "0"],
                "-ERR source and destination objects are the same\r\n",
            ),
            (&["MOVE", "m", "1"], ":1\r\n"),
            (&["EXISTS", "m"], ":0\r\n"),
            (&["MOVE", "m", "1"], ":0\r\n"),
            (&["SELECT", "1"], "+OK\r\n"),
            (&["GET", "m"], "$1\r\nv\r\n"),
            (&["MOVE", "m", "0"], ":1\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
            (&["SET", "m", "other"], "+OK\r\n"),
            (&["SELECT", "1"], "+OK\r\n"),
            (&["MOVE", "m", "0"], ":0\r\n"),
            (&["GET", "m"], "$-1\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
            (&["GET", "m"], "$5\r\nother\r\n"),
            (&["MOVE", "nosuch", "1"], ":0\r\n"),
            (&["MOVE", "m", "16"], "-ERR DB index is out of range\r\n"),
            (&["MOVE", "m", "-1"], "-ERR DB index is out of range\r\n"),
            (
                &["MOVE", "m", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["MOVE", "m", "9999999999"],
                "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n",
            ),
            (&["SELECT", "16"], "-ERR DB index is out of range\r\n"),
            (&["SELECT", "-1"], "-ERR DB index is out of range\r\n"),
            (
                &["SELECT", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SELECT", "1.5"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SELECT", "9999999999"],
                "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n",
            ),
            (
                &["SELECT", "-9999999999"],
                "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n",
            ),
            (&["SELECT", "15"], "+OK\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
        ],
    );
}

#[test]
fn swapdb() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "in0", "a"], "+OK\r\n"),
            (&["SELECT", "1"], "+OK\r\n"),
            (&["SET", "in1", "b"], "+OK\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
            (&["SWAPDB", "0", "1"], "+OK\r\n"),
            (&["GET", "in0"], "$-1\r\n"),
            (&["GET", "in1"], "$1\r\nb\r\n"),
            (&["SWAPDB", "1", "0"], "+OK\r\n"),
            (&["GET", "in0"], "$1\r\na\r\n"),
            (&["SWAPDB", "0", "0"], "+OK\r\n"),
            (&["GET", "in0"], "$1\r\na\r\n"),
            (&["SWAPDB", "abc", "1"], "-ERR invalid first DB index\r\n"),
            (&["SWAPDB", "0", "abc"], "-ERR invalid second DB index\r\n"),
            (&["SWAPDB", "1.5", "0"], "-ERR invalid first DB index\r\n"),
            (&["SWAPDB", "16", "0"], "-ERR DB index is out of range\r\n"),
            (&["SWAPDB", "0", "16"], "-ERR DB index is out of range\r\n"),
            (&["SWAPDB", "-1", "0"], "-ERR DB index is out of range\r\n"),
            (&["SWAPDB", "0", "-1"], "-ERR DB index is out of range\r\n"),
            (
                &["SWAPDB", "9999999999", "0"],
                "-ERR invalid first DB index\r\n",
            ),
            (
                &["SWAPDB", "0", "9999999999"],
                "-ERR invalid second DB index\r\n",
            ),
        ],
    );
}

/// SWAPDB is visible to other clients that have the swapped databases selected.
#[test]
fn swapdb_affects_other_clients() {
    let s = Server::start(&[]);
    let mut a = s.client();
    let mut b = s.client();
    assert_eq!(a.cmd_str(&["SET", "k", "db0"]), "+OK\r\n");
    assert_eq!(b.cmd_str(&["SELECT", "1"]), "+OK\r\n");
    assert_eq!(b.cmd_str(&["GET", "k"]), "$-1\r\n");
    assert_eq!(a.cmd_str(&["SWAPDB", "0", "1"]), "+OK\r\n");
    assert_eq!(b.cmd_str(&["GET", "k"]), "$3\r\ndb0\r\n");
    assert_eq!(a.cmd_str(&["GET", "k"]), "$-1\r\n");
}

#[test]
fn dbsize_flushdb_flushall() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["MSET", "a", "1", "b", "2"], "+OK\r\n"),
            (&["SELECT", "1"], "+OK\r\n"),
            (&["SET", "c", "3"], "+OK\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
            (&["DBSIZE"], ":2\r\n"),
            (&["FLUSHDB"], "+OK\r\n"),
            (&["DBSIZE"], ":0\r\n"),
            (&["SELECT", "1"], "+OK\r\n"),
            (&["DBSIZE"], ":1\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
            (&["SET", "a", "1"], "+OK\r\n"),
            (&["FLUSHDB", "ASYNC"], "+OK\r\n"),
            (&["FLUSHDB", "SYNC"], "+OK\r\n"),
            (&["FLUSHDB", "sync"], "+OK\r\n"),
            (&["FLUSHDB", "async"], "+OK\r\n"),
            (&["FLUSHDB", "FOO"], "-ERR syntax error\r\n"),
            (&["FLUSHDB", "ASYNC", "SYNC"], "-ERR syntax error\r\n"),
            (&["FLUSHDB", "SYNC", "SYNC"], "-ERR syntax error\r\n"),
            (&["SET", "a", "1"], "+OK\r\n"),
            (&["FLUSHALL", "ASYNC"], "+OK\r\n"),
            (&["DBSIZE"], ":0\r\n"),
            (&["SELECT", "1"], "+OK\r\n"),
            (&["DBSIZE"], ":0\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
            (&["FLUSHALL", "SYNC"], "+OK\r\n"),
            (&["FLUSHALL", "FOO"], "-ERR syntax error\r\n"),
            (&["FLUSHALL", "ASYNC", "ASYNC"], "-ERR syntax error\r\n"),
            (
                &["DBSIZE", "x"],
                "-ERR wrong number of arguments for 'dbsize' command\r\n",
            ),
        ],
    );
}

#[test]
fn expire_nx_xx_gt_lt_and_errors() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["EXPIRE", "nosuch", "100"], ":0\r\n"),
            (&["PEXPIRE", "nosuch", "100"], ":0\r\n"),
            (&["EXPIREAT", "nosuch", "100"], ":0\r\n"),
            (&["PEXPIREAT", "nosuch", "100"], ":0\r\n"),
            (&["EXPIRE", "e", "100", "XX"], ":0\r\n"),
            (&["EXPIRE", "e", "100", "GT"], ":0\r\n"),
            (&["EXPIRE", "e", "100", "LT"], ":1\r\n"),
            (&["TTL", "e"], ":100\r\n"),
            (&["PERSIST", "e"], ":1\r\n"),
            (&["EXPIRE", "e", "100", "NX"], ":1\r\n"),
            (&["TTL", "e"], ":100\r\n"),
            (&["EXPIRE", "e", "200", "NX"], ":0\r\n"),
            (&["EXPIRE", "e", "200", "XX"], ":1\r\n"),
            (&["TTL", "e"], ":200\r\n"),
            (&["EXPIRE", "e", "100", "GT"], ":0\r\n"),
            (&["EXPIRE", "e", "300", "GT"], ":1\r\n"),
            (&["TTL", "e"], ":300\r\n"),
            (&["EXPIRE", "e", "400", "LT"], ":0\r\n"),
            (&["EXPIRE", "e", "50", "LT"], ":1\r\n"),
            (&["TTL", "e"], ":50\r\n"),
            (&["EXPIRE", "e", "50", "nx"], ":0\r\n"),
            (&["EXPIRE", "e", "60", "xx"], ":1\r\n"),
            (&["EXPIRE", "e", "70", "gT"], ":1\r\n"),
            (&["EXPIRE", "e", "10", "Lt"], ":1\r\n"),
            (&["TTL", "e"], ":10\r\n"),
            (&["EXPIRE", "e", "20", "XX", "GT"], ":1\r\n"),
            (&["EXPIRE", "e", "5", "XX", "LT"], ":1\r\n"),
            (&["TTL", "e"], ":5\r\n"),
            (
                &["EXPIRE", "e", "100", "NX", "XX"],
                "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            ),
            (
                &["EXPIRE", "e", "100", "NX", "GT"],
                "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            ),
            (
                &["EXPIRE", "e", "100", "NX", "LT"],
                "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            ),
            (
                &["EXPIRE", "e", "100", "XX", "NX"],
                "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            ),
            (
                &["EXPIRE", "e", "100", "GT", "LT"],
                "-ERR GT and LT options at the same time are not compatible\r\n",
            ),
            (
                &["EXPIRE", "e", "100", "LT", "GT"],
                "-ERR GT and LT options at the same time are not compatible\r\n",
            ),
            (
                &["EXPIRE", "e", "100", "FOO"],
                "-ERR Unsupported option FOO\r\n",
            ),
            (
                &["EXPIRE", "e", "100", "NX", "FOO"],
                "-ERR Unsupported option FOO\r\n",
            ),
            (
                &["EXPIRE", "e", "100", "FOO", "NX", "XX"],
                "-ERR Unsupported option FOO\r\n",
            ),
            (
                &["EXPIRE", "e", "100", "NX", "XX", "FOO"],
                "-ERR Unsupported option FOO\r\n",
            ),
            (&["EXPIRE", "e", "100", "NX", "NX"], ":0\r\n"),
            (
                &["PEXPIRE", "e", "100", "GT", "LT"],
                "-ERR GT and LT options at the same time are not compatible\r\n",
            ),
            (
                &["EXPIREAT", "e", "100", "NX", "XX"],
                "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            ),
            (
                &["PEXPIREAT", "e", "100", "BAR"],
                "-ERR Unsupported option BAR\r\n",
            ),
            (
                &["EXPIRE", "e", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["EXPIRE", "e", "1.5"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["EXPIRE", "e", ""],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["EXPIRE", "e", "abc", "NX", "XX"],
                "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            ),
            (
                &["EXPIRE", "e", "abc", "FOO"],
                "-ERR Unsupported option FOO\r\n",
            ),
            (
                &["EXPIRE", "nosuch", "abc"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["EXPIRE", "e", "9223372036854775807"],
                "-ERR invalid expire time in 'expire' command\r\n",
            ),
            (
                &["EXPIRE", "e", "-9223372036854775808"],
                "-ERR invalid expire time in 'expire' command\r\n",
            ),
            (
                &["EXPIRE", "e", "9223372036854775"],
                "-ERR invalid expire time in 'expire' command\r\n",
            ),
            (
                &["PEXPIRE", "e", "9223372036854775807"],
                "-ERR invalid expire time in 'pexpire' command\r\n",
            ),
            (
                &["EXPIREAT", "e", "9223372036854775807"],
                "-ERR invalid expire time in 'expireat' command\r\n",
            ),
            (&["PEXPIREAT", "e", "9223372036854775807"], ":1\r\n"),
            (&["PEXPIRETIME", "e"], ":9223372036854775807\r\n"),
        ],
    );
}

#[test]
fn expire_in_the_past_deletes() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["EXPIRE", "e", "-1"], ":1\r\n"),
            (&["EXISTS", "e"], ":0\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["EXPIRE", "e", "0"], ":1\r\n"),
            (&["EXISTS", "e"], ":0\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["PEXPIRE", "e", "0"], ":1\r\n"),
            (&["EXISTS", "e"], ":0\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["PEXPIRE", "e", "-100"], ":1\r\n"),
            (&["EXISTS", "e"], ":0\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["EXPIREAT", "e", "1"], ":1\r\n"),
            (&["EXISTS", "e"], ":0\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["PEXPIREAT", "e", "1"], ":1\r\n"),
            (&["EXISTS", "e"], ":0\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["EXPIREAT", "e", "-5"], ":1\r\n"),
            (&["EXISTS", "e"], ":0\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["EXPIRE", "e", "-1", "NX"], ":1\r\n"),
            (&["EXISTS", "e"], ":0\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["EXPIRE", "e", "-1", "XX"], ":0\r\n"),
            (&["EXISTS", "e"], ":1\r\n"),
        ],
    );
}

#[test]
fn expire_sets_ttl() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert_eq!(c.cmd_str(&["SET", "e", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["EXPIRE", "e", "100"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["TTL", "e"]), ":100\r\n");
    assert!((99_000..=100_000).contains(&int_of(&c.cmd(&["PTTL", "e"]))));
    assert_eq!(c.cmd_str(&["PEXPIRE", "e", "200000"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["TTL", "e"]), ":200\r\n");
    let at = (now_ms / 1000 + 300).to_string();
    assert_eq!(c.cmd_str(&["EXPIREAT", "e", &at]), ":1\r\n");
    assert_eq!(c.cmd_str(&["EXPIRETIME", "e"]), format!(":{at}\r\n"));
    assert!((298..=300).contains(&int_of(&c.cmd(&["TTL", "e"]))));
    let pat = (now_ms + 400_000).to_string();
    assert_eq!(c.cmd_str(&["PEXPIREAT", "e", &pat]), ":1\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRETIME", "e"]), format!(":{pat}\r\n"));
    assert_eq!(c.cmd_str(&["PERSIST", "e"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["TTL", "e"]), ":-1\r\n");
    assert_eq!(c.cmd_str(&["PTTL", "e"]), ":-1\r\n");
}

#[test]
fn ttl_pttl_expiretime_persist() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "e", "v"], "+OK\r\n"),
            (&["EXPIREAT", "e", "99999999999"], ":1\r\n"),
            (&["EXPIRETIME", "e"], ":99999999999\r\n"),
            (&["PEXPIRETIME", "e"], ":99999999999000\r\n"),
            (&["PEXPIREAT", "e", "99999999999123"], ":1\r\n"),
            (&["PEXPIRETIME", "e"], ":99999999999123\r\n"),
            (&["EXPIRETIME", "e"], ":99999999999\r\n"),
            (&["PEXPIREAT", "e", "99999999999500"], ":1\r\n"),
            (&["EXPIRETIME", "e"], ":100000000000\r\n"),
            (&["TTL", "nosuch"], ":-2\r\n"),
            (&["PTTL", "nosuch"], ":-2\r\n"),
            (&["EXPIRETIME", "nosuch"], ":-2\r\n"),
            (&["PEXPIRETIME", "nosuch"], ":-2\r\n"),
            (&["SET", "p", "v"], "+OK\r\n"),
            (&["TTL", "p"], ":-1\r\n"),
            (&["PTTL", "p"], ":-1\r\n"),
            (&["EXPIRETIME", "p"], ":-1\r\n"),
            (&["PEXPIRETIME", "p"], ":-1\r\n"),
            (&["PERSIST", "p"], ":0\r\n"),
            (&["PERSIST", "nosuch"], ":0\r\n"),
            (&["SET", "q", "v", "EX", "100"], "+OK\r\n"),
            (&["PERSIST", "q"], ":1\r\n"),
            (&["PERSIST", "q"], ":0\r\n"),
            (&["TTL", "q"], ":-1\r\n"),
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
                &["DEL"],
                "-ERR wrong number of arguments for 'del' command\r\n",
            ),
            (
                &["UNLINK"],
                "-ERR wrong number of arguments for 'unlink' command\r\n",
            ),
            (
                &["EXISTS"],
                "-ERR wrong number of arguments for 'exists' command\r\n",
            ),
            (
                &["TOUCH"],
                "-ERR wrong number of arguments for 'touch' command\r\n",
            ),
            (
                &["TYPE"],
                "-ERR wrong number of arguments for 'type' command\r\n",
            ),
            (
                &["TYPE", "a", "b"],
                "-ERR wrong number of arguments for 'type' command\r\n",
            ),
            (
                &["KEYS"],
                "-ERR wrong number of arguments for 'keys' command\r\n",
            ),
            (
                &["KEYS", "a", "b"],
                "-ERR wrong number of arguments for 'keys' command\r\n",
            ),
            (
                &["SCAN"],
                "-ERR wrong number of arguments for 'scan' command\r\n",
            ),
            (
                &["RANDOMKEY", "x"],
                "-ERR wrong number of arguments for 'randomkey' command\r\n",
            ),
            (
                &["RENAME"],
                "-ERR wrong number of arguments for 'rename' command\r\n",
            ),
            (
                &["RENAME", "a"],
                "-ERR wrong number of arguments for 'rename' command\r\n",
            ),
            (
                &["RENAME", "a", "b", "c"],
                "-ERR wrong number of arguments for 'rename' command\r\n",
            ),
            (
                &["RENAMENX", "a"],
                "-ERR wrong number of arguments for 'renamenx' command\r\n",
            ),
            (
                &["COPY"],
                "-ERR wrong number of arguments for 'copy' command\r\n",
            ),
            (
                &["COPY", "a"],
                "-ERR wrong number of arguments for 'copy' command\r\n",
            ),
            (
                &["MOVE", "a"],
                "-ERR wrong number of arguments for 'move' command\r\n",
            ),
            (
                &["MOVE", "a", "1", "2"],
                "-ERR wrong number of arguments for 'move' command\r\n",
            ),
            (
                &["SELECT"],
                "-ERR wrong number of arguments for 'select' command\r\n",
            ),
            (
                &["SELECT", "0", "1"],
                "-ERR wrong number of arguments for 'select' command\r\n",
            ),
            (
                &["SWAPDB", "0"],
                "-ERR wrong number of arguments for 'swapdb' command\r\n",
            ),
            (
                &["SWAPDB", "0", "1", "2"],
                "-ERR wrong number of arguments for 'swapdb' command\r\n",
            ),
            (
                &["DBSIZE", "x"],
                "-ERR wrong number of arguments for 'dbsize' command\r\n",
            ),
            (
                &["EXPIRE"],
                "-ERR wrong number of arguments for 'expire' command\r\n",
            ),
            (
                &["EXPIRE", "e"],
                "-ERR wrong number of arguments for 'expire' command\r\n",
            ),
            (
                &["PEXPIRE", "e"],
                "-ERR wrong number of arguments for 'pexpire' command\r\n",
            ),
            (
                &["EXPIREAT", "e"],
                "-ERR wrong number of arguments for 'expireat' command\r\n",
            ),
            (
                &["PEXPIREAT", "e"],
                "-ERR wrong number of arguments for 'pexpireat' command\r\n",
            ),
            (
                &["TTL"],
                "-ERR wrong number of arguments for 'ttl' command\r\n",
            ),
            (
                &["TTL", "a", "b"],
                "-ERR wrong number of arguments for 'ttl' command\r\n",
            ),
            (
                &["PTTL"],
                "-ERR wrong number of arguments for 'pttl' command\r\n",
            ),
            (
                &["EXPIRETIME"],
                "-ERR wrong number of arguments for 'expiretime' command\r\n",
            ),
            (
                &["PEXPIRETIME", "a", "b"],
                "-ERR wrong number of arguments for 'pexpiretime' command\r\n",
            ),
            (
                &["PERSIST"],
                "-ERR wrong number of arguments for 'persist' command\r\n",
            ),
            (
                &["PERSIST", "a", "b"],
                "-ERR wrong number of arguments for 'persist' command\r\n",
            ),
        ],
    );
}

/// A key with a 50 ms TTL is gone (to readers, and then from the keyspace) shortly after.
#[test]
fn key_expires_after_its_ttl() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["SET", "k", "v", "PX", "50"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["GET", "k"]), "$1\r\nv\r\n");
    let start = Instant::now();
    assert!(eventually(Duration::from_millis(1000), || c
        .cmd_str(&["GET", "k"])
        == "$-1\r\n"));
    let waited = start.elapsed();
    assert!(
        waited < Duration::from_millis(500),
        "expired after {waited:?}"
    );
    assert_eq!(c.cmd_str(&["EXISTS", "k"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["TTL", "k"]), ":-2\r\n");
    assert_eq!(c.cmd_str(&["DBSIZE"]), ":0\r\n");
    // Same for SETEX/PSETEX and EXPIRE/PEXPIRE set keys, on any access path.
    assert_eq!(c.cmd_str(&["PSETEX", "p", "30", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["SET", "q", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["PEXPIRE", "q", "30"]), ":1\r\n");
    assert!(eventually(Duration::from_millis(1000), || c
        .cmd_str(&["EXISTS", "p", "q"])
        == ":0\r\n"));
    assert_eq!(c.cmd_str(&["MGET", "p", "q"]), "*2\r\n$-1\r\n$-1\r\n");
}

/// 100,000 keys with a 1 s TTL that nobody reads are reclaimed by the active expiry cycle.
#[test]
fn active_expiry_reclaims_untouched_keys() {
    let s = Server::start(&[]);
    let mut c = s.client();
    const N: usize = 100_000;
    let mut batch = Vec::new();
    for i in 0..N {
        batch.extend_from_slice(&Client::encode(&[
            b"SET",
            format!("key:{i}").as_bytes(),
            b"v",
            b"PX",
            b"1000",
        ]));
    }
    c.send(&batch);
    for _ in 0..N {
        assert_eq!(c.read_reply(), b"+OK\r\n");
    }
    // (Most of them: under a slow machine the first ones may already be reclaimed.)
    assert!(int_of(&c.cmd(&["DBSIZE"])) > N as i64 / 2);
    let start = Instant::now();
    assert!(
        eventually(Duration::from_secs(4), || c.cmd_str(&["DBSIZE"])
            == ":0\r\n"),
        "DBSIZE still {} after {:?}",
        c.cmd_str(&["DBSIZE"]),
        start.elapsed()
    );
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "took {:?}",
        start.elapsed()
    );
}
