//! When two records may be one person: the rule the check-in applies to the people
//! a backend finds by phone or name. Never a merge, only a candidate to confirm.

/// Two valid ID numbers that differ belong to two people, whatever else they
/// share (a family's phone, a common name on one street). A number recorded with
/// a wrong check character proves nothing either way.
pub fn distinct_by_id(a: Option<(&str, bool)>, b: Option<(&str, bool)>) -> bool {
    matches!((a, b), (Some((x, true)), Some((y, true))) if x != y)
}

/// The part of an address below the office's city: what tells neighbours from
/// strangers. Every address of the office begins with the same province and city,
/// so comparing from the start (the old rule: any 8 leading characters, which
/// `新疆维吾尔自治区` alone fills) called half the province neighbours.
pub fn below_city<'a>(address: &'a str, office_city: &str) -> &'a str {
    let address = address.trim();
    let office_city = office_city.trim();
    if !office_city.is_empty() {
        if let Some(rest) = address.strip_prefix(office_city) {
            return rest;
        }
    }
    // Without the office's city (or for an address elsewhere): skip the leading
    // province and city by their endings, at most two levels.
    let mut rest = address;
    for _ in 0..2 {
        let cut = ["自治区", "省", "自治州", "地区", "盟", "市", "州"]
            .iter()
            .filter_map(|end| rest.find(end).map(|i| i + end.len()))
            .filter(|&i| rest[..i].chars().count() <= 10)
            .min();
        match cut {
            Some(i) if i < rest.len() => rest = &rest[i..],
            _ => break,
        }
    }
    rest
}

/// Addresses written by different officers differ in detail; below the office's
/// city, sharing most of the leading characters (district, street, compound) is
/// what matters, and at least five of them: a district's name alone is shared by
/// too many people.
pub fn similar_address(a: &str, b: &str, office_city: &str) -> bool {
    let (a, b) = (below_city(a, office_city), below_city(b, office_city));
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    shorter > 0 && common >= 5 && common * 3 >= shorter * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_compare_below_the_office_city() {
        assert!(similar_address(
            "北京市东城区东华门街道1号",
            "北京市东城区东华门街道2号",
            "北京市"
        ));
        assert!(!similar_address("北京市东城区", "上海市浦东新区", ""));
        // Before: the first 8 characters, all of them the province, made these one.
        assert!(!similar_address(
            "新疆维吾尔自治区乌鲁木齐市天山区解放南路1号",
            "新疆维吾尔自治区乌鲁木齐市沙依巴克区友好路8号",
            "新疆维吾尔自治区乌鲁木齐市"
        ));
        assert!(!similar_address(
            "新疆维吾尔自治区乌鲁木齐市天山区解放南路1号",
            "新疆维吾尔自治区喀什地区喀什市人民路2号",
            ""
        ));
        // Without the office's city, the province and city are found by their endings.
        assert!(similar_address(
            "新疆维吾尔自治区乌鲁木齐市天山区解放南路1号",
            "新疆维吾尔自治区乌鲁木齐市天山区解放南路3号",
            ""
        ));
        assert_eq!(below_city("河北省石家庄市长安区", ""), "长安区");
        assert_eq!(below_city("新疆维吾尔自治区乌鲁木齐市天山区", ""), "天山区");
        // Same district, different streets: not enough.
        assert!(!similar_address(
            "北京市东城区东华门街道1号",
            "北京市东城区和平里街道2号",
            "北京市"
        ));
    }

    #[test]
    fn two_valid_id_numbers_are_two_people() {
        let a = Some(("11010519491231002X", true));
        let b = Some(("110101199003074477", true));
        assert!(distinct_by_id(a, b));
        assert!(!distinct_by_id(a, a));
        assert!(!distinct_by_id(a, None));
        assert!(!distinct_by_id(a, Some(("110101199003074478", false))));
    }
}
