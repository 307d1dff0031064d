//! Every word the program says outside the desk's own screens, in 中文 and English,
//! by subject: the command line, start-up, errors. The rest of the program returns
//! codes and values; they become sentences here.

pub mod bench;
pub mod checkin;
pub mod cli;
pub mod clocks;
pub mod desk;
pub mod deskform;
pub mod duty;
pub mod errors;
pub mod fields;
pub mod figures;
pub mod handover;
pub mod help;
pub mod import_report;
pub mod labels;
pub mod leaders;
pub mod marks;
pub mod matters;
#[cfg(feature = "postgres")]
pub mod moving;
pub mod notices;
pub mod outfile;
pub mod ratings;
pub mod reception;
pub mod repeat;
pub mod report;
pub mod risk;
pub mod roster;
pub mod shift;

pub mod startup;
pub mod stats;
pub mod timeline;
pub mod transfer;

pub use labels::Label;

use crate::domain::Lang;

/// A label followed by the colon of the language ("地址：", "address: ").
pub fn colon(lang: Lang, label: &str) -> String {
    pick(lang, format!("{label}："), format!("{label}: "))
}

/// The Chinese or the English of one sentence.
pub(crate) fn pick<T>(lang: Lang, zh: T, en: T) -> T {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// English labels are lower case for running text; a table cell or a title
/// starts a sentence.
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
