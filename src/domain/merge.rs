//! After two records of one person are merged, their contacts' person-level flags
//! are recomputed: in date order, the first contact is the 初访 and every later one
//! a 再访 (two records each had their own "first visit" before).

use super::model::Flag;

/// The flags of a person's contacts, oldest first, with 初访/再访 set by their order.
pub fn first_and_returning(contacts: &[Vec<Flag>]) -> Vec<Vec<Flag>> {
    contacts
        .iter()
        .enumerate()
        .map(|(i, flags)| {
            let mut out: Vec<Flag> = flags
                .iter()
                .copied()
                .filter(|f| !matches!(f, Flag::First | Flag::Returning))
                .collect();
            out.push(if i == 0 { Flag::First } else { Flag::Returning });
            out.sort_by_key(|f| Flag::ALL.iter().position(|x| x == f));
            out.dedup();
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_earliest_contact_stays_a_first_visit() {
        let before = vec![
            vec![Flag::First],
            vec![Flag::First, Flag::Collective],
            vec![Flag::Returning, Flag::Repeat],
        ];
        assert_eq!(
            first_and_returning(&before),
            vec![
                vec![Flag::First],
                vec![Flag::Returning, Flag::Collective],
                vec![Flag::Returning, Flag::Repeat],
            ]
        );
        assert!(first_and_returning(&[]).is_empty());
    }
}
