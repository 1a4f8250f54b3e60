//! SORT and SORT_RO against the exact bytes Redis 7.0.15 replies (every table below was
//! recorded from a real redis-server 7.0.15 given the same commands; run them against it with
//! `FERROKV_TEST_SERVER=/usr/bin/redis-server`). Sorted sets come with their own branch.

mod common;

use common::{Server, expect_all};

/// Numeric weights are read like `strtod`; ALPHA compares bytes; LIMIT is clamped; one bad weight fails the whole command.
#[test]
fn numeric_and_alpha_sorting_with_limits() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (
                &[
                    "RPUSH", "n", "3", "1", "2", "10", "1.5", "-inf", " 7", "", "0x10", "+4",
                ],
                ":10\r\n",
            ),
            (
                &["SORT", "n"],
                "*10\r\n$4\r\n-inf\r\n$0\r\n\r\n$1\r\n1\r\n$3\r\n1.5\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n+4\r\n$2\r\n 7\r\n$2\r\n10\r\n$4\r\n0x10\r\n",
            ),
            (
                &["SORT", "n", "DESC"],
                "*10\r\n$4\r\n0x10\r\n$2\r\n10\r\n$2\r\n 7\r\n$2\r\n+4\r\n$1\r\n3\r\n$1\r\n2\r\n$3\r\n1.5\r\n$1\r\n1\r\n$0\r\n\r\n$4\r\n-inf\r\n",
            ),
            (
                &["SORT", "n", "ALPHA"],
                "*10\r\n$0\r\n\r\n$2\r\n 7\r\n$2\r\n+4\r\n$4\r\n-inf\r\n$4\r\n0x10\r\n$1\r\n1\r\n$3\r\n1.5\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n3\r\n",
            ),
            (
                &["SORT", "n", "alpha", "desc"],
                "*10\r\n$1\r\n3\r\n$1\r\n2\r\n$2\r\n10\r\n$3\r\n1.5\r\n$1\r\n1\r\n$4\r\n0x10\r\n$4\r\n-inf\r\n$2\r\n+4\r\n$2\r\n 7\r\n$0\r\n\r\n",
            ),
            (
                &["SORT", "n", "LIMIT", "1", "2"],
                "*2\r\n$0\r\n\r\n$1\r\n1\r\n",
            ),
            (
                &["SORT", "n", "LIMIT", "-5", "2"],
                "*2\r\n$4\r\n-inf\r\n$0\r\n\r\n",
            ),
            (
                &["SORT", "n", "LIMIT", "2", "-1"],
                "*8\r\n$1\r\n1\r\n$3\r\n1.5\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n+4\r\n$2\r\n 7\r\n$2\r\n10\r\n$4\r\n0x10\r\n",
            ),
            (&["SORT", "n", "LIMIT", "100", "1"], "*0\r\n"),
            (&["SORT", "n", "LIMIT", "1", "0"], "*0\r\n"),
            (
                &["SORT", "n", "LIMIT", "9223372036854775807", "1"],
                "*0\r\n",
            ),
            (
                &["SORT", "n", "LIMIT", "0", "9223372036854775807"],
                "*10\r\n$4\r\n-inf\r\n$0\r\n\r\n$1\r\n1\r\n$3\r\n1.5\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n+4\r\n$2\r\n 7\r\n$2\r\n10\r\n$4\r\n0x10\r\n",
            ),
            (
                &[
                    "SORT", "n", "desc", "asc", "limit", "0", "1", "limit", "9", "5",
                ],
                "*1\r\n$4\r\n0x10\r\n",
            ),
            (&["RPUSH", "ties", "b", "a", "c", "a", "b"], ":5\r\n"),
            (
                &["SORT", "ties", "ALPHA"],
                "*5\r\n$1\r\na\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nb\r\n$1\r\nc\r\n",
            ),
            (
                &["SORT", "ties", "ALPHA", "DESC"],
                "*5\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\na\r\n",
            ),
            (&["RPUSH", "bad", "1", "2", "x"], ":3\r\n"),
            (
                &["SORT", "bad"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (
                &["SORT", "bad", "LIMIT", "0", "1"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (
                &["SORT", "bad", "ALPHA"],
                "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\nx\r\n",
            ),
            (&["RPUSH", "bad2", "1e400", "2"], ":2\r\n"),
            (
                &["SORT", "bad2"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (&["RPUSH", "bad3", "nan"], ":1\r\n"),
            (
                &["SORT", "bad3"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (&["RPUSH", "bad4", "1 "], ":1\r\n"),
            (
                &["SORT", "bad4"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (&["SORT", "nokey"], "*0\r\n"),
            (&["SORT", "nokey", "DESC", "LIMIT", "0", "5"], "*0\r\n"),
            (&["SET", "str", "x"], "+OK\r\n"),
            (
                &["SORT", "str"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["SORT_RO", "str"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
        ],
    );
}

/// Options are parsed (and refused) before the key is looked at; SORT_RO has no STORE.
#[test]
fn option_errors_and_wrong_types() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["RPUSH", "l", "1", "2"], ":2\r\n"),
            (
                &["SORT"],
                "-ERR wrong number of arguments for 'sort' command\r\n",
            ),
            (
                &["SORT_RO"],
                "-ERR wrong number of arguments for 'sort_ro' command\r\n",
            ),
            (&["SORT", "l", "foo"], "-ERR syntax error\r\n"),
            (&["SORT", "l", "LIMIT", "1"], "-ERR syntax error\r\n"),
            (
                &["SORT", "l", "LIMIT", "x", "1"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SORT", "l", "LIMIT", "1", "x"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SORT", "l", "LIMIT", "1", "99999999999999999999"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SORT", "l", "LIMIT", "1", "1", "1"],
                "-ERR syntax error\r\n",
            ),
            (&["SORT", "l", "BY"], "-ERR syntax error\r\n"),
            (&["SORT", "l", "GET"], "-ERR syntax error\r\n"),
            (&["SORT", "l", "STORE"], "-ERR syntax error\r\n"),
            (&["SORT_RO", "l", "STORE", "dst"], "-ERR syntax error\r\n"),
            (
                &["SORT_RO", "l", "BY", "nosort", "DESC", "GET", "#"],
                "*2\r\n$1\r\n2\r\n$1\r\n1\r\n",
            ),
            (&["SET", "str", "x"], "+OK\r\n"),
            (&["SORT", "str", "foo"], "-ERR syntax error\r\n"),
            (
                &["SORT", "str", "LIMIT", "a", "b"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                &["SORT", "str", "BY", "nosort"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["SORT", "str", "STORE", "dst"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (&["EXISTS", "dst"], ":0\r\n"),
        ],
    );
}

/// BY and GET substitute the first `*`; missing weights are 0 (numeric) or first (ALPHA); numeric ties are broken by the element, ALPHA ties keep their order.
#[test]
fn by_and_get_patterns() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["RPUSH", "l", "3", "1", "2", "10"], ":4\r\n"),
            (
                &[
                    "MSET", "w_3", "5", "w_1", "4", "w_2", "3", "w_10", "x", "o_1", "one", "o_2",
                    "two",
                ],
                "+OK\r\n",
            ),
            (
                &["SORT", "l", "BY", "w_*"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (&["SET", "w_10", "2"], "+OK\r\n"),
            (
                &["SORT", "l", "BY", "w_*"],
                "*4\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n",
            ),
            (
                &["SORT", "l", "BY", "w_*", "DESC"],
                "*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n",
            ),
            (
                &[
                    "SORT", "l", "BY", "w_*", "GET", "#", "GET", "w_*", "GET", "o_*", "GET",
                    "nostar",
                ],
                "*16\r\n$2\r\n10\r\n$1\r\n2\r\n$-1\r\n$-1\r\n$1\r\n2\r\n$1\r\n3\r\n$3\r\ntwo\r\n$-1\r\n$1\r\n1\r\n$1\r\n4\r\n$3\r\none\r\n$-1\r\n$1\r\n3\r\n$1\r\n5\r\n$-1\r\n$-1\r\n",
            ),
            (
                &["SORT", "l", "BY", "w_*", "ALPHA"],
                "*4\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n",
            ),
            (
                &["SORT", "l", "BY", "nosuch_*"],
                "*4\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n3\r\n",
            ),
            (
                &["SORT", "l", "BY", "nosuch_*", "DESC"],
                "*4\r\n$1\r\n3\r\n$1\r\n2\r\n$2\r\n10\r\n$1\r\n1\r\n",
            ),
            (
                &["SORT", "l", "BY", "nosuch_*", "ALPHA", "DESC"],
                "*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n",
            ),
            (
                &["SORT", "l", "BY", "o_*", "ALPHA"],
                "*4\r\n$1\r\n3\r\n$2\r\n10\r\n$1\r\n1\r\n$1\r\n2\r\n",
            ),
            (
                &["SORT", "l", "BY", "o_*", "ALPHA", "DESC"],
                "*4\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n10\r\n",
            ),
            (
                &["SORT", "l", "BY", "o_*"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (
                &["SORT", "l", "BY", "w_*", "LIMIT", "1", "2", "GET", "o_*"],
                "*2\r\n$3\r\ntwo\r\n$3\r\none\r\n",
            ),
            (
                &["SORT", "l", "GET", "#", "GET", "#"],
                "*8\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n3\r\n$2\r\n10\r\n$2\r\n10\r\n",
            ),
            (&["RPUSH", "same", "b", "a", "c"], ":3\r\n"),
            (&["MSET", "s_a", "1", "s_b", "1", "s_c", "1"], "+OK\r\n"),
            (
                &["SORT", "same", "BY", "s_*"],
                "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n",
            ),
            (
                &["SORT", "same", "BY", "s_*", "DESC"],
                "*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n",
            ),
            (&["RPUSH", "mylist", "a"], ":1\r\n"),
            (&["SET", "x:a->", "100"], "+OK\r\n"),
            (
                &["SORT", "mylist", "BY", "num", "GET", "x:*->"],
                "*1\r\n$3\r\n100\r\n",
            ),
            (
                &["SORT", "mylist", "GET", "x:*->y"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (
                &["SORT", "mylist", "GET", "x*"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (&["SET", "pre_a_post", "v"], "+OK\r\n"),
            (
                &["SORT", "mylist", "GET", "pre_*_post"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (
                &["SORT", "mylist", "GET", "pre_*_*post"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (&["RPUSH", "wrong", "l"], ":1\r\n"),
            (
                &["SORT", "mylist", "BY", "w*", "GET", "wr*ng"],
                "*1\r\n$-1\r\n",
            ),
        ],
    );
}

/// A BY pattern without `*` keeps the list's order, reversed by DESC, cut by LIMIT.
#[test]
fn by_nosort_keeps_list_order() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["LPUSH", "testa", "2", "1", "4", "3", "5"], ":5\r\n"),
            (
                &["SORT", "testa", "BY", "nosort"],
                "*5\r\n$1\r\n5\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n1\r\n$1\r\n2\r\n",
            ),
            (
                &["SORT", "testa", "BY", "nosort", "DESC"],
                "*5\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n4\r\n$1\r\n3\r\n$1\r\n5\r\n",
            ),
            (
                &["SORT", "testa", "BY", "nosort", "LIMIT", "1", "2"],
                "*2\r\n$1\r\n3\r\n$1\r\n4\r\n",
            ),
            (
                &["SORT", "testa", "BY", "nosort", "DESC", "LIMIT", "1", "2"],
                "*2\r\n$1\r\n1\r\n$1\r\n4\r\n",
            ),
            (
                &["SORT", "testa", "BY", "nosort", "LIMIT", "-10", "100"],
                "*5\r\n$1\r\n5\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n1\r\n$1\r\n2\r\n",
            ),
            (
                &["SORT", "testa", "BY", "nosort", "LIMIT", "5", "10"],
                "*0\r\n",
            ),
            (
                &["SORT", "testa", "BY", "nosort", "ALPHA"],
                "*5\r\n$1\r\n5\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n1\r\n$1\r\n2\r\n",
            ),
            (
                &["SORT", "testa", "BY", "nosort", "GET", "#", "GET", "k_*"],
                "*10\r\n$1\r\n5\r\n$-1\r\n$1\r\n3\r\n$-1\r\n$1\r\n4\r\n$-1\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n$-1\r\n",
            ),
            (
                &["SORT", "testa", "BY", "nosort", "STORE", "testb"],
                ":5\r\n",
            ),
            (
                &["LRANGE", "testb", "0", "-1"],
                "*5\r\n$1\r\n5\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n1\r\n$1\r\n2\r\n",
            ),
            (
                &[
                    "SORT", "testa", "BY", "nosort", "LIMIT", "0", "3", "STORE", "testb",
                ],
                ":3\r\n",
            ),
            (
                &["LRANGE", "testb", "0", "-1"],
                "*3\r\n$1\r\n5\r\n$1\r\n3\r\n$1\r\n4\r\n",
            ),
            (
                &[
                    "SORT_RO", "testa", "BY", "nosort", "DESC", "LIMIT", "0", "2",
                ],
                "*2\r\n$1\r\n2\r\n$1\r\n1\r\n",
            ),
        ],
    );
}

/// STORE replies the count, replaces the destination (and its TTL) by a list, and deletes it when the result is empty.
#[test]
fn store_replaces_or_deletes_the_destination() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["RPUSH", "l", "3", "1", "2"], ":3\r\n"),
            (&["SET", "w_1", "9"], "+OK\r\n"),
            (&["SORT", "l", "STORE", "dst"], ":3\r\n"),
            (
                &["LRANGE", "dst", "0", "-1"],
                "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n",
            ),
            (&["TYPE", "dst"], "+list\r\n"),
            (&["SORT", "l", "DESC", "STORE", "l"], ":3\r\n"),
            (
                &["LRANGE", "l", "0", "-1"],
                "*3\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n",
            ),
            (
                &["SORT", "l", "GET", "w_*", "GET", "#", "STORE", "dst"],
                ":6\r\n",
            ),
            (
                &["LRANGE", "dst", "0", "-1"],
                "*6\r\n$1\r\n9\r\n$1\r\n1\r\n$0\r\n\r\n$1\r\n2\r\n$0\r\n\r\n$1\r\n3\r\n",
            ),
            (&["SET", "str", "v"], "+OK\r\n"),
            (&["EXPIRE", "str", "100"], ":1\r\n"),
            (&["SORT", "l", "STORE", "str"], ":3\r\n"),
            (&["TYPE", "str"], "+list\r\n"),
            (&["TTL", "str"], ":-1\r\n"),
            (&["SORT", "l", "STORE", "a", "STORE", "b"], ":3\r\n"),
            (&["EXISTS", "a", "b"], ":1\r\n"),
            (&["SORT", "nokey", "STORE", "dst"], ":0\r\n"),
            (&["EXISTS", "dst"], ":0\r\n"),
            (&["SORT", "nokey", "STORE", "dst"], ":0\r\n"),
            (
                &["SORT", "l", "LIMIT", "10", "10", "STORE", "dst"],
                ":0\r\n",
            ),
            (&["EXISTS", "dst"], ":0\r\n"),
            (
                &["SORT", "l", "LIMIT", "0", "0", "GET", "#", "STORE", "dst"],
                ":0\r\n",
            ),
            (&["RPUSH", "bad", "x"], ":1\r\n"),
            (
                &["SORT", "bad", "STORE", "dst"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (&["EXISTS", "dst"], ":0\r\n"),
        ],
    );
}

/// COMMAND GETKEYS finds the destination of the last STORE, as Redis's `sortGetKeys`.
#[test]
fn getkeys_finds_the_store_key() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (
                &["COMMAND", "GETKEYS", "SORT", "abc", "STORE", "def"],
                "*2\r\n$3\r\nabc\r\n$3\r\ndef\r\n",
            ),
            (
                &[
                    "COMMAND", "GETKEYS", "SORT", "abc", "store", "invalid", "store", "stillbad",
                    "store", "def",
                ],
                "*2\r\n$3\r\nabc\r\n$3\r\ndef\r\n",
            ),
            (
                &["COMMAND", "GETKEYS", "SORT_RO", "abc"],
                "*1\r\n$3\r\nabc\r\n",
            ),
            (
                &[
                    "COMMAND", "GETKEYS", "SORT", "abc", "GET", "store", "BY", "x",
                ],
                "*1\r\n$3\r\nabc\r\n",
            ),
        ],
    );
}

/// RESP3: a GET of a missing key is RESP3's null.
#[test]
fn resp3_nulls() {
    let s = Server::start(&[]);
    let mut c = s.client();
    c.cmd(&["HELLO", "3"]);
    expect_all(
        &mut c,
        &[
            (&["RPUSH", "l", "2", "1"], ":2\r\n"),
            (&["SET", "w_1", "x"], "+OK\r\n"),
            (
                &["SORT", "l", "GET", "#", "GET", "w_*"],
                "*4\r\n$1\r\n1\r\n$1\r\nx\r\n$1\r\n2\r\n_\r\n",
            ),
            (&["SORT", "nokey"], "*0\r\n"),
        ],
    );
}

/// In a transaction; STORE touches the destination for WATCH.
#[test]
fn multi_and_watch() {
    let s = Server::start(&[]);
    let mut a = s.client();
    let mut b = s.client();
    expect_all(
        &mut a,
        &[
            (&["RPUSH", "l", "2", "1"], ":2\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["SORT", "l", "BY", "nosort", "DESC"], "+QUEUED\r\n"),
            (&["SORT", "l", "LIMIT", "x", "1"], "+QUEUED\r\n"),
            (
                &["EXEC"],
                "*2\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n-ERR value is not an integer or out of range\r\n",
            ),
            (&["WATCH", "dst"], "+OK\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["PING"], "+QUEUED\r\n"),
        ],
    );
    expect_all(&mut b, &[(&["SORT", "l", "STORE", "dst"], ":2\r\n")]);
    expect_all(&mut a, &[(&["EXEC"], "*-1\r\n")]);
}

/// Ties of ALPHA weights: a stable sort without LIMIT, Redis's partial quicksort with BY and a
/// LIMIT that cuts the result.
#[test]
fn alpha_ties_with_and_without_limit() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (
                &[
                    "RPUSH", "l", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
                    "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25",
                    "26", "27", "28", "29", "30",
                ],
                ":30\r\n",
            ),
            (
                &["MSET", "a_1", "x", "a_2", "y", "a_3", "x", "a_29", "y"],
                "+OK\r\n",
            ),
            (
                &["SORT", "l", "BY", "nokey_*", "ALPHA", "LIMIT", "0", "5"],
                "*5\r\n$2\r\n30\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n",
            ),
            (
                &[
                    "SORT", "l", "BY", "nokey_*", "ALPHA", "DESC", "LIMIT", "3", "5",
                ],
                "*5\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n8\r\n",
            ),
            (
                &["SORT", "l", "BY", "a_*", "ALPHA", "LIMIT", "24", "10"],
                "*6\r\n$2\r\n23\r\n$2\r\n24\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n29\r\n",
            ),
            (
                &["SORT", "l", "BY", "a_*", "ALPHA", "DESC", "LIMIT", "0", "6"],
                "*6\r\n$1\r\n2\r\n$2\r\n29\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n7\r\n$1\r\n8\r\n",
            ),
            (
                &["SORT", "l", "BY", "nokey_*", "ALPHA"],
                "*30\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n8\r\n$1\r\n9\r\n$2\r\n10\r\n$2\r\n11\r\n$2\r\n12\r\n$2\r\n13\r\n$2\r\n14\r\n$2\r\n15\r\n$2\r\n16\r\n$2\r\n17\r\n$2\r\n18\r\n$2\r\n19\r\n$2\r\n20\r\n$2\r\n21\r\n$2\r\n22\r\n$2\r\n23\r\n$2\r\n24\r\n$2\r\n25\r\n$2\r\n26\r\n$2\r\n27\r\n$2\r\n28\r\n$2\r\n29\r\n$2\r\n30\r\n",
            ),
            (
                &[
                    "SORT", "l", "BY", "nokey_*", "ALPHA", "DESC", "LIMIT", "0", "-1",
                ],
                "*30\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n8\r\n$1\r\n9\r\n$2\r\n10\r\n$2\r\n11\r\n$2\r\n12\r\n$2\r\n13\r\n$2\r\n14\r\n$2\r\n15\r\n$2\r\n16\r\n$2\r\n17\r\n$2\r\n18\r\n$2\r\n19\r\n$2\r\n20\r\n$2\r\n21\r\n$2\r\n22\r\n$2\r\n23\r\n$2\r\n24\r\n$2\r\n25\r\n$2\r\n26\r\n$2\r\n27\r\n$2\r\n28\r\n$2\r\n29\r\n$2\r\n30\r\n",
            ),
        ],
    );
}

/// STORE changes only the destination: a WATCH of the sorted key survives it (Redis's
/// `signalModifiedKey` is called for the destination only).
#[test]
fn store_does_not_touch_the_sorted_key_for_watch() {
    let s = Server::start(&[]);
    let mut a = s.client();
    let mut b = s.client();
    expect_all(
        &mut a,
        &[
            (&["RPUSH", "l", "2", "1"], ":2\r\n"),
            (&["WATCH", "l"], "+OK\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["PING"], "+QUEUED\r\n"),
        ],
    );
    expect_all(&mut b, &[(&["SORT", "l", "STORE", "dst"], ":2\r\n")]);
    expect_all(&mut a, &[(&["EXEC"], "*1\r\n+PONG\r\n")]);
}

/// Sets and hashes: an intset is walked in ascending order, a set stored unsorted is sorted
/// ALPHA, `key->field` reads hash fields. (A bigger set's own order is its hash table's in
/// Redis, so no reply here depends on it.)
#[test]
fn sets_and_hash_fields() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SADD", "is", "3", "-5", "10", "1"], ":4\r\n"),
            (
                &["SORT", "is"],
                "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n10\r\n",
            ),
            (
                &["SORT", "is", "DESC", "LIMIT", "1", "2"],
                "*2\r\n$1\r\n3\r\n$1\r\n1\r\n",
            ),
            (
                &["SORT", "is", "ALPHA"],
                "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n3\r\n",
            ),
            (
                &["SORT", "is", "BY", "nosort"],
                "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n10\r\n",
            ),
            (
                &["SORT", "is", "BY", "nosort", "DESC", "LIMIT", "1", "2"],
                "*2\r\n$1\r\n1\r\n$1\r\n3\r\n",
            ),
            (&["SORT", "is", "BY", "nosort", "STORE", "d"], ":4\r\n"),
            (
                &["LRANGE", "d", "0", "-1"],
                "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n3\r\n",
            ),
            (
                &["SORT", "is", "BY", "nokey_*", "ALPHA"],
                "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n10\r\n",
            ),
            (&["OBJECT", "ENCODING", "is"], "$6\r\nintset\r\n"),
            (&["SADD", "s", "b", "a", "c", "aa"], ":4\r\n"),
            (
                &["SORT", "s", "ALPHA"],
                "*4\r\n$1\r\na\r\n$2\r\naa\r\n$1\r\nb\r\n$1\r\nc\r\n",
            ),
            (
                &["SORT", "s", "ALPHA", "DESC", "LIMIT", "0", "2"],
                "*2\r\n$1\r\nc\r\n$1\r\nb\r\n",
            ),
            (
                &["SORT", "s"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
            (&["SORT", "s", "BY", "nosort", "STORE", "d"], ":4\r\n"),
            (
                &["LRANGE", "d", "0", "-1"],
                "*4\r\n$1\r\na\r\n$2\r\naa\r\n$1\r\nb\r\n$1\r\nc\r\n",
            ),
            (&["OBJECT", "ENCODING", "s"], "$9\r\nhashtable\r\n"),
            (&["HSET", "h_a", "w", "3", "n", "x"], ":2\r\n"),
            (&["HSET", "h_b", "w", "1"], ":1\r\n"),
            (&["HSET", "h_c", "w", "2", "n", "y"], ":2\r\n"),
            (&["HSET", "h_aa", "w", "2"], ":1\r\n"),
            (
                &["SORT", "s", "BY", "h_*->w"],
                "*4\r\n$1\r\nb\r\n$2\r\naa\r\n$1\r\nc\r\n$1\r\na\r\n",
            ),
            (
                &[
                    "SORT", "s", "BY", "h_*->w", "DESC", "GET", "#", "GET", "h_*->n", "GET",
                    "h_*->zz", "GET", "h_*",
                ],
                "*16\r\n$1\r\na\r\n$1\r\nx\r\n$-1\r\n$-1\r\n$1\r\nc\r\n$1\r\ny\r\n$-1\r\n$-1\r\n$2\r\naa\r\n$-1\r\n$-1\r\n$-1\r\n$1\r\nb\r\n$-1\r\n$-1\r\n$-1\r\n",
            ),
            (
                &[
                    "SORT", "s", "BY", "h_*->n", "ALPHA", "GET", "h_*->n", "STORE", "d",
                ],
                ":4\r\n",
            ),
            (
                &["LRANGE", "d", "0", "-1"],
                "*4\r\n$0\r\n\r\n$0\r\n\r\n$1\r\nx\r\n$1\r\ny\r\n",
            ),
            (
                &["SORT", "s", "BY", "h_*->", "GET", "h_*->"],
                "*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n",
            ),
            (&["OBJECT", "ENCODING", "h_a"], "$8\r\nlistpack\r\n"),
            (
                &[
                    "HSET",
                    "big",
                    "f",
                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                ],
                ":1\r\n",
            ),
            (&["OBJECT", "ENCODING", "big"], "$9\r\nhashtable\r\n"),
            (&["OBJECT", "REFCOUNT", "big"], ":1\r\n"),
            (&["SADD", "mixed", "1", "x"], ":2\r\n"),
            (&["OBJECT", "ENCODING", "mixed"], "$9\r\nhashtable\r\n"),
            (&["SADD", "bad", "1", "2", "x"], ":3\r\n"),
            (
                &["SORT", "bad"],
                "-ERR One or more scores can't be converted into double\r\n",
            ),
        ],
    );
}
