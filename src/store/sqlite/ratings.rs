//! 满意度评价 and 回访 in SQLite: one row per rating (a stage of a case is rated
//! once), one per 回访 a 不满意 rating opened. The timeline carries both as
//! events too (`evaluate`, `follow_up`: the timeline is the authority); these
//! tables let the queue, the handover, the report and the figures ask with one
//! query each.

use super::tx::SqliteTx;
use super::SqliteStore;
use crate::domain::ratings::{FollowUpResult, RatingStage};
use crate::domain::roster::OfficerRole;
use crate::store::error::Result;
use crate::store::ratings_port::{
    FollowUpClose, FollowUpItem, NewRating, OpenFollowUp, RatingBook, RatingTx,
};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The migration that adds them; written to run again over a file that has them.
pub(super) const SCHEMA: &str = r#"
    CREATE TABLE IF NOT EXISTS ratings (
        id         INTEGER PRIMARY KEY,
        case_id    INTEGER NOT NULL REFERENCES cases(id),
        stage      TEXT NOT NULL,
        result     TEXT NOT NULL,
        via        TEXT NOT NULL,
        rated_on   TEXT NOT NULL,
        officer_id INTEGER NOT NULL REFERENCES officers(id),
        at         TEXT NOT NULL,
        UNIQUE (case_id, stage)
    ) STRICT;
    CREATE TABLE IF NOT EXISTS follow_ups (
        id         INTEGER PRIMARY KEY,
        rating_id  INTEGER NOT NULL UNIQUE REFERENCES ratings(id),
        case_id    INTEGER NOT NULL REFERENCES cases(id),
        chief_id   INTEGER NOT NULL REFERENCES officers(id),
        due_on     TEXT NOT NULL,
        closed_on  TEXT,
        result     TEXT,
        text       TEXT,
        closed_by  INTEGER REFERENCES officers(id),
        closed_at  TEXT
    ) STRICT;
    CREATE INDEX IF NOT EXISTS follow_ups_open ON follow_ups(due_on) WHERE closed_on IS NULL;
    CREATE INDEX IF NOT EXISTS follow_ups_case ON follow_ups(case_id);
"#;

fn day(s: &str) -> NaiveDate {
    s.get(..10)
        .and_then(|d| d.parse().ok())
        .unwrap_or(NaiveDate::MIN)
}

const ITEM_COLUMNS: &str = "f.id, c.case_no,
    coalesce((SELECT p.name FROM case_petitioners cp JOIN petitioners p ON p.id = cp.petitioner_id
              WHERE cp.case_id = c.id ORDER BY cp.role <> 'principal', p.id LIMIT 1), ''),
    r.stage, r.rated_on, o.name, f.due_on, f.closed_on, f.result, f.text, u.name
    FROM follow_ups f JOIN ratings r ON r.id = f.rating_id JOIN cases c ON c.id = f.case_id
    JOIN officers o ON o.id = f.chief_id LEFT JOIN units u ON u.id = c.unit_id";

fn item(r: &Row<'_>) -> rusqlite::Result<FollowUpItem> {
    Ok(FollowUpItem {
        id: r.get(0)?,
        case_no: r.get(1)?,
        name: r.get(2)?,
        stage: RatingStage::from_code(&r.get::<_, String>(3)?).unwrap_or(RatingStage::Reply),
        rated_on: day(&r.get::<_, String>(4)?),
        chief: r.get(5)?,
        due_on: day(&r.get::<_, String>(6)?),
        closed_on: r.get::<_, Option<String>>(7)?.as_deref().map(day),
        result: r
            .get::<_, Option<String>>(8)?
            .as_deref()
            .and_then(FollowUpResult::from_code),
        text: r.get(9)?,
        unit: r.get(10)?,
    })
}

fn has_tables(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'follow_ups'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

fn items(
    conn: &Connection,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<FollowUpItem>> {
    if !has_tables(conn)? {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT {ITEM_COLUMNS} WHERE {filter} ORDER BY f.due_on, c.case_no, f.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(args, item)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl RatingBook for SqliteStore {
    fn follow_ups(&self, open_only: bool) -> Result<Vec<FollowUpItem>> {
        items(
            self.conn(),
            "(?1 = 0 OR f.closed_on IS NULL)",
            params![open_only],
        )
    }

    fn follow_ups_for_report(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<FollowUpItem>> {
        items(
            self.conn(),
            "f.closed_on IS NULL OR r.rated_on BETWEEN ?1 AND ?2",
            params![from.to_string(), to.to_string()],
        )
    }
}

impl RatingTx for SqliteTx<'_> {
    fn case_ratings(&mut self, case_id: i64) -> Result<Vec<(RatingStage, NaiveDate)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT stage, rated_on FROM ratings WHERE case_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([case_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (stage, on) = row?;
            if let Some(stage) = RatingStage::from_code(&stage) {
                out.push((stage, day(&on)));
            }
        }
        Ok(out)
    }

    fn insert_rating(&mut self, r: &NewRating<'_>) -> Result<i64> {
        self.conn()
            .prepare_cached(
                "INSERT INTO ratings(case_id, stage, result, via, rated_on, officer_id, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                r.case_id,
                r.stage.code(),
                r.result.code(),
                r.via.code(),
                r.rated_on.to_string(),
                r.officer_id,
                r.at,
            ])?;
        Ok(self.conn().last_insert_rowid())
    }

    fn chief(&mut self) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id, name FROM officers WHERE active = 1 AND role = ?1 ORDER BY id LIMIT 1",
            )?
            .query_row([OfficerRole::Chief.code()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn insert_follow_up(
        &mut self,
        rating_id: i64,
        case_id: i64,
        chief_id: i64,
        due_on: NaiveDate,
    ) -> Result<i64> {
        self.conn()
            .prepare_cached(
                "INSERT INTO follow_ups(rating_id, case_id, chief_id, due_on) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![rating_id, case_id, chief_id, due_on.to_string()])?;
        Ok(self.conn().last_insert_rowid())
    }

    fn open_follow_up(&mut self, case_id: i64) -> Result<Option<OpenFollowUp>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT f.id, r.stage, r.rated_on, f.due_on FROM follow_ups f
                 JOIN ratings r ON r.id = f.rating_id
                 WHERE f.case_id = ?1 AND f.closed_on IS NULL ORDER BY f.due_on, f.id LIMIT 1",
            )?
            .query_row([case_id], |r| {
                Ok(OpenFollowUp {
                    id: r.get(0)?,
                    stage: RatingStage::from_code(&r.get::<_, String>(1)?)
                        .unwrap_or(RatingStage::Reply),
                    rated_on: day(&r.get::<_, String>(2)?),
                    due_on: day(&r.get::<_, String>(3)?),
                })
            })
            .optional()?)
    }

    fn close_follow_up(&mut self, c: &FollowUpClose<'_>) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE follow_ups SET closed_on = ?2, result = ?3, text = ?4, closed_by = ?5,
                        closed_at = ?6
                 WHERE id = ?1 AND closed_on IS NULL",
            )?
            .execute(params![
                c.id,
                c.closed_on.to_string(),
                c.result.code(),
                c.text,
                c.officer_id,
                c.at,
            ])?;
        Ok(())
    }
}
