//! The words of a matter's life beyond its status: where it came from, the report
//! back, 交办 and the unit's objection, in 中文 and English.

use crate::domain::lifecycle::AnnotationError;
use crate::domain::Lang;

/// The refusals of `domain::assigned`, in `lang` (the English is their `Display`).
pub fn refusal(e: &AnnotationError, lang: Lang) -> String {
    use AnnotationError as E;
    let zh = lang == Lang::Zh;
    match e {
        E::NotFromAbove if zh => "本事项不是上级交办或转送的，无需报结".into(),
        E::NotFromAbove => "this matter did not come from above; there is nobody to report back to".into(),
        E::NoReportDue if zh => "上级未要求报结本事项（上级转送、不需报结）".into(),
        E::NoReportDue => "the office above asked for no report back on this matter".into(),
        E::AlreadyReportedBack(on) if zh => format!("本事项已于 {on} 报结"),
        E::AlreadyReportedBack(on) => format!("this matter was already reported back on {on}"),
        E::NotAnsweredYet if zh => {
            "尚未答复或作出不予受理决定：先办结，再报结".into()
        }
        E::NotAnsweredYet => {
            "the matter has not been answered yet: reply or not-accept it before reporting back".into()
        }
        E::DateInFuture(d) if zh => format!("日期 {d} 晚于今天"),
        E::DateInFuture(d) => format!("the date {d} is after today"),
        E::DateBeforeReceived { date, received } if zh => {
            format!("日期 {date} 早于收到上级来文的日期 {received}")
        }
        E::DateBeforeReceived { date, received } => {
            format!("the date {date} is before the matter was received from above on {received}")
        }
        E::TextRequired if zh => "须写明内容（--text）".into(),
        E::TextRequired => "this step needs its text in writing: add --text \"...\"".into(),
        E::ObjectionLate(closed) if zh => format!(
            "异议期已过：收到之日起 5 个工作日内提出异议（《信访工作条例》第二十三条），已于 {closed} 截止"
        ),
        E::ObjectionLate(closed) => format!(
            "too late for an objection: a unit objects within 5 working days of receiving the matter (Art. 23); the window closed on {closed}"
        ),
        E::UpperDetailsForLocal if zh => {
            "来文单位、文号、收文日期、上级期限只用于上级交办或上级转送的事项：请同时填写来源".into()
        }
        E::UpperDetailsForLocal => "the sending office, document, date received and upper deadline belong to a matter from above: give --source too".into(),
        E::UpperOfficeRequired if zh => "上级交办或转送的事项须写明来文单位".into(),
        E::UpperOfficeRequired => "a matter from above names the office that sent it (--from-office)".into(),
        E::UpperDueBeforeReceived { due, received } if zh => {
            format!("上级期限 {due} 早于收文日期 {received}")
        }
        E::UpperDueBeforeReceived { due, received } => {
            format!("the upper deadline {due} is before the day the matter was received, {received}")
        }
        E::RequestLate(closed) if zh => format!(
            "申请期限已于 {closed} 届满（收到意见之日起 30 日内，第三十五条）：逾期申请须写明理由（--late-reason）方可登记"
        ),
        E::RequestLate(closed) => format!(
            "the window to ask closed on {closed} (30 days from the opinion, Art. 35); a late request is recorded only with its reason (--late-reason)"
        ),
        E::Merged(into) if zh => format!("本事项已并入 {into}：请在 {into} 上办理"),
        E::Merged(into) => format!("this matter was merged into {into}; work on {into}"),
        E::MergeIntoItself if zh => "事项不能并入自身：请指定原事项".into(),
        E::MergeIntoItself => "a matter cannot be merged into itself; name the original".into(),
        E::MergeIntoMerged(into) if zh => format!("原事项本身已并入 {into}：请并入 {into}"),
        E::MergeIntoMerged(into) => format!("the original was itself merged into {into}; merge into {into}"),
        E::AssignDueNotAhead(d) if zh => format!("交办期限 {d} 须晚于今天"),
        E::AssignDueNotAhead(d) => format!("the deadline of an assignment down, {d}, must be after today"),
        // The older refusals are worded in `errors`, which never sends them here.
        other => format!("{other:?}"),
    }
}

/// "报结" lines and the source line of a case, for `case show` and the timeline.
pub fn source_line(
    source: crate::domain::Source,
    upper: Option<&crate::domain::assigned::UpperTerms>,
    lang: Lang,
) -> String {
    use super::Label;
    let mut parts = vec![source.label(lang).to_string()];
    if let Some(u) = upper {
        let zh = lang == Lang::Zh;
        parts.push(crate::text::sanitize_for_display(&u.from_office).into_owned());
        if let Some(d) = &u.doc_no {
            parts.push(crate::text::sanitize_for_display(d).into_owned());
        }
        parts.push(if zh {
            format!("{} 收文，{} 到期", u.received, u.due)
        } else {
            format!("received {}, due {}", u.received, u.due)
        });
        parts.push(
            match (u.report_due, zh) {
                (true, true) => "需报结",
                (false, true) => "不需报结",
                (true, false) => "report back due",
                (false, false) => "no report due",
            }
            .to_string(),
        );
    }
    parts.join(" · ")
}

