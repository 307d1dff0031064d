//! The search keys of one person, as the store persists them (DESIGN.md 1.5).
//!
//! A lookup must answer from an index without reading everyone, so every key is
//! stored with all its short prefixes: a query of up to [`KeyKind::max_prefix`]
//! characters is then one exact index probe, already in rank order. Longer keys also
//! keep their whole form, so a longer query is a range over the few long keys.

use super::pinyin::name_readings;
use super::query::{case_key, ident_key, letter_key, name_key, number_key, phone_key, TAIL_LEN};

/// What a stored key is. The codes are written to the database: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyKind {
    Name = 1,
    Pinyin = 2,
    Initials = 3,
    IdNumber = 4,
    Phone = 5,
    CaseNo = 6,
    LetterNo = 7,
    /// The ID number reversed, so that a tail is a prefix.
    IdTail = 8,
    /// The phone reversed.
    PhoneTail = 9,
}

pub const KINDS: [KeyKind; 9] = [
    KeyKind::Name,
    KeyKind::Pinyin,
    KeyKind::Initials,
    KeyKind::IdNumber,
    KeyKind::Phone,
    KeyKind::CaseNo,
    KeyKind::LetterNo,
    KeyKind::IdTail,
    KeyKind::PhoneTail,
];

impl KeyKind {
    pub fn code(self) -> i64 {
        self as i64
    }

    pub fn from_code(code: i64) -> Option<KeyKind> {
        KINDS.into_iter().find(|k| k.code() == code)
    }

    /// The reversed kind whose whole key is this kind's key: an ID number or phone
    /// long enough to have a tail is stored there only, once.
    pub fn tail(self) -> Option<KeyKind> {
        match self {
            KeyKind::IdNumber => Some(KeyKind::IdTail),
            KeyKind::Phone => Some(KeyKind::PhoneTail),
            _ => None,
        }
    }

    /// Shortest and longest prefix stored for this kind, in characters; `None` for
    /// kinds matched whole only.
    pub fn prefixes(self) -> Option<(usize, usize)> {
        match self {
            KeyKind::Name => Some((1, 4)),
            KeyKind::Pinyin | KeyKind::Initials => Some((1, 8)),
            KeyKind::IdTail | KeyKind::PhoneTail => Some((TAIL_LEN, 6)),
            _ => None,
        }
    }
}

/// Ranks within a kind: even for a whole key, odd (one more) for a prefix of it.
pub const PREFIX: i64 = 1;
/// A reading of the name other than the likeliest one.
pub const OTHER_READING: i64 = 2;
/// The pinyin of the given name alone (`changjiang` for 王长江).
pub const GIVEN_NAME: i64 = 4;

/// What a person's keys are derived from; also what the store keeps to take the
/// same keys out again when the person changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonKeys {
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub case_nos: Vec<String>,
    pub letter_nos: Vec<String>,
}

/// One stored key of one person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyRow {
    pub kind: KeyKind,
    pub key: String,
    pub rank: i64,
}

const FIELD: char = '\u{1f}';
const ITEM: char = '\u{1e}';

impl PersonKeys {
    /// A compact one-string form for the store.
    pub fn encode(&self) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let list = |l: &[String]| l.join(&ITEM.to_string());
        format!(
            "{}{FIELD}{}{FIELD}{}{FIELD}{}{FIELD}{}",
            self.name,
            opt(&self.id_number),
            opt(&self.phone),
            list(&self.case_nos),
            list(&self.letter_nos)
        )
    }

    pub fn decode(s: &str) -> PersonKeys {
        let mut f = s.split(FIELD);
        let mut next = || f.next().unwrap_or_default().to_string();
        let opt = |s: String| Some(s).filter(|s| !s.is_empty());
        let list = |s: String| -> Vec<String> {
            s.split(ITEM)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        PersonKeys {
            name: next(),
            id_number: opt(next()),
            phone: opt(next()),
            case_nos: list(next()),
            letter_nos: list(next()),
        }
    }

    /// Every key row, each (kind, key) once with its best rank.
    pub fn rows(&self) -> Vec<KeyRow> {
        let mut rows = Vec::new();
        let name = name_key(&self.name);
        prefixed(&mut rows, KeyKind::Name, &name, 0);
        let readings = name_readings(&self.name);
        if let Some(given) = given_han_name(&name, readings.first().map_or(1, |r| r.surname)) {
            prefixed(&mut rows, KeyKind::Name, given, GIVEN_NAME);
        }
        for (i, reading) in readings.iter().enumerate() {
            let base = if i == 0 { 0 } else { OTHER_READING };
            prefixed(&mut rows, KeyKind::Pinyin, &reading.full, base);
            prefixed(&mut rows, KeyKind::Initials, &reading.initials, base);
            if reading.surname > 0 && reading.surname < reading.syllables.len() {
                let given = &reading.syllables[reading.surname..];
                prefixed(&mut rows, KeyKind::Pinyin, &given.concat(), GIVEN_NAME);
                let initials: String = given.iter().filter_map(|s| s.chars().next()).collect();
                prefixed(&mut rows, KeyKind::Initials, &initials, GIVEN_NAME);
            }
        }
        let id = self
            .id_number
            .as_deref()
            .map(ident_key)
            .filter(|k| !k.is_empty());
        if let Some(id) = id {
            whole_and_tail(&mut rows, KeyKind::IdNumber, id);
        }
        let phone = self
            .phone
            .as_deref()
            .map(phone_key)
            .filter(|k| !k.is_empty());
        if let Some(phone) = phone {
            whole_and_tail(&mut rows, KeyKind::Phone, phone);
        }
        for c in &self.case_nos {
            rows.push(whole(KeyKind::CaseNo, number_key(c, case_key)));
        }
        for l in &self.letter_nos {
            rows.push(whole(KeyKind::LetterNo, number_key(l, letter_key)));
        }
        rows.retain(|r| !r.key.is_empty());
        // The best rank per key first, then drop the others.
        rows.sort_unstable_by(|a, b| (a.kind, &a.key, a.rank).cmp(&(b.kind, &b.key, b.rank)));
        rows.dedup_by(|later, first| later.kind == first.kind && later.key == first.key);
        rows
    }
}

