//! Written notices to the petitioner (`notify`), an extension with its approver
//! and notice, and the record of a 登记回执 handed over: the rules of
//! `domain::notices` run here, once, over the backend's primitives.

use super::Store;
use crate::domain::documents::Template;
use crate::domain::lifecycle::{check_extension, AnnotationError};
use crate::domain::notices::{check_notice, NoticeKind, NoticeVia, Step};
use crate::domain::roster::OfficerRole;
use crate::domain::EventKind;
use crate::store::error::{Result, StoreError};
use crate::store::port::{canonical_case_no, CaseChange, Tx};
use crate::text::{clean_input, clean_multiline};
use crate::time::stamp;
use chrono::NaiveDate;
use serde_json::json;

/// A written notice: what it told, how it reached the petitioner, and the day it
/// was given (today when not given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub via: NoticeVia,
    pub date: Option<NaiveDate>,
}

/// An extension of the handling deadline (Art. 32): its days and reason, who
/// approved it, and how the petitioner was told (when they were, at once). The
/// front ends always ask for the approver; a bulk replay of an old register may
/// not know one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub days: u32,
    pub reason: String,
    pub approved_by: Option<String>,
    pub via: Option<NoticeVia>,
}

/// The timeline as the notice rules read it: each step's kind and day, and what
/// a notice told.
fn notice_steps(tx: &mut dyn Tx, case_id: i64) -> Result<Vec<Step>> {
    let m = tx.matter_state(case_id)?;
    Ok(m.steps
        .iter()
        .zip(m.notices.iter().chain(std::iter::repeat(&None)))
        .map(|(&(kind, on), told)| (kind, on, *told))
        .collect())
}

fn open_case(tx: &mut dyn Tx, no: &str) -> Result<crate::store::port::CaseState> {
    let case = tx
        .case_state(no)?
        .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
    if let Some(into) = tx.matter_state(case.id)?.merged_into {
        return Err(AnnotationError::Merged(into).into());
    }
    Ok(case)
}

/// Appends a notice to the timeline, after checking it against it.
fn record_notice(
    tx: &mut dyn Tx,
    case_id: i64,
    (at, officer_id): (&str, i64),
    notice: &Notice,
    today: NaiveDate,
    clocks: &crate::domain::clocks::ClockConfig,
) -> Result<NaiveDate> {
    let on = notice.date.unwrap_or(today);
    let steps = notice_steps(tx, case_id)?;
    check_notice(notice.kind, on, today, &steps).map_err(AnnotationError::Notice)?;
    let detail = json!({ "kind": notice.kind.code(), "via": notice.via.code(), "date": on });
    let kind = EventKind::Notify;
    super::matters::record(tx, case_id, (at, officer_id), kind, &detail, clocks)?;
    Ok(on)
}

/// Only an active officer on the roster approves, and only one in charge.
fn check_approver(tx: &mut dyn Tx, approver: &str) -> Result<()> {
    tx.existing_officer_id(approver)?;
    let in_charge = tx
        .roster_member(approver)?
        .is_some_and(|o| matches!(o.role, OfficerRole::Chief | OfficerRole::Leader));
    if in_charge {
        Ok(())
    } else {
        Err(AnnotationError::ApproverNotInCharge(approver.to_string()).into())
    }
}

impl Store {
    /// Records a written notice to the petitioner; returns the day it was given.
    /// A decision's notice is what lets the route clock stop.
    pub fn notify(&mut self, officer: &str, case_no: &str, notice: &Notice) -> Result<NaiveDate> {
        let no = canonical_case_no(case_no)?;
        let at = stamp(self.now());
        let today = self.today();
        let clocks = self.rules.clocks.clone();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            super::shifts::check_on_duty(tx, officer_id, officer)?;
            let case = open_case(tx, &no)?;
            let on = record_notice(tx, case.id, (&at, officer_id), notice, today, &clocks)?;
            for id in tx.case_people(case.id)? {
                tx.touch_person(id)?;
            }
            Ok(on)
        })
    }

    /// Extends the handling clock once, by at most the configured days, with a
    /// reason and the 科长 or 领导 who approved it; with `via`, the petitioner's
    /// notice of it in the same unit of work.
    pub fn extend_approved(&mut self, officer: &str, case_no: &str, e: &Extension) -> Result<()> {
        let no = canonical_case_no(case_no)?;
        let at = stamp(self.now());
        let today = self.today();
        let rules = self.rules.clocks.clone();
        let reason = clean_multiline(&e.reason);
        let approver = e.approved_by.as_deref().map(clean_input);
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            super::shifts::check_on_duty(tx, officer_id, officer)?;
            let case = open_case(tx, &no)?;
            check_extension(
                case.status,
                case.extended_days > 0,
                e.days,
                rules.max_extension_days,
                &reason,
            )?;
            let mut detail = json!({ "days": e.days, "reason": reason });
            if let Some(approver) = &approver {
                check_approver(tx, approver)?;
                detail["approved_by"] = json!(approver);
            }
            tx.update_case(
                case.id,
                &CaseChange {
                    extended_days: Some(e.days),
                    updated_at: Some(&at),
                    ..Default::default()
                },
            )?;
            tx.append_event(case.id, &at, officer_id, EventKind::Extend, &detail, &rules)?;
            if let Some(via) = e.via {
                let notice = Notice {
                    kind: NoticeKind::Extension,
                    via,
                    date: None,
                };
                record_notice(tx, case.id, (&at, officer_id), &notice, today, &rules)?;
            }
            Ok(())
        })
    }

    /// Records that a 登记回执 or a notice of a case was written out: it carries
    /// the petitioner's matter, so who wrote it, and where, is in the audit log.
    pub fn record_document(
        &mut self,
        officer: &str,
        case_no: &str,
        what: Template,
        file: &str,
    ) -> Result<()> {
        let no = canonical_case_no(case_no)?;
        let at = stamp(self.now());
        let action = match what {
            Template::Receipt => crate::domain::audit::AuditAction::Receipt,
            Template::Notice(_) => crate::domain::audit::AuditAction::Notice,
        };
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            tx.case_state(&no)?
                .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
            tx.audit(
                &at,
                Some(officer_id),
                action,
                &format!("case:{no} file:{file}"),
            )
        })
    }
}

impl crate::store::CaseDetail {
    /// The case's decisions still waiting for their written notice, with the day
    /// of each decision.
    pub fn missing_notices(&self) -> Vec<(NoticeKind, NaiveDate)> {
        let steps: Vec<Step> = self
            .events
            .iter()
            .filter_map(|e| {
                let on = crate::time::parse_instant(&e.at)?.date_naive();
                let told = (e.kind == EventKind::Notify)
                    .then(|| {
                        e.detail
                            .get("kind")?
                            .as_str()
                            .and_then(NoticeKind::from_code)
                    })
                    .flatten();
                Some((e.kind, on, told))
            })
            .collect();
        crate::domain::notices::missing_notices(&steps)
    }

    /// What the latest reply decided, when it says.
    pub fn reply_outcome(&self) -> Option<crate::domain::notices::ReplyOutcome> {
        let reply = self
            .events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Reply)?;
        crate::domain::notices::ReplyOutcome::from_code(reply.detail.get("outcome")?.as_str()?)
    }
}
