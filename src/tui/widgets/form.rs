//! The one form the desk has: a text box per field, which field has the keyboard,
//! and the problem to show. The check-in form and every case step's form are this
//! form with their own fields; they add only what is theirs (the check-in's people
//! and categories beside it, a transfer's list of units).

use super::draw::{clip_line, safe};
use crate::text::{display_width, pad_to_width};
use crate::tui::input::{render_input, TextInput};
use crate::tui::shared::DrawCx;
use crate::words::desk::Problem;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug)]
pub struct Form<F> {
    fields: Vec<F>,
    inputs: Vec<TextInput>,
    /// The field with the keyboard, as an index into the fields.
    pub focus: usize,
    /// The problem to show, and the field it is about (none: no field's fault,
    /// such as a locked database file).
    pub error: Option<(Option<F>, Problem)>,
}

impl<F: Copy + PartialEq> Form<F> {
    /// A form of these fields, in this order, each with its box.
    pub fn new(fields: impl IntoIterator<Item = (F, TextInput)>) -> Form<F> {
        let (fields, inputs) = fields.into_iter().unzip();
        Form {
            fields,
            inputs,
            focus: 0,
            error: None,
        }
    }

    pub fn fields(&self) -> &[F] {
        &self.fields
    }

    /// The fields with their boxes, in order.
    pub fn entries(&self) -> impl Iterator<Item = (F, &TextInput)> {
        self.fields.iter().copied().zip(&self.inputs)
    }

    pub fn field(&self) -> F {
        self.fields[self.focus]
    }

    fn index(&self, field: F) -> Option<usize> {
        self.fields.iter().position(|f| *f == field)
    }

    pub fn focus_field(&mut self, field: F) {
        self.focus = self.index(field).unwrap_or(0);
    }

    pub fn is_last(&self) -> bool {
        self.focus + 1 == self.fields.len()
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1).min(self.fields.len().saturating_sub(1));
    }

    pub fn prev_field(&mut self) {
        self.focus = self.focus.saturating_sub(1);
    }

    /// What a field holds, as typed ("" for a field the form does not have).
    pub fn value(&self, field: F) -> &str {
        self.index(field).map_or("", |i| self.inputs[i].value())
    }

    pub fn input_of_mut(&mut self, field: F) -> Option<&mut TextInput> {
        let i = self.index(field)?;
        self.inputs.get_mut(i)
    }

    /// The box of the field with the keyboard.
    pub fn input_mut(&mut self) -> &mut TextInput {
        &mut self.inputs[self.focus]
    }

    /// A field to fix: the keyboard goes to it, and the problem shows.
    pub fn fail(&mut self, field: F, problem: Problem) {
        self.focus_field(field);
        self.error = Some((Some(field), problem));
    }

    /// How wide the label column is for these labels.
    pub fn label_width(&self, label: impl Fn(F) -> &'static str) -> usize {
        self.fields
            .iter()
            .map(|f| display_width(label(*f)))
            .max()
            .unwrap_or(0)
            + 2
    }

    /// Draws field `i` in `row`: its label (marked and bright while it has the
    /// keyboard) in `label_w` columns, then its box, or what `value` draws there.
    /// Returns the caret, when the box takes typing (`active`).
    #[allow(clippy::too_many_arguments)]
    pub fn draw_row(
        &self,
        f: &mut Frame,
        row: Rect,
        i: usize,
        (label, label_w): (&str, usize),
        value: Option<Vec<Span<'static>>>,
        (active, placeholder): (bool, &str),
        cx: &DrawCx<'_>,
    ) -> Option<Position> {
        let focused = i == self.focus;
        let style = if focused {
            cx.theme.key()
        } else {
            cx.theme.label()
        };
        let marker = if focused { "›" } else { " " };
        let text = format!("{marker}{}", pad_to_width(label, label_w.saturating_sub(1)));
        let lw = (label_w as u16).min(row.width);
        f.render_widget(
            Paragraph::new(Span::styled(text, style)),
            Rect::new(row.x, row.y, lw, 1),
        );
        let rest = Rect::new(row.x + lw, row.y, row.width - lw, 1);
        if let Some(spans) = value {
            f.render_widget(Paragraph::new(clip_line(spans, rest.width as usize)), rest);
            return None;
        }
        render_input(f, rest, &self.inputs[i], focused && active, placeholder)
    }

    /// The problem as a line: the field's label, then what is wrong, in red.
    pub fn error_line(
        &self,
        width: usize,
        label: impl Fn(F) -> &'static str,
        cx: &DrawCx<'_>,
    ) -> Option<Line<'static>> {
        let (field, problem) = self.error.as_ref()?;
        let label = field.map(|f| cx.s.colon(label(f))).unwrap_or_default();
        Some(clip_line(
            vec![Span::styled(
                format!("{label}{}", safe(&problem.text(cx.lang))),
                cx.theme.bad(),
            )],
            width,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_between_fields_and_says_which_is_wrong() {
        let mut form = Form::new([('a', TextInput::new()), ('b', TextInput::with_value("x"))]);
        assert_eq!(form.field(), 'a');
        form.prev_field();
        assert_eq!(form.field(), 'a');
        form.next_field();
        form.next_field();
        assert!(form.is_last() && form.field() == 'b');
        assert_eq!(form.value('b'), "x");
        assert_eq!(form.value('z'), "");
        form.fail('a', Problem::Plain("no".into()));
        assert_eq!(form.field(), 'a');
        assert!(matches!(form.error, Some((Some('a'), _))));
    }
}
