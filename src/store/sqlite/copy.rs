//! The file's side of copying a whole record (see `store::copy`): reading every
//! table of a file, and writing a new file from another backend's record.

use super::error::classify;
use super::{ledger, schema, search_pending, SqliteStore};
use crate::domain::anchor::Anchor;
use crate::store::copy::{convert, Cell, Column, Emit, Kind, Sink, Source};
use crate::store::error::{Result, StoreError};
use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;
use std::path::Path;

/// Reads the file in one read transaction, so the copy is one moment of it.
pub(crate) struct FileSource<'c> {
    conn: &'c Connection,
}

impl SqliteStore {
    /// A reader of every table, holding one snapshot until it is dropped.
    pub(crate) fn copy_source(&self) -> Result<FileSource<'_>> {
        // The first read of a deferred transaction fixes the snapshot.
        self.conn
            .execute_batch("BEGIN; SELECT count(*) FROM meta;")?;
        Ok(FileSource { conn: &self.conn })
    }
}

impl Drop for FileSource<'_> {
    fn drop(&mut self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }
}

fn columns(conn: &Connection, table: &str) -> Result<Option<Vec<Column>>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")?;
    let cols: Vec<Column> = stmt
        .query_map([table], |r| {
            let name: String = r.get(0)?;
            let decl: String = r.get(1)?;
            Ok(Column {
                name,
                kind: match decl.to_ascii_uppercase().as_str() {
                    "INTEGER" | "INT" => Kind::Int,
                    "REAL" => Kind::Real,
                    "BLOB" => Kind::Blob,
                    _ => Kind::Text,
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((!cols.is_empty()).then_some(cols))
}

fn count(conn: &Connection, table: &str) -> Result<i64> {
    Ok(
        conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })?,
    )
}

fn select(table: &str, cols: &[Column]) -> String {
    let list = cols
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect::<Vec<_>>()
        .join(", ");
    // In `id` order where there is one: the timeline's chain is read in its order.
    let order = if cols.iter().any(|c| c.name == "id") {
        " ORDER BY id"
    } else {
        ""
    };
    format!("SELECT {list} FROM \"{table}\"{order}")
}

impl Source for FileSource<'_> {
    fn tables(&mut self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }

    fn columns(&mut self, table: &str) -> Result<Option<Vec<Column>>> {
        columns(self.conn, table)
    }

    fn count(&mut self, table: &str) -> Result<i64> {
        match search_pending::Folded::of(table) {
            Some(folded) => folded.count(self.conn),
            None => count(self.conn, table),
        }
    }

    fn rows(&mut self, table: &str, cols: &[Column], each: &mut Emit<'_>) -> Result<()> {
        let folded = search_pending::Folded::of(table);
        let mut sql = select(table, cols);
        if let Some(folded) = folded {
            sql.push_str(folded.on_file());
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut cells = Vec::with_capacity(cols.len());
        while let Some(r) = rows.next()? {
            cells.clear();
            for i in 0..cols.len() {
                cells.push(match r.get_ref(i)? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(n) => Cell::Int(n),
                    ValueRef::Real(x) => Cell::Real(x),
                    ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
                });
            }
            each(&cells)?;
        }
        if let Some(folded) = folded {
            folded.waiting_rows(self.conn, cols, each)?;
        }
        Ok(())
    }

    fn timeline_head(&mut self) -> Result<Option<Anchor>> {
        timeline_head(self.conn)
    }
}

/// The newest event and its hash, as the chain writes it (lowercase hex).
fn timeline_head(conn: &Connection) -> Result<Option<Anchor>> {
    let mut stmt = conn.prepare("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")?;
    let mut rows = stmt.query([])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let hash = match r.get_ref(1)? {
        ValueRef::Blob(b) => ledger::hex(b),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        _ => String::new(),
    };
    Ok(Some(Anchor {
        seq: r.get(0)?,
        hash,
    }))
}

/// Writes into a new file inside one transaction.
pub(crate) struct FileSink<'c> {
    conn: &'c Connection,
}

impl Sink for FileSink<'_> {
    fn columns(&mut self, table: &str) -> Result<Option<Vec<Column>>> {
        columns(self.conn, table)
    }

    fn count(&mut self, table: &str) -> Result<i64> {
        count(self.conn, table)
    }

    fn write(
        &mut self,
        table: &str,
        from: &[Column],
        fill: &mut dyn FnMut(&mut Emit<'_>) -> Result<()>,
    ) -> Result<()> {
        let own = columns(self.conn, table)?.unwrap_or_default();
        let kinds = crate::store::copy::target_kinds(&own, from);
        let names: Vec<String> = from.iter().map(|c| format!("\"{}\"", c.name)).collect();
        let marks: Vec<String> = (1..=from.len()).map(|i| format!("?{i}")).collect();
        let mut insert = self.conn.prepare(&format!(
            "INSERT INTO \"{table}\"({}) VALUES ({})",
            names.join(", "),
            marks.join(", ")
        ))?;
        fill(&mut |row: &[Cell]| {
            let values = row
                .iter()
                .zip(from.iter().zip(&kinds))
                .map(|(cell, (col, kind))| {
                    Ok(match convert(cell, *kind, &col.name)? {
                        Cell::Null => Value::Null,
                        Cell::Int(n) => Value::Integer(n),
                        Cell::Real(x) => Value::Real(x),
                        Cell::Text(t) => Value::Text(t),
                        Cell::Blob(b) => Value::Blob(b),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            insert.execute(rusqlite::params_from_iter(values))?;
            Ok(())
        })
    }
}

/// Makes `out` (a new, empty file the caller created) a record holding what
/// `fill` writes: the schema first, then the rows in one transaction, then the
/// ledger over them. Returns what `fill` returned and the file's timeline head.
pub(crate) fn fill_new_file<T>(
    out: &Path,
    fill: impl FnOnce(&mut dyn Sink) -> Result<T>,
) -> Result<(T, Option<Anchor>)> {
    let mut conn = Connection::open(out).map_err(|e| classify(out, e))?;
    // The caller syncs the finished file once; a journal for a new file would
    // only double the writing. References are checked once, at the end: a row
    // may point at one copied after it (a person merged into a later record).
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;",
    )
    .map_err(|e| classify(out, e))?;
    schema::migrate(&mut conn).map_err(|e| classify(out, e))?;
    let tx = conn.transaction().map_err(|e| classify(out, e))?;
    let value = fill(&mut FileSink { conn: &tx })?;
    let dangling: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if dangling > 0 {
        return Err(StoreError::Invalid(format!(
            "the copy holds {dangling} rows that refer to rows it does not have; it was not written"
        )));
    }
    // Rows the ledger copied already holds cost no entry; without one, every row
    // copied gets its first.
    super::ledger_seal::seal(&tx, false)?;
    let head = timeline_head(&tx)?;
    tx.commit().map_err(|e| classify(out, e))?;
    Ok((value, head))
}
