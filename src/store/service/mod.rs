//! The store the front ends hold: one backend behind the port, the office's clock
//! and rules, and the orchestration that runs the rules once above any backend
//! (check-in in [`checkin`], case steps in [`steps`]). Everything else passes
//! straight to the backend with the clock and rules of the moment.

mod checkin;
mod figures;
mod leader_views;
mod leaders;
pub use leader_views::LeadersReport;
pub use leaders::{BaoanInput, ReceptionInput};
mod receptions;
pub use receptions::{Opinion, Received};
mod matters;
mod notices;
pub use notices::{Extension, Notice};
mod people;
mod queue;
mod ratings;
mod risk;
mod risk_plans;
pub mod roster;
mod shifts;
mod steps;

pub use matters::ReportBack;
pub use queue::Undone as QueueUndone;
pub use ratings::{Evaluated, Evaluation, FollowUp};

use super::error::Result;
use super::port::{not_run, Backend, Ctx, Identifiers, Rules, Tx};
use super::records::*;
use super::sqlite::SqliteStore;
use crate::domain::anchor::Anchor;
use crate::search::{Hit, Page};
use crate::time::TimeSource;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::path::Path;

pub use risk::{ItemInput, ScreeningRegister};
pub use risk_plans::{LevelRegister, PlanStart, RegistersReport};

pub struct Store {
    pub(super) backend: Box<dyn Backend>,
    time: TimeSource,
    rules: Rules,
    /// A bulk job rebuilds the search keys at its end instead of with each write.
    defer_keys: bool,
}

impl Store {
    /// A store over any backend; `time` says what "now" is.
    pub fn new(backend: Box<dyn Backend>, time: TimeSource) -> Store {
        Store {
            backend,
            time,
            rules: Rules::default(),
            defer_keys: false,
        }
    }

    /// Opens (and, as `mode` says, creates and migrates) the SQLite file at `path`,
    /// or the PostgreSQL record a `postgresql://` address names.
    pub fn open(path: impl AsRef<Path>, mode: OpenMode, time: TimeSource) -> Result<Store> {
        if let Some(url) = path
            .as_ref()
            .to_str()
            .filter(|p| super::address::is_server(p))
        {
            return Store::open_server(url, mode, time);
        }
        let backend = SqliteStore::open(path.as_ref(), mode, &time)?;
        Ok(Store::new(Box::new(backend), time))
    }

    #[cfg(feature = "postgres")]
    fn open_server(url: &str, mode: OpenMode, time: TimeSource) -> Result<Store> {
        let backend = super::postgres::PgStore::open(url, mode, &time)?;
        Ok(Store::new(Box::new(backend), time))
    }

    #[cfg(not(feature = "postgres"))]
    fn open_server(url: &str, _mode: OpenMode, _time: TimeSource) -> Result<Store> {
        Err(super::error::StoreError::Invalid(format!(
            "{} names a PostgreSQL server, but this jiedai was built without the `postgres` feature; build it with `cargo build --features postgres`",
            super::address::redacted(url)
        )))
    }

