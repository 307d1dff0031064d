//! One entry of each section, and the small phrases they are made of.

use super::*;
use crate::words::{capitalized, Label};

pub(super) fn flag_title(flag: Flag, lang: Lang) -> &'static str {
    match (flag, lang) {
        (Flag::ClosedMatter, Lang::Zh) => "已终结事项再访",
        (Flag::Repeat, Lang::En) => "Repeat visits (重复访)",
        (Flag::LongStanding, Lang::En) => "Long-standing petitioners (老户)",
        (Flag::Collective, Lang::En) => "Collective visits (集体访)",
        (Flag::ClosedMatter, Lang::En) => "Closed matters raised again (已终结)",
        (other, _) => other.label(lang),
    }
}

pub(super) fn with_count(title: &str, n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{title}（{n}）"),
        Lang::En => format!("{title} ({n})"),
    }
}

/// `35 分钟`, `2 小时 5 分钟`, `3 天 4 小时`: someone forgotten in the queue for
/// days should read as days.
pub(super) fn duration(minutes: i64, lang: Lang) -> String {
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match lang {
        Lang::Zh if d > 0 => format!("{d} 天 {h} 小时"),
        Lang::Zh if h > 0 => format!("{h} 小时 {m} 分钟"),
        Lang::Zh => format!("{m} 分钟"),
        Lang::En if d > 0 => format!("{d} d {h} h"),
        Lang::En if h > 0 => format!("{h} h {m} min"),
        Lang::En => format!("{m} min"),
    }
}

pub(super) fn masked(m: &Option<String>, lang: Lang) -> String {
    match (m, lang) {
        (Some(m), Lang::Zh) => format!("（{m}）"),
        (Some(m), Lang::En) => format!(" ({m})"),
        (None, _) => String::new(),
    }
}

pub(super) fn queue_label(date: NaiveDate, no: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{date} 第 {no} 号"),
        Lang::En => format!("no. {no} of {date}"),
    }
}

pub(super) fn people(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n} 人"),
        Lang::En if n == 1 => "1 person".to_string(),
        Lang::En => format!("{n} people"),
    }
}

pub(super) fn contact_item(c: &ContactBrief, lang: Lang, esc: Escape, multi_day: bool) -> String {
    let sep = pick(lang, "，", ", ");
    let mut parts = vec![format!(
        "{} {}{}",
        clock_time(&c.arrived_at, multi_day),
        esc(&c.name),
        masked(&c.id_number_masked, lang)
    )];
    parts.push(c.channel.label(lang).to_string());
    if c.headcount > 1 {
        parts.push(people(c.headcount, lang));
    }
    if let (Some(d), Some(n)) = (c.queue_date, c.queue_no) {
        parts.push(queue_label(d, n, lang));
    }
    if let Some(l) = &c.letter_no {
        parts.push(match lang {
            Lang::Zh => format!("收信编号 {}", esc(l)),
            Lang::En => format!("letter {}", esc(l)),
        });
    }
    parts.push(match lang {
        Lang::Zh => format!(
            "事项 {}「{}」",
            c.case_no,
            esc(&short(&c.matter, MATTER_CHARS))
        ),
        Lang::En => format!(
            "case {} \"{}\"",
            c.case_no,
            esc(&short(&c.matter, MATTER_CHARS))
        ),
    });
    if !c.representatives.is_empty() {
        let names: Vec<String> = c.representatives.iter().map(|r| esc(r)).collect();
        parts.push(match lang {
            Lang::Zh => format!("代表：{}", names.join("、")),
            Lang::En => format!("representatives: {}", names.join(", ")),
        });
    }
    parts.join(sep)
}

pub(super) fn new_case_item(c: &NewCase, lang: Lang, esc: Escape, multi_day: bool) -> String {
    let who = match (&c.name, c.channel) {
        (Some(n), Some(ch)) => format!(
            " {}{}{}{}",
            esc(n),
            masked(&c.id_number_masked, lang),
            pick(lang, "，", ", "),
            ch.label(lang)
        ),
        (Some(n), None) => format!(" {}{}", esc(n), masked(&c.id_number_masked, lang)),
        _ => String::new(),
    };
    let matter = esc(&short(&c.matter, MATTER_CHARS));
    let at = clock_time(&c.registered_at, multi_day);
    match lang {
        Lang::Zh => format!(
            "{at} {}{who}：{matter}（{}）",
            c.case_no,
            c.status.label(lang)
        ),
        Lang::En => format!(
            "{at} {}{who}: {matter} ({})",
            c.case_no,
            c.status.label(lang)
        ),
    }
}

