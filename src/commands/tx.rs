//! Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
//!
//! While a client is in MULTI, `commands::execute` queues its commands (replying +QUEUED) after
//! checking name and arity; an error there makes EXEC fail with EXECABORT. EXEC runs the queue
//! with blocking commands behaving as non-blocking, unless a watched key changed since WATCH,
//! in which case it replies a null array.

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::db::Key;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "multi",
        arity: 1,
        flags: NOSCRIPT | LOADING | STALE | FAST,
        keys: (0, 0, 0),
        group: "transactions",
        syntax: "MULTI",
        handler: multi,
    },
    Command {
        name: "exec",
        arity: 1,
        flags: NOSCRIPT | LOADING | STALE,
        keys: (0, 0, 0),
        group: "transactions",
        syntax: "EXEC",
        handler: exec,
    },
    Command {
        name: "discard",
        arity: 1,
        flags: NOSCRIPT | LOADING | STALE | FAST,
        keys: (0, 0, 0),
        group: "transactions",
        syntax: "DISCARD",
        handler: discard,
    },
    Command {
        name: "watch",
        arity: -2,
        flags: NOSCRIPT | LOADING | STALE | FAST,
        keys: (1, -1, 1),
        group: "transactions",
        syntax: "WATCH key [key ...]",
        handler: watch,
    },
    Command {
        name: "unwatch",
        arity: 1,
        flags: NOSCRIPT | LOADING | STALE | FAST,
        keys: (0, 0, 0),
        group: "transactions",
        syntax: "UNWATCH",
        handler: unwatch,
    },
];

/// A queued command: its bytes and argument spans.
pub type Queued = (Vec<u8>, Vec<(usize, usize)>);

/// A client's open transaction.
#[derive(Default)]
pub struct Multi {
    pub queue: Vec<Queued>,
    /// A command was refused while queueing: EXEC must abort.
    pub failed: bool,
}

/// Commands that run at once inside MULTI instead of being queued.
pub fn runs_inside_multi(name: &str) -> bool {
    matches!(
        name,
        "exec" | "discard" | "multi" | "watch" | "quit" | "reset"
    )
}

fn multi(ctx: &mut Ctx, _args: &Args) {
    if ctx.client.multi.is_some() {
        return ctx.out.error("ERR MULTI calls can not be nested");
    }
    ctx.client.multi = Some(Box::default());
    ctx.out.ok();
}

/// Drops an open transaction and every WATCH (Redis's `discardTransaction`, for RESET).
pub fn discard_state(ctx: &mut Ctx) {
    ctx.client.multi = None;
    forget_watches(ctx);
}

fn forget_watches(ctx: &mut Ctx) {
    let watched: Vec<(usize, Key)> = std::mem::take(&mut ctx.client.watched)
        .into_iter()
        .map(|(db, k, _)| (db, k))
        .collect();
    ctx.st.watches.unwatch_all(ctx.client.id, &watched);
}

/// An EXEC refused before it runs (wrong arity) ends the transaction at once, as Redis's
/// `execCommandAbort` does; `error` is the refusal ("ERR ..."), quoted without its code.
pub fn abort(ctx: &mut Ctx, error: &str) {
    ctx.client.multi = None;
    forget_watches(ctx);
    let reason = error.strip_prefix("ERR ").unwrap_or(error);
    ctx.out.error(&format!(
        "EXECABORT Transaction discarded because of: {reason}"
    ));
}

fn discard(ctx: &mut Ctx, _args: &Args) {
    if ctx.client.multi.take().is_none() {
        return ctx.out.error("ERR DISCARD without MULTI");
    }
    forget_watches(ctx);
    ctx.out.ok();
}

/// A watched key that was live at WATCH time and has expired since counts as changed.
fn watched_key_expired(ctx: &Ctx) -> bool {
    let now = ctx.st.now_ms;
    ctx.client
        .watched
        .iter()
        .any(|(db, key, expired_at_watch)| {
            !expired_at_watch
                && ctx.st.dbs[*db].get(key).is_some()
                && ctx.st.dbs[*db].expire_at(key).is_some_and(|at| at <= now)
        })
}

fn exec(ctx: &mut Ctx, _args: &Args) {
    let Some(multi) = ctx.client.multi.take() else {
        return ctx.out.error("ERR EXEC without MULTI");
    };
    let changed = ctx.st.watches.is_dirty(ctx.client.id) || watched_key_expired(ctx);
    forget_watches(ctx);
    if multi.failed {
        return ctx
            .out
            .error("EXECABORT Transaction discarded because of previous errors.");
    }
    if changed {
        return ctx.out.null_array();
    }
    ctx.out.array(multi.queue.len());
    ctx.client.in_exec = true;
    if let Some(aof) = ctx.st.aof.as_mut() {
        aof.in_exec = true;
    }
    for (bytes, spans) in &multi.queue {
        let args = Args { base: bytes, spans };
        super::execute(ctx, &args);
    }
    ctx.client.in_exec = false;
    if let Some(aof) = ctx.st.aof.as_mut() {
        aof.end_exec();
    }
}

fn watch(ctx: &mut Ctx, args: &Args) {
    if ctx.client.multi.is_some() {
        return ctx.out.error("ERR WATCH inside MULTI is not allowed");
    }
    let db = ctx.client.db;
    let now = ctx.st.now_ms;
    for key in args.iter().skip(1) {
        if ctx
            .client
            .watched
            .iter()
            .any(|(d, k, _)| *d == db && &k[..] == key)
        {
            continue;
        }
        let expired = ctx.st.dbs[db].expire_at(key).is_some_and(|at| at <= now);
        ctx.st.watches.watch(ctx.client.id, db, key);
        ctx.client.watched.push((db, Key::from_slice(key), expired));
    }
    ctx.out.ok();
}

fn unwatch(ctx: &mut Ctx, _args: &Args) {
    forget_watches(ctx);
    ctx.out.ok();
}
