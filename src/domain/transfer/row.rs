//! One data row of an import file, checked against its header.

use super::history::{read_status, Standing};
use super::{shown, Column, Header, Slot};
use crate::domain::intake::{validate, FieldError, FieldProblem, IntakeInput, MAX_NAME_CHARS};
use crate::domain::numbering::{format_case_no, parse_case_no};
use crate::domain::Channel;
use crate::text::clean_input;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use sha2::{Digest, Sha256};

/// The earliest arrival an import accepts: older dates are typing mistakes (year 0001
/// once made case number `0001-000001`).
pub const EARLIEST_ARRIVAL: NaiveDate = match NaiveDate::from_ymd_opt(1990, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// One row that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub intake: IntakeInput,
    /// `None`: now.
    pub arrived_at: Option<DateTime<FixedOffset>>,
    /// False when the file gave the date only: the contact is recorded at the start
    /// of that day and marked as having no known time of day.
    pub time_known: bool,
    /// Canonical form; whether the case exists is for the caller to check.
    pub case_no: Option<String>,
    /// `None`: the officer running the import.
    pub officer: Option<String>,
    /// What the status cell says; `None` when the row has none.
    pub standing: Option<Standing>,
    pub closed_on: Option<NaiveDate>,
    /// The reply given (答复意见): the case's outcome.
    pub reply: Option<String>,
    pub unit: Option<String>,
    pub handler: Option<String>,
    /// An ID number or phone was masked (a masked export) and was left out.
    pub masked: bool,
}

impl ImportRow {
    /// Where this row leaves its case: its status, or closed when it has a closing
    /// date (or the caller says the whole register is finished business).
    pub fn standing(&self, as_closed: bool) -> Option<Standing> {
        match &self.standing {
            Some(s) => Some(s.clone()),
            None if self.closed_on.is_some() || as_closed => Some(Standing::Closed(String::new())),
            None => None,
        }
    }
}

fn field(column: Column, problem: FieldProblem) -> FieldError {
    FieldError {
        field: column.code(),
        problem,
    }
}

/// `visit`, `letter`, `call`, `online`, or 来访, 来信, 来电, 网上 (the Chinese names,
/// which `jiedai export` writes: a test in `words::labels` keeps them equal to the labels).
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

/// An instant in RFC 3339, a wall-clock `YYYY-MM-DD HH:MM[:SS]` (also with `T`, or
/// `/` or `.` as spreadsheets write dates) read by `local`, or a date alone
/// (`2025-03-05`, `2025年3月5日`), which is the start of that day with the time of day
/// unknown (the flag is false).
pub fn parse_time(
    s: &str,
    local: impl Fn(NaiveDateTime) -> Option<DateTime<FixedOffset>>,
) -> Option<(DateTime<FixedOffset>, bool)> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some((t, true));
    }
    let s = s
        .replace(['/', '.', '年', '月'], "-")
        .replace('日', " ")
        .trim()
        .to_string();
    let timed = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok());
    if let Some(t) = timed {
        return local(t).map(|t| (t, true));
    }
    let day = NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()?;
    local(day.and_time(NaiveTime::MIN)).map(|t| (t, false))
}

/// A masked number from an export (`110105********002X`) is no number to keep.
fn unmasked(value: &str, masked: &mut bool) -> Option<String> {
    if value.contains('*') {
        *masked = true;
        None
    } else {
        Some(value.to_string()).filter(|v| !v.is_empty())
    }
}

