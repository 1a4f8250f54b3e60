//! The append-only file, in Redis 7's multi-part layout so Redis's tools and Redis itself can
//! read it: a directory (`appenddirname`) holding one base file (an RDB image,
//! `appendonly.aof.N.base.rdb`), the incremental logs written since (`appendonly.aof.N.incr.aof`,
//! write commands in RESP), and a manifest naming them in order.
//!
//! The loop appends each write command to `buf`; once per tick, just before replies go out, the
//! buffer is written to the current incremental file (a `write` to the page cache), and fsync
//! runs on a worker: for `always` it covers every write of the tick (group commit) and the loop
//! holds back replies until the worker reports the fsync done (see `Server::flush_writes`); for
//! `everysec` it runs about once a second and nobody waits.
//!
//! A rewrite never copies or buffers the writes made while it runs: the loop opens a new
//! incremental file when the rewrite starts, and a forked child writes the new base; when the
//! child is done the manifest switches to the new base plus the increments opened since.

use crate::db::Db;
use crate::persist::snapshot::{Child, ChildKind, SaveOptions};
use crate::persist::{rdb, snapshot};
use crate::state::State;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One file the manifest lists.
#[derive(Clone, Debug, PartialEq)]
pub struct FileInfo {
    pub name: String,
    pub seq: u64,
}

/// The manifest: which files make up the log, in loading order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    pub base: Option<FileInfo>,
    pub incrs: Vec<FileInfo>,
}

impl Manifest {
    /// Redis's format: one `file <name> seq <n> type <b|h|i>` line per file.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let mut m = Manifest::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            let (mut name, mut seq, mut kind) = (None, None, None);
            for pair in words.chunks(2) {
                let [k, v] = pair else {
                    return Err(format!(
                        "Invalid AOF manifest file format at line {}",
                        i + 1
                    ));
                };
                match *k {
                    "file" => name = Some(v.trim_matches('"').to_string()),
                    "seq" => seq = v.parse::<u64>().ok(),
                    "type" => kind = v.chars().next(),
                    _ => {}
                }
            }
            let (Some(name), Some(seq), Some(kind)) = (name, seq, kind) else {
                return Err(format!(
                    "Invalid AOF manifest file format at line {}",
                    i + 1
                ));
            };
            if name.contains('/') {
                return Err(format!("Invalid AOF file name at line {}", i + 1));
            }
            let info = FileInfo { name, seq };
            match kind {
                'b' if m.base.is_none() => m.base = Some(info),
                'b' => return Err("Found duplicate base file information".into()),
                'i' => m.incrs.push(info),
                'h' => {}
                _ => return Err(format!("Unknown AOF file type at line {}", i + 1)),
            }
        }
        Ok(m)
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if let Some(b) = &self.base {
            out.push_str(&format!("file {} seq {} type b\n", b.name, b.seq));
        }
        for f in &self.incrs {
            out.push_str(&format!("file {} seq {} type i\n", f.name, f.seq));
        }
        out
    }

    fn next_incr_seq(&self) -> u64 {
        self.incrs.last().map_or(1, |f| f.seq + 1)
    }

    fn next_base_seq(&self) -> u64 {
        self.base.as_ref().map_or(1, |f| f.seq + 1)
    }
}

/// A rewrite in progress: the child writes `temp`; the increments from `first_new_incr` on
/// hold the writes made since it started.
pub struct Rewrite {
    pub temp: PathBuf,
    pub first_new_incr: usize,
    pub started_ms: i64,
    /// Turning AOF on at run time: the writes made meanwhile go to this file, which joins the
    /// manifest with the new base only when the base is complete (Redis's `AOF_WAIT_REWRITE`).
    pub temp_incr: Option<PathBuf>,
}

