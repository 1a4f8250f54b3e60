//! Pub/Sub commands: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, the sharded
//! SSUBSCRIBE, SUNSUBSCRIBE and SPUBLISH (one node serves every shard), and PUBSUB's
//! introspection. As Redis 7.0's `pubsub.c`: confirmations and messages are pushes (arrays in
//! RESP2, `>` in RESP3) that CLIENT REPLY OFF does not silence, and a message goes straight
//! into each subscriber's output buffer; the loop writes it out with the current batch.

use super::flags::*;
use super::{Args, Command, Ctx, sub_arity_ok, unknown_subcommand};
use crate::db::glob;
use crate::proto::reply::Reply;
use crate::pubsub::{Kind, Subscriber};

pub static COMMANDS: &[Command] = &[
    Command {
        name: "subscribe",
        arity: -2,
        flags: PUBSUB | NOSCRIPT | LOADING | STALE,
        keys: (0, 0, 0),
        group: "pubsub",
        syntax: "SUBSCRIBE channel [channel ...]",
        handler: subscribe,
    },
    Command {
        name: "unsubscribe",
        arity: -1,
        flags: PUBSUB | NOSCRIPT | LOADING | STALE,
        keys: (0, 0, 0),
        group: "pubsub",
        syntax: "UNSUBSCRIBE [channel ...]",
        handler: unsubscribe,
    },
    Command {
        name: "psubscribe",
        arity: -2,
        flags: PUBSUB | NOSCRIPT | LOADING | STALE,
        keys: (0, 0, 0),
        group: "pubsub",
        syntax: "PSUBSCRIBE pattern [pattern ...]",
        handler: psubscribe,
    },
    Command {
        name: "punsubscribe",
        arity: -1,
        flags: PUBSUB | NOSCRIPT | LOADING | STALE,
        keys: (0, 0, 0),
        group: "pubsub",
        syntax: "PUNSUBSCRIBE [pattern ...]",
        handler: punsubscribe,
    },
    Command {
        name: "publish",
        arity: 3,
        flags: PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE,
        keys: (0, 0, 0),
        group: "pubsub",
        syntax: "PUBLISH channel message",
        handler: publish,
    },
    Command {
        name: "ssubscribe",
        arity: -2,
        flags: PUBSUB | NOSCRIPT | LOADING | STALE,
        keys: (1, -1, 1),
        group: "pubsub",
        syntax: "SSUBSCRIBE shardchannel [shardchannel ...]",
        handler: ssubscribe,
    },
    Command {
        name: "sunsubscribe",
        arity: -1,
        flags: PUBSUB | NOSCRIPT | LOADING | STALE,
        keys: (1, -1, 1),
        group: "pubsub",
        syntax: "SUNSUBSCRIBE [shardchannel ...]",
        handler: sunsubscribe,
    },
    Command {
        name: "spublish",
        arity: 3,
        flags: PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE,
        keys: (1, 1, 1),
        group: "pubsub",
        syntax: "SPUBLISH shardchannel message",
        handler: spublish,
    },
    Command {
        name: "pubsub",
        arity: -2,
        flags: 0,
        keys: (0, 0, 0),
        group: "pubsub",
        syntax: "PUBSUB CHANNELS [pattern]|NUMSUB [channel ...]|NUMPAT|SHARDCHANNELS [pattern]|SHARDNUMSUB [shardchannel ...]|HELP",
        handler: pubsub,
    },
];

/// The subcommands PUBSUB serves (all of Redis 7.0's).
pub const SUBCOMMANDS: (&str, &[&str]) = (
    "pubsub",
    &[
        "channels",
        "help",
        "numpat",
        "numsub",
        "shardchannels",
        "shardnumsub",
    ],
);

const HELP: &[&str] = &[
    "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CHANNELS [<pattern>]",
    "    Return the currently active channels matching a <pattern> (default: '*').",
    "NUMPAT",
    "    Return number of subscriptions to patterns.",
    "NUMSUB [<channel> ...]",
    "    Return the number of subscribers for the specified channels, excluding",
    "    pattern subscriptions(default: no channels).",
    "SHARDCHANNELS [<pattern>]",
    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
    "SHARDNUMSUB [<shardchannel> ...]",
    "    Return the number of subscribers for the specified shard level channel(s)",
    "HELP",
    "    Prints this help.",
];

