//! Connection and server commands against the exact bytes Redis 7.0.15 replies (every generated
//! table below was produced by a real redis-server 7.0.15 given the same commands).

mod common;

use common::{Client, Server, expect_all, int_of, testing_ferrokv};
use std::time::{Duration, Instant};

/// HELLO's reply for a client with this id, in RESP2 (flat array) or RESP3 (map).
fn hello_reply(proto: u8, id: i64) -> String {
    let head = if proto == 3 { "%7" } else { "*14" };
    format!(
        "{head}\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:{proto}\r\n$2\r\nid\r\n:{id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"
    )
}

/// The text of a bulk (`$`) or verbatim (`=`, without its `txt:`) reply.
fn text_of(reply: &str) -> &str {
    let (head, rest) = reply.split_once("\r\n").unwrap();
    let body = rest.strip_suffix("\r\n").unwrap();
    let len: usize = head[1..].parse().unwrap();
    assert_eq!(body.len(), len, "length of {reply:?}");
    match &head[..1] {
        "$" => body,
        "=" => body.strip_prefix("txt:").unwrap(),
        _ => panic!("not a string reply: {reply:?}"),
    }
}

#[test]
fn ping_and_echo() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["PING"], "+PONG\r\n"),
            (&["PING", "hello"], "$5\r\nhello\r\n"),
            (&["PING", ""], "$0\r\n\r\n"),
            (
                &["PING", "a", "b"],
                "-ERR wrong number of arguments for 'ping' command\r\n",
            ),
            (&["ping"], "+PONG\r\n"),
            (&["ECHO", "hi"], "$2\r\nhi\r\n"),
            (&["ECHO", ""], "$0\r\n\r\n"),
            (
                &["ECHO"],
                "-ERR wrong number of arguments for 'echo' command\r\n",
            ),
            (
                &["ECHO", "a", "b"],
                "-ERR wrong number of arguments for 'echo' command\r\n",
            ),
        ],
    );
}

#[test]
fn quit_replies_ok_and_closes() {
    let s = Server::start(&[]);
    let mut c = s.client();
    // Commands pipelined after QUIT are not run.
    c.send(
        &[
            Client::encode(&[b"QUIT"]),
            Client::encode(&[b"SET", b"k", b"v"]),
        ]
        .concat(),
    );
    assert_eq!(c.read_to_close(), b"+OK\r\n");
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["GET", "k"]), "$-1\r\n");
    assert_eq!(c.cmd_str(&["QUIT", "extra", "args"]), "+OK\r\n");
    assert_eq!(c.read_to_close(), b"");
}

#[test]
fn hello_switches_protocol() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let id = int_of(&c.cmd(&["CLIENT", "ID"]));
    assert_eq!(c.cmd_str(&["HELLO"]), hello_reply(2, id));
    assert_eq!(c.cmd_str(&["HELLO", "3"]), hello_reply(3, id));
    assert_eq!(c.cmd_str(&["GET", "nosuch"]), "_\r\n");
    // HELLO without a version keeps the current one.
    assert_eq!(c.cmd_str(&["HELLO"]), hello_reply(3, id));
    assert_eq!(c.cmd_str(&["HELLO", "2"]), hello_reply(2, id));
    assert_eq!(c.cmd_str(&["GET", "nosuch"]), "$-1\r\n");
    assert_eq!(
        c.cmd_str(&["HELLO", "3", "SETNAME", "conn1"]),
        hello_reply(3, id)
    );
    assert_eq!(c.cmd_str(&["CLIENT", "GETNAME"]), "$5\r\nconn1\r\n");
    // Without requirepass, the default user takes any password.
    assert_eq!(
        c.cmd_str(&["HELLO", "2", "AUTH", "default", "whatever"]),
        hello_reply(2, id)
    );
}

#[test]
fn hello_errors() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["HELLO", "1"], "-NOPROTO unsupported protocol version\r\n"),
            (&["HELLO", "0"], "-NOPROTO unsupported protocol version\r\n"),
            (&["HELLO", "4"], "-NOPROTO unsupported protocol version\r\n"),
            (
                &["HELLO", "-1"],
                "-NOPROTO unsupported protocol version\r\n",
            ),
            (
                &["HELLO", "abc"],
                "-ERR Protocol version is not an integer or out of range\r\n",
            ),
            (
                &["HELLO", "2.5"],
                "-ERR Protocol version is not an integer or out of range\r\n",
            ),
            (
                &["HELLO", "2", "FOO"],
                "-ERR Syntax error in HELLO option 'FOO'\r\n",
            ),
            (
                &["HELLO", "3", "FOO", "bar"],
                "-ERR Syntax error in HELLO option 'FOO'\r\n",
            ),
            (
                &["HELLO", "2", "AUTH"],
                "-ERR Syntax error in HELLO option 'AUTH'\r\n",
            ),
            (
                &["HELLO", "2", "AUTH", "default"],
                "-ERR Syntax error in HELLO option 'AUTH'\r\n",
            ),
            (
                &["HELLO", "2", "AUTH", "foo", "bar"],
                "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            ),
            (
                &["HELLO", "2", "SETNAME"],
                "-ERR Syntax error in HELLO option 'SETNAME'\r\n",
            ),
            (
                &["HELLO", "2", "SETNAME", "a b"],
                "-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
            ),
            (&["GET", "nosuch"], "$-1\r\n"),
        ],
    );
}

/// HELLO's options take effect as they are read: a name set before a failing option stays.
#[test]
fn hello_options_apply_in_order() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (
                &["HELLO", "3", "SETNAME", "ok", "SETNAME", "a b"],
                "-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
            ),
            (&["CLIENT", "GETNAME"], "$2\r\nok\r\n"),
            (
                &["HELLO", "3", "SETNAME", "n1", "FOO"],
                "-ERR Syntax error in HELLO option 'FOO'\r\n",
            ),
            (&["CLIENT", "GETNAME"], "$2\r\nn1\r\n"),
            (
                &["HELLO", "2", "SETNAME", "", "AUTH"],
                "-ERR Syntax error in HELLO option 'AUTH'\r\n",
            ),
            (&["CLIENT", "GETNAME"], "$-1\r\n"),
            (&["GET", "x"], "$-1\r\n"),
        ],
    );
    let s = Server::start(&["--requirepass", "s3cret"]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (
                &["HELLO", "3", "SETNAME", "early"],
                "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n",
            ),
            (&["AUTH", "s3cret"], "+OK\r\n"),
            (&["CLIENT", "GETNAME"], "$5\r\nearly\r\n"),
        ],
    );
}

