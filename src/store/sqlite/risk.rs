//! The risk registers on SQLite: the schema of their migration, the division list
//! and the screening rounds and items. Plans and skip-level contacts are in
//! `risk_plans.rs`.

use crate::domain::risk::{
    Division, DivisionLevel, ItemState, PersonRef, RiskLevel, Round, ScopeKind, ScreeningItem,
};
use crate::store::error::Result;
use crate::store::risk_port::{ItemFilter, NewItem};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The registers' tables (one migration; `IF NOT EXISTS`, so a file whose version
/// was set back runs it again unharmed). Contacts keep their own row; what intake
/// learnt about level, place and screening sits beside it in `contact_risk`.
pub(super) const SCHEMA: &str = r#"
    CREATE TABLE IF NOT EXISTS divisions (
        code   TEXT PRIMARY KEY,
        name   TEXT NOT NULL,
        level  TEXT NOT NULL,
        parent TEXT
    ) STRICT;

    CREATE TABLE IF NOT EXISTS screening_rounds (
        id          INTEGER PRIMARY KEY,
        scope_kind  TEXT NOT NULL CHECK (scope_kind IN ('area', 'unit')),
        scope       TEXT NOT NULL CHECK (length(scope) BETWEEN 1 AND 80),
        due_on      TEXT NOT NULL,
        zero        INTEGER NOT NULL DEFAULT 0 CHECK (zero IN (0, 1)),
        reported_at TEXT NOT NULL,
        officer_id  INTEGER NOT NULL REFERENCES officers(id),
        UNIQUE (scope_kind, scope, due_on)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS screening_rounds_due ON screening_rounds(due_on);

    CREATE TABLE IF NOT EXISTS screening_items (
        id         INTEGER PRIMARY KEY,
        round_id   INTEGER NOT NULL REFERENCES screening_rounds(id),
        factor     TEXT NOT NULL,
        area       TEXT NOT NULL,
        risk       TEXT NOT NULL,
        owner      TEXT NOT NULL,
        measures   TEXT NOT NULL DEFAULT '',
        deadline   TEXT NOT NULL,
        state      TEXT NOT NULL DEFAULT 'resolving',
        state_at   TEXT NOT NULL,
        created_at TEXT NOT NULL,
        officer_id INTEGER NOT NULL REFERENCES officers(id)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS screening_items_round ON screening_items(round_id);
    CREATE INDEX IF NOT EXISTS screening_items_open ON screening_items(state) WHERE state = 'resolving';

    CREATE TABLE IF NOT EXISTS screening_item_people (
        item_id       INTEGER NOT NULL REFERENCES screening_items(id),
        petitioner_id INTEGER NOT NULL REFERENCES petitioners(id),
        PRIMARY KEY (item_id, petitioner_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS contact_risk (
        contact_id     INTEGER PRIMARY KEY REFERENCES contacts(id),
        level          TEXT NOT NULL DEFAULT 'local',
        notice         INTEGER NOT NULL DEFAULT 0,
        residence_code TEXT,
        location_code  TEXT,
        area           TEXT NOT NULL DEFAULT '',
        collective     INTEGER NOT NULL DEFAULT 0,
        unscreened     INTEGER NOT NULL DEFAULT 0,
        skip_level     INTEGER NOT NULL DEFAULT 0,
        litigation     INTEGER NOT NULL DEFAULT 0,
        arrived_at     TEXT NOT NULL,
        returned_at    TEXT,
        returned_by    INTEGER REFERENCES officers(id),
        return_note    TEXT
    ) STRICT;
    CREATE INDEX IF NOT EXISTS contact_risk_arrived ON contact_risk(arrived_at);

    CREATE TABLE IF NOT EXISTS plans (
        id           INTEGER PRIMARY KEY,
        started_at   TEXT NOT NULL,
        officer_id   INTEGER NOT NULL REFERENCES officers(id),
        contact_id   INTEGER REFERENCES contacts(id),
        headcount    INTEGER NOT NULL DEFAULT 0,
        area         TEXT NOT NULL DEFAULT '',
        reason       TEXT NOT NULL DEFAULT '',
        on_scene_due TEXT NOT NULL,
        notify       TEXT NOT NULL DEFAULT '[]',
        closed_at    TEXT,
        closed_by    INTEGER REFERENCES officers(id),
        outcome      TEXT
    ) STRICT;

    -- What happened during a plan is the report's evidence: append-only.
    CREATE TABLE IF NOT EXISTS plan_log (
        id         INTEGER PRIMARY KEY,
        plan_id    INTEGER NOT NULL REFERENCES plans(id),
        at         TEXT NOT NULL,
        officer_id INTEGER NOT NULL REFERENCES officers(id),
        kind       TEXT NOT NULL,
        who        TEXT NOT NULL DEFAULT '',
        text       TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX IF NOT EXISTS plan_log_plan ON plan_log(plan_id, id);
    CREATE TRIGGER IF NOT EXISTS plan_log_no_update BEFORE UPDATE ON plan_log
    BEGIN SELECT RAISE(ABORT, 'a plan''s log is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS plan_log_no_delete BEFORE DELETE ON plan_log
    BEGIN SELECT RAISE(ABORT, 'a plan''s log is append-only'); END;
"#;

fn division(r: &Row<'_>) -> rusqlite::Result<Division> {
    let level: String = r.get(2)?;
    Ok(Division {
        code: r.get(0)?,
        name: r.get(1)?,
        level: DivisionLevel::from_code(&level).unwrap_or(DivisionLevel::Village),
        parent: r.get(3)?,
    })
}

pub(super) fn divisions(conn: &Connection) -> Result<Vec<Division>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, name, level, parent FROM divisions ORDER BY code")?;
    let rows = stmt.query_map([], division)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn replace_divisions(conn: &Connection, list: &[Division]) -> Result<usize> {
    conn.execute("DELETE FROM divisions", [])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO divisions(code, name, level, parent) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for d in list {
        stmt.execute(params![d.code, d.name, d.level.code(), d.parent])?;
    }
    Ok(list.len())
}

pub(super) fn division_chain(conn: &Connection, code: &str) -> Result<Vec<Division>> {
    let mut out: Vec<Division> = Vec::new();
    let mut next = Some(code.to_string());
    let mut stmt =
        conn.prepare_cached("SELECT code, name, level, parent FROM divisions WHERE code = ?1")?;
    while let Some(code) = next.take() {
        let Some(d) = stmt.query_row([&code], division).optional()? else {
            break;
        };
        if out.len() > 4 {
            break;
        }
        next = d.parent.clone();
        out.push(d);
    }
    Ok(out)
}

const ROUND: &str = "SELECT r.id, r.scope_kind, r.scope, r.due_on, r.zero, r.reported_at, o.name,
        (SELECT count(*) FROM screening_items i WHERE i.round_id = r.id)
    FROM screening_rounds r JOIN officers o ON o.id = r.officer_id";

fn round_row(r: &Row<'_>) -> rusqlite::Result<Round> {
    let kind: String = r.get(1)?;
    Ok(Round {
        id: r.get(0)?,
        scope_kind: ScopeKind::from_code(&kind).unwrap_or(ScopeKind::Area),
        scope: r.get(2)?,
        due_on: r.get(3)?,
        zero: r.get(4)?,
        reported_at: r.get(5)?,
        officer: r.get(6)?,
        items: r.get(7)?,
    })
}

pub(super) fn rounds(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Round>> {
    let sql = format!(
        "{ROUND} WHERE r.due_on BETWEEN ?1 AND ?2 ORDER BY r.due_on, r.scope_kind, r.scope"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], round_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn round(conn: &Connection, id: i64) -> Result<Option<Round>> {
    let sql = format!("{ROUND} WHERE r.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], round_row)
        .optional()?)
}

const ITEM: &str = "SELECT i.id, i.round_id, r.scope, r.due_on, i.factor, i.area, i.risk, i.owner,
        i.measures, i.deadline, i.state
    FROM screening_items i JOIN screening_rounds r ON r.id = i.round_id";

fn item_row(r: &Row<'_>) -> rusqlite::Result<ScreeningItem> {
    let risk: String = r.get(6)?;
    let state: String = r.get(10)?;
    Ok(ScreeningItem {
        id: r.get(0)?,
        round_id: r.get(1)?,
        scope: r.get(2)?,
        due_on: r.get(3)?,
        factor: r.get(4)?,
        area: r.get(5)?,
        risk: RiskLevel::from_code(&risk).unwrap_or(RiskLevel::General),
        owner: r.get(7)?,
        measures: r.get(8)?,
        deadline: r.get(9)?,
        state: ItemState::from_code(&state).unwrap_or(ItemState::Resolving),
        people: Vec::new(),
        overdue: false,
    })
}

fn with_people(conn: &Connection, mut items: Vec<ScreeningItem>) -> Result<Vec<ScreeningItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name FROM screening_item_people x JOIN petitioners p ON p.id = x.petitioner_id
         WHERE x.item_id = ?1 ORDER BY p.id",
    )?;
    for item in &mut items {
        let rows = stmt.query_map([item.id], |r| {
            Ok(PersonRef {
                petitioner_id: r.get(0)?,
                name: r.get(1)?,
            })
        })?;
        item.people = rows.collect::<rusqlite::Result<_>>()?;
    }
    Ok(items)
}

pub(super) fn items(conn: &Connection, f: ItemFilter) -> Result<Vec<ScreeningItem>> {
    let sql = format!(
        "{ITEM} WHERE r.due_on >= ?1 AND r.due_on <= ?2 AND (?3 = 0 OR i.state = 'resolving')
         ORDER BY r.due_on, i.id"
    );
    let from = f.from.map(|d| d.to_string()).unwrap_or_default();
    let to = f.to.map(|d| d.to_string()).unwrap_or_else(|| "9999".into());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![from, to, f.open_only], item_row)?;
    with_people(conn, rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn item(conn: &Connection, id: i64) -> Result<Option<ScreeningItem>> {
    let sql = format!("{ITEM} WHERE i.id = ?1");
    let found = conn
        .prepare_cached(&sql)?
        .query_row([id], item_row)
        .optional()?;
    Ok(with_people(conn, found.into_iter().collect())?.pop())
}

pub(super) fn round_id(
    conn: &Connection,
    kind: ScopeKind,
    scope: &str,
    due: NaiveDate,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM screening_rounds WHERE scope_kind = ?1 AND scope = ?2 AND due_on = ?3",
        )?
        .query_row(params![kind.code(), scope, due.to_string()], |r| r.get(0))
        .optional()?)
}

pub(super) fn insert_round(
    conn: &Connection,
    kind: ScopeKind,
    scope: &str,
    due: NaiveDate,
    zero: bool,
    at: &str,
    officer_id: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO screening_rounds(scope_kind, scope, due_on, zero, reported_at, officer_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        kind.code(),
        scope,
        due.to_string(),
        zero,
        at,
        officer_id
    ])?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn insert_item(conn: &Connection, i: &NewItem<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO screening_items(round_id, factor, area, risk, owner, measures, deadline,
             state, state_at, created_at, officer_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'resolving', ?8, ?8, ?9)",
    )?
    .execute(params![
        i.round_id,
        i.factor,
        i.area,
        i.risk.code(),
        i.owner,
        i.measures,
        i.deadline.to_string(),
        i.at,
        i.officer_id
    ])?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn link_item_person(conn: &Connection, item_id: i64, petitioner_id: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO screening_item_people(item_id, petitioner_id) VALUES (?1, ?2)",
    )?
    .execute(params![item_id, petitioner_id])?;
    Ok(())
}

pub(super) fn set_item_state(conn: &Connection, id: i64, state: ItemState, at: &str) -> Result<()> {
    conn.prepare_cached("UPDATE screening_items SET state = ?2, state_at = ?3 WHERE id = ?1")?
        .execute(params![id, state.code(), at])?;
    Ok(())
}

pub(super) fn unscreened_areas(conn: &Connection, from: &str, to: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT area FROM contact_risk WHERE unscreened = 1 AND arrived_at >= ?1 AND arrived_at <= ?2",
    )?;
    let rows = stmt.query_map(params![from, to], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
