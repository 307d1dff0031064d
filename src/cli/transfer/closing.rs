//! History arrives as history: after an import's contacts are written, each case the
//! file says more about is brought where the file leaves it (its unit and handler,
//! then the steps to its status, dated when it was closed), on the timeline.

use super::report::{DeskClock, ImportReport, Problem};
use crate::domain::lifecycle::CaseStep;
use crate::domain::notices::{NoticeKind, NoticeVia};
use crate::domain::transfer::{steps_to, ImportRow, Standing};
use crate::domain::CaseStatus;
use crate::store::{CaseStepInput, CheckInResult, Store, StoreError};
use crate::time::TimeSource;
use crate::words::Label;
use chrono::{DateTime, FixedOffset, NaiveTime};
use std::collections::{HashMap, HashSet};

/// What one row says about the end of its case.
pub(super) struct CaseEnd {
    line: u64,
    standing: Option<Standing>,
    closed_on: Option<chrono::NaiveDate>,
    reply: Option<String>,
    unit: Option<String>,
    handler: Option<String>,
    /// The case's first and last contact in this import.
    first_at: DateTime<FixedOffset>,
    at: DateTime<FixedOffset>,
}

impl CaseEnd {
    pub fn of(
        line: u64,
        row: &ImportRow,
        standing: Option<Standing>,
        at: DateTime<FixedOffset>,
    ) -> CaseEnd {
        CaseEnd {
            line,
            standing,
            closed_on: row.closed_on,
            reply: row.reply.clone(),
            unit: row.unit.clone(),
            handler: row.handler.clone(),
            first_at: at,
            at,
        }
    }

    /// A later row of the same case says the newer thing; what it leaves out stays.
    fn merge(&mut self, later: CaseEnd) {
        self.line = later.line;
        self.first_at = self.first_at.min(later.first_at);
        self.at = self.at.max(later.at);
        self.standing = later.standing.or(self.standing.take());
        self.closed_on = later.closed_on.max(self.closed_on);
        self.reply = later.reply.or(self.reply.take());
        self.unit = later.unit.or(self.unit.take());
        self.handler = later.handler.or(self.handler.take());
    }

    fn says_anything(&self) -> bool {
        self.standing.is_some() || self.unit.is_some() || self.handler.is_some()
    }
}

/// The cases of one import, in the order they first appear.
#[derive(Default)]
pub(super) struct Closings {
    order: Vec<(String, Option<CaseStatus>)>,
    ends: HashMap<String, CaseEnd>,
    /// Per case, the position (in writing order) of its last row in the file.
    last: HashMap<String, usize>,
}

impl Closings {
    /// `last` is the position of the case's last row in the file, so that the case
    /// is brought to its end in the same chunk as that row (see [`Closings::ready`]).
    pub fn note(&mut self, result: &CheckInResult, end: CaseEnd, last: usize) {
        let known = self.last.entry(result.case_no.clone()).or_insert(last);
        *known = (*known).max(last);
        match self.ends.get_mut(&result.case_no) {
            Some(known) => known.merge(end),
            None => {
                // A case this import opened starts registered; another is read later.
                let status = result.new_case.then_some(CaseStatus::Registered);
                self.order.push((result.case_no.clone(), status));
                self.ends.insert(result.case_no.clone(), end);
            }
        }
    }

    /// Takes out the cases whose every row is among the first `written`: they can be
    /// closed now, in the chunk that wrote their last row, so that an import stopped
    /// between chunks leaves every case it wrote whole.
    pub fn ready(&mut self, written: usize) -> Closings {
        let mut now = Closings::default();
        let (ready, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.order)
            .into_iter()
            .partition(|(case_no, _)| self.last.get(case_no).is_none_or(|&l| l < written));
        self.order = later;
        for (case_no, status) in ready {
            if let Some(end) = self.ends.remove(&case_no) {
                now.ends.insert(case_no.clone(), end);
                now.order.push((case_no.clone(), status));
            }
            self.last.remove(&case_no);
        }
        now
    }

