//! The desk's side of a leader's reception on its day: the queue's marks, the
//! offer of today's receptions for a walk-in, and what recording it says.

use super::app::{App, Command};
use super::panes::stepform::StepForm;
use super::worker::ReceptionResponse;

impl App {
    pub(super) fn on_reception(&mut self, r: ReceptionResponse) -> Vec<Command> {
        match r {
            ReceptionResponse::Marks(marks) => self.desk.queue.marks = marks,
            ReceptionResponse::Today {
                target,
                receptions,
                marks,
            } => {
                let max = self.max_extension_days;
                let effects =
                    super::panes::reception::offer(target, receptions, &marks, &self.units, max);
                self.desk.queue.marks = marks;
                return self.apply(None, effects);
            }
            ReceptionResponse::Recorded {
                target,
                visit,
                word,
                reception,
            } => {
                self.layers.close::<StepForm>();
                let kind = reception
                    .map(|r| r.kind)
                    .unwrap_or(crate::domain::leaders::ReceptionKind::Reception);
                self.flash(
                    crate::words::reception::recorded(
                        target.queue_no,
                        &visit.leader,
                        kind,
                        word,
                        self.lang,
                    ),
                    false,
                );
            }
        }
        Vec::new()
    }
}
