//! The summary a handover shows: what the window left behind, as of its end.

use super::record::Shift;
use crate::domain::model::{CaseStatus, Channel, ClockKind, ClockState, Flag, QueueStatus};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelTally {
    pub channel: Channel,
    /// 批次: contacts.
    pub batches: u32,
    /// 人次: the sum of their headcounts.
    pub people: u32,
}

/// One contact as a summary lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactBrief {
    pub contact_id: i64,
    pub arrived_at: String,
    pub channel: Channel,
    pub name: String,
    pub id_number_masked: Option<String>,
    pub headcount: u32,
    pub representatives: Vec<String>,
    pub case_no: String,
    pub matter: String,
    pub queue_date: Option<NaiveDate>,
    pub queue_no: Option<i64>,
    pub letter_no: Option<String>,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewCase {
    pub case_no: String,
    pub registered_at: String,
    pub matter: String,
    /// The person and channel of the contact that opened it.
    pub name: Option<String>,
    pub id_number_masked: Option<String>,
    pub channel: Option<Channel>,
    /// Status at the end of the window.
    pub status: CaseStatus,
}

/// The contacts of the window that carry the flags a handover calls out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Flagged {
    /// 重复访
    pub repeat: Vec<ContactBrief>,
    /// 老户
    pub long_standing: Vec<ContactBrief>,
    /// 集体访
    pub collective: Vec<ContactBrief>,
    /// 已终结
    pub closed_matter: Vec<ContactBrief>,
}

impl Flagged {
    /// The flags a handover calls out, in the order it lists them.
    pub const FLAGS: [Flag; 4] = [
        Flag::Repeat,
        Flag::LongStanding,
        Flag::Collective,
        Flag::ClosedMatter,
    ];

    pub fn of(&self, flag: Flag) -> &[ContactBrief] {
        match flag {
            Flag::Repeat => &self.repeat,
            Flag::LongStanding => &self.long_standing,
            Flag::Collective => &self.collective,
            Flag::ClosedMatter => &self.closed_matter,
            _ => &[],
        }
    }

    pub(super) fn of_mut(&mut self, flag: Flag) -> Option<&mut Vec<ContactBrief>> {
        match flag {
            Flag::Repeat => Some(&mut self.repeat),
            Flag::LongStanding => Some(&mut self.long_standing),
            Flag::Collective => Some(&mut self.collective),
            Flag::ClosedMatter => Some(&mut self.closed_matter),
            _ => None,
        }
    }
}

/// Someone still waiting or being received at the end of the window (any desk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visitor {
    pub contact_id: i64,
    /// Queue numbers restart every day, so the date goes with the number.
    pub queue_date: NaiveDate,
    pub queue_no: i64,
    pub name: String,
    pub id_number_masked: Option<String>,
    pub headcount: u32,
    pub case_no: String,
    pub matter: String,
    pub status: QueueStatus,
    pub arrived_at: String,
    pub checked_in_by: String,
    pub received_by: Option<String>,
    pub received_at: Option<String>,
    /// From arrival to the start of reception, or to the end of the window.
    pub waited_minutes: i64,
    pub flags: Vec<Flag>,
    /// When they left unseen (only in [`HandoverSummary::left_unseen`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_at: Option<String>,
}

/// A desk clock of an open case that falls due soon or is overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueClock {
    pub case_no: String,
    pub matter: String,
    pub status: CaseStatus,
    pub clock: ClockKind,
    pub started: NaiveDate,
    pub due: NaiveDate,
    /// Negative when overdue.
    pub days_left: i64,
    pub state: ClockState,
    pub handler: Option<String>,
    pub unit: Option<String>,
    /// Decided, but the written notice is not on record (the route clock runs on).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub notice_missing: bool,
}

/// A letter registered in the window whose case was still only registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnroutedLetter {
    #[serde(flatten)]
    pub contact: ContactBrief,
    /// When the route clock (告知/转送) falls due.
    pub route_due: Option<NaiveDate>,
    pub days_left: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoverSummary {
    pub officer: String,
    pub since: String,
    pub until: String,
    /// The shift the summary is about, as it stands now.
    pub shift: Option<Shift>,
    pub due_soon_days: u32,
    /// Every contact the officer registered, any channel (the table's total).
    pub batches: u32,
    pub people: u32,
    /// 接待: the officer's walk-ins whose reception had begun by the window's end
    /// and who did not leave unseen. Letters, calls and online submissions, people
    /// still waiting and people who left are not received visits.
    pub received_batches: u32,
    pub received_people: u32,
    /// The officer's walk-ins still waiting at the window's end.
    pub waiting_batches: u32,
    /// The officer's walk-ins who left unseen within the window.
    pub left_batches: u32,
    /// Walk-ins checked in at a colleague's desk whose reception this officer began
    /// within the window: the officer's 接待 too, though not among their contacts.
    pub received_for_colleagues: u32,
    pub received_for_colleagues_people: u32,
    /// Every channel, in a fixed order, zeros included.
    pub by_channel: Vec<ChannelTally>,
    pub new_cases: Vec<NewCase>,
    pub flagged: Flagged,
    pub still_here: Vec<Visitor>,
    /// Walk-ins of every desk who left unseen within the window.
    pub left_unseen: Vec<Visitor>,
    pub clocks_due: Vec<DueClock>,
    pub unrouted_letters: Vec<UnroutedLetter>,
    pub notes: String,
    /// The timeline's newest event when the summary was made (`SEQ:HASH`): kept by
    /// whoever receives the handover, it lets `jiedai verify --anchor` catch a
    /// chain rebuilt later.
    pub chain_head: Option<String>,
    /// 包案 老户 who came, receptions today and tomorrow, 督办 and 领导交办 due.
    pub leaders: crate::domain::leaders::LeadersHandover,
    /// Open plans, screening rounds due, skip-level notices (filled by the store).
    pub risk: crate::domain::risk::RiskBrief,
    /// 回访 of 不满意 ratings still open, by due day (filled by the store).
    pub follow_ups: Vec<crate::domain::ratings::FollowUpItem>,
}

impl HandoverSummary {
    /// Nothing was registered or received in the window.
    pub fn is_empty(&self) -> bool {
        self.batches == 0 && self.received_for_colleagues == 0
    }

    pub fn overdue_count(&self) -> usize {
        self.clocks_due.iter().filter(|c| c.days_left < 0).count()
    }
}
