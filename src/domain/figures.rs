//! The office's yearly figures (考核指标), as the work plans define them: each a
//! numerator over a denominator, beside its target, with the cases behind both so
//! that a chief can show where a figure comes from. Pure: the store supplies the
//! facts, the front ends the words.

use chrono::NaiveDate;
use serde::Serialize;

/// The days a figure is reported for, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn holds(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// Where a matter came from (来源).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// 本级: received here.
    Own,
    /// 上级交办: assigned from above, with a report back due.
    AssignedFromAbove,
    /// 上级转送: transferred from above.
    TransferredFromAbove,
    /// 领导交办: assigned by a leader.
    AssignedByLeader,
}

impl Source {
    pub fn from_above(self) -> bool {
        matches!(
            self,
            Source::AssignedFromAbove | Source::TransferredFromAbove
        )
    }
}

/// A petitioner's rating of a decision (满意度评价).
pub use super::ratings::RatingResult as Rating;

/// What the figures need to know of one matter (信访事项).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatterFacts {
    pub case_no: String,
    pub registered_on: NaiveDate,
    pub source: Source,
    /// 初信初访: not linked, merged or 同源 with an earlier matter, not from above.
    pub initial: bool,
    /// A duplicate merged into another matter: it leaves every count.
    pub merged: bool,
    /// When the handling clock (办理期限, extensions included) falls due; None
    /// while the matter is not accepted.
    pub handle_due: Option<NaiveDate>,
    /// The day the matter was closed for the figures: replied (答复), not accepted
    /// with notice, or closed by review.
    pub closed_on: Option<NaiveDate>,
    /// The day of the reply, for 案结事了.
    pub replied_on: Option<NaiveDate>,
    /// The last day a review (复查) could be asked for after the reply.
    pub review_window_ends: Option<NaiveDate>,
    pub review_requested: bool,
    /// Letters or visits by the petitioner on this matter after its registration.
    pub contacts_after_registration: u32,
    /// Of those, after the reply.
    pub contacts_after_reply: u32,
    /// From above: the upper deadline and the day the report back was sent.
    pub upper_due: Option<NaiveDate>,
    pub reported_back_on: Option<NaiveDate>,
    /// Each decision's rating window (受理, 答复, 复查, 复核) with its rating, if
    /// given (`domain::ratings`).
    pub rated: Vec<RatedWindow>,
}

/// A rating window as the figures count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatedWindow {
    pub rated: super::ratings::Rated,
    /// Counts as 满意 in 满意率 once it lapses unrated (`[ratings]
    /// unrated_counts_as_satisfied`).
    pub deemed_satisfied: bool,
}

impl RatedWindow {
    pub(crate) fn rating(&self) -> Option<(Rating, NaiveDate)> {
        self.rated.rating
    }

    /// The first day it is known to have lapsed unrated: the day after it closed.
    pub(crate) fn lapsed_on(&self) -> Option<NaiveDate> {
        match self.rated.rating {
            Some(_) => None,
            None => self.rated.window.closes_on.succ_opt(),
        }
    }
}

/// One contact, for the volume figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactFacts {
    pub on: NaiveDate,
    pub visit: bool,
    pub headcount: u32,
    pub collective: bool,
    /// Joined a matter already registered (a repeat letter or visit).
    pub repeat: bool,
}

/// A person on the 老户 roster at the start of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongStanding {
    pub petitioner_id: i64,
    /// Their last letter or visit up to the end of the period.
    pub last_contact: Option<NaiveDate>,
    /// Recorded as having stopped petitioning (息访), by a 包案 close or an agreement.
    pub settled_on: Option<NaiveDate>,
}

/// How 重信重访率 is counted: the work plan's "of the year's new matters" or the
/// other common definition, repeat contacts per mille of all contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepeatRateBasis {
    #[default]
    NewMatters,
    Contacts,
}

/// The targets an office is judged by (the `[targets]` section of the config).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Targets {
    /// 来访总量 in 人次 a year at most (the work plan: 32,000).
    pub visit_people_max: Option<u64>,
    pub initial_closed_rate: f64,
    pub upper_closed_rate: f64,
    pub on_time_rate: f64,
    pub settled_rate: f64,
    pub repeat_rate_permille: f64,
    pub long_standing_resolved_rate: f64,
    pub satisfied_rate: f64,
    /// A 老户 with no contact for this many months counts as settled (息访).
    pub quiet_months: u32,
    pub repeat_rate_basis: RepeatRateBasis,
    /// Receptions (接访, 下访, 联合接访) each leader holds a month, for 公开接访率.
    pub receptions_per_month: u32,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            visit_people_max: None,
            initial_closed_rate: 0.98,
            upper_closed_rate: 1.0,
            on_time_rate: 0.98,
            settled_rate: 0.95,
            repeat_rate_permille: 0.5,
            long_standing_resolved_rate: 0.85,
            satisfied_rate: 0.9,
            quiet_months: 6,
            repeat_rate_basis: RepeatRateBasis::NewMatters,
            receptions_per_month: 1,
        }
    }
}

