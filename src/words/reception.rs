//! The words of a leader's reception on its day: bookings, a walk-in routed from
//! the queue, the leader's word recorded from the desk, and what the queue's row
//! and the timeline say of them.

use super::{pick, Label};
use crate::domain::leaders::{LeadersProblem, ReceptionKind};
use crate::domain::Lang;
use crate::store::leaders::{Booking, Reception, ReceptionMark};

/// The refusals that belong to this part of the register (`words::leaders` words
/// the rest).
pub fn problem(p: &LeadersProblem, lang: Lang) -> Option<String> {
    Some(match (p, lang) {
        (LeadersProblem::ReceptionPast(d), Lang::Zh) => {
            format!("该接访安排在 {d}，已经过去，不能再预约")
        }
        (LeadersProblem::ReceptionPast(d), Lang::En) => {
            format!("that reception was on {d}, which has passed: it takes no more bookings")
        }
        (LeadersProblem::AlreadyBooked, Lang::Zh) => "此人已预约了这场接访".into(),
        (LeadersProblem::AlreadyBooked, Lang::En) => {
            "this person is already booked for that reception".into()
        }
        (LeadersProblem::AlreadyRecorded, Lang::Zh) => {
            "该来访人已转这场接访；领导意见已记录过（如需补充，请在时间线上加备注）".into()
        }
        (LeadersProblem::AlreadyRecorded, Lang::En) => {
            "this visitor is already at that reception and the leader's word is on record (add a note on the timeline to add to it)".into()
        }
        _ => return None,
    })
}

fn leader_kind(leader: &str, kind: ReceptionKind, lang: Lang) -> String {
    let leader = crate::text::sanitize_for_display(leader);
    match lang {
        Lang::Zh => format!("{leader}{}", kind.label(lang)),
        Lang::En => format!("{leader} {}", kind.label(lang)),
    }
}

/// The timeline's words for a walk-in routed to a reception (`reception`).
pub fn event_parts(detail: &serde_json::Value, lang: Lang) -> Vec<String> {
    let text = |k: &str| {
        detail
            .get(k)
            .and_then(serde_json::Value::as_str)
            .map(|s| crate::text::sanitize_for_display(s).into_owned())
    };
    let kind = text("reception_kind")
        .and_then(|k| ReceptionKind::from_code(&k))
        .unwrap_or(ReceptionKind::Reception);
    let mut parts = Vec::new();
    parts.extend(text("leader").map(|l| leader_kind(&l, kind, lang)));
    parts.extend(text("time"));
    parts.extend(text("place"));
    if let Some(n) = detail.get("queue_no").and_then(serde_json::Value::as_i64) {
        parts.push(match lang {
            Lang::Zh => format!("排队第 {n} 号"),
            Lang::En => format!("queue no. {n}"),
        });
    }
    parts
}

/// What `reception book` prints.
pub fn booking_row(b: &Booking, lang: Lang, safe: fn(&str) -> String) -> String {
    let case = b
        .case_no
        .as_deref()
        .map(|c| format!(" {c}"))
        .unwrap_or_default();
    match lang {
        Lang::Zh => format!(
            "预约 #{}：{}{case} → 接访 #{} {} {} {}",
            b.id,
            safe(&b.name),
            b.reception_id,
            b.day,
            b.time,
            leader_kind(&b.leader, b.kind, lang)
        ),
        Lang::En => format!(
            "booking #{}: {}{case} → reception #{} {} {} {}",
            b.id,
            safe(&b.name),
            b.reception_id,
            b.day,
            b.time,
            leader_kind(&b.leader, b.kind, lang)
        ),
    }
}

/// The queue row's mark, short enough to leave the flags room at 80 columns:
/// booked for today's reception at that time, or already routed to that leader.
pub fn queue_mark(m: &ReceptionMark, lang: Lang) -> String {
    let leader = crate::text::sanitize_for_display(&m.leader);
    match (m.contact_id.is_some(), lang) {
        (true, Lang::Zh) => format!("转{leader}"),
        (true, Lang::En) => format!("→{leader}"),
        (false, Lang::Zh) => format!("约{}", m.time),
        (false, Lang::En) => format!("booked {}", m.time),
    }
}

