//! The figures split by unit, source, month, category or officer (`stats --by`),
//! and the missed cases behind a figure. Pure, like the figures themselves.

use super::figures::{
    figures_listed, ContactFacts, Figure, LongStanding, MatterFacts, Period, Targets,
};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

/// What a split goes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Unit,
    Source,
    Month,
    Category,
    Officer,
}

impl By {
    pub const ALL: &'static [By] = &[By::Unit, By::Source, By::Month, By::Category, By::Officer];

    pub fn code(self) -> &'static str {
        match self {
            By::Unit => "unit",
            By::Source => "source",
            By::Month => "month",
            By::Category => "category",
            By::Officer => "officer",
        }
    }

    pub fn from_code(code: &str) -> Option<By> {
        By::ALL.iter().copied().find(|b| b.code() == code.trim())
    }
}

/// Where a matter or contact belongs when the figures are split: its case's unit,
/// top-level category, handler (the first officer while none is named) and source
/// code. `None` is "not recorded".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    pub unit: Option<String>,
    pub category: Option<String>,
    pub officer: Option<String>,
    pub source: Option<String>,
}

impl Keys {
    fn get(&self, by: By) -> Option<&String> {
        match by {
            By::Unit => self.unit.as_ref(),
            By::Category => self.category.as_ref(),
            By::Officer => self.officer.as_ref(),
            By::Source => self.source.as_ref(),
            By::Month => None,
        }
    }
}

/// Facts with the keys they are split by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed<T> {
    pub keys: Keys,
    pub facts: T,
}

/// The figures of one group: a unit, a source code, a month (`2026-03`), …;
/// `key: None` gathers what has no such key recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub key: Option<String>,
    pub figures: Vec<Figure>,
}

fn plain<T: Clone>(items: &[Keyed<T>]) -> Vec<T> {
    items.iter().map(|k| k.facts.clone()).collect()
}

/// The whole period's figures over keyed facts (`lists`: with the cases behind
/// each).
pub fn figures_keyed(
    period: Period,
    matters: &[Keyed<MatterFacts>],
    contacts: &[Keyed<ContactFacts>],
    roster: &[LongStanding],
    targets: &Targets,
    lists: bool,
) -> Vec<Figure> {
    figures_listed(
        period,
        matters.iter().map(|m| &m.facts),
        &plain(contacts),
        roster,
        targets,
        lists,
    )
}

/// The months `period` touches, each cut to the period.
pub fn months(period: Period) -> Vec<(String, Period)> {
    let mut out = Vec::new();
    let mut start = period.from.with_day(1).unwrap_or(period.from);
    while start <= period.to {
        let next = start
            .checked_add_months(Months::new(1))
            .unwrap_or(NaiveDate::MAX);
        let end = next.checked_sub_days(Days::new(1)).unwrap_or(next);
        out.push((
            start.format("%Y-%m").to_string(),
            Period {
                from: start.max(period.from),
                to: end.min(period.to),
            },
        ));
        if next == NaiveDate::MAX {
            break;
        }
        start = next;
    }
    out
}

/// The period of a report: a day, its week (Monday to Sunday), month or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Day,
    Week,
    Month,
    Year,
}

/// The days of `span` around `day`, both ends inclusive.
pub fn period_of(span: Span, day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = match span {
        Span::Day => day,
        Span::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
        Span::Month => day.with_day(1).unwrap_or(day),
        Span::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
    };
    let to = match span {
        Span::Day => day,
        Span::Week => from + Days::new(6),
        Span::Month => from
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(day),
        Span::Year => NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day),
    };
    (from, to)
}

/// The figures split `by` one key. A month is the period cut to that month (the
/// 老户 roster counts in each); the other keys split the matters and contacts by
/// their case, and leave the roster (a person's, not a case's) to the whole.
pub fn figures_by(
    by: By,
    period: Period,
    matters: &[Keyed<MatterFacts>],
    contacts: &[Keyed<ContactFacts>],
    roster: &[LongStanding],
    targets: &Targets,
    lists: bool,
) -> Vec<Group> {
    if by == By::Month {
        let c = plain(contacts);
        return months(period)
            .into_iter()
            .map(|(key, p)| Group {
                key: Some(key),
                figures: figures_listed(
                    p,
                    matters.iter().map(|m| &m.facts),
                    &c,
                    roster,
                    targets,
                    lists,
                ),
            })
            .collect();
    }
    let mut keys: Vec<Option<&String>> = matters
        .iter()
        .map(|m| m.keys.get(by))
        .chain(contacts.iter().map(|c| c.keys.get(by)))
        .collect();
    // Named groups in order, the unrecorded last.
    keys.sort_by(|a, b| (a.is_none(), a).cmp(&(b.is_none(), b)));
    keys.dedup();
    keys.into_iter()
        .map(|key| {
            let m = matters
                .iter()
                .filter(|x| x.keys.get(by) == key)
                .map(|x| &x.facts);
            let c: Vec<ContactFacts> = contacts
                .iter()
                .filter(|x| x.keys.get(by) == key)
                .map(|x| x.facts)
                .collect();
            Group {
                key: key.cloned(),
                figures: figures_listed(period, m, &c, &[], targets, lists),
            }
        })
        .collect()
}

/// The cases that keep a figure from its target: in its denominator and not in
/// its numerator (for a ceiling, the numerator is what counts against it).
pub fn missed_cases(f: &Figure) -> Vec<String> {
    match f.target {
        Some(super::figures::Target::AtMost(_)) => f.numerator_cases.clone(),
        _ => {
            // A set: a year's figure has hundreds of thousands of cases on each
            // side, and a search of the numerator for each was quadratic.
            let counted: std::collections::HashSet<&String> = f.numerator_cases.iter().collect();
            f.denominator_cases
                .iter()
                .filter(|c| !counted.contains(c))
                .cloned()
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_are_cut_to_the_period() {
        let m = months(Period {
            from: day("2026-01-15"),
            to: day("2026-03-10"),
        });
        let keys: Vec<_> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["2026-01", "2026-02", "2026-03"]);
        assert_eq!(m[0].1.from, day("2026-01-15"));
        assert_eq!(m[1].1.to, day("2026-02-28"));
        assert_eq!(m[2].1.to, day("2026-03-10"));
    }

    #[test]
    fn report_periods() {
        let d = day("2026-11-28"); // a Saturday
        assert_eq!(period_of(Span::Day, d), (d, d));
        assert_eq!(
            period_of(Span::Week, d),
            (day("2026-11-23"), day("2026-11-29"))
        );
        assert_eq!(
            period_of(Span::Month, day("2024-02-10")),
            (day("2024-02-01"), day("2024-02-29"))
        );
        assert_eq!(
            period_of(Span::Year, d),
            (day("2026-01-01"), day("2026-12-31"))
        );
    }

    #[test]
    fn by_codes_round_trip() {
        for b in By::ALL {
            assert_eq!(By::from_code(b.code()), Some(*b));
        }
        assert_eq!(By::from_code("weekday"), None);
    }
}
