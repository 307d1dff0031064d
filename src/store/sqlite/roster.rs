//! The roster in SQLite: who may act, in which role, from which host account. Every
//! write path resolves its acting officer here, so an unknown, retired or (with host
//! binding) wrongly signed-in name is refused before anything is written.

use crate::domain::roster::{check_text, may_act, Member, OfficerRole, RosterError, MAX_NAME};
use crate::store::error::{Result, StoreError};
use crate::store::port::{NewOfficer, OfficerChange};
use crate::store::records::Officer;
use crate::text::clean_input;
use rusqlite::{params, Connection, OptionalExtension};

/// The migration that gives officers their roles. An office that had officers
/// before keeps one who can manage the roster: the earliest is its 科长.
pub(super) const SCHEMA: &str = r#"
    ALTER TABLE officers ADD COLUMN role TEXT NOT NULL DEFAULT 'clerk'
        CHECK (role IN ('clerk', 'chief', 'leader'));
    ALTER TABLE officers ADD COLUMN title TEXT
        CHECK (title IS NULL OR length(title) BETWEEN 1 AND 50);
    ALTER TABLE officers ADD COLUMN host_account TEXT
        CHECK (host_account IS NULL OR length(host_account) BETWEEN 1 AND 64);
    CREATE UNIQUE INDEX officers_host_account ON officers(host_account)
        WHERE host_account IS NOT NULL;
    UPDATE officers SET role = 'chief'
        WHERE id = (SELECT id FROM officers ORDER BY created_at, id LIMIT 1);
"#;

const COLUMNS: &str = "id, name, role, title, active, host_account";

fn officer_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Officer> {
    let role: String = r.get(2)?;
    Ok(Officer {
        id: r.get(0)?,
        name: r.get(1)?,
        role: OfficerRole::from_code(&role).unwrap_or_default(),
        title: r.get(3)?,
        active: r.get::<_, i64>(4)? != 0,
        host_account: r.get(5)?,
    })
}

/// The whole roster, active officers first, then by name.
pub(super) fn officers(conn: &Connection) -> Result<Vec<Officer>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM officers ORDER BY active DESC, name"
    ))?;
    let rows = stmt.query_map([], officer_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An officer on the roster by exact name, active or retired.
pub(super) fn member(conn: &Connection, name: &str) -> Result<Option<Officer>> {
    // Cached: bulk jobs (import, demo) resolve their officer once per row.
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM officers WHERE name = ?1"))?
        .query_row([name], officer_row)
        .optional()?)
}

fn as_member(o: &Officer) -> Member<'_> {
    Member {
        name: &o.name,
        role: o.role,
        active: o.active,
        host_account: o.host_account.as_deref(),
    }
}

/// The name as the roster compares it; an empty one means nobody is on duty.
fn clean_name(name: &str) -> Result<String> {
    let name = clean_input(name);
    if name.is_empty() {
        return Err(StoreError::Invalid(
            "no officer on duty: give --officer NAME (or set `officer` in the config file)".into(),
        ));
    }
    check_text(&name, "name", MAX_NAME)?;
    Ok(name)
}

/// A name's reading, for the closest names to a typo.
fn pinyin(name: &str) -> String {
    crate::search::name_pinyin(name).full
}

/// Nobody of this name: the error names the closest names on the roster.
fn unknown(conn: &Connection, name: &str) -> Result<StoreError> {
    let active: Vec<String> = officers(conn)?
        .into_iter()
        .filter(|o| o.active)
        .map(|o| o.name)
        .collect();
    Ok(RosterError::unknown(name, active.iter().map(String::as_str), pinyin).into())
}

pub(super) fn size(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM officers")?
        .query_row([], |r| r.get(0))?)
}

/// The acting officer: active on the roster and, when the office binds names to host
/// accounts (`running_as` is then the account this process runs as), signed in from
/// their own account. On an empty roster the first name to act becomes its 科长 —
/// how a new office begins — and that is recorded.
pub(super) fn acting(
    conn: &Connection,
    name: &str,
    at: &str,
    running_as: Option<&str>,
) -> Result<i64> {
    let name = clean_name(name)?;
    match member(conn, &name)? {
        Some(o) => {
            let owner = match running_as {
                Some(account) => account_owner(conn, account)?,
                None => None,
            };
            may_act(&as_member(&o), running_as, owner.as_deref())?;
            Ok(o.id)
        }
        None if size(conn)? == 0 => {
            let id = insert(
                conn,
                &NewOfficer {
                    name: name.clone(),
                    role: OfficerRole::Chief,
                    title: None,
                    host_account: None,
                },
                at,
            )?;
            super::audit::insert_audit(
                conn,
                at,
                Some(id),
                crate::domain::audit::AuditAction::OfficerAdd,
                &subject(&name, "role:chief first_officer"),
            )?;
            Ok(id)
        }
        None => Err(unknown(conn, &name)?),
    }
}

/// An active officer on the roster (a handler, the incoming officer): never invents one.
pub(super) fn active_id(conn: &Connection, name: &str) -> Result<i64> {
    let name = clean_name(name)?;
    match member(conn, &name)? {
        Some(o) if o.active => Ok(o.id),
        Some(o) => Err(RosterError::Retired(o.name).into()),
        None => Err(unknown(conn, &name)?),
    }
}

/// The officer this host account is bound to, if any.
fn account_owner(conn: &Connection, account: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM officers WHERE host_account = ?1")?
        .query_row([account], |r| r.get(0))
        .optional()?)
}

pub(super) fn insert(conn: &Connection, new: &NewOfficer, at: &str) -> Result<i64> {
    if member(conn, &new.name)?.is_some() {
        return Err(RosterError::Taken(new.name.clone()).into());
    }
    check_account(conn, new.host_account.as_deref(), None)?;
    conn.prepare_cached(
        "INSERT INTO officers(name, role, title, host_account, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        new.name,
        new.role.code(),
        new.title,
        new.host_account,
        at
    ])?;
    Ok(conn.last_insert_rowid())
}

fn check_account(conn: &Connection, account: Option<&str>, id: Option<i64>) -> Result<()> {
    let Some(account) = account else {
        return Ok(());
    };
    let holder: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM officers WHERE host_account = ?1")?
        .query_row([account], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match holder {
        Some((other, officer)) if Some(other) != id => Err(RosterError::AccountTaken {
            account: account.to_string(),
            officer,
        }
        .into()),
        _ => Ok(()),
    }
}

pub(super) fn update(conn: &Connection, id: i64, change: &OfficerChange) -> Result<()> {
    if let Some(name) = &change.name {
        if member(conn, name)?.is_some_and(|o| o.id != id) {
            return Err(RosterError::Taken(name.clone()).into());
        }
        conn.prepare_cached("UPDATE officers SET name = ?2 WHERE id = ?1")?
            .execute(params![id, name])?;
    }
    if let Some(active) = change.active {
        conn.prepare_cached("UPDATE officers SET active = ?2 WHERE id = ?1")?
            .execute(params![id, i64::from(active)])?;
    }
    Ok(())
}

pub(super) fn active_chiefs(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM officers WHERE role = 'chief' AND active = 1")?
        .query_row([], |r| r.get(0))?)
}

/// The audit subject of a roster change: the name, then what changed.
pub(super) fn subject(name: &str, what: &str) -> String {
    format!("officer:{name} {what}")
}
