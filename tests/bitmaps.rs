//! Bit commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO) and LCS
//! against the exact bytes Redis 7.0.15 replies (the table was recorded from a real
//! redis-server 7.0.15 given the same commands, in this order). `tests/differential.rs` runs
//! thousands more at random against redis-server itself.

mod common;

use common::{Server, expect_all};

#[test]
fn bit_commands_and_lcs_reply_as_redis() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["SETBIT", "mykey", "7", "1"], ":0\r\n"),
            (&["SETBIT", "mykey", "7", "0"], ":1\r\n"),
            (&["GETBIT", "mykey", "0"], ":0\r\n"),
            (&["GETBIT", "mykey", "100"], ":0\r\n"),
            (&["SETBIT", "mykey", "122", "1"], ":0\r\n"),
            (
                &["GET", "mykey"],
                "$16\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00 \r\n",
            ),
            (
                &["SETBIT", "mykey", "-1", "1"],
                "-ERR bit offset is not an integer or out of range\r\n",
            ),
            (
                &["SETBIT", "mykey", "4294967296", "1"],
                "-ERR bit offset is not an integer or out of range\r\n",
            ),
            (
                &["SETBIT", "mykey", "1", "2"],
                "-ERR bit is not an integer or out of range\r\n",
            ),
            (&["SET", "mykey", "foobar"], "+OK\r\n"),
            (&["BITCOUNT", "mykey"], ":26\r\n"),
            (&["BITCOUNT", "mykey", "0", "0"], ":4\r\n"),
            (&["BITCOUNT", "mykey", "1", "1"], ":6\r\n"),
            (&["BITCOUNT", "mykey", "1", "1", "BYTE"], ":6\r\n"),
            (&["BITCOUNT", "mykey", "5", "30", "BIT"], ":17\r\n"),
            (&["BITCOUNT", "mykey", "-3", "-1", "BIT"], ":1\r\n"),
            (&["BITCOUNT", "mykey", "1"], "-ERR syntax error\r\n"),
            (
                &["BITCOUNT", "mykey", "0", "1", "NIBBLE"],
                "-ERR syntax error\r\n",
            ),
            (&["BITCOUNT", "nokey"], ":0\r\n"),
            (&["SET", "mykey", "~~p"], "+OK\r\n"),
            (&["BITPOS", "mykey", "0"], ":0\r\n"),
            (&["SET", "mykey", "@~p"], "+OK\r\n"),
            (&["BITPOS", "mykey", "1", "0"], ":1\r\n"),
            (&["BITPOS", "mykey", "1", "2"], ":17\r\n"),
            (&["BITPOS", "mykey", "1", "2", "-1", "BYTE"], ":17\r\n"),
            (&["BITPOS", "mykey", "1", "7", "15", "BIT"], ":9\r\n"),
            (&["SET", "mykey", "@@@"], "+OK\r\n"),
            (&["BITPOS", "mykey", "1"], ":1\r\n"),
            (&["BITPOS", "nokey", "0"], ":0\r\n"),
            (&["BITPOS", "nokey", "1"], ":-1\r\n"),
            (
                &["BITPOS", "mykey", "2"],
                "-ERR The bit argument must be 1 or 0.\r\n",
            ),
            (&["SET", "key1", "foobar"], "+OK\r\n"),
            (&["SET", "key2", "abcdef"], "+OK\r\n"),
            (&["BITOP", "AND", "dest", "key1", "key2"], ":6\r\n"),
            (&["GET", "dest"], "$6\r\n`bc`ab\r\n"),
            (&["BITOP", "OR", "dest", "key1", "key2", "nokey"], ":6\r\n"),
            (&["BITOP", "XOR", "dest", "key1", "key2"], ":6\r\n"),
            (&["BITOP", "NOT", "dest", "key1"], ":6\r\n"),
            (
                &["BITOP", "NOT", "dest", "key1", "key2"],
                "-ERR BITOP NOT must be called with a single source key.\r\n",
            ),
            (&["BITOP", "NAND", "dest", "key1"], "-ERR syntax error\r\n"),
            (&["BITOP", "AND", "dest", "nokey"], ":0\r\n"),
            (&["EXISTS", "dest"], ":0\r\n"),
            (
                &[
                    "BITFIELD", "bf", "INCRBY", "i5", "100", "1", "GET", "u4", "0",
                ],
                "*2\r\n:1\r\n:0\r\n",
            ),
            (
                &[
                    "BITFIELD", "bf", "SET", "i8", "#0", "100", "SET", "i8", "#1", "200",
                ],
                "*2\r\n:0\r\n:0\r\n",
            ),
            (
                &[
                    "BITFIELD", "bf", "GET", "i8", "#0", "GET", "i8", "#1", "GET", "u16", "0",
                ],
                "*3\r\n:100\r\n:-56\r\n:25800\r\n",
            ),
            (
                &[
                    "BITFIELD", "bf", "OVERFLOW", "SAT", "INCRBY", "u2", "102", "1", "INCRBY",
                    "u2", "102", "5", "OVERFLOW", "FAIL", "INCRBY", "u2", "102", "1", "OVERFLOW",
                    "WRAP", "INCRBY", "u2", "102", "1",
                ],
                "*4\r\n:1\r\n:3\r\n$-1\r\n:0\r\n",
            ),
            (
                &["BITFIELD", "bf", "SET", "u64", "0", "1"],
                "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n",
            ),
            (
                &["BITFIELD", "bf", "GET", "i65", "0"],
                "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n",
            ),
            (
                &["BITFIELD", "bf", "OVERFLOW", "MAYBE"],
                "-ERR Invalid OVERFLOW type specified\r\n",
            ),
            (&["BITFIELD", "bf", "FOO", "1"], "-ERR syntax error\r\n"),
            (&["BITFIELD_RO", "bf", "GET", "i8", "0"], "*1\r\n:100\r\n"),
            (
                &["BITFIELD_RO", "bf", "SET", "i8", "0", "1"],
                "-ERR BITFIELD_RO only supports the GET subcommand\r\n",
            ),
            (&["LPUSH", "lst", "a"], ":1\r\n"),
            (
                &["SETBIT", "lst", "0", "1"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["GETBIT", "lst", "0"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["BITCOUNT", "lst"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                &["BITFIELD", "lst", "GET", "i8", "0"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (&["SET", "ohmy", "ohmytext"], "+OK\r\n"),
            (&["SET", "mynew", "mynewtext"], "+OK\r\n"),
            (&["LCS", "ohmy", "mynew"], "$6\r\nmytext\r\n"),
            (&["LCS", "ohmy", "mynew", "LEN"], ":6\r\n"),
            (
                &["LCS", "ohmy", "mynew", "IDX"],
                "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n",
            ),
            (
                &["LCS", "ohmy", "mynew", "IDX", "MINMATCHLEN", "4"],
                "*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n",
            ),
            (
                &[
                    "LCS",
                    "ohmy",
                    "mynew",
                    "IDX",
                    "MINMATCHLEN",
                    "4",
                    "WITHMATCHLEN",
                ],
                "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n",
            ),
            (
                &["LCS", "ohmy", "mynew", "LEN", "IDX"],
                "-ERR If you want both the length and indexes, please just use IDX.\r\n",
            ),
            (
                &["LCS", "ohmy", "lst"],
                "-ERR The specified keys must contain string values\r\n",
            ),
            (&["LCS", "ohmy", "nokey"], "$0\r\n\r\n"),
        ],
    );
}

/// A bit far past the end grows the string with zeros, within proto-max-bulk-len.
#[test]
fn setbit_grows_the_string_up_to_the_limit() {
    let s = Server::start(&["--proto-max-bulk-len", "1mb"]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["SETBIT", "big", "8388607", "1"], ":0\r\n"),
            (&["STRLEN", "big"], ":1048576\r\n"),
            (&["BITCOUNT", "big"], ":1\r\n"),
            (&["BITPOS", "big", "1"], ":8388607\r\n"),
            (
                &["SETBIT", "big", "8388608", "1"],
                "-ERR bit offset is not an integer or out of range\r\n",
            ),
            (
                &["BITFIELD", "big", "SET", "u8", "#1048576", "1"],
                "-ERR bit offset is not an integer or out of range\r\n",
            ),
        ],
    );
}
