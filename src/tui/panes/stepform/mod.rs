//! The small form a case step opens: the text of a reply or refusal, the unit of a
//! transfer (picked from the list), the days and reason of an extension.

use super::{centered, safe, DrawCx, Move};
use crate::domain::lifecycle::CaseStep;
use crate::domain::EventKind;
use crate::tui::input::TextInput;
use crate::tui::keymap::{Action, Context, KeyChord, Keymap, FORM_ACTIONS};
use crate::tui::keys::list_move;
use crate::tui::layer::{paste_into, Effect, Handled, Layer, Shared};
use crate::tui::panes::confirm::{Confirm, Question};
use crate::tui::panes::help::Help;
use crate::tui::widgets::{FilterList, Form, Row};
use crate::words::matters as words;
use crate::words::notices;
use crate::words::Label;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

mod request;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Step(CaseStep),
    Extend,
    Note,
    Supervise,
    /// 报结 to the office above.
    ReportBack,
    /// 来源登记: the matter came from above, with the upper office's terms.
    Source,
    /// 书面告知: a decision's written notice reached the petitioner.
    Notify,
    /// 登记回执: the case's receipt, written to a file.
    Receipt,
    /// A walk-in routed to a leader's reception, with the leader's word
    /// (`panes::reception`).
    Reception,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SField {
    /// Free text; `true` when it must not be empty.
    Text(bool),
    Reason,
    Days,
    Unit,
    /// An optional date (`YYYY-MM-DD`): a 交办's deadline.
    Due,
    /// An optional document number: the report back's, or the upper office's.
    DocNo,
    /// 上级交办 or 上级转送, typed.
    Source,
    /// The upper office (required).
    Office,
    /// The day received from above (optional date).
    Received,
    /// Whether a report back is due (optional yes/no).
    ReportDue,
    /// Why a review or recheck asked for after its window is recorded anyway.
    LateReason,
    /// What a notice told (受理, 不予受理, 转送去向, 延期), typed.
    NoticeKind,
    /// How a notice went (当面, 邮寄, 短信, 网上); `true` when it must be given.
    Via(bool),
    /// The day a notice was given (optional date).
    NoticeDate,
    /// The 科长 or 领导 who approved an extension (required).
    ApprovedBy,
    /// A reply's outcome (optional: 支持, 解释说明, 不予支持, 调解协议).
    Outcome,
    /// Where a document is written.
    File,
}

#[derive(Debug)]
pub struct StepForm {
    pub case_no: String,
    pub kind: StepKind,
    pub fields: Form<SField>,
    pub units: FilterList<()>,
    pub saving: bool,
    /// The longest extension the office's rules allow, which the store enforces.
    pub max_days: u32,
    /// What a [`StepKind::Reception`] form records.
    pub reception: Option<Box<crate::tui::worker::ReceptionCall>>,
}

