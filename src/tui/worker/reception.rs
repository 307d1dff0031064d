//! The worker's side of a leader's reception on its day: today's receptions for
//! routing a walk-in, recording the routing and the leader's word, and the marks
//! the queue's rows carry (bookings, walk-ins already routed).

use super::{Failed, Response, Worker};
use crate::store::leaders::{Reception, ReceptionMark, ReceptionVisit};
use crate::store::{Opinion, Received};
use chrono::NaiveDate;

/// The walk-in the officer is routing, as the queue showed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteTarget {
    pub contact_id: i64,
    pub petitioner_id: i64,
    pub queue_date: NaiveDate,
    pub queue_no: i64,
    pub name: String,
    pub case_no: String,
}

/// What the reception form records: the walk-in, the reception, and whether they
/// were routed there before (the form then takes only the leader's word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceptionCall {
    pub target: RouteTarget,
    pub reception: Reception,
    pub routed: bool,
}

impl RouteTarget {
    /// The walk-in as the store takes them: by queue number on their day.
    pub fn received(&self) -> Received {
        Received::QueueOn(self.queue_date, self.queue_no)
    }
}

#[derive(Debug, Clone)]
pub enum ReceptionRequest {
    /// Today's receptions, to route `target` to one.
    Today { target: RouteTarget },
    /// Route the walk-in to reception `reception_id`, or fill in the leader's word
    /// on a visit routed before.
    Record {
        officer: String,
        target: RouteTarget,
        reception_id: i64,
        opinion: Opinion,
    },
}

#[derive(Debug, Clone)]
pub enum ReceptionResponse {
    Today {
        target: RouteTarget,
        receptions: Vec<Reception>,
        marks: Vec<ReceptionMark>,
    },
    Recorded {
        target: RouteTarget,
        visit: Box<ReceptionVisit>,
        /// The leader's word was part of it.
        word: bool,
        reception: Option<Reception>,
    },
    /// Today's bookings and routed walk-ins (sent with the queue).
    Marks(Vec<ReceptionMark>),
}

impl Worker {
    pub(super) fn reception(&mut self, request: ReceptionRequest) -> bool {
        match request {
            ReceptionRequest::Today { target } => {
                let today = (|| {
                    Ok::<_, crate::store::StoreError>((
                        self.store.todays_receptions()?,
                        self.store.reception_marks()?,
                    ))
                })();
                match today {
                    Ok((receptions, marks)) => {
                        self.send(Response::Reception(Box::new(ReceptionResponse::Today {
                            target,
                            receptions,
                            marks,
                        })))
                    }
                    Err(e) => self.fail(Failed::Load, e),
                }
            }
            ReceptionRequest::Record {
                officer,
                target,
                reception_id,
                opinion,
            } => {
                let word = opinion.has_word();
                match self.store.reception_record(
                    &officer,
                    reception_id,
                    &target.received(),
                    &opinion,
                ) {
                    Ok(visit) => {
                        let reception = self
                            .store
                            .todays_receptions()
                            .ok()
                            .and_then(|l| l.into_iter().find(|r| r.id == reception_id));
                        let case_no = target.case_no.clone();
                        self.send(Response::Reception(Box::new(ReceptionResponse::Recorded {
                            target,
                            visit: Box::new(visit),
                            word,
                            reception,
                        }))) && self.send_queue()
                            && self.send_case(&case_no)
                    }
                    Err(e) => self.fail(Failed::CaseWrite, e),
                }
            }
        }
    }

    /// The queue's reception marks; a failure here never stops the desk.
    pub(super) fn send_marks(&self) -> bool {
        match self.store.reception_marks() {
            Ok(m) => self.send(Response::Reception(Box::new(ReceptionResponse::Marks(m)))),
            Err(_) => true,
        }
    }
}
