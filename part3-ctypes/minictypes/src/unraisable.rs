//! An exception nobody can catch (a callback raised, and C called it),
//! reported as ctypes reports it: through `sys.unraisablehook`, with
//! ctypes' words (`err_msg`), so a hook or a test written for ctypes sees
//! the same report. A bottom floor: it needs nothing else of mini-ctypes.
//!
//! The interpreter's function that takes those words is not in the stable
//! ABI this crate builds against: `_PyErr_WriteUnraisableMsg` (3.8 to
//! 3.12, private) or `PyErr_FormatUnraisable` (3.13+). Both are looked up
//! once in the running interpreter; without either, the report is the
//! plain one (`Exception ignored in: <function>`), never lost.

use std::ffi::{CStr, c_char};
use std::sync::OnceLock;

use pyo3::prelude::*;

/// Where an exception escaped a callback.
#[derive(Clone, Copy)]
pub(crate) enum Stage {
    /// The Python function raised.
    Calling,
    /// Its result could not become the declared C result.
    ConvertingResult,
}

impl Stage {
    /// ctypes' words, after "Exception ignored ".
    fn words(self) -> &'static CStr {
        match self {
            Self::Calling => c"on calling ctypes callback function",
            Self::ConvertingResult => c"on converting result of ctypes callback function",
        }
    }

    /// The whole message, for `PyErr_FormatUnraisable`'s format (no `%`).
    fn message(self) -> &'static CStr {
        match self {
            Self::Calling => c"Exception ignored on calling ctypes callback function",
            Self::ConvertingResult => {
                c"Exception ignored on converting result of ctypes callback function"
            }
        }
    }
}

type WithMessage = unsafe extern "C" fn(*const c_char, *mut pyo3::ffi::PyObject);
type Formatted = unsafe extern "C" fn(*const c_char, ...);

enum Reporter {
    WithMessage(WithMessage),
    Formatted(Formatted),
    Plain,
}

fn reporter() -> &'static Reporter {
    static FOUND: OnceLock<Reporter> = OnceLock::new();
    FOUND.get_or_init(|| {
        // SAFETY: dlsym on the process's own symbols; each name, when
        // present, has the signature its type alias gives (CPython's
        // headers: pycore_pyerrors.h 3.8-3.12, pyerrors.h 3.13+).
        unsafe {
            let found = libc::dlsym(libc::RTLD_DEFAULT, c"PyErr_FormatUnraisable".as_ptr());
            if !found.is_null() {
                return Reporter::Formatted(std::mem::transmute::<*mut libc::c_void, Formatted>(
                    found,
                ));
            }
            let found = libc::dlsym(libc::RTLD_DEFAULT, c"_PyErr_WriteUnraisableMsg".as_ptr());
            if !found.is_null() {
                return Reporter::WithMessage(
                    std::mem::transmute::<*mut libc::c_void, WithMessage>(found),
                );
            }
        }
        Reporter::Plain
    })
}

/// Reports `error`, raised by `function` at `stage`, and clears it.
pub(crate) fn report(py: Python<'_>, error: PyErr, stage: Stage, function: &Bound<'_, PyAny>) {
    match reporter() {
        Reporter::Plain => error.write_unraisable(py, Some(function)),
        Reporter::WithMessage(write) => {
            error.restore(py);
            // SAFETY: GIL held, an exception set; both pointers live for the call.
            unsafe { write(stage.words().as_ptr(), function.as_ptr()) };
        }
        Reporter::Formatted(format) => {
            error.restore(py);
            // SAFETY: as above; the format has no conversions.
            unsafe { format(stage.message().as_ptr()) };
        }
    }
}
