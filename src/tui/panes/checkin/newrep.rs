//! A representative not on record, added from the form (issue 10, item 4): a box
//! over the form asks their name (the one being typed in the list), ID number and
//! phone, checked as intake checks a petitioner's. On saving the visit the store
//! puts them on record and links them to the case as its representative.

use super::{CheckInForm, Field};
use crate::domain::intake::{check, Field as IntakeField};
use crate::store::NewRepresentative;
use crate::tui::input::TextInput;
use crate::tui::widgets::Form;
use crate::words::desk::Problem;

#[derive(Debug)]
pub struct NewRepBox {
    pub fields: Form<IntakeField>,
    /// The officer kept an ID number whose check character is wrong.
    pub checksum_confirmed: bool,
    /// The name it was opened on, taken from the representatives field.
    opened_on: String,
}

impl NewRepBox {
    pub fn new(name: &str) -> NewRepBox {
        let mut fields = Form::new(
            [IntakeField::Name, IntakeField::IdNumber, IntakeField::Phone]
                .map(|f| (f, TextInput::new())),
        );
        if let Some(input) = fields.input_of_mut(IntakeField::Name) {
            input.set_value(name);
        }
        if !name.is_empty() {
            fields.next_field();
        }
        NewRepBox {
            fields,
            checksum_confirmed: false,
            opened_on: name.to_string(),
        }
    }

    /// The representative, or the field to fix and why (a wrong check character
    /// is asked about, as at intake: `Err(None)` with the expected character).
    pub fn representative(
        &self,
    ) -> Result<NewRepresentative, Result<(IntakeField, Problem), char>> {
        let opt = |f| Some(self.fields.value(f).trim().to_string()).filter(|v| !v.is_empty());
        let rep = NewRepresentative {
            name: self.fields.value(IntakeField::Name).trim().to_string(),
            id_number: opt(IntakeField::IdNumber),
            phone: opt(IntakeField::Phone),
        };
        let intake = check(&rep.as_intake()).map_err(|e| Ok((e.field, e.problem.into())))?;
        match intake.id {
            Some(id) if !id.checksum_ok && !self.checksum_confirmed => Err(Err(id.expected_check)),
            _ => Ok(rep),
        }
    }

    /// Whether closing it would lose something typed: an ID number, a phone, or
    /// a name other than the one it was opened on (which stays in the form).
    pub fn has_input(&self) -> bool {
        use IntakeField::*;
        [IdNumber, Phone]
            .iter()
            .any(|&f| !self.fields.value(f).trim().is_empty())
            || self.fields.value(Name) != self.opened_on
    }
}

impl CheckInForm {
    /// Opens the box for the name being typed in the representatives field.
    pub fn open_new_rep(&mut self) {
        let typed = super::offer::last_name(self.value(Field::Representatives)).to_string();
        let on_record = self.rep_people.iter().any(|(_, n, _)| *n == typed);
        let name = if on_record { "" } else { typed.as_str() };
        self.new_rep = Some(NewRepBox::new(name));
    }

    /// The box's representative joins the list: their name in the field (in
    /// place of the one being typed), their details kept for the store.
    pub fn add_new_rep(&mut self, rep: NewRepresentative) {
        let typed = self.value(Field::Representatives).trim_end().to_string();
        let last = super::offer::last_name(&typed);
        let kept = if last == rep.name {
            typed[..typed.len() - last.len()].trim_end().to_string()
        } else {
            typed.clone()
        };
        let kept = kept.trim_end_matches([',', '，', '、', ';', '；']);
        let value = if kept.is_empty() {
            rep.name.clone()
        } else {
            format!("{kept}、{}", rep.name)
        };
        if let Some(input) = self.fields.input_of_mut(Field::Representatives) {
            input.set_value(&value);
        }
        self.new_reps.retain(|r| r.name != rep.name);
        self.new_reps.push(rep);
        self.new_rep = None;
        self.fields.focus_field(Field::Representatives);
    }

    /// The new representatives whose names are still in the field.
    pub fn new_representatives(&self) -> Vec<NewRepresentative> {
        let typed: Vec<&str> = self
            .value(Field::Representatives)
            .split([',', '，', '、', ';', '；'])
            .map(str::trim)
            .collect();
        self.new_reps
            .iter()
            .filter(|r| typed.contains(&r.name.as_str()))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_representative_is_checked_as_at_intake_and_joins_the_list() {
        let mut form = CheckInForm::new(&[]);
        form.fields.focus_field(Field::Representatives);
        form.input_mut().unwrap().set_value("甲、李强");
        form.open_new_rep();
        let b = form.new_rep.as_mut().unwrap();
        assert_eq!(b.fields.value(IntakeField::Name), "李强");
        assert_eq!(b.fields.field(), IntakeField::IdNumber);
        b.fields.input_mut().set_value("12345");
        assert!(matches!(
            b.representative(),
            Err(Ok((IntakeField::IdNumber, Problem::IdNumber(_))))
        ));
        b.fields.input_mut().set_value("110102198001011230");
        assert!(matches!(b.representative(), Err(Err('9'))));
        b.fields.input_mut().set_value("110102198001011239");
        let rep = b.representative().unwrap();
        form.add_new_rep(rep);
        assert_eq!(form.value(Field::Representatives), "甲、李强");
        assert_eq!(form.new_representatives().len(), 1);
        form.fields.focus_field(Field::Representatives);
        form.input_mut().unwrap().set_value("甲");
        assert!(form.new_representatives().is_empty(), "name taken out");
    }
}
