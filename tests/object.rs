//! OBJECT against the exact bytes Redis 7.0.15 replies (recorded from a real redis-server
//! 7.0.15 given the same commands). IDLETIME is checked apart (it depends on time).

mod common;

use common::{Server, expect_all};

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

/// IDLETIME counts seconds since the last access: reads, writes and TOUCH reset it; OBJECT,
/// EXISTS, TYPE and TTL do not (Redis's LOOKUP_NOTOUCH). Runs against Redis too.
#[test]
fn idletime_counts_seconds_since_the_last_access() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["SET", "k", "v"], "+OK\r\n"),
            (&["SET", "other", "v"], "+OK\r\n"),
            (&["OBJECT", "IDLETIME", "k"], ":0\r\n"),
        ],
    );
    std::thread::sleep(std::time::Duration::from_millis(2200));
    let idle = common::int_of(&c.cmd(&["OBJECT", "IDLETIME", "k"]));
    assert!((1..=3).contains(&idle), "{idle}");
    // OBJECT itself is not an access; GET and EXISTS are.
    let again = common::int_of(&c.cmd(&["OBJECT", "IDLETIME", "k"]));
    assert!(again >= idle, "{again}");
    expect_all(
        &mut c,
        &[
            (&["GET", "k"], "$1\r\nv\r\n"),
            (&["OBJECT", "IDLETIME", "k"], ":0\r\n"),
            (&["EXISTS", "other"], ":1\r\n"),
            (&["TYPE", "other"], "+string\r\n"),
            (&["TTL", "other"], ":-1\r\n"),
        ],
    );
    let other = common::int_of(&c.cmd(&["OBJECT", "IDLETIME", "other"]));
    assert!(other >= 1, "EXISTS, TYPE and TTL are not accesses: {other}");
    expect_all(
        &mut c,
        &[
            (&["TOUCH", "other"], ":1\r\n"),
            (&["OBJECT", "IDLETIME", "other"], ":0\r\n"),
        ],
    );
}
