//! The page agrees with a ranking computed the slow way: every person checked
//! against the raw fields, without any stored prefix.

use super::keys::given_han_name;
use super::query::{case_key, ident_key, letter_key, name_key, number_key, phone_key, Query};
use super::tests::{at, kinds, query};
use super::*;
use crate::demo::gen::{person, DemoRng};
use chrono::NaiveDate;
use std::collections::HashSet;

/// The class and rank of a person for a query, derived from their raw fields without
/// any stored prefix: what the page must agree with.
fn brute_class(q: &Query, p: &PersonKeys) -> Option<(u8, i64)> {
    let id = p.id_number.as_deref().map(ident_key).unwrap_or_default();
    let phone = p.phone.as_deref().map(phone_key).unwrap_or_default();
    let case = q.case_no.clone().unwrap_or_else(|| q.ident.clone());
    let letter = q.letter_no.clone().unwrap_or_else(|| q.ident.clone());
    if !id.is_empty() && id == q.ident {
        return Some((0, 0));
    }
    if q.phone.as_deref().is_some_and(|x| x == phone) {
        return Some((1, 0));
    }
    if p.case_nos.iter().any(|c| number_key(c, case_key) == case) {
        return Some((2, 0));
    }
    if p.letter_nos
        .iter()
        .any(|c| number_key(c, letter_key) == letter)
    {
        return Some((3, 0));
    }
    if q.id_tail
        .as_deref()
        .is_some_and(|t| !id.is_empty() && id.ends_with(t))
    {
        return Some((4, i64::from(id.len() > t_len(q.id_tail.as_deref()))));
    }
    if q.phone_tail
        .as_deref()
        .is_some_and(|t| !phone.is_empty() && phone.ends_with(t))
    {
        return Some((5, i64::from(phone.len() > t_len(q.phone_tail.as_deref()))));
    }
    let name = name_key(&p.name);
    if name == q.name {
        return Some((6, 0));
    }
    let readings = name_readings(&p.name);
    if q.han {
        let given = given_han_name(&name, readings.first().map_or(1, |r| r.surname));
        if let Some(r) =
            starts(&name, &q.name, 0).or_else(|| given.and_then(|g| starts(g, &q.name, 4)))
        {
            return Some((7, r));
        }
    }
    let a = q.ascii.as_deref()?;
    let (pinyin, initials) = romanised_ranks(p, a);
    pinyin.map(|r| (8, r)).or(initials.map(|r| (9, r)))
}

/// The best pinyin rank and the best initials rank of a person for an ASCII query.
fn romanised_ranks(p: &PersonKeys, a: &str) -> (Option<i64>, Option<i64>) {
    let best = |o: Option<i64>, n: Option<i64>| match (o, n) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    let (mut pinyin, mut initials) = (None, None);
    for (i, r) in name_readings(&p.name).iter().enumerate() {
        let base = if i == 0 { 0 } else { 2 };
        pinyin = best(pinyin, starts(&r.full, a, base));
        initials = best(initials, starts(&r.initials, a, base));
        if r.surname > 0 && r.surname < r.syllables.len() {
            let given = &r.syllables[r.surname..];
            pinyin = best(pinyin, starts(&given.concat(), a, 4));
            let gi: String = given.iter().filter_map(|s| s.chars().next()).collect();
            initials = best(initials, starts(&gi, a, 4));
        }
    }
    (pinyin, initials)
}

fn t_len(t: Option<&str>) -> usize {
    t.map_or(0, str::len)
}

fn starts(key: &str, q: &str, base: i64) -> Option<i64> {
    (!key.is_empty() && key.starts_with(q)).then(|| base + i64::from(key != q))
}

