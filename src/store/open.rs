//! Opening the file: creating it owner-only, refusing foreign or damaged files with a
//! message that says what to do, and migrating it.

use super::error::{classify, Result, StoreError};
use super::schema::{self, APPLICATION_ID};
use super::{registry, Rules, Store};
use crate::time::TimeSource;
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a desk waits for another desk's write before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file (and its folder) if missing; migrate.
    Create,
    /// The file must exist; migrate it if older.
    Existing,
    /// The file must exist and be current; never write.
    ReadOnly,
}

impl Store {
    pub fn open(path: impl AsRef<Path>, mode: OpenMode, time: TimeSource) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let existed = path.exists();
        if !existed {
            if mode != OpenMode::Create {
                return Err(StoreError::Missing(path));
            }
            create_owner_only(&path)?;
        } else {
            check_header(&path)?;
            if mode != OpenMode::ReadOnly && is_read_only(&path) {
                return Err(StoreError::ReadOnly(path));
            }
            if mode != OpenMode::ReadOnly && std::fs::metadata(&path)?.len() == 0 {
                // An empty file someone made for us becomes the record: owner-only,
                // as if we had created it.
                restrict_to_owner(&path)?;
            }
        }

        let flags = match mode {
            OpenMode::ReadOnly => {
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
            }
            _ => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        };
        let mut conn = Connection::open_with_flags(&path, flags).map_err(|e| classify(&path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| classify(&path, e))?;
        conn.set_prepared_statement_cache_capacity(64);
        check_owner(&conn, &path)?;
        configure(&conn, mode).map_err(|e| classify(&path, e))?;

        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(&path, e))?;
        let latest = schema::latest_version();
        if version > latest {
            return Err(StoreError::TooNew {
                path,
                found: version,
                supported: latest,
            });
        }
        if version < latest {
            if mode == OpenMode::ReadOnly && !is_read_only(&path) {
                // A newer program reading an older file: upgrade it once (as any
                // writing command would), then read.
                drop(conn);
                drop(Store::open(&path, OpenMode::Existing, time.clone())?);
                return Store::open(&path, OpenMode::ReadOnly, time);
            }
            if mode == OpenMode::ReadOnly {
                return Err(StoreError::Invalid(format!(
                    "{} uses an older schema ({version} < {latest}); run `jiedai init` to upgrade it",
                    path.display()
                )));
            }
            schema::migrate(&mut conn).map_err(|e| classify(&path, e))?;
        }
        let mut store = Store {
            conn,
            path,
            time,
            rules: Rules::default(),
            defer_keys: false,
        };
        if mode != OpenMode::ReadOnly {
            let now = crate::time::stamp(store.now());
            store.write(|tx| registry::seed_defaults(tx, &now))?;
        }
        Ok(store)
    }
}

/// The record holds ID numbers and phones: nobody but its owner may read it.
fn create_owner_only(path: &PathBuf) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::ReadOnly(dir.to_path_buf())
            }
            _ => StoreError::Io(e),
        })?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another desk created it a moment ago: fine, we open theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            Err(StoreError::ReadOnly(path.clone()))
        }
        Err(e) => Err(StoreError::Io(e)),
    }
}

fn restrict_to_owner(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// A non-empty file must start with SQLite's magic; anything else is refused before
/// SQLite gets a chance to treat it as something to overwrite.
fn check_header(path: &Path) -> Result<()> {
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied => StoreError::ReadOnly(path.to_path_buf()),
        _ => StoreError::Io(e),
    })?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(StoreError::Corrupt(
            path.to_path_buf(),
            "it is a folder".into(),
        ));
    }
    // /dev/null, a FIFO or a terminal: SQLite would fail later with a bare I/O error.
    if !meta.is_file() {
        return Err(StoreError::Corrupt(
            path.to_path_buf(),
            "it is not a regular file but a device or a pipe".into(),
        ));
    }
    let mut head = [0u8; 16];
    let n = file.read(&mut head)?;
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(StoreError::Corrupt(
            path.to_path_buf(),
            "not an SQLite file".into(),
        ));
    }
    Ok(())
}

fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false)
}

/// Refuses SQLite files that belong to another program.
fn check_owner(conn: &Connection, path: &Path) -> Result<()> {
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if app_id == APPLICATION_ID {
        return Ok(());
    }
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if app_id == 0 && tables == 0 {
        return Ok(());
    }
    Err(StoreError::NotJiedai(path.to_path_buf()))
}

fn configure(conn: &Connection, mode: OpenMode) -> rusqlite::Result<()> {
    // Savepoints and statement journals stay in memory: on disk they cost a write
    // per page touched, which dominates bulk jobs.
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;")?;
    if mode != OpenMode::ReadOnly {
        // WAL lets desks read while one writes; FULL makes an acknowledged check-in
        // survive a power cut.
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        conn.execute_batch("PRAGMA synchronous = FULL;")?;
    }
    Ok(())
}
