//! The in-memory lookup index and its ranking.
//!
//! Sized for 100,000 petitioners and a query per keystroke: every exact kind is a
//! hash lookup, every prefix kind a binary-searched range of a sorted vector, and
//! the fuzzy matcher only runs when the better kinds left room in the result, over
//! the few names that contain every character typed.

use super::pinyin::name_pinyin;
use super::query::{
    case_key, ident_key, letter_key, name_key, number_key, phone_key, Query, TAIL_LEN,
};
use super::{Hit, MatchKind, SearchEntry};
use chrono::NaiveDateTime;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// An upper bound on fuzzy matcher calls per query, so that a vague query on a large
/// office stays interactive; the exact kinds above it are never cut. Candidates are
/// scanned newest petitioner first, as the people registered lately are the likelier
/// ones to come back.
const FUZZY_SCAN_LIMIT: usize = 10_000;

/// Syllable starts are kept as a bit mask; past this many letters (long transcribed
/// names) every position counts as a start, which only makes matching more lenient.
const SYLLABLE_MASK_BITS: usize = 64;

/// The index keys derived from one entry, kept beside it so that removal takes out
/// exactly what insertion put in without deriving pinyin a second time.
#[derive(Debug, Clone)]
struct Keys {
    name: String,
    pinyin: String,
    /// Bit `i` set when a syllable of `pinyin` starts at byte `i`; see [`SYLLABLE_MASK_BITS`].
    syllable_starts: u64,
    initials: String,
    id_number: Option<String>,
    phone: Option<String>,
    case_nos: Vec<String>,
    letter_nos: Vec<String>,
}

impl Keys {
    fn of(entry: &SearchEntry) -> Keys {
        let name = name_key(&entry.name);
        let clean = |s: &str| -> String {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        let computed = name_pinyin(&entry.name);
        let (mut pinyin, mut initials) = (clean(&entry.pinyin), clean(&entry.initials));
        if pinyin.is_empty() {
            pinyin.clone_from(&computed.full);
        }
        if initials.is_empty() {
            initials.clone_from(&computed.initials);
        }
        let syllable_starts = if pinyin == computed.full {
            let mut mask = 0u64;
            let mut at = 0;
            for syllable in &computed.syllables {
                if at < SYLLABLE_MASK_BITS {
                    mask |= 1 << at;
                }
                at += syllable.len();
            }
            mask
        } else {
            // The store spelled the name its own way (a corrected reading); without
            // its syllables, every position counts as a start rather than none.
            u64::MAX
        };
        let mut case_nos: Vec<String> = entry
            .case_nos
            .iter()
            .map(|c| number_key(c, case_key))
            .filter(|k| !k.is_empty())
            .collect();
        case_nos.sort_unstable();
        case_nos.dedup();
        let mut letter_nos: Vec<String> = entry
            .letter_nos
            .iter()
            .map(|c| number_key(c, letter_key))
            .filter(|k| !k.is_empty())
            .collect();
        letter_nos.sort_unstable();
        letter_nos.dedup();
        Keys {
            name,
            pinyin,
            syllable_starts,
            initials,
            id_number: entry
                .id_number
                .as_deref()
                .map(ident_key)
                .filter(|k| !k.is_empty()),
            phone: entry
                .phone
                .as_deref()
                .map(phone_key)
                .filter(|k| !k.is_empty()),
            case_nos,
            letter_nos,
        }
    }

    fn starts_syllable(&self, at: usize) -> bool {
        at >= SYLLABLE_MASK_BITS || self.syllable_starts & (1 << at) != 0
    }

    /// Whether matched pinyin positions read as the officer typed syllables: each
    /// contiguous piece starts a syllable, or resumes the syllable the previous piece
    /// was in (`zhangwiming` for zhang-wei-ming, a letter dropped inside `wei`).
    fn on_syllables(&self, positions: &[usize]) -> bool {
        let mut previous: Option<usize> = None;
        for &at in positions {
            let ok = match previous {
                Some(p) if p + 1 == at => true,
                Some(p) => {
                    self.starts_syllable(at) || !(p + 1..=at).any(|i| self.starts_syllable(i))
                }
                None => self.starts_syllable(at),
            };
            if !ok {
                return false;
            }
            previous = Some(at);
        }
        true
    }

    /// The letters that begin a syllable of the pinyin.
    fn syllable_heads(&self) -> Vec<char> {
        let mut heads: Vec<char> = self
            .pinyin
            .char_indices()
            .filter(|&(at, _)| self.starts_syllable(at))
            .map(|(_, c)| c)
            .collect();
        heads.sort_unstable();
        heads.dedup();
        heads
    }

    fn id_tail(&self) -> Option<&str> {
        self.id_number.as_deref().and_then(tail)
    }

    fn phone_tail(&self) -> Option<&str> {
        self.phone.as_deref().and_then(tail)
    }
}

fn tail(key: &str) -> Option<&str> {
    (key.is_ascii() && key.len() >= TAIL_LEN).then(|| &key[key.len() - TAIL_LEN..])
}

/// Petitioner ids are trusted integers from our own database, so they need no
/// flood-resistant hashing; a multiplicative hash makes the per-keystroke work of
/// large result sets several times cheaper than the default SipHash.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(26);
    }
}

