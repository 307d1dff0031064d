//! Every word the desk puts on screen, in Chinese and in English, in one place, so a
//! translation is checked by reading one file (gitui's `strings.rs` is the model).
//!
//! Fixed words live in [`Strings`]; words with numbers or names in them are methods.
//! Key names in hints never appear here: they come from the live keymap.

use crate::domain::Lang;

mod actions;
mod errors;
mod handover;
mod notices;
pub mod roster;
pub use actions::{action_label, more_keys_label};
pub use errors::Problem;
pub use handover::HandoverStrings;

pub struct Strings {
    pub lang: Lang,
    pub on_duty: &'static str,
    pub tab_queue: &'static str,
    pub tab_lookup: &'static str,
    pub tab_picker: &'static str,
    pub tab_timeline: &'static str,
    pub error: &'static str,

    pub queue_title: &'static str,
    pub col_no: &'static str,
    pub col_arrived: &'static str,
    pub col_wait: &'static str,
    pub col_name: &'static str,
    pub col_people: &'static str,
    pub col_flags: &'static str,
    pub col_status: &'static str,
    pub col_case: &'static str,
    pub col_matter: &'static str,
    pub col_handler: &'static str,

    pub lookup_title: &'static str,
    pub lookup_prompt: &'static str,
    pub lookup_placeholder: &'static str,
    pub col_id: &'static str,
    pub col_phone: &'static str,
    pub col_visits: &'static str,
    pub col_last: &'static str,
    pub col_open: &'static str,
    pub no_match: &'static str,
    pub searching: &'static str,
    pub person_title: &'static str,
    pub address: &'static str,
    pub cases: &'static str,
    pub contacts: &'static str,
    pub revealed_mark: &'static str,

    pub picker_title: &'static str,
    pub first_officer: &'static str,
    pub handler: &'static str,
    pub unit: &'static str,
    pub fixed: &'static str,
    pub filter_prompt: &'static str,
    pub kind_officer: &'static str,
    pub kind_unit: &'static str,
    pub no_case: &'static str,
    pub none: &'static str,

    pub timeline_title: &'static str,
    pub status: &'static str,
    pub category: &'static str,
    pub matter: &'static str,
    pub petitioners: &'static str,
    pub clocks: &'static str,
    pub no_clock: &'static str,
    pub newest_first: &'static str,
    pub oldest_first: &'static str,
    pub steps_allowed: &'static str,

    pub checkin_title: &'static str,
    pub f_name: &'static str,
    pub f_id_number: &'static str,
    pub f_phone: &'static str,
    pub f_address: &'static str,
    pub f_headcount: &'static str,
    pub f_representatives: &'static str,
    pub f_category: &'static str,
    pub f_matter: &'static str,
    pub f_channel: &'static str,
    pub matches_title: &'static str,
    pub categories_title: &'static str,
    pub no_matches: &'static str,
    pub linked_to: &'static str,
    pub joins_case: &'static str,
    pub new_case: &'static str,
    pub discard_form: &'static str,
    pub representatives_hint: &'static str,
    pub channel_hint: &'static str,

    pub f_text: &'static str,
    pub f_text_optional: &'static str,
    pub f_reply_optional: &'static str,
    pub f_reason: &'static str,
    pub f_days: &'static str,
    pub f_unit: &'static str,

    pub help_title: &'static str,
    pub signin_title: &'static str,
    pub signin_prompt: &'static str,
    pub signin_known: &'static str,
    pub quit_unsaved: &'static str,
    pub confirm_title: &'static str,
    pub reveal_recorded: &'static str,
    pub nothing_selected: &'static str,
    pub not_a_walk_in: &'static str,
    pub assigned: &'static str,
    pub step_done: &'static str,
    pub saving: &'static str,
    pub text_required: &'static str,
    pub unit_required: &'static str,
    pub name_required: &'static str,
    pub keymap_warning: &'static str,
    pub draft_restored: &'static str,
}

