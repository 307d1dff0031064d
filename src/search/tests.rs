use super::*;
use crate::demo::gen::{person, DemoRng};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashSet;

fn at(day: u32) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(2026, 3, day)?.and_hms_opt(9, 30, 0)
}

fn entry(id: i64, name: &str) -> SearchEntry {
    let p = name_pinyin(name);
    SearchEntry {
        petitioner_id: id,
        name: name.to_string(),
        pinyin: p.full,
        initials: p.initials,
        id_number: None,
        phone: None,
        case_nos: Vec::new(),
        letter_nos: Vec::new(),
        last_contact: None,
    }
}

/// A small office: two people named 张伟, a homophone, a longer name, and others.
fn office() -> SearchIndex {
    let mut zw1 = entry(1, "张伟");
    zw1.id_number = Some("11010519491231002x".into());
    zw1.phone = Some("138 0013 8000".into());
    zw1.case_nos = vec!["2026-000123".into()];
    zw1.letter_nos = vec!["L2026-00042".into()];
    zw1.last_contact = at(1);

    let mut zw2 = entry(2, "张伟");
    zw2.id_number = Some("440305198001018000".into());
    zw2.phone = Some("13912345678".into());
    zw2.last_contact = at(10);

    let mut homophone = entry(3, "章维");
    homophone.last_contact = at(5);

    let mut longer = entry(4, "张伟明");
    longer.phone = Some("15000008000".into());
    longer.last_contact = at(12);

    let mut wang = entry(5, "王芳");
    wang.case_nos = vec!["2025-000007".into(), "2026-000123".into()];
    wang.last_contact = at(3);

    let never = entry(6, "李娜");

    SearchIndex::from_entries(vec![zw1, zw2, homophone, longer, wang, never])
}

fn kinds(hits: &[Hit]) -> Vec<(i64, MatchKind)> {
    hits.iter().map(|h| (h.petitioner_id, h.kind)).collect()
}

fn first(index: &SearchIndex, query: &str) -> Hit {
    index
        .query(query, 10)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no hit for {query:?}"))
}

#[test]
fn whole_id_number_any_case_of_x() {
    let index = office();
    for q in [
        "11010519491231002X",
        "11010519491231002x",
        " １１０１０５１９４９１２３１００２ｘ ",
    ] {
        let hit = first(&index, q);
        assert_eq!(
            (hit.petitioner_id, hit.kind),
            (1, MatchKind::IdNumber),
            "{q}"
        );
    }
}

#[test]
fn whole_phone_in_any_spelling() {
    let index = office();
    for q in [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 13800138000",
    ] {
        let hit = first(&index, q);
        assert_eq!((hit.petitioner_id, hit.kind), (1, MatchKind::Phone), "{q}");
    }
}

#[test]
fn case_number_with_or_without_padding() {
    let index = office();
    for q in ["2026-000123", "2026-123", "２０２６－１２３"] {
        let hits = index.query(q, 10);
        assert_eq!(
            kinds(&hits),
            vec![(5, MatchKind::CaseNo), (1, MatchKind::CaseNo)],
            "{q}"
        );
        assert!(hits.iter().all(|h| h.matched == "2026-000123"));
    }
    assert!(index.query("2026-124", 10).is_empty());
}

#[test]
fn letter_number_any_case() {
    let index = office();
    for q in ["L2026-00042", "l2026-42"] {
        let hit = first(&index, q);
        assert_eq!(
            (hit.petitioner_id, hit.kind),
            (1, MatchKind::LetterNo),
            "{q}"
        );
        assert_eq!(hit.matched, "L2026-00042");
    }
}

