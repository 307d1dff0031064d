//! The words of 满意度评价 and 回访, in 中文 and English: the labels of stages,
//! results and channels, what the command line accepts for them, the refusals,
//! the timeline's lines, and the 回访 lines of the queue, the handover and the
//! report.

use super::labels::labels;
use super::{pick, Label};
use crate::domain::ratings::{FollowUpResult, RatingError, RatingResult, RatingStage, RatingVia};
use crate::domain::Lang;
use crate::store::ratings_port::FollowUpItem;
use chrono::NaiveDate;
use serde_json::Value;
use std::fmt;

labels! {
    RatingStage {
        Accept => "受理", "acceptance";
        Reply => "答复", "reply";
        Review => "复查", "review";
        Recheck => "复核", "recheck";
    }
}

labels! {
    RatingResult {
        Satisfied => "满意", "satisfied";
        FairlySatisfied => "基本满意", "fairly satisfied";
        Dissatisfied => "不满意", "dissatisfied";
    }
}

labels! {
    RatingVia {
        InPerson => "当面", "in person";
        Phone => "电话", "phone";
        Sms => "短信", "text message";
        Online => "网上", "online";
    }
}

labels! {
    FollowUpResult {
        Settled => "息诉", "settled";
        StillClaims => "仍有诉求", "still claims";
        Unreachable => "联系不上", "unreachable";
    }
}

/// Reads a code as typed: its code (dashes and spaces as underscores), its label
/// in either language, or one of the extra English words.
fn parse<T: Label + 'static>(
    all: &[T],
    code: fn(T) -> &'static str,
    given: &str,
    extra: &[(&str, T)],
) -> Option<T> {
    let g = given.trim();
    let low = g.to_ascii_lowercase().replace(['-', ' '], "_");
    if let Some((_, t)) = extra.iter().find(|(w, _)| *w == low) {
        return Some(*t);
    }
    all.iter().copied().find(|t| {
        code(*t) == low || t.label(Lang::Zh) == g || t.label(Lang::En).replace(' ', "_") == low
    })
}

/// `--stage`: 受理 / 答复 / 复查 / 复核, or accept / reply / review / recheck.
pub fn parse_stage(given: &str) -> Option<RatingStage> {
    parse(
        RatingStage::ALL,
        RatingStage::code,
        given,
        &[
            ("accepted", RatingStage::Accept),
            ("acceptance", RatingStage::Accept),
            ("answer", RatingStage::Reply),
        ],
    )
}

/// `--result`: 满意 / 基本满意 / 不满意, or satisfied / fairly-satisfied / dissatisfied.
pub fn parse_result(given: &str) -> Option<RatingResult> {
    parse(
        RatingResult::ALL,
        RatingResult::code,
        given,
        &[
            ("fairly", RatingResult::FairlySatisfied),
            ("basically_satisfied", RatingResult::FairlySatisfied),
            ("unsatisfied", RatingResult::Dissatisfied),
        ],
    )
}

/// `--via`: 当面 / 电话 / 短信 / 网上, or in-person / phone / sms / online.
pub fn parse_via(given: &str) -> Option<RatingVia> {
    parse(
        RatingVia::ALL,
        RatingVia::code,
        given,
        &[
            ("face_to_face", RatingVia::InPerson),
            ("call", RatingVia::Phone),
            ("text", RatingVia::Sms),
            ("text_message", RatingVia::Sms),
            ("web", RatingVia::Online),
        ],
    )
}

/// `follow-up --result`: 息诉 / 仍有诉求 / 联系不上, or settled / still-claims / unreachable.
pub fn parse_follow_up(given: &str) -> Option<FollowUpResult> {
    parse(
        FollowUpResult::ALL,
        FollowUpResult::code,
        given,
        &[
            ("still_claiming", FollowUpResult::StillClaims),
            ("no_contact", FollowUpResult::Unreachable),
        ],
    )
}

