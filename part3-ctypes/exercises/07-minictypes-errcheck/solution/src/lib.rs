//! minierrcheck: a trimmed mini-ctypes for this exercise (Part III's
//! `part3-ctypes/minictypes` is the full one). Python drives it like ctypes:
//!
//! ```python
//! lib = minierrcheck.CDLL(path)
//! lib.add.argtypes = [minierrcheck.c_int64, minierrcheck.c_int64]
//! lib.add.restype = minierrcheck.c_int64
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

/// A symbol plus its declared types.
#[pyclass]
struct Function {
    name: String,
    _library: Arc<libloading::Library>,
    code: CodePtr,
    argtypes: Option<Vec<ArgType>>,
    restype: Option<Option<Kind>>,
    errcheck: Option<Py<PyAny>>,
}

// SAFETY: `code` is an address in the library `_library` keeps loaded.
unsafe impl Send for Function {}
// SAFETY: as above; mutation goes through pyo3's borrow checking.
unsafe impl Sync for Function {}

/// A declared argument type.
#[derive(Clone, Copy)]
enum ArgType {
    Plain(Kind),
}

impl ArgType {
    fn ffi_type(self) -> Type {
        match self {
            Self::Plain(kind) => kind.ffi_type(),
        }
    }
}

fn parse_argtype(item: &Bound<'_, PyAny>) -> PyResult<ArgType> {
    if let Ok(ctype) = item.cast::<CType>() {
        return Ok(ArgType::Plain(ctype.get().kind));
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

    /// `function.errcheck = check`: called as `check(result, name, args)` after
    /// every call; what it returns is what the call returns. None removes it.
    #[setter]
    fn set_errcheck(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        // ex: starter
        // | // TODO: store it (None removes it); refuse what is not callable with
        // | // TypeError("errcheck must be callable or None, not <type>").
        // | let _ = value;
        // ex: mistake 4: "DID NOT RAISE TypeError"
        // | self.errcheck = if value.is_none() { None } else { Some(value.clone().unbind()) };
        // ex: solution
        if value.is_none() {
            self.errcheck = None;
        } else if value.is_callable() {
            self.errcheck = Some(value.clone().unbind());
        } else {
            return Err(PyTypeError::new_err(format!(
                "errcheck must be callable or None, not {}",
                type_name(value)
            )));
        }
        // ex: end
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
        // ex: starter
        // | // TODO: if an errcheck is set, return errcheck(value, self.name, args) instead.
        // ex: mistake 2: "assert 1 == 'checked'"
        // | if let Some(errcheck) = &self.errcheck {
        // |     errcheck.bind(py).call1((value.clone_ref(py), &self.name, args))?;
        // | }
        // ex: mistake 3: "DID NOT RAISE ValueError"
        // | if let Some(errcheck) = &self.errcheck {
        // |     if let Ok(answer) = errcheck.bind(py).call1((value.clone_ref(py), &self.name, args)) {
        // |         return Ok(answer.unbind());
        // |     }
        // | }
        // ex: solution
        // The raw result goes through errcheck, whose answer (or exception) the
        // caller gets: the place to turn a status code into an exception, once.
        if let Some(errcheck) = &self.errcheck {
            return Ok(errcheck.bind(py).call1((value, &self.name, args))?.unbind());
        }
        // ex: end
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
            errcheck: None,
        };
        let function = Py::new(slf.py(), function)?;
        slf.as_any().setattr(name, &function)?; // cached: declarations stick
        Ok(function)
    }
}

#[pymodule]
fn minierrcheck(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Cdll>()?;
    for kind in Kind::ALL {
        module.add(kind.python_name(), CType { kind })?;
    }
    Ok(())
}
