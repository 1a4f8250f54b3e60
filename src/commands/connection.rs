//! Connection commands: PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO (protocol switch) and
//! HELP.

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::proto::errors;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "ping",
        arity: -1,
        flags: FAST | STALE,
        keys: (0, 0, 0),
        group: "connection",
        syntax: "PING [message]",
        handler: ping,
    },
    Command {
        name: "echo",
        arity: 2,
        flags: FAST,
        keys: (0, 0, 0),
        group: "connection",
        syntax: "ECHO message",
        handler: echo,
    },
    Command {
        name: "quit",
        arity: -1,
        flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH,
        keys: (0, 0, 0),
        group: "connection",
        syntax: "QUIT",
        handler: quit,
    },
    Command {
        name: "reset",
        arity: 1,
        flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH,
        keys: (0, 0, 0),
        group: "connection",
        syntax: "RESET",
        handler: reset,
    },
    Command {
        name: "select",
        arity: 2,
        flags: LOADING | STALE | FAST,
        keys: (0, 0, 0),
        group: "connection",
        syntax: "SELECT index",
        handler: select,
    },
    Command {
        name: "auth",
        arity: -2,
        flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH,
        keys: (0, 0, 0),
        group: "connection",
        syntax: "AUTH [username] password",
        handler: auth,
    },
    Command {
        name: "hello",
        arity: -1,
        flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH,
        keys: (0, 0, 0),
        group: "connection",
        syntax: "HELLO [protover [AUTH username password] [SETNAME clientname]]",
        handler: hello,
    },
    Command {
        name: "help",
        arity: -1,
        flags: LOADING | STALE,
        keys: (0, 0, 0),
        group: "connection",
        syntax: "HELP (this list)",
        handler: help,
    },
];

fn ping(ctx: &mut Ctx, args: &Args) {
    // A subscribed RESP2 client gets an array, so it can tell the reply from messages.
    if ctx.client.subs.is_some() && !ctx.out.resp3 && args.len() <= 2 {
        ctx.out.array(2);
        ctx.out.bulk(b"pong");
        return ctx
            .out
            .bulk(if args.len() == 2 { args.get(1) } else { b"" });
    }
    match args.len() {
        1 => ctx.out.simple("PONG"),
        2 => ctx.out.bulk(args.get(1)),
        _ => ctx.out.error(&errors::wrong_arity("ping")),
    }
}

fn echo(ctx: &mut Ctx, args: &Args) {
    ctx.out.bulk(args.get(1));
}

fn quit(ctx: &mut Ctx, _args: &Args) {
    ctx.out.ok();
    ctx.client.close_after_reply = true;
}

/// RESET, as Redis's `clearClientConnectionState`: the connection is as new (database 0,
/// RESP2, no transaction, WATCH, subscriptions, MONITOR, name or CLIENT REPLY OFF, and
/// unauthenticated again if a password is set), except for its id and address.
fn reset(ctx: &mut Ctx, _args: &Args) {
    let who = (ctx.client.slot, ctx.client.id);
    if std::mem::take(&mut ctx.client.monitor) {
        ctx.st.monitors.retain(|&(_, id)| id != who.1);
    }
    ctx.client.db = 0;
    ctx.out.resp3 = false;
    ctx.client.authenticated = ctx.st.config.requirepass.is_none();
    super::tx::discard_state(ctx);
    if let Some(subs) = ctx.client.subs.take() {
        ctx.st.pubsub.forget(*subs, who);
    }
    ctx.client.name = None;
    ctx.client.reply_off = false;
    if ctx.client.reply_skip == crate::net::conn::Skip::Next {
        ctx.client.reply_skip = crate::net::conn::Skip::No;
    }
    ctx.out.simple("RESET");
}

fn select(ctx: &mut Ctx, args: &Args) {
    if let Some(db) = super::keys::db_index(ctx, args.get(1), errors::NOT_INTEGER) {
        ctx.client.db = db;
        ctx.out.ok();
    }
}

/// Checks credentials against the default user (the only user ferrokv has).
fn credentials_ok(ctx: &Ctx, user: &[u8], pass: &[u8]) -> bool {
    if user != b"default" {
        return false;
    }
    match &ctx.st.config.requirepass {
        None => true,
        Some(p) => constant_time_eq(p, pass),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn auth(ctx: &mut Ctx, args: &Args) {
    if args.len() > 3 {
        return ctx.out.error(errors::SYNTAX);
    }
    let (user, pass): (&[u8], &[u8]) = if args.len() == 2 {
        if ctx.st.config.requirepass.is_none() {
            return ctx.out.error(
                "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
            );
        }
        (b"default", args.get(1))
    } else {
        (args.get(1), args.get(2))
    };
    if credentials_ok(ctx, user, pass) {
        ctx.client.authenticated = true;
        ctx.out.ok();
    } else {
        ctx.out
            .error("WRONGPASS invalid username-password pair or user is disabled.");
    }
}

/// CLIENT SETNAME's rule: printable ASCII without spaces; empty unsets the name.
pub fn valid_client_name(name: &[u8]) -> bool {
    name.iter().all(|&c| (b'!'..=b'~').contains(&c))
}

fn hello(ctx: &mut Ctx, args: &Args) {
    let mut ver = None;
    let mut j = 1;
    if args.len() >= 2 {
        let Some(v) = crate::proto::num::parse_i64(args.get(1)) else {
            return ctx
                .out
                .error("ERR Protocol version is not an integer or out of range");
        };
        if !(2..=3).contains(&v) {
            return ctx.out.error("NOPROTO unsupported protocol version");
        }
        ver = Some(v);
        j = 2;
    }
    // Options take effect as they are read, as in Redis 7.0: a name set before a later option
    // fails (or before the NOAUTH check) stays set.
    while j < args.len() {
        let more = args.len() - 1 - j;
        if args.is(j, "auth") && more >= 2 {
            if !credentials_ok(ctx, args.get(j + 1), args.get(j + 2)) {
                return ctx
                    .out
                    .error("WRONGPASS invalid username-password pair or user is disabled.");
            }
            ctx.client.authenticated = true;
            j += 3;
        } else if args.is(j, "setname") && more >= 1 {
            if !valid_client_name(args.get(j + 1)) {
                return ctx.out.error(
                    "ERR Client names cannot contain spaces, newlines or special characters.",
                );
            }
            let name = args.get(j + 1);
            ctx.client.name = (!name.is_empty()).then(|| name.to_vec());
            j += 2;
        } else {
            let opt = String::from_utf8_lossy(args.get(j)).into_owned();
            return ctx
                .out
                .error(&format!("ERR Syntax error in HELLO option '{opt}'"));
        }
    }
    if !ctx.client.authenticated {
        return ctx.out.error(
            "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
        );
    }
    if let Some(v) = ver {
        ctx.out.resp3 = v == 3;
    }
    let out = &mut *ctx.out;
    out.map(7);
    out.bulk(b"server");
    out.bulk(b"redis");
    out.bulk(b"version");
    out.bulk(crate::REDIS_VERSION.as_bytes());
    out.bulk(b"proto");
    out.int(if out.resp3 { 3 } else { 2 });
    out.bulk(b"id");
    out.int(ctx.client.id as i64);
    out.bulk(b"mode");
    out.bulk(b"standalone");
    out.bulk(b"role");
    out.bulk(b"master");
    out.bulk(b"modules");
    out.array(0);
}

fn help(ctx: &mut Ctx, _args: &Args) {
    let lines: Vec<&str> = super::table().map(|c| c.syntax).collect();
    ctx.out.array(lines.len());
    for l in lines {
        ctx.out.simple(l);
    }
}
