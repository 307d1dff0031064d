//! The check-in form's second page, opened with one key and never in the way of
//! the common walk-in: where the matter came from (本级 / 上级交办 / 上级转送 /
//! 领导交办, and for the upper ones the sending office, its number, the day
//! received, the upper deadline and whether a report back is due), the level the
//! contact was received at (本级/市/省/京), and the residence and problem place
//! picked from the office's division list. What it holds becomes the same
//! `Source`, `UpperInput` and `RiskIntake` that `checkin --source … --level …`
//! gives the store.

use crate::domain::assigned::UpperInput;
use crate::domain::risk::{Division, VisitLevel};
use crate::domain::Source;
use crate::store::risk_port::RiskIntake;
use crate::tui::input::TextInput;
use crate::tui::keys::Move;
use crate::tui::widgets::{FilterList, Form};
use crate::words::desk::Problem;
use crate::words::deskform::{self as words, MoreLabel as M};

/// The fields in the order the page asks for them.
const FIELDS: [M; 9] = [
    M::Source,
    M::FromOffice,
    M::DocNo,
    M::Received,
    M::UpperDays,
    M::ReportDue,
    M::Level,
    M::Residence,
    M::Location,
];

#[derive(Debug)]
pub struct More {
    pub fields: Form<M>,
    pub source: Source,
    /// None: as the source has it (上级交办 yes, 上级转送 no).
    pub report_due: Option<bool>,
    pub level: VisitLevel,
    /// The office's divisions (code as the item), once the worker sent them.
    pub divisions: Option<FilterList<String>>,
    /// Picked from the list: code and name, per field.
    pub residence: Option<(String, String)>,
    pub location: Option<(String, String)>,
    default_days: u32,
}

impl More {
    pub fn new(upper_days: u32) -> More {
        let days = upper_days.to_string();
        More {
            fields: Form::new(FIELDS.map(|f| {
                let input = match f {
                    M::UpperDays => TextInput::prefilled(&days),
                    _ => TextInput::new(),
                };
                (f, input)
            })),
            source: Source::Local,
            report_due: None,
            level: VisitLevel::Local,
            divisions: None,
            residence: None,
            location: None,
            default_days: upper_days,
        }
    }

    /// The office's default deadline, once known: a box still holding the old
    /// default takes the new one (what the officer typed stays).
    pub fn set_default_days(&mut self, days: u32) {
        let old = self.default_days.to_string();
        if self.fields.value(M::UpperDays) == old {
            if let Some(input) = self.fields.input_of_mut(M::UpperDays) {
                *input = TextInput::prefilled(&days.to_string());
            }
        }
        self.default_days = days;
    }

    /// Whether a field asks anything now: the upper terms only for a matter from above.
    pub fn shown(&self, f: M) -> bool {
        !matches!(
            f,
            M::FromOffice | M::DocNo | M::Received | M::UpperDays | M::ReportDue
        ) || self.source.from_above()
    }

    /// The fields shown, in order.
    pub fn shown_fields(&self) -> Vec<M> {
        FIELDS.into_iter().filter(|f| self.shown(*f)).collect()
    }

    pub fn field(&self) -> M {
        self.fields.field()
    }

    /// A field that cycles through its choices instead of taking text.
    pub fn cycles(f: M) -> bool {
        matches!(f, M::Source | M::ReportDue | M::Level)
    }

    pub fn is_last(&self) -> bool {
        self.shown_fields().last() == Some(&self.field())
    }

