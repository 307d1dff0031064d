//! The leaders' sections of `jiedai report`: 包案 and 老户化解息访率 on the roster
//! frozen at the period's start, receptions and 公开接访率 per leader, and the
//! 督办 still waiting past their deadline.

use super::report::{Input, Section};
use super::Outcome;
use crate::domain::leaders::quota_for;
use crate::words::leaders as w;

pub fn leaders(i: &Input<'_>) -> Outcome<Vec<Section>> {
    let (from, to) = (i.figures.from, i.figures.to);
    let quota = quota_for(from, to, i.store.rules().targets.receptions_per_month);
    let r = i.store.leaders_report(from, to, quota)?;
    let summary = Section {
        title: w::report_title(i.lang).to_string(),
        columns: w::report_columns(i.lang),
        rows: w::report_rows(&r, i.lang),
    };
    let per_leader = Section {
        title: w::quota_title(i.lang).to_string(),
        columns: w::quota_columns(i.lang),
        rows: r
            .reception_rate
            .leaders
            .iter()
            .map(|l| {
                vec![
                    l.leader.clone(),
                    l.held.to_string(),
                    l.quota.to_string(),
                    w::met(l.met, i.lang).to_string(),
                ]
            })
            .collect(),
    };
    let late = Section {
        title: w::late_title(i.lang).to_string(),
        columns: w::late_columns(i.lang),
        rows: i
            .store
            .supervisions(true)?
            .into_iter()
            .filter(|s| s.days_left.is_some_and(|d| d < 0))
            .map(|s| {
                vec![
                    s.case_no,
                    s.doc_no,
                    s.deadline.to_string(),
                    crate::words::clocks::days_left(s.days_left.unwrap_or(0), i.lang),
                ]
            })
            .collect(),
    };
    Ok(vec![summary, per_leader, late])
}
