//! Registering one contact: find or create the person, find or open the case, give
//! a queue or letter number, compute the flags, and put it all on the timeline, in
//! one unit of work. The rules run here, once, over the backend's primitives.

use super::Store;
use crate::domain::assigned::upper_terms;
use crate::domain::flags::{contact_flags, NewContact as FlaggedContact};
use crate::domain::history::{petitioner_history, standing_status, PersonFacts};
use crate::domain::intake::{
    birth_date_warning, validate, FieldError, FieldProblem, Intake, Warning, WarningCode,
};
use crate::domain::numbering::{format_case_no, format_letter_no};
use crate::domain::people::{distinct_by_id, similar_address};
use crate::domain::{CaseStatus, Channel, EventKind, Flag, Role, Source};
use crate::search::name_pinyin;
use crate::store::error::{Result, StoreError};
use crate::store::port::{
    canonical_case_no, CaseChange, Likeness, Match, Matching, NewCase, NewContact, NewPerson, Tx,
};
use crate::store::records::Warnings;
use crate::store::records::{Candidate, CheckIn, CheckInResult, Imported};
use crate::store::risk_port::RiskIntake;
use crate::time::stamp;
use chrono::Datelike;
use serde_json::json;

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
            .filter(|n| *n > crate::domain::intake::MAX_ADDRESS_CHARS)
        {
            return Err(StoreError::Intake(FieldError {
                field: "location",
                problem: FieldProblem::TooLong {
                    chars: n,
                    max: crate::domain::intake::MAX_ADDRESS_CHARS,
                },
            }));
        }
        let now = self.now();
        let at = stamp(now);
        let today = now.date_naive();
        let rules = self.rules.clone();
        let keys_now = self.keys_now();
        let source = request.source.unwrap_or(Source::Local);
        if request.enquiry && request.case_no.is_none() {
            return Err(StoreError::Invalid(
                "an enquiry is about a case on record: name it (--enquiry CASE_NO)".into(),
            ));
        }
        let upper = if request.case_no.is_some() {
            if source.from_above() || !request.upper.is_empty() {
                return Err(StoreError::Invalid(
                    "where a matter came from is recorded when it is registered; a contact \
                     joining a case keeps the case's source"
                        .into(),
                ));
            }
            None
        } else {
            upper_terms(source, &request.upper, today, rules.clocks.upper_days)?
        };
        self.write(|tx| {
            let (id_number, like) = person_query(&intake, request.petitioner_id);
            let ((officer_id, duty), matching) =
                tx.acting_and_matching((officer, &at), id_number, like.as_ref())?;
            super::shifts::on_duty(&duty, officer)?;
            let mut warnings = intake.warnings.clone();
            warnings.extend(intake.id.as_ref().and_then(|id| birth_date_warning(id, today)));
            let (petitioner_id, new_petitioner, candidates) =
                resolve_person(
                    tx,
                    (&intake, Some(matching)),
                    request.petitioner_id,
                    (officer_id, &at),
                    &rules.flags.office_city,
                )?;
            if !new_petitioner && request.petitioner_id.is_none() {
                let on_record = tx.person_state(petitioner_id)?.map(|p| p.name).unwrap_or_default();
                if on_record != intake.name {
                    warnings.push(Warning {
                        code: WarningCode::IdNameMismatch,
                        message: format!(
                            "the ID number is on record for {} (#{petitioner_id}), not {}; the \
                             contact is filed under #{petitioner_id}: check the name",
                            crate::text::excerpt(&on_record, 20),
                            crate::text::excerpt(&intake.name, 20)
                        ),
                    });
                }
            }
            for c in &candidates {
                warnings.push(Warning {
                    code: WarningCode::PossiblySamePerson,
                    message: format!(
                        "possibly the same person as #{} {} ({}); link with --petitioner {} if so",
                        c.petitioner_id, c.name, c.reason, c.petitioner_id
                    ),
                });
            }
            let category = match &intake.category {
                Some(c) => Some(resolve_category(tx, c)?),
                None => None,
            };
            let joined = match &request.case_no {
                Some(no) => Some(find_case(tx, no)?),
                None => None,
            };
            let mut rep_names = intake.representatives.clone();
            let mut rep_ids = request.representative_ids.clone();
            for rep in &new_reps {
                let (id, ..) = resolve_person(tx, (rep, None), None, (officer_id, &at), &rules.flags.office_city)?;
                rep_ids.push(id);
            }
            let representatives = representatives_on_record(
                tx,
                &rep_ids,
                petitioner_id,
                &mut rep_names,
            )?;
            // Someone put on record just now has no past to read (a round trip to a
            // server): no contacts, cases, marks or 包案 records yet.
            let first_time = new_petitioner && joined.is_none();
            let facts = if first_time {
                PersonFacts::default()
            } else {
                tx.person_facts(petitioner_id, joined.as_ref().map(|c| c.0))?
            };
            let flagged = FlaggedContact {
                channel: intake.channel,
                headcount: intake.headcount,
                representatives: rep_names.len(),
                joins_case: joined.as_ref().map(|c| c.0),
                on: today,
            };
            let history = petitioner_history(&facts, today);
            let mut flags = contact_flags(&history, &flagged, &rules.flags);
            // A 老户 among the representatives is flagged as if they had come alone.
            for &rep in &representatives {
                let facts = tx.person_facts(rep, joined.as_ref().map(|c| c.0))?;
                let theirs = contact_flags(&petitioner_history(&facts, today), &flagged, &rules.flags);
                if theirs.contains(&Flag::LongStanding) && !flags.contains(&Flag::LongStanding) {
                    flags.push(Flag::LongStanding);
                }
            }
            // Read once: intake's skip-level rule and the records' notes use it too.
            let baoan = if new_petitioner {
                Vec::new()
            } else {
                tx.leaders().baoan_of_person(petitioner_id)?
            };
            if !baoan.is_empty() {
                flags.push(Flag::Baoan);
            }
            if flags.contains(&Flag::TooManyRepresentatives) {
                warnings.push(Warning {
                    code: WarningCode::TooManyRepresentatives,
                    message: format!(
                        "{} representatives named; a collective visit elects at most {} (Art. 20)",
                        rep_names.len(),
                        rules.flags.max_representatives
                    ),
                });
            }

            let (case_id, case_no, new_case) = match &joined {
                Some((id, no, status)) => {
                    if *status == CaseStatus::Final {
                        warnings.push(Warning {
                            code: WarningCode::CaseFinal,
                            message: format!(
                                "case {no} is final (终结); the same matter is not accepted again (Art. 36)"
                            ),
                        });
                    }
                    (*id, no.clone(), false)
                }
                None => {
                    let (id, no) = open_case(
                        tx,
                        &intake,
                        category.as_deref(),
                        request,
                        (officer_id, &at),
                        imported.open_as.as_deref(),
                        today.year(),
                    )?;
                    let mut detail = json!({ "case_no": no });
                    if imported.time_unknown {
                        detail["time_unknown"] = json!(true);
                    }
                    if let Some(t) = &upper {
                        // On the timeline too: the upper clock is derived from it.
                        detail["source"] = json!(source.code());
                        detail["upper"] = json!(t);
                        tx.set_upper(id, source, t)?;
                    }
                    tx.append_event(id, &at, officer_id, EventKind::Registered, &detail, &rules.clocks)?;
                    (id, no, true)
                }
            };
            // The principal is linked, and a walk-in's number drawn, with the
            // contact itself (`insert_principal_contact`), below.
            for &rep in &representatives {
                tx.link_person(case_id, rep, Role::Representative)?;
            }
            let queue = (intake.channel == Channel::Visit).then(|| format!("queue:{today}"));
            let letter_no = match intake.channel {
                Channel::Letter => {
                    let seq = tx.next_number(&format!("letter:{}", today.year()))?;
                    Some(format_letter_no(today.year(), seq))
                }
                _ => None,
            };
            let found = super::risk::intake(
                tx,
                &rules,
                today,
                &super::risk::Arrival {
                    petitioner_id,
                    history: &history,
                    headcount: intake.headcount,
                    collective: flags.contains(&Flag::Collective),
                    address: intake.address.as_deref(),
                    location: request.location.as_deref(),
                    litigation: request.litigation,
                    baoan: !baoan.is_empty(),
                },
                risk,
            )?;
            flags.extend(found.flags.iter().copied());
            warnings.extend(found.warnings.iter().cloned());
            if request.enquiry {
                // Asking how the matter stands is not petitioning again.
                flags.retain(|f| *f != Flag::Repeat);
                flags.push(Flag::Enquiry);
            }
            let from_above = match &joined {
                Some((id, ..)) => tx.matter_state(*id)?.upper.is_some(),
                None => upper.is_some(),
            };
            if from_above {
                flags.push(Flag::FromAbove);
                flags.sort_by_key(|f| Flag::ALL.iter().position(|x| x == f));
            }
            let flag_codes: Vec<&str> = flags.iter().map(|f| f.code()).collect();
            let (contact_id, queue_no) = tx.insert_principal_contact(&NewContact {
                petitioner_id,
                case_id,
                channel: intake.channel,
                headcount: intake.headcount,
                representatives: &serde_json::to_string(&rep_names).unwrap_or_default(),
                matter: &intake.matter,
                flags: &serde_json::to_string(&flag_codes).unwrap_or_default(),
                at: &at,
                officer_id,
                queue: None,
                settled: request.settled,
                letter_no: letter_no.as_deref(),
                import_key: imported.import_key.as_deref(),
                time_unknown: imported.time_unknown,
            }, queue.as_deref().map(|counter| (today, counter)))?;
            let mut contact_detail = json!({
                "contact_id": contact_id,
                "petitioner_id": petitioner_id,
                "channel": intake.channel.code(),
                "headcount": intake.headcount,
                "representatives": rep_names,
                "queue_no": queue_no,
                "letter_no": letter_no,
                "flags": flag_codes,
                "warnings": warnings.iter().map(|w| &w.message).collect::<Vec<_>>(),
            });
            // Absent says the same as null or none, and costs nothing in the
            // millions of contacts a city's record holds (issue 9.5).
            if let Some(fields) = contact_detail.as_object_mut() {
                fields.retain(|_, v| !(v.is_null() || v.as_array().is_some_and(Vec::is_empty)));
            }
            if imported.time_unknown {
                contact_detail["time_unknown"] = json!(true);
            }
            if request.enquiry {
                contact_detail["enquiry"] = json!(true);
            }
            tx.append_event(
                case_id,
                &at,
                officer_id,
                EventKind::Contact,
                &contact_detail,
                &rules.clocks,
            )?;
            let baoan = super::leaders::on_contact(tx, baoan, contact_id, today, &at, officer_id)?;
            super::risk::record(tx, &found, contact_id, case_id, officer_id, &at, &rules)?;
            for &person in std::iter::once(&petitioner_id).chain(&representatives) {
                tx.person_changed(person, keys_now)?;
            }
            if !new_case {
                // A new case was stamped so when it was inserted.
                tx.update_case(case_id, &CaseChange { updated_at: Some(&at), ..Default::default() })?;
            }
            let result = CheckInResult {
                contact_id,
                petitioner_id,
                new_petitioner,
                case_id,
                case_no,
                new_case,
                channel: intake.channel,
                queue_no,
                letter_no,
                flags,
                warnings: Warnings(warnings),
                candidates,
                arrived_at: at.clone(),
                baoan,
                screening_matches: found.matches.clone(),
                skip_level: found.skip,
                plan_proposed: found.plan_proposed,
            };
            if let Some(kept) = preview.as_deref_mut() {
                // A preview: keep what saving would say, and roll it all back.
                *kept = Some(result);
                return Err(StoreError::Invalid("preview only".into()));
            }
            Ok(result)
        })
    }
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

