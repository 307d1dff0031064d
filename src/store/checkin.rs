//! Registering one contact: find or create the person, find or open the case, give a
//! queue or letter number, compute the flags, and put it all on the timeline, in one
//! transaction.

use super::error::{Result, StoreError};
use super::events::append;
use super::history::petitioner_history;
use super::people::touch_person;
use super::registry::officer_id;
use super::{counters, Store};
use crate::domain::flags::{contact_flags, NewContact};
use crate::domain::intake::{
    birth_date_warning, validate, FieldError, FieldProblem, Intake, IntakeInput, Warning,
    WarningCode,
};
use crate::domain::numbering::{format_case_no, format_letter_no};
use crate::domain::{CaseStatus, Channel, EventKind, Flag, Purpose, Role, Source};
use crate::search::name_pinyin;
use crate::time::stamp;
use chrono::Datelike;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Default)]
pub struct CheckIn {
    pub intake: IntakeInput,
    pub purpose: Option<Purpose>,
    pub location: Option<String>,
    pub litigation: bool,
    pub source: Option<Source>,
    /// Join this existing case (then the contact is a repeat visit).
    pub case_no: Option<String>,
    /// Link to this existing person, chosen by the officer.
    pub petitioner_id: Option<i64>,
    /// A past contact entered after the fact (import, demo data): a walk-in is
    /// recorded as already received by the registering officer instead of waiting.
    pub settled: bool,
}

/// What a contact brought in by `jiedai import` carries besides a check-in.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Open the new case under this number (records that already had one) instead
    /// of drawing the next.
    pub open_as: Option<String>,
    /// The fingerprint of the row it came from (`domain::transfer::fingerprint`).
    pub import_key: Option<String>,
    /// Only the date is known: recorded at the start of the day, shown as the date.
    pub time_unknown: bool,
}

