//! OBJECT against the exact bytes Redis 7.0.15 replies (recorded from a real redis-server
//! 7.0.15 given the same commands). IDLETIME is checked apart: ferrokv keeps no access times.

mod common;

use common::{Server, expect_all, testing_ferrokv};

/// Errors, HELP, ENCODING by the string's contents, REFCOUNT of shared integers, FREQ without an LFU policy, null for a missing key.
#[test]
fn subcommands_errors_and_string_and_list_encodings() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (
                &["OBJECT"],
                "-ERR wrong number of arguments for 'object' command\r\n",
            ),
            (
                &["OBJECT", "HELP"],
                "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n+    Return the kind of internal representation used in order to store the value\r\n+    associated with a <key>.\r\n+FREQ <key>\r\n+    Return the access frequency index of the <key>. The returned integer is\r\n+    proportional to the logarithm of the recent access frequency of the key.\r\n+IDLETIME <key>\r\n+    Return the idle time of the <key>, that is the approximated number of\r\n+    seconds elapsed since the last access to the key.\r\n+REFCOUNT <key>\r\n+    Return the number of references of the value associated with the specified\r\n+    <key>.\r\n+HELP\r\n+    Prints this help.\r\n",
            ),
            (
                &["OBJECT", "help", "x"],
                "-ERR wrong number of arguments for 'object|help' command\r\n",
            ),
            (
                &["OBJECT", "foo"],
                "-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n",
            ),
            (
                &["OBJECT", "foo", "bar"],
                "-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n",
            ),
            (
                &["OBJECT", "ENCODING"],
                "-ERR wrong number of arguments for 'object|encoding' command\r\n",
            ),
            (
                &["OBJECT", "ENCODING", "a", "b"],
                "-ERR wrong number of arguments for 'object|encoding' command\r\n",
            ),
            (&["OBJECT", "ENCODING", "nokey"], "$-1\r\n"),
            (&["OBJECT", "REFCOUNT", "nokey"], "$-1\r\n"),
            (&["OBJECT", "IDLETIME", "nokey"], "$-1\r\n"),
            (&["OBJECT", "FREQ", "nokey"], "$-1\r\n"),
            (&["SET", "s", "100"], "+OK\r\n"),
            (&["OBJECT", "ENCODING", "s"], "$3\r\nint\r\n"),
            (&["OBJECT", "REFCOUNT", "s"], ":2147483647\r\n"),
            (
                &["OBJECT", "FREQ", "s"],
                "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n",
            ),
            (&["SET", "s", "9999"], "+OK\r\n"),
            (&["OBJECT", "REFCOUNT", "s"], ":2147483647\r\n"),
            (&["SET", "s", "10000"], "+OK\r\n"),
            (&["OBJECT", "REFCOUNT", "s"], ":1\r\n"),
            (&["OBJECT", "ENCODING", "s"], "$3\r\nint\r\n"),
            (&["SET", "s", "-1"], "+OK\r\n"),
            (&["OBJECT", "REFCOUNT", "s"], ":1\r\n"),
            (&["OBJECT", "ENCODING", "s"], "$3\r\nint\r\n"),
            (&["SET", "s", "-9223372036854775808"], "+OK\r\n"),
            (&["OBJECT", "ENCODING", "s"], "$3\r\nint\r\n"),
            (&["SET", "s", "9223372036854775808"], "+OK\r\n"),
            (&["OBJECT", "ENCODING", "s"], "$6\r\nembstr\r\n"),
            (&["SET", "s", "01"], "+OK\r\n"),
            (&["OBJECT", "ENCODING", "s"], "$6\r\nembstr\r\n"),
            (&["SET", "s", "1.5"], "+OK\r\n"),
            (&["OBJECT", "ENCODING", "s"], "$6\r\nembstr\r\n"),
            (
                &["SET", "s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
                "+OK\r\n",
            ),
            (&["OBJECT", "ENCODING", "s"], "$6\r\nembstr\r\n"),
            (
                &["SET", "s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
                "+OK\r\n",
            ),
            (&["OBJECT", "ENCODING", "s"], "$3\r\nraw\r\n"),
            (&["OBJECT", "REFCOUNT", "s"], ":1\r\n"),
            (&["INCR", "cnt"], ":1\r\n"),
            (&["OBJECT", "ENCODING", "cnt"], "$3\r\nint\r\n"),
            (&["OBJECT", "REFCOUNT", "cnt"], ":2147483647\r\n"),
            (&["RPUSH", "l", "a"], ":1\r\n"),
            (&["OBJECT", "ENCODING", "l"], "$9\r\nquicklist\r\n"),
            (&["OBJECT", "REFCOUNT", "l"], ":1\r\n"),
            (
                &["OBJECT", "FREQ", "l"],
                "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n",
            ),
            (&["object", "encoding", "l"], "$9\r\nquicklist\r\n"),
        ],
    );
}

/// ferrokv reports every key as just accessed.
#[test]
fn idletime_is_zero() {
    if !testing_ferrokv() {
        return;
    }
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["SET", "k", "v"], "+OK\r\n"),
            (&["OBJECT", "IDLETIME", "k"], ":0\r\n"),
        ],
    );
}
