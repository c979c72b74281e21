//! The `extern "C"` bridge: one function per method of the objects in
//! `objects.rs`, plus create and release. This is the only file that sees
//! handles, C pointers and C strings.
//!
//! Every function checks its pointers first (a NULL where one is required
//! is `HANDLES_NULL_ARGUMENT`, before anything else is looked at or
//! changed), then the handle, then the values; it locks the one pool it
//! needs (ctypes releases the GIL, so calls arrive from many threads at
//! once) and returns a status. On failure nothing was created or changed,
//! and the message is kept for `handles_last_error`. No panic reaches C
//! (`guard`).

use std::ffi::{CStr, c_char};
use std::ptr;
use std::sync::{Mutex, MutexGuard};

use config_core::{ConfigError, check_url_code_points};

use crate::handle::{Handle, Kind};
use crate::objects::{Config, Counter};
use crate::pool::HandlePool;
use crate::status::{Failure, Status, guard, last_error};
use crate::text::{Text, decode};

// ANCHOR: pools
/// One pool per kind of object, each behind its own lock.
static CONFIGS: Mutex<HandlePool<Config>> = Mutex::new(HandlePool::new(Kind::Config));
static COUNTERS: Mutex<HandlePool<Counter>> = Mutex::new(HandlePool::new(Kind::Counter));

/// Locks a pool. A panic while it was locked (caught by `guard`) leaves it
/// poisoned; every pool operation leaves the pool consistent before it can
/// panic, so the lock is taken anyway rather than failing every later call.
fn lock<T>(pool: &'static Mutex<HandlePool<T>>) -> MutexGuard<'static, HandlePool<T>> {
    pool.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
// ANCHOR_END: pools

// ANCHOR: required
/// `pointer`, checked to be non-NULL: every export calls this for each
/// pointer it needs *before* it does anything else, so a NULL creates
/// nothing and changes nothing.
fn required<T>(pointer: *mut T) -> Result<*mut T, Failure> {
    if pointer.is_null() {
        Err(Failure::new(
            Status::NullArgument,
            "a required pointer was NULL",
        ))
    } else {
        Ok(pointer)
    }
}
// ANCHOR_END: required

/// Writes `value` through `out`, which [`required`] has checked.
fn write<T>(out: *mut T, value: T) {
    // SAFETY: non-NULL (checked by `required`), and the header's contract
    // says it is writable.
    unsafe { out.write(value) };
}

/// The URL bytes C passed, as text the Config core can check.
///
/// # Safety
/// `url` is NULL or points to `len` readable bytes.
unsafe fn url_text<'a>(
    url: *const c_char,
    len: usize,
) -> Result<std::borrow::Cow<'a, str>, Failure> {
    required(url.cast_mut())?;
    // SAFETY: `len` readable bytes, by the contract.
    let bytes = unsafe { std::slice::from_raw_parts(url.cast::<u8>(), len) };
    match decode(bytes) {
        Some(Text::Utf8(text)) => Ok(text.into()),
        Some(Text::WithSurrogates(points)) => {
            // The core reports the first lone surrogate (or a length) by position.
            Err(
                check_url_code_points(points).map_or_else(Failure::from, |()| {
                    Failure::new(Status::InvalidText, "url is not UTF-8")
                }),
            )
        }
        None => Err(Failure::new(Status::InvalidText, "url is not UTF-8")),
    }
}

// ---------------------------------------------------------------- Config

// ANCHOR: config_create
/// `int32_t config_create(int64_t timeout, const char *url, size_t url_len, bool ssl, uint64_t *out)`
///
/// # Safety
/// `url` points to `url_len` bytes; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn config_create(
    timeout: i64,
    url: *const c_char,
    url_len: usize,
    ssl: bool,
    out: *mut u64,
) -> i32 {
    guard(|| {
        let out = required(out)?;
        // SAFETY: as this function's contract.
        let url = unsafe { url_text(url, url_len) }?;
        let config = Config::new(timeout, &url, ssl)?;
        let handle = lock(&CONFIGS)
            .insert(config)
            .map_err(|e| Failure::handle(e, 0, "Config"))?;
        write(out, handle.as_ffi());
        Ok(())
    })
}
// ANCHOR_END: config_create

/// `int32_t config_timeout_out_of_range(const char *digits)`: for a timeout
/// too big for `int64_t`, records the Config core's message with the
/// caller's digits and returns `HANDLES_TIMEOUT_RANGE`.
///
/// # Safety
/// `digits` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn config_timeout_out_of_range(digits: *const c_char) -> i32 {
    guard(|| {
        required(digits.cast_mut())?;
        // SAFETY: non-NULL and NUL-terminated, by the contract.
        let shown = unsafe { CStr::from_ptr(digits) }.to_string_lossy();
        Err(ConfigError::timeout_out_of_range(shown).into())
    })
}