/// Someone already on record who may be the same person; never merged silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub petitioner_id: i64,
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckInResult {
    pub contact_id: i64,
    pub petitioner_id: i64,
    pub new_petitioner: bool,
    pub case_id: i64,
    pub case_no: String,
    pub new_case: bool,
    pub channel: Channel,
    pub queue_no: Option<i64>,
    pub letter_no: Option<String>,
    pub flags: Vec<Flag>,
    pub warnings: Vec<String>,
    /// What each of `warnings` is about, in the same order.
    pub warning_codes: Vec<WarningCode>,
    pub candidates: Vec<Candidate>,
    pub arrived_at: String,
}

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
        let intake = validate(&request.intake).map_err(StoreError::Intake)?;
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
        self.write(|tx| {
            let officer_id = officer_id(tx, officer, &at)?;
            let mut warnings = intake.warnings.clone();
            warnings.extend(intake.id.as_ref().and_then(|id| birth_date_warning(id, today)));
            let (petitioner_id, new_petitioner, candidates) =
                resolve_person(tx, &intake, request.petitioner_id, officer_id, &at)?;
            if !new_petitioner && request.petitioner_id.is_none() {
                let on_record: String = tx
                    .prepare_cached("SELECT name FROM petitioners WHERE id = ?1")?
                    .query_row([petitioner_id], |r| r.get(0))?;
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
            let history = petitioner_history(tx, petitioner_id, joined.as_ref().map(|c| c.0), today)?;
            let flags = contact_flags(
                &history,
                &NewContact {
                    channel: intake.channel,
                    headcount: intake.headcount,
                    representatives: intake.representatives.len(),
                    joins_case: joined.as_ref().map(|c| c.0),
                    on: today,
                },
                &rules.flags,
            );
            if flags.contains(&Flag::TooManyRepresentatives) {
                warnings.push(Warning {
                    code: WarningCode::TooManyRepresentatives,
                    message: format!(
                        "{} representatives named; a collective visit elects at most {} (Art. 20)",
                        intake.representatives.len(),
                        rules.flags.max_representatives
                    ),
                });
            }

            let (case_id, case_no, new_case) = match joined {
                Some((id, no, status)) => {
                    if status == CaseStatus::Final {
                        warnings.push(Warning {
                            code: WarningCode::CaseFinal,
                            message: format!(
                                "case {no} is final (终结); the same matter is not accepted again (Art. 36)"
                            ),
                        });
                    }
                    (id, no, false)
                }
                None => {
                    let (id, no) = open_case(tx, &intake, category.as_deref(), request, officer_id, &at, next_case_no(tx, imported.open_as.as_deref(), today.year())?)?;
                    let mut detail = json!({ "case_no": no });
                    if imported.time_unknown {
                        detail["time_unknown"] = json!(true);
                    }
                    append(tx, id, &at, officer_id, EventKind::Registered, &detail, &rules.clocks)?;
                    (id, no, true)
                }
            };
            tx.prepare_cached("INSERT OR IGNORE INTO case_petitioners(case_id, petitioner_id, role) VALUES (?1, ?2, ?3)")?.execute(
                params![case_id, petitioner_id, Role::Principal.code()],
            )?;

            let (queue_no, letter_no) = match intake.channel {
                Channel::Visit => (Some(counters::next(tx, &format!("queue:{today}"))?), None),
                Channel::Letter => {
                    let seq = counters::next(tx, &format!("letter:{}", today.year()))?;
                    (None, Some(format_letter_no(today.year(), seq)))
                }
                _ => (None, None),
            };
            let flag_codes: Vec<&str> = flags.iter().map(|f| f.code()).collect();
            let warning_codes: Vec<WarningCode> = warnings.iter().map(|w| w.code).collect();
            let warnings: Vec<String> = warnings.into_iter().map(|w| w.message).collect();
            tx.prepare_cached("INSERT INTO contacts(petitioner_id, case_id, channel, headcount, representatives, matter,
                                      flags, arrived_at, officer_id, queue_date, queue_no, queue_status, letter_no,
                                      import_key, time_unknown)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")?.execute(
                params![
                    petitioner_id,
                    case_id,
                    intake.channel.code(),
                    intake.headcount,
                    serde_json::to_string(&intake.representatives).unwrap_or_default(),
                    intake.matter,
                    serde_json::to_string(&flag_codes).unwrap_or_default(),
                    at,
                    officer_id,
                    queue_no.map(|_| today.to_string()),
                    queue_no,
                    queue_no.map(|_| if request.settled { "done" } else { "waiting" }),
                    letter_no,
                    imported.import_key,
                    imported.time_unknown,
                ],
            )?;
            let contact_id = tx.last_insert_rowid();
            if request.settled && queue_no.is_some() {
                tx.prepare_cached("UPDATE contacts SET received_by = officer_id, received_at = arrived_at, finished_at = arrived_at
                     WHERE id = ?1")?.execute(
                    [contact_id],
                )?;
            }
            let mut detail = json!({
                    "contact_id": contact_id,
                    "petitioner_id": petitioner_id,
                    "channel": intake.channel.code(),
                    "headcount": intake.headcount,
                    "representatives": intake.representatives,
                    "queue_no": queue_no,
                    "letter_no": letter_no,
                    "flags": flag_codes,
                    "warnings": warnings,
                });
            if imported.time_unknown {
                detail["time_unknown"] = json!(true);
            }
            append(tx, case_id, &at, officer_id, EventKind::Contact, &detail, &rules.clocks)?;
            touch_person(tx, petitioner_id)?;
            tx.prepare_cached("UPDATE cases SET updated_at = ?2 WHERE id = ?1")?.execute( params![case_id, at])?;
            Ok(CheckInResult {
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
                warnings,
                warning_codes,
                candidates,
                arrived_at: at.clone(),
            })
        })
    }
}

