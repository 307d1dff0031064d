//! The command line of a matter's life: where it came from (`checkin --source`
//! and the upper office's terms), 交办, the unit's objection and the report back.

use super::args::UpperArgs;
use super::{exit, Failure, Startup};
use crate::domain::assigned::UpperInput;
use crate::domain::{Lang, Source};
use chrono::NaiveDate;

/// A source by its code (`assigned_from_above`, dashes allowed) or its label in
/// either language (`上级交办`).
pub fn parse_source(lang: Lang, given: &str) -> Result<Source, Failure> {
    crate::words::matters::parse_source(given).ok_or_else(|| {
        Failure::new(
            exit::USAGE,
            crate::words::matters::unknown_source(lang, given),
        )
    })
}

pub fn parse_day(lang: Lang, flag: &str, given: &str) -> Result<NaiveDate, Failure> {
    given.trim().parse().map_err(|_| {
        Failure::new(
            exit::USAGE,
            format!("{flag}: {}", crate::words::cli::not_a_date(lang, given)),
        )
    })
}

fn parse_yes_no(lang: Lang, flag: &str, given: &str) -> Result<bool, Failure> {
    crate::words::matters::parse_yes_no(given).ok_or_else(|| {
        Failure::new(
            exit::USAGE,
            crate::words::matters::not_yes_no(lang, flag, given),
        )
    })
}

pub fn upper_input(ctx: &Startup, a: UpperArgs) -> Result<UpperInput, Failure> {
    let lang = ctx.lang;
    let day = |flag: &str, v: Option<String>| v.map(|v| parse_day(lang, flag, &v)).transpose();
    Ok(UpperInput {
        from_office: a.from_office,
        doc_no: a.doc_no,
        received: day("--received", a.received)?,
        due: day("--upper-due", a.upper_due)?,
        due_days: None,
        report_due: a
            .report_due
            .map(|v| parse_yes_no(lang, "--report-due", &v))
            .transpose()?,
    })
}
