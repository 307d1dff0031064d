//! `jiedai bench lookup`: what one keystroke in the lookup box costs at scale, side by
//! side with scanning every name with the fuzzy matcher (DESIGN.md 1.5, README
//! "Performance").

use super::args::BenchLookupArgs;
use super::bench_clock::{peak_rss_mb, Sample};
use super::{Outcome, Startup};
use crate::demo::gen::DemoRng;
use crate::search::name_pinyin;
use crate::store::{OpenMode, Store};
use crate::words::bench as words;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use serde::Serialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Typing sequences per run; each gives one query per keystroke.
const SEQUENCES: usize = 1200;
/// Queries sent through the full scan as well (it takes ~0.1 s each at a million).
const SCAN_SAMPLE: usize = 150;
const PAGE: usize = 50;

#[derive(Debug, Serialize)]
struct Report {
    db: String,
    petitioners: i64,
    sequences: usize,
    queries: usize,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    /// The same on the thread's CPU clock: what the query cost, without the waits of
    /// a machine shared with other work.
    p50_cpu_ms: f64,
    p99_cpu_ms: f64,
    max_cpu_ms: f64,
    /// Wall time less the time the thread sat runnable waiting for a core: what a
    /// keystroke takes on a machine with a core free for the desk.
    p50_own_ms: f64,
    p99_own_ms: f64,
    max_own_ms: f64,
    /// All the queries' time spent waiting for a core, and blocks read from storage
    /// (pages of the file not in the page cache).
    waiting_ms: f64,
    blocks_read: u64,
    /// The machine's one-minute load average when the run started.
    load_average: f64,
    scan_queries: usize,
    scan_median_ms: f64,
    /// The scan's median over the keys' median, on the same sampled queries.
    speedup_median: f64,
    /// The desk builds no index: lookups read the persisted keys.
    index_build_ms: f64,
    /// The persisted keys' share of the file (tables and their index), not memory.
    index_mb: f64,
    first_frame_ms: f64,
    first_lookup_ms: f64,
    rss_mb: f64,
    /// The five slowest keystrokes, to see what the tail is made of.
    slowest: Vec<(String, f64)>,
    /// The five costliest on the CPU clock.
    slowest_cpu: Vec<(String, f64)>,
}

pub fn lookup(ctx: &Startup, a: BenchLookupArgs) -> Outcome {
    // A database chosen by --db, $JIEDAI_DB or the config is measured as it is; the
    // default office file is never filled with demo people.
    let path = if ctx.db_path != crate::config::default_db_path() {
        ctx.db_path.clone()
    } else {
        cache_file(a.petitioners)
    };
    // A server's record is measured as it is too: it cannot be filled here.
    if !crate::store::address::is_server(&path.to_string_lossy()) && !path.exists() {
        eprintln!(
            "{}",
            words::building(ctx.lang, &path.display().to_string(), a.petitioners)
        );
        let mut store = Store::open(&path, OpenMode::Create, ctx.time.clone())?;
        let mut bar = super::progress::Progress::new("demo", u64::from(a.petitioners));
        crate::demo::fill(&mut store, a.petitioners, 1, |n| bar.set(n))?;
        bar.finish();
    }

    // What the desk does first: open the file, draw the queue and the status line,
    // then answer the first lookup.
    let start = Instant::now();
    let store = Store::open(&path, OpenMode::ReadOnly, ctx.time.clone())?;
    let today = store.today();
    store.queue(today, false)?;
    store.desk_counts(today)?;
    let first_frame = start.elapsed();
    store.lookup_page("张", PAGE)?;
    let first_lookup = start.elapsed();

    let petitioners = store.people_on_record()?;
    let sequences = typing_sequences(&store, SEQUENCES)?;
    let load_average = load_average();
    let mut samples: Vec<(String, Duration)> = Vec::new();
    let mut cpu: Vec<Duration> = Vec::new();
    let mut own: Vec<Duration> = Vec::new();
    let mut cpu_by_query: Vec<(String, f64)> = Vec::new();
    let mut total = Sample::default();
    for sequence in &sequences {
        for query in sequence {
            let (t, before) = (Instant::now(), Sample::now());
            store.lookup_page(query, PAGE)?;
            let wall = t.elapsed();
            let spent = Sample::now().since(before);
            cpu.push(spent.cpu);
            cpu_by_query.push((query.clone(), ms(spent.cpu)));
            own.push(wall.saturating_sub(spent.waiting));
            total.waiting += spent.waiting;
            total.blocks_read += spent.blocks_read;
            samples.push((query.clone(), wall));
        }
    }
    cpu.sort();
    own.sort();
    let slowest = five_slowest(samples.iter().map(|(q, d)| (q.clone(), ms(*d))).collect());
    let slowest_cpu = five_slowest(cpu_by_query);
    let mut times: Vec<Duration> = samples.iter().map(|(_, d)| *d).collect();
    times.sort();

    let names = store.names()?;
    let pinyins: Vec<String> = names.iter().map(|n| name_pinyin(n).full).collect();
    let step = (samples.len() / SCAN_SAMPLE).max(1);
    let sampled: Vec<&(String, Duration)> =
        samples.iter().step_by(step).take(SCAN_SAMPLE).collect();
    let matcher = SkimMatcherV2::default();
    let mut scan: Vec<Duration> = Vec::new();
    let mut keyed: Vec<Duration> = Vec::new();
    for (query, took) in &sampled {
        let haystack = if query.is_ascii() { &pinyins } else { &names };
        let t = Instant::now();
        let mut found: Vec<(i64, usize)> = haystack
            .iter()
            .enumerate()
            .filter_map(|(i, h)| matcher.fuzzy_match(h, query).map(|s| (s, i)))
            .collect();
        found.sort_unstable_by(|a, b| b.cmp(a));
        found.truncate(PAGE);
        scan.push(t.elapsed());
        keyed.push(*took);
    }
    scan.sort();
    keyed.sort();
    let scan_median = ms(median(&scan));
    let report = Report {
        // The store's own words for where it is: a server's address without its password.
        db: store.path().display().to_string(),
        petitioners,
        sequences: sequences.len(),
        queries: samples.len(),
        p50_ms: ms(median(&times)),
        p99_ms: ms(percentile(&times, 99)),
        max_ms: ms(times.last().copied().unwrap_or_default()),
        p50_cpu_ms: ms(median(&cpu)),
        p99_cpu_ms: ms(percentile(&cpu, 99)),
        max_cpu_ms: ms(cpu.last().copied().unwrap_or_default()),
        p50_own_ms: ms(median(&own)),
        p99_own_ms: ms(percentile(&own, 99)),
        max_own_ms: ms(own.last().copied().unwrap_or_default()),
        waiting_ms: ms(total.waiting),
        blocks_read: total.blocks_read,
        load_average,
        scan_queries: scan.len(),
        scan_median_ms: scan_median,
        speedup_median: scan_median / ms(median(&keyed)).max(1e-6),
        index_build_ms: 0.0,
        index_mb: store.search_keys_bytes()? as f64 / 1e6,
        first_frame_ms: ms(first_frame),
        first_lookup_ms: ms(first_lookup),
        rss_mb: peak_rss_mb(),
        slowest,
        slowest_cpu,
    };
    if a.json {
        super::output::print_json(&report)?;
    } else {
        print_table(ctx, &report);
    }
    Ok(())
}

