//! `libstructs`: Part IV's target library (Layer 3).
//!
//! Sensor records cross the C boundary as structs: a `Point` nested by
//! value, a caller-owned array of `Sample`s, inline arrays, a tagged union,
//! and an `OutputRecord` whose title and array the library allocates and
//! `free_output` releases. `include/structs.h` is the contract; Python
//! mirrors it with `ctypes.Structure` (Layer 1) and never sees Rust.
//!
//! Files: `records.rs` (the `#[repr(C)]` types), `transform.rs` (the work,
//! in safe Rust), `bridge.rs` (the `extern "C"` functions and every pointer
//! check), `layout.rs` (the layout probe), `status.rs` (status codes).

pub mod bridge;
pub mod layout;
pub mod records;
pub mod status;
pub mod transform;
