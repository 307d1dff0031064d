use super::*;
use std::io::Write;

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn refused(r: Result<(), OutError>) -> String {
    match r {
        Err(e @ OutError::Refused(_)) => {
            crate::words::outfile::out_problem(e.problem(), crate::domain::Lang::En)
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_file_is_written_whole_and_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    write_new(&out, false, &[], b"hello").unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"hello");
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
    assert_eq!(names_in(dir.path()), ["report.md"]);
}

#[test]
fn an_existing_file_is_kept_without_force_and_replaced_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    std::fs::write(&out, b"old").unwrap();
    let m = refused(write_new(&out, false, &[], b"new"));
    assert!(m.contains("--force"), "{m}");
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
    write_new(&out, true, &[], b"new").unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"new");
    assert_eq!(names_in(dir.path()), ["report.md"]);
}

#[test]
fn the_database_and_its_companions_are_never_a_target_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jiedai.db");
    std::fs::write(&db, b"the record").unwrap();
    std::fs::write(dir.path().join("jiedai.db-wal"), b"wal").unwrap();
    let protected = database_files(&db);
    // By its own name, another spelling of it, and its -wal.
    for target in [
        db.clone(),
        dir.path().join(".").join("jiedai.db"),
        dir.path().join("jiedai.db-wal"),
    ] {
        let m = refused(write_new(&target, true, &protected, b"x"));
        assert!(m.contains("database"), "{m}");
    }
    // A -shm or -journal that does not exist yet must not be created either.
    for name in ["jiedai.db-shm", "jiedai.db-journal"] {
        let target = dir.path().join(name);
        refused(write_new(&target, false, &protected, b"x"));
        assert!(!target.exists());
    }
    assert_eq!(std::fs::read(&db).unwrap(), b"the record");
}

#[cfg(unix)]
#[test]
fn a_link_to_the_database_is_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jiedai.db");
    std::fs::write(&db, b"the record").unwrap();
    let hard = dir.path().join("hard.db");
    std::fs::hard_link(&db, &hard).unwrap();
    let protected = database_files(&db);
    let m = refused(write_new(&hard, true, &protected, b"x"));
    assert!(m.contains("database"), "{m}");
    let soft = dir.path().join("soft.db");
    std::os::unix::fs::symlink(&db, &soft).unwrap();
    refused(write_new(&soft, true, &protected, b"x"));
    assert_eq!(std::fs::read(&db).unwrap(), b"the record");
}

#[cfg(unix)]
#[test]
fn devices_pipes_folders_and_links_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let m = refused(write_new(Path::new("/dev/null"), true, &[], b"x"));
    assert!(m.contains("not a regular file"), "{m}");
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid path string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    refused(write_new(&fifo, true, &[], b"x"));
    let m = refused(write_new(dir.path(), true, &[], b"x"));
    assert!(m.contains("folder"), "{m}");
    let real = dir.path().join("real.txt");
    std::fs::write(&real, b"keep").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let m = refused(write_new(&link, true, &[], b"x"));
    assert!(m.contains("symbolic link"), "{m}");
    assert_eq!(std::fs::read(&real).unwrap(), b"keep");
    assert_eq!(mode(Path::new("/dev/null")) & 0o666, 0o666);
}

#[test]
fn a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nope").join("report.md");
    let m = refused(write_new(&out, false, &[], b"x"));
    assert!(m.contains("does not exist"), "{m}");
}

#[test]
fn an_abandoned_write_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    {
        let mut staged = Staged::create(&out, false, &[]).unwrap();
        staged.file().write_all(b"half").unwrap();
    }
    {
        let mut staged = Staged::create_named(&out, false, &[]).unwrap();
        staged.file().write_all(b"half").unwrap();
        assert!(staged.staging_path().unwrap().exists());
    }
    assert!(
        names_in(dir.path()).is_empty(),
        "{:?}",
        names_in(dir.path())
    );
}

#[test]
fn a_name_taken_while_writing_is_not_clobbered() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    for named in [false, true] {
        let mut staged = if named {
            Staged::create_named(&out, false, &[]).unwrap()
        } else {
            Staged::create(&out, false, &[]).unwrap()
        };
        staged.file().write_all(b"mine").unwrap();
        std::fs::write(&out, b"theirs").unwrap();
        assert!(matches!(staged.publish(), Err(OutError::Refused(_))));
        assert_eq!(std::fs::read(&out).unwrap(), b"theirs");
        std::fs::remove_file(&out).unwrap();
    }
    assert!(
        names_in(dir.path()).is_empty(),
        "{:?}",
        names_in(dir.path())
    );
}

#[test]
fn a_dash_means_standard_output() {
    assert_eq!(Target::parse(Path::new("-")), Target::Stdout);
    assert_eq!(
        Target::parse(Path::new("a.md")),
        Target::File(PathBuf::from("a.md"))
    );
}

#[test]
fn only_staging_names_of_the_target_name_their_writer() {
    assert_eq!(staging_pid(".d.db.123.0.partial", "d.db"), Some(123));
    assert_eq!(staging_pid(".d.db.123.7.partial-wal", "d.db"), Some(123));
    assert_eq!(staging_pid(".d.db.123.0.partial-shm", "d.db"), Some(123));
    for other in [
        "d.db",
        ".d.db.123.0.partial.bak",
        ".d.db.123.partial",
        ".d.db.12a.0.partial",
        ".d.db.0.0.partial",
        ".d.db.123.0.partial-wal-shm",
        ".e.db.123.0.partial",
        ".x.d.db.123.0.partial",
        "d.db.123.0.partial",
    ] {
        assert_eq!(staging_pid(other, "d.db"), None, "{other}");
    }
}

#[cfg(unix)]
#[test]
fn a_dead_writers_staging_file_is_removed_and_a_running_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("d.db");
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let alive = std::process::id();
    let dead_file = format!(".d.db.{dead}.0.partial");
    for name in [
        dead_file.clone(),
        format!("{dead_file}-wal"),
        format!(".d.db.{alive}.0.partial"),
        format!(".e.db.{dead}.0.partial"),
        format!(".d.db.{dead}.0.partial.bak"),
    ] {
        std::fs::write(dir.path().join(name), b"x").unwrap();
    }
    assert_eq!(remove_dead_leftovers(&target), 2);
    let mut kept = vec![
        format!(".d.db.{dead}.0.partial.bak"),
        format!(".d.db.{alive}.0.partial"),
        format!(".e.db.{dead}.0.partial"),
    ];
    kept.sort();
    assert_eq!(names_in(dir.path()), kept);
}
