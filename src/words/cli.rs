//! The words of the command line's human output and its own error messages, in
//! Chinese and in English. JSON output never goes through here: scripts read codes,
//! not words.

use super::pick;
use crate::domain::Lang;
use chrono::NaiveDate;

pub struct CliStrings {
    pub lang: Lang,
    pub new_case: &'static str,
    pub person: &'static str,
    pub nobody_queued: &'static str,
    pub address: &'static str,
    pub cases: &'static str,
    pub contacts: &'static str,
    pub matter: &'static str,
    pub first_officer: &'static str,
    pub handler: &'static str,
    pub unit: &'static str,
    pub clocks: &'static str,
    pub due: &'static str,
    pub timeline: &'static str,
    pub next: &'static str,
    pub list_separator: &'static str,
    pub marked: &'static str,
    pub unmarked: &'static str,
    pub assigned: &'static str,
    pub problem: &'static str,
    pub intact: &'static str,
    pub chain_head: &'static str,
    pub verified_since: &'static str,
    pub anchors_checked: &'static str,
}

pub static ZH: CliStrings = CliStrings {
    lang: Lang::Zh,
    new_case: "（新）",
    person: "信访人",
    nobody_queued: "今天队列中没有人",
    address: "地址",
    cases: "信访事项",
    contacts: "来访记录",
    matter: "诉求",
    first_officer: "首问责任人",
    handler: "承办人",
    unit: "承办单位",
    clocks: "时限",
    due: "期限",
    timeline: "时间线",
    next: "可办",
    list_separator: "、",
    marked: "已标记为老户",
    unmarked: "已取消老户标记",
    assigned: "已指定",
    problem: "问题",
    intact: "正常：记录完整（台账与各表一致）",
    chain_head: "链头（序号:哈希，请另行保存）",
    verified_since: "仅核验此锚点之后的写入",
    anchors_checked: "已核对锚点",
};

pub static EN: CliStrings = CliStrings {
    lang: Lang::En,
    new_case: " (new)",
    person: "person",
    nobody_queued: "nobody in the queue today",
    address: "address",
    cases: "cases",
    contacts: "contacts",
    matter: "matter",
    first_officer: "first officer",
    handler: "handler",
    unit: "unit",
    clocks: "clocks",
    due: "due",
    timeline: "timeline",
    next: "next",
    list_separator: ", ",
    marked: "marked long-standing (老户)",
    unmarked: "unmarked",
    assigned: "assigned",
    problem: "problem",
    intact: "ok: the record is intact (every table matches the ledger)",
    chain_head: "chain head (SEQ:HASH, keep it outside the file)",
    verified_since: "checked only what was written after the anchor",
    anchors_checked: "anchors checked",
};

pub fn strings(lang: Lang) -> &'static CliStrings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

impl CliStrings {
    fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// A label followed by the colon of the language ("地址：", "address: ").
    pub fn colon(&self, label: &str) -> String {
        crate::words::colon(self.lang, label)
    }

    pub fn case_no(&self, no: &str) -> String {
        if self.zh() {
            format!("事项 {no}")
        } else {
            format!("case {no}")
        }
    }

    /// A queue number moved on a day: "3 2026-11-02: received".
    pub fn moved(&self, no: i64, day: &str, status: &str) -> String {
        if self.zh() {
            format!("{day} {no} 号：{status}")
        } else {
            format!("{no} {day}: {status}")
        }
    }

    pub fn minutes(&self, m: i64) -> String {
        if self.zh() {
            format!("{m} 分钟")
        } else {
            format!("{m} min")
        }
    }

    /// A headcount right-aligned in three columns, with its unit.
    pub fn headcount(&self, n: i64) -> String {
        if self.zh() {
            format!("{n:>3}人")
        } else {
            format!("{n:>3} ppl")
        }
    }

    pub fn nobody_found(&self, query: &str) -> String {
        if self.zh() {
            format!("没有找到与 {query:?} 匹配的信访人")
        } else {
            format!("nobody found for {query:?}")
        }
    }

    /// A lookup row's history: how many contacts, the last one, open cases.
    pub fn history(&self, contacts: i64, last: &str, open: i64) -> String {
        if self.zh() {
            format!("来访 {contacts:>3} 次，最近 {last}，在办 {open} 件")
        } else {
            // Padded so that the columns after it line up either way.
            let noun = if contacts == 1 {
                "contact,"
            } else {
                "contacts,"
            };
            format!("{contacts:>3} {noun:<9} last {last}, {open} open")
        }
    }