type IdMap<V> = HashMap<i64, V, BuildHasherDefault<IdHasher>>;

struct Stored {
    entry: SearchEntry,
    keys: Keys,
}

/// Recency order: the latest contact first, people never seen last.
type RecentKey = (Reverse<Option<NaiveDateTime>>, i64);

/// The lookup index. Feed it with [`SearchIndex::from_entries`] and keep it current
/// with [`SearchIndex::upsert`] and [`SearchIndex::remove`].
#[derive(Default)]
pub struct SearchIndex {
    entries: IdMap<Stored>,
    by_id_number: HashMap<String, Vec<i64>>,
    by_phone: HashMap<String, Vec<i64>>,
    by_case: HashMap<String, Vec<i64>>,
    by_letter: HashMap<String, Vec<i64>>,
    id_tails: HashMap<String, Vec<i64>>,
    phone_tails: HashMap<String, Vec<i64>>,
    names: Vec<(String, i64)>,
    pinyins: Vec<(String, i64)>,
    initials: Vec<(String, i64)>,
    /// Sorted petitioner ids per character of the name and of the pinyin: the fuzzy
    /// matcher needs every typed character, so the rarest one bounds the candidates.
    name_chars: HashMap<char, Vec<i64>>,
    pinyin_chars: HashMap<char, Vec<i64>>,
    /// Per letter, the petitioners with a syllable starting with it: an ASCII fuzzy
    /// match must start on a syllable, so this is the candidate list for its first letter.
    syllable_heads: HashMap<char, Vec<i64>>,
    recent: BTreeSet<RecentKey>,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The entries themselves would flood any log they are printed to.
        f.debug_struct("SearchIndex")
            .field("len", &self.entries.len())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds in bulk: sorting once is far cheaper than 100,000 sorted inserts. A
    /// petitioner listed twice keeps its last entry, as repeated upserts would.
    pub fn from_entries(entries: Vec<SearchEntry>) -> Self {
        let mut index = SearchIndex::new();
        index.entries.reserve(entries.len());
        for entry in entries {
            if index.entries.contains_key(&entry.petitioner_id) {
                index.unindex(entry.petitioner_id, Bulk::Yes);
            }
            index.index(entry, Bulk::Yes);
        }
        index.names.sort_unstable();
        index.pinyins.sort_unstable();
        index.initials.sort_unstable();
        let postings = index
            .name_chars
            .values_mut()
            .chain(index.pinyin_chars.values_mut())
            .chain(index.syllable_heads.values_mut());
        for ids in postings {
            ids.sort_unstable();
            ids.dedup();
        }
        index
    }

