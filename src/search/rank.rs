//! Answering a query from stored keys, in rank order, with work bounded by the page.
//!
//! The order (DESIGN.md 1.5): whole ID number, phone, case number, letter number; ID
//! and phone tails; exact name; name prefix (a Han query); then pinyin and initials
//! matches taken in turns, so that `sh` shows 孙红 by initials beside the 石 and 沈 of
//! pinyin; then fuzzy matches. Within a class: the better rank of the key (a whole key
//! before a prefix, the likeliest reading before another, the full name before the
//! given name), then the most recent contact, then the older record.
//!
//! Every class is read from an index already in that order, so a page of 50 reads
//! about 50 keys per class however many people match. Only fuzzy matching scores, and
//! only a bounded set of candidates: people who share the longest prefix of the query
//! that anyone has.

use super::keys::{KeyKind, PREFIX};
use super::pinyin::name_readings;
use super::query::{Query, TAIL_LEN};
use super::{Hit, MatchKind};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use std::collections::HashSet;

/// How many people a fuzzy query scores at most.
pub const FUZZY_CANDIDATES: usize = 160;
/// Past this many matching keys, the total is shown as "at least".
pub const COUNT_BOUND: usize = 1000;
/// A query longer than every stored prefix reads the long keys it starts; this caps
/// that read should a pathological office have more.
pub const LONG_KEYS_CAP: usize = 20_000;

/// One stored key as read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHit {
    pub petitioner_id: i64,
    pub rank: i64,
    /// Minus the minutes of the latest contact (0: never): ascending is most recent first.
    pub recent: i64,
}

/// Where the keys are: the database, or memory (tests).
pub trait KeyReader {
    type Error;

    /// Keys equal to `key` with a rank in `ranks`, in (rank, recent, id) order, until
    /// `visit` returns false.
    fn exact(
        &self,
        kind: KeyKind,
        key: &str,
        ranks: (i64, i64),
        visit: &mut dyn FnMut(KeyHit) -> bool,
    ) -> Result<(), Self::Error>;

    /// Keys that start with `prefix` (itself included), any order, at most `cap`.
    fn starting_with(
        &self,
        kind: KeyKind,
        prefix: &str,
        cap: usize,
    ) -> Result<Vec<(String, KeyHit)>, Self::Error>;

    /// How many keys equal `key`, counting up to `bound`.
    fn count(&self, kind: KeyKind, key: &str, bound: usize) -> Result<usize, Self::Error>;

    /// The name on record, for fuzzy scoring.
    fn name(&self, petitioner_id: i64) -> Result<Option<String>, Self::Error>;

    /// The person's case or letter numbers as stored, to show which one matched.
    fn numbers(&self, kind: KeyKind, petitioner_id: i64) -> Result<Vec<String>, Self::Error>;

    /// The people seen most recently, most recent first.
    fn most_recent(&self, limit: usize) -> Result<Vec<i64>, Self::Error>;
}

/// One page of a lookup, and how many match in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub hits: Vec<Hit>,
    pub total: usize,
    /// `total` is a lower bound ("≥ N").
    pub at_least: bool,
}

