//! minicallback: a trimmed mini-ctypes for this exercise (Part III's
//! `part3-ctypes/minictypes` is the full one). Python drives it like ctypes:
//!
//! ```python
//! lib = minicallback.CDLL(path)
//! lib.add.argtypes = [minicallback.c_int64, minicallback.c_int64]
//! lib.add.restype = minicallback.c_int64
//! lib.add(2, 3)
//! ```

use std::ffi::c_void;
use std::sync::Arc;

use libffi::middle::{Cif, CodePtr, Type};
use pyo3::exceptions::{PyAttributeError, PyOSError, PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFloat, PyInt, PyTuple};

/// The type set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    I32,
    U32,
    I64,
    U64,
    F64,
    CharP,
    VoidP,
}

impl Kind {
    const ALL: [Self; 7] = [
        Self::I32,
        Self::U32,
        Self::I64,
        Self::U64,
        Self::F64,
        Self::CharP,
        Self::VoidP,
    ];

    fn python_name(self) -> &'static str {
        match self {
            Self::I32 => "c_int32",
            Self::U32 => "c_uint32",
            Self::I64 => "c_int64",
            Self::U64 => "c_uint64",
            Self::F64 => "c_double",
            Self::CharP => "c_char_p",
            Self::VoidP => "c_void_p",
        }
    }

    /// What libffi needs to know: size, alignment, register class.
    fn ffi_type(self) -> Type {
        match self {
            Self::I32 => Type::i32(),
            Self::U32 => Type::u32(),
            Self::I64 => Type::i64(),
            Self::U64 => Type::u64(),
            Self::F64 => Type::f64(),
            Self::CharP | Self::VoidP => Type::pointer(),
        }
    }
}

/// A C type as Python sees it.
#[pyclass(frozen)]
struct CType {
    kind: Kind,
}

#[pymethods]
impl CType {
    fn __repr__(&self) -> String {
        self.kind.python_name().to_owned()
    }
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |name| name.to_string())
}

/// A Python value into the 8-byte slot libffi reads for argument `index`.
fn to_slot(kind: Kind, value: &Bound<'_, PyAny>, index: usize) -> PyResult<u64> {
    let wrong = || {
        PyTypeError::new_err(format!(
            "argument {index}: {} cannot take {}",
            kind.python_name(),
            type_name(value)
        ))
    };
    let too_big = || {
        PyOverflowError::new_err(format!(
            "argument {index}: out of range for {}",
            kind.python_name()
        ))
    };
    match kind {
        Kind::I32 | Kind::U32 | Kind::I64 | Kind::U64 => {
            if !value.is_instance_of::<PyInt>() {
                return Err(wrong());
            }
            Ok(match kind {
                Kind::I32 => value.extract::<i32>().map_err(|_| too_big())? as u32 as u64,
                Kind::U32 => u64::from(value.extract::<u32>().map_err(|_| too_big())?),
                Kind::I64 => value.extract::<i64>().map_err(|_| too_big())? as u64,
                _ => value.extract::<u64>().map_err(|_| too_big())?,
            })
        }
        Kind::F64 => {
            if !(value.is_instance_of::<PyFloat>() || value.is_instance_of::<PyInt>()) {
                return Err(wrong());
            }
            Ok(value.extract::<f64>()?.to_bits())
        }
        Kind::CharP => match value.cast::<PyBytes>() {
            Ok(bytes) => Ok(bytes.as_bytes().as_ptr() as u64),
            Err(_) if value.is_none() => Ok(0),
            Err(_) => Err(wrong()),
        },
        Kind::VoidP => {
            if value.is_none() {
                Ok(0)
            } else {
                value.extract::<u64>().map_err(|_| wrong())
            }
        }
    }
}

/// The result slot back to Python (None for void).
fn from_slot(py: Python<'_>, kind: Option<Kind>, slot: u64) -> PyResult<Py<PyAny>> {
    let Some(kind) = kind else {
        return Ok(py.None());
    };
    Ok(match kind {
        Kind::I32 => (slot as i32).into_pyobject(py)?.into_any().unbind(),
        Kind::U32 => (slot as u32).into_pyobject(py)?.into_any().unbind(),
        Kind::I64 => (slot as i64).into_pyobject(py)?.into_any().unbind(),
        Kind::U64 => slot.into_pyobject(py)?.into_any().unbind(),
        Kind::F64 => f64::from_bits(slot).into_pyobject(py)?.into_any().unbind(),
        Kind::CharP | Kind::VoidP => {
            if slot == 0 {
                py.None()
            } else {
                slot.into_pyobject(py)?.into_any().unbind()
            }
        }
    })
}

/// `CFUNCTYPE(restype, *argtypes)`: a callback type (integer types only here).
#[pyclass(frozen)]
struct CFuncType {
    restype: Option<Kind>,
    argtypes: Vec<Kind>,
}

