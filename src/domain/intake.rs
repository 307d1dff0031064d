//! What a check-in must look like before it is written: cleaned text, a parsed ID
//! number, a normalized phone, and sane sizes. Problems in a field are errors that
//! name the field; doubts (a wrong ID check character) are warnings.

use super::idnumber::{parse_id_number, IdError, IdNumber};
use super::mask::{normalize_phone, PhoneError};
use super::Channel;
use crate::text::{clean_input, clean_multiline};

pub const MAX_NAME_CHARS: usize = 50;
pub const MAX_ADDRESS_CHARS: usize = 200;
pub const MAX_MATTER_CHARS: usize = 4000;
pub const MAX_REPRESENTATIVES: usize = 100;
pub const MAX_HEADCOUNT: u32 = 10_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntakeInput {
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub headcount: Option<u32>,
    pub representatives: Vec<String>,
    pub matter: String,
    pub channel: Option<Channel>,
    pub category: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    pub name: String,
    pub id: Option<IdNumber>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub headcount: u32,
    pub representatives: Vec<String>,
    pub matter: String,
    pub channel: Channel,
    pub category: Option<String>,
    pub warnings: Vec<Warning>,
}

/// What a check-in warning is about, so that a screen can word it in its own
/// language; the message is the English sentence the command line prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    IdChecksum,
    BirthDateAfterToday,
    PossiblySamePerson,
    TooManyRepresentatives,
    CaseFinal,
    /// The ID number is on record for a person of another name: the contact is filed
    /// under that person (the same number is the same person), and the officer
    /// should check the name.
    IdNameMismatch,
    /// Received above this office while a matter is in hand here (Art. 19).
    SkipLevel,
    /// 涉法涉诉: routed to the 政法 channel (Art. 22).
    Litigation,
    /// A collective visit that no recent screening round foresaw.
    Unscreened,
    /// Enough people came to start the plan for a sudden group visit.
    PlanProposed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
}

/// A field of a check-in, in the order a form asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

impl Field {
    pub const ALL: [Field; 9] = [
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

    /// The name the command line and the import files use.
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::IdNumber => "id_number",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::Headcount => "headcount",
            Field::Representatives => "representatives",
            Field::Category => "category",
            Field::Matter => "matter",
            Field::Channel => "channel",
        }
    }
}

/// What is wrong with a field, with the values a message needs; worded in
/// `crate::words::fields`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    NameRequired,
    TooLong {
        chars: usize,
        max: usize,
    },
    IdNumber(IdError),
    Phone(PhoneError),
    Headcount {
        max: u32,
    },
    TooManyRepresentatives {
        max: usize,
    },
    RepresentativesOverHeadcount {
        named: usize,
        came: u32,
    },
    // The cells of an import file; each value is quoted and shortened for a message.
    /// A cell under no column name.
    UnnamedColumn {
        column: usize,
        value: String,
    },
    NotANumber(String),
    NotAChannel(String),
    /// A time after `now` (`YYYY-MM-DD HH:MM`).
    InFuture {
        value: String,
        now: String,
    },
    NotATime(String),
    /// A time before the earliest a register can hold.
    TooEarly {
        value: String,
        earliest: String,
    },
    NotACaseNumber(String),
    /// A case number with no case on record.
    NoSuchCase(String),
    LongerThan {
        max: usize,
    },
    /// A row with another number of fields than the header row.
    RowWidth {
        fields: usize,
        header: usize,
    },
    /// A closing date before the contact (both `YYYY-MM-DD`).
    ClosedBeforeArrival {
        closed: String,
        arrived: String,
    },
    /// A row that says its case was transferred, without the unit.
    UnitRequired,
}

/// A check-in refused: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeError {
    pub field: Field,
    pub problem: FieldProblem,
}

impl std::fmt::Display for IntakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field.code(), self.problem)
    }
}

impl std::error::Error for IntakeError {}

/// A problem with one named field or column (the import also names columns that
/// are not intake fields); worded in `crate::words::fields`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's code: name, id_number, phone, address, headcount, representatives, matter.
    pub field: &'static str,
    pub problem: FieldProblem,
}

