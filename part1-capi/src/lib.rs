//! `part1_capi`: an extension module written by hand against CPython's C
//! API, in Rust, with nothing but `pyo3-ffi`'s declarations of that API.
//!
//! Like CPython's `Modules/xxlimited.c`, it starts from the Python it is
//! equivalent to. The full executable specification is
//! `tests/config_reference.py`; the contract suite runs both side by side.
//!
// ANCHOR: equivalent
//! ```python
//! class ConfigError(ValueError):
//!     """A Config value the contract refuses."""
//!
//! @final
//! class Config:
//!     """Config(timeout=30, url='http://localhost/', ssl=False)"""
//!     __slots__ = ("_timeout", "_url", "_ssl", "__weakref__")
//!
//!     def __new__(cls, timeout=30, url="http://localhost/", ssl=False):
//!         ...                      # each value checked, then stored
//!     timeout: int                 # properties: validated on set,
//!     url: str                     # never deletable
//!     ssl: bool
//!
//!     def process(self) -> dict: ...
//!     def replace(self, *, timeout=..., url=..., ssl=...) -> "Config": ...
//!     def __repr__(self):
//!         return f"Config(timeout={self.timeout}, url={self.url!r}, ssl={self.ssl})"
//!     def __eq__(self, other): ...  # the three fields; NotImplemented for others
//!     __hash__ = None               # mutable, so unhashable
//!
//! def add(a, b, /):                 # int64 arithmetic, METH_FASTCALL
//!     return a + b
//! def add_varargs(a, b, /):         # the same through METH_VARARGS (Part II)
//!     return a + b
//! ```
// ANCHOR_END: equivalent
//!
//! Files: `module.rs` (the module object and its state), `config.rs` (the
//! `Config` type), `args.rs` (argument parsing), `functions.rs` (`add`),
//! `capsule.rs` (the C-level API other extensions can import), `py.rs`
//! (small helpers over the C API) and `trap.rs` (the panic trap).

mod args;
mod capsule;
mod config;
mod functions;
mod module;
mod py;
mod trap;

use pyo3_ffi::PyObject;

// ANCHOR: pyinit
/// What `import part1_capi` calls: the one symbol Python looks for, by name.
///
/// Multi-phase initialisation: this returns the module's *definition*, and
/// the interpreter creates the module and runs its `Py_mod_exec` slot, once
/// per interpreter that imports it.
///
/// # Safety
/// Called by the interpreter, with the GIL held, during import.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInit_part1_capi() -> *mut PyObject {
    // SAFETY: the GIL is held (we are inside an import).
    unsafe { module::init() }
}
// ANCHOR_END: pyinit
