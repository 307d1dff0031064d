//! A query stepped through SQLite's C interface directly, for the passes of a
//! full `verify` that read every row of the record: the chain walk, the
//! timeline's replay and the tables read beside the walk (at a million
//! petitioners, 35 M rows and some 200 M columns).
//!
//! rusqlite asks SQLite up to three times per column (the column count, its
//! type, then its value and length, each call taking the connection's lock and
//! checking for a failed allocation): that was an eighth of a full verify's
//! time (`perf`). Here a column's value object is fetched once and read with
//! the `sqlite3_value_*` calls, which do neither. The values are the same
//! `ValueRef`s rusqlite hands out, so whatever reads a row (the ledger's row
//! codec, the replay) reads either through [`Cells`].

use rusqlite::ffi;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::ffi::{c_int, CStr};
use std::ptr::NonNull;

/// A row's columns by position, as rusqlite's `Row` or a [`Scan`] reads them.
pub(super) trait Cells {
    fn cell(&self, i: usize) -> rusqlite::Result<ValueRef<'_>>;
    /// The column's name (for an error that names it).
    fn name(&self, i: usize) -> String;
}

impl Cells for rusqlite::Row<'_> {
    fn cell(&self, i: usize) -> rusqlite::Result<ValueRef<'_>> {
        self.get_ref(i)
    }

    fn name(&self, i: usize) -> String {
        self.as_ref()
            .column_name(i)
            .map(str::to_string)
            .unwrap_or_default()
    }
}

/// An integer column, as rusqlite's `get::<_, i64>` reads it (any other type
/// is an error naming the column).
pub(super) fn int_at(row: &impl Cells, i: usize) -> rusqlite::Result<i64> {
    match row.cell(i)? {
        ValueRef::Integer(n) => Ok(n),
        other => Err(rusqlite::Error::InvalidColumnType(
            i,
            row.name(i),
            other.data_type(),
        )),
    }
}

/// An integer column or NULL.
pub(super) fn opt_int_at(row: &impl Cells, i: usize) -> rusqlite::Result<Option<i64>> {
    match row.cell(i)? {
        ValueRef::Null => Ok(None),
        _ => int_at(row, i).map(Some),
    }
}

/// A prepared query of its own on a connection, stepped row by row.
pub(super) struct Scan<'c> {
    stmt: NonNull<ffi::sqlite3_stmt>,
    /// The connection outlives the statement (finalized on drop), and no other
    /// thread uses it meanwhile: `&Connection` is not `Send`, and neither is
    /// this (it holds a raw pointer).
    conn: &'c Connection,
    columns: usize,
    /// Stepping past the end would start the query over: once done, stays done.
    done: bool,
}

impl<'c> Scan<'c> {
    pub(super) fn prepare(conn: &'c Connection, sql: &str) -> rusqlite::Result<Scan<'c>> {
        let len = c_int::try_from(sql.len()).map_err(|_| {
            rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_TOOBIG), None)
        })?;
        let mut stmt = std::ptr::null_mut();
        // SAFETY: the handle is `conn`'s own, open for as long as `conn` lives;
        // `sql` is valid for `len` bytes (SQLite reads no further), and `stmt`
        // is where SQLite writes the new statement.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                conn.handle(),
                sql.as_ptr().cast(),
                len,
                0,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(failure(conn, rc));
        }
        let stmt = NonNull::new(stmt).ok_or(rusqlite::Error::InvalidQuery)?;
        // SAFETY: `stmt` was just prepared and is not finalized before `Drop`.
        let columns = unsafe { ffi::sqlite3_column_count(stmt.as_ptr()) };
        Ok(Scan {
            stmt,
            conn,
            columns: usize::try_from(columns).unwrap_or(0),
            done: false,
        })
    }

    /// Binds parameter `at` (from 1) to text.
    pub(super) fn bind_text(&mut self, at: c_int, text: &str) -> rusqlite::Result<()> {
        let len = c_int::try_from(text.len()).map_err(|_| {
            rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_TOOBIG), None)
        })?;
        // SAFETY: the statement is live and not stepped yet; SQLITE_TRANSIENT
        // makes SQLite copy the text before this returns.
        let rc = unsafe {
            ffi::sqlite3_bind_text(
                self.stmt.as_ptr(),
                at,
                text.as_ptr().cast(),
                len,
                ffi::SQLITE_TRANSIENT(),
            )
        };
        self.check(rc)
    }

    /// Binds parameter `at` (from 1) to an integer.
    pub(super) fn bind_int(&mut self, at: c_int, n: i64) -> rusqlite::Result<()> {
        // SAFETY: the statement is live and not stepped yet.
        let rc = unsafe { ffi::sqlite3_bind_int64(self.stmt.as_ptr(), at, n) };
        self.check(rc)
    }

    /// The columns' names, in order.
    pub(super) fn column_names(&self) -> Vec<String> {
        (0..self.columns).map(|i| self.column_name(i)).collect()
    }

    fn column_name(&self, i: usize) -> String {
        let Ok(at) = c_int::try_from(i) else {
            return String::new();
        };
        // SAFETY: the statement is live; SQLite keeps the name until the
        // statement is finalized, and it is copied before this returns.
        unsafe {
            let name = ffi::sqlite3_column_name(self.stmt.as_ptr(), at);
            if name.is_null() {
                String::new()
            } else {
                CStr::from_ptr(name).to_string_lossy().into_owned()
            }
        }
    }

    /// The next row, or `None` past the last one.
    pub(super) fn next(&mut self) -> rusqlite::Result<Option<ScanRow<'_>>> {
        if self.done {
            return Ok(None);
        }
        // SAFETY: the statement is live, and no row of the previous step is
        // still borrowed (`ScanRow` borrows `self`).
        match unsafe { ffi::sqlite3_step(self.stmt.as_ptr()) } {
            ffi::SQLITE_ROW => Ok(Some(ScanRow { scan: self })),
            ffi::SQLITE_DONE => {
                self.done = true;
                Ok(None)
            }
            rc => {
                self.done = true;
                Err(failure(self.conn, rc))
            }
        }
    }

    fn check(&self, rc: c_int) -> rusqlite::Result<()> {
        match rc {
            ffi::SQLITE_OK => Ok(()),
            rc => Err(failure(self.conn, rc)),
        }
    }
}

