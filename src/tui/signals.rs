//! Signals that end the desk: closing the window (SIGHUP), `kill` (SIGTERM), and
//! SIGINT or SIGQUIT sent from outside (in raw mode the keyboard sends neither).
//! Their default action would kill the process with the terminal still raw and on
//! the alternate screen; instead each becomes an event, the loop ends, and the
//! terminal guard puts everything back.

/// Starts a thread that hands each ending signal to `deliver` until it returns
/// false. Without handlers (an exotic platform), the defaults stay.
pub fn forward(deliver: impl Fn(i32) -> bool + Send + 'static) {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        let Ok(mut signals) =
            signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])
        else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("jiedai-signals".into())
            .spawn(move || {
                for sig in signals.forever() {
                    if !deliver(sig) {
                        return;
                    }
                }
            });
    }
    #[cfg(not(unix))]
    let _ = deliver;
}
