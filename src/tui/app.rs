//! The desk's state and how it changes (the Elm architecture): `update` takes one
//! message (a key, a paste, a tick, an answer from the worker) and returns the
//! commands to carry out (requests for the worker, quitting). It never touches the
//! terminal or the disk, so tests drive it directly.

use super::keymap::{Context, Keymap};
use super::panes::checkin::{CheckInForm, Field};
use super::panes::handover::{HandoverView, ShiftState};
use super::panes::help::{Confirm, Help};
use super::panes::lookup::LookupPane;
use super::panes::picker::PickerPane;
use super::panes::queue::QueuePane;
use super::panes::signin::SignIn;
use super::panes::stepform::StepForm;
use super::panes::timeline::TimelinePane;
use super::strings::{strings, Problem, Strings};
use super::theme::Theme;
use super::worker::{CaseWrite, Failed, LookupFor, Request, Response};
use crate::domain::{Flag, Lang};
use crate::store::{Category, DeskCounts, Officer};
use crate::text::sanitize_for_display;
use crate::words::timeline::EventWords;
use crate::words::Label;
use chrono::{DateTime, FixedOffset};
use crossterm::event::KeyEvent;
use std::time::{Duration, Instant};

/// How often the desk asks whether another desk wrote.
pub const POLL_EVERY: Duration = Duration::from_millis(500);
const INFO_FOR: Duration = Duration::from_secs(5);
const ERROR_FOR: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Queue,
    Lookup,
    Picker,
    Timeline,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Queue, Pane::Lookup, Pane::Picker, Pane::Timeline];

    pub fn context(self) -> Context {
        match self {
            Pane::Queue => Context::Queue,
            Pane::Lookup => Context::Lookup,
            Pane::Picker => Context::Picker,
            Pane::Timeline => Context::Timeline,
        }
    }

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn title(self, s: &Strings) -> &'static str {
        match self {
            Pane::Queue => s.tab_queue,
            Pane::Lookup => s.tab_lookup,
            Pane::Picker => s.tab_picker,
            Pane::Timeline => s.tab_timeline,
        }
    }

    /// Wide terminals show a list pane (left) beside a case pane (right).
    pub fn is_left(self) -> bool {
        matches!(self, Pane::Queue | Pane::Lookup)
    }
}

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Tick {
        now: DateTime<FixedOffset>,
        at: Instant,
    },
    Worker(Response),
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
    pub focus: Pane,
    pub prev_focus: Pane,
    /// The panes shown side by side on a wide terminal.
    pub left: Pane,
    pub right: Pane,
    pub queue: QueuePane,
    pub lookup: LookupPane,
    pub picker: PickerPane,
    pub timeline: TimelinePane,
    pub checkin: Option<CheckInForm>,
    pub step: Option<StepForm>,
    pub signin: Option<SignIn>,
    pub help: Option<Help>,
    pub confirm: Option<Confirm>,
    /// The handover view, over the panes while it is open.
    pub handover: Option<HandoverView>,
    pub shift: ShiftState,
    pub status: Option<StatusMessage>,
    pub counts: DeskCounts,
    pub officers: Vec<Officer>,
    pub units: Vec<String>,
    pub categories: Vec<Category>,
    pub max_extension_days: u32,
    /// The walk-in just checked in, to select once the queue shows them.
    pub(super) select_contact: Option<i64>,
    last_poll: Option<Instant>,
}

impl App {
    pub fn new(init: AppInit) -> App {
        let signin = init.officer.is_none().then(SignIn::new);
        App {
            lang: init.lang,
            theme: init.theme,
            keymap: init.keymap,
            officer: init.officer,
            now: init.now,
            focus: Pane::Queue,
            prev_focus: Pane::Queue,
            left: Pane::Queue,
            right: Pane::Timeline,
            queue: QueuePane::default(),
            lookup: LookupPane::default(),
            picker: PickerPane::default(),
            timeline: TimelinePane::default(),
            checkin: None,
            step: None,
            signin,
            help: None,
            confirm: None,
            handover: None,
            shift: ShiftState::default(),
            status: None,
            counts: DeskCounts::default(),
            officers: Vec::new(),
            units: Vec::new(),
            categories: Vec::new(),
            max_extension_days: init.max_extension_days,
            select_contact: None,
            last_poll: None,
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

    /// Where keys go now, for the hint line and the help overlay.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            Context::Help
        } else if self.confirm.is_some() {
            Context::Confirm
        } else if self.signin.is_some() || self.step.is_some() || self.checkin.is_some() {
            Context::Form
        } else if let Some(view) = &self.handover {
            if view.typing() {
                Context::Form
            } else {
                Context::Handover
            }
        } else {
            self.focus.context()
        }
    }

