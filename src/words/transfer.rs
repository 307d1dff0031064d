//! What `jiedai import` and `jiedai export` say.

use super::pick;
use crate::domain::Lang;

/// An import stopped by a row the store refused; `line` is 0 when no row is to blame.
pub fn nothing_imported(lang: Lang, file: &str, line: u64, problem: &str) -> String {
    match (lang, line) {
        (Lang::Zh, 0) => format!("{problem}；未导入任何记录"),
        (Lang::Zh, _) => format!("{file}:{line}: {problem}；未导入任何记录"),
        (Lang::En, 0) => format!("{problem}; nothing was imported"),
        (Lang::En, _) => format!("{file}:{line}: {problem}; nothing was imported"),
    }
}

pub fn export_not_recorded(lang: Lang, file: &str, problem: &str) -> String {
    pick(
        lang,
        format!("{problem}；导出未能记录，因此没有写出 {file}"),
        format!("{problem}; the export could not be recorded, so {file} was not written"),
    )
}
