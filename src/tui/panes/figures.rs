//! The statistics screen (考核统计): each of the office's figures as value and
//! numerator/denominator beside its target, met or missed (missed in red and
//! marked ✗ in words, so that it reads without colour), what is overdue now, and
//! bar charts of visitors by month and new matters by category. The figures come
//! from the worker; this screen never reads the record itself.

use super::{clip_line, safe, DrawCx};
use crate::domain::figures::Figure;
use crate::domain::figures_by::Span as Period;
use crate::store::FigureReport;
use crate::text::{display_width, pad_to_width};
use crate::tui::keymap::{Action, Context};
use crate::tui::keys::leaves_screen;
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::tui::panes::help::Help;
use crate::tui::worker::Request;
use crate::words::figures as w;
use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Direction, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph};
use ratatui::Frame;

#[derive(Debug)]
pub struct FiguresView {
    pub period: Period,
    /// The figures on screen; `None` until the worker first answers.
    pub report: Option<Box<FigureReport>>,
    /// A request is on its way.
    pub loading: bool,
}

impl FiguresView {
    /// The view, and the request for this year's figures.
    pub fn open() -> Vec<Effect> {
        let view = FiguresView {
            period: Period::Year,
            report: None,
            loading: true,
        };
        vec![
            Effect::Push(Box::new(view)),
            Effect::Send(Request::Figures { span: Period::Year }),
        ]
    }

    pub fn set_report(&mut self, report: Box<FigureReport>) {
        self.report = Some(report);
        self.loading = false;
    }

    fn request(&mut self) -> Vec<Effect> {
        self.loading = true;
        vec![Effect::Send(Request::Figures { span: self.period })]
    }

    fn heading(&self, cx: &DrawCx<'_>) -> String {
        let ww = w::words(cx.lang);
        let span = w::span(cx.lang, self.period);
        match &self.report {
            Some(r) => format!(
                "{} · {span} {}—{} · {} {}",
                ww.title, r.from, r.to, ww.as_of, r.as_of
            ),
            None => format!("{} · {span}", ww.title),
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        crate::tui::widgets::draw::overlay(f, area);
        let block = cx.block(self.heading(cx));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let Some(report) = &self.report else {
            let ww = w::words(cx.lang);
            f.render_widget(
                Paragraph::new(Span::styled(ww.loading, cx.theme.warn())),
                inner,
            );
            return;
        };
        let lines = table_lines(report, inner.width as usize, cx);
        let table_h = (lines.len() as u16).min(inner.height);
        f.render_widget(
            Paragraph::new(lines),
            Rect::new(inner.x, inner.y, inner.width, table_h),
        );
        let rest = Rect::new(
            inner.x,
            inner.y + table_h,
            inner.width,
            inner.height.saturating_sub(table_h),
        );
        // A chart needs its border and at least three rows to say anything.
        if rest.height < 5 {
            return;
        }
        let halves = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Percentage(50), Constraint::Percentage(50)])
            .split(rest);
        month_chart(f, halves[0], report, cx);
        category_chart(f, halves[1], report, cx);
    }
}

/// The columns of the table after the name, in cells: value, num/den, target.
const COLUMNS: [usize; 3] = [12, 12, 12];

/// The name column: as wide as the longest name in the language.
fn name_width(lang: crate::domain::Lang) -> usize {
    w::CODES
        .iter()
        .chain(["overdue_now"].iter())
        .map(|c| display_width(w::name(lang, c)))
        .max()
        .unwrap_or(16)
        + 1
}

