//! `CDLL`: a loaded library and the functions looked up in it.
//!
//! Built by hand, like the function objects (`entry.rs`), for one reason:
//! `lib.add(1, 2)` looks `add` up on every call, so the lookup is part of
//! every call's price. A pyo3 class that defines `__getattr__` answers
//! through pyo3's entry point and Python's generic lookup (the type's
//! attributes first, then the instance dict); this type's `tp_getattro`
//! asks the instance dict first, where every function looked up before
//! is cached.
//!
//! In Python terms:
//!
//! ```python
//! class CDLL:
//!     def __init__(self, path): ...           # dlopen
//!     path: str                               # read-only
//!     def __getattr__(self, name): ...        # dlsym, cached in __dict__
//!     def __getitem__(self, name): ...        # always a symbol
//! ```

use std::ffi::{c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;
use std::sync::Arc;

use libffi::middle::CodePtr;
use pyo3::exceptions::{PyAttributeError, PyOSError, PyTypeError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};

use crate::entry;
use crate::function::ForeignFunction;
use crate::heap_type::{
    self, GETSET_END, MEMBERS_END, SLOTS_END, c, entered, getset, offset_member, slot,
};

// ANCHOR: cdll
/// The instance layout: the object header, the instance `__dict__` (where
/// looked-up functions are cached, as ctypes does: `lib.add.argtypes` set
/// once stays set), then the Rust state.
#[repr(C)]
struct LibraryObject {
    header: ffi::PyObject,
    dict: *mut ffi::PyObject,
    library: Library,
}

struct Library {
    path: String,
    /// Shared with every function looked up here: a function keeps its
    /// library loaded (its code pointer valid) even after the CDLL is gone.
    handle: Arc<libloading::Library>,
    /// Whether calls release the GIL: true for `CDLL`, false for `PyDLL`.
    release_gil: bool,
    /// `CDLL(path, use_errno=True)`: calls keep `errno` (errno.rs).
    use_errno: bool,
}
// ANCHOR_END: cdll

impl Library {
    /// The running program's own symbols (`dlopen(NULL)`).
    fn this() -> Self {
        Self {
            path: "None".to_owned(),
            handle: Arc::new(libloading::os::unix::Library::this().into()),
            release_gil: true,
            use_errno: false,
        }
    }

    /// `dlopen` the library; its functions release the GIL if `release_gil`.
    fn open(path: std::path::PathBuf, release_gil: bool) -> PyResult<Self> {
        Self::open_with(path, release_gil, libc::RTLD_LOCAL)
    }

    /// `dlopen` with `mode`: `RTLD_LOCAL` (the default, as in ctypes) or
    /// `RTLD_GLOBAL` (the library's symbols then resolve the ones of
    /// libraries loaded after it); symbols are bound at once (`RTLD_NOW`).
    fn open_with(
        path: std::path::PathBuf,
        release_gil: bool,
        mode: std::ffi::c_int,
    ) -> PyResult<Self> {
        // SAFETY: loading runs the library's initialisers; loading an
        // arbitrary library is exactly the trust ctypes.CDLL asks for too.
        let handle =
            unsafe { libloading::os::unix::Library::open(Some(&path), libc::RTLD_NOW | mode) }
                .map(libloading::Library::from)
                .map_err(|error| {
                    let cause = std::error::Error::source(&error)
                        .map_or_else(|| error.to_string(), ToString::to_string);
                    PyOSError::new_err(format!("cannot load {}: {cause}", path.display()))
                })?;
        Ok(Self {
            path: path.display().to_string(),
            handle: Arc::new(handle),
            release_gil,
            use_errno: false,
        })
    }
}

static TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Makes the type (at module initialisation).
pub(crate) fn make_type(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    let path_hash = PyString::intern(py, "path").hash()?;
    PATH_HASH.store(path_hash, std::sync::atomic::Ordering::Relaxed);
    // SAFETY: SPEC and its tables are complete, terminated statics.
    unsafe { heap_type::made(py, &TYPE, &raw mut SPEC) }
}

/// The hash of the str `"path"` in this process (str hashes are seeded
/// per process): `getattro` tells a name is not `path` by its hash, which a
/// str caches, before comparing any characters.
static PATH_HASH: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(-1);

/// A name's hash, or -1 (which no hash is) if a str subclass's `__hash__`
/// failed: its error is dropped, and the characters are compared instead.
///
/// # Safety
/// GIL held; `name` is a live object.
unsafe fn name_hash(name: *mut ffi::PyObject) -> ffi::Py_hash_t {
    // SAFETY: the caller's promise.
    unsafe {
        let hash = ffi::PyObject_Hash(name);
        if hash == -1 {
            ffi::PyErr_Clear();
        }
        hash
    }
}

/// A new library object owning `library`, with an empty instance dict.
fn new_object<'py>(tp: &Bound<'py, PyType>, library: Library) -> PyResult<Bound<'py, PyAny>> {
    let dict = PyDict::new(tp.py());
    let object = heap_type::allocate(tp)?;
    let fields = object.as_ptr().cast::<LibraryObject>();
    // SAFETY: a fresh, zeroed LibraryObject nobody else has seen yet.
    unsafe {
        (&raw mut (*fields).dict).write(dict.into_ptr());
        (&raw mut (*fields).library).write(library);
    }
    Ok(object)
}

