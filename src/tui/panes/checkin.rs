//! The check-in form (登记): name, ID number, phone, address, headcount,
//! representatives, category, matter, channel. People who may be the same person
//! show beside (or under) the form while the officer types, and one key links the
//! new contact to one of them.

use super::{cell, clip_line, fill_line, fuzzy_score, safe, DrawCx, Move, Selection};
use crate::domain::intake::IntakeInput;
use crate::domain::{Channel, Flag};
use crate::store::{CaseRow, Category, CheckIn, LookupRow};
use crate::text::{display_width, has_han, pad_to_width};
use crate::tui::input::{render_input, TextInput};
use crate::tui::strings::Strings;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    IdNumber,
    Phone,
    Address,
    Headcount,
    Representatives,
    Category,
    Matter,
    Channel,
}

pub const FIELDS: [Field; 9] = [
    Field::Name,
    Field::IdNumber,
    Field::Phone,
    Field::Address,
    Field::Headcount,
    Field::Representatives,
    Field::Category,
    Field::Matter,
    Field::Channel,
];

impl Field {
    pub fn label(self, s: &Strings) -> &'static str {
        match self {
            Field::Name => s.f_name,
            Field::IdNumber => s.f_id_number,
            Field::Phone => s.f_phone,
            Field::Address => s.f_address,
            Field::Headcount => s.f_headcount,
            Field::Representatives => s.f_representatives,
            Field::Category => s.f_category,
            Field::Matter => s.f_matter,
            Field::Channel => s.f_channel,
        }
    }

    /// The field a store error names (`validate` prefixes messages with it).
    pub fn from_code(code: &str) -> Option<Field> {
        Some(match code {
            "name" => Field::Name,
            "id_number" => Field::IdNumber,
            "phone" => Field::Phone,
            "address" => Field::Address,
            "headcount" => Field::Headcount,
            "representatives" => Field::Representatives,
            "matter" => Field::Matter,
            _ => return None,
        })
    }
}

/// The person the new contact is linked to, and optionally the case it joins.
#[derive(Debug, Clone)]
pub struct Link {
    pub petitioner_id: i64,
    pub name: String,
    pub flags: Vec<Flag>,
    /// Their open cases, once the worker has sent them.
    pub open_cases: Option<Vec<CaseRow>>,
    pub case_no: Option<String>,
}

#[derive(Debug)]
pub struct CheckInForm {
    /// One per field except the channel.
    inputs: Vec<TextInput>,
    pub channel: Channel,
    pub focus: usize,
    pub error: Option<(Field, String)>,
    pub matches: Vec<LookupRow>,
    pub match_sel: Selection,
    pub match_seq: u64,
    pub link: Option<Link>,
    categories: Vec<(String, [String; 2])>,
    cat_shown: Vec<usize>,
    pub cat_sel: Selection,
    /// The officer said yes to an ID number with a wrong check character.
    pub checksum_confirmed: bool,
    pub saving: bool,
}

impl CheckInForm {
    pub fn new(categories: &[Category]) -> CheckInForm {
        let mut inputs: Vec<TextInput> = (0..FIELDS.len() - 1).map(|_| TextInput::new()).collect();
        inputs[4].set_value("1");
        let categories = categories
            .iter()
            .map(|c| {
                let shown = match &c.parent {
                    Some(p) => format!("{p}/{}", c.name),
                    None => c.name.clone(),
                };
                let py = crate::search::name_pinyin(&shown);
                (shown, [py.full, py.initials])
            })
            .collect();
        let mut form = CheckInForm {
            inputs,
            channel: Channel::Visit,
            focus: 0,
            error: None,
            matches: Vec::new(),
            match_sel: Selection::default(),
            match_seq: 0,
            link: None,
            categories,
            cat_shown: Vec::new(),
            cat_sel: Selection::default(),
            checksum_confirmed: false,
            saving: false,
        };
        form.refilter_categories();
        form
    }

    pub fn field(&self) -> Field {
        FIELDS[self.focus]
    }

    pub fn focus_field(&mut self, field: Field) {
        self.focus = FIELDS.iter().position(|f| *f == field).unwrap_or(0);
    }