#[test]
fn id_tail_and_phone_tail() {
    let index = office();
    let hit = first(&index, "002x");
    assert_eq!((hit.petitioner_id, hit.kind), (1, MatchKind::IdTail));
    let hit = first(&index, "1231002X");
    assert_eq!((hit.petitioner_id, hit.kind), (1, MatchKind::IdTail));
    let hit = first(&index, "5678");
    assert_eq!((hit.petitioner_id, hit.kind), (2, MatchKind::PhoneTail));

    // Four digits can end an ID and a phone at once; ID tails rank first, and each
    // person appears once with the better kind.
    let hits = index.query("8000", 10);
    assert_eq!(
        kinds(&hits),
        vec![
            (2, MatchKind::IdTail),
            (4, MatchKind::PhoneTail),
            (1, MatchKind::PhoneTail),
        ]
    );
    // Three digits are not a tail.
    assert!(index.query("000", 10).is_empty());
}

#[test]
fn exact_name_then_prefix() {
    let index = office();
    let hits = index.query("张伟", 10);
    assert_eq!(
        kinds(&hits),
        vec![
            (2, MatchKind::ExactName),
            (1, MatchKind::ExactName),
            (4, MatchKind::NamePrefix),
        ]
    );
    let hits = index.query("张", 10);
    assert!(hits.iter().all(|h| h.kind == MatchKind::NamePrefix));
    // Shorter remainders first: 张伟 (one character left) before 张伟明 (two).
    assert_eq!(
        kinds(&hits)[..2],
        [(2, MatchKind::NamePrefix), (1, MatchKind::NamePrefix)]
    );
    assert_eq!(hits[2].petitioner_id, 4);
}

#[test]
fn pinyin_prefixes() {
    let index = office();
    for q in ["zhangwei", "ZhangWei", "zhang wei"] {
        let hits = index.query(q, 10);
        assert_eq!(
            kinds(&hits),
            vec![
                (2, MatchKind::Pinyin),
                (3, MatchKind::Pinyin),
                (1, MatchKind::Pinyin),
                (4, MatchKind::Pinyin),
            ],
            "{q}"
        );
    }
    let hits = index.query("zhangw", 10);
    assert_eq!(hits.len(), 4);
    let hits = index.query("zhang", 10);
    assert!(hits.iter().all(|h| h.kind == MatchKind::Pinyin));
    assert_eq!(hits.len(), 4);
}

#[test]
fn initials() {
    let index = office();
    let hits = index.query("zw", 10);
    assert_eq!(
        kinds(&hits),
        vec![
            (2, MatchKind::Initials),
            (3, MatchKind::Initials),
            (1, MatchKind::Initials),
            (4, MatchKind::Initials),
        ]
    );
    assert_eq!(first(&index, "wf").petitioner_id, 5);
}

#[test]
fn fuzzy_over_names_and_pinyin() {
    let index = office();
    let hit = first(&index, "伟明");
    assert_eq!((hit.petitioner_id, hit.kind), (4, MatchKind::Fuzzy));
    let hit = first(&index, "weiming");
    assert_eq!((hit.petitioner_id, hit.kind), (4, MatchKind::Fuzzy));
    // Given-name pinyin finds everyone with that given name.
    let ids: HashSet<i64> = index
        .query("wei", 10)
        .iter()
        .map(|h| h.petitioner_id)
        .collect();
    assert!(ids.is_superset(&HashSet::from([1, 2, 3, 4])), "{ids:?}");
    // Characters nobody has: nothing, not noise.
    assert!(index.query("赵", 10).is_empty());
    assert!(index.query("qqq", 10).is_empty());
}

