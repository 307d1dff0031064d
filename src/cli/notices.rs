//! Written notices (`case notify`), the 登记回执 (`case receipt`, `checkin
//! --receipt`), an extension's approval and a reply's outcome, and the office's
//! templates (`templates init`).

use super::{exit, Failure, Outcome, Startup};
use crate::domain::notices::{NoticeKind, NoticeVia, ReplyOutcome};
use crate::domain::Lang;
use crate::outfile::Target;
use crate::store::{Extension, Notice, OpenMode, Store};
use crate::templates::{Paper, Template};
use crate::words::notices as words;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct NotifyArgs {
    pub case_no: String,
    /// What the notice told: 受理 (accept), 不予受理 (not-accept), 转送去向 (transfer) or 延期 (extension)
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// How it reached the petitioner: 当面 (in-person), 邮寄 (post), 短信 (sms) or 网上 (online)
    #[arg(long, value_name = "VIA")]
    pub via: String,
    /// The day it was given (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Also write the notice (告知书) to this file, from the office's template
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists (never the database or its -wal/-shm/-journal)
    #[arg(long, requires = "out")]
    pub force: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReceiptArgs {
    pub case_no: String,
    /// Where to write the 登记回执
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace FILE if it exists (never the database or its -wal/-shm/-journal)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in receipt and notice templates beside the config, keeping any already there
    Init,
    /// Print the templates folder and which templates the office has written
    List,
}

fn parse<T>(lang: Lang, flag: &str, given: &str, f: fn(&str) -> Option<T>) -> Result<T, Failure> {
    f(given).ok_or_else(|| Failure::new(exit::USAGE, words::unknown(lang, flag, given)))
}

pub fn parse_via(lang: Lang, given: &str) -> Result<NoticeVia, Failure> {
    parse(lang, "--via", given, words::parse_via)
}

pub fn parse_outcome(lang: Lang, given: &str) -> Result<ReplyOutcome, Failure> {
    parse(lang, "--outcome", given, words::parse_outcome)
}

/// The templates folder: `templates/` beside the config file.
fn templates_dir(ctx: &Startup) -> Option<PathBuf> {
    ctx.config_path
        .as_deref()
        .and_then(Path::parent)
        .map(|d| d.join("templates"))
}

/// One document to write: of which case, which, where, dated when (today if
/// not), and whether stdout is a JSON document.
struct Doc<'a> {
    case_no: &'a str,
    what: Template,
    out: &'a Path,
    force: bool,
    dated: Option<chrono::NaiveDate>,
    json: bool,
}

/// Checks that a document can be written, its target and its template, before
/// the step it documents is recorded: a step on record whose document then fails
/// would be recorded twice by a script that runs the command again. `-` is
/// standard output, unless that carries a JSON document.
fn check_document(ctx: &Startup, what: Template, out: &Path, force: bool, json: bool) -> Outcome {
    match Target::parse(out) {
        Target::Stdout if json => {
            return Err(Failure::new(
                exit::USAGE,
                words::document_into_json(ctx.lang),
            ));
        }
        Target::Stdout => {}
        Target::File(_) => {
            let protected = crate::outfile::database_files(&ctx.db_path);
            crate::outfile::check_target(out, force, &protected)?;
        }
    }
    crate::templates::fill(templates_dir(ctx).as_deref(), what, &[])
        .map_err(|e| Failure::new(exit::USAGE, words::template_error(&e, ctx.lang)))?;
    Ok(())
}

/// Renders a document of a case and writes it, recorded in the audit log first
/// (it carries the petitioner's matter). The target is checked before anything.
/// Says where on stdout, or on stderr when stdout is a JSON document.
fn write_document(ctx: &Startup, store: &mut Store, officer: &str, doc: Doc<'_>) -> Outcome {
    check_document(ctx, doc.what, doc.out, doc.force, doc.json)?;
    let detail = store.case_detail(doc.case_no)?;
    let dir = templates_dir(ctx);
    let paper = Paper {
        dir: dir.as_deref(),
        desk: &ctx.config.desk,
        today: doc.dated.unwrap_or_else(|| store.today()),
    };
    let text = match doc.what {
        Template::Receipt => paper.receipt(&detail),
        Template::Notice(kind) => paper.notice(&detail, kind),
    }
    .map_err(|e| Failure::new(exit::USAGE, words::template_error(&e, ctx.lang)))?;
    let Target::File(path) = Target::parse(doc.out) else {
        store.record_document(officer, doc.case_no, doc.what, "-")?;
        print!("{text}");
        return Ok(());
    };
    let recorded_as = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
    let file = recorded_as.display().to_string();
    store.record_document(officer, doc.case_no, doc.what, &file)?;
    let protected = crate::outfile::database_files(&ctx.db_path);
    crate::outfile::write_new(&path, doc.force, &protected, text.as_bytes())?;
    let said = words::written(doc.what, &path.display().to_string(), ctx.lang);
    if doc.json {
        eprintln!("jiedai: {said}");
    } else {
        println!("{said}");
    }
    Ok(())
}

