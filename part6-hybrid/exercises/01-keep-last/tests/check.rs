//! Exercise 01 passes when the queue keeps the newest `depth` messages and counts the rest.

use part6_exercise_01::KeepLast;

fn message(number: u8) -> Vec<u8> {
    vec![number]
}

fn drain(queue: &mut KeepLast) -> Vec<u8> {
    std::iter::from_fn(|| queue.take()).map(|m| m[0]).collect()
}

#[test]
fn below_depth_nothing_is_dropped() {
    let mut queue = KeepLast::new(3);
    for n in 0..3 {
        queue.push(message(n));
    }
    assert_eq!(queue.dropped(), 0);
    assert_eq!(drain(&mut queue), [0, 1, 2], "oldest first");
}

#[test]
fn a_full_queue_drops_the_oldest() {
    let mut queue = KeepLast::new(3);
    for n in 0..5 {
        queue.push(message(n));
    }
    assert!(
        queue.len() <= 3,
        "never more than depth messages: {} kept at depth 3",
        queue.len()
    );
    assert_eq!(
        drain(&mut queue),
        [2, 3, 4],
        "the newest message must survive: the oldest is dropped"
    );
}

#[test]
fn every_drop_is_counted() {
    let mut queue = KeepLast::new(4);
    for n in 0..10 {
        queue.push(message(n));
    }
    assert_eq!(
        queue.dropped(),
        6,
        "dropped counts every message lost: 10 pushed, 4 kept"
    );
    queue.take();
    queue.push(message(10));
    assert_eq!(
        queue.dropped(),
        6,
        "a push into a queue with room drops nothing"
    );
}

#[test]
fn depth_one_keeps_only_the_latest() {
    let mut queue = KeepLast::new(1);
    for n in 0..3 {
        queue.push(message(n));
    }
    assert_eq!((drain(&mut queue), queue.dropped()), (vec![2], 2));
}
