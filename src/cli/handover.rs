//! `jiedai handover` (the summary; hand over, acknowledge, notes) and `jiedai shift`.

use super::output::{print_json, safe, short_time};
use super::{exit, CliError, CliResult, Context};
use crate::domain::handover::to_markdown;
use crate::domain::Lang;
use crate::outfile::{Staged, Target};
use crate::store::{Handover, OpenMode, Shift, Store};
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
        /// The incoming officer (added to the officers if new)
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

fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

fn parse_time(flag: &str, s: &str) -> CliResult<DateTime<FixedOffset>> {
    crate::time::parse_instant(s.trim()).ok_or_else(|| {
        CliError::new(
            exit::USAGE,
            format!("{flag} {} is not a time; use RFC 3339 (2026-11-28T08:30:00+08:00) or YYYY-MM-DD HH:MM", crate::text::excerpt(s, 40)),
        )
    })
}

pub fn handover(ctx: &Context, a: HandoverArgs) -> CliResult {
    match a.action {
        Some(HandoverCommand::To { name, notes, json }) => {
            hand_over(ctx, &name, notes.as_deref(), json)
        }
        Some(HandoverCommand::Ack { shift, json }) => acknowledge(ctx, shift, json),
        Some(HandoverCommand::Notes { text, append, json }) => notes(ctx, &text, append, json),
        None => summary(ctx, a),
    }
}

fn summary(ctx: &Context, a: HandoverArgs) -> CliResult {
    let officer = ctx.officer()?.to_string();
    let of = a.of.clone().unwrap_or_else(|| officer.clone());
    let since = a
        .since
        .as_deref()
        .map(|s| parse_time("--since", s))
        .transpose()?;
    let until = a
        .until
        .as_deref()
        .map(|s| parse_time("--until", s))
        .transpose()?;
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
                .map_err(|e| CliError::new(exit::FAILURE, format!("cannot write JSON: {e}")))?;
            s.push('\n');
            s
        }
    };
    let Some(Target::File(out)) = target else {
        print!("{text}");
        return Ok(());
    };
    let subject = format!(
        "handover of {} {}..{} to {}",
        summary.officer,
        summary.since,
        summary.until,
        out.display()
    );
    // An export that cannot be recorded does not happen: the file is published last.
    let mut staged = Staged::create(&out, a.force, &protected)?;
    staged.file().write_all(text.as_bytes()).map_err(|e| {
        CliError::new(
            exit::FAILURE,
            format!("cannot write {}: {e}", out.display()),
        )
    })?;
    store.record_audit(Some(&officer), "export", &subject)?;
    staged.publish()?;
    println!("{}", out.display());
    Ok(())
}

fn hand_over(ctx: &Context, to: &str, notes: Option<&str>, json: bool) -> CliResult {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    let h = store.hand_over(&officer, to, notes)?;
    if json {
        return print_json(&h);
    }
    let lang = ctx.lang;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "班次 #{} 已于 {} 由 {} 交班给 {}；请 {} 用 `jiedai handover ack` 确认。",
                h.shift_id,
                short_time(&h.handed_at),
                safe(&h.from),
                safe(&h.to),
                safe(&h.to)
            ),
            Lang::En => format!(
                "shift #{} handed over by {} to {} at {}; {} acknowledges with `jiedai handover ack`",
                h.shift_id,
                safe(&h.from),
                safe(&h.to),
                short_time(&h.handed_at),
                safe(&h.to)
            ),
        }
    );
    Ok(())
}

fn acknowledge(ctx: &Context, shift: Option<i64>, json: bool) -> CliResult {
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
        match lang {
            Lang::Zh => format!(
                "已确认 {} 的交班（班次 #{}，{} 交班）。",
                safe(&h.from),
                h.shift_id,
                short_time(&h.handed_at)
            ),
            Lang::En => format!(
                "acknowledged the handover from {} (shift #{}, handed over {})",
                safe(&h.from),
                h.shift_id,
                short_time(&h.handed_at)
            ),
        }
    );
    print_notes(lang, &h.notes);
    print_pending(lang, &others);
    Ok(())
}

fn notes(ctx: &Context, text: &str, append: bool, json: bool) -> CliResult {
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
    println!(
        "{}",
        match ctx.lang {
            Lang::Zh => format!("班次 #{} 的交班备注已保存。", shift.id),
            Lang::En => format!("notes of shift #{} saved", shift.id),
        }
    );
    Ok(())
}

