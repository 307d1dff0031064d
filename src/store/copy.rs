//! Copying a whole record from one backend to the other, table by table
//! (`jiedai migrate`, and `jiedai backup` of a server's record into a file).
//!
//! Both backends keep the same tables column for column, so the copy is driven by
//! one list, [`TABLES`], in an order that keeps every reference valid: a table is
//! copied when it exists on both ends, with the columns both ends have. A table
//! with rows that the target lacks stops the copy before anything is written —
//! the record is never moved in part. Each side converts what it reads into
//! [`Cell`]s and what it writes from them into its own column types.

use crate::domain::anchor::Anchor;
use crate::store::error::{Result, StoreError};

/// Every table that holds the record, in copying order (a table comes after the
/// tables it refers to). A table new to either backend is copied once it is
/// listed here and exists on both ends.
pub(crate) const TABLES: &[&str] = &[
    "meta",
    "counters",
    "officers",
    "units",
    "categories",
    "petitioners",
    "cases",
    "case_petitioners",
    "contacts",
    "events",
    "shifts",
    "audit",
    "case_upper",
    "case_merges",
    "divisions",
    "contact_risk",
    // The leaders' registers.
    "baoan",
    "baoan_log",
    "baoan_hits",
    "receptions",
    "reception_visits",
    "reception_bookings",
    "supervisions",
    // The risk registers.
    "screening_rounds",
    "screening_items",
    "screening_item_people",
    "plans",
    "plan_log",
    // 满意度评价 and 回访.
    "ratings",
    "follow_ups",
    // Derived from the tables above, but copied: rebuilding them costs more.
    "search_keys",
    "search_people",
    // The chain over every table, last: its entries hash the rows copied above.
    // Its table numbers and marks first, as it names and checks itself by them.
    "ledger_tables",
    "ledger_marks",
    LEDGER,
];

/// The ledger's own tables: left behind together when the target keeps none.
const LEDGER_PARTS: &[&str] = &["ledger_tables", "ledger_marks", LEDGER];

/// The ledger over every table (DESIGN.md 1.7). Left behind when the target has
/// none: verify there then checks the timeline's chain only.
pub(crate) const LEDGER: &str = "ledger";

/// Tables a backend keeps for itself and the target makes again: never copied.
/// `due_days` is counted by triggers as cases are written; `ledger_pending` is
/// empty between transactions; `search_pending` (a file's people waiting to be
/// folded into its search keys) is folded into the copy of `search_keys` and
/// `search_people` by the file's side.
/// `jiedai_schema` is the server's own schema version.
pub(crate) const NOT_COPIED: &[&str] = &[
    "due_days",
    "ledger_pending",
    "search_pending",
    "jiedai_schema",
];

/// One value on its way from one backend to the other.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// What a column holds on one backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    /// A yes/no: BOOLEAN on the server, 0 or 1 in the file.
    Bool,
    Real,
    Text,
    Blob,
}

#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub kind: Kind,
}

/// How the target stores each of `from`'s columns: as its own column of that name
/// (`own`), or as text where it has none.
pub(crate) fn target_kinds(own: &[Column], from: &[Column]) -> Vec<Kind> {
    from.iter()
        .map(|c| {
            own.iter()
                .find(|o| o.name == c.name)
                .map_or(Kind::Text, |o| o.kind)
        })
        .collect()
}

/// Rows handed over one at a time.
pub(crate) type Emit<'a> = dyn FnMut(&[Cell]) -> Result<()> + 'a;

/// The record being read: one consistent snapshot for the whole copy.
pub(crate) trait Source {
    /// Every table this side has (to catch one the list does not know).
    fn tables(&mut self) -> Result<Vec<String>>;
    /// The table's columns, or `None` when this side has no such table.
    fn columns(&mut self, table: &str) -> Result<Option<Vec<Column>>>;
    fn count(&mut self, table: &str) -> Result<i64>;
    /// Each row's `columns`, in the order of `id` where the table has one.
    fn rows(&mut self, table: &str, columns: &[Column], each: &mut Emit<'_>) -> Result<()>;
    /// The timeline's newest event.
    fn timeline_head(&mut self) -> Result<Option<Anchor>>;
}

/// The record being written, inside one transaction until [`Sink::finish`].
pub(crate) trait Sink {
    fn columns(&mut self, table: &str) -> Result<Option<Vec<Column>>>;
    fn count(&mut self, table: &str) -> Result<i64>;
    /// Writes the rows `fill` emits; `from` is what each emitted row holds.
    fn write(
        &mut self,
        table: &str,
        from: &[Column],
        fill: &mut dyn FnMut(&mut Emit<'_>) -> Result<()>,
    ) -> Result<()>;
}

/// One table to copy: the columns both ends have, and how many rows.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub table: &'static str,
    pub columns: Vec<Column>,
    pub rows: i64,
}

/// What the copy will do: the tables copied, and a table left behind (only the
/// ledger, when the target keeps none yet).
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub tables: Vec<Planned>,
    pub left: Vec<(&'static str, i64)>,
}

impl Plan {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows.max(0) as u64).sum()
    }
}

