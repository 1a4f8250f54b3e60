//! Sorted set commands against the real binary: exact reply bytes, recorded from redis-server
//! 7.0.15 (RESP2 and, after `HELLO 3`, RESP3), plus a model-based randomized test and ZSCAN's
//! iteration guarantee.
mod common;

use common::{Client, Server};

/// Sends each command and compares the reply with the bytes Redis 7.0.15 sent (None: send only,
/// e.g. HELLO 3, whose reply carries the connection id).
fn golden(c: &mut Client, steps: &[(&[&str], Option<&[u8]>)]) {
    for (args, want) in steps {
        let got = c.cmd(args);
        if let Some(want) = want {
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(want),
                "reply to {args:?}"
            );
        }
    }
}

#[test]
fn zadd_options_and_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "z", "1", "a", "2", "b", "3", "c"], Some(b":3\r\n")),
        (&["ZADD", "z", "NX", "5", "a", "4", "d"], Some(b":1\r\n")),
        (&["ZADD", "z", "XX", "CH", "10", "a", "20", "zz"], Some(b":1\r\n")),
        (&["ZADD", "z", "GT", "CH", "5", "a", "30", "b"], Some(b":1\r\n")),
        (&["ZADD", "z", "LT", "1", "a"], Some(b":0\r\n")),
        (&["ZADD", "z", "LT", "CH", "100", "a", "0.5", "c"], Some(b":1\r\n")),
        (&["ZADD", "z", "XX", "GT", "CH", "200", "a", "1", "b"], Some(b":1\r\n")),
        (&["ZADD", "z", "ch", "nx", "7", "e"], Some(b":1\r\n")),
        (&["ZADD", "z", "INCR", "2", "a"], Some(b"$3\r\n202\r\n")),
        (&["ZADD", "z", "XX", "INCR", "2", "nosuch"], Some(b"$-1\r\n")),
        (&["ZADD", "z", "NX", "INCR", "2", "a"], Some(b"$-1\r\n")),
        (&["ZADD", "z", "GT", "INCR", "-1", "a"], Some(b"$-1\r\n")),
        (&["ZADD", "z", "LT", "INCR", "-1", "a"], Some(b"$3\r\n201\r\n")),
        (&["ZADD", "z", "NX", "XX", "1", "a"], Some(b"-ERR XX and NX options at the same time are not compatible\r\n")),
        (&["ZADD", "z", "GT", "LT", "1", "a"], Some(b"-ERR GT, LT, and/or NX options at the same time are not compatible\r\n")),
        (&["ZADD", "z", "GT", "NX", "1", "a"], Some(b"-ERR GT, LT, and/or NX options at the same time are not compatible\r\n")),
        (&["ZADD", "z", "LT", "NX", "1", "a"], Some(b"-ERR GT, LT, and/or NX options at the same time are not compatible\r\n")),
        (&["ZADD", "z", "INCR", "1", "a", "2", "b"], Some(b"-ERR INCR option supports a single increment-element pair\r\n")),
        (&["ZADD", "z", "1"], Some(b"-ERR wrong number of arguments for 'zadd' command\r\n")),
        (&["ZADD", "z", "1", "a", "2"], Some(b"-ERR syntax error\r\n")),
        (&["ZADD", "z", "NX"], Some(b"-ERR wrong number of arguments for 'zadd' command\r\n")),
        (&["ZADD", "z", "abc", "a"], Some(b"-ERR value is not a valid float\r\n")),
        (&["ZADD", "z", "1", "a", "abc", "b"], Some(b"-ERR value is not a valid float\r\n")),
        (&["ZADD", "z", "nan", "a"], Some(b"-ERR value is not a valid float\r\n")),
        (&["ZADD", "z", "1e400", "a"], Some(b"-ERR value is not a valid float\r\n")),
        (&["ZADD", "z", "1e-400", "a"], Some(b"-ERR value is not a valid float\r\n")),
        (&["ZADD", "z", " 1", "a"], Some(b"-ERR value is not a valid float\r\n")),
        (&["ZADD", "z", "1 ", "a"], Some(b"-ERR value is not a valid float\r\n")),
        (&["ZADD", "z", "", "a"], Some(b"-ERR value is not a valid float\r\n")),
        (&["ZADD", "z", "0x10", "hex"], Some(b":1\r\n")),
        (&["ZADD", "z", "+inf", "infm", "-inf", "ninfm", "1.5e3", "sci", ".5", "half"], Some(b":4\r\n")),
        (&["ZADD", "z", "INCR", "-inf", "infm"], Some(b"-ERR resulting score is not a number (NaN)\r\n")),
        (&["ZADD", "z", "INCR", "+inf", "ninfm"], Some(b"-ERR resulting score is not a number (NaN)\r\n")),
        (&["ZRANGE", "z", "0", "-1", "WITHSCORES"], Some(b"*20\r\n$5\r\nninfm\r\n$4\r\n-inf\r\n$1\r\nc\r\n$3\r\n0.5\r\n$4\r\nhalf\r\n$3\r\n0.5\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n7\r\n$3\r\nhex\r\n$2\r\n16\r\n$1\r\nb\r\n$2\r\n30\r\n$1\r\na\r\n$3\r\n201\r\n$3\r\nsci\r\n$4\r\n1500\r\n$4\r\ninfm\r\n$3\r\ninf\r\n")),
        (&["ZADD", "nokey", "XX", "1", "a"], Some(b":0\r\n")),
        (&["ZADD", "nokey", "XX", "INCR", "1", "a"], Some(b"$-1\r\n")),
        (&["EXISTS", "nokey"], Some(b":0\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["ZADD", "str", "1", "a"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZINCRBY", "str", "1", "a"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZADD"], Some(b"-ERR wrong number of arguments for 'zadd' command\r\n")),
        (&["ZADD", "z"], Some(b"-ERR wrong number of arguments for 'zadd' command\r\n")),
    ]);
}

#[test]
fn zincrby_and_scores() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZINCRBY", "z", "1.5", "a"], Some(b"$3\r\n1.5\r\n")),
        (&["ZINCRBY", "z", "-0.5", "a"], Some(b"$1\r\n1\r\n")),
        (&["ZINCRBY", "z", "0.1", "b"], Some(b"$19\r\n0.10000000000000001\r\n")),
        (&["ZINCRBY", "z", "0.2", "b"], Some(b"$19\r\n0.30000000000000004\r\n")),
        (&["ZINCRBY", "z", "1e308", "c"], Some(b"$6\r\n1e+308\r\n")),
        (&["ZINCRBY", "z", "1e308", "c"], Some(b"$3\r\ninf\r\n")),
        (&["ZINCRBY", "z", "abc", "a"], Some(b"-ERR value is not a valid float\r\n")),
        (&["ZINCRBY", "z", "nx", "a"], Some(b"-ERR syntax error\r\n")),
        (&["ZINCRBY", "z", "1"], Some(b"-ERR wrong number of arguments for 'zincrby' command\r\n")),
        (&["ZADD", "z", "123456789012", "big", "1e17", "huge", "0.3", "tiny", "-2.5", "neg", "1e-7", "small"], Some(b":5\r\n")),
        (&["ZRANGE", "z", "0", "-1", "WITHSCORES"], Some(b"*16\r\n$3\r\nneg\r\n$4\r\n-2.5\r\n$5\r\nsmall\r\n$22\r\n9.9999999999999995e-08\r\n$4\r\ntiny\r\n$19\r\n0.29999999999999999\r\n$1\r\nb\r\n$19\r\n0.30000000000000004\r\n$1\r\na\r\n$1\r\n1\r\n$3\r\nbig\r\n$12\r\n123456789012\r\n$4\r\nhuge\r\n$5\r\n1e+17\r\n$1\r\nc\r\n$3\r\ninf\r\n")),
        (&["ZSCORE", "z", "a"], Some(b"$1\r\n1\r\n")),
        (&["ZSCORE", "z", "c"], Some(b"$3\r\ninf\r\n")),
        (&["ZSCORE", "z", "small"], Some(b"$22\r\n9.9999999999999995e-08\r\n")),
        (&["ZSCORE", "z", "nosuch"], Some(b"$-1\r\n")),
        (&["ZSCORE", "nokey", "a"], Some(b"$-1\r\n")),
        (&["ZMSCORE", "z", "a", "nosuch", "b"], Some(b"*3\r\n$1\r\n1\r\n$-1\r\n$19\r\n0.30000000000000004\r\n")),
        (&["ZMSCORE", "nokey", "a", "b"], Some(b"*2\r\n$-1\r\n$-1\r\n")),
        (&["ZMSCORE", "z"], Some(b"-ERR wrong number of arguments for 'zmscore' command\r\n")),
        (&["ZADD", "negzero", "-0", "a"], Some(b":1\r\n")),
        (&["ZSCORE", "negzero", "a"], Some(b"$1\r\n0\r\n")),
        (&["ZINCRBY", "negzero", "-0", "a"], Some(b"$1\r\n0\r\n")),
        (&["ZSCORE", "negzero", "a"], Some(b"$1\r\n0\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["ZSCORE", "str", "a"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZMSCORE", "str", "a"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
    ]);
}

#[test]
fn zcard_zrank_zrem() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(
        &mut c,
        &[
            (
                &[
                    "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e",
                ],
                Some(b":5\r\n"),
            ),
            (&["ZCARD", "z"], Some(b":5\r\n")),
            (&["ZCARD", "nokey"], Some(b":0\r\n")),
            (&["ZRANK", "z", "a"], Some(b":0\r\n")),
            (&["ZRANK", "z", "e"], Some(b":4\r\n")),
            (&["ZREVRANK", "z", "a"], Some(b":4\r\n")),
            (&["ZREVRANK", "z", "e"], Some(b":0\r\n")),
            (&["ZRANK", "z", "nosuch"], Some(b"$-1\r\n")),
            (&["ZREVRANK", "z", "nosuch"], Some(b"$-1\r\n")),
            (&["ZRANK", "nokey", "a"], Some(b"$-1\r\n")),
            (&["ZREM", "z", "a", "nosuch", "b"], Some(b":2\r\n")),
            (&["ZREM", "z", "nosuch"], Some(b":0\r\n")),
            (&["ZREM", "nokey", "a"], Some(b":0\r\n")),
            (&["ZCARD", "z"], Some(b":3\r\n")),
            (&["ZREM", "z", "c", "d", "e", "e"], Some(b":3\r\n")),
            (&["EXISTS", "z"], Some(b":0\r\n")),
            (&["TYPE", "z"], Some(b"+none\r\n")),
            (&["ZADD", "z", "1", "a"], Some(b":1\r\n")),
            (&["TYPE", "z"], Some(b"+zset\r\n")),
            (&["SET", "str", "x"], Some(b"+OK\r\n")),
            (
                &["ZCARD", "str"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZRANK", "str", "a"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZREVRANK", "str", "a"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZREM", "str", "a"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZCARD"],
                Some(b"-ERR wrong number of arguments for 'zcard' command\r\n"),
            ),
            (
                &["ZRANK", "z"],
                Some(b"-ERR wrong number of arguments for 'zrank' command\r\n"),
            ),
            (
                &["ZREM", "z"],
                Some(b"-ERR wrong number of arguments for 'zrem' command\r\n"),
            ),
        ],
    );
}

