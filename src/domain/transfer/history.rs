//! Registers from before jiedai hold finished business: what a row's status says about
//! its case, and the steps that bring a new case there.

use crate::domain::lifecycle::{apply_step, CaseStep};
use crate::domain::CaseStatus;
use crate::text::clean_input;

/// Where a row's status cell (办理状态) leaves its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// One of jiedai's own statuses (its export writes them), or a register's word for
    /// work still going on (办理中, 待受理…).
    Status(CaseStatus),
    /// Any other word (已办结, 已答复, 已化解…): the matter was finished, and the word
    /// is its outcome when no reply text is given.
    Closed(String),
}

impl Standing {
    /// The status the case is brought to.
    pub fn target(&self) -> CaseStatus {
        match self {
            Standing::Status(s) => *s,
            Standing::Closed(_) => CaseStatus::Archived,
        }
    }

    pub fn is_closed(&self) -> bool {
        !self.target().is_open()
    }
}

/// The words jiedai's export writes for each status, in Chinese and English (a test
/// in `cli::transfer` keeps them equal to `words::labels`).
pub const STATUS_WORDS: [(CaseStatus, &str, &str); 10] = [
    (CaseStatus::Registered, "登记", "registered"),
    (CaseStatus::Accepted, "受理", "accepted"),
    (CaseStatus::NotAccepted, "不予受理", "not accepted"),
    (CaseStatus::Transferred, "转送/交办", "transferred"),
    (CaseStatus::Replied, "已答复", "replied"),
    (CaseStatus::UnderReview, "复查中", "under review"),
    (CaseStatus::Reviewed, "已复查", "reviewed"),
    (CaseStatus::UnderRecheck, "复核中", "under recheck"),
    (CaseStatus::Final, "终结", "final"),
    (CaseStatus::Archived, "归档", "archived"),
];

/// Reads a status cell. Registers use their own words; a word saying the work is not
/// done (未, 待, 中, 在办) keeps the case open, anything else closes it.
pub fn read_status(cell: &str) -> Standing {
    let s = clean_input(cell);
    let lower = s.to_ascii_lowercase();
    if let Some((status, _, _)) = STATUS_WORDS
        .iter()
        .find(|(c, zh, en)| lower == c.code() || s == *zh || lower == *en)
    {
        return Standing::Status(*status);
    }
    if s.contains("不予受理") || s.contains("不受理") {
        Standing::Status(CaseStatus::NotAccepted)
    } else if s.contains('待') {
        Standing::Status(CaseStatus::Registered)
    } else if ["未", "中", "在办"].iter().any(|w| s.contains(w)) {
        Standing::Status(CaseStatus::Accepted)
    } else {
        Standing::Closed(s)
    }
}

/// The shortest run of lifecycle steps from `from` to `to`, preferring acceptance: a
/// case is only refused (不予受理) or transferred when that is where it must end.
pub fn steps_to(from: CaseStatus, to: CaseStatus) -> Option<Vec<CaseStep>> {
    let usable = |s: CaseStep| match s {
        CaseStep::NotAccept => to == CaseStatus::NotAccepted,
        CaseStep::Transfer => to == CaseStatus::Transferred,
        _ => true,
    };
    let mut paths = vec![(from, Vec::new())];
    let mut seen = vec![from];
    while !paths.is_empty() {
        let mut next = Vec::new();
        for (status, path) in paths {
            if status == to {
                return Some(path);
            }
            for step in CaseStep::ALL.iter().copied().filter(|s| usable(*s)) {
                if let Ok(after) = apply_step(status, step) {
                    if !seen.contains(&after) {
                        seen.push(after);
                        let mut p = path.clone();
                        p.push(step);
                        next.push((after, p));
                    }
                }
            }
        }
        paths = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_in_a_registers_words() {
        assert_eq!(read_status("已答复"), Standing::Status(CaseStatus::Replied));
        assert_eq!(
            read_status("archived"),
            Standing::Status(CaseStatus::Archived)
        );
        assert_eq!(
            read_status("办理中"),
            Standing::Status(CaseStatus::Accepted)
        );
        assert_eq!(
            read_status("待受理"),
            Standing::Status(CaseStatus::Registered)
        );
        assert_eq!(
            read_status("不予受理（非信访事项）"),
            Standing::Status(CaseStatus::NotAccepted)
        );
        let done = read_status("已办结");
        assert_eq!(done, Standing::Closed("已办结".into()));
        assert!(done.is_closed() && !read_status("受理").is_closed());
    }

    #[test]
    fn steps_prefer_acceptance() {
        use CaseStep::*;
        let s = |to| steps_to(CaseStatus::Registered, to).unwrap();
        assert_eq!(s(CaseStatus::Archived), [Accept, Reply, Archive]);
        assert_eq!(s(CaseStatus::NotAccepted), [NotAccept]);
        assert_eq!(s(CaseStatus::Transferred), [Transfer]);
        assert_eq!(s(CaseStatus::Registered), []);
        assert_eq!(steps_to(CaseStatus::Replied, CaseStatus::Accepted), None);
    }
}
