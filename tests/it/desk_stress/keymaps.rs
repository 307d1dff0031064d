//! Keymaps broken in every way, and rebinding in every context.

use super::*;

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The defaults a broken file must leave working.
fn assert_defaults(km: &Keymap) {
    for (ctx, k, action) in [
        (Context::Queue, "r", Action::Receive),
        (Context::Queue, "d", Action::Done),
        (Context::Queue, "q", Action::Quit),
        (Context::Timeline, "a", Action::Accept),
        (Context::Form, "<C-s>", Action::Save),
        (Context::Confirm, "y", Action::Yes),
        (Context::Help, "<Esc>", Action::Back),
    ] {
        assert_eq!(km.action(ctx, &chord(k)), Some(action), "{k} in {ctx:?}");
    }
}

#[test]
fn a_keymap_broken_in_every_way_names_file_and_line_and_keeps_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    // (file contents, the lines warned about, words the first warning carries)
    let cases: Vec<(&str, Vec<u8>, Vec<usize>, &str)> = vec![
        ("empty.toml", Vec::new(), vec![], ""),
        (
            "bad.toml",
            b"[queue]\n\"r\" = receive\n\"d\" = \"done\"\n".to_vec(),
            vec![2],
            "TOML",
        ),
        (
            "dup.toml",
            b"[queue]\n\"r\" = \"receive\"\n\"r\" = \"done\"\n".to_vec(),
            vec![3],
            "duplicate",
        ),
        (
            "words.toml",
            b"[panes]\n\"r\" = \"done\"\n[queue]\n\"r\" = \"frobnicate\"\n\"<Hyper-x>\" = \"done\"\n"
                .to_vec(),
            vec![1, 4, 5],
            "panes",
        ),
        (
            // Actions bound where their keys could never do them.
            "nonsense.toml",
            b"[form]\n\"x\" = \"receive\"\n[queue]\n\"a\" = \"accept\"\n[confirm]\n\"<Down>\" = \"toggle_order\"\n[global]\n\"r\" = \"receive\"\n"
                .to_vec(),
            vec![2, 4, 6, 8],
            "does nothing in [form]",
        ),
        (
            "binary.toml",
            b"[queue]\n\"d\" = \"receive\"\n\xff\xfe\x00\x01garbage\n".to_vec(),
            vec![3],
            "UTF-8",
        ),
    ];
    for (name, bytes, lines, needle) in cases {
        let path = write(&dir, name, &bytes);
        let label = path.display().to_string();
        let (km, warnings) = Keymap::load(Some(&label), None);
        let got: Vec<usize> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(got, lines, "{name}: {warnings:#?}");
        for w in &warnings {
            assert!(
                w.to_string().starts_with(&format!("{label}:{}: ", w.line)),
                "{w}"
            );
        }
        if let Some(w) = warnings.first() {
            assert!(w.message.contains(needle), "{name}: {w}");
        }
        assert_defaults(&km);
        // The nonsense bindings were not made.
        assert_eq!(km.action(Context::Form, &chord("x")), None);
        assert_eq!(km.action(Context::Queue, &chord("a")), None);
        assert_eq!(km.action(Context::Timeline, &chord("r")), None);
    }

    // A directory, and the user's keymap.toml being one.
    let folder = dir.path().join("folder.toml");
    std::fs::create_dir(&folder).unwrap();
    let (km, warnings) = Keymap::load(Some(folder.to_str().unwrap()), Some(&folder));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings.iter().all(|w| w.file.ends_with("folder.toml")));
    assert_defaults(&km);

    // The desk starts on such a keymap and says so on its status line.
    let d = desk();
    let bad = write(&dir, "mine.toml", b"[queue]\n\"r\" = \"recieve\"\n");
    let (km, warnings) = Keymap::load(Some(bad.to_str().unwrap()), None);
    let mut a = with_keymap(km, Lang::En, &d);
    a.flash(warnings[0].to_string(), true);
    let top = screen(&a).lines().next().unwrap().to_string();
    assert!(top.contains("mine.toml:2"), "{top}");
    let sent = key(&mut a, KeyCode::Char('r'));
    assert!(
        sent.iter()
            .any(|c| matches!(c, Command::Send(Request::QueueMove { .. }))),
        "r still receives: {sent:?}"
    );
}

