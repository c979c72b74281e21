//! Every way a `Config` can be invalid, with the message Python shows.

use std::fmt;

/// A `Config` value the contract refuses. Each route raises it as the
/// module's `ConfigError` (a `ValueError` subclass) with `to_string()` as
/// the message, so the messages are the same in every route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// `timeout` outside 1..=3600; `shown` is the value as Python prints it.
    TimeoutOutOfRange {
        /// The rejected value's digits (it may not fit any Rust integer).
        shown: String,
    },
    /// More than [`crate::URL_MAX_CHARS`] code points.
    UrlTooLong {
        /// How many there were.
        chars: usize,
    },
    /// A NUL, whitespace or control character.
    UrlBadCharacter {
        /// Its index, in code points.
        position: usize,
        /// The character.
        code_point: u32,
    },
    /// A lone surrogate: a Python `str` can hold one, UTF-8 cannot.
    UrlNotUnicode {
        /// Its index, in code points.
        position: usize,
    },
    /// No `://` separating a scheme from the rest.
    UrlShape,
    /// A scheme other than http or https.
    UrlScheme {
        /// The scheme as written.
        scheme: String,
    },
    /// Nothing between `://` and the port or path.
    UrlEmptyHost,
    /// A host with characters outside `[A-Za-z0-9.-]`.
    UrlHostCharacter {
        /// The host as written.
        host: String,
    },
    /// A port that is not a number from 1 to 65535.
    UrlPort {
        /// The port as written.
        port: String,
    },
    /// `process()` on an https URL with `ssl=False`.
    HttpsWithoutSsl,
}

impl ConfigError {
    /// An out-of-range timeout, shown the way Python prints it.
    pub fn timeout_out_of_range(shown: impl fmt::Display) -> Self {
        Self::TimeoutOutOfRange {
            shown: shown.to_string(),
        }
    }
}

// ANCHOR: messages
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TimeoutOutOfRange { shown } => {
                write!(f, "timeout must be between 1 and 3600 seconds, got {shown}")
            }
            Self::UrlTooLong { chars } => {
                write!(f, "url must be at most 2048 characters, got {chars}")
            }
            Self::UrlBadCharacter {
                position,
                code_point,
            } => write!(
                f,
                "url must not contain whitespace or control characters, found U+{code_point:04X} at position {position}"
            ),
            Self::UrlNotUnicode { position } => {
                write!(
                    f,
                    "url must be valid Unicode, found a lone surrogate at position {position}"
                )
            }
            Self::UrlShape => write!(f, "url must look like scheme://host[:port][/path]"),
            Self::UrlScheme { scheme } => {
                write!(f, "url scheme must be http or https, got \"{scheme}\"")
            }
            Self::UrlEmptyHost => write!(f, "url host must not be empty"),
            Self::UrlHostCharacter { host } => write!(
                f,
                "url host may contain only ASCII letters, digits, '-' and '.', got \"{host}\""
            ),
            Self::UrlPort { port } => write!(
                f,
                "url port must be a number from 1 to 65535, got \"{port}\""
            ),
            Self::HttpsWithoutSsl => write!(f, "an https url needs ssl=True"),
        }
    }
}
// ANCHOR_END: messages

impl std::error::Error for ConfigError {}
