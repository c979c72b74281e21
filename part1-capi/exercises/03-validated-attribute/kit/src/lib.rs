//! `sensors_kit`: exercise 03's library. It defines the heap type
//! `sensors_ext.Sensor` on the raw C API and the module around it,
//! everything but the `celsius` attribute, which the exercise crate writes
//! and hands to [`init`]. In Python terms:
//!
//! ```python
//! class Sensor:
//!     def __init__(self, name: str): self._name, self._celsius = name, 20.0
//!     name = property(lambda self: self._name)   # read-only
//!     celsius: float                             # the exercise's: validated on set
//! ```
//!
//! Its helpers (`sensor`, `raise`, `type_name`, `repr_of`) are public for
//! the exercise's getter and setter.

use std::ffi::{c_char, c_int, c_void};
use std::mem::size_of;
use std::ptr;

use pyo3_ffi::*;

/// The lowest temperature a Sensor takes: absolute zero.
pub const CELSIUS_MIN: f64 = -273.15;
/// The highest.
pub const CELSIUS_MAX: f64 = 1000.0;

/// The C struct behind every Sensor.
#[repr(C)]
pub struct Sensor {
    ob_base: PyObject,
    name: *mut PyObject, // owned reference to an exact str
    /// Degrees Celsius: 20.0 when created.
    pub celsius: f64,
}

/// The Sensor behind `obj`.
///
/// # Safety
/// `obj` is a Sensor instance (a getter's or setter's first argument is).
pub unsafe fn sensor<'a>(obj: *mut PyObject) -> &'a mut Sensor {
    // SAFETY: the caller's promise: a Sensor, allocated with this layout.
    unsafe { &mut *obj.cast::<Sensor>() }
}

/// Raises `exception` with `message`.
///
/// # Safety
/// GIL held; `exception` is an exception class (`PyExc_TypeError`, ...).
pub unsafe fn raise(exception: *mut PyObject, message: &str) {
    // SAFETY: GIL held by our callers; UTF-8 bytes of that length.
    unsafe {
        let text =
            PyUnicode_FromStringAndSize(message.as_ptr().cast(), message.len() as Py_ssize_t);
        if !text.is_null() {
            PyErr_SetObject(exception, text);
            Py_DECREF(text);
        }
    }
}

/// Python's text for `str(obj)` (with `str` of a new reference released here).
unsafe fn text_of(obj: *mut PyObject) -> String {
    // SAFETY: GIL held; `obj` is NULL or a new reference, consumed here.
    unsafe {
        if obj.is_null() {
            PyErr_Clear();
            return "?".to_owned();
        }
        let mut size: Py_ssize_t = 0;
        let data = PyUnicode_AsUTF8AndSize(obj, &mut size);
        let text = if data.is_null() {
            PyErr_Clear();
            "?".to_owned()
        } else {
            String::from_utf8_lossy(std::slice::from_raw_parts(data.cast(), size as usize))
                .into_owned()
        };
        Py_DECREF(obj);
        text
    }
}

/// `type(obj).__name__`, e.g. `str`.
///
/// # Safety
/// GIL held; `obj` is a live object.
pub unsafe fn type_name(obj: *mut PyObject) -> String {
    // SAFETY: GIL held; GetAttrString returns a new reference, consumed by text_of.
    unsafe {
        text_of(PyObject_GetAttrString(
            Py_TYPE(obj).cast(),
            c"__name__".as_ptr(),
        ))
    }
}

/// `repr(obj)`: how Python spells a value, e.g. `1001.0` or `nan`.
///
/// # Safety
/// GIL held; `obj` is a live object.
pub unsafe fn repr_of(obj: *mut PyObject) -> String {
    // SAFETY: GIL held; PyObject_Repr returns a new reference, consumed by text_of.
    unsafe { text_of(PyObject_Repr(obj)) }
}

/// `Sensor(name)`: `name` must be a str.
unsafe extern "C" fn sensor_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    static mut KEYWORDS: [*mut c_char; 2] = [c"name".as_ptr().cast_mut(), ptr::null_mut()];
    // SAFETY: GIL held; "U" stores a borrowed reference to a str in `name`.
    unsafe {
        let mut name: *mut PyObject = ptr::null_mut();
        let format = c"U:Sensor".as_ptr();
        if PyArg_ParseTupleAndKeywords(args, kwargs, format, (&raw mut KEYWORDS).cast(), &mut name)
            == 0
        {
            return ptr::null_mut();
        }
        let name = PyUnicode_FromObject(name); // new reference to an exact str
        if name.is_null() {
            return ptr::null_mut();
        }
        let alloc: allocfunc = std::mem::transmute(PyType_GetSlot(tp, Py_tp_alloc));
        let obj = alloc(tp, 0);
        if obj.is_null() {
            Py_DECREF(name);
            return ptr::null_mut();
        }
        sensor(obj).name = name;
        sensor(obj).celsius = 20.0;
        obj
    }
}

