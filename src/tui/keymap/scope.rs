//! Which actions mean something where, and reading a keymap file.
//!
//! A binding of an action in a context whose keys never do it (`[form] "x" =
//! "receive"`, `[queue] "a" = "accept"`, which would act on a case other than the
//! selected one) is refused with a warning like any other bad entry, and the help
//! overlay lists only the bindings that act where it was opened.

use super::{Action, Context, KeyChord, KeymapWarning};
use crossterm::event::{KeyCode, KeyModifiers};

/// What the check-in form does with keys.
pub const CHECKIN_ACTIONS: &[Action] = &[
    Action::Save,
    Action::Confirm,
    Action::NextField,
    Action::PrevField,
    Action::LinkPerson,
    Action::PickCase,
    Action::Enquiry,
    Action::UnlinkPerson,
    Action::Back,
    Action::Help,
    Action::Quit,
    Action::ToggleLang,
];

/// What a case step's form, the sign-in and the handover's officer pick do.
pub const FORM_ACTIONS: &[Action] = &[
    Action::Save,
    Action::Confirm,
    Action::NextField,
    Action::PrevField,
    Action::Back,
    Action::Help,
    Action::Quit,
    Action::ToggleLang,
];

/// What the handover notes box does (Enter starts the next item).
pub const NOTES_ACTIONS: &[Action] = &[
    Action::Save,
    Action::Confirm,
    Action::Back,
    Action::Help,
    Action::Quit,
    Action::ToggleLang,
];

impl Context {
    /// Whether a key bound to `action` does something in this context. For
    /// [`Context::Global`]: whether it does something in every pane.
    pub fn handles(self, action: Action) -> bool {
        use Action::*;
        let anywhere = matches!(
            action,
            Quit | Help
                | FocusQueue
                | FocusLookup
                | FocusPicker
                | FocusTimeline
                | NextPane
                | PrevPane
                | SearchBox
                | NewCheckIn
                | Handover
                | Registers
                | Figures
                | RiskRegister
                | StartPlan
                | Refresh
                | ToggleLang
        );
        let movement = matches!(action, Up | Down | PageUp | PageDown | Top | Bottom);
        match self {
            Context::Global => anywhere || movement || matches!(action, Back | Confirm),
            Context::Queue => {
                anywhere
                    || movement
                    || matches!(
                        action,
                        Receive | Done | LeftUnseen | UndoMove | OpenCase | Owner | Receipt
                    )
            }
            Context::Lookup => {
                anywhere || movement || matches!(action, Back | OpenPerson | Reveal | Owner)
            }
            Context::Picker => anywhere || movement || matches!(action, Back | Confirm),
            Context::Timeline => {
                anywhere
                    || movement
                    || matches!(
                        action,
                        Back | ToggleOrder
                            | Owner
                            | Accept
                            | NotAccept
                            | Transfer
                            | Reply
                            | Extend
                            | Note
                            | Archive
                            | RequestReview
                            | DecideReview
                            | RequestRecheck
                            | DecideRecheck
                            | Supervise
                            | AssignDown
                            | Objection
                            | ReportBack
                            | SetSource
                            | Notify
                            | Receipt
                    )
            }
            Context::Handover => {
                anywhere || movement || matches!(action, Back | EditNotes | HandOver | Acknowledge)
            }
            Context::Registers => anywhere || movement || matches!(action, Back | Told),
            Context::Figures => anywhere || movement || matches!(action, Back | FiguresPeriod),
            Context::Form => CHECKIN_ACTIONS.contains(&action),
            Context::Help => movement || matches!(action, Back | Help | Quit | ToggleLang),
            Context::Confirm => matches!(action, Yes | No | Back | Help | Quit | ToggleLang),
            Context::Risk => anywhere || movement || matches!(action, Back),
        }
    }

    /// The contexts a binding of `action` would make sense in, for a warning.
    pub fn homes(action: Action) -> Vec<&'static str> {
        Context::ALL
            .iter()
            .filter(|c| c.handles(action))
            .map(|c| c.code())
            .collect()
    }
}

impl super::Keymap {
    /// What `chord` does in a form other than the check-in form. The check-in
    /// form's own actions (link a person, pick their case, unlink) mean nothing
    /// there, so a key bound to one of them does what it does everywhere else:
    /// Ctrl-L, "link person" in the check-in form, switches the language in a
    /// step form, the handover notes and the sign-in.
    pub fn other_form_action(&self, chord: &KeyChord) -> Option<Action> {
        let action = self.action(Context::Form, chord);
        let checkin_only = matches!(
            action,
            Some(Action::LinkPerson | Action::UnlinkPerson | Action::PickCase | Action::Enquiry)
        );
        // Only keys that cannot be typed text reach a form from the global section.
        let reaches = chord
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            || matches!(chord.code, KeyCode::F(_) | KeyCode::Esc);
        if checkin_only {
            return if reaches {
                self.action(Context::Global, chord)
            } else {
                None
            };
        }
        action
    }
}

/// A keymap file's text; a file that is not UTF-8 is refused whole, naming the
/// line of the first bad byte.
pub(super) fn read_text(path: &std::path::Path, label: &str) -> Result<String, KeymapWarning> {
    let bytes = std::fs::read(path).map_err(|e| KeymapWarning {
        file: label.to_string(),
        line: 0,
        message: format!("cannot read the keymap ({e})"),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..good].iter().filter(|&&b| b == b'\n').count() + 1;
        KeymapWarning {
            file: label.to_string(),
            line,
            message: "not UTF-8 text (is it the right file?)".to_string(),
        }
    })
}

impl KeyChord {
    /// Whether the key is text (or edits it) when a text box has the keyboard.
    pub fn is_text(&self) -> bool {
        let typed = matches!(
            self.code,
            KeyCode::Char(_)
                | KeyCode::Backspace
                | KeyCode::Delete
                | KeyCode::Left
                | KeyCode::Right
                | KeyCode::Home
                | KeyCode::End
        );
        typed
            && !self
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}
