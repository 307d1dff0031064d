//! The seal's write: the entries and marks appended, exactly the noted keys it
//! read cleared (another program's write noted meanwhile, outside the write lock,
//! waits for the next seal instead of vanishing), and the head recorded apart
//! from the chain, so that cutting the newest entries is noticed too.
//!
//! One statement over arrays ([`SEAL_WRITE`]), run two ways: prepared by the
//! protocol (any size: a migration's seal of every row), or as the text a unit
//! of work sends with its COMMIT, saving that round trip: `EXECUTE` of the same
//! statement prepared by name (`named.rs`, so the server does not plan it on
//! every call) over array literals. The text holds only what the program made
//! (integers, hex, the head) and table names, each written safely
//! (`name_literal`): nothing an officer typed.

use crate::store::error::Result;
use crate::store::sqlite::ledger::hex;
use crate::store::sqlite::ledger_store::MARK_EVERY;
use postgres::GenericClient;
use std::fmt::Write as _;

/// Past this many entries or keys, a seal's write goes as a statement of its
/// own: as text it would be more to parse than a round trip costs.
const MOST_AS_TEXT: usize = 512;

/// The seal's write over arrays: entries ($1–$6), marks ($7, $8), the noted
/// keys to clear ($9–$11), the head ($12). Prepared by the protocol for a large
/// seal, by name (`named.rs`) for the text sent with a COMMIT.
pub(super) const SEAL_WRITE: &str = "WITH e AS (
         INSERT INTO ledger(seq, t, k1, k2, outside, row_hash)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],
                              $5::bool[], $6::bytea[])),
     m AS (
         INSERT INTO ledger_marks(seq, hash)
         SELECT * FROM unnest($7::bigint[], $8::bytea[])),
     d AS (
         DELETE FROM ledger_pending p
         USING unnest($9::text[], $10::bigint[], $11::bigint[]) AS d(tbl, k1, k2)
         WHERE p.tbl = d.tbl AND p.k1 = d.k1 AND p.k2 = d.k2)
     INSERT INTO meta(key, value) VALUES ('ledger_head', $12)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value";

/// The name [`SEAL_WRITE`] is prepared under (`named.rs`).
pub(super) const SEAL_NAME: &str = "jiedai_seal";

/// The entries of one seal, as columns for one insert, and the marks among them.
#[derive(Default)]
pub(super) struct Entries {
    pub(super) seq: Vec<i64>,
    pub(super) tbl: Vec<String>,
    /// The tables that had no number yet, in order.
    pub(super) unnumbered: Vec<String>,
    pub(super) code: Vec<Option<i64>>,
    k1: Vec<i64>,
    k2: Vec<i64>,
    row_hash: Vec<Option<Vec<u8>>>,
    mark_seq: Vec<i64>,
    mark_hash: Vec<Vec<u8>>,
}

impl Entries {
    #[allow(clippy::too_many_arguments)] // one entry's fields, as the chain hashes them
    pub(super) fn push(
        &mut self,
        seq: i64,
        tbl: &str,
        code: Option<i64>,
        (k1, k2): (i64, i64),
        row: Option<Vec<u8>>,
        hash: &[u8],
    ) {
        self.seq.push(seq);
        self.tbl.push(tbl.to_string());
        if code.is_none() && self.unnumbered.last().map(String::as_str) != Some(tbl) {
            self.unnumbered.push(tbl.to_string());
        }
        self.code.push(code);
        self.k1.push(k1);
        self.k2.push(k2);
        self.row_hash.push(row);
        if seq % MARK_EVERY == 0 {
            self.mark_seq.push(seq);
            self.mark_hash.push(hash.to_vec());
        }
    }
}

/// What one seal writes.
pub(super) struct Write {
    pub(super) entries: Entries,
    pub(super) outside: bool,
    /// The noted keys read (table, k1, k2), every one of them.
    pub(super) keys: Vec<(String, i64, i64)>,
    /// The new head, `SEQ:HASH`.
    pub(super) head: String,
}

