//! Realistic synthetic people and matters for demos, tests and benchmarks.
//!
//! Everything here is pure and deterministic: the same seed gives the same data on
//! every machine, so screenshots, benchmarks and bug reports can be reproduced.
//! No external `rand` crate: the generator is a few lines and its output must never
//! change under us when a dependency is upgraded.

use chrono::{Datelike, Duration, NaiveDate};

/// SplitMix64: tiny, fast, and good enough for synthetic data (not for secrets).
#[derive(Debug, Clone)]
pub struct DemoRng(u64);

impl DemoRng {
    pub fn new(seed: u64) -> Self {
        DemoRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; 0 when `n` is 0 so callers need no special case.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift (Lemire) avoids the modulo bias of `% n`.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        // 53 bits is the full precision of an f64 in [0, 1).
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        unit < p
    }

    /// Panics on an empty slice: every pool in this module is a non-empty constant.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        assert!(!items.is_empty(), "DemoRng::pick on an empty slice");
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks by weight; items of weight 0 are never picked unless all weights are 0.
    pub fn pick_weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        assert!(
            !items.is_empty(),
            "DemoRng::pick_weighted on an empty slice"
        );
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        if total == 0 {
            return &self.pick(items).0;
        }
        let mut roll = self.below(total);
        for (item, w) in items {
            let w = u64::from(*w);
            if roll < w {
                return item;
            }
            roll -= w;
        }
        &items[items.len() - 1].0
    }

    pub fn range_i64(&mut self, lo: i64, hi_inclusive: i64) -> i64 {
        if hi_inclusive <= lo {
            return lo;
        }
        // i128 so that the full i64 range does not overflow.
        let span = (i128::from(hi_inclusive) - i128::from(lo) + 1) as u128;
        if span > u128::from(u64::MAX) {
            return self.next_u64() as i64;
        }
        (i128::from(lo) + i128::from(self.below(span as u64))) as i64
    }
}

/// One synthetic petitioner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub female: bool,
}

/// The categories are the office's real list, so demo matters land in real categories.
pub use crate::domain::catalog::DEFAULT_CATEGORIES as CATEGORIES;

pub use crate::domain::catalog::DEFAULT_UNITS as UNITS;

/// The desk's officers on duty.
pub const OFFICERS: &[&str] = &[
    "李明华",
    "王秀兰",
    "陈志刚",
    "刘建平",
    "赵丽娟",
    "孙伟东",
    "周晓燕",
    "杨国庆",
];

use super::pools::*;

/// A person as they would be registered at the desk: valid ID, real-looking phone.
pub fn person(rng: &mut DemoRng, today: NaiveDate) -> DemoPerson {
    let female = rng.chance(0.45);
    let birth = birth_date(rng, today);
    let name = name(rng, female, birth.year());
    let (region, city, district) = *rng.pick(REGIONS);
    let id_number = id_number(rng, region, birth, female);
    let phone = phone(rng);
    let address = if rng.chance(LOCAL_REGION_SHARE) {
        local_address(rng)
    } else {
        urban_address(rng, city, district)
    };
    DemoPerson {
        name,
        id_number,
        phone,
        address,
        female,
    }
}

/// A one-sentence matter description; unknown sub-categories get a generic sentence.
pub fn matter(rng: &mut DemoRng, category: &str, sub: &str) -> String {
    match MATTERS.iter().find(|(s, _)| *s == sub) {
        Some((_, templates)) => {
            let template = *rng.pick(templates);
            fill(rng, template)
        }
        None if sub.is_empty() || sub == "其他" => {
            format!("反映{category}方面问题，要求有关部门依法处理")
        }
        None => format!("反映{sub}问题，要求有关部门依法处理"),
    }
}

/// Where the problem is (问题属地): a street in town or a township.
pub fn place(rng: &mut DemoRng) -> String {
    if rng.chance(0.65) {
        rng.pick(STREETS).to_string()
    } else {
        rng.pick(TOWNS).to_string()
    }
}

