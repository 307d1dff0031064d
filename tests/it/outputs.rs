//! Every `--out` (handover, export, backup) by the rules of `jiedai::outfile`: the
//! database and its companions are never a target, an existing file is replaced
//! only with --force, a device or pipe never, and `-` is standard output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-28T09:30:00+08:00";

fn jiedai(db: &Path, args: &[&str]) -> Output {
    jiedai_in("en", db, args)
}

fn jiedai_in(lang: &str, db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(db)
        .args(["--officer", "王科员", "--lang", lang])
        .args(args)
        .env("JIEDAI_NOW", NOW)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .env_remove("JIEDAI_DB")
        .output()
        .unwrap()
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A desk file with one check-in, named `name` in a fresh folder.
fn desk(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(name);
    let out = jiedai(
        &db,
        &["checkin", "--name", "张伟", "--matter", "反映物业收费"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    (dir, db)
}

fn contacts(db: &Path) -> usize {
    let out = jiedai(db, &["lookup", "张伟", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["results"].as_array().map(Vec::len).unwrap_or(0)
}

fn assert_intact(db: &Path, before: &[u8]) {
    assert_eq!(std::fs::read(db).unwrap(), before, "the database changed");
    let out = jiedai(db, &["verify"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(contacts(db), 1);
}

#[test]
fn no_output_lands_on_the_database_or_its_companions() {
    let (dir, db) = desk("jiedai.db");
    // A -wal that exists (a desk has the file open) and one that does not yet.
    let before = std::fs::read(&db).unwrap();
    let other_spelling = dir.path().join(".").join("jiedai.db");
    let wal = dir.path().join("jiedai.db-wal");
    let shm = dir.path().join("jiedai.db-shm");
    for target in [&db, &other_spelling, &wal, &shm] {
        for force in [false, true] {
            let mut args = vec!["handover", "--out", s(target)];
            if force {
                args.push("--force");
            }
            let out = jiedai(&db, &args);
            assert_eq!(code(&out), 3, "{target:?}: {}", stderr(&out));
            assert!(stderr(&out).contains("database"), "{}", stderr(&out));
        }
        let out = jiedai(&db, &["backup", s(target)]);
        assert_eq!(code(&out), 3, "{target:?}: {}", stderr(&out));
    }
    assert_intact(&db, &before);
}

#[test]
fn an_export_named_like_the_database_is_refused_even_with_force() {
    // A database whose name ends in .csv: the export's format check passes.
    let (_dir, db) = desk("record.csv");
    let before = std::fs::read(&db).unwrap();
    let out = jiedai(&db, &["export", "--out", s(&db), "--force"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("database"), "{}", stderr(&out));
    assert_intact(&db, &before);
}

#[cfg(unix)]
#[test]
fn a_hard_link_to_the_database_is_the_database() {
    let (dir, db) = desk("jiedai.db");
    let before = std::fs::read(&db).unwrap();
    let alias = dir.path().join("summary.md");
    std::fs::hard_link(&db, &alias).unwrap();
    let out = jiedai(&db, &["handover", "--out", s(&alias), "--force"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert_intact(&db, &before);
}

/// `--db` a symbolic link: SQLite keeps the -wal, -shm and -journal beside the
/// file the link leads to, and an output over them would swap the desks' WAL
/// under their feet.
#[cfg(unix)]
#[test]
fn the_companions_of_a_database_reached_through_a_link_are_the_database() {
    let (dir, real) = desk("jiedai.db");
    let before = std::fs::read(&real).unwrap();
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for suffix in ["-wal", "-shm", "-journal"] {
        let target = dir.path().join(format!("jiedai.db{suffix}"));
        let existed = target.exists();
        let out = jiedai(&link, &["handover", "--out", s(&target), "--force"]);
        assert_eq!(code(&out), 3, "{target:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("database"), "{}", stderr(&out));
        let out = jiedai(&link, &["backup", s(&target)]);
        assert_eq!(code(&out), 3, "{target:?}: {}", stderr(&out));
        assert_eq!(target.exists(), existed, "{target:?}");
    }
    assert_intact(&real, &before);
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn devices_are_refused_and_keep_their_mode() {
    let (_dir, db) = desk("jiedai.db");
    let null_mode = mode(Path::new("/dev/null"));
    for args in [
        vec!["handover", "--out", "/dev/null", "--force"],
        vec!["export", "--out", "/dev/null", "--force"],
        vec!["backup", "/dev/null"],
    ] {
        let out = jiedai(&db, &args);
        assert_ne!(code(&out), 0, "{args:?}");
        assert_eq!(mode(Path::new("/dev/null")), null_mode, "{args:?}");
    }
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let (dir, db) = desk("jiedai.db");
    let out_file = dir.path().join("shift.md");
    std::fs::write(&out_file, "my notes").unwrap();
    let out = jiedai(&db, &["handover", "--out", s(&out_file)]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "my notes");

    let out = jiedai(&db, &["handover", "--out", s(&out_file), "--force"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&out_file).unwrap();
    assert!(text.contains("张伟") || text.contains("1"), "{text}");
    assert_ne!(text, "my notes");
    #[cfg(unix)]
    assert_eq!(mode(&out_file), 0o600);
    // Nothing else was left in the folder (no staging files).
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("jiedai.db"))
        .collect();
    names.sort();
    assert_eq!(names, ["shift.md"]);
}

#[test]
fn a_dash_is_standard_output() {
    let (_dir, db) = desk("jiedai.db");
    let out = jiedai(&db, &["handover", "--out", "-", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.is_object());
    let out = jiedai(&db, &["export", "--out", "-"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("张伟"), "{csv}");
}

#[cfg(unix)]
#[test]
fn a_backup_is_owner_only_and_not_overwritten() {
    let (dir, db) = desk("jiedai.db");
    let copy = dir.path().join("copy.db");
    let out = jiedai(&db, &["backup", s(&copy)]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(mode(&copy), 0o600);
    assert_eq!(contacts(&copy), 1);
    let before = std::fs::read(&copy).unwrap();
    let out = jiedai(&db, &["backup", s(&copy)]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

/// The audit log says where an output went: a name given relative to the folder
/// the command ran in is recorded as the whole path.
#[test]
fn the_audit_names_an_output_by_its_whole_path() {
    let (dir, db) = desk("jiedai.db");
    for args in [
        &["handover", "--out", "shift.md"][..],
        &["report", "day", "--out", "day.md"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_jiedai"))
            .arg("--db")
            .arg(&db)
            .args(["--officer", "王科员"])
            .args(args)
            .env("JIEDAI_NOW", NOW)
            .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    }
    let out = jiedai(&db, &["audit", "--json"]);
    let audit: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let subjects: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "export")
        .map(|e| e["subject"].as_str().unwrap())
        .collect();
    for name in ["shift.md", "day.md"] {
        let whole = dir.path().join(name);
        assert!(
            subjects
                .iter()
                .any(|subject| subject.ends_with(&format!(" to {}", s(&whole)))),
            "{name}: {subjects:?}"
        );
    }
}

#[test]
fn output_refusals_are_worded_in_chinese_under_lang_zh() {
    let (dir, db) = desk("jiedai.db");
    let taken = dir.path().join("taken.md");
    std::fs::write(&taken, "keep").unwrap();
    let folder = dir.path().join("no-such-folder").join("x.md");
    for (target, said) in [
        (taken.as_path(), "已存在"),
        (db.as_path(), "是数据库"),
        (dir.path(), "是文件夹"),
        (folder.as_path(), "不存在"),
    ] {
        let out = jiedai_in("zh", &db, &["handover", "--out", s(target)]);
        assert_eq!(code(&out), 3, "{target:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(said), "{target:?}: {err}");
        assert!(!err.contains("choose another"), "{target:?}: {err}");
    }
    assert_eq!(std::fs::read(&taken).unwrap(), b"keep");
}
