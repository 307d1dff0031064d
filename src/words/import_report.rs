//! What `jiedai import` says besides its summary line: columns left aside, masked
//! values, history closed, rows already in, new units, cases left open, and the
//! file problems that stop it, in both languages (issue 10, item 8).

use super::pick;
use super::transfer::plural;
use crate::domain::Lang;

pub fn columns_left_aside(lang: Lang, file: &str, columns: &[String]) -> String {
    match lang {
        Lang::Zh => format!(
            "{file}：以下列未能识别，已略过：{}（可用 --mapping FILE.toml 指定对应关系）",
            columns.join("、")
        ),
        Lang::En => format!(
            "{file}: left aside {} jiedai does not know: {} (--mapping FILE.toml names them)",
            if columns.len() == 1 {
                "a column"
            } else {
                "columns"
            },
            columns.join(", ")
        ),
    }
}

pub fn masked_rows(lang: Lang, file: &str, rows: u64) -> String {
    pick(
        lang,
        format!(
            "{file}：{rows} 行的身份证号或电话为脱敏值，已略去这些值（导出时加 --reveal 可完整带过来）"
        ),
        format!(
            "{file}: {} with a masked ID number or phone: the masked values were left out (export with --reveal to carry them over)",
            plural(rows, "row", "rows")
        ),
    )
}

/// The summary line of a dry run, from the summary line of an import.
pub fn dry_run(lang: Lang, summary: &str) -> String {
    pick(
        lang,
        format!(
            "试运行，未写入任何内容：{}",
            summary.replacen("已导入", "将导入", 1)
        ),
        format!(
            "dry run, nothing written: {}",
            summary.replacen("imported ", "would import ", 1)
        ),
    )
}

pub fn closed_as_history(lang: Lang, cases: u64) -> String {
    pick(
        lang,
        format!("{cases} 件作为历史事项办结"),
        format!("{} closed as history", plural(cases, "case", "cases")),
    )
}

pub fn already_imported(lang: Lang, rows: u64) -> String {
    pick(
        lang,
        format!("{rows} 行此前已导入"),
        format!("{} already imported before", plural(rows, "row", "rows")),
    )
}

pub fn new_units(lang: Lang, units: &[String]) -> String {
    pick(
        lang,
        format!("新增承办单位：{}", units.join("、")),
        format!("new units: {}", units.join("、")),
    )
}

/// The separator between the parts of the summary line.
pub fn and_also(lang: Lang) -> &'static str {
    pick(lang, "；", "; ")
}

pub fn open_cases_note(lang: Lang, cases: u64) -> String {
    match lang {
        Lang::Zh => format!(
            "提示：{cases} 件今天以前的新事项仍为在办（文件中没有办理状态或办结日期），其期限照常计算；--as-closed 可将这类行记为已办结"
        ),
        Lang::En => format!(
            "note: {} from before today {} left open (no status or closing date in the file), so {} deadlines run; --as-closed records such rows as closed",
            plural(cases, "new case", "new cases"),
            if cases == 1 { "is" } else { "are" },
            if cases == 1 { "its" } else { "their" },
        ),
    }
}

/// A row's status that the case on record has already passed.
pub fn already_there(lang: Lang, case_no: &str, now: &str, wanted: &str) -> String {
    pick(
        lang,
        format!("事项 {case_no} 已是“{now}”，保持不变，未改为“{wanted}”"),
        format!("case {case_no} is already {now}; left so, not {wanted}"),
    )
}

pub fn unreadable_mapping(lang: Lang, file: &str, e: &str) -> String {
    pick(
        lang,
        format!("无法读取列对应文件 {file}：{e}；未导入任何内容"),
        format!("cannot read the mapping file {file}: {e}; nothing was imported"),
    )
}

pub fn not_a_mapping(lang: Lang, file: &str, line: usize, e: &str) -> String {
    pick(
        lang,
        format!(
            "{file}:{line}：不是列对应文件（{e}）；应包含 [columns] 表，形如 \"他们的列名\" = \"接待台列名\"；未导入任何内容"
        ),
        format!(
            "{file}:{line}: not a mapping file ({e}); it holds a [columns] table of \"their column\" = \"our column\"; nothing was imported"
        ),
    )
}

