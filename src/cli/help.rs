//! The command line's help in the run's language. The English is written once, on
//! the argument types (clap's derive); the Chinese sits in [`crate::words::help`],
//! keyed by the English, and is laid over the built command at run time. Flag
//! names stay English.

use super::args::Cli;
use crate::domain::Lang;
use crate::words::help as words;
use clap::{Command, CommandFactory};

/// The whole command tree, with its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Cli::command();
    if lang == Lang::En {
        return cmd;
    }
    // Building first adds the generated --help, --version and `help`, so that they
    // are translated along with the rest.
    cmd.build();
    translate(cmd)
}

fn translate(mut cmd: Command) -> Command {
    let zh = |text: Option<&clap::builder::StyledStr>| text.and_then(|t| words::zh(&t.to_string()));
    if let Some(about) = zh(cmd.get_about()) {
        cmd = cmd.about(about);
    }
    if let Some(long) = zh(cmd.get_long_about()) {
        cmd = cmd.long_about(long);
    }
    if let Some(after) = zh(cmd.get_after_long_help()) {
        cmd = cmd.after_long_help(after);
    }
    cmd = cmd
        .help_template(words::TEMPLATE)
        .subcommand_help_heading(words::COMMANDS);
    let args: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in args {
        cmd = cmd.mut_arg(&id, |mut a| {
            let heading = if a.is_positional() {
                words::ARGUMENTS
            } else {
                words::OPTIONS
            };
            a = a.help_heading(heading);
            let english = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            let mut help = words::zh(&english).map_or(english, str::to_string);
            // clap words defaults and choices in English: say them here instead.
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .filter(|v| !v.is_empty() && v != "false")
                .collect();
            if !defaults.is_empty() && !a.is_hide_default_value_set() {
                help.push_str(&words::default_is(&defaults.join(", ")));
            }
            let choices: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|p| !p.is_hide_set())
                .map(|p| p.get_name().to_string())
                .collect();
            if !choices.is_empty()
                && !a.is_hide_possible_values_set()
                && a.get_action().takes_values()
            {
                help.push_str(&words::choices(&choices.join(", ")));
            }
            a.help(help)
                .long_help(clap::builder::Resettable::Reset)
                .hide_default_value(true)
                .hide_possible_values(true)
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(&name, translate);
    }
    cmd
}

/// A usage error in `lang`: clap's own wording for English, ours for Chinese
/// (clap has no translations), with the usage line and the way to help.
pub fn usage_error(e: &clap::Error, lang: Lang) -> String {
    use clap::error::{ContextKind as K, ErrorKind};
    if lang == Lang::En {
        return e.render().to_string();
    }
    let get = |k: K| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let arg = get(K::InvalidArg);
    let problem = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            words::bad_value(&arg, &get(K::InvalidValue), &get(K::ValidValue))
        }
        ErrorKind::UnknownArgument => words::unknown_argument(&arg),
        ErrorKind::InvalidSubcommand => words::unknown_command(&get(K::InvalidSubcommand)),
        ErrorKind::ArgumentConflict => words::conflict(&arg, &get(K::PriorArg)),
        ErrorKind::MissingRequiredArgument => words::missing(&arg),
        ErrorKind::MissingSubcommand => words::missing_command(),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            words::value_count(&arg)
        }
        _ => words::other(e.kind().as_str().unwrap_or_default()),
    };
    let usage = get(K::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    words::usage_error(&problem, usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every help text of the English tree.
    fn english(cmd: &Command, out: &mut Vec<String>) {
        let texts = [
            cmd.get_about(),
            cmd.get_long_about(),
            cmd.get_after_long_help(),
        ];
        out.extend(texts.into_iter().flatten().map(|t| t.to_string()));
        for a in cmd.get_arguments() {
            out.extend(a.get_help().map(|h| h.to_string()));
        }
        for s in cmd.get_subcommands() {
            english(s, out);
        }
    }

    fn all_english() -> Vec<String> {
        let mut cmd = Cli::command();
        cmd.build();
        let mut all = Vec::new();
        english(&cmd, &mut all);
        all
    }

    #[test]
    fn every_help_text_has_its_chinese() {
        let mut missing: Vec<String> = all_english()
            .into_iter()
            .filter(|en| words::zh(en).is_none())
            .collect();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "no Chinese for:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn no_chinese_is_left_without_its_english() {
        let all = all_english();
        for en in words::english() {
            assert!(all.iter().any(|a| a == en), "no longer in the help: {en}");
        }
    }

    #[test]
    fn the_chinese_help_has_no_english_sentences() {
        let mut cmd = command(Lang::Zh);
        let help = cmd.render_long_help().to_string();
        for english in [
            "Usage",
            "Options",
            "Commands",
            "Arguments",
            "Print help",
            "default:",
        ] {
            assert!(!help.contains(english), "{english} in:\n{help}");
        }
        assert!(help.contains("用法") && help.contains("退出码"), "{help}");
    }

    #[test]
    fn usage_errors_are_worded_in_chinese() {
        let cases: &[&[&str]] = &[
            &["jiedai", "frobnicate"],
            &["jiedai", "checkin"],
            &["jiedai", "checkin", "--name", "x", "--channel", "fax"],
            &["jiedai", "queue", "--bogus"],
            &["jiedai", "handover", "--json", "--format", "md", "to", "x"],
        ];
        for args in cases {
            let e = command(Lang::Zh).try_get_matches_from(*args).unwrap_err();
            let zh = usage_error(&e, Lang::Zh);
            assert!(zh.starts_with("错误："), "{zh}");
            assert!(!zh.contains("error") && !zh.contains("Usage"), "{zh}");
            assert!(zh.contains("--help 查看"), "{args:?}: {zh}");
        }
    }
}
