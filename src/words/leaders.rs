//! The leaders' registers in words: 包案 states and evidence, reception kinds, the
//! rules' refusals, the command line's lines, and the handover's sections.

use super::{pick, Label};
use crate::domain::leaders::*;
use crate::domain::Lang;
use std::fmt;

impl Label for BaoanState {
    fn label_zh(self) -> &'static str {
        match self {
            BaoanState::Open => "包案中",
            BaoanState::Resolved => "已化解（息访）",
            BaoanState::Unresolved => "未化解",
        }
    }
    fn label_en(self) -> &'static str {
        match self {
            BaoanState::Open => "in hand",
            BaoanState::Resolved => "resolved (stopped petitioning)",
            BaoanState::Unresolved => "unresolved",
        }
    }
}

impl Label for ReceptionKind {
    fn label_zh(self) -> &'static str {
        match self {
            ReceptionKind::Reception => "接访",
            ReceptionKind::Field => "下访",
            ReceptionKind::Joint => "联合接访",
        }
    }
    fn label_en(self) -> &'static str {
        match self {
            ReceptionKind::Reception => "reception",
            ReceptionKind::Field => "field visit",
            ReceptionKind::Joint => "joint reception",
        }
    }
}

/// The evidence of 息访 as the register writes it.
pub fn evidence(e: &Evidence, lang: Lang) -> String {
    match (e.kind, lang) {
        (EvidenceKind::Agreement, Lang::Zh) => "息访协议".into(),
        (EvidenceKind::Agreement, Lang::En) => "agreement to stop".into(),
        (EvidenceKind::Pledge, Lang::Zh) => "承诺书".into(),
        (EvidenceKind::Pledge, Lang::En) => "written pledge".into(),
        (EvidenceKind::QuietAfterFinal, Lang::Zh) => {
            format!("终结后无访{}月", e.months.unwrap_or(0))
        }
        (EvidenceKind::QuietAfterFinal, Lang::En) => {
            format!(
                "no contact for {} months after the final decision",
                e.months.unwrap_or(0)
            )
        }
    }
}

/// A rule's refusal, in either language.
pub fn problem(p: &LeadersProblem, lang: Lang) -> String {
    match (p, lang) {
        (LeadersProblem::Evidence(t), Lang::Zh) => format!(
            "息访依据“{t}”无法识别：请写 息访协议、承诺书 或 终结后无访N月（如 终结后无访6月）"
        ),
        (LeadersProblem::Evidence(t), Lang::En) => format!(
            "evidence {t:?} not understood: give 息访协议 (agreement), 承诺书 (pledge) or 终结后无访N月 (quiet:N)"
        ),
        (LeadersProblem::Kind(t), Lang::Zh) => {
            format!("接访方式“{t}”无法识别：请写 接访、下访 或 联合接访")
        }
        (LeadersProblem::Kind(t), Lang::En) => format!(
            "kind {t:?} not understood: give 接访 (reception), 下访 (field) or 联合接访 (joint)"
        ),
        (LeadersProblem::EvidenceMismatch { xifang: true }, Lang::Zh) => {
            "已息访须写明依据：--evidence 息访协议|承诺书|终结后无访N月".into()
        }
        (LeadersProblem::EvidenceMismatch { xifang: true }, Lang::En) => {
            "--xifang needs its evidence: --evidence 息访协议|承诺书|终结后无访N月".into()
        }
        (LeadersProblem::EvidenceMismatch { xifang: false }, Lang::Zh) => {
            "有息访依据即为已息访：请加 --xifang，未化解则不写 --evidence".into()
        }
        (LeadersProblem::EvidenceMismatch { xifang: false }, Lang::En) => {
            "evidence of 息访 means --xifang; an unresolved record takes no --evidence".into()
        }
        (LeadersProblem::FutureDate(d), Lang::Zh) => format!("日期 {d} 晚于今天"),
        (LeadersProblem::FutureDate(d), Lang::En) => format!("the date {d} is after today"),
        (LeadersProblem::BeforeStart { date, start }, Lang::Zh) => {
            format!("日期 {date} 早于包案开始日 {start}")
        }
        (LeadersProblem::BeforeStart { date, start }, Lang::En) => {
            format!("the date {date} is before the record began ({start})")
        }
        (LeadersProblem::AlreadyClosed(s), Lang::Zh) => {
            format!("该包案已是“{}”，不能再次办结；再来访时会自动重新包案", s.label(lang))
        }
        (LeadersProblem::AlreadyClosed(s), Lang::En) => format!(
            "the record is already {}; it opens again by itself when the person comes back",
            s.label(lang)
        ),
        (LeadersProblem::Time(t), Lang::Zh) => format!("时间“{t}”无法识别：请写 HH:MM，如 09:00"),
        (LeadersProblem::Time(t), Lang::En) => {
            format!("time {t:?} not understood: give HH:MM, like 09:00")
        }
        (LeadersProblem::DeadlinePast(d), Lang::Zh) => format!("期限 {d} 已过：请给今天或以后的日期"),
        (LeadersProblem::DeadlinePast(d), Lang::En) => {
            format!("the deadline {d} has passed: give today or a later day")
        }
        (LeadersProblem::NotALeader(n), Lang::Zh) => format!(
            "{n} 不是领导（名册上的角色不是“领导”）：请指定名册上的领导（`jiedai officer list` 可查看）"
        ),
        (LeadersProblem::NotALeader(n), Lang::En) => format!(
            "{n} is not a leader (their role on the roster is not 领导): name a leader on the roster (`jiedai officer list` shows it)"
        ),
        (LeadersProblem::AlreadyAnswered(c), Lang::Zh) => {
            format!("事项 {c} 没有待反馈的督办：请先用 `case supervise` 督办")
        }
        (LeadersProblem::AlreadyAnswered(c), Lang::En) => format!(
            "case {c} has no 督办 waiting for its result: issue one with `case supervise`"
        ),
        (LeadersProblem::Months(n), Lang::Zh) => format!("无访月数 {n} 不合理：请给 1 到 60"),
        (LeadersProblem::Months(n), Lang::En) => {
            format!("{n} months of quiet is not sensible: give 1 to 60")
        }
        (
            LeadersProblem::ReceptionPast(_)
            | LeadersProblem::AlreadyBooked
            | LeadersProblem::AlreadyRecorded,
            _,
        ) => super::reception::problem(p, lang).unwrap_or_default(),
    }
}

