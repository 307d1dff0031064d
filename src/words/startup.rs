//! What start-up says when the options, the config or the environment are wrong.

use super::pick;
use crate::domain::Lang;

pub fn unknown_lang(lang: Lang, code: &str) -> String {
    pick(
        lang,
        format!("未知的语言 {code:?}：请用 zh 或 en"),
        format!("unknown language {code:?}: use zh or en"),
    )
}

/// `problem` names the file and line (from the config reader).
pub fn bad_config(lang: Lang, problem: &str) -> String {
    pick(
        lang,
        format!("配置文件有误：{problem}\n请修改配置文件，或将其移走以使用默认设置"),
        format!("{problem}\nfix the config file, or move it aside to use the defaults"),
    )
}

pub fn bad_offset(lang: Lang, offset: &str) -> String {
    pick(
        lang,
        format!("配置文件中的 utc_offset = {offset:?} 不是时区偏移（如 \"+08:00\"）：请修改配置文件"),
        format!("utc_offset = {offset:?} in the config is not an offset such as \"+08:00\"; fix the config file"),
    )
}

/// `english` is the time source's own message, which quotes the value.
pub fn bad_now(lang: Lang, english: String) -> String {
    pick(
        lang,
        "环境变量 JIEDAI_NOW 不是 RFC 3339 时间（如 2026-11-28T09:30:00+08:00）".into(),
        english,
    )
}

/// Said once, before an upgraded file is rewritten to give back what the upgrade
/// left free (`store::announce_compaction`).
pub fn compacting(lang: Lang, free_mb: i64, file_mb: i64) -> String {
    pick(
        lang,
        format!("升级后文件中有 {free_mb} MB 空闲空间，正在整理 {file_mb} MB 的档案文件以收回（较大的档案需要几分钟）……"),
        format!("the upgrade left {free_mb} MB free in the file: rewriting the {file_mb} MB file to give it back (a few minutes for a large record)…"),
    )
}

pub fn who_is_on_duty(lang: Lang) -> String {
    pick(
        lang,
        "谁在值班？请用 --officer 姓名 指定，或设置 JIEDAI_OFFICER，或在配置文件中写 `officer = \"姓名\"`".into(),
        "who is on duty? give --officer NAME, set JIEDAI_OFFICER, or put `officer = \"NAME\"` in the config file".into(),
    )
}

pub fn needs_terminal(lang: Lang) -> String {
    pick(
        lang,
        "接待台需要交互式终端；在脚本中请使用命令（`jiedai --help` 列出全部命令）".into(),
        "the desk needs an interactive terminal; from a script, use the commands \
         (`jiedai --help` lists them)"
            .into(),
    )
}

/// The desk could not start or went wrong: what failed, and the system's reason.
pub fn desk_failed(lang: Lang, what: DeskStep, e: &std::io::Error) -> String {
    let (zh, en) = match what {
        DeskStep::Worker => ("无法启动数据库工作线程", "cannot start the database worker"),
        DeskStep::Terminal => ("无法设置终端", "cannot set up the terminal"),
        DeskStep::Running => ("终端出错", "terminal error"),
    };
    pick(lang, format!("{zh}：{e}"), format!("{en}: {e}"))
}

pub fn ended_by_signal(lang: Lang, sig: i32) -> String {
    pick(
        lang,
        format!("接待台因信号 {sig} 而结束；终端已恢复"),
        format!("the desk was ended by signal {sig}; the terminal is restored"),
    )
}

#[derive(Debug, Clone, Copy)]
pub enum DeskStep {
    Worker,
    Terminal,
    Running,
}

/// A problem with a keymap file, on stderr after the desk ends.
pub fn keymap_label(lang: Lang) -> &'static str {
    pick(lang, "按键方案：", "keymap: ")
}

pub fn stdout_failed(lang: Lang, problem: &str) -> String {
    pick(
        lang,
        format!("无法写入标准输出：{problem}；请检查输出重定向到的磁盘或文件"),
        format!("cannot write to standard output: {problem}; check the disk or file it is redirected to"),
    )
}
