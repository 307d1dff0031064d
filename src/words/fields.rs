//! A check-in field or an import cell that breaks a rule, in words: the English
//! (`Display`, for the command line and logs) beside the Chinese, so that the rules
//! hold values, not sentences.

use super::pick;
use crate::domain::idnumber::IdError;
use crate::domain::intake::{FieldError, FieldProblem};
use crate::domain::mask::PhoneError;
use crate::domain::transfer::{Column, HeaderError};
use crate::domain::Lang;
use std::fmt;

/// The name of a check-in field or an import column, by its code.
pub fn field_name(code: &str, lang: Lang) -> &str {
    let zh = match code {
        "name" => "姓名",
        "id_number" => "身份证号",
        "phone" => "电话",
        "address" => "地址",
        "headcount" => "人数",
        "representatives" => "代表",
        "matter" => "诉求",
        "category" => "类别",
        "location" => "问题属地",
        "channel" => "渠道",
        "arrived_at" => "来访时间",
        "case_no" => "事项编号",
        "officer" => "登记人",
        "column" => "列",
        "row" => "行",
        _ => return code,
    };
    pick(lang, zh, code)
}

/// "地址：…" / "address: …" (ID number and phone problems name their field
/// already in Chinese).
pub fn field_error(e: &FieldError, lang: Lang) -> String {
    match (&e.problem, lang) {
        (_, Lang::En) => e.to_string(),
        (FieldProblem::IdNumber(id), Lang::Zh) => id_error(id, lang),
        (FieldProblem::Phone(phone), Lang::Zh) => phone_error(phone, lang),
        (p, Lang::Zh) => format!("{}：{}", field_name(e.field, lang), field_problem(p, lang)),
    }
}

pub fn field_problem(p: &FieldProblem, lang: Lang) -> String {
    if lang == Lang::En {
        return p.to_string();
    }
    match p {
        FieldProblem::NameRequired => "姓名必填（匿名来电请写“匿名”）".into(),
        FieldProblem::TooLong { chars, max } => format!("{chars} 个字，最多 {max} 个"),
        FieldProblem::IdNumber(e) => id_error(e, lang),
        FieldProblem::Phone(e) => phone_error(e, lang),
        FieldProblem::Headcount { max } => format!("人数须在 1 到 {max} 之间"),
        FieldProblem::TooManyRepresentatives { max } => format!("代表最多 {max} 人"),
        FieldProblem::RepresentativesOverHeadcount { named, came } => {
            format!("填写了 {named} 名代表，但来访只有 {came} 人")
        }
        FieldProblem::UnnamedColumn { column, value } => {
            format!("第 {column} 列在标题行中没有列名，却有内容 {value}")
        }
        FieldProblem::NotANumber(v) => format!("{v} 不是整数人数"),
        FieldProblem::NotAChannel(v) => {
            format!(
                "{v} 不是信访形式：请用 来访、来信、来电、网上（或 visit、letter、call、online）"
            )
        }
        FieldProblem::InFuture { value, now } => format!("{value} 晚于现在（{now}）"),
        FieldProblem::NotATime(v) => {
            format!("{v} 不是时间：请写 YYYY-MM-DD、YYYY-MM-DD HH:MM 或 RFC 3339（2026-11-28T09:30:00+08:00）")
        }
        FieldProblem::TooEarly { value, earliest } => {
            format!("{value} 早于 {earliest}：信访登记不会早到那时，请检查年份")
        }
        FieldProblem::NotACaseNumber(v) => format!("{v} 不是事项编号（如 2026-000123）"),
        FieldProblem::NoSuchCase(no) => format!("没有编号为 {no} 的事项"),
        FieldProblem::LongerThan { max } => format!("超过 {max} 个字"),
        FieldProblem::RowWidth { fields, header } => {
            format!("有 {fields} 个字段，但标题行有 {header} 个（含逗号的字段须加\"引号\"）")
        }
        FieldProblem::ClosedBeforeArrival { closed, arrived } => {
            format!("办结日期 {closed} 早于来访本身（{arrived}）")
        }
        FieldProblem::UnitRequired => "转送/交办的事项须写明承办单位".to_string(),
    }
}

pub fn id_error(e: &IdError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        IdError::Empty => "身份证号为空".into(),
        IdError::BadLength(n) => format!("身份证号有 {n} 位：应为 18 位（或旧式 15 位）"),
        IdError::BadCharacter { position, ch } => format!(
            "身份证号第 {position} 位是“{}”：只能是数字，X 只能在第 18 位",
            ch.escape_debug()
        ),
        IdError::BadBirthDate => {
            "身份证号中的出生日期不是 1900-01-01 至 2099-12-31 之间的真实日期".into()
        }
    }
}

pub fn phone_error(e: &PhoneError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        PhoneError::Empty => "电话为空".into(),
        PhoneError::BadCharacter(c) => format!(
            "电话中有“{}”：只能用数字、空格、“-”、括号和 +86",
            c.escape_debug()
        ),
        PhoneError::BadLength(n) => format!("电话有 {n} 位数字：应为 5 到 15 位（手机 11 位）"),
    }
}