impl fmt::Display for LeadersProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&problem(self, Lang::En))
    }
}

/// "已告知" / "未告知" the leader.
pub fn told(told: bool, lang: Lang) -> &'static str {
    match (told, lang) {
        (true, Lang::Zh) => "已告知包案领导",
        (false, Lang::Zh) => "未告知包案领导",
        (true, Lang::En) => "leader told",
        (false, Lang::En) => "leader NOT told",
    }
}

/// "复访" when a closed record opened again.
pub fn revisit(lang: Lang) -> &'static str {
    pick(lang, "复访，已重新包案", "came back: record reopened")
}

/// The warning line at intake: which leader to tell.
pub fn intake_notice(leader: &str, reopened: bool, lang: Lang) -> String {
    match lang {
        Lang::Zh if reopened => format!("包案老户（复访，已重新包案）：请告知包案领导 {leader}"),
        Lang::Zh => format!("包案老户：请告知包案领导 {leader}"),
        Lang::En if reopened => {
            format!("a 包案 petitioner came back (record reopened): tell their leader {leader}")
        }
        Lang::En => format!("a 包案 petitioner: tell their leader {leader}"),
    }
}

use crate::store::leaders::{BaoanRecord, Reception, ReceptionVisit, Supervision};

/// How stored text is made safe where it goes.
pub type Safe = fn(&str) -> String;

pub fn no_records(lang: Lang) -> &'static str {
    pick(lang, "（无）", "(none)")
}

pub fn period_crossed(lang: Lang) -> String {
    pick(lang, "--from 晚于 --to", "--from is after --to").into()
}

pub fn person_or_queue(lang: Lang) -> String {
    pick(
        lang,
        "请用 --person 指明信访人（可加 --case），或用 --queue 指明今天的排队号",
        "name the person with --person (and --case), or today's walk-in with --queue",
    )
    .into()
}

pub fn leader_heading(leader: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("包案领导 {leader}"),
        Lang::En => format!("Leader {leader}"),
    }
}

pub fn told_line(id: i64, n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("包案 #{id}：已告知包案领导（{n} 次来访来信）"),
        Lang::En => format!("包案 #{id}: leader told ({n} contacts)"),
    }
}

/// `t` on a 包案 record whose leader knows of every contact already.
pub fn nothing_untold(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{name}：没有未告知包案领导的来访来信"),
        Lang::En => format!("{name}: the leader knows of every contact already"),
    }
}

pub fn instructed(case_no: &str, leader: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{case_no}：已记录 {leader} 的批示"),
        Lang::En => format!("{case_no}: {leader}'s instruction recorded"),
    }
}