/// What a flag accepts, for a usage error: `受理|答复|复查|复核 (accept|reply|…)`.
fn choices<T: Label>(all: &[T], code: fn(T) -> &'static str) -> String {
    let zh: Vec<&str> = all.iter().map(|t| t.label(Lang::Zh)).collect();
    let en: Vec<String> = all.iter().map(|t| code(*t).replace('_', "-")).collect();
    format!("{} ({})", zh.join("|"), en.join("|"))
}

/// A value of `flag` that is none of its choices.
pub fn unknown(lang: Lang, flag: &str, given: &str) -> String {
    let list = match flag {
        "--stage" => choices(RatingStage::ALL, RatingStage::code),
        "--via" => choices(RatingVia::ALL, RatingVia::code),
        "--result" if parse_result(given).is_none() && parse_follow_up(given).is_some() => {
            choices(RatingResult::ALL, RatingResult::code)
        }
        _ => choices(RatingResult::ALL, RatingResult::code),
    };
    let given = crate::text::excerpt(given, 20);
    pick(
        lang,
        format!("{flag}：无法识别“{given}”，请写 {list}"),
        format!("{flag}: '{given}' is not understood; give {list}"),
    )
}

/// `follow-up --result` that is none of its choices.
pub fn unknown_follow_up(lang: Lang, given: &str) -> String {
    let list = choices(FollowUpResult::ALL, FollowUpResult::code);
    let given = crate::text::excerpt(given, 20);
    pick(
        lang,
        format!("--result：无法识别“{given}”，请写 {list}"),
        format!("--result: '{given}' is not understood; give {list}"),
    )
}

fn stages(lang: Lang, list: &[RatingStage]) -> String {
    if list.is_empty() {
        return pick(lang, "无", "none").to_string();
    }
    let names: Vec<&str> = list.iter().map(|s| s.label(lang)).collect();
    names.join(pick(lang, "、", ", "))
}

/// A refusal of `domain::ratings`, in `lang` (the English is its `Display`).
pub fn error(e: &RatingError, lang: Lang) -> String {
    use RatingError as E;
    let zh = lang == Lang::Zh;
    match e {
        E::StageNotReached { stage, reached } if zh => format!(
            "本事项尚未作出{}意见，不能评价该环节；可评价的环节：{}",
            stage.label(lang),
            stages(lang, reached)
        ),
        E::StageNotReached { stage, reached } => format!(
            "the matter has no {} decision to rate yet; stages it has reached: {}",
            stage.label(lang),
            stages(lang, reached)
        ),
        E::WindowClosed { stage, closed_on } if zh => format!(
            "{}环节的评价期已于 {closed_on} 届满：逾期评价不予登记",
            stage.label(lang)
        ),
        E::WindowClosed { stage, closed_on } => format!(
            "too late: the rating window of the {} closed on {closed_on}",
            stage.label(lang)
        ),
        E::BeforeDecision { stage, decided_on } if zh => format!(
            "评价日期早于{}意见作出之日 {decided_on}",
            stage.label(lang)
        ),
        E::BeforeDecision { stage, decided_on } => format!(
            "the rating is dated before the {} was decided on {decided_on}",
            stage.label(lang)
        ),
        E::AlreadyRated { stage, rated_on } if zh => {
            format!("{}环节已于 {rated_on} 评价过", stage.label(lang))
        }
        E::AlreadyRated { stage, rated_on } => {
            format!("the {} was already rated on {rated_on}", stage.label(lang))
        }
        E::DateInFuture(d) if zh => format!("日期 {d} 晚于今天"),
        E::DateInFuture(d) => format!("the date {d} is after today"),
        E::Merged(into) if zh => format!("本事项已并入 {into}：请在 {into} 上评价"),
        E::Merged(into) => format!("this matter was merged into {into}; rate {into}"),
        E::NoOpenFollowUp if zh => "本事项没有待办的回访".into(),
        E::NoOpenFollowUp => "this matter has no open follow-up".into(),
        E::NoChief if zh => {
            "名册上没有在职的科长，不满意评价的回访无人承接：请先添加科长（officer add NAME --role 科长）".into()
        }
        E::NoChief => {
            "no active 科长 on the roster to take the follow-up of a dissatisfied rating: add one first (officer add NAME --role chief)".into()
        }
        E::FollowUpBeforeRating(on) if zh => format!("回访日期早于不满意评价之日 {on}"),
        E::FollowUpBeforeRating(on) => {
            format!("the follow-up is dated before the dissatisfied rating of {on}")
        }
    }
}