    /// Whether quitting now would lose something typed into a form.
    pub fn has_unsaved(&self) -> bool {
        self.checkin.as_ref().is_some_and(|f| f.has_input())
            || self.step.as_ref().is_some_and(|f| f.has_input())
            || self.handover.as_ref().is_some_and(|v| v.notes_changed())
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

    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        match msg {
            Msg::Key(ev) => self.on_key(ev),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Tick { now, at } => self.on_tick(now, at),
            Msg::Worker(r) => self.on_response(r),
        }
    }

    fn on_tick(&mut self, now: DateTime<FixedOffset>, at: Instant) -> Vec<Command> {
        self.now = now;
        if self.status.as_ref().is_some_and(|m| m.until <= at) {
            self.status = None;
        }
        if self
            .last_poll
            .is_some_and(|t| at.duration_since(t) < POLL_EVERY)
        {
            return Vec::new();
        }
        self.last_poll = Some(at);
        vec![Command::Send(Request::Poll {
            case_no: self.timeline.case_no().map(str::to_string),
            person: self
                .lookup
                .person
                .as_ref()
                .map(|p| p.detail.card.petitioner_id),
            officer: self.officer.clone(),
        })]
    }

    pub(super) fn flags_text(&self, flags: &[Flag]) -> String {
        flags
            .iter()
            .map(|f| f.label(self.lang))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn on_response(&mut self, r: Response) -> Vec<Command> {
        let mut out = Vec::new();
        match r {
            Response::Lookup {
                seq,
                target: LookupFor::Pane,
                rows,
            } => {
                self.lookup.set_rows(seq, rows);
            }
            Response::Lookup {
                seq,
                target: LookupFor::Form,
                rows,
            } => {
                if let Some(form) = &mut self.checkin {
                    form.set_matches(seq, rows);
                }
            }
            Response::Queue { rows, counts } => {
                self.queue.set_rows(rows);
                self.counts = counts;
                if let Some(id) = self.select_contact.take() {
                    self.queue.select_contact(id);
                }
            }
            Response::Lists {
                officers,
                units,
                categories,
            } => {
                self.picker.set_lists(&officers, &units);
                self.officers = officers;
                self.units = units;
                self.categories = categories;
            }
            Response::Case(detail) => {
                self.timeline.set_case(detail);
            }
            Response::Person(detail) => {
                if let Some(link) = self.checkin.as_mut().and_then(|f| f.link.as_mut()) {
                    if link.petitioner_id == detail.card.petitioner_id {
                        let open = detail
                            .cases
                            .iter()
                            .filter(|c| c.status.is_open())
                            .cloned()
                            .collect();
                        link.open_cases = Some(open);
                    }
                }
                self.lookup.set_person(detail);
            }
            Response::SignedIn { officer } => {
                self.signin = None;
                self.flash(format!("{} {}", self.s().on_duty, officer), false);
                self.officer = Some(officer);
                out.extend(self.start_shift());
            }
            Response::CheckedIn(result) => {
                let name = self
                    .checkin
                    .as_ref()
                    .map(|f| f.value(Field::Name).to_string())
                    .unwrap_or_default();
                self.checkin = None;
                let s = self.s();
                let number = match (&result.queue_no, &result.letter_no) {
                    (Some(q), _) => s.queue_no(*q),
                    (None, Some(l)) => s.letter_no(l),
                    (None, None) => result.channel.label(self.lang).to_string(),
                };
                let mut text = s.checked_in(
                    &name,
                    &number,
                    &result.case_no,
                    &self.flags_text(&result.flags),
                );
                let candidates: Vec<(i64, String, String)> = result
                    .candidates
                    .iter()
                    .map(|c| {
                        (
                            c.petitioner_id,
                            sanitize_for_display(&c.name).into_owned(),
                            c.reason.clone(),
                        )
                    })
                    .collect();
                // The doubts go first: on a narrow status line they must stay visible.
                for notice in s.checkin_notices(&result).into_iter().rev() {
                    text = format!("{notice} · {text}");
                }
                if !candidates.is_empty() {
                    text = format!("{} · {text}", s.possible_same(&candidates));
                }
                self.flash(text, false);
                self.select_contact = Some(result.contact_id);
                self.queue.select_contact(result.contact_id);
                self.set_focus(Pane::Queue);
            }
            Response::Moved { contact_id, status } => {
                let no = self
                    .queue
                    .rows
                    .iter()
                    .find(|r| r.contact_id == contact_id)
                    .map(|r| r.queue_no);
                if let Some(no) = no {
                    self.flash(self.s().moved(no, status.label(self.lang)), false);
                }
            }
            Response::CaseWritten { case_no, what } => {
                self.step = None;
                let s = self.s();
                let label = match what {
                    CaseWrite::Step(step) => step.label(self.lang).to_string(),
                    CaseWrite::Assign => s.assigned.to_string(),
                    CaseWrite::Extend => crate::domain::EventKind::Extend
                        .label(self.lang)
                        .to_string(),
                    CaseWrite::Annotate(kind) => kind.label(self.lang).to_string(),
                };
                self.flash(format!("{case_no} · {label} · {}", s.step_done), false);
                if what == CaseWrite::Assign {
                    // The new assignment shows on the timeline, newest first.
                    self.timeline.newest_first = true;
                    self.timeline.sel.reset();
                    self.set_focus(Pane::Timeline);
                }
            }
            Response::Revealed(r) => {
                self.lookup.revealed = Some(r);
                self.flash(self.s().reveal_recorded, false);
            }
            Response::Shift(r) => out.extend(self.on_shift(*r)),
            Response::Error { failed, problem } => out.extend(self.on_error(failed, problem)),
        }
        out
    }

    fn on_error(&mut self, failed: Failed, problem: Problem) -> Vec<Command> {
        match failed {
            Failed::SignIn => {
                if let Some(signin) = &mut self.signin {
                    signin.waiting = false;
                    signin.error = Some(problem.clone());
                }
            }
            Failed::CheckIn => {
                if let Some(form) = &mut self.checkin {
                    form.saving = false;
                    // Input errors start with the field's code ("phone: …"); the
                    // form checks its fields before sending, so these are rare.
                    let field = match &problem {
                        Problem::Other(m) => m
                            .split_once(':')
                            .and_then(|(code, _)| Field::from_code(code.trim())),
                        _ => None,
                    };
                    if let Some(field) = field {
                        form.focus_field(field);
                    }
                    // A locked or missing file is no fault of the field in focus.
                    form.error = Some((field, problem.clone()));
                }
            }
            Failed::CaseWrite => {
                if let Some(form) = &mut self.step {
                    form.saving = false;
                    form.error = Some(problem.clone());
                }
            }
            Failed::Case => self.timeline.opening = None,
            Failed::Person => self.lookup.opening = None,
            Failed::Shift => self.shift_failed(),
            Failed::Lookup | Failed::Load | Failed::QueueMove | Failed::Reveal => {}
        }
        self.flash(problem, true);
        Vec::new()
    }

    /// Gives a pane the keyboard, remembering where it came from for Back.
    pub fn set_focus(&mut self, pane: Pane) {
        if pane != self.focus {
            self.prev_focus = self.focus;
        }
        self.focus = pane;
        if pane.is_left() {
            self.left = pane;
        } else {
            self.right = pane;
        }
    }

    /// Opens a case on the timeline (and in the owner picker).
    pub(super) fn open_case(&mut self, case_no: &str) -> Vec<Command> {
        // Another case's details must not linger: a key pressed before the new case
        // arrives would act on the old one.
        if self.timeline.case_no() != Some(case_no) {
            self.timeline.detail = None;
        }
        self.timeline.opening = Some(case_no.to_string());
        vec![Command::Send(Request::Case {
            case_no: case_no.to_string(),
        })]
    }

    /// Asks for the people matching the lookup box.
    pub(super) fn send_lookup(&mut self) -> Vec<Command> {
        let seq = self.lookup.next_seq();
        let query = self.lookup.input.value().to_string();
        vec![Command::Send(Request::Lookup {
            seq,
            target: LookupFor::Pane,
            query,
        })]
    }

    /// Asks for people matching the check-in field being typed.
    pub(super) fn send_form_lookup(&mut self) -> Vec<Command> {
        let Some(form) = &mut self.checkin else {
            return Vec::new();
        };
        form.match_seq += 1;
        match form.lookup_query() {
            Some(query) => vec![Command::Send(Request::Lookup {
                seq: form.match_seq,
                target: LookupFor::Form,
                query,
            })],
            None => {
                form.matches.clear();
                Vec::new()
            }
        }
    }
}
