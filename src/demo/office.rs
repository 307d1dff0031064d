//! How a real office routes and receives matters, for the demo: which unit handles
//! a category, and how many matters come from above.

use super::gen::DemoRng;
use crate::domain::Source;

/// The unit a matter of this category is transferred or assigned to: 涉法涉诉 to
/// the court, 治安 to the police, 医保 to the 医疗保障局, and so on.
pub fn unit_for(rng: &mut DemoRng, top: &str, sub: &str) -> &'static str {
    match (top, sub) {
        ("城乡建设", "城市管理") => "区城市管理局",
        ("城乡建设", _) => "区住房和城乡建设局",
        ("劳动和社会保障", _) => "区人力资源和社会保障局",
        ("自然资源", _) => "区自然资源局",
        ("农村农业", _) => "区农业农村局",
        ("卫生健康", "医疗保障") => "区医疗保障局",
        ("卫生健康", _) => "区卫生健康委员会",
        ("政法", "涉法涉诉") => {
            rng.pick::<&str>(&["区人民法院", "区人民法院", "区人民检察院"])
        }
        ("政法", "治安管理") => "区公安分局",
        ("政法", _) => "区司法局",
        ("教育", _) => "区教育局",
        ("市场监管", _) => "区市场监督管理局",
        ("交通运输", _) => "区交通运输局",
        ("纪检监察", _) => "区纪委监委",
        ("民政", _) => "区民政局",
        ("生态环境", _) => "区生态环境分局",
        // Everything else goes to the street or township where it happened.
        _ => rng.pick::<&str>(&["城关街道办事处", "东湖街道办事处", "西山镇人民政府"]),
    }
}

/// Where a matter came from: most are received here; about one in ten is sent
/// down from the city's office (上级交办 or 上级转送).
pub fn source(rng: &mut DemoRng) -> Option<Source> {
    match rng.below(100) {
        0..=5 => Some(Source::AssignedFromAbove),
        6..=9 => Some(Source::TransferredFromAbove),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{DEFAULT_CATEGORIES, DEFAULT_UNITS};

    #[test]
    fn every_category_goes_to_a_unit_on_the_list() {
        let mut rng = DemoRng::new(1);
        for (top, subs) in DEFAULT_CATEGORIES {
            for sub in *subs {
                for _ in 0..5 {
                    let unit = unit_for(&mut rng, top, sub);
                    assert!(DEFAULT_UNITS.contains(&unit), "{top}/{sub}: {unit}");
                }
            }
        }
        assert_ne!(unit_for(&mut rng, "政法", "涉法涉诉"), "区医疗保障局");
    }
}
