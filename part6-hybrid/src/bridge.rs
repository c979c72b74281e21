//! The C ABI (`include/hybrid_transport.h`): ids in, statuses out. Every
//! function checks its pointers first, then its ids, then its values, and
//! runs inside `quiet_panic::catch`, so a bug is HT_PANIC, never an unwind
//! into the runtime, and never a line on the host's stderr.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{CStr, c_char};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::directory::TypeId;
use crate::endpoint::{Failure, Publisher, Subscription};
use crate::queue::Taken;

/// The statuses of `hybrid_transport_status`.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done.
    Ok = 0,
    /// A required pointer was NULL.
    NullArgument = 1,
    /// Not UTF-8, a bad topic name, depth 0.
    BadArgument = 2,
    /// The topic carries another type.
    TypeMismatch = 3,
    /// Nothing to take, or the wait timed out.
    NoMessage = 4,
    /// The next message needs a bigger buffer.
    BufferTooSmall = 5,
    /// An id that is closed or never issued.
    Closed = 6,
    /// The operating system refused.
    IoError = 7,
    /// A bug, caught.
    Panic = 8,
}

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn fail(status: Status, message: impl Into<String>) -> Status {
    LAST_ERROR.with(|last| *last.borrow_mut() = message.into());
    status
}

/// One open transport: its domain and its endpoints.
struct Transport {
    domain: String,
    endpoints: Mutex<HashMap<u64, Endpoint>>,
}

#[derive(Clone)]
enum Endpoint {
    Publisher(Arc<Publisher>),
    Subscription(Arc<Subscription>),
}

static TRANSPORTS: Mutex<Option<HashMap<u64, Arc<Transport>>>> = Mutex::new(None);
/// Every id this library hands out, of any kind: never 0, never reused.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn transport(id: u64) -> Result<Arc<Transport>, Status> {
    lock(&TRANSPORTS)
        .as_ref()
        .and_then(|all| all.get(&id).cloned())
        .ok_or_else(|| {
            fail(
                Status::Closed,
                format!("transport {id} is closed or was never opened"),
            )
        })
}

fn endpoint(transport: &Transport, id: u64) -> Result<Endpoint, Status> {
    lock(&transport.endpoints).get(&id).cloned().ok_or_else(|| {
        fail(
            Status::Closed,
            format!("endpoint {id} is closed or was never made"),
        )
    })
}

/// Runs `body`, turning a panic into HT_PANIC.
fn guarded(body: impl FnOnce() -> Result<(), Status>) -> i32 {
    match quiet_panic::catch(body) {
        Ok(Ok(())) => Status::Ok as i32,
        Ok(Err(status)) => status as i32,
        Err(report) => fail(Status::Panic, format!("the transport panicked: {report}")) as i32,
    }
}

/// A required pointer, or HT_NULL_ARGUMENT naming it.
fn required<T>(pointer: *const T, name: &str) -> Result<*const T, Status> {
    if pointer.is_null() {
        Err(fail(Status::NullArgument, format!("{name} is NULL")))
    } else {
        Ok(pointer)
    }
}

/// A NUL-terminated UTF-8 string.
///
/// # Safety
/// `pointer` is non-NULL and points at a NUL-terminated string.
unsafe fn text<'a>(pointer: *const c_char, name: &str) -> Result<&'a str, Status> {
    // SAFETY: the caller's promise.
    unsafe { CStr::from_ptr(pointer) }
        .to_str()
        .map_err(|_| fail(Status::BadArgument, format!("{name} is not UTF-8")))
}

