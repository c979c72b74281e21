//! `minictypes`: the heart of `_ctypes`, rebuilt in Rust as a Layer 2
//! extension module, so readers can see (and change) what a ready-made
//! FFI extension does on every call.
//!
//! ```python
//! import minictypes as mc
//! lib = mc.CDLL("target/release/libscalars.so")   # dlopen (libloading)
//! add = lib.add                                   # dlsym: a function, no types yet
//! add.argtypes = [mc.c_int64, mc.c_int64]         # describe the signature...
//! add.restype = mc.c_int64                        # ...and prepare the ffi_cif once
//! add(2, 3)                                       # marshal, ffi_call, convert back
//! ```
//!
//! Files, in floors: each uses only files listed before it (a test,
//! `tests/test_minictypes_floors.py`, holds the code to this order).
//! - `naming.rs`: how messages name a value's destination and type;
//! - `argument_error.rs`: `ArgumentError`, and a refused argument as one;
//! - `unraisable.rs`: a callback's exception, reported in ctypes' words;
//! - `memory.rs`: `Buffer` and the zeroed memory every C object lives in;
//! - `layout.rs`: where each field of a struct goes (pure arithmetic);
//! - `errno.rs`: `use_errno`, C's `errno` kept per thread;
//! - `extended.rs`: `long double`'s 80-bit format, to and from an f64;
//! - `errcheck.rs`: the `errcheck` hook, between the call and its caller;
//! - `heap_type.rs`: the plumbing of every type built by hand;
//! - `wide.rs`: `wchar_t` strings: copies of a str, and back;
//! - `types.rs`: the scalar type set, as one table;
//! - `convert.rs`: each type's conversion, Python value to C slot and back;
//! - `cdata/`: C data in Python objects: instances (`CData`), scalar types,
//!   array and pointer types, fields, `byref`, `cast` (its `mod.rs` lists
//!   its own floors);
//! - `memfunctions.rs`: `string_at`, `memmove`, `memset` on what C data is;
//! - `meta.rs`: `Structure`, `Union`, the scalar classes, their metaclasses;
//! - `callback.rs`: `CFUNCTYPE`: Python callables as C function pointers;
//! - `parameters.rs`: `paramflags`: parameters by name, defaults, outputs;
//! - `direct.rs`: **the fast path**: integer, pointer and double calls made without
//!   `ffi_call` (about a tenth of its instructions; `_direct_calls(False)`
//!   turns it off, and the tests compare both paths);
//! - `express.rs`: the express call: plain ints, floats, bytes and
//!   Buffers straight to registers, the cheapest way in (anything else
//!   takes the general call);
//! - `function.rs`: a declared function: its prepared `Cif` and the call;
//! - `entry.rs`: the function object's type and its vectorcall entry;
//! - `library.rs`: `CDLL`;
//! - `function_pointer.rs`: a `CFUNCTYPE`'s function pointers (`PROTO(address)`).

mod argument_error;
mod callback;
mod cdata;
mod convert;

pub use callback::{CallbackData, Handler};
pub use cdata::{ByRef, CData};
pub use errcheck::{Apply, Errcheck};
// For exercise crates: the types their pieces are written in.
pub use libffi::low::ffi_cif;
pub use libffi::middle::Type;
pub use types::{FloatCodec, Kind};

mod direct;
mod entry;
mod errcheck;
mod errno;
mod express;
mod extended;
mod function;
mod function_pointer;
mod heap_type;
mod layout;
mod library;
mod memfunctions;
mod memory;
mod meta;
mod naming;
mod parameters;
mod types;
mod unraisable;
mod wide;

use pyo3::prelude::*;

// ANCHOR: pieces
/// The pieces an exercise crate may write itself: it builds its module
/// with [`install_with`], passing its own piece and ours for the rest.
/// (Exercise crates that replace a whole function, as `byref`, add their
/// own after [`install`] instead.)
#[derive(Clone, Copy)]
pub struct Pieces {
    /// `c_float`'s libffi type and conversions (Part III exercise 06).
    pub c_float: FloatCodec,
    /// The `errcheck` hook (exercise 07).
    pub errcheck: Errcheck,
    /// What a callback's closure calls (exercise 08).
    pub callback: Handler,
}

impl Pieces {
    /// mini-ctypes' own, every one.
    pub const OURS: Self = Self {
        c_float: FloatCodec::SINGLE,
        errcheck: Errcheck::OURS,
        callback: callback::trampoline,
    };
}
// ANCHOR_END: pieces

/// Adds all of mini-ctypes to `module`, with these pieces. Each piece is
/// set once per process (the first module installed keeps its own), which
/// is all an exercise crate, one module in its own library, needs.
pub fn install_with(module: &Bound<'_, PyModule>, pieces: Pieces) -> PyResult<()> {
    types::use_c_float(pieces.c_float);
    errcheck::use_errcheck(pieces.errcheck);
    callback::use_handler(pieces.callback);
    install(module)
}

