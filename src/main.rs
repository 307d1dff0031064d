//! Start-up, then one of the two front ends: the desk with no command, the command
//! line with one. Every failure ends as a message on stderr and an exit code.

use jiedai::startup::{self, Startup};
use jiedai::{cli, exit, tui};
use std::process::ExitCode;

fn main() -> ExitCode {
    startup::restore_sigpipe();
    let args: Vec<_> = std::env::args_os().collect();
    let early = startup::early_lang(&args);
    startup::stdout_failure_is_a_failure(early);
    let (options, command) = match cli::parse(args, early) {
        Ok(parsed) => parsed,
        Err(code) => return ExitCode::from(code),
    };
    let (lang, outcome) = match Startup::new(&options) {
        Ok(s) => (
            s.lang,
            match command {
                None => tui::run(&s),
                Some(command) => cli::run(&s, command),
            },
        ),
        Err(e) => (early, Err(e)),
    };
    match outcome {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => {
            eprintln!("jiedai: {}", e.message(lang));
            ExitCode::from(e.code)
        }
    }
}
