//! The handover view's words (交班), in Chinese and in English. The summary itself
//! is worded by `words::handover`, which the Markdown report shares.

use super::Strings;
use crate::domain::Lang;

pub struct HandoverStrings {
    pub lang: Lang,
    pub title: &'static str,
    pub incoming_title: &'static str,
    pub summarizing: &'static str,
    pub notes_title: &'static str,
    pub notes_empty: &'static str,
    pub no_last: &'static str,
    pub not_acked: &'static str,
    pub handed_over_marker: &'static str,
    pub acknowledged: &'static str,
    pub notes_saved: &'static str,
    pub nothing_to_ack: &'static str,
    pub already_handed: &'static str,
    pub not_to_self: &'static str,
    pub no_shift: &'static str,
    pub pick_title: &'static str,
    pub pick_prompt: &'static str,
    pub pick_known: &'static str,
}

pub static ZH: HandoverStrings = HandoverStrings {
    lang: Lang::Zh,
    title: "交班",
    incoming_title: "接班",
    summarizing: "正在汇总…",
    notes_title: "交班备注",
    notes_empty: "（无备注）",
    no_last: "上次交班：本接待室尚无交班记录",
    not_acked: "尚未确认",
    handed_over_marker: "已交班",
    acknowledged: "已确认接班",
    notes_saved: "交班备注已保存",
    nothing_to_ack: "没有待确认的交班",
    already_handed: "本班次已交班，不能再修改",
    not_to_self: "请交班给另一名工作人员",
    no_shift: "班次尚未开始，请稍候",
    pick_title: "交班给",
    pick_prompt: "输入接班人姓名或拼音，用 ↑/↓ 选择后按 Enter",
    pick_known: "工作人员",
};

pub static EN: HandoverStrings = HandoverStrings {
    lang: Lang::En,
    title: "Handover",
    incoming_title: "Taking over",
    summarizing: "Summarizing…",
    notes_title: "Notes",
    notes_empty: "(no notes)",
    no_last: "Last handover: none on record yet",
    not_acked: "not yet acknowledged",
    handed_over_marker: "handed over",
    acknowledged: "Handover acknowledged",
    notes_saved: "Notes saved",
    nothing_to_ack: "No handover is waiting for you",
    already_handed: "This shift was handed over; it can no longer change",
    not_to_self: "Hand over to another officer",
    no_shift: "The shift has not started yet; a moment, please",
    pick_title: "Hand over to",
    pick_prompt: "Name or pinyin; Up/Down to pick, Enter to choose",
    pick_known: "Officers",
};

impl Strings {
    /// The handover view's words in this language.
    pub fn ho(&self) -> &'static HandoverStrings {
        match self.lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

impl HandoverStrings {
    fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// The status line's marker while handovers wait for this officer.
    pub fn pending_marker(&self, n: usize) -> String {
        match (self.zh(), n) {
            (true, _) => format!("待确认交班 {n}"),
            (false, 1) => "1 handover to acknowledge".to_string(),
            (false, _) => format!("{n} handovers to acknowledge"),
        }
    }

    pub fn resuming(&self, since: &str) -> String {
        if self.zh() {
            format!("继续上一班次（{since} 起）")
        } else {
            format!("Resuming your open shift since {since}")
        }
    }

    /// A write refused because the shift was handed over: short enough for the
    /// status line of an 80-column desk (the command line's sentence is not).
    pub fn refused_after(&self, to: &str) -> String {
        if self.zh() {
            format!("已交班给 {to}：请退出并重新打开接待台，开始新班次后再记录")
        } else {
            format!("Shift handed over to {to}: quit and reopen the desk to record more")
        }
    }

    pub fn handed_over_to(&self, name: &str) -> String {
        if self.zh() {
            format!("已交班给 {name}")
        } else {
            format!("Handed over to {name}")
        }
    }

    /// Shown once the shift is over: the desk stays open, but the work is done.
    pub fn ended(&self, name: &str, quit_key: &str) -> String {
        if self.zh() {
            format!("本班次已交班给 {name}。按 {quit_key} 退出")
        } else {
            format!("This shift was handed over to {name}. Press {quit_key} to quit")
        }
    }

    /// The office's previous handover: who to whom, when, and whether it was taken.
    pub fn last(&self, from: &str, to: &str, at: &str, ack: Option<(&str, &str)>) -> String {
        match (self.zh(), ack) {
            (true, Some((by, when))) => {
                format!("上次交班：{from} → {to}，{at}；{by} 已于 {when} 确认")
            }
            (true, None) => format!("上次交班：{from} → {to}，{at}；{}", self.not_acked),
            (false, Some((by, when))) => {
                format!("Last handover: {from} → {to}, {at}; acknowledged by {by} at {when}")
            }
            (false, None) => format!("Last handover: {from} → {to}, {at}; {}", self.not_acked),
        }
    }

    /// The head of a handover addressed to this officer, before they take it.
    pub fn pending_head(&self, from: &str, at: &str, key: &str) -> String {
        if self.zh() {
            format!("{from} 于 {at} 交班给你，请阅后按 {key} 确认接班")
        } else {
            format!("{from} handed over to you at {at}; read it, then press {key} to acknowledge")
        }
    }

    pub fn acked_head(&self, from: &str, at: &str, when: &str) -> String {
        if self.zh() {
            format!("{from} 于 {at} 交班给你，你已于 {when} 确认接班")
        } else {
            format!("{from} handed over to you at {at}; you acknowledged it at {when}")
        }
    }

    /// Said when the officer tries to change a handover that is not theirs.
    pub fn not_yours(&self, from: &str, key: &str) -> String {
        if self.zh() {
            format!("这是 {from} 交来的班；按 {key} 查看本人班次")
        } else {
            format!("This is {from}'s handover; press {key} for your own shift")
        }
    }

    pub fn notes_hint(&self, edit_key: &str) -> String {
        if self.zh() {
            format!("按 {edit_key} 编辑")
        } else {
            format!("{edit_key} to edit")
        }
    }

    pub fn editing_hint(&self, enter: &str, save: &str) -> String {
        if self.zh() {
            format!("{enter} 分条（记为“；”），{save} 保存")
        } else {
            format!("{enter} starts a new item (shown as ；), {save} saves")
        }
    }

    pub fn confirm(&self, name: &str) -> String {
        if self.zh() {
            format!("交班给 {name}？交班后本班次结束，摘要即定稿。（y/n）")
        } else {
            format!("Hand over to {name}? Your shift ends and its summary is final. (y/n)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_are_told_apart() {
        assert!(ZH.zh() && !EN.zh());
        assert_eq!(ZH.pending_marker(1), "待确认交班 1");
        assert_eq!(EN.pending_marker(1), "1 handover to acknowledge");
        assert!(EN.resuming("08:30").contains("since 08:30"));
    }
}
