//! `CFUNCTYPE(restype, *argtypes)`: a Python callable as a C function
//! pointer, through a libffi closure.
//!
//! libffi writes a small trampoline in executable memory; C calls it like
//! any function, and it calls `trampoline` below with the arguments as an
//! array of pointers. There we reacquire the GIL (the foreign call released
//! it), convert the arguments, call Python, and convert the result back.

use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};

use libffi::low::ffi_cif;
use libffi::middle::{Cif, Closure};
use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::{PyTraverseError, PyVisit};

use crate::convert;
use crate::types::Kind;
use crate::unraisable::{self, Stage};

/// A function pointer type, `CFUNCTYPE(restype, *argtypes)`. It makes two
/// things: a callback (a Python callable C can call) and a function
/// pointer (C code at an address, callable from Python). Its types are
/// kept as given, for the function pointers and for `_restype_`; a
/// callback needs fewer kinds, worked out once here, or the reason it
/// cannot be made (checked when one is: a prototype with a pointer result
/// still makes function pointers).
#[pyclass(module = "minictypes", frozen, name = "CFuncType")]
pub struct CFuncType {
    restype: Py<PyAny>,
    argtypes: Py<PyTuple>,
    callback: Result<Signature, String>,
}

/// What a callback of a `CFuncType` converts, and the result C gets when
/// the Python function raises (exceptions cannot travel through C frames).
struct Signature {
    restype: Option<Kind>,
    argtypes: Vec<Kind>,
    /// For each argument that is C data, not a scalar: what it is.
    data_args: Vec<Option<DataArg>>,
    default: u64,
}

/// An argument of a callback that is C data: the Python function gets an
/// instance of its type, not a number.
#[derive(Clone)]
enum DataArg {
    /// `POINTER(T)`, or an array `T * n` (which C passes as a pointer to
    /// its first element): a pointer instance. The C signature says
    /// `void *`.
    Pointer(Arc<crate::cdata::Info>),
    /// A struct by value: a copy of it (the C signature has the struct;
    /// changing the copy changes nothing C sees, as in C).
    Struct(Arc<crate::cdata::Info>),
    /// A subclass of a scalar class (`class MyInt(c_int32)`): an instance
    /// of it, as ctypes gives (only the scalar classes themselves become
    /// plain Python numbers).
    Subclass(Arc<Py<pyo3::types::PyType>>),
}

/// How a function pointer at an address is made (`PROTO(address)`,
/// `PROTO(("name", library))`, a function's result declared `PROTO`): set
/// at module init by `lib.rs` to `function_pointer::made`, a floor above.
pub(crate) type MakeFunctionPointer = for<'py> fn(
    &Bound<'py, CFuncType>,
    &Bound<'py, PyAny>,
    Option<&Bound<'py, PyAny>>,
    Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>>;

static FUNCTION_POINTER: OnceLock<MakeFunctionPointer> = OnceLock::new();

/// Records how function pointers are made (at module init).
pub(crate) fn make_function_pointers_with(make: MakeFunctionPointer) {
    let _ = FUNCTION_POINTER.set(make);
}

/// A function pointer of type `prototype` to the code at `target` (an
/// address, or a `(name, library)` pair), keeping `keep` alive (what owns
/// the code: the struct whose field held the address of a callback), its
/// parameters named by `paramflags` if given (parameters.rs).
pub(crate) fn function_pointer<'py>(
    prototype: &Bound<'py, CFuncType>,
    target: &Bound<'py, PyAny>,
    keep: Option<&Bound<'py, PyAny>>,
    paramflags: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let make = FUNCTION_POINTER.get().expect("set at module init");
    make(prototype, target, keep, paramflags)
}

impl CFuncType {
    /// The result type as given (None for void).
    pub(crate) fn restype_given<'py>(&self, py: Python<'py>) -> &Bound<'py, PyAny> {
        self.restype.bind(py)
    }

    /// The argument types as given.
    pub(crate) fn argtypes_given<'py>(&self, py: Python<'py>) -> &Bound<'py, PyTuple> {
        self.argtypes.bind(py)
    }
}

