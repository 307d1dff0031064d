//! The store port: every operation the front ends and the rules need from the
//! record, by concern, in plain records and [`StoreError`]s. A backend (SQLite
//! today, a server engine later) implements these traits; everything above —
//! the check-in and case-step orchestration in [`super::service`], the desk, the
//! command line — sees only the traits. DESIGN.md §3 says how to add a backend.
//!
//! Two kinds of operation live here. The book traits are whole operations that a
//! backend answers with its own queries (reads, and small writes with no rule in
//! them). [`Tx`] is the set of primitives a unit of work is made of: the
//! orchestration runs the rules above the backend and calls these inside one
//! transaction that [`UnitOfWork::run`] opens.

use super::error::{Result, StoreError};
use super::records::*;
use crate::domain::anchor::Anchor;
use crate::domain::clocks::ClockConfig;
use crate::domain::flags::FlagConfig;
use crate::domain::history::PersonFacts;
use crate::domain::numbering::{format_case_no, parse_case_no};
use crate::domain::{CaseStatus, Channel, EventKind, QueueStatus, Role};
use crate::search::Page;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::path::Path;

/// Rules that an office may tune (clocks, flag thresholds, the yearly targets).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    pub clocks: ClockConfig,
    pub flags: FlagConfig,
    pub risk: crate::domain::risk::RiskConfig,
    pub targets: crate::domain::figures::Targets,
    /// 满意度评价: the rating window (`[ratings]`).
    pub ratings: crate::domain::ratings::RatingConfig,
}

/// What an operation needs besides its arguments: when it happens, and the
/// office's rules. The service makes one per call from its clock, so a backend
/// never reads the wall clock itself (bulk jobs replay the past).
#[derive(Debug, Clone)]
pub struct Ctx {
    pub now: DateTime<FixedOffset>,
    pub rules: Rules,
}

impl Ctx {
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// The instant as the record writes it.
    pub fn stamp(&self) -> String {
        crate::time::stamp(self.now)
    }
}

/// Finding people: the lookup and what a person's card and page show.
pub trait PeopleBook {
    /// The best `limit` people for a query, ranked by `crate::search` over the
    /// search keys the backend keeps current (see [`Tx::refresh_search_keys`]).
    fn lookup_page(&self, query: &str, limit: usize) -> Result<Page>;
    /// People on record (merged-away records not counted).
    fn people_on_record(&self) -> Result<i64>;
    /// The highest person id ever given (0 on an empty record).
    fn highest_person_id(&self) -> Result<i64>;
    /// Name, ID number and phone of a person still on record (benchmark input).
    fn person_identifiers(&self, petitioner_id: i64) -> Result<Option<Identifiers>>;
    /// Every name on record, for comparing the ranking with a scan of all of them.
    fn names(&self) -> Result<Vec<String>>;
    /// Cards for these people, in the order given, flagged by the domain's rules.
    fn cards(&self, cx: &Ctx, ids: &[i64]) -> Result<Vec<PetitionerCard>>;
    /// A person with everything the desk knows about them, newest first.
    fn person_detail(&self, cx: &Ctx, petitioner_id: i64) -> Result<PersonDetail>;
}

/// The walk-in queue and the desk's status line.
pub trait QueueBook {
    fn queue(&self, day: NaiveDate, open_only: bool) -> Result<Vec<QueueRow>>;
    fn queue_contact(&self, day: NaiveDate, queue_no: i64) -> Result<i64>;
    fn desk_counts(&self, today: NaiveDate) -> Result<DeskCounts>;
}

/// Reading cases (their steps are written through [`Tx`]).
pub trait CaseBook {
    /// One case with its people, contacts, events and clocks as of `cx`.
    fn case_detail(&self, cx: &Ctx, case_no: &str) -> Result<CaseDetail>;
    fn case_exists(&self, case_no: &str) -> Result<bool>;
    /// Whether a contact imported from a row with this fingerprint is on record.
    fn imported(&self, import_key: &str) -> Result<bool>;
}

