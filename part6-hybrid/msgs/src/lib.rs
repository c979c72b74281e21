//! `part6-msgs` builds, from its `build.rs`, the two shared libraries the
//! generator's C becomes; it has no Rust code of its own to speak of. The
//! libraries land beside cargo's own outputs (`target/<profile>/`):
//!
//! - `libdemo_msgs__c.so`: Layer 3. The runtime (`c/hybrid_runtime.c`) and
//!   every message's generated C; no `Python.h`.
//! - `_demo_msgs_s.abi3.so`: Layer 2. The generated typesupport extension
//!   (limited API), linked to the library above and found through its
//!   `$ORIGIN` run path, never to libpython.
//!
//! `make build` copies both into the generated Python package
//! (`part6-hybrid/generated/py/demo_msgs/`), as `colcon` installs rosidl's.

/// The Layer 3 library's file name.
pub const C_LIBRARY: &str = "libdemo_msgs__c.so";
/// The typesupport extension's file name.
pub const TYPESUPPORT: &str = "_demo_msgs_s.abi3.so";