/// A source as an officer writes it: its code (dashes allowed), its label in
/// either language, or the short 交办 / 转送.
pub fn parse_source(given: &str) -> Option<crate::domain::Source> {
    use super::Label;
    use crate::domain::Source;
    let g = given.trim();
    let code = g.to_ascii_lowercase().replace(['-', ' '], "_");
    match g {
        "交办" => return Some(Source::AssignedFromAbove),
        "转送" => return Some(Source::TransferredFromAbove),
        _ => {}
    }
    Source::ALL.iter().copied().find(|s| {
        s.code() == code
            || s.label(Lang::Zh) == g
            || s.label(Lang::En).replace(' ', "_") == code
            || (code == "own" && *s == Source::Local)
    })
}

/// Whether a yes/no answer says yes, as typed on the command line or the desk.
pub fn parse_yes_no(given: &str) -> Option<bool> {
    match given.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" | "需" | "需要" => Some(true),
        "no" | "n" | "false" | "0" | "否" | "不" | "不需" | "不需要" => Some(false),
        _ => None,
    }
}

pub fn unknown_source(lang: Lang, given: &str) -> String {
    match lang {
        Lang::Zh => format!("--source：{given:?} 不是来源：请用 本级、上级交办 或 上级转送"),
        Lang::En => format!(
            "--source: {given:?} is not a source; use local (本级), assigned-from-above (上级交办) or transferred-from-above (上级转送)"
        ),
    }
}

pub fn not_yes_no(lang: Lang, flag: &str, given: &str) -> String {
    match lang {
        Lang::Zh => format!("{flag}：{given:?} 应为 yes 或 no（是/否）"),
        Lang::En => format!("{flag}: {given:?} must be yes or no"),
    }
}

/// The label of a 交办's deadline field in the step form.
pub fn f_due(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "期限（年-月-日，可空）",
        Lang::En => "Due (YYYY-MM-DD, optional)",
    }
}

/// The label of the report's document number in the step form.
pub fn f_doc_no(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "报结文号（可空）",
        Lang::En => "Document no. (optional)",
    }
}

/// "来源：" before a case's source line.
pub fn source_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "来源：",
        Lang::En => "Source: ",
    }
}

pub fn reported_back(lang: Lang, on: chrono::NaiveDate) -> String {
    match lang {
        Lang::Zh => format!("已于 {on} 报结"),
        Lang::En => format!("reported back on {on}"),
    }
}

/// What a registration from above, a 交办, an objection or a report back recorded.
pub fn event_parts(
    kind: crate::domain::EventKind,
    detail: &serde_json::Value,
    lang: Lang,
) -> Vec<String> {
    use crate::domain::EventKind as K;
    let text = |k: &str| {
        detail
            .get(k)
            .and_then(serde_json::Value::as_str)
            .map(|s| crate::text::sanitize_for_display(s).into_owned())
    };
    let zh = lang == Lang::Zh;
    let mut parts = Vec::new();
    match kind {
        K::Registered | K::SetSource => {
            let upper = detail.get("upper").and_then(|u| {
                serde_json::from_value::<crate::domain::assigned::UpperTerms>(u.clone()).ok()
            });
            if let Some(u) = upper {
                let source = text("source")
                    .and_then(|s| crate::domain::Source::from_code(&s))
                    .unwrap_or(crate::domain::Source::AssignedFromAbove);
                parts.push(source_line(source, Some(&u), lang));
            }
        }
        K::AssignDown => {
            parts.extend(text("unit").map(|u| format!("→ {u}")));
            parts.extend(text("due").map(|d| {
                if zh {
                    format!("{d} 前办结并报告结果")
                } else {
                    format!("due {d}, result to be reported")
                }
            }));
            parts.extend(text("text"));
        }
        K::ReportBack => {
            parts.extend(text("to_office").map(|o| format!("→ {o}")));
            parts.extend(text("doc_no"));
            parts.extend(text("date").map(|d| {
                if zh {
                    format!("{d} 报送")
                } else {
                    format!("sent {d}")
                }
            }));
            parts.extend(text("text"));
        }
        K::Merge => {
            parts.extend(text("into").map(|n| format!("→ {n}")));
            parts.extend(text("text"));
        }
        K::RequestReview | K::RequestRecheck => {
            parts.extend(text("text"));
            if detail.get("late").and_then(serde_json::Value::as_bool) == Some(true) {
                let closed = text("window_closed").unwrap_or_default();
                let why = text("late_reason").unwrap_or_default();
                parts.push(if zh {
                    format!("逾期申请（期限 {closed} 届满）：{why}")
                } else {
                    format!("late (window closed {closed}): {why}")
                });
            }
        }
        _ => parts.extend(text("text")),
    }
    parts
}

