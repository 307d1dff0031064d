//! The leaner timeline (issue 9.5): each event holds its own hash as 32 bytes
//! instead of two 64-character hex texts (its own and its predecessor's, which is
//! the row before it). The chain is the same chain: every hash is still computed
//! over the previous one written as lowercase hex, so the migration only re-encodes
//! what is on file, and anchors and `verify` print hex as before.

/// The migration; harmless on a file already converted (tests set the version
/// back). The table is rebuilt (SQLite cannot change a column's type), so
/// its triggers and indexes are made again; the ledger sees the new shape of
/// `events` and seals every event once more in the same transaction.
pub(super) const SCHEMA: &str = r#"
    CREATE TABLE events_lean (
        id         INTEGER PRIMARY KEY,
        case_id    INTEGER NOT NULL REFERENCES cases(id),
        at         TEXT NOT NULL,
        officer_id INTEGER NOT NULL REFERENCES officers(id),
        kind       TEXT NOT NULL,
        detail     TEXT NOT NULL DEFAULT '{}',
        hash       BLOB NOT NULL CHECK (length(hash) = 32)
    ) STRICT;
    INSERT INTO events_lean(id, case_id, at, officer_id, kind, detail, hash)
        SELECT id, case_id, at, officer_id, kind, detail,
               CASE typeof(hash) WHEN 'text' THEN unhex(hash) ELSE hash END
        FROM events ORDER BY id;
    DROP TABLE events;
    ALTER TABLE events_lean RENAME TO events;
    CREATE INDEX events_case ON events(case_id, id);
    CREATE INDEX events_links
        ON events(json_extract(detail, '$.case_no')) WHERE kind = 'link';
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'timeline events are append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'timeline events are append-only'); END;
"#;

#[cfg(test)]
#[path = "lean_tests.rs"]
pub(super) mod tests;
