//! The headless commands: `jiedai <command>`. They start from the same
//! [`Startup`] as the desk and share nothing else with it.

mod args;
mod audit;
mod bench;
mod bench_checkin;
mod bench_clock;
mod bench_reads;
mod case;
mod case_show;
mod checkin;
mod demo;
mod figures;
mod handover;
mod help;
mod leaders;
mod matters;
#[cfg(feature = "postgres")]
mod migrate;
mod notices;
mod officer;
mod output;
pub mod progress;
mod queue;
mod ratings;
mod report;
mod report_leaders;
mod risk;
mod stats;
mod transfer;

use args::*;
pub use args::{Cli, Command};

use crate::domain::anchor::Anchor;
use crate::domain::Lang;
use crate::exit::{self, Failure, Outcome};
use crate::startup::{Options, Startup};
use crate::store::OpenMode;
use crate::words::cli::strings;
use clap::FromArgMatches;
use std::ffi::OsString;
use std::path::PathBuf;

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
        Err(e) if !e.use_stderr() => match e.print() {
            Ok(()) => Err(exit::OK),
            Err(problem) => {
                let said = crate::words::startup::stdout_failed(lang, &problem.to_string());
                eprintln!("jiedai: {said}");
                Err(exit::FAILURE)
            }
        },
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
        Command::Demo(a) => {
            refuse_demo_over_a_record(ctx, a.force)?;
            demo::demo(ctx, a.petitioners, a.seed)
        }
        Command::Checkin(a) => checkin::checkin(ctx, a),
        Command::Queue(a) => queue::queue(ctx, a),
        Command::Lookup(a) => case::lookup(ctx, a),
        Command::Person(c) => case::person(ctx, c),
        Command::Case(c) => case::case(ctx, c),
        Command::Officer(c) => officer::officer(ctx, c),
        Command::Unit(c) => case::units(ctx, c),
        Command::Category(c) => case::categories(ctx, c),
        Command::Baoan(c) => leaders::baoan(ctx, c),
        Command::Reception(c) => leaders::reception(ctx, c),
        Command::Handover(a) => handover::handover(ctx, a),
        Command::Shift(c) => handover::shift(ctx, c),
        Command::Import(a) => transfer::import(ctx, a),
        Command::Export(a) => transfer::export(ctx, a),
        Command::Stats(a) => stats::stats(ctx, a),
        Command::Report(a) => report::report(ctx, a),
        Command::Backup(a) => backup(ctx, a),
        #[cfg(feature = "postgres")]
        Command::Migrate(a) => migrate::migrate(ctx, a),
        Command::Audit(a) => audit::audit(ctx, a),
        Command::Verify(a) => verify(ctx, a),
        Command::Bench(BenchCommand::Lookup(a)) => bench::lookup(ctx, a),
        Command::Bench(BenchCommand::Checkin(a)) => bench_checkin::checkin(ctx, a),
        Command::Bench(BenchCommand::Reads(a)) => bench_reads::reads(ctx, a),
        Command::Screening(c) => risk::screening(ctx, c),
        Command::Plan(c) => risk::plan(ctx, c),
        Command::Division(c) => risk::division(ctx, c),
        Command::Skiplevel(c) => risk::skiplevel(ctx, c),
        Command::Templates(c) => notices::templates(ctx, c),
    }
}

/// Synthetic people must never mix with real ones: `demo` fills only a database
/// with no contacts, unless told otherwise.
fn refuse_demo_over_a_record(ctx: &Startup, force: bool) -> Outcome {
    if force || !ctx.record_may_exist() {
        return Ok(());
    }
    // A server's new database gets its schema here, as `demo` would make it.
    let store = ctx.open(if ctx.on_server() {
        OpenMode::Existing
    } else {
        OpenMode::ReadOnly
    })?;
    let held = store.count_contacts(crate::store::DayRange::default())?;
    if held > 0 {
        return Err(Failure::new(
            exit::REFUSED,
            crate::words::cli::demo_over_a_record(
                ctx.lang,
                &ctx.db_path.display().to_string(),
                held,
            ),
        ));
    }
    Ok(())
}

fn backup(ctx: &Startup, a: BackupArgs) -> Outcome {
    if crate::outfile::Target::parse(&a.out) == crate::outfile::Target::Stdout {
        return Err(Failure::new(
            exit::USAGE,
            crate::words::cli::backup_to_stdout(ctx.lang),
        ));
    }
    let protected = crate::outfile::database_files(&ctx.db_path);
    crate::outfile::check_target(&a.out, false, &protected)?;
    crate::outfile::check_target(&anchor_path(&a.out), false, &protected)?;
    let mut store = ctx.open(OpenMode::Existing)?;
    // SQLite writes the copy by name: into a hidden, owner-only staging file that
    // takes the backup's name only once complete.
    let staged = crate::outfile::Staged::create_named(&a.out, false, &protected)?;
    let mut head = None;
    if let Some(staging) = staged.staging_path() {
        // The copy's own head: desks may have written since its snapshot, and the
        // anchor must describe the backup, not the live file.
        head = store.backup_into(staging)?;
    }
    let recorded_as = std::path::absolute(&a.out).unwrap_or_else(|_| a.out.clone());
    let subject = match &head {
        Some(h) => format!("file:{} chain_head:{h}", recorded_as.display()),
        None => format!("file:{}", recorded_as.display()),
    };
    // A backup holds every ID number in clear: it is recorded before it exists.
    store.record_audit(
        ctx.officer.as_deref(),
        crate::domain::audit::AuditAction::Backup,
        &subject,
    )?;
    staged.publish()?;
    write_anchor_beside(&a.out, false, &protected, head.as_ref())?;
    println!("{}", a.out.display());
    Ok(())
}

