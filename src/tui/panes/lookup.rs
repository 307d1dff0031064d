//! The lookup: a search box whose results follow the typing, and one person opened
//! with their cases and contacts, newest first.

use super::{cell, clip_line, date_of, fill_line, fit, flag_spans, safe, DrawCx, Move, Selection};
use super::{say, Reply};
use crate::store::{CaseRow, LookupRow, PersonDetail, Revealed};
use crate::tui::input::{render_input, TextInput};
use crate::tui::keymap::Action;
use crate::tui::layer::{Effect, Shared};
use crate::tui::worker::Request;
use crate::words::Label;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Default)]
pub struct LookupPane {
    pub input: TextInput,
    /// Typing goes to the box; otherwise letters are keys (reveal, owner, …).
    pub box_focused: bool,
    pub rows: Vec<LookupRow>,
    pub sel: Selection,
    /// The newest lookup sent; answers to older ones are dropped.
    pub seq: u64,
    /// Whether the rows answer the text now in the box.
    pub answered: bool,
    /// How many match in all, and whether that is a lower bound; until it comes,
    /// the rows' count stands in.
    pub found: Option<(usize, bool)>,
    /// One person's unmasked identifiers, shown on their row only.
    pub revealed: Option<Revealed>,
    pub person: Option<PersonView>,
    /// The person asked for and not yet arrived.
    pub opening: Option<i64>,
}

#[derive(Debug)]
pub struct PersonView {
    pub detail: Box<PersonDetail>,
    /// Over `detail.cases`.
    pub sel: Selection,
}

impl LookupPane {
    /// The lookup's own actions: reveal, open the person or their case, pick the
    /// owner of their selected case, and step back out of the box or the person.
    pub fn act(&mut self, action: Action, cx: &Shared<'_>) -> Option<Reply> {
        Some(match action {
            Action::Reveal => match (self.selected_person(), cx.officer) {
                (Some(id), Some(officer)) => Reply::Effects(vec![Effect::Send(Request::Reveal {
                    officer: officer.to_string(),
                    petitioner_id: id,
                })]),
                _ => say(cx.s().nothing_selected),
            },
            Action::OpenPerson => {
                if let Some(no) = self.selected_case().map(|c| c.case_no.clone()) {
                    return Some(Reply::OpenCase(no));
                }
                if self.person.is_some() {
                    return Some(Reply::Effects(Vec::new()));
                }
                let Some(id) = self.selected().map(|r| r.card.petitioner_id) else {
                    return Some(say(cx.s().nothing_selected));
                };
                self.box_focused = false;
                self.opening = Some(id);
                Reply::Effects(vec![Effect::Send(Request::Person { petitioner_id: id })])
            }
            Action::Owner => Reply::Owner(self.selected_case().map(|c| c.case_no.clone())),
            Action::Back if self.box_focused => {
                self.box_focused = false;
                Reply::Effects(Vec::new())
            }
            Action::Back if self.person.is_some() => {
                self.person = None;
                Reply::Effects(Vec::new())
            }
            _ => return None,
        })
    }

    pub fn selected(&self) -> Option<&LookupRow> {
        self.rows.get(self.sel.selected)
    }

    /// The selected person: the opened one, else the selected row's.
    pub fn selected_person(&self) -> Option<i64> {
        match &self.person {
            Some(p) => Some(p.detail.card.petitioner_id),
            None => self.selected().map(|r| r.card.petitioner_id),
        }
    }

    pub fn selected_case(&self) -> Option<&CaseRow> {
        let p = self.person.as_ref()?;
        p.detail.cases.get(p.sel.selected)
    }

    /// Takes an answer if it is to the newest question.
    pub fn set_rows(&mut self, seq: u64, rows: Vec<LookupRow>) -> bool {
        if seq != self.seq {
            return false;
        }
        self.rows = rows;
        self.answered = true;
        self.sel.reset();
        self.revealed = None;
        true
    }

