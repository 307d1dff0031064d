//! The desk against a real TLS server: `.ci/pg-cluster` also listens on 127.0.0.1
//! with TLS only and a password (plain TCP refused by the server's rules), and
//! `JIEDAI_TEST_PG_TLS` names the folder with its address, password, the CA that
//! signed its certificate and an unrelated CA. The schemas are made over the
//! socket of `JIEDAI_TEST_PG`. Without both, each test says why it skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-02T09:00:00+08:00";

struct TlsServer {
    /// `postgresql://jiedai@localhost:PORT/postgres`, no password in it.
    address: String,
    password: String,
    ca: PathBuf,
    other_ca: PathBuf,
    /// A new schema's `options=` for the address.
    schema: String,
    schema_name: String,
    socket: String,
    /// An empty HOME, so that no `~/.postgresql/root.crt` or `~/.pgpass` of the
    /// machine takes part.
    home: tempfile::TempDir,
}

fn server() -> Option<TlsServer> {
    let folder = std::env::var("JIEDAI_TEST_PG_TLS")
        .ok()
        .filter(|s| !s.is_empty());
    let socket = std::env::var("JIEDAI_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty());
    let (Some(folder), Some(socket)) = (folder, socket) else {
        eprintln!("skipped: no TLS PostgreSQL server for the tests (set JIEDAI_TEST_PG and JIEDAI_TEST_PG_TLS; `.ci/run` does)");
        return None;
    };
    let folder = PathBuf::from(folder);
    let read = |name: &str| {
        std::fs::read_to_string(folder.join(name))
            .unwrap_or_else(|e| panic!("JIEDAI_TEST_PG_TLS has no {name} ({e})"))
            .trim()
            .to_string()
    };
    let name = format!(
        "tls{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    postgres::Client::connect(&socket, postgres::NoTls)
        .expect("JIEDAI_TEST_PG answers")
        .batch_execute(&format!("CREATE SCHEMA {name}"))
        .unwrap();
    Some(TlsServer {
        address: read("address"),
        password: read("password"),
        ca: folder.join("ca.crt"),
        other_ca: folder.join("other-ca.crt"),
        schema: format!("options=-csearch_path%3D{name}"),
        schema_name: name,
        socket,
        home: tempfile::tempdir().unwrap(),
    })
}

impl TlsServer {
    /// The record's address with `sslmode` and, when given, `sslrootcert`.
    fn url(&self, mode: &str, root: Option<&Path>) -> String {
        let mut url = format!("{}?{}&sslmode={mode}", self.address, self.schema);
        if let Some(root) = root {
            url.push_str(&format!("&sslrootcert={}", root.display()));
        }
        url
    }

    /// The real program on `url`, its password given as `PGPASSWORD`.
    fn run(&self, url: &str, password: &str, args: &[&str]) -> (Option<i32>, String, Output) {
        let out = Command::new(env!("CARGO_BIN_EXE_jiedai"))
            .args(["--db", url, "--lang", "en", "--officer", "王科员"])
            .args(args)
            .env("JIEDAI_NOW", NOW)
            .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
            .env("PGPASSWORD", password)
            .env("HOME", self.home.path())
            .env_remove("JIEDAI_DB")
            .env_remove("PGSSLMODE")
            .env_remove("PGSSLROOTCERT")
            .env_remove("PGPASSFILE")
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !said.contains(&self.password),
            "{args:?} said the password: {said}"
        );
        (out.status.code(), said, out)
    }
}

#[test]
fn the_desk_works_over_verified_tls_with_the_password_from_pgpassword() {
    let Some(s) = server() else { return };
    let url = s.url("verify-full", Some(&s.ca));
    let (code, said, out) = s.run(&url, &s.password, &["checkin", "--name", "张伟", "--json"]);
    assert_eq!(code, Some(0), "{said}");
    let first: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(first["queue_no"], 1, "{said}");
    // `require` encrypts without checking whom it talks to when no CA is at hand.
    let (code, said, _) = s.run(&s.url("require", None), &s.password, &["queue"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("张伟"), "{said}");
    let (code, said, _) = s.run(&url, &s.password, &["verify"]);
    assert_eq!(code, Some(0), "{said}");
}

#[test]
fn a_plain_connection_is_refused_in_words_that_say_to_use_tls() {
    let Some(s) = server() else { return };
    let (code, said, _) = s.run(&s.url("disable", None), &s.password, &["queue"]);
    assert_eq!(code, Some(5), "{said}");
    assert!(said.contains("only over TLS"), "{said}");
    assert!(said.contains("sslmode=require"), "{said}");
}

#[test]
fn a_certificate_signed_by_another_ca_is_refused_and_nothing_is_written() {
    let Some(s) = server() else { return };
    // verify-full, and require with a root certificate at hand (checked as
    // verify-ca, as libpq does), both check the chain.
    for mode in ["verify-full", "verify-ca", "require"] {
        let url = s.url(mode, Some(&s.other_ca));
        let (code, said, _) = s.run(&url, &s.password, &["checkin", "--name", "李娜"]);
        assert_eq!(code, Some(5), "{mode}: {said}");
        assert!(said.contains("does not trust"), "{mode}: {said}");
        assert!(said.contains("sslrootcert"), "{mode}: {said}");
    }
    let tables: i64 = postgres::Client::connect(&s.socket, postgres::NoTls)
        .unwrap()
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1",
            &[&s.schema_name],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0, "nothing was created on the server");
}

#[test]
fn a_wrong_password_is_refused_without_repeating_either_password() {
    let Some(s) = server() else { return };
    let url = s.url("verify-full", Some(&s.ca));
    let (code, said, _) = s.run(&url, "not-the-password-0451", &["queue"]);
    assert_eq!(code, Some(5), "{said}");
    assert!(said.contains("refused the sign-in"), "{said}");
    assert!(said.contains("PGPASSWORD"), "{said}");
    assert!(!said.contains("not-the-password-0451"), "{said}");
}
