//! DUMP and RESTORE: payloads byte for byte as Redis 7.0.15 writes them (the hex below was
//! produced by a real redis-server 7.0.15 for the same values), Redis's payloads restored
//! here, every type round-tripped, and RESTORE's options and errors in Redis's order.

mod common;

use common::{Client, Server, expect_all};

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn bulk(payload: &[u8]) -> Vec<u8> {
    let mut out = format!("${}\r\n", payload.len()).into_bytes();
    out.extend_from_slice(payload);
    out.extend_from_slice(b"\r\n");
    out
}

/// The bytes of a bulk reply.
fn bulk_payload(reply: &[u8]) -> Vec<u8> {
    let head_end = reply.windows(2).position(|w| w == b"\r\n").unwrap();
    let n: usize = std::str::from_utf8(&reply[1..head_end])
        .unwrap()
        .parse()
        .unwrap();
    reply[head_end + 2..head_end + 2 + n].to_vec()
}

/// (key, commands that build it, Redis 7.0.15's DUMP of it)
const RECORDED: &[(&str, &[&[&str]], &str)] = &[
    (
        "s",
        &[&["SET", "s", "hello"]],
        "000568656c6c6f0a006372df766534200a",
    ),
    (
        "n",
        &[&["SET", "n", "12345"]],
        "00c139300a009d94ea2793fc08b9",
    ),
    (
        "neg",
        &[&["SET", "neg", "-5"]],
        "00c0fb0a0049c4c6f4d7263f68",
    ),
    (
        "lzf",
        &[&["SET", "lzf", "abcabcabcabcabcabcabcabcabcabcabcabcabc"]],
        "00c30b270361626361e018020162630a00b95190299e9a736f",
    ),
    (
        "l",
        &[&["RPUSH", "l", "a", "b", "1", "2"]],
        "1201021111000000040081610281620201010201ff0a006d72713e9b43482b",
    ),
    (
        "h",
        &[&["HSET", "h", "f", "v", "g", "1"]],
        "10121200000004008166028176028167020101ff0a0023c1a5e35dfae81c",
    ),
    (
        "si",
        &[&["SADD", "si", "1", "2", "3"]],
        "0b0e02000000030000000100020003000a00a5025ce26d6e4d1b",
    ),
    (
        "z",
        &[&["ZADD", "z", "1", "a", "2.5", "b"]],
        "1114140000000400816102010181620283322e3504ff0a00d44c6ea4f644d9d7",
    ),
];

#[test]
fn payloads_are_redis_bytes_and_redis_payloads_restore() {
    let s = Server::start(&[]);
    let mut c = s.client();
    for (key, build, want) in RECORDED {
        for cmd in *build {
            c.cmd(cmd);
        }
        let payload = hex(want);
        assert_eq!(c.cmd(&["DUMP", key]), bulk(&payload), "DUMP {key}");
        // Redis's payload, restored under another name, dumps the same again.
        let copy = format!("{key}:copy");
        let mut restore = Client::encode(&[b"RESTORE", copy.as_bytes(), b"0", &payload]);
        c.send(&restore);
        assert_eq!(c.read_reply(), b"+OK\r\n", "RESTORE {key}");
        assert_eq!(c.cmd(&["DUMP", &copy]), bulk(&payload), "DUMP {copy}");
        restore.clear();
    }
    assert_eq!(
        c.cmd_str(&["LRANGE", "l:copy", "0", "-1"]),
        "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\n2\r\n"
    );
    assert_eq!(c.cmd_str(&["ZSCORE", "z:copy", "b"]), "$3\r\n2.5\r\n");
    assert_eq!(c.cmd_str(&["DUMP", "nosuchkey"]), "$-1\r\n");
}