/// Decides what to copy, and refuses a source holding anything the target could
/// not take: rows in a table the target lacks, or in a table this list does not know.
pub(crate) fn plan(from: &mut dyn Source, to: &mut dyn Sink) -> Result<Plan> {
    let mut plan = Plan::default();
    let mut missing = Vec::new();
    for table in from.tables()? {
        let known = TABLES.contains(&table.as_str()) || NOT_COPIED.contains(&table.as_str());
        if !known && from.count(&table)? > 0 {
            missing.push(format!("{table} (unknown to this copy)"));
        }
    }
    for &table in TABLES {
        let Some(source) = from.columns(table)? else {
            continue;
        };
        let rows = from.count(table)?;
        let Some(target) = to.columns(table)? else {
            if LEDGER_PARTS.contains(&table) {
                plan.left.push((table, rows));
            } else if rows > 0 {
                missing.push(format!("{table} ({rows} rows)"));
            }
            continue;
        };
        let columns = source
            .into_iter()
            .filter(|c| target.iter().any(|t| t.name == c.name))
            .collect();
        plan.tables.push(Planned {
            table,
            columns,
            rows,
        });
    }
    if !missing.is_empty() {
        return Err(StoreError::Invalid(format!(
            "the target cannot hold all of this record yet: it has no table for {}; nothing was copied (DESIGN.md §3 lists what runs on PostgreSQL)",
            missing.join(", ")
        )));
    }
    Ok(plan)
}

/// Copies every planned table; `progress` hears the rows copied so far.
pub(crate) fn copy(
    from: &mut dyn Source,
    to: &mut dyn Sink,
    plan: &Plan,
    progress: &mut dyn FnMut(u64),
) -> Result<()> {
    let mut done = 0u64;
    for t in &plan.tables {
        to.write(t.table, &t.columns, &mut |emit| {
            from.rows(t.table, &t.columns, &mut |row| {
                emit(row)?;
                done += 1;
                if done.is_multiple_of(4096) {
                    progress(done);
                }
                Ok(())
            })
        })?;
    }
    progress(done);
    Ok(())
}

/// One table's rows on both ends after the copy.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TableCount {
    pub table: String,
    pub source: i64,
    pub target: i64,
}

/// Counts every copied table again on both ends.
pub(crate) fn counts(
    from: &mut dyn Source,
    to: &mut dyn Sink,
    plan: &Plan,
) -> Result<Vec<TableCount>> {
    plan.tables
        .iter()
        .map(|t| {
            Ok(TableCount {
                table: t.table.to_string(),
                source: from.count(t.table)?,
                target: to.count(t.table)?,
            })
        })
        .collect()
}

/// `cell` as a column of kind `to` holds it. The timeline's and the ledger's
/// hashes are 32 bytes in the file and may be lowercase hex text on the other end.
pub(crate) fn convert(cell: &Cell, to: Kind, column: &str) -> Result<Cell> {
    Ok(match (cell, to) {
        (Cell::Blob(b), Kind::Text) => Cell::Text(hex(b)),
        (Cell::Text(t), Kind::Blob) => Cell::Blob(unhex(t).ok_or_else(|| {
            StoreError::Invalid(format!(
                "{column}: {:?} is not hexadecimal; it cannot be stored as bytes",
                crate::text::excerpt(t, 20)
            ))
        })?),
        (Cell::Int(n), Kind::Real) => Cell::Real(*n as f64),
        (other, _) => other.clone(),
    })
}

/// Bytes as lowercase hex, as the chains write their hashes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_cross_as_hex_and_back() {
        let bytes = Cell::Blob(vec![0, 1, 0xab, 0xff]);
        let text = convert(&bytes, Kind::Text, "hash").unwrap();
        assert_eq!(text, Cell::Text("0001abff".into()));
        assert_eq!(convert(&text, Kind::Blob, "hash").unwrap(), bytes);
        assert!(convert(&Cell::Text("xyz".into()), Kind::Blob, "hash").is_err());
    }

    #[test]
    fn the_list_copies_each_table_once_and_never_a_derived_one() {
        for (i, t) in TABLES.iter().enumerate() {
            assert!(!TABLES[i + 1..].contains(t), "{t} listed twice");
            assert!(!NOT_COPIED.contains(t), "{t} is both copied and not");
        }
    }
}
