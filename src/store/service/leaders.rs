//! The leaders' registers, written once above any backend: 包案 (add, close, the
//! leader told), receptions and the people received there, 批示 and 督办 on a
//! case's timeline, and what a 包案 老户's later contact does at intake.

use super::Store;
use crate::domain::leaders::{self as rules, Evidence, LeadersProblem};
use crate::domain::lifecycle::check_annotation;
use crate::domain::EventKind;
use crate::store::error::{Result, StoreError};
use crate::store::leaders::*;
use crate::store::port::{canonical_case_no, CaseChange, Tx};
use crate::text::{check_length, clean_input, clean_multiline};
use crate::time::stamp;
use chrono::NaiveDate;
use serde_json::json;

/// What to make of a 包案 record.
#[derive(Debug, Clone, Default)]
pub struct BaoanInput {
    pub petitioner_id: i64,
    pub leader: String,
    pub unit: String,
    pub plan: String,
    pub target_date: Option<NaiveDate>,
    pub case_no: Option<String>,
    pub keeper: Option<String>,
}

/// A reception to schedule.
#[derive(Debug, Clone, Default)]
pub struct ReceptionInput {
    pub leader: String,
    pub day: Option<NaiveDate>,
    pub time: String,
    pub place: String,
    pub topic: String,
    pub announced: bool,
    pub units: Vec<String>,
    pub kind: Option<rules::ReceptionKind>,
}

pub(super) fn problem(p: LeadersProblem) -> StoreError {
    StoreError::Leaders(p)
}

pub(super) fn text_field(s: &str, max: usize, field: &str) -> Result<String> {
    let s = clean_multiline(s);
    if s.is_empty() {
        return Err(StoreError::Invalid(format!("{field} is empty")));
    }
    check_length(&s, max, field).map_err(StoreError::Invalid)?;
    Ok(s)
}

pub(super) fn case_id(tx: &mut dyn Tx, case_no: &str) -> Result<(i64, String)> {
    let no = canonical_case_no(case_no)?;
    let state = tx
        .case_state(&no)?
        .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
    Ok((state.id, no))
}

/// A leader's word on a case is a change to it, as every case step is.
pub(super) fn touch_case(tx: &mut dyn Tx, case_id: i64, at: &str) -> Result<()> {
    tx.update_case(
        case_id,
        &CaseChange {
            updated_at: Some(at),
            ..Default::default()
        },
    )
}

/// Called inside the check-in's unit of work with the person's 包案 records (as
/// `baoan_of_person` read them in it): every one notes the contact, and a closed
/// one opens again as 复访.
pub(super) fn on_contact(
    tx: &mut dyn Tx,
    records: Vec<crate::store::leaders::BaoanRef>,
    contact_id: i64,
    on: NaiveDate,
    at: &str,
    officer_id: i64,
) -> Result<Option<BaoanNotice>> {
    let mut notice = None;
    for r in records {
        let (state, reopened) = rules::on_contact(r.state);
        if reopened {
            tx.leaders()
                .set_baoan_state(r.id, state, on, None, at, officer_id)?;
        }
        tx.leaders()
            .insert_baoan_hit(r.id, contact_id, at, reopened)?;
        // The newest record names the leader to tell.
        notice = Some(BaoanNotice {
            baoan_id: r.id,
            leader: r.leader,
            reopened,
        });
    }
    Ok(notice)
}

