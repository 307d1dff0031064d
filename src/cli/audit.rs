//! `jiedai audit`: who revealed, exported, backed up, merged or marked what, and when.

use super::output::{cell, print_json, safe, short_time};
use super::stats::open_period;
use super::{exit, Failure, Outcome, Startup};
use crate::domain::audit::AuditAction;
use crate::store::{AuditFilter, OpenMode};
use clap::Args;

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only this action: reveal, export, backup, import, merge, handover… (a name the
    /// log never holds is refused with the whole list)
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,
    /// Only what this officer did
    #[arg(long = "of", value_name = "OFFICER")]
    pub of: Option<String>,
    /// First day, inclusive (YYYY-MM-DD, or YYYY-MM)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD, or YYYY-MM)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// How many rows, newest first
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

pub fn audit(ctx: &Startup, a: AuditArgs) -> Outcome {
    let (from, to) = open_period(a.from.as_deref(), a.to.as_deref(), ctx.lang)?;
    if let Some(given) = a.action.as_deref() {
        // A typo would otherwise match nothing and look like an empty log.
        if AuditAction::parse(given).is_none() {
            return Err(Failure::new(
                exit::USAGE,
                crate::words::cli::unknown_audit_action(
                    ctx.lang,
                    &crate::text::excerpt(given, 40),
                    &AuditAction::names(),
                ),
            ));
        }
    }
    let filter = AuditFilter {
        action: a.action.clone(),
        officer: a.of.clone(),
        from,
        to,
        limit: a.limit.clamp(1, 100_000),
    };
    let store = ctx.open(OpenMode::ReadOnly)?;
    let rows = store.audit_log(&filter)?;
    if a.json {
        return print_json(&serde_json::json!({ "entries": rows }));
    }
    if rows.is_empty() {
        println!("{}", crate::words::cli::no_audit_entries(ctx.lang));
        return Ok(());
    }
    for r in &rows {
        println!(
            "{}  {} {} {} {}",
            short_time(&r.at),
            cell(r.officer.as_deref().unwrap_or("-"), 10),
            cell(&r.host_account, 10),
            cell(&r.action, 20),
            safe(&r.subject)
        );
    }
    Ok(())
}