/// In RESP3 nulls are `_`, maps `%`, verbatim text `=`; INCRBYFLOAT stays a bulk string and
/// arrays stay arrays, as in Redis.
#[test]
fn resp3_reply_types() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let id = int_of(&c.cmd(&["CLIENT", "ID"]));
    assert_eq!(c.cmd_str(&["HELLO", "3"]), hello_reply(3, id));
    expect_all(
        &mut c,
        &[
            (&["FLUSHALL"], "+OK\r\n"),
            (&["SET", "k", "v"], "+OK\r\n"),
            (&["GET", "nosuch"], "_\r\n"),
            (&["GET", "k"], "$1\r\nv\r\n"),
            (&["MGET", "nosuch", "k"], "*2\r\n_\r\n$1\r\nv\r\n"),
            (&["SET", "k", "v2", "GET"], "$1\r\nv\r\n"),
            (&["SET", "n", "v", "NX", "GET"], "_\r\n"),
            (&["SET", "k", "v3", "NX"], "_\r\n"),
            (
                &["CONFIG", "GET", "maxclients"],
                "%1\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n",
            ),
            (&["CONFIG", "GET", "nosuch"], "%0\r\n"),
            (&["CLIENT", "GETNAME"], "_\r\n"),
            (&["DEL", "k", "n"], ":2\r\n"),
            (&["RANDOMKEY"], "_\r\n"),
            (
                &["SCAN", "0", "MATCH", "nomatch"],
                "*2\r\n$1\r\n0\r\n*0\r\n",
            ),
            (&["KEYS", "nomatch"], "*0\r\n"),
            (&["TTL", "nosuch"], ":-2\r\n"),
            (&["INCRBYFLOAT", "f", "1.5"], "$3\r\n1.5\r\n"),
            (&["GETEX", "nosuch"], "_\r\n"),
            (&["GETDEL", "nosuch"], "_\r\n"),
            (&["GETSET", "nosuch", "v"], "_\r\n"),
            (&["INFO", "nosuchsection"], "=4\r\ntxt:\r\n"),
        ],
    );
    let info = c.cmd_str(&["INFO", "server"]);
    assert!(info.starts_with('='), "{info:?}");
    assert!(text_of(&info).starts_with("# Server\r\nredis_version:7.0.15\r\n"));
    let me = c.cmd_str(&["CLIENT", "INFO"]);
    assert!(me.starts_with('='), "{me:?}");
    assert!(text_of(&me).contains(" resp=3"), "{me:?}");
    let list = c.cmd_str(&["CLIENT", "LIST"]);
    assert!(text_of(&list).starts_with(&format!("id={id} ")), "{list:?}");
}

#[test]
fn auth_without_requirepass() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (
                &["AUTH", "foo"],
                "-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n",
            ),
            (&["AUTH", "default", "foo"], "+OK\r\n"),
            (
                &["AUTH", "nouser", "foo"],
                "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            ),
            (&["AUTH", "a", "b", "c"], "-ERR syntax error\r\n"),
            (
                &["AUTH"],
                "-ERR wrong number of arguments for 'auth' command\r\n",
            ),
        ],
    );
}

#[test]
fn auth_with_requirepass() {
    let s = Server::start(&["--requirepass", "s3cret"]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["PING"], "-NOAUTH Authentication required.\r\n"),
            (&["GET", "k"], "-NOAUTH Authentication required.\r\n"),
            (&["SET", "k", "v"], "-NOAUTH Authentication required.\r\n"),
            (&["ECHO", "x"], "-NOAUTH Authentication required.\r\n"),
            (&["SELECT", "1"], "-NOAUTH Authentication required.\r\n"),
            (&["CLIENT", "ID"], "-NOAUTH Authentication required.\r\n"),
            (
                &["CONFIG", "GET", "maxclients"],
                "-NOAUTH Authentication required.\r\n",
            ),
            (&["INFO"], "-NOAUTH Authentication required.\r\n"),
            (
                &["HELLO"],
                "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n",
            ),
            (
                &["HELLO", "2"],
                "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n",
            ),
            (
                &["HELLO", "3"],
                "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n",
            ),
            (
                &["HELLO", "3", "AUTH", "default", "wrong"],
                "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            ),
            (
                &["HELLO", "3", "AUTH", "nouser", "s3cret"],
                "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            ),
            (
                &["NOSUCH", "cmd"],
                "-ERR unknown command 'NOSUCH', with args beginning with: 'cmd' \r\n",
            ),
            (
                &["GET"],
                "-ERR wrong number of arguments for 'get' command\r\n",
            ),
            (
                &["AUTH", "wrong"],
                "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            ),
            (
                &["AUTH", "default", "wrong"],
                "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            ),
            (
                &["AUTH", "nouser", "s3cret"],
                "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            ),
            (&["AUTH", "a", "b", "c"], "-ERR syntax error\r\n"),
            (&["GET", "k"], "-NOAUTH Authentication required.\r\n"),
            (&["AUTH", "s3cret"], "+OK\r\n"),
            (&["GET", "k"], "$-1\r\n"),
            (&["AUTH", "default", "s3cret"], "+OK\r\n"),
            (
                &["AUTH", "wrong"],
                "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            ),
            (&["GET", "k"], "$-1\r\n"),
        ],
    );
    // HELLO AUTH authenticates and switches protocol in one step.
    let mut c = s.client();
    assert_eq!(
        c.cmd_str(&["GET", "k"]),
        "-NOAUTH Authentication required.\r\n"
    );
    let reply = c.cmd_str(&["HELLO", "3", "AUTH", "default", "s3cret"]);
    assert!(reply.starts_with("%7\r\n"), "{reply:?}");
    let id = int_of(&c.cmd(&["CLIENT", "ID"]));
    assert_eq!(reply, hello_reply(3, id));
    assert_eq!(c.cmd_str(&["GET", "k"]), "_\r\n");
    let mut c = s.client();
    let reply = c.cmd_str(&["HELLO", "2", "AUTH", "default", "s3cret", "SETNAME", "n1"]);
    assert!(reply.starts_with("*14\r\n"), "{reply:?}");
    assert_eq!(c.cmd_str(&["CLIENT", "GETNAME"]), "$2\r\nn1\r\n");
    // A failed AUTH does not log an authenticated client out.
    assert_eq!(
        c.cmd_str(&["AUTH", "wrong"]),
        "-WRONGPASS invalid username-password pair or user is disabled.\r\n"
    );
    assert_eq!(c.cmd_str(&["GET", "k"]), "$-1\r\n");
    // QUIT works before authenticating.
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["QUIT"]), "+OK\r\n");
}

#[test]
fn config_get() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (
                &["CONFIG", "GET", "maxclients"],
                "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n",
            ),
            (
                &["CONFIG", "GET", "MAXCLIENTS"],
                "*2\r\n$10\r\nMAXCLIENTS\r\n$5\r\n10000\r\n",
            ),
            (
                &["CONFIG", "GET", "maxclients", "maxclients"],
                "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n",
            ),
            (
                &["CONFIG", "GET", "maxclients", "MAXCLIENTS"],
                "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n",
            ),
            (&["CONFIG", "GET", "nosuch"], "*0\r\n"),
            (
                &["CONFIG", "GET", "maxcl*"],
                "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n",
            ),
            (
                &["CONFIG", "GET", "*BULK-len"],
                "*2\r\n$18\r\nproto-max-bulk-len\r\n$9\r\n536870912\r\n",
            ),
            (
                &["CONFIG", "GET", "maxcl*", "maxclients"],
                "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n",
            ),
            (
                &["CONFIG", "GET", "proto-max-bulk-len"],
                "*2\r\n$18\r\nproto-max-bulk-len\r\n$9\r\n536870912\r\n",
            ),
            (
                &["CONFIG", "GET", "client-query-buffer-limit"],
                "*2\r\n$25\r\nclient-query-buffer-limit\r\n$10\r\n1073741824\r\n",
            ),
            (
                &["CONFIG", "GET", "timeout"],
                "*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n",
            ),
            (
                &["CONFIG", "GET", "databases"],
                "*2\r\n$9\r\ndatabases\r\n$2\r\n16\r\n",
            ),
            (
                &["CONFIG", "GET", "requirepass"],
                "*2\r\n$11\r\nrequirepass\r\n$0\r\n\r\n",
            ),
            (
                &["CONFIG", "GET"],
                "-ERR wrong number of arguments for 'config|get' command\r\n",
            ),
            (
                &["CONFIG"],
                "-ERR wrong number of arguments for 'config' command\r\n",
            ),
            (
                &["CONFIG", "FOO"],
                "-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n",
            ),
        ],
    );
    // Several parameters: pairs in an unspecified order.
    let port = s.port.to_string();
    let maxclients = "$10\r\nmaxclients\r\n$5\r\n10000\r\n";
    let port_pair = format!("$4\r\nport\r\n${}\r\n{port}\r\n", port.len());
    let reply = c.cmd_str(&["CONFIG", "GET", "maxclients", "port"]);
    assert!(
        reply == format!("*4\r\n{maxclients}{port_pair}")
            || reply == format!("*4\r\n{port_pair}{maxclients}"),
        "{reply:?}"
    );
    let id = int_of(&c.cmd(&["CLIENT", "ID"]));
    assert_eq!(c.cmd_str(&["HELLO", "3"]), hello_reply(3, id));
    assert_eq!(
        c.cmd_str(&["CONFIG", "GET", "maxclients"]),
        "%1\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"
    );
    assert_eq!(c.cmd_str(&["CONFIG", "GET", "nosuch"]), "%0\r\n");
}