/// In RESP2 a subscribed client may only run these (Redis's `processCommand`); RESP3 has no
/// such limit, pushes being told apart from replies.
pub fn allowed_while_subscribed(name: &str) -> bool {
    matches!(
        name,
        "subscribe"
            | "unsubscribe"
            | "psubscribe"
            | "punsubscribe"
            | "ssubscribe"
            | "sunsubscribe"
            | "ping"
            | "quit"
            | "reset"
    )
}

/// A push of bulk strings (a message).
fn push(out: &mut Reply, parts: &[&[u8]]) {
    out.push(parts.len());
    for p in parts {
        out.bulk(p);
    }
}

/// A (un)subscribe confirmation: the kind, the name (null when there was nothing to
/// unsubscribe from) and the count of subscriptions left. It goes out even under CLIENT
/// REPLY OFF, as Redis's `CLIENT_PUSHING` makes it.
fn confirm(ctx: &mut Ctx, kind: Kind, subscribe: bool, name: Option<&[u8]>) {
    let count = ctx.client.subs.as_ref().map_or(0, |s| s.count(kind));
    ctx.out.push(3);
    ctx.out.bulk(kind.reply_name(subscribe));
    match name {
        Some(n) => ctx.out.bulk(n),
        None => ctx.out.null(),
    }
    ctx.out.int(count as i64);
    ctx.client.pushed_to = ctx.out.buf.len();
}

fn subscribe_to(ctx: &mut Ctx, args: &Args, kind: Kind) {
    let who = (ctx.client.slot, ctx.client.id);
    for name in args.iter().skip(1) {
        let subs = ctx.client.subs.get_or_insert_with(Default::default);
        ctx.st.pubsub.subscribe(subs, who, kind, name);
        confirm(ctx, kind, true, Some(name));
    }
}

fn unsubscribe_from(ctx: &mut Ctx, args: &Args, kind: Kind) {
    let who = (ctx.client.slot, ctx.client.id);
    let names: Vec<crate::db::Key> = if args.len() == 1 {
        ctx.client
            .subs
            .as_ref()
            .map_or_else(Vec::new, |s| s.all(kind))
    } else {
        args.iter()
            .skip(1)
            .map(crate::db::Key::from_slice)
            .collect()
    };
    if names.is_empty() {
        confirm(ctx, kind, false, None);
    }
    for name in names {
        if let Some(subs) = ctx.client.subs.as_mut() {
            ctx.st.pubsub.unsubscribe(subs, who, kind, &name);
        }
        confirm(ctx, kind, false, Some(&name));
    }
    if ctx.client.subs.as_ref().is_some_and(|s| s.is_empty()) {
        ctx.client.subs = None;
    }
}

fn subscribe(ctx: &mut Ctx, args: &Args) {
    subscribe_to(ctx, args, Kind::Channel);
}

fn psubscribe(ctx: &mut Ctx, args: &Args) {
    subscribe_to(ctx, args, Kind::Pattern);
}

/// Unlike SUBSCRIBE, refused inside EXEC (Redis keeps SUBSCRIBE's old permission there).
fn ssubscribe(ctx: &mut Ctx, args: &Args) {
    if ctx.client.in_exec {
        return ctx
            .out
            .error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
    }
    subscribe_to(ctx, args, Kind::Shard);
}

fn unsubscribe(ctx: &mut Ctx, args: &Args) {
    unsubscribe_from(ctx, args, Kind::Channel);
}

fn punsubscribe(ctx: &mut Ctx, args: &Args) {
    unsubscribe_from(ctx, args, Kind::Pattern);
}

fn sunsubscribe(ctx: &mut Ctx, args: &Args) {
    unsubscribe_from(ctx, args, Kind::Shard);
}

fn publish(ctx: &mut Ctx, args: &Args) {
    let n = deliver(ctx, Kind::Channel, args.get(1), args.get(2));
    ctx.out.int(n as i64);
}

