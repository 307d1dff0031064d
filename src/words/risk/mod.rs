//! The registers in words (每半月排查, 预案, 越级访): labels, intake warnings, the
//! command line's lines, the handover's sections; the Art. 25 report is in
//! `report.rs`.

mod desk;
mod report;

pub use desk::{desk_alert, loading, plan_started, register_sections, register_title, Block, Line};

pub use report::{alerts, plan_report, report_tables, Table};

use super::labels::labels;
use super::{pick, Label};
use crate::domain::intake::WarningCode;
use crate::domain::risk::{
    DivisionLevel, DivisionProblem, ItemState, LevelContact, Plan, PlanLogKind, RiskLevel, Round,
    RoundDue, RoundState, ScopeKind, ScreeningItem, SkipReason, VisitLevel,
};
use crate::domain::Lang;
use crate::store::CheckInResult;

labels! {
    RiskLevel {
        General => "一般", "general";
        Major => "较大", "major";
        Grave => "重大", "grave";
    }
}

labels! {
    ItemState {
        Resolving => "化解中", "resolving";
        Resolved => "已化解", "resolved";
        Reported => "已上报", "reported";
    }
}

labels! {
    ScopeKind {
        Area => "区域", "area";
        Unit => "单位", "unit";
    }
}

labels! {
    VisitLevel {
        Local => "本级", "here";
        City => "市", "city";
        Province => "省", "province";
        Capital => "京", "Beijing";
    }
}

labels! {
    PlanLogKind {
        Notified => "已通知", "notified";
        Arrived => "到场", "arrived";
        Contained => "控制", "contained";
        Note => "记录", "note";
        Closed => "结束", "closed";
    }
}

labels! {
    DivisionLevel {
        County => "县", "county";
        Town => "乡镇", "town";
        Village => "村", "village";
    }
}

pub fn round_state(state: RoundState, lang: Lang) -> &'static str {
    match state {
        RoundState::Done => pick(lang, "已报", "reported"),
        RoundState::Due => pick(lang, "待报", "due"),
        RoundState::Late => pick(lang, "逾期未报", "late"),
    }
}

/// An area as recorded, or that it is unknown.
pub fn area_name(area: &str, lang: Lang) -> String {
    if area.trim().is_empty() {
        pick(lang, "属地不明", "area unknown").to_string()
    } else {
        crate::text::sanitize_for_display(area).into_owned()
    }
}

/// A title with its count: `预案（2）`, `Plans (2)`.
pub fn counted(title: &str, n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{title}（{n}）"),
        Lang::En => format!("{title} ({n})"),
    }
}

/// A check-in warning from the registers, in `lang`.
pub fn intake_warning(lang: Lang, code: WarningCode, r: &CheckInResult) -> String {
    match code {
        WarningCode::SkipLevel => match (r.skip_level, lang) {
            (Some(SkipReason::Baoan), Lang::Zh) => "包案老户赴省进京：越级访（第十九条）".into(),
            (Some(SkipReason::Baoan), Lang::En) => {
                "a 包案 long-standing petitioner went to the province or Beijing: skip-level (Art. 19)"
                    .into()
            }
            (_, Lang::Zh) => "事项已在本级受理或办理且在期限内，又向上级提出：越级访（第十九条）".into(),
            (_, Lang::En) => {
                "the matter is accepted or in hand here within its deadline and was taken higher: skip-level (Art. 19)"
                    .into()
            }
        },
        WarningCode::Litigation => pick(
            lang,
            "涉法涉诉：应导入政法渠道依法处理，不作普通信访事项办理（第二十二条）",
            "concerns litigation: route it to the 政法 channel, not as an ordinary petition (Art. 22)",
        )
        .into(),
        WarningCode::Unscreened => pick(
            lang,
            "集体访：最近两轮排查未发现该事项（未排查）",
            "collective visit: not found by the last two screening rounds (unscreened)",
        )
        .into(),
        WarningCode::PlanProposed if r.flags.contains(&crate::domain::Flag::Baoan) => match lang {
            Lang::Zh => format!("包案老户带人来访：可启动突发事件预案（登记 #{}）", r.contact_id),
            Lang::En => format!(
                "a 包案 long-standing petitioner came with others: the plan for a sudden group visit may be started (contact #{})",
                r.contact_id
            ),
        },
        WarningCode::PlanProposed => match lang {
            Lang::Zh => format!("来访人数达到预案启动条件：可启动突发事件预案（登记 #{}）", r.contact_id),
            Lang::En => format!(
                "enough people came to start the plan for a sudden group visit (contact #{})",
                r.contact_id
            ),
        },
        _ => String::new(),
    }
}

