//! "Who is on duty?": asked on start when no `--officer` was given. Every write is
//! recorded under this name, so the desk does nothing else until it is answered.

use super::{clip_line, fill_line, prompt_dialog, safe, DrawCx, Move, Selection};
use crate::store::Officer;
use crate::tui::input::TextInput;
use crate::tui::keymap::{Action, Context, KeyChord, Keymap, FORM_ACTIONS};
use crate::tui::keys::list_move;
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::tui::panes::help::Help;
use crate::tui::worker::Request;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Default)]
pub struct SignIn {
    pub input: TextInput,
    pub sel: Selection,
    pub error: Option<crate::tui::strings::Problem>,
    pub waiting: bool,
}

impl SignIn {
    pub fn new() -> SignIn {
        SignIn {
            input: TextInput::new().with_max_chars(50),
            ..SignIn::default()
        }
    }

    /// Officers whose name contains what was typed.
    pub fn shown<'a>(&self, officers: &'a [Officer]) -> Vec<&'a Officer> {
        let typed = self.input.value().trim();
        officers
            .iter()
            .filter(|o| o.active && o.name.contains(typed))
            .collect()
    }

    pub fn move_by(&mut self, mv: Move, officers: &[Officer]) {
        let n = self.shown(officers).len();
        self.sel.apply(mv, n);
    }

    /// The name to sign in with: the typed one when it is exactly an officer's or
    /// nobody matches it, else the selected officer.
    pub fn choice(&self, officers: &[Officer]) -> Option<String> {
        let typed = self.input.value().trim();
        let shown = self.shown(officers);
        if shown.iter().any(|o| o.name == typed) || (shown.is_empty() && !typed.is_empty()) {
            return Some(typed.to_string());
        }
        shown
            .get(self.sel.selected)
            .map(|o| o.name.clone())
            .or_else(|| Some(typed.to_string()).filter(|t| !t.is_empty()))
    }

    fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        officers: &[Officer],
        cx: &DrawCx<'_>,
    ) -> Option<Position> {
        let s = cx.s;
        let shown = self.shown(officers);
        let list_h = (shown.len() as u16).clamp(1, 10);
        let (rest, caret) = prompt_dialog(
            f,
            area,
            cx,
            (s.signin_title.to_string(), s.signin_prompt),
            &self.input,
            !self.waiting,
            list_h + 7,
        )?;
        let width = rest.width as usize;
        let mut lines: Vec<Line<'static>> = vec![
            Line::from(""),
            fill_line(vec![Span::raw(s.signin_known)], width, cx.theme.header()),
        ];
        for i in self.sel.window(shown.len(), list_h as usize) {
            let spans = vec![Span::raw(format!("  {}", safe(&shown[i].name)))];
            lines.push(super::list_row(spans, width, i == self.sel.selected, cx));
        }
        if let Some(err) = &self.error {
            lines.push(clip_line(
                vec![Span::styled(safe(&err.text(cx.lang)), cx.theme.bad())],
                width,
            ));
        }
        f.render_widget(Paragraph::new(lines), rest);
        caret
    }
}

impl Layer for SignIn {
    fn context(&self) -> Context {
        Context::Form
    }

    fn action(&self, keymap: &Keymap, chord: &KeyChord) -> Option<Action> {
        keymap.other_form_action(chord)
    }

    fn on_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        if self.waiting {
            return Handled::done();
        }
        match cx.keymap.other_form_action(chord) {
            Some(Action::Confirm | Action::Save) => {
                if let Some(name) = self.choice(cx.officers) {
                    self.waiting = true;
                    self.error = None;
                    return Handled::with([Effect::Send(Request::SignIn { officer: name })]);
                }
            }
            Some(Action::NextField) => self.move_by(Move::Down, cx.officers),
            Some(Action::PrevField) => self.move_by(Move::Up, cx.officers),
            // Nobody on duty means nothing can be recorded: leaving is the only way back.
            Some(Action::Back | Action::Quit) => return Handled::with([Effect::Quit]),
            Some(Action::ToggleLang) => return Handled::with([Effect::ToggleLang]),
            Some(Action::Help) => {
                return Handled::with([Effect::Push(Box::new(Help::form(FORM_ACTIONS, false)))])
            }
            _ => {
                if let Some(mv) = list_move(ev) {
                    self.move_by(mv, cx.officers);
                } else if self.input.handle_key(ev) {
                    self.sel.reset();
                }
            }
        }
        Handled::done()
    }

    fn on_paste(&mut self, text: &str, _cx: &Shared<'_>) -> Handled {
        self.input.insert_str(text);
        self.sel.reset();
        Handled::done()
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        vec![
            Action::Confirm,
            Action::NextField,
            Action::PrevField,
            Action::Back,
        ]
    }

    fn draw(
        &self,
        f: &mut Frame,
        area: Rect,
        cx: &DrawCx<'_>,
        shared: &Shared<'_>,
    ) -> Option<Position> {
        self.render(f, area, shared.officers, cx)
    }

    fn takes_focus(&self) -> bool {
        true
    }
}
