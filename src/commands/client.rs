//! CLIENT: connection introspection and control (ID, SETNAME, GETNAME, SETINFO, INFO, LIST,
//! KILL, REPLY, UNBLOCK, HELP).

use super::flags::*;
use super::{Args, Command, Ctx, sub_arity_ok, unknown_subcommand};
use crate::net::conn::{ClientState, Conn, Skip};
use crate::proto::errors;

pub static COMMANDS: &[Command] = &[Command {
    name: "client",
    arity: -2,
    flags: ADMIN | NOSCRIPT | LOADING | STALE,
    keys: (0, 0, 0),
    group: "connection",
    syntax: "CLIENT ID|SETNAME name|GETNAME|SETINFO LIB-NAME|LIB-VER value|INFO|LIST [TYPE normal] [ID id ...]|KILL ...|REPLY ON|OFF|SKIP|UNBLOCK id [TIMEOUT|ERROR]|HELP",
    handler: client,
}];

/// The subcommands CLIENT serves (COMMAND reports those Redis 7.0 knows; SETINFO is 7.2's).
pub const SUBCOMMANDS: (&str, &[&str]) = (
    "client",
    &[
        "getname", "help", "id", "info", "kill", "list", "pause", "reply", "setinfo", "setname",
        "unblock", "unpause",
    ],
);

const HELP: &[&str] = &[
    "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "    * ID <client-id>",
    "      Kill connections by client id.",
    "    * MAXAGE <maxage>",
    "      Kill connections older than the specified age.",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "UNPAUSE",
    "    Stop the current client pause, resuming traffic.",
    "PAUSE <timeout> [WRITE|ALL]",
    "    Suspend all, or just write, clients for <timeout> milliseconds.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "SETINFO <option> <value>",
    "    Set client meta attr. Options are:",
    "    * LIB-NAME: the client lib name.",
    "    * LIB-VER: the client lib version.",
    "HELP",
    "    Prints this help.",
];

/// One CLIENT LIST line (Redis 7.0's fields, plus 7.2's lib-name and lib-ver).
pub fn info_line(conn: &Conn, now_ms: i64) -> String {
    let c = &conn.client;
    let text = |v: &Option<Vec<u8>>| {
        v.as_ref()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default()
    };
    let qbuf = conn.unparsed();
    let subs = c.subs.as_ref().map_or((0, 0, 0), |s| s.counts());
    format!(
        "id={} addr={} laddr={} fd={} name={} age={} idle={} flags={} db={} sub={} psub={} ssub={} multi={} qbuf={} qbuf-free={} argv-mem=0 multi-mem=0 rbs={} rbp=0 obl=0 oll=0 omem={} tot-mem={} events=r cmd={} user=default redir=-1 resp={} lib-name={} lib-ver={}\n",
        c.id,
        c.addr,
        c.laddr,
        c.fd,
        text(&c.name),
        (now_ms - c.created_ms) / 1000,
        (now_ms - c.last_interaction_ms) / 1000,
        flags(c),
        c.db,
        subs.0,
        subs.1,
        subs.2,
        c.multi.as_ref().map_or(-1, |m| m.queue.len() as i64),
        qbuf,
        conn.rbuf.len() - conn.rend,
        conn.rbuf.len(),
        conn.pending_output(),
        conn.rbuf.len() + conn.out.buf.capacity(),
        c.last_cmd,
        if conn.out.resp3 { 3 } else { 2 },
        text(&c.lib_name),
        text(&c.lib_ver),
    )
}

/// CLIENT LIST's `flags`, in Redis's order: O (monitor), P (subscriber), x (in MULTI),
/// b (blocked), or N for none.
fn flags(c: &ClientState) -> String {
    let mut f = String::new();
    for (on, letter) in [
        (c.monitor, 'O'),
        (c.subs.is_some(), 'P'),
        (c.multi.is_some(), 'x'),
        (c.blocked.is_some() || c.postponed, 'b'),
    ] {
        if on {
            f.push(letter);
        }
    }
    if f.is_empty() {
        f.push('N');
    }
    f
}