#[pyfunction(name = "CFUNCTYPE")]
#[pyo3(signature = (restype, *argtypes))]
fn cfunctype(restype: &Bound<'_, PyAny>, argtypes: &Bound<'_, PyTuple>) -> PyResult<CFuncType> {
    let kind =
        |value: &Bound<'_, PyAny>| -> PyResult<Kind> { Ok(value.cast::<CType>()?.get().kind) };
    Ok(CFuncType {
        restype: if restype.is_none() {
            None
        } else {
            Some(kind(restype)?)
        },
        argtypes: argtypes
            .iter()
            .map(|item| kind(&item))
            .collect::<PyResult<_>>()?,
    })
}

#[pymethods]
impl CFuncType {
    /// `VISITOR(function)`: the Python callable as a C function pointer.
    fn __call__(&self, function: Bound<'_, PyAny>) -> Callback {
        let data = Box::new(CallbackData {
            function: function.unbind(),
            argtypes: self.argtypes.clone(),
            restype: self.restype,
        });
        let cif = Cif::new(
            self.argtypes.iter().map(|kind| kind.ffi_type()),
            self.restype.map_or_else(Type::void, Kind::ffi_type),
        );
        // SAFETY: `data` is boxed (its address never changes) and lives in the
        // same Callback as the closure, which is dropped first.
        let data_ref: &'static CallbackData =
            unsafe { &*std::ptr::from_ref::<CallbackData>(&*data) };
        Callback {
            closure: libffi::middle::Closure::new(cif, trampoline, data_ref),
            _data: data,
        }
    }
}

/// What the trampoline needs: the Python function and the C signature.
struct CallbackData {
    function: Py<PyAny>,
    argtypes: Vec<Kind>,
    restype: Option<Kind>,
}

/// A Python callable as a C function pointer (alive as long as this object).
#[pyclass(frozen)]
struct Callback {
    closure: libffi::middle::Closure<'static>, // dropped before _data
    _data: Box<CallbackData>,
}

// SAFETY: the closure and data never change after construction; the
// trampoline touches Python objects only with the GIL.
unsafe impl Send for Callback {}
// SAFETY: as above.
unsafe impl Sync for Callback {}

/// Reads one argument of `kind` from where libffi put it.
///
/// # Safety
/// `pointer` must point at a value of that kind.
#[allow(dead_code)] // the trampoline will use it
unsafe fn read_arg(kind: Kind, pointer: *const c_void) -> u64 {
    // SAFETY: see above.
    unsafe {
        match kind {
            Kind::I32 | Kind::U32 => u64::from(*pointer.cast::<u32>()),
            _ => *pointer.cast::<u64>(),
        }
    }
}

/// Called by C, through the closure, each time C calls the function pointer.
/// `args` is an array of pointers to the C arguments; `result` is a whole
/// register-sized slot for the return value.
unsafe extern "C" fn trampoline(
    _cif: &libffi::low::ffi_cif,
    result: &mut u64,
    args: *const *const c_void,
    data: &CallbackData,
) {
    // ex: starter
    // | // TODO: with the GIL (Python::attach), turn each argument into a Python
    // | // value (read_arg + from_slot), call data.function, and write what it
    // | // returns into *result (to_slot). If it raises, report the exception with
    // | // write_unraisable and write 0. Nothing may unwind out of this function.
    // | let _ = (args, data);
    // | *result = 0;
    // ex: solution
    // A panic must not unwind into C either: it becomes the default 0.
    *result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // C called us without the GIL (the foreign call may have released
        // it): take it before touching any Python object.
        Python::attach(|py| {
            let call = || -> PyResult<u64> {
                let mut values = Vec::with_capacity(data.argtypes.len());
                for (index, kind) in data.argtypes.iter().enumerate() {
                    // SAFETY: the Cif says argument `index` has this kind.
                    let slot = unsafe { read_arg(*kind, *args.add(index)) };
                    values.push(from_slot(py, Some(*kind), slot)?);
                }
                let returned = data.function.bind(py).call1(PyTuple::new(py, values)?)?;
                match data.restype {
                    None => Ok(0),
                    // Sign-extended for a signed result: C reads the whole register.
                    Some(Kind::I32) => Ok(i64::from(returned.extract::<i32>()?) as u64),
                    Some(kind) => to_slot(kind, &returned, 0),
                }
            };
            call().unwrap_or_else(|error| {
                // Exceptions cannot cross C frames: report it, as ctypes does.
                error.write_unraisable(py, Some(data.function.bind(py)));
                0
            })
        })
    }))
    .unwrap_or(0);
    // ex: end
}

/// A symbol plus its declared types.
#[pyclass]
struct Function {
    name: String,
    _library: Arc<libloading::Library>,
    code: CodePtr,
    argtypes: Option<Vec<ArgType>>,
    restype: Option<Option<Kind>>,
}

// SAFETY: `code` is an address in the library `_library` keeps loaded.
unsafe impl Send for Function {}
// SAFETY: as above; mutation goes through pyo3's borrow checking.
unsafe impl Sync for Function {}

