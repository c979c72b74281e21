//! C data in Python objects: what `_ctypes` does for aggregates.
//!
//! Every instance (a struct, a union, an array, a pointer, a scalar made by
//! calling a type such as `c_size_t(0)`) is a `CData`: a description of its
//! C type, the bytes themselves, and the Python objects those bytes point
//! into (`_objects` in ctypes), kept alive as long as the bytes are.
//!
//! The bytes are either owned (made by Python) or a *view* into another
//! object's bytes (`record.origin` is a view into `record`): the view holds
//! a reference to that object, so the memory it reads stays valid.
//!
//! The files, in floors (each uses only the ones above it in this list):
//! - `info.rs`: what a C type is (layout, libffi type); `keepalive.rs`:
//!   what an instance's bytes point into;
//! - `buffer_format.rs`: how the buffer protocol describes a C type (PEP 3118);
//! - `object.rs`: `CData` itself, its memory, views; `objects.rs`:
//!   `_objects`, what an instance keeps, shown as ctypes shows it;
//! - `by_reference.rs`: `byref(obj)`;
//! - `values.rs`: a value at an address, read and written;
//! - `initialise.rs`: what a call of a C type writes into its instance;
//! - `cfield.rs`: the field descriptor (`Point.x`), a type built by hand;
//! - `aggregates.rs`: array and pointer classes, `pointer`, `cast`;
//! - `ctype.rs`: scalar types as classes (`c_int32`), by their `_type_`;
//! - `designators.rs`: Python objects that name C types, `POINTER`, sizes;
//! - `fields.rs`: `_fields_` into a layout, a descriptor per field;
//! - `construct.rs`: calling a C type, `Point(1, 2)` (its metaclass's `__call__`);
//! - `methods.rs`: `CData`'s Python methods;
//! - `class_methods.rs`: the methods of a C type's class (`T.from_address`),
//!   which its metaclass carries.
//!
//! This file only declares them and says what the rest of mini-ctypes uses.

mod aggregates;
#[cfg(feature = "abi3-py311")] // the buffer protocol: 3.11's stable ABI
mod buffer_format;
mod by_reference;
mod cfield;
mod class_methods;
mod construct;
mod ctype;
mod designators;
mod fields;
mod info;
mod initialise;
mod keepalive;
mod methods;
mod object;
mod objects;
mod values;

pub use by_reference::ByRef;
pub(crate) use ctype::{add_aliases, kind_of, set_simple_base, type_code};
pub use object::CData;

pub(crate) use aggregates::{
    address_of, addressof, cast, pointer, pointer_holding, set_aggregate_bases, wchar_array_address,
};
pub(crate) use by_reference::byref;
pub(crate) use cfield::field_type;
pub(crate) use class_methods::{from_address, from_buffer, from_buffer_copy, from_param, in_dll};
pub(crate) use construct::CALL;
pub(crate) use designators::{
    alignment, array_of, array_type, create_unicode_buffer, info_of, pointer_type, sizeof,
};
pub(crate) use fields::{assign_fields, set_union_base};
pub(crate) use info::{
    ClassLayout, FunctionPointerHooks, FunctionPointerType, Info, handle_function_pointers_with,
    record_scalar_classes, scalar_class,
};
pub(crate) use object::{copied_from, from_result, name_of, quick_instances};
pub(crate) use values::{pointer_value, scalar_instance_slot, struct_address};