    /// Where the record lives (the file, for SQLite).
    pub fn path(&self) -> &Path {
        self.backend.location()
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn set_rules(&mut self, rules: Rules) {
        self.rules = rules;
    }

    pub fn time(&self) -> &TimeSource {
        &self.time
    }

    /// Pins "now" for the operations that follow (bulk jobs that replay the past).
    pub fn set_time(&mut self, time: TimeSource) {
        self.time = time;
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        self.time.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.time.today()
    }

    pub(super) fn cx(&self) -> Ctx {
        Ctx {
            now: self.now(),
            rules: self.rules.clone(),
        }
    }

    /// Runs `work` as one unit of work on the backend: all or nothing. The backend
    /// may run it again after a serialization failure; only its last result counts.
    pub(crate) fn write<T>(&mut self, mut work: impl FnMut(&mut dyn Tx) -> Result<T>) -> Result<T> {
        let mut out = None;
        self.backend.run(&mut |tx| {
            out = Some(work(tx)?);
            Ok(())
        })?;
        out.ok_or_else(not_run)
    }

    /// Records an act that needs no data change of its own (an export, a backup);
    /// without an officer, the host account alone says who.
    pub fn record_audit(
        &mut self,
        officer: Option<&str>,
        action: crate::domain::audit::AuditAction,
        subject: &str,
    ) -> Result<()> {
        let at = self.cx().stamp();
        self.write(|tx| {
            let officer_id = officer.map(|o| tx.officer_id(o, &at)).transpose()?;
            tx.audit(&at, officer_id, action, subject)
        })
    }

    /// Records an export (and, when it carried unmasked numbers, that too) in one
    /// unit of work, so the log never holds half of it.
    pub fn record_export(
        &mut self,
        officer: &str,
        file: &str,
        range: DayRange,
        rows: u64,
        revealed: bool,
    ) -> Result<()> {
        let at = self.cx().stamp();
        let subject = format!("contacts:{rows} period:{} file:{file}", range.describe());
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            tx.audit(
                &at,
                Some(officer_id),
                crate::domain::audit::AuditAction::Export,
                &subject,
            )?;
            if revealed {
                tx.audit(
                    &at,
                    Some(officer_id),
                    crate::domain::audit::AuditAction::ExportRevealed,
                    &subject,
                )?;
            }
            Ok(())
        })
    }

    /// Checks the storage, the hash chain and every case against its timeline.
    pub fn verify(&self) -> Result<VerifyReport> {
        self.backend.verify(&[], None)
    }

    /// [`Store::verify`], and that the chain still holds each anchor at its place.
    pub fn verify_anchored(&self, anchors: &[Anchor]) -> Result<VerifyReport> {
        self.backend.verify(anchors, None)
    }

    /// What the ledger took in after `since` (an anchor taken earlier), and the
    /// anchors: the quick check between two full ones.
    pub fn verify_since(&self, since: &Anchor, anchors: &[Anchor]) -> Result<VerifyReport> {
        self.backend.verify(anchors, Some(since))
    }

    /// [`Store::verify_anchored`] or [`Store::verify_since`], telling `progress`
    /// how far it got.
    pub fn verify_watched(
        &self,
        since: Option<&Anchor>,
        anchors: &[Anchor],
        progress: crate::store::records::VerifyProgress<'_>,
    ) -> Result<VerifyReport> {
        self.backend.verify_watched(anchors, since, progress)
    }

    /// Cards for the hits of a query, best first.
    pub fn lookup_rows(&self, hits: &[Hit]) -> Result<Vec<LookupRow>> {
        let ids: Vec<i64> = hits.iter().map(|h| h.petitioner_id).collect();
        let cards = self.cards(&ids)?;
        Ok(cards
            .into_iter()
            .zip(hits)
            .map(|(card, hit)| LookupRow {
                card,
                match_kind: hit.kind,
                matched: hit.matched.clone(),
            })
            .collect())
    }

    /// Looks a person up on the persisted keys: a few index probes, never everyone.
    pub fn lookup(&self, query: &str, limit: usize) -> Result<Vec<LookupRow>> {
        self.lookup_rows(&self.lookup_page(query, limit)?.hits)
    }

    /// Bulk jobs that rebuild the keys at their end skip keeping them per write.
    pub fn defer_search_keys(&mut self, defer: bool) {
        self.defer_keys = defer;
    }

    /// Whether a write keeps the search keys current itself (see [`Store::defer_search_keys`]).
    pub(crate) fn keys_now(&self) -> bool {
        !self.defer_keys
    }

    /// Derives every person's keys again (after a bulk fill); returns how many people.
    pub fn rebuild_search_keys(&mut self) -> Result<usize> {
        self.write(|tx| tx.rebuild_search_keys())
    }

    pub fn export_contacts(
        &self,
        range: DayRange,
        reveal: bool,
        mut each: impl FnMut(&ExportRow) -> Result<()>,
    ) -> Result<u64> {
        self.backend.export_contacts(range, reveal, &mut each)
    }
}

