//! The active expiry cycle: reclaims keys nobody reads, as Redis's `activeExpireCycle` does.
//!
//! Each run samples keys with a TTL at random in every database, deletes the expired ones, and
//! keeps going while more than a quarter of a sample was expired, but never past its time budget,
//! so a mass expiry is spread over many ticks instead of pausing the loop.

use super::{Db, Key, Value};
use crate::util::Rng;
use std::time::{Duration, Instant};

const KEYS_PER_LOOP: usize = 20;

/// Runs one cycle over `dbs` within `budget`. Each deleted key is passed to `deleted` with its
/// database and value (so watchers learn of it and large values go to a worker). Returns the
/// number of keys deleted.
pub fn cycle(
    dbs: &mut [Db],
    now: i64,
    budget: Duration,
    rng: &mut Rng,
    deleted_key: &mut dyn FnMut(usize, &[u8], Value),
) -> usize {
    let start = Instant::now();
    let mut sample: Vec<(Key, i64)> = Vec::with_capacity(KEYS_PER_LOOP);
    let mut deleted = 0;
    for (i, db) in dbs.iter_mut().enumerate() {
        let mut iterations = 0u32;
        loop {
            if db.expires_len() == 0 {
                break;
            }
            db.sample_expiring(rng, KEYS_PER_LOOP, &mut sample);
            let mut expired = 0;
            let (mut ttl_sum, mut ttl_n) = (0i64, 0i64);
            for (key, at) in sample.drain(..) {
                if at > now {
                    ttl_sum += at - now;
                    ttl_n += 1;
                }
                if at <= now
                    && let Some(v) = db.remove(&key)
                {
                    deleted_key(i, &key, v);
                    expired += 1;
                }
            }
            deleted += expired;
            if ttl_n > 0 {
                // Smoothed like Redis: mostly the old estimate, a little of this sample.
                let avg = ttl_sum / ttl_n;
                db.avg_ttl = if db.avg_ttl == 0 {
                    avg
                } else {
                    (db.avg_ttl / 50) * 49 + avg / 50
                };
            }
            iterations += 1;
            if iterations.is_multiple_of(16) && start.elapsed() >= budget {
                return deleted;
            }
            if expired * 4 <= KEYS_PER_LOOP {
                break;
            }
        }
        if start.elapsed() >= budget {
            break;
        }
    }
    deleted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reclaims_expired_keys_without_touching_live_ones() {
        let mut dbs = vec![Db::default()];
        for i in 0..1000 {
            let key = format!("k{i}");
            dbs[0].set(key.as_bytes(), Value::Str(b"v"[..].into()), false);
            dbs[0].set_expire(key.as_bytes(), if i % 2 == 0 { 100 } else { 10_000 });
        }
        let mut rng = Rng::new();
        let mut freed = 0;
        for _ in 0..400 {
            cycle(
                &mut dbs,
                5_000,
                Duration::from_millis(25),
                &mut rng,
                &mut |_, _, _| freed += 1,
            );
        }
        assert_eq!(dbs[0].len(), 500 + (500 - freed));
        assert!(freed > 450, "only {freed} reclaimed");
        assert!(dbs[0].keys(5_000).all(|k| k.len() > 1));
    }
}
