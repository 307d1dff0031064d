//! The start-up both front ends share: from the global options, the config file and
//! the environment, one [`Startup`] value — the database, the language, the officer,
//! the office's clock and the keymap choice. `main` builds it once and hands it to the
//! desk (no command) or to the command line (a command); neither front end reads the
//! config or the environment itself.

use crate::config::{self, Config};
use crate::domain::Lang;
use crate::exit::{self, Failure, Outcome};
use crate::store::{OpenMode, Rules, Store};
use crate::time::TimeSource;
use crate::words::startup as words;
use std::ffi::OsString;
use std::path::PathBuf;

/// The options every command (and the desk) takes, as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub db: Option<PathBuf>,
    pub lang: Option<String>,
    pub officer: Option<String>,
    pub keymap: Option<String>,
}

/// What every command and the desk start from.
#[derive(Debug, Clone)]
pub struct Startup {
    pub db_path: PathBuf,
    pub lang: Lang,
    pub officer: Option<String>,
    pub keymap: Option<String>,
    pub config: Config,
    pub config_path: Option<PathBuf>,
    pub time: TimeSource,
}

fn env(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.trim().is_empty())
}

fn locale_lang() -> Lang {
    Lang::from_locale_vars(
        env("LC_ALL").as_deref(),
        env("LC_MESSAGES").as_deref(),
        env("LANG").as_deref(),
    )
}

/// The language to speak before the options are parsed (for `--help` and usage
/// errors): `--lang` if the arguments carry a known one, else the config's, else the
/// locale's. Never fails: a wrong `--lang` or a broken config is reported later, in
/// this language.
pub fn early_lang(args: &[OsString]) -> Lang {
    let mut given = None;
    let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            given = it.next();
        } else if let Some(v) = a.strip_prefix("--lang=") {
            given = Some(v);
        }
    }
    if let Some(lang) = given.and_then(Lang::from_code) {
        return lang;
    }
    let from_config = config::config_path()
        .and_then(|p| config::load(&p).ok())
        .and_then(|c| c.lang)
        .and_then(|c| Lang::from_code(&c));
    from_config.unwrap_or_else(locale_lang)
}

impl Startup {
    pub fn new(options: &Options) -> Outcome<Startup> {
        let config_path = config::config_path();
        let loaded = config_path.as_deref().map(config::load);
        // The language comes first, so that every later problem is worded in it.
        let config_lang = match &loaded {
            Some(Ok(c)) => c.lang.clone(),
            _ => None,
        };
        let lang = match options.lang.as_deref().or(config_lang.as_deref()) {
            Some(code) => Lang::from_code(code).ok_or_else(|| {
                Failure::new(exit::USAGE, words::unknown_lang(locale_lang(), code))
            })?,
            None => locale_lang(),
        };
        let config = match loaded {
            Some(Ok(c)) => c,
            Some(Err(e)) => return Err(Failure::new(exit::USAGE, words::bad_config(lang, &e))),
            None => Config::default(),
        };
        let db_path = options
            .db
            .clone()
            .or_else(|| env("JIEDAI_DB").map(PathBuf::from))
            .or_else(|| config.db.clone())
            .unwrap_or_else(config::default_db_path);
        let officer = options
            .officer
            .clone()
            .or_else(|| env("JIEDAI_OFFICER"))
            .or_else(|| config.officer.clone())
            .map(|o| crate::text::clean_input(&o))
            .filter(|o| !o.is_empty());
        if let Some(o) = config.utc_offset.as_deref() {
            let offset = crate::time::parse_offset(o)
                .ok_or_else(|| Failure::new(exit::USAGE, words::bad_offset(lang, o)))?;
            crate::time::set_office_offset(offset);
        }
        let time = TimeSource::from_env()
            .map_err(|e| Failure::new(exit::USAGE, words::bad_now(lang, e)))?;
        Ok(Startup {
            db_path,
            lang,
            officer,
            keymap: options.keymap.clone().or_else(|| config.keymap.clone()),
            config,
            config_path,
            time,
        })
    }

    pub fn rules(&self) -> Rules {
        Rules {
            clocks: self.config.clocks.clone(),
            flags: self.config.flags.clone(),
            risk: self.config.risk.clone(),
            targets: self.config.targets.clone(),
            ratings: self.config.ratings.clone(),
        }
    }

    /// Whether `--db` may hold a record already: a file on disk, or any server
    /// (whose record is there to be asked; opening it makes the schema).
    pub fn record_may_exist(&self) -> bool {
        self.on_server() || self.db_path.exists()
    }

    /// Whether `--db` names a PostgreSQL server rather than a file.
    pub fn on_server(&self) -> bool {
        self.db_path
            .to_str()
            .is_some_and(crate::store::address::is_server)
    }

    pub fn open(&self, mode: OpenMode) -> Outcome<Store> {
        let lang = self.lang;
        crate::store::announce_compaction(move |free_mb, file_mb| {
            eprintln!("{}", words::compacting(lang, free_mb, file_mb));
        });
        let mut store = Store::open(&self.db_path, mode, self.time.clone())?;
        store.set_rules(self.rules());
        store.bind_host_accounts(self.config.roster.bind_host_accounts);
        Ok(store)
    }

    /// The officer every write is recorded under.
    pub fn officer(&self) -> Outcome<&str> {
        self.officer
            .as_deref()
            .ok_or_else(|| Failure::new(exit::USAGE, words::who_is_on_duty(self.lang)))
    }
}

/// `jiedai lookup 张 | head` should end quietly when `head` has read enough, as
/// other command-line tools do, instead of failing on a closed pipe.
pub fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// `jiedai verify > log` on a full disk: `println!` panics when standard output
/// fails. That becomes a message and exit 1, as any other failure, instead of a
/// panic with exit 101. (A closed pipe never gets here: SIGPIPE ends the run.)
pub fn stdout_failure_is_a_failure(lang: Lang) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let said = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if let Some(problem) = said.strip_prefix("failed printing to stdout: ") {
            eprintln!("jiedai: {}", words::stdout_failed(lang, problem));
            std::process::exit(exit::FAILURE.into());
        }
        previous(info);
    }));
}
