//! The small forms of 满意度评价 and 回访 on the timeline: which decision was
//! rated, how, and by what means; or what the 回访 found. Choices are picked with
//! ←/→ or their number, so no input method is needed; the note is typed.

use super::{centered, DrawCx, Reply};
use crate::domain::ratings::{FollowUpResult, RatingResult, RatingStage, RatingVia};
use crate::domain::{EventKind, Lang};
use crate::store::{CaseDetail, Evaluation, EventRow, FollowUp};
use crate::tui::input::TextInput;
use crate::tui::keymap::{Action, Context, KeyChord, Keymap, FORM_ACTIONS};
use crate::tui::layer::{paste_into, Effect, Handled, Layer, Shared};
use crate::tui::panes::confirm::{Confirm, Question};
use crate::tui::panes::help::Help;
use crate::tui::widgets::Form;
use crate::tui::worker::Request;
use crate::words::ratings as w;
use crate::words::Label;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatingKind {
    Evaluate,
    FollowUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RField {
    Stage,
    Result,
    Via,
    Text,
}

#[derive(Debug)]
pub struct RatingForm {
    pub case_no: String,
    pub kind: RatingKind,
    pub fields: Form<RField>,
    /// The stages the case has reached, latest last.
    stages: Vec<RatingStage>,
    /// The chosen entry of each choice field (stage, result, via). The result is
    /// the petitioner's answer: none until the officer picks it, so that saving
    /// at once records nothing rather than 满意.
    stage: usize,
    result: Option<usize>,
    via: usize,
    pub saving: bool,
}

fn day(e: &EventRow) -> Option<chrono::NaiveDate> {
    e.at.get(..10)?.parse().ok()
}

/// The stages a case's timeline has reached, in the order they were reached.
pub fn reached(events: &[EventRow]) -> Vec<RatingStage> {
    let mut out: Vec<(chrono::NaiveDate, RatingStage)> = Vec::new();
    for e in events {
        if let (Some(stage), Some(on)) = (RatingStage::of_event(e.kind), day(e)) {
            out.retain(|(_, s)| *s != stage);
            out.push((on, stage));
        }
    }
    out.into_iter().map(|(_, s)| s).collect()
}

/// The stages reached and not rated yet (a stage is rated once).
pub fn unrated(events: &[EventRow]) -> Vec<RatingStage> {
    let rated: Vec<RatingStage> = events
        .iter()
        .filter(|e| e.kind == EventKind::Evaluate)
        .filter_map(|e| e.detail.get("stage").and_then(Value::as_str))
        .filter_map(RatingStage::from_code)
        .collect();
    reached(events)
        .into_iter()
        .filter(|s| !rated.contains(s))
        .collect()
}

/// Whether the timeline shows a 不满意 rating whose 回访 has not been recorded.
pub fn follow_up_open(events: &[EventRow]) -> bool {
    let count = |kind: EventKind, dissatisfied: bool| {
        events
            .iter()
            .filter(|e| e.kind == kind)
            .filter(|e| !dissatisfied || e.detail.get("follow_up").is_some_and(Value::is_object))
            .count()
    };
    count(EventKind::Evaluate, true) > count(EventKind::FollowUp, false)
}

/// The timeline's rating keys that apply to this case now.
pub fn actions(d: &CaseDetail) -> Vec<Action> {
    let mut out = Vec::new();
    if !unrated(&d.events).is_empty() && d.merged_into.is_none() {
        out.push(Action::Evaluate);
    }
    if follow_up_open(&d.events) {
        out.push(Action::FollowUp);
    }
    out
}

/// The timeline's answer to the evaluate or follow-up key: the form, or at once
/// why the case cannot take it.
pub fn open(d: &CaseDetail, kind: RatingKind) -> Reply {
    let last_rated = d
        .events
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::Evaluate);
    let refusal = match kind {
        RatingKind::Evaluate if reached(&d.events).is_empty() => {
            Some(crate::domain::ratings::RatingError::StageNotReached {
                stage: RatingStage::Accept,
                reached: Vec::new(),
            })
        }
        // Every decision reached is rated: say the latest rating.
        RatingKind::Evaluate if unrated(&d.events).is_empty() => {
            last_rated.map(|e| crate::domain::ratings::RatingError::AlreadyRated {
                stage: e
                    .detail
                    .get("stage")
                    .and_then(Value::as_str)
                    .and_then(RatingStage::from_code)
                    .unwrap_or(RatingStage::Reply),
                rated_on: day(e).unwrap_or_default(),
            })
        }
        RatingKind::FollowUp if !follow_up_open(&d.events) => {
            Some(crate::domain::ratings::RatingError::NoOpenFollowUp)
        }
        _ => None,
    };
    if let Some(why) = refusal {
        return Reply::Effects(vec![Effect::Flash(
            crate::words::desk::Problem::Rating(why),
            true,
        )]);
    }
    let form = RatingForm::new(&d.case.case_no, kind, unrated(&d.events));
    Reply::Effects(vec![Effect::Push(Box::new(form))])
}

