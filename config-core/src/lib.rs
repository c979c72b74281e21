//! The native half of `Config`: validation, URL parsing and `process()`.
//!
//! No Python here. Part I (the raw C API), Part V (the handle pool) and
//! Part VII (pyo3) compile this crate into their own shared library, so the
//! rules and the error messages exist once. What stays in each route is the
//! Python side: turning Python objects into the plain values taken here, and
//! a [`ConfigError`] into the module's `ConfigError` exception.
//!
//! The executable specification is `tests/config_reference.py`; the contract
//! suite in `tests/` holds every route to it.

mod error;
mod url;

pub use error::ConfigError;
pub use url::{Url, check_url_code_points, parse_url};

/// The smallest allowed `timeout`, in seconds.
pub const TIMEOUT_MIN: i64 = 1;
/// The largest allowed `timeout`, in seconds (one hour).
pub const TIMEOUT_MAX: i64 = 3600;
/// The longest allowed `url`, in characters (Unicode code points).
pub const URL_MAX_CHARS: usize = 2048;
/// `Config()`'s defaults.
pub const DEFAULT_TIMEOUT: u32 = 30;
/// `Config()`'s default `url`.
pub const DEFAULT_URL: &str = "http://localhost/";
/// `Config()`'s default `ssl`.
pub const DEFAULT_SSL: bool = false;

// ANCHOR: check_timeout
/// Checks a timeout that fits `i64`; the caller turns a bigger Python int
/// into [`ConfigError::timeout_out_of_range`] with its own digits.
pub fn check_timeout(seconds: i64) -> Result<u32, ConfigError> {
    if (TIMEOUT_MIN..=TIMEOUT_MAX).contains(&seconds) {
        // The range check above is what makes this conversion lossless.
        Ok(u32::try_from(seconds).expect("1..=3600 fits u32"))
    } else {
        Err(ConfigError::timeout_out_of_range(seconds))
    }
}
// ANCHOR_END: check_timeout

// ANCHOR: processed
/// What `Config.process()` returns, as a Python dict with these keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// `"https"` when ssl is on, else the URL's scheme; lower case.
    pub scheme: &'static str,
    /// The URL's host, lower case.
    pub host: String,
    /// The URL's port, else 443 for https and 80 for http.
    pub port: u16,
    /// The URL's path, `"/"` when it has none.
    pub path: String,
    /// The timeout in milliseconds.
    pub timeout_ms: u64,
}

/// `Config.process()`: the connection a client would open.
pub fn process(timeout: u32, url: &str, ssl: bool) -> Result<Processed, ConfigError> {
    let url = parse_url(url)?;
    if url.scheme == "https" && !ssl {
        return Err(ConfigError::HttpsWithoutSsl);
    }
    let scheme = if ssl { "https" } else { url.scheme };
    let default_port = if scheme == "https" { 443 } else { 80 };
    Ok(Processed {
        scheme,
        host: url.host.to_ascii_lowercase(),
        port: url.port.unwrap_or(default_port),
        path: if url.path.is_empty() {
            "/".to_owned()
        } else {
            url.path.to_owned()
        },
        timeout_ms: u64::from(timeout) * 1000,
    })
}
// ANCHOR_END: processed

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_bounds() {
        assert_eq!(check_timeout(1), Ok(1));
        assert_eq!(check_timeout(3600), Ok(3600));
        assert_eq!(
            check_timeout(0).unwrap_err().to_string(),
            "timeout must be between 1 and 3600 seconds, got 0"
        );
        assert!(check_timeout(i64::MIN).is_err());
    }

    #[test]
    fn process_applies_ssl_and_default_ports() {
        let plain = process(30, "HTTP://Example.COM", false).unwrap();
        assert_eq!(
            (
                plain.scheme,
                plain.host.as_str(),
                plain.port,
                plain.path.as_str()
            ),
            ("http", "example.com", 80, "/")
        );
        assert_eq!(plain.timeout_ms, 30_000);
        let upgraded = process(1, "http://example.com/a", true).unwrap();
        assert_eq!((upgraded.scheme, upgraded.port), ("https", 443));
        assert_eq!(process(1, "https://h:8443/x", true).unwrap().port, 8443);
        assert_eq!(
            process(1, "https://h", false),
            Err(ConfigError::HttpsWithoutSsl)
        );
    }
}
