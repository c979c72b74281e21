//! Exercise 03 passes when no handle is ever issued twice, however often slots are reused.

use std::collections::HashSet;

use part5_exercise_03::{MAX_GENERATION, Pool, PoolError};

#[test]
fn no_handle_is_issued_twice_over_thousands_of_reuses() {
    let mut pool = Pool::default();
    let mut issued = HashSet::new();
    for round in 0..5000 {
        let handle = pool.insert(round);
        assert!(
            issued.insert(handle),
            "handle {handle:#x} was issued twice (round {round}): the generation wrapped"
        );
        pool.remove(handle).unwrap();
    }
    let per_slot = MAX_GENERATION as usize;
    assert_eq!(
        pool.slot_count(),
        5000_usize.div_ceil(per_slot),
        "a slot serves exactly {per_slot} occupants"
    );
}

#[test]
fn every_old_handle_stays_stale() {
    let mut pool = Pool::default();
    let old: Vec<u64> = (0..50)
        .map(|round| {
            let handle = pool.insert(round);
            pool.remove(handle).unwrap();
            handle
        })
        .collect();
    let live = pool.insert(99);
    for handle in old {
        assert_eq!(
            pool.get(handle),
            Err(PoolError::Stale),
            "{handle:#x} should be stale"
        );
    }
    assert_eq!(pool.get(live), Ok(&99));
}
