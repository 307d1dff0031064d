//! The case timeline: the case's header, its legal clocks (overdue in red), the steps
//! it may take now, and its events newest or oldest first.

use super::stepform::{StepForm, StepKind};
use super::{clip_line, date_time, fill_line, fit, safe, DrawCx, Move, Selection};
use super::{say, Reply};
use crate::domain::assigned::report_back_due;
use crate::domain::lifecycle::{apply_step, check_annotation, check_extension, CaseStep};
use crate::domain::{Channel, EventKind};
use crate::store::{CaseDetail, EventRow};
use crate::tui::keymap::{Action, Context};
use crate::tui::layer::{Effect, Shared};
use crate::words::clocks::describe;
use crate::words::desk::Problem;
use crate::words::desk::Strings;
use crate::words::Label;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use serde_json::Value;

#[derive(Debug)]
pub struct TimelinePane {
    pub detail: Option<Box<CaseDetail>>,
    pub newest_first: bool,
    /// Over the events in display order.
    pub sel: Selection,
    /// The case asked for and not yet arrived.
    pub opening: Option<String>,
}

impl Default for TimelinePane {
    fn default() -> Self {
        TimelinePane {
            detail: None,
            newest_first: true,
            sel: Selection::default(),
            opening: None,
        }
    }
}

impl TimelinePane {
    /// The timeline's own actions: its order, the owner of its case, and every
    /// case step (a step's form, or at once why the case cannot take it).
    pub fn act(&mut self, action: Action, cx: &Shared<'_>) -> Option<Reply> {
        match action {
            Action::ToggleOrder => {
                self.toggle_order();
                return Some(Reply::Effects(Vec::new()));
            }
            Action::Owner => return Some(Reply::Owner(self.case_no().map(str::to_string))),
            _ => {}
        }
        let kind = step_kind(action)?;
        let Some(detail) = &self.detail else {
            return Some(say(cx.s().no_case));
        };
        let status = detail.case.status;
        let refusal = match kind {
            StepKind::Step(step) => apply_step(status, step).err().map(Problem::Illegal),
            // Days and reason come later; here only whether an extension is possible.
            StepKind::Extend => check_extension(
                status,
                detail.case.extended_days > 0,
                1,
                cx.max_extension_days.max(1),
                "-",
            )
            .err()
            .map(Problem::Annotation),
            StepKind::Source if d_upper_or_routed(detail) => {
                Some(Problem::Worded(crate::words::matters::source_refused))
            }
            StepKind::Receipt => None,
            StepKind::Notify if detail.missing_notices().is_empty() => {
                Some(Problem::Worded(crate::words::notices::no_notice_due))
            }
            StepKind::Notify => None,
            StepKind::ReportBack => {
                let kinds: Vec<EventKind> = detail.events.iter().map(|e| e.kind).collect();
                report_back_due(detail.upper.as_ref(), detail.reported_back_on, &kinds)
                    .err()
                    .map(Problem::Annotation)
            }
            _ => check_annotation(status).err().map(Problem::Annotation),
        };
        if let Some(why) = refusal {
            return Some(Reply::Effects(vec![Effect::Flash(why, true)]));
        }
        let mut form = StepForm::new(&detail.case.case_no, kind, cx.units, cx.max_extension_days);
        if let Some((told, _)) = detail.missing_notices().first() {
            form = form.with_notice(*told);
        }
        Some(Reply::Effects(vec![Effect::Push(Box::new(form))]))
    }

    pub fn case_no(&self) -> Option<&str> {
        self.detail.as_ref().map(|d| d.case.case_no.as_str())
    }

    /// Takes a case from the worker: the one being opened, or a fresher copy of the
    /// one on screen (keeping the scroll position).
    pub fn set_case(&mut self, detail: Box<CaseDetail>) -> bool {
        let same = self.case_no() == Some(detail.case.case_no.as_str());
        let wanted = self.opening.as_deref() == Some(detail.case.case_no.as_str());
        if !same && !wanted {
            return false;
        }
        if wanted && !same {
            self.sel.reset();
        }
        self.opening = None;
        self.sel.clamp(detail.events.len());
        self.detail = Some(detail);
        true
    }

    pub fn toggle_order(&mut self) {
        self.newest_first = !self.newest_first;
        self.sel.reset();
    }

    pub fn move_by(&mut self, mv: Move) {
        let n = self.detail.as_ref().map_or(0, |d| d.events.len());
        self.sel.apply(mv, n);
    }

