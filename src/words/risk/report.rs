//! The 重大紧急信息 report of a plan (Art. 25: major and urgent petition information
//! is reported to the Party committee and government at once), and the registers'
//! section of the office's report.

use super::{due_line, item_line, notify_lines};
use crate::domain::risk::Plan;
use crate::domain::Lang;
use crate::store::RegistersReport;
use crate::words::{pick, Label};

fn plain(s: &str) -> String {
    crate::text::sanitize_for_display(s).into_owned()
}

fn time(s: &str) -> String {
    s.get(..16).unwrap_or(s).replace('T', " ")
}

/// The plan's report with every timestamp, as Markdown.
pub fn plan_report(p: &Plan, lang: Lang, now: &str) -> String {
    let mut out = String::new();
    let mut line = |l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    let late = crate::domain::risk::arrived_late(p, now);
    match lang {
        Lang::Zh => {
            line(format!("# 重大紧急信访信息报告（预案 #{}）", p.id));
            line(String::new());
            line("依据《信访工作条例》第二十五条报告。".into());
            line(String::new());
            line(format!(
                "- 启动时间：{}（{}）",
                time(&p.started_at),
                plain(&p.officer)
            ));
            line(format!("- 来访人数：{} 人", p.headcount));
            line(format!("- 属地：{}", or_none(&p.area, lang)));
            line(format!("- 事由：{}", or_none(&p.reason, lang)));
            line(format!(
                "- 到场时限：{}{}",
                time(&p.on_scene_due),
                if late { "（未按时到场）" } else { "" }
            ));
            if let Some(c) = p.contact_id {
                line(format!("- 来访登记：#{c}"));
            }
        }
        Lang::En => {
            line(format!(
                "# Major and urgent petition information (plan #{})",
                p.id
            ));
            line(String::new());
            line("Reported under Art. 25 of the 2022 Regulation on Petition Work.".into());
            line(String::new());
            line(format!(
                "- Started: {} ({})",
                time(&p.started_at),
                plain(&p.officer)
            ));
            line(format!("- People: {}", p.headcount));
            line(format!("- Area: {}", or_none(&p.area, lang)));
            line(format!("- Reason: {}", or_none(&p.reason, lang)));
            line(format!(
                "- On scene by: {}{}",
                time(&p.on_scene_due),
                if late { " (not met)" } else { "" }
            ));
            if let Some(c) = p.contact_id {
                line(format!("- Contact: #{c}"));
            }
        }
    }
    line(String::new());
    line(format!("## {}", pick(lang, "通知对象", "Notified")));
    for n in notify_lines(p, lang, plain) {
        line(format!("- {n}"));
    }
    line(String::new());
    line(format!("## {}", pick(lang, "处置经过", "Log")));
    if p.log.is_empty() {
        line(format!("- {}", pick(lang, "无", "none")));
    }
    for e in &p.log {
        let mut l = format!("- {} {} ", time(&e.at), e.kind.label(lang));
        if !e.who.is_empty() {
            l.push_str(&plain(&e.who));
            l.push(' ');
        }
        l.push_str(&plain(&e.text));
        let by = match lang {
            Lang::Zh => format!("（{}）", plain(&e.officer)),
            Lang::En => format!(" ({})", plain(&e.officer)),
        };
        line(format!("{}{by}", l.trim_end()));
    }
    line(String::new());
    let state = match (&p.closed_at, &p.outcome) {
        (Some(at), Some(o)) => match lang {
            Lang::Zh => format!("已于 {} 结束：{}", time(at), plain(o)),
            Lang::En => format!("Closed {}: {}", time(at), plain(o)),
        },
        _ => pick(lang, "预案仍在进行中。", "The plan is still open.").to_string(),
    };
    line(format!("## {}", pick(lang, "结果", "Outcome")));
    line(state);
    out
}

