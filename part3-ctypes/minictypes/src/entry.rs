//! How a call gets in: the Python object behind `lib.add`, a heap type
//! built by hand (as Part I builds its types) so that calling it is a
//! *vectorcall*.
//!
//! A pyo3 `#[pyclass]` with `__call__` is called through `tp_call`: the
//! interpreter packs the arguments into a new tuple, pyo3 unpacks `*args`
//! (another tuple), borrows the object, then the method runs. Vectorcall
//! (PEP 590) skips all of it: the interpreter passes a pointer to the
//! arguments it already has on its stack. A type opts in with two things:
//! the `Py_TPFLAGS_HAVE_VECTORCALL` flag, and `__vectorcalloffset__`, the
//! offset in each instance where the function pointer to call is stored.
//! Python functions, builtins and `_cffi_backend`'s functions work this
//! way; `_ctypes`' function objects still use `tp_call`.
//!
//! In Python terms, the type is:
//!
//! ```python
//! class ForeignFunction:          # cannot be instantiated from Python
//!     name: str                   # read-only; also __name__, as in ctypes
//!     _address: int               # read-only: where the symbol is
//!     _express: bool              # read-only: plain values take express.rs
//!     argtypes: tuple | None      # set: a list of minictypes types
//!     restype: object | None      # set: a minictypes type, or None (void)
//!     errcheck: object | None     # set: a callable; del: none (errcheck.rs)
//!     def __call__(self, *args): ...
//! ```

use std::ffi::{c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};

use crate::function::ForeignFunction;
use crate::heap_type::{
    self, GETSET_END, MEMBERS_END, SLOTS_END, c, entered, getset, offset_member, slot,
};

// ANCHOR: object
/// The instance layout: the object header, the entry point the
/// interpreter calls, then the Rust state.
#[repr(C)]
struct FunctionObject {
    header: ffi::PyObject,
    /// Read by the interpreter at `__vectorcalloffset__`; always `vectorcall`.
    entry: ffi::vectorcallfunc,
    function: ForeignFunction,
    /// The interned name a library cached it under (a reference), or NULL:
    /// `lib.add` finds it in the cache by that very object (`cached_as`).
    key: *mut ffi::PyObject,
}
// ANCHOR_END: object

/// The flag's bit since Python 3.8; pyo3-ffi names it only from 3.12 on for
/// the stable ABI, which is when the limited API documented it.
const HAVE_VECTORCALL: std::ffi::c_ulong = 1 << 11;

/// The type, made once when the module is initialised.
static TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Makes the type (at module initialisation).
pub(crate) fn make_type(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    // SAFETY: SPEC and its tables are complete, terminated statics.
    let made = unsafe { heap_type::made(py, &TYPE, &raw mut SPEC) }?;
    FUNCTION_TYPE.store(made.as_type_ptr(), std::sync::atomic::Ordering::Relaxed);
    Ok(made)
}

/// The same type as a bare pointer, for `is_function`'s one comparison.
static FUNCTION_TYPE: std::sync::atomic::AtomicPtr<ffi::PyTypeObject> =
    std::sync::atomic::AtomicPtr::new(ptr::null_mut());

