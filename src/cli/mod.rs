//! The headless commands: `jiedai <command>`. They start from the same
//! [`Startup`] as the desk and share nothing else with it.

mod args;
mod case;
mod case_show;
mod demo;
mod handover;
mod help;
mod output;
pub mod progress;
mod stats;
mod transfer;

use args::*;
pub use args::{Cli, Command};

use crate::domain::Lang;
use crate::exit::{self, Failure, Outcome};
use crate::startup::{Options, Startup};
use crate::store::OpenMode;
use crate::words::cli::strings;
use clap::FromArgMatches;
use std::ffi::OsString;

/// Parses the command line into the start-up options and the command, if any.
/// Help, the version and usage errors are printed here, in `lang`; the `Err` is
/// the exit code to end with.
pub fn parse(args: Vec<OsString>, lang: Lang) -> Result<(Options, Option<Command>), u8> {
    let parsed = help::command(lang)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => Ok((
            Options {
                db: cli.db,
                lang: cli.lang,
                officer: cli.officer,
                keymap: cli.keymap,
            },
            cli.command,
        )),
        // Help and the version are output, not errors: clap prints them as asked.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            Err(exit::OK)
        }
        Err(e) if lang == Lang::En => {
            let _ = e.print();
            Err(exit::USAGE)
        }
        Err(e) => {
            eprint!("{}", help::usage_error(&e, lang));
            Err(exit::USAGE)
        }
    }
}

/// Runs one command.
pub fn run(ctx: &Startup, command: Command) -> Outcome {
    match command {
        Command::Init => {
            let store = ctx.open(OpenMode::Create)?;
            println!("{}", store.path().display());
            Ok(())
        }
        Command::Demo(a) => demo::demo(ctx, a.petitioners, a.seed),
        Command::Checkin(a) => case::checkin(ctx, a),
        Command::Queue(a) => case::queue(ctx, a),
        Command::Lookup(a) => case::lookup(ctx, a),
        Command::Person(c) => case::person(ctx, c),
        Command::Case(c) => case::case(ctx, c),
        Command::Officer(c) => case::officers(ctx, c),
        Command::Unit(c) => case::units(ctx, c),
        Command::Category(c) => case::categories(ctx, c),
        Command::Handover(a) => handover::handover(ctx, a),
        Command::Shift(c) => handover::shift(ctx, c),
        Command::Import(a) => transfer::import(ctx, a),
        Command::Export(a) => transfer::export(ctx, a),
        Command::Stats(a) => stats::stats(ctx, a),
        Command::Backup(a) => backup(ctx, a),
        Command::Verify(a) => verify(ctx, a.json),
    }
}

fn backup(ctx: &Startup, a: BackupArgs) -> Outcome {
    let mut store = ctx.open(OpenMode::Existing)?;
    store.backup_to(&a.out)?;
    if let Some(officer) = ctx.officer.as_deref() {
        store.record_audit(officer, "backup", &a.out.display().to_string())?;
    }
    println!("{}", a.out.display());
    Ok(())
}

fn verify(ctx: &Startup, json: bool) -> Outcome {
    let store = ctx.open(OpenMode::ReadOnly)?;
    let report = store.verify()?;
    if json {
        output::print_json(&report)?;
    } else {
        let s = strings(ctx.lang);
        println!(
            "{}",
            s.verify_summary(report.events, report.cases, &report.integrity)
        );
        for p in &report.problems {
            println!("{}{p}", s.colon(s.problem));
        }
        if report.ok() {
            println!("{}", s.intact);
        }
    }
    if report.integrity != "ok" {
        return Err(Failure::new(
            exit::DATABASE,
            crate::words::cli::damaged(
                ctx.lang,
                &store.path().display().to_string(),
                &report.integrity,
            ),
        ));
    }
    if report.ok() {
        Ok(())
    } else {
        Err(Failure::new(
            exit::TAMPERED,
            crate::words::cli::tampered(ctx.lang, report.problems.len()),
        ))
    }
}
