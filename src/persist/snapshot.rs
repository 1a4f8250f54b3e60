//! RDB snapshots on disk: the atomic file write, the forked child that makes it in the
//! background, loading at start-up, and the bookkeeping behind SAVE, BGSAVE, LASTSAVE, save
//! points and INFO persistence.
//!
//! Why a forked child, as Redis does, rather than a forkless incremental snapshot: `fork` gives
//! the child a copy-on-write image of the keyspace frozen at one instant, so the child can
//! serialise it at leisure while the loop goes on changing its own copy, and the loop pays only
//! for copying page tables (about a millisecond per GB of RSS) plus the pages it dirties meanwhile.
//! A forkless snapshot would have to visit every key on the loop thread and copy values before
//! each write touches them, which costs the hot path on every command for the whole save.
//!
//! The child must not take a lock another thread might have held at the fork: it writes no log
//! lines (the logger locks stdout) and reports only through its exit status. glibc's `malloc`
//! is safe to use after `fork`.

use crate::db::Db;
use crate::persist::rdb;
use crate::state::State;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// How long after a failed background save the save points may try again (Redis's
/// `CONFIG_BGSAVE_RETRY_DELAY`).
const RETRY_DELAY_SECS: i64 = 5;

/// What a forked child is doing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ChildKind {
    /// BGSAVE or a save point.
    Rdb,
    /// SAVE: like BGSAVE, but its client waits for the reply, and a failure is reported to it
    /// rather than turning on MISCONF.
    Save,
    AofRewrite,
}

/// A running child process.
pub struct Child {
    pub pid: i32,
    pub kind: ChildKind,
    pub started_ms: i64,
    /// `State::dirty` when the child forked: changes after it are not in its file.
    pub dirty_at_start: u64,
}

impl Child {
    /// A child forked just now, from the state it copied.
    pub fn started(st: &State, pid: i32, kind: ChildKind) -> Child {
        Child {
            pid,
            kind,
            started_ms: st.now_ms,
            dirty_at_start: st.dirty,
        }
    }
}

/// Snapshot state the loop keeps (Redis's `lastsave`, `lastbgsave_status`, `dirty` ...).
pub struct Snapshots {
    pub child: Option<Child>,
    /// Unix time (s) of the last successful save.
    pub lastsave: i64,
    pub last_bgsave_ok: bool,
    /// Unix time (s) of the last background save attempt.
    pub last_bgsave_try: i64,
    /// Duration of the last background save in seconds; -1 before the first.
    pub last_bgsave_secs: i64,
    /// Saves done (rdb_saves).
    pub saves: u64,
    /// `State::dirty` as of the last successful save.
    pub dirty_at_save: u64,
    /// BGSAVE SCHEDULE (or BGSAVE inside EXEC) waits for the running child to finish.
    pub scheduled: bool,
    /// Clients waiting for SAVE's reply: (slot, client id).
    pub save_waiters: Vec<(usize, u64)>,
    pub loaded_keys: u64,
    pub loaded_expired: u64,
}

impl Snapshots {
    pub fn new(now_ms: i64) -> Snapshots {
        Snapshots {
            child: None,
            lastsave: now_ms / 1000,
            last_bgsave_ok: true,
            last_bgsave_try: 0,
            last_bgsave_secs: -1,
            saves: 0,
            dirty_at_save: 0,
            scheduled: false,
            save_waiters: Vec::new(),
            loaded_keys: 0,
            loaded_expired: 0,
        }
    }

    pub fn rdb_child_running(&self) -> bool {
        self.child
            .as_ref()
            .is_some_and(|c| matches!(c.kind, ChildKind::Rdb | ChildKind::Save))
    }

    /// Whether a save point (or a scheduled BGSAVE) asks for a background save now. After a
    /// failure, the next try waits `RETRY_DELAY_SECS`.
    pub fn due(&self, points: &[(u64, u64)], dirty: u64, now_s: i64) -> Option<String> {
        if self.child.is_some() {
            return None;
        }
        let may_retry = self.last_bgsave_ok || now_s - self.last_bgsave_try > RETRY_DELAY_SECS;
        if !may_retry {
            return None;
        }
        if self.scheduled {
            return Some("Background saving scheduled".into());
        }
        let changes = dirty - self.dirty_at_save.min(dirty);
        points
            .iter()
            .find(|&&(secs, min_changes)| {
                changes >= min_changes && now_s - self.lastsave > secs as i64
            })
            .map(|(secs, min_changes)| {
                format!("{min_changes} changes in {secs} seconds. Saving...")
            })
    }
}

