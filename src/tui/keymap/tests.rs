use super::*;
use crossterm::event::KeyEventKind;

fn key(s: &str) -> KeyChord {
    KeyChord::parse(s).unwrap()
}

#[test]
fn codes_round_trip() {
    for &a in Action::ALL {
        assert_eq!(Action::from_code(a.code()), Some(a));
    }
    for &c in Context::ALL {
        assert_eq!(Context::from_code(c.code()), Some(c));
    }
    assert_eq!(Action::from_code("none"), None);
    assert_eq!(Action::LeftUnseen.code(), "left_unseen");
    assert_eq!(Action::HandOver.code(), "hand_over");
}

#[test]
fn parses_keys() {
    assert_eq!(key("n").code, KeyCode::Char('n'));
    assert_eq!(
        key("G"),
        KeyChord::new(KeyCode::Char('G'), KeyModifiers::NONE)
    );
    assert_eq!(key("<S-g>"), key("G"));
    assert_eq!(
        key("<C-s>"),
        KeyChord::new(KeyCode::Char('s'), KeyModifiers::CONTROL)
    );
    assert_eq!(key("<c-s>"), key("<C-s>"));
    assert_eq!(
        key("<S-Tab>"),
        KeyChord::new(KeyCode::BackTab, KeyModifiers::NONE)
    );
    assert_eq!(key("<lt>").code, KeyCode::Char('<'));
    assert_eq!(key("<").code, KeyCode::Char('<'));
    assert_eq!(key("<Space>").code, KeyCode::Char(' '));
    assert_eq!(key("<F12>").code, KeyCode::F(12));
    assert_eq!(key("<pgdn>").code, KeyCode::PageDown);
    assert_eq!(
        key("<C-->"),
        KeyChord::new(KeyCode::Char('-'), KeyModifiers::CONTROL)
    );
    assert_eq!(
        key("<C-A-x>").modifiers,
        KeyModifiers::CONTROL | KeyModifiers::ALT
    );
    for bad in [
        "",
        "ab",
        "<Hyper-x>",
        "<Foo>",
        "<F0>",
        "<S-!>",
        "<>",
        "\u{7}",
    ] {
        assert!(KeyChord::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn file_form_round_trips() {
    for s in [
        "n",
        "G",
        "?",
        "<lt>",
        "<Space>",
        "<Enter>",
        "<Esc>",
        "<S-Tab>",
        "<C-s>",
        "<A-x>",
        "<C-lt>",
        "<S-Up>",
        "<F5>",
        "<PageDown>",
        "<Backspace>",
        "<Delete>",
    ] {
        let k = key(s);
        assert_eq!(k.to_string(), s);
        assert_eq!(key(&k.to_string()), k);
    }
}

#[test]
fn displays_for_hints() {
    let cases = [
        ("n", "n"),
        ("<Enter>", "Enter"),
        ("<Esc>", "Esc"),
        ("<Tab>", "Tab"),
        ("<S-Tab>", "S-Tab"),
        ("<C-s>", "C-s"),
        ("<Up>", "↑"),
        ("<Down>", "↓"),
        ("<PageUp>", "PgUp"),
        ("<PageDown>", "PgDn"),
        ("?", "?"),
        ("<F5>", "F5"),
    ];
    for (file, hint) in cases {
        assert_eq!(key(file).display(), hint);
    }
}

#[test]
fn events_normalize() {
    let ev = |code, m| KeyEvent::new(code, m);
    assert_eq!(
        KeyChord::from_event(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
        key("G")
    );
    assert_eq!(
        KeyChord::from_event(&ev(KeyCode::Char('g'), KeyModifiers::SHIFT)),
        key("G")
    );
    assert_eq!(
        KeyChord::from_event(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
        key("<S-Tab>")
    );
    assert_eq!(
        KeyChord::from_event(&ev(KeyCode::Tab, KeyModifiers::SHIFT)),
        key("<S-Tab>")
    );
    assert_eq!(
        KeyChord::from_event(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)),
        key("?")
    );
    let mut release = ev(KeyCode::Char('s'), KeyModifiers::CONTROL);
    release.kind = KeyEventKind::Release;
    assert_eq!(KeyChord::from_event(&release), key("<C-s>"));
    // Super+q must not quit.
    let sup = KeyChord::from_event(&ev(KeyCode::Char('q'), KeyModifiers::SUPER));
    assert_eq!(Keymap::defaults().action(Context::Queue, &sup), None);
}

#[test]
fn shipped_keymaps_are_clean() {
    assert_eq!(
        Keymap::empty().merge_str("default.toml", DEFAULT_TOML),
        vec![]
    );
    let mut km = Keymap::defaults();
    assert_eq!(km.merge_str("vim.toml", VIM_TOML), vec![]);
    for &a in Action::ALL {
        assert!(
            Context::ALL
                .iter()
                .any(|&c| !Keymap::defaults().keys_for(c, a).is_empty()),
            "{a:?} unbound"
        );
    }
}

#[test]
fn lookup_falls_back_to_global() {
    let km = Keymap::defaults();
    assert_eq!(km.action(Context::Queue, &key("r")), Some(Action::Receive));
    assert_eq!(km.action(Context::Queue, &key("q")), Some(Action::Quit));
    assert_eq!(
        km.action(Context::Queue, &key("<Enter>")),
        Some(Action::OpenCase)
    );
    assert_eq!(
        km.action(Context::Picker, &key("<Enter>")),
        Some(Action::Confirm)
    );
    assert_eq!(km.action(Context::Form, &key("q")), None);
    assert_eq!(km.action(Context::Form, &key("<Home>")), None);
    assert_eq!(km.action(Context::Form, &key("<C-c>")), Some(Action::Quit));
    assert_eq!(
        km.action(Context::Form, &key("<C-l>")),
        Some(Action::LinkPerson)
    );
    assert_eq!(
        km.action(Context::Form, &key("<F5>")),
        Some(Action::Refresh)
    );
    assert_eq!(km.action(Context::Confirm, &key("1")), None);
    assert_eq!(km.action(Context::Help, &key("q")), Some(Action::Back));
}

#[test]
fn hints_follow_file_order() {
    let km = Keymap::defaults();
    assert_eq!(km.hint(Context::Queue, Action::Quit).as_deref(), Some("q"));
    assert_eq!(
        km.keys_for(Context::Queue, Action::Quit),
        vec![key("q"), key("<C-c>")]
    );
    assert_eq!(km.keys_for(Context::Form, Action::Quit), vec![key("<C-c>")]);
    assert_eq!(km.hint(Context::Form, Action::Save).as_deref(), Some("C-s"));
    assert_eq!(
        km.hint(Context::Form, Action::NextField).as_deref(),
        Some("Tab")
    );
    assert_eq!(km.hint(Context::Confirm, Action::Yes).as_deref(), Some("y"));
    assert_eq!(
        km.hint(Context::Timeline, Action::Transfer).as_deref(),
        Some("f")
    );
    // Enter in the queue opens the case, so it is no hint for confirm there.
    assert!(km.keys_for(Context::Queue, Action::Confirm).is_empty());
    let vim = Keymap::vim();
    assert_eq!(vim.hint(Context::Queue, Action::Down).as_deref(), Some("j"));
    assert_eq!(vim.action(Context::Form, &key("j")), None);
    assert_eq!(
        vim.action(Context::Form, &key("<C-u>")),
        Some(Action::UnlinkPerson)
    );
    assert_eq!(vim.action(Context::Form, &key("<C-d>")), None);
}

#[test]
fn restating_a_binding_keeps_its_place() {
    let mut km = Keymap::defaults();
    assert!(km.merge_str("u", "[global]\n\"q\" = \"quit\"\n").is_empty());
    assert_eq!(
        km.keys_for(Context::Global, Action::Quit),
        vec![key("q"), key("<C-c>")]
    );
}

#[test]
fn context_unbinding_hides_global() {
    let mut km = Keymap::defaults();
    assert!(km.merge_str("u", "[queue]\n\"q\" = \"none\"\n").is_empty());
    assert_eq!(km.action(Context::Queue, &key("q")), None);
    assert_eq!(km.action(Context::Lookup, &key("q")), Some(Action::Quit));
    assert_eq!(
        km.keys_for(Context::Queue, Action::Quit),
        vec![key("<C-c>")]
    );
}

#[test]
fn bindings_are_sorted_by_action() {
    let km = Keymap::defaults();
    let b = km.bindings(Context::Confirm);
    assert_eq!(
        b,
        vec![
            (key("y"), Action::Yes),
            (key("Y"), Action::Yes),
            (key("<Enter>"), Action::Yes),
            (key("n"), Action::No),
            (key("N"), Action::No),
            (key("<Esc>"), Action::No),
        ]
    );
    let eff = km.effective_bindings(Context::Form);
    assert!(eff.contains(&(key("<C-c>"), Action::Quit)));
    assert!(!eff.iter().any(|(k, _)| *k == key("q")));
    assert!(!eff.contains(&(key("<C-l>"), Action::ToggleLang)));
}

#[test]
fn odd_structures_warn() {
    let mut km = Keymap::defaults();
    let w = km.merge_str(
        "u.toml",
        "top = \"quit\"\n[queue]\n\"r\" = 5\n\"d\" = { a = 1 }\n[queue.sub]\n",
    );
    let lines: Vec<usize> = w.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![1, 3, 4, 5], "{w:?}");
    assert_eq!(km.action(Context::Queue, &key("r")), Some(Action::Receive));
    assert_eq!(km.action(Context::Queue, &key("d")), Some(Action::Done));
}

#[test]
fn every_action_has_its_name_in_both_languages() {
    for action in Action::ALL {
        for lang in [crate::domain::Lang::Zh, crate::domain::Lang::En] {
            let name = crate::words::desk::action_label(lang, action.code());
            assert_ne!(name, "?", "{action:?} has no name in {lang:?}");
        }
    }
}
