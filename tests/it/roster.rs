//! The roster (名册): only active officers on it act; a typo never creates one; a
//! 科长 keeps it; retired officers stay in history; renames keep it; pickers show it
//! and nothing else; host accounts bind names when the office says so; an older file
//! gets its 科长.

use crate::common::runner::{code, jiedai, stderr};
use crate::common::*;
use jiedai::domain::roster::{OfficerRole, RosterError};
use jiedai::store::StoreError;
use serde_json::Value;
use std::path::Path;
use std::process::{Command as Process, Output};

const T: &str = "2026-11-28T09:30:00+08:00";

fn json(out: Output) -> Value {
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs as `officer` instead of the runner's 王科员.
fn as_officer(db: &Path, officer: &str, args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(db)
        .args(["--officer", officer])
        .args(args)
        .env("JIEDAI_NOW", T)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .env_remove("JIEDAI_DB")
        .output()
        .unwrap()
}

fn roster(db: &Path) -> Vec<Value> {
    json(jiedai(db, T, &["officer", "list", "--all", "--json"]))
        .as_array()
        .unwrap()
        .clone()
}

fn contacts(db: &Path) -> usize {
    let store = Store::open(db, OpenMode::ReadOnly, at(T)).unwrap();
    store.queue(store.today(), false).unwrap().len()
}

#[test]
fn a_typo_is_refused_with_the_closest_names_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    roster_db(&db);
    let before = roster(&db);
    for (lang, said) in [
        ("en", "王课员 is not on the roster (did you mean 王科员?)"),
        ("zh", "名册上没有“王课员”（是否是：王科员？）"),
    ] {
        let out = as_officer(
            &db,
            "王课员",
            &[
                "--lang",
                lang,
                "checkin",
                "--name",
                "张伟",
                "--matter",
                "拖欠工资",
            ],
        );
        assert_eq!(code(&out), 4, "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(said), "{err}");
        assert!(err.contains("officer add"), "says how to add one: {err}");
    }
    // By pinyin too, and for a reveal.
    let out = as_officer(&db, "lina", &["person", "show", "1", "--reveal"]);
    assert_eq!(code(&out), 4);
    assert!(stderr(&out).contains("李娜"), "{}", stderr(&out));
    assert_eq!(contacts(&db), 0, "nothing was checked in");
    assert_eq!(roster(&db), before, "nobody was added");
    let audit = json(jiedai(&db, T, &["audit", "--action", "reveal", "--json"]));
    assert!(audit["entries"].as_array().unwrap().is_empty());
}

#[test]
fn shift_show_refuses_an_officer_not_on_the_roster_as_writes_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    roster_db(&db);
    for args in [&["shift", "show"][..], &["shift", "show", "--json"]] {
        let out = as_officer(&db, "王课员", &[&["--lang", "en"][..], args].concat());
        assert_eq!(code(&out), 4, "{}", stderr(&out));
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert!(
            err.contains("王课员 is not on the roster (did you mean 王科员?)"),
            "{err}"
        );
    }
    // On the roster with no shift yet, and retired with one: shown as before.
    assert_eq!(code(&as_officer(&db, "李娜", &["shift", "start"])), 0);
    assert_eq!(code(&jiedai(&db, T, &["officer", "retire", "李娜"])), 0);
    for officer in ["王科员", "李娜"] {
        let out = as_officer(&db, officer, &["shift", "show", "--json"]);
        assert_eq!(json(out)["officer"], officer);
    }
}

#[test]
fn the_first_officer_of_an_empty_roster_is_its_chief() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    // No --officer: the name added is the first officer, whatever role was asked.
    let out = Process::new(env!("CARGO_BIN_EXE_jiedai"))
        .args(["--db", db.to_str().unwrap(), "--lang", "en"])
        .args(["officer", "add", "刘洋", "--role", "领导", "--json"])
        .env("JIEDAI_NOW", T)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .env_remove("JIEDAI_OFFICER")
        .output()
        .unwrap();
    let v = json(out);
    assert_eq!(v["first"], true);
    assert_eq!(v["officer"]["role"], "chief");
    // The second is not: a roster with someone on it needs its 科长.
    let out = Process::new(env!("CARGO_BIN_EXE_jiedai"))
        .args(["--db", db.to_str().unwrap(), "officer", "add", "李娜"])
        .env("JIEDAI_NOW", T)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .env_remove("JIEDAI_OFFICER")
        .output()
        .unwrap();
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let v = json(as_officer(
        &db,
        "刘洋",
        &[
            "officer",
            "add",
            "周明",
            "--role",
            "leader",
            "--title",
            "副县长",
            "--json",
        ],
    ));
    assert_eq!(v["first"], false);
    assert_eq!(
        (&v["officer"]["role"], &v["officer"]["title"]),
        (&Value::from("leader"), &Value::from("副县长"))
    );
    let audit = json(jiedai(
        &db,
        T,
        &["audit", "--action", "officer_add", "--json"],
    ));
    assert_eq!(audit["entries"].as_array().unwrap().len(), 2);

    // The same at the library: the first to sign in is the 科长, recorded.
    let mut store = Store::open(dir.path().join("lib.db"), OpenMode::Create, at(NOW)).unwrap();
    store.sign_in("王科员").unwrap();
    let officers = store.officers().unwrap();
    assert_eq!(officers.len(), 1);
    assert_eq!(officers[0].role, OfficerRole::Chief);
    assert!(matches!(
        store.sign_in("李娜"),
        Err(StoreError::Roster(RosterError::Unknown { .. }))
    ));
}