/// The same ID number is the same person; a matching phone, or the same name at a
/// similar address, is only a candidate for the officer to confirm.
/// `matching`: what [`person_query`] found, when it was read already (with the
/// acting officer, in the same round trip).
fn resolve_person(
    tx: &mut dyn Tx,
    (intake, matching): (&Intake, Option<Matching>),
    chosen: Option<i64>,
    (officer_id, at): (i64, &str),
    office_city: &str,
) -> Result<(i64, bool, Vec<Candidate>)> {
    let (id_number, like) = person_query(intake, chosen);
    let matching = match matching {
        Some(m) => m,
        None => tx.people_matching(id_number, like.as_ref())?,
    };
    let by_id = matching.by_id_number;
    if let Some(chosen) = chosen {
        let Some(stored) = tx.person_state(chosen)? else {
            return Err(StoreError::NotFound(format!(
                "no person #{chosen} on record"
            )));
        };
        if let (Some(stored), Some(given)) = (&stored.id_number, id_number) {
            if stored != given {
                return Err(StoreError::Invalid(format!(
                    "person #{chosen} is on record with another ID number; check the number or do not link"
                )));
            }
        }
        if let Some(other) = by_id.filter(|o| *o != chosen) {
            return Err(StoreError::Invalid(format!(
                "ID number already belongs to person #{other}; link to #{other} instead"
            )));
        }
        fill_missing(tx, chosen, intake)?;
        return Ok((chosen, false, Vec::new()));
    }
    if let Some(id) = by_id {
        fill_missing(tx, id, intake)?;
        return Ok((id, false, Vec::new()));
    }
    let candidates = candidates(&matching, intake, office_city);
    let py = name_pinyin(&intake.name);
    let id = tx.insert_person(&NewPerson {
        name: &intake.name,
        id_number,
        id_checksum_ok: intake.id.as_ref().is_none_or(|i| i.checksum_ok),
        phone: intake.phone.as_deref(),
        address: intake.address.as_deref(),
        pinyin: &py.full,
        initials: &py.initials,
        at,
        officer_id,
    })?;
    Ok((id, true, candidates))
}