impl RatingForm {
    pub fn new(case_no: &str, kind: RatingKind, stages: Vec<RatingStage>) -> RatingForm {
        let fields: &[RField] = match kind {
            RatingKind::Evaluate => &[RField::Stage, RField::Result, RField::Via, RField::Text],
            RatingKind::FollowUp => &[RField::Result, RField::Text],
        };
        let fields = Form::new(fields.iter().map(|f| {
            (
                *f,
                TextInput::new().with_max_chars(crate::domain::intake::MAX_MATTER_CHARS),
            )
        }));
        RatingForm {
            case_no: case_no.to_string(),
            kind,
            fields,
            // The latest decision is the one most likely rated now.
            stage: stages.len().saturating_sub(1),
            stages,
            result: None,
            via: 0,
            saving: false,
        }
    }

    fn title(&self, lang: Lang) -> String {
        let what = w::form_title(lang, self.kind == RatingKind::FollowUp);
        format!("{what} · {}", self.case_no)
    }

    /// The labels of a choice field's entries.
    fn choices(&self, field: RField, lang: Lang) -> Vec<&'static str> {
        match (field, self.kind) {
            (RField::Stage, _) => self.stages.iter().map(|s| s.label(lang)).collect(),
            (RField::Result, RatingKind::Evaluate) => {
                RatingResult::ALL.iter().map(|r| r.label(lang)).collect()
            }
            (RField::Result, RatingKind::FollowUp) => {
                FollowUpResult::ALL.iter().map(|r| r.label(lang)).collect()
            }
            (RField::Via, _) => RatingVia::ALL.iter().map(|v| v.label(lang)).collect(),
            (RField::Text, _) => Vec::new(),
        }
    }

    fn chosen(&self, field: RField) -> Option<usize> {
        match field {
            RField::Stage => Some(self.stage),
            RField::Result => self.result,
            RField::Via => Some(self.via),
            RField::Text => None,
        }
    }

    /// ←/→ move the focused choice; a digit picks it. True when the key was one.
    pub fn choose(&mut self, ev: &KeyEvent) -> bool {
        let field = self.fields.field();
        let n = self.choices(field, Lang::Zh).len();
        if n == 0
            || ev
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        let next = match (ev.code, self.chosen(field)) {
            // Nothing picked yet: ← takes the last entry, → the first.
            (KeyCode::Left, None) => n - 1,
            (KeyCode::Right | KeyCode::Char(' '), None) => 0,
            (KeyCode::Left, Some(i)) => (i + n - 1) % n,
            (KeyCode::Right | KeyCode::Char(' '), Some(i)) => (i + 1) % n,
            (KeyCode::Char(c), _) if c.is_ascii_digit() => {
                let d = c.to_digit(10).unwrap_or(0) as usize;
                if !(1..=n).contains(&d) {
                    return true;
                }
                d - 1
            }
            _ => return false,
        };
        match field {
            RField::Stage => self.stage = next,
            RField::Result => self.result = Some(next),
            RField::Via => self.via = next,
            RField::Text => return false,
        }
        true
    }

    /// The request for the worker; none until the result is picked.
    pub fn request(&self, officer: &str) -> Option<Request> {
        let result = self.result?;
        let text =
            Some(self.fields.value(RField::Text).trim().to_string()).filter(|t| !t.is_empty());
        let (officer, case_no) = (officer.to_string(), self.case_no.clone());
        Some(match self.kind {
            RatingKind::Evaluate => Request::Evaluate {
                officer,
                case_no,
                evaluation: Evaluation {
                    stage: self
                        .stages
                        .get(self.stage)
                        .copied()
                        .unwrap_or(RatingStage::Reply),
                    result: RatingResult::ALL[result % RatingResult::ALL.len()],
                    via: RatingVia::ALL[self.via % RatingVia::ALL.len()],
                    date: None,
                    text,
                },
            },
            RatingKind::FollowUp => Request::FollowUp {
                officer,
                case_no,
                follow_up: FollowUp {
                    result: FollowUpResult::ALL[result % FollowUpResult::ALL.len()],
                    text,
                    date: None,
                },
            },
        })
    }

    fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let height = self.fields.fields().len() as u16 + 4;
        let rect = centered(area, 64.min(area.width.saturating_sub(4)).max(20), height);
        super::overlay(f, rect);
        let block = cx.block(self.title(cx.lang));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        if inner.height == 0 || inner.width < 10 {
            return None;
        }
        let lang = cx.lang;
        let label = |field: RField| w::form_label(lang, field_code(field, self.kind));
        let label_w = self.fields.label_width(label);
        let mut caret = None;
        for (i, field) in self.fields.fields().iter().enumerate() {
            let y = inner.y + i as u16;
            if y >= inner.bottom() {
                break;
            }
            let row = Rect::new(inner.x, y, inner.width, 1);
            let choices = self.choices(*field, lang);
            let value = (*field != RField::Text).then(|| {
                let mut spans = Vec::new();
                for (n, c) in choices.iter().enumerate() {
                    let style = if Some(n) == self.chosen(*field) {
                        cx.theme.selected()
                    } else {
                        cx.theme.dim()
                    };
                    spans.push(Span::styled(format!("{} {c}", n + 1), style));
                    spans.push(Span::raw("  "));
                }
                if i == self.fields.focus {
                    spans.push(Span::styled("←→", cx.theme.key()));
                }
                spans
            });
            let pos = self.fields.draw_row(
                f,
                row,
                i,
                (label(*field), label_w),
                value,
                (!self.saving, ""),
                cx,
            );
            caret = caret.or(pos);
        }
        let y = inner.bottom().saturating_sub(1);
        if let Some(line) = self.fields.error_line(inner.width as usize, label, cx) {
            f.render_widget(Paragraph::new(line), Rect::new(inner.x, y, inner.width, 1));
        }
        caret
    }
}

