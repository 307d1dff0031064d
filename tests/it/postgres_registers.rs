//! The registers on PostgreSQL through the real program: the same script of
//! commands (包案, receptions with a booking and a routed walk-in, 督办, the
//! division list, a screening round and item, a plan, a rating and its 回访) run
//! on a SQLite file and on a server record prints the same, byte for byte; the
//! server's tables mirror the file's column for column (what `migrate` copies row
//! for row); a plan's log stays append-only on the server too. Needs
//! `JIEDAI_TEST_PG` as `postgres` does.

use crate::common::runner::{jiedai, stderr, TempDb};
use crate::postgres_desks::record;
use std::path::Path;

const ID: &str = "11010519491231002X";
const DIVISIONS: &str =
    "# 城关县\n341122,城关县\n341122100,城关镇\n341122100201,幸福村\n341122101,河西乡\n";

/// The tables the registers add, as the SQLite file names them.
const REGISTERS: &[&str] = &[
    "baoan",
    "baoan_log",
    "baoan_hits",
    "receptions",
    "reception_visits",
    "reception_bookings",
    "supervisions",
    "divisions",
    "screening_rounds",
    "screening_items",
    "screening_item_people",
    "contact_risk",
    "plans",
    "plan_log",
    "ratings",
    "follow_ups",
];

/// One day of the office, as typed at the command line: (clock, arguments split
/// at spaces; `DIVISIONS` stands for the list's file).
fn script(divisions: &str) -> Vec<(&'static str, Vec<String>)> {
    const D16: &str = "2026-11-16T09:00:00+08:00";
    const D16_PM: &str = "2026-11-16T15:00:00+08:00";
    const D18: &str = "2026-11-18T10:00:00+08:00";
    const D20: &str = "2026-11-20T10:15:00+08:00";
    let steps = [
        (D16, "officer add 张副县长 --role 领导 --title 副县长"),
        (D16, "division load DIVISIONS"),
        (D16, "checkin --name 张伟 --id-number ID --matter 反映物业违规收费 --json"),
        (D16, "checkin --name 周建国 --headcount 25 --residence 341122101 --json"),
        (D16, "checkin --name 李娜 --residence 341122100201 --json"),
        (D16, "baoan add 1 --leader 张副县长 --unit 区住房和城乡建设局 --plan 每月走访一次，督促物业退费 \
               --target-date 2026-12-31 --case 2026-000001 --keeper 李村长 --json"),
        (D16, "reception add --leader 张副县长 --date 2026-11-16 --time 14:30 --place 县信访局接待大厅 \
               --topic 物业与住房 --announced --units 区住房和城乡建设局,区自然资源局 --kind 联合接访 --json"),
        (D16, "reception book 1 --person 3 --json"),
        (D16, "reception record 1 --queue 1 --json"),
        (D16, "queue --json"),
        (D16_PM, "reception record 1 --queue 1 --opinion 请住建局十日内核实答复 \
                  --assign-unit 区住房和城乡建设局 --deadline 2026-11-26 --json"),
        (D16_PM, "case supervise 2026-000001 --doc-no 督字〔2026〕15号 --deadline 2026-11-30 限期反馈 --json"),
        (D16_PM, "screening round --area 城关镇 --json"),
        (D16_PM, "screening round --area 河西乡 --zero --json"),
        (D16_PM, "screening item 1 --factor 征地补偿纠纷 --area 城关镇幸福村 --people 3 --risk 较大 \
                  --owner 张镇长 --measures 入户走访 --deadline 2026-11-25 --json"),
        (D16_PM, "plan start --contact 2 --reason 征地补偿集体访 --json"),
        (D16_PM, "plan log 1 --kind notified --who 公安 --json"),
        (D16_PM, "plan close 1 --outcome 已劝离，转河西乡接谈 --json"),
        (D16_PM, "case accept 2026-000001"),
        (D18, "case reply 2026-000001 --text 已书面答复"),
        (D18, "case evaluate 2026-000001 --stage 答复 --result 不满意 --via 电话 --json"),
        (D18, "baoan close 1 --xifang --evidence 息访协议 --json"),
        (D20, "checkin --name 张伟 --id-number ID --matter 物业费仍未退还 --json"),
        (D20, "case follow-ups --json"),
        (D20, "case follow-up 2026-000001 --result 息诉 --text 电话回访 --json"),
        (D20, "case supervise-result 2026-000001 --text 已退还物业费 --json"),
        (D20, "baoan told 1"),
        (D20, "baoan list --json"),
        (D20, "--lang zh baoan list"),
        (D20, "reception list --from 2026-11 --to 2026-11 --json"),
        (D20, "screening list --json"),
        (D20, "--lang zh screening list"),
        (D20, "screening state 1 已化解 --json"),
        (D20, "plan list --json"),
        (D20, "case follow-ups --all --json"),
        (D20, "handover --format json"),
        (D20, "--lang zh handover"),
    ];
    steps
        .into_iter()
        .map(|(now, line)| {
            let args = line
                .split_whitespace()
                .map(|a| match a {
                    "DIVISIONS" => divisions.to_string(),
                    "ID" => ID.to_string(),
                    a => a.to_string(),
                })
                .collect();
            (now, args)
        })
        .collect()
}

