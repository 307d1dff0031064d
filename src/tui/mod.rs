//! The full-screen desk: `jiedai` with no command.
//!
//! The UI thread owns the terminal and the [`app::App`] state and never touches the
//! disk: a worker thread ([`worker`]) owns its own store connection and the lookup
//! index. Terminal input and the worker's answers arrive on one channel, each
//! becomes an [`app::Msg`], and the screen is redrawn from the state after each
//! batch (the Elm architecture, as in gitui and helix).

pub mod app;
mod desk;
pub mod draft;
pub mod input;
pub mod keymap;
mod keys;
pub mod layer;
pub mod panes;
mod responses;
mod risk;
mod shared;
mod shift;
mod signals;
pub mod theme;
pub mod view;
pub mod widgets;
pub mod worker;

use crate::exit::{self, Failure, Outcome};
use crate::startup::Startup;
use crate::store::OpenMode;
use crate::words::startup::{self as words, DeskStep};
use app::{App, AppInit, Command, Msg};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use keymap::Keymap;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How often the clock, the status message and the poll for other desks' writes
/// are looked at.
const TICK: Duration = Duration::from_millis(250);

enum UiEvent {
    Term(Event),
    Worker(worker::Response),
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT: the desk ends and gives the terminal back.
    Signal(i32),
}

pub fn run(ctx: &Startup) -> Outcome {
    // Everything that can fail with a plain message fails before the terminal is
    // touched, so the message lands on a normal screen.
    {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
            return Err(Failure::new(exit::USAGE, words::needs_terminal(ctx.lang)));
        }
    }
    let mut store = ctx.open(OpenMode::Create)?;
    if let Some(officer) = &ctx.officer {
        store.sign_in(officer)?;
    }
    let (keymap, warnings) = Keymap::load(ctx.keymap.as_deref(), user_keymap_path(ctx).as_deref());
    let mut app = App::new(AppInit {
        lang: ctx.lang,
        officer: ctx.officer.clone(),
        keymap,
        theme: theme::Theme::from_env(),
        now: ctx.time.now(),
        max_extension_days: ctx.config.clocks.max_extension_days,
    });
    app.max_representatives = ctx.config.flags.max_representatives;
    app.pending_draft = draft::take(&draft::path(&ctx.db_path, ctx.officer.as_deref()));
    if let Some(first) = warnings.first() {
        let more = if warnings.len() > 1 {
            format!(" (+{})", warnings.len() - 1)
        } else {
            String::new()
        };
        let label = app.s().colon(app.s().keymap_warning);
        app.flash(format!("{label}{first}{more}"), true);
    }

    let (tx, rx) = mpsc::channel::<UiEvent>();
    let worker_tx = tx.clone();
    let worker = worker::spawn(
        store,
        Box::new(move |r| worker_tx.send(UiEvent::Worker(r)).is_ok()),
    )
    .map_err(|e| {
        Failure::new(
            exit::FAILURE,
            words::desk_failed(ctx.lang, DeskStep::Worker, &e),
        )
    })?;
    // Receipts take the office's name, phone and templates from beside the config.
    worker.send(worker::Request::Paper {
        desk: ctx.config.desk.clone(),
        templates: ctx
            .config_path
            .as_deref()
            .and_then(std::path::Path::parent)
            .map(|d| d.join("templates")),
        lang: ctx.lang,
    });

    let result = {
        let guard = TerminalGuard::enter().map_err(|e| {
            Failure::new(
                exit::FAILURE,
                words::desk_failed(ctx.lang, DeskStep::Terminal, &e),
            )
        })?;
        spawn_input(tx.clone());
        signals::forward(move |sig| tx.send(UiEvent::Signal(sig)).is_ok());
        let r = event_loop(&mut app, &worker, &rx, ctx);
        drop(guard);
        r
    };
    // Waits for the worker's last write to commit.
    drop(worker);
    for w in &warnings {
        eprintln!("jiedai: {}{w}", words::keymap_label(ctx.lang));
    }
    match result {
        Ok(None) => Ok(()),
        // As a shell reports a process a signal ended: 128 + its number.
        Ok(Some(sig)) => Err(Failure::new(
            (128 + sig).clamp(0, 255) as u8,
            words::ended_by_signal(ctx.lang, sig),
        )),
        Err(e) => Err(Failure::new(
            exit::FAILURE,
            words::desk_failed(ctx.lang, DeskStep::Running, &e),
        )),
    }
}

