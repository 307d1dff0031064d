//! The leaders' sections of `jiedai report`: 包案 and 老户化解息访率 on the roster
//! frozen at the period's start, receptions and 公开接访率 per leader, and the
//! 督办 still waiting past their deadline.

use super::Outcome;
use crate::domain::leaders::quota_for;
use crate::domain::Lang;
use crate::store::Store;
use crate::words::leaders as w;
use chrono::NaiveDate;

/// One titled table, as the report's sections are made.
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The leaders' tables for the report of `[from, to]`.
pub fn tables(lang: Lang, store: &Store, from: NaiveDate, to: NaiveDate) -> Outcome<Vec<Table>> {
    let i = Ctx { lang, store };
    let quota = quota_for(from, to, store.rules().targets.receptions_per_month);
    let r = store.leaders_report(from, to, quota)?;
    let summary = Table {
        title: w::report_title(i.lang).to_string(),
        columns: w::report_columns(i.lang),
        rows: w::report_rows(&r, i.lang),
    };
    let per_leader = Table {
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
    let late = Table {
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

struct Ctx<'a> {
    lang: Lang,
    store: &'a Store,
}
