//! The words of the office's figures (考核): each figure's name and definition, a
//! value beside its target, met or missed. Shared by `stats`, `report` and the
//! desk's statistics pane.

use super::pick;
use crate::domain::figures::{Figure, Target};
use crate::domain::figures_by::By;
use crate::domain::Lang;

/// A figure's name, by its stable code.
pub fn name(lang: Lang, code: &str) -> &'static str {
    let (zh, en) = match code {
        "visit_volume" => ("来访总量", "Visit volume"),
        "initial_closed_rate" => ("初信初访办结率", "Initial matters closed"),
        "upper_closed_rate" => ("上级交转办结率", "From above, reported back"),
        "on_time_rate" => ("按期办结率", "Closed on time"),
        "settled_rate" => ("案结事了率", "Settled"),
        "repeat_rate_permille" => ("重信重访率", "Repeat letters and visits"),
        "long_standing_resolved_rate" => ("老户化解息访率", "Long-standing resolved"),
        "rated_share" => ("参评率", "Rated"),
        "satisfied_rate" => ("满意率", "Satisfied"),
        "dissatisfied_rate" => ("不满意率", "Dissatisfied"),
        "overdue_now" => ("当前逾期", "Overdue now"),
        _ => ("", ""),
    };
    pick(lang, zh, en)
}

/// What a figure counts, in one sentence (README, `stats --help`, the pane).
pub fn definition(lang: Lang, code: &str) -> &'static str {
    let (zh, en) = match code {
        "visit_volume" => (
            "期内来访人次（批次），与年度上限比较；另计集体访及来信、来电、网上。",
            "people (batches) who visited in the period, against the yearly ceiling; collective visits, letters, calls and online counted apart.",
        ),
        "initial_closed_rate" => (
            "初信初访事项中，办理期限在期内届满或期内办结的，按期办结的比例。",
            "of initial matters due in the period or closed in it, those closed by their deadline.",
        ),
        "upper_closed_rate" => (
            "上级交办、转送事项中，上级期限在期内届满的，按期报结的比例。",
            "of matters from above whose upper deadline fell in the period, those reported back by it.",
        ),
        "on_time_rate" => (
            "期内办结事项中，在办理期限（含延期）内办结的比例。",
            "of matters closed in the period, those closed within their handling clock (extensions included).",
        ),
        "settled_rate" => (
            "已答复且复查申请期限在期内届满的事项中，未申请复查、答复后未再来信来访、无不满意评价的比例。",
            "of answered matters whose review window ended in the period, those with no review asked, no contact after the reply and no dissatisfied rating.",
        ),
        "repeat_rate_permille" => (
            "期内新登记事项中，登记后信访人再次来信来访的，千分比。",
            "of the period's new matters, those the petitioner wrote or came about again after registration, per mille.",
        ),
        "long_standing_resolved_rate" => (
            "期初老户名单中，已息访或连续若干月（默认6个月）未再信访的比例。",
            "of the 老户 roster at the period's start, those who stopped: recorded as settled, or no contact for some months (6 by default).",
        ),
        "rated_share" => (
            "受理、答复、复查、复核意见的评价期（默认7天）中，信访人作出满意度评价的比例；按评价日或评价期届满次日计入当期。",
            "of the decisions (acceptance, reply, review, recheck) whose rating window (7 days by default) was rated or lapsed in the period, those the petitioner rated.",
        ),
        "satisfied_rate" => (
            "期内作出的评价中，满意与基本满意的比例（可配置逾期未评价视为满意）。",
            "of the ratings given in the period, those satisfied or fairly satisfied (an office may count a lapsed window as satisfied).",
        ),
        "dissatisfied_rate" => (
            "期内作出的评价中，不满意的比例；每件不满意均须在15日内回访。",
            "of the ratings given in the period, those dissatisfied; each opens a follow-up due in 15 days.",
        ),
        "overdue_now" => (
            "当前已过法定期限仍未办结的事项，按期限与承办单位统计。",
            "open matters past a legal clock now, by clock and by unit.",
        ),
        _ => ("", ""),
    };
    pick(lang, zh, en)
}

/// The codes of every figure, in the order they are shown.
pub const CODES: &[&str] = &[
    "visit_volume",
    "initial_closed_rate",
    "upper_closed_rate",
    "on_time_rate",
    "settled_rate",
    "repeat_rate_permille",
    "long_standing_resolved_rate",
    "rated_share",
    "satisfied_rate",
    "dissatisfied_rate",
];

fn is_permille(code: &str) -> bool {
    code == "repeat_rate_permille"
}

/// A value as the office writes it: 97.5%, 0.4‰, 31,250 人次.
pub fn value(lang: Lang, f: &Figure) -> String {
    let Some(v) = f.value else {
        return "—".to_string();
    };
    match f.name {
        "visit_volume" => pick(lang, format!("{v:.0} 人次"), format!("{v:.0} people")),
        code if is_permille(code) => format!("{v:.2}‰"),
        // To 1/10,000, as the targets are compared.
        _ => format!("{:.2}%", v * 100.0),
    }
}

