//! The cards that lookup rows show.

use super::error::Result;
use super::history::petitioner_history;
use super::Store;
use crate::domain::flags::petitioner_flags;
use crate::domain::mask::{mask_id_number, mask_phone};
use crate::domain::Flag;
use crate::search::{Hit, MatchKind};
use serde::Serialize;

/// One person as a lookup row shows them: identifiers masked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PetitionerCard {
    pub petitioner_id: i64,
    pub name: String,
    pub id_number_masked: Option<String>,
    /// False when the ID number was recorded with a wrong check character.
    pub id_checksum_ok: bool,
    pub phone_masked: Option<String>,
    pub contact_count: i64,
    pub last_contact: Option<String>,
    pub open_cases: i64,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LookupRow {
    #[serde(flatten)]
    pub card: PetitionerCard,
    pub match_kind: MatchKind,
    /// The case or letter number that matched, if that is how they were found.
    pub matched: String,
}

impl Store {
    /// Cards for these people, in the order given.
    pub fn cards(&self, ids: &[i64]) -> Result<Vec<PetitionerCard>> {
        let today = self.today();
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
            let history = petitioner_history(self.conn(), id, None, today)?;
            cards.push(PetitionerCard {
                petitioner_id: id,
                name: r.get(0)?,
                id_number_masked: r.get::<_, Option<String>>(1)?.map(|s| mask_id_number(&s)),
                id_checksum_ok: r.get::<_, i64>(2)? != 0,
                phone_masked: r.get::<_, Option<String>>(3)?.map(|s| mask_phone(&s)),
                contact_count: r.get(4)?,
                last_contact: r.get(5)?,
                open_cases: history.cases.iter().filter(|c| c.status.is_open()).count() as i64,
                flags: petitioner_flags(&history, &self.rules.flags),
            });
        }
        Ok(cards)
    }

    /// Cards for the hits of a query, best first.
    pub fn lookup_rows(&self, hits: &[Hit]) -> Result<Vec<LookupRow>> {
        let ids: Vec<i64> = hits.iter().map(|h| h.petitioner_id).collect();
        let cards = self.cards(&ids)?;
        Ok(cards
            .into_iter()
            .zip(hits)
            .map(|(card, hit)| LookupRow {
                card,
                match_kind: hit.kind,
                matched: hit.matched.clone(),
            })
            .collect())
    }

    /// Looks a person up on the persisted keys: a few index probes, never everyone.
    pub fn lookup(&self, query: &str, limit: usize) -> Result<Vec<LookupRow>> {
        self.lookup_rows(&self.lookup_page(query, limit)?.hits)
    }
}
