//! The cards that lookup rows show.

use super::history::person_facts;
use super::SqliteStore;
use crate::domain::flags::petitioner_flags;
use crate::domain::history::petitioner_history;
use crate::domain::mask::{mask_id_number, mask_phone};
use crate::store::error::Result;
use crate::store::port::Ctx;
use crate::store::records::PetitionerCard;

impl SqliteStore {
    /// Cards for these people, in the order given.
    pub(super) fn cards(&self, cx: &Ctx, ids: &[i64]) -> Result<Vec<PetitionerCard>> {
        let today = cx.today();
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.name, p.id_number, p.id_checksum_ok, p.phone,
                    (SELECT count(*) FROM contacts k WHERE k.petitioner_id = p.id),
                    (SELECT max(k.arrived_at) FROM contacts k WHERE k.petitioner_id = p.id)
             FROM petitioners p WHERE p.id = ?1",
        )?;
        let mut cards = Vec::with_capacity(ids.len());
        for &id in ids {
            let mut rows = stmt.query([id])?;
            let Some(r) = rows.next()? else { continue };
            let history = petitioner_history(&person_facts(self.conn(), id, None)?, today);
            cards.push(PetitionerCard {
                petitioner_id: id,
                name: r.get(0)?,
                id_number_masked: r.get::<_, Option<String>>(1)?.map(|s| mask_id_number(&s)),
                id_checksum_ok: r.get::<_, i64>(2)? != 0,
                phone_masked: r.get::<_, Option<String>>(3)?.map(|s| mask_phone(&s)),
                contact_count: r.get(4)?,
                last_contact: r.get(5)?,
                open_cases: history.cases.iter().filter(|c| c.status.is_open()).count() as i64,
                flags: petitioner_flags(&history, &cx.rules.flags),
            });
        }
        Ok(cards)
    }
}
