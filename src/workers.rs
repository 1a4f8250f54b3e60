//! A fixed pool of worker threads for slow work the loop must not do itself (freeing huge
//! values now; fsync and file writes later). Each job goes to the worker with the fewest jobs in
//! flight; completions come back on one channel and wake the loop through its `mio::Waker`.

use crossbeam_channel::{Receiver, Sender, unbounded};
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::thread::JoinHandle;

/// Owned work for a worker.
pub enum Job {
    /// Drop a value (a deleted key, a flushed database) off the loop thread.
    Drop(Box<dyn Any + Send>),
    /// fsync the append-only file; `epoch` is the last write it covers.
    Fsync {
        file: Arc<std::fs::File>,
        epoch: u64,
        /// Extra time the fsync takes (`aof-fsync-delay-ms`, a testing knob).
        delay_ms: u64,
    },
}

/// A finished job, reported back to the loop.
pub struct Done {
    pub worker: usize,
    /// `Err` carries a panic message or an I/O error: the job failed but the worker lives on.
    pub result: Result<(), String>,
    /// For an fsync: the epoch it covered.
    pub fsynced: Option<u64>,
}

pub struct Workers {
    senders: Vec<Sender<Job>>,
    in_flight: Vec<usize>,
    threads: Vec<JoinHandle<()>>,
    done_rx: Receiver<Done>,
    pub completed: u64,
    pub failed: u64,
}

impl Workers {
    /// Starts `n` workers; `wake` is called after each completion is queued.
    pub fn start(n: usize, wake: Arc<dyn Fn() + Send + Sync>) -> std::io::Result<Workers> {
        let (done_tx, done_rx) = unbounded::<Done>();
        let mut senders = Vec::new();
        let mut threads = Vec::new();
        for i in 0..n.max(1) {
            let (tx, rx) = unbounded::<Job>();
            let done_tx = done_tx.clone();
            let wake = wake.clone();
            let handle = std::thread::Builder::new()
                .name(format!("ferrokv-worker-{i}"))
                .spawn(move || {
                    for job in rx {
                        let fsynced = match &job {
                            Job::Fsync { epoch, .. } => Some(*epoch),
                            Job::Drop(_) => None,
                        };
                        let result = match catch_unwind(AssertUnwindSafe(|| run(job))) {
                            Ok(r) => r,
                            Err(p) => {
                                let e = panic_text(&*p);
                                log::warn!("worker {i}: job panicked: {e}");
                                Err(e)
                            }
                        };
                        let done = Done {
                            worker: i,
                            result,
                            fsynced,
                        };
                        if done_tx.send(done).is_err() {
                            return;
                        }
                        wake();
                    }
                })?;
            senders.push(tx);
            threads.push(handle);
        }
        Ok(Workers {
            in_flight: vec![0; senders.len()],
            senders,
            threads,
            done_rx,
            completed: 0,
            failed: 0,
        })
    }

    /// Queues a job on the least-loaded worker.
    pub fn submit(&mut self, job: Job) {
        let (i, _) = self
            .in_flight
            .iter()
            .enumerate()
            .min_by_key(|(_, n)| **n)
            .unwrap_or((0, &0));
        match self.senders[i].send(job) {
            Ok(()) => self.in_flight[i] += 1,
            // The worker is gone (only at shutdown): do the work here rather than lose it.
            Err(e) => {
                let _ = run(e.0);
            }
        }
    }

    /// Collects finished jobs; called when the waker fires. Returns the fsyncs that finished:
    /// (epoch, result).
    pub fn drain_completions(&mut self) -> Vec<(u64, Result<(), String>)> {
        let mut fsyncs = Vec::new();
        while let Ok(done) = self.done_rx.try_recv() {
            self.in_flight[done.worker] = self.in_flight[done.worker].saturating_sub(1);
            self.completed += 1;
            if done.result.is_err() {
                self.failed += 1;
            }
            if let Some(epoch) = done.fsynced {
                fsyncs.push((epoch, done.result));
            }
        }
        fsyncs
    }

    /// Jobs queued or running.
    pub fn pending(&self) -> usize {
        self.in_flight.iter().sum()
    }

    pub fn len(&self) -> usize {
        self.senders.len()
    }

    pub fn is_empty(&self) -> bool {
        self.senders.is_empty()
    }

    /// Lets every queued job finish, then stops the threads.
    pub fn join(mut self) {
        self.senders.clear();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn run(job: Job) -> Result<(), String> {
    match job {
        Job::Drop(value) => {
            drop(value);
            Ok(())
        }
        Job::Fsync { file, delay_ms, .. } => {
            if delay_ms > 0 {
                std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            }
            file.sync_data().map_err(|e| e.to_string())
        }
    }
}

fn panic_text(p: &(dyn Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn jobs_complete_and_spread_over_workers() {
        let wakes = Arc::new(AtomicUsize::new(0));
        let w2 = wakes.clone();
        let mut w = Workers::start(
            2,
            Arc::new(move || {
                w2.fetch_add(1, Ordering::SeqCst);
            }),
        )
        .unwrap();
        w.submit(Job::Drop(Box::new(vec![0u8; 1 << 20])));
        w.submit(Job::Drop(Box::new(vec![0u8; 1 << 20])));
        assert_eq!(w.in_flight, vec![1, 1]);
        let start = std::time::Instant::now();
        while w.completed < 2 && start.elapsed().as_secs() < 5 {
            w.drain_completions();
        }
        assert_eq!((w.completed, w.pending()), (2, 0));
        // A worker wakes the loop right after queueing its completion.
        while wakes.load(Ordering::SeqCst) < 2 && start.elapsed().as_secs() < 5 {
            std::thread::yield_now();
        }
        assert_eq!(wakes.load(Ordering::SeqCst), 2);
        w.join();
    }

    struct Boom;
    impl Drop for Boom {
        fn drop(&mut self) {
            panic!("boom");
        }
    }

    #[test]
    fn a_panicking_job_is_reported_and_the_worker_survives() {
        let mut w = Workers::start(1, Arc::new(|| {})).unwrap();
        w.submit(Job::Drop(Box::new(Boom)));
        w.submit(Job::Drop(Box::new(1u8)));
        let start = std::time::Instant::now();
        while w.completed < 2 && start.elapsed().as_secs() < 5 {
            w.drain_completions();
        }
        assert_eq!((w.completed, w.failed), (2, 1));
        w.join();
    }
}