/// What to ask the record about the person at the window: the holder of their
/// ID number, and for a newcomer (nobody `chosen`) who shares their phone or name;
/// the candidates are read in the same round trip.
fn person_query(intake: &Intake, chosen: Option<i64>) -> (Option<&str>, Option<Likeness<'_>>) {
    let id_number = intake.id.as_ref().map(|i| i.normalized.as_str());
    let like = chosen.is_none().then(|| Likeness {
        phone: intake.phone.as_deref(),
        name: &intake.name,
    });
    (id_number, like)
}

/// A returning person may bring a phone or address we did not have; a new phone
/// replaces the old one, since that is how we would call them back today.
fn fill_missing(tx: &mut dyn Tx, id: i64, intake: &Intake) -> Result<()> {
    tx.update_person(
        id,
        intake.phone.as_deref(),
        intake.address.as_deref(),
        intake
            .id
            .as_ref()
            .map(|i| (i.normalized.as_str(), i.checksum_ok)),
    )
}

fn candidates(matching: &Matching, intake: &Intake, office_city: &str) -> Vec<Candidate> {
    let typed = intake
        .id
        .as_ref()
        .map(|i| (i.normalized.as_str(), i.checksum_ok));
    // Someone on record with another valid ID number is someone else.
    let other_person =
        |m: &Match| distinct_by_id(typed, m.id_number.as_deref().map(|n| (n, m.id_checksum_ok)));
    let mut out: Vec<Candidate> = Vec::new();
    for m in &matching.with_phone {
        if other_person(m) {
            continue;
        }
        out.push(Candidate {
            petitioner_id: m.id,
            name: m.name.clone(),
            reason: "same phone".into(),
        });
    }
    for m in &matching.named {
        if out.iter().any(|c| c.petitioner_id == m.id) {
            continue;
        }
        let similar = match (&intake.address, &m.address) {
            (Some(a), Some(b)) => similar_address(a, b, office_city),
            _ => false,
        };
        if similar && !other_person(m) {
            out.push(Candidate {
                petitioner_id: m.id,
                name: m.name.clone(),
                reason: "same name, similar address".into(),
            });
        }
    }
    out
}

