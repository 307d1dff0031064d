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
    // The registers' cases come later but keep their numbers in registration order.
    let schedule = crate::demo::risk::schedule(seed, store.now());
    let filled = crate::demo::fill_reserving(&mut store, petitioners, seed, &schedule, |done| {
        bar.set(done)
    });
    bar.finish();
    let (summary, kept) = match filled {
        Ok(done) => done,
        Err(e) => {
            // The stretches committed before the failure stay: say how much.
            if let Ok(people) = store.people_on_record() {
                let file = store.path().display().to_string();
                eprintln!("{}", crate::words::cli::demo_kept(ctx.lang, &file, people));
            }
            return Err(e.into());
        }
    };
    let registers = crate::demo::risk::fill(&mut store, seed, &kept)?;
    println!(
        "{}",
        crate::words::cli::demo_made(ctx.lang, &store.path().display().to_string(), &summary)
    );
    let leaders = crate::demo::leaders::fill_leaders(&mut store, seed)?;
    println!("{}", crate::words::leaders::demo_made(&leaders, ctx.lang));
    println!("{}", crate::words::risk::demo_made(ctx.lang, &registers));
    Ok(())
}
