//! A check-in's flags: from the person's past and the visit's shape (a 老户
//! among the representatives counting as theirs) and their 包案; then what
//! intake's risk rules find, an enquiry, and a matter from above.

use super::person::{Petitioner, Representatives};
use super::Visit;
use crate::domain::flags::{contact_flags, NewContact as FlaggedContact, PetitionerHistory};
use crate::domain::history::{petitioner_history, PersonFacts};
use crate::domain::intake::{Warning, WarningCode};
use crate::domain::Flag;
use crate::store::error::Result;
use crate::store::leaders::BaoanRef;
use crate::store::port::Tx;
use crate::store::risk_port::RiskIntake;

/// The flags so far, with what the later steps read of the person.
pub(super) struct Flagging {
    pub flags: Vec<Flag>,
    pub history: PetitionerHistory,
    /// The person's 包案 records, read once: intake's skip-level rule and the
    /// contact's notes use them too.
    pub baoan: Vec<BaoanRef>,
}

/// The flags of the person's past and the visit's shape, and 包案; a warning
/// where a collective visit names more representatives than it may elect.
pub(super) fn on_arrival(
    tx: &mut dyn Tx,
    visit: &Visit<'_>,
    petitioner: &Petitioner,
    reps: &Representatives,
    joining: Option<i64>,
    warnings: &mut Vec<Warning>,
) -> Result<Flagging> {
    let (intake, today, rules) = (visit.intake, visit.today, visit.rules);
    // Someone put on record just now has no past to read (a round trip to a
    // server): no contacts, cases, marks or 包案 records yet.
    let first_time = petitioner.new && joining.is_none();
    let facts = if first_time {
        PersonFacts::default()
    } else {
        tx.person_facts(petitioner.id, joining)?
    };
    let flagged = FlaggedContact {
        channel: intake.channel,
        headcount: intake.headcount,
        representatives: reps.names.len(),
        joins_case: joining,
        on: today,
    };
    let history = petitioner_history(&facts, today);
    let mut flags = contact_flags(&history, &flagged, &rules.flags);
    // A 老户 among the representatives is flagged as if they had come alone.
    for &rep in &reps.ids {
        let facts = tx.person_facts(rep, joining)?;
        let theirs = contact_flags(&petitioner_history(&facts, today), &flagged, &rules.flags);
        if theirs.contains(&Flag::LongStanding) && !flags.contains(&Flag::LongStanding) {
            flags.push(Flag::LongStanding);
        }
    }
    let baoan = if petitioner.new {
        Vec::new()
    } else {
        tx.leaders().baoan_of_person(petitioner.id)?
    };
    if !baoan.is_empty() {
        flags.push(Flag::Baoan);
    }
    if flags.contains(&Flag::TooManyRepresentatives) {
        warnings.push(Warning {
            code: WarningCode::TooManyRepresentatives,
            message: format!(
                "{} representatives named; a collective visit elects at most {} (Art. 20)",
                reps.names.len(),
                rules.flags.max_representatives
            ),
        });
    }
    Ok(Flagging {
        flags,
        history,
        baoan,
    })
}

/// What intake's risk rules find (their flags and warnings join the contact's),
/// then an enquiry, which is no repeat petition, and a matter from above.
pub(super) fn after_intake(
    tx: &mut dyn Tx,
    visit: &Visit<'_>,
    risk: &RiskIntake,
    petitioner_id: i64,
    flagging: &mut Flagging,
    joining: Option<i64>,
    warnings: &mut Vec<Warning>,
) -> Result<super::super::risk::Found> {
    let (intake, request) = (visit.intake, visit.request);
    let flags = &mut flagging.flags;
    let found = super::super::risk::intake(
        tx,
        visit.rules,
        visit.today,
        &super::super::risk::Arrival {
            petitioner_id,
            history: &flagging.history,
            headcount: intake.headcount,
            collective: flags.contains(&Flag::Collective),
            address: intake.address.as_deref(),
            location: request.location.as_deref(),
            litigation: request.litigation,
            baoan: !flagging.baoan.is_empty(),
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
    let from_above = match joining {
        Some(id) => tx.matter_state(id)?.upper.is_some(),
        None => visit.upper.is_some(),
    };
    if from_above {
        flags.push(Flag::FromAbove);
        flags.sort_by_key(|f| Flag::ALL.iter().position(|x| x == f));
    }
    Ok(found)
}
