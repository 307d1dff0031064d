//! Acts on a person's record that the officer decides: revealing their
//! identifiers, marking a 老户, and merging two records of one person. Each is
//! recorded in the audit log, in the same unit of work as the act.

use super::Store;
use crate::store::error::{Result, StoreError};
use crate::store::port::{PersonState, Tx};
use crate::store::records::Revealed;

fn person(tx: &mut dyn Tx, id: i64) -> Result<PersonState> {
    tx.person_state(id)?
        .ok_or_else(|| StoreError::NotFound(format!("no person #{id} on record")))
}

impl Store {
    /// The unmasked ID number and phone of one person, recorded in the audit log.
    pub fn reveal(&mut self, officer: &str, petitioner_id: i64) -> Result<Revealed> {
        let at = self.cx().stamp();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let p = person(tx, petitioner_id)?;
            let subject = format!("petitioner:{petitioner_id}");
            tx.audit(
                &at,
                Some(officer_id),
                crate::domain::audit::AuditAction::Reveal,
                &subject,
            )?;
            Ok(Revealed {
                petitioner_id,
                name: p.name,
                id_number: p.id_number,
                phone: p.phone,
            })
        })
    }

    pub fn mark_long_standing(
        &mut self,
        officer: &str,
        petitioner_id: i64,
        on: bool,
    ) -> Result<()> {
        let at = self.cx().stamp();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            super::shifts::check_on_duty(tx, officer_id, officer)?;
            person(tx, petitioner_id)?;
            tx.set_long_standing(petitioner_id, on)?;
            tx.touch_person(petitioner_id)?;
            let action = if on {
                crate::domain::audit::AuditAction::MarkLongStanding
            } else {
                crate::domain::audit::AuditAction::UnmarkLongStanding
            };
            let subject = format!("petitioner:{petitioner_id}");
            tx.audit(&at, Some(officer_id), action, &subject)
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
        let at = self.cx().stamp();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            super::shifts::check_on_duty(tx, officer_id, officer)?;
            let k = person(tx, keep)?;
            let o = person(tx, other)?;
            if k.merged_into.is_some() || o.merged_into.is_some() {
                return Err(StoreError::Invalid(
                    "one of the two was merged already; merge into the record it points to".into(),
                ));
            }
            if let (Some(a), Some(b)) = (&k.id_number, &o.id_number) {
                if a != b {
                    return Err(StoreError::Invalid(
                        "the two records have different ID numbers: they are different people"
                            .into(),
                    ));
                }
            }
            let moved = tx.move_person_records(other, keep)?;
            // The kept record takes what only the other one knew; an ID number is
            // unique, so it leaves the other record first.
            let id_number = match (&k.id_number, &o.id_number) {
                (None, Some(n)) => {
                    tx.clear_id_number(other)?;
                    Some((n.as_str(), o.id_checksum_ok))
                }
                _ => None,
            };
            tx.update_person(
                keep,
                k.phone.is_none().then_some(o.phone.as_deref()).flatten(),
                k.address
                    .is_none()
                    .then_some(o.address.as_deref())
                    .flatten(),
                id_number,
            )?;
            if o.marked_long_standing && !k.marked_long_standing {
                tx.set_long_standing(keep, true)?;
            }
            tx.set_merged_into(other, keep)?;
            // Each record had its own first visit: only the earliest one stays so.
            let contacts = tx.person_contact_flags(keep)?;
            let lists: Vec<_> = contacts.iter().map(|(_, f)| f.clone()).collect();
            let fresh = crate::domain::merge::first_and_returning(&lists);
            for ((id, old), new) in contacts.iter().zip(&fresh) {
                if old != new {
                    tx.set_contact_flags(*id, new)?;
                }
            }
            tx.touch_person(keep)?;
            tx.touch_person(other)?;
            tx.refresh_search_keys(keep)?;
            tx.refresh_search_keys(other)?;
            let subject = format!("petitioner:{other} into petitioner:{keep}");
            tx.audit(
                &at,
                Some(officer_id),
                crate::domain::audit::AuditAction::Merge,
                &subject,
            )?;
            Ok(moved)
        })
    }
}
