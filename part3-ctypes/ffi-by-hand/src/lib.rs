//! What `_ctypes` does for you, written out in Rust.
//!
//! `ctypes.CDLL("libscalars.so").add(2, 3)` hides five steps. This crate does
//! each one by hand, with the same two C libraries `_ctypes` uses underneath
//! (`dlopen`/`dlsym`, here through `libloading`, and `libffi`):
//!
//! 1. load the library at run time ([`library::Library::open`]);
//! 2. look up a symbol by name ([`library::Library::function`]);
//! 3. describe its signature at run time and prepare a libffi `ffi_cif`
//!    once ([`signature::Signature::prepare`]);
//! 4. marshal each argument into storage of its C type and pass libffi an
//!    array of pointers to them, then convert the result back
//!    ([`function::ForeignFunction::call`]);
//! 5. for callbacks, let libffi build a C function pointer that jumps into
//!    our code ([`callback::FibCollector`]).
//!
//! Nothing here is checked by the compiler against the C header: exactly like
//! `argtypes`, the signature is a promise the caller makes at run time. That is
//! why every call is `unsafe` at the bottom.

pub mod callback;
pub mod error;
pub mod function;
pub mod library;
pub mod signature;
pub mod value;

pub use error::FfiError;
pub use function::ForeignFunction;
pub use library::Library;
pub use signature::{CType, Signature};
pub use value::Value;