/// `CFUNCTYPE(restype, *argtypes, default=0)`.
#[pyfunction(name = "_CFUNCTYPE")]
#[pyo3(signature = (restype, *argtypes, default = None))]
pub(crate) fn cfunctype(
    restype: &Bound<'_, PyAny>,
    argtypes: &Bound<'_, PyTuple>,
    default: Option<&Bound<'_, PyAny>>,
) -> PyResult<CFuncType> {
    crate::argument_error::check_count(argtypes.len())?;
    let callback = match signature(restype, argtypes) {
        Ok(mut signature) => {
            if let (Some(kind), Some(value)) = (signature.restype, default) {
                signature.default = default_slot(kind, value)?;
            }
            Ok(signature)
        }
        // A default is for callbacks: given, the prototype must make them.
        Err(why) if default.is_some() => return Err(PyTypeError::new_err(why)),
        Err(why) => Err(why),
    };
    Ok(CFuncType {
        restype: restype.clone().unbind(),
        argtypes: argtypes.clone().unbind(),
        callback,
    })
}

/// What a callback converts, from the types as given; or why no callback
/// can have them (a sentence: the TypeError raised when one is made).
fn signature(
    restype: &Bound<'_, PyAny>,
    argtypes: &Bound<'_, PyTuple>,
) -> Result<Signature, String> {
    let shown = |value: &Bound<'_, PyAny>| {
        value
            .repr()
            .map_or_else(|_| "?".to_owned(), |r| r.to_string())
    };
    // A scalar type's kind, if a callback can carry it.
    let checked = |kind: Kind, value: &Bound<'_, PyAny>| -> Result<Kind, String> {
        kind.check_in_calls()
            .map_err(|error| error.value(value.py()).to_string())?;
        // A Buffer is caller-allocated memory for a call: no callback gets one.
        if kind == Kind::Buffer {
            return Err("a callback cannot take c_buffer".to_owned());
        }
        Ok(kind)
    };
    let restype = if restype.is_none() {
        None
    } else {
        let Some(kind) = crate::cdata::kind_of(restype) else {
            return Err(format!(
                "a callback returns a scalar type (or None), not {}",
                shown(restype)
            ));
        };
        let kind = checked(kind, restype)?;
        // A string handed back to C would point into a Python object that
        // is gone once the callback returns.
        if matches!(kind, Kind::CharP | Kind::WCharP) {
            return Err(format!(
                "a callback cannot return {}: C would read memory freed when the callback returns",
                kind.python_name()
            ));
        }
        Some(kind)
    };
    let not_taken = |item: &Bound<'_, PyAny>| {
        format!(
            "a callback takes scalar types, pointers, arrays and structs, not {}",
            shown(item)
        )
    };
    let mut data_args = Vec::new();
    let argtypes = argtypes
        .iter()
        .map(|item| {
            use crate::cdata::Info;
            if let Some(kind) = crate::cdata::kind_of(&item) {
                // A subclass of a scalar class arrives as an instance of it.
                let subclass = item.cast::<pyo3::types::PyType>().ok().filter(|class| {
                    crate::cdata::scalar_class(item.py(), kind).is_some_and(|own| !own.is(class))
                });
                data_args.push(
                    subclass.map(|class| DataArg::Subclass(Arc::new(class.clone().unbind()))),
                );
                return checked(kind, &item);
            }
            let data = match crate::cdata::info_of(&item) {
                Ok(info) => match &*info {
                    Info::Pointer(_) => DataArg::Pointer(info),
                    Info::Array { element, .. } => {
                        DataArg::Pointer(Arc::new(Info::Pointer(Arc::clone(element))))
                    }
                    Info::Struct(_) => {
                        info.check_by_value()
                            .map_err(|error| error.value(item.py()).to_string())?;
                        DataArg::Struct(info)
                    }
                    Info::Scalar(_) | Info::FunctionPointer(_) => return Err(not_taken(&item)),
                },
                Err(_) => return Err(not_taken(&item)),
            };
            data_args.push(Some(data));
            Ok(Kind::VoidP) // the slot's kind; the data says more
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Signature {
        restype,
        argtypes,
        data_args,
        default: 0,
    })
}

