//! An event appended to the timeline, held back by the unit of work so that it
//! rides in the statement that follows when that one can take it (the contact's
//! insert, a person's keys' read): a check-in's two events then cost no round
//! trip of their own. Whatever else comes next sends it first (`PgTx::tx`), and
//! so does the end of the unit before its seal reads what it wrote.

use super::rows::exec;
use crate::store::error::Result;
use postgres::types::ToSql;
use postgres::GenericClient;

/// The event's row, the chain's head kept in `meta`, and the case's due date
/// (its row left alone when the date stands: an update that changes nothing
/// still writes a new version of the row, its indexes' entries when the date was
/// unset, and runs the ledger's trigger).
#[derive(Debug)]
pub(in crate::store) struct EventWrite {
    pub(super) id: i64,
    pub(super) case_id: i64,
    pub(super) at: String,
    pub(super) officer_id: i64,
    pub(super) kind: &'static str,
    pub(super) detail: String,
    pub(super) hash: Vec<u8>,
    pub(super) hex: String,
    pub(super) length: String,
    pub(super) due_clock: Option<&'static str>,
    pub(super) due_on: Option<String>,
}

impl EventWrite {
    /// The write as common table expressions (without `WITH`), its parameters
    /// numbered from `$base + 1` on: after the statement's own.
    pub(super) fn ctes(&self, base: usize) -> String {
        let p = |n: usize| format!("${}", base + n);
        format!(
            "jiedai_event AS (
                 INSERT INTO events(id, case_id, at, officer_id, kind, detail, hash)
                 VALUES ({}, {}, {}, {}, {}, {}, {})),
             jiedai_head AS (
                 INSERT INTO meta(key, value) VALUES ('chain_head', {}), ('chain_length', {})
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value),
             jiedai_due AS (UPDATE cases SET due_clock = {}, due_on = {} WHERE id = {}
                              AND (due_clock, due_on) IS DISTINCT FROM ({}, {}))",
            p(1),
            p(2),
            p(3),
            p(4),
            p(5),
            p(6),
            p(7),
            p(8),
            p(9),
            p(10),
            p(11),
            p(2),
            p(10),
            p(11)
        )
    }

    /// The values of the parameters [`ctes`](Self::ctes) names, in order.
    pub(super) fn params(&self) -> [&(dyn ToSql + Sync); 11] {
        [
            &self.id,
            &self.case_id,
            &self.at,
            &self.officer_id,
            &self.kind,
            &self.detail,
            &self.hash,
            &self.hex,
            &self.length,
            &self.due_clock,
            &self.due_on,
        ]
    }

    /// Sends the write on its own.
    pub(super) fn execute<C: GenericClient>(&self, c: &mut C) -> Result<()> {
        exec(
            c,
            &format!("WITH {} SELECT 1", self.ctes(0)),
            &self.params(),
        )?;
        Ok(())
    }
}
