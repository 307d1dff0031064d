//! `jiedai bench reads`: what the reads behind issue 9's targets cost on the record
//! as it is, inside one process, so that process start and printing are left out:
//! the desk's start (every read its worker makes before the first lookup), the
//! first lookup and the first case opened after it, the status line's counts, the
//! queue, the handover summary, and the figures of this month and of this year.
//! Nothing of the record is written, so it may run on the office's own file (the
//! figures may fill or refresh their cache there, DESIGN.md §1.6b, as `stats` does).
//! `benches/scale.sh` runs it beside the whole-process timings.

use super::args::BenchReadsArgs;
use super::bench_clock::{peak_rss_mb, Sample};
use super::{Outcome, Startup};
use crate::store::{OpenMode, Store};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::time::{Duration, Instant};

/// One read's timings over its runs, in milliseconds.
#[derive(Debug, Serialize)]
struct Timed {
    read: &'static str,
    runs: usize,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    /// The thread's CPU clock at the median: the read's cost without the waits of
    /// a machine shared with other work.
    p50_cpu_ms: f64,
}

#[derive(Debug, Serialize)]
struct Report {
    db: String,
    people: i64,
    load_average: f64,
    reads: Vec<Timed>,
    rss_mb: f64,
}

/// Runs `read` `runs` times and keeps its wall and CPU times.
fn time<T>(
    read: &'static str,
    runs: usize,
    mut f: impl FnMut() -> crate::store::Result<T>,
) -> crate::store::Result<Timed> {
    let (mut wall, mut cpu) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs.max(1) {
        let (t, before) = (Instant::now(), Sample::now());
        f()?;
        wall.push(t.elapsed());
        cpu.push(Sample::now().since(before).cpu);
    }
    wall.sort();
    cpu.sort();
    Ok(Timed {
        read,
        runs: wall.len(),
        p50_ms: ms(wall[wall.len() / 2]),
        p99_ms: ms(wall[(wall.len() * 99).div_ceil(100).saturating_sub(1)]),
        max_ms: ms(wall[wall.len() - 1]),
        p50_cpu_ms: ms(cpu[cpu.len() / 2]),
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The reads of the desk's queue pane and status line (`tui::worker::queue_snapshot`,
/// which the command line may not import): who is still here whatever the day,
/// today's walk-ins, and the counts.
fn queue(store: &Store, today: NaiveDate) -> crate::store::Result<Vec<crate::store::QueueRow>> {
    let mut rows = store.queue(today, true)?;
    rows.extend(store.queue(today, false)?);
    store.desk_counts(today)?;
    Ok(rows)
}

/// What the desk's worker reads when it starts, before it answers anything else
/// (`tui::worker`, `Request::Load`); a case number from the queue, if any.
fn desk_start(store: &Store) -> crate::store::Result<Option<String>> {
    store.officers()?;
    store.units()?;
    store.categories()?;
    let today = store.today();
    let rows = queue(store, today)?;
    store.receptions(today, today)?;
    store.follow_ups(true)?;
    store.reception_marks()?;
    store.risk_brief()?;
    Ok(rows.into_iter().next().map(|r| r.case_no))
}

pub fn reads(ctx: &Startup, a: BenchReadsArgs) -> Outcome {
    let runs = a.runs.max(1) as usize;
    let open = || Store::open(&ctx.db_path, OpenMode::ReadOnly, ctx.time.clone());
    let store = open()?;
    let today = store.today();
    let officer = match ctx.officer.clone() {
        Some(o) => o,
        None => store
            .officers()?
            .into_iter()
            .find(|o| o.active)
            .map(|o| o.name)
            .unwrap_or_default(),
    };
    let month = (today.with_day(1).unwrap_or(today), end_of_month(today));
    let year = (
        NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
        NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today),
    );
    let load_average = super::bench::load_average();
    let mut reads = Vec::new();
    // From the file's opening, as a desk starting: its first screen's reads, then
    // the first lookup and the first case opened, each behind what came before.
    reads.push(time("desk_start", runs, || {
        desk_start(&open()?).map(|_| ())
    })?);
    reads.push(time("first_lookup_after_start", runs, || {
        let s = open()?;
        desk_start(&s)?;
        s.lookup_page("张", 50).map(|_| ())
    })?);
    let case_no = desk_start(&store)?;
    if let Some(case_no) = &case_no {
        reads.push(time("first_case_after_start", runs, || {
            let s = open()?;
            desk_start(&s)?;
            s.case_detail(case_no).map(|_| ())
        })?);
    }
    reads.push(time("status_counts", runs * 20, || {
        store.desk_counts(today)
    })?);
    reads.push(time("queue", runs * 20, || queue(&store, today))?);
    reads.push(time("handover_summary", runs, || {
        store.handover_summary(&officer, None, None)
    })?);
    // What `stats` and the desk's figures read: the kept sums where they are
    // current (a build in memory where not, seconds at a million people: once is
    // enough to see them).
    for (name, (from, to)) in [("stats_month", month), ("stats_year", year)] {
        reads.push(time(name, 1, || {
            store.stats_and_figure_counts(from, to, None)
        })?);
    }
    let report = Report {
        db: store.path().display().to_string(),
        people: store.people_on_record()?,
        load_average,
        reads,
        rss_mb: peak_rss_mb(),
    };
    if a.json {
        super::output::print_json(&report)?;
    } else {
        println!(
            "{}",
            crate::words::bench::reads_header(ctx.lang, &report.db, report.people)
        );
        for r in &report.reads {
            println!(
                "{:<26} {:>5} {:>10.2} {:>10.2} {:>10.2} {:>10.2}",
                r.read, r.runs, r.p50_ms, r.p99_ms, r.max_ms, r.p50_cpu_ms
            );
        }
        println!(
            "{}",
            crate::words::bench::reads_footer(ctx.lang, load_average, report.rss_mb)
        );
    }
    Ok(())
}

fn end_of_month(d: NaiveDate) -> NaiveDate {
    let next = if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).unwrap_or(d)
}
