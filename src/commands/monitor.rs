//! MONITOR: the client that sends it is shown every command any client runs from then on, as
//! a status line with the time, database and address (Redis's `replicationFeedMonitors`).
//! Administrative commands are left out, passwords are redacted, and a monitor may not touch
//! the keyspace itself (Redis treats it as a replica).

use super::command::{Entry, lookup_for_call};
use super::flags::*;
use super::{Args, Command, Ctx};

pub static COMMANDS: &[Command] = &[Command {
    name: "monitor",
    arity: 1,
    flags: ADMIN | NOSCRIPT | LOADING | STALE,
    keys: (0, 0, 0),
    group: "server",
    syntax: "MONITOR",
    handler: monitor,
}];

fn monitor(ctx: &mut Ctx, _args: &Args) {
    if ctx.client.in_exec {
        return ctx
            .out
            .error("ERR MONITOR isn't allowed for DENY BLOCKING client");
    }
    // A second MONITOR is ignored, without a reply, as in Redis.
    if ctx.client.monitor {
        return;
    }
    ctx.client.monitor = true;
    ctx.st.monitors.push((ctx.client.slot, ctx.client.id));
    ctx.out.ok();
}

/// The (sub)command `args` runs, as Redis judges MONITOR's rules by it (CLIENT LIST is
/// administrative, CLIENT INFO is not).
fn entry(cmd: &'static Command, args: &Args) -> Entry {
    let argv: Vec<&[u8]> = args.iter().collect();
    lookup_for_call(&argv).unwrap_or(Entry::of(cmd))
}

/// Redis refuses commands that read or write keys from a monitor ("Replica can't interact
/// with the keyspace").
pub fn refused_for_monitor(cmd: &'static Command, args: &Args) -> bool {
    let e = entry(cmd, args);
    e.flagged("readonly") || e.flagged("write") || cmd.flags & MAY_REPLICATE != 0
}

/// Shows a command that has run to every monitor. Redis's `call` does this once the command
/// returns, so the database shown is the one the command left selected, a blocked command is
/// shown when it blocks, and EXEC after the commands it ran.
pub fn feed(ctx: &mut Ctx, cmd: &'static Command, args: &Args) {
    if entry(cmd, args).flagged("admin") {
        return;
    }
    let us = crate::util::now_us();
    let mut line = format!(
        "+{}.{:06} [{} {}]",
        us / 1_000_000,
        us % 1_000_000,
        ctx.client.db,
        ctx.client.addr
    )
    .into_bytes();
    let hidden = super::redacted_args(args);
    for (i, arg) in args.iter().enumerate() {
        line.push(b' ');
        if hidden.contains(&i) {
            line.extend_from_slice(b"\"(redacted)\"");
        } else {
            crate::util::repr_into(&mut line, arg);
        }
    }
    line.extend_from_slice(b"\r\n");
    for &who in &ctx.st.monitors {
        if who.1 == ctx.client.id {
            ctx.out.buf.extend_from_slice(&line);
        } else if let Some(out) = super::other_output(ctx.conns, &mut ctx.st.output_for, who) {
            out.buf.extend_from_slice(&line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(line: &[&str]) -> Vec<usize> {
        let bytes: Vec<u8> = line.concat().into_bytes();
        let mut spans = Vec::new();
        let mut at = 0;
        for w in line {
            spans.push((at, at + w.len()));
            at += w.len();
        }
        crate::commands::redacted_args(&Args {
            base: &bytes,
            spans: &spans,
        })
    }

    /// As Redis's `authCommand` and `helloCommand` call `redactClientCommandArgument`.
    #[test]
    fn passwords_are_redacted_where_redis_redacts_them() {
        assert_eq!(hidden(&["AUTH", "pw"]), [1]);
        assert_eq!(hidden(&["auth", "user", "pw"]), [1, 2]);
        assert!(
            hidden(&["AUTH", "a", "b", "c"]).is_empty(),
            "a syntax error"
        );
        assert_eq!(hidden(&["HELLO", "3", "AUTH", "u", "p"]), [3, 4]);
        assert_eq!(
            hidden(&["HELLO", "2", "SETNAME", "n", "AUTH", "u", "p"]),
            [5, 6]
        );
        assert!(
            hidden(&["HELLO", "4", "AUTH", "u", "p"]).is_empty(),
            "NOPROTO"
        );
        assert!(
            hidden(&["HELLO", "3", "AUTH", "u"]).is_empty(),
            "no password"
        );
        assert!(
            hidden(&["HELLO", "3", "BAD", "AUTH", "u", "p"]).is_empty(),
            "HELLO stops at a bad option"
        );
        assert!(hidden(&["SET", "AUTH", "x"]).is_empty());
    }
}
