//! Collection representations behind `Value`'s variants.
//!
//! Hashes and sets are `IndexMap`/`IndexSet`s so that HRANDFIELD, SRANDMEMBER and SPOP pick a
//! random element in O(1) without copying the collection, and HSCAN/SSCAN can walk positions the
//! way SCAN does (see `Db::scan`). Lists are ring buffers: O(1) at both ends and for LINDEX.
use super::Str;
use indexmap::{IndexMap, IndexSet};
use std::collections::VecDeque;

pub type List = VecDeque<Str>;
pub type Hash = IndexMap<Str, Str, foldhash::fast::RandomState>;
pub type Set = IndexSet<Str, foldhash::fast::RandomState>;
