//! COMMAND INFO / DOCS / COUNT / LIST / GETKEYS / GETKEYSANDFLAGS / HELP, byte for byte.
//!
//! The expected bytes were recorded from redis-server 7.0.15 for the same commands. Where
//! redis-server is installed, `same_bytes_as_a_real_redis` also compares every command ferrokv
//! serves against it live.

mod common;

use common::{Client, Server};
use ferrokv::commands::command::{Entry, redis_doc};
use ferrokv::commands::{served_subcommands, table};
use std::collections::BTreeSet;

/// A RESP2 array of bulk strings, as strings.
fn bulks(reply: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(reply);
    let mut lines = text.split("\r\n");
    let head = lines.next().unwrap();
    assert!(head.starts_with('*'), "not an array: {text}");
    let n: usize = head[1..].parse().unwrap();
    let mut out = Vec::new();
    for _ in 0..n {
        let len = lines.next().unwrap();
        assert!(len.starts_with('$'), "not a bulk: {text}");
        out.push(lines.next().unwrap().to_string());
    }
    out
}

fn hello3(c: &mut Client) {
    assert!(c.cmd(&["HELLO", "3"]).starts_with(b"%7\r\n"));
}

#[test]
fn command_info_get() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(
        c.cmd(&["COMMAND", "INFO", "get"]),
        b"*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n\
          +@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\n\
          begin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n\
          :1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\n\
          lastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"
    );
    hello3(&mut c);
    assert_eq!(
        c.cmd(&["COMMAND", "INFO", "get"]),
        b"*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n\
          +@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\n\
          begin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n\
          :1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\n\
          lastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"
    );
}

#[test]
fn command_docs_get() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(
        c.cmd(&["COMMAND", "DOCS", "get"]),
        b"*2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\n\
          since\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\n\
          O(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\n\
          key\r\n$14\r\nkey_spec_index\r\n:0\r\n"
    );
    hello3(&mut c);
    assert_eq!(
        c.cmd(&["COMMAND", "DOCS", "get"]),
        b"%1\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\n\
          since\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\n\
          O(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\n\
          key\r\n$14\r\nkey_spec_index\r\n:0\r\n"
    );
}

#[test]
fn command_info_and_docs_set() {
    let s = Server::start(&[]);
    let mut c = s.client();
    // A key spec with notes and variable flags.
    assert_eq!(
        c.cmd(&["COMMAND", "INFO", "set"]),
        b"*1\r\n*10\r\n$3\r\nset\r\n:-3\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n*3\r\n\
          +@write\r\n+@string\r\n+@slow\r\n*0\r\n*1\r\n*8\r\n$5\r\nnotes\r\n$48\r\nRW and ACCESS due to the optional `GET` argument\r\n\
          $5\r\nflags\r\n*4\r\n+RW\r\n+access\r\n+update\r\n+variable_flags\r\n$12\r\nbegin_search\r\n\
          *4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n\
          *4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n\
          :1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"
    );
    // History, nested oneof arguments, tokens, since, flags.
    assert_eq!(
        c.cmd(&["COMMAND", "DOCS", "set"]),
        b"*2\r\n$3\r\nset\r\n*12\r\n$7\r\nsummary\r\n$29\r\nSet the string value of a key\r\n\
          $5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n\
          $4\r\nO(1)\r\n$7\r\nhistory\r\n*4\r\n*2\r\n$6\r\n2.6.12\r\n$44\r\nAdded the `EX`, `PX`, `NX` and `XX` options.\r\n\
          *2\r\n$5\r\n6.0.0\r\n$27\r\nAdded the `KEEPTTL` option.\r\n*2\r\n$5\r\n6.2.0\r\n\
          $42\r\nAdded the `GET`, `EXAT` and `PXAT` option.\r\n*2\r\n$5\r\n7.0.0\r\n\
          $55\r\nAllowed the `NX` and `GET` options to be used together.\r\n\
          $9\r\narguments\r\n*5\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n\
          $14\r\nkey_spec_index\r\n:0\r\n*4\r\n$4\r\nname\r\n$5\r\nvalue\r\n$4\r\ntype\r\n$6\r\n\
          string\r\n*10\r\n$4\r\nname\r\n$9\r\ncondition\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\n\
          since\r\n$6\r\n2.6.12\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n\
          *6\r\n$4\r\nname\r\n$2\r\nnx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\n\
          NX\r\n*6\r\n$4\r\nname\r\n$2\r\nxx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n\
          $2\r\nXX\r\n*10\r\n$4\r\nname\r\n$3\r\nget\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\n\
          token\r\n$3\r\nGET\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n$5\r\nflags\r\n*1\r\n+optional\r\n\
          *8\r\n$4\r\nname\r\n$10\r\nexpiration\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nflags\r\n\
          *1\r\n+optional\r\n$9\r\narguments\r\n*5\r\n*8\r\n$4\r\nname\r\n$7\r\nseconds\r\n\
          $4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$2\r\nEX\r\n$5\r\nsince\r\n$6\r\n2.6.12\r\n\
          *8\r\n$4\r\nname\r\n$12\r\nmilliseconds\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n\
          $2\r\nPX\r\n$5\r\nsince\r\n$6\r\n2.6.12\r\n*8\r\n$4\r\nname\r\n$17\r\nunix-time-seconds\r\n\
          $4\r\ntype\r\n$9\r\nunix-time\r\n$5\r\ntoken\r\n$4\r\nEXAT\r\n$5\r\nsince\r\n$5\r\n\
          6.2.0\r\n*8\r\n$4\r\nname\r\n$22\r\nunix-time-milliseconds\r\n$4\r\ntype\r\n$9\r\n\
          unix-time\r\n$5\r\ntoken\r\n$4\r\nPXAT\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n*8\r\n$4\r\n\
          name\r\n$7\r\nkeepttl\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$7\r\n\
          KEEPTTL\r\n$5\r\nsince\r\n$5\r\n6.0.0\r\n"
    );
}

