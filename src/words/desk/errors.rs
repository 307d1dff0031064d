//! What went wrong, kept typed until it is drawn, so that it is worded in the
//! language on screen (also after Ctrl-L). The store and the rules speak English
//! (their messages are for the command line and the logs); the common problems
//! are worded here in both languages, and anything else gets a Chinese prefix on
//! the Chinese screen with the English detail after it.

use super::Strings;
use crate::domain::idnumber::IdError;
use crate::domain::intake::FieldProblem;
use crate::domain::lifecycle::{AnnotationError, IllegalStep};
use crate::domain::mask::PhoneError;
use crate::domain::{Lang, QueueStatus};
use crate::store::StoreError;
use crate::words::errors::{annotation, illegal};
use crate::words::fields::{field_problem, id_error, phone_error};
use crate::words::Label;

/// One problem to show in a form or on the status line.
#[derive(Debug, Clone)]
pub enum Problem {
    /// Text that reads the same in both languages (or is already worded).
    Plain(String),
    /// One of the desk's own fixed sentences, looked up in the language on screen.
    Said(fn(&Strings) -> &'static str),
    /// Another program holds the database's write lock past the busy timeout.
    Locked,
    /// The database file or its folder cannot be written.
    ReadOnly,
    /// The database file was deleted or replaced while the desk had it open.
    Gone,
    /// The disk is full.
    DiskFull,
    /// The file is damaged or not a jiedai database (English detail).
    Damaged(String),
    /// A case, person or visitor that is not (or no longer) on record.
    NotFound(String),
    Illegal(IllegalStep),
    Annotation(AnnotationError),
    Duty(crate::domain::duty::DutyError),
    IdNumber(IdError),
    /// A whole ID number whose check character is not the one its digits give.
    CheckDigit(char),
    Phone(PhoneError),
    /// A field longer than allowed: characters given, characters allowed.
    TooLong(usize, usize),
    /// A paste longer than its field: cut to this many characters.
    PasteCut(usize),
    /// Headcount outside `1..=max`.
    Headcount(u32),
    /// Extension days outside `1..=max`.
    Days(u32),
    TooManyRepresentatives(usize),
    /// Representatives named, people who came.
    RepresentativesOverHeadcount(usize, u32),
    /// Any other field problem (those of an import's cells), worded in `words`.
    Field(FieldProblem),
    /// Another desk moved the visitor first: their number, status now, status wanted.
    QueueConflict(i64, QueueStatus, QueueStatus),
    /// The roster refused (an unknown or retired officer, a change by a non-科长).
    Roster(crate::domain::roster::RosterError),
    /// The leaders' registers refused (a booking too late, a word given twice…).
    Leaders(crate::domain::leaders::LeadersProblem),
    /// A fixed sentence worded by a function of the language (a lane's own words).
    Worded(fn(Lang) -> &'static str),
    /// A sentence worded by a function of the language about something named
    /// (a file, a folder), or around a detail only the system gives.
    About(fn(Lang, &str) -> String, String),
    /// The database file could not be read or written (an I/O error).
    DiskIo,
    /// Any other store error, worded in both languages when it was met.
    Store {
        zh: String,
        en: String,
    },
    /// A date field that does not read as `YYYY-MM-DD` (what was typed).
    NotADate(String),
    /// A rating or 回访 the rules refused.
    Rating(crate::domain::ratings::RatingError),
    /// A bug caught by the worker (English detail).
    Internal(String),
    /// Anything else from the store (English detail).
    Other(String),
}

impl From<String> for Problem {
    fn from(s: String) -> Self {
        Problem::Plain(s)
    }
}

impl From<&str> for Problem {
    fn from(s: &str) -> Self {
        Problem::Plain(s.to_string())
    }
}

impl From<FieldProblem> for Problem {
    fn from(p: FieldProblem) -> Self {
        match p {
            FieldProblem::NameRequired => Problem::Said(|s| s.name_required),
            FieldProblem::TooLong { chars, max } => Problem::TooLong(chars, max),
            FieldProblem::IdNumber(e) => Problem::IdNumber(e),
            FieldProblem::Phone(e) => Problem::Phone(e),
            FieldProblem::Headcount { max } => Problem::Headcount(max),
            FieldProblem::TooManyRepresentatives { max } => Problem::TooManyRepresentatives(max),
            FieldProblem::RepresentativesOverHeadcount { named, came } => {
                Problem::RepresentativesOverHeadcount(named, came)
            }
            other => Problem::Field(other),
        }
    }
}

impl From<&StoreError> for Problem {
    fn from(e: &StoreError) -> Self {
        use crate::store::Trouble;
        match e {
            StoreError::Locked(_) => Problem::Locked,
            StoreError::ReadOnly(_) => Problem::ReadOnly,
            StoreError::Missing(_) => Problem::Gone,
            StoreError::NotJiedai(_) | StoreError::Corrupt(..) | StoreError::TooNew { .. } => {
                Problem::Damaged(e.to_string())
            }
            StoreError::NotFound(what) => Problem::NotFound(what.clone()),
            StoreError::Lifecycle(step) => Problem::Illegal(step.clone()),
            StoreError::Annotation(a) => Problem::Annotation(a.clone()),
            StoreError::Duty(d) => Problem::Duty(d.clone()),
            StoreError::Rating(r) => Problem::Rating(r.clone()),
            StoreError::Roster(r) => Problem::Roster(r.clone()),
            StoreError::Leaders(p) => Problem::Leaders(p.clone()),
            // A failure inside a write transaction comes through unclassified.
            StoreError::Unavailable { trouble, .. } => match trouble {
                Trouble::Busy => Problem::Locked,
                Trouble::Unwritable => Problem::ReadOnly,
                Trouble::DiskFull => Problem::DiskFull,
                Trouble::Damaged => Problem::Damaged(e.to_string()),
                Trouble::Io => Problem::DiskIo,
            },
            _ => Problem::Store {
                zh: crate::words::errors::store_error(e, Lang::Zh),
                en: e.to_string(),
            },
        }
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Self {
        Problem::from(&e)
    }
}

impl Problem {
    /// The problem in `lang`, without the "error:" label.
    pub fn text(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let pick = |z: String, e: String| if zh { z } else { e };
        match self {
            Problem::Plain(s) => s.clone(),
            Problem::Said(f) => f(super::strings(lang)).to_string(),
            Problem::Field(p) => field_problem(p, lang),
            Problem::Locked => pick(
                "数据库正被其他程序占用（等待超时）：请稍后重试，或关闭占用它的程序".into(),
                "the database is locked by another program; wait a moment and try again, or close the program holding it".into(),
            ),
            Problem::ReadOnly => pick(
                "数据库文件不能写入（文件或目录为只读）：请检查文件权限".into(),
                "the database file cannot be written (read-only file or folder); fix its permissions".into(),
            ),
            Problem::Gone => pick(
                "数据库文件已被删除或替换，本次操作未保存：请退出后重新打开接待台".into(),
                "the database file was deleted or replaced; nothing was saved: quit and open the desk again".into(),
            ),
            Problem::DiskFull => pick(
                "磁盘已满，未能保存：请清理磁盘空间后重试".into(),
                "the disk is full; nothing was saved: free some space and try again".into(),
            ),
            Problem::Damaged(d) => pick(format!("数据库文件损坏或不可读：{d}"), d.clone()),
            Problem::NotFound(d) => pick(
                format!("记录不存在（可能已被其他接待台更改）：{d}"),
                d.clone(),
            ),
            Problem::Illegal(step) => illegal(step, lang),
            Problem::Annotation(a) => annotation(a, lang),
            Problem::Duty(crate::domain::duty::DutyError::HandedOver { to, .. }) => {
                super::strings(lang).ho().refused_after(to)
            }
            Problem::Duty(d) => crate::words::duty::duty_error(d, lang),
            Problem::Worded(words) => words(lang).to_string(),
            Problem::About(words, what) => words(lang, what),
            Problem::DiskIo => pick(
                "数据库文件读写出错，本次操作未保存：请检查磁盘和文件权限后重试，或退出后重新打开接待台".into(),
                "the database file could not be read or written; nothing was saved: check the disk and the file's permissions, then try again".into(),
            ),
            Problem::Store { zh, en } => pick(zh.clone(), en.clone()),
            Problem::Leaders(p) => crate::words::leaders::problem(p, lang),
            Problem::NotADate(given) => crate::words::cli::not_a_date(lang, given),
            Problem::Rating(r) => crate::words::ratings::error(r, lang),
            Problem::IdNumber(e) => id_error(e, lang),
            Problem::CheckDigit(expected) => pick(
                format!("校验位应为 {expected}，请核对证件"),
                format!("should end in {expected}; check the card"),
            ),
            Problem::Phone(e) => phone_error(e, lang),
            Problem::TooLong(n, max) => field_problem(
                &FieldProblem::TooLong {
                    chars: *n,
                    max: *max,
                },
                lang,
            ),
            Problem::PasteCut(max) => pick(
                format!("粘贴的内容超过此栏上限，已截为前 {max} 个字符"),
                format!("Pasted text too long for this field: cut to its first {max} characters"),
            ),
            Problem::Headcount(max) => field_problem(&FieldProblem::Headcount { max: *max }, lang),
            Problem::Days(max) => pick(
                format!("天数须为 1 到 {max} 之间的整数"),
                format!("Days must be a whole number from 1 to {max}"),
            ),
            Problem::TooManyRepresentatives(max) => {
                field_problem(&FieldProblem::TooManyRepresentatives { max: *max }, lang)
            }
            Problem::RepresentativesOverHeadcount(named, came) => field_problem(
                &FieldProblem::RepresentativesOverHeadcount {
                    named: *named,
                    came: *came,
                },
                lang,
            ),
            Problem::QueueConflict(no, now, wanted) => pick(
                format!(
                    "{no} 号已是“{}”，不能再标记为“{}”（可能已由其他接待台处理）",
                    now.label(lang),
                    wanted.label(lang)
                ),
                format!(
                    "visitor {no} is already {}; cannot mark them {} (another desk may have done so)",
                    now.label(lang),
                    wanted.label(lang)
                ),
            ),
            Problem::Roster(r) => crate::words::roster::roster_error(r, lang),
            Problem::Internal(d) => pick(format!("内部错误：{d}"), format!("internal error: {d}")),
            Problem::Other(d) => pick(format!("操作未完成：{d}"), d.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lifecycle::CaseStep;
    use crate::domain::CaseStatus;
    use std::path::PathBuf;

    fn has_latin_words(s: &str) -> bool {
        s.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() > 2)
    }

    #[test]
    fn the_common_store_errors_are_worded_in_chinese() {
        let p = PathBuf::from("/tmp/x.db");
        let problems: Vec<Problem> = vec![
            StoreError::Locked(p.clone()).into(),
            StoreError::ReadOnly(p.clone()).into(),
            StoreError::Missing(p).into(),
            StoreError::Unavailable {
                trouble: crate::store::Trouble::Io,
                detail: "disk I/O error".into(),
            }
            .into(),
            StoreError::Lifecycle(IllegalStep {
                from: CaseStatus::Registered,
                step: CaseStep::Reply,
            })
            .into(),
            StoreError::Annotation(AnnotationError::AlreadyExtended).into(),
            StoreError::Annotation(AnnotationError::ExtensionNotRunning(CaseStatus::Registered))
                .into(),
            Problem::IdNumber(IdError::BadLength(5)),
            Problem::Phone(PhoneError::BadLength(3)),
            Problem::QueueConflict(3, QueueStatus::Receiving, QueueStatus::Receiving),
            Problem::Headcount(10_000),
            Problem::CheckDigit('X'),
            Problem::PasteCut(50),
        ];
        for p in problems {
            let zh = p.text(Lang::Zh);
            assert!(!has_latin_words(&zh), "English on the Chinese screen: {zh}");
            let en = p.text(Lang::En);
            assert!(
                !crate::text::has_han(&en),
                "Chinese on the English screen: {en}"
            );
        }
    }

    #[test]
    fn a_busy_database_inside_a_write_reads_as_locked() {
        let failed = |trouble| StoreError::Unavailable {
            trouble,
            detail: "database is locked".into(),
        };
        let e = failed(crate::store::Trouble::Busy);
        assert!(matches!(Problem::from(&e), Problem::Locked));
        let e = failed(crate::store::Trouble::Unwritable);
        assert!(matches!(Problem::from(&e), Problem::ReadOnly));
    }

    #[test]
    fn any_other_store_error_is_worded_as_the_command_line_words_it() {
        let e = StoreError::Backend("no such table: foo".into());
        let p = Problem::from(&e);
        assert!(p.text(Lang::Zh).starts_with("数据库出错"), "{p:?}");
        assert_eq!(p.text(Lang::En), e.to_string());
    }

    #[test]
    fn anything_else_keeps_its_detail_behind_a_chinese_prefix() {
        let zh = Problem::Other("something odd".into()).text(Lang::Zh);
        assert!(zh.starts_with("操作未完成"), "{zh}");
        assert!(zh.contains("something odd"));
    }
}