fn check_topic(topic: &str) -> Result<(), Status> {
    let good = topic.starts_with('/')
        && topic.len() > 1
        && topic.len() <= 256
        && topic[1..].split('/').all(|part| {
            part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if good {
        Ok(())
    } else {
        Err(fail(
            Status::BadArgument,
            format!("topic {topic:?} is not a name like /status or /robot/status"),
        ))
    }
}

fn from_failure(failure: Failure) -> Status {
    match failure {
        Failure::Mismatch(message) => fail(Status::TypeMismatch, message),
        Failure::Io(message) => fail(Status::IoError, message),
    }
}

/// `HYBRID_TRANSPORT_ABI`.
#[unsafe(no_mangle)]
pub extern "C" fn hybrid_transport_abi() -> u32 {
    1
}

/// This implementation's name.
#[unsafe(no_mangle)]
pub extern "C" fn hybrid_transport_name() -> *const c_char {
    c"local".as_ptr()
}

/// Opens a transport for `domain`.
///
/// # Safety
/// Pointers are NULL or valid as `hybrid_transport.h` says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hybrid_transport_open(domain: *const c_char, out: *mut u64) -> i32 {
    guarded(|| {
        let domain = required(domain, "domain")?;
        let out = required(out, "transport")?.cast_mut();
        // SAFETY: checked non-NULL; NUL-terminated by the caller's promise.
        let domain = unsafe { text(domain, "domain") }?;
        if domain.is_empty()
            || !domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            || domain.starts_with('.')
        {
            return Err(fail(
                Status::BadArgument,
                format!("domain {domain:?} must be letters, digits, '-', '_' or '.'"),
            ));
        }
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let transport = Arc::new(Transport {
            domain: domain.to_owned(),
            endpoints: Mutex::default(),
        });
        lock(&TRANSPORTS)
            .get_or_insert_with(HashMap::new)
            .insert(id, transport);
        // SAFETY: checked non-NULL; the caller's writable u64.
        unsafe { out.write(id) };
        Ok(())
    })
}

/// Closes a transport and every endpoint it made.
#[unsafe(no_mangle)]
pub extern "C" fn hybrid_transport_close(transport_id: u64) -> i32 {
    guarded(|| {
        let removed = lock(&TRANSPORTS)
            .as_mut()
            .and_then(|all| all.remove(&transport_id));
        let transport = removed.ok_or_else(|| {
            fail(
                Status::Closed,
                format!("transport {transport_id} is closed or was never opened"),
            )
        })?;
        // Dropped outside the registry's lock: closing joins nothing, but removes files.
        let endpoints: Vec<Endpoint> = lock(&transport.endpoints).drain().map(|(_, e)| e).collect();
        drop(endpoints);
        Ok(())
    })
}

/// Shared by advertise and subscribe: the strings, checked.
///
/// # Safety
/// As `hybrid_transport.h` says.
unsafe fn endpoint_args<'a>(
    topic: *const c_char,
    type_name: *const c_char,
    type_hash: *const c_char,
) -> Result<(&'a str, TypeId), Status> {
    let topic = required(topic, "topic")?;
    let type_name = required(type_name, "type_name")?;
    let type_hash = required(type_hash, "type_hash")?;
    // SAFETY: checked non-NULL; NUL-terminated by the caller's promise.
    let (topic, name, hash) = unsafe {
        (
            text(topic, "topic")?,
            text(type_name, "type_name")?,
            text(type_hash, "type_hash")?,
        )
    };
    check_topic(topic)?;
    if name.is_empty() || name.contains('\n') || hash.is_empty() || hash.contains('\n') {
        return Err(fail(
            Status::BadArgument,
            "type_name and type_hash must be one non-empty line each",
        ));
    }
    Ok((
        topic,
        TypeId {
            name: name.to_owned(),
            hash: hash.to_owned(),
        },
    ))
}

/// A publisher on `topic`.
///
/// # Safety
/// As `hybrid_transport.h` says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hybrid_transport_advertise(
    transport_id: u64,
    topic: *const c_char,
    type_name: *const c_char,
    type_hash: *const c_char,
    out: *mut u64,
) -> i32 {
    guarded(|| {
        let out = required(out, "publisher")?.cast_mut();
        // SAFETY: the caller's promise, forwarded.
        let (topic, type_id) = unsafe { endpoint_args(topic, type_name, type_hash) }?;
        let transport = transport(transport_id)?;
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let publisher =
            Publisher::new(&transport.domain, topic, type_id, id).map_err(from_failure)?;
        lock(&transport.endpoints).insert(id, Endpoint::Publisher(Arc::new(publisher)));
        // SAFETY: checked non-NULL.
        unsafe { out.write(id) };
        Ok(())
    })
}

/// Sends `size` bytes from `data`.
///
/// # Safety
/// `data` points at `size` readable bytes (or is NULL with size 0... refused).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hybrid_transport_publish(
    transport_id: u64,
    publisher: u64,
    data: *const u8,
    size: usize,
) -> i32 {
    guarded(|| {
        let data = required(data, "data")?;
        let transport = transport(transport_id)?;
        let Endpoint::Publisher(publisher) = endpoint(&transport, publisher)? else {
            return Err(fail(
                Status::BadArgument,
                format!("endpoint {publisher} is a subscription, not a publisher"),
            ));
        };
        // SAFETY: the caller's promise: `size` readable bytes.
        let message = unsafe { std::slice::from_raw_parts(data, size) };
        publisher.publish(message).map_err(from_failure)
    })
}