    fn ordered(&self) -> Vec<&EventRow> {
        let Some(d) = &self.detail else {
            return Vec::new();
        };
        if self.newest_first {
            d.events.iter().rev().collect()
        } else {
            d.events.iter().collect()
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        let s = cx.s;
        let Some(d) = &self.detail else {
            let block = cx.block(s.timeline_title.to_string());
            let inner = block.inner(area);
            f.render_widget(block, area);
            let msg = if self.opening.is_some() {
                s.searching
            } else {
                s.no_case
            };
            f.render_widget(
                Paragraph::new(clip_line(
                    vec![Span::styled(msg, cx.theme.dim())],
                    inner.width as usize,
                )),
                inner,
            );
            return;
        };
        let order = if self.newest_first {
            s.newest_first
        } else {
            s.oldest_first
        };
        let block = cx.block(format!(
            "{} · {} · {}",
            s.timeline_title, d.case.case_no, order
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let width = inner.width as usize;
        let mut lines = header(d, cx, width);
        let events = self.ordered();
        lines.push(fill_line(
            vec![Span::raw(crate::words::marks::bracketed(
                cx.lang,
                s.timeline_title,
                &events.len().to_string(),
            ))],
            width,
            cx.theme.header(),
        ));
        let room = (inner.height as usize).saturating_sub(lines.len());
        for i in self.sel.window(events.len(), room) {
            let spans = event_spans(events[i], s, cx);
            lines.push(super::list_row(
                spans,
                width,
                i == self.sel.selected && cx.focused,
                cx,
            ));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}

fn header(d: &CaseDetail, cx: &DrawCx<'_>, width: usize) -> Vec<Line<'static>> {
    let s = cx.s;
    let c = &d.case;
    let status_style = if d.overdue {
        cx.theme.bad()
    } else {
        cx.theme.header()
    };
    let mut first = vec![
        Span::styled(c.case_no.clone(), cx.theme.header()),
        Span::raw("  "),
        Span::styled(c.status.label(cx.lang), status_style),
    ];
    if d.upper.is_some() {
        // 「上级交办」 before anything else: the office above is waiting on it.
        first.push(Span::raw("  "));
        first.push(Span::styled(
            crate::domain::Flag::FromAbove.label(cx.lang),
            cx.theme.warn(),
        ));
    }
    if let Some(into) = &d.merged_into {
        first.push(Span::raw("  "));
        first.push(Span::styled(
            crate::words::matters::merged_into(cx.lang, into),
            cx.theme.warn(),
        ));
    }
    if d.initial {
        first.push(Span::raw("  "));
        first.push(Span::styled(
            crate::words::matters::initial_mark(cx.lang),
            cx.theme.label(),
        ));
    }
    first.push(Span::raw(format!("  {}", s.colon(s.category))));
    first.push(Span::raw(fit(c.category.as_deref().unwrap_or(s.none), 24)));
    let mut lines = vec![clip_line(first, width)];
    if let Some(u) = &d.upper {
        let source =
            crate::domain::Source::from_code(&c.source).unwrap_or(crate::domain::Source::Local);
        lines.push(clip_line(
            vec![
                Span::styled(
                    crate::words::matters::source_label(cx.lang),
                    cx.theme.label(),
                ),
                Span::raw(crate::words::matters::source_line(source, Some(u), cx.lang)),
            ],
            width,
        ));
    }
    let who = |label: &str, v: Option<&str>| {
        vec![
            Span::styled(format!("{label} "), cx.theme.label()),
            Span::raw(format!("{}  ", fit(v.unwrap_or(s.none), 24))),
        ]
    };
    let mut people = who(s.first_officer, Some(&c.first_officer));
    people.extend(who(s.handler, c.handler.as_deref()));
    people.extend(who(s.unit, c.unit.as_deref()));
    lines.push(clip_line(people, width));
    let names: Vec<String> = d.petitioners.iter().map(|p| safe(&p.name)).collect();
    lines.push(clip_line(
        vec![
            // Who came, then what they ask: the names are not part of the matter.
            Span::styled(s.colon(s.petitioners), cx.theme.label()),
            Span::raw(format!("{}  ", names.join("、"))),
            Span::styled(s.colon(s.matter), cx.theme.label()),
            Span::raw(safe(&c.matter)),
        ],
        width,
    ));
    let mut clocks = vec![Span::styled(s.colon(s.clocks), cx.theme.label())];
    if d.clocks.is_empty() {
        clocks.push(Span::styled(s.no_clock, cx.theme.dim()));
    }
    // Running clocks first: they are what the officer must act on.
    let mut sorted: Vec<_> = d.clocks.iter().collect();
    sorted.sort_by_key(|k| !k.is_running());
    for (i, k) in sorted.iter().enumerate() {
        if i > 0 {
            clocks.push(Span::raw(" · "));
        }
        clocks.push(Span::raw(format!("{} ", k.kind.label(cx.lang))));
        clocks.push(Span::styled(describe(k, cx.lang), cx.theme.clock(k.state)));
        if k.is_running() {
            // Full-width in Chinese: `（12-15）`, not `(12-15)`.
            let due =
                crate::words::marks::bracketed(cx.lang, "", &k.due.format("%m-%d").to_string());
            let sep = if cx.lang == crate::domain::Lang::En {
                " "
            } else {
                ""
            };
            clocks.push(Span::styled(format!("{sep}{due}"), cx.theme.dim()));
        }
    }
    lines.push(clip_line(clocks, width));
    let mut steps = vec![Span::styled(s.colon(s.steps_allowed), cx.theme.label())];
    let mut actions: Vec<Action> = d.allowed_steps.iter().map(|st| step_action(*st)).collect();
    // Only the handling clock (running from acceptance) can be extended, once.
    if c.status == crate::domain::CaseStatus::Accepted && c.extended_days == 0 {
        actions.push(Action::Extend);
    }
    if d.report_back_allowed {
        actions.push(Action::ReportBack);
    }
    // A decision waiting for its written notice: telling comes before anything else.
    if !d.missing_notices().is_empty() {
        actions.insert(0, Action::Notify);
    }
    if c.status.is_open() {
        actions.extend([Action::Note, Action::Supervise, Action::Owner]);
    }
    // Rare, so last: the hint line is cut at the right on a narrow terminal.
    if c.status == crate::domain::CaseStatus::Registered && d.upper.is_none() {
        actions.push(Action::SetSource);
    }
    for a in actions {
        if let Some(k) = cx.keymap.hint(Context::Timeline, a) {
            steps.push(Span::styled(k, cx.theme.key()));
            steps.push(Span::raw(format!(
                " {}  ",
                crate::words::desk::action_label(cx.lang, a.code())
            )));
        }
    }
    lines.push(clip_line(steps, width));
    lines
}

/// A case whose source can no longer be recorded: routed, or recorded already.
fn d_upper_or_routed(d: &CaseDetail) -> bool {
    d.upper.is_some() || d.case.status != crate::domain::CaseStatus::Registered
}

/// The key action that takes a lifecycle step.
pub fn step_action(step: CaseStep) -> Action {
    match step {
        CaseStep::Accept => Action::Accept,
        CaseStep::NotAccept => Action::NotAccept,
        CaseStep::Transfer => Action::Transfer,
        CaseStep::Reply => Action::Reply,
        CaseStep::RequestReview => Action::RequestReview,
        CaseStep::DecideReview => Action::DecideReview,
        CaseStep::RequestRecheck => Action::RequestRecheck,
        CaseStep::DecideRecheck => Action::DecideRecheck,
        CaseStep::Archive => Action::Archive,
        CaseStep::AssignDown => Action::AssignDown,
        CaseStep::Objection => Action::Objection,
    }
}

fn event_spans(e: &EventRow, s: &Strings, cx: &DrawCx<'_>) -> Vec<Span<'static>> {
    let style = match e.kind {
        EventKind::Assign | EventKind::Transfer | EventKind::AssignDown => cx.theme.good(),
        EventKind::ReportBack => cx.theme.good(),
        EventKind::Objection => cx.theme.warn(),
        EventKind::NotAccept | EventKind::Supervise => cx.theme.warn(),
        _ => cx.theme.header(),
    };
    // A contact says which channel it came by rather than the generic kind.
    let channel = e
        .detail
        .get("channel")
        .and_then(Value::as_str)
        .and_then(Channel::from_code);
    let kind = match (e.kind, channel) {
        (EventKind::Contact, Some(ch)) => ch.label(cx.lang),
        _ => e.kind.label(cx.lang),
    };
    let mut spans = vec![
        Span::raw(format!("{} ", date_time(&e.at))),
        Span::raw(format!("{} ", fit(&e.officer, 10))),
        Span::styled(format!("{kind} "), style),
    ];
    spans.push(Span::raw(event_text(e, s, cx.lang)));
    spans
}

/// One line saying what an event recorded, from its stored detail.
pub fn event_text(e: &EventRow, s: &Strings, lang: crate::domain::Lang) -> String {
    crate::words::timeline::event_parts(e.kind, &e.detail, lang, s).join(" · ")
}

/// The case step an action stands for.
fn step_kind(action: Action) -> Option<StepKind> {
    Some(match action {
        Action::Accept => StepKind::Step(CaseStep::Accept),
        Action::NotAccept => StepKind::Step(CaseStep::NotAccept),
        Action::Transfer => StepKind::Step(CaseStep::Transfer),
        Action::Reply => StepKind::Step(CaseStep::Reply),
        Action::RequestReview => StepKind::Step(CaseStep::RequestReview),
        Action::DecideReview => StepKind::Step(CaseStep::DecideReview),
        Action::RequestRecheck => StepKind::Step(CaseStep::RequestRecheck),
        Action::DecideRecheck => StepKind::Step(CaseStep::DecideRecheck),
        Action::Archive => StepKind::Step(CaseStep::Archive),
        Action::Extend => StepKind::Extend,
        Action::Note => StepKind::Note,
        Action::Supervise => StepKind::Supervise,
        Action::AssignDown => StepKind::Step(CaseStep::AssignDown),
        Action::Objection => StepKind::Step(CaseStep::Objection),
        Action::ReportBack => StepKind::ReportBack,
        Action::SetSource => StepKind::Source,
        Action::Notify => StepKind::Notify,
        Action::Receipt => StepKind::Receipt,
        _ => return None,
    })
}