/// The given name of an all-Han name: what follows the surname's characters.
pub(crate) fn given_han_name(name: &str, surname: usize) -> Option<&str> {
    if name.is_empty() || name.chars().any(|c| c.is_ascii()) {
        return None;
    }
    let (at, _) = name.char_indices().nth(surname)?;
    Some(&name[at..])
}

/// An identifier's tails, whose longest is the whole identifier reversed; one too
/// short for a tail is kept whole under its own kind.
fn whole_and_tail(rows: &mut Vec<KeyRow>, kind: KeyKind, key: String) {
    match kind.tail() {
        Some(tail) if key.chars().count() >= TAIL_LEN => prefixed(rows, tail, &reversed(&key), 0),
        _ => rows.push(whole(kind, key)),
    }
}

fn whole(kind: KeyKind, key: String) -> KeyRow {
    KeyRow { kind, key, rank: 0 }
}

pub(crate) fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

/// The key's prefixes within the kind's bounds, and the whole key when it is longer.
fn prefixed(rows: &mut Vec<KeyRow>, kind: KeyKind, key: &str, base: i64) {
    let Some((min, max)) = kind.prefixes() else {
        rows.push(KeyRow {
            kind,
            key: key.to_string(),
            rank: base,
        });
        return;
    };
    let len = key.chars().count();
    for (n, (at, c)) in key.char_indices().enumerate() {
        let n = n + 1;
        if n > max {
            break;
        }
        if n < min {
            continue;
        }
        let end = at + c.len_utf8();
        rows.push(KeyRow {
            kind,
            key: key[..end].to_string(),
            rank: if n == len { base } else { base + PREFIX },
        });
    }
    if len > max {
        rows.push(KeyRow {
            kind,
            key: key.to_string(),
            rank: base,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(kind: KeyKind, p: &PersonKeys) -> Vec<(String, i64)> {
        p.rows()
            .into_iter()
            .filter(|r| r.kind == kind)
            .map(|r| (r.key, r.rank))
            .collect()
    }

    #[test]
    fn encodes_and_decodes() {
        let p = PersonKeys {
            name: "张伟".into(),
            id_number: Some("11010519491231002X".into()),
            phone: None,
            case_nos: vec!["2026-000001".into(), "2025-000002".into()],
            letter_nos: vec![],
        };
        assert_eq!(PersonKeys::decode(&p.encode()), p);
        assert_eq!(PersonKeys::decode(""), PersonKeys::default());
    }

    #[test]
    fn an_identifier_is_stored_once_as_its_tails_whole_key() {
        let p = PersonKeys {
            name: "张伟".into(),
            id_number: Some("11010519491231002x".into()),
            phone: Some("110".into()),
            ..Default::default()
        };
        assert!(keys(KeyKind::IdNumber, &p).is_empty());
        let tails = keys(KeyKind::IdTail, &p);
        assert!(tails.contains(&("X20013219491501011".to_string(), 0)));
        assert!(tails.contains(&("X200".to_string(), PREFIX)));
        // Too short for a tail: kept whole under its own kind.
        assert_eq!(keys(KeyKind::Phone, &p), vec![("110".to_string(), 0)]);
        assert!(keys(KeyKind::PhoneTail, &p).is_empty());
    }

    #[test]
    fn prefixes_within_bounds_and_the_whole_long_key() {
        let p = PersonKeys {
            name: "欧阳娜娜".into(),
            phone: Some("13800138000".into()),
            ..Default::default()
        };
        let names = keys(KeyKind::Name, &p);
        assert!(names.contains(&("欧阳娜娜".to_string(), 0)));
        assert!(names.contains(&("欧阳".to_string(), PREFIX)));
        assert!(
            names.contains(&("阳娜娜".to_string(), GIVEN_NAME)),
            "{names:?}"
        );
        let tails = keys(KeyKind::PhoneTail, &p);
        assert!(tails.contains(&("0008".into(), PREFIX)));
        assert!(tails.contains(&("00083100831".into(), 0)));
        assert!(!tails.iter().any(|(k, _)| k == "000"));
        let pinyin = keys(KeyKind::Pinyin, &p);
        assert!(pinyin.contains(&("ouyangna".into(), PREFIX)));
        assert!(pinyin.contains(&("ouyangnana".into(), 0)));
        assert!(!pinyin.iter().any(|(k, _)| k == "ouyangnan"));
        assert!(pinyin.contains(&("yangnana".into(), GIVEN_NAME)));
    }
}
