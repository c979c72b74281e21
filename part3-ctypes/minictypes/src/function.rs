//! A declared foreign function: its prepared `Cif`, its argument storage,
//! and the call. Plus `Buffer`, the caller-allocated out parameter.

use std::ffi::c_void;
use std::sync::{Arc, Mutex, MutexGuard};

use libffi::middle::{Cif, CodePtr};
use pyo3::exceptions::{PyMemoryError, PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

use crate::callback::{CFuncType, Callback};
use crate::types::{self, CType, Kind};

/// A declared argument: a plain C type, or a callback type (`CFUNCTYPE`).
#[derive(Clone)]
pub(crate) enum ArgType {
    Plain(Kind),
    /// Shared, not re-referenced: cloning the declaration never touches
    /// Python reference counts (no GIL needed).
    Callback(Arc<Py<CFuncType>>),
}

impl ArgType {
    fn ffi_type(&self) -> libffi::middle::Type {
        match self {
            Self::Plain(kind) => kind.ffi_type(),
            Self::Callback(_) => libffi::middle::Type::pointer(),
        }
    }
}

// ANCHOR: frame
/// The call's pre-sized storage: one 8-byte slot per argument and the array
/// of pointers to them that `ffi_call` reads. Allocated once, when the types
/// are declared; a call only writes into it.
struct Frame {
    slots: Vec<u64>,
    pointers: Vec<*mut c_void>,
}

impl Frame {
    fn new(count: usize) -> Box<Self> {
        let mut frame = Box::new(Self {
            slots: vec![0; count],
            pointers: Vec::with_capacity(count),
        });
        // The slots never move again (the Vec is never resized), so these
        // pointers stay valid for the frame's life.
        let base = frame.slots.as_mut_ptr();
        // SAFETY: i < count, inside the allocation.
        frame
            .pointers
            .extend((0..count).map(|i| unsafe { base.add(i) }.cast::<c_void>()));
        frame
    }
}

/// The signature turned into what libffi needs, built once per declaration.
struct Prepared {
    /// The function's name, for error messages.
    name: String,
    cif: Cif,
    args: Vec<ArgType>,
    result: Option<Kind>,
    /// Reused by every call; a call that finds it busy (a callback calling
    /// the same function, another thread) uses a fresh frame instead.
    frame: Mutex<Box<Frame>>,
}
// ANCHOR_END: frame

// SAFETY: the raw pointers in Cif and Frame point into memory owned by the
// same Prepared, which moves as a whole; access to the frame is behind a
// Mutex, and the Cif is only read after construction.
unsafe impl Send for Prepared {}
// SAFETY: as above.
unsafe impl Sync for Prepared {}

/// `lib.add`: a symbol, plus the types the caller declared for it.
#[pyclass(module = "minictypes")]
pub struct ForeignFunction {
    name: String,
    _library: Arc<libloading::Library>,
    code: CodePtr,
    argtypes: Option<Vec<ArgType>>,
    restype: Option<Option<Kind>>,
    /// Release the GIL around the call (`CDLL`), or keep it (`PyDLL`).
    release_gil: bool,
    /// Shared with every call in flight: redeclaring the types (from another
    /// thread while the GIL is released, or from a callback inside the call)
    /// replaces it here, while a running call keeps the one it started with.
    prepared: Option<Arc<Prepared>>,
}

// SAFETY: CodePtr is an address in the loaded library, which `_library`
// keeps loaded; calling it is what the declared types make (un)safe.
unsafe impl Send for ForeignFunction {}
// SAFETY: as above; mutation goes through pyo3's borrow checking.
unsafe impl Sync for ForeignFunction {}

impl ForeignFunction {
    pub(crate) fn new(
        name: &str,
        library: Arc<libloading::Library>,
        code: CodePtr,
        release_gil: bool,
    ) -> Self {
        Self {
            name: name.to_owned(),
            _library: library,
            code,
            release_gil,
            argtypes: None,
            restype: None,
            prepared: None,
        }
    }

    // ANCHOR: prepare
    /// Builds the Cif and the frame once both declarations are known:
    /// libffi works out here, not per call, where each argument goes.
    fn prepare(&mut self) {
        self.prepared = match (&self.argtypes, self.restype) {
            (Some(args), Some(result)) => {
                let cif = Cif::new(
                    args.iter().map(ArgType::ffi_type),
                    result.map_or_else(libffi::middle::Type::void, Kind::ffi_type),
                );
                let frame = Mutex::new(Frame::new(args.len()));
                Some(Arc::new(Prepared {
                    name: self.name.clone(),
                    cif,
                    args: args.clone(),
                    result,
                    frame,
                }))
            }
            _ => None,
        };
    }
    // ANCHOR_END: prepare
}

fn parse_argtype(item: &Bound<'_, PyAny>, index: usize) -> PyResult<ArgType> {
    if let Ok(ctype) = item.cast::<CType>() {
        return Ok(ArgType::Plain(ctype.get().kind));
    }
    if let Ok(cfunctype) = item.cast::<CFuncType>() {
        return Ok(ArgType::Callback(Arc::new(cfunctype.clone().unbind())));
    }
    Err(PyTypeError::new_err(format!(
        "argtypes item {index} must be a minictypes type (c_int64, ..., or a CFUNCTYPE), not {}",
        item.repr()?
    )))
}

/// A busy-frame fallback or the reused one: either way, slots to fill.
enum FrameRef<'a> {
    Shared(MutexGuard<'a, Box<Frame>>),
    Own(Box<Frame>),
}

impl FrameRef<'_> {
    fn get(&mut self) -> &mut Frame {
        match self {
            Self::Shared(guard) => guard,
            Self::Own(frame) => frame,
        }
    }
}