/// A new function object owning `function`.
pub(crate) fn new_object(py: Python<'_>, function: ForeignFunction) -> PyResult<Bound<'_, PyAny>> {
    let object = heap_type::allocate(&make_type(py)?)?;
    let fields = object.as_ptr().cast::<FunctionObject>();
    // SAFETY: a fresh, zeroed FunctionObject nobody else has seen yet.
    unsafe {
        (&raw mut (*fields).entry).write(vectorcall);
        (&raw mut (*fields).function).write(function);
    }
    Ok(object)
}

/// The function behind `object`, if it is a function object.
pub(crate) fn function_of<'a>(object: &'a Bound<'_, PyAny>) -> Option<&'a ForeignFunction> {
    // SAFETY: checked to be our type; the state lives as long as the object.
    is_function(object.as_ptr()).then(|| unsafe { state(object.as_ptr()) })
}

/// Records that `object`, a function object just made, is cached under
/// the interned str `key`, which no attribute of the library's class is.
pub(crate) fn cache_as(object: &Bound<'_, PyAny>, key: &Bound<'_, PyString>) {
    if is_function(object.as_ptr()) {
        // SAFETY: our type; the field is NULL until now (tp_alloc zeroes it).
        unsafe { (*object.as_ptr().cast::<FunctionObject>()).key = key.clone().into_ptr() };
    }
}

/// Whether `object`, found in a library's cache under `name`, is the
/// function cached there under this very str: then `name` names no class
/// attribute, and the cached function is the answer. (A name made at run
/// time, or an entry the program put in `__dict__` itself, gets `false`,
/// and the library's full check.)
pub(crate) fn cached_as(object: *mut ffi::PyObject, name: *mut ffi::PyObject) -> bool {
    // SAFETY: reading a field of a live object of our type.
    is_function(object) && unsafe { (*object.cast::<FunctionObject>()).key } == name
}

/// Whether `object` is a function object: its type is ours (no subclass
/// can exist: the type has no Py_TPFLAGS_BASETYPE).
pub(crate) fn is_function(object: *mut ffi::PyObject) -> bool {
    let tp = FUNCTION_TYPE.load(std::sync::atomic::Ordering::Relaxed);
    // SAFETY: reading the type of a live object.
    !tp.is_null() && unsafe { ffi::Py_TYPE(object) } == tp
}

/// The state of `object`, which the interpreter says is ours.
///
/// # Safety
/// `object` is a live FunctionObject (the slot belongs to our type).
unsafe fn state<'a>(object: *mut ffi::PyObject) -> &'a ForeignFunction {
    // SAFETY: the caller's promise.
    unsafe { &(*object.cast::<FunctionObject>()).function }
}

// ANCHOR: vectorcall
/// The entry point: `args` points at the positional arguments (the
/// interpreter's own stack slots, borrowed), `nargsf` holds their count
/// plus a flag bit, `kwnames` names any keyword arguments that follow.
unsafe extern "C" fn vectorcall(
    callable: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: usize,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // The top bit (PY_VECTORCALL_ARGUMENTS_OFFSET) is a permission, not a count.
    let count = nargsf & !(1 << (usize::BITS - 1));
    entered(ptr::null_mut(), |py| {
        // SAFETY: the interpreter passes our instance, `count` borrowed
        // arguments, and a tuple of names (or NULL); all live for the call.
        unsafe {
            let function = state(callable);
            if !kwnames.is_null() || function.parameters().is_some() {
                return keywords_or_parameters(py, function, callable, args, count, kwnames);
            }
            // Borrowed is a bare pointer: the array is viewed, not copied.
            let args: &[Borrowed<'_, '_, PyAny>] = if count == 0 {
                &[]
            } else {
                std::slice::from_raw_parts(args.cast(), count)
            };
            // Plain values for a declaration the direct path takes: nothing else to do.
            if let Some(result) = function.call_express(py, args) {
                return Ok(result);
            }
            let result = function.call(py, args)?;
            let this = Borrowed::from_ptr(py, callable);
            Ok(function.checked(py, this, args, result)?.into_ptr())
        }
    })
}
// ANCHOR_END: vectorcall

/// `tp_call`, for callers that have a tuple already (`function(*args)` from
/// C, `functools.partial`): the same call, the tuple's items borrowed.
unsafe extern "C" fn call_with_tuple(
    callable: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the interpreter passes our instance, a tuple and a dict
        // (or NULL), all live for the call.
        unsafe {
            let function = state(callable);
            let args = Borrowed::from_ptr(py, args).cast_unchecked::<pyo3::types::PyTuple>();
            let items: Vec<Borrowed<'_, '_, PyAny>> = args.iter_borrowed().collect();
            let keywords = Borrowed::from_ptr_or_opt(py, kwargs)
                .map(|kwargs| kwargs.cast_unchecked::<PyDict>())
                .filter(|kwargs| !kwargs.is_empty());
            if keywords.is_some() || function.parameters().is_some() {
                let keywords = match keywords {
                    None => Vec::new(),
                    Some(kwargs) => kwargs
                        .iter()
                        .map(|(name, value)| Ok((name.cast_into::<PyString>()?, value)))
                        .collect::<PyResult<Vec<_>>>()?,
                };
                let this = Borrowed::from_ptr(py, callable);
                return Ok(with_parameters(py, function, this, &items, &keywords)?.into_ptr());
            }
            let result = function.call(py, &items)?;
            let this = Borrowed::from_ptr(py, callable);
            Ok(function.checked(py, this, &items, result)?.into_ptr())
        }
    })
}