/// The screening items a collective visit may be about, one line each.
pub fn matches_lines(r: &CheckInResult, lang: Lang) -> Vec<String> {
    r.screening_matches
        .iter()
        .map(|m| match lang {
            Lang::Zh => format!(
                "排查在案：#{} {} {}（{} 轮）",
                m.item_id, m.area, m.factor, m.due_on
            ),
            Lang::En => format!(
                "screened: #{} {} {} (round of {})",
                m.item_id, m.area, m.factor, m.due_on
            ),
        })
        .collect()
}

pub fn round_line(r: &Round, lang: Lang, esc: fn(&str) -> String) -> String {
    let what = if r.zero {
        pick(lang, "零报告", "zero report").to_string()
    } else {
        match lang {
            Lang::Zh => format!("{} 项", r.items),
            Lang::En => format!("{} items", r.items),
        }
    };
    format!(
        "#{} {} {} {} {}  {}",
        r.id,
        r.due_on,
        r.scope_kind.label(lang),
        esc(&r.scope),
        what,
        esc(&r.officer)
    )
}

pub fn item_line(i: &ScreeningItem, lang: Lang, esc: fn(&str) -> String) -> String {
    let people: Vec<String> = i
        .people
        .iter()
        .map(|p| format!("{} #{}", esc(&p.name), p.petitioner_id))
        .collect();
    let overdue = if i.overdue {
        pick(lang, " 已逾期", " overdue")
    } else {
        ""
    };
    let (owner, until, ppl) = match lang {
        Lang::Zh => ("责任人", "期限", "涉及"),
        Lang::En => ("owner", "until", "people"),
    };
    let mut line = format!(
        "#{} [{}] {} {}  {owner} {}  {until} {}  {}{overdue}",
        i.id,
        i.risk.label(lang),
        esc(&i.area),
        esc(&i.factor),
        esc(&i.owner),
        i.deadline,
        i.state.label(lang),
    );
    if !people.is_empty() {
        line.push_str(&format!("  {ppl} {}", people.join(pick(lang, "、", ", "))));
    }
    line
}

pub fn due_line(r: &RoundDue, lang: Lang, esc: fn(&str) -> String) -> String {
    format!(
        "{} {} {} {}",
        r.due_on,
        r.scope_kind.label(lang),
        esc(&r.scope),
        round_state(r.state, lang)
    )
}

/// A plan in one line: number, start (with its day: the register lists a year's
/// plans), people, area, deadline, arrivals.
pub fn plan_line(p: &Plan, lang: Lang, esc: fn(&str) -> String) -> String {
    let time = |s: &str| s.get(11..16).unwrap_or(s).to_string();
    let day_time = |s: &str| match (s.get(5..10), s.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        _ => s.to_string(),
    };
    // An arrival after the deadline is said so; one not yet made is the report's.
    let late = p.first_arrival().is_some_and(|a| a.at > p.on_scene_due);
    let late = if late {
        pick(lang, "（超时）", " (late)")
    } else {
        ""
    };
    let arrived = p.first_arrival().map(|a| time(&a.at));
    match lang {
        Lang::Zh => format!(
            "预案 #{} {} 启动 {} 人 {} 到场时限 {}{}{}",
            p.id,
            day_time(&p.started_at),
            p.headcount,
            esc(&p.area),
            time(&p.on_scene_due),
            arrived
                .map(|a| format!(" {a} 到场{late}"))
                .unwrap_or_default(),
            if p.is_open() { "" } else { " 已结束" }
        ),
        Lang::En => format!(
            "plan #{} started {} {} people {} on scene by {}{}{}",
            p.id,
            day_time(&p.started_at),
            p.headcount,
            esc(&p.area),
            time(&p.on_scene_due),
            arrived
                .map(|a| format!(", arrived {a}{late}"))
                .unwrap_or_default(),
            if p.is_open() { "" } else { ", closed" }
        ),
    }
}

