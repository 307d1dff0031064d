//! The office's figures (考核) for a period: the backend's facts counted by the
//! domain's rules, with the charts and the overdue cases the front ends show.

use super::Store;
use crate::domain::figures::{volume, Period, Targets};
use crate::domain::figures_by::{figures_by, figures_keyed, months, By, Group};
use crate::domain::figures_days::figures_from_sums;
use crate::domain::ClockKind;
use crate::store::error::Result;
use crate::store::figure_facts::{Bar, FigureFacts, FigureReport, KeptFigures, OverdueNow, Split};
use crate::store::records::Stats;
use chrono::NaiveDate;
use std::collections::HashMap;

impl Store {
    /// The figures of the local days `from..=to`, as of today: a period still
    /// running is counted up to today (a deadline later in it has not passed yet).
    /// The targets are the office's (`Rules::targets`, the `[targets]` config).
    pub fn figure_report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        by: Option<By>,
    ) -> Result<FigureReport> {
        self.figures(from, to, by, true)
    }

    /// [`Store::figure_report`] without the cases behind each figure (its
    /// `numerator_cases` and `denominator_cases` left empty): the same figures,
    /// for what shows only them.
    pub fn figure_counts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        by: Option<By>,
    ) -> Result<FigureReport> {
        self.figures(from, to, by, false)
    }

    /// `stats`' own figures and [`Store::figure_counts`] together: from the
    /// sums the backend keeps by day where it can (a split by month from each
    /// month's sums, a split by a case's key from the matters), else from the
    /// record; the same either way.
    pub fn stats_and_figure_counts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        by: Option<By>,
    ) -> Result<(Stats, FigureReport)> {
        if matches!(by, None | Some(By::Month)) {
            if let Some(kept) = self.counted_from_sums(from, to, by)? {
                return Ok(kept);
            }
        }
        let report = self.figure_counts(from, to, by)?;
        Ok((self.stats(from, to)?, report))
    }

    /// The figures the desk's pane shows: [`Store::figure_counts`] without a
    /// split, from the kept sums where the backend has them. At a million people
    /// that is a third of a second instead of the record's 10 to 20.
    pub fn figures_shown(&self, from: NaiveDate, to: NaiveDate) -> Result<FigureReport> {
        match self.counted_from_sums(from, to, None)? {
            Some((_, report)) => Ok(report),
            None => self.figure_counts(from, to, None),
        }
    }

    /// `stats` and the figures from the sums the backend keeps, if it keeps them
    /// for this read (the report without its case lists), split by month when
    /// `by` says so (a split by a case's key is not kept).
    fn counted_from_sums(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        by: Option<By>,
    ) -> Result<Option<(Stats, FigureReport)>> {
        let by_month = by == Some(By::Month);
        let Some(kept) = self.backend.kept_figures(&self.cx(), from, to, by_month)? else {
            return Ok(None);
        };
        Ok(Some(kept_report(
            from,
            to,
            self.today(),
            kept,
            &self.rules().targets,
            by_month,
        )))
    }

    fn figures(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        by: Option<By>,
        lists: bool,
    ) -> Result<FigureReport> {
        let facts = self.figure_facts(from, to)?;
        Ok(report(
            from,
            to,
            self.today(),
            facts,
            &self.rules().targets,
            by,
            lists,
        ))
    }
}

