//! The owner picker: the first officer (shown, never editable) and a fuzzy filter
//! over officers and units to name the handler or the handling unit.

use super::{cell, clip_line, fit, DrawCx, Move};
use super::{say, Reply};
use crate::domain::lifecycle::check_annotation;
use crate::store::{CaseDetail, Officer};
use crate::tui::input::{render_input, TextInput};
use crate::tui::keymap::Action;
use crate::tui::layer::{Effect, Shared};
use crate::tui::panes::confirm::{Confirm, Question};
use crate::tui::widgets::{Entry, FilterList, Row};
use crate::tui::worker::Request;
use crate::words::desk::Problem;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Officers list before units: among equal matches, an officer comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Officer,
    Unit,
}

#[derive(Debug, Default)]
pub struct PickerPane {
    pub filter: TextInput,
    pub list: FilterList<Kind>,
    /// Whether the officer on duty keeps the roster: a name typed that matches
    /// nobody may then be added to it (asked first), instead of only refused.
    pub chief: bool,
    /// Every name on the roster, leaders and retired officers too: typing one of
    /// them is never an offer to add a new officer.
    roster: Vec<String>,
}

impl PickerPane {
    /// The picker's own action: make the selected officer the handler, or the
    /// selected unit the case's unit, of the case open on the timeline.
    pub fn act(
        &mut self,
        action: Action,
        cx: &Shared<'_>,
        case: Option<&CaseDetail>,
    ) -> Option<Reply> {
        if action != Action::Confirm {
            return None;
        }
        let (Some(detail), Some(officer)) = (case, cx.officer) else {
            return Some(say(cx.s().no_case));
        };
        if let Err(e) = check_annotation(detail.case.status) {
            return Some(Reply::Effects(vec![Effect::Flash(
                Problem::Annotation(e),
                true,
            )]));
        }
        let Some(c) = self.selected() else {
            // A name on nobody never becomes a handler by itself: a 科长 may add it
            // to the roster first, as its own act.
            return Some(match self.off_roster() {
                Some(name) if self.chief => Reply::Effects(vec![Effect::Push(Confirm::ask(
                    Question::AddOfficer(name.to_string()),
                ))]),
                Some(name) => Reply::Effects(vec![Effect::Flash(
                    crate::words::desk::roster::ask_the_chief(&super::safe(name), cx.lang).into(),
                    true,
                )]),
                None => say(cx.s().nothing_selected),
            });
        };
        let officer_pick = c.item == Kind::Officer;
        // Re-picking who already handles the case changes nothing, so nothing is
        // written (the store would write nothing either).
        if officer_pick && detail.case.handler.as_deref() == Some(c.name.as_str()) {
            let text = crate::words::desk::roster::already_handler(&super::safe(&c.name), cx.lang);
            return Some(Reply::Effects(vec![Effect::Flash(text.into(), false)]));
        }
        Some(Reply::Effects(vec![Effect::Send(Request::Assign {
            officer: officer.to_string(),
            case_no: detail.case.case_no.clone(),
            handler: officer_pick.then(|| c.name.clone()),
            unit: (!officer_pick).then(|| c.name.clone()),
        })]))
    }

    pub fn set_lists(&mut self, officers: &[Officer], units: &[String]) {
        let keep = self.selected().map(|c| (c.item, c.name.clone()));
        self.roster = officers.iter().map(|o| o.name.clone()).collect();
        self.list = FilterList::new(
            officers
                .iter()
                .filter(|o| o.works_cases())
                .map(|o| (o.name.clone(), Kind::Officer))
                .chain(units.iter().map(|u| (u.clone(), Kind::Unit))),
        );
        self.refilter();
        if let Some((kind, name)) = keep {
            self.list.select_where(|c| c.item == kind && c.name == name);
        }
    }

    /// Re-ranks after the filter text changed.
    pub fn refilter(&mut self) {
        self.list.refilter(self.filter.value());
        let tail = usize::from(self.off_roster().is_some());
        self.list.set_tail(tail);
    }

    /// The filter text, when it matches no officer and no unit: a name that is not
    /// on the roster.
    pub fn off_roster(&self) -> Option<&str> {
        let typed = self.filter.value().trim();
        let on_roster = self.roster.iter().any(|n| n == typed);
        (!typed.is_empty() && !on_roster && self.list.shown_len() == 0).then_some(typed)
    }

    pub fn selected(&self) -> Option<&Entry<Kind>> {
        self.list.selected()
    }

    pub fn move_by(&mut self, mv: Move) {
        self.list.move_by(mv);
    }

