//! Check-in, queue, lookup, people and cases from the command line.

use super::args::*;
use super::output::{cell, flags, opt, print_json, safe, short_time};
use super::{exit, CliError, CliResult, Context};
use crate::domain::clocks::describe;
use crate::domain::intake::IntakeInput;
use crate::domain::lifecycle::CaseStep;
use crate::domain::{Channel, EventKind, Purpose, QueueStatus, Source};
use crate::store::{CaseStepInput, CheckIn, OpenMode, QueueAction};
use serde_json::json;

pub fn checkin(ctx: &Context, a: CheckinArgs) -> CliResult {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Create)?;
    let request = CheckIn {
        intake: IntakeInput {
            name: a.name,
            id_number: a.id_number,
            phone: a.phone,
            address: a.address,
            headcount: Some(a.headcount),
            representatives: a.representatives,
            matter: a.matter,
            channel: Some(match a.channel {
                ChannelArg::Visit => Channel::Visit,
                ChannelArg::Letter => Channel::Letter,
                ChannelArg::Call => Channel::Call,
                ChannelArg::Online => Channel::Online,
            }),
            category: a.category,
        },
        purpose: a.purpose.map(|p| match p {
            PurposeArg::Suggestion => Purpose::Suggestion,
            PurposeArg::Complaint => Purpose::Complaint,
            PurposeArg::Claim => Purpose::Claim,
        }),
        location: a.location,
        litigation: a.litigation,
        source: a.source.map(|s| match s {
            SourceArg::Local => Source::Local,
            SourceArg::AssignedFromAbove => Source::AssignedFromAbove,
            SourceArg::TransferredFromAbove => Source::TransferredFromAbove,
        }),
        case_no: a.case_no,
        petitioner_id: a.petitioner,
        settled: false,
    };
    let result = store.check_in(&officer, &request)?;
    for w in &result.warnings {
        eprintln!("jiedai: warning: {w}");
    }
    if a.json {
        return print_json(&result);
    }
    let lang = ctx.lang;
    let number = match (&result.queue_no, &result.letter_no) {
        (Some(q), _) => format!("queue no. {q}"),
        (_, Some(l)) => format!("letter no. {l}"),
        _ => result.channel.label(lang).to_string(),
    };
    println!(
        "{number}  case {}{}  person #{}  {}",
        result.case_no,
        if result.new_case { " (new)" } else { "" },
        result.petitioner_id,
        flags(&result.flags, lang)
    );
    Ok(())
}