pub struct Aof {
    /// `dir/appenddirname`.
    pub dir: PathBuf,
    /// `appendfilename`: the prefix of every file's name.
    pub name: String,
    pub manifest: Manifest,
    /// The incremental file being appended to, shared with fsync jobs.
    file: Arc<File>,
    /// Records of this tick, not yet written.
    pub buf: Vec<u8>,
    /// The database the log last SELECTed (None: the next record must SELECT).
    selected: Option<usize>,
    /// A MULTI was logged for the transaction now running; EXEC must close it.
    pub multi_open: bool,
    /// Set while EXEC runs its queue: logged commands are wrapped in MULTI/EXEC.
    pub in_exec: bool,
    /// Writes to the file are numbered: `written` is the last one done, `synced` the last one
    /// known durable. A reply that may depend on write N is released when `synced >= N`.
    pub written: u64,
    pub synced: u64,
    pub fsync_in_flight: bool,
    pub last_fsync_ms: i64,
    /// Bytes in the base and incremental files, and the total after the last rewrite (for
    /// `auto-aof-rewrite-percentage`).
    pub current_size: u64,
    pub base_size: u64,
    /// The last write or fsync failed: writes are refused with MISCONF until one succeeds.
    pub error: Option<String>,
    pub rewrite: Option<Rewrite>,
    pub rewrites: u64,
    pub last_rewrite_ok: bool,
    pub last_rewrite_secs: i64,
    pub rewrite_scheduled: bool,
    /// A first base failed: the next rewrite must still install this temporary increment.
    pending_temp_incr: Option<PathBuf>,
}

/// An I/O error as C's `strerror` words it (what Redis puts in its MISCONF reply), without
/// Rust's " (os error N)".
fn strerror(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// A write, for the log: RESP array of bulk strings.
fn encode(buf: &mut Vec<u8>, args: &[&[u8]]) {
    buf.push(b'*');
    buf.extend_from_slice(itoa::Buffer::new().format(args.len()).as_bytes());
    buf.extend_from_slice(b"\r\n");
    for a in args {
        buf.push(b'$');
        buf.extend_from_slice(itoa::Buffer::new().format(a.len()).as_bytes());
        buf.extend_from_slice(b"\r\n");
        buf.extend_from_slice(a);
        buf.extend_from_slice(b"\r\n");
    }
}

fn base_name(name: &str, seq: u64) -> String {
    format!("{name}.{seq}.base.rdb")
}

fn incr_name(name: &str, seq: u64) -> String {
    format!("{name}.{seq}.incr.aof")
}

fn manifest_name(name: &str) -> String {
    format!("{name}.manifest")
}

fn open_append(path: &Path) -> io::Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
}

