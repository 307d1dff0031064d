//! Help, titles and hints on every screen; NO_COLOR; the panic hook.

use super::*;

/// Every screen an officer can reach, by how to reach it from a loaded desk.
fn every_screen(d: &Desk, km: &Keymap) -> Vec<(&'static str, App)> {
    let mut out = Vec::new();
    let fresh = || with_keymap(km.clone(), Lang::En, d);
    out.push(("queue", fresh()));
    let mut a = fresh();
    let sent = key(&mut a, KeyCode::Char('2'));
    answer(&mut a, d, sent);
    out.push(("lookup box", a));
    let mut a = fresh();
    let sent = key(&mut a, KeyCode::Char('2'));
    answer(&mut a, d, sent);
    key(&mut a, KeyCode::Esc);
    let sent = key(&mut a, KeyCode::Enter);
    answer(&mut a, d, sent);
    assert!(a.desk.lookup.person.is_some());
    out.push(("person", a));
    let mut a = fresh();
    open_first_case(&mut a, d);
    out.push(("timeline", a));
    let mut a = fresh();
    open_first_case(&mut a, d);
    key(&mut a, KeyCode::Char('3'));
    out.push(("picker", a));
    let mut a = fresh();
    open_first_case(&mut a, d);
    key(&mut a, KeyCode::Char('m'));
    assert!(a.layers.has::<StepForm>());
    out.push(("step form", a));
    let mut a = fresh();
    key(&mut a, KeyCode::Char('n'));
    out.push(("check-in form", a));
    let mut a = fresh();
    key(&mut a, KeyCode::Char('n'));
    type_text(&mut a, "李四");
    ctrl(&mut a, 'c');
    assert!(a.layers.has::<Confirm>());
    out.push(("question", a));
    let mut a = fresh();
    key(&mut a, KeyCode::Char('h'));
    assert!(a.layers.has::<HandoverView>());
    out.push(("handover", a));
    let mut a = fresh();
    a.officer = None;
    a.layers
        .push(Box::new(jiedai::tui::panes::signin::SignIn::new(
            &a.officers,
        )));
    out.push(("sign-in", a));
    out
}

/// Opens the help where `a` stands, the way an officer would (F1 works everywhere).
fn open_help(a: &mut App) -> &Help {
    key(a, KeyCode::F(1));
    a.layers.find::<Help>().expect("F1 opens the help")
}

#[test]
fn every_screen_says_where_it_is_and_how_to_get_help_and_quit() {
    let d = desk();
    for (name, mut a) in every_screen(&d, &Keymap::defaults()) {
        for with_help in [false, true] {
            if with_help {
                open_help(&mut a);
            }
            let text = screen(&a);
            let lines: Vec<&str> = text.lines().collect();
            let title = match name {
                "queue" => "Visitor queue",
                "lookup box" | "person" => "Lookup",
                "timeline" => "2026-",
                "picker" => "Owner",
                "step form" => "Note ·",
                "check-in form" => "Check in",
                "question" => "Confirm",
                "handover" => "Handover",
                _ => "Officer on duty",
            };
            let title = if with_help { "Keys ·" } else { title };
            assert!(text.contains(title), "{name}: no {title:?}:\n{text}");
            let hints = lines[23];
            // In the help itself, its own Back closes it. Help is called "more"
            // when the line could not hold every key.
            let help_keys: &[&str] = if with_help {
                &["Esc"]
            } else {
                &["F1 help", "? help", "F1 more", "? more"]
            };
            let quit_key = "C-c quit";
            assert!(
                help_keys.iter().any(|k| hints.contains(k)),
                "{name} (help {with_help}): {hints}"
            );
            assert!(
                hints.contains(quit_key) || hints.contains("q quit"),
                "{name} (help {with_help}): {hints}"
            );
        }
    }
}

