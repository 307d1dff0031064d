//! The server's side of copying a whole record (see `store::copy`): receiving a
//! file's record with `COPY … FROM STDIN` in one transaction (`jiedai migrate`),
//! and reading the server's record into a new file (`jiedai backup`).

use super::{bulk_load, connect_migrated, timeline, PgStore, WRITE_LOCK};
use crate::domain::anchor::Anchor;
use crate::domain::catalog::{DEFAULT_CATEGORIES, DEFAULT_UNITS};
use crate::store::copy::{self, convert, Cell, Column, Emit, Kind, Plan, Sink, Source, TableCount};
use crate::store::error::{Result, StoreError};
use crate::store::records::{OpenMode, VerifyReport};
use crate::store::sqlite::ledger::{table as ledger_table, LEDGERED_TABLES};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Type;
use postgres::{GenericClient, Transaction};
use std::io::Write;
use std::path::Path;

/// The timeline's chain starts from this "previous" hash.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Tables written row by row, replacing what a new record already holds (its
/// schema version, the desks' change counter); every other one by `COPY`.
const KEYED: &[&str] = &["meta", "counters"];

/// Lists a new record is seeded with: replaced by the copy's when they are
/// still what the program seeded.
const LISTS: &[&str] = &["units", "categories"];

/// What a finished copy into the server holds, counted in its transaction.
pub(crate) struct Received {
    pub plan: Plan,
    pub counts: Vec<TableCount>,
    pub source_head: Option<Anchor>,
}

/// Copies the record `from` reads into the server's record at `url`, in one
/// transaction under the record's write lock. Refuses a server that holds a
/// record; its seeded lists (units, categories) are replaced, edited ones only
/// with `force`. `before_commit` may still refuse the copy: nothing is kept then.
pub(crate) fn receive(
    url: &str,
    force: bool,
    from: &mut dyn Source,
    progress: &mut dyn FnMut(u64, u64),
    before_commit: &mut dyn FnMut() -> Result<()>,
) -> Result<Received> {
    let (mut client, shown) = connect_migrated(url, OpenMode::Create)?;
    let mut tx = client.transaction()?;
    tx.batch_execute(WRITE_LOCK)?;
    let mut sink = ServerSink { tx: &mut tx };
    let plan = copy::plan(from, &mut sink)?;
    make_room(sink.tx, &plan, force, &shown)?;
    let total = plan.rows();
    progress(0, total);
    let aside = bulk_load::set_aside(sink.tx, KEYED)?;
    let quiet = quiet_ledger_notes(sink.tx, &plan)?;
    copy::copy(from, &mut sink, &plan, &mut |done| progress(done, total))?;
    switch_triggers(sink.tx, &quiet, "ENABLE")?;
    bulk_load::restore(sink.tx, aside)?;
    // Fresh statistics, as after a restore: without them the first desk's queries
    // are planned for empty tables (a first check-in took a minute at 100k people).
    // Only the record's own tables: a bare ANALYZE would lock every table of the
    // database, other schemas' records too, until this commit (and deadlocked
    // with a move into a neighbouring schema).
    let tables: Vec<&str> = plan.tables.iter().map(|t| t.table).collect();
    if !tables.is_empty() {
        sink.tx
            .batch_execute(&format!("ANALYZE {}", tables.join(", ")))?;
    }
    restart_numbering(sink.tx)?;
    let counts = copy::counts(from, &mut sink, &plan)?;
    let source_head = from.timeline_head()?;
    tx.execute(
        "INSERT INTO counters(name, value) VALUES ('data_version', 1)
         ON CONFLICT(name) DO UPDATE SET value = counters.value + 1",
        &[],
    )?;
    before_commit()?;
    prove_rows_match_ledger(&mut tx)?;
    tx.commit()?;
    Ok(Received {
        plan,
        counts,
        source_head,
    })
}