fn fsync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Replaces the manifest atomically: temporary file, fsync, rename, directory fsync.
fn persist_manifest(dir: &Path, name: &str, m: &Manifest) -> io::Result<()> {
    let tmp = dir.join(format!("temp-{}", manifest_name(name)));
    let mut f = File::create(&tmp)?;
    f.write_all(m.to_text().as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, dir.join(manifest_name(name)))?;
    fsync_dir(dir)
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

impl Aof {
    /// Opens the log for appending, creating it when there is none: a base holding `dbs` (what
    /// the server has now), an empty first increment, and the manifest, in that order, so a
    /// crash in between leaves no manifest pointing at a missing file.
    pub fn open(dir: PathBuf, name: &str, dbs: &[Db], opts: SaveOptions) -> io::Result<Aof> {
        std::fs::create_dir_all(&dir)?;
        let mpath = dir.join(manifest_name(name));
        let mut manifest = match std::fs::read_to_string(&mpath) {
            Ok(text) => Manifest::parse(&text).map_err(io::Error::other)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Manifest::default(),
            Err(e) => return Err(e),
        };
        let mut changed = false;
        if manifest.base.is_none() && manifest.incrs.is_empty() {
            let seq = manifest.next_base_seq();
            let base = base_name(name, seq);
            snapshot::write_file(dbs, &dir.join(&base), opts)?;
            manifest.base = Some(FileInfo { name: base, seq });
            changed = true;
        }
        if manifest.incrs.is_empty() {
            let seq = manifest.next_incr_seq();
            manifest.incrs.push(FileInfo {
                name: incr_name(name, seq),
                seq,
            });
            changed = true;
        }
        let last = manifest
            .incrs
            .last()
            .map(|f| f.name.clone())
            .unwrap_or_default();
        let file = open_append(&dir.join(&last))?;
        if changed {
            file.sync_all()?;
            persist_manifest(&dir, name, &manifest)?;
        }
        let mut aof = Aof::with_file(dir, name, manifest, file);
        aof.current_size = aof.files().iter().map(|p| file_len(p)).sum();
        aof.base_size = aof.current_size;
        Ok(aof)
    }

    fn with_file(dir: PathBuf, name: &str, manifest: Manifest, file: File) -> Aof {
        Aof {
            dir,
            name: name.to_string(),
            manifest,
            file: Arc::new(file),
            buf: Vec::new(),
            selected: None,
            multi_open: false,
            in_exec: false,
            written: 0,
            synced: 0,
            fsync_in_flight: false,
            last_fsync_ms: 0,
            current_size: 0,
            base_size: 0,
            error: None,
            rewrite: None,
            rewrites: 0,
            last_rewrite_ok: true,
            last_rewrite_secs: -1,
            rewrite_scheduled: false,
            pending_temp_incr: None,
        }
    }

    /// The manifest's files in loading order.
    pub fn files(&self) -> Vec<PathBuf> {
        self.manifest
            .base
            .iter()
            .chain(self.manifest.incrs.iter())
            .map(|f| self.dir.join(&f.name))
            .collect()
    }

    /// Appends a write command executed in database `db`.
    pub fn feed(&mut self, db: usize, args: &[&[u8]]) {
        if self.in_exec && !self.multi_open {
            self.multi_open = true;
            encode(&mut self.buf, &[b"MULTI"]);
        }
        if self.selected != Some(db) {
            self.selected = Some(db);
            encode(
                &mut self.buf,
                &[b"SELECT", itoa::Buffer::new().format(db).as_bytes()],
            );
        }
        encode(&mut self.buf, args);
    }

    /// Closes a transaction's MULTI, if one was logged.
    pub fn end_exec(&mut self) {
        self.in_exec = false;
        if std::mem::take(&mut self.multi_open) {
            encode(&mut self.buf, &[b"EXEC"]);
        }
    }

    /// The write number a reply computed now may depend on: the pending buffer's if there is
    /// one, else the last written.
    pub fn needed(&self) -> u64 {
        if self.buf.is_empty() {
            self.written
        } else {
            self.written + 1
        }
    }

    /// Writes this tick's records to the file. On failure the partial write is cut off and the
    /// records stay buffered for the next try (their replies stay held under `always`).
    pub fn write_buffer(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let before = self.file.metadata().map(|m| m.len()).ok();
        match (&*self.file).write_all(&self.buf) {
            Ok(()) => {
                self.current_size += self.buf.len() as u64;
                self.buf.clear();
                if self.buf.capacity() > 1 << 20 {
                    self.buf = Vec::new();
                }
                self.written += 1;
                if self.error.take().is_some() {
                    log::warn!("AOF write error looks solved, Redis can write again.");
                }
            }
            Err(e) => {
                if let Some(len) = before {
                    let _ = self.file.set_len(len);
                }
                if self.error.is_none() {
                    log::warn!("Error writing to the AOF file: {e}");
                }
                self.error = Some(strerror(&e));
            }
        }
    }

    /// An fsync to hand to a worker, if the policy wants one now.
    pub fn fsync_job(&mut self, always: bool, now_ms: i64) -> Option<(Arc<File>, u64)> {
        if self.fsync_in_flight || self.synced >= self.written {
            return None;
        }
        if !always && now_ms - self.last_fsync_ms < 1000 {
            return None;
        }
        self.fsync_in_flight = true;
        self.last_fsync_ms = now_ms;
        Some((self.file.clone(), self.written))
    }

    /// A worker finished the fsync of everything up to write `epoch`.
    pub fn fsync_done(&mut self, epoch: u64, result: Result<(), String>) {
        self.fsync_in_flight = false;
        match result {
            Ok(()) => {
                self.synced = self.synced.max(epoch);
                // A failed fsync is over once one succeeds (a failed write, once it is retried).
                if self.buf.is_empty() {
                    self.error = None;
                }
            }
            Err(e) => {
                log::warn!("Error syncing the AOF file: {e}");
                self.error = Some(e);
            }
        }
    }

    /// Writes and fsyncs everything on this thread (shutdown, switching AOF off).
    pub fn sync_now(&mut self) -> io::Result<()> {
        self.write_buffer();
        if let Some(e) = &self.error {
            return Err(io::Error::other(e.clone()));
        }
        self.file.sync_data()?;
        self.synced = self.written;
        Ok(())
    }

    /// Starts a rewrite: later writes go to a new incremental file (listed in the manifest at
    /// once, so a crash before the rewrite ends still finds them), and a child writes the new
    /// base from `dbs`.
    pub fn start_rewrite(&mut self, dbs: &[Db], now_ms: i64, opts: SaveOptions) -> io::Result<i32> {
        self.write_buffer();
        self.rewrite_scheduled = false;
        if let Some(temp_incr) = self.pending_temp_incr.take() {
            let first = self.manifest.incrs.len();
            return self.fork_base(dbs, now_ms, first, Some(temp_incr), opts);
        }
        let seq = self.manifest.next_incr_seq();
        let name = incr_name(&self.name, seq);
        let file = open_append(&self.dir.join(&name))?;
        let mut next = self.manifest.clone();
        next.incrs.push(FileInfo { name, seq });
        persist_manifest(&self.dir, &self.name, &next)?;
        self.manifest = next;
        // Records already written stay covered by fsyncs of the old file; sync it now so the new
        // file's fsyncs cover everything from here on.
        self.file.sync_data()?;
        self.synced = self.written;
        self.file = Arc::new(file);
        self.selected = None;
        let first = self.manifest.incrs.len() - 1;
        self.fork_base(dbs, now_ms, first, None, opts)
    }

    /// Forks the child that writes the new base; the increments from `first_new_incr` on (and
    /// `temp_incr`, if any) will follow it in the manifest.
    fn fork_base(
        &mut self,
        dbs: &[Db],
        now_ms: i64,
        first_new_incr: usize,
        temp_incr: Option<PathBuf>,
        opts: SaveOptions,
    ) -> io::Result<i32> {
        let temp = self
            .dir
            .join(format!("temp-rewriteaof-bg-{}.aof", std::process::id()));
        let pid = snapshot::fork_save(dbs, &temp, opts)?;
        self.rewrite = Some(Rewrite {
            temp,
            first_new_incr,
            started_ms: now_ms,
            temp_incr,
        });
        Ok(pid)
    }

    /// Turns the log on at run time: writes go to a temporary increment at once, and a child
    /// writes the base; `finish_rewrite` then installs both. An older log in the directory is
    /// replaced (its sequence numbers are continued, its files deleted).
    pub fn begin(
        dir: PathBuf,
        name: &str,
        dbs: &[Db],
        now_ms: i64,
        opts: SaveOptions,
    ) -> io::Result<(Aof, i32)> {
        std::fs::create_dir_all(&dir)?;
        let old = std::fs::read_to_string(dir.join(manifest_name(name)))
            .ok()
            .and_then(|t| Manifest::parse(&t).ok())
            .unwrap_or_default();
        let temp_incr = dir.join(format!("temp-{name}.incr"));
        let file = File::create(&temp_incr)?;
        let mut aof = Aof::with_file(dir, name, old, file);
        let first = aof.manifest.incrs.len();
        let pid = aof.fork_base(dbs, now_ms, first, Some(temp_incr), opts)?;
        Ok((aof, pid))
    }

    /// The rewrite child exited. On success the manifest becomes the new base plus the
    /// increments opened since the rewrite began, and the files it replaced are deleted.
    pub fn finish_rewrite(&mut self, ok: bool, now_ms: i64) {
        let Some(rw) = self.rewrite.take() else {
            return;
        };
        self.last_rewrite_secs = (now_ms - rw.started_ms) / 1000;
        if !ok {
            let _ = std::fs::remove_file(&rw.temp);
            self.last_rewrite_ok = false;
            log::warn!("Background AOF rewrite failed");
            if rw.temp_incr.is_some() {
                // Still waiting for a first base: keep logging to the temporary file, retry.
                self.rewrite_scheduled = true;
                self.pending_temp_incr = rw.temp_incr;
            }
            return;
        }
        let result = (|| -> io::Result<Vec<String>> {
            let seq = self.manifest.next_base_seq();
            let base = base_name(&self.name, seq);
            std::fs::rename(&rw.temp, self.dir.join(&base))?;
            let from = rw.first_new_incr.min(self.manifest.incrs.len());
            let mut incrs = self.manifest.incrs[from..].to_vec();
            if let Some(temp_incr) = &rw.temp_incr {
                let seq = self.manifest.next_incr_seq();
                let name = incr_name(&self.name, seq);
                self.file.sync_data()?;
                std::fs::rename(temp_incr, self.dir.join(&name))?;
                incrs = vec![FileInfo { name, seq }];
            }
            let mut next = Manifest {
                base: Some(FileInfo { name: base, seq }),
                incrs,
            };
            std::mem::swap(&mut next, &mut self.manifest);
            if let Err(e) = persist_manifest(&self.dir, &self.name, &self.manifest) {
                self.manifest = next;
                return Err(e);
            }
            let old = next
                .base
                .into_iter()
                .chain(next.incrs.into_iter().take(rw.first_new_incr))
                .map(|f| f.name)
                .collect();
            Ok(old)
        })();
        match result {
            Ok(old) => {
                for f in old {
                    let _ = std::fs::remove_file(self.dir.join(f));
                }
                self.rewrites += 1;
                self.last_rewrite_ok = true;
                self.current_size = self.files().iter().map(|p| file_len(p)).sum();
                self.base_size = self.current_size;
                log::info!("Background AOF rewrite finished successfully");
            }
            Err(e) => {
                let _ = std::fs::remove_file(&rw.temp);
                self.last_rewrite_ok = false;
                log::warn!("Background AOF rewrite failed to install its files: {e}");
            }
        }
    }

    /// Whether `auto-aof-rewrite-percentage`/`-min-size` ask for a rewrite.
    pub fn wants_rewrite(&self, percentage: i64, min_size: i64) -> bool {
        if percentage <= 0 || self.rewrite.is_some() || self.current_size <= min_size as u64 {
            return false;
        }
        let base = self.base_size.max(1);
        let growth = (self.current_size.saturating_sub(base)) * 100 / base;
        growth >= percentage as u64
    }
}

/// Starts a rewrite child (BGREWRITEAOF, the automatic rewrite).
pub fn start_rewrite(st: &mut State) -> io::Result<()> {
    let Some(aof) = st.aof.as_mut() else {
        return Err(io::Error::other("the append only file is off"));
    };
    let pid = aof
        .start_rewrite(&st.dbs, st.now_ms, SaveOptions::from_config(&st.config))
        .inspect_err(|e| log::warn!("Can't rewrite append only file in background: {e}"))?;
    log::info!("Background append only file rewriting started by pid {pid}");
    st.snapshots.child = Some(Child::started(st, pid, ChildKind::AofRewrite));
    Ok(())
}

/// CONFIG SET appendonly yes: opens the log and forks the child that writes its first base
/// (a snapshot child in flight is killed, as Redis does).
pub fn start(st: &mut State) -> Result<(), String> {
    let dir = Path::new(&st.config.dir).join(&st.config.appenddirname);
    let name = st.config.appendfilename.clone();
    snapshot::kill_running(st);
    let (aof, pid) = Aof::begin(
        dir,
        &name,
        &st.dbs,
        st.now_ms,
        SaveOptions::from_config(&st.config),
    )
    .map_err(|e| e.to_string())?;
    st.aof = Some(aof);
    st.snapshots.child = Some(Child::started(st, pid, ChildKind::AofRewrite));
    log::info!("AOF enabled: background append only file rewriting started by pid {pid}");
    Ok(())
}

/// CONFIG SET appendonly no: everything logged so far is made durable, then the log closes.
pub fn stop(st: &mut State) {
    kill_rewrite(st);
    if let Some(mut aof) = st.aof.take()
        && let Err(e) = aof.sync_now()
    {
        log::warn!("Error syncing the AOF file while turning it off: {e}");
    }
}

/// Kills a rewrite child and removes the base it was writing (shutdown, AOF off). The manifest
/// still names the old base and every increment, so nothing is lost.
pub fn kill_rewrite(st: &mut State) {
    if let Some(c) = &st.snapshots.child
        && c.kind == ChildKind::AofRewrite
    {
        log::warn!("There is a child rewriting the AOF. Killing it!");
        snapshot::kill_child(c.pid);
        st.snapshots.child = None;
    }
    if let Some(rw) = st.aof.as_mut().and_then(|a| a.rewrite.take()) {
        let _ = std::fs::remove_file(rw.temp);
    }
}

/// Whether the log was turned on at run time and its first base is not written yet: exiting
/// now would leave no usable log (Redis's `AOF_WAIT_REWRITE`), so shutdown waits unless forced.
pub fn writing_initial(st: &State) -> bool {
    st.aof.as_ref().is_some_and(|a| {
        a.pending_temp_incr.is_some() || a.rewrite.as_ref().is_some_and(|r| r.temp_incr.is_some())
    })
}

/// What reading one log file found.
pub enum Replayed {
    /// Every byte was a complete command.
    Complete,
    /// The file ends in the middle of a command (a crash mid-write): everything before
    /// `valid_len` was applied.
    Truncated { valid_len: usize },
}

/// What loading hands to the server: an RDB base's databases, or one command to execute.
pub enum Item<'a> {
    Base(Vec<Db>),
    Command(&'a [&'a [u8]]),
}

