//! How long this process held the write lock: measured from `BEGIN IMMEDIATE` (the
//! lock is taken) to `COMMIT`, so that an import can say how long other desks had
//! to wait on it (issue 7 item 9: no write holds the lock more than 1 s).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

static LONGEST_MICROS: AtomicU64 = AtomicU64::new(0);

/// The write lock, taken at the instant this was made.
#[derive(Debug)]
pub(super) struct Held(Instant);

impl Held {
    pub(super) fn now() -> Held {
        Held(Instant::now())
    }

    /// The lock was let go (committed); a rollback need not be counted, it is
    /// followed by an error anyway.
    pub(super) fn release(self) {
        let micros = u64::try_from(self.0.elapsed().as_micros()).unwrap_or(u64::MAX);
        LONGEST_MICROS.fetch_max(micros, Ordering::Relaxed);
    }
}

/// The longest time one write transaction of this process held the lock.
pub fn longest_hold() -> Duration {
    Duration::from_micros(LONGEST_MICROS.load(Ordering::Relaxed))
}
