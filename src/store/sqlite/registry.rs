//! Units and categories: the lists the desk picks from (officers: `roster`).

use super::SqliteStore;
use crate::domain::catalog::{DEFAULT_CATEGORIES, DEFAULT_UNITS};
use crate::store::error::{Result, StoreError};
use crate::store::records::{Category, Unit};
use crate::text::clean_input;
use rusqlite::{params, Connection, OptionalExtension};

/// Fills the lists of a new file once; an office's later edits are never undone.
pub(super) fn seed_defaults(tx: &Connection, now: &str) -> Result<()> {
    let seeded: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = 'seeded'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if seeded.is_some() {
        return Ok(());
    }
    for unit in DEFAULT_UNITS {
        tx.prepare_cached("INSERT OR IGNORE INTO units(name, created_at) VALUES (?1, ?2)")?
            .execute(params![unit, now])?;
    }
    for (top, subs) in DEFAULT_CATEGORIES {
        tx.prepare_cached("INSERT OR IGNORE INTO categories(name, parent) VALUES (?1, '')")?
            .execute(params![top])?;
        for sub in *subs {
            tx.prepare_cached("INSERT OR IGNORE INTO categories(name, parent) VALUES (?1, ?2)")?
                .execute(params![sub, top])?;
        }
    }
    tx.prepare_cached("INSERT INTO meta(key, value) VALUES ('seeded', ?1), ('created_at', ?1)")?
        .execute(params![now])?;
    Ok(())
}

pub(super) fn unit_id(tx: &Connection, name: &str) -> Result<i64> {
    let name = clean_input(name);
    tx.prepare_cached("SELECT id FROM units WHERE name = ?1")?.query_row( [&name], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            StoreError::NotFound(format!(
                "no unit named {}; `jiedai unit list` shows the units, `jiedai unit add NAME` adds one",
                crate::text::excerpt(&name, 40)
            ))
        })
}

pub(super) fn units(conn: &Connection) -> Result<Vec<Unit>> {
    let mut stmt = conn.prepare("SELECT id, name FROM units ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Unit {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn categories(conn: &Connection) -> Result<Vec<Category>> {
    let mut stmt =
        conn.prepare("SELECT name, parent FROM categories ORDER BY (parent <> ''), id")?;
    let rows = stmt.query_map([], |r| {
        let parent: String = r.get(1)?;
        Ok(Category {
            name: r.get(0)?,
            parent: Some(parent).filter(|p| !p.is_empty()),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn add_unit(store: &mut SqliteStore, name: &str, now: &str) -> Result<Unit> {
    let name = clean_input(name);
    if name.is_empty() || name.chars().count() > 80 {
        return Err(StoreError::Invalid(
            "a unit name needs 1 to 80 characters".into(),
        ));
    }
    store.write(|tx| {
        tx.prepare_cached("INSERT OR IGNORE INTO units(name, created_at) VALUES (?1, ?2)")?
            .execute(params![name, now])?;
        let id = unit_id(tx, &name)?;
        Ok(Unit {
            id,
            name: name.clone(),
        })
    })
}

pub(super) fn add_category(
    store: &mut SqliteStore,
    name: &str,
    parent: Option<&str>,
) -> Result<Category> {
    let name = clean_input(name);
    if name.is_empty() || name.chars().count() > 40 {
        return Err(StoreError::Invalid(
            "a category name needs 1 to 40 characters".into(),
        ));
    }
    let parent = parent.map(clean_input).filter(|p| !p.is_empty());
    store.write(|tx| {
        if let Some(p) = &parent {
            let known: Option<i64> = tx
                .query_row(
                    "SELECT id FROM categories WHERE name = ?1 AND parent = ''",
                    [p],
                    |r| r.get(0),
                )
                .optional()?;
            if known.is_none() {
                return Err(StoreError::NotFound(format!(
                    "no top-level category named {p:?}"
                )));
            }
        }
        tx.prepare_cached("INSERT OR IGNORE INTO categories(name, parent) VALUES (?1, ?2)")?
            .execute(params![name, parent.as_deref().unwrap_or("")])?;
        Ok(Category {
            name: name.clone(),
            parent: parent.clone(),
        })
    })
}
