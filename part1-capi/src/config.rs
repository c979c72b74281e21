//! The `Config` type: a heap type built from a spec in `Py_mod_exec`.
//!
//! A heap type (not a `static PyTypeObject`) belongs to one module object,
//! so each interpreter that imports the module gets its own `Config`, and
//! the type can reach its module's state (`ConfigError`) from any method.

use std::ffi::{c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use config_core::ConfigError;
use pyo3_ffi::*;

use crate::args::Parameters;
use crate::module::{self, State};
use crate::py::{self, NULL, c};
use crate::trap::trap;

// ANCHOR: object
/// One `Config` instance: the C struct behind every `Config` object.
#[repr(C)]
pub(crate) struct ConfigObject {
    /// Reference count and type, as in every Python object.
    ob_base: PyObject,
    /// The list of weak references to this object; CPython maintains it
    /// once `__weaklistoffset__` (below) tells it where the field is.
    weakreflist: *mut PyObject,
    /// Owned reference to an *exact* `str`: a `str` subclass could carry a
    /// `__dict__` pointing back at this object and form a cycle.
    url: *mut PyObject,
    timeout: u32,
    ssl: bool,
}
// ANCHOR_END: object

/// The validated fields of a `Config` about to be created; `url` is a new
/// reference that [`create`] takes over.
struct Fields {
    timeout: u32,
    url: *mut PyObject,
    ssl: bool,
}

// ANCHOR: fields
/// `self` as the struct; the caller knows `obj` is a Config.
unsafe fn fields<'a>(obj: *mut PyObject) -> &'a mut ConfigObject {
    // SAFETY: every Config is allocated with size_of::<ConfigObject>() and
    // this layout (see CONFIG_SPEC), and the caller checked obj is one.
    unsafe { &mut *obj.cast::<ConfigObject>() }
}
// ANCHOR_END: fields

// ---------------------------------------------------------------- checks

/// Raises the module's ConfigError with `error`'s message.
unsafe fn raise_config_error(state: *mut State, error: &ConfigError) {
    // SAFETY: GIL held by our callers; state holds a live exception class.
    unsafe { py::raise((*state).config_error, &error.to_string()) };
}

// ANCHOR: check_timeout
/// `timeout`: an int that is not a bool, 1 to 3600.
unsafe fn check_timeout(state: *mut State, value: *mut PyObject) -> Option<u32> {
    // SAFETY: GIL held; `value` is a live borrowed reference.
    unsafe {
        // bool is a subclass of int, so True would pass PyLong_Check alone.
        if PyLong_Check(value) == 0 || PyBool_Check(value) != 0 {
            py::raise_wrong_type("timeout must be an int, not ", value);
            return None;
        }
        let mut overflow: c_int = 0;
        let seconds = PyLong_AsLongLongAndOverflow(value, &mut overflow);
        if overflow != 0 {
            // Beyond i64 either way: out of range, shown as str(int(value))
            // (an int subclass's own __str__ is not asked).
            let exact = PyNumber_Long(value);
            if exact.is_null() {
                return None;
            }
            let shown = py::to_string(exact);
            Py_DECREF(exact);
            let shown = shown?;
            raise_config_error(state, &ConfigError::timeout_out_of_range(shown));
            return None;
        }
        config_core::check_timeout(seconds)
            .map_err(|error| raise_config_error(state, &error))
            .ok()
    }
}
// ANCHOR_END: check_timeout

// ANCHOR: check_url
/// `url`: a str the contract accepts. Returns a new reference to an exact str.
unsafe fn check_url(state: *mut State, value: *mut PyObject) -> Option<*mut PyObject> {
    // SAFETY: GIL held; `value` is a live borrowed reference.
    unsafe {
        if PyUnicode_Check(value) == 0 {
            py::raise_wrong_type("url must be a str, not ", value);
            return None;
        }
        let checked = match py::utf8(value) {
            Some(text) => config_core::parse_url(text).map(drop),
            // Only a lone surrogate stops UTF-8: find it among the code points.
            None => config_core::check_url_code_points(py::code_points(value)?),
        };
        if let Err(error) = checked {
            raise_config_error(state, &error);
            return None;
        }
        // New reference; for a str subclass, a new exact str with its text.
        let exact = PyUnicode_FromObject(value);
        (!exact.is_null()).then_some(exact)
    }
}
// ANCHOR_END: check_url

/// `ssl`: exactly a bool (1 and 0 are not).
unsafe fn check_ssl(value: *mut PyObject) -> Option<bool> {
    // SAFETY: GIL held; `value` is a live borrowed reference.
    unsafe {
        if PyBool_Check(value) == 0 {
            py::raise_wrong_type("ssl must be a bool, not ", value);
            return None;
        }
        Some(value == Py_True())
    }
}

/// Checks the given values in parameter order, starting from `base`.
/// On failure nothing is left allocated.
unsafe fn check_all(
    state: *mut State,
    given: [*mut PyObject; 3],
    base: (u32, *mut PyObject, bool),
) -> Option<Fields> {
    let [timeout, url, ssl] = given;
    // SAFETY: GIL held; every non-NULL entry is a live borrowed reference.
    unsafe {
        let timeout = if timeout.is_null() {
            base.0
        } else {
            check_timeout(state, timeout)?
        };
        let url = if url.is_null() {
            Py_INCREF(base.1); // the new object will own a reference of its own
            base.1
        } else {
            check_url(state, url)?
        };
        let ssl = if ssl.is_null() {
            base.2
        } else {
            match check_ssl(ssl) {
                Some(ssl) => ssl,
                None => {
                    Py_DECREF(url); // do not leak the url checked above
                    return None;
                }
            }
        };
        Some(Fields { timeout, url, ssl })
    }
}

/// Allocates a Config of `tp` holding `fields` (whose url reference it takes).
unsafe fn create(tp: *mut PyTypeObject, fields: Fields) -> *mut PyObject {
    // SAFETY: GIL held; tp_alloc is PyType_GenericAlloc, which zeroes the
    // object, sets its type (taking a reference to the heap type) and
    // starts GC tracking.
    unsafe {
        let alloc: allocfunc = std::mem::transmute(PyType_GetSlot(tp, Py_tp_alloc));
        let obj = alloc(tp, 0);
        if obj.is_null() {
            Py_DECREF(fields.url);
            return NULL;
        }
        let config = self::fields(obj);
        config.url = fields.url; // the reference moves into the object
        config.timeout = fields.timeout;
        config.ssl = fields.ssl;
        obj
    }
}

// ---------------------------------------------------------------- __new__

// ANCHOR: new_parameters
/// `Config.__new__`'s parameters, as the argument parser reads them.
const NEW: Parameters = Parameters {
    name: "Config.__new__()",
    positional: &["timeout", "url", "ssl"],
    required: 0,
    keyword_only: &[],
};
// ANCHOR_END: new_parameters

// ANCHOR: new
/// `Config(timeout=30, url="http://localhost/", ssl=False)`: every value is
/// checked before the object exists, so a failed call allocates nothing.
unsafe extern "C" fn config_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    trap(NULL, || {
        // SAFETY: called by the interpreter with the GIL held; `args` is a
        // tuple and `kwargs` NULL or a dict, as tp_new's contract says.
        unsafe {
            let Some(given) = NEW.parse_tuple_dict::<3>(args, kwargs) else {
                return NULL;
            };
            let state = module::state_of_type(tp);
            let default_url = py::new_str(config_core::DEFAULT_URL);
            if default_url.is_null() {
                return NULL;
            }
            let base = (
                config_core::DEFAULT_TIMEOUT,
                default_url,
                config_core::DEFAULT_SSL,
            );
            let checked = check_all(state, given, base);
            Py_DECREF(default_url); // check_all took its own reference if it kept it
            checked.map_or(NULL, |fields| create(tp, fields))
        }
    })
}
// ANCHOR_END: new