pub(super) fn visitor_item(v: &Visitor, lang: Lang, esc: Escape, multi_day: bool) -> String {
    let head = format!(
        "{} {}{}",
        queue_label(v.queue_date, v.queue_no, lang),
        esc(&v.name),
        masked(&v.id_number_masked, lang)
    );
    let group = if v.headcount > 1 {
        format!("{}{}", pick(lang, "，", ", "), people(v.headcount, lang))
    } else {
        String::new()
    };
    let state = match (v.status, lang) {
        (QueueStatus::Receiving, Lang::Zh) => format!(
            "接待中（{}，{} 开始；此前等候 {}）",
            v.received_by.as_deref().map(esc).unwrap_or_default(),
            v.received_at
                .as_deref()
                .map(|t| clock_time(t, multi_day))
                .unwrap_or_default(),
            duration(v.waited_minutes, lang)
        ),
        (QueueStatus::Receiving, Lang::En) => format!(
            "being received by {} since {} (waited {})",
            v.received_by.as_deref().map(esc).unwrap_or_default(),
            v.received_at
                .as_deref()
                .map(|t| clock_time(t, multi_day))
                .unwrap_or_default(),
            duration(v.waited_minutes, lang)
        ),
        (QueueStatus::Left, Lang::Zh) => format!(
            "{} 未接待即离开（等候 {}）",
            v.left_at
                .as_deref()
                .map(|t| clock_time(t, multi_day))
                .unwrap_or_default(),
            duration(v.waited_minutes, lang)
        ),
        (QueueStatus::Left, Lang::En) => format!(
            "left unseen at {} (after waiting {})",
            v.left_at
                .as_deref()
                .map(|t| clock_time(t, multi_day))
                .unwrap_or_default(),
            duration(v.waited_minutes, lang)
        ),
        (_, Lang::Zh) => format!("等候中，已等 {}", duration(v.waited_minutes, lang)),
        (_, Lang::En) => format!("waiting for {}", duration(v.waited_minutes, lang)),
    };
    let desk = match lang {
        Lang::Zh => format!("{} 登记", esc(&v.checked_in_by)),
        Lang::En => format!("checked in by {}", esc(&v.checked_in_by)),
    };
    let sep = pick(lang, "，", ", ");
    let matter = esc(&short(&v.matter, MATTER_CHARS));
    let case = match lang {
        Lang::Zh => format!("事项 {}「{matter}」", v.case_no),
        Lang::En => format!("case {} \"{matter}\"", v.case_no),
    };
    format!("{head}{group}{sep}{state}{sep}{case}{sep}{desk}")
}

pub(super) fn clock_item(c: &DueClock, lang: Lang, esc: Escape) -> String {
    let matter = esc(&short(&c.matter, MATTER_CHARS));
    let handler = c.handler.as_deref().map(esc).unwrap_or_else(|| "-".into());
    // Most cases at the desk have no unit yet; "unit -" on every line is noise.
    let unit = match (&c.unit, lang) {
        (Some(u), Lang::Zh) => format!("；承办单位 {}", esc(u)),
        (Some(u), Lang::En) => format!("; unit {}", esc(u)),
        (None, _) => String::new(),
    };
    let mut left = crate::words::clocks::days_left(c.days_left, lang);
    if c.notice_missing {
        let missing = crate::words::notices::notice_missing(lang);
        left = match lang {
            Lang::Zh => format!("{left}（{missing}）"),
            Lang::En => format!("{left} ({missing})"),
        };
    }
    match lang {
        Lang::Zh => format!(
            "{}「{matter}」（{}）：{} 到期，{left}；承办人 {handler}{unit}",
            c.case_no,
            c.status.label(lang),
            c.due,
        ),
        Lang::En => format!(
            "{} \"{matter}\" ({}): due {}, {left}; handler {handler}{unit}",
            c.case_no,
            c.status.label(lang),
            c.due,
        ),
    }
}

pub(super) fn letter_item(l: &UnroutedLetter, lang: Lang, esc: Escape, multi_day: bool) -> String {
    let c = &l.contact;
    let head = format!(
        "{} {} {}{}",
        clock_time(&c.arrived_at, multi_day),
        c.letter_no.as_deref().map(esc).unwrap_or_default(),
        esc(&c.name),
        masked(&c.id_number_masked, lang)
    );
    let matter = esc(&short(&c.matter, MATTER_CHARS));
    let due = match (l.route_due, l.days_left) {
        (Some(d), Some(n)) => match lang {
            Lang::Zh => format!(
                "；转送期限 {d}（{}）",
                crate::words::clocks::days_left(n, lang)
            ),
            Lang::En => format!(
                "; route by {d} ({})",
                crate::words::clocks::days_left(n, lang)
            ),
        },
        _ => String::new(),
    };
    match lang {
        Lang::Zh => format!("{head}，事项 {}「{matter}」{due}", c.case_no),
        Lang::En => format!("{head}, case {} \"{matter}\"{due}", c.case_no),
    }
}

/// The channel table's rows as text cells: label, batches, people; the last row is
/// the total.
pub fn channel_rows(s: &HandoverSummary, lang: Lang) -> Vec<[String; 3]> {
    let mut rows: Vec<[String; 3]> = s
        .by_channel
        .iter()
        .map(|t| {
            [
                capitalized(t.channel.label(lang)),
                t.batches.to_string(),
                t.people.to_string(),
            ]
        })
        .collect();
    rows.push([
        pick(lang, "合计", "Total").to_string(),
        s.batches.to_string(),
        s.people.to_string(),
    ]);
    rows
}

pub fn channel_header(lang: Lang) -> [&'static str; 3] {
    [
        pick(lang, "渠道", "Channel"),
        pick(lang, "批次", "Batches"),
        pick(lang, "人次", "People"),
    ]
}