#[test]
fn config_set() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["CONFIG", "SET", "maxclients", "500"], "+OK\r\n"),
            (
                &["CONFIG", "GET", "maxclients"],
                "*2\r\n$10\r\nmaxclients\r\n$3\r\n500\r\n",
            ),
            (&["CONFIG", "SET", "MAXCLIENTS", "600"], "+OK\r\n"),
            (
                &["CONFIG", "GET", "maxclients"],
                "*2\r\n$10\r\nmaxclients\r\n$3\r\n600\r\n",
            ),
            (
                &["CONFIG", "SET", "maxclients", "700", "timeout", "30"],
                "+OK\r\n",
            ),
            (
                &["CONFIG", "GET", "maxclients"],
                "*2\r\n$10\r\nmaxclients\r\n$3\r\n700\r\n",
            ),
            (
                &["CONFIG", "GET", "timeout"],
                "*2\r\n$7\r\ntimeout\r\n$2\r\n30\r\n",
            ),
            (
                &["CONFIG", "SET", "maxclients", "800", "timeout", "abc"],
                "-ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer\r\n",
            ),
            (
                &["CONFIG", "GET", "maxclients"],
                "*2\r\n$10\r\nmaxclients\r\n$3\r\n700\r\n",
            ),
            (
                &["CONFIG", "GET", "timeout"],
                "*2\r\n$7\r\ntimeout\r\n$2\r\n30\r\n",
            ),
            (
                &["CONFIG", "SET", "maxclients", "900", "nosuch", "1"],
                "-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n",
            ),
            (
                &["CONFIG", "GET", "maxclients"],
                "*2\r\n$10\r\nmaxclients\r\n$3\r\n700\r\n",
            ),
            (
                &["CONFIG", "SET", "maxclients", "900", "maxclients", "1000"],
                "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - duplicate parameter\r\n",
            ),
            (
                &["CONFIG", "SET", "MaxClients", "900", "maxclients", "1000"],
                "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - duplicate parameter\r\n",
            ),
            (
                &["CONFIG", "SET", "maxclients", "900", "timeout"],
                "-ERR syntax error\r\n",
            ),
            (
                &["CONFIG", "SET", "maxclients"],
                "-ERR wrong number of arguments for 'config|set' command\r\n",
            ),
            (
                &["CONFIG", "SET"],
                "-ERR wrong number of arguments for 'config|set' command\r\n",
            ),
            (
                &["CONFIG", "SET", "databases", "5"],
                "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n",
            ),
            (
                &["CONFIG", "SET", "maxclients", "abc"],
                "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer\r\n",
            ),
            (
                &["CONFIG", "SET", "maxclients", "0"],
                "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n",
            ),
            (
                &["CONFIG", "SET", "maxclients", "-1"],
                "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n",
            ),
            (
                &["CONFIG", "SET", "MAXCLIENTS", "abc"],
                "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer\r\n",
            ),
            (
                &["CONFIG", "SET", "timeout", "-1"],
                "-ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive\r\n",
            ),
            (
                &["CONFIG", "SET", "nosuch", "5"],
                "-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n",
            ),
            (
                &["CONFIG", "SET", "NoSuch", "5"],
                "-ERR Unknown option or number of arguments for CONFIG SET - 'NoSuch'\r\n",
            ),
            (
                &["CONFIG", "SET", "appendonly", "maybe"],
                "-ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'\r\n",
            ),
            (&["CONFIG", "SET", "proto-max-bulk-len", "2mb"], "+OK\r\n"),
            (
                &["CONFIG", "GET", "proto-max-bulk-len"],
                "*2\r\n$18\r\nproto-max-bulk-len\r\n$7\r\n2097152\r\n",
            ),
            (
                &["CONFIG", "SET", "proto-max-bulk-len", "abc"],
                "-ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be a memory value\r\n",
            ),
            (
                &[
                    "CONFIG",
                    "SET",
                    "maxclients",
                    "10000",
                    "timeout",
                    "0",
                    "proto-max-bulk-len",
                    "512mb",
                ],
                "+OK\r\n",
            ),
            (
                &["CONFIG", "GET", "timeout"],
                "*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n",
            ),
            (&["CONFIG", "RESETSTAT"], "+OK\r\n"),
            (
                &["CONFIG", "RESETSTAT", "x"],
                "-ERR wrong number of arguments for 'config|resetstat' command\r\n",
            ),
        ],
    );
}

