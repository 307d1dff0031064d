//! Acts on a person's record that the officer decides: marking a 老户, and merging
//! two records of one person. Both are recorded in the audit log.

use super::audit::insert_audit;
use super::error::{Result, StoreError};
use super::registry::officer_id;
use super::Store;
use crate::time::stamp;
use rusqlite::{params, Connection, OptionalExtension};

fn exists(tx: &Connection, id: i64) -> Result<(Option<String>, Option<i64>)> {
    tx.prepare_cached("SELECT id_number, merged_into FROM petitioners WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("no person #{id} on record")))
}

/// Marks a person as changed so that search indexes pick them up again.
pub(super) fn touch_person(tx: &Connection, petitioner_id: i64) -> Result<()> {
    // One statement: the index on change_seq makes max() a single lookup.
    tx.prepare_cached(
        "UPDATE petitioners SET change_seq = (SELECT coalesce(max(change_seq), 0) + 1 FROM petitioners)
         WHERE id = ?1",
    )?
    .execute([petitioner_id])?;
    Ok(())
}

impl Store {
    pub fn mark_long_standing(
        &mut self,
        officer: &str,
        petitioner_id: i64,
        on: bool,
    ) -> Result<()> {
        let at = stamp(self.now());
        self.write(|tx| {
            let officer_id = officer_id(tx, officer, &at)?;
            exists(tx, petitioner_id)?;
            tx.prepare_cached("UPDATE petitioners SET marked_long_standing = ?2 WHERE id = ?1")?
                .execute(params![petitioner_id, on])?;
            touch_person(tx, petitioner_id)?;
            let action = if on {
                "mark_long_standing"
            } else {
                "unmark_long_standing"
            };
            let subject = format!("petitioner:{petitioner_id}");
            insert_audit(tx, &at, Some(officer_id), action, &subject)
        })
    }

    /// Moves `other`'s contacts and cases to `keep`. Nothing is deleted: `other`
    /// stays on record pointing at `keep`, so the merge can be audited. Two records
    /// with different ID numbers are different people and are never merged.
    pub fn merge_people(&mut self, officer: &str, keep: i64, other: i64) -> Result<usize> {
        if keep == other {
            return Err(StoreError::Invalid(
                "a person cannot be merged into themselves".into(),
            ));
        }
        let at = stamp(self.now());
        self.write(|tx| {
            let officer_id = officer_id(tx, officer, &at)?;
            let (keep_id, keep_merged) = exists(tx, keep)?;
            let (other_id, other_merged) = exists(tx, other)?;
            if keep_merged.is_some() || other_merged.is_some() {
                return Err(StoreError::Invalid(
                    "one of the two was merged already; merge into the record it points to".into(),
                ));
            }
            if let (Some(a), Some(b)) = (&keep_id, &other_id) {
                if a != b {
                    return Err(StoreError::Invalid(
                        "the two records have different ID numbers: they are different people"
                            .into(),
                    ));
                }
            }
            let moved = tx
                .prepare_cached("UPDATE contacts SET petitioner_id = ?1 WHERE petitioner_id = ?2")?
                .execute(params![keep, other])?;
            tx.prepare_cached(
                "INSERT OR IGNORE INTO case_petitioners(case_id, petitioner_id, role)
                 SELECT case_id, ?1, role FROM case_petitioners WHERE petitioner_id = ?2",
            )?
            .execute(params![keep, other])?;
            tx.prepare_cached("DELETE FROM case_petitioners WHERE petitioner_id = ?1")?
                .execute([other])?;
            // The kept record takes what only the other one knew.
            tx.prepare_cached(
                "UPDATE petitioners SET
                    phone = coalesce(phone, (SELECT phone FROM petitioners WHERE id = ?2)),
                    address = coalesce(address, (SELECT address FROM petitioners WHERE id = ?2)),
                    marked_long_standing = max(marked_long_standing,
                        (SELECT marked_long_standing FROM petitioners WHERE id = ?2))
                 WHERE id = ?1",
            )?
            .execute(params![keep, other])?;
            if keep_id.is_none() && other_id.is_some() {
                let (n, ok): (String, bool) = tx
                    .prepare_cached(
                        "SELECT id_number, id_checksum_ok FROM petitioners WHERE id = ?1",
                    )?
                    .query_row([other], |r| Ok((r.get(0)?, r.get(1)?)))?;
                tx.prepare_cached("UPDATE petitioners SET id_number = NULL WHERE id = ?1")?
                    .execute([other])?;
                tx.prepare_cached(
                    "UPDATE petitioners SET id_number = ?2, id_checksum_ok = ?3 WHERE id = ?1",
                )?
                .execute(params![keep, n, ok])?;
            }
            tx.prepare_cached("UPDATE petitioners SET merged_into = ?1 WHERE id = ?2")?
                .execute(params![keep, other])?;
            touch_person(tx, keep)?;
            touch_person(tx, other)?;
            let subject = format!("petitioner:{other} into petitioner:{keep}");
            insert_audit(tx, &at, Some(officer_id), "merge", &subject)?;
            Ok(moved)
        })
    }
}
