//! The labels of the domain's codes, in 中文 and English: the words for a channel,
//! a status, a flag, an event, a clock, a step. `use crate::words::Label` to call
//! `.label(lang)` on any of them.

use crate::domain::lifecycle::CaseStep;
use crate::domain::{
    CaseStatus, Channel, ClockKind, ClockState, EventKind, Flag, Lang, Purpose, QueueStatus, Role,
    Source,
};

/// A code's label in either language.
pub trait Label: Copy {
    fn label_zh(self) -> &'static str;
    fn label_en(self) -> &'static str;

    fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.label_zh(),
            Lang::En => self.label_en(),
        }
    }
}

macro_rules! labels {
    ($name:ident { $($variant:ident => $zh:literal, $en:literal;)+ }) => {
        impl Label for $name {
            fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }
        }
    };
}
pub(crate) use labels;

labels! {
    Channel {
        Visit => "来访", "visit";
        Letter => "来信", "letter";
        Call => "来电", "call";
        Online => "网上", "online";
    }
}

labels! {
    QueueStatus {
        Waiting => "等候", "waiting";
        Receiving => "接待中", "receiving";
        Done => "已接待", "done";
        Left => "未接待离开", "left unseen";
    }
}

labels! {
    CaseStatus {
        Registered => "登记", "registered";
        Accepted => "受理", "accepted";
        NotAccepted => "不予受理", "not accepted";
        Transferred => "转送/交办", "transferred";
        Replied => "已答复", "replied";
        UnderReview => "复查中", "under review";
        Reviewed => "已复查", "reviewed";
        UnderRecheck => "复核中", "under recheck";
        Final => "终结", "final";
        Archived => "归档", "archived";
    }
}

labels! {
    Purpose {
        Suggestion => "建议意见", "suggestion";
        Complaint => "检举控告", "report/complaint";
        Claim => "申诉求决", "appeal/claim";
    }
}

labels! {
    Source {
        Local => "本级", "received here";
        AssignedFromAbove => "上级交办", "assigned from above";
        TransferredFromAbove => "上级转送", "transferred from above";
    }
}

labels! {
    Flag {
        First => "初访", "first visit";
        Returning => "再访", "returning";
        Repeat => "重复访", "repeat";
        FromAbove => "上级交办", "from above";
        LongStanding => "老户", "long-standing";
        Collective => "集体访", "collective";
        TooManyRepresentatives => "代表超员", "too many representatives";
        SameSource => "信访同源", "same source";
        ClosedMatter => "已终结", "closed matter";
        Overdue => "逾期", "overdue";
        Baoan => "包案", "baoan";
        Unscreened => "未排查", "unscreened";
        SkipLevel => "越级", "skip-level";
        Enquiry => "问进展", "enquiry";
    }
}

labels! {
    EventKind {
        Registered => "登记", "registered";
        Contact => "来访/来信/来电", "contact";
        Accept => "受理", "accepted";
        NotAccept => "不予受理", "not accepted";
        Transfer => "转送", "transferred";
        Reply => "答复", "replied";
        RequestReview => "申请复查", "review requested";
        DecideReview => "复查决定", "review decided";
        RequestRecheck => "申请复核", "recheck requested";
        DecideRecheck => "复核决定", "recheck decided";
        Archive => "归档", "archived";
        Note => "备注", "note";
        Assign => "指定承办", "assigned";
        Extend => "延期", "extended";
        Supervise => "督办", "supervised";
        Link => "关联", "linked";
        Instruct => "领导批示", "leader's instruction";
        SuperviseResult => "督办结果", "supervision answered";
        QueueUndo => "撤销排队操作", "queue move undone";
        AssignDown => "交办", "assigned down";
        Objection => "异议退回", "objected to";
        ReportBack => "报结", "reported back";
        SetSource => "来源登记", "source recorded";
        Merge => "并案", "merged";
        Notify => "书面告知", "notice given";
    }
}

labels! {
    ClockKind {
        Route => "告知/转送", "route";
        Handle => "办结", "handle";
        ReviewWindow => "复查申请期", "review request window";
        Review => "复查", "review";
        RecheckWindow => "复核申请期", "recheck request window";
        Recheck => "复核", "recheck";
        Upper => "上级期限", "upper deadline";
        AssignedDown => "交办期限", "assigned-down deadline";
    }
}

labels! {
    ClockState {
        Running => "进行中", "running";
        DueToday => "今日到期", "due today";
        Overdue => "逾期", "overdue";
        Met => "按期完成", "met";
        Late => "逾期完成", "met late";
        Expired => "已过期", "expired";
    }
}

labels! {
    Role {
        Principal => "信访人", "petitioner";
        Representative => "代表", "representative";
    }
}

labels! {
    CaseStep {
        Accept => "受理", "accept";
        NotAccept => "不予受理", "not accept";
        Transfer => "转送", "transfer";
        Reply => "答复", "reply";
        RequestReview => "申请复查", "request review";
        DecideReview => "复查决定", "decide review";
        RequestRecheck => "申请复核", "request recheck";
        DecideRecheck => "复核决定", "decide recheck";
        Archive => "归档", "archive";
        AssignDown => "交办", "assign down";
        Objection => "异议退回", "objection";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exported_channel_label_imports_back() {
        for &c in Channel::ALL {
            assert_eq!(
                crate::domain::transfer::parse_channel(c.label_zh()),
                Some(c)
            );
        }
    }

    #[test]
    fn every_code_has_both_labels() {
        fn check<T: Label>(all: &[T]) {
            for &x in all {
                assert!(!x.label_zh().is_empty() && !x.label_en().is_empty());
                assert!(crate::text::has_han(x.label_zh()), "{}", x.label_zh());
            }
        }
        check(Channel::ALL);
        check(QueueStatus::ALL);
        check(CaseStatus::ALL);
        check(Purpose::ALL);
        check(Source::ALL);
        check(Flag::ALL);
        check(EventKind::ALL);
        check(ClockKind::ALL);
        check(ClockState::ALL);
        check(Role::ALL);
        check(CaseStep::ALL);
    }
}
