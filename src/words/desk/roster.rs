//! What the desk says about the roster (名册): the first officer of a new office,
//! names that are not on it, and adding one (a 科长's act).

use crate::domain::Lang;
use crate::words::pick;

/// Sign-in on an empty roster: the header above the (empty) list.
pub fn empty_roster(lang: Lang) -> &'static str {
    pick(
        lang,
        "名册为空：第一位登录的人员任科长",
        "The roster is empty: the first officer becomes its chief",
    )
}

/// The question before the first officer of an empty roster signs in.
pub fn confirm_first(name: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("名册为空：“{name}”将作为第一位人员登录，并任科长（负责维护名册）。确认？（y/n）"),
        format!("The roster is empty: {name} signs in as its first officer and becomes its chief (科长), who keeps the roster. Go ahead? (y/n)"),
    )
}

/// The question before a 科长 adds a name to the roster from a picker.
pub fn confirm_add(name: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("把“{name}”作为科员加入名册？此操作记入审计日志。（y/n）"),
        format!(
            "Add {name} to the roster as a clerk (科员)? This is recorded in the audit log. (y/n)"
        ),
    )
}

/// The row a picker shows for a typed name that is on nobody: a 科长 may add it,
/// anyone else is told whom to ask.
pub fn not_on_roster_row(name: &str, chief: bool, lang: Lang) -> String {
    match (chief, lang) {
        (true, Lang::Zh) => format!("＋ 加入名册：{name}（Enter，需确认）"),
        (true, Lang::En) => format!("+ add to the roster: {name} (Enter, asks first)"),
        (false, Lang::Zh) => format!("名册上没有“{name}”：请科长添加"),
        (false, Lang::En) => {
            format!("{name} is not on the roster: ask the chief (科长) to add them")
        }
    }
}

/// A typed name on nobody, picked by someone who is not a 科长.
pub fn ask_the_chief(name: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("名册上没有“{name}”：只有科长能加入名册（`jiedai officer add {name}`），请联系科长"),
        format!("{name} is not on the roster: only the chief (科长) adds officers (`jiedai officer add {name}`); ask them"),
    )
}

/// After a 科长 added an officer from the desk.
pub fn added(name: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("已把“{name}”作为科员加入名册"),
        format!("{name} added to the roster as a clerk (科员)"),
    )
}

/// Already the case's handler: picking them again changes nothing.
pub fn already_handler(name: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("{name} 已是本事项的承办人，未作更改"),
        format!("{name} already handles this case; nothing changed"),
    )
}
