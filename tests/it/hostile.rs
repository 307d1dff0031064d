//! A table of hostile inputs through the real binary: check-in fields, import files,
//! config files, keymaps, `--db` paths and every `--out`. Each row names the exit code
//! and a piece of the message it must give; none may panic, print an escape sequence,
//! or write part of what it refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-28T09:30:00+08:00";
const ID: &str = "11010519491231002X";

/// One row of the table.
struct Case {
    what: String,
    args: Vec<String>,
    config: Option<String>,
    code: i32,
    /// Must appear in stderr (refusals) or stdout (successes); empty: anything.
    says: &'static str,
}

fn case(what: impl Into<String>, args: &[&str], code: i32, says: &'static str) -> Case {
    Case {
        what: what.into(),
        args: args.iter().map(|s| s.to_string()).collect(),
        config: None,
        code,
        says,
    }
}

/// Values an adversary types into a text field, with what a single-line field
/// must do with them (0: stored cleaned, 3: refused).
fn hostile_text() -> Vec<(&'static str, String, i32)> {
    vec![
        (
            "escape sequence",
            "\u{1b}[2J\u{1b}]0;pwned\u{7}张三".into(),
            0,
        ),
        ("bidi override", "\u{202e}张三".into(), 0),
        ("zero-width", "张\u{200b}三\u{feff}".into(), 0),
        ("bell and backspace", "张\u{7}\u{8}三".into(), 0),
        ("SQL", "'; DROP TABLE petitioners; --".into(), 0),
        ("format string", "%s%n%x%p".into(), 0),
        ("path", "../../etc/passwd".into(), 0),
        ("emoji", "👨‍👩‍👧 张".into(), 0),
        ("combining", "e\u{301}张".into(), 0),
        ("full-width", "张三１２３".into(), 0),
        ("tabs and breaks", "张\t三\r\n".into(), 0),
        ("Latin", "Zhang San".into(), 0),
        ("huge", "张".repeat(5000), 3),
    ]
}