impl Drop for Scan<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by `prepare` and is finalized
        // once, here; no row borrows it any more.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

/// SQLite's failure `rc`, with the connection's message, as rusqlite gives it.
fn failure(conn: &Connection, rc: c_int) -> rusqlite::Error {
    // SAFETY: the handle is `conn`'s own and open; the message is copied
    // before anything else runs on the connection.
    let message = unsafe {
        let text = ffi::sqlite3_errmsg(conn.handle());
        (!text.is_null()).then(|| CStr::from_ptr(text).to_string_lossy().into_owned())
    };
    rusqlite::Error::SqliteFailure(ffi::Error::new(rc), message)
}

/// The row a [`Scan`] is at; its values live until the next step.
pub(super) struct ScanRow<'s> {
    scan: &'s Scan<'s>,
}

impl Cells for ScanRow<'_> {
    fn cell(&self, i: usize) -> rusqlite::Result<ValueRef<'_>> {
        if i >= self.scan.columns {
            return Err(rusqlite::Error::InvalidColumnIndex(i));
        }
        let at = c_int::try_from(i).map_err(|_| rusqlite::Error::InvalidColumnIndex(i))?;
        // SAFETY: the statement is live and at a row (this borrows the scan,
        // so it cannot step or finalize meanwhile), and `at` is one of its
        // columns. The value object is the row's own: valid until the next
        // step, which the returned borrow outlives no longer than `self`. Its
        // `sqlite3_value_*` reads skip the connection's lock, which is sound
        // here as only this thread uses the connection (see `Scan::conn`).
        // Text is read before its length, as SQLite asks; the connection's
        // encoding is UTF-8, so no conversion moves it.
        unsafe {
            let value = ffi::sqlite3_column_value(self.scan.stmt.as_ptr(), at);
            let bytes = |data: *const u8| -> rusqlite::Result<&[u8]> {
                let len = usize::try_from(ffi::sqlite3_value_bytes(value)).unwrap_or(0);
                match (data.is_null(), len) {
                    (_, 0) => Ok(&[]),
                    (false, len) => Ok(std::slice::from_raw_parts(data, len)),
                    // Only a failed allocation leaves a value without data.
                    (true, _) => Err(failure(self.scan.conn, ffi::SQLITE_NOMEM)),
                }
            };
            Ok(match ffi::sqlite3_value_type(value) {
                ffi::SQLITE_NULL => ValueRef::Null,
                ffi::SQLITE_INTEGER => ValueRef::Integer(ffi::sqlite3_value_int64(value)),
                ffi::SQLITE_FLOAT => ValueRef::Real(ffi::sqlite3_value_double(value)),
                ffi::SQLITE_TEXT => ValueRef::Text(bytes(ffi::sqlite3_value_text(value))?),
                _ => ValueRef::Blob(bytes(ffi::sqlite3_value_blob(value).cast())?),
            })
        }
    }

    fn name(&self, i: usize) -> String {
        self.scan.column_name(i)
    }
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
