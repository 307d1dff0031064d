//! The desk's panes and forms. Each owns its state, changes it in small methods that
//! `App::update` calls, and draws itself from `&self`.
//!
//! Lists draw only the rows that fit: a lookup may hold 200 people and a timeline
//! hundreds of events, and a frame is drawn on every keystroke.

pub mod checkin;
pub mod confirm;
pub mod figures;
pub mod handover;
pub mod handpick;
pub mod help;
pub mod lookup;
pub mod picker;
pub mod queue;
pub mod ratingform;
pub mod reception;
pub mod registers;
pub mod risk_register;
pub mod signin;
pub mod stepform;
pub mod summary;
pub mod timeline;

pub use crate::tui::keys::Move;

use crate::tui::layer::Effect;

/// What a pane's action asks of the desk, besides effects of its own: the actions
/// that move between panes are the desk's to carry out.
#[derive(Debug)]
pub enum Reply {
    /// Done here, with these effects.
    Effects(Vec<Effect>),
    /// Open this case on the timeline.
    OpenCase(String),
    /// Open the owner picker on this case; `None`: no case is in hand.
    Owner(Option<String>),
}

/// A message for the status line, not an error.
pub fn say(text: &str) -> Reply {
    Reply::Effects(vec![Effect::Flash(text.into(), false)])
}
pub use crate::tui::shared::DrawCx;
pub use crate::tui::widgets::draw::*;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::text::display_width;
    use ratatui::text::Span;

    /// An active officer, for the pickers' tests.
    pub(crate) fn officer(name: &str) -> crate::store::Officer {
        crate::store::Officer {
            id: 1,
            name: name.into(),
            role: crate::domain::roster::OfficerRole::Clerk,
            title: None,
            active: true,
            host_account: None,
        }
    }

    #[test]
    fn window_follows_the_selection() {
        let mut sel = Selection::default();
        assert_eq!(sel.window(100, 10), 0..10);
        sel.selected = 15;
        assert_eq!(sel.window(100, 10), 6..16);
        sel.selected = 10;
        assert_eq!(
            sel.window(100, 10),
            6..16,
            "moving back inside the window does not scroll"
        );
        sel.selected = 2;
        assert_eq!(sel.window(100, 10), 2..12);
        assert_eq!(sel.window(5, 10), 0..5);
        assert_eq!(sel.window(0, 10), 0..0);
    }

    #[test]
    fn pages_use_the_drawn_height() {
        let mut sel = Selection::default();
        sel.window(100, 20);
        sel.apply(Move::PageDown, 100);
        assert_eq!(sel.selected, 20);
        sel.apply(Move::Bottom, 100);
        assert_eq!(sel.selected, 99);
        sel.apply(Move::Down, 100);
        assert_eq!(sel.selected, 99);
    }

    #[test]
    fn clipping_drops_a_wide_character_whole() {
        let line = clip_line(vec![Span::raw("ab"), Span::raw("张伟伟")], 5);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(display_width(&text) <= 5, "{text}");
        assert!(text.starts_with("ab张"));
    }
}
