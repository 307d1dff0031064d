//! Closing the window (SIGHUP) or `kill` (SIGTERM, SIGINT, SIGQUIT) ends the desk
//! with the terminal given back: cooked mode, the main screen, the cursor shown.

#![cfg(unix)]

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

/// The desk in a pseudo-terminal, its screen read through vt100.
struct Desk {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn std::io::Write + Send>,
    parser: std::sync::Arc<std::sync::Mutex<vt100::Parser>>,
}

impl Desk {
    fn start(dir: &std::path::Path, lang: &str) -> Desk {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_jiedai"));
        cmd.args(["--db", dir.join("s.db").to_str().unwrap()]);
        cmd.args(["--officer", "王科员", "--lang", lang]);
        cmd.env("JIEDAI_CONFIG", dir.join("config.toml"));
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = std::sync::Arc::new(std::sync::Mutex::new(vt100::Parser::new(30, 100, 0)));
        let feed = std::sync::Arc::clone(&parser);
        let mut reader = pair.master.try_clone_reader().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        std::mem::forget(pair.master);
        Desk {
            child,
            writer,
            parser,
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_for(&self, what: &str) -> String {
        let started = Instant::now();
        loop {
            let screen = self.parser.lock().unwrap().screen().contents();
            if screen.contains(what) {
                return screen;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "waited for {what:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn signal_and_wait(&mut self, sig: i32) -> u32 {
        let pid = self.child.process_id().unwrap() as i32;
        // SAFETY: a signal to our own child.
        assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(started.elapsed() < Duration::from_secs(30), "no exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

use std::io::Write;

#[test]
fn a_half_filled_check_in_survives_the_window_closing() {
    for (lang, form_word, back_word) in [
        ("zh", "身份证号", "已恢复上次未保存"),
        ("en", "ID number", "restored, unsaved"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::start(dir.path(), lang);
        desk.wait_for("王科员");
        desk.send("n");
        desk.wait_for(form_word);
        desk.send("张伟");
        desk.send("\t11010519491231002X");
        desk.wait_for("11010519491231002X");
        assert_eq!(
            desk.signal_and_wait(libc::SIGHUP),
            128 + libc::SIGHUP as u32
        );
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
        let mut again = Desk::start(dir.path(), lang);
        let screen = again.wait_for(back_word);
        assert!(
            screen.contains("张伟") && screen.contains("11010519491231002X"),
            "{screen}"
        );
        assert!(!drafts[0].exists());
        assert_eq!(
            again.signal_and_wait(libc::SIGTERM),
            128 + libc::SIGTERM as u32
        );
    }
}