impl Store {
    /// Makes a 包案 record for a person on record.
    pub fn baoan_add(&mut self, officer: &str, input: &BaoanInput) -> Result<BaoanRecord> {
        let plan = text_field(&input.plan, 2000, "plan")?;
        let keeper = input
            .keeper
            .as_deref()
            .map(clean_input)
            .filter(|k| !k.is_empty());
        if let Some(k) = &keeper {
            check_length(k, 50, "keeper").map_err(StoreError::Invalid)?;
        }
        let today = self.today();
        let target = input
            .target_date
            .ok_or_else(|| StoreError::Invalid("--target-date is needed".into()))?;
        rules::check_deadline(target, today).map_err(problem)?;
        let at = stamp(self.now());
        let id = self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            if tx.person_state(input.petitioner_id)?.is_none() {
                return Err(StoreError::NotFound(format!(
                    "no person #{} on record",
                    input.petitioner_id
                )));
            }
            let leader_id = tx.leaders().leader_id(&input.leader)?;
            let unit_id = tx.unit_id(&input.unit)?;
            let case_id = match &input.case_no {
                Some(no) => Some(case_id(tx, no)?.0),
                None => None,
            };
            tx.leaders().insert_baoan(&NewBaoan {
                petitioner_id: input.petitioner_id,
                leader_id,
                unit_id,
                keeper: keeper.as_deref(),
                plan: &plan,
                target_date: target,
                case_id,
                opened_on: today,
                at: &at,
                officer_id,
            })
        })?;
        self.baoan_record(id)
    }

    fn baoan_record(&self, id: i64) -> Result<BaoanRecord> {
        self.baoan_list(None)?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("no 包案 record #{id}")))
    }

    /// Closes a 包案 record: 息访 with its evidence, or 未化解.
    pub fn baoan_close(
        &mut self,
        officer: &str,
        id: i64,
        date: NaiveDate,
        evidence: Option<Evidence>,
    ) -> Result<BaoanRecord> {
        let today = self.today();
        let at = stamp(self.now());
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let current = tx
                .leaders()
                .baoan_state(id)?
                .ok_or_else(|| StoreError::NotFound(format!("no 包案 record #{id}")))?;
            let state = rules::check_close(
                current.state,
                current.opened_on,
                date,
                today,
                evidence.is_some(),
                evidence,
            )
            .map_err(problem)?;
            tx.leaders()
                .set_baoan_state(id, state, date, evidence, &at, officer_id)
        })?;
        self.baoan_record(id)
    }

    /// Records that the leader was told of the person's latest contacts.
    pub fn baoan_told(&mut self, officer: &str, id: i64) -> Result<usize> {
        let at = stamp(self.now());
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            if tx.leaders().baoan_state(id)?.is_none() {
                return Err(StoreError::NotFound(format!("no 包案 record #{id}")));
            }
            tx.leaders().mark_told(id, &at, officer_id)
        })
    }

    /// Schedules a reception (接访, 下访 or 联合接访).
    pub fn reception_add(&mut self, officer: &str, input: &ReceptionInput) -> Result<Reception> {
        let time = rules::parse_time(&input.time).map_err(problem)?;
        let place = text_field(&input.place, 200, "place")?;
        let topic = text_field(&input.topic, 500, "topic")?;
        let units: Vec<String> = input
            .units
            .iter()
            .map(|u| clean_input(u))
            .filter(|u| !u.is_empty())
            .collect();
        let day = input
            .day
            .ok_or_else(|| StoreError::Invalid("--date is needed".into()))?;
        let kind = input.kind.unwrap_or(rules::ReceptionKind::Reception);
        let at = stamp(self.now());
        let id = self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let leader_id = tx.leaders().leader_id(&input.leader)?;
            for u in &units {
                tx.unit_id(u)?;
            }
            tx.leaders().insert_reception(&NewReception {
                leader_id,
                day,
                time: &time,
                place: &place,
                topic: &topic,
                announced: input.announced,
                units: &serde_json::to_string(&units).unwrap_or_default(),
                kind,
                at: &at,
                officer_id,
            })
        })?;
        self.receptions(day, day)?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("no reception #{id}")))
    }

    /// Records a leader's 批示 on a case, verbatim, on its timeline.
    pub fn instruct(
        &mut self,
        officer: &str,
        case_no: &str,
        leader: &str,
        text: &str,
    ) -> Result<()> {
        let text = text_field(text, 4000, "instruction")?;
        let at = stamp(self.now());
        let clocks = self.rules.clocks.clone();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let (case, _) = case_id(tx, case_no)?;
            tx.leaders().leader_id(leader)?;
            let detail = json!({ "leader": clean_input(leader), "text": text });
            tx.append_event(case, &at, officer_id, EventKind::Instruct, &detail, &clocks)?;
            touch_case(tx, case, &at)?;
            Ok(())
        })
    }

    /// Issues a 督办单 on an open case: its number and deadline, on the timeline.
    pub fn supervise(
        &mut self,
        officer: &str,
        case_no: &str,
        doc_no: &str,
        deadline: NaiveDate,
        text: Option<&str>,
    ) -> Result<Supervision> {
        let doc_no = clean_input(doc_no);
        if doc_no.is_empty() {
            return Err(StoreError::Invalid("--doc-no is empty".into()));
        }
        check_length(&doc_no, 60, "doc-no").map_err(StoreError::Invalid)?;
        let text = text.map(|t| text_field(t, 4000, "text")).transpose()?;
        rules::check_deadline(deadline, self.today()).map_err(problem)?;
        let at = stamp(self.now());
        let clocks = self.rules.clocks.clone();
        let id = self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let no = canonical_case_no(case_no)?;
            let case = tx
                .case_state(&no)?
                .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
            check_annotation(case.status)?;
            let id = tx.leaders().insert_supervision(
                case.id,
                &doc_no,
                deadline,
                text.as_deref(),
                &at,
                officer_id,
            )?;
            let mut detail = json!({ "doc_no": doc_no, "deadline": deadline.to_string() });
            if let Some(t) = &text {
                detail["text"] = json!(t);
            }
            tx.append_event(
                case.id,
                &at,
                officer_id,
                EventKind::Supervise,
                &detail,
                &clocks,
            )?;
            touch_case(tx, case.id, &at)?;
            Ok(id)
        })?;
        self.supervision(id)
    }

    /// Records the result of the case's open 督办.
    pub fn supervise_result(
        &mut self,
        officer: &str,
        case_no: &str,
        result: &str,
    ) -> Result<Supervision> {
        let result = text_field(result, 4000, "result")?;
        let at = stamp(self.now());
        let clocks = self.rules.clocks.clone();
        let id = self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let (case, no) = case_id(tx, case_no)?;
            let (id, doc_no) = tx
                .leaders()
                .open_supervision(case)?
                .ok_or_else(|| problem(LeadersProblem::AlreadyAnswered(no.clone())))?;
            tx.leaders()
                .answer_supervision(id, &result, &at, officer_id)?;
            let detail = json!({ "doc_no": doc_no, "text": result });
            tx.append_event(
                case,
                &at,
                officer_id,
                EventKind::SuperviseResult,
                &detail,
                &clocks,
            )?;
            Ok(id)
        })?;
        self.supervision(id)
    }

    fn supervision(&self, id: i64) -> Result<Supervision> {
        self.supervisions(false)?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("no 督办 #{id}")))
    }
}
