//! Reaching the server with the standard libpq environment that the client crate
//! does not read by itself (`PGPASSWORD`, `~/.pgpass`, `PGUSER`, `PGHOST`…), and
//! with TLS as `sslmode` asks (the client parses only three of libpq's six modes).

use crate::store::address::redacted;
use crate::store::error::{Result, StoreError};
use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Where the record lives and how to reach it: enough to open a second
/// connection (the desk's listening one) the same way as the first.
#[derive(Clone)]
pub(super) struct Server {
    config: Config,
    /// `None` when `sslmode=disable` or the server is on a local socket.
    tls: Option<postgres_native_tls::MakeTlsConnector>,
}

impl Server {
    pub(super) fn connect(&self) -> std::result::Result<Client, postgres::Error> {
        match &self.tls {
            Some(tls) => self.config.connect(tls.clone()),
            None => self.config.connect(NoTls),
        }
    }
}

/// The server `url` names, with what libpq would take from the environment
/// filled in where the address leaves it open.
pub(super) fn server(url: &str) -> Result<Server> {
    let shown = PathBuf::from(redacted(url));
    let (url, tls) = tls_settings(url.trim());
    let mut config = Config::from_str(&url).map_err(|e| {
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
    // libpq ignores sslmode on a local socket (the server offers no TLS there).
    let local = config
        .get_hosts()
        .iter()
        .all(|h| !matches!(h, Host::Tcp(_)));
    let mode = if local {
        Mode::Disable
    } else {
        tls.mode(&shown)?
    };
    config.ssl_mode(match mode {
        Mode::Disable => SslMode::Disable,
        Mode::Prefer => SslMode::Prefer,
        Mode::Require | Mode::VerifyCa | Mode::VerifyFull => SslMode::Require,
    });
    let tls = match mode {
        Mode::Disable => None,
        _ => Some(connector(mode, tls.root_cert.as_deref(), &shown)?),
    };
    Ok(Server { config, tls })
}

/// libpq's `sslmode`s (`allow` is served as `prefer`: the client cannot try
/// without TLS first and then with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// The TLS settings the address (or `PGSSLMODE`, `PGSSLROOTCERT`) gives.
#[derive(Debug, Default, PartialEq, Eq)]
struct TlsAsked {
    mode: Option<String>,
    root_cert: Option<PathBuf>,
}

impl TlsAsked {
    fn mode(&self, shown: &Path) -> Result<Mode> {
        let mode = self
            .mode
            .clone()
            .or_else(|| std::env::var("PGSSLMODE").ok())
            .unwrap_or_default();
        Ok(match mode.as_str() {
            "disable" => Mode::Disable,
            "" | "allow" | "prefer" => Mode::Prefer,
            "require" => Mode::Require,
            "verify-ca" => Mode::VerifyCa,
            "verify-full" => Mode::VerifyFull,
            other => {
                return Err(StoreError::Invalid(format!(
                    "{} asks for sslmode={other}; write one of disable, allow, prefer, require, verify-ca, verify-full",
                    shown.display()
                )))
            }
        })
    }
}

/// `url` without `sslmode` and `sslrootcert` (which the client's parser refuses
/// or ignores), and what they said.
fn tls_settings(url: &str) -> (String, TlsAsked) {
    let mut asked = TlsAsked::default();
    let Some((base, query)) = url.split_once('?') else {
        asked.root_cert = std::env::var_os("PGSSLROOTCERT").map(PathBuf::from);
        return (url.to_string(), asked);
    };
    let mut kept = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("sslmode", v)) => asked.mode = Some(percent_decoded(v)),
            Some(("sslrootcert", v)) => asked.root_cert = Some(PathBuf::from(percent_decoded(v))),
            _ => kept.push(pair),
        }
    }
    if asked.root_cert.is_none() {
        asked.root_cert = std::env::var_os("PGSSLROOTCERT").map(PathBuf::from);
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, asked)
}

fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The TLS connector for `mode`, as libpq checks the server: `prefer` and
/// `require` encrypt without checking whom they talk to (`require` with a root
/// certificate at hand checks as `verify-ca`, as libpq does); `verify-ca` checks
/// the chain; `verify-full` checks the chain and that the certificate names the
/// host.
fn connector(
    mode: Mode,
    root_cert: Option<&Path>,
    shown: &Path,
) -> Result<postgres_native_tls::MakeTlsConnector> {
    let tls_error = |e: &dyn std::fmt::Display| {
        StoreError::Invalid(format!("cannot set up TLS for {}: {e}", shown.display()))
    };
    // libpq's default root certificate, when the address names none.
    let root_cert = root_cert.map(Path::to_path_buf).or_else(|| {
        std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(".postgresql/root.crt"))
            .filter(|p| p.is_file())
    });
    let mut builder = native_tls::TlsConnector::builder();
    match root_cert.as_deref() {
        // The system's trust store, which native-tls uses by default.
        Some(p) if p == Path::new("system") => {}
        Some(p) => {
            let pem = std::fs::read(p).map_err(|e| {
                tls_error(&format!(
                    "the root certificate {} cannot be read ({e})",
                    p.display()
                ))
            })?;
            let cert = native_tls::Certificate::from_pem(&pem).map_err(|e| {
                tls_error(&format!("{} is not a PEM certificate ({e})", p.display()))
            })?;
            builder.add_root_certificate(cert);
        }
        None => {}
    }
    let check_chain = match mode {
        Mode::VerifyCa | Mode::VerifyFull => true,
        Mode::Require => root_cert.is_some(),
        Mode::Disable | Mode::Prefer => false,
    };
    builder.danger_accept_invalid_certs(!check_chain);
    builder.danger_accept_invalid_hostnames(mode != Mode::VerifyFull);
    let connector = builder.build().map_err(|e| tls_error(&e))?;
    Ok(postgres_native_tls::MakeTlsConnector::new(connector))
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
    fn tls_settings_leave_the_address_and_say_what_was_asked() {
        let (url, asked) = tls_settings(
            "postgresql://desk@db:5432/jiedai?sslmode=verify-full&connect_timeout=5&sslrootcert=%2Fetc%2Fca.pem",
        );
        assert_eq!(url, "postgresql://desk@db:5432/jiedai?connect_timeout=5");
        assert_eq!(asked.mode.as_deref(), Some("verify-full"));
        assert_eq!(asked.root_cert.as_deref(), Some(Path::new("/etc/ca.pem")));
        let (url, asked) = tls_settings("postgresql://desk@db/jiedai?sslmode=disable");
        assert_eq!(url, "postgresql://desk@db/jiedai");
        assert_eq!(asked.mode(Path::new("x")).unwrap(), Mode::Disable);
    }

    #[test]
    fn every_libpq_sslmode_is_understood_and_others_refused() {
        let mode = |m: &str| {
            TlsAsked {
                mode: Some(m.into()),
                root_cert: None,
            }
            .mode(Path::new("postgresql://db/x"))
        };
        assert_eq!(mode("allow").unwrap(), Mode::Prefer);
        assert_eq!(mode("prefer").unwrap(), Mode::Prefer);
        assert_eq!(mode("require").unwrap(), Mode::Require);
        assert_eq!(mode("verify-ca").unwrap(), Mode::VerifyCa);
        assert_eq!(mode("verify-full").unwrap(), Mode::VerifyFull);
        let e = mode("always").unwrap_err().to_string();
        assert!(
            e.contains("sslmode=always") && e.contains("verify-full"),
            "{e}"
        );
    }

    #[test]
    fn a_local_socket_goes_without_tls_whatever_sslmode_says() {
        let local = server("postgresql:///jiedai?host=/tmp&sslmode=verify-full").unwrap();
        assert!(local.tls.is_none());
        assert_eq!(local.config.get_ssl_mode(), SslMode::Disable);
        let remote = server("postgresql://desk@db.office/jiedai?sslmode=require").unwrap();
        assert!(remote.tls.is_some());
        assert_eq!(remote.config.get_ssl_mode(), SslMode::Require);
    }

    #[test]
    fn pgpass_lines_split_on_unescaped_colons() {
        assert_eq!(
            split_pgpass(r"db:5432:*:desk:pa\:ss"),
            vec!["db", "5432", "*", "desk", "pa:ss"]
        );
    }
}
