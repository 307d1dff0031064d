//! A check-in's warnings, worded for the status line in the language on screen.

use super::Strings;
use crate::domain::intake::WarningCode;
use crate::store::CheckInResult;
use crate::text::sanitize_for_display;

impl Strings {
    /// The warnings the officer has not seen yet: the ID check character was
    /// confirmed before saving, and "possibly the same person" is shown on its own.
    /// A warning without a known code is shown as the store worded it.
    pub fn checkin_notices(&self, r: &CheckInResult) -> Vec<String> {
        let zh = self.zh();
        let said = |zh_text: String, en_text: String| if zh { zh_text } else { en_text };
        r.warnings
            .iter()
            .enumerate()
            .filter_map(|(i, message)| {
                Some(match r.warning_codes.get(i) {
                    Some(WarningCode::IdChecksum | WarningCode::PossiblySamePerson) => return None,
                    Some(WarningCode::BirthDateAfterToday) => said(
                        "身份证号的出生日期晚于今天，请核对证件".into(),
                        "the ID number's birth date is after today; check the card".into(),
                    ),
                    Some(WarningCode::TooManyRepresentatives) => said(
                        "代表人数超过规定（第二十条）".into(),
                        "more representatives than allowed (Art. 20)".into(),
                    ),
                    Some(WarningCode::CaseFinal) => said(
                        format!("事项 {} 已终结，同一事项不再受理（第三十六条）", r.case_no),
                        format!(
                            "case {} is final; the same matter is not accepted again (Art. 36)",
                            r.case_no
                        ),
                    ),
                    Some(WarningCode::IdNameMismatch) => said(
                        format!(
                            "该身份证号已登记在他人名下，本次登记归入该人，请核对姓名：{}",
                            sanitize_for_display(message)
                        ),
                        format!("Check the name: {}", sanitize_for_display(message)),
                    ),
                    None => said(
                        format!("提示：{}", sanitize_for_display(message)),
                        format!("Note: {}", sanitize_for_display(message)),
                    ),
                })
            })
            .collect()
    }
}
