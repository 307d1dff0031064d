//! `jiedai report day|week|month|year`: the office-wide report a chief sends up —
//! the figures, the cases behind the missed ones, 上级交办 open and late, 不满意 and
//! 回访 open, what is overdue — as Markdown, an .xlsx workbook or JSON.
//!
//! A report is a list of sections ([`SECTIONS`]); each is a function from what
//! the report knows to a titled table. A register that belongs in the report (包案,
//! 风险, …) adds its function to the list, and every output format follows.

use super::figures::case_line;
use super::output::safe;
use super::{exit, Failure, Outcome, Startup};
use crate::domain::figures::Target as Bound;
use crate::domain::figures_by::{missed_cases, period_of, Span};
use crate::domain::Lang;
use crate::outfile::{Staged, Target};
use crate::store::{FigureReport, OpenMode, Store};
use crate::words::figures as fw;
use crate::words::report as w;
use crate::words::Label;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpanArg {
    Day,
    Week,
    Month,
    Year,
}

impl SpanArg {
    fn span(self) -> Span {
        match self {
            SpanArg::Day => Span::Day,
            SpanArg::Week => Span::Week,
            SpanArg::Month => Span::Month,
            SpanArg::Year => Span::Year,
        }
    }
}

#[derive(Debug, Args)]
#[command(after_long_help = crate::words::help::stats_help())]
pub struct ReportArgs {
    /// The period: the day, its week (Monday to Sunday), month or year
    #[arg(value_enum)]
    pub span: SpanArg,
    /// A day in the period: YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Write the report to FILE: .md for Markdown, .xlsx for a workbook (readable by
    /// you only; `-` prints Markdown); the export is recorded in the audit log
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists (never the database or its -wal/-shm/-journal)
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Print one JSON document
    #[arg(long, conflicts_with = "out")]
    pub json: bool,
}

/// One titled table of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What a section is made from.
pub struct Input<'a> {
    pub lang: Lang,
    /// The record, for sections that read a register of their own.
    pub store: &'a Store,
    pub figures: &'a FigureReport,
}