/// Reading shifts and handovers (班次、交班); they are written through [`Tx`].
pub trait ShiftBook {
    fn current_shift(&self, officer: &str) -> Result<Option<Shift>>;
    fn last_shift(&self, officer: &str) -> Result<Option<Shift>>;
    fn shifts_of(&self, officer: &str, limit: usize) -> Result<Vec<Shift>>;
    fn pending_handovers(&self, officer: &str) -> Result<Vec<Handover>>;
    fn last_handover(&self) -> Result<Option<Handover>>;
    fn handover_summary(
        &self,
        cx: &Ctx,
        officer: &str,
        since: Option<DateTime<FixedOffset>>,
        until: Option<DateTime<FixedOffset>>,
    ) -> Result<HandoverSummary>;
}

/// The audit log, exports and figures.
pub trait RecordBook {
    /// The audit log, newest first, narrowed by `filter`.
    fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>>;
    fn count_contacts(&self, range: DayRange) -> Result<u64>;
    /// Streams the contacts of `range` to `each`, oldest first; returns how many.
    fn export_contacts(
        &self,
        range: DayRange,
        reveal: bool,
        each: &mut dyn FnMut(&ExportRow) -> Result<()>,
    ) -> Result<u64>;
    fn stats(&self, cx: &Ctx, from: NaiveDate, to: NaiveDate) -> Result<Stats>;
    /// What the office's figures (考核) of the local days `from..=to` are counted
    /// from: the matters that can count in it, its contacts, the 老户 roster at its
    /// start, and the cases overdue now.
    fn figure_facts(
        &self,
        cx: &Ctx,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<super::figure_facts::FigureFacts>;
    /// `stats`' figures and the office's figures of the local days
    /// `from..=to` from sums the backend keeps by day, when it keeps them and
    /// they can serve; none sends the caller to [`RecordBook::stats`] and
    /// [`RecordBook::figure_facts`], which give the same.
    fn kept_figures(
        &self,
        _cx: &Ctx,
        _from: NaiveDate,
        _to: NaiveDate,
    ) -> Result<Option<super::figure_facts::KeptFigures>> {
        Ok(None)
    }
}

/// What a watched record tells the desk ([`Admin::watch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Another desk committed a write.
    Changed,
    /// The signal stopped (the connection dropped): poll again.
    Lost,
}

/// Called from a thread of the backend's on each [`Signal`]; returns false once
/// nobody listens any more, which ends the watch.
pub type Wake = Box<dyn FnMut(Signal) -> bool + Send>;