/// # Safety
/// `object` is a live LibraryObject (the slot belongs to our type).
unsafe fn fields<'a>(object: *mut ffi::PyObject) -> &'a LibraryObject {
    // SAFETY: the caller's promise.
    unsafe { &*object.cast::<LibraryObject>() }
}

// ANCHOR: getattro
/// `lib.name`. First the instance dict, where functions looked up before
/// are cached: one dictionary lookup, the common case. Then Python's
/// generic lookup (`path`, methods, other attributes). Then, for a name
/// that is not an attribute, `dlsym`.
unsafe extern "C" fn getattro(
    object: *mut ffi::PyObject,
    name: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: GIL held; `object` is ours, `name` a live object; the dict
    // lookup returns a borrowed reference, taken before anything can run.
    unsafe {
        // The dict is NULL only after the collector cleared a cycle (a
        // finaliser in it may still look something up).
        let dict = fields(object).dict;
        let cached = if dict.is_null() {
            ptr::null_mut()
        } else {
            ffi::PyDict_GetItemWithError(dict, name)
        };
        // The common case: the function `lookup` cached under this very
        // (interned) name object.
        if !cached.is_null() && entry::cached_as(cached, name) {
            ffi::Py_INCREF(cached);
            return cached;
        }
        // `path` is the one name the class defines that a symbol could
        // share; the class's attribute wins, as in generic lookup. (Cheapest
        // first: the length is a field, a str keeps its hash, and only then
        // are characters compared.)
        if !cached.is_null()
            && entry::is_function(cached)
            && (ffi::PyUnicode_GetLength(name) != 4
                || name_hash(name) != PATH_HASH.load(std::sync::atomic::Ordering::Relaxed)
                || ffi::PyUnicode_CompareWithASCIIString(name, c"path".as_ptr()) != 0)
        {
            ffi::Py_INCREF(cached);
            return cached;
        }
        if cached.is_null() && !ffi::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        let found = ffi::PyObject_GenericGetAttr(object, name);
        if !found.is_null() || ffi::PyErr_ExceptionMatches(ffi::PyExc_AttributeError) == 0 {
            return found;
        }
        ffi::PyErr_Clear();
    }
    entered(ptr::null_mut(), |py| {
        // SAFETY: as above.
        let name = unsafe { Borrowed::from_ptr(py, name) };
        let name = name.cast::<PyString>()?;
        let text = name.to_str()?;
        if text.starts_with("__") && text.ends_with("__") {
            // Python probes special names (copy, pickle...): never symbols.
            // As in ctypes, only `__x__` is refused: `__errno_location` is a symbol.
            return Err(PyAttributeError::new_err(text.to_owned()));
        }
        // SAFETY: the slot belongs to our type.
        Ok(lookup(py, unsafe { fields(object) }, text)?.into_ptr())
    })
}
// ANCHOR_END: getattro

