//! The case a contact goes on: its category from the office's list, the case it
//! joins (with where its matter stands), or a new one opened under the next free
//! number and registered on its timeline.

use super::Visit;
use crate::domain::history::standing_status;
use crate::domain::intake::{Warning, WarningCode};
use crate::domain::numbering::format_case_no;
use crate::domain::{CaseStatus, EventKind};
use crate::store::error::{Result, StoreError};
use crate::store::port::{canonical_case_no, NewCase, Tx};
use chrono::Datelike;
use serde_json::json;

/// The case a contact joins, with the status its matter stands at (Art. 36).
pub(super) struct Joined {
    pub id: i64,
    pub no: String,
    pub status: CaseStatus,
}

/// The case the contact goes on.
pub(super) struct ContactCase {
    pub id: i64,
    pub no: String,
    /// Opened by this check-in.
    pub new: bool,
}

/// The case the contact goes on: the one it joins (a final one is warned of, Art.
/// 36), or a new one, registered on its timeline with where it came from.
pub(super) fn for_contact(
    tx: &mut dyn Tx,
    visit: &Visit<'_>,
    joined: Option<Joined>,
    category: Option<&str>,
    officer_id: i64,
    warnings: &mut Vec<Warning>,
) -> Result<ContactCase> {
    if let Some(Joined { id, no, status }) = joined {
        if status == CaseStatus::Final {
            warnings.push(Warning {
                code: WarningCode::CaseFinal,
                message: format!(
                    "case {no} is final (终结); the same matter is not accepted again (Art. 36)"
                ),
            });
        }
        return Ok(ContactCase { id, no, new: false });
    }
    let (id, no) = open_case(tx, visit, category, officer_id)?;
    let mut detail = json!({ "case_no": no });
    if visit.imported.time_unknown {
        detail["time_unknown"] = json!(true);
    }
    if let Some(t) = visit.upper {
        // On the timeline too: the upper clock is derived from it.
        detail["source"] = json!(visit.source.code());
        detail["upper"] = json!(t);
        tx.set_upper(id, visit.source, t)?;
    }
    tx.append_event(
        id,
        visit.at,
        officer_id,
        EventKind::Registered,
        &detail,
        &visit.rules.clocks,
    )?;
    Ok(ContactCase { id, no, new: true })
}

/// Categories come from the office's two-level list and are stored as `一级` or
/// `一级/二级`; a second-level name alone is found under its parent.
pub(super) fn resolve_category(tx: &mut dyn Tx, raw: &str) -> Result<String> {
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

/// The case a contact joins, by the number the officer typed.
pub(super) fn find_case(tx: &mut dyn Tx, case_no: &str) -> Result<Joined> {
    let no = canonical_case_no(case_no)?;
    let state = tx
        .case_state(&no)?
        .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
    let status = standing_status(state.status, state.recheck_decided);
    Ok(Joined {
        id: state.id,
        no,
        status,
    })
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
    visit: &Visit<'_>,
    category: Option<&str>,
    officer_id: i64,
) -> Result<(i64, String)> {
    let (intake, request, at) = (visit.intake, visit.request, visit.at);
    let (year, open_as) = (visit.today.year(), visit.imported.open_as.as_deref());
    let matter = if intake.matter.is_empty() {
        "（未填写诉求）".to_string()
    } else {
        intake.matter.clone()
    };
    let location = request.location.as_deref().map(crate::text::clean_input);
    let source = visit.source.code();
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