fn print_table(ctx: &Startup, r: &Report) {
    let figures = words::Figures {
        db: &r.db,
        petitioners: r.petitioners,
        queries: r.queries,
        sequences: r.sequences,
        wall: (r.p50_ms, r.p99_ms, r.max_ms),
        cpu: (r.p50_cpu_ms, r.p99_cpu_ms, r.max_cpu_ms),
        own: (r.p50_own_ms, r.p99_own_ms, r.max_own_ms),
        waiting_ms: r.waiting_ms,
        blocks_read: r.blocks_read,
        load_average: r.load_average,
        scan_queries: r.scan_queries,
        scan_median_ms: r.scan_median_ms,
        speedup: r.speedup_median,
        first_frame_ms: r.first_frame_ms,
        first_lookup_ms: r.first_lookup_ms,
        keys_mb: r.index_mb,
        rss_mb: r.rss_mb,
        slowest: &r.slowest,
    };
    for line in words::table(ctx.lang, &figures) {
        println!("{line}");
    }
}

fn cache_file(petitioners: u32) -> PathBuf {
    let dir = directories::ProjectDirs::from("", "", "jiedai")
        .map(|d| d.cache_dir().to_path_buf())
        .unwrap_or_else(std::env::temp_dir);
    dir.join(format!("bench-{petitioners}.db"))
}

fn median(sorted: &[Duration]) -> Duration {
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn five_slowest(mut all: Vec<(String, f64)>) -> Vec<(String, f64)> {
    all.sort_by(|a, b| b.1.total_cmp(&a.1));
    all.truncate(5);
    all
}

pub(super) fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

/// A fixed, seeded list of what officers type, one query per keystroke: names
/// character by character, full pinyin, initials, one-character queries, ID and
/// phone tails, and pinyin with two letters swapped.
fn typing_sequences(store: &Store, n: usize) -> crate::store::Result<Vec<Vec<String>>> {
    let mut rng = DemoRng::new(20_261_129);
    let high = store.highest_person_id()?;
    let mut out = Vec::with_capacity(n);
    let mut tries = 0;
    while out.len() < n && high > 0 && tries < n * 20 {
        tries += 1;
        let id = 1 + rng.below(high as u64) as i64;
        let Some((name, id_number, phone)) = store.person_identifiers(id)? else {
            continue;
        };
        let py = name_pinyin(&name);
        let typed: String = match rng.below(8) {
            0 | 1 => name.clone(),
            2 | 3 => py.full.clone(),
            4 => py.initials.clone(),
            5 => name.chars().take(1).collect(),
            6 => match (id_number, phone) {
                (Some(i), _) if rng.chance(0.5) => tail(&i, 4 + rng.below(3) as usize),
                (_, Some(p)) => tail(&p, 4),
                (Some(i), None) => tail(&i, 4),
                (None, None) => continue,
            },
            _ => swapped(&py.full, &mut rng),
        };
        let chars: Vec<char> = typed.chars().collect();
        if chars.is_empty() {
            continue;
        }
        out.push(
            (1..=chars.len())
                .map(|k| chars[..k].iter().collect())
                .collect(),
        );
    }
    Ok(out)
}

fn tail(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(n)..].iter().collect()
}

/// The pinyin with two neighbouring letters swapped past its first syllable.
fn swapped(full: &str, rng: &mut DemoRng) -> String {
    let mut b: Vec<u8> = full.bytes().collect();
    if b.len() >= 5 {
        let at = 3 + rng.below((b.len() - 4) as u64) as usize;
        b.swap(at, at + 1);
    }
    String::from_utf8(b).unwrap_or_default()
}