/// The lists the desk picks from, and looking after the record as a whole.
pub trait Admin {
    /// Where the record lives, for messages (a file; a server's address).
    fn location(&self) -> &Path;
    /// Changes whenever another desk commits; the screen polls it to refresh.
    fn data_version(&self) -> Result<i64>;
    /// Starts calling `wake` as other desks commit, for as long as the store
    /// lives; false (and `wake` dropped) when this backend has no such signal and
    /// the desk must poll [`Admin::data_version`].
    fn watch(&self, wake: Wake) -> Result<bool>;
    /// The roster: active officers first, then retired ones.
    fn officers(&self) -> Result<Vec<Officer>>;
    /// With `Some(account)` (the host account this process runs as), an officer bound
    /// to a host account acts only from it, and a bound account acts only as its
    /// officer; `None` turns the binding off.
    fn bind_host_accounts(&mut self, running_as: Option<String>);
    fn units(&self) -> Result<Vec<Unit>>;
    fn categories(&self) -> Result<Vec<Category>>;
    fn add_unit(&mut self, cx: &Ctx, name: &str) -> Result<Unit>;
    fn add_category(&mut self, name: &str, parent: Option<&str>) -> Result<Category>;
    /// Checks the storage, the timeline's hash chain, and that every case's stored
    /// status, handler, unit and first officer agree with its timeline; and that
    /// the chain still holds each of `anchors` (heads taken earlier) at its place.
    /// With `since`, only what the ledger took in after that anchor is checked.
    fn verify(&self, anchors: &[Anchor], since: Option<&Anchor>) -> Result<VerifyReport>;
    /// [`Admin::verify`], telling `progress` how far it got (a full verify of a
    /// large record takes a while). A backend that cannot say only verifies.
    fn verify_watched(
        &self,
        anchors: &[Anchor],
        since: Option<&Anchor>,
        progress: super::records::VerifyProgress<'_>,
    ) -> Result<VerifyReport> {
        let _ = progress;
        self.verify(anchors, since)
    }
    /// The newest entry of the ledger's chain as an anchor; `None` on an empty one.
    fn chain_head(&self) -> Result<Option<Anchor>>;
    /// Copies the whole record, consistently while desks write, into `out`: a
    /// new, empty file that the caller created (see `crate::outfile`). Returns
    /// the copy's own chain head (the live record's may have moved on since).
    fn backup_into(&self, out: &Path) -> Result<Option<Anchor>>;
    /// Bytes the search keys take in storage (what scale costs on disk).
    fn search_keys_bytes(&self) -> Result<i64>;
    /// Does a little of the search keys' deferred upkeep, at a quiet moment (the
    /// desk's poll); true when some is left. A backend that keeps its keys current
    /// in every write has none.
    fn fold_search_keys(&mut self) -> Result<bool> {
        Ok(false)
    }
    /// One long transaction for a bulk job; every unit of work inside it becomes
    /// a nested one that still leaves nothing behind when it fails.
    fn begin_batch(&mut self) -> Result<()>;
    fn commit_batch(&mut self) -> Result<()>;
    fn rollback_batch(&mut self) -> Result<()>;
    /// Commits what a long bulk job has written so far and goes on in a new batch:
    /// the job's memory, journal and seal stay the size of one stretch of it.
    fn batch_checkpoint(&mut self) -> Result<()> {
        self.commit_batch()?;
        self.begin_batch()
    }
    /// Inside a batch over a record with no people and no cases yet: from now on
    /// the units of work run on rows held in memory, written out by
    /// [`Admin::flush_bulk`] in large batches (a demo's million people). False when
    /// this backend or record runs them as usual (a server; a record with people).
    fn begin_bulk(&mut self) -> Result<bool> {
        Ok(false)
    }
    /// Writes the rows held into the batch, before its checkpoint or commit.
    fn flush_bulk(&mut self) -> Result<()> {
        Ok(())
    }
    /// Writes the rows held and goes back to running units of work as usual.
    fn end_bulk(&mut self) -> Result<()> {
        Ok(())
    }
    /// A new file that nobody else sees until it is complete (the demo's, loaded
    /// under a hidden name): no journal on disk and nothing synced until
    /// [`Admin::end_loading`]. False when this backend or record stays as it is.
    fn begin_loading(&mut self) -> Result<bool> {
        Ok(false)
    }
    /// Makes the loaded file durable and what any other is.
    fn end_loading(&mut self) -> Result<()> {
        Ok(())
    }
}

