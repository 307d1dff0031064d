//! The words of the petition desk, shared by the rules, the store and the screen.
//!
//! Every enum has a stable snake_case code (used in SQLite, JSON and keymaps); its
//! Chinese and English labels are words, in `crate::words::labels`. Codes never
//! change once released: they are stored in databases that outlive program versions.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares an enum with a stable storage code.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and printed in JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
/// Lets other domain modules declare coded enums the same way.
pub(crate) use coded_enum;

/// The language of the screen and of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh_cn" | "zh-cn" | "cn" | "chinese" => Some(Lang::Zh),
            "en" | "en_us" | "en-us" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// Chinese when the locale says so (`LC_ALL`, then `LC_MESSAGES`, then `LANG`).
    pub fn from_locale_vars(
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Lang {
        let chosen = [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty());
        match chosen {
            Some(v) if v.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            Some(_) => Lang::En,
            None => Lang::Zh,
        }
    }
}

coded_enum! {
    /// How a matter reached the desk.
    Channel {
        Visit => "visit";
        Letter => "letter";
        Call => "call";
        Online => "online";
    }
}

coded_enum! {
    /// Where a walk-in stands in today's queue.
    QueueStatus {
        Waiting => "waiting";
        Receiving => "receiving";
        Done => "done";
        Left => "left";
    }
}

coded_enum! {
    /// A case's status (DESIGN.md 1.2).
    CaseStatus {
        Registered => "registered";
        Accepted => "accepted";
        NotAccepted => "not_accepted";
        Transferred => "transferred";
        Replied => "replied";
        UnderReview => "under_review";
        Reviewed => "reviewed";
        UnderRecheck => "under_recheck";
        Final => "final";
        Archived => "archived";
    }
}

impl Source {
    /// 上级交办 or 上级转送: the matter came from a higher office.
    pub fn from_above(self) -> bool {
        self != Source::Local
    }
}

impl CaseStatus {
    /// Open cases are still being worked on; closed ones only archive.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            CaseStatus::Final | CaseStatus::Archived | CaseStatus::NotAccepted
        )
    }
}

coded_enum! {
    /// What a petition asks for (Art. 29–31 of the 2022 regulation).
    Purpose {
        Suggestion => "suggestion";
        Complaint => "complaint";
        Claim => "claim";
    }
}

coded_enum! {
    /// Where a case came from (本级 unless said otherwise).
    Source {
        Local => "local";
        AssignedFromAbove => "assigned_from_above";
        TransferredFromAbove => "transferred_from_above";
    }
}

coded_enum! {
    /// Who is coming back, and how (DESIGN.md 1.4).
    Flag {
        First => "first";
        Returning => "returning";
        Repeat => "repeat";
        FromAbove => "from_above";
        LongStanding => "long_standing";
        Collective => "collective";
        TooManyRepresentatives => "too_many_representatives";
        SameSource => "same_source";
        ClosedMatter => "closed_matter";
        Overdue => "overdue";
        Baoan => "baoan";
        Unscreened => "unscreened";
        SkipLevel => "skip_level";
        Enquiry => "enquiry";
    }
}

coded_enum! {
    /// The kind of one timeline event. Case steps carry the lifecycle; the rest annotate.
    EventKind {
        Registered => "registered";
        Contact => "contact";
        Accept => "accept";
        NotAccept => "not_accept";
        Transfer => "transfer";
        Reply => "reply";
        RequestReview => "request_review";
        DecideReview => "decide_review";
        RequestRecheck => "request_recheck";
        DecideRecheck => "decide_recheck";
        Archive => "archive";
        Note => "note";
        Assign => "assign";
        Extend => "extend";
        Supervise => "supervise";
        Link => "link";
        Instruct => "instruct";
        SuperviseResult => "supervise_result";
        // A queue move taken back within the shift: a correction, never an edit.
        QueueUndo => "queue_undo";
        AssignDown => "assign_down";
        Objection => "objection";
        ReportBack => "report_back";
        SetSource => "set_source";
        Merge => "merge";
        // A written notice to the petitioner (书面告知): what it told, and how.
        Notify => "notify";
    }
}

coded_enum! {
    /// The legal clocks of DESIGN.md 1.3.
    ClockKind {
        Route => "route";
        Handle => "handle";
        ReviewWindow => "review_window";
        Review => "review";
        RecheckWindow => "recheck_window";
        Recheck => "recheck";
        Upper => "upper";
        AssignedDown => "assigned_down";
    }
}

impl ClockKind {
    /// A window clock runs against the petitioner (time to ask for review); when it
    /// expires nobody at the desk is late, so it never makes a case overdue.
    pub fn is_window(self) -> bool {
        matches!(self, ClockKind::ReviewWindow | ClockKind::RecheckWindow)
    }
}

coded_enum! {
    /// Where a running or stopped clock stands today.
    ClockState {
        Running => "running";
        DueToday => "due_today";
        Overdue => "overdue";
        Met => "met";
        Late => "late";
        Expired => "expired";
    }
}

coded_enum! {
    /// How a petitioner stands in a case.
    Role {
        Principal => "principal";
        Representative => "representative";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for f in Flag::ALL {
            assert_eq!(Flag::from_code(f.code()), Some(*f));
        }
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::from_code(s.code()), Some(*s));
        }
        assert_eq!(Channel::from_code("fax"), None);
    }

    #[test]
    fn json_uses_codes() {
        assert_eq!(
            serde_json::to_string(&Flag::TooManyRepresentatives).unwrap(),
            "\"too_many_representatives\""
        );
        assert_eq!(
            serde_json::to_string(&CaseStatus::UnderReview).unwrap(),
            "\"under_review\""
        );
    }

    #[test]
    fn locale_picks_language() {
        assert_eq!(
            Lang::from_locale_vars(None, None, Some("zh_CN.UTF-8")),
            Lang::Zh
        );
        assert_eq!(
            Lang::from_locale_vars(Some("en_US.UTF-8"), None, Some("zh_CN.UTF-8")),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(None, None, Some("C.UTF-8")),
            Lang::En
        );
    }
}
