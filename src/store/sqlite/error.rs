//! SQLite's error codes turned into the port's errors, which say what happened and
//! what to do without naming SQLite: the only place that reads those codes.

use crate::store::error::{StoreError, Trouble};
use rusqlite::ErrorCode::*;
use std::path::Path;

/// SQLite's extended code for a `RAISE(ABORT, …)` in a trigger: the schema's guards
/// (append-only timeline, fixed first officer) refusing a change.
const CONSTRAINT_TRIGGER: i32 = rusqlite::ffi::SQLITE_CONSTRAINT_TRIGGER;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        let detail = e.to_string();
        let rusqlite::Error::SqliteFailure(code, _) = &e else {
            return StoreError::Backend(detail);
        };
        let trouble = match code.code {
            DatabaseCorrupt | NotADatabase => Trouble::Damaged,
            DatabaseBusy | DatabaseLocked => Trouble::Busy,
            ReadOnly | CannotOpen | PermissionDenied => Trouble::Unwritable,
            DiskFull => Trouble::DiskFull,
            SystemIoFailure => Trouble::Io,
            ConstraintViolation if code.extended_code == CONSTRAINT_TRIGGER => {
                return StoreError::Tampered(detail)
            }
            _ => return StoreError::Backend(detail),
        };
        StoreError::Unavailable { trouble, detail }
    }
}

/// Turns SQLite's codes for file trouble met while opening or starting a
/// transaction into messages about the file.
pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(code, ref msg) = e {
        let why = msg.clone().unwrap_or_else(|| code.to_string());
        return match code.code {
            DatabaseBusy | DatabaseLocked => StoreError::Locked(path.to_path_buf()),
            ReadOnly => StoreError::ReadOnly(path.to_path_buf()),
            NotADatabase | DatabaseCorrupt => StoreError::Corrupt(path.to_path_buf(), why),
            CannotOpen => StoreError::ReadOnly(path.to_path_buf()),
            _ => StoreError::from(e),
        };
    }
    StoreError::from(e)
}