/// `lib["name"]` is always a symbol: a function looked up before, or a new
/// lookup; never a Python attribute such as `path` or `__class__`.
unsafe extern "C" fn subscript(
    object: *mut ffi::PyObject,
    key: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: GIL held; the slot belongs to our type; `key` is live.
        let (this, key) = unsafe { (fields(object), Borrowed::from_ptr(py, key)) };
        let Ok(name) = key.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!(
                "a symbol name is a str, not {}",
                key.get_type().name()?
            )));
        };
        if let Some(dict) = instance_dict(py, this)
            && let Some(cached) = dict.get_item(name)?
            && entry::is_function(cached.as_ptr())
        {
            return Ok(cached.into_ptr());
        }
        Ok(lookup(py, this, name.to_str()?)?.into_ptr())
    })
}

// ANCHOR: lookup
/// `dlsym`, then a new function object, cached in the instance dict.
fn lookup<'py>(py: Python<'py>, this: &LibraryObject, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let library = &this.library;
    // SAFETY: the symbol is only turned into an address here; it is
    // called later through a Cif built from the declared types.
    let symbol = unsafe {
        library
            .handle
            .get::<unsafe extern "C" fn()>(name.as_bytes())
    }
    .map_err(|_| PyAttributeError::new_err(format!("{} has no symbol '{name}'", library.path)))?;
    let code = CodePtr::from_fun(*symbol);
    let function = entry::new_object(
        py,
        ForeignFunction::new(
            name,
            Some(Arc::clone(&library.handle)),
            code,
            (library.release_gil, library.use_errno),
        ),
    )?;
    // Under an interned key: the interpreter's attribute names are
    // interned, so the next `lib.add` matches by identity, not by
    // comparing the characters. The function records the key, unless the
    // name is also the class's (`lib["path"]`): `lib.path` must not find
    // it by the quick check in `getattro`.
    if let Some(dict) = instance_dict(py, this) {
        let key = PyString::intern(py, name);
        dict.set_item(&key, &function)?;
        let class_has_it = match TYPE.get(py) {
            Some(class) => class.bind(py).hasattr(&key)?,
            None => true,
        };
        if !class_has_it {
            entry::cache_as(&function, &key);
        }
    }
    Ok(function)
}
// ANCHOR_END: lookup

/// The instance dict (always a dict: `__dict__` can only be set to one), or
/// None once the collector has cleared it.
fn instance_dict<'a, 'py>(
    py: Python<'py>,
    this: &'a LibraryObject,
) -> Option<Borrowed<'a, 'py, PyDict>> {
    // SAFETY: the object's own dict, alive while the object is.
    (!this.dict.is_null()).then(|| unsafe { Borrowed::from_ptr(py, this.dict).cast_unchecked() })
}

