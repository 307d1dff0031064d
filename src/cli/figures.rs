//! The office's figures (考核) on the command line: the table under `stats`, the
//! `figures` object of `stats --json`, the split of `--by` and the cases of
//! `--explain`. `report` builds on the same pieces.

use super::output::safe;
use super::{exit, Failure, Outcome};
use crate::domain::figures::{Figure, Target};
use crate::domain::figures_by::{missed_cases, By};
use crate::domain::Lang;
use crate::store::{CaseBrief, FigureReport};
use crate::text::{display_width, pad_to_width};
use crate::words::figures as w;
use serde_json::{json, Map, Value};

/// One figure as `stats --json` gives it: the stable shape.
pub fn figure_json(f: &Figure) -> Value {
    let (bound, target) = match f.target {
        Some(Target::AtLeast(t)) => (Some("at_least"), Some(t)),
        Some(Target::AtMost(t)) => (Some("at_most"), Some(t)),
        None => (None, None),
    };
    json!({
        "value": f.value,
        "numerator": f.numerator,
        "denominator": f.denominator,
        "target": target,
        "bound": bound,
        "met": f.met,
    })
}

/// Every figure by its name, with the volume's parts and the overdue now.
pub fn figures_json(r: &FigureReport) -> Value {
    let mut map = Map::new();
    for f in &r.figures {
        map.insert(f.name.to_string(), figure_json(f));
    }
    if let Some(Value::Object(v)) = map.get_mut("visit_volume") {
        v.insert("people".into(), json!(r.volume.visit_people));
        v.insert("batches".into(), json!(r.volume.visit_batches));
        v.insert(
            "collective_people".into(),
            json!(r.volume.collective_people),
        );
        v.insert(
            "collective_batches".into(),
            json!(r.volume.collective_batches),
        );
        v.insert("other_contacts".into(), json!(r.volume.other_contacts));
    }
    let by_clock: Map<String, Value> = r
        .overdue
        .by_clock
        .iter()
        .map(|(c, n)| (c.clone(), json!(n)))
        .collect();
    let by_unit: Vec<Value> = r
        .overdue
        .by_unit
        .iter()
        .map(|(u, n)| json!({ "unit": u, "cases": n }))
        .collect();
    map.insert(
        "overdue_now".into(),
        json!({
            "value": r.overdue.total,
            "numerator": r.overdue.total,
            "denominator": null,
            "target": null,
            "bound": null,
            "met": null,
            "by_clock": by_clock,
            "by_unit": by_unit,
        }),
    );
    Value::Object(map)
}

/// The split of `--by` for `--json`.
pub fn split_json(r: &FigureReport) -> Option<Value> {
    let split = r.split.as_ref()?;
    let groups: Vec<Value> = split
        .groups
        .iter()
        .map(|g| {
            let figures: Map<String, Value> = g
                .figures
                .iter()
                .map(|f| (f.name.to_string(), figure_json(f)))
                .collect();
            json!({ "key": g.key, "figures": figures })
        })
        .collect();
    Some(json!({ "by": split.by.code(), "groups": groups }))
}

fn row(cells: &[(String, usize)]) -> String {
    let mut t = String::new();
    for (i, (c, width)) in cells.iter().enumerate() {
        if i == 0 {
            t.push_str(&pad_to_width(c, *width));
        } else {
            let gap = width.saturating_sub(display_width(c));
            t.extend(std::iter::repeat_n(' ', gap + 2));
            t.push_str(c);
        }
    }
    t.trim_end().to_string()
}

/// The figures as a table: name, value, num/den, target, result (✓/✗ in words, so
/// that it reads on any terminal).
pub fn table(lang: Lang, figures: &[Figure]) -> Vec<String> {
    let ww = w::words(lang);
    let mut out = vec![row(&[
        (ww.figure.to_string(), 18),
        (ww.value.to_string(), 12),
        (ww.fraction.to_string(), 11),
        (ww.target.to_string(), 14),
        (ww.verdict.to_string(), 10),
    ])];
    for f in figures {
        out.push(row(&[
            (w::name(lang, f.name).to_string(), 18),
            (w::value(lang, f), 12),
            (w::fraction(lang, f), 11),
            (w::target(lang, f), 14),
            (w::verdict(lang, f.met).to_string(), 10),
        ]));
    }
    out
}

