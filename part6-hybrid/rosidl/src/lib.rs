//! ANCHOR: map
//! `rosidl`: Part VI's generator. A package of `.msg` files becomes three
//! layers, as ROS 2's rosidl generators make them:
//!
//! ```text
//! msg/demo_msgs/DemoStatus.msg
//!   -> parse.rs   (one file)  -> resolve.rs (the package: nested types, cycles, type hashes)
//!   -> emit_c.rs   Layer 3: demo_msgs/msg/demo_status.{h,c}  (C structs, CDR)
//!   -> emit_ext.rs Layer 2: _demo_msgs_s.c                   (conversions, capsules)
//!   -> emit_py.rs  Layer 1: demo_msgs/msg/_demo_status.py    (the Python class)
//! ```
//! ANCHOR_END: map
//!
//! Files, in floors (each uses only those before it): `ir.rs` (the typed
//! description), `parse.rs`, `resolve.rs`, `names.rs` (one spelling per name
//! in every output), `emit_c.rs`, `emit_py.rs`, `emit_ext.rs`, `generate.rs`
//! (a package folder in, every file out); `main.rs` is the command line
//! (`rosidl MSG_FOLDER OUT_FOLDER [--check]`). `checks.py` is the Python
//! every generated package gets a copy of.

pub mod emit_c;
pub mod emit_ext;
pub mod emit_py;
pub mod generate;
pub mod ir;
pub mod names;
pub mod parse;
pub mod resolve;