// ---------------------------------------------------------------- GC and dealloc

// ANCHOR: gc
/// tp_traverse contract: call `visit` on every Python object this Config
/// holds a strong reference to (its heap type, and its url).
unsafe extern "C" fn config_traverse(
    obj: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // No trap: nothing here can panic, and a traverse must not raise.
    // SAFETY: called by the GC with the GIL held; the url may be NULL only
    // while __new__ is filling the object in.
    unsafe {
        let url = fields(obj).url;
        if !url.is_null() {
            let result = visit(url, arg);
            if result != 0 {
                return result;
            }
        }
        // Instances of heap types own a reference to their type (Python 3.9+).
        visit(Py_TYPE(obj).cast(), arg)
    }
}

/// tp_dealloc contract: release everything the object owns, free its
/// memory, then release the reference it held to its heap type.
/// (No tp_clear: a Config holds only its type and an exact str, so it can
/// never be the object whose clearing breaks a cycle.)
unsafe extern "C" fn config_dealloc(obj: *mut PyObject) {
    // SAFETY: called once, when the last reference went away, GIL held.
    unsafe {
        let tp = Py_TYPE(obj);
        PyObject_GC_UnTrack(obj.cast()); // before any field becomes invalid
        if !fields(obj).weakreflist.is_null() {
            PyObject_ClearWeakRefs(obj); // weakref callbacks run here
        }
        let url = std::mem::replace(&mut fields(obj).url, NULL);
        Py_XDECREF(url);
        let free: freefunc = std::mem::transmute(PyType_GetSlot(tp, Py_tp_free));
        free(obj.cast());
        Py_DECREF(tp.cast());
    }
}
// ANCHOR_END: gc

