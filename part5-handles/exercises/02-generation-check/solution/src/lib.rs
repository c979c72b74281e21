//! Exercise 02: a handle pool, in small. Handles pack a generation and a
//! slot index: `generation << 32 | index`. Releasing an object bumps its
//! slot's generation, so that old copies of the handle can be told apart
//! from the handle of whatever reuses the slot.

/// Why a handle was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolError {
    /// Never issued: 0, an unknown slot, or a generation not issued yet.
    Invalid,
    /// Issued, but its object was released.
    Stale,
}

struct Slot<T> {
    /// The current occupant's generation, or the next one's when empty.
    generation: u32,
    value: Option<T>,
}

/// Objects in slots, named by generational handles.
pub struct Pool<T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
}

impl<T> Default for Pool<T> {
    fn default() -> Self {
        Self {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }
}

fn pack(generation: u32, index: u32) -> u64 {
    (u64::from(generation) << 32) | u64::from(index)
}

fn unpack(handle: u64) -> (u32, u32) {
    ((handle >> 32) as u32, handle as u32)
}

impl<T> Pool<T> {
    /// Stores `value`, reusing a released slot if there is one.
    pub fn insert(&mut self, value: T) -> u64 {
        let index = self.free.pop().unwrap_or_else(|| {
            self.slots.push(Slot {
                generation: 1,
                value: None,
            });
            (self.slots.len() - 1) as u32
        });
        let slot = &mut self.slots[index as usize];
        slot.value = Some(value);
        pack(slot.generation, index)
    }

    /// The object `handle` names.
    pub fn get(&self, handle: u64) -> Result<&T, PoolError> {
        let index = self.check(handle)?;
        Ok(self.slots[index]
            .value
            .as_ref()
            .expect("check() found it occupied"))
    }

    /// Takes the object out; its slot's generation goes up, so old handles go stale.
    pub fn remove(&mut self, handle: u64) -> Result<T, PoolError> {
        let index = self.check(handle)?;
        let slot = &mut self.slots[index];
        slot.generation += 1;
        self.free.push(index as u32);
        Ok(slot.value.take().expect("check() found it occupied"))
    }

    /// The slot `handle` names, if it names a live object.
    fn check(&self, handle: u64) -> Result<usize, PoolError> {
        let (generation, index) = unpack(handle);
        let slot = self.slots.get(index as usize).ok_or(PoolError::Invalid)?;
        if generation == 0 {
            return Err(PoolError::Invalid);
        }
        // ex: starter
        // | // TODO: compare the handle's generation with the slot's. An older one
        // | // is Stale; a newer one, or the right one on an empty slot, was never
        // | // issued (Invalid). Only the right generation on an occupied slot is Ok.
        // | match slot.value {
        // |     Some(_) => Ok(index as usize),
        // |     None => Err(PoolError::Stale),
        // ex: mistake 1: "a generation the pool never issued"
        // | match (generation == slot.generation, &slot.value) {
        // |     (true, Some(_)) => Ok(index as usize),
        // |     _ => Err(PoolError::Stale), // a guessed handle is called stale too
        // ex: mistake 2: "check() found it occupied"
        // | match (generation.cmp(&slot.generation), &slot.value) {
        // |     (std::cmp::Ordering::Equal, _) => Ok(index as usize), // an empty slot too
        // |     (std::cmp::Ordering::Less, _) => Err(PoolError::Stale),
        // |     _ => Err(PoolError::Invalid),
        // ex: solution
        // An older generation names an occupant that is gone; a newer one (or
        // the next one, on an empty slot) has not been issued: someone guessed.
        match (generation.cmp(&slot.generation), &slot.value) {
            (std::cmp::Ordering::Equal, Some(_)) => Ok(index as usize),
            (std::cmp::Ordering::Less, _) => Err(PoolError::Stale),
            _ => Err(PoolError::Invalid),
            // ex: end
        }
    }
}
