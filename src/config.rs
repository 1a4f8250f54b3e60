//! Configuration: command-line flags and a redis.conf-style file, and the table behind
//! CONFIG GET/SET. Every limit is a directive here, with Redis 7.0's default.

use crate::db::glob;
use crate::proto::inline::split_args;
use crate::proto::num::parse_i64;

/// What a directive's value is and which values it accepts.
#[derive(Clone, Copy)]
enum Kind {
    Int { min: i64, max: i64 },
    Memory { min: i64, max: i64 },
    Bool,
    Enum(&'static [&'static str]),
    Str,
}

struct Directive {
    name: &'static str,
    kind: Kind,
    /// Settable with CONFIG SET (others only at start-up).
    mutable: bool,
}

const LOGLEVELS: &[&str] = &["debug", "verbose", "notice", "warning"];
const FSYNC_POLICIES: &[&str] = &["always", "everysec", "no"];
const PROTECTED_MODES: &[&str] = &["no", "yes", "local"];
/// Directives CONFIG SET refuses unless `enable-protected-configs` allows (Redis's
/// `PROTECTED_CONFIG`): they choose where the server writes files.
const PROTECTED: &[&str] = &["dir", "dbfilename"];

/// When the append-only file is fsynced (`appendfsync`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fsync {
    /// Before the replies of the writes it covers are sent (group commit per loop tick).
    Always,
    /// About once a second, on a worker.
    EverySec,
    /// When the kernel pleases.
    No,
}
const INT_MAX: i64 = i32::MAX as i64;