pub fn not_our_column(lang: Lang, file: &str, line: usize, target: &str, ours: &str) -> String {
    pick(
        lang,
        format!(
            "{file}:{line}：{target:?} 不是接待台的列；请用以下之一：{ours}（或 \"\" 表示略过该列）；未导入任何内容"
        ),
        format!(
            "{file}:{line}: {target:?} is not a column of jiedai; use one of {ours} (or \"\" to leave the column aside); nothing was imported"
        ),
    )
}

pub fn neither_utf8_nor_gbk(lang: Lang, file: &str, line: usize) -> String {
    pick(
        lang,
        format!(
            "{file}:{line}：文件既不是 UTF-8 也不是 GBK/GB18030 文本；请另存为“CSV UTF-8”（Excel：另存为 CSV UTF-8；WPS 或记事本：编码选 UTF-8）或 .xlsx 后再导入。未导入任何内容。"
        ),
        format!(
            "{file}:{line}: the file is neither UTF-8 nor GBK/GB18030 text; save it as \"CSV UTF-8\" (Excel: Save As, CSV UTF-8; WPS or Notepad: encoding UTF-8) or as .xlsx, and import again. Nothing was imported."
        ),
    )
}

pub fn unreadable_workbook(lang: Lang, file: &str, e: &str) -> String {
    pick(
        lang,
        format!(
            "{file}：无法作为 Excel 工作簿（.xlsx）读取（{e}）；请用 Excel 或 WPS 重新保存，或另存为“CSV UTF-8”。未导入任何内容。"
        ),
        format!(
            "{file}: not readable as an Excel workbook (.xlsx) ({e}); save it again from Excel or WPS, or as \"CSV UTF-8\". Nothing was imported."
        ),
    )
}

pub fn no_sheet(lang: Lang, file: &str) -> String {
    pick(
        lang,
        format!("{file} 中没有工作表；未导入任何内容"),
        format!("{file} has no sheet; nothing was imported"),
    )
}

/// A cell's name as Excel shows it (0-based row and column): `XFD1048576`.
fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

pub fn cell_too_far(lang: Lang, file: &str, (row, column): (u32, u32), max: u32) -> String {
    let cell = cell_name(row, column);
    pick(
        lang,
        format!("{file}：单元格 {cell} 有内容，远在登记表各列之外（最多 {max} 列）；请删除这个多余的单元格后重新保存。未导入任何内容。"),
        format!("{file}: cell {cell} holds a value far beyond a register's columns (at most {max}); delete that stray cell and save again. Nothing was imported."),
    )
}

pub fn sheet_too_large(lang: Lang, file: &str, rows: usize, columns: u32) -> String {
    pick(
        lang,
        format!("{file}：工作表有 {rows} 行 × {columns} 列，过大；请拆分成几个文件分别导入。未导入任何内容。"),
        format!("{file}: the sheet has {rows} rows × {columns} columns, too large to import at once; split it into several files. Nothing was imported."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_messages_have_no_english_words() {
        let texts = [
            columns_left_aside(Lang::Zh, "a.csv", &["经办".into()]),
            masked_rows(Lang::Zh, "a.csv", 2),
            closed_as_history(Lang::Zh, 3),
            already_imported(Lang::Zh, 1),
            open_cases_note(Lang::Zh, 4),
            already_there(Lang::Zh, "2026-000001", "已归档", "已答复"),
            no_sheet(Lang::Zh, "a.xlsx"),
            cell_too_far(Lang::Zh, "a.xlsx", (1, 300), 256),
            sheet_too_large(Lang::Zh, "a.xlsx", 2_000_000, 20),
        ];
        for t in texts {
            for word in ["row", "case", "column", "note", "imported", "nothing"] {
                assert!(!t.contains(word), "{t}");
            }
        }
    }

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(1, 25), "Z2");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }
}
