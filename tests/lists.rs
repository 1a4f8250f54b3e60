//! List commands against the exact bytes Redis 7.0.15 replies (every expected reply below was
//! produced by a real redis-server 7.0.15 given the same commands), plus a randomized test that
//! checks every reply of a long run of list commands against an in-test model of Redis's lists.

mod common;

use common::{Client, Server, expect_all};
use std::collections::{HashMap, VecDeque};

/// LPUSH/RPUSH/LPUSHX/RPUSHX: order of pushed elements, X variants only on existing lists, arity and type errors.
#[test]
fn push_family() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["LPUSH", "l", "a"], ":1\r\n"),
            (&["LPUSH", "l", "b", "c", "d"], ":4\r\n"),
            (
                &["LRANGE", "l", "0", "-1"],
                "*4\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n",
            ),
            (&["RPUSH", "l", "x", "y"], ":6\r\n"),
            (
                &["LRANGE", "l", "0", "-1"],
                "*6\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nx\r\n$1\r\ny\r\n",
            ),
            (&["RPUSH", "r", ""], ":1\r\n"),
            (&["LRANGE", "r", "0", "-1"], "*1\r\n$0\r\n\r\n"),
            (&["LPUSHX", "nolist", "a", "b"], ":0\r\n"),
            (&["RPUSHX", "nolist", "a", "b"], ":0\r\n"),
            (&["EXISTS", "nolist"], ":0\r\n"),
            (&["LPUSHX", "l", "h1", "h2"], ":8\r\n"),
            (&["RPUSHX", "l", "t1", "t2"], ":10\r\n"),
            (
                &["LRANGE", "l", "0", "-1"],
                "*10\r\n$2\r\nh2\r\n$2\r\nh1\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nx\r\n$1\r\ny\r\n$2\r\nt1\r\n$2\r\nt2\r\n",
            ),
            (&["LLEN", "l"], ":10\r\n"),
            (&["lpush", "l", "lower"], ":11\r\n"),
            (&["rpush", "l", "lower"], ":12\r\n"),
            (&["LLEN", "l"], ":12\r\n"),
            (
                &["LPUSH", "l"],
                "-ERR wrong number of arguments for 'lpush' command\r\n",
            ),
            (
                &["RPUSH", "l"],
                "-ERR wrong number of arguments for 'rpush' command\r\n",
            ),
            (
                &["LPUSHX", "l"],
                "-ERR wrong number of arguments for 'lpushx' command\r\n",
            ),
            (
                &["RPUSHX", "l"],
                "-ERR wrong number of arguments for 'rpushx' command\r\n",
            ),
            (
                &["LPUSH"],
                "-ERR wrong number of arguments for 'lpush' command\r\n",
            ),
            (&["SET", "s", "v"], "+OK\r\n"),
            (
                &["LPUSH", "s", "a"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["RPUSH", "s", "a"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LPUSHX", "s", "a"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["RPUSHX", "s", "a"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (&["GET", "s"], "$1\r\nv\r\n"),
        ],
    );
}

/// LPOP/RPOP: a count replies an array (even of 0 or 1), a missing key a null array; count errors come before the type check.
#[test]
fn pop_with_and_without_count() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["LPOP", "nokey"], "$-1\r\n"),
            (&["RPOP", "nokey"], "$-1\r\n"),
            (&["LPOP", "nokey", "0"], "*-1\r\n"),
            (&["RPOP", "nokey", "0"], "*-1\r\n"),
            (&["LPOP", "nokey", "3"], "*-1\r\n"),
            (&["RPOP", "nokey", "3"], "*-1\r\n"),
            (
                &["LPOP", "nokey", "-1"],
                "-ERR value is out of range, must be positive\r\n",
            ),
            (
                &["RPOP", "nokey", "-1"],
                "-ERR value is out of range, must be positive\r\n",
            ),
            (
                &["LPOP", "nokey", "x"],
                "-ERR value is out of range, must be positive\r\n",
            ),
            (&["RPUSH", "l", "a", "b", "c", "d", "e", "f"], ":6\r\n"),
            (&["LPOP", "l"], "$1\r\na\r\n"),
            (&["RPOP", "l"], "$1\r\nf\r\n"),
            (&["LPOP", "l", "1"], "*1\r\n$1\r\nb\r\n"),
            (&["RPOP", "l", "1"], "*1\r\n$1\r\ne\r\n"),
            (&["LPOP", "l", "0"], "*0\r\n"),
            (&["RPOP", "l", "0"], "*0\r\n"),
            (
                &["LPOP", "l", "-1"],
                "-ERR value is out of range, must be positive\r\n",
            ),
            (
                &["RPOP", "l", "-5"],
                "-ERR value is out of range, must be positive\r\n",
            ),
            (
                &["LPOP", "l", "1.5"],
                "-ERR value is out of range, must be positive\r\n",
            ),
            (
                &["LPOP", "l", "9223372036854775808"],
                "-ERR value is out of range, must be positive\r\n",
            ),
            (&["LRANGE", "l", "0", "-1"], "*2\r\n$1\r\nc\r\n$1\r\nd\r\n"),
            (
                &["LPOP", "l", "1", "2"],
                "-ERR wrong number of arguments for 'lpop' command\r\n",
            ),
            (
                &["RPOP", "l", "1", "2"],
                "-ERR wrong number of arguments for 'rpop' command\r\n",
            ),
            (
                &["LPOP"],
                "-ERR wrong number of arguments for 'lpop' command\r\n",
            ),
            (&["RPOP", "l", "100"], "*2\r\n$1\r\nd\r\n$1\r\nc\r\n"),
            (&["EXISTS", "l"], ":0\r\n"),
            (&["LPOP", "l", "0"], "*-1\r\n"),
            (&["RPUSH", "l", "a", "b"], ":2\r\n"),
            (&["RPOP", "l", "2"], "*2\r\n$1\r\nb\r\n$1\r\na\r\n"),
            (&["EXISTS", "l"], ":0\r\n"),
            (&["RPUSH", "l", "a"], ":1\r\n"),
            (&["LPOP", "l"], "$1\r\na\r\n"),
            (&["EXISTS", "l"], ":0\r\n"),
            (&["RPUSH", "l", "a", "b"], ":2\r\n"),
            (
                &["LPOP", "l", "9223372036854775807"],
                "*2\r\n$1\r\na\r\n$1\r\nb\r\n",
            ),
            (&["EXISTS", "l"], ":0\r\n"),
            (&["SET", "s", "v"], "+OK\r\n"),
            (
                &["LPOP", "s"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["RPOP", "s"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LPOP", "s", "0"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["RPOP", "s", "2"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LPOP", "s", "-1"],
                "-ERR value is out of range, must be positive\r\n",
            ),
        ],
    );
}