// ---------------------------------------------------------------- methods

// ANCHOR: process
/// `config.process()`: METH_NOARGS, so `_unused` is always NULL.
unsafe extern "C" fn config_process(obj: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    trap(NULL, || {
        // SAFETY: GIL held; obj is a Config (the method lives on its type).
        unsafe {
            let config = fields(obj);
            let url = py::utf8(config.url).expect("url was checked to be valid UTF-8");
            match config_core::process(config.timeout, url, config.ssl) {
                Ok(processed) => processed_dict(&processed),
                Err(error) => {
                    raise_config_error(module::state_of_type(Py_TYPE(obj)), &error);
                    NULL
                }
            }
        }
    })
}

/// `{"scheme": ..., "host": ..., "port": ..., "path": ..., "timeout_ms": ...}`.
unsafe fn processed_dict(processed: &config_core::Processed) -> *mut PyObject {
    // SAFETY: GIL held by our caller. Each value is a new reference that
    // PyDict_SetItemString does NOT steal, so we release it after storing.
    unsafe {
        let dict = PyDict_New();
        if dict.is_null() {
            return NULL;
        }
        let items = [
            (c"scheme", py::new_str(processed.scheme)),
            (c"host", py::new_str(&processed.host)),
            (c"port", PyLong_FromLong(processed.port.into())),
            (c"path", py::new_str(&processed.path)),
            (
                c"timeout_ms",
                PyLong_FromUnsignedLongLong(processed.timeout_ms),
            ),
        ];
        let mut ok = true;
        for (key, value) in items {
            ok = ok && !value.is_null() && PyDict_SetItemString(dict, key.as_ptr(), value) == 0;
            Py_XDECREF(value);
        }
        if ok {
            dict
        } else {
            Py_DECREF(dict);
            NULL
        }
    }
}
// ANCHOR_END: process

const REPLACE: Parameters = Parameters {
    name: "Config.replace()",
    positional: &[],
    required: 0,
    keyword_only: &["timeout", "url", "ssl"],
};

// ANCHOR: replace
/// `config.replace(*, timeout=..., url=..., ssl=...)`: a new Config with
/// some fields changed. METH_FASTCALL | METH_KEYWORDS: the arguments arrive
/// as a C array, with no tuple or dict built for the call.
unsafe extern "C" fn config_replace(
    obj: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    trap(NULL, || {
        // SAFETY: GIL held; the vectorcall contract describes args/kwnames.
        unsafe {
            let Some(given) = REPLACE.parse_fastcall::<3>(args, nargs, kwnames) else {
                return NULL;
            };
            let tp = Py_TYPE(obj);
            let config = fields(obj);
            let base = (config.timeout, config.url, config.ssl);
            check_all(module::state_of_type(tp), given, base)
                .map_or(NULL, |fields| create(tp, fields))
        }
    })
}
// ANCHOR_END: replace

// ANCHOR: repr
/// `Config(timeout=30, url='http://example.com', ssl=True)`: evaluates back
/// to an equal Config.
unsafe extern "C" fn config_repr(obj: *mut PyObject) -> *mut PyObject {
    trap(NULL, || {
        // SAFETY: GIL held; obj is a Config. PyObject_Repr returns a new
        // reference, released after copying its text.
        unsafe {
            let config = fields(obj);
            let url_repr = PyObject_Repr(config.url);
            if url_repr.is_null() {
                return NULL;
            }
            // The repr of a str is ASCII-safe and always valid UTF-8.
            let shown = py::utf8(url_repr).unwrap_or("?").to_owned();
            Py_DECREF(url_repr);
            let ssl = if config.ssl { "True" } else { "False" };
            py::new_str(&format!(
                "Config(timeout={}, url={shown}, ssl={ssl})",
                config.timeout
            ))
        }
    })
}
// ANCHOR_END: repr

