//! `jiedai backup` as a copy of the file's bytes, taken under a held read
//! transaction: as fast as the disk (the online backup API walks the pages one by
//! one through the pager: at a million people, twice the time and three times the
//! CPU).
//!
//! Why the bytes copied are a committed state (SQLite's wal.c; docs/DESIGN.md,
//! "Backup"): while our read transaction holds read mark `i > 0`, a checkpoint only
//! backfills frames `<= aReadMark[i]` (`mxSafeFrame`), the WAL cannot restart
//! (`walRestartLog` and RESTART/TRUNCATE checkpoints need every read mark from 1
//! up), so frames up to our snapshot stay in place: a database page torn by a
//! backfill is shadowed by a whole frame we copy too, and frames appended after
//! our snapshot are taken by recovery only up to the last whole commit (a torn one
//! fails its checksum). While it holds read mark 0 (the WAL was empty or fully
//! backfilled), no checkpoint may backfill at all (it needs `WAL_READ_LOCK(0)`
//! exclusively), so the database file is our snapshot, but the WAL may restart: a
//! changed WAL header says so and the copied WAL is dropped. In rollback-journal
//! mode, our SHARED lock keeps every writer off the database file.
//!
//! The source's bytes are read through SQLite's own file handles: opening and
//! closing a second descriptor on the file would drop the process's POSIX locks,
//! and with them the read lock the argument rests on.

use super::error::classify;
use super::ledger;
use crate::domain::anchor::Anchor;
use crate::store::error::{Result, StoreError};
use rusqlite::{ffi, Connection};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::raw::{c_int, c_void};
use std::path::{Path, PathBuf};

/// How much is read and written at a time.
pub(super) const CHUNK: usize = 8 << 20;

/// How the bytes are copied: `chunk` at a time, by the kernel where it can.
/// Tests copy a frame at a time, both ways, to write between any two pieces.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pace {
    pub chunk: usize,
    pub kernel: bool,
}

impl Pace {
    pub const FULL: Pace = Pace {
        chunk: CHUNK,
        kernel: true,
    };
}

/// Where the copy is, for a test that writes meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// A piece of the database file was copied (bytes so far).
    Main(u64),
    /// A piece of the WAL was copied (bytes so far).
    Wal(u64),
}

/// Why the raw copy did not happen: the source cannot be copied this way (fall
/// back to the online backup), or writing the copy failed (report it).
pub(super) enum Failed {
    Source,
    Out(StoreError),
}

/// Copies the database behind `conn` into the new, empty file `out` and returns
/// the copy's chain head. The caller syncs `out` before it takes its name.
pub(super) fn copy(
    conn: &Connection,
    out: &Path,
    pace: Pace,
    step: &mut dyn FnMut(Step),
) -> std::result::Result<Option<Anchor>, Failed> {
    let wal_out = sidecar(out, "-wal");
    let shm_out = sidecar(out, "-shm");
    if wal_out.exists() || shm_out.exists() {
        return Err(Failed::Out(StoreError::Invalid(format!(
            "{} is left from an earlier copy; remove it and try again",
            wal_out.display()
        ))));
    }
    // Removes the copy's sidecar files however this ends (they are ours: neither
    // existed above).
    let _sidecars = Sidecars([wal_out.clone(), shm_out]);
    let kept_wal = copy_bytes(conn, out, &wal_out, pace, step)?;
    if !kept_wal {
        let _ = std::fs::remove_file(&wal_out);
    }
    settle(out).map_err(Failed::Out)
}

/// Copies the bytes under one read transaction; says whether the copied WAL is
/// part of the copy.
fn copy_bytes(
    conn: &Connection,
    out: &Path,
    wal_out: &Path,
    pace: Pace,
    step: &mut dyn FnMut(Step),
) -> std::result::Result<bool, Failed> {
    let source = |_: rusqlite::Error| Failed::Source;
    if conn.path().is_none_or(str::is_empty) {
        // In memory, or a temporary database: nothing to copy by bytes.
        return Err(Failed::Source);
    }
    let tx = conn.unchecked_transaction().map_err(source)?;
    // The first read takes the read lock (a WAL read mark, or SHARED) that holds
    // the snapshot until the transaction ends.
    let mode: String = tx
        .query_row(
            "SELECT (SELECT count(*) FROM sqlite_master), (SELECT journal_mode FROM pragma_journal_mode)",
            [],
            |r| r.get(1),
        )
        .map_err(source)?;
    let main = Handle::of(conn, ffi::SQLITE_FCNTL_FILE_POINTER).ok_or(Failed::Source)?;
    let mut to = OpenOptions::new()
        .write(true)
        .open(out)
        .map_err(|e| Failed::Out(unwritable(out, e)))?;
    let db = PathBuf::from(conn.path().unwrap_or_default());
    let fd = descriptor(conn, &main, &db).filter(|_| pace.kernel);
    main.copy_to(fd, &mut to, out, pace.chunk, &mut |n| step(Step::Main(n)))?;
    drop(to);
    if !mode.eq_ignore_ascii_case("wal") {
        return Ok(false);
    }
    let wal = Handle::of(conn, ffi::SQLITE_FCNTL_JOURNAL_POINTER).ok_or(Failed::Source)?;
    let before = wal.header()?;
    let mut to = crate::outfile::owner_only()
        .open(wal_out)
        .map_err(|e| Failed::Out(unwritable(wal_out, e)))?;
    let fd = descriptor(conn, &wal, &sidecar(&db, "-wal")).filter(|_| pace.kernel);
    wal.copy_to(fd, &mut to, wal_out, pace.chunk, &mut |n| {
        step(Step::Wal(n))
    })?;
    drop(to);
    // Only a reader on read mark 0 lets the WAL restart; its database file is the
    // snapshot already, and frames copied across a restart may mix generations.
    let restarted = wal.header()? != before;
    drop(tx);
    Ok(!restarted)
}

