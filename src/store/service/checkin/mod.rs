//! Registering one contact: find or create the person, find or open the case, give
//! a queue or letter number, compute the flags, and put it all on the timeline, in
//! one unit of work. The rules run here, once, over the backend's primitives.
//!
//! The fields are checked before the record is read ([`checked_fields`],
//! [`matter_terms`]); then [`register`] runs the steps in the order they read and
//! write the record: the acting officer and the person at the window
//! (`person.rs`), the case it joins (`case.rs`), the representatives, the flags
//! (`flags.rs`), the case it goes on, and the contact with its event (`contact.rs`).

mod case;
mod contact;
mod flags;
mod person;

use super::Store;
use crate::domain::assigned::{upper_terms, UpperTerms};
use crate::domain::intake::{
    birth_date_warning, validate, FieldError, FieldProblem, Intake, MAX_ADDRESS_CHARS,
};
use crate::domain::{Role, Source};
use crate::store::error::{Result, StoreError};
use crate::store::port::{CaseChange, Rules, Tx};
use crate::store::records::{CheckIn, CheckInResult, Imported, Warnings};
use crate::store::risk_port::RiskIntake;
use crate::time::stamp;
use chrono::NaiveDate;

impl Store {
    pub fn check_in(&mut self, officer: &str, request: &CheckIn) -> Result<CheckInResult> {
        self.check_in_imported(officer, request, &Imported::default())
    }

    /// A check-in from an import row (see [`Imported`]).
    pub fn check_in_imported(
        &mut self,
        officer: &str,
        request: &CheckIn,
        imported: &Imported,
    ) -> Result<CheckInResult> {
        self.check_in_full(officer, request, imported, &RiskIntake::default())
    }

    /// A check-in with what intake knows of the contact's level and places (越级访).
    pub fn check_in_with(
        &mut self,
        officer: &str,
        request: &CheckIn,
        risk: &RiskIntake,
    ) -> Result<CheckInResult> {
        self.check_in_full(officer, request, &Imported::default(), risk)
    }

    /// What saving this check-in would give (flags, warnings, the screening items
    /// it matches, whether the plan is proposed), worked out by the same unit of
    /// work and then rolled back: the form shows it before the officer saves, and
    /// it cannot differ from what saving says.
    pub fn check_in_preview(
        &mut self,
        officer: &str,
        request: &CheckIn,
        risk: &RiskIntake,
    ) -> Result<CheckInResult> {
        let mut kept = None;
        let done = self.check_in_inner(
            officer,
            request,
            &Imported::default(),
            risk,
            Some(&mut kept),
        );
        match kept {
            Some(result) => Ok(result),
            None => done,
        }
    }

    /// A check-in with both: an import row's terms and what intake knows of the
    /// contact's level and places (the demo's dated collective visits).
    pub fn check_in_full(
        &mut self,
        officer: &str,
        request: &CheckIn,
        imported: &Imported,
        risk: &RiskIntake,
    ) -> Result<CheckInResult> {
        self.check_in_inner(officer, request, imported, risk, None)
    }

    fn check_in_inner(
        &mut self,
        officer: &str,
        request: &CheckIn,
        imported: &Imported,
        risk: &RiskIntake,
        mut preview: Option<&mut Option<CheckInResult>>,
    ) -> Result<CheckInResult> {
        let (intake, new_reps) = checked_fields(request)?;
        let now = self.now();
        let at = stamp(now);
        let today = now.date_naive();
        let rules = self.rules.clone();
        let keys_now = self.keys_now();
        let source = request.source.unwrap_or(Source::Local);
        let upper = matter_terms(request, source, today, &rules)?;
        let visit = Visit {
            request,
            imported,
            intake: &intake,
            new_reps: &new_reps,
            at: &at,
            today,
            rules: &rules,
            source,
            upper: upper.as_ref(),
        };
        self.write(|tx| {
            let result = register(tx, &visit, officer, risk, keys_now)?;
            if let Some(kept) = preview.as_deref_mut() {
                // A preview: keep what saving would say, and roll it all back.
                *kept = Some(result);
                return Err(StoreError::Invalid("preview only".into()));
            }
            Ok(result)
        })
    }
}

/// One check-in as every step of its unit of work reads it: the request, its
/// fields as intake checked them, and when and under which rules it happens.
struct Visit<'a> {
    request: &'a CheckIn,
    imported: &'a Imported,
    intake: &'a Intake,
    /// The representatives not on record yet, checked as intake checks a person.
    new_reps: &'a [Intake],
    /// The moment as the record writes it.
    at: &'a str,
    today: NaiveDate,
    rules: &'a Rules,
    /// Where a new matter comes from, and the upper office's terms when from above.
    source: Source,
    upper: Option<&'a UpperTerms>,
}

