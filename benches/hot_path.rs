//! Micro-benchmarks of the per-command path without the network: parsing a pipelined buffer,
//! looking up commands, and parsing + executing the commands `redis-benchmark` sends.
//!
//! `cargo bench --bench hot_path` prints nanoseconds per command (median of 7 runs). These
//! numbers move with the machine; `scripts/bench.sh` is the side-by-side comparison with Redis.
//! Use this to see what a change to the parser, the dispatch or a handler costs on its own.
use ferrokv::commands::{self, Args, Ctx};
use ferrokv::config::Config;
use ferrokv::net::conn::ClientState;
use ferrokv::proto::parse::{Limits, Parsed, Parser, Peeked};
use ferrokv::proto::reply::Reply;
use ferrokv::state::State;
use ferrokv::workers::Workers;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

/// Commands in one pipelined buffer, and commands between two "writes" (output cleared).
const PIPELINE: usize = 1000;
const BATCH: usize = 16;
const KEYSPACE: usize = 100_000;

fn resp(args: &[&[u8]], out: &mut Vec<u8>) {
    out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
}

/// A buffer of `PIPELINE` commands made by `make(i, r)`, `i` a pseudo-random number below
/// `KEYSPACE` (redis-benchmark's `-r`) and `r` another, from `seed`.
fn pipeline(seed: u64, make: impl Fn(usize, usize) -> Vec<Vec<u8>>) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0xA24B_AED4_963E_E407);
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % KEYSPACE as u64) as usize
    };
    for _ in 0..PIPELINE {
        let args = make(next(), next());
        let refs: Vec<&[u8]> = args.iter().map(Vec::as_slice).collect();
        resp(&refs, &mut buf);
    }
    buf
}

/// Buffers to cycle through, so a replay changes things again (ZADD re-scores members).
fn variants(make: impl Fn(usize, usize) -> Vec<Vec<u8>> + Copy) -> Vec<Vec<u8>> {
    (0..8).map(|seed| pipeline(seed, make)).collect()
}

const LIMITS: Limits = Limits {
    max_bulk: 512 << 20,
    authenticated: true,
};

/// Median nanoseconds per command of `run`, which handles `per_run` commands.
fn measure(name: &str, per_run: usize, mut run: impl FnMut()) {
    for _ in 0..3 {
        run();
    }
    let mut samples: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..20 {
                run();
            }
            start.elapsed().as_nanos() as f64 / (20 * per_run) as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    println!("{name:<28} {:>8.1} ns/command", samples[3]);
}

fn parse_all(parser: &mut Parser, buf: &[u8], mut each: impl FnMut(&Parser, &[u8])) {
    let mut at = 0;
    while let Parsed::Command { len } = parser.parse(&buf[at..], LIMITS) {
        each(parser, &buf[at..]);
        at += len;
    }
}

/// `parse_all` as the server runs a pipeline of 16 a read: each batch parsed ahead first
/// (`Parser::parse_ahead`, the room lent as the server lends it), then handed out.
fn parse_all_ahead(parser: &mut Parser, buf: &[u8], mut each: impl FnMut(&Parser, &[u8])) {
    let mut at = 0;
    for i in 0.. {
        if i % 16 == 0 {
            parser.parse_ahead(&buf[at..], &mut [Peeked::default(); 16]);
        }
        let Parsed::Command { len } = parser.parse(&buf[at..], LIMITS) else {
            break;
        };
        each(parser, &buf[at..]);
        at += len;
    }
}

fn main() {
    let key = |prefix: &str, i: usize| format!("{prefix}{i:012}").into_bytes();
    let tests: Vec<(&str, Vec<Vec<u8>>)> = vec![
        ("PING", variants(|_, _| vec![b"PING".to_vec()])),
        (
            "SET",
            variants(|i, _| vec![b"SET".to_vec(), key("key:", i), vec![b'x'; 3]]),
        ),
        (
            "GET",
            variants(|i, _| vec![b"GET".to_vec(), key("key:", i)]),
        ),
        (
            "INCR",
            variants(|i, _| vec![b"INCR".to_vec(), key("counter:", i)]),
        ),
        (
            "LPUSH",
            variants(|_, _| vec![b"LPUSH".to_vec(), b"mylist".to_vec(), vec![b'x'; 3]]),
        ),
        (
            "SADD",
            variants(|i, _| vec![b"SADD".to_vec(), b"myset".to_vec(), key("element:", i)]),
        ),
        (
            "HSET",
            variants(|i, _| {
                let field = key("element:", i);
                vec![b"HSET".to_vec(), b"myhash".to_vec(), field, vec![b'x'; 3]]
            }),
        ),
        (
            "ZADD",
            variants(|i, r| {
                let score = format!("{r:012}").into_bytes();
                vec![
                    b"ZADD".to_vec(),
                    b"myzset".to_vec(),
                    score,
                    key("element:", i),
                ]
            }),
        ),
    ];

    let mut parser = Parser::default();
    let mut ahead = Parser::default();
    ahead.lend_ahead(Box::default());
    for (label, p, lent) in [
        ("parse", &mut parser, false),
        ("parse ahead", &mut ahead, true),
    ] {
        for (name, bufs) in &tests {
            let mut run = 0;
            measure(&format!("{label} {name}"), PIPELINE, || {
                run += 1;
                let buf = &bufs[run % bufs.len()];
                let each = |p: &Parser, _: &[u8]| {
                    black_box(p.spans().len());
                };
                if lent {
                    parse_all_ahead(p, buf, each)
                } else {
                    parse_all(p, buf, each)
                }
            });
        }
    }
    for (name, _) in &tests {
        let upper = name.as_bytes();
        measure(&format!("lookup {name}"), 1000, || {
            for _ in 0..1000 {
                black_box(commands::lookup(black_box(upper)));
            }
        });
    }

    let workers = match Workers::start(1, Arc::new(|| {})) {
        Ok(w) => w,
        Err(e) => panic!("starting a worker: {e}"),
    };
    let mut st = State::new(Config::default(), workers);
    let mut client = ClientState::new(1, 0, "bench".into(), 0, true);
    let mut out = Reply::default();
    let mut conns = slab::Slab::new();
    // Every key and member exists before timing (a 100,000-member sorted set, as
    // redis-benchmark's ZADD with -r 100000 builds): the timed runs update.
    let mut exec = |buf: &[u8]| {
        let mut n = 0;
        parse_all(&mut parser, buf, |p, base| {
            let args = Args {
                base,
                spans: p.spans(),
            };
            let mut ctx = Ctx {
                st: &mut st,
                client: &mut client,
                out: &mut out,
                conns: &mut conns,
            };
            commands::execute(&mut ctx, &args);
            n += 1;
            if n % BATCH == 0 {
                black_box(out.buf.len());
                out.buf.clear();
            }
        });
        out.buf.clear();
    };
    for i in 0..KEYSPACE {
        let mut fill = Vec::new();
        resp(&[b"SET", &key("key:", i), b"x"], &mut fill);
        resp(&[b"INCR", &key("counter:", i)], &mut fill);
        let member = key("element:", i);
        resp(&[b"SADD", b"myset", &member], &mut fill);
        resp(&[b"HSET", b"myhash", &member, b"x"], &mut fill);
        resp(
            &[b"ZADD", b"myzset", format!("{i}").as_bytes(), &member],
            &mut fill,
        );
        exec(&fill);
    }
    for (name, bufs) in &tests {
        let mut run = 0;
        measure(&format!("parse + execute {name}"), PIPELINE, || {
            run += 1;
            exec(&bufs[run % bufs.len()]);
        });
    }
}