// `Display` (English) is in `words::fields`, beside the Chinese.
impl std::error::Error for FieldError {}

impl From<IntakeError> for FieldError {
    fn from(e: IntakeError) -> FieldError {
        FieldError {
            field: e.field.code(),
            problem: e.problem,
        }
    }
}

fn err(field: Field, problem: FieldProblem) -> IntakeError {
    IntakeError { field, problem }
}

fn limited(field: Field, value: String, max: usize) -> Result<String, IntakeError> {
    let chars = value.chars().count();
    if chars > max {
        return Err(err(field, FieldProblem::TooLong { chars, max }));
    }
    Ok(value)
}

fn optional(value: Option<&String>) -> Option<String> {
    value.map(|v| clean_input(v)).filter(|v| !v.is_empty())
}

/// A birth date after `today` cannot be right (a typo in the year, most often), but
/// the card in the officer's hand decides: a warning, not a refusal.
pub fn birth_date_warning(id: &IdNumber, today: chrono::NaiveDate) -> Option<Warning> {
    (id.birth_date > today).then(|| Warning {
        code: WarningCode::BirthDateAfterToday,
        message: format!(
            "ID number {} gives a birth date after today; recorded as typed, please check the card",
            super::mask::mask_id_number(&id.normalized)
        ),
    })
}

/// [`check`], with the refusal worded for the command line.
pub fn validate(input: &IntakeInput) -> Result<Intake, FieldError> {
    check(input).map_err(FieldError::from)
}

