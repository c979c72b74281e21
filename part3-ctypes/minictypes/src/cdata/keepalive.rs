//! What an instance's bytes point into (ctypes' `_objects`), filed by
//! where the pointing bytes are.

use pyo3::prelude::*;

// ANCHOR: keepalive
/// Python objects that some bytes point into, each filed under the address
/// of those bytes. Writing the same bytes again replaces the entry: a
/// `c_char_p` field set a million times keeps one bytes object, not a
/// million. What is filed under no address (`always`: an array's element
/// class) lasts as long as the instance.
#[derive(Default)]
pub(crate) struct Keepalive {
    /// `(address, object)` in address order: the entries inside a written
    /// range are found by binary search, and fields written in order (a
    /// constructor, an array of 100,000 structs) are appended. `ALWAYS`
    /// sorts after every real address.
    entries: Vec<(usize, Py<PyAny>)>,
}

/// The key of what is kept for the instance's whole life.
const ALWAYS: usize = usize::MAX;

impl Keepalive {
    /// `size` bytes at `address` have just been written: what they pointed
    /// into before is no longer needed, `new` (if any) is what they point
    /// into now.
    pub(crate) fn replace(&mut self, address: usize, size: usize, new: Option<Py<PyAny>>) {
        let end_address = address + size.max(1);
        let start = self.entries.partition_point(|(at, _)| *at < address);
        let end = start + self.entries[start..].partition_point(|(at, _)| *at < end_address);
        self.entries.drain(start..end); // usually nothing: the bytes pointed nowhere
        if let Some(object) = new {
            self.entries.insert(start, (address, object)); // usually at the end
        }
    }

    /// Keeps `object` for the instance's whole life.
    pub(crate) fn always(&mut self, object: Py<PyAny>) {
        self.entries.push((ALWAYS, object));
    }

    /// Whether nothing is kept.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn objects(&self) -> impl Iterator<Item = &Py<PyAny>> {
        self.entries.iter().map(|(_, object)| object)
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}
// ANCHOR_END: keepalive