#[test]
fn zcount_zlexcount() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(
        &mut c,
        &[
            (
                &[
                    "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "-inf", "ninf",
                    "+inf", "pinf",
                ],
                Some(b":7\r\n"),
            ),
            (&["ZCOUNT", "z", "-inf", "+inf"], Some(b":7\r\n")),
            (&["ZCOUNT", "z", "2", "4"], Some(b":3\r\n")),
            (&["ZCOUNT", "z", "(2", "4"], Some(b":2\r\n")),
            (&["ZCOUNT", "z", "(2", "(4"], Some(b":1\r\n")),
            (&["ZCOUNT", "z", "4", "2"], Some(b":0\r\n")),
            (&["ZCOUNT", "z", "(3", "(3"], Some(b":0\r\n")),
            (&["ZCOUNT", "z", "3", "3"], Some(b":1\r\n")),
            (&["ZCOUNT", "z", "(", "10"], Some(b":5\r\n")),
            (&["ZCOUNT", "z", "", "10"], Some(b":5\r\n")),
            (&["ZCOUNT", "z", " 2", "4"], Some(b":3\r\n")),
            (&["ZCOUNT", "z", "1e400", "+inf"], Some(b":1\r\n")),
            (
                &["ZCOUNT", "z", "1", "abc"],
                Some(b"-ERR min or max is not a float\r\n"),
            ),
            (
                &["ZCOUNT", "z", "[1", "2"],
                Some(b"-ERR min or max is not a float\r\n"),
            ),
            (
                &["ZCOUNT", "z", "nan", "2"],
                Some(b"-ERR min or max is not a float\r\n"),
            ),
            (
                &["ZCOUNT", "z", "1", "(nan"],
                Some(b"-ERR min or max is not a float\r\n"),
            ),
            (&["ZCOUNT", "nokey", "1", "2"], Some(b":0\r\n")),
            (
                &["ZCOUNT", "nokey", "x", "2"],
                Some(b"-ERR min or max is not a float\r\n"),
            ),
            (
                &[
                    "ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e",
                ],
                Some(b":5\r\n"),
            ),
            (&["ZLEXCOUNT", "l", "-", "+"], Some(b":5\r\n")),
            (&["ZLEXCOUNT", "l", "[b", "[d"], Some(b":3\r\n")),
            (&["ZLEXCOUNT", "l", "(b", "(d"], Some(b":1\r\n")),
            (&["ZLEXCOUNT", "l", "(b", "+"], Some(b":3\r\n")),
            (&["ZLEXCOUNT", "l", "-", "(c"], Some(b":2\r\n")),
            (&["ZLEXCOUNT", "l", "+", "-"], Some(b":0\r\n")),
            (&["ZLEXCOUNT", "l", "[bb", "[cc"], Some(b":1\r\n")),
            (&["ZLEXCOUNT", "l", "[", "["], Some(b":0\r\n")),
            (
                &["ZLEXCOUNT", "l", "a", "b"],
                Some(b"-ERR min or max not valid string range item\r\n"),
            ),
            (
                &["ZLEXCOUNT", "l", "+a", "+"],
                Some(b"-ERR min or max not valid string range item\r\n"),
            ),
            (
                &["ZLEXCOUNT", "l", "-", ""],
                Some(b"-ERR min or max not valid string range item\r\n"),
            ),
            (&["ZLEXCOUNT", "nokey", "-", "+"], Some(b":0\r\n")),
            (
                &["ZLEXCOUNT", "nokey", "a", "b"],
                Some(b"-ERR min or max not valid string range item\r\n"),
            ),
            (&["SET", "str", "x"], Some(b"+OK\r\n")),
            (
                &["ZCOUNT", "str", "1", "2"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZLEXCOUNT", "str", "-", "+"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZCOUNT", "str", "x", "2"],
                Some(b"-ERR min or max is not a float\r\n"),
            ),
        ],
    );
}

