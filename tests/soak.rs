//! A bounded soak: 16 clients run random string and keyspace commands, alone and pipelined, on
//! their own key spaces, and every reply is checked byte for byte against an in-test model of
//! what the server must hold. Fails on any mismatch or unexpected error, or if the server's RSS
//! grows past a bound.
//!
//! `FERROKV_SOAK_SECS` sets the duration (default 5); `FERROKV_SOAK_SEED` replays a run (the
//! seed is printed).

mod common;

use common::{Client, Server};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const THREADS: u64 = 16;
const KEYS: u64 = 24;
/// Values longer than this are not appended to, so the data set stays small however long it runs.
const MAX_APPEND_LEN: usize = 64 * 1024;
/// Growth of the server's RSS over its size after warm-up that fails the run.
const RSS_SLACK_KB: u64 = 64 * 1024;

/// xorshift64*: reproducible from the printed seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
}

#[derive(Clone)]
struct Entry {
    val: Vec<u8>,
    /// Bounds of the TTL's deadline: the server set it somewhere between when its command was
    /// sent and when it was answered. Equal bounds mean "set in the batch in flight"; the upper
    /// one is moved once the batch is answered.
    ttl: Option<(Instant, Instant)>,
}

/// What a reply must be.
enum Expect {
    Exact(Vec<u8>),
    /// A TTL reply for a key whose deadline is within these bounds (see `Entry::ttl`).
    Ttl(Instant, Instant),
}

fn bulk(v: &[u8]) -> Vec<u8> {
    let mut out = format!("${}\r\n", v.len()).into_bytes();
    out.extend_from_slice(v);
    out.extend_from_slice(b"\r\n");
    out
}

fn int(n: i64) -> Vec<u8> {
    format!(":{n}\r\n").into_bytes()
}

const OK: &[u8] = b"+OK\r\n";
const NIL: &[u8] = b"$-1\r\n";

