//! Transactions (MULTI, EXEC, DISCARD, WATCH, UNWATCH) against the exact bytes Redis 7.0.15
//! replies: queueing, errors while queueing and while executing, and WATCH with other clients,
//! expiry and whole-database commands (every expected reply was produced by redis-server 7.0.15).

mod common;

use common::{Client, Server, expect_all};
use std::time::Duration;

/// Queueing, EXEC/DISCARD, errors that abort the transaction and errors that do not.
#[test]
fn multi_exec_discard() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["SET", "a", "1"], "+QUEUED\r\n"),
            (&["INCR", "a"], "+QUEUED\r\n"),
            (&["GET", "a"], "+QUEUED\r\n"),
            (&["EXEC"], "*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n"),
            (&["EXEC"], "-ERR EXEC without MULTI\r\n"),
            (&["DISCARD"], "-ERR DISCARD without MULTI\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["EXEC"], "*0\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["SET", "a", "2"], "+QUEUED\r\n"),
            (&["DISCARD"], "+OK\r\n"),
            (&["GET", "a"], "$1\r\n2\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["MULTI"], "-ERR MULTI calls can not be nested\r\n"),
            (&["SET", "a", "3"], "+QUEUED\r\n"),
            (&["EXEC"], "*1\r\n+OK\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (
                &["FOO", "bar", "baz"],
                "-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \r\n",
            ),
            (&["SET", "a", "4"], "+QUEUED\r\n"),
            (
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
            (&["GET", "a"], "$1\r\n3\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (
                &["SET", "a"],
                "-ERR wrong number of arguments for 'set' command\r\n",
            ),
            (&["GET", "a"], "+QUEUED\r\n"),
            (
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
            (&["MULTI"], "+OK\r\n"),
            (
                &["SHUTDOWN"],
                "-ERR Command not allowed inside a transaction\r\n",
            ),
            (&["GET", "a"], "+QUEUED\r\n"),
            (
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
            (&["MULTI"], "+OK\r\n"),
            (
                &["SHUTDOWN", "NOSAVE"],
                "-ERR Command not allowed inside a transaction\r\n",
            ),
            (&["DISCARD"], "+OK\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (
                &["WATCH", "a"],
                "-ERR WATCH inside MULTI is not allowed\r\n",
            ),
            (&["SET", "a", "5"], "+QUEUED\r\n"),
            (&["EXEC"], "*1\r\n+OK\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["UNWATCH"], "+QUEUED\r\n"),
            (&["EXEC"], "*1\r\n+OK\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (
                &["EXEC", "x"],
                "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n",
            ),
            (&["EXEC"], "-ERR EXEC without MULTI\r\n"),
            (
                &["MULTI", "x"],
                "-ERR wrong number of arguments for 'multi' command\r\n",
            ),
            (
                &["DISCARD", "x"],
                "-ERR wrong number of arguments for 'discard' command\r\n",
            ),
            (
                &["WATCH"],
                "-ERR wrong number of arguments for 'watch' command\r\n",
            ),
            (&["MULTI"], "+OK\r\n"),
            (&["SET", "s", "str"], "+QUEUED\r\n"),
            (&["INCR", "s"], "+QUEUED\r\n"),
            (&["LPUSH", "s", "x"], "+QUEUED\r\n"),
            (&["GET", "s"], "+QUEUED\r\n"),
            (
                &["EXEC"],
                "*4\r\n+OK\r\n-ERR value is not an integer or out of range\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n$3\r\nstr\r\n",
            ),
            (&["MULTI"], "+OK\r\n"),
            (&["INCRBY", "a", "x"], "+QUEUED\r\n"),
            (
                &["SET", "b"],
                "-ERR wrong number of arguments for 'set' command\r\n",
            ),
            (
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
            (&["EXISTS", "b"], ":0\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["BLPOP", "nolist", "0"], "+QUEUED\r\n"),
            (&["PING"], "+QUEUED\r\n"),
            (&["ECHO", "hi"], "+QUEUED\r\n"),
            (&["EXEC"], "*3\r\n*-1\r\n+PONG\r\n$2\r\nhi\r\n"),
        ],
    );
}

/// Arity errors of the transaction commands themselves: EXEC with arguments aborts at once
/// (Redis's `execCommandAbort`), the others doom the transaction like any refused command.
#[test]
fn transaction_commands_with_wrong_arity() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (
                &["EXEC", "x"],
                "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n",
            ),
            (&["EXEC"], "-ERR EXEC without MULTI\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["SET", "a", "1"], "+QUEUED\r\n"),
            (
                &["EXEC", "a", "b"],
                "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n",
            ),
            (&["GET", "a"], "$-1\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (
                &["DISCARD", "x"],
                "-ERR wrong number of arguments for 'discard' command\r\n",
            ),
            (&["SET", "a", "2"], "+QUEUED\r\n"),
            (
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
            (&["GET", "a"], "$-1\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (
                &["MULTI", "x"],
                "-ERR wrong number of arguments for 'multi' command\r\n",
            ),
            (
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
            (&["MULTI"], "+OK\r\n"),
            (
                &["WATCH"],
                "-ERR wrong number of arguments for 'watch' command\r\n",
            ),
            (
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
            (&["MULTI"], "+OK\r\n"),
            (
                &["UNWATCH", "x"],
                "-ERR wrong number of arguments for 'unwatch' command\r\n",
            ),
            (
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
            (&["WATCH", "a", "b"], "+OK\r\n"),
            (&["UNWATCH"], "+OK\r\n"),
            (&["UNWATCH"], "+OK\r\n"),
            (
                &["UNWATCH", "x"],
                "-ERR wrong number of arguments for 'unwatch' command\r\n",
            ),
            (&["WATCH", "a", "a"], "+OK\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["EXEC"], "*0\r\n"),
        ],
    );
}

/// MULTI ... EXEC on `c` with the given queued commands; returns EXEC's reply.
fn exec_with(c: &mut Client, queued: &[&[&str]]) -> String {
    assert_eq!(c.cmd_str(&["MULTI"]), "+OK\r\n");
    for cmd in queued {
        assert_eq!(c.cmd_str(cmd), "+QUEUED\r\n", "{cmd:?}");
    }
    c.cmd_str(&["EXEC"])
}

/// WATCH k on `c`, then `other` runs `cmds`; returns what `c`'s EXEC of a GET k replies.
fn watched_exec(c: &mut Client, other: &mut Client, cmds: &[&[&str]]) -> String {
    assert_eq!(c.cmd_str(&["WATCH", "k"]), "+OK\r\n");
    for cmd in cmds {
        other.cmd(cmd);
    }
    exec_with(c, &[&["GET", "k"]])
}

#[test]
fn watch_aborts_exec_when_another_client_changes_the_key() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let mut o = s.client();
    assert_eq!(c.cmd_str(&["SET", "k", "v"]), "+OK\r\n");
    // Any successful write aborts, even one that stores the same value.
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["SET", "k", "v2"]]),
        "*-1\r\n"
    );
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["SET", "k", "v2"]]),
        "*-1\r\n"
    );
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["APPEND", "k", "x"]]),
        "*-1\r\n"
    );
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["EXPIRE", "k", "100"]]),
        "*-1\r\n"
    );
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["PERSIST", "k"]]),
        "*-1\r\n"
    );
    // A failed EXEC forgets the watches: the next transaction runs.
    o.cmd(&["SET", "k", "after"]);
    assert_eq!(exec_with(&mut c, &[&["GET", "k"]]), "*1\r\n$5\r\nafter\r\n");
    // Commands that change nothing do not abort: failed writes, other keys, other databases,
    // reads, PERSIST of a key without expiry, DEL of a missing key.
    let untouched: &[&[&str]] = &[
        &["INCR", "k"],
        &["LPUSH", "k", "x"],
        &["SET", "k2", "v"],
        &["GET", "k"],
        &["PERSIST", "k"],
        &["SET", "k", "v", "NX"],
        &["SELECT", "1"],
        &["SET", "k", "db1"],
        &["SELECT", "0"],
    ];
    assert_eq!(
        watched_exec(&mut c, &mut o, untouched),
        "*1\r\n$5\r\nafter\r\n"
    );
    // The watching client's own write before MULTI aborts it too.
    assert_eq!(c.cmd_str(&["WATCH", "k"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["SET", "k", "mine"]), "+OK\r\n");
    assert_eq!(exec_with(&mut c, &[&["GET", "k"]]), "*-1\r\n");
    // Deleting it, or creating a watched key that did not exist.
    assert_eq!(watched_exec(&mut c, &mut o, &[&["DEL", "k"]]), "*-1\r\n");
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["DEL", "k"]]),
        "*1\r\n$-1\r\n"
    );
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["RPUSH", "k", "a"]]),
        "*-1\r\n"
    );
    assert_eq!(watched_exec(&mut c, &mut o, &[&["LPOP", "k"]]), "*-1\r\n");
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["LPOP", "k"]]),
        "*1\r\n$-1\r\n"
    );
    // Several watched keys: a change to any aborts; WATCH accumulates.
    assert_eq!(c.cmd_str(&["WATCH", "a", "b"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["WATCH", "c"]), "+OK\r\n");
    o.cmd(&["SET", "c", "1"]);
    assert_eq!(exec_with(&mut c, &[&["PING"]]), "*-1\r\n");

    // RESP3: the null `_`.
    assert!(c.cmd_str(&["HELLO", "3"]).starts_with("%7\r\n"));
    assert_eq!(watched_exec(&mut c, &mut o, &[&["SET", "k", "3"]]), "_\r\n");
    assert_eq!(watched_exec(&mut c, &mut o, &[]), "*1\r\n$1\r\n3\r\n");
}