/// Opens the copy on its own: SQLite recovers the copied WAL (up to its last
/// whole commit) and folds it into the file. Returns the copy's chain head.
fn settle(out: &Path) -> Result<Option<Anchor>> {
    let copy = Connection::open(out).map_err(|e| classify(out, e))?;
    // The caller syncs the finished file once.
    copy.execute_batch("PRAGMA synchronous = OFF;")
        .map_err(|e| classify(out, e))?;
    let busy: i64 = copy
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .map_err(|e| classify(out, e))?;
    if busy != 0 {
        return Err(StoreError::Locked(out.to_path_buf()));
    }
    let head = ledger::anchor(&copy)?;
    copy.close().map_err(|(_, e)| classify(out, e))?;
    Ok(head)
}

/// The bytes behind one of the source connection's open files, read through
/// SQLite's own handle.
struct Handle(*mut ffi::sqlite3_file);

impl Handle {
    fn of(conn: &Connection, op: c_int) -> Option<Handle> {
        let mut file: *mut ffi::sqlite3_file = std::ptr::null_mut();
        // SAFETY: a valid connection; both opcodes write one `sqlite3_file*`.
        let rc = unsafe {
            ffi::sqlite3_file_control(
                conn.handle(),
                c"main".as_ptr(),
                op,
                (&mut file as *mut *mut ffi::sqlite3_file).cast::<c_void>(),
            )
        };
        // SAFETY: a non-null handle SQLite returned points at a live sqlite3_file.
        let open =
            rc == ffi::SQLITE_OK && !file.is_null() && unsafe { !(*file).pMethods.is_null() };
        open.then_some(Handle(file))
    }

    fn size(&self) -> std::result::Result<u64, Failed> {
        let mut size: ffi::sqlite3_int64 = 0;
        // SAFETY: an open handle (see `of`); xFileSize writes one integer.
        let rc = unsafe {
            match (*(*self.0).pMethods).xFileSize {
                Some(f) => f(self.0, &mut size),
                None => ffi::SQLITE_MISUSE,
            }
        };
        if rc != ffi::SQLITE_OK {
            return Err(Failed::Source);
        }
        Ok(size.max(0) as u64)
    }

    /// Fills `buf` from `offset`; past the end SQLite fills in zeros.
    fn read(&self, buf: &mut [u8], offset: u64) -> std::result::Result<(), Failed> {
        // SAFETY: an open handle; `buf` is valid for its length, which fits a c_int
        // (at most CHUNK).
        let rc = unsafe {
            match (*(*self.0).pMethods).xRead {
                Some(f) => f(
                    self.0,
                    buf.as_mut_ptr().cast::<c_void>(),
                    buf.len() as c_int,
                    offset as ffi::sqlite3_int64,
                ),
                None => ffi::SQLITE_MISUSE,
            }
        };
        match rc {
            ffi::SQLITE_OK | ffi::SQLITE_IOERR_SHORT_READ => Ok(()),
            _ => Err(Failed::Source),
        }
    }

    /// The WAL header (empty for an empty WAL): salt-1 grows with every restart.
    fn header(&self) -> std::result::Result<Vec<u8>, Failed> {
        if self.size()? < 32 {
            return Ok(Vec::new());
        }
        let mut head = vec![0; 32];
        self.read(&mut head, 0)?;
        Ok(head)
    }