pub fn queue(ctx: &Context, a: QueueArgs) -> CliResult {
    if let Some(action) = a.action {
        let (n, action) = match action {
            QueueCommand::Receive(n) => (n, QueueAction::Receive),
            QueueCommand::Done(n) => (n, QueueAction::Done),
            QueueCommand::Left(n) => (n, QueueAction::Left),
        };
        let officer = ctx.officer()?.to_string();
        let mut store = ctx.open(OpenMode::Existing)?;
        let day = match &n.date {
            Some(d) => d.parse().map_err(|_| {
                CliError::new(exit::USAGE, format!("{d:?} is not a date (YYYY-MM-DD)"))
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
        println!("{} {}: {}", n.number, day, status.label(ctx.lang));
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
    if rows.is_empty() {
        println!("nobody in the queue today");
    }
    let now = store.now();
    for r in rows {
        let waited = crate::time::parse_instant(&r.arrived_at)
            .map(|t| (now - t).num_minutes().max(0))
            .unwrap_or(0);
        let wait = if r.status == QueueStatus::Waiting {
            format!("{waited} min")
        } else {
            String::new()
        };
        println!(
            "{:>3}  {}  {}  {:>3}人  {}  {:<8}  {}",
            r.queue_no,
            short_time(&r.arrived_at),
            cell(&r.name, 10),
            r.headcount,
            cell(r.status.label(ctx.lang), 10),
            wait,
            flags(&r.flags, ctx.lang)
        );
    }
    Ok(())
}

pub fn lookup(ctx: &Context, a: LookupArgs) -> CliResult {
    let store = ctx.open(OpenMode::ReadOnly)?;
    let rows = store.lookup(&crate::text::clean_input(&a.query), a.limit.clamp(1, 1000))?;
    if a.json {
        return print_json(&json!({ "query": a.query, "results": rows }));
    }
    if rows.is_empty() {
        println!("nobody found for {:?}", safe(&a.query));
    }
    for r in rows {
        let c = &r.card;
        println!(
            "#{:<7} {} {:<18} {:<11} {:>3} contacts, last {}, {} open  {}",
            c.petitioner_id,
            cell(&c.name, 10),
            opt(&c.id_number_masked),
            opt(&c.phone_masked),
            c.contact_count,
            c.last_contact
                .as_deref()
                .map(short_time)
                .unwrap_or_else(|| "-".into()),
            c.open_cases,
            flags(&c.flags, ctx.lang)
        );
    }
    Ok(())
}

pub fn person(ctx: &Context, command: PersonCommand) -> CliResult {
    match command {
        PersonCommand::Show(a) => show_person(ctx, a),
        PersonCommand::Mark { id, off } => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            store.mark_long_standing(&officer, id, !off)?;
            println!(
                "#{id}: {}",
                if off {
                    "unmarked"
                } else {
                    "marked long-standing (老户)"
                }
            );
            Ok(())
        }
        PersonCommand::Merge { keep, other } => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            let moved = store.merge_people(&officer, keep, other)?;
            println!("#{other} merged into #{keep}: {moved} contacts moved");
            Ok(())
        }
    }
}

fn show_person(ctx: &Context, a: PersonArgs) -> CliResult {
    let revealed = if a.reveal {
        let officer = ctx.officer()?.to_string();
        let mut store = ctx.open(OpenMode::Existing)?;
        Some(store.reveal(&officer, a.id)?)
    } else {
        None
    };
    let store = ctx.open(OpenMode::ReadOnly)?;
    let detail = store.person_detail(a.id)?;
    if a.json {
        let mut value = serde_json::to_value(&detail)
            .map_err(|e| CliError::new(exit::FAILURE, e.to_string()))?;
        if let Some(r) = &revealed {
            value["revealed"] = json!(r);
        }
        return print_json(&value);
    }
    let c = &detail.card;
    let (idn, phone) = match &revealed {
        Some(r) => (r.id_number.clone(), r.phone.clone()),
        None => (c.id_number_masked.clone(), c.phone_masked.clone()),
    };
    println!(
        "#{} {}  {}  {}  {}",
        c.petitioner_id,
        safe(&c.name),
        opt(&idn),
        opt(&phone),
        flags(&c.flags, ctx.lang)
    );
    println!("address: {}", opt(&detail.address));
    println!("cases:");
    for k in &detail.cases {
        println!(
            "  {}  {}  {}",
            k.case_no,
            cell(k.status.label(ctx.lang), 12),
            safe(&k.matter)
        );
    }
    println!("contacts:");
    for k in &detail.contacts {
        println!(
            "  {}  {}  {}  {}",
            short_time(&k.arrived_at),
            cell(k.channel.label(ctx.lang), 6),
            k.case_no,
            flags(&k.flags, ctx.lang)
        );
    }
    Ok(())
}

pub fn case(ctx: &Context, command: CaseCommand) -> CliResult {
    let step = |case_no: String,
                step: CaseStep,
                unit: Option<String>,
                text: Option<String>,
                json: bool| {
        let officer = ctx.officer()?.to_string();
        let mut store = ctx.open(OpenMode::Existing)?;
        let status = store.case_step(&officer, &case_no, step, &CaseStepInput { unit, text })?;
        report(
            ctx,
            &store,
            &case_no,
            json,
            &format!("{}: {}", case_no, status.label(ctx.lang)),
        )
    };
    match command {
        CaseCommand::Show(a) => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            show(ctx, &store, &a.case_no, a.json)
        }
        CaseCommand::Accept(a) => step(a.case_no, CaseStep::Accept, None, a.text, a.json),
        CaseCommand::NotAccept(a) => step(a.case_no, CaseStep::NotAccept, None, a.text, a.json),
        CaseCommand::Transfer {
            case_no,
            unit,
            text,
            json,
        } => step(case_no, CaseStep::Transfer, Some(unit), text, json),
        CaseCommand::Reply(a) => step(a.case_no, CaseStep::Reply, None, a.text, a.json),
        CaseCommand::Archive(a) => step(a.case_no, CaseStep::Archive, None, a.text, a.json),
        CaseCommand::RequestReview(a) => {
            step(a.case_no, CaseStep::RequestReview, None, a.text, a.json)
        }
        CaseCommand::DecideReview(a) => {
            step(a.case_no, CaseStep::DecideReview, None, a.text, a.json)
        }
        CaseCommand::RequestRecheck(a) => {
            step(a.case_no, CaseStep::RequestRecheck, None, a.text, a.json)
        }
        CaseCommand::DecideRecheck(a) => {
            step(a.case_no, CaseStep::DecideRecheck, None, a.text, a.json)
        }
        CaseCommand::Extend {
            case_no,
            days,
            reason,
            json,
        } => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            store.extend(&officer, &case_no, days, &reason)?;
            report(
                ctx,
                &store,
                &case_no,
                json,
                &format!("{case_no}: extended by {days} days"),
            )
        }
        CaseCommand::Assign {
            case_no,
            to,
            unit,
            json,
        } => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            store.assign(&officer, &case_no, to.as_deref(), unit.as_deref())?;
            report(ctx, &store, &case_no, json, &format!("{case_no}: assigned"))
        }
        CaseCommand::Note {
            case_no,
            text,
            json,
        } => annotate(ctx, &case_no, EventKind::Note, &text, json),
        CaseCommand::Supervise {
            case_no,
            text,
            json,
        } => annotate(ctx, &case_no, EventKind::Supervise, &text, json),
        CaseCommand::Link {
            case_no,
            other,
            json,
        } => annotate(ctx, &case_no, EventKind::Link, &other, json),
    }
}