#[test]
fn zrange_by_rank() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"], Some(b":5\r\n")),
        (&["ZRANGE", "z", "0", "-1"], Some(b"*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n")),
        (&["ZRANGE", "z", "0", "-1", "WITHSCORES"], Some(b"*10\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n")),
        (&["ZRANGE", "z", "1", "3", "withscores"], Some(b"*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n")),
        (&["ZRANGE", "z", "-2", "-1"], Some(b"*2\r\n$1\r\nd\r\n$1\r\ne\r\n")),
        (&["ZRANGE", "z", "-100", "100"], Some(b"*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n")),
        (&["ZRANGE", "z", "3", "1"], Some(b"*0\r\n")),
        (&["ZRANGE", "z", "5", "10"], Some(b"*0\r\n")),
        (&["ZRANGE", "z", "-1", "-2"], Some(b"*0\r\n")),
        (&["ZRANGE", "z", "0", "-1", "REV"], Some(b"*5\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n")),
        (&["ZRANGE", "z", "0", "1", "REV", "WITHSCORES"], Some(b"*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n")),
        (&["ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"], Some(b"-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n")),
        (&["ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1"], Some(b"*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n")),
        (&["ZRANGE", "z", "a", "b"], Some(b"-ERR value is not an integer or out of range\r\n")),
        (&["ZRANGE", "z", "0", "b"], Some(b"-ERR value is not an integer or out of range\r\n")),
        (&["ZRANGE", "z", "0", "-1", "FOO"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANGE", "z", "0", "-1", "REV", "REV"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANGE", "z", "0", "-1", "BYSCORE", "BYLEX"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANGE", "z", "0", "-1", "LIMIT", "0"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANGE", "z", "0", "-1", "LIMIT", "x", "1"], Some(b"-ERR value is not an integer or out of range\r\n")),
        (&["ZREVRANGE", "z", "0", "-1"], Some(b"*5\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n")),
        (&["ZREVRANGE", "z", "0", "1", "WITHSCORES"], Some(b"*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n")),
        (&["ZREVRANGE", "z", "-1", "-1"], Some(b"*1\r\n$1\r\na\r\n")),
        (&["ZREVRANGE", "z", "0", "1", "REV"], Some(b"-ERR syntax error\r\n")),
        (&["ZREVRANGE", "z", "0", "1", "BYSCORE"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANGE", "nokey", "0", "-1"], Some(b"*0\r\n")),
        (&["ZRANGE", "nokey", "0", "-1", "WITHSCORES"], Some(b"*0\r\n")),
        (&["ZREVRANGE", "nokey", "0", "-1"], Some(b"*0\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["ZRANGE", "str", "0", "-1"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZREVRANGE", "str", "0", "-1"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZRANGE", "z", "0"], Some(b"-ERR wrong number of arguments for 'zrange' command\r\n")),
        (&["ZREVRANGE", "z", "0"], Some(b"-ERR wrong number of arguments for 'zrevrange' command\r\n")),
    ]);
}

#[test]
fn zrange_by_score() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "5", "f", "-inf", "ninf", "+inf", "pinf"], Some(b":8\r\n")),
        (&["ZRANGEBYSCORE", "z", "-inf", "+inf"], Some(b"*8\r\n$4\r\nninf\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$4\r\npinf\r\n")),
        (&["ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES"], Some(b"*16\r\n$4\r\nninf\r\n$4\r\n-inf\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nf\r\n$1\r\n5\r\n$4\r\npinf\r\n$3\r\ninf\r\n")),
        (&["ZRANGEBYSCORE", "z", "2", "4"], Some(b"*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n")),
        (&["ZRANGEBYSCORE", "z", "(2", "4"], Some(b"*2\r\n$1\r\nc\r\n$1\r\nd\r\n")),
        (&["ZRANGEBYSCORE", "z", "2", "(4"], Some(b"*2\r\n$1\r\nb\r\n$1\r\nc\r\n")),
        (&["ZRANGEBYSCORE", "z", "(2", "(5"], Some(b"*2\r\n$1\r\nc\r\n$1\r\nd\r\n")),
        (&["ZRANGEBYSCORE", "z", "5", "5", "WITHSCORES"], Some(b"*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nf\r\n$1\r\n5\r\n")),
        (&["ZRANGEBYSCORE", "z", "4", "2"], Some(b"*0\r\n")),
        (&["ZRANGEBYSCORE", "z", "(1", "+inf", "LIMIT", "1", "2"], Some(b"*2\r\n$1\r\nc\r\n$1\r\nd\r\n")),
        (&["ZRANGEBYSCORE", "z", "(1", "+inf", "LIMIT", "1", "2", "WITHSCORES"], Some(b"*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n")),
        (&["ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "0", "0"], Some(b"*0\r\n")),
        (&["ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "2", "-1"], Some(b"*6\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$4\r\npinf\r\n")),
        (&["ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "2"], Some(b"*0\r\n")),
        (&["ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "100", "2"], Some(b"*0\r\n")),
        (&["ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "7", "100"], Some(b"*1\r\n$4\r\npinf\r\n")),
        (&["ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "8", "100"], Some(b"*0\r\n")),
        (&["ZRANGEBYSCORE", "z", "1", "x"], Some(b"-ERR min or max is not a float\r\n")),
        (&["ZRANGEBYSCORE", "z", "x", "1"], Some(b"-ERR min or max is not a float\r\n")),
        (&["ZRANGEBYSCORE", "z", "1", "2", "LIMIT", "a", "1"], Some(b"-ERR value is not an integer or out of range\r\n")),
        (&["ZRANGEBYSCORE", "z", "1", "2", "LIMIT", "1", "a"], Some(b"-ERR value is not an integer or out of range\r\n")),
        (&["ZRANGEBYSCORE", "z", "1", "2", "LIMIT", "1"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANGEBYSCORE", "z", "1", "2", "FOO"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANGEBYSCORE", "z", "1", "2", "REV"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANGEBYSCORE", "z", "1", "2", "BYSCORE"], Some(b"-ERR syntax error\r\n")),
        (&["ZREVRANGEBYSCORE", "z", "+inf", "-inf"], Some(b"*8\r\n$4\r\npinf\r\n$1\r\nf\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$4\r\nninf\r\n")),
        (&["ZREVRANGEBYSCORE", "z", "+inf", "-inf", "WITHSCORES", "LIMIT", "1", "3"], Some(b"*6\r\n$1\r\nf\r\n$1\r\n5\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n")),
        (&["ZREVRANGEBYSCORE", "z", "4", "2"], Some(b"*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n")),
        (&["ZREVRANGEBYSCORE", "z", "(4", "(2"], Some(b"*1\r\n$1\r\nc\r\n")),
        (&["ZREVRANGEBYSCORE", "z", "2", "4"], Some(b"*0\r\n")),
        (&["ZREVRANGEBYSCORE", "z", "5", "-inf", "LIMIT", "0", "1"], Some(b"*1\r\n$1\r\nf\r\n")),
        (&["ZRANGE", "z", "2", "4", "BYSCORE"], Some(b"*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n")),
        (&["ZRANGE", "z", "(1", "5", "BYSCORE", "LIMIT", "0", "2", "WITHSCORES"], Some(b"*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n")),
        (&["ZRANGE", "z", "5", "(1", "BYSCORE", "REV", "LIMIT", "0", "2", "WITHSCORES"], Some(b"*4\r\n$1\r\nf\r\n$1\r\n5\r\n$1\r\ne\r\n$1\r\n5\r\n")),
        (&["ZRANGE", "z", "(1", "5", "BYSCORE", "REV"], Some(b"*0\r\n")),
        (&["ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "2", "2"], Some(b"*2\r\n$1\r\ne\r\n$1\r\nd\r\n")),
        (&["ZRANGE", "z", "x", "1", "BYSCORE"], Some(b"-ERR min or max is not a float\r\n")),
        (&["ZRANGEBYSCORE", "nokey", "1", "2"], Some(b"*0\r\n")),
        (&["ZRANGEBYSCORE", "nokey", "x", "2"], Some(b"-ERR min or max is not a float\r\n")),
        (&["ZREVRANGEBYSCORE", "nokey", "1", "2", "WITHSCORES"], Some(b"*0\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["ZRANGEBYSCORE", "str", "1", "2"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZRANGEBYSCORE", "str", "x", "2"], Some(b"-ERR min or max is not a float\r\n")),
    ]);
}

#[test]
fn zrange_by_lex() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "l", "0", "alpha", "0", "bar", "0", "cool", "0", "down", "0", "elephant", "0", "foo", "0", "great", "0", "hill", "0", "omega"], Some(b":9\r\n")),
        (&["ZRANGEBYLEX", "l", "-", "+"], Some(b"*9\r\n$5\r\nalpha\r\n$3\r\nbar\r\n$4\r\ncool\r\n$4\r\ndown\r\n$8\r\nelephant\r\n$3\r\nfoo\r\n$5\r\ngreat\r\n$4\r\nhill\r\n$5\r\nomega\r\n")),
        (&["ZRANGEBYLEX", "l", "-", "[cool"], Some(b"*3\r\n$5\r\nalpha\r\n$3\r\nbar\r\n$4\r\ncool\r\n")),
        (&["ZRANGEBYLEX", "l", "[bar", "[down"], Some(b"*3\r\n$3\r\nbar\r\n$4\r\ncool\r\n$4\r\ndown\r\n")),
        (&["ZRANGEBYLEX", "l", "(bar", "(down"], Some(b"*1\r\n$4\r\ncool\r\n")),
        (&["ZRANGEBYLEX", "l", "[bar", "(down"], Some(b"*2\r\n$3\r\nbar\r\n$4\r\ncool\r\n")),
        (&["ZRANGEBYLEX", "l", "(great", "+"], Some(b"*2\r\n$4\r\nhill\r\n$5\r\nomega\r\n")),
        (&["ZRANGEBYLEX", "l", "[g", "[h"], Some(b"*1\r\n$5\r\ngreat\r\n")),
        (&["ZRANGEBYLEX", "l", "+", "-"], Some(b"*0\r\n")),
        (&["ZRANGEBYLEX", "l", "[z", "+"], Some(b"*0\r\n")),
        (&["ZRANGEBYLEX", "l", "-", "+", "LIMIT", "2", "3"], Some(b"*3\r\n$4\r\ncool\r\n$4\r\ndown\r\n$8\r\nelephant\r\n")),
        (&["ZRANGEBYLEX", "l", "-", "+", "LIMIT", "0", "0"], Some(b"*0\r\n")),
        (&["ZRANGEBYLEX", "l", "-", "+", "LIMIT", "-1", "3"], Some(b"*0\r\n")),
        (&["ZRANGEBYLEX", "l", "-", "+", "LIMIT", "7", "-1"], Some(b"*2\r\n$4\r\nhill\r\n$5\r\nomega\r\n")),
        (&["ZRANGEBYLEX", "l", "-", "+", "WITHSCORES"], Some(b"-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n")),
        (&["ZRANGEBYLEX", "l", "a", "+"], Some(b"-ERR min or max not valid string range item\r\n")),
        (&["ZRANGEBYLEX", "l", "-", "b"], Some(b"-ERR min or max not valid string range item\r\n")),
        (&["ZRANGEBYLEX", "l", "-x", "+"], Some(b"-ERR min or max not valid string range item\r\n")),
        (&["ZRANGEBYLEX", "l", "", "+"], Some(b"-ERR min or max not valid string range item\r\n")),
        (&["ZREVRANGEBYLEX", "l", "+", "-"], Some(b"*9\r\n$5\r\nomega\r\n$4\r\nhill\r\n$5\r\ngreat\r\n$3\r\nfoo\r\n$8\r\nelephant\r\n$4\r\ndown\r\n$4\r\ncool\r\n$3\r\nbar\r\n$5\r\nalpha\r\n")),
        (&["ZREVRANGEBYLEX", "l", "[down", "-"], Some(b"*4\r\n$4\r\ndown\r\n$4\r\ncool\r\n$3\r\nbar\r\n$5\r\nalpha\r\n")),
        (&["ZREVRANGEBYLEX", "l", "(down", "(bar"], Some(b"*1\r\n$4\r\ncool\r\n")),
        (&["ZREVRANGEBYLEX", "l", "-", "+"], Some(b"*0\r\n")),
        (&["ZREVRANGEBYLEX", "l", "+", "-", "LIMIT", "1", "2"], Some(b"*2\r\n$4\r\nhill\r\n$5\r\ngreat\r\n")),
        (&["ZRANGE", "l", "[b", "[e", "BYLEX"], Some(b"*3\r\n$3\r\nbar\r\n$4\r\ncool\r\n$4\r\ndown\r\n")),
        (&["ZRANGE", "l", "[e", "[b", "BYLEX", "REV"], Some(b"*3\r\n$4\r\ndown\r\n$4\r\ncool\r\n$3\r\nbar\r\n")),
        (&["ZRANGE", "l", "-", "+", "BYLEX", "LIMIT", "1", "1"], Some(b"*1\r\n$3\r\nbar\r\n")),
        (&["ZRANGE", "l", "-", "+", "BYLEX", "WITHSCORES"], Some(b"-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n")),
        (&["ZRANGE", "l", "a", "b", "BYLEX"], Some(b"-ERR min or max not valid string range item\r\n")),
        (&["ZRANGEBYLEX", "nokey", "-", "+"], Some(b"*0\r\n")),
        (&["ZRANGEBYLEX", "nokey", "a", "b"], Some(b"-ERR min or max not valid string range item\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["ZRANGEBYLEX", "str", "-", "+"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
    ]);
}

#[test]
fn zrangestore_cases() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"], Some(b":4\r\n")),
        (&["ZRANGESTORE", "dst", "z", "0", "1"], Some(b":2\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n")),
        (&["ZRANGESTORE", "dst", "z", "0", "-1", "REV"], Some(b":4\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n")),
        (&["ZRANGESTORE", "dst", "z", "(1", "+inf", "BYSCORE", "LIMIT", "1", "2"], Some(b":2\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n")),
        (&["ZRANGESTORE", "dst", "z", "[b", "[c", "BYLEX"], Some(b":2\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n")),
        (&["ZRANGESTORE", "dst", "z", "5", "1"], Some(b":0\r\n")),
        (&["EXISTS", "dst"], Some(b":0\r\n")),
        (&["ZRANGESTORE", "dst", "z", "0", "-1"], Some(b":4\r\n")),
        (&["SET", "dst", "x"], Some(b"+OK\r\n")),
        (&["EXPIRE", "dst", "100"], Some(b":1\r\n")),
        (&["ZRANGESTORE", "dst", "z", "0", "0"], Some(b":1\r\n")),
        (&["TTL", "dst"], Some(b":-1\r\n")),
        (&["TYPE", "dst"], Some(b"+zset\r\n")),
        (&["ZRANGESTORE", "dst", "nokey", "0", "-1"], Some(b":0\r\n")),
        (&["EXISTS", "dst"], Some(b":0\r\n")),
        (&["ZRANGESTORE", "dst", "z", "0", "-1", "WITHSCORES"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANGESTORE", "dst", "z", "0", "-1", "LIMIT", "0", "1"], Some(b"-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n")),
        (&["ZRANGESTORE", "dst", "z", "x", "1", "BYSCORE"], Some(b"-ERR min or max is not a float\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["ZRANGESTORE", "dst", "str", "0", "-1"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZRANGESTORE", "z", "z", "1", "2"], Some(b":2\r\n")),
        (&["ZRANGE", "z", "0", "-1"], Some(b"*2\r\n$1\r\nb\r\n$1\r\nc\r\n")),
        (&["ZRANGESTORE", "dst", "z", "0"], Some(b"-ERR wrong number of arguments for 'zrangestore' command\r\n")),
    ]);
}

#[test]
fn zremrange_cases() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(
        &mut c,
        &[
            (
                &[
                    "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e",
                ],
                Some(b":5\r\n"),
            ),
            (&["ZREMRANGEBYRANK", "z", "0", "0"], Some(b":1\r\n")),
            (&["ZREMRANGEBYRANK", "z", "-1", "-1"], Some(b":1\r\n")),
            (
                &["ZRANGE", "z", "0", "-1"],
                Some(b"*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
            ),
            (&["ZREMRANGEBYRANK", "z", "5", "10"], Some(b":0\r\n")),
            (&["ZREMRANGEBYRANK", "z", "2", "1"], Some(b":0\r\n")),
            (
                &["ZREMRANGEBYRANK", "z", "x", "1"],
                Some(b"-ERR value is not an integer or out of range\r\n"),
            ),
            (&["ZREMRANGEBYRANK", "z", "0", "-1"], Some(b":3\r\n")),
            (&["EXISTS", "z"], Some(b":0\r\n")),
            (
                &[
                    "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e",
                ],
                Some(b":5\r\n"),
            ),
            (&["ZREMRANGEBYSCORE", "z", "(1", "3"], Some(b":2\r\n")),
            (
                &["ZRANGE", "z", "0", "-1"],
                Some(b"*3\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\ne\r\n"),
            ),
            (&["ZREMRANGEBYSCORE", "z", "10", "20"], Some(b":0\r\n")),
            (
                &["ZREMRANGEBYSCORE", "z", "x", "1"],
                Some(b"-ERR min or max is not a float\r\n"),
            ),
            (&["ZREMRANGEBYSCORE", "z", "-inf", "+inf"], Some(b":3\r\n")),
            (&["EXISTS", "z"], Some(b":0\r\n")),
            (
                &[
                    "ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e",
                ],
                Some(b":5\r\n"),
            ),
            (&["ZREMRANGEBYLEX", "l", "[b", "(d"], Some(b":2\r\n")),
            (
                &["ZRANGE", "l", "0", "-1"],
                Some(b"*3\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\ne\r\n"),
            ),
            (
                &["ZREMRANGEBYLEX", "l", "a", "b"],
                Some(b"-ERR min or max not valid string range item\r\n"),
            ),
            (&["ZREMRANGEBYLEX", "l", "-", "+"], Some(b":3\r\n")),
            (&["EXISTS", "l"], Some(b":0\r\n")),
            (&["ZREMRANGEBYRANK", "nokey", "0", "1"], Some(b":0\r\n")),
            (&["ZREMRANGEBYSCORE", "nokey", "0", "1"], Some(b":0\r\n")),
            (&["ZREMRANGEBYLEX", "nokey", "-", "+"], Some(b":0\r\n")),
            (
                &["ZREMRANGEBYSCORE", "nokey", "x", "1"],
                Some(b"-ERR min or max is not a float\r\n"),
            ),
            (&["SET", "str", "x"], Some(b"+OK\r\n")),
            (
                &["ZREMRANGEBYRANK", "str", "0", "1"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZREMRANGEBYSCORE", "str", "0", "1"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZREMRANGEBYLEX", "str", "-", "+"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZREMRANGEBYRANK", "z", "1"],
                Some(b"-ERR wrong number of arguments for 'zremrangebyrank' command\r\n"),
            ),
        ],
    );
}

#[test]
fn zpop_cases() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(
        &mut c,
        &[
            (
                &[
                    "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e",
                ],
                Some(b":5\r\n"),
            ),
            (&["ZPOPMIN", "z"], Some(b"*2\r\n$1\r\na\r\n$1\r\n1\r\n")),
            (&["ZPOPMAX", "z"], Some(b"*2\r\n$1\r\ne\r\n$1\r\n5\r\n")),
            (
                &["ZPOPMIN", "z", "2"],
                Some(b"*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"),
            ),
            (&["ZPOPMIN", "z", "0"], Some(b"*0\r\n")),
            (
                &["ZPOPMIN", "z", "-1"],
                Some(b"-ERR value is out of range, must be positive\r\n"),
            ),
            (
                &["ZPOPMIN", "z", "abc"],
                Some(b"-ERR value is out of range, must be positive\r\n"),
            ),
            (&["ZPOPMIN", "z", "1", "2"], Some(b"-ERR syntax error\r\n")),
            (
                &["ZPOPMAX", "z", "10"],
                Some(b"*2\r\n$1\r\nd\r\n$1\r\n4\r\n"),
            ),
            (&["EXISTS", "z"], Some(b":0\r\n")),
            (&["ZPOPMIN", "nokey"], Some(b"*0\r\n")),
            (&["ZPOPMIN", "nokey", "2"], Some(b"*0\r\n")),
            (&["ZPOPMAX", "nokey", "0"], Some(b"*0\r\n")),
            (&["SET", "str", "x"], Some(b"+OK\r\n")),
            (
                &["ZPOPMIN", "str"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZPOPMAX", "str", "2"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZPOPMIN"],
                Some(b"-ERR wrong number of arguments for 'zpopmin' command\r\n"),
            ),
            (
                &["ZADD", "z", "1", "a", "2", "b", "3", "c"],
                Some(b":3\r\n"),
            ),
            (&["HELLO", "3"], None),
            (&["ZPOPMIN", "z"], Some(b"*2\r\n$1\r\na\r\n,1\r\n")),
            (
                &["ZPOPMIN", "z", "1"],
                Some(b"*1\r\n*2\r\n$1\r\nb\r\n,2\r\n"),
            ),
            (
                &["ZPOPMAX", "z", "5"],
                Some(b"*1\r\n*2\r\n$1\r\nc\r\n,3\r\n"),
            ),
            (&["ZPOPMAX", "nokey"], Some(b"*0\r\n")),
            (&["ZPOPMAX", "nokey", "1"], Some(b"*0\r\n")),
        ],
    );
}

#[test]
fn zmpop_cases() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "z", "1", "a", "2", "b", "3", "c"], Some(b":3\r\n")),
        (&["ZMPOP", "1", "z", "MIN"], Some(b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n")),
        (&["ZMPOP", "2", "nokey", "z", "MAX", "COUNT", "5"], Some(b"*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n")),
        (&["EXISTS", "z"], Some(b":0\r\n")),
        (&["ZMPOP", "1", "z", "MIN"], Some(b"*-1\r\n")),
        (&["ZMPOP", "2", "nokey1", "nokey2", "min"], Some(b"*-1\r\n")),
        (&["ZMPOP", "0", "z", "MIN"], Some(b"-ERR numkeys should be greater than 0\r\n")),
        (&["ZMPOP", "-1", "z", "MIN"], Some(b"-ERR numkeys should be greater than 0\r\n")),
        (&["ZMPOP", "abc", "z", "MIN"], Some(b"-ERR numkeys should be greater than 0\r\n")),
        (&["ZMPOP", "2", "z", "MIN"], Some(b"-ERR syntax error\r\n")),
        (&["ZMPOP", "1", "z", "FOO"], Some(b"-ERR syntax error\r\n")),
        (&["ZMPOP", "1", "z", "MIN", "COUNT", "0"], Some(b"-ERR count should be greater than 0\r\n")),
        (&["ZMPOP", "1", "z", "MIN", "COUNT", "-1"], Some(b"-ERR count should be greater than 0\r\n")),
        (&["ZMPOP", "1", "z", "MIN", "COUNT", "x"], Some(b"-ERR count should be greater than 0\r\n")),
        (&["ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "2"], Some(b"-ERR syntax error\r\n")),
        (&["ZMPOP", "1", "z", "MIN", "COUNT"], Some(b"-ERR syntax error\r\n")),
        (&["ZMPOP", "1", "z", "MIN", "FOO"], Some(b"-ERR syntax error\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["ZMPOP", "2", "str", "z", "MIN"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZADD", "z", "1", "a"], Some(b":1\r\n")),
        (&["ZMPOP", "2", "z", "str", "max"], Some(b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n")),
        (&["ZMPOP", "1", "z"], Some(b"-ERR wrong number of arguments for 'zmpop' command\r\n")),
        (&["HELLO", "3"], None),
        (&["ZADD", "z", "1", "a", "2", "b", "3", "c"], Some(b":3\r\n")),
        (&["ZMPOP", "1", "z", "MIN"], Some(b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n,1\r\n")),
        (&["ZMPOP", "1", "z", "MAX", "COUNT", "10"], Some(b"*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$1\r\nb\r\n,2\r\n")),
        (&["ZMPOP", "1", "z", "MAX", "COUNT", "10"], Some(b"_\r\n")),
    ]);
}

#[test]
fn zunion_zinter_zdiff() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "z1", "1", "a", "2", "b", "3", "c"], Some(b":3\r\n")),
        (&["ZADD", "z2", "1", "b", "2", "c", "3", "d"], Some(b":3\r\n")),
        (&["ZUNION", "2", "z1", "z2"], Some(b"*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nd\r\n$1\r\nc\r\n")),
        (&["ZUNION", "2", "z1", "z2", "WITHSCORES"], Some(b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\n5\r\n")),
        (&["ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "3", "WITHSCORES"], Some(b"*8\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n7\r\n$1\r\nd\r\n$1\r\n9\r\n$1\r\nc\r\n$2\r\n12\r\n")),
        (&["ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "WITHSCORES"], Some(b"-ERR weight value is not a float\r\n")),
        (&["ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "x", "WITHSCORES"], Some(b"-ERR weight value is not a float\r\n")),
        (&["ZUNION", "2", "z1", "z2", "AGGREGATE", "MIN", "WITHSCORES"], Some(b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n2\r\n$1\r\nd\r\n$1\r\n3\r\n")),
        (&["ZUNION", "2", "z1", "z2", "AGGREGATE", "max", "WITHSCORES"], Some(b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n3\r\n")),
        (&["ZUNION", "2", "z1", "z2", "AGGREGATE", "FOO"], Some(b"-ERR syntax error\r\n")),
        (&["ZUNION", "2", "z1", "z2", "AGGREGATE"], Some(b"-ERR syntax error\r\n")),
        (&["ZUNION", "2", "z1", "z2", "WITHSCORES", "WITHSCORES"], Some(b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\n5\r\n")),
        (&["ZUNION", "2", "z1", "z2", "LIMIT", "1"], Some(b"-ERR syntax error\r\n")),
        (&["ZUNION", "0", "z1"], Some(b"-ERR at least 1 input key is needed for 'zunion' command\r\n")),
        (&["ZUNION", "-1", "z1"], Some(b"-ERR at least 1 input key is needed for 'zunion' command\r\n")),
        (&["ZUNION", "3", "z1", "z2"], Some(b"-ERR syntax error\r\n")),
        (&["ZUNION", "abc", "z1"], Some(b"-ERR value is not an integer or out of range\r\n")),
        (&["ZUNION", "2", "z1", "nokey", "WITHSCORES"], Some(b"*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n")),
        (&["ZUNION", "1", "nokey"], Some(b"*0\r\n")),
        (&["ZINTER", "2", "z1", "z2", "WITHSCORES"], Some(b"*4\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\n5\r\n")),
        (&["ZINTER", "2", "z1", "z2"], Some(b"*2\r\n$1\r\nb\r\n$1\r\nc\r\n")),
        (&["ZINTER", "2", "z1", "z2", "WEIGHTS", "1", "-1", "WITHSCORES"], Some(b"*4\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n1\r\n")),
        (&["ZINTER", "2", "z1", "z2", "AGGREGATE", "MAX", "WITHSCORES"], Some(b"*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n")),
        (&["ZINTER", "2", "z1", "z1", "WEIGHTS", "1", "2", "WITHSCORES"], Some(b"*6\r\n$1\r\na\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n6\r\n$1\r\nc\r\n$1\r\n9\r\n")),
        (&["ZINTER", "2", "z1", "nokey"], Some(b"*0\r\n")),
        (&["ZINTER", "0", "z1"], Some(b"-ERR at least 1 input key is needed for 'zinter' command\r\n")),
        (&["ZDIFF", "2", "z1", "z2", "WITHSCORES"], Some(b"*2\r\n$1\r\na\r\n$1\r\n1\r\n")),
        (&["ZDIFF", "1", "z1"], Some(b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n")),
        (&["ZDIFF", "2", "z1", "z2", "WEIGHTS", "1", "2"], Some(b"-ERR syntax error\r\n")),
        (&["ZDIFF", "2", "z1", "z2", "AGGREGATE", "SUM"], Some(b"-ERR syntax error\r\n")),
        (&["ZDIFF", "2", "z1", "z1"], Some(b"*0\r\n")),
        (&["ZDIFF", "2", "nokey", "z1"], Some(b"*0\r\n")),
        (&["ZDIFF", "0", "z1"], Some(b"-ERR at least 1 input key is needed for 'zdiff' command\r\n")),
        (&["ZINTERCARD", "2", "z1", "z2"], Some(b":2\r\n")),
        (&["ZINTERCARD", "2", "z1", "z2", "LIMIT", "1"], Some(b":1\r\n")),
        (&["ZINTERCARD", "2", "z1", "z2", "LIMIT", "0"], Some(b":2\r\n")),
        (&["ZINTERCARD", "2", "z1", "z2", "LIMIT", "-1"], Some(b"-ERR LIMIT can't be negative\r\n")),
        (&["ZINTERCARD", "2", "z1", "z2", "LIMIT", "x"], Some(b"-ERR LIMIT can't be negative\r\n")),
        (&["ZINTERCARD", "2", "z1", "z2", "WITHSCORES"], Some(b"-ERR syntax error\r\n")),
        (&["ZINTERCARD", "2", "z1", "z2", "WEIGHTS", "1", "2"], Some(b"-ERR syntax error\r\n")),
        (&["ZINTERCARD", "0", "z1"], Some(b"-ERR at least 1 input key is needed for 'zintercard' command\r\n")),
        (&["ZINTERCARD", "2", "z1", "nokey"], Some(b":0\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["ZUNION", "2", "z1", "str"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZINTER", "2", "nokey", "str"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZDIFF", "2", "z1", "str"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZINTERCARD", "2", "z1", "str"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZUNION", "2", "str", "z1", "WEIGHTS", "x"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZADD", "inf1", "inf", "a"], Some(b":1\r\n")),
        (&["ZADD", "ninf1", "-inf", "a"], Some(b":1\r\n")),
        (&["ZUNION", "2", "inf1", "ninf1", "WITHSCORES"], Some(b"*2\r\n$1\r\na\r\n$1\r\n0\r\n")),
        (&["ZUNION", "2", "inf1", "ninf1", "WEIGHTS", "0", "1", "WITHSCORES"], Some(b"*2\r\n$1\r\na\r\n$4\r\n-inf\r\n")),
        (&["ZINTER", "2", "inf1", "ninf1", "WITHSCORES"], Some(b"*2\r\n$1\r\na\r\n$1\r\n0\r\n")),
        (&["ZINTER", "2", "inf1", "inf1", "WEIGHTS", "0", "1", "WITHSCORES"], Some(b"*2\r\n$1\r\na\r\n$3\r\ninf\r\n")),
        (&["HELLO", "3"], None),
        (&["ZUNION", "2", "z1", "z2", "WITHSCORES"], Some(b"*4\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,3\r\n*2\r\n$1\r\nd\r\n,3\r\n*2\r\n$1\r\nc\r\n,5\r\n")),
        (&["ZINTER", "2", "z1", "z2", "WITHSCORES"], Some(b"*2\r\n*2\r\n$1\r\nb\r\n,3\r\n*2\r\n$1\r\nc\r\n,5\r\n")),
        (&["ZDIFF", "2", "z1", "z2"], Some(b"*1\r\n$1\r\na\r\n")),
        (&["ZINTERCARD", "2", "z1", "z2"], Some(b":2\r\n")),
    ]);
}

#[test]
fn zstore_ops() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "z1", "1", "a", "2", "b", "3", "c"], Some(b":3\r\n")),
        (&["ZADD", "z2", "1", "b", "2", "c", "3", "d"], Some(b":3\r\n")),
        (&["ZUNIONSTORE", "dst", "2", "z1", "z2"], Some(b":4\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\n5\r\n")),
        (&["ZUNIONSTORE", "dst", "2", "z1", "z2", "WEIGHTS", "1", "2", "AGGREGATE", "MAX"], Some(b":4\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n4\r\n$1\r\nd\r\n$1\r\n6\r\n")),
        (&["ZUNIONSTORE", "dst", "2", "z1", "z2", "WITHSCORES"], Some(b"-ERR syntax error\r\n")),
        (&["ZINTERSTORE", "dst", "2", "z1", "z2", "WEIGHTS", "1", "-1", "AGGREGATE", "SUM"], Some(b":2\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*4\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n1\r\n")),
        (&["ZINTERSTORE", "dst", "2", "z1", "nokey"], Some(b":0\r\n")),
        (&["EXISTS", "dst"], Some(b":0\r\n")),
        (&["ZDIFFSTORE", "dst", "2", "z1", "z2"], Some(b":1\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*2\r\n$1\r\na\r\n$1\r\n1\r\n")),
        (&["ZDIFFSTORE", "dst", "2", "z1", "z2", "WEIGHTS", "1", "1"], Some(b"-ERR syntax error\r\n")),
        (&["ZDIFFSTORE", "dst", "0", "z1"], Some(b"-ERR at least 1 input key is needed for 'zdiffstore' command\r\n")),
        (&["ZUNIONSTORE", "dst", "0", "z1"], Some(b"-ERR at least 1 input key is needed for 'zunionstore' command\r\n")),
        (&["ZINTERSTORE", "dst", "0", "z1"], Some(b"-ERR at least 1 input key is needed for 'zinterstore' command\r\n")),
        (&["ZUNIONSTORE", "dst", "3", "z1", "z2"], Some(b"-ERR syntax error\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["EXPIRE", "str", "100"], Some(b":1\r\n")),
        (&["ZUNIONSTORE", "str", "1", "z1"], Some(b":3\r\n")),
        (&["TTL", "str"], Some(b":-1\r\n")),
        (&["TYPE", "str"], Some(b"+zset\r\n")),
        (&["ZUNIONSTORE", "dst", "2", "z1", "str"], Some(b":3\r\n")),
        (&["ZUNIONSTORE", "z1", "2", "z1", "z2"], Some(b":4\r\n")),
        (&["ZRANGE", "z1", "0", "-1", "WITHSCORES"], Some(b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\n5\r\n")),
        (&["ZINTERSTORE", "z1", "1", "nokey"], Some(b":0\r\n")),
        (&["EXISTS", "z1"], Some(b":0\r\n")),
        (&["ZADD", "nz", "-0", "a"], Some(b":1\r\n")),
        (&["ZSCORE", "nz", "a"], Some(b"$1\r\n0\r\n")),
        (&["ZUNIONSTORE", "dst", "1", "nz"], Some(b":1\r\n")),
        (&["ZUNIONSTORE", "dst", "1", "nokey"], Some(b":0\r\n")),
        (&["ZUNIONSTORE", "dst"], Some(b"-ERR wrong number of arguments for 'zunionstore' command\r\n")),
    ]);
}

#[test]
fn zrandmember_deterministic() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "z", "1", "a", "2", "b", "3", "c"], Some(b":3\r\n")),
        (&["ZRANDMEMBER", "nokey"], Some(b"$-1\r\n")),
        (&["ZRANDMEMBER", "nokey", "5"], Some(b"*0\r\n")),
        (&["ZRANDMEMBER", "nokey", "5", "WITHSCORES"], Some(b"*0\r\n")),
        (&["ZRANDMEMBER", "z", "0"], Some(b"*0\r\n")),
        (&["ZRANDMEMBER", "z", "0", "WITHSCORES"], Some(b"*0\r\n")),
        (&["ZRANDMEMBER", "z", "3"], Some(b"*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n")),
        (&["ZRANDMEMBER", "z", "10"], Some(b"*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n")),
        (&["ZRANDMEMBER", "z", "10", "WITHSCORES"], Some(b"*6\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n")),
        (&["ZRANDMEMBER", "z", "-9223372036854775808"], Some(b"-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n")),
        (&["ZRANDMEMBER", "z", "-9223372036854775807", "WITHSCORES"], Some(b"-ERR value is out of range\r\n")),
        (&["ZRANDMEMBER", "z", "9223372036854775807", "WITHSCORES"], Some(b"-ERR value is out of range\r\n")),
        (&["ZRANDMEMBER", "z", "1", "WITHSCORES", "x"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANDMEMBER", "z", "1", "foo"], Some(b"-ERR syntax error\r\n")),
        (&["ZRANDMEMBER", "z", "abc"], Some(b"-ERR value is not an integer or out of range\r\n")),
        (&["ZRANDMEMBER", "z", "99999999999999999999"], Some(b"-ERR value is not an integer or out of range\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["ZRANDMEMBER", "str"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZRANDMEMBER", "str", "5"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZADD", "one", "7", "only"], Some(b":1\r\n")),
        (&["ZRANDMEMBER", "one"], Some(b"$4\r\nonly\r\n")),
        (&["ZRANDMEMBER", "one", "-3"], Some(b"*3\r\n$4\r\nonly\r\n$4\r\nonly\r\n$4\r\nonly\r\n")),
        (&["ZRANDMEMBER", "one", "-2", "WITHSCORES"], Some(b"*4\r\n$4\r\nonly\r\n$1\r\n7\r\n$4\r\nonly\r\n$1\r\n7\r\n")),
        (&["ZRANDMEMBER", "one", "1", "WITHSCORES"], Some(b"*2\r\n$4\r\nonly\r\n$1\r\n7\r\n")),
        (&["HELLO", "3"], None),
        (&["ZRANDMEMBER", "z", "10", "WITHSCORES"], Some(b"*3\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1\r\n")),
        (&["ZRANDMEMBER", "one", "-2", "WITHSCORES"], Some(b"*2\r\n*2\r\n$4\r\nonly\r\n,7\r\n*2\r\n$4\r\nonly\r\n,7\r\n")),
        (&["ZRANDMEMBER", "nokey"], Some(b"_\r\n")),
        (&["ZRANDMEMBER", "nokey", "1"], Some(b"*0\r\n")),
    ]);
}

#[test]
fn zscan_small() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "z", "1.5", "a", "1e17", "b", "0.1", "c", "-0", "d", "3", "e", "inf", "f", "123456789012", "g", "-inf", "h"], Some(b":8\r\n")),
        (&["ZSCAN", "z", "0"], Some(b"*2\r\n$1\r\n0\r\n*16\r\n$1\r\nh\r\n$4\r\n-inf\r\n$1\r\nd\r\n$1\r\n0\r\n$1\r\nc\r\n$19\r\n0.10000000000000001\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\ne\r\n$1\r\n3\r\n$1\r\ng\r\n$12\r\n123456789012\r\n$1\r\nb\r\n$18\r\n100000000000000000\r\n$1\r\nf\r\n$3\r\ninf\r\n")),
        (&["ZSCAN", "z", "0", "MATCH", "[a-c]"], Some(b"*2\r\n$1\r\n0\r\n*6\r\n$1\r\nc\r\n$19\r\n0.10000000000000001\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\nb\r\n$18\r\n100000000000000000\r\n")),
        (&["ZSCAN", "z", "0", "COUNT", "1"], Some(b"*2\r\n$1\r\n0\r\n*16\r\n$1\r\nh\r\n$4\r\n-inf\r\n$1\r\nd\r\n$1\r\n0\r\n$1\r\nc\r\n$19\r\n0.10000000000000001\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\ne\r\n$1\r\n3\r\n$1\r\ng\r\n$12\r\n123456789012\r\n$1\r\nb\r\n$18\r\n100000000000000000\r\n$1\r\nf\r\n$3\r\ninf\r\n")),
        (&["ZSCAN", "z", "0", "COUNT", "0"], Some(b"-ERR syntax error\r\n")),
        (&["ZSCAN", "z", "0", "COUNT", "x"], Some(b"-ERR value is not an integer or out of range\r\n")),
        (&["ZSCAN", "z", "0", "MATCH"], Some(b"-ERR syntax error\r\n")),
        (&["ZSCAN", "z", "0", "TYPE", "zset"], Some(b"-ERR syntax error\r\n")),
        (&["ZSCAN", "z", "abc"], Some(b"-ERR invalid cursor\r\n")),
        (&["ZSCAN", "z", " 1"], Some(b"-ERR invalid cursor\r\n")),
        (&["ZSCAN", "z", "18446744073709551616"], Some(b"-ERR invalid cursor\r\n")),
        (&["ZSCAN", "nokey", "0"], Some(b"*2\r\n$1\r\n0\r\n*0\r\n")),
        (&["ZSCAN", "nokey", "abc"], Some(b"-ERR invalid cursor\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["ZSCAN", "str", "0"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["HELLO", "3"], None),
        (&["ZSCAN", "z", "0", "MATCH", "a"], Some(b"*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$3\r\n1.5\r\n")),
    ]);
}

#[test]
fn skiplist_encoding_replies() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["CONFIG", "SET", "zset-max-listpack-entries", "0"], None),
        (&["ZADD", "z", "-0", "d", "1e17", "b", "0.1", "c", "3", "e"], Some(b":4\r\n")),
        (&["ZSCORE", "z", "d"], Some(b"$2\r\n-0\r\n")),
        (&["ZRANGE", "z", "0", "-1", "WITHSCORES"], Some(b"*8\r\n$1\r\nd\r\n$2\r\n-0\r\n$1\r\nc\r\n$19\r\n0.10000000000000001\r\n$1\r\ne\r\n$1\r\n3\r\n$1\r\nb\r\n$5\r\n1e+17\r\n")),
        (&["ZADD", "one", "-0", "d"], Some(b":1\r\n")),
        (&["ZSCAN", "one", "0"], Some(b"*2\r\n$1\r\n0\r\n*2\r\n$1\r\nd\r\n$2\r\n-0\r\n")),
        (&["ZADD", "one2", "1e17", "x"], Some(b":1\r\n")),
        (&["ZSCAN", "one2", "0", "MATCH", "x"], Some(b"*2\r\n$1\r\n0\r\n*2\r\n$1\r\nx\r\n$5\r\n1e+17\r\n")),
        (&["ZSCAN", "one2", "0", "MATCH", "y"], Some(b"*2\r\n$1\r\n0\r\n*0\r\n")),
        (&["ZPOPMIN", "z"], Some(b"*2\r\n$1\r\nd\r\n$2\r\n-0\r\n")),
        (&["HELLO", "3"], None),
        (&["ZSCORE", "z", "e"], Some(b",3\r\n")),
        (&["ZRANGE", "z", "0", "-1", "WITHSCORES"], Some(b"*3\r\n*2\r\n$1\r\nc\r\n,0.10000000000000001\r\n*2\r\n$1\r\ne\r\n,3\r\n*2\r\n$1\r\nb\r\n,1e+17\r\n")),
        (&["CONFIG", "SET", "zset-max-listpack-entries", "128"], None),
    ]);
}

#[test]
fn wrongtype_and_arity() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(
        &mut c,
        &[
            (&["SET", "s", "x"], Some(b"+OK\r\n")),
            (
                &["ZADD", "s", "1", "a"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZINCRBY", "s", "1", "a"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZRANGE", "s", "0", "-1"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZRANGEBYLEX", "s", "-", "+"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZREVRANGEBYSCORE", "s", "1", "0"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZPOPMAX", "s"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZRANDMEMBER", "s", "1"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZSCAN", "s", "0"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZINTERCARD", "1", "s"],
                Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ),
            (
                &["ZADD"],
                Some(b"-ERR wrong number of arguments for 'zadd' command\r\n"),
            ),
            (
                &["ZINCRBY", "z", "1"],
                Some(b"-ERR wrong number of arguments for 'zincrby' command\r\n"),
            ),
            (
                &["ZREM", "z"],
                Some(b"-ERR wrong number of arguments for 'zrem' command\r\n"),
            ),
            (
                &["ZCARD"],
                Some(b"-ERR wrong number of arguments for 'zcard' command\r\n"),
            ),
            (
                &["ZCARD", "a", "b"],
                Some(b"-ERR wrong number of arguments for 'zcard' command\r\n"),
            ),
            (
                &["ZSCORE", "z"],
                Some(b"-ERR wrong number of arguments for 'zscore' command\r\n"),
            ),
            (
                &["ZMSCORE", "z"],
                Some(b"-ERR wrong number of arguments for 'zmscore' command\r\n"),
            ),
            (
                &["ZRANK", "z"],
                Some(b"-ERR wrong number of arguments for 'zrank' command\r\n"),
            ),
            (
                &["ZREVRANK", "z"],
                Some(b"-ERR wrong number of arguments for 'zrevrank' command\r\n"),
            ),
            (
                &["ZCOUNT", "z", "1"],
                Some(b"-ERR wrong number of arguments for 'zcount' command\r\n"),
            ),
            (
                &["ZLEXCOUNT", "z", "-"],
                Some(b"-ERR wrong number of arguments for 'zlexcount' command\r\n"),
            ),
            (
                &["ZRANGE", "z", "0"],
                Some(b"-ERR wrong number of arguments for 'zrange' command\r\n"),
            ),
            (
                &["ZRANGESTORE", "d", "z", "0"],
                Some(b"-ERR wrong number of arguments for 'zrangestore' command\r\n"),
            ),
            (
                &["ZREVRANGE", "z", "0"],
                Some(b"-ERR wrong number of arguments for 'zrevrange' command\r\n"),
            ),
            (
                &["ZRANGEBYSCORE", "z", "0"],
                Some(b"-ERR wrong number of arguments for 'zrangebyscore' command\r\n"),
            ),
            (
                &["ZREVRANGEBYSCORE", "z", "0"],
                Some(b"-ERR wrong number of arguments for 'zrevrangebyscore' command\r\n"),
            ),
            (
                &["ZRANGEBYLEX", "z", "-"],
                Some(b"-ERR wrong number of arguments for 'zrangebylex' command\r\n"),
            ),
            (
                &["ZREVRANGEBYLEX", "z", "+"],
                Some(b"-ERR wrong number of arguments for 'zrevrangebylex' command\r\n"),
            ),
            (
                &["ZREMRANGEBYRANK", "z", "0"],
                Some(b"-ERR wrong number of arguments for 'zremrangebyrank' command\r\n"),
            ),
            (
                &["ZREMRANGEBYSCORE", "z", "0"],
                Some(b"-ERR wrong number of arguments for 'zremrangebyscore' command\r\n"),
            ),
            (
                &["ZREMRANGEBYLEX", "z", "-"],
                Some(b"-ERR wrong number of arguments for 'zremrangebylex' command\r\n"),
            ),
            (
                &["ZPOPMIN"],
                Some(b"-ERR wrong number of arguments for 'zpopmin' command\r\n"),
            ),
            (
                &["ZPOPMAX"],
                Some(b"-ERR wrong number of arguments for 'zpopmax' command\r\n"),
            ),
            (
                &["ZMPOP", "1", "z"],
                Some(b"-ERR wrong number of arguments for 'zmpop' command\r\n"),
            ),
            (
                &["ZRANDMEMBER"],
                Some(b"-ERR wrong number of arguments for 'zrandmember' command\r\n"),
            ),
            (
                &["ZUNION", "1"],
                Some(b"-ERR wrong number of arguments for 'zunion' command\r\n"),
            ),
            (
                &["ZINTER", "1"],
                Some(b"-ERR wrong number of arguments for 'zinter' command\r\n"),
            ),
            (
                &["ZDIFF", "1"],
                Some(b"-ERR wrong number of arguments for 'zdiff' command\r\n"),
            ),
            (
                &["ZUNIONSTORE", "d", "1"],
                Some(b"-ERR wrong number of arguments for 'zunionstore' command\r\n"),
            ),
            (
                &["ZINTERSTORE", "d", "1"],
                Some(b"-ERR wrong number of arguments for 'zinterstore' command\r\n"),
            ),
            (
                &["ZDIFFSTORE", "d", "1"],
                Some(b"-ERR wrong number of arguments for 'zdiffstore' command\r\n"),
            ),
            (
                &["ZINTERCARD", "1"],
                Some(b"-ERR wrong number of arguments for 'zintercard' command\r\n"),
            ),
            (
                &["ZSCAN", "z"],
                Some(b"-ERR wrong number of arguments for 'zscan' command\r\n"),
            ),
        ],
    );
}

#[test]
fn generic_key_commands() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(
        &mut c,
        &[
            (&["ZADD", "z", "1", "a", "2", "b"], Some(b":2\r\n")),
            (&["TYPE", "z"], Some(b"+zset\r\n")),
            (&["RENAME", "z", "z2"], Some(b"+OK\r\n")),
            (
                &["ZRANGE", "z2", "0", "-1", "WITHSCORES"],
                Some(b"*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"),
            ),
            (&["COPY", "z2", "z3"], Some(b":1\r\n")),
            (&["ZADD", "z3", "3", "c"], Some(b":1\r\n")),
            (&["ZCARD", "z2"], Some(b":2\r\n")),
            (&["ZCARD", "z3"], Some(b":3\r\n")),
            (&["MOVE", "z3", "1"], Some(b":1\r\n")),
            (&["SELECT", "1"], Some(b"+OK\r\n")),
            (
                &["ZRANGE", "z3", "0", "-1"],
                Some(b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"),
            ),
            (&["SELECT", "0"], Some(b"+OK\r\n")),
            (&["EXPIRE", "z2", "100"], Some(b":1\r\n")),
            (&["TTL", "z2"], Some(b":100\r\n")),
            (&["ZADD", "z2", "5", "e"], Some(b":1\r\n")),
            (&["TTL", "z2"], Some(b":100\r\n")),
            (&["ZREM", "z2", "a", "b", "e"], Some(b":3\r\n")),
            (&["EXISTS", "z2"], Some(b":0\r\n")),
            (&["TTL", "z2"], Some(b":-2\r\n")),
            (&["ZADD", "z", "1", "a"], Some(b":1\r\n")),
            (&["SET", "k", "v"], Some(b"+OK\r\n")),
            (
                &["SCAN", "0", "TYPE", "zset"],
                Some(b"*2\r\n$1\r\n0\r\n*1\r\n$1\r\nz\r\n"),
            ),
            (&["DEL", "z"], Some(b":1\r\n")),
            (&["EXISTS", "z"], Some(b":0\r\n")),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Model-based randomized test: random command sequences against a sorted Vec model, replies
// compared byte for byte with what the model says Redis replies.

/// xorshift64*, seeded from the clock (printed on failure so a run can be replayed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

type Model = std::collections::HashMap<String, Vec<(f64, String)>>;

fn sort(z: &mut [(f64, String)]) {
    z.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap().then_with(|| a.1.cmp(&b.1)));
}

/// Scores are halves (or infinities), so `%.17g` is just the shortest form.
fn fmt_score(s: f64) -> String {
    if s.is_infinite() {
        if s > 0.0 { "inf".into() } else { "-inf".into() }
    } else if s.fract() == 0.0 {
        format!("{}", s as i64)
    } else {
        format!("{s}")
    }
}

fn score_arg(rng: &mut Rng) -> (String, f64) {
    match rng.below(12) {
        0 => ("+inf".into(), f64::INFINITY),
        1 => ("-inf".into(), f64::NEG_INFINITY),
        _ => {
            let k = rng.below(41) as i64 - 20;
            let s = k as f64 / 2.0;
            (fmt_score(s), s)
        }
    }
}

fn member(rng: &mut Rng) -> String {
    let n = rng.below(16);
    if n == 15 {
        format!("{}{}", "long-".repeat(14), rng.below(3))
    } else {
        format!("m{n}")
    }
}

struct Exp(Vec<u8>);

impl Exp {
    fn new() -> Exp {
        Exp(Vec::new())
    }
    fn int(mut self, n: i64) -> Exp {
        self.0.extend_from_slice(format!(":{n}\r\n").as_bytes());
        self
    }
    fn bulk(mut self, s: &str) -> Exp {
        self.0
            .extend_from_slice(format!("${}\r\n{s}\r\n", s.len()).as_bytes());
        self
    }
    fn null(mut self) -> Exp {
        self.0.extend_from_slice(b"$-1\r\n");
        self
    }
    fn array(mut self, n: usize) -> Exp {
        self.0.extend_from_slice(format!("*{n}\r\n").as_bytes());
        self
    }
    fn err(mut self, s: &str) -> Exp {
        self.0.extend_from_slice(format!("-{s}\r\n").as_bytes());
        self
    }
    fn items<'a>(mut self, items: impl Iterator<Item = &'a (f64, String)>, scores: bool) -> Exp {
        let items: Vec<_> = items.collect();
        self = self.array(if scores { items.len() * 2 } else { items.len() });
        for (s, m) in items {
            self = self.bulk(m);
            if scores {
                self = self.bulk(&fmt_score(*s));
            }
        }
        self
    }
}

fn in_score_range(s: f64, min: f64, minex: bool, max: f64, maxex: bool) -> bool {
    (if minex { s > min } else { s >= min }) && (if maxex { s < max } else { s <= max })
}

/// A random score bound: its argument text, value and whether it is exclusive.
fn bound(rng: &mut Rng) -> (String, f64, bool) {
    let (text, v) = score_arg(rng);
    if rng.below(3) == 0 {
        (format!("({text}"), v, true)
    } else {
        (text, v, false)
    }
}

fn lex_bound(rng: &mut Rng) -> (String, Option<(String, bool)>, i8) {
    match rng.below(8) {
        0 => ("-".into(), None, -1),
        1 => ("+".into(), None, 1),
        _ => {
            let m = member(rng);
            let ex = rng.below(2) == 0;
            (
                format!("{}{m}", if ex { '(' } else { '[' }),
                Some((m, ex)),
                0,
            )
        }
    }
}

fn lex_gte_min(v: &str, b: &(String, Option<(String, bool)>, i8)) -> bool {
    match (&b.1, b.2) {
        (_, -1) => true,
        (_, 1) => false,
        (Some((m, ex)), _) => {
            if *ex {
                v > m.as_str()
            } else {
                v >= m.as_str()
            }
        }
        _ => unreachable!(),
    }
}

fn lex_lte_max(v: &str, b: &(String, Option<(String, bool)>, i8)) -> bool {
    match (&b.1, b.2) {
        (_, -1) => false,
        (_, 1) => true,
        (Some((m, ex)), _) => {
            if *ex {
                v < m.as_str()
            } else {
                v <= m.as_str()
            }
        }
        _ => unreachable!(),
    }
}

/// The elements a LIMIT selects (negative offset: none; negative count: all the rest).
fn limited<T: Clone>(v: Vec<T>, offset: i64, count: i64) -> Vec<T> {
    if offset < 0 {
        return Vec::new();
    }
    let rest = v.into_iter().skip(offset as usize);
    if count < 0 {
        rest.collect()
    } else {
        rest.take(count as usize).collect()
    }
}

fn rank_range(len: usize, start: i64, end: i64) -> Option<(usize, usize)> {
    let len = len as i64;
    let mut start = if start < 0 { start + len } else { start };
    let mut end = if end < 0 { end + len } else { end };
    start = start.max(0);
    if start > end || start >= len {
        return None;
    }
    end = end.min(len - 1);
    Some((start as usize, end as usize))
}

/// Runs one random command on both sides; returns (command, expected reply) or None when the
/// reply is checked another way.
fn step(rng: &mut Rng, model: &mut Model, c: &mut Client) {
    let keys = ["z1", "z2", "z3"];
    let key = rng.pick(&keys).to_string();
    let z = model.get(&key).cloned().unwrap_or_default();
    let find = |z: &[(f64, String)], m: &str| z.iter().position(|e| e.1 == m);
    let mut args: Vec<String> = Vec::new();
    let exp: Exp;
    let mut newz = z.clone();
    match rng.below(20) {
        0..=3 => {
            args.push("ZADD".into());
            args.push(key.clone());
            let (nx, xx, gt, lt, ch) = match rng.below(8) {
                0 => (true, false, false, false, false),
                1 => (false, true, false, false, true),
                2 => (false, false, true, false, true),
                3 => (false, false, false, true, false),
                4 => (false, true, true, false, false),
                5 => (false, false, false, false, true),
                _ => (false, false, false, false, false),
            };
            for (f, name) in [(nx, "NX"), (xx, "XX"), (gt, "GT"), (lt, "LT"), (ch, "CH")] {
                if f {
                    args.push(name.into());
                }
            }
            let (mut added, mut changed) = (0, 0);
            for _ in 0..1 + rng.below(3) {
                let (text, s) = score_arg(rng);
                let m = member(rng);
                args.push(text);
                args.push(m.clone());
                match find(&newz, &m) {
                    Some(p) => {
                        let cur = newz[p].0;
                        if nx || (lt && s >= cur) || (gt && s <= cur) {
                            continue;
                        }
                        if s != cur {
                            newz[p].0 = s;
                            changed += 1;
                        }
                    }
                    None if !xx => {
                        newz.push((s, m));
                        added += 1;
                    }
                    None => {}
                }
                sort(&mut newz);
            }
            exp = Exp::new().int(if ch { added + changed } else { added });
        }
        4 => {
            let (text, inc) = score_arg(rng);
            let m = member(rng);
            args = vec!["ZINCRBY".into(), key.clone(), text, m.clone()];
            let cur = find(&newz, &m).map_or(0.0, |p| newz[p].0);
            let s = cur + inc;
            if s.is_nan() {
                exp = Exp::new().err("ERR resulting score is not a number (NaN)");
            } else {
                match find(&newz, &m) {
                    Some(p) => newz[p].0 = s,
                    None => newz.push((s, m)),
                }
                sort(&mut newz);
                exp = Exp::new().bulk(&fmt_score(s));
            }
        }
        5 => {
            let (a, b) = (member(rng), member(rng));
            args = vec!["ZREM".into(), key.clone(), a.clone(), b.clone()];
            let before = newz.len();
            newz.retain(|e| e.1 != a && e.1 != b);
            exp = Exp::new().int((before - newz.len()) as i64);
        }
        6 => {
            let m = member(rng);
            let which = rng.pick(&["ZSCORE", "ZRANK", "ZREVRANK"]);
            args = vec![which.into(), key.clone(), m.clone()];
            exp = match (find(&z, &m), which) {
                (None, _) => Exp::new().null(),
                (Some(p), "ZSCORE") => Exp::new().bulk(&fmt_score(z[p].0)),
                (Some(p), "ZRANK") => Exp::new().int(p as i64),
                (Some(p), _) => Exp::new().int((z.len() - 1 - p) as i64),
            };
        }
        7 => {
            args = vec!["ZCARD".into(), key.clone()];
            exp = Exp::new().int(z.len() as i64);
        }
        8 | 9 => {
            let (start, end) = (rng.below(12) as i64 - 6, rng.below(12) as i64 - 6);
            let rev = rng.below(2) == 0;
            let ws = rng.below(2) == 0;
            args = vec![
                "ZRANGE".into(),
                key.clone(),
                start.to_string(),
                end.to_string(),
            ];
            if rev {
                args.push("REV".into());
            }
            if ws {
                args.push("WITHSCORES".into());
            }
            let ordered: Vec<(f64, String)> = if rev {
                z.iter().rev().cloned().collect()
            } else {
                z.clone()
            };
            let sel = rank_range(z.len(), start, end)
                .map_or(Vec::new(), |(a, b)| ordered[a..=b].to_vec());
            exp = Exp::new().items(sel.iter(), ws);
        }
        10 | 11 => {
            let (lo, hi) = (bound(rng), bound(rng));
            let rev = rng.below(2) == 0;
            let ws = rng.below(2) == 0;
            let lim = rng.below(2) == 0;
            let (offset, count) = (rng.below(5) as i64 - 1, rng.below(6) as i64 - 1);
            if rev {
                args = vec![
                    "ZREVRANGEBYSCORE".into(),
                    key.clone(),
                    hi.0.clone(),
                    lo.0.clone(),
                ];
            } else {
                args = vec![
                    "ZRANGEBYSCORE".into(),
                    key.clone(),
                    lo.0.clone(),
                    hi.0.clone(),
                ];
            }
            if ws {
                args.push("WITHSCORES".into());
            }
            let mut sel: Vec<(f64, String)> = z
                .iter()
                .filter(|e| in_score_range(e.0, lo.1, lo.2, hi.1, hi.2))
                .cloned()
                .collect();
            if rev {
                sel.reverse();
            }
            if lim {
                args.extend(["LIMIT".into(), offset.to_string(), count.to_string()]);
                sel = limited(sel, offset, count);
            }
            exp = Exp::new().items(sel.iter(), ws);
        }
        12 => {
            let (lo, hi) = (bound(rng), bound(rng));
            args = vec!["ZCOUNT".into(), key.clone(), lo.0.clone(), hi.0.clone()];
            let n = z
                .iter()
                .filter(|e| in_score_range(e.0, lo.1, lo.2, hi.1, hi.2))
                .count();
            exp = Exp::new().int(n as i64);
        }
        13 => {
            if rng.below(2) == 0 {
                let (start, end) = (rng.below(10) as i64 - 5, rng.below(10) as i64 - 5);
                args = vec![
                    "ZREMRANGEBYRANK".into(),
                    key.clone(),
                    start.to_string(),
                    end.to_string(),
                ];
                let n = match rank_range(z.len(), start, end) {
                    Some((a, b)) => {
                        newz.drain(a..=b);
                        b - a + 1
                    }
                    None => 0,
                };
                exp = Exp::new().int(n as i64);
            } else {
                let (lo, hi) = (bound(rng), bound(rng));
                args = vec![
                    "ZREMRANGEBYSCORE".into(),
                    key.clone(),
                    lo.0.clone(),
                    hi.0.clone(),
                ];
                newz.retain(|e| !in_score_range(e.0, lo.1, lo.2, hi.1, hi.2));
                exp = Exp::new().int((z.len() - newz.len()) as i64);
            }
        }
        14 => {
            let max = rng.below(2) == 0;
            let count = rng.below(4);
            args = vec![
                if max { "ZPOPMAX" } else { "ZPOPMIN" }.into(),
                key.clone(),
                count.to_string(),
            ];
            let n = count.min(z.len());
            let popped: Vec<(f64, String)> = if max {
                let v: Vec<_> = newz.drain(z.len() - n..).collect();
                v.into_iter().rev().collect()
            } else {
                newz.drain(..n).collect()
            };
            exp = Exp::new().items(popped.iter(), true);
        }
        15 => {
            let dst = rng.pick(&keys).to_string();
            let (a, b) = (rng.pick(&keys).to_string(), rng.pick(&keys).to_string());
            let op = rng.pick(&["ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"]);
            args = vec![op.into(), dst.clone(), "2".into(), a.clone(), b.clone()];
            let (za, zb) = (
                model.get(&a).cloned().unwrap_or_default(),
                model.get(&b).cloned().unwrap_or_default(),
            );
            let (mut wa, mut wb, mut agg) = (1.0, 1.0, "SUM");
            if op != "ZDIFFSTORE" {
                if rng.below(2) == 0 {
                    // No negative or zero weights: they make -0, which a listpack would print
                    // as 0 and a skiplist as -0 (covered by the golden tests instead).
                    let w = ["1", "2", "3"];
                    let (x, y) = (rng.pick(&w), rng.pick(&w));
                    (wa, wb) = (x.parse().unwrap(), y.parse().unwrap());
                    args.extend(["WEIGHTS".into(), x.into(), y.into()]);
                }
                if rng.below(2) == 0 {
                    agg = rng.pick(&["SUM", "MIN", "MAX"]);
                    args.extend(["AGGREGATE".into(), agg.into()]);
                }
            }
            let nz = |v: f64| if v.is_nan() { 0.0 } else { v };
            let combine = |x: f64, y: f64| match agg {
                "SUM" => nz(x + y),
                "MIN" => {
                    if y < x {
                        y
                    } else {
                        x
                    }
                }
                _ => {
                    if y > x {
                        y
                    } else {
                        x
                    }
                }
            };
            // Redis takes the smaller input first (stable order for equal sizes).
            let (first, fw, second, sw) = if op != "ZDIFFSTORE" && zb.len() < za.len() {
                (&zb, wb, &za, wa)
            } else {
                (&za, wa, &zb, wb)
            };
            let mut res: Vec<(f64, String)> = Vec::new();
            match op {
                "ZUNIONSTORE" => {
                    for (s, m) in first {
                        res.push((nz(s * fw), m.clone()));
                    }
                    for (s, m) in second {
                        let v = nz(s * sw);
                        match res.iter_mut().find(|e| &e.1 == m) {
                            Some(e) => e.0 = combine(e.0, v),
                            None => res.push((v, m.clone())),
                        }
                    }
                }
                "ZINTERSTORE" => {
                    for (s, m) in first {
                        if let Some(p) = find(second, m) {
                            res.push((combine(nz(s * fw), second[p].0 * sw), m.clone()));
                        }
                    }
                }
                _ => {
                    for (s, m) in first {
                        if find(second, m).is_none() {
                            res.push((*s, m.clone()));
                        }
                    }
                }
            }
            sort(&mut res);
            exp = Exp::new().int(res.len() as i64);
            let got = c.cmd(&args.iter().map(|s| s.as_str()).collect::<Vec<_>>());
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&exp.0),
                "{args:?}"
            );
            if res.is_empty() {
                model.remove(&dst);
            } else {
                model.insert(dst, res);
            }
            return;
        }
        16 => {
            let count = rng.below(8);
            args = vec!["ZRANDMEMBER".into(), key.clone(), count.to_string()];
            let got = c.cmd(&args.iter().map(|s| s.as_str()).collect::<Vec<_>>());
            let text = String::from_utf8_lossy(&got).into_owned();
            let lines: Vec<&str> = text.split("\r\n").collect();
            let n: usize = lines[0][1..].parse().unwrap();
            assert_eq!(n, count.min(z.len()), "{args:?}: {text:?}");
            let mut seen: Vec<&str> = (0..n).map(|i| lines[2 + 2 * i]).collect();
            assert!(seen.iter().all(|m| find(&z, m).is_some()), "{text:?}");
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), n, "repeats in {text:?}");
            return;
        }
        _ => {
            // Lex commands on the all-zero-score key.
            let key = "lex".to_string();
            let z = model.get(&key).cloned().unwrap_or_default();
            newz = z.clone();
            match rng.below(4) {
                0 => {
                    let m = member(rng);
                    args = vec!["ZADD".into(), key.clone(), "0".into(), m.clone()];
                    let added = find(&z, &m).is_none();
                    if added {
                        newz.push((0.0, m));
                        sort(&mut newz);
                    }
                    exp = Exp::new().int(added as i64);
                }
                which => {
                    let (lo, hi) = (lex_bound(rng), lex_bound(rng));
                    let sel: Vec<(f64, String)> = z
                        .iter()
                        .filter(|e| lex_gte_min(&e.1, &lo) && lex_lte_max(&e.1, &hi))
                        .cloned()
                        .collect();
                    match which {
                        1 => {
                            args = vec!["ZLEXCOUNT".into(), key.clone(), lo.0, hi.0];
                            exp = Exp::new().int(sel.len() as i64);
                        }
                        2 => {
                            let rev = rng.below(2) == 0;
                            let mut sel = sel;
                            args = if rev {
                                sel.reverse();
                                vec!["ZREVRANGEBYLEX".into(), key.clone(), hi.0, lo.0]
                            } else {
                                vec!["ZRANGEBYLEX".into(), key.clone(), lo.0, hi.0]
                            };
                            if rng.below(2) == 0 {
                                let (o, n) = (rng.below(4) as i64, rng.below(5) as i64 - 1);
                                args.extend(["LIMIT".into(), o.to_string(), n.to_string()]);
                                sel = limited(sel, o, n);
                            }
                            exp = Exp::new().items(sel.iter(), false);
                        }
                        _ => {
                            args = vec!["ZREMRANGEBYLEX".into(), key.clone(), lo.0, hi.0];
                            newz.retain(|e| !sel.contains(e));
                            exp = Exp::new().int(sel.len() as i64);
                        }
                    }
                }
            }
            let got = c.cmd(&args.iter().map(|s| s.as_str()).collect::<Vec<_>>());
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&exp.0),
                "{args:?}"
            );
            if newz.is_empty() {
                model.remove(&key);
            } else {
                model.insert(key, newz);
            }
            return;
        }
    }
    let got = c.cmd(&args.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&exp.0),
        "{args:?} on {z:?}"
    );
    if newz.is_empty() {
        model.remove(&key);
    } else {
        model.insert(key, newz);
    }
}

#[test]
fn randomized_against_a_model() {
    let seed = std::env::var("ZSET_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("ZSET_SEED={seed}");
    // ZSET_MODEL_PORT=N checks the model itself against a server already running on port N
    // (e.g. a real redis-server; it is flushed).
    let port = std::env::var("ZSET_MODEL_PORT")
        .ok()
        .and_then(|p| p.parse().ok());
    let server = port.is_none().then(|| Server::start(&[]));
    let mut c = match (&server, port) {
        (Some(s), _) => s.client(),
        (None, Some(p)) => Client::connect(p),
        (None, None) => unreachable!(),
    };
    c.cmd(&["FLUSHALL"]);
    let mut rng = Rng(seed);
    let mut model = Model::new();
    for i in 0..20_000 {
        step(&mut rng, &mut model, &mut c);
        if i % 500 == 0 {
            // Emptied sets must be gone; existing ones must be sorted sets.
            for key in ["z1", "z2", "z3", "lex"] {
                let want: &[u8] = if model.contains_key(key) {
                    b"+zset\r\n"
                } else {
                    b"+none\r\n"
                };
                assert_eq!(c.cmd(&["TYPE", key]), want, "TYPE {key} (seed {seed})");
            }
        }
    }
}

/// Bulk strings of a flat reply array (members and scores alike), in order.
fn bulks(reply: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(reply).into_owned();
    let lines: Vec<&str> = text.split("\r\n").collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with('$') {
            out.push(lines[i + 1].to_string());
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn zscan_large_set_returns_members_present_throughout() {
    let server = Server::start(&[]);
    let mut c = server.client();
    let n = 1000;
    for i in 0..n {
        let (s, m) = (format!("{}", i as f64 / 4.0), format!("m{i}"));
        assert_eq!(c.cmd(&["ZADD", "z", &s, &m]), b":1\r\n");
    }
    let mut seen = std::collections::HashSet::new();
    let mut cursor = "0".to_string();
    let mut calls = 0;
    loop {
        let reply = c.cmd(&["ZSCAN", "z", &cursor, "COUNT", "7"]);
        let items = bulks(&reply);
        cursor = items[0].clone();
        for pair in items[1..].chunks(2) {
            if pair[0].starts_with("new") {
                assert_eq!(pair[1], "1");
                continue;
            }
            let i: usize = pair[0][1..].parse().unwrap();
            assert_eq!(
                pair[1],
                format!("{}", i as f64 / 4.0),
                "score of {}",
                pair[0]
            );
            seen.insert(i);
        }
        calls += 1;
        // Churn while iterating: members >= 900 come and go, the rest stay.
        let churn = format!("m{}", 900 + calls % 100);
        c.cmd(&["ZREM", "z", &churn]);
        c.cmd(&["ZADD", "z", "1", &format!("new{calls}")]);
        if cursor == "0" {
            break;
        }
        assert!(calls < 10_000, "ZSCAN did not terminate");
    }
    for i in 0..900 {
        assert!(
            seen.contains(&i),
            "m{i} was present throughout but not returned"
        );
    }
    // MATCH filters members; a full iteration still ends at 0.
    let reply = c.cmd(&["ZSCAN", "z", "0", "MATCH", "m1?", "COUNT", "100000"]);
    let items = bulks(&reply);
    assert_eq!(items[0], "0");
    let mut got: Vec<&str> = items[1..].chunks(2).map(|p| p[0].as_str()).collect();
    got.sort();
    let mut want: Vec<String> = (10..20).map(|i| format!("m{i}")).collect();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn zrandmember_distinct_repeated_and_resp3_shapes() {
    let server = Server::start(&[]);
    let mut c = server.client();
    for i in 0..300 {
        c.cmd(&["ZADD", "z", &i.to_string(), &format!("m{i}")]);
    }
    // Positive counts: distinct members, both strategies (few of many, most of the set).
    for count in [1usize, 10, 99, 150, 299, 300, 1000] {
        let items = bulks(&c.cmd(&["ZRANDMEMBER", "z", &count.to_string(), "WITHSCORES"]));
        assert_eq!(items.len(), 2 * count.min(300));
        let mut members = std::collections::HashSet::new();
        for pair in items.chunks(2) {
            let i: usize = pair[0][1..].parse().unwrap();
            assert_eq!(pair[1], i.to_string());
            assert!(members.insert(i), "{} twice for count {count}", pair[0]);
        }
    }
    // Negative counts: exactly that many, repeats allowed, every member eventually.
    let items = bulks(&c.cmd(&["ZRANDMEMBER", "z", "-3000"]));
    assert_eq!(items.len(), 3000);
    let distinct: std::collections::HashSet<_> = items.iter().collect();
    assert!(
        distinct.len() > 250,
        "only {} distinct of 300",
        distinct.len()
    );
    // Without a count: one member.
    let one = bulks(&c.cmd(&["ZRANDMEMBER", "z"]));
    assert_eq!(one.len(), 1);
    assert!(one[0].starts_with('m'));
    // RESP3: [member, score] pairs.
    c.cmd(&["HELLO", "3"]);
    let reply = c.cmd(&["ZRANDMEMBER", "z", "-2", "WITHSCORES"]);
    let text = String::from_utf8_lossy(&reply);
    assert!(text.starts_with("*2\r\n*2\r\n$"), "{text}");
    assert_eq!(text.matches(",").count(), 2, "{text}");
}

#[test]
fn large_sets_keep_order_ranks_and_pops() {
    let server = Server::start(&[]);
    let mut c = server.client();
    let n = 5000;
    let mut args: Vec<String> = vec!["ZADD".into(), "z".into()];
    for i in 0..n {
        // Scores in a scrambled order; equal scores order by member.
        args.push(((i * 7919) % 1000).to_string());
        args.push(format!("m{i:05}"));
    }
    let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    assert_eq!(c.cmd(&refs), format!(":{n}\r\n").into_bytes());
    let mut model: Vec<(i64, String)> = (0..n)
        .map(|i| (((i * 7919) % 1000) as i64, format!("m{i:05}")))
        .collect();
    model.sort();
    for probe in [0usize, 1, 2499, 4998, 4999] {
        let (s, m) = &model[probe];
        assert_eq!(
            c.cmd(&["ZRANK", "z", m]),
            format!(":{probe}\r\n").into_bytes()
        );
        assert_eq!(
            c.cmd(&["ZREVRANK", "z", m]),
            format!(":{}\r\n", n - 1 - probe).into_bytes()
        );
        assert_eq!(
            bulks(&c.cmd(&[
                "ZRANGE",
                "z",
                &probe.to_string(),
                &probe.to_string(),
                "WITHSCORES"
            ])),
            vec![m.clone(), s.to_string()]
        );
    }
    let want: Vec<String> = model
        .iter()
        .filter(|(s, _)| (100..=102).contains(s))
        .map(|(_, m)| m.clone())
        .collect();
    assert_eq!(bulks(&c.cmd(&["ZRANGEBYSCORE", "z", "100", "102"])), want);
    assert_eq!(
        c.cmd(&["ZCOUNT", "z", "100", "102"]),
        format!(":{}\r\n", want.len()).into_bytes()
    );
    let popped = bulks(&c.cmd(&["ZPOPMAX", "z", "3"]));
    let top: Vec<String> = model
        .iter()
        .rev()
        .take(3)
        .flat_map(|(s, m)| [m.clone(), s.to_string()])
        .collect();
    assert_eq!(popped, top);
    assert_eq!(
        c.cmd(&["ZREMRANGEBYRANK", "z", "0", "-1"]),
        format!(":{}\r\n", n - 3).into_bytes()
    );
    assert_eq!(c.cmd(&["EXISTS", "z"]), b":0\r\n");
}
#[test]
fn bzpop_without_blocking() {
    let server = Server::start(&[]);
    let mut c = server.client();
    golden(&mut c, &[
        (&["ZADD", "z", "1", "a", "2", "b", "3", "c"], Some(b":3\r\n")),
        (&["BZPOPMIN", "z", "0"], Some(b"*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n")),
        (&["BZPOPMAX", "nokey", "z", "0"], Some(b"*3\r\n$1\r\nz\r\n$1\r\nc\r\n$1\r\n3\r\n")),
        (&["BZPOPMIN", "z", "1.5"], Some(b"*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n2\r\n")),
        (&["EXISTS", "z"], Some(b":0\r\n")),
        (&["BZPOPMIN", "z", "0.01"], Some(b"*-1\r\n")),
        (&["BZPOPMIN", "z", "-1"], Some(b"-ERR timeout is negative\r\n")),
        (&["BZPOPMIN", "z", "abc"], Some(b"-ERR timeout is not a float or out of range\r\n")),
        (&["BZPOPMIN", "z", "inf"], Some(b"-ERR timeout is negative\r\n")),
        (&["SET", "str", "x"], Some(b"+OK\r\n")),
        (&["BZPOPMIN", "str", "0"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["BZPOPMAX", "nokey", "str", "0"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZADD", "z", "1", "a", "2", "b", "3", "c"], Some(b":3\r\n")),
        (&["BZMPOP", "0", "1", "z", "MIN"], Some(b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n")),
        (&["BZMPOP", "0", "2", "nokey", "z", "MAX", "COUNT", "5"], Some(b"*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n")),
        (&["BZMPOP", "0", "0", "z", "MIN"], Some(b"-ERR numkeys should be greater than 0\r\n")),
        (&["BZMPOP", "0", "1", "z", "FOO"], Some(b"-ERR syntax error\r\n")),
        (&["BZMPOP", "0", "1", "z", "MIN", "COUNT", "0"], Some(b"-ERR count should be greater than 0\r\n")),
        (&["BZMPOP", "x", "1", "z", "MIN"], Some(b"-ERR timeout is not a float or out of range\r\n")),
        (&["BZMPOP", "-1", "1", "z", "MIN"], Some(b"-ERR timeout is negative\r\n")),
        (&["BZMPOP", "0", "1", "str", "MIN"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["BZMPOP", "0.01", "1", "z", "MIN"], Some(b"*-1\r\n")),
        (&["BZPOPMIN", "z"], Some(b"-ERR wrong number of arguments for 'bzpopmin' command\r\n")),
        (&["BZMPOP", "0", "1", "z"], Some(b"-ERR wrong number of arguments for 'bzmpop' command\r\n")),
        (&["MULTI"], Some(b"+OK\r\n")),
        (&["BZPOPMIN", "nokey", "0"], Some(b"+QUEUED\r\n")),
        (&["BZMPOP", "0", "1", "nokey", "MIN"], Some(b"+QUEUED\r\n")),
        (&["EXEC"], Some(b"*2\r\n*-1\r\n*-1\r\n")),
        (&["HELLO", "3"], None),
        (&["ZADD", "z", "1", "a", "2", "b"], Some(b":2\r\n")),
        (&["BZPOPMIN", "z", "0"], Some(b"*3\r\n$1\r\nz\r\n$1\r\na\r\n,1\r\n")),
        (&["BZMPOP", "0", "1", "z", "MAX", "COUNT", "2"], Some(b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nb\r\n,2\r\n")),
        (&["MULTI"], Some(b"+OK\r\n")),
        (&["BZPOPMAX", "nokey", "0"], Some(b"+QUEUED\r\n")),
        (&["EXEC"], Some(b"*1\r\n_\r\n")),
    ]);
}

#[test]
fn bzpop_blocks_until_zadd_or_timeout() {
    let server = Server::start(&[]);
    let mut waiter = server.client();
    let mut other = server.client();
    // Blocks on two missing keys; a ZADD to the second serves it, naming the key.
    waiter.send(&Client::encode(&[b"BZPOPMIN", b"k1", b"k2", b"0"]));
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_eq!(other.cmd(&["ZADD", "k2", "5", "x", "7", "y"]), b":2\r\n");
    assert_eq!(
        waiter.read_reply(),
        b"*3\r\n$2\r\nk2\r\n$1\r\nx\r\n$1\r\n5\r\n"
    );
    assert_eq!(
        other.cmd(&["ZRANGE", "k2", "0", "-1"]),
        b"*1\r\n$1\r\ny\r\n"
    );
    // BZMPOP with COUNT, served by a store command creating the key.
    waiter.send(&Client::encode(&[
        b"BZMPOP", b"0", b"1", b"dst", b"MAX", b"COUNT", b"5",
    ]));
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_eq!(other.cmd(&["ZUNIONSTORE", "dst", "1", "k2"]), b":1\r\n");
    assert_eq!(
        waiter.read_reply(),
        b"*2\r\n$3\r\ndst\r\n*1\r\n*2\r\n$1\r\ny\r\n$1\r\n7\r\n"
    );
    assert_eq!(other.cmd(&["EXISTS", "dst"]), b":0\r\n");
    // A list pushed to the key does not serve a sorted set waiter; the timeout does.
    let started = std::time::Instant::now();
    waiter.send(&Client::encode(&[b"BZPOPMAX", b"k3", b"0.3"]));
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(other.cmd(&["RPUSH", "k3", "a"]), b":1\r\n");
    assert_eq!(waiter.read_reply(), b"*-1\r\n");
    assert!(started.elapsed() >= std::time::Duration::from_millis(250));
    // Two waiters on one key are served in the order they blocked.
    let mut second = server.client();
    waiter.send(&Client::encode(&[b"BZPOPMIN", b"k4", b"0"]));
    std::thread::sleep(std::time::Duration::from_millis(50));
    second.send(&Client::encode(&[b"BZPOPMIN", b"k4", b"0"]));
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(other.cmd(&["ZADD", "k4", "1", "a", "2", "b"]), b":2\r\n");
    assert_eq!(
        waiter.read_reply(),
        b"*3\r\n$2\r\nk4\r\n$1\r\na\r\n$1\r\n1\r\n"
    );
    assert_eq!(
        second.read_reply(),
        b"*3\r\n$2\r\nk4\r\n$1\r\nb\r\n$1\r\n2\r\n"
    );
}

/// ZUNION & co. take plain sets as inputs, every member scoring 1.
#[test]
fn set_inputs_score_one() {
    let server = Server::start(&[]);
    let mut c = server.client();
    // Plain sets come from another branch: until SADD exists this test has nothing to check.
    if c.cmd(&["SADD", "probe", "x"]).starts_with(b"-") {
        eprintln!("SADD is not served yet: skipping set inputs");
        return;
    }
    c.cmd(&["DEL", "probe"]);
    golden(&mut c, &[
        (&["ZADD", "z1", "1", "a", "2", "b", "3", "c"], Some(b":3\r\n")),
        (&["SADD", "s1", "a", "d", "e"], Some(b":3\r\n")),
        (&["SADD", "s2", "1", "2", "3"], Some(b":3\r\n")),
        (&["ZADD", "zi", "1", "1", "5", "5"], Some(b":2\r\n")),
        (&["ZUNION", "2", "z1", "s1", "WITHSCORES"], Some(b"*10\r\n$1\r\nd\r\n$1\r\n1\r\n$1\r\ne\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n")),
        (&["ZUNION", "2", "z1", "s1", "WEIGHTS", "2", "3", "WITHSCORES"], Some(b"*10\r\n$1\r\nd\r\n$1\r\n3\r\n$1\r\ne\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n4\r\n$1\r\na\r\n$1\r\n5\r\n$1\r\nc\r\n$1\r\n6\r\n")),
        (&["ZUNION", "2", "z1", "s1", "AGGREGATE", "MAX", "WITHSCORES"], Some(b"*10\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nd\r\n$1\r\n1\r\n$1\r\ne\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n")),
        (&["ZINTER", "2", "z1", "s1", "WITHSCORES"], Some(b"*2\r\n$1\r\na\r\n$1\r\n2\r\n")),
        (&["ZINTER", "2", "s1", "z1", "WEIGHTS", "5", "1", "WITHSCORES"], Some(b"*2\r\n$1\r\na\r\n$1\r\n6\r\n")),
        (&["ZINTER", "2", "s2", "zi", "AGGREGATE", "MIN", "WITHSCORES"], Some(b"*2\r\n$1\r\n1\r\n$1\r\n1\r\n")),
        (&["ZDIFF", "2", "z1", "s1", "WITHSCORES"], Some(b"*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n")),
        (&["ZDIFF", "2", "s1", "z1", "WITHSCORES"], Some(b"*4\r\n$1\r\nd\r\n$1\r\n1\r\n$1\r\ne\r\n$1\r\n1\r\n")),
        (&["ZINTERCARD", "2", "z1", "s1"], Some(b":1\r\n")),
        (&["ZINTERCARD", "2", "s2", "zi"], Some(b":1\r\n")),
        (&["ZUNIONSTORE", "dst", "2", "s1", "s2"], Some(b":6\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*12\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nd\r\n$1\r\n1\r\n$1\r\ne\r\n$1\r\n1\r\n")),
        (&["ZINTERSTORE", "dst", "2", "s2", "zi", "WEIGHTS", "1", "2"], Some(b":1\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*2\r\n$1\r\n1\r\n$1\r\n3\r\n")),
        (&["ZDIFFSTORE", "dst", "1", "s1"], Some(b":3\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nd\r\n$1\r\n1\r\n$1\r\ne\r\n$1\r\n1\r\n")),
        (&["ZUNIONSTORE", "dst", "1", "s1", "WEIGHTS", "inf"], Some(b":3\r\n")),
        (&["ZRANGE", "dst", "0", "-1", "WITHSCORES"], Some(b"*6\r\n$1\r\na\r\n$3\r\ninf\r\n$1\r\nd\r\n$3\r\ninf\r\n$1\r\ne\r\n$3\r\ninf\r\n")),
        (&["ZRANGE", "s1", "0", "-1"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["ZADD", "s1", "1", "a"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
        (&["BZPOPMIN", "s1", "0"], Some(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")),
    ]);
}

#[test]
fn huge_zrandmember_reply_stops_at_the_output_limit() {
    let server = Server::start(&[]);
    let mut c = server.client();
    c.cmd(&["ZADD", "z", "1", "a"]);
    c.cmd(&[
        "CONFIG",
        "SET",
        "client-output-buffer-limit",
        "normal 1mb 0 0",
    ]);
    c.send(&Client::encode(&[b"ZRANDMEMBER", b"z", b"-1000000000000"]));
    // The client is closed for overcoming the limit (what it received before is cut short).
    let got = c.read_to_close();
    assert!(got.len() < 64 << 20, "{} bytes", got.len());
    let mut other = server.client();
    assert_eq!(other.cmd(&["ZCARD", "z"]), b":1\r\n");
}