#[test]
fn the_help_lists_exactly_the_keys_that_act_here_after_an_override() {
    let d = desk();
    for mut km in [Keymap::defaults(), Keymap::vim()] {
        let warnings = km.merge_str(
            "mine.toml",
            "[queue]\n\"a\" = \"receive\"\n\"r\" = \"none\"\n[form]\n\"<C-x>\" = \"save\"\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        help_matches_the_keymap(&d, &km);
    }
}

fn help_matches_the_keymap(d: &Desk, km: &Keymap) {
    for (name, mut a) in every_screen(d, km) {
        let ctx = a.context();
        open_help(&mut a);
        let rows = a.layers.find::<Help>().unwrap().rows(&a.keymap);
        assert!(!rows.is_empty(), "{name}");
        for (keys, action) in &rows {
            for k in keys.split(' ') {
                let k = match k {
                    "↑" => "<Up>".to_string(),
                    "↓" => "<Down>".to_string(),
                    "PgUp" => "<PageUp>".to_string(),
                    "PgDn" => "<PageDown>".to_string(),
                    k if k.chars().count() == 1 => k.to_string(),
                    k => format!("<{k}>"),
                };
                let c = chord(&k);
                let does = if ctx == Context::Form && name != "check-in form" {
                    a.keymap.other_form_action(&c)
                } else {
                    a.keymap.action(ctx, &c)
                };
                assert_eq!(does, Some(*action), "{name}: {k} listed as {action:?}");
                assert!(ctx.handles(*action), "{name}: {k} {action:?} does nothing");
            }
        }
        let keys_of = |action: Action| {
            rows.iter()
                .find(|(_, a)| *a == action)
                .map(|(k, _)| k.clone())
        };
        match name {
            "queue" => {
                assert_eq!(keys_of(Action::Receive).as_deref(), Some("a"));
                assert_eq!(keys_of(Action::Back), None, "Esc does nothing on the queue");
            }
            "check-in form" => {
                assert_eq!(keys_of(Action::Save).as_deref(), Some("C-s C-x"));
                assert_eq!(keys_of(Action::LinkPerson).as_deref(), Some("C-l"));
                assert_eq!(keys_of(Action::Refresh), None, "F5 does nothing in a form");
            }
            "step form" => {
                assert_eq!(keys_of(Action::LinkPerson), None);
                assert!(keys_of(Action::ToggleLang).unwrap().contains("C-l"));
            }
            "picker" | "lookup box" => {
                // Letters type into the box there: only keys that act are listed.
                assert!(
                    rows.iter()
                        .all(|(k, _)| !k.split(' ').any(|k| k.len() == 1 && k != "?")),
                    "{name}: {rows:?}"
                );
            }
            "question" => {
                assert!(keys_of(Action::Yes).is_some() && keys_of(Action::ToggleLang).is_some());
            }
            _ => {}
        }
    }
}

// ------------------------------------------------------------------ NO_COLOR

/// The modifiers of the first cell of `needle` on the screen.
fn style_of(term: &Terminal<TestBackend>, needle: &str) -> Modifier {
    let buf = term.backend().buffer();
    let text = plain(buf);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{text}"));
    let col = UnicodeWidthStr::width(&line[..line.find(needle).unwrap()]) as u16;
    buf[(col, y as u16)].modifier
}

#[test]
fn without_colour_every_screen_marks_selection_overdue_and_errors() {
    let d = desk();
    for (name, mut a) in every_screen(&d, &Keymap::defaults()) {
        a.theme = Theme { color: false };
        for with_help in [false, true] {
            if with_help {
                key(&mut a, KeyCode::F(1));
            }
            let (_, term) = render(&a, 80, 24);
            for cell in term.backend().buffer().content() {
                assert!(
                    cell.fg == Color::Reset && cell.bg == Color::Reset,
                    "{name}: colour {cell:?} under NO_COLOR"
                );
            }
            // The overdue count on the status line stands out on every screen.
            assert!(
                style_of(&term, "1 overdue").contains(Modifier::UNDERLINED),
                "{name}"
            );
        }
    }

    let mut a = loaded(Lang::En, &d);
    a.theme = Theme { color: false };
    // The selected visitor is reversed, the others are not.
    let (_, term) = render(&a, 80, 24);
    let first = a.desk.queue.rows[0].name.clone();
    let second = a.desk.queue.rows[1].name.clone();
    assert!(style_of(&term, &first).contains(Modifier::REVERSED));
    assert!(!style_of(&term, &second).contains(Modifier::REVERSED));
    // An overdue clock on the timeline is marked, as is the selected event.
    open_first_case(&mut a, &d);
    let (_, term) = render(&a, 80, 24);
    assert!(style_of(&term, "7 days overdue").contains(Modifier::UNDERLINED | Modifier::BOLD));
    // An error is told from a notice by more than its colour.
    a.flash("saved", false);
    let (_, term) = render(&a, 80, 24);
    assert!(!style_of(&term, "saved").contains(Modifier::UNDERLINED));
    a.flash("the disk is full", true);
    let (_, term) = render(&a, 80, 24);
    assert!(style_of(&term, "Error").contains(Modifier::UNDERLINED | Modifier::BOLD));
}

// --------------------------------------------------------------- panic hook

/// A debug build panics after its first frame when `JIEDAI_DEBUG_PANIC` is set
/// (release builds have no such path): the terminal must come back cooked, on
/// the main screen, with its cursor, and the message must be readable there.
#[cfg(all(unix, debug_assertions))]
#[test]
fn a_panic_gives_the_terminal_back() {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    use std::io::Read;
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
    cmd.args(["--db", dir.path().join("p.db").to_str().unwrap()]);
    cmd.args(["--officer", "王科员", "--lang", "en"]);
    cmd.env("JIEDAI_CONFIG", dir.path().join("config.toml"));
    cmd.env("JIEDAI_DEBUG_PANIC", "1");
    cmd.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(24, 80, 0);
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
        }
        parser
    });
    let status = child.wait().unwrap();
    assert!(!status.success(), "the deliberate panic fails the run");
    // The terminal's modes, read while the master is still open.
    let termios = pair.master.get_termios().expect("termios of the pty");
    let flags = format!("{:?}", termios.local_flags);
    drop(pair.master);
    let parser = reading.join().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "left on the alternate screen");
    assert!(!screen.hide_cursor(), "cursor left hidden");
    assert!(
        screen.contents().contains("deliberate panic"),
        "{}",
        screen.contents()
    );
    assert!(
        flags.contains("ICANON") && flags.contains("ECHO"),
        "left in raw mode: {flags}"
    );
}

/// Every screen, in both languages, at sizes around each threshold the layout has
/// (one column, the Chinese two-column character, 80×24, the wide split at 120):
/// none panics. (Swept once at every size up to 130×32: no panic either.)
#[test]
fn every_screen_survives_every_kind_of_size() {
    let d = desk();
    let widths = [1, 2, 3, 4, 5, 8, 13, 20, 40, 79, 80, 81, 119, 120, 121];
    let heights = [1, 2, 3, 4, 5, 8, 23, 24, 25];
    for (name, mut a) in every_screen(&d, &Keymap::defaults()) {
        for lang in [Lang::En, Lang::Zh] {
            a.lang = lang;
            for w in widths {
                for h in heights {
                    let (text, _) = render(&a, w, h);
                    assert!(
                        text.lines()
                            .all(|l| jiedai::text::display_width(l) <= w as usize),
                        "{name} {lang:?} {w}×{h}:\n{text}"
                    );
                }
            }
        }
    }
}