fn checkin_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (what, value, code) in hostile_text() {
        // name: 50 characters at most.
        cases.push(case(
            format!("name: {what}"),
            &["checkin", "--name", &value, "--matter", "反映"],
            code,
            if code == 3 { "name" } else { "queue no." },
        ));
        // address: 200 at most.
        cases.push(case(
            format!("address: {what}"),
            &["checkin", "--name", "甲", "--address", &value],
            code,
            if code == 3 { "address" } else { "" },
        ));
        // location: 200 at most.
        cases.push(case(
            format!("location: {what}"),
            &["checkin", "--name", "甲", "--location", &value],
            code,
            if code == 3 { "location" } else { "" },
        ));
        // matter: 4000 at most, so only the huge value (5000) is refused.
        cases.push(case(
            format!("matter: {what}"),
            &["checkin", "--name", "甲", "--matter", &value],
            code,
            if code == 3 { "matter" } else { "" },
        ));
        // representatives: names of 50 at most, no more than the headcount.
        cases.push(case(
            format!("representatives: {what}"),
            &[
                "checkin",
                "--name",
                "甲",
                "--headcount",
                "6",
                "--representatives",
                &value,
            ],
            code,
            if code == 3 { "representatives" } else { "" },
        ));
        // An ID number or phone made of text is refused, never stored.
        let refused_id = 3;
        cases.push(case(
            format!("id number: {what}"),
            &["checkin", "--name", "甲", "--id-number", &value],
            refused_id,
            "id_number",
        ));
        cases.push(case(
            format!("phone: {what}"),
            &["checkin", "--name", "甲", "--phone", &value],
            3,
            "phone",
        ));
        // An unknown category is refused and names the list.
        cases.push(case(
            format!("category: {what}"),
            &["checkin", "--name", "甲", "--category", &value],
            3,
            "category",
        ));
    }
    for (what, value, code, says) in [
        ("empty name", "", 3, "name"),
        ("blank name", "   ", 3, "name"),
        ("name of controls only", "\u{1b}[0m\u{7}", 3, "name"),
    ] {
        cases.push(case(what, &["checkin", "--name", value], code, says));
    }
    for (what, value, code, says) in [
        ("id too short", "1101051949", 3, "id_number"),
        ("id too long", "11010519491231002X1", 3, "id_number"),
        ("id with letters", "11010519491231ABCD", 3, "id_number"),
        (
            "id with an impossible birth date",
            "110105194902300028",
            3,
            "id_number",
        ),
        (
            "id born in the future",
            "110105209912310022",
            0,
            "birth date",
        ),
        (
            "id wrong check character",
            "110105194912310021",
            0,
            "check character",
        ),
        (
            "id full-width",
            "１１０１０５１９４９１２３１００２Ｘ",
            0,
            "",
        ),
        ("id with spaces", "110105 19491231 002x", 0, ""),
        ("id 15 digits", "110105491231002", 0, ""),
        ("id blank", "   ", 0, ""),
    ] {
        cases.push(case(
            what,
            &["checkin", "--name", "甲", "--id-number", value],
            code,
            says,
        ));
    }
    for (what, value, code, says) in [
        ("phone short", "1234", 3, "phone"),
        ("phone long", "1234567890123456", 3, "phone"),
        ("phone +86", "+86 138-0013-8000", 0, ""),
        ("phone full-width", "１３８００１３８０００", 0, ""),
        ("phone landline", "(010) 6512-3456", 0, ""),
        ("phone letters", "138abc", 3, "phone"),
    ] {
        cases.push(case(
            what,
            &["checkin", "--name", "甲", "--phone", value],
            code,
            says,
        ));
    }
    for (what, value, code, says) in [
        ("headcount zero", "0", 3, "headcount"),
        ("headcount negative", "-1", 2, ""),
        ("headcount huge", "10001", 3, "headcount"),
        ("headcount text", "six", 2, "invalid value"),
        (
            "headcount overflow",
            "99999999999999999999",
            2,
            "invalid value",
        ),
        ("headcount collective", "6", 0, ""),
    ] {
        cases.push(case(
            what,
            &["checkin", "--name", "甲", "--headcount", value],
            code,
            says,
        ));
    }
    for (what, args, code, says) in [
        (
            "channel unknown",
            vec!["--channel", "fax"],
            2,
            "invalid value",
        ),
        (
            "a value that looks like a flag",
            vec!["--matter", "-x"],
            2,
            "unexpected argument",
        ),
        ("a dash value written with =", vec!["--matter=-反映"], 0, ""),
        (
            "case unknown",
            vec!["--case", "2026-999999"],
            4,
            "2026-999999",
        ),
        ("case malformed", vec!["--case", "xyz"], 3, ""),
        (
            "case of year 0001",
            vec!["--case", "0001-000001"],
            3,
            "not a case number",
        ),
        (
            "petitioner unknown",
            vec!["--petitioner", "99999"],
            4,
            "99999",
        ),
        (
            "petitioner text",
            vec!["--petitioner", "abc"],
            2,
            "invalid value",
        ),
        (
            "more representatives than people",
            vec!["--headcount", "2", "--representatives", "甲,乙,丙"],
            3,
            "representatives",
        ),
        (
            "six representatives",
            vec!["--headcount", "9", "--representatives", "甲,乙,丙,丁,戊,己"],
            0,
            "Art. 20",
        ),
    ] {
        let mut all = vec!["checkin", "--name", "甲"];
        all.extend(args);
        cases.push(case(what, &all, code, says));
    }
    cases.push(case(
        "an unknown language",
        &["--lang", "fr", "queue"],
        2,
        "zh or en",
    ));
    // Blank values: optional fields take them as absent; the name is required.
    for (field, code) in [
        ("--address", 0),
        ("--location", 0),
        ("--matter", 0),
        ("--id-number", 0),
        ("--phone", 0),
        ("--category", 0),
        ("--representatives", 0),
    ] {
        cases.push(case(
            format!("blank {field}"),
            &["checkin", "--name", "甲", field, " \t "],
            code,
            "",
        ));
    }
    cases
}