/// The vectorcall entry's cold path: a call with keyword arguments (names
/// in `kwnames`, values after the `count` positional ones), or of a
/// function made with `paramflags`.
///
/// # Safety
/// As `vectorcall`'s arguments: `args` holds `count` values and then one
/// per name in `kwnames` (a tuple, or NULL), all live for the call.
#[cold]
#[inline(never)]
unsafe fn keywords_or_parameters(
    py: Python<'_>,
    function: &ForeignFunction,
    callable: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    count: usize,
    kwnames: *mut ffi::PyObject,
) -> PyResult<*mut ffi::PyObject> {
    // SAFETY: the caller's promise.
    unsafe {
        let names =
            Borrowed::from_ptr_or_opt(py, kwnames).map(|names| names.cast_unchecked::<PyTuple>());
        let named = names.as_ref().map_or(0, |names| names.len());
        let all: &[Borrowed<'_, '_, PyAny>] = if count + named == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(args.cast(), count + named)
        };
        let mut keywords = Vec::with_capacity(named);
        if let Some(names) = names {
            for (name, value) in names.iter().zip(&all[count..]) {
                keywords.push((name.cast_into::<PyString>()?, (*value).to_owned()));
            }
        }
        let this = Borrowed::from_ptr(py, callable);
        Ok(with_parameters(py, function, this, &all[..count], &keywords)?.into_ptr())
    }
}

#[cold]
#[inline(never)]
fn no_keywords(name: &str) -> PyErr {
    PyTypeError::new_err(format!("{name}() takes no keyword arguments"))
}

/// A call with keywords, or of a function made with `paramflags`
/// (parameters.rs): the arguments arranged by name and defaults, outputs
/// made, the call made, and the outputs returned. Keywords without
/// `paramflags` are refused: C parameters have no names.
#[cold]
#[inline(never)]
fn with_parameters<'py>(
    py: Python<'py>,
    function: &ForeignFunction,
    this: Borrowed<'_, 'py, PyAny>,
    args: &[Borrowed<'_, 'py, PyAny>],
    keywords: &[(Bound<'py, PyString>, Bound<'py, PyAny>)],
) -> PyResult<Bound<'py, PyAny>> {
    let Some(parameters) = function.parameters() else {
        return Err(no_keywords(function.name()));
    };
    let (arguments, outputs) = parameters.arrange(py, function.name(), args, keywords)?;
    let borrowed: Vec<Borrowed<'_, 'py, PyAny>> =
        arguments.iter().map(Bound::as_borrowed).collect();
    let result = function.call(py, &borrowed)?.into_bound(py);
    // As in ctypes: an errcheck hook's answer is the call's, unless it
    // hands back the arguments (then the outputs are, as without a hook).
    let given = PyTuple::new(py, &arguments)?;
    match function.hook_answer(&this.to_owned(), &given, &result)? {
        Some(answer) if !answer.is(&given) => Ok(answer),
        _ => parameters.result(&arguments, &outputs, result),
    }
}

// ANCHOR: gc
/// For the garbage collector: the Python objects a function keeps that can
/// lead back to it: the errcheck hook (`self.f.errcheck = self.check`, with
/// `self` holding `f`: without this visit, that object would never be
/// collected), the declared types (a struct class holding the library), and
/// for a function pointer read from a struct, the struct.
unsafe extern "C" fn traverse(
    object: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: called by the collector with the GIL held, on our type; both
    // are references the function holds.
    unsafe {
        let function = state(object);
        heap_type::visit_held(
            object,
            visit,
            arg,
            std::iter::once(function.kept())
                .chain(function.held_for_collector())
                .chain(
                    function
                        .parameters()
                        .into_iter()
                        .flat_map(|parameters| parameters.held().map(Some)),
                ),
        )
    }
}

/// Breaks such a cycle: drops the declaration (after its borrow ends, as
/// dropping it may run any code).
unsafe extern "C" fn clear(object: *mut ffi::PyObject) -> c_int {
    // Attached: the `Py` values dropped are released now (see heap_type).
    heap_type::attached(-1, |_| {
        // SAFETY: GIL held, on our type.
        let declaration = unsafe { state(object) }.take_declaration();
        drop(declaration);
        Ok(0)
    })
}
// ANCHOR_END: gc

