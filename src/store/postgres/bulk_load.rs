//! Filling empty tables the way `pg_restore` does: the keys, indexes and
//! references are set aside before the rows go in and made again after, each
//! in one pass over the table (a sort, a join) instead of one step per row. All
//! inside the copy's transaction: a row that breaks a key or a reference fails
//! it when the constraint is made again, and nothing is left behind.

use postgres::Transaction;

use crate::store::error::Result;

/// The constraints and indexes set aside, with how to make each again.
pub(super) struct SetAside {
    keys: Vec<(String, String, String)>,
    references: Vec<(String, String, String)>,
    indexes: Vec<String>,
}

const OURS: &str = "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())";

fn constraints(
    tx: &mut Transaction<'_>,
    kinds: &str,
    keep: &[&str],
) -> Result<Vec<(String, String, String)>> {
    let sql = format!(
        "SELECT c.conrelid::regclass::text, c.conname::text, pg_get_constraintdef(c.oid)
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
         WHERE c.connamespace = {OURS} AND c.contype IN ({kinds})
           AND NOT (t.relname::text = ANY($1))
         ORDER BY 1, 2"
    );
    let keep: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
    tx.query(&sql, &[&keep])?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}

/// Drops every reference, key and index of the record's tables but those of
/// `keep` (tables written with `ON CONFLICT`, which needs their keys).
pub(super) fn set_aside(tx: &mut Transaction<'_>, keep: &[&str]) -> Result<SetAside> {
    // Larger sorts for the indexes made again at the end.
    tx.batch_execute("SET LOCAL maintenance_work_mem = '256MB'")?;
    let references = constraints(tx, "'f'", &[])?;
    let keys = constraints(tx, "'p', 'u'", keep)?;
    let keep_list: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
    let indexes: Vec<(String, String)> = tx
        .query(
            &format!(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                 FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                 WHERE t.relnamespace = {OURS}
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                   AND NOT (t.relname::text = ANY($1))
                 ORDER BY 1"
            ),
            &[&keep_list],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_>>()?;
    for (table, name, _) in references.iter().chain(&keys) {
        tx.batch_execute(&format!("ALTER TABLE {table} DROP CONSTRAINT \"{name}\""))?;
    }
    for (name, _) in &indexes {
        tx.batch_execute(&format!("DROP INDEX {name}"))?;
    }
    Ok(SetAside {
        keys,
        references,
        indexes: indexes.into_iter().map(|(_, def)| def).collect(),
    })
}

/// Makes everything set aside again: keys first, for the references to point at.
pub(super) fn restore(tx: &mut Transaction<'_>, aside: SetAside) -> Result<()> {
    for (table, name, def) in &aside.keys {
        tx.batch_execute(&format!(
            "ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {def}"
        ))?;
    }
    for def in &aside.indexes {
        tx.batch_execute(def)?;
    }
    for (table, name, def) in &aside.references {
        tx.batch_execute(&format!(
            "ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {def}"
        ))?;
    }
    Ok(())
}