#[test]
fn subcommands_by_full_name() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(
        c.cmd(&["COMMAND", "INFO", "config|get"]),
        b"*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n\
          +stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n\
          *0\r\n"
    );
    // Names are case-insensitive; more than one `|`, or a `|` after a plain command, is no name.
    assert_eq!(
        c.cmd(&["COMMAND", "INFO", "CONFIG|GET"]),
        c.cmd(&["COMMAND", "INFO", "config|get"])
    );
    assert_eq!(
        c.cmd(&["COMMAND", "INFO", "get|x", "config|get|x", "config|nosuch"]),
        b"*3\r\n$-1\r\n$-1\r\n$-1\r\n"
    );
    hello3(&mut c);
    assert_eq!(
        c.cmd(&["COMMAND", "DOCS", "config|get"]),
        b"%1\r\n$10\r\nconfig|get\r\n%6\r\n$7\r\nsummary\r\n$42\r\nGet the values of configuration parameters\r\n\
          $5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n\
          $62\r\nO(N) when N is the number of configuration parameters provided\r\n\
          $7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n7.0.0\r\n$65\r\nAdded the ability to pass multiple pattern parameters in one call\r\n\
          $9\r\narguments\r\n*1\r\n%4\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$5\r\n\
          block\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n$9\r\narguments\r\n*1\r\n%2\r\n$4\r\nname\r\n\
          $9\r\nparameter\r\n$4\r\ntype\r\n$6\r\nstring\r\n"
    );
}

#[test]
fn unknown_names() {
    let s = Server::start(&[]);
    let mut c = s.client();
    // Redis 7.0 answers addReplyNull here: `$-1` in RESP2, `_` in RESP3.
    assert_eq!(c.cmd(&["COMMAND", "INFO", "nosuchcmd"]), b"*1\r\n$-1\r\n");
    // COMMAND DOCS leaves unknown names out.
    assert_eq!(c.cmd(&["COMMAND", "DOCS", "nosuchcmd"]), b"*0\r\n");
    assert_eq!(
        c.cmd(&["COMMAND", "DOCS", "nosuchcmd", "echo"]),
        c.cmd(&["COMMAND", "DOCS", "echo"])
    );
    hello3(&mut c);
    assert_eq!(c.cmd(&["COMMAND", "INFO", "nosuchcmd"]), b"*1\r\n_\r\n");
    assert_eq!(c.cmd(&["COMMAND", "DOCS", "nosuchcmd"]), b"%0\r\n");
}

