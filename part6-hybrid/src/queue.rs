//! A subscription's queue: the last `depth` messages, oldest first. When it
//! is full the oldest is dropped and counted (ROS 2's keep-last history),
//! so a slow reader loses old messages, never new ones, and never blocks a
//! publisher.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Keep-last, shared by the threads that fill it and the one that takes.
pub struct KeepLast {
    depth: usize,
    state: Mutex<State>,
    ready: Condvar,
}

struct State {
    messages: VecDeque<Vec<u8>>,
    dropped: u64,
    closed: bool,
}

/// What `take` found.
pub enum Taken {
    /// The oldest message, removed from the queue.
    Message(Vec<u8>),
    /// The oldest message needs this many bytes; it stays in the queue.
    TooBig(usize),
    /// Nothing kept.
    Empty,
}

impl KeepLast {
    /// A queue of `depth` messages (at least 1).
    pub fn new(depth: usize) -> Self {
        Self {
            depth: depth.max(1),
            state: Mutex::new(State {
                messages: VecDeque::new(),
                dropped: 0,
                closed: false,
            }),
            ready: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A thread that panicked while holding the lock left a queue that is
        // still consistent (every change is one push or one pop).
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds a message, dropping the oldest if the queue is full.
    pub fn push(&self, message: Vec<u8>) {
        let mut state = self.lock();
        if state.closed {
            return;
        }
        if state.messages.len() == self.depth {
            state.messages.pop_front();
            state.dropped += 1;
        }
        state.messages.push_back(message);
        self.ready.notify_all();
    }

    /// The oldest message, if it fits in `capacity` bytes.
    pub fn take(&self, capacity: usize) -> Taken {
        let mut state = self.lock();
        match state.messages.front() {
            None => Taken::Empty,
            Some(message) if message.len() > capacity => Taken::TooBig(message.len()),
            Some(_) => Taken::Message(state.messages.pop_front().unwrap_or_default()),
        }
    }

    /// Waits until a message is kept; false if `timeout` passed first (None: forever).
    pub fn wait(&self, timeout: Option<Duration>) -> bool {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut state = self.lock();
        loop {
            if !state.messages.is_empty() {
                return true;
            }
            if state.closed {
                return false;
            }
            state = match deadline {
                None => self
                    .ready
                    .wait(state)
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        return false;
                    }
                    self.ready
                        .wait_timeout(state, deadline - now)
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .0
                }
            };
        }
    }

    /// Messages dropped so far because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.lock().dropped
    }

    /// Ends every wait; later pushes are ignored.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::{KeepLast, Taken};

    #[test]
    fn the_oldest_is_dropped_and_counted() {
        let queue = KeepLast::new(2);
        for message in [b"1", b"2", b"3"] {
            queue.push(message.to_vec());
        }
        assert_eq!(queue.dropped(), 1);
        assert!(matches!(queue.take(8), Taken::Message(m) if m == b"2"));
        assert!(matches!(queue.take(0), Taken::TooBig(1)));
        assert!(matches!(queue.take(8), Taken::Message(m) if m == b"3"));
        assert!(matches!(queue.take(8), Taken::Empty));
    }
}
