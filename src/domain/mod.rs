//! The rules of the desk. Nothing here touches the disk, the terminal or the clock:
//! every function takes what it needs (including "today") as arguments.

pub mod anchor;
pub mod assigned;
pub mod audit;
pub mod catalog;
pub mod clocks;
pub mod documents;
pub mod duty;
pub mod figures;
pub mod figures_by;
pub mod figures_days;
pub mod flags;
pub mod handover;
pub mod history;
pub mod idnumber;
pub mod initial;
pub mod intake;
pub mod leaders;
pub mod lifecycle;
pub mod mask;
pub mod merge;
pub mod model;
pub mod notices;
pub mod numbering;
pub mod people;
pub mod queue;
pub mod ratings;
pub mod requests;
pub mod risk;
pub mod roster;
pub mod transfer;

pub use model::*;
