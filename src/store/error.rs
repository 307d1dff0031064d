//! What can go wrong with the record, phrased for the officer: each message says what
//! is wrong and what to do about it. Variants say what happened, never which
//! database engine said so: each backend translates its own errors into these.

use crate::domain::duty::DutyError;
use crate::domain::intake::FieldError;
use crate::domain::lifecycle::{AnnotationError, IllegalStep};
use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum StoreError {
    /// No database where one was expected (the path names the file, or a server
    /// backend's address without its password).
    Missing(PathBuf),
    /// A database that some other program owns.
    NotJiedai(PathBuf),
    /// Not a database at all, or damaged.
    Corrupt(PathBuf, String),
    /// Another program holds the write lock past the busy timeout.
    Locked(PathBuf),
    /// The file or its folder cannot be written.
    ReadOnly(PathBuf),
    /// Written by a newer jiedai.
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// A case, person, officer, unit or queue number that does not exist.
    NotFound(String),
    /// The roster refused: an unknown or retired officer, one signed in from another
    /// host account, or a roster change by someone who is not its 科长.
    Roster(crate::domain::roster::RosterError),
    /// Input that breaks a rule; nothing was written.
    Invalid(String),
    /// A check-in field that breaks a rule, kept typed so each front end words it.
    Intake(FieldError),
    Lifecycle(IllegalStep),
    Annotation(AnnotationError),
    /// A leaders' register refused the input (包案, reception, 督办).
    Leaders(crate::domain::leaders::LeadersProblem),
    /// Refused by the shift: an officer who handed over, a move from another shift.
    Duty(DutyError),
    /// A rating or 回访 the rules refuse (outside its window, a stage not reached).
    Rating(crate::domain::ratings::RatingError),
    Io(std::io::Error),
    /// The database failed in the middle of an operation for a reason about the
    /// database itself (held by another program, unwritable, damaged, full); the
    /// detail is the backend's own words.
    Unavailable {
        trouble: Trouble,
        detail: String,
    },
    /// The server cannot be reached, or refused this desk's sign-in; the words say
    /// which and what to check (its address, never its password).
    Unreachable(String),
    /// The record's own guards refused a change (the append-only timeline, the
    /// fixed first officer): something tried to rewrite history.
    Tampered(String),
    /// Any other failure of the backend, in its own words.
    Backend(String),
}

/// What is wrong with the database when an operation fails half-way; each kind
/// comes with the advice to give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// Another program holds it past the busy timeout.
    Busy,
    /// It cannot be written (permissions, a read-only disk).
    Unwritable,
    /// The disk is full.
    DiskFull,
    /// The file or the server's data is damaged.
    Damaged,
    /// Reading or writing failed below the database.
    Io,
}

impl Trouble {
    fn advice(self) -> &'static str {
        match self {
            Trouble::Damaged => {
                "the database file is damaged; restore it from a backup (`jiedai backup` makes one) or choose another file with --db"
            }
            Trouble::Busy => "another program holds the database; wait a moment and try again",
            Trouble::Unwritable => {
                "the database cannot be written; fix its permissions or use another file with --db"
            }
            Trouble::Io | Trouble::DiskFull => {
                "the database file cannot be read or written (is it a regular file on a disk with room?); choose another file with --db"
            }
        }
    }
}

impl StoreError {
    /// True for problems with the database file itself (as opposed to the request).
    pub fn is_database_problem(&self) -> bool {
        matches!(
            self,
            StoreError::Missing(_)
                | StoreError::NotJiedai(_)
                | StoreError::Corrupt(..)
                | StoreError::Locked(_)
                | StoreError::ReadOnly(_)
                | StoreError::TooNew { .. }
                | StoreError::Io(_)
                | StoreError::Unavailable { .. }
                | StoreError::Unreachable(_)
        )
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Missing(p) => write!(
                f,
                "no database at {}; run `jiedai init` to create it, or point --db / JIEDAI_DB at the right file",
                p.display()
            ),
            StoreError::NotJiedai(p) => write!(
                f,
                "{} is an SQLite database of another program, not a jiedai database; choose another file with --db",
                p.display()
            ),
            StoreError::Corrupt(p, why) => write!(
                f,
                "{} is not a readable jiedai database ({why}); restore it from a backup (`jiedai backup` makes one) or choose another file with --db",
                p.display()
            ),
            StoreError::Locked(p) => write!(
                f,
                "{} is locked by another program for too long; wait a moment and try again, or close the program holding it",
                p.display()
            ),
            StoreError::ReadOnly(p) => write!(
                f,
                "{} cannot be written (read-only file or folder); fix its permissions or use another file with --db",
                p.display()
            ),
            StoreError::TooNew { path, found, supported } => write!(
                f,
                "{} was written by a newer jiedai (schema {found}, this program knows {supported}); upgrade jiedai",
                path.display()
            ),
            StoreError::NotFound(what) => write!(f, "{what}"),
            StoreError::Invalid(what) | StoreError::Unreachable(what) => write!(f, "{what}"),
            StoreError::Roster(e) => write!(f, "{e}"),
            StoreError::Intake(e) => write!(f, "{e}"),
            StoreError::Lifecycle(e) => write!(f, "{e}"),
            StoreError::Annotation(e) => write!(f, "{e}"),
            StoreError::Leaders(e) => write!(f, "{e}"),
            StoreError::Duty(e) => write!(f, "{e}"),
            StoreError::Rating(e) => write!(f, "{e}"),
            StoreError::Io(e) => write!(f, "file error: {e}"),
            StoreError::Unavailable { trouble, detail } => {
                write!(f, "database error: {detail}; {}", trouble.advice())
            }
            StoreError::Tampered(detail) | StoreError::Backend(detail) => {
                write!(f, "database error: {detail}")
            }
        }
    }
}

impl std::error::Error for StoreError {}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e)
    }
}

impl From<IllegalStep> for StoreError {
    fn from(e: IllegalStep) -> Self {
        StoreError::Lifecycle(e)
    }
}

impl From<crate::domain::roster::RosterError> for StoreError {
    fn from(e: crate::domain::roster::RosterError) -> Self {
        StoreError::Roster(e)
    }
}

impl From<AnnotationError> for StoreError {
    fn from(e: AnnotationError) -> Self {
        StoreError::Annotation(e)
    }
}

impl From<crate::domain::ratings::RatingError> for StoreError {
    fn from(e: crate::domain::ratings::RatingError) -> Self {
        StoreError::Rating(e)
    }
}

impl From<DutyError> for StoreError {
    fn from(e: DutyError) -> Self {
        StoreError::Duty(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