/// Every directive ferrokv understands, in the order CONFIG GET * lists them.
const DIRECTIVES: &[Directive] = &[
    Directive {
        name: "port",
        kind: Kind::Int { min: 0, max: 65535 },
        mutable: false,
    },
    Directive {
        name: "bind",
        kind: Kind::Str,
        mutable: false,
    },
    Directive {
        name: "maxclients",
        kind: Kind::Int {
            min: 1,
            max: u32::MAX as i64,
        },
        mutable: true,
    },
    Directive {
        name: "databases",
        kind: Kind::Int {
            min: 1,
            max: INT_MAX,
        },
        mutable: false,
    },
    Directive {
        name: "loglevel",
        kind: Kind::Enum(LOGLEVELS),
        mutable: true,
    },
    Directive {
        name: "workers",
        kind: Kind::Int { min: 1, max: 64 },
        mutable: false,
    },
    Directive {
        name: "requirepass",
        kind: Kind::Str,
        mutable: true,
    },
    Directive {
        name: "proto-max-bulk-len",
        kind: Kind::Memory {
            min: 1 << 20,
            max: i64::MAX,
        },
        mutable: true,
    },
    Directive {
        name: "client-query-buffer-limit",
        kind: Kind::Memory {
            min: 1 << 20,
            max: i64::MAX,
        },
        mutable: true,
    },
    Directive {
        name: "client-output-buffer-limit",
        kind: Kind::Str,
        mutable: true,
    },
    Directive {
        name: "hz",
        kind: Kind::Int {
            min: 0,
            max: INT_MAX,
        },
        mutable: true,
    },
    Directive {
        name: "timeout",
        kind: Kind::Int {
            min: 0,
            max: INT_MAX,
        },
        mutable: true,
    },
    Directive {
        name: "hll-sparse-max-bytes",
        kind: Kind::Memory {
            min: 0,
            max: i64::MAX,
        },
        mutable: true,
    },
    Directive {
        name: "slowlog-log-slower-than",
        kind: Kind::Int {
            min: -1,
            max: i64::MAX,
        },
        mutable: true,
    },
    Directive {
        name: "slowlog-max-len",
        kind: Kind::Int {
            min: 0,
            max: i64::MAX,
        },
        mutable: true,
    },
    Directive {
        name: "save",
        kind: Kind::Str,
        mutable: true,
    },
    Directive {
        name: "dir",
        kind: Kind::Str,
        mutable: true,
    },
    Directive {
        name: "enable-protected-configs",
        kind: Kind::Enum(PROTECTED_MODES),
        mutable: false,
    },
    Directive {
        name: "dbfilename",
        kind: Kind::Str,
        mutable: true,
    },
    Directive {
        name: "stop-writes-on-bgsave-error",
        kind: Kind::Bool,
        mutable: true,
    },
    Directive {
        name: "rdbcompression",
        kind: Kind::Bool,
        mutable: true,
    },
    Directive {
        name: "rdbchecksum",
        kind: Kind::Bool,
        mutable: true,
    },
    Directive {
        name: "appendonly",
        kind: Kind::Bool,
        mutable: true,
    },
    Directive {
        name: "appendfilename",
        kind: Kind::Str,
        mutable: false,
    },
    Directive {
        name: "appenddirname",
        kind: Kind::Str,
        mutable: false,
    },
    Directive {
        name: "appendfsync",
        kind: Kind::Enum(FSYNC_POLICIES),
        mutable: true,
    },
    Directive {
        name: "auto-aof-rewrite-percentage",
        kind: Kind::Int {
            min: 0,
            max: INT_MAX,
        },
        mutable: true,
    },
    Directive {
        name: "auto-aof-rewrite-min-size",
        kind: Kind::Memory {
            min: 0,
            max: i64::MAX,
        },
        mutable: true,
    },
    Directive {
        name: "aof-load-truncated",
        kind: Kind::Bool,
        mutable: true,
    },
    // Testing knobs: make a snapshot child or an fsync slow on purpose.
    Directive {
        name: "rdb-key-save-delay",
        kind: Kind::Int {
            min: i32::MIN as i64,
            max: INT_MAX,
        },
        mutable: true,
    },
    Directive {
        name: "aof-fsync-delay-ms",
        kind: Kind::Int {
            min: 0,
            max: INT_MAX,
        },
        mutable: true,
    },
    // Thresholds of Redis's compact encodings; OBJECT ENCODING reports by them.
    Directive {
        name: "list-max-listpack-size",
        kind: Kind::Int {
            min: i32::MIN as i64,
            max: INT_MAX,
        },
        mutable: true,
    },
    Directive {
        name: "list-compress-depth",
        kind: Kind::Int {
            min: 0,
            max: INT_MAX,
        },
        mutable: true,
    },
    Directive {
        name: "hash-max-listpack-entries",
        kind: Kind::Int {
            min: 0,
            max: i64::MAX,
        },
        mutable: true,
    },
    Directive {
        name: "hash-max-listpack-value",
        kind: Kind::Memory {
            min: 0,
            max: i64::MAX,
        },
        mutable: true,
    },
    Directive {
        name: "set-max-intset-entries",
        kind: Kind::Int {
            min: 0,
            max: i64::MAX,
        },
        mutable: true,
    },
    Directive {
        name: "zset-max-listpack-entries",
        kind: Kind::Int {
            min: 0,
            max: i64::MAX,
        },
        mutable: true,
    },
    Directive {
        name: "zset-max-listpack-value",
        kind: Kind::Memory {
            min: 0,
            max: i64::MAX,
        },
        mutable: true,
    },
];

/// Old names Redis still accepts for renamed directives.
const ALIASES: &[(&str, &str)] = &[
    ("list-max-ziplist-size", "list-max-listpack-size"),
    ("hash-max-ziplist-entries", "hash-max-listpack-entries"),
    ("hash-max-ziplist-value", "hash-max-listpack-value"),
    ("zset-max-ziplist-entries", "zset-max-listpack-entries"),
    ("zset-max-ziplist-value", "zset-max-listpack-value"),
];

/// Thresholds of Redis's compact encodings (listpack, intset), with Redis's defaults.
#[derive(Clone, Debug)]
pub struct Encodings {
    pub list_max_listpack_size: i64,
    pub list_compress_depth: i64,
    pub hash_max_listpack_entries: i64,
    pub hash_max_listpack_value: i64,
    pub set_max_intset_entries: i64,
    pub zset_max_listpack_entries: i64,
    pub zset_max_listpack_value: i64,
}

impl Default for Encodings {
    fn default() -> Self {
        Encodings {
            list_max_listpack_size: -2,
            list_compress_depth: 0,
            hash_max_listpack_entries: 512,
            hash_max_listpack_value: 64,
            set_max_intset_entries: 512,
            zset_max_listpack_entries: 128,
            zset_max_listpack_value: 64,
        }
    }
}

