//! Helpers shared by the blocking-command tests (tests/blocking.rs, tests/blocking_10k.rs).
#![allow(dead_code)]

use crate::common::Client;
use std::io::ErrorKind;
use std::time::{Duration, Instant};

/// INFO's `blocked_clients`.
pub fn blocked_clients(c: &mut Client) -> usize {
    let info = c.cmd_str(&["INFO", "clients"]);
    info.lines()
        .find_map(|l| l.strip_prefix("blocked_clients:"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no blocked_clients in {info:?}"))
}

/// Waits until exactly `n` clients are blocked (each blocking request was sent but its
/// processing is asynchronous), so that the order in which clients block is the test's order.
pub fn wait_blocked(c: &mut Client, n: usize) {
    let start = Instant::now();
    loop {
        let now = blocked_clients(c);
        if now == n {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "blocked_clients stays {now}, want {n}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Sends a command without reading its reply (it blocks).
pub fn send(c: &mut Client, args: &[&str]) {
    let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
    c.send(&Client::encode(&args));
}

/// Sends a blocking command on `c` and waits until the server has parked it (`n` blocked then).
pub fn block(c: &mut Client, args: &[&str], observer: &mut Client, n: usize) {
    send(c, args);
    wait_blocked(observer, n);
}

/// Asserts that nothing arrives on `c` for `ms` milliseconds.
pub fn assert_no_reply(c: &mut Client, ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
    c.stream.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    let res = c.stream.peek(&mut byte);
    c.stream.set_nonblocking(false).unwrap();
    match res {
        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
        other => panic!("unexpected reply or close: {other:?} {:?}", byte),
    }
}

pub fn reply(c: &mut Client) -> String {
    String::from_utf8_lossy(&c.read_reply()).into_owned()
}