impl StepForm {
    pub fn new(case_no: &str, kind: StepKind, units: &[String], max_extension: u32) -> StepForm {
        let fields = match kind {
            StepKind::Step(CaseStep::Transfer) => vec![SField::Unit, SField::Text(false)],
            StepKind::Step(CaseStep::AssignDown) => {
                vec![SField::Unit, SField::Due, SField::Text(false)]
            }
            StepKind::Step(CaseStep::Objection) => vec![SField::Text(true)],
            StepKind::Step(CaseStep::RequestReview | CaseStep::RequestRecheck) => {
                vec![SField::Text(false), SField::LateReason]
            }
            StepKind::ReportBack => vec![SField::Text(true), SField::DocNo],
            StepKind::Source => vec![
                SField::Source,
                SField::Office,
                SField::DocNo,
                SField::Received,
                SField::Due,
                SField::ReportDue,
            ],
            StepKind::Step(
                CaseStep::NotAccept | CaseStep::DecideReview | CaseStep::DecideRecheck,
            ) => {
                vec![SField::Text(true)]
            }
            StepKind::Step(CaseStep::Reply) => vec![SField::Outcome, SField::Text(false)],
            StepKind::Step(_) => vec![SField::Text(false)],
            StepKind::Extend => vec![
                SField::Days,
                SField::Reason,
                SField::ApprovedBy,
                SField::Via(false),
            ],
            StepKind::Notify => vec![SField::NoticeKind, SField::Via(true), SField::NoticeDate],
            StepKind::Receipt => vec![SField::File],
            StepKind::Note | StepKind::Supervise => vec![SField::Text(true)],
            StepKind::Reception => vec![SField::Text(false), SField::Unit, SField::Due],
        };
        let fields = Form::new(fields.into_iter().map(|f| {
            let input = match f {
                SField::Days => TextInput::prefilled(&max_extension.to_string()),
                SField::Source => TextInput::prefilled(
                    crate::domain::Source::AssignedFromAbove.label(crate::domain::Lang::Zh),
                ),
                SField::Via(true) => TextInput::prefilled(
                    crate::domain::notices::NoticeVia::InPerson.label(crate::domain::Lang::Zh),
                ),
                SField::File => TextInput::prefilled(&notices::receipt_file(case_no)),
                _ => TextInput::new().with_max_chars(crate::domain::intake::MAX_MATTER_CHARS),
            };
            (f, input)
        }));
        let units = FilterList::new(units.iter().map(|u| (u.clone(), ())));
        StepForm {
            case_no: case_no.to_string(),
            kind,
            fields,
            units,
            saving: false,
            max_days: max_extension,
            reception: None,
        }
    }

    /// The form of a walk-in routed to a leader's reception.
    pub fn reception(
        call: crate::tui::worker::ReceptionCall,
        units: &[String],
        max_extension: u32,
    ) -> StepForm {
        let mut form = StepForm::new(
            &call.target.case_no,
            StepKind::Reception,
            units,
            max_extension,
        );
        form.reception = Some(Box::new(call));
        form
    }

    pub fn title(&self, lang: crate::domain::Lang) -> String {
        if let Some(c) = &self.reception {
            let t = &c.target;
            return crate::words::reception::form_title(
                &c.reception,
                t.queue_no,
                &t.name,
                c.routed,
                lang,
            );
        }
        let what = match self.kind {
            StepKind::Step(step) => step.label(lang),
            StepKind::Extend => EventKind::Extend.label(lang),
            StepKind::Note => EventKind::Note.label(lang),
            StepKind::Supervise => EventKind::Supervise.label(lang),
            StepKind::ReportBack => EventKind::ReportBack.label(lang),
            StepKind::Source => EventKind::SetSource.label(lang),
            StepKind::Notify => EventKind::Notify.label(lang),
            StepKind::Receipt => notices::receipt_title(lang),
            StepKind::Reception => EventKind::Reception.label(lang),
        };
        // English labels are lower case for running text; a title starts a sentence.
        format!("{} · {}", crate::words::capitalized(what), self.case_no)
    }

    /// A notice form opened on the decision it most likely tells of.
    pub fn with_notice(mut self, kind: crate::domain::notices::NoticeKind) -> StepForm {
        if let Some(input) = self.fields.input_of_mut(SField::NoticeKind) {
            *input = TextInput::prefilled(kind.label(crate::domain::Lang::Zh));
        }
        self
    }

    pub fn field(&self) -> SField {
        self.fields.field()
    }

    pub fn is_last(&self) -> bool {
        self.fields.is_last()
    }

    /// Leaving the unit field takes the one unit its filter leaves.
    pub fn next_field(&mut self) {
        self.settle_unit();
        self.fields.next_field();
    }

    pub fn input_mut(&mut self) -> &mut TextInput {
        self.fields.input_mut()
    }