/// The figures section of `stats`: the table, what is overdue now, and the split.
pub fn render(r: &FigureReport, lang: Lang) -> String {
    let ww = w::words(lang);
    let mut out = vec![format!("{}（{} {}）", ww.title, ww.as_of, r.as_of)];
    if lang == Lang::En {
        out[0] = format!("{} ({} {})", ww.title, ww.as_of, r.as_of);
    }
    out.push(String::new());
    out.extend(table(lang, &r.figures));
    out.push(String::new());
    let clocks: Vec<String> = r
        .overdue
        .by_clock
        .iter()
        .map(|(c, n)| format!("{} {n}", w::clock(lang, c)))
        .collect();
    let units: Vec<String> = r
        .overdue
        .by_unit
        .iter()
        .map(|(u, n)| {
            let u = u.as_deref().map(safe);
            format!("{} {n}", u.as_deref().unwrap_or(ww.no_unit))
        })
        .collect();
    out.push(format!(
        "{} {}{}",
        w::name(lang, "overdue_now"),
        r.overdue.total,
        if clocks.is_empty() {
            String::new()
        } else {
            format!("  [{}]  [{}]", clocks.join(", "), units.join(", "))
        }
    ));
    if let Some(split) = &r.split {
        out.push(String::new());
        for g in &split.groups {
            let key = group_label(lang, split.by, g.key.as_deref());
            out.push(format!("{}：{key}", w::by(lang, split.by)));
            out.extend(
                table(lang, &g.figures)
                    .into_iter()
                    .skip(1)
                    .map(|l| format!("  {l}")),
            );
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// A group's key as shown: a source by its label, a name made safe to print.
pub fn group_label(lang: Lang, by: By, key: Option<&str>) -> String {
    match (by, key) {
        (_, None) => w::words(lang).none_recorded.to_string(),
        (By::Source, Some(code)) => w::source(lang, code),
        (_, Some(k)) => safe(k),
    }
}

/// A figure named on the command line, or a usage error listing the names.
pub fn check_name(lang: Lang, name: &str) -> Outcome<&'static str> {
    w::CODES
        .iter()
        .copied()
        .find(|c| *c == name.trim())
        .ok_or_else(|| {
            Failure::new(
                exit::USAGE,
                crate::words::figures::unknown_figure(lang, &safe(name), &w::CODES.join(", ")),
            )
        })
}

/// One case line of a list: number, first petitioner, registered, category, unit,
/// handling due and closed. Names only: never an ID number or phone.
pub fn case_line(lang: Lang, key: &str, r: &FigureReport) -> String {
    if let Some(id) = key.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
        let name = r.facts.names.get(&id).map(|n| safe(n)).unwrap_or_default();
        return format!("#{id}  {name}");
    }
    let Some(c) = r.facts.cases.get(key) else {
        return safe(key);
    };
    brief_line(lang, c)
}

pub fn brief_line(lang: Lang, c: &CaseBrief) -> String {
    let none = w::words(lang).none_recorded;
    let status = crate::domain::CaseStatus::from_code(&c.status)
        .map(|s| crate::words::Label::label(s, lang).to_string())
        .unwrap_or_else(|| safe(&c.status));
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or("-".into());
    format!(
        "{}  {}  {}  {}  {}  {}  {} {}  {} {}",
        c.case_no,
        pad_to_width(&safe(&c.name), 8),
        c.registered_on,
        c.category.as_deref().map(safe).unwrap_or(none.into()),
        c.unit.as_deref().map(safe).unwrap_or(none.into()),
        status,
        crate::words::figures::due_word(lang),
        day(c.handle_due),
        crate::words::figures::closed_word(lang),
        day(c.closed_on),
    )
}

/// `stats --explain FIGURE`: its definition, then the cases in its numerator and
/// in its denominator.
pub fn explain(lang: Lang, r: &FigureReport, name: &str, json_out: bool) -> Outcome {
    let Some(f) = r.figure(name) else {
        return Err(Failure::new(exit::USAGE, name.to_string()));
    };
    if json_out {
        let list = |keys: &[String]| -> Vec<Value> {
            keys.iter()
                .map(|k| match r.facts.cases.get(k) {
                    Some(c) => serde_json::to_value(c).unwrap_or(Value::Null),
                    None => json!({ "key": k }),
                })
                .collect()
        };
        return super::output::print_json(&json!({
            "figure": name,
            "from": r.from,
            "to": r.to,
            "as_of": r.as_of,
            "result": figure_json(f),
            "numerator_cases": list(&f.numerator_cases),
            "denominator_cases": list(&f.denominator_cases),
            "missed_cases": list(&missed_cases(f)),
        }));
    }
    let ww = w::words(lang);
    println!(
        "{}  {} {}  {}",
        w::name(lang, name),
        w::value(lang, f),
        w::fraction(lang, f),
        w::verdict(lang, f.met)
    );
    println!("{}", w::definition(lang, name));
    if f.denominator_cases.is_empty() && f.denominator > 0 {
        println!("{}", w::counted_without_cases(lang));
        return Ok(());
    }
    for (label, keys) in [
        (ww.numerator, &f.numerator_cases),
        (ww.denominator, &f.denominator_cases),
    ] {
        println!();
        println!("{label} {}", keys.len());
        for k in keys {
            println!("  {}", case_line(lang, k, r));
        }
    }
    Ok(())
}