/// What crosses into the GIL-free section: addresses only.
struct Call {
    cif: *mut libffi::low::ffi_cif,
    code: CodePtr,
    pointers: *mut *mut c_void,
}

// SAFETY: the addresses stay valid while the caller waits for `detach` to
// return, and nothing else touches them meanwhile (the frame is locked or
// owned by this call).
unsafe impl Send for Call {}

#[pymethods]
impl ForeignFunction {
    /// The symbol's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The declared argument types (None until set).
    #[getter]
    fn argtypes(&self, py: Python<'_>) -> PyResult<Option<Py<PyTuple>>> {
        let Some(args) = &self.argtypes else {
            return Ok(None);
        };
        let items: Vec<Py<PyAny>> = args
            .iter()
            .map(|arg| match arg {
                ArgType::Plain(kind) => Py::new(py, CType::new(*kind)).map(Py::into_any),
                ArgType::Callback(cfunctype) => Ok(cfunctype.clone_ref(py).into_any()),
            })
            .collect::<PyResult<_>>()?;
        Ok(Some(PyTuple::new(py, items)?.unbind()))
    }

    #[setter]
    fn set_argtypes(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let parsed = value
            .try_iter()?
            .enumerate()
            .map(|(index, item)| parse_argtype(&item?, index + 1))
            .collect::<PyResult<Vec<_>>>()?;
        self.argtypes = Some(parsed);
        self.prepare();
        Ok(())
    }

    /// The declared result type: a type, or None for `void`.
    #[getter]
    fn restype(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        match self.restype {
            None | Some(None) => Ok(None),
            Some(Some(kind)) => Ok(Some(Py::new(py, CType::new(kind))?.into_any())),
        }
    }

    #[setter]
    fn set_restype(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let kind = if value.is_none() {
            None
        } else if let Ok(ctype) = value.cast::<CType>() {
            if ctype.get().kind == Kind::Buffer {
                return Err(PyTypeError::new_err(
                    "c_buffer is for arguments only; a result is c_void_p",
                ));
            }
            Some(ctype.get().kind)
        } else {
            return Err(PyTypeError::new_err(format!(
                "restype must be a minictypes type or None (void), not {}",
                value.repr()?
            )));
        };
        self.restype = Some(kind);
        self.prepare();
        Ok(())
    }

