//! The registers on the desk: the register view's sections, the message when a
//! plan starts, and the warning at start.

use super::{area_name, counted, due_line, item_line, level_line, notify_lines, plan_line};
use crate::domain::risk::{Plan, RiskBrief, RoundState};
use crate::domain::Lang;
use crate::store::{LevelRegister, ScreeningRegister};
use crate::words::pick;

fn plain(s: &str) -> String {
    crate::text::sanitize_for_display(s).into_owned()
}

pub fn register_title(lang: Lang) -> &'static str {
    pick(lang, "维稳台账", "Risk registers")
}

pub fn loading(lang: Lang) -> &'static str {
    pick(lang, "正在读取台账…", "Reading the registers…")
}

/// Said when a plan starts from the desk.
pub fn plan_started(lang: Lang, p: &Plan) -> String {
    let by = p.on_scene_due.get(11..16).unwrap_or(&p.on_scene_due);
    let roles: Vec<&str> = p.notify.iter().map(|n| n.role.as_str()).collect();
    match lang {
        Lang::Zh => format!(
            "预案 #{} 已启动：请通知 {}，{} 前到场",
            p.id,
            roles.join("、"),
            by
        ),
        Lang::En => format!(
            "Plan #{} started: notify {}; on the scene by {}",
            p.id,
            roles.join(", "),
            by
        ),
    }
}

/// The desk's warning at start: rounds late, items past their deadline.
pub fn desk_alert(lang: Lang, b: &RiskBrief) -> Option<String> {
    let late = b.late_rounds();
    let overdue = b.items_overdue.len();
    if late == 0 && overdue == 0 {
        return None;
    }
    Some(match lang {
        Lang::Zh => format!("排查：{late} 轮逾期未报，{overdue} 项逾期未化解（见维稳台账）"),
        Lang::En => format!(
            "Screening: {late} rounds late, {overdue} items past their deadline (see the risk registers)"
        ),
    })
}

/// One section of the register view: a title, then headings and entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub title: String,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Heading(String),
    Entry(String),
}

/// The register view's sections: plans, screening, skip-level visits.
pub fn register_sections(
    brief: &RiskBrief,
    screening: &ScreeningRegister,
    levels: &LevelRegister,
    plans: &[Plan],
    lang: Lang,
) -> Vec<Block> {
    let mut out = Vec::new();
    // Open plans first, as the handover has them, each with whom to notify.
    let mut items = Vec::new();
    for p in plans.iter().filter(|p| p.is_open()) {
        items.push(Line::Heading(plan_line(p, lang, plain)));
        items.extend(notify_lines(p, lang, plain).into_iter().map(Line::Entry));
    }
    items.extend(
        plans
            .iter()
            .filter(|p| !p.is_open())
            .map(|p| Line::Entry(plan_line(p, lang, plain))),
    );
    out.push(Block {
        title: match lang {
            Lang::Zh => format!("突发事件预案（进行中 {} 个）", brief.open_plans.len()),
            Lang::En => format!("Plans ({} open)", brief.open_plans.len()),
        },
        lines: items,
    });
    let c = &screening.counts;
    let mut items = vec![Line::Heading(match lang {
        Lang::Zh => format!(
            "{} 至 {}：应报 {} 轮，已报 {} 轮；排查出 {} 项，已化解 {} 项；未排查到的集体访 {} 批",
            screening.from,
            screening.to,
            c.rounds_due,
            c.rounds_done,
            c.items_found,
            c.items_resolved,
            c.unscreened_collective
        ),
        Lang::En => format!(
            "{} to {}: rounds due {}, reported {}; items found {}, resolved {}; unscreened collective visits {}",
            screening.from,
            screening.to,
            c.rounds_due,
            c.rounds_done,
            c.items_found,
            c.items_resolved,
            c.unscreened_collective
        ),
    })];
    items.extend(
        screening
            .expected
            .iter()
            .filter(|r| r.state != RoundState::Done)
            .map(|r| Line::Entry(due_line(r, lang, plain))),
    );
    // Items of this period, then older ones still past their deadline.
    items.extend(
        screening
            .items
            .iter()
            .chain(
                brief
                    .items_overdue
                    .iter()
                    .filter(|o| !screening.items.iter().any(|i| i.id == o.id)),
            )
            .map(|i| Line::Entry(item_line(i, lang, plain))),
    );
    items.extend(c.unscreened_by_area.iter().map(|a| {
        Line::Entry(match lang {
            Lang::Zh => format!(
                "未排查到的集体访：{} {} 批",
                area_name(&a.area, lang),
                a.visits
            ),
            Lang::En => format!(
                "unscreened collective visits: {} {}",
                area_name(&a.area, lang),
                a.visits
            ),
        })
    }));
    out.push(Block {
        title: pick(lang, "每半月排查", "Half-monthly screening").to_string(),
        lines: items,
    });
    let mut items: Vec<Line> = levels
        .by_month
        .iter()
        .rev()
        .map(|m| {
            Line::Heading(match lang {
                Lang::Zh => format!(
                    "{}：本级 {} 市 {} 省 {} 京 {}，通报 {}，越级 {}，劝返 {}",
                    m.month, m.local, m.city, m.province, m.capital, m.notices, m.skip_level, m.returned
                ),
                Lang::En => format!(
                    "{}: here {} city {} province {} Beijing {}, notices {}, skip-level {}, returned {}",
                    m.month, m.local, m.city, m.province, m.capital, m.notices, m.skip_level, m.returned
                ),
            })
        })
        .collect();
    items.extend(
        levels
            .contacts
            .iter()
            .take(30)
            .map(|c| Line::Entry(level_line(c, lang, plain))),
    );
    out.push(Block {
        title: counted(
            pick(lang, "越级访与上级通报", "Skip-level visits and notices"),
            levels.contacts.len(),
            lang,
        ),
        lines: items,
    });
    out
}