pub static ZH: Strings = Strings {
    lang: Lang::Zh,
    on_duty: "值班",
    tab_queue: "队列",
    tab_lookup: "查询",
    tab_picker: "承办",
    tab_timeline: "时间线",
    error: "错误",

    queue_title: "来访队列",
    col_no: "号",
    col_arrived: "到达",
    col_wait: "等候",
    col_name: "姓名",
    col_people: "人数",
    col_flags: "标记",
    col_status: "状态",
    col_case: "事项",
    col_matter: "诉求",
    col_handler: "接待人",

    lookup_title: "查询",
    lookup_prompt: "查询：",
    lookup_placeholder: "姓名、拼音、首字母、身份证、电话、事项号",
    col_id: "身份证",
    col_phone: "电话",
    col_visits: "次数",
    col_last: "最近来访",
    col_open: "在办",
    no_match: "没有找到匹配的信访人",
    searching: "查询中…",
    person_title: "信访人",
    address: "地址",
    cases: "信访事项",
    contacts: "来访记录",
    revealed_mark: "（已查看）",

    picker_title: "首问/承办",
    first_officer: "首问责任人",
    handler: "承办人",
    unit: "承办单位",
    fixed: "（不可更改）",
    filter_prompt: "筛选：",
    kind_officer: "人员",
    kind_unit: "单位",
    no_case: "尚未选择信访事项：在队列中按 Enter 打开，或在查询中选择",
    none: "—",

    timeline_title: "时间线",
    status: "状态",
    category: "类别",
    matter: "诉求",
    petitioners: "来访人",
    clocks: "时限",
    no_clock: "无进行中的时限",
    newest_first: "最新在前",
    oldest_first: "最早在前",
    steps_allowed: "可办",

    checkin_title: "登记",
    f_name: "姓名",
    f_id_number: "身份证号",
    f_phone: "电话",
    f_address: "地址",
    f_headcount: "人数",
    f_representatives: "代表",
    f_category: "类别",
    f_matter: "诉求",
    f_channel: "方式",
    matches_title: "可能是同一人",
    categories_title: "类别",
    no_matches: "没有匹配的人",
    linked_to: "关联到",
    joins_case: "并入事项",
    new_case: "新事项",
    discard_form: "放弃未保存的输入？（y/n）",
    representatives_hint: "用逗号分隔",
    channel_hint: "←/→ 切换",

    f_text: "内容",
    f_text_optional: "备注（可选）",
    f_reply_optional: "答复意见（可选）",
    f_reason: "理由",
    f_days: "天数",
    f_unit: "单位",

    help_title: "按键",
    signin_title: "值班人员",
    signin_prompt: "输入姓名，或用 ↑/↓ 选择后按 Enter",
    signin_known: "名册",
    quit_unsaved: "有未保存的输入，确定退出？（y/n）",
    confirm_title: "确认",
    reveal_recorded: "已显示完整证件号和电话（已记录）",
    nothing_selected: "没有选中的行",
    not_a_walk_in: "没有选中的来访人",
    assigned: "已指定",
    step_done: "已记录",
    saving: "保存中…",
    text_required: "请填写内容",
    unit_required: "请从列表中选择单位",
    name_required: "请填写姓名（匿名来访写“匿名”）",
    keymap_warning: "按键配置",
    draft_restored: "已恢复上次未保存的内容",
};