pub fn shift(ctx: &Context, c: ShiftCommand) -> CliResult {
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
            let line = match (lang, resumed) {
                (Lang::Zh, false) => format!(
                    "{} 的班次 #{} 已开始（{}）。",
                    safe(&shift.officer),
                    shift.id,
                    short_time(&shift.started_at)
                ),
                (Lang::Zh, true) => format!(
                    "{} 的班次 #{} 仍未结束（{} 开始），继续该班次。",
                    safe(&shift.officer),
                    shift.id,
                    short_time(&shift.started_at)
                ),
                (Lang::En, false) => format!(
                    "shift #{} of {} started at {}",
                    shift.id,
                    safe(&shift.officer),
                    short_time(&shift.started_at)
                ),
                (Lang::En, true) => format!(
                    "shift #{} of {} is still open (started {}); resuming it",
                    shift.id,
                    safe(&shift.officer),
                    short_time(&shift.started_at)
                ),
            };
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
                match lang {
                    Lang::Zh => format!(
                        "班次 #{} 已于 {} 结束（未交班）。",
                        shift.id,
                        short_time(shift.ended_at.as_deref().unwrap_or(""))
                    ),
                    Lang::En => format!(
                        "shift #{} ended at {} (not handed over)",
                        shift.id,
                        short_time(shift.ended_at.as_deref().unwrap_or(""))
                    ),
                }
            );
            Ok(())
        }
        ShiftCommand::Show(a) => {
            let store = ctx.open(OpenMode::ReadOnly)?;
            show(ctx, &store, &officer, a.json)
        }
    }
}

fn show(ctx: &Context, store: &Store, officer: &str, json: bool) -> CliResult {
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
        None => println!(
            "{}",
            t(
                lang,
                "尚无班次记录；用 `jiedai shift start` 开始。",
                "no shift on record; start one with `jiedai shift start`"
            )
        ),
    }
    print_pending(lang, &pending);
    if let Some(h) = &last {
        println!("{}", t(lang, "最近一次交班：", "last handover:"));
        println!("  {}", handover_line(lang, h));
    }
    Ok(())
}

fn shift_line(lang: Lang, s: &Shift) -> String {
    let end = s.ended_at.as_deref().map(short_time);
    match (lang, &end, &s.handed_to) {
        (Lang::Zh, None, _) => format!(
            "{} 的班次 #{}：{} 开始，进行中",
            safe(&s.officer),
            s.id,
            short_time(&s.started_at)
        ),
        (Lang::En, None, _) => format!(
            "shift #{} of {}: started {}, open",
            s.id,
            safe(&s.officer),
            short_time(&s.started_at)
        ),
        (_, Some(_), Some(_)) => s
            .handover()
            .map(|h| handover_line(lang, &h))
            .unwrap_or_default(),
        (Lang::Zh, Some(e), None) => format!(
            "{} 的班次 #{}：{} 开始，{} 结束，未交班",
            safe(&s.officer),
            s.id,
            short_time(&s.started_at),
            e
        ),
        (Lang::En, Some(e), None) => format!(
            "shift #{} of {}: {} to {}, not handed over",
            s.id,
            safe(&s.officer),
            short_time(&s.started_at),
            e
        ),
    }
}

fn handover_line(lang: Lang, h: &Handover) -> String {
    let ack = match (&h.acked_by, &h.acked_at, lang) {
        (Some(by), Some(at), Lang::Zh) => format!("{} 已于 {} 确认", safe(by), short_time(at)),
        (Some(by), Some(at), Lang::En) => {
            format!("acknowledged by {} at {}", safe(by), short_time(at))
        }
        (_, _, Lang::Zh) => "尚未确认".to_string(),
        (_, _, Lang::En) => "not acknowledged".to_string(),
    };
    match lang {
        Lang::Zh => format!(
            "班次 #{}：{} 于 {} 交班给 {}，{ack}",
            h.shift_id,
            safe(&h.from),
            short_time(&h.handed_at),
            safe(&h.to)
        ),
        Lang::En => format!(
            "shift #{}: {} handed over to {} at {}, {ack}",
            h.shift_id,
            safe(&h.from),
            safe(&h.to),
            short_time(&h.handed_at)
        ),
    }
}

fn print_pending(lang: Lang, pending: &[Handover]) {
    if pending.is_empty() {
        return;
    }
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "待确认的交班（{}）：用 `jiedai handover ack` 确认",
                pending.len()
            ),
            Lang::En => format!(
                "handovers waiting for your acknowledgment ({}): `jiedai handover ack`",
                pending.len()
            ),
        }
    );
    for h in pending {
        println!("  {}", handover_line(lang, h));
    }
}

fn print_notes(lang: Lang, notes: &str) {
    if notes.trim().is_empty() {
        return;
    }
    println!("{}", t(lang, "交班备注：", "notes:"));
    for line in notes.lines() {
        println!("  {}", safe(line));
    }
}