    pub fn has_input(&self) -> bool {
        self.fields.entries().any(|(f, i)| {
            !matches!(
                f,
                SField::Days
                    | SField::Source
                    | SField::NoticeKind
                    | SField::Via(true)
                    | SField::File
            ) && !i.is_empty()
        })
    }

    pub fn on_list(&self) -> bool {
        self.field() == SField::Unit
    }

    pub fn move_list(&mut self, mv: Move) {
        self.units.move_by(mv);
    }

    pub fn refilter_units(&mut self) {
        if !self.on_list() {
            return;
        }
        let pattern = self.fields.value(SField::Unit).to_string();
        self.units.refilter(&pattern);
    }

    /// Puts the selected unit in the field.
    pub fn pick_unit(&mut self) -> bool {
        let Some(name) = self.units.selected().map(|e| e.name.clone()) else {
            return false;
        };
        self.fields.input_mut().set_value(&name);
        self.refilter_units();
        true
    }

    /// A filter that leaves exactly one unit names that unit: leaving the field or
    /// saving takes it, with no need to pick it from the list first.
    fn settle_unit(&mut self) {
        if !self.fields.fields().contains(&SField::Unit) {
            return;
        }
        let typed = self.fields.value(SField::Unit).trim().to_lowercase();
        let all = self.units.all();
        if typed.is_empty() || all.iter().any(|u| u.name.to_lowercase() == typed) {
            return;
        }
        let mut left = all.iter().filter(|u| u.matches(&typed));
        if let (Some(only), None) = (left.next(), left.next()) {
            let only = only.name.clone();
            if let Some(input) = self.fields.input_of_mut(SField::Unit) {
                input.set_value(&only);
            }
            self.refilter_units();
        }
    }

    /// Draws the form as a box over `area`; returns the caret.
    fn render(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) -> Option<Position> {
        let s = cx.s;
        let list_rows = if self.fields.fields().contains(&SField::Unit) {
            8
        } else {
            0
        };
        let height = self.fields.fields().len() as u16 + list_rows + 4;
        let rect = centered(area, 72.min(area.width.saturating_sub(4)).max(20), height);
        super::overlay(f, rect);
        let block = cx.block(self.title(cx.lang));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        if inner.height == 0 || inner.width < 10 {
            return None;
        }
        let label = |f: SField| match f {
            SField::Text(true) => s.f_text,
            SField::Text(false) if self.kind == StepKind::Step(CaseStep::Reply) => {
                s.f_reply_optional
            }
            SField::Text(false) if self.kind == StepKind::Reception => {
                crate::words::reception::f_opinion(cx.lang)
            }
            SField::Unit if self.kind == StepKind::Reception => {
                crate::words::reception::f_assign_unit(cx.lang)
            }
            SField::Due if self.kind == StepKind::Reception => {
                crate::words::reception::f_deadline(cx.lang)
            }
            SField::Text(false) => s.f_text_optional,
            SField::Reason => s.f_reason,
            SField::Days => s.f_days,
            SField::Unit => s.f_unit,
            SField::Due if self.kind == StepKind::Source => words::f_upper_due(cx.lang),
            SField::Due => words::f_due(cx.lang),
            SField::DocNo if self.kind == StepKind::Source => words::f_upper_doc_no(cx.lang),
            SField::DocNo => words::f_doc_no(cx.lang),
            SField::Source => words::f_source(cx.lang),
            SField::Office => words::f_office(cx.lang),
            SField::Received => words::f_received(cx.lang),
            SField::ReportDue => words::f_report_due(cx.lang),
            SField::LateReason => words::f_late_reason(cx.lang),
            SField::NoticeKind => notices::f_kind(cx.lang),
            SField::Via(_) => notices::f_via(cx.lang),
            SField::NoticeDate => notices::f_date(cx.lang),
            SField::ApprovedBy => notices::f_approved_by(cx.lang),
            SField::Outcome => notices::f_outcome(cx.lang),
            SField::File => notices::f_file(cx.lang),
        };
        let label_w = self.fields.label_width(label);
        let mut caret = None;
        let mut y = inner.y;
        for (i, field) in self.fields.fields().iter().enumerate() {
            if y >= inner.bottom() {
                break;
            }
            let row = Rect::new(inner.x, y, inner.width, 1);
            let pos = self.fields.draw_row(
                f,
                row,
                i,
                (label(*field), label_w),
                None,
                (!self.saving, ""),
                cx,
            );
            caret = caret.or(pos);
            y += 1;
            if *field == SField::Unit {
                let width = inner.width as usize;
                let rows = (list_rows as usize).min(inner.bottom().saturating_sub(y) as usize);
                let focused = i == self.fields.focus;
                let lines = self.units.lines(rows, width, focused, cx, |row| match row {
                    Row::Item(u) => vec![Span::raw(format!("  {}", safe(&u.name)))],
                    Row::Tail(_) => Vec::new(),
                });
                f.render_widget(
                    Paragraph::new(lines),
                    Rect::new(inner.x, y, inner.width, rows as u16),
                );
                y += rows as u16;
            }
        }
        let y = inner.bottom().saturating_sub(1).max(y);
        if let Some(line) = self
            .fields
            .error_line(inner.width as usize, label, cx)
            .filter(|_| y < inner.bottom())
        {
            f.render_widget(Paragraph::new(line), Rect::new(inner.x, y, inner.width, 1));
        }
        caret
    }
}

