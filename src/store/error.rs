//! What can go wrong with the record, phrased for the officer: each message says what
//! is wrong and what to do about it.

use crate::domain::intake::FieldError;
use crate::domain::lifecycle::{AnnotationError, IllegalStep};
use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum StoreError {
    /// No database file where one was expected.
    Missing(PathBuf),
    /// An SQLite file that some other program owns.
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
    /// Input that breaks a rule; nothing was written.
    Invalid(String),
    /// A check-in field that breaks a rule, kept typed so each front end words it.
    Intake(FieldError),
    Lifecycle(IllegalStep),
    Annotation(AnnotationError),
    Io(std::io::Error),
    Sqlite(rusqlite::Error),
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
        ) || self.file_trouble().is_some()
    }

    /// What an SQLite error met in the middle of a command says about the file
    /// itself (damaged, locked, unwritable), if anything: the advice to give.
    fn file_trouble(&self) -> Option<&'static str> {
        use rusqlite::ErrorCode::*;
        let StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) = self else {
            return None;
        };
        Some(match e.code {
            DatabaseCorrupt | NotADatabase => {
                "the database file is damaged; restore it from a backup (`jiedai backup` makes one) or choose another file with --db"
            }
            DatabaseBusy | DatabaseLocked => {
                "another program holds the database; wait a moment and try again"
            }
            ReadOnly | CannotOpen | PermissionDenied => {
                "the database cannot be written; fix its permissions or use another file with --db"
            }
            SystemIoFailure | DiskFull => {
                "the database file cannot be read or written (is it a regular file on a disk with room?); choose another file with --db"
            }
            _ => return None,
        })
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
            StoreError::Invalid(what) => write!(f, "{what}"),
            StoreError::Intake(e) => write!(f, "{e}"),
            StoreError::Lifecycle(e) => write!(f, "{e}"),
            StoreError::Annotation(e) => write!(f, "{e}"),
            StoreError::Io(e) => write!(f, "file error: {e}"),
            StoreError::Sqlite(e) => match self.file_trouble() {
                Some(advice) => write!(f, "database error: {e}; {advice}"),
                None => write!(f, "database error: {e}"),
            },
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

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

impl From<AnnotationError> for StoreError {
    fn from(e: AnnotationError) -> Self {
        StoreError::Annotation(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Turns SQLite's codes for file trouble into messages about the file.
pub(crate) fn classify(path: &std::path::Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::*;
    if let rusqlite::Error::SqliteFailure(code, ref msg) = e {
        let why = msg.clone().unwrap_or_else(|| code.to_string());
        return match code.code {
            DatabaseBusy | DatabaseLocked => StoreError::Locked(path.to_path_buf()),
            ReadOnly => StoreError::ReadOnly(path.to_path_buf()),
            NotADatabase | DatabaseCorrupt => StoreError::Corrupt(path.to_path_buf(), why),
            CannotOpen => StoreError::ReadOnly(path.to_path_buf()),
            _ => StoreError::Sqlite(e),
        };
    }
    StoreError::Sqlite(e)
}