impl Write {
    /// Runs the write as one prepared statement.
    pub(super) fn execute<C: GenericClient>(&self, c: &mut C) -> Result<()> {
        let e = &self.entries;
        let tbls: Vec<&str> = self.keys.iter().map(|k| k.0.as_str()).collect();
        let k1s: Vec<i64> = self.keys.iter().map(|k| k.1).collect();
        let k2s: Vec<i64> = self.keys.iter().map(|k| k.2).collect();
        let outsides = vec![self.outside; e.seq.len()];
        super::prepared::run(c, SEAL_WRITE, |c, st| {
            c.execute(
                st,
                &[
                    &e.seq,
                    &e.code,
                    &e.k1,
                    &e.k2,
                    &outsides,
                    &e.row_hash,
                    &e.mark_seq,
                    &e.mark_hash,
                    &tbls,
                    &k1s,
                    &k2s,
                    &self.head,
                ],
            )
        })?;
        Ok(())
    }

    /// The write as SQL to send ahead of COMMIT in one message: the named
    /// statement ([`SEAL_WRITE`], prepared by `named.rs`) run over array
    /// literals; `None` when it is too large for that.
    pub(super) fn as_text(&self) -> Option<String> {
        let e = &self.entries;
        if e.seq.len() > MOST_AS_TEXT || self.keys.len() > MOST_AS_TEXT {
            return None;
        }
        let mut sql = String::with_capacity(200 + 120 * e.seq.len() + 40 * self.keys.len());
        let _ = write!(sql, "EXECUTE {SEAL_NAME}(");
        let ints = |sql: &mut String, v: &mut dyn Iterator<Item = Option<i64>>| {
            array(sql, "bigint", v, |sql, n| {
                let _ = write!(sql, "{n}");
            })
        };
        ints(&mut sql, &mut e.seq.iter().map(|&n| Some(n)));
        ints(&mut sql, &mut e.code.iter().copied());
        ints(&mut sql, &mut e.k1.iter().map(|&n| Some(n)));
        ints(&mut sql, &mut e.k2.iter().map(|&n| Some(n)));
        let outside = self.outside;
        array(
            &mut sql,
            "bool",
            e.seq.iter().map(|_| Some(outside)),
            |sql, b| {
                let _ = write!(sql, "{b}");
            },
        );
        let bytes = |sql: &mut String, b: &[u8]| sql.push_str(&bytes_literal(b));
        array(
            &mut sql,
            "bytea",
            e.row_hash.iter().map(Option::as_deref),
            bytes,
        );
        ints(&mut sql, &mut e.mark_seq.iter().map(|&n| Some(n)));
        array(
            &mut sql,
            "bytea",
            e.mark_hash.iter().map(|h| Some(&h[..])),
            bytes,
        );
        array(
            &mut sql,
            "text",
            self.keys.iter().map(|k| Some(k.0.as_str())),
            |sql, t| sql.push_str(&name_literal(t)),
        );
        ints(&mut sql, &mut self.keys.iter().map(|k| Some(k.1)));
        ints(&mut sql, &mut self.keys.iter().map(|k| Some(k.2)));
        // The head is digits, a colon and hex: nothing to escape.
        let _ = write!(sql, "'{}')", self.head);
        Some(sql)
    }
}

/// `ARRAY[…]::TYPE[], ` with each value written by `each` (NULL for `None`).
fn array<T>(
    sql: &mut String,
    ty: &str,
    values: impl Iterator<Item = Option<T>>,
    each: impl Fn(&mut String, T),
) {
    sql.push_str("ARRAY[");
    for (i, v) in values.enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        match v {
            Some(v) => each(sql, v),
            None => sql.push_str("NULL"),
        }
    }
    let _ = write!(sql, "]::{ty}[], ");
}

/// Bytes as SQL, whatever `standard_conforming_strings` says.
fn bytes_literal(bytes: &[u8]) -> String {
    format!("decode('{}', 'hex')", hex(bytes))
}

