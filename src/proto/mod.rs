//! The wire protocol: RESP2/RESP3 requests and replies, and inline commands.
pub mod inline;
