use super::*;
use chrono::NaiveDate;
use std::collections::HashSet;

/// Minus the minutes of a contact on day `day` of March 2026, as the store keeps it.
pub(super) fn at(day: u32) -> i64 {
    let t = NaiveDate::from_ymd_opt(2026, 3, day)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .unwrap();
    -(t.and_utc().timestamp() / 60)
}

fn named(name: &str) -> PersonKeys {
    PersonKeys {
        name: name.into(),
        ..Default::default()
    }
}

/// A small office: two people named 张伟, a homophone, a longer name, and others.
fn office() -> MemoryKeys {
    let mut keys = MemoryKeys::new();
    let mut zw1 = named("张伟");
    zw1.id_number = Some("11010519491231002x".into());
    zw1.phone = Some("138 0013 8000".into());
    zw1.case_nos = vec!["2026-000123".into()];
    zw1.letter_nos = vec!["L2026-00042".into()];
    keys.upsert(1, zw1, at(1));
    let mut zw2 = named("张伟");
    zw2.id_number = Some("440305198001018000".into());
    zw2.phone = Some("13912345678".into());
    keys.upsert(2, zw2, at(10));
    keys.upsert(3, named("章维"), at(5));
    let mut longer = named("张伟明");
    longer.phone = Some("15000008000".into());
    keys.upsert(4, longer, at(12));
    let mut wang = named("王芳");
    wang.case_nos = vec!["2025-000007".into(), "2026-000123".into()];
    keys.upsert(5, wang, at(3));
    keys.upsert(6, named("李娜"), 0);
    keys
}

pub(super) fn query(keys: &MemoryKeys, q: &str, limit: usize) -> Vec<Hit> {
    match lookup(keys, q, limit) {
        Ok(page) => page.hits,
        Err(never) => match never {},
    }
}

pub(super) fn kinds(hits: &[Hit]) -> Vec<(i64, MatchKind)> {
    hits.iter().map(|h| (h.petitioner_id, h.kind)).collect()
}

fn first(keys: &MemoryKeys, q: &str) -> (i64, MatchKind) {
    let hits = query(keys, q, 10);
    let h = hits.first().unwrap_or_else(|| panic!("no hit for {q:?}"));
    (h.petitioner_id, h.kind)
}

fn ids(keys: &MemoryKeys, q: &str) -> Vec<i64> {
    query(keys, q, 50).iter().map(|h| h.petitioner_id).collect()
}

#[test]
fn whole_identifiers_in_any_spelling() {
    let k = office();
    for q in [
        "11010519491231002X",
        "11010519491231002x",
        " １１０１０５１９４９１２３１００２ｘ ",
    ] {
        assert_eq!(first(&k, q), (1, MatchKind::IdNumber), "{q}");
    }
    for q in [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 13800138000",
        "１３８００１３８０００",
    ] {
        assert_eq!(first(&k, q), (1, MatchKind::Phone), "{q}");
    }
    for q in ["2026-000123", "2026-123", "２０２６－１２３"] {
        let hits = query(&k, q, 10);
        assert_eq!(
            kinds(&hits),
            vec![(5, MatchKind::CaseNo), (1, MatchKind::CaseNo)],
            "{q}"
        );
        assert!(hits.iter().all(|h| h.matched == "2026-000123"));
    }
    assert!(query(&k, "2026-124", 10).is_empty());
    for q in ["L2026-00042", "l2026-42"] {
        let hits = query(&k, q, 10);
        assert_eq!(
            (hits[0].petitioner_id, hits[0].kind),
            (1, MatchKind::LetterNo)
        );
        assert_eq!(hits[0].matched, "L2026-00042");
    }
}

#[test]
fn id_tail_and_phone_tail() {
    let k = office();
    assert_eq!(first(&k, "002x"), (1, MatchKind::IdTail));
    assert_eq!(first(&k, "1231002X"), (1, MatchKind::IdTail));
    assert_eq!(first(&k, "５６７８"), (2, MatchKind::PhoneTail));
    // Four digits can end an ID and a phone at once; ID tails rank first, each
    // person appears once, the most recent contact first within a kind.
    assert_eq!(
        kinds(&query(&k, "8000", 10)),
        vec![
            (2, MatchKind::IdTail),
            (4, MatchKind::PhoneTail),
            (1, MatchKind::PhoneTail)
        ]
    );
    assert!(
        query(&k, "000", 10).is_empty(),
        "three digits are not a tail"
    );
}