fn table_lines(r: &FigureReport, width: usize, cx: &DrawCx<'_>) -> Vec<Line<'static>> {
    let ww = w::words(cx.lang);
    let nw = name_width(cx.lang);
    let head = [ww.figure, ww.value, ww.fraction, ww.target, ww.verdict];
    let mut spans = Vec::new();
    for (i, h) in head.iter().enumerate() {
        spans.push(Span::styled(cell(h, i, nw), cx.theme.label()));
    }
    let mut out = vec![clip_line(spans, width)];
    for f in &r.figures {
        out.push(clip_line(figure_spans(f, cx), width));
    }
    out.push(clip_line(overdue_spans(r, cx), width));
    out
}

fn cell(text: &str, column: usize, name_w: usize) -> String {
    if column == 0 {
        return pad_to_width(text, name_w);
    }
    match COLUMNS.get(column - 1) {
        Some(&w) => {
            let gap = w.saturating_sub(display_width(text));
            format!("{}{text} ", " ".repeat(gap))
        }
        None => format!(" {text}"),
    }
}

fn figure_spans(f: &Figure, cx: &DrawCx<'_>) -> Vec<Span<'static>> {
    let nw = name_width(cx.lang);
    let style = match f.met {
        Some(false) => cx.theme.bad(),
        Some(true) => cx.theme.good(),
        None => Style::new(),
    };
    vec![
        Span::styled(cell(w::name(cx.lang, f.name), 0, nw), style),
        Span::styled(cell(&w::value(cx.lang, f), 1, nw), style),
        Span::raw(cell(&w::fraction(cx.lang, f), 2, nw)),
        Span::styled(cell(&w::target(cx.lang, f), 3, nw), cx.theme.dim()),
        Span::styled(cell(w::verdict(cx.lang, f.met), 4, nw), style),
    ]
}

fn overdue_spans(r: &FigureReport, cx: &DrawCx<'_>) -> Vec<Span<'static>> {
    let nw = name_width(cx.lang);
    let o = &r.overdue;
    let style = if o.total > 0 {
        cx.theme.bad()
    } else {
        Style::new()
    };
    let mut text = cell(w::name(cx.lang, "overdue_now"), 0, nw);
    text.push_str(&cell(&o.total.to_string(), 1, nw));
    let clocks: Vec<String> = o
        .by_clock
        .iter()
        .map(|(c, n)| format!("{} {n}", w::clock(cx.lang, c)))
        .collect();
    let none = w::words(cx.lang).no_unit;
    let units: Vec<String> = o
        .by_unit
        .iter()
        .map(|(u, n)| format!("{} {n}", u.as_deref().map(safe).as_deref().unwrap_or(none)))
        .collect();
    let mut detail = clocks.join(" ");
    if !units.is_empty() {
        detail.push_str(" · ");
        detail.push_str(&units.join(" "));
    }
    vec![Span::styled(text, style), Span::raw(format!("  {detail}"))]
}

/// Visitors (人次) by month: one bar a month, its number under it.
fn month_chart(f: &mut Frame, area: Rect, r: &FigureReport, cx: &DrawCx<'_>) {
    let ww = w::words(cx.lang);
    let max = r.by_month.iter().map(|b| b.visit_people).max().unwrap_or(0);
    let block = cx.block(w::with_peak(cx.lang, ww.by_month, max));
    let inner_w = block.inner(area).width;
    let n = r.by_month.len().max(1) as u16;
    let bar_width = (inner_w.saturating_add(1) / n)
        .saturating_sub(1)
        .clamp(1, 6);
    let bars: Vec<Bar<'static>> = r
        .by_month
        .iter()
        .map(|b| {
            let key = b.key.as_deref().unwrap_or("");
            let month = key
                .get(5..)
                .unwrap_or(key)
                .trim_start_matches('0')
                .to_string();
            let value = b.visit_people.to_string();
            let shown = if value.len() as u16 <= bar_width {
                value
            } else {
                String::new()
            };
            Bar::default()
                .value(b.visit_people)
                .label(Line::from(month))
                .text_value(shown)
        })
        .collect();
    let chart = BarChart::default()
        .block(block)
        .data(ratatui::widgets::BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .bar_style(cx.theme.header())
        .value_style(cx.theme.selected());
    f.render_widget(chart, area);
}

/// New matters by category, most first: one row a category, as many as fit.
fn category_chart(f: &mut Frame, area: Rect, r: &FigureReport, cx: &DrawCx<'_>) {
    let ww = w::words(cx.lang);
    let block = cx.block(ww.by_category.to_string());
    let rows = block.inner(area).height as usize;
    let shown = &r.by_category[..rows.min(r.by_category.len())];
    let names: Vec<String> = shown
        .iter()
        .map(|b| {
            let name = b.key.as_deref().map(safe);
            crate::tui::widgets::draw::fit(name.as_deref().unwrap_or(ww.none_recorded), 10)
        })
        .collect();
    // Names padded by display width and counts right-aligned, in the label: drawn
    // on the bar, a count of one digit and one of two began at one column and
    // ended at two.
    let name_w = names.iter().map(|n| display_width(n)).max().unwrap_or(0);
    let count_w = shown
        .iter()
        .map(|b| b.new_matters.to_string().len())
        .max()
        .unwrap_or(0);
    let bars: Vec<Bar<'static>> = shown
        .iter()
        .zip(&names)
        .map(|(b, name)| {
            let label = format!("{} {:>count_w$}", pad_to_width(name, name_w), b.new_matters);
            Bar::default()
                .value(b.new_matters)
                .label(Line::from(label))
                .text_value(String::new())
        })
        .collect();
    let chart = BarChart::default()
        .block(block)
        .direction(Direction::Horizontal)
        .data(ratatui::widgets::BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(cx.theme.header())
        .value_style(cx.theme.selected());
    f.render_widget(chart, area);
}

impl Layer for FiguresView {
    fn context(&self) -> Context {
        Context::Figures
    }

    fn on_key(
        &mut self,
        _ev: &KeyEvent,
        chord: &crate::tui::keymap::KeyChord,
        cx: &Shared<'_>,
    ) -> Handled {
        let Some(action) = cx.keymap.action(Context::Figures, chord) else {
            return Handled::done();
        };
        Handled::Consumed(match action {
            Action::Back | Action::Figures => vec![Effect::Close],
            Action::FiguresPeriod => {
                self.period = match self.period {
                    Period::Year => Period::Month,
                    _ => Period::Year,
                };
                self.request()
            }
            Action::Refresh => self.request(),
            Action::Help => vec![Effect::Push(Box::new(Help::new(Context::Figures)))],
            Action::Quit => vec![Effect::AskQuit],
            Action::ToggleLang => vec![Effect::ToggleLang],
            Action::Handover => vec![
                Effect::Close,
                Effect::OpenHandover(crate::tui::shared::Subject::Own),
            ],
            // Going to a pane leaves the screen, as on any other.
            a if leaves_screen(a) => vec![Effect::Close, Effect::Desk(a)],
            _ => vec![],
        })
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        vec![Action::FiguresPeriod, Action::Refresh, Action::Back]
    }

    fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>, _: &Shared<'_>) -> Option<Position> {
        self.render(f, area, cx);
        None
    }

    fn covers_panes(&self) -> bool {
        true
    }

    fn tab(&self, cx: &DrawCx<'_>) -> Option<String> {
        let key = cx
            .keymap
            .hint(Context::Global, Action::Figures)
            .unwrap_or_default();
        Some(format!(" {key} {} ", w::words(cx.lang).title))
    }
}