/// One 包案 record on a line: number, person, state, unit, keeper, target, last
/// contact, case.
pub fn baoan_row(r: &BaoanRecord, lang: Lang, safe: Safe) -> String {
    let mut parts = vec![
        format!("#{} {}", r.id, safe(&r.name)),
        r.state.label(lang).to_string(),
    ];
    if let Some(e) = &r.evidence {
        parts.push(evidence(e, lang));
    }
    parts.push(match lang {
        Lang::Zh => format!("包案领导 {}", safe(&r.leader)),
        Lang::En => format!("leader {}", safe(&r.leader)),
    });
    parts.push(match lang {
        Lang::Zh => format!("责任单位 {}", safe(&r.unit)),
        Lang::En => format!("unit {}", safe(&r.unit)),
    });
    if let Some(k) = &r.keeper {
        parts.push(match lang {
            Lang::Zh => format!("稳控责任人 {}", safe(k)),
            Lang::En => format!("keeper {}", safe(k)),
        });
    }
    parts.push(match lang {
        Lang::Zh => format!("目标 {}", r.target_date),
        Lang::En => format!("target {}", r.target_date),
    });
    parts.push(since_contact(r, lang));
    if let Some(c) = &r.case_no {
        let status = r.case_status.map(|s| s.label(lang)).unwrap_or("-");
        parts.push(pick(
            lang,
            format!("{c}（{status}）"),
            format!("{c} ({status})"),
        ));
    }
    if r.revisits > 0 {
        parts.push(match lang {
            Lang::Zh => format!("复访 {} 次", r.revisits),
            Lang::En => format!("came back {} times", r.revisits),
        });
    }
    if r.untold > 0 {
        parts.push(told(false, lang).to_string());
    }
    parts.join(pick(lang, "，", ", "))
}

/// "距上次来访 12 天" / "12 days since last contact".
pub fn since_contact(r: &BaoanRecord, lang: Lang) -> String {
    match (lang, r.last_contact.is_some()) {
        (Lang::Zh, true) => format!("距上次来访来信 {} 天", r.days_since_contact),
        (Lang::Zh, false) => format!("包案以来无来访来信（{} 天）", r.days_since_contact),
        (Lang::En, true) => format!("{} days since last contact", r.days_since_contact),
        (Lang::En, false) => format!("no contact since it began ({} days)", r.days_since_contact),
    }
}

pub fn reception_row(r: &Reception, lang: Lang, safe: Safe) -> String {
    let announced = match (r.announced, lang) {
        (true, Lang::Zh) => "，提前公告",
        (true, Lang::En) => ", announced",
        (false, _) => "",
    };
    let units = if r.units.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = r.units.iter().map(|u| safe(u)).collect();
        match lang {
            Lang::Zh => format!("，参加单位 {}", list.join("、")),
            Lang::En => format!(", with {}", list.join(", ")),
        }
    };
    match lang {
        Lang::Zh => format!(
            "#{} {} {} {}{}，{}，“{}”{announced}{units}，已接待 {} 人",
            r.id,
            r.day,
            r.time,
            safe(&r.leader),
            r.kind.label(lang),
            safe(&r.place),
            safe(&r.topic),
            r.visits
        ),
        Lang::En => format!(
            "#{} {} {} {}, {}, {}, \"{}\"{announced}{units}; {} received",
            r.id,
            r.day,
            r.time,
            safe(&r.leader),
            r.kind.label(lang),
            safe(&r.place),
            safe(&r.topic),
            r.visits
        ),
    }
}

pub fn visit_row(v: &ReceptionVisit, lang: Lang, safe: Safe) -> String {
    let sep = pick(lang, "，", ", ");
    let mut parts = vec![match lang {
        Lang::Zh => format!(
            "接访 #{}：{} 接待 {}",
            v.reception_id,
            safe(&v.leader),
            safe(&v.name)
        ),
        Lang::En => format!(
            "reception #{}: {} received {}",
            v.reception_id,
            safe(&v.leader),
            safe(&v.name)
        ),
    }];
    if let Some(c) = &v.case_no {
        parts.push(c.clone());
    }
    if let Some(o) = &v.opinion {
        parts.push(match lang {
            Lang::Zh => format!("意见：{}", safe(o)),
            Lang::En => format!("opinion: {}", safe(o)),
        });
    }
    if let (Some(u), Some(d)) = (&v.assign_unit, v.deadline) {
        parts.push(match lang {
            Lang::Zh => format!("交办 {}，{d} 前办结", safe(u)),
            Lang::En => format!("assigned to {} by {d}", safe(u)),
        });
    }
    parts.join(sep)
}

