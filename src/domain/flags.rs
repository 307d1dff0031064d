//! Who is coming back (DESIGN.md 1.4): the flags shown on a new contact and on a
//! lookup row. The store gathers the history; the rules live here.

use super::model::{CaseStatus, Channel, Flag};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Thresholds for the flags; the defaults follow DESIGN.md 1.4 and Art. 20.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FlagConfig {
    pub long_standing_contacts: u32,
    pub long_standing_days: i64,
    pub collective_headcount: u32,
    pub max_representatives: usize,
    /// The office's own province and city as addresses begin (`北京市`,
    /// `新疆维吾尔自治区乌鲁木齐市`): "possibly the same person" compares the part
    /// of an address below it. Empty: the province and city are recognized by
    /// their endings (省, 自治区, 市, 州, 地区, 盟).
    pub office_city: String,
}

impl Default for FlagConfig {
    fn default() -> Self {
        FlagConfig {
            long_standing_contacts: 5,
            long_standing_days: 365,
            collective_headcount: 5,
            max_representatives: 5,
            office_city: String::new(),
        }
    }
}

/// One of the petitioner's cases as far as the flags care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseHistory {
    pub case_id: i64,
    pub status: CaseStatus,
    /// The channels its contacts came by (duplicates allowed).
    pub channels: Vec<Channel>,
    pub contact_count: u32,
    pub first_contact: NaiveDate,
    pub last_contact: NaiveDate,
    /// Whether a desk clock of the case is past due (see `clocks::is_overdue`).
    pub overdue: bool,
    /// The matter came from above (上级交办/转送).
    pub from_above: bool,
}