    pub fn draw(
        &self,
        f: &mut Frame,
        area: Rect,
        case: Option<&CaseDetail>,
        loading: bool,
        cx: &DrawCx<'_>,
    ) -> Option<Position> {
        let s = cx.s;
        let title = match case {
            Some(d) => format!("{} · {}", s.picker_title, d.case.case_no),
            None => s.picker_title.to_string(),
        };
        let block = cx.block(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 5 || inner.width < 10 {
            return None;
        }
        let width = inner.width as usize;
        let Some(d) = case else {
            let msg = if loading { s.searching } else { s.no_case };
            f.render_widget(
                Paragraph::new(clip_line(vec![Span::styled(msg, cx.theme.dim())], width)),
                inner,
            );
            return None;
        };
        let c = &d.case;
        let label_w = [s.first_officer, s.handler, s.unit]
            .iter()
            .map(|l| crate::text::display_width(l))
            .max()
            .unwrap_or(8);
        let row = |label: &str, value: Option<&str>, extra: &'static str| {
            clip_line(
                vec![
                    Span::styled(
                        format!("{}  ", crate::text::pad_to_width(label, label_w)),
                        cx.theme.label(),
                    ),
                    Span::styled(fit(value.unwrap_or(s.none), 30), cx.theme.header()),
                    Span::styled(extra, cx.theme.dim()),
                ],
                width,
            )
        };
        let head = vec![
            clip_line(
                vec![
                    Span::raw(format!("{} · ", c.case_no)),
                    Span::raw(super::safe(&c.matter)),
                ],
                width,
            ),
            row(s.first_officer, Some(&c.first_officer), s.fixed),
            row(s.handler, c.handler.as_deref(), ""),
            row(s.unit, c.unit.as_deref(), ""),
        ];
        f.render_widget(
            Paragraph::new(head),
            Rect::new(inner.x, inner.y, inner.width, 4),
        );
        let prompt_w = crate::text::display_width(s.filter_prompt) as u16;
        let y = inner.y + 4;
        f.render_widget(
            Paragraph::new(Span::styled(s.filter_prompt, cx.theme.label())),
            Rect::new(inner.x, y, prompt_w.min(inner.width), 1),
        );
        let field = Rect::new(
            inner.x + prompt_w.min(inner.width),
            y,
            inner.width.saturating_sub(prompt_w),
            1,
        );
        let caret = render_input(f, field, &self.filter, cx.focused, "");
        let list = Rect::new(inner.x, y + 1, inner.width, inner.height.saturating_sub(5));
        let lines: Vec<Line<'static>> =
            self.list
                .lines(list.height as usize, width, true, cx, |row| {
                    let Row::Item(cand) = row else {
                        let name = super::safe(self.off_roster().unwrap_or_default());
                        let text = crate::words::desk::roster::not_on_roster_row(
                            &name, self.chief, cx.lang,
                        );
                        let style = if self.chief {
                            cx.theme.good()
                        } else {
                            cx.theme.dim()
                        };
                        return vec![Span::styled(text, style)];
                    };
                    let (tag, current) = match cand.item {
                        Kind::Officer => (
                            s.kind_officer,
                            c.handler.as_deref() == Some(cand.name.as_str()),
                        ),
                        Kind::Unit => (s.kind_unit, c.unit.as_deref() == Some(cand.name.as_str())),
                    };
                    vec![
                        Span::styled(format!("{} ", cell(tag, 8)), cx.theme.dim()),
                        Span::raw(super::safe(&cand.name)),
                        Span::styled(if current { " ✓" } else { "" }, cx.theme.good()),
                    ]
                });
        f.render_widget(Paragraph::new(lines), list);
        caret
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::panes::tests::officer;

    #[test]
    fn filter_matches_names_and_pinyin() {
        let mut p = PickerPane::default();
        p.set_lists(
            &[officer("王科员"), officer("李娜")],
            &["区住房和城乡建设局".to_string()],
        );
        assert_eq!(p.list.shown_len(), 3);
        p.filter.set_value("ln");
        p.refilter();
        assert_eq!(p.selected().map(|c| c.name.as_str()), Some("李娜"));
        p.filter.set_value("住房");
        p.refilter();
        assert_eq!(p.selected().map(|c| c.item), Some(Kind::Unit));
    }

    #[test]
    fn a_leader_is_never_offered_as_a_handler_nor_as_a_new_name() {
        let mut leader = officer("周县长");
        leader.role = crate::domain::roster::OfficerRole::Leader;
        let mut p = PickerPane::default();
        p.set_lists(&[officer("王科员"), leader], &[]);
        assert_eq!(p.list.shown_len(), 1);
        p.filter.set_value("周县长");
        p.refilter();
        assert_eq!(p.selected().map(|c| c.name.as_str()), None);
        assert_eq!(p.off_roster(), None, "on the roster: not offered as new");
        p.filter.set_value("孙丽");
        p.refilter();
        assert_eq!(p.off_roster(), Some("孙丽"));
    }
}
