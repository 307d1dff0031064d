//! What one timeline event recorded, in words: the same description on the desk's
//! timeline and in `jiedai case show`. The words come from each front end's strings.

use super::Label;
use crate::domain::{EventKind, Flag, Lang, QueueStatus};
use crate::text::sanitize_for_display;
use serde_json::Value;

/// The phrases an event description needs. The numbering and counting phrases are
/// the same on the desk and on the command line, so they live here once; each front
/// end supplies its language and how it labels a stored value.
pub trait EventWords {
    fn lang(&self) -> Lang;
    /// "handler: 李娜" or "承办人 李娜": a label and a stored value.
    fn handler_is(&self, name: &str) -> String;
    fn unit_is(&self, name: &str) -> String;

    fn queue_no(&self, no: i64) -> String {
        match self.lang() {
            Lang::Zh => format!("排队号 {no}"),
            Lang::En => format!("queue no. {no}"),
        }
    }

    fn letter_no(&self, no: &str) -> String {
        match self.lang() {
            Lang::Zh => format!("收信编号 {no}"),
            Lang::En => format!("letter no. {no}"),
        }
    }

    fn people(&self, n: u64) -> String {
        match self.lang() {
            Lang::Zh => format!("{n} 人"),
            Lang::En => format!("{n} people"),
        }
    }

    fn by_days(&self, days: u64) -> String {
        match self.lang() {
            Lang::Zh => format!("{days} 天"),
            Lang::En => format!("by {days} days"),
        }
    }

    fn extended(&self, days: u64) -> String {
        match self.lang() {
            Lang::Zh => format!("延期 {days} 天"),
            Lang::En => format!("extended by {days} days"),
        }
    }
}

/// The parts of an event's description, in order; the caller joins them.
pub fn event_parts(
    kind: EventKind,
    detail: &Value,
    lang: Lang,
    words: &impl EventWords,
) -> Vec<String> {
    let text = |k: &str| {
        detail
            .get(k)
            .and_then(Value::as_str)
            .map(|s| sanitize_for_display(s).into_owned())
    };
    let mut parts: Vec<String> = Vec::new();
    match kind {
        EventKind::Contact => {
            if let Some(n) = detail.get("queue_no").and_then(Value::as_i64) {
                parts.push(words.queue_no(n));
            }
            parts.extend(text("letter_no").map(|n| words.letter_no(&n)));
            if let Some(n) = detail
                .get("headcount")
                .and_then(Value::as_u64)
                .filter(|n| *n > 1)
            {
                parts.push(words.people(n));
            }
            let flags: Vec<&str> = detail
                .get("flags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|f| f.as_str().and_then(Flag::from_code))
                .map(|f| f.label(lang))
                .collect();
            if !flags.is_empty() {
                parts.push(flags.join(" "));
            }
        }
        EventKind::Assign => {
            parts.extend(text("handler").map(|h| words.handler_is(&h)));
            parts.extend(text("unit").map(|u| words.unit_is(&u)));
        }
        EventKind::Extend => {
            if let Some(n) = detail.get("days").and_then(Value::as_u64) {
                // The event's own label already says 延期 / extended.
                parts.push(words.by_days(n));
            }
            parts.extend(text("reason"));
            parts.extend(text("approved_by").map(|a| super::notices::approved_by(&a, lang)));
        }
        EventKind::Notify => parts.extend(super::notices::notice_parts(detail, lang)),
        EventKind::Reply => {
            parts.extend(super::notices::outcome_part(detail, lang));
            parts.extend(text("text"));
        }
        // A link made from the other matter points back at it.
        EventKind::Link if detail.get("back").and_then(Value::as_bool) == Some(true) => {
            parts.extend(text("case_no").map(|n| format!("← {n}")));
            if detail.get("merged").and_then(Value::as_bool) == Some(true) {
                parts.push(EventKind::Merge.label(lang).to_string());
            }
        }
        EventKind::Link => parts.extend(text("case_no").map(|n| format!("→ {n}"))),
        EventKind::Instruct | EventKind::Supervise | EventKind::SuperviseResult => {
            parts.extend(crate::words::leaders::event_parts(detail, lang));
            parts.extend(text("text"));
        }
        EventKind::QueueUndo => {
            if let Some(n) = detail.get("queue_no").and_then(Value::as_i64) {
                parts.push(words.queue_no(n));
            }
            let status = |k: &str| {
                detail
                    .get(k)
                    .and_then(Value::as_str)
                    .and_then(QueueStatus::from_code)
            };
            if let (Some(from), Some(to)) = (status("undone"), status("restored")) {
                parts.push(format!("{} → {}", from.label(lang), to.label(lang)));
            }
        }
        EventKind::Registered
        | EventKind::SetSource
        | EventKind::Merge
        | EventKind::AssignDown
        | EventKind::ReportBack
        | EventKind::RequestReview
        | EventKind::RequestRecheck
        | EventKind::Objection => parts.extend(super::matters::event_parts(kind, detail, lang)),
        _ => {
            parts.extend(text("unit").map(|u| format!("→ {u}")));
            parts.extend(text("text"));
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Plain;

    impl EventWords for Plain {
        fn lang(&self) -> Lang {
            Lang::En
        }
        fn handler_is(&self, name: &str) -> String {
            format!("handler {name}")
        }
        fn unit_is(&self, name: &str) -> String {
            format!("unit {name}")
        }
    }

    #[test]
    fn each_kind_says_what_it_recorded() {
        let contact = json!({"queue_no": 3, "headcount": 6, "flags": ["returning", "collective"]});
        assert_eq!(
            event_parts(EventKind::Contact, &contact, Lang::Zh, &Plain),
            ["queue no. 3", "6 people", "再访 集体访"]
        );
        let extend = json!({"days": 10, "reason": "需现场核查"});
        assert_eq!(
            event_parts(EventKind::Extend, &extend, Lang::En, &Plain),
            // The event's label, "extended", goes before the parts.
            ["by 10 days", "需现场核查"]
        );
        let assign = json!({"handler": "李娜", "unit": "区教育局"});
        assert_eq!(
            event_parts(EventKind::Assign, &assign, Lang::En, &Plain),
            ["handler 李娜", "unit 区教育局"]
        );
        let transfer = json!({"unit": "区教育局", "text": "转有权机关"});
        assert_eq!(
            event_parts(EventKind::Transfer, &transfer, Lang::En, &Plain),
            ["→ 区教育局", "转有权机关"]
        );
        let link = json!({"case_no": "2026-000002"});
        assert_eq!(
            event_parts(EventKind::Link, &link, Lang::En, &Plain),
            ["→ 2026-000002"]
        );
    }

    #[test]
    fn stored_text_is_made_safe_to_draw() {
        let note = json!({"text": "已联系\u{1b}[31m"});
        let parts = event_parts(EventKind::Note, &note, Lang::En, &Plain);
        assert!(!parts[0].contains('\u{1b}'));
    }
}
