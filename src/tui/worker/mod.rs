//! The desk's only door to the disk: a thread that owns its own [`Store`], so that
//! the UI thread never waits on SQLite. Lookups read the persisted search keys on the
//! file: there is no in-memory index to build at start, keep current, or free at exit.
//!
//! Requests arrive over a channel and answers go back through a sink. Lookups carry a
//! sequence number; when the officer types faster than the worker answers, pending
//! lookups are dropped in favour of the newest one.

mod aside;
mod documents;
mod guard;
mod messages;
mod reads;
mod reception;
mod risk;
mod shift;

pub use messages::*;
pub use reception::{ReceptionCall, ReceptionRequest, ReceptionResponse, RouteTarget};
pub use risk::{RegisterData, RiskRequest, RiskResponse};

use crate::domain::QueueStatus;
use crate::store::{DeskCounts, LookupRow, QueueRow, Store};
use crate::words::desk::Problem;
use guard::{file_id, FileId};
pub use reads::queue_snapshot;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

/// The worker thread's name; the panic hook leaves the terminal alone for it,
/// since the worker reports its panics on the status line and carries on.
pub const THREAD_NAME: &str = "jiedai-store";

/// Where answers go; false once nobody listens any more.
pub type Sink = Box<dyn Fn(Response) -> bool + Send>;

/// The UI's end of the worker.
pub struct WorkerHandle {
    tx: Sender<Request>,
    thread: Option<JoinHandle<()>>,
}

impl WorkerHandle {
    /// Sends a request; a worker that died already reported why, so a failed send
    /// has nothing to add.
    pub fn send(&self, request: Request) {
        let _ = self.tx.send(request);
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        // Closing the channel ends the worker's loop; wait so its last write commits.
        let (dead_tx, _) = mpsc::channel();
        self.tx = dead_tx;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts the worker on an already opened store (opened by the caller so that a bad
/// database is reported before the terminal is touched).
pub fn spawn(store: Store, sink: Sink) -> std::io::Result<WorkerHandle> {
    let (tx, requests) = mpsc::channel();
    // Taken now, on the caller's thread, right after the store was opened.
    let file = file_id(store.path());
    let thread = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .spawn(move || Worker::new(store, file, sink).run(requests))?;
    Ok(WorkerHandle {
        tx,
        thread: Some(thread),
    })
}

/// The sink, shared with the long reads that answer from threads of their own.
type SharedSink = std::sync::Arc<std::sync::Mutex<Sink>>;

/// Hands `response` to the sink; false once nobody listens any more.
fn deliver(out: &SharedSink, response: Response) -> bool {
    let sink = out.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    (sink)(response)
}

/// What a panic said, for the status line.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".into())
}

struct Worker {
    store: Store,
    out: SharedSink,
    data_version: Option<i64>,
    day: chrono::NaiveDate,
    /// The database file as opened; a different file (or none) at its path later
    /// means it was deleted or replaced under the desk.
    file: Option<FileId>,
    /// The office's `[desk]` settings and templates folder, and the language of
    /// the desk when it started (for what a document's failure says).
    paper: Option<(
        crate::config::DeskConfig,
        Option<std::path::PathBuf>,
        crate::domain::Lang,
    )>,
}

impl Worker {
    fn new(store: Store, file: Option<FileId>, out: Sink) -> Self {
        let day = store.today();
        Worker {
            store,
            out: std::sync::Arc::new(std::sync::Mutex::new(out)),
            data_version: None,
            day,
            file,
            paper: None,
        }
    }

    fn run(mut self, requests: Receiver<Request>) {
        self.watch();
        while let Ok(first) = requests.recv() {
            let mut batch = vec![first];
            batch.extend(requests.try_iter());
            for request in newest_lookups_only(batch) {
                // A bug in one request must not leave the desk without its database:
                // report it and carry on with the next.
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle(request)));
                let alive = match outcome {
                    Ok(alive) => alive,
                    Err(payload) => self.fail(
                        Failed::Load,
                        Problem::Internal(panic_text(payload.as_ref())),
                    ),
                };
                if !alive {
                    return;
                }
            }
        }
    }

    fn send(&self, response: Response) -> bool {
        deliver(&self.out, response)
    }