    pub fn apply(
        mut self,
        store: &mut Store,
        officer: &str,
        clock: &DeskClock<'_>,
        report: &mut ImportReport,
        failed_line: &mut u64,
        lang: crate::domain::Lang,
    ) -> Result<(), StoreError> {
        let mut units: HashSet<String> = store.units()?.into_iter().map(|u| u.name).collect();
        let mut officers: HashSet<String> = store.officers()?.into_iter().map(|o| o.name).collect();
        for (case_no, status) in std::mem::take(&mut self.order) {
            let Some(end) = self.ends.remove(&case_no) else {
                continue;
            };
            let mut status = match status {
                Some(s) => s,
                None if end.says_anything() => store.case_detail(&case_no)?.case.status,
                None => continue,
            };
            *failed_line = end.line;
            // Closed on a day: at its start, but never before the case's last contact.
            let closed_at = end
                .closed_on
                .and_then(|d| clock.wall(d.and_time(NaiveTime::MIN)))
                .map_or(end.at, |t| t.max(end.at));
            // When it was routed the register does not say: as it came in, so that the
            // routing clock reads met rather than late.
            store.set_time(TimeSource::Fixed(end.first_at));
            if status.is_open() && (end.unit.is_some() || end.handler.is_some()) {
                if let Some(u) = end.unit.as_deref().filter(|u| !units.contains(*u)) {
                    store.add_unit(u)?;
                    units.insert(u.to_string());
                    report.new_units.push(u.to_string());
                }
                if let Some(h) = end.handler.as_deref().filter(|h| !officers.contains(*h)) {
                    // A handler the old register names joins the roster only as the
                    // importing 科长's act, like any other addition.
                    let new = crate::store::Enrolment {
                        name: h.to_string(),
                        ..Default::default()
                    };
                    store.enrol(Some(officer), &new)?;
                    officers.insert(h.to_string());
                    report.new_officers.push(h.to_string());
                }
                // A transfer names its unit itself.
                let unit = end.unit.as_deref().filter(|_| {
                    end.standing.as_ref().map(Standing::target) != Some(CaseStatus::Transferred)
                        || status != CaseStatus::Registered
                });
                if unit.is_some() || end.handler.is_some() {
                    store.assign(officer, &case_no, end.handler.as_deref(), unit)?;
                }
            }
            let Some(standing) = &end.standing else {
                let past = end.at.date_naive() < clock.0.now().date_naive();
                report.open_cases += u64::from(past && status == CaseStatus::Registered);
                continue;
            };
            let target = standing.target();
            let Some(steps) = steps_to(status, target) else {
                let message = format!(
                    "case {case_no} is already {}; left so, not {}",
                    status.label_en(),
                    target.label_en()
                );
                let shown = crate::words::import_report::already_there(
                    lang,
                    &case_no,
                    status.label(lang),
                    target.label(lang),
                );
                report.warnings.push(Problem {
                    line: end.line,
                    field: "case_status".into(),
                    shown: format!("case_status: {shown}"),
                    message,
                });
                continue;
            };
            let word = match standing {
                Standing::Closed(w) if !w.is_empty() => Some(w.clone()),
                _ => None,
            };
            // The outcome: the reply given, else the register's own word for it.
            let text = end.reply.clone().or(word);
            for step in steps {
                // Only the steps that record words get them; some cannot go without.
                let needs_text = matches!(
                    step,
                    CaseStep::NotAccept | CaseStep::DecideReview | CaseStep::DecideRecheck
                );
                let routing = matches!(step, CaseStep::Accept | CaseStep::Transfer);
                let when = if routing { end.first_at } else { closed_at };
                store.set_time(TimeSource::Fixed(when));
                let input = CaseStepInput {
                    unit: end.unit.clone(),
                    text: match step {
                        CaseStep::Reply => text.clone(),
                        _ if needs_text => {
                            Some(text.clone().unwrap_or_else(|| "见原登记簿".to_string()))
                        }
                        _ => None,
                    },
                    ..Default::default()
                };
                status = store.case_step(officer, &case_no, step, &input)?;
                // The register is the office's record that its decisions went out;
                // how each was told it does not say.
                if let Some(kind) = NoticeKind::for_decision(step.event_kind()) {
                    let via = NoticeVia::Register;
                    let notice = crate::store::Notice {
                        kind,
                        via,
                        date: None,
                    };
                    store.notify(officer, &case_no, &notice)?;
                }
            }
            report.closed_cases += u64::from(!status.is_open());
        }
        Ok(())
    }
}
