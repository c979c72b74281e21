//! A subscription's queue, as the transport plugin keeps it
//! (`part6-hybrid/src/queue.rs`, there behind a mutex for its threads):
//! the last `depth` messages, oldest first. A full queue drops its oldest
//! message and counts it, so a slow reader loses old messages, never new
//! ones, and never makes a publisher wait.

use std::collections::VecDeque;

/// Keep-last: at most `depth` messages.
pub struct KeepLast {
    depth: usize,
    messages: VecDeque<Vec<u8>>,
    dropped: u64,
}

impl KeepLast {
    /// An empty queue of `depth` messages (at least 1).
    pub fn new(depth: usize) -> Self {
        Self {
            depth: depth.max(1),
            messages: VecDeque::new(),
            dropped: 0,
        }
    }

    /// Adds a message at the back; when the queue is full, the oldest goes first.
    pub fn push(&mut self, message: Vec<u8>) {
        // ex: starter
        // | // TODO: keep at most `depth` messages: when full, drop the oldest
        // | // (the front) and count it in `dropped`.
        // | self.messages.push_back(message);
        // ex: mistake 1: "the newest message must survive"
        // | if self.messages.len() == self.depth {
        // |     self.dropped += 1;
        // |     return;
        // | }
        // | self.messages.push_back(message);
        // ex: mistake 2: "dropped counts every message lost"
        // | if self.messages.len() == self.depth {
        // |     self.messages.pop_front();
        // | }
        // | self.messages.push_back(message);
        // ex: mistake 3: "never more than depth messages"
        // | if self.messages.len() > self.depth {
        // |     self.messages.pop_front();
        // |     self.dropped += 1;
        // | }
        // | self.messages.push_back(message);
        // ex: solution
        if self.messages.len() == self.depth {
            self.messages.pop_front();
            self.dropped += 1;
        }
        self.messages.push_back(message);
        // ex: end
    }

    /// The oldest message, removed.
    pub fn take(&mut self) -> Option<Vec<u8>> {
        self.messages.pop_front()
    }

    /// How many messages are kept.
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// How many were dropped because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}