    /// A new question: its number, to send with it.
    /// The total for the newest question.
    pub fn set_found(&mut self, seq: u64, total: usize, at_least: bool) {
        if seq == self.seq {
            self.found = Some((total, at_least));
        }
    }

    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.answered = false;
        self.found = None;
        self.seq
    }

    pub fn set_person(&mut self, detail: Box<PersonDetail>) {
        let same = self.person.as_ref().map(|p| p.detail.card.petitioner_id)
            == Some(detail.card.petitioner_id);
        if self.opening == Some(detail.card.petitioner_id) || same {
            let mut sel = self.person.take().map(|p| p.sel).unwrap_or_default();
            sel.clamp(detail.cases.len());
            self.person = Some(PersonView { detail, sel });
            self.opening = None;
        }
    }

    pub fn move_by(&mut self, mv: Move) {
        match &mut self.person {
            Some(p) => p.sel.apply(mv, p.detail.cases.len()),
            None => self.sel.apply(mv, self.rows.len()),
        }
    }

    /// Draws the pane; returns the caret when the box has the keyboard.
    pub fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let s = cx.s;
        let title = match &self.person {
            Some(p) => format!("{} · {}", s.person_title, fit(&p.detail.card.name, 20)),
            None if self.answered && !self.input.is_empty() => {
                format!(
                    "{} · {}",
                    s.lookup_title,
                    match self.found {
                        Some((total, at_least)) => s.results(total, at_least),
                        None => s.results(
                            self.rows.len(),
                            self.rows.len() >= crate::tui::worker::LOOKUP_LIMIT
                        ),
                    }
                )
            }
            None => s.lookup_title.to_string(),
        };
        let block = cx.block(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 2 || inner.width < 4 {
            return None;
        }
        let prompt_w = crate::text::display_width(s.lookup_prompt) as u16;
        let prompt = Rect::new(inner.x, inner.y, prompt_w.min(inner.width), 1);
        f.render_widget(
            Paragraph::new(Span::styled(s.lookup_prompt, cx.theme.label())),
            prompt,
        );
        let field = Rect::new(
            inner.x + prompt.width,
            inner.y,
            inner.width - prompt.width,
            1,
        );
        let caret = render_input(
            f,
            field,
            &self.input,
            cx.focused && self.box_focused,
            s.lookup_placeholder,
        );
        let body = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
        match &self.person {
            Some(p) => draw_person(f, body, p, self.revealed.as_ref(), cx),
            None => self.draw_rows(f, body, cx),
        }
        caret
    }

    fn draw_rows(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        let width = area.width as usize;
        if self.rows.is_empty() {
            let msg = if !self.answered {
                cx.s.searching
            } else if self.input.is_empty() {
                ""
            } else {
                cx.s.no_match
            };
            f.render_widget(Paragraph::new(Span::styled(msg, cx.theme.dim())), area);
            return;
        }
        let cols = Cols::for_width(width);
        let mut lines = vec![fill_line(cols.header(cx), width, cx.theme.header())];
        for i in self
            .sel
            .window(self.rows.len(), area.height.saturating_sub(1) as usize)
        {
            let row = &self.rows[i];
            let revealed = self
                .revealed
                .as_ref()
                .filter(|r| r.petitioner_id == row.card.petitioner_id);
            let spans = cols.row(row, revealed, cx);
            lines.push(
                if i == self.sel.selected && !self.box_focused && cx.focused {
                    fill_line(spans, width, cx.theme.selected())
                } else if i == self.sel.selected {
                    fill_line(spans, width, cx.theme.label())
                } else {
                    clip_line(spans, width)
                },
            );
        }
        f.render_widget(Paragraph::new(lines), area);
    }
}

struct Cols {
    phone: bool,
}

const NAME: usize = 10;
const ID: usize = 18;
const PHONE: usize = 12;
const VISITS: usize = 4;
const LAST: usize = 10;
const OPEN: usize = 4;

impl Cols {
    fn for_width(width: usize) -> Cols {
        Cols {
            phone: width >= NAME + ID + PHONE + VISITS + LAST + OPEN + 6 + 8,
        }
    }

    fn header(&self, cx: &DrawCx<'_>) -> Vec<Span<'static>> {
        let s = cx.s;
        let mut v = vec![
            Span::raw(format!("{} ", cell(s.col_name, NAME))),
            Span::raw(format!("{} ", cell(s.col_id, ID))),
        ];
        if self.phone {
            v.push(Span::raw(format!("{} ", cell(s.col_phone, PHONE))));
        }
        v.push(Span::raw(format!("{} ", cell(s.col_visits, VISITS))));
        v.push(Span::raw(format!("{} ", cell(s.col_last, LAST))));
        v.push(Span::raw(format!("{} ", cell(s.col_open, OPEN))));
        v.push(Span::raw(s.col_flags));
        v
    }

    fn row(
        &self,
        row: &LookupRow,
        revealed: Option<&Revealed>,
        cx: &DrawCx<'_>,
    ) -> Vec<Span<'static>> {
        let c = &row.card;
        let (id, phone) = match revealed {
            Some(r) => (r.id_number.clone(), r.phone.clone()),
            None => (c.id_number_masked.clone(), c.phone_masked.clone()),
        };
        let id_style = if c.id_checksum_ok {
            ratatui::style::Style::new()
        } else {
            cx.theme.warn()
        };
        let mut v = vec![
            Span::raw(format!("{} ", cell(&c.name, NAME))),
            Span::styled(
                format!("{} ", cell(id.as_deref().unwrap_or(cx.s.none), ID)),
                id_style,
            ),
        ];
        if self.phone {
            v.push(Span::raw(format!(
                "{} ",
                cell(phone.as_deref().unwrap_or(cx.s.none), PHONE)
            )));
        }
        let last = c
            .last_contact
            .as_deref()
            .map(date_of)
            .unwrap_or_else(|| cx.s.none.to_string());
        v.push(Span::raw(format!("{:>w$} ", c.contact_count, w = VISITS)));
        v.push(Span::raw(format!("{} ", cell(&last, LAST))));
        v.push(Span::raw(format!("{:>w$} ", c.open_cases, w = OPEN)));
        v.extend(flag_spans(&c.flags, cx));
        v
    }
}

