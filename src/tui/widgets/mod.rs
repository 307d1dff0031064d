//! Widgets the panes and dialogs share: one filtered list for every picker, the
//! text box over it that the pick dialogs use, and one form for every form.

pub mod draw;
pub mod filter_list;
pub mod form;
pub mod pick_box;

pub use filter_list::{Entry, FilterList, Row};
pub use form::Form;
pub use pick_box::{PickBox, PickKey, PICK_HINTS};
