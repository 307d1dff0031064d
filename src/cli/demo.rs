//! `jiedai demo`: fills the database with the demo generator and says what it made.
//!
//! A new file is filled under a hidden name beside it and takes its name only once
//! complete and synced (`outfile::Staged`): a demo killed half-way leaves nothing
//! under the name, and while nobody else can see the file it loads without a
//! journal on disk or syncs (`Admin::begin_loading`). A file that exists already
//! (made by `init`, or `--force`d) is filled in place, as before. A demo killed
//! half-way leaves its hidden file; the next demo onto the name removes it.

use super::progress::Progress;
use super::{Outcome, Startup};
use crate::store::{OpenMode, Store};

pub fn demo(ctx: &Startup, petitioners: u32, seed: u64) -> Outcome {
    // What a demo killed half-way left beside the name (its hidden file) goes
    // with the next demo onto it; a demo still running keeps its file.
    if !ctx.on_server() {
        crate::outfile::remove_dead_leftovers(&ctx.db_path);
    }
    if !ctx.record_may_exist() {
        return demo_new_file(ctx, petitioners, seed);
    }
    let mut store = ctx.open(OpenMode::Create)?;
    let file = store.path().display().to_string();
    match fill(ctx, &mut store, petitioners, seed) {
        Ok(made) => {
            print_all(ctx, &file, &made);
            Ok(())
        }
        Err(Failed::Filling(e)) => {
            // The stretches committed before the failure stay: say how much.
            if let Ok(people) = store.people_on_record() {
                eprintln!("{}", crate::words::cli::demo_kept(ctx.lang, &file, people));
            }
            Err(e)
        }
        Err(Failed::After(e)) => Err(e),
    }
}

/// Fills a new file under a hidden name and moves it into place once complete;
/// on failure nothing is left under either name.
fn demo_new_file(ctx: &Startup, petitioners: u32, seed: u64) -> Outcome {
    if let Some(dir) = ctx.db_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // As opening a new file would: its folder is made for it.
        let _ = std::fs::create_dir_all(dir);
    }
    // The name is free (no record may exist there): nothing of one to protect.
    let staged = crate::outfile::Staged::create_named(&ctx.db_path, false, &[])?;
    let staging = staged
        .staging_path()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let loading = Startup {
        db_path: staging.clone(),
        ..ctx.clone()
    };
    let made = (|| {
        let mut store = loading.open(OpenMode::Create)?;
        store.begin_loading()?;
        let made = fill(ctx, &mut store, petitioners, seed).map_err(Failed::into_failure)?;
        store.end_loading()?;
        Ok::<_, super::exit::Failure>(made)
        // The store closes here: its last connection folds the log into the file.
    })();
    let made = match made {
        Ok(made) => made,
        Err(e) => {
            // The staged file goes when `staged` is dropped; SQLite's files beside it
            // are removed here.
            for side in crate::outfile::database_files(&staging).iter().skip(1) {
                let _ = std::fs::remove_file(side);
            }
            return Err(e);
        }
    };
    staged.publish()?;
    // What was made is told under the name it now has.
    print_all(ctx, &ctx.db_path.display().to_string(), &made);
    Ok(())
}

/// Why a demo stopped: while filling the people (the stretches committed stay in
/// a file filled in place), or in the registers and leaders' work after them.
enum Failed {
    Filling(super::exit::Failure),
    After(super::exit::Failure),
}

impl Failed {
    fn into_failure(self) -> super::exit::Failure {
        match self {
            Failed::Filling(e) | Failed::After(e) => e,
        }
    }
}

/// What a demo made, told once the file has its name.
struct Made {
    summary: crate::demo::DemoSummary,
    leaders: String,
    registers: String,
}

fn print_all(ctx: &Startup, file: &str, made: &Made) {
    println!(
        "{}",
        crate::words::cli::demo_made(ctx.lang, file, &made.summary)
    );
    println!("{}", made.leaders);
    println!("{}", made.registers);
}

fn fill(ctx: &Startup, store: &mut Store, petitioners: u32, seed: u64) -> Result<Made, Failed> {
    let after = |e: crate::store::StoreError| Failed::After(e.into());
    // Whoever fills a new office's demo keeps its roster: acting first, they are its
    // 科长 and the demo's officers join as 科员.
    if let Some(officer) = &ctx.officer {
        store.sign_in(officer).map_err(after)?;
    }
    let mut bar = Progress::new("demo", u64::from(petitioners));
    // The registers' cases come later but keep their numbers in registration order.
    let schedule = crate::demo::risk::schedule(seed, store.now());
    let filled =
        crate::demo::fill_reserving(store, petitioners, seed, &schedule, |done| bar.set(done));
    bar.finish();
    let (summary, kept) = filled.map_err(|e| Failed::Filling(e.into()))?;
    let registers = crate::demo::risk::fill(store, seed, &kept).map_err(after)?;
    let leaders = crate::demo::leaders::fill_leaders(store, seed).map_err(after)?;
    Ok(Made {
        summary,
        leaders: crate::words::leaders::demo_made(&leaders, ctx.lang),
        registers: crate::words::risk::demo_made(ctx.lang, &registers),
    })
}