// ANCHOR: config_check
/// `int32_t config_check_timeout(int64_t timeout)`: the status
/// `config_create` would give for this timeout alone. Creates nothing; lets
/// a caller report the first bad argument before it converts the next one.
#[unsafe(no_mangle)]
pub extern "C" fn config_check_timeout(timeout: i64) -> i32 {
    guard(|| Ok(config_core::check_timeout(timeout).map(drop)?))
}

/// `int32_t config_check_url(const char *url, size_t url_len)`: the status
/// `config_create` would give for this url alone. Creates nothing.
///
/// # Safety
/// `url` is NULL or points to `url_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn config_check_url(url: *const c_char, url_len: usize) -> i32 {
    guard(|| {
        // SAFETY: as this function's contract.
        let url = unsafe { url_text(url, url_len) }?;
        Ok(config_core::parse_url(&url).map(drop)?)
    })
}
// ANCHOR_END: config_check

/// Runs `read` on the Config `handle` names.
fn with_config<R>(
    handle: u64,
    read: impl FnOnce(&mut Config) -> Result<R, Failure>,
) -> Result<R, Failure> {
    let mut pool = lock(&CONFIGS);
    read(
        pool.get_mut(Handle::from_ffi(handle))
            .map_err(|e| Failure::handle(e, handle, "Config"))?,
    )
}

/// `int32_t config_timeout(uint64_t config, uint32_t *out)`
#[unsafe(no_mangle)]
pub extern "C" fn config_timeout(config: u64, out: *mut u32) -> i32 {
    guard(|| {
        let out = required(out)?;
        with_config(config, |c| {
            write(out, c.timeout());
            Ok(())
        })
    })
}

/// `int32_t config_ssl(uint64_t config, bool *out)`
#[unsafe(no_mangle)]
pub extern "C" fn config_ssl(config: u64, out: *mut bool) -> i32 {
    guard(|| {
        let out = required(out)?;
        with_config(config, |c| {
            write(out, c.ssl());
            Ok(())
        })
    })
}

/// `int32_t config_url(uint64_t config, char *buffer, size_t size, size_t *needed)`:
/// the url, NUL-terminated. `*needed` receives the size it takes (NUL
/// included) on `HANDLES_OK` and `HANDLES_BUFFER_TOO_SMALL`.
///
/// # Safety
/// `buffer` is NULL (with `size` 0) or has `size` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn config_url(
    config: u64,
    buffer: *mut c_char,
    size: usize,
    needed: *mut usize,
) -> i32 {
    guard(|| {
        let needed = required(needed)?;
        if size > 0 {
            required(buffer)?; // NULL is allowed only with size 0
        }
        with_config(config, |c| {
            let url = c.url();
            write(needed, url.len() + 1);
            if size < url.len() + 1 {
                let message = format!("the url needs a buffer of {} bytes", url.len() + 1);
                return Err(Failure::new(Status::BufferTooSmall, message));
            }
            // SAFETY: `buffer` has `size` > url.len() writable bytes.
            unsafe {
                ptr::copy_nonoverlapping(url.as_ptr().cast::<c_char>(), buffer, url.len());
                buffer.add(url.len()).write(0);
            }
            Ok(())
        })
    })
}

/// `int32_t config_set_timeout(uint64_t config, int64_t timeout)`
#[unsafe(no_mangle)]
pub extern "C" fn config_set_timeout(config: u64, timeout: i64) -> i32 {
    guard(|| with_config(config, |c| Ok(c.set_timeout(timeout)?)))
}

/// `int32_t config_set_url(uint64_t config, const char *url, size_t url_len)`
///
/// # Safety
/// `url` points to `url_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn config_set_url(config: u64, url: *const c_char, url_len: usize) -> i32 {
    guard(|| {
        required(url.cast_mut())?;
        with_config(config, |c| {
            // SAFETY: as this function's contract.
            let url = unsafe { url_text(url, url_len) }?;
            Ok(c.set_url(&url)?)
        })
    })
}

/// `int32_t config_set_ssl(uint64_t config, bool ssl)`
#[unsafe(no_mangle)]
pub extern "C" fn config_set_ssl(config: u64, ssl: bool) -> i32 {
    guard(|| {
        with_config(config, |c| {
            c.set_ssl(ssl);
            Ok(())
        })
    })
}

/// `ProcessedConfig`: `Config.process()`'s result, every string inline and
/// NUL-terminated (a url has at most 2048 characters, so each fits).
#[repr(C)]
pub struct ProcessedConfig {
    /// "http" or "https".
    pub scheme: [c_char; 8],
    /// Lower-case ASCII host.
    pub host: [c_char; 2049],
    /// The port.
    pub port: u16,
    /// The path, at least "/".
    pub path: [c_char; 8193],
    /// The timeout in milliseconds.
    pub timeout_ms: u64,
}

/// Copies `text` into a fixed C array, NUL-terminated (it always fits: see above).
fn fill(array: &mut [c_char], text: &str) {
    for (to, from) in array.iter_mut().zip(text.bytes().chain(std::iter::once(0))) {
        *to = from as c_char;
    }
}

