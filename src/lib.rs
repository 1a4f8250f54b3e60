//! ferrokv: a Redis-compatible in-memory key-value server.
//!
//! A request flows: `server` (event loop) -> `net::conn` (buffers) -> `proto::parse` ->
//! `commands::execute` -> a handler in `commands::<family>` working on `db` -> `proto::reply`
//! into the connection's output buffer -> written once per batch by `server`.
pub mod alloc;
pub mod blocking;
pub mod commands;
pub mod config;
pub mod db;
pub mod net;
pub mod persist;
pub mod proto;
pub mod pubsub;
pub mod server;
pub mod state;
pub mod util;
pub mod watch;
pub mod workers;

/// The Redis version ferrokv is compatible with; clients use it to gate features.
pub const REDIS_VERSION: &str = "7.0.15";

/// Maps Redis's log levels onto `log`'s.
pub fn log_filter(level: &str) -> log::LevelFilter {
    match level {
        "debug" => log::LevelFilter::Trace,
        "verbose" => log::LevelFilter::Debug,
        "warning" => log::LevelFilter::Warn,
        _ => log::LevelFilter::Info,
    }
}
