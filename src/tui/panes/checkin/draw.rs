//! Drawing the check-in form: the fields on the left (or on top at 80 columns), and
//! beside them the people who may be the same person, the linked person's open
//! cases, or the category list while the category field has the caret.

use super::{CheckInForm, Field, FIELDS};
use crate::domain::Flag;
use crate::tui::panes::{cell, clip_line, fill_line, flag_spans, safe, DrawCx};
use crate::tui::widgets::Row;
use crate::words::Label;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

impl CheckInForm {
    pub(super) fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let s = cx.s;
        let mut title = format!("{} · {}", s.checkin_title, self.channel.label(cx.lang));
        if self.restored {
            title = format!("{title} · {}", s.draft_restored);
        }
        let block = cx.block(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 4 || inner.width < 20 {
            return None;
        }
        let side = inner.width >= 96;
        let form_w = if side {
            (inner.width * 9 / 20).min(64)
        } else {
            inner.width
        };
        let notes = if self.on_more {
            Vec::new()
        } else {
            self.notes(form_w as usize, cx)
        };
        let rows = if self.on_more {
            // Room for a refusal to wrap onto a second and third line.
            self.more.shown_fields().len() + 2 + 2 * usize::from(self.more.fields.error.is_some())
        } else {
            FIELDS.len() + 2 + notes.len()
        };
        let form_h = (rows as u16).min(inner.height);
        let (form_area, list_area) = if side {
            // The fields need less room than the people beside them, who carry flags.
            let w = (inner.width * 9 / 20).min(64);
            (
                Rect::new(inner.x, inner.y, w, inner.height),
                Rect::new(inner.x + w + 1, inner.y, inner.width - w - 1, inner.height),
            )
        } else {
            (
                Rect::new(inner.x, inner.y, inner.width, form_h),
                Rect::new(
                    inner.x,
                    inner.y + form_h,
                    inner.width,
                    inner.height - form_h,
                ),
            )
        };
        let caret = if self.on_more {
            self.draw_more(f, form_area, list_area, cx)
        } else {
            let caret = self.draw_fields(f, form_area, cx);
            let y = form_area.y + FIELDS.len() as u16 + 2;
            let h = form_area.bottom().saturating_sub(y);
            f.render_widget(
                Paragraph::new(notes),
                Rect::new(form_area.x, y, form_area.width, h),
            );
            caret
        };
        if self.new_rep.is_some() {
            return self.draw_new_rep(f, inner, cx);
        }
        if self.on_more {
            return caret;
        }
        if self.field() == Field::Category {
            self.draw_categories(f, list_area, cx);
        } else {
            self.draw_matches(f, list_area, cx);
        }
        caret
    }

    fn draw_fields(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let s = cx.s;
        let label = |fl: Field| s.field_label(fl);
        let label_w = self.fields.label_width(label);
        let mut caret = None;
        for (i, field) in FIELDS.iter().enumerate() {
            let y = area.y + i as u16;
            if y >= area.bottom() {
                break;
            }
            let value = (*field == Field::Channel).then(|| {
                vec![
                    Span::raw("‹ "),
                    Span::styled(self.channel.label(cx.lang), cx.theme.header()),
                    Span::raw(" ›  "),
                    Span::styled(s.channel_hint, cx.theme.dim()),
                ]
            });
            let placeholder = match field {
                Field::Representatives => s.representatives_hint,
                _ => "",
            };
            let pos = self.fields.draw_row(
                f,
                Rect::new(area.x, y, area.width, 1),
                i,
                (label(*field), label_w),
                value,
                (!self.saving, placeholder),
                cx,
            );
            caret = caret.or(pos);
        }
        let y = area.y + FIELDS.len() as u16;
        let width = area.width as usize;
        if y < area.bottom() {
            if let Some(link) = &self.link {
                let mut spans = vec![
                    Span::styled(format!("{} ", s.linked_to), cx.theme.label()),
                    Span::styled(safe(&link.name), cx.theme.header()),
                    Span::raw(format!(" #{}  ", link.petitioner_id)),
                    Span::styled(format!("{} ", s.joins_case), cx.theme.label()),
                ];
                match &link.case_no {
                    Some(no) => spans.push(Span::styled(
                        crate::words::marks::bracketed(
                            cx.lang,
                            no,
                            if link.enquiry {
                                Flag::Enquiry.label(cx.lang)
                            } else {
                                Flag::Repeat.label(cx.lang)
                            },
                        ),
                        cx.theme.warn(),
                    )),
                    None => spans.push(Span::raw(s.new_case)),
                }
                f.render_widget(
                    Paragraph::new(clip_line(spans, width)),
                    Rect::new(area.x, y, area.width, 1),
                );
            }
        }
        if y + 1 < area.bottom() {
            if let Some(line) = self.fields.error_line(width, |fl| s.field_label(fl), cx) {
                f.render_widget(
                    Paragraph::new(line),
                    Rect::new(area.x, y + 1, area.width, 1),
                );
            } else if self.saving {
                f.render_widget(
                    Paragraph::new(Span::styled(s.saving, cx.theme.dim())),
                    Rect::new(area.x, y + 1, area.width, 1),
                );
            }
        }
        caret
    }