impl fmt::Display for RatingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&error(self, Lang::En))
    }
}

/// What an `evaluate` or `follow_up` event recorded, for the timeline.
pub fn event_parts(detail: &Value, lang: Lang) -> Vec<String> {
    let code = |k: &str| detail.get(k).and_then(Value::as_str).map(str::to_string);
    let mut parts = Vec::new();
    if let Some(s) = code("stage").as_deref().and_then(RatingStage::from_code) {
        parts.push(s.label(lang).to_string());
    }
    if let Some(r) = code("result").as_deref().and_then(RatingResult::from_code) {
        parts.push(r.label(lang).to_string());
    }
    if let Some(r) = code("result")
        .as_deref()
        .and_then(FollowUpResult::from_code)
    {
        parts.push(r.label(lang).to_string());
    }
    if let Some(v) = code("via").as_deref().and_then(RatingVia::from_code) {
        parts.push(v.label(lang).to_string());
    }
    if let Some(d) = code("date") {
        parts.push(d);
    }
    if let (Some(chief), Some(due)) = (
        detail.pointer("/follow_up/chief").and_then(Value::as_str),
        detail.pointer("/follow_up/due").and_then(Value::as_str),
    ) {
        parts.push(pick(
            lang,
            format!(
                "回访：{} {due} 前",
                crate::text::sanitize_for_display(chief)
            ),
            format!(
                "follow-up by {} due {due}",
                crate::text::sanitize_for_display(chief)
            ),
        ));
    }
    if let Some(t) = code("text") {
        parts.push(crate::text::sanitize_for_display(&t).into_owned());
    }
    parts
}

/// The line `case evaluate` prints.
pub fn evaluated(
    lang: Lang,
    case_no: &str,
    stage: RatingStage,
    result: RatingResult,
    follow_up: Option<(&str, NaiveDate)>,
) -> String {
    let mut line = pick(
        lang,
        format!(
            "{case_no}  {}环节评价：{}",
            stage.label(lang),
            result.label(lang)
        ),
        format!(
            "{case_no}  {} rated {}",
            stage.label(lang),
            result.label(lang)
        ),
    );
    if let Some((chief, due)) = follow_up {
        let chief = crate::text::sanitize_for_display(chief);
        line.push_str(&pick(
            lang,
            format!("；已生成回访，由 {chief} 于 {due} 前完成"),
            format!("; a follow-up for {chief} is due {due}"),
        ));
    }
    line
}

/// The line `case follow-up` prints.
pub fn followed_up(lang: Lang, case_no: &str, result: FollowUpResult) -> String {
    pick(
        lang,
        format!("{case_no}  回访已办结：{}", result.label(lang)),
        format!("{case_no}  followed up: {}", result.label(lang)),
    )
}

/// Days to a 回访's due day, as the clocks say it.
fn due_words(lang: Lang, due: NaiveDate, today: NaiveDate) -> String {
    crate::words::clocks::days_left((due - today).num_days(), lang)
}