fn field_code(field: RField, kind: RatingKind) -> &'static str {
    match (field, kind) {
        (RField::Stage, _) => "stage",
        (RField::Result, RatingKind::Evaluate) => "result",
        (RField::Result, RatingKind::FollowUp) => "follow_up",
        (RField::Via, _) => "via",
        (RField::Text, _) => "text",
    }
}

impl Layer for RatingForm {
    fn context(&self) -> Context {
        Context::Form
    }

    fn action(&self, keymap: &Keymap, chord: &KeyChord) -> Option<Action> {
        keymap.other_form_action(chord)
    }

    fn on_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        if self.saving {
            return Handled::done();
        }
        let action = cx.keymap.other_form_action(chord);
        let on_choice = self.fields.field() != RField::Text;
        match action {
            Some(Action::Save) => return Handled::Consumed(self.submit(cx)),
            Some(Action::Confirm) if self.fields.is_last() => {
                return Handled::Consumed(self.submit(cx))
            }
            Some(Action::Confirm | Action::NextField) => self.fields.next_field(),
            Some(Action::PrevField) => self.fields.prev_field(),
            Some(Action::Back) if self.has_unsaved() => {
                return Handled::with([Effect::Push(Confirm::ask(Question::DiscardStep))])
            }
            Some(Action::Back) => return Handled::with([Effect::Close]),
            Some(Action::Quit) => return Handled::with([Effect::AskQuit]),
            Some(Action::ToggleLang) => return Handled::with([Effect::ToggleLang]),
            Some(Action::Help) => {
                return Handled::with([Effect::Push(Box::new(Help::form(FORM_ACTIONS, false)))])
            }
            _ if on_choice => {
                if self.choose(ev) {
                    self.fields.error = None;
                }
            }
            _ => {
                if self.fields.input_mut().handle_key(ev) {
                    self.fields.error = None;
                }
            }
        }
        Handled::done()
    }

    fn on_paste(&mut self, text: &str, _cx: &Shared<'_>) -> Handled {
        if self.fields.field() == RField::Text {
            return Handled::Consumed(paste_into(self.fields.input_mut(), text));
        }
        Handled::done()
    }

    fn on_answer(&mut self, question: &Question, yes: bool, _cx: &Shared<'_>) -> Vec<Effect> {
        if yes && *question == Question::DiscardStep {
            return vec![Effect::Close];
        }
        Vec::new()
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        vec![Action::Save, Action::NextField, Action::Back]
    }

    fn has_unsaved(&self) -> bool {
        self.result.is_some() || !self.fields.value(RField::Text).trim().is_empty()
    }

    fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>, _: &Shared<'_>) -> Option<Position> {
        self.render(f, area, cx)
    }

    fn takes_focus(&self) -> bool {
        true
    }
}

