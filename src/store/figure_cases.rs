//! The figures' facts as both backends gather them (`sqlite::figures`,
//! `postgres::figures`): a case as read, before its facts are worked out, and the
//! working out, written once so that both answer the same. The backends only read
//! rows into [`CaseRead`]; counting is the domain's (`domain::figures`).

use crate::domain::clocks::{compute_clocks, TimelinePoint};
use crate::domain::figures::{ContactFacts, LongStanding, MatterFacts, RatedWindow, Source};
use crate::domain::figures_by::{Keyed, Keys};
use crate::domain::ratings::{rated_windows, RatingResult, RatingStage};
use crate::domain::{ClockKind, EventKind};
use crate::store::figure_facts::{CaseBrief, FigureFacts};
use crate::store::port::{Ctx, Rules};
use chrono::NaiveDate;

/// A closed matter counts in the figures of a period while its review window, a
/// review and a recheck may still end in it; a case untouched for this long before
/// the period's start cannot.
const LOOK_BACK_DAYS: u64 = 400;

/// The day from which a case touched can still count in a period starting `from`.
pub(crate) fn look_back(from: NaiveDate) -> String {
    look_back_day(from).to_string()
}

/// [`look_back`] as a day.
pub(crate) fn look_back_day(from: NaiveDate) -> NaiveDate {
    from.checked_sub_days(chrono::Days::new(LOOK_BACK_DAYS))
        .unwrap_or(from)
}

/// A case as read, before its facts are worked out.
pub(crate) struct CaseRead {
    pub(crate) brief: CaseBrief,
    pub(crate) source: String,
    pub(crate) officer: Option<String>,
    pub(crate) points: Vec<TimelinePoint>,
    /// The first reply's instant, as stored.
    pub(crate) replied_at: Option<String>,
    /// Linked (either side's timeline) to a matter registered before it.
    pub(crate) linked: bool,
    /// A duplicate merged into another matter (并案).
    pub(crate) merged: bool,
    /// Contact instants in arrival order, enquiries (问进展) left out; the first registered the matter.
    pub(crate) contacts: Vec<String>,
    /// The id of its first contact (enquiries included): a period contact that is
    /// not it joined a matter already registered.
    pub(crate) first_contact: Option<i64>,
    pub(crate) same_source: bool,
    /// From above: the upper deadline and the day it was reported back (报结).
    pub(crate) upper_due: Option<NaiveDate>,
    pub(crate) reported_back_on: Option<NaiveDate>,
    /// 满意度评价 given on its decisions.
    pub(crate) ratings: Vec<(RatingStage, RatingResult, NaiveDate)>,
    /// What its timeline, ratings and terms from above come to, when already
    /// worked out (the SQLite file's figure cache): `points` and `ratings` are
    /// then not read.
    pub(crate) derived: Option<Derived>,
    /// The case's row as stored, for the figure cache (SQLite only).
    pub(crate) stored: Option<Box<Stored>>,
    /// Every reply's instant as stored, read only for the figure cache (with
    /// `stored`): `stats` counts a case's first reply in a period.
    pub(crate) reply_ats: Vec<String>,
    /// What the figure sums keep of its contacts and replies (SQLite only).
    pub(crate) kept: Option<Box<Kept>>,
}

/// What the SQLite file's figure sums (`sqlite/figure_days.rs`) need of a case
/// beyond its worked-out facts, kept in its cache row so that what it added to
/// the sums can be taken out again when it changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Kept {
    pub(crate) contacts_after_registration: u32,
    pub(crate) contacts_after_reply: u32,
    pub(crate) same_source: bool,
    /// Its contacts in arrival order (ties by id): the first registered it.
    pub(crate) contacts: Vec<KeptContact>,
    /// The days of its replies in the order of their instants.
    pub(crate) replies: Vec<NaiveDate>,
    /// Every stamp it was read from is a plain `YYYY-MM-DD…` (so that a day
    /// compares as its text does) and its first officer is on record: else
    /// the sums cannot stand for it and are not read.
    pub(crate) sound: bool,
}

/// One contact as the figure sums keep it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeptContact {
    pub(crate) id: i64,
    pub(crate) on: NaiveDate,
    pub(crate) channel: String,
    pub(crate) headcount: i64,
    /// `KEPT_*` marks of its flags.
    pub(crate) marks: u8,
}

