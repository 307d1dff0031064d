//! `jiedai demo`: fills the database with the demo generator and says what it made.

use super::progress::Progress;
use super::{Outcome, Startup};
use crate::store::OpenMode;

pub fn demo(ctx: &Startup, petitioners: u32, seed: u64) -> Outcome {
    let mut store = ctx.open(OpenMode::Create)?;
    // Whoever fills a new office's demo keeps its roster: acting first, they are its
    // 科长 and the demo's officers join as 科员.
    if let Some(officer) = &ctx.officer {
        store.sign_in(officer)?;
    }
    let mut bar = Progress::new("demo", u64::from(petitioners));
    let summary = crate::demo::fill(&mut store, petitioners, seed, |done| bar.set(done))?;
    bar.finish();
    println!(
        "{}",
        crate::words::cli::demo_made(ctx.lang, &store.path().display().to_string(), &summary)
    );
    Ok(())
}