impl RatingForm {
    fn submit(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        let Some(officer) = cx.officer else {
            return Vec::new();
        };
        let Some(request) = self.request(officer) else {
            self.fields.fail(
                RField::Result,
                crate::words::desk::Problem::Worded(w::pick_result),
            );
            return Vec::new();
        };
        self.saving = true;
        self.fields.error = None;
        vec![Effect::Send(request)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: EventKind, at: &str, detail: Value) -> EventRow {
        EventRow {
            id: 0,
            at: at.into(),
            officer: "王科员".into(),
            kind,
            detail,
        }
    }

    #[test]
    fn stages_reached_and_open_follow_ups_come_from_the_timeline() {
        let mut events = vec![
            event(EventKind::Accept, "2026-11-02T09:00:00+08:00", json!({})),
            event(EventKind::Reply, "2026-11-20T09:00:00+08:00", json!({})),
        ];
        assert_eq!(reached(&events), [RatingStage::Accept, RatingStage::Reply]);
        assert!(!follow_up_open(&events));
        events.push(event(
            EventKind::Evaluate,
            "2026-11-21T09:00:00+08:00",
            json!({"stage": "reply", "result": "dissatisfied",
                   "follow_up": {"chief": "王科员", "due": "2026-12-06"}}),
        ));
        assert!(follow_up_open(&events));
        events.push(event(
            EventKind::FollowUp,
            "2026-11-25T09:00:00+08:00",
            json!({"result": "settled"}),
        ));
        assert!(!follow_up_open(&events));
        assert_eq!(unrated(&events), [RatingStage::Accept]);
    }

    #[test]
    fn choices_move_with_arrows_and_digits() {
        let mut form = RatingForm::new(
            "2026-000001",
            RatingKind::Evaluate,
            vec![RatingStage::Accept, RatingStage::Reply],
        );
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        // The latest decision is chosen first.
        assert_eq!(form.stage, 1);
        assert!(form.choose(&key(KeyCode::Right)));
        assert_eq!(form.stage, 0);
        form.fields.next_field();
        assert!(form.choose(&key(KeyCode::Char('3'))));
        match form.request("王科员") {
            Some(Request::Evaluate { evaluation, .. }) => {
                assert_eq!(evaluation.stage, RatingStage::Accept);
                assert_eq!(evaluation.result, RatingResult::Dissatisfied);
                assert_eq!(evaluation.via, RatingVia::InPerson);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_result_is_never_assumed() {
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        for kind in [RatingKind::Evaluate, RatingKind::FollowUp] {
            let mut form = RatingForm::new("2026-000001", kind, vec![RatingStage::Accept]);
            form.fields.focus_field(RField::Result);
            assert!(
                form.request("王科员").is_none(),
                "nothing picked, nothing sent"
            );
            assert!(!form.has_unsaved());
            // A key that is no choice picks nothing either.
            assert!(!form.choose(&key(KeyCode::Char('x'))));
            form.choose(&key(KeyCode::Char('9')));
            assert!(form.request("王科员").is_none());
            // ← from nothing takes the last entry, → the first.
            assert!(form.choose(&key(KeyCode::Left)));
            assert_eq!(
                form.result,
                Some(form.choices(RField::Result, Lang::Zh).len() - 1)
            );
            form.result = None;
            assert!(form.choose(&key(KeyCode::Right)));
            assert_eq!(form.result, Some(0));
            assert!(form.request("王科员").is_some());
            assert!(
                form.has_unsaved(),
                "Esc asks before dropping a picked answer"
            );
        }
    }
}