    /// On a record that signals other desks' writes, each one reaches the UI at
    /// once; the UI then polls as usual, so what is refreshed stays decided there.
    fn watch(&self) {
        let out = self.out.clone();
        let wake: crate::store::Wake = Box::new(move |signal| match signal {
            crate::store::Signal::Changed => deliver(&out, Response::Changed),
            crate::store::Signal::Lost => deliver(&out, Response::Watching(false)),
        });
        // Without the signal the desk polls, as it always could: nothing to report.
        if self.store.watch(wake).unwrap_or(false) {
            self.send(Response::Watching(true));
        }
    }

    fn fail(&self, failed: Failed, e: impl Into<Problem>) -> bool {
        self.send(Response::Error {
            failed,
            problem: e.into(),
        })
    }

    /// Handles one request; false once the UI has gone.
    fn handle(&mut self, request: Request) -> bool {
        if let Some(failed) = request.write_kind() {
            if self.file_gone() {
                return self.fail(failed, Problem::Gone);
            }
        }
        match request {
            Request::Load => {
                self.data_version = self.store.data_version().ok();
                self.send_lists() && self.send_queue() && self.send_risk_brief()
            }
            Request::Poll {
                case_no,
                person,
                officer,
            } => {
                // A quiet moment: a few of the people checked in lately go into the
                // search index (what fails is tried again at the next poll).
                let _ = self.store.fold_search_keys();
                self.poll(case_no, person, officer)
            }
            Request::Lookup { seq, target, query } => match self.lookup(&query) {
                Ok((rows, total, at_least)) => {
                    self.send(Response::Lookup { seq, target, rows })
                        && (target != LookupFor::Pane
                            || self.send(Response::Found {
                                seq,
                                total,
                                at_least,
                            }))
                }
                Err(e) => self.fail(Failed::Lookup, e),
            },
            Request::Case { case_no } => self.send_case(&case_no),
            Request::Person { petitioner_id } => self.send_person(petitioner_id),
            Request::SignIn { officer } => match self.store.sign_in(&officer) {
                Ok(_) => self.send(Response::SignedIn { officer }) && self.send_lists(),
                Err(e) => self.fail(Failed::SignIn, e),
            },
            Request::AddOfficer { officer, name } => {
                let new = crate::store::Enrolment {
                    name,
                    ..Default::default()
                };
                match self.store.enrol(Some(&officer), &new) {
                    Ok(done) => {
                        self.send(Response::OfficerAdded {
                            name: done.officer.name,
                        }) && self.send_lists()
                    }
                    Err(e) => self.fail(Failed::Roster, e),
                }
            }
            Request::CheckIn {
                officer,
                request,
                risk,
                start_plan,
            } => self.check_in(&officer, &request, &risk, start_plan),
            Request::CheckInPreview {
                seq,
                officer,
                request,
                risk,
            } => {
                let result = self.store.check_in_preview(&officer, &request, &risk);
                self.send(Response::Preview {
                    seq,
                    result: result.ok().map(Box::new),
                })
            }
            Request::Divisions => match self.store.divisions() {
                Ok(list) => self.send(Response::Divisions(list)),
                Err(e) => self.fail(Failed::Load, e),
            },
            Request::QueueMove {
                officer,
                contact_id,
                action,
            } => match self.store.queue_move(&officer, contact_id, action) {
                Ok(status) => {
                    self.send(Response::Moved { contact_id, status }) && self.send_queue()
                }
                Err(e) => self.queue_move_failed(contact_id, action, e),
            },
            Request::QueueUndo {
                officer,
                contact_id,
            } => match self.store.queue_undo(&officer, contact_id) {
                Ok(undone) => self.send(Response::Undone(undone)) && self.send_queue(),
                Err(e) => self.fail(Failed::QueueMove, e) && self.send_queue(),
            },
            Request::CaseStep {
                officer,
                case_no,
                step,
                input,
            } => {
                let r = self.store.case_step(&officer, &case_no, step, &input);
                self.case_written(&case_no, CaseWrite::Step(step), r.map(|_| ()))
            }
            Request::Assign {
                officer,
                case_no,
                handler,
                unit,
            } => {
                let r = self
                    .store
                    .assign(&officer, &case_no, handler.as_deref(), unit.as_deref());
                self.case_written(&case_no, CaseWrite::Assign, r)
            }
            Request::Evaluate {
                officer,
                case_no,
                evaluation,
            } => {
                let r = self.store.evaluate(&officer, &case_no, &evaluation);
                self.case_written(
                    &case_no,
                    CaseWrite::Annotate(crate::domain::EventKind::Evaluate),
                    r.map(|_| ()),
                )
            }
            Request::FollowUp {
                officer,
                case_no,
                follow_up,
            } => {
                let r = self.store.follow_up(&officer, &case_no, &follow_up);
                self.case_written(
                    &case_no,
                    CaseWrite::Annotate(crate::domain::EventKind::FollowUp),
                    r,
                )
            }
            Request::Extend {
                officer,
                case_no,
                days,
                reason,
                approved_by,
                via,
            } => {
                let extension = crate::store::Extension {
                    days,
                    reason,
                    approved_by: Some(approved_by),
                    via,
                };
                let r = self.store.extend_approved(&officer, &case_no, &extension);
                self.case_written(&case_no, CaseWrite::Extend, r)
            }
            Request::Notify {
                officer,
                case_no,
                notice,
            } => {
                let r = self.store.notify(&officer, &case_no, &notice).map(|_| ());
                let what = CaseWrite::Annotate(crate::domain::EventKind::Notify);
                self.case_written(&case_no, what, r)
            }
            Request::Paper {
                desk,
                templates,
                lang,
            } => {
                self.paper = Some((desk, templates, lang));
                true
            }
            Request::Receipt {
                officer,
                case_no,
                out,
            } => match self.write_receipt(&officer, &case_no, &out) {
                Ok(said) => self.send(Response::DocumentWritten(said)),
                Err(problem) => self.fail(Failed::CaseWrite, problem),
            },
            Request::Annotate {
                officer,
                case_no,
                kind,
                text,
            } => {
                let r = self.store.annotate(&officer, &case_no, kind, &text);
                self.case_written(&case_no, CaseWrite::Annotate(kind), r)
            }
            Request::Registers => self.send_registers(),
            Request::BaoanTold { officer, id } => match self.store.baoan_told(&officer, id) {
                Ok(_) => self.send_registers(),
                Err(e) => self.fail(Failed::Registers, e),
            },
            Request::ReportBack {
                officer,
                case_no,
                report,
            } => {
                let r = self.store.report_back(&officer, &case_no, &report);
                self.case_written(
                    &case_no,
                    CaseWrite::Annotate(crate::domain::EventKind::ReportBack),
                    r,
                )
            }
            Request::SetSource {
                officer,
                case_no,
                source,
                upper,
            } => {
                let r = self.store.set_source(&officer, &case_no, source, &upper);
                self.case_written(
                    &case_no,
                    CaseWrite::Annotate(crate::domain::EventKind::SetSource),
                    r,
                )
            }
            Request::Reveal {
                officer,
                petitioner_id,
            } => match self.store.reveal(&officer, petitioner_id) {
                Ok(r) => self.send(Response::Revealed(r)),
                Err(e) => self.fail(Failed::Reveal, e),
            },
            Request::Shift(r) => self.shift(r),
            Request::Figures { span } => self.aside(Failed::Figures, move |store| {
                let (from, to) = crate::domain::figures_by::period_of(span, store.today());
                let report = store.figures_shown(from, to)?;
                Ok(Response::Figures(Box::new(report)))
            }),
            Request::Risk(r) => self.risk(r),
            Request::Reception(r) => self.reception(r),
        }
    }

