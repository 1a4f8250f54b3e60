//! ferrokv: a Redis-compatible in-memory key-value server.
pub mod proto;
