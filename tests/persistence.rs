//! RDB snapshots end to end: SAVE, BGSAVE, LASTSAVE, save points, the final save on SHUTDOWN
//! and on signals, loading at start-up, refusing corrupt files, and MISCONF after a failed
//! background save.
mod common;

use common::{Client, Server, temp_dir, wait_info};
use std::path::Path;

use std::time::Duration;

fn start_in(dir: &Path, extra: &[&str]) -> Server {
    let d = dir.to_str().unwrap();
    let mut args = vec!["--dir", d];
    args.extend_from_slice(extra);
    Server::start(&args)
}

/// Sends a SHUTDOWN variant and reads until the server closes the connection.
fn shutdown(c: &mut Client, args: &[&str]) -> Vec<u8> {
    let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
    c.send(&Client::encode(&args));
    c.read_to_close()
}

/// One key of every type, with and without TTLs, in two databases.
fn fill(c: &mut Client) {
    common::expect_all(
        c,
        &[
            (&["SET", "s", "hello"], "+OK\r\n"),
            (&["SET", "n", "12345"], "+OK\r\n"),
            (&["SET", "ttl", "v", "EX", "1000"], "+OK\r\n"),
            (&["RPUSH", "l", "a", "b", "c"], ":3\r\n"),
            (&["HSET", "h", "f1", "v1", "f2", "v2"], ":2\r\n"),
            (&["SADD", "set", "x", "y", "7"], ":3\r\n"),
            (&["ZADD", "z", "1.5", "m1", "-inf", "m2"], ":2\r\n"),
            (&["SELECT", "3"], "+OK\r\n"),
            (&["SET", "in3", "three"], "+OK\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
        ],
    );
}

fn check_filled(c: &mut Client) {
    common::expect_all(
        c,
        &[
            (&["DBSIZE"], ":7\r\n"),
            (&["GET", "s"], "$5\r\nhello\r\n"),
            (&["GET", "n"], "$5\r\n12345\r\n"),
            (
                &["LRANGE", "l", "0", "-1"],
                "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n",
            ),
            (&["HGET", "h", "f2"], "$2\r\nv2\r\n"),
            (&["HLEN", "h"], ":2\r\n"),
            (&["SISMEMBER", "set", "7"], ":1\r\n"),
            (&["SCARD", "set"], ":3\r\n"),
            (
                &["ZRANGE", "z", "0", "-1", "WITHSCORES"],
                "*4\r\n$2\r\nm2\r\n$4\r\n-inf\r\n$2\r\nm1\r\n$3\r\n1.5\r\n",
            ),
            (&["TTL", "s"], ":-1\r\n"),
            (&["SELECT", "3"], "+OK\r\n"),
            (&["GET", "in3"], "$5\r\nthree\r\n"),
            (&["SELECT", "0"], "+OK\r\n"),
        ],
    );
    let ttl = common::int_of(&c.cmd(&["TTL", "ttl"]));
    assert!((990..=1000).contains(&ttl), "ttl {ttl}");
}

#[test]
fn save_and_restart_bring_everything_back() {
    let dir = temp_dir("save");
    let mut srv = start_in(&dir, &[]);
    let mut c = srv.client();
    fill(&mut c);
    let before = common::int_of(&c.cmd(&["LASTSAVE"]));
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(c.cmd_str(&["SAVE"]), "+OK\r\n");
    let after = common::int_of(&c.cmd(&["LASTSAVE"]));
    assert!(after > before, "LASTSAVE {before} -> {after}");
    assert!(
        c.cmd_str(&["INFO", "persistence"])
            .contains("rdb_changes_since_last_save:0\r\n")
    );
    // SIGKILL: nothing but the file can carry the data over.
    srv.signal("KILL");
    srv.wait_exit(Duration::from_secs(5));
    drop(srv);
    let srv = start_in(&dir, &[]);
    check_filled(&mut srv.client());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bgsave_runs_in_a_child_and_reports_in_info() {
    let dir = temp_dir("bgsave");
    let srv = start_in(&dir, &[]);
    let mut c = srv.client();
    fill(&mut c);
    assert_eq!(c.cmd_str(&["BGSAVE", "now"]), "-ERR syntax error\r\n");
    assert_eq!(c.cmd_str(&["BGSAVE"]), "+Background saving started\r\n");
    wait_info(&mut c, "rdb_bgsave_in_progress", "0");
    let info = c.cmd_str(&["INFO", "persistence"]);
    assert!(info.contains("rdb_last_bgsave_status:ok\r\n"), "{info}");
    assert!(info.contains("rdb_changes_since_last_save:0\r\n"), "{info}");
    assert!(dir.join("dump.rdb").exists());
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec!["dump.rdb".to_string()]);
    // Inside MULTI, BGSAVE is scheduled rather than forked.
    common::expect_all(
        &mut c,
        &[
            (&["MULTI"], "+OK\r\n"),
            (&["BGSAVE"], "+QUEUED\r\n"),
            (&["EXEC"], "*1\r\n+Background saving scheduled\r\n"),
            (&["SAVE"], "+OK\r\n"),
        ],
    );
    let srv2 = start_in(&dir, &[]);
    check_filled(&mut srv2.client());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn save_inside_multi_is_refused() {
    let srv = Server::start(&[]);
    common::expect_all(
        &mut srv.client(),
        &[
            (&["MULTI"], "+OK\r\n"),
            (
                &["SAVE"],
                "-ERR Command not allowed inside a transaction\r\n",
            ),
            (
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
            (
                &["LASTSAVE", "x"],
                "-ERR wrong number of arguments for 'lastsave' command\r\n",
            ),
        ],
    );
}

#[test]
fn a_save_point_triggers_a_background_save() {
    let dir = temp_dir("savepoint");
    let srv = start_in(&dir, &["--save", "1 2"]);
    let mut c = srv.client();
    assert_eq!(
        c.cmd_str(&["CONFIG", "GET", "save"]),
        "*2\r\n$4\r\nsave\r\n$3\r\n1 2\r\n"
    );
    c.cmd(&["SET", "a", "1"]);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !dir.join("dump.rdb").exists(),
        "one change is below the save point"
    );
    c.cmd(&["SET", "b", "2"]);
    wait_info(&mut c, "rdb_changes_since_last_save", "0");
    assert!(dir.join("dump.rdb").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn shutdown_and_signals_save_when_save_points_are_set() {
    let dir = temp_dir("shutdown");
    let rdb = dir.join("dump.rdb");
    // SHUTDOWN with save points: saved.
    let mut srv = start_in(&dir, &["--save", "3600 1"]);
    let mut c = srv.client();
    fill(&mut c);
    assert_eq!(shutdown(&mut c, &["SHUTDOWN"]), b"");
    srv.wait_exit(Duration::from_secs(5)).expect("exits");
    drop(srv);
    let srv = start_in(&dir, &["--save", "3600 1"]);
    let mut c = srv.client();
    check_filled(&mut c);
    // SHUTDOWN NOSAVE: the change is lost, the file stays as it was.
    c.cmd(&["SET", "s", "changed"]);
    let before = std::fs::read(&rdb).unwrap();
    shutdown(&mut c, &["SHUTDOWN", "NOSAVE"]);
    let mut srv = srv;
    srv.wait_exit(Duration::from_secs(5)).expect("exits");
    assert_eq!(std::fs::read(&rdb).unwrap(), before);
    drop(srv);
    // SIGTERM with save points: saved, exit 0.
    let mut srv = start_in(&dir, &["--save", "3600 1"]);
    let mut c = srv.client();
    assert_eq!(c.cmd_str(&["GET", "s"]), "$5\r\nhello\r\n");
    c.cmd(&["SET", "s", "after-term"]);
    let status = srv
        .signal_and_wait("TERM", Duration::from_secs(5))
        .expect("exits");
    assert!(status.success());
    drop(srv);
    // SHUTDOWN SAVE saves even without save points.
    let mut srv = start_in(&dir, &[]);
    let mut c = srv.client();
    assert_eq!(c.cmd_str(&["GET", "s"]), "$10\r\nafter-term\r\n");
    c.cmd(&["SET", "s", "explicit"]);
    shutdown(&mut c, &["SHUTDOWN", "SAVE"]);
    srv.wait_exit(Duration::from_secs(5)).expect("exits");
    drop(srv);
    let srv = start_in(&dir, &[]);
    assert_eq!(srv.client().cmd_str(&["GET", "s"]), "$8\r\nexplicit\r\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn flushall_leaves_an_empty_snapshot_behind() {
    let dir = temp_dir("flushall");
    let srv = start_in(&dir, &["--save", "3600 1"]);
    let mut c = srv.client();
    fill(&mut c);
    assert_eq!(c.cmd_str(&["SAVE"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["FLUSHALL"]), "+OK\r\n");
    assert!(
        c.cmd_str(&["INFO", "persistence"])
            .contains("rdb_changes_since_last_save:0\r\n")
    );
    // `dir` is protected (enable-protected-configs no): CONFIG SET refuses it.
    assert_eq!(
        c.cmd_str(&["CONFIG", "SET", "dir", "/tmp"]),
        "-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n"
    );
    drop(srv);
    let srv = start_in(&dir, &[]);
    assert_eq!(srv.client().cmd_str(&["DBSIZE"]), ":0\r\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn failed_bgsave_turns_on_misconf_until_a_save_succeeds() {
    let dir = temp_dir("misconf");
    let gone = dir.join("gone");
    std::fs::create_dir(&gone).unwrap();
    let srv = start_in(
        &dir,
        &["--save", "3600 1", "--enable-protected-configs", "yes"],
    );
    let mut c = srv.client();
    c.cmd(&["SET", "k", "v"]);
    assert_eq!(
        c.cmd_str(&["CONFIG", "SET", "dir", gone.to_str().unwrap()]),
        "+OK\r\n"
    );
    std::fs::remove_dir(&gone).unwrap();
    assert_eq!(c.cmd_str(&["BGSAVE"]), "+Background saving started\r\n");
    wait_info(&mut c, "rdb_last_bgsave_status", "err");
    let misconf = "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.\r\n";
    common::expect_all(
        &mut c,
        &[
            (&["SET", "k", "v2"], misconf),
            (&["PING"], misconf),
            (&["GET", "k"], "$1\r\nv\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["GET", "k"], "+QUEUED\r\n"),
            (&["DEL", "k"], misconf),
            (
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            ),
            (
                &["CONFIG", "SET", "stop-writes-on-bgsave-error", "no"],
                "+OK\r\n",
            ),
            (&["SET", "k", "v3"], "+OK\r\n"),
            (
                &["CONFIG", "SET", "stop-writes-on-bgsave-error", "yes"],
                "+OK\r\n",
            ),
            (&["PING"], misconf),
        ],
    );
    // A failed SAVE says so, and a save that works clears the error.
    assert_eq!(c.cmd_str(&["SAVE"]), "-ERR\r\n");
    assert_eq!(
        c.cmd_str(&["CONFIG", "SET", "dir", dir.to_str().unwrap()]),
        "+OK\r\n"
    );
    assert_eq!(c.cmd_str(&["BGSAVE"]), "+Background saving started\r\n");
    wait_info(&mut c, "rdb_last_bgsave_status", "ok");
    common::expect_all(
        &mut c,
        &[(&["SET", "k", "v4"], "+OK\r\n"), (&["PING"], "+PONG\r\n")],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corrupt_or_truncated_files_stop_start_up_and_stay_untouched() {
    if !common::testing_ferrokv() {
        return;
    }
    let dir = temp_dir("corrupt");
    let srv = start_in(&dir, &[]);
    let mut c = srv.client();
    fill(&mut c);
    c.cmd(&["SET", "big", &"x".repeat(5000)]);
    assert_eq!(c.cmd_str(&["SAVE"]), "+OK\r\n");
    drop(srv);
    let rdb = dir.join("dump.rdb");
    let good = std::fs::read(&rdb).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"this is not an rdb file at all".to_vec()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("bad checksum", {
            let mut b = good.clone();
            let n = b.len();
            b[n - 1] ^= 0xff;
            b
        }),
    ];
    for (what, bytes) in cases {
        std::fs::write(&rdb, &bytes).unwrap();
        let (code, text) = start_expecting_failure(&dir);
        assert_eq!(code, Some(1), "{what}: {text}");
        assert!(
            text.contains(rdb.to_str().unwrap()) && text.contains("offset"),
            "{what}: the error names the file and the offset: {text}"
        );
        assert_eq!(
            std::fs::read(&rdb).unwrap(),
            bytes,
            "{what}: file untouched"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn start_expecting_failure(dir: &Path) -> (Option<i32>, String) {
    let d = dir.to_str().unwrap();
    common::run_until_exit(dir, &["--dir", d, "--save", ""])
}

#[test]
fn rdbcompression_and_rdbchecksum_can_be_turned_off() {
    let long = "a".repeat(100);
    for (compress, checksum) in [("yes", "yes"), ("no", "no"), ("no", "yes"), ("yes", "no")] {
        let dir = temp_dir("rdbopts");
        let args = ["--rdbcompression", compress, "--rdbchecksum", checksum];
        let srv = start_in(&dir, &args);
        let mut c = srv.client();
        c.cmd(&["SET", "long", &long]);
        assert_eq!(c.cmd_str(&["SAVE"]), "+OK\r\n");
        drop(srv);
        let file = std::fs::read(dir.join("dump.rdb")).unwrap();
        let raw = file.windows(long.len()).any(|w| w == long.as_bytes());
        assert_eq!(
            raw,
            compress == "no",
            "rdbcompression {compress}: value stored raw"
        );
        let trailer = &file[file.len() - 8..];
        assert_eq!(
            trailer == [0; 8],
            checksum == "no",
            "rdbchecksum {checksum}"
        );
        let srv = start_in(&dir, &[]);
        assert_eq!(
            srv.client().cmd_str(&["STRLEN", "long"]),
            ":100\r\n",
            "{compress} {checksum}"
        );
        drop(srv);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
