//! `case evaluate`, `case follow-up` and `case follow-ups`: 满意度评价 of a
//! decision and the 回访 a 不满意 opens, from the command line.

use super::output::{print_json, safe};
use super::{exit, Failure, Outcome, Startup};
use crate::domain::Lang;
use crate::store::{Evaluation, FollowUp, OpenMode};
use crate::words::ratings as w;
use clap::Subcommand;

/// The rating steps, flattened into `jiedai case`.
#[derive(Debug, Subcommand)]
pub enum RatingCommand {
    /// 满意度评价: record the petitioner's rating of a decision, within its rating window
    Evaluate {
        case_no: String,
        /// The decision rated: 受理 (accept), 答复 (reply), 复查 (review) or 复核 (recheck)
        #[arg(long)]
        stage: String,
        /// 满意 (satisfied), 基本满意 (fairly-satisfied) or 不满意 (dissatisfied; opens a 回访 for the 科长, due in 15 days)
        #[arg(long)]
        result: String,
        /// How it was given: 当面 (in-person), 电话 (phone), 短信 (sms) or 网上 (online)
        #[arg(long)]
        via: String,
        /// The day it was given (YYYY-MM-DD), inside the window [default: today]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// What the petitioner said
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 回访: record the follow-up of a dissatisfied rating, which closes it
    FollowUp {
        case_no: String,
        /// What the follow-up found: 息诉 (settled), 仍有诉求 (still-claims) or 联系不上 (unreachable)
        #[arg(long)]
        result: String,
        /// What was said or done
        #[arg(long)]
        text: Option<String>,
        /// The day of the follow-up (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 回访 still open (dissatisfied ratings), by due day
    FollowUps {
        /// Closed ones too
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
}

fn parsed<T>(lang: Lang, flag: &str, given: &str, parse: fn(&str) -> Option<T>) -> Outcome<T> {
    parse(given).ok_or_else(|| Failure::new(exit::USAGE, w::unknown(lang, flag, given)))
}

fn date(lang: Lang, given: Option<String>) -> Outcome<Option<chrono::NaiveDate>> {
    given
        .map(|d| {
            d.trim().parse().map_err(|_| {
                Failure::new(
                    exit::USAGE,
                    format!("--date: {}", crate::words::cli::not_a_date(lang, &d)),
                )
            })
        })
        .transpose()
}

pub fn run(ctx: &Startup, command: RatingCommand) -> Outcome {
    let lang = ctx.lang;
    match command {
        RatingCommand::Evaluate {
            case_no,
            stage,
            result,
            via,
            date: day,
            text,
            json,
        } => {
            let e = Evaluation {
                stage: parsed(lang, "--stage", &stage, w::parse_stage)?,
                result: parsed(lang, "--result", &result, w::parse_result)?,
                via: parsed(lang, "--via", &via, w::parse_via)?,
                date: date(lang, day)?,
                text,
            };
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            let done = store.evaluate(&officer, &case_no, &e)?;
            if json {
                return print_json(&done);
            }
            let follow = done
                .follow_up
                .as_ref()
                .map(|f| (f.chief.as_str(), f.due_on));
            println!(
                "{}",
                w::evaluated(lang, &done.case_no, done.stage, done.result, follow)
            );
            Ok(())
        }
        RatingCommand::FollowUp {
            case_no,
            result,
            text,
            date: day,
            json,
        } => {
            let result = w::parse_follow_up(&result)
                .ok_or_else(|| Failure::new(exit::USAGE, w::unknown_follow_up(lang, &result)))?;
            let f = FollowUp {
                result,
                text,
                date: date(lang, day)?,
            };
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            store.follow_up(&officer, &case_no, &f)?;
            if json {
                return super::case_show::show(lang, &store, &case_no, true);
            }
            println!("{}", w::followed_up(lang, &case_no, result));
            Ok(())
        }
        RatingCommand::FollowUps { all, json } => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            let items = store.follow_ups(!all)?;
            if json {
                return print_json(&items);
            }
            let today = store.today();
            if items.is_empty() {
                println!("{}", crate::words::report::nothing(lang));
            }
            for f in &items {
                println!("{}", safe(&w::item_line(lang, f, today)));
            }
            Ok(())
        }
    }
}