#[test]
fn config_resetstat_clears_counters() {
    let s = Server::start(&[]);
    let mut c = s.client();
    c.cmd(&["SET", "k", "v"]);
    c.cmd(&["GET", "k"]);
    c.cmd(&["GET", "nosuch"]);
    let stats = c.cmd_str(&["INFO", "stats"]);
    assert!(stats.contains("\r\nkeyspace_hits:1\r\n"), "{stats}");
    assert!(stats.contains("\r\nkeyspace_misses:1\r\n"), "{stats}");
    assert_eq!(c.cmd_str(&["CONFIG", "RESETSTAT"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["PING"]), "+PONG\r\n");
    let stats = c.cmd_str(&["INFO", "stats"]);
    // Since the reset: PING (14 bytes) and this INFO (25) in, +OK and +PONG (12) out.
    assert!(
        stats.contains("\r\ntotal_net_input_bytes:39\r\n"),
        "{stats}"
    );
    assert!(
        stats.contains("\r\ntotal_net_output_bytes:12\r\n"),
        "{stats}"
    );
    assert!(
        stats.contains("\r\ntotal_commands_processed:2\r\n"),
        "{stats}"
    );
    assert!(stats.contains("\r\nkeyspace_hits:0\r\n"), "{stats}");
    assert!(stats.contains("\r\nkeyspace_misses:0\r\n"), "{stats}");
    assert!(stats.contains("\r\ntotal_error_replies:0\r\n"), "{stats}");
}

/// Reads count keyspace hits and misses (Redis's `lookupKeyRead`); writes do not. The totals
/// are Redis 7.0.15's for the same commands.
#[test]
fn info_keyspace_hits_and_misses() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let cmds: &[&[&str]] = &[
        &["SET", "a", "1"],
        &["GET", "a"],
        &["GET", "nx"],
        &["MGET", "a", "nx", "a"],
        &["EXISTS", "a", "nx"],
        &["TYPE", "a"],
        &["TYPE", "nx"],
        &["STRLEN", "a"],
        &["GETRANGE", "a", "0", "1"],
        &["GETEX", "a"],
        &["GETEX", "nx"],
        &["GETDEL", "nx"],
        &["GETSET", "a", "2"],
        &["SET", "a", "3", "GET"],
        &["INCR", "a"],
        &["APPEND", "a", "x"],
        &["TTL", "a"],
        &["TTL", "nx"],
        &["PERSIST", "a"],
        &["EXPIRE", "nx", "10"],
        &["RENAME", "nx", "y"],
        &["COPY", "a", "b"],
        &["MOVE", "nx", "1"],
        &["SETNX", "a", "1"],
        &["SETRANGE", "a", "0", "z"],
        &["INCRBYFLOAT", "f", "1"],
        &["KEYS", "*"],
        &["SCAN", "0"],
        &["TOUCH", "a", "nx"],
        &["DEL", "b"],
        &["PTTL", "a"],
        &["EXPIRETIME", "nx"],
        &["GETEX", "a", "EX", "0"],
        &["MSETNX", "a", "1", "q", "2"],
        &["RENAMENX", "a", "q"],
        &["COPY", "nx", "z"],
        &["DBSIZE"],
        &["SET", "a", "1", "NX", "GET"],
        &["SET", "zz", "1", "XX"],
        &["GETEX", "a", "PERSIST"],
        &["GETDEL", "a"],
    ];
    for cmd in cmds {
        c.cmd(cmd);
    }
    let stats = c.cmd_str(&["INFO", "stats"]);
    assert!(
        stats.contains("\r\nkeyspace_hits:17\r\nkeyspace_misses:11\r\n"),
        "{stats}"
    );
    assert!(
        stats.contains("\r\ntotal_commands_processed:41\r\n"),
        "{stats}"
    );
}

#[test]
fn info_errorstats_counts_errors_by_code() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert_eq!(
        c.cmd_str(&["INFO", "errorstats"]),
        "$14\r\n# Errorstats\r\n\r\n"
    );
    c.cmd(&["GET"]);
    c.cmd(&["NOSUCH"]);
    c.cmd(&["HELLO", "5"]);
    c.cmd(&["SET", "k", "v"]);
    c.cmd(&["INCR", "k"]);
    assert_eq!(
        c.cmd_str(&["INFO", "errorstats"]),
        "$64\r\n# Errorstats\r\nerrorstat_ERR:count=3\r\nerrorstat_NOPROTO:count=1\r\n\r\n"
    );
    let stats = c.cmd_str(&["INFO", "stats"]);
    assert!(stats.contains("\r\ntotal_error_replies:4\r\n"), "{stats}");
    assert_eq!(c.cmd_str(&["CONFIG", "RESETSTAT"]), "+OK\r\n");
    assert_eq!(
        c.cmd_str(&["INFO", "errorstats"]),
        "$14\r\n# Errorstats\r\n\r\n"
    );
    assert_eq!(
        c.cmd_str(&["INFO", "cluster"]),
        "$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n"
    );
    assert_eq!(c.cmd_str(&["INFO", "modules"]), "$11\r\n# Modules\r\n\r\n");
}

#[test]
fn client_name_and_errors() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["CLIENT", "GETNAME"], "$-1\r\n"),
            (&["CLIENT", "SETNAME", "myname"], "+OK\r\n"),
            (&["CLIENT", "GETNAME"], "$6\r\nmyname\r\n"),
            (&["CLIENT", "SETNAME", ""], "+OK\r\n"),
            (&["CLIENT", "GETNAME"], "$-1\r\n"),
            (
                &["CLIENT", "SETNAME", "a b"],
                "-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
            ),
            (
                &["CLIENT", "SETNAME"],
                "-ERR wrong number of arguments for 'client|setname' command\r\n",
            ),
            (
                &["CLIENT", "SETNAME", "a", "b"],
                "-ERR wrong number of arguments for 'client|setname' command\r\n",
            ),
            (
                &["CLIENT", "GETNAME", "x"],
                "-ERR wrong number of arguments for 'client|getname' command\r\n",
            ),
            (
                &["CLIENT", "ID", "x"],
                "-ERR wrong number of arguments for 'client|id' command\r\n",
            ),
            (
                &["CLIENT", "INFO", "x"],
                "-ERR wrong number of arguments for 'client|info' command\r\n",
            ),
            (
                &["CLIENT", "FOO"],
                "-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n",
            ),
            (
                &["CLIENT"],
                "-ERR wrong number of arguments for 'client' command\r\n",
            ),
            (
                &["CLIENT", "KILL"],
                "-ERR wrong number of arguments for 'client|kill' command\r\n",
            ),
            (&["CLIENT", "KILL", "1.2.3.4:5"], "-ERR No such client\r\n"),
            (&["CLIENT", "KILL", "ID", "999999"], ":0\r\n"),
            (
                &["CLIENT", "KILL", "ID", "abc"],
                "-ERR client-id should be greater than 0\r\n",
            ),
            (
                &["CLIENT", "KILL", "ID", "0"],
                "-ERR client-id should be greater than 0\r\n",
            ),
            (
                &["CLIENT", "KILL", "ID", "-1"],
                "-ERR client-id should be greater than 0\r\n",
            ),
            (&["CLIENT", "KILL", "ADDR", "1.2.3.4:5"], ":0\r\n"),
            (&["CLIENT", "KILL", "FOO", "bar"], "-ERR syntax error\r\n"),
            (&["CLIENT", "KILL", "ID"], "-ERR No such client\r\n"),
            (
                &["CLIENT", "KILL", "ID", "1", "ADDR"],
                "-ERR syntax error\r\n",
            ),
            (
                &["CLIENT", "KILL", "TYPE", "foo"],
                "-ERR Unknown client type 'foo'\r\n",
            ),
            (&["CLIENT", "KILL", "TYPE", "pubsub"], ":0\r\n"),
            (
                &["CLIENT", "KILL", "SKIPME", "maybe"],
                "-ERR syntax error\r\n",
            ),
            (
                &["CLIENT", "KILL", "USER", "nobody"],
                "-ERR No such user 'nobody'\r\n",
            ),
            (
                &["CLIENT", "KILL", "USER", "Default"],
                "-ERR No such user 'Default'\r\n",
            ),
            (
                &["CLIENT", "KILL", "ID", "999999", "USER", "nobody"],
                "-ERR No such user 'nobody'\r\n",
            ),
            (&["CLIENT", "KILL", "USER", "default"], ":0\r\n"),
            (&["CLIENT", "LIST", "FOO"], "-ERR syntax error\r\n"),
            (&["CLIENT", "LIST", "TYPE"], "-ERR syntax error\r\n"),
            (
                &["CLIENT", "LIST", "TYPE", "foo"],
                "-ERR Unknown client type 'foo'\r\n",
            ),
            (&["CLIENT", "LIST", "TYPE", "pubsub"], "$0\r\n\r\n"),
            (
                &["CLIENT", "LIST", "TYPE", "normal", "ID", "1"],
                "-ERR syntax error\r\n",
            ),
            (&["CLIENT", "LIST", "ID"], "-ERR syntax error\r\n"),
            (
                &["CLIENT", "LIST", "ID", "abc"],
                "-ERR Invalid client ID\r\n",
            ),
            (&["CLIENT", "LIST", "ID", "0"], "$0\r\n\r\n"),
            (&["CLIENT", "LIST", "ID", "999999", "-5"], "$0\r\n\r\n"),
            (
                &["CLIENT", "LIST", "ID", "1", "abc"],
                "-ERR Invalid client ID\r\n",
            ),
        ],
    );
    assert_eq!(
        c.cmd_str(&["CLIENT", "SETNAME", "a\nb"]),
        "-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
    );
}