#[test]
fn only_the_chief_adds_renames_and_retires() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    roster_db(&db);
    let before = roster(&db);
    for args in [
        &["officer", "add", "赵强"][..],
        &["officer", "rename", "王科员", "王大"],
        &["officer", "retire", "王科员"],
    ] {
        let out = as_officer(&db, "李娜", &[&["--lang", "zh"], args].concat());
        assert_eq!(code(&out), 3, "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("只有在册的科长才能"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(roster(&db), before);
    let out = jiedai(&db, T, &["officer", "add", "王科员"]);
    assert_eq!(code(&out), 3, "a name already on the roster");
    let out = jiedai(&db, T, &["officer", "add", "孙丽", "--role", "处长"]);
    assert_eq!(code(&out), 2, "an unknown role is a usage error");
    // The chief adds another chief, who may then keep the roster too.
    assert_eq!(
        code(&jiedai(
            &db,
            T,
            &["officer", "add", "赵强", "--role", "科长"]
        )),
        0
    );
    assert_eq!(
        code(&as_officer(&db, "赵强", &["officer", "add", "孙丽"])),
        0
    );
    // The last active chief is never retired.
    assert_eq!(
        code(&as_officer(&db, "赵强", &["officer", "retire", "王科员"])),
        0
    );
    let out = as_officer(&db, "赵强", &["officer", "retire", "赵强"]);
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("last active"), "{}", stderr(&out));
    let audit = json(as_officer(
        &db,
        "赵强",
        &["audit", "--action", "officer_retire", "--json"],
    ));
    let entries = audit["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["officer"], "赵强");
    assert!(entries[0]["subject"].as_str().unwrap().contains("王科员"));
}

#[test]
fn a_retired_officer_cannot_act_but_stays_in_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    roster_db(&db);
    let case = json(as_officer(
        &db,
        "李娜",
        &[
            "checkin",
            "--name",
            "张伟",
            "--matter",
            "拖欠工资",
            "--json",
        ],
    ))["case_no"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(code(&jiedai(&db, T, &["officer", "retire", "李娜"])), 0);
    let out = as_officer(&db, "李娜", &["--lang", "zh", "shift", "start"]);
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("已从名册退出"), "{}", stderr(&out));
    // Not a handler or an incoming officer either.
    let out = jiedai(&db, T, &["case", "assign", &case, "--to", "李娜"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let out = jiedai(&db, T, &["handover", "to", "李娜"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    // Her case still names her; the list shows her only with --all.
    let show = json(jiedai(&db, T, &["case", "show", &case, "--json"]));
    assert_eq!(show["first_officer"], "李娜");
    let active = json(jiedai(&db, T, &["officer", "list", "--json"]));
    assert!(active
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["name"] != "李娜"));
    let all = roster(&db);
    let li = all.iter().find(|o| o["name"] == "李娜").unwrap();
    assert_eq!(li["active"], false);
    let text =
        String::from_utf8(jiedai(&db, T, &["--lang", "zh", "officer", "list", "--all"]).stdout)
            .unwrap();
    assert!(text.contains("李娜  科员  已退出"), "{text}");
}

#[test]
fn a_leader_neither_handles_a_case_nor_takes_a_shift_over() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    roster_db(&db);
    let add = [
        "officer",
        "add",
        "周明",
        "--role",
        "领导",
        "--title",
        "副县长",
    ];
    assert_eq!(code(&jiedai(&db, T, &add)), 0);
    let case = json(jiedai(
        &db,
        T,
        &[
            "checkin",
            "--name",
            "张伟",
            "--matter",
            "拖欠工资",
            "--json",
        ],
    ))["case_no"]
        .as_str()
        .unwrap()
        .to_string();
    let out = jiedai(
        &db,
        T,
        &["--lang", "zh", "case", "assign", &case, "--to", "周明"],
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("“周明”是领导"), "{}", stderr(&out));
    let out = jiedai(&db, T, &["handover", "to", "周明"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("周明 is a 领导"), "{}", stderr(&out));
    let show = json(jiedai(&db, T, &["case", "show", &case, "--json"]));
    assert_eq!(show["handler"], "王科员", "nothing was written");
}

#[test]
fn a_rename_keeps_the_officers_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    roster_db(&db);
    let id_before = roster(&db).iter().find(|o| o["name"] == "李娜").unwrap()["id"].clone();
    let case = json(as_officer(
        &db,
        "李娜",
        &[
            "checkin",
            "--name",
            "张伟",
            "--matter",
            "拖欠工资",
            "--json",
        ],
    ))["case_no"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(code(&as_officer(&db, "李娜", &["shift", "start"])), 0);
    let v = json(jiedai(
        &db,
        T,
        &["officer", "rename", "李娜", "李丽娜", "--json"],
    ));
    assert_eq!(v["officer"]["id"], id_before);
    let show = json(jiedai(&db, T, &["case", "show", &case, "--json"]));
    assert_eq!(show["first_officer"], "李丽娜");
    // She signs in under the new name and finds her open shift; the old name is gone.
    let shift = json(as_officer(&db, "李丽娜", &["shift", "start", "--json"]));
    assert_eq!(shift["resumed"], true);
    assert_eq!(code(&as_officer(&db, "李娜", &["shift", "start"])), 4);
    let out = jiedai(&db, T, &["officer", "rename", "李丽娜", "王科员"]);
    assert_eq!(code(&out), 3, "a name already taken");
    let out = jiedai(&db, T, &["verify"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// The account this process runs as, as the host names it.
fn host_account() -> String {
    let out = Process::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn bound_host_accounts_refuse_anyone_else() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[roster]\nbind_host_accounts = true\n").unwrap();
    roster_db(&db);
    let me = host_account();
    let bound = |officer: &str, args: &[&str]| {
        Process::new(env!("CARGO_BIN_EXE_jiedai"))
            .args([
                "--db",
                db.to_str().unwrap(),
                "--officer",
                officer,
                "--lang",
                "en",
            ])
            .args(args)
            .env("JIEDAI_NOW", T)
            .env("JIEDAI_CONFIG", &config)
            .output()
            .unwrap()
    };
    let checkin = ["checkin", "--name", "张伟", "--matter", "拖欠工资"];
    assert_eq!(
        code(&jiedai(
            &db,
            T,
            &["officer", "add", "赵强", "--account", "nobody-else"]
        )),
        0
    );
    // Bound to another account: refused, naming both.
    let out = bound("赵强", &checkin);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("nobody-else") && err.contains(&me), "{err}");
    // Unbound officers act from any account while this one is bound to nobody.
    assert_eq!(code(&bound("王科员", &checkin)), 0);
    // Once this account is 孙丽's, it acts as 孙丽 only.
    assert_eq!(
        code(&jiedai(
            &db,
            T,
            &["officer", "add", "孙丽", "--account", &me]
        )),
        0
    );
    assert_eq!(code(&bound("孙丽", &checkin)), 0);
    let out = bound("王科员", &checkin);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("孙丽"), "{}", stderr(&out));
    // Without the binding, the same host account acts as anyone on the roster.
    assert_eq!(code(&jiedai(&db, T, &checkin)), 0);
    assert_eq!(contacts(&db), 3);
    // One account, one officer.
    let out = jiedai(&db, T, &["officer", "add", "周明", "--account", &me]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
}

#[test]
fn an_older_file_keeps_its_earliest_officer_as_chief() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        let mut store = Store::open(&db, OpenMode::Create, at(EARLIER)).unwrap();
        store
            .check_in("甲科员", &walk_in("张伟", None, 1, "拖欠工资"))
            .unwrap();
        store.set_time(at(NOW));
        store.add_officer("乙科员").unwrap();
    }
    // The file as the release before the roster (schema 5) left it: officers were
    // names, created on first use.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP INDEX officers_host_account;
         ALTER TABLE officers DROP COLUMN role;
         ALTER TABLE officers DROP COLUMN title;
         ALTER TABLE officers DROP COLUMN host_account;
         PRAGMA user_version = 5;",
    )
    .unwrap();
    drop(conn);
    let all = roster(&db);
    let role = |name: &str| all.iter().find(|o| o["name"] == name).unwrap()["role"].clone();
    assert_eq!(role("甲科员"), "chief");
    assert_eq!(role("乙科员"), "clerk");
    assert_eq!(
        code(&as_officer(&db, "乙科员", &["officer", "add", "丙"])),
        3
    );
    assert_eq!(
        code(&as_officer(&db, "甲科员", &["officer", "add", "丙"])),
        0
    );
}
