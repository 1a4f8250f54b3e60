//! Process tests for `ferrokv-cli`: the built binary against a running ferrokv (piped, one-shot,
//! interactive on a pseudo-terminal), against a scripted server for reply types ferrokv does not
//! produce, and side by side with `redis-cli` where that is installed.

mod cli_support;
mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use cli_support::{CLI, FakeServer, Pty, run_piped, wait_output};
use common::{Server, free_port};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh directory to serve as `$HOME` (history file) for one test; removed when dropped.
struct TempHome(PathBuf);

impl std::ops::Deref for TempHome {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_home(name: &str) -> TempHome {
    let dir = std::env::temp_dir().join(format!("ferrokv-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp home");
    TempHome(dir)
}

/// Runs a one-shot command with stdout captured; returns (stdout, stderr, exit code).
fn one_shot(port: u16, args: &[&str]) -> (String, String, Option<i32>) {
    let port = port.to_string();
    let mut all = vec!["-p", port.as_str()];
    all.extend_from_slice(args);
    let out = run_piped(&all, b"");
    (text(&out.stdout), text(&out.stderr), out.status.code())
}

// ---------------------------------------------------------------------------------------------
// Against ferrokv
// ---------------------------------------------------------------------------------------------

#[test]
fn piped_mode_prints_raw_output() {
    let server = Server::start(&[]);
    let port = server.port.to_string();
    let input = b"SET user1 Alice\nset user2 \"Bob Smith\"\nGET user1\nGET user2\nGET nobody\n\nDEL user1 user2 nobody\n\
                  NOSUCHCOMMAND x\nSET k \"\\x00\\xff\"\nGET k\nset \"unbalanced\nPING\n";
    let out = run_piped(&["-p", &port], input);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let expected_start = b"OK\nOK\nAlice\nBob Smith\n\n2\n".to_vec();
    assert!(
        out.stdout.starts_with(&expected_start),
        "got {:?}",
        text(&out.stdout)
    );
    let rest = &out.stdout[expected_start.len()..];
    // The unknown-command error is printed bare, followed by a blank line (redis-cli does so).
    let err_end = rest.iter().position(|&b| b == b'\n').expect("error line");
    assert!(
        rest[..err_end].starts_with(b"ERR unknown command"),
        "got {:?}",
        text(rest)
    );
    assert_eq!(
        &rest[err_end..],
        b"\n\nOK\n\x00\xff\nInvalid argument(s)\nPONG\n"
    );
}

#[test]
fn one_shot_mode_output_and_exit_codes() {
    let server = Server::start(&[]);
    let p = server.port;
    assert_eq!(
        one_shot(p, &["SET", "user1", "Alice"]),
        ("OK\n".into(), String::new(), Some(0))
    );
    assert_eq!(
        one_shot(p, &["GET", "user1"]),
        ("Alice\n".into(), String::new(), Some(0))
    );
    assert_eq!(
        one_shot(p, &["GET", "nobody"]),
        ("\n".into(), String::new(), Some(0))
    );
    assert_eq!(
        one_shot(p, &["DEL", "user1"]),
        ("1\n".into(), String::new(), Some(0))
    );
    // Database selection with -n and with a URL.
    assert_eq!(one_shot(p, &["-n", "1", "SET", "k", "in-db-1"]).2, Some(0));
    assert_eq!(one_shot(p, &["GET", "k"]).0, "\n");
    assert_eq!(one_shot(p, &["-n", "1", "GET", "k"]).0, "in-db-1\n");
    let url = format!("redis://127.0.0.1:{p}/1");
    let out = run_piped(&["-u", &url, "GET", "k"], b"");
    assert_eq!(
        (text(&out.stdout), out.status.code()),
        ("in-db-1\n".into(), Some(0))
    );
    // -r repeats, -i paces the repeats.
    assert_eq!(
        one_shot(p, &["-r", "3", "-i", "0.01", "PING"]).0,
        "PONG\nPONG\nPONG\n"
    );
    // An error reply: printed as redis-cli prints it, and the exit status says so.
    let (stdout, stderr, code) = one_shot(p, &["NOSUCHCOMMAND"]);
    assert!(
        stdout.starts_with("ERR unknown command") && stdout.ends_with("\n\n"),
        "{stdout:?}"
    );
    assert_eq!((stderr.as_str(), code), ("", Some(1)));
    let (stdout, _, code) = one_shot(p, &["GET"]);
    assert_eq!(
        stdout,
        "ERR wrong number of arguments for 'get' command\n\n"
    );
    assert_eq!(code, Some(1));
    // --no-raw forces the terminal rendering into a pipe.
    assert_eq!(one_shot(p, &["--no-raw", "GET", "nobody"]).0, "(nil)\n");
    assert_eq!(one_shot(p, &["--no-raw", "SET", "n", "5"]).0, "OK\n");
    assert_eq!(one_shot(p, &["--no-raw", "DEL", "n"]).0, "(integer) 1\n");
}

#[test]
fn terminal_session_against_ferrokv() {
    let server = Server::start(&[]);
    let home = temp_home("session");
    let port = server.port.to_string();
    let prompt = format!("127.0.0.1:{port}> ");
    let mut pty = Pty::spawn(&["-p", &port], &home);
    pty.wait_for(&prompt);
    let steps: &[(&str, &str)] = &[
        ("SET user1 Alice", "OK\n"),
        ("SET user2 Bob", "OK\n"),
        ("GET user1", "\"Alice\"\n"),
        ("GET nobody", "(nil)\n"),
        ("DEL user1", "(integer) 1\n"),
        ("SET bin \"\\x00\\xffok\"", "OK\n"),
        ("GET bin", "\"\\x00\\xffok\"\n"),
        (
            "NOSUCHCOMMAND",
            "(error) ERR unknown command 'NOSUCHCOMMAND', with args beginning with: \n",
        ),
        ("SELECT 1", "OK\n"),
    ];
    for (line, reply) in steps {
        pty.at_prompt(&prompt, line);
        pty.wait_for(&format!("{line}\n{reply}"));
    }
    // The prompt shows the selected database, and keeps it across commands.
    let prompt1 = format!("127.0.0.1:{port}[1]> ");
    pty.at_prompt(&prompt1, "GET user2");
    pty.wait_for("GET user2\n(nil)\n");
    pty.at_prompt(&prompt1, "SELECT 0");
    pty.at_prompt(&prompt, "GET user2");
    pty.wait_for("GET user2\n\"Bob\"\n");
    // Nested arrays: COMMAND DOCS answers with arrays inside arrays.
    pty.at_prompt(&prompt, "COMMAND DOCS get");
    pty.wait_for("COMMAND DOCS get\n1) \"get\"\n2) ");
    pty.wait_for("1) \"summary\"\n");
    let screen = pty.screen();
    assert!(
        screen.contains("2) 1) \"summary\"\n   2) \"")
            || screen.contains("2)  1) \"summary\"\n    2) \""),
        "{screen}"
    );
    // help <command> comes from the server's COMMAND DOCS.
    pty.at_prompt(&prompt, "help get");
    pty.wait_for("help get\n\n  GET ");
    pty.wait_for("\n  summary: ");
    pty.wait_for("\n  group: string\n\n");
    pty.at_prompt(&prompt, "HELP");
    pty.wait_for("HELP\nferrokv-cli ");
    pty.wait_for("\"help <command>\" for help on <command>\n");
    // Tab completes command names from COMMAND DOCS.
    pty.at_prompt(&prompt, "incrbyf\t f 1.5");
    pty.wait_for("\"1.5\"\n");
    assert!(
        pty.screen().contains("INCRBYFLOAT f 1.5\n"),
        "{}",
        pty.screen()
    );
    pty.at_prompt(&prompt, "AUTH not-saved-in-history");
    pty.wait_for("AUTH not-saved-in-history\n(error) ");
    pty.at_prompt(&prompt, "quit");
    assert_eq!(
        pty.wait_exit(Duration::from_secs(5)).and_then(|s| s.code()),
        Some(0)
    );
    let history = std::fs::read_to_string(home.join(".ferrokv_history")).expect("history file");
    assert!(
        history.contains("SET user1 Alice") && history.contains("help get"),
        "{history}"
    );
    assert!(!history.contains("not-saved-in-history"), "{history}");
}

/// The prototype's example, as the README shows it.
#[test]
fn prototype_example_session() {
    let server = Server::start(&[]);
    let home = temp_home("prototype");
    let port = server.port.to_string();
    let prompt = format!("127.0.0.1:{port}> ");
    let mut pty = Pty::spawn(&["-p", &port], &home);
    for (line, reply) in [
        ("SET user1 Alice", "OK\n"),
        ("SET user2 Bob", "OK\n"),
        ("GET user1", "\"Alice\"\n"),
        ("LIST", "1) \"user"),
        ("DELETE user1", "(integer) 1\n"),
    ] {
        pty.at_prompt(&prompt, line);
        pty.wait_for(&format!("{prompt}{line}\n{reply}"));
    }
    let screen = pty.screen();
    assert!(
        screen.contains("LIST\n1) \"user1\"\n2) \"user2\"\n")
            || screen.contains("LIST\n1) \"user2\"\n2) \"user1\"\n"),
        "{screen}"
    );
    pty.at_prompt(&prompt, "QUIT");
    assert_eq!(
        pty.wait_exit(Duration::from_secs(5)).and_then(|s| s.code()),
        Some(0)
    );
}

#[test]
fn password_options() {
    let server = Server::start(&["--requirepass", "s3cret"]);
    let p = server.port;
    let (stdout, _, code) = one_shot(p, &["SET", "k", "v"]);
    assert_eq!(
        (stdout.as_str(), code),
        ("NOAUTH Authentication required.\n\n", Some(1))
    );
    let (stdout, stderr, code) = one_shot(p, &["-a", "s3cret", "SET", "k", "v"]);
    assert_eq!((stdout.as_str(), code), ("OK\n", Some(0)));
    assert_eq!(
        stderr,
        "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n"
    );
    let (stdout, stderr, code) = one_shot(p, &["--no-auth-warning", "-a", "wrong", "GET", "k"]);
    assert_eq!((stdout.as_str(), code), ("", Some(1)));
    assert!(stderr.starts_with("AUTH failed: WRONGPASS"), "{stderr:?}");
    let url = format!("redis://:s3cret@127.0.0.1:{p}/0");
    let out = run_piped(&["--no-auth-warning", "-u", &url], b"GET k\n");
    assert_eq!(
        (text(&out.stdout), text(&out.stderr), out.status.code()),
        ("v\n".into(), String::new(), Some(0))
    );
}

#[test]
fn same_output_as_redis_cli() {
    let Some(redis_cli) = find_redis_cli() else {
        eprintln!("skipped: redis-cli is not installed");
        return;
    };
    let server = Server::start(&[]);
    let port = server.port.to_string();
    let input = b"SET user1 Alice\nSET user2 Bob\nGET user1\nGET nobody\nDEL user1 nobody\nNOSUCHCOMMAND a b\n\
                  SET bin \"\\x00\\xff\\r\\n\\\"q\\\" \\\\ \\t\"\nGET bin\nGET\nSELECT 1\nSET x 1\nSELECT 0\nGET x\n\
                  COMMAND DOCS get\n3 PING\nset \"oops\nDEL user2 bin\n";
    for faketty in [false, true] {
        let run = |program: &str| {
            let mut cmd = Command::new(program);
            cmd.args(["-p", &port])
                .env("FERROKVCLI_HISTFILE", "")
                .env("REDISCLI_HISTFILE", "");
            if faketty {
                cmd.env("FAKETTY", "1");
            }
            cmd.stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped());
            let mut child = cmd.spawn().expect("spawn client");
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input)
                .expect("write");
            text(&wait_output(child, Duration::from_secs(20)).stdout)
        };
        let ours = run(CLI);
        let theirs = run(&redis_cli);
        assert_eq!(ours, theirs, "FAKETTY={faketty}");
    }
}