/// The output without the chain head: SQLite's counts every table's ledger, the
/// server's (for now) the timeline's chain alone, so the two heads differ.
fn without_head(text: &str) -> String {
    let is_head = |l: &str| {
        l.split(|c: char| !c.is_ascii_hexdigit())
            .any(|w| w.len() == 64)
    };
    text.lines()
        .filter(|l| !is_head(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn run(db: &Path, now: &str, args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jiedai(db, now, &args);
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        db.display(),
        stderr(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_registers_print_the_same_on_both_backends() {
    let Some(url) = record() else { return };
    let file = TempDb::new();
    let list = file.path.with_file_name("divisions.txt");
    std::fs::write(&list, DIVISIONS).unwrap();
    let mut said = Vec::new();
    for (now, args) in script(list.to_str().unwrap()) {
        let on_file = run(&file.path, now, &args);
        let on_server = run(Path::new(&url), now, &args);
        assert_eq!(
            without_head(&on_file),
            without_head(&on_server),
            "jiedai {args:?} at {now}"
        );
        said.push(on_server);
    }
    // What was compared is what an officer reads of these registers.
    let all = said.join("\n");
    for seen in [
        "\"untold\": 0",
        "\"revisits\": 1",
        "\"visits\": 1",
        "\"assign_unit\": \"区住房和城乡建设局\"",
        "\"doc_no\": \"督字〔2026〕15号\"",
        "\"zero\": true",
        "\"risk\": \"major\"",
        "\"kind\": \"notified\"",
        "\"result\": \"settled\"",
        "包案领导 张副县长",
    ] {
        assert!(all.contains(seen), "{seen} not in:\n{all}");
    }
    let out = jiedai(Path::new(&url), "2026-11-20T10:30:00+08:00", &["verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A column as both backends must have it: name (in order), whether it may be
/// empty, and what it holds: `integer` (SQLite's INTEGER; on the server BIGINT, or
/// BOOLEAN for a 0/1 flag) or `text` (TEXT; on the server compared byte by byte).
type Column = (String, bool, &'static str);

fn kind(declared: &str) -> &'static str {
    match declared {
        "INTEGER" | "bigint" | "boolean" => "integer",
        "TEXT" | "text C" => "text",
        _ => "other",
    }
}

fn sqlite_columns(path: &Path, table: &str) -> Vec<Column> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, \"notnull\" OR pk > 0, type FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap();
    stmt.query_map([table], |r| {
        Ok((r.get(0)?, r.get(1)?, kind(&r.get::<_, String>(2)?)))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn server_columns(url: &str, table: &str) -> Vec<Column> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.query(
        "SELECT column_name::text, is_nullable = 'NO',
                data_type::text || coalesce(' ' || collation_name::text, '')
           FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        &[&table],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), kind(r.get(2))))
    .collect()
}

/// The indexes a table has beyond its primary key and UNIQUE constraints.
fn sqlite_indexes(path: &Path, table: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1
               AND sql IS NOT NULL ORDER BY name",
        )
        .unwrap();
    stmt.query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn server_indexes(url: &str, table: &str) -> Vec<String> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.query(
        "SELECT i.indexname::text FROM pg_indexes i
          WHERE i.schemaname = current_schema() AND i.tablename = $1
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)
          ORDER BY 1",
        &[&table],
    )
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect()
}

#[test]
fn the_server_tables_mirror_the_file_column_for_column() {
    let Some(url) = record() else { return };
    let file = TempDb::new();
    run(&file.path, "2026-11-16T09:00:00+08:00", &["init".into()]);
    run(
        Path::new(&url),
        "2026-11-16T09:00:00+08:00",
        &["init".into()],
    );
    for table in REGISTERS {
        let on_file = sqlite_columns(&file.path, table);
        assert!(!on_file.is_empty(), "{table} on the file");
        assert!(on_file.iter().all(|c| c.2 != "other"), "{on_file:?}");
        assert_eq!(on_file, server_columns(&url, table), "{table}");
        assert_eq!(
            sqlite_indexes(&file.path, table),
            server_indexes(&url, table),
            "{table}"
        );
    }
}

#[test]
fn a_plan_log_stays_append_only_on_the_server() {
    let Some(url) = record() else { return };
    let db = Path::new(&url);
    let now = "2026-11-16T09:00:00+08:00";
    run(
        db,
        now,
        &["checkin", "--name", "周建国", "--headcount", "25"].map(String::from),
    );
    run(
        db,
        now,
        &["plan", "start", "--contact", "1", "--reason", "集体访"].map(String::from),
    );
    run(
        db,
        now,
        &["plan", "log", "1", "--kind", "note", "--text", "到场"].map(String::from),
    );
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    for sql in [
        "UPDATE plan_log SET text = 'edited'",
        "DELETE FROM plan_log",
        "TRUNCATE plan_log",
    ] {
        let e = c.batch_execute(sql).unwrap_err();
        assert!(
            e.to_string().contains("append-only") || format!("{e:?}").contains("append-only"),
            "{sql}: {e:?}"
        );
    }
    let text: String = c
        .query_one("SELECT text FROM plan_log WHERE kind = 'note'", &[])
        .unwrap()
        .get(0);
    assert_eq!(text, "到场");
}
