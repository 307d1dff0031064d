//! Closing the window (SIGHUP) or `kill` (SIGTERM, SIGINT, SIGQUIT) ends the desk
//! with the terminal given back: cooked mode, the main screen, the cursor shown.

#![cfg(unix)]

use crate::desk_pty::Desk;
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::Read;
use std::time::{Duration, Instant};

fn end_the_desk_with(sig: i32, lang: &str) {
    let dir = tempfile::tempdir().unwrap();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_jiedai"));
    cmd.args(["--db", dir.path().join("s.db").to_str().unwrap()]);
    cmd.args(["--officer", "王科员", "--lang", lang]);
    cmd.env("JIEDAI_CONFIG", dir.path().join("config.toml"));
    cmd.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (seen_tx, seen_rx) = std::sync::mpsc::channel::<()>();
    let reading = std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(24, 80, 0);
        let mut buf = [0u8; 8192];
        let mut told = false;
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
            if !told
                && parser.screen().alternate_screen()
                && parser.screen().contents().contains("王科员")
            {
                told = seen_tx.send(()).is_ok();
            }
        }
        parser
    });
    seen_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the desk never drew its first screen");
    let pid = child.process_id().unwrap() as i32;
    // SAFETY: a signal to our own child.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the desk ignored signal {sig}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.exit_code(), 128 + sig as u32, "signal {sig}");
    let termios = pair.master.get_termios().expect("termios of the pty");
    let flags = format!("{:?}", termios.local_flags);
    drop(pair.master);
    let parser = reading.join().unwrap();
    let screen = parser.screen();
    assert!(
        !screen.alternate_screen(),
        "signal {sig}: left on the alternate screen"
    );
    assert!(!screen.hide_cursor(), "signal {sig}: cursor left hidden");
    assert!(
        flags.contains("ICANON") && flags.contains("ECHO"),
        "signal {sig}: left in raw mode: {flags}"
    );
}

#[test]
fn sigterm_gives_the_terminal_back() {
    end_the_desk_with(libc::SIGTERM, "zh");
    end_the_desk_with(libc::SIGTERM, "en");
}

#[test]
fn sighup_gives_the_terminal_back() {
    end_the_desk_with(libc::SIGHUP, "en");
}

#[test]
fn sigint_and_sigquit_from_outside_give_the_terminal_back() {
    end_the_desk_with(libc::SIGINT, "zh");
    end_the_desk_with(libc::SIGQUIT, "en");
}

/// Ends the desk with `sig` and returns its exit code.
fn end(desk: &mut Desk, sig: i32) -> u32 {
    desk.signal(sig);
    desk.wait_exit().exit_code()
}

#[test]
fn a_half_filled_check_in_survives_the_window_closing() {
    for (lang, form_word, back_word) in [
        ("zh", "身份证号", "已恢复上次未保存"),
        ("en", "ID number", "restored, unsaved"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::start(
            dir.path(),
            &dir.path().join("s.db"),
            &["--officer", "王科员", "--lang", lang],
            100,
            30,
        );
        desk.wait_for("王科员");
        desk.send("n");
        desk.wait_for(form_word);
        desk.send("张伟");
        desk.send("\t11010519491231002X");
        desk.wait_for("11010519491231002X");
        assert_eq!(end(&mut desk, libc::SIGHUP), 128 + libc::SIGHUP as u32);
        let drafts: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".draft-"))
            .collect();
        assert_eq!(drafts.len(), 1, "{drafts:?}");
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&drafts[0]).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }

        // The next start offers it back, filled in; the draft is gone from disk.
        let mut again = Desk::start(
            dir.path(),
            &dir.path().join("s.db"),
            &["--officer", "王科员", "--lang", lang],
            100,
            30,
        );
        let screen = again.wait_for(back_word);
        assert!(
            screen.contains("张伟") && screen.contains("11010519491231002X"),
            "{screen}"
        );
        assert!(!drafts[0].exists());
        assert_eq!(end(&mut again, libc::SIGTERM), 128 + libc::SIGTERM as u32);
    }
}