/// `==` and `!=` compare the three fields; anything else, or another type,
/// is NotImplemented (so Python tries the other operand, then identity).
unsafe extern "C" fn config_richcompare(
    obj: *mut PyObject,
    other: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    trap(NULL, || {
        // SAFETY: GIL held; obj is a Config, other is live.
        unsafe {
            if (op != Py_EQ && op != Py_NE) || Py_TYPE(other) != Py_TYPE(obj) {
                return py::not_implemented();
            }
            let (a, b) = (fields(obj), fields(other));
            // Both urls are exact str, so the comparison cannot fail.
            let equal =
                a.timeout == b.timeout && a.ssl == b.ssl && PyUnicode_Compare(a.url, b.url) == 0;
            py::new_bool(equal == (op == Py_EQ))
        }
    })
}

// ---------------------------------------------------------------- properties

// ANCHOR: properties
/// Deleting a field would leave a Config the contract does not allow.
unsafe fn refuse_delete(name: &str) -> c_int {
    // SAFETY: GIL held by our callers.
    unsafe {
        py::raise(
            PyExc_AttributeError,
            &format!("cannot delete attribute '{name}'"),
        )
    };
    -1
}

unsafe extern "C" fn get_timeout(obj: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    // SAFETY: GIL held; obj is a Config. Returns a new reference.
    trap(NULL, || unsafe {
        PyLong_FromUnsignedLong(fields(obj).timeout.into())
    })
}

unsafe extern "C" fn set_timeout(
    obj: *mut PyObject,
    value: *mut PyObject,
    _closure: *mut c_void,
) -> c_int {
    trap(-1, || {
        // SAFETY: GIL held; obj is a Config; value is NULL for `del`.
        unsafe {
            if value.is_null() {
                return refuse_delete("timeout");
            }
            match check_timeout(module::state_of_type(Py_TYPE(obj)), value) {
                Some(timeout) => {
                    fields(obj).timeout = timeout;
                    0
                }
                None => -1,
            }
        }
    })
}

unsafe extern "C" fn get_url(obj: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    trap(NULL, || {
        // SAFETY: GIL held; a getter returns a new reference, so we add one.
        unsafe {
            let url = fields(obj).url;
            Py_INCREF(url);
            url
        }
    })
}

unsafe extern "C" fn set_url(
    obj: *mut PyObject,
    value: *mut PyObject,
    _closure: *mut c_void,
) -> c_int {
    trap(-1, || {
        // SAFETY: GIL held; obj is a Config; value is NULL for `del`.
        unsafe {
            if value.is_null() {
                return refuse_delete("url");
            }
            let Some(url) = check_url(module::state_of_type(Py_TYPE(obj)), value) else {
                return -1;
            };
            // Store first, release the old one last: releasing can run
            // arbitrary code, which must not see a dangling field.
            let old = std::mem::replace(&mut fields(obj).url, url);
            Py_DECREF(old);
            0
        }
    })
}

unsafe extern "C" fn get_ssl(obj: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    // SAFETY: GIL held; obj is a Config. Returns a new reference.
    trap(NULL, || unsafe { py::new_bool(fields(obj).ssl) })
}

unsafe extern "C" fn set_ssl(
    obj: *mut PyObject,
    value: *mut PyObject,
    _closure: *mut c_void,
) -> c_int {
    trap(-1, || {
        // SAFETY: GIL held; obj is a Config; value is NULL for `del`.
        unsafe {
            if value.is_null() {
                return refuse_delete("ssl");
            }
            match check_ssl(value) {
                Some(ssl) => {
                    fields(obj).ssl = ssl;
                    0
                }
                None => -1,
            }
        }
    })
}
// ANCHOR_END: properties

/// Whether `obj` is a Config of any interpreter's `part1_capi` (the
/// capsule's functions cannot reach a module to compare types with).
pub(crate) unsafe fn is_config(obj: *mut PyObject) -> bool {
    // SAFETY: GIL held; every type has a tp_dealloc slot, and only ours is
    // this function.
    unsafe { PyType_GetSlot(Py_TYPE(obj), Py_tp_dealloc) == config_dealloc as *mut c_void }
}

/// The timeout of a Config in milliseconds; the caller checked `is_config`.
pub(crate) unsafe fn timeout_ms(obj: *mut PyObject) -> i64 {
    // SAFETY: the caller checked obj is a Config.
    unsafe { i64::from(fields(obj).timeout) * 1000 }
}

// ---------------------------------------------------------------- the spec