/// Switches off the triggers that note each written row of the copied ledgered
/// tables for the seal: the file's ledger crosses with its rows, so every row
/// already has its entry, and a million-person record would otherwise note 66 M
/// keys that the seal then read back at once (13.4 GB of the client's memory).
/// Inside the copy's transaction, which holds the tables locked until it ends.
fn quiet_ledger_notes(tx: &mut Transaction<'_>, plan: &Plan) -> Result<Vec<(String, String)>> {
    let quiet: Vec<(String, String)> = plan
        .tables
        .iter()
        .filter_map(|t| ledger_table(t.table))
        .map(|t| (t.name.to_string(), t.triggers()[0].clone()))
        .collect();
    switch_triggers(tx, &quiet, "DISABLE")?;
    Ok(quiet)
}

fn switch_triggers(
    tx: &mut Transaction<'_>,
    triggers: &[(String, String)],
    how: &str,
) -> Result<()> {
    let sql: String = triggers
        .iter()
        .map(|(table, trigger)| format!("ALTER TABLE \"{table}\" {how} TRIGGER \"{trigger}\";"))
        .collect();
    if !sql.is_empty() {
        tx.batch_execute(&sql)?;
    }
    Ok(())
}

/// Every copied row against the newest entry of its key in the copied ledger,
/// table by table as `verify` compares them (streamed: memory stays flat). A row
/// that hashes differently did not cross faithfully, and nothing is kept. The
/// keys noted meanwhile (the seeded lists emptied) are then settled: with every
/// row matching its entry, sealing them would add nothing.
fn prove_rows_match_ledger(tx: &mut Transaction<'_>) -> Result<()> {
    let keys = super::ledger::keys(tx)?;
    let mut report = VerifyReport::default();
    for t in LEDGERED_TABLES {
        super::ledger_verify::compare_table(tx, t, &keys, &mut report, &mut |_| {})?;
    }
    if let Some(first) = report.problems.first() {
        return Err(StoreError::Invalid(format!(
            "copied rows hash differently on the server than in the file's ledger ({first}); nothing was moved"
        )));
    }
    tx.batch_execute("DELETE FROM ledger_pending")?;
    Ok(())
}

/// Empties what a new record is seeded with, or refuses: a record already on the
/// server is never written over.
fn make_room(tx: &mut Transaction<'_>, plan: &Plan, force: bool, shown: &Path) -> Result<()> {
    let mut held = Vec::new();
    for t in &plan.tables {
        if KEYED.contains(&t.table) || LISTS.contains(&t.table) {
            continue;
        }
        let n = count(tx, t.table)?;
        if n > 0 {
            held.push(format!("{} ({n} rows)", t.table));
        }
    }
    if !held.is_empty() {
        return Err(StoreError::Invalid(format!(
            "{} already holds a record: {}; nothing was copied. Move an office into a new database or schema",
            shown.display(),
            held.join(", ")
        )));
    }
    let units = count(tx, "units")?;
    let categories = count(tx, "categories")?;
    let seeded: i64 = DEFAULT_CATEGORIES
        .iter()
        .map(|(_, subs)| 1 + subs.len() as i64)
        .sum();
    let names: Vec<String> = tx
        .query("SELECT name FROM units", &[])?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
    let as_seeded = (units == 0 && categories == 0)
        || (units == DEFAULT_UNITS.len() as i64
            && categories == seeded
            && names.iter().all(|n| DEFAULT_UNITS.contains(&n.as_str())));
    if !as_seeded && !force {
        return Err(StoreError::Invalid(format!(
            "{} already holds lists of its own ({units} units, {categories} categories); nothing was copied. With --force they are replaced by the file's",
            shown.display()
        )));
    }
    tx.batch_execute("DELETE FROM categories; DELETE FROM units;")?;
    Ok(())
}