/// The best `limit` people for `raw`, best first.
pub fn lookup<R: KeyReader>(reader: &R, raw: &str, limit: usize) -> Result<Page, R::Error> {
    let q = Query::parse(raw);
    if limit == 0 {
        return Ok(Page::default());
    }
    if q.is_empty() {
        let hits: Vec<Hit> = reader
            .most_recent(limit)?
            .into_iter()
            .map(|id| hit(id, MatchKind::Fuzzy, 0, String::new()))
            .collect();
        let total = hits.len();
        return Ok(Page {
            hits,
            total,
            at_least: total == limit,
        });
    }
    let mut page = Collector {
        limit,
        hits: Vec::new(),
        seen: HashSet::new(),
    };
    let mut counted: Vec<(KeyKind, String)> = Vec::new();
    let idents = [
        (
            KeyKind::IdNumber,
            MatchKind::IdNumber,
            Some(q.ident.clone()),
        ),
        (KeyKind::Phone, MatchKind::Phone, q.phone.clone()),
        (
            KeyKind::CaseNo,
            MatchKind::CaseNo,
            Some(q.case_no.clone().unwrap_or_else(|| q.ident.clone())),
        ),
        (
            KeyKind::LetterNo,
            MatchKind::LetterNo,
            Some(q.letter_no.clone().unwrap_or_else(|| q.ident.clone())),
        ),
    ];
    for (kind, as_kind, key) in idents {
        let Some(key) = key.filter(|k| !k.is_empty()) else {
            continue;
        };
        let found = match kind.tail() {
            // The whole number is the tail's whole key (stored once, reversed); a
            // number shorter than any tail keeps a row of its own.
            Some(tail) if key.chars().count() >= TAIL_LEN => class(
                reader,
                tail,
                &super::keys::reversed(&key),
                (0, 0),
                page.room(),
                &page.seen,
            )?,
            _ => class(reader, kind, &key, (0, i64::MAX), page.room(), &page.seen)?,
        };
        for k in found {
            let matched = match kind {
                KeyKind::CaseNo | KeyKind::LetterNo => {
                    matched_number(reader, kind, &key, k.petitioner_id)?
                }
                _ => String::new(),
            };
            page.push(k.petitioner_id, as_kind, 0, matched);
        }
    }
    let tails = [
        (KeyKind::IdTail, MatchKind::IdTail, q.id_tail.as_deref()),
        (
            KeyKind::PhoneTail,
            MatchKind::PhoneTail,
            q.phone_tail.as_deref(),
        ),
    ];
    for (kind, as_kind, tail) in tails {
        let Some(tail) = tail else { continue };
        let key = super::keys::reversed(tail);
        page.take(
            class(reader, kind, &key, (0, i64::MAX), page.room(), &page.seen)?,
            as_kind,
        );
        counted.push((kind, key));
    }
    if !q.name.is_empty() {
        let exact = class(
            reader,
            KeyKind::Name,
            &q.name,
            (0, 0),
            page.room(),
            &page.seen,
        )?;
        page.take(exact, MatchKind::ExactName);
        if q.han {
            // The name's start, then the given name's (伟明 finds 张伟明).
            let prefix = class(
                reader,
                KeyKind::Name,
                &q.name,
                (PREFIX, i64::MAX),
                page.room(),
                &page.seen,
            )?;
            page.take(prefix, MatchKind::NamePrefix);
            counted.push((KeyKind::Name, q.name.clone()));
        }
    }
    if let Some(ascii) = &q.ascii {
        let room = page.room();
        let pinyin = class(
            reader,
            KeyKind::Pinyin,
            ascii,
            (0, i64::MAX),
            room,
            &page.seen,
        )?;
        let initials = class(
            reader,
            KeyKind::Initials,
            ascii,
            (0, i64::MAX),
            room,
            &page.seen,
        )?;
        let mut turns = Vec::with_capacity(pinyin.len() + initials.len());
        for i in 0..pinyin.len().max(initials.len()) {
            if let Some(p) = pinyin.get(i) {
                turns.push((*p, MatchKind::Pinyin));
            }
            if let Some(p) = initials.get(i) {
                turns.push((*p, MatchKind::Initials));
            }
        }
        for (k, kind) in turns {
            page.push(k.petitioner_id, kind, -k.rank, String::new());
        }
        counted.push((KeyKind::Pinyin, ascii.clone()));
        counted.push((KeyKind::Initials, ascii.clone()));
    }
    if page.room() > 0 {
        for (id, score) in fuzzy(reader, &q, &page.seen)? {
            page.push(id, MatchKind::Fuzzy, score, String::new());
        }
    }
    let shown = page.hits.len();
    let (total, at_least) = if shown < limit {
        (shown, false)
    } else {
        let mut keys = 0;
        for (kind, key) in &counted {
            keys += reader.count(*kind, key, COUNT_BOUND)?;
        }
        (shown.max(keys.min(COUNT_BOUND)), true)
    };
    Ok(Page {
        hits: page.hits,
        total,
        at_least,
    })
}

struct Collector {
    limit: usize,
    hits: Vec<Hit>,
    seen: HashSet<i64>,
}

impl Collector {
    fn room(&self) -> usize {
        self.limit.saturating_sub(self.hits.len())
    }

    fn push(&mut self, id: i64, kind: MatchKind, score: i64, matched: String) {
        if self.room() > 0 && self.seen.insert(id) {
            self.hits.push(hit(id, kind, score, matched));
        }
    }

    fn take(&mut self, keys: Vec<KeyHit>, kind: MatchKind) {
        for k in keys {
            self.push(k.petitioner_id, kind, -k.rank, String::new());
        }
    }
}

fn hit(petitioner_id: i64, kind: MatchKind, score: i64, matched: String) -> Hit {
    Hit {
        petitioner_id,
        kind,
        score,
        matched,
    }
}

/// The first `need` distinct people not yet shown whose key of `kind` is `key` or
/// starts with it, in rank order.
fn class<R: KeyReader>(
    reader: &R,
    kind: KeyKind,
    key: &str,
    ranks: (i64, i64),
    need: usize,
    seen: &HashSet<i64>,
) -> Result<Vec<KeyHit>, R::Error> {
    let mut out: Vec<KeyHit> = Vec::new();
    if need == 0 {
        return Ok(out);
    }
    let mut mine = HashSet::new();
    let mut visit = |k: KeyHit| {
        if !seen.contains(&k.petitioner_id) && mine.insert(k.petitioner_id) {
            out.push(k);
        }
        out.len() < need
    };
    let len = key.chars().count();
    match kind.prefixes() {
        Some((min, _)) if len < min => {}
        Some((_, max)) if len > max => {
            // Longer than any stored prefix: only whole keys can start with it, and
            // few do. Their rank is recomputed for this query.
            let mut rows: Vec<KeyHit> = reader
                .starting_with(kind, key, LONG_KEYS_CAP)?
                .into_iter()
                .map(|(k, mut hit)| {
                    if k != key {
                        hit.rank |= PREFIX;
                    }
                    hit
                })
                .filter(|h| (ranks.0..=ranks.1).contains(&h.rank))
                .collect();
            rows.sort_unstable_by_key(|h| (h.rank, h.recent, h.petitioner_id));
            for r in rows {
                if !visit(r) {
                    break;
                }
            }
        }
        _ => reader.exact(kind, key, ranks, &mut visit)?,
    }
    Ok(out)
}