// ANCHOR: config_process
/// `int32_t config_process(uint64_t config, ProcessedConfig *out)`
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn config_process(config: u64, out: *mut ProcessedConfig) -> i32 {
    guard(|| {
        let out = required(out)?;
        let processed = with_config(config, |c| Ok(c.process()?))?;
        // SAFETY: non-NULL (checked first) and writable, by the contract.
        let out = unsafe { &mut *out };
        fill(&mut out.scheme, processed.scheme);
        fill(&mut out.host, &processed.host);
        fill(&mut out.path, &processed.path);
        out.port = processed.port;
        out.timeout_ms = processed.timeout_ms;
        Ok(())
    })
}
// ANCHOR_END: config_process

// ANCHOR: config_release
/// `int32_t config_release(uint64_t config)`: from now on every copy of
/// `config` is stale; releasing it again is `HANDLES_STALE_HANDLE`.
#[unsafe(no_mangle)]
pub extern "C" fn config_release(config: u64) -> i32 {
    guard(|| {
        let removed = lock(&CONFIGS).remove(Handle::from_ffi(config));
        // The Config is dropped here, after the lock is released.
        removed
            .map(drop)
            .map_err(|e| Failure::handle(e, config, "Config"))
    })
}
// ANCHOR_END: config_release

// ---------------------------------------------------------------- Counter

/// `int32_t counter_create(int64_t start, uint64_t *out)`
#[unsafe(no_mangle)]
pub extern "C" fn counter_create(start: i64, out: *mut u64) -> i32 {
    guard(|| {
        let out = required(out)?;
        let handle = lock(&COUNTERS)
            .insert(Counter::new(start))
            .map_err(|e| Failure::handle(e, 0, "Counter"))?;
        write(out, handle.as_ffi());
        Ok(())
    })
}

/// `int32_t counter_value(uint64_t counter, int64_t *out)`
#[unsafe(no_mangle)]
pub extern "C" fn counter_value(counter: u64, out: *mut i64) -> i32 {
    guard(|| {
        let out = required(out)?;
        let value = lock(&COUNTERS)
            .get(Handle::from_ffi(counter))
            .map_err(|e| Failure::handle(e, counter, "Counter"))?
            .value();
        write(out, value);
        Ok(())
    })
}

// ANCHOR: counter_increment
/// `int32_t counter_increment(uint64_t counter, int64_t by, int64_t *out)`:
/// adds `by` under the pool's lock, so concurrent increments are never lost;
/// `*out` (if not NULL) receives the new value.
#[unsafe(no_mangle)]
pub extern "C" fn counter_increment(counter: u64, by: i64, out: *mut i64) -> i32 {
    guard(|| {
        let mut pool = lock(&COUNTERS);
        let value = pool
            .get_mut(Handle::from_ffi(counter))
            .map_err(|e| Failure::handle(e, counter, "Counter"))?;
        let new = value.increment(by).map_err(|_| {
            Failure::new(
                Status::Overflow,
                format!("the count would leave int64_t ({} + {by})", value.value()),
            )
        })?;
        if !out.is_null() {
            write(out, new);
        }
        Ok(())
    })
}
// ANCHOR_END: counter_increment

/// `int32_t counter_release(uint64_t counter)`
#[unsafe(no_mangle)]
pub extern "C" fn counter_release(counter: u64) -> i32 {
    guard(|| {
        lock(&COUNTERS)
            .remove(Handle::from_ffi(counter))
            .map(drop)
            .map_err(|e| Failure::handle(e, counter, "Counter"))
    })
}

// ---------------------------------------------------------------- the library

/// `size_t handles_live(uint8_t kind)`: objects of `kind` not yet released (0 for an unknown kind).
#[unsafe(no_mangle)]
pub extern "C" fn handles_live(kind: u8) -> usize {
    match Kind::from_bits(kind) {
        Some(Kind::Config) => lock(&CONFIGS).live(),
        Some(Kind::Counter) => lock(&COUNTERS).live(),
        None => 0,
    }
}

/// `int32_t handles_last_error(char *buffer, size_t size, size_t *needed)`:
/// the message of this thread's last failure, NUL-terminated.
///
/// # Safety
/// `buffer` is NULL (with `size` 0) or has `size` writable bytes; `needed` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn handles_last_error(
    buffer: *mut c_char,
    size: usize,
    needed: *mut usize,
) -> i32 {
    let message = last_error(); // read before anything can replace it
    if needed.is_null() || (buffer.is_null() && size > 0) {
        return Status::NullArgument as i32;
    }
    // SAFETY: `needed` is non-NULL and writable.
    unsafe { needed.write(message.len() + 1) };
    if size < message.len() + 1 {
        return Status::BufferTooSmall as i32;
    }
    // SAFETY: `buffer` has `size` > message.len() writable bytes.
    unsafe {
        ptr::copy_nonoverlapping(message.as_ptr().cast::<c_char>(), buffer, message.len());
        buffer.add(message.len()).write(0);
    }
    Status::Ok as i32
}
