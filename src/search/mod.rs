//! The lookup box (DESIGN.md 1.5): one query string finds a petitioner by name,
//! pinyin, initials, ID number, phone, case number or letter number.
//!
//! The keys of every person are derived here ([`keys`]) and persisted by the store in
//! indexed tables, kept current with each write; [`rank`] answers a query from any
//! [`KeyReader`] (the database, or [`MemoryKeys`]) without reading everyone. This
//! module does no I/O itself.

#[cfg(test)]
mod brute_tests;
mod keys;
mod memory;
mod pinyin;
mod query;
mod rank;
#[cfg(test)]
mod tests;

pub use keys::{KeyKind, KeyRow, PersonKeys};
pub use memory::MemoryKeys;
pub use pinyin::{name_pinyin, name_readings, NamePinyin};
pub use query::masked_query;
pub use rank::{lookup, KeyHit, KeyReader, Page, COUNT_BOUND, FUZZY_CANDIDATES};

use serde::Serialize;

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
