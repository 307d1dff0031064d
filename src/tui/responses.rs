//! What the desk does with the worker's answers: each goes to the pane or layer
//! that asked, and a write that went through closes its form and says so.

use super::app::{App, Command, Pane};
use super::panes::checkin::{CheckInForm, Field};
use super::panes::figures::FiguresView;
use super::panes::handpick::OfficerPick;
use super::panes::registers::RegisterView;
use super::panes::signin::SignIn;
use super::panes::stepform::StepForm;
use super::worker::{CaseWrite, Failed, LookupFor, Request, Response};
use crate::domain::{Flag, QueueStatus};
use crate::text::sanitize_for_display;
use crate::words::desk::Problem;
use crate::words::timeline::EventWords;
use crate::words::Label;

impl App {
    fn flags_text(&self, flags: &[Flag]) -> String {
        flags
            .iter()
            .map(|f| f.label(self.lang))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub(super) fn on_response(&mut self, r: Response) -> Vec<Command> {
        let mut out = Vec::new();
        match r {
            Response::Lookup {
                seq,
                target: LookupFor::Pane,
                rows,
            } => {
                self.desk.lookup.set_rows(seq, rows);
            }
            Response::Found {
                seq,
                total,
                at_least,
            } => self.desk.lookup.set_found(seq, total, at_least),
            Response::Lookup {
                seq,
                target: LookupFor::Form,
                rows,
            } => {
                if let Some(form) = self.layers.find_mut::<CheckInForm>() {
                    form.set_matches(seq, rows);
                    if let Some(petitioner_id) = form.link_by_id_number() {
                        out.push(Command::Send(Request::Person { petitioner_id }));
                    }
                }
            }
            Response::Queue { rows, counts } => {
                self.desk.queue.set_rows(rows);
                self.counts = counts;
            }
            Response::Lists {
                officers,
                units,
                categories,
            } => {
                self.desk.picker.set_lists(&officers, &units);
                self.desk.picker.chief = officers
                    .iter()
                    .any(|o| Some(o.name.as_str()) == self.officer.as_deref() && o.keeps_roster());
                if let Some(signin) = self.layers.find_mut::<SignIn>() {
                    signin.set_officers(&officers);
                }
                if let Some(pick) = self.layers.find_mut::<OfficerPick>() {
                    pick.set_officers(&officers);
                }
                self.officers = officers;
                self.units = units;
                self.categories = categories;
                if let Some(draft) = self.pending_draft.take() {
                    let mut form = CheckInForm::from_draft(&self.categories, &draft);
                    form.max_representatives = self.max_representatives;
                    form.more.set_default_days(self.upper_days);
                    let lookup = form.restored_lookup();
                    self.layers.push(Box::new(form));
                    out.extend(self.apply(None, lookup));
                }
            }
            Response::Case(detail) => {
                self.desk.timeline.set_case(detail);
            }
            Response::Person(detail) => {
                if let Some(form) = self.layers.find_mut::<CheckInForm>() {
                    let open = detail
                        .cases
                        .iter()
                        .filter(|c| c.status.is_open())
                        .cloned()
                        .collect();
                    form.offer(detail.card.petitioner_id, open, &detail.contacts);
                }
                self.desk.lookup.set_person(detail);
            }
            Response::SignedIn { officer } => {
                self.layers.close::<SignIn>();
                self.flash(format!("{} {}", self.s().on_duty, officer), false);
                self.officer = Some(officer);
                out.extend(self.start_shift());
            }
            Response::OfficerAdded { name } => {
                let text =
                    crate::words::desk::roster::added(&sanitize_for_display(&name), self.lang);
                self.flash(text, false);
            }
            Response::Preview { seq, result } => {
                if let Some(form) = self.layers.find_mut::<CheckInForm>() {
                    form.set_preview(seq, result);
                }
            }
            Response::Divisions(list) => {
                if let Some(form) = self.layers.find_mut::<CheckInForm>() {
                    form.more.set_divisions(&list);
                }
            }
            Response::CheckedIn(result) => {
                let name = self
                    .layers
                    .find::<CheckInForm>()
                    .map(|f| f.value(Field::Name).to_string())
                    .unwrap_or_default();
                self.layers.close::<CheckInForm>();
                let s = self.s();
                let number = match (&result.queue_no, &result.letter_no) {
                    (Some(q), _) => s.queue_no(*q),
                    (None, Some(l)) => s.letter_no(l),
                    (None, None) => result.channel.label(self.lang).to_string(),
                };
                let mut text = s.checked_in(
                    &name,
                    &number,
                    &result.case_no,
                    &self.flags_text(&result.flags),
                );
                let candidates: Vec<(i64, String, String)> = result
                    .candidates
                    .iter()
                    .map(|c| {
                        (
                            c.petitioner_id,
                            sanitize_for_display(&c.name).into_owned(),
                            c.reason.clone(),
                        )
                    })
                    .collect();
                // The doubts go first: on a narrow status line they must stay visible.
                for notice in s.checkin_notices(&result).into_iter().rev() {
                    text = format!("{notice} · {text}");
                }
                if !candidates.is_empty() {
                    text = format!("{} · {text}", s.possible_same(&candidates));
                }
                self.flash(text, false);
                // The selection stays on the row the officer was on: the newest
                // arrival is last in line, not the next to call.
                self.desk.set_focus(Pane::Queue);
            }
            Response::Moved { contact_id, status } => {
                // A finished visitor leaves the officer's hands: the next to call is
                // whoever has waited longest. A received one stays selected.
                self.desk.queue.to_next_waiting =
                    matches!(status, QueueStatus::Done | QueueStatus::Left);
                let no = self
                    .desk
                    .queue
                    .rows
                    .iter()
                    .find(|r| r.contact_id == contact_id)
                    .map(|r| r.queue_no);
                if let Some(no) = no {
                    self.flash(self.s().moved(no, status.label(self.lang)), false);
                }
            }
            Response::Undone(u) => {
                // The visitor is back where they were: the selection stays on them.
                self.flash(
                    crate::words::duty::undone(u.queue_no, u.from, u.to, self.lang),
                    false,
                );
            }
            Response::CaseWritten { case_no, what } => {
                self.layers.close::<StepForm>();
                self.layers.close::<super::panes::ratingform::RatingForm>();
                let s = self.s();
                let label = match what {
                    CaseWrite::Step(step) => step.label(self.lang).to_string(),
                    CaseWrite::Assign => s.assigned.to_string(),
                    CaseWrite::Extend => crate::domain::EventKind::Extend
                        .label(self.lang)
                        .to_string(),
                    CaseWrite::Annotate(kind) => kind.label(self.lang).to_string(),
                };
                self.flash(format!("{case_no} · {label} · {}", s.step_done), false);
                if what == CaseWrite::Assign {
                    // The new assignment shows on the timeline, newest first.
                    self.desk.timeline.newest_first = true;
                    self.desk.timeline.sel.reset();
                    self.desk.set_focus(Pane::Timeline);
                }
            }
            Response::DocumentWritten(said) => {
                self.layers.close::<StepForm>();
                self.flash(said, false);
            }
            Response::Revealed(r) => {
                self.desk.lookup.revealed = Some(r);
                self.flash(self.s().reveal_recorded, false);
            }
            Response::Shift(r) => out.extend(self.on_shift(*r)),
            Response::Receptions(list) => self.receptions = list,
            Response::FollowUps(list) => self.desk.queue.follow_ups = list,
            Response::Registers(list) => {
                if let Some(view) = self.layers.find_mut::<RegisterView>() {
                    view.set_records(list);
                }
            }
            Response::Figures(report) => {
                if let Some(view) = self.layers.find_mut::<FiguresView>() {
                    view.set_report(report);
                }
            }
            Response::Risk(r) => out.extend(self.on_risk(*r)),
            Response::Reception(r) => out.extend(self.on_reception(*r)),
            Response::Error { failed, problem } => out.extend(self.on_error(failed, problem)),
            Response::Watching(live) => {
                self.poll_every = if live {
                    super::app::WATCHED_POLL_EVERY
                } else {
                    super::app::POLL_EVERY
                };
            }
            // At once, not at the next tick: this is what makes a desk live.
            Response::Changed => out.push(self.poll()),
        }
        out
    }

    fn on_error(&mut self, failed: Failed, problem: Problem) -> Vec<Command> {
        let mut out = Vec::new();
        match failed {
            Failed::SignIn => {
                if let Some(signin) = self.layers.find_mut::<SignIn>() {
                    signin.waiting = false;
                    signin.error = Some(problem.clone());
                }
                // The roster may have changed at another desk (a first officer
                // signed in there meanwhile): ask with the roster as it is now.
                out.push(Command::Send(super::worker::Request::Load));
            }
            Failed::CheckIn => {
                if let Some(form) = self.layers.find_mut::<CheckInForm>() {
                    form.saving = false;
                    // The form checked its fields before sending, by the store's
                    // rules: what the store refuses now (a locked or missing file)
                    // is no fault of the field in focus.
                    form.fields.error = Some((None, problem.clone()));
                }
            }
            Failed::CaseWrite => {
                if let Some(form) = self.layers.find_mut::<StepForm>() {
                    form.saving = false;
                    form.fields.error = Some((None, problem.clone()));
                }
                let rating = self
                    .layers
                    .find_mut::<super::panes::ratingform::RatingForm>();
                if let Some(form) = rating {
                    form.saving = false;
                    form.fields.error = Some((None, problem.clone()));
                }
            }
            Failed::Case => self.desk.timeline.opening = None,
            Failed::Person => self.desk.lookup.opening = None,
            Failed::Shift => self.shift_failed(),
            Failed::Figures => {
                if let Some(view) = self.layers.find_mut::<FiguresView>() {
                    view.loading = false;
                }
            }
            Failed::Lookup
            | Failed::Load
            | Failed::QueueMove
            | Failed::Reveal
            | Failed::Roster
            | Failed::Registers
            | Failed::Risk => {}
        }
        self.flash(problem, true);
        out
    }
}
