//! The yes/no question box. The layer that asks gets the answer
//! ([`Layer::on_answer`]); a question about quitting is the desk's own.

use super::{centered, safe, DrawCx};
use crate::text::display_width;
use crate::tui::keymap::{Action, Context, KeyChord};
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub use crate::tui::shared::Question;

#[derive(Debug)]
pub struct Confirm {
    pub question: Question,
}

impl Confirm {
    pub fn ask(question: Question) -> Box<Confirm> {
        Box::new(Confirm { question })
    }
}

impl Confirm {
    pub fn text(&self, cx: &DrawCx<'_>) -> String {
        match self.question {
            Question::Quit => cx.s.quit_unsaved.to_string(),
            Question::DiscardCheckIn
            | Question::DiscardStep
            | Question::DiscardNotes
            | Question::DiscardNewRep => cx.s.discard_form.to_string(),
            Question::BadChecksum(c) => cx.s.bad_checksum(c),
            Question::HandOver(ref to) => cx.s.ho().confirm(&safe(to)),
            Question::FirstOfficer(ref name) => {
                crate::words::desk::roster::confirm_first(&safe(name), cx.lang)
            }
            Question::AddOfficer(ref name) => {
                crate::words::desk::roster::confirm_add(&safe(name), cx.lang)
            }
            Question::LeftUnseen {
                queue_no, ref name, ..
            } => cx.s.confirm_left_unseen(queue_no, &safe(name)),
            Question::UndoMove {
                queue_no,
                ref name,
                from,
                to,
                ..
            } => crate::words::duty::confirm_undo(queue_no, &safe(name), from, to, cx.lang),
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        let text = safe(&self.text(cx));
        let width =
            (display_width(&text) as u16 + 4).clamp(20, area.width.saturating_sub(4).max(20));
        let inner_w = width.saturating_sub(2).max(1) as usize;
        let lines = display_width(&text).div_ceil(inner_w) as u16;
        let rect = centered(area, width, lines + 2);
        super::overlay(f, rect);
        let block = cx
            .block(cx.s.confirm_title.to_string())
            .border_style(cx.theme.border(true));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        f.render_widget(
            Paragraph::new(Span::styled(text, cx.theme.header())).wrap(Wrap { trim: true }),
            inner,
        );
    }
}

impl Layer for Confirm {
    fn context(&self) -> Context {
        Context::Confirm
    }

    fn on_key(&mut self, _ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        let q = self.question.clone();
        match cx.keymap.action(Context::Confirm, chord) {
            Some(Action::Yes) => Handled::with([Effect::Close, Effect::Answer(q, true)]),
            Some(Action::No | Action::Back) => {
                Handled::with([Effect::Close, Effect::Answer(q, false)])
            }
            // Quitting from a question about something else asks first when a
            // form holds input (the wrong-checksum question sits over a full form).
            Some(Action::Quit) if q == Question::Quit => Handled::with([Effect::Quit]),
            Some(Action::Quit) => Handled::with([Effect::Close, Effect::AskQuit]),
            Some(Action::Help) => Handled::with([Effect::Push(Box::new(super::help::Help::new(
                Context::Confirm,
            )))]),
            Some(Action::ToggleLang) => Handled::with([Effect::ToggleLang]),
            _ => Handled::done(),
        }
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        vec![Action::Yes, Action::No]
    }

    fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>, _: &Shared<'_>) -> Option<Position> {
        self.render(f, area, cx);
        None
    }
}