pub static EN: Strings = Strings {
    lang: Lang::En,
    on_duty: "On duty",
    tab_queue: "Queue",
    tab_lookup: "Lookup",
    tab_picker: "Owner",
    tab_timeline: "Timeline",
    error: "Error",

    queue_title: "Visitor queue",
    col_no: "No.",
    col_arrived: "Came",
    col_wait: "Wait",
    col_name: "Name",
    col_people: "Ppl",
    col_flags: "Flags",
    col_status: "Status",
    col_case: "Case",
    col_matter: "Matter",
    col_handler: "Seen by",

    lookup_title: "Lookup",
    lookup_prompt: "Find: ",
    lookup_placeholder: "name, pinyin, initials, ID, phone, case no.",
    col_id: "ID number",
    col_phone: "Phone",
    col_visits: "Vis",
    col_last: "Last visit",
    col_open: "Open",
    no_match: "Nobody on record matches",
    searching: "Searching…",
    person_title: "Petitioner",
    address: "Address",
    cases: "Cases",
    contacts: "Contacts",
    revealed_mark: " (revealed)",

    picker_title: "Owner",
    first_officer: "First officer",
    handler: "Handler",
    unit: "Unit",
    fixed: " (fixed)",
    filter_prompt: "Filter: ",
    kind_officer: "officer",
    kind_unit: "unit",
    no_case: "No case chosen yet: open one from the queue (Enter) or a lookup",
    none: "-",

    timeline_title: "Timeline",
    status: "Status",
    category: "Category",
    matter: "Matter",
    petitioners: "Petitioner",
    clocks: "Clocks",
    no_clock: "no clock running",
    newest_first: "newest first",
    oldest_first: "oldest first",
    steps_allowed: "Next",

    checkin_title: "Check in",
    f_name: "Name",
    f_id_number: "ID number",
    f_phone: "Phone",
    f_address: "Address",
    f_headcount: "Headcount",
    f_representatives: "Reps",
    f_category: "Category",
    f_matter: "Matter",
    f_channel: "Channel",
    matches_title: "Possibly the same person",
    categories_title: "Categories",
    no_matches: "Nobody matches",
    linked_to: "Linked to",
    joins_case: "Joins case",
    new_case: "new case",
    discard_form: "Discard the unsaved input? (y/n)",
    representatives_hint: "comma-separated",
    channel_hint: "Left/Right to change",

    f_text: "Text",
    f_text_optional: "Note (optional)",
    f_reply_optional: "Reply (optional)",
    f_reason: "Reason",
    f_days: "Days",
    f_unit: "Unit",

    help_title: "Keys",
    signin_title: "Officer on duty",
    signin_prompt: "Type your name, or pick one with Up/Down and press Enter",
    signin_known: "Roster",
    quit_unsaved: "Unsaved input will be lost. Quit? (y/n)",
    confirm_title: "Confirm",
    reveal_recorded: "Full ID number and phone shown (recorded)",
    nothing_selected: "Nothing selected",
    not_a_walk_in: "No visitor selected",
    assigned: "Assigned",
    step_done: "Recorded",
    saving: "Saving…",
    text_required: "Please fill in the text",
    unit_required: "Pick a unit from the list",
    name_required: "A name is required (write 匿名 for an anonymous visitor)",
    keymap_warning: "Keymap",
    draft_restored: "restored, unsaved",
};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

impl Strings {
    fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// A label followed by the colon of the language ("类别：", "Category: ").
    pub fn colon(&self, label: &str) -> String {
        crate::words::colon(self.lang, label)
    }

    pub fn match_keys(&self, link: &str) -> String {
        if self.zh() {
            format!("（PgUp/PgDn 选择，{link} 关联）")
        } else {
            format!("(PgUp/PgDn to choose, {link} to link)")
        }
    }

    pub fn waiting(&self, people: i64) -> String {
        if self.zh() {
            format!("等候 {people} 人")
        } else {
            // People, said as such: the queue beside it counts groups.
            let noun = if people == 1 { "person" } else { "people" };
            format!("{people} {noun} waiting")
        }
    }

    /// Groups (批) being received: a group of six is one reception.
    pub fn receiving(&self, n: i64) -> String {
        if self.zh() {
            format!("接待中 {n} 批")
        } else {
            let noun = if n == 1 { "group" } else { "groups" };
            format!("{n} {noun} in reception")
        }
    }

    pub fn overdue(&self, cases: i64) -> String {
        if self.zh() {
            format!("逾期 {cases} 件")
        } else {
            format!("{cases} overdue")
        }
    }