impl CaseHistory {
    fn span_days(&self, until: NaiveDate) -> i64 {
        (until.max(self.last_contact) - self.first_contact).num_days()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PetitionerHistory {
    /// Contacts before the one being registered (for [`petitioner_flags`]: all of them).
    pub earlier_contacts: u32,
    pub cases: Vec<CaseHistory>,
    /// An officer marked the petitioner as long-standing (老户).
    pub marked_long_standing: bool,
}

impl PetitionerHistory {
    fn case(&self, id: i64) -> Option<&CaseHistory> {
        self.cases.iter().find(|c| c.case_id == id)
    }

    fn any_open_overdue(&self) -> bool {
        self.cases.iter().any(|c| c.status.is_open() && c.overdue)
    }

    fn any_final(&self) -> bool {
        self.cases.iter().any(|c| c.status == CaseStatus::Final)
    }
}

/// The contact being registered now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub channel: Channel,
    pub headcount: u32,
    pub representatives: usize,
    /// The case this contact is filed under, when it joins an existing one.
    pub joins_case: Option<i64>,
    pub on: NaiveDate,
}

/// Puts flags in [`Flag::ALL`] order without duplicates, so that screens and JSON
/// show them the same way every time.
fn ordered(mut flags: Vec<Flag>) -> Vec<Flag> {
    flags.sort_by_key(|f| Flag::ALL.iter().position(|x| x == f));
    flags.dedup();
    flags
}

/// The flags for a contact being registered.
pub fn contact_flags(
    history: &PetitionerHistory,
    contact: &NewContact,
    cfg: &FlagConfig,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    let joined = contact.joins_case.and_then(|id| history.case(id));

    flags.push(if history.earlier_contacts == 0 {
        Flag::First
    } else {
        Flag::Returning
    });

    if joined.is_some_and(|c| c.contact_count >= 1) {
        flags.push(Flag::Repeat);
    }

    let long_standing = history.marked_long_standing
        || history.cases.iter().any(|c| {
            let joins_this = contact.joins_case == Some(c.case_id);
            let contacts = c.contact_count.saturating_add(u32::from(joins_this));
            let until = if joins_this {
                contact.on
            } else {
                c.last_contact
            };
            contacts >= cfg.long_standing_contacts || c.span_days(until) >= cfg.long_standing_days
        });
    if long_standing {
        flags.push(Flag::LongStanding);
    }

    if contact.headcount >= cfg.collective_headcount {
        flags.push(Flag::Collective);
    }
    if contact.representatives > cfg.max_representatives {
        flags.push(Flag::TooManyRepresentatives);
    }

    let other_channel =
        |c: &CaseHistory| c.status.is_open() && c.channels.iter().any(|ch| *ch != contact.channel);
    let same_source = match contact.joins_case {
        Some(_) => joined.is_some_and(other_channel),
        None => history.cases.iter().any(other_channel),
    };
    if same_source {
        flags.push(Flag::SameSource);
    }

    let closed_matter = match contact.joins_case {
        Some(_) => joined.is_some_and(|c| c.status == CaseStatus::Final),
        None => history.any_final(),
    };
    if closed_matter {
        flags.push(Flag::ClosedMatter);
    }

    if history.any_open_overdue() {
        flags.push(Flag::Overdue);
    }
    ordered(flags)
}

/// The flags on a lookup row. Here `earlier_contacts` counts all the petitioner's
/// contacts, so one contact is still a first visit.
pub fn petitioner_flags(history: &PetitionerHistory, cfg: &FlagConfig) -> Vec<Flag> {
    let mut flags = vec![if history.earlier_contacts >= 2 {
        Flag::Returning
    } else {
        Flag::First
    }];
    if is_long_standing(history, cfg) {
        flags.push(Flag::LongStanding);
    }
    let mixed_channels = |c: &CaseHistory| {
        c.status.is_open()
            && c.channels
                .first()
                .is_some_and(|first| c.channels.iter().any(|ch| ch != first))
    };
    if history.cases.iter().any(mixed_channels) {
        flags.push(Flag::SameSource);
    }
    if history.any_final() {
        flags.push(Flag::ClosedMatter);
    }
    if history.any_open_overdue() {
        flags.push(Flag::Overdue);
    }
    if history
        .cases
        .iter()
        .any(|c| c.from_above && c.status.is_open())
    {
        flags.push(Flag::FromAbove);
    }
    ordered(flags)
}

/// Marked by an officer, or a case with many contacts or a long span.
pub fn is_long_standing(history: &PetitionerHistory, cfg: &FlagConfig) -> bool {
    history.marked_long_standing
        || history.cases.iter().any(|c| {
            c.contact_count >= cfg.long_standing_contacts
                || c.span_days(c.last_contact) >= cfg.long_standing_days
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn case(id: i64, status: CaseStatus, channels: &[Channel], count: u32) -> CaseHistory {
        CaseHistory {
            case_id: id,
            status,
            channels: channels.to_vec(),
            contact_count: count,
            first_contact: d(2026, 1, 1),
            last_contact: d(2026, 2, 1),
            overdue: false,
            from_above: false,
        }
    }

    fn visit() -> NewContact {
        NewContact {
            channel: Channel::Visit,
            headcount: 1,
            representatives: 0,
            joins_case: None,
            on: d(2026, 3, 1),
        }
    }

    fn cfg() -> FlagConfig {
        FlagConfig::default()
    }

    fn has(flags: &[Flag], f: Flag) -> bool {
        flags.contains(&f)
    }

    #[test]
    fn defaults() {
        let c = FlagConfig::default();
        assert_eq!(c.long_standing_contacts, 5);
        assert_eq!(c.long_standing_days, 365);
        assert_eq!(c.collective_headcount, 5);
        assert_eq!(c.max_representatives, 5);
        let parsed: FlagConfig = serde_json::from_str(r#"{"collective_headcount": 3}"#).unwrap();
        assert_eq!(parsed.collective_headcount, 3);
        assert_eq!(parsed.long_standing_days, 365);
    }

    #[test]
    fn brand_new_person_is_only_first() {
        let flags = contact_flags(&PetitionerHistory::default(), &visit(), &cfg());
        assert_eq!(flags, vec![Flag::First]);
        assert_eq!(
            petitioner_flags(&PetitionerHistory::default(), &cfg()),
            vec![Flag::First]
        );
    }

    #[test]
    fn first_or_returning() {
        let h = PetitionerHistory {
            earlier_contacts: 1,
            ..Default::default()
        };
        let flags = contact_flags(&h, &visit(), &cfg());
        assert!(has(&flags, Flag::Returning));
        assert!(!has(&flags, Flag::First));
    }

    #[test]
    fn repeat_when_joining_a_case_with_contacts() {
        let h = PetitionerHistory {
            earlier_contacts: 1,
            cases: vec![
                case(7, CaseStatus::Accepted, &[Channel::Visit], 1),
                case(8, CaseStatus::Registered, &[], 0),
            ],
            marked_long_standing: false,
        };
        let mut c = visit();
        assert!(!has(&contact_flags(&h, &c, &cfg()), Flag::Repeat));
        c.joins_case = Some(7);
        assert!(has(&contact_flags(&h, &c, &cfg()), Flag::Repeat));
        c.joins_case = Some(8);
        assert!(!has(&contact_flags(&h, &c, &cfg()), Flag::Repeat));
        // A case that is not theirs (or unknown) is not a repeat.
        c.joins_case = Some(99);
        assert!(!has(&contact_flags(&h, &c, &cfg()), Flag::Repeat));
    }

    #[test]
    fn long_standing_by_contact_count_counts_the_joining_contact() {
        let h = PetitionerHistory {
            earlier_contacts: 4,
            cases: vec![case(1, CaseStatus::Accepted, &[Channel::Visit], 4)],
            marked_long_standing: false,
        };
        let mut c = visit();
        // Four contacts on file, this one goes elsewhere: below 5.
        assert!(!has(&contact_flags(&h, &c, &cfg()), Flag::LongStanding));
        // This one joins: 5.
        c.joins_case = Some(1);
        assert!(has(&contact_flags(&h, &c, &cfg()), Flag::LongStanding));
        // Five on file already: long-standing whichever case this joins.
        let mut h5 = h.clone();
        h5.cases[0].contact_count = 5;
        assert!(has(
            &contact_flags(&h5, &visit(), &cfg()),
            Flag::LongStanding
        ));
        assert!(is_long_standing(&h5, &cfg()));
        assert!(!is_long_standing(&h, &cfg()));
    }

    #[test]
    fn long_standing_by_span() {
        let mut old = case(1, CaseStatus::Accepted, &[Channel::Visit], 2);
        old.first_contact = d(2025, 3, 1);
        old.last_contact = d(2025, 6, 1);
        let h = PetitionerHistory {
            earlier_contacts: 2,
            cases: vec![old.clone()],
            marked_long_standing: false,
        };
        let mut c = visit();
        c.joins_case = Some(1);
        // 2025-03-01 to 2026-02-28 is 364 days; to 2026-03-01 is 365.
        c.on = d(2026, 2, 28);
        assert!(!has(&contact_flags(&h, &c, &cfg()), Flag::LongStanding));
        c.on = d(2026, 3, 1);
        assert!(has(&contact_flags(&h, &c, &cfg()), Flag::LongStanding));
        // Not joining: the case's own span (92 days) is what counts.
        c.joins_case = None;
        assert!(!has(&contact_flags(&h, &c, &cfg()), Flag::LongStanding));
        assert!(!is_long_standing(&h, &cfg()));

        let mut h2 = h.clone();
        h2.cases[0].last_contact = d(2026, 3, 1);
        assert!(is_long_standing(&h2, &cfg()));
        h2.cases[0].last_contact = d(2026, 2, 28);
        assert!(!is_long_standing(&h2, &cfg()));
    }

    #[test]
    fn long_standing_when_marked() {
        let h = PetitionerHistory {
            earlier_contacts: 0,
            cases: vec![],
            marked_long_standing: true,
        };
        assert!(has(
            &contact_flags(&h, &visit(), &cfg()),
            Flag::LongStanding
        ));
        assert!(is_long_standing(&h, &cfg()));
        assert_eq!(
            petitioner_flags(&h, &cfg()),
            vec![Flag::First, Flag::LongStanding]
        );
    }

    #[test]
    fn collective_at_headcount_threshold() {
        let h = PetitionerHistory::default();
        let mut c = visit();
        c.headcount = 4;
        assert!(!has(&contact_flags(&h, &c, &cfg()), Flag::Collective));
        c.headcount = 5;
        assert!(has(&contact_flags(&h, &c, &cfg()), Flag::Collective));
        let custom = FlagConfig {
            collective_headcount: 3,
            ..cfg()
        };
        c.headcount = 3;
        assert!(has(&contact_flags(&h, &c, &custom), Flag::Collective));
    }

    #[test]
    fn too_many_representatives_above_five() {
        let h = PetitionerHistory::default();
        let mut c = visit();
        c.headcount = 30;
        c.representatives = 5;
        assert!(!has(
            &contact_flags(&h, &c, &cfg()),
            Flag::TooManyRepresentatives
        ));
        c.representatives = 6;
        assert!(has(
            &contact_flags(&h, &c, &cfg()),
            Flag::TooManyRepresentatives
        ));
    }

    #[test]
    fn same_source_for_an_open_case_by_another_channel() {
        let h = PetitionerHistory {
            earlier_contacts: 1,
            cases: vec![case(1, CaseStatus::Accepted, &[Channel::Letter], 1)],
            marked_long_standing: false,
        };
        // A letter, now a visit.
        assert!(has(&contact_flags(&h, &visit(), &cfg()), Flag::SameSource));
        // Another letter is not another channel.
        let mut letter = visit();
        letter.channel = Channel::Letter;
        assert!(!has(&contact_flags(&h, &letter, &cfg()), Flag::SameSource));
        // A closed case does not count.
        let mut closed = h.clone();
        closed.cases[0].status = CaseStatus::Archived;
        assert!(!has(
            &contact_flags(&closed, &visit(), &cfg()),
            Flag::SameSource
        ));
    }

    #[test]
    fn same_source_looks_only_at_the_joined_case_when_given() {
        let h = PetitionerHistory {
            earlier_contacts: 2,
            cases: vec![
                case(1, CaseStatus::Accepted, &[Channel::Letter], 1),
                case(2, CaseStatus::Accepted, &[Channel::Visit], 1),
            ],
            marked_long_standing: false,
        };
        let mut c = visit();
        c.joins_case = Some(2);
        assert!(!has(&contact_flags(&h, &c, &cfg()), Flag::SameSource));
        c.joins_case = Some(1);
        assert!(has(&contact_flags(&h, &c, &cfg()), Flag::SameSource));
        c.joins_case = None;
        assert!(has(&contact_flags(&h, &c, &cfg()), Flag::SameSource));
    }

    #[test]
    fn closed_matter() {
        let h = PetitionerHistory {
            earlier_contacts: 3,
            cases: vec![
                case(1, CaseStatus::Final, &[Channel::Visit], 3),
                case(2, CaseStatus::Accepted, &[Channel::Visit], 1),
            ],
            marked_long_standing: false,
        };
        let mut c = visit();
        // No case joined: any final case.
        assert!(has(&contact_flags(&h, &c, &cfg()), Flag::ClosedMatter));
        c.joins_case = Some(1);
        assert!(has(&contact_flags(&h, &c, &cfg()), Flag::ClosedMatter));
        // Joining the open case: the final one is another matter.
        c.joins_case = Some(2);
        assert!(!has(&contact_flags(&h, &c, &cfg()), Flag::ClosedMatter));
        // Archived or reviewed is not final.
        let mut other = h.clone();
        other.cases[0].status = CaseStatus::Reviewed;
        assert!(!has(
            &contact_flags(&other, &visit(), &cfg()),
            Flag::ClosedMatter
        ));
        assert!(has(&petitioner_flags(&h, &cfg()), Flag::ClosedMatter));
        assert!(!has(&petitioner_flags(&other, &cfg()), Flag::ClosedMatter));
    }

    #[test]
    fn overdue_only_for_open_cases() {
        let mut late = case(1, CaseStatus::Accepted, &[Channel::Visit], 1);
        late.overdue = true;
        let h = PetitionerHistory {
            earlier_contacts: 1,
            cases: vec![late],
            marked_long_standing: false,
        };
        assert!(has(&contact_flags(&h, &visit(), &cfg()), Flag::Overdue));
        assert!(has(&petitioner_flags(&h, &cfg()), Flag::Overdue));
        let mut closed = h.clone();
        closed.cases[0].status = CaseStatus::Archived;
        assert!(!has(
            &contact_flags(&closed, &visit(), &cfg()),
            Flag::Overdue
        ));
        assert!(!has(&petitioner_flags(&closed, &cfg()), Flag::Overdue));
        let mut on_time = h.clone();
        on_time.cases[0].overdue = false;
        assert!(!has(
            &contact_flags(&on_time, &visit(), &cfg()),
            Flag::Overdue
        ));
    }

    #[test]
    fn everything_at_once_in_canonical_order() {
        let mut big = case(
            1,
            CaseStatus::Accepted,
            &[Channel::Letter, Channel::Visit],
            6,
        );
        big.overdue = true;
        let h = PetitionerHistory {
            earlier_contacts: 6,
            cases: vec![big, case(2, CaseStatus::Final, &[Channel::Visit], 2)],
            marked_long_standing: true,
        };
        let c = NewContact {
            channel: Channel::Visit,
            headcount: 12,
            representatives: 7,
            joins_case: Some(1),
            on: d(2026, 3, 1),
        };
        assert_eq!(
            contact_flags(&h, &c, &cfg()),
            vec![
                Flag::Returning,
                Flag::Repeat,
                Flag::LongStanding,
                Flag::Collective,
                Flag::TooManyRepresentatives,
                Flag::SameSource,
                Flag::Overdue,
            ]
        );
        assert_eq!(
            petitioner_flags(&h, &cfg()),
            vec![
                Flag::Returning,
                Flag::LongStanding,
                Flag::SameSource,
                Flag::ClosedMatter,
                Flag::Overdue,
            ]
        );
    }

    #[test]
    fn petitioner_rows_returning_from_two_contacts() {
        let mut h = PetitionerHistory {
            earlier_contacts: 1,
            ..Default::default()
        };
        assert_eq!(petitioner_flags(&h, &cfg()), vec![Flag::First]);
        h.earlier_contacts = 2;
        assert_eq!(petitioner_flags(&h, &cfg()), vec![Flag::Returning]);
    }

    #[test]
    fn petitioner_same_source_needs_two_channels_on_one_open_case() {
        let mut h = PetitionerHistory {
            earlier_contacts: 2,
            cases: vec![
                case(
                    1,
                    CaseStatus::Accepted,
                    &[Channel::Visit, Channel::Visit],
                    2,
                ),
                case(2, CaseStatus::Accepted, &[Channel::Letter], 1),
            ],
            marked_long_standing: false,
        };
        // Two channels, but on different cases.
        assert!(!has(&petitioner_flags(&h, &cfg()), Flag::SameSource));
        h.cases[0].channels.push(Channel::Call);
        assert!(has(&petitioner_flags(&h, &cfg()), Flag::SameSource));
        h.cases[0].status = CaseStatus::NotAccepted;
        assert!(!has(&petitioner_flags(&h, &cfg()), Flag::SameSource));
    }

    #[test]
    fn ordered_removes_duplicates() {
        assert_eq!(
            ordered(vec![
                Flag::Overdue,
                Flag::First,
                Flag::Overdue,
                Flag::Repeat
            ]),
            vec![Flag::First, Flag::Repeat, Flag::Overdue]
        );
    }

    #[test]
    fn an_open_matter_from_above_marks_the_person() {
        let mut c = case(1, CaseStatus::Accepted, &[Channel::Letter], 1);
        c.from_above = true;
        let h = PetitionerHistory {
            earlier_contacts: 1,
            cases: vec![c.clone()],
            marked_long_standing: false,
        };
        assert!(petitioner_flags(&h, &cfg()).contains(&Flag::FromAbove));
        c.status = CaseStatus::Archived;
        let h = PetitionerHistory {
            cases: vec![c],
            ..h
        };
        assert!(!petitioner_flags(&h, &cfg()).contains(&Flag::FromAbove));
    }
}
