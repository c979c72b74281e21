//! What `memoryview(x)` says a C object's bytes are (PEP 3118): a format
//! string, an item size and a shape, as ctypes describes them, so NumPy and
//! `memoryview` read `c_double * 4` as four doubles, not 32 bytes.
//!
//! - a scalar: its letter with its byte order (`<i`, `>d`; `<q` for an
//!   8-byte integer, as `struct` names it);
//! - a pointer: `&` and what it points to (`&<i`, `&(3)<i` for a pointer
//!   to an array);
//! - an array: its innermost element's format, and its lengths as the
//!   shape (`c_float * 4 * 3` is `<f`, shape (3, 4));
//! - a struct: `T{...}`, each field's format and name (`T{<i:x:<i:y:}`);
//!   a union, a packed struct or an incomplete one is plain bytes (`B`).

use std::ffi::CString;

use super::info::Info;
use crate::types::Kind;

/// A C type as the buffer protocol describes it.
pub(crate) struct Described {
    pub(crate) format: CString,
    /// The size of one item: the innermost element of an array, or the
    /// whole object.
    pub(crate) itemsize: usize,
    /// The lengths of an array, outermost first; empty for anything else.
    pub(crate) shape: Vec<isize>,
}

/// How the buffer protocol describes `info`.
pub(crate) fn described(info: &Info) -> Described {
    let (shape, item) = dimensions(info);
    let format = CString::new(format(item)).expect("formats hold no NUL");
    Described {
        format,
        itemsize: item.extent().size,
        shape,
    }
}

/// An array's lengths (outermost first) and its innermost element; for
/// anything else, no lengths and the type itself.
fn dimensions(info: &Info) -> (Vec<isize>, &Info) {
    let mut shape = Vec::new();
    let mut item = info;
    while let Info::Array { element, count } = item {
        shape.push(*count as isize);
        item = element;
    }
    (shape, item)
}

/// The format of one item (never an array: `dimensions` unwraps those).
fn format(info: &Info) -> String {
    match info {
        Info::Scalar(kind) => scalar(*kind),
        Info::FunctionPointer(_) => "X{}".to_owned(),
        Info::Pointer(target) => {
            let (shape, item) = dimensions(target);
            format!("&{}{}", lengths(&shape), format(item))
        }
        Info::Array { .. } => {
            let (shape, item) = dimensions(info);
            format!("{}{}", lengths(&shape), format(item))
        }
        Info::Struct(description) => match description.layout() {
            Ok(layout) if !description.union && !layout.packed => {
                let fields: String = layout
                    .fields
                    .iter()
                    .map(|field| {
                        let (shape, item) = dimensions(&field.info);
                        format!("{}{}:{}:", lengths(&shape), format(item), field.name)
                    })
                    .collect();
                format!("T{{{fields}}}")
            }
            _ => "B".to_owned(),
        },
    }
}

/// `(2,3)` for the lengths 2 and 3; nothing for none.
fn lengths(shape: &[isize]) -> String {
    if shape.is_empty() {
        return String::new();
    }
    let listed: Vec<String> = shape.iter().map(ToString::to_string).collect();
    format!("({})", listed.join(","))
}

/// A scalar's letter, after its byte order.
fn scalar(kind: Kind) -> String {
    let (order, native) = match kind.native() {
        Some(native) => ('>', native),
        None => ('<', kind),
    };
    let letter = match native {
        Kind::I8 => 'b',
        Kind::U8 | Kind::Buffer => 'B',
        Kind::I16 => 'h',
        Kind::U16 => 'H',
        Kind::I32 => 'i',
        Kind::U32 => 'I',
        Kind::I64 => 'q',
        Kind::U64 => 'Q',
        Kind::F32 => 'f',
        Kind::F64 => 'd',
        Kind::LongDouble => 'g',
        Kind::Char => 'c',
        Kind::Bool => '?',
        Kind::WChar => 'u',
        Kind::CharP => 'z',
        Kind::WCharP => 'Z',
        Kind::VoidP => 'P',
        // Big-endian kinds were mapped to their native twin above.
        _ => 'B',
    };
    format!("{order}{letter}")
}
