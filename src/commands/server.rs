//! Server commands: INFO, TIME, SHUTDOWN. (COMMAND is in `command.rs`.)

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::proto::errors;
use crate::state::Shutdown;
use std::fmt::Write;

/// Kept here for callers of its old path; COMMAND GETKEYS lives in `command.rs` now.
pub use super::command::key_positions;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "info",
        arity: -1,
        flags: LOADING | STALE,
        keys: (0, 0, 0),
        group: "server",
        syntax: "INFO [section [section ...]]",
        handler: info,
    },
    Command {
        name: "time",
        arity: 1,
        flags: LOADING | STALE | FAST,
        keys: (0, 0, 0),
        group: "server",
        syntax: "TIME",
        handler: time,
    },
    Command {
        name: "shutdown",
        arity: -1,
        flags: ADMIN | NOSCRIPT | LOADING | STALE | NO_MULTI,
        keys: (0, 0, 0),
        group: "server",
        syntax: "SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]",
        handler: shutdown,
    },
    Command {
        name: "memory",
        arity: -2,
        flags: READONLY,
        keys: (0, 0, 0),
        group: "server",
        syntax: "MEMORY USAGE key [SAMPLES count]",
        handler: memory,
    },
];

fn time(ctx: &mut Ctx, _args: &Args) {
    let us = crate::util::now_us();
    ctx.out.array(2);
    ctx.out
        .bulk(itoa::Buffer::new().format(us / 1_000_000).as_bytes());
    ctx.out
        .bulk(itoa::Buffer::new().format(us % 1_000_000).as_bytes());
}

/// Flags are parsed first, as Redis does, so an illegal combination is a syntax error whatever
/// else is wrong. Shutdown is immediate here, so ABORT never finds one in progress.
fn shutdown(ctx: &mut Ctx, args: &Args) {
    let (mut save, mut nosave, mut abort, mut other) = (false, false, false, false);
    let mut force = false;
    for i in 1..args.len() {
        if args.is(i, "save") {
            save = true;
        } else if args.is(i, "nosave") {
            nosave = true;
        } else if args.is(i, "abort") {
            abort = true;
        } else if args.is(i, "now") || args.is(i, "force") {
            force |= args.is(i, "force");
            other = true;
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
    }
    if (abort && (save || nosave || other)) || (save && nosave) {
        return ctx.out.error(errors::SYNTAX);
    }
    if abort {
        return ctx.out.error("ERR No shutdown in progress.");
    }
    if crate::persist::aof::writing_initial(ctx.st) {
        if !force {
            log::warn!("Writing initial AOF, can't exit.");
            return ctx.out.error("ERR Errors trying to SHUTDOWN. Check logs.");
        }
        log::warn!("Writing initial AOF. Exit anyway.");
    }
    if (save || !ctx.st.config.save_points.is_empty()) && !nosave {
        log::info!("Saving the final RDB snapshot before exiting.");
        if let Err(e) = crate::persist::snapshot::save_now(ctx.st) {
            log::warn!("Error trying to save the DB, can't exit: {e}");
            if !force {
                return ctx.out.error("ERR Errors trying to SHUTDOWN. Check logs.");
            }
        }
    }
    // No reply: like Redis, the connection simply closes as the server exits.
    ctx.st.shutdown = Some(Shutdown::Command);
}

/// INFO's sections in Redis's order.
const SECTIONS: &[&str] = &[
    "server",
    "clients",
    "memory",
    "persistence",
    "stats",
    "replication",
    "cpu",
    "commandstats",
    "modules",
    "errorstats",
    "cluster",
    "keyspace",
];
/// What INFO and INFO default show; `all` and `everything` show every section.
const DEFAULT_SECTIONS: &[&str] = &[
    "server",
    "clients",
    "memory",
    "persistence",
    "stats",
    "replication",
    "cpu",
    "modules",
    "errorstats",
    "cluster",
    "keyspace",
];

fn info(ctx: &mut Ctx, args: &Args) {
    let mut wanted: Vec<String> = Vec::new();
    if args.len() == 1 {
        wanted = DEFAULT_SECTIONS.iter().map(|s| s.to_string()).collect();
    }
    for a in args.iter().skip(1) {
        let a = String::from_utf8_lossy(a).to_ascii_lowercase();
        match a.as_str() {
            "default" => wanted.extend(DEFAULT_SECTIONS.iter().map(|s| s.to_string())),
            "all" | "everything" => wanted.extend(SECTIONS.iter().map(|s| s.to_string())),
            _ => wanted.push(a),
        }
    }
    let mut text = String::new();
    for section in SECTIONS.iter().filter(|s| wanted.iter().any(|w| w == *s)) {
        if !text.is_empty() {
            text.push_str("\r\n");
        }
        write_section(ctx, section, &mut text);
    }
    ctx.out.verbatim(text.as_bytes());
}

fn human(bytes: usize) -> String {
    let b = bytes as f64;
    if b < 1024.0 {
        format!("{bytes}B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.2}K", b / 1024.0)
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.2}M", b / 1024.0 / 1024.0)
    } else {
        format!("{:.2}G", b / 1024.0 / 1024.0 / 1024.0)
    }
}

