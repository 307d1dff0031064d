//! What `jiedai import` and `jiedai export` say.

use super::pick;
use crate::domain::Lang;

/// An import stopped by a row the store refused; `line` is 0 when no row is to blame.
pub fn nothing_imported(lang: Lang, file: &str, line: u64, problem: &str) -> String {
    match (lang, line) {
        (Lang::Zh, 0) => format!("{problem}；未导入任何记录"),
        (Lang::Zh, _) => format!("{file}:{line}: {problem}；未导入任何记录"),
        (Lang::En, 0) => format!("{problem}; nothing was imported"),
        (Lang::En, _) => format!("{file}:{line}: {problem}; nothing was imported"),
    }
}

pub fn not_utf8(lang: Lang, file: &str, line: usize, gbk: bool) -> String {
    match lang {
        Lang::Zh => format!(
            "{file}:{line}: 文件不是 UTF-8 编码（{}）：请另存为“CSV UTF-8”（Excel：另存为 CSV UTF-8；\
             WPS 或记事本：编码选 UTF-8）后重新导入。未导入任何记录。",
            if gbk {
                "看起来是 GBK/GB18030，中文 Windows 上的 Excel 保存普通“CSV”时就是这种编码"
            } else {
                "不是 UTF-8 文本"
            }
        ),
        Lang::En => format!(
            "{file}:{line}: the file is not UTF-8 ({}); save it as \"CSV UTF-8\" (Excel: Save As, \
             CSV UTF-8; WPS or Notepad: encoding UTF-8) and import again. Nothing was imported.",
            if gbk {
                "it looks like GBK/GB18030, which Excel writes when saving plain \"CSV\" on Chinese Windows"
            } else {
                "it is not text in UTF-8"
            }
        ),
    }
}

pub fn cannot_read(lang: Lang, file: &str, e: &std::io::Error) -> String {
    pick(
        lang,
        format!("无法读取 {file}：{e}"),
        format!("cannot read {file}: {e}"),
    )
}

pub fn import_is_a_folder(lang: Lang, file: &str) -> String {
    pick(
        lang,
        format!("{file} 是文件夹：请指明要导入的 CSV 文件"),
        format!("{file} is a folder; name the CSV file to import"),
    )
}

pub fn not_a_regular_file(lang: Lang, file: &str) -> String {
    pick(
        lang,
        format!("{file} 不是普通文件（是管道或设备）：请把数据存成文件后再导入"),
        format!(
            "{file} is not a regular file (a pipe or a device); save the rows to a file and \
             import that"
        ),
    )
}

pub fn too_big(lang: Lang, file: &str, mb: u64, max_mb: u64) -> String {
    pick(
        lang,
        format!(
            "{file} 有 {mb} MB，超过导入上限 {max_mb} MB：请拆分文件，或在配置文件中调大 `import_max_mb`"
        ),
        format!(
            "{file} is {mb} MB, more than the {max_mb} MB an import reads; split it, or raise \
             `import_max_mb` in the config"
        ),
    )
}

pub fn grew(lang: Lang, file: &str, max_mb: u64) -> String {
    pick(
        lang,
        format!("{file} 在读取过程中超过了 {max_mb} MB；未导入任何记录"),
        format!("{file} grew past {max_mb} MB while it was read; nothing was imported"),
    )
}

pub fn unclosed_quote(lang: Lang, file: &str, line: u64) -> String {
    pick(
        lang,
        format!(
            "{file}:{line}: 此处开始的带引号字段没有结束（字段中的 \" 要写成 \"\"）：请修改文件后重新导入。未导入任何记录。"
        ),
        format!(
            "{file}:{line}: a quoted field starts here and is never closed (a \" inside a field \
             is written \"\"); fix the file and import again. Nothing was imported."
        ),
    )
}

pub fn no_contacts(lang: Lang, file: &str) -> String {
    pick(
        lang,
        format!("{file} 的标题行下没有来访记录；未导入任何记录"),
        format!("{file} has no contacts under its header row; nothing was imported"),
    )
}

pub fn not_csv(lang: Lang, file: &str, line: u64, e: &csv::Error) -> String {
    pick(
        lang,
        format!("{file}:{line}: 无法按 CSV 读取（{e}）；未导入任何记录"),
        format!("{file}:{line}: not readable as CSV ({e}); nothing was imported"),
    )
}

pub fn empty_file(lang: Lang, file: &str) -> String {
    pick(
        lang,
        format!("{file} 是空的：须有一行标题（name, phone, ...），每次来访一行"),
        format!(
            "{file} is empty; it needs a header row (name, phone, ...) and one row per contact"
        ),
    )
}

/// The rows that have problems, and the listing of the problems.
pub fn rows_refused(lang: Lang, file: &str, bad_rows: usize, listing: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "未导入任何记录：{file} 有 {bad_rows} 行有问题；请修改后重新导入：{listing}"
        ),
        Lang::En => format!(
            "nothing was imported: {bad_rows} row{} of {file} {} problems; fix them and import again:{listing}",
            if bad_rows == 1 { "" } else { "s" },
            if bad_rows == 1 { "has" } else { "have" },
        ),
    }
}

