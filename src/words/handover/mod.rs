//! The handover summary as text: sections for the screen, lines, and a Markdown
//! report. The summary itself (`domain::handover`) is facts and codes only.

mod items;
mod leaders;
mod risk;

use super::pick;
use crate::domain::handover::*;
use crate::domain::{ClockKind, Flag, Lang, QueueStatus};
use crate::words::Label;
use chrono::{DateTime, FixedOffset, NaiveDate};
use items::*;
pub use items::{channel_header, channel_rows};
use serde::Serialize;

// ---------------------------------------------------------------------------
// Rendering.

/// What each part of the summary is, so that a screen can style or fold them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Contacts,
    NewCases,
    Flag(Flag),
    StillHere,
    LeftUnseen,
    ClocksDue,
    UnroutedLetters,
    /// The registers: open plans (on top), rounds and items due, 越级 notices.
    Plans,
    Screening,
    LevelNotices,
    Notes,
    Baoan,
    Receptions,
    SupervisionDue,
    AssignmentsDue,
    /// 回访 of 不满意 ratings still open.
    FollowUps,
}

/// One line of a section: an entry, or the heading of a group of entries (the
/// deadlines section groups its entries by clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Heading(String),
    Entry(String),
    /// Entries left out of a long list: the text says how many, and `skipped`
    /// lets a screen keep its place in the summary's list.
    More {
        text: String,
        skipped: usize,
    },
}

/// A busy office can have hundreds of late cases; the handover names the most
/// urgent of each clock and counts the rest (the JSON lists them all).
pub const MAX_LISTED_PER_CLOCK: usize = 20;

fn more(skipped: usize, lang: Lang) -> Item {
    let text = match lang {
        Lang::Zh => format!("……另有 {skipped} 件，完整清单见 `jiedai handover --format json`"),
        Lang::En => format!("… and {skipped} more; `jiedai handover --format json` lists them all"),
    };
    Item::More { text, skipped }
}

/// One titled part of the summary; an empty `items` reads "无" / "none".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub title: String,
    pub items: Vec<Item>,
}

fn entries(items: impl Iterator<Item = String>) -> Vec<Item> {
    items.map(Item::Entry).collect()
}

pub fn none_label(lang: Lang) -> &'static str {
    pick(lang, "无", "none")
}

/// Long matter texts are cut in lists; the case itself has the whole text.
const MATTER_CHARS: usize = 40;

fn short(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut out: String = one_line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// How stored text is made safe for where it goes (a terminal line, Markdown).
type Escape = fn(&str) -> String;

fn plain(s: &str) -> String {
    crate::text::sanitize_for_display(s).into_owned()
}

/// Markdown's punctuation is escaped so that a name or a matter cannot start a
/// heading, a table cell or a link in the report.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::sanitize_for_display(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn parse(stamp: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(stamp).ok()
}

/// `09:40`, or `11-28 23:50` when the window spans more than one day.
fn clock_time(stamp: &str, multi_day: bool) -> String {
    match parse(stamp) {
        Some(t) if multi_day => t.format("%m-%d %H:%M").to_string(),
        Some(t) => t.format("%H:%M").to_string(),
        None => stamp.to_string(),
    }
}

fn full_time(stamp: &str) -> String {
    parse(stamp)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| stamp.to_string())
}

/// `2026-11-28 08:30 至 17:30`, with the second date only when it differs.
fn span(since: &str, until: &str, lang: Lang) -> String {
    let to = pick(lang, " 至 ", " – ");
    match (parse(since), parse(until)) {
        (Some(a), Some(b)) if a.date_naive() == b.date_naive() => {
            format!("{}{to}{}", a.format("%Y-%m-%d %H:%M"), b.format("%H:%M"))
        }
        _ => format!("{}{to}{}", full_time(since), full_time(until)),
    }
}

impl HandoverSummary {
    fn multi_day(&self) -> bool {
        match (parse(&self.since), parse(&self.until)) {
            (Some(a), Some(b)) => a.date_naive() != b.date_naive(),
            _ => true,
        }
    }
}

fn title_with(s: &HandoverSummary, lang: Lang, esc: Escape) -> String {
    match lang {
        Lang::Zh => format!(
            "交班摘要：{}（{}）",
            esc(&s.officer),
            span(&s.since, &s.until, lang)
        ),
        Lang::En => format!(
            "Shift handover: {}, {}",
            esc(&s.officer),
            span(&s.since, &s.until, lang)
        ),
    }
}

