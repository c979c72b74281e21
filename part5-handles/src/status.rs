//! Status codes (the `HANDLES_*` defines of `include/handles.h`) and the
//! last error's message, kept per thread for C callers to fetch.

use std::cell::RefCell;

use config_core::ConfigError;

use crate::pool::PoolError;

// ANCHOR: status
/// The result of every fallible export.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Success.
    Ok = 0,
    /// A required pointer was NULL.
    NullArgument = 1,
    /// 0, forged, or never issued by this library.
    InvalidHandle = 2,
    /// Issued, but its object has been released.
    StaleHandle = 3,
    /// A handle of another kind (a Counter's where a Config's is expected).
    WrongKind = 4,
    /// No slot is left.
    PoolFull = 5,
    /// Text that is neither UTF-8 nor UTF-8 with lone surrogates.
    InvalidText = 6,
    /// A count would leave `int64_t`.
    Overflow = 7,
    /// A bug inside the library, caught at the boundary.
    Panic = 8,
    /// The caller's buffer is too small; `*needed` holds the size.
    BufferTooSmall = 9,
    /// `timeout` outside 1..=3600.
    TimeoutRange = 20,
    /// `url` longer than 2048 characters.
    UrlTooLong = 21,
    /// `url` with whitespace or a control character.
    UrlCharacter = 22,
    /// `url` with a lone surrogate.
    UrlNotUnicode = 23,
    /// `url` not of the form scheme://host[:port][/path].
    UrlShape = 24,
    /// A scheme other than http or https.
    UrlScheme = 25,
    /// An empty host.
    UrlEmptyHost = 26,
    /// A host with characters outside `[A-Za-z0-9.-]`.
    UrlHost = 27,
    /// A port that is not 1 to 65535.
    UrlPort = 28,
    /// `process()` on an https url with ssl off.
    HttpsWithoutSsl = 29,
}
// ANCHOR_END: status

thread_local! {
    /// The message of the last failure on this thread (like `errno` plus `strerror`).
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// A failure: its status, and the message `handles_last_error` will return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The code the export returns.
    pub status: Status,
    /// What went wrong, in words.
    pub message: String,
}

impl Failure {
    /// A failure with its message.
    pub fn new(status: Status, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    /// A pool's refusal of `handle`, where a `what` was expected. A handle
    /// is shown with all 16 hex digits, as the chapter reads its bits.
    pub fn handle(error: PoolError, handle: u64, what: &str) -> Self {
        match error {
            PoolError::Invalid => Self::new(
                Status::InvalidHandle,
                format!("{handle:#018x} is not a {what} handle"),
            ),
            PoolError::WrongKind => Self::new(
                Status::WrongKind,
                format!("{handle:#018x} is a handle to another kind of object, not a {what}"),
            ),
            PoolError::Stale => Self::new(
                Status::StaleHandle,
                format!("{handle:#018x} is a stale {what} handle: its object was released"),
            ),
            PoolError::Full => Self::new(Status::PoolFull, format!("no room for another {what}")),
        }
    }
}

impl From<ConfigError> for Failure {
    fn from(error: ConfigError) -> Self {
        let status = match error {
            ConfigError::TimeoutOutOfRange { .. } => Status::TimeoutRange,
            ConfigError::UrlTooLong { .. } => Status::UrlTooLong,
            ConfigError::UrlBadCharacter { .. } => Status::UrlCharacter,
            ConfigError::UrlNotUnicode { .. } => Status::UrlNotUnicode,
            ConfigError::UrlShape => Status::UrlShape,
            ConfigError::UrlScheme { .. } => Status::UrlScheme,
            ConfigError::UrlEmptyHost => Status::UrlEmptyHost,
            ConfigError::UrlHostCharacter { .. } => Status::UrlHost,
            ConfigError::UrlPort { .. } => Status::UrlPort,
            ConfigError::HttpsWithoutSsl => Status::HttpsWithoutSsl,
        };
        Self::new(status, error.to_string())
    }
}

/// Runs an export's body: the status to return, the message kept for
/// `handles_last_error`, and a panic turned into [`Status::Panic`] (printed nowhere).
pub fn guard(body: impl FnOnce() -> Result<(), Failure>) -> i32 {
    let failure = match quiet_panic::catch(body) {
        Ok(Ok(())) => return Status::Ok as i32,
        Ok(Err(failure)) => failure,
        Err(report) => Failure::new(
            Status::Panic,
            format!("a bug in libhandles: {}", report.message),
        ),
    };
    LAST_ERROR.with(|last| failure.message.clone_into(&mut last.borrow_mut()));
    failure.status as i32
}

/// The last failure's message on this thread ("" if none yet).
pub fn last_error() -> String {
    LAST_ERROR.with(|last| last.borrow().clone())
}