    /// Adds or replaces the petitioner's entry; keys of the old entry stop matching.
    pub fn upsert(&mut self, entry: SearchEntry) {
        self.remove(entry.petitioner_id);
        self.index(entry, Bulk::No);
    }

    pub fn remove(&mut self, petitioner_id: i64) {
        if self.entries.contains_key(&petitioner_id) {
            self.unindex(petitioner_id, Bulk::No);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, petitioner_id: i64) -> Option<&SearchEntry> {
        self.entries.get(&petitioner_id).map(|s| &s.entry)
    }

    /// The best `limit` petitioners for a query, best first (DESIGN.md 1.5).
    ///
    /// An empty query lists the most recently seen petitioners; those rows carry
    /// [`MatchKind::Fuzzy`] with score 0, as nothing was matched.
    pub fn query(&self, query: &str, limit: usize) -> Vec<Hit> {
        if limit == 0 {
            return Vec::new();
        }
        let q = Query::parse(query);
        if q.is_empty() {
            return self.most_recent(limit);
        }
        let mut hits = Hits::default();
        self.exact_identifiers(&q, &mut hits);
        self.tails(&q, &mut hits);
        // Kinds rank strictly, so once a stage fills the page nothing below it can
        // enter; stopping here is what keeps one-letter queries cheap.
        if hits.len() < limit {
            self.names(&q, &mut hits);
        }
        if hits.len() < limit {
            self.romanised(&q, &mut hits, limit);
        }
        if hits.len() < limit {
            self.fuzzy(&q, &mut hits);
        }
        self.rank(hits, limit)
    }

    fn most_recent(&self, limit: usize) -> Vec<Hit> {
        self.recent
            .iter()
            .take(limit)
            .map(|&(_, id)| Hit {
                petitioner_id: id,
                kind: MatchKind::Fuzzy,
                score: 0,
                matched: String::new(),
            })
            .collect()
    }

    fn exact_identifiers(&self, q: &Query, hits: &mut Hits) {
        for &id in lookup(&self.by_id_number, &q.ident) {
            hits.offer(id, MatchKind::IdNumber, 0, "");
        }
        if let Some(phone) = &q.phone {
            for &id in lookup(&self.by_phone, phone) {
                hits.offer(id, MatchKind::Phone, 0, "");
            }
        }
        let case = q.case_no.as_deref().unwrap_or(&q.ident);
        for &id in lookup(&self.by_case, case) {
            let matched = self.matched_number(id, case, |e| &e.case_nos, case_key);
            hits.offer(id, MatchKind::CaseNo, 0, matched);
        }
        let letter = q.letter_no.as_deref().unwrap_or(&q.ident);
        for &id in lookup(&self.by_letter, letter) {
            let matched = self.matched_number(id, letter, |e| &e.letter_nos, letter_key);
            hits.offer(id, MatchKind::LetterNo, 0, matched);
        }
    }

    /// The stored spelling of the number that matched, for the screen to highlight.
    fn matched_number(
        &self,
        id: i64,
        key: &str,
        numbers: fn(&SearchEntry) -> &Vec<String>,
        parse: fn(&str) -> Option<String>,
    ) -> &str {
        self.entries
            .get(&id)
            .and_then(|s| {
                numbers(&s.entry)
                    .iter()
                    .find(|n| number_key(n, parse) == key)
            })
            .map_or("", String::as_str)
    }

    fn tails(&self, q: &Query, hits: &mut Hits) {
        if let Some(t) = &q.id_tail {
            for &id in lookup(&self.id_tails, &t[t.len() - TAIL_LEN..]) {
                let full = self.keys(id).and_then(|k| k.id_number.as_deref());
                if full.is_some_and(|f| f.ends_with(t.as_str())) {
                    hits.offer(id, MatchKind::IdTail, 0, "");
                }
            }
        }
        if let Some(t) = &q.phone_tail {
            for &id in lookup(&self.phone_tails, &t[t.len() - TAIL_LEN..]) {
                let full = self.keys(id).and_then(|k| k.phone.as_deref());
                if full.is_some_and(|f| f.ends_with(t.as_str())) {
                    hits.offer(id, MatchKind::PhoneTail, 0, "");
                }
            }
        }
    }

    fn names(&self, q: &Query, hits: &mut Hits) {
        if q.name.is_empty() {
            return;
        }
        let query_len = q.name.chars().count() as i64;
        for (key, id) in prefix_range(&self.names, &q.name) {
            if key == &q.name {
                hits.offer(*id, MatchKind::ExactName, 0, "");
            } else if q.han {
                // Closer to the whole name is the likelier person.
                let rest = key.chars().count() as i64 - query_len;
                hits.offer(*id, MatchKind::NamePrefix, -rest, "");
            }
        }
    }

    fn romanised(&self, q: &Query, hits: &mut Hits, limit: usize) {
        let Some(ascii) = &q.ascii else { return };
        let len = ascii.len() as i64;
        for (key, id) in prefix_range(&self.pinyins, ascii) {
            hits.offer(*id, MatchKind::Pinyin, len - key.len() as i64, "");
        }
        if hits.len() >= limit {
            return;
        }
        for (key, id) in prefix_range(&self.initials, ascii) {
            hits.offer(*id, MatchKind::Initials, len - key.len() as i64, "");
        }
    }

    /// The last resort. A Han query matches names holding its characters in order
    /// (each character is a syllable, so any subsequence means something). An ASCII
    /// query matches the pinyin only along syllables (see [`Keys::on_syllables`]):
    /// `ming` finds 张明 and `xm` finds 刘晓明, but `ming` does not find 马萍艳 through
    /// M-a-p-ING, which an officer would read as noise.
    fn fuzzy(&self, q: &Query, hits: &mut Hits) {
        let mut lists: Vec<&Vec<i64>> = Vec::new();
        let pattern: &str = if q.han {
            &q.name
        } else if let Some(ascii) = &q.ascii {
            let Some(first) = ascii.chars().next() else {
                return;
            };
            match self.syllable_heads.get(&first) {
                Some(ids) => lists.push(ids),
                None => return,
            }
            ascii
        } else {
            return;
        };
        let postings = if q.han {
            &self.name_chars
        } else {
            &self.pinyin_chars
        };
        for c in distinct_chars(pattern) {
            match postings.get(&c) {
                Some(ids) => lists.push(ids),
                // Every typed character must occur, so one absent character means
                // no name can match at all.
                None => return,
            }
        }
        lists.sort_by_key(|l| l.len());
        let Some((rarest, others)) = lists.split_first() else {
            return;
        };
        let matcher = SkimMatcherV2::default();
        let found: Vec<(i64, i64)> = rarest
            .iter()
            .rev()
            .filter(|id| !hits.contains(**id))
            .filter(|id| others.iter().all(|l| l.binary_search(id).is_ok()))
            .take(FUZZY_SCAN_LIMIT)
            .filter_map(|&id| {
                let keys = self.keys(id)?;
                if q.han {
                    let score = matcher.fuzzy_match(&keys.name, pattern)?;
                    return Some((id, score));
                }
                let (score, at) = matcher.fuzzy_indices(&keys.pinyin, pattern)?;
                keys.on_syllables(&at).then_some((id, score))
            })
            .collect();
        for (id, score) in found {
            hits.offer(id, MatchKind::Fuzzy, score, "");
        }
    }

    fn rank(&self, hits: Hits, limit: usize) -> Vec<Hit> {
        let mut rows: Vec<(Hit, Option<NaiveDateTime>)> = hits
            .0
            .into_iter()
            .map(|(id, (kind, score, matched))| {
                let last = self.entries.get(&id).and_then(|s| s.entry.last_contact);
                let hit = Hit {
                    petitioner_id: id,
                    kind,
                    score,
                    matched,
                };
                (hit, last)
            })
            .collect();
        if rows.len() > limit {
            rows.select_nth_unstable_by(limit - 1, rank_order);
            rows.truncate(limit);
        }
        rows.sort_unstable_by(rank_order);
        rows.into_iter().map(|(hit, _)| hit).collect()
    }

    fn keys(&self, id: i64) -> Option<&Keys> {
        self.entries.get(&id).map(|s| &s.keys)
    }

    fn index(&mut self, entry: SearchEntry, bulk: Bulk) {
        let id = entry.petitioner_id;
        let keys = Keys::of(&entry);
        if let Some(k) = &keys.id_number {
            multi_insert(&mut self.by_id_number, k, id);
        }
        if let Some(k) = &keys.phone {
            multi_insert(&mut self.by_phone, k, id);
        }
        for k in &keys.case_nos {
            multi_insert(&mut self.by_case, k, id);
        }
        for k in &keys.letter_nos {
            multi_insert(&mut self.by_letter, k, id);
        }
        if let Some(t) = keys.id_tail() {
            multi_insert(&mut self.id_tails, t, id);
        }
        if let Some(t) = keys.phone_tail() {
            multi_insert(&mut self.phone_tails, t, id);
        }
        sorted_insert(&mut self.names, &keys.name, id, bulk);
        sorted_insert(&mut self.pinyins, &keys.pinyin, id, bulk);
        sorted_insert(&mut self.initials, &keys.initials, id, bulk);
        for c in distinct_chars(&keys.name) {
            posting_insert(self.name_chars.entry(c).or_default(), id, bulk);
        }
        for c in distinct_chars(&keys.pinyin) {
            posting_insert(self.pinyin_chars.entry(c).or_default(), id, bulk);
        }
        for c in keys.syllable_heads() {
            posting_insert(self.syllable_heads.entry(c).or_default(), id, bulk);
        }
        self.recent.insert((Reverse(entry.last_contact), id));
        self.entries.insert(id, Stored { entry, keys });
    }

    fn unindex(&mut self, id: i64, bulk: Bulk) {
        let Some(Stored { entry, keys }) = self.entries.remove(&id) else {
            return;
        };
        if let Some(k) = &keys.id_number {
            multi_remove(&mut self.by_id_number, k, id);
        }
        if let Some(k) = &keys.phone {
            multi_remove(&mut self.by_phone, k, id);
        }
        for k in &keys.case_nos {
            multi_remove(&mut self.by_case, k, id);
        }
        for k in &keys.letter_nos {
            multi_remove(&mut self.by_letter, k, id);
        }
        if let Some(t) = keys.id_tail() {
            multi_remove(&mut self.id_tails, t, id);
        }
        if let Some(t) = keys.phone_tail() {
            multi_remove(&mut self.phone_tails, t, id);
        }
        sorted_remove(&mut self.names, &keys.name, id, bulk);
        sorted_remove(&mut self.pinyins, &keys.pinyin, id, bulk);
        sorted_remove(&mut self.initials, &keys.initials, id, bulk);
        for c in distinct_chars(&keys.name) {
            posting_remove(&mut self.name_chars, c, id, bulk);
        }
        for c in distinct_chars(&keys.pinyin) {
            posting_remove(&mut self.pinyin_chars, c, id, bulk);
        }
        for c in keys.syllable_heads() {
            posting_remove(&mut self.syllable_heads, c, id, bulk);
        }
        self.recent.remove(&(Reverse(entry.last_contact), id));
    }
}

/// During a bulk build the vectors are unsorted until the end, so inserts append and
/// removals scan instead of binary-searching.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bulk {
    Yes,
    No,
}