fn draw_person(
    f: &mut Frame,
    area: Rect,
    p: &PersonView,
    revealed: Option<&Revealed>,
    cx: &DrawCx<'_>,
) {
    let s = cx.s;
    let width = area.width as usize;
    let card = &p.detail.card;
    let revealed = revealed.filter(|r| r.petitioner_id == card.petitioner_id);
    let (id, phone) = match revealed {
        Some(r) => (r.id_number.clone(), r.phone.clone()),
        None => (card.id_number_masked.clone(), card.phone_masked.clone()),
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut head = vec![
        Span::styled(safe(&card.name), cx.theme.header()),
        Span::raw(format!("  {}  ", safe(id.as_deref().unwrap_or(s.none)))),
        Span::raw(format!("{}  ", safe(phone.as_deref().unwrap_or(s.none)))),
    ];
    if revealed.is_some() {
        head.push(Span::styled(s.revealed_mark, cx.theme.warn()));
        head.push(Span::raw(" "));
    }
    head.extend(flag_spans(&card.flags, cx));
    lines.push(clip_line(head, width));
    let address = p
        .detail
        .address
        .as_deref()
        .map(safe)
        .unwrap_or_else(|| s.none.to_string());
    lines.push(clip_line(
        vec![
            Span::styled(s.colon(s.address), cx.theme.label()),
            Span::raw(format!("{address}  ")),
            Span::styled(
                s.person_line(card.contact_count, card.open_cases),
                cx.theme.dim(),
            ),
        ],
        width,
    ));
    // Cases take the upper half (they are what Enter opens); contacts the rest.
    let rows_left = (area.height as usize).saturating_sub(lines.len() + 2);
    let case_rows = (p.detail.cases.len()).min(rows_left.div_ceil(2).max(1));
    lines.push(fill_line(
        vec![Span::raw(crate::words::marks::bracketed(
            cx.lang,
            s.cases,
            &p.detail.cases.len().to_string(),
        ))],
        width,
        cx.theme.header(),
    ));
    for i in p.sel.window(p.detail.cases.len(), case_rows) {
        let c = &p.detail.cases[i];
        let spans = vec![
            Span::raw(format!("{} ", cell(&c.case_no, 11))),
            Span::styled(
                format!("{} ", cell(c.status.label(cx.lang), 10)),
                status_style(c, cx),
            ),
            Span::raw(format!("{} ", date_of(&c.registered_at))),
            Span::raw(format!(
                "{} ",
                cell(c.category.as_deref().unwrap_or(s.none), 12)
            )),
            Span::raw(safe(&c.matter)),
        ];
        lines.push(super::list_row(
            spans,
            width,
            i == p.sel.selected && cx.focused,
            cx,
        ));
    }
    lines.push(fill_line(
        vec![Span::raw(crate::words::marks::bracketed(
            cx.lang,
            s.contacts,
            &p.detail.contacts.len().to_string(),
        ))],
        width,
        cx.theme.header(),
    ));
    let contact_rows = (area.height as usize).saturating_sub(lines.len());
    for k in p.detail.contacts.iter().take(contact_rows) {
        let mut spans = vec![
            Span::raw(format!("{} ", super::date_time(&k.arrived_at))),
            Span::raw(format!("{} ", cell(k.channel.label(cx.lang), 6))),
            Span::raw(format!("{} ", cell(&k.case_no, 11))),
        ];
        spans.extend(flag_spans(&k.flags, cx));
        spans.push(Span::raw(format!(" {}", safe(&k.matter))));
        lines.push(clip_line(spans, width));
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn status_style(c: &CaseRow, cx: &DrawCx<'_>) -> ratatui::style::Style {
    if c.status.is_open() {
        ratatui::style::Style::new()
    } else {
        cx.theme.dim()
    }
}
