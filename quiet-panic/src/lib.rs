//! The project's panic policy, written once and used by every library and
//! extension module.
//!
//! A Rust panic must never unwind into C or into the interpreter, so every
//! boundary catches it and reports it: Layer 3 libraries as a status code,
//! extension modules as a Python exception. Catching is not enough, though:
//! Rust's default panic hook has already printed `thread '…' panicked at …`
//! (and, with `RUST_BACKTRACE=1`, a whole backtrace) to the *host's* stderr
//! before the catch runs. A library must not write to its host's stderr for
//! an error it handles and reports, so this crate installs, once per shared
//! library, a hook that stays quiet while a [`catch`] is running on the
//! thread and keeps the message and location for the report instead.
//!
//! A panic outside any `catch` (a bug in a path nobody guarded) still goes
//! to the previous hook and prints as usual: that one is not handled.
//!
//! Each `cdylib` carries its own copy of the standard library, so the hook
//! installed here governs the panics of the library it is compiled into and
//! nobody else's.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    /// How many [`catch`] calls are running on this thread (they may nest).
    static CATCHING: Cell<u32> = const { Cell::new(0) };
    /// The report of the last panic caught on this thread.
    static LAST: RefCell<Option<Report>> = const { RefCell::new(None) };
}

/// What a caught panic said, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The panic's message (`panic!("…")`'s text, or "(no message)").
    pub message: String,
    /// `file:line:column` of the `panic!`, when the runtime knows it.
    pub location: Option<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{} (at {location})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

// ANCHOR: catch
/// Runs `body`; a panic inside it becomes `Err(report)`, printed nowhere.
///
/// `AssertUnwindSafe` is the caller's promise, as with `catch_unwind`: after
/// an `Err` it only reports (a status code, an exception) and touches nothing
/// the body was mutating.
#[inline(always)] // on every call into a library: no frame of its own
pub fn catch<R>(body: impl FnOnce() -> R) -> Result<R, Report> {
    install();
    CATCHING.with(|depth| depth.set(depth.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(body));
    CATCHING.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|payload| {
        LAST.with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| Report {
                message: payload_message(payload.as_ref()),
                location: None,
            })
    })
}
// ANCHOR_END: catch

/// Set once the quiet hook is installed in this library.
static INSTALLED: Once = Once::new();

// ANCHOR: install
/// Installs the quiet hook once for this library; later calls do nothing.
///
/// [`catch`] and [`quiet_everywhere`] call it. Inlined, so that on every
/// call after the first it is one load and one test, in place.
#[inline(always)]
fn install() {
    if !INSTALLED.is_completed() {
        install_hook();
    }
}

#[cold]
#[inline(never)]
fn install_hook() {
    INSTALLED.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CATCHING.with(Cell::get) > 0 || EVERYWHERE.load(Ordering::Relaxed) {
                LAST.with(|last| *last.borrow_mut() = Some(report(info)));
            } else {
                previous(info);
            }
        }));
    });
}
// ANCHOR_END: install

/// Set by [`quiet_everywhere`]: every panic of this library is a handled one.
static EVERYWHERE: AtomicBool = AtomicBool::new(false);

/// Keeps every panic of this library quiet, on every thread, not only those
/// inside [`catch`]: for a pyo3 module, whose every entry point catches panics
/// (each becomes `PanicException`, which carries the message).
pub fn quiet_everywhere() {
    install();
    EVERYWHERE.store(true, Ordering::Relaxed);
}

fn report(info: &PanicHookInfo<'_>) -> Report {
    Report {
        message: payload_message(info.payload()),
        location: info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column())),
    }
}

/// `panic!` carries a `&str` (a literal) or a `String` (a formatted message).
fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_reported_with_its_message_and_location() {
        let report = catch(|| panic!("sensor-A is on fire")).unwrap_err();
        assert_eq!(report.message, "sensor-A is on fire");
        let location = report.location.expect("the runtime knows where");
        assert!(
            location.starts_with("quiet-panic/src/lib.rs:") || location.starts_with("src/lib.rs:"),
            "{location}"
        );
    }

    #[test]
    fn a_formatted_message_is_kept_too() {
        let report = catch(|| panic!("{} readings", 3)).unwrap_err();
        assert_eq!(report.message, "3 readings");
    }

    #[test]
    fn no_panic_passes_the_value_through() {
        assert_eq!(catch(|| 42), Ok(42));
    }

    #[test]
    fn nested_catches_each_get_their_own_report() {
        let outer = catch(|| {
            let inner = catch(|| panic!("inner")).unwrap_err();
            assert_eq!(inner.message, "inner");
            panic!("outer")
        });
        assert_eq!(outer.unwrap_err().message, "outer");
    }

    #[test]
    fn the_display_names_the_location() {
        let report = Report {
            message: "m".into(),
            location: Some("src/x.rs:1:2".into()),
        };
        assert_eq!(report.to_string(), "m (at src/x.rs:1:2)");
    }
}