/// Redis's `string2ll`: what INCR accepts.
fn redis_int(v: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(v).ok()?;
    let digits = s.strip_prefix('-').unwrap_or(s);
    if s == "0" {
        return Some(0);
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    s.parse().ok()
}

/// GETRANGE's index arithmetic, as Redis 7.0 does it.
fn getrange(v: &[u8], mut start: i64, mut end: i64) -> Vec<u8> {
    let len = v.len() as i64;
    if start < 0 && end < 0 && start > end {
        return Vec::new();
    }
    if start < 0 {
        start += len;
    }
    if end < 0 {
        end += len;
    }
    start = start.max(0);
    end = end.max(0);
    if end >= len {
        end = len - 1;
    }
    if start > end || len == 0 {
        return Vec::new();
    }
    v[start as usize..=end as usize].to_vec()
}

struct Worker {
    id: u64,
    rng: Rng,
    model: HashMap<Vec<u8>, Entry>,
    /// Lower bound of any TTL set: longer than the run, so nothing expires under the model.
    ttl_base: i64,
    ops: u64,
}

impl Worker {
    fn key(&mut self) -> Vec<u8> {
        format!("t{}:k{}", self.id, self.rng.below(KEYS)).into_bytes()
    }

    fn value(&mut self) -> Vec<u8> {
        match self.rng.below(12) {
            0..=3 => self.rng.range(-1000, 1000).to_string().into_bytes(),
            4 => [
                "9223372036854775807",
                "-9223372036854775808",
                "9223372036854775806",
                "007",
                "-0",
                " 1",
                "1.5",
            ][self.rng.below(7) as usize]
                .as_bytes()
                .to_vec(),
            5 if self.rng.chance(8) => {
                let n = self.rng.range(1024, 32 * 1024) as usize;
                (0..n).map(|_| self.rng.next() as u8).collect()
            }
            _ => {
                let n = self.rng.below(40) as usize;
                // Binary-safe: any byte, CR and LF included.
                (0..n).map(|_| self.rng.next() as u8).collect()
            }
        }
    }

    /// Picks a random command, applies it to the model and returns its arguments and the reply
    /// it must get. `sent` is when its batch is sent.
    fn step(&mut self, sent: Instant) -> (Vec<Vec<u8>>, Expect) {
        let t = |s: &str| s.as_bytes().to_vec();
        match self.rng.below(15) {
            0 | 1 => {
                let (k, v) = (self.key(), self.value());
                let mut args = vec![t("SET"), k.clone(), v.clone()];
                let exists = self.model.contains_key(&k);
                let mut ttl = None;
                let mut keep = false;
                let mut cond = None;
                let mut get = false;
                match self.rng.below(6) {
                    0 => {
                        let secs = self.ttl_base + self.rng.range(0, 1000);
                        args.extend([t("EX"), secs.to_string().into_bytes()]);
                        ttl = Some(secs);
                    }
                    1 => {
                        args.push(t("KEEPTTL"));
                        keep = true;
                    }
                    2 => {
                        let nx = self.rng.chance(2);
                        args.push(t(if nx { "NX" } else { "XX" }));
                        cond = Some(nx);
                    }
                    3 => {
                        args.push(t("GET"));
                        get = true;
                    }
                    _ => {}
                }
                let old = self.model.get(&k).map(|e| e.val.clone());
                let applies = match cond {
                    Some(nx) => nx != exists,
                    None => true,
                };
                if applies {
                    let old_ttl = self.model.get(&k).and_then(|e| e.ttl);
                    let ttl = match ttl {
                        Some(secs) => {
                            let d = sent + Duration::from_secs(secs as u64);
                            Some((d, d))
                        }
                        None if keep => old_ttl,
                        None => None,
                    };
                    self.model.insert(k, Entry { val: v, ttl });
                }
                let reply = if get {
                    old.map_or(NIL.to_vec(), |o| bulk(&o))
                } else if applies {
                    OK.to_vec()
                } else {
                    NIL.to_vec()
                };
                (args, Expect::Exact(reply))
            }
            2 | 3 => {
                let k = self.key();
                let reply = self.model.get(&k).map_or(NIL.to_vec(), |e| bulk(&e.val));
                (vec![t("GET"), k], Expect::Exact(reply))
            }
            4 => {
                let n = self.rng.range(1, 3);
                let keys: Vec<Vec<u8>> = (0..n).map(|_| self.key()).collect();
                let deleted = keys
                    .iter()
                    .filter(|k| self.model.remove(*k).is_some())
                    .count();
                let mut args = vec![t("DEL")];
                args.extend(keys);
                (args, Expect::Exact(int(deleted as i64)))
            }
            5 => {
                let k = self.key();
                let reply = match self.model.get_mut(&k) {
                    None => {
                        self.model.insert(
                            k.clone(),
                            Entry {
                                val: t("1"),
                                ttl: None,
                            },
                        );
                        int(1)
                    }
                    Some(e) => match redis_int(&e.val) {
                        None => b"-ERR value is not an integer or out of range\r\n".to_vec(),
                        Some(i64::MAX) => {
                            b"-ERR increment or decrement would overflow\r\n".to_vec()
                        }
                        Some(n) => {
                            e.val = (n + 1).to_string().into_bytes();
                            int(n + 1)
                        }
                    },
                };
                (vec![t("INCR"), k], Expect::Exact(reply))
            }
            6 => {
                let (k, v) = (self.key(), self.value());
                let e = self.model.entry(k.clone()).or_insert(Entry {
                    val: Vec::new(),
                    ttl: None,
                });
                if e.val.len() > MAX_APPEND_LEN {
                    e.val.clear();
                    e.ttl = None;
                    return (vec![t("SET"), k, Vec::new()], Expect::Exact(OK.to_vec()));
                }
                e.val.extend_from_slice(&v);
                let len = e.val.len() as i64;
                (vec![t("APPEND"), k, v], Expect::Exact(int(len)))
            }
            7 => {
                let k = self.key();
                let secs = match self.rng.below(4) {
                    0 => -self.rng.range(0, 10),
                    _ => self.ttl_base + self.rng.range(0, 1000),
                };
                let reply = match self.model.get_mut(&k) {
                    None => 0,
                    Some(_) if secs <= 0 => {
                        self.model.remove(&k);
                        1
                    }
                    Some(e) => {
                        let d = sent + Duration::from_secs(secs as u64);
                        e.ttl = Some((d, d));
                        1
                    }
                };
                let args = vec![t("EXPIRE"), k, secs.to_string().into_bytes()];
                (args, Expect::Exact(int(reply)))
            }
            8 => {
                let k = self.key();
                let expect = match self.model.get(&k) {
                    None => Expect::Exact(int(-2)),
                    Some(Entry { ttl: None, .. }) => Expect::Exact(int(-1)),
                    Some(Entry {
                        ttl: Some((lo, hi)),
                        ..
                    }) => Expect::Ttl(*lo, *hi),
                };
                (vec![t("TTL"), k], expect)
            }
            9 => {
                let n = self.rng.range(1, 4);
                let mut args = vec![t("MSET")];
                for _ in 0..n {
                    let (k, v) = (self.key(), self.value());
                    args.extend([k.clone(), v.clone()]);
                    self.model.insert(k, Entry { val: v, ttl: None });
                }
                (args, Expect::Exact(OK.to_vec()))
            }
            10 => {
                let k = self.key();
                let reply = self.model.remove(&k).map_or(NIL.to_vec(), |e| bulk(&e.val));
                (vec![t("GETDEL"), k], Expect::Exact(reply))
            }
            11 => {
                let k = self.key();
                let offset = self.rng.below(48) as usize;
                let v = if self.rng.chance(6) {
                    Vec::new()
                } else {
                    self.value()
                };
                let reply = match self.model.get_mut(&k) {
                    None if v.is_empty() => 0,
                    None => {
                        let mut val = vec![0u8; offset];
                        val.extend_from_slice(&v);
                        let len = val.len();
                        self.model.insert(k.clone(), Entry { val, ttl: None });
                        len
                    }
                    Some(e) => {
                        if !v.is_empty() {
                            if e.val.len() < offset + v.len() {
                                e.val.resize(offset + v.len(), 0);
                            }
                            e.val[offset..offset + v.len()].copy_from_slice(&v);
                        }
                        e.val.len()
                    }
                };
                let args = vec![t("SETRANGE"), k, offset.to_string().into_bytes(), v];
                (args, Expect::Exact(int(reply as i64)))
            }
            12 => {
                let k = self.key();
                let (s, e) = (self.rng.range(-50, 50), self.rng.range(-50, 50));
                let reply = bulk(
                    &self
                        .model
                        .get(&k)
                        .map_or(Vec::new(), |x| getrange(&x.val, s, e)),
                );
                let args = vec![
                    t("GETRANGE"),
                    k,
                    s.to_string().into_bytes(),
                    e.to_string().into_bytes(),
                ];
                (args, Expect::Exact(reply))
            }
            13 => {
                let n = self.rng.range(1, 4);
                let keys: Vec<Vec<u8>> = (0..n).map(|_| self.key()).collect();
                let count = keys.iter().filter(|k| self.model.contains_key(*k)).count();
                let mut args = vec![t("EXISTS")];
                args.extend(keys);
                (args, Expect::Exact(int(count as i64)))
            }
            _ => {
                let (src, dst) = (self.key(), self.key());
                let reply = match self.model.remove(&src) {
                    None => b"-ERR no such key\r\n".to_vec(),
                    Some(e) => {
                        self.model.insert(dst.clone(), e);
                        OK.to_vec()
                    }
                };
                (vec![t("RENAME"), src, dst], Expect::Exact(reply))
            }
        }
    }
}

/// The TTLs (seconds) a key may report to a request sent at `sent` and answered at `answered`,
/// given its deadline bounds (equal bounds: set in this same batch).
fn ttl_range(lo: Instant, hi: Instant, sent: Instant, answered: Instant) -> (i64, i64) {
    let hi = if lo == hi { hi + (answered - sent) } else { hi };
    // Redis rounds the remaining milliseconds to the nearest second.
    let min = lo.saturating_duration_since(answered).as_millis() as i64;
    let max = hi.saturating_duration_since(sent).as_millis() as i64;
    ((min + 500) / 1000 - 1, (max + 500) / 1000 + 1)
}

fn run_worker(id: u64, seed: u64, port: u16, ttl_base: i64, stop: Arc<AtomicBool>) -> u64 {
    let mut w = Worker {
        id,
        rng: Rng(seed ^ (id + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
        model: HashMap::new(),
        ttl_base,
        ops: 0,
    };
    let mut c = Client::connect(port);
    if w.rng.chance(2) {
        assert_eq!(c.cmd_str(&["HELLO", "3"]).as_bytes()[0], b'%');
    }
    let resp3 = c.cmd_str(&["CLIENT", "INFO"]).contains(" resp=3");
    while !stop.load(Ordering::Relaxed) {
        let batch = if w.rng.chance(4) {
            w.rng.range(2, 16)
        } else {
            1
        };
        let sent = Instant::now();
        let mut req = Vec::new();
        let mut expects = Vec::new();
        for _ in 0..batch {
            let (args, expect) = w.step(sent);
            let refs: Vec<&[u8]> = args.iter().map(Vec::as_slice).collect();
            req.extend(Client::encode(&refs));
            expects.push((args, expect));
        }
        c.send(&req);
        let replies: Vec<Vec<u8>> = (0..batch).map(|_| c.read_reply()).collect();
        let answered = Instant::now();
        // Deadlines set in this batch were set somewhere in [sent, answered].
        for e in w.model.values_mut() {
            if let Some((lo, hi)) = &mut e.ttl
                && *lo == *hi
            {
                *hi += answered - sent;
            }
        }
        for ((args, expect), got) in expects.into_iter().zip(replies) {
            let mut got = got;
            if resp3 && got == b"_\r\n" {
                got = NIL.to_vec();
            }
            let show = |a: &[Vec<u8>]| {
                a.iter()
                    .map(|x| String::from_utf8_lossy(&x[..x.len().min(60)]).into_owned())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            match expect {
                Expect::Exact(want) => assert!(
                    got == want,
                    "client {id}: {} -> {:?}, expected {:?}",
                    show(&args),
                    String::from_utf8_lossy(&got[..got.len().min(200)]),
                    String::from_utf8_lossy(&want[..want.len().min(200)])
                ),
                Expect::Ttl(lo, hi) => {
                    let (lo, hi) = ttl_range(lo, hi, sent, answered);
                    let n: i64 = std::str::from_utf8(&got[1..got.len() - 2])
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or_else(|| panic!("TTL reply {got:?}"));
                    assert!(
                        got[0] == b':' && (lo..=hi).contains(&n),
                        "client {id}: {} -> {n}, expected {lo}..={hi}",
                        show(&args)
                    );
                }
            }
            w.ops += 1;
        }
    }
    // The whole key space, once more, against the model.
    for k in 0..KEYS {
        let key = format!("t{id}:k{k}");
        let mut got = c.cmd(&["GET", &key]);
        if resp3 && got == b"_\r\n" {
            got = NIL.to_vec();
        }
        let want = w
            .model
            .get(key.as_bytes())
            .map_or(NIL.to_vec(), |e| bulk(&e.val));
        assert!(got == want, "final state of {key} differs");
    }
    w.ops
}

/// Meanwhile, a client that misbehaves in every way the server must survive without the others
/// noticing: leaving mid-command, protocol errors, huge announced lengths, never reading its
/// replies, half-closing. It uses its own keys.
fn run_vandal(port: u16, seed: u64, stop: Arc<AtomicBool>) -> u64 {
    let mut rng = Rng(seed.rotate_left(17) | 1);
    let mut c = Client::connect(port);
    let big = vec![b'b'; 256 * 1024];
    assert_eq!(c.cmd_bytes(&[b"SET", b"vandal:big", &big]), OK);
    let mut acts = 0;
    while !stop.load(Ordering::Relaxed) {
        let mut v = Client::connect(port);
        match rng.below(6) {
            0 => v.send(b"*3\r\n$3\r\nSET\r\n$8\r\nvandal:x\r\n$100\r\nhalf"),
            1 => {
                v.send(b"PING\r\n*1\r\n$x\r\n");
                let got = v.read_to_close();
                assert_eq!(
                    got,
                    b"+PONG\r\n-ERR Protocol error: invalid bulk length\r\n"
                );
            }
            2 => {
                v.send(b"*3\r\n$3\r\nSET\r\n$8\r\nvandal:y\r\n$536870000\r\n");
                v.send(&[b'y'; 64 * 1024]);
            }
            3 => v.send(&Client::encode(&[b"GET", b"vandal:big"]).repeat(40)),
            4 => {
                v.send(&Client::encode(&[b"STRLEN", b"vandal:big"]));
                v.stream.shutdown(std::net::Shutdown::Write).unwrap();
                assert_eq!(v.read_to_close(), int(big.len() as i64));
            }
            _ => {
                v.send(b"HELLO 3\r\nQUIT\r\n");
                assert!(v.read_to_close().ends_with(b"+OK\r\n"));
            }
        }
        acts += 1;
        drop(v);
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(c.cmd_str(&["EXISTS", "vandal:x", "vandal:y"]), ":0\r\n");
    acts
}

#[test]
fn soak_random_commands_against_a_model() {
    let secs: u64 = std::env::var("FERROKV_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let seed: u64 = std::env::var("FERROKV_SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("soak: {secs} s, {THREADS} clients, FERROKV_SOAK_SEED={seed}");
    let srv = Server::start(&[]);
    let port = srv.port;
    let stop = Arc::new(AtomicBool::new(false));
    let total = Arc::new(AtomicU64::new(0));
    let ttl_base = secs as i64 + 100;
    let threads: Vec<_> = (0..THREADS)
        .map(|id| {
            let (stop, total) = (stop.clone(), total.clone());
            std::thread::spawn(move || {
                let r =
                    std::panic::catch_unwind(|| run_worker(id, seed, port, ttl_base, stop.clone()));
                // One failure stops everyone, so the run ends promptly with its message.
                stop.store(true, Ordering::Relaxed);
                total.fetch_add(*r.as_ref().unwrap_or(&0), Ordering::Relaxed);
                if let Err(p) = r {
                    std::panic::resume_unwind(p);
                }
            })
        })
        .collect();

    let vandal = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let r = std::panic::catch_unwind(|| run_vandal(port, seed, stop.clone()));
            stop.store(true, Ordering::Relaxed);
            r.unwrap_or_else(|p| std::panic::resume_unwind(p))
        })
    };

    let start = Instant::now();
    let warm_up = Duration::from_secs(1).min(Duration::from_secs(secs) / 2);
    let mut baseline = None;
    let mut peak = 0;
    while start.elapsed() < Duration::from_secs(secs) && !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        let rss = srv.rss_kb();
        if start.elapsed() >= warm_up {
            let base = *baseline.get_or_insert(rss);
            peak = peak.max(rss);
            if rss > base + RSS_SLACK_KB {
                stop.store(true, Ordering::Relaxed);
                panic!("server RSS grew from {base} kB after warm-up to {rss} kB");
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    let mut failed = false;
    for t in threads {
        failed |= t.join().is_err();
    }
    let vandal_acts = vandal.join();
    failed |= vandal_acts.is_err();
    assert!(!failed, "a client failed (seed {seed})");
    let ops = total.load(Ordering::Relaxed);
    let mut c = srv.client();
    let info = c.cmd_str(&["INFO", "stats"]);
    eprintln!(
        "soak: {ops} commands checked in {:.1} s ({:.0}/s), {} misbehaving connections; RSS \
         after warm-up {} kB, peak {peak} kB",
        start.elapsed().as_secs_f64(),
        ops as f64 / start.elapsed().as_secs_f64(),
        vandal_acts.unwrap_or(0),
        baseline.unwrap_or(0)
    );
    assert!(ops > 1000, "only {ops} commands ran");
    assert!(info.contains("expired_keys:0\r\n"), "{info}");
}