/// Writes the chain head beside an output as `OUT.anchor` (`SEQ:HASH`), so that the
/// live file can later be checked against it with `jiedai verify --anchors OUT.anchor`.
pub(crate) fn write_anchor_beside(
    out: &std::path::Path,
    force: bool,
    protected: &[PathBuf],
    head: Option<&Anchor>,
) -> Outcome {
    let Some(head) = head else {
        return Ok(());
    };
    let text = format!(
        "# jiedai chain head when {} was written\n{head}\n",
        out.display()
    );
    crate::outfile::write_new(&anchor_path(out), force, protected, text.as_bytes())?;
    Ok(())
}

/// Where [`write_anchor_beside`] writes: `OUT.anchor`.
pub(crate) fn anchor_path(out: &std::path::Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".anchor");
    PathBuf::from(name)
}

/// A small text file given on the command line (a list of anchors): a regular file,
/// read without blocking on a pipe or device, at most 1 MB.
pub(crate) fn read_small_text(path: &std::path::Path, flag: &str, lang: Lang) -> Outcome<String> {
    use crate::words::cli::SmallText;
    const MAX: u64 = 1 << 20;
    let refused = |what: SmallText| {
        let said = crate::words::cli::small_text(lang, what);
        Failure::new(exit::USAGE, format!("{flag} {}: {said}", path.display()))
    };
    let meta = std::fs::metadata(path).map_err(|e| refused(SmallText::Io(e)))?;
    if !meta.is_file() {
        return Err(refused(SmallText::NotAFile));
    }
    if meta.len() > MAX {
        return Err(refused(SmallText::TooLarge(MAX)));
    }
    let bytes = std::fs::read(path).map_err(|e| refused(SmallText::Io(e)))?;
    String::from_utf8(bytes).map_err(|_| refused(SmallText::NotUtf8))
}

fn verify(ctx: &Startup, a: VerifyArgs) -> Outcome {
    let mut anchors = a
        .anchor
        .iter()
        .map(|text| Anchor::parse(text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::new(exit::USAGE, format!("--anchor: {e}")))?;
    if let Some(path) = &a.anchors {
        let text = read_small_text(path, "--anchors", ctx.lang)?;
        let more = Anchor::parse_lines(&text)
            .map_err(|e| Failure::new(exit::USAGE, format!("{}: {e}", path.display())))?;
        // An empty or mistaken file would otherwise pass as "checked against it".
        if more.is_empty() {
            let shown = path.display().to_string();
            let said = crate::words::cli::no_anchors_in(ctx.lang, &shown);
            return Err(Failure::new(exit::USAGE, said));
        }
        anchors.extend(more);
    }
    let since = a
        .since_anchor
        .as_deref()
        .map(Anchor::parse)
        .transpose()
        .map_err(|e| Failure::new(exit::USAGE, format!("--since-anchor: {e}")))?;
    let store = ctx.open(OpenMode::ReadOnly)?;
    // One progress line per pass, on stderr when it is a terminal.
    let words = strings(ctx.lang);
    let mut bar: Option<(crate::store::VerifyStage, progress::Progress)> = None;
    let report = store.verify_watched(since.as_ref(), &anchors, &mut |stage, done, total| {
        if bar.as_ref().is_none_or(|(at, _)| *at != stage) {
            if let Some((_, old)) = bar.take() {
                old.finish();
            }
            bar = Some((
                stage,
                progress::Progress::new(words.verify_stage(stage), total),
            ));
        }
        if let Some((_, line)) = bar.as_mut() {
            line.set(done);
        }
    })?;
    if let Some((_, line)) = bar.take() {
        line.finish();
    }
    if a.json {
        output::print_json(&report)?;
    } else {
        let s = strings(ctx.lang);
        println!(
            "{}",
            s.verify_summary(report.events, report.cases, &report.integrity)
        );
        println!("{}", s.verify_ledger(report.entries, report.rows));
        if let Some(since) = &report.since {
            println!("{}{since}", s.colon(s.verified_since));
        }
        if let Some(head) = &report.chain_head {
            println!("{}{head}", s.colon(s.chain_head));
        }
        for p in &report.problems {
            println!("{}{p}", s.colon(s.problem));
        }
        if report.anchors_checked > 0 {
            println!("{}{}", s.colon(s.anchors_checked), report.anchors_checked);
        }
        if report.ok() {
            println!("{}", s.intact);
        }
    }
    if !report.integrity_ok() {
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
