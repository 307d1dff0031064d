//! A progress bar on stderr for long jobs. Drawn only when stderr is a terminal, so
//! logs and pipes stay clean; at most a few redraws a second.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    label: String,
    total: u64,
    done: u64,
    started: Instant,
    last_draw: Option<Instant>,
    visible: bool,
}

impl Progress {
    pub fn new(label: impl Into<String>, total: u64) -> Progress {
        Progress {
            label: label.into(),
            total: total.max(1),
            done: 0,
            started: Instant::now(),
            last_draw: None,
            visible: std::io::stderr().is_terminal(),
        }
    }

    pub fn set(&mut self, done: u64) {
        self.done = done.min(self.total);
        let due = self
            .last_draw
            .is_none_or(|t| t.elapsed() >= Duration::from_millis(100));
        if self.visible && (due || self.done == self.total) {
            self.draw();
        }
    }

    fn draw(&mut self) {
        self.last_draw = Some(Instant::now());
        let width = 30u64;
        let filled = (self.done * width / self.total) as usize;
        let bar = format!(
            "{}{}",
            "█".repeat(filled),
            "░".repeat(width as usize - filled)
        );
        let pct = self.done * 100 / self.total;
        let _ = write!(
            std::io::stderr(),
            "\r{} {bar} {pct:>3}% {}/{} {:.1}s\x1b[K",
            self.label,
            self.done,
            self.total,
            self.started.elapsed().as_secs_f64()
        );
        let _ = std::io::stderr().flush();
    }

    /// Ends the bar's line; returns the elapsed time.
    pub fn finish(mut self) -> Duration {
        if self.visible {
            self.done = self.total;
            self.draw();
            let _ = writeln!(std::io::stderr());
        }
        self.started.elapsed()
    }
}
