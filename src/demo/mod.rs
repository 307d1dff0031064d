//! Realistic synthetic data: `gen` makes people and matters, `fill` writes a whole
//! office's history through the store's own operations.

mod fill;
pub mod gen;
pub mod leaders;
mod office;
mod plan;
mod pools;
mod ratings;
pub mod risk;

pub use fill::{fill, fill_reserving, DemoSummary};