/// Runs units of work: all of a unit's primitives commit together or not at all.
pub trait UnitOfWork {
    /// Runs `work` in one write transaction that takes the write lock up front
    /// (numbers are allocated inside it, so two desks never draw the same one).
    /// A backend may run `work` again after a serialization failure, so `work`
    /// must keep its effects inside the transaction.
    fn run(&mut self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()>;
}

/// A whole backend: what [`super::Store`] holds.
pub trait Backend:
    PeopleBook
    + QueueBook
    + CaseBook
    + ShiftBook
    + RecordBook
    + super::leaders::LeaderBook
    + Admin
    + UnitOfWork
    + super::risk_port::RiskBook
    + super::ratings_port::RatingBook
    + Send
{
}

impl<T> Backend for T where
    T: PeopleBook
        + QueueBook
        + CaseBook
        + ShiftBook
        + RecordBook
        + super::leaders::LeaderBook
        + Admin
        + UnitOfWork
        + super::risk_port::RiskBook
        + super::ratings_port::RatingBook
        + Send
{
}

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

/// Where an officer's shifts stand (see [`Tx::duty`]).
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

/// Who a check-in's person may be (see [`Tx::people_matching`]).
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

/// The primitives a unit of work is made of. Each is one small read or write with
/// no rule in it; the rules run in the service between the calls.
pub trait Tx {
    /// The leaders' registers' primitives in this same unit of work.
    fn leaders(&mut self) -> &mut dyn super::leaders::LeaderTx;
    /// The acting officer: active on the roster and, when the office binds names to
    /// host accounts, signed in from their own. On an empty roster the first name to
    /// act becomes its 科长 (recorded); otherwise an unknown name is refused with the
    /// closest names on the roster.
    fn officer_id(&mut self, name: &str, at: &str) -> Result<i64>;
    /// The acting officer (as [`officer_id`](Tx::officer_id)) and where their
    /// shifts stand ([`duty`](Tx::duty)): what every write asks first, in one
    /// step, which a server's adapter takes in one round trip.
    fn acting_on_duty(&mut self, name: &str, at: &str) -> Result<(i64, Duty)> {
        let id = self.officer_id(name, at)?;
        Ok((id, self.duty(id)?))
    }
    /// What a check-in asks first: the acting officer with their duty (as
    /// [`acting_on_duty`](Tx::acting_on_duty)) and who its person may be (as
    /// [`people_matching`](Tx::people_matching)); a server's adapter reads both in
    /// one round trip.
    fn acting_and_matching(
        &mut self,
        (name, at): (&str, &str),
        id_number: Option<&str>,
        like: Option<&Likeness<'_>>,
    ) -> Result<((i64, Duty), Matching)> {
        let acting = self.acting_on_duty(name, at)?;
        Ok((acting, self.people_matching(id_number, like)?))
    }
    /// Where the officer's shifts stand: their open shift, or else how their
    /// most recent one ended.
    fn duty(&mut self, officer_id: i64) -> Result<Duty> {
        if let Some(open) = self.open_shift(officer_id)? {
            return Ok(Duty {
                open: Some(open),
                handed_over: None,
            });
        }
        let Some(id) = self.latest_shift(officer_id)? else {
            return Ok(Duty::default());
        };
        let last = self.shift(id)?;
        Ok(Duty {
            open: None,
            handed_over: last.and_then(|s| s.handed_to.zip(s.ended_at)),
        })
    }
    /// An active officer on the roster by exact name (a handler, the incoming
    /// officer): never invents one.
    fn existing_officer_id(&mut self, name: &str) -> Result<i64>;
    /// An officer on the roster by exact name, active or retired.
    fn roster_member(&mut self, name: &str) -> Result<Option<Officer>>;
    /// Puts a new officer on the roster; refuses a name or host account in use.
    fn insert_officer(&mut self, new: &NewOfficer, at: &str) -> Result<i64>;
    /// Renames or retires an officer; the id (and so their history) stays.
    fn update_officer(&mut self, id: i64, change: &OfficerChange) -> Result<()>;
    /// How many active 科长 the roster has.
    fn active_chiefs(&mut self) -> Result<i64>;
    /// How many officers the roster has, retired ones included.
    fn roster_size(&mut self) -> Result<i64>;
    fn unit_id(&mut self, name: &str) -> Result<i64>;
    fn category_exists(&mut self, parent: &str, name: &str) -> Result<bool>;
    /// The top-level categories that have a sub-category of this name.
    fn category_parents(&mut self, name: &str) -> Result<Vec<String>>;
    /// The next number of a named sequence (`case:2026`, `queue:2026-03-01`, …),
    /// allocated in this transaction.
    fn next_number(&mut self, counter: &str) -> Result<i64>;
    /// Moves a named sequence forward to at least `value` (never back).
    fn raise_counter(&mut self, counter: &str, value: i64) -> Result<()>;
    /// The sequence numbers of the year's cases from `from` on, in order, at most
    /// `limit` of them (case numbers are zero-padded, so their order is the numbers').
    fn case_seqs_from(&mut self, year: i32, from: i64, limit: usize) -> Result<Vec<i64>>;

