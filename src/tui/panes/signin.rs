//! "Who is on duty?": asked on start when no `--officer` was given. Every write is
//! recorded under this name, so the desk does nothing else until it is answered.
//! Only an active officer on the roster signs in, picked like anywhere else (by
//! name, pinyin or initials); a name on nobody is refused with the closest names.
//! On an empty roster — a new office — the first name typed signs in, after a
//! question, as the roster's first officer and its 科长.

use super::{clip_line, fill_line, prompt_dialog, safe, DrawCx};
use crate::domain::roster::{closest, RosterError};
use crate::store::Officer;
use crate::tui::keymap::{Action, Context, KeyChord, Keymap};
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::tui::panes::confirm::{Confirm, Question};
use crate::tui::widgets::{FilterList, PickBox, PickKey, Row, PICK_HINTS};
use crate::tui::worker::Request;
use crate::words::desk::Problem;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Default)]
pub struct SignIn {
    pub pick: PickBox<()>,
    pub error: Option<Problem>,
    pub waiting: bool,
    /// The roster as last loaded (retired officers too); `None` until it arrives.
    roster: Option<Vec<Officer>>,
}

/// What Enter would do with the text typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInChoice {
    /// Sign in as this officer on the roster.
    Officer(String),
    /// The roster is empty: this name would be its first officer and 科长.
    First(String),
    /// Refused: not on the roster, or retired.
    Refused(RosterError),
}

impl SignIn {
    /// Asks among `officers` (the roster); the list may come later.
    pub fn new(officers: &[Officer]) -> SignIn {
        let mut s = SignIn::default();
        if !officers.is_empty() {
            s.set_officers(officers);
        }
        s
    }

    /// The roster arrived or changed (it comes after the dialog opens).
    pub fn set_officers(&mut self, officers: &[Officer]) {
        self.pick.set_list(FilterList::new(
            officers
                .iter()
                .filter(|o| o.active)
                .map(|o| (o.name.clone(), ())),
        ));
        self.roster = Some(officers.to_vec());
    }

    /// A new office: the roster arrived and holds nobody.
    pub fn roster_is_empty(&self) -> bool {
        self.roster.as_ref().is_some_and(Vec::is_empty)
    }

    /// What Enter does: the officer typed exactly or selected; on an empty roster
    /// the typed name as the first officer; else why not. `None`: nothing to do yet
    /// (nothing typed, or the roster has not arrived).
    pub fn choice(&self) -> Option<SignInChoice> {
        let roster = self.roster.as_ref()?;
        let typed = self.pick.typed();
        if roster.is_empty() {
            return (!typed.is_empty()).then(|| SignInChoice::First(typed.to_string()));
        }
        let list = &self.pick.list;
        if list.shown().any(|e| e.name == typed) {
            return Some(SignInChoice::Officer(typed.to_string()));
        }
        if let Some(e) = list.selected() {
            return Some(SignInChoice::Officer(e.name.clone()));
        }
        if typed.is_empty() {
            return None;
        }
        if roster.iter().any(|o| o.name == typed && !o.active) {
            return Some(SignInChoice::Refused(RosterError::Retired(
                typed.to_string(),
            )));
        }
        let active = roster.iter().filter(|o| o.active).map(|o| o.name.as_str());
        Some(SignInChoice::Refused(RosterError::Unknown {
            name: typed.to_string(),
            closest: closest(typed, active, |n| crate::search::name_pinyin(n).full),
        }))
    }

    fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let s = cx.s;
        let list = &self.pick.list;
        let list_h = (list.shown_len() as u16).clamp(1, 10);
        // A refusal says what to do, which takes more than one line of the dialog:
        // it wraps (the dialog's inner width is 58) instead of being cut.
        let error: Vec<String> = self
            .error
            .as_ref()
            .map(|e| super::summary::wrap(&safe(&e.text(cx.lang)), 58))
            .unwrap_or_default()
            .into_iter()
            .take(4)
            .collect();
        let (rest, caret) = prompt_dialog(
            f,
            area,
            cx,
            (s.signin_title.to_string(), s.signin_prompt),
            &self.pick.input,
            !self.waiting,
            list_h + 7 + (error.len() as u16).saturating_sub(1),
        )?;
        let width = rest.width as usize;
        let header = if self.roster_is_empty() {
            crate::words::desk::roster::empty_roster(cx.lang)
        } else {
            s.signin_known
        };
        let mut lines: Vec<Line<'static>> = vec![
            Line::from(""),
            fill_line(vec![Span::raw(header)], width, cx.theme.header()),
        ];
        lines.extend(
            list.lines(list_h as usize, width, true, cx, |row| match row {
                Row::Item(e) => vec![Span::raw(format!("  {}", safe(&e.name)))],
                Row::Tail(_) => Vec::new(),
            }),
        );
        for line in error {
            lines.push(clip_line(vec![Span::styled(line, cx.theme.bad())], width));
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
        match self.pick.on_key(ev, chord, cx) {
            PickKey::Choose => match self.choice() {
                Some(SignInChoice::Officer(name)) => self.send(name),
                Some(SignInChoice::First(name)) => {
                    Handled::with([Effect::Push(Confirm::ask(Question::FirstOfficer(name)))])
                }
                Some(SignInChoice::Refused(why)) => {
                    self.error = Some(Problem::Roster(why));
                    Handled::done()
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
        Handled::Consumed(self.pick.paste(text))
    }

    fn on_answer(&mut self, question: &Question, yes: bool, _cx: &Shared<'_>) -> Vec<Effect> {
        match question {
            Question::FirstOfficer(name) if yes && !self.waiting => {
                self.waiting = true;
                self.error = None;
                vec![Effect::Send(Request::SignIn {
                    officer: name.clone(),
                })]
            }
            _ => Vec::new(),
        }
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

impl SignIn {
    fn send(&mut self, officer: String) -> Handled {
        self.waiting = true;
        self.error = None;
        Handled::with([Effect::Send(Request::SignIn { officer })])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::panes::tests::officer;

    fn typed(s: &mut SignIn, text: &str) {
        s.pick.input.set_value(text);
        s.pick.list.refilter(text);
    }

    #[test]
    fn finds_officers_by_pinyin_and_refuses_a_name_off_the_roster() {
        let mut s = SignIn::new(&[officer("王科员"), officer("李娜")]);
        s.pick.paste("ln");
        assert_eq!(s.choice(), Some(SignInChoice::Officer("李娜".into())));
        typed(&mut s, "王科员");
        assert_eq!(s.choice(), Some(SignInChoice::Officer("王科员".into())));
        typed(&mut s, "王课员");
        let Some(SignInChoice::Refused(RosterError::Unknown { name, closest })) = s.choice() else {
            panic!("a typo is refused: {:?}", s.choice());
        };
        assert_eq!(name, "王课员");
        assert_eq!(closest, vec!["王科员".to_string()]);
    }

    #[test]
    fn the_first_officer_of_an_empty_roster_is_asked_for() {
        let mut s = SignIn::new(&[]);
        typed(&mut s, "刘洋");
        assert_eq!(s.choice(), None, "the roster has not arrived yet");
        s.set_officers(&[]);
        assert!(s.roster_is_empty());
        assert_eq!(s.choice(), Some(SignInChoice::First("刘洋".into())));
    }

    #[test]
    fn a_retired_officer_is_refused() {
        let mut old = officer("赵强");
        old.active = false;
        let mut s = SignIn::new(&[officer("王科员"), old]);
        typed(&mut s, "赵强");
        assert_eq!(
            s.choice(),
            Some(SignInChoice::Refused(RosterError::Retired("赵强".into())))
        );
    }
}