/// The representatives picked from the people on record: each must be on
/// record (and not the petitioner), and each one's name is in the list of names.
fn representatives_on_record(
    tx: &mut dyn Tx,
    ids: &[i64],
    petitioner_id: i64,
    names: &mut Vec<String>,
) -> Result<Vec<i64>> {
    let mut out = Vec::new();
    for &id in ids {
        if id == petitioner_id || out.contains(&id) {
            continue;
        }
        let person = tx
            .person_state(id)?
            .filter(|p| p.merged_into.is_none())
            .ok_or_else(|| {
                StoreError::NotFound(format!("no person #{id} on record to represent the visit"))
            })?;
        if !names.contains(&person.name) {
            names.push(person.name);
        }
        out.push(id);
    }
    Ok(out)
}

/// Categories come from the office's two-level list and are stored as `一级` or
/// `一级/二级`; a second-level name alone is found under its parent.
fn resolve_category(tx: &mut dyn Tx, raw: &str) -> Result<String> {
    let parts = crate::domain::catalog::category_parts(raw);
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let unknown = || {
        StoreError::Invalid(format!(
            "category: unknown category {}; `jiedai category list` shows them, `jiedai category add` adds one",
            crate::text::excerpt(&raw.replace('／', "/"), 40)
        ))
    };
    match parts.as_slice() {
        [top] if tx.category_exists("", top)? => Ok(top.to_string()),
        [sub] => {
            let parents = tx.category_parents(sub)?;
            match parents.as_slice() {
                [parent] => Ok(format!("{parent}/{sub}")),
                [] => Err(unknown()),
                _ => Err(StoreError::Invalid(format!(
                    "category: {sub:?} is under {}; write it as PARENT/{sub}",
                    parents.join(", ")
                ))),
            }
        }
        [top, sub] if tx.category_exists(top, sub)? => Ok(format!("{top}/{sub}")),
        _ => Err(unknown()),
    }
}