#[test]
fn exact_name_then_prefix_then_given_name() {
    let k = office();
    assert_eq!(
        kinds(&query(&k, "张伟", 10)),
        vec![
            (2, MatchKind::ExactName),
            (1, MatchKind::ExactName),
            (4, MatchKind::NamePrefix)
        ]
    );
    assert_eq!(ids(&k, "张"), vec![4, 2, 1]);
    assert_eq!(first(&k, "伟明"), (4, MatchKind::NamePrefix));
    assert_eq!(first(&k, " 张 伟 "), (2, MatchKind::ExactName));
}

#[test]
fn pinyin_and_initials() {
    let k = office();
    for q in ["zhangwei", "ZhangWei", "zhang wei", "ｚｈａｎｇｗｅｉ"] {
        assert_eq!(ids(&k, q), vec![2, 3, 1, 4], "{q}");
        assert!(query(&k, q, 10).iter().all(|h| h.kind == MatchKind::Pinyin));
    }
    assert_eq!(ids(&k, "zhangw").len(), 4);
    assert_eq!(
        kinds(&query(&k, "zw", 10)),
        vec![
            (2, MatchKind::Initials),
            (3, MatchKind::Initials),
            (1, MatchKind::Initials),
            (4, MatchKind::Initials)
        ]
    );
    assert_eq!(first(&k, "wf"), (5, MatchKind::Initials));
    // The given name alone, by pinyin and by initials.
    assert_eq!(ids(&k, "weiming"), vec![4]);
    let wei: HashSet<i64> = ids(&k, "wei").into_iter().collect();
    assert!(wei.is_superset(&HashSet::from([1, 2, 3, 4])), "{wei:?}");
    assert_eq!(first(&k, "wm"), (4, MatchKind::Initials));
    // Chinese and Latin mixed, as an input method switched half-way sends it.
    assert_eq!(ids(&k, "张wei"), vec![2, 3, 1, 4]);
    assert!(query(&k, "赵", 10).is_empty());
    assert!(query(&k, "qqq", 10).is_empty());
}

#[test]
fn polyphonic_given_names_and_surnames() {
    let mut k = MemoryKeys::new();
    k.upsert(1, named("王长江"), at(1));
    k.upsert(2, named("乐嘉"), at(2));
    k.upsert(3, named("乐天"), at(3));
    for q in [
        "wcj",
        "wzj",
        "wangchang",
        "wangzhangjiang",
        "wangchangjiang",
        "changjiang",
        "zhangjiang",
    ] {
        assert_eq!(ids(&k, q), vec![1], "{q}");
    }
    // The likelier reading first: 乐 as a surname is yue before le.
    for q in ["yuejia", "lejia", "yj", "lj"] {
        assert_eq!(ids(&k, q)[0], 2, "{q}");
    }
    let hits = query(&k, "yue", 10);
    let le = query(&k, "le", 10);
    assert!(hits[0].score > le[0].score);
}

#[test]
fn initials_get_places_beside_pinyin_prefixes() {
    let mut k = MemoryKeys::new();
    for i in 0..60 {
        let name = ["石磊", "沈阳", "邵明", "史强"][i % 4];
        k.upsert(i as i64 + 10, named(name), at(20));
    }
    k.upsert(1, named("孙红"), at(1));
    let hits = query(&k, "sh", 20);
    assert_eq!(hits.len(), 20);
    assert!(
        hits.iter().take(2).any(|h| h.petitioner_id == 1),
        "{:?}",
        kinds(&hits)
    );
    assert_eq!(
        hits.iter().find(|h| h.petitioner_id == 1).unwrap().kind,
        MatchKind::Initials
    );
}