/// `keymap.toml` beside the config file (so `JIEDAI_CONFIG` moves both).
fn user_keymap_path(ctx: &Startup) -> Option<PathBuf> {
    let dir = match &ctx.config_path {
        Some(p) => p.parent()?.to_path_buf(),
        None => directories::BaseDirs::new()?.config_dir().join("jiedai"),
    };
    Some(dir.join("keymap.toml"))
}

/// Reads the terminal on its own thread so that the loop can wait on one channel
/// for keys and the worker's answers alike.
fn spawn_input(tx: Sender<UiEvent>) {
    let _ = std::thread::Builder::new()
        .name("jiedai-input".into())
        .spawn(move || loop {
            match event::read() {
                Ok(ev) => {
                    if tx.send(UiEvent::Term(ev)).is_err() {
                        return;
                    }
                }
                // A terminal that cannot be read any more (closed pty) ends the desk.
                Err(_) => return,
            }
        });
}

fn event_loop(
    app: &mut App,
    worker: &worker::WorkerHandle,
    rx: &mpsc::Receiver<UiEvent>,
    ctx: &Startup,
) -> io::Result<Option<i32>> {
    // No `terminal.clear()`: it asks the terminal for the cursor position, which
    // waits on the input thread's lock forever. The alternate screen starts blank.
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    app.update(Msg::Resize {
        width: size.width,
        height: size.height,
    });
    let mut quit = run_commands(app.start(), worker);
    let mut next_tick = Instant::now();
    while !quit {
        terminal.draw(|f| view::view(app, f))?;
        // Test builds only: proves the panic hook gives the terminal back.
        #[cfg(debug_assertions)]
        if std::env::var_os("JIEDAI_DEBUG_PANIC").is_some() {
            panic!("JIEDAI_DEBUG_PANIC: a deliberate panic after the first frame");
        }
        let wait = next_tick.saturating_duration_since(Instant::now());
        let first = match rx.recv_timeout(wait) {
            Ok(ev) => Some(ev),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        // Take everything that is waiting before drawing again: a paste or a fast
        // typist must not cost one frame per key.
        for ev in first.into_iter().chain(rx.try_iter()) {
            let msg = match ev {
                UiEvent::Term(Event::Key(k)) => Msg::Key(k),
                UiEvent::Term(Event::Paste(p)) => Msg::Paste(p),
                UiEvent::Term(Event::Resize(width, height)) => Msg::Resize { width, height },
                UiEvent::Term(_) => continue,
                UiEvent::Worker(r) => Msg::Worker(r),
                // Ends the loop at once: the guard then restores the terminal.
                UiEvent::Signal(sig) => {
                    // Whatever was typed into the check-in form waits for next time.
                    if let Some(d) = app.draft() {
                        let path = draft::path(&ctx.db_path, app.officer.as_deref());
                        let _ = draft::save(&path, &ctx.db_path, &d);
                    }
                    return Ok(Some(sig));
                }
            };
            quit |= run_commands(app.update(msg), worker);
        }
        if Instant::now() >= next_tick {
            next_tick = Instant::now() + TICK;
            quit |= run_commands(
                app.update(Msg::Tick {
                    now: ctx.time.now(),
                    at: Instant::now(),
                }),
                worker,
            );
        }
    }
    Ok(None)
}

/// Carries out commands; true when one of them is to quit.
fn run_commands(commands: Vec<Command>, worker: &worker::WorkerHandle) -> bool {
    let mut quit = false;
    for c in commands {
        match c {
            Command::Send(r) => worker.send(r),
            Command::Quit => quit = true,
        }
    }
    quit
}

/// Puts the terminal back however the desk ends: normally (drop), with an error
/// (drop while unwinding), or with a panic (the hook, before the message prints).
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // The worker catches its own panics and reports them on screen; printing
            // into the raw alternate screen would only garble the desk.
            if std::thread::current().name() == Some(worker::THREAD_NAME) {
                return;
            }
            restore_terminal();
            previous(info);
        }));
        terminal::enable_raw_mode()?;
        let guard = TerminalGuard;
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn restore_terminal() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}
