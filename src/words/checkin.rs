//! A check-in's warnings, in words: all of them for the command line, and the
//! ones the desk's status line shares with it.

use crate::domain::intake::WarningCode;
use crate::domain::Lang;
use crate::store::CheckInResult;

/// Every warning of a check-in, in `lang`, in the store's order.
pub fn warnings(r: &CheckInResult, lang: Lang) -> Vec<String> {
    if lang == Lang::En {
        return r.warnings.iter().map(|w| w.message.clone()).collect();
    }
    // One "possibly the same person" warning per candidate, in the same order.
    let mut candidates = r.candidates.iter();
    r.warnings
        .iter()
        .map(|w| (&w.message, &w.code))
        .map(|(english, code)| match code {
            WarningCode::IdChecksum => "身份证号校验位不符：已按输入登记，请核对证件".to_string(),
            WarningCode::BirthDateAfterToday => birth_date_after_today(lang).to_string(),
            WarningCode::PossiblySamePerson => match candidates.next() {
                Some(c) => format!(
                    "可能与已登记的 #{id} {name} 是同一人；如是，请用 --petitioner {id} 关联",
                    id = c.petitioner_id,
                    name = c.name
                ),
                None => format!("提示：{english}"),
            },
            WarningCode::TooManyRepresentatives => too_many_representatives(lang).to_string(),
            WarningCode::CaseFinal => case_final(lang, &r.case_no),
            WarningCode::IdNameMismatch => id_name_mismatch(lang, english),
            WarningCode::SkipLevel
            | WarningCode::Litigation
            | WarningCode::Unscreened
            | WarningCode::PlanProposed => super::risk::intake_warning(lang, *code, r),
        })
        .collect()
}

/// The label of a warning line on stderr.
pub fn warning_label(lang: Lang) -> &'static str {
    super::pick(lang, "警告：", "warning: ")
}

// The warnings the desk and the command line word alike. (In English the command
// line prints the store's own, longer, sentence.)

pub fn birth_date_after_today(lang: Lang) -> &'static str {
    super::pick(
        lang,
        "身份证号的出生日期晚于今天，请核对证件",
        "the ID number's birth date is after today; check the card",
    )
}

pub fn too_many_representatives(lang: Lang) -> &'static str {
    super::pick(
        lang,
        "代表人数超过规定（第二十条）",
        "more representatives than allowed (Art. 20)",
    )
}

/// Shown in the form before saving: more people came than may speak for
/// themselves, and nobody is named to speak for them.
pub fn representatives_needed(lang: Lang, max: usize) -> String {
    match lang {
        Lang::Zh => format!("多人来访：应推选不超过 {max} 名代表（第二十条），请填写代表"),
        Lang::En => format!("Several people came: name at most {max} representatives (Art. 20)"),
    }
}

/// Shown in the form before saving: more representatives than Art. 20 allows.
pub fn representatives_over(lang: Lang, named: usize, max: usize) -> String {
    match lang {
        Lang::Zh => format!("填写了 {named} 名代表：代表不超过 {max} 人（第二十条）"),
        Lang::En => format!("{named} representatives named: at most {max} (Art. 20)"),
    }
}

pub fn case_final(lang: Lang, case_no: &str) -> String {
    super::pick(
        lang,
        format!("事项 {case_no} 已终结，同一事项不再受理（第三十六条）"),
        format!("case {case_no} is final; the same matter is not accepted again (Art. 36)"),
    )
}

/// The store's sentence names the person on record; the Chinese leads with what to do.
pub fn id_name_mismatch(lang: Lang, english: &str) -> String {
    super::pick(
        lang,
        format!("该身份证号已登记在他人名下，本次登记归入该人，请核对姓名：{english}"),
        format!("Check the name: {english}"),
    )
}
