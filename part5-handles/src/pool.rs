//! `HandlePool<T>`: objects in slots, named by generational handles.
//!
//! A slot is reused after its object is released, but its generation goes
//! up by one first, so every copy of the old handle now names an occupant
//! that is gone: it is *stale*, and the pool says so instead of handing out
//! the new occupant (the ABA problem: the slot went A, then B, and a handle
//! to A must not reach B).
//!
//! **When a generation would wrap**, the slot is *retired*: never reused,
//! so no generation is ever issued twice for the same slot. A pool with
//! `GEN_BITS` generation bits serves each slot 2^GEN_BITS - 1 times, then
//! uses a fresh slot. With the default 32 bits that is four billion reuses
//! per slot; tests use 3 bits to reach it in a few calls.

use crate::handle::{GENERATION_BITS, Handle, INDEX_BITS, Kind};

/// Why a handle was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolError {
    /// 0, kind bits that name no kind, an index the pool never used, or a
    /// generation it never issued.
    Invalid,
    /// Issued by another pool: a real kind, but not this pool's.
    WrongKind,
    /// Issued by this pool, but its object has been released.
    Stale,
    /// Every slot index is in use or retired.
    Full,
}

// ANCHOR: slot
/// One place for an object, in one of three states. An enum, so that no
/// other state can be written down ("retired but occupied" cannot).
#[derive(Debug)]
enum Slot<T> {
    /// Empty; the next object placed here gets `next_generation`.
    Free { next_generation: u32 },
    /// Holds `value`, which handles of `generation` name.
    Occupied { generation: u32, value: T },
    /// Served its last generation: never reused, so every handle to it
    /// stays stale.
    Retired,
}
// ANCHOR_END: slot

// ANCHOR: pool
/// A pool of `T`s whose handles carry `kind` and `GEN_BITS` bits of generation.
#[derive(Debug)]
pub struct HandlePool<T, const GEN_BITS: u32 = GENERATION_BITS> {
    kind: Kind,
    slots: Vec<Slot<T>>,
    /// Empty, not retired slots, reused last-freed first.
    free: Vec<u32>,
    live: usize,
}

impl<T, const GEN_BITS: u32> HandlePool<T, GEN_BITS> {
    /// The largest generation a slot may carry.
    const MAX_GENERATION: u32 = if GEN_BITS >= 32 {
        u32::MAX
    } else {
        (1 << GEN_BITS) - 1
    };

    /// An empty pool whose handles say `kind` (one pool per kind).
    pub const fn new(kind: Kind) -> Self {
        assert!(
            GEN_BITS >= 1 && GEN_BITS <= GENERATION_BITS,
            "GEN_BITS is 1 to 32"
        );
        Self {
            kind,
            slots: Vec::new(),
            free: Vec::new(),
            live: 0,
        }
    }

    /// Stores `value` and returns its handle.
    pub fn insert(&mut self, value: T) -> Result<Handle, PoolError> {
        let (index, generation) = match self.free.pop() {
            Some(index) => match self.slots[index as usize] {
                Slot::Free { next_generation } => (index, next_generation),
                _ => unreachable!("the free list holds only free slots"),
            },
            None if self.slots.len() < 1 << INDEX_BITS => {
                self.slots.push(Slot::Retired); // replaced just below
                ((self.slots.len() - 1) as u32, 1) // fits: checked against 2^24 above
            }
            None => return Err(PoolError::Full),
        };
        self.slots[index as usize] = Slot::Occupied { generation, value };
        self.live += 1;
        Ok(Handle {
            kind: self.kind as u8,
            generation,
            index,
        })
    }

    /// The object `handle` names.
    pub fn get(&self, handle: Handle) -> Result<&T, PoolError> {
        match &self.slots[self.check(handle)?] {
            Slot::Occupied { value, .. } => Ok(value),
            _ => unreachable!("check() found it occupied"),
        }
    }

    /// The object `handle` names, to change it.
    pub fn get_mut(&mut self, handle: Handle) -> Result<&mut T, PoolError> {
        let index = self.check(handle)?;
        match &mut self.slots[index] {
            Slot::Occupied { value, .. } => Ok(value),
            _ => unreachable!("check() found it occupied"),
        }
    }

    /// Takes the object out; every copy of `handle` is stale from now on.
    pub fn remove(&mut self, handle: Handle) -> Result<T, PoolError> {
        let index = self.check(handle)?;
        let Slot::Occupied { generation, value } =
            std::mem::replace(&mut self.slots[index], Slot::Retired)
        else {
            unreachable!("check() found it occupied")
        };
        self.live -= 1;
        if generation < Self::MAX_GENERATION {
            self.slots[index] = Slot::Free {
                next_generation: generation + 1,
            };
            self.free.push(index as u32);
        } // else it stays Retired: its last generation is used up, never reused
        Ok(value)
    }

    /// How many objects are in the pool.
    pub fn live(&self) -> usize {
        self.live
    }
    // ANCHOR_END: pool

