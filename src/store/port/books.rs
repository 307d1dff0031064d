//! The book traits: whole reads (and small writes with no rule in them) that a
//! backend answers with its own queries.

use super::context::Ctx;
use super::tx_records::Identifiers;
use crate::search::Page;
use crate::store::error::Result;
use crate::store::records::*;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// Finding people: the lookup and what a person's card and page show.
pub trait PeopleBook {
    /// The best `limit` people for a query, ranked by `crate::search` over the
    /// search keys the backend keeps current (see [`Tx::refresh_search_keys`](super::Tx::refresh_search_keys)).
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

/// Reading cases (their steps are written through [`Tx`](super::Tx)).
pub trait CaseBook {
    /// One case with its people, contacts, events and clocks as of `cx`.
    fn case_detail(&self, cx: &Ctx, case_no: &str) -> Result<CaseDetail>;
    fn case_exists(&self, case_no: &str) -> Result<bool>;
    /// Whether a contact imported from a row with this fingerprint is on record.
    fn imported(&self, import_key: &str) -> Result<bool>;
}

/// Reading shifts and handovers (班次、交班); they are written through [`Tx`](super::Tx).
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
    ) -> Result<crate::store::figure_facts::FigureFacts>;
    /// `stats`' figures and the office's figures of the local days
    /// `from..=to` from sums the backend keeps by day, when it keeps them and
    /// they can serve (`by_month`: each month's sums as well); none sends the
    /// caller to [`RecordBook::stats`] and [`RecordBook::figure_facts`], which
    /// give the same.
    fn kept_figures(
        &self,
        _cx: &Ctx,
        _from: NaiveDate,
        _to: NaiveDate,
        _by_month: bool,
    ) -> Result<Option<crate::store::figure_facts::KeptFigures>> {
        Ok(None)
    }
}
