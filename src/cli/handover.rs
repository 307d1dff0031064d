//! `jiedai handover` (the summary; hand over, acknowledge, notes) and `jiedai shift`.

use super::output::{print_json, safe, short_time};
use super::{exit, Failure, Outcome, Startup};
use crate::domain::roster::RosterError;
use crate::domain::Lang;
use crate::outfile::{Staged, Target};
use crate::store::{Handover, OpenMode, Shift, Store};
use crate::words::handover::to_markdown;
use crate::words::shift as words;
use chrono::{DateTime, FixedOffset};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A Markdown report, in the language of --lang
    #[value(alias = "markdown")]
    Md,
    /// One JSON document
    Json,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HandoverArgs {
    #[command(subcommand)]
    pub action: Option<HandoverCommand>,
    /// Start of the window: RFC 3339 or `YYYY-MM-DD HH:MM` [default: the start of your shift]
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// End of the window [default: now, or the end of your last shift if it ended]
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// Same as --format json
    #[arg(long)]
    pub json: bool,
    /// Write the summary to FILE (readable by you only; `-` prints it) instead of
    /// printing it; the export is recorded in the audit log
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists (never the database or its -wal/-shm/-journal)
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Summarize another officer's shift [default: --officer]
    #[arg(long = "of", value_name = "OFFICER")]
    pub of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum HandoverCommand {
    /// Hand your shift over to the incoming officer; this ends your shift
    To {
        /// The incoming officer (an active officer on the roster)
        name: String,
        /// Notes for the incoming officer (replaces the shift's notes)
        #[arg(long)]
        notes: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Acknowledge the latest handover addressed to you
    Ack {
        /// The shift number of one handover, when several are waiting
        shift: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Write the notes of your open shift (what the next officer must know)
    Notes {
        text: String,
        /// Add a line instead of replacing the notes
        #[arg(long)]
        append: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ShiftArgs {
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ShiftCommand {
    /// Start your shift, or resume the one still open; lists handovers waiting for you
    Start(ShiftArgs),
    /// End your shift without handing it over
    End(ShiftArgs),
    /// Your current (or last) shift, handovers waiting for you, and the last handover
    Show(ShiftArgs),
}

fn parse_time(flag: &str, s: &str, lang: Lang) -> Outcome<DateTime<FixedOffset>> {
    crate::time::parse_instant(s.trim()).ok_or_else(|| {
        Failure::new(
            exit::USAGE,
            crate::words::cli::not_a_time(lang, flag, &crate::text::excerpt(s, 40)),
        )
    })
}

pub fn handover(ctx: &Startup, a: HandoverArgs) -> Outcome {
    match a.action {
        Some(HandoverCommand::To { name, notes, json }) => {
            hand_over(ctx, &name, notes.as_deref(), json)
        }
        Some(HandoverCommand::Ack { shift, json }) => acknowledge(ctx, shift, json),
        Some(HandoverCommand::Notes { text, append, json }) => notes(ctx, &text, append, json),
        None => summary(ctx, a),
    }
}

fn summary(ctx: &Startup, a: HandoverArgs) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let of = a.of.clone().unwrap_or_else(|| officer.clone());
    let since = a
        .since
        .as_deref()
        .map(|s| parse_time("--since", s, ctx.lang))
        .transpose()?;
    let until = a
        .until
        .as_deref()
        .map(|s| parse_time("--until", s, ctx.lang))
        .transpose()?;
    // Crossed flags are a usage mistake, as `stats --from/--to` says; the store
    // still refuses a window crossed by the shift or the clock.
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(Failure::new(
                exit::USAGE,
                crate::words::cli::window_backwards(
                    ctx.lang,
                    &crate::time::stamp(s),
                    &crate::time::stamp(u),
                ),
            ));
        }
    }
    let format = if a.json { Format::Json } else { a.format };
    let target = a.out.as_deref().map(Target::parse);
    let protected = crate::outfile::database_files(&ctx.db_path);
    // Refuse a bad target before anything is read.
    if let Some(Target::File(path)) = &target {
        crate::outfile::check_target(path, a.force, &protected)?;
    }
    // Only an export writes (its audit row); printing reads.
    let mode = if matches!(target, Some(Target::File(_))) {
        OpenMode::Existing
    } else {
        OpenMode::ReadOnly
    };
    let mut store = ctx.open(mode)?;
    let summary = store.handover_summary(&of, since, until)?;
    let text = match format {
        Format::Md => to_markdown(&summary, ctx.lang),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&summary)
                .map_err(|e| Failure::new(exit::FAILURE, format!("cannot write JSON: {e}")))?;
            s.push('\n');
            s
        }
    };
    let Some(Target::File(out)) = target else {
        print!("{text}");
        return Ok(());
    };
    // The audit names the file wherever the command ran.
    let file = std::path::absolute(&out).unwrap_or_else(|_| out.clone());
    let subject = format!(
        "handover of {} {}..{} to {}",
        summary.officer,
        summary.since,
        summary.until,
        file.display()
    );
    // An export that cannot be recorded does not happen: the file is published last.
    let mut staged = Staged::create(&out, a.force, &protected)?;
    staged.file().write_all(text.as_bytes()).map_err(|e| {
        Failure::new(
            exit::FAILURE,
            crate::words::cli::cannot_write(ctx.lang, &out.display().to_string(), &e),
        )
    })?;
    store.record_audit(
        Some(&officer),
        crate::domain::audit::AuditAction::Export,
        &subject,
    )?;
    staged.publish()?;
    println!("{}", out.display());
    Ok(())
}

fn hand_over(ctx: &Startup, to: &str, notes: Option<&str>, json: bool) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    let h = store.hand_over(&officer, to, notes)?;
    if json {
        return print_json(&h);
    }
    println!(
        "{}",
        words::handed_over(
            ctx.lang,
            h.shift_id,
            &safe(&h.from),
            &safe(&h.to),
            &short_time(&h.handed_at)
        )
    );
    Ok(())
}

