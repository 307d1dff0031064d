//! The lookup box (DESIGN.md 1.5): one query string finds a petitioner by name,
//! pinyin, initials, ID number, phone, case number or letter number.
//!
//! The index lives in memory and is fed by the store; it does no I/O so that the
//! screen can query it on every keystroke without touching the disk.

mod index;
mod pinyin;
mod query;
#[cfg(test)]
mod tests;

pub use index::SearchIndex;
pub use pinyin::{name_pinyin, NamePinyin};

use chrono::NaiveDateTime;
use serde::Serialize;

/// What the index knows about one petitioner; the store builds one per row.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchEntry {
    pub petitioner_id: i64,
    pub name: String,
    /// Full pinyin without tones (`zhangwei`); computed from `name` when empty.
    pub pinyin: String,
    /// Pinyin initials (`zw`); computed from `name` when empty.
    pub initials: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub case_nos: Vec<String>,
    pub letter_nos: Vec<String>,
    pub last_contact: Option<NaiveDateTime>,
}

/// How a query matched. Declaration order is rank order: better kinds first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    IdNumber,
    Phone,
    CaseNo,
    LetterNo,
    IdTail,
    PhoneTail,
    ExactName,
    NamePrefix,
    Pinyin,
    Initials,
    Fuzzy,
}

/// One row of a lookup result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub petitioner_id: i64,
    pub kind: MatchKind,
    /// Higher is better within a kind; only comparable between hits of one kind.
    pub score: i64,
    /// The case or letter number that matched, as stored; empty for other kinds.
    pub matched: String,
}
