//! The columns of import and export files, and the checks one import row must pass
//! before anything is written (`jiedai import`). Pure: the caller supplies "now" and
//! how a time without an offset is read, and checks what needs the store (whether a
//! case exists) itself.

mod history;
mod row;

pub use history::{read_status, steps_to, Standing, STATUS_WORDS};
pub use row::{
    fingerprint, parse_channel, parse_time, read_row, split_names, ImportRow, EARLIEST_ARRIVAL,
};

use crate::text::{clean_input, truncate_to_width};
use std::collections::HashMap;

/// A column an import file may have. Codes are the English header names; the
/// Chinese names are those the export writes for the same columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    IdNumber,
    Phone,
    Address,
    Headcount,
    Representatives,
    Channel,
    Matter,
    Category,
    ArrivedAt,
    CaseNo,
    Officer,
    Status,
    ClosedOn,
    Reply,
    Unit,
    Handler,
}

impl Column {
    pub const ALL: [Column; 17] = [
        Column::Name,
        Column::IdNumber,
        Column::Phone,
        Column::Address,
        Column::Headcount,
        Column::Representatives,
        Column::Channel,
        Column::Matter,
        Column::Category,
        Column::ArrivedAt,
        Column::CaseNo,
        Column::Officer,
        Column::Status,
        Column::ClosedOn,
        Column::Reply,
        Column::Unit,
        Column::Handler,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::IdNumber => "id_number",
            Column::Phone => "phone",
            Column::Address => "address",
            Column::Headcount => "headcount",
            Column::Representatives => "representatives",
            Column::Channel => "channel",
            Column::Matter => "matter",
            Column::Category => "category",
            Column::ArrivedAt => "arrived_at",
            Column::CaseNo => "case_no",
            Column::Officer => "officer",
            Column::Status => "case_status",
            Column::ClosedOn => "closed_on",
            Column::Reply => "reply",
            Column::Unit => "unit",
            Column::Handler => "handler",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Column::Name => "姓名",
            Column::IdNumber => "身份证号",
            Column::Phone => "电话",
            Column::Address => "住址",
            Column::Headcount => "人数",
            Column::Representatives => "代表",
            Column::Channel => "形式",
            Column::Matter => "诉求",
            Column::Category => "类别",
            Column::ArrivedAt => "时间",
            Column::CaseNo => "件号",
            Column::Officer => "登记人",
            Column::Status => "办理状态",
            Column::ClosedOn => "办结日期",
            Column::Reply => "答复意见",
            Column::Unit => "承办单位",
            Column::Handler => "承办人",
        }
    }

    /// Other names that registers kept in a spreadsheet commonly use.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["信访人", "来访人", "姓名（信访人）"],
            Column::IdNumber => &["身份证号码", "证件号码", "身份证"],
            Column::Phone => &["联系电话", "手机", "手机号", "电话号码"],
            Column::Address => &["地址", "家庭住址", "住所"],
            Column::Channel => &["渠道", "信访形式", "来访方式", "信访方式"],
            Column::Matter => &["事项", "诉求内容", "反映问题", "主要诉求"],
            Column::ArrivedAt => &[
                "日期",
                "日期时间",
                "登记时间",
                "来访日期",
                "来访时间",
                "登记日期",
            ],
            Column::CaseNo => &["事项编号"],
            Column::Status => &["状态", "办理情况", "办理结果"],
            Column::ClosedOn => &["办结时间", "结案日期", "办结日"],
            Column::Reply => &["答复内容", "处理意见", "答复"],
            Column::Unit => &["责任单位", "交办单位", "转办单位"],
            _ => &[],
        }
    }

    /// The column a header cell names (English codes in any case, or Chinese).
    pub fn from_header(header: &str) -> Option<Column> {
        let h = header_key(header);
        Column::ALL
            .into_iter()
            .find(|c| h == c.code() || h == c.label_zh() || c.aliases().contains(&h.as_str()))
            // The export's English header for the status column.
            .or_else(|| (h == "status").then_some(Column::Status))
    }
}

/// Columns jiedai's own export writes that an import derives again (numbers handed
/// out, flags computed): read without complaint and left aside.
const DERIVED: [(&str, &str); 4] = [
    ("queue_no", "排队号"),
    ("letter_no", "收信编号"),
    ("flags", "标记"),
    ("first_officer", "首问责任人"),
];

/// What is wrong with a header row (worded in `crate::words::fields`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    Twice(Column),
    /// The unknown names, quoted (no longer refused: left aside, see [`Header::ignored`]).
    Unknown(Vec<String>),
    NoName,
}

impl std::error::Error for HeaderError {}

/// A header cell as compared: no controls, case and spacing folded.
pub fn header_key(header: &str) -> String {
    clean_input(header)
        .to_ascii_lowercase()
        .replace([' ', '-'], "_")
}

/// What an office's own column name means, from a `--mapping` file: one of ours, or
/// `None` to leave it aside.
pub type Mapping = HashMap<String, Option<Column>>;

/// What one position of the header row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Column(Column),
    /// An empty header cell (spreadsheets leave those): its cells must be empty too.
    Unnamed,
    /// A column that is read past: unknown, derived, or mapped to nothing.
    Ignored,
}

/// The header row: which column each position holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    slots: Vec<Slot>,
    /// Names of unknown columns, as written, in order: listed once as a warning.
    pub ignored: Vec<String>,
}

impl Header {
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn has(&self, column: Column) -> bool {
        self.slots.contains(&Slot::Column(column))
    }

    fn column(&self, i: usize) -> Option<Slot> {
        self.slots.get(i).copied()
    }
}

/// A value from the file, fit to quote in a message: no controls, not too long.
fn shown(s: &str) -> String {
    format!("{:?}", truncate_to_width(&clean_input(s), 40))
}

/// Reads the header row. The mapping comes first; unknown columns are left aside and
/// named in [`Header::ignored`]; a repeated column is an error, since which of the two
/// holds the data cannot be guessed.
pub fn read_header(cells: &[&str], mapping: &Mapping) -> Result<Header, HeaderError> {
    let mut slots: Vec<Slot> = Vec::with_capacity(cells.len());
    let mut ignored = Vec::new();
    for cell in cells {
        let key = header_key(cell);
        if key.is_empty() {
            slots.push(Slot::Unnamed);
            continue;
        }
        let column = match mapping
            .get(&key)
            .or_else(|| mapping.get(&clean_input(cell)))
        {
            Some(mapped) => *mapped,
            None => Column::from_header(cell),
        };
        match column {
            Some(c) if slots.contains(&Slot::Column(c)) => return Err(HeaderError::Twice(c)),
            Some(c) => slots.push(Slot::Column(c)),
            None => {
                let derived = DERIVED.iter().any(|(code, zh)| key == *code || key == *zh);
                if !derived && !mapping.contains_key(&key) {
                    ignored.push(shown(cell));
                }
                slots.push(Slot::Ignored);
            }
        }
    }
    let header = Header { slots, ignored };
    if !header.has(Column::Name) {
        return Err(HeaderError::NoName);
    }
    Ok(header)
}

/// True for a row with nothing in it (spreadsheets leave rows of empty cells).
pub fn is_blank<S: AsRef<str>>(cells: &[S]) -> bool {
    cells.iter().all(|c| c.as_ref().trim().is_empty())
}

#[cfg(test)]
mod tests;