#[test]
fn misspelled_pinyin_is_found_below_exact_matches() {
    let mut k = MemoryKeys::new();
    k.upsert(1, named("张伟"), at(1));
    k.upsert(2, named("王秀英"), at(2));
    k.upsert(3, named("张建伟"), at(3));
    k.upsert(4, named("张明"), at(4));
    assert_eq!(first(&k, "zhangwie"), (1, MatchKind::Fuzzy));
    assert_eq!(first(&k, "wangxiuyign"), (2, MatchKind::Fuzzy));
    assert_eq!(first(&k, "zhangjanwei"), (3, MatchKind::Fuzzy));
    // A forgotten middle syllable, by pinyin and by characters.
    assert!(ids(&k, "zhangwei").contains(&3));
    let hits = query(&k, "张伟", 10);
    assert_eq!(kinds(&hits)[0], (1, MatchKind::ExactName));
    assert!(kinds(&hits).contains(&(3, MatchKind::Fuzzy)));
    // Letters in order but nowhere near the names: nothing, not noise.
    for q in ["oan", "ugaa", "agif", "ana"] {
        assert!(query(&k, q, 10).is_empty(), "{q}");
    }
}

#[test]
fn ties_go_to_the_most_recent_contact_then_the_id() {
    let mut k = MemoryKeys::new();
    k.upsert(1, named("王芳"), at(1));
    k.upsert(2, named("王芳"), 0);
    k.upsert(5, named("王芳"), at(9));
    k.upsert(3, named("王芳"), at(9));
    assert_eq!(ids(&k, "王芳"), vec![3, 5, 1, 2]);
    // A person literally named "Zhang" outranks 张 by pinyin.
    let mut k = MemoryKeys::new();
    k.upsert(10, named("Zhang"), at(1));
    k.upsert(11, named("张"), at(20));
    k.upsert(12, named("张强"), at(25));
    let hits = query(&k, "zhang", 10);
    assert_eq!(
        kinds(&hits),
        vec![
            (10, MatchKind::ExactName),
            (11, MatchKind::Pinyin),
            (12, MatchKind::Pinyin)
        ]
    );
    assert!(
        hits[1].score > hits[2].score,
        "the whole reading before a prefix"
    );
}

#[test]
fn upsert_replaces_and_remove_forgets() {
    let mut k = office();
    let mut changed = named("张卫");
    changed.phone = Some("18612340000".into());
    changed.case_nos = vec!["2026-000123".into()];
    k.upsert(1, changed, at(2));
    assert_eq!(k.len(), 6);
    assert!(!ids(&k, "13800138000").contains(&1));
    assert!(!ids(&k, "8000").contains(&1));
    assert_eq!(first(&k, "18612340000"), (1, MatchKind::Phone));
    assert_eq!(first(&k, "张卫"), (1, MatchKind::ExactName));
    assert!(ids(&k, "2026-123").contains(&1));
    k.remove(1);
    k.remove(99);
    for q in ["2026-123", "张卫", "0000", "zw", ""] {
        assert!(!ids(&k, q).contains(&1), "{q}");
    }
}

#[test]
fn empty_query_lists_the_most_recent_and_limits_hold() {
    let k = office();
    assert_eq!(ids(&k, "   "), vec![4, 2, 3, 5, 1, 6]);
    assert_eq!(query(&k, "", 2).len(), 2);
    assert!(query(&MemoryKeys::new(), "", 10).is_empty());
    assert_eq!(query(&k, "zhang", 2).len(), 2);
    assert!(query(&k, "zhang", 0).is_empty());
    for q in ["zh", "z", "张", "8000", "w"] {
        let hits = query(&k, q, 50);
        let distinct: HashSet<i64> = hits.iter().map(|h| h.petitioner_id).collect();
        assert_eq!(distinct.len(), hits.len(), "{q}");
    }
}

#[test]
fn the_total_is_a_bound_past_the_page() {
    let mut k = MemoryKeys::new();
    for i in 0..30 {
        k.upsert(i, named("张伟"), at(1));
    }
    let page = lookup(&k, "张伟", 10).unwrap_or_else(|e| match e {});
    assert_eq!(page.hits.len(), 10);
    assert!(page.at_least && page.total >= 30, "{page:?}");
    let page = lookup(&k, "张伟", 50).unwrap_or_else(|e| match e {});
    assert_eq!((page.total, page.at_least), (30, false));
}