impl Targets {
    /// A rate is a fraction from 0 to 1; a per-mille figure is not negative. The
    /// error names the key and says what would be right (config keys are English).
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let rates = [
            ("initial_closed_rate", self.initial_closed_rate),
            ("upper_closed_rate", self.upper_closed_rate),
            ("on_time_rate", self.on_time_rate),
            ("settled_rate", self.settled_rate),
            (
                "long_standing_resolved_rate",
                self.long_standing_resolved_rate,
            ),
            ("satisfied_rate", self.satisfied_rate),
        ];
        for (key, v) in rates {
            if !(0.0..=1.0).contains(&v) {
                let hint = if (1.0..=100.0).contains(&v) {
                    format!(" ({} for {v}%)", v / 100.0)
                } else {
                    String::new()
                };
                return Err((
                    key,
                    format!("{v} is not a rate: give a fraction from 0 to 1{hint}"),
                ));
            }
        }
        let permille = self.repeat_rate_permille;
        if !permille.is_finite() || permille < 0.0 {
            return Err((
                "repeat_rate_permille",
                format!("{permille} is not a rate per mille: give 0 or more (0.5 for 0.5‰)"),
            ));
        }
        if self.quiet_months == 0 {
            return Err(("quiet_months", "give 1 or more months".to_string()));
        }
        Ok(())
    }
}

/// A target is a floor (a rate to reach) or a ceiling (a volume or repeat rate not
/// to pass).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Target {
    AtLeast(f64),
    AtMost(f64),
}

impl Target {
    pub fn met_by(self, value: f64) -> bool {
        // Rates are compared as the office rounds them: to 1/10,000.
        let round = |v: f64| (v * 10_000.0).round();
        match self {
            Target::AtLeast(t) => round(value) >= round(t),
            Target::AtMost(t) => round(value) <= round(t),
        }
    }
}

/// One figure: its value is `numerator / denominator` (× 1000 for a per-mille
/// figure); with no denominator there is no value and nothing is missed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub name: &'static str,
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
    pub target: Option<Target>,
    pub met: Option<bool>,
    /// The case numbers behind the numerator and the denominator (`--explain`).
    #[serde(skip)]
    pub numerator_cases: Vec<String>,
    #[serde(skip)]
    pub denominator_cases: Vec<String>,
}

impl Figure {
    fn rate(name: &'static str, target: Option<Target>, scale: f64, lists: bool) -> FigureBuilder {
        FigureBuilder {
            name,
            target,
            scale,
            lists,
            n: 0,
            d: 0,
            numerator: Vec::new(),
            denominator: Vec::new(),
        }
    }
}

struct FigureBuilder {
    name: &'static str,
    target: Option<Target>,
    scale: f64,
    /// Whether the cases are listed (`--explain`, the report): a year at a
    /// million people lists millions, which the bare figures never show.
    lists: bool,
    n: u64,
    d: u64,
    numerator: Vec<String>,
    denominator: Vec<String>,
}

impl FigureBuilder {
    fn count(&mut self, case_no: &str, in_numerator: bool) {
        self.d += 1;
        self.n += u64::from(in_numerator);
        if !self.lists {
            return;
        }
        self.denominator.push(case_no.to_string());
        if in_numerator {
            self.numerator.push(case_no.to_string());
        }
    }

    fn build(self) -> Figure {
        let (n, d) = (self.n, self.d);
        let value = (d > 0).then(|| n as f64 / d as f64 * self.scale);
        Figure {
            name: self.name,
            value,
            numerator: n,
            denominator: d,
            target: self.target,
            met: value.zip(self.target).map(|(v, t)| t.met_by(v)),
            numerator_cases: self.numerator,
            denominator_cases: self.denominator,
        }
    }
}

/// Visits in the period: 人次 (people) and 批次 (batches), and the collective ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Volume {
    pub visit_people: u64,
    pub visit_batches: u64,
    pub collective_people: u64,
    pub collective_batches: u64,
    pub other_contacts: u64,
}