    /// Who a check-in's person may be, in one read (a round trip each would cost a
    /// server): the person holding `id_number`; and, only when nobody holds it and
    /// `like` is given, the people with its phone (up to [`PHONE_MATCHES`]) and
    /// with its name (up to [`NAME_MATCHES`]), each list by id.
    fn people_matching(
        &mut self,
        id_number: Option<&str>,
        like: Option<&Likeness<'_>>,
    ) -> Result<Matching>;
    /// A person's record as stored; `None` when there is no such person.
    fn person_state(&mut self, petitioner_id: i64) -> Result<Option<PersonState>>;
    fn insert_person(&mut self, person: &NewPerson<'_>) -> Result<i64>;
    /// Sets the phone and address given; the ID number only where none is recorded.
    fn update_person(
        &mut self,
        petitioner_id: i64,
        phone: Option<&str>,
        address: Option<&str>,
        id_number: Option<(&str, bool)>,
    ) -> Result<()>;
    /// Marks a person changed so that search indexes pick them up again.
    fn touch_person(&mut self, petitioner_id: i64) -> Result<()>;
    /// Brings one person's search keys up to date with their record, cases and
    /// latest contact; a merged-away person loses theirs. Called in the unit of
    /// work of every write that changes a key, so a lookup at any desk sees it.
    fn refresh_search_keys(&mut self, petitioner_id: i64) -> Result<()>;
    /// A person a unit of work changed: marked for search indexes
    /// ([`touch_person`](Tx::touch_person)) and, with `keys`, their search keys
    /// brought up to date ([`refresh_search_keys`](Tx::refresh_search_keys)); one
    /// step, which a server's adapter takes in fewer round trips.
    fn person_changed(&mut self, petitioner_id: i64, keys: bool) -> Result<()> {
        self.touch_person(petitioner_id)?;
        if keys {
            self.refresh_search_keys(petitioner_id)?;
        }
        Ok(())
    }
    /// Derives everyone's search keys again in one pass (after a bulk fill);
    /// returns how many people were keyed.
    fn rebuild_search_keys(&mut self) -> Result<usize>;
    fn set_long_standing(&mut self, petitioner_id: i64, on: bool) -> Result<()>;
    /// Moves one person's contacts and case memberships to another; returns how
    /// many contacts moved.
    fn move_person_records(&mut self, from: i64, to: i64) -> Result<usize>;
    fn clear_id_number(&mut self, petitioner_id: i64) -> Result<()>;
    /// Leaves a merged record on file, pointing at the one it was merged into.
    fn set_merged_into(&mut self, petitioner_id: i64, into: i64) -> Result<()>;
    /// A person's past, plus the case a new contact is about to join (which may
    /// not be theirs yet).
    fn person_facts(&mut self, petitioner_id: i64, joining: Option<i64>) -> Result<PersonFacts>;

    fn case_state(&mut self, case_no: &str) -> Result<Option<CaseState>>;
    fn insert_case(&mut self, case: &NewCase<'_>) -> Result<i64>;
    /// Puts a new case on record unless a case holds its number already (one
    /// imported with it): then nothing is written and the answer is `None`. A
    /// drawn number and its check in one step, which is one round trip to a server.
    fn insert_case_unless_taken(&mut self, case: &NewCase<'_>) -> Result<Option<i64>>;
    /// Draws the next number of `counter` and puts `case` on record under it
    /// (`format_case_no(year, seq)`, whatever `case.case_no` says) unless a case
    /// holds that number: the number drawn, and the new case's id when it was
    /// inserted. A server does both in one round trip.
    fn insert_next_case(
        &mut self,
        counter: &str,
        year: i32,
        case: &NewCase<'_>,
    ) -> Result<(i64, Option<i64>)> {
        let seq = self.next_number(counter)?;
        let no = crate::domain::numbering::format_case_no(year, seq);
        let numbered = NewCase {
            case_no: &no,
            ..case.clone()
        };
        Ok((seq, self.insert_case_unless_taken(&numbered)?))
    }
    fn update_case(&mut self, case_id: i64, change: &CaseChange<'_>) -> Result<()>;
    /// Adds a person to a case (nothing if they are on it already).
    fn link_person(&mut self, case_id: i64, petitioner_id: i64, role: Role) -> Result<()>;
    fn case_people(&mut self, case_id: i64) -> Result<Vec<i64>>;
    /// Records the upper office's terms of a matter from above.
    fn set_upper(
        &mut self,
        case_id: i64,
        source: crate::domain::Source,
        terms: &crate::domain::assigned::UpperTerms,
    ) -> Result<()>;
    fn set_reported_back(&mut self, case_id: i64, on: NaiveDate) -> Result<()>;
    /// A person's contacts, oldest first: (contact id, its flags).
    fn person_contact_flags(
        &mut self,
        petitioner_id: i64,
    ) -> Result<Vec<(i64, Vec<crate::domain::Flag>)>>;
    fn set_contact_flags(&mut self, contact_id: i64, flags: &[crate::domain::Flag]) -> Result<()>;
    /// Records a duplicate matter as merged into another.
    fn set_merged(&mut self, case_id: i64, into_case_id: i64, on: NaiveDate) -> Result<()>;
    fn matter_state(&mut self, case_id: i64) -> Result<MatterState>;
    /// Whether the case's timeline already links to `other_case_no`.
    fn has_link(&mut self, case_id: i64, other_case_no: &str) -> Result<bool>;
    /// Appends one event to the hash-chained timeline and refreshes the case's
    /// cached due date; returns the event's id.
    fn append_event(
        &mut self,
        case_id: i64,
        at: &str,
        officer_id: i64,
        kind: EventKind,
        detail: &serde_json::Value,
        clocks: &ClockConfig,
    ) -> Result<i64>;
    fn insert_contact(&mut self, contact: &NewContact<'_>) -> Result<i64>;
    /// A check-in's contact recorded in one step (one round trip to a server):
    /// its person linked to the case as the principal (as
    /// [`link_person`](Tx::link_person)); for a walk-in, the next number of the
    /// day's queue drawn (`queue`: the day and its counter, as
    /// [`next_number`](Tx::next_number) draws it); the contact inserted with it
    /// (its own `queue` is not read). Returns the contact's id and its number.
    fn insert_principal_contact(
        &mut self,
        contact: &NewContact<'_>,
        queue: Option<(NaiveDate, &str)>,
    ) -> Result<(i64, Option<i64>)> {
        self.link_person(contact.case_id, contact.petitioner_id, Role::Principal)?;
        let queue = match queue {
            Some((day, counter)) => Some((day, self.next_number(counter)?)),
            None => None,
        };
        let id = self.insert_contact(&NewContact {
            queue,
            ..contact.clone()
        })?;
        Ok((id, queue.map(|(_, n)| n)))
    }
    /// The officer's open shift, if any.
    fn open_shift(&mut self, officer_id: i64) -> Result<Option<i64>>;
    fn insert_shift(&mut self, officer_id: i64, at: &str) -> Result<i64>;
    fn shift(&mut self, id: i64) -> Result<Option<Shift>>;
    fn update_shift(&mut self, id: i64, change: &ShiftChange<'_>) -> Result<()>;
    /// The newest handover to the officer that nobody acknowledged yet.
    fn latest_handover_to(&mut self, officer_id: i64) -> Result<Option<i64>>;
    /// The newest entry of the ledger's chain, as sealed before this unit of work.
    fn chain_head(&mut self) -> Result<Option<Anchor>>;
    /// A walk-in's place in the queue; `None` when the contact is not a walk-in.
    fn queue_state(&mut self, contact_id: i64) -> Result<Option<QueueState>>;
    fn update_queue(&mut self, contact_id: i64, change: &QueueChange<'_>) -> Result<()>;
    /// The officer's most recent shift (open or not), for who may still write.
    fn latest_shift(&mut self, officer_id: i64) -> Result<Option<i64>>;
    /// Records an act in the audit log, with the host account that ran it; without
    /// an officer, that account alone says who.
    fn audit(
        &mut self,
        at: &str,
        officer_id: Option<i64>,
        action: &str,
        subject: &str,
    ) -> Result<()>;
    /// The registers' primitives (screening, plans, skip-level contacts).
    fn risk(&mut self) -> &mut dyn super::risk_port::RiskTx;
    /// 满意度评价 and 回访 in this same unit of work.
    fn ratings(&mut self) -> &mut dyn super::ratings_port::RatingTx;
}

/// For a unit of work that cannot have run (a bug, not a user's mistake).
pub(crate) fn not_run() -> StoreError {
    StoreError::Backend("the unit of work did not run".into())
}

/// A case number as the record writes it (`2026-000123`), from what an officer
/// typed; every backend stores and looks cases up by this form.
pub(crate) fn canonical_case_no(s: &str) -> Result<String> {
    parse_case_no(s.trim())
        .map(|(y, n)| format_case_no(y, n))
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "{} is not a case number (like 2026-000123)",
                crate::text::excerpt(s, 40)
            ))
        })
}
