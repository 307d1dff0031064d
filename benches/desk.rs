//! What an officer waits for, measured on a realistic database.
//!
//! `cargo bench --bench desk` (set JIEDAI_BENCH_PETITIONERS to change the size; the
//! default is 100,000 people). Prints one line per operation: median and 95th
//! percentile over repeated runs. The figures in the README come from this.

use jiedai::domain::intake::IntakeInput;
use jiedai::store::{CheckIn, OpenMode, Store};
use jiedai::time::TimeSource;
use std::time::{Duration, Instant};

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let median = samples[samples.len() / 2];
    let p95 = samples[(samples.len() * 95 / 100).min(samples.len() - 1)];
    (median, p95)
}

fn report(what: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let (median, p95) = percentiles(samples);
    println!(
        "{what:<44} median {:>10.3} ms   p95 {:>10.3} ms   (n={n})",
        ms(median),
        ms(p95)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

fn main() {
    let people: u32 = std::env::var("JIEDAI_BENCH_PETITIONERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    // JIEDAI_BENCH_DB measures a file made beforehand (a copy: the bench writes
    // check-ins to it) instead of filling a new one: a million people take long.
    let given = std::env::var_os("JIEDAI_BENCH_DB").map(std::path::PathBuf::from);
    let mut store = match &given {
        Some(path) => {
            println!("measuring {}", path.display());
            Store::open(path, OpenMode::Existing, TimeSource::System).expect("open")
        }
        None => fill_new(&dir.path().join("bench.db"), people),
    };
    let queries = [
        "张",
        "zw",
        "zhangwei",
        "王芳",
        "li",
        "伟",
        "1234",
        "2026-000100",
        "13",
        "ming",
        "zhangwie",
    ];
    for q in queries {
        let samples = (0..200)
            .map(|_| time(|| store.lookup_page(q, 50).expect("lookup")).1)
            .collect();
        report(&format!("lookup query {q:?} (50 rows)"), samples);
    }
    let hits = store.lookup_page("张", 20).expect("lookup").hits;
    let samples = (0..50)
        .map(|_| time(|| store.lookup_rows(&hits).expect("rows")).1)
        .collect();
    report("lookup cards for 20 rows (flags, counts)", samples);

    let cases: Vec<String> = (1..=50).map(|n| format!("2025-{n:06}")).collect();
    let samples = cases
        .iter()
        .filter_map(|c| {
            let (r, d) = time(|| store.case_detail(c));
            r.ok().map(|_| d)
        })
        .collect::<Vec<_>>();
    if !samples.is_empty() {
        report("case detail (timeline + clocks)", samples);
    }
    let today = store.today();
    let samples = (0..50)
        .map(|_| time(|| store.queue(today, false).expect("queue")).1)
        .collect();
    report("today's queue", samples);
    let samples = (0..50)
        .map(|_| time(|| store.desk_counts(today).expect("counts")).1)
        .collect();
    report("status line counts (waiting, overdue)", samples);

    // The office's first officer: a demo file has a roster, and only its members act.
    let officer = store
        .officers()
        .expect("roster")
        .into_iter()
        .find(|o| o.active)
        .map(|o| o.name)
        .unwrap_or_else(|| "基准".into());
    let samples = (0..100)
        .map(|i| {
            let request = CheckIn {
                intake: IntakeInput {
                    name: format!("测试{i}"),
                    matter: "基准测试".into(),
                    ..Default::default()
                },
                ..Default::default()
            };
            time(|| store.check_in(&officer, &request).expect("check in")).1
        })
        .collect();
    report("check-in (one durable transaction)", samples);
    let (_, d) = time(|| {
        store
            .handover_summary(&officer, None, None)
            .expect("summary")
    });
    println!("{:<44} {:>10.3} ms", "handover summary", ms(d));
    let (_, d) = time(|| store.verify().expect("verify"));
    println!(
        "{:<44} {:>10.3} ms",
        "verify (integrity + hash chain)",
        ms(d)
    );
}

/// A new file with `people` demo people and their search keys, timed.
fn fill_new(path: &std::path::Path, people: u32) -> Store {
    let mut store = Store::open(path, OpenMode::Create, TimeSource::System).expect("open");
    let mut bar = jiedai::cli::progress::Progress::new("demo data", u64::from(people));
    let (summary, took) =
        time(|| jiedai::demo::fill(&mut store, people, 1, |n| bar.set(n)).expect("demo"));
    bar.finish();
    println!(
        "demo fill: {} petitioners, {} contacts, {} cases in {:.1} s ({:.0} petitioners/s)",
        summary.petitioners,
        summary.contacts,
        summary.cases,
        took.as_secs_f64(),
        f64::from(people) / took.as_secs_f64()
    );
    let (people_keyed, build) = time(|| store.rebuild_search_keys().expect("keys"));
    println!(
        "search keys on file: rebuilt in {:.0} ms, {} people",
        ms(build),
        people_keyed
    );
    store
}