#[test]
fn every_context_takes_rebound_keys_and_drops_the_old_ones() {
    let d = desk();
    let mut km = Keymap::vim();
    let warnings = km.merge_str(
        "mine.toml",
        "[global]\n\"<C-n>\" = \"new_check_in\"\n\"n\" = \"none\"\n\"<F9>\" = \"help\"\n\
         [queue]\n\"a\" = \"receive\"\n\"r\" = \"none\"\n\"J\" = \"down\"\n\
         [lookup]\n\"V\" = \"reveal\"\n\
         [picker]\n\"<C-y>\" = \"confirm\"\n\
         [timeline]\n\"y\" = \"accept\"\n\"a\" = \"none\"\n\
         [form]\n\"<C-x>\" = \"save\"\n\"<C-s>\" = \"none\"\n\
         [help]\n\"x\" = \"back\"\n\
         [confirm]\n\"j\" = \"yes\"\n\"y\" = \"none\"\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut a = with_keymap(km, Lang::Zh, &d);
    let sends = |out: &[Command], what: fn(&Request) -> bool| {
        out.iter().any(|c| matches!(c, Command::Send(r) if what(r)))
    };

    // queue: a receives, r does nothing, J moves (vim's j too).
    assert!(key(&mut a, KeyCode::Char('r')).is_empty());
    key(&mut a, KeyCode::Char('J'));
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.desk.queue.sel.selected, 2);
    key(&mut a, KeyCode::Char('g'));
    let out = key(&mut a, KeyCode::Char('a'));
    assert!(sends(&out, |r| matches!(
        r,
        Request::QueueMove {
            action: QueueAction::Receive,
            ..
        }
    )));

    // help: F9 opens it, x closes it.
    key(&mut a, KeyCode::F(9));
    assert!(a.layers.has::<Help>());
    key(&mut a, KeyCode::Char('x'));
    assert!(!a.layers.has::<Help>());

    // lookup: V reveals the selected person.
    key(&mut a, KeyCode::Char('2'));
    let out = type_text(&mut a, "wf");
    answer(&mut a, &d, out);
    key(&mut a, KeyCode::Esc);
    let out = key(&mut a, KeyCode::Char('V'));
    assert!(
        sends(&out, |r| matches!(r, Request::Reveal { .. })),
        "{out:?}"
    );

    // timeline: y accepts, a does not.
    key(&mut a, KeyCode::Esc);
    open_first_case(&mut a, &d);
    assert!(key(&mut a, KeyCode::Char('a')).is_empty());
    assert!(!a.layers.has::<StepForm>());
    key(&mut a, KeyCode::Char('y'));
    assert!(a.layers.has::<StepForm>(), "y opens the accept form");
    key(&mut a, KeyCode::Esc);
    assert!(!a.layers.has::<StepForm>());

    // picker: C-y assigns (王科员: the case's handler is 李娜 already).
    key(&mut a, KeyCode::Char('3'));
    type_text(&mut a, "wky");
    let out = ctrl(&mut a, 'y');
    assert!(
        sends(&out, |r| matches!(r, Request::Assign { .. })),
        "{out:?}"
    );

    // global: n is gone, C-n opens the form; form: C-x saves, C-s does not.
    key(&mut a, KeyCode::Char('1'));
    key(&mut a, KeyCode::Char('n'));
    assert!(!a.layers.has::<CheckInForm>());
    ctrl(&mut a, 'n');
    assert!(a.layers.has::<CheckInForm>());
    type_text(&mut a, "李四");
    for _ in 0..7 {
        key(&mut a, KeyCode::Tab);
    }
    type_text(&mut a, "反映拖欠工资");
    assert!(ctrl(&mut a, 's').is_empty());
    let out = ctrl(&mut a, 'x');
    assert!(
        sends(&out, |r| matches!(r, Request::CheckIn { .. })),
        "{out:?}"
    );

    // confirm: j answers yes, y does not.
    a.layers.find_mut::<CheckInForm>().unwrap().saving = false;
    ctrl(&mut a, 'c');
    assert!(a.layers.has::<Confirm>(), "quitting over a full form asks");
    assert!(key(&mut a, KeyCode::Char('y')).is_empty());
    let out = key(&mut a, KeyCode::Char('j'));
    assert!(out.iter().any(|c| matches!(c, Command::Quit)));
}