pub fn volume(period: Period, contacts: &[ContactFacts]) -> Volume {
    let mut v = Volume::default();
    for c in contacts.iter().filter(|c| period.holds(c.on)) {
        if !c.visit {
            v.other_contacts += 1;
            continue;
        }
        v.visit_batches += 1;
        v.visit_people += u64::from(c.headcount);
        if c.collective {
            v.collective_batches += 1;
            v.collective_people += u64::from(c.headcount);
        }
    }
    v
}

/// Every figure for `period`, as the work plans define them.
pub fn figures(
    period: Period,
    matters: &[MatterFacts],
    contacts: &[ContactFacts],
    roster: &[LongStanding],
    targets: &Targets,
) -> Vec<Figure> {
    figures_of(period, matters, contacts, roster, targets)
}

/// [`figures`] over matters held anywhere (a split's, a keyed list's), without
/// copying them: a year at a million people holds a million.
pub fn figures_of<'a>(
    period: Period,
    matters: impl IntoIterator<Item = &'a MatterFacts>,
    contacts: &[ContactFacts],
    roster: &[LongStanding],
    targets: &Targets,
) -> Vec<Figure> {
    figures_listed(period, matters, contacts, roster, targets, true)
}

/// [`figures_of`], the cases behind each figure listed or not (`lists`: the
/// counts are the same).
pub fn figures_listed<'a>(
    period: Period,
    matters: impl IntoIterator<Item = &'a MatterFacts>,
    contacts: &[ContactFacts],
    roster: &[LongStanding],
    targets: &Targets,
    lists: bool,
) -> Vec<Figure> {
    let counted: Vec<&MatterFacts> = matters.into_iter().filter(|m| !m.merged).collect();
    let volume = volume(period, contacts);
    let mut out = Vec::new();

    out.push(visit_volume(&volume, targets));

    // 初信初访办结率: initial matters due in the period or closed in it, closed by
    // their deadline.
    let mut f = Figure::rate(
        "initial_closed_rate",
        Some(Target::AtLeast(targets.initial_closed_rate)),
        1.0,
        lists,
    );
    for m in counted
        .iter()
        .filter(|m| m.initial && !m.source.from_above())
    {
        let due_in = m.handle_due.is_some_and(|d| period.holds(d));
        let closed_in = m.closed_on.is_some_and(|d| period.holds(d));
        if due_in || closed_in {
            f.count(&m.case_no, closed_by_deadline(m));
        }
    }
    out.push(f.build());

    // 上级交转办结率: matters from above whose upper deadline fell in the period,
    // reported back by it.
    let mut f = Figure::rate(
        "upper_closed_rate",
        Some(Target::AtLeast(targets.upper_closed_rate)),
        1.0,
        lists,
    );
    for m in counted.iter().filter(|m| m.source.from_above()) {
        if let Some(due) = m.upper_due.filter(|d| period.holds(*d)) {
            f.count(&m.case_no, reported_back_by(m, due));
        }
    }
    out.push(f.build());

    // 按期办结率: matters closed in the period, within their handling clock.
    let mut f = Figure::rate(
        "on_time_rate",
        Some(Target::AtLeast(targets.on_time_rate)),
        1.0,
        lists,
    );
    for m in &counted {
        if m.closed_on.is_some_and(|d| period.holds(d)) {
            f.count(&m.case_no, closed_by_deadline(m));
        }
    }
    out.push(f.build());

    // 案结事了率: answered matters whose review window ended in the period, with
    // no review asked, no contact after the reply and no 不满意.
    let mut f = Figure::rate(
        "settled_rate",
        Some(Target::AtLeast(targets.settled_rate)),
        1.0,
        lists,
    );
    for m in &counted {
        let window_ended =
            m.replied_on.is_some() && m.review_window_ends.is_some_and(|d| period.holds(d));
        if window_ended {
            f.count(&m.case_no, settled(m));
        }
    }
    out.push(f.build());

    // 重信重访率 (‰): of the period's new matters, those the petitioner wrote or
    // came about again after registration; or repeat contacts of all contacts.
    let mut f = Figure::rate(
        "repeat_rate_permille",
        Some(Target::AtMost(targets.repeat_rate_permille)),
        1000.0,
        lists,
    );
    match targets.repeat_rate_basis {
        RepeatRateBasis::NewMatters => {
            for m in counted.iter().filter(|m| period.holds(m.registered_on)) {
                f.count(&m.case_no, m.contacts_after_registration > 0);
            }
        }
        RepeatRateBasis::Contacts => {
            for c in contacts.iter().filter(|c| period.holds(c.on)) {
                f.count("", c.repeat);
            }
        }
    }
    let mut repeat = f.build();
    if targets.repeat_rate_basis == RepeatRateBasis::Contacts {
        repeat.numerator_cases.clear();
        repeat.denominator_cases.clear();
    }
    out.push(repeat);

    out.push(long_standing_resolved(period, roster, targets, lists));

    out.extend(rating_figures(period, &counted, targets, lists));
    out
}

