//! `jiedai officer`: the roster (名册). Anyone lists it; only an active 科长 (the
//! acting `--officer`) adds, renames or retires — except that the first officer of
//! an empty roster becomes its 科长.

use super::output::{print_json, safe};
use super::{exit, Failure, Outcome, Startup};
use crate::domain::roster::OfficerRole;
use crate::store::{Enrolment, OpenMode};
use crate::words::roster as words;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum OfficerCommand {
    /// The roster: name, role, title; retired officers with --all
    List(ListArgs),
    /// Put an officer on the roster (an active 科长 only; the first officer of an empty roster becomes 科长)
    Add(AddArgs),
    /// Rename an officer (a 科长 only); their history follows the new name
    Rename {
        old: String,
        new: String,
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Retire an officer (a 科长 only): their history stays, they can no longer sign in
    Retire {
        name: String,
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Retired officers too
    #[arg(long)]
    pub all: bool,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    pub name: String,
    /// 科员, 科长 or 领导 (or clerk, chief, leader)
    #[arg(long, default_value = "科员", value_name = "ROLE")]
    pub role: String,
    /// A leader's title, such as 副县长
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// The host account this officer signs in from (enforced with roster.bind_host_accounts)
    #[arg(long, value_name = "HOSTUSER")]
    pub account: Option<String>,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

pub fn officer(ctx: &Startup, c: OfficerCommand) -> Outcome {
    let lang = ctx.lang;
    match c {
        OfficerCommand::List(a) => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            list(a, store.officers()?, ctx)
        }
        OfficerCommand::Add(a) => {
            let role = OfficerRole::parse(&a.role)
                .ok_or_else(|| Failure::new(exit::USAGE, words::bad_role(&a.role, lang)))?;
            let mut store = ctx.open(OpenMode::Create)?;
            let done = store.enrol(
                ctx.officer.as_deref(),
                &Enrolment {
                    name: a.name,
                    role,
                    title: a.title,
                    host_account: a.account,
                },
            )?;
            if a.json {
                return print_json(&serde_json::json!({
                    "officer": done.officer,
                    "first": done.first,
                }));
            }
            println!("{}", safe(&words::added(&done.officer, done.first, lang)));
            Ok(())
        }
        OfficerCommand::Rename { old, new, json } => {
            let mut store = ctx.open(OpenMode::Existing)?;
            let o = store.rename_officer(ctx.officer()?, &old, &new)?;
            if json {
                return print_json(&serde_json::json!({ "officer": o, "old_name": old }));
            }
            println!("{}", safe(&words::renamed(&old, &o, lang)));
            Ok(())
        }
        OfficerCommand::Retire { name, json } => {
            let mut store = ctx.open(OpenMode::Existing)?;
            let o = store.retire_officer(ctx.officer()?, &name)?;
            if json {
                return print_json(&serde_json::json!({ "officer": o }));
            }
            println!("{}", safe(&words::retired(&o, lang)));
            Ok(())
        }
    }
}

fn list(a: ListArgs, officers: Vec<crate::store::Officer>, ctx: &Startup) -> Outcome {
    let shown: Vec<_> = officers.into_iter().filter(|o| a.all || o.active).collect();
    if a.json {
        return print_json(&shown);
    }
    if shown.is_empty() {
        eprintln!("{}", words::empty(ctx.lang));
    }
    for o in &shown {
        println!("{}", safe(&words::officer_line(o, ctx.lang)));
    }
    Ok(())
}
