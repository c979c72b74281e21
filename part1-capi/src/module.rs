//! The module object: its definition, its slots, its state and `exec`.
//!
//! Multi-phase initialisation (PEP 489): `PyInit_part1_capi` returns the
//! definition below; the interpreter creates the module and calls
//! [`module_exec`], which fills in the module and its per-module state.
//! Nothing Python-level lives in a Rust `static`, so two interpreters (or
//! two imports after `del sys.modules[...]`) each get their own.

use std::ffi::{c_int, c_void};
use std::mem::size_of;
use std::ptr;
use std::sync::Once;

use pyo3_ffi::*;

use crate::py::{self, NULL, c};
use crate::trap::trap;
use crate::{capsule, config, functions};

// ANCHOR: state
/// Per-module state: what other languages would keep in globals. Each
/// pointer is a strong reference, released by `module_clear`.
#[repr(C)]
pub(crate) struct State {
    /// The `Config` heap type made from `config::CONFIG_SPEC`.
    pub config_type: *mut PyObject,
    /// The `ConfigError` exception class.
    pub config_error: *mut PyObject,
}

/// The state of the module that created `tp` (a type made by
/// `PyType_FromModuleAndSpec`, i.e. our `Config`).
pub(crate) unsafe fn state_of_type(tp: *mut PyTypeObject) -> *mut State {
    // SAFETY: GIL held; only called with our heap type, whose module has a
    // State. Returns a pointer into the module object, no new reference.
    unsafe { PyType_GetModuleState(tp).cast() }
}
// ANCHOR_END: state

// ANCHOR: exec
/// `Py_mod_exec`: fills in a fresh module. Returning -1 without an
/// exception set would become `SystemError` (Part I's failure-first page).
unsafe extern "C" fn module_exec(module: *mut PyObject) -> c_int {
    trap(-1, || {
        // SAFETY: GIL held; `module` is the new module, whose state
        // (m_size bytes) the interpreter allocated and zeroed.
        unsafe {
            let state: *mut State = PyModule_GetState(module).cast();

            // A ValueError subclass; PyErr_NewExceptionWithDoc returns a new
            // reference, which the state keeps.
            (*state).config_error = PyErr_NewExceptionWithDoc(
                c(c"part1_capi.ConfigError"),
                c(c"A Config value the contract refuses (a ValueError)."),
                PyExc_ValueError,
                NULL,
            );
            if (*state).config_error.is_null()
                || PyModule_AddObjectRef(module, c(c"ConfigError"), (*state).config_error) < 0
            {
                return -1;
            }

            // The heap type, tied to this module: its methods find the state
            // through PyType_GetModuleState. New reference, kept in state.
            (*state).config_type =
                PyType_FromModuleAndSpec(module, &raw mut config::CONFIG_SPEC, NULL);
            if (*state).config_type.is_null()
                || PyModule_AddObjectRef(module, c(c"Config"), (*state).config_type) < 0
            {
                return -1;
            }

            let capsule = capsule::new();
            if capsule.is_null() {
                return -1;
            }
            // AddObjectRef does not steal: release our reference either way.
            let added = PyModule_AddObjectRef(module, c(c"_C_API"), capsule);
            Py_DECREF(capsule);
            if added < 0 {
                return -1;
            }
            add_all(module)
        }
    })
}
// ANCHOR_END: exec

/// `__all__`: what `from part1_capi.part1_capi import *` takes. maturin
/// installs this extension as `part1_capi/part1_capi.abi3.so` under a
/// generated `part1_capi/__init__.py` that does exactly that import, and the
/// capsule must be reachable as `part1_capi._C_API` despite its underscore.
unsafe fn add_all(module: *mut PyObject) -> c_int {
    const NAMES: [&str; 6] = [
        "Config",
        "ConfigError",
        "add",
        "add_varargs",
        "fib",
        "_C_API",
    ];
    // SAFETY: GIL held (called from exec). PyList_New returns a new
    // reference; PyList_SetItem steals each item's reference.
    unsafe {
        let all = PyList_New(NAMES.len() as Py_ssize_t);
        if all.is_null() {
            return -1;
        }
        for (index, name) in NAMES.iter().enumerate() {
            let item = py::new_str(name);
            if item.is_null() || PyList_SetItem(all, index as Py_ssize_t, item) < 0 {
                Py_DECREF(all);
                return -1;
            }
        }
        let added = PyModule_AddObjectRef(module, c(c"__all__"), all);
        Py_DECREF(all);
        added
    }
}

