//! "Hand over to whom?": a fuzzy pick over the active officers on the roster (name,
//! pinyin or initials, as in the owner picker). A typed name that is nobody's never
//! becomes an officer by itself: a 科长 may add it to the roster (asked first, as
//! its own recorded act), anyone else is told to ask the 科长.

use super::{fill_line, prompt_dialog, safe, DrawCx};
use crate::store::Officer;
use crate::tui::keymap::{Action, Context, KeyChord, Keymap};
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::tui::panes::confirm::{Confirm, Question};
use crate::tui::widgets::{FilterList, PickBox, PickKey, Row, PICK_HINTS};
use crate::words::desk::roster as words;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// A row of the list: an officer on the roster, or the typed name that is on nobody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickRow {
    Known(String),
    NotOnRoster(String),
}

impl PickRow {
    pub fn name(&self) -> &str {
        match self {
            PickRow::Known(n) | PickRow::NotOnRoster(n) => n,
        }
    }
}

#[derive(Debug)]
pub struct OfficerPick {
    pub pick: PickBox<()>,
    me: String,
    /// Whether the officer handing over keeps the roster (may add a name to it).
    chief: bool,
    /// Every name on the roster (leaders and retired officers too): typing one of
    /// them is never an offer to add a new officer.
    roster: Vec<String>,
}

impl OfficerPick {
    /// Every active officer but the one handing over.
    pub fn new(officers: &[Officer], me: &str) -> OfficerPick {
        let mut p = OfficerPick {
            pick: PickBox::new(FilterList::default()),
            me: me.to_string(),
            chief: false,
            roster: Vec::new(),
        };
        p.set_officers(officers);
        p
    }

    /// The roster changed (another desk, or a name this 科长 just added).
    pub fn set_officers(&mut self, officers: &[Officer]) {
        self.chief = officers
            .iter()
            .any(|o| o.name == self.me && o.keeps_roster());
        self.roster = officers.iter().map(|o| o.name.clone()).collect();
        self.pick.set_list(FilterList::new(
            officers
                .iter()
                .filter(|o| o.works_cases() && o.name != self.me)
                .map(|o| (o.name.clone(), ())),
        ));
        self.edited();
    }

    /// The typed name, when it is nobody's on the roster: offered last.
    fn new_name(&self) -> Option<&str> {
        let typed = self.pick.typed();
        let known = self.roster.iter().any(|n| n == typed);
        (!typed.is_empty() && !known && typed != self.me).then_some(typed)
    }

    /// After the text changed: the row of a name on nobody comes or goes.
    fn edited(&mut self) {
        let tail = usize::from(self.new_name().is_some());
        self.pick.list.set_tail(tail);
    }

    /// Best matches first; a typed name that is nobody's comes last.
    pub fn rows(&self) -> Vec<PickRow> {
        let mut rows: Vec<PickRow> = self
            .pick
            .list
            .shown()
            .map(|e| PickRow::Known(e.name.clone()))
            .collect();
        rows.extend(self.new_name().map(|n| PickRow::NotOnRoster(n.to_string())));
        rows
    }

    /// The selected row.
    pub fn choice(&self) -> Option<PickRow> {
        self.rows().get(self.pick.list.sel.selected).cloned()
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
                    format!(
                        "  {}",
                        words::not_on_roster_row(&safe(new_name), self.chief, cx.lang)
                    ),
                    if self.chief {
                        cx.theme.good()
                    } else {
                        cx.theme.dim()
                    },
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
            PickKey::Choose => match self.choice() {
                None => Handled::done(),
                Some(PickRow::NotOnRoster(name)) if self.chief => {
                    Handled::with([Effect::Push(Confirm::ask(Question::AddOfficer(name)))])
                }
                Some(PickRow::NotOnRoster(name)) => Handled::with([Effect::Flash(
                    words::ask_the_chief(&name, cx.lang).into(),
                    true,
                )]),
                Some(PickRow::Known(name)) => {
                    if crate::text::clean_input(&name) == cx.officer.unwrap_or_default() {
                        let why = cx.s().ho().not_to_self;
                        return Handled::with([Effect::Flash(why.into(), false)]);
                    }
                    Handled::with([
                        Effect::Close,
                        Effect::Push(Confirm::ask(Question::HandOver(name))),
                    ])
                }
            },
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
        let said = self.pick.paste(text);
        self.edited();
        Handled::Consumed(said)
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
    fn picks_by_pinyin_and_never_takes_a_name_off_the_roster() {
        let officers = [officer("王科员"), officer("李娜"), officer("赵强")];
        let mut p = OfficerPick::new(&officers, "王科员");
        assert_eq!(p.rows().len(), 2, "the outgoing officer is not offered");
        let typed = |p: &mut OfficerPick, text: &str| {
            p.pick.input.clear();
            p.pick.paste(text);
            p.edited();
        };
        typed(&mut p, "ln");
        assert_eq!(p.choice(), Some(PickRow::Known("李娜".into())));
        typed(&mut p, "李娜");
        assert_eq!(p.rows(), vec![PickRow::Known("李娜".into())]);
        typed(&mut p, "孙丽");
        assert_eq!(p.rows(), vec![PickRow::NotOnRoster("孙丽".into())]);
        assert!(!p.chief, "a 科员 may not add to the roster");
    }

    #[test]
    fn a_chief_is_offered_to_add_a_name() {
        let mut chief = officer("王科员");
        chief.role = crate::domain::roster::OfficerRole::Chief;
        let p = OfficerPick::new(&[chief, officer("李娜")], "王科员");
        assert!(p.chief);
    }

    #[test]
    fn a_leader_is_not_the_next_officer_on_duty() {
        let mut leader = officer("周县长");
        leader.role = crate::domain::roster::OfficerRole::Leader;
        let mut p = OfficerPick::new(&[officer("王科员"), officer("李娜"), leader], "王科员");
        assert_eq!(p.rows(), vec![PickRow::Known("李娜".into())]);
        p.pick.paste("周县长");
        p.edited();
        assert_eq!(
            p.rows(),
            vec![],
            "a roster name is never offered as a new officer"
        );
    }
}
