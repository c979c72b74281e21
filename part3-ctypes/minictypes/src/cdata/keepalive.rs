//! What an instance's bytes point into (ctypes' `_objects`), filed by
//! where the pointing bytes are.

use pyo3::prelude::*;

// ANCHOR: keepalive
/// Python objects that some bytes point into, each filed under the bytes
/// that point: their address and how many they are. Writing the same bytes
/// again replaces the entry: a `c_char_p` field set a million times keeps
/// one bytes object, not a million. What is filed under no bytes (`always`:
/// the object `cast()` read its address from) lasts as long as the instance.
#[derive(Default)]
pub(crate) struct Keepalive {
    /// In address order: the entries inside a written range are found by
    /// binary search, and fields written in order (a constructor, an array
    /// of 100,000 structs) are appended. `ALWAYS` sorts after every real
    /// address.
    entries: Vec<Entry>,
}

/// One kept object and the bytes that need it.
pub(crate) struct Entry {
    pub(crate) address: usize,
    pub(crate) size: usize,
    pub(crate) object: Py<PyAny>,
}

/// The address of what is kept for the instance's whole life.
pub(crate) const ALWAYS: usize = usize::MAX;

impl Keepalive {
    /// `size` bytes at `address` have just been written: what they alone
    /// pointed into is no longer needed, `new` (if any) is what they point
    /// into now.
    ///
    /// An entry for more bytes than were written stays, even if it starts
    /// at the same address: a struct copied into a field (`outer.inner =
    /// inner`) keeps what its pointers point into, and writing its first
    /// field (`outer.inner.count = 5`) leaves those pointers as they were.
    pub(crate) fn replace(&mut self, address: usize, size: usize, new: Option<Py<PyAny>>) {
        let end_address = address + size.max(1);
        let start = self
            .entries
            .partition_point(|entry| entry.address < address);
        let end =
            start + self.entries[start..].partition_point(|entry| entry.address < end_address);
        if end > start {
            // Usually nothing here: the bytes pointed nowhere.
            let kept: Vec<Entry> = self
                .entries
                .drain(start..end)
                .filter(|entry| entry.address.saturating_add(entry.size) > end_address)
                .collect();
            self.entries.splice(start..start, kept);
        }
        if let Some(object) = new {
            // After what starts at the same address and was kept: usually
            // at the end.
            let at = self
                .entries
                .partition_point(|entry| entry.address <= address);
            let entry = Entry {
                address,
                size,
                object,
            };
            self.entries.insert(at, entry);
        }
    }

    /// Keeps `object` for the instance's whole life.
    pub(crate) fn always(&mut self, object: Py<PyAny>) {
        self.entries.push(Entry {
            address: ALWAYS,
            size: 0,
            object,
        });
    }

    /// Whether nothing is kept.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub(crate) fn objects(&self) -> impl Iterator<Item = &Py<PyAny>> {
        self.entries.iter().map(|entry| &entry.object)
    }
}
// ANCHOR_END: keepalive