/// The report over facts already read (pure; the tests call it directly).
fn report(
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    facts: FigureFacts,
    targets: &Targets,
    by: Option<By>,
    lists: bool,
) -> FigureReport {
    let period = Period {
        from,
        to: to.min(today).max(from),
    };
    let figures = figures_keyed(
        period,
        &facts.matters,
        &facts.contacts,
        &facts.roster,
        targets,
        lists,
    );
    let plain_contacts: Vec<_> = facts.contacts.iter().map(|c| c.facts).collect();
    let by_month = months(Period { from, to })
        .into_iter()
        .map(|(key, p)| Bar {
            key: Some(key),
            visit_people: volume(p, &plain_contacts).visit_people,
            new_matters: facts
                .matters
                .iter()
                .filter(|m| !m.facts.merged && p.holds(m.facts.registered_on))
                .count() as u64,
        })
        .collect();
    let mut categories: HashMap<Option<String>, Bar> = HashMap::new();
    for m in facts
        .matters
        .iter()
        .filter(|m| !m.facts.merged && period.holds(m.facts.registered_on))
    {
        // Looked up before it is copied: a year has a million new matters and a
        // dozen categories.
        match categories.get_mut(&m.keys.category) {
            Some(bar) => bar.new_matters += 1,
            None => {
                let key = m.keys.category.clone();
                categories.insert(
                    key.clone(),
                    Bar {
                        key,
                        visit_people: 0,
                        new_matters: 1,
                    },
                );
            }
        }
    }
    for c in facts.contacts.iter().filter(|c| c.facts.visit) {
        if let Some(bar) = categories.get_mut(&c.keys.category) {
            bar.visit_people += u64::from(c.facts.headcount);
        }
    }
    let by_category = most_first(categories.into_values().collect());
    let split = by.map(|by| Split {
        by,
        groups: figures_by(
            by,
            period,
            &facts.matters,
            &facts.contacts,
            &facts.roster,
            targets,
            lists,
        ),
    });
    FigureReport {
        from,
        to,
        as_of: today,
        figures,
        volume: volume(period, &plain_contacts),
        overdue: overdue_now(&facts),
        by_month,
        by_category,
        split,
        facts,
    }
}

/// New matters by category, most first, the unrecorded last.
fn most_first(mut bars: Vec<Bar>) -> Vec<Bar> {
    bars.sort_by(|a, b| {
        (a.key.is_none(), std::cmp::Reverse(a.new_matters), &a.key).cmp(&(
            b.key.is_none(),
            std::cmp::Reverse(b.new_matters),
            &b.key,
        ))
    });
    bars
}

/// `stats`' figures and the report from sums kept by day, as [`report`]
/// counts it without lists. A month of the split is counted from its own
/// sums against the 老户 roster at the start of the whole period, as
/// [`figures_by`] counts it.
fn kept_report(
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    kept: KeptFigures,
    targets: &Targets,
    split_by_month: bool,
) -> (Stats, FigureReport) {
    let KeptFigures {
        sums,
        months: month_sums,
        by_month,
        by_category,
        roster,
        names,
        overdue,
        stats,
    } = kept;
    let period = Period {
        from,
        to: to.min(today).max(from),
    };
    let split = split_by_month.then(|| Split {
        by: By::Month,
        groups: month_sums
            .iter()
            .map(|(key, month, sums)| Group {
                key: Some(key.clone()),
                figures: figures_from_sums(*month, sums, &roster, targets),
            })
            .collect(),
    });
    let facts = FigureFacts {
        roster,
        names,
        overdue,
        ..FigureFacts::default()
    };
    let report = FigureReport {
        from,
        to,
        as_of: today,
        figures: figures_from_sums(period, &sums, &facts.roster, targets),
        volume: sums.volume,
        overdue: overdue_now(&facts),
        by_month,
        by_category: most_first(by_category),
        split,
        facts,
    };
    (stats, report)
}

fn overdue_now(facts: &FigureFacts) -> OverdueNow {
    let mut out = OverdueNow {
        total: facts.overdue.len() as u64,
        ..OverdueNow::default()
    };
    for kind in ClockKind::ALL {
        let n = facts
            .overdue
            .iter()
            .filter(|c| c.clock == kind.code())
            .count() as u64;
        if n > 0 {
            out.by_clock.push((kind.code().to_string(), n));
        }
    }
    let mut units: HashMap<Option<String>, u64> = HashMap::new();
    for c in &facts.overdue {
        *units.entry(c.unit.clone()).or_default() += 1;
    }
    out.by_unit = units.into_iter().collect();
    out.by_unit.sort_by(|a, b| {
        (a.0.is_none(), std::cmp::Reverse(a.1), &a.0).cmp(&(
            b.0.is_none(),
            std::cmp::Reverse(b.1),
            &b.0,
        ))
    });
    out
}
