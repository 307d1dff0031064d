//! Drawing what the form says before saving (under the fields), its second page,
//! and the new representative's box. Notes wrap by display width rather than
//! being cut: a warning that can change the officer's mind must be read whole.

use super::CheckInForm;
use crate::tui::keymap::{Action, Context};
use crate::tui::panes::summary::wrap;
use crate::tui::panes::{clip_line, fill_line, safe, DrawCx};
use crate::tui::widgets::Row;
use crate::words::deskform as words;
use crate::words::Label;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

impl CheckInForm {
    /// The lines under the first page's fields, wrapped to `width`: the second
    /// page's key and content, the representatives to put on record, Art. 20,
    /// the screening rounds, the plan.
    pub(super) fn notes(&self, width: usize, cx: &DrawCx<'_>) -> Vec<Line<'static>> {
        let lang = cx.lang;
        let mut out: Vec<Line<'static>> = Vec::new();
        let mut push = |text: String, style: Style| {
            for l in wrap(&text, width) {
                out.push(Line::from(Span::styled(l, style)));
            }
        };
        let more_key = cx.key(Context::Form, Action::MoreFields);
        push(
            words::more_line(lang, &more_key, &safe(&self.more.summary(lang))),
            cx.theme.dim(),
        );
        let new_reps = self.new_representatives();
        if !new_reps.is_empty() {
            let names: Vec<String> = new_reps.iter().map(|r| safe(&r.name)).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            push(words::new_reps_line(&names, lang), cx.theme.label());
        }
        if self.fields.error.is_some() || self.saving {
            // The error line above holds the eye; the rest waits for the fix.
            return out;
        }
        if let Some(advice) = self.advice(lang) {
            push(advice, cx.theme.warn());
        }
        if let Some(r) = &self.preview.result {
            if self.preview.unscreened() {
                push(words::unscreened(lang).to_string(), cx.theme.warn());
            }
            for m in &r.screening_matches {
                push(
                    format!(
                        "{}#{} {} {}（{}）",
                        words::screened_title(lang),
                        m.item_id,
                        safe(&m.area),
                        safe(&m.factor),
                        m.due_on
                    ),
                    cx.theme.label(),
                );
            }
            if r.plan_proposed {
                let key = cx.key(Context::Form, Action::PlanOnSave);
                let text =
                    words::plan_offer(&key, self.preview.start_plan, self.preview.baoan(), lang);
                push(text, cx.theme.warn());
            }
        }
        out
    }

    /// The second page: its fields (the upper terms only for a matter from
    /// above), and the division list while a place is typed.
    pub(super) fn draw_more(
        &self,
        f: &mut Frame,
        area: Rect,
        list: Rect,
        cx: &DrawCx<'_>,
    ) -> Option<Position> {
        let lang = cx.lang;
        let m = &self.more;
        let label = |fl| words::more_label(lang, fl);
        let label_w = m.fields.label_width(label);
        let width = area.width as usize;
        let title = format!(
            "{}  {}",
            words::more_title(lang),
            cx.key(Context::Form, Action::MoreFields)
        );
        f.render_widget(
            Paragraph::new(fill_line(vec![Span::raw(title)], width, cx.theme.header())),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let mut caret = None;
        let mut y = area.y + 1;
        for (i, field) in m.fields.fields().iter().enumerate() {
            if !m.shown(*field) || y >= area.bottom() {
                continue;
            }
            let row = Rect::new(area.x, y, area.width, 1);
            y += 1;
            let choice = |text: String| {
                Some(vec![
                    Span::raw("‹ "),
                    Span::styled(text, cx.theme.header()),
                    Span::raw(" ›  "),
                    Span::styled(cx.s.channel_hint, cx.theme.dim()),
                ])
            };
            let value = match field {
                words::MoreLabel::Source => choice(m.source.label(lang).to_string()),
                words::MoreLabel::Level => choice(m.level.label(lang).to_string()),
                words::MoreLabel::ReportDue => choice(words::yes_no(lang, m.report_due()).into()),
                _ => None,
            };
            let pos = m.fields.draw_row(
                f,
                row,
                i,
                (label(*field), label_w),
                value,
                (!self.saving, words::more_placeholder(lang, *field)),
                cx,
            );
            if *field == words::MoreLabel::UpperDays {
                // The unit after what was typed, so the officer knows what a number means.
                let typed = crate::text::display_width(m.fields.value(*field)) as u16;
                let x = row.x + label_w as u16 + typed;
                if x < row.right() {
                    f.render_widget(
                        Paragraph::new(Span::styled(words::days_after(lang), cx.theme.dim())),
                        Rect::new(x, row.y, row.right() - x, 1),
                    );
                }
            }
            caret = caret.or(pos);
        }
        if let Some((field, problem)) = m.fields.error.as_ref().filter(|_| y < area.bottom()) {
            let label = field.map(|f| cx.s.colon(label(f))).unwrap_or_default();
            let text = format!("{label}{}", safe(&problem.text(lang)));
            let lines: Vec<Line<'static>> = wrap(&text, width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, cx.theme.bad())))
                .collect();
            f.render_widget(
                Paragraph::new(lines),
                Rect::new(area.x, y, area.width, area.bottom() - y),
            );
        }
        if m.on_division() {
            self.draw_divisions(f, list, cx);
        }
        caret
    }

    fn draw_divisions(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        if area.height == 0 {
            return;
        }
        let width = area.width as usize;
        let mut lines = vec![fill_line(
            vec![Span::raw(words::divisions_title(cx.lang))],
            width,
            cx.theme.header(),
        )];
        match &self.more.divisions {
            Some(l) if !l.all().is_empty() => {
                let rows = area.height.saturating_sub(1) as usize;
                lines.extend(l.lines(rows, width, true, cx, |row| match row {
                    Row::Item(e) => vec![Span::raw(safe(&e.name))],
                    Row::Tail(_) => Vec::new(),
                }));
            }
            Some(_) => lines.push(Line::from(Span::styled(
                words::no_divisions(cx.lang),
                cx.theme.dim(),
            ))),
            None => {}
        }
        f.render_widget(Paragraph::new(lines), area);
    }

    /// The new representative's box, over the form.
    pub(super) fn draw_new_rep(
        &self,
        f: &mut Frame,
        area: Rect,
        cx: &DrawCx<'_>,
    ) -> Option<Position> {
        let b = self.new_rep.as_ref()?;
        let rect = crate::tui::widgets::draw::centered(area, 64.min(area.width), 8);
        crate::tui::widgets::draw::overlay(f, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(cx.theme.border(true))
            .title(Span::styled(
                format!(" {} ", words::new_rep_title(cx.lang)),
                cx.theme.header(),
            ));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        let label = |fl| cx.s.field_label(fl);
        let label_w = b.fields.label_width(label);
        let mut caret = None;
        for (i, field) in b.fields.fields().iter().enumerate() {
            let y = inner.y + i as u16;
            if y >= inner.bottom() {
                break;
            }
            let pos = b.fields.draw_row(
                f,
                Rect::new(inner.x, y, inner.width, 1),
                i,
                (label(*field), label_w),
                None,
                (true, ""),
                cx,
            );
            caret = caret.or(pos);
        }
        // A refusal wraps rather than being cut: it says what to fix.
        let lines: Vec<Line<'static>> = match b.fields.error.as_ref() {
            Some((field, problem)) => {
                let label = field.map(|f| cx.s.colon(label(f))).unwrap_or_default();
                let text = format!("{label}{}", safe(&problem.text(cx.lang)));
                wrap(&text, inner.width as usize)
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, cx.theme.bad())))
                    .collect()
            }
            None => vec![clip_line(
                vec![Span::styled(words::new_rep_keys(cx.lang), cx.theme.dim())],
                inner.width as usize,
            )],
        };
        let y = inner.y + 3;
        if y < inner.bottom() {
            f.render_widget(
                Paragraph::new(lines),
                Rect::new(inner.x, y, inner.width, inner.bottom() - y),
            );
        }
        caret
    }
}
