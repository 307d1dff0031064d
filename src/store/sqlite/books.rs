//! The port's book traits for the SQLite adapter: each passes to the inherent
//! method of the same name, written next to its SQL in the module of its concern.

use super::SqliteStore;
use crate::search::Page;
use crate::store::error::Result;
use crate::store::port::{
    CaseBook, Ctx, Identifiers, PeopleBook, QueueBook, RecordBook, ShiftBook,
};
use crate::store::records::*;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// Implements `$trait` by calling `SqliteStore::$name` (inherent methods win over
/// trait methods in a path, so this never recurses).
macro_rules! books {
    ($trait:ident {
        $(ref fn $r:ident($($ra:ident: $rt:ty),*) -> $rret:ty;)*
        $(mut fn $m:ident($($ma:ident: $mt:ty),*) -> $mret:ty;)*
    }) => {
        impl $trait for SqliteStore {
            $(fn $r(&self $(, $ra: $rt)*) -> Result<$rret> {
                SqliteStore::$r(self $(, $ra)*)
            })*
            $(fn $m(&mut self $(, $ma: $mt)*) -> Result<$mret> {
                SqliteStore::$m(self $(, $ma)*)
            })*
        }
    };
}

books!(PeopleBook {
    ref fn lookup_page(query: &str, limit: usize) -> Page;
    ref fn people_on_record() -> i64;
    ref fn highest_person_id() -> i64;
    ref fn person_identifiers(petitioner_id: i64) -> Option<Identifiers>;
    ref fn names() -> Vec<String>;
    ref fn cards(cx: &Ctx, ids: &[i64]) -> Vec<PetitionerCard>;
    ref fn person_detail(cx: &Ctx, petitioner_id: i64) -> PersonDetail;
});

books!(QueueBook {
    ref fn queue(day: NaiveDate, open_only: bool) -> Vec<QueueRow>;
    ref fn queue_contact(day: NaiveDate, queue_no: i64) -> i64;
    ref fn desk_counts(today: NaiveDate) -> DeskCounts;
});

books!(CaseBook {
    ref fn case_detail(cx: &Ctx, case_no: &str) -> CaseDetail;
    ref fn case_exists(case_no: &str) -> bool;
    ref fn imported(import_key: &str) -> bool;
});

books!(ShiftBook {
    ref fn current_shift(officer: &str) -> Option<Shift>;
    ref fn last_shift(officer: &str) -> Option<Shift>;
    ref fn shifts_of(officer: &str, limit: usize) -> Vec<Shift>;
    ref fn pending_handovers(officer: &str) -> Vec<Handover>;
    ref fn last_handover() -> Option<Handover>;
    ref fn handover_summary(
        cx: &Ctx,
        officer: &str,
        since: Option<DateTime<FixedOffset>>,
        until: Option<DateTime<FixedOffset>>
    ) -> HandoverSummary;
});

books!(RecordBook {
    ref fn audit_log(filter: &AuditFilter) -> Vec<AuditRow>;
    ref fn count_contacts(range: DayRange) -> u64;
    ref fn export_contacts(
        range: DayRange,
        reveal: bool,
        each: &mut dyn FnMut(&ExportRow) -> Result<()>
    ) -> u64;
    ref fn stats(cx: &Ctx, from: NaiveDate, to: NaiveDate) -> Stats;
    ref fn figure_facts(cx: &Ctx, from: NaiveDate, to: NaiveDate) -> crate::store::FigureFacts;
    ref fn kept_figures(
        cx: &Ctx,
        from: NaiveDate,
        to: NaiveDate,
        by_month: bool
    ) -> Option<crate::store::figure_facts::KeptFigures>;
});
