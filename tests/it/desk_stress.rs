//! The desk under a second hostile pass: absurd data and stale answers fed to
//! `App::update` (none may panic), `NO_COLOR` on every screen, keymaps broken in
//! every way and rebound in every context, the help overlay against the live
//! keymap, and a title and a help-and-quit hint on every screen at 80×24.

#[path = "desk_stress/keymaps.rs"]
mod keymaps;
#[path = "desk_stress/panics.rs"]
mod panics;
#[path = "desk_stress/screens.rs"]
mod screens;

use crate::common::*;
use jiedai::store::{CaseDetail, PersonDetail};
use jiedai::tui::keymap::{Action, Context, KeyChord};
use jiedai::tui::panes::help::Help;
use jiedai::tui::worker::Failed;
use jiedai::words::desk::Problem;
use ratatui::style::{Color, Modifier};

fn press(a: &mut App, code: KeyCode, mods: KeyModifiers) -> Vec<Command> {
    a.update(Msg::Key(KeyEvent::new(code, mods)))
}

fn chord(s: &str) -> KeyChord {
    KeyChord::parse(s).unwrap()
}

fn with_keymap(km: Keymap, lang: Lang, d: &Desk) -> App {
    let mut a = loaded(lang, d);
    a.keymap = km;
    a
}

fn ctrl(a: &mut App, c: char) -> Vec<Command> {
    press(a, KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Opens the queue's selected visitor's case on the timeline.
fn open_first_case(a: &mut App, d: &Desk) {
    key(a, KeyCode::Char('1'));
    let sent = key(a, KeyCode::Enter);
    answer(a, d, sent);
    assert!(a.desk.timeline.detail.is_some());
}