/// The current connection's line. It is out of the slab while its command runs, so the line is
/// built from the parts the handler can see (its other buffers are reported as empty).
fn own_line(ctx: &Ctx) -> String {
    let c = &ctx.client;
    let text = |v: &Option<Vec<u8>>| {
        v.as_ref()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default()
    };
    let subs = c.subs.as_ref().map_or((0, 0, 0), |s| s.counts());
    format!(
        "id={} addr={} laddr={} fd={} name={} age={} idle=0 flags={} db={} sub={} psub={} ssub={} multi={} qbuf={} qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd={} user=default redir=-1 resp={} lib-name={} lib-ver={}\n",
        c.id,
        c.addr,
        c.laddr,
        c.fd,
        text(&c.name),
        (ctx.st.now_ms - c.created_ms) / 1000,
        flags(c),
        c.db,
        subs.0,
        subs.1,
        subs.2,
        c.multi.as_ref().map_or(-1, |m| m.queue.len() as i64),
        c.qbuf,
        c.last_cmd,
        if ctx.out.resp3 { 3 } else { 2 },
        text(&c.lib_name),
        text(&c.lib_ver),
    )
}

fn client(ctx: &mut Ctx, args: &Args) {
    let sub = args.get(1).to_ascii_lowercase();
    match sub.as_slice() {
        b"id" if sub_arity_ok(ctx, args, 2, "client|id") => {
            ctx.out.int(ctx.client.id as i64);
        }
        b"getname" if sub_arity_ok(ctx, args, 2, "client|getname") => match &ctx.client.name {
            Some(n) => ctx.out.bulk(n),
            None => ctx.out.null(),
        },
        b"setname" if sub_arity_ok(ctx, args, 3, "client|setname") => {
            let name = args.get(2);
            if !super::connection::valid_client_name(name) {
                return ctx.out.error(
                    "ERR Client names cannot contain spaces, newlines or special characters.",
                );
            }
            ctx.client.name = (!name.is_empty()).then(|| name.to_vec());
            ctx.out.ok();
        }
        b"setinfo" if sub_arity_ok(ctx, args, 4, "client|setinfo") => {
            let value = args.get(3);
            if !value.iter().all(|&c| (b'!'..=b'~').contains(&c)) {
                let attr = String::from_utf8_lossy(args.get(2)).to_ascii_lowercase();
                return ctx.out.error(&format!(
                    "ERR {attr} cannot contain spaces, newlines or special characters."
                ));
            }
            let slot = if args.is(2, "lib-name") {
                &mut ctx.client.lib_name
            } else if args.is(2, "lib-ver") {
                &mut ctx.client.lib_ver
            } else {
                let attr = String::from_utf8_lossy(args.get(2)).into_owned();
                return ctx.out.error(&format!("ERR Unrecognized option '{attr}'"));
            };
            *slot = (!value.is_empty()).then(|| value.to_vec());
            ctx.out.ok();
        }
        b"pause" if sub_arity_ok(ctx, args, -3, "client|pause") => pause(ctx, args),
        b"unpause" if sub_arity_ok(ctx, args, 2, "client|unpause") => {
            ctx.st.pause = None;
            ctx.out.ok();
        }
        b"reply" if sub_arity_ok(ctx, args, 3, "client|reply") => {
            if args.is(2, "on") {
                ctx.client.reply_off = false;
                if ctx.client.reply_skip == Skip::This {
                    ctx.client.reply_skip = Skip::No;
                }
                ctx.out.ok();
            } else if args.is(2, "off") {
                ctx.client.reply_off = true;
            } else if args.is(2, "skip") {
                if !ctx.client.reply_off {
                    ctx.client.reply_skip = Skip::Next;
                }
            } else {
                ctx.out.error(errors::SYNTAX);
            }
        }
        b"info" if sub_arity_ok(ctx, args, 2, "client|info") => {
            let line = own_line(ctx);
            ctx.out.verbatim(line.as_bytes());
        }
        b"list" if sub_arity_ok(ctx, args, -2, "client|list") => list(ctx, args),
        b"kill" if sub_arity_ok(ctx, args, -3, "client|kill") => kill(ctx, args),
        b"unblock" if sub_arity_ok(ctx, args, -3, "client|unblock") => unblock(ctx, args),
        b"help" if sub_arity_ok(ctx, args, 2, "client|help") => {
            ctx.out.array(HELP.len());
            for line in HELP {
                ctx.out.simple(line);
            }
        }
        b"id" | b"getname" | b"setname" | b"setinfo" | b"info" | b"list" | b"kill" | b"unblock"
        | b"reply" | b"pause" | b"unpause" | b"help" => {}
        _ => unknown_subcommand(ctx, args, "client"),
    }
}

/// Redis's client types, as CLIENT LIST and CLIENT KILL filter by them. A monitor is a
/// normal client; nothing here is a master or a replica.
#[derive(Clone, Copy, PartialEq)]
enum ClientType {
    Normal,
    Pubsub,
    Replication,
}