/// What is wrong with an import file's header row.
pub fn header_error(e: &HeaderError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        HeaderError::Twice(c) => format!("列 {} 在标题行中出现了两次", c.code()),
        HeaderError::Unknown(names) => format!(
            "标题行中有未知的列 {}；可用的列为：{}（name 必填）",
            names.join("、"),
            known_columns()
        ),
        HeaderError::NoName => format!(
            "标题行中没有 name 列；第一行须写明各列：{}（name 必填）",
            known_columns()
        ),
    }
}

fn known_columns() -> String {
    Column::ALL
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::Twice(c) => {
                write!(f, "column {} appears twice in the header row", c.code())
            }
            HeaderError::Unknown(names) => write!(
                f,
                "unknown column{} {} in the header row; the columns are: {} (name is required)",
                if names.len() == 1 { "" } else { "s" },
                names.join(", "),
                known_columns()
            ),
            HeaderError::NoName => write!(
                f,
                "the header row has no name column; the first row must name the columns: {} (name is required)",
                known_columns()
            ),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldProblem::NameRequired => {
                write!(f, "a name is required (write 匿名 for an anonymous caller)")
            }
            FieldProblem::TooLong { chars, max } => {
                write!(f, "{chars} characters; at most {max} are allowed")
            }
            FieldProblem::IdNumber(e) => write!(f, "{e}"),
            FieldProblem::Phone(e) => write!(f, "{e}"),
            FieldProblem::Headcount { max } => write!(f, "must be between 1 and {max}"),
            FieldProblem::TooManyRepresentatives { max } => write!(f, "at most {max} names"),
            FieldProblem::RepresentativesOverHeadcount { named, came } => write!(
                f,
                "{named} representatives named but only {came} people came"
            ),
            FieldProblem::UnnamedColumn { column, value } => write!(
                f,
                "column {column} has no name in the header row but holds {value}"
            ),
            FieldProblem::NotANumber(v) => write!(f, "{v} is not a whole number of people"),
            FieldProblem::NotAChannel(v) => write!(
                f,
                "{v} is not a channel; use visit, letter, call or online (来访, 来信, 来电, 网上)"
            ),
            FieldProblem::InFuture { value, now } => {
                write!(f, "{value} is in the future (now is {now})")
            }
            FieldProblem::NotATime(v) => write!(
                f,
                "{v} is not a time; write YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339 (2026-11-28T09:30:00+08:00)"
            ),
            FieldProblem::TooEarly { value, earliest } => write!(
                f,
                "{value} is before {earliest}: no petition office register reaches \
                 that far back; check the year"
            ),
            FieldProblem::NotACaseNumber(v) => {
                write!(f, "{v} is not a case number (like 2026-000123)")
            }
            FieldProblem::NoSuchCase(no) => write!(f, "no case {no} on record"),
            FieldProblem::LongerThan { max } => write!(f, "longer than {max} characters"),
            FieldProblem::RowWidth { fields, header } => write!(
                f,
                "{fields} fields, but the header row has {header} (a field holding a comma needs \"quotes\")"
            ),
            FieldProblem::ClosedBeforeArrival { closed, arrived } => {
                write!(f, "{closed} is before the contact itself ({arrived})")
            }
            FieldProblem::UnitRequired => {
                f.write_str("a transferred case needs the unit it went to (承办单位)")
            }
        }
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => f.write_str("ID number is empty"),
            IdError::BadLength(n) => write!(
                f,
                "ID number has {n} character{}; it needs 18 (or an old 15-digit number)",
                if *n == 1 { "" } else { "s" }
            ),
            IdError::BadCharacter { position, ch } => write!(
                f,
                "ID number has '{}' at position {position}; only digits are allowed, and X only as the 18th character",
                ch.escape_debug()
            ),
            IdError::BadBirthDate => f.write_str(
                "ID number's birth date is not a real date between 1900-01-01 and 2099-12-31",
            ),
        }
    }
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneError::Empty => f.write_str("phone number is empty"),
            PhoneError::BadCharacter(c) => write!(
                f,
                "phone number contains '{}'; use digits, spaces, '-', '(', ')' and an optional +86",
                c.escape_debug()
            ),
            PhoneError::BadLength(n) => write!(
                f,
                "phone number has {n} digit{}; it needs 5 to 15 (a mobile has 11)",
                if *n == 1 { "" } else { "s" }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_names_its_field() {
        let e = FieldError {
            field: "phone",
            problem: FieldProblem::Phone(PhoneError::BadLength(3)),
        };
        assert!(field_error(&e, Lang::Zh).starts_with("电话"));
        assert!(field_error(&e, Lang::En).starts_with("phone: "));
    }

    #[test]
    fn import_cells_are_worded_in_both_languages() {
        let problems = [
            FieldProblem::NotANumber("\"x\"".into()),
            FieldProblem::NotAChannel("\"fax\"".into()),
            FieldProblem::NotATime("\"x\"".into()),
            FieldProblem::NoSuchCase("2026-000009".into()),
            FieldProblem::RowWidth {
                fields: 3,
                header: 2,
            },
        ];
        for p in &problems {
            assert!(crate::text::has_han(&field_problem(p, Lang::Zh)));
            assert!(!field_problem(p, Lang::En).is_empty());
        }
        let e = HeaderError::Unknown(vec!["\"fax\"".into()]);
        assert!(header_error(&e, Lang::Zh).contains("未知的列 \"fax\""));
        assert!(header_error(&e, Lang::En).starts_with("unknown column \"fax\""));
    }
}
