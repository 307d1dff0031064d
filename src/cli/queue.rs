//! `jiedai queue`: today's walk-ins in order, and moving one along (receive, done,
//! left, undo) as the desk does.

use super::args::*;
use super::output::{cell, flags, print_json, short_time};
use super::{exit, Failure, Outcome, Startup};
use crate::domain::QueueStatus;
use crate::store::{OpenMode, QueueAction};
use crate::words::cli::strings;
use crate::words::Label;
use serde_json::json;

/// `queue undo N`: takes back the visitor's last move, as a correction on record.
fn queue_undo(ctx: &Startup, n: QueueNo, json: bool) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    let day = match &n.date {
        Some(d) => d
            .parse()
            .map_err(|_| Failure::new(exit::USAGE, crate::words::cli::not_a_date(ctx.lang, d)))?,
        None => store.today(),
    };
    let contact = store.queue_contact(day, n.number)?;
    let u = store.queue_undo(&officer, contact)?;
    if n.json || json {
        return print_json(&json!({
            "queue_no": u.queue_no, "date": u.queue_date, "contact_id": contact,
            "undone": u.from, "status": u.to,
        }));
    }
    println!(
        "{}",
        crate::words::duty::undone_on(
            u.queue_no,
            &u.queue_date.to_string(),
            u.from,
            u.to,
            ctx.lang
        )
    );
    Ok(())
}

pub fn queue(ctx: &Startup, a: QueueArgs) -> Outcome {
    if let Some(action) = a.action {
        let (n, action) = match action {
            QueueCommand::Receive(n) => (n, QueueAction::Receive),
            QueueCommand::Done(n) => (n, QueueAction::Done),
            QueueCommand::Left(n) => (n, QueueAction::Left),
            QueueCommand::Undo(n) => return queue_undo(ctx, n, a.json),
        };
        let officer = ctx.officer()?.to_string();
        let mut store = ctx.open(OpenMode::Existing)?;
        let day = match &n.date {
            Some(d) => d.parse().map_err(|_| {
                Failure::new(exit::USAGE, crate::words::cli::not_a_date(ctx.lang, d))
            })?,
            None => store.today(),
        };
        let contact = store.queue_contact(day, n.number)?;
        let status = store.queue_move(&officer, contact, action)?;
        if n.json || a.json {
            return print_json(
                &json!({ "queue_no": n.number, "date": day, "contact_id": contact, "status": status }),
            );
        }
        let s = strings(ctx.lang);
        println!(
            "{}",
            s.moved(n.number, &day.to_string(), status.label(ctx.lang))
        );
        return Ok(());
    }
    let store = ctx.open(OpenMode::ReadOnly)?;
    let today = store.today();
    let mut rows = store.queue(today, false)?;
    // Visitors from before midnight who are still here belong in today's queue too.
    for r in store.queue(today, true)? {
        if !rows.iter().any(|x| x.contact_id == r.contact_id) {
            rows.push(r);
        }
    }
    if a.json {
        return print_json(&json!({ "date": today, "queue": rows }));
    }
    let s = strings(ctx.lang);
    if rows.is_empty() {
        println!("{}", s.nobody_queued);
    }
    let now = store.now();
    // As wide as the longest status in the language: "left unseen" whole.
    let status_w = [
        QueueStatus::Waiting,
        QueueStatus::Receiving,
        QueueStatus::Done,
        QueueStatus::Left,
    ]
    .iter()
    .map(|st| crate::text::display_width(st.label(ctx.lang)))
    .max()
    .unwrap_or(10);
    for r in rows {
        let waited = crate::time::parse_instant(&r.arrived_at)
            .map(|t| (now - t).num_minutes().max(0))
            .unwrap_or(0);
        let wait = if r.status == QueueStatus::Waiting {
            s.minutes(waited)
        } else {
            String::new()
        };
        println!(
            "{:>3}  {}  {}  {}  {}  {}  {}",
            r.queue_no,
            short_time(&r.arrived_at),
            cell(&r.name, 10),
            s.headcount(r.headcount.into()),
            cell(r.status.label(ctx.lang), status_w),
            cell(&wait, 8),
            flags(&r.flags, ctx.lang)
        );
    }
    Ok(())
}
