//! `ferrokv-cli`: the command-line client, behaving like `redis-cli` 7.0 so that people and
//! scripts used to it need not relearn anything.
//!
//! Modes, chosen as redis-cli chooses them:
//! - arguments after the options: run that one command (`-r`/`-i` repeat it) and exit;
//! - no command, stdin a terminal: interactive prompt with line editing and history;
//! - no command, stdin a pipe or file: one command per line.
//!
//! Replies are printed for a human when stdout is a terminal and raw otherwise.

mod conn;
mod help;
mod opts;
mod render;
mod repl;
mod resp;
mod session;

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use opts::Parsed;
use render::Style;
use session::{Outcome, Session};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match opts::parse(&args) {
        Ok(Parsed::Run(o)) => o,
        Ok(Parsed::Help) => {
            print!("{}", opts::USAGE);
            return;
        }
        Ok(Parsed::Version) => {
            println!("ferrokv-cli {}", env!("CARGO_PKG_VERSION"));
            return;
        }
        Err(e) => {
            eprintln!("{e}\n\n{}", opts::USAGE);
            std::process::exit(1);
        }
    };
    if opts.password.is_some() && opts.auth_warning {
        eprintln!(
            "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe."
        );
    }
    // redis-cli's rule: formatted output for a terminal (or FAKETTY), raw for everything else.
    let stdout_tty = std::io::stdout().is_terminal() || std::env::var_os("FAKETTY").is_some();
    let style = match opts.raw {
        Some(true) => Style::Raw,
        Some(false) => Style::Tty,
        None if stdout_tty => Style::Tty,
        None => Style::Raw,
    };

    if !opts.command.is_empty() {
        let command = opts.command.clone();
        let repeat = opts.repeat;
        let mut session = Session::new(opts, style, false);
        if !session.connect(false) {
            std::process::exit(1);
        }
        let code = match session.issue(&command, repeat) {
            Outcome::Ok => 0,
            Outcome::ErrorReply | Outcome::Failed => 1,
        };
        std::process::exit(code);
    }

    let mut session = Session::new(opts, style, true);
    // Ctrl-C ends the process as usual, except inside SUBSCRIBE/MONITOR where it only stops
    // the stream (the session clears `die` there and watches `interrupt`).
    let interrupt = Arc::new(AtomicBool::new(false));
    let die = Arc::new(AtomicBool::new(true));
    let hooked =
        signal_hook::flag::register_conditional_default(signal_hook::consts::SIGINT, die.clone())
            .and_then(|_| {
                signal_hook::flag::register(signal_hook::consts::SIGINT, interrupt.clone())
            });
    if hooked.is_ok() {
        session.set_interrupt_flags(interrupt, die);
    }
    if std::io::stdin().is_terminal() {
        session.connect(false);
        repl::interactive(&mut session);
    } else {
        if !session.connect(false) {
            std::process::exit(1);
        }
        repl::piped(&mut session);
    }
}
