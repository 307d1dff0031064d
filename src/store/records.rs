//! The plain records the store port speaks in: what goes in and what comes out of
//! every backend. No database type appears here, so the front ends and the rules
//! can use them without knowing where the record lives.

use crate::domain::clocks::Clock;
use crate::domain::intake::{IntakeInput, Warning, WarningCode};
use crate::domain::lifecycle::CaseStep;
use crate::domain::{CaseStatus, Channel, EventKind, Flag, Purpose, QueueStatus, Role, Source};
use crate::search::MatchKind;
use chrono::{Days, NaiveDate};
use serde::Serialize;

pub use crate::domain::handover::{Handover, HandoverSummary, Shift};
pub use crate::domain::queue::QueueAction;

/// Notes are read at the desk in one minute; a page is plenty.
pub const MAX_NOTES_CHARS: usize = 4000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub at: String,
    /// The officer who acted; None for a command run without one.
    pub officer: Option<String>,
    /// The account on the host that ran the program.
    pub host_account: String,
    pub action: String,
    pub subject: String,
}

/// Which audit rows to read; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub officer: Option<String>,
    /// First day, inclusive, as `YYYY-MM-DD` in the office's time.
    pub from: Option<chrono::NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<chrono::NaiveDate>,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revealed {
    pub petitioner_id: i64,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRow {
    pub id: i64,
    pub case_no: String,
    pub status: CaseStatus,
    pub matter: String,
    pub category: Option<String>,
    pub purpose: Option<String>,
    pub location: Option<String>,
    pub litigation: bool,
    pub source: String,
    pub first_officer: String,
    pub handler: Option<String>,
    pub unit: Option<String>,
    pub extended_days: u32,
    pub registered_at: String,
    pub updated_at: String,
    pub due_clock: Option<String>,
    pub due_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CasePetitioner {
    pub petitioner_id: i64,
    pub name: String,
    pub role: Role,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactRow {
    pub id: i64,
    pub petitioner_id: i64,
    pub name: String,
    pub case_no: String,
    pub channel: Channel,
    pub headcount: u32,
    pub representatives: Vec<String>,
    pub matter: String,
    pub arrived_at: String,
    pub officer: String,
    pub queue_no: Option<i64>,
    pub queue_status: Option<QueueStatus>,
    pub letter_no: Option<String>,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub at: String,
    pub officer: String,
    pub kind: EventKind,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub case: CaseRow,
    pub petitioners: Vec<CasePetitioner>,
    pub contacts: Vec<ContactRow>,
    pub events: Vec<EventRow>,
    pub clocks: Vec<Clock>,
    pub overdue: bool,
    pub allowed_steps: Vec<CaseStep>,
    /// The upper office's terms of a matter from above.
    pub upper: Option<crate::domain::assigned::UpperTerms>,
    pub reported_back_on: Option<NaiveDate>,
    /// Whether a report back (报结) may be recorded now.
    pub report_back_allowed: bool,
    /// An initial matter (初信初访): see `domain::initial`.
    pub initial: bool,
    /// The original this duplicate was merged into (并案).
    pub merged_into: Option<String>,
}

/// A person with everything the desk knows about them, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonDetail {
    pub card: PetitionerCard,
    pub address: Option<String>,
    pub contacts: Vec<ContactRow>,
    pub cases: Vec<CaseRow>,
}

/// What some steps need besides the case: the unit of a transfer, the text of a
/// reply, decision or refusal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseStepInput {
    pub unit: Option<String>,
    pub text: Option<String>,
    /// The deadline of a 交办 (assign-down); the office's handling days when absent.
    pub due: Option<NaiveDate>,
    /// Why a review or recheck asked for after its window is recorded anyway.
    pub late_reason: Option<String>,
    /// What a reply decided (支持, 解释说明, 不予支持, 调解协议).
    pub outcome: Option<crate::domain::notices::ReplyOutcome>,
}

#[derive(Debug, Clone, Default)]
pub struct CheckIn {
    pub intake: IntakeInput,
    pub purpose: Option<Purpose>,
    pub location: Option<String>,
    pub litigation: bool,
    pub source: Option<Source>,
    /// The upper office's terms of a matter from above (see `domain::assigned`).
    pub upper: crate::domain::assigned::UpperInput,
    /// An enquiry on the joined case (问进展): no new matter, not a repeat petition.
    pub enquiry: bool,
    /// Join this existing case (then the contact is a repeat visit).
    pub case_no: Option<String>,
    /// Link to this existing person, chosen by the officer.
    pub petitioner_id: Option<i64>,
    /// Representatives of a collective visit picked from the people on record:
    /// each joins the case as a representative, and their flags (老户) count
    /// like the petitioner's.
    pub representative_ids: Vec<i64>,
    /// Representatives not on record yet: each becomes a person (or is found by
    /// their ID number), joins the case as a representative, and is flagged like
    /// any petitioner when they come again.
    pub new_representatives: Vec<NewRepresentative>,
    /// A past contact entered after the fact (import, demo data): a walk-in is
    /// recorded as already received by the registering officer instead of waiting.
    pub settled: bool,
}

/// A representative of a visit who is not on record yet: checked as intake
/// checks a petitioner (name, ID number, phone).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewRepresentative {
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

impl NewRepresentative {
    /// The representative as intake checks a person.
    pub fn as_intake(&self) -> crate::domain::intake::IntakeInput {
        crate::domain::intake::IntakeInput {
            name: self.name.clone(),
            id_number: self.id_number.clone(),
            phone: self.phone.clone(),
            ..Default::default()
        }
    }
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

/// A check-in's warnings, each a code and the English sentence the command line
/// prints; the front ends word the codes in their language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings(pub Vec<Warning>);

impl Warnings {
    pub fn codes(&self) -> Vec<WarningCode> {
        self.0.iter().map(|w| w.code).collect()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Warning> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn has(&self, code: WarningCode) -> bool {
        self.0.iter().any(|w| w.code == code)
    }
}

impl Serialize for Warnings {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let messages: Vec<&str> = self.0.iter().map(|w| w.message.as_str()).collect();
        let mut out = serializer.serialize_struct("Warnings", 2)?;
        out.serialize_field("warnings", &messages)?;
        out.serialize_field("warning_codes", &self.codes())?;
        out.end()
    }
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
    /// In JSON: `warnings` (the English sentences) and `warning_codes`.
    #[serde(flatten)]
    pub warnings: Warnings,
    pub candidates: Vec<Candidate>,
    pub arrived_at: String,
    /// The person is a 包案 老户: whose leader to tell, and whether the record
    /// opened again (复访).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baoan: Option<super::leaders::BaoanNotice>,
    /// Items of the last two screening rounds a collective visit may be about.
    pub screening_matches: Vec<crate::domain::risk::ScreeningMatch>,
    /// Why the contact is a skip-level visit, when it is one.
    pub skip_level: Option<crate::domain::risk::SkipReason>,
    /// Enough people came to start the plan for a sudden group visit.
    pub plan_proposed: bool,
}

/// The passes of a full `verify`, in the order they run, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyStage {
    /// The file's own structure (SQLite's quick check): one step.
    Structure,
    /// The ledger's chain, entry by entry.
    Chain,
    /// Every ledgered row recomputed, row by row.
    Rows,
    /// Every reference between rows: one step.
    References,
    /// Every case's timeline replayed, event by event.
    Timeline,
}

/// Where a verify stands: `done` of about `total` in `stage` (`total` may be an
/// estimate; `done` never passes it).
pub type VerifyProgress<'a> = &'a mut dyn FnMut(VerifyStage, u64, u64);

#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyReport {
    pub events: i64,
    pub cases: i64,
    /// Entries of the ledger (the chain that covers every record table).
    pub entries: i64,
    /// Rows recomputed against the ledger (all of them, or those touched since).
    pub rows: i64,
    /// The newest ledger entry verified: `SEQ:HASH`, an anchor to keep outside the file.
    pub chain_head: Option<String>,
    /// `--since-anchor`: only what the ledger took in after this anchor was checked.
    pub since: Option<String>,
    /// How many anchors given from outside were checked.
    pub anchors_checked: usize,
    pub integrity: String,
    pub problems: Vec<String>,
    /// The backend keeps no ledger over every table (PostgreSQL, for now): only
    /// the timeline's chain and each case's replay were checked.
    pub timeline_only: bool,
}

