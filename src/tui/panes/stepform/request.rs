//! What a filled step form asks the worker to do, or the field to fix and why.

use super::{SField, StepForm, StepKind};
use crate::domain::EventKind;
use crate::store::CaseStepInput;
use crate::tui::worker::Request;
use crate::words::desk::{Problem, Strings};
use crate::words::matters as words;
use crate::words::notices;

impl StepForm {
    /// A field's text, trimmed; a number or a date with its full-width digits read
    /// as ASCII.
    fn value(&self, field: SField) -> Option<String> {
        let v = self.fields.value(field).trim();
        let v = match field {
            SField::Days | SField::Due | SField::Received | SField::NoticeDate => {
                crate::text::ascii_digits(v)
            }
            _ => v.to_string(),
        };
        Some(v).filter(|v| !v.is_empty())
    }

    /// The request for the worker, or the field to fix (focused) and why.
    pub fn request(&mut self, officer: &str) -> Result<Request, Problem> {
        self.settle_unit();
        let fields: Vec<SField> = self.fields.fields().to_vec();
        for f in fields {
            let v = self.value(f).unwrap_or_default();
            let v = v.as_str();
            let bad: Option<fn(&Strings) -> &'static str> = match f {
                SField::Text(true) | SField::Reason if v.is_empty() => Some(|s| s.text_required),
                // A reception's 领导交办 is optional; a transfer's unit is not.
                SField::Unit
                    if !(self.kind == StepKind::Reception && v.is_empty()
                        || self.units.all().iter().any(|u| u.name == v)) =>
                {
                    Some(|s| s.unit_required)
                }
                SField::Days
                    if !v
                        .parse::<u32>()
                        .is_ok_and(|d| (1..=self.max_days).contains(&d)) =>
                {
                    self.fields.focus_field(f);
                    return Err(Problem::Days(self.max_days));
                }
                SField::Source if !words::parse_source(v).is_some_and(|s| s.from_above()) => {
                    self.fields.focus_field(f);
                    return Err(Problem::Worded(words::source_from_above_only));
                }
                SField::Office if v.is_empty() => Some(|s| s.text_required),
                SField::ReportDue if !v.is_empty() && words::parse_yes_no(v).is_none() => {
                    self.fields.focus_field(f);
                    return Err(Problem::Worded(words::yes_or_no));
                }
                SField::NoticeKind if notices::parse_kind(v).is_none() => {
                    self.fields.focus_field(f);
                    return Err(Problem::Worded(notices::kind_choices));
                }
                SField::Via(required)
                    if (required || !v.is_empty()) && notices::parse_via(v).is_none() =>
                {
                    self.fields.focus_field(f);
                    return Err(Problem::Worded(notices::via_choices));
                }
                SField::Outcome if !v.is_empty() && notices::parse_outcome(v).is_none() => {
                    self.fields.focus_field(f);
                    return Err(Problem::Worded(notices::outcome_choices));
                }
                SField::ApprovedBy | SField::File if v.is_empty() => Some(|s| s.text_required),
                SField::Due | SField::Received | SField::NoticeDate
                    if !v.is_empty() && v.parse::<chrono::NaiveDate>().is_err() =>
                {
                    let given = v.to_string();
                    self.fields.focus_field(f);
                    return Err(Problem::NotADate(given));
                }
                _ => None,
            };
            if let Some(said) = bad {
                self.fields.focus_field(f);
                return Err(Problem::Said(said));
            }
        }
        if let Some(call) = &self.reception {
            return self.reception_request(officer, call);
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
                    due: self.value(SField::Due).and_then(|d| d.parse().ok()),
                    late_reason: self.value(SField::LateReason),
                    outcome: self
                        .value(SField::Outcome)
                        .and_then(|o| notices::parse_outcome(&o)),
                },
            },
            StepKind::Source => Request::SetSource {
                officer,
                case_no,
                source: words::parse_source(self.fields.value(SField::Source))
                    .unwrap_or(crate::domain::Source::AssignedFromAbove),
                upper: crate::domain::assigned::UpperInput {
                    from_office: self.value(SField::Office),
                    doc_no: self.value(SField::DocNo),
                    received: self.value(SField::Received).and_then(|d| d.parse().ok()),
                    due: self.value(SField::Due).and_then(|d| d.parse().ok()),
                    due_days: None,
                    report_due: self
                        .value(SField::ReportDue)
                        .and_then(|v| words::parse_yes_no(&v)),
                },
            },
            StepKind::ReportBack => Request::ReportBack {
                officer,
                case_no,
                report: crate::store::ReportBack {
                    text: text.unwrap_or_default(),
                    doc_no: self.value(SField::DocNo),
                    date: None,
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
                approved_by: self.value(SField::ApprovedBy).unwrap_or_default(),
                via: self
                    .value(SField::Via(false))
                    .and_then(|v| notices::parse_via(&v)),
            },
            StepKind::Notify => Request::Notify {
                officer,
                case_no,
                notice: crate::store::Notice {
                    kind: notices::parse_kind(self.fields.value(SField::NoticeKind))
                        .unwrap_or(crate::domain::notices::NoticeKind::Accept),
                    via: notices::parse_via(self.fields.value(SField::Via(true)))
                        .unwrap_or(crate::domain::notices::NoticeVia::InPerson),
                    date: self.value(SField::NoticeDate).and_then(|d| d.parse().ok()),
                },
            },
            StepKind::Receipt => Request::Receipt {
                officer,
                case_no,
                out: self.value(SField::File).unwrap_or_default().into(),
            },
            // Answered above, from `self.reception`.
            StepKind::Reception => return Err(Problem::Said(|s| s.text_required)),
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

    /// The leader's word: a 领导交办 has both its unit and its deadline, and a
    /// walk-in routed before needs something new.
    fn reception_request(
        &self,
        officer: &str,
        call: &crate::tui::worker::ReceptionCall,
    ) -> Result<Request, Problem> {
        let text = self.value(SField::Text(false));
        let unit = self.value(SField::Unit);
        let deadline = self.value(SField::Due).and_then(|d| d.parse().ok());
        if unit.is_some() != deadline.is_some() {
            return Err(Problem::Worded(crate::words::reception::unit_and_deadline));
        }
        if call.routed && text.is_none() && unit.is_none() {
            return Err(Problem::Said(|s| s.text_required));
        }
        Ok(Request::Reception(
            crate::tui::worker::ReceptionRequest::Record {
                officer: officer.to_string(),
                target: call.target.clone(),
                reception_id: call.reception.id,
                opinion: crate::store::Opinion {
                    text,
                    assign_unit: unit,
                    deadline,
                },
            },
        ))
    }
}