/// The unit of work: each step in the order it reads and writes the record. A
/// backend may run it again after a serialization failure, so everything it
/// gathers (the warnings first) starts here.
fn register(
    tx: &mut dyn Tx,
    visit: &Visit<'_>,
    officer: &str,
    risk: &RiskIntake,
    keys_now: bool,
) -> Result<CheckInResult> {
    let (intake, today, at) = (visit.intake, visit.today, visit.at);
    let mut warnings = intake.warnings.clone();
    warnings.extend(
        intake
            .id
            .as_ref()
            .and_then(|id| birth_date_warning(id, today)),
    );
    let (officer_id, petitioner) =
        person::acting_and_petitioner(tx, visit, officer, &mut warnings)?;
    let category = match &intake.category {
        Some(c) => Some(case::resolve_category(tx, c)?),
        None => None,
    };
    let joined = match &visit.request.case_no {
        Some(no) => Some(case::find_case(tx, no)?),
        None => None,
    };
    let joining = joined.as_ref().map(|c| c.id);
    let reps = person::representatives(tx, visit, petitioner.id, officer_id)?;
    let mut flagging = flags::on_arrival(tx, visit, &petitioner, &reps, joining, &mut warnings)?;
    let case = case::for_contact(
        tx,
        visit,
        joined,
        category.as_deref(),
        officer_id,
        &mut warnings,
    )?;
    // The principal is linked, and a walk-in's number drawn, with the contact
    // itself (`insert_principal_contact`), below.
    for &rep in &reps.ids {
        tx.link_person(case.id, rep, Role::Representative)?;
    }
    let queue = contact::queue_counter(visit);
    let letter_no = contact::letter_no(tx, visit)?;
    let found = flags::after_intake(
        tx,
        visit,
        risk,
        petitioner.id,
        &mut flagging,
        joining,
        &mut warnings,
    )?;
    let (contact_id, queue_no) = contact::write(
        tx,
        visit,
        &contact::Contact {
            petitioner_id: petitioner.id,
            case_id: case.id,
            officer_id,
            representatives: &reps.names,
            flags: &flagging.flags,
            warnings: &warnings,
            letter_no: letter_no.as_deref(),
            queue: queue.as_deref(),
        },
    )?;
    let baoan = super::leaders::on_contact(tx, flagging.baoan, contact_id, today, at, officer_id)?;
    super::risk::record(tx, &found, contact_id, case.id, officer_id, at, visit.rules)?;
    for &person in std::iter::once(&petitioner.id).chain(&reps.ids) {
        tx.person_changed(person, keys_now)?;
    }
    if !case.new {
        // A new case was stamped so when it was inserted.
        tx.update_case(
            case.id,
            &CaseChange {
                updated_at: Some(at),
                ..Default::default()
            },
        )?;
    }
    Ok(CheckInResult {
        contact_id,
        petitioner_id: petitioner.id,
        new_petitioner: petitioner.new,
        case_id: case.id,
        case_no: case.no,
        new_case: case.new,
        channel: intake.channel,
        queue_no,
        letter_no,
        flags: flagging.flags,
        warnings: Warnings(warnings),
        candidates: petitioner.candidates,
        arrived_at: at.to_string(),
        baoan,
        screening_matches: found.matches.clone(),
        skip_level: found.skip,
        plan_proposed: found.plan_proposed,
    })
}

/// The petitioner's fields and each new representative's, as intake checks them
/// (a representative's problem named as theirs), and where the problem is (问题
/// 属地) no longer than an address: all before the record is read.
fn checked_fields(request: &CheckIn) -> Result<(Intake, Vec<Intake>)> {
    let intake = validate(&request.intake).map_err(StoreError::Intake)?;
    let new_reps = request
        .new_representatives
        .iter()
        .map(|r| validate(&r.as_intake()).map_err(new_rep_error))
        .collect::<Result<Vec<_>>>()?;
    if let Some(n) = request
        .location
        .as_deref()
        .map(|l| l.chars().count())
        .filter(|n| *n > MAX_ADDRESS_CHARS)
    {
        return Err(StoreError::Intake(FieldError {
            field: "location",
            problem: FieldProblem::TooLong {
                chars: n,
                max: MAX_ADDRESS_CHARS,
            },
        }));
    }
    Ok((intake, new_reps))
}

/// A new representative's field problem, named as theirs.
fn new_rep_error(e: FieldError) -> StoreError {
    let field = match e.field {
        "id_number" => "new_representative.id_number",
        "phone" => "new_representative.phone",
        _ => "new_representative.name",
    };
    StoreError::Intake(FieldError {
        field,
        problem: e.problem,
    })
}

/// The upper office's terms of a new matter from above. Where a matter came from
/// is said when it is registered: a contact joining a case keeps the case's
/// source; and an enquiry is about a case it names.
fn matter_terms(
    request: &CheckIn,
    source: Source,
    today: NaiveDate,
    rules: &Rules,
) -> Result<Option<UpperTerms>> {
    if request.enquiry && request.case_no.is_none() {
        return Err(StoreError::Invalid(
            "an enquiry is about a case on record: name it (--enquiry CASE_NO)".into(),
        ));
    }
    if request.case_no.is_some() {
        if source.from_above() || !request.upper.is_empty() {
            return Err(StoreError::Invalid(
                "where a matter came from is recorded when it is registered; a contact \
                 joining a case keeps the case's source"
                    .into(),
            ));
        }
        return Ok(None);
    }
    Ok(upper_terms(
        source,
        &request.upper,
        today,
        rules.clocks.upper_days,
    )?)
}