fn annotate(ctx: &Context, case_no: &str, kind: EventKind, text: &str, json: bool) -> CliResult {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    store.annotate(&officer, case_no, kind, text)?;
    report(
        ctx,
        &store,
        case_no,
        json,
        &format!("{case_no}: {}", kind.label(ctx.lang)),
    )
}

/// After a write: the whole case as JSON, or one line for a person.
fn report(
    ctx: &Context,
    store: &crate::store::Store,
    case_no: &str,
    json: bool,
    line: &str,
) -> CliResult {
    if json {
        return show(ctx, store, case_no, true);
    }
    println!("{line}");
    Ok(())
}

fn show(ctx: &Context, store: &crate::store::Store, case_no: &str, json: bool) -> CliResult {
    let d = store.case_detail(case_no)?;
    if json {
        return print_json(&d);
    }
    let lang = ctx.lang;
    let c = &d.case;
    println!(
        "{}  {}  {}",
        c.case_no,
        c.status.label(lang),
        opt(&c.category)
    );
    println!("matter: {}", safe(&c.matter));
    println!(
        "first officer: {}  handler: {}  unit: {}",
        safe(&c.first_officer),
        opt(&c.handler),
        opt(&c.unit)
    );
    for p in &d.petitioners {
        println!(
            "person #{} {} {} {}",
            p.petitioner_id,
            safe(&p.name),
            opt(&p.id_number_masked),
            opt(&p.phone_masked)
        );
    }
    println!("clocks:");
    for k in &d.clocks {
        println!(
            "  {} due {}  {}",
            cell(k.kind.label(lang), 22),
            k.due,
            describe(k, lang)
        );
    }
    println!("timeline:");
    for e in &d.events {
        let text = e
            .detail
            .get("text")
            .and_then(|t| t.as_str())
            .map(safe)
            .unwrap_or_default();
        let line = format!(
            "  {}  {} {} {}",
            short_time(&e.at),
            cell(&e.officer, 8),
            cell(e.kind.label(lang), 16),
            text
        );
        println!("{}", line.trim_end());
    }
    if !d.allowed_steps.is_empty() {
        let steps: Vec<&str> = d.allowed_steps.iter().map(|s| s.code()).collect();
        println!("next: {}", steps.join(", "));
    }
    Ok(())
}

pub fn officers(ctx: &Context, c: NameCommand) -> CliResult {
    match c {
        NameCommand::List(a) => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            let list = store.officers()?;
            if a.json {
                return print_json(&list);
            }
            for o in list {
                println!("{}", safe(&o.name));
            }
            Ok(())
        }
        NameCommand::Add { name } => {
            let mut store = ctx.open(OpenMode::Create)?;
            let o = store.add_officer(&name)?;
            println!("{}", safe(&o.name));
            Ok(())
        }
    }
}

pub fn units(ctx: &Context, c: NameCommand) -> CliResult {
    match c {
        NameCommand::List(a) => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            let list = store.units()?;
            if a.json {
                return print_json(&list);
            }
            for u in list {
                println!("{}", safe(&u.name));
            }
            Ok(())
        }
        NameCommand::Add { name } => {
            let mut store = ctx.open(OpenMode::Create)?;
            let u = store.add_unit(&name)?;
            println!("{}", safe(&u.name));
            Ok(())
        }
    }
}

pub fn categories(ctx: &Context, c: CategoryCommand) -> CliResult {
    match c {
        CategoryCommand::List(a) => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            let list = store.categories()?;
            if a.json {
                return print_json(&list);
            }
            for c in list {
                match &c.parent {
                    Some(p) => println!("  {} / {}", safe(p), safe(&c.name)),
                    None => println!("{}", safe(&c.name)),
                }
            }
            Ok(())
        }
        CategoryCommand::Add { name, parent } => {
            let mut store = ctx.open(OpenMode::Create)?;
            let c = store.add_category(&name, parent.as_deref())?;
            println!("{}", safe(&c.name));
            Ok(())
        }
    }
}