/// The best kind and score per petitioner seen so far: each person appears once.
#[derive(Default)]
struct Hits(IdMap<(MatchKind, i64, String)>);

impl Hits {
    fn offer(&mut self, id: i64, kind: MatchKind, score: i64, matched: &str) {
        match self.0.get_mut(&id) {
            Some(best) if (kind, Reverse(score)) < (best.0, Reverse(best.1)) => {
                *best = (kind, score, matched.to_string());
            }
            Some(_) => {}
            None => {
                self.0.insert(id, (kind, score, matched.to_string()));
            }
        }
    }

    fn contains(&self, id: i64) -> bool {
        self.0.contains_key(&id)
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

/// Kind, then higher score, then the most recent contact (never seen last), then id.
fn rank_order(a: &(Hit, Option<NaiveDateTime>), b: &(Hit, Option<NaiveDateTime>)) -> Ordering {
    (
        a.0.kind,
        Reverse(a.0.score),
        Reverse(a.1),
        a.0.petitioner_id,
    )
        .cmp(&(
            b.0.kind,
            Reverse(b.0.score),
            Reverse(b.1),
            b.0.petitioner_id,
        ))
}

fn lookup<'a>(map: &'a HashMap<String, Vec<i64>>, key: &str) -> &'a [i64] {
    map.get(key).map_or(&[], Vec::as_slice)
}

