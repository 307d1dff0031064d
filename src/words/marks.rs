//! Brackets by language: Chinese text takes full-width ones with no space before
//! them (`事项（3）`), English half-width after a space (`Cases (3)`).

use crate::domain::Lang;

/// `label（inner）` or `label (inner)`; an empty label gives the bracket alone.
pub fn bracketed(lang: Lang, label: &str, inner: &str) -> String {
    match lang {
        Lang::Zh => format!("{label}（{inner}）"),
        Lang::En if label.is_empty() => format!("({inner})"),
        Lang::En => format!("{label} ({inner})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_takes_full_width_brackets() {
        assert_eq!(bracketed(Lang::Zh, "事项", "3"), "事项（3）");
        assert_eq!(bracketed(Lang::En, "Cases", "3"), "Cases (3)");
        assert_eq!(bracketed(Lang::Zh, "", "12-15"), "（12-15）");
        assert_eq!(bracketed(Lang::En, "", "12-15"), "(12-15)");
    }
}
