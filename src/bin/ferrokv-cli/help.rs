//! `HELP`, `help <command>` and `help @<group>`, built from the server's `COMMAND DOCS`.
//!
//! The CLI carries no command table of its own: whatever the server documents is what help shows,
//! so it can never disagree with the server. Entries and their argument summaries are built the
//! way redis-cli builds them (`cliInitHelp`, `cliAddArgument`) and printed in the same layout.

use crate::resp::Reply;

/// One command or subcommand ("CLIENT LIST") with its rendered argument synopsis.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Upper-case words of the name: `["SET"]` or `["CLIENT", "LIST"]`.
    pub words: Vec<String>,
    pub params: String,
    pub summary: String,
    pub since: Option<String>,
    pub group: String,
}

impl Entry {
    pub fn full_name(&self) -> String {
        self.words.join(" ")
    }
}

/// Builds the sorted help table from a `COMMAND DOCS` reply (a RESP3 map or a RESP2 flat array).
pub fn entries_from_docs(docs: &Reply) -> Vec<Entry> {
    let mut out = Vec::new();
    for (name, spec) in pairs(docs) {
        if let Some(name) = text(name) {
            add_entry(&mut out, &name.to_ascii_uppercase(), None, spec);
        }
    }
    out.sort_by_key(Entry::full_name);
    out
}

/// Group names present in the table, sorted, for completion of `help @...`.
pub fn groups(entries: &[Entry]) -> Vec<String> {
    let mut groups: Vec<String> = entries
        .iter()
        .map(|e| e.group.clone())
        .filter(|g| !g.is_empty())
        .collect();
    groups.sort();
    groups.dedup();
    groups
}

fn add_entry(out: &mut Vec<Entry>, cmd: &str, sub: Option<&str>, spec: &Reply) {
    let mut words = vec![cmd.to_string()];
    if let Some(sub) = sub {
        // Subcommands are documented as "container|sub".
        let tail = sub.split_once('|').map(|(_, s)| s).unwrap_or(sub);
        words.push(tail.to_ascii_uppercase());
    }
    let mut entry = Entry {
        words,
        params: String::new(),
        summary: String::new(),
        since: None,
        group: String::new(),
    };
    let mut subcommands = Vec::new();
    for (key, value) in pairs(spec) {
        match text(key).as_deref() {
            Some("summary") => entry.summary = text(value).unwrap_or_default(),
            Some("since") => entry.since = text(value),
            Some("group") => entry.group = text(value).unwrap_or_default(),
            Some("arguments") => entry.params = join_arguments(value, " "),
            Some("subcommands") => subcommands.extend(pairs(value)),
            _ => {}
        }
    }
    out.push(entry);
    for (name, sub_spec) in subcommands {
        if let Some(name) = text(name) {
            add_entry(out, cmd, Some(&name), sub_spec);
        }
    }
}

/// `cliConcatArguments`
fn join_arguments(args: &Reply, separator: &str) -> String {
    items(args)
        .iter()
        .map(argument)
        .collect::<Vec<_>>()
        .join(separator)
}