/// A declared argument type.
#[derive(Clone, Copy)]
enum ArgType {
    Plain(Kind),
    /// A callback type: C receives the closure's code pointer.
    Callback,
}

impl ArgType {
    fn ffi_type(self) -> Type {
        match self {
            Self::Plain(kind) => kind.ffi_type(),
            Self::Callback => Type::pointer(),
        }
    }
}

fn parse_argtype(item: &Bound<'_, PyAny>) -> PyResult<ArgType> {
    if let Ok(ctype) = item.cast::<CType>() {
        return Ok(ArgType::Plain(ctype.get().kind));
    }
    if item.cast::<CFuncType>().is_ok() {
        return Ok(ArgType::Callback);
    }
    Err(PyTypeError::new_err(format!(
        "{} is not a type of this module",
        item.repr()?
    )))
}

#[pymethods]
impl Function {
    #[setter]
    fn set_argtypes(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let parsed = value
            .try_iter()?
            .map(|item| parse_argtype(&item?))
            .collect::<PyResult<Vec<_>>>()?;
        self.argtypes = Some(parsed);
        Ok(())
    }

    #[setter]
    fn set_restype(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.restype = Some(if value.is_none() {
            None
        } else {
            Some(value.cast::<CType>()?.get().kind)
        });
        Ok(())
    }

    #[pyo3(signature = (*args))]
    fn __call__(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let (Some(argtypes), Some(restype)) = (&self.argtypes, self.restype) else {
            return Err(PyTypeError::new_err(format!(
                "{}(): declare argtypes and restype first",
                self.name
            )));
        };
        if args.len() != argtypes.len() {
            return Err(PyTypeError::new_err(format!(
                "{}() takes {} arguments ({} given)",
                self.name,
                argtypes.len(),
                args.len()
            )));
        }
        // One slot per argument and the pointers to them (rebuilt per call
        // here for simplicity; the full mini-ctypes keeps them).
        let mut slots = Vec::with_capacity(argtypes.len());
        for (index, (declared, value)) in argtypes.iter().zip(args.iter()).enumerate() {
            slots.push(match declared {
                ArgType::Plain(kind) => to_slot(*kind, &value, index + 1)?,
                ArgType::Callback => match value.cast::<Callback>() {
                    Ok(callback) => *callback.get().closure.code_ptr() as usize as u64,
                    Err(_) => {
                        return Err(PyTypeError::new_err(format!(
                            "argument {}: needs a callback",
                            index + 1
                        )));
                    }
                },
            });
        }
        let mut pointers: Vec<*mut c_void> = slots
            .iter_mut()
            .map(|slot| std::ptr::from_mut(slot).cast())
            .collect();
        let cif = Cif::new(
            argtypes.iter().map(|arg| arg.ffi_type()),
            restype.map_or_else(Type::void, Kind::ffi_type),
        );
        let mut result: u64 = 0;
        // SAFETY: the Cif matches the declared types and every pointer points
        // at a converted argument; that the declaration matches the real
        // function is the caller's promise, as with ctypes.
        unsafe {
            libffi::raw::ffi_call(
                cif.as_raw_ptr(),
                Some(*self.code.as_fun()),
                std::ptr::from_mut(&mut result).cast(),
                pointers.as_mut_ptr(),
            );
        }
        let value = from_slot(py, restype, result)?;
        Ok(value)
    }
}

/// `CDLL(path)`.
#[pyclass(frozen, dict, name = "CDLL")]
struct Cdll {
    path: String,
    library: Arc<libloading::Library>,
}

#[pymethods]
impl Cdll {
    #[new]
    fn new(path: String) -> PyResult<Self> {
        // SAFETY: loading a library runs its initialisers, the trust ctypes.CDLL asks for too.
        let library = unsafe { libloading::Library::new(&path) }
            .map_err(|error| PyOSError::new_err(format!("cannot load {path}: {error}")))?;
        Ok(Self {
            path,
            library: Arc::new(library),
        })
    }

    fn __getattr__(slf: &Bound<'_, Self>, name: &str) -> PyResult<Py<Function>> {
        let this = slf.get();
        // SAFETY: only the address is taken here.
        let symbol = unsafe { this.library.get::<unsafe extern "C" fn()>(name.as_bytes()) }
            .map_err(|_| {
                PyAttributeError::new_err(format!("{} has no symbol '{name}'", this.path))
            })?;
        let function = Function {
            name: name.to_owned(),
            _library: Arc::clone(&this.library),
            code: CodePtr::from_fun(*symbol),
            argtypes: None,
            restype: None,
        };
        let function = Py::new(slf.py(), function)?;
        slf.as_any().setattr(name, &function)?; // cached: declarations stick
        Ok(function)
    }
}

#[pymodule]
fn minicallback(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Cdll>()?;
    for kind in Kind::ALL {
        module.add(kind.python_name(), CType { kind })?;
    }
    module.add_function(wrap_pyfunction!(cfunctype, module)?)?;
    Ok(())
}