/// Marks of a kept contact's flags, read as the figures and `stats` read them.
pub(crate) const KEPT_COLLECTIVE: u8 = 1;
/// The bare word `enquiry` (not a repeat, as `instr(flags, 'enquiry')`).
pub(crate) const KEPT_ENQUIRY: u8 = 2;
pub(crate) const KEPT_REPEAT: u8 = 4;
pub(crate) const KEPT_LONG_STANDING: u8 = 8;
pub(crate) const KEPT_CLOSED_MATTER: u8 = 16;

/// What the figure cache keeps of a case's row: ids and the category as
/// recorded, named and folded when read (a renamed unit or officer, or a changed
/// catalog, needs no cached row written again), and the first ten bytes of its
/// registration and last change, to tell whether it can count in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stored {
    pub(crate) category: Option<String>,
    pub(crate) unit_id: Option<i64>,
    pub(crate) handler_id: Option<i64>,
    pub(crate) first_officer_id: i64,
    pub(crate) registered: Vec<u8>,
    pub(crate) updated: Vec<u8>,
}

/// What a matter's timeline, its ratings and its terms from above come to for the
/// figures: every fact but those of its contacts. A function of those rows and
/// the rules' clocks and rating window only — not of the day it is worked out on
/// (due dates, never "overdue") nor of a period — so that it can be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Derived {
    pub(crate) handle_due: Option<NaiveDate>,
    pub(crate) closed_on: Option<NaiveDate>,
    pub(crate) replied_on: Option<NaiveDate>,
    pub(crate) review_window_ends: Option<NaiveDate>,
    pub(crate) review_requested: bool,
    pub(crate) upper_due: Option<NaiveDate>,
    pub(crate) reported_back_on: Option<NaiveDate>,
    pub(crate) rated: Vec<RatedWindow>,
}

impl CaseRead {
    /// A case with nothing read about it yet but its own row.
    pub(crate) fn new(brief: CaseBrief, source: String, officer: Option<String>) -> CaseRead {
        CaseRead {
            brief,
            source,
            officer,
            points: Vec::new(),
            replied_at: None,
            linked: false,
            merged: false,
            contacts: Vec::new(),
            first_contact: None,
            same_source: false,
            upper_due: None,
            reported_back_on: None,
            ratings: Vec::new(),
            derived: None,
            stored: None,
            reply_ats: Vec::new(),
            kept: None,
        }
    }

    /// Takes the next point of its timeline (they come in timeline order), with
    /// its instant as stored (kept only for the first reply).
    pub(crate) fn push_point(&mut self, point: TimelinePoint, at: &str) {
        if point.kind == EventKind::Reply && self.replied_at.is_none() {
            self.replied_at = Some(at.to_string());
        }
        self.points.push(point);
    }

    /// Takes its contacts, in any order.
    pub(crate) fn set_contacts(&mut self, mut contacts: Vec<ContactMark>) {
        // (arrived_at, id) is unique: the order is the timeline's, ties by id.
        contacts.sort_unstable_by(|a, b| (&a.arrived_at, a.id).cmp(&(&b.arrived_at, b.id)));
        self.first_contact = contacts.first().map(|c| c.id);
        for c in contacts {
            if self.contacts.is_empty() {
                self.same_source = c.same_source;
            }
            // Asking how the matter stands is not writing or coming again on it.
            if self.contacts.is_empty() || !c.enquiry {
                self.contacts.push(c.arrived_at);
            }
        }
    }

    /// Takes one rating as stored; one the program cannot read is left out.
    pub(crate) fn push_rating(&mut self, stage: &str, result: &str, rated_on: &str) {
        let stage = RatingStage::from_code(stage);
        let result = RatingResult::from_code(result);
        if let (Some(stage), Some(result), Some(on)) = (stage, result, day_of(rated_on)) {
            self.ratings.push((stage, result, on));
        }
    }
}

/// One contact of a case as the case's facts read it: when, and its two marks.
pub(crate) struct ContactMark {
    pub(crate) arrived_at: String,
    pub(crate) id: i64,
    pub(crate) same_source: bool,
    /// 问进展: asked how the matter stands.
    pub(crate) enquiry: bool,
}

impl ContactMark {
    /// From the stored row; `flags` is the stored JSON array.
    pub(crate) fn new(arrived_at: String, id: i64, flags: &str) -> ContactMark {
        ContactMark {
            arrived_at,
            id,
            same_source: has_flag(flags, "same_source"),
            enquiry: has_flag(flags, "enquiry"),
        }
    }
}