/// Forks a child that writes the RDB file (BGSAVE, SAVE, a save point).
pub fn start(st: &mut State, kind: ChildKind) -> io::Result<()> {
    let path = st.config.rdb_path();
    st.snapshots.last_bgsave_try = st.now_ms / 1000;
    st.snapshots.saves += 1;
    st.snapshots.scheduled = false;
    match fork_save(&st.dbs, &path, SaveOptions::from_config(&st.config)) {
        Ok(pid) => {
            log::info!("Background saving started by pid {pid}");
            st.snapshots.child = Some(Child::started(st, pid, kind));
            Ok(())
        }
        Err(e) => {
            log::warn!("Can't save in background: fork: {e}");
            if kind == ChildKind::Rdb {
                st.snapshots.last_bgsave_ok = false;
            }
            Err(e)
        }
    }
}

/// Records how a snapshot child ended (Redis's `backgroundSaveDoneHandler`). Returns the
/// clients waiting for SAVE and whether it succeeded.
pub fn child_done(
    st: &mut State,
    child: Child,
    result: Result<(), String>,
) -> (Vec<(usize, u64)>, bool) {
    let now_s = st.now_ms / 1000;
    let ok = result.is_ok();
    match &result {
        Ok(()) => {
            log::info!("Background saving terminated with success");
            st.snapshots.dirty_at_save = child.dirty_at_start;
            st.snapshots.lastsave = now_s;
            st.snapshots.last_bgsave_ok = true;
        }
        Err(e) => {
            log::warn!("Background saving error: {e}");
            let _ = std::fs::remove_file(child_temp_path(st, child.pid));
            if child.kind == ChildKind::Rdb {
                st.snapshots.last_bgsave_ok = false;
            }
        }
    }
    if child.kind == ChildKind::Rdb {
        st.snapshots.last_bgsave_secs = (st.now_ms - child.started_ms) / 1000;
    }
    (std::mem::take(&mut st.snapshots.save_waiters), ok)
}

/// Saves right now on the calling thread: the final save at shutdown, and the empty file
/// FLUSHALL leaves behind. A snapshot child in flight is killed first: its file would be older.
pub fn save_now(st: &mut State) -> io::Result<()> {
    kill_running(st);
    let path = st.config.rdb_path();
    write_file(&st.dbs, &path, SaveOptions::from_config(&st.config))?;
    st.snapshots.dirty_at_save = st.dirty;
    st.snapshots.lastsave = crate::util::now_ms() / 1000;
    st.snapshots.last_bgsave_ok = true;
    log::info!("DB saved on disk");
    Ok(())
}

/// Kills a running snapshot child and removes its temporary file. Clients waiting for SAVE stay
/// queued; the loop tells them it failed (see `Server::check_child`).
pub fn kill_running(st: &mut State) {
    if !st.snapshots.rdb_child_running() {
        return;
    }
    if let Some(child) = st.snapshots.child.take() {
        log::warn!("There is a child saving an .rdb. Killing it!");
        kill_child(child.pid);
        let _ = std::fs::remove_file(child_temp_path(st, child.pid));
    }
}

/// Writes `dbs` to `path` so that a crash at any moment leaves either the old file or the
/// complete new one: a temporary file in the same directory, fsync, rename over, fsync of the
/// directory (so the rename itself is durable).
/// How a snapshot is written: `rdbcompression`, `rdbchecksum`, and the testing knob
/// `rdb-key-save-delay` (µs a forked child waits per key).
#[derive(Clone, Copy, Debug, Default)]
pub struct SaveOptions {
    pub rdb: rdb::WriteOptions,
    pub key_delay_us: i64,
}

impl SaveOptions {
    pub fn from_config(c: &crate::config::Config) -> SaveOptions {
        SaveOptions {
            rdb: rdb::WriteOptions {
                compress: c.rdbcompression,
                checksum: c.rdbchecksum,
            },
            key_delay_us: c.rdb_key_save_delay,
        }
    }
}

