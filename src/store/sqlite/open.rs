//! Opening the file: creating it owner-only, refusing foreign or damaged files with a
//! message that says what to do, and migrating it.

use super::error::classify;
use super::schema::{self, APPLICATION_ID};
use super::{registry, SqliteStore};
use crate::store::error::{Result, StoreError};
use crate::store::records::OpenMode;
use crate::time::TimeSource;
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a desk waits for another desk's write before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a waiting desk looks again whether the lock is free.
const BUSY_POLL: Duration = Duration::from_millis(4);

/// SQLite's own busy timeout backs off to 100 ms between tries, so a desk waiting
/// behind an import that takes the lock again right after each chunk can miss every
/// gap and starve; looking every few milliseconds finds the gap. Gives up (the
/// caller then says in words that the file is busy) after [`BUSY_TIMEOUT`].
fn wait_for_the_lock(tries: i32) -> bool {
    let waited = BUSY_POLL * u32::try_from(tries).unwrap_or(u32::MAX);
    if waited >= BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(BUSY_POLL);
    true
}

impl SqliteStore {
    /// Opens (and if asked creates and migrates) the file at `path`; `time` stamps
    /// the lists seeded into a new file. A file busy with another desk's start-up
    /// (switching to WAL, migrating) is retried for up to [`BUSY_TIMEOUT`] before
    /// the officer is told.
    pub fn open(path: &Path, mode: OpenMode, time: &TimeSource) -> Result<SqliteStore> {
        let started = std::time::Instant::now();
        loop {
            match SqliteStore::open_once(path, mode, time) {
                Err(StoreError::Locked(_)) if started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path, mode: OpenMode, time: &TimeSource) -> Result<SqliteStore> {
        let path = path.to_path_buf();
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

        // On a read-only disk nobody can write, so there is no lock to take and no
        // -shm to create: SQLite may read the file as immutable.
        let frozen = mode == OpenMode::ReadOnly && on_read_only_disk(&path);
        let mut conn = if frozen {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI;
            Connection::open_with_flags(immutable_uri(&path), flags)
        } else {
            let flags = match mode {
                OpenMode::ReadOnly => {
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
                }
                _ => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            };
            Connection::open_with_flags(&path, flags)
        }
        .map_err(|e| classify(&path, e))?;
        conn.busy_handler(Some(wait_for_the_lock))
            .map_err(|e| classify(&path, e))?;
        conn.set_prepared_statement_cache_capacity(256);
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
            if mode == OpenMode::ReadOnly && !is_read_only(&path) && !frozen {
                // A newer program reading an older file: upgrade it once (as any
                // writing command would), then read.
                drop(conn);
                drop(SqliteStore::open(&path, OpenMode::Existing, time)?);
                return SqliteStore::open(&path, OpenMode::ReadOnly, time);
            }
            if mode == OpenMode::ReadOnly {
                return Err(StoreError::Invalid(format!(
                    "{} uses an older schema ({version} < {latest}); run `jiedai init` to upgrade it",
                    path.display()
                )));
            }
            schema::migrate(&mut conn).map_err(|e| classify(&path, e))?;
            super::compact::after_upgrade(&conn).map_err(|e| classify(&path, e))?;
        }
        let mut store = SqliteStore {
            conn,
            aside: Default::default(),
            path,
            batch_held: None,
            running_as: None,
            bulk: None,
            fresh: Vec::new(),
            pipe: None,
            waiting: Default::default(),
            loading: false,
        };
        if mode != OpenMode::ReadOnly {
            let now = crate::time::stamp(time.now());
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
    // Looked at before it is opened: opening a FIFO would wait for a writer forever.
    let meta = std::fs::metadata(path)?;
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
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied => StoreError::ReadOnly(path.to_path_buf()),
        _ => StoreError::Io(e),
    })?;
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

/// Whether the file lies on a file system mounted read-only.
fn on_read_only_disk(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
            return false;
        };
        let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
        // SAFETY: a valid C string and a buffer statvfs fills on success.
        if unsafe { libc::statvfs(c.as_ptr(), stat.as_mut_ptr()) } != 0 {
            return false;
        }
        // SAFETY: statvfs returned 0, so the buffer is filled.
        let flags = unsafe { stat.assume_init() }.f_flag;
        flags & libc::ST_RDONLY != 0
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// `file:` URI of `path` opened immutable; what URIs reserve is percent-encoded,
/// the rest (Chinese folder names too) passes as UTF-8.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for c in absolute.to_string_lossy().chars() {
        match c {
            '?' | '#' | '%' => uri.push_str(&format!("%{:02X}", c as u32)),
            _ => uri.push(c),
        }
    }
    uri + "?immutable=1"
}

fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false)
}

/// Refuses SQLite files that belong to another program.
fn check_owner(conn: &Connection, path: &Path) -> Result<()> {
    // One statement, one snapshot: read apart, a desk creating the same new file
    // could commit its tables in between and make it look like another program's.
    let (app_id, tables): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| classify(path, e))?;
    if app_id == APPLICATION_ID {
        return Ok(());
    }
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
        // survive a power cut. SQLite's page cache stays at its default (2 MB): at a
        // million people 64 MB saved half the reads of a check-in and no CPU time
        // (DESIGN.md 3.2, "Checkpoints"). The file is not memory-mapped here: a
        // failing disk would then kill the desk with SIGBUS, its terminal left raw,
        // instead of giving an I/O error the desk reports.
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        conn.execute_batch("PRAGMA synchronous = FULL;")?;
        super::checkpoint::install(conn);
    }
    Ok(())
}