/// A contact of the period as read, with its case's keys.
pub(crate) struct ContactRead {
    pub(crate) arrived_at: String,
    pub(crate) channel: String,
    pub(crate) headcount: i64,
    pub(crate) flags: String,
    /// Not the contact that registered its matter, nor an enquiry (问进展).
    pub(crate) repeat: bool,
    pub(crate) unit: Option<String>,
    /// As recorded; folded to its top level by `top`.
    pub(crate) category: Option<String>,
    pub(crate) officer: Option<String>,
    pub(crate) source: String,
}

impl ContactRead {
    /// Its facts for the figures; none for a stamp that is not a day.
    pub(crate) fn keyed(
        self,
        top: &dyn Fn(Option<&str>) -> Option<String>,
    ) -> Option<Keyed<ContactFacts>> {
        Some(Keyed {
            keys: Keys {
                unit: self.unit,
                category: top(self.category.as_deref()),
                officer: self.officer,
                source: Some(self.source),
            },
            facts: contact_facts(
                &self.arrived_at,
                &self.channel,
                self.headcount,
                &self.flags,
                self.repeat,
            )?,
        })
    }
}

/// A period contact's facts from its stored columns; none for a stamp that is not
/// a day.
pub(crate) fn contact_facts(
    arrived_at: &str,
    channel: &str,
    headcount: i64,
    flags: &str,
    repeat: bool,
) -> Option<ContactFacts> {
    Some(ContactFacts {
        on: day_of(arrived_at)?,
        visit: channel == "visit",
        headcount: headcount.clamp(1, i64::from(u32::MAX)) as u32,
        collective: has_flag(flags, "collective"),
        repeat,
    })
}

/// A 老户 on the roster at the start of a period, with their last contact up to
/// its end (a stored stamp).
pub(crate) fn long_standing(petitioner_id: i64, last_contact: Option<&str>) -> LongStanding {
    LongStanding {
        petitioner_id,
        last_contact: last_contact.and_then(day_of),
        // 息访 is recorded by 包案 (issue 12); until then a 老户 settles by
        // staying quiet (`Targets::quiet_months`).
        settled_on: None,
    }
}