/// Releases the name, frees the object, releases the type (a heap type).
unsafe extern "C" fn sensor_dealloc(obj: *mut PyObject) {
    // SAFETY: the last reference is gone; GIL held.
    unsafe {
        let tp = Py_TYPE(obj);
        Py_XDECREF(sensor(obj).name);
        let free: freefunc = std::mem::transmute(PyType_GetSlot(tp, Py_tp_free));
        free(obj.cast());
        Py_DECREF(tp.cast());
    }
}

/// `sensor.name`: a getter returns a new reference.
unsafe extern "C" fn get_name(obj: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    // SAFETY: GIL held; obj is a Sensor.
    unsafe {
        let name = sensor(obj).name;
        Py_INCREF(name);
        name
    }
}

/// `sensor.name = ...` or `del sensor.name`: refused, the name is read-only.
unsafe extern "C" fn set_name(
    _obj: *mut PyObject,
    _value: *mut PyObject,
    _closure: *mut c_void,
) -> c_int {
    // SAFETY: GIL held.
    unsafe { raise(PyExc_AttributeError, "name is read-only") };
    -1
}

/// The table of attributes: `name`, the exercise's `celsius` (put in
/// place by [`init`]; an empty entry, which ends the table early, until
/// then), and the sentinel.
static mut GETSET: [PyGetSetDef; 3] = [
    PyGetSetDef {
        name: c"name".as_ptr(),
        get: Some(get_name),
        set: Some(set_name),
        doc: c"The sensor's name (read-only).".as_ptr(),
        closure: ptr::null_mut(),
    },
    END,
    END,
];

/// An entry with no name: the table's end.
const END: PyGetSetDef = PyGetSetDef {
    name: ptr::null(),
    get: None,
    set: None,
    doc: ptr::null(),
    closure: ptr::null_mut(),
};

static mut SLOTS: [PyType_Slot; 5] = [
    PyType_Slot {
        slot: Py_tp_new,
        pfunc: sensor_new as *mut c_void,
    },
    PyType_Slot {
        slot: Py_tp_dealloc,
        pfunc: sensor_dealloc as *mut c_void,
    },
    PyType_Slot {
        slot: Py_tp_getset,
        pfunc: (&raw mut GETSET).cast(),
    },
    PyType_Slot {
        slot: Py_tp_doc,
        pfunc: c"Sensor(name)\n--\n\nA named temperature sensor.".as_ptr() as *mut c_void,
    },
    PyType_Slot {
        slot: 0,
        pfunc: ptr::null_mut(),
    },
];

static mut SPEC: PyType_Spec = PyType_Spec {
    name: c"sensors_ext.Sensor".as_ptr(),
    basicsize: size_of::<Sensor>() as c_int,
    itemsize: 0,
    flags: Py_TPFLAGS_DEFAULT as std::ffi::c_uint,
    slots: (&raw mut SLOTS).cast(),
};

/// Py_mod_exec: creates the type and adds it to the module.
unsafe extern "C" fn exec(module: *mut PyObject) -> c_int {
    // SAFETY: GIL held; FromModuleAndSpec returns a new reference, released
    // after AddObjectRef took one of its own.
    unsafe {
        let tp = PyType_FromModuleAndSpec(module, &raw mut SPEC, ptr::null_mut());
        if tp.is_null() {
            return -1;
        }
        let added = PyModule_AddObjectRef(module, c"Sensor".as_ptr(), tp);
        Py_DECREF(tp);
        added
    }
}

static mut MODULE_SLOTS: [PyModuleDef_Slot; 2] = [
    PyModuleDef_Slot {
        slot: Py_mod_exec,
        value: exec as *mut c_void,
    },
    PyModuleDef_Slot {
        slot: 0,
        value: ptr::null_mut(),
    },
];

static mut MODULE: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_HEAD_INIT,
    m_name: c"sensors_ext".as_ptr(),
    m_doc: c"Exercise 03's module.".as_ptr(),
    m_size: 0,
    m_methods: ptr::null_mut(),
    m_slots: (&raw mut MODULE_SLOTS).cast(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

/// What the exercise crate's `PyInit_sensors_ext` returns: the module's
/// definition, with `celsius` (when given) among Sensor's attributes.
///
/// # Safety
/// Called by the interpreter's import, with the GIL held, once.
pub unsafe fn init(celsius: Option<PyGetSetDef>) -> *mut PyObject {
    // SAFETY: the caller's promise: the GIL is held and no Sensor type
    // exists yet, so nothing reads the table while it is written.
    unsafe {
        if let Some(entry) = celsius {
            (*(&raw mut GETSET))[1] = entry;
        }
        PyModuleDef_Init(&raw mut MODULE)
    }
}
