//! CONFIG GET/SET/RESETSTAT/HELP over the directives in `config.rs`.

use super::flags::*;
use super::{Args, Command, Ctx, sub_arity_ok, unknown_subcommand};
use crate::config::Config;
use crate::proto::errors;

pub static COMMANDS: &[Command] = &[Command {
    name: "config",
    arity: -2,
    flags: ADMIN | NOSCRIPT | LOADING | STALE,
    keys: (0, 0, 0),
    group: "server",
    syntax: "CONFIG GET parameter [parameter ...]|SET parameter value [parameter value ...]|RESETSTAT|HELP",
    handler: config,
}];

/// The subcommands CONFIG serves (COMMAND reports only these).
pub const SUBCOMMANDS: (&str, &[&str]) =
    ("config", &["get", "help", "resetstat", "rewrite", "set"]);

const HELP: &[&str] = &[
    "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "GET <pattern>",
    "    Return parameters matching the glob-like <pattern> and their values.",
    "SET <directive> <value>",
    "    Set the configuration <directive> to <value>.",
    "RESETSTAT",
    "    Reset statistics reported by the INFO command.",
    "REWRITE",
    "    Rewrite the configuration file.",
    "HELP",
    "    Prints this help.",
];

fn config(ctx: &mut Ctx, args: &Args) {
    let sub = args.get(1).to_ascii_lowercase();
    match sub.as_slice() {
        b"get" if sub_arity_ok(ctx, args, -3, "config|get") => get(ctx, args),
        b"set" if sub_arity_ok(ctx, args, -4, "config|set") => set(ctx, args),
        b"resetstat" if sub_arity_ok(ctx, args, 2, "config|resetstat") => {
            ctx.st.stats = Default::default();
            ctx.st
                .cmd_stats
                .iter_mut()
                .for_each(|s| *s = Default::default());
            ctx.out.ok();
        }
        b"rewrite" if sub_arity_ok(ctx, args, 2, "config|rewrite") => rewrite(ctx),
        b"help" if sub_arity_ok(ctx, args, 2, "config|help") => {
            ctx.out.array(HELP.len());
            for line in HELP {
                ctx.out.simple(line);
            }
        }
        b"get" | b"set" | b"resetstat" | b"rewrite" | b"help" => {}
        _ => unknown_subcommand(ctx, args, "config"),
    }
}

fn get(ctx: &mut Ctx, args: &Args) {
    // (name as replied, directive): a plain name is echoed as typed, as Redis does.
    let mut found: Vec<(String, &'static str)> = Vec::new();
    for pattern in args.iter().skip(2) {
        if !Config::is_pattern(pattern) {
            let typed = String::from_utf8_lossy(pattern).into_owned();
            if let Some(name) = Config::canonical(pattern)
                && !found.iter().any(|(_, n)| *n == name)
            {
                found.push((typed, name));
            }
            continue;
        }
        for name in Config::matching(pattern) {
            if !found.iter().any(|(_, n)| *n == name) {
                found.push((name.to_string(), name));
            }
        }
    }
    ctx.out.map(found.len());
    for (shown, name) in found {
        let value = ctx.st.config.get(name).unwrap_or_default();
        ctx.out.bulk(shown.as_bytes());
        ctx.out.bulk(value.as_bytes());
    }
}

/// Writes the running configuration back to the file the server was started with: lines of
/// directives we know get their current value, comments and everything else stay, and
/// directives set away from their default that the file lacks are appended. Written to a
/// temporary file and renamed, so a crash leaves either the old or the new file.
fn rewrite(ctx: &mut Ctx) {
    let Some(path) = ctx.st.config.config_file.clone() else {
        return ctx
            .out
            .error("ERR The server is running without a config file");
    };
    match ctx.st.config.rewrite_file(&path) {
        Ok(()) => ctx.out.ok(),
        Err(e) => {
            log::warn!("CONFIG REWRITE failed: {e}");
            ctx.out.error(&format!("ERR Rewriting config file: {e}"));
        }
    }
}

/// Sets every pair or none: on any error the previous settings stay.
fn set(ctx: &mut Ctx, args: &Args) {
    if args.len() % 2 == 1 {
        return ctx.out.error(errors::SYNTAX);
    }
    let pairs: Vec<(String, String)> = (2..args.len())
        .step_by(2)
        .map(|i| {
            (
                String::from_utf8_lossy(args.get(i)).into_owned(),
                String::from_utf8_lossy(args.get(i + 1)).into_owned(),
            )
        })
        .collect();
    if let Some((name, _)) = pairs
        .iter()
        .find(|(n, _)| Config::canonical(n.as_bytes()).is_none())
    {
        return ctx.out.error(&format!(
            "ERR Unknown option or number of arguments for CONFIG SET - '{name}'"
        ));
    }
    for (i, (name, _)) in pairs.iter().enumerate() {
        if pairs[..i]
            .iter()
            .any(|(n, _)| Config::canonical(n.as_bytes()) == Config::canonical(name.as_bytes()))
        {
            return ctx.out.error(&format!("ERR CONFIG SET failed (possibly related to argument '{name}') - duplicate parameter"));
        }
    }
    let local = ctx.client.addr.starts_with("127.") || ctx.client.addr.starts_with("[::1]");
    if let Some((name, _)) = pairs.iter().find(|(n, _)| !ctx.st.config.may_set(n, local)) {
        return ctx.out.error(&format!(
            "ERR CONFIG SET failed (possibly related to argument '{}') - can't set protected config",
            name.to_ascii_lowercase()
        ));
    }
    let mut next = ctx.st.config.clone();
    for (name, value) in &pairs {
        if let Err(e) = next.set(name, value, false) {
            return ctx.out.error(&format!(
                "ERR CONFIG SET failed (possibly related to argument '{}') - {e}",
                name.to_ascii_lowercase()
            ));
        }
    }
    if next.loglevel != ctx.st.config.loglevel {
        log::set_max_level(crate::log_filter(&next.loglevel));
    }
    let aof_switch = next.appendonly != ctx.st.config.appendonly;
    ctx.st.config = next;
    if aof_switch {
        let result = if ctx.st.config.appendonly {
            crate::persist::aof::start(ctx.st)
        } else {
            crate::persist::aof::stop(ctx.st);
            Ok(())
        };
        if let Err(e) = result {
            ctx.st.config.appendonly = false;
            return ctx.out.error(&format!(
                "ERR CONFIG SET failed (possibly related to argument 'appendonly') - {e}"
            ));
        }
    }
    ctx.out.ok();
}