/// The day of a stored stamp or date.
pub(crate) fn day_of(stamp: &str) -> Option<NaiveDate> {
    let day = stamp.get(..10)?;
    // Every stamp the program writes is `YYYY-MM-DD…`: read by hand (a year's
    // figures read millions); anything else goes through chrono's parser.
    let b = day.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Whether a stored flags array (JSON text) holds `code`.
pub(crate) fn has_flag(flags: &str, code: &str) -> bool {
    flags.contains(&format!("\"{code}\""))
}

/// The figures' source of a case from its stored code.
fn source_of(code: &str) -> Source {
    match code {
        "assigned_from_above" => Source::AssignedFromAbove,
        "transferred_from_above" => Source::TransferredFromAbove,
        "assigned_by_leader" => Source::AssignedByLeader,
        _ => Source::Own,
    }
}

/// Works out the facts of every case read, into `facts` (matters in case-number
/// order, and each case's brief for the lists behind a figure).
pub(crate) fn add_matters(
    facts: &mut FigureFacts,
    cases: impl ExactSizeIterator<Item = CaseRead>,
    cx: &Ctx,
) {
    facts.matters.reserve(cases.len());
    facts.cases.reserve(cases.len());
    for mut case in cases {
        let derived = match case.derived.take() {
            Some(d) => d,
            None => derive(&case, cx.today(), &cx.rules),
        };
        let matter = matter_facts(&case, derived);
        // The case is done with: what the keys and the brief keep is moved.
        let CaseRead {
            mut brief,
            source,
            officer,
            ..
        } = case;
        let keys = Keys {
            unit: brief.unit.clone(),
            category: brief.category.clone(),
            officer,
            source: Some(source),
        };
        brief.handle_due = matter.handle_due;
        brief.closed_on = matter.closed_on;
        facts.matters.push(Keyed {
            keys,
            facts: matter,
        });
        facts.cases.insert(brief.case_no.clone(), brief);
    }
    // Case numbers are unique: an unstable sort gives the same order.
    facts
        .matters
        .sort_unstable_by(|a, b| a.facts.case_no.cmp(&b.facts.case_no));
}

/// What a case's timeline, ratings and terms from above come to (`today` only
/// places the clocks, whose due dates and stops do not depend on it).
pub(crate) fn derive(case: &CaseRead, today: NaiveDate, rules: &Rules) -> Derived {
    let clocks = compute_clocks(&case.points, today, &rules.clocks);
    let due = |kind: ClockKind| clocks.iter().find(|c| c.kind == kind).map(|c| c.due);
    let first = |kinds: &[EventKind]| {
        case.points
            .iter()
            .find(|p| kinds.contains(&p.kind))
            .map(|p| p.on)
    };
    let count = |kinds: &[EventKind]| {
        case.points
            .iter()
            .filter(|p| kinds.contains(&p.kind))
            .count()
    };
    let steps: Vec<(EventKind, NaiveDate)> = case.points.iter().map(|p| (p.kind, p.on)).collect();
    let replied_on = first(&[EventKind::Reply]);
    Derived {
        handle_due: due(ClockKind::Handle),
        closed_on: first(&[EventKind::Reply, EventKind::NotAccept]),
        replied_on,
        review_window_ends: replied_on.and(due(ClockKind::ReviewWindow)),
        review_requested: count(&[EventKind::RequestReview]) > 0,
        // Read where the record holds them (issue 11.1).
        upper_due: case.upper_due,
        // The upper clock stops at the report back, or at the answer when the office
        // above asked for none (上级转送): either way the matter is done for it.
        reported_back_on: clocks
            .iter()
            .find(|c| c.kind == ClockKind::Upper)
            .and_then(|c| c.stopped)
            .or(case.reported_back_on),
        // Each decision's rating window with its rating (满意度评价, `evaluate`).
        rated: rated_windows(&steps, &case.ratings, rules.ratings.window_days)
            .into_iter()
            .map(|rated| RatedWindow {
                rated,
                deemed_satisfied: rules.ratings.unrated_counts_as_satisfied,
            })
            .collect(),
    }
}

/// One case's facts for the figures: what its timeline came to, with its contacts.
fn matter_facts(case: &CaseRead, derived: Derived) -> MatterFacts {
    let (after_registration, after_reply) = contact_counts(case);
    matter_facts_with(
        case,
        derived,
        after_registration,
        after_reply,
        case.same_source,
    )
}

/// A case's contacts after its registration and after its reply (from its
/// contacts read).
pub(crate) fn contact_counts(case: &CaseRead) -> (u32, u32) {
    let after = |instant: &str| {
        case.contacts
            .iter()
            .filter(|c| c.as_str() > instant)
            .count() as u32
    };
    (
        // Every contact after the one that registered the matter.
        case.contacts.len().saturating_sub(1) as u32,
        case.replied_at.as_deref().map(after).unwrap_or(0),
    )
}

/// [`matter_facts`] with what its contacts come to given (a cached case's, whose
/// contacts are not read again).
pub(crate) fn matter_facts_with(
    case: &CaseRead,
    derived: Derived,
    contacts_after_registration: u32,
    contacts_after_reply: u32,
    same_source: bool,
) -> MatterFacts {
    let source = source_of(&case.source);
    MatterFacts {
        case_no: case.brief.case_no.clone(),
        registered_on: case.brief.registered_on,
        source,
        // The matter-level 初信初访 mark (`domain::initial`), as `case show` gives it.
        initial: crate::domain::initial::is_initial(&crate::domain::initial::InitialFacts {
            from_above: source.from_above(),
            linked_to_earlier: case.linked,
            merged: case.merged,
            same_source,
        }),
        merged: case.merged,
        handle_due: derived.handle_due,
        closed_on: derived.closed_on,
        replied_on: derived.replied_on,
        review_window_ends: derived.review_window_ends,
        review_requested: derived.review_requested,
        contacts_after_registration,
        contacts_after_reply,
        upper_due: derived.upper_due,
        reported_back_on: derived.reported_back_on,
        rated: derived.rated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_read_by_hand_is_the_day_chrono_reads() {
        for stamp in [
            "2026-11-30T15:00:00+08:00",
            "2026-11-30",
            "2024-02-29 08:00",
            "2026-02-29T09:00:00+08:00",
            "2026-13-01",
            "2026-00-10",
            "2026-1-010000",
            "+2026-11-3",
            "2026-11-3x",
            "0000-01-01",
            "9999-12-31",
            "abcd-ef-gh",
            "2026/11/30",
            "2026-11",
            "",
            "二〇二六年十一月",
        ] {
            let chrono = stamp
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            assert_eq!(day_of(stamp), chrono, "{stamp}");
        }
    }
}
