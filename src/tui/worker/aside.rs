//! Long reads on a thread of their own. The office's figures read up to 400 days of
//! cases and timelines, and a handover summary every case with a clock falling due:
//! at a million people that is many seconds. Run on the worker, they would hold up
//! every lookup, check-in and case behind them, and quitting would wait for them.
//! Aside, each opens its own read-only connection on the file, answers through the
//! same sink when done, and is simply left behind if the desk quits first.

use super::{Failed, Response, Worker, THREAD_NAME};
use crate::store::{OpenMode, Result, Store};
use crate::words::desk::Problem;

impl Worker {
    /// Starts `read` on a thread of its own with a fresh read-only store on the same
    /// file, clock and rules; false once the UI has gone.
    pub(super) fn aside(
        &self,
        failed: Failed,
        read: impl FnOnce(&Store) -> Result<Response> + Send + 'static,
    ) -> bool {
        let path = self.store.path().to_path_buf();
        let time = self.store.time().clone();
        let rules = self.store.rules().clone();
        let out = std::sync::Arc::clone(&self.out);
        let job = move || {
            let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut store = Store::open(&path, OpenMode::ReadOnly, time)?;
                store.set_rules(rules);
                read(&store)
            }));
            let response = match answer {
                Ok(Ok(response)) => response,
                Ok(Err(e)) => Response::Error {
                    failed,
                    problem: e.into(),
                },
                Err(payload) => Response::Error {
                    failed,
                    problem: Problem::Internal(super::panic_text(payload.as_ref())),
                },
            };
            super::deliver(&out, response);
        };
        // Named as the worker, so that a panic in it leaves the terminal alone too.
        match std::thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(job)
        {
            Ok(_) => true,
            Err(e) => self.fail(failed, Problem::Internal(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{spawn, LookupFor, Request, Response};
    use crate::domain::figures_by::{period_of, Span};
    use crate::store::{OpenMode, Store};
    use crate::time::TimeSource;
    use std::sync::mpsc;
    use std::time::Duration;

    /// The figures read aside, on their own connection, are the record's figures,
    /// and the worker goes on answering lookups (a lookup sent after them is answered).
    #[test]
    fn figures_read_aside_are_the_stores_and_lookups_still_answer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let time =
            TimeSource::Fixed(crate::time::parse_instant("2026-11-28T10:30:00+08:00").unwrap());
        let mut store = Store::open(&path, OpenMode::Create, time.clone()).unwrap();
        crate::demo::fill(&mut store, 60, 4, |_| {}).unwrap();
        let (from, to) = period_of(Span::Year, store.today());
        // What the record counts; aside they come from the kept sums, built in
        // memory here (the demo keeps none and the aside cannot write them).
        let expected = store.figure_counts(from, to, None).unwrap();

        let (tx, rx) = mpsc::channel();
        let worker = spawn(store, Box::new(move |r| tx.send(r).is_ok())).unwrap();
        worker.send(Request::Figures { span: Span::Year });
        worker.send(Request::Lookup {
            seq: 7,
            target: LookupFor::Pane,
            query: "wang".into(),
        });
        let (mut figures, mut looked_up) = (None, false);
        while figures.is_none() || !looked_up {
            match rx.recv_timeout(Duration::from_secs(60)).unwrap() {
                Response::Figures(report) => figures = Some(report),
                Response::Lookup { seq: 7, .. } => looked_up = true,
                Response::Error { failed, problem } => panic!("{failed:?}: {problem:?}"),
                _ => {}
            }
        }
        let shown = figures.unwrap();
        let parts = |r: &crate::store::FigureReport| {
            (
                r.figures.clone(),
                r.volume,
                r.overdue.clone(),
                r.by_month.clone(),
                r.by_category.clone(),
            )
        };
        assert_eq!(parts(&shown), parts(&expected));
    }
}