fn client_type(name: &[u8]) -> Option<ClientType> {
    match name.to_ascii_lowercase().as_slice() {
        b"normal" => Some(ClientType::Normal),
        b"pubsub" => Some(ClientType::Pubsub),
        b"master" | b"replica" | b"slave" => Some(ClientType::Replication),
        _ => None,
    }
}

fn type_of(c: &ClientState) -> ClientType {
    if c.subs.is_some() {
        ClientType::Pubsub
    } else {
        ClientType::Normal
    }
}

/// CLIENT PAUSE timeout [WRITE|ALL], as Redis 7.0: a second pause extends the first (the
/// longer time, and ALL over WRITE). Clients' commands wait, unread, until it ends.
fn pause(ctx: &mut Ctx, args: &Args) {
    if args.len() > 4 {
        return super::subcommand_syntax_error(ctx, args, "CLIENT");
    }
    let all = if args.len() == 4 {
        if args.is(3, "write") {
            false
        } else if args.is(3, "all") {
            true
        } else {
            return ctx.out.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
        }
    } else {
        true
    };
    let Some(ms) = crate::proto::num::parse_i64(args.get(2)) else {
        return ctx
            .out
            .error("ERR timeout is not an integer or out of range");
    };
    if ms < 0 {
        return ctx.out.error("ERR timeout is negative");
    }
    let now = crate::util::now_ms();
    if ms > i64::MAX - now {
        return ctx.out.error("ERR timeout is out of range");
    }
    let until_ms = if ms > 0 { ms + now } else { 0 };
    let pause = match ctx.st.pause {
        Some(p) => crate::state::Pause {
            all: p.all || all,
            until_ms: p.until_ms.max(until_ms),
        },
        None => crate::state::Pause { all, until_ms },
    };
    ctx.st.pause = Some(pause);
    ctx.out.ok();
}

/// As Redis 7.0: either `TYPE t` or `ID id ...` (not both); IDs are listed in the order given,
/// and any integer is accepted (unknown ones list nothing).
fn list(ctx: &mut Ctx, args: &Args) {
    let mut ids: Option<Vec<u64>> = None;
    let mut kind = None;
    if args.len() == 4 && args.is(2, "type") {
        match client_type(args.get(3)) {
            Some(t) => kind = Some(t),
            None => {
                let t = String::from_utf8_lossy(args.get(3)).into_owned();
                return ctx.out.error(&format!("ERR Unknown client type '{t}'"));
            }
        }
    } else if args.len() > 3 && args.is(2, "id") {
        let mut found = Vec::new();
        for arg in args.iter().skip(3) {
            match crate::proto::num::parse_i64(arg) {
                Some(n) => found.push(n as u64),
                None => return ctx.out.error("ERR Invalid client ID"),
            }
        }
        ids = Some(found);
    } else if args.len() != 2 {
        return ctx.out.error(errors::SYNTAX);
    }
    let now = ctx.st.now_ms;
    let line_of = |ctx: &Ctx, id: u64| {
        if id == ctx.client.id {
            return Some(own_line(ctx));
        }
        ctx.conns
            .iter()
            .filter_map(|(_, c)| c.as_ref())
            .find(|c| !c.closing && c.client.id == id)
            .map(|c| info_line(c, now))
    };
    let text: String = match ids {
        Some(ids) => ids.into_iter().filter_map(|id| line_of(ctx, id)).collect(),
        None => {
            let mut lines: Vec<(u64, String)> = ctx
                .conns
                .iter()
                .filter_map(|(_, c)| c.as_ref())
                .filter(|c| !c.closing && kind.is_none_or(|t| type_of(&c.client) == t))
                .map(|c| (c.client.id, info_line(c, now)))
                .collect();
            if kind.is_none_or(|t| type_of(ctx.client) == t) {
                lines.push((ctx.client.id, own_line(ctx)));
            }
            lines.sort_by_key(|(id, _)| *id);
            lines.into_iter().map(|(_, l)| l).collect()
        }
    };
    ctx.out.verbatim(text.as_bytes());
}

