//! The words of `jiedai report`: its title, section titles and case columns.

use super::pick;
use crate::domain::Lang;
use crate::store::CaseBrief;
use chrono::NaiveDate;

pub fn title(lang: Lang, from: NaiveDate, to: NaiveDate, as_of: NaiveDate) -> String {
    pick(
        lang,
        format!("信访工作报告 {from} 至 {to}（截至 {as_of}）"),
        format!("Office report {from} to {to} (as of {as_of})"),
    )
}

/// A missed figure's list: for a rate, the cases short of it; for a ceiling (the
/// repeat rate), the cases that count against it.
pub fn missed_title(lang: Lang, figure: &str, ceiling: bool) -> String {
    match (lang, ceiling) {
        (Lang::Zh, false) => format!("未达标：{figure}（未计入分子的事项）"),
        (Lang::Zh, true) => format!("未达标：{figure}（计入分子的事项）"),
        (Lang::En, false) => format!("Missed: {figure} (the cases not in the numerator)"),
        (Lang::En, true) => format!("Missed: {figure} (the cases in the numerator)"),
    }
}

pub fn from_above_late(lang: Lang) -> &'static str {
    pick(
        lang,
        "上级交办：逾期未报结",
        "From above: late, not reported back",
    )
}

pub fn from_above_open(lang: Lang) -> &'static str {
    pick(
        lang,
        "上级交办：在办未报结",
        "From above: open, not reported back",
    )
}

pub fn dissatisfied(lang: Lang) -> &'static str {
    pick(
        lang,
        "不满意评价及回访",
        "Dissatisfied ratings and follow-ups",
    )
}

pub fn upper_due(lang: Lang) -> &'static str {
    pick(lang, "上级期限", "upper deadline")
}

pub fn clock(lang: Lang) -> &'static str {
    pick(lang, "期限", "clock")
}

pub fn clock_due(lang: Lang) -> &'static str {
    pick(lang, "届满日", "due")
}

pub fn nothing(lang: Lang) -> &'static str {
    pick(lang, "无。", "None.")
}

pub fn case_columns(lang: Lang) -> &'static [&'static str] {
    pick(
        lang,
        &[
            "事项编号",
            "信访人",
            "登记日期",
            "类别",
            "承办单位",
            "状态",
            "办理期限",
            "办结日期",
        ],
        &[
            "case",
            "petitioner",
            "registered",
            "category",
            "unit",
            "status",
            "due",
            "closed",
        ],
    )
}

/// A case's cells under [`case_columns`]; names only, never an identifier.
pub fn case_cells(lang: Lang, c: &CaseBrief) -> Vec<String> {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let status = crate::domain::CaseStatus::from_code(&c.status)
        .map(|s| super::Label::label(s, lang).to_string())
        .unwrap_or_else(|| c.status.clone());
    vec![
        c.case_no.clone(),
        c.name.clone(),
        c.registered_on.to_string(),
        c.category.clone().unwrap_or_default(),
        c.unit.clone().unwrap_or_default(),
        status,
        day(c.handle_due),
        day(c.closed_on),
    ]
}