fn matched_number<R: KeyReader>(
    reader: &R,
    kind: KeyKind,
    key: &str,
    id: i64,
) -> Result<String, R::Error> {
    let parse = if kind == KeyKind::CaseNo {
        super::query::case_key
    } else {
        super::query::letter_key
    };
    Ok(reader
        .numbers(kind, id)?
        .into_iter()
        .find(|n| super::query::number_key(n, parse) == key)
        .unwrap_or_default())
}

/// Candidates: people whose key starts with the longest shorter prefix of the query
/// that anyone has, the best ranked first, at most [`FUZZY_CANDIDATES`]. Each is
/// scored against their name (a Han query) or every reading of it; the misspelled
/// `zhangwie` finds 张伟 through `zhangw`, one transposition away.
fn fuzzy<R: KeyReader>(
    reader: &R,
    q: &Query,
    seen: &HashSet<i64>,
) -> Result<Vec<(i64, i64)>, R::Error> {
    let (kind, pattern) = if q.han {
        (KeyKind::Name, q.name.as_str())
    } else if let Some(ascii) = q.ascii.as_deref().filter(|a| a.len() >= 3) {
        (KeyKind::Pinyin, ascii)
    } else {
        return Ok(Vec::new());
    };
    let chars: Vec<(usize, char)> = pattern.char_indices().collect();
    let shortest = if q.han { 1 } else { (chars.len() / 2).max(2) };
    let mut candidates: Vec<KeyHit> = Vec::new();
    let mut taken: HashSet<i64> = seen.clone();
    for len in (shortest..chars.len()).rev() {
        let room = FUZZY_CANDIDATES - candidates.len();
        if room == 0 {
            break;
        }
        let prefix = &pattern[..chars[len].0];
        let found = class(reader, kind, prefix, (0, i64::MAX), room, &taken)?;
        taken.extend(found.iter().map(|k| k.petitioner_id));
        candidates.extend(found);
    }
    let matcher = SkimMatcherV2::default();
    let mut scored: Vec<(i64, i64, i64)> = Vec::new();
    for c in candidates {
        let Some(name) = reader.name(c.petitioner_id)? else {
            continue;
        };
        let score = if q.han {
            matcher.fuzzy_match(&super::query::name_key(&name), pattern)
        } else {
            pinyin_score(&matcher, &name, pattern)
        };
        if let Some(score) = score {
            scored.push((c.petitioner_id, score, c.recent));
        }
    }
    scored.sort_unstable_by_key(|&(id, score, recent)| (std::cmp::Reverse(score), recent, id));
    Ok(scored
        .into_iter()
        .map(|(id, score, _)| (id, score))
        .collect())
}

/// A typing slip (one letter wrong, missing, extra or swapped; two in a long query)
/// scores above a loose subsequence match, the likeliest reading above the others.
fn pinyin_score(matcher: &SkimMatcherV2, name: &str, pattern: &str) -> Option<i64> {
    let allowed = if pattern.len() >= 8 { 2 } else { 1 };
    let mut best: Option<i64> = None;
    for (i, reading) in name_readings(name).iter().enumerate() {
        let penalty = if i == 0 { 0 } else { 5 };
        let slip = (pattern.len().saturating_sub(1)..=pattern.len() + 1)
            .filter(|&n| n <= reading.full.len())
            .map(|n| edit_distance(pattern, &reading.full[..n]))
            .min()
            .filter(|&d| d <= allowed)
            .map(|d| 1000 - 100 * d as i64);
        let score = slip.or_else(|| {
            matcher
                .fuzzy_match(&reading.full, pattern)
                .map(|s| s.min(500))
        });
        if let Some(s) = score {
            best = Some(best.map_or(s - penalty, |b: i64| b.max(s - penalty)));
        }
    }
    best
}

/// Optimal string alignment distance: insertions, deletions, substitutions and
/// swaps of two neighbouring letters each count one.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a = a.as_bytes();
    let b = b.as_bytes();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn swaps_count_once() {
        assert_eq!(edit_distance("zhangwie", "zhangwei"), 1);
        assert_eq!(edit_distance("wangxiuyign", "wangxiuying"), 1);
        assert_eq!(edit_distance("li", "li"), 0);
        assert_eq!(edit_distance("abc", ""), 3);
    }
}
