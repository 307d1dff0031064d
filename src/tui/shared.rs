//! What the layer protocol and the panes both speak of: the drawing context, the
//! questions a layer may ask, and the shift as the desk knows it. Kept apart from
//! both so that neither imports the other's module to name them.

use super::keymap::{Action, Context, Keymap};
use super::theme::Theme;
use crate::domain::Lang;
use crate::store::{Handover, Shift};
use crate::words::desk::Strings;
use chrono::{DateTime, FixedOffset};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

/// What every pane needs to draw besides its own state.
pub struct DrawCx<'a> {
    pub s: &'static Strings,
    pub lang: Lang,
    pub theme: Theme,
    pub now: DateTime<FixedOffset>,
    pub focused: bool,
    pub keymap: &'a Keymap,
}

impl DrawCx<'_> {
    /// The first key bound to `action` in `ctx`, as hints show it ("n", "C-s").
    pub fn key(&self, ctx: Context, action: Action) -> String {
        self.keymap.hint(ctx, action).unwrap_or_else(|| "?".into())
    }

    /// A bordered block whose border shows whether the pane has the keyboard.
    pub fn block(&self, title: String) -> Block<'static> {
        Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border(self.focused))
            .title(Span::styled(format!(" {title} "), self.theme.header()))
    }
}

/// What a yes answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    Quit,
    DiscardCheckIn,
    DiscardStep,
    /// Save an ID number whose check character should be this one.
    BadChecksum(char),
    DiscardNotes,
    /// Close the new-representative box over the check-in form, losing its ID
    /// number and phone.
    DiscardNewRep,
    /// End the shift by handing it to this officer.
    HandOver(String),
    /// Sign in as the first officer of an empty roster (who becomes its 科长).
    FirstOfficer(String),
    /// Add this name to the roster (a 科长's act).
    AddOfficer(String),
    /// Mark this walk-in as gone without being received.
    LeftUnseen {
        contact_id: i64,
        queue_no: i64,
        name: String,
    },
    /// Take back this walk-in's last move: from the status shown, to the one before.
    UndoMove {
        contact_id: i64,
        queue_no: i64,
        name: String,
        from: crate::domain::QueueStatus,
        to: crate::domain::QueueStatus,
    },
}

/// The officer's shift as the desk last heard of it, and the handovers around it.
#[derive(Debug, Default)]
pub struct ShiftState {
    pub current: Option<Shift>,
    /// Handovers addressed to the officer and not acknowledged, newest first.
    pub pending: Vec<Handover>,
    /// The office's most recent handover.
    pub last: Option<Handover>,
    /// Numbers summary requests, so a slow old answer never replaces a newer one.
    pub seq: u64,
}

impl ShiftState {
    pub fn is_open(&self) -> bool {
        self.current.as_ref().is_some_and(Shift::is_open)
    }

    /// The refusal a write of the officer meets once their shift was handed over.
    pub fn handed_over(&self) -> Option<crate::domain::duty::DutyError> {
        let shift = self.current.as_ref().filter(|s| !s.is_open())?;
        Some(crate::domain::duty::DutyError::HandedOver {
            officer: shift.officer.clone(),
            to: shift.handed_to.clone()?,
            at: shift.ended_at.clone().unwrap_or_default(),
        })
    }

    /// To whom the officer's shift was handed, once it was.
    pub fn handed_to(&self) -> Option<&str> {
        self.current
            .as_ref()
            .filter(|s| !s.is_open())
            .and_then(|s| s.handed_to.as_deref())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The officer's own shift: notes and the hand-over key.
    Own,
    /// A handover addressed to the officer: read, then acknowledge.
    Incoming(Box<Handover>),
}

/// The smallest terminal the desk is drawn in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Whether the desk fits a terminal of this size; below it only a sentence shows
/// and only the quit and language keys act.
pub fn fits(width: u16, height: u16) -> bool {
    width >= MIN_WIDTH && height >= MIN_HEIGHT
}