/// One line about the shift: open, ended, handed over, acknowledged.
fn shift_line_with(s: &HandoverSummary, lang: Lang, esc: Escape) -> String {
    let Some(shift) = &s.shift else {
        return pick(
            lang,
            "班次：无班次记录，按统计区间汇总",
            "Shift: none on record; the summary covers the time window",
        )
        .to_string();
    };
    let started = full_time(&shift.started_at);
    let state = match (&shift.ended_at, &shift.handed_to) {
        (None, _) => pick(lang, "进行中", "open").to_string(),
        (Some(end), None) => match lang {
            Lang::Zh => format!("已于 {} 结束，未交班", full_time(end)),
            Lang::En => format!("ended {}, not handed over", full_time(end)),
        },
        (Some(end), Some(to)) => {
            let ack = match (&shift.acked_by, &shift.acked_at) {
                (Some(by), Some(at)) => match lang {
                    Lang::Zh => format!("，{} 已于 {} 确认", esc(by), full_time(at)),
                    Lang::En => format!("; acknowledged by {} at {}", esc(by), full_time(at)),
                },
                _ => pick(lang, "，尚未确认", "; not yet acknowledged").to_string(),
            };
            match lang {
                Lang::Zh => format!("已于 {} 交班给 {}{ack}", full_time(end), esc(to)),
                Lang::En => format!("handed over to {} at {}{ack}", esc(to), full_time(end)),
            }
        }
    };
    match lang {
        Lang::Zh => format!("班次：#{}，{} 开始，{state}", shift.id, started),
        Lang::En => format!("Shift: #{}, started {}, {state}", shift.id, started),
    }
}

/// The heading: officer and time window.
pub fn title(s: &HandoverSummary, lang: Lang) -> String {
    title_with(s, lang, plain)
}

/// One line about the shift: open, ended, handed over (to whom), acknowledged.
pub fn shift_line(s: &HandoverSummary, lang: Lang) -> String {
    shift_line_with(s, lang, plain)
}

/// `共 11 批次、16 人次` / `11 batches, 16 people in all`.
pub fn totals_line(s: &HandoverSummary, lang: Lang) -> String {
    if s.is_empty() {
        return pick(
            lang,
            "本班次无接待记录。",
            "Nothing was received in this shift.",
        )
        .to_string();
    }
    // 接待 is visits received; the rest of the shift's contacts are said apart, so
    // no letter, no one still waiting and no one who left is counted as received.
    let others = s
        .batches
        .saturating_sub(s.received_batches + s.waiting_batches + s.left_batches);
    let batches = |n: u32| match lang {
        Lang::Zh => format!("{n} 批次"),
        Lang::En if n == 1 => "1 batch".to_string(),
        Lang::En => format!("{n} batches"),
    };
    let mut out = match lang {
        Lang::Zh => format!(
            "共接待来访 {}、{} 人次。",
            batches(s.received_batches),
            s.received_people
        ),
        Lang::En => format!(
            "Visits received: {}, {}.",
            batches(s.received_batches),
            people_en(s.received_people)
        ),
    };
    let mut rest = Vec::new();
    if s.waiting_batches > 0 {
        rest.push(pick(
            lang,
            format!("仍在等候 {}", batches(s.waiting_batches)),
            format!("{} still waiting", batches(s.waiting_batches)),
        ));
    }
    if s.left_batches > 0 {
        rest.push(pick(
            lang,
            format!("未接待即离开 {}", batches(s.left_batches)),
            format!("{} left unseen", batches(s.left_batches)),
        ));
    }
    if s.received_for_colleagues > 0 {
        rest.push(pick(
            lang,
            format!(
                "接待同事登记的来访 {}、{} 人次",
                batches(s.received_for_colleagues),
                s.received_for_colleagues_people
            ),
            format!(
                "received {} checked in at a colleague's desk ({})",
                batches(s.received_for_colleagues),
                people_en(s.received_for_colleagues_people)
            ),
        ));
    }
    if others > 0 {
        rest.push(pick(
            lang,
            format!("来信、来电、网上 {others} 件（见下表）"),
            format!("letters, calls or online: {others} (see the table)"),
        ));
    }
    if !rest.is_empty() {
        match lang {
            Lang::Zh => out.push_str(&format!("另：{}。", rest.join("，"))),
            Lang::En => out.push_str(&format!(" Besides: {}.", rest.join(", "))),
        }
    }
    out
}

fn people_en(n: u32) -> String {
    match n {
        1 => "1 person".to_string(),
        n => format!("{n} people"),
    }
}