// ANCHOR: spec
static mut METHODS: [PyMethodDef; 3] = [
    PyMethodDef {
        ml_name: c(c"process"),
        ml_meth: PyMethodDefPointer {
            PyCFunction: config_process,
        },
        ml_flags: METH_NOARGS,
        ml_doc: c(c"process($self, /)\n--\n\n\
The connection a client would open: a dict with scheme, host, port, path\n\
and timeout_ms. Raises ConfigError for an https url with ssl=False."),
    },
    PyMethodDef {
        ml_name: c(c"replace"),
        ml_meth: PyMethodDefPointer {
            PyCFunctionFastWithKeywords: config_replace,
        },
        ml_flags: METH_FASTCALL | METH_KEYWORDS,
        ml_doc: c(
            c"replace($self, /, *, timeout=..., url=..., ssl=...)\n--\n\n\
A new Config with the given fields changed and checked.",
        ),
    },
    PyMethodDef::zeroed(),
];

static mut GETSET: [PyGetSetDef; 4] = [
    PyGetSetDef {
        name: c(c"timeout"),
        get: Some(get_timeout),
        set: Some(set_timeout),
        doc: c(c"Seconds, an int from 1 to 3600."),
        closure: ptr::null_mut(),
    },
    PyGetSetDef {
        name: c(c"url"),
        get: Some(get_url),
        set: Some(set_url),
        doc: c(c"scheme://host[:port][/path], scheme http or https, at most 2048 characters."),
        closure: ptr::null_mut(),
    },
    PyGetSetDef {
        name: c(c"ssl"),
        get: Some(get_ssl),
        set: Some(set_ssl),
        doc: c(c"Whether to use TLS (a bool)."),
        closure: ptr::null_mut(),
    },
    PyGetSetDef {
        name: ptr::null(),
        get: None,
        set: None,
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
];

static mut MEMBERS: [PyMemberDef; 2] = [
    // How a heap type says "my instances support weak references" on 3.10+
    // of the stable ABI (Py_TPFLAGS_MANAGED_WEAKREF needs 3.12).
    PyMemberDef {
        name: c(c"__weaklistoffset__"),
        type_code: Py_T_PYSSIZET,
        offset: offset_of!(ConfigObject, weakreflist) as Py_ssize_t,
        flags: Py_READONLY,
        doc: ptr::null(),
    },
    PyMemberDef {
        name: ptr::null(),
        type_code: 0,
        offset: 0,
        flags: 0,
        doc: ptr::null(),
    },
];

static mut SLOTS: [PyType_Slot; 10] = [
    // The first line is the signature inspect.signature() and help() show.
    PyType_Slot {
        slot: Py_tp_doc,
        pfunc: c(
            c"Config(timeout=30, url='http://localhost/', ssl=False)\n--\n\n\
Connection settings, checked whenever they are set.",
        ) as *mut c_void,
    },
    PyType_Slot {
        slot: Py_tp_new,
        pfunc: config_new as *mut c_void,
    },
    PyType_Slot {
        slot: Py_tp_dealloc,
        pfunc: config_dealloc as *mut c_void,
    },
    PyType_Slot {
        slot: Py_tp_traverse,
        pfunc: config_traverse as *mut c_void,
    },
    PyType_Slot {
        slot: Py_tp_repr,
        pfunc: config_repr as *mut c_void,
    },
    // A type with tp_richcompare and no tp_hash gets __hash__ = None.
    PyType_Slot {
        slot: Py_tp_richcompare,
        pfunc: config_richcompare as *mut c_void,
    },
    PyType_Slot {
        slot: Py_tp_methods,
        pfunc: (&raw mut METHODS).cast(),
    },
    PyType_Slot {
        slot: Py_tp_getset,
        pfunc: (&raw mut GETSET).cast(),
    },
    PyType_Slot {
        slot: Py_tp_members,
        pfunc: (&raw mut MEMBERS).cast(),
    },
    PyType_Slot {
        slot: 0,
        pfunc: ptr::null_mut(),
    },
];

/// The recipe `PyType_FromModuleAndSpec` turns into the `Config` class.
pub(crate) static mut CONFIG_SPEC: PyType_Spec = PyType_Spec {
    name: c(c"part1_capi.Config"),
    basicsize: size_of::<ConfigObject>() as c_int,
    itemsize: 0,
    // No Py_TPFLAGS_BASETYPE: Config cannot be subclassed (as in pyo3).
    // IMMUTABLETYPE: like built-in types, no setting attributes on the class.
    flags: (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE) as std::ffi::c_uint,
    slots: (&raw mut SLOTS).cast(),
};
// ANCHOR_END: spec
