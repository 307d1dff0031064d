//! "Who is on duty?": asked on start when no `--officer` was given. Every write is
//! recorded under this name, so the desk does nothing else until it is answered.
//! The officers on record are picked like anywhere else: by name, pinyin or
//! initials.

use super::{clip_line, fill_line, prompt_dialog, safe, DrawCx};
use crate::store::Officer;
use crate::tui::keymap::{Action, Context, KeyChord, Keymap};
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::tui::widgets::{FilterList, PickBox, PickKey, Row, PICK_HINTS};
use crate::tui::worker::Request;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Default)]
pub struct SignIn {
    pub pick: PickBox<()>,
    pub error: Option<crate::words::desk::Problem>,
    pub waiting: bool,
}

impl SignIn {
    /// Asks among `officers` (the active ones); the list may come later.
    pub fn new(officers: &[Officer]) -> SignIn {
        SignIn {
            pick: PickBox::new(roster(officers)),
            ..SignIn::default()
        }
    }

    /// The officers on record changed (they arrive after the dialog opens).
    pub fn set_officers(&mut self, officers: &[Officer]) {
        self.pick.set_list(roster(officers));
    }

    /// The name to sign in with: the typed one when it is exactly an officer's or
    /// nobody matches it, else the selected officer.
    pub fn choice(&self) -> Option<String> {
        let typed = self.pick.typed();
        let list = &self.pick.list;
        if list.shown().any(|e| e.name == typed) || (list.is_empty() && !typed.is_empty()) {
            return Some(typed.to_string());
        }
        list.selected()
            .map(|e| e.name.clone())
            .or_else(|| Some(typed.to_string()).filter(|t| !t.is_empty()))
    }

    fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let s = cx.s;
        let list = &self.pick.list;
        let list_h = (list.shown_len() as u16).clamp(1, 10);
        let (rest, caret) = prompt_dialog(
            f,
            area,
            cx,
            (s.signin_title.to_string(), s.signin_prompt),
            &self.pick.input,
            !self.waiting,
            list_h + 7,
        )?;
        let width = rest.width as usize;
        let mut lines: Vec<Line<'static>> = vec![
            Line::from(""),
            fill_line(vec![Span::raw(s.signin_known)], width, cx.theme.header()),
        ];
        lines.extend(
            list.lines(list_h as usize, width, true, cx, |row| match row {
                Row::Item(e) => vec![Span::raw(format!("  {}", safe(&e.name)))],
                Row::Tail(_) => Vec::new(),
            }),
        );
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

fn roster(officers: &[Officer]) -> FilterList<()> {
    FilterList::new(
        officers
            .iter()
            .filter(|o| o.active)
            .map(|o| (o.name.clone(), ())),
    )
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
        match self.pick.on_key(ev, chord, cx) {
            PickKey::Choose => match self.choice() {
                Some(name) => {
                    self.waiting = true;
                    self.error = None;
                    Handled::with([Effect::Send(Request::SignIn { officer: name })])
                }
                None => Handled::done(),
            },
            // Nobody on duty means nothing can be recorded: leaving is the only way back.
            PickKey::Back | PickKey::Quit => Handled::with([Effect::Quit]),
            PickKey::Help => Handled::with([Effect::Push(Box::new(
                crate::tui::panes::help::Help::form(crate::tui::keymap::FORM_ACTIONS, false),
            ))]),
            PickKey::Edited => Handled::done(),
            PickKey::Done(effects) => Handled::Consumed(effects),
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &Shared<'_>) -> Handled {
        self.pick.paste(text);
        Handled::done()
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        PICK_HINTS.to_vec()
    }

    fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>, _: &Shared<'_>) -> Option<Position> {
        self.render(f, area, cx)
    }

    fn takes_focus(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::panes::tests::officer;

    #[test]
    fn finds_officers_by_pinyin_and_takes_a_new_name_typed_in_full() {
        let mut s = SignIn::new(&[officer("王科员"), officer("李娜")]);
        s.pick.paste("ln");
        assert_eq!(s.choice().as_deref(), Some("李娜"));
        s.pick.input.set_value("刘洋");
        s.pick.list.refilter("刘洋");
        assert_eq!(s.choice().as_deref(), Some("刘洋"));
        s.pick.input.set_value("王科员");
        s.pick.list.refilter("王科员");
        assert_eq!(s.choice().as_deref(), Some("王科员"));
    }
}