    pub fn weekday(&self, day: chrono::Weekday) -> &'static str {
        const ZH_DAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let i = day.num_days_from_monday() as usize;
        if self.zh() {
            ZH_DAYS[i]
        } else {
            EN_DAYS[i]
        }
    }

    pub fn people_waiting_batches(&self, waiting: usize, total: usize) -> String {
        if self.zh() {
            format!("等候 {waiting} 批 · 共 {total} 批")
        } else {
            format!("{waiting} of {total} groups waiting")
        }
    }

    /// A check-in field's label on the form.
    pub fn field_label(&self, field: crate::domain::intake::Field) -> &'static str {
        use crate::domain::intake::Field;
        match field {
            Field::Name => self.f_name,
            Field::IdNumber => self.f_id_number,
            Field::Phone => self.f_phone,
            Field::Address => self.f_address,
            Field::Headcount => self.f_headcount,
            Field::Representatives => self.f_representatives,
            Field::Category => self.f_category,
            Field::Matter => self.f_matter,
            Field::Channel => self.f_channel,
        }
    }

    pub fn too_small(&self, width: u16, height: u16) -> String {
        if self.zh() {
            format!("终端太小：至少需要 80×24（当前 {width}×{height}）")
        } else {
            format!("Terminal too small: need at least 80×24 (now {width}×{height})")
        }
    }

    /// Short form for terminals too small even for the sentence above.
    pub fn too_small_short(&self, width: u16, height: u16) -> String {
        format!("80×24 > {width}×{height}")
    }

    pub fn queue_empty(&self, key: &str) -> String {
        if self.zh() {
            format!("队列为空。按 {key} 登记来访")
        } else {
            format!("The queue is empty. Press {key} to check someone in")
        }
    }

    pub fn minutes(&self, m: i64) -> String {
        if self.zh() {
            format!("{m}分")
        } else {
            format!("{m}m")
        }
    }

    /// How many people a lookup found; `at_least` when counting stopped at a bound
    /// (or the list at its limit): "≥ 1000".
    pub fn results(&self, n: usize, at_least: bool) -> String {
        let bound = if at_least { "≥ " } else { "" };
        if self.zh() {
            format!("{bound}{n} 人")
        } else {
            format!("{bound}{n} found")
        }
    }

    pub fn person_line(&self, visits: i64, open: i64) -> String {
        if self.zh() {
            format!("来访 {visits} 次 · 在办 {open} 件")
        } else {
            let plural =
                |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            format!(
                "{}, {}",
                plural(visits, "contact", "contacts"),
                plural(open, "open case", "open cases")
            )
        }
    }

    pub fn checked_in(&self, name: &str, number: &str, case_no: &str, flags: &str) -> String {
        if self.zh() {
            format!("已登记 {name}：{number} · 事项 {case_no} · {flags}")
        } else {
            format!("Checked in {name}: {number}, case {case_no}, {flags}")
        }
    }

    /// People on record who may be this person: the officer links them by hand
    /// (`jiedai person merge`), never the program.
    pub fn possible_same(&self, who: &[(i64, String, String)]) -> String {
        let list: Vec<String> = who
            .iter()
            .map(|(id, name, reason)| {
                let reason = match (self.zh(), reason.as_str()) {
                    (true, "same phone") => "同一电话",
                    (true, "same name, similar address") => "同名且地址相近",
                    (_, r) => r,
                };
                format!("#{id} {name}（{reason}）")
            })
            .collect();
        if self.zh() {
            format!("可能是同一人：{}", list.join("、"))
        } else {
            format!("possibly the same person as {}", list.join(", "))
        }
    }

    pub fn bad_checksum(&self, expected: char) -> String {
        if self.zh() {
            format!("身份证号校验位不符（应为 {expected}）。仍按所填保存？（y/n）")
        } else {
            format!("The ID number's check character is wrong (it should be {expected}). Save it as typed? (y/n)")
        }
    }

    /// A queue move the screen shows cannot be made, blaming nobody.
    pub fn queue_not_allowed(&self, no: i64, now: &str, wanted: &str) -> String {
        if self.zh() {
            format!("{no} 号现为“{now}”，不能标记为“{wanted}”")
        } else {
            format!("visitor {no} is {now}; cannot mark them {wanted}")
        }
    }

    pub fn confirm_left_unseen(&self, no: i64, name: &str) -> String {
        if self.zh() {
            format!("{no} 号 {name} 未接待即离开？（y/n）")
        } else {
            format!("Mark No. {no} {name} as left unseen? (y/n)")
        }
    }

    pub fn moved(&self, no: i64, status: &str) -> String {
        if self.zh() {
            format!("{no} 号：{status}")
        } else {
            format!("No. {no}: {status}")
        }
    }

    pub fn open_cases_of(&self, name: &str, n: usize) -> String {
        if self.zh() {
            format!("{name} 的在办事项（{n} 件）")
        } else {
            format!("Open cases of {name} ({n})")
        }
    }
}

impl crate::words::timeline::EventWords for Strings {
    fn lang(&self) -> Lang {
        self.lang
    }
    fn handler_is(&self, name: &str) -> String {
        format!("{} {name}", self.handler)
    }
    fn unit_is(&self, name: &str) -> String {
        format!("{} {name}", self.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_say_something_everywhere() {
        for s in [&ZH, &EN] {
            assert!(!s.tab_queue.is_empty() && !s.signin_title.is_empty());
            assert!(s.too_small(20, 5).contains("80×24"));
        }
        assert_ne!(ZH.queue_title, EN.queue_title);
    }
}