/// `CDLL(path)`: one argument, a path (str or os.PathLike), by position or
/// as `path=`.
unsafe extern "C" fn new(
    subtype: *mut ffi::PyTypeObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // Cold, and it may drop `Py` values: attached (see heap_type::entered).
    heap_type::attached(ptr::null_mut(), |py| {
        // SAFETY: GIL held; the interpreter passes a type, a tuple and a
        // dict or NULL.
        let (tp, args, kwargs) = unsafe {
            (
                Borrowed::from_ptr(py, subtype.cast()).cast_unchecked::<PyType>(),
                Borrowed::from_ptr(py, args).cast_unchecked::<PyTuple>(),
                Borrowed::from_ptr_or_opt(py, kwargs).map(|k| k.cast_unchecked::<PyDict>()),
            )
        };
        // CDLL(path, mode=RTLD_LOCAL, use_errno=False): `path` and `mode`
        // by position or keyword.
        let usage = || {
            PyTypeError::new_err(
                "CDLL() takes a path, an optional mode (RTLD_LOCAL or RTLD_GLOBAL) and use_errno=bool",
            )
        };
        if args.len() > 2 {
            return Err(usage());
        }
        let mut path = (!args.is_empty()).then(|| args.get_item(0)).transpose()?;
        let mut mode = (args.len() == 2).then(|| args.get_item(1)).transpose()?;
        let mut use_errno = false;
        if let Some(kwargs) = &kwargs {
            for (key, value) in kwargs.iter() {
                match key.extract::<String>()?.as_str() {
                    "path" if path.is_none() => path = Some(value),
                    "mode" if mode.is_none() => mode = Some(value),
                    "use_errno" => use_errno = value.is_truthy()?,
                    _ => return Err(usage()),
                }
            }
        }
        let mode = match mode {
            None => libc::RTLD_LOCAL,
            Some(mode) if mode.is_none() => libc::RTLD_LOCAL,
            Some(mode) => match mode.extract::<std::ffi::c_int>() {
                Ok(mode) if mode & !(libc::RTLD_GLOBAL | libc::RTLD_LOCAL) == 0 => mode,
                _ => {
                    return Err(pyo3::exceptions::PyValueError::new_err(format!(
                        "CDLL(): mode must be RTLD_LOCAL or RTLD_GLOBAL, not {}",
                        mode.repr()?
                    )));
                }
            },
        };
        let Some(path) = path else {
            return Err(usage());
        };
        let Some(path) = path_of(&path, "CDLL")? else {
            // CDLL(None): the running program and every library it has
            // loaded (dlopen(NULL)), as in ctypes: libc's functions, say.
            let library = Library {
                use_errno,
                ..Library::this()
            };
            return Ok(new_object(&tp, library)?.into_ptr());
        };

        let library = Library {
            use_errno,
            ..Library::open_with(path, true, mode)?
        };
        Ok(new_object(&tp, library)?.into_ptr())
    })
}

/// `PyDLL(path)`: a `CDLL` whose functions keep the GIL during the call, as
/// ctypes' `PyDLL` does: for short functions, where releasing and re-taking
/// the GIL costs more than the call itself, and for functions that use the
/// Python C API. Another Python thread cannot run meanwhile.
/// `PyDLL(None)` is the running program, the interpreter's C API included
/// (ctypes' `pythonapi`).
#[pyfunction(name = "PyDLL")]
pub(crate) fn py_dll<'py>(path: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let library = match path_of(path, "PyDLL")? {
        Some(path) => Library::open(path, false)?,
        None => Library {
            release_gil: false,
            ..Library::this()
        },
    };
    new_object(&make_type(path.py())?, library)
}

/// A library's path as `CDLL`/`PyDLL` take it: a str or os.PathLike, or
/// None for the running program.
fn path_of(path: &Bound<'_, PyAny>, class: &str) -> PyResult<Option<std::path::PathBuf>> {
    if path.is_none() {
        return Ok(None);
    }
    path.extract().map(Some).map_err(|_| {
        let name = path
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |name| name.to_string());
        PyTypeError::new_err(format!(
            "{class}() needs a path (str or os.PathLike) or None, not {name}"
        ))
    })
}

unsafe extern "C" fn repr(object: *mut ffi::PyObject) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the slot belongs to our type.
        let library = unsafe { &fields(object).library };
        let kind = if library.release_gil { "CDLL" } else { "PyDLL" };
        let text = format!("<minictypes.{kind} '{}'>", library.path);
        Ok(PyString::new(py, &text).into_ptr())
    })
}