    pub fn is_last(&self) -> bool {
        self.focus == FIELDS.len() - 1
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1).min(FIELDS.len() - 1);
    }

    pub fn prev_field(&mut self) {
        self.focus = self.focus.saturating_sub(1);
    }

    pub fn value(&self, field: Field) -> &str {
        match FIELDS.iter().position(|f| *f == field) {
            Some(i) if field != Field::Channel => self.inputs[i].value(),
            _ => "",
        }
    }

    /// The focused text field (none on the channel, which cycles instead).
    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        if self.field() == Field::Channel {
            None
        } else {
            self.inputs.get_mut(self.focus)
        }
    }

    /// Whether cancelling would lose something the officer typed.
    pub fn has_input(&self) -> bool {
        self.inputs.iter().enumerate().any(|(i, t)| if i == 4 { t.value() != "1" } else { !t.is_empty() })
            || self.channel != Channel::Visit
            || self.link.is_some()
    }

    pub fn cycle_channel(&mut self, forward: bool) {
        let all = Channel::ALL;
        let i = all.iter().position(|c| *c == self.channel).unwrap_or(0);
        let n = all.len();
        self.channel = all[if forward { (i + 1) % n } else { (i + n - 1) % n }];
    }

    /// What to look up for the field just edited: a Han character in the name, or
    /// four digits of an ID number or phone, are enough to tell people apart.
    pub fn lookup_query(&self) -> Option<String> {
        let text = self.value(self.field()).trim();
        let ok = match self.field() {
            Field::Name => has_han(text),
            Field::IdNumber | Field::Phone => text.chars().filter(char::is_ascii_digit).count() >= 4,
            _ => return None,
        };
        ok.then(|| text.to_string())
    }

    pub fn set_matches(&mut self, seq: u64, rows: Vec<LookupRow>) {
        if seq == self.match_seq {
            self.matches = rows;
            self.match_sel.reset();
        }
    }

    pub fn selected_match(&self) -> Option<&LookupRow> {
        self.matches.get(self.match_sel.selected)
    }

    /// Whether Up/Down move in a list instead of between fields here.
    pub fn on_list(&self) -> bool {
        self.field() == Field::Category && !self.cat_shown.is_empty()
    }

    pub fn move_list(&mut self, mv: Move) {
        if self.field() == Field::Category {
            self.cat_sel.apply(mv, self.cat_shown.len());
        } else {
            self.match_sel.apply(mv, self.matches.len());
        }
    }

    pub fn refilter_categories(&mut self) {
        let pattern = self.value(Field::Category).trim().to_lowercase();
        self.cat_shown = if pattern.is_empty() {
            (0..self.categories.len()).collect()
        } else {
            let mut scored: Vec<(i64, usize)> = self
                .categories
                .iter()
                .enumerate()
                .filter_map(|(i, (name, keys))| fuzzy_score(name, keys, &pattern).map(|s| (s, i)))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.into_iter().map(|(_, i)| i).collect()
        };
        self.cat_sel.reset();
    }

    /// Puts the selected category in the field; false when the list is empty.
    pub fn pick_category(&mut self) -> bool {
        let Some(&i) = self.cat_shown.get(self.cat_sel.selected) else { return false };
        let name = self.categories[i].0.clone();
        if let Some(input) = self.inputs.get_mut(self.focus) {
            input.set_value(&name);
        }
        true
    }

    /// The request to save, or the field to fix and why.
    pub fn request(&self, s: &Strings) -> Result<CheckIn, (Field, String)> {
        let opt = |f: Field| Some(self.value(f).trim().to_string()).filter(|v| !v.is_empty());
        if self.value(Field::Name).trim().is_empty() {
            return Err((Field::Name, s.name_required.to_string()));
        }
        let headcount = match self.value(Field::Headcount).trim() {
            "" => 1,
            h => match h.parse::<u32>() {
                Ok(n) if n > 0 => n,
                _ => return Err((Field::Headcount, s.bad_headcount.to_string())),
            },
        };
        let representatives = self
            .value(Field::Representatives)
            .split([',', '，', '、', ';', '；'])
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        Ok(CheckIn {
            intake: IntakeInput {
                name: self.value(Field::Name).to_string(),
                id_number: opt(Field::IdNumber),
                phone: opt(Field::Phone),
                address: opt(Field::Address),
                headcount: Some(headcount),
                representatives,
                matter: self.value(Field::Matter).to_string(),
                channel: Some(self.channel),
                category: opt(Field::Category),
            },
            petitioner_id: self.link.as_ref().map(|l| l.petitioner_id),
            case_no: self.link.as_ref().and_then(|l| l.case_no.clone()),
            ..CheckIn::default()
        })
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let s = cx.s;
        let block = cx.block(format!("{} · {}", s.checkin_title, self.channel.label(cx.lang)));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 4 || inner.width < 20 {
            return None;
        }
        let side = inner.width >= 96;
        let form_h = (FIELDS.len() as u16 + 2).min(inner.height);
        let (form_area, list_area) = if side {
            let w = inner.width * 3 / 5;
            (Rect::new(inner.x, inner.y, w, inner.height), Rect::new(inner.x + w + 1, inner.y, inner.width - w - 1, inner.height))
        } else {
            (
                Rect::new(inner.x, inner.y, inner.width, form_h),
                Rect::new(inner.x, inner.y + form_h, inner.width, inner.height - form_h),
            )
        };
        let caret = self.draw_fields(f, form_area, cx);
        if self.field() == Field::Category {
            self.draw_categories(f, list_area, cx);
        } else {
            self.draw_matches(f, list_area, cx);
        }
        caret
    }

    fn draw_fields(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let s = cx.s;
        let label_w = FIELDS.iter().map(|fl| display_width(fl.label(s))).max().unwrap_or(8) + 2;
        let mut caret = None;
        for (i, field) in FIELDS.iter().enumerate() {
            let y = area.y + i as u16;
            if y >= area.bottom() {
                break;
            }
            let focused = i == self.focus;
            let style = if focused { cx.theme.key() } else { cx.theme.label() };
            let marker = if focused { "›" } else { " " };
            let label = format!("{marker}{}", pad_to_width(field.label(s), label_w - 1));
            let lw = (label_w as u16).min(area.width);
            f.render_widget(Paragraph::new(Span::styled(label, style)), Rect::new(area.x, y, lw, 1));
            let field_area = Rect::new(area.x + lw, y, area.width - lw, 1);
            if *field == Field::Channel {
                let spans = vec![
                    Span::raw("‹ "),
                    Span::styled(self.channel.label(cx.lang), cx.theme.header()),
                    Span::raw(" ›  "),
                    Span::styled(s.channel_hint, cx.theme.dim()),
                ];
                f.render_widget(Paragraph::new(clip_line(spans, field_area.width as usize)), field_area);
                continue;
            }
            let placeholder = match field {
                Field::Representatives => s.representatives_hint,
                _ => "",
            };
            let pos = render_input(f, field_area, &self.inputs[i], focused && !self.saving, placeholder);
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
                    Some(no) => spans.push(Span::styled(format!("{no} ({})", Flag::Repeat.label(cx.lang)), cx.theme.warn())),
                    None => spans.push(Span::raw(s.new_case)),
                }
                f.render_widget(Paragraph::new(clip_line(spans, width)), Rect::new(area.x, y, area.width, 1));
            }
        }
        if y + 1 < area.bottom() {
            if let Some((field, msg)) = &self.error {
                let line = clip_line(vec![Span::styled(format!("{}{}", s.colon(field.label(s)), safe(msg)), cx.theme.bad())], width);
                f.render_widget(Paragraph::new(line), Rect::new(area.x, y + 1, area.width, 1));
            } else if self.saving {
                f.render_widget(Paragraph::new(Span::styled(s.saving, cx.theme.dim())), Rect::new(area.x, y + 1, area.width, 1));
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
        let title = match self.link.as_ref().and_then(|l| l.open_cases.as_ref().map(|c| (l, c))) {
            Some((l, cases)) => s.open_cases_of(&safe(&l.name), cases.len()),
            None if self.matches.is_empty() => s.matches_title.to_string(),
            None => {
                let link = cx.key(crate::tui::keymap::Context::Form, crate::tui::keymap::Action::LinkPerson);
                format!("{}  {}", s.matches_title, s.match_keys(&link))
            }
        };
        let mut lines = vec![fill_line(vec![Span::raw(title)], width, cx.theme.header())];
        let rows = area.height.saturating_sub(1) as usize;
        if let Some(cases) = self.link.as_ref().and_then(|l| l.open_cases.as_ref()) {
            let chosen = self.link.as_ref().and_then(|l| l.case_no.as_deref());
            for c in cases.iter().take(rows) {
                let spans = vec![
                    Span::raw(format!("{} ", cell(&c.case_no, 11))),
                    Span::raw(format!("{} ", cell(c.status.label(cx.lang), 10))),
                    Span::raw(safe(&c.matter)),
                ];
                lines.push(if chosen == Some(c.case_no.as_str()) {
                    fill_line(spans, width, cx.theme.selected())
                } else {
                    clip_line(spans, width)
                });
            }
        } else if self.matches.is_empty() {
            lines.push(Line::from(Span::styled(s.no_matches, cx.theme.dim())));
        } else {
            for i in self.match_sel.window(self.matches.len(), rows) {
                let c = &self.matches[i].card;
                let mut spans = vec![
                    Span::raw(format!("{} ", cell(&c.name, 8))),
                    Span::raw(format!("{} ", cell(c.id_number_masked.as_deref().unwrap_or(s.none), 18))),
                    Span::raw(format!("{} ", cell(c.phone_masked.as_deref().unwrap_or(s.none), 11))),
                ];
                spans.extend(super::flag_spans(&c.flags, cx));
                lines.push(if i == self.match_sel.selected {
                    fill_line(spans, width, cx.theme.selected())
                } else {
                    clip_line(spans, width)
                });
            }
        }
        f.render_widget(Paragraph::new(lines), area);
    }

    fn draw_categories(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        if area.height == 0 {
            return;
        }
        let width = area.width as usize;
        let mut lines = vec![fill_line(vec![Span::raw(cx.s.categories_title)], width, cx.theme.header())];
        for i in self.cat_sel.window(self.cat_shown.len(), area.height.saturating_sub(1) as usize) {
            let name = safe(&self.categories[self.cat_shown[i]].0);
            lines.push(if i == self.cat_sel.selected {
                fill_line(vec![Span::raw(name)], width, cx.theme.selected())
            } else {
                clip_line(vec![Span::raw(name)], width)
            });
        }
        f.render_widget(Paragraph::new(lines), area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::strings::ZH;

    #[test]
    fn a_fresh_form_has_nothing_to_lose() {
        let mut form = CheckInForm::new(&[]);
        assert_eq!(form.field(), Field::Name);
        assert!(!form.has_input());
        form.input_mut().unwrap().set_value("张伟");
        assert!(form.has_input());
        assert_eq!(form.lookup_query().as_deref(), Some("张伟"));
        let req = form.request(&ZH).unwrap();
        assert_eq!(req.intake.headcount, Some(1));
        assert_eq!(req.intake.channel, Some(Channel::Visit));
    }

    #[test]
    fn representatives_split_on_chinese_commas() {
        let mut form = CheckInForm::new(&[]);
        form.input_mut().unwrap().set_value("张伟");
        form.focus_field(Field::Representatives);
        form.input_mut().unwrap().set_value("甲，乙、丙,丁");
        assert_eq!(form.request(&ZH).unwrap().intake.representatives.len(), 4);
        form.focus_field(Field::Headcount);
        form.input_mut().unwrap().set_value("x");
        assert_eq!(form.request(&ZH).unwrap_err().0, Field::Headcount);
    }

    #[test]
    fn categories_filter_by_pinyin() {
        let cats = vec![
            Category { name: "城乡建设".into(), parent: None },
            Category { name: "物业管理".into(), parent: Some("城乡建设".into()) },
            Category { name: "教育".into(), parent: None },
        ];
        let mut form = CheckInForm::new(&cats);
        form.focus_field(Field::Category);
        form.input_mut().unwrap().set_value("jy");
        form.refilter_categories();
        assert!(form.pick_category());
        assert_eq!(form.value(Field::Category), "教育");
    }
}
