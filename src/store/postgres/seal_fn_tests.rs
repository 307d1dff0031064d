//! The server hashes a row byte for byte as the client does (`PgCodec`, the
//! shared definition): every column type a ledgered table may hold, with the
//! values where encodings part (NULLs, signs, NaN and negative zero, padding,
//! multi-byte text, empty and zero bytes). Needs `JIEDAI_TEST_PG`.

use super::super::ledger::PgCodec;
use super::super::ledger_store::conversion_tests::record;
use super::row_hash_sql;
use crate::domain::intake::IntakeInput;
use crate::store::sqlite::ledger_store::MARK_EVERY;
use crate::store::{CheckIn, OpenMode, Store};
use crate::time::TimeSource;

fn check_in(store: &mut Store, name: &str) {
    let request = CheckIn {
        intake: IntakeInput {
            name: name.into(),
            matter: "反映物业收费问题".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    store.check_in("王科员", &request).unwrap();
}

/// A recorded head that does not name the newest entry (missing, stale, or not
/// a head at all) is not trusted: the server recomputes the chain from the last
/// mark before it, as the client does, and the chain goes on unbroken.
#[test]
fn the_seal_recomputes_a_head_it_cannot_trust_from_the_last_mark() {
    let Some((url, mut c)) = record() else { return };
    let mut store = Store::open(&url, OpenMode::Create, TimeSource::System).unwrap();
    let mut n = 0;
    while store.chain_head().unwrap().map_or(0, |h| h.seq) <= MARK_EVERY + 5 {
        check_in(&mut store, &format!("张{n}"));
        n += 1;
    }
    for recorded in [Some("3:00ff"), Some("not a head"), None] {
        let head = store.chain_head().unwrap().unwrap();
        match recorded {
            Some(v) => c
                .execute(
                    "UPDATE meta SET value = $1 WHERE key = 'ledger_head'",
                    &[&v],
                )
                .unwrap(),
            None => c
                .execute("DELETE FROM meta WHERE key = 'ledger_head'", &[])
                .unwrap(),
        };
        check_in(&mut store, &format!("李{n}"));
        n += 1;
        let report = store.verify_anchored(&[head.clone()]).unwrap();
        assert!(report.ok(), "{recorded:?}: {:?}", report.problems);
        let now = store.chain_head().unwrap().unwrap();
        assert!(now.seq > head.seq);
        let kept: String = c
            .query_one("SELECT value FROM meta WHERE key = 'ledger_head'", &[])
            .unwrap()
            .get(0);
        assert_eq!(kept, now.to_string());
    }
}

#[test]
fn the_server_hashes_every_column_type_as_the_client_does() {
    let Some((_, mut c)) = record() else { return };
    c.batch_execute(
        r#"CREATE TABLE sample (
               id BIGINT PRIMARY KEY, flag BOOLEAN, small SMALLINT, mid INTEGER,
               real_ DOUBLE PRECISION, words TEXT, short VARCHAR(10), padded CHAR(5),
               label NAME, raw BYTEA, "Upper" TEXT, "a""b" BIGINT);
           INSERT INTO sample VALUES
               (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
               (2, TRUE, -32768, -2147483648, -0.0, '', '', '', '', '\x'::bytea, '', 0),
               (3, FALSE, 32767, 2147483647, 'NaN', '信访接待 Ω', 'ab', 'ab', 'n', '\x00ff00'::bytea,
                'x', -9223372036854775808),
               (-4, TRUE, 1, -1, 'Infinity', E'a\nb\\c''d', '全角，', '中', 'name', '\x0102'::bytea,
                'Z', 9223372036854775807),
               (5, NULL, 7, NULL, 1e-310, NULL, NULL, NULL, NULL, NULL, '只此', NULL),
               (6, NULL, NULL, NULL, -1.5e300, NULL, NULL, NULL, NULL, NULL, NULL, NULL);"#,
    )
    .unwrap();
    let columns: Vec<(String, String)> = c
        .query(
            "SELECT a.attname::text, t.typname::text FROM pg_attribute a
             JOIN pg_type t ON t.oid = a.atttypid
             WHERE a.attrelid = 'sample'::regclass AND a.attnum > 0 AND NOT a.attisdropped",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(columns.len(), 12);
    let expr = row_hash_sql("sample", &columns).unwrap();
    let server: Vec<Vec<u8>> = c
        .query(&format!("SELECT {expr} FROM sample t ORDER BY id"), &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let rows = c
        .query("SELECT t.* FROM sample t ORDER BY id", &[])
        .unwrap();
    let codec = PgCodec::of(rows[0].columns(), 0);
    let client: Vec<Vec<u8>> = rows
        .iter()
        .map(|r| codec.hash(r).unwrap().to_vec())
        .collect();
    assert_eq!(server.len(), 6);
    assert_eq!(server, client);
    // Every row hashes apart: no column was left out of the encoding.
    let distinct: std::collections::HashSet<&Vec<u8>> = server.iter().collect();
    assert_eq!(distinct.len(), 6);
}

#[test]
fn a_column_the_ledger_cannot_hash_is_refused_by_name() {
    let columns = [
        ("id".to_string(), "int8".to_string()),
        ("amount".to_string(), "numeric".to_string()),
    ];
    let e = row_hash_sql("fees", &columns).unwrap_err().to_string();
    assert!(
        e.contains("amount") && e.contains("fees") && e.contains("numeric"),
        "{e}"
    );
}