/// The other commands that take typed text: lookups, notes, case and queue numbers.
fn command_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (what, value, code) in hostile_text() {
        cases.push(case(format!("lookup: {what}"), &["lookup", &value], 0, ""));
        cases.push(case(
            format!("case note: {what}"),
            &["case", "note", "2026-000001", &value],
            code,
            if code == 3 { "note" } else { "" },
        ));
        cases.push(case(
            format!("handover notes: {what}"),
            &["handover", "notes", &value],
            code,
            if code == 3 { "notes" } else { "" },
        ));
        cases.push(case(
            format!("case show: {what}"),
            &["case", "show", &value],
            3,
            "case number",
        ));
    }
    for (what, args, code, says) in [
        ("queue receive 0", vec!["queue", "receive", "0"], 4, ""),
        (
            "queue receive 999",
            vec!["queue", "receive", "999"],
            4,
            "999",
        ),
        (
            "queue receive text",
            vec!["queue", "receive", "abc"],
            2,
            "invalid value",
        ),
        (
            "queue done before receive",
            vec!["queue", "done", "1"],
            3,
            "",
        ),
        (
            "person show text",
            vec!["person", "show", "abc"],
            2,
            "invalid value",
        ),
        (
            "person show missing",
            vec!["person", "show", "99999"],
            4,
            "99999",
        ),
        (
            "person merge into itself",
            vec!["person", "merge", "1", "1"],
            3,
            "themselves",
        ),
        (
            "case accept twice",
            vec!["case", "accept", "2026-000001"],
            0,
            "",
        ),
        (
            "case accept again",
            vec!["case", "accept", "2026-000001"],
            3,
            "",
        ),
        (
            "case extend too long",
            vec![
                "case",
                "extend",
                "2026-000001",
                "--days",
                "400",
                "--reason",
                "x",
                "--approved-by",
                "王科员",
            ],
            3,
            "",
        ),
        (
            "case extend without reason",
            vec!["case", "extend", "2026-000001", "--days", "10"],
            2,
            "reason",
        ),
        (
            "case transfer to nobody",
            vec!["case", "transfer", "2026-000001", "--unit", " "],
            3,
            "",
        ),
        (
            "case link to itself",
            vec!["case", "link", "2026-000001", "2026-000001"],
            3,
            "",
        ),
        (
            "stats with a bad date",
            vec!["stats", "--from", "2026-13-01"],
            2,
            "not a date",
        ),
        (
            "stats crossed",
            vec!["stats", "--from", "2026-11-30", "--to", "2026-11-01"],
            2,
            "after it ends",
        ),
        (
            "handover crossed",
            vec![
                "handover",
                "--since",
                "2026-11-28T09:00:00+08:00",
                "--until",
                "2026-11-01T09:00:00+08:00",
            ],
            2,
            "after it ends",
        ),
        (
            "audit with a bad date",
            vec!["audit", "--from", "yesterday"],
            2,
            "not a date",
        ),
        (
            "audit with a misspelt action",
            vec!["audit", "--action", "revael"],
            2,
            "reveal, export, export_revealed",
        ),
        (
            "audit with a recorded action",
            vec!["audit", "--action", "officer_add"],
            0,
            "officer_add",
        ),
        (
            "verify with a bad anchor",
            vec!["verify", "--anchor", "1:xyz"],
            2,
            "SEQ:HASH",
        ),
        (
            "verify with a missing anchors file",
            vec!["verify", "--anchors", "/nonexistent"],
            2,
            "--anchors",
        ),
        (
            "verify with a device as anchors",
            vec!["verify", "--anchors", "/dev/zero"],
            2,
            "not a regular file",
        ),
        (
            "an unknown command",
            vec!["frobnicate"],
            2,
            "unrecognized subcommand",
        ),
        ("lookup: LIKE wildcards", vec!["lookup", "%_%"], 0, ""),
        ("lookup: star", vec!["lookup", "*"], 0, ""),
        (
            "lookup: a huge limit",
            vec!["lookup", "张", "--limit", "999999999"],
            0,
            "",
        ),
        (
            "lookup: a zero limit",
            vec!["lookup", "张", "--limit", "0"],
            0,
            "",
        ),
        (
            "lookup: a negative limit",
            vec!["lookup", "张", "--limit", "-5"],
            2,
            "",
        ),
    ] {
        cases.push(case(what, &args, code, says));
    }
    cases
}