/// The same ID number is the same person; a matching phone, or the same name at a
/// similar address, is only a candidate for the officer to confirm.
fn resolve_person(
    tx: &Connection,
    intake: &Intake,
    chosen: Option<i64>,
    officer_id: i64,
    at: &str,
) -> Result<(i64, bool, Vec<Candidate>)> {
    let id_number = intake.id.as_ref().map(|i| i.normalized.clone());
    let by_id: Option<i64> = match &id_number {
        Some(n) => tx
            .prepare_cached("SELECT id FROM petitioners WHERE id_number = ?1")?
            .query_row([n], |r| r.get(0))
            .optional()?,
        None => None,
    };
    if let Some(chosen) = chosen {
        let stored: Option<Option<String>> = tx
            .query_row(
                "SELECT id_number FROM petitioners WHERE id = ?1",
                [chosen],
                |r| r.get(0),
            )
            .optional()?;
        let Some(stored_id) = stored else {
            return Err(StoreError::NotFound(format!(
                "no person #{chosen} on record"
            )));
        };
        if let (Some(stored), Some(given)) = (&stored_id, &id_number) {
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
    let candidates = candidates(tx, intake)?;
    let py = name_pinyin(&intake.name);
    tx.prepare_cached("INSERT INTO petitioners(name, id_number, id_checksum_ok, phone, address, pinyin, initials, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?.execute(
        params![
            intake.name,
            id_number,
            intake.id.as_ref().is_none_or(|i| i.checksum_ok),
            intake.phone,
            intake.address,
            py.full,
            py.initials,
            at,
            officer_id
        ],
    )?;
    Ok((tx.last_insert_rowid(), true, candidates))
}

/// A returning person may bring a phone or address we did not have; a new phone
/// replaces the old one, since that is how we would call them back today.
fn fill_missing(tx: &Connection, id: i64, intake: &Intake) -> Result<()> {
    if let Some(phone) = &intake.phone {
        tx.prepare_cached("UPDATE petitioners SET phone = ?2 WHERE id = ?1")?
            .execute(params![id, phone])?;
    }
    if let Some(address) = &intake.address {
        tx.prepare_cached("UPDATE petitioners SET address = ?2 WHERE id = ?1")?
            .execute(params![id, address])?;
    }
    if let Some(idn) = &intake.id {
        tx.prepare_cached("UPDATE petitioners SET id_number = ?2, id_checksum_ok = ?3 WHERE id = ?1 AND id_number IS NULL")?.execute(
            params![id, idn.normalized, idn.checksum_ok],
        )?;
    }
    Ok(())
}

fn candidates(tx: &Connection, intake: &Intake) -> Result<Vec<Candidate>> {
    let mut out: Vec<Candidate> = Vec::new();
    if let Some(phone) = &intake.phone {
        let mut stmt =
            tx.prepare_cached("SELECT id, name FROM petitioners WHERE phone = ?1 LIMIT 5")?;
        for row in stmt.query_map([phone], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })? {
            let (petitioner_id, name) = row?;
            out.push(Candidate {
                petitioner_id,
                name,
                reason: "same phone".into(),
            });
        }
    }
    let mut stmt =
        tx.prepare_cached("SELECT id, name, address FROM petitioners WHERE name = ?1 LIMIT 20")?;
    let rows = stmt.query_map([&intake.name], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (petitioner_id, name, address) = row?;
        if out.iter().any(|c| c.petitioner_id == petitioner_id) {
            continue;
        }
        let similar = match (&intake.address, &address) {
            (Some(a), Some(b)) => similar_address(a, b),
            _ => false,
        };
        if similar {
            out.push(Candidate {
                petitioner_id,
                name,
                reason: "same name, similar address".into(),
            });
        }
    }
    Ok(out)
}

/// Addresses written by different officers differ in detail; sharing most of the
/// leading characters (city, district, street) is what matters.
fn similar_address(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    shorter > 0 && (common * 3 >= shorter * 2 || common >= 8)
}

/// Categories come from the office's two-level list and are stored as `一级` or
/// `一级/二级`; a second-level name alone is found under its parent.
fn resolve_category(tx: &Connection, raw: &str) -> Result<String> {
    let raw = raw.replace('／', "/");
    let parts: Vec<&str> = raw
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let exists = |parent: &str, name: &str| -> Result<bool> {
        Ok(tx
            .prepare_cached("SELECT 1 FROM categories WHERE parent = ?1 AND name = ?2")?
            .query_row([parent, name], |_| Ok(()))
            .optional()?
            .is_some())
    };
    let unknown = || {
        StoreError::Invalid(format!(
            "category: unknown category {}; `jiedai category list` shows them, `jiedai category add` adds one",
            crate::text::excerpt(&raw, 40)
        ))
    };
    match parts.as_slice() {
        [top] if exists("", top)? => Ok(top.to_string()),
        [sub] => {
            let parents: Vec<String> = tx
                .prepare_cached("SELECT parent FROM categories WHERE name = ?1 AND parent <> ''")?
                .query_map([sub], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            match parents.as_slice() {
                [parent] => Ok(format!("{parent}/{sub}")),
                [] => Err(unknown()),
                _ => Err(StoreError::Invalid(format!(
                    "category: {sub:?} is under {}; write it as PARENT/{sub}",
                    parents.join(", ")
                ))),
            }
        }
        [top, sub] if exists(top, sub)? => Ok(format!("{top}/{sub}")),
        _ => Err(unknown()),
    }
}

fn find_case(tx: &Connection, case_no: &str) -> Result<(i64, String, CaseStatus)> {
    let no = super::cases::canonical_case_no(case_no)?;
    let row: Option<(i64, String)> = tx
        .query_row(
            // Final and then archived is still final (Art. 36), as in the history.
            "SELECT c.id,
                    CASE WHEN c.status = 'archived' AND EXISTS (SELECT 1 FROM events e
                              WHERE e.case_id = c.id AND e.kind = 'decide_recheck')
                         THEN 'final' ELSE c.status END
             FROM cases c WHERE c.case_no = ?1",
            [&no],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (id, status) =
        row.ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
    Ok((
        id,
        no,
        CaseStatus::from_code(&status).unwrap_or(CaseStatus::Registered),
    ))
}

/// The number of a new case: the one it already had (an import of records from
/// another jiedai file), or the next of the year not taken by such a case. Imported
/// numbers never move the counter, so a mistyped 2026-999999 cannot push every later
/// case past the six digits a case number has.
fn next_case_no(tx: &Connection, open_as: Option<&str>, year: i32) -> Result<String> {
    if let Some((year, seq)) = open_as.and_then(crate::domain::numbering::parse_case_no) {
        return Ok(format_case_no(year, seq));
    }
    loop {
        let no = format_case_no(year, counters::next(tx, &format!("case:{year}"))?);
        let taken = tx
            .prepare_cached("SELECT 1 FROM cases WHERE case_no = ?1")?
            .query_row([&no], |_| Ok(()))
            .optional()?
            .is_some();
        if !taken {
            return Ok(no);
        }
    }
}

fn open_case(
    tx: &Connection,
    intake: &Intake,
    category: Option<&str>,
    request: &CheckIn,
    officer_id: i64,
    at: &str,
    case_no: String,
) -> Result<(i64, String)> {
    let matter = if intake.matter.is_empty() {
        "（未填写诉求）".to_string()
    } else {
        intake.matter.clone()
    };
    tx.prepare_cached("INSERT INTO cases(case_no, status, matter, category, purpose, location, litigation, source,
                           first_officer_id, handler_id, registered_at, updated_at)
         VALUES (?1, 'registered', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?9)")?.execute(
        params![
            case_no,
            matter,
            category,
            request.purpose.map(|p| p.code()),
            request.location.as_deref().map(crate::text::clean_input),
            request.litigation,
            request.source.unwrap_or(Source::Local).code(),
            officer_id,
            at,
        ],
    )?;
    Ok((tx.last_insert_rowid(), case_no))
}

#[cfg(test)]
mod tests {
    use super::similar_address;

    #[test]
    fn addresses_compare_by_their_leading_part() {
        assert!(similar_address(
            "北京市东城区东华门街道1号",
            "北京市东城区东华门街道2号"
        ));
        assert!(!similar_address("北京市东城区", "上海市浦东新区"));
    }
}