#[test]
fn count_list_and_all_entries_cover_the_table() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let n = table().count();
    assert_eq!(
        c.cmd(&["COMMAND", "COUNT"]),
        format!(":{n}\r\n").into_bytes()
    );

    // COMMAND LIST: every table command, plus the subcommands served by containers.
    let list: BTreeSet<String> = bulks(&c.cmd(&["COMMAND", "LIST"])).into_iter().collect();
    let mut expected = BTreeSet::new();
    for cmd in table() {
        expected.insert(cmd.name.to_string());
        for sub in Entry::of(cmd).subcommands() {
            expected.insert(sub.fullname.to_string());
        }
    }
    assert_eq!(list, expected);
    assert!(list.contains("config|get") && list.contains("config|rewrite"));
    assert!(list.contains("client|kill") && !list.contains("client|tracking"));

    // COMMAND and COMMAND INFO: one 10-element entry per table command.
    for args in [&["COMMAND"][..], &["COMMAND", "INFO"][..]] {
        let all = c.cmd(args);
        assert!(all.starts_with(format!("*{n}\r\n*10\r\n").as_bytes()));
    }
    assert!(
        c.cmd(&["COMMAND", "DOCS"])
            .starts_with(format!("*{}\r\n", 2 * n).as_bytes())
    );
    hello3(&mut c);
    assert!(
        c.cmd(&["COMMAND", "DOCS"])
            .starts_with(format!("%{n}\r\n").as_bytes())
    );
}

#[test]
fn list_filters() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let names = |c: &mut Client, args: &[&str]| -> BTreeSet<String> {
        bulks(&c.cmd(args)).into_iter().collect()
    };
    let config = names(
        &mut c,
        &["COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG*"],
    );
    let want: BTreeSet<String> = [
        "config",
        "config|get",
        "config|help",
        "config|resetstat",
        "config|rewrite",
        "config|set",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(config, want);

    // ACLCAT matches Redis's categories (case-insensitively), implicit ones included.
    let string = names(&mut c, &["COMMAND", "LIST", "FILTERBY", "ACLCAT", "String"]);
    let want: BTreeSet<String> = table()
        .filter(|cmd| redis_doc(cmd.name).is_some_and(|d| d.acl_categories.contains(&"string")))
        .map(|cmd| cmd.name.to_string())
        .collect();
    assert_eq!(string, want);
    assert!(string.contains("get") && string.contains("incrbyfloat"));
    let fast = names(&mut c, &["COMMAND", "LIST", "FILTERBY", "aclcat", "fast"]);
    assert!(fast.contains("get") && fast.contains("ping") && !fast.contains("set"));
    assert!(!fast.iter().any(|n| n.starts_with("client")));

    for args in [
        &["COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuchcategory"][..],
        &["COMMAND", "LIST", "FILTERBY", "MODULE", "anything"][..],
    ] {
        assert_eq!(c.cmd(args), b"*0\r\n");
    }
    for args in [
        &["COMMAND", "LIST", "FILTERBY"][..],
        &["COMMAND", "LIST", "FILTERBY", "PATTERN"][..],
        &["COMMAND", "LIST", "FILTERBY", "NAME", "x"][..],
        &["COMMAND", "LIST", "x", "y", "z"][..],
        &["COMMAND", "LIST", "FILTERBY", "PATTERN", "x", "y"][..],
    ] {
        assert_eq!(c.cmd(args), b"-ERR syntax error\r\n", "{args:?}");
    }
}

#[test]
fn getkeys() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(
        c.cmd(&["COMMAND", "GETKEYS", "set", "a", "b"]),
        b"*1\r\n$1\r\na\r\n"
    );
    assert_eq!(
        c.cmd(&["COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2"]),
        b"*2\r\n$1\r\na\r\n$1\r\nb\r\n"
    );
    assert_eq!(
        c.cmd(&["COMMAND", "GETKEYS", "copy", "a", "b", "DB", "1"]),
        b"*2\r\n$1\r\na\r\n$1\r\nb\r\n"
    );
    assert_eq!(
        c.cmd(&["COMMAND", "GETKEYSANDFLAGS", "set", "k", "v"]),
        b"*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+OW\r\n+update\r\n"
    );
    assert_eq!(
        c.cmd(&["COMMAND", "GETKEYSANDFLAGS", "del", "a", "b"]),
        b"*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RM\r\n+delete\r\n*2\r\n$1\r\nb\r\n*2\r\n+RM\r\n+delete\r\n"
    );
    hello3(&mut c);
    assert_eq!(
        c.cmd(&["COMMAND", "GETKEYSANDFLAGS", "set", "k", "v", "get"]),
        b"*1\r\n*2\r\n$1\r\nk\r\n~3\r\n+RW\r\n+access\r\n+update\r\n"
    );
}

