//! The small form a case step opens: the text of a reply or refusal, the unit of a
//! transfer (picked from the list), the days and reason of an extension.

use super::{centered, clip_line, fuzzy_score, safe, DrawCx, Move, Selection};
use crate::domain::lifecycle::CaseStep;
use crate::domain::EventKind;
use crate::store::CaseStepInput;
use crate::text::{display_width, pad_to_width};
use crate::tui::input::{render_input, TextInput};
use crate::tui::strings::{Problem, Strings};
use crate::tui::worker::Request;
use crate::words::Label;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Step(CaseStep),
    Extend,
    Note,
    Supervise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SField {
    /// Free text; `true` when it must not be empty.
    Text(bool),
    Reason,
    Days,
    Unit,
}

#[derive(Debug)]
pub struct StepForm {
    pub case_no: String,
    pub kind: StepKind,
    pub fields: Vec<SField>,
    inputs: Vec<TextInput>,
    pub focus: usize,
    units: Vec<(String, [String; 2])>,
    unit_shown: Vec<usize>,
    pub unit_sel: Selection,
    pub error: Option<Problem>,
    pub saving: bool,
}

impl StepForm {
    pub fn new(case_no: &str, kind: StepKind, units: &[String], max_extension: u32) -> StepForm {
        let fields = match kind {
            StepKind::Step(CaseStep::Transfer) => vec![SField::Unit, SField::Text(false)],
            StepKind::Step(
                CaseStep::NotAccept | CaseStep::DecideReview | CaseStep::DecideRecheck,
            ) => {
                vec![SField::Text(true)]
            }
            StepKind::Step(_) => vec![SField::Text(false)],
            StepKind::Extend => vec![SField::Days, SField::Reason],
            StepKind::Note | StepKind::Supervise => vec![SField::Text(true)],
        };
        let inputs = fields
            .iter()
            .map(|f| match f {
                SField::Days => TextInput::with_value(&max_extension.to_string()),
                _ => TextInput::new().with_max_chars(crate::domain::intake::MAX_MATTER_CHARS),
            })
            .collect();
        let units: Vec<(String, [String; 2])> = units
            .iter()
            .map(|u| {
                let py = crate::search::name_pinyin(u);
                (u.clone(), [py.full, py.initials])
            })
            .collect();
        let unit_shown = (0..units.len()).collect();
        StepForm {
            case_no: case_no.to_string(),
            kind,
            fields,
            inputs,
            focus: 0,
            units,
            unit_shown,
            unit_sel: Selection::default(),
            error: None,
            saving: false,
        }
    }

    pub fn title(&self, lang: crate::domain::Lang) -> String {
        let what = match self.kind {
            StepKind::Step(step) => step.label(lang),
            StepKind::Extend => EventKind::Extend.label(lang),
            StepKind::Note => EventKind::Note.label(lang),
            StepKind::Supervise => EventKind::Supervise.label(lang),
        };
        format!("{what} · {}", self.case_no)
    }

    pub fn field(&self) -> SField {
        self.fields[self.focus]
    }

    pub fn is_last(&self) -> bool {
        self.focus + 1 == self.fields.len()
    }

    pub fn next_field(&mut self) {
        self.settle_unit();
        self.focus = (self.focus + 1).min(self.fields.len() - 1);
    }

    pub fn prev_field(&mut self) {
        self.focus = self.focus.saturating_sub(1);
    }

    pub fn input_mut(&mut self) -> &mut TextInput {
        &mut self.inputs[self.focus]
    }

