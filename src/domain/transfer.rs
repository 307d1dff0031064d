//! The columns of import and export files, and the checks one import row must pass
//! before anything is written (`jiedai import`). Pure: the caller supplies "now" and
//! how a time without an offset is read, and checks what needs the store (whether a
//! case exists) itself.

use super::intake::{validate, FieldError, FieldProblem, IntakeInput, MAX_NAME_CHARS};
use super::numbering::{format_case_no, parse_case_no};
use super::Channel;
use crate::text::{clean_input, truncate_to_width};
use chrono::{DateTime, FixedOffset, NaiveDateTime};

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
}

impl Column {
    pub const ALL: [Column; 12] = [
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
        }
    }

    /// Other names that ledgers kept in a spreadsheet commonly use.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["信访人"],
            Column::IdNumber => &["身份证号码", "证件号码"],
            Column::Phone => &["联系电话", "手机"],
            Column::Address => &["地址"],
            Column::Channel => &["渠道", "信访形式"],
            Column::Matter => &["事项", "诉求内容"],
            Column::ArrivedAt => &["日期时间", "登记时间"],
            Column::CaseNo => &["事项编号"],
            _ => &[],
        }
    }

    /// The column a header cell names (English codes in any case, or Chinese).
    pub fn from_header(header: &str) -> Option<Column> {
        let h = clean_input(header)
            .to_ascii_lowercase()
            .replace([' ', '-'], "_");
        Column::ALL
            .into_iter()
            .find(|c| h == c.code() || h == c.label_zh() || c.aliases().contains(&h.as_str()))
    }
}

/// The header row: which column each position holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `None` for a position with an empty header cell (spreadsheets leave those).
    slots: Vec<Option<Column>>,
}

impl Header {
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn has(&self, column: Column) -> bool {
        self.slots.contains(&Some(column))
    }
}

/// A value from the file, fit to quote in a message: no controls, not too long.
fn shown(s: &str) -> String {
    format!("{:?}", truncate_to_width(&clean_input(s), 40))
}

/// What is wrong with a header row (worded in `crate::words::fields`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    Twice(Column),
    /// The unknown names, quoted.
    Unknown(Vec<String>),
    NoName,
}

impl std::error::Error for HeaderError {}

/// Reads the header row. Unknown and repeated columns are errors that name them,
/// so a misspelt column is never silently dropped.
pub fn read_header(cells: &[&str]) -> Result<Header, HeaderError> {
    let mut slots = Vec::with_capacity(cells.len());
    let mut unknown = Vec::new();
    for cell in cells {
        if clean_input(cell).is_empty() {
            slots.push(None);
            continue;
        }
        match Column::from_header(cell) {
            Some(c) if slots.contains(&Some(c)) => return Err(HeaderError::Twice(c)),
            Some(c) => slots.push(Some(c)),
            None => {
                unknown.push(shown(cell));
                slots.push(None);
            }
        }
    }
    if !unknown.is_empty() {
        return Err(HeaderError::Unknown(unknown));
    }
    let header = Header { slots };
    if !header.has(Column::Name) {
        return Err(HeaderError::NoName);
    }
    Ok(header)
}

