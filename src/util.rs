//! Small shared helpers: the wall clock and a fast non-cryptographic random generator.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch (Redis's `mstime`), read once per loop tick.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Appends `s` quoted the way Redis's `sdscatrepr` does: C escapes for `\\ " \n \r \t \a \b`,
/// printable ASCII as is, every other byte as `\xHH` (lowercase). MONITOR's lines and
/// redis-cli's output use it.
pub fn repr_into(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'\\' | b'"' => out.extend_from_slice(&[b'\\', c]),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x07 => out.extend_from_slice(b"\\a"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x20..=0x7e => out.push(c),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[
                    b'\\',
                    b'x',
                    HEX[(c >> 4) as usize],
                    HEX[(c & 15) as usize],
                ]);
            }
        }
    }
    out.push(b'"');
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

/// A cheap monotonic counter for timing each command (INFO commandstats): the CPU's time-stamp
/// counter where there is one (what Redis's monotonic clock uses too), read in a few cycles
/// instead of a `clock_gettime` per call. `ticks_to_us` converts, calibrated once at start-up.
#[cfg(target_arch = "x86_64")]
pub fn ticks() -> u64 {
    // SAFETY: RDTSC has no preconditions on x86_64.
    unsafe { core::arch::x86_64::_rdtsc() }
}

#[cfg(not(target_arch = "x86_64"))]
pub fn ticks() -> u64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_nanos() as u64
}

static TICKS_PER_US: std::sync::OnceLock<f64> = std::sync::OnceLock::new();

/// Measures `ticks()` against the system clock for a couple of milliseconds (once).
pub fn calibrate_ticks() -> f64 {
    *TICKS_PER_US.get_or_init(|| {
        let (t0, c0) = (std::time::Instant::now(), ticks());
        while t0.elapsed() < std::time::Duration::from_millis(2) {
            std::hint::spin_loop();
        }
        let us = t0.elapsed().as_nanos() as f64 / 1000.0;
        ((ticks() - c0) as f64 / us).max(1e-3)
    })
}

pub fn ticks_to_us(ticks: u64) -> u64 {
    (ticks as f64 / calibrate_ticks()) as u64
}