/// Loads the log named by the manifest in `dir`, handing each piece to `apply` in order.
/// Returns Ok(false) if there is no log at all.
pub fn load(
    dir: &Path,
    name: &str,
    databases: usize,
    truncated_ok: bool,
    limits: rdb::Limits,
    apply: &mut dyn FnMut(Item) -> Result<(), String>,
) -> Result<bool, String> {
    let mpath = dir.join(manifest_name(name));
    let text = match std::fs::read_to_string(&mpath) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(format!("Can't read {}: {e}", mpath.display())),
    };
    let manifest = Manifest::parse(&text).map_err(|e| format!("{e} in {}", mpath.display()))?;
    let files: Vec<&FileInfo> = manifest.base.iter().chain(manifest.incrs.iter()).collect();
    for (i, f) in files.iter().enumerate() {
        let path = dir.join(&f.name);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            // Redis tolerates a missing last increment (created but never written).
            Err(e) if e.kind() == io::ErrorKind::NotFound && i + 1 == files.len() && i > 0 => {
                continue;
            }
            Err(e) => return Err(format!("Can't read the AOF file {}: {e}", path.display())),
        };
        if bytes.starts_with(b"REDIS") {
            let dbs = rdb::load_with(&bytes, databases, crate::util::now_ms(), limits)
                .map_err(|e| format!("Bad RDB preamble in {}: {e}", path.display()))?;
            apply(Item::Base(dbs))?;
            continue;
        }
        let last = i + 1 == files.len();
        match replay(&bytes, &mut |args| apply(Item::Command(args)))
            .map_err(|(off, e)| format!("{e} in {} at offset {off}", path.display()))?
        {
            Replayed::Complete => {}
            Replayed::Truncated { valid_len } if last && truncated_ok => {
                log::warn!(
                    "!!! Warning: short read while loading the AOF file {}!!! Truncating the AOF at offset {valid_len}",
                    path.display()
                );
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .and_then(|f| f.set_len(valid_len as u64));
                if let Err(e) = f {
                    return Err(format!("Can't truncate {}: {e}", path.display()));
                }
            }
            Replayed::Truncated { valid_len } => {
                return Err(format!(
                    "Unexpected end of file reading the append only file {} at offset {valid_len}{}",
                    path.display(),
                    if last {
                        " (aof-load-truncated is no)"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    Ok(true)
}

/// Executes one replayed command.
type Run<'a> = dyn FnMut(&[&[u8]]) -> Result<(), String> + 'a;
/// A command's arguments and the bytes it took.
type ParsedCommand<'a> = (Vec<&'a [u8]>, usize);

/// Parses RESP commands from `bytes` and runs each. A transaction cut off by the end of the
/// file is not applied (Redis reverts to before its MULTI).
fn replay(bytes: &[u8], run: &mut Run) -> Result<Replayed, (usize, String)> {
    let mut pos = 0;
    let mut multi_start: Option<usize> = None;
    let mut queued: Vec<Vec<Vec<u8>>> = Vec::new();
    while pos < bytes.len() {
        if bytes[pos] == b'#' {
            // An annotation line (aof-timestamp-enabled).
            match bytes[pos..].iter().position(|&c| c == b'\n') {
                Some(n) => {
                    pos += n + 1;
                    continue;
                }
                None => return Ok(Replayed::Truncated { valid_len: pos }),
            }
        }
        let (args, len) = match parse_command(&bytes[pos..]) {
            Ok(Some(x)) => x,
            Ok(None) => {
                return Ok(Replayed::Truncated {
                    valid_len: multi_start.unwrap_or(pos),
                });
            }
            Err(e) => return Err((pos, e)),
        };
        let name = args
            .first()
            .map(|a| a.to_ascii_lowercase())
            .unwrap_or_default();
        match name.as_slice() {
            b"multi" => {
                multi_start = Some(pos);
                queued.clear();
            }
            b"exec" if multi_start.is_some() => {
                for cmd in queued.drain(..) {
                    let refs: Vec<&[u8]> = cmd.iter().map(Vec::as_slice).collect();
                    run(&refs).map_err(|e| (pos, e))?;
                }
                multi_start = None;
            }
            _ if multi_start.is_some() => queued.push(args.iter().map(|a| a.to_vec()).collect()),
            _ => run(&args).map_err(|e| (pos, e))?,
        }
        pos += len;
    }
    if let Some(start) = multi_start {
        return Ok(Replayed::Truncated { valid_len: start });
    }
    Ok(Replayed::Complete)
}

/// One `*N\r\n$len\r\n...` command: Ok(None) if it is incomplete, Err if it is malformed.
fn parse_command(b: &[u8]) -> Result<Option<ParsedCommand<'_>>, String> {
    fn line(b: &[u8], at: usize) -> Option<(&[u8], usize)> {
        let end = b[at..].windows(2).position(|w| w == b"\r\n")?;
        Some((&b[at..at + end], at + end + 2))
    }
    fn number(s: &[u8]) -> Result<usize, String> {
        std::str::from_utf8(s)
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
            .ok_or_else(|| "Bad file format reading the append only file".to_string())
    }
    if b[0] != b'*' {
        return Err("Bad file format reading the append only file".into());
    }
    let Some((n, mut at)) = line(b, 1) else {
        return Ok(None);
    };
    let n = number(n)?;
    if n == 0 {
        return Err("Bad file format reading the append only file".into());
    }
    let mut args = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        if at >= b.len() {
            return Ok(None);
        }
        if b[at] != b'$' {
            return Err("Bad file format reading the append only file".into());
        }
        let Some((len, start)) = line(b, at + 1) else {
            return Ok(None);
        };
        let len = number(len)?;
        if b.len() < start + len + 2 {
            return Ok(None);
        }
        if &b[start + len..start + len + 2] != b"\r\n" {
            return Err("Bad file format reading the append only file".into());
        }
        args.push(&b[start..start + len]);
        at = start + len + 2;
    }
    Ok(Some((args, at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_redis_format() {
        let text = "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n";
        let m = Manifest::parse(text).unwrap();
        assert_eq!(m.base.as_ref().unwrap().name, "appendonly.aof.1.base.rdb");
        assert_eq!(m.incrs.len(), 2);
        assert_eq!(m.to_text(), text);
        assert!(Manifest::parse("file x seq 1\n").is_err());
        assert!(Manifest::parse("file ../x seq 1 type i\n").is_err());
    }

    #[test]
    fn replay_stops_cleanly_at_a_cut_and_reverts_an_open_multi() {
        let mut log = Vec::new();
        encode(&mut log, &[b"SET", b"a", b"1"]);
        let first = log.len();
        encode(&mut log, &[b"MULTI"]);
        encode(&mut log, &[b"SET", b"b", b"2"]);
        let mut seen = Vec::new();
        let mut run = |args: &[&[u8]]| {
            seen.push(args.concat());
            Ok(())
        };
        match replay(&log, &mut run).ok().unwrap() {
            Replayed::Truncated { valid_len } => assert_eq!(valid_len, first),
            Replayed::Complete => panic!("not complete"),
        }
        assert_eq!(seen, vec![b"SETa1".to_vec()]);
        for cut in 1..first {
            let mut n = 0;
            let mut count = |_: &[&[u8]]| {
                n += 1;
                Ok(())
            };
            match replay(&log[..cut], &mut count) {
                Ok(Replayed::Truncated { valid_len: 0 }) => {}
                _ => panic!("cut at {cut}"),
            }
            assert_eq!(n, 0);
        }
        assert!(replay(b"*1\r\n$3\r\nfoo\r\nxx", &mut |_| Ok(())).is_err());
    }
}