impl VerifyReport {
    /// `integrity` of an incremental verify: the whole file's structure is what
    /// a full one reads, so it is left to that.
    pub const NOT_CHECKED: &'static str = "not checked";

    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.integrity_ok()
    }

    /// The file's own structure is sound, or was not read (`--since-anchor` reads
    /// only what came after its anchor).
    pub fn integrity_ok(&self) -> bool {
        self.integrity == "ok" || self.integrity == Self::NOT_CHECKED
    }
}

/// Local days, both ends inclusive; `None` leaves that end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DayRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DayRange {
    /// Text bounds `[lo, hi)` on stored stamps. A stamp is written in the desk's
    /// offset, so its first ten characters are the local day it happened on, and a
    /// text comparison against a bare date selects whole local days on the index.
    pub(crate) fn bounds(&self) -> (String, String) {
        let lo = self.from.map(|d| d.to_string()).unwrap_or_default();
        let hi = self
            .to
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .map(|d| d.to_string())
            // '~' sorts after every digit: no upper bound.
            .unwrap_or_else(|| "~".into());
        (lo, hi)
    }

    pub fn describe(&self) -> String {
        let end = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        format!("{}..{}", end(self.from), end(self.to))
    }
}

/// One contact as an export file holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportRow {
    pub contact_id: i64,
    pub arrived_at: String,
    /// Only the date of `arrived_at` is known (an imported register).
    pub time_unknown: bool,
    pub channel: Channel,
    pub queue_no: Option<i64>,
    pub letter_no: Option<String>,
    pub name: String,
    /// Masked unless the export reveals them.
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub headcount: u32,
    pub representatives: Vec<String>,
    pub case_no: String,
    pub case_status: CaseStatus,
    pub category: Option<String>,
    pub matter: String,
    pub flags: Vec<Flag>,
    pub first_officer: String,
    pub handler: Option<String>,
    pub unit: Option<String>,
    /// Who registered the contact.
    pub officer: String,
}

