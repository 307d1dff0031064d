//! A check-in's warnings, worded for the status line in the language on screen.

use super::Strings;
use crate::domain::intake::WarningCode;
use crate::store::CheckInResult;
use crate::text::sanitize_for_display;
use crate::words::checkin;

impl Strings {
    /// The warnings the officer has not seen yet: the ID check character was
    /// confirmed before saving, and "possibly the same person" is shown on its own.
    pub fn checkin_notices(&self, r: &CheckInResult) -> Vec<String> {
        r.warnings
            .iter()
            .filter_map(|w| {
                let message = &w.message;
                Some(match w.code {
                    WarningCode::IdChecksum | WarningCode::PossiblySamePerson => return None,
                    WarningCode::BirthDateAfterToday => {
                        checkin::birth_date_after_today(self.lang).to_string()
                    }
                    WarningCode::TooManyRepresentatives => {
                        checkin::too_many_representatives(self.lang).to_string()
                    }
                    WarningCode::CaseFinal => checkin::case_final(self.lang, &r.case_no),
                    WarningCode::IdNameMismatch => {
                        checkin::id_name_mismatch(self.lang, &sanitize_for_display(message))
                    }
                    WarningCode::SkipLevel
                    | WarningCode::Litigation
                    | WarningCode::Unscreened
                    | WarningCode::PlanProposed => {
                        crate::words::risk::intake_warning(self.lang, w.code, r)
                    }
                })
            })
            .chain(crate::words::risk::matches_lines(r, self.lang))
            .collect()
    }
}
