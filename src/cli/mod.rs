//! The headless commands, and the start-up that the screen shares with them:
//! reading the config, choosing the database, the language and the officer.

mod args;
mod audit;
mod bench;
mod case;
mod case_show;
mod handover;
mod output;
pub mod progress;
mod stats;
mod strings;
mod transfer;

pub use args::Cli;
use args::*;

use crate::config::{self, Config};
use crate::domain::anchor::Anchor;
use crate::domain::Lang;
use crate::store::{OpenMode, Rules, Store, StoreError};
use crate::time::TimeSource;
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes that scripts can trust (also listed in `--help`).
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const REFUSED: u8 = 3;
    pub const NOT_FOUND: u8 = 4;
    pub const DATABASE: u8 = 5;
    pub const TAMPERED: u8 = 6;
}

/// A failure with its exit code; the message says what to do.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        CliError {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            _ if e.is_database_problem() => exit::DATABASE,
            StoreError::NotFound(_) => exit::NOT_FOUND,
            StoreError::Invalid(_) | StoreError::Lifecycle(_) | StoreError::Annotation(_) => {
                exit::REFUSED
            }
            _ => exit::FAILURE,
        };
        CliError::new(code, e.to_string())
    }
}

impl From<crate::outfile::OutError> for CliError {
    fn from(e: crate::outfile::OutError) -> Self {
        use crate::outfile::OutError;
        let code = match &e {
            OutError::Refused(_) => exit::REFUSED,
            OutError::Failed(_) => exit::FAILURE,
        };
        CliError::new(code, e.message())
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

/// What every command and the screen start from.
#[derive(Debug, Clone)]
pub struct Context {
    pub db_path: PathBuf,
    pub lang: Lang,
    pub officer: Option<String>,
    pub keymap: Option<String>,
    pub config: Config,
    pub config_path: Option<PathBuf>,
    pub time: TimeSource,
}

impl Context {
    pub fn from_cli(cli: &Cli) -> CliResult<Context> {
        let config_path = config::config_path();
        let config = match &config_path {
            Some(p) => config::load(p).map_err(|e| {
                CliError::new(
                    exit::USAGE,
                    format!("{e}\nfix the config file, or move it aside to use the defaults"),
                )
            })?,
            None => Config::default(),
        };
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let db_path = cli
            .db
            .clone()
            .or_else(|| env("JIEDAI_DB").map(PathBuf::from))
            .or_else(|| config.db.clone())
            .unwrap_or_else(config::default_db_path);
        let lang = match cli.lang.as_deref().or(config.lang.as_deref()) {
            Some(code) => Lang::from_code(code).ok_or_else(|| {
                CliError::new(
                    exit::USAGE,
                    format!("unknown language {code:?}: use zh or en"),
                )
            })?,
            None => Lang::from_locale_vars(
                env("LC_ALL").as_deref(),
                env("LC_MESSAGES").as_deref(),
                env("LANG").as_deref(),
            ),
        };
        let officer = cli
            .officer
            .clone()
            .or_else(|| env("JIEDAI_OFFICER"))
            .or_else(|| config.officer.clone())
            .map(|o| crate::text::clean_input(&o))
            .filter(|o| !o.is_empty());
        if let Some(o) = config.utc_offset.as_deref() {
            let offset = crate::time::parse_offset(o).ok_or_else(|| {
                CliError::new(
                    exit::USAGE,
                    format!("utc_offset = {o:?} in the config is not an offset such as \"+08:00\"; fix the config file"),
                )
            })?;
            crate::time::set_office_offset(offset);
        }
        let time = TimeSource::from_env().map_err(|e| CliError::new(exit::USAGE, e))?;
        Ok(Context {
            db_path,
            lang,
            officer,
            keymap: cli.keymap.clone().or_else(|| config.keymap.clone()),
            config,
            config_path,
            time,
        })
    }

    pub fn rules(&self) -> Rules {
        Rules {
            clocks: self.config.clocks.clone(),
            flags: self.config.flags.clone(),
        }
    }

    pub fn open(&self, mode: OpenMode) -> CliResult<Store> {
        let mut store = Store::open(&self.db_path, mode, self.time.clone())?;
        store.set_rules(self.rules());
        Ok(store)
    }

    /// The officer every write is recorded under.
    pub fn officer(&self) -> CliResult<&str> {
        self.officer.as_deref().ok_or_else(|| {
            CliError::new(
                exit::USAGE,
                "who is on duty? give --officer NAME, set JIEDAI_OFFICER, or put `officer = \"NAME\"` in the config file",
            )
        })
    }
}

/// The program's entry point: parses the command line, runs, and maps every failure
/// to a message on stderr and an exit code.
pub fn main() -> ExitCode {
    restore_sigpipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => {
            eprintln!("jiedai: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}

fn run(cli: Cli) -> CliResult {
    let ctx = Context::from_cli(&cli)?;
    let Some(command) = cli.command else {
        return crate::tui::run(&ctx);
    };
    match command {
        Command::Init => {
            let store = ctx.open(OpenMode::Create)?;
            println!("{}", store.path().display());
            Ok(())
        }
        Command::Demo(a) => {
            refuse_demo_over_a_record(&ctx, a.force)?;
            crate::demo::run(&ctx, a.petitioners, a.seed)
        }
        Command::Checkin(a) => case::checkin(&ctx, a),
        Command::Queue(a) => case::queue(&ctx, a),
        Command::Lookup(a) => case::lookup(&ctx, a),
        Command::Person(c) => case::person(&ctx, c),
        Command::Case(c) => case::case(&ctx, c),
        Command::Officer(c) => case::officers(&ctx, c),
        Command::Unit(c) => case::units(&ctx, c),
        Command::Category(c) => case::categories(&ctx, c),
        Command::Handover(a) => handover::handover(&ctx, a),
        Command::Shift(c) => handover::shift(&ctx, c),
        Command::Import(a) => transfer::import(&ctx, a),
        Command::Export(a) => transfer::export(&ctx, a),
        Command::Stats(a) => stats::stats(&ctx, a),
        Command::Backup(a) => backup(&ctx, a),
        Command::Audit(a) => audit::audit(&ctx, a),
        Command::Verify(a) => verify(&ctx, a),
        Command::Bench(BenchCommand::Lookup(a)) => bench::lookup(&ctx, cli.db.is_some(), a),
    }
}

/// Synthetic people must never mix with real ones: `demo` fills only a database
/// with no contacts, unless told otherwise.
fn refuse_demo_over_a_record(ctx: &Context, force: bool) -> CliResult {
    if force || !ctx.db_path.exists() {
        return Ok(());
    }
    let store = ctx.open(OpenMode::ReadOnly)?;
    let held = store.count_contacts(crate::store::DayRange::default())?;
    if held > 0 {
        return Err(CliError::new(
            exit::REFUSED,
            format!(
                "{} already holds {held} contacts: demo data would mix with them. Give a new \
                 file with --db (e.g. --db demo.db), or add --force to add synthetic people anyway",
                ctx.db_path.display()
            ),
        ));
    }
    Ok(())
}

fn backup(ctx: &Context, a: BackupArgs) -> CliResult {
    let protected = crate::outfile::database_files(&ctx.db_path);
    crate::outfile::check_target(&a.out, false, &protected)?;
    crate::outfile::check_target(&anchor_path(&a.out), false, &protected)?;
    let mut store = ctx.open(OpenMode::Existing)?;
    // SQLite writes the copy by name: into a hidden, owner-only staging file that
    // takes the backup's name only once complete.
    let staged = crate::outfile::Staged::create_named(&a.out, false, &protected)?;
    if let Some(staging) = staged.staging_path() {
        store.backup_into(staging)?;
    }
    let head = store.chain_head()?;
    let recorded_as = std::path::absolute(&a.out).unwrap_or_else(|_| a.out.clone());
    let subject = match &head {
        Some(h) => format!("file:{} chain_head:{h}", recorded_as.display()),
        None => format!("file:{}", recorded_as.display()),
    };
    // A backup holds every ID number in clear: it is recorded before it exists.
    store.record_audit(ctx.officer.as_deref(), "backup", &subject)?;
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
) -> CliResult {
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
fn read_small_text(path: &std::path::Path, flag: &str) -> CliResult<String> {
    const MAX: u64 = 1 << 20;
    let refused =
        |what: String| CliError::new(exit::USAGE, format!("{flag} {}: {what}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| refused(e.to_string()))?;
    if !meta.is_file() {
        return Err(refused("not a regular file".into()));
    }
    if meta.len() > MAX {
        return Err(refused(format!("larger than {MAX} bytes")));
    }
    let bytes = std::fs::read(path).map_err(|e| refused(e.to_string()))?;
    String::from_utf8(bytes).map_err(|_| refused("not UTF-8 text".into()))
}

fn verify(ctx: &Context, a: VerifyArgs) -> CliResult {
    let mut anchors = a
        .anchor
        .iter()
        .map(|text| Anchor::parse(text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::new(exit::USAGE, format!("--anchor: {e}")))?;
    if let Some(path) = &a.anchors {
        let text = read_small_text(path, "--anchors")?;
        let more = Anchor::parse_lines(&text)
            .map_err(|e| CliError::new(exit::USAGE, format!("{}: {e}", path.display())))?;
        anchors.extend(more);
    }
    let store = ctx.open(OpenMode::ReadOnly)?;
    let report = store.verify_anchored(&anchors)?;
    if a.json {
        output::print_json(&report)?;
    } else {
        let s = strings::strings(ctx.lang);
        println!(
            "{}",
            s.verify_summary(report.events, report.cases, &report.integrity)
        );
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
    if report.integrity != "ok" {
        return Err(CliError::new(
            exit::DATABASE,
            format!(
                "{} is damaged (integrity check: {}); restore it from a backup (`jiedai backup` makes one)",
                store.path().display(),
                report.integrity
            ),
        ));
    }
    if report.ok() {
        Ok(())
    } else {
        Err(CliError::new(
            exit::TAMPERED,
            format!(
                "{} problem(s) found: the timeline or a case was changed behind the program's back; compare with a backup",
                report.problems.len()
            ),
        ))
    }
}

/// `jiedai lookup 张 | head` should end quietly when `head` has read enough, as
/// other command-line tools do, instead of failing on a closed pipe.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