/// CLIENT SETINFO is Redis 7.2's; ferrokv has it (7.0.15 replies "unknown subcommand").
#[test]
fn client_setinfo() {
    if !testing_ferrokv() {
        return;
    }
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["CLIENT", "SETINFO", "lib-name", "mylib"], "+OK\r\n"),
            (&["CLIENT", "SETINFO", "LIB-VER", "1.2.3"], "+OK\r\n"),
            (
                &["CLIENT", "SETINFO", "foo", "bar"],
                "-ERR Unrecognized option 'foo'\r\n",
            ),
            (
                &["CLIENT", "SETINFO", "lib-name", "a b"],
                "-ERR lib-name cannot contain spaces, newlines or special characters.\r\n",
            ),
            (
                &["CLIENT", "SETINFO", "lib-name"],
                "-ERR wrong number of arguments for 'client|setinfo' command\r\n",
            ),
        ],
    );
    let info = c.cmd_str(&["CLIENT", "INFO"]);
    assert!(info.contains(" lib-name=mylib lib-ver=1.2.3\n"), "{info}");
}

/// The fields of a CLIENT INFO/LIST line as (name, value) pairs.
fn fields(line: &str) -> Vec<(String, String)> {
    line.split_whitespace()
        .map(|f| {
            let (k, v) = f.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn field(line: &str, name: &str) -> String {
    fields(line)
        .into_iter()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("no {name} in {line:?}"))
        .1
}

#[test]
fn client_id_info_list() {
    let s = Server::start(&[]);
    let mut a = s.client();
    let mut b = s.client();
    let id_a = int_of(&a.cmd(&["CLIENT", "ID"]));
    let id_b = int_of(&b.cmd(&["CLIENT", "ID"]));
    assert!(id_a > 0 && id_b > id_a, "ids {id_a} {id_b}");
    assert_eq!(b.cmd_str(&["CLIENT", "SETNAME", "bee"]), "+OK\r\n");
    assert_eq!(b.cmd_str(&["SELECT", "3"]), "+OK\r\n");
    let info = a.cmd_str(&["CLIENT", "INFO"]);
    let line = text_of(&info);
    assert!(
        line.ends_with('\n') && line.lines().count() == 1,
        "{line:?}"
    );
    // Redis 7.0's fields, in order.
    let names: Vec<String> = fields(line).into_iter().map(|(k, _)| k).collect();
    let want = [
        "id",
        "addr",
        "laddr",
        "fd",
        "name",
        "age",
        "idle",
        "flags",
        "db",
        "sub",
        "psub",
        "ssub",
        "multi",
        "qbuf",
        "qbuf-free",
        "argv-mem",
        "multi-mem",
        "rbs",
        "rbp",
        "obl",
        "oll",
        "omem",
        "tot-mem",
        "events",
        "cmd",
        "user",
        "redir",
        "resp",
    ];
    assert_eq!(names[..want.len()], want);
    assert_eq!(field(line, "id"), id_a.to_string());
    assert_eq!(
        field(line, "addr"),
        a.stream.local_addr().unwrap().to_string()
    );
    assert_eq!(field(line, "laddr"), s.addr());
    assert_eq!(field(line, "flags"), "N");
    assert_eq!(field(line, "db"), "0");
    assert_eq!(field(line, "cmd"), "client|info");
    assert_eq!(field(line, "user"), "default");
    assert_eq!(field(line, "resp"), "2");
    // Redis counts the running command in the query buffer: `*2\r\n$6\r\nCLIENT\r\n$4\r\nINFO\r\n`.
    assert_eq!(field(line, "qbuf"), "26");
    let list = a.cmd_str(&["CLIENT", "LIST"]);
    let lines: Vec<&str> = text_of(&list).lines().collect();
    assert_eq!(lines.len(), 2, "{list:?}");
    assert_eq!(field(lines[0], "id"), id_a.to_string());
    assert_eq!(field(lines[0], "cmd"), "client|list");
    assert_eq!(field(lines[1], "id"), id_b.to_string());
    assert_eq!(field(lines[1], "name"), "bee");
    assert_eq!(field(lines[1], "db"), "3");
    assert_eq!(field(lines[1], "cmd"), "select");
    assert_eq!(
        field(lines[1], "addr"),
        b.stream.local_addr().unwrap().to_string()
    );
    // Filters: TYPE normal is everyone; ID lists in the order given, unknown ids list nothing.
    assert_eq!(
        text_of(&a.cmd_str(&["CLIENT", "LIST", "TYPE", "normal"]))
            .lines()
            .count(),
        2
    );
    let by_id = a.cmd_str(&[
        "CLIENT",
        "LIST",
        "ID",
        &id_b.to_string(),
        "999999",
        &id_a.to_string(),
    ]);
    let ids: Vec<String> = text_of(&by_id).lines().map(|l| field(l, "id")).collect();
    assert_eq!(ids, [id_b.to_string(), id_a.to_string()]);
}

/// CLIENT REPLY OFF mutes every reply until ON, SKIP the next command's, as Redis 7.0 does
/// (the expected bytes were recorded from redis-server 7.0.15). Muted commands still run.
#[test]
fn client_reply_on_off_skip() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let replies = |c: &mut Client, input: &str, n: usize| -> String {
        c.send(input.as_bytes());
        (0..n)
            .map(|_| String::from_utf8_lossy(&c.read_reply()).into_owned())
            .collect()
    };
    assert_eq!(
        replies(
            &mut c,
            "CLIENT REPLY OFF\r\nPING\r\nSET a 1\r\nNOSUCH\r\nCLIENT REPLY ON\r\nGET a\r\n",
            2
        ),
        "+OK\r\n$1\r\n1\r\n"
    );
    assert_eq!(
        replies(&mut c, "CLIENT REPLY SKIP\r\nPING one\r\nPING two\r\n", 1),
        "$3\r\ntwo\r\n"
    );
    // ON clears a pending SKIP, and its own +OK is sent.
    assert_eq!(
        replies(
            &mut c,
            "CLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nPING\r\n",
            2
        ),
        "+OK\r\n+PONG\r\n"
    );
    // A SKIP that is itself skipped still skips the command after it.
    assert_eq!(
        replies(
            &mut c,
            "CLIENT REPLY SKIP\r\nCLIENT REPLY SKIP\r\nPING a\r\nPING b\r\nPING c\r\n",
            2
        ),
        "$1\r\nb\r\n$1\r\nc\r\n"
    );
    // SKIP while OFF does nothing.
    assert_eq!(
        replies(
            &mut c,
            "CLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nPING x\r\nPING y\r\n",
            3
        ),
        "+OK\r\n$1\r\nx\r\n$1\r\ny\r\n"
    );
    // A skipped MULTI still opens the transaction.
    assert_eq!(
        replies(&mut c, "CLIENT REPLY SKIP\r\nMULTI\r\nPING\r\nEXEC\r\n", 2),
        "+QUEUED\r\n*1\r\n+PONG\r\n"
    );
    expect_all(
        &mut c,
        &[
            (
                &["CLIENT", "REPLY"],
                "-ERR wrong number of arguments for 'client|reply' command\r\n",
            ),
            (&["CLIENT", "REPLY", "foo"], "-ERR syntax error\r\n"),
            (
                &["CLIENT", "REPLY", "on", "extra"],
                "-ERR wrong number of arguments for 'client|reply' command\r\n",
            ),
        ],
    );

    // A blocked command's reply comes later, and SKIP drops it then: after a timeout, and
    // when another client's push serves it.
    assert_eq!(
        replies(
            &mut c,
            "CLIENT REPLY SKIP\r\nBLPOP l 0.05\r\nPING after\r\n",
            1
        ),
        "$5\r\nafter\r\n"
    );
    c.send(b"CLIENT REPLY SKIP\r\nBLPOP l 0\r\n");
    let mut other = s.client();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !other.cmd_str(&["CLIENT", "LIST"]).contains("flags=b") {
        assert!(Instant::now() < deadline, "BLPOP never blocked");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(other.cmd_str(&["RPUSH", "l", "v"]), ":1\r\n");
    assert_eq!(replies(&mut c, "LLEN l\r\n", 1), ":0\r\n");

    // A protocol error while OFF closes the connection without a word, as in Redis.
    let mut d = s.client();
    d.send(b"CLIENT REPLY OFF\r\n*1\r\n$x\r\n");
    assert_eq!(d.read_to_close(), b"");
}

/// MONITOR shows every command that ran, after it ran, with the database it left selected;
/// not administrative ones, not refused ones; passwords redacted. Lines recorded from
/// redis-server 7.0.15 (the time stamp aside).
#[test]
fn monitor_shows_commands_as_redis_does() {
    let s = Server::start(&[]);
    let mut m = s.client();
    assert_eq!(m.cmd_str(&["MONITOR"]), "+OK\r\n");
    let mut c = s.client();
    let addr = c.stream.local_addr().unwrap().to_string();
    c.send(
        b"SET foo bar\r\nGET foo\r\nSELECT 3\r\nAUTH x\r\nAUTH a b\r\nHELLO 2 AUTH u p\r\n\
          MULTI\r\nSET \"a\\x00\\n\" 1\r\nEXEC\r\nMULTI\r\nNOSUCH\r\nEXEC\r\nCONFIG GET port\r\n\
          CLIENT LIST\r\nCLIENT INFO\r\nECHO \"q\\\"uo\\\\te\"\r\nGET\r\nBLPOP l 0.05\r\n",
    );
    for _ in 0..18 {
        c.read_reply();
    }
    let want = [
        "[0 A] \"SET\" \"foo\" \"bar\"",
        "[0 A] \"GET\" \"foo\"",
        "[3 A] \"SELECT\" \"3\"",
        "[3 A] \"AUTH\" \"(redacted)\"",
        "[3 A] \"AUTH\" \"(redacted)\" \"(redacted)\"",
        "[3 A] \"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"",
        "[3 A] \"MULTI\"",
        "[3 A] \"SET\" \"a\\x00\\n\" \"1\"",
        "[3 A] \"EXEC\"",
        "[3 A] \"MULTI\"",
        "[3 A] \"EXEC\"",
        "[3 A] \"CLIENT\" \"INFO\"",
        "[3 A] \"ECHO\" \"q\\\"uo\\\\te\"",
        "[3 A] \"BLPOP\" \"l\" \"0.05\"",
    ];
    for w in want {
        let line = String::from_utf8(m.read_reply()).unwrap();
        // "+<seconds>.<6 digits> " then the rest.
        let (stamp, rest) = line.split_once(' ').unwrap();
        let (secs, micros) = stamp.trim_start_matches('+').split_once('.').unwrap();
        assert!(
            line.starts_with('+')
                && secs.parse::<u64>().is_ok()
                && micros.len() == 6
                && micros.parse::<u32>().is_ok(),
            "{line:?}"
        );
        assert_eq!(
            rest,
            format!("{}\r\n", w.replace(" A]", &format!(" {addr}]")))
        );
    }
    assert_eq!(c.cmd_str(&["PING", "last"]), "$4\r\nlast\r\n");
    assert!(m.read_reply().ends_with(b"\"PING\" \"last\"\r\n"));

    // A monitor may not touch the keyspace; what it may run it is shown too.
    let maddr = m.stream.local_addr().unwrap().to_string();
    assert_eq!(
        m.cmd_str(&["GET", "foo"]),
        "-ERR Replica can't interact with the keyspace\r\n"
    );
    assert_eq!(m.cmd_str(&["ECHO", "hi"]), "$2\r\nhi\r\n");
    let own = String::from_utf8(m.read_reply()).unwrap();
    assert!(
        own.ends_with(&format!("[0 {maddr}] \"ECHO\" \"hi\"\r\n")),
        "{own:?}"
    );
    let list = c.cmd_str(&["CLIENT", "LIST"]);
    assert!(list.contains(&format!("addr={maddr} ")), "{list}");
    let mline = list.lines().find(|l| l.contains(&maddr)).unwrap();
    assert!(mline.contains(" flags=O "), "{mline}");
    // Not inside EXEC.
    c.send(b"MULTI\r\nMONITOR\r\nEXEC\r\n");
    assert_eq!(c.read_reply(), b"+OK\r\n");
    assert_eq!(c.read_reply(), b"+QUEUED\r\n");
    assert_eq!(
        c.read_reply(),
        b"*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n"
    );

    // A monitor that goes away stops being fed; the others go on.
    drop(m);
    let mut m2 = s.client();
    assert_eq!(m2.cmd_str(&["MONITOR"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["SET", "k", "v"]), "+OK\r\n");
    assert!(m2.read_reply().ends_with(b"\"SET\" \"k\" \"v\"\r\n"));
}

/// RESET puts a connection back as new, as Redis 7.0.15 does (bytes recorded from it).
#[test]
fn reset_clears_the_connection_state() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let input = "SELECT 5\r\nCLIENT SETNAME x\r\nMULTI\r\nSET a 1\r\nRESET\r\nEXEC\r\nCLIENT GETNAME\r\n\
                 SUBSCRIBE c\r\nRESET\r\nPING\r\nMONITOR\r\nRESET\r\nGET nokey\r\nCLIENT REPLY OFF\r\n\
                 RESET\r\nPING\r\nHELLO 3\r\nRESET\r\nHGETALL nokey\r\nCLIENT REPLY SKIP\r\nRESET\r\n\
                 PING\r\nRESET x\r\n";
    c.send(input.as_bytes());
    let got: String = (0..20)
        .map(|_| String::from_utf8_lossy(&c.read_reply()).into_owned())
        .collect();
    let hello_start = got.find("%7").unwrap();
    let (before, after) = got.split_at(hello_start);
    assert_eq!(
        before,
        "+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n+RESET\r\n-ERR EXEC without MULTI\r\n$-1\r\n\
         *3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n+RESET\r\n+PONG\r\n+OK\r\n+RESET\r\n$-1\r\n\
         +RESET\r\n+PONG\r\n"
    );
    assert!(
        after.ends_with(
            "+RESET\r\n*0\r\n+PONG\r\n-ERR wrong number of arguments for 'reset' command\r\n"
        ),
        "{after:?}"
    );
    let mut other = s.client();
    assert_eq!(
        other.cmd_str(&["PUBSUB", "NUMSUB", "c"]),
        "*2\r\n$1\r\nc\r\n:0\r\n"
    );

    // With a password, RESET logs the connection out.
    let s = Server::start(&["--requirepass", "pw"]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["AUTH", "pw"], "+OK\r\n"),
            (&["PING"], "+PONG\r\n"),
            (&["RESET"], "+RESET\r\n"),
            (&["PING"], "-NOAUTH Authentication required.\r\n"),
        ],
    );
}

