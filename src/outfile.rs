//! Writing a file the user named (`--out`, `backup OUT`) without ever destroying
//! what is there.
//!
//! The rules, for every writer:
//! - the database and its `-wal`, `-shm` and `-journal` files are never a target,
//!   whatever the name used to reach them (compared by device and inode, and by
//!   resolved path for those not created yet), `--force` or not;
//! - an existing file is replaced only with `--force`, and only if it is a regular
//!   file: a device, FIFO, folder or symbolic link is refused;
//! - what is written goes to a new file (mode 0600) in the target's folder and is
//!   moved into place only once complete and synced, so a killed or failed write
//!   never leaves a partial file under the target's name, and the mode or owner of
//!   anything the program did not create is never changed.
//!
//! On Linux the staging file is an anonymous `O_TMPFILE`: a write killed halfway
//! leaves nothing behind at all.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Why a target was refused or could not be written. Worded, in either language,
/// by `words::outfile::out_problem` (this module sits below `words`, so it says
/// nothing itself); the message says what to do.
#[derive(Debug)]
pub enum OutError {
    /// The target is not one the program may write: nothing was touched.
    Refused(OutProblem),
    /// Writing failed part-way: nothing was left under the target's name.
    Failed(OutProblem),
}

/// What is wrong with an output target, and which.
#[derive(Debug)]
pub enum OutProblem {
    EmptyName,
    /// The database or one of its companion files.
    Database(PathBuf),
    Symlink(PathBuf),
    Folder(PathBuf),
    /// A device, pipe or socket.
    NotRegular(PathBuf),
    /// Exists, and `--force` was not given.
    Exists(PathBuf),
    Unusable(PathBuf, io::Error),
    NoFolder {
        target: PathBuf,
        folder: PathBuf,
    },
    NoPermission(PathBuf),
    /// Someone else created the name while the output was being written.
    Appeared(PathBuf),
    Write(PathBuf, io::Error),
    Replace(PathBuf, io::Error),
    Create(PathBuf, io::Error),
}

impl OutError {
    pub fn problem(&self) -> &OutProblem {
        match self {
            OutError::Refused(p) | OutError::Failed(p) => p,
        }
    }
}

/// Where an output goes: standard output (`-`) or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

impl Target {
    pub fn parse(path: &Path) -> Target {
        if path.as_os_str() == "-" {
            Target::Stdout
        } else {
            Target::File(path.to_path_buf())
        }
    }
}

/// The files that make up the record: never an output target. SQLite keeps the
/// -wal, -shm and -journal beside the file a symbolic link leads to, not beside
/// the link, so `--db` given as a link names those of its target too (after the
/// four of the name as given).
pub fn database_files(db: &Path) -> Vec<PathBuf> {
    let mut spellings = vec![db.to_path_buf()];
    let is_link = std::fs::symlink_metadata(db).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        spellings.extend(std::fs::canonicalize(db).ok());
    }
    let mut files = Vec::new();
    for spelling in spellings {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = spelling.as_os_str().to_owned();
            name.push(suffix);
            files.push(PathBuf::from(name));
        }
    }
    files
}