/// True for a row with nothing in it (spreadsheets leave rows of empty cells).
pub fn is_blank(cells: &[&str]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// One row that passed every check.
/// The earliest arrival an import accepts: older dates are typing mistakes (year 0001
/// once made case number `0001-000001`).
pub const EARLIEST_ARRIVAL: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(1990, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub intake: IntakeInput,
    /// `None`: now.
    pub arrived_at: Option<DateTime<FixedOffset>>,
    /// Canonical form; whether the case exists is for the caller to check.
    pub case_no: Option<String>,
    /// `None`: the officer running the import.
    pub officer: Option<String>,
}

fn field(column: Column, problem: FieldProblem) -> FieldError {
    FieldError {
        field: column.code(),
        problem,
    }
}

/// `visit`, `letter`, `call`, `online`, or 来访, 来信, 来电, 网上 (the file format's
/// Chinese names, which `jiedai export` writes: a test in `words::labels` keeps them
/// equal to the labels).
pub fn parse_channel(s: &str) -> Option<Channel> {
    let s = clean_input(s).to_ascii_lowercase();
    let zh = |c: Channel| match c {
        Channel::Visit => "来访",
        Channel::Letter => "来信",
        Channel::Call => "来电",
        Channel::Online => "网上",
    };
    Channel::ALL
        .iter()
        .copied()
        .find(|c| s == c.code() || s == zh(*c))
}

/// Representatives as one cell: names separated by 、 ; or , (half- or full-width).
pub fn split_names(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

/// An instant in RFC 3339, or a wall-clock `YYYY-MM-DD HH:MM[:SS]` (also with `T`,
/// or `/` as spreadsheets write dates) read by `local`.
pub fn parse_time(
    s: &str,
    local: impl Fn(NaiveDateTime) -> Option<DateTime<FixedOffset>>,
) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    let s = s.replace('/', "-");
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
    .and_then(local)
}

/// Checks one data row against the header: every problem in the row is returned,
/// not just the first, so that one pass over the file shows all there is to fix.
pub fn read_row(
    header: &Header,
    cells: &[&str],
    now: DateTime<FixedOffset>,
    local: impl Fn(NaiveDateTime) -> Option<DateTime<FixedOffset>>,
) -> Result<ImportRow, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut intake = IntakeInput::default();
    let mut row = ImportRow {
        intake: IntakeInput::default(),
        arrived_at: None,
        case_no: None,
        officer: None,
    };
    for (i, cell) in cells.iter().enumerate() {
        let value = cell.trim();
        let Some(Some(column)) = header.slots.get(i) else {
            if !value.is_empty() {
                errors.push(FieldError {
                    field: "column",
                    problem: FieldProblem::UnnamedColumn {
                        column: i + 1,
                        value: shown(value),
                    },
                });
            }
            continue;
        };
        let some = || Some(value.to_string()).filter(|v| !v.is_empty());
        match column {
            Column::Name => intake.name = value.to_string(),
            Column::IdNumber => intake.id_number = some(),
            Column::Phone => intake.phone = some(),
            Column::Address => intake.address = some(),
            Column::Matter => intake.matter = value.to_string(),
            Column::Category => intake.category = some(),
            Column::Representatives => intake.representatives = split_names(value),
            Column::Headcount if value.is_empty() => {}
            Column::Headcount => match clean_input(value).parse::<u32>() {
                Ok(n) => intake.headcount = Some(n),
                Err(_) => errors.push(field(*column, FieldProblem::NotANumber(shown(value)))),
            },
            Column::Channel if value.is_empty() => {}
            Column::Channel => match parse_channel(value) {
                Some(c) => intake.channel = Some(c),
                None => errors.push(field(*column, FieldProblem::NotAChannel(shown(value)))),
            },
            Column::ArrivedAt if value.is_empty() => {}
            Column::ArrivedAt => match parse_time(value, &local) {
                Some(t) if t > now => errors.push(field(
                    *column,
                    FieldProblem::InFuture {
                        value: shown(value),
                        now: now.format("%Y-%m-%d %H:%M").to_string(),
                    },
                )),
                Some(t) if t.date_naive() < EARLIEST_ARRIVAL => errors.push(field(
                    *column,
                    FieldProblem::TooEarly {
                        value: shown(value),
                        earliest: EARLIEST_ARRIVAL.to_string(),
                    },
                )),
                Some(t) => row.arrived_at = Some(t),
                None => errors.push(field(*column, FieldProblem::NotATime(shown(value)))),
            },
            Column::CaseNo if value.is_empty() => {}
            Column::CaseNo => match parse_case_no(value) {
                Some((year, seq)) => row.case_no = Some(format_case_no(year, seq)),
                None => errors.push(field(*column, FieldProblem::NotACaseNumber(shown(value)))),
            },
            Column::Officer => {
                let name = clean_input(value);
                if name.chars().count() > MAX_NAME_CHARS {
                    errors.push(field(
                        *column,
                        FieldProblem::LongerThan {
                            max: MAX_NAME_CHARS,
                        },
                    ));
                } else if !name.is_empty() {
                    row.officer = Some(name);
                }
            }
        }
    }
    // The intake rules (name, ID number, phone, sizes) are the check-in's own.
    if let Err(e) = validate(&intake) {
        // A headcount that did not parse is already reported; validate saw none.
        if !errors.iter().any(|x| x.field == e.field) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        row.intake = intake;
        Ok(row)
    } else {
        errors.sort_by_key(|e| {
            Column::ALL
                .iter()
                .position(|c| c.code() == e.field)
                .unwrap_or(usize::MAX)
        });
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn cst() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn now() -> DateTime<FixedOffset> {
        cst().with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap()
    }

    fn local(n: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        cst().from_local_datetime(&n).single()
    }

    fn header(cells: &[&str]) -> Header {
        read_header(cells).unwrap()
    }

    #[test]
    fn headers_by_code_or_chinese_in_any_order() {
        let h = header(&["Phone", "姓名", "ID_NUMBER", "登记人", ""]);
        assert_eq!(h.len(), 5);
        assert!(h.has(Column::Name) && h.has(Column::IdNumber) && h.has(Column::Officer));
        for c in Column::ALL {
            assert_eq!(Column::from_header(c.code()), Some(c));
            assert_eq!(Column::from_header(c.label_zh()), Some(c));
        }
    }

    #[test]
    fn unknown_repeated_and_missing_columns_are_named() {
        let e = read_header(&["name", "fax", "备注"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"fax\"") && e.contains("\"备注\""), "{e}");
        assert_eq!(
            read_header(&["name", "姓名"]).unwrap_err(),
            HeaderError::Twice(Column::Name)
        );
        assert_eq!(read_header(&["phone"]).unwrap_err(), HeaderError::NoName);
    }

    #[test]
    fn a_good_row() {
        let h = header(&[
            "name",
            "channel",
            "headcount",
            "representatives",
            "arrived_at",
            "case_no",
        ]);
        let row = read_row(
            &h,
            &[
                "张伟",
                "来信",
                "6",
                "甲、乙;丙，丁",
                "2026/11/3 9:05",
                "2026-12",
            ],
            now(),
            local,
        )
        .unwrap();
        assert_eq!(row.intake.channel, Some(Channel::Letter));
        assert_eq!(row.intake.headcount, Some(6));
        assert_eq!(row.intake.representatives, ["甲", "乙", "丙", "丁"]);
        assert_eq!(
            row.arrived_at,
            Some(cst().with_ymd_and_hms(2026, 11, 3, 9, 5, 0).unwrap())
        );
        assert_eq!(row.case_no.as_deref(), Some("2026-000012"));
    }

    #[test]
    fn every_problem_of_a_row_is_reported() {
        let h = header(&["name", "id_number", "channel", "headcount", "arrived_at"]);
        let errors = read_row(
            &h,
            &["", "12345", "fax", "two", "2027-01-01 09:00"],
            now(),
            local,
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        // validate stops at its first problem (the name); ours are all listed.
        assert_eq!(fields, ["name", "headcount", "channel", "arrived_at"]);
        assert!(errors[3].problem.to_string().contains("future"));
    }

    #[test]
    fn times() {
        assert_eq!(
            parse_time("2026-11-03T01:00:00Z", local).map(|t| t.timestamp()),
            local(NaiveDateTime::parse_from_str("2026-11-03 09:00", "%Y-%m-%d %H:%M").unwrap())
                .map(|t| t.timestamp())
        );
        assert!(parse_time("2026-11-03 09:00:30", local).is_some());
        assert!(parse_time("2026-11-03", local).is_none());
        assert!(parse_time("yesterday", local).is_none());
    }

    #[test]
    fn values_in_messages_cannot_drive_the_terminal() {
        let h = header(&["name", "channel"]);
        let errors = read_row(&h, &["张伟", "\x1b]0;owned\x07fax"], now(), local).unwrap_err();
        assert!(!errors[0].problem.to_string().contains('\x1b'));
    }

    #[test]
    fn cells_under_an_empty_header_must_be_empty() {
        let h = header(&["name", ""]);
        assert!(read_row(&h, &["张伟", ""], now(), local).is_ok());
        assert_eq!(
            read_row(&h, &["张伟", "x"], now(), local).unwrap_err()[0].field,
            "column"
        );
    }
}
