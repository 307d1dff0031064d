//! The indexes of `sqlite/read_indexes.rs` on the server, for the same reads (the
//! queries differ only where the dialects do: `strpos` for `instr`), and the index
//! on `cases.updated_at` the handover reads changed cases by, which the file has
//! had since its own migration.

pub const SCHEMA: &str = r#"
    CREATE INDEX IF NOT EXISTS contacts_queue_end ON contacts((coalesce(finished_at, '~')))
        WHERE queue_no IS NOT NULL;
    CREATE INDEX IF NOT EXISTS events_reply ON events(at, case_id) WHERE kind = 'reply';
    CREATE INDEX IF NOT EXISTS cases_registered ON cases(registered_at);
    CREATE INDEX IF NOT EXISTS cases_updated ON cases(updated_at);
    CREATE INDEX IF NOT EXISTS contacts_long_standing ON contacts(arrived_at)
        WHERE strpos(flags, '"long_standing"') > 0;
"#;
