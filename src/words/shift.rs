//! What `jiedai shift` and `jiedai handover` say about shifts. Names and times come
//! in already made safe to print.

use super::pick;
use crate::domain::Lang;

pub fn handed_over(lang: Lang, id: i64, from: &str, to: &str, at: &str) -> String {
    pick(
        lang,
        format!("班次 #{id} 已于 {at} 由 {from} 交班给 {to}；请 {to} 用 `jiedai handover ack` 确认。"),
        format!("shift #{id} handed over by {from} to {to} at {at}; {to} acknowledges with `jiedai handover ack`"),
    )
}

pub fn acknowledged(lang: Lang, id: i64, from: &str, at: &str) -> String {
    pick(
        lang,
        format!("已确认 {from} 的交班（班次 #{id}，{at} 交班）。"),
        format!("acknowledged the handover from {from} (shift #{id}, handed over {at})"),
    )
}

pub fn notes_saved(lang: Lang, id: i64) -> String {
    pick(
        lang,
        format!("班次 #{id} 的交班备注已保存。"),
        format!("notes of shift #{id} saved"),
    )
}

pub fn started(lang: Lang, id: i64, officer: &str, at: &str, resumed: bool) -> String {
    match (lang, resumed) {
        (Lang::Zh, false) => format!("{officer} 的班次 #{id} 已开始（{at}）。"),
        (Lang::Zh, true) => format!("{officer} 的班次 #{id} 仍未结束（{at} 开始），继续该班次。"),
        (Lang::En, false) => format!("shift #{id} of {officer} started at {at}"),
        (Lang::En, true) => {
            format!("shift #{id} of {officer} is still open (started {at}); resuming it")
        }
    }
}

pub fn ended(lang: Lang, id: i64, at: &str) -> String {
    pick(
        lang,
        format!("班次 #{id} 已于 {at} 结束（未交班）。"),
        format!("shift #{id} ended at {at} (not handed over)"),
    )
}

pub fn no_shift(lang: Lang) -> &'static str {
    pick(
        lang,
        "尚无班次记录；用 `jiedai shift start` 开始。",
        "no shift on record; start one with `jiedai shift start`",
    )
}

pub fn last_handover(lang: Lang) -> &'static str {
    pick(lang, "最近一次交班：", "last handover:")
}

pub fn notes_label(lang: Lang) -> &'static str {
    pick(lang, "交班备注：", "notes:")
}

/// A shift not handed over: open (`ended` is `None`), or ended.
pub fn shift_line(
    lang: Lang,
    id: i64,
    officer: &str,
    started: &str,
    ended: Option<&str>,
) -> String {
    match (lang, ended) {
        (Lang::Zh, None) => format!("{officer} 的班次 #{id}：{started} 开始，进行中"),
        (Lang::En, None) => format!("shift #{id} of {officer}: started {started}, open"),
        (Lang::Zh, Some(e)) => format!("{officer} 的班次 #{id}：{started} 开始，{e} 结束，未交班"),
        (Lang::En, Some(e)) => {
            format!("shift #{id} of {officer}: {started} to {e}, not handed over")
        }
    }
}

/// A handover, and who acknowledged it when (`None`: nobody yet).
pub fn handover_line(
    lang: Lang,
    id: i64,
    from: &str,
    to: &str,
    at: &str,
    acked: Option<(&str, &str)>,
) -> String {
    let ack = match (acked, lang) {
        (Some((by, when)), Lang::Zh) => format!("{by} 已于 {when} 确认"),
        (Some((by, when)), Lang::En) => format!("acknowledged by {by} at {when}"),
        (None, Lang::Zh) => "尚未确认".to_string(),
        (None, Lang::En) => "not acknowledged".to_string(),
    };
    pick(
        lang,
        format!("班次 #{id}：{from} 于 {at} 交班给 {to}，{ack}"),
        format!("shift #{id}: {from} handed over to {to} at {at}, {ack}"),
    )
}

pub fn pending(lang: Lang, n: usize) -> String {
    pick(
        lang,
        format!("待确认的交班（{n}）：用 `jiedai handover ack` 确认"),
        format!("handovers waiting for your acknowledgment ({n}): `jiedai handover ack`"),
    )
}