/// Every person in brute-force rank order, up to the first fuzzy match.
fn brute(people: &[(i64, PersonKeys, i64)], raw: &str, limit: usize) -> Vec<(i64, MatchKind)> {
    let q = Query::parse(raw);
    let mut classes: Vec<Vec<(i64, i64, i64)>> = vec![Vec::new(); 10];
    let mut initials: Vec<(i64, i64, i64)> = Vec::new();
    for (id, p, recent) in people {
        let (id, recent) = (*id, *recent);
        let Some((class, rank)) = brute_class(&q, p) else {
            continue;
        };
        classes[usize::from(class)].push((rank, recent, id));
        // Pinyin and initials are two lists taken in turns; one person may be in both.
        if let (Some(a), 8..=9) = (q.ascii.as_deref(), class) {
            if let (_, Some(r)) = romanised_ranks(p, a) {
                initials.push((r, recent, id));
            }
        }
    }
    let kinds = [
        MatchKind::IdNumber,
        MatchKind::Phone,
        MatchKind::CaseNo,
        MatchKind::LetterNo,
        MatchKind::IdTail,
        MatchKind::PhoneTail,
        MatchKind::ExactName,
        MatchKind::NamePrefix,
    ];
    let mut out: Vec<(i64, MatchKind)> = Vec::new();
    for (class, kind) in kinds.into_iter().enumerate() {
        classes[class].sort_unstable();
        out.extend(classes[class].iter().map(|&(_, _, id)| (id, kind)));
    }
    let mut pinyin = classes[8].clone();
    pinyin.sort_unstable();
    initials.sort_unstable();
    let mut seen: HashSet<i64> = out.iter().map(|(id, _)| *id).collect();
    for i in 0..pinyin.len().max(initials.len()) {
        if let Some(&(_, _, id)) = pinyin.get(i) {
            if seen.insert(id) {
                out.push((id, MatchKind::Pinyin));
            }
        }
        if let Some(&(_, _, id)) = initials.get(i) {
            if seen.insert(id) {
                out.push((id, MatchKind::Initials));
            }
        }
    }
    out.truncate(limit);
    out
}

/// Queries as officers type them: every prefix of names, readings, initials, ID and
/// phone tails of people on record, plus slips.
pub(crate) fn typed_queries(
    people: &[(String, String, String)],
    rng: &mut DemoRng,
    n: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    while out.len() < n {
        let (name, id, phone) = &people[rng.below(people.len() as u64) as usize];
        let r = name_pinyin(name);
        let source = match rng.below(6) {
            0 => name.clone(),
            1 | 2 => r.full.clone(),
            3 => r.initials.clone(),
            4 => id
                .chars()
                .rev()
                .take(4 + rng.below(3) as usize)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
            _ => phone
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
        };
        let chars: Vec<char> = source.chars().collect();
        let len = 1 + rng.below(chars.len().max(1) as u64) as usize;
        out.push(chars[..len.min(chars.len())].iter().collect());
    }
    out
}

#[test]
fn the_page_agrees_with_a_brute_force_ranking_over_ten_thousand_people() {
    let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
    let mut rng = DemoRng::new(20260315);
    let mut k = MemoryKeys::new();
    let mut people = Vec::new();
    for id in 1..=10_000 {
        let p = person(&mut rng, today);
        let recent = at(1) + rng.below(500_000) as i64;
        people.push((p.name.clone(), p.id_number.clone(), p.phone.clone()));
        let keys = PersonKeys {
            name: p.name,
            id_number: Some(p.id_number),
            phone: Some(p.phone),
            case_nos: vec![format!("2026-{id:06}")],
            letter_nos: Vec::new(),
        };
        k.upsert(id, keys, recent);
    }
    let mut queries = typed_queries(&people, &mut rng, 250);
    queries.extend(["张", "li", "sh", "2026-4243", "wang"].map(String::from));
    let everyone: Vec<(i64, PersonKeys, i64)> =
        k.people().map(|(id, p, r)| (id, p.clone(), r)).collect();
    for (i, q) in queries.iter().enumerate() {
        let limit = if i % 2 == 0 { 20 } else { 50 };
        let got: Vec<(i64, MatchKind)> = kinds(&query(&k, q, limit))
            .into_iter()
            .take_while(|(_, kind)| *kind != MatchKind::Fuzzy)
            .collect();
        let want = brute(&everyone, q, limit);
        assert_eq!(
            got,
            want[..got.len().min(want.len())].to_vec(),
            "{q:?} limit {limit}"
        );
        if got.len() < limit {
            assert_eq!(got.len(), want.len(), "{q:?}: the page stopped short");
        }
    }
}