fn write_section(ctx: &mut Ctx, section: &str, t: &mut String) {
    let st = &*ctx.st;
    let now = st.now_ms;
    // Each line ends in CRLF, as Redis's INFO does.
    macro_rules! line {
        ($($arg:tt)*) => {{ let _ = write!(t, $($arg)*); t.push_str("\r\n"); }};
    }
    match section {
        "server" => {
            line!("# Server");
            line!("redis_version:{}", crate::REDIS_VERSION);
            line!("ferrokv_version:{}", env!("CARGO_PKG_VERSION"));
            line!("redis_git_sha1:00000000");
            line!("redis_git_dirty:0");
            line!("redis_mode:standalone");
            line!("os:{} {}", std::env::consts::OS, std::env::consts::ARCH);
            line!("arch_bits:64");
            line!("multiplexing_api:epoll");
            line!("process_id:{}", std::process::id());
            line!("run_id:{}", st.run_id);
            line!("tcp_port:{}", st.tcp_port);
            line!("server_time_usec:{}", crate::util::now_us());
            line!("uptime_in_seconds:{}", (now - st.start_ms) / 1000);
            line!("uptime_in_days:{}", (now - st.start_ms) / 86_400_000);
            line!("hz:{}", st.config.hz);
            line!("configured_hz:{}", st.config.hz);
            line!(
                "executable:{}",
                std::env::current_exe()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            );
            line!(
                "config_file:{}",
                st.config.config_file.clone().unwrap_or_default()
            );
            line!("io_threads_active:0");
        }
        "clients" => {
            line!("# Clients");
            line!("connected_clients:{}", ctx.conns.len());
            line!("cluster_connections:0");
            line!("maxclients:{}", st.config.maxclients);
            line!("client_recent_max_input_buffer:0");
            line!("client_recent_max_output_buffer:0");
            line!(
                "blocked_clients:{}",
                st.blocking.blocked_clients() + st.paused.len()
            );
            line!("tracking_clients:0");
            line!("clients_in_timeout_table:0");
        }
        "memory" => {
            let used = crate::alloc::used();
            let rss = crate::alloc::rss();
            line!("# Memory");
            line!("used_memory:{used}");
            line!("used_memory_human:{}", human(used));
            line!("used_memory_rss:{rss}");
            line!("used_memory_rss_human:{}", human(rss));
            line!("used_memory_peak:{}", crate::alloc::peak().max(used));
            line!(
                "used_memory_peak_human:{}",
                human(crate::alloc::peak().max(used))
            );
            line!("maxmemory:0");
            line!("maxmemory_human:0B");
            line!("maxmemory_policy:noeviction");
            line!(
                "mem_fragmentation_ratio:{:.2}",
                if used > 0 {
                    rss as f64 / used as f64
                } else {
                    0.0
                }
            );
            line!("mem_allocator:libc");
            line!("lazyfree_pending_objects:{}", st.workers.pending());
            line!("ferrokv_worker_threads:{}", st.workers.len());
            line!("ferrokv_worker_jobs_pending:{}", st.workers.pending());
            line!("ferrokv_worker_jobs_completed:{}", st.workers.completed);
            line!("ferrokv_worker_jobs_failed:{}", st.workers.failed);
        }
        "persistence" => {
            use crate::persist::snapshot::ChildKind;
            let snap = &st.snapshots;
            let child = snap.child.as_ref();
            let running = |kind: ChildKind| child.filter(|c| c.kind == kind);
            let since = |c: &crate::persist::snapshot::Child| (now - c.started_ms) / 1000;
            line!("# Persistence");
            line!("loading:0");
            line!("async_loading:0");
            line!("current_cow_peak:0");
            line!("current_cow_size:0");
            line!("current_cow_size_age:0");
            line!("current_fork_perc:0.00");
            line!("current_save_keys_processed:0");
            line!("current_save_keys_total:0");
            line!("rdb_changes_since_last_save:{}", st.changes_since_save());
            line!(
                "rdb_bgsave_in_progress:{}",
                running(ChildKind::Rdb).is_some() as u8
            );
            line!("rdb_last_save_time:{}", snap.lastsave);
            line!(
                "rdb_last_bgsave_status:{}",
                if snap.last_bgsave_ok { "ok" } else { "err" }
            );
            line!("rdb_last_bgsave_time_sec:{}", snap.last_bgsave_secs);
            line!(
                "rdb_current_bgsave_time_sec:{}",
                running(ChildKind::Rdb).map_or(-1, since)
            );
            line!("rdb_saves:{}", snap.saves);
            line!("rdb_last_cow_size:0");
            line!("rdb_last_load_keys_expired:{}", snap.loaded_expired);
            line!("rdb_last_load_keys_loaded:{}", snap.loaded_keys);
            line!("aof_enabled:{}", st.config.appendonly as u8);
            line!(
                "aof_rewrite_in_progress:{}",
                running(ChildKind::AofRewrite).is_some() as u8
            );
            let aof = st.aof.as_ref();
            line!(
                "aof_rewrite_scheduled:{}",
                aof.is_some_and(|a| a.rewrite_scheduled) as u8
            );
            line!(
                "aof_last_rewrite_time_sec:{}",
                aof.map_or(-1, |a| a.last_rewrite_secs)
            );
            line!(
                "aof_current_rewrite_time_sec:{}",
                running(ChildKind::AofRewrite).map_or(-1, since)
            );
            line!(
                "aof_last_bgrewrite_status:{}",
                if aof.is_none_or(|a| a.last_rewrite_ok) {
                    "ok"
                } else {
                    "err"
                }
            );
            line!("aof_rewrites:{}", aof.map_or(0, |a| a.rewrites));
            line!("aof_rewrites_consecutive_failures:0");
            line!(
                "aof_last_write_status:{}",
                if aof.is_some_and(|a| a.error.is_some()) {
                    "err"
                } else {
                    "ok"
                }
            );
            line!("aof_last_cow_size:0");
            line!("module_fork_in_progress:0");
            line!("module_fork_last_cow_size:0");
            if let Some(a) = aof {
                line!("aof_current_size:{}", a.current_size);
                line!("aof_base_size:{}", a.base_size);
                line!("aof_pending_rewrite:{}", a.rewrite_scheduled as u8);
                line!("aof_buffer_length:{}", a.buf.len());
                line!("aof_pending_bio_fsync:{}", a.fsync_in_flight as u8);
                line!("aof_delayed_fsync:0");
            }
        }
        "stats" => {
            let s = &st.stats;
            line!("# Stats");
            line!("total_connections_received:{}", s.connections_received);
            line!("total_commands_processed:{}", s.commands_processed);
            line!("instantaneous_ops_per_sec:{}", st.ops_per_sec);
            line!("total_net_input_bytes:{}", s.net_input_bytes);
            line!("total_net_output_bytes:{}", s.net_output_bytes);
            line!("rejected_connections:{}", s.rejected_connections);
            line!("expired_keys:{}", s.expired_keys);
            line!("evicted_keys:0");
            line!("keyspace_hits:{}", s.keyspace_hits);
            line!("keyspace_misses:{}", s.keyspace_misses);
            let (channels, patterns, shard) = st.pubsub.sizes();
            line!("pubsub_channels:{channels}");
            line!("pubsub_patterns:{patterns}");
            line!("pubsubshard_channels:{shard}");
            line!("lazyfree_pending_objects:{}", st.workers.pending());
            line!("lazyfreed_objects:{}", s.lazyfreed_objects);
            line!("total_error_replies:{}", s.total_error_replies);
            line!(
                "latest_fork_usec:{}",
                crate::persist::snapshot::LATEST_FORK_USEC
                    .load(std::sync::atomic::Ordering::Relaxed)
            );
        }
        "replication" => {
            line!("# Replication");
            line!("role:master");
            line!("connected_slaves:0");
            line!("master_repl_offset:0");
        }
        "cpu" => {
            let (user, sys) = crate::alloc::cpu_seconds();
            line!("# CPU");
            line!("used_cpu_sys:{sys:.6}");
            line!("used_cpu_user:{user:.6}");
            line!("used_cpu_sys_children:0.000000");
            line!("used_cpu_user_children:0.000000");
        }
        "commandstats" => {
            line!("# Commandstats");
            for (c, s) in super::table().zip(st.cmd_stats.iter()) {
                if s.calls + s.failed + s.rejected > 0 {
                    let usec = crate::util::ticks_to_us(s.ticks);
                    let per_call = if s.calls == 0 {
                        0.0
                    } else {
                        usec as f64 / s.calls as f64
                    };
                    line!(
                        "cmdstat_{}:calls={},usec={},usec_per_call={per_call:.2},rejected_calls={},failed_calls={}",
                        c.name,
                        s.calls,
                        usec,
                        s.rejected,
                        s.failed
                    );
                }
            }
        }
        // No modules; the section is there because clients expect it (Redis's `module_list`).
        "modules" => line!("# Modules"),
        "errorstats" => {
            line!("# Errorstats");
            for (code, n) in &st.stats.error_codes {
                line!("errorstat_{code}:count={n}");
            }
        }
        // Clients read cluster_enabled to choose between cluster and standalone mode.
        "cluster" => {
            line!("# Cluster");
            line!("cluster_enabled:0");
        }
        "keyspace" => {
            line!("# Keyspace");
            for (i, db) in st.dbs.iter().enumerate() {
                if !db.is_empty() {
                    line!(
                        "db{i}:keys={},expires={},avg_ttl={}",
                        db.len(),
                        db.expires_len(),
                        db.avg_ttl
                    );
                }
            }
        }
        _ => {}
    }
}