/// `cliAddArgument`: `[token name [name ...]]`, `a|b` for one-of, blocks joined by spaces.
fn argument(arg: &Reply) -> String {
    let (mut name, mut kind, mut token) = (String::new(), String::new(), None::<String>);
    let (mut optional, mut multiple, mut multiple_token) = (false, false, false);
    let mut nested = None;
    for (key, value) in pairs(arg) {
        match text(key).as_deref() {
            Some("name") => name = text(value).unwrap_or_default(),
            Some("type") => kind = text(value).unwrap_or_default(),
            Some("token") => token = text(value),
            Some("arguments") => nested = Some(value),
            Some("flags") => {
                for flag in items(value) {
                    match text(flag).as_deref() {
                        Some("optional") => optional = true,
                        Some("multiple") => multiple = true,
                        Some("multiple_token") => multiple_token = true,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let or_empty = |s: &str| {
        if s.is_empty() {
            "\"\"".to_string()
        } else {
            s.to_string()
        }
    };
    let repeat = match kind.as_str() {
        "oneof" => nested.map(|n| join_arguments(n, "|")).unwrap_or_default(),
        "block" => nested.map(|n| join_arguments(n, " ")).unwrap_or_default(),
        "pure-token" => String::new(),
        _ => or_empty(&name),
    };
    let mut token_part = token.map(|t| or_empty(&t)).unwrap_or_default();
    if !token_part.is_empty() && kind != "pure-token" {
        token_part.push(' ');
    }
    let mut out = String::new();
    if optional {
        out.push('[');
    }
    out.push_str(&token_part);
    out.push_str(&repeat);
    if multiple {
        out.push_str(" [");
        if multiple_token {
            out.push_str(&token_part);
        }
        out.push_str(&repeat);
        out.push_str(" ...]");
    }
    if optional {
        out.push(']');
    }
    out
}

/// The text printed for `help` with no arguments.
pub fn generic() -> String {
    format!(
        "ferrokv-cli {}\n\
         To get help about ferrokv commands type:\n      \
         \"help @<group>\" to get a list of commands in <group>\n      \
         \"help <command>\" for help on <command>\n      \
         \"help <tab>\" to get a list of possible help topics\n      \
         \"quit\" to exit\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// The text printed for `help <words...>` or `help @group`, in redis-cli's layout (bold name,
/// grey arguments, yellow labels, CRLF line ends).
pub fn lookup(entries: &[Entry], query: &[Vec<u8>]) -> String {
    let query: Vec<String> = query
        .iter()
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    let mut out = String::new();
    let group = query.first().and_then(|q| q.strip_prefix('@'));
    for entry in entries {
        match group {
            Some(group) if entry.group.eq_ignore_ascii_case(group) => {
                out.push_str(&describe(entry, false))
            }
            Some(_) => {}
            None => {
                let matches = query.len() <= entry.words.len()
                    && query
                        .iter()
                        .zip(&entry.words)
                        .all(|(q, w)| q.eq_ignore_ascii_case(w));
                if matches {
                    out.push_str(&describe(entry, true));
                }
            }
        }
    }
    out.push_str("\r\n");
    out
}

fn describe(entry: &Entry, with_group: bool) -> String {
    let mut out = format!(
        "\r\n  \x1b[1m{}\x1b[0m \x1b[90m{}\x1b[0m\r\n",
        entry.full_name(),
        entry.params
    );
    out.push_str(&format!("  \x1b[33msummary:\x1b[0m {}\r\n", entry.summary));
    if let Some(since) = &entry.since {
        out.push_str(&format!("  \x1b[33msince:\x1b[0m {since}\r\n"));
    }
    if with_group {
        out.push_str(&format!("  \x1b[33mgroup:\x1b[0m {}\r\n", entry.group));
    }
    out
}

/// Key/value pairs of a map, or of a flat RESP2 array standing in for one.
fn pairs(r: &Reply) -> Vec<(&Reply, &Reply)> {
    match r {
        Reply::Map(pairs) => pairs.iter().map(|(k, v)| (k, v)).collect(),
        Reply::Array(items) => items.chunks_exact(2).map(|kv| (&kv[0], &kv[1])).collect(),
        _ => Vec::new(),
    }
}

fn items(r: &Reply) -> &[Reply] {
    match r {
        Reply::Array(items) | Reply::Set(items) => items,
        _ => &[],
    }
}

fn text(r: &Reply) -> Option<String> {
    match r {
        Reply::Bulk(s) | Reply::Status(s) => Some(String::from_utf8_lossy(s).into_owned()),
        Reply::Verbatim { text, .. } => Some(String::from_utf8_lossy(text).into_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> Reply {
        Reply::Bulk(s.as_bytes().to_vec())
    }

    fn st(s: &str) -> Reply {
        Reply::Status(s.as_bytes().to_vec())
    }

    fn arr(items: Vec<Reply>) -> Reply {
        Reply::Array(items)
    }

    /// SET's docs as Redis 7.0 sends them over RESP2 (trimmed to the fields help reads).
    fn set_docs() -> Reply {
        let arg = |fields: Vec<Reply>| arr(fields);
        arr(vec![
            b("set"),
            arr(vec![
                b("summary"),
                b("Set the string value of a key"),
                b("since"),
                b("1.0.0"),
                b("group"),
                b("string"),
                b("arguments"),
                arr(vec![
                    arg(vec![b("name"), b("key"), b("type"), b("key")]),
                    arg(vec![b("name"), b("value"), b("type"), b("string")]),
                    arg(vec![
                        b("name"),
                        b("condition"),
                        b("type"),
                        b("oneof"),
                        b("flags"),
                        arr(vec![st("optional")]),
                        b("arguments"),
                        arr(vec![
                            arg(vec![
                                b("name"),
                                b("nx"),
                                b("type"),
                                b("pure-token"),
                                b("token"),
                                b("NX"),
                            ]),
                            arg(vec![
                                b("name"),
                                b("xx"),
                                b("type"),
                                b("pure-token"),
                                b("token"),
                                b("XX"),
                            ]),
                        ]),
                    ]),
                    arg(vec![
                        b("name"),
                        b("get"),
                        b("type"),
                        b("pure-token"),
                        b("token"),
                        b("GET"),
                        b("flags"),
                        arr(vec![st("optional")]),
                    ]),
                    arg(vec![
                        b("name"),
                        b("expiration"),
                        b("type"),
                        b("oneof"),
                        b("flags"),
                        arr(vec![st("optional")]),
                        b("arguments"),
                        arr(vec![
                            arg(vec![
                                b("name"),
                                b("seconds"),
                                b("type"),
                                b("integer"),
                                b("token"),
                                b("EX"),
                            ]),
                            arg(vec![
                                b("name"),
                                b("keepttl"),
                                b("type"),
                                b("pure-token"),
                                b("token"),
                                b("KEEPTTL"),
                            ]),
                        ]),
                    ]),
                ]),
            ]),
            b("del"),
            arr(vec![
                b("summary"),
                b("Delete a key"),
                b("since"),
                b("1.0.0"),
                b("group"),
                b("generic"),
                b("arguments"),
                arr(vec![arg(vec![
                    b("name"),
                    b("key"),
                    b("type"),
                    b("key"),
                    b("flags"),
                    arr(vec![st("multiple")]),
                ])]),
            ]),
            b("client"),
            arr(vec![
                b("summary"),
                b("A container for client connection commands"),
                b("since"),
                b("2.4.0"),
                b("group"),
                b("connection"),
                b("subcommands"),
                arr(vec![
                    b("client|id"),
                    arr(vec![
                        b("summary"),
                        b("Returns the client ID for the current connection"),
                        b("since"),
                        b("5.0.0"),
                        b("group"),
                        b("connection"),
                    ]),
                ]),
            ]),
        ])
    }

    #[test]
    fn builds_synopsis_like_redis_cli() {
        let entries = entries_from_docs(&set_docs());
        let names: Vec<String> = entries.iter().map(Entry::full_name).collect();
        assert_eq!(names, ["CLIENT", "CLIENT ID", "DEL", "SET"]);
        let set = &entries[3];
        assert_eq!(set.params, "key value [NX|XX] [GET] [EX seconds|KEEPTTL]");
        assert_eq!(entries[2].params, "key [key ...]");
        assert_eq!(groups(&entries), ["connection", "generic", "string"]);
    }

    #[test]
    fn help_command_layout() {
        let entries = entries_from_docs(&set_docs());
        // Captured from `redis-cli help set` (arguments trimmed like the docs above).
        assert_eq!(
            lookup(&entries, &[b"set".to_vec()]),
            "\r\n  \x1b[1mSET\x1b[0m \x1b[90mkey value [NX|XX] [GET] [EX seconds|KEEPTTL]\x1b[0m\r\n  \
             \x1b[33msummary:\x1b[0m Set the string value of a key\r\n  \x1b[33msince:\x1b[0m 1.0.0\r\n  \
             \x1b[33mgroup:\x1b[0m string\r\n\r\n"
        );
        let client = lookup(&entries, &[b"client".to_vec()]);
        assert!(
            client.contains("CLIENT\x1b[0m \x1b[90m\x1b[0m") && client.contains("CLIENT ID"),
            "{client:?}"
        );
        let group = lookup(&entries, &[b"@connection".to_vec()]);
        assert!(
            group.contains("CLIENT ID") && !group.contains("group:") && !group.contains("SET"),
            "{group:?}"
        );
        assert_eq!(lookup(&entries, &[b"nosuch".to_vec()]), "\r\n");
    }
}