/// The server's settings. Fields are typed for the hot path; `get`/`set` give the CONFIG view.
#[derive(Clone, Debug)]
pub struct Config {
    pub port: u16,
    pub bind: Vec<String>,
    pub maxclients: usize,
    pub databases: usize,
    pub loglevel: String,
    pub workers: usize,
    pub requirepass: Option<Vec<u8>>,
    pub proto_max_bulk_len: i64,
    pub client_query_buffer_limit: usize,
    /// Hard and soft limits (bytes) and soft seconds for normal clients; 0 = no limit.
    pub output_limit_normal: (u64, u64, u64),
    pub output_limit_pubsub: (u64, u64, u64),
    pub output_limit_replica: (u64, u64, u64),
    pub hz: u32,
    /// Commands taking at least this many µs go to the slow log (negative: none do).
    pub slowlog_log_slower_than: i64,
    /// Entries the slow log keeps.
    pub slowlog_max_len: usize,
    /// Largest sparse HyperLogLog (bytes) before it turns dense.
    pub hll_sparse_max_bytes: usize,
    pub timeout: u64,
    pub encodings: Encodings,
    pub config_file: Option<String>,
    /// Directory of the RDB and append-only files, absolute.
    pub dir: String,
    pub dbfilename: String,
    /// `save` points: snapshot after `seconds` if at least `changes` writes happened.
    pub save_points: Vec<(u64, u64)>,
    /// A `save` line in a config file replaces the defaults; later lines add to it.
    save_from_file: bool,
    pub stop_writes_on_bgsave_error: bool,
    pub rdbcompression: bool,
    pub rdbchecksum: bool,
    pub appendonly: bool,
    pub appendfilename: String,
    pub appenddirname: String,
    pub appendfsync: Fsync,
    pub auto_aof_rewrite_percentage: i64,
    pub auto_aof_rewrite_min_size: i64,
    pub aof_load_truncated: bool,
    /// `enable-protected-configs`: "no", "yes" or "local" (loopback clients only).
    pub enable_protected_configs: String,
    /// Microseconds a snapshot child waits per key (Redis's testing `rdb-key-save-delay`).
    pub rdb_key_save_delay: i64,
    /// Milliseconds every AOF fsync is made to take longer (a slow disk, for tests).
    pub aof_fsync_delay_ms: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 6379,
            bind: vec!["127.0.0.1".into()],
            maxclients: 10000,
            databases: 16,
            loglevel: "notice".into(),
            workers: 2,
            requirepass: None,
            proto_max_bulk_len: 512 << 20,
            client_query_buffer_limit: 1 << 30,
            output_limit_normal: (0, 0, 0),
            output_limit_pubsub: (32 << 20, 8 << 20, 60),
            output_limit_replica: (256 << 20, 64 << 20, 60),
            hz: 10,
            slowlog_log_slower_than: 10_000,
            slowlog_max_len: 128,
            hll_sparse_max_bytes: 3000,
            timeout: 0,
            encodings: Encodings::default(),
            config_file: None,
            dir: std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|_| ".".into()),
            dbfilename: "dump.rdb".into(),
            save_points: vec![(3600, 1), (300, 100), (60, 10000)],
            save_from_file: false,
            stop_writes_on_bgsave_error: true,
            rdbcompression: true,
            rdbchecksum: true,
            appendonly: false,
            appendfilename: "appendonly.aof".into(),
            appenddirname: "appendonlydir".into(),
            appendfsync: Fsync::EverySec,
            auto_aof_rewrite_percentage: 100,
            auto_aof_rewrite_min_size: 64 << 20,
            aof_load_truncated: true,
            enable_protected_configs: "no".into(),
            rdb_key_save_delay: 0,
            aof_fsync_delay_ms: 0,
        }
    }
}

