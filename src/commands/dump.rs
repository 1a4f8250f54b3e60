//! DUMP and RESTORE: a value in Redis's own serialization (the RDB encoding of the value, the
//! RDB version and a CRC64), so values move between ferrokv and Redis (`redis-cli --pipe`,
//! migration tools) byte for byte.

use super::flags::*;
use super::{Args, Command, Ctx};
use crate::persist::rdb::{self, RestoreError};
use crate::proto::errors;
use crate::proto::num::parse_i64;

pub static COMMANDS: &[Command] = &[
    Command {
        name: "dump",
        arity: 2,
        flags: READONLY,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "DUMP key",
        handler: dump,
    },
    Command {
        name: "restore",
        arity: -4,
        flags: WRITE | DENYOOM,
        keys: (1, 1, 1),
        group: "generic",
        syntax: "RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]",
        handler: restore,
    },
];

fn dump(ctx: &mut Ctx, args: &Args) {
    let db = ctx.client.db;
    let opts = rdb::WriteOptions {
        compress: ctx.st.config.rdbcompression,
        checksum: true,
    };
    let payload = match ctx.st.lookup_read(db, args.get(1)) {
        None => None,
        Some(value) => rdb::dump(value, opts),
    };
    match payload {
        Some(p) => ctx.out.bulk(&p),
        None => ctx.out.null(),
    }
}

/// As Redis's `restoreCommand`, checks in its order: options, an existing key (without
/// REPLACE), the TTL, the payload. A relative TTL is logged as an absolute one (ABSTTL), and a
/// TTL already in the past leaves no key (only the deletion REPLACE did).
fn restore(ctx: &mut Ctx, args: &Args) {
    let (mut replace, mut absttl, mut idle) = (false, false, None);
    let mut freq_given = false;
    let mut j = 4;
    while j < args.len() {
        let more = args.len() - j - 1;
        if args.is(j, "replace") {
            replace = true;
        } else if args.is(j, "absttl") {
            absttl = true;
        } else if args.is(j, "idletime") && more >= 1 && !freq_given {
            let Some(n) = ctx.int_arg(args.get(j + 1)) else {
                return;
            };
            if n < 0 {
                return ctx.out.error("ERR Invalid IDLETIME value, must be >= 0");
            }
            idle = Some(n as u64);
            j += 1;
        } else if args.is(j, "freq") && more >= 1 && idle.is_none() {
            let Some(n) = ctx.int_arg(args.get(j + 1)) else {
                return;
            };
            if !(0..=255).contains(&n) {
                return ctx
                    .out
                    .error("ERR Invalid FREQ value, must be >= 0 and <= 255");
            }
            // Only an LFU eviction policy keeps access frequencies; there is none here.
            freq_given = true;
            j += 1;
        } else {
            return ctx.out.error(errors::SYNTAX);
        }
        j += 1;
    }
    let (db, key) = (ctx.client.db, args.get(1));
    if !replace && ctx.st.lookup(db, key).is_some() {
        return ctx.out.error("BUSYKEY Target key name already exists.");
    }
    let Some(ttl) = parse_i64(args.get(2)) else {
        return ctx.out.error(errors::NOT_INTEGER);
    };
    if ttl < 0 {
        return ctx.out.error("ERR Invalid TTL value, must be >= 0");
    }
    let limits = rdb::Limits::from_config(&ctx.st.config.encodings);
    let value = match rdb::restore(args.get(3), limits) {
        Ok(v) => v,
        Err(RestoreError::VersionOrChecksum) => {
            return ctx
                .out
                .error("ERR DUMP payload version or checksum are wrong");
        }
        Err(RestoreError::BadFormat) => return ctx.out.error("ERR Bad data format"),
    };
    let deleted = if replace {
        ctx.st.dbs[db]
            .remove(key)
            .map(|old| ctx.free(old))
            .is_some()
    } else {
        false
    };
    let now = crate::util::now_ms();
    let at = match ttl {
        0 => None,
        t if absttl => Some(t),
        t => Some(t.saturating_add(now)),
    };
    if at.is_some_and(|at| at <= now) {
        drop(value);
        if deleted {
            ctx.dirty(1);
            ctx.propagate_as(&[b"DEL", key]);
        }
        return ctx.out.ok();
    }
    ctx.st.dbs[db].insert_new(key, value);
    if let Some(at) = at {
        ctx.st.dbs[db].set_expire(key, at);
        if !absttl {
            let at_text = at.to_string();
            let mut logged: Vec<&[u8]> = args.iter().collect();
            logged[2] = at_text.as_bytes();
            logged.push(b"ABSTTL");
            ctx.propagate_as(&logged);
        }
    }
    if let Some(secs) = idle {
        ctx.st.dbs[db].set_idle_secs(key, secs);
    }
    ctx.dirty(1);
    ctx.out.ok();
}