/// `bool(function)`: false for a NULL function pointer only, as in ctypes.
unsafe extern "C" fn is_not_null(object: *mut ffi::PyObject) -> c_int {
    // SAFETY: the slot belongs to our type.
    c_int::from(unsafe { state(object) }.address() != 0)
}

unsafe extern "C" fn dealloc(object: *mut ffi::PyObject) {
    // The declaration may hold `Py` values (a callback type): attached, so
    // they are released now.
    heap_type::attached((), |_| {
        // SAFETY: called once, when the last reference went away, GIL held;
        // untracked first, so the collector never visits a half-freed object.
        unsafe {
            ffi::PyObject_GC_UnTrack(object.cast());
            ptr::drop_in_place(&raw mut (*object.cast::<FunctionObject>()).function);
            ffi::Py_XDECREF((*object.cast::<FunctionObject>()).key);
            heap_type::free(object);
        }
        Ok(())
    });
}

unsafe extern "C" fn repr(object: *mut ffi::PyObject) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the slot belongs to our type.
        let text = unsafe { state(object) }.repr();
        Ok(pyo3::types::PyString::new(py, &text).into_ptr())
    })
}

/// `pickle.dumps(function)`: a ValueError, as in ctypes. A function is an
/// address in this process's copy of the library; nothing another process
/// could load it back from.
unsafe extern "C" fn reduce(
    object: *mut ffi::PyObject,
    _: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // Always an error: attached, so the error's references go at once.
    crate::heap_type::attached(ptr::null_mut(), |_py| {
        // SAFETY: the method belongs to our type.
        let name = unsafe { state(object) }.name().to_owned();
        Err(pyo3::exceptions::PyValueError::new_err(format!(
            "{name}() is an address in this process: a foreign function cannot be pickled"
        )))
    })
}

// ---------------------------------------------------------------- attributes

unsafe extern "C" fn get_name(object: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the getter belongs to our type.
        let name = unsafe { state(object) }.name();
        Ok(pyo3::types::PyString::new(py, name).into_ptr())
    })
}

unsafe extern "C" fn get_address(object: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the getter belongs to our type.
        let address = unsafe { state(object) }.address();
        Ok(address.into_pyobject(py)?.into_any().into_ptr())
    })
}

unsafe extern "C" fn get_express(object: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the getter belongs to our type.
        let express = unsafe { state(object) }.has_express();
        Ok(pyo3::types::PyBool::new(py, express).to_owned().into_ptr())
    })
}

unsafe extern "C" fn get_argtypes(
    object: *mut ffi::PyObject,
    _: *mut c_void,
) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the getter belongs to our type.
        let value = unsafe { state(object) }.argtypes(py)?;
        Ok(value.map_or_else(|| py.None(), Py::into_any).into_ptr())
    })
}

unsafe extern "C" fn get_restype(object: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the getter belongs to our type.
        let value = unsafe { state(object) }.restype(py)?;
        Ok(value.unwrap_or_else(|| py.None()).into_ptr())
    })
}

/// A setter gets NULL for `del function.argtypes`: refused, as pyo3 does.
fn set_with(
    object: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
    set: fn(&ForeignFunction, &Bound<'_, PyAny>) -> PyResult<()>,
) -> c_int {
    // Replacing a declaration drops the old one, which may hold `Py` values.
    heap_type::attached(-1, |py| {
        if value.is_null() {
            return Err(PyTypeError::new_err("can't delete attribute"));
        }
        // SAFETY: the setter belongs to our type; `value` is borrowed.
        unsafe { set(state(object), &Borrowed::from_ptr(py, value))? };
        Ok(0)
    })
}

unsafe extern "C" fn set_argtypes(
    object: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
    _: *mut c_void,
) -> c_int {
    set_with(object, value, ForeignFunction::set_argtypes)
}

unsafe extern "C" fn set_restype(
    object: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
    _: *mut c_void,
) -> c_int {
    set_with(object, value, ForeignFunction::set_restype)
}

unsafe extern "C" fn get_errcheck(
    object: *mut ffi::PyObject,
    _: *mut c_void,
) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the getter belongs to our type.
        let value = unsafe { state(object) }.errcheck(py);
        Ok(value.unwrap_or_else(|| py.None()).into_ptr())
    })
}

