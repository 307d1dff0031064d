//! Feeding the lookup index, and the cards that lookup rows show.

use super::history::person_facts;
use super::SqliteStore;
use crate::domain::flags::petitioner_flags;
use crate::domain::history::petitioner_history;
use crate::domain::mask::{mask_id_number, mask_phone};
use crate::search::SearchEntry;
use crate::store::error::Result;
use crate::store::port::Ctx;
use crate::store::records::PetitionerCard;

impl SqliteStore {
    /// Search entries of everyone changed after `since` (0: everyone), and the
    /// change number to ask from next time.
    pub(super) fn search_entries(&self, since: i64) -> Result<(Vec<SearchEntry>, i64)> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.name, p.pinyin, p.initials, p.id_number, p.phone, p.change_seq,
                    (SELECT group_concat(c.case_no) FROM case_petitioners cp JOIN cases c ON c.id = cp.case_id
                      WHERE cp.petitioner_id = p.id),
                    (SELECT group_concat(k.letter_no) FROM contacts k
                      WHERE k.petitioner_id = p.id AND k.letter_no IS NOT NULL),
                    (SELECT max(k.arrived_at) FROM contacts k WHERE k.petitioner_id = p.id)
             FROM petitioners p WHERE p.change_seq > ?1 AND p.merged_into IS NULL",
        )?;
        let mut high = since;
        let rows = stmt.query_map([since], |r| {
            let split = |s: Option<String>| -> Vec<String> {
                s.map(|s| s.split(',').map(str::to_string).collect())
                    .unwrap_or_default()
            };
            Ok((
                r.get::<_, i64>(6)?,
                SearchEntry {
                    petitioner_id: r.get(0)?,
                    name: r.get(1)?,
                    pinyin: r.get(2)?,
                    initials: r.get(3)?,
                    id_number: r.get(4)?,
                    phone: r.get(5)?,
                    case_nos: split(r.get(7)?),
                    letter_nos: split(r.get(8)?),
                    last_contact: r
                        .get::<_, Option<String>>(9)?
                        .and_then(|s| crate::time::parse_instant(&s))
                        .map(|t| t.naive_local()),
                },
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (seq, entry) = row?;
            high = high.max(seq);
            entries.push(entry);
        }
        Ok((entries, high))
    }

    /// People merged into another record after `since`: a running index drops them.
    pub(super) fn merged_since(&self, since: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id FROM petitioners WHERE change_seq > ?1 AND merged_into IS NOT NULL",
        )?;
        let rows = stmt.query_map([since], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

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
