//! `jiedai screening round|item|state|list`: the half-monthly screening register.

use super::{plain, ScreeningCommand};
use crate::cli::output::print_json;
use crate::cli::stats::parse_day;
use crate::cli::{Outcome, Startup};
use crate::domain::risk::ScopeKind;
use crate::domain::Lang;
use crate::store::{ItemInput, OpenMode};
use crate::words::pick;
use crate::words::risk as words;

pub fn screening(ctx: &Startup, command: ScreeningCommand) -> Outcome {
    let lang = ctx.lang;
    match command {
        ScreeningCommand::Round(a) => {
            let officer = ctx.officer()?.to_string();
            let date = a
                .date
                .as_deref()
                .map(|d| parse_day("--date", d, false, lang))
                .transpose()?;
            let (kind, scope) = match (&a.area, &a.unit) {
                (_, Some(unit)) => (ScopeKind::Unit, unit.clone()),
                (Some(area), None) => (ScopeKind::Area, area.clone()),
                (None, None) => (ScopeKind::Area, String::new()),
            };
            let mut store = ctx.open(OpenMode::Existing)?;
            let round = store.report_round(&officer, kind, &scope, date, a.zero)?;
            if a.json {
                return print_json(&round);
            }
            println!("{}", words::round_line(&round, lang, plain));
            Ok(())
        }
        ScreeningCommand::Item(a) => {
            let officer = ctx.officer()?.to_string();
            let deadline = parse_day("--deadline", &a.deadline, false, lang)?;
            let mut store = ctx.open(OpenMode::Existing)?;
            let item = store.add_screening_item(
                &officer,
                a.round,
                &ItemInput {
                    factor: a.factor,
                    area: a.area,
                    people: a.people,
                    risk: a.risk.into(),
                    owner: a.owner,
                    measures: a.measures,
                    deadline,
                },
            )?;
            if a.json {
                return print_json(&item);
            }
            println!("{}", words::item_line(&item, lang, plain));
            Ok(())
        }
        ScreeningCommand::State(a) => {
            let officer = ctx.officer()?.to_string();
            let mut store = ctx.open(OpenMode::Existing)?;
            let item = store.set_screening_item_state(&officer, a.item, a.state.into())?;
            if a.json {
                return print_json(&item);
            }
            println!("{}", words::item_line(&item, lang, plain));
            Ok(())
        }
        ScreeningCommand::List(a) => {
            let from = a
                .from
                .as_deref()
                .map(|d| parse_day("--from", d, false, lang))
                .transpose()?;
            let store = ctx.open(OpenMode::ReadOnly)?;
            let reg = store.screening_register(from)?;
            if a.json {
                return print_json(&reg);
            }
            print_register(&reg, lang);
            Ok(())
        }
    }
}

fn print_register(reg: &crate::store::ScreeningRegister, lang: Lang) {
    let c = &reg.counts;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "排查 {} 至 {}：应报 {} 轮，已报 {} 轮；排查出 {} 项，已化解 {} 项；未排查到的集体访 {} 批",
                reg.from, reg.to, c.rounds_due, c.rounds_done, c.items_found, c.items_resolved,
                c.unscreened_collective
            ),
            Lang::En => format!(
                "Screening {} to {}: rounds due {}, reported {}; items found {}, resolved {}; unscreened collective visits {}",
                reg.from, reg.to, c.rounds_due, c.rounds_done, c.items_found, c.items_resolved,
                c.unscreened_collective
            ),
        }
    );
    let section = |title: &str, lines: Vec<String>| {
        println!();
        println!("{}", words::counted(title, lines.len(), lang));
        for l in lines {
            println!("  {l}");
        }
    };
    section(
        pick(lang, "应报轮次", "Rounds expected"),
        reg.expected
            .iter()
            .map(|r| words::due_line(r, lang, plain))
            .collect(),
    );
    section(
        pick(lang, "已报轮次", "Rounds reported"),
        reg.rounds
            .iter()
            .map(|r| words::round_line(r, lang, plain))
            .collect(),
    );
    section(
        pick(lang, "排查事项", "Items"),
        reg.items
            .iter()
            .map(|i| words::item_line(i, lang, plain))
            .collect(),
    );
    section(
        pick(
            lang,
            "未排查到的集体访（按属地）",
            "Unscreened collective visits by area",
        ),
        c.unscreened_by_area
            .iter()
            .map(|a| format!("{} {}", words::area_name(&a.area, lang), a.visits))
            .collect(),
    );
}