    pub fn merged(&self, other: i64, keep: i64, moved: usize) -> String {
        if self.zh() {
            format!("#{other} 已并入 #{keep}：转移来访记录 {moved} 条")
        } else {
            let noun = if moved == 1 { "contact" } else { "contacts" };
            format!("#{other} merged into #{keep}: {moved} {noun} moved")
        }
    }

    /// One case's line after a write: "2026-000001: accepted".
    pub fn case_line(&self, case_no: &str, what: &str) -> String {
        if self.zh() {
            format!("{case_no}：{what}")
        } else {
            format!("{case_no}: {what}")
        }
    }

    pub fn verify_summary(
        &self,
        events: impl std::fmt::Display,
        cases: impl std::fmt::Display,
        integrity: &str,
    ) -> String {
        if self.zh() {
            let integrity = match integrity {
                crate::store::VerifyReport::NOT_CHECKED => "未检查",
                other => other,
            };
            format!("事件 {events} 条，事项 {cases} 件，数据库完整性 {integrity}")
        } else {
            format!("{events} events, {cases} cases, integrity {integrity}")
        }
    }

    /// The label of a verify's progress line while it is in `stage`.
    pub fn verify_stage(&self, stage: crate::store::VerifyStage) -> &'static str {
        use crate::store::VerifyStage::*;
        match (stage, self.zh()) {
            (Structure, true) => "核验 文件结构",
            (Structure, false) => "verify: file structure",
            (Chain, true) => "核验 台账链",
            (Chain, false) => "verify: ledger chain",
            (Rows, true) => "核验 逐行重算",
            (Rows, false) => "verify: rows recomputed",
            (References, true) => "核验 关联",
            (References, false) => "verify: references",
            (Timeline, true) => "核验 时间线",
            (Timeline, false) => "verify: timelines",
        }
    }

    /// The ledger's part of a verify: its length and the rows recomputed.
    pub fn verify_ledger(&self, entries: i64, rows: i64) -> String {
        if self.zh() {
            format!("台账 {entries} 条，逐行重算 {rows} 行")
        } else {
            format!("ledger: {entries} entries, {rows} rows recomputed")
        }
    }
}

/// A day option that is not a day.
pub fn not_a_day(lang: Lang, flag: &str, given: &str) -> String {
    pick(
        lang,
        format!("{flag} {given} 不是日期：请用 YYYY-MM-DD（或用 YYYY-MM 表示一个月）"),
        format!("{flag} {given} is not a date; use YYYY-MM-DD (or YYYY-MM for a month)"),
    )
}

pub fn window_backwards(lang: Lang, since: &str, until: &str) -> String {
    pick(
        lang,
        format!("时段的开始（{since}）晚于结束（{until}）：请检查 --since 和 --until"),
        format!("the window starts ({since}) after it ends ({until}); check --since and --until"),
    )
}

pub fn period_backwards(lang: Lang, from: NaiveDate, to: NaiveDate) -> String {
    pick(
        lang,
        format!("时段的开始（{from}）晚于结束（{to}）：请检查 --from 和 --to"),
        format!("the period starts ({from}) after it ends ({to}); check --from and --to"),
    )
}

pub fn not_a_date(lang: Lang, given: &str) -> String {
    pick(
        lang,
        format!("{given:?} 不是日期（YYYY-MM-DD）"),
        format!("{given:?} is not a date (YYYY-MM-DD)"),
    )
}

pub fn not_a_time(lang: Lang, flag: &str, given: &str) -> String {
    pick(
        lang,
        format!("{flag} {given} 不是时间：请用 RFC 3339（2026-11-28T08:30:00+08:00）或 YYYY-MM-DD HH:MM"),
        format!("{flag} {given} is not a time; use RFC 3339 (2026-11-28T08:30:00+08:00) or YYYY-MM-DD HH:MM"),
    )
}

pub fn cannot_write(lang: Lang, file: &str, e: &std::io::Error) -> String {
    pick(
        lang,
        format!("无法写入 {file}：{e}"),
        format!("cannot write {file}: {e}"),
    )
}

pub fn damaged(lang: Lang, file: &str, integrity: &str) -> String {
    pick(
        lang,
        format!("{file} 已损坏（完整性检查：{integrity}）：请从备份恢复（`jiedai backup` 可做备份）"),
        format!("{file} is damaged (integrity check: {integrity}); restore it from a backup (`jiedai backup` makes one)"),
    )
}