    fn draw_matches(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        if area.height == 0 {
            return;
        }
        let s = cx.s;
        let width = area.width as usize;
        let title = match self
            .link
            .as_ref()
            .and_then(|l| l.open_cases.as_ref().map(|c| (l, c)))
        {
            Some((l, cases)) if cases.is_empty() => s.open_cases_of(&safe(&l.name), 0),
            Some((l, cases)) => {
                let key = cx.key(
                    crate::tui::keymap::Context::Form,
                    crate::tui::keymap::Action::PickCase,
                );
                format!(
                    "{}  {}",
                    s.open_cases_of(&safe(&l.name), cases.len()),
                    crate::words::repeat::pick_case_key(&key, cx.lang)
                )
            }
            None if self.matches.is_empty() && self.field() != Field::Representatives => {
                s.matches_title.to_string()
            }
            None if self.field() == Field::Representatives => {
                let key = cx.key(
                    crate::tui::keymap::Context::Form,
                    crate::tui::keymap::Action::LinkPerson,
                );
                let new = cx.key(
                    crate::tui::keymap::Context::Form,
                    crate::tui::keymap::Action::NewRepresentative,
                );
                format!(
                    "{}  {}{}",
                    s.matches_title,
                    crate::words::repeat::pick_representative_key(&key, cx.lang),
                    crate::words::deskform::new_rep_key(&new, cx.lang)
                )
            }
            None => {
                let link = cx.key(
                    crate::tui::keymap::Context::Form,
                    crate::tui::keymap::Action::LinkPerson,
                );
                format!("{}  {}", s.matches_title, s.match_keys(&link))
            }
        };
        let mut lines = vec![fill_line(vec![Span::raw(title)], width, cx.theme.header())];
        let mut rows = area.height.saturating_sub(1) as usize;
        if let Some((link, (no, status))) =
            self.link.as_ref().and_then(|l| l.in_queue.map(|q| (l, q)))
        {
            let text = crate::words::repeat::already_queued(&safe(&link.name), no, status, cx.lang);
            lines.push(clip_line(vec![Span::styled(text, cx.theme.warn())], width));
            rows = rows.saturating_sub(1);
        }
        let long_standing = self.long_standing_representatives();
        if !long_standing.is_empty() {
            let names: Vec<String> = long_standing.iter().map(|n| safe(n)).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let text = crate::words::repeat::long_standing_representatives(&names, cx.lang);
            lines.push(clip_line(vec![Span::styled(text, cx.theme.warn())], width));
            rows = rows.saturating_sub(1);
        }
        if let Some(cases) = self.link.as_ref().and_then(|l| l.open_cases.as_ref()) {
            let chosen = self.link.as_ref().and_then(|l| l.case_no.as_deref());
            for c in cases.iter().take(rows) {
                let spans = vec![
                    Span::raw(format!("{} ", cell(&c.case_no, 11))),
                    Span::raw(format!("{} ", cell(c.status.label(cx.lang), 10))),
                    Span::raw(safe(&c.matter)),
                ];
                lines.push(super::super::list_row(
                    spans,
                    width,
                    chosen == Some(c.case_no.as_str()),
                    cx,
                ));
            }
        } else if self.matches.is_empty() {
            lines.push(Line::from(Span::styled(s.no_matches, cx.theme.dim())));
        } else {
            for i in self.match_sel.window(self.matches.len(), rows) {
                let c = &self.matches[i].card;
                let mut spans = vec![
                    Span::raw(format!("{} ", cell(&c.name, 8))),
                    Span::raw(format!(
                        "{} ",
                        cell(c.id_number_masked.as_deref().unwrap_or(s.none), 18)
                    )),
                    Span::raw(format!(
                        "{} ",
                        cell(c.phone_masked.as_deref().unwrap_or(s.none), 11)
                    )),
                ];
                spans.extend(flag_spans(&c.flags, cx));
                lines.push(super::super::list_row(
                    spans,
                    width,
                    i == self.match_sel.selected,
                    cx,
                ));
            }
        }
        f.render_widget(Paragraph::new(lines), area);
    }

    fn draw_categories(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        if area.height == 0 {
            return;
        }
        let width = area.width as usize;
        let mut lines = vec![fill_line(
            vec![Span::raw(cx.s.categories_title)],
            width,
            cx.theme.header(),
        )];
        let rows = area.height.saturating_sub(1) as usize;
        lines.extend(
            self.categories
                .lines(rows, width, true, cx, |row| match row {
                    Row::Item(e) => vec![Span::raw(safe(&e.name))],
                    Row::Tail(_) => Vec::new(),
                }),
        );
        f.render_widget(Paragraph::new(lines), area);
    }
}
