//! The `bench` commands' arguments: measuring the desk at scale.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Per-keystroke lookup latency over seeded typing sequences, against a full scan
    /// (without --db: a demo database built once in the cache folder)
    Lookup(BenchLookupArgs),
    /// Durable check-ins one after another, each its own transaction, with their
    /// latency (without --db: on a temporary file)
    Checkin(BenchCheckinArgs),
    /// The reads behind the desk and the reports on the record as it is: the desk's
    /// start, its first lookup and case, the status line's counts, the queue, the
    /// handover summary, the figures of this month and year (read-only)
    Reads(BenchReadsArgs),
}

#[derive(Debug, Args)]
pub struct BenchReadsArgs {
    /// How many times to time each read (the status line and the queue: 20 times as
    /// many; the figures: once)
    #[arg(long, default_value_t = 5)]
    pub runs: u32,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchCheckinArgs {
    /// How many check-ins to make
    #[arg(long, default_value_t = 500)]
    pub count: u32,
    /// Marks this run's visitors (their matter ends with it) and seeds their names
    #[arg(long, default_value = "bench")]
    pub tag: String,
    /// Allow writing the made-up visitors into the record --db names (for good)
    #[arg(long)]
    pub write_visitors: bool,
    /// Check in people already on record, picked at random as if found by a lookup,
    /// each with a new matter (on a temporary file, `count` newcomers are put on
    /// record first, untimed)
    #[arg(long)]
    pub returning: bool,
    /// Print one JSON document, with every acknowledged case and queue number
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchLookupArgs {
    /// How many people the cached demo database holds
    #[arg(long, default_value_t = 1_000_000)]
    pub petitioners: u32,
    #[arg(long)]
    pub json: bool,
}