    pub fn step(&mut self, forward: bool) {
        let shown = self.shown_fields();
        let i = shown.iter().position(|f| *f == self.field()).unwrap_or(0);
        let j = if forward {
            (i + 1).min(shown.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        self.fields.focus_field(shown[j]);
    }

    pub fn cycle(&mut self, forward: bool) {
        fn next<T: Copy + PartialEq>(all: &[T], now: T, forward: bool) -> T {
            let i = all.iter().position(|x| *x == now).unwrap_or(0);
            let n = all.len();
            all[if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }]
        }
        match self.field() {
            M::Source => {
                self.source = next(Source::ALL, self.source, forward);
                self.report_due = None;
            }
            M::ReportDue => self.report_due = Some(!self.report_due()),
            M::Level => self.level = next(VisitLevel::ALL, self.level, forward),
            _ => {}
        }
    }

    pub fn report_due(&self) -> bool {
        self.report_due
            .unwrap_or(self.source == Source::AssignedFromAbove)
    }

    /// Whether the page holds anything other than its defaults.
    pub fn is_default(&self) -> bool {
        self.source == Source::Local
            && self.level == VisitLevel::Local
            && self.residence.is_none()
            && self.location.is_none()
            && self.fields.entries().all(|(f, t)| match f {
                M::UpperDays => t.value() == self.default_days.to_string(),
                _ => t.is_empty(),
            })
    }

    pub fn set_divisions(&mut self, list: &[Division]) {
        let mut l = FilterList::new(
            list.iter()
                .map(|d| (format!("{} {}", d.name, d.code), d.code.clone())),
        );
        l.refilter(self.fields.value(self.field()));
        self.divisions = Some(l);
    }

    /// The division field being typed in, if any.
    pub fn on_division(&self) -> bool {
        matches!(self.field(), M::Residence | M::Location)
    }

    /// After typing in a field: a division typed anew is no longer the one picked.
    pub fn after_edit(&mut self) {
        let f = self.field();
        let typed = self.fields.value(f).to_string();
        let picked = match f {
            M::Residence => &mut self.residence,
            M::Location => &mut self.location,
            _ => return,
        };
        if picked.as_ref().is_some_and(|(_, name)| *name != typed) {
            *picked = None;
        }
        if let Some(l) = self.divisions.as_mut() {
            l.refilter(&typed);
        }
    }

    pub fn move_list(&mut self, mv: Move) {
        if let Some(l) = self.divisions.as_mut() {
            l.move_by(mv);
        }
    }

    /// Enter in a division field: the selected division fills it. False when
    /// nothing was picked (an empty field, or no list).
    pub fn pick_division(&mut self) -> bool {
        let f = self.field();
        if self.fields.value(f).trim().is_empty() {
            return false;
        }
        let Some(e) = self.divisions.as_ref().and_then(|l| l.selected()) else {
            return false;
        };
        let code = e.item.clone();
        let name = e.name.trim_end_matches(code.as_str()).trim().to_string();
        if let Some(input) = self.fields.input_of_mut(f) {
            input.set_value(&name);
        }
        let slot = if f == M::Residence {
            &mut self.residence
        } else {
            &mut self.location
        };
        *slot = Some((code, name));
        true
    }

    /// A short account for the first page ("上级交办 · 市 · 城关镇"); empty when default.
    pub fn summary(&self, lang: crate::domain::Lang) -> String {
        use crate::words::Label;
        let mut parts = Vec::new();
        if self.source != Source::Local {
            parts.push(self.source.label(lang).to_string());
        }
        if self.level != VisitLevel::Local {
            parts.push(self.level.label(lang).to_string());
        }
        for (_, name) in [&self.residence, &self.location].into_iter().flatten() {
            parts.push(name.clone());
        }
        parts.join(" · ")
    }

    /// The source and the upper terms, or the field to fix and why.
    pub fn upper(&self) -> Result<(Option<Source>, UpperInput), (M, Problem)> {
        if !self.source.from_above() {
            return Ok((
                (self.source != Source::Local).then_some(self.source),
                UpperInput::default(),
            ));
        }
        let text = |f: M| Some(self.fields.value(f).trim().to_string()).filter(|v| !v.is_empty());
        let number = |f: M| text(f).map(|v| crate::text::ascii_digits(&v));
        let from_office =
            text(M::FromOffice).ok_or((M::FromOffice, Problem::Worded(words::office_required)))?;
        let received = match number(M::Received) {
            None => None,
            Some(d) => Some(d.parse().map_err(|_| (M::Received, Problem::NotADate(d)))?),
        };
        let (mut due, mut due_days) = (None, None);
        match number(M::UpperDays) {
            None => {}
            Some(v) => match (v.parse::<u32>(), v.parse()) {
                (Ok(n), _) if (1..=365).contains(&n) => {
                    due_days = (n != self.default_days).then_some(n)
                }
                (_, Ok(date)) => due = Some(date),
                _ => return Err((M::UpperDays, Problem::Worded(words::days_range))),
            },
        }
        Ok((
            Some(self.source),
            UpperInput {
                from_office: Some(from_office),
                doc_no: text(M::DocNo),
                received,
                due,
                due_days,
                report_due: self.report_due,
            },
        ))
    }

    /// The level and places, or the division field to fix: a typed place must be
    /// one picked from the list (the store checks the code against it again).
    pub fn risk(&self) -> Result<RiskIntake, (M, Problem)> {
        let code = |f: M, picked: &Option<(String, String)>| {
            let typed = self.fields.value(f).trim();
            match picked {
                Some((code, _)) => Ok(Some(code.clone())),
                None if typed.is_empty() => Ok(None),
                None => Err((f, Problem::Worded(words::pick_division))),
            }
        };
        Ok(RiskIntake {
            level: self.level,
            notice: false,
            residence_code: code(M::Residence, &self.residence)?,
            location_code: code(M::Location, &self.location)?,
        })
    }
}

/// A draft entry's code for a field of the page (`more.from_office`, …).
fn draft_code(f: M) -> &'static str {
    match f {
        M::Source => "more.source",
        M::FromOffice => "more.from_office",
        M::DocNo => "more.doc_no",
        M::Received => "more.received",
        M::UpperDays => "more.upper_days",
        M::ReportDue => "more.report_due",
        M::Level => "more.level",
        M::Residence => "more.residence",
        M::Location => "more.location",
    }
}