/// Checks that `target` may be written: the folder exists, it is not one of
/// `protected` (the database files), and it does not exist or, with `force`, is a
/// regular file.
pub fn check_target(target: &Path, force: bool, protected: &[PathBuf]) -> Result<(), OutError> {
    let refused = |why: fn(PathBuf) -> OutProblem| Err(OutError::Refused(why(target.into())));
    if target.as_os_str().is_empty() {
        return Err(OutError::Refused(OutProblem::EmptyName));
    }
    if is_protected(target, protected) {
        return refused(OutProblem::Database);
    }
    match std::fs::symlink_metadata(target) {
        Ok(meta) => {
            let kind = meta.file_type();
            if kind.is_symlink() {
                return refused(OutProblem::Symlink);
            }
            if kind.is_dir() {
                return refused(OutProblem::Folder);
            }
            if !kind.is_file() {
                return refused(OutProblem::NotRegular);
            }
            if !force {
                return refused(OutProblem::Exists);
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(OutError::Refused(OutProblem::Unusable(target.into(), e))),
    }
    let folder = folder_of(target);
    if !folder.is_dir() {
        return Err(OutError::Refused(OutProblem::NoFolder {
            target: target.into(),
            folder: folder.into(),
        }));
    }
    Ok(())
}

fn folder_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Same file by device and inode when both exist; else the same resolved path (a
/// `-wal` not created yet must not be created by us either).
fn is_protected(target: &Path, protected: &[PathBuf]) -> bool {
    let target_id = file_id(target);
    let target_resolved = resolve(target);
    protected.iter().any(|p| {
        if let (Some(a), Some(b)) = (target_id, file_id(p)) {
            if a == b {
                return true;
            }
        }
        match (&target_resolved, resolve(p)) {
            (Some(a), Some(b)) => *a == b,
            _ => false,
        }
    })
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    // Follows links: a link to the database is the database.
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// The path with its folder resolved (links followed), the name kept as given.
fn resolve(path: &Path) -> Option<PathBuf> {
    let folder = std::fs::canonicalize(folder_of(path)).ok()?;
    Some(folder.join(path.file_name()?))
}

/// A complete output in the making: written to a staging file, published under the
/// target's name by [`Staged::publish`], discarded if dropped before.
pub struct Staged {
    file: File,
    target: PathBuf,
    force: bool,
    /// The staging file's name, when it has one (not an anonymous `O_TMPFILE`).
    named: Option<PathBuf>,
    published: bool,
}

impl Staged {
    /// Checks `target` (see [`check_target`]) and opens a staging file for it.
    pub fn create(target: &Path, force: bool, protected: &[PathBuf]) -> Result<Staged, OutError> {
        check_target(target, force, protected)?;
        let folder = folder_of(target);
        if let Some(file) = anonymous_file(folder) {
            return Ok(Staged {
                file,
                target: target.to_path_buf(),
                force,
                named: None,
                published: false,
            });
        }
        Self::create_named(target, force, protected)
    }

    /// Like [`Staged::create`], but the staging file has a name, for writers that
    /// need a path (SQLite's `VACUUM INTO`). It is hidden, 0600, and removed if the
    /// write fails; only a killed process can leave it behind.
    pub fn create_named(
        target: &Path,
        force: bool,
        protected: &[PathBuf],
    ) -> Result<Staged, OutError> {
        check_target(target, force, protected)?;
        let (file, path) = named_file(target).map_err(|e| cannot_create(target, e))?;
        Ok(Staged {
            file,
            target: target.to_path_buf(),
            force,
            named: Some(path),
            published: false,
        })
    }

    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// The staging file's path, for writers that need one.
    pub fn staging_path(&self) -> Option<&Path> {
        self.named.as_deref()
    }

    /// Syncs the file and moves it into place: beside an existing file only with
    /// `force`, and then atomically.
    pub fn publish(mut self) -> Result<(), OutError> {
        let failed = |e: io::Error| OutError::Failed(OutProblem::Write(self.target.clone(), e));
        self.file.sync_all().map_err(failed)?;
        match &self.named {
            Some(path) => {
                if self.force {
                    std::fs::rename(path, &self.target).map_err(failed)?;
                } else {
                    // A hard link fails if the name was taken meanwhile: never clobber.
                    link_no_clobber(path, &self.target)?;
                    let _ = std::fs::remove_file(path);
                }
            }
            None => publish_anonymous(&self.file, &self.target, self.force)?,
        }
        self.published = true;
        sync_folder(folder_of(&self.target));
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.published {
            if let Some(path) = &self.named {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Writes `bytes` to `target` by the rules above.
pub fn write_new(
    target: &Path,
    force: bool,
    protected: &[PathBuf],
    bytes: &[u8],
) -> Result<(), OutError> {
    use std::io::Write;
    let mut staged = Staged::create(target, force, protected)?;
    staged
        .file()
        .write_all(bytes)
        .map_err(|e| OutError::Failed(OutProblem::Write(target.into(), e)))?;
    staged.publish()
}

fn cannot_create(target: &Path, e: io::Error) -> OutError {
    match e.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            OutError::Refused(OutProblem::NoPermission(target.into()))
        }
        _ => OutError::Failed(OutProblem::Create(target.into(), e)),
    }
}

/// A new file (never one that exists) only its owner may read: outputs hold
/// ID numbers in clear.
pub(crate) fn owner_only() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

fn named_file(target: &Path) -> io::Result<(File, PathBuf)> {
    let name = target_name(target);
    let folder = folder_of(target);
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let path = folder.join(format!(".{name}.{pid}.{attempt}.partial"));
        match owner_only().open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

fn target_name(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The writer's process id, when `file` is a staging file [`named_file`] names for
/// `name` (`.NAME.PID.N.partial`, or SQLite's `-wal`, `-shm` or `-journal` beside
/// one).
fn staging_pid(file: &str, name: &str) -> Option<u32> {
    let base = ["-wal", "-shm", "-journal"]
        .iter()
        .find_map(|side| file.strip_suffix(side))
        .unwrap_or(file);
    let rest = base
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix('.')?
        .strip_suffix(".partial")?;
    let (pid, attempt) = rest.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(attempt) {
        return None;
    }
    pid.parse().ok().filter(|&p| p > 0)
}

/// Whether a process with this id runs (or may: one that cannot be asked is
/// taken as running).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    if unsafe { libc::kill(pid, 0) } == 0 {
        return true;
    }
    io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// Removes the staging files that writers of `target` killed half-way left behind
/// ([`Staged::create_named`] removes its own on any failure it lives through):
/// only names of exactly that pattern, and only where their process is gone, so
/// a write still running keeps its file. Returns how many were removed.
pub fn remove_dead_leftovers(target: &Path) -> usize {
    let name = target_name(target);
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file.to_str().and_then(|f| staging_pid(f, &name)) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && !process_alive(pid) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn link_no_clobber(from: &Path, to: &Path) -> Result<(), OutError> {
    std::fs::hard_link(from, to).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            OutError::Refused(OutProblem::Appeared(to.into()))
        } else {
            OutError::Failed(OutProblem::Write(to.into(), e))
        }
    })
}

#[cfg(target_os = "linux")]
fn anonymous_file(folder: &Path) -> Option<File> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::FromRawFd;
    // Publishing links the file through /proc; without it, use a named file.
    if !Path::new("/proc/self/fd").is_dir() {
        return None;
    }
    let dir = std::ffi::CString::new(folder.as_os_str().as_bytes()).ok()?;
    // SAFETY: a valid C string and flags; the descriptor is owned by the File below.
    let fd = unsafe {
        libc::open(
            dir.as_ptr(),
            libc::O_TMPFILE | libc::O_RDWR | libc::O_CLOEXEC,
            0o600 as libc::c_uint,
        )
    };
    if fd < 0 {
        // Not every file system has O_TMPFILE: fall back to a named staging file.
        return None;
    }
    // SAFETY: `fd` is a fresh descriptor that nothing else owns.
    Some(unsafe { File::from_raw_fd(fd) })
}

#[cfg(not(target_os = "linux"))]
fn anonymous_file(_folder: &Path) -> Option<File> {
    None
}

#[cfg(target_os = "linux")]
fn publish_anonymous(file: &File, target: &Path, force: bool) -> Result<(), OutError> {
    use std::os::unix::io::AsRawFd;
    let proc_path = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
    if !force {
        return link_proc(&proc_path, target);
    }
    // Linking fails on an existing name: give it a name of its own, then rename it
    // over the target in one step.
    let (placeholder, staging) =
        named_file(target).map_err(|e| OutError::Failed(OutProblem::Write(target.into(), e)))?;
    drop(placeholder);
    let _ = std::fs::remove_file(&staging);
    link_proc(&proc_path, &staging)?;
    std::fs::rename(&staging, target).map_err(|e| {
        let _ = std::fs::remove_file(&staging);
        OutError::Failed(OutProblem::Replace(target.into(), e))
    })
}

#[cfg(target_os = "linux")]
fn link_proc(proc_path: &Path, to: &Path) -> Result<(), OutError> {
    use std::os::unix::ffi::OsStrExt;
    let failed = |e: io::Error| OutError::Failed(OutProblem::Write(to.into(), e));
    let from = std::ffi::CString::new(proc_path.as_os_str().as_bytes())
        .map_err(|e| failed(io::Error::new(io::ErrorKind::InvalidInput, e)))?;
    let dest = std::ffi::CString::new(to.as_os_str().as_bytes())
        .map_err(|e| failed(io::Error::new(io::ErrorKind::InvalidInput, e)))?;
    // SAFETY: two valid C strings; AT_SYMLINK_FOLLOW makes the /proc link resolve to
    // the open, nameless file.
    let rc = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            dest.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let e = io::Error::last_os_error();
    if e.kind() == io::ErrorKind::AlreadyExists {
        return Err(OutError::Refused(OutProblem::Appeared(to.into())));
    }
    Err(failed(e))
}

#[cfg(not(target_os = "linux"))]
fn publish_anonymous(_file: &File, target: &Path, _force: bool) -> Result<(), OutError> {
    Err(OutError::Failed(OutProblem::Write(
        target.into(),
        io::Error::other("no staging file"),
    )))
}

/// Makes the new name durable too; failure only costs durability, not the file.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
#[path = "outfile_tests.rs"]
mod tests;
