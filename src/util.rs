//! Small shared helpers: the wall clock and a fast non-cryptographic random generator.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch (Redis's `mstime`), read once per loop tick.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0)
}

/// wyrand: fast, good enough for sampling keys; seeded from the clock and the process id.
pub struct Rng(u64);

impl Rng {
    pub fn new() -> Rng {
        Rng((now_us() as u64) ^ ((std::process::id() as u64) << 32) ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0xa076_1d64_78bd_642f);
        let t = (self.0 as u128).wrapping_mul((self.0 ^ 0xe703_7ed1_a0b4_28db) as u128);
        ((t >> 64) ^ t) as u64
    }

    /// A uniform-enough integer in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

impl Default for Rng {
    fn default() -> Self {
        Self::new()
    }
}
