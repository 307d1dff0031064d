//! The leaders' registers from the command line: `baoan`, `reception`, and the
//! case's `instruct`, `supervise` and `supervise-result`.

use super::output::{cell, print_json, safe};
use super::stats::parse_day;
use super::{exit, Failure, Outcome, Startup};
use crate::domain::leaders::{parse_evidence, parse_kind};
use crate::store::leaders::{BaoanRecord, Reception, ReceptionVisit, Supervision};
use crate::store::{BaoanInput, OpenMode, Opinion, Received, ReceptionInput};
use crate::words::leaders as w;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum BaoanCommand {
    /// Make a 包案 record: a leader owns a 老户's case until they stop (息访)
    Add(BaoanAdd),
    /// Close a 包案 record: --xifang with its evidence, or 未化解 without
    Close(BaoanClose),
    /// Record that the leader was told of the person's latest contacts
    Told {
        /// The 包案 record's number
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// The 包案 register, by leader
    List {
        /// Only this leader's records
        #[arg(long)]
        leader: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct BaoanAdd {
    /// The person's number (from lookup)
    pub person: i64,
    /// The 包案领导 (a leader on the roster)
    #[arg(long)]
    pub leader: String,
    /// The responsible unit (责任单位)
    #[arg(long)]
    pub unit: String,
    /// The plan (化解方案)
    #[arg(long)]
    pub plan: String,
    /// The day it should be resolved by (YYYY-MM-DD)
    #[arg(long)]
    pub target_date: String,
    /// The case it is about
    #[arg(long = "case", value_name = "CASE_NO")]
    pub case_no: Option<String>,
    /// 稳控责任人: who keeps in touch with the person
    #[arg(long)]
    pub keeper: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BaoanClose {
    /// The 包案 record's number
    pub id: i64,
    /// The person stopped petitioning (息访); needs --evidence
    #[arg(long)]
    pub xifang: bool,
    /// The day it was closed (YYYY-MM-DD) [default: today]
    #[arg(long)]
    pub date: Option<String>,
    /// 息访协议, 承诺书 or 终结后无访N月
    #[arg(long)]
    pub evidence: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReceptionCommand {
    /// Schedule a leader's reception day (接访), field visit (下访) or joint reception (联合接访)
    Add(ReceptionAdd),
    /// Receptions in a period [default: from today on]
    List {
        /// First day, inclusive (YYYY-MM-DD, or YYYY-MM)
        #[arg(long)]
        from: Option<String>,
        /// Last day, inclusive (YYYY-MM-DD, or YYYY-MM)
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record a person received at a reception, with the leader's opinion or instruction
    Record(ReceptionRecord),
    /// Book a person in advance for a reception (预约): their queue row shows it on the day
    Book {
        /// The reception's number
        id: i64,
        /// The person's number (from lookup)
        #[arg(long)]
        person: i64,
        /// The case it is about
        #[arg(long = "case", value_name = "CASE_NO")]
        case_no: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Receptions held per leader against a quota, and 公开接访率
    Rate {
        /// First day, inclusive (YYYY-MM-DD, or YYYY-MM)
        #[arg(long)]
        from: String,
        /// Last day, inclusive (YYYY-MM-DD, or YYYY-MM)
        #[arg(long)]
        to: String,
        /// Receptions each leader should hold in the period [default: targets.receptions_per_month × months]
        #[arg(long)]
        quota: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ReceptionAdd {
    /// The leader who receives
    #[arg(long)]
    pub leader: String,
    /// The day (YYYY-MM-DD)
    #[arg(long)]
    pub date: String,
    /// The time it starts (HH:MM)
    #[arg(long)]
    pub time: String,
    /// Where
    #[arg(long)]
    pub place: String,
    /// What it is about
    #[arg(long)]
    pub topic: String,
    /// Announced to the public in advance (公开接访)
    #[arg(long)]
    pub announced: bool,
    /// Units that take part, separated by commas
    #[arg(long, value_delimiter = ',')]
    pub units: Vec<String>,
    /// 接访, 下访 or 联合接访
    #[arg(long, default_value = "接访")]
    pub kind: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReceptionRecord {
    /// The reception's number
    pub id: i64,
    /// The person's number (from lookup)
    #[arg(long, conflicts_with = "queue")]
    pub person: Option<i64>,
    /// Today's walk-in with this queue number, routed to the reception
    #[arg(long)]
    pub queue: Option<i64>,
    /// The case it is about
    #[arg(long = "case", value_name = "CASE_NO", conflicts_with = "queue")]
    pub case_no: Option<String>,
    /// The leader's opinion or instruction (意见/批示), verbatim
    #[arg(long)]
    pub opinion: Option<String>,
    /// 领导交办: the unit the leader assigned it to
    #[arg(long)]
    pub assign_unit: Option<String>,
    /// 领导交办: the day the unit must answer by (YYYY-MM-DD)
    #[arg(long)]
    pub deadline: Option<String>,
    #[arg(long)]
    pub json: bool,
}

fn day(flag: &str, s: &str, ctx: &Startup) -> Outcome<NaiveDate> {
    parse_day(flag, s, false, ctx.lang)
}

pub fn baoan(ctx: &Startup, c: BaoanCommand) -> Outcome {
    match c {
        BaoanCommand::Add(a) => {
            let officer = ctx.officer()?.to_string();
            let target = day("--target-date", &a.target_date, ctx)?;
            let mut store = ctx.open(OpenMode::Existing)?;
            let record = store.baoan_add(
                &officer,
                &BaoanInput {
                    petitioner_id: a.person,
                    leader: a.leader,
                    unit: a.unit,
                    plan: a.plan,
                    target_date: Some(target),
                    case_no: a.case_no,
                    keeper: a.keeper,
                },
            )?;
            print_record(ctx, &record, a.json)
        }
        BaoanCommand::Close(a) => {
            let officer = ctx.officer()?.to_string();
            let evidence = a
                .evidence
                .as_deref()
                .map(parse_evidence)
                .transpose()
                .map_err(|p| Failure::new(exit::USAGE, w::problem(&p, ctx.lang)))?;
            let mut store = ctx.open(OpenMode::Existing)?;
            let date = match &a.date {
                Some(d) => day("--date", d, ctx)?,
                None => store.today(),
            };
            if a.xifang != evidence.is_some() {
                let p =
                    crate::domain::leaders::LeadersProblem::EvidenceMismatch { xifang: a.xifang };
                return Err(Failure::new(exit::USAGE, w::problem(&p, ctx.lang)));
            }
            let record = store.baoan_close(&officer, a.id, date, evidence)?;
            print_record(ctx, &record, a.json)
        }
        BaoanCommand::Told { id, json } => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            let n = store.baoan_told(&officer, id)?;
            if json {
                return print_json(&serde_json::json!({ "baoan_id": id, "contacts_told": n }));
            }
            println!("{}", w::told_line(id, n, ctx.lang));
            Ok(())
        }
        BaoanCommand::List { leader, json } => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            let list = store.baoan_list(leader.as_deref())?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                println!("{}", w::no_records(ctx.lang));
            }
            let mut current = None;
            for r in &list {
                if current.as_deref() != Some(r.leader.as_str()) {
                    println!("{}", w::leader_heading(&safe(&r.leader), ctx.lang));
                    current = Some(r.leader.clone());
                }
                println!("  {}", w::baoan_row(r, ctx.lang, safe));
            }
            Ok(())
        }
    }
}

fn print_record(ctx: &Startup, r: &BaoanRecord, json: bool) -> Outcome {
    if json {
        return print_json(r);
    }
    println!("{}", w::baoan_row(r, ctx.lang, safe));
    Ok(())
}

pub fn reception(ctx: &Startup, c: ReceptionCommand) -> Outcome {
    match c {
        ReceptionCommand::Add(a) => {
            let officer = ctx.officer()?.to_string();
            let date = day("--date", &a.date, ctx)?;
            let kind = parse_kind(&a.kind)
                .map_err(|p| Failure::new(exit::USAGE, w::problem(&p, ctx.lang)))?;
            let mut store = ctx.open(OpenMode::Existing)?;
            let r = store.reception_add(
                &officer,
                &ReceptionInput {
                    leader: a.leader,
                    day: Some(date),
                    time: a.time,
                    place: a.place,
                    topic: a.topic,
                    announced: a.announced,
                    units: a.units,
                    kind: Some(kind),
                },
            )?;
            if a.json {
                return print_json(&r);
            }
            println!("{}", reception_line(&r, ctx));
            Ok(())
        }
        ReceptionCommand::List { from, to, json } => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            let from = match &from {
                Some(f) => parse_day("--from", f, false, ctx.lang)?,
                None => store.today(),
            };
            let to = match &to {
                Some(t) => parse_day("--to", t, true, ctx.lang)?,
                // The last day a stored date can hold as text that sorts.
                None => NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX),
            };
            if from > to {
                return Err(Failure::new(exit::USAGE, w::period_crossed(ctx.lang)));
            }
            let list = store.receptions(from, to)?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                println!("{}", w::no_records(ctx.lang));
            }
            for r in &list {
                println!("{}", reception_line(r, ctx));
            }
            Ok(())
        }
        ReceptionCommand::Record(a) => record(ctx, a),
        ReceptionCommand::Book {
            id,
            person,
            case_no,
            json,
        } => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            let b = store.reception_book(&officer, id, person, case_no.as_deref())?;
            if json {
                return print_json(&b);
            }
            println!(
                "{}",
                crate::words::reception::booking_row(&b, ctx.lang, safe)
            );
            Ok(())
        }
        ReceptionCommand::Rate {
            from,
            to,
            quota,
            json,
        } => {
            let from = parse_day("--from", &from, false, ctx.lang)?;
            let to = parse_day("--to", &to, true, ctx.lang)?;
            if from > to {
                return Err(Failure::new(exit::USAGE, w::period_crossed(ctx.lang)));
            }
            let store = ctx.open(OpenMode::ReadOnly)?;
            // The same quota as the office's report unless the officer names one.
            let quota = quota.unwrap_or_else(|| {
                crate::domain::leaders::quota_for(
                    from,
                    to,
                    store.rules().targets.receptions_per_month,
                )
            });
            let rate = store.reception_rate(from, to, quota)?;
            if json {
                return print_json(&serde_json::json!({
                    "from": from, "to": to, "quota": quota,
                    "leaders": rate.leaders, "met": rate.met, "on_roster": rate.on_roster,
                    "percent": rate.percent(),
                }));
            }
            for l in &rate.leaders {
                println!(
                    "{}",
                    w::quota_row(&cell(&l.leader, 12), l.held, l.quota, l.met, ctx.lang)
                );
            }
            println!(
                "{}",
                w::reception_rate_line(rate.met, rate.on_roster, rate.percent(), ctx.lang)
            );
            Ok(())
        }
    }
}

fn record(ctx: &Startup, a: ReceptionRecord) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let who = match (a.person, a.queue) {
        (Some(p), None) => Received::Person {
            petitioner_id: p,
            case_no: a.case_no,
        },
        (None, Some(q)) => Received::Queue(q),
        _ => return Err(Failure::new(exit::USAGE, w::person_or_queue(ctx.lang))),
    };
    let deadline = a
        .deadline
        .as_deref()
        .map(|d| day("--deadline", d, ctx))
        .transpose()?;
    let mut store = ctx.open(OpenMode::Existing)?;
    let visit = store.reception_record(
        &officer,
        a.id,
        &who,
        &Opinion {
            text: a.opinion,
            assign_unit: a.assign_unit,
            deadline,
        },
    )?;
    if a.json {
        return print_json(&visit);
    }
    println!("{}", visit_line(&visit, ctx));
    Ok(())
}

fn reception_line(r: &Reception, ctx: &Startup) -> String {
    w::reception_row(r, ctx.lang, safe)
}

fn visit_line(v: &ReceptionVisit, ctx: &Startup) -> String {
    w::visit_row(v, ctx.lang, safe)
}

/// `case instruct`: the leader's 批示, verbatim, on the timeline.
pub fn instruct(ctx: &Startup, case_no: &str, leader: &str, text: &str, json: bool) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    store.instruct(&officer, case_no, leader, text)?;
    if json {
        return super::case_show::show(ctx.lang, &store, case_no, true);
    }
    println!("{}", w::instructed(case_no, &safe(leader), ctx.lang));
    Ok(())
}

/// `case supervise` with a 督办单: its number and deadline.
pub fn supervise(
    ctx: &Startup,
    case_no: &str,
    doc_no: &str,
    deadline: &str,
    text: Option<&str>,
    json: bool,
) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let deadline = day("--deadline", deadline, ctx)?;
    let mut store = ctx.open(OpenMode::Existing)?;
    let s = store.supervise(&officer, case_no, doc_no, deadline, text)?;
    print_supervision(ctx, &s, json)
}

/// `case supervise-result`: what the 督办 brought.
pub fn supervise_result(ctx: &Startup, case_no: &str, text: &str, json: bool) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    let s = store.supervise_result(&officer, case_no, text)?;
    print_supervision(ctx, &s, json)
}

fn print_supervision(ctx: &Startup, s: &Supervision, json: bool) -> Outcome {
    if json {
        return print_json(s);
    }
    println!("{}", w::supervision_row(s, ctx.lang, safe));
    Ok(())
}

/// `case supervisions`: 督办 on record, by deadline.
pub fn supervisions(ctx: &Startup, open_only: bool, json: bool) -> Outcome {
    let store = ctx.open(OpenMode::ReadOnly)?;
    let list = store.supervisions(open_only)?;
    if json {
        return print_json(&list);
    }
    if list.is_empty() {
        println!("{}", w::no_records(ctx.lang));
    }
    for s in &list {
        println!("{}", w::supervision_row(s, ctx.lang, safe));
    }
    Ok(())
}