pub fn quota_row(leader: &str, held: u32, quota: u32, met: bool, lang: Lang) -> String {
    let mark = self::met(met, lang);
    match lang {
        Lang::Zh => format!("{leader} 接访 {held} 次 / 应 {quota} 次  {mark}"),
        Lang::En => format!("{leader} held {held} of {quota}  {mark}"),
    }
}

pub fn reception_rate_line(met: u32, on_roster: u32, percent: Option<f64>, lang: Lang) -> String {
    let pct = percent
        .map(|p| format!("{p:.1}%"))
        .unwrap_or_else(|| "-".into());
    match lang {
        Lang::Zh => format!("公开接访率 {pct}（{met}/{on_roster} 名领导达标）"),
        Lang::En => {
            format!("Public reception rate {pct} ({met} of {on_roster} leaders met the quota)")
        }
    }
}

pub fn supervision_row(s: &Supervision, lang: Lang, safe: Safe) -> String {
    let sep = pick(lang, "，", ", ");
    let mut parts = vec![match lang {
        Lang::Zh => format!(
            "{} 督办单 {}：{} 前反馈",
            s.case_no,
            safe(&s.doc_no),
            s.deadline
        ),
        Lang::En => format!(
            "{} 督办单 {}: result due {}",
            s.case_no,
            safe(&s.doc_no),
            s.deadline
        ),
    }];
    match (&s.result, s.days_left) {
        (Some(r), _) => parts.push(match lang {
            Lang::Zh => format!("已反馈：{}", safe(r)),
            Lang::En => format!("answered: {}", safe(r)),
        }),
        (None, Some(d)) => parts.push(crate::words::clocks::days_left(d, lang)),
        (None, None) => {}
    }
    parts.join(sep)
}

/// What a 批示 or 督办 event adds before its text: the leader, the 督办单, the
/// deadline and any unit it was assigned to.
pub fn event_parts(detail: &serde_json::Value, lang: Lang) -> Vec<String> {
    let text = |k: &str| {
        detail
            .get(k)
            .and_then(serde_json::Value::as_str)
            .map(|s| crate::text::sanitize_for_display(s).into_owned())
    };
    let mut parts = Vec::new();
    parts.extend(text("leader"));
    parts.extend(text("doc_no").map(|d| match lang {
        Lang::Zh => format!("督办单 {d}"),
        Lang::En => format!("督办单 {d}"),
    }));
    parts.extend(text("unit").map(|u| format!("→ {u}")));
    parts.extend(text("deadline").map(|d| match lang {
        Lang::Zh => format!("{d} 前办结"),
        Lang::En => format!("due {d}"),
    }));
    parts
}

/// While the register is being read.
pub fn loading(lang: Lang) -> &'static str {
    pick(lang, "正在读取……", "Reading…")
}

/// Today's reception on the status line: "14:30 张副县长接访".
pub fn status_reception(r: &ReceptionBrief, lang: Lang) -> String {
    let leader = crate::text::sanitize_for_display(&r.leader);
    match lang {
        Lang::Zh => format!("{} {leader}{}", r.time, r.kind.label(lang)),
        Lang::En => format!("{} {leader} {}", r.time, r.kind.label(lang)),
    }
}

/// Days since the last contact, short enough for a register row.
pub fn since_short(r: &BaoanRecord, lang: Lang) -> String {
    match (lang, r.last_contact.is_some()) {
        (Lang::Zh, true) => format!("距上次来访 {} 天", r.days_since_contact),
        (Lang::Zh, false) => format!("包案后未来 {} 天", r.days_since_contact),
        (Lang::En, true) => format!("came {} d ago", r.days_since_contact),
        (Lang::En, false) => format!("not since ({} d)", r.days_since_contact),
    }
}

/// The responsible unit and the 稳控责任人.
pub fn unit_and_keeper(r: &BaoanRecord, lang: Lang, safe: Safe) -> String {
    let keeper = r.keeper.as_deref().map(safe).unwrap_or_else(|| "-".into());
    match lang {
        Lang::Zh => format!("{}，稳控 {keeper}", safe(&r.unit)),
        Lang::En => format!("{}, keeper {keeper}", safe(&r.unit)),
    }
}