/// A listing cut short: how many more problems or warnings there are.
pub fn and_more(lang: Lang, n: usize, warnings: bool) -> String {
    match (lang, warnings) {
        (Lang::Zh, true) => format!("另有 {n} 条警告"),
        (Lang::Zh, false) => format!("另有 {n} 个问题"),
        (Lang::En, true) => format!("and {n} more warnings"),
        (Lang::En, false) => format!("and {n} more problems"),
    }
}

pub fn imported_anyway(lang: Lang) -> &'static str {
    pick(
        lang,
        "警告（仍已导入）：",
        "warnings (imported all the same):",
    )
}

/// The summary of an import.
pub fn imported(lang: Lang, contacts: u64, people: u64, cases: u64, waiting: u64) -> String {
    match lang {
        Lang::Zh => {
            let mut s =
                format!("已导入来访记录 {contacts} 条（新信访人 {people} 名，新事项 {cases} 件）");
            if waiting > 0 {
                s.push_str(&format!("；{waiting} 人在今天的队列中等候"));
            }
            s
        }
        Lang::En => format!(
            "imported {} ({people} new {}, {}){}",
            plural(contacts, "contact", "contacts"),
            if people == 1 { "person" } else { "people" },
            plural(cases, "new case", "new cases"),
            if waiting > 0 {
                format!("; {waiting} waiting in today's queue")
            } else {
                String::new()
            }
        ),
    }
}

pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn export_not_recorded(lang: Lang, file: &str, problem: &str) -> String {
    pick(
        lang,
        format!("{problem}；导出未能记录，因此没有写出 {file}"),
        format!("{problem}; the export could not be recorded, so {file} was not written"),
    )
}

pub fn bad_extension(lang: Lang, out: &str) -> String {
    pick(
        lang,
        format!("--out {out} 须以 .csv 或 .xlsx 结尾（即文件格式），或用 `-` 把 CSV 写到标准输出"),
        format!(
            "--out {out} must end in .csv or .xlsx (the file's format), or be `-` \
             for CSV on standard output"
        ),
    )
}

pub fn is_a_folder(lang: Lang, out: &str) -> String {
    pick(
        lang,
        format!("{out} 是文件夹：请给出文件名，如 {out}/contacts.csv"),
        format!("{out} is a folder; give a file name such as {out}/contacts.csv"),
    )
}

pub fn exists_already(lang: Lang, out: &str) -> String {
    pick(
        lang,
        format!("{out} 已存在：请换一个文件名，或加 --force 替换它"),
        format!("{out} exists already; choose another name, or add --force to replace it"),
    )
}

pub fn no_folder(lang: Lang, out: &str, folder: &str) -> String {
    pick(
        lang,
        format!("无法导出到 {out}：文件夹 {folder} 不存在；请先创建，或换一个路径"),
        format!(
            "cannot export to {out}: the folder {folder} does not exist; create it or choose another path"
        ),
    )
}

pub fn too_many_for_xlsx(lang: Lang, total: u64, max: u64) -> String {
    pick(
        lang,
        format!(
            "{total} 条来访记录放不进一张 Excel 工作表（最多 {max} 行）：请导出为 .csv，或用 --from 和 --to 缩短时段"
        ),
        format!(
            "{total} contacts do not fit on one Excel sheet ({max} rows at most); export to .csv, or \
             a shorter period with --from and --to"
        ),
    )
}

pub fn cannot_create(lang: Lang, file: &str, e: &std::io::Error) -> String {
    pick(
        lang,
        format!("无法创建 {file}：{e}"),
        format!("cannot create {file}: {e}"),
    )
}

pub fn no_permission(lang: Lang, out: &str) -> String {
    pick(
        lang,
        format!("无法写入 {out}（没有权限，或磁盘只读）：请换一个路径"),
        format!("cannot write {out} (no permission, or a read-only disk); choose another path"),
    )
}

pub fn nothing_exported(lang: Lang, out: &str, problem: &str) -> String {
    pick(
        lang,
        format!("无法写入 {out}：{problem}；未导出任何记录"),
        format!("cannot write {out}: {problem}; nothing was exported"),
    )
}

pub fn cannot_replace(lang: Lang, out: &str, e: &std::io::Error) -> String {
    pick(
        lang,
        format!("无法替换 {out}：{e}"),
        format!("cannot replace {out}: {e}"),
    )
}

pub fn stdout_failed(lang: Lang, problem: &str) -> String {
    pick(
        lang,
        format!("无法写出导出内容：{problem}"),
        format!("cannot write the export: {problem}"),
    )
}

/// The summary of an export to standard output (on stderr: stdout holds the rows).
pub fn exported_to_stdout(lang: Lang, rows: u64) -> String {
    pick(
        lang,
        format!("已导出来访记录 {rows} 条"),
        format!("exported {}", plural(rows, "contact", "contacts")),
    )
}

/// The summary of an export.
pub fn exported(lang: Lang, rows: u64, out: &str, revealed: bool) -> String {
    match lang {
        Lang::Zh => format!(
            "已导出来访记录 {rows} 条到 {out}{}",
            if revealed {
                "，含完整身份证号和电话（已记录）"
            } else {
                "（身份证号和电话已脱敏）"
            }
        ),
        Lang::En => format!(
            "exported {} to {out}{}",
            plural(rows, "contact", "contacts"),
            if revealed {
                " with full ID numbers and phones (recorded)"
            } else {
                " (ID numbers and phones masked)"
            }
        ),
    }
}
