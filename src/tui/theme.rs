//! Styles. With `NO_COLOR` set the desk still marks what matters (selection, overdue
//! clocks, errors) with bold, reverse and underline, which every terminal shows.

use crate::domain::{ClockState, Flag, QueueStatus};
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// <https://no-color.org>: any non-empty value turns colour off.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color {
            colored
        } else {
            plain
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn header(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn label(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn bad(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn warn(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn good(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(Color::DarkGray),
            (false, false) => Style::new(),
        }
    }

    pub fn tab(&self, active: bool) -> Style {
        if active {
            self.pick(
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            )
        } else {
            Style::new()
        }
    }

    pub fn bar(&self) -> Style {
        self.pick(
            Style::new().bg(Color::Blue).fg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn message(&self, error: bool) -> Style {
        match (error, self.color) {
            (true, true) => Style::new()
                .bg(Color::Red)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            (false, true) => Style::new().bg(Color::Green).fg(Color::Black),
            (true, false) => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            (false, false) => Style::new().add_modifier(Modifier::BOLD),
        }
    }

    pub fn clock(&self, state: ClockState) -> Style {
        match state {
            ClockState::Overdue | ClockState::Late => self.bad(),
            ClockState::DueToday => self.warn(),
            ClockState::Met | ClockState::Expired => self.dim(),
            ClockState::Running => Style::new(),
        }
    }

    pub fn flag(&self, flag: Flag) -> Style {
        match flag {
            Flag::Overdue | Flag::ClosedMatter | Flag::TooManyRepresentatives => self.bad(),
            Flag::First => self.dim(),
            _ => self.warn(),
        }
    }

    pub fn queue_status(&self, status: QueueStatus) -> Style {
        match status {
            QueueStatus::Waiting => self.warn(),
            QueueStatus::Receiving => self.good(),
            QueueStatus::Done | QueueStatus::Left => self.dim(),
        }
    }
}
