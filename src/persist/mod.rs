//! Persistence: the RDB snapshot format (`rdb`) and the compact encodings and checksum it is
//! built from. Pure data transformation; the server decides when to save and where.
pub mod crc64;
pub mod intset;
pub mod listpack;
pub mod lzf;
pub mod rdb;
pub mod ziplist;
