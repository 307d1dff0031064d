//! Realistic synthetic data: `gen` makes people and matters, `fill` writes a whole
//! office's history through the store's own operations.

mod fill;
pub mod gen;
mod office;
mod plan;
mod pools;

pub use fill::{fill, DemoSummary};
