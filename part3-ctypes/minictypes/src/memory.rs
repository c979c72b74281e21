//! Memory the caller owns: `Buffer` (`create_string_buffer(size)`), the
//! zeroed allocation every C object's bytes come from (`Block`), and the raw memory
//! functions (`string_at`, `memmove`). A bottom floor: it needs nothing
//! else of mini-ctypes.

use pyo3::exceptions::{PyMemoryError, PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

// ANCHOR: buffer
/// `create_string_buffer(size)`: memory the caller owns and C writes into
/// (an out parameter: `char *buf`, `int64_t *out`). Its size never changes,
/// so the address handed to C stays valid while the object lives.
#[pyclass(module = "minictypes", frozen)]
pub struct Buffer {
    bytes: Block,
}
// ANCHOR_END: buffer

// SAFETY: C writes into the bytes only during a call that holds a
// reference to the Buffer; Python reads copy them out.
unsafe impl Sync for Buffer {}

// ANCHOR: block
/// Zeroed bytes of the caller's size: a C object's, or a `Buffer`'s. They
/// come from Python's own allocator (`PyMem_Calloc`: small blocks from
/// pymalloc's pools, as `_ctypes` takes them, large ones as zeroed pages
/// from the system, which cost nothing until written). The size is the
/// caller's, so an impossible one is an exception, never an abort of the
/// interpreter (as Rust's `vec![0; n]` would be). Python's allocator may be
/// used only with the GIL held; a block is made and dropped with it (its
/// owner's dealloc, or a constructor that failed).
pub(crate) struct Block {
    start: std::ptr::NonNull<std::cell::UnsafeCell<u8>>,
    size: usize,
}

impl Block {
    /// `size` zeroed bytes, or an exception naming the request (`what`,
    /// called only on failure).
    pub(crate) fn zeroed(
        _py: Python<'_>,
        size: usize,
        what: impl Fn() -> String,
    ) -> PyResult<Self> {
        if isize::try_from(size).is_err() {
            return Err(PyOverflowError::new_err(format!(
                "{}: {size} bytes is larger than any buffer can be",
                what()
            )));
        }
        // SAFETY: GIL held (`_py`); any size, 0 included, is a valid request.
        let start = unsafe { pyo3::ffi::PyMem_Calloc(size.max(1), 1) };
        std::ptr::NonNull::new(start.cast())
            .map(|start| Self { start, size })
            .ok_or_else(|| {
                PyMemoryError::new_err(format!("{}: cannot allocate {size} bytes", what()))
            })
    }

    /// Where the bytes are.
    pub(crate) fn address(&self) -> *mut u8 {
        self.start.as_ptr().cast()
    }
}

impl std::ops::Deref for Block {
    type Target = [std::cell::UnsafeCell<u8>];

    /// The bytes, each a cell: C may write them while Python holds this.
    fn deref(&self) -> &Self::Target {
        // SAFETY: `size` bytes allocated above, alive as long as `self`;
        // UnsafeCell<u8> has the layout of a u8.
        unsafe { std::slice::from_raw_parts(self.start.as_ptr(), self.size) }
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        // SAFETY: allocated by PyMem_Calloc, freed once; the GIL is held
        // (see the type's note).
        unsafe { pyo3::ffi::PyMem_Free(self.start.as_ptr().cast()) };
    }
}

// SAFETY: the block is owned by one object and freed only with the GIL
// held (the type's note); moving it between threads moves nothing else.
unsafe impl Send for Block {}
// ANCHOR_END: block

impl Buffer {
    /// How many bytes it holds.
    pub(crate) fn size(&self) -> usize {
        self.bytes.len()
    }

    pub(crate) fn address(&self) -> u64 {
        self.bytes.as_ptr() as u64
    }

    fn copy(&self) -> Vec<u8> {
        // SAFETY: plain bytes; see the Sync note above.
        self.bytes
            .iter()
            .map(|byte| unsafe { *byte.get() })
            .collect()
    }
}

#[pymethods]
impl Buffer {
    /// `size` zeroed bytes (0 is allowed: a size query passes an empty
    /// buffer), or, as ctypes' `create_string_buffer(init, size=None)`, a
    /// copy of `init` bytes with room for a NUL after them (`size` bytes if
    /// given, refused if `init` does not fit).
    #[new]
    #[pyo3(signature = (init_or_size, size = None))]
    fn new(init_or_size: &Bound<'_, PyAny>, size: Option<usize>) -> PyResult<Self> {
        let what = || "create_string_buffer()".to_owned();
        let Ok(init) = init_or_size.cast::<PyBytes>() else {
            if size.is_some() {
                return Err(pyo3::exceptions::PyTypeError::new_err(
                    "create_string_buffer(): a size is given once (with bytes to copy, or alone)",
                ));
            }
            if !init_or_size.is_instance_of::<pyo3::types::PyInt>() {
                return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "create_string_buffer() takes bytes or a size, not {}",
                    crate::naming::type_name(init_or_size)
                )));
            }
            // A negative or huge int: OverflowError, as every route says it.
            let size: usize = init_or_size.extract()?;
            return Ok(Self {
                bytes: Block::zeroed(init_or_size.py(), size, what)?,
            });
        };
        let init = init.as_bytes();
        let size = size.unwrap_or(init.len() + 1);
        if init.len() > size {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "create_string_buffer(): {} bytes do not fit {size}",
                init.len()
            )));
        }
        let bytes = Block::zeroed(init_or_size.py(), size, what)?;
        for (cell, byte) in bytes.iter().zip(init) {
            // SAFETY: a fresh buffer nothing else refers to yet.
            unsafe { *cell.get() = *byte };
        }
        Ok(Self { bytes })
    }

    /// `buffer[i]` (one byte, as bytes) and `buffer[i:j:k]` (bytes), as a
    /// ctypes `c_char` array reads.
    fn __getitem__<'py>(&self, index: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
        let py = index.py();
        // SAFETY: the buffer's own bytes; read one at a time, none copied
        // but those asked for.
        let byte = |position: isize| unsafe { *self.bytes[position as usize].get() };
        if let Ok(slice) = index.cast::<pyo3::types::PySlice>() {
            let found = slice.indices(self.bytes.len() as isize)?;
            let picked: Vec<u8> = (0..found.slicelength)
                .map(|n| byte(found.start + n as isize * found.step))
                .collect();
            return Ok(PyBytes::new(py, &picked));
        }
        let length = self.bytes.len() as isize;
        let position: isize = index.extract()?;
        let position = if position < 0 {
            position + length
        } else {
            position
        };
        if !(0..length).contains(&position) {
            return Err(pyo3::exceptions::PyIndexError::new_err(
                "buffer index out of range",
            ));
        }
        Ok(PyBytes::new(py, &[byte(position)]))
    }

    /// `bytes(buffer)`, `memoryview(buffer)`: its bytes, writable (3.11+
    /// builds; see `fill_view`).
    #[cfg(feature = "abi3-py311")]
    unsafe fn __getbuffer__(
        slf: Bound<'_, Self>,
        view: *mut pyo3::ffi::Py_buffer,
        flags: std::ffi::c_int,
    ) -> PyResult<()> {
        let (address, size) = (slf.get().address() as usize, slf.get().size());
        // SAFETY: the interpreter's view to fill; the bytes are the buffer's own.
        unsafe { fill_view(view, slf.as_any(), address, size, flags) }
    }

    fn __len__(&self) -> usize {
        self.bytes.len()
    }

    /// Every byte, as bytes.
    #[getter]
    fn raw<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.copy())
    }

    /// The bytes up to the first NUL (a C string's value).
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let bytes = self.copy();
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        PyBytes::new(py, &bytes[..end])
    }

    /// `buffer.value = b"..."`: the bytes, then a NUL if there is room; the
    /// bytes after it keep what they held, as a ctypes `c_char` array's do.
    #[setter]
    fn set_value(&self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let Ok(bytes) = value.cast::<PyBytes>() else {
            return Err(PyTypeError::new_err(format!(
                "Buffer.value takes bytes, not {}",
                crate::naming::type_name(value)
            )));
        };
        let bytes = bytes.as_bytes();
        self.fill(bytes, "value")?;
        if let Some(after) = self.bytes.get(bytes.len()) {
            // SAFETY: a byte of the buffer's own; see the Sync note above.
            unsafe { *after.get() = 0 };
        }
        Ok(())
    }

    /// `buffer.raw = data`: any bytes-like object (bytes, bytearray, a
    /// memoryview), copied to the start; the rest is left as it was.
    #[setter]
    fn set_raw(&self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        // memoryview() takes exactly the bytes-like objects (not an int,
        // which bytes() would take as a length).
        let py = value.py();
        let view = py
            .import(pyo3::intern!(py, "builtins"))?
            .getattr(pyo3::intern!(py, "memoryview"))?
            .call1((value,))
            .map_err(|_| {
                PyTypeError::new_err(format!(
                    "Buffer.raw takes a bytes-like object, not {}",
                    crate::naming::type_name(value)
                ))
            })?;
        let copied = view.call_method0(pyo3::intern!(py, "tobytes"))?;
        self.fill(copied.cast::<PyBytes>()?.as_bytes(), "raw")
    }
}