/// `cmd=` is the last command looked up, even if refused; `NULL` for unknown ones.
#[test]
fn client_list_cmd_field() {
    let s = Server::start(&[]);
    let mut a = s.client();
    let mut b = s.client();
    let id_b = int_of(&b.cmd(&["CLIENT", "ID"])).to_string();
    let cases: &[(&[&str], &str)] = &[
        (&["FOO"], "NULL"),
        (&["GET"], "get"),
        (&["SET", "k", "v"], "set"),
        (&["CLIENT", "ID", "x"], "client|id"),
        (&["CLIENT", "FOO"], "NULL"),
        (&["CONFIG", "GET"], "config|get"),
        (&["CONFIG"], "config"),
        (&["CLIENT", "HELP"], "client|help"),
        (&["HELLO", "9"], "hello"),
        (&["PING"], "ping"),
    ];
    for (cmd, want) in cases {
        b.cmd(cmd);
        let line = a.cmd_str(&["CLIENT", "LIST", "ID", &id_b]);
        assert_eq!(field(text_of(&line), "cmd"), *want, "after {cmd:?}");
    }
}

#[test]
fn config_set_requirepass_applies_to_new_connections() {
    let s = Server::start(&[]);
    let mut a = s.client();
    assert_eq!(
        a.cmd_str(&["CONFIG", "SET", "requirepass", "pw"]),
        "+OK\r\n"
    );
    // Connections made before stay authenticated.
    assert_eq!(a.cmd_str(&["GET", "x"]), "$-1\r\n");
    let mut b = s.client();
    assert_eq!(
        b.cmd_str(&["GET", "x"]),
        "-NOAUTH Authentication required.\r\n"
    );
    assert_eq!(b.cmd_str(&["AUTH", "pw"]), "+OK\r\n");
    assert_eq!(b.cmd_str(&["GET", "x"]), "$-1\r\n");
    assert_eq!(a.cmd_str(&["CONFIG", "SET", "requirepass", ""]), "+OK\r\n");
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["GET", "x"]), "$-1\r\n");
    assert_eq!(
        c.cmd_str(&["AUTH", "x"]),
        "-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n"
    );
    // CLIENT KILL LADDR: everyone connected to this server's address except the caller.
    assert_eq!(
        c.cmd_str(&["CLIENT", "KILL", "LADDR", "127.0.0.1:1"]),
        ":0\r\n"
    );
    assert_eq!(c.cmd_str(&["CLIENT", "KILL", "LADDR", &s.addr()]), ":2\r\n");
    assert_eq!(a.read_to_close(), b"");
    assert_eq!(b.read_to_close(), b"");
    assert_eq!(c.cmd_str(&["PING"]), "+PONG\r\n");
}