/// Whom a plan notifies, one line each.
pub fn notify_lines(p: &Plan, lang: Lang, esc: fn(&str) -> String) -> Vec<String> {
    p.notify
        .iter()
        .map(|n| {
            let done = p
                .log
                .iter()
                .any(|l| l.kind == PlanLogKind::Notified && (l.who == n.role || l.who == n.name));
            let mark = if done {
                pick(lang, "✓ 已通知", "✓ notified")
            } else {
                pick(lang, "待通知", "to notify")
            };
            let mut line = format!("{} {}", esc(&n.role), esc(&n.name));
            if !n.phone.is_empty() {
                line.push_str(&format!(" {}", esc(&n.phone)));
            }
            format!("{}  {mark}", line.trim_end())
        })
        .collect()
}

pub fn level_line(c: &LevelContact, lang: Lang, esc: fn(&str) -> String) -> String {
    let mut tags = Vec::new();
    if c.notice {
        tags.push(pick(lang, "上级通报", "notice from above"));
    }
    if c.skip_level {
        tags.push(pick(lang, "越级", "skip-level"));
    }
    if c.litigation {
        tags.push(pick(lang, "涉法涉诉", "litigation"));
    }
    if c.returned_at.is_some() {
        tags.push(pick(lang, "已劝返", "returned"));
    }
    format!(
        "#{} {} {} #{} {} {} {}  {}",
        c.contact_id,
        c.arrived_at
            .get(..16)
            .unwrap_or(&c.arrived_at)
            .replace('T', " "),
        esc(&c.name),
        c.petitioner_id,
        c.level.label(lang),
        esc(&c.area),
        c.case_no,
        tags.join(" ")
    )
    .trim_end()
    .to_string()
}

/// A line of a division file that was refused.
pub fn division_problem(lang: Lang, p: &DivisionProblem) -> String {
    match (p, lang) {
        (DivisionProblem::Shape, Lang::Zh) => "应为“代码,名称”".into(),
        (DivisionProblem::Shape, Lang::En) => "expected CODE,NAME".into(),
        (DivisionProblem::Code(c), Lang::Zh) => {
            format!("代码 {c} 应为 6 位（县）、9 位（乡镇）或 12 位（村）数字")
        }
        (DivisionProblem::Code(c), Lang::En) => {
            format!("code {c}: 6 (county), 9 (town) or 12 (village) digits expected")
        }
        (DivisionProblem::NoName, Lang::Zh) => "缺少名称（或超过 40 字）".into(),
        (DivisionProblem::NoName, Lang::En) => "no name (or longer than 40 characters)".into(),
        (DivisionProblem::Duplicate(c), Lang::Zh) => format!("代码 {c} 重复"),
        (DivisionProblem::Duplicate(c), Lang::En) => format!("code {c} given twice"),
    }
}

pub fn divisions_loaded(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("已载入 {n} 个行政区划"),
        Lang::En => format!("{n} divisions loaded"),
    }
}

pub fn demo_made(lang: Lang, d: &crate::demo::risk::RiskDemo) -> String {
    match lang {
        Lang::Zh => format!(
            "台账：排查 {} 轮（{} 项），集体访 {} 批（未排查 {} 批），预案 {} 个，上级通报 {} 条",
            d.rounds, d.items, d.collective_visits, d.unscreened, d.plans, d.notices
        ),
        Lang::En => format!(
            "Registers: {} screening rounds ({} items), {} collective visits ({} unscreened), {} plan, {} notices from above",
            d.rounds, d.items, d.collective_visits, d.unscreened, d.plans, d.notices
        ),
    }
}

pub fn returned(lang: Lang, contact_id: i64) -> String {
    match lang {
        Lang::Zh => format!("已记录劝返：登记 #{contact_id}"),
        Lang::En => format!("return recorded on contact #{contact_id}"),
    }
}
