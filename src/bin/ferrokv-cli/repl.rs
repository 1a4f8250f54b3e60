//! The read-eval-print loop: line editing, history and completion on a terminal, plain line
//! reading for pipes and scripts. Both split lines with the server's own inline-command rules.

use std::cell::RefCell;
use std::io::BufRead;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Instant;

use ferrokv::proto::inline::split_args;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use crate::session::{Session, out};

/// What a line asks the loop to do.
enum Step {
    Continue,
    Quit,
    ClearScreen,
}

/// Runs one input line, as redis-cli's `repl()` does: `quit`/`exit`, `clear`,
/// `connect host port`, an optional leading repeat count (`3 INCR x`), then the command.
fn run_line(session: &mut Session, args: &[Vec<u8>]) -> Step {
    let lower = |i: usize| {
        args.get(i)
            .map(|a| String::from_utf8_lossy(a).to_ascii_lowercase())
            .unwrap_or_default()
    };
    let first = lower(0);
    match first.as_str() {
        "quit" | "exit" => return Step::Quit,
        "clear" if args.len() == 1 => return Step::ClearScreen,
        "connect" if args.len() == 3 => {
            match std::str::from_utf8(&args[2])
                .ok()
                .and_then(|p| p.parse().ok())
            {
                Some(port) => {
                    session.retarget(String::from_utf8_lossy(&args[1]).into_owned(), port);
                    session.connect(false);
                }
                None => out(b"Invalid port\n"),
            }
            return Step::Continue;
        }
        _ => {}
    }
    let (repeat, command) = match std::str::from_utf8(&args[0])
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
    {
        Some(n) if args.len() > 1 => {
            if n <= 0 {
                out(b"Invalid ferrokv-cli repeat command option value.\n");
                return Step::Continue;
            }
            (n, &args[1..])
        }
        _ => (1, args),
    };
    let started = Instant::now();
    session.issue(command, repeat);
    session.report_slow(started);
    Step::Continue
}

/// Reads commands from a pipe or file, one per line, until end of input. No prompt, no history.
pub fn piped(session: &mut Session) {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut line = Vec::new();
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        if line.is_empty() {
            continue;
        }
        match split_args(&line) {
            None => out(b"Invalid argument(s)\n"),
            Some(args) if args.is_empty() => {}
            Some(args) => match run_line(session, &args) {
                Step::Quit => return,
                Step::ClearScreen => out(b"\x1b[H\x1b[2J"),
                Step::Continue => {}
            },
        }
    }
}

/// Interactive mode on a terminal.
pub fn interactive(session: &mut Session) {
    let words = Rc::new(RefCell::new(Vec::new()));
    let mut editor: Editor<CommandHelper, FileHistory> = match Editor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("Cannot use the terminal: {e}");
            std::process::exit(1);
        }
    };
    editor.set_helper(Some(CommandHelper {
        words: words.clone(),
    }));
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    refresh_completion(session, &words);
    loop {
        let prompt = session.prompt();
        let line = match editor.readline(&prompt) {
            Ok(line) => line,
            // Ctrl-D and Ctrl-C both leave, as they do in redis-cli.
            Err(ReadlineError::Eof) | Err(ReadlineError::Interrupted) => return,
            Err(e) => {
                eprintln!("Error reading input: {e}");
                std::process::exit(1);
            }
        };
        if line.is_empty() {
            continue;
        }
        let Some(args) = split_args(line.as_bytes()) else {
            remember(&mut editor, &history, &line);
            out(b"Invalid argument(s)\n");
            continue;
        };
        if args.is_empty() {
            continue;
        }
        let skip = usize::from(
            args.len() > 1 && std::str::from_utf8(&args[0]).is_ok_and(|s| s.parse::<i64>().is_ok()),
        );
        if !is_sensitive(&args[skip..]) {
            remember(&mut editor, &history, &line);
        }
        let was_connected = session.is_connected();
        match run_line(session, &args) {
            Step::Quit => return,
            Step::ClearScreen => {
                let _ = editor.clear_screen();
            }
            Step::Continue => {}
        }
        if !was_connected && session.is_connected() && words.borrow().is_empty() {
            refresh_completion(session, &words);
        }
    }
}