/// One person as a lookup row shows them: identifiers masked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PetitionerCard {
    pub petitioner_id: i64,
    pub name: String,
    pub id_number_masked: Option<String>,
    /// False when the ID number was recorded with a wrong check character.
    pub id_checksum_ok: bool,
    pub phone_masked: Option<String>,
    pub contact_count: i64,
    pub last_contact: Option<String>,
    pub open_cases: i64,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LookupRow {
    #[serde(flatten)]
    pub card: PetitionerCard,
    pub match_kind: MatchKind,
    /// The case or letter number that matched, if that is how they were found.
    pub matched: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file (and its folder) if missing; migrate.
    Create,
    /// The file must exist; migrate it if older.
    Existing,
    /// The file must exist and be current; never write.
    ReadOnly,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueRow {
    pub contact_id: i64,
    pub queue_date: NaiveDate,
    pub queue_no: i64,
    pub arrived_at: String,
    pub petitioner_id: i64,
    pub name: String,
    pub id_number_masked: Option<String>,
    pub headcount: u32,
    pub case_no: String,
    pub matter: String,
    pub flags: Vec<Flag>,
    pub status: QueueStatus,
    pub received_by: Option<String>,
    pub received_at: Option<String>,
    pub finished_at: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeskCounts {
    pub waiting_batches: i64,
    pub waiting_people: i64,
    pub receiving: i64,
    pub overdue_cases: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Officer {
    pub id: i64,
    pub name: String,
    pub role: crate::domain::roster::OfficerRole,
    /// For a leader: 副县长, 县委书记…
    pub title: Option<String>,
    /// Retired officers stay on record (their history keeps their name) but cannot act.
    pub active: bool,
    /// The host account they sign in from, when the office binds them.
    pub host_account: Option<String>,
}

impl Officer {
    /// An active 科长: the one who adds, renames and retires officers.
    pub fn keeps_roster(&self) -> bool {
        self.active && self.role == crate::domain::roster::OfficerRole::Chief
    }

    /// An active officer who handles cases and takes shifts over (not a 领导).
    pub fn works_cases(&self) -> bool {
        self.active && self.role.works_cases()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    pub name: String,
    pub parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// When the figures were taken; "now" figures (statuses, overdue) are as of then.
    pub as_of: String,
    /// 批次: contacts that arrived in the period.
    pub batches: u64,
    /// 人次: the sum of their headcounts.
    pub people: u64,
    /// Every channel, in a fixed order, zeros included.
    pub by_channel: Vec<ChannelFigures>,
    /// Cases registered in the period.
    pub new_cases: u64,
    /// The cases registered in the period, by their status now; every status.
    pub cases_by_status: Vec<StatusFigures>,
    /// By top-level category: the period's contacts (by their case's category) and
    /// new cases. Most contacts first; uncategorized last.
    pub by_category: Vec<CategoryFigures>,
    /// Contacts of the period carrying each flag.
    pub flagged: FlagFigures,
    /// Open cases past a clock now (any registration date).
    pub overdue_now: u64,
    /// Cases replied to in the period.
    pub replied: ReplyFigures,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelFigures {
    pub channel: Channel,
    pub batches: u64,
    pub people: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusFigures {
    pub status: CaseStatus,
    pub cases: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryFigures {
    /// `None`: no category recorded.
    pub category: Option<String>,
    pub batches: u64,
    pub people: u64,
    pub new_cases: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FlagFigures {
    pub repeat: u64,
    pub collective: u64,
    pub long_standing: u64,
    pub closed_matter: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplyFigures {
    pub cases: u64,
    /// From registration to reply, in calendar days (local dates); one decimal.
    pub average_days: Option<f64>,
}
