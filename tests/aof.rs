//! The append-only file end to end: every type through the log and a restart, relative TTLs
//! logged as absolute times, random commands logged as what they did, MULTI/EXEC, rewrites
//! (BGREWRITEAOF, CONFIG SET appendonly yes) that keep writes made meanwhile, truncated and
//! corrupt logs, replies held until fsync under `appendfsync always`, and `redis-check-aof`.
mod common;

use common::{Client, Server, temp_dir, wait_info};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn start_in(dir: &Path, extra: &[&str]) -> Server {
    let d = dir.to_str().unwrap();
    let mut args = vec!["--dir", d, "--appendonly", "yes"];
    args.extend_from_slice(extra);
    Server::start(&args)
}

fn kill(mut srv: Server) {
    srv.signal("KILL");
    srv.wait_exit(Duration::from_secs(5));
}

fn incr_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("appendonlydir"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Writes of every kind whose replay must give back exactly the same keyspace.
fn write_everything(c: &mut Client) {
    common::expect_all(
        c,
        &[
            (&["SET", "s", "v"], "+OK\r\n"),
            (&["SET", "ttl", "v", "EX", "1000"], "+OK\r\n"),
            (&["SETEX", "setex", "1000", "v"], "+OK\r\n"),
            (&["SET", "f", "1.5"], "+OK\r\n"),
            (&["INCRBYFLOAT", "f", "0.1"], "$3\r\n1.6\r\n"),
            (&["APPEND", "s", "w"], ":2\r\n"),
            (&["INCR", "n"], ":1\r\n"),
            (&["RPUSH", "l", "a", "b", "c", "d"], ":4\r\n"),
            (&["LPOP", "l"], "$1\r\na\r\n"),
            (&["HSET", "h", "a", "1", "b", "2"], ":2\r\n"),
            (&["HINCRBYFLOAT", "h", "a", "0.5"], "$3\r\n1.5\r\n"),
            (&["SADD", "set", "1", "2", "3", "4", "5"], ":5\r\n"),
            (&["ZADD", "z", "1", "a", "2", "b", "3", "c"], ":3\r\n"),
            (&["ZINCRBY", "z", "10", "a"], "$2\r\n11\r\n"),
            (&["EXPIRE", "z", "5000"], ":1\r\n"),
            (&["SET", "gone", "x", "PX", "1"], "+OK\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["INCR", "n"], "+QUEUED\r\n"),
            (&["SELECT", "2"], "+QUEUED\r\n"),
            (&["SET", "in2", "two"], "+QUEUED\r\n"),
            (&["EXEC"], "*3\r\n:2\r\n+OK\r\n+OK\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
            (&["DEL", "nothing"], ":0\r\n"),
        ],
    );
    // Random pops are logged as the members they took.
    c.cmd(&["SPOP", "set"]);
    c.cmd(&["SPOP", "set", "2"]);
}

/// The keyspace as a comparable dump: every key of databases 0 and 2 with type, value, TTL
/// (rounded to 10 s so the two sides compare).
fn dump(c: &mut Client) -> Vec<String> {
    let mut out = Vec::new();
    for db in ["0", "2"] {
        c.cmd(&["SELECT", db]);
        let keys = common::sorted_bulks(&c.cmd(&["KEYS", "*"]));
        for k in keys {
            let ty = c.cmd_str(&["TYPE", &k]);
            let val = match ty.as_str() {
                "+string\r\n" => c.cmd_str(&["GET", &k]),
                "+list\r\n" => c.cmd_str(&["LRANGE", &k, "0", "-1"]),
                "+hash\r\n" => format!("{:?}", common::sorted_bulks(&c.cmd(&["HGETALL", &k]))),
                "+set\r\n" => format!("{:?}", common::sorted_bulks(&c.cmd(&["SMEMBERS", &k]))),
                _ => c.cmd_str(&["ZRANGE", &k, "0", "-1", "WITHSCORES"]),
            };
            let ttl = common::int_of(&c.cmd(&["TTL", &k]));
            out.push(format!("{db} {k} {ty:?} {val:?} ttl/10={}", (ttl + 5) / 10));
        }
    }
    c.cmd(&["SELECT", "0"]);
    out
}

#[test]
fn every_write_survives_a_kill_and_replays_identically() {
    for policy in ["always", "everysec", "no"] {
        let dir = temp_dir("aof-all");
        let srv = start_in(&dir, &["--appendfsync", policy]);
        let mut c = srv.client();
        write_everything(&mut c);
        std::thread::sleep(Duration::from_millis(20));
        let before = dump(&mut c);
        assert!(before.iter().any(|l| l.contains(" in2 ")), "{before:?}");
        kill(srv);
        let srv = start_in(&dir, &["--appendfsync", policy]);
        let mut c = srv.client();
        assert_eq!(dump(&mut c), before, "appendfsync {policy}");
        // The relative TTL was logged as an absolute time: it was not extended by the restart.
        let pttl = common::int_of(&c.cmd(&["PTTL", "ttl"]));
        assert!(pttl <= 1_000_000 && pttl > 990_000, "{pttl}");
        drop(srv);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_log_is_resp_in_redis_7_layout_and_redis_check_aof_accepts_it() {
    let dir = temp_dir("aof-layout");
    let srv = start_in(&dir, &[]);
    let mut c = srv.client();
    c.cmd(&["SET", "k", "v", "EX", "100"]);
    c.cmd(&["SET", "f", "1"]);
    c.cmd(&["INCRBYFLOAT", "f", "1.5"]);
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(
        incr_files(&dir),
        vec![
            "appendonly.aof.1.base.rdb",
            "appendonly.aof.1.incr.aof",
            "appendonly.aof.manifest"
        ]
    );
    let manifest =
        std::fs::read_to_string(dir.join("appendonlydir/appendonly.aof.manifest")).unwrap();
    assert_eq!(
        manifest,
        "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"
    );
    let log = std::fs::read(dir.join("appendonlydir/appendonly.aof.1.incr.aof")).unwrap();
    let text = String::from_utf8_lossy(&log);
    assert!(text.starts_with("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$13\r\n"), "{text}");
    assert!(text.ends_with("*3\r\n$3\r\nSET\r\n$1\r\nf\r\n$1\r\n1\r\n*4\r\n$3\r\nSET\r\n$1\r\nf\r\n$3\r\n2.5\r\n$7\r\nKEEPTTL\r\n"), "{text}");
    if let Ok(out) = Command::new("redis-check-aof")
        .arg(dir.join("appendonlydir/appendonly.aof.manifest"))
        .output()
    {
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{said}");
        assert!(
            said.contains("All AOF files and manifest are valid"),
            "{said}"
        );
    } else {
        eprintln!("redis-check-aof not installed; skipping it");
    }
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_truncated_last_record_loads_what_came_before() {
    let dir = temp_dir("aof-trunc");
    let srv = start_in(&dir, &[]);
    let mut c = srv.client();
    c.cmd(&["SET", "a", "1"]);
    c.cmd(&["SET", "b", "2"]);
    std::thread::sleep(Duration::from_millis(20));
    kill(srv);
    let incr = dir.join("appendonlydir/appendonly.aof.1.incr.aof");
    let good = std::fs::read(&incr).unwrap();
    // A crash in the middle of a write: half a record at the end.
    let mut cut = good.clone();
    cut.extend_from_slice(b"*3\r\n$3\r\nSET\r\n$1\r\nc");
    std::fs::write(&incr, &cut).unwrap();
    // aof-load-truncated no: refuses to start, file untouched.
    let (code, text) = start_expecting_failure(&dir, &["--aof-load-truncated", "no"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("appendonly.aof.1.incr.aof") && text.contains("offset"),
        "{text}"
    );
    assert_eq!(std::fs::read(&incr).unwrap(), cut);
    // The default loads everything before the cut and trims the file.
    let srv = start_in(&dir, &[]);
    let mut c = srv.client();
    common::expect_all(
        &mut c,
        &[(
            &["MGET", "a", "b", "c"],
            "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n",
        )],
    );
    assert_eq!(std::fs::read(&incr).unwrap(), good);
    // A transaction cut off is not applied at all.
    drop(srv);
    let mut cut = good.clone();
    cut.extend_from_slice(b"*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\n1\r\n");
    std::fs::write(&incr, &cut).unwrap();
    let srv = start_in(&dir, &[]);
    assert_eq!(srv.client().cmd_str(&["EXISTS", "x"]), ":0\r\n");
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corruption_before_the_end_refuses_to_start() {
    let dir = temp_dir("aof-corrupt");
    let srv = start_in(&dir, &[]);
    let mut c = srv.client();
    c.cmd(&["SET", "a", "1"]);
    c.cmd(&["SET", "b", "2"]);
    std::thread::sleep(Duration::from_millis(20));
    kill(srv);
    let incr = dir.join("appendonlydir/appendonly.aof.1.incr.aof");
    let mut bad = std::fs::read(&incr).unwrap();
    let at = bad.len() / 2;
    bad[at] = b'!';
    std::fs::write(&incr, &bad).unwrap();
    let (code, text) = start_expecting_failure(&dir, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("appendonly.aof.1.incr.aof"), "{text}");
    assert_eq!(std::fs::read(&incr).unwrap(), bad, "file untouched");
    // An unknown command is corruption too.
    let mut unknown = std::fs::read(&incr).unwrap();
    unknown.truncate(0);
    unknown.extend_from_slice(b"*1\r\n$7\r\nNOTACMD\r\n");
    std::fs::write(&incr, &unknown).unwrap();
    let (code, text) = start_expecting_failure(&dir, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("Unknown command 'NOTACMD'"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bgrewriteaof_compacts_and_keeps_writes_made_during_the_rewrite() {
    let dir = temp_dir("aof-rewrite");
    let srv = start_in(&dir, &["--rdb-key-save-delay", "200"]);
    let mut c = srv.client();
    for i in 0..500 {
        c.cmd(&["SET", &format!("k{i}"), "old"]);
        c.cmd(&["SET", &format!("k{i}"), &i.to_string()]);
    }
    let size_before = std::fs::metadata(dir.join("appendonlydir/appendonly.aof.1.incr.aof"))
        .unwrap()
        .len();
    assert_eq!(
        c.cmd_str(&["BGREWRITEAOF"]),
        "+Background append only file rewriting started\r\n"
    );
    // The child takes 500 keys x 200 us = 0.1 s: these land while it runs.
    assert_eq!(
        c.cmd_str(&["BGREWRITEAOF"]),
        "-ERR Background append only file rewriting already in progress\r\n"
    );
    assert_eq!(
        c.cmd_str(&["BGSAVE"]),
        "-ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.\r\n"
    );
    for i in 0..100 {
        c.cmd(&["SET", &format!("during{i}"), "x"]);
    }
    c.cmd(&["DEL", "k0"]);
    wait_info(&mut c, "aof_rewrite_in_progress", "0");
    let info = c.cmd_str(&["INFO", "persistence"]);
    assert!(
        info.contains("aof_last_bgrewrite_status:ok\r\n") && info.contains("aof_rewrites:1\r\n"),
        "{info}"
    );
    assert_eq!(
        incr_files(&dir),
        vec![
            "appendonly.aof.2.base.rdb",
            "appendonly.aof.2.incr.aof",
            "appendonly.aof.manifest"
        ]
    );
    let incr2 = std::fs::metadata(dir.join("appendonlydir/appendonly.aof.2.incr.aof"))
        .unwrap()
        .len();
    assert!(incr2 < size_before / 5, "{incr2} vs {size_before}");
    let before = (
        c.cmd_str(&["DBSIZE"]),
        c.cmd_str(&["GET", "k7"]),
        c.cmd_str(&["GET", "during99"]),
    );
    assert_eq!(
        before,
        (
            ":599\r\n".into(),
            "$1\r\n7\r\n".into(),
            "$1\r\nx\r\n".into()
        )
    );
    kill(srv);
    let srv = start_in(&dir, &[]);
    let mut c = srv.client();
    let after = (
        c.cmd_str(&["DBSIZE"]),
        c.cmd_str(&["GET", "k7"]),
        c.cmd_str(&["GET", "during99"]),
    );
    assert_eq!(after, before);
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn config_set_appendonly_yes_starts_a_log_from_the_current_data() {
    let dir = temp_dir("aof-runtime");
    let d = dir.to_str().unwrap();
    let srv = Server::start(&["--dir", d]);
    let mut c = srv.client();
    c.cmd(&["SET", "before", "1"]);
    assert_eq!(
        c.cmd_str(&["CONFIG", "SET", "appendonly", "yes"]),
        "+OK\r\n"
    );
    c.cmd(&["SET", "after", "2"]);
    wait_info(&mut c, "aof_rewrite_in_progress", "0");
    assert!(
        c.cmd_str(&["INFO", "persistence"])
            .contains("aof_enabled:1\r\n")
    );
    c.cmd(&["SET", "later", "3"]);
    std::thread::sleep(Duration::from_millis(20));
    kill(srv);
    let srv = start_in(&dir, &[]);
    assert_eq!(
        srv.client().cmd_str(&["MGET", "before", "after", "later"]),
        "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"
    );
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn under_always_no_reply_leaves_before_its_fsync() {
    let dir = temp_dir("aof-hold");
    let srv = start_in(
        &dir,
        &["--appendfsync", "always", "--aof-fsync-delay-ms", "300"],
    );
    let mut writer = srv.client();
    let mut reader = srv.client();
    // Let the log's creation settle.
    writer.cmd(&["PING"]);
    std::thread::sleep(Duration::from_millis(400));
    let start = Instant::now();
    writer.send(&Client::encode(&[b"SET", b"k", b"v"]));
    std::thread::sleep(Duration::from_millis(50));
    // A read that sees the unsynced write is held with it.
    assert_eq!(reader.cmd_str(&["GET", "k"]), "$1\r\nv\r\n");
    let read_at = start.elapsed();
    assert_eq!(writer.read_reply(), b"+OK\r\n");
    let write_at = start.elapsed();
    assert!(write_at >= Duration::from_millis(290), "{write_at:?}");
    assert!(read_at >= Duration::from_millis(290), "{read_at:?}");
    // Group commit: 50 writes from 5 clients at once share few fsyncs, not 50 x 300 ms.
    let start = Instant::now();
    let handles: Vec<_> = (0..5)
        .map(|t| {
            let port = srv.port;
            std::thread::spawn(move || {
                let mut c = Client::connect(port);
                for i in 0..10 {
                    assert_eq!(c.cmd_str(&["SET", &format!("g{t}:{i}"), "1"]), "+OK\r\n");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    // everysec never waits for the disk.
    let mut c = srv.client();
    assert_eq!(
        c.cmd_str(&["CONFIG", "SET", "appendfsync", "everysec"]),
        "+OK\r\n"
    );
    std::thread::sleep(Duration::from_millis(700));
    let start = Instant::now();
    assert_eq!(c.cmd_str(&["SET", "fast", "1"]), "+OK\r\n");
    assert!(
        start.elapsed() < Duration::from_millis(200),
        "{:?}",
        start.elapsed()
    );
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_log_that_cannot_be_written_holds_replies_and_refuses_writes() {
    if !common::testing_ferrokv() || Command::new("prlimit").arg("--version").output().is_err() {
        eprintln!("prlimit not available; skipping");
        return;
    }
    for policy in ["always", "everysec"] {
        let dir = temp_dir("aof-full");
        let srv = start_in(&dir, &["--appendfsync", policy]);
        let mut c = srv.client();
        c.cmd(&["SET", "before", "1"]);
        std::thread::sleep(Duration::from_millis(50));
        let incr = dir.join("appendonlydir/appendonly.aof.1.incr.aof");
        let size = std::fs::metadata(&incr).unwrap().len();
        // The disk is "full": the log file may not grow by more than 10 bytes.
        let limit = |l: &str| {
            let st = Command::new("prlimit")
                .args([
                    "--pid",
                    &srv.child.id().to_string(),
                    &format!("--fsize={l}:unlimited"),
                ])
                .status()
                .unwrap();
            assert!(st.success());
        };
        limit(&(size + 10).to_string());
        let mut writer = srv.client();
        writer.send(&Client::encode(&[b"SET", b"k", b"a value too long to fit"]));
        let _ = writer
            .stream
            .set_read_timeout(Some(Duration::from_millis(500)));
        let mut buf = [0u8; 64];
        use std::io::Read;
        let early = writer.stream.read(&mut buf);
        assert!(
            early.is_err(),
            "{policy}: a reply left before its write reached the log: {early:?}"
        );
        // Meanwhile writes are refused, and every reply waits too: any of them might show the write
        // that is not in the log.
        c.send(&Client::encode(&[b"SET", b"other", b"1"]));
        c.send(&Client::encode(&[b"INFO", b"persistence"]));
        c.send(&Client::encode(&[b"GET", b"k"]));
        let _ = c.stream.set_read_timeout(Some(Duration::from_millis(300)));
        let early = c.stream.read(&mut buf);
        assert!(
            early.is_err(),
            "{policy}: a reply left while the log was failing: {early:?}"
        );
        // Space again: the retry writes the record, the held replies go out, writes work.
        limit("unlimited");
        let _ = writer.stream.set_read_timeout(Some(Duration::from_secs(5)));
        let _ = c.stream.set_read_timeout(Some(Duration::from_secs(5)));
        assert_eq!(writer.read_reply(), b"+OK\r\n", "{policy}");
        let refused = String::from_utf8(c.read_reply()).unwrap();
        assert_eq!(
            refused, "-MISCONF Errors writing to the AOF file: File too large\r\n",
            "{policy}"
        );
        let info = String::from_utf8(c.read_reply()).unwrap();
        assert!(
            info.contains("aof_last_write_status:err\r\n"),
            "{policy}: {info}"
        );
        assert_eq!(c.read_reply(), b"$23\r\na value too long to fit\r\n");
        assert_eq!(c.cmd_str(&["SET", "other", "2"]), "+OK\r\n");
        std::thread::sleep(Duration::from_millis(50));
        kill(srv);
        let srv = start_in(&dir, &[]);
        assert_eq!(
            srv.client().cmd_str(&["MGET", "before", "k", "other"]),
            "*3\r\n$1\r\n1\r\n$23\r\na value too long to fit\r\n$1\r\n2\r\n"
        );
        drop(srv);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn redis_server_loads_the_append_only_directory_ferrokv_wrote() {
    if !common::testing_ferrokv()
        || Command::new("redis-server")
            .arg("--version")
            .output()
            .is_err()
    {
        eprintln!("redis-server not installed; skipping the interop check");
        return;
    }
    let dir = temp_dir("aof-interop");
    let srv = start_in(&dir, &[]);
    let mut c = srv.client();
    write_everything(&mut c);
    // One rewrite, so the directory holds an RDB base and an increment after it.
    assert_eq!(
        c.cmd_str(&["BGREWRITEAOF"]),
        "+Background append only file rewriting started\r\n"
    );
    wait_info(&mut c, "aof_rewrite_in_progress", "0");
    c.cmd(&["RPUSH", "after-rewrite", "x"]);
    let ours = dump(&mut c);
    shutdown(&mut c);
    drop(srv);
    let redis = common::RedisRef::start(&["--appendonly", "yes", "--dir", dir.to_str().unwrap()])
        .expect("redis-server did not start");
    let mut rc = Client::connect(redis.port);
    // Redis answers -LOADING until it has read the files.
    while rc.cmd_str(&["PING"]) != "+PONG\r\n" {
        std::thread::sleep(Duration::from_millis(20));
    }
    let theirs = dump(&mut rc);
    drop(redis);
    assert_eq!(theirs, ours);
    let _ = std::fs::remove_dir_all(&dir);
}

fn shutdown(c: &mut Client) {
    c.send(&Client::encode(&[b"SHUTDOWN"]));
    c.read_to_close();
}

fn start_expecting_failure(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let d = dir.to_str().unwrap();
    let mut args = vec!["--dir", d, "--save", "", "--appendonly", "yes"];
    args.extend_from_slice(extra);
    common::run_until_exit(dir, &args)
}

#[test]
fn shutdown_waits_while_the_first_log_is_being_written() {
    let dir = temp_dir("aof-initial");
    let d = dir.to_str().unwrap();
    // 300 keys x 2 ms: the child writing the first base takes about 0.6 s.
    let mut srv = Server::start(&["--dir", d, "--rdb-key-save-delay", "2000"]);
    let mut c = srv.client();
    for i in 0..300 {
        c.cmd(&["SET", &format!("k{i}"), "v"]);
    }
    assert_eq!(
        c.cmd_str(&["CONFIG", "SET", "appendonly", "yes"]),
        "+OK\r\n"
    );
    c.cmd(&["SET", "during", "1"]);
    assert_eq!(
        c.cmd_str(&["SHUTDOWN"]),
        "-ERR Errors trying to SHUTDOWN. Check logs.\r\n"
    );
    srv.signal("TERM");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        c.cmd_str(&["PING"]),
        "+PONG\r\n",
        "SIGTERM must not exit either"
    );
    wait_info(&mut c, "aof_rewrite_in_progress", "0");
    c.send(&Client::encode(&[b"SHUTDOWN"]));
    c.read_to_close();
    assert!(
        srv.wait_exit(Duration::from_secs(5))
            .is_some_and(|s| s.success())
    );
    drop(srv);
    let srv = start_in(&dir, &[]);
    assert_eq!(
        srv.client().cmd_str(&["MGET", "k299", "during"]),
        "*2\r\n$1\r\nv\r\n$1\r\n1\r\n"
    );
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}
