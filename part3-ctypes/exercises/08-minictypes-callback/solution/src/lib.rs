//! `minicallback`: mini-ctypes, with the handler its callbacks run written
//! here.
//!
//! `VISITOR = CFUNCTYPE(c_int32, c_uint32, c_uint64, c_void_p)` and
//! `VISITOR(function)` come from the library (`part3-ctypes/minictypes`):
//! it makes a libffi closure, a real C function pointer. Each time C calls
//! that pointer, libffi calls `handler` below with the C arguments.

use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};

use minictypes::{CallbackData, Pieces, ffi_cif};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Called by libffi each time C calls the callback. `args` is an array of
/// pointers, one to each C argument; `result` is the whole register-sized
/// slot C reads the return value from; `data` says what was declared.
unsafe extern "C" fn handler(
    _cif: &ffi_cif,
    result: &mut u64,
    args: *const *const c_void,
    data: &CallbackData,
) {
    // ex: starter
    // | // TODO: with the GIL (Python::attach), turn each C argument into a
    // | // Python value (kind.read, then kind.to_python), call data.function(),
    // | // and write its result into *result (kind.callback_result, widened with
    // | // kind.widen). If it raises, report the exception (write_unraisable)
    // | // and write data.default(). Nothing may unwind out of this function.
    // | let _ = (args, data);
    // | *result = 0;
    // ex: mistake 1: "crashed with SIGSEGV"
    // | // SAFETY: none; the mistake is that C called without the GIL.
    // | let py = unsafe { Python::assume_attached() };
    // | let kinds = data.argtypes();
    // | let values: Vec<Py<PyAny>> = (0..kinds.len())
    // |     .map(|index| unsafe { kinds[index].to_python(py, kinds[index].read((*args.add(index)).cast())) }.unwrap())
    // |     .collect();
    // | let returned = data.function().bind(py).call1(PyTuple::new(py, values).unwrap());
    // | *result = returned.map_or(data.default(), |value| value.extract::<i64>().unwrap_or(0) as u64);
    // ex: mistake 2: "exceptions are reported"
    // | *result = Python::attach(|py| {
    // |     let kinds = data.argtypes();
    // |     let values: Vec<Py<PyAny>> = (0..kinds.len())
    // |         .map(|index| unsafe { kinds[index].to_python(py, kinds[index].read((*args.add(index)).cast())) }.unwrap())
    // |         .collect();
    // |     let returned = data.function().bind(py).call1(PyTuple::new(py, values).unwrap());
    // |     match (returned, data.restype()) {
    // |         (Ok(value), Some(kind)) => kind.widen(kind.callback_result(&value).unwrap_or(0)),
    // |         _ => data.default(),
    // |     }
    // | });
    // ex: mistake 3: "C gets the declared default"
    // | *result = catch_unwind(AssertUnwindSafe(|| {
    // |     Python::attach(|py| {
    // |         let call = || -> PyResult<u64> {
    // |             let mut values = Vec::with_capacity(data.argtypes().len());
    // |             for (index, kind) in data.argtypes().iter().enumerate() {
    // |                 let slot = unsafe { kind.read((*args.add(index)).cast()) };
    // |                 values.push(kind.to_python(py, slot)?);
    // |             }
    // |             let returned = data.function().bind(py).call1(PyTuple::new(py, values)?)?;
    // |             match data.restype() {
    // |                 None => Ok(0),
    // |                 Some(kind) => Ok(kind.widen(kind.callback_result(&returned)?)),
    // |             }
    // |         };
    // |         call().unwrap_or_else(|error| {
    // |             error.write_unraisable(py, Some(data.function().bind(py)));
    // |             0
    // |         })
    // |     })
    // | }))
    // | .unwrap_or(0);
    // ex: solution
    // A panic must not unwind into C: it is caught, and C gets the default.
    *result = catch_unwind(AssertUnwindSafe(|| {
        // C called a plain function pointer, from a call that released the
        // GIL: take it before touching any Python object.
        Python::attach(|py| {
            let call = || -> PyResult<u64> {
                let mut values = Vec::with_capacity(data.argtypes().len());
                for (index, kind) in data.argtypes().iter().enumerate() {
                    // SAFETY: the closure's Cif says argument `index` has
                    // this kind: args[index] points at one of its width.
                    let slot = unsafe { kind.read((*args.add(index)).cast()) };
                    values.push(kind.to_python(py, slot)?);
                }
                let returned = data.function().bind(py).call1(PyTuple::new(py, values)?)?;
                match data.restype() {
                    None => Ok(0),
                    // Checked, then widened: C reads the whole slot.
                    Some(kind) => Ok(kind.widen(kind.callback_result(&returned)?)),
                }
            };
            call().unwrap_or_else(|error| {
                // No Python caller is there to catch it: report it, as ctypes does.
                error.write_unraisable(py, Some(data.function().bind(py)));
                data.default()
            })
        })
    }))
    .unwrap_or(data.default());
    // ex: end
}

#[pymodule(gil_used = true)]
fn minicallback(module: &Bound<'_, PyModule>) -> PyResult<()> {
    minictypes::install_with(
        module,
        Pieces {
            callback: handler,
            ..Pieces::OURS
        },
    )
}
