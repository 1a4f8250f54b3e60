//! SLOWLOG, checked against what Redis 7.0.15 logs for the same commands (its Tcl suite's
//! `unit/slowlog` cases, and the entries recorded from a real redis-server): which commands are
//! logged, how their arguments are cut and redacted, and the GET/LEN/RESET replies.

mod common;

use common::{Client, Server, expect_all};
use std::time::{Duration, Instant};

/// The arguments and client name of each entry of SLOWLOG GET (id, time and duration vary).
fn entries(c: &mut Client, count: &str) -> Vec<(Vec<String>, String)> {
    let reply = c.cmd(&["SLOWLOG", "GET", count]);
    let text = String::from_utf8_lossy(&reply).into_owned();
    let mut lines = text.split("\r\n");
    let n: usize = lines.next().unwrap()[1..].parse().unwrap();
    let bulk = |lines: &mut std::str::Split<'_, &str>| {
        lines.next().unwrap();
        lines.next().unwrap().to_string()
    };
    (0..n)
        .map(|_| {
            assert_eq!(lines.next(), Some("*6"));
            for _ in 0..3 {
                assert!(lines.next().unwrap().starts_with(':'));
            }
            let argc: usize = lines.next().unwrap()[1..].parse().unwrap();
            let args = (0..argc).map(|_| bulk(&mut lines)).collect();
            let _peer = bulk(&mut lines);
            (args, bulk(&mut lines))
        })
        .collect()
}

fn args_of(e: &(Vec<String>, String)) -> String {
    e.0.join(" ")
}

#[test]
fn what_is_logged_and_how() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["SLOWLOG", "LEN"], ":0\r\n"),
            (
                &["CONFIG", "SET", "slowlog-log-slower-than", "0"],
                "+OK\r\n",
            ),
            (&["SLOWLOG", "RESET"], "+OK\r\n"),
            (&["CLIENT", "SETNAME", "me"], "+OK\r\n"),
        ],
    );
    let mut sadd = vec!["SADD".to_string(), "set".into()];
    sadd.extend((3..=33).map(|i| i.to_string()));
    let sadd: Vec<&str> = sadd.iter().map(String::as_str).collect();
    c.cmd(&sadd);
    let long = "A".repeat(129);
    c.cmd(&["SADD", "set", "foo", &long]);
    c.cmd(&["AUTH", "x"]);
    c.cmd(&["AUTH", "a", "b"]);
    c.cmd(&["HELLO", "2", "AUTH", "u", "p"]);
    c.send(b"MULTI\r\nINCR n\r\nEXEC\r\n");
    for _ in 0..3 {
        c.read_reply();
    }
    // Refused before running: not logged.
    c.cmd(&["SLOWLOG", "FOO"]);
    c.cmd(&["CLIENT", "ID", "extra"]);
    let got: Vec<String> = entries(&mut c, "-1").iter().map(args_of).collect();
    let want: Vec<String> = vec![
        "INCR n".into(),
        "MULTI".into(),
        "HELLO 2 AUTH (redacted) (redacted)".into(),
        "AUTH (redacted) (redacted)".into(),
        "AUTH (redacted)".into(),
        format!("SADD set foo {}... (1 more bytes)", "A".repeat(128)),
        format!(
            "SADD set {} ... (2 more arguments)",
            (3..=31)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "CLIENT SETNAME me".into(),
        "SLOWLOG RESET".into(),
    ];
    assert_eq!(got, want);
    assert!(entries(&mut c, "1").iter().all(|(_, name)| name == "me"));
    assert_eq!(entries(&mut c, "0").len(), 0);
    assert_eq!(entries(&mut c, "2").len(), 2);
    assert_eq!(entries(&mut c, "10").len(), 10);
    expect_all(
        &mut c,
        &[
            (
                &["SLOWLOG", "GET", "-2"],
                "-ERR count should be greater than or equal to -1\r\n",
            ),
            (
                &["SLOWLOG", "GET", "1", "2"],
                "-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n",
            ),
            (&["CONFIG", "SET", "slowlog-max-len", "3"], "+OK\r\n"),
            (&["SLOWLOG", "LEN"], ":3\r\n"),
            (
                &["CONFIG", "SET", "slowlog-log-slower-than", "-1"],
                "+OK\r\n",
            ),
            (&["SLOWLOG", "RESET"], "+OK\r\n"),
            (&["PING"], "+PONG\r\n"),
            (&["SLOWLOG", "LEN"], ":0\r\n"),
        ],
    );
}

/// A blocked command is logged once it is served, with its own arguments (Redis's test
/// "Rewritten commands are logged as their original command").
#[test]
fn a_blocked_command_is_logged_when_served() {
    let s = Server::start(&["--slowlog-log-slower-than", "0"]);
    let mut waiter = s.client();
    let mut c = s.client();
    waiter.send(b"BLPOP l 0\r\n");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !c.cmd_str(&["CLIENT", "LIST"]).contains("flags=b") {
        assert!(Instant::now() < deadline, "BLPOP never blocked");
        std::thread::sleep(Duration::from_millis(5));
    }
    c.send(b"MULTI\r\nLPUSH l foo\r\nSLOWLOG RESET\r\nEXEC\r\n");
    for _ in 0..4 {
        c.read_reply();
    }
    assert_eq!(waiter.read_reply(), b"*2\r\n$1\r\nl\r\n$3\r\nfoo\r\n");
    let got: Vec<String> = entries(&mut c, "-1").iter().map(args_of).collect();
    assert_eq!(got[0], "BLPOP l 0");
}
