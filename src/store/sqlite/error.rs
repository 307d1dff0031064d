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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clocks::ClockConfig;
    use crate::domain::EventKind;
    use crate::store::port::{NewCase, Tx};
    use crate::store::records::OpenMode;
    use crate::store::sqlite::SqliteStore;
    use crate::time::TimeSource;

    fn failure(code: i32) -> StoreError {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None).into()
    }

    #[test]
    fn sqlite_codes_become_troubles_by_meaning() {
        let trouble = |e: StoreError| match e {
            StoreError::Unavailable { trouble, .. } => Some(trouble),
            _ => None,
        };
        assert_eq!(
            trouble(failure(rusqlite::ffi::SQLITE_BUSY)),
            Some(Trouble::Busy)
        );
        assert_eq!(
            trouble(failure(rusqlite::ffi::SQLITE_LOCKED)),
            Some(Trouble::Busy)
        );
        assert_eq!(
            trouble(failure(rusqlite::ffi::SQLITE_READONLY)),
            Some(Trouble::Unwritable)
        );
        assert_eq!(
            trouble(failure(rusqlite::ffi::SQLITE_FULL)),
            Some(Trouble::DiskFull)
        );
        assert_eq!(
            trouble(failure(rusqlite::ffi::SQLITE_CORRUPT)),
            Some(Trouble::Damaged)
        );
        assert!(matches!(
            failure(rusqlite::ffi::SQLITE_MISMATCH),
            StoreError::Backend(_)
        ));
    }

    #[test]
    fn the_schema_guards_refusing_an_edit_read_as_tampering() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(
            &dir.path().join("desk.db"),
            OpenMode::Create,
            &TimeSource::System,
        )
        .unwrap();
        let at = "2026-11-02T09:00:00+08:00";
        store
            .write(|conn| {
                let mut tx = crate::store::sqlite::tx::SqliteTx::new(conn, None);
                let officer_id = tx.officer_id("王科员", at)?;
                let case_id = tx.insert_case(&NewCase {
                    case_no: "2026-000001",
                    matter: "反映小区物业违规收费",
                    category: None,
                    purpose: None,
                    location: None,
                    litigation: false,
                    source: "local",
                    officer_id,
                    at,
                })?;
                let detail = serde_json::json!({ "case_no": "2026-000001" });
                let clocks = ClockConfig::default();
                tx.append_event(
                    case_id,
                    at,
                    officer_id,
                    EventKind::Registered,
                    &detail,
                    &clocks,
                )
            })
            .unwrap();
        let e: StoreError = store
            .conn()
            .execute("DELETE FROM events", [])
            .unwrap_err()
            .into();
        assert!(matches!(e, StoreError::Tampered(_)), "{e:?}");
        assert!(e.to_string().contains("append-only"), "{e}");
    }
}
