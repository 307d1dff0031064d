//! The registers' part of the handover: open plans on top; rounds due, items
//! overdue and skip-level notices before the notes — each only when it has entries.

use super::{Item, Section, SectionKind};
use crate::domain::risk::RiskBrief;
use crate::domain::Lang;
use crate::words::pick;
use crate::words::risk::{counted, due_line, item_line, level_line, notify_lines, plan_line};

/// Open plans: the first thing a handover says when there is one.
pub fn handover_top(b: &RiskBrief, lang: Lang, esc: fn(&str) -> String) -> Vec<Section> {
    if b.open_plans.is_empty() {
        return Vec::new();
    }
    let mut items = Vec::new();
    for p in &b.open_plans {
        items.push(Item::Heading(plan_line(p, lang, esc)));
        items.extend(notify_lines(p, lang, esc).into_iter().map(Item::Entry));
    }
    vec![Section {
        kind: SectionKind::Plans,
        title: counted(
            pick(
                lang,
                "进行中的突发事件预案",
                "Open plans (sudden group visits)",
            ),
            b.open_plans.len(),
            lang,
        ),
        items,
    }]
}

/// Rounds due, items past their deadline, and skip-level notices, when any.
pub fn handover_tail(b: &RiskBrief, lang: Lang, esc: fn(&str) -> String) -> Vec<Section> {
    let mut out = Vec::new();
    if !b.rounds_due.is_empty() || !b.items_overdue.is_empty() {
        let mut items: Vec<Item> = b
            .rounds_due
            .iter()
            .map(|r| Item::Entry(due_line(r, lang, esc)))
            .collect();
        items.extend(
            b.items_overdue
                .iter()
                .map(|i| Item::Entry(item_line(i, lang, esc))),
        );
        out.push(Section {
            kind: SectionKind::Screening,
            title: counted(
                pick(
                    lang,
                    "待报排查与逾期未化解事项",
                    "Screening rounds due and items overdue",
                ),
                items.len(),
                lang,
            ),
            items,
        });
    }
    if !b.notices.is_empty() {
        out.push(Section {
            kind: SectionKind::LevelNotices,
            title: counted(
                pick(
                    lang,
                    "越级访与上级通报（近 7 日）",
                    "Skip-level visits and notices (7 days)",
                ),
                b.notices.len(),
                lang,
            ),
            items: b
                .notices
                .iter()
                .map(|c| Item::Entry(level_line(c, lang, esc)))
                .collect(),
        });
    }
    out
}