/// Values in their table encodings (no fixed order to compare bytes by) round-trip.
#[test]
fn every_encoding_round_trips() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let mut hset = vec!["HSET".to_string(), "bh".into()];
    let mut zadd = vec!["ZADD".to_string(), "bz".into()];
    let mut sadd = vec!["SADD".to_string(), "bs".into()];
    let mut rpush = vec!["RPUSH".to_string(), "bl".into()];
    for i in 0..600 {
        hset.extend([format!("f{i}"), format!("v{i}")]);
        zadd.extend([format!("{}", i as f64 * 1.5), format!("m{i}")]);
        sadd.push(format!("m{i}"));
        rpush.push(format!("element-{i}"));
    }
    for cmd in [&hset, &zadd, &sadd, &rpush] {
        let args: Vec<&str> = cmd.iter().map(String::as_str).collect();
        c.cmd(&args);
    }
    for (key, dump_cmd) in [
        ("bh", &["HGETALL", "bh"][..]),
        ("bz", &["ZRANGE", "bz", "0", "-1", "WITHSCORES"][..]),
        ("bs", &["SMEMBERS", "bs"][..]),
        ("bl", &["LRANGE", "bl", "0", "-1"][..]),
    ] {
        let reply = c.cmd(&["DUMP", key]);
        let payload = bulk_payload(&reply);
        c.send(&Client::encode(&[
            b"RESTORE",
            key.as_bytes(),
            b"0",
            &payload,
            b"REPLACE",
        ]));
        assert_eq!(c.read_reply(), b"+OK\r\n");
        let before = common::sorted_bulks(&c.cmd(dump_cmd));
        let copy = format!("{key}2");
        c.send(&Client::encode(&[
            b"RESTORE",
            copy.as_bytes(),
            b"0",
            &payload,
        ]));
        assert_eq!(c.read_reply(), b"+OK\r\n");
        let mut again: Vec<&str> = dump_cmd.to_vec();
        again[1] = &copy;
        assert_eq!(common::sorted_bulks(&c.cmd(&again)), before, "{key}");
        assert_eq!(
            c.cmd_str(&["OBJECT", "ENCODING", &copy]),
            c.cmd_str(&["OBJECT", "ENCODING", key])
        );
    }
}

#[test]
fn restore_options_and_errors_as_redis() {
    let s = Server::start(&[]);
    let mut c = s.client();
    c.cmd(&["SET", "s", "hello"]);
    let payload = hex("000568656c6c6f0a006372df766534200a");
    let mut flipped = payload.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let mut newer = payload.clone();
    newer[payload.len() - 10] = 11;
    let cases: &[(&[&[u8]], &str)] = &[
        (
            &[b"s", b"0", &payload],
            "-BUSYKEY Target key name already exists.\r\n",
        ),
        (
            &[b"s", b"-1", &payload, b"REPLACE"],
            "-ERR Invalid TTL value, must be >= 0\r\n",
        ),
        (
            &[b"s", b"x", &payload, b"REPLACE"],
            "-ERR value is not an integer or out of range\r\n",
        ),
        (&[b"s", b"0", &payload, b"FOO"], "-ERR syntax error\r\n"),
        (
            &[b"s", b"0", &payload, b"IDLETIME", b"-1"],
            "-ERR Invalid IDLETIME value, must be >= 0\r\n",
        ),
        (
            &[b"s", b"0", &payload, b"FREQ", b"300"],
            "-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n",
        ),
        (
            &[b"s", b"0", &payload, b"IDLETIME", b"5", b"FREQ", b"3"],
            "-ERR syntax error\r\n",
        ),
        (
            &[b"new", b"0", &flipped],
            "-ERR DUMP payload version or checksum are wrong\r\n",
        ),
        (
            &[b"new", b"0", &newer],
            "-ERR DUMP payload version or checksum are wrong\r\n",
        ),
        (
            &[b"new", b"0", b"junk"],
            "-ERR DUMP payload version or checksum are wrong\r\n",
        ),
        // An absolute TTL already past: nothing is created.
        (&[b"gone", b"1", &payload, b"ABSTTL"], "+OK\r\n"),
        (&[b"t", b"100000", &payload], "+OK\r\n"),
        (
            &[b"s", b"0", &payload, b"REPLACE", b"IDLETIME", b"1000"],
            "+OK\r\n",
        ),
    ];
    for (args, want) in cases {
        let mut full: Vec<&[u8]> = vec![b"RESTORE"];
        full.extend_from_slice(args);
        c.send(&Client::encode(&full));
        assert_eq!(
            String::from_utf8_lossy(&c.read_reply()),
            *want,
            "{:?}",
            String::from_utf8_lossy(args[0])
        );
    }
    expect_all(
        &mut c,
        &[
            (&["EXISTS", "gone"], ":0\r\n"),
            (&["GET", "t"], "$5\r\nhello\r\n"),
        ],
    );
    let pttl = common::int_of(&c.cmd(&["PTTL", "t"]));
    assert!((99_000..=100_000).contains(&pttl), "{pttl}");
    let idle = common::int_of(&c.cmd(&["OBJECT", "IDLETIME", "s"]));
    assert!((1000..=1002).contains(&idle), "{idle}");
}
