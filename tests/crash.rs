//! Crash tests: clients write continuously, the server is killed with SIGKILL at a random
//! moment, restarted on the same append-only file, and every acknowledged write must be there.
//!
//! A SIGKILL leaves the page cache intact, so this checks that no reply leaves before its
//! write reached the file, under every fsync policy (ferrokv writes the log before it writes
//! replies, like Redis). What `always` adds, durability across a power loss, is checked by
//! `tests/aof.rs` (`under_always_no_reply_leaves_before_its_fsync`), which makes the fsync slow
//! and sees the replies wait for it.
mod common;

use common::{Client, Server, temp_dir};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const WRITERS: u64 = 4;

fn crash_round(policy: &str, kill_after: Duration) {
    let dir = temp_dir("crash");
    let d = dir.to_str().unwrap().to_string();
    let args = ["--dir", &d, "--appendonly", "yes", "--appendfsync", policy];
    let mut srv = Server::start(&args);
    let stop = Arc::new(AtomicBool::new(false));
    // Per writer: how many of its SETs were acknowledged; and acknowledged INCRs overall.
    let acked: Arc<Vec<AtomicU64>> = Arc::new((0..WRITERS).map(|_| AtomicU64::new(0)).collect());
    let incrs = Arc::new(AtomicU64::new(0));
    let threads: Vec<_> = (0..WRITERS)
        .map(|t| {
            let (port, stop, acked, incrs) = (srv.port, stop.clone(), acked.clone(), incrs.clone());
            std::thread::spawn(move || {
                let mut c = Client::connect(port);
                let _ = c.stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    // Two writes per request round trip: a SET and an INCR, pipelined.
                    let key = format!("w{t}:{i}");
                    let val = i.to_string();
                    let mut req = Client::encode(&[b"SET", key.as_bytes(), val.as_bytes()]);
                    req.extend(Client::encode(&[b"INCR", b"counter"]));
                    if c.stream_write(&req).is_err() {
                        return;
                    }
                    let Some(r1) = c.try_read_reply() else { return };
                    if r1 != b"+OK\r\n" {
                        return;
                    }
                    acked[t as usize].store(i + 1, Ordering::SeqCst);
                    let Some(r2) = c.try_read_reply() else { return };
                    if r2.first() != Some(&b':') {
                        return;
                    }
                    incrs.fetch_add(1, Ordering::SeqCst);
                    i += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(kill_after);
    srv.signal("KILL");
    srv.wait_exit(Duration::from_secs(5));
    stop.store(true, Ordering::Relaxed);
    for h in threads {
        let _ = h.join();
    }
    drop(srv);
    let srv = Server::start(&args);
    let mut c = srv.client();
    let mut total = 0;
    for t in 0..WRITERS {
        let n = acked[t as usize].load(Ordering::SeqCst);
        total += n;
        for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
            let keys: Vec<String> = chunk.iter().map(|i| format!("w{t}:{i}")).collect();
            let mut req: Vec<&str> = vec!["MGET"];
            req.extend(keys.iter().map(String::as_str));
            let reply = c.cmd_str(&req);
            let mut want = format!("*{}\r\n", chunk.len());
            for i in chunk {
                want.push_str(&format!("${}\r\n{i}\r\n", i.to_string().len()));
            }
            assert_eq!(
                reply, want,
                "{policy}: writer {t} lost acknowledged writes among {chunk:?}"
            );
        }
    }
    assert!(
        total > 0,
        "{policy}: no write was acknowledged before the kill"
    );
    // Every acknowledged INCR is counted; at most one unacknowledged per writer may be too.
    let counter = c.cmd_str(&["GET", "counter"]);
    let counter: u64 = counter
        .lines()
        .nth(1)
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| panic!("{policy}: counter reply {counter:?}"));
    let acked_incrs = incrs.load(Ordering::SeqCst);
    assert!(
        counter >= acked_incrs && counter <= acked_incrs + WRITERS,
        "{policy}: counter {counter}, acknowledged {acked_incrs}"
    );
    eprintln!("{policy}: {total} acknowledged SETs and {acked_incrs} INCRs, none lost");
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigkill_loses_no_acknowledged_write() {
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(7, |d| d.subsec_nanos() as u64);
    for (n, policy) in ["always", "everysec", "always", "no"].iter().enumerate() {
        // A random moment between 150 and 900 ms into the writes.
        let ms = 150
            + (seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(n as u64 * 977)
                >> 33)
                % 750;
        crash_round(policy, Duration::from_millis(ms));
    }
}
