//! `libscalars`: Part III's Layer 3 target library.
//!
//! Plain Rust behind a C ABI (`include/scalars.h`). Nothing here knows about
//! Python: the same `.so` could be called from C, Go or Julia. Python reaches it
//! through a ready-made extension module (`_ctypes`, `_cffi_backend`) or through
//! the shim cffi's API mode generates; those are Layer 2, this is Layer 3.
//!
//! Every export is `extern "C"` and `#[unsafe(no_mangle)]` so its symbol is the
//! plain C name the header declares.

pub mod arith;
pub mod callback;
pub mod status;
pub mod text;

pub use status::Status;
