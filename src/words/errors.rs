//! Errors of the record and the rules, worded for a person. The store and the
//! rules keep their errors typed; their `Display` is the English for logs, and the
//! Chinese is here. Shared by the command line and the desk.

use super::fields::field_error;
use super::Label;
use crate::domain::lifecycle::{allowed_steps, AnnotationError, CaseStep, IllegalStep};
use crate::domain::Lang;
use crate::store::{StoreError, Trouble};
use std::fmt;

/// A store error in `lang`. Problems whose detail only the store knows in English
/// keep that detail behind a Chinese lead.
pub fn store_error(e: &StoreError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        StoreError::Missing(p) => format!(
            "{} 处没有数据库：请运行 `jiedai init` 创建，或用 --db / JIEDAI_DB 指向正确的文件",
            p.display()
        ),
        StoreError::NotJiedai(p) => format!(
            "{} 是其他程序的 SQLite 数据库，不是接待台数据库：请用 --db 另选文件",
            p.display()
        ),
        StoreError::Corrupt(p, why) => format!(
            "{} 不是可读的接待台数据库（{why}）：请从备份恢复（`jiedai backup` 可做备份），或用 --db 另选文件",
            p.display()
        ),
        StoreError::Locked(p) => format!(
            "{} 长时间被其他程序锁定：请稍后重试，或关闭占用它的程序",
            p.display()
        ),
        StoreError::ReadOnly(p) => format!(
            "{} 不能写入（文件或目录为只读）：请检查权限，或用 --db 另选文件",
            p.display()
        ),
        StoreError::TooNew {
            path,
            found,
            supported,
        } => format!(
            "{} 由更新版本的接待台写入（数据结构版本 {found}，本程序支持 {supported}）：请升级 jiedai",
            path.display()
        ),
        StoreError::NotFound(what) => format!("未找到：{what}"),
        StoreError::Invalid(what) => format!("输入未被接受，未写入任何内容：{what}"),
        StoreError::Unreachable(what) => {
            format!("连不上数据库服务器，未写入任何内容（{what}）：请检查地址、口令和证书后重试")
        }
        StoreError::Roster(r) => super::roster::roster_error(r, lang),
        StoreError::Intake(f) => field_error(f, lang),
        StoreError::Lifecycle(step) => illegal(step, lang),
        StoreError::Annotation(a) => annotation(a, lang),
        StoreError::Leaders(p) => super::leaders::problem(p, lang),
        StoreError::Duty(d) => super::duty::duty_error(d, lang),
        StoreError::Rating(r) => super::ratings::error(r, lang),
        StoreError::Io(e) => format!("文件读写出错：{e}"),
        StoreError::Unavailable { trouble, detail } => {
            let advice = match trouble {
                Trouble::Busy => "数据库正被其他程序占用：请稍后重试",
                Trouble::Unwritable => "数据库不能写入：请检查文件权限，或用 --db 另选文件",
                Trouble::Damaged => {
                    "数据库文件已损坏：请从备份恢复（`jiedai backup` 可做备份），或用 --db 另选文件"
                }
                Trouble::DiskFull | Trouble::Io => {
                    "数据库文件读写失败（是否为磁盘上的普通文件、磁盘是否已满？）：请用 --db 另选文件"
                }
            };
            format!("数据库出错（{detail}）：{advice}")
        }
        StoreError::Tampered(detail) | StoreError::Backend(detail) => {
            format!("数据库出错：{detail}")
        }
    }
}

/// A lifecycle step the case's status does not allow, with the steps it does.
pub fn illegal(e: &IllegalStep, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    let allowed: Vec<&str> = allowed_steps(e.from)
        .into_iter()
        .map(|s| s.label(lang))
        .collect();
    let allowed = if allowed.is_empty() {
        "无".to_string()
    } else {
        allowed.join("、")
    };
    format!(
        "事项为“{}”，不能{}；现在可以：{allowed}",
        e.from.label(lang),
        e.step.label(lang)
    )
}

