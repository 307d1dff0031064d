//! Widgets the panes and dialogs share: one filtered list for every picker, and
//! the text box over it that the pick dialogs use.

pub mod filter_list;
pub mod pick_box;

pub use filter_list::{Entry, FilterList, Row};
pub use pick_box::{PickBox, PickKey};
