//! A message type's typesupport, taken from its Python class: the six
//! capsules the generated extension made, each name checked, each pointer
//! cast to the type `hybrid_typesupport.h` gives it. This is the whole seam
//! between the two Layer 2 extensions: this crate never links the
//! typesupport extension, nor the message library under it.

use std::ffi::{CString, c_void};

use pyo3::exceptions::{PyMemoryError, PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyType;

/// `hybrid_Buffer`: bytes the message library allocated with malloc.
#[repr(C)]
pub struct Buffer {
    data: *mut u8,
    size: usize,
    capacity: usize,
}

impl Buffer {
    fn new() -> Self {
        Self {
            data: std::ptr::null_mut(),
            size: 0,
            capacity: 0,
        }
    }

    fn bytes(&self) -> &[u8] {
        if self.data.is_null() {
            &[]
        } else {
            // SAFETY: serialize wrote `size` bytes at `data`.
            unsafe { std::slice::from_raw_parts(self.data, self.size) }
        }
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        // SAFETY: `data` is NULL or malloc'd by the message library
        // (hybrid_runtime.h says so), in this process's one libc.
        unsafe { libc::free(self.data.cast()) };
    }
}

// ANCHOR: pointers
type Create = unsafe extern "C" fn() -> *mut c_void;
type Destroy = unsafe extern "C" fn(*mut c_void);
type ConvertFromPy = unsafe extern "C" fn(*mut ffi::PyObject, *mut c_void) -> bool;
type ConvertToPy = unsafe extern "C" fn(*mut c_void) -> *mut ffi::PyObject;
type Serialize = unsafe extern "C" fn(*const c_void, *mut Buffer) -> i32;
type Deserialize = unsafe extern "C" fn(*mut c_void, *const u8, usize) -> i32;

/// One message type's functions, and what the transport needs to know of it.
pub struct Support {
    /// The class, kept alive (and compared with each message's type).
    pub class: Py<PyType>,
    /// `demo_msgs/msg/DemoStatus`.
    pub type_name: String,
    /// Its definition's hash.
    pub type_hash: String,
    create: Create,
    destroy: Destroy,
    convert_from_py: ConvertFromPy,
    convert_to_py: ConvertToPy,
    serialize: Serialize,
    deserialize: Deserialize,
}
// ANCHOR_END: pointers

// ANCHOR: capsule
/// The pointer in `class._<FUNCTION>`, if the capsule has the name
/// `<type name>.<function>`: a capsule of another name (another message's,
/// another package's) is refused, never called.
fn pointer(class: &Bound<'_, PyType>, type_name: &str, function: &str) -> PyResult<*mut c_void> {
    let attribute = format!("_{}", function.to_uppercase());
    let capsule = class.getattr(attribute.as_str()).map_err(|_| {
        PyTypeError::new_err(format!(
            "{} has no typesupport capsule {attribute}",
            class_name(class)
        ))
    })?;
    let name = CString::new(format!("{type_name}.{function}"))
        .map_err(|_| PyValueError::new_err("a type name with NUL"))?;
    // SAFETY: GIL held; GetPointer checks the object is a capsule and that
    // its name equals `name` (it sets ValueError otherwise).
    let pointer = unsafe { ffi::PyCapsule_GetPointer(capsule.as_ptr(), name.as_ptr()) };
    if pointer.is_null() {
        // Replaces GetPointer's own message with one that says whose capsule this should be.
        let _ = PyErr::take(class.py());
        return Err(PyTypeError::new_err(format!(
            "{}.{attribute} is not a capsule named {:?}: not {}'s typesupport",
            class_name(class),
            name.to_string_lossy(),
            type_name
        )));
    }
    Ok(pointer)
}
// ANCHOR_END: capsule

fn class_name(class: &Bound<'_, PyType>) -> String {
    class
        .qualname()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

impl Support {
    /// Asks the class for its typesupport (importing the extension the
    /// first time, as rosidl's metaclass does) and checks every capsule.
    pub fn of(class: &Bound<'_, PyAny>) -> PyResult<Self> {
        let class = class.cast::<PyType>().map_err(|_| {
            PyTypeError::new_err(format!(
                "expected a message class, got {}",
                class.repr().map(|r| r.to_string()).unwrap_or_default()
            ))
        })?;
        let importer = class.getattr("__import_type_support__").map_err(|_| {
            PyTypeError::new_err(format!(
                "{} is not a generated message class (no __import_type_support__)",
                class_name(class)
            ))
        })?;
        importer.call0()?;
        let type_name: String = class.getattr("_TYPE_NAME")?.extract()?;
        let type_hash: String = class.getattr("_TYPE_HASH")?.extract()?;
        let get = |function| pointer(class, &type_name, function);
        // SAFETY: each capsule's name says which function of which message
        // it holds, and hybrid_typesupport.h gives that function's type.
        unsafe {
            Ok(Self {
                create: std::mem::transmute::<*mut c_void, Create>(get("create")?),
                destroy: std::mem::transmute::<*mut c_void, Destroy>(get("destroy")?),
                convert_from_py: std::mem::transmute::<*mut c_void, ConvertFromPy>(get(
                    "convert_from_py",
                )?),
                convert_to_py: std::mem::transmute::<*mut c_void, ConvertToPy>(get(
                    "convert_to_py",
                )?),
                serialize: std::mem::transmute::<*mut c_void, Serialize>(get("serialize")?),
                deserialize: std::mem::transmute::<*mut c_void, Deserialize>(get("deserialize")?),
                class: class.clone().unbind(),
                type_name,
                type_hash,
            })
        }
    }

    /// A new C message, destroyed when the `Message` goes.
    pub fn create(&self) -> PyResult<Message> {
        // SAFETY: the typesupport's create: no arguments, NULL when out of memory.
        let pointer = unsafe { (self.create)() };
        if pointer.is_null() {
            return Err(PyMemoryError::new_err("no memory for a C message"));
        }
        Ok(Message {
            pointer,
            destroy: self.destroy,
        })
    }

    /// convert_from_py: the Python message's fields into `c_message`.
    pub fn fill(&self, message: &Bound<'_, PyAny>, c_message: &Message) -> PyResult<()> {
        if !message.get_type().is(self.class.bind(message.py())) {
            return Err(PyTypeError::new_err(format!(
                "this publisher sends {}, not {}",
                self.type_name,
                message.get_type().qualname()?
            )));
        }
        // SAFETY: GIL held; `message` is live; the C message is initialised.
        if !unsafe { (self.convert_from_py)(message.as_ptr(), c_message.pointer) } {
            return Err(PyErr::fetch(message.py()));
        }
        Ok(())
    }

    /// serialize: the C message's CDR bytes.
    pub fn serialize(&self, c_message: &Message) -> PyResult<Vec<u8>> {
        let mut buffer = Buffer::new();
        // SAFETY: an initialised C message and a buffer serialize may fill.
        let status = unsafe { (self.serialize)(c_message.pointer, &mut buffer) };
        if status != 0 {
            return Err(PyValueError::new_err(format!(
                "serialize failed: {}",
                status_name(status)
            )));
        }
        Ok(buffer.bytes().to_vec())
    }

    /// deserialize: `bytes` into `c_message`, replaced only if they all check out.
    pub fn read(&self, c_message: &Message, bytes: &[u8]) -> PyResult<()> {
        // SAFETY: an initialised C message; `bytes` is readable.
        let status = unsafe { (self.deserialize)(c_message.pointer, bytes.as_ptr(), bytes.len()) };
        if status != 0 {
            return Err(PyValueError::new_err(format!(
                "a {} message could not be read: {}",
                self.type_name,
                status_name(status)
            )));
        }
        Ok(())
    }

    /// convert_to_py: a new Python message from `c_message`.
    pub fn make(&self, py: Python<'_>, c_message: &Message) -> PyResult<Py<PyAny>> {
        // SAFETY: GIL held; an initialised C message; returns a new reference or NULL.
        let object = unsafe { (self.convert_to_py)(c_message.pointer) };
        // SAFETY: a new reference, or NULL with an exception set.
        unsafe { Bound::from_owned_ptr_or_err(py, object) }.map(Bound::unbind)
    }

    // ANCHOR: to_bytes
    /// Python message -> C message -> CDR bytes: what a publisher sends.
    pub fn to_bytes(&self, message: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
        let c_message = self.create()?;
        self.fill(message, &c_message)?;
        self.serialize(&c_message)
        // `c_message` is destroyed here, on success and on error alike.
    }
    // ANCHOR_END: to_bytes

    /// CDR bytes -> C message -> a new Python message: what a subscription hands out.
    pub fn to_message(&self, py: Python<'_>, bytes: &[u8]) -> PyResult<Py<PyAny>> {
        let c_message = self.create()?;
        self.read(&c_message, bytes)?;
        self.make(py, &c_message)
    }
}

/// A C message, destroyed (fini'd and freed) when dropped.
pub struct Message {
    pointer: *mut c_void,
    destroy: Destroy,
}

// SAFETY: the pointer is used with the GIL held only (the module declares
// gil_used), by one owner, and freed once.
unsafe impl Send for Message {}
// SAFETY: as above.
unsafe impl Sync for Message {}

impl Drop for Message {
    fn drop(&mut self) {
        // SAFETY: made by this typesupport's create, destroyed once.
        unsafe { (self.destroy)(self.pointer) };
    }
}

/// `hybrid_status`'s names (hybrid_runtime.h).
pub fn status_name(status: i32) -> &'static str {
    match status {
        1 => "HYBRID_NULL_ARGUMENT",
        2 => "HYBRID_NO_MEMORY",
        3 => "HYBRID_TRUNCATED",
        4 => "HYBRID_BAD_HEADER",
        5 => "HYBRID_BOUND_EXCEEDED",
        6 => "HYBRID_BAD_VALUE",
        _ => "an unknown status",
    }
}