/// What the demo's leaders' year added.
pub fn demo_made(d: &crate::demo::leaders::LeadersDemo, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "领导包案 {} 件（息访 {} 件），领导接访 {} 场、接待 {} 人次、预约 {} 人，批示 {} 条，督办 {} 件",
            d.baoan, d.resolved, d.receptions, d.received, d.booked, d.instructions, d.supervisions
        ),
        Lang::En => format!(
            "包案 {} ({} resolved), {} receptions with {} people received and {} booked, {} instructions, {} 督办",
            d.baoan, d.resolved, d.receptions, d.received, d.booked, d.instructions, d.supervisions
        ),
    }
}

/// The leaders' summary in `jiedai report`.
pub fn report_title(lang: Lang) -> &'static str {
    pick(
        lang,
        "领导包案、接访与督办",
        "Leaders: 包案, receptions and 督办",
    )
}

pub fn report_columns(lang: Lang) -> Vec<String> {
    match lang {
        Lang::Zh => vec!["项目".into(), "数值".into()],
        Lang::En => vec!["item".into(), "value".into()],
    }
}

/// The summary's rows: the register at the period's end, the frozen roster's
/// 息访率, receptions by kind, 公开接访率, 督办.
pub fn report_rows(r: &crate::store::LeadersReport, lang: Lang) -> Vec<Vec<String>> {
    let pct = |p: Option<f64>| p.map(|p| format!("{p:.1}%")).unwrap_or_else(|| "-".into());
    let row = |zh: &str, en: &str, v: String| vec![pick(lang, zh, en).to_string(), v];
    let mut rows = vec![
        row("包案中", "包案 in hand", r.baoan_open.to_string()),
        row(
            "已化解（息访）",
            "resolved (stopped petitioning)",
            r.baoan_resolved.to_string(),
        ),
        row("未化解", "unresolved", r.baoan_unresolved.to_string()),
        row(
            "老户化解息访率（期初名册）",
            "老户化解息访率 (roster frozen at the start)",
            format!(
                "{} ({}/{})",
                pct(r.xifang_percent),
                r.xifang.resolved,
                r.xifang.roster
            ),
        ),
    ];
    for (kind, n) in &r.receptions_by_kind {
        rows.push(vec![kind.label(lang).to_string(), n.to_string()]);
    }
    rows.extend([
        row(
            "提前公告的接访",
            "announced receptions",
            r.announced.to_string(),
        ),
        row(
            "领导接待人次",
            "people received by leaders",
            r.people_received.to_string(),
        ),
        row(
            "公开接访率",
            "公开接访率 (leaders who met the quota)",
            format!(
                "{} ({}/{})",
                pct(r.reception_percent),
                r.reception_rate.met,
                r.reception_rate.on_roster
            ),
        ),
        row(
            "发出督办单",
            "督办单 issued",
            r.supervisions_issued.to_string(),
        ),
        row(
            "督办已反馈",
            "督办 answered",
            r.supervisions_answered.to_string(),
        ),
        row(
            "督办逾期未反馈",
            "督办 overdue",
            r.supervisions_overdue.to_string(),
        ),
    ]);
    rows
}

pub fn quota_title(lang: Lang) -> &'static str {
    pick(lang, "各领导接访次数", "Receptions per leader")
}

pub fn quota_columns(lang: Lang) -> Vec<String> {
    match lang {
        Lang::Zh => vec!["领导".into(), "接访".into(), "应接访".into(), "达标".into()],
        Lang::En => vec!["leader".into(), "held".into(), "quota".into(), "met".into()],
    }
}

pub fn met(met: bool, lang: Lang) -> &'static str {
    match (met, lang) {
        (true, Lang::Zh) => "达标",
        (false, Lang::Zh) => "未达标",
        (true, Lang::En) => "met",
        (false, Lang::En) => "not met",
    }
}

pub fn late_title(lang: Lang) -> &'static str {
    pick(lang, "逾期未反馈的督办", "督办 overdue without a result")
}

pub fn late_columns(lang: Lang) -> Vec<String> {
    match lang {
        Lang::Zh => vec!["事项".into(), "督办单".into(), "期限".into(), "状态".into()],
        Lang::En => vec![
            "case".into(),
            "督办单".into(),
            "deadline".into(),
            "state".into(),
        ],
    }
}

/// A 包案 state short enough for a register column.
pub fn state_short(s: BaoanState, lang: Lang) -> &'static str {
    match (s, lang) {
        (BaoanState::Open, _) => s.label(lang),
        (BaoanState::Resolved, Lang::Zh) => "已息访",
        (BaoanState::Resolved, Lang::En) => "resolved",
        (BaoanState::Unresolved, _) => s.label(lang),
    }
}
