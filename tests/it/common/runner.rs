//! The command line as the tests run it: the real binary on a given file, as
//! 王科员, with a pinned clock and no config or database from the environment.
//! On a new file 王科员 becomes the roster's 科长 by acting first; for 李娜 and
//! other officers create the file with `roster_db` / `roster_db_with` first.

pub use super::{roster_db, roster_db_with, ROSTER};

use std::path::Path;
use std::process::{Command, Output};

pub fn jiedai(db: &Path, now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(db)
        .args(["--officer", "王科员"])
        .args(args)
        .env("JIEDAI_NOW", now)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .env_remove("JIEDAI_DB")
        .output()
        .unwrap()
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A database file in its own temporary folder, gone with it.
pub struct TempDb {
    _dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
}

impl TempDb {
    pub fn new() -> TempDb {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        TempDb { _dir: dir, path }
    }
}
