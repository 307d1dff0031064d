//! `--mapping FILE.toml`: an office's own column names mapped to jiedai's.
//!
//! ```toml
//! [columns]
//! "信访人姓名" = "name"      # or the Chinese name, 姓名
//! "来访日期"   = "arrived_at"
//! "备注"       = ""          # leave this column aside, without a warning
//! ```

use super::{exit, refused, Failure, Outcome};
use crate::domain::transfer::{header_key, Column, Mapping};
use crate::domain::Lang;
use crate::words::import_report as say;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    columns: BTreeMap<Spanned<String>, Spanned<String>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Reads a mapping file; a problem names the file and its line.
pub(super) fn read_mapping(path: &std::path::Path, lang: Lang) -> Outcome<Mapping> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        let said = say::unreadable_mapping(lang, &file, &e.to_string());
        // Not there: "not found", as for the file to import itself.
        match e.kind() {
            std::io::ErrorKind::NotFound => Failure::new(exit::NOT_FOUND, said),
            _ => refused(said),
        }
    })?;
    parse_mapping(&file, &text, lang)
}

pub(super) fn parse_mapping(file: &str, text: &str, lang: Lang) -> Outcome<Mapping> {
    let parsed: MappingFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        refused(say::not_a_mapping(lang, file, line, e.message().trim()))
    })?;
    let mut mapping = Mapping::new();
    for (theirs, ours) in parsed.columns {
        let line = line_of(text, ours.span().start);
        let target = ours.get_ref().trim();
        let column = if target.is_empty() {
            None
        } else {
            Some(Column::from_header(target).ok_or_else(|| {
                refused(say::not_our_column(
                    lang,
                    file,
                    line,
                    &crate::text::excerpt(target, 40),
                    &Column::ALL.map(|c| c.code()).join(", "),
                ))
            })?)
        };
        mapping.insert(header_key(theirs.get_ref()), column);
    }
    Ok(mapping)
}
