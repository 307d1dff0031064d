//! SIGKILL at random moments of check-ins and imports: every write the program
//! acknowledged is on record, no import is half there, and `verify` passes.

#![cfg(unix)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const NOW: &str = "2026-11-28T09:30:00+08:00";

fn spawn(db: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(db)
        .args(["--officer", "王科员", "--lang", "en"])
        .args(args)
        .env("JIEDAI_NOW", NOW)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .env_remove("JIEDAI_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A tiny deterministic generator: the moments of the kills differ run to run of
/// the loop, not run to run of the suite.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn names_on_record(db: &Path) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(db)
        .args(["--officer", "王科员", "export", "--out", "-"])
        .env("JIEDAI_NOW", NOW)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = rows.headers().unwrap().clone();
    let name = headers
        .iter()
        .position(|h| h == "name" || h == "姓名")
        .unwrap();
    rows.records()
        .map(|r| r.unwrap()[name].to_string())
        .collect()
}

#[test]
fn fifty_kills_lose_no_acknowledged_write_and_no_import_is_half_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let first = spawn(&db, &["checkin", "--name", "起始", "--matter", "x"])
        .wait_with_output()
        .unwrap();
    assert!(first.status.success());
    let mut rng = Lcg(0x5eed);
    let mut acknowledged = Vec::new();
    let mut imports = Vec::new();
    let mut killed = 0;
    for round in 0..50 {
        let is_import = round % 2 == 1;
        let tag = format!("K{round}");
        let child = if is_import {
            let file = dir.path().join(format!("{tag}.csv"));
            let mut text = String::from("name,matter\n");
            for i in 0..40 {
                text.push_str(&format!("{tag}-{i},导入\n"));
            }
            std::fs::write(&file, text).unwrap();
            spawn(&db, &["import", file.to_str().unwrap()])
        } else {
            spawn(&db, &["checkin", "--name", &tag, "--matter", "x"])
        };
        std::thread::sleep(Duration::from_millis(rng.next(60)));
        // SAFETY: kill on a child we own.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            if is_import {
                imports.push((tag, true));
            } else {
                acknowledged.push(tag);
            }
        } else {
            killed += 1;
            if is_import {
                imports.push((tag, false));
            }
        }
    }
    let names = names_on_record(&db);
    for tag in &acknowledged {
        assert!(names.contains(tag), "acknowledged check-in {tag} is lost");
    }
    for (tag, done) in &imports {
        let held = names
            .iter()
            .filter(|n| n.starts_with(&format!("{tag}-")))
            .count();
        assert!(
            held == 0 || held == 40,
            "import {tag} is half there: {held} of 40 rows"
        );
        if *done {
            assert_eq!(held, 40, "acknowledged import {tag} is lost");
        }
    }
    let verify = spawn(&db, &["verify"]).wait_with_output().unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    // The moments were spread: some runs finished, some were cut short.
    eprintln!("{killed} of 50 killed before they finished");
}
