//! "Hand over to whom?": a fuzzy pick over the officers on record (name, pinyin or
//! initials, as in the owner picker), or a new name typed in full.

use super::{fill_line, prompt_dialog, safe, DrawCx};
use crate::store::Officer;
use crate::tui::keymap::{Action, Context, KeyChord, Keymap};
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::tui::panes::confirm::{Confirm, Question};
use crate::tui::widgets::{FilterList, PickBox, PickKey, Row, PICK_HINTS};
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
    pub pick: PickBox<()>,
}

impl OfficerPick {
    /// Every active officer but the one handing over.
    pub fn new(officers: &[Officer], me: &str) -> OfficerPick {
        let list = FilterList::new(
            officers
                .iter()
                .filter(|o| o.active && o.name != me)
                .map(|o| (o.name.clone(), ())),
        );
        OfficerPick {
            pick: PickBox::new(list),
        }
    }

    /// The typed name, when it is nobody's on record: offered last, as a new one.
    fn new_name(&self) -> Option<&str> {
        let typed = self.pick.typed();
        let known = self.pick.list.all().iter().any(|e| e.name == typed);
        (!typed.is_empty() && !known).then_some(typed)
    }

    /// After the text changed: the new name's row comes or goes.
    fn edited(&mut self) {
        let tail = usize::from(self.new_name().is_some());
        self.pick.list.set_tail(tail);
    }

    /// Best matches first; a typed name that is nobody's comes last, as a new one.
    pub fn rows(&self) -> Vec<PickRow> {
        let mut rows: Vec<PickRow> = self
            .pick
            .list
            .shown()
            .map(|e| PickRow::Known(e.name.clone()))
            .collect();
        rows.extend(self.new_name().map(|n| PickRow::New(n.to_string())));
        rows
    }

    /// The name to hand over to: the selected row.
    pub fn choice(&self) -> Option<String> {
        self.rows()
            .get(self.pick.list.sel.selected)
            .map(|r| r.name().to_string())
    }

    fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let ho = cx.s.ho();
        let list = &self.pick.list;
        let list_h = (list.rows() as u16).clamp(1, 8);
        let (rest, caret) = prompt_dialog(
            f,
            area,
            cx,
            (ho.pick_title.to_string(), ho.pick_prompt),
            &self.pick.input,
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
        let new_name = self.new_name().unwrap_or_default();
        lines.extend(
            list.lines(list_h as usize, width, true, cx, |row| match row {
                Row::Item(e) => vec![Span::raw(format!("  {}", safe(&e.name)))],
                Row::Tail(_) => vec![Span::styled(
                    format!("  {}", ho.new_officer(&safe(new_name))),
                    cx.theme.good(),
                )],
            }),
        );
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
        match self.pick.on_key(ev, chord, cx) {
            PickKey::Choose => {
                let Some(name) = self.choice() else {
                    return Handled::done();
                };
                if crate::text::clean_input(&name) == cx.officer.unwrap_or_default() {
                    let why = cx.s().ho().not_to_self;
                    return Handled::with([Effect::Flash(why.into(), false)]);
                }
                Handled::with([
                    Effect::Close,
                    Effect::Push(Confirm::ask(Question::HandOver(name))),
                ])
            }
            PickKey::Back => Handled::with([Effect::Close]),
            PickKey::Quit => Handled::with([Effect::AskQuit]),
            PickKey::Help => Handled::with([Effect::Push(Box::new(
                crate::tui::panes::help::Help::form(crate::tui::keymap::FORM_ACTIONS, false),
            ))]),
            PickKey::Edited => {
                self.edited();
                Handled::done()
            }
            PickKey::Done(effects) => Handled::Consumed(effects),
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &Shared<'_>) -> Handled {
        self.pick.paste(text);
        self.edited();
        Handled::done()
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        PICK_HINTS.to_vec()
    }

    fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>, _: &Shared<'_>) -> Option<Position> {
        self.render(f, area, cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::panes::tests::officer;

    #[test]
    fn picks_by_pinyin_or_takes_a_new_name() {
        let officers = [officer("王科员"), officer("李娜"), officer("赵强")];
        let mut p = OfficerPick::new(&officers, "王科员");
        assert_eq!(p.rows().len(), 2, "the outgoing officer is not offered");
        let typed = |p: &mut OfficerPick, text: &str| {
            p.pick.input.clear();
            p.pick.paste(text);
            p.edited();
        };
        typed(&mut p, "ln");
        assert_eq!(p.choice().as_deref(), Some("李娜"));
        typed(&mut p, "李娜");
        assert_eq!(p.rows(), vec![PickRow::Known("李娜".into())]);
        typed(&mut p, "孙丽");
        assert_eq!(p.rows(), vec![PickRow::New("孙丽".into())]);
        assert_eq!(p.choice().as_deref(), Some("孙丽"));
    }
}
