//! The 包案 register on the desk (`b`): every record by leader, with the person,
//! the state, days since their last letter or visit, the case and its status, and
//! whether the leader still has to be told of a contact (`t` records that they
//! were). A screen of its own over the panes, like the handover view.

use super::{clip_line, list_row, safe, DrawCx, Selection};
use crate::store::leaders::BaoanRecord;
use crate::text::pad_to_width;
use crate::tui::keymap::{Action, Context, KeyChord};
use crate::tui::keys::movement;
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::tui::panes::help::Help;
use crate::tui::worker::Request;
use crate::words::desk::action_label;
use crate::words::leaders as w;
use crate::words::Label;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// One line of the register: a leader's heading, or a record (by its index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Leader(usize),
    Record(usize),
}

#[derive(Debug, Default)]
pub struct RegisterView {
    /// `None` until the worker answers.
    records: Option<Vec<BaoanRecord>>,
    sel: Selection,
}

impl RegisterView {
    pub fn new() -> RegisterView {
        RegisterView::default()
    }

    pub fn set_records(&mut self, records: Vec<BaoanRecord>) {
        self.records = Some(records);
        let n = self.records().len();
        self.sel.clamp(n);
    }

    fn records(&self) -> &[BaoanRecord] {
        self.records.as_deref().unwrap_or_default()
    }

    fn selected(&self) -> Option<&BaoanRecord> {
        self.records().get(self.sel.selected)
    }

    /// Headings before each leader's first record; records in the order given
    /// (the store sorts them by leader).
    fn rows(&self) -> Vec<Row> {
        let mut out = Vec::new();
        let mut leader: Option<&str> = None;
        for (i, r) in self.records().iter().enumerate() {
            if leader != Some(r.leader.as_str()) {
                out.push(Row::Leader(i));
                leader = Some(&r.leader);
            }
            out.push(Row::Record(i));
        }
        out
    }

    /// `since_w`: the widest "days since" of the list, so no row cuts its 天.
    fn record_spans(r: &BaoanRecord, since_w: usize, cx: &DrawCx<'_>) -> Vec<Span<'static>> {
        let lang = cx.lang;
        let t = &cx.theme;
        let mut spans = vec![
            Span::raw(format!("  {} ", pad_to_width(&safe(&r.name), 8))),
            Span::styled(
                format!("{} ", pad_to_width(w::state_short(r.state, lang), 11)),
                if r.state == crate::domain::leaders::BaoanState::Open {
                    t.warn()
                } else {
                    t.dim()
                },
            ),
            Span::raw(format!(
                "{} ",
                pad_to_width(&w::since_short(r, lang), since_w)
            )),
        ];
        if r.untold > 0 {
            spans.push(Span::styled(format!("{} ", w::told(false, lang)), t.bad()));
        }
        if let Some(c) = &r.case_no {
            let status = r.case_status.map(|s| s.label(lang)).unwrap_or("-");
            spans.push(Span::raw(format!("{c} {status}  ")));
        }
        // What a wider terminal has room for.
        spans.push(Span::styled(w::unit_and_keeper(r, lang, safe), t.dim()));
        spans
    }

    fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        let title = action_label(cx.lang, Action::Registers.code()).to_string();
        let block = cx.block(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = inner.width as usize;
        let Some(records) = &self.records else {
            f.render_widget(Paragraph::new(w::loading(cx.lang)), inner);
            return;
        };
        if records.is_empty() {
            f.render_widget(Paragraph::new(w::no_records(cx.lang)), inner);
            return;
        }
        let since_w = records
            .iter()
            .map(|r| crate::text::display_width(&w::since_short(r, cx.lang)))
            .max()
            .unwrap_or(0);
        let rows = self.rows();
        // Keep the selected record and its leader's heading in view.
        let at = rows
            .iter()
            .position(|r| *r == Row::Record(self.sel.selected))
            .unwrap_or(0);
        let height = inner.height as usize;
        let start = at.saturating_sub(height.saturating_sub(1));
        let lines: Vec<Line<'static>> = rows
            .iter()
            .skip(start)
            .take(height)
            .map(|row| match *row {
                Row::Leader(i) => clip_line(
                    vec![Span::styled(
                        w::leader_heading(&safe(&records[i].leader), cx.lang),
                        cx.theme.header(),
                    )],
                    width,
                ),
                Row::Record(i) => list_row(
                    Self::record_spans(&records[i], since_w, cx),
                    width,
                    i == self.sel.selected,
                    cx,
                ),
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }
}

impl Layer for RegisterView {
    fn context(&self) -> Context {
        Context::Registers
    }

    fn on_key(&mut self, _ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        let Some(action) = cx.keymap.action(Context::Registers, chord) else {
            return Handled::done();
        };
        if let Some(mv) = movement(action) {
            let n = self.records().len();
            self.sel.apply(mv, n);
            return Handled::done();
        }
        Handled::Consumed(match action {
            Action::Back | Action::Registers => vec![Effect::Close],
            Action::Told => match (self.selected(), cx.officer) {
                (Some(r), Some(officer)) if r.untold > 0 => {
                    vec![Effect::Send(Request::BaoanTold {
                        officer: officer.to_string(),
                        id: r.id,
                    })]
                }
                // Said, not silent: the officer pressed it to record something.
                (Some(r), Some(_)) => vec![Effect::Flash(
                    w::nothing_untold(&safe(&r.name), cx.lang).into(),
                    false,
                )],
                _ => Vec::new(),
            },
            Action::Refresh => vec![Effect::Send(Request::Registers)],
            Action::Help => vec![Effect::Push(Box::new(Help::new(Context::Registers)))],
            Action::Quit => vec![Effect::AskQuit],
            Action::ToggleLang => vec![Effect::ToggleLang],
            Action::FocusQueue
            | Action::FocusLookup
            | Action::FocusPicker
            | Action::FocusTimeline
            | Action::NextPane
            | Action::PrevPane
            | Action::SearchBox
            | Action::NewCheckIn
            | Action::Handover => vec![Effect::Close, Effect::Desk(action)],
            _ => Vec::new(),
        })
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        vec![Action::Told, Action::Back]
    }

    fn draw(
        &self,
        f: &mut Frame,
        area: Rect,
        cx: &DrawCx<'_>,
        _shared: &Shared<'_>,
    ) -> Option<Position> {
        self.render(f, area, cx);
        None
    }

    fn covers_panes(&self) -> bool {
        true
    }

    fn tab(&self, cx: &DrawCx<'_>) -> Option<String> {
        let key = cx
            .keymap
            .hint(Context::Global, Action::Registers)
            .unwrap_or_default();
        Some(format!(
            " {key} {} ",
            action_label(cx.lang, Action::Registers.code())
        ))
    }
}