// ---------------------------------------------------------------------------------------------
// No server, or a scripted one
// ---------------------------------------------------------------------------------------------

#[test]
fn connection_refused() {
    let port = free_port();
    let expected =
        format!("Could not connect to ferrokv at 127.0.0.1:{port}: Connection refused\n");
    let (stdout, stderr, code) = one_shot(port, &["PING"]);
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        ("", expected.as_str(), Some(1))
    );
    let out = run_piped(&["-p", &port.to_string()], b"PING\n");
    assert_eq!(
        (text(&out.stdout), text(&out.stderr), out.status.code()),
        (String::new(), expected.clone(), Some(1))
    );
    // Interactive: the message, then a prompt that says so.
    let home = temp_home("refused");
    let mut pty = Pty::spawn(&["-p", &port.to_string()], &home);
    pty.wait_for(&format!("{expected}not connected> "));
    pty.send_raw(b"\x04"); // Ctrl-D
    assert_eq!(
        pty.wait_exit(Duration::from_secs(5)).and_then(|s| s.code()),
        Some(0)
    );
}

#[test]
fn bad_options_exit_with_usage() {
    let out = run_piped(&["-p", "notaport"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Invalid value 'notaport' for option '-p'"));
    let out = run_piped(&["--help"], b"");
    assert!(text(&out.stdout).starts_with("Usage: ferrokv-cli"));
}

/// Canned replies covering every RESP2 and RESP3 type, keyed by the command that asks for them.
const REPLIES: &[(&str, &[u8])] = &[
    ("command", b"*0\r\n"),
    ("ping", b"+PONG\r\n"),
    ("ok", b"+OK\r\n"),
    ("str", b"$5\r\nAlice\r\n"),
    ("nil", b"$-1\r\n"),
    ("int", b":5\r\n"),
    ("err", b"-ERR boom\r\n"),
    ("bin", b"$4\r\n\x00\xff\"\n\r\n"),
    ("empty", b"*0\r\n"),
    ("users", b"*2\r\n$5\r\nuser1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n"),
    ("nested", b"*4\r\n:1\r\n*2\r\n:2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nx\r\n*0\r\n"),
    ("double", b",3.141\r\n"),
    ("map", b"%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n*2\r\n:1\r\n:2\r\n"),
    ("set", b"~2\r\n$1\r\nx\r\n$1\r\ny\r\n"),
    ("true", b"#t\r\n"),
    ("null", b"_\r\n"),
    ("verbatim", b"=15\r\ntxt:Some string\r\n"),
    ("emptymap", b"%0\r\n"),
    ("select", b"+OK\r\n"),
    ("subscribe", b"*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n"),
];

/// What redis-cli 7.0.15 prints on a terminal for each canned reply above.
const TTY_RENDERING: &[(&str, &str)] = &[
    ("ok", "OK\n"),
    ("str", "\"Alice\"\n"),
    ("nil", "(nil)\n"),
    ("int", "(integer) 5\n"),
    ("err", "(error) ERR boom\n"),
    ("bin", "\"\\x00\\xff\\\"\\n\"\n"),
    ("empty", "(empty array)\n"),
    ("users", "1) \"user1\"\n2) 1) \"a\"\n   2) \"b\"\n"),
    (
        "nested",
        "1) (integer) 1\n2) 1) (integer) 2\n   2) 1) \"a\"\n      2) \"b\"\n3) \"x\"\n4) (empty array)\n",
    ),
    ("double", "(double) 3.141\n"),
    (
        "map",
        "1# \"a\" => (integer) 1\n2# \"b\" => \n   1) (integer) 1\n   2) (integer) 2\n",
    ),
    ("set", "1~ \"x\"\n2~ \"y\"\n"),
    ("true", "(true)\n"),
    ("null", "(nil)\n"),
    ("verbatim", "Some string\n"),
    ("emptymap", "(empty hash)\n"),
];

#[test]
fn terminal_rendering_of_every_reply_type() {
    let server = FakeServer::start(REPLIES);
    let home = temp_home("render");
    let port = server.port.to_string();
    let prompt = format!("127.0.0.1:{port}> ");
    let mut pty = Pty::spawn(&["-p", &port], &home);
    for (cmd, rendering) in TTY_RENDERING {
        pty.at_prompt(&prompt, cmd);
        pty.wait_for(&format!("{prompt}{cmd}\n{rendering}{prompt}"));
    }
    pty.at_prompt(&prompt, "select 1");
    let prompt1 = format!("127.0.0.1:{port}[1]> ");
    pty.wait_for(&format!("{prompt}select 1\nOK\n{prompt1}"));
    pty.at_prompt(&prompt1, "exit");
    assert_eq!(
        pty.wait_exit(Duration::from_secs(5)).and_then(|s| s.code()),
        Some(0)
    );
}

#[test]
fn one_shot_on_a_terminal_renders_for_people() {
    let server = FakeServer::start(REPLIES);
    let home = temp_home("oneshot-tty");
    let port = server.port.to_string();
    let mut pty = Pty::spawn(&["-p", &port, "users"], &home);
    assert_eq!(
        pty.wait_exit(Duration::from_secs(5)).and_then(|s| s.code()),
        Some(0)
    );
    pty.wait_for("1) \"user1\"\n2) 1) \"a\"\n   2) \"b\"\n");
    let mut pty = Pty::spawn(&["-p", &port, "err"], &home);
    assert_eq!(
        pty.wait_exit(Duration::from_secs(5)).and_then(|s| s.code()),
        Some(1)
    );
    pty.wait_for("(error) ERR boom\n");
}

#[test]
fn raw_rendering_of_every_reply_type() {
    let server = FakeServer::start(REPLIES);
    let input = b"ok\nstr\nnil\nint\nerr\nbin\nempty\nusers\nnested\ndouble\nmap\nset\ntrue\nnull\nverbatim\nemptymap\n";
    let out = run_piped(&["-p", &server.port.to_string()], input);
    let expected: &[u8] =
        b"OK\nAlice\n\n5\nERR boom\n\n\x00\xff\"\n\n\nuser1\na\nb\n1\n2\na\nb\nx\n\n3.141\n\
                            a 1\nb 1\n2\nx\ny\n(true)\n\nSome string\n\n";
    assert_eq!(text(&out.stdout), text(expected));
    assert_eq!(out.stdout, expected);
}

#[test]
fn scripted_replies_match_redis_cli() {
    let Some(redis_cli) = find_redis_cli() else {
        eprintln!("skipped: redis-cli is not installed");
        return;
    };
    let server = FakeServer::start(REPLIES);
    let port = server.port.to_string();
    let input: String = TTY_RENDERING
        .iter()
        .map(|(cmd, _)| format!("{cmd}\n"))
        .collect();
    for faketty in [false, true] {
        let run = |program: &str| {
            let mut cmd = Command::new(program);
            cmd.args(["-p", &port])
                .env("FERROKVCLI_HISTFILE", "")
                .env("REDISCLI_HISTFILE", "");
            if faketty {
                cmd.env("FAKETTY", "1");
            }
            cmd.stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped());
            let mut child = cmd.spawn().expect("spawn client");
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input.as_bytes())
                .expect("write");
            wait_output(child, Duration::from_secs(20)).stdout
        };
        assert_eq!(text(&run(CLI)), text(&run(&redis_cli)), "FAKETTY={faketty}");
    }
}

