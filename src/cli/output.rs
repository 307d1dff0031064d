//! Printing for people and for scripts. Stored text is sanitized before it reaches
//! a terminal: a name must never be able to move the cursor or set the title.

use super::{exit, Failure, Outcome};
use crate::domain::{Flag, Lang};
use crate::text::sanitize_for_display;
use crate::words::Label;
use serde::Serialize;

pub fn print_json<T: Serialize>(value: &T) -> Outcome {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(exit::FAILURE, format!("cannot write JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// Stored text made safe to print.
pub fn safe(s: &str) -> String {
    sanitize_for_display(s).into_owned()
}

pub fn flags(flags: &[Flag], lang: Lang) -> String {
    flags
        .iter()
        .map(|f| f.label(lang))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn opt(s: &Option<String>) -> String {
    s.as_deref().map(safe).unwrap_or_else(|| "-".into())
}

/// The date and time of a stored stamp, without seconds and offset.
pub fn short_time(stamp: &str) -> String {
    crate::time::parse_instant(stamp)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| safe(stamp))
}

/// Stored or label text padded to a column `width` cells wide (a Han character is
/// two cells), so that Chinese columns line up.
pub fn cell(s: &str, width: usize) -> String {
    crate::text::pad_to_width(&safe(s), width)
}
