//! What a handle is: a 64-bit integer that names an object without being
//! its address.
//!
//! ```text
//!  63        56 55                              24 23                 0
//! +------------+----------------------------------+--------------------+
//! |    kind    |            generation            |     slot index     |
//! |   8 bits   |             32 bits              |      24 bits       |
//! +------------+----------------------------------+--------------------+
//! ```
//!
//! The *kind* says which pool issued it (a Config handle is refused where
//! a Counter is expected); the *slot index* says where the object lives in
//! that pool; the *generation* says which of the slot's successive
//! occupants it names. Generations start at 1, so 0 is never a handle.

// ANCHOR: kinds
/// The kinds of object the library issues handles for: the `HANDLES_KIND_*`
/// defines of `handles.h`. Kind bits that name none of these were never
/// issued, so a handle carrying them is forged (`HANDLES_INVALID_HANDLE`),
/// not "of another kind".
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `HANDLES_KIND_CONFIG`.
    Config = 1,
    /// `HANDLES_KIND_COUNTER`.
    Counter = 2,
}

impl Kind {
    /// The kind that `bits` name, if any.
    pub fn from_bits(bits: u8) -> Option<Self> {
        match bits {
            1 => Some(Self::Config),
            2 => Some(Self::Counter),
            _ => None,
        }
    }
}
// ANCHOR_END: kinds

// ANCHOR: layout
/// Bits of the slot index: up to 16,777,216 live objects per pool.
pub const INDEX_BITS: u32 = 24;
/// Bits reserved for the generation in a handle (a pool may use fewer).
pub const GENERATION_BITS: u32 = 32;
/// Where the kind starts.
const KIND_SHIFT: u32 = INDEX_BITS + GENERATION_BITS;

/// A handle inside Rust: its three parts, typed. It becomes the `u64` that
/// C and Python hold only at the boundary ([`Handle::as_ffi`],
/// [`Handle::from_ffi`]), as slotmap's `KeyData::as_ffi` does, so inside
/// the library the kind and generation checks are on named fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Handle {
    /// Which pool issued it: bits, since a forged handle may carry any.
    pub kind: u8,
    /// Which occupant of the slot it names; never 0 in an issued handle.
    pub generation: u32,
    /// The slot.
    pub index: u32,
}

impl Handle {
    /// Packs the three parts into the integer C and Python see.
    pub fn as_ffi(self) -> u64 {
        debug_assert!(self.index < 1 << INDEX_BITS);
        (u64::from(self.kind) << KIND_SHIFT)
            | (u64::from(self.generation) << INDEX_BITS)
            | u64::from(self.index)
    }

    /// Splits an integer from C into its parts (any u64 splits; checking
    /// it names a live object is the pool's job).
    pub fn from_ffi(bits: u64) -> Self {
        Self {
            kind: (bits >> KIND_SHIFT) as u8,
            generation: (bits >> INDEX_BITS) as u32, // the cast keeps the 32 generation bits
            index: (bits & ((1 << INDEX_BITS) - 1)) as u32,
        }
    }
}
// ANCHOR_END: layout

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_round_trips_at_the_edges() {
        for handle in [
            Handle {
                kind: 1,
                generation: 1,
                index: 0,
            },
            Handle {
                kind: 255,
                generation: u32::MAX,
                index: (1 << INDEX_BITS) - 1,
            },
        ] {
            assert_eq!(Handle::from_ffi(handle.as_ffi()), handle);
        }
    }

    #[test]
    fn only_issued_kinds_have_a_kind() {
        for kind in [Kind::Config, Kind::Counter] {
            assert_eq!(Kind::from_bits(kind as u8), Some(kind));
        }
        for bits in (0..=u8::MAX).filter(|&b| b != 1 && b != 2) {
            assert_eq!(Kind::from_bits(bits), None, "kind bits {bits}");
        }
    }

    #[test]
    fn an_issued_handle_is_never_zero() {
        let first = Handle {
            kind: 0,
            generation: 1,
            index: 0,
        };
        assert_ne!(first.as_ffi(), 0);
    }
}
