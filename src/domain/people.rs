//! When two records may be one person: the rule the check-in applies to the people
//! a backend finds by phone or name. Never a merge, only a candidate to confirm.

/// Addresses written by different officers differ in detail; sharing most of the
/// leading characters (city, district, street) is what matters.
pub fn similar_address(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    shorter > 0 && (common * 3 >= shorter * 2 || common >= 8)
}

#[cfg(test)]
mod tests {
    use super::similar_address;

    #[test]
    fn addresses_compare_by_their_leading_part() {
        assert!(similar_address(
            "北京市东城区东华门街道1号",
            "北京市东城区东华门街道2号"
        ));
        assert!(!similar_address("北京市东城区", "上海市浦东新区"));
    }
}
