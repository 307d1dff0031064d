//! Where walk-ins stood at an instant, replayed from their times: still here,
//! received, or gone unseen (the handover's queue sections and its 接待 count).

use super::{in_window, stamp, QueueFact, Visitor};
use crate::domain::mask::mask_id_number;
use crate::domain::QueueStatus;
use chrono::{DateTime, FixedOffset};

/// Where a walk-in stood at `at`: waiting, being received, or gone (None).
pub(super) fn visitor_at(q: &QueueFact, at: DateTime<FixedOffset>) -> Option<Visitor> {
    let c = &q.contact;
    let (queue_date, queue_no) = (c.queue_date?, c.queue_no?);
    if c.arrived_at > at || q.finished_at.is_some_and(|f| f <= at) {
        return None;
    }
    let received = q.received_at.filter(|r| *r <= at);
    let status = if received.is_some() {
        QueueStatus::Receiving
    } else {
        QueueStatus::Waiting
    };
    let waited_until = received.unwrap_or(at);
    Some(Visitor {
        contact_id: c.contact_id,
        queue_date,
        queue_no,
        name: c.name.clone(),
        id_number_masked: c.id_number.as_deref().map(mask_id_number),
        headcount: c.headcount,
        case_no: c.case_no.clone(),
        matter: c.matter.clone(),
        status,
        arrived_at: stamp(c.arrived_at),
        checked_in_by: q.officer.clone(),
        received_by: received.and(q.received_by.clone()),
        received_at: received.map(stamp),
        waited_minutes: (waited_until - c.arrived_at).num_minutes().max(0),
        flags: c.flags.clone(),
        left_at: None,
    })
}

/// Where one walk-in's visit stood at an instant.
pub(super) enum Visit {
    Waiting,
    Received,
    Left,
}

pub(super) fn visit_at(q: &QueueFact, at: DateTime<FixedOffset>) -> Visit {
    if q.left && q.finished_at.is_some_and(|f| f <= at) {
        Visit::Left
    } else if q.received_at.is_some_and(|r| r <= at) || q.finished_at.is_some_and(|f| f <= at) {
        Visit::Received
    } else {
        Visit::Waiting
    }
}

/// A walk-in who left unseen between `since` and `until`.
pub(super) fn left_within(
    q: &QueueFact,
    since: DateTime<FixedOffset>,
    until: DateTime<FixedOffset>,
) -> Option<Visitor> {
    let c = &q.contact;
    let (queue_date, queue_no) = (c.queue_date?, c.queue_no?);
    let left_at = q
        .finished_at
        .filter(|f| q.left && in_window(*f, since, until))?;
    Some(Visitor {
        contact_id: c.contact_id,
        queue_date,
        queue_no,
        name: c.name.clone(),
        id_number_masked: c.id_number.as_deref().map(mask_id_number),
        headcount: c.headcount,
        case_no: c.case_no.clone(),
        matter: c.matter.clone(),
        status: QueueStatus::Left,
        arrived_at: stamp(c.arrived_at),
        checked_in_by: q.officer.clone(),
        received_by: q.received_by.clone(),
        received_at: q.received_at.map(stamp),
        waited_minutes: (left_at - c.arrived_at).num_minutes().max(0),
        flags: c.flags.clone(),
        left_at: Some(stamp(left_at)),
    })
}
