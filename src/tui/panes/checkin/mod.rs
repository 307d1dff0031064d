//! The check-in form (登记): name, ID number, phone, address, headcount,
//! representatives, category, matter, channel. People who may be the same person
//! show beside (or under) the form while the officer types, and one key links the
//! new contact to one of them.

use super::{Move, Selection};
use crate::domain::intake::{check, IntakeInput, MAX_HEADCOUNT};
use crate::domain::{Channel, Flag};

mod draw;
mod draw_more;
mod keys;
mod more;
mod newrep;
mod offer;
mod pages;
mod preview;
use crate::store::{CaseRow, Category, CheckIn, LookupRow};
use crate::text::has_han;
use crate::tui::input::TextInput;
use crate::tui::widgets::{FilterList, Form};
use crate::words::desk::Problem;
pub use more::More;
pub use newrep::NewRepBox;
pub use offer::matter_overlap;
pub use preview::Preview;

pub use crate::domain::intake::Field;

/// The fields in the order the form asks for them.
pub const FIELDS: [Field; 9] = Field::ALL;

/// The person the new contact is linked to, and optionally the case it joins.
#[derive(Debug, Clone)]
pub struct Link {
    pub petitioner_id: i64,
    pub name: String,
    pub flags: Vec<Flag>,
    /// Their open cases, once the worker has sent them.
    pub open_cases: Option<Vec<CaseRow>>,
    pub case_no: Option<String>,
    /// The officer chose the case (or a new one) with the pick key: the form no
    /// longer chooses by the matter text.
    pub case_picked: bool,
    /// The person's place in the queue when they already hold one: number, status.
    pub in_queue: Option<(i64, crate::domain::QueueStatus)>,
    /// The contact only asks how the joined case stands (问进展): it opens no case
    /// and is not a repeat petition.
    pub enquiry: bool,
}

#[derive(Debug)]
pub struct CheckInForm {
    /// The typed fields (the channel's box stays empty: it cycles instead).
    pub fields: Form<Field>,
    pub channel: Channel,
    pub matches: Vec<LookupRow>,
    pub match_sel: Selection,
    pub match_seq: u64,
    pub link: Option<Link>,
    /// The categories ("parent/child"), filtered by the category field.
    pub categories: FilterList<()>,
    /// Up/Down were used in the category list.
    cat_browsed: bool,
    /// The officer said yes to an ID number with a wrong check character.
    pub checksum_confirmed: bool,
    pub saving: bool,
    /// Representatives picked from the people on record (`C-l` in their field):
    /// person, name, flags.
    pub rep_people: Vec<(i64, String, Vec<Flag>)>,
    /// Art. 20's limit on representatives, as the office configured it.
    pub max_representatives: usize,
    /// Filled in from a draft left by a desk that was ended: the title says so.
    pub restored: bool,
    /// The second page: source, level, places.
    pub more: More,
    /// The second page has the keyboard.
    pub on_more: bool,
    /// The box adding a representative not on record, while open.
    pub new_rep: Option<NewRepBox>,
    /// Representatives to put on record with the visit.
    pub new_reps: Vec<crate::store::NewRepresentative>,
    /// What saving would say, for a visit of several people.
    pub preview: Preview,
}

impl CheckInForm {
    pub fn new(categories: &[Category]) -> CheckInForm {
        let fields = Form::new(FIELDS.map(|f| {
            let input = match f {
                Field::Headcount => TextInput::prefilled("1"),
                _ => TextInput::new(),
            };
            (f, input)
        }));
        let categories = FilterList::new(categories.iter().map(|c| {
            let shown = match &c.parent {
                Some(p) => format!("{p}/{}", c.name),
                None => c.name.clone(),
            };
            (shown, ())
        }));
        let mut form = CheckInForm {
            fields,
            channel: Channel::Visit,
            matches: Vec::new(),
            match_sel: Selection::default(),
            match_seq: 0,
            link: None,
            categories,
            cat_browsed: false,
            checksum_confirmed: false,
            saving: false,
            max_representatives: crate::domain::flags::FlagConfig::default().max_representatives,
            rep_people: Vec::new(),
            restored: false,
            more: More::new(crate::domain::clocks::ClockConfig::default().upper_days),
            on_more: false,
            new_rep: None,
            new_reps: Vec::new(),
            preview: Preview::default(),
        };
        form.refilter_categories();
        form
    }

    /// The form as the desk opens it: the office's limits and defaults.
    pub fn for_desk(mut self, cx: &crate::tui::layer::Shared<'_>) -> CheckInForm {
        self.max_representatives = cx.max_representatives;
        self.more.set_default_days(cx.upper_days);
        self
    }