/// The receipt form of a case, from any pane that shows one.
pub fn receipt_form(case_no: &str, cx: &Shared<'_>) -> super::Reply {
    let form = StepForm::new(case_no, StepKind::Receipt, cx.units, cx.max_extension_days);
    super::Reply::Effects(vec![Effect::Push(Box::new(form))])
}

impl StepForm {
    fn submit(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        let Some(officer) = cx.officer else {
            return Vec::new();
        };
        match self.request(officer) {
            Ok(request) => {
                self.saving = true;
                self.fields.error = None;
                vec![Effect::Send(request)]
            }
            Err(msg) => {
                // The step's sentences name what is missing: no label before them.
                self.fields.error = Some((None, msg));
                Vec::new()
            }
        }
    }
}

impl Layer for StepForm {
    fn context(&self) -> Context {
        Context::Form
    }

    fn action(&self, keymap: &Keymap, chord: &KeyChord) -> Option<Action> {
        keymap.other_form_action(chord)
    }

    /// Typing goes to the focused field unless the form's keymap section binds the
    /// key; in the unit field Up and Down move in the list.
    fn on_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        if self.saving {
            return Handled::done();
        }
        if self.on_list() {
            if let Some(mv) = list_move(ev) {
                self.move_list(mv);
                return Handled::done();
            }
        }
        match cx.keymap.other_form_action(chord) {
            Some(Action::Save) => return Handled::Consumed(self.submit(cx)),
            Some(Action::Confirm) => {
                if self.on_list() {
                    self.pick_unit();
                }
                if self.is_last() {
                    return Handled::Consumed(self.submit(cx));
                }
                self.next_field();
            }
            Some(Action::NextField) => self.next_field(),
            Some(Action::PrevField) => self.fields.prev_field(),
            Some(Action::Back) if self.has_input() => {
                return Handled::with([Effect::Push(Confirm::ask(Question::DiscardStep))])
            }
            Some(Action::Back) => return Handled::with([Effect::Close]),
            Some(Action::Quit) => return Handled::with([Effect::AskQuit]),
            Some(Action::ToggleLang) => return Handled::with([Effect::ToggleLang]),
            Some(Action::Help) => {
                return Handled::with([Effect::Push(Box::new(Help::form(FORM_ACTIONS, false)))])
            }
            _ => {
                if self.input_mut().handle_key(ev) {
                    self.fields.error = None;
                    self.refilter_units();
                }
            }
        }
        Handled::done()
    }

    fn on_paste(&mut self, text: &str, _cx: &Shared<'_>) -> Handled {
        let said = paste_into(self.input_mut(), text);
        self.refilter_units();
        Handled::Consumed(said)
    }

    fn on_answer(&mut self, question: &Question, yes: bool, _cx: &Shared<'_>) -> Vec<Effect> {
        if yes && *question == Question::DiscardStep {
            return vec![Effect::Close];
        }
        Vec::new()
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        vec![Action::Save, Action::NextField, Action::Back]
    }

    fn has_unsaved(&self) -> bool {
        self.has_input()
    }

    /// The case steps and annotations; the receipt, the source, the report back and
    /// a reception are not the shift's (the store does not refuse them).
    fn records_on_shift(&self) -> bool {
        matches!(
            self.kind,
            StepKind::Step(_)
                | StepKind::Extend
                | StepKind::Note
                | StepKind::Supervise
                | StepKind::Notify
        )
    }

    fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>, _: &Shared<'_>) -> Option<Position> {
        self.render(f, area, cx)
    }

    fn takes_focus(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::worker::Request;

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
        // Art. 32: the approver is asked for; the notice's way may wait.
        let why = form.request("王科员").unwrap_err();
        assert_eq!(form.field(), SField::ApprovedBy);
        assert!(!why.text(crate::domain::Lang::Zh).is_empty());
        form.input_mut().set_value("王科员");
        form.next_field();
        form.input_mut().set_value("信鸽");
        assert!(form.request("王科员").is_err());
        assert_eq!(form.field(), SField::Via(false));
        form.input_mut().set_value("短信");
        match form.request("王科员") {
            Ok(Request::Extend {
                approved_by, via, ..
            }) => {
                assert_eq!(approved_by, "王科员");
                assert_eq!(via, Some(crate::domain::notices::NoticeVia::Sms));
            }
            other => panic!("{other:?}"),
        }
        form.fields.focus = 0;
        form.input_mut().set_value("0");
        let why = form.request("王科员").unwrap_err();
        assert_eq!(
            why.text(crate::domain::Lang::En),
            "Days must be a whole number from 1 to 30"
        );
        form.input_mut().set_value("3015");
        let why = form.request("王科员").unwrap_err();
        assert_eq!(
            why.text(crate::domain::Lang::Zh),
            "天数须为 1 到 30 之间的整数"
        );
    }

    #[test]
    fn a_notice_form_reads_its_kind_and_way_in_either_language() {
        use crate::domain::notices::{NoticeKind, NoticeVia};
        let form = StepForm::new("2026-000001", StepKind::Notify, &[], 30);
        let mut form = form.with_notice(NoticeKind::Transfer);
        form.fields.focus = 1;
        form.input_mut().set_value("post");
        match form.request("王科员") {
            Ok(Request::Notify { notice, .. }) => {
                assert_eq!(notice.kind, NoticeKind::Transfer);
                assert_eq!(notice.via, NoticeVia::Post);
                assert_eq!(notice.date, None);
            }
            other => panic!("{other:?}"),
        }
        form.fields.focus = 0;
        form.input_mut().set_value("别的");
        assert!(form.request("王科员").is_err());
        assert_eq!(form.field(), SField::NoticeKind);
    }

    #[test]
    fn a_reply_may_say_its_outcome() {
        let mut form = StepForm::new("2026-000001", StepKind::Step(CaseStep::Reply), &[], 30);
        assert_eq!(form.field(), SField::Outcome);
        form.input_mut().set_value("调解协议");
        match form.request("王科员") {
            Ok(Request::CaseStep { input, .. }) => assert_eq!(
                input.outcome,
                Some(crate::domain::notices::ReplyOutcome::Mediation)
            ),
            other => panic!("{other:?}"),
        }
    }
}
