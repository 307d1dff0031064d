//! `jiedai stats`: the figures of a period, as a table or one JSON document.

use super::output::{print_json, safe};
use super::{exit, Failure, Outcome, Startup};
use crate::domain::figures_by::By;
use crate::domain::{Flag, Lang};
use crate::store::{OpenMode, Stats};
use crate::text::{display_width, pad_to_width};
use crate::words::Label;
use chrono::{Datelike, Days, Months, NaiveDate};
use clap::Args;

#[derive(Debug, Args)]
#[command(after_long_help = crate::words::help::stats_help())]
pub struct StatsArgs {
    /// First day, inclusive: YYYY-MM-DD, or YYYY-MM for the first of that month
    /// [default: the first of this month, or of --to's month]
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, inclusive: YYYY-MM-DD, or YYYY-MM for the last of that month
    /// [default: the end of this month with no --from, else today]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Print one JSON document (the office's figures under `figures`)
    #[arg(long)]
    pub json: bool,
    /// Split the office's figures by unit, source, month, category or officer
    #[arg(long, value_enum, value_name = "KEY")]
    pub by: Option<ByArg>,
    /// List the cases in one figure's numerator and denominator (initial_closed_rate,
    /// upper_closed_rate, on_time_rate, settled_rate, repeat_rate_permille,
    /// long_standing_resolved_rate, …)
    #[arg(long, value_name = "FIGURE")]
    pub explain: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ByArg {
    Unit,
    Source,
    Month,
    Category,
    Officer,
}

impl ByArg {
    pub fn by(self) -> By {
        match self {
            ByArg::Unit => By::Unit,
            ByArg::Source => By::Source,
            ByArg::Month => By::Month,
            ByArg::Category => By::Category,
            ByArg::Officer => By::Officer,
        }
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d)
        .checked_add_months(Months::new(1))
        .and_then(|n| n.checked_sub_days(Days::new(1)))
        .unwrap_or(d)
}

/// A day given on the command line. A month (`2026-11`) stands for its first day
/// when it starts a period and its last when it ends one.
pub(super) fn parse_day(flag: &str, s: &str, end: bool, lang: Lang) -> Outcome<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d") {
        return Ok(if end { last_of_month(d) } else { d });
    }
    Err(Failure::new(
        exit::USAGE,
        crate::words::cli::not_a_day(lang, flag, &crate::text::excerpt(s, 40)),
    ))
}

/// `--from` and `--to` as given (either may be open), refused if they cross.
pub(super) fn open_period(
    from: Option<&str>,
    to: Option<&str>,
    lang: Lang,
) -> Outcome<(Option<NaiveDate>, Option<NaiveDate>)> {
    let from = from
        .map(|s| parse_day("--from", s, false, lang))
        .transpose()?;
    let to = to.map(|s| parse_day("--to", s, true, lang)).transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(Failure::new(
                exit::USAGE,
                crate::words::cli::period_backwards(lang, f, t),
            ));
        }
    }
    Ok((from, to))
}

/// The period both ends inclusive, from the flags and today.
pub(super) fn period(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
    lang: Lang,
) -> Outcome<(NaiveDate, NaiveDate)> {
    let from_day = from
        .map(|s| parse_day("--from", s, false, lang))
        .transpose()?;
    let to_day = to.map(|s| parse_day("--to", s, true, lang)).transpose()?;
    let (from, to) = match (from_day, to_day) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, today.max(f)),
        (None, Some(t)) => (first_of_month(t), t),
        (None, None) => (first_of_month(today), last_of_month(today)),
    };
    if from > to {
        return Err(Failure::new(
            exit::USAGE,
            crate::words::cli::period_backwards(lang, from, to),
        ));
    }
    Ok((from, to))
}

pub fn stats(ctx: &Startup, a: StatsArgs) -> Outcome {
    let explain = a
        .explain
        .as_deref()
        .map(|n| super::figures::check_name(ctx.lang, n))
        .transpose()?;
    let store = ctx.open(OpenMode::ReadOnly)?;
    let (from, to) = period(a.from.as_deref(), a.to.as_deref(), store.today(), ctx.lang)?;
    let by = a.by.map(ByArg::by);
    // The process ends after printing: the report's facts (a year at a million
    // people holds millions of small strings) are left to the exit to free,
    // instead of freeing them one by one, which took seconds.
    // Only --explain lists the cases behind a figure.
    let (report, stats) = match explain {
        Some(_) => (store.figure_report(from, to, by)?, None),
        None => {
            let (stats, report) = store.stats_and_figure_counts(from, to, by)?;
            (report, Some(stats))
        }
    };
    let report = &*Box::leak(Box::new(report));
    if let Some(name) = explain {
        return super::figures::explain(ctx.lang, report, name, a.json);
    }
    let stats = match stats {
        Some(stats) => stats,
        None => store.stats(from, to)?,
    };
    if a.json {
        #[derive(serde::Serialize)]
        struct Json<'a> {
            #[serde(flatten)]
            stats: &'a Stats,
            figures: serde_json::Value,
            #[serde(skip_serializing_if = "Option::is_none")]
            split: Option<serde_json::Value>,
        }
        return print_json(&Json {
            stats: &stats,
            figures: super::figures::figures_json(report),
            split: super::figures::split_json(report),
        });
    }
    print!("{}", render(&stats, ctx.lang));
    println!();
    print!("{}", super::figures::render(report, ctx.lang));
    Ok(())
}

