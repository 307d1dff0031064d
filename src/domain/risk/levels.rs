//! 越级访 (Art. 19): which level a contact reached against the office's own, when a
//! visit higher up skips the office that has the matter in hand, the counts by
//! level and month, and the office's list of division codes.

use super::{Division, DivisionLevel, LevelContact, OfficeLevel, VisitLevel};
use crate::domain::flags::PetitionerHistory;
use crate::domain::CaseStatus;
use serde::Serialize;

impl OfficeLevel {
    fn rank(self) -> u8 {
        match self {
            OfficeLevel::Town => 1,
            OfficeLevel::County => 2,
            OfficeLevel::City => 3,
            OfficeLevel::Province => 4,
        }
    }
}

impl VisitLevel {
    /// Whether a contact received at this level went above an office of `office`.
    pub fn above(self, office: OfficeLevel) -> bool {
        let rank = match self {
            VisitLevel::Local => return false,
            VisitLevel::City => 3,
            VisitLevel::Province => 4,
            VisitLevel::Capital => 5,
        };
        rank > office.rank()
    }
}

/// Why a contact is a skip-level visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A matter of theirs is accepted or in progress here within its deadline.
    InHand,
    /// A 老户 under a leader's 包案 went to the province or the capital.
    Baoan,
}

/// The rule of Art. 19: a matter accepted or being handled here within its deadline
/// is not to be taken higher; a contact received above the office while one is, is
/// a skip-level visit. So is a 包案 老户's visit to the province or the capital.
pub fn skip_level(
    level: VisitLevel,
    office: OfficeLevel,
    history: &PetitionerHistory,
    under_baoan: bool,
) -> Option<SkipReason> {
    if !level.above(office) {
        return None;
    }
    let in_hand = history.cases.iter().any(|c| {
        matches!(
            c.status,
            CaseStatus::Registered | CaseStatus::Accepted | CaseStatus::Transferred
        ) && !c.overdue
    });
    if in_hand {
        Some(SkipReason::InHand)
    } else if under_baoan && matches!(level, VisitLevel::Province | VisitLevel::Capital) {
        Some(SkipReason::Baoan)
    } else {
        None
    }
}

/// Contacts of one month by the level they were received at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct LevelMonth {
    pub month: String,
    pub local: u32,
    pub city: u32,
    pub province: u32,
    pub capital: u32,
    pub notices: u32,
    pub skip_level: u32,
    pub returned: u32,
}

/// Counts by month (oldest first) and level.
pub fn level_counts(rows: &[LevelContact]) -> Vec<LevelMonth> {
    let mut out: Vec<LevelMonth> = Vec::new();
    for r in rows {
        let month = r.arrived_at.get(..7).unwrap_or("").to_string();
        let i = match out.iter().position(|m| m.month == month) {
            Some(i) => i,
            None => {
                out.push(LevelMonth {
                    month,
                    ..Default::default()
                });
                out.len() - 1
            }
        };
        let m = &mut out[i];
        match r.level {
            VisitLevel::Local => m.local += 1,
            VisitLevel::City => m.city += 1,
            VisitLevel::Province => m.province += 1,
            VisitLevel::Capital => m.capital += 1,
        }
        m.notices += u32::from(r.notice);
        m.skip_level += u32::from(r.skip_level);
        m.returned += u32::from(r.returned_at.is_some());
    }
    out.sort_by(|a, b| a.month.cmp(&b.month));
    out
}

/// A line of a division file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivisionLineError {
    pub line: usize,
    pub problem: DivisionProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DivisionProblem {
    /// Not `CODE,NAME`.
    Shape,
    /// A code of 6 (county), 9 (town) or 12 (village) digits is expected.
    Code(String),
    NoName,
    /// The same code twice.
    Duplicate(String),
}

