//! The transport plugin, loaded by name at run time with libloading, as
//! ROS 2 loads an RMW implementation: `local` is
//! `libhybrid_transport_local.so`, looked for in each folder of a search
//! path. Every function of `hybrid_transport.h` is looked up once, at load;
//! a library that lacks one, or was built for another interface version,
//! is refused with its path and what is missing.

use std::ffi::{CStr, CString, c_char};
use std::path::PathBuf;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

create_exception!(
    _hybrid_runtime,
    TransportError,
    PyException,
    "The transport refused, or could not be loaded."
);
create_exception!(
    _hybrid_runtime,
    TypeMismatchError,
    TransportError,
    "The topic carries another message type."
);

// ANCHOR: table
/// The plugin's functions (hybrid_transport.h), looked up once.
pub struct Plugin {
    pub path: PathBuf,
    pub name: String,
    open: unsafe extern "C" fn(*const c_char, *mut u64) -> i32,
    close: unsafe extern "C" fn(u64) -> i32,
    advertise:
        unsafe extern "C" fn(u64, *const c_char, *const c_char, *const c_char, *mut u64) -> i32,
    publish: unsafe extern "C" fn(u64, u64, *const u8, usize) -> i32,
    subscribe: unsafe extern "C" fn(
        u64,
        *const c_char,
        *const c_char,
        *const c_char,
        u32,
        *mut u64,
    ) -> i32,
    take: unsafe extern "C" fn(u64, u64, *mut u8, usize, *mut usize) -> i32,
    wait: unsafe extern "C" fn(u64, u64, i64) -> i32,
    dropped: unsafe extern "C" fn(u64, u64, *mut u64) -> i32,
    remove: unsafe extern "C" fn(u64, u64) -> i32,
    last_error: unsafe extern "C" fn(*mut c_char, usize, *mut usize) -> i32,
    /// Kept loaded as long as the functions above may be called.
    _library: libloading::Library,
}
// ANCHOR_END: table

const ABI: u32 = 1;
/// `HT_NO_MESSAGE`, `HT_BUFFER_TOO_SMALL`, `HT_TYPE_MISMATCH`: the statuses callers act on.
pub const NO_MESSAGE: i32 = 4;
pub const BUFFER_TOO_SMALL: i32 = 5;
const TYPE_MISMATCH: i32 = 3;