pub fn tampered(lang: Lang, problems: usize) -> String {
    pick(
        lang,
        format!("发现 {problems} 个问题：记录被绕过本程序改动过；请与备份核对"),
        format!("{problems} problem(s) found: the record was changed behind the program's back; compare with a backup"),
    )
}

/// `jiedai demo` on a database that holds real contacts.
pub fn demo_over_a_record(lang: Lang, file: &str, held: u64) -> String {
    pick(
        lang,
        format!(
            "{file} 已有 {held} 条来访记录：模拟数据会与之混在一起。请用 --db 另给一个新文件\
             （如 --db demo.db），或加 --force 仍然加入模拟人员"
        ),
        format!(
            "{file} already holds {held} contacts: demo data would mix with them. Give a new \
             file with --db (e.g. --db demo.db), or add --force to add synthetic people anyway"
        ),
    )
}

/// `--action` named no act the program records; `known` lists those it does.
pub fn unknown_audit_action(lang: Lang, given: &str, known: &str) -> String {
    match lang {
        Lang::Zh => format!("--action：没有名为 {given} 的审计操作；可用的有：{known}"),
        Lang::En => {
            format!("--action: the audit log records no action {given}; it records: {known}")
        }
    }
}

pub fn no_audit_entries(lang: Lang) -> &'static str {
    pick(lang, "没有符合条件的审计记录", "no audit entries match")
}

/// What is wrong with a small text file given on the command line.
pub enum SmallText {
    Io(std::io::Error),
    NotAFile,
    TooLarge(u64),
    NotUtf8,
}

pub fn small_text(lang: Lang, what: SmallText) -> String {
    match (what, lang) {
        (SmallText::Io(e), _) => e.to_string(),
        (SmallText::NotAFile, Lang::Zh) => "不是普通文件".into(),
        (SmallText::NotAFile, Lang::En) => "not a regular file".into(),
        (SmallText::TooLarge(max), Lang::Zh) => format!("超过 {max} 字节"),
        (SmallText::TooLarge(max), Lang::En) => format!("larger than {max} bytes"),
        (SmallText::NotUtf8, Lang::Zh) => "不是 UTF-8 文本".into(),
        (SmallText::NotUtf8, Lang::En) => "not UTF-8 text".into(),
    }
}

/// What `jiedai demo` made.
/// A demo that failed half-way: what it had committed stays.
pub fn demo_kept(lang: Lang, file: &str, people: i64) -> String {
    pick(
        lang,
        format!("模拟数据中途停止：{file} 保留此前已提交的信访人 {people} 名（可用 verify 核验）"),
        format!("the demo stopped: {file} keeps the {people} petitioners it had committed (verify checks them)"),
    )
}

pub fn demo_made(lang: Lang, file: &str, d: &crate::demo::DemoSummary) -> String {
    pick(
        lang,
        format!(
            "{file}：信访人 {} 名，来访 {} 次，事项 {} 件，办理步骤 {} 个，用时 {:.1} 秒",
            d.petitioners, d.contacts, d.cases, d.case_steps, d.seconds
        ),
        format!(
            "{file}: {} petitioners, {} contacts, {} cases, {} case steps in {:.1}s",
            d.petitioners, d.contacts, d.cases, d.case_steps, d.seconds
        ),
    )
}

impl crate::words::timeline::EventWords for CliStrings {
    fn lang(&self) -> Lang {
        self.lang
    }
    fn handler_is(&self, name: &str) -> String {
        format!("{}{name}", self.colon(self.handler))
    }
    fn unit_is(&self, name: &str) -> String {
        format!("{}{name}", self.colon(self.unit))
    }
}

/// `verify --anchors FILE` whose file holds no anchor at all.
pub fn no_anchors_in(lang: Lang, file: &str) -> String {
    pick(
        lang,
        format!("--anchors {file} 中没有锚点（每行一个 SEQ:HASH）：请检查文件是否选对"),
        format!("--anchors {file} holds no anchor (one SEQ:HASH a line); check that it is the right file"),
    )
}

/// `backup -`: a database file has no place on standard output.
pub fn backup_to_stdout(lang: Lang) -> String {
    pick(
        lang,
        "备份是一个数据库文件，不能写到标准输出：请写备份的文件名".into(),
        "a backup is a database file and cannot go to standard output; name the backup's file"
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_say_something_everywhere() {
        for s in [&ZH, &EN] {
            assert!(!s.nobody_queued.is_empty() && !s.intact.is_empty());
        }
        assert_ne!(ZH.timeline, EN.timeline);
        assert_eq!(ZH.colon("地址"), "地址：");
    }
}