#[test]
fn unwatch_exec_and_discard_forget_watches() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let mut o = s.client();
    assert_eq!(c.cmd_str(&["WATCH", "k"]), "+OK\r\n");
    o.cmd(&["SET", "k", "1"]);
    assert_eq!(c.cmd_str(&["UNWATCH"]), "+OK\r\n");
    assert_eq!(exec_with(&mut c, &[&["GET", "k"]]), "*1\r\n$1\r\n1\r\n");

    assert_eq!(c.cmd_str(&["WATCH", "k"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["MULTI"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["DISCARD"]), "+OK\r\n");
    o.cmd(&["SET", "k", "2"]);
    assert_eq!(exec_with(&mut c, &[&["GET", "k"]]), "*1\r\n$1\r\n2\r\n");

    // A successful EXEC forgets them as well.
    assert_eq!(c.cmd_str(&["WATCH", "k"]), "+OK\r\n");
    assert_eq!(exec_with(&mut c, &[&["GET", "k"]]), "*1\r\n$1\r\n2\r\n");
    o.cmd(&["SET", "k", "3"]);
    assert_eq!(exec_with(&mut c, &[&["GET", "k"]]), "*1\r\n$1\r\n3\r\n");

    // An EXECABORT forgets them too.
    assert_eq!(c.cmd_str(&["WATCH", "k"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["MULTI"]), "+OK\r\n");
    assert!(
        c.cmd_str(&["NOSUCHCOMMAND"])
            .starts_with("-ERR unknown command")
    );
    assert_eq!(
        c.cmd_str(&["EXEC"]),
        "-EXECABORT Transaction discarded because of previous errors.\r\n"
    );
    o.cmd(&["SET", "k", "4"]);
    assert_eq!(exec_with(&mut c, &[&["GET", "k"]]), "*1\r\n$1\r\n4\r\n");

    // UNWATCH inside MULTI is queued (and so does not unwatch before EXEC decides).
    assert_eq!(c.cmd_str(&["WATCH", "k"]), "+OK\r\n");
    o.cmd(&["SET", "k", "5"]);
    assert_eq!(exec_with(&mut c, &[&["UNWATCH"], &["GET", "k"]]), "*-1\r\n");
}

#[test]
fn watched_key_that_expires_aborts_exec() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let mut o = s.client();
    // Live at WATCH time, expired by EXEC: the transaction fails (whether or not the key was
    // deleted in between).
    assert_eq!(c.cmd_str(&["SET", "k", "v", "PX", "100"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["WATCH", "k"]), "+OK\r\n");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(exec_with(&mut c, &[&["GET", "k"]]), "*-1\r\n");
    // The same when another client's read finds it expired and deletes it.
    assert_eq!(c.cmd_str(&["SET", "k", "v", "PX", "100"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["WATCH", "k"]), "+OK\r\n");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(o.cmd_str(&["GET", "k"]), "$-1\r\n");
    assert_eq!(exec_with(&mut c, &[&["GET", "k"]]), "*-1\r\n");
    // An expiry set in the future that has not passed changes nothing by itself.
    assert_eq!(c.cmd_str(&["SET", "k", "v", "EX", "100"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["WATCH", "k"]), "+OK\r\n");
    assert_eq!(exec_with(&mut c, &[&["GET", "k"]]), "*1\r\n$1\r\nv\r\n");
}

#[test]
fn flushall_flushdb_and_swapdb_touch_watched_keys() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let mut o = s.client();
    assert_eq!(c.cmd_str(&["SET", "k", "v"]), "+OK\r\n");
    assert_eq!(watched_exec(&mut c, &mut o, &[&["FLUSHALL"]]), "*-1\r\n");
    // Flushing a database where the watched key does not exist does not abort.
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["FLUSHALL"]]),
        "*1\r\n$-1\r\n"
    );
    assert_eq!(c.cmd_str(&["SET", "k", "v"]), "+OK\r\n");
    assert_eq!(watched_exec(&mut c, &mut o, &[&["FLUSHDB"]]), "*-1\r\n");
    assert_eq!(c.cmd_str(&["SET", "k", "v"]), "+OK\r\n");
    // FLUSHDB of another database leaves it alone.
    let other_db: &[&[&str]] = &[
        &["SELECT", "1"],
        &["SET", "x", "1"],
        &["FLUSHDB"],
        &["SELECT", "0"],
    ];
    assert_eq!(watched_exec(&mut c, &mut o, other_db), "*1\r\n$1\r\nv\r\n");
    // SWAPDB: the watched key's database is replaced; it aborts if the key exists on
    // either side.
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["SWAPDB", "0", "1"]]),
        "*-1\r\n"
    );
    // Now k exists only in db 1; swapping it back into db 0 aborts too.
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["SWAPDB", "1", "0"]]),
        "*-1\r\n"
    );
    assert_eq!(c.cmd_str(&["DEL", "k"]), ":1\r\n");
    // Neither side has it: no abort.
    assert_eq!(
        watched_exec(&mut c, &mut o, &[&["SWAPDB", "0", "1"]]),
        "*1\r\n$-1\r\n"
    );
    // A watch in db 1 is touched by a swap of db 1.
    assert_eq!(c.cmd_str(&["SELECT", "1"]), "+OK\r\n");
    let fill: &[&[&str]] = &[
        &["SELECT", "2"],
        &["SET", "k", "in2"],
        &["SWAPDB", "1", "2"],
        &["SELECT", "0"],
    ];
    assert_eq!(watched_exec(&mut c, &mut o, fill), "*-1\r\n");
    assert_eq!(c.cmd_str(&["GET", "k"]), "$3\r\nin2\r\n");
}
