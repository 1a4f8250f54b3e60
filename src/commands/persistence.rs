//! Persistence commands: SAVE, BGSAVE, LASTSAVE, BGREWRITEAOF.
//!
//! SAVE blocks its client, not the server: it forks the same child as BGSAVE and the client gets
//! its reply when the child is done, while other clients are served meanwhile (Redis blocks the
//! whole server for it).

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::persist::snapshot::{self, ChildKind};
use crate::proto::errors;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "save",
        arity: 1,
        flags: ADMIN | NOSCRIPT | NO_MULTI,
        keys: (0, 0, 0),
        group: "server",
        syntax: "SAVE",
        handler: save,
    },
    Command {
        name: "bgsave",
        arity: -1,
        flags: ADMIN | NOSCRIPT,
        keys: (0, 0, 0),
        group: "server",
        syntax: "BGSAVE [SCHEDULE]",
        handler: bgsave,
    },
    Command {
        name: "bgrewriteaof",
        arity: 1,
        flags: ADMIN | NOSCRIPT,
        keys: (0, 0, 0),
        group: "server",
        syntax: "BGREWRITEAOF",
        handler: bgrewriteaof,
    },
    Command {
        name: "lastsave",
        arity: 1,
        flags: LOADING | STALE | FAST,
        keys: (0, 0, 0),
        group: "server",
        syntax: "LASTSAVE",
        handler: lastsave,
    },
];

fn save(ctx: &mut Ctx, _args: &Args) {
    if ctx.st.snapshots.rdb_child_running() {
        return ctx.out.error("ERR Background save already in progress");
    }
    if ctx.st.snapshots.child.is_some() {
        // An append-only rewrite owns the child slot: save on the loop, as Redis always does.
        return match snapshot::save_now(ctx.st) {
            Ok(()) => ctx.out.ok(),
            Err(e) => {
                log::warn!("Failed saving the DB: {e}");
                ctx.out.error("ERR")
            }
        };
    }
    match snapshot::start(ctx.st, ChildKind::Save) {
        Ok(()) => {
            ctx.st
                .snapshots
                .save_waiters
                .push((ctx.client.slot, ctx.client.id));
            ctx.client.waiting_for_save = true;
        }
        Err(_) => ctx.out.error("ERR"),
    }
}

fn bgsave(ctx: &mut Ctx, args: &Args) {
    let schedule = match args.len() {
        1 => false,
        2 if args.is(1, "schedule") => true,
        _ => return ctx.out.error(errors::SYNTAX),
    };
    if ctx.st.snapshots.rdb_child_running() {
        ctx.out.error("ERR Background save already in progress");
    } else if ctx.st.snapshots.child.is_some() || ctx.client.in_exec {
        if schedule || ctx.client.in_exec {
            ctx.st.snapshots.scheduled = true;
            ctx.out.simple("Background saving scheduled");
        } else {
            ctx.out.error(
                "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
            );
        }
    } else {
        match snapshot::start(ctx.st, ChildKind::Rdb) {
            Ok(()) => ctx.out.simple("Background saving started"),
            Err(_) => ctx.out.error("ERR"),
        }
    }
}

fn lastsave(ctx: &mut Ctx, _args: &Args) {
    ctx.out.int(ctx.st.snapshots.lastsave);
}

fn bgrewriteaof(ctx: &mut Ctx, _args: &Args) {
    let Some(aof) = ctx.st.aof.as_mut() else {
        // Redis would write a base into the AOF directory even with the log off; ferrokv only
        // rewrites a log it is keeping.
        return ctx.out.error(
            "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.",
        );
    };
    if aof.rewrite.is_some() {
        ctx.out
            .error("ERR Background append only file rewriting already in progress");
    } else if ctx.st.snapshots.child.is_some() || ctx.client.in_exec {
        aof.rewrite_scheduled = true;
        ctx.out
            .simple("Background append only file rewriting scheduled");
    } else {
        match crate::persist::aof::start_rewrite(ctx.st) {
            Ok(()) => ctx
                .out
                .simple("Background append only file rewriting started"),
            Err(_) => ctx.out.error(
                "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.",
            ),
        }
    }
}
