//! A returning person's open cases, offered in the check-in form (issue 10,
//! item 3): a typed ID number that is on record links the form to its person at
//! once (the store files the contact under them anyway: one number is one
//! person), their open cases are listed with the key that joins one, the case
//! whose matter reads like the one typed is chosen by default, and the form says
//! when the person already holds a place in the queue.
//!
//! A phone number or a name is only a candidate: those link when the officer
//! confirms (`C-l`), and the offer follows.

use super::{CheckInForm, Field, Link};
use crate::domain::idnumber::parse_id_number;
use crate::domain::QueueStatus;
use crate::search::MatchKind;
use crate::store::{CaseRow, ContactRow, LookupRow};

impl Link {
    pub fn new(petitioner_id: i64, name: &str, flags: Vec<crate::domain::Flag>) -> Link {
        Link {
            petitioner_id,
            name: name.to_string(),
            flags,
            open_cases: None,
            case_no: None,
            case_picked: false,
            in_queue: None,
            enquiry: false,
        }
    }
}

/// How much two matter texts share: the share of the shorter one's character
/// pairs (punctuation and spaces left out) found in the other. Pairs, not single
/// characters, so "物业收费" and "物业违规收费" agree and "工资" alone does not
/// make two matters one.
pub fn matter_overlap(a: &str, b: &str) -> f64 {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (a, b) = (pairs(a), pairs(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0.0;
    }
    let shared = short.iter().filter(|p| long.contains(p)).count();
    shared as f64 / short.len() as f64
}

/// Matter texts this alike are taken as the same matter (the officer can still
/// choose a new case with one key).
const SAME_MATTER: f64 = 0.3;

impl CheckInForm {
    /// After the people matching the typed ID number arrive: the one whose
    /// number it is becomes the linked person. Returns whom to fetch.
    pub fn link_by_id_number(&mut self) -> Option<i64> {
        if self.link.is_some() {
            return None;
        }
        parse_id_number(self.value(Field::IdNumber).trim()).ok()?;
        let mut exact = self
            .matches
            .iter()
            .filter(|r| r.match_kind == MatchKind::IdNumber);
        let row = exact.next()?;
        if exact.next().is_some() {
            return None;
        }
        self.link = Some(Link::new(
            row.card.petitioner_id,
            &row.card.name,
            row.card.flags.clone(),
        ));
        Some(row.card.petitioner_id)
    }

    /// The linked person's open cases and contacts arrived: offer the cases,
    /// choose the one the typed matter reads like, note a place in the queue.
    pub fn offer(&mut self, petitioner_id: i64, open: Vec<CaseRow>, contacts: &[ContactRow]) {
        let Some(link) = self
            .link
            .as_mut()
            .filter(|l| l.petitioner_id == petitioner_id)
        else {
            return;
        };
        link.open_cases = Some(open);
        link.in_queue = contacts
            .iter()
            .find_map(|c| match (c.queue_no, c.queue_status) {
                (Some(no), Some(s @ (QueueStatus::Waiting | QueueStatus::Receiving))) => {
                    Some((no, s))
                }
                _ => None,
            });
        self.suggest_case();
    }

    /// Chooses the open case whose matter reads like the typed one, unless the
    /// officer already chose (a case, or a new one) with the pick key.
    pub fn suggest_case(&mut self) {
        let matter = self.value(Field::Matter).to_string();
        let from_above = self.more.source.from_above();
        let Some(link) = self.link.as_mut().filter(|l| !l.case_picked) else {
            return;
        };
        let Some(cases) = link.open_cases.as_ref() else {
            return;
        };
        // A matter from above is registered as a new matter: it is not taken for
        // an open one however alike the texts read.
        if from_above {
            link.case_no = None;
            return;
        }
        link.case_no = cases
            .iter()
            .map(|c| (matter_overlap(&matter, &c.matter), c))
            .filter(|(score, _)| *score >= SAME_MATTER)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c.case_no.clone());
    }
}

/// The name being typed in a list of names: after the last separator.
pub fn last_name(list: &str) -> &str {
    list.rsplit([',', '，', '、', ';', '；'])
        .next()
        .unwrap_or("")
        .trim()
}

impl CheckInForm {
    /// A representative picked from the people on record: the name being typed
    /// becomes theirs, and the check-in records who they are.
    pub fn pick_representative(&mut self, row: &LookupRow) {
        let card = &row.card;
        let typed = self.value(Field::Representatives).trim_end().to_string();
        let last = last_name(&typed);
        let kept = typed[..typed.len() - last.len()].trim_end().to_string();
        let value = if kept.is_empty() {
            card.name.clone()
        } else if kept.ends_with([',', '，', '、', ';', '；']) {
            format!("{kept}{}", card.name)
        } else {
            format!("{kept}、{}", card.name)
        };
        if let Some(input) = self.fields.input_of_mut(Field::Representatives) {
            input.set_value(&value);
        }
        if !self
            .rep_people
            .iter()
            .any(|(id, ..)| *id == card.petitioner_id)
        {
            self.rep_people
                .push((card.petitioner_id, card.name.clone(), card.flags.clone()));
        }
        self.matches.clear();
    }

    /// The picked representatives whose names are still in the field.
    pub fn picked_representatives(&self) -> Vec<i64> {
        let typed: Vec<&str> = self
            .value(Field::Representatives)
            .split([',', '，', '、', ';', '；'])
            .map(str::trim)
            .collect();
        self.rep_people
            .iter()
            .filter(|(_, name, _)| typed.contains(&name.as_str()))
            .map(|(id, ..)| *id)
            .collect()
    }

    /// The picked representatives who are 老户, by name.
    pub fn long_standing_representatives(&self) -> Vec<&str> {
        let picked = self.picked_representatives();
        self.rep_people
            .iter()
            .filter(|(id, _, flags)| {
                picked.contains(id) && flags.contains(&crate::domain::Flag::LongStanding)
            })
            .map(|(_, name, _)| name.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matters_alike_are_told_from_matters_apart() {
        let old = "反映小区物业违规收费，要求退还多收的费用";
        assert!(matter_overlap("再次反映物业收费问题", old) >= SAME_MATTER);
        assert!(matter_overlap("拖欠工资", old) < SAME_MATTER);
        assert_eq!(matter_overlap("", old), 0.0);
    }
}