/// The one attribute that may be deleted: `del function.errcheck` removes
/// the hook, as in ctypes.
unsafe extern "C" fn set_errcheck(
    object: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
    _: *mut c_void,
) -> c_int {
    heap_type::attached(-1, |py| {
        // SAFETY: the setter belongs to our type; `value` is borrowed or NULL.
        unsafe {
            let value = (!value.is_null()).then(|| Borrowed::from_ptr(py, value));
            state(object).set_errcheck(value.as_deref())?;
        }
        Ok(0)
    })
}

// ---------------------------------------------------------------- the spec

static mut GETSET: [ffi::PyGetSetDef; 8] = [
    getset(c"name", get_name, None, c"The symbol's name."),
    // ctypes' functions carry the name as __name__ (a hook uses it).
    getset(
        c"__name__",
        get_name,
        None,
        c"The symbol's name, as ctypes has it.",
    ),
    // What `in_dll` reads a variable through (cdata/object.rs, `at_symbol`).
    getset(c"_address", get_address, None, c"The symbol's address."),
    // For tests and the book: which way a call with plain values goes.
    getset(
        c"_express",
        get_express,
        None,
        c"Whether a call with plain values (ints in range, floats, bytes, Buffers) takes the express call (express.rs).",
    ),
    getset(
        c"argtypes",
        get_argtypes,
        Some(set_argtypes),
        c"The declared argument types (None until set).",
    ),
    getset(
        c"restype",
        get_restype,
        Some(set_restype),
        c"The declared result type: a type, or None for void.",
    ),
    getset(
        c"errcheck",
        get_errcheck,
        Some(set_errcheck),
        c"Called as errcheck(result, function, args) after each call; its answer is the call's.",
    ),
    GETSET_END,
];

// ANCHOR: spec
static mut MEMBERS: [ffi::PyMemberDef; 2] = [
    // Where the interpreter finds each instance's entry point.
    offset_member(c"__vectorcalloffset__", offset_of!(FunctionObject, entry)),
    MEMBERS_END,
];

static mut METHODS: [ffi::PyMethodDef; 2] = [
    ffi::PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunction: reduce,
        },
        ml_flags: ffi::METH_NOARGS,
        ml_doc: c"Refused: a function cannot be pickled (ValueError, as in ctypes).".as_ptr(),
    },
    ffi::PyMethodDef::zeroed(),
];

static mut SLOTS: [ffi::PyType_Slot; 11] = [
    slot(
        ffi::Py_tp_doc,
        c(c"A function in a loaded library: declare argtypes and restype, then call it.")
            as *mut c_void,
    ),
    // Vectorcall needs tp_call too, for callers that hold a tuple.
    slot(ffi::Py_tp_call, call_with_tuple as *mut c_void),
    slot(ffi::Py_tp_dealloc, dealloc as *mut c_void),
    slot(ffi::Py_tp_traverse, traverse as *mut c_void),
    slot(ffi::Py_nb_bool, is_not_null as *mut c_void),
    slot(ffi::Py_tp_clear, clear as *mut c_void),
    slot(ffi::Py_tp_repr, repr as *mut c_void),
    slot(ffi::Py_tp_getset, (&raw mut GETSET).cast()),
    slot(ffi::Py_tp_members, (&raw mut MEMBERS).cast()),
    slot(ffi::Py_tp_methods, (&raw mut METHODS).cast()),
    SLOTS_END,
];

static mut SPEC: ffi::PyType_Spec = ffi::PyType_Spec {
    name: c(c"minictypes.ForeignFunction"),
    basicsize: size_of::<FunctionObject>() as c_int,
    itemsize: 0,
    // Made by `CDLL` lookups only (DISALLOW_INSTANTIATION), never subclassed
    // (no BASETYPE), no attributes set on the class (IMMUTABLETYPE); seen
    // by the garbage collector (HAVE_GC: its errcheck hook can lead back
    // to it).
    flags: (ffi::Py_TPFLAGS_DEFAULT
        | ffi::Py_TPFLAGS_HAVE_GC
        | HAVE_VECTORCALL
        | ffi::Py_TPFLAGS_IMMUTABLETYPE
        | ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION) as std::ffi::c_uint,
    slots: (&raw mut SLOTS).cast(),
};
// ANCHOR_END: spec