// ANCHOR: module
/// Adds all of mini-ctypes to `module`: what `import minictypes` gets.
/// Public, with [`CData`] and [`ByRef`], so that an exercise crate can build
/// its own module from this library and replace one piece of it.
pub fn install(module: &Bound<'_, PyModule>) -> PyResult<()> {
    // pyo3 turns every panic into PanicException (and the callback
    // trampoline into the declared default): none is for stderr.
    quiet_panic::quiet_everywhere();
    // Messages name C data by its C type; `naming` (the bottom floor) asks
    // `cdata` through this function pointer.
    naming::name_data_with(cdata::name_of);
    module.add_class::<callback::CFuncType>()?;
    module.add_class::<callback::Callback>()?;
    module.add_class::<cdata::CData>()?;
    module.add("CField", cdata::field_type(module.py())?)?;
    module.add_class::<memory::Buffer>()?;
    meta::add_scalar_classes(module)?;
    meta::add_aggregate_classes(module)?;
    module.add("CDLL", library::make_type(module.py())?)?;
    module.add("ForeignFunction", entry::make_type(module.py())?)?;
    // ctypes' name for a caller-allocated buffer.
    module.add("create_string_buffer", module.getattr("Buffer")?)?;
    let (structure, union) = meta::make_bases(module.py())?;
    module.add("Structure", structure)?;
    module.add("Union", union)?;
    meta::add_byte_order_bases(module)?;
    for function in [
        wrap_pyfunction!(memfunctions::string_at, module)?,
        wrap_pyfunction!(memfunctions::wstring_at, module)?,
        wrap_pyfunction!(memfunctions::memset, module)?,
        wrap_pyfunction!(library::py_dll, module)?,
        wrap_pyfunction!(direct::set_enabled, module)?,
        wrap_pyfunction!(cdata::quick_instances, module)?,
        wrap_pyfunction!(cdata::pointer_type, module)?,
        wrap_pyfunction!(cdata::array_type, module)?,
        wrap_pyfunction!(cdata::pointer, module)?,
        wrap_pyfunction!(cdata::byref, module)?,
        wrap_pyfunction!(function_pointer::sizeof, module)?,
        wrap_pyfunction!(function_pointer::alignment, module)?,
        wrap_pyfunction!(cdata::addressof, module)?,
        wrap_pyfunction!(cdata::cast, module)?,
        wrap_pyfunction!(memfunctions::memmove, module)?,
        wrap_pyfunction!(cdata::create_unicode_buffer, module)?,
        wrap_pyfunction!(errno::get_errno, module)?,
        wrap_pyfunction!(errno::set_errno, module)?,
    ] {
        module.add_function(function)?;
    }
    argument_error::add(module)?;
    callback::make_function_pointers_with(function_pointer::made);
    cdata::handle_function_pointers_with(callback::function_pointer_hooks());
    add_cfunctype(module)?;
    add_loader(module)?;
    add_pointer_cache(module)?;
    cdata::add_aliases(module)
}

/// A Python file of this crate (ctypes has these parts in Python too),
/// run as a module of its own; what it defines is added to `module`.
fn python_part<'py>(
    module: &Bound<'py, PyModule>,
    source: &str,
    file: &std::ffi::CStr,
    name: &std::ffi::CStr,
) -> PyResult<Bound<'py, PyModule>> {
    let source = std::ffi::CString::new(source)?;
    PyModule::from_code(module.py(), &source, file, name)
}

/// `item` of a Python part, named as mini-ctypes' own (`__module__`).
fn public<'py>(part: &Bound<'py, PyModule>, item: &str) -> PyResult<Bound<'py, PyAny>> {
    let item = part.getattr(item)?;
    item.setattr("__module__", "minictypes")?;
    Ok(item)
}

/// `CFUNCTYPE`, a Python function (`cfunctype.py`) over callback.rs's
/// constructor: ctypes' is Python too, and CPython's tests rely on it; and
/// `_CFuncPtr`, the abstract type of the function objects it makes.
fn add_cfunctype(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let helper = python_part(
        module,
        include_str!("cfunctype.py"),
        c"minictypes/cfunctype.py",
        c"minictypes._cfunctype",
    )?;
    helper.add_function(wrap_pyfunction!(callback::cfunctype, &helper)?)?;
    helper.setattr("_make", helper.getattr("_CFUNCTYPE")?)?;
    let base = public(&helper, "_CFuncPtr")?;
    base.call_method1("register", (entry::make_type(module.py())?,))?;
    base.call_method1("register", (module.py().get_type::<callback::Callback>(),))?;
    module.add("_CFuncPtr", base)?;
    module.add("CFUNCTYPE", public(&helper, "CFUNCTYPE")?)
}

/// `cdll`, `pydll` and `LibraryLoader` (`loader.py`), the `dlopen` modes,
/// and `pythonapi`: the interpreter's own symbols, as a `PyDLL` (a call
/// into the C API must keep the GIL), so `c_int.in_dll(pythonapi, name)`
/// reads one of its variables.
fn add_loader(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("RTLD_LOCAL", libc::RTLD_LOCAL)?;
    module.add("RTLD_GLOBAL", libc::RTLD_GLOBAL)?;
    let loader = public(
        &python_part(
            module,
            include_str!("loader.py"),
            c"minictypes/loader.py",
            c"minictypes._loader",
        )?,
        "LibraryLoader",
    )?;
    module.add("cdll", loader.call1((module.getattr("CDLL")?,))?)?;
    module.add("pydll", loader.call1((module.getattr("PyDLL")?,))?)?;
    module.add(
        "pythonapi",
        module.getattr("PyDLL")?.call1((module.py().None(),))?,
    )?;
    module.add("LibraryLoader", loader)
}

/// `_pointer_type_cache` (`pointer_cache.py`): ctypes' dict of pointer
/// classes, as a window on the ones kept on each target class.
fn add_pointer_cache(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let part = python_part(
        module,
        include_str!("pointer_cache.py"),
        c"minictypes/pointer_cache.py",
        c"minictypes._pointer_cache",
    )?;
    module.add(
        "_pointer_type_cache",
        public(&part, "PointerTypeCache")?.call0()?,
    )
}

/// mini-ctypes: load a C library, declare its functions' types, call them.
#[pymodule(gil_used = true)]
fn minictypes(module: &Bound<'_, PyModule>) -> PyResult<()> {
    install(module)
}
// ANCHOR_END: module
