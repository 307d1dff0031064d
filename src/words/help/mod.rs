//! The command line's help in Chinese, keyed by its English (which is written on
//! the argument types themselves, as clap's derive reads it). A test walks the
//! whole command tree: every English text has its Chinese here, and every English
//! here is still in use, so the two cannot drift apart.

pub const TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";
pub const COMMANDS: &str = "命令";
pub const ARGUMENTS: &str = "参数";
pub const OPTIONS: &str = "选项";

pub fn default_is(value: &str) -> String {
    format!("［默认：{value}］")
}

pub fn choices(values: &str) -> String {
    format!("［可选：{values}］")
}

/// A usage error: the problem, the usage line, and where to read more.
pub fn usage_error(problem: &str, usage: &str) -> String {
    let mut text = format!("错误：{problem}\n");
    if !usage.is_empty() {
        text.push_str(&format!("\n用法：{usage}\n"));
    }
    text.push_str("\n更多信息请用 --help 查看。\n");
    text
}

pub fn bad_value(arg: &str, value: &str, valid: &str) -> String {
    let mut text = format!("{arg} 的值 {value:?} 无效");
    if !valid.is_empty() {
        text.push_str(&format!("：可用的值为 {valid}"));
    }
    text
}

pub fn unknown_argument(arg: &str) -> String {
    format!("无法识别的参数 {arg}")
}

pub fn unknown_command(name: &str) -> String {
    format!("无法识别的命令 {name}")
}

pub fn conflict(arg: &str, prior: &str) -> String {
    format!("{arg} 不能与 {prior} 同时使用")
}

pub fn missing(args: &str) -> String {
    format!("缺少必填参数：{args}")
}

pub fn missing_command() -> String {
    "缺少命令".into()
}

pub fn value_count(arg: &str) -> String {
    format!("{arg} 的值的个数不对")
}

/// Any other usage error: clap's name for its kind.
pub fn other(kind: &str) -> String {
    format!("命令行有误（{kind}）")
}

mod figures;
mod leaders;
mod notices;
mod risk;
mod roster;
mod table;

pub use figures::stats_help;
use table::ZH;
pub use table::{EXPORT_HELP, IMPORT_HELP, LONG_ABOUT};

fn pairs() -> impl Iterator<Item = (&'static str, &'static str)> {
    ZH.iter()
        .copied()
        .chain(roster::ZH.iter().copied())
        .chain(figures::texts())
        .chain(leaders::ZH.iter().copied())
        .chain(risk::ZH.iter().copied())
        .chain(notices::ZH.iter().copied())
        .chain(super::matters::HELP_ZH.iter().copied())
        .chain(super::ratings::HELP_ZH.iter().copied())
        .chain(moving())
}

#[cfg(feature = "postgres")]
fn moving() -> impl Iterator<Item = (&'static str, &'static str)> {
    super::moving::HELP_ZH.iter().copied()
}

#[cfg(not(feature = "postgres"))]
fn moving() -> impl Iterator<Item = (&'static str, &'static str)> {
    std::iter::empty()
}

/// The Chinese of one English help text.
pub fn zh(english: &str) -> Option<&'static str> {
    pairs().find(|(en, _)| *en == english).map(|(_, zh)| zh)
}

/// Every English text that has a Chinese here.
pub fn english() -> impl Iterator<Item = &'static str> {
    pairs().map(|(en, _)| en)
}
