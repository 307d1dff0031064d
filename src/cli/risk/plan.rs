//! `jiedai plan start|log|close|report|list`: the plan for a sudden group visit.

use super::{plain, LogKindArg, PlanCommand};
use crate::cli::output::print_json;
use crate::cli::{Outcome, Startup};
use crate::domain::risk::{Plan, PlanLogKind};
use crate::domain::Lang;
use crate::store::{OpenMode, PlanStart};
use crate::words::risk as words;

pub fn plan(ctx: &Startup, command: PlanCommand) -> Outcome {
    let lang = ctx.lang;
    match command {
        PlanCommand::Start(a) => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            let plan = store.start_plan(
                &officer,
                &PlanStart {
                    contact_id: a.contact,
                    headcount: a.headcount,
                    area: a.area,
                    reason: a.reason,
                },
            )?;
            show(&plan, a.json, lang)
        }
        PlanCommand::Log(a) => {
            let officer = ctx.officer()?.to_string();
            let kind = match a.kind {
                LogKindArg::Notified => PlanLogKind::Notified,
                LogKindArg::Arrived => PlanLogKind::Arrived,
                LogKindArg::Contained => PlanLogKind::Contained,
                LogKindArg::Note => PlanLogKind::Note,
            };
            let mut store = ctx.open(OpenMode::Existing)?;
            let plan = store.log_plan(&officer, a.plan, kind, &a.who, &a.text)?;
            show(&plan, a.json, lang)
        }
        PlanCommand::Close(a) => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            let plan = store.close_plan(&officer, a.plan, &a.outcome)?;
            show(&plan, a.json, lang)
        }
        PlanCommand::Report(a) => {
            let protected = crate::outfile::database_files(&ctx.db_path);
            // `--out -` is the screen, as for every other output.
            let out = a.out.filter(|o| o.as_os_str() != "-");
            if let Some(out) = &out {
                crate::outfile::check_target(out, a.force, &protected)?;
            }
            let store = ctx.open(OpenMode::ReadOnly)?;
            let plan = store.plan(a.plan)?;
            let text = words::plan_report(&plan, lang, &crate::time::stamp(store.now()));
            match &out {
                None => print!("{text}"),
                Some(out) => {
                    crate::outfile::write_new(out, a.force, &protected, text.as_bytes())?;
                    println!("{}", out.display());
                }
            }
            Ok(())
        }
        PlanCommand::List(a) => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            let plans = store.plans(a.open, 500)?;
            if a.json {
                return print_json(&plans);
            }
            for p in &plans {
                println!("{}", words::plan_line(p, lang, plain));
            }
            Ok(())
        }
    }
}

fn show(plan: &Plan, json: bool, lang: Lang) -> Outcome {
    if json {
        return print_json(plan);
    }
    println!("{}", words::plan_line(plan, lang, plain));
    for n in words::notify_lines(plan, lang, plain) {
        println!("  {n}");
    }
    Ok(())
}
