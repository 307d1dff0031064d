//! What an import tells: the problems and warnings of its rows, its figures, and the
//! clock its times are read by.

use super::source::Encoding;
use super::*;

/// One problem found in the file, at the line where its row starts.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Problem {
    pub line: u64,
    pub field: String,
    /// In English: scripts read the JSON report.
    pub message: String,
    /// `field: message` in the language of the run, for a person.
    #[serde(skip)]
    pub shown: String,
}

impl Problem {
    pub fn of(line: u64, e: FieldError, lang: Lang) -> Problem {
        Problem {
            line,
            field: e.field.to_string(),
            message: e.problem.to_string(),
            shown: crate::words::fields::field_error(&e, lang),
        }
    }
}

#[derive(Debug, Default, Serialize)]
pub(super) struct ImportReport {
    pub file: String,
    pub format: Option<Encoding>,
    /// Nothing was written: the figures are what the import would do.
    pub dry_run: bool,
    pub imported: u64,
    /// Rows whose contact an earlier import of the same rows already recorded.
    pub already_imported: u64,
    pub new_petitioners: u64,
    pub new_cases: u64,
    /// Cases the file's history closed (办结, 不予受理…).
    pub closed_cases: u64,
    /// New cases from before today that the file left open.
    pub open_cases: u64,
    pub waiting: u64,
    /// Columns of the file that were left aside.
    pub ignored_columns: Vec<String>,
    /// Rows whose ID number or phone was masked and so left out.
    pub masked_rows: u64,
    /// Units and officers the file named that were added to the lists.
    pub new_units: Vec<String>,
    pub new_officers: Vec<String>,
    pub warnings: Vec<Problem>,
    /// The longest a write transaction of this import held the database's write
    /// lock, in milliseconds: how long another desk had to wait at worst.
    pub lock_held_ms: u64,
}

/// Lists the problems (at most [`SHOWN_PROBLEMS`]) as `FILE:LINE: field: message`.
pub(super) fn listing(file: &str, problems: &[Problem], warnings: bool, lang: Lang) -> String {
    let mut text = String::new();
    for p in problems.iter().take(SHOWN_PROBLEMS) {
        text.push_str(&format!("\n{file}:{}: {}", p.line, p.shown));
    }
    if problems.len() > SHOWN_PROBLEMS {
        text.push('\n');
        text.push_str(&words::and_more(
            lang,
            problems.len() - SHOWN_PROBLEMS,
            warnings,
        ));
    }
    text
}

/// Where imported times live: in the desk's offset, so that a stored stamp's date is
/// the local day (which stats and exports select on), whatever offset the file used.
pub(super) struct DeskClock<'a>(pub &'a TimeSource);

impl DeskClock<'_> {
    pub fn wall(&self, naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        self.0.now().offset().from_local_datetime(&naive).earliest()
    }

    pub fn desk(&self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        t.with_timezone(self.0.now().offset())
    }
}
