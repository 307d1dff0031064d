//! The check-in form's second page (source of the matter, level, places), the new
//! representative's box, and what the form says before saving (screening items,
//! the plan), in both languages.

use super::pick;
use crate::domain::Lang;

/// The second page's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoreLabel {
    Source,
    FromOffice,
    DocNo,
    Received,
    UpperDays,
    ReportDue,
    Level,
    Residence,
    Location,
}

pub fn more_label(lang: Lang, f: MoreLabel) -> &'static str {
    use MoreLabel::*;
    match f {
        Source => pick(lang, "来源", "Source"),
        FromOffice => pick(lang, "来文单位", "From office"),
        DocNo => pick(lang, "文号/件号", "Doc/item no"),
        Received => pick(lang, "收文日期", "Received"),
        UpperDays => pick(lang, "上级期限", "Upper deadline"),
        ReportDue => pick(lang, "需报结", "Report back"),
        Level => pick(lang, "接访层级", "Received at"),
        Residence => pick(lang, "居住地", "Residence"),
        Location => pick(lang, "问题属地", "Problem place"),
    }
}

/// Greyed in an empty box: what an empty field means.
pub fn more_placeholder(lang: Lang, f: MoreLabel) -> &'static str {
    use MoreLabel::*;
    match f {
        Received => pick(lang, "今天（或 YYYY-MM-DD）", "today (or YYYY-MM-DD)"),
        DocNo => pick(lang, "可空", "optional"),
        Residence | Location => pick(
            lang,
            "输入名称或拼音，从区划表选择",
            "type a name or pinyin, pick from the division list",
        ),
        _ => "",
    }
}

/// After the deadline's box: the unit, and that a date may be typed instead.
pub fn days_after(lang: Lang) -> &'static str {
    pick(lang, " 天（或 YYYY-MM-DD）", " days (or YYYY-MM-DD)")
}

pub fn yes_no(lang: Lang, yes: bool) -> &'static str {
    match (lang, yes) {
        (Lang::Zh, true) => "是",
        (Lang::Zh, false) => "否",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    }
}

/// The title of the second page, and of the first when the second holds something.
pub fn more_title(lang: Lang) -> &'static str {
    pick(lang, "来源与属地", "Source and places")
}

/// On the first page: the key that opens the second, and what it holds now.
pub fn more_line(lang: Lang, key: &str, summary: &str) -> String {
    match (lang, summary.is_empty()) {
        (Lang::Zh, true) => format!("{key} 来源/层级/属地：本级"),
        (Lang::Zh, false) => format!("{key} 来源/层级/属地：{summary}"),
        (Lang::En, true) => format!("{key} source/level/places: local"),
        (Lang::En, false) => format!("{key} source/level/places: {summary}"),
    }
}

pub fn divisions_title(lang: Lang) -> &'static str {
    pick(lang, "区划（Enter 选择）", "Divisions (Enter picks)")
}

pub fn no_divisions(lang: Lang) -> &'static str {
    pick(
        lang,
        "区划表为空：用 jiedai division load 载入",
        "No divisions loaded: jiedai division load FILE",
    )
}

pub fn pick_division(lang: Lang) -> &'static str {
    pick(
        lang,
        "请从区划表中选择（Enter）",
        "pick one from the division list (Enter)",
    )
}

pub fn days_range(lang: Lang) -> &'static str {
    pick(
        lang,
        "天数 1–365，或日期 YYYY-MM-DD",
        "1–365 days, or a date YYYY-MM-DD",
    )
}

pub fn office_required(lang: Lang) -> &'static str {
    pick(
        lang,
        "上级交办/转送须填写来文单位",
        "a matter from above needs the office that sent it",
    )
}

// The new representative's box.

pub fn new_rep_title(lang: Lang) -> &'static str {
    pick(
        lang,
        "新增代表（登记在册）",
        "New representative (put on record)",
    )
}

pub fn new_rep_keys(lang: Lang) -> &'static str {
    pick(lang, "Enter 加入  Esc 取消", "Enter adds  Esc cancels")
}

/// In the representatives list's title: the key that adds one not on record.
pub fn new_rep_key(key: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("（{key} 新增不在册的代表）"),
        Lang::En => format!("({key} adds one not on record)"),
    }
}

/// Under the fields: the representatives to be put on record with the visit.
pub fn new_reps_line(names: &[&str], lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("新登记代表：{}", names.join("、")),
        Lang::En => format!("New on record: {}", names.join(", ")),
    }
}

// Before saving: what the registers say of this visit.

pub fn screened_title(lang: Lang) -> &'static str {
    pick(lang, "排查在案：", "Screened: ")
}

pub fn unscreened(lang: Lang) -> &'static str {
    pick(
        lang,
        "集体访：最近两轮排查未发现该事项，保存后标记“未排查”",
        "Collective visit not in the last two screening rounds: saved as unscreened",
    )
}

/// The plan's proposal, with the key that accepts it and what saving will do.
pub fn plan_offer(key: &str, accepted: bool, baoan: bool, lang: Lang) -> String {
    let why = match (lang, baoan) {
        (Lang::Zh, true) => "包案老户带人来访",
        (Lang::Zh, false) => "来访人数达到预案条件",
        (Lang::En, true) => "A 包案 petitioner came with a group",
        (Lang::En, false) => "Enough people came for the plan",
    };
    match (lang, accepted) {
        (Lang::Zh, false) => format!("{why}：{key} 保存时启动预案（现为：不启动）"),
        (Lang::Zh, true) => format!("{why}：保存时启动预案（{key} 取消）"),
        (Lang::En, false) => format!("{why}: {key} starts the plan on saving (now: no)"),
        (Lang::En, true) => format!("{why}: the plan starts on saving ({key} undoes)"),
    }
}

pub fn plan_not_proposed(lang: Lang) -> &'static str {
    pick(
        lang,
        "本次来访未达到预案条件；如需启动，保存后在队列按 P",
        "This visit does not call for the plan; to start one anyway, press P on the queue after saving",
    )
}

pub fn category_unknown(lang: Lang) -> &'static str {
    pick(
        lang,
        "类别表中没有这一项：用 ↑/↓ 选中后按回车，或清空此栏",
        "not on the category list: pick one with ↑/↓ and Enter, or leave it empty",
    )
}

pub fn joined_keeps_source(lang: Lang) -> &'static str {
    pick(
        lang,
        "并入已有事项时沿用该事项的来源：按 C-k 改为新立事项，或在该事项时间线上登记来源",
        "a contact joining a case keeps the case's source: C-k for a new case, or record the source on the case's timeline",
    )
}