    /// Copies the file's first `size()` bytes to the end of `to`, `chunk` at a
    /// time. `fd` is SQLite's own descriptor of the file, when it could be known:
    /// the kernel then copies without passing the bytes through this process.
    fn copy_to(
        &self,
        fd: Option<c_int>,
        to: &mut File,
        shown: &Path,
        chunk: usize,
        done: &mut dyn FnMut(u64),
    ) -> std::result::Result<(), Failed> {
        let size = self.size()?;
        let chunk = chunk.clamp(512, CHUNK);
        let mut at = 0u64;
        if let Some(fd) = fd {
            at = kernel_copy(fd, to, size, chunk, done)
                .map_err(|e| Failed::Out(unwritable(shown, e)))?;
        }
        let mut buf = vec![0; chunk];
        while at < size {
            let n = (size - at).min(buf.len() as u64) as usize;
            self.read(&mut buf[..n], at)?;
            to.write_all(&buf[..n])
                .map_err(|e| Failed::Out(unwritable(shown, e)))?;
            at += n as u64;
            done(at);
        }
        Ok(())
    }
}

/// SQLite's descriptor of `path` behind `handle`, for the kernel to copy from.
/// Only the unix VFS is asked, and its answer is believed only when the
/// descriptor is open on `path`'s very file (same device and inode). Never closed
/// here: closing any descriptor of the file would drop SQLite's POSIX locks.
#[cfg(target_os = "linux")]
fn descriptor(conn: &Connection, handle: &Handle, path: &Path) -> Option<c_int> {
    use std::os::unix::fs::MetadataExt;
    let mut name: *mut std::os::raw::c_char = std::ptr::null_mut();
    // SAFETY: a valid connection; VFSNAME writes a string SQLite allocated.
    let rc = unsafe {
        ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            ffi::SQLITE_FCNTL_VFSNAME,
            (&mut name as *mut *mut std::os::raw::c_char).cast::<c_void>(),
        )
    };
    if rc != ffi::SQLITE_OK || name.is_null() {
        return None;
    }
    // SAFETY: a NUL-terminated string from sqlite3_mprintf, freed once, here.
    let unix = unsafe {
        let unix = std::ffi::CStr::from_ptr(name)
            .to_bytes()
            .starts_with(b"unix");
        ffi::sqlite3_free(name.cast());
        unix
    };
    if !unix {
        return None;
    }
    // The unix VFS's file begins with three pointers and then the descriptor
    // (`struct unixFile` in os_unix.c, unchanged since 2008).
    // SAFETY: a unix VFS handle is a unixFile, larger than these four fields.
    let fd = unsafe {
        *handle
            .0
            .cast::<u8>()
            .add(3 * std::mem::size_of::<*const c_void>())
            .cast::<c_int>()
    };
    // SAFETY: fstat only writes the struct; a wrong descriptor fails or differs.
    let mut held: libc::stat = unsafe { std::mem::zeroed() };
    if fd < 0 || unsafe { libc::fstat(fd, &mut held) } != 0 {
        return None;
    }
    let named = std::fs::metadata(path).ok()?;
    (held.st_dev == named.dev() && held.st_ino == named.ino()).then_some(fd)
}

#[cfg(not(target_os = "linux"))]
fn descriptor(_conn: &Connection, _handle: &Handle, _path: &Path) -> Option<c_int> {
    None
}

/// `copy_file_range` from `fd` (at offsets, leaving its position alone) to `to`,
/// up to `size`; returns how far it got (a file system that cannot copy this way
/// stops it at once, and the bytes are read and written instead).
#[cfg(target_os = "linux")]
fn kernel_copy(
    fd: c_int,
    to: &mut File,
    size: u64,
    chunk: usize,
    done: &mut dyn FnMut(u64),
) -> std::io::Result<u64> {
    use std::os::unix::io::AsRawFd;
    let mut at = 0u64;
    while at < size {
        let mut from = at as libc::loff_t;
        let want = (size - at).min(chunk as u64) as usize;
        // SAFETY: two open descriptors; the kernel writes only `from`.
        let n = unsafe {
            libc::copy_file_range(fd, &mut from, to.as_raw_fd(), std::ptr::null_mut(), want, 0)
        };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            return match e.raw_os_error() {
                Some(libc::EXDEV | libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(at),
                _ => Err(e),
            };
        }
        if n == 0 {
            // The file ended early (a checkpoint truncated it): nothing past it
            // is part of the snapshot.
            return Ok(size);
        }
        at += n as u64;
        done(at);
    }
    Ok(at)
}

#[cfg(not(target_os = "linux"))]
fn kernel_copy(
    _fd: c_int,
    _to: &mut File,
    _size: u64,
    _chunk: usize,
    _done: &mut dyn FnMut(u64),
) -> std::io::Result<u64> {
    Ok(0)
}

fn unwritable(out: &Path, e: std::io::Error) -> StoreError {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::Invalid(format!(
                "cannot write the backup {} (no permission, or a read-only disk); choose another place",
                out.display()
            ))
        }
        _ => StoreError::Backend(format!("cannot write the backup {}: {e}", out.display())),
    }
}

fn sidecar(out: &Path, suffix: &str) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

struct Sidecars([PathBuf; 2]);

impl Drop for Sidecars {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
#[path = "backup_raw_tests.rs"]
mod tests;
