//! The people of a bulk fill's unit of work (see bulk_tx.rs): a check-in's
//! matching, a new person and a changed one, and a person's past, answered from the
//! people held and the indexes kept beside them, as `people.rs` and `history.rs`
//! answer them from the file.

use super::bulk::{Brief, Person};
use super::bulk_tx::{refused, BulkTx};
use super::people;
use crate::domain::history::PersonFacts;
use crate::domain::CaseStatus;
use crate::store::error::Result;
use crate::store::port::{
    Likeness, Match, Matching, NewPerson, PersonState, NAME_MATCHES, PHONE_MATCHES,
};

impl BulkTx<'_> {
    pub(super) fn matching_held(
        &mut self,
        id_number: Option<&str>,
        like: Option<&Likeness<'_>>,
    ) -> Result<Matching> {
        let by_id_number = id_number.and_then(|n| self.bulk.by_id_number.get(n).copied());
        let mut found = Matching {
            by_id_number,
            ..Default::default()
        };
        let Some(like) = like.filter(|_| by_id_number.is_none()) else {
            return Ok(found);
        };
        let listed = |tx: &Self, ids, limit| -> Vec<Match> {
            tx.fill_people(ids, limit)
                .map(|(id, b)| Match {
                    id,
                    name: b.name.clone(),
                    address: b.address.clone(),
                    id_number: b.id_number.clone(),
                    id_checksum_ok: b.id_checksum_ok,
                })
                .collect()
        };
        if let Some(phone) = like.phone {
            found.with_phone = listed(self, self.bulk.by_phone.get(phone), PHONE_MATCHES);
        }
        found.named = listed(self, self.bulk.by_name.get(like.name), NAME_MATCHES);
        Ok(found)
    }

    pub(super) fn held_person_state(&mut self, id: i64) -> Result<Option<PersonState>> {
        match self.bulk.person(id) {
            Some(p) => Ok(Some(PersonState {
                name: p.name.clone(),
                id_number: p.id_number.clone(),
                id_checksum_ok: p.id_checksum_ok,
                phone: p.phone.clone(),
                address: p.address.clone(),
                marked_long_standing: p.marked_long_standing,
                merged_into: None,
            })),
            // The file may not hold the earlier stretches yet (bulk_pipe.rs).
            None if id >= self.bulk.first_person => {
                Err(refused("read a person of an earlier stretch"))
            }
            None => people::person_state(self.inner.conn(), id),
        }
    }

    pub(super) fn hold_new_person(&mut self, p: &NewPerson<'_>) -> Result<i64> {
        let b = &mut *self.bulk;
        b.wrote = true;
        let id = b.next.person;
        b.next.person += 1;
        if let Some(n) = p.id_number {
            b.by_id_number.insert(n.to_string(), id);
        }
        b.by_name.entry(p.name.to_string()).or_default().push(id);
        if let Some(phone) = p.phone {
            b.by_phone.entry(phone.to_string()).or_default().push(id);
        }
        b.briefs.push(Brief {
            name: p.name.to_string(),
            address: p.address.map(str::to_string),
            id_number: p.id_number.map(str::to_string),
            id_checksum_ok: p.id_checksum_ok,
        });
        b.person_at.insert(id, b.rows.people.len());
        b.rows.people.push(Person {
            id,
            name: p.name.to_string(),
            id_number: p.id_number.map(str::to_string),
            id_checksum_ok: p.id_checksum_ok,
            phone: p.phone.map(str::to_string),
            address: p.address.map(str::to_string),
            pinyin: p.pinyin.to_string(),
            initials: p.initials.to_string(),
            marked_long_standing: false,
            change_seq: 0,
            created_at: p.at.to_string(),
            created_by: p.officer_id,
            contacts: Vec::new(),
            cases: Vec::new(),
        });
        Ok(id)
    }

    pub(super) fn update_held_person(
        &mut self,
        id: i64,
        phone: Option<&str>,
        address: Option<&str>,
        id_number: Option<(&str, bool)>,
    ) -> Result<()> {
        let first = self.bulk.first_person;
        let p = self.held_person(id)?;
        let old_phone = phone.and_then(|ph| p.phone.replace(ph.to_string()));
        if let Some(a) = address {
            p.address = Some(a.to_string());
        }
        let mut new_number = None;
        if let Some((number, ok)) = id_number.filter(|_| p.id_number.is_none()) {
            p.id_number = Some(number.to_string());
            p.id_checksum_ok = ok;
            new_number = Some(number.to_string());
        }
        if let Some(phone) = phone {
            // The phone index moves with the column.
            if let Some(old) = old_phone.filter(|o| o != phone) {
                if let Some(ids) = self.bulk.by_phone.get_mut(&old) {
                    ids.retain(|i| *i != id);
                }
                let ids = self.bulk.by_phone.entry(phone.to_string()).or_default();
                ids.push(id);
                ids.sort_unstable();
            } else if !self
                .bulk
                .by_phone
                .get(phone)
                .is_some_and(|v| v.contains(&id))
            {
                let ids = self.bulk.by_phone.entry(phone.to_string()).or_default();
                ids.push(id);
                ids.sort_unstable();
            }
        }
        let brief = usize::try_from(id - first)
            .ok()
            .and_then(|i| self.bulk.briefs.get_mut(i));
        if let Some(b) = brief {
            if let Some(a) = address {
                b.address = Some(a.to_string());
            }
            if let (Some(n), Some((_, ok))) = (&new_number, id_number) {
                b.id_number = Some(n.clone());
                b.id_checksum_ok = ok;
            }
        }
        if let Some(n) = new_number {
            self.bulk.by_id_number.insert(n, id);
        }
        Ok(())
    }

    /// As `history::person_facts`, for a person held.
    pub(super) fn facts_of(&self, p: &Person, joining: Option<i64>) -> PersonFacts {
        let mut ids: Vec<i64> = p.cases.clone();
        ids.extend(joining);
        ids.sort_unstable();
        ids.dedup();
        let cases = ids
            .into_iter()
            .filter_map(|id| self.bulk.case(id))
            .map(|c| {
                let mut channels = Vec::new();
                let (mut first, mut last): (Option<&str>, Option<&str>) = (None, None);
                for &k in &c.contacts {
                    let k = &self.bulk.rows.contacts[k];
                    if let Some(ch) = crate::domain::Channel::from_code(k.channel) {
                        if !channels.contains(&ch) {
                            channels.push(ch);
                        }
                    }
                    let at = k.arrived_at.as_str();
                    first = Some(first.map_or(at, |f| f.min(at)));
                    last = Some(last.map_or(at, |l| l.max(at)));
                }
                let day = |s: &str| {
                    crate::time::parse_instant(s)
                        .map(|t| t.date_naive())
                        .unwrap_or_default()
                };
                crate::domain::history::CaseFacts {
                    case_id: c.id,
                    status: c.status,
                    recheck_decided: c.status == CaseStatus::Archived && self.decided_recheck(c),
                    channels,
                    contact_count: c.contacts.len() as u32,
                    first_contact: day(first.unwrap_or(&c.registered_at)),
                    last_contact: day(last.unwrap_or(&c.registered_at)),
                    due_on: c
                        .due_on
                        .as_deref()
                        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
                    from_above: c.source != "local",
                }
            })
            .collect();
        PersonFacts {
            contact_count: p.contacts.len() as u32,
            marked_long_standing: p.marked_long_standing,
            cases,
        }
    }

    /// The first `limit` of `ids` (ascending, as an index on `petitioners` lists
    /// them) as a check-in's matching shows them: every person on record came with
    /// the fill (see [`Bulk::start`]).
    fn fill_people<'b>(
        &'b self,
        ids: Option<&'b Vec<i64>>,
        limit: usize,
    ) -> impl Iterator<Item = (i64, &'b Brief)> + 'b {
        ids.into_iter()
            .flatten()
            .filter_map(|&id| Some((id, self.bulk.brief(id)?)))
            .take(limit)
    }
}