fn prefix_range<'a>(
    sorted: &'a [(String, i64)],
    prefix: &'a str,
) -> impl Iterator<Item = &'a (String, i64)> + 'a {
    let start = sorted.partition_point(|(k, _)| k.as_str() < prefix);
    sorted[start..]
        .iter()
        .take_while(move |(k, _)| k.starts_with(prefix))
}

fn multi_insert(map: &mut HashMap<String, Vec<i64>>, key: &str, id: i64) {
    let ids = map.entry(key.to_string()).or_default();
    if !ids.contains(&id) {
        ids.push(id);
    }
}

fn multi_remove(map: &mut HashMap<String, Vec<i64>>, key: &str, id: i64) {
    if let Some(ids) = map.get_mut(key) {
        ids.retain(|&x| x != id);
        if ids.is_empty() {
            map.remove(key);
        }
    }
}

fn sorted_insert(vec: &mut Vec<(String, i64)>, key: &str, id: i64, bulk: Bulk) {
    if key.is_empty() {
        return;
    }
    if bulk == Bulk::Yes {
        vec.push((key.to_string(), id));
        return;
    }
    let at = vec.partition_point(|(k, i)| (k.as_str(), *i) < (key, id));
    vec.insert(at, (key.to_string(), id));
}

fn sorted_remove(vec: &mut Vec<(String, i64)>, key: &str, id: i64, bulk: Bulk) {
    let found = if bulk == Bulk::Yes {
        vec.iter().position(|(k, i)| k == key && *i == id)
    } else {
        let at = vec.partition_point(|(k, i)| (k.as_str(), *i) < (key, id));
        (vec.get(at).is_some_and(|(k, i)| k == key && *i == id)).then_some(at)
    };
    if let Some(at) = found {
        vec.remove(at);
    }
}

fn posting_insert(ids: &mut Vec<i64>, id: i64, bulk: Bulk) {
    if bulk == Bulk::Yes {
        ids.push(id);
    } else if let Err(at) = ids.binary_search(&id) {
        ids.insert(at, id);
    }
}

fn posting_remove(map: &mut HashMap<char, Vec<i64>>, c: char, id: i64, bulk: Bulk) {
    let Some(ids) = map.get_mut(&c) else { return };
    let found = if bulk == Bulk::Yes {
        ids.iter().position(|&x| x == id)
    } else {
        ids.binary_search(&id).ok()
    };
    if let Some(at) = found {
        ids.remove(at);
    }
    if ids.is_empty() {
        map.remove(&c);
    }
}

fn distinct_chars(s: &str) -> Vec<char> {
    let mut chars: Vec<char> = s.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}
