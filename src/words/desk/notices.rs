//! A check-in's warnings, worded for the status line in the language on screen.

use super::Strings;
use crate::domain::intake::WarningCode;
use crate::store::CheckInResult;
use crate::text::sanitize_for_display;
use crate::words::checkin;

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
                    Some(WarningCode::BirthDateAfterToday) => {
                        checkin::birth_date_after_today(self.lang).to_string()
                    }
                    Some(WarningCode::TooManyRepresentatives) => {
                        checkin::too_many_representatives(self.lang).to_string()
                    }
                    Some(WarningCode::CaseFinal) => checkin::case_final(self.lang, &r.case_no),
                    Some(WarningCode::IdNameMismatch) => {
                        checkin::id_name_mismatch(self.lang, &sanitize_for_display(message))
                    }
                    None => said(
                        format!("提示：{}", sanitize_for_display(message)),
                        format!("Note: {}", sanitize_for_display(message)),
                    ),
                })
            })
            .collect()
    }
}