/// A table name as SQL text. The ledger's own names are plain; a name another
/// program noted may hold anything, so it goes as the hex of its bytes.
fn name_literal(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if plain {
        format!("'{name}'::text")
    } else {
        format!(
            "convert_from(decode('{}', 'hex'), 'UTF8')",
            hex(name.as_bytes())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_another_program_noted_cannot_break_out_of_its_literal() {
        assert_eq!(name_literal("case_petitioners"), "'case_petitioners'::text");
        let hostile = name_literal("x'); DROP TABLE ledger; --");
        assert!(hostile.starts_with("convert_from(decode('"), "{hostile}");
        assert!(!hostile.contains("DROP"), "{hostile}");
        assert!(name_literal("").starts_with("convert_from("));
        assert!(name_literal("a\\b").starts_with("convert_from("));
    }

    /// The text form on a real server: the entries and a mark land as the
    /// prepared form writes them, exactly the keys named are cleared (a hostile
    /// name included, matched byte for byte), and nothing else is touched.
    #[test]
    fn the_write_as_text_does_what_the_statement_does() {
        use super::super::ledger_store::test_record as record;
        use crate::store::{OpenMode, Store};
        use crate::time::TimeSource;
        let Some((url, mut c)) = record() else { return };
        drop(Store::open(&url, OpenMode::Create, TimeSource::System).unwrap());
        let hostile = "x'); DELETE FROM ledger; --\\ 表";
        c.batch_execute("DELETE FROM ledger_pending").unwrap();
        c.execute(
            "INSERT INTO ledger_pending(tbl, k1, k2) VALUES ($1, 1, 0), ($1, 2, 0), ('units', 9, 0)",
            &[&hostile],
        )
        .unwrap();
        let before: i64 = c
            .query_one("SELECT max(seq) FROM ledger", &[])
            .unwrap()
            .get(0);
        let mut entries = Entries::default();
        let at = (before / MARK_EVERY + 2) * MARK_EVERY;
        entries.push(at - 1, "units", Some(2), (9, 0), None, &[1; 32]);
        entries.push(
            at,
            "units",
            Some(2),
            (10, 0),
            Some(vec![0, 39, 92]),
            &[7; 32],
        );
        let w = Write {
            entries,
            outside: true,
            keys: vec![(hostile.to_string(), 1, 0), ("units".into(), 9, 0)],
            head: format!("{at}:{}", hex(&[7; 32])),
        };
        super::super::named::prepare(&mut c).unwrap();
        let mut tx = c.transaction().unwrap();
        tx.batch_execute(&w.as_text().unwrap()).unwrap();
        let left: Vec<(String, i64)> = tx
            .query("SELECT tbl, k1 FROM ledger_pending ORDER BY k1", &[])
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        assert_eq!(left, vec![(hostile.to_string(), 2)]);
        let added: Vec<(i64, i64, bool, Option<Vec<u8>>)> = tx
            .query(
                "SELECT seq, k1, outside, row_hash FROM ledger WHERE seq > $1 ORDER BY seq",
                &[&before],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect();
        assert_eq!(
            added,
            vec![
                (at - 1, 9, true, None),
                (at, 10, true, Some(vec![0, 39, 92]))
            ]
        );
        let mark: Vec<u8> = tx
            .query_one("SELECT hash FROM ledger_marks WHERE seq = $1", &[&at])
            .unwrap()
            .get(0);
        assert_eq!(mark, vec![7; 32]);
        let head: String = tx
            .query_one("SELECT value FROM meta WHERE key = 'ledger_head'", &[])
            .unwrap()
            .get(0);
        assert_eq!(head, w.head);
        let kept: i64 = tx
            .query_one("SELECT count(*) FROM ledger", &[])
            .unwrap()
            .get(0);
        assert_eq!(kept, before + 2, "nothing else written, nothing deleted");
    }

    #[test]
    fn a_large_write_is_not_sent_as_text() {
        let mut w = Write {
            entries: Entries::default(),
            outside: false,
            keys: Vec::new(),
            head: "1:00".into(),
        };
        assert!(w.as_text().is_some());
        w.keys = vec![("cases".into(), 1, 0); MOST_AS_TEXT + 1];
        assert!(w.as_text().is_none());
    }
}
