//! `libhybrid_transport_local`: Part VI's transport plugin (Layer 3, no
//! Python), the C ABI of `include/hybrid_transport.h`. Messages are opaque
//! bytes here; the runtime serializes them.
//!
//! Files, in floors (each uses only those before it):
//! - `queue.rs`: a subscription's keep-last queue;
//! - `wire.rs`: frames on a socket, whole or not at all;
//! - `directory.rs`: where processes find each other's endpoints;
//! - `endpoint.rs`: publishers and subscriptions (intra-process, and over
//!   Unix-domain sockets between processes);
//! - `bridge.rs`: the C functions: ids, statuses, no panic crosses.

pub mod bridge;
pub mod directory;
pub mod endpoint;
pub mod queue;
pub mod wire;
