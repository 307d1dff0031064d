//! Versioned schema migrations on `PRAGMA user_version`.
//!
//! Each migration runs once, in order, inside one transaction with the version bump,
//! so a crash mid-migration leaves the previous version intact. Never edit a released
//! migration: add a new one.

use super::ledger;
use rusqlite::Connection;

/// `PRAGMA application_id`: "JIED". Marks the file as ours so that opening some other
/// SQLite database by mistake is refused instead of migrated.
pub const APPLICATION_ID: i64 = 0x4A49_4544;

const MIGRATIONS: &[&str] = &[
    // 1: the desk's record.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE officers (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 50),
        active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE units (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
        created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE categories (
        id     INTEGER PRIMARY KEY,
        name   TEXT NOT NULL,
        parent TEXT NOT NULL DEFAULT '',  -- '' for a top-level category
        UNIQUE (parent, name)
    ) STRICT;

    CREATE TABLE petitioners (
        id                 INTEGER PRIMARY KEY,
        name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
        id_number          TEXT UNIQUE,
        id_checksum_ok     INTEGER NOT NULL DEFAULT 1,
        phone              TEXT,
        address            TEXT,
        pinyin             TEXT NOT NULL,
        initials           TEXT NOT NULL,
        marked_long_standing INTEGER NOT NULL DEFAULT 0,
        change_seq         INTEGER NOT NULL DEFAULT 0,
        created_at         TEXT NOT NULL,
        created_by         INTEGER NOT NULL REFERENCES officers(id)
    ) STRICT;
    CREATE INDEX petitioners_phone ON petitioners(phone);
    CREATE INDEX petitioners_name ON petitioners(name);
    CREATE INDEX petitioners_change ON petitioners(change_seq);

    CREATE TABLE cases (
        id               INTEGER PRIMARY KEY,
        case_no          TEXT NOT NULL UNIQUE,
        status           TEXT NOT NULL,
        matter           TEXT NOT NULL,
        category         TEXT,
        purpose          TEXT,
        location         TEXT,
        litigation       INTEGER NOT NULL DEFAULT 0,
        source           TEXT NOT NULL DEFAULT 'local',
        first_officer_id INTEGER NOT NULL REFERENCES officers(id),
        handler_id       INTEGER REFERENCES officers(id),
        unit_id          INTEGER REFERENCES units(id),
        extended_days    INTEGER NOT NULL DEFAULT 0,
        -- The running, non-window clock and its due date: a cache of what the
        -- timeline implies, rewritten with every event, so that "what is overdue"
        -- is one indexed query instead of a replay of every case.
        due_clock        TEXT,
        due_on           TEXT,
        registered_at    TEXT NOT NULL,
        updated_at       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX cases_status ON cases(status);
    CREATE INDEX cases_due ON cases(due_on) WHERE due_on IS NOT NULL;

    -- The first officer answers for the matter for good (首问责任制).
    CREATE TRIGGER cases_first_officer_fixed BEFORE UPDATE OF first_officer_id ON cases
    WHEN NEW.first_officer_id IS NOT OLD.first_officer_id
    BEGIN SELECT RAISE(ABORT, 'the first officer of a case never changes'); END;

    CREATE TABLE case_petitioners (
        case_id       INTEGER NOT NULL REFERENCES cases(id),
        petitioner_id INTEGER NOT NULL REFERENCES petitioners(id),
        role          TEXT NOT NULL DEFAULT 'principal',
        PRIMARY KEY (case_id, petitioner_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX case_petitioners_person ON case_petitioners(petitioner_id);

    CREATE TABLE contacts (
        id              INTEGER PRIMARY KEY,
        petitioner_id   INTEGER NOT NULL REFERENCES petitioners(id),
        case_id         INTEGER NOT NULL REFERENCES cases(id),
        channel         TEXT NOT NULL,
        headcount       INTEGER NOT NULL DEFAULT 1 CHECK (headcount BETWEEN 1 AND 100000),
        representatives TEXT NOT NULL DEFAULT '[]',
        matter          TEXT NOT NULL DEFAULT '',
        flags           TEXT NOT NULL DEFAULT '[]',
        arrived_at      TEXT NOT NULL,
        officer_id      INTEGER NOT NULL REFERENCES officers(id),
        queue_date      TEXT,
        queue_no        INTEGER,
        queue_status    TEXT,
        received_by     INTEGER REFERENCES officers(id),
        received_at     TEXT,
        finished_at     TEXT,
        letter_no       TEXT UNIQUE,
        UNIQUE (queue_date, queue_no)
    ) STRICT;
    CREATE INDEX contacts_person ON contacts(petitioner_id, arrived_at);
    CREATE INDEX contacts_case ON contacts(case_id);
    CREATE INDEX contacts_arrived ON contacts(arrived_at);
    CREATE INDEX contacts_queue ON contacts(queue_status) WHERE queue_status IS NOT NULL;

    CREATE TABLE events (
        id         INTEGER PRIMARY KEY,
        case_id    INTEGER NOT NULL REFERENCES cases(id),
        at         TEXT NOT NULL,
        officer_id INTEGER NOT NULL REFERENCES officers(id),
        kind       TEXT NOT NULL,
        detail     TEXT NOT NULL DEFAULT '{}',
        prev_hash  TEXT NOT NULL,
        hash       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX events_case ON events(case_id, id);

    -- The timeline is append-only; `jiedai verify` catches edits made behind our back.
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'timeline events are append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'timeline events are append-only'); END;

    CREATE TABLE shifts (
        id          INTEGER PRIMARY KEY,
        officer_id  INTEGER NOT NULL REFERENCES officers(id),
        started_at  TEXT NOT NULL,
        ended_at    TEXT,
        notes       TEXT NOT NULL DEFAULT '',
        handed_to   INTEGER REFERENCES officers(id),
        acked_by    INTEGER REFERENCES officers(id),
        acked_at    TEXT
    ) STRICT;
    CREATE INDEX shifts_officer ON shifts(officer_id, started_at);

    CREATE TABLE audit (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        officer_id INTEGER NOT NULL REFERENCES officers(id),
        action     TEXT NOT NULL,
        subject    TEXT NOT NULL
    ) STRICT;
    "#,
    // 2: merging two records of one person is explicit and never deletes a row: the
    // absorbed record stays, pointing at the one that was kept.
    r#"
    ALTER TABLE petitioners ADD COLUMN merged_into INTEGER REFERENCES petitioners(id);
    "#,
    // 3: the audit log names the host account that acted, and may have no officer
    // (a backup or export run from a script without --officer is still recorded).
    r#"
    CREATE TABLE audit_new (
        id           INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        officer_id   INTEGER REFERENCES officers(id),
        host_account TEXT NOT NULL DEFAULT '',
        action       TEXT NOT NULL,
        subject      TEXT NOT NULL
    ) STRICT;
    INSERT INTO audit_new(id, at, officer_id, action, subject)
        SELECT id, at, officer_id, action, subject FROM audit;
    DROP TABLE audit;
    ALTER TABLE audit_new RENAME TO audit;
    CREATE INDEX audit_at ON audit(at);
    "#,
    // 4: registers from before jiedai. An imported contact keeps the fingerprint of
    // the row it came from, so the same file imported again adds nothing; a row with a
    // date but no time of day says so instead of inventing one.
    r#"
    ALTER TABLE contacts ADD COLUMN import_key TEXT;
    ALTER TABLE contacts ADD COLUMN time_unknown INTEGER NOT NULL DEFAULT 0;
    CREATE UNIQUE INDEX contacts_import_key ON contacts(import_key) WHERE import_key IS NOT NULL;
    "#,
    // 5: the persisted search keys (see search_keys.rs), built for what is on file.
    super::search_keys::SCHEMA,
    // The roster: officers get a role (科员 clerk, 科长 chief, 领导 leader), a title
    // for leaders, and optionally the host account they sign in from. An existing
    // office keeps someone who can manage the roster: its earliest officer is 科长.
    super::roster::SCHEMA,
    // The handover summary reads the cases that changed since the day before its
    // window by an index, not every case; an ID number or phone long enough to have
    // a tail is found by the tail's whole key, so its own row goes.
    r#"
    CREATE INDEX IF NOT EXISTS cases_updated ON cases(updated_at);
    DELETE FROM search_keys WHERE kind IN (4, 5) AND length(key) >= 4;
    "#,
    // The ledger: every record table hashed into one chain (see ledger.rs). The
    // runner seals the rows already on file when it installs the triggers.
    super::ledger::SCHEMA,
    // The leaders' registers: 包案, receptions, 督办 (see leaders.rs).
    super::leaders::SCHEMA,
    // 7: the risk registers: screening rounds, plans, skip-level contacts (issue 12).
    super::risk::SCHEMA,
    // The life of a matter: where it came from above and when it was reported back,
    // duplicates merged into their original, links found from either side.
    super::matters::SCHEMA,
    // Counts kept with every write for the status line (see tallies.rs).
    super::tallies::SCHEMA,
    // 满意度评价 and 回访: one row per rating, one per follow-up a 不满意 opened.
    super::ratings::SCHEMA,
    // Leaders' receptions on the day: people booked in advance (see bookings.rs).
    super::bookings::SCHEMA,
    // The leaner timeline: each event's hash as 32 bytes, its predecessor's not
    // repeated (see lean.rs).
    super::lean::SCHEMA,
    // The leaner ledger: a table number instead of its name, no chain hash per
    // entry (recomputed, with a mark every few hundred entries); see ledger_store.rs.
    super::ledger_store::MIGRATION,
    // Indexes for the handover's walk-ins and the figures' few rows (see
    // read_indexes.rs).
    super::read_indexes::SCHEMA,
    // A leaner file: an index no query reads goes; the runner's caller then gives
    // back the free pages an upgrade left (see compact.rs).
    super::compact::MIGRATION,
    // A check-in writes its person's keys to one row beside the index, not to
    // some 50 leaves of it; folds write them in later (see search_pending.rs).
    super::search_pending::SCHEMA,
];

/// Work a migration needs beyond its SQL, run in the same transaction.
fn after(version: i64, sql: &str, tx: &Connection) -> rusqlite::Result<()> {
    if version == 5 {
        super::search_keys::rebuild(tx)?;
    }
    if sql == super::ledger_store::MIGRATION {
        super::ledger_store::convert(tx)?;
    }
    Ok(())
}

/// The schema version this program writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The version a file had just before `migration` ran on it (tests that pretend an
/// older file set it back to this).
#[cfg(test)]
pub(super) fn version_before(migration: &str) -> i64 {
    MIGRATIONS
        .iter()
        .position(|m| *m == migration)
        .expect("a migration of this program") as i64
}

/// Brings the database up to [`latest_version`]; returns the version it found.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<i64> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // The table shapes from before the first migration that ran while the file had
    // no ledger in this program's storage yet (its writes wait in ledger_pending
    // until the migration that converts the ledger seals them).
    let mut unsealed_since: Option<Vec<(&'static str, String)>> = None;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another desk may have migrated while we waited for the write lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > index as i64 {
            tx.commit()?;
            continue;
        }
        let before = match unsealed_since.take() {
            Some(shapes) => shapes,
            None => ledger::shapes(&tx)?,
        };
        tx.execute_batch(sql)?;
        after(index as i64 + 1, sql, &tx)?;
        if !ledger::present(&tx)? {
            unsealed_since = Some(before);
        } else {
            // Every listed table gets its triggers (a table new to the list, or one
            // a migration rebuilt, gets them here) and what the migration wrote is
            // sealed with it.
            let after = ledger::shapes(&tx)?;
            let reshaped: Vec<&str> = after
                .iter()
                .filter(|shape| !before.contains(shape))
                .map(|(name, _)| *name)
                .collect();
            ledger::install(&tx, &reshaped)?;
            super::ledger_seal::seal(&tx, false)?;
        }
        bump(&tx, index as i64 + 1)?;
        tx.commit()?;
        conn.execute_batch(super::search_keys::AFTER_REBUILD)?;
    }
    Ok(found)
}

fn bump(tx: &Connection, version: i64) -> rusqlite::Result<()> {
    tx.execute_batch(&format!(
        "PRAGMA user_version = {version}; PRAGMA application_id = {APPLICATION_ID};"
    ))
}
