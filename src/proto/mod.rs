//! The wire protocol: RESP2/RESP3 requests and replies, inline commands, and Redis's number rules.
pub mod errors;
pub mod inline;
pub mod num;
pub mod parse;
pub mod reply;
