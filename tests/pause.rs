//! CLIENT PAUSE and UNPAUSE, as Redis 7.0 behaves (its Tcl suite's `unit/pause`, the cases
//! without scripts): what waits, what does not, and that nothing expires meanwhile.

mod common;

use common::{Client, Server, expect_all};
use std::time::{Duration, Instant};

fn info_field(c: &mut Client, section: &str, field: &str) -> String {
    let info = c.cmd_str(&["INFO", section]);
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .unwrap_or_else(|| panic!("no {field} in {info}"))
        .to_string()
}

fn wait_blocked(c: &mut Client, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while info_field(c, "clients", "blocked_clients") != n.to_string() {
        assert!(Instant::now() < deadline, "never {n} blocked clients");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn writes_wait_for_a_write_pause_reads_do_not() {
    let s = Server::start(&[]);
    let mut admin = s.client();
    let mut writer = s.client();
    expect_all(
        &mut admin,
        &[
            (&["SET", "k", "old"], "+OK\r\n"),
            (&["CLIENT", "PAUSE", "100000", "WRITE"], "+OK\r\n"),
        ],
    );
    // Reads, and refusals, answer at once.
    expect_all(
        &mut writer,
        &[
            (&["GET", "k"], "$3\r\nold\r\n"),
            (&["PING"], "+PONG\r\n"),
            (
                &["SET", "k"],
                "-ERR wrong number of arguments for 'set' command\r\n",
            ),
        ],
    );
    // A write waits, and so does what was pipelined after it, in order.
    writer.send(b"SET k new\r\nGET k\r\n");
    wait_blocked(&mut admin, 1);
    assert!(admin.cmd_str(&["CLIENT", "LIST"]).contains("flags=b"));
    assert_eq!(admin.cmd_str(&["GET", "k"]), "$3\r\nold\r\n");
    assert_eq!(admin.cmd_str(&["CLIENT", "UNPAUSE"]), "+OK\r\n");
    assert_eq!(writer.read_reply(), b"+OK\r\n");
    assert_eq!(writer.read_reply(), b"$3\r\nnew\r\n");
    wait_blocked(&mut admin, 0);

    // An EXEC with writes queued waits; the transaction's own commands were queued before.
    writer.send(b"MULTI\r\nSET k tx\r\n");
    assert_eq!(writer.read_reply(), b"+OK\r\n");
    assert_eq!(writer.read_reply(), b"+QUEUED\r\n");
    admin.cmd(&["CLIENT", "PAUSE", "100000", "WRITE"]);
    writer.send(b"EXEC\r\n");
    wait_blocked(&mut admin, 1);
    admin.cmd(&["CLIENT", "UNPAUSE"]);
    assert_eq!(writer.read_reply(), b"*1\r\n+OK\r\n");
}

#[test]
fn an_all_pause_holds_reads_too_and_ends_by_itself() {
    let s = Server::start(&[]);
    let mut admin = s.client();
    let mut reader = s.client();
    admin.cmd(&["SET", "k", "v"]);
    let start = Instant::now();
    assert_eq!(admin.cmd_str(&["CLIENT", "PAUSE", "300"]), "+OK\r\n");
    assert_eq!(reader.cmd_str(&["GET", "k"]), "$1\r\nv\r\n");
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(250),
        "answered after {waited:?}"
    );
    assert!(waited < Duration::from_secs(3), "answered after {waited:?}");
}

#[test]
fn pause_arguments_are_checked_as_redis() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (
                &["CLIENT", "PAUSE", "100", "READ"],
                "-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n",
            ),
            (&["CLIENT", "PAUSE", "-1"], "-ERR timeout is negative\r\n"),
            (
                &["CLIENT", "PAUSE", "x"],
                "-ERR timeout is not an integer or out of range\r\n",
            ),
            (
                &["CLIENT", "PAUSE"],
                "-ERR wrong number of arguments for 'client|pause' command\r\n",
            ),
            (
                &["CLIENT", "UNPAUSE", "x"],
                "-ERR wrong number of arguments for 'client|unpause' command\r\n",
            ),
            (&["CLIENT", "UNPAUSE"], "+OK\r\n"),
        ],
    );
}

/// Redis's "Test both active and passive expires are skipped during client pause".
#[test]
fn nothing_expires_during_a_pause() {
    let s = Server::start(&[]);
    let mut c = s.client();
    c.send(b"MULTI\r\nSET a 1 PX 10\r\nSET b 2 PX 10\r\nCLIENT PAUSE 50000 WRITE\r\nEXEC\r\n");
    for _ in 0..5 {
        c.read_reply();
    }
    std::thread::sleep(Duration::from_millis(150));
    expect_all(
        &mut c,
        &[(&["GET", "a"], "$-1\r\n"), (&["GET", "b"], "$-1\r\n")],
    );
    assert_eq!(info_field(&mut c, "stats", "expired_keys"), "0");
    c.cmd(&["CLIENT", "UNPAUSE"]);
    expect_all(
        &mut c,
        &[(&["GET", "a"], "$-1\r\n"), (&["GET", "b"], "$-1\r\n")],
    );
    assert_eq!(info_field(&mut c, "stats", "expired_keys"), "2");
}