/// 来访总量: a ceiling on 人次, when the office set one.
pub(crate) fn visit_volume(volume: &Volume, targets: &Targets) -> Figure {
    Figure {
        name: "visit_volume",
        value: Some(volume.visit_people as f64),
        numerator: volume.visit_people,
        denominator: volume.visit_batches,
        target: targets.visit_people_max.map(|m| Target::AtMost(m as f64)),
        met: targets.visit_people_max.map(|m| volume.visit_people <= m),
        numerator_cases: Vec::new(),
        denominator_cases: Vec::new(),
    }
}

/// 老户化解息访率: of the roster frozen at the start of the period, those who
/// stopped: recorded 息访, or no contact for `quiet_months` by its end.
pub(crate) fn long_standing_resolved(
    period: Period,
    roster: &[LongStanding],
    targets: &Targets,
    lists: bool,
) -> Figure {
    let mut f = Figure::rate(
        "long_standing_resolved_rate",
        Some(Target::AtLeast(targets.long_standing_resolved_rate)),
        1.0,
        lists,
    );
    let quiet_since = period
        .to
        .checked_sub_months(chrono::Months::new(targets.quiet_months))
        .unwrap_or(period.to);
    for p in roster {
        let settled = p.settled_on.is_some_and(|d| d <= period.to)
            && p.last_contact.is_none_or(|c| Some(c) <= p.settled_on);
        let quiet = p.last_contact.is_none_or(|c| c < quiet_since);
        f.count(&format!("#{}", p.petitioner_id), settled || quiet);
    }
    f.build()
}

/// A figure from its numerator and denominator already counted (the figures
/// kept by day, `figures_days`), as [`figures_listed`] builds it.
pub(crate) fn counted(
    name: &'static str,
    target: Option<Target>,
    scale: f64,
    numerator: u64,
    denominator: u64,
) -> Figure {
    let mut f = Figure::rate(name, target, scale, false);
    f.n = numerator;
    f.d = denominator;
    f.build()
}

/// 参评率, 满意率 ((满意 + 基本满意) / rated) and 不满意率. A window counts in the
/// period of its rating, or, unrated, in the period it lapsed in (the day after it
/// closed): each decision once, whatever the periods asked for.
fn rating_figures(
    period: Period,
    counted: &[&MatterFacts],
    targets: &Targets,
    lists: bool,
) -> Vec<Figure> {
    let mut share = Figure::rate("rated_share", None, 1.0, lists);
    let mut satisfied = Figure::rate(
        "satisfied_rate",
        Some(Target::AtLeast(targets.satisfied_rate)),
        1.0,
        lists,
    );
    let mut dissatisfied = Figure::rate("dissatisfied_rate", None, 1.0, lists);
    for m in counted {
        for w in &m.rated {
            match w.rating() {
                Some((result, on)) if period.holds(on) => {
                    share.count(&m.case_no, true);
                    satisfied.count(&m.case_no, result.satisfied());
                    dissatisfied.count(&m.case_no, !result.satisfied());
                }
                None if w.lapsed_on().is_some_and(|d| period.holds(d)) => {
                    share.count(&m.case_no, false);
                    if w.deemed_satisfied {
                        satisfied.count(&m.case_no, true);
                    }
                }
                _ => {}
            }
        }
    }
    vec![share.build(), satisfied.build(), dissatisfied.build()]
}

/// 案结事了: no review asked, no contact after the reply and no 不满意.
pub(crate) fn settled(m: &MatterFacts) -> bool {
    !m.review_requested
        && m.contacts_after_reply == 0
        && !m
            .rated
            .iter()
            .any(|r| r.rating().is_some_and(|(x, _)| x == Rating::Dissatisfied))
}

/// A matter from above reported back by its upper deadline.
pub(crate) fn reported_back_by(m: &MatterFacts, due: NaiveDate) -> bool {
    m.reported_back_on.is_some_and(|r| r <= due)
}

pub(crate) fn closed_by_deadline(m: &MatterFacts) -> bool {
    match (m.closed_on, m.handle_due) {
        (Some(closed), Some(due)) => closed <= due,
        // Closed before it was ever accepted (not accepted, with notice): in time.
        (Some(_), None) => true,
        (None, _) => false,
    }
}

#[cfg(test)]
#[path = "figures_tests.rs"]
mod tests;
