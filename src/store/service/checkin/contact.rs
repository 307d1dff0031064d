//! The contact itself: its queue or letter number, its row (the principal linked
//! and a walk-in's number drawn with it), and its event on the case's timeline.

use super::Visit;
use crate::domain::intake::Warning;
use crate::domain::numbering::format_letter_no;
use crate::domain::{Channel, EventKind, Flag};
use crate::store::error::Result;
use crate::store::port::{NewContact, Tx};
use chrono::Datelike;
use serde_json::json;

/// The counter of the day's queue, for a walk-in.
pub(super) fn queue_counter(visit: &Visit<'_>) -> Option<String> {
    (visit.intake.channel == Channel::Visit).then(|| format!("queue:{}", visit.today))
}

/// A letter's number, the next of the year.
pub(super) fn letter_no(tx: &mut dyn Tx, visit: &Visit<'_>) -> Result<Option<String>> {
    let year = visit.today.year();
    Ok(match visit.intake.channel {
        Channel::Letter => {
            let seq = tx.next_number(&format!("letter:{year}"))?;
            Some(format_letter_no(year, seq))
        }
        _ => None,
    })
}

/// What the contact's row and event hold beside the visit's own fields.
pub(super) struct Contact<'a> {
    pub petitioner_id: i64,
    pub case_id: i64,
    pub officer_id: i64,
    pub representatives: &'a [String],
    pub flags: &'a [Flag],
    pub warnings: &'a [Warning],
    pub letter_no: Option<&'a str>,
    /// See [`queue_counter`].
    pub queue: Option<&'a str>,
}

/// Writes the contact and its event; returns its id and its queue number.
pub(super) fn write(
    tx: &mut dyn Tx,
    visit: &Visit<'_>,
    contact: &Contact<'_>,
) -> Result<(i64, Option<i64>)> {
    let (intake, imported, at) = (visit.intake, visit.imported, visit.at);
    let flag_codes: Vec<&str> = contact.flags.iter().map(|f| f.code()).collect();
    let (contact_id, queue_no) = tx.insert_principal_contact(
        &NewContact {
            petitioner_id: contact.petitioner_id,
            case_id: contact.case_id,
            channel: intake.channel,
            headcount: intake.headcount,
            representatives: &serde_json::to_string(contact.representatives).unwrap_or_default(),
            matter: &intake.matter,
            flags: &serde_json::to_string(&flag_codes).unwrap_or_default(),
            at,
            officer_id: contact.officer_id,
            queue: None,
            settled: visit.request.settled,
            letter_no: contact.letter_no,
            import_key: imported.import_key.as_deref(),
            time_unknown: imported.time_unknown,
        },
        contact.queue.map(|counter| (visit.today, counter)),
    )?;
    let mut detail = json!({
        "contact_id": contact_id,
        "petitioner_id": contact.petitioner_id,
        "channel": intake.channel.code(),
        "headcount": intake.headcount,
        "representatives": contact.representatives,
        "queue_no": queue_no,
        "letter_no": contact.letter_no,
        "flags": flag_codes,
        "warnings": contact.warnings.iter().map(|w| &w.message).collect::<Vec<_>>(),
    });
    // Absent says the same as null or none, and costs nothing in the
    // millions of contacts a city's record holds (issue 9.5).
    if let Some(fields) = detail.as_object_mut() {
        fields.retain(|_, v| !(v.is_null() || v.as_array().is_some_and(Vec::is_empty)));
    }
    if imported.time_unknown {
        detail["time_unknown"] = json!(true);
    }
    if visit.request.enquiry {
        detail["enquiry"] = json!(true);
    }
    tx.append_event(
        contact.case_id,
        at,
        contact.officer_id,
        EventKind::Contact,
        &detail,
        &visit.rules.clocks,
    )?;
    Ok((contact_id, queue_no))
}