#[test]
fn client_kill_by_id_and_addr() {
    let s = Server::start(&[]);
    let mut a = s.client();
    // KILL ID: the victim's connection is closed, and the killer gets the count.
    let mut victim = s.client();
    let vid = int_of(&victim.cmd(&["CLIENT", "ID"]));
    assert_eq!(
        a.cmd_str(&["CLIENT", "KILL", "ID", &vid.to_string()]),
        ":1\r\n"
    );
    assert_eq!(victim.read_to_close(), b"");
    assert_eq!(
        a.cmd_str(&["CLIENT", "KILL", "ID", &vid.to_string()]),
        ":0\r\n"
    );
    // KILL ADDR.
    let mut victim = s.client();
    let addr = victim.stream.local_addr().unwrap().to_string();
    assert_eq!(victim.cmd_str(&["PING"]), "+PONG\r\n");
    assert_eq!(a.cmd_str(&["CLIENT", "KILL", "ADDR", &addr]), ":1\r\n");
    assert_eq!(victim.read_to_close(), b"");
    assert_eq!(a.cmd_str(&["CLIENT", "KILL", "ADDR", &addr]), ":0\r\n");
    // The old form: CLIENT KILL ip:port.
    let mut victim = s.client();
    let addr = victim.stream.local_addr().unwrap().to_string();
    assert_eq!(victim.cmd_str(&["PING"]), "+PONG\r\n");
    assert_eq!(a.cmd_str(&["CLIENT", "KILL", &addr]), "+OK\r\n");
    assert_eq!(victim.read_to_close(), b"");
    assert_eq!(
        a.cmd_str(&["CLIENT", "KILL", &addr]),
        "-ERR No such client\r\n"
    );
    // Filters combine; by default the caller is skipped, SKIPME no includes it.
    let mut victim = s.client();
    let my_addr = a.stream.local_addr().unwrap().to_string();
    assert_eq!(victim.cmd_str(&["PING"]), "+PONG\r\n");
    assert_eq!(a.cmd_str(&["CLIENT", "KILL", "ADDR", &my_addr]), ":0\r\n");
    assert_eq!(
        a.cmd_str(&["CLIENT", "KILL", "TYPE", "normal", "USER", "default"]),
        ":1\r\n"
    );
    assert_eq!(victim.read_to_close(), b"");
    assert_eq!(
        a.cmd_str(&["CLIENT", "KILL", "ADDR", &my_addr, "SKIPME", "no"]),
        ":1\r\n"
    );
    assert_eq!(a.read_to_close(), b"");
    // The old form on oneself replies +OK, then closes.
    let mut c = s.client();
    let my_addr = c.stream.local_addr().unwrap().to_string();
    assert_eq!(c.cmd_str(&["CLIENT", "KILL", &my_addr]), "+OK\r\n");
    assert_eq!(c.read_to_close(), b"");
    let mut c = s.client();
    assert_eq!(c.cmd_str(&["PING"]), "+PONG\r\n");
}