    fn case_written(
        &mut self,
        case_no: &str,
        what: CaseWrite,
        result: crate::store::Result<()>,
    ) -> bool {
        match result {
            Ok(()) => {
                self.send(Response::CaseWritten {
                    case_no: case_no.to_string(),
                    what,
                }) && self.send_case(case_no)
                    && self.send_queue()
            }
            Err(e) => self.fail(Failed::CaseWrite, e),
        }
    }

    /// Saves a check-in, and starts the plan on it when the officer accepted
    /// the form's proposal.
    fn check_in(
        &mut self,
        officer: &str,
        request: &crate::store::CheckIn,
        risk: &crate::store::risk_port::RiskIntake,
        start_plan: bool,
    ) -> bool {
        let result = match self.store.check_in_with(officer, request, risk) {
            Ok(r) => r,
            Err(e) => return self.fail(Failed::CheckIn, e),
        };
        let contact_id = result.contact_id;
        if !(self.send(Response::CheckedIn(Box::new(result))) && self.send_queue()) {
            return false;
        }
        if !start_plan {
            return true;
        }
        self.risk(risk::RiskRequest::StartPlan {
            officer: officer.to_string(),
            contact_id: Some(contact_id),
        })
    }
}

/// Keeps every request but only the last lookup of each search box: older ones
/// would be answered only to be thrown away.
fn newest_lookups_only(batch: Vec<Request>) -> Vec<Request> {
    let last = |target: LookupFor| {
        batch
            .iter()
            .rposition(|r| matches!(r, Request::Lookup { target: t, .. } if *t == target))
    };
    let keep = [last(LookupFor::Pane), last(LookupFor::Form)];
    batch
        .into_iter()
        .enumerate()
        .filter(|(i, r)| !matches!(r, Request::Lookup { .. }) || keep.contains(&Some(*i)))
        .map(|(_, r)| r)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(seq: u64, target: LookupFor) -> Request {
        Request::Lookup {
            seq,
            target,
            query: format!("q{seq}"),
        }
    }

    #[test]
    fn only_the_newest_lookup_per_box_survives() {
        let batch = vec![
            lookup(1, LookupFor::Pane),
            Request::Load,
            lookup(2, LookupFor::Form),
            lookup(3, LookupFor::Pane),
            lookup(4, LookupFor::Pane),
        ];
        let kept = newest_lookups_only(batch);
        let seqs: Vec<Option<u64>> = kept
            .iter()
            .map(|r| match r {
                Request::Lookup { seq, .. } => Some(*seq),
                _ => None,
            })
            .collect();
        assert_eq!(seqs, vec![None, Some(2), Some(4)]);
    }

    /// Writes made at another desk (a check-in, a merge) are found by this desk's
    /// very next lookup: it reads the keys on the file, with nothing to refresh.
    #[test]
    fn the_next_lookup_sees_another_desks_writes() {
        use crate::domain::intake::IntakeInput;
        use crate::store::{CheckIn, OpenMode};
        use crate::time::TimeSource;
        use std::time::Duration;

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let time =
            TimeSource::Fixed(crate::time::parse_instant("2026-11-28T10:30:00+08:00").unwrap());
        let mut store = Store::open(&path, OpenMode::Create, time.clone()).unwrap();
        store.add_officer("王科员").unwrap();
        store.add_officer("李娜").unwrap();
        let visit = |phone: &str| CheckIn {
            intake: IntakeInput {
                name: "赵小明".into(),
                phone: Some(phone.into()),
                matter: "拖欠工资".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let keep = store
            .check_in("王科员", &visit("13800138000"))
            .unwrap()
            .petitioner_id;
        let other = store
            .check_in("王科员", &visit("13900139000"))
            .unwrap()
            .petitioner_id;
        assert_ne!(keep, other);

        let (tx, rx) = mpsc::channel();
        let worker = spawn(store, Box::new(move |r| tx.send(r).is_ok())).unwrap();
        let found = |seq: u64| -> Vec<i64> {
            worker.send(Request::Lookup {
                seq,
                target: LookupFor::Pane,
                query: "zxm".into(),
            });
            loop {
                match rx.recv_timeout(Duration::from_secs(20)).unwrap() {
                    Response::Lookup { seq: s, rows, .. } if s == seq => {
                        let mut ids: Vec<i64> = rows.iter().map(|r| r.card.petitioner_id).collect();
                        ids.sort();
                        return ids;
                    }
                    _ => {}
                }
            }
        };
        assert_eq!(found(1), vec![keep, other]);

        let mut elsewhere = Store::open(&path, OpenMode::Existing, time).unwrap();
        let third = elsewhere
            .check_in("李娜", &visit("13700137000"))
            .unwrap()
            .petitioner_id;
        assert_eq!(found(2), vec![keep, other, third]);
        elsewhere.merge_people("李娜", keep, other).unwrap();
        assert_eq!(found(3), vec![keep, third]);
    }
}