/// Every identity column continues after the highest number copied.
fn restart_numbering(tx: &mut Transaction<'_>) -> Result<()> {
    let idents: Vec<(String, String)> = tx
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND is_identity = 'YES'",
            &[],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_>>()?;
    for (table, column) in idents {
        tx.batch_execute(&format!(
            "SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'),
                           coalesce(max(\"{column}\"), 0) + 1, false) FROM \"{table}\""
        ))?;
    }
    Ok(())
}

/// Rows the server keeps for itself, never copied nor counted: the mark of a
/// jiedai schema, and the number desks poll to see another desk's write.
fn own_rows(table: &str) -> &'static str {
    match table {
        "meta" => " WHERE key <> 'application'",
        "counters" => " WHERE name <> 'data_version'",
        _ => "",
    }
}

fn count<C: GenericClient>(c: &mut C, table: &str) -> Result<i64> {
    let sql = format!("SELECT count(*) FROM \"{table}\"{}", own_rows(table));
    Ok(c.query_one(&sql, &[])?.try_get(0)?)
}

fn columns<C: GenericClient>(c: &mut C, table: &str) -> Result<Option<Vec<Column>>> {
    let cols: Vec<Column> = c
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1
             ORDER BY ordinal_position",
            &[&table],
        )?
        .iter()
        .map(|r| {
            let ty: String = r.try_get(1)?;
            Ok(Column {
                name: r.try_get(0)?,
                kind: match ty.as_str() {
                    "bigint" | "integer" | "smallint" => Kind::Int,
                    "boolean" => Kind::Bool,
                    "double precision" | "real" | "numeric" => Kind::Real,
                    "bytea" => Kind::Blob,
                    _ => Kind::Text,
                },
            })
        })
        .collect::<Result<_>>()?;
    Ok((!cols.is_empty()).then_some(cols))
}

/// Writes into the server inside the copy's transaction.
struct ServerSink<'t, 'c> {
    tx: &'t mut Transaction<'c>,
}

impl Sink for ServerSink<'_, '_> {
    fn columns(&mut self, table: &str) -> Result<Option<Vec<Column>>> {
        columns(self.tx, table)
    }

    fn count(&mut self, table: &str) -> Result<i64> {
        count(self.tx, table)
    }

    fn write(
        &mut self,
        table: &str,
        from: &[Column],
        fill: &mut dyn FnMut(&mut Emit<'_>) -> Result<()>,
    ) -> Result<()> {
        let own = columns(self.tx, table)?.unwrap_or_default();
        let kinds = copy::target_kinds(&own, from);
        let mut names: Vec<String> = from.iter().map(|c| format!("\"{}\"", c.name)).collect();
        if KEYED.contains(&table) {
            return write_keyed(self.tx, table, &names, &kinds, from, fill);
        }
        // The timeline's rows on the server repeat their predecessor's hash.
        let chained = table == "events"
            && own.iter().any(|c| c.name == "prev_hash")
            && !from.iter().any(|c| c.name == "prev_hash");
        let hash_at = from.iter().position(|c| c.name == "hash");
        if chained {
            names.push("\"prev_hash\"".into());
        }
        let writer = self.tx.copy_in(&format!(
            "COPY \"{table}\" ({}) FROM STDIN",
            names.join(", ")
        ))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, writer);
        let mut line = Vec::with_capacity(256);
        let mut prev = GENESIS.to_string();
        fill(&mut |row: &[Cell]| {
            line.clear();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push(b'\t');
                }
                let cell = convert(cell, kinds[i], &from[i].name)?;
                copy_text(&mut line, &cell, kinds[i], table, &from[i].name)?;
            }
            if chained {
                line.push(b'\t');
                line.extend_from_slice(prev.as_bytes());
                if let Some(Cell::Text(h)) = hash_at
                    .map(|i| convert(&row[i], Kind::Text, "hash"))
                    .transpose()?
                {
                    prev = h;
                }
            }
            line.push(b'\n');
            out.write_all(&line)
                .map_err(|e| StoreError::Backend(format!("copying {table}: {e}")))
        })?;
        let writer = out
            .into_inner()
            .map_err(|e| StoreError::Backend(format!("copying {table}: {e}")))?;
        writer.finish()?;
        Ok(())
    }
}

