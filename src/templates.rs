//! The editable Chinese templates of the 登记回执 and the written notices: plain
//! text files in `templates/` beside the config, with `{placeholder}`s filled in
//! from the case (`domain::documents`). A template the office has not written is
//! the built-in one (`words::notices::default_template`). `{{` and `}}` are
//! literal braces.

use crate::domain::documents::{query_code, render};
pub use crate::domain::documents::{Template, TemplateError};
use crate::domain::notices::NoticeKind;
use crate::store::CaseDetail;
use crate::words::notices as words;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The template's text: the office's file in `dir` when there is one, else the
/// built-in; with the name to give in errors.
pub fn load(dir: Option<&Path>, t: Template) -> Result<(String, String), TemplateError> {
    if let Some(path) = dir.map(|d| d.join(t.file_name())) {
        match std::fs::read_to_string(&path) {
            Ok(text) => return Ok((text, path.display().to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(TemplateError::Unreadable {
                    file: path.display().to_string(),
                    detail: e.to_string(),
                })
            }
        }
    }
    let builtin = crate::words::notices::default_template(t);
    Ok((builtin.to_string(), format!("(built-in) {}", t.file_name())))
}

/// Loads and fills a template in one step.
pub fn fill(
    dir: Option<&Path>,
    t: Template,
    values: &[(&str, String)],
) -> Result<String, TemplateError> {
    let (text, file) = load(dir, t)?;
    render(&text, &file, &t.placeholders(), values)
}

/// Writes the built-in templates into `dir`, keeping any file already there;
/// returns each file with whether it was written now.
pub fn init(dir: &Path) -> std::io::Result<Vec<(PathBuf, bool)>> {
    std::fs::create_dir_all(dir)?;
    let mut done = Vec::new();
    for t in Template::ALL {
        let path = dir.join(t.file_name());
        let text = crate::words::notices::default_template(t);
        let written = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                std::io::Write::write_all(&mut f, text.as_bytes())?;
                true
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
            Err(e) => return Err(e),
        };
        done.push((path, written));
    }
    Ok(done)
}

/// Where a document's words come from: the office's templates folder (if any),
/// its `[desk]` settings, and the day it is written.
pub struct Paper<'a> {
    pub dir: Option<&'a Path>,
    pub desk: &'a crate::config::DeskConfig,
    pub today: NaiveDate,
}

impl Paper<'_> {
    fn day(d: NaiveDate) -> String {
        d.format("%Y年%-m月%-d日").to_string()
    }

    /// The values every document shares, from the case as recorded.
    fn common(&self, d: &CaseDetail) -> Vec<(&'static str, String)> {
        let c = &d.case;
        let registered = crate::time::parse_instant(&c.registered_at)
            .map(|t| Paper::day(t.date_naive()))
            .unwrap_or_else(|| c.registered_at.clone());
        let names: Vec<&str> = d.petitioners.iter().map(|p| p.name.as_str()).collect();
        let letter = d.contacts.iter().find_map(|k| k.letter_no.clone());
        let none = || "—".to_string();
        vec![
            (
                "office",
                self.desk
                    .office
                    .clone()
                    .unwrap_or_else(|| words::default_office().into()),
            ),
            ("phone", self.desk.phone.clone().unwrap_or_else(none)),
            ("case_no", c.case_no.clone()),
            ("name", names.join("、")),
            ("matter", c.matter.clone()),
            ("registered", registered),
            ("date", Paper::day(self.today)),
            ("first_officer", c.first_officer.clone()),
            ("query_code", query_code(&c.case_no, &c.registered_at)),
            ("letter_no", letter.unwrap_or_else(none)),
        ]
    }

    /// The 登记回执 of a case.
    pub fn receipt(&self, d: &CaseDetail) -> Result<String, TemplateError> {
        fill(self.dir, Template::Receipt, &self.common(d))
    }

    /// The written notice of the case's latest decision of `kind`.
    pub fn notice(&self, d: &CaseDetail, kind: NoticeKind) -> Result<String, TemplateError> {
        let mut values = self.common(d);
        let decision = d.events.iter().rev().find(|e| kind.tells_of(e.kind));
        let text = |key: &str| {
            decision
                .and_then(|e| e.detail.get(key))
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .unwrap_or_default()
        };
        let decided = decision
            .and_then(|e| crate::time::parse_instant(&e.at))
            .map(|t| Paper::day(t.date_naive()))
            .unwrap_or_default();
        let due = d
            .clocks
            .iter()
            .find(|c| c.kind == crate::domain::ClockKind::Handle)
            .map(|c| Paper::day(c.due))
            .unwrap_or_default();
        values.extend([
            ("decided", decided),
            ("text", text("text")),
            ("unit", d.case.unit.clone().unwrap_or_else(|| text("unit"))),
            ("days", text("days")),
            ("reason", text("reason")),
            ("due", due),
        ]);
        fill(self.dir, Template::Notice(kind), &values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_renders() {
        for t in Template::ALL {
            let (text, file) = load(None, t).unwrap();
            let out =
                crate::domain::documents::render(&text, &file, &t.placeholders(), &[]).unwrap();
            assert!(crate::text::has_han(&out), "{file}");
        }
    }

    #[test]
    fn init_keeps_what_the_office_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let mine = dir.path().join("receipt.txt");
        std::fs::write(&mine, "本办回执 {case_no}").unwrap();
        let done = init(dir.path()).unwrap();
        assert_eq!(done.len(), 5);
        assert!(done.iter().any(|(p, w)| p == &mine && !w));
        assert_eq!(done.iter().filter(|(_, w)| *w).count(), 4);
        assert_eq!(
            std::fs::read_to_string(&mine).unwrap(),
            "本办回执 {case_no}"
        );
        let filled = fill(
            Some(dir.path()),
            Template::Receipt,
            &[("case_no", "2026-000002".into())],
        )
        .unwrap();
        assert_eq!(filled, "本办回执 2026-000002");
    }
}