fn acknowledge(ctx: &Startup, shift: Option<i64>, json: bool) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    let h = match shift {
        Some(id) => store.acknowledge_shift(&officer, id)?,
        None => store.acknowledge(&officer)?,
    };
    let others = store.pending_handovers(&officer)?;
    if json {
        return print_json(&json!({ "acknowledged": h, "still_pending": others }));
    }
    let lang = ctx.lang;
    println!(
        "{}",
        words::acknowledged(lang, h.shift_id, &safe(&h.from), &short_time(&h.handed_at))
    );
    print_notes(lang, &h.notes);
    print_pending(lang, &others);
    Ok(())
}

fn notes(ctx: &Startup, text: &str, append: bool, json: bool) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    let shift = if append {
        store.append_shift_notes(&officer, text)?
    } else {
        store.set_shift_notes(&officer, text)?
    };
    if json {
        return print_json(&shift);
    }
    println!("{}", words::notes_saved(ctx.lang, shift.id));
    Ok(())
}

pub fn shift(ctx: &Startup, c: ShiftCommand) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let lang = ctx.lang;
    match c {
        ShiftCommand::Start(a) => {
            let mut store = ctx.open(OpenMode::Create)?;
            let before = store.current_shift(&officer)?;
            let shift = store.start_shift(&officer)?;
            let pending = store.pending_handovers(&officer)?;
            let resumed = before.is_some();
            if a.json {
                return print_json(
                    &json!({ "shift": shift, "resumed": resumed, "pending_handovers": pending }),
                );
            }
            let line = words::started(
                lang,
                shift.id,
                &safe(&shift.officer),
                &short_time(&shift.started_at),
                resumed,
            );
            println!("{line}");
            print_pending(lang, &pending);
            Ok(())
        }
        ShiftCommand::End(a) => {
            let mut store = ctx.open(OpenMode::Existing)?;
            let shift = store.end_shift(&officer)?;
            if a.json {
                return print_json(&json!({ "shift": shift }));
            }
            println!(
                "{}",
                words::ended(
                    lang,
                    shift.id,
                    &short_time(shift.ended_at.as_deref().unwrap_or(""))
                )
            );
            Ok(())
        }
        ShiftCommand::Show(a) => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            on_roster(&store, &officer)?;
            show(ctx, &store, &officer, a.json)
        }
    }
}

/// Refused as the write commands refuse an officer not on the roster (exit 4), so
/// that a typo is not answered "no shift on record". Retired officers keep their
/// history; an empty roster has nobody to mistype (the first writer becomes 科长).
fn on_roster(store: &Store, officer: &str) -> Outcome {
    let roster = store.officers()?;
    let name = crate::text::clean_input(officer);
    if roster.is_empty() || roster.iter().any(|o| o.name == name) {
        return Ok(());
    }
    let active = roster.iter().filter(|o| o.active).map(|o| o.name.as_str());
    let reading = |n: &str| crate::search::name_pinyin(n).full;
    Err(crate::store::StoreError::Roster(RosterError::unknown(&name, active, reading)).into())
}

fn show(ctx: &Startup, store: &Store, officer: &str, json: bool) -> Outcome {
    let lang = ctx.lang;
    let shift = store.last_shift(officer)?;
    let pending = store.pending_handovers(officer)?;
    let last = store.last_handover()?;
    if json {
        return print_json(&json!({
            "officer": crate::text::clean_input(officer),
            "shift": shift,
            "pending_handovers": pending,
            "last_handover": last,
        }));
    }
    match &shift {
        Some(s) => println!("{}", shift_line(lang, s)),
        None => println!("{}", words::no_shift(lang)),
    }
    print_pending(lang, &pending);
    if let Some(h) = &last {
        println!("{}", words::last_handover(lang));
        println!("  {}", handover_line(lang, h));
    }
    Ok(())
}

fn shift_line(lang: Lang, s: &Shift) -> String {
    if s.handed_to.is_some() && s.ended_at.is_some() {
        return s
            .handover()
            .map(|h| handover_line(lang, &h))
            .unwrap_or_default();
    }
    let ended = s.ended_at.as_deref().map(short_time);
    words::shift_line(
        lang,
        s.id,
        &safe(&s.officer),
        &short_time(&s.started_at),
        ended.as_deref(),
    )
}

fn handover_line(lang: Lang, h: &Handover) -> String {
    let acked = match (&h.acked_by, &h.acked_at) {
        (Some(by), Some(at)) => Some((safe(by), short_time(at))),
        _ => None,
    };
    words::handover_line(
        lang,
        h.shift_id,
        &safe(&h.from),
        &safe(&h.to),
        &short_time(&h.handed_at),
        acked.as_ref().map(|(by, at)| (by.as_str(), at.as_str())),
    )
}

fn print_pending(lang: Lang, pending: &[Handover]) {
    if pending.is_empty() {
        return;
    }
    println!("{}", words::pending(lang, pending.len()));
    for h in pending {
        println!("  {}", handover_line(lang, h));
    }
}

fn print_notes(lang: Lang, notes: &str) {
    if notes.trim().is_empty() {
        return;
    }
    println!("{}", words::notes_label(lang));
    for line in notes.lines() {
        println!("  {}", safe(line));
    }
}