/// The value C gets when the callback fails, checked like every other value
/// mini-ctypes hands to C: an int of the result type's range, never truncated.
fn default_slot(kind: Kind, value: &Bound<'_, PyAny>) -> PyResult<u64> {
    let Some((low, high)) = kind.range() else {
        return Err(PyTypeError::new_err(format!(
            "CFUNCTYPE(): a default is for integer results, not {}",
            kind.python_name()
        )));
    };
    let shown = || {
        value
            .str()
            .map_or_else(|_| "?".to_owned(), |s| s.to_string())
    };
    let Ok(number) = value.extract::<i128>() else {
        let name = value.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "CFUNCTYPE(): default must be an int, not {name}"
        )));
    };
    if !(low..=high).contains(&number) {
        return Err(PyOverflowError::new_err(format!(
            "CFUNCTYPE(): default {} does not fit {} ({low} to {high})",
            shown(),
            kind.python_name()
        )));
    }
    // In range: the same conversion as a callback's own result.
    convert::to_slot(
        kind,
        value,
        crate::naming::Destination::Argument {
            function: "CFUNCTYPE",
            index: 0,
        },
    )
    .map(|slot| kind.widen(slot))
}

#[pymethods]
impl CFuncType {
    /// `VISITOR(function)`: a callback, the Python callable as this C type.
    /// `VISITOR(address)` or `VISITOR(("name", library))`: a function
    /// pointer, C code of this type, callable from Python; with
    /// `paramflags`, its parameters named (parameters.rs).
    #[pyo3(signature = (target, paramflags = None))]
    fn __call__<'py>(
        slf: &Bound<'py, Self>,
        target: Bound<'py, PyAny>,
        paramflags: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if target.is_instance_of::<PyTuple>() {
            return function_pointer(slf, &target, None, paramflags.as_ref());
        }
        if paramflags.is_some() {
            return Err(PyTypeError::new_err(
                "paramflags name a library function's parameters: PROTO((name, library), paramflags)",
            ));
        }
        if target.is_instance_of::<pyo3::types::PyInt>() {
            return function_pointer(slf, &target, None, None);
        }
        if !target.is_callable() {
            return Err(PyTypeError::new_err(format!(
                "{} is not callable, an address or a (name, library) pair",
                target.repr()?
            )));
        }
        Ok(Bound::new(slf.py(), Callback::new(slf, target)?)?.into_any())
    }

    /// What this prototype is as a field's type (a function pointer): the
    /// description every type carries as `_layout_`.
    #[getter]
    fn _layout_(slf: &Bound<'_, Self>) -> PyResult<crate::cdata::ClassLayout> {
        let name = format!("CFUNCTYPE({})", slf.get().restype.bind(slf.py()).repr()?);
        let function = crate::cdata::FunctionPointerType {
            prototype: slf.clone().into_any().unbind(),
            name,
        };
        Ok(crate::cdata::ClassLayout::of(Arc::new(
            crate::cdata::Info::FunctionPointer(Arc::new(function)),
        )))
    }

    /// The result type, as given (ctypes' name).
    #[getter]
    fn _restype_(&self, py: Python<'_>) -> Py<PyAny> {
        self.restype.clone_ref(py)
    }

    /// The argument types, as given (ctypes' name).
    #[getter]
    fn _argtypes_(&self, py: Python<'_>) -> Py<PyTuple> {
        self.argtypes.clone_ref(py)
    }

    /// For the garbage collector: the types it keeps (a struct class can
    /// hold this prototype in a field's type).
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.restype)?;
        visit.call(&self.argtypes)
    }
}

// ANCHOR: callback_data
/// What the handler needs to answer one call: boxed, so its address (which
/// the closure holds) never changes.
pub struct CallbackData {
    function: Py<PyAny>,
    argtypes: Vec<Kind>,
    data_args: Vec<Option<DataArg>>,
    restype: Option<Kind>,
    default: u64,
}

impl CallbackData {
    /// The Python callable C is really calling.
    pub fn function(&self) -> &Py<PyAny> {
        &self.function
    }

    /// The declared argument types, in order.
    pub fn argtypes(&self) -> &[Kind] {
        &self.argtypes
    }

