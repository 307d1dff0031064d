//! The cases the figures read, found by id for every row of a whole-table pass.
//! A year at a million people hands 9 M events and 1.2 M contacts, each to its
//! case: a lookup that hashes costs more than the row, so the cases sit in id
//! order with a table from id to place (or a binary search when the ids are too
//! sparse for a table).

use crate::store::figure_cases::CaseRead;

/// Cases in ascending id order (what is kept of each: the figures' [`CaseRead`],
/// or `stats`' few columns).
pub(crate) struct CaseSet<T = CaseRead> {
    ids: Vec<i64>,
    cases: Vec<T>,
    /// Place + 1 of the case with id `first + i` (0: none); empty when sparse.
    table: Vec<u32>,
}

impl<T> Default for CaseSet<T> {
    fn default() -> Self {
        CaseSet {
            ids: Vec::new(),
            cases: Vec::new(),
            table: Vec::new(),
        }
    }
}

impl<T> CaseSet<T> {
    /// Adds a case; ids must come in ascending order (a rowid scan), else the
    /// case is refused (`false`).
    pub(crate) fn push(&mut self, id: i64, case: T) -> bool {
        if self.ids.last().is_some_and(|&last| last >= id) {
            return false;
        }
        self.ids.push(id);
        self.cases.push(case);
        true
    }

    /// Builds the id table once every case is in: dense ids (the usual, ids
    /// handed out one by one) get a table, sparse ones the binary search.
    pub(crate) fn seal(&mut self) {
        let (Some(&first), Some(&last)) = (self.ids.first(), self.ids.last()) else {
            return;
        };
        let span = (i128::from(last) - i128::from(first)) as u128 + 1;
        if span > 4 * self.ids.len() as u128 + 4096 || self.ids.len() >= u32::MAX as usize {
            return;
        }
        let mut table = vec![0u32; span as usize];
        for (place, id) in self.ids.iter().enumerate() {
            table[(id - first) as usize] = place as u32 + 1;
        }
        self.table = table;
    }

    /// The ids, ascending.
    pub(crate) fn ids(&self) -> &[i64] {
        &self.ids
    }

    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The place of the case with this id.
    pub(crate) fn place(&self, id: i64) -> Option<usize> {
        if self.table.is_empty() {
            return self.ids.binary_search(&id).ok();
        }
        let first = *self.ids.first()?;
        let offset = usize::try_from(id.checked_sub(first)?).ok()?;
        match self.table.get(offset) {
            Some(&p) if p > 0 => Some(p as usize - 1),
            _ => None,
        }
    }

    pub(crate) fn get(&self, id: i64) -> Option<&T> {
        self.place(id).map(|p| &self.cases[p])
    }

    pub(crate) fn at_mut(&mut self, place: usize) -> &mut T {
        &mut self.cases[place]
    }

    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (i64, &T)> {
        self.ids.iter().copied().zip(self.cases.iter())
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = (i64, &mut T)> {
        self.ids.iter().copied().zip(self.cases.iter_mut())
    }

    pub(crate) fn into_cases(self) -> std::vec::IntoIter<T> {
        self.cases.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::figure_facts::CaseBrief;

    fn case(no: &str) -> CaseRead {
        let brief = CaseBrief {
            case_no: no.to_string(),
            name: String::new(),
            registered_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            status: "registered".to_string(),
            category: None,
            unit: None,
            handle_due: None,
            closed_on: None,
        };
        CaseRead::new(brief, "local".to_string(), None)
    }

    #[test]
    fn finds_dense_and_sparse_ids_alike() {
        for ids in [
            vec![3_i64, 4, 5, 7, 8, 100],
            vec![-5, 1, 9_000_000, i64::MAX - 1],
        ] {
            let mut set = CaseSet::default();
            for id in &ids {
                assert!(set.push(*id, case(&id.to_string())));
            }
            assert!(!set.push(ids[0], case("again")), "out of order");
            set.seal();
            for id in &ids {
                assert_eq!(set.get(*id).unwrap().brief.case_no, id.to_string());
            }
            for absent in [i64::MIN, -6, 0, 2, 6, 99, 101, 8_999_999, i64::MAX] {
                assert!(set.get(absent).is_none(), "{absent}");
            }
            assert_eq!(set.len(), ids.len());
        }
    }
}