/// The Chinese of the command line's help for a matter's life (see `words::help`).
pub const HELP_ZH: &[(&str, &str)] = &[
    (
        "来源登记: record that a registered matter came from above (before it is routed)",
        "来源登记：登记事项为上级交办或转送（须在受理、转送或不予受理之前）",
    ),
    (
        "Where the matter came from: 上级交办 (assigned-from-above) or 上级转送 (transferred-from-above)",
        "事项来源：上级交办或上级转送",
    ),
    (
        "Where the matter came from: 本级 (local), 上级交办 (assigned-from-above) or 上级转送 (transferred-from-above)",
        "事项来源：本级、上级交办或上级转送",
    ),
    ("The office that sent the matter down (来文单位)", "来文单位"),
    ("Its document or item number (文号/件号)", "来文文号或件号"),
    (
        "The day it was received from above (YYYY-MM-DD) [default: today]",
        "收到上级来文的日期（YYYY-MM-DD）［默认：今天］",
    ),
    (
        "The upper office's deadline (YYYY-MM-DD) [default: 60 days after receipt]",
        "上级办理期限（YYYY-MM-DD）［默认：收文后 60 天］",
    ),
    (
        "Whether a report back (报结) is due: yes or no [default: yes for 上级交办, no for 上级转送]",
        "是否需要报结：yes 或 no［默认：上级交办需要，上级转送不需要］",
    ),
    (
        "转送: send the matter to the competent unit (no report due)",
        "转送：将事项转送有权处理的单位（不要求报告结果）",
    ),
    (
        "交办: assign the matter down to a unit with a deadline and a required report (Art. 22)",
        "交办：交由单位办理，规定期限并要求报告结果（第二十二条）",
    ),
    (
        "The unit's deadline (YYYY-MM-DD) [default: the handling days from today]",
        "承办单位的办理期限（YYYY-MM-DD）［默认：自今天起按办理期限天数］",
    ),
    (
        "异议退回: the receiving unit objects within 5 working days (Art. 23); the matter comes back (needs --text)",
        "异议退回：承办单位收到之日起 5 个工作日内提出异议（第二十三条），事项退回（须用 --text 写明理由）",
    ),
    (
        "报结: report the result of a matter from above back to the office that sent it",
        "报结：向交办的上级机关报告办理结果",
    ),
    ("What was reported", "报结内容"),
    (
        "并案: merge a duplicate matter into its original (the duplicate keeps its number and takes no more steps)",
        "并案：将重复事项并入原事项（重复事项保留编号，不再办理）",
    ),
    ("The duplicate", "重复事项"),
    (
        "An enquiry on this case (问进展): recorded as a contact on it, opens no case and is no repeat petition",
        "询问此事项的办理进展（问进展）：记为该事项的一次联系，不新开事项，也不计为重复信访",
    ),
    ("The original it duplicates", "原事项"),
    (
        "Record a request made after its 30-day window, for this reason (the clock stays late)",
        "申请超过 30 日期限时，写明理由后予以登记（时限仍显示逾期）",
    ),
    ("The number of our report (报结文号)", "报结文号"),
    (
        "The day it was sent (YYYY-MM-DD) [default: today]",
        "报送日期（YYYY-MM-DD）［默认：今天］",
    ),
];

pub fn source_from_above_only(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "来源须为 上级交办 或 上级转送",
        Lang::En => {
            "The source must be 上级交办 (assigned from above) or 上级转送 (transferred from above)"
        }
    }
}

pub fn yes_or_no(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "须填 是 或 否",
        Lang::En => "Answer yes or no",
    }
}

pub fn source_refused(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "来源只能在事项受理、转送或不予受理之前登记一次",
        Lang::En => {
            "the source is recorded once, before the matter is accepted, sent on or refused"
        }
    }
}

pub fn f_source(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "来源（上级交办/上级转送）",
        Lang::En => "Source (交办 / 转送)",
    }
}

pub fn f_office(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "来文单位",
        Lang::En => "Sending office",
    }
}

pub fn f_upper_doc_no(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "文号/件号（可空）",
        Lang::En => "Document no. (optional)",
    }
}

pub fn f_received(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "收文日期（可空，默认今天）",
        Lang::En => "Received (YYYY-MM-DD, default today)",
    }
}

pub fn f_upper_due(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "上级期限（可空，默认 60 天）",
        Lang::En => "Upper deadline (default 60 days)",
    }
}

pub fn f_report_due(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "需报结（是/否，可空）",
        Lang::En => "Report back due (yes/no, optional)",
    }
}

pub fn f_late_reason(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "逾期理由（超过 30 日期限时填写）",
        Lang::En => "Late reason (if past the 30 days)",
    }
}

/// The mark of an initial matter (初信初访).
pub fn initial_mark(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "初信初访",
        Lang::En => "initial matter",
    }
}

/// The mark of a duplicate merged into its original.
pub fn merged_into(lang: Lang, into: &str) -> String {
    match lang {
        Lang::Zh => format!("已并入 {into}"),
        Lang::En => format!("merged into {into}"),
    }
}
