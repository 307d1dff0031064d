//! `jiedai bench checkin`: what one durable check-in costs, each in its own unit
//! of work as a desk saves it, on a temporary file or (when asked in so many
//! words) on the record `--db` names, a server's included. Several of these run
//! at once are also the multi-desk test's desks (tests/it/postgres_live.rs): the
//! JSON lists every number the store acknowledged.

use super::args::BenchCheckinArgs;
use super::{Outcome, Startup};
use crate::demo::gen::{self, DemoRng};
use crate::domain::intake::IntakeInput;
use crate::exit::{Failure, REFUSED};
use crate::store::{CheckIn, OpenMode, Store};
use crate::words::bench as words;
use serde::Serialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Serialize)]
struct Report {
    db: String,
    /// Whether the visitors were people already on record (`--returning`).
    returning: bool,
    checkins: usize,
    refused: Vec<String>,
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    /// The machine's one-minute load average when the run started.
    load_average: f64,
    /// `(case number, queue number)` of each acknowledged check-in, in order.
    acknowledged: Vec<(String, Option<i64>)>,
}

pub fn checkin(ctx: &Startup, a: BenchCheckinArgs) -> Outcome {
    let chosen = ctx.db_path != crate::config::default_db_path();
    // Made-up visitors enter the hash chain for good: never without consent.
    if chosen && !a.write_visitors {
        return Err(Failure::new(
            REFUSED,
            words::checkin_consent(
                ctx.lang,
                &crate::store::address::redacted(&ctx.db_path.to_string_lossy()),
                a.count,
            ),
        ));
    }
    let scratch = (!chosen).then(scratch_dir).transpose()?;
    let path = match &scratch {
        Some(dir) => dir.join("bench.db"),
        None => ctx.db_path.clone(),
    };
    let officer = ctx.officer()?.to_string();
    let result = run(ctx, &path, &officer, &a);
    if let Some(dir) = scratch {
        let _ = std::fs::remove_dir_all(dir);
    }
    let report = result?;
    if a.json {
        super::output::print_json(&report)?;
    } else {
        println!(
            "{}",
            words::checkin_line(
                ctx.lang,
                &report.db,
                report.checkins,
                (report.p50_ms, report.p90_ms, report.p99_ms, report.max_ms),
                report.load_average,
            )
        );
        for refused in &report.refused {
            eprintln!("{refused}");
        }
    }
    if report.refused.is_empty() {
        Ok(())
    } else {
        Err(Failure::new(
            crate::exit::FAILURE,
            words::checkin_refused(ctx.lang, report.refused.len()),
        ))
    }
}

fn run(
    ctx: &Startup,
    path: &std::path::Path,
    officer: &str,
    a: &BenchCheckinArgs,
) -> Outcome<Report> {
    let mut store = Store::open(path, OpenMode::Create, ctx.time.clone())?;
    let today = store.today();
    // Each desk its own people: seeded by its tag, so runs repeat.
    let seed = a
        .tag
        .bytes()
        .fold(20_261_130_u64, |h, b| h.wrapping_mul(31) ^ u64::from(b));
    let mut rng = DemoRng::new(seed);
    let load_average = super::bench::load_average();
    let mut visits: Vec<CheckIn> = (0..a.count)
        .map(|_| visitor(&mut rng, today, &a.tag))
        .collect();
    if a.returning {
        visits = returning(ctx, &mut store, officer, visits, &mut rng)?;
    }
    let mut times = Vec::with_capacity(a.count as usize);
    let mut acknowledged = Vec::with_capacity(a.count as usize);
    let mut refused = Vec::new();
    for visit in visits {
        let t = Instant::now();
        let done = store.check_in(officer, &visit);
        times.push(t.elapsed());
        match done {
            Ok(r) => acknowledged.push((r.case_no, r.queue_no)),
            Err(e) => refused.push(crate::words::errors::store_error(&e, ctx.lang)),
        }
    }
    times.sort();
    let at = |p: usize| ms(times.get((times.len() * p / 100).min(times.len().saturating_sub(1))));
    Ok(Report {
        db: store.path().display().to_string(),
        returning: a.returning,
        checkins: acknowledged.len(),
        refused,
        p50_ms: at(50),
        p90_ms: at(90),
        p99_ms: at(99),
        max_ms: ms(times.last()),
        load_average,
        acknowledged,
    })
}

/// The same walk-ins' matters, each brought by someone on record, picked at random
/// (over the whole record, as lookups find them) and chosen by number as the desk
/// does after a lookup. A record with nobody on it (a temporary file) first gets
/// the newcomers themselves, untimed.
fn returning(
    ctx: &Startup,
    store: &mut Store,
    officer: &str,
    visits: Vec<CheckIn>,
    rng: &mut DemoRng,
) -> Outcome<Vec<CheckIn>> {
    if store.highest_person_id()? == 0 {
        for visit in &visits {
            store.check_in(officer, visit).map_err(|e| {
                Failure::new(
                    crate::exit::FAILURE,
                    crate::words::errors::store_error(&e, ctx.lang),
                )
            })?;
        }
    }
    let high = store.highest_person_id()?;
    let mut out = Vec::with_capacity(visits.len());
    for mut visit in visits {
        // Merged-away people are not found by a lookup: draw again, a bounded
        // number of times (a record of nobody but merged people has no one to pick).
        let mut found = None;
        for _ in 0..1000 {
            let id = 1 + rng.below(high as u64) as i64;
            if let Some(person) = store.person_identifiers(id)? {
                found = Some((id, person));
                break;
            }
        }
        let Some((id, (name, id_number, phone))) = found else {
            return Err(Failure::new(
                crate::exit::FAILURE,
                words::checkin_nobody(ctx.lang),
            ));
        };
        visit.petitioner_id = Some(id);
        visit.intake.name = name;
        visit.intake.id_number = id_number;
        visit.intake.phone = phone;
        visit.intake.address = None;
        out.push(visit);
    }
    Ok(out)
}

/// A walk-in as the desk would register one: a real-looking person and matter.
fn visitor(rng: &mut DemoRng, today: chrono::NaiveDate, tag: &str) -> CheckIn {
    let person = gen::person(rng, today);
    CheckIn {
        intake: IntakeInput {
            name: person.name,
            id_number: Some(person.id_number),
            phone: Some(person.phone),
            address: Some(person.address),
            matter: format!("{}（{tag}）", gen::matter(rng, "城乡建设", "房屋拆迁")),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn scratch_dir() -> Outcome<PathBuf> {
    let dir = std::env::temp_dir().join(format!("jiedai-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::new(crate::exit::FAILURE, format!("{}: {e}", dir.display())))?;
    Ok(dir)
}

fn ms(d: Option<&Duration>) -> f64 {
    d.map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}