    /// The declared result type; None for `void`.
    pub fn restype(&self) -> Option<Kind> {
        self.restype
    }

    /// What C gets when the callable fails: `CFUNCTYPE(..., default=)`,
    /// already widened to a whole slot.
    pub fn default(&self) -> u64 {
        self.default
    }
}

/// What libffi's closure calls each time C calls the function pointer:
/// `result` is the whole register-sized slot for the return value, `args`
/// an array of pointers, one to each C argument.
pub type Handler = unsafe extern "C" fn(
    cif: &ffi_cif,
    result: &mut u64,
    args: *const *const c_void,
    data: &CallbackData,
);
// ANCHOR_END: callback_data

/// The handler in use: `trampoline` below, unless an exercise crate
/// installed its own (`lib.rs`, `Pieces`) before the first callback.
static HANDLER: OnceLock<Handler> = OnceLock::new();

/// Installs an exercise's handler; the first one installed stays.
pub(crate) fn use_handler(handler: Handler) {
    let _ = HANDLER.set(handler);
}

// ANCHOR: callback
/// A Python callable wrapped as a C function pointer. C may call it as long
/// as this object lives: keep it referenced while C holds the pointer.
#[pyclass(module = "minictypes", frozen)]
pub struct Callback {
    cfunctype: Py<CFuncType>,
    /// The signature again, for calling the pointer from Python
    /// (`closure` keeps its own copy, which it does not show).
    cif: Cif,
    // Field order matters: the closure (which points at `data`) is dropped
    // before `data`.
    closure: Closure<'static>,
    data: Box<CallbackData>,
}
// ANCHOR_END: callback

// SAFETY: the closure's code and the boxed data are immutable after
// construction; the trampoline only touches Python objects with the GIL.
unsafe impl Send for Callback {}
// SAFETY: as above.
unsafe impl Sync for Callback {}

impl Callback {
    fn new(cfunctype: &Bound<'_, CFuncType>, function: Bound<'_, PyAny>) -> PyResult<Self> {
        let spec = cfunctype
            .get()
            .callback
            .as_ref()
            .map_err(|why| PyTypeError::new_err(why.clone()))?;
        let data = Box::new(CallbackData {
            function: function.unbind(),
            argtypes: spec.argtypes.clone(),
            data_args: spec.data_args.clone(),
            restype: spec.restype,
            default: spec.default,
        });
        let cif = Cif::new(
            spec.argtypes
                .iter()
                .zip(&spec.data_args)
                .map(|(kind, data)| match data {
                    Some(DataArg::Struct(info)) => info.ffi_type(),
                    _ => kind.ffi_type(),
                }),
            spec.restype
                .map_or_else(libffi::middle::Type::void, Kind::ffi_type),
        );
        // SAFETY: `data` is boxed (its address never changes) and lives in
        // the same struct as the closure, which is dropped first.
        let data_ref: &'static CallbackData =
            unsafe { &*std::ptr::from_ref::<CallbackData>(&*data) };
        let handler = *HANDLER.get_or_init(|| trampoline);
        let closure = Closure::new(cif.clone(), handler, data_ref);
        Ok(Self {
            cfunctype: cfunctype.clone().unbind(),
            cif,
            closure,
            data,
        })
    }

    /// The address to pass for an argument declared with `cfunctype`.
    pub(crate) fn address_for(
        cfunctype: &Py<CFuncType>,
        value: &Bound<'_, PyAny>,
        place: crate::naming::Destination<'_>,
    ) -> PyResult<u64> {
        if value.is_none() {
            return Ok(0);
        }
        let Ok(callback) = value.cast::<Callback>() else {
            return Err(PyTypeError::new_err(format!(
                "{place}: needs a callback made by its CFUNCTYPE, not {}",
                value.get_type().name()?
            )));
        };
        if !callback.get().cfunctype.is(cfunctype) {
            return Err(PyValueError::new_err(format!(
                "{place}: the callback was made by a different CFUNCTYPE"
            )));
        }
        Ok(*callback.get().closure.code_ptr() as usize as u64)
    }
}