fn fill(rng: &mut DemoRng, template: &str) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        out.push_str(&fill_slot(rng, &after[..close]));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn fill_slot(rng: &mut DemoRng, slot: &str) -> String {
    match slot {
        "小区" => rng.pick(COMMUNITIES).to_string(),
        "企业" => rng.pick(COMPANIES).to_string(),
        "项目" => rng.pick(PROJECTS).to_string(),
        "路" => rng.pick(ROADS).to_string(),
        "村" => format!("{}{}村", rng.pick(TOWNS), rng.pick(VILLAGES)),
        "镇" => rng.pick(TOWNS).to_string(),
        "学校" => rng.pick(SCHOOLS).to_string(),
        "医院" => rng.pick(HOSPITALS).to_string(),
        "商家" => rng.pick(SHOPS).to_string(),
        "纠纷" => rng.pick(DISPUTES).to_string(),
        "年" => rng.range_i64(2008, 2022).to_string(),
        "年数" => rng.range_i64(2, 8).to_string(),
        "月" => rng.range_i64(3, 18).to_string(),
        "人数" => rng.range_i64(6, 60).to_string(),
        "金额" => money(rng),
        other => other.to_string(),
    }
}

/// Sums as a clerk writes them: small ones in yuan, large ones in 万元.
fn money(rng: &mut DemoRng) -> String {
    if rng.chance(0.5) {
        format!("{}元", rng.range_i64(30, 990) * 100)
    } else {
        let tenths = rng.range_i64(12, 860);
        if tenths % 10 == 0 {
            format!("{}万元", tenths / 10)
        } else {
            format!("{}.{}万元", tenths / 10, tenths % 10)
        }
    }
}

/// Petitioners skew middle-aged and older: the average of two uniform draws gives a
/// hump in the middle of the range instead of a flat spread.
fn birth_date(rng: &mut DemoRng, today: NaiveDate) -> NaiveDate {
    let earliest = NaiveDate::from_ymd_opt(1940, 1, 1).expect("valid date");
    let latest_allowed = NaiveDate::from_ymd_opt(2005, 12, 31).expect("valid date");
    // Adults only: an ID issued to a child would be odd at a petition desk.
    let adult = today
        .with_year(today.year() - 18)
        .unwrap_or(today - Duration::days(18 * 365));
    let latest = if adult < latest_allowed && adult > earliest {
        adult
    } else {
        latest_allowed
    };
    let span = (latest - earliest).num_days();
    let a = rng.range_i64(0, span);
    let b = rng.range_i64(0, span);
    earliest + Duration::days((a + b) / 2)
}

fn name(rng: &mut DemoRng, female: bool, birth_year: i32) -> String {
    let surname = *rng.pick_weighted(SURNAMES);
    let mut name = String::from(surname);
    if birth_year < 1965 && rng.chance(0.35) {
        let pool = if female {
            OLD_FEMALE_NAMES
        } else {
            OLD_MALE_NAMES
        };
        let given = rng.pick::<&str>(pool);
        name.push_str(given);
        return name;
    }
    let pool = if female { FEMALE_CHARS } else { MALE_CHARS };
    let first = *rng.pick_weighted(pool);
    name.push_str(first);
    // Single-character given names are common, and they are what makes 张伟 repeat.
    if rng.chance(0.6) {
        let mut second = *rng.pick_weighted(pool);
        if second == first && rng.chance(0.8) {
            second = *rng.pick_weighted(pool);
        }
        name.push_str(second);
    }
    name
}

fn id_number(rng: &mut DemoRng, region: &str, birth: NaiveDate, female: bool) -> String {
    let order = rng.below(50) * 2 + if female { 0 } else { 1 };
    let seq = rng.below(10) * 100 + order;
    let mut id = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
    id.push(crate::domain::idnumber::check_character(&id));
    id
}

fn phone(rng: &mut DemoRng) -> String {
    format!("{}{:08}", rng.pick(PHONE_PREFIXES), rng.below(100_000_000))
}

fn local_address(rng: &mut DemoRng) -> String {
    if rng.chance(0.7) {
        urban_address(rng, LOCAL_CITY, LOCAL_DISTRICT)
    } else {
        format!(
            "{LOCAL_CITY}{LOCAL_DISTRICT}{}{}村{}组",
            rng.pick(TOWNS),
            rng.pick(VILLAGES),
            rng.range_i64(1, 12)
        )
    }
}