/// No leader receives today: say so, and how one is scheduled, within the
/// status line of an 80-column terminal.
pub fn none_today(lang: Lang) -> &'static str {
    pick(
        lang,
        "今天没有领导接访，无处可转；安排接访：jiedai reception add",
        "No leader receives today; schedule one with: jiedai reception add",
    )
}

/// A visitor who left unseen cannot be received.
pub fn left_unseen(lang: Lang) -> &'static str {
    pick(
        lang,
        "此人已未见离开，不能转领导接访",
        "this visitor left unseen and cannot go to a leader's reception",
    )
}

/// The picker's title when several leaders receive today.
pub fn pick_title(no: i64, name: &str, lang: Lang) -> String {
    let name = crate::text::sanitize_for_display(name);
    match lang {
        Lang::Zh => format!("第 {no} 号 {name} 转哪场领导接访？"),
        Lang::En => format!("Which leader's reception for no. {no} {name}?"),
    }
}

/// One reception in the picker: time, leader and kind, place, people received.
pub fn pick_row(r: &Reception, booked: bool, lang: Lang) -> String {
    let place = crate::text::sanitize_for_display(&r.place);
    let booked = match (booked, lang) {
        (true, Lang::Zh) => "  （已预约）",
        (true, Lang::En) => "  (booked)",
        (false, _) => "",
    };
    match lang {
        Lang::Zh => format!(
            "{} {}，{place}，已接待 {} 人{booked}",
            r.time,
            leader_kind(&r.leader, r.kind, lang),
            r.visits
        ),
        Lang::En => format!(
            "{} {}, {place}, {} received{booked}",
            r.time,
            leader_kind(&r.leader, r.kind, lang),
            r.visits
        ),
    }
}

/// The form's title: routing the walk-in, or filling in the leader's word later.
pub fn form_title(r: &Reception, no: i64, name: &str, routed: bool, lang: Lang) -> String {
    let name = crate::text::sanitize_for_display(name);
    let at = leader_kind(&r.leader, r.kind, lang);
    match (routed, lang) {
        (false, Lang::Zh) => format!("转{at}（{}）· 第 {no} 号 {name}", r.time),
        (false, Lang::En) => format!("To {at} ({}) · no. {no} {name}", r.time),
        (true, Lang::Zh) => format!("记录领导意见 · {at} · 第 {no} 号 {name}"),
        (true, Lang::En) => format!("The leader's word · {at} · no. {no} {name}"),
    }
}

pub fn f_opinion(lang: Lang) -> &'static str {
    pick(
        lang,
        "领导意见/批示（可稍后补记）",
        "Leader's opinion (or add it later)",
    )
}

pub fn f_assign_unit(lang: Lang) -> &'static str {
    pick(lang, "领导交办单位（可选）", "Assigned to unit (optional)")
}

pub fn f_deadline(lang: Lang) -> &'static str {
    pick(lang, "交办期限（年-月-日）", "Unit's deadline (YYYY-MM-DD)")
}

/// A 领导交办 needs both its unit and its deadline.
pub fn unit_and_deadline(lang: Lang) -> &'static str {
    pick(
        lang,
        "领导交办须同时填写交办单位和期限",
        "a 领导交办 needs both the unit and its deadline",
    )
}

/// The flash after the desk recorded it.
pub fn recorded(no: i64, leader: &str, kind: ReceptionKind, word: bool, lang: Lang) -> String {
    let at = leader_kind(leader, kind, lang);
    match (word, lang) {
        (false, Lang::Zh) => format!("第 {no} 号已转{at}，已记入时间线"),
        (false, Lang::En) => format!("No. {no} routed to {at}; on the timeline"),
        (true, Lang::Zh) => format!("第 {no} 号：{at}的意见已记入时间线"),
        (true, Lang::En) => format!("No. {no}: {at}'s word is on the timeline"),
    }
}
