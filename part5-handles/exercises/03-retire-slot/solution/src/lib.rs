//! Exercise 03: a handle pool whose generations are only 3 bits wide
//! (1 to 7), so a slot's last generation comes after 7 reuses, not four
//! billion. Handles are `generation << 32 | index`.

/// The largest generation: 3 bits.
pub const MAX_GENERATION: u32 = 7;

/// Why a handle was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolError {
    /// Never issued.
    Invalid,
    /// Issued, but its object was released.
    Stale,
}

struct Slot<T> {
    generation: u32,
    value: Option<T>,
    /// Served its last generation: never reused.
    retired: bool,
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

impl<T> Pool<T> {
    /// How many slots the pool has made.
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// Stores `value`, reusing a released slot if there is one.
    pub fn insert(&mut self, value: T) -> u64 {
        let index = self.free.pop().unwrap_or_else(|| {
            self.slots.push(Slot {
                generation: 1,
                value: None,
                retired: false,
            });
            (self.slots.len() - 1) as u32
        });
        let slot = &mut self.slots[index as usize];
        slot.value = Some(value);
        (u64::from(slot.generation) << 32) | u64::from(index)
    }

    /// The object `handle` names.
    pub fn get(&self, handle: u64) -> Result<&T, PoolError> {
        let index = self.check(handle)?;
        Ok(self.slots[index]
            .value
            .as_ref()
            .expect("check() found it occupied"))
    }

    /// Takes the object out; old copies of `handle` are stale from now on.
    pub fn remove(&mut self, handle: u64) -> Result<T, PoolError> {
        let index = self.check(handle)?;
        let slot = &mut self.slots[index];
        let value = slot.value.take().expect("check() found it occupied");
        // ex: starter
        // | // TODO: the generation wraps from 7 back to 1 here, so the 8th occupant
        // | // of a slot gets the 1st one's handle again. A slot at MAX_GENERATION
        // | // must be retired instead (mark it, and leave it out of `free`).
        // | slot.generation = slot.generation % MAX_GENERATION + 1;
        // | self.free.push(index as u32);
        // ex: mistake 1: "was issued twice"
        // | if slot.generation < MAX_GENERATION {
        // |     slot.generation += 1;
        // | } else {
        // |     slot.retired = true;
        // | }
        // | self.free.push(index as u32); // a retired slot goes back on `free` too
        // ex: mistake 2: "a slot serves exactly 7 occupants"
        // | if slot.generation < MAX_GENERATION - 1 {
        // |     slot.generation += 1;
        // |     self.free.push(index as u32);
        // | } else {
        // |     slot.retired = true;
        // | }
        // ex: mistake 3: "should be stale"
        // | if slot.generation < MAX_GENERATION {
        // |     slot.generation += 1;
        // |     self.free.push(index as u32);
        // | } else {
        // |     slot.retired = true;
        // |     slot.generation = 0;
        // | }
        // ex: solution
        if slot.generation < MAX_GENERATION {
            slot.generation += 1;
            self.free.push(index as u32);
        } else {
            // Wrapping would issue an old handle again: retire the slot instead.
            slot.retired = true;
        }
        // ex: end
        Ok(value)
    }

    fn check(&self, handle: u64) -> Result<usize, PoolError> {
        let (generation, index) = ((handle >> 32) as u32, handle as u32);
        let slot = self.slots.get(index as usize).ok_or(PoolError::Invalid)?;
        match (generation.cmp(&slot.generation), &slot.value) {
            _ if generation == 0 || generation > MAX_GENERATION => Err(PoolError::Invalid),
            (std::cmp::Ordering::Equal, Some(_)) => Ok(index as usize),
            (std::cmp::Ordering::Less, _) => Err(PoolError::Stale),
            (std::cmp::Ordering::Equal, None) if slot.retired => Err(PoolError::Stale),
            _ => Err(PoolError::Invalid),
        }
    }
}
