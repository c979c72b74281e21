//! `libhandles`: Part V's target library (Layer 3).
//!
//! Objects live inside the library; callers hold *handles*, 64-bit integers
//! that name an object without being its address. A handle whose object
//! was released is detected as stale, however its slot has been reused
//! since, so a use after release is an error code, never a read of freed
//! memory. `include/handles.h` is the contract.
//!
//! Files: `handle.rs` (the bit layout), `pool.rs` (the generational pool),
//! `objects.rs` (the "class behind the bridge": `Config` on the shared
//! Config core, `Counter`), `bridge.rs` (the `extern "C"` functions),
//! `status.rs` (status codes and the last error's message), `text.rs` (C
//! text with Python's lone surrogates), `raw.rs` (the raw-pointer API that
//! handles replace, for the failure-first demonstration).

pub mod bridge;
pub mod handle;
pub mod objects;
pub mod pool;
pub mod raw;
pub mod status;
pub mod text;
