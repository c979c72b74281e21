//! What an instance's bytes point into (ctypes' `_objects`), filed by
//! where the pointing bytes are.

use std::collections::BTreeMap;

use pyo3::prelude::*;

// ANCHOR: keepalive
/// Python objects that some bytes point into, each filed under the address
/// of those bytes. Writing the same bytes again replaces the entry: a
/// `c_char_p` field set a million times keeps one bytes object, not a
/// million. What is filed under no address (`always`: an array's element
/// class) lasts as long as the instance.
#[derive(Default)]
pub(crate) struct Keepalive {
    /// By the address of the bytes that point into the object (ordered, so
    /// that the entries inside a written range are found without a scan:
    /// an array of 100,000 structs is built in linear time).
    at: BTreeMap<usize, Py<PyAny>>,
    always: Vec<Py<PyAny>>,
}

impl Keepalive {
    /// `size` bytes at `address` have just been written: what they pointed
    /// into before is no longer needed, `new` (if any) is what they point
    /// into now.
    pub(crate) fn replace(&mut self, address: usize, size: usize, new: Option<Py<PyAny>>) {
        let written = address..address + size.max(1);
        let stale: Vec<usize> = self.at.range(written).map(|(&at, _)| at).collect();
        for at in stale {
            self.at.remove(&at);
        }
        if let Some(object) = new {
            self.at.insert(address, object);
        }
    }

    /// Keeps `object` for the instance's whole life.
    pub(crate) fn always(&mut self, object: Py<PyAny>) {
        self.always.push(object);
    }

    pub(crate) fn objects(&self) -> impl Iterator<Item = &Py<PyAny>> {
        self.at.values().chain(&self.always)
    }

    pub(crate) fn clear(&mut self) {
        self.at.clear();
        self.always.clear();
    }
}
// ANCHOR_END: keepalive