#[test]
fn reconnects_when_the_server_comes_back() {
    let server = FakeServer::start(REPLIES);
    let port = server.port;
    let home = temp_home("reconnect");
    let prompt = format!("127.0.0.1:{port}> ");
    let mut pty = Pty::spawn(&["-p", &port.to_string()], &home);
    pty.at_prompt(&prompt, "ping");
    pty.wait_for(&format!("ping\nPONG\n{prompt}"));
    drop(server);
    pty.at_prompt(&prompt, "ping");
    pty.wait_for(&format!(
        "ping\nCould not connect to ferrokv at 127.0.0.1:{port}: Connection refused\nnot connected> "
    ));
    let _server = FakeServer::start_on(port, REPLIES);
    pty.at_prompt("not connected> ", "str");
    pty.wait_for(&format!("not connected> str\n\"Alice\"\n{prompt}"));
}

#[test]
fn subscribe_streams_until_ctrl_c() {
    let server = FakeServer::start(REPLIES);
    let home = temp_home("subscribe");
    let port = server.port.to_string();
    let prompt = format!("127.0.0.1:{port}> ");
    let mut pty = Pty::spawn(&["-p", &port], &home);
    pty.at_prompt(&prompt, "subscribe ch");
    pty.wait_for(
        "subscribe ch\nReading messages... (press Ctrl-C to quit)\n1) \"subscribe\"\n2) \"ch\"\n3) (integer) 1\n\
         1) \"message\"\n2) \"ch\"\n3) \"hello\"\n",
    );
    pty.send_raw(b"\x03"); // Ctrl-C: back to the prompt on a fresh connection
    pty.at_prompt(&prompt, "ping");
    pty.wait_for("ping\nPONG\n");
}

