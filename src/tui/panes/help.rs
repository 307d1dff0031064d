//! The help overlay: every binding of the context it was opened from, from the
//! live keymap. It opens over anything, a question included, and closes back to it.

use super::{centered, DrawCx, Move, Selection};
use crate::text::{display_width, pad_to_width};
use crate::tui::keymap::{Action, Context, KeyChord, Keymap};
use crate::tui::keys::movement;
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::words::desk::action_label;
use crossterm::event::KeyEvent;
use ratatui::layout::Position;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug)]
pub struct Help {
    /// The context whose bindings are listed (where it was opened).
    pub ctx: Context,
    pub sel: Selection,
    /// In a form: the actions it takes, and whether it is the check-in form (the
    /// only one where the link, pick and unlink keys keep their meaning).
    form: Option<(&'static [Action], bool)>,
    /// Opened from a text box in a pane, where plain keys are typed.
    typing: bool,
}

impl Help {
    pub fn new(ctx: Context) -> Help {
        Help {
            ctx,
            sel: Selection::default(),
            form: None,
            typing: false,
        }
    }

    /// Help over a pane whose text box has the keyboard (the lookup box, the
    /// picker's filter): its letter keys type rather than act.
    pub fn typing(ctx: Context) -> Help {
        Help {
            typing: true,
            ..Help::new(ctx)
        }
    }

    /// Help over a form that takes `actions`.
    pub fn form(actions: &'static [Action], checkin: bool) -> Help {
        Help {
            form: Some((actions, checkin)),
            ..Help::new(Context::Form)
        }
    }

    /// One row per action that a key does here: its keys, in the order the keymap
    /// lists them.
    pub fn rows(&self, keymap: &Keymap) -> Vec<(String, Action)> {
        let mut rows: Vec<(Vec<KeyChord>, Action)> = Vec::new();
        for (key, action) in keymap.effective_bindings(self.ctx) {
            let action = match self.form {
                Some((_, false)) => match keymap.other_form_action(&key) {
                    Some(a) => a,
                    None => continue,
                },
                _ => action,
            };
            let live = match self.form {
                Some((actions, _)) => actions.contains(&action),
                None => self.ctx.handles(action) && !(self.typing && key.is_text()),
            };
            if !live {
                continue;
            }
            match rows.iter_mut().find(|(_, a)| *a == action) {
                Some((keys, _)) => keys.push(key),
                None => rows.push((vec![key], action)),
            }
        }
        rows.into_iter()
            .map(|(keys, a)| {
                (
                    keys.iter()
                        .map(KeyChord::display)
                        .collect::<Vec<_>>()
                        .join(" "),
                    a,
                )
            })
            .collect()
    }

    pub fn move_by(&mut self, mv: Move, keymap: &Keymap) {
        let n = self.rows(keymap).len();
        self.sel.apply(mv, n);
    }

    fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        let rows = self.rows(cx.keymap);
        let key_w = rows
            .iter()
            .map(|(k, _)| display_width(k))
            .max()
            .unwrap_or(4)
            .min(24);
        let rect = centered(area, 64, rows.len() as u16 + 2);
        super::overlay(f, rect);
        let title = format!("{} · {}", cx.s.help_title, context_label(self.ctx, cx));
        let block = cx.block(title);
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        let width = inner.width as usize;
        let mut lines: Vec<Line<'static>> = Vec::new();
        for i in self.sel.window(rows.len(), inner.height as usize) {
            let (keys, action) = &rows[i];
            let spans = vec![
                Span::styled(format!(" {} ", pad_to_width(keys, key_w)), cx.theme.key()),
                Span::raw(action_label(cx.lang, action.code())),
            ];
            lines.push(super::list_row(spans, width, i == self.sel.selected, cx));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}

fn context_label(ctx: Context, cx: &DrawCx<'_>) -> &'static str {
    let s = cx.s;
    match ctx {
        Context::Queue => s.tab_queue,
        Context::Lookup => s.tab_lookup,
        Context::Picker => s.tab_picker,
        Context::Timeline => s.tab_timeline,
        Context::Form => s.checkin_title,
        Context::Handover => action_label(cx.lang, Action::Handover.code()),
        Context::Figures => action_label(cx.lang, Action::Figures.code()),
        Context::Help => s.help_title,
        Context::Confirm => s.confirm_title,
        Context::Global => "",
    }
}

impl Layer for Help {
    fn context(&self) -> Context {
        Context::Help
    }

    fn on_key(&mut self, _ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        match cx.keymap.action(Context::Help, chord) {
            Some(Action::Back | Action::Help) => Handled::with([Effect::Close]),
            // A question about unsaved input must not open under the help.
            Some(Action::Quit) => Handled::with([Effect::Close, Effect::AskQuit]),
            Some(Action::ToggleLang) => Handled::with([Effect::ToggleLang]),
            Some(a) => {
                if let Some(mv) = movement(a) {
                    self.move_by(mv, cx.keymap);
                }
                Handled::done()
            }
            None => Handled::done(),
        }
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        vec![Action::Back, Action::Down, Action::Up]
    }

    fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>, _: &Shared<'_>) -> Option<Position> {
        self.render(f, area, cx);
        None
    }
}