/// Operations that pass straight to the backend, with the clock and rules of the
/// moment where the backend needs them.
macro_rules! pass {
    ($(fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty;)*) => {$(
        pub fn $name(&self $(, $arg: $ty)*) -> Result<$ret> {
            self.backend.$name($($arg),*)
        }
    )*};
    ($(fn $name:ident(&mut self $(, $arg:ident: $ty:ty)*) -> $ret:ty;)*) => {$(
        pub fn $name(&mut self $(, $arg: $ty)*) -> Result<$ret> {
            self.backend.$name($($arg),*)
        }
    )*};
}

macro_rules! pass_cx {
    ($(fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty;)*) => {$(
        pub fn $name(&self $(, $arg: $ty)*) -> Result<$ret> {
            self.backend.$name(&self.cx() $(, $arg)*)
        }
    )*};
    ($(fn $name:ident(&mut self $(, $arg:ident: $ty:ty)*) -> $ret:ty;)*) => {$(
        pub fn $name(&mut self $(, $arg: $ty)*) -> Result<$ret> {
            let cx = self.cx();
            self.backend.$name(&cx $(, $arg)*)
        }
    )*};
}

impl Store {
    pass! {
        fn data_version(&self) -> i64;
        fn watch(&self, wake: crate::store::Wake) -> bool;
        fn lookup_page(&self, query: &str, limit: usize) -> Page;
        fn people_on_record(&self) -> i64;
        fn highest_person_id(&self) -> i64;
        fn person_identifiers(&self, petitioner_id: i64) -> Option<Identifiers>;
        fn names(&self) -> Vec<String>;
        fn search_keys_bytes(&self) -> i64;
        fn queue(&self, day: NaiveDate, open_only: bool) -> Vec<QueueRow>;
        fn queue_contact(&self, day: NaiveDate, queue_no: i64) -> i64;
        fn desk_counts(&self, today: NaiveDate) -> DeskCounts;
        fn case_exists(&self, case_no: &str) -> bool;
        fn imported(&self, import_key: &str) -> bool;
        fn current_shift(&self, officer: &str) -> Option<Shift>;
        fn last_shift(&self, officer: &str) -> Option<Shift>;
        fn shifts_of(&self, officer: &str, limit: usize) -> Vec<Shift>;
        fn pending_handovers(&self, officer: &str) -> Vec<Handover>;
        fn last_handover(&self) -> Option<Handover>;
        fn audit_log(&self, filter: &AuditFilter) -> Vec<AuditRow>;
        fn chain_head(&self) -> Option<Anchor>;
        fn count_contacts(&self, range: DayRange) -> u64;
        fn officers(&self) -> Vec<Officer>;
        fn units(&self) -> Vec<Unit>;
        fn categories(&self) -> Vec<Category>;
        fn backup_into(&self, out: &Path) -> Option<Anchor>;
    }

    pass! {
        fn begin_batch(&mut self) -> ();
        fn commit_batch(&mut self) -> ();
        fn rollback_batch(&mut self) -> ();
        fn batch_checkpoint(&mut self) -> ();
        fn begin_bulk(&mut self) -> bool;
        fn flush_bulk(&mut self) -> ();
        fn end_bulk(&mut self) -> ();
        fn fold_search_keys(&mut self) -> bool;
        fn begin_loading(&mut self) -> bool;
        fn end_loading(&mut self) -> ();
        fn add_category(&mut self, name: &str, parent: Option<&str>) -> Category;
    }

    pass_cx! {
        fn person_detail(&self, petitioner_id: i64) -> PersonDetail;
        fn case_detail(&self, case_no: &str) -> CaseDetail;
        fn stats(&self, from: NaiveDate, to: NaiveDate) -> Stats;
        fn figure_facts(&self, from: NaiveDate, to: NaiveDate) -> crate::store::FigureFacts;
    }

    pass_cx! {
        fn add_unit(&mut self, name: &str) -> Unit;
    }
}
