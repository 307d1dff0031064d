//! Keys in general: which ones edit a text box, and which move in a list. Keys
//! become actions through the live keymap; in a text box, typing keys edit the
//! text before any binding sees them.

use super::keymap::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Keys that edit a text box rather than act: characters (AltGr counts as a
/// character), and the editing keys of a single-line field.
pub(crate) fn is_edit_key(ev: &KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let alt = ev.modifiers.contains(KeyModifiers::ALT);
    match ev.code {
        KeyCode::Char(_) if ctrl == alt => true,
        KeyCode::Char('a' | 'e' | 'u' | 'w') => ctrl && !alt,
        KeyCode::Backspace
        | KeyCode::Delete
        | KeyCode::Left
        | KeyCode::Right
        | KeyCode::Home
        | KeyCode::End => true,
        _ => false,
    }
}

/// A move of a list's selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
}

pub(crate) fn movement(action: Action) -> Option<Move> {
    Some(match action {
        Action::Up => Move::Up,
        Action::Down => Move::Down,
        Action::PageUp => Move::PageUp,
        Action::PageDown => Move::PageDown,
        Action::Top => Move::Top,
        Action::Bottom => Move::Bottom,
        _ => return None,
    })
}

/// Whether `action` goes to a pane (or opens the check-in form): on a screen of
/// its own (the handover, the figures) it leaves the screen first, as on any pane.
pub(crate) fn leaves_screen(action: Action) -> bool {
    matches!(
        action,
        Action::FocusQueue
            | Action::FocusLookup
            | Action::FocusPicker
            | Action::FocusTimeline
            | Action::NextPane
            | Action::PrevPane
            | Action::SearchBox
            | Action::NewCheckIn
    )
}

/// Up/Down/PageUp/PageDown pressed in a form move in its list, whatever they are
/// bound to there (they move between fields only when no list is open).
pub(crate) fn list_move(ev: &KeyEvent) -> Option<Move> {
    Some(match ev.code {
        KeyCode::Up => Move::Up,
        KeyCode::Down => Move::Down,
        KeyCode::PageUp => Move::PageUp,
        KeyCode::PageDown => Move::PageDown,
        _ => return None,
    })
}
