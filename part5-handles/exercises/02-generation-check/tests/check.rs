//! Exercise 02 passes when a released handle stays stale after its slot is reused.

use part5_exercise_02::{Pool, PoolError};

#[test]
fn a_live_handle_works() {
    let mut pool = Pool::default();
    let a = pool.insert("sensor-A");
    assert_eq!(pool.get(a), Ok(&"sensor-A"));
}

#[test]
fn a_released_handle_is_stale_after_its_slot_is_reused() {
    let mut pool = Pool::default();
    let a = pool.insert("sensor-A");
    pool.remove(a).unwrap();
    let b = pool.insert("sensor-B"); // reuses a's slot
    assert_eq!(pool.get(b), Ok(&"sensor-B"));
    assert_eq!(
        pool.get(a),
        Err(PoolError::Stale),
        "the old handle reached the new object: this is the ABA problem"
    );
}

#[test]
fn releasing_twice_does_not_release_the_new_occupant() {
    let mut pool = Pool::default();
    let a = pool.insert(1);
    pool.remove(a).unwrap();
    let b = pool.insert(2);
    assert_eq!(
        pool.remove(a),
        Err(PoolError::Stale),
        "a double release removed someone else's object"
    );
    assert_eq!(pool.get(b), Ok(&2));
}

#[test]
fn a_guessed_generation_is_invalid() {
    let mut pool = Pool::default();
    let a = pool.insert(1);
    let guessed = a + (1 << 32); // the same slot, the next generation
    assert_eq!(
        pool.get(guessed),
        Err(PoolError::Invalid),
        "a generation the pool never issued"
    );
    pool.remove(a).unwrap();
    assert_eq!(
        pool.get(guessed),
        Err(PoolError::Invalid),
        "the next generation, before anyone got it"
    );
}
