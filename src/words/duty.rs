//! Taking a queue move back, and the shift's refusals, in both languages.

use super::{pick, Label};
use crate::domain::duty::DutyError;
use crate::domain::{Lang, QueueStatus};

/// `10:42` from a stored instant; the instant as stored when it cannot be read.
fn hhmm(stamp: &str) -> String {
    crate::time::parse_instant(stamp)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_else(|| stamp.to_string())
}

pub fn duty_error(e: &DutyError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        DutyError::NothingToUndo { queue_no } => {
            format!("{queue_no} 号仍在等候，没有可撤销的操作")
        }
        DutyError::NotThisShift {
            queue_no,
            status,
            moved_at,
        } => format!(
            "{queue_no} 号于 {} 标记为“{}”，早于本班次开始：只能撤销本班次内的操作",
            hhmm(moved_at),
            status.label(lang)
        ),
        DutyError::NoShift { officer } => format!(
            "{officer} 当前没有进行中的班次：只能在本班次内撤销（`jiedai shift start` 或打开接待台开始班次）"
        ),
        DutyError::HandedOver { officer, to, at } => format!(
            "{officer} 已于 {} 交班给 {to}：新的班次开始前（`jiedai shift start` 或重新打开接待台），不再以 {officer} 的名义记录",
            hhmm(at)
        ),
    }
}

/// The question before an undo: what is taken back, and what it becomes.
pub fn confirm_undo(no: i64, name: &str, from: QueueStatus, to: QueueStatus, lang: Lang) -> String {
    let (from, to) = (from.label(lang), to.label(lang));
    pick(
        lang,
        format!("撤销 {no} 号 {name} 的“{from}”，恢复为“{to}”？此更正记入时间线。（y/n）"),
        format!("Undo “{from}” for No. {no} {name}, back to “{to}”? The correction goes on the timeline. (y/n)"),
    )
}

/// After an undo: `3 号：已撤销“已接待”，恢复为“接待中”`.
pub fn undone(no: i64, from: QueueStatus, to: QueueStatus, lang: Lang) -> String {
    let (from, to) = (from.label(lang), to.label(lang));
    pick(
        lang,
        format!("{no} 号：已撤销“{from}”，恢复为“{to}”"),
        format!("No. {no}: “{from}” undone, back to “{to}”"),
    )
}

/// The command line's line after `queue undo`, with the day the number belongs to.
pub fn undone_on(no: i64, day: &str, from: QueueStatus, to: QueueStatus, lang: Lang) -> String {
    format!("{day} {}", undone(no, from, to, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_and_questions_read_in_both_languages() {
        let e = DutyError::HandedOver {
            officer: "王科员".into(),
            to: "李娜".into(),
            at: "2026-11-29T16:02:00+08:00".into(),
        };
        assert!(duty_error(&e, Lang::Zh).contains("16:02 交班给 李娜"));
        assert!(duty_error(&e, Lang::En).contains("handed the shift over to 李娜"));
        let q = confirm_undo(
            3,
            "张伟",
            QueueStatus::Done,
            QueueStatus::Receiving,
            Lang::Zh,
        );
        assert!(q.contains("（y/n）") && q.contains("3 号"));
        assert!(!q.contains('(') && !q.contains(')'));
        let q = confirm_undo(
            3,
            "张伟",
            QueueStatus::Done,
            QueueStatus::Receiving,
            Lang::En,
        );
        assert!(q.ends_with("(y/n)"));
    }
}