/// The case a contact joins, with the status its matter stands at (Art. 36).
fn find_case(tx: &mut dyn Tx, case_no: &str) -> Result<(i64, String, CaseStatus)> {
    let no = canonical_case_no(case_no)?;
    let state = tx
        .case_state(&no)?
        .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
    let status = standing_status(state.status, state.recheck_decided);
    Ok((state.id, no, status))
}

/// The first number from `from` on that no case of `year` holds.
fn first_free_case_seq(tx: &mut dyn Tx, year: i32, from: i64) -> Result<i64> {
    const PAGE: usize = 1000;
    let mut expected = from;
    loop {
        let taken = tx.case_seqs_from(year, expected, PAGE)?;
        for seq in &taken {
            if *seq != expected {
                return Ok(expected);
            }
            expected += 1;
        }
        if taken.len() < PAGE {
            return Ok(expected);
        }
    }
}

/// Puts the new case on record under its number: the one it already had (an
/// import of records from another jiedai file), or the next of the year not taken
/// by such a case. Imported numbers never move the counter, so a mistyped
/// 2026-999999 cannot push every later case past the six digits a case number has.
fn open_case(
    tx: &mut dyn Tx,
    intake: &Intake,
    category: Option<&str>,
    request: &CheckIn,
    (officer_id, at): (i64, &str),
    open_as: Option<&str>,
    year: i32,
) -> Result<(i64, String)> {
    let matter = if intake.matter.is_empty() {
        "（未填写诉求）".to_string()
    } else {
        intake.matter.clone()
    };
    let location = request.location.as_deref().map(crate::text::clean_input);
    let source = request.source.unwrap_or(Source::Local).code();
    let template = NewCase {
        case_no: "",
        matter: &matter,
        category,
        purpose: request.purpose.map(|p| p.code()),
        location: location.as_deref(),
        litigation: request.litigation,
        source,
        officer_id,
        at,
    };
    if let Some((year, seq)) = open_as.and_then(crate::domain::numbering::parse_case_no) {
        let no = format_case_no(year, seq);
        let case = NewCase {
            case_no: &no,
            ..template
        };
        return Ok((tx.insert_case(&case)?, no));
    }
    let counter = format!("case:{year}");
    loop {
        // Drawn and checked in one step: inserted unless a case holds the number.
        let (seq, id) = tx.insert_next_case(&counter, year, &template)?;
        if let Some(id) = id {
            return Ok((id, format_case_no(year, seq)));
        }
        // Taken by a case that came with its number: skip the run of taken numbers
        // at once (after an import of 85,000 cases, one number per round trip kept a
        // first check-in on a server waiting a minute), stopping at the first gap so
        // a stray high number still moves nothing.
        let free = first_free_case_seq(tx, year, seq)?;
        tx.raise_counter(&counter, free - 1)?;
    }
}
