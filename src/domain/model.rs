//! The words of the petition desk, shared by the rules, the store and the screen.
//!
//! Every enum has a stable snake_case code (used in SQLite, JSON and keymaps) and a
//! Chinese and English label for the screen. Codes never change once released: they
//! are stored in databases that outlive program versions.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares an enum with a stable storage code and labels in both languages.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $zh:literal, $en:literal;)+ }) => {
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

            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match lang { Lang::Zh => self.label_zh(), Lang::En => self.label_en() }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

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
        Visit => "visit", "来访", "visit";
        Letter => "letter", "来信", "letter";
        Call => "call", "来电", "call";
        Online => "online", "网上", "online";
    }
}

coded_enum! {
    /// Where a walk-in stands in today's queue.
    QueueStatus {
        Waiting => "waiting", "等候", "waiting";
        Receiving => "receiving", "接待中", "receiving";
        Done => "done", "已接待", "done";
        Left => "left", "未接待离开", "left unseen";
    }
}

coded_enum! {
    /// A case's status (DESIGN.md 1.2).
    CaseStatus {
        Registered => "registered", "登记", "registered";
        Accepted => "accepted", "受理", "accepted";
        NotAccepted => "not_accepted", "不予受理", "not accepted";
        Transferred => "transferred", "转送/交办", "transferred";
        Replied => "replied", "已答复", "replied";
        UnderReview => "under_review", "复查中", "under review";
        Reviewed => "reviewed", "已复查", "reviewed";
        UnderRecheck => "under_recheck", "复核中", "under recheck";
        Final => "final", "终结", "final";
        Archived => "archived", "归档", "archived";
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
        Suggestion => "suggestion", "建议意见", "suggestion";
        Complaint => "complaint", "检举控告", "report/complaint";
        Claim => "claim", "申诉求决", "appeal/claim";
    }
}

coded_enum! {
    /// Where a case came from.
    Source {
        Local => "local", "本级", "received here";
        AssignedFromAbove => "assigned_from_above", "上级交办", "assigned from above";
        TransferredFromAbove => "transferred_from_above", "上级转送", "transferred from above";
    }
}

coded_enum! {
    /// Who is coming back, and how (DESIGN.md 1.4).
    Flag {
        First => "first", "初访", "first visit";
        Returning => "returning", "再访", "returning";
        Repeat => "repeat", "重复访", "repeat";
        LongStanding => "long_standing", "老户", "long-standing";
        Collective => "collective", "集体访", "collective";
        TooManyRepresentatives => "too_many_representatives", "代表超员", "too many representatives";
        SameSource => "same_source", "信访同源", "same source";
        ClosedMatter => "closed_matter", "已终结", "closed matter";
        Overdue => "overdue", "逾期", "overdue";
    }
}

coded_enum! {
    /// The kind of one timeline event. Case steps carry the lifecycle; the rest annotate.
    EventKind {
        Registered => "registered", "登记", "registered";
        Contact => "contact", "来访/来信/来电", "contact";
        Accept => "accept", "受理", "accepted";
        NotAccept => "not_accept", "不予受理", "not accepted";
        Transfer => "transfer", "转送/交办", "transferred";
        Reply => "reply", "答复", "replied";
        RequestReview => "request_review", "申请复查", "review requested";
        DecideReview => "decide_review", "复查决定", "review decided";
        RequestRecheck => "request_recheck", "申请复核", "recheck requested";
        DecideRecheck => "decide_recheck", "复核决定", "recheck decided";
        Archive => "archive", "归档", "archived";
        Note => "note", "备注", "note";
        Assign => "assign", "指定承办", "assigned";
        Extend => "extend", "延期", "extended";
        Supervise => "supervise", "督办", "supervised";
        Link => "link", "关联", "linked";
    }
}

coded_enum! {
    /// The legal clocks of DESIGN.md 1.3.
    ClockKind {
        Route => "route", "告知/转送", "route";
        Handle => "handle", "办结", "handle";
        ReviewWindow => "review_window", "复查申请期", "review request window";
        Review => "review", "复查", "review";
        RecheckWindow => "recheck_window", "复核申请期", "recheck request window";
        Recheck => "recheck", "复核", "recheck";
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
        Running => "running", "进行中", "running";
        DueToday => "due_today", "今日到期", "due today";
        Overdue => "overdue", "逾期", "overdue";
        Met => "met", "按期完成", "met";
        Late => "late", "逾期完成", "met late";
        Expired => "expired", "已过期", "expired";
    }
}

coded_enum! {
    /// How a petitioner stands in a case.
    Role {
        Principal => "principal", "信访人", "petitioner";
        Representative => "representative", "代表", "representative";
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