#[test]
fn weak_fuzzy_matches_are_dropped() {
    let mut index = SearchIndex::new();
    index.upsert(entry(1, "欧阳娜娜"));
    index.upsert(entry(2, "王晓芳"));
    index.upsert(entry(3, "张建伟"));
    index.upsert(entry(4, "马萍艳"));
    index.upsert(entry(5, "张明"));
    // The letters occur in order, but not on syllables: O-uy-AN-g, wANgxiAofang.
    for q in ["oan", "ugaa", "agif", "ana"] {
        assert!(
            index.query(q, 10).is_empty(),
            "{q}: {:?}",
            index.query(q, 10)
        );
    }
    // m-a-p-ING is not 明; zhang-MING is.
    assert_eq!(kinds(&index.query("ming", 10)), vec![(5, MatchKind::Fuzzy)]);
    // A letter dropped inside a syllable is a slip, not noise.
    assert_eq!(
        kinds(&index.query("zhangjanwei", 10)),
        vec![(3, MatchKind::Fuzzy)]
    );
    // Given-name initials start syllables too.
    assert_eq!(kinds(&index.query("xf", 10)), vec![(2, MatchKind::Fuzzy)]);
    // A forgotten middle syllable is not noise.
    let hit = first(&index, "zhangwei");
    assert_eq!((hit.petitioner_id, hit.kind), (3, MatchKind::Fuzzy));
    let hit = first(&index, "张伟");
    assert_eq!((hit.petitioner_id, hit.kind), (3, MatchKind::Fuzzy));
}

#[test]
fn ranking_follows_kind_then_score_then_recency_then_id() {
    let mut index = SearchIndex::new();
    // A person literally named "zhang" (exact name) outranks 张 (pinyin).
    let mut ascii = entry(10, "Zhang");
    ascii.last_contact = at(1);
    index.upsert(ascii);
    let mut han = entry(11, "张");
    han.last_contact = at(20);
    index.upsert(han);
    let mut longer = entry(12, "张强");
    longer.last_contact = at(25);
    index.upsert(longer);
    assert_eq!(
        kinds(&index.query("zhang", 10)),
        vec![
            (10, MatchKind::ExactName),
            (11, MatchKind::Pinyin),
            (12, MatchKind::Pinyin),
        ]
    );
    // Within a kind the higher score wins over a more recent contact.
    let hits = index.query("zhang", 10);
    assert!(hits[1].score > hits[2].score);

    let hits = office().query("", 10);
    assert!(hits.windows(2).all(|w| w[0].kind <= w[1].kind));
}

#[test]
fn ties_go_to_the_most_recent_contact_then_the_id() {
    let mut index = SearchIndex::new();
    let mut old = entry(1, "王芳");
    old.last_contact = at(1);
    let never = entry(2, "王芳");
    let mut recent = entry(3, "王芳");
    recent.last_contact = at(9);
    let mut same_day_high_id = entry(5, "王芳");
    same_day_high_id.last_contact = at(9);
    for e in [old, never, same_day_high_id, recent] {
        index.upsert(e);
    }
    let ids: Vec<i64> = index
        .query("王芳", 10)
        .iter()
        .map(|h| h.petitioner_id)
        .collect();
    assert_eq!(ids, vec![3, 5, 1, 2]);
}

#[test]
fn upsert_replaces_old_keys() {
    let mut index = office();
    let mut changed = index.get(1).cloned().unwrap();
    changed.phone = Some("18612340000".into());
    changed.name = "张卫".into();
    changed.pinyin = String::new();
    changed.initials = String::new();
    index.upsert(changed);
    assert_eq!(index.len(), 6);

    assert!(index
        .query("13800138000", 10)
        .iter()
        .all(|h| h.petitioner_id != 1));
    assert!(index.query("8000", 10).iter().all(|h| h.petitioner_id != 1));
    let hit = first(&index, "18612340000");
    assert_eq!((hit.petitioner_id, hit.kind), (1, MatchKind::Phone));
    let exact: Vec<i64> = index
        .query("张伟", 10)
        .iter()
        .filter(|h| h.kind == MatchKind::ExactName)
        .map(|h| h.petitioner_id)
        .collect();
    assert_eq!(exact, vec![2]);
    // Pinyin was left empty and is derived from the new name.
    assert_eq!(index.get(1).unwrap().name, "张卫");
    let hit = first(&index, "张卫");
    assert_eq!((hit.petitioner_id, hit.kind), (1, MatchKind::ExactName));
    // Still found by the identifiers that did not change.
    assert!(index
        .query("2026-123", 10)
        .iter()
        .any(|h| h.petitioner_id == 1));
}