#[pymethods]
impl Callback {
    /// For the garbage collector: the Python callable and the callback
    /// type. An object that keeps a callback of its own method
    /// (`self.on_event = VISITOR(self.handle)`) is a cycle through this
    /// object, and without this visit it would never be collected. No
    /// `__clear__`: the collector breaks such a cycle at the other objects
    /// in it (an instance's `__dict__`), and the callable must stay while C
    /// may still call.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.data.function)?;
        visit.call(&self.cfunctype)
    }

    /// The result type its CFUNCTYPE declared (as in ctypes).
    #[getter]
    fn restype(&self, py: Python<'_>) -> Py<PyAny> {
        self.cfunctype.get().restype.clone_ref(py)
    }

    /// The argument types its CFUNCTYPE declared (as in ctypes).
    #[getter]
    fn argtypes(&self, py: Python<'_>) -> Py<PyTuple> {
        self.cfunctype.get().argtypes.clone_ref(py)
    }

    /// The wrapped Python callable.
    #[getter]
    fn function(&self, py: Python<'_>) -> Py<PyAny> {
        self.data.function.clone_ref(py)
    }

    /// `pickle.dumps(callback)`: a ValueError, as in ctypes (its closure is
    /// code made in this process's memory).
    fn __reduce__(&self) -> PyResult<()> {
        Err(PyValueError::new_err(
            "a callback is code in this process's memory: it cannot be pickled",
        ))
    }

    // ANCHOR: call_from_python
    /// `callback(1, 2)`: a call of the C function pointer, from Python, as
    /// C would make it (through libffi, so the arguments are converted to
    /// C and the result back: what the Python function sees is what C
    /// would have passed it).
    #[pyo3(signature = (*args))]
    fn __call__(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let kinds = &self.data.argtypes;
        if args.len() != kinds.len() {
            return Err(crate::argument_error::wrong_count(
                py,
                format!(
                    "this callback takes {} arguments ({} given)",
                    kinds.len(),
                    args.len()
                ),
            ));
        }
        let mut slots = kinds
            .iter()
            .zip(args.iter())
            .enumerate()
            .map(|(index, (kind, value))| {
                let place = crate::naming::Destination::Argument {
                    function: "callback",
                    index: index + 1,
                };
                match &self.data.data_args[index] {
                    Some(DataArg::Pointer(pointer)) => {
                        let crate::cdata::Info::Pointer(target) = &**pointer else {
                            unreachable!("a pointer argument's type is a pointer type")
                        };
                        // `args` keeps what the address points into alive.
                        return crate::cdata::pointer_value(target, &value, place)
                            .map(|(address, _)| address as u64);
                    }
                    // The slot holds the struct's address: ffi_call reads the
                    // struct there (see below); `args` keeps it alive.
                    Some(DataArg::Struct(info)) => {
                        return crate::cdata::struct_address(info, &value, place)
                            .map(|address| address as u64);
                    }
                    // A subclass instance or a value: converted as its kind.
                    Some(DataArg::Subclass(_)) | None => {}
                }
                if *kind == Kind::WCharP && !value.is_none() {
                    // C would read a copy; from Python, refused rather than
                    // leaked (a callback taking a wchar_t * is called by C).
                    return Err(PyTypeError::new_err(format!(
                        "{place}: call a c_wchar_p callback from C, not from Python"
                    )));
                }
                convert::to_slot(*kind, &value, place)
            })
            .collect::<PyResult<Vec<u64>>>()
            .map_err(|error| crate::argument_error::for_argument(py, error))?;
        let mut pointers: Vec<*mut c_void> = slots
            .iter_mut()
            .zip(&self.data.data_args)
            .map(|(slot, data)| match data {
                // By value: libffi reads the struct's own bytes.
                Some(DataArg::Struct(_)) => *slot as *mut c_void,
                _ => std::ptr::from_mut(slot).cast::<c_void>(),
            })
            .collect();
        let mut result = 0u64;
        // SAFETY: the Cif describes the closure's code, whose arguments are
        // one slot each (8 bytes, at least the width libffi reads); the
        // result is at most 8 bytes. `args` keeps every Python object a
        // slot points into alive for the call.
        unsafe {
            libffi::raw::ffi_call(
                self.cif.as_raw_ptr(),
                Some(*self.closure.code_ptr()),
                std::ptr::from_mut(&mut result).cast::<c_void>(),
                pointers.as_mut_ptr(),
            );
        }
        convert::from_slot(py, self.data.restype, result)
    }
    // ANCHOR_END: call_from_python
}