#[test]
fn errors() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let cases: &[(&[&str], &[u8])] = &[
        (
            &["COMMAND", "GETKEYS", "nosuch", "a"],
            b"-ERR Invalid command specified\r\n",
        ),
        (
            &["COMMAND", "GETKEYS", "config", "nosuch"],
            b"-ERR Invalid command specified\r\n",
        ),
        (
            &["COMMAND", "GETKEYS", "ping", "x"],
            b"-ERR The command has no key arguments\r\n",
        ),
        (
            &["COMMAND", "GETKEYS", "config", "get", "x"],
            b"-ERR The command has no key arguments\r\n",
        ),
        (
            &["COMMAND", "GETKEYS", "get", "a", "b"],
            b"-ERR Invalid number of arguments specified for command\r\n",
        ),
        (
            &["COMMAND", "GETKEYS", "set", "a"],
            b"-ERR Invalid number of arguments specified for command\r\n",
        ),
        // COMMAND GETKEYS's own arity is -4 in Redis 7.0.
        (
            &["COMMAND", "GETKEYS", "get"],
            b"-ERR wrong number of arguments for 'command|getkeys' command\r\n",
        ),
        (
            &["COMMAND", "GETKEYSANDFLAGS", "get"],
            b"-ERR wrong number of arguments for 'command|getkeysandflags' command\r\n",
        ),
        (
            &["COMMAND", "COUNT", "x"],
            b"-ERR wrong number of arguments for 'command|count' command\r\n",
        ),
        (
            &["COMMAND", "HELP", "x"],
            b"-ERR wrong number of arguments for 'command|help' command\r\n",
        ),
        (
            &["COMMAND", "foo"],
            b"-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n",
        ),
    ];
    for (args, want) in cases {
        assert_eq!(
            String::from_utf8_lossy(&c.cmd(args)),
            String::from_utf8_lossy(want),
            "{args:?}"
        );
    }
}

#[test]
fn help() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let want = [
        "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
        "HELP",
        "    Prints this help.",
    ];
    let mut bytes = format!("*{}\r\n", want.len());
    for line in want {
        bytes.push_str(&format!("+{line}\r\n"));
    }
    assert_eq!(c.cmd_str(&["COMMAND", "HELP"]), bytes);
}

/// COMMAND reports, for each container, only subcommands it serves: every one it reports must
/// be served, every one of Redis's it leaves out must be unknown to it.
#[test]
fn containers_serve_exactly_the_subcommands_reported() {
    let s = Server::start(&[]);
    let mut c = s.client();
    for cmd in table() {
        let Some(doc) = redis_doc(cmd.name) else {
            continue;
        };
        let reported: Vec<&str> = Entry::of(cmd)
            .subcommands()
            .iter()
            .map(|d| d.name)
            .collect();
        for sub in doc.subcommands {
            // Enough placeholder arguments to pass the subcommand's arity check.
            let mut args = vec![cmd.name, sub.name];
            while (args.len() as i32) < sub.arity.abs() {
                args.push("0");
            }
            let reply = c.cmd_str(&args);
            let unknown = reply.starts_with("-ERR unknown subcommand");
            assert_eq!(
                unknown,
                !reported.contains(&sub.name),
                "{} {}: reported {:?}, reply {reply:?}",
                cmd.name,
                sub.name,
                reported
            );
        }
        // Declared subcommands Redis 7.0 doesn't know (CLIENT SETINFO) must be served too.
        for sub in served_subcommands(cmd.name).unwrap_or(&[]) {
            let reply = c.cmd_str(&[cmd.name, sub]);
            assert!(
                !reply.starts_with("-ERR unknown subcommand"),
                "{} {sub}: {reply:?}",
                cmd.name
            );
        }
    }
}