fn sections_with(s: &HandoverSummary, lang: Lang, esc: Escape) -> Vec<Section> {
    let multi_day = s.multi_day();
    let mut out = risk::handover_top(&s.risk, lang, esc);

    out.extend(leaders::top(&s.leaders, lang, esc, multi_day));
    out.push(Section {
        kind: SectionKind::Contacts,
        title: pick(lang, "接待情况", "Contacts received").to_string(),
        items: Vec::new(),
    });
    out.push(Section {
        kind: SectionKind::NewCases,
        title: with_count(
            pick(lang, "新登记事项", "New cases"),
            s.new_cases.len(),
            lang,
        ),
        items: entries(
            s.new_cases
                .iter()
                .map(|c| new_case_item(c, lang, esc, multi_day)),
        ),
    });
    for flag in Flagged::FLAGS {
        let list = s.flagged.of(flag);
        out.push(Section {
            kind: SectionKind::Flag(flag),
            title: with_count(flag_title(flag, lang), list.len(), lang),
            items: entries(list.iter().map(|c| contact_item(c, lang, esc, multi_day))),
        });
    }
    out.push(Section {
        kind: SectionKind::StillHere,
        title: with_count(
            pick(
                lang,
                "仍在等候或接待中（各窗口）",
                "Still waiting or being received (all desks)",
            ),
            s.still_here.len(),
            lang,
        ),
        items: entries(
            s.still_here
                .iter()
                .map(|v| visitor_item(v, lang, esc, multi_day)),
        ),
    });
    out.push(Section {
        kind: SectionKind::LeftUnseen,
        title: with_count(
            pick(lang, "未接待即离开（各窗口）", "Left unseen (all desks)"),
            s.left_unseen.len(),
            lang,
        ),
        items: entries(
            s.left_unseen
                .iter()
                .map(|v| visitor_item(v, lang, esc, multi_day)),
        ),
    });
    let clocks_title = match lang {
        Lang::Zh => format!("{} 日内到期或已逾期的事项", s.due_soon_days),
        Lang::En if s.due_soon_days == 1 => "Cases due within a day or overdue".to_string(),
        Lang::En => format!("Cases due within {} days or overdue", s.due_soon_days),
    };
    let mut clock_items = Vec::new();
    let mut current: Option<ClockKind> = None;
    let (mut listed, mut skipped) = (0, 0);
    for c in &s.clocks_due {
        // Grouped by clock: the heading line names the clock, its entries follow,
        // most urgent first.
        if current != Some(c.clock) {
            if skipped > 0 {
                clock_items.push(more(skipped, lang));
            }
            (listed, skipped) = (0, 0);
            current = Some(c.clock);
            let n = s.clocks_due.iter().filter(|x| x.clock == c.clock).count();
            clock_items.push(Item::Heading(with_count(
                &crate::words::capitalized(c.clock.label(lang)),
                n,
                lang,
            )));
        }
        if listed < MAX_LISTED_PER_CLOCK {
            clock_items.push(Item::Entry(clock_item(c, lang, esc)));
            listed += 1;
        } else {
            skipped += 1;
        }
    }
    if skipped > 0 {
        clock_items.push(more(skipped, lang));
    }
    out.push(Section {
        kind: SectionKind::ClocksDue,
        title: with_count(&clocks_title, s.clocks_due.len(), lang),
        items: clock_items,
    });
    out.extend(leaders::rest(&s.leaders, lang, esc));
    if !s.follow_ups.is_empty() {
        let today = parse(&s.until).map_or(chrono::NaiveDate::MIN, |t| t.date_naive());
        out.push(Section {
            kind: SectionKind::FollowUps,
            title: with_count(
                crate::words::ratings::handover_title(lang),
                s.follow_ups.len(),
                lang,
            ),
            items: entries(
                s.follow_ups
                    .iter()
                    .map(|f| esc(&crate::words::ratings::item_line(lang, f, today))),
            ),
        });
    }
    out.push(Section {
        kind: SectionKind::UnroutedLetters,
        title: with_count(
            pick(lang, "尚未转送的来信", "Letters not yet routed"),
            s.unrouted_letters.len(),
            lang,
        ),
        items: entries(
            s.unrouted_letters
                .iter()
                .map(|l| letter_item(l, lang, esc, multi_day)),
        ),
    });
    out.extend(risk::handover_tail(&s.risk, lang, esc));
    out.push(Section {
        kind: SectionKind::Notes,
        title: pick(lang, "交班备注", "Notes").to_string(),
        items: entries(s.notes.lines().filter(|l| !l.trim().is_empty()).map(esc)),
    });
    out
}

