//! Moving a case along its lifecycle, assigning, extending and annotating it: the
//! rules of `domain::lifecycle` run here, once, over the backend's primitives.

use super::Store;
use crate::domain::assigned::{assign_down_due, check_objection};
use crate::domain::lifecycle::{apply_step, check_annotation, AnnotationError, CaseStep};
use crate::domain::requests::{check_request, window_closes, window_of};
use crate::domain::{CaseStatus, EventKind};
use crate::store::error::{Result, StoreError};
use crate::store::port::{canonical_case_no, CaseChange, CaseState, MatterState, Tx};
use crate::store::records::CaseStepInput;
use crate::text::{clean_input, clean_multiline};
use crate::time::stamp;
use serde_json::json;

/// The day the matter last went out to a unit (转送 or 交办).
fn sent_on(m: &MatterState) -> Option<chrono::NaiveDate> {
    m.steps
        .iter()
        .rev()
        .find(|(k, _)| matches!(k, EventKind::Transfer | EventKind::AssignDown))
        .map(|(_, on)| *on)
}

fn case_state(tx: &mut dyn Tx, case_no: &str) -> Result<CaseState> {
    tx.case_state(case_no)?
        .ok_or_else(|| StoreError::NotFound(format!("no case {case_no} on record")))
}

/// A case's status shows on its people's lookup rows: mark them changed.
fn touch_case_people(tx: &mut dyn Tx, case_id: i64) -> Result<()> {
    for id in tx.case_people(case_id)? {
        tx.touch_person(id)?;
    }
    Ok(())
}