/// Ends another client's blocking command early: with its timeout reply, or with ERROR an
/// `-UNBLOCKED` error. Replies 1 if that client was blocked.
fn unblock(ctx: &mut Ctx, args: &Args) {
    let Some(id) = ctx.int_arg(args.get(2)) else {
        return;
    };
    let as_error = if args.len() == 4 {
        if args.is(3, "error") {
            true
        } else if args.is(3, "timeout") {
            false
        } else {
            return ctx
                .out
                .error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
        }
    } else if args.len() > 4 {
        return ctx.out.error(errors::SYNTAX);
    } else {
        false
    };
    let target = ctx
        .conns
        .iter_mut()
        .filter_map(|(_, c)| c.as_mut())
        .find(|c| c.client.id as i64 == id && !c.closing);
    let Some(conn) = target else {
        return ctx.out.int(0);
    };
    let Some(b) = conn.client.blocked.take() else {
        return ctx.out.int(0);
    };
    let reply_start = conn.out.buf.len();
    if as_error {
        conn.out
            .error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    } else {
        conn.out.null_array();
    }
    conn.command_done(reply_start);
    ctx.st
        .blocking
        .unblock((conn.client.slot, conn.client.id), b.db, &b.keys);
    ctx.st.blocking.resumed.push(conn.client.slot);
    ctx.out.int(1);
}

/// Marks matching connections for closing. Old form `KILL addr` replies +OK or an error;
/// the filter form replies with the number killed.
fn kill(ctx: &mut Ctx, args: &Args) {
    if args.len() == 3 {
        let addr = args.get(2);
        if ctx.client.addr.as_bytes() == addr {
            ctx.client.close_after_reply = true;
            return ctx.out.ok();
        }
        let target = ctx
            .conns
            .iter_mut()
            .filter_map(|(_, c)| c.as_mut())
            .find(|c| !c.closing && c.client.addr.as_bytes() == addr);
        return match target {
            Some(c) => {
                c.closing = true;
                ctx.st.kills_pending = true;
                ctx.out.ok()
            }
            None => ctx.out.error("ERR No such client"),
        };
    }
    let mut id: Option<u64> = None;
    let mut addr: Option<&[u8]> = None;
    let mut laddr: Option<&[u8]> = None;
    let mut maxage: Option<i64> = None;
    let mut skipme = true;
    let mut kind = None;
    let mut j = 2;
    while j < args.len() {
        if j + 1 >= args.len() {
            return ctx.out.error(errors::SYNTAX);
        }
        let v = args.get(j + 1);
        if args.is(j, "id") {
            match crate::proto::num::parse_i64(v) {
                Some(n) if n > 0 => id = Some(n as u64),
                _ => return ctx.out.error("ERR client-id should be greater than 0"),
            }
        } else if args.is(j, "addr") {
            addr = Some(v);
        } else if args.is(j, "laddr") {
            laddr = Some(v);
        } else if args.is(j, "user") {
            // Redis rejects a user that does not exist; `default`, the only one here, is
            // everyone's, so it filters nothing.
            if v != b"default" {
                let name = String::from_utf8_lossy(v).into_owned();
                return ctx.out.error(&format!("ERR No such user '{name}'"));
            }
        } else if args.is(j, "maxage") {
            match crate::proto::num::parse_i64(v) {
                Some(n) => maxage = Some(n),
                None => return ctx.out.error(errors::NOT_INTEGER),
            }
        } else if args.is(j, "type") {
            match client_type(v) {
                Some(t) => kind = Some(t),
                None => {
                    let t = String::from_utf8_lossy(v).into_owned();
                    return ctx.out.error(&format!("ERR Unknown client type '{t}'"));
                }
            }
        } else if args.is(j, "skipme") {
            match v.to_ascii_lowercase().as_slice() {
                b"yes" => skipme = true,
                b"no" => skipme = false,
                _ => return ctx.out.error(errors::SYNTAX),
            }
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
        j += 2;
    }
    let now = ctx.st.now_ms;
    let matches = |c: &crate::net::conn::ClientState| {
        kind.is_none_or(|t| type_of(c) == t)
            && id.is_none_or(|i| c.id == i)
            && addr.is_none_or(|a| c.addr.as_bytes() == a)
            && laddr.is_none_or(|a| c.laddr.as_bytes() == a)
            && maxage.is_none_or(|m| (now - c.created_ms) / 1000 >= m)
    };
    let mut killed = 0;
    for (_, c) in ctx.conns.iter_mut() {
        if let Some(c) = c.as_mut()
            && !c.closing
            && matches(&c.client)
        {
            c.closing = true;
            ctx.st.kills_pending = true;
            killed += 1;
        }
    }
    if !skipme && matches(ctx.client) {
        ctx.client.close_after_reply = true;
        killed += 1;
    }
    ctx.out.int(killed);
}