impl More {
    /// What the page holds, as a draft's entries: a desk ended mid-form gives
    /// back the second page too.
    pub fn draft_entries(&self) -> Vec<(String, String)> {
        let picked = |p: &Option<(String, String)>| {
            p.as_ref()
                .map(|(c, n)| format!("{c}\t{n}"))
                .unwrap_or_default()
        };
        FIELDS
            .iter()
            .map(|f| {
                let v = match f {
                    M::Source => self.source.code().to_string(),
                    M::Level => self.level.code().to_string(),
                    M::ReportDue => self.report_due.map(|b| b.to_string()).unwrap_or_default(),
                    M::Residence if self.residence.is_some() => picked(&self.residence),
                    M::Location if self.location.is_some() => picked(&self.location),
                    _ => self.fields.value(*f).to_string(),
                };
                (draft_code(*f).to_string(), v)
            })
            .collect()
    }

    /// The page as a draft left it.
    pub fn restore(&mut self, entries: &[(String, String)]) {
        for f in FIELDS {
            let Some((_, v)) = entries.iter().find(|(c, _)| c == draft_code(f)) else {
                continue;
            };
            match f {
                M::Source => self.source = Source::from_code(v).unwrap_or(Source::Local),
                M::Level => self.level = VisitLevel::from_code(v).unwrap_or(VisitLevel::Local),
                M::ReportDue => self.report_due = v.parse().ok(),
                _ => {
                    let picked = v
                        .split_once('\t')
                        .map(|(c, n)| (c.to_string(), n.to_string()));
                    let shown = picked.as_ref().map_or(v.as_str(), |(_, n)| n.as_str());
                    if let Some(input) = self.fields.input_of_mut(f) {
                        input.set_value(shown);
                    }
                    match f {
                        M::Residence => self.residence = picked,
                        M::Location => self.location = picked,
                        _ => {}
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::risk::DivisionLevel;

    fn division(code: &str, name: &str) -> Division {
        Division {
            code: code.into(),
            name: name.into(),
            level: DivisionLevel::Town,
            parent: None,
        }
    }

    #[test]
    fn an_upper_matter_needs_its_office_and_takes_days_or_a_date() {
        let mut m = More::new(60);
        assert!(m.is_default());
        assert_eq!(m.upper().unwrap(), (None, UpperInput::default()));
        m.cycle(true);
        assert_eq!(m.source, Source::AssignedFromAbove);
        assert!(m.report_due());
        assert_eq!(m.upper().unwrap_err().0, M::FromOffice);
        m.fields
            .input_of_mut(M::FromOffice)
            .unwrap()
            .set_value("市信访局");
        let (source, upper) = m.upper().unwrap();
        assert_eq!(source, Some(Source::AssignedFromAbove));
        // The pre-filled default leaves the store to apply the office's default.
        assert_eq!((upper.due, upper.due_days), (None, None));
        m.fields.input_of_mut(M::UpperDays).unwrap().set_value("30");
        assert_eq!(m.upper().unwrap().1.due_days, Some(30));
        m.fields
            .input_of_mut(M::UpperDays)
            .unwrap()
            .set_value("2027-01-10");
        assert_eq!(m.upper().unwrap().1.due, "2027-01-10".parse().ok());
        m.fields
            .input_of_mut(M::UpperDays)
            .unwrap()
            .set_value("3015");
        assert_eq!(m.upper().unwrap_err().0, M::UpperDays);
    }

    #[test]
    fn a_draft_gives_the_page_back() {
        let mut m = More::new(60);
        m.cycle(true);
        m.fields
            .input_of_mut(M::FromOffice)
            .unwrap()
            .set_value("市信访局");
        m.fields.input_of_mut(M::UpperDays).unwrap().set_value("30");
        m.residence = Some(("990101102".into(), "东湖镇".into()));
        m.fields
            .input_of_mut(M::Residence)
            .unwrap()
            .set_value("东湖镇");
        let mut back = More::new(60);
        back.restore(&m.draft_entries());
        assert_eq!(back.upper().ok(), m.upper().ok());
        assert_eq!(back.risk().ok(), m.risk().ok());
        assert!(m.upper().is_ok() && m.risk().is_ok());
        assert_eq!(
            back.summary(crate::domain::Lang::Zh),
            m.summary(crate::domain::Lang::Zh)
        );
    }

    #[test]
    fn places_are_picked_from_the_list() {
        let mut m = More::new(60);
        m.set_divisions(&[
            division("530102001", "城关镇"),
            division("530102002", "龙泉镇"),
        ]);
        m.fields.focus_field(M::Residence);
        m.fields.input_mut().set_value("lq");
        assert!(m.risk().is_err(), "typed but not picked");
        m.after_edit();
        assert!(m.pick_division());
        assert_eq!(m.fields.value(M::Residence), "龙泉镇");
        assert_eq!(
            m.risk().unwrap().residence_code.as_deref(),
            Some("530102002")
        );
        m.fields.input_mut().set_value("龙泉");
        m.after_edit();
        assert!(m.residence.is_none(), "edited after picking");
    }
}
