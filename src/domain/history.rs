//! A person's past as the record holds it (plain facts fetched by any backend),
//! turned into what the flag rules and Art. 36 want. The store only fetches; the
//! judging happens here, once, whatever database the facts came from.

use super::flags::{CaseHistory, PetitionerHistory};
use super::{CaseStatus, Channel};
use chrono::NaiveDate;

/// One case as stored, before any rule is applied to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub case_id: i64,
    /// The status column as stored.
    pub status: CaseStatus,
    /// Whether its timeline holds a recheck decision (复核决定). Only an archived
    /// case needs asking (otherwise its status says it: a decided case is final
    /// until archived), so a backend may answer false for any other and save the
    /// look at its timeline.
    pub recheck_decided: bool,
    /// The channels its contacts came by, each once.
    pub channels: Vec<Channel>,
    pub contact_count: u32,
    /// The day of its first and of its last contact; the day it was registered for
    /// a case without any (a letter entered by hand).
    pub first_contact: NaiveDate,
    pub last_contact: NaiveDate,
    /// The earliest running clock's due date, as cached on the case.
    pub due_on: Option<NaiveDate>,
    /// 上级交办 or 上级转送.
    pub from_above: bool,
}

/// A person's contacts and cases so far, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonFacts {
    pub contact_count: u32,
    pub marked_long_standing: bool,
    pub cases: Vec<CaseFacts>,
}

/// The status a matter stands at for Art. 36: a case decided on recheck is final
/// (终结), and archiving it afterwards does not reopen the matter, so a final case
/// that was then archived still counts as final.
pub fn standing_status(stored: CaseStatus, recheck_decided: bool) -> CaseStatus {
    if stored == CaseStatus::Archived && recheck_decided {
        CaseStatus::Final
    } else {
        stored
    }
}

/// The history the flag rules read, as of `today`.
pub fn petitioner_history(facts: &PersonFacts, today: NaiveDate) -> PetitionerHistory {
    let cases = facts
        .cases
        .iter()
        .map(|c| {
            let status = standing_status(c.status, c.recheck_decided);
            CaseHistory {
                case_id: c.case_id,
                status,
                channels: c.channels.clone(),
                contact_count: c.contact_count,
                first_contact: c.first_contact,
                last_contact: c.last_contact,
                overdue: status.is_open() && c.due_on.is_some_and(|due| due < today),
                from_above: c.from_above,
            }
        })
        .collect();
    PetitionerHistory {
        earlier_contacts: facts.contact_count,
        cases,
        marked_long_standing: facts.marked_long_standing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn case(status: CaseStatus, recheck_decided: bool) -> CaseFacts {
        CaseFacts {
            case_id: 1,
            status,
            recheck_decided,
            channels: vec![Channel::Visit],
            contact_count: 1,
            first_contact: d(2026, 1, 5),
            last_contact: d(2026, 1, 5),
            due_on: Some(d(2026, 2, 1)),
            from_above: false,
        }
    }

    #[test]
    fn a_final_case_archived_afterwards_is_still_a_closed_matter() {
        assert_eq!(
            standing_status(CaseStatus::Archived, true),
            CaseStatus::Final
        );
        assert_eq!(
            standing_status(CaseStatus::Archived, false),
            CaseStatus::Archived
        );
        assert_eq!(
            standing_status(CaseStatus::Replied, true),
            CaseStatus::Replied
        );
    }

    #[test]
    fn history_dates_and_overdue_come_from_the_facts() {
        let facts = PersonFacts {
            contact_count: 1,
            marked_long_standing: false,
            cases: vec![
                case(CaseStatus::Registered, false),
                case(CaseStatus::Archived, true),
            ],
        };
        let h = petitioner_history(&facts, d(2026, 2, 2));
        assert_eq!(
            h.cases[0].last_contact,
            d(2026, 1, 5),
            "falls back to registration"
        );
        assert!(h.cases[0].overdue);
        assert_eq!(h.cases[1].status, CaseStatus::Final);
        assert!(!h.cases[1].overdue, "a closed case is never overdue");
        let h = petitioner_history(&facts, d(2026, 2, 1));
        assert!(!h.cases[0].overdue, "due today is not late yet");
    }
}
