//! `jiedai stats`: the figures of a period, as a table or one JSON document.

use super::output::{print_json, safe};
use super::{exit, CliError, CliResult, Context};
use crate::domain::Lang;
use crate::store::{OpenMode, Stats};
use crate::text::{display_width, pad_to_width};
use chrono::{Datelike, Days, Months, NaiveDate};
use clap::Args;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// First day, inclusive: YYYY-MM-DD, or YYYY-MM for the first of that month
    /// [default: the first of this month, or of --to's month]
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, inclusive: YYYY-MM-DD, or YYYY-MM for the last of that month
    /// [default: the end of this month with no --from, else today]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
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
pub(super) fn parse_day(flag: &str, s: &str, end: bool) -> CliResult<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d") {
        return Ok(if end { last_of_month(d) } else { d });
    }
    Err(CliError::new(
        exit::USAGE,
        format!(
            "{flag} {} is not a date; use YYYY-MM-DD (or YYYY-MM for a month)",
            crate::text::excerpt(s, 40)
        ),
    ))
}

/// `--from` and `--to` as given (either may be open), refused if they cross.
pub(super) fn open_period(
    from: Option<&str>,
    to: Option<&str>,
) -> CliResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    let from = from.map(|s| parse_day("--from", s, false)).transpose()?;
    let to = to.map(|s| parse_day("--to", s, true)).transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(CliError::new(
                exit::USAGE,
                format!("the period starts ({f}) after it ends ({t}); check --from and --to"),
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
) -> CliResult<(NaiveDate, NaiveDate)> {
    let from_day = from.map(|s| parse_day("--from", s, false)).transpose()?;
    let to_day = to.map(|s| parse_day("--to", s, true)).transpose()?;
    let (from, to) = match (from_day, to_day) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, today.max(f)),
        (None, Some(t)) => (first_of_month(t), t),
        (None, None) => (first_of_month(today), last_of_month(today)),
    };
    if from > to {
        return Err(CliError::new(
            exit::USAGE,
            format!("the period starts ({from}) after it ends ({to}); check --from and --to"),
        ));
    }
    Ok((from, to))
}

pub fn stats(ctx: &Context, a: StatsArgs) -> CliResult {
    let store = ctx.open(OpenMode::ReadOnly)?;
    let (from, to) = period(a.from.as_deref(), a.to.as_deref(), store.today())?;
    let stats = store.stats(from, to)?;
    if a.json {
        return print_json(&stats);
    }
    print!("{}", render(&stats, ctx.lang));
    Ok(())
}

struct Words {
    title: &'static str,
    channel: &'static str,
    batches: &'static str,
    people: &'static str,
    total: &'static str,
    new_cases: &'static str,
    status_now: &'static str,
    category: &'static str,
    new: &'static str,
    uncategorized: &'static str,
    flagged: [&'static str; 4],
    overdue: &'static str,
    replied: &'static str,
    none: &'static str,
}

const ZH: Words = Words {
    title: "信访统计",
    channel: "形式",
    batches: "批次",
    people: "人次",
    total: "合计",
    new_cases: "新登记事项",
    status_now: "现状态",
    category: "类别（一级）",
    new: "新件",
    uncategorized: "未分类",
    flagged: ["重复访", "集体访", "老户", "已终结事项来访"],
    overdue: "当前逾期未办结事项",
    replied: "期内答复事项",
    none: "无",
};

const EN: Words = Words {
    title: "Figures",
    channel: "Channel",
    batches: "batches",
    people: "people",
    total: "Total",
    new_cases: "New cases",
    status_now: "status now",
    category: "Category (top level)",
    new: "new cases",
    uncategorized: "uncategorized",
    flagged: ["repeat", "collective", "long-standing", "closed matter"],
    overdue: "Open cases overdue now",
    replied: "Cases replied in the period",
    none: "none",
};

/// The human table. Category names come from the record, so they are made safe to
/// print; numbers are right-aligned under headers measured in display cells.
fn render(s: &Stats, lang: Lang) -> String {
    let w = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
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
        s.flagged.repeat,
        s.flagged.collective,
        s.flagged.long_standing,
        s.flagged.closed_matter,
    ];
    line(
        w.flagged
            .iter()
            .zip(flags)
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
            period(None, None, day("2026-02-10")).unwrap(),
            (day("2026-02-01"), day("2026-02-28"))
        );
        assert_eq!(
            period(Some("2026-01"), Some("2026-01"), day("2026-02-10")).unwrap(),
            (day("2026-01-01"), day("2026-01-31"))
        );
        assert_eq!(
            period(Some("2026-01-15"), None, day("2026-02-10")).unwrap(),
            (day("2026-01-15"), day("2026-02-10"))
        );
        assert_eq!(
            period(None, Some("2026-12-05"), day("2026-02-10")).unwrap(),
            (day("2026-12-01"), day("2026-12-05"))
        );
    }

    #[test]
    fn bad_periods_are_usage_errors() {
        assert_eq!(
            period(Some("2026-03-01"), Some("2026-02-01"), day("2026-02-10"))
                .unwrap_err()
                .code,
            exit::USAGE
        );
        assert_eq!(
            period(Some("last week"), None, day("2026-02-10"))
                .unwrap_err()
                .code,
            exit::USAGE
        );
    }
}