/// Small tables a new record already has rows in: each copied row replaces its key's.
fn write_keyed(
    tx: &mut Transaction<'_>,
    table: &str,
    names: &[String],
    kinds: &[Kind],
    from: &[Column],
    fill: &mut dyn FnMut(&mut Emit<'_>) -> Result<()>,
) -> Result<()> {
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
    let sets: Vec<String> = names[1..]
        .iter()
        .map(|n| format!("{n} = excluded.{n}"))
        .collect();
    let sql = format!(
        "INSERT INTO \"{table}\"({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
        names.join(", "),
        marks.join(", "),
        names[0],
        sets.join(", ")
    );
    let stmt = tx.prepare(&sql)?;
    fill(&mut |row: &[Cell]| {
        let mut text: Vec<Option<String>> = Vec::with_capacity(row.len());
        let mut ints: Vec<Option<i64>> = Vec::with_capacity(row.len());
        for (i, cell) in row.iter().enumerate() {
            let cell = convert(cell, kinds[i], &from[i].name)?;
            text.push(match &cell {
                Cell::Text(t) => Some(t.clone()),
                _ => None,
            });
            ints.push(match &cell {
                Cell::Int(n) => Some(*n),
                _ => None,
            });
        }
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = kinds
            .iter()
            .enumerate()
            .map(|(i, k)| match k {
                Kind::Int => &ints[i] as &(dyn postgres::types::ToSql + Sync),
                _ => &text[i] as &(dyn postgres::types::ToSql + Sync),
            })
            .collect();
        tx.execute(&stmt, &params)?;
        Ok(())
    })
}

/// One value in `COPY`'s text format.
fn copy_text(line: &mut Vec<u8>, cell: &Cell, kind: Kind, table: &str, column: &str) -> Result<()> {
    match (cell, kind) {
        (Cell::Null, _) => line.extend_from_slice(b"\\N"),
        (Cell::Int(n), Kind::Bool) => line.push(if *n != 0 { b't' } else { b'f' }),
        (Cell::Int(n), _) => line.extend_from_slice(n.to_string().as_bytes()),
        (Cell::Real(x), _) => line.extend_from_slice(x.to_string().as_bytes()),
        (Cell::Blob(b), _) => {
            line.extend_from_slice(b"\\\\x");
            line.extend_from_slice(copy::hex(b).as_bytes());
        }
        (Cell::Text(t), _) => {
            if t.contains('\0') {
                return Err(StoreError::Invalid(format!(
                    "{table}.{column} holds a NUL character, which PostgreSQL cannot store; nothing was copied"
                )));
            }
            for &b in t.as_bytes() {
                match b {
                    b'\\' => line.extend_from_slice(b"\\\\"),
                    b'\t' => line.extend_from_slice(b"\\t"),
                    b'\n' => line.extend_from_slice(b"\\n"),
                    b'\r' => line.extend_from_slice(b"\\r"),
                    _ => line.push(b),
                }
            }
        }
    }
    Ok(())
}

/// Reads the server's record in one snapshot.
struct ServerSource<'t, 'c> {
    tx: &'t mut Transaction<'c>,
}

impl Source for ServerSource<'_, '_> {
    fn tables(&mut self) -> Result<Vec<String>> {
        Ok(self
            .tx
            .query(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1",
                &[],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<_, _>>()?)
    }

    fn columns(&mut self, table: &str) -> Result<Option<Vec<Column>>> {
        columns(self.tx, table)
    }

    fn count(&mut self, table: &str) -> Result<i64> {
        count(self.tx, table)
    }

    fn rows(&mut self, table: &str, cols: &[Column], each: &mut Emit<'_>) -> Result<()> {
        let list: Vec<String> = cols.iter().map(|c| format!("\"{}\"", c.name)).collect();
        let order = if cols.iter().any(|c| c.name == "id") {
            " ORDER BY id"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {} FROM \"{table}\"{}{order}",
            list.join(", "),
            own_rows(table)
        );
        let mut rows = self.tx.query_raw(sql.as_str(), std::iter::empty::<i64>())?;
        let mut cells = Vec::with_capacity(cols.len());
        while let Some(r) = rows.next()? {
            cells.clear();
            for (i, col) in r.columns().iter().enumerate() {
                let ty = col.type_();
                cells.push(if *ty == Type::INT8 {
                    r.try_get::<_, Option<i64>>(i)?
                        .map_or(Cell::Null, Cell::Int)
                } else if *ty == Type::INT4 {
                    r.try_get::<_, Option<i32>>(i)?
                        .map_or(Cell::Null, |n| Cell::Int(n.into()))
                } else if *ty == Type::INT2 {
                    r.try_get::<_, Option<i16>>(i)?
                        .map_or(Cell::Null, |n| Cell::Int(n.into()))
                } else if *ty == Type::BOOL {
                    r.try_get::<_, Option<bool>>(i)?
                        .map_or(Cell::Null, |b| Cell::Int(b.into()))
                } else if *ty == Type::FLOAT8 {
                    r.try_get::<_, Option<f64>>(i)?
                        .map_or(Cell::Null, Cell::Real)
                } else if *ty == Type::BYTEA {
                    r.try_get::<_, Option<Vec<u8>>>(i)?
                        .map_or(Cell::Null, Cell::Blob)
                } else {
                    r.try_get::<_, Option<String>>(i)?
                        .map_or(Cell::Null, Cell::Text)
                });
            }
            each(&cells)?;
        }
        Ok(())
    }

    fn timeline_head(&mut self) -> Result<Option<Anchor>> {
        timeline::head(self.tx)
    }
}

impl PgStore {
    /// The timeline's newest event (whatever chain `chain_head` reports).
    pub(crate) fn timeline_head(&self) -> Result<Option<Anchor>> {
        self.read(timeline::head)
    }

    /// Writes the whole record into `out` (a new, empty file), from one snapshot
    /// of the server, and checks the file holds what the server does: the same
    /// rows in every table and the same timeline head.
    pub(super) fn copy_into_file(&self, out: &Path) -> Result<Option<Anchor>> {
        self.read(|client| {
            let mut tx = client
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()?;
            let mut from = ServerSource { tx: &mut tx };
            let (counts, head) = crate::store::sqlite::copy::fill_new_file(out, |sink| {
                let plan = copy::plan(&mut from, sink)?;
                copy::copy(&mut from, sink, &plan, &mut |_| {})?;
                copy::counts(&mut from, sink, &plan)
            })?;
            let server_head = timeline::head(&mut tx)?;
            tx.commit()?;
            let differ: Vec<String> = counts
                .iter()
                .filter(|c| c.source != c.target)
                .map(|c| {
                    format!(
                        "{}: {} on the server, {} in the file",
                        c.table, c.source, c.target
                    )
                })
                .collect();
            let mut copy_head = None;
            if differ.is_empty() && head == server_head {
                let file = crate::store::SqliteStore::open(
                    out,
                    OpenMode::ReadOnly,
                    &crate::time::TimeSource::System,
                )?;
                let report = crate::store::port::Admin::verify(&file, &[], None)?;
                if !report.ok() {
                    return Err(StoreError::Backend(format!(
                        "the copy does not verify ({}); it was not kept",
                        report.problems.first().unwrap_or(&report.integrity)
                    )));
                }
                copy_head = crate::store::port::Admin::chain_head(&file)?;
            }
            if !differ.is_empty() || head != server_head {
                return Err(StoreError::Backend(format!(
                    "the copy does not match the server's record ({}); it was not kept",
                    if differ.is_empty() {
                        "the timeline heads differ".to_string()
                    } else {
                        differ.join("; ")
                    }
                )));
            }
            Ok(copy_head)
        })
    }
}
