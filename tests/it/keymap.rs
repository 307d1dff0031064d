//! The keymap as the desk and the officer see it: shipped files, user overrides,
//! and what a broken user file costs (one binding, never the desk).

use std::io::Write;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiedai::tui::keymap::*;

fn key(s: &str) -> KeyChord {
    KeyChord::parse(s).unwrap()
}

fn write_temp(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

/// Spot checks that the default bindings still answer.
fn assert_defaults_work(km: &Keymap) {
    assert_eq!(km.action(Context::Queue, &key("q")), Some(Action::Quit));
    assert_eq!(km.action(Context::Queue, &key("r")), Some(Action::Receive));
    assert_eq!(
        km.action(Context::Timeline, &key("A")),
        Some(Action::NotAccept)
    );
    assert_eq!(km.action(Context::Form, &key("<C-s>")), Some(Action::Save));
    assert_eq!(km.action(Context::Confirm, &key("y")), Some(Action::Yes));
}

#[test]
fn shipped_keymaps_parse_without_warnings() {
    assert_eq!(
        Keymap::empty().merge_str("keymaps/default.toml", DEFAULT_TOML),
        vec![]
    );
    assert_eq!(
        Keymap::defaults().merge_str("keymaps/vim.toml", VIM_TOML),
        vec![]
    );
    for spec in [None, Some("default"), Some("vim")] {
        let (km, warnings) = Keymap::load(spec, None);
        assert!(warnings.is_empty(), "{spec:?}: {warnings:?}");
        assert_defaults_work(&km);
    }
}

#[test]
fn every_action_is_bound_by_default() {
    let km = Keymap::defaults();
    for &action in Action::ALL {
        let bound = Context::ALL
            .iter()
            .any(|&ctx| km.bindings(ctx).iter().any(|&(_, a)| a == action));
        assert!(bound, "{} has no key in default.toml", action.code());
    }
}

#[test]
fn every_binding_round_trips_through_the_file_form() {
    let km = Keymap::vim();
    for &ctx in Context::ALL {
        for (chord, action) in km.bindings(ctx) {
            assert_eq!(KeyChord::parse(&chord.to_string()), Ok(chord));
            assert!(km.keys_for(ctx, action).contains(&chord));
        }
    }
}

#[test]
fn user_file_overrides_one_binding_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let user = write_temp(
        &dir,
        "keymap.toml",
        "[queue]\n\"R\" = \"receive\"\n\"r\" = \"refresh\"\n",
    );
    let (km, warnings) = Keymap::load(None, Some(&user));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(km.action(Context::Queue, &key("r")), Some(Action::Refresh));
    assert_eq!(km.action(Context::Queue, &key("R")), Some(Action::Receive));
    assert_eq!(
        km.hint(Context::Queue, Action::Receive).as_deref(),
        Some("R")
    );
    assert_eq!(km.action(Context::Queue, &key("d")), Some(Action::Done));
    assert_eq!(km.action(Context::Queue, &key("q")), Some(Action::Quit));
    // The other contexts are untouched.
    assert_eq!(
        km.action(Context::Timeline, &key("a")),
        Some(Action::Accept)
    );
}

#[test]
fn user_file_goes_over_vim() {
    let dir = tempfile::tempdir().unwrap();
    let user = write_temp(&dir, "keymap.toml", "[queue]\n\"j\" = \"done\"\n");
    let (km, warnings) = Keymap::load(Some("vim"), Some(&user));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(km.action(Context::Queue, &key("j")), Some(Action::Done));
    assert_eq!(km.action(Context::Lookup, &key("j")), Some(Action::Down));
}

#[test]
fn broken_user_file_names_file_and_line_and_defaults_survive() {
    let text = "\
[global]
\"q\" = \"quit\"
\"x\" = = \"refresh\"
[queue]
\"d\" = \"frobnicate\"
\"o\" = \"owner\"
\"<Hyper-x>\" = \"receive\"
[queu]
\"r\" = \"done\"
[timeline]
\"T\" = \"toggle_order\"
";
    let dir = tempfile::tempdir().unwrap();
    let user = write_temp(&dir, "keymap.toml", text);
    let label = user.display().to_string();
    let (km, warnings) = Keymap::load(None, Some(&user));

    let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![3, 5, 7, 8], "{warnings:#?}");
    for w in &warnings {
        assert_eq!(w.file, label);
        let shown = w.to_string();
        assert!(
            shown.starts_with(&format!("{label}:{}: ", w.line)),
            "{shown}"
        );
        assert!(shown.ends_with("; using the default"), "{shown}");
    }
    assert!(warnings[1].message.contains("frobnicate"));
    assert!(warnings[2].message.contains("<Hyper-x>"));
    assert!(warnings[3].message.contains("queu"));

    // The bad entries left the defaults alone ...
    assert_defaults_work(&km);
    assert_eq!(km.action(Context::Queue, &key("d")), Some(Action::Done));
    assert_eq!(km.action(Context::Queue, &key("r")), Some(Action::Receive));
    assert_eq!(
        km.action(Context::Queue, &key("x")),
        Some(Action::LeftUnseen)
    );
    // ... and the good ones around them still count.
    assert_eq!(
        km.action(Context::Timeline, &key("T")),
        Some(Action::ToggleOrder)
    );
}

