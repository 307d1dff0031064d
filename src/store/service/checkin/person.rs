//! Who the check-in is about: the acting officer on duty, the person at the
//! window (found by their ID number or the officer's choice, else put on record
//! with the people they may be), and the visit's representatives.

use super::Visit;
use crate::domain::intake::{Intake, Warning, WarningCode};
use crate::domain::people::{distinct_by_id, similar_address};
use crate::search::name_pinyin;
use crate::store::error::{Result, StoreError};
use crate::store::port::{Likeness, Match, Matching, NewPerson, Tx};
use crate::store::records::Candidate;

/// The person at the window as the record knows them.
pub(super) struct Petitioner {
    pub id: i64,
    /// Put on record by this check-in.
    pub new: bool,
    /// People on record they may be, for the officer to confirm.
    pub candidates: Vec<Candidate>,
}

/// The visit's representatives: the names the contact lists, and the people on
/// record among them (never the petitioner), each once.
pub(super) struct Representatives {
    pub names: Vec<String>,
    pub ids: Vec<i64>,
}

/// The acting officer, refused unless on duty, and the person at the window, with
/// a warning where their ID number is on record under another name and one for
/// each person they may be.
pub(super) fn acting_and_petitioner(
    tx: &mut dyn Tx,
    visit: &Visit<'_>,
    officer: &str,
    warnings: &mut Vec<Warning>,
) -> Result<(i64, Petitioner)> {
    let (intake, chosen, at) = (visit.intake, visit.request.petitioner_id, visit.at);
    let (id_number, like) = person_query(intake, chosen);
    let ((officer_id, duty), matching) =
        tx.acting_and_matching((officer, at), id_number, like.as_ref())?;
    super::super::shifts::on_duty(&duty, officer)?;
    let (petitioner_id, new_petitioner, candidates) = resolve_person(
        tx,
        (intake, Some(matching)),
        chosen,
        (officer_id, at),
        &visit.rules.flags.office_city,
    )?;
    if !new_petitioner && chosen.is_none() {
        let on_record = tx
            .person_state(petitioner_id)?
            .map(|p| p.name)
            .unwrap_or_default();
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
    Ok((
        officer_id,
        Petitioner {
            id: petitioner_id,
            new: new_petitioner,
            candidates,
        },
    ))
}

/// The representatives: the new ones found or put on record as any person is,
/// and with those picked from the record, each one's name in the list of names.
pub(super) fn representatives(
    tx: &mut dyn Tx,
    visit: &Visit<'_>,
    petitioner_id: i64,
    officer_id: i64,
) -> Result<Representatives> {
    let mut names = visit.intake.representatives.clone();
    let mut ids = visit.request.representative_ids.clone();
    for rep in visit.new_reps {
        let (id, ..) = resolve_person(
            tx,
            (rep, None),
            None,
            (officer_id, visit.at),
            &visit.rules.flags.office_city,
        )?;
        ids.push(id);
    }
    let ids = representatives_on_record(tx, &ids, petitioner_id, &mut names)?;
    Ok(Representatives { names, ids })
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
