//! The documents the desk writes for a petitioner (the 登记回执 and the written
//! notices) as templates: which placeholders each may use, and filling them.
//! Pure: the files are read in `crate::templates`.

use super::notices::NoticeKind;
use sha2::{Digest, Sha256};

/// One of the documents the desk writes for a petitioner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Receipt,
    Notice(NoticeKind),
}

impl Template {
    pub const ALL: [Template; 5] = [
        Template::Receipt,
        Template::Notice(NoticeKind::Accept),
        Template::Notice(NoticeKind::NotAccept),
        Template::Notice(NoticeKind::Transfer),
        Template::Notice(NoticeKind::Extension),
    ];

    /// Its file name in the templates folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Template::Receipt => "receipt.txt",
            Template::Notice(NoticeKind::Accept) => "notice-accept.txt",
            Template::Notice(NoticeKind::NotAccept) => "notice-not-accept.txt",
            Template::Notice(NoticeKind::Transfer) => "notice-transfer.txt",
            Template::Notice(NoticeKind::Extension) => "notice-extension.txt",
        }
    }

    /// The placeholders it may use.
    pub fn placeholders(self) -> Vec<&'static str> {
        const COMMON: &[&str] = &[
            "office",
            "phone",
            "case_no",
            "name",
            "matter",
            "registered",
            "date",
            "first_officer",
            "query_code",
            "letter_no",
        ];
        // A notice also says what was decided, and when.
        const DECISION: &[&str] = &["decided", "text", "unit", "days", "reason", "due"];
        match self {
            Template::Receipt => COMMON.to_vec(),
            Template::Notice(_) => [COMMON, DECISION].concat(),
        }
    }
}

/// What went wrong with a template: the file, and the placeholder or brace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// `{name}` that this template does not know.
    Unknown {
        file: String,
        placeholder: String,
    },
    /// A `{` with no `}` after it, or a lone `}` (at this character).
    Unclosed {
        file: String,
        at: usize,
    },
    Unreadable {
        file: String,
        detail: String,
    },
}

/// Fills `text`'s placeholders from `values`; `file` names it in errors.
pub fn render(
    text: &str,
    file: &str,
    allowed: &[&str],
    values: &[(&str, String)],
) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let rest = &text[i + 1..];
                let Some(end) = rest
                    .find(['}', '{', '\n'])
                    .filter(|&e| rest[e..].starts_with('}'))
                else {
                    return Err(TemplateError::Unclosed {
                        file: file.to_string(),
                        at: text[..i].chars().count() + 1,
                    });
                };
                let name = rest[..end].trim();
                if !allowed.contains(&name) {
                    return Err(TemplateError::Unknown {
                        file: file.to_string(),
                        placeholder: name.to_string(),
                    });
                }
                let value = values
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or("");
                out.push_str(value);
                for _ in 0..rest[..=end].chars().count() {
                    chars.next();
                }
            }
            '}' => {
                return Err(TemplateError::Unclosed {
                    file: file.to_string(),
                    at: text[..i].chars().count() + 1,
                })
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// The code a petitioner quotes to ask how their matter stands: derived from
/// the case number and the instant it was registered, so it is the same on every
/// copy and not guessed from the number alone.
pub fn query_code(case_no: &str, registered_at: &str) -> String {
    let digest = Sha256::digest(format!("jiedai-query|{case_no}|{registered_at}").as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02X}")).collect();
    format!("{}-{}", &hex[..4], &hex[4..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALLOWED: &[&str] = &["name", "case_no"];

    fn go(text: &str) -> Result<String, TemplateError> {
        render(
            text,
            "receipt.txt",
            ALLOWED,
            &[("name", "张伟".into()), ("case_no", "2026-000001".into())],
        )
    }
    #[test]
    fn placeholders_are_filled_and_braces_escaped() {
        assert_eq!(
            go("{name}：事项 { case_no } 已登记。{{原样}}").unwrap(),
            "张伟：事项 2026-000001 已登记。{原样}"
        );
        assert_eq!(go("无占位").unwrap(), "无占位");
    }

    #[test]
    fn a_broken_template_names_its_file_and_placeholder() {
        assert_eq!(
            go("{nmae}您好"),
            Err(TemplateError::Unknown {
                file: "receipt.txt".into(),
                placeholder: "nmae".into()
            })
        );
        assert_eq!(
            go("编号 {case_no"),
            Err(TemplateError::Unclosed {
                file: "receipt.txt".into(),
                at: 4
            })
        );
        assert!(matches!(
            go("多了}"),
            Err(TemplateError::Unclosed { at: 3, .. })
        ));
    }

    #[test]
    fn the_query_code_is_stable_and_short() {
        let a = query_code("2026-000001", "2026-03-02T09:00:00+08:00");
        assert_eq!(a, query_code("2026-000001", "2026-03-02T09:00:00+08:00"));
        assert_ne!(a, query_code("2026-000002", "2026-03-02T09:00:00+08:00"));
        assert_eq!(a.len(), 9);
        assert_eq!(a.as_bytes()[4], b'-');
    }
}
