//! `jiedai division load|list` and `jiedai skiplevel list|return`: the office's
//! division list and the skip-level register (越级访).

use super::{plain, DivisionCommand, SkipLevelCommand};
use crate::cli::output::print_json;
use crate::cli::stats::open_period;
use crate::cli::{exit, Failure, Outcome, Startup};
use crate::domain::risk::parse_divisions;
use crate::store::OpenMode;
use crate::words::risk as words;
use crate::words::{pick, Label};
use serde_json::json;

pub fn division(ctx: &Startup, command: DivisionCommand) -> Outcome {
    let lang = ctx.lang;
    match command {
        DivisionCommand::Load(a) => {
            let officer = ctx.officer()?.to_string();
            let text = crate::cli::read_small_text(&a.file, "FILE", lang)?;
            let list = parse_divisions(&text).map_err(|errors| {
                let lines: Vec<String> = errors
                    .iter()
                    .take(20)
                    .map(|e| {
                        format!(
                            "{}:{}: {}",
                            a.file.display(),
                            e.line,
                            words::division_problem(lang, &e.problem)
                        )
                    })
                    .collect();
                Failure::new(exit::REFUSED, lines.join("\n"))
            })?;
            let mut store = ctx.open(OpenMode::Existing)?;
            let n = store.load_divisions(&officer, &list)?;
            if a.json {
                return print_json(&json!({ "loaded": n }));
            }
            println!("{}", words::divisions_loaded(lang, n));
            Ok(())
        }
        DivisionCommand::List(a) => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            let list = store.divisions()?;
            if a.json {
                return print_json(&list);
            }
            for d in &list {
                println!("{} {} {}", d.code, d.level.label(lang), plain(&d.name));
            }
            Ok(())
        }
    }
}

pub fn skiplevel(ctx: &Startup, command: SkipLevelCommand) -> Outcome {
    let lang = ctx.lang;
    match command {
        SkipLevelCommand::List(a) => {
            let (from, to) = open_period(a.from.as_deref(), a.to.as_deref(), lang)?;
            let store = ctx.open(OpenMode::ReadOnly)?;
            let reg = store.level_register(from, to)?;
            if a.json {
                return print_json(&reg);
            }
            for c in &reg.contacts {
                println!("{}", words::level_line(c, lang, plain));
            }
            println!();
            println!(
                "{}",
                pick(
                    lang,
                    "月份     本级 市 省 京 通报 越级 劝返",
                    "month    here city prov. Beijing notices skip-level returned",
                )
            );
            for m in &reg.by_month {
                println!(
                    "{} {} {} {} {} {} {} {}",
                    m.month,
                    m.local,
                    m.city,
                    m.province,
                    m.capital,
                    m.notices,
                    m.skip_level,
                    m.returned
                );
            }
            Ok(())
        }
        SkipLevelCommand::Return(a) => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            store.record_return(&officer, a.contact, &a.note)?;
            if a.json {
                return print_json(&json!({ "contact_id": a.contact, "returned": true }));
            }
            println!("{}", words::returned(lang, a.contact));
            Ok(())
        }
    }
}
