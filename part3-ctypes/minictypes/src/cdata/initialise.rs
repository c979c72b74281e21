//! What a call of a C type writes into its new instance: `Point(1, 2)`,
//! `Point(y=2)`, `c_int32(5)`, `(c_int16 * 4)(1, 2)`, `POINTER(T)(obj)`.
//!
//! In ctypes these are `__init__`'s: `__new__` makes a zeroed instance and
//! ignores the arguments, `__init__` writes them. So a subclass may take
//! arguments of its own and pass others on, the common idiom:
//!
//! ```python
//! class Point(Structure):
//!     _fields_ = [("x", c_int), ("y", c_int)]
//!     def __init__(self, x):
//!         super().__init__(x, 2 * x)
//! ```
//!
//! mini-ctypes keeps the split (`methods.rs`); calling a class that
//! defines neither method does both in one step (`construct.rs`). Either
//! way, this file writes.

use std::sync::Arc;

use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use super::info::{Info, StructInfo};
use super::keepalive::Keepalive;
use super::values::{write, write_field};
use crate::naming::Destination;

// ANCHOR: fill
/// Writes a call's arguments into the bytes at `address`, an instance of
/// `info`; what they point into is filed in `keep`. Only what is given is
/// written: the rest keeps its bytes (zero in a new instance).
pub(super) fn fill(
    info: &Arc<Info>,
    address: usize,
    keep: &mut Keepalive,
    args: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<()> {
    let keywords = kwargs.filter(|kwargs| !kwargs.is_empty());
    let given = args.len();
    match &**info {
        Info::Struct(layout) => fill_struct(layout, address, keep, args, keywords)?,
        Info::Scalar(kind) => {
            if given > 1 || keywords.is_some() {
                return Err(PyTypeError::new_err(format!(
                    "{}() takes at most 1 positional argument",
                    kind.python_name()
                )));
            }
            if let Ok(value) = args.get_item(0) {
                let place = Destination::Argument {
                    function: kind.python_name(),
                    index: 1,
                };
                write(info, address, &value, keep, place)?;
            }
        }
        Info::Array { element, count } => {
            no_keywords(info, keywords)?;
            if given > *count {
                return Err(PyIndexError::new_err(format!(
                    "{} takes at most {count} items ({given} given)",
                    info.name(),
                )));
            }
            let step = element.extent().size;
            for (index, item) in args.iter().enumerate() {
                let place = Destination::Element {
                    of: info,
                    index: index as isize,
                };
                write(element, address + index * step, &item, keep, place)?;
            }
        }
        Info::Pointer(pointee) => {
            no_keywords(info, keywords)?;
            if given > 1 {
                return Err(PyTypeError::new_err(format!(
                    "{}() takes at most 1 argument ({given} given)",
                    info.name(),
                )));
            }
            // None given: NULL.
            if let Ok(target) = args.get_item(0) {
                let function = format!("POINTER({})", pointee.name());
                let place = Destination::Argument {
                    function: &function,
                    index: 1,
                };
                write(info, address, &target, keep, place)?;
            }
        }
        Info::FunctionPointer(_) => {
            return Err(PyTypeError::new_err(format!(
                "{}: a function pointer is made by calling its CFUNCTYPE",
                info.name()
            )));
        }
    }
    Ok(())
}
// ANCHOR_END: fill

/// The fields in `_fields_` order, then by name.
fn fill_struct(
    info: &StructInfo,
    address: usize,
    keep: &mut Keepalive,
    args: &Bound<'_, PyTuple>,
    keywords: Option<&Bound<'_, PyDict>>,
) -> PyResult<()> {
    let layout = info.layout()?;
    let given = args.len();
    if given > layout.fields.len() {
        return Err(PyTypeError::new_err(format!(
            "{}() takes at most {} positional arguments ({} given)",
            info.name,
            layout.fields.len(),
            given
        )));
    }
    for (field, value) in layout.fields.iter().zip(args.iter()) {
        write_field(&info.name, field, address, &value, keep)?;
    }
    let Some(keywords) = keywords else {
        return Ok(());
    };
    for (name, value) in keywords.iter() {
        // Keyword names are always str, and usually the interned field
        // name itself: compared by address first.
        let name = name.cast_into::<PyString>()?;
        let index = match layout.fields.iter().position(|f| f.interned.is(&name)) {
            Some(index) => Some(index),
            None => {
                let name = name.to_str()?;
                layout.fields.iter().position(|f| f.name == name)
            }
        };
        let Some(index) = index else {
            return Err(PyTypeError::new_err(format!(
                "{} has no field '{name}'",
                info.name
            )));
        };
        // A field already given by position: ctypes refuses the second
        // value rather than let one silently win.
        if index < given {
            return Err(PyTypeError::new_err(format!(
                "duplicate values for field '{name}'"
            )));
        }
        write_field(&info.name, &layout.fields[index], address, &value, keep)?;
    }
    Ok(())
}

fn no_keywords(info: &Info, keywords: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
    match keywords {
        Some(_) => Err(PyTypeError::new_err(format!(
            "{}() takes no keyword arguments",
            info.name()
        ))),
        None => Ok(()),
    }
}
