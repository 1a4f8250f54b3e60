//! Persistence. `rdb` is the RDB snapshot format (pure data transformation, built from the
//! compact encodings and checksum beside it); `snapshot` decides when and where snapshots are
//! written (a forked child) and loads them at start-up; `aof` is the append-only file.
pub mod aof;
pub mod crc64;
pub mod intset;
pub mod listpack;
pub mod lzf;
pub mod rdb;
pub mod snapshot;
pub mod ziplist;