impl Plugin {
    /// Loads `libhybrid_transport_<name>.so` from the first folder of `search` that has it.
    pub fn load(name: &str, search: &[PathBuf]) -> PyResult<Self> {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(PyValueError::new_err(format!(
                "transport name {name:?} must be letters, digits and '_'"
            )));
        }
        let file = format!("libhybrid_transport_{name}.so");
        let Some(path) = search
            .iter()
            .map(|dir| dir.join(&file))
            .find(|path| path.exists())
        else {
            let folders: Vec<String> = search.iter().map(|d| d.display().to_string()).collect();
            return Err(TransportError::new_err(format!(
                "no transport {name:?}: {file} is in none of {}",
                folders.join(", ")
            )));
        };
        let shown = path.display().to_string();
        // SAFETY: loading runs the library's initialisers; a transport
        // library is trusted code, as an RMW implementation is.
        let library = unsafe { libloading::Library::new(&path) }
            .map_err(|e| TransportError::new_err(format!("cannot load {shown}: {e}")))?;
        macro_rules! symbol {
            ($name:literal) => {
                // SAFETY: the header gives the symbol's type; the pointer is
                // copied out and used only while `library` is kept.
                *unsafe { library.get($name) }.map_err(|_| {
                    TransportError::new_err(format!(
                        "{shown} is not a transport: it lacks {}",
                        String::from_utf8_lossy(&$name[..$name.len() - 1])
                    ))
                })?
            };
        }
        let abi: unsafe extern "C" fn() -> u32 = symbol!(b"hybrid_transport_abi\0");
        // SAFETY: takes nothing, returns a number.
        let version = unsafe { abi() };
        if version != ABI {
            return Err(TransportError::new_err(format!(
                "{shown} speaks transport interface {version}, this runtime {ABI}"
            )));
        }
        let implementation: unsafe extern "C" fn() -> *const c_char =
            symbol!(b"hybrid_transport_name\0");
        // SAFETY: a static NUL-terminated string, as the header promises.
        let implementation = unsafe { CStr::from_ptr(implementation()) }
            .to_string_lossy()
            .into_owned();
        Ok(Self {
            path,
            name: implementation,
            open: symbol!(b"hybrid_transport_open\0"),
            close: symbol!(b"hybrid_transport_close\0"),
            advertise: symbol!(b"hybrid_transport_advertise\0"),
            publish: symbol!(b"hybrid_transport_publish\0"),
            subscribe: symbol!(b"hybrid_transport_subscribe\0"),
            take: symbol!(b"hybrid_transport_take\0"),
            wait: symbol!(b"hybrid_transport_wait\0"),
            dropped: symbol!(b"hybrid_transport_dropped\0"),
            remove: symbol!(b"hybrid_transport_remove\0"),
            last_error: symbol!(b"hybrid_transport_last_error\0"),
            _library: library,
        })
    }

    /// The status as a Python exception with the transport's own message.
    pub fn error(&self, status: i32, doing: &str) -> PyErr {
        let mut needed = 0usize;
        let mut text = vec![0u8; 512];
        // SAFETY: `text` is writable for its length; `needed` is writable.
        unsafe { (self.last_error)(text.as_mut_ptr().cast(), text.len(), &mut needed) };
        let message = CStr::from_bytes_until_nul(&text)
            .map(|m| m.to_string_lossy().into_owned())
            .unwrap_or_default();
        let message = format!("{doing}: {message} (status {status})");
        if status == TYPE_MISMATCH {
            TypeMismatchError::new_err(message)
        } else {
            TransportError::new_err(message)
        }
    }

    fn check(&self, status: i32, doing: &str) -> PyResult<()> {
        if status == 0 {
            Ok(())
        } else {
            Err(self.error(status, doing))
        }
    }

    pub fn open(&self, domain: &str) -> PyResult<u64> {
        let domain = c_string(domain, "domain")?;
        let mut id = 0;
        // SAFETY: a NUL-terminated string and a writable id.
        self.check(unsafe { (self.open)(domain.as_ptr(), &mut id) }, "open")?;
        Ok(id)
    }

    pub fn close(&self, transport: u64) {
        // SAFETY: ids are checked by the library itself.
        unsafe { (self.close)(transport) };
    }

    pub fn advertise(
        &self,
        transport: u64,
        topic: &str,
        type_name: &str,
        type_hash: &str,
    ) -> PyResult<u64> {
        let (topic, name, hash) = (
            c_string(topic, "topic")?,
            c_string(type_name, "type name")?,
            c_string(type_hash, "type hash")?,
        );
        let mut id = 0;
        // SAFETY: NUL-terminated strings and a writable id.
        let status = unsafe {
            (self.advertise)(
                transport,
                topic.as_ptr(),
                name.as_ptr(),
                hash.as_ptr(),
                &mut id,
            )
        };
        self.check(
            status,
            &format!("cannot publish on {}", topic.to_string_lossy()),
        )?;
        Ok(id)
    }

    pub fn publish(&self, transport: u64, publisher: u64, bytes: &[u8]) -> i32 {
        // SAFETY: `bytes` is readable for its length.
        unsafe { (self.publish)(transport, publisher, bytes.as_ptr(), bytes.len()) }
    }

    pub fn subscribe(
        &self,
        transport: u64,
        topic: &str,
        type_name: &str,
        type_hash: &str,
        depth: u32,
    ) -> PyResult<u64> {
        let (topic, name, hash) = (
            c_string(topic, "topic")?,
            c_string(type_name, "type name")?,
            c_string(type_hash, "type hash")?,
        );
        let mut id = 0;
        // SAFETY: NUL-terminated strings and a writable id.
        let status = unsafe {
            (self.subscribe)(
                transport,
                topic.as_ptr(),
                name.as_ptr(),
                hash.as_ptr(),
                depth,
                &mut id,
            )
        };
        self.check(
            status,
            &format!("cannot subscribe to {}", topic.to_string_lossy()),
        )?;
        Ok(id)
    }

    /// The next message's bytes into `buffer` (grown as needed); None if there is none.
    pub fn take(&self, transport: u64, subscription: u64, buffer: &mut Vec<u8>) -> PyResult<bool> {
        loop {
            let mut size = 0usize;
            // SAFETY: `buffer` is writable for its length; `size` is writable.
            let status = unsafe {
                (self.take)(
                    transport,
                    subscription,
                    buffer.as_mut_ptr(),
                    buffer.len(),
                    &mut size,
                )
            };
            match status {
                0 => {
                    buffer.truncate(size);
                    return Ok(true);
                }
                NO_MESSAGE => return Ok(false),
                BUFFER_TOO_SMALL => buffer.resize(size, 0),
                status => return Err(self.error(status, "take")),
            }
        }
    }

    pub fn wait(&self, transport: u64, subscription: u64, timeout_ms: i64) -> i32 {
        // SAFETY: plain values.
        unsafe { (self.wait)(transport, subscription, timeout_ms) }
    }

    pub fn dropped(&self, transport: u64, subscription: u64) -> PyResult<u64> {
        let mut dropped = 0;
        // SAFETY: a writable u64.
        let status = unsafe { (self.dropped)(transport, subscription, &mut dropped) };
        self.check(status, "dropped")?;
        Ok(dropped)
    }

    pub fn remove(&self, transport: u64, endpoint: u64) {
        // SAFETY: ids are checked by the library itself.
        unsafe { (self.remove)(transport, endpoint) };
    }
}

fn c_string(text: &str, what: &str) -> PyResult<CString> {
    CString::new(text).map_err(|_| PyValueError::new_err(format!("the {what} contains NUL")))
}