pub fn notify(ctx: &Startup, a: NotifyArgs) -> Outcome {
    let lang = ctx.lang;
    let kind: NoticeKind = parse(lang, "--kind", &a.kind, words::parse_kind)?;
    let via = parse_via(lang, &a.via)?;
    let date = a
        .date
        .map(|d| {
            d.trim().parse().map_err(|_| {
                let said = crate::words::cli::not_a_date(lang, &d);
                Failure::new(exit::USAGE, format!("--date: {said}"))
            })
        })
        .transpose()?;
    if let Some(out) = &a.out {
        check_document(ctx, Template::Notice(kind), out, a.force, a.json)?;
    }
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    let on = store.notify(&officer, &a.case_no, &Notice { kind, via, date })?;
    if let Some(out) = &a.out {
        let doc = Doc {
            case_no: &a.case_no,
            what: Template::Notice(kind),
            out,
            force: a.force,
            dated: Some(on),
            json: a.json,
        };
        write_document(ctx, &mut store, &officer, doc)?;
    }
    if a.json {
        return super::case_show::show(lang, &store, &a.case_no, true);
    }
    let line = words::notified(&a.case_no, kind, via, &on.to_string(), lang);
    println!("{line}");
    Ok(())
}

pub fn receipt(ctx: &Startup, a: ReceiptArgs) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let mut store = ctx.open(OpenMode::Existing)?;
    let doc = Doc {
        case_no: &a.case_no,
        what: Template::Receipt,
        out: &a.out,
        force: a.force,
        dated: None,
        json: false,
    };
    write_document(ctx, &mut store, &officer, doc)
}

/// `checkin --receipt FILE`: refused before the check-in when the file cannot be
/// written or the office's receipt template is broken, so a refusal never leaves
/// a contact without its receipt.
pub fn check_receipt_target(ctx: &Startup, out: &Path, json: bool) -> Outcome {
    check_document(ctx, Template::Receipt, out, false, json)
}

/// The receipt of the case just checked in.
pub fn checkin_receipt(
    ctx: &Startup,
    store: &mut Store,
    (officer, case_no): (&str, &str),
    out: &Path,
    json: bool,
) -> Outcome {
    let doc = Doc {
        case_no,
        what: Template::Receipt,
        out,
        force: false,
        dated: None,
        json,
    };
    write_document(ctx, store, officer, doc)
}

pub struct ExtendArgs {
    pub days: u32,
    pub reason: String,
    pub approved_by: String,
    pub via: Option<String>,
}

pub fn extension(ctx: &Startup, a: ExtendArgs) -> Result<Extension, Failure> {
    Ok(Extension {
        days: a.days,
        reason: a.reason,
        approved_by: Some(a.approved_by),
        via: a.via.map(|v| parse_via(ctx.lang, &v)).transpose()?,
    })
}

pub fn templates(ctx: &Startup, c: TemplatesCommand) -> Outcome {
    let dir = templates_dir(ctx)
        .ok_or_else(|| Failure::new(exit::USAGE, words::no_templates_dir(ctx.lang)))?;
    match c {
        TemplatesCommand::Init => {
            let done = crate::templates::init(&dir)
                .map_err(|e| Failure::new(exit::FAILURE, format!("{}: {e}", dir.display())))?;
            for (path, written) in done {
                println!(
                    "{}",
                    words::template_line(&path.display().to_string(), written, ctx.lang)
                );
            }
        }
        TemplatesCommand::List => {
            println!("{}", dir.display());
            for t in Template::ALL {
                let path = dir.join(t.file_name());
                // A broken template is said here, before a petitioner waits on it.
                let state = match crate::templates::fill(Some(&dir), t, &[]) {
                    Err(e) => words::template_error(&e, ctx.lang),
                    Ok(_) => words::template_state(path.exists(), ctx.lang).to_string(),
                };
                println!("  {}  {state}", t.file_name());
            }
        }
    }
    Ok(())
}
