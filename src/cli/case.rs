//! Lookup, people, cases, units and categories from the command line.

use super::args::*;
use super::case_show::show;
use super::output::{cell, flags, opt, print_json, safe, short_time};
use super::{exit, Failure, Outcome, Startup};
use crate::domain::lifecycle::CaseStep;
use crate::domain::EventKind;
use crate::store::{CaseStepInput, OpenMode};
use crate::words::cli::strings;
use crate::words::timeline::EventWords;
use crate::words::Label;
use serde_json::json;

pub fn lookup(ctx: &Startup, a: LookupArgs) -> Outcome {
    let store = ctx.open(OpenMode::ReadOnly)?;
    let page = store.lookup_page(&crate::text::clean_input(&a.query), a.limit.clamp(1, 1000))?;
    let rows = store.lookup_rows(&page.hits)?;
    // The query is echoed masked: it may be a whole ID number or phone.
    let shown = crate::search::masked_query(&a.query);
    if a.json {
        // `total` is a lower bound when `total_at_least` (a broad query: "≥ N").
        return print_json(&json!({
            "query": shown,
            "results": rows,
            "total": page.total,
            "total_at_least": page.at_least,
        }));
    }
    let s = strings(ctx.lang);
    if rows.is_empty() {
        println!("{}", s.nobody_found(&safe(&shown)));
    }
    for r in rows {
        let c = &r.card;
        let last = c
            .last_contact
            .as_deref()
            .map(short_time)
            .unwrap_or_else(|| "-".into());
        println!(
            "#{:<7} {} {} {}  {}  {}",
            c.petitioner_id,
            cell(&c.name, 10),
            cell(&opt(&c.id_number_masked), 18),
            cell(&opt(&c.phone_masked), 11),
            s.history(c.contact_count, &last, c.open_cases),
            flags(&c.flags, ctx.lang)
        );
    }
    Ok(())
}

pub fn person(ctx: &Startup, command: PersonCommand) -> Outcome {
    match command {
        PersonCommand::Show(a) => show_person(ctx, a),
        PersonCommand::Mark { id, off } => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            store.mark_long_standing(&officer, id, !off)?;
            let s = strings(ctx.lang);
            let what = if off { s.unmarked } else { s.marked };
            println!("{}", s.case_line(&format!("#{id}"), what));
            Ok(())
        }
        PersonCommand::Merge { keep, other } => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            let moved = store.merge_people(&officer, keep, other)?;
            println!("{}", strings(ctx.lang).merged(other, keep, moved));
            Ok(())
        }
    }
}

