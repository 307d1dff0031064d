//! `jiedai migrate --to postgresql://…`: moves the `--db` file's record onto a
//! server and proves it (see `store::moving`).

use super::output::print_json;
use super::progress::Progress;
use super::{Outcome, Startup};
use crate::exit::{self, Failure};
use crate::store::moving::{move_to_server, MoveStage};
use clap::Args;

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The server: postgresql://USER@HOST:PORT/DATABASE (a new database, or one holding no record; the password from PGPASSWORD or ~/.pgpass)
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// Replace lists the server was given by hand (units, categories); a server holding people or cases is always refused
    #[arg(long)]
    pub force: bool,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

pub fn migrate(ctx: &Startup, a: MigrateArgs) -> Outcome {
    let db = ctx.db_path.display().to_string();
    if ctx.on_server() {
        return Err(Failure::new(
            exit::USAGE,
            crate::words::moving::not_a_file(ctx.lang, &crate::store::address::redacted(&db)),
        ));
    }
    let mut bar: Option<(MoveStage, Progress)> = None;
    let report = move_to_server(
        &ctx.db_path,
        &a.to,
        a.force,
        &ctx.time,
        &mut |stage, done, total| {
            if bar.as_ref().is_none_or(|(at, _)| *at != stage) {
                if let Some((_, old)) = bar.take() {
                    old.finish();
                }
                let label = crate::words::moving::stage(ctx.lang, stage);
                bar = Some((stage, Progress::new(label, total)));
            }
            if let Some((_, line)) = bar.as_mut() {
                line.set(done);
            }
        },
    );
    if let Some((_, line)) = bar.take() {
        line.finish();
    }
    let report = report?;
    if a.json {
        print_json(&report)?;
    } else {
        println!("{}", crate::words::moving::report(ctx.lang, &report));
    }
    if report.ok() {
        Ok(())
    } else {
        Err(Failure::new(
            exit::FAILURE,
            crate::words::moving::not_proven(ctx.lang, report.mismatches.len()),
        ))
    }
}