/// Checks one data row against the header: every problem in the row is returned,
/// not just the first, so that one pass over the file shows all there is to fix.
pub fn read_row<S: AsRef<str>>(
    header: &Header,
    cells: &[S],
    now: DateTime<FixedOffset>,
    local: impl Fn(NaiveDateTime) -> Option<DateTime<FixedOffset>>,
) -> Result<ImportRow, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut intake = IntakeInput::default();
    let mut row = ImportRow {
        intake: IntakeInput::default(),
        arrived_at: None,
        time_known: true,
        case_no: None,
        officer: None,
        standing: None,
        closed_on: None,
        reply: None,
        unit: None,
        handler: None,
        masked: false,
    };
    for (i, cell) in cells.iter().enumerate() {
        let value = cell.as_ref().trim();
        let column = match header.column(i) {
            Some(Slot::Column(c)) => c,
            Some(Slot::Ignored) => continue,
            Some(Slot::Unnamed) | None => {
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
            }
        };
        let some = || Some(clean_input(value)).filter(|v| !v.is_empty());
        match column {
            Column::Name => intake.name = value.to_string(),
            Column::IdNumber => intake.id_number = unmasked(value, &mut row.masked),
            Column::Phone => intake.phone = unmasked(value, &mut row.masked),
            Column::Address => intake.address = some(),
            Column::Matter => intake.matter = value.to_string(),
            Column::Category => intake.category = some(),
            Column::Representatives => intake.representatives = split_names(value),
            Column::Reply => row.reply = some(),
            Column::Unit => row.unit = some(),
            Column::Status => row.standing = some().map(|s| read_status(&s)),
            Column::Headcount if value.is_empty() => {}
            Column::Headcount => match clean_input(value).parse::<u32>() {
                Ok(n) => intake.headcount = Some(n),
                Err(_) => errors.push(field(column, FieldProblem::NotANumber(shown(value)))),
            },
            Column::Channel if value.is_empty() => {}
            Column::Channel => match parse_channel(value) {
                Some(c) => intake.channel = Some(c),
                None => errors.push(field(column, FieldProblem::NotAChannel(shown(value)))),
            },
            Column::ArrivedAt | Column::ClosedOn if value.is_empty() => {}
            Column::ArrivedAt | Column::ClosedOn => match parse_time(value, &local) {
                Some((t, _)) if t > now => errors.push(field(
                    column,
                    FieldProblem::InFuture {
                        value: shown(value),
                        now: now.format("%Y-%m-%d %H:%M").to_string(),
                    },
                )),
                Some((t, _)) if t.date_naive() < EARLIEST_ARRIVAL => errors.push(field(
                    column,
                    FieldProblem::TooEarly {
                        value: shown(value),
                        earliest: EARLIEST_ARRIVAL.to_string(),
                    },
                )),
                Some((t, _)) if column == Column::ClosedOn => row.closed_on = Some(t.date_naive()),
                Some((t, known)) => {
                    row.arrived_at = Some(t);
                    row.time_known = known;
                }
                None => errors.push(field(column, FieldProblem::NotATime(shown(value)))),
            },
            Column::CaseNo if value.is_empty() => {}
            Column::CaseNo => match parse_case_no(value) {
                Some((year, seq)) => row.case_no = Some(format_case_no(year, seq)),
                None => errors.push(field(column, FieldProblem::NotACaseNumber(shown(value)))),
            },
            Column::Officer | Column::Handler => {
                let name = clean_input(value);
                if name.chars().count() > MAX_NAME_CHARS {
                    errors.push(field(
                        column,
                        FieldProblem::LongerThan {
                            max: MAX_NAME_CHARS,
                        },
                    ));
                } else if name.is_empty() {
                } else if column == Column::Officer {
                    row.officer = Some(name);
                } else {
                    row.handler = Some(name);
                }
            }
        }
    }
    if let (Some(closed), Some(arrived)) = (row.closed_on, row.arrived_at) {
        if closed < arrived.date_naive() {
            errors.push(field(
                Column::ClosedOn,
                FieldProblem::ClosedBeforeArrival {
                    closed: closed.to_string(),
                    arrived: arrived.date_naive().to_string(),
                },
            ));
        }
    }
    if row.standing.as_ref().map(|s| s.target()) == Some(crate::domain::CaseStatus::Transferred)
        && row.unit.is_none()
    {
        errors.push(field(Column::Unit, FieldProblem::UnitRequired));
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

/// A stable fingerprint of one row as read: the same row in the same file (its
/// `occurrence`-th copy, counting from 0) always gives the same one, so an import run
/// twice adds nothing the second time, and exact duplicates within a file both stay.
pub fn fingerprint(row: &ImportRow, occurrence: u32) -> String {
    let i = &row.intake;
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    // The fields as read are already cleaned; a unit separator keeps them apart.
    let parts: [String; 17] = [
        i.name.clone(),
        text(&i.id_number),
        text(&i.phone),
        text(&i.address),
        number(i.headcount),
        i.representatives.join("\u{1e}"),
        i.channel.map(|c| c.code()).unwrap_or_default().to_string(),
        i.matter.clone(),
        text(&i.category),
        // The instant, whatever offset the file wrote it in.
        row.arrived_at
            .map(|t| format!("{}:{}", t.timestamp(), row.time_known))
            .unwrap_or_default(),
        text(&row.case_no),
        text(&row.officer),
        match &row.standing {
            Some(Standing::Status(s)) => s.code().to_string(),
            Some(Standing::Closed(w)) => format!("closed:{w}"),
            None => String::new(),
        },
        row.closed_on.map(|d| d.to_string()).unwrap_or_default(),
        text(&row.reply),
        text(&row.unit),
        text(&row.handler),
    ];
    let mut hash = Sha256::new();
    for p in &parts {
        hash.update(p.trim().as_bytes());
        hash.update([0x1f]);
    }
    // The first copy's fingerprint does not depend on copies that may follow.
    if occurrence > 0 {
        hash.update(occurrence.to_string().as_bytes());
    }
    hash.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}