/// Checks and cleans a check-in; a refusal names its field and its problem.
pub fn check(input: &IntakeInput) -> Result<Intake, IntakeError> {
    let mut warnings = Vec::new();
    let name = limited(Field::Name, clean_input(&input.name), MAX_NAME_CHARS)?;
    if name.is_empty() {
        return Err(err(Field::Name, FieldProblem::NameRequired));
    }
    let id = match optional(input.id_number.as_ref()) {
        None => None,
        Some(raw) => {
            let id = parse_id_number(&raw)
                .map_err(|e| err(Field::IdNumber, FieldProblem::IdNumber(e)))?;
            if !id.checksum_ok {
                warnings.push(Warning {
                    code: WarningCode::IdChecksum,
                    message: format!(
                        "ID number {} has a wrong check character (it should end in {}); recorded as typed, please check the card",
                        super::mask::mask_id_number(&id.normalized),
                        id.expected_check
                    ),
                });
            }
            Some(id)
        }
    };
    let phone = match optional(input.phone.as_ref()) {
        None => None,
        Some(raw) => {
            Some(normalize_phone(&raw).map_err(|e| err(Field::Phone, FieldProblem::Phone(e)))?)
        }
    };
    let address = match optional(input.address.as_ref()) {
        None => None,
        Some(a) => Some(limited(Field::Address, a, MAX_ADDRESS_CHARS)?),
    };
    let headcount = input.headcount.unwrap_or(1);
    if headcount == 0 || headcount > MAX_HEADCOUNT {
        return Err(err(
            Field::Headcount,
            FieldProblem::Headcount { max: MAX_HEADCOUNT },
        ));
    }
    let mut representatives = Vec::new();
    for r in &input.representatives {
        let r = limited(Field::Representatives, clean_input(r), MAX_NAME_CHARS)?;
        if !r.is_empty() && !representatives.contains(&r) {
            representatives.push(r);
        }
    }
    if representatives.len() > MAX_REPRESENTATIVES {
        return Err(err(
            Field::Representatives,
            FieldProblem::TooManyRepresentatives {
                max: MAX_REPRESENTATIVES,
            },
        ));
    }
    if representatives.len() as u32 > headcount {
        return Err(err(
            Field::Representatives,
            FieldProblem::RepresentativesOverHeadcount {
                named: representatives.len(),
                came: headcount,
            },
        ));
    }
    let matter = limited(
        Field::Matter,
        clean_multiline(&input.matter),
        MAX_MATTER_CHARS,
    )?;
    let category = optional(input.category.as_ref());
    Ok(Intake {
        name,
        id,
        phone,
        address,
        headcount,
        representatives,
        matter,
        channel: input.channel.unwrap_or(Channel::Visit),
        category,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str) -> IntakeInput {
        IntakeInput {
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_birth_date_after_today_is_a_warning() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let id = |s: &str| parse_id_number(s).unwrap();
        let future = id("110105202712010011");
        let w = birth_date_warning(&future, today).unwrap();
        assert_eq!(w.code, WarningCode::BirthDateAfterToday);
        let w = w.message;
        assert!(w.contains("after today"), "{w}");
        assert!(
            !w.contains("20271201") && !w.contains("2027-12"),
            "masked: {w}"
        );
        assert!(birth_date_warning(&id("11010519491231002X"), today).is_none());
        let born_today = id("110105202611280012");
        assert!(birth_date_warning(&born_today, today).is_none());
    }

    #[test]
    fn a_name_is_required() {
        assert_eq!(validate(&input("  ")).unwrap_err().field, "name");
        assert_eq!(validate(&input("\x1b[31m")).unwrap_err().field, "name");
    }

    #[test]
    fn escape_sequences_are_stripped_from_names() {
        let v = validate(&input("张\x1b[31m伟\x07")).unwrap();
        assert_eq!(v.name, "张伟");
    }

    #[test]
    fn huge_fields_are_refused() {
        assert_eq!(
            validate(&input(&"张".repeat(51))).unwrap_err().field,
            "name"
        );
        let mut i = input("张伟");
        i.matter = "事".repeat(MAX_MATTER_CHARS + 1);
        assert_eq!(validate(&i).unwrap_err().field, "matter");
    }

    #[test]
    fn malformed_id_is_an_error_and_wrong_checksum_a_warning() {
        let mut i = input("张伟");
        i.id_number = Some("12345".into());
        assert_eq!(validate(&i).unwrap_err().field, "id_number");
        i.id_number = Some("110105194912310021".into());
        let v = validate(&i).unwrap();
        assert_eq!(v.warnings.len(), 1);
        assert!(v.warnings[0].message.contains("X"));
        assert_eq!(v.warnings[0].code, WarningCode::IdChecksum);
        i.id_number = Some("11010519491231002x".into());
        assert!(validate(&i).unwrap().warnings.is_empty());
    }

    #[test]
    fn headcount_and_representatives() {
        let mut i = input("张伟");
        i.headcount = Some(0);
        assert_eq!(validate(&i).unwrap_err().field, "headcount");
        i.headcount = Some(2);
        i.representatives = vec!["甲".into(), "乙".into(), "丙".into()];
        assert_eq!(validate(&i).unwrap_err().field, "representatives");
        i.headcount = Some(8);
        assert_eq!(validate(&i).unwrap().representatives.len(), 3);
        assert_eq!(validate(&input("张伟")).unwrap().headcount, 1);
    }

    #[test]
    fn phone_is_normalized() {
        let mut i = input("张伟");
        i.phone = Some("+86 138-0013-8000".into());
        assert_eq!(validate(&i).unwrap().phone.as_deref(), Some("13800138000"));
        i.phone = Some("call me".into());
        assert_eq!(validate(&i).unwrap_err().field, "phone");
    }

    #[test]
    fn a_refusal_is_typed_and_worded_the_same_for_the_command_line() {
        let mut i = input("张伟");
        i.headcount = Some(0);
        let e = check(&i).unwrap_err();
        assert_eq!(e.field, Field::Headcount);
        assert_eq!(e.problem, FieldProblem::Headcount { max: MAX_HEADCOUNT });
        let worded = validate(&i).unwrap_err();
        assert_eq!(worded.field, "headcount");
        assert_eq!(worded.to_string(), "headcount: must be between 1 and 10000");
        assert_eq!(
            check(&input(" ")).unwrap_err(),
            IntakeError {
                field: Field::Name,
                problem: FieldProblem::NameRequired
            }
        );
    }
}