/// A subscription on `topic` keeping `depth` messages.
///
/// # Safety
/// As `hybrid_transport.h` says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hybrid_transport_subscribe(
    transport_id: u64,
    topic: *const c_char,
    type_name: *const c_char,
    type_hash: *const c_char,
    depth: u32,
    out: *mut u64,
) -> i32 {
    guarded(|| {
        let out = required(out, "subscription")?.cast_mut();
        // SAFETY: the caller's promise, forwarded.
        let (topic, type_id) = unsafe { endpoint_args(topic, type_name, type_hash) }?;
        let transport = transport(transport_id)?;
        if depth == 0 {
            return Err(fail(Status::BadArgument, "depth must be at least 1"));
        }
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let subscription = Subscription::new(&transport.domain, topic, type_id, depth as usize, id)
            .map_err(from_failure)?;
        lock(&transport.endpoints).insert(id, Endpoint::Subscription(Arc::new(subscription)));
        // SAFETY: checked non-NULL.
        unsafe { out.write(id) };
        Ok(())
    })
}

fn subscription(transport_id: u64, id: u64) -> Result<Arc<Subscription>, Status> {
    let transport = transport(transport_id)?;
    match endpoint(&transport, id)? {
        Endpoint::Subscription(subscription) => Ok(subscription),
        Endpoint::Publisher(_) => Err(fail(
            Status::BadArgument,
            format!("endpoint {id} is a publisher, not a subscription"),
        )),
    }
}

/// Takes the oldest kept message.
///
/// # Safety
/// `buffer` points at `capacity` writable bytes; `size` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hybrid_transport_take(
    transport_id: u64,
    subscription_id: u64,
    buffer: *mut u8,
    capacity: usize,
    size: *mut usize,
) -> i32 {
    guarded(|| {
        let buffer = required(buffer, "buffer")?.cast_mut();
        let size = required(size, "size")?.cast_mut();
        let subscription = subscription(transport_id, subscription_id)?;
        match subscription.queue().take(capacity) {
            Taken::Empty => Err(Status::NoMessage),
            Taken::TooBig(needed) => {
                // SAFETY: checked non-NULL.
                unsafe { size.write(needed) };
                Err(fail(
                    Status::BufferTooSmall,
                    format!("the next message is {needed} bytes, the buffer {capacity}"),
                ))
            }
            Taken::Message(message) => {
                // SAFETY: checked non-NULL; the message fits in `capacity` bytes.
                unsafe {
                    std::ptr::copy_nonoverlapping(message.as_ptr(), buffer, message.len());
                    size.write(message.len());
                }
                Ok(())
            }
        }
    })
}

/// Waits for a message.
#[unsafe(no_mangle)]
pub extern "C" fn hybrid_transport_wait(
    transport_id: u64,
    subscription_id: u64,
    timeout_ms: i64,
) -> i32 {
    guarded(|| {
        let subscription = subscription(transport_id, subscription_id)?;
        let timeout = (timeout_ms >= 0).then(|| Duration::from_millis(timeout_ms as u64));
        if subscription.queue().wait(timeout) {
            Ok(())
        } else {
            Err(Status::NoMessage)
        }
    })
}

/// Messages dropped by a full queue.
///
/// # Safety
/// `dropped` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hybrid_transport_dropped(
    transport_id: u64,
    subscription_id: u64,
    dropped: *mut u64,
) -> i32 {
    guarded(|| {
        let dropped = required(dropped, "dropped")?.cast_mut();
        let subscription = subscription(transport_id, subscription_id)?;
        // SAFETY: checked non-NULL.
        unsafe { dropped.write(subscription.queue().dropped()) };
        Ok(())
    })
}

/// Removes a publisher or subscription.
#[unsafe(no_mangle)]
pub extern "C" fn hybrid_transport_remove(transport_id: u64, endpoint_id: u64) -> i32 {
    guarded(|| {
        let transport = transport(transport_id)?;
        let removed = lock(&transport.endpoints).remove(&endpoint_id);
        removed.map(drop).ok_or_else(|| {
            fail(
                Status::Closed,
                format!("endpoint {endpoint_id} is closed or was never made"),
            )
        })
    })
}

/// The last error's message on this thread.
///
/// # Safety
/// `buffer` points at `capacity` writable bytes (or is NULL with capacity 0); `needed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hybrid_transport_last_error(
    buffer: *mut c_char,
    capacity: usize,
    needed: *mut usize,
) -> i32 {
    guarded(|| {
        let needed = required(needed, "needed")?.cast_mut();
        LAST_ERROR.with(|last| {
            let last = last.borrow();
            // SAFETY: checked non-NULL.
            unsafe { needed.write(last.len() + 1) };
            if capacity > 0 && !buffer.is_null() {
                let count = last.len().min(capacity - 1);
                // SAFETY: `count` + 1 <= capacity bytes, the caller's promise.
                unsafe {
                    std::ptr::copy_nonoverlapping(last.as_ptr().cast(), buffer, count);
                    buffer.add(count).write(0);
                }
            }
        });
        Ok(())
    })
}