/// A file in the test folder with these bytes; returns its path as a string.
fn file(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn import_cases(dir: &Path) -> Vec<Case> {
    let rows: Vec<(&str, Vec<u8>, i32, &'static str)> = vec![
        ("empty file", b"".to_vec(), 3, "header"),
        ("header only", b"name,matter\n".to_vec(), 3, "no contacts"),
        ("no name column", b"matter\nx\n".to_vec(), 3, "name"),
        (
            "unclosed quote",
            b"name,matter\n\"abc,x\n".to_vec(),
            3,
            "never closed",
        ),
        ("binary", vec![0u8, 159, 146, 150, 255, 0, 1, 2], 3, ""),
        // Neither UTF-8 nor GBK (whose byte pairs much Latin-1 text would form).
        (
            "latin-1",
            b"name,matter\nJos\xe9,x\n".to_vec(),
            3,
            "neither UTF-8 nor GBK",
        ),
        (
            "bad id",
            "name,id_number\n甲,12345\n".as_bytes().to_vec(),
            3,
            ":2: id_number",
        ),
        (
            "bad channel",
            "name,channel\n甲,fax\n".as_bytes().to_vec(),
            3,
            "channel",
        ),
        (
            "bad headcount",
            "name,headcount\n甲,-3\n".as_bytes().to_vec(),
            3,
            "headcount",
        ),
        (
            "future arrival",
            "name,arrived_at\n甲,2099-01-01 10:00\n".as_bytes().to_vec(),
            3,
            "future",
        ),
        (
            "ancient arrival",
            "name,arrived_at\n甲,1899-01-01 10:00\n".as_bytes().to_vec(),
            3,
            "1990",
        ),
        (
            "not a time",
            "name,arrived_at\n甲,yesterday\n".as_bytes().to_vec(),
            3,
            "not a time",
        ),
        (
            // Opens that case under its number (a record from another jiedai file).
            "unknown case",
            "name,case_no\n甲,2026-999999\n".as_bytes().to_vec(),
            0,
            "",
        ),
        (
            "huge name",
            format!("name\n{}\n", "张".repeat(60)).into_bytes(),
            3,
            "name",
        ),
        (
            "escape in name",
            "name\n\u{1b}[2J甲\n".as_bytes().to_vec(),
            0,
            "imported 1",
        ),
        (
            "formula injection",
            "name,matter\n甲,=HYPERLINK(\"x\")\n".as_bytes().to_vec(),
            0,
            "imported 1",
        ),
        (
            "BOM",
            "\u{feff}name,matter\n甲,x\n".as_bytes().to_vec(),
            0,
            "imported 1",
        ),
        (
            "one bad row of three",
            "name,phone\n甲,13800138000\n乙,12\n丙,13800138001\n"
                .as_bytes()
                .to_vec(),
            3,
            ":3: phone",
        ),
        (
            "duplicate header",
            "name,name\n甲,乙\n".as_bytes().to_vec(),
            3,
            "",
        ),
        (
            "ragged rows",
            "name,matter\n甲\n".as_bytes().to_vec(),
            3,
            "header row has 2",
        ),
    ];
    let mut cases: Vec<Case> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (what, bytes, code, says))| {
            let path = file(dir, &format!("import{i}.csv"), &bytes);
            case(format!("import: {what}"), &["import", &path], code, says)
        })
        .collect();
    cases.push(case(
        "import: missing file",
        &["import", "/nonexistent/x.csv"],
        4,
        "cannot read",
    ));
    let present = file(
        dir,
        "import-present.csv",
        "姓名,事项\n张三,反映物业收费\n".as_bytes(),
    );
    cases.push(case(
        "import: missing mapping file",
        &["import", &present, "--mapping", "/nonexistent/map.toml"],
        4,
        "mapping",
    ));
    cases.push(case(
        "import: a folder",
        &["import", dir.to_str().unwrap()],
        3,
        "folder",
    ));
    cases.push(case(
        "import: a device",
        &["import", "/dev/zero"],
        3,
        "not a regular file",
    ));
    cases
}

fn config_cases(dir: &Path) -> Vec<Case> {
    let rows: Vec<(&str, &str, i32, &'static str)> = vec![
        ("not TOML", "officer = \n", 2, "config"),
        ("unknown key", "bogus = 1\n", 2, "bogus"),
        (
            "wrong type",
            "[clocks]\nroute_days = \"x\"\n",
            2,
            "toml:2: invalid type",
        ),
        ("bad language", "lang = \"fr\"\n", 2, "zh or en"),
        (
            "bad offset format",
            "utc_offset = \"eight\"\n",
            2,
            "utc_offset",
        ),
        (
            "zero clocks",
            "[clocks]\nroute_days = 0\n",
            2,
            "toml:2: clocks.route_days: give 1 or more days",
        ),
        (
            "raw escape in a string",
            "officer = \"\u{1b}[2J王\"\n",
            2,
            "toml:1:",
        ),
        (
            "escaped escape in a string",
            "officer = \"\\u001b[2J王\"\n",
            0,
            "",
        ),
        ("bad offset", "utc_offset = \"+25:00\"\n", 2, "utc_offset"),
        (
            "negative clock",
            "[clocks]\nroute_days = -1\n",
            2,
            "toml:2: invalid value",
        ),
        ("unknown section", "[colours]\nred = 1\n", 2, "colours"),
        ("binary", "\u{0}\u{1}\u{2}", 2, "config"),
        ("good", "lang = \"en\"\n[clocks]\nroute_days = 10\n", 0, ""),
        ("import cap", "import_max_mb = 1\n", 0, ""),
    ];
    rows.into_iter()
        .enumerate()
        .map(|(i, (what, text, code, says))| {
            let path = file(dir, &format!("config{i}.toml"), text.as_bytes());
            Case {
                what: format!("config: {what}"),
                args: vec!["queue".into()],
                config: Some(path),
                code,
                says,
            }
        })
        .collect()
}

