//! The desk's state and how it changes (the Elm architecture): `update` takes one
//! message (a key, a paste, a tick, an answer from the worker) and returns the
//! commands to carry out (requests for the worker, quitting). It never touches the
//! terminal or the disk, so tests drive it directly.

use super::desk::Desk;
pub use super::desk::Pane;
use super::keymap::{Action, Context, KeyChord, Keymap};
use super::layer::{Effect, Handled, Layer, Layers, Shared};
use super::panes::confirm::{Confirm, Question};
use super::panes::handover::ShiftState;
use super::panes::signin::SignIn;
use super::theme::Theme;
use super::worker::{Request, Response};
use crate::domain::Lang;
use crate::store::{Category, DeskCounts, Officer};
use crate::words::desk::{strings, Problem, Strings};
use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyEvent, KeyEventKind};
use std::time::{Duration, Instant};

/// The shared state as layers see it, borrowed field by field so that a layer of
/// `layers` can be borrowed mutably beside it.
macro_rules! shared {
    ($app:ident) => {
        Shared {
            keymap: &$app.keymap,
            lang: $app.lang,
            officer: $app.officer.as_deref(),
            officers: &$app.officers,
            shift: &$app.shift,
            categories: &$app.categories,
            units: &$app.units,
            max_extension_days: $app.max_extension_days,
            max_representatives: $app.max_representatives,
            upper_days: $app.upper_days,
        }
    };
}

/// How often the desk asks whether another desk wrote.
pub const POLL_EVERY: Duration = Duration::from_millis(500);
/// The same on a record that says when another desk writes ([`Response::Watching`]):
/// the poll then only catches the new day, and a signal that went missing.
pub const WATCHED_POLL_EVERY: Duration = Duration::from_secs(5);
const INFO_FOR: Duration = Duration::from_secs(5);
const ERROR_FOR: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Tick {
        now: DateTime<FixedOffset>,
        at: Instant,
    },
    Worker(Response),
    /// The terminal's size, at start and whenever it changes.
    Resize {
        width: u16,
        height: u16,
    },
}

#[derive(Debug)]
pub enum Command {
    Send(Request),
    Quit,
}

#[derive(Debug, Clone)]
pub struct StatusMessage {
    pub body: Problem,
    pub error: bool,
    pub until: Instant,
}

impl StatusMessage {
    /// The message in `lang` (an error with its label), worded when drawn so that
    /// Ctrl-L turns it too.
    pub fn text(&self, lang: Lang) -> String {
        let body = self.body.text(lang);
        if self.error {
            let s = strings(lang);
            format!("{}{body}", s.colon(s.error))
        } else {
            body
        }
    }
}

/// What the desk starts from.
pub struct AppInit {
    pub lang: Lang,
    pub officer: Option<String>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub now: DateTime<FixedOffset>,
    pub max_extension_days: u32,
}

pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    pub officer: Option<String>,
    pub now: DateTime<FixedOffset>,
    /// The panes under the layers.
    pub desk: Desk,
    /// The dialogs and views over the panes, bottom first.
    pub layers: Layers,
    pub shift: ShiftState,
    pub status: Option<StatusMessage>,
    pub counts: DeskCounts,
    /// Today's leaders' receptions, for the status line.
    pub receptions: Vec<crate::domain::leaders::ReceptionBrief>,
    pub officers: Vec<Officer>,
    pub units: Vec<String>,
    pub categories: Vec<Category>,
    pub max_extension_days: u32,
    /// The office's Art. 20 limit; the default until the desk sets the configured one.
    pub max_representatives: usize,
    /// The upper deadline the check-in form pre-fills (`[clocks] upper_days`).
    pub upper_days: u32,
    last_poll: Option<Instant>,
    /// [`POLL_EVERY`], or [`WATCHED_POLL_EVERY`] while the record signals writes.
    pub(super) poll_every: Duration,
    /// The terminal's size once known; below the desk's minimum only quitting and
    /// the language act, since nothing else can be seen.
    pub size: Option<(u16, u16)>,
    /// A check-in left unsaved last time, opened once the lists it needs arrive.
    pub pending_draft: Option<crate::tui::draft::Draft>,
}

