//! "Hand over to whom?": a fuzzy pick over the officers on record (name, pinyin or
//! initials, as in the owner picker), or a new name typed in full.

use super::{fill_line, fuzzy_score, prompt_dialog, safe, DrawCx, Move, Selection};
use crate::search::name_pinyin;
use crate::store::Officer;
use crate::tui::input::TextInput;
use crate::tui::keymap::{Action, Context, KeyChord, Keymap, FORM_ACTIONS};
use crate::tui::keys::list_move;
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::tui::panes::confirm::{Confirm, Question};
use crate::tui::panes::help::Help;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// A row of the list: an officer on record, or the typed name as a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickRow {
    Known(String),
    New(String),
}

impl PickRow {
    pub fn name(&self) -> &str {
        match self {
            PickRow::Known(n) | PickRow::New(n) => n,
        }
    }
}

#[derive(Debug)]
pub struct OfficerPick {
    pub input: TextInput,
    pub sel: Selection,
    /// Each officer with their pinyin and initials, so `ln` finds 李娜.
    all: Vec<(String, [String; 2])>,
}

impl OfficerPick {
    /// Every active officer but the one handing over.
    pub fn new(officers: &[Officer], me: &str) -> OfficerPick {
        let all = officers
            .iter()
            .filter(|o| o.active && o.name != me)
            .map(|o| {
                let py = name_pinyin(&o.name);
                (o.name.clone(), [py.full, py.initials])
            })
            .collect();
        OfficerPick {
            input: TextInput::new().with_max_chars(50),
            sel: Selection::default(),
            all,
        }
    }

    /// Best matches first; a typed name that is nobody's comes last, as a new one.
    pub fn rows(&self) -> Vec<PickRow> {
        let typed = self.input.value().trim();
        let pattern = typed.to_lowercase();
        let mut rows: Vec<PickRow> = if pattern.is_empty() {
            self.all
                .iter()
                .map(|(n, _)| PickRow::Known(n.clone()))
                .collect()
        } else {
            let mut scored: Vec<(i64, usize)> = self
                .all
                .iter()
                .enumerate()
                .filter_map(|(i, (n, keys))| fuzzy_score(n, keys, &pattern).map(|s| (s, i)))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            scored
                .into_iter()
                .map(|(_, i)| PickRow::Known(self.all[i].0.clone()))
                .collect()
        };
        if !typed.is_empty() && !self.all.iter().any(|(n, _)| n == typed) {
            rows.push(PickRow::New(typed.to_string()));
        }
        rows
    }

    pub fn move_by(&mut self, mv: Move) {
        let n = self.rows().len();
        self.sel.apply(mv, n);
    }

    /// The name to hand over to: the selected row.
    pub fn choice(&self) -> Option<String> {
        self.rows()
            .get(self.sel.selected)
            .map(|r| r.name().to_string())
    }

    fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let ho = cx.s.ho();
        let rows = self.rows();
        let list_h = (rows.len() as u16).clamp(1, 8);
        let (rest, caret) = prompt_dialog(
            f,
            area,
            cx,
            (ho.pick_title.to_string(), ho.pick_prompt),
            &self.input,
            true,
            list_h + 5,
        )?;
        if rest.height < 2 {
            return None;
        }
        let width = rest.width as usize;
        let mut lines: Vec<Line<'static>> = vec![fill_line(
            vec![Span::raw(ho.pick_known)],
            width,
            cx.theme.header(),
        )];
        for i in self.sel.window(rows.len(), list_h as usize) {
            let spans = match &rows[i] {
                PickRow::Known(n) => vec![Span::raw(format!("  {}", safe(n)))],
                PickRow::New(n) => vec![Span::styled(
                    format!("  {}", ho.new_officer(&safe(n))),
                    cx.theme.good(),
                )],
            };
            lines.push(super::list_row(spans, width, i == self.sel.selected, cx));
        }
        f.render_widget(Paragraph::new(lines), rest);
        caret
    }
}

impl Layer for OfficerPick {
    fn context(&self) -> Context {
        Context::Form
    }

    fn action(&self, keymap: &Keymap, chord: &KeyChord) -> Option<Action> {
        keymap.other_form_action(chord)
    }

    fn on_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        match cx.keymap.other_form_action(chord) {
            Some(Action::Confirm | Action::Save) => {
                let Some(name) = self.choice() else {
                    return Handled::done();
                };
                if crate::text::clean_input(&name) == cx.officer.unwrap_or_default() {
                    let why = cx.s().ho().not_to_self;
                    return Handled::with([Effect::Flash(why.into(), false)]);
                }
                return Handled::with([
                    Effect::Close,
                    Effect::Push(Confirm::ask(Question::HandOver(name))),
                ]);
            }
            Some(Action::Quit) => return Handled::with([Effect::AskQuit]),
            Some(Action::ToggleLang) => return Handled::with([Effect::ToggleLang]),
            Some(Action::Help) => {
                return Handled::with([Effect::Push(Box::new(Help::form(FORM_ACTIONS, false)))])
            }
            Some(Action::NextField) => self.move_by(Move::Down),
            Some(Action::PrevField) => self.move_by(Move::Up),
            Some(Action::Back) => return Handled::with([Effect::Close]),
            _ => {
                if let Some(mv) = list_move(ev) {
                    self.move_by(mv);
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

    fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>, _: &Shared<'_>) -> Option<Position> {
        self.render(f, area, cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn officer(name: &str) -> Officer {
        Officer {
            id: 1,
            name: name.into(),
            active: true,
        }
    }

    #[test]
    fn picks_by_pinyin_or_takes_a_new_name() {
        let officers = [officer("王科员"), officer("李娜"), officer("赵强")];
        let mut p = OfficerPick::new(&officers, "王科员");
        assert_eq!(p.rows().len(), 2, "the outgoing officer is not offered");
        p.input.set_value("ln");
        assert_eq!(p.choice().as_deref(), Some("李娜"));
        p.input.set_value("李娜");
        assert_eq!(p.rows(), vec![PickRow::Known("李娜".into())]);
        p.input.set_value("孙丽");
        assert_eq!(p.rows(), vec![PickRow::New("孙丽".into())]);
        assert_eq!(p.choice().as_deref(), Some("孙丽"));
    }
}