fn keymap_cases(dir: &Path) -> Vec<Case> {
    // The desk needs a terminal; `--keymap` problems are reported there and keep the
    // defaults. What the command line must do with any keymap: not care, not crash.
    let rows = [
        "[global]\n\"q\" = \"none\"\n\"<C-c>\" = \"none\"\n",
        "[nowhere]\n\"q\" = \"quit\"\n",
        "not toml at all ===",
        "[global]\n\"<C-Z-Q>\" = \"quit\"\n",
        "\u{0}\u{1b}[2J",
    ];
    rows.iter()
        .enumerate()
        .map(|(i, text)| {
            let path = file(dir, &format!("keymap{i}.toml"), text.as_bytes());
            case(
                format!("keymap {i} given to a command"),
                &["--keymap", &path, "queue"],
                0,
                "",
            )
        })
        .chain(std::iter::once(case(
            "the desk without a terminal",
            &["--keymap", "vim"],
            2,
            "interactive terminal",
        )))
        .collect()
}

fn db_cases(dir: &Path) -> Vec<(String, PathBuf, i32, &'static str)> {
    let foreign = dir.join("foreign.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let text = PathBuf::from(file(dir, "notes.txt", b"just some notes, not a database"));
    let too_new = dir.join("too-new.db");
    {
        let c = rusqlite::Connection::open(&too_new).unwrap();
        c.execute_batch("PRAGMA application_id = 1246315844; PRAGMA user_version = 999;")
            .unwrap();
    }
    vec![
        ("a folder".into(), dir.to_path_buf(), 5, "folder"),
        (
            "a device".into(),
            PathBuf::from("/dev/null"),
            5,
            "not a regular file",
        ),
        ("text".into(), text, 5, "not an SQLite file"),
        ("another program's".into(), foreign, 5, "another program"),
        ("missing".into(), dir.join("missing.db"), 5, "jiedai init"),
        (
            "in a missing folder".into(),
            dir.join("no/such/folder/x.db"),
            5,
            "",
        ),
        ("too new".into(), too_new, 5, "newer"),
    ]
}

fn out_cases(dir: &Path, db: &Path) -> Vec<Case> {
    let existing = file(dir, "existing.md", b"keep me");
    let d = db.to_str().unwrap().to_string();
    let wal = format!("{d}-wal");
    let shm = format!("{d}-shm");
    let journal = format!("{d}-journal");
    let folder = dir.to_str().unwrap().to_string();
    let missing = dir.join("no/such/x.csv").to_str().unwrap().to_string();
    let mut cases = Vec::new();
    for (what, target, code, says) in [
        ("the database", d.as_str(), 3, "database"),
        ("its -wal", wal.as_str(), 3, "database"),
        ("its -shm", shm.as_str(), 3, "database"),
        ("its -journal", journal.as_str(), 3, "database"),
        ("a device", "/dev/null", 3, "not a regular file"),
        ("a folder", folder.as_str(), 3, "folder"),
        ("an existing file", existing.as_str(), 3, "--force"),
        ("a missing folder", missing.as_str(), 3, "does not exist"),
    ] {
        cases.push(case(
            format!("handover --out {what}"),
            &["handover", "--out", target],
            code,
            says,
        ));
        cases.push(case(
            format!("handover --out {what} --force"),
            &["handover", "--out", target, "--force"],
            if what == "an existing file" { 0 } else { code },
            if what == "an existing file" { "" } else { says },
        ));
        cases.push(case(
            format!("backup to {what}"),
            &["backup", target],
            code,
            says,
        ));
    }
    let csv = |name: &str| dir.join(name).to_str().unwrap().to_string();
    for (what, target, code, says) in [
        ("no extension", csv("out"), 2, ".csv or .xlsx"),
        ("wrong extension", csv("out.pdf"), 2, ".csv or .xlsx"),
        ("a device", "/dev/null".to_string(), 2, ".csv or .xlsx"),
        ("a missing folder", missing.clone(), 3, "does not exist"),
        ("the database under a .csv name", d.clone(), 2, ""),
    ] {
        cases.push(case(
            format!("export --out {what}"),
            &["export", "--out", &target],
            code,
            says,
        ));
    }
    cases
}

fn jiedai(db: &Path, config: Option<&str>, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(db)
        .args(["--officer", "王科员"])
        .args(args)
        .env("LC_ALL", "C")
        .env("JIEDAI_NOW", NOW)
        .env(
            "JIEDAI_CONFIG",
            config.unwrap_or("/nonexistent/jiedai-config.toml"),
        )
        .env_remove("JIEDAI_DB")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// Runs each case and lists every way it went wrong.
fn run(db: &Path, cases: &[Case]) -> (Vec<String>, usize) {
    let mut wrong = Vec::new();
    let mut accepted_checkins = 0;
    for c in cases {
        let out = jiedai(db, c.config.as_deref(), &c.args);
        let code = out.status.code().unwrap_or(-1);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut fault = |why: String| wrong.push(format!("{}: {why}\n  stderr: {stderr}", c.what));
        if stderr.contains("panicked") || code == 101 {
            fault("panicked".into());
            continue;
        }
        if code != c.code {
            fault(format!("exit {code}, expected {}", c.code));
        }
        // Successes may warn on stderr; refusals speak on stderr.
        let said = if code == 0 {
            format!("{stdout}{stderr}")
        } else {
            stderr.to_string()
        };
        if !said.contains(c.says) {
            fault(format!("does not say {:?}", c.says));
        }
        if code != 0 && stderr.trim().is_empty() {
            fault("refused without a word".into());
        }
        if stdout.contains('\u{1b}') || stderr.contains('\u{1b}') {
            fault("printed an escape sequence".into());
        }
        if code == 0 && c.args.first().map(String::as_str) == Some("checkin") {
            accepted_checkins += 1;
        }
    }
    (wrong, accepted_checkins)
}

fn contacts(db: &Path) -> u64 {
    let out = jiedai(db, None, &["export".into(), "--out".into(), "-".into()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).lines().count() as u64 - 1
}

#[test]
fn three_hundred_hostile_inputs_each_get_their_answer_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let seed = jiedai(
        &db,
        None,
        &[
            "checkin".into(),
            "--name".into(),
            "起始".into(),
            "--id-number".into(),
            ID.into(),
        ],
    );
    assert!(seed.status.success());
    let shift = jiedai(&db, None, &["shift".into(), "start".into()]);
    assert!(shift.status.success());

    let mut cases = checkin_cases();
    let checkins = cases.len();
    cases.extend(command_cases());
    cases.extend(config_cases(dir.path()));
    cases.extend(keymap_cases(dir.path()));
    cases.extend(out_cases(dir.path(), &db));
    let (mut wrong, accepted) = run(&db, &cases);

    // Checked-in rows: exactly the accepted ones, nothing of the refused ones.
    let held = contacts(&db);
    // Only check-ins add contacts; the other commands' cases add none.
    if held != 1 + accepted as u64 {
        wrong.push(format!(
            "check-ins: {held} contacts held, {} accepted",
            1 + accepted
        ));
    }
    // Imports are all or nothing: only the accepted files add rows.
    let before = contacts(&db);
    let imports = import_cases(dir.path());
    let accepted_imports = imports.iter().filter(|c| c.code == 0).count() as u64;
    let (import_wrong, _) = run(&db, &imports);
    wrong.extend(import_wrong);
    let held = contacts(&db);
    if held != before + accepted_imports {
        wrong.push(format!(
            "imports: {held} contacts held, {} expected",
            before + accepted_imports
        ));
    }

    let mut total = checkins + cases.len() - checkins + imports.len();
    for (what, path, code, says) in db_cases(dir.path()) {
        total += 1;
        let c = case(format!("--db {what}"), &["queue"], code, says);
        let (w, _) = run(&path, &[c]);
        wrong.extend(w);
    }
    assert!(
        wrong.is_empty(),
        "{} of {total} cases went wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(total >= 300, "only {total} cases");
    let out = jiedai(&db, None, &["verify".into()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