impl App {
    pub fn new(init: AppInit) -> App {
        let mut layers = Layers::default();
        if init.officer.is_none() {
            layers.push(Box::new(SignIn::new(&[])));
        }
        App {
            lang: init.lang,
            theme: init.theme,
            keymap: init.keymap,
            officer: init.officer,
            now: init.now,
            desk: Desk::default(),
            layers,
            shift: ShiftState::default(),
            status: None,
            counts: DeskCounts::default(),
            receptions: Vec::new(),
            officers: Vec::new(),
            units: Vec::new(),
            categories: Vec::new(),
            max_extension_days: init.max_extension_days,
            max_representatives: crate::domain::flags::FlagConfig::default().max_representatives,
            upper_days: crate::domain::clocks::ClockConfig::default().upper_days,
            last_poll: None,
            poll_every: POLL_EVERY,
            size: None,
            pending_draft: None,
        }
    }

    /// The first requests: everything the desk shows.
    pub fn start(&mut self) -> Vec<Command> {
        let mut out = vec![Command::Send(Request::Load)];
        out.extend(self.start_shift());
        out
    }

    pub fn s(&self) -> &'static Strings {
        strings(self.lang)
    }

    /// What the layers may read of the desk's shared state.
    pub fn shared(&self) -> Shared<'_> {
        shared!(self)
    }

    /// Where keys go now, for the hint line and the help overlay.
    pub fn context(&self) -> Context {
        match self.layers.top() {
            Some(layer) => layer.context(),
            None => self.desk.focus.context(),
        }
    }

    /// The open check-in form's typed text, if any: what a signal must not lose.
    pub fn draft(&self) -> Option<crate::tui::draft::Draft> {
        use crate::tui::panes::checkin::CheckInForm;
        self.layers
            .find::<CheckInForm>()
            .filter(|f| f.has_input())
            .map(CheckInForm::to_draft)
    }

    /// Whether quitting now would lose something typed into a form.
    pub fn has_unsaved(&self) -> bool {
        self.layers.has_unsaved()
    }

    /// Shows a message in the status line for a few seconds.
    pub fn flash(&mut self, body: impl Into<Problem>, error: bool) {
        let until = Instant::now() + if error { ERROR_FOR } else { INFO_FOR };
        self.status = Some(StatusMessage {
            body: body.into(),
            error,
            until,
        });
    }

    /// A notice the desk gives by itself at start (the shift resumed, rounds
    /// late): shown unless a problem is on the status line, such as a broken
    /// keymap, which matters more and would otherwise be gone before it was read.
    pub fn notice(&mut self, body: impl Into<Problem>) {
        let showing_error = self
            .status
            .as_ref()
            .is_some_and(|m| m.error && m.until > Instant::now());
        if !showing_error {
            self.flash(body, false);
        }
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        match msg {
            Msg::Key(ev) => self.on_key(ev),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Tick { now, at } => self.on_tick(now, at),
            Msg::Worker(r) => self.on_response(r),
            Msg::Resize { width, height } => {
                self.size = Some((width, height));
                Vec::new()
            }
        }
    }

    fn on_tick(&mut self, now: DateTime<FixedOffset>, at: Instant) -> Vec<Command> {
        self.now = now;
        if self.status.as_ref().is_some_and(|m| m.until <= at) {
            self.status = None;
        }
        if self
            .last_poll
            .is_some_and(|t| at.duration_since(t) < self.poll_every)
        {
            return Vec::new();
        }
        self.last_poll = Some(at);
        vec![self.poll()]
    }

    /// Asks the worker to refresh what is on screen if the record changed.
    pub(super) fn poll(&self) -> Command {
        Command::Send(Request::Poll {
            case_no: self.desk.timeline.case_no().map(str::to_string),
            person: self
                .desk
                .lookup
                .person
                .as_ref()
                .map(|p| p.detail.card.petitioner_id),
            officer: self.officer.clone(),
        })
    }

    /// A key goes to the topmost layer; one that ignores it passes it down, and the
    /// panes take what no layer took.
    fn on_key(&mut self, ev: KeyEvent) -> Vec<Command> {
        if ev.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let chord = KeyChord::from_event(&ev);
        if self.too_small() && !self.acts_while_too_small(&ev, &chord) {
            return Vec::new();
        }
        if let Some(out) = self.route(|layer, cx| layer.on_key(&ev, &chord, cx)) {
            return out;
        }
        let shared = shared!(self);
        let effects = self.desk.on_key(&ev, &chord, &shared);
        self.apply(None, effects)
    }

    /// Pasted text goes where a key would.
    fn on_paste(&mut self, text: &str) -> Vec<Command> {
        if self.too_small() {
            return Vec::new();
        }
        if let Some(out) = self.route(|layer, cx| layer.on_paste(text, cx)) {
            return out;
        }
        let effects = self.desk.on_paste(text);
        self.apply(None, effects)
    }

    /// Offers an event to the layers, top first, until one takes it.
    fn route(
        &mut self,
        mut offer: impl FnMut(&mut dyn Layer, &Shared<'_>) -> Handled,
    ) -> Option<Vec<Command>> {
        for i in (0..self.layers.len()).rev() {
            let shared = shared!(self);
            let layer = self.layers.get_mut(i)?;
            if let Handled::Consumed(effects) = offer(&mut **layer, &shared) {
                return Some(self.apply(Some(i), effects));
            }
        }
        None
    }

    /// Carries out what the layer at `origin` (none: the desk) asked for.
    pub(super) fn apply(
        &mut self,
        mut origin: Option<usize>,
        effects: Vec<Effect>,
    ) -> Vec<Command> {
        let mut out = Vec::new();
        for effect in effects {
            match effect {
                Effect::Send(r) => out.push(Command::Send(r)),
                Effect::Quit => out.push(Command::Quit),
                Effect::AskQuit => out.extend(self.quit()),
                Effect::Close => {
                    if let Some(i) = origin.take() {
                        self.layers.remove(i);
                    }
                }
                Effect::Push(layer) => match self.shift.handed_over() {
                    Some(refusal) if layer.records_on_shift() => {
                        self.flash(Problem::Duty(refusal), true)
                    }
                    _ => self.layers.push(layer),
                },
                Effect::Flash(problem, error) => self.flash(problem, error),
                Effect::ToggleLang => self.toggle_lang(),
                Effect::Desk(action) => {
                    let shared = shared!(self);
                    let effects = self.desk.act(action, &shared);
                    out.extend(self.apply(None, effects));
                }
                Effect::Answer(question, yes) => out.extend(self.answer(question, yes)),
                Effect::OpenHandover(subject) => out.extend(self.open_handover(subject)),
                Effect::Resummarize => out.extend(self.resummarize()),
            }
        }
        out
    }

    /// A question was answered: quitting is the desk's own question, any other
    /// goes to the layer that asked it (now on top).
    fn answer(&mut self, question: Question, yes: bool) -> Vec<Command> {
        if question == Question::Quit {
            return if yes { vec![Command::Quit] } else { Vec::new() };
        }
        // The queue is the desk's, not a layer's: its question is answered here.
        if let Question::LeftUnseen { contact_id, .. } = question {
            return match (yes, self.officer.as_deref()) {
                (true, Some(officer)) => vec![Command::Send(super::panes::queue::move_request(
                    officer,
                    contact_id,
                    crate::store::QueueAction::Left,
                ))],
                _ => Vec::new(),
            };
        }
        if let Question::UndoMove { contact_id, .. } = question {
            return match (yes, self.officer.as_deref()) {
                (true, Some(officer)) => vec![Command::Send(Request::QueueUndo {
                    officer: officer.to_string(),
                    contact_id,
                })],
                _ => Vec::new(),
            };
        }
        // Adding to the roster is asked from any picker; the desk sends it.
        if let Question::AddOfficer(name) = question {
            return match (yes, self.officer.clone()) {
                (true, Some(officer)) => vec![Command::Send(super::worker::Request::AddOfficer {
                    officer,
                    name,
                })],
                _ => Vec::new(),
            };
        }
        let Some(i) = self.layers.len().checked_sub(1) else {
            return Vec::new();
        };
        let shared = shared!(self);
        let Some(layer) = self.layers.get_mut(i) else {
            return Vec::new();
        };
        let effects = layer.on_answer(&question, yes, &shared);
        self.apply(Some(i), effects)
    }

    /// Leaves, or asks first when a form holds input.
    pub(super) fn quit(&mut self) -> Vec<Command> {
        if self.has_unsaved() {
            self.layers.close::<Confirm>();
            self.layers.push(Confirm::ask(Question::Quit));
            Vec::new()
        } else {
            vec![Command::Quit]
        }
    }

    pub(super) fn toggle_lang(&mut self) {
        self.lang = match self.lang {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
    }

    /// Whether the terminal is too small to show the desk.
    pub fn too_small(&self) -> bool {
        self.size.is_some_and(|(w, h)| !super::shared::fits(w, h))
    }

    /// While the desk cannot be seen, a key acts only when it quits or switches the
    /// language where it is pressed (typed text is not a key for either).
    fn acts_while_too_small(&self, ev: &KeyEvent, chord: &KeyChord) -> bool {
        let action = match self.layers.top() {
            Some(layer) => layer.action(&self.keymap, chord),
            None => self.desk.action(ev, chord, &self.shared()),
        };
        matches!(action, Some(Action::Quit | Action::ToggleLang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::panes::checkin::{CheckInForm, Field};
    use crate::tui::panes::help::Help;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn press(a: &mut App, code: KeyCode, mods: KeyModifiers) -> Vec<Command> {
        a.update(Msg::Key(KeyEvent::new(code, mods)))
    }

    fn key(a: &mut App, code: KeyCode) -> Vec<Command> {
        press(a, code, KeyModifiers::NONE)
    }

    /// Keys, context, hints and the quit question follow the stack: a form, the
    /// question over it, the help over that, each closing back to the one below.
    #[test]
    fn the_stack_decides_where_keys_go_and_what_quitting_asks() {
        let mut a = App::new(AppInit {
            lang: Lang::En,
            officer: Some("王科员".into()),
            keymap: Keymap::defaults(),
            theme: Theme { color: false },
            now: chrono::DateTime::parse_from_rfc3339("2026-11-28T10:30:00+08:00").unwrap(),
            max_extension_days: 30,
        });
        key(&mut a, KeyCode::Char('n'));
        assert!(a.layers.has::<CheckInForm>());
        assert_eq!(a.context(), Context::Form);
        key(&mut a, KeyCode::Char('q'));
        assert!(a.has_unsaved(), "q is typed into the name");
        assert!(press(&mut a, KeyCode::Char('c'), KeyModifiers::CONTROL).is_empty());
        assert_eq!(a.context(), Context::Confirm, "quitting asks first");
        key(&mut a, KeyCode::F(1));
        assert!(a.layers.top().is_some_and(|l| l.context() == Context::Help));
        assert!(a.layers.has::<Help>());
        key(&mut a, KeyCode::Esc);
        assert_eq!(
            a.context(),
            Context::Confirm,
            "the help closes back to the question"
        );
        key(&mut a, KeyCode::Char('n'));
        assert_eq!(a.context(), Context::Form, "no: the form is still there");
        assert_eq!(
            a.layers.find::<CheckInForm>().unwrap().value(Field::Name),
            "q"
        );
        key(&mut a, KeyCode::Esc);
        assert_eq!(a.context(), Context::Confirm, "discarding typed input asks");
        key(&mut a, KeyCode::Char('y'));
        assert!(a.layers.is_empty());
        assert_eq!(a.context(), Context::Queue);
        assert!(matches!(
            key(&mut a, KeyCode::Char('q')).as_slice(),
            [Command::Quit]
        ));
    }
}
