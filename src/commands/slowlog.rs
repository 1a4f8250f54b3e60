//! SLOWLOG: the commands that took at least `slowlog-log-slower-than` µs, newest first, at
//! most `slowlog-max-len` of them (Redis's `slowlog.c`). Arguments are kept as Redis keeps
//! them: 32 at most, each cut at 128 bytes, passwords redacted.

use super::flags::*;
use super::{Args, Command, Ctx, sub_arity_ok, unknown_subcommand};
use std::collections::VecDeque;

pub static COMMANDS: &[Command] = &[Command {
    name: "slowlog",
    arity: -2,
    flags: ADMIN | LOADING | STALE,
    keys: (0, 0, 0),
    group: "server",
    syntax: "SLOWLOG GET [count]|LEN|RESET|HELP",
    handler: slowlog,
}];

/// The subcommands SLOWLOG serves (all of Redis 7.0's).
pub const SUBCOMMANDS: (&str, &[&str]) = ("slowlog", &["get", "help", "len", "reset"]);

const MAX_ARGS: usize = 32;
const MAX_ARG_BYTES: usize = 128;

const HELP: &[&str] = &[
    "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "GET [<count>]",
    "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
    "    Entries are made of:",
    "    id, timestamp, time in microseconds, arguments array, client IP and port,",
    "    client name",
    "LEN",
    "    Return the length of the slowlog.",
    "RESET",
    "    Reset the slowlog.",
    "HELP",
    "    Prints this help.",
];

struct Entry {
    id: u64,
    unix_secs: i64,
    micros: u64,
    args: Vec<Vec<u8>>,
    peer: String,
    name: Vec<u8>,
}

/// The log itself (held in `State`).
#[derive(Default)]
pub struct Slowlog {
    /// Newest first. May briefly hold more than `slowlog-max-len` after that is lowered: it
    /// is trimmed at the next entry, and GET and LEN count only what it keeps.
    entries: VecDeque<Entry>,
    next_id: u64,
    /// `slowlog-log-slower-than` in `util::ticks`, and the setting it was converted from, so
    /// that the common case (not slow) costs one comparison.
    threshold: Option<(i64, u64)>,
}

impl Slowlog {
    fn threshold_ticks(&mut self, micros: i64) -> u64 {
        match self.threshold {
            Some((m, t)) if m == micros => t,
            _ => {
                let t = (micros.max(0) as f64 * crate::util::calibrate_ticks()) as u64;
                self.threshold = Some((micros, t));
                t
            }
        }
    }

    fn kept(&self, max: usize) -> impl Iterator<Item = &Entry> {
        self.entries.iter().take(max)
    }
}

/// Logs a command that ran for `ticks` (`util::ticks`) if it was slow enough (Redis's
/// `slowlogPushCurrentCommand`). EXEC is not logged itself: the commands it ran are.
#[inline]
pub fn record(ctx: &mut Ctx, cmd: &Command, args: &Args, ticks: u64) {
    let threshold = ctx.st.config.slowlog_log_slower_than;
    if threshold < 0 || ticks < ctx.st.slowlog.threshold_ticks(threshold) {
        return;
    }
    push(ctx, cmd, args, ticks);
}

#[cold]
fn push(ctx: &mut Ctx, cmd: &Command, args: &Args, ticks: u64) {
    let micros = crate::util::ticks_to_us(ticks);
    if cmd.name != "exec" {
        let hidden = super::redacted_args(args);
        let keep = args.len().min(MAX_ARGS);
        let logged = args
            .iter()
            .enumerate()
            .take(keep)
            .map(|(i, a)| {
                if keep < args.len() && i == keep - 1 {
                    format!("... ({} more arguments)", args.len() - keep + 1).into_bytes()
                } else if hidden.contains(&i) {
                    b"(redacted)".to_vec()
                } else if a.len() > MAX_ARG_BYTES {
                    let mut cut = a[..MAX_ARG_BYTES].to_vec();
                    cut.extend_from_slice(
                        format!("... ({} more bytes)", a.len() - MAX_ARG_BYTES).as_bytes(),
                    );
                    cut
                } else {
                    a.to_vec()
                }
            })
            .collect();
        let log = &mut ctx.st.slowlog;
        log.entries.push_front(Entry {
            id: log.next_id,
            unix_secs: ctx.st.now_ms / 1000,
            micros,
            args: logged,
            peer: ctx.client.addr.clone(),
            name: ctx.client.name.clone().unwrap_or_default(),
        });
        log.next_id += 1;
    }
    let max = ctx.st.config.slowlog_max_len;
    ctx.st.slowlog.entries.truncate(max);
}

fn slowlog(ctx: &mut Ctx, args: &Args) {
    let sub = args.get(1).to_ascii_lowercase();
    match sub.as_slice() {
        b"get" if sub_arity_ok(ctx, args, -2, "slowlog|get") => {
            if args.len() > 3 {
                return super::subcommand_syntax_error(ctx, args, "SLOWLOG");
            }
            let mut count = 10;
            if args.len() == 3 {
                let Some(n) = ctx.range_arg(
                    args.get(2),
                    -1,
                    i64::MAX,
                    Some("count should be greater than or equal to -1"),
                ) else {
                    return;
                };
                count = if n == -1 { usize::MAX } else { n as usize };
            }
            let max = ctx.st.config.slowlog_max_len;
            let log = &ctx.st.slowlog;
            let n = count.min(log.entries.len()).min(max);
            ctx.out.array(n);
            for e in log.kept(n) {
                ctx.out.array(6);
                ctx.out.int(e.id as i64);
                ctx.out.int(e.unix_secs);
                ctx.out.int(e.micros as i64);
                ctx.out.array(e.args.len());
                for a in &e.args {
                    ctx.out.bulk(a);
                }
                ctx.out.bulk(e.peer.as_bytes());
                ctx.out.bulk(&e.name);
            }
        }
        b"len" if sub_arity_ok(ctx, args, 2, "slowlog|len") => {
            let max = ctx.st.config.slowlog_max_len;
            ctx.out.int(ctx.st.slowlog.entries.len().min(max) as i64);
        }
        b"reset" if sub_arity_ok(ctx, args, 2, "slowlog|reset") => {
            ctx.st.slowlog.entries.clear();
            ctx.out.ok();
        }
        b"help" if sub_arity_ok(ctx, args, 2, "slowlog|help") => {
            ctx.out.array(HELP.len());
            for line in HELP {
                ctx.out.simple(line);
            }
        }
        b"get" | b"len" | b"reset" | b"help" => {}
        _ => unknown_subcommand(ctx, args, "slowlog"),
    }
}