/// The summary's sections with text safe for a terminal. The contacts section has
/// no items: draw [`totals_line`] and the [`channel_rows`] table there.
pub fn sections(s: &HandoverSummary, lang: Lang) -> Vec<Section> {
    sections_with(s, lang, plain)
}

/// The summary as plain lines for a screen: title, shift, totals, then each section
/// with its items indented ("无" / "none" when empty).
pub fn lines(s: &HandoverSummary, lang: Lang) -> Vec<String> {
    let mut out = vec![title(s, lang), shift_line(s, lang), String::new()];
    for section in sections(s, lang) {
        out.push(section.title.clone());
        if section.kind == SectionKind::Contacts {
            out.push(format!("  {}", totals_line(s, lang)));
            if !s.is_empty() {
                let parts: Vec<String> = s
                    .by_channel
                    .iter()
                    .map(|t| match lang {
                        Lang::Zh => format!(
                            "{} {} 批 {} 人次",
                            t.channel.label(lang),
                            t.batches,
                            t.people
                        ),
                        Lang::En => format!("{} {}/{}", t.channel.label(lang), t.batches, t.people),
                    })
                    .collect();
                out.push(format!("  {}", parts.join(pick(lang, "；", "; "))));
            }
        } else if section.items.is_empty() {
            out.push(format!("  {}", none_label(lang)));
        } else {
            let grouped = section.items.iter().any(|i| matches!(i, Item::Heading(_)));
            for item in &section.items {
                match item {
                    Item::Heading(h) => out.push(format!("  {h}")),
                    Item::Entry(e) if grouped => out.push(format!("    · {e}")),
                    Item::Entry(e) => out.push(format!("  · {e}")),
                    Item::More { text, .. } => out.push(format!("    {text}")),
                }
            }
        }
        out.push(String::new());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// The summary as a Markdown report, ready to print or paste.
pub fn to_markdown(s: &HandoverSummary, lang: Lang) -> String {
    let mut out = String::new();
    let mut line = |l: &str| {
        out.push_str(l);
        out.push('\n');
    };
    line(&format!("# {}", title_with(s, lang, md)));
    line("");
    line(&format!("- {}", shift_line_with(s, lang, md)));
    line(&format!(
        "- {}{}",
        pick(lang, "统计区间：", "Window: "),
        span(&s.since, &s.until, lang)
    ));
    line(&format!("- {}", pick(
        lang,
        "口径：本人登记的来访、来信、来电、网上；排队与到期事项为全接待室",
        "Scope: contacts registered by this officer; the queue and the deadlines cover the whole office",
    )));
    if let Some(head) = &s.chain_head {
        line(&format!(
            "- {}{head}",
            pick(
                lang,
                "链头（交接锚点，可用 jiedai verify --anchor 核验）：",
                "Chain head (an anchor for `jiedai verify --anchor`): ",
            )
        ));
    }
    for section in sections_with(s, lang, md) {
        line("");
        line(&format!("## {}", section.title));
        line("");
        if section.kind == SectionKind::Contacts {
            line(&totals_line(s, lang));
            if s.is_empty() {
                continue;
            }
            line("");
            let h = channel_header(lang);
            line(&format!("| {} | {} | {} |", h[0], h[1], h[2]));
            line("| --- | ---: | ---: |");
            let rows = channel_rows(s, lang);
            let last = rows.len() - 1;
            for (i, r) in rows.iter().enumerate() {
                if i == last {
                    line(&format!("| **{}** | **{}** | **{}** |", r[0], r[1], r[2]));
                } else {
                    line(&format!("| {} | {} | {} |", r[0], r[1], r[2]));
                }
            }
        } else if section.items.is_empty() {
            line(none_label(lang));
        } else {
            let mut first_group = true;
            for item in &section.items {
                match item {
                    Item::Heading(h) => {
                        if !first_group {
                            line("");
                        }
                        first_group = false;
                        line(&format!("### {h}"));
                        line("");
                    }
                    // A quote keeps the officer's own line breaks in the report.
                    Item::Entry(e) if section.kind == SectionKind::Notes => {
                        line(&format!("> {e}  "))
                    }
                    Item::Entry(e) => line(&format!("- {e}")),
                    Item::More { text, .. } => line(&format!("- {text}")),
                }
            }
        }
    }
    out
}