unsafe extern "C" fn get_path(object: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the getter belongs to our type.
        let path = unsafe { &fields(object).library.path };
        Ok(PyString::new(py, path).into_ptr())
    })
}

// ---------------------------------------------------------------- GC
// The instance dict may hold anything, the library itself included
// (`lib.me = lib`), so the type takes part in garbage collection.

/// Visits every object this one holds a reference to: its dict.
unsafe extern "C" fn traverse(
    object: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: called by the collector with the GIL held; the dict (if
    // any) is the library's own reference.
    unsafe {
        let dict = fields(object).dict;
        crate::heap_type::visit_held(object, visit, arg, [(!dict.is_null()).then_some(dict)])
    }
}

/// Drops the references that could form a cycle: the dict.
unsafe extern "C" fn clear(object: *mut ffi::PyObject) -> c_int {
    // SAFETY: GIL held; the field is ours, set to NULL before the release.
    unsafe {
        let field = &raw mut (*object.cast::<LibraryObject>()).dict;
        let dict = std::mem::replace(&mut *field, ptr::null_mut());
        ffi::Py_XDECREF(dict);
    }
    0
}

unsafe extern "C" fn dealloc(object: *mut ffi::PyObject) {
    // SAFETY: called once, when the last reference went away, GIL held.
    unsafe {
        ffi::PyObject_GC_UnTrack(object.cast());
        clear(object);
        ptr::drop_in_place(&raw mut (*object.cast::<LibraryObject>()).library);
        heap_type::free(object);
    }
}

// ---------------------------------------------------------------- the spec

static mut GETSET: [ffi::PyGetSetDef; 3] = [
    getset(
        c"path",
        get_path,
        None,
        c"The path the library was loaded from.",
    ),
    // `lib.__dict__` and `vars(lib)`: the interpreter's own accessors for the
    // dict at `__dictoffset__`.
    getset(
        c"__dict__",
        ffi::PyObject_GenericGetDict,
        Some(ffi::PyObject_GenericSetDict),
        c"The instance dict: looked-up functions, and any attribute set.",
    ),
    GETSET_END,
];

static mut MEMBERS: [ffi::PyMemberDef; 2] = [
    // Where generic attribute lookup (and `vars(lib)`) finds the instance dict.
    offset_member(c"__dictoffset__", offset_of!(LibraryObject, dict)),
    MEMBERS_END,
];

static mut SLOTS: [ffi::PyType_Slot; 11] = [
    slot(
        ffi::Py_tp_doc,
        c(c"CDLL(path)\n--\n\nA loaded C library: its functions are its attributes.")
            as *mut c_void,
    ),
    slot(ffi::Py_tp_new, new as *mut c_void),
    slot(ffi::Py_tp_getattro, getattro as *mut c_void),
    slot(ffi::Py_mp_subscript, subscript as *mut c_void),
    slot(ffi::Py_tp_repr, repr as *mut c_void),
    slot(ffi::Py_tp_traverse, traverse as *mut c_void),
    slot(ffi::Py_tp_clear, clear as *mut c_void),
    slot(ffi::Py_tp_dealloc, dealloc as *mut c_void),
    slot(ffi::Py_tp_getset, (&raw mut GETSET).cast()),
    slot(ffi::Py_tp_members, (&raw mut MEMBERS).cast()),
    SLOTS_END,
];

static mut SPEC: ffi::PyType_Spec = ffi::PyType_Spec {
    name: c(c"minictypes.CDLL"),
    basicsize: size_of::<LibraryObject>() as c_int,
    itemsize: 0,
    // No BASETYPE: the layout above is the only one getattro must know.
    flags: (ffi::Py_TPFLAGS_DEFAULT | ffi::Py_TPFLAGS_HAVE_GC | ffi::Py_TPFLAGS_IMMUTABLETYPE)
        as std::ffi::c_uint,
    slots: (&raw mut SLOTS).cast(),
};
