//! Steps in the life of a matter that are not lifecycle moves: recording that a
//! registered matter came from above, and the report back (报结) to that office.

use super::Store;
use crate::domain::assigned::{check_report_back, upper_terms, ReportBackFacts, UpperInput};
use crate::domain::initial::check_merge;
use crate::domain::lifecycle::AnnotationError;
use crate::domain::{CaseStatus, EventKind, Source};
use crate::store::error::{Result, StoreError};
use crate::store::port::{canonical_case_no, CaseChange, Tx};
use crate::text::{clean_input, clean_multiline};
use crate::time::stamp;
use chrono::NaiveDate;
use serde_json::json;

/// What a report back says: its text, the number of our report document, and the
/// day it was sent (today when not given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportBack {
    pub text: String,
    pub doc_no: Option<String>,
    pub date: Option<NaiveDate>,
}

impl Store {
    /// Merges a duplicate matter into its original (并案): the duplicate keeps its
    /// number, takes no more steps, its clocks stop, and it leaves the counts of
    /// new matters; both timelines say so.
    pub fn merge_case(
        &mut self,
        officer: &str,
        duplicate: &str,
        original: &str,
        text: Option<&str>,
    ) -> Result<()> {
        let dup_no = canonical_case_no(duplicate)?;
        let orig_no = canonical_case_no(original)?;
        let now = self.now();
        let at = stamp(now);
        let clocks = self.rules.clocks.clone();
        let text = text.map(clean_multiline).filter(|t| !t.is_empty());
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let found = |tx: &mut dyn Tx, no: &str| {
                tx.case_state(no)?
                    .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))
            };
            let dup = found(tx, &dup_no)?;
            let orig = found(tx, &orig_no)?;
            let dup_into = tx.matter_state(dup.id)?.merged_into;
            let orig_into = tx.matter_state(orig.id)?.merged_into;
            check_merge(&dup_no, dup_into.as_deref(), &orig_no, orig_into.as_deref())?;
            crate::domain::lifecycle::check_annotation(dup.status)?;
            tx.set_merged(dup.id, orig.id, now.date_naive())?;
            let mut detail = json!({ "into": orig_no });
            if let Some(t) = &text {
                detail["text"] = json!(t);
            }
            record(
                tx,
                dup.id,
                (&at, officer_id),
                EventKind::Merge,
                &detail,
                &clocks,
            )?;
            let back = json!({ "case_no": dup_no, "back": true, "merged": true });
            record(
                tx,
                orig.id,
                (&at, officer_id),
                EventKind::Link,
                &back,
                &clocks,
            )?;
            for id in tx.case_people(dup.id)? {
                tx.touch_person(id)?;
            }
            Ok(())
        })
    }

    /// Records, right after registration, that a matter came from above: its
    /// source and the upper office's terms (the desk's check-in form leaves them
    /// to this step). Only before the matter is routed, and only once.
    pub fn set_source(
        &mut self,
        officer: &str,
        case_no: &str,
        source: Source,
        input: &UpperInput,
    ) -> Result<()> {
        let no = canonical_case_no(case_no)?;
        let now = self.now();
        let at = stamp(now);
        let clocks = self.rules.clocks.clone();
        if !source.from_above() {
            return Err(AnnotationError::NotFromAbove.into());
        }
        let terms = upper_terms(source, input, now.date_naive(), clocks.upper_days)?
            .ok_or(AnnotationError::NotFromAbove)?;
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let case = tx
                .case_state(&no)?
                .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
            if case.status != CaseStatus::Registered {
                return Err(StoreError::Invalid(format!(
                    "case {no} has been routed already; its source is recorded before it is accepted, transferred or refused"
                )));
            }
            if tx.matter_state(case.id)?.upper.is_some() {
                return Err(StoreError::Invalid(format!(
                    "case {no} already has its source from above on record"
                )));
            }
            tx.set_upper(case.id, source, &terms)?;
            let detail = json!({ "source": source.code(), "upper": terms });
            record(tx, case.id, (&at, officer_id), EventKind::SetSource, &detail, &clocks)?;
            for id in tx.case_people(case.id)? {
                tx.touch_person(id)?;
            }
            Ok(())
        })
    }

    /// Records the report back of a matter from above; it stops the upper clock.
    pub fn report_back(&mut self, officer: &str, case_no: &str, report: &ReportBack) -> Result<()> {
        let no = canonical_case_no(case_no)?;
        let now = self.now();
        let at = stamp(now);
        let today = now.date_naive();
        let date = report.date.unwrap_or(today);
        let text = clean_multiline(&report.text);
        crate::text::check_length(&text, crate::domain::intake::MAX_MATTER_CHARS, "text")
            .map_err(StoreError::Invalid)?;
        let doc_no = report
            .doc_no
            .as_deref()
            .map(clean_input)
            .filter(|d| !d.is_empty());
        let clocks = self.rules.clocks.clone();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let case = tx
                .case_state(&no)?
                .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
            let state = tx.matter_state(case.id)?;
            let facts = ReportBackFacts {
                upper: state.upper.clone(),
                reported_on: state.reported_on,
                kinds: state.steps.iter().map(|(k, _)| *k).collect(),
            };
            check_report_back(&facts, date, today, &text)?;
            tx.set_reported_back(case.id, date)?;
            let mut detail = json!({ "text": text, "date": date });
            if let Some(d) = &doc_no {
                detail["doc_no"] = json!(d);
            }
            if let Some(u) = &state.upper {
                detail["to_office"] = json!(u.from_office);
            }
            record(
                tx,
                case.id,
                (&at, officer_id),
                EventKind::ReportBack,
                &detail,
                &clocks,
            )
        })
    }
}

/// Puts one event of a matter's life on its timeline, touching the case.
pub(super) fn record(
    tx: &mut dyn Tx,
    case_id: i64,
    (at, officer_id): (&str, i64),
    kind: EventKind,
    detail: &serde_json::Value,
    clocks: &crate::domain::clocks::ClockConfig,
) -> Result<()> {
    tx.update_case(
        case_id,
        &CaseChange {
            updated_at: Some(at),
            ..Default::default()
        },
    )?;
    tx.append_event(case_id, at, officer_id, kind, detail, clocks)?;
    Ok(())
}
