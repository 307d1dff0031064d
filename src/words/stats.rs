//! The words of `jiedai stats`' table.

use crate::domain::Lang;

pub struct Words {
    pub title: &'static str,
    pub channel: &'static str,
    pub batches: &'static str,
    pub people: &'static str,
    pub total: &'static str,
    pub new_cases: &'static str,
    pub status_now: &'static str,
    pub category: &'static str,
    pub new: &'static str,
    pub uncategorized: &'static str,
    /// Contacts on a matter already closed (the other flags are their labels).
    pub closed_matter_contacts: &'static str,
    pub overdue: &'static str,
    pub replied: &'static str,
    pub none: &'static str,
}

static ZH: Words = Words {
    title: "信访统计",
    channel: "形式",
    batches: "批次",
    people: "人次",
    total: "合计",
    new_cases: "新登记事项",
    status_now: "现状态",
    category: "类别（一级）",
    new: "新件",
    uncategorized: "未分类",
    closed_matter_contacts: "已终结事项来访",
    overdue: "当前逾期未办结事项",
    replied: "期内答复事项",
    none: "无",
};

static EN: Words = Words {
    title: "Figures",
    channel: "Channel",
    batches: "batches",
    people: "people",
    total: "Total",
    new_cases: "New cases",
    status_now: "status now",
    category: "Category (top level)",
    new: "new cases",
    uncategorized: "uncategorized",
    closed_matter_contacts: "closed matter",
    overdue: "Open cases overdue now",
    replied: "Cases replied in the period",
    none: "none",
};

pub fn words(lang: Lang) -> &'static Words {
    super::pick(lang, &ZH, &EN)
}
