//! Moving a walk-in along today's queue: waiting → receiving → done, or waiting or
//! receiving → left unseen. Which moves are allowed, and what each one records.

use super::QueueStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueAction {
    Receive,
    Done,
    Left,
}

impl QueueAction {
    pub fn target(self) -> QueueStatus {
        match self {
            QueueAction::Receive => QueueStatus::Receiving,
            QueueAction::Done => QueueStatus::Done,
            QueueAction::Left => QueueStatus::Left,
        }
    }

    /// Which statuses the action may start from.
    pub fn allowed_from(self) -> &'static [QueueStatus] {
        match self {
            QueueAction::Receive => &[QueueStatus::Waiting],
            QueueAction::Done => &[QueueStatus::Receiving],
            QueueAction::Left => &[QueueStatus::Waiting, QueueStatus::Receiving],
        }
    }
}

/// What one move records on the visitor's contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueMove {
    pub status: QueueStatus,
    /// The acting officer becomes the one who received them.
    pub set_receiver: bool,
    /// Now is when they were received.
    pub stamp_received: bool,
    /// Now is when their visit ended.
    pub stamp_finished: bool,
}

/// The move `action` makes from `from`, or `None` when it may not start there. A
/// visitor marked done whom nobody marked received was received by the officer
/// who finished them.
pub fn queue_move(action: QueueAction, from: QueueStatus, received: bool) -> Option<QueueMove> {
    if !action.allowed_from().contains(&from) {
        return None;
    }
    let status = action.target();
    Some(match action {
        QueueAction::Receive => QueueMove {
            status,
            set_receiver: true,
            stamp_received: true,
            stamp_finished: false,
        },
        QueueAction::Done => QueueMove {
            status,
            set_receiver: !received,
            stamp_received: false,
            stamp_finished: true,
        },
        QueueAction::Left => QueueMove {
            status,
            set_receiver: false,
            stamp_received: false,
            stamp_finished: true,
        },
    })
}

/// What taking back a walk-in's last move restores. Received → waiting (who
/// received them and when is cleared), done → being received, left unseen →
/// where they were before (being received if someone had received them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueUndo {
    /// The status being taken back.
    pub from: QueueStatus,
    /// The status restored.
    pub to: QueueStatus,
    pub clear_receiver: bool,
    pub clear_finished: bool,
}

/// The undo of the move that brought a visitor to `from`; `None` for someone
/// waiting (nothing was done to them yet).
pub fn queue_undo(from: QueueStatus, received: bool) -> Option<QueueUndo> {
    let (to, clear_receiver, clear_finished) = match from {
        QueueStatus::Waiting => return None,
        QueueStatus::Receiving => (QueueStatus::Waiting, true, false),
        QueueStatus::Done => (QueueStatus::Receiving, false, true),
        QueueStatus::Left if received => (QueueStatus::Receiving, false, true),
        QueueStatus::Left => (QueueStatus::Waiting, false, true),
    };
    Some(QueueUndo {
        from,
        to,
        clear_receiver,
        clear_finished,
    })
}

/// When the move now shown as `status` was made: reception for someone being
/// received, the end of their visit otherwise.
pub fn moved_at<'a>(
    status: QueueStatus,
    received_at: Option<&'a str>,
    finished_at: Option<&'a str>,
) -> &'a str {
    match status {
        QueueStatus::Receiving => received_at,
        _ => finished_at,
    }
    .unwrap_or_default()
}

/// Whether a move made at `moved_at` belongs to the shift begun at `started`: a
/// move from before it may be in a handover already, so it stays.
pub fn undoable_in_shift(moved_at: &str, started: &str) -> bool {
    match (
        crate::time::parse_instant(moved_at),
        crate::time::parse_instant(started),
    ) {
        (Some(moved), Some(started)) => moved >= started,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use QueueStatus as S;

    #[test]
    fn moves_follow_the_queue_and_record_who_received() {
        let m = queue_move(QueueAction::Receive, S::Waiting, false).unwrap();
        assert!(m.set_receiver && m.stamp_received && !m.stamp_finished);
        assert_eq!(queue_move(QueueAction::Receive, S::Receiving, true), None);
        assert_eq!(queue_move(QueueAction::Done, S::Waiting, false), None);
        let m = queue_move(QueueAction::Done, S::Receiving, true).unwrap();
        assert_eq!(m.status, S::Done);
        assert!(!m.set_receiver && m.stamp_finished);
        let m = queue_move(QueueAction::Left, S::Waiting, false).unwrap();
        assert_eq!(m.status, S::Left);
        assert!(!m.set_receiver && !m.stamp_received && m.stamp_finished);
        assert_eq!(queue_move(QueueAction::Left, S::Done, true), None);
    }

    #[test]
    fn an_undo_restores_the_status_before_the_move() {
        assert_eq!(queue_undo(S::Waiting, false), None);
        let u = queue_undo(S::Receiving, true).unwrap();
        assert_eq!((u.from, u.to), (S::Receiving, S::Waiting));
        assert!(u.clear_receiver && !u.clear_finished);
        let u = queue_undo(S::Done, true).unwrap();
        assert_eq!(u.to, S::Receiving);
        assert!(!u.clear_receiver && u.clear_finished);
        assert_eq!(queue_undo(S::Left, true).unwrap().to, S::Receiving);
        let u = queue_undo(S::Left, false).unwrap();
        assert_eq!(u.to, S::Waiting);
        assert!(!u.clear_receiver && u.clear_finished);
        // Every undo leads back to a status the forward move started from.
        for from in [S::Receiving, S::Done, S::Left] {
            for received in [false, true] {
                let u = queue_undo(from, received).unwrap();
                let forward = [QueueAction::Receive, QueueAction::Done, QueueAction::Left]
                    .into_iter()
                    .any(|a| a.target() == from && a.allowed_from().contains(&u.to));
                assert!(forward, "{from:?} → {:?}", u.to);
            }
        }
    }
}
