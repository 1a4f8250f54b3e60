//! The floor for `redis-benchmark -t ping_mbulk`: a bare mio loop that answers `+PONG` and
//! does nothing else a server does (no parser, no command table, no stats, no buffering across
//! reads). Its CPU per request is what the kernel's loopback path costs on this machine, so
//! ferrokv's and Redis's PING costs can be read against it:
//!
//! ```sh
//! cargo build --release --example bare_pong
//! FERROKV_CMD=target/release/examples/bare_pong BENCH_TESTS=PING_MBULK scripts/bench.sh
//! ```
//!
//! It recognises a command by a `*` at the start of a line and answers `+PONG` when the first
//! argument is PING, `-ERR` otherwise (redis-benchmark's setup commands). That is enough for
//! redis-benchmark's whole, pipelined commands and nothing more: it is a measuring stick, not a
//! server. Flags other than `--port N` are ignored.
use mio::net::TcpListener;
use mio::{Events, Interest, Poll, Token};
use std::io::{self, Read, Write};

const LISTENER: Token = Token(usize::MAX);

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let port = args
        .iter()
        .position(|a| a == "--port")
        .and_then(|i| args.get(i + 1))
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or(6379);
    let mut poll = Poll::new()?;
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut listener = TcpListener::bind(addr)?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let mut conns = slab::Slab::new();
    let mut events = Events::with_capacity(1024);
    let mut input = vec![0u8; 16 * 1024];
    let mut output = Vec::with_capacity(16 * 1024);
    loop {
        poll.poll(&mut events, None)?;
        for ev in events.iter() {
            if ev.token() == LISTENER {
                while let Ok((mut s, _)) = listener.accept() {
                    s.set_nodelay(true)?;
                    let entry = conns.vacant_entry();
                    poll.registry()
                        .register(&mut s, Token(entry.key()), Interest::READABLE)?;
                    entry.insert(s);
                }
                continue;
            }
            let k = ev.token().0;
            let Some(s) = conns.get_mut(k) else {
                continue;
            };
            let keep = loop {
                match s.read(&mut input) {
                    Ok(0) => break false,
                    Ok(n) => {
                        output.clear();
                        answer(&input[..n], &mut output);
                        if s.write_all(&output).is_err() {
                            break false;
                        }
                        if n < input.len() {
                            break true;
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break true,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => break false,
                }
            };
            if !keep {
                let mut s = conns.remove(k);
                let _ = poll.registry().deregister(&mut s);
            }
        }
    }
}

/// One reply per `*` that starts a line: `+PONG` for `*1\r\n$4\r\nPING\r\n`, `-ERR` for the rest.
fn answer(input: &[u8], output: &mut Vec<u8>) {
    for (i, &b) in input.iter().enumerate() {
        if b == b'*' && (i == 0 || input[i - 1] == b'\n') {
            let ping = input
                .get(i + 8..i + 12)
                .is_some_and(|name| name.eq_ignore_ascii_case(b"PING"));
            output.extend_from_slice(if ping { b"+PONG\r\n" } else { b"-ERR\r\n" });
        }
    }
}