fn urban_address(rng: &mut DemoRng, city: &str, district: &str) -> String {
    let street = if city == LOCAL_CITY {
        rng.pick(STREETS).to_string()
    } else {
        String::new()
    };
    format!(
        "{city}{district}{street}{}{}号{}栋{}单元{}{:02}室",
        rng.pick(ROADS),
        rng.range_i64(1, 299),
        rng.range_i64(1, 24),
        rng.range_i64(1, 4),
        rng.range_i64(1, 18),
        rng.range_i64(1, 4)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
    }

    /// Checked by the domain's own parser: demo people must pass the desk's rules.
    fn valid_id(id: &str) -> bool {
        crate::domain::idnumber::parse_id_number(id)
            .is_ok_and(|n| n.checksum_ok && n.normalized == id)
    }

    #[test]
    fn same_seed_same_people() {
        let mut a = DemoRng::new(42);
        let mut b = DemoRng::new(42);
        for _ in 0..200 {
            assert_eq!(person(&mut a, today()), person(&mut b, today()));
        }
        let mut c = DemoRng::new(43);
        assert_ne!(
            person(&mut DemoRng::new(42), today()),
            person(&mut c, today())
        );
    }

    #[test]
    fn every_id_is_valid_and_agrees_with_sex_and_age() {
        let mut rng = DemoRng::new(7);
        for _ in 0..5000 {
            let p = person(&mut rng, today());
            assert!(valid_id(&p.id_number), "{}", p.id_number);
            let sex_digit = p.id_number.as_bytes()[16] - b'0';
            assert_eq!(sex_digit.is_multiple_of(2), p.female, "{}", p.id_number);
            let year: i32 = p.id_number[6..10].parse().unwrap();
            assert!((1940..=2005).contains(&year), "{year}");
            assert!(NaiveDate::parse_from_str(&p.id_number[6..14], "%Y%m%d").is_ok());
            assert_eq!(p.phone.len(), 11);
            assert!(p.phone.bytes().all(|c| c.is_ascii_digit()));
            assert!(
                p.address.ends_with('室') || p.address.ends_with('组'),
                "{}",
                p.address
            );
            let n = p.name.chars().count();
            assert!((2..=4).contains(&n), "{}", p.name);
        }
    }

    #[test]
    fn surnames_follow_frequency() {
        let mut rng = DemoRng::new(2026);
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut names: HashMap<String, usize> = HashMap::new();
        let total = 20_000;
        let compound = ["欧阳", "司马", "诸葛"];
        let mut compound_count = 0;
        for _ in 0..total {
            let p = person(&mut rng, today());
            if compound.iter().any(|c| p.name.starts_with(c)) {
                compound_count += 1;
            }
            let first: String = p.name.chars().take(1).collect();
            *counts.entry(first).or_default() += 1;
            *names.entry(p.name).or_default() += 1;
        }
        for big in ["王", "李", "张"] {
            let share = counts[big] as f64 / total as f64;
            assert!((0.04..0.12).contains(&share), "{big}: {share}");
        }
        assert!(counts["王"] > counts["郭"] && counts["郭"] > counts["覃"]);
        assert!(counts.len() >= 60, "{} surnames", counts.len());
        assert!(compound_count > 0 && compound_count < total / 100);
        // Very common names repeat, as they do at a real desk.
        assert!(names.get("张伟").copied().unwrap_or(0) >= 3);
        assert!(names.get("王芳").copied().unwrap_or(0) >= 3);
    }

    #[test]
    fn rng_helpers_stay_in_range() {
        let mut rng = DemoRng::new(1);
        for _ in 0..1000 {
            assert!(rng.below(7) < 7);
            let v = rng.range_i64(-3, 3);
            assert!((-3..=3).contains(&v));
        }
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.range_i64(5, 5), 5);
        let _ = rng.range_i64(i64::MIN, i64::MAX);
        assert!(!rng.chance(0.0));
        assert!(rng.chance(1.0));
        let items = [("never", 0), ("always", 5)];
        for _ in 0..100 {
            assert_eq!(*rng.pick_weighted(&items), "always");
        }
    }

    #[test]
    fn matters_and_places_read_naturally() {
        let mut rng = DemoRng::new(9);
        for (cat, subs) in CATEGORIES {
            for sub in *subs {
                let m = matter(&mut rng, cat, sub);
                assert!(!m.contains('{') && !m.contains('}'), "{m}");
                assert!(m.contains("要求") || m.contains("建议"), "{m}");
                assert!(
                    MATTERS.iter().any(|(s, _)| s == sub),
                    "no templates for {sub}"
                );
            }
        }
        assert!(matter(&mut rng, "环境保护", "光污染").contains("光污染"));
        let p = place(&mut rng);
        assert!(p.ends_with("街道") || p.ends_with('镇') || p.ends_with('乡'));
        assert_eq!(UNITS.len(), 20);
        assert_eq!(OFFICERS.len(), 8);
    }
}
