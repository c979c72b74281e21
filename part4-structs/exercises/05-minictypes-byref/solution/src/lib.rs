//! `minibyref`: mini-ctypes, with `byref` written here.
//!
//! Everything else (`CDLL`, `Structure`, `POINTER`, the conversions, the
//! call) comes from the mini-ctypes library (`part3-ctypes/minictypes`):
//! `minictypes::install` adds all of it to this module, then this module's
//! own `byref` replaces the library's.

use minictypes::{ByRef, CData};
use pyo3::prelude::*;

/// `byref(obj)`: the address of `obj`'s bytes, for one call, and a
/// reference that keeps `obj` alive while C may use that address.
#[pyfunction]
fn byref(object: &Bound<'_, CData>) -> ByRef {
    let data = object.borrow();
    // ex: starter
    // | // TODO: where are `object`'s bytes? That is what C reads and writes.
    // | let address = 0;
    // | // TODO: keep `object` alive as long as this ByRef: a temporary
    // | // (`byref(timespec())`) must not be freed while C uses its address.
    // | let keep = None;
    // ex: mistake 1: "byref() holds a NULL address"
    // | let address = 0;
    // | let keep = Some(object.clone().into_any().unbind());
    // ex: mistake 2: "byref must hold a reference to its object"
    // | let address = data.address();
    // | let keep = None;
    // ex: mistake 3: "byref must hold a reference to its object"
    // | let address = data.address();
    // | let keep = Some(object.get_type().into_any().unbind());
    // ex: solution
    // Where the bytes are: what C reads and writes.
    let address = data.address();
    // Who owns them: kept alive as long as this ByRef, so a temporary
    // (`byref(timespec())`) is not freed while C still uses its address.
    let keep = Some(object.clone().into_any().unbind());
    // ex: end
    ByRef::new(&data, address, keep)
}

#[pymodule(gil_used = true)]
fn minibyref(module: &Bound<'_, PyModule>) -> PyResult<()> {
    minictypes::install(module)?;
    module.add_function(wrap_pyfunction!(byref, module)?)
}