// ANCHOR: trampoline
/// Called by C through the closure. Never unwinds into C: a Python
/// exception is reported through `sys.unraisablehook`, in ctypes' words
/// (`unraisable.rs`), and C gets the declared default; a Rust panic is
/// treated the same way.
pub unsafe extern "C" fn trampoline(
    _cif: &ffi_cif,
    result: &mut u64,
    args: *const *const c_void,
    data: &CallbackData,
) {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        Python::attach(|py| {
            let values = data
                .argtypes
                .iter()
                .enumerate()
                .map(|(index, kind)| {
                    if let Some(DataArg::Struct(info)) = &data.data_args[index] {
                        // SAFETY: libffi passes one pointer per argument.
                        let at = unsafe { *args.add(index) } as usize;
                        // SAFETY: the Cif says argument `index` is this
                        // struct, so that pointer points at its bytes.
                        let copy = unsafe { crate::cdata::copied_from(py, info, at) };
                        return copy.map(Bound::unbind);
                    }
                    // SAFETY: the Cif says argument `index` has this kind,
                    // so args[index] points at one of that width.
                    let slot = unsafe { kind.read((*args.add(index)).cast::<u8>()) };
                    match &data.data_args[index] {
                        // A pointer type's argument: an instance of it.
                        Some(DataArg::Pointer(pointer)) => {
                            crate::cdata::pointer_holding(py, pointer, slot as usize)
                                .map(Bound::unbind)
                        }
                        Some(DataArg::Subclass(class)) => {
                            let value = convert::from_slot(py, Some(*kind), slot)?;
                            class.bind(py).call1((value,)).map(Bound::unbind)
                        }
                        _ => convert::from_slot(py, Some(*kind), slot),
                    }
                })
                .collect::<PyResult<Vec<_>>>();
            let function = data.function.bind(py);
            let returned = values.and_then(|values| function.call1(PyTuple::new(py, values)?));
            let returned = match returned {
                Ok(returned) => returned,
                Err(error) => {
                    unraisable::report(py, error, Stage::Calling, function);
                    return data.default;
                }
            };
            let Some(kind) = data.restype else {
                return 0;
            };
            match kind.callback_result(&returned) {
                Ok(slot) => kind.widen(slot),
                Err(error) => {
                    unraisable::report(py, error, Stage::ConvertingResult, function);
                    data.default
                }
            }
        })
    }));
    // libffi wants a whole ffi_arg written for an integer result.
    *result = outcome.unwrap_or(data.default);
}
// ANCHOR_END: trampoline

/// How a function pointer field of a prototype is written (`cdata` asks,
/// a floor below): a callback made by that prototype (kept alive by the
/// struct), or None for NULL.
fn field_address<'py>(
    prototype: &Bound<'py, PyAny>,
    value: &Bound<'py, PyAny>,
    place: crate::naming::Destination<'_>,
) -> PyResult<(u64, Option<Bound<'py, PyAny>>)> {
    let prototype = prototype.cast::<CFuncType>()?.clone().unbind();
    let address = Callback::address_for(&prototype, value, place)?; // None is NULL
    Ok((address, (!value.is_none()).then(|| value.clone())))
}

/// How a function pointer field is read: a function pointer of its
/// prototype at the address there, keeping `owner` (the struct, whose
/// keepalive holds the callback) alive: the struct may go first.
fn field_value<'py>(
    prototype: &Bound<'py, PyAny>,
    address: usize,
    owner: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let address = address.into_pyobject(prototype.py())?;
    function_pointer(
        prototype.cast::<CFuncType>()?,
        address.as_any(),
        Some(owner),
        None,
    )
}

/// The hooks `cdata` uses for function pointer fields (set at module init).
pub(crate) fn function_pointer_hooks() -> crate::cdata::FunctionPointerHooks {
    crate::cdata::FunctionPointerHooks {
        address_of: field_address,
        at: field_value,
    }
}