/// One 回访 as a line of the handover or `case follow-ups`.
pub fn item_line(lang: Lang, f: &FollowUpItem, today: NaiveDate) -> String {
    let name = crate::text::sanitize_for_display(&f.name);
    let chief = crate::text::sanitize_for_display(&f.chief);
    match (lang, f.closed_on, f.result) {
        (_, Some(on), Some(r)) => pick(
            lang,
            format!(
                "{} {name}：{}环节不满意（{}），{on} 回访{}",
                f.case_no,
                f.stage.label(lang),
                f.rated_on,
                r.label(lang)
            ),
            format!(
                "{} {name}: {} rated dissatisfied ({}), followed up {on}: {}",
                f.case_no,
                f.stage.label(lang),
                f.rated_on,
                r.label(lang)
            ),
        ),
        (Lang::Zh, _, _) => format!(
            "{} {name}：{}环节不满意（{}），回访 {chief}，{} 到期，{}",
            f.case_no,
            f.stage.label(lang),
            f.rated_on,
            f.due_on,
            due_words(lang, f.due_on, today)
        ),
        (Lang::En, _, _) => format!(
            "{} {name}: {} rated dissatisfied ({}), follow-up by {chief} due {}, {}",
            f.case_no,
            f.stage.label(lang),
            f.rated_on,
            f.due_on,
            due_words(lang, f.due_on, today)
        ),
    }
}

/// The handover's section title.
pub fn handover_title(lang: Lang) -> &'static str {
    pick(
        lang,
        "待办回访（不满意评价）",
        "Open follow-ups (dissatisfied ratings)",
    )
}

/// The queue pane's marker: how many 回访 are open, how many late, and the most
/// urgent cases that fit.
pub fn queue_marker(lang: Lang, items: &[FollowUpItem], today: NaiveDate) -> (String, bool) {
    let late = items.iter().filter(|f| f.due_on < today).count();
    let head = match (lang, late) {
        (Lang::Zh, 0) => format!("回访 {} 件：", items.len()),
        (Lang::Zh, n) => format!("回访 {} 件（逾期 {n}）：", items.len()),
        (Lang::En, 0) => format!("Follow-ups {}: ", items.len()),
        (Lang::En, n) => format!("Follow-ups {} ({n} late): ", items.len()),
    };
    let cases: Vec<String> = items
        .iter()
        .map(|f| format!("{} {}", f.case_no, f.due_on.format("%m-%d")))
        .collect();
    (format!("{head}{}", cases.join(" · ")), late > 0)
}

/// The title of the desk's rating form, or of its 回访 form.
pub fn form_title(lang: Lang, follow_up: bool) -> &'static str {
    match follow_up {
        false => pick(lang, "满意度评价", "Rating"),
        true => pick(lang, "回访", "Follow-up"),
    }
}

/// A rating or a 回访 saved before its result was picked: the petitioner's answer
/// is never assumed.
pub fn pick_result(lang: Lang) -> &'static str {
    pick(
        lang,
        "请按信访人的回答选择（←/→ 或数字）",
        "pick what the petitioner said (←/→ or its number)",
    )
}

/// A field's label in the desk's rating forms, by its code.
pub fn form_label(lang: Lang, code: &str) -> &'static str {
    let (zh, en) = match code {
        "stage" => ("评价环节", "Stage"),
        "result" => ("评价结果", "Rating"),
        "follow_up" => ("回访结果", "Found"),
        "via" => ("评价方式", "Given"),
        _ => ("说明（可空）", "Note (optional)"),
    };
    pick(lang, zh, en)
}

/// The report's columns after the case's own.
pub fn report_columns(lang: Lang) -> [&'static str; 5] {
    pick(
        lang,
        ["评价环节", "评价日期", "回访期限", "回访结果", "回访日期"],
        [
            "stage",
            "rated on",
            "follow-up due",
            "follow-up",
            "followed up",
        ],
    )
}

/// A 回访's state in the report: its result, or open (late when past due).
pub fn report_state(lang: Lang, f: &FollowUpItem, today: NaiveDate) -> String {
    match f.result {
        Some(r) => r.label(lang).to_string(),
        None if f.due_on < today => pick(lang, "逾期未回访", "open, late").to_string(),
        None => pick(lang, "待回访", "open").to_string(),
    }
}