#[test]
fn each_kind_of_breakage_alone() {
    let cases: [(&str, usize, &str); 4] = [
        ("[global]\n\"q\" = \"quit\"\n\"q\" = quit\n", 3, "TOML"),
        ("# mine\n\n[queue]\n\n\"r\" = \"recieve\"\n", 5, "recieve"),
        (
            "[timeline]\n\n\n\n\n\n\"<Hyper-x>\" = \"accept\"\n",
            7,
            "Hyper",
        ),
        (
            "[global]\n\"1\" = \"focus_queue\"\n[panes]\n\"1\" = \"quit\"\n",
            3,
            "panes",
        ),
    ];
    for (text, line, needle) in cases {
        let mut km = Keymap::defaults();
        let warnings = km.merge_str("mine.toml", text);
        assert_eq!(warnings.len(), 1, "{text:?}: {warnings:?}");
        let w = &warnings[0];
        assert_eq!((w.file.as_str(), w.line), ("mine.toml", line), "{w}");
        assert!(w.message.contains(needle), "{w}");
        assert_defaults_work(&km);
    }
}

#[test]
fn missing_named_file_warns_and_missing_user_file_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("nope.toml");
    let (km, warnings) = Keymap::load(Some(gone.to_str().unwrap()), None);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].file.ends_with("nope.toml"));
    assert_defaults_work(&km);

    let (km, warnings) = Keymap::load(None, Some(&gone));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_defaults_work(&km);
}

#[test]
fn named_file_is_merged_over_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let mine = write_temp(&dir, "mine.toml", "[global]\n\"<C-q>\" = \"quit\"\n");
    let (km, warnings) = Keymap::load(Some(mine.to_str().unwrap()), None);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(km.action(Context::Queue, &key("<C-q>")), Some(Action::Quit));
    assert_defaults_work(&km);
}

#[test]
fn none_unbinds() {
    let mut km = Keymap::defaults();
    let warnings = km.merge_str(
        "u.toml",
        "[global]\n\"q\" = \"none\"\n[queue]\n\"d\" = \"none\"\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(km.action(Context::Queue, &key("q")), None);
    assert_eq!(km.action(Context::Global, &key("q")), None);
    assert_eq!(km.action(Context::Queue, &key("<C-c>")), Some(Action::Quit));
    assert_eq!(km.action(Context::Queue, &key("d")), None);
    assert_eq!(
        km.hint(Context::Queue, Action::Quit).as_deref(),
        Some("C-c")
    );
    assert_eq!(km.hint(Context::Queue, Action::Done), None);
    assert!(!km
        .bindings(Context::Global)
        .iter()
        .any(|(k, _)| *k == key("q")));
}

#[test]
fn form_keeps_typed_letters_for_the_input() {
    let km = Keymap::defaults();
    let typed =
        |c: char| KeyChord::from_event(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    assert_eq!(km.action(Context::Queue, &typed('q')), Some(Action::Quit));
    for c in ['q', 'n', 'h', '?', '/', '1'] {
        assert_eq!(km.action(Context::Form, &typed(c)), None, "{c}");
    }
    // Keys the text field needs are not stolen by global list movement either.
    assert_eq!(km.action(Context::Form, &key("<Home>")), None);
    assert_eq!(km.action(Context::Form, &key("<End>")), None);
    // Chords that cannot be text still reach through.
    assert_eq!(km.action(Context::Form, &key("<C-c>")), Some(Action::Quit));
    assert_eq!(
        km.action(Context::Form, &key("<F5>")),
        Some(Action::Refresh)
    );
    assert_eq!(km.action(Context::Form, &key("<Esc>")), Some(Action::Back));
    assert_eq!(
        km.action(Context::Form, &key("<Tab>")),
        Some(Action::NextField)
    );
    // Shift+letter arrives either way and means the capital.
    let shifted = KeyChord::from_event(&KeyEvent::new(KeyCode::Char('a'), KeyModifiers::SHIFT));
    assert_eq!(
        km.action(Context::Timeline, &shifted),
        Some(Action::NotAccept)
    );
}

#[test]
fn a_keymap_that_leaves_no_way_to_quit_is_refused_with_its_line() {
    let mut km = Keymap::defaults();
    let text = "[global]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n\"<C-c>\" = \"next_pane\"\n";
    let warnings = km.merge_str("mine.toml", text);
    // Rebinding one quit key while another remains is fine.
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(km.action(Context::Global, &key("x")), Some(Action::Quit));

    let mut km = Keymap::defaults();
    let text = "[global]\n\"q\" = \"none\"\n\n\"<C-c>\" = \"next_pane\"\n";
    let warnings = km.merge_str("mine.toml", text);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].file, "mine.toml");
    assert_eq!(warnings[0].line, 4);
    assert!(
        warnings[0].message.contains("no key that quits"),
        "{warnings:?}"
    );
    assert_eq!(km.action(Context::Queue, &key("q")), Some(Action::Quit));
    assert_eq!(km.action(Context::Form, &key("<C-c>")), Some(Action::Quit));
}
