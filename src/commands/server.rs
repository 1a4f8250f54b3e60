//! Server commands: INFO, TIME, SHUTDOWN, and COMMAND (introspection of the command table).

use super::flags::*;
use super::{Args, Command, Ctx, sub_arity_ok};
use crate::proto::errors;
use crate::state::Shutdown;
use std::fmt::Write;

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
        syntax: "SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE]",
        handler: shutdown,
    },
    Command {
        name: "command",
        arity: -1,
        flags: LOADING | STALE,
        keys: (0, 0, 0),
        group: "server",
        syntax: "COMMAND [COUNT|LIST|INFO [name ...]|DOCS [name ...]|GETKEYS cmd [arg ...]|HELP]",
        handler: command,
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

fn shutdown(ctx: &mut Ctx, args: &Args) {
    for i in 1..args.len() {
        if args.is(i, "save") {
            return ctx
                .out
                .error("ERR Errors trying to SHUTDOWN: persistence (SAVE) is not supported yet");
        }
        if !(args.is(i, "nosave") || args.is(i, "now") || args.is(i, "force")) {
            return ctx.out.error(errors::SYNTAX);
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
            line!("blocked_clients:{}", st.blocking.blocked_clients());
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
            line!("# Persistence");
            line!("loading:0");
            line!("async_loading:0");
            line!("rdb_changes_since_last_save:{}", st.dirty);
            line!("rdb_bgsave_in_progress:0");
            line!("rdb_last_save_time:{}", st.start_ms / 1000);
            line!("aof_enabled:0");
            line!("aof_rewrite_in_progress:0");
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
            line!("pubsub_channels:0");
            line!("pubsub_patterns:0");
            line!("lazyfree_pending_objects:{}", st.workers.pending());
            line!("lazyfreed_objects:{}", s.lazyfreed_objects);
            line!("total_error_replies:{}", s.total_error_replies);
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
                    let per_call = if s.calls == 0 {
                        0.0
                    } else {
                        s.usec as f64 / s.calls as f64
                    };
                    line!(
                        "cmdstat_{}:calls={},usec={},usec_per_call={per_call:.2},rejected_calls={},failed_calls={}",
                        c.name,
                        s.calls,
                        s.usec,
                        s.rejected,
                        s.failed
                    );
                }
            }
        }
        "errorstats" => {
            line!("# Errorstats");
            for (code, n) in &st.error_stats {
                line!("errorstat_{code}:count={n}");
            }
        }
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

fn command(ctx: &mut Ctx, args: &Args) {
    if args.len() == 1 {
        let all: Vec<&'static Command> = super::table().collect();
        ctx.out.array(all.len());
        for c in all {
            command_info(ctx, c);
        }
        return;
    }
    let sub = args.get(1).to_ascii_lowercase();
    match sub.as_slice() {
        b"count" if sub_arity_ok(ctx, args, 2, "command|count") => {
            let n = super::table().count();
            ctx.out.int(n as i64);
        }
        b"list" if sub_arity_ok(ctx, args, -2, "command|list") => {
            let names: Vec<&[u8]> = super::table().map(|c| c.name.as_bytes()).collect();
            ctx.out.bulks(names.into_iter());
        }
        b"info" if sub_arity_ok(ctx, args, -2, "command|info") => {
            let names: Vec<&[u8]> = args.iter().skip(2).collect();
            if names.is_empty() {
                let all: Vec<&'static Command> = super::table().collect();
                ctx.out.array(all.len());
                for c in all {
                    command_info(ctx, c);
                }
            } else {
                ctx.out.array(names.len());
                for n in names {
                    match super::lookup(n) {
                        Some(c) => command_info(ctx, c),
                        None => ctx.out.null_array(),
                    }
                }
            }
        }
        b"docs" if sub_arity_ok(ctx, args, -2, "command|docs") => {
            let cmds: Vec<&'static Command> = if args.len() == 2 {
                super::table().collect()
            } else {
                args.iter().skip(2).filter_map(super::lookup).collect()
            };
            ctx.out.map(cmds.len());
            for c in cmds {
                ctx.out.bulk(c.name.as_bytes());
                ctx.out.map(3);
                ctx.out.bulk(b"summary");
                ctx.out.bulk(c.syntax.as_bytes());
                ctx.out.bulk(b"since");
                ctx.out.bulk(b"1.0.0");
                ctx.out.bulk(b"group");
                ctx.out.bulk(c.group.as_bytes());
            }
        }
        b"getkeys" if sub_arity_ok(ctx, args, -3, "command|getkeys") => {
            let Some(c) = super::lookup(args.get(2)) else {
                return ctx.out.error("ERR Invalid command specified");
            };
            let argc = args.len() - 2;
            if !super::arity_ok(c.arity, argc) {
                return ctx
                    .out
                    .error("ERR Invalid number of arguments specified for command");
            }
            let keys = key_positions(c, argc);
            if keys.is_empty() {
                return ctx.out.error("ERR The command has no key arguments");
            }
            ctx.out.array(keys.len());
            for k in keys {
                ctx.out.bulk(args.get(k + 2));
            }
        }
        b"help" if sub_arity_ok(ctx, args, 2, "command|help") => {
            let help = [
                "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "HELP",
                "    Print this help.",
            ];
            ctx.out.array(help.len());
            for l in help {
                ctx.out.simple(l);
            }
        }
        b"count" | b"list" | b"info" | b"docs" | b"getkeys" | b"help" => {}
        _ => ctx
            .out
            .error(&errors::unknown_subcommand(args.get(1), "command")),
    }
}

/// Positions of key arguments (0 = command name) for a command called with `argc` arguments.
pub fn key_positions(c: &Command, argc: usize) -> Vec<usize> {
    let (first, last, step) = c.keys;
    if first <= 0 || step <= 0 {
        return Vec::new();
    }
    let last = if last < 0 { argc as i32 + last } else { last };
    (first..=last.min(argc as i32 - 1))
        .step_by(step as usize)
        .map(|i| i as usize)
        .collect()
}

/// One COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL categories,
/// tips, key specs, subcommands.
fn command_info(ctx: &mut Ctx, c: &Command) {
    let out = &mut *ctx.out;
    out.array(10);
    out.bulk(c.name.as_bytes());
    out.int(c.arity as i64);
    let names: Vec<&str> = NAMES
        .iter()
        .filter(|(f, _)| c.flags & f != 0)
        .map(|(_, n)| *n)
        .collect();
    out.set(names.len());
    for n in names {
        out.simple(n);
    }
    out.int(c.keys.0 as i64);
    out.int(c.keys.1 as i64);
    out.int(c.keys.2 as i64);
    out.set(0);
    out.set(0);
    out.array(0);
    out.array(0);
}
