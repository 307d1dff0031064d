//! Indexes for reads that used to walk a whole table for a few rows (issue 9.4),
//! each kept by SQLite itself in the transaction of every write:
//!
//! - `contacts_queue_end`: the walk-ins a handover window can see, still here or
//!   gone since its start (`shifts::contact_facts`). Read through `arrived_at`
//!   they were every walk-in that ever came; '~' sorts after every day, so the
//!   unfinished come last.
//! - `events_reply`: the period's replies (`stats`), a few among the timeline; with
//!   the case, so that a year's (three quarters of a million at a million people)
//!   are not each a jump into the table, which cost more than walking it.
//! - `cases_registered`: the period's new cases (`stats`).
//! - `contacts_long_standing`: contacts flagged 老户 before a period (the figures'
//!   roster): read through `arrived_at` they were every earlier contact.
//!
//! PostgreSQL has the same indexes (`postgres/read_indexes.rs`).

pub const SCHEMA: &str = r#"
    CREATE INDEX IF NOT EXISTS contacts_queue_end ON contacts(coalesce(finished_at, '~'))
        WHERE queue_no IS NOT NULL;
    CREATE INDEX IF NOT EXISTS events_reply ON events(at, case_id) WHERE kind = 'reply';
    CREATE INDEX IF NOT EXISTS cases_registered ON cases(registered_at);
    CREATE INDEX IF NOT EXISTS contacts_long_standing ON contacts(arrived_at)
        WHERE instr(flags, '"long_standing"') > 0;
"#;