    // ANCHOR: check
    /// The slot `handle` names, if it names a live object of this pool.
    fn check(&self, handle: Handle) -> Result<usize, PoolError> {
        let Handle {
            kind,
            generation,
            index,
        } = handle;
        if kind != self.kind as u8 {
            // Only a kind the library issues is "another kind"; any other
            // bits (0, 3..=255) were forged. (Handle 0 has kind 0.)
            return Err(match Kind::from_bits(kind) {
                Some(_) => PoolError::WrongKind,
                None => PoolError::Invalid,
            });
        }
        let slot = self.slots.get(index as usize).ok_or(PoolError::Invalid)?;
        if generation == 0 || generation > Self::MAX_GENERATION {
            return Err(PoolError::Invalid);
        }
        if cfg!(feature = "no-generation-check") {
            // The broken pool the tests need: any generation is accepted.
            return match slot {
                Slot::Occupied { .. } => Ok(index as usize),
                _ => Err(PoolError::Stale),
            };
        }
        match *slot {
            Slot::Occupied {
                generation: now, ..
            } if generation == now => Ok(index as usize),
            // An older generation names an occupant that is gone.
            Slot::Occupied {
                generation: now, ..
            } if generation < now => Err(PoolError::Stale),
            Slot::Free { next_generation } if generation < next_generation => Err(PoolError::Stale),
            // A retired slot issued every generation it can carry.
            Slot::Retired => Err(PoolError::Stale),
            // A generation this slot has not issued yet: guessed, not given.
            _ => Err(PoolError::Invalid),
        }
    }
    // ANCHOR_END: check
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn a_released_handle_is_stale_even_after_its_slot_is_reused() {
        let mut pool: HandlePool<&str> = HandlePool::new(Kind::Config);
        let a = pool.insert("sensor-A").unwrap();
        assert_eq!(pool.remove(a), Ok("sensor-A"));
        let b = pool.insert("sensor-B").unwrap();
        assert_eq!(a.index, b.index, "the slot was reused");
        assert_eq!(pool.get(b), Ok(&"sensor-B"));
        if cfg!(feature = "no-generation-check") {
            assert_eq!(pool.get(a), Ok(&"sensor-B"), "the ABA problem, on purpose");
        } else {
            assert_eq!(pool.get(a), Err(PoolError::Stale));
            assert_eq!(pool.remove(a), Err(PoolError::Stale), "double release");
        }
    }

    #[test]
    fn forged_zero_and_foreign_handles_are_refused() {
        let mut pool: HandlePool<u8> = HandlePool::new(Kind::Config);
        let other: HandlePool<u8> = HandlePool::new(Kind::Counter);
        let handle = pool.insert(7).unwrap();
        assert_eq!(pool.get(Handle::from_ffi(0)), Err(PoolError::Invalid));
        assert_eq!(other.get(handle), Err(PoolError::WrongKind));
        let parts = handle;
        assert_eq!(
            pool.get(Handle { index: 99, ..parts }),
            Err(PoolError::Invalid)
        );
        for kind in [0, 3, 0x80, u8::MAX] {
            assert_eq!(
                pool.get(Handle { kind, ..parts }),
                Err(PoolError::Invalid),
                "kind bits {kind} name no kind: forged, not another kind"
            );
        }
        assert_eq!(
            pool.get(Handle::from_ffi(u64::MAX)),
            Err(PoolError::Invalid)
        );
        assert_eq!(pool.get(Handle::from_ffi(1 << 63)), Err(PoolError::Invalid));
        if !cfg!(feature = "no-generation-check") {
            let guessed = Handle {
                generation: parts.generation + 1,
                ..parts
            };
            assert_eq!(pool.get(guessed), Err(PoolError::Invalid));
        }
        assert_eq!(pool.live(), 1);
    }

    #[test]
    fn a_slot_is_retired_before_its_generation_wraps() {
        // 3 bits: generations 1..=7, so each slot serves 7 occupants.
        let mut pool: HandlePool<u32, 3> = HandlePool::new(Kind::Config);
        let mut issued = HashSet::new();
        for round in 0..5000 {
            let handle = pool.insert(round).unwrap();
            assert!(issued.insert(handle), "handle {handle:?} issued twice");
            assert_eq!(pool.remove(handle), Ok(round));
        }
        assert_eq!(
            pool.slots.len(),
            5000_usize.div_ceil(7),
            "a new slot every 7 reuses"
        );
        assert_eq!(pool.live(), 0);
        if !cfg!(feature = "no-generation-check") {
            for handle in issued {
                assert_eq!(pool.get(handle), Err(PoolError::Stale));
            }
        }
    }

    #[test]
    fn live_counts_what_is_inside() {
        let mut pool: HandlePool<u8> = HandlePool::new(Kind::Config);
        let handles: Vec<Handle> = (0..10).map(|i| pool.insert(i).unwrap()).collect();
        assert_eq!(pool.live(), 10);
        for handle in &handles[..4] {
            pool.remove(*handle).unwrap();
        }
        assert_eq!(pool.live(), 6);
    }
}
