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
//! Files: `types.rs` (the type set and conversions), `library.rs` (`CDLL`),
//! `function.rs` (a declared function: its prepared `Cif` and the call),
//! `entry.rs` (the function object's type and its vectorcall entry),
//! `direct.rs` (integer-and-pointer calls made without `ffi_call`),
//! `callback.rs` (`CFUNCTYPE`: Python callables as C function pointers).

mod callback;
mod cdata;
mod direct;
mod entry;
mod errno;
mod function;
mod layout;
mod library;
mod meta;
mod types;

use pyo3::prelude::*;

// ANCHOR: module
/// mini-ctypes: load a C library, declare its functions' types, call them.
#[pymodule(gil_used = true)]
mod minictypes {
    use pyo3::prelude::*;

    #[pymodule_export]
    use crate::callback::{CFuncType, Callback};
    #[pymodule_export]
    use crate::cdata::{ArrayType, CData, CField, PointerType};
    #[pymodule_export]
    use crate::function::Buffer;
    #[pymodule_export]
    use crate::types::CType;

    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        // pyo3 turns every panic into PanicException (and the callback
        // trampoline into the declared default): none is for stderr.
        quiet_panic::quiet_everywhere();
        for kind in crate::types::Kind::ALL {
            module.add(kind.python_name(), crate::types::CType::new(kind))?;
        }
        // ctypes' name for a caller-allocated buffer.
        module.add("CDLL", crate::library::make_type(module.py())?)?;
        module.add("ForeignFunction", crate::entry::make_type(module.py())?)?;
        module.add("create_string_buffer", module.getattr("Buffer")?)?;
        module.add_function(wrap_pyfunction!(crate::types::string_at, module)?)?;
        module.add_function(wrap_pyfunction!(crate::library::py_dll, module)?)?;
        module.add_function(wrap_pyfunction!(crate::direct::set_enabled, module)?)?;
        let (structure, union) = crate::meta::make_bases(module.py())?;
        module.add("Structure", structure)?;
        module.add("Union", union)?;
        for function in [
            wrap_pyfunction!(crate::cdata::pointer_type, module)?,
            wrap_pyfunction!(crate::cdata::pointer, module)?,
            wrap_pyfunction!(crate::cdata::byref, module)?,
            wrap_pyfunction!(crate::cdata::sizeof, module)?,
            wrap_pyfunction!(crate::cdata::alignment, module)?,
            wrap_pyfunction!(crate::cdata::addressof, module)?,
            wrap_pyfunction!(crate::cdata::cast, module)?,
            wrap_pyfunction!(crate::types::memmove, module)?,
            wrap_pyfunction!(crate::errno::get_errno, module)?,
            wrap_pyfunction!(crate::errno::set_errno, module)?,
        ] {
            module.add_function(function)?;
        }
        crate::types::add_aliases(module)?;
        module.add_function(wrap_pyfunction!(crate::callback::cfunctype, module)?)
    }
}
// ANCHOR_END: module