// ANCHOR: gc
/// m_traverse contract: visit every object the state holds a reference to.
unsafe extern "C" fn module_traverse(
    module: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: called by the GC with the GIL held. The state may be NULL
    // if the module is collected before exec ran.
    unsafe {
        let state: *mut State = PyModule_GetState(module).cast();
        if state.is_null() {
            return 0;
        }
        for object in [(*state).config_type, (*state).config_error] {
            if !object.is_null() {
                let result = visit(object, arg);
                if result != 0 {
                    return result;
                }
            }
        }
        0
    }
}

/// m_clear contract: drop the state's references (breaking cycles through
/// the module) and leave the pointers NULL, so a second call is harmless.
unsafe extern "C" fn module_clear(module: *mut PyObject) -> c_int {
    // SAFETY: GIL held; see module_traverse.
    unsafe {
        let state: *mut State = PyModule_GetState(module).cast();
        if !state.is_null() {
            Py_CLEAR(&mut (*state).config_type);
            Py_CLEAR(&mut (*state).config_error);
        }
        0
    }
}

/// m_free contract: the module is being freed; release what clear would.
unsafe extern "C" fn module_free(module: *mut c_void) {
    // SAFETY: GIL held; called once, as the module object goes away.
    unsafe {
        module_clear(module.cast());
    }
}
// ANCHOR_END: gc

// ANCHOR: slots
/// `Py_mod_multiple_interpreters` (CPython 3.12+) and `Py_mod_gil` (3.13+).
/// pyo3-ffi does not declare them when building for the 3.10 stable ABI,
/// so their numbers come from CPython's `moduleobject.h`.
const PY_MOD_MULTIPLE_INTERPRETERS: c_int = 3;
const PY_MOD_GIL: c_int = 4;
/// This module keeps no process-wide Python state, so each interpreter,
/// even one with its own GIL, may import it.
const PY_MOD_PER_INTERPRETER_GIL_SUPPORTED: *mut c_void = 2 as *mut c_void;
/// Config's setters replace fields without locking: it needs the GIL.
/// (Stable-ABI modules cannot load on free-threaded builds anyway.)
const PY_MOD_GIL_USED: *mut c_void = ptr::null_mut();

const END: PyModuleDef_Slot = PyModuleDef_Slot {
    slot: 0,
    value: ptr::null_mut(),
};

/// Filled in once by [`init`]: an interpreter refuses slots newer than
/// itself, and this one file must load on every version from 3.10.
static mut SLOTS: [PyModuleDef_Slot; 4] = [END; 4];
static SLOTS_READY: Once = Once::new();

fn fill_slots() {
    let (major, minor) = running_version();
    let mut slots = vec![PyModuleDef_Slot {
        slot: Py_mod_exec,
        value: module_exec as *mut c_void,
    }];
    if (major, minor) >= (3, 12) {
        slots.push(PyModuleDef_Slot {
            slot: PY_MOD_MULTIPLE_INTERPRETERS,
            value: PY_MOD_PER_INTERPRETER_GIL_SUPPORTED,
        });
    }
    if (major, minor) >= (3, 13) {
        slots.push(PyModuleDef_Slot {
            slot: PY_MOD_GIL,
            value: PY_MOD_GIL_USED,
        });
    }
    for (index, slot) in slots.into_iter().enumerate() {
        // SAFETY: runs once (SLOTS_READY), before the definition that points
        // at SLOTS is handed to the interpreter; nothing reads it meanwhile.
        unsafe { SLOTS[index] = slot };
    }
}

/// The running interpreter's version, from `Py_GetVersion()` ("3.11.7 (main, ...").
fn running_version() -> (u32, u32) {
    // SAFETY: Py_GetVersion returns a static NUL-terminated string.
    let text = unsafe { std::ffi::CStr::from_ptr(Py_GetVersion()) }.to_string_lossy();
    let mut numbers = text
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok());
    (numbers.next().unwrap_or(3), numbers.next().unwrap_or(10))
}
// ANCHOR_END: slots

// ANCHOR: def
static mut MODULE_DEF: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_HEAD_INIT,
    m_name: c(c"part1_capi"),
    m_doc: c(c"Config, hand-written against the raw C API (Part I of The Three-Layer Stack)."),
    m_size: size_of::<State>() as Py_ssize_t,
    m_methods: (&raw mut functions::FUNCTIONS).cast(),
    m_slots: (&raw mut SLOTS).cast(),
    m_traverse: Some(module_traverse),
    m_clear: Some(module_clear),
    m_free: Some(module_free),
};

/// Returns the module definition, initialised (PyModuleDef_Init sets its
/// object header); the interpreter does the rest.
pub(crate) unsafe fn init() -> *mut PyObject {
    SLOTS_READY.call_once(fill_slots);
    // SAFETY: GIL held; MODULE_DEF is a static that lives forever, as the
    // interpreter requires of a module definition.
    unsafe { PyModuleDef_Init(&raw mut MODULE_DEF) }
}
// ANCHOR_END: def