fn spublish(ctx: &mut Ctx, args: &Args) {
    let n = deliver(ctx, Kind::Shard, args.get(1), args.get(2));
    ctx.out.int(n as i64);
}

/// Sends `message` to the channel's subscribers, then (not for shard channels) to every
/// matching pattern's, in subscription order. Returns how many messages went out: a client
/// subscribed both ways gets, and counts, two.
fn deliver(ctx: &mut Ctx, kind: Kind, channel: &[u8], message: &[u8]) -> usize {
    let Ctx {
        st,
        client,
        out,
        conns,
    } = ctx;
    let mut sent = 0;
    let mut send = |who: Subscriber, parts: &[&[u8]]| {
        if who.1 == client.id {
            push(out, parts);
            client.pushed_to = out.buf.len();
        } else if let Some(theirs) = super::other_output(conns, &mut st.output_for, who) {
            push(theirs, parts);
        } else {
            return;
        }
        sent += 1;
    };
    let name: &[u8] = if kind == Kind::Shard {
        b"smessage"
    } else {
        b"message"
    };
    for &who in st.pubsub.subscribers(kind, channel) {
        send(who, &[name, channel, message]);
    }
    if kind == Kind::Channel {
        for (pattern, subscribers) in st.pubsub.patterns() {
            if glob::matches(pattern, channel, false) {
                for &who in subscribers {
                    send(who, &[b"pmessage", pattern, channel, message]);
                }
            }
        }
    }
    sent
}

fn pubsub(ctx: &mut Ctx, args: &Args) {
    let sub = args.get(1).to_ascii_lowercase();
    match sub.as_slice() {
        b"channels" if sub_arity_ok(ctx, args, -2, "pubsub|channels") => {
            channel_list(ctx, args, Kind::Channel)
        }
        b"shardchannels" if sub_arity_ok(ctx, args, -2, "pubsub|shardchannels") => {
            channel_list(ctx, args, Kind::Shard)
        }
        b"numsub" if sub_arity_ok(ctx, args, -2, "pubsub|numsub") => {
            numsub(ctx, args, Kind::Channel)
        }
        b"shardnumsub" if sub_arity_ok(ctx, args, -2, "pubsub|shardnumsub") => {
            numsub(ctx, args, Kind::Shard)
        }
        b"numpat" if sub_arity_ok(ctx, args, 2, "pubsub|numpat") => {
            let (_, patterns, _) = ctx.st.pubsub.sizes();
            ctx.out.int(patterns as i64);
        }
        b"help" if sub_arity_ok(ctx, args, 2, "pubsub|help") => {
            ctx.out.array(HELP.len());
            for line in HELP {
                ctx.out.simple(line);
            }
        }
        b"channels" | b"shardchannels" | b"numsub" | b"shardnumsub" | b"numpat" | b"help" => {}
        _ => unknown_subcommand(ctx, args, "pubsub"),
    }
}

/// PUBSUB CHANNELS / SHARDCHANNELS [pattern]: Redis's arity is -2, but an argument past the
/// pattern gets its `addReplySubcommandSyntaxError`.
fn channel_list(ctx: &mut Ctx, args: &Args, kind: Kind) {
    if args.len() > 3 {
        return super::subcommand_syntax_error(ctx, args, "PUBSUB");
    }
    let pattern = (args.len() == 3).then(|| args.get(2));
    let found: Vec<&[u8]> = ctx
        .st
        .pubsub
        .channels(kind)
        .filter(|c| pattern.is_none_or(|p| glob::matches(p, c, false)))
        .map(|c| &c[..])
        .collect();
    ctx.out.array(found.len());
    for c in found {
        ctx.out.bulk(c);
    }
}

fn numsub(ctx: &mut Ctx, args: &Args, kind: Kind) {
    ctx.out.array(2 * (args.len() - 2));
    for channel in args.iter().skip(2) {
        let n = ctx.st.pubsub.subscribers(kind, channel).len();
        ctx.out.bulk(channel);
        ctx.out.int(n as i64);
    }
}
