//! `jiedai case show` for a person: the case, its people, clocks and timeline.

use super::output::{cell, opt, print_json, safe, short_time};
use super::{exit, Failure, Outcome};
use crate::domain::{Channel, EventKind, Lang};
use crate::store::{EventRow, Store};
use crate::words::cli::{strings, CliStrings};
use crate::words::clocks::describe;
use crate::words::timeline::event_parts;
use crate::words::Label;
use serde_json::Value;

pub fn show(lang: Lang, store: &Store, case_no: &str, json: bool) -> Outcome {
    let d = store.case_detail(case_no)?;
    let missing = d.missing_notices();
    if json {
        let mut value =
            serde_json::to_value(&d).map_err(|e| Failure::new(exit::FAILURE, e.to_string()))?;
        value["notices_missing"] = serde_json::json!(missing
            .iter()
            .map(|(kind, decided)| serde_json::json!({ "kind": kind, "decided": decided }))
            .collect::<Vec<_>>());
        value["reply_outcome"] = serde_json::json!(d.reply_outcome());
        return print_json(&value);
    }
    let s = strings(lang);
    let c = &d.case;
    let mut initial = if d.initial {
        format!("  {}", crate::words::matters::initial_mark(lang))
    } else {
        String::new()
    };
    if let Some(into) = &d.merged_into {
        initial.push_str("  ");
        initial.push_str(&crate::words::matters::merged_into(lang, into));
    }
    println!(
        "{}  {}{initial}  {}",
        c.case_no,
        c.status.label(lang),
        opt(&c.category)
    );
    println!("{}{}", s.colon(s.matter), safe(&c.matter));
    if let Some(u) = &d.upper {
        let source =
            crate::domain::Source::from_code(&c.source).unwrap_or(crate::domain::Source::Local);
        println!(
            "{}{}",
            crate::words::matters::source_label(lang),
            crate::words::matters::source_line(source, Some(u), lang)
        );
        if let Some(on) = d.reported_back_on {
            println!("{}", crate::words::matters::reported_back(lang, on));
        }
    }
    println!(
        "{}{}  {}{}  {}{}",
        s.colon(s.first_officer),
        safe(&c.first_officer),
        s.colon(s.handler),
        opt(&c.handler),
        s.colon(s.unit),
        opt(&c.unit)
    );
    for p in &d.petitioners {
        println!(
            "{} #{} {} {} {}",
            s.person,
            p.petitioner_id,
            safe(&p.name),
            opt(&p.id_number_masked),
            opt(&p.phone_masked)
        );
    }
    println!("{}", s.colon(s.clocks).trim_end());
    for k in &d.clocks {
        println!(
            "  {} {} {}  {}",
            cell(k.kind.label(lang), 22),
            s.due,
            k.due,
            describe(k, lang)
        );
    }
    for (kind, decided) in &missing {
        println!(
            "  {}",
            crate::words::notices::missing_line(*kind, *decided, lang)
        );
    }
    if let Some(o) = d.reply_outcome() {
        println!("{}", crate::words::notices::outcome_line(o, lang));
    }
    println!("{}", s.colon(s.timeline).trim_end());
    for e in &d.events {
        // An imported contact whose register gave only the date shows only the date.
        let when = short_time(&e.at);
        let when = match (e.detail["time_unknown"].as_bool(), when.get(..10)) {
            (Some(true), Some(day)) => cell(day, 16),
            _ => when,
        };
        let line = format!(
            "  {}  {} {} {}",
            when,
            cell(&e.officer, 8),
            cell(e.kind.label(lang), 16),
            event_text(e, s, lang)
        );
        println!("{}", line.trim_end());
    }
    if !d.allowed_steps.is_empty() {
        // The command to type, after its name on the Chinese screen.
        let steps: Vec<String> = d
            .allowed_steps
            .iter()
            .map(|step| {
                let command = step.code().replace('_', "-");
                match lang {
                    Lang::Zh => format!("{} {command}", step.label(lang)),
                    Lang::En => command,
                }
            })
            .collect();
        println!("{}{}", s.colon(s.next), steps.join(s.list_separator));
    }
    Ok(())
}

/// What an event recorded (as the desk's timeline says it), after the channel of a
/// contact, which the desk shows in its own column.
fn event_text(e: &EventRow, s: &CliStrings, lang: Lang) -> String {
    let mut parts = Vec::new();
    if e.kind == EventKind::Contact {
        let channel = e
            .detail
            .get("channel")
            .and_then(Value::as_str)
            .and_then(Channel::from_code);
        parts.extend(channel.map(|c| c.label(lang).to_string()));
    }
    parts.extend(event_parts(e.kind, &e.detail, lang, s));
    parts.join(" · ")
}
