//! The register view (台账): open and recent plans with whom to notify, the
//! screening rounds due and the items found, and skip-level visits by month. It
//! reads only; rounds and items are written from the command line, and `P` starts
//! a plan from anywhere on the desk.

use super::summary::{hanging, wrap};
use super::{clip_line, DrawCx};
use crate::tui::keymap::{Action, Context, KeyChord};
use crate::tui::keys::{leaves_screen, movement, Move};
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::tui::panes::help::Help;
use crate::tui::worker::{RegisterData, Request, RiskRequest};
use crate::words::risk::Line as Said;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell;

/// What the desk does on `w` (open the view) and `P` (start a plan, on the visitor
/// selected in the queue when the queue has the keyboard).
pub fn desk_action(action: Action, cx: &Shared<'_>, on: Option<i64>) -> Vec<Effect> {
    match action {
        Action::RiskRegister => vec![
            Effect::Push(Box::new(RiskRegisterView::new())),
            Effect::Send(Request::Risk(RiskRequest::Register)),
        ],
        Action::StartPlan => match cx.officer {
            Some(officer) => vec![Effect::Send(Request::Risk(RiskRequest::StartPlan {
                officer: officer.to_string(),
                contact_id: on,
            }))],
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

#[derive(Debug, Default)]
pub struct RiskRegisterView {
    pub data: Option<Box<RegisterData>>,
    scroll: usize,
    max_scroll: Cell<usize>,
    page: Cell<usize>,
}

impl RiskRegisterView {
    pub fn new() -> RiskRegisterView {
        RiskRegisterView::default()
    }

    pub fn set_data(&mut self, data: Box<RegisterData>) {
        self.data = Some(data);
    }

    fn scroll_by(&mut self, mv: Move) {
        self.scroll = mv.scroll(self.scroll, self.max_scroll.get(), self.page.get());
    }

    fn body(&self, cx: &DrawCx<'_>, width: usize) -> Vec<Line<'static>> {
        let t = &cx.theme;
        let Some(d) = &self.data else {
            return vec![clip_line(
                vec![Span::styled(crate::words::risk::loading(cx.lang), t.warn())],
                width,
            )];
        };
        let mut out: Vec<Line<'static>> = Vec::new();
        for section in crate::words::risk::register_sections(
            &d.brief,
            &d.screening,
            &d.levels,
            &d.plans,
            cx.lang,
        ) {
            if !out.is_empty() {
                out.push(Line::from(""));
            }
            out.push(clip_line(
                vec![Span::styled(section.title.clone(), t.header())],
                width,
            ));
            if section.lines.is_empty() {
                out.push(clip_line(
                    vec![Span::styled(
                        format!("  {}", crate::words::handover::none_label(cx.lang)),
                        t.dim(),
                    )],
                    width,
                ));
            }
            for item in &section.lines {
                match item {
                    Said::Heading(h) => {
                        out.extend(wrap(h, width.saturating_sub(2)).into_iter().map(|l| {
                            clip_line(vec![Span::styled(format!("  {l}"), t.label())], width)
                        }))
                    }
                    Said::Entry(e) => {
                        out.extend(hanging("    · ", e, ratatui::style::Style::new(), width))
                    }
                }
            }
        }
        out
    }
}

impl Layer for RiskRegisterView {
    fn context(&self) -> Context {
        Context::Risk
    }

    fn on_key(&mut self, _ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        let Some(action) = cx.keymap.action(Context::Risk, chord) else {
            return Handled::done();
        };
        if let Some(mv) = movement(action) {
            self.scroll_by(mv);
            return Handled::done();
        }
        Handled::Consumed(match action {
            Action::Back | Action::RiskRegister => vec![Effect::Close],
            Action::Refresh => vec![Effect::Send(Request::Risk(RiskRequest::Register))],
            // The queue is under this view, its selected visitor out of sight: a
            // plan started here is on no visitor rather than on a hidden one.
            Action::StartPlan => desk_action(action, cx, None),
            Action::Help => vec![Effect::Push(Box::new(Help::new(Context::Risk)))],
            Action::Quit => vec![Effect::AskQuit],
            Action::ToggleLang => vec![Effect::ToggleLang],
            a if leaves_screen(a) || matches!(a, Action::Handover | Action::Figures) => {
                vec![Effect::Close, Effect::Desk(a)]
            }
            _ => vec![],
        })
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        vec![Action::StartPlan, Action::Refresh, Action::Back]
    }

    fn draw(
        &self,
        f: &mut Frame,
        area: Rect,
        cx: &DrawCx<'_>,
        _shared: &Shared<'_>,
    ) -> Option<Position> {
        crate::tui::widgets::draw::overlay(f, area);
        let mut block = cx.block(crate::words::risk::register_title(cx.lang).to_string());
        let inner = block.inner(area);
        if inner.height < 3 || inner.width < 20 {
            f.render_widget(block, area);
            return None;
        }
        let width = inner.width as usize;
        let lines = self.body(cx, width);
        let page = inner.height as usize;
        let max = lines.len().saturating_sub(page);
        self.max_scroll.set(max);
        self.page.set(page.max(1));
        let top = self.scroll.min(max);
        if max > 0 {
            let total = max + page;
            block = block.title_bottom(
                Line::from(format!(" {}-{}/{total} ", top + 1, top + page)).right_aligned(),
            );
        }
        let shown: Vec<Line<'static>> = lines.into_iter().skip(top).take(page).collect();
        f.render_widget(block, area);
        f.render_widget(Paragraph::new(shown), inner);
        None
    }

    fn covers_panes(&self) -> bool {
        true
    }

    fn tab(&self, cx: &DrawCx<'_>) -> Option<String> {
        let key = cx
            .keymap
            .hint(Context::Global, Action::RiskRegister)
            .unwrap_or_default();
        Some(format!(
            " {key} {} ",
            crate::words::risk::register_title(cx.lang)
        ))
    }
}