#[test]
fn time_reply_shape() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let reply = c.cmd_str(&["TIME"]);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let parts: Vec<&str> = reply.split("\r\n").collect();
    assert_eq!(parts.len(), 6, "{reply:?}");
    assert_eq!(parts[0], "*2");
    assert_eq!(parts[1], format!("${}", parts[2].len()));
    assert_eq!(parts[3], format!("${}", parts[4].len()));
    let secs: i64 = parts[2].parse().unwrap();
    let micros: i64 = parts[4].parse().unwrap();
    assert!((secs - now).abs() <= 2, "{secs} vs {now}");
    assert!((0..1_000_000).contains(&micros), "{micros}");
    expect_all(
        &mut c,
        &[
            (
                &["TIME", "x"],
                "-ERR wrong number of arguments for 'time' command\r\n",
            ),
            (&["DBSIZE"], ":0\r\n"),
            (&["SET", "a", "1"], "+OK\r\n"),
            (&["DBSIZE"], ":1\r\n"),
            (
                &["DBSIZE", "x"],
                "-ERR wrong number of arguments for 'dbsize' command\r\n",
            ),
        ],
    );
}

#[test]
fn info_sections_and_fields() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let mut other = s.client();
    assert_eq!(other.cmd_str(&["PING"]), "+PONG\r\n");
    assert_eq!(c.cmd_str(&["MSET", "a", "1", "b", "2"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["SET", "c", "3", "EX", "100"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["SELECT", "2"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["SET", "x", "1"]), "+OK\r\n");
    let all = c.cmd_str(&["INFO"]);
    let text = text_of(&all);
    let sections: Vec<&str> = text.split("\r\n").filter(|l| l.starts_with("# ")).collect();
    assert_eq!(
        sections,
        [
            "# Server",
            "# Clients",
            "# Memory",
            "# Persistence",
            "# Stats",
            "# Replication",
            "# CPU",
            "# Modules",
            "# Errorstats",
            "# Cluster",
            "# Keyspace"
        ]
    );
    assert!(
        text.starts_with("# Server\r\nredis_version:7.0.15\r\n"),
        "{text}"
    );
    assert!(text.ends_with("\r\n"));
    for field in [
        "redis_mode:standalone",
        &format!("tcp_port:{}", s.port),
        "connected_clients:2",
        "maxclients:10000",
        "used_memory:",
        "loading:0",
        "total_connections_received:",
        "total_commands_processed:",
        "expired_keys:0",
        "keyspace_hits:",
        "role:master",
        "used_cpu_sys:",
        "db2:keys=1,expires=0,avg_ttl=0",
    ] {
        assert!(
            text.contains(&format!("\r\n{field}")),
            "INFO lacks {field}:\n{text}"
        );
    }
    let keyspace = c.cmd_str(&["INFO", "keyspace"]);
    assert!(
        text_of(&keyspace).starts_with("# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl="),
        "{keyspace}"
    );
    // One section, case-insensitively, several at once, unknown ones empty.
    let server = c.cmd_str(&["INFO", "SERVER"]);
    assert!(text_of(&server).starts_with("# Server\r\n"));
    assert!(!text_of(&server).contains("# Clients"));
    let two = c.cmd_str(&["INFO", "clients", "keyspace"]);
    let sections: Vec<&str> = text_of(&two)
        .split("\r\n")
        .filter(|l| l.starts_with("# "))
        .collect();
    assert_eq!(sections, ["# Clients", "# Keyspace"]);
    assert_eq!(c.cmd_str(&["INFO", "nosuch"]), "$0\r\n\r\n");
    let everything = c.cmd_str(&["INFO", "all"]);
    assert!(text_of(&everything).contains("# Keyspace\r\n"));
    assert_eq!(c.cmd_str(&["FLUSHALL"]), "+OK\r\n");
    assert_eq!(
        c.cmd_str(&["INFO", "keyspace"]),
        "$12\r\n# Keyspace\r\n\r\n"
    );
}

#[test]
fn shutdown_errors_keep_the_server_running() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["SHUTDOWN", "FOO"], "-ERR syntax error\r\n"),
            (&["SHUTDOWN", "ABORT"], "-ERR No shutdown in progress.\r\n"),
            (&["SHUTDOWN", "NOSAVE", "SAVE"], "-ERR syntax error\r\n"),
            (&["SHUTDOWN", "ABORT", "NOW"], "-ERR syntax error\r\n"),
            (&["SHUTDOWN", "NOSAVE", "ABORT"], "-ERR syntax error\r\n"),
            (&["SHUTDOWN", "NOSAVE", "FOO"], "-ERR syntax error\r\n"),
            (&["PING"], "+PONG\r\n"),
        ],
    );
}

#[test]
fn shutdown_nosave_exits_with_status_0() {
    let mut s = Server::start(&[]);
    let mut c = s.client();
    let mut other = s.client();
    assert_eq!(other.cmd_str(&["PING"]), "+PONG\r\n");
    c.send(&Client::encode(&[b"SHUTDOWN", b"NOSAVE"]));
    // No reply: the connection just closes as the server exits.
    assert_eq!(c.read_to_close(), b"");
    assert_eq!(other.read_to_close(), b"");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(5), "still running");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(status.success(), "{status:?}");
    assert!(std::net::TcpStream::connect(("127.0.0.1", s.port)).is_err());
}

/// Connects a client that the server accepted, retrying while the server is full (it may still
/// count a connection that just closed). A rejected client is told at once without sending
/// anything: writing first could turn the server's close into a reset.
fn accepted_client(s: &Server) -> Client {
    let start = Instant::now();
    loop {
        let mut c = s.client();
        c.stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut buf = [0u8; 64];
        match std::io::Read::read(&mut c.stream, &mut buf) {
            Ok(n) => assert_eq!(&buf[..n], b"-ERR max number of clients reached\r\n"),
            Err(_) => {
                c.stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                assert_eq!(c.cmd_str(&["PING"]), "+PONG\r\n");
                return c;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(5), "never accepted");
    }
}

#[test]
fn maxclients_rejects_extra_clients() {
    let s = Server::start(&["--maxclients", "2"]);
    let mut a = accepted_client(&s);
    let b = accepted_client(&s);
    assert_eq!(
        a.cmd_str(&["CONFIG", "GET", "maxclients"]),
        "*2\r\n$10\r\nmaxclients\r\n$1\r\n2\r\n"
    );
    let mut c = s.client();
    assert_eq!(c.read_to_close(), b"-ERR max number of clients reached\r\n");
    // A slot freed is a slot available again.
    drop(b);
    let _d = accepted_client(&s);
    let stats = a.cmd_str(&["INFO", "stats"]);
    assert!(stats.contains("\r\nrejected_connections:"), "{stats}");
    assert!(!stats.contains("\r\nrejected_connections:0\r\n"), "{stats}");
}