    // ANCHOR: call
    /// Converts every argument into the frame, releases the GIL, calls
    /// through libffi, reacquires it and converts the result.
    #[pyo3(signature = (*args))]
    fn __call__(slf: &Bound<'_, Self>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        // Borrow the function only to take its declaration and address, so
        // that the declaration may change while this call is in flight.
        let (prepared, code, release_gil) = {
            let this = slf.borrow();
            match &this.prepared {
                Some(prepared) => (Arc::clone(prepared), this.code, this.release_gil),
                None => return Err(undeclared(&this.name)),
            }
        };
        if args.len() != prepared.args.len() {
            return Err(wrong_count(&prepared.name, prepared.args.len(), args.len()));
        }
        let mut frame = match prepared.frame.try_lock() {
            Ok(guard) => FrameRef::Shared(guard),
            Err(_) => FrameRef::Own(Frame::new(prepared.args.len())),
        };
        let frame = frame.get();
        for (index, declared) in prepared.args.iter().enumerate() {
            // Borrowed from the tuple: no reference count traffic per argument.
            // SAFETY: index < len(args), checked above.
            let value = unsafe { args.get_borrowed_item_unchecked(index) };
            frame.slots[index] = match declared {
                ArgType::Plain(kind) => types::to_slot(*kind, &value, &prepared.name, index + 1)?,
                ArgType::Callback(cfunctype) => {
                    Callback::address_for(cfunctype, &value, &prepared.name, index + 1)?
                }
            };
        }
        let call = Call {
            cif: prepared.cif.as_raw_ptr(),
            code,
            pointers: frame.pointers.as_mut_ptr(),
        };
        let mut result: u64 = 0;
        let result_address = &raw mut result as usize;
        // The GIL is released for the foreign call, as ctypes does; a
        // callback reacquires it (see callback.rs). A PyDLL keeps it.
        let foreign_call = move || {
            let call = call;
            // SAFETY: the Cif describes the declared signature, each pointer
            // points at a slot holding a converted argument, and the result
            // slot is 8 bytes, enough for any result in the type set. That
            // the declaration matches the real function is the caller's
            // promise, exactly as with ctypes.
            unsafe {
                libffi::raw::ffi_call(
                    call.cif,
                    Some(*call.code.as_fun()),
                    result_address as *mut c_void,
                    call.pointers,
                );
            }
        };
        if release_gil {
            py.detach(foreign_call);
        } else {
            foreign_call();
        }
        types::from_slot(py, prepared.result, result)
    }
    // ANCHOR_END: call

    fn __repr__(&self) -> String {
        format!("<minictypes function {}>", self.name)
    }
}

// The error paths are cold functions: formatting a message needs a stack
// frame that every successful call would otherwise set up.
#[cold]
#[inline(never)]
fn undeclared(name: &str) -> PyErr {
    PyTypeError::new_err(format!(
        "{name}() has no declared types: set its argtypes and restype before calling it"
    ))
}

#[cold]
#[inline(never)]
fn wrong_count(name: &str, declared: usize, given: usize) -> PyErr {
    PyTypeError::new_err(format!(
        "{name}() takes {declared} arguments ({given} given)"
    ))
}

// ANCHOR: buffer
/// `create_string_buffer(size)`: memory the caller owns and C writes into
/// (an out parameter: `char *buf`, `int64_t *out`). Its size never changes,
/// so the address handed to C stays valid while the object lives.
#[pyclass(module = "minictypes", frozen)]
pub struct Buffer {
    bytes: Box<[std::cell::UnsafeCell<u8>]>,
}
// ANCHOR_END: buffer

// SAFETY: C writes into the bytes only during a call that holds a
// reference to the Buffer; Python reads copy them out.
unsafe impl Sync for Buffer {}

// ANCHOR: zeroed
/// `size` zeroed bytes, or an exception: the size is the caller's, so an
/// impossible one must not abort the interpreter (Rust's `vec![0; n]` does,
/// on allocation failure). `alloc_zeroed` asks the system for zeroed pages,
/// so a large buffer costs nothing until it is written.
fn zeroed(size: usize) -> PyResult<Box<[std::cell::UnsafeCell<u8>]>> {
    if size == 0 {
        return Ok(Box::new([]));
    }
    let layout = std::alloc::Layout::array::<u8>(size).map_err(|_| {
        PyOverflowError::new_err(format!(
            "create_string_buffer(): {size} bytes is larger than any buffer can be"
        ))
    })?;
    // SAFETY: the layout has a non-zero size.
    let memory = unsafe { std::alloc::alloc_zeroed(layout) };
    if memory.is_null() {
        return Err(PyMemoryError::new_err(format!(
            "create_string_buffer(): cannot allocate {size} bytes"
        )));
    }
    let slice =
        std::ptr::slice_from_raw_parts_mut(memory.cast::<std::cell::UnsafeCell<u8>>(), size);
    // SAFETY: allocated above with the layout of `size` bytes, which is the
    // layout of `size` UnsafeCell<u8> (a transparent wrapper), and zeroed.
    Ok(unsafe { Box::from_raw(slice) })
}
// ANCHOR_END: zeroed

impl Buffer {
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
    /// `size` zeroed bytes (0 is allowed: a size query passes an empty buffer).
    #[new]
    fn new(size: usize) -> PyResult<Self> {
        Ok(Self {
            bytes: zeroed(size)?,
        })
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
}
