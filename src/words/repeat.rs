//! What the check-in form says about a returning person: the key that joins one
//! of their open cases, and their place in today's queue.

use super::{pick, Label};
use crate::domain::{Lang, QueueStatus};

/// After the open cases' title: `C-k 选择（无则新立事项）`.
pub fn pick_case_key(key: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("{key} 并入所选事项 / 新立事项"),
        format!("{key} join one / new case"),
    )
}

/// The enquiry key was pressed with no case joined.
pub fn enquiry_needs_case(lang: Lang) -> String {
    pick(
        lang,
        "问进展须先并入所查询的事项（C-l 关联来访人，C-k 选择事项）".to_string(),
        "An enquiry is about a case on record: link the person (C-l) and pick the case (C-k) first"
            .to_string(),
    )
}

/// 老户 among the representatives picked from the people on record.
pub fn long_standing_representatives(names: &[&str], lang: Lang) -> String {
    pick(
        lang,
        format!("代表中有老户：{}", names.join("、")),
        format!(
            "Long-standing petitioners among the representatives: {}",
            names.join(", ")
        ),
    )
}

/// Where the officer is in the representatives field: the key that picks one
/// from the people on record.
pub fn pick_representative_key(key: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("（{key} 选为代表）"),
        format!("({key} to pick as representative)"),
    )
}

/// The person already holds a place in the queue: a second number is likely a mistake.
pub fn already_queued(name: &str, no: i64, status: QueueStatus, lang: Lang) -> String {
    pick(
        lang,
        format!("{name} 已在队列中：{no} 号（{}）", status.label(lang)),
        format!(
            "{name} is already in the queue: No. {no} ({})",
            status.label(lang)
        ),
    )
}