fn remember(editor: &mut Editor<CommandHelper, FileHistory>, path: &Option<PathBuf>, line: &str) {
    let _ = editor.add_history_entry(line);
    if let Some(path) = path {
        let _ = editor.save_history(path);
    }
}

/// `~/.ferrokv_history`, or `$FERROKVCLI_HISTFILE` (empty or `/dev/null` turns it off).
fn history_path() -> Option<PathBuf> {
    if let Some(custom) = std::env::var_os("FERROKVCLI_HISTFILE") {
        return (!custom.is_empty() && custom != "/dev/null").then(|| PathBuf::from(custom));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".ferrokv_history"))
}

/// Commands whose arguments include secrets and so stay out of the history file
/// (redis-cli's `isSensitiveCommand`).
fn is_sensitive(args: &[Vec<u8>]) -> bool {
    let lower: Vec<String> = args
        .iter()
        .map(|a| String::from_utf8_lossy(a).to_ascii_lowercase())
        .collect();
    let word = |i: usize| lower.get(i).map(String::as_str).unwrap_or("");
    match word(0) {
        "auth" => true,
        "acl" => word(1) == "setuser",
        "config" => {
            word(1) == "set" && matches!(word(2), "masterauth" | "masteruser" | "requirepass")
        }
        "hello" if lower.len() > 4 => {
            let mut j = 2;
            while j < lower.len() {
                let more = lower.len() - 1 - j;
                match word(j) {
                    "auth" if more >= 2 => return true,
                    "setname" if more >= 1 => j += 1,
                    _ => return false,
                }
                j += 1;
            }
            false
        }
        "migrate" if lower.len() > 7 => lower[6..].iter().any(|w| w == "auth" || w == "auth2"),
        _ => false,
    }
}

/// Loads command names and help topics for Tab completion (best effort).
fn refresh_completion(session: &mut Session, words: &Rc<RefCell<Vec<String>>>) {
    if let Some(entries) = session.help_entries() {
        let mut list: Vec<String> = entries.iter().map(|e| e.full_name()).collect();
        list.extend(
            crate::help::groups(entries)
                .into_iter()
                .map(|g| format!("@{g}")),
        );
        *words.borrow_mut() = list;
    }
}

/// Tab completion of command names (and of `help` topics), upper-case like redis-cli's.
struct CommandHelper {
    words: Rc<RefCell<Vec<String>>>,
}

impl Completer for CommandHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let line = &line[..pos];
        let (start, typed, topics) = match line.get(..5) {
            Some(h) if h.eq_ignore_ascii_case("help ") => {
                let rest = &line[5..];
                let start = 5 + (rest.len() - rest.trim_start().len());
                (start, &line[start..], true)
            }
            _ => (0, line, false),
        };
        let candidates = self
            .words
            .borrow()
            .iter()
            .filter(|w| topics || !w.starts_with('@'))
            .filter(|w| w.len() >= typed.len() && w[..typed.len()].eq_ignore_ascii_case(typed))
            .map(|w| Pair {
                display: w.clone(),
                replacement: w.clone(),
            })
            .collect();
        Ok((start, candidates))
    }
}

impl Hinter for CommandHelper {
    type Hint = String;
}

impl Highlighter for CommandHelper {}

impl Validator for CommandHelper {}

impl Helper for CommandHelper {}

#[cfg(test)]
mod tests {
    use super::is_sensitive;

    fn words(s: &str) -> Vec<Vec<u8>> {
        s.split(' ').map(|w| w.as_bytes().to_vec()).collect()
    }

    #[test]
    fn sensitive_commands_stay_out_of_history() {
        assert!(is_sensitive(&words("AUTH secret")));
        assert!(is_sensitive(&words("config set requirepass x")));
        assert!(is_sensitive(&words("HELLO 3 AUTH user pass")));
        assert!(is_sensitive(&words("hello 3 setname n auth u p")));
        assert!(!is_sensitive(&words("hello 3 setname n")));
        assert!(!is_sensitive(&words("SET auth x")));
    }
}