impl Buffer {
    /// Copies `bytes` to the start, or refuses them all if they do not fit.
    fn fill(&self, bytes: &[u8], name: &str) -> PyResult<()> {
        if bytes.len() > self.bytes.len() {
            return Err(PyValueError::new_err(format!(
                "Buffer.{name}: {} bytes do not fit {}",
                bytes.len(),
                self.bytes.len()
            )));
        }
        for (cell, byte) in self.bytes.iter().zip(bytes) {
            // SAFETY: the buffer's own bytes; see the Sync note above.
            unsafe { *cell.get() = *byte };
        }
        Ok(())
    }
}

// ANCHOR: fill_view
/// Fills the interpreter's `view` (`memoryview(x)`, `bytes(x)`) with the
/// `size` bytes at `address`, writable, as unsigned bytes; the view holds
/// `owner`, so the bytes stay while it is used. The stable ABI has the
/// buffer protocol from Python 3.11: only that build has it.
///
/// # Safety
/// `view` is the view the interpreter passed to `__getbuffer__`, and the
/// bytes live as long as `owner`.
#[cfg(feature = "abi3-py311")]
pub(crate) unsafe fn fill_view(
    view: *mut pyo3::ffi::Py_buffer,
    owner: &Bound<'_, PyAny>,
    address: usize,
    size: usize,
    flags: std::ffi::c_int,
) -> PyResult<()> {
    // SAFETY: the caller's promise.
    let filled = unsafe {
        pyo3::ffi::PyBuffer_FillInfo(
            view,
            owner.as_ptr(),
            address as *mut std::ffi::c_void,
            size as pyo3::ffi::Py_ssize_t,
            0,
            flags,
        )
    };
    if filled == 0 {
        Ok(())
    } else {
        Err(PyErr::fetch(owner.py()))
    }
}
// ANCHOR_END: fill_view

