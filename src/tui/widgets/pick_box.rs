//! A text box over a [`FilterList`]: typing filters, Up and Down (and the next and
//! previous field keys) move, Enter chooses. The sign-in and the handover's
//! officer pick are this box in a dialog; they differ only in what a choice does.

use super::FilterList;
use crate::tui::input::TextInput;
use crate::tui::keymap::{Action, KeyChord};
use crate::tui::keys::list_move;
use crate::tui::keys::Move;
use crate::tui::layer::{paste_into, Effect, Shared};
use crossterm::event::KeyEvent;

/// The hints of a pick dialog.
pub const PICK_HINTS: &[Action] = &[
    Action::Confirm,
    Action::NextField,
    Action::PrevField,
    Action::Back,
];

#[derive(Debug, Default)]
pub struct PickBox<T> {
    pub input: TextInput,
    pub list: FilterList<T>,
}

/// What a key means in a pick dialog, beyond moving and typing.
#[derive(Debug)]
pub enum PickKey {
    /// Take the selected row (or the typed text).
    Choose,
    Back,
    Quit,
    /// The text changed (the list is filtered already).
    Edited,
    /// Show the help of a form (the dialog pushes it: widgets know no panes).
    Help,
    /// Done here, with these effects (often none).
    Done(Vec<Effect>),
}

impl<T> PickBox<T> {
    pub fn new(list: FilterList<T>) -> PickBox<T> {
        PickBox {
            input: TextInput::new().with_max_chars(50),
            list,
        }
    }

    /// The text typed, trimmed.
    pub fn typed(&self) -> &str {
        self.input.value().trim()
    }

    /// Takes a new list, filtered by what is typed.
    pub fn set_list(&mut self, list: FilterList<T>) {
        self.list = list;
        self.list.refilter(self.input.value());
    }

    /// Pastes into the filter; what to say if the paste was cut.
    pub fn paste(&mut self, text: &str) -> Vec<Effect> {
        let said = paste_into(&mut self.input, text);
        self.list.refilter(self.input.value());
        said
    }

    pub fn on_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> PickKey {
        match cx.keymap.other_form_action(chord) {
            Some(Action::Confirm | Action::Save) => PickKey::Choose,
            Some(Action::Back) => PickKey::Back,
            Some(Action::Quit) => PickKey::Quit,
            Some(Action::ToggleLang) => PickKey::Done(vec![Effect::ToggleLang]),
            Some(Action::Help) => PickKey::Help,
            Some(Action::NextField) => self.moved(Move::Down),
            Some(Action::PrevField) => self.moved(Move::Up),
            _ => {
                if let Some(mv) = list_move(ev) {
                    return self.moved(mv);
                }
                if self.input.handle_key(ev) {
                    self.list.refilter(self.input.value());
                    return PickKey::Edited;
                }
                PickKey::Done(Vec::new())
            }
        }
    }

    fn moved(&mut self, mv: Move) -> PickKey {
        self.list.move_by(mv);
        PickKey::Done(Vec::new())
    }
}
