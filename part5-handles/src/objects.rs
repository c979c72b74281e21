//! The "class behind the bridge": plain Rust types with ordinary methods.
//!
//! In the series these are C++ classes; here they are Rust structs. Nothing
//! in this file knows about handles, C or Python: the bridge (`bridge.rs`)
//! keeps them in pools and exposes one `extern "C"` function per method.

use config_core::{ConfigError, Processed};

// ANCHOR: config
/// A connection configuration, checked by the shared Config core (the same
/// rules, and the same messages, as Parts I and VII).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    timeout: u32,
    url: String,
    ssl: bool,
}

impl Config {
    /// A Config whose every value passed the contract's checks.
    pub fn new(timeout: i64, url: &str, ssl: bool) -> Result<Self, ConfigError> {
        let timeout = config_core::check_timeout(timeout)?;
        config_core::parse_url(url)?;
        Ok(Self {
            timeout,
            url: url.to_owned(),
            ssl,
        })
    }

    /// Seconds, 1 to 3600.
    pub fn timeout(&self) -> u32 {
        self.timeout
    }

    /// `scheme://host[:port][/path]`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether to use TLS.
    pub fn ssl(&self) -> bool {
        self.ssl
    }

    /// Changes the timeout if the new one is valid; else changes nothing.
    pub fn set_timeout(&mut self, timeout: i64) -> Result<(), ConfigError> {
        self.timeout = config_core::check_timeout(timeout)?;
        Ok(())
    }

    /// Changes the url if the new one is valid; else changes nothing.
    pub fn set_url(&mut self, url: &str) -> Result<(), ConfigError> {
        config_core::parse_url(url)?;
        url.clone_into(&mut self.url);
        Ok(())
    }

    /// Changes ssl (any bool is valid).
    pub fn set_ssl(&mut self, ssl: bool) {
        self.ssl = ssl;
    }

    /// The connection a client would open.
    pub fn process(&self) -> Result<Processed, ConfigError> {
        config_core::process(self.timeout, &self.url, self.ssl)
    }
}
// ANCHOR_END: config

// ANCHOR: counter
/// A counter of events, e.g. readings received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counter {
    value: i64,
}

/// Adding would leave `int64_t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CounterOverflow;

impl Counter {
    /// A counter that starts at `start`.
    pub fn new(start: i64) -> Self {
        Self { value: start }
    }

    /// The current count.
    pub fn value(&self) -> i64 {
        self.value
    }

    /// Adds `by` (which may be negative) and returns the new count; on
    /// overflow changes nothing.
    pub fn increment(&mut self, by: i64) -> Result<i64, CounterOverflow> {
        self.value = self.value.checked_add(by).ok_or(CounterOverflow)?;
        Ok(self.value)
    }
}
// ANCHOR_END: counter

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keeps_its_old_value_when_a_new_one_is_refused() {
        let mut config = Config::new(30, "http://localhost/", false).unwrap();
        assert!(config.set_timeout(0).is_err());
        assert!(config.set_url("ftp://h").is_err());
        assert_eq!((config.timeout(), config.url()), (30, "http://localhost/"));
        assert_eq!(config.process().unwrap().port, 80);
    }

    #[test]
    fn counter_refuses_to_overflow() {
        let mut counter = Counter::new(i64::MAX - 1);
        assert_eq!(counter.increment(1), Ok(i64::MAX));
        assert_eq!(counter.increment(1), Err(CounterOverflow));
        assert_eq!(counter.value(), i64::MAX);
    }
}