/// Byte-for-byte comparison with a live redis-server 7.0 for every command ferrokv serves (and
/// each served subcommand), in RESP2 and RESP3. Skipped when redis-server 7.0 is not installed.
#[test]
fn same_bytes_as_a_real_redis() {
    let Ok(out) = std::process::Command::new("redis-server")
        .arg("--version")
        .output()
    else {
        eprintln!("redis-server not installed; skipping the live comparison");
        return;
    };
    let version = String::from_utf8_lossy(&out.stdout);
    if !version.contains("v=7.0.") {
        eprintln!("redis-server is not 7.0 ({version}); skipping the live comparison");
        return;
    }
    // Killed when the test ends, passed or failed.
    let redis = common::RedisRef::start(&[]).expect("redis-server did not start");
    let port = redis.port;
    let s = Server::start(&[]);
    let mut names = Vec::new();
    for cmd in table() {
        let e = Entry::of(cmd);
        if !matches!(e, Entry::Redis(_)) {
            continue; // not a Redis command
        }
        let subs = e.subcommands();
        if subs.is_empty() {
            names.push(cmd.name.to_string());
        } else {
            // Redis lists subcommands in random order; compare them one by one.
            names.extend(subs.iter().map(|d| d.fullname.to_string()));
        }
    }
    let mut lines: Vec<Vec<String>> = Vec::new();
    for n in &names {
        lines.push(vec!["COMMAND".into(), "INFO".into(), n.clone()]);
        lines.push(vec!["COMMAND".into(), "DOCS".into(), n.clone()]);
    }
    // Key extraction, including movable keys (numkeys) where those commands are served.
    for l in [
        "COMMAND GETKEYS set a b",
        "COMMAND GETKEYS get a b",
        "COMMAND GETKEYS ping x",
        "COMMAND GETKEYS mset a 1 b",
        "COMMAND GETKEYSANDFLAGS set k v GET",
        "COMMAND GETKEYSANDFLAGS copy a b",
        "COMMAND GETKEYSANDFLAGS getex k PERSIST",
        "COMMAND GETKEYSANDFLAGS lmove a b LEFT RIGHT",
        "COMMAND GETKEYS lmpop 2 a b LEFT",
        "COMMAND GETKEYS lmpop 3 a b LEFT",
        "COMMAND GETKEYS lmpop 0 LEFT",
        "COMMAND GETKEYS lmpop x a LEFT",
        "COMMAND GETKEYSANDFLAGS blmpop 0 2 a b LEFT COUNT 2",
        "COMMAND GETKEYS blpop a b 0",
        "COMMAND GETKEYS zunionstore d 2 a b",
        "COMMAND GETKEYS zunionstore d 0 a",
        "COMMAND GETKEYS sintercard 2 a b",
        "COMMAND GETKEYS hset h f v",
        "COMMAND GETKEYS sadd s m",
    ] {
        let args: Vec<String> = l.split(' ').map(String::from).collect();
        if ferrokv::commands::lookup(args[2].as_bytes()).is_some() {
            lines.push(args);
        }
    }
    for l in [
        "COMMAND GETKEYS nosuch x",
        "COMMAND INFO nosuch",
        "COMMAND DOCS nosuch",
        "COMMAND HELP",
        "COMMAND LIST FILTERBY PATTERN x",
        "COMMAND LIST FILTERBY",
    ] {
        lines.push(l.split(' ').map(String::from).collect());
    }
    let mut checked = 0;
    for resp3 in [false, true] {
        let mut ours = s.client();
        let mut theirs = Client::connect(port);
        if resp3 {
            hello3(&mut ours);
            hello3(&mut theirs);
        }
        for l in &lines {
            let args: Vec<&str> = l.iter().map(String::as_str).collect();
            assert_eq!(
                ours.cmd_str(&args),
                theirs.cmd_str(&args),
                "{args:?} (RESP{})",
                if resp3 { 3 } else { 2 }
            );
            checked += 1;
        }
    }
    assert!(checked > 100);
}

/// README's "Commands" section names every command ferrokv serves (the brief asks README to list
/// them all), and the sections a user looks for are there.
#[test]
fn readme_names_every_served_command() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    for section in [
        "## Run",
        "## Test",
        "## Benchmark",
        "## Configuration",
        "## Persistence",
        "## Commands",
        "## Not supported yet",
    ] {
        assert!(
            readme.lines().any(|l| l == section),
            "README has no {section:?} section"
        );
    }
    let start = readme.find("\n## Commands\n").expect("Commands section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    let commands = &rest[..end];
    // Words of capitals, digits and underscores, as the section writes command names.
    let words: BTreeSet<&str> = commands
        .split(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let missing: Vec<String> = table()
        .map(|c| c.name.to_ascii_uppercase())
        .filter(|n| !words.contains(n.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "README's Commands section lacks {missing:?}"
    );
}
