//! The server's errors in the record's words. Only here does the adapter look at
//! SQLSTATE codes; what the officer reads never names the engine's internals, and
//! never the password (the client's messages do not carry it).

use crate::store::error::{StoreError, Trouble};
use postgres::error::SqlState;
use std::path::Path;

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        let detail = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => e.to_string(),
        };
        let Some(code) = e.code() else {
            // No SQLSTATE: the connection itself failed (closed, reset, unreachable).
            return if e.is_closed() || e.to_string().contains("connection") {
                StoreError::Unavailable {
                    trouble: Trouble::Io,
                    detail,
                }
            } else {
                StoreError::Backend(detail)
            };
        };
        let trouble = if is_retryable(&e) || *code == SqlState::LOCK_NOT_AVAILABLE {
            Trouble::Busy
        } else if *code == SqlState::DISK_FULL || *code == SqlState::OUT_OF_MEMORY {
            Trouble::DiskFull
        } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION
            || *code == SqlState::INSUFFICIENT_PRIVILEGE
        {
            Trouble::Unwritable
        } else if *code == SqlState::DATA_CORRUPTED || *code == SqlState::INDEX_CORRUPTED {
            Trouble::Damaged
        } else if *code == SqlState::IO_ERROR
            || *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CRASH_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
        {
            Trouble::Io
        } else if *code == SqlState::RAISE_EXCEPTION {
            // The schema's own guards (append-only timeline, fixed first officer).
            return StoreError::Tampered(detail);
        } else {
            return StoreError::Backend(detail);
        };
        StoreError::Unavailable { trouble, detail }
    }
}

/// A conflict with another desk that goes away when the unit of work runs again.
pub(super) fn is_retryable(e: &postgres::Error) -> bool {
    matches!(
        e.code(),
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
    )
}

/// Failing to connect or to set the record up, said about the server (`shown`
/// is its address without the password).
pub(super) fn on_open(shown: &Path, e: postgres::Error) -> StoreError {
    match e.code() {
        Some(c) if *c == SqlState::INVALID_CATALOG_NAME => StoreError::Unreachable(format!(
            "the server at {} has no such database; create it first (`createdb NAME` as its owner), then run jiedai again",
            shown.display()
        )),
        // The server's rules (pg_hba.conf) take this host only over TLS.
        Some(c)
            if *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
                && e.as_db_error()
                    .is_some_and(|db| db.message().contains("no encryption")) =>
        {
            StoreError::Unreachable(format!(
                "the server at {} accepts this desk only over TLS: write sslmode=require or sslmode=verify-full (with sslrootcert=) in the address instead of sslmode=disable",
                shown.display()
            ))
        }
        Some(c)
            if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
        {
            StoreError::Unreachable(format!(
                "the server at {} refused the sign-in: check the user, and the password in PGPASSWORD or ~/.pgpass",
                shown.display()
            ))
        }
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => StoreError::ReadOnly(shown.to_path_buf()),
        Some(_) => StoreError::from(e),
        None => {
            let why = with_causes(&e);
            StoreError::Unreachable(if why.contains("certificate verify failed") {
                format!(
                    "the PostgreSQL server at {} showed a certificate this desk does not trust ({why}): point sslrootcert= at the CA that signed it, and name the host as the certificate does",
                    shown.display()
                )
            } else {
                format!(
                    "cannot reach the PostgreSQL server at {}: {why}; is it running, and does the address (host, port) match it?",
                    shown.display()
                )
            })
        }
    }
}

/// The client's message with the reasons under it (`error connecting to server:
/// Connection refused`); none of them carries the password.
fn with_causes(e: &postgres::Error) -> String {
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let said = c.to_string();
        if !out.contains(&said) {
            out.push_str(": ");
            out.push_str(&said);
        }
        cause = c.source();
    }
    out
}
