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