    /// The focused text field (none on the channel, which cycles instead).
    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        match self.fields.field() {
            Field::Channel => None,
            _ => Some(self.fields.input_mut()),
        }
    }

    /// The focused field.
    pub fn field(&self) -> Field {
        self.fields.field()
    }

    /// What a field holds, as typed (the channel is not typed: "").
    pub fn value(&self, field: Field) -> &str {
        self.fields.value(field)
    }

    /// The headcount as typed, full-width digits read as ASCII (the warnings of a
    /// visit of several people and saving read it alike).
    pub fn headcount_typed(&self) -> String {
        crate::text::ascii_digits(self.value(Field::Headcount).trim())
    }

    /// What the officer typed, to keep as a draft.
    pub fn to_draft(&self) -> crate::tui::draft::Draft {
        crate::tui::draft::Draft {
            fields: self
                .fields
                .entries()
                .filter(|(f, _)| *f != Field::Channel)
                .map(|(f, t)| (f.code().to_string(), t.value().to_string()))
                .chain(self.more.draft_entries())
                .chain(self.new_reps.iter().map(|r| {
                    let part = |p: &Option<String>| p.clone().unwrap_or_default();
                    (
                        "new_representative".to_string(),
                        format!("{}\t{}\t{}", r.name, part(&r.id_number), part(&r.phone)),
                    )
                }))
                .collect(),
            channel: self.channel.code().to_string(),
        }
    }

    /// A form filled in from a draft.
    pub fn from_draft(categories: &[Category], draft: &crate::tui::draft::Draft) -> CheckInForm {
        let mut form = CheckInForm::new(categories);
        for field in FIELDS {
            if let (Some(value), Some(input)) =
                (draft.value(field), form.fields.input_of_mut(field))
            {
                input.set_value(value);
            }
        }
        form.channel = draft.channel();
        form.more.restore(&draft.fields);
        form.new_reps = draft
            .fields
            .iter()
            .filter(|(code, _)| code == "new_representative")
            .map(|(_, v)| {
                let mut parts = v
                    .split('\t')
                    .map(|p| Some(p.to_string()).filter(|p| !p.is_empty()));
                crate::store::NewRepresentative {
                    name: parts.next().flatten().unwrap_or_default(),
                    id_number: parts.next().flatten(),
                    phone: parts.next().flatten(),
                }
            })
            .collect();
        form.restored = true;
        form.refilter_categories();
        form
    }

    /// Whether cancelling would lose something the officer typed.
    pub fn has_input(&self) -> bool {
        self.fields.entries().any(|(f, t)| match f {
            Field::Headcount => t.value() != "1",
            _ => !t.is_empty(),
        }) || self.channel != Channel::Visit
            || self.link.is_some()
            || !self.more.is_default()
    }

    pub fn cycle_channel(&mut self, forward: bool) {
        let all = Channel::ALL;
        let i = all.iter().position(|c| *c == self.channel).unwrap_or(0);
        let n = all.len();
        self.channel = all[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    /// What to look up for the field just edited: a Han character in the name, or
    /// four digits of an ID number or phone, are enough to tell people apart.
    pub fn lookup_query(&self) -> Option<String> {
        self.query_for(self.field())
    }

    fn query_for(&self, field: Field) -> Option<String> {
        let text = self.value(field).trim();
        let ok = match field {
            Field::Name => has_han(text),
            // The name being typed: the last of the list.
            Field::Representatives => {
                let last = offer::last_name(text);
                return has_han(last).then(|| last.to_string());
            }
            Field::IdNumber | Field::Phone => {
                text.chars().filter(char::is_ascii_digit).count() >= 4
            }
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
        self.field() == Field::Category && !self.categories.is_empty()
    }

    pub fn move_list(&mut self, mv: Move) {
        if self.field() == Field::Category {
            self.categories.move_by(mv);
            self.cat_browsed = true;
        } else {
            self.match_sel.apply(mv, self.matches.len());
        }
    }

    pub fn refilter_categories(&mut self) {
        let pattern = self.value(Field::Category).to_string();
        self.categories.refilter(&pattern);
    }

    /// Puts the selected category in the field, when the officer filtered or moved
    /// in the list: Enter through an untouched field must not fill in the first
    /// category. False when nothing was put there.
    pub fn pick_category(&mut self) -> bool {
        if self.value(Field::Category).trim().is_empty() && !self.cat_browsed {
            return false;
        }
        let Some(name) = self.categories.selected().map(|e| e.name.clone()) else {
            return false;
        };
        if let Some(input) = self.fields.input_of_mut(Field::Category) {
            input.set_value(&name);
        }
        true
    }

    /// What Art. 20 asks of a visit of several people, said while the form is
    /// still open (after saving it was only a flash, too late and cut at 80
    /// columns): representatives wanted, or too many named.
    pub fn advice(&self, lang: crate::domain::Lang) -> Option<String> {
        let max = self.max_representatives;
        let headcount: u32 = self.headcount_typed().parse().ok()?;
        let named = self
            .value(Field::Representatives)
            .split([',', '，', '、', ';', '；'])
            .filter(|r| !r.trim().is_empty())
            .count();
        if named > max {
            Some(crate::words::checkin::representatives_over(
                lang, named, max,
            ))
        } else if named == 0 && headcount as usize > max {
            Some(crate::words::checkin::representatives_needed(lang, max))
        } else {
            None
        }
    }

    /// The request to save, or the field to fix and why. The fields are checked
    /// here by the rules the store applies ([`check`]), so that a refusal is worded
    /// in the language on screen and names its field.
    /// Whether a typed category is on the office's list, as `一级`, `一级/二级` or
    /// a second-level name alone (the store's rule, `resolve_category`).
    fn category_known(&self, typed: &str) -> bool {
        let typed = crate::domain::catalog::category_parts(typed).join("/");
        self.categories.all().iter().any(|e| {
            e.name == typed || e.name.rsplit_once('/').is_some_and(|(_, sub)| sub == typed)
        })
    }

    /// While the ID number is typed: once it is whole and its check character is
    /// wrong, say so under the form at once, so the officer checks the card while
    /// the petitioner is still at the window (saving still asks, y/n).
    pub(super) fn warn_check_digit(&mut self) {
        let typed = self.fields.value(Field::IdNumber);
        if let Ok(id) = crate::domain::idnumber::parse_id_number(typed) {
            if !id.checksum_ok && !self.checksum_confirmed {
                self.fields.error = Some((
                    Some(Field::IdNumber),
                    Problem::CheckDigit(id.expected_check),
                ));
            }
        }
    }

    pub fn request(&self) -> Result<CheckIn, (Field, Problem)> {
        let opt = |f: Field| Some(self.value(f).trim().to_string()).filter(|v| !v.is_empty());
        let headcount = match self.headcount_typed().as_str() {
            "" => 1,
            h => match h.parse::<u32>() {
                Ok(n) if (1..=MAX_HEADCOUNT).contains(&n) => n,
                _ => return Err((Field::Headcount, Problem::Headcount(MAX_HEADCOUNT))),
            },
        };
        if opt(Field::Category).is_some_and(|c| !self.category_known(&c)) {
            // Said here, in the screen's language and before saving, rather than
            // as the store's refusal after it (English, and cut at 80 columns).
            return Err((
                Field::Category,
                Problem::Worded(crate::words::deskform::category_unknown),
            ));
        }
        let representatives = self
            .value(Field::Representatives)
            .split([',', '，', '、', ';', '；'])
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        let request = CheckIn {
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
            representative_ids: self.picked_representatives(),
            new_representatives: self.new_representatives(),
            case_no: self.link.as_ref().and_then(|l| l.case_no.clone()),
            enquiry: self
                .link
                .as_ref()
                .is_some_and(|l| l.enquiry && l.case_no.is_some()),
            ..CheckIn::default()
        };
        let mut request = request;
        if let Ok((source, upper)) = self.more.upper() {
            request.source = source;
            request.upper = upper;
        }
        match check(&request.intake) {
            Ok(_) => Ok(request),
            Err(e) => Err((e.field, e.problem.into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_form_has_nothing_to_lose() {
        let mut form = CheckInForm::new(&[]);
        assert_eq!(form.field(), Field::Name);
        assert!(!form.has_input());
        form.input_mut().unwrap().set_value("张伟");
        assert!(form.has_input());
        assert_eq!(form.lookup_query().as_deref(), Some("张伟"));
        let req = form.request().unwrap();
        assert_eq!(req.intake.headcount, Some(1));
        assert_eq!(req.intake.channel, Some(Channel::Visit));
    }

    #[test]
    fn representatives_split_on_chinese_commas() {
        let mut form = CheckInForm::new(&[]);
        form.input_mut().unwrap().set_value("张伟");
        form.fields.focus_field(Field::Headcount);
        form.input_mut().unwrap().set_value("4");
        form.fields.focus_field(Field::Representatives);
        form.input_mut().unwrap().set_value("甲，乙、丙,丁");
        assert_eq!(form.request().unwrap().intake.representatives.len(), 4);
        form.fields.focus_field(Field::Headcount);
        form.input_mut().unwrap().set_value("x");
        assert_eq!(form.request().unwrap_err().0, Field::Headcount);
    }

    #[test]
    fn a_refusal_names_its_field_and_problem_without_words_in_between() {
        let mut form = CheckInForm::new(&[]);
        form.input_mut().unwrap().set_value("张伟");
        form.fields.focus_field(Field::Phone);
        form.input_mut().unwrap().set_value("12");
        let (field, problem) = form.request().unwrap_err();
        assert_eq!(field, Field::Phone);
        assert!(matches!(problem, Problem::Phone(_)), "{problem:?}");
        form.input_mut().unwrap().set_value("");
        form.fields.focus_field(Field::Representatives);
        form.input_mut().unwrap().set_value("甲、乙");
        let (field, problem) = form.request().unwrap_err();
        assert_eq!(field, Field::Representatives);
        assert!(
            matches!(problem, Problem::RepresentativesOverHeadcount(2, 1)),
            "{problem:?}"
        );
    }

    #[test]
    fn a_draft_keeps_the_second_page_and_the_new_representatives() {
        let mut form = CheckInForm::new(&[]);
        form.input_mut().unwrap().set_value("周建国");
        form.fields.focus_field(Field::Headcount);
        form.input_mut().unwrap().set_value("3");
        form.fields.focus_field(Field::Representatives);
        form.input_mut().unwrap().set_value("李强");
        form.open_new_rep();
        form.add_new_rep(crate::store::NewRepresentative {
            name: "李强".into(),
            id_number: Some("110102198001011239".into()),
            phone: None,
        });
        form.more.cycle(true);
        form.more
            .fields
            .input_of_mut(crate::words::deskform::MoreLabel::FromOffice)
            .unwrap()
            .set_value("市信访局");
        let back = CheckInForm::from_draft(&[], &form.to_draft());
        let (a, b) = (form.request().unwrap(), back.request().unwrap());
        assert_eq!(a.new_representatives, b.new_representatives);
        assert_eq!(b.new_representatives.len(), 1);
        assert_eq!((a.source, a.upper), (b.source, b.upper));
        assert!(back.has_input() && back.restored);
    }

    #[test]
    fn a_wrong_check_character_is_said_while_typing_not_only_at_saving() {
        let mut form = CheckInForm::new(&[]);
        form.fields.focus_field(Field::IdNumber);
        for (typed, warned) in [
            ("11010519491231002", false),
            ("110105194912310021", true),
            ("11010519491231002X", false),
        ] {
            form.input_mut().unwrap().set_value(typed);
            form.fields.error = None;
            form.warn_check_digit();
            match &form.fields.error {
                Some((Some(Field::IdNumber), Problem::CheckDigit('X'))) => {
                    assert!(warned, "{typed}")
                }
                None => assert!(!warned, "{typed}"),
                other => panic!("{typed}: {other:?}"),
            }
        }
        assert_eq!(form.field(), Field::IdNumber, "the caret stays where it is");
    }

    #[test]
    fn categories_filter_by_pinyin() {
        let cats = vec![
            Category {
                name: "城乡建设".into(),
                parent: None,
            },
            Category {
                name: "物业管理".into(),
                parent: Some("城乡建设".into()),
            },
            Category {
                name: "教育".into(),
                parent: None,
            },
        ];
        let mut form = CheckInForm::new(&cats);
        form.fields.focus_field(Field::Category);
        form.input_mut().unwrap().set_value("jy");
        form.refilter_categories();
        assert!(form.pick_category());
        assert_eq!(form.value(Field::Category), "教育");
    }

    #[test]
    fn a_category_off_the_list_is_refused_in_the_form_before_saving() {
        let cats = vec![
            Category {
                name: "劳动和社会保障".into(),
                parent: None,
            },
            Category {
                name: "工资".into(),
                parent: Some("劳动和社会保障".into()),
            },
        ];
        let mut form = CheckInForm::new(&cats);
        form.fields.focus_field(Field::Name);
        form.input_mut().unwrap().set_value("张三");
        form.fields.focus_field(Field::Matter);
        form.input_mut().unwrap().set_value("工资拖欠");
        form.fields.focus_field(Field::Category);
        for (typed, known) in [
            ("劳动", false),
            ("劳动和社会保障", true),
            ("劳动和社会保障／工资", true),
            ("劳动和社会保障 / 工资 /", true),
            ("工资", true),
            ("", true),
        ] {
            form.input_mut().unwrap().set_value(typed);
            match form.request() {
                Ok(_) => assert!(known, "{typed} passed"),
                Err((field, problem)) => {
                    assert!(!known, "{typed} refused");
                    assert_eq!(field, Field::Category);
                    let said = problem.text(crate::domain::Lang::Zh);
                    assert!(said.contains("类别表中没有"), "{said}");
                }
            }
        }
    }
}