/// What a described view keeps for the interpreter to read until it is
/// released: the format string and the shape (`view.internal` owns them).
#[cfg(feature = "abi3-py311")]
struct Description {
    format: std::ffi::CString,
    shape: Vec<pyo3::ffi::Py_ssize_t>,
}

/// `fill_view` with a format, an item size and a shape (PEP 3118): the
/// `size` bytes at `address` as `shape` items of `itemsize` bytes each,
/// described by `format`. Freed by `release_view`.
///
/// # Safety
/// As `fill_view`; `itemsize` times the product of `shape` is `size`.
#[cfg(feature = "abi3-py311")]
pub(crate) unsafe fn fill_described_view(
    view: *mut pyo3::ffi::Py_buffer,
    owner: &Bound<'_, PyAny>,
    (address, size): (usize, usize),
    format: std::ffi::CString,
    itemsize: usize,
    shape: Vec<isize>,
) {
    let mut description = Box::new(Description { format, shape });
    // SAFETY: the caller's promise; every pointer stored lives in the box,
    // which lives until release_view.
    unsafe {
        let view = &mut *view;
        view.buf = address as *mut std::ffi::c_void;
        view.obj = owner.clone().into_ptr();
        view.len = size as pyo3::ffi::Py_ssize_t;
        view.itemsize = itemsize as pyo3::ffi::Py_ssize_t;
        view.readonly = 0;
        view.ndim = description.shape.len() as std::ffi::c_int;
        view.format = description.format.as_ptr().cast_mut();
        view.shape = if description.shape.is_empty() {
            std::ptr::null_mut()
        } else {
            description.shape.as_mut_ptr()
        };
        // NULL strides: C order, which the interpreter works out.
        view.strides = std::ptr::null_mut();
        view.suboffsets = std::ptr::null_mut();
        view.internal = Box::into_raw(description).cast();
    }
}

/// Frees what `fill_described_view` kept (nothing for a plain view).
///
/// # Safety
/// `view` is one this crate filled, released once.
#[cfg(feature = "abi3-py311")]
pub(crate) unsafe fn release_view(view: *mut pyo3::ffi::Py_buffer) {
    // SAFETY: the caller's promise: `internal` is NULL or our box.
    unsafe {
        let internal = std::mem::replace(&mut (*view).internal, std::ptr::null_mut());
        if !internal.is_null() {
            drop(Box::from_raw(internal.cast::<Description>()));
        }
    }
}