/// Bytes a value takes, estimated as Redis's MEMORY USAGE does: per-element overheads plus the
/// average size of up to `samples` elements (0 = all) times the element count.
fn value_usage(v: &crate::db::Value, samples: usize) -> usize {
    use crate::db::Value;
    use crate::db::types::{Hash, Set};
    fn sampled(len: usize, it: impl Iterator<Item = usize>, samples: usize, per: usize) -> usize {
        let take = if samples == 0 { len } else { samples.min(len) };
        let sum: usize = it.take(take).sum();
        let avg = sum.checked_div(take).unwrap_or(0);
        (avg + per) * len
    }
    match v {
        Value::Str(s) if s.spilled() => s.len() + 24,
        Value::Str(_) => 24,
        Value::List(l) => 48 + l.allocated(),
        Value::Hash(Hash::Listpack(p)) => 16 + p.allocation_size(),
        Value::Set(Set::Intset(i)) => 16 + i.allocation_size(),
        Value::Hash(h) => {
            64 + sampled(
                h.len(),
                h.iter().map(|(f, v)| f.len() + v.len()),
                samples,
                72,
            )
        }
        Value::Set(s) => 64 + sampled(s.len(), s.iter().map(|m| m.len()), samples, 48),
        Value::ZSet(z) if z.is_compact() => 16 + z.allocation_size(),
        Value::ZSet(z) => {
            let members = z.iter_unordered().map(|(m, _)| m.len());
            64 + sampled(z.len(), members, samples, 64)
        }
    }
}

/// The subcommands MEMORY serves (COMMAND reports only these).
pub const MEMORY_SUBCOMMANDS: (&str, &[&str]) = ("memory", &["usage"]);

/// MEMORY USAGE key [SAMPLES count]; null for a missing key.
fn memory(ctx: &mut Ctx, args: &Args) {
    if !args.is(1, "usage") {
        return super::unknown_subcommand(ctx, args, "memory");
    }
    if !super::sub_arity_ok(ctx, args, -3, "memory|usage") {
        return;
    }
    let mut samples = 5;
    let mut j = 3;
    while j < args.len() {
        if args.is(j, "samples") && j + 1 < args.len() {
            let Some(n) = ctx.int_arg(args.get(j + 1)) else {
                return;
            };
            if n < 0 {
                return ctx.out.error(errors::SYNTAX);
            }
            samples = n as usize;
            j += 2;
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
    }
    let (db, key) = (ctx.client.db, args.get(2));
    let usage = ctx
        .st
        .lookup(db, key)
        .map(|v| value_usage(v, samples) + 16 + key.len());
    match usage {
        Some(n) => ctx.out.int(n as i64),
        None => ctx.out.null(),
    }
}