    pub fn has_input(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.inputs)
            .any(|(f, i)| *f != SField::Days && !i.is_empty())
    }

    pub fn on_list(&self) -> bool {
        self.field() == SField::Unit
    }

    pub fn move_list(&mut self, mv: Move) {
        self.unit_sel.apply(mv, self.unit_shown.len());
    }

    pub fn refilter_units(&mut self) {
        if !self.on_list() {
            return;
        }
        let pattern = self.inputs[self.focus].value().trim().to_lowercase();
        self.unit_shown = if pattern.is_empty() {
            (0..self.units.len()).collect()
        } else {
            let mut scored: Vec<(i64, usize)> = self
                .units
                .iter()
                .enumerate()
                .filter_map(|(i, (name, keys))| fuzzy_score(name, keys, &pattern).map(|s| (s, i)))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.into_iter().map(|(_, i)| i).collect()
        };
        self.unit_sel.reset();
    }

    /// Puts the selected unit in the field.
    pub fn pick_unit(&mut self) -> bool {
        let Some(&i) = self.unit_shown.get(self.unit_sel.selected) else {
            return false;
        };
        let name = self.units[i].0.clone();
        self.inputs[self.focus].set_value(&name);
        self.refilter_units();
        true
    }

    /// A filter that leaves exactly one unit names that unit: leaving the field or
    /// saving takes it, with no need to pick it from the list first.
    fn settle_unit(&mut self) {
        let Some(i) = self.fields.iter().position(|f| *f == SField::Unit) else {
            return;
        };
        let typed = self.inputs[i].value().trim().to_lowercase();
        if typed.is_empty() || self.units.iter().any(|(u, _)| u.to_lowercase() == typed) {
            return;
        }
        let mut left = self
            .units
            .iter()
            .filter(|(name, keys)| fuzzy_score(name, keys, &typed).is_some());
        if let (Some((only, _)), None) = (left.next(), left.next()) {
            let only = only.clone();
            self.inputs[i].set_value(&only);
            if self.focus == i {
                self.refilter_units();
            }
        }
    }

    fn value(&self, field: SField) -> Option<String> {
        let i = self.fields.iter().position(|f| *f == field)?;
        Some(self.inputs[i].value().trim().to_string()).filter(|v| !v.is_empty())
    }

    /// The request for the worker, or the field to fix (focused) and why.
    pub fn request(&mut self, officer: &str) -> Result<Request, Problem> {
        self.settle_unit();
        for (i, f) in self.fields.iter().enumerate() {
            let v = self.inputs[i].value().trim();
            let bad: Option<fn(&Strings) -> &'static str> = match f {
                SField::Text(true) | SField::Reason if v.is_empty() => Some(|s| s.text_required),
                SField::Unit if !self.units.iter().any(|(u, _)| u == v) => {
                    Some(|s| s.unit_required)
                }
                SField::Days if !matches!(v.parse::<u32>(), Ok(1..=365)) => Some(|s| s.bad_days),
                _ => None,
            };
            if let Some(said) = bad {
                self.focus = i;
                return Err(Problem::Said(said));
            }
        }
        let officer = officer.to_string();
        let case_no = self.case_no.clone();
        let text = self
            .value(SField::Text(true))
            .or_else(|| self.value(SField::Text(false)));
        Ok(match self.kind {
            StepKind::Step(step) => Request::CaseStep {
                officer,
                case_no,
                step,
                input: CaseStepInput {
                    unit: self.value(SField::Unit),
                    text,
                },
            },
            StepKind::Extend => Request::Extend {
                officer,
                case_no,
                days: self
                    .value(SField::Days)
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(0),
                reason: self.value(SField::Reason).unwrap_or_default(),
            },
            StepKind::Note | StepKind::Supervise => Request::Annotate {
                officer,
                case_no,
                kind: if self.kind == StepKind::Note {
                    EventKind::Note
                } else {
                    EventKind::Supervise
                },
                text: text.unwrap_or_default(),
            },
        })
    }

    /// Draws the form as a box over `area`; returns the caret.
    pub fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let s = cx.s;
        let list_rows = if self.fields.contains(&SField::Unit) {
            8
        } else {
            0
        };
        let height = self.fields.len() as u16 + list_rows + 4;
        let rect = centered(area, 72.min(area.width.saturating_sub(4)).max(20), height);
        f.render_widget(Clear, rect);
        let block = cx.block(self.title(cx.lang));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        if inner.height == 0 || inner.width < 10 {
            return None;
        }
        let label = |f: SField| match f {
            SField::Text(true) => s.f_text,
            SField::Text(false) => s.f_text_optional,
            SField::Reason => s.f_reason,
            SField::Days => s.f_days,
            SField::Unit => s.f_unit,
        };
        let label_w = self
            .fields
            .iter()
            .map(|f| display_width(label(*f)))
            .max()
            .unwrap_or(4)
            + 2;
        let lw = (label_w as u16).min(inner.width);
        let mut caret = None;
        let mut y = inner.y;
        for (i, field) in self.fields.iter().enumerate() {
            if y >= inner.bottom() {
                break;
            }
            let focused = i == self.focus;
            let style = if focused {
                cx.theme.key()
            } else {
                cx.theme.label()
            };
            f.render_widget(
                Paragraph::new(Span::styled(pad_to_width(label(*field), label_w), style)),
                Rect::new(inner.x, y, lw, 1),
            );
            let pos = render_input(
                f,
                Rect::new(inner.x + lw, y, inner.width - lw, 1),
                &self.inputs[i],
                focused && !self.saving,
                "",
            );
            caret = caret.or(pos);
            y += 1;
            if *field == SField::Unit {
                let width = inner.width as usize;
                let rows = (list_rows as usize).min(inner.bottom().saturating_sub(y) as usize);
                let mut lines = Vec::new();
                for k in self.unit_sel.window(self.unit_shown.len(), rows) {
                    let name = format!("  {}", safe(&self.units[self.unit_shown[k]].0));
                    lines.push(super::list_row(
                        vec![Span::raw(name)],
                        width,
                        k == self.unit_sel.selected && focused,
                        cx,
                    ));
                }
                f.render_widget(
                    Paragraph::new(lines),
                    Rect::new(inner.x, y, inner.width, rows as u16),
                );
                y += rows as u16;
            }
        }
        if let Some(err) = &self.error {
            let y = inner.bottom().saturating_sub(1).max(y);
            if y < inner.bottom() {
                let line = clip_line(
                    vec![Span::styled(safe(&err.text(cx.lang)), cx.theme.bad())],
                    inner.width as usize,
                );
                f.render_widget(Paragraph::new(line), Rect::new(inner.x, y, inner.width, 1));
            }
        }
        caret
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::strings::EN;

    #[test]
    fn refusal_needs_a_reason_and_transfer_a_known_unit() {
        let mut form = StepForm::new("2026-000001", StepKind::Step(CaseStep::NotAccept), &[], 30);
        assert!(form.request("王科员").is_err());
        form.input_mut().set_value("不属于本机关职权范围");
        assert!(matches!(
            form.request("王科员"),
            Ok(Request::CaseStep { .. })
        ));

        let units = vec!["区教育局".to_string(), "区住房和城乡建设局".to_string()];
        let mut form = StepForm::new(
            "2026-000001",
            StepKind::Step(CaseStep::Transfer),
            &units,
            30,
        );
        form.input_mut().set_value("zf");
        form.refilter_units();
        assert!(form.pick_unit());
        match form.request("王科员") {
            Ok(Request::CaseStep { input, .. }) => {
                assert_eq!(input.unit.as_deref(), Some("区住房和城乡建设局"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn extension_days_are_checked() {
        let mut form = StepForm::new("2026-000001", StepKind::Extend, &[], 30);
        form.next_field();
        form.input_mut().set_value("案情复杂");
        assert!(form.request("王科员").is_ok());
        form.focus = 0;
        form.input_mut().set_value("0");
        let why = form.request("王科员").unwrap_err();
        assert_eq!(why.text(crate::domain::Lang::En), EN.bad_days);
    }
}