/// The human table. Category names come from the record, so they are made safe to
/// print; numbers are right-aligned under headers measured in display cells.
fn render(s: &Stats, lang: Lang) -> String {
    let w = crate::words::stats::words(lang);
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(text.trim_end());
        out.push('\n');
    };
    let as_of = crate::time::parse_instant(&s.as_of)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| s.as_of.clone());
    line(match lang {
        Lang::Zh => format!("{} {} 至 {}（截至 {as_of}）", w.title, s.from, s.to),
        Lang::En => format!("{} {} to {} (as of {as_of})", w.title, s.from, s.to),
    });
    line(String::new());

    let row = |label: &str, cells: &[String]| {
        let mut t = pad_to_width(label, 24);
        for c in cells {
            let gap = 11usize.saturating_sub(display_width(c));
            t.extend(std::iter::repeat_n(' ', gap));
            t.push_str(c);
        }
        t
    };
    line(row(
        w.channel,
        &[w.batches.to_string(), w.people.to_string()],
    ));
    for f in &s.by_channel {
        line(row(
            f.channel.label(lang),
            &[f.batches.to_string(), f.people.to_string()],
        ));
    }
    line(row(w.total, &[s.batches.to_string(), s.people.to_string()]));
    line(String::new());

    let statuses: Vec<String> = s
        .cases_by_status
        .iter()
        .filter(|f| f.cases > 0)
        .map(|f| format!("{} {}", f.status.label(lang), f.cases))
        .collect();
    line(match lang {
        Lang::Zh => format!("{} {} 件", w.new_cases, s.new_cases),
        Lang::En => format!("{}: {}", w.new_cases, s.new_cases),
    });
    if !statuses.is_empty() {
        let sep = match lang {
            Lang::Zh => "，",
            Lang::En => ", ",
        };
        line(format!("  {}: {}", w.status_now, statuses.join(sep)));
    }
    line(String::new());

    line(row(
        w.category,
        &[
            w.batches.to_string(),
            w.people.to_string(),
            w.new.to_string(),
        ],
    ));
    if s.by_category.is_empty() {
        line(format!("  {}", w.none));
    }
    for f in &s.by_category {
        let name = f
            .category
            .as_deref()
            .map(safe)
            .unwrap_or_else(|| w.uncategorized.to_string());
        line(row(
            &name,
            &[
                f.batches.to_string(),
                f.people.to_string(),
                f.new_cases.to_string(),
            ],
        ));
    }
    line(String::new());

    let flags = [
        (Flag::Repeat.label(lang), s.flagged.repeat),
        (Flag::Collective.label(lang), s.flagged.collective),
        (Flag::LongStanding.label(lang), s.flagged.long_standing),
        (w.closed_matter_contacts, s.flagged.closed_matter),
    ];
    line(
        flags
            .into_iter()
            .map(|(label, n)| format!("{label} {n}"))
            .collect::<Vec<_>>()
            .join("  "),
    );
    line(match lang {
        Lang::Zh => format!("{} {} 件", w.overdue, s.overdue_now),
        Lang::En => format!("{}: {}", w.overdue, s.overdue_now),
    });
    let average = s.replied.average_days.map(|d| format!("{d:.1}"));
    line(match (lang, average) {
        (Lang::Zh, Some(d)) => format!(
            "{} {} 件，自登记至答复平均 {d} 天",
            w.replied, s.replied.cases
        ),
        (Lang::Zh, None) => format!("{} {} 件", w.replied, s.replied.cases),
        (Lang::En, Some(d)) => format!(
            "{}: {}, on average {d} days from registration to reply",
            w.replied, s.replied.cases
        ),
        (Lang::En, None) => format!("{}: {}", w.replied, s.replied.cases),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_default_period_is_this_month() {
        assert_eq!(
            period(None, None, day("2026-02-10"), Lang::En).unwrap(),
            (day("2026-02-01"), day("2026-02-28"))
        );
        assert_eq!(
            period(
                Some("2026-01"),
                Some("2026-01"),
                day("2026-02-10"),
                Lang::En
            )
            .unwrap(),
            (day("2026-01-01"), day("2026-01-31"))
        );
        assert_eq!(
            period(Some("2026-01-15"), None, day("2026-02-10"), Lang::En).unwrap(),
            (day("2026-01-15"), day("2026-02-10"))
        );
        assert_eq!(
            period(None, Some("2026-12-05"), day("2026-02-10"), Lang::En).unwrap(),
            (day("2026-12-01"), day("2026-12-05"))
        );
    }

    #[test]
    fn bad_periods_are_usage_errors() {
        assert_eq!(
            period(
                Some("2026-03-01"),
                Some("2026-02-01"),
                day("2026-02-10"),
                Lang::En
            )
            .unwrap_err()
            .code,
            exit::USAGE
        );
        assert_eq!(
            period(Some("last week"), None, day("2026-02-10"), Lang::En)
                .unwrap_err()
                .code,
            exit::USAGE
        );
    }
}
