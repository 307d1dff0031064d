//! Which `--db` values name a database server rather than a SQLite file, and how
//! such an address is shown: never with its password. Compiled with or without
//! the `postgres` feature, so that a build without it still refuses an address
//! in words and without echoing a password.

/// Whether a `--db` value names a PostgreSQL server rather than a SQLite file.
pub fn is_server(db: &str) -> bool {
    let lower = db.trim_start().to_ascii_lowercase();
    lower.starts_with("postgresql://") || lower.starts_with("postgres://")
}

/// The address with any password taken out, as every message, log line and
/// `Admin::location` shows it: `postgresql://user@host:port/db?…`.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    // The authority ends at the first '/', '?' or '#'; credentials end at its last '@'.
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((creds, host)) => {
            let user = creds.split(':').next().unwrap_or("");
            format!("{user}@{host}")
        }
        None => authority.to_string(),
    };
    // A password may also come as a query parameter.
    let tail = tail
        .split('&')
        .map(|part| match part.split_once("password=") {
            Some((before, _)) if before.is_empty() || before.ends_with('?') => {
                format!("{before}password=***")
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&");
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_shows() {
        assert_eq!(
            redacted("postgresql://desk:s3cr3t@db.office:5432/jiedai?sslmode=require"),
            "postgresql://desk@db.office:5432/jiedai?sslmode=require"
        );
        assert_eq!(
            redacted("postgres://db/jiedai?user=desk&password=s3cr3t"),
            "postgres://db/jiedai?user=desk&password=***"
        );
        assert_eq!(
            redacted("postgresql:///jiedai?host=/tmp"),
            "postgresql:///jiedai?host=/tmp"
        );
        assert!(is_server("postgresql://x/y") && is_server("POSTGRES://x"));
        assert!(!is_server("/tmp/a.db") && !is_server("desk.db"));
    }
}
