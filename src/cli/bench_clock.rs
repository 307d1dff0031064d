//! Where a keystroke's wall time goes, read from the kernel's accounting of the
//! calling thread: its CPU time, the time it sat runnable waiting for a core (another
//! process's compile, not our work), and the blocks it had to read from the disk (a
//! page of the file that was not in the page cache).

use std::time::Duration;

/// One reading of the thread's clocks; the difference of two is one query's share.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sample {
    pub cpu: Duration,
    /// Runnable but not running (`/proc/thread-self/schedstat`, second field).
    pub waiting: Duration,
    /// 512-byte blocks read from storage (`getrusage(RUSAGE_THREAD).ru_inblock`).
    pub blocks_read: u64,
}

impl Sample {
    pub fn now() -> Sample {
        Sample {
            cpu: thread_cpu(),
            waiting: run_queue_wait(),
            blocks_read: blocks_read(),
        }
    }

    pub fn since(self, earlier: Sample) -> Sample {
        Sample {
            cpu: self.cpu.saturating_sub(earlier.cpu),
            waiting: self.waiting.saturating_sub(earlier.waiting),
            blocks_read: self.blocks_read.saturating_sub(earlier.blocks_read),
        }
    }
}

fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the struct it is given.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Zero where the kernel keeps no schedstat (then the wall time is all there is).
fn run_queue_wait() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

fn blocks_read() -> u64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) } != 0 {
        return 0;
    }
    usage.ru_inblock.max(0) as u64
}

pub fn peak_rss_mb() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    usage.ru_maxrss as f64 / 1024.0
}