/// `num/den` (for the volume: batches).
pub fn fraction(lang: Lang, f: &Figure) -> String {
    if f.name == "visit_volume" {
        return pick(
            lang,
            format!("{} 批次", f.denominator),
            format!("{} batches", f.denominator),
        );
    }
    format!("{}/{}", f.numerator, f.denominator)
}

/// The target as a bound: ≥ 98%, ≤ 0.5‰, ≤ 32000 人次.
pub fn target(lang: Lang, f: &Figure) -> String {
    let (sign, t) = match f.target {
        Some(Target::AtLeast(t)) => ("≥", t),
        Some(Target::AtMost(t)) => ("≤", t),
        None => return "—".to_string(),
    };
    let shown = match f.name {
        "visit_volume" => pick(lang, format!("{t:.0} 人次"), format!("{t:.0} people")),
        code if is_permille(code) => format!("{t}‰"),
        _ => format!("{}%", (t * 1000.0).round() / 10.0),
    };
    format!("{sign} {shown}")
}

/// Met or missed, in words and a sign, so that it reads without colour.
pub fn verdict(lang: Lang, met: Option<bool>) -> &'static str {
    match met {
        Some(true) => pick(lang, "✓ 达标", "✓ met"),
        Some(false) => pick(lang, "✗ 未达标", "✗ missed"),
        None => pick(lang, "—", "—"),
    }
}

pub struct Words {
    pub title: &'static str,
    pub figure: &'static str,
    pub value: &'static str,
    pub fraction: &'static str,
    pub target: &'static str,
    pub verdict: &'static str,
    pub by_month: &'static str,
    pub by_category: &'static str,
    pub overdue: &'static str,
    pub none_recorded: &'static str,
    pub no_unit: &'static str,
    pub numerator: &'static str,
    pub denominator: &'static str,
    pub missed_cases: &'static str,
    pub as_of: &'static str,
    pub waits: &'static str,
    pub loading: &'static str,
}

static ZH: Words = Words {
    title: "考核指标",
    figure: "指标",
    value: "完成值",
    fraction: "分子/分母",
    target: "目标",
    verdict: "结果",
    by_month: "各月来访人次",
    by_category: "各类别新登记事项",
    overdue: "当前逾期",
    none_recorded: "未记录",
    no_unit: "未定承办单位",
    numerator: "分子",
    denominator: "分母",
    missed_cases: "未达标事项",
    as_of: "截至",
    waits: "（尚无记录）",
    loading: "统计中…",
};

static EN: Words = Words {
    title: "Office figures",
    figure: "Figure",
    value: "Value",
    fraction: "num/den",
    target: "Target",
    verdict: "Result",
    by_month: "Visitors by month",
    by_category: "New matters by category",
    overdue: "Overdue now",
    none_recorded: "not recorded",
    no_unit: "no unit yet",
    numerator: "numerator",
    denominator: "denominator",
    missed_cases: "Cases that missed",
    as_of: "as of",
    waits: "(nothing recorded yet)",
    loading: "Counting…",
};

pub fn words(lang: Lang) -> &'static Words {
    pick(lang, &ZH, &EN)
}

/// A split's name (`--by`).
pub fn by(lang: Lang, by: By) -> &'static str {
    let (zh, en) = match by {
        By::Unit => ("承办单位", "Unit"),
        By::Source => ("来源", "Source"),
        By::Month => ("月份", "Month"),
        By::Category => ("类别", "Category"),
        By::Officer => ("承办人", "Officer"),
    };
    pick(lang, zh, en)
}

/// A source code's label, for `--by source`; a code this version does not know
/// shows as stored.
pub fn source(lang: Lang, code: &str) -> String {
    crate::domain::Source::from_code(code)
        .map(|s| super::Label::label(s, lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// A clock code's label for the overdue lines.
pub fn clock(lang: Lang, code: &str) -> String {
    crate::domain::ClockKind::from_code(code)
        .map(|k| super::Label::label(k, lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// A chart's title with its tallest bar.
pub fn with_peak(lang: Lang, title: &str, peak: u64) -> String {
    pick(
        lang,
        format!("{title}（最高 {peak}）"),
        format!("{title} (peak {peak})"),
    )
}

pub fn due_word(lang: Lang) -> &'static str {
    pick(lang, "期限", "due")
}

pub fn closed_word(lang: Lang) -> &'static str {
    pick(lang, "办结", "closed")
}

/// `--explain` of a figure counted over contacts rather than cases.
pub fn counted_without_cases(lang: Lang) -> &'static str {
    pick(
        lang,
        "此指标按来信来访人次计算，不逐件列出。",
        "This figure counts contacts, not cases: there is no list of cases.",
    )
}

pub fn unknown_figure(lang: Lang, name: &str, known: &str) -> String {
    pick(
        lang,
        format!("没有名为「{name}」的指标；可用：{known}"),
        format!("no figure named '{name}'; known: {known}"),
    )
}

/// The period the statistics screen shows.
pub fn span(lang: Lang, span: crate::domain::figures_by::Span) -> &'static str {
    use crate::domain::figures_by::Span;
    let (zh, en) = match span {
        Span::Day => ("本日", "today"),
        Span::Week => ("本周", "this week"),
        Span::Month => ("本月", "this month"),
        Span::Year => ("本年", "this year"),
    };
    pick(lang, zh, en)
}
