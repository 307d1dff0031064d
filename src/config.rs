//! Where things live and what an office has set: the config file (TOML in the
//! platform's config directory), the default database path, and the rules' knobs.

use crate::domain::clocks::ClockConfig;
use crate::domain::figures::Targets;
use crate::domain::flags::FlagConfig;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The officer on duty at this desk, when not given with --officer.
    pub officer: Option<String>,
    /// `zh` or `en`.
    pub lang: Option<String>,
    /// The database, when not given with --db or JIEDAI_DB.
    pub db: Option<PathBuf>,
    /// A keymap file, or the name of a shipped one (`default`, `vim`).
    pub keymap: Option<String>,
    /// The office's UTC offset (`+08:00` unless set): days begin at its midnight,
    /// whatever zone the host's clock uses.
    pub utc_offset: Option<String>,
    /// The largest file `jiedai import` reads, in megabytes (200 unless set).
    pub import_max_mb: Option<u64>,
    pub clocks: ClockConfig,
    pub flags: FlagConfig,
    /// The registers: screening rounds, the plan, the office's level (`[risk]`).
    pub risk: crate::domain::risk::RiskConfig,
    /// The office's yearly targets (考核指标), for `stats`, `report` and the desk.
    pub targets: Targets,
    pub roster: RosterConfig,
    /// 满意度评价: the rating window and how a lapsed one counts (`[ratings]`).
    pub ratings: crate::domain::ratings::RatingConfig,
    /// `[desk]`: what the office's paper says about it (receipts and notices).
    pub desk: DeskConfig,
}

/// `[desk]`: the office's name and the desk's phone, printed on the 登记回执 and
/// the written notices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeskConfig {
    /// 信访局/信访办 name at the head and foot of a receipt or notice.
    pub office: Option<String>,
    /// The desk's phone, where petitioners ask how their matter stands.
    pub phone: Option<String>,
}

/// Where the editable receipt and notice templates live: `templates/` beside the
/// config file.
pub fn templates_dir() -> Option<PathBuf> {
    config_path().and_then(|p| p.parent().map(|d| d.join("templates")))
}

/// `[roster]`: how the office's roster is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RosterConfig {
    /// On a shared host: an officer with a host account signs in only from it, and
    /// a bound account signs in only as its officer.
    pub bind_host_accounts: bool,
}

/// Import files larger than this many megabytes are refused unless the config says
/// otherwise.
pub const DEFAULT_IMPORT_MAX_MB: u64 = 200;

/// `JIEDAI_CONFIG`, else `<config dir>/jiedai/config.toml`.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("JIEDAI_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::BaseDirs::new().map(|d| d.config_dir().join("jiedai").join("config.toml"))
}

/// The platform data directory's `jiedai/jiedai.db` (`~/.local/share/jiedai/jiedai.db`
/// on Linux).
pub fn default_db_path() -> PathBuf {
    directories::BaseDirs::new()
        .map(|d| d.data_dir().join("jiedai").join("jiedai.db"))
        .unwrap_or_else(|| PathBuf::from("jiedai.db"))
}

/// Reads the config file; a missing file is an empty config, a broken one an error
/// that names the file and line.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(format!("cannot read config file {}: {e}", path.display())),
    };
    parse(&text).map_err(|e| format!("{}:{e}", path.display()))
}

/// Parses config text; errors start with the line number.
pub fn parse(text: &str) -> Result<Config, String> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        format!("{line}: {}", e.message())
    })?;
    if let Err((key, problem)) = config.targets.check() {
        let line = key_line(text, "targets", key);
        return Err(format!("{line}: targets.{key}: {problem}"));
    }
    if let Err((key, problem)) = config.clocks.check() {
        let line = key_line(text, "clocks", key);
        return Err(format!("{line}: clocks.{key}: {problem}"));
    }
    if config.ratings.window_days == 0 {
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with("window_days"))
            .map_or(1, |i| i + 1);
        return Err(format!(
            "{line}: ratings.window_days: give 1 or more days (7 by default)"
        ));
    }
    Ok(config)
}

/// The line of `key` in the `[section]` (the first line if not found).
fn key_line(text: &str, section: &str, key: &str) -> usize {
    let start = text.find(&format!("[{section}]")).unwrap_or(0);
    text[start..]
        .lines()
        .position(|l| l.trim_start().starts_with(key))
        .map(|i| text[..start].matches('\n').count() + i + 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rating_window_is_configurable() {
        let c = parse("[ratings]\nwindow_days = 10\nunrated_counts_as_satisfied = true\n").unwrap();
        assert_eq!(c.ratings.window_days, 10);
        assert!(c.ratings.unrated_counts_as_satisfied);
        assert_eq!(parse("").unwrap().ratings.window_days, 7);
        let e = parse("[ratings]\nwindow_days = 0\n").unwrap_err();
        assert!(e.starts_with("2: ratings.window_days"), "{e}");
    }

    #[test]
    fn empty_config_is_default() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn knobs_parse() {
        let c = parse("officer = \"李娜\"\nlang = \"en\"\n[clocks]\nroute_days = 10\nworking_days = true\n[flags]\ncollective_headcount = 3\n").unwrap();
        assert_eq!(c.officer.as_deref(), Some("李娜"));
        assert_eq!(c.clocks.route_days, 10);
        assert!(c.clocks.working_days);
        assert_eq!(c.clocks.handle_days, 60);
        assert_eq!(c.flags.collective_headcount, 3);
    }

    #[test]
    fn targets_default_to_the_work_plan_and_refuse_nonsense() {
        let c = parse("[targets]\ninitial_closed_rate = 0.95\nquiet_months = 12\n").unwrap();
        assert_eq!(c.targets.initial_closed_rate, 0.95);
        assert_eq!(c.targets.settled_rate, 0.95);
        assert_eq!(c.targets.quiet_months, 12);
        let e =
            parse("lang = \"zh\"\n[targets]\nquiet_months = 6\nsettled_rate = 95\n").unwrap_err();
        assert!(e.starts_with("4: targets.settled_rate"), "{e}");
        assert!(e.contains("0.95"), "{e}");
        let e = parse("[targets]\nrepeat_rate_permille = -1\n").unwrap_err();
        assert!(e.starts_with("2: targets.repeat_rate_permille"), "{e}");
        let e = parse("[targets]\nrepeat_rate_basis = \"weekly\"\n").unwrap_err();
        assert!(e.starts_with("2:"), "{e}");
        let e = parse("[targets]\nsatisfied = 0.9\n").unwrap_err();
        assert!(e.starts_with("2:"), "{e}");
    }

    #[test]
    fn zero_clock_lengths_are_refused_naming_the_key_and_line() {
        let e = parse("lang = \"en\"\n[clocks]\nhandle_days = 60\nroute_days = 0\n").unwrap_err();
        assert_eq!(
            e,
            "4: clocks.route_days: give 1 or more days (15 by default)"
        );
        let e = parse("[clocks]\nrecheck_days = 0\n").unwrap_err();
        assert!(e.starts_with("2: clocks.recheck_days:"), "{e}");
        // Policies, not lengths: no extensions, only what is due today.
        assert!(parse("[clocks]\nmax_extension_days = 0\ndue_soon_days = 0\n").is_ok());
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("officer = \"a\"\n\nbogus = 1\n").unwrap_err();
        assert!(e.starts_with("3:"), "{e}");
        let e = parse("[clocks]\nroute_days = \"x\"\n").unwrap_err();
        assert!(e.starts_with("2:"), "{e}");
    }
}