/// LLEN/LRANGE/LINDEX: index arithmetic at and beyond both ends; LINDEX looks up the key before parsing the index.
#[test]
fn llen_lrange_lindex() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["RPUSH", "l", "a", "b", "c", "d", "e"], ":5\r\n"),
            (&["LLEN", "l"], ":5\r\n"),
            (&["LLEN", "nokey"], ":0\r\n"),
            (
                &["LRANGE", "l", "0", "-1"],
                "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            ),
            (&["LRANGE", "l", "0", "0"], "*1\r\n$1\r\na\r\n"),
            (
                &["LRANGE", "l", "1", "3"],
                "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n",
            ),
            (&["LRANGE", "l", "-2", "-1"], "*2\r\n$1\r\nd\r\n$1\r\ne\r\n"),
            (
                &["LRANGE", "l", "-100", "100"],
                "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            ),
            (&["LRANGE", "l", "3", "1"], "*0\r\n"),
            (&["LRANGE", "l", "5", "10"], "*0\r\n"),
            (&["LRANGE", "l", "-1", "-2"], "*0\r\n"),
            (&["LRANGE", "l", "0", "-6"], "*0\r\n"),
            (&["LRANGE", "l", "0", "-5"], "*1\r\n$1\r\na\r\n"),
            (&["LRANGE", "l", "2", "2"], "*1\r\n$1\r\nc\r\n"),
            (&["LRANGE", "nokey", "0", "-1"], "*0\r\n"),
            (
                &["LRANGE", "l", "a", "1"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["LRANGE", "l", "0", "b"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["LRANGE", "l", "0", "1.0"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["LRANGE", "l", "0", "9223372036854775807"],
                "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            ),
            (
                &["LRANGE", "l", "-9223372036854775808", "0"],
                "*1\r\n$1\r\na\r\n",
            ),
            (
                &["LRANGE", "l", "0"],
                "-ERR wrong number of arguments for 'lrange' command\r\n",
            ),
            (&["LINDEX", "l", "0"], "$1\r\na\r\n"),
            (&["LINDEX", "l", "4"], "$1\r\ne\r\n"),
            (&["LINDEX", "l", "5"], "$-1\r\n"),
            (&["LINDEX", "l", "-1"], "$1\r\ne\r\n"),
            (&["LINDEX", "l", "-5"], "$1\r\na\r\n"),
            (&["LINDEX", "l", "-6"], "$-1\r\n"),
            (
                &["LINDEX", "l", "x"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["LINDEX", "nokey", "0"], "$-1\r\n"),
            (&["LINDEX", "nokey", "x"], "$-1\r\n"),
            (&["LINDEX", "l", "9223372036854775807"], "$-1\r\n"),
            (
                &["LINDEX", "l"],
                "-ERR wrong number of arguments for 'lindex' command\r\n",
            ),
            (
                &["LLEN"],
                "-ERR wrong number of arguments for 'llen' command\r\n",
            ),
            (
                &["LLEN", "a", "b"],
                "-ERR wrong number of arguments for 'llen' command\r\n",
            ),
            (&["SET", "s", "v"], "+OK\r\n"),
            (
                &["LLEN", "s"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LRANGE", "s", "0", "-1"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LINDEX", "s", "0"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LINDEX", "s", "x"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LRANGE", "s", "x", "0"],
                "-ERR value is not an integer or out of range\r\n",
            ),
        ],
    );
}

/// LSET/LINSERT: positions, missing pivots, and which check comes first.
#[test]
fn lset_linsert() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["RPUSH", "l", "a", "b", "c"], ":3\r\n"),
            (&["LSET", "l", "0", "A"], "+OK\r\n"),
            (&["LSET", "l", "-1", "C"], "+OK\r\n"),
            (&["LSET", "l", "1", ""], "+OK\r\n"),
            (
                &["LRANGE", "l", "0", "-1"],
                "*3\r\n$1\r\nA\r\n$0\r\n\r\n$1\r\nC\r\n",
            ),
            (&["LSET", "l", "3", "x"], "-ERR index out of range\r\n"),
            (&["LSET", "l", "-4", "x"], "-ERR index out of range\r\n"),
            (
                &["LSET", "l", "x", "y"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["LSET", "nokey", "0", "x"], "-ERR no such key\r\n"),
            (&["LSET", "nokey", "x", "y"], "-ERR no such key\r\n"),
            (
                &["LSET", "l", "0"],
                "-ERR wrong number of arguments for 'lset' command\r\n",
            ),
            (&["EXISTS", "nokey"], ":0\r\n"),
            (&["LINSERT", "l", "BEFORE", "A", "first"], ":4\r\n"),
            (&["LINSERT", "l", "AFTER", "C", "last"], ":5\r\n"),
            (&["LINSERT", "l", "after", "", "mid"], ":6\r\n"),
            (&["LINSERT", "l", "before", "nothere", "x"], ":-1\r\n"),
            (
                &["LRANGE", "l", "0", "-1"],
                "*6\r\n$5\r\nfirst\r\n$1\r\nA\r\n$0\r\n\r\n$3\r\nmid\r\n$1\r\nC\r\n$4\r\nlast\r\n",
            ),
            (
                &["LINSERT", "l", "MIDDLE", "A", "x"],
                "-ERR syntax error\r\n",
            ),
            (&["LINSERT", "nokey", "BEFORE", "a", "x"], ":0\r\n"),
            (
                &["LINSERT", "nokey", "MIDDLE", "a", "x"],
                "-ERR syntax error\r\n",
            ),
            (&["EXISTS", "nokey"], ":0\r\n"),
            (&["RPUSH", "d", "x", "y", "x"], ":3\r\n"),
            (&["LINSERT", "d", "AFTER", "x", "z"], ":4\r\n"),
            (
                &["LRANGE", "d", "0", "-1"],
                "*4\r\n$1\r\nx\r\n$1\r\nz\r\n$1\r\ny\r\n$1\r\nx\r\n",
            ),
            (
                &["LINSERT", "l", "BEFORE", "A"],
                "-ERR wrong number of arguments for 'linsert' command\r\n",
            ),
            (&["SET", "s", "v"], "+OK\r\n"),
            (
                &["LSET", "s", "0", "x"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LSET", "s", "x", "y"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LINSERT", "s", "BEFORE", "a", "b"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LINSERT", "s", "MIDDLE", "a", "b"],
                "-ERR syntax error\r\n",
            ),
        ],
    );
}

/// LREM/LTRIM: direction and count of removals; an emptied list is deleted.
#[test]
fn lrem_ltrim() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["RPUSH", "l", "a", "b", "a", "c", "a", "b", "a"], ":7\r\n"),
            (&["LREM", "l", "2", "a"], ":2\r\n"),
            (
                &["LRANGE", "l", "0", "-1"],
                "*5\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\na\r\n",
            ),
            (&["LREM", "l", "-1", "a"], ":1\r\n"),
            (
                &["LRANGE", "l", "0", "-1"],
                "*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n",
            ),
            (&["LREM", "l", "0", "b"], ":2\r\n"),
            (&["LRANGE", "l", "0", "-1"], "*2\r\n$1\r\nc\r\n$1\r\na\r\n"),
            (&["LREM", "l", "0", "zzz"], ":0\r\n"),
            (
                &["LREM", "l", "x", "a"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["LREM", "nokey", "0", "a"], ":0\r\n"),
            (
                &["LREM", "nokey", "x", "a"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["LREM", "l", "0", "c"], ":1\r\n"),
            (&["LREM", "l", "0", "a"], ":1\r\n"),
            (&["EXISTS", "l"], ":0\r\n"),
            (&["RPUSH", "l", "a", "a", "a"], ":3\r\n"),
            (&["LREM", "l", "-100", "a"], ":3\r\n"),
            (&["EXISTS", "l"], ":0\r\n"),
            (
                &["LREM", "l", "1"],
                "-ERR wrong number of arguments for 'lrem' command\r\n",
            ),
            (
                &[
                    "RPUSH", "t", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
                ],
                ":10\r\n",
            ),
            (&["LTRIM", "t", "1", "-2"], "+OK\r\n"),
            (
                &["LRANGE", "t", "0", "-1"],
                "*8\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n8\r\n",
            ),
            (&["LTRIM", "t", "-3", "-1"], "+OK\r\n"),
            (
                &["LRANGE", "t", "0", "-1"],
                "*3\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n8\r\n",
            ),
            (&["LTRIM", "t", "0", "100"], "+OK\r\n"),
            (
                &["LRANGE", "t", "0", "-1"],
                "*3\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n8\r\n",
            ),
            (&["LTRIM", "t", "-100", "0"], "+OK\r\n"),
            (&["LRANGE", "t", "0", "-1"], "*1\r\n$1\r\n6\r\n"),
            (
                &["LTRIM", "t", "x", "1"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["LTRIM", "t", "0", "y"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["LTRIM", "nokey", "0", "1"], "+OK\r\n"),
            (
                &["LTRIM", "nokey", "x", "1"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["LTRIM", "t", "1", "0"], "+OK\r\n"),
            (&["EXISTS", "t"], ":0\r\n"),
            (&["RPUSH", "t", "a", "b"], ":2\r\n"),
            (&["LTRIM", "t", "5", "10"], "+OK\r\n"),
            (&["EXISTS", "t"], ":0\r\n"),
            (&["RPUSH", "t", "a", "b"], ":2\r\n"),
            (&["LTRIM", "t", "0", "-3"], "+OK\r\n"),
            (&["EXISTS", "t"], ":0\r\n"),
            (
                &["LTRIM", "t", "0"],
                "-ERR wrong number of arguments for 'ltrim' command\r\n",
            ),
            (&["SET", "s", "v"], "+OK\r\n"),
            (
                &["LREM", "s", "0", "a"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LTRIM", "s", "0", "1"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LREM", "s", "x", "a"],
                "-ERR value is not an integer or out of range\r\n",
            ),
        ],
    );
}

/// LPOS: RANK, COUNT and MAXLEN alone and combined, and every error.
#[test]
fn lpos_options_and_errors() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (
                &["RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c"],
                ":8\r\n",
            ),
            (&["LPOS", "l", "c"], ":2\r\n"),
            (&["LPOS", "l", "c", "RANK", "1"], ":2\r\n"),
            (&["LPOS", "l", "c", "RANK", "2"], ":6\r\n"),
            (&["LPOS", "l", "c", "RANK", "3"], ":7\r\n"),
            (&["LPOS", "l", "c", "RANK", "4"], "$-1\r\n"),
            (&["LPOS", "l", "c", "RANK", "-1"], ":7\r\n"),
            (&["LPOS", "l", "c", "RANK", "-3"], ":2\r\n"),
            (&["LPOS", "l", "c", "RANK", "-4"], "$-1\r\n"),
            (&["LPOS", "l", "zzz"], "$-1\r\n"),
            (
                &["LPOS", "l", "c", "COUNT", "0"],
                "*3\r\n:2\r\n:6\r\n:7\r\n",
            ),
            (&["LPOS", "l", "c", "COUNT", "2"], "*2\r\n:2\r\n:6\r\n"),
            (
                &["LPOS", "l", "c", "COUNT", "10"],
                "*3\r\n:2\r\n:6\r\n:7\r\n",
            ),
            (&["LPOS", "l", "zzz", "COUNT", "2"], "*0\r\n"),
            (
                &["LPOS", "l", "c", "COUNT", "2", "RANK", "-1"],
                "*2\r\n:7\r\n:6\r\n",
            ),
            (
                &["LPOS", "l", "c", "RANK", "2", "COUNT", "0"],
                "*2\r\n:6\r\n:7\r\n",
            ),
            (&["LPOS", "l", "c", "MAXLEN", "3"], ":2\r\n"),
            (&["LPOS", "l", "c", "MAXLEN", "4"], ":2\r\n"),
            (
                &["LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7"],
                "*2\r\n:2\r\n:6\r\n",
            ),
            (
                &["LPOS", "l", "c", "COUNT", "0", "MAXLEN", "0"],
                "*3\r\n:2\r\n:6\r\n:7\r\n",
            ),
            (&["LPOS", "l", "c", "RANK", "-1", "MAXLEN", "1"], ":7\r\n"),
            (
                &["LPOS", "l", "c", "RANK", "-1", "MAXLEN", "2", "COUNT", "0"],
                "*2\r\n:7\r\n:6\r\n",
            ),
            (&["LPOS", "l", "a", "RANK", "-1", "MAXLEN", "2"], "$-1\r\n"),
            (
                &["lpos", "l", "c", "rank", "2", "count", "1", "maxlen", "0"],
                "*1\r\n:6\r\n",
            ),
            (&["LPOS", "l", "c", "RANK", "1", "RANK", "2"], ":6\r\n"),
            (
                &["LPOS", "l", "c", "RANK", "0"],
                "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n",
            ),
            (
                &["LPOS", "l", "c", "RANK", "x"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["LPOS", "l", "c", "RANK"], "-ERR syntax error\r\n"),
            (
                &["LPOS", "l", "c", "COUNT", "-1"],
                "-ERR COUNT can't be negative\r\n",
            ),
            (
                &["LPOS", "l", "c", "COUNT", "x"],
                "-ERR COUNT can't be negative\r\n",
            ),
            (
                &["LPOS", "l", "c", "MAXLEN", "-1"],
                "-ERR MAXLEN can't be negative\r\n",
            ),
            (
                &["LPOS", "l", "c", "MAXLEN", "x"],
                "-ERR MAXLEN can't be negative\r\n",
            ),
            (&["LPOS", "l", "c", "FOO", "1"], "-ERR syntax error\r\n"),
            (&["LPOS", "l", "c", "COUNT"], "-ERR syntax error\r\n"),
            (&["LPOS", "l", "c", "MAXLEN"], "-ERR syntax error\r\n"),
            (
                &["LPOS", "l", "c", "RANK", "9223372036854775807"],
                "$-1\r\n",
            ),
            (
                &["LPOS", "l", "c", "RANK", "-9223372036854775808"],
                ":7\r\n",
            ),
            (
                &["LPOS", "l", "c", "RANK", "-9223372036854775807"],
                "$-1\r\n",
            ),
            (
                &[
                    "LPOS",
                    "l",
                    "c",
                    "RANK",
                    "-9223372036854775808",
                    "COUNT",
                    "1",
                ],
                "*3\r\n:7\r\n:6\r\n:2\r\n",
            ),
            (
                &[
                    "LPOS",
                    "l",
                    "c",
                    "RANK",
                    "-9223372036854775808",
                    "MAXLEN",
                    "2",
                    "COUNT",
                    "0",
                ],
                "*2\r\n:7\r\n:6\r\n",
            ),
            (
                &[
                    "LPOS",
                    "l",
                    "c",
                    "RANK",
                    "-9223372036854775808",
                    "MAXLEN",
                    "3",
                ],
                ":7\r\n",
            ),
            (&["LPOS", "nokey", "c"], "$-1\r\n"),
            (&["LPOS", "nokey", "c", "COUNT", "0"], "*0\r\n"),
            (
                &["LPOS", "nokey", "c", "RANK", "0"],
                "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n",
            ),
            (
                &["LPOS", "nokey", "c", "COUNT", "-1"],
                "-ERR COUNT can't be negative\r\n",
            ),
            (&["LPOS", "nokey", "c", "BAD"], "-ERR syntax error\r\n"),
            (
                &["LPOS", "l"],
                "-ERR wrong number of arguments for 'lpos' command\r\n",
            ),
            (&["SET", "s", "v"], "+OK\r\n"),
            (
                &["LPOS", "s", "a"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LPOS", "s", "a", "COUNT", "1"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LPOS", "s", "a", "RANK", "0"],
                "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n",
            ),
        ],
    );
}

/// LMOVE/RPOPLPUSH: every direction, a list rotating onto itself, type checks of both keys.
#[test]
fn lmove_rpoplpush() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["RPUSH", "src", "a", "b", "c"], ":3\r\n"),
            (&["LMOVE", "src", "dst", "LEFT", "RIGHT"], "$1\r\na\r\n"),
            (&["LMOVE", "src", "dst", "RIGHT", "LEFT"], "$1\r\nc\r\n"),
            (&["LRANGE", "src", "0", "-1"], "*1\r\n$1\r\nb\r\n"),
            (
                &["LRANGE", "dst", "0", "-1"],
                "*2\r\n$1\r\nc\r\n$1\r\na\r\n",
            ),
            (&["LMOVE", "src", "dst", "left", "left"], "$1\r\nb\r\n"),
            (&["LMOVE", "src", "dst", "RIGHT", "RIGHT"], "$-1\r\n"),
            (&["EXISTS", "src"], ":0\r\n"),
            (
                &["LRANGE", "dst", "0", "-1"],
                "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n",
            ),
            (&["LMOVE", "src", "dst", "LEFT", "RIGHT"], "$-1\r\n"),
            (&["LMOVE", "dst", "dst", "LEFT", "RIGHT"], "$1\r\nb\r\n"),
            (
                &["LRANGE", "dst", "0", "-1"],
                "*3\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n",
            ),
            (&["LMOVE", "dst", "dst", "RIGHT", "LEFT"], "$1\r\nb\r\n"),
            (
                &["LRANGE", "dst", "0", "-1"],
                "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n",
            ),
            (&["LMOVE", "dst", "dst", "LEFT", "LEFT"], "$1\r\nb\r\n"),
            (
                &["LRANGE", "dst", "0", "-1"],
                "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n",
            ),
            (
                &["LMOVE", "dst", "x", "UP", "LEFT"],
                "-ERR syntax error\r\n",
            ),
            (
                &["LMOVE", "dst", "x", "LEFT", "DOWN"],
                "-ERR syntax error\r\n",
            ),
            (
                &["LMOVE", "nokey", "x", "UP", "LEFT"],
                "-ERR syntax error\r\n",
            ),
            (
                &["LMOVE", "dst"],
                "-ERR wrong number of arguments for 'lmove' command\r\n",
            ),
            (&["RPOPLPUSH", "dst", "other"], "$1\r\na\r\n"),
            (&["RPOPLPUSH", "dst", "other"], "$1\r\nc\r\n"),
            (
                &["LRANGE", "other", "0", "-1"],
                "*2\r\n$1\r\nc\r\n$1\r\na\r\n",
            ),
            (&["LRANGE", "dst", "0", "-1"], "*1\r\n$1\r\nb\r\n"),
            (&["RPOPLPUSH", "nokey", "other"], "$-1\r\n"),
            (&["RPOPLPUSH", "other", "other"], "$1\r\na\r\n"),
            (
                &["LRANGE", "other", "0", "-1"],
                "*2\r\n$1\r\na\r\n$1\r\nc\r\n",
            ),
            (
                &["RPOPLPUSH", "a"],
                "-ERR wrong number of arguments for 'rpoplpush' command\r\n",
            ),
            (&["RPUSH", "one", "x"], ":1\r\n"),
            (&["RPOPLPUSH", "one", "one"], "$1\r\nx\r\n"),
            (&["LRANGE", "one", "0", "-1"], "*1\r\n$1\r\nx\r\n"),
            (&["LMOVE", "one", "one", "LEFT", "RIGHT"], "$1\r\nx\r\n"),
            (&["LRANGE", "one", "0", "-1"], "*1\r\n$1\r\nx\r\n"),
            (&["SET", "s", "v"], "+OK\r\n"),
            (
                &["LMOVE", "s", "dst", "LEFT", "LEFT"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LMOVE", "dst", "s", "LEFT", "LEFT"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (&["LRANGE", "dst", "0", "-1"], "*1\r\n$1\r\nb\r\n"),
            (&["LMOVE", "nokey", "s", "LEFT", "LEFT"], "$-1\r\n"),
            (
                &["LMOVE", "s", "nokey", "LEFT", "LEFT"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["RPOPLPUSH", "s", "dst"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["RPOPLPUSH", "dst", "s"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (&["RPOPLPUSH", "nokey", "s"], "$-1\r\n"),
        ],
    );
}

/// LMPOP: the first non-empty list wins; numkeys, direction and COUNT errors.
#[test]
fn lmpop_parsing_and_replies() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["RPUSH", "l1", "a", "b", "c"], ":3\r\n"),
            (&["RPUSH", "l2", "x", "y", "z"], ":3\r\n"),
            (
                &["LMPOP", "1", "l1", "LEFT"],
                "*2\r\n$2\r\nl1\r\n*1\r\n$1\r\na\r\n",
            ),
            (
                &["LMPOP", "1", "l1", "RIGHT"],
                "*2\r\n$2\r\nl1\r\n*1\r\n$1\r\nc\r\n",
            ),
            (
                &["LMPOP", "2", "nokey", "l2", "LEFT", "COUNT", "2"],
                "*2\r\n$2\r\nl2\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n",
            ),
            (
                &["LMPOP", "2", "l1", "l2", "right", "count", "10"],
                "*2\r\n$2\r\nl1\r\n*1\r\n$1\r\nb\r\n",
            ),
            (&["EXISTS", "l1"], ":0\r\n"),
            (
                &["LMPOP", "2", "l1", "l2", "LEFT"],
                "*2\r\n$2\r\nl2\r\n*1\r\n$1\r\nz\r\n",
            ),
            (&["LMPOP", "2", "l1", "l2", "LEFT", "COUNT", "5"], "*-1\r\n"),
            (&["EXISTS", "l2"], ":0\r\n"),
            (&["LMPOP", "1", "nokey", "LEFT"], "*-1\r\n"),
            (
                &["LMPOP", "0", "l1", "LEFT"],
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (
                &["LMPOP", "-1", "l1", "LEFT"],
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (
                &["LMPOP", "x", "l1", "LEFT"],
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (
                &["LMPOP", "1.5", "l1", "LEFT"],
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (&["LMPOP", "2", "l1", "LEFT"], "-ERR syntax error\r\n"),
            (&["LMPOP", "3", "l1", "l2", "LEFT"], "-ERR syntax error\r\n"),
            (&["LMPOP", "1", "l1", "MIDDLE"], "-ERR syntax error\r\n"),
            (
                &["LMPOP", "1", "l1", "LEFT", "COUNT"],
                "-ERR syntax error\r\n",
            ),
            (
                &["LMPOP", "1", "l1", "LEFT", "COUNT", "0"],
                "-ERR count should be greater than 0\r\n",
            ),
            (
                &["LMPOP", "1", "l1", "LEFT", "COUNT", "-1"],
                "-ERR count should be greater than 0\r\n",
            ),
            (
                &["LMPOP", "1", "l1", "LEFT", "COUNT", "x"],
                "-ERR count should be greater than 0\r\n",
            ),
            (
                &["LMPOP", "1", "l1", "LEFT", "COUNT", "1", "COUNT", "1"],
                "-ERR syntax error\r\n",
            ),
            (
                &["LMPOP", "1", "l1", "LEFT", "FOO"],
                "-ERR syntax error\r\n",
            ),
            (
                &["LMPOP", "1", "l1", "LEFT", "COUNT", "1", "FOO"],
                "-ERR syntax error\r\n",
            ),
            (
                &["LMPOP", "9223372036854775807", "l1", "LEFT"],
                "-ERR syntax error\r\n",
            ),
            (
                &["LMPOP", "9223372036854775806", "l1", "LEFT"],
                "-ERR syntax error\r\n",
            ),
            (
                &["LMPOP", "1", "l1"],
                "-ERR wrong number of arguments for 'lmpop' command\r\n",
            ),
            (
                &["LMPOP", "1"],
                "-ERR wrong number of arguments for 'lmpop' command\r\n",
            ),
            (
                &["LMPOP"],
                "-ERR wrong number of arguments for 'lmpop' command\r\n",
            ),
            (&["RPUSH", "l1", "a"], ":1\r\n"),
            (
                &["LMPOP", "2", "l1", "LEFT", "LEFT"],
                "*2\r\n$2\r\nl1\r\n*1\r\n$1\r\na\r\n",
            ),
            (
                &["LMPOP", "1", "l1", "LEFT", "COUNT", "9223372036854775807"],
                "*-1\r\n",
            ),
            (&["SET", "s", "v"], "+OK\r\n"),
            (
                &["LMPOP", "1", "s", "LEFT"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["LMPOP", "2", "nokey", "s", "LEFT"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (&["RPUSH", "l3", "q"], ":1\r\n"),
            (
                &["LMPOP", "2", "l3", "s", "LEFT"],
                "*2\r\n$2\r\nl3\r\n*1\r\n$1\r\nq\r\n",
            ),
            (
                &["LMPOP", "2", "s", "l3", "LEFT"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
        ],
    );
}

/// Blocking commands with data present or a bad argument answer at once: timeout parsing (as Redis's `strtold`), argument errors, WRONGTYPE, and short timeouts.
#[test]
fn blocking_commands_that_need_not_block() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["BLPOP", "l", "-1"], "-ERR timeout is negative\r\n"),
            (
                &["BLPOP", "l", "x"],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (&["BLPOP", "l", "1e400"], "-ERR timeout is negative\r\n"),
            (&["BLPOP", "l", "inf"], "-ERR timeout is negative\r\n"),
            (&["BLPOP", "l", "1e30"], "-ERR timeout is negative\r\n"),
            (
                &["BLPOP", "l", "9223372036854776"],
                "-ERR timeout is negative\r\n",
            ),
            (&["BLPOP", "l", "-0.0011"], "-ERR timeout is negative\r\n"),
            (
                &["BLPOP", "l", "0.5.5"],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (
                &["BLPOP", "l", "1e99999"],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (&["BLPOP", "l", "infinity"], "-ERR timeout is negative\r\n"),
            (&["BLPOP", "l", "-inf"], "-ERR timeout is negative\r\n"),
            (
                &["BLPOP", "l", "nan"],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (
                &["BLPOP", "l", ""],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (
                &["BLPOP", "l", "1 "],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (&["BRPOP", "l", "-1"], "-ERR timeout is negative\r\n"),
            (
                &["BRPOP", "l", "abc"],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (
                &["BLMOVE", "a", "b", "LEFT", "RIGHT", "-1"],
                "-ERR timeout is negative\r\n",
            ),
            (
                &["BLMOVE", "a", "b", "LEFT", "RIGHT", "x"],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (
                &["BLMOVE", "a", "b", "UP", "RIGHT", "-1"],
                "-ERR syntax error\r\n",
            ),
            (
                &["BLMOVE", "a", "b", "LEFT", "UP", "x"],
                "-ERR syntax error\r\n",
            ),
            (
                &["BRPOPLPUSH", "a", "b", "-1"],
                "-ERR timeout is negative\r\n",
            ),
            (
                &["BRPOPLPUSH", "a", "b", "x"],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (
                &["BLMPOP", "-1", "1", "l", "LEFT"],
                "-ERR timeout is negative\r\n",
            ),
            (
                &["BLMPOP", "x", "1", "l", "LEFT"],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (
                &["BLMPOP", "0", "0", "l", "LEFT"],
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (
                &["BLMPOP", "x", "0", "l", "LEFT"],
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (
                &["BLMPOP", "x", "1", "l", "MIDDLE"],
                "-ERR syntax error\r\n",
            ),
            (
                &["BLMPOP", "x", "1", "l", "LEFT", "COUNT", "0"],
                "-ERR count should be greater than 0\r\n",
            ),
            (&["BLMPOP", "0", "2", "l", "LEFT"], "-ERR syntax error\r\n"),
            (
                &["BLMPOP", "0", "9223372036854775807", "l", "LEFT"],
                "-ERR syntax error\r\n",
            ),
            (
                &["BLMPOP", "0", "1", "l", "LEFT", "COUNT"],
                "-ERR syntax error\r\n",
            ),
            (
                &["BLPOP", "l"],
                "-ERR wrong number of arguments for 'blpop' command\r\n",
            ),
            (
                &["BLPOP"],
                "-ERR wrong number of arguments for 'blpop' command\r\n",
            ),
            (
                &["BRPOP", "l"],
                "-ERR wrong number of arguments for 'brpop' command\r\n",
            ),
            (
                &["BLMOVE", "a", "b", "LEFT", "RIGHT"],
                "-ERR wrong number of arguments for 'blmove' command\r\n",
            ),
            (
                &["BRPOPLPUSH", "a", "b"],
                "-ERR wrong number of arguments for 'brpoplpush' command\r\n",
            ),
            (
                &["BLMPOP", "0", "1", "l"],
                "-ERR wrong number of arguments for 'blmpop' command\r\n",
            ),
            (&["SET", "s", "v"], "+OK\r\n"),
            (
                &["BLPOP", "s", "0"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["BRPOP", "nokey", "s", "0"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["BLMOVE", "s", "d", "LEFT", "LEFT", "0"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (&["BLMOVE", "nokey", "s", "LEFT", "LEFT", "0.01"], "*-1\r\n"),
            (&["RPUSH", "l", "x"], ":1\r\n"),
            (
                &["BLMOVE", "l", "s", "LEFT", "LEFT", "0"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["BRPOPLPUSH", "s", "d", "0"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["BLMPOP", "0", "1", "s", "LEFT"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (&["BLPOP", "s", "-1"], "-ERR timeout is negative\r\n"),
            (&["RPUSH", "q", "1", "2", "3"], ":3\r\n"),
            (
                &["BLPOP", "nokey", "q", "0"],
                "*2\r\n$1\r\nq\r\n$1\r\n1\r\n",
            ),
            (
                &["BRPOP", "q", "nokey", "0"],
                "*2\r\n$1\r\nq\r\n$1\r\n3\r\n",
            ),
            (
                &["BLMPOP", "0", "2", "nokey", "q", "LEFT", "COUNT", "5"],
                "*2\r\n$1\r\nq\r\n*1\r\n$1\r\n2\r\n",
            ),
            (&["EXISTS", "q"], ":0\r\n"),
            (&["RPUSH", "q", "a", "b"], ":2\r\n"),
            (&["BLMOVE", "q", "d", "RIGHT", "LEFT", "0"], "$1\r\nb\r\n"),
            (&["BRPOPLPUSH", "q", "d", "0"], "$1\r\na\r\n"),
            (&["LRANGE", "d", "0", "-1"], "*2\r\n$1\r\na\r\n$1\r\nb\r\n"),
            (&["EXISTS", "q"], ":0\r\n"),
            (&["BLPOP", "nokey", "0.01"], "*-1\r\n"),
            (&["BLMOVE", "nokey", "d", "LEFT", "LEFT", "0.01"], "*-1\r\n"),
            (&["BLMPOP", "0.01", "1", "nokey", "LEFT"], "*-1\r\n"),
        ],
    );
}

/// RESP3: a missing element or list is the null `_`, an empty LPOS COUNT result stays `*0`.
#[test]
fn resp3_nulls() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert!(c.cmd_str(&["HELLO", "3"]).starts_with("%7\r\n"));
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["LPOP", "nokey"], "_\r\n"),
            (&["RPOP", "nokey"], "_\r\n"),
            (&["LPOP", "nokey", "2"], "_\r\n"),
            (&["RPOP", "nokey", "0"], "_\r\n"),
            (&["LINDEX", "nokey", "0"], "_\r\n"),
            (&["LPOS", "nokey", "a"], "_\r\n"),
            (&["LPOS", "nokey", "a", "COUNT", "0"], "*0\r\n"),
            (&["LMOVE", "nokey", "d", "LEFT", "LEFT"], "_\r\n"),
            (&["RPOPLPUSH", "nokey", "d"], "_\r\n"),
            (&["LMPOP", "1", "nokey", "LEFT"], "_\r\n"),
            (&["RPUSH", "l", "a", "b", "c"], ":3\r\n"),
            (&["LINDEX", "l", "10"], "_\r\n"),
            (&["LPOS", "l", "zz"], "_\r\n"),
            (&["LPOS", "l", "b", "COUNT", "0"], "*1\r\n:1\r\n"),
            (&["LPOP", "l", "2"], "*2\r\n$1\r\na\r\n$1\r\nb\r\n"),
            (
                &["LMPOP", "1", "l", "RIGHT"],
                "*2\r\n$1\r\nl\r\n*1\r\n$1\r\nc\r\n",
            ),
            (&["LRANGE", "l", "0", "-1"], "*0\r\n"),
            (&["LRANGE", "nokey", "0", "-1"], "*0\r\n"),
            (&["BLPOP", "nokey", "0.01"], "_\r\n"),
            (&["BRPOP", "nokey", "0.01"], "_\r\n"),
            (&["BLMOVE", "nokey", "d", "LEFT", "LEFT", "0.01"], "_\r\n"),
            (&["BRPOPLPUSH", "nokey", "d", "0.01"], "_\r\n"),
            (&["BLMPOP", "0.01", "1", "nokey", "LEFT"], "_\r\n"),
        ],
    );
}

/// A small deterministic PRNG (xorshift64*), so a failure replays with the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// An integer in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Reply encoders for the model (RESP2).
fn bulk(s: &str) -> String {
    format!("${}\r\n{s}\r\n", s.len())
}

fn int(n: i64) -> String {
    format!(":{n}\r\n")
}

fn bulks<'a>(items: impl ExactSizeIterator<Item = &'a String>) -> String {
    let mut out = format!("*{}\r\n", items.len());
    for item in items {
        out += &bulk(item);
    }
    out
}

const NIL: &str = "$-1\r\n";
const NIL_ARRAY: &str = "*-1\r\n";
const WRONGTYPE: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

/// Redis's lists as the model sees them: a missing key is an absent entry, never an empty list.
#[derive(Default)]
struct Model {
    lists: HashMap<String, VecDeque<String>>,
}

impl Model {
    fn list(&mut self, key: &str) -> Option<&mut VecDeque<String>> {
        self.lists.get_mut(key)
    }

    /// Deletes `key` if its list is empty (Redis never keeps an empty list).
    fn tidy(&mut self, key: &str) {
        if self.lists.get(key).is_some_and(|l| l.is_empty()) {
            self.lists.remove(key);
        }
    }

    fn pop(&mut self, key: &str, left: bool) -> Option<String> {
        let list = self.list(key)?;
        let item = if left {
            list.pop_front()
        } else {
            list.pop_back()
        };
        self.tidy(key);
        item
    }

    fn push(&mut self, key: &str, left: bool, item: String) -> usize {
        let list = self.lists.entry(key.to_string()).or_default();
        if left {
            list.push_front(item);
        } else {
            list.push_back(item);
        }
        list.len()
    }

    /// Runs one command on the model and returns the reply Redis gives.
    fn apply(&mut self, args: &[String]) -> String {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let key = a[1];
        if key == "str" && a[0] != "EXISTS" {
            return WRONGTYPE.to_string();
        }
        match a[0] {
            "LPUSH" | "RPUSH" | "LPUSHX" | "RPUSHX" => {
                if a[0].ends_with('X') && !self.lists.contains_key(key) {
                    return int(0);
                }
                let mut len = 0;
                for item in &a[2..] {
                    len = self.push(key, a[0].starts_with('L'), item.to_string());
                }
                int(len as i64)
            }
            "LPOP" | "RPOP" => {
                let left = a[0] == "LPOP";
                match a.get(2) {
                    None => self.pop(key, left).map_or(NIL.into(), |i| bulk(&i)),
                    Some(_) if !self.lists.contains_key(key) => NIL_ARRAY.into(),
                    Some(n) => {
                        let n: usize = n.parse().unwrap();
                        let items: Vec<String> =
                            (0..n).map_while(|_| self.pop(key, left)).collect();
                        bulks(items.iter())
                    }
                }
            }
            "LLEN" => int(self.lists.get(key).map_or(0, |l| l.len()) as i64),
            "EXISTS" => int((key == "str" || self.lists.contains_key(key)) as i64),
            "LRANGE" => {
                let Some(list) = self.lists.get(key) else {
                    return "*0\r\n".into();
                };
                let (start, end) = (a[2].parse().unwrap(), a[3].parse().unwrap());
                match redis_range(start, end, list.len()) {
                    None => "*0\r\n".into(),
                    Some((s, e)) => bulks(list.range(s..=e)),
                }
            }
            "LINDEX" => {
                let Some(list) = self.lists.get(key) else {
                    return NIL.into();
                };
                match index(a[2].parse().unwrap(), list.len()) {
                    Some(i) => bulk(&list[i]),
                    None => NIL.into(),
                }
            }
            "LSET" => {
                let Some(list) = self.list(key) else {
                    return "-ERR no such key\r\n".into();
                };
                match index(a[2].parse().unwrap(), list.len()) {
                    Some(i) => {
                        list[i] = a[3].to_string();
                        "+OK\r\n".into()
                    }
                    None => "-ERR index out of range\r\n".into(),
                }
            }
            "LINSERT" => {
                let Some(list) = self.list(key) else {
                    return int(0);
                };
                match list.iter().position(|x| x == a[3]) {
                    None => int(-1),
                    Some(i) => {
                        let at = if a[2] == "AFTER" { i + 1 } else { i };
                        list.insert(at, a[4].to_string());
                        int(list.len() as i64)
                    }
                }
            }
            "LREM" => {
                let Some(list) = self.list(key) else {
                    return int(0);
                };
                let count: i64 = a[2].parse().unwrap();
                let limit = if count == 0 {
                    usize::MAX
                } else {
                    count.unsigned_abs() as usize
                };
                let mut order: Vec<usize> = (0..list.len()).collect();
                if count < 0 {
                    order.reverse();
                }
                let doomed: Vec<usize> = order
                    .into_iter()
                    .filter(|&i| list[i] == a[3])
                    .take(limit)
                    .collect();
                let mut i = 0;
                list.retain(|_| {
                    i += 1;
                    !doomed.contains(&(i - 1))
                });
                self.tidy(key);
                int(doomed.len() as i64)
            }
            "LTRIM" => {
                if let Some(list) = self.list(key) {
                    let (start, end) = (a[2].parse().unwrap(), a[3].parse().unwrap());
                    match redis_range(start, end, list.len()) {
                        None => list.clear(),
                        Some((s, e)) => {
                            list.truncate(e + 1);
                            list.drain(..s);
                        }
                    }
                    self.tidy(key);
                }
                "+OK\r\n".into()
            }
            "LPOS" => self.lpos(&a),
            "LMOVE" | "RPOPLPUSH" => {
                let (from_left, to_left) = if a[0] == "LMOVE" {
                    (a[3] == "LEFT", a[4] == "LEFT")
                } else {
                    (false, true)
                };
                if a[2] == "str" && self.lists.contains_key(key) {
                    return WRONGTYPE.into();
                }
                match self.pop(key, from_left) {
                    None => NIL.into(),
                    Some(item) => {
                        self.push(a[2], to_left, item.clone());
                        bulk(&item)
                    }
                }
            }
            "LMPOP" => {
                let n: usize = a[1].parse().unwrap();
                let keys = &a[2..2 + n];
                let left = a[2 + n] == "LEFT";
                let count: usize = a.get(4 + n).map_or(1, |c| c.parse().unwrap());
                for &k in keys {
                    if k == "str" {
                        return WRONGTYPE.into();
                    }
                    if self.lists.contains_key(k) {
                        let items: Vec<String> =
                            (0..count).map_while(|_| self.pop(k, left)).collect();
                        return format!("*2\r\n{}{}", bulk(k), bulks(items.iter()));
                    }
                }
                NIL_ARRAY.into()
            }
            other => panic!("model has no {other}"),
        }
    }

    fn lpos(&self, a: &[&str]) -> String {
        let (mut rank, mut count, mut maxlen) = (1i64, None, 0usize);
        for pair in a[3..].chunks(2) {
            let v = pair[1];
            match pair[0] {
                "RANK" => rank = v.parse().unwrap(),
                "COUNT" => count = Some(v.parse::<usize>().unwrap()),
                _ => maxlen = v.parse().unwrap(),
            }
        }
        let Some(list) = self.lists.get(a[1]) else {
            return if count.is_some() { "*0\r\n" } else { NIL }.into();
        };
        let len = list.len();
        let order: Vec<usize> = if rank > 0 {
            (0..len).collect()
        } else {
            (0..len).rev().collect()
        };
        let scanned = if maxlen == 0 { len } else { maxlen.min(len) };
        let found: Vec<usize> = order[..scanned]
            .iter()
            .copied()
            .filter(|&i| list[i] == a[2])
            .skip(rank.unsigned_abs() as usize - 1)
            .collect();
        match count {
            None => found.first().map_or(NIL.into(), |&i| int(i as i64)),
            Some(c) => {
                let take = if c == 0 {
                    found.len()
                } else {
                    c.min(found.len())
                };
                let mut out = format!("*{take}\r\n");
                for &i in &found[..take] {
                    out += &int(i as i64);
                }
                out
            }
        }
    }
}

/// LRANGE/LTRIM's inclusive range with negative indexes, clamped as Redis does; None if empty.
fn redis_range(start: i64, end: i64, len: usize) -> Option<(usize, usize)> {
    let len = len as i64;
    let start = if start < 0 {
        (start + len).max(0)
    } else {
        start
    };
    let end = if end < 0 { end + len } else { end };
    if start > end || start >= len {
        return None;
    }
    Some((start as usize, end.min(len - 1) as usize))
}

/// LINDEX/LSET's index (negative from the tail), if it is inside the list.
fn index(i: i64, len: usize) -> Option<usize> {
    let i = if i < 0 { i + len as i64 } else { i };
    (0..len as i64).contains(&i).then_some(i as usize)
}

/// A random list command over a few keys (one of them a string, for WRONGTYPE) and a small
/// alphabet of elements (so that LREM, LPOS and LINSERT find matches).
fn random_command(rng: &mut Rng, model: &Model) -> Vec<String> {
    const KEYS: &[&str] = &["a", "b", "c", "str"];
    const ITEMS: &[&str] = &["x", "y", "z", "", "long-element-0123456789"];
    let key = if rng.below(20) == 0 {
        "str"
    } else {
        rng.pick(&KEYS[..3])
    };
    let len = model.lists.get(key).map_or(0, |l| l.len()) as i64;
    let idx = |rng: &mut Rng| rng.range(-len - 2, len + 2).to_string();
    let side = |rng: &mut Rng| rng.pick(&["LEFT", "RIGHT"]).to_string();
    let mut cmd: Vec<String> = match rng.below(20) {
        0..=3 => {
            let name = rng.pick(&["LPUSH", "RPUSH", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX"]);
            let n = rng.range(1, 4);
            let mut cmd = vec![name.to_string(), key.to_string()];
            cmd.extend((0..n).map(|_| rng.pick(ITEMS).to_string()));
            cmd
        }
        4 | 5 => {
            let mut cmd = vec![rng.pick(&["LPOP", "RPOP"]).to_string(), key.to_string()];
            if rng.below(2) == 0 {
                cmd.push(rng.range(0, 4).to_string());
            }
            cmd
        }
        6 => vec![rng.pick(&["LLEN", "EXISTS"]).into(), key.into()],
        7 | 8 => vec!["LRANGE".into(), key.into(), idx(rng), idx(rng)],
        9 => vec!["LINDEX".into(), key.into(), idx(rng)],
        10 => vec!["LSET".into(), key.into(), idx(rng), rng.pick(ITEMS).into()],
        11 => {
            let side = rng.pick(&["BEFORE", "AFTER"]);
            vec![
                "LINSERT".into(),
                key.into(),
                side.into(),
                rng.pick(ITEMS).into(),
                rng.pick(ITEMS).into(),
            ]
        }
        12 => {
            let n = rng.range(-3, 3).to_string();
            vec!["LREM".into(), key.into(), n, rng.pick(ITEMS).into()]
        }
        13 => vec!["LTRIM".into(), key.into(), idx(rng), idx(rng)],
        14 | 15 => {
            let mut cmd = vec!["LPOS".into(), key.into(), rng.pick(ITEMS).into()];
            if rng.below(2) == 0 {
                let rank = rng.range(1, 3) * if rng.below(2) == 0 { 1 } else { -1 };
                cmd.extend(["RANK".into(), rank.to_string()]);
            }
            if rng.below(2) == 0 {
                cmd.extend(["COUNT".into(), rng.range(0, 3).to_string()]);
            }
            if rng.below(3) == 0 {
                cmd.extend(["MAXLEN".into(), rng.range(0, 4).to_string()]);
            }
            cmd
        }
        16 | 17 => {
            let dst = rng.pick(KEYS).to_string();
            if rng.below(3) == 0 {
                vec!["RPOPLPUSH".into(), key.into(), dst]
            } else {
                vec!["LMOVE".into(), key.into(), dst, side(rng), side(rng)]
            }
        }
        _ => {
            let n = rng.range(1, 3) as usize;
            let mut cmd = vec!["LMPOP".to_string(), n.to_string()];
            cmd.extend((0..n).map(|_| rng.pick(&KEYS[..3]).to_string()));
            if rng.below(30) == 0 {
                cmd[2] = "str".into();
            }
            cmd.push(side(rng));
            if rng.below(2) == 0 {
                cmd.extend(["COUNT".into(), rng.range(1, 4).to_string()]);
            }
            cmd
        }
    };
    if cmd[0] == "LSET" && rng.below(4) != 0 {
        // Mostly valid indexes, so that LSET changes something.
        if len > 0 {
            cmd[2] = rng.range(-len, len - 1).to_string();
        }
    }
    cmd
}

/// Random list commands (4000 of them, seeded) against a model of Redis's lists: every reply
/// must be the model's, byte for byte, and the final contents of every key must agree.
#[test]
fn random_commands_match_a_model() {
    let s = Server::start(&[]);
    let mut c = s.client();
    for seed in [1u64, 0x5eed, 0xfeed_f00d, 42] {
        assert_eq!(c.cmd_str(&["FLUSHALL"]), "+OK\r\n");
        assert_eq!(c.cmd_str(&["SET", "str", "v"]), "+OK\r\n");
        let mut rng = Rng(seed);
        let mut model = Model::default();
        for step in 0..1000 {
            let cmd = random_command(&mut rng, &model);
            let want = model.apply(&cmd);
            let args: Vec<&str> = cmd.iter().map(String::as_str).collect();
            assert_eq!(
                c.cmd_str(&args),
                want,
                "seed {seed} step {step}: reply to {cmd:?}"
            );
        }
        check_contents(&mut c, &model);
    }
}

/// Every key the model holds has exactly its elements, and no other list exists.
fn check_contents(c: &mut Client, model: &Model) {
    for key in ["a", "b", "c"] {
        let want = match model.lists.get(key) {
            Some(l) => bulks(l.iter()),
            None => "*0\r\n".into(),
        };
        assert_eq!(c.cmd_str(&["LRANGE", key, "0", "-1"]), want, "{key}");
        let exists = model.lists.contains_key(key) as i64;
        assert_eq!(c.cmd_str(&["EXISTS", key]), int(exists), "{key}");
    }
}