fn find_redis_cli() -> Option<String> {
    let found = Command::new("redis-cli").arg("--version").output().ok()?;
    found.status.success().then(|| "redis-cli".to_string())
}

#[test]
fn history_persists_and_clear_clears() {
    let server = FakeServer::start(REPLIES);
    let home = temp_home("history");
    let port = server.port.to_string();
    let prompt = format!("127.0.0.1:{port}> ");
    let mut pty = Pty::spawn(&["-p", &port], &home);
    pty.at_prompt(&prompt, "str");
    pty.wait_for("str\n\"Alice\"\n");
    pty.at_prompt(&prompt, "exit");
    assert_eq!(
        pty.wait_exit(Duration::from_secs(5)).and_then(|s| s.code()),
        Some(0)
    );
    // A new session recalls the previous one's command with the Up arrow.
    let mut pty = Pty::spawn(&["-p", &port], &home);
    pty.at_prompt(&prompt, "int");
    pty.wait_for("int\n(integer) 5\n");
    pty.at_prompt(&prompt, "\x1b[A\x1b[A\x1b[A"); // int, exit, str
    pty.wait_for("\"Alice\"\n");
    pty.at_prompt(&prompt, "clear");
    let start = std::time::Instant::now();
    while !pty.raw_output().windows(6).any(|w| w == b"\x1b[H\x1b[J") {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "clear did not clear the screen"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    pty.send_raw(b"\x04");
    assert_eq!(
        pty.wait_exit(Duration::from_secs(5)).and_then(|s| s.code()),
        Some(0)
    );
}

/// Against ferrokv once it has pub/sub (skips with a message until then).
#[test]
fn subscribe_against_ferrokv() {
    let server = Server::start(&[]);
    let probe = server.client().cmd_str(&["SUBSCRIBE", "probe"]);
    if probe.starts_with('-') {
        eprintln!(
            "skipped: this ferrokv has no pub/sub yet ({})",
            probe.trim_end()
        );
        return;
    }
    let home = temp_home("subscribe-ferrokv");
    let port = server.port.to_string();
    let prompt = format!("127.0.0.1:{port}> ");
    let mut pty = Pty::spawn(&["-p", &port], &home);
    pty.at_prompt(&prompt, "SUBSCRIBE news");
    pty.wait_for("Reading messages... (press Ctrl-C to quit)\n1) \"subscribe\"\n2) \"news\"\n3) (integer) 1\n");
    let mut publisher = server.client();
    assert_eq!(publisher.cmd_str(&["PUBLISH", "news", "hello"]), ":1\r\n");
    pty.wait_for("1) \"message\"\n2) \"news\"\n3) \"hello\"\n");
    pty.send_raw(b"\x03");
    pty.at_prompt(&prompt, "PING");
    pty.wait_for("PING\nPONG\n");
}
