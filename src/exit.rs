//! How a run ends, whichever front end ran: the exit codes that scripts can trust
//! (listed in `--help` and the README) and the one failure type both return.
//!
//! A failure keeps the store's error typed until it is printed, so that it is worded
//! in the language of the run.

use crate::domain::Lang;
use crate::store::StoreError;

pub const OK: u8 = 0;
pub const FAILURE: u8 = 1;
pub const USAGE: u8 = 2;
pub const REFUSED: u8 = 3;
pub const NOT_FOUND: u8 = 4;
pub const DATABASE: u8 = 5;
pub const TAMPERED: u8 = 6;

/// A failure with its exit code; the message says what to do.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    cause: Cause,
}

#[derive(Debug)]
enum Cause {
    /// Already worded in the language of the run.
    Said(String),
    Store(StoreError),
    Out(crate::outfile::OutError),
}

impl Failure {
    /// A failure whose message is already worded in the language of the run.
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Failure {
            code,
            cause: Cause::Said(message.into()),
        }
    }

    /// The same failure, its message (worded in `lang`) set in a larger sentence.
    pub fn reworded(self, lang: Lang, f: impl FnOnce(String) -> String) -> Failure {
        Failure::new(self.code, f(self.message(lang)))
    }

    /// The message in `lang`, without the program's name.
    pub fn message(&self, lang: Lang) -> String {
        match &self.cause {
            Cause::Said(s) => s.clone(),
            Cause::Store(e) => crate::words::errors::store_error(e, lang),
            Cause::Out(e) => crate::words::outfile::out_problem(e.problem(), lang),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            _ if e.is_database_problem() => DATABASE,
            StoreError::NotFound(_)
            | StoreError::Roster(crate::domain::roster::RosterError::Unknown { .. }) => NOT_FOUND,
            StoreError::Roster(_) => REFUSED,
            StoreError::Invalid(_)
            | StoreError::Intake(_)
            | StoreError::Lifecycle(_)
            | StoreError::Annotation(_)
            | StoreError::Leaders(_)
            | StoreError::Duty(_)
            | StoreError::Rating(_) => REFUSED,
            _ => FAILURE,
        };
        Failure {
            code,
            cause: Cause::Store(e),
        }
    }
}

impl From<crate::outfile::OutError> for Failure {
    fn from(e: crate::outfile::OutError) -> Self {
        use crate::outfile::OutError;
        let code = match &e {
            OutError::Refused(_) => REFUSED,
            OutError::Failed(_) => FAILURE,
        };
        Failure {
            code,
            cause: Cause::Out(e),
        }
    }
}

pub type Outcome<T = ()> = Result<T, Failure>;
