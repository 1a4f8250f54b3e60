//! SIGTERM and SIGINT with clients connected: a clean exit (status 0), replies already computed
//! delivered, idle clients disconnected, and a prompt exit even with 1,000 clients.

mod common;

use common::{Client, Server};
use std::io::Read;
use std::time::{Duration, Instant};

/// Idle clients, plus one whose 8 MB reply is still in flight when the signal arrives.
fn clean_exit_delivers_in_flight_reply(sig: &str) {
    let mut srv = Server::start(&[]);
    let mut idle: Vec<Client> = (0..10).map(|_| srv.client()).collect();
    for c in &mut idle {
        assert_eq!(c.cmd_str(&["PING"]), "+PONG\r\n");
    }
    let value: Vec<u8> = (0..8u32 << 20).map(|i| (i % 251) as u8).collect();
    let mut busy = srv.client();
    assert_eq!(busy.cmd_bytes(&[b"SET", b"big", &value]), b"+OK\r\n");
    busy.send(&Client::encode(&[b"GET", b"big"]));
    // Let the server compute the reply and fill the socket buffers; the rest waits in its
    // output buffer.
    std::thread::sleep(Duration::from_millis(200));
    srv.signal(sig);
    let reply = busy.read_reply();
    let header = format!("${}\r\n", value.len());
    assert_eq!(&reply[..header.len()], header.as_bytes());
    assert!(
        reply[header.len()..reply.len() - 2] == value[..],
        "reply differs"
    );
    let status = srv
        .wait_exit(Duration::from_secs(5))
        .expect("server did not exit");
    assert!(status.success(), "{sig}: exit status {status:?}");
    assert!(busy.read_to_close().is_empty());
    for c in &mut idle {
        assert!(c.read_to_close().is_empty());
    }
}

#[test]
fn sigterm_is_a_clean_exit() {
    clean_exit_delivers_in_flight_reply("TERM");
}

#[test]
fn sigint_is_a_clean_exit() {
    clean_exit_delivers_in_flight_reply("INT");
}

/// A pipeline sent just before the signal is answered in full before the connection closes.
#[test]
fn sigterm_after_a_pipeline_answers_it() {
    let mut srv = Server::start(&[]);
    let mut c = srv.client();
    let mut req = Vec::new();
    for _ in 0..1000 {
        req.extend(Client::encode(&[b"INCR", b"n"]));
    }
    c.send(&req);
    let mut expected = Vec::new();
    for i in 1..=1000 {
        expected.extend(format!(":{i}\r\n").into_bytes());
    }
    let mut got = vec![0u8; expected.len()];
    c.stream.read_exact(&mut got[..2]).unwrap();
    srv.signal("TERM");
    c.stream.read_exact(&mut got[2..]).unwrap();
    assert!(got == expected);
    let status = srv.wait_exit(Duration::from_secs(5)).expect("no exit");
    assert!(status.success(), "{status:?}");
}

#[test]
fn thousand_idle_clients_do_not_delay_exit() {
    for sig in ["TERM", "INT"] {
        let mut srv = Server::start(&[]);
        let mut clients: Vec<Client> = (0..1000).map(|_| srv.client()).collect();
        // Every connection accepted and served before the signal.
        for c in &mut clients {
            c.send(b"PING\r\n");
        }
        for c in &mut clients {
            assert_eq!(c.read_reply(), b"+PONG\r\n");
        }
        let start = Instant::now();
        srv.signal(sig);
        let status = srv
            .wait_exit(Duration::from_secs(1))
            .unwrap_or_else(|| panic!("SIG{sig}: still running after 1 s with 1,000 clients"));
        let took = start.elapsed();
        eprintln!("SIG{sig} with 1,000 idle clients: exited in {took:?}");
        assert!(status.success(), "{status:?}");
        for c in &mut clients {
            assert!(c.read_to_close().is_empty());
        }
    }
}
