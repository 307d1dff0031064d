//! The leaders' sections of the handover: the 包案 老户 who came (at the top),
//! today's and tomorrow's receptions, 督办 and 领导交办 due. A section the office
//! has nothing in is left out, so an office without these registers sees none.

use super::items::with_count;
use super::{clock_time, Escape, Item, Section, SectionKind};
use crate::domain::leaders::{BaoanCame, DueItem, LeadersHandover, ReceptionBrief};
use crate::domain::Lang;
use crate::words::leaders::{revisit, told};
use crate::words::{pick, Label};

fn baoan_item(c: &BaoanCame, lang: Lang, esc: Escape, multi_day: bool) -> String {
    let mut parts = vec![format!("{} {}", clock_time(&c.at, multi_day), esc(&c.name))];
    parts.push(match lang {
        Lang::Zh => format!("包案领导 {}", esc(&c.leader)),
        Lang::En => format!("leader {}", esc(&c.leader)),
    });
    if c.reopened {
        parts.push(revisit(lang).to_string());
    }
    parts.push(told(c.told, lang).to_string());
    parts.join(pick(lang, "，", ", "))
}

fn reception_item(r: &ReceptionBrief, lang: Lang, esc: Escape) -> String {
    match lang {
        Lang::Zh => format!(
            "{} {} {}{}，{}，“{}”",
            r.day.format("%m-%d"),
            r.time,
            esc(&r.leader),
            r.kind.label(lang),
            esc(&r.place),
            esc(&r.topic)
        ),
        Lang::En => format!(
            "{} {} {}, {}, {}, \"{}\"",
            r.day.format("%m-%d"),
            r.time,
            esc(&r.leader),
            r.kind.label(lang),
            esc(&r.place),
            esc(&r.topic)
        ),
    }
}

fn due_item(d: &DueItem, assigned: bool, lang: Lang, esc: Escape) -> String {
    let case = d.case_no.as_deref().unwrap_or("-");
    let left = crate::words::clocks::days_left(d.days_left, lang);
    match (lang, assigned) {
        (Lang::Zh, false) => format!(
            "{case} 督办单 {}：{} 到期，{left}",
            esc(&d.reference),
            d.deadline
        ),
        (Lang::En, false) => format!(
            "{case} 督办单 {}: due {}, {left}",
            esc(&d.reference),
            d.deadline
        ),
        (Lang::Zh, true) => format!(
            "{case} 交办 {}：{} 到期，{left}",
            esc(&d.reference),
            d.deadline
        ),
        (Lang::En, true) => format!(
            "{case} to {}: due {}, {left}",
            esc(&d.reference),
            d.deadline
        ),
    }
}

fn section(kind: SectionKind, title: &str, items: Vec<String>, lang: Lang) -> Option<Section> {
    (!items.is_empty()).then(|| Section {
        kind,
        title: with_count(title, items.len(), lang),
        items: items.into_iter().map(Item::Entry).collect(),
    })
}

/// The section that tops the handover: 包案 老户 who came in the window.
pub(super) fn top(
    l: &LeadersHandover,
    lang: Lang,
    esc: Escape,
    multi_day: bool,
) -> Option<Section> {
    section(
        SectionKind::Baoan,
        pick(lang, "包案老户来访来信", "包案 petitioners who came"),
        l.baoan_came
            .iter()
            .map(|c| baoan_item(c, lang, esc, multi_day))
            .collect(),
        lang,
    )
}

/// The sections after the deadlines: receptions, 督办 due, 领导交办 due.
pub(super) fn rest(l: &LeadersHandover, lang: Lang, esc: Escape) -> Vec<Section> {
    [
        section(
            SectionKind::Receptions,
            pick(
                lang,
                "今明两日领导接访",
                "Leaders' receptions today and tomorrow",
            ),
            l.receptions
                .iter()
                .map(|r| reception_item(r, lang, esc))
                .collect(),
            lang,
        ),
        section(
            SectionKind::SupervisionDue,
            pick(lang, "到期或逾期的督办", "督办 due or overdue"),
            l.supervision_due
                .iter()
                .map(|d| due_item(d, false, lang, esc))
                .collect(),
            lang,
        ),
        section(
            SectionKind::AssignmentsDue,
            pick(
                lang,
                "到期或逾期的领导交办",
                "Leaders' assignments due or overdue",
            ),
            l.assignments_due
                .iter()
                .map(|d| due_item(d, true, lang, esc))
                .collect(),
            lang,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}
