//! Persistence: the RDB file format (`rdb`), snapshots on disk made by a forked child
//! (`snapshot`), and the append-only file (`aof`).
pub mod aof;
pub mod rdb;
pub mod snapshot;