pub fn write_file(dbs: &[Db], path: &Path, opts: SaveOptions) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = temp_path(dir, std::process::id() as i32);
    let result = (|| {
        let file = AutoSync {
            file: std::fs::File::create(&tmp)?,
            unsynced: 0,
        };
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        rdb::write_with(dbs, &mut out, opts.rdb)?;
        out.flush()?;
        let file = out.into_inner().map_err(|e| e.into_error())?.file;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        std::fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Bytes written between fsyncs while a snapshot is written (Redis's
/// `rdb-save-incremental-fsync`, which uses 32 MB). One fsync of a whole large file at the end
/// makes the kernel write it back in one burst, which on a small VM stalls the loop too.
const AUTOSYNC_BYTES: usize = 4 << 20;

/// A file that fsyncs itself every `AUTOSYNC_BYTES`.
struct AutoSync {
    file: std::fs::File,
    unsynced: usize,
}

impl Write for AutoSync {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n;
        if self.unsynced >= AUTOSYNC_BYTES {
            self.file.sync_data()?;
            self.unsynced = 0;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The temporary file snapshot child `pid` writes beside the RDB file.
fn child_temp_path(st: &State, pid: i32) -> PathBuf {
    let path = st.config.rdb_path();
    temp_path(path.parent().unwrap_or(Path::new(".")), pid)
}

/// The temporary file a saving process writes (Redis's `temp-<pid>.rdb`).
pub fn temp_path(dir: &Path, pid: i32) -> PathBuf {
    dir.join(format!("temp-{pid}.rdb"))
}

/// How long the last `fork` kept the loop (INFO's `latest_fork_usec`).
pub static LATEST_FORK_USEC: AtomicU64 = AtomicU64::new(0);

/// Forks a child that writes `dbs` to `path` and exits 0 on success. Returns the child's pid.
pub fn fork_save(dbs: &[Db], path: &Path, opts: SaveOptions) -> io::Result<i32> {
    // SAFETY: the child only serialises memory it owns a copy of, writes files and exits with
    // `_exit`; it takes no lock another thread could hold (see the module comment).
    let started = std::time::Instant::now();
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid > 0 {
        LATEST_FORK_USEC.store(started.elapsed().as_micros() as u64, Relaxed);
        return Ok(pid);
    }
    // The child: the parent's SIGINT/SIGTERM handlers would report to the parent's loop. On a
    // machine with few cores the child competes with the loop for CPU; a lower priority keeps
    // the loop's latency (the save just takes a little longer when the loop is busy).
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::signal(libc::SIGTERM, libc::SIG_DFL);
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
    if opts.key_delay_us > 0 {
        // `rdb-key-save-delay`: a slow child on purpose, for tests of saves in progress.
        let keys: u64 = dbs.iter().map(|d| d.len() as u64).sum();
        std::thread::sleep(std::time::Duration::from_micros(
            opts.key_delay_us as u64 * keys,
        ));
    }
    let code = match write_file(dbs, path, opts) {
        Ok(()) => 0,
        Err(e) => {
            let msg = format!("ferrokv child: writing {}: {e}\n", path.display());
            unsafe { libc::write(2, msg.as_ptr().cast(), msg.len()) };
            1
        }
    };
    unsafe { libc::_exit(code) }
}

/// How a child ended, if it has.
pub enum Exit {
    Running,
    Ok,
    Failed(String),
}

/// Checks a child without waiting (`waitpid(WNOHANG)`).
pub fn poll_child(pid: i32) -> Exit {
    let mut status = 0;
    let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
    if r == 0 {
        return Exit::Running;
    }
    if r < 0 {
        return Exit::Failed(format!("waitpid: {}", io::Error::last_os_error()));
    }
    if libc::WIFEXITED(status) {
        match libc::WEXITSTATUS(status) {
            0 => Exit::Ok,
            code => Exit::Failed(format!("child exited with code {code}")),
        }
    } else if libc::WIFSIGNALED(status) {
        Exit::Failed(format!(
            "child terminated by signal {}",
            libc::WTERMSIG(status)
        ))
    } else {
        Exit::Running
    }
}

/// Kills a child and reaps it (SHUTDOWN while a save runs, FLUSHALL).
pub fn kill_child(pid: i32) {
    unsafe {
        libc::kill(pid, libc::SIGKILL);
        let mut status = 0;
        libc::waitpid(pid, &mut status, 0);
    }
}

/// What start-up found on disk.
pub struct Loaded {
    pub dbs: Vec<Db>,
    pub keys: u64,
}

/// Reads the RDB file at start-up. No file means an empty keyspace; a file that cannot be read
/// completely is an error that names the file and the offset, and the file is left as it is.
pub fn load_file(
    path: &Path,
    databases: usize,
    now_ms: i64,
    limits: rdb::Limits,
) -> Result<Option<Loaded>, String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("Can't read {}: {e}", path.display())),
    };
    let dbs = rdb::load_with(&bytes, databases, now_ms, limits)
        .map_err(|e| format!("Bad RDB file {}: {e}", path.display()))?;
    let keys = dbs.iter().map(|d| d.len() as u64).sum();
    Ok(Some(Loaded { dbs, keys }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_points_need_changes_and_time() {
        let mut s = Snapshots::new(1_000_000);
        let points = [(60, 2)];
        assert!(s.due(&points, 1, 1_000 + 61).is_none(), "too few changes");
        assert!(s.due(&points, 2, 1_000 + 30).is_none(), "too early");
        assert_eq!(
            s.due(&points, 2, 1_000 + 61).as_deref(),
            Some("2 changes in 60 seconds. Saving...")
        );
        s.last_bgsave_ok = false;
        s.last_bgsave_try = 1_060;
        assert!(s.due(&points, 2, 1_063).is_none(), "retry waits");
        assert!(s.due(&points, 2, 1_066).is_some());
    }
}