type SectionFn = fn(&Input<'_>) -> Outcome<Vec<Section>>;

/// The report's sections, in order. Add a register's section here.
pub const SECTIONS: &[SectionFn] = &[
    figures,
    missed,
    from_above,
    dissatisfied,
    overdue,
    leaders,
    registers,
];

/// 包案, receptions and 督办 (`report_leaders.rs`).
fn leaders(i: &Input<'_>) -> Outcome<Vec<Section>> {
    let tables = super::report_leaders::tables(i.lang, i.store, i.figures.from, i.figures.to)?;
    Ok(tables
        .into_iter()
        .map(|t| Section {
            title: t.title,
            columns: t.columns,
            rows: t.rows,
        })
        .collect())
}

pub fn report(ctx: &Startup, a: ReportArgs) -> Outcome {
    let target = a.out.as_deref().map(Target::parse);
    let protected = crate::outfile::database_files(&ctx.db_path);
    if let Some(Target::File(path)) = &target {
        crate::outfile::check_target(path, a.force, &protected)?;
    }
    let writes = matches!(target, Some(Target::File(_)));
    let mut store = ctx.open(if writes {
        OpenMode::Existing
    } else {
        OpenMode::ReadOnly
    })?;
    let day = match a.date.as_deref() {
        Some(s) => super::stats::parse_day("--date", s, false, ctx.lang)?,
        None => store.today(),
    };
    let (from, to) = period_of(a.span.span(), day);
    let figures = store.figure_report(from, to, None)?;
    let input = Input {
        lang: ctx.lang,
        store: &store,
        figures: &figures,
    };
    let mut sections = Vec::new();
    for section in SECTIONS {
        sections.extend(section(&input)?);
    }
    let title = w::title(ctx.lang, from, to, figures.as_of);
    if a.json {
        return super::output::print_json(&serde_json::json!({
            "from": from,
            "to": to,
            "as_of": figures.as_of,
            "figures": super::figures::figures_json(&figures),
            "sections": sections,
        }));
    }
    let Some(Target::File(out)) = target else {
        print!("{}", markdown(ctx.lang, &title, &sections));
        return Ok(());
    };
    let xlsx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx {
        workbook(&title, &sections)
            .map_err(|e| Failure::new(exit::FAILURE, format!("cannot write the workbook: {e}")))?
    } else {
        markdown(ctx.lang, &title, &sections).into_bytes()
    };
    let mut staged = Staged::create(&out, a.force, &protected)?;
    staged.file().write_all(&bytes).map_err(|e| {
        Failure::new(
            exit::FAILURE,
            crate::words::cli::cannot_write(ctx.lang, &out.display().to_string(), &e),
        )
    })?;
    // The audit names the file wherever the command ran.
    let file = std::path::absolute(&out).unwrap_or_else(|_| out.clone());
    let subject = format!("report {from}..{to} to {}", file.display());
    store.record_audit(
        ctx.officer().ok(),
        crate::domain::audit::AuditAction::Export,
        &subject,
    )?;
    staged.publish()?;
    println!("{}", out.display());
    Ok(())
}

fn figures(i: &Input<'_>) -> Outcome<Vec<Section>> {
    let ww = fw::words(i.lang);
    let rows = i
        .figures
        .figures
        .iter()
        .map(|f| {
            vec![
                fw::name(i.lang, f.name).to_string(),
                fw::value(i.lang, f),
                fw::fraction(i.lang, f),
                fw::target(i.lang, f),
                fw::verdict(i.lang, f.met).to_string(),
            ]
        })
        .collect();
    Ok(vec![Section {
        title: ww.title.to_string(),
        columns: [ww.figure, ww.value, ww.fraction, ww.target, ww.verdict]
            .map(String::from)
            .to_vec(),
        rows,
    }])
}

fn case_columns(lang: Lang) -> Vec<String> {
    w::case_columns(lang)
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn case_row(i: &Input<'_>, key: &str) -> Vec<String> {
    match i.figures.facts.cases.get(key) {
        Some(c) => w::case_cells(i.lang, c),
        None => {
            let mut row = vec![case_line(i.lang, key, i.figures)];
            row.resize(case_columns(i.lang).len(), String::new());
            row
        }
    }
}

/// For each missed figure, the cases that kept it from its target.
fn missed(i: &Input<'_>) -> Outcome<Vec<Section>> {
    Ok(i.figures
        .figures
        .iter()
        .filter(|f| f.met == Some(false))
        .filter(|f| !f.denominator_cases.is_empty())
        .map(|f| Section {
            title: w::missed_title(
                i.lang,
                fw::name(i.lang, f.name),
                matches!(f.target, Some(Bound::AtMost(_))),
            ),
            columns: case_columns(i.lang),
            rows: missed_cases(f).iter().map(|k| case_row(i, k)).collect(),
        })
        .collect())
}

/// Matters from above not yet reported back: late when their upper deadline has
/// passed. A matter without recorded upper terms counts while it is open or was
/// registered in the period.
fn from_above(i: &Input<'_>) -> Outcome<Vec<Section>> {
    let r = i.figures;
    let today = r.as_of;
    let still_open = |no: &str| {
        r.facts
            .cases
            .get(no)
            .and_then(|c| crate::domain::CaseStatus::from_code(&c.status))
            .is_some_and(|s| s.is_open())
    };
    let mut open = Vec::new();
    let mut late = Vec::new();
    for m in r.facts.matters.iter().filter(|m| {
        let f = &m.facts;
        f.source.from_above()
            && f.reported_back_on.is_none()
            && match f.upper_due {
                Some(due) => due >= r.from,
                None => still_open(&f.case_no) || (r.from..=r.to).contains(&f.registered_on),
            }
    }) {
        let mut row = case_row(i, &m.facts.case_no);
        row.push(m.facts.upper_due.map(|d| d.to_string()).unwrap_or_default());
        if m.facts.upper_due.is_some_and(|d| d < today) {
            late.push(row);
        } else {
            open.push(row);
        }
    }
    let mut columns = case_columns(i.lang);
    columns.push(w::upper_due(i.lang).to_string());
    Ok(vec![
        Section {
            title: w::from_above_late(i.lang).to_string(),
            columns: columns.clone(),
            rows: late,
        },
        Section {
            title: w::from_above_open(i.lang).to_string(),
            columns,
            rows: open,
        },
    ])
}

/// 不满意 ratings given in the period with their 回访, and every 回访 still open
/// (`case evaluate`, `case follow-up`).
fn dissatisfied(i: &Input<'_>) -> Outcome<Vec<Section>> {
    let today = i.figures.as_of;
    let items = i
        .store
        .follow_ups_for_report(i.figures.from, i.figures.to)?;
    let rows = items
        .iter()
        .map(|f| {
            let mut row = case_row(i, &f.case_no);
            row.extend([
                f.stage.label(i.lang).to_string(),
                f.rated_on.to_string(),
                f.due_on.to_string(),
                crate::words::ratings::report_state(i.lang, f, today),
                f.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            ]);
            row
        })
        .collect();
    let mut columns = case_columns(i.lang);
    columns.extend(
        crate::words::ratings::report_columns(i.lang)
            .iter()
            .map(|s| s.to_string()),
    );
    Ok(vec![Section {
        title: w::dissatisfied(i.lang).to_string(),
        columns,
        rows,
    }])
}

fn overdue(i: &Input<'_>) -> Outcome<Vec<Section>> {
    let rows = i
        .figures
        .facts
        .overdue
        .iter()
        .map(|c| {
            let mut row = case_row(i, &c.case_no);
            row.push(fw::clock(i.lang, &c.clock));
            row.push(c.due_on.to_string());
            row
        })
        .collect();
    let mut columns = case_columns(i.lang);
    columns.push(w::clock(i.lang).to_string());
    columns.push(w::clock_due(i.lang).to_string());
    Ok(vec![Section {
        title: fw::name(i.lang, "overdue_now").to_string(),
        columns,
        rows,
    }])
}

/// The risk registers in the period: screening, plans, skip-level visits.
fn registers(i: &Input<'_>) -> Outcome<Vec<Section>> {
    let r = i.store.registers_report(i.figures.from, i.figures.as_of)?;
    Ok(crate::words::risk::report_tables(&r, i.lang)
        .into_iter()
        .map(|(title, columns, rows)| Section {
            title,
            columns,
            rows,
        })
        .collect())
}

/// Markdown: a heading per section and a table, or a line saying it is empty.
pub fn markdown(lang: Lang, title: &str, sections: &[Section]) -> String {
    let cell = |s: &str| safe(s).replace('|', "\\|").replace('\n', " ");
    let mut out = format!("# {}\n", cell(title));
    for s in sections {
        out.push_str(&format!("\n## {}\n\n", cell(&s.title)));
        if s.rows.is_empty() {
            out.push_str(&format!("{}\n", w::nothing(lang)));
            continue;
        }
        let line = |cells: &[String]| {
            format!(
                "| {} |\n",
                cells
                    .iter()
                    .map(|c| cell(c))
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        };
        out.push_str(&line(&s.columns));
        out.push_str(&format!("|{}\n", "---|".repeat(s.columns.len())));
        for r in &s.rows {
            out.push_str(&line(r));
        }
    }
    out
}

/// A workbook: the title and every section on one sheet, a section's title in
/// bold above its table, so that it prints as the Markdown reads.
pub fn workbook(title: &str, sections: &[Section]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, title, &bold)?;
    let mut row = 2u32;
    let mut widths: Vec<usize> = Vec::new();
    for s in sections {
        sheet.write_string_with_format(row, 0, &s.title, &bold)?;
        row += 1;
        for (c, name) in s.columns.iter().enumerate() {
            sheet.write_string_with_format(row, c as u16, name, &bold)?;
        }
        row += 1;
        for r in &s.rows {
            for (c, v) in r.iter().enumerate() {
                sheet.write_string(row, c as u16, v)?;
                if widths.len() <= c {
                    widths.resize(c + 1, 6);
                }
                widths[c] = widths[c].max(crate::text::display_width(v).min(60));
            }
            row += 1;
        }
        row += 1;
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w as f64 + 2.0)?;
    }
    book.save_to_buffer()
}