/// The Chinese of the rating steps' `--help` (keyed by the English on
/// `cli::ratings`).
pub const HELP_ZH: &[(&str, &str)] = &[
    (
        "满意度评价: record the petitioner's rating of a decision, within its rating window",
        "满意度评价：在评价期内登记信访人对受理、答复、复查或复核意见的评价",
    ),
    (
        "The decision rated: 受理 (accept), 答复 (reply), 复查 (review) or 复核 (recheck)",
        "评价的环节：受理、答复、复查或复核",
    ),
    (
        "满意 (satisfied), 基本满意 (fairly-satisfied) or 不满意 (dissatisfied; opens a 回访 for the 科长, due in 15 days)",
        "满意、基本满意或不满意（不满意即生成由科长承办的回访，15日内完成）",
    ),
    (
        "How it was given: 当面 (in-person), 电话 (phone), 短信 (sms) or 网上 (online)",
        "评价方式：当面、电话、短信或网上",
    ),
    (
        "The day it was given (YYYY-MM-DD), inside the window [default: today]",
        "评价日期（YYYY-MM-DD），须在评价期内［默认：今天］",
    ),
    ("What the petitioner said", "信访人的意见"),
    (
        "回访: record the follow-up of a dissatisfied rating, which closes it",
        "回访：登记对不满意评价的回访结果，回访即办结",
    ),
    (
        "What the follow-up found: 息诉 (settled), 仍有诉求 (still-claims) or 联系不上 (unreachable)",
        "回访结果：息诉、仍有诉求或联系不上",
    ),
    ("What was said or done", "回访情况"),
    (
        "The day of the follow-up (YYYY-MM-DD) [default: today]",
        "回访日期（YYYY-MM-DD）［默认：今天］",
    ),
    (
        "回访 still open (dissatisfied ratings), by due day",
        "待办回访（不满意评价），按到期日排列",
    ),
    ("Closed ones too", "包括已办结的回访"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_and_codes_parse() {
        assert_eq!(parse_stage("答复"), Some(RatingStage::Reply));
        assert_eq!(parse_stage("recheck"), Some(RatingStage::Recheck));
        assert_eq!(parse_stage("复查"), Some(RatingStage::Review));
        assert_eq!(parse_stage("accept"), Some(RatingStage::Accept));
        assert_eq!(
            parse_result("基本满意"),
            Some(RatingResult::FairlySatisfied)
        );
        assert_eq!(
            parse_result("fairly-satisfied"),
            Some(RatingResult::FairlySatisfied)
        );
        assert_eq!(
            parse_result("Dissatisfied"),
            Some(RatingResult::Dissatisfied)
        );
        assert_eq!(parse_via("当面"), Some(RatingVia::InPerson));
        assert_eq!(parse_via("in-person"), Some(RatingVia::InPerson));
        assert_eq!(parse_via("sms"), Some(RatingVia::Sms));
        assert_eq!(
            parse_follow_up("仍有诉求"),
            Some(FollowUpResult::StillClaims)
        );
        assert_eq!(
            parse_follow_up("unreachable"),
            Some(FollowUpResult::Unreachable)
        );
        assert_eq!(parse_stage("立案"), None);
    }

    #[test]
    fn every_code_has_both_labels() {
        fn check<T: Label>(all: &[T]) {
            for &x in all {
                assert!(crate::text::has_han(x.label_zh()), "{}", x.label_zh());
                assert!(!x.label_en().is_empty());
            }
        }
        check(RatingStage::ALL);
        check(RatingResult::ALL);
        check(RatingVia::ALL);
        check(FollowUpResult::ALL);
    }

    #[test]
    fn a_late_rating_names_the_day_the_window_closed() {
        let e = RatingError::WindowClosed {
            stage: RatingStage::Reply,
            closed_on: "2026-11-27".parse().unwrap(),
        };
        assert!(error(&e, Lang::Zh).contains("2026-11-27"));
        assert!(e.to_string().contains("closed on 2026-11-27"));
    }
}
