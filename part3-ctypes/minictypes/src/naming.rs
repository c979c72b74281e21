//! How error messages name things: where a value was going (an argument,
//! a field, an element) and what it was. The bottom floor: every
//! conversion above reports through it.

use std::sync::OnceLock;

use pyo3::prelude::*;

/// Where a value is going, for error messages: an argument of a call, or a
/// field of a struct.
#[derive(Clone, Copy)]
pub(crate) enum Destination<'a> {
    Argument {
        function: &'a str,
        index: usize,
    },
    Field {
        owner: &'a str,
        name: &'a str,
    },
    /// An element of an array (or the `index`-th value behind a pointer).
    Element {
        /// The array or pointer type (`c_int * 3`): cdata's `Info`, which
        /// this floor names only through `Display`.
        of: &'a dyn std::fmt::Display,
        index: isize,
    },
}

impl std::fmt::Display for Destination<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Argument { function, index } => write!(f, "argument {index} to {function}()"),
            Self::Field { owner, name } => write!(f, "field '{name}' of {owner}"),
            Self::Element { of, index } => write!(f, "element {index} of {of}"),
        }
    }
}

/// How C data objects are named: set once at module init by `lib.rs` to
/// `cdata::name_of`, since this floor cannot see the floor that defines
/// them. A function pointer, called only for an error message.
static DATA_NAME: OnceLock<NameOf> = OnceLock::new();

/// A C data object's C type name, or None for any other object.
pub(crate) type NameOf = fn(&Bound<'_, PyAny>) -> Option<String>;

/// Records how to name C data objects (at module init).
pub(crate) fn name_data_with(name_of: NameOf) {
    let _ = DATA_NAME.set(name_of); // the same function every time
}

/// What `value` is, for an error message: its C type for mini-ctypes data
/// (`c_int16 * 4`; the Python type of every array is just `CData`), else
/// its Python type's name.
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    if let Some(name) = DATA_NAME.get().and_then(|name_of| name_of(value)) {
        return name;
    }
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |name| name.to_string())
}

/// How many `_as_parameter_` stand-ins an argument may go through (an
/// object whose `_as_parameter_` is itself would go on for ever).
pub(crate) const AS_PARAMETER_DEPTH: usize = 64;
