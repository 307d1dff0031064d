//! What the primitives of a unit of work take and give: the rows about to be
//! written, the changes to make, and the state a step reads before it decides.

use crate::domain::{CaseStatus, Channel, EventKind, QueueStatus};
use chrono::NaiveDate;

/// A person's name, ID number and phone.
pub type Identifiers = (String, Option<String>, Option<String>);

/// A person about to be put on record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson<'a> {
    pub name: &'a str,
    pub id_number: Option<&'a str>,
    pub id_checksum_ok: bool,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
    pub pinyin: &'a str,
    pub initials: &'a str,
    pub at: &'a str,
    pub officer_id: i64,
}

/// A case about to be opened (status registered, handled by its first officer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase<'a> {
    pub case_no: &'a str,
    pub matter: &'a str,
    pub category: Option<&'a str>,
    pub purpose: Option<&'a str>,
    pub location: Option<&'a str>,
    pub litigation: bool,
    pub source: &'a str,
    pub officer_id: i64,
    pub at: &'a str,
}

/// A contact about to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact<'a> {
    pub petitioner_id: i64,
    pub case_id: i64,
    pub channel: Channel,
    pub headcount: u32,
    /// JSON list of names.
    pub representatives: &'a str,
    pub matter: &'a str,
    /// JSON list of flag codes.
    pub flags: &'a str,
    pub at: &'a str,
    pub officer_id: i64,
    pub queue: Option<(NaiveDate, i64)>,
    /// A past walk-in entered after the fact: already received and done.
    pub settled: bool,
    pub letter_no: Option<&'a str>,
    /// The fingerprint of the import row it came from.
    pub import_key: Option<&'a str>,
    /// Only the date is known (an imported register).
    pub time_unknown: bool,
}

/// Where an officer's shifts stand (see [`Tx::duty`](super::Tx::duty)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Duty {
    /// Their open shift.
    pub open: Option<i64>,
    /// With none open: whom their most recent shift was handed to, and when it
    /// ended, if it was handed over.
    pub handed_over: Option<(String, String)>,
}

/// People with a newcomer's phone read at most, and with their name.
pub const PHONE_MATCHES: usize = 5;
pub const NAME_MATCHES: usize = 20;

/// What a newcomer's people are looked up by, beside the ID number.
#[derive(Debug, Clone, Copy)]
pub struct Likeness<'a> {
    pub phone: Option<&'a str>,
    pub name: &'a str,
}

/// Who a check-in's person may be (see [`Tx::people_matching`](super::Tx::people_matching)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    pub by_id_number: Option<i64>,
    pub with_phone: Vec<Match>,
    pub named: Vec<Match>,
}

/// A person on record who may be the one at the window, with what tells them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub id: i64,
    pub name: String,
    pub address: Option<String>,
    pub id_number: Option<String>,
    pub id_checksum_ok: bool,
}

/// A person's record as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonState {
    pub name: String,
    pub id_number: Option<String>,
    pub id_checksum_ok: bool,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub marked_long_standing: bool,
    pub merged_into: Option<i64>,
}

/// A case as a step needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseState {
    pub id: i64,
    pub status: CaseStatus,
    /// As `domain::history::CaseFacts::recheck_decided`: asked of archived cases.
    pub recheck_decided: bool,
    pub extended_days: u32,
    pub handler_id: Option<i64>,
    pub unit_id: Option<i64>,
}

/// A matter as the steps of its life (report back, objection) need it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatterState {
    pub upper: Option<crate::domain::assigned::UpperTerms>,
    pub reported_on: Option<NaiveDate>,
    /// Its timeline's kinds and days, oldest first.
    pub steps: Vec<(EventKind, NaiveDate)>,
    /// Beside each of `steps`: what a written notice told (its day is the one it
    /// was given, in `steps`).
    pub notices: Vec<Option<crate::domain::notices::NoticeKind>>,
    /// The case number it was merged into as a duplicate (并案).
    pub merged_into: Option<String>,
}

/// Changes to a shift; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShiftChange<'a> {
    pub notes: Option<&'a str>,
    pub ended_at: Option<&'a str>,
    pub handed_to: Option<i64>,
    pub acked_by: Option<i64>,
    pub acked_at: Option<&'a str>,
}

/// A walk-in's place in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueState {
    pub status: QueueStatus,
    pub queue_no: i64,
    /// Whether an officer is recorded as having received them.
    pub received: bool,
    pub queue_date: NaiveDate,
    pub case_id: i64,
    pub received_at: Option<String>,
    pub finished_at: Option<String>,
}

/// Changes to a walk-in's queue columns; `None` leaves one as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueChange<'a> {
    pub status: QueueStatus,
    pub received_by: Option<i64>,
    pub received_at: Option<&'a str>,
    pub finished_at: Option<&'a str>,
    /// Undoing a reception: nobody received them, at no time.
    pub clear_received: bool,
    /// Undoing an end of visit: it has not ended.
    pub clear_finished: bool,
}

/// An officer about to be put on the roster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewOfficer {
    pub name: String,
    pub role: crate::domain::roster::OfficerRole,
    /// For a leader: 副县长, 县委书记…
    pub title: Option<String>,
    /// The host account they sign in from, when the office binds them.
    pub host_account: Option<String>,
}

/// Changes to an officer; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficerChange {
    pub name: Option<String>,
    pub active: Option<bool>,
}

/// Changes to a case's columns; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseChange<'a> {
    pub status: Option<CaseStatus>,
    pub handler_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub extended_days: Option<u32>,
    pub updated_at: Option<&'a str>,
}