fn show_person(ctx: &Startup, a: PersonArgs) -> Outcome {
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
            .map_err(|e| Failure::new(exit::FAILURE, e.to_string()))?;
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
    let s = strings(ctx.lang);
    println!("{}{}", s.colon(s.address), opt(&detail.address));
    println!("{}", s.colon(s.cases).trim_end());
    for k in &detail.cases {
        println!(
            "  {}  {}  {}",
            k.case_no,
            cell(k.status.label(ctx.lang), 12),
            safe(&k.matter)
        );
    }
    println!("{}", s.colon(s.contacts).trim_end());
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

pub fn case(ctx: &Startup, command: CaseCommand) -> Outcome {
    let step_due = |case_no: String,
                    step: CaseStep,
                    unit: Option<String>,
                    text: Option<String>,
                    due: Option<String>,
                    late_reason: Option<String>,
                    json: bool| {
        let due = due
            .map(|d| super::matters::parse_day(ctx.lang, "--due", &d))
            .transpose()?;
        let officer = ctx.officer()?.to_string();
        let mut store = ctx.open(OpenMode::Existing)?;
        let input = CaseStepInput {
            unit,
            text,
            due,
            late_reason,
            outcome: None,
        };
        let status = store.case_step(&officer, &case_no, step, &input)?;
        report(
            ctx,
            &store,
            &case_no,
            json,
            &strings(ctx.lang).case_line(&case_no, status.label(ctx.lang)),
        )
    };
    let step = |case_no: String,
                step: CaseStep,
                unit: Option<String>,
                text: Option<String>,
                json: bool| step_due(case_no, step, unit, text, None, None, json);
    match command {
        CaseCommand::Show(a) => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            show(ctx.lang, &store, &a.case_no, a.json)
        }
        CaseCommand::Accept(a) => step(a.case_no, CaseStep::Accept, None, a.text, a.json),
        CaseCommand::NotAccept(a) => step(a.case_no, CaseStep::NotAccept, None, a.text, a.json),
        CaseCommand::Transfer {
            case_no,
            unit,
            text,
            json,
        } => step(case_no, CaseStep::Transfer, Some(unit), text, json),
        CaseCommand::AssignDown {
            case_no,
            unit,
            due,
            text,
            json,
        } => step_due(
            case_no,
            CaseStep::AssignDown,
            Some(unit),
            text,
            due,
            None,
            json,
        ),
        CaseCommand::Objection(a) => step(a.case_no, CaseStep::Objection, None, a.text, a.json),
        CaseCommand::ReportBack {
            case_no,
            text,
            doc_no,
            date,
            json,
        } => {
            let date = date
                .map(|d| super::matters::parse_day(ctx.lang, "--date", &d))
                .transpose()?;
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            let back = crate::store::ReportBack { text, doc_no, date };
            store.report_back(&officer, &case_no, &back)?;
            let line = strings(ctx.lang).case_line(&case_no, EventKind::ReportBack.label(ctx.lang));
            report(ctx, &store, &case_no, json, &line)
        }
        CaseCommand::Rating(c) => super::ratings::run(ctx, c),
        CaseCommand::Source {
            case_no,
            source,
            upper,
            json,
        } => {
            let source = super::matters::parse_source(ctx.lang, &source)?;
            let upper = super::matters::upper_input(ctx, upper)?;
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            store.set_source(&officer, &case_no, source, &upper)?;
            let line = strings(ctx.lang).case_line(&case_no, source.label(ctx.lang));
            report(ctx, &store, &case_no, json, &line)
        }
        CaseCommand::Merge {
            case_no,
            original,
            text,
            json,
        } => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            store.merge_case(&officer, &case_no, &original, text.as_deref())?;
            let line = format!("{case_no} → {original}");
            let line = strings(ctx.lang).case_line(&line, EventKind::Merge.label(ctx.lang));
            report(ctx, &store, &case_no, json, &line)
        }
        CaseCommand::Reply {
            case_no,
            text,
            outcome,
            json,
        } => {
            let outcome = outcome
                .map(|o| super::notices::parse_outcome(ctx.lang, &o))
                .transpose()?;
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            let input = CaseStepInput {
                text,
                outcome,
                ..Default::default()
            };
            let status = store.case_step(&officer, &case_no, CaseStep::Reply, &input)?;
            let line = strings(ctx.lang).case_line(&case_no, status.label(ctx.lang));
            report(ctx, &store, &case_no, json, &line)
        }
        CaseCommand::Notify(a) => super::notices::notify(ctx, a),
        CaseCommand::Receipt(a) => super::notices::receipt(ctx, a),
        CaseCommand::Archive(a) => step(a.case_no, CaseStep::Archive, None, a.text, a.json),
        CaseCommand::RequestReview(a) => step_due(
            a.case_no,
            CaseStep::RequestReview,
            None,
            a.text,
            None,
            a.late_reason,
            a.json,
        ),
        CaseCommand::DecideReview(a) => {
            step(a.case_no, CaseStep::DecideReview, None, a.text, a.json)
        }
        CaseCommand::RequestRecheck(a) => step_due(
            a.case_no,
            CaseStep::RequestRecheck,
            None,
            a.text,
            None,
            a.late_reason,
            a.json,
        ),
        CaseCommand::DecideRecheck(a) => {
            step(a.case_no, CaseStep::DecideRecheck, None, a.text, a.json)
        }
        CaseCommand::Extend {
            case_no,
            days,
            reason,
            approved_by,
            via,
            json,
        } => {
            let s = strings(ctx.lang);
            let extension = super::notices::extension(
                ctx,
                super::notices::ExtendArgs {
                    days,
                    reason,
                    approved_by,
                    via,
                },
            )?;
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            store.extend_approved(&officer, &case_no, &extension)?;
            report(
                ctx,
                &store,
                &case_no,
                json,
                &s.case_line(&case_no, &s.extended(days.into())),
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
            let line = strings(ctx.lang).case_line(&case_no, strings(ctx.lang).assigned);
            report(ctx, &store, &case_no, json, &line)
        }
        CaseCommand::Note {
            case_no,
            text,
            json,
        } => annotate(ctx, &case_no, EventKind::Note, &text, json),
        CaseCommand::Supervise {
            case_no,
            text,
            doc_no: Some(doc_no),
            deadline: Some(deadline),
            json,
        } => super::leaders::supervise(ctx, &case_no, &doc_no, &deadline, text.as_deref(), json),
        CaseCommand::Supervise {
            case_no,
            text,
            json,
            ..
        } => annotate(
            ctx,
            &case_no,
            EventKind::Supervise,
            text.as_deref().unwrap_or_default(),
            json,
        ),
        CaseCommand::SuperviseResult {
            case_no,
            text,
            json,
        } => super::leaders::supervise_result(ctx, &case_no, &text, json),
        CaseCommand::Supervisions { open, json } => super::leaders::supervisions(ctx, open, json),
        CaseCommand::Instruct {
            case_no,
            leader,
            text,
            json,
        } => super::leaders::instruct(ctx, &case_no, &leader, &text, json),
        CaseCommand::Link {
            case_no,
            other,
            json,
        } => annotate(ctx, &case_no, EventKind::Link, &other, json),
    }
}

fn annotate(ctx: &Startup, case_no: &str, kind: EventKind, text: &str, json: bool) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    store.annotate(&officer, case_no, kind, text)?;
    report(
        ctx,
        &store,
        case_no,
        json,
        &strings(ctx.lang).case_line(case_no, kind.label(ctx.lang)),
    )
}

/// After a write: the whole case as JSON, or one line for a person.
fn report(
    ctx: &Startup,
    store: &crate::store::Store,
    case_no: &str,
    json: bool,
    line: &str,
) -> Outcome {
    if json {
        return show(ctx.lang, store, case_no, true);
    }
    println!("{line}");
    Ok(())
}

pub fn units(ctx: &Startup, c: NameCommand) -> Outcome {
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

pub fn categories(ctx: &Startup, c: CategoryCommand) -> Outcome {
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
