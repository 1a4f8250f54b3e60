//! Sockets: one connection's state machine and buffers.
pub mod conn;