#[test]
fn remove_forgets_everything() {
    let mut index = office();
    index.remove(1);
    index.remove(99);
    assert_eq!(index.len(), 5);
    assert!(index.get(1).is_none());
    for q in [
        "11010519491231002X",
        "13800138000",
        "L2026-42",
        "002x",
        "伟",
    ] {
        assert!(
            index.query(q, 10).iter().all(|h| h.petitioner_id != 1),
            "{q}"
        );
    }
    assert!(index.query("", 10).iter().all(|h| h.petitioner_id != 1));
}

#[test]
fn empty_query_lists_the_most_recent() {
    let index = office();
    let ids: Vec<i64> = index
        .query("   ", 10)
        .iter()
        .map(|h| h.petitioner_id)
        .collect();
    assert_eq!(ids, vec![4, 2, 3, 5, 1, 6]);
    assert_eq!(index.query("", 2).len(), 2);
    assert!(SearchIndex::new().query("", 10).is_empty());
    assert!(SearchIndex::new().is_empty());
}

#[test]
fn limit_caps_and_each_person_appears_once() {
    let index = office();
    assert_eq!(index.query("zhang", 2).len(), 2);
    assert!(index.query("zhang", 0).is_empty());
    for q in ["zh", "z", "张", "8000", "w"] {
        let hits = index.query(q, 50);
        let ids: HashSet<i64> = hits.iter().map(|h| h.petitioner_id).collect();
        assert_eq!(ids.len(), hits.len(), "{q}");
    }
}

#[test]
fn from_entries_keeps_the_last_of_duplicates() {
    let mut a = entry(1, "张伟");
    a.phone = Some("13800000001".into());
    let mut b = entry(1, "李娜");
    b.phone = Some("13800000002".into());
    let index = SearchIndex::from_entries(vec![a, b]);
    assert_eq!(index.len(), 1);
    assert!(index.query("13800000001", 10).is_empty());
    assert_eq!(first(&index, "13800000002").petitioner_id, 1);
    assert!(index.query("张伟", 10).is_empty());
    assert_eq!(first(&index, "ln").petitioner_id, 1);
}

#[test]
fn hundred_thousand_people() {
    let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
    let mut rng = DemoRng::new(20260315);
    let base = today.and_hms_opt(8, 0, 0).unwrap();
    let entries: Vec<SearchEntry> = (1..=100_000)
        .map(|id| {
            let p = person(&mut rng, today);
            let mut e = entry(id, &p.name);
            e.id_number = Some(p.id_number);
            e.phone = Some(p.phone);
            e.case_nos = vec![format!("2026-{id:06}")];
            e.last_contact = Some(base - chrono::Duration::minutes(rng.below(500_000) as i64));
            e
        })
        .collect();
    let probe = entries[4242].clone();
    let index = SearchIndex::from_entries(entries);
    assert_eq!(index.len(), 100_000);

    let hits = index.query("zw", 20);
    assert_eq!(hits.len(), 20);
    assert!(hits.iter().all(|h| h.kind <= MatchKind::Initials));
    let hits = index.query("张", 20);
    assert_eq!(hits.len(), 20);
    assert!(hits
        .iter()
        .all(|h| index.get(h.petitioner_id).unwrap().name.starts_with('张')));

    let hit = first(&index, probe.id_number.as_deref().unwrap());
    assert_eq!(
        (hit.petitioner_id, hit.kind),
        (probe.petitioner_id, MatchKind::IdNumber)
    );
    let hit = first(&index, probe.phone.as_deref().unwrap());
    assert_eq!(hit.petitioner_id, probe.petitioner_id);
    assert_eq!(first(&index, "2026-4243").petitioner_id, 4243);
    let hits = index.query(&probe.name, 5000);
    assert!(hits.iter().any(|h| h.petitioner_id == probe.petitioner_id));
}
