//! Reaching the server with the standard libpq environment that the client crate
//! does not read by itself (`PGPASSWORD`, `~/.pgpass`, `PGUSER`, `PGHOST`…).

use crate::store::address::redacted;
use crate::store::error::{Result, StoreError};
use postgres::config::Host;
use postgres::Config;
use std::path::PathBuf;
use std::str::FromStr;

/// The client's settings for `url`, with what libpq would take from the
/// environment filled in where the address leaves it open.
pub(super) fn config(url: &str) -> Result<Config> {
    let shown = PathBuf::from(redacted(url));
    refuse_tls(url, &shown)?;
    let mut config = Config::from_str(url.trim()).map_err(|e| {
        StoreError::Invalid(format!(
            "{} is not a PostgreSQL address this program can use ({}); write postgresql://USER@HOST:PORT/DATABASE, or postgresql:///DATABASE?host=/run/postgresql for a local socket",
            shown.display(),
            // The parser's words never repeat the password.
            e
        ))
    })?;
    if config.get_hosts().is_empty() {
        let host = std::env::var("PGHOST").unwrap_or_else(|_| "/var/run/postgresql".into());
        if host.starts_with('/') {
            config.host_path(host);
        } else {
            config.host(&host);
        }
    }
    if config.get_ports().is_empty() {
        if let Some(port) = std::env::var("PGPORT").ok().and_then(|p| p.parse().ok()) {
            config.port(port);
        }
    }
    if config.get_user().is_none() {
        let user = std::env::var("PGUSER")
            .ok()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(crate::store::host_account);
        config.user(&user);
    }
    if config.get_dbname().is_none() {
        if let Ok(db) = std::env::var("PGDATABASE") {
            config.dbname(&db);
        }
    }
    if config.get_password().is_none() {
        if let Some(password) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
            config.password(password);
        } else if let Some(password) = pgpass(&config) {
            config.password(password);
        }
    }
    if config.get_application_name().is_none() {
        config.application_name("jiedai");
    }
    Ok(config)
}

/// This build talks to the server without TLS. An address that asks for it is
/// refused in words, never quietly served in the clear; `prefer` (the default)
/// and `disable` go on without it.
fn refuse_tls(url: &str, shown: &std::path::Path) -> Result<()> {
    let in_url = url
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("sslmode="))
        .map(str::to_string);
    let mode = in_url
        .or_else(|| std::env::var("PGSSLMODE").ok())
        .unwrap_or_default();
    if matches!(mode.as_str(), "require" | "verify-ca" | "verify-full") {
        return Err(StoreError::Invalid(format!(
            "{} asks for sslmode={mode}, but this jiedai talks to PostgreSQL without TLS (not built in yet); reach the server over a local socket, an SSH tunnel or a VPN with sslmode=disable, or keep the office on a SQLite file",
            shown.display()
        )));
    }
    Ok(())
}

/// The password `~/.pgpass` (or `$PGPASSFILE`) holds for this server, database and
/// user, as libpq reads it: the first matching line wins, `*` matches anything.
fn pgpass(config: &Config) -> Option<String> {
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        // libpq matches a socket directory as "localhost".
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let db = config.get_dbname().or(config.get_user()).unwrap_or("");
    let user = config.get_user().unwrap_or("");
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = split_pgpass(line);
            let [h, p, d, u, password] = fields.as_slice() else {
                return None;
            };
            let hit = |field: &str, value: &str| field == "*" || field == value;
            (hit(h, &host) && hit(p, &port) && hit(d, db) && hit(u, user)).then(|| password.clone())
        })
}

/// One `.pgpass` line's five fields; `\:` and `\\` stand for themselves.
fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(last)) = (chars.next(), fields.last_mut()) {
                    last.push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => {
                if let Some(last) = fields.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_lines_split_on_unescaped_colons() {
        assert_eq!(
            split_pgpass(r"db:5432:*:desk:pa\:ss"),
            vec!["db", "5432", "*", "desk", "pa:ss"]
        );
    }
}