pub fn annotation(e: &AnnotationError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        AnnotationError::CaseClosed(s) => format!(
            "事项为“{}”，已办结：备注、指定承办、督办只用于在办事项",
            s.label(lang)
        ),
        AnnotationError::ExtensionNotRunning(s) => format!(
            "事项为“{}”：只有已受理、正在办理的事项可以延期",
            s.label(lang)
        ),
        AnnotationError::AlreadyExtended => "办理期限已延长过一次，不能再次延期".into(),
        AnnotationError::ExtensionTooLong { days, max } => {
            format!("延期 {days} 天过长：最多 {max} 天")
        }
        AnnotationError::ExtensionZero => "延期至少 1 天".into(),
        AnnotationError::ReasonRequired => "延期须写明理由".into(),
        AnnotationError::Notice(_) | AnnotationError::ApproverNotInCharge(_) => {
            super::notices::refusal(e, lang)
        }
        other => super::matters::refusal(other, lang),
    }
}

// The English of the rules' errors, for the command line and logs. (`Display` is
// implemented here, beside the Chinese, so that the rules hold no sentences.)

impl fmt::Display for IllegalStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let allowed = allowed_steps(self.from);
        let allowed = if allowed.is_empty() {
            "nothing".to_string()
        } else {
            // Codes, dashed as the CLI spells them, so the message says what to type.
            allowed
                .iter()
                .map(|s| s.code().replace('_', "-"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(
            f,
            "cannot {} a case that is {}; allowed now: {allowed}",
            verb_en(self.step),
            self.from.label_en()
        )
    }
}

impl fmt::Display for AnnotationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnnotationError::CaseClosed(s) => write!(
                f,
                "the case is {}; notes, assignments, supervision and links are only for open cases",
                s.label_en()
            ),
            AnnotationError::ExtensionNotRunning(s) => write!(
                f,
                "the case is {}; the handling deadline can only be extended while the case is accepted",
                s.label_en()
            ),
            AnnotationError::AlreadyExtended => f.write_str(
                "the handling deadline was already extended; it can be extended only once",
            ),
            AnnotationError::ExtensionTooLong { days, max } => write!(
                f,
                "an extension of {days} days is too long; at most {max} day{} allowed",
                if *max == 1 { " is" } else { "s are" }
            ),
            AnnotationError::ExtensionZero => f.write_str("an extension needs at least 1 day"),
            AnnotationError::ReasonRequired => {
                f.write_str("an extension needs a reason; give one with the request")
            }
            AnnotationError::Notice(_) | AnnotationError::ApproverNotInCharge(_) => {
                f.write_str(&super::notices::refusal(self, Lang::En))
            }
            other => f.write_str(&super::matters::refusal(other, Lang::En)),
        }
    }
}

/// The step as a verb phrase taking "a case" as its object, for error messages.
fn verb_en(step: CaseStep) -> &'static str {
    match step {
        CaseStep::Reply => "reply to",
        CaseStep::RequestReview => "request review of",
        CaseStep::DecideReview => "decide the review of",
        CaseStep::RequestRecheck => "request recheck of",
        CaseStep::DecideRecheck => "decide the recheck of",
        other => other.label(Lang::En),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::idnumber::IdError;
    use crate::domain::intake::{FieldError, FieldProblem};
    use crate::domain::lifecycle::CaseStep;
    use crate::domain::CaseStatus;
    use std::path::PathBuf;

    fn has_latin_words(s: &str) -> bool {
        s.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() > 2 && !["jiedai", "init", "backup", "JIEDAI"].contains(&w))
    }

    #[test]
    fn store_errors_are_worded_in_chinese() {
        let p = PathBuf::from("/d/x.db");
        let errors = [
            StoreError::Missing(p.clone()),
            StoreError::Locked(p.clone()),
            StoreError::ReadOnly(p),
            StoreError::Lifecycle(IllegalStep {
                from: CaseStatus::Registered,
                step: CaseStep::Reply,
            }),
            StoreError::Annotation(AnnotationError::AlreadyExtended),
            StoreError::Intake(FieldError {
                field: "id_number",
                problem: FieldProblem::IdNumber(IdError::BadLength(5)),
            }),
        ];
        for e in &errors {
            let zh = store_error(e, Lang::Zh);
            assert!(crate::text::has_han(&zh), "{zh}");
            assert!(!has_latin_words(&zh), "English in: {zh}");
            let en = store_error(e, Lang::En);
            assert!(!crate::text::has_han(&en), "Chinese in: {en}");
        }
    }
}