/// Reads a division list: one `CODE,NAME` a line (a comma, a tab or a full-width
/// comma between), `#` comments and blank lines skipped. The level follows from
/// the code's length as in the statistics codes: 6 digits a county, 9 a town, 12 a
/// village; the parent is the code's prefix when the list holds it.
pub fn parse_divisions(text: &str) -> Result<Vec<Division>, Vec<DivisionLineError>> {
    let mut out: Vec<Division> = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |problem| DivisionLineError {
            line: i + 1,
            problem,
        };
        let Some((code, name)) = line.split_once([',', '\t', '，']) else {
            errors.push(err(DivisionProblem::Shape));
            continue;
        };
        let code = code.trim();
        let name = crate::text::clean_input(name.split([',', '\t', '，']).next().unwrap_or(""));
        let level = match (code.len(), code.bytes().all(|b| b.is_ascii_digit())) {
            (6, true) => DivisionLevel::County,
            (9, true) => DivisionLevel::Town,
            (12, true) => DivisionLevel::Village,
            _ => {
                errors.push(err(DivisionProblem::Code(crate::text::excerpt(code, 20))));
                continue;
            }
        };
        if name.is_empty() || name.chars().count() > 40 {
            errors.push(err(DivisionProblem::NoName));
            continue;
        }
        if out.iter().any(|d| d.code == code) {
            errors.push(err(DivisionProblem::Duplicate(code.to_string())));
            continue;
        }
        out.push(Division {
            code: code.to_string(),
            name,
            level,
            parent: None,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let codes: Vec<String> = out.iter().map(|d| d.code.clone()).collect();
    for d in &mut out {
        let prefix = match d.level {
            DivisionLevel::County => continue,
            DivisionLevel::Town => &d.code[..6],
            DivisionLevel::Village => &d.code[..9],
        };
        d.parent = codes.iter().find(|c| c.as_str() == prefix).cloned();
    }
    Ok(out)
}

/// A division's full name from the county down (`城关县城关镇幸福村`), given the list.
pub fn full_name(code: &str, list: &[Division]) -> Option<String> {
    let mut parts = Vec::new();
    let mut at = list.iter().find(|d| d.code == code)?;
    parts.push(at.name.clone());
    while let Some(parent) = at
        .parent
        .as_deref()
        .and_then(|p| list.iter().find(|d| d.code == p))
    {
        parts.push(parent.name.clone());
        at = parent;
    }
    parts.reverse();
    Some(parts.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::flags::CaseHistory;
    use chrono::NaiveDate;

    fn history(status: CaseStatus, overdue: bool) -> PetitionerHistory {
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        PetitionerHistory {
            earlier_contacts: 1,
            cases: vec![CaseHistory {
                case_id: 1,
                status,
                channels: vec![],
                contact_count: 1,
                first_contact: day,
                last_contact: day,
                overdue,
                from_above: false,
            }],
            marked_long_standing: false,
        }
    }

    #[test]
    fn going_higher_with_a_matter_in_hand_is_skip_level() {
        let county = OfficeLevel::County;
        let h = history(CaseStatus::Accepted, false);
        assert_eq!(
            skip_level(VisitLevel::Capital, county, &h, false),
            Some(SkipReason::InHand)
        );
        assert_eq!(skip_level(VisitLevel::Local, county, &h, false), None);
        // Past its deadline the office failed first: not the petitioner's skip.
        let late = history(CaseStatus::Accepted, true);
        assert_eq!(skip_level(VisitLevel::Capital, county, &late, false), None);
        let replied = history(CaseStatus::Replied, false);
        assert_eq!(
            skip_level(VisitLevel::Province, county, &replied, false),
            None
        );
        assert_eq!(
            skip_level(VisitLevel::Province, county, &replied, true),
            Some(SkipReason::Baoan)
        );
        assert_eq!(skip_level(VisitLevel::City, county, &replied, true), None);
        assert_eq!(
            skip_level(VisitLevel::City, OfficeLevel::City, &h, false),
            None
        );
    }

    #[test]
    fn division_codes_give_level_and_parent() {
        let list = parse_divisions(
            "# 区划\n341122,城关县\n341122100,城关镇\n341122100201，幸福村\n341122101\t河西乡\n",
        )
        .unwrap();
        assert_eq!(list.len(), 4);
        assert_eq!(list[2].level, DivisionLevel::Village);
        assert_eq!(list[2].parent.as_deref(), Some("341122100"));
        assert_eq!(
            full_name("341122100201", &list).as_deref(),
            Some("城关县城关镇幸福村")
        );
        let bad = parse_divisions("12,x\n341122\n341122,a\n341122,b\n").unwrap_err();
        assert_eq!(bad.len(), 3);
        assert_eq!(bad[0].line, 1);
    }
}