/// Redis's `memtoull`: a number with an optional unit (k=1000, kb=1024, m, mb, g, gb).
pub fn parse_memory(s: &str) -> Option<i64> {
    let lower = s.to_ascii_lowercase();
    let digits_end = lower
        .find(|c: char| !(c.is_ascii_digit() || c == '-'))
        .unwrap_or(lower.len());
    let (num, unit) = lower.split_at(digits_end);
    let mul: i64 = match unit {
        "" | "b" => 1,
        "k" => 1000,
        "kb" => 1024,
        "m" => 1000 * 1000,
        "mb" => 1024 * 1024,
        "g" => 1000 * 1000 * 1000,
        "gb" => 1024 * 1024 * 1024,
        _ => return None,
    };
    let n = parse_i64(num.as_bytes())?;
    if n < 0 {
        return None;
    }
    n.checked_mul(mul)
}

/// Quotes a value for a config file line when it is empty or has spaces or quotes.
fn quote(v: &str) -> String {
    if v.is_empty() || v.contains([' ', '"', '\'', '\\']) {
        format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        v.to_string()
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

impl Config {
    /// True if a CONFIG GET argument is a glob; otherwise Redis looks it up as a plain name.
    pub fn is_pattern(arg: &[u8]) -> bool {
        arg.iter().any(|c| matches!(c, b'[' | b'*' | b'?'))
    }

    /// Names of the directives matching a CONFIG GET argument: a case-insensitive glob, or a
    /// case-insensitive exact name when it has no glob characters (so `\` is not an escape).
    pub fn matching(pattern: &[u8]) -> impl Iterator<Item = &'static str> + '_ {
        let exact = !Self::is_pattern(pattern);
        DIRECTIVES.iter().map(|d| d.name).filter(move |n| {
            if exact {
                n.as_bytes().eq_ignore_ascii_case(pattern)
            } else {
                glob::matches(pattern, n.as_bytes(), true)
            }
        })
    }

    /// The directive's value as CONFIG GET shows it.
    pub fn get(&self, name: &str) -> Option<String> {
        let fmt_limit = |(h, s, secs): (u64, u64, u64)| format!("{h} {s} {secs}");
        Some(match name {
            "port" => self.port.to_string(),
            "bind" => self.bind.join(" "),
            "maxclients" => self.maxclients.to_string(),
            "databases" => self.databases.to_string(),
            "loglevel" => self.loglevel.clone(),
            "workers" => self.workers.to_string(),
            "requirepass" => self
                .requirepass
                .as_ref()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .unwrap_or_default(),
            "proto-max-bulk-len" => self.proto_max_bulk_len.to_string(),
            "client-query-buffer-limit" => self.client_query_buffer_limit.to_string(),
            "client-output-buffer-limit" => format!(
                "normal {} slave {} pubsub {}",
                fmt_limit(self.output_limit_normal),
                fmt_limit(self.output_limit_replica),
                fmt_limit(self.output_limit_pubsub)
            ),
            "hz" => self.hz.to_string(),
            "timeout" => self.timeout.to_string(),
            "slowlog-log-slower-than" => self.slowlog_log_slower_than.to_string(),
            "slowlog-max-len" => self.slowlog_max_len.to_string(),
            "hll-sparse-max-bytes" => self.hll_sparse_max_bytes.to_string(),
            "save" => self
                .save_points
                .iter()
                .map(|(secs, changes)| format!("{secs} {changes}"))
                .collect::<Vec<_>>()
                .join(" "),
            "dir" => self.dir.clone(),
            "dbfilename" => self.dbfilename.clone(),
            "stop-writes-on-bgsave-error" => yes_no(self.stop_writes_on_bgsave_error),
            "rdbcompression" => yes_no(self.rdbcompression),
            "rdbchecksum" => yes_no(self.rdbchecksum),
            "appendonly" => yes_no(self.appendonly),
            "appendfilename" => self.appendfilename.clone(),
            "appenddirname" => self.appenddirname.clone(),
            "appendfsync" => match self.appendfsync {
                Fsync::Always => "always",
                Fsync::EverySec => "everysec",
                Fsync::No => "no",
            }
            .into(),
            "auto-aof-rewrite-percentage" => self.auto_aof_rewrite_percentage.to_string(),
            "auto-aof-rewrite-min-size" => self.auto_aof_rewrite_min_size.to_string(),
            "aof-load-truncated" => yes_no(self.aof_load_truncated),
            "enable-protected-configs" => self.enable_protected_configs.clone(),
            "rdb-key-save-delay" => self.rdb_key_save_delay.to_string(),
            "aof-fsync-delay-ms" => self.aof_fsync_delay_ms.to_string(),
            "list-max-listpack-size" => self.encodings.list_max_listpack_size.to_string(),
            "list-compress-depth" => self.encodings.list_compress_depth.to_string(),
            "hash-max-listpack-entries" => self.encodings.hash_max_listpack_entries.to_string(),
            "hash-max-listpack-value" => self.encodings.hash_max_listpack_value.to_string(),
            "set-max-intset-entries" => self.encodings.set_max_intset_entries.to_string(),
            "zset-max-listpack-entries" => self.encodings.zset_max_listpack_entries.to_string(),
            "zset-max-listpack-value" => self.encodings.zset_max_listpack_value.to_string(),
            _ => return None,
        })
    }

    fn directive(name: &str) -> Option<&'static Directive> {
        let name = ALIASES
            .iter()
            .find(|(old, _)| old.eq_ignore_ascii_case(name))
            .map_or(name, |(_, new)| new);
        DIRECTIVES
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// The canonical name of a directive or alias (CONFIG GET of an exact name).
    pub fn canonical(name: &[u8]) -> Option<&'static str> {
        Self::directive(std::str::from_utf8(name).ok()?).map(|d| d.name)
    }

    /// Sets a directive from its text form; the error is Redis's wording after "... - ".
    /// `startup` allows immutable directives (config file and command line).
    pub fn set(&mut self, name: &str, value: &str, startup: bool) -> Result<(), String> {
        let d = Self::directive(name)
            .ok_or_else(|| "Bad directive or wrong number of arguments".to_string())?;
        if !d.mutable && !startup {
            return Err("can't set immutable config".into());
        }
        let int = |min: i64, max: i64, memory: bool| -> Result<i64, String> {
            let n = if memory {
                parse_memory(value)
            } else {
                parse_i64(value.as_bytes())
            };
            let n = n.ok_or_else(|| {
                if memory {
                    "argument must be a memory value"
                } else {
                    "argument couldn't be parsed into an integer"
                }
                .to_string()
            })?;
            if n < min || n > max {
                return Err(format!(
                    "argument must be between {min} and {max} inclusive"
                ));
            }
            Ok(n)
        };
        match d.kind {
            Kind::Int { min, max } => {
                let n = int(min, max, false)?;
                match d.name {
                    "port" => self.port = n as u16,
                    "maxclients" => self.maxclients = n as usize,
                    "databases" => self.databases = n as usize,
                    "workers" => self.workers = n as usize,
                    "hz" => self.hz = n.clamp(1, 500) as u32,
                    "timeout" => self.timeout = n as u64,
                    "slowlog-log-slower-than" => self.slowlog_log_slower_than = n,
                    "slowlog-max-len" => self.slowlog_max_len = n as usize,
                    "auto-aof-rewrite-percentage" => self.auto_aof_rewrite_percentage = n,
                    "rdb-key-save-delay" => self.rdb_key_save_delay = n,
                    "aof-fsync-delay-ms" => self.aof_fsync_delay_ms = n,
                    "list-max-listpack-size" => self.encodings.list_max_listpack_size = n,
                    "list-compress-depth" => self.encodings.list_compress_depth = n,
                    "hash-max-listpack-entries" => self.encodings.hash_max_listpack_entries = n,
                    "set-max-intset-entries" => self.encodings.set_max_intset_entries = n,
                    "zset-max-listpack-entries" => self.encodings.zset_max_listpack_entries = n,
                    _ => unreachable!("every Int directive is handled"),
                }
            }
            Kind::Memory { min, max } => {
                let n = int(min, max, true)?;
                match d.name {
                    "proto-max-bulk-len" => self.proto_max_bulk_len = n,
                    "client-query-buffer-limit" => self.client_query_buffer_limit = n as usize,
                    "hash-max-listpack-value" => self.encodings.hash_max_listpack_value = n,
                    "zset-max-listpack-value" => self.encodings.zset_max_listpack_value = n,
                    "auto-aof-rewrite-min-size" => self.auto_aof_rewrite_min_size = n,
                    "hll-sparse-max-bytes" => self.hll_sparse_max_bytes = n as usize,
                    _ => unreachable!("every Memory directive is handled"),
                }
            }
            Kind::Bool => {
                let b = parse_bool(value).ok_or("argument must be 'yes' or 'no'")?;
                match d.name {
                    "appendonly" => self.appendonly = b,
                    "stop-writes-on-bgsave-error" => self.stop_writes_on_bgsave_error = b,
                    "rdbcompression" => self.rdbcompression = b,
                    "rdbchecksum" => self.rdbchecksum = b,
                    "aof-load-truncated" => self.aof_load_truncated = b,
                    _ => unreachable!("every Bool directive is handled"),
                }
            }
            Kind::Enum(options) => {
                let v = value.to_ascii_lowercase();
                if !options.contains(&v.as_str()) {
                    return Err(format!(
                        "argument(s) must be one of the following: {}",
                        options.join(", ")
                    ));
                }
                match d.name {
                    "loglevel" => self.loglevel = v,
                    "enable-protected-configs" => self.enable_protected_configs = v,
                    "appendfsync" => {
                        self.appendfsync = match v.as_str() {
                            "always" => Fsync::Always,
                            "everysec" => Fsync::EverySec,
                            _ => Fsync::No,
                        }
                    }
                    _ => unreachable!("every Enum directive is handled"),
                }
            }
            Kind::Str => match d.name {
                "bind" => self.bind = value.split_whitespace().map(String::from).collect(),
                "requirepass" => {
                    self.requirepass = (!value.is_empty()).then(|| value.as_bytes().to_vec());
                }
                "save" => self.set_save(value, startup)?,
                "dir" => self.set_dir(value)?,
                "dbfilename" | "appendfilename" | "appenddirname" => {
                    if value.contains('/') {
                        return Err(format!("{} can't be a path, just a filename", d.name));
                    }
                    if value.is_empty() {
                        return Err(format!("{} can't be empty", d.name));
                    }
                    match d.name {
                        "dbfilename" => self.dbfilename = value.into(),
                        "appendfilename" => self.appendfilename = value.into(),
                        _ => self.appenddirname = value.into(),
                    }
                }
                "client-output-buffer-limit" => self.set_output_limits(value)?,
                _ => unreachable!("every Str directive is handled"),
            },
        }
        Ok(())
    }

    /// `seconds changes [seconds changes ...]`, or "" for none (Redis's `setConfigSaveOption`).
    /// At start-up the first `save` line replaces the defaults and later ones add to it; CONFIG
    /// SET replaces the whole list.
    fn set_save(&mut self, value: &str, startup: bool) -> Result<(), String> {
        let words: Vec<&str> = value.split_whitespace().collect();
        if !words.len().is_multiple_of(2) {
            return Err("Invalid save parameters".into());
        }
        let mut points = Vec::new();
        for pair in words.chunks(2) {
            let secs = parse_i64(pair[0].as_bytes()).filter(|&s| s >= 1);
            let changes = parse_i64(pair[1].as_bytes()).filter(|&c| c >= 0);
            let (Some(secs), Some(changes)) = (secs, changes) else {
                return Err("Invalid save parameters".into());
            };
            points.push((secs as u64, changes as u64));
        }
        if !startup || !self.save_from_file || words.is_empty() {
            self.save_points.clear();
        }
        self.save_from_file = startup;
        self.save_points.extend(points);
        Ok(())
    }

    /// Redis changes its working directory; ferrokv keeps the absolute path instead.
    fn set_dir(&mut self, value: &str) -> Result<(), String> {
        let path = std::path::Path::new(&self.dir).join(value);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err("Not a directory".into()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err("No such file or directory".into());
            }
            Err(e) => return Err(e.to_string()),
        }
        let path = path.canonicalize().map_err(|e| e.to_string())?;
        self.dir = path.display().to_string();
        Ok(())
    }

    /// Whether CONFIG SET may change `name` for a client (`local`: on a loopback address).
    pub fn may_set(&self, name: &str, client_is_local: bool) -> bool {
        let protected = Self::canonical(name.as_bytes()).is_some_and(|n| PROTECTED.contains(&n));
        !protected
            || self.enable_protected_configs == "yes"
            || (self.enable_protected_configs == "local" && client_is_local)
    }

    /// The RDB file's path.
    pub fn rdb_path(&self) -> std::path::PathBuf {
        std::path::Path::new(&self.dir).join(&self.dbfilename)
    }

    /// `class hard soft seconds [class hard soft seconds ...]`.
    fn set_output_limits(&mut self, value: &str) -> Result<(), String> {
        let words: Vec<&str> = value.split_whitespace().collect();
        if words.is_empty() || !words.len().is_multiple_of(4) {
            return Err("Wrong number of arguments in buffer limit configuration.".into());
        }
        let mut next = self.clone();
        for w in words.chunks(4) {
            let hard = parse_memory(w[1]);
            let soft = parse_memory(w[2]);
            let secs = parse_i64(w[3].as_bytes()).filter(|&s| s >= 0);
            let (Some(h), Some(s), Some(secs)) = (hard, soft, secs) else {
                return Err(
                    "Error in hard, soft or soft_seconds setting in buffer limit configuration."
                        .into(),
                );
            };
            let limit = (h as u64, s as u64, secs as u64);
            match w[0].to_ascii_lowercase().as_str() {
                "normal" => next.output_limit_normal = limit,
                "slave" | "replica" => next.output_limit_replica = limit,
                "pubsub" => next.output_limit_pubsub = limit,
                _ => {
                    return Err(
                        "Invalid client class specified in buffer limit configuration.".into(),
                    );
                }
            }
        }
        *self = next;
        Ok(())
    }

    /// The file text CONFIG REWRITE writes: `old` with known directives updated.
    pub fn rewritten(&self, old: &str) -> String {
        let defaults = Config::default();
        let mut out = String::new();
        let mut seen: Vec<&'static str> = Vec::new();
        for line in old.lines() {
            let name = line.split_whitespace().next().unwrap_or("");
            match DIRECTIVES
                .iter()
                .find(|d| !line.trim_start().starts_with('#') && d.name.eq_ignore_ascii_case(name))
            {
                Some(d) if !seen.contains(&d.name) => {
                    seen.push(d.name);
                    out.push_str(&format!(
                        "{} {}\n",
                        d.name,
                        quote(&self.get(d.name).unwrap_or_default())
                    ));
                }
                Some(_) => {}
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        let mut header = false;
        for d in DIRECTIVES.iter().filter(|d| !seen.contains(&d.name)) {
            let value = self.get(d.name).unwrap_or_default();
            if value != defaults.get(d.name).unwrap_or_default() {
                if !header {
                    out.push_str("# Generated by CONFIG REWRITE\n");
                    header = true;
                }
                out.push_str(&format!("{} {}\n", d.name, quote(&value)));
            }
        }
        out
    }

    /// CONFIG REWRITE: replace `path` atomically with `rewritten`.
    pub fn rewrite_file(&self, path: &str) -> std::io::Result<()> {
        let old = std::fs::read_to_string(path).unwrap_or_default();
        let tmp = format!("{path}.tmp-{}", std::process::id());
        std::fs::write(&tmp, self.rewritten(&old))?;
        std::fs::rename(&tmp, path)
    }

    /// Reads `ferrokv [config-file] [--directive value ...]`, as redis-server does.
    pub fn from_args(args: &[String]) -> Result<Config, String> {
        let mut cfg = Config::default();
        let mut rest = args;
        if let Some(first) = rest.first()
            && !first.starts_with("--")
        {
            let text = std::fs::read_to_string(first)
                .map_err(|e| format!("Can't open config file '{first}': {e}"))?;
            cfg.apply_text(&text, Some(first))?;
            cfg.config_file = Some(first.clone());
            rest = &rest[1..];
        }
        // Each `--name` starts a line of the same form as the file's: `name arg arg`.
        let mut lines: Vec<Vec<String>> = Vec::new();
        for a in rest {
            if let Some(name) = a.strip_prefix("--") {
                lines.push(vec![name.to_string()]);
            } else if let Some(line) = lines.last_mut() {
                line.push(a.clone());
            } else {
                return Err(format!("Invalid argument '{a}'"));
            }
        }
        for line in lines {
            let name = &line[0];
            let value = line[1..].join(" ");
            if line.len() < 2 && name != "save" {
                return Err(format!("directive '{name}' needs a value"));
            }
            cfg.set(name, &value, true)
                .map_err(|e| format!("--{name} {value}: {e}"))?;
        }
        Ok(cfg)
    }

    /// Applies a config file's text; errors name the file, the line and the directive.
    pub fn apply_text(&mut self, text: &str, file: Option<&str>) -> Result<(), String> {
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let where_ = format!(
                "{}line {}",
                file.map(|f| format!("{f}, ")).unwrap_or_default(),
                i + 1
            );
            let words = split_args(trimmed.as_bytes())
                .ok_or_else(|| format!("{where_}: unbalanced quotes"))?;
            let words: Vec<String> = words
                .iter()
                .map(|w| String::from_utf8_lossy(w).into_owned())
                .collect();
            let Some((name, values)) = words.split_first() else {
                continue;
            };
            if values.is_empty() && name != "save" {
                return Err(format!(
                    "{where_}: >>> '{trimmed}': wrong number of arguments"
                ));
            }
            self.set(name, &values.join(" "), true)
                .map_err(|e| format!("{where_}: >>> '{trimmed}': {e}"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn defaults_are_redis_defaults() {
        let c = Config::default();
        assert_eq!(c.get("maxclients").unwrap(), "10000");
        assert_eq!(c.get("proto-max-bulk-len").unwrap(), "536870912");
        assert_eq!(c.get("client-query-buffer-limit").unwrap(), "1073741824");
        assert_eq!(
            c.get("client-output-buffer-limit").unwrap(),
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"
        );
    }

    #[test]
    fn command_line_flags() {
        let c = Config::from_args(&args("--port 7000 --maxclients 5 --proto-max-bulk-len 2mb"))
            .unwrap();
        assert_eq!(
            (c.port, c.maxclients, c.proto_max_bulk_len),
            (7000, 5, 2 << 20)
        );
        assert!(
            Config::from_args(&args("--bogus 1"))
                .unwrap_err()
                .contains("bogus")
        );
        assert!(
            Config::from_args(&args("--port x"))
                .unwrap_err()
                .contains("integer")
        );
        assert!(Config::from_args(&args("--port 70000")).is_err());
    }

    #[test]
    fn config_file_errors_name_the_line() {
        let mut c = Config::default();
        c.apply_text("# comment\nport 7001\n\nmaxclients 12\n", None)
            .unwrap();
        assert_eq!((c.port, c.maxclients), (7001, 12));
        let err = c
            .apply_text("port 1\nnope 3\n", Some("x.conf"))
            .unwrap_err();
        assert!(
            err.contains("x.conf, line 2") && err.contains("nope"),
            "{err}"
        );
    }

    #[test]
    fn rewrite_keeps_comments_and_updates_values() {
        let mut c = Config::default();
        c.set("maxclients", "7", false).unwrap();
        c.set("timeout", "30", false).unwrap();
        let text = c.rewritten("# mine\nmaxclients 5\nport 6379\n");
        assert_eq!(
            text,
            "# mine\nmaxclients 7\nport 6379\n# Generated by CONFIG REWRITE\ntimeout 30\n"
        );
        let mut back = Config::default();
        back.apply_text(&c.rewritten(""), None).unwrap();
        assert_eq!((back.maxclients, back.timeout), (7, 30));
    }

    #[test]
    fn runtime_set_rules() {
        let mut c = Config::default();
        assert_eq!(
            c.set("port", "1", false).unwrap_err(),
            "can't set immutable config"
        );
        assert_eq!(
            c.set("maxclients", "abc", false).unwrap_err(),
            "argument couldn't be parsed into an integer"
        );
        c.set("client-output-buffer-limit", "normal 1mb 2mb 3", false)
            .unwrap();
        assert_eq!(c.output_limit_normal, (1 << 20, 2 << 20, 3));
        assert_eq!(
            Config::matching(b"max*").collect::<Vec<_>>(),
            vec!["maxclients"]
        );
    }
}
