//! "Who is on duty?": asked on start when no `--officer` was given. Every write is
//! recorded under this name, so the desk does nothing else until it is answered.

use super::{clip_line, fill_line, prompt_dialog, safe, DrawCx, Move, Selection};
use crate::store::Officer;
use crate::tui::input::TextInput;
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

    pub fn draw(
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
