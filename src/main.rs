//! `ferrokv [config-file] [--directive value ...]`: parse the configuration, start logging, run
//! the server, and map failures to exit code 1.

use ferrokv::config::Config;
use ferrokv::server::Server;

#[global_allocator]
static ALLOC: ferrokv::alloc::Counting = ferrokv::alloc::Counting;

const USAGE: &str = "Usage: ferrokv [/path/to/ferrokv.conf] [--port 6379] [--bind 127.0.0.1] [--maxclients 10000]
               [--databases 16] [--loglevel debug|verbose|notice|warning] [--workers 2]
               [--requirepass PASSWORD] [--proto-max-bulk-len 512mb] [--client-query-buffer-limit 1gb]
               [--client-output-buffer-limit 'normal 0 0 0'] [--timeout 0] [--hz 10]
               [--dir .] [--dbfilename dump.rdb] [--save '3600 1 300 100 60 10000'|'']
               [--appendonly no|yes] [--appendfsync everysec|always|no]
               (every directive in README's Configuration table works as --name value)
       ferrokv -v | --version
       ferrokv -h | --help";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("-v" | "--version") => {
            println!(
                "ferrokv v={} (Redis {} compatible)",
                env!("CARGO_PKG_VERSION"),
                ferrokv::REDIS_VERSION
            );
            return;
        }
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return;
        }
        _ => {}
    }
    let config = match Config::from_args(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("*** FATAL CONFIG ERROR ***\n{e}\n\n{USAGE}");
            std::process::exit(1);
        }
    };
    // A file size limit (RLIMIT_FSIZE) must make writes fail with an error the server reports
    // (MISCONF), not kill it.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let _ = simple_logger::SimpleLogger::new()
        .with_level(ferrokv::log_filter(&config.loglevel))
        .init();
    let server = match Server::new(config.clone()) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::Other => {
            log::error!("{e}. Aborting now.");
            std::process::exit(1);
        }
        Err(e) => {
            log::error!(
                "Could not start on {}:{}: {e}",
                config.bind.join(","),
                config.port
            );
            std::process::exit(1);
        }
    };
    let addrs: Vec<String> = server.local_addrs().iter().map(|a| a.to_string()).collect();
    log::info!(
        "ferrokv {} (Redis {} compatible) pid={} listening on {} with {} workers",
        env!("CARGO_PKG_VERSION"),
        ferrokv::REDIS_VERSION,
        std::process::id(),
        addrs.join(", "),
        config.workers
    );
    if let Err(e) = server.run() {
        log::error!("Server failed: {e}");
        std::process::exit(1);
    }
}