impl Store {
    /// Moves a case one step along its lifecycle, on the record.
    pub fn case_step(
        &mut self,
        officer: &str,
        case_no: &str,
        step: CaseStep,
        input: &CaseStepInput,
    ) -> Result<CaseStatus> {
        let no = canonical_case_no(case_no)?;
        let at = stamp(self.now());
        let today = self.today();
        let clocks = self.rules.clocks.clone();
        let text = input
            .text
            .as_deref()
            .map(clean_multiline)
            .filter(|t| !t.is_empty());
        if let Some(t) = &text {
            crate::text::check_length(t, crate::domain::intake::MAX_MATTER_CHARS, "text")
                .map_err(StoreError::Invalid)?;
        }
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            super::shifts::check_on_duty(tx, officer_id, officer)?;
            let case = case_state(tx, &no)?;
            if let Some(into) = tx.matter_state(case.id)?.merged_into {
                return Err(AnnotationError::Merged(into).into());
            }
            let next = apply_step(case.status, step)?;
            let mut detail = json!({ "from": case.status.code(), "to": next.code() });
            if input.due.is_some() && step != CaseStep::AssignDown {
                return Err(StoreError::Invalid(
                    "only a 交办 (assign-down) carries a deadline; a transfer (转送) does not"
                        .into(),
                ));
            }
            if step == CaseStep::AssignDown {
                let due =
                    assign_down_due(input.due, today, clocks.handle_days, clocks.working_days)?;
                detail["sent_on"] = json!(today);
                detail["due"] = json!(due);
                detail["report_required"] = json!(true);
            }
            if let Some(window) = window_of(step) {
                let steps = tx.matter_state(case.id)?.steps;
                let closes = window_closes(&steps, window, &clocks);
                let reason = input.late_reason.as_deref().map(clean_multiline);
                if check_request(closes, today, reason.as_deref())? {
                    detail["late"] = json!(true);
                    detail["window_closed"] = json!(closes);
                    detail["late_reason"] = json!(reason);
                }
            }
            if step == CaseStep::Objection {
                let sent_on = sent_on(&tx.matter_state(case.id)?).ok_or_else(|| {
                    StoreError::Invalid("the case was never sent to a unit".into())
                })?;
                check_objection(sent_on, today, text.as_deref().unwrap_or(""))?;
            }
            if matches!(step, CaseStep::Transfer | CaseStep::AssignDown) {
                let unit = input
                    .unit
                    .as_deref()
                    .filter(|u| !u.trim().is_empty())
                    .ok_or_else(|| {
                        StoreError::Invalid(
                            "a transfer needs the receiving unit (--unit NAME)".into(),
                        )
                    })?;
                let unit_id = tx.unit_id(unit)?;
                tx.update_case(
                    case.id,
                    &CaseChange {
                        unit_id: Some(unit_id),
                        ..Default::default()
                    },
                )?;
                detail["unit"] = json!(clean_input(unit));
            }
            if matches!(
                step,
                CaseStep::NotAccept | CaseStep::DecideReview | CaseStep::DecideRecheck
            ) && text.is_none()
            {
                return Err(StoreError::Invalid(format!(
                    "{} needs its reason or decision in writing: add --text \"...\"",
                    step.code().replace('_', "-")
                )));
            }
            if let Some(t) = &text {
                detail["text"] = json!(t);
            }
            match input.outcome {
                Some(o) if step == CaseStep::Reply => detail["outcome"] = json!(o.code()),
                Some(_) => {
                    return Err(StoreError::Invalid(
                        "only a reply (答复) records an outcome (--outcome)".into(),
                    ))
                }
                None => {}
            }
            tx.update_case(
                case.id,
                &CaseChange {
                    status: Some(next),
                    updated_at: Some(&at),
                    ..Default::default()
                },
            )?;
            tx.append_event(
                case.id,
                &at,
                officer_id,
                step.event_kind(),
                &detail,
                &clocks,
            )?;
            touch_case_people(tx, case.id)?;
            Ok(next)
        })
    }

    /// Names the handler and/or the handling unit. The first officer never changes.
    pub fn assign(
        &mut self,
        officer: &str,
        case_no: &str,
        handler: Option<&str>,
        unit: Option<&str>,
    ) -> Result<()> {
        if handler.is_none() && unit.is_none() {
            return Err(StoreError::Invalid(
                "name a handler (--to OFFICER) or a unit (--unit UNIT) to assign".into(),
            ));
        }
        let no = canonical_case_no(case_no)?;
        let at = stamp(self.now());
        let clocks = self.rules.clocks.clone();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            super::shifts::check_on_duty(tx, officer_id, officer)?;
            let case = case_state(tx, &no)?;
            check_annotation(case.status)?;
            let mut detail = json!({});
            let mut change = CaseChange {
                updated_at: Some(&at),
                ..Default::default()
            };
            // Naming the handler or unit the case already has changes nothing, and
            // so writes nothing: the timeline records changes, not re-picks.
            if let Some(h) = handler {
                let id = super::roster::case_worker_id(tx, h)?;
                if case.handler_id != Some(id) {
                    change.handler_id = Some(id);
                    detail["handler"] = json!(clean_input(h));
                }
            }
            if let Some(u) = unit {
                let id = tx.unit_id(u)?;
                if case.unit_id != Some(id) {
                    change.unit_id = Some(id);
                    detail["unit"] = json!(clean_input(u));
                }
            }
            if change.handler_id.is_none() && change.unit_id.is_none() {
                return Ok(());
            }
            tx.update_case(case.id, &change)?;
            tx.append_event(
                case.id,
                &at,
                officer_id,
                EventKind::Assign,
                &detail,
                &clocks,
            )?;
            Ok(())
        })
    }

    /// Extends the handling clock once, by at most the configured days, with a
    /// reason and no approver on record (see `extend_approved`).
    pub fn extend(&mut self, officer: &str, case_no: &str, days: u32, reason: &str) -> Result<()> {
        let e = super::Extension {
            days,
            reason: reason.to_string(),
            approved_by: None,
            via: None,
        };
        self.extend_approved(officer, case_no, &e)
    }

    /// A free note, a supervision (督办) or a link to another case, on an open case.
    pub fn annotate(
        &mut self,
        officer: &str,
        case_no: &str,
        kind: EventKind,
        text: &str,
    ) -> Result<()> {
        if !matches!(
            kind,
            EventKind::Note | EventKind::Supervise | EventKind::Link
        ) {
            return Err(StoreError::Invalid(format!(
                "{} is not an annotation",
                kind.code()
            )));
        }
        let no = canonical_case_no(case_no)?;
        let text = clean_multiline(text);
        if text.is_empty() {
            return Err(StoreError::Invalid("the note is empty".into()));
        }
        crate::text::check_length(&text, crate::domain::intake::MAX_MATTER_CHARS, "note")
            .map_err(StoreError::Invalid)?;
        let at = stamp(self.now());
        let clocks = self.rules.clocks.clone();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            super::shifts::check_on_duty(tx, officer_id, officer)?;
            let case = case_state(tx, &no)?;
            check_annotation(case.status)?;
            let mut detail = json!({ "text": text });
            if kind == EventKind::Link {
                let other = canonical_case_no(&text)?;
                let other_case = case_state(tx, &other)?;
                if other_case.id == case.id {
                    return Err(StoreError::Invalid(format!(
                        "case {no} cannot be linked to itself; name another case"
                    )));
                }
                if tx.has_link(case.id, &other)? {
                    return Err(StoreError::Invalid(format!(
                        "case {no} is already linked to {other}; nothing to do"
                    )));
                }
                detail = json!({ "case_no": other });
                // Links are two-way: the other matter's timeline shows it too.
                tx.append_event(
                    other_case.id,
                    &at,
                    officer_id,
                    EventKind::Link,
                    &json!({ "case_no": no, "back": true }),
                    &clocks,
                )?;
            }
            tx.update_case(
                case.id,
                &CaseChange {
                    updated_at: Some(&at),
                    ..Default::default()
                },
            )?;
            tx.append_event(case.id, &at, officer_id, kind, &detail, &clocks)?;
            Ok(())
        })
    }
}