fn or_none(s: &str, lang: Lang) -> String {
    if s.trim().is_empty() {
        pick(lang, "未填", "not given").to_string()
    } else {
        plain(s)
    }
}

/// One table of the office's report: a title, its columns, its rows.
pub type Table = (String, Vec<String>, Vec<Vec<String>>);

/// The registers' tables of the office's report (`jiedai report`): screening
/// counts (and unscreened collective visits by area), the plans started in the
/// period, skip-level contacts by month and level.
pub fn report_tables(r: &RegistersReport, lang: Lang) -> Vec<Table> {
    let c = &r.screening;
    let figure = |zh: &str, en: &str, n: u32| vec![pick(lang, zh, en).to_string(), n.to_string()];
    let mut screening = vec![
        figure("应报轮次", "rounds due", c.rounds_due),
        figure("已报轮次", "rounds reported", c.rounds_done),
        figure("其中零报告", "of them zero reports", c.zero_reports),
        figure("排查出事项", "items found", c.items_found),
        figure("已化解", "resolved", c.items_resolved),
        figure("已上报", "reported up", c.items_reported),
        figure(
            "未排查到的集体访",
            "unscreened collective visits",
            c.unscreened_collective,
        ),
    ];
    for a in &c.unscreened_by_area {
        screening.push(vec![
            format!(
                "{}{}",
                pick(lang, "未排查到的集体访：", "unscreened: "),
                super::area_name(&a.area, lang)
            ),
            a.visits.to_string(),
        ]);
    }
    let plans = r
        .plans
        .iter()
        .map(|p| {
            vec![
                format!("#{}", p.id),
                time(&p.started_at),
                p.headcount.to_string(),
                plain(&p.area),
                time(&p.on_scene_due),
                p.first_arrival().map(|a| time(&a.at)).unwrap_or_default(),
                p.closed_at.as_deref().map(time).unwrap_or_default(),
            ]
        })
        .collect();
    let months = r
        .by_month
        .iter()
        .map(|m| {
            [m.month.clone()]
                .into_iter()
                .chain(
                    [
                        m.local,
                        m.city,
                        m.province,
                        m.capital,
                        m.notices,
                        m.skip_level,
                        m.returned,
                    ]
                    .iter()
                    .map(u32::to_string),
                )
                .collect()
        })
        .collect();
    let cols = |zh: &[&str], en: &[&str]| -> Vec<String> {
        pick(lang, zh, en).iter().map(|s| s.to_string()).collect()
    };
    vec![
        (
            pick(lang, "每半月排查", "Half-monthly screening").to_string(),
            cols(&["项目", "数"], &["", "count"]),
            screening,
        ),
        (
            pick(lang, "突发事件预案", "Plans for sudden group visits").to_string(),
            cols(
                &[
                    "预案",
                    "启动",
                    "人数",
                    "属地",
                    "到场时限",
                    "首次到场",
                    "结束",
                ],
                &[
                    "plan",
                    "started",
                    "people",
                    "area",
                    "on scene by",
                    "first arrival",
                    "closed",
                ],
            ),
            plans,
        ),
        (
            pick(
                lang,
                "越级访（按月、按层级）",
                "Skip-level visits by month and level",
            )
            .to_string(),
            cols(
                &["月份", "本级", "市", "省", "京", "上级通报", "越级", "劝返"],
                &[
                    "month",
                    "here",
                    "city",
                    "province",
                    "Beijing",
                    "notices",
                    "skip-level",
                    "returned",
                ],
            ),
            months,
        ),
    ]
}

/// Rounds due and items overdue as plain lines (the desk's warning).
pub fn alerts(b: &crate::domain::risk::RiskBrief, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = b
        .rounds_due
        .iter()
        .filter(|r| r.state == crate::domain::risk::RoundState::Late)
        .map(|r| due_line(r, lang, plain))
        .collect();
    out.extend(b.items_overdue.iter().map(|i| item_line(i, lang, plain)));
    out
}
