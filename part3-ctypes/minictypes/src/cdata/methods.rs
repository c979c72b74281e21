//! `CData`'s Python methods: construction, `.value`, indexing, iteration,
//! `.contents`, and the garbage collector's hooks. The top of this package:
//! every method is a few lines over the floors below.

use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PySlice, PyTuple, PyType};
use pyo3::{PyTraverseError, PyVisit};

use super::aggregates::{is_array, is_pointer};
#[cfg(feature = "abi3-py311")]
use super::buffer_format::described;
use super::construct::info_for_new;
use super::ctype::{define_simple, is_simple};
use super::designators::{define_array, define_pointer};
use super::fields::{define, is_union};
use super::info::{Info, class_of, scalar_class};
use super::initialise;
use super::object::{CData, Memory, element_at, no_value, view};
use super::values::{read, store, with_keepalive};
use crate::naming::Destination;
use crate::types::Kind;

#[pymethods]
impl CData {
    // ANCHOR: new
    /// A new instance of a C type, zeroed; the arguments are `__init__`'s.
    /// (Calling a class that defines neither method does both at once:
    /// construct.rs.)
    #[new]
    #[classmethod]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(
        cls: &Bound<'_, PyType>,
        _args: &Bound<'_, PyTuple>,
        _kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        Self::new_owned(cls.py(), info_for_new(cls)?)
    }

    /// Writes the arguments into the instance, as ctypes' `__init__` does;
    /// what `super().__init__(...)` in a subclass's own `__init__` reaches.
    #[pyo3(signature = (*args, **kwargs))]
    fn __init__(
        slf: &Bound<'_, Self>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        // Nothing to write (`Point()`): the keepalive is not even taken.
        if args.is_empty() && kwargs.is_none_or(|kwargs| kwargs.is_empty()) {
            return Ok(());
        }
        let data = slf.get();
        // What the bytes point into goes to the instance that owns them.
        with_keepalive(slf, |keep| {
            initialise::fill(&data.info, data.address(), keep, args, kwargs)
        })
    }
    // ANCHOR_END: new

    /// Runs when a subclass is created: `_fields_` become its layout.
    #[classmethod]
    #[pyo3(signature = (**_kwargs))]
    fn __init_subclass__(
        cls: &Bound<'_, PyType>,
        _kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        if is_simple(cls)? {
            define_simple(cls)
        } else if is_array(cls)? {
            define_array(cls)
        } else if is_pointer(cls)? {
            define_pointer(cls)
        } else {
            define(cls, is_union(cls)?)
        }
    }

    /// What this instance keeps alive, as ctypes shows it (`objects.rs`).
    #[getter]
    fn _objects<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        super::objects::objects(slf)
    }

    /// The C instance whose bytes this one is a view of (`record.origin`'s
    /// is `record`); None for an instance with bytes of its own.
    #[getter]
    fn _b_base_<'py>(slf: &Bound<'py, Self>) -> Bound<'py, PyAny> {
        let py = slf.py();
        match &slf.get().memory {
            Memory::View { owner, .. } if owner.bind(py).is_instance_of::<CData>() => {
                owner.bind(py).clone()
            }
            _ => py.None().into_bound(py),
        }
    }

    /// Whether this instance's bytes are its own, freed with it (ctypes: 1
    /// or 0).
    #[getter]
    fn _b_needsfree_(&self) -> u8 {
        u8::from(matches!(self.memory, Memory::Owned(_)))
    }

    /// A `c_char` array's bytes, all of them (`value` stops at the first NUL).
    #[getter]
    fn raw<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let data = slf.get();
        match &*data.info {
            Info::Array { element, count } if matches!(**element, Info::Scalar(Kind::Char)) => {
                // SAFETY: the array's own `count` bytes.
                let bytes =
                    unsafe { std::slice::from_raw_parts(data.address() as *const u8, *count) };
                Ok(pyo3::types::PyBytes::new(slf.py(), bytes))
            }
            other => Err(pyo3::exceptions::PyAttributeError::new_err(format!(
                "a {} has no raw bytes (a c_char array has)",
                other.name()
            ))),
        }
    }

    #[setter]
    fn set_raw(slf: &Bound<'_, Self>, value: &Bound<'_, pyo3::types::PyBytes>) -> PyResult<()> {
        let data = slf.get();
        let Info::Array { element, count } = &*data.info else {
            return Err(PyTypeError::new_err("only a c_char array has raw bytes"));
        };
        if !matches!(**element, Info::Scalar(Kind::Char)) {
            return Err(PyTypeError::new_err("only a c_char array has raw bytes"));
        }
        let bytes = value.as_bytes();
        if bytes.len() > *count {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "{} bytes do not fit a c_char * {count}",
                bytes.len()
            )));
        }
        // SAFETY: at most `count` bytes, the array's own.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), data.address() as *mut u8, bytes.len())
        };
        Ok(())
    }

    /// The value of a scalar made by calling its type (`c_size_t(0)`), or
    /// the string in a char or wchar_t array (`create_unicode_buffer(8)`).
    #[getter]
    fn value<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let data = slf.get();
        if !data.has_value() {
            return Err(no_value(&data.info));
        }
        read(slf.py(), &data.info, data.address(), slf.as_any())
    }

    #[setter]
    fn set_value(slf: &Bound<'_, Self>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let (info, address) = {
            let data = slf.get();
            if !data.has_value() {
                return Err(no_value(&data.info));
            }
            (Arc::clone(&data.info), data.address())
        };
        let owner = info.name();
        let place = Destination::Field {
            owner: &owner,
            name: "value",
        };
        store(slf, &info, address, value, place)
    }

    /// `del x.value`: TypeError, as in ctypes (the bytes cannot go away).
    #[deleter(value)]
    fn delete_value(&self) -> PyResult<()> {
        Err(PyTypeError::new_err(format!(
            "cannot delete the value of a {}",
            self.info.name()
        )))
    }

    // ANCHOR: buffer
    /// `memoryview(x)`, `bytes(x)`: the instance's bytes, writable, and
    /// what they are (PEP 3118's format, item size and shape, as ctypes
    /// says them: `buffer_format.rs`). The view holds the instance, so the
    /// bytes stay while it is used.
    #[cfg(feature = "abi3-py311")]
    unsafe fn __getbuffer__(
        slf: Bound<'_, Self>,
        view: *mut pyo3::ffi::Py_buffer,
        flags: std::ffi::c_int,
    ) -> PyResult<()> {
        let _ = flags; // every view is writable, and says what it holds
        let (address, size, described) = {
            let data = slf.get();
            (
                data.address(),
                data.info.extent().size,
                described(&data.info),
            )
        };
        // SAFETY: the interpreter's view to fill; `slf` owns (or keeps) the
        // bytes; the shape's items fill them exactly (an array's).
        unsafe {
            crate::memory::fill_described_view(
                view,
                slf.as_any(),
                (address, size),
                described.format,
                described.itemsize,
                described.shape,
            );
        }
        Ok(())
    }

    /// Frees what the view's description kept.
    #[cfg(feature = "abi3-py311")]
    unsafe fn __releasebuffer__(&self, view: *mut pyo3::ffi::Py_buffer) {
        // SAFETY: a view `__getbuffer__` filled, released once.
        unsafe { crate::memory::release_view(view) }
    }
    // ANCHOR_END: buffer

    /// For pickle: the instance's class, made without running `__init__`,
    /// then its `__dict__` and bytes restored. C data that holds an address
    /// cannot be pickled: the address means nothing in another process.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let data = slf.get();
        if holds_address(&data.info) {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "a {} holds an address and cannot be pickled",
                data.info.name()
            )));
        }
        if class_of(py, &data.info)?.is_none() {
            return Err(PyTypeError::new_err(format!(
                "a {} cannot be pickled: its type is not a class",
                data.info.name()
            )));
        }
        // SAFETY: the instance's own bytes, `size` long.
        let bytes = unsafe {
            std::slice::from_raw_parts(data.address() as *const u8, data.info.extent().size)
        };
        let state = (
            slf.getattr(pyo3::intern!(py, "__dict__"))
                .unwrap_or_else(|_| py.None().into_bound(py)),
            pyo3::types::PyBytes::new(py, bytes),
        );
        let make = py.import("copyreg")?.getattr("__newobj__")?;
        PyTuple::new(
            py,
            [
                make,
                PyTuple::new(py, [slf.get_type()])?.into_any(),
                state.into_pyobject(py)?.into_any(),
            ],
        )
    }

    /// Pickle's second step: the `__dict__` and the bytes put back.
    fn __setstate__(slf: &Bound<'_, Self>, state: &Bound<'_, PyTuple>) -> PyResult<()> {
        let (dict, bytes): (Bound<'_, PyAny>, Vec<u8>) = state.extract()?;
        let data = slf.get();
        // What `__reduce__` never produces: raw bytes for an address, which
        // would point wherever they say, the keepalive knowing nothing of it.
        if holds_address(&data.info) {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "a {} holds an address: its bytes cannot be restored from a pickle",
                data.info.name()
            )));
        }
        let size = data.info.extent().size;
        if bytes.len() != size {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "a {} is {size} bytes, not {}",
                data.info.name(),
                bytes.len()
            )));
        }
        if !dict.is_none() {
            slf.getattr(pyo3::intern!(slf.py(), "__dict__"))?
                .call_method1("update", (dict,))?;
        }
        // SAFETY: the instance's own bytes, `size` long, as many as given.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), data.address() as *mut u8, size) };
        Ok(())
    }

    // ANCHOR: gc
    /// For the garbage collector: what this instance keeps alive. A struct
    /// can reach itself through them (`s.next = pointer(s)`: `s` keeps the
    /// pointer, the pointer keeps `s`), as ctypes' `_objects` can.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        if let Memory::View { owner, .. } = &self.memory {
            visit.call(&**owner)?;
        }
        // Being written to (a value's conversion allocated, and the
        // collector ran): nothing to visit now, as pyo3 does for a class
        // borrowed mutably.
        let Ok(objects) = self.objects.try_borrow() else {
            return Ok(());
        };
        objects.objects().try_for_each(|object| visit.call(object))
    }

    /// Breaks such a cycle when the collector finds one. The view's owner
    /// stays: the bytes are read through it until this instance is freed,
    /// and every cycle passes through some instance's `objects`. What is
    /// dropped is dropped after the cell is let go: a finaliser may write
    /// into this instance.
    fn __clear__(&self) {
        let taken = self
            .objects
            .try_borrow_mut()
            .map(|mut objects| std::mem::take(&mut *objects));
        drop(taken);
    }
    // ANCHOR_END: gc

    /// An array's length.
    fn __len__(&self) -> PyResult<usize> {
        match &*self.info {
            Info::Array { count, .. } => Ok(*count),
            other => Err(PyTypeError::new_err(format!(
                "a {} has no len()",
                other.name()
            ))),
        }
    }

    /// `array[i]` (checked against the length) or `pointer[i]` (not checked:
    /// C knows no length, as in ctypes); `pointer[0]` is `pointer.contents`.
    /// `array[i:j:k]` and `pointer[i:j]`: a list of the elements, or for
    /// `c_char` and `c_wchar` elements the bytes or str they spell.
    fn __getitem__<'py>(
        slf: &Bound<'py, Self>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if let Ok(slice) = index.cast::<PySlice>() {
            return read_slice(slf, slice);
        }
        let (element, address) = element_at(slf.get(), index.extract()?)?;
        read(slf.py(), &element, address, slf.as_any())
    }

    fn __setitem__(
        slf: &Bound<'_, Self>,
        index: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        if let Ok(slice) = index.cast::<PySlice>() {
            return write_slice(slf, slice, value);
        }
        let index: isize = index.extract()?;
        let (element, address) = element_at(slf.get(), index)?;
        let container = Arc::clone(&slf.get().info);
        let place = Destination::Element {
            of: &container,
            index,
        };
        store(slf, &element, address, value, place)
    }

    /// `for x in array`, `list(array)`: every element, read at once. (Without
    /// it Python would index until `IndexError`, an exception per loop.) A
    /// pointer has no length to stop at: iterating one is a TypeError, where
    /// ctypes reads on past the end of the memory.
    fn __iter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let data = slf.get();
        let Info::Array { element, count } = &*data.info else {
            return Err(PyTypeError::new_err(format!(
                "a {} is not iterable{}",
                data.info.name(),
                if matches!(&*data.info, Info::Pointer(_)) {
                    ": it has no length; index it (pointer[i]) instead"
                } else {
                    ""
                }
            )));
        };
        let step = element.extent().size;
        let base = data.address();
        let items = (0..*count)
            .map(|index| read(slf.py(), element, base + index * step, slf.as_any()))
            .collect::<PyResult<Vec<_>>>()?;
        pyo3::types::PyList::new(slf.py(), items)?
            .try_iter()
            .map(Bound::into_any)
    }

    /// What a pointer points at, as an instance of its type living in the
    /// pointee's memory (a view): `pointer(c_byte(1)).contents` is a
    /// `c_byte` whose `.value` reads and writes the pointee, where
    /// `pointer[0]` is the plain Python value. `ValueError` for NULL, as in
    /// ctypes.
    #[getter]
    fn contents<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        if !matches!(&*slf.get().info, Info::Pointer(_)) {
            return Err(PyTypeError::new_err("only a pointer has contents"));
        }
        let (target, address) = element_at(slf.get(), 0)?;
        view(slf.py(), &target, address, slf.as_any())
    }

    /// `p.contents = x`: the pointer now points at `x` (an instance of
    /// its type), and keeps it alive, as in ctypes.
    #[setter]
    fn set_contents(slf: &Bound<'_, Self>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let info = Arc::clone(&slf.get().info);
        let Info::Pointer(target) = &*info else {
            return Err(PyTypeError::new_err("only a pointer has contents"));
        };
        match value.cast::<CData>() {
            Ok(data) if data.get().info.same(target) => {}
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "contents of a {} must be a {} instance, not {}",
                    info.name(),
                    target.name(),
                    crate::naming::type_name(value)
                )));
            }
        }
        let address = slf.get().address();
        let place = Destination::Field {
            owner: &info.name(),
            name: "contents",
        };
        store(slf, &info, address, value, place)
    }

    /// `del array[i]`: TypeError, as in ctypes (C memory has no holes).
    fn __delitem__(&self, _index: &Bound<'_, PyAny>) -> PyResult<()> {
        Err(PyTypeError::new_err(format!(
            "a {} does not support item deletion",
            self.info.name()
        )))
    }

    /// A pointer is true when it is not NULL; anything else is true.
    fn __bool__(&self) -> bool {
        match &*self.info {
            // SAFETY: a pointer's memory holds its 8-byte address.
            Info::Pointer(_) => unsafe { Kind::VoidP.read(self.memory.address()) != 0 },
            _ => true,
        }
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let data = slf.get();
        Ok(match &*data.info {
            // A subclass of a scalar class is named as any object, as in ctypes.
            Info::Scalar(kind)
                if scalar_class(slf.py(), *kind).is_some_and(|class| slf.get_type().is(&class)) =>
            {
                format!("{}({})", data.info.name(), Self::value(slf)?.repr()?)
            }
            // `object at` the Python object, as Python's own reprs say it
            // (its bytes are at `addressof(x)`).
            Info::Scalar(_) => format!(
                "<{} object at {:#x}>",
                slf.get_type().name()?,
                slf.as_ptr() as usize
            ),
            _ => {
                let class = slf.get_type();
                format!(
                    "<{}.{} object at {:#x}>",
                    class.module()?,
                    class.qualname()?,
                    slf.as_ptr() as usize
                )
            }
        })
    }
}

// ANCHOR: slices
/// The indices a slice selects: of an array, as a list's; of a pointer
/// (no length known), from `start` (0 if not given) to a `stop` that must
/// be given, as ctypes has it.
fn slice_indices(data: &CData, slice: &Bound<'_, PySlice>) -> PyResult<Vec<isize>> {
    if let Info::Array { count, .. } = &*data.info {
        let found = slice.indices(*count as isize)?;
        return Ok((0..found.slicelength)
            .map(|n| found.start + n as isize * found.step)
            .collect());
    }
    let part = |name: &str| -> PyResult<Option<isize>> {
        let value = slice.getattr(name)?;
        if value.is_none() {
            Ok(None)
        } else {
            value.extract().map(Some)
        }
    };
    let step = part("step")?.unwrap_or(1);
    if step == 0 {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "slice step cannot be zero",
        ));
    }
    let start = match part("start")? {
        Some(start) => start,
        None if step > 0 => 0,
        None => {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "slice start is required for step < 0",
            ));
        }
    };
    let Some(stop) = part("stop")? else {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "slice stop is required",
        ));
    };
    let mut indices = Vec::new();
    let mut index = start;
    while (step > 0 && index < stop) || (step < 0 && index > stop) {
        indices.push(index);
        index += step;
    }
    Ok(indices)
}

fn read_slice<'py>(
    slf: &Bound<'py, CData>,
    slice: &Bound<'py, PySlice>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = slf.py();
    let data = slf.get();
    let indices = slice_indices(data, slice)?;
    let items = indices
        .into_iter()
        .map(|index| {
            let (element, address) = element_at(data, index)?;
            read(py, &element, address, slf.as_any())
        })
        .collect::<PyResult<Vec<_>>>()?;
    let element = match &*data.info {
        Info::Array { element, .. } | Info::Pointer(element) => Some(Arc::clone(element)),
        _ => None,
    };
    let list = pyo3::types::PyList::new(py, items)?;
    match element.as_deref() {
        // A run of chars is a string, as ctypes gives it.
        Some(Info::Scalar(Kind::Char)) => {
            pyo3::types::PyBytes::new(py, b"").call_method1("join", (list,))
        }
        Some(Info::Scalar(Kind::WChar)) => {
            pyo3::types::PyString::new(py, "").call_method1("join", (list,))
        }
        _ => Ok(list.into_any()),
    }
}

fn write_slice(
    slf: &Bound<'_, CData>,
    slice: &Bound<'_, PySlice>,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let indices = slice_indices(slf.get(), slice)?;
    let values = value.try_iter()?.collect::<PyResult<Vec<_>>>()?;
    if values.len() != indices.len() {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "can only assign a sequence of the same size ({} for {} elements)",
            values.len(),
            indices.len()
        )));
    }
    let container = Arc::clone(&slf.get().info);
    for (index, value) in indices.into_iter().zip(values) {
        let (element, address) = element_at(slf.get(), index)?;
        let place = Destination::Element {
            of: &container,
            index,
        };
        store(slf, &element, address, &value, place)?;
    }
    Ok(())
}
// ANCHOR_END: slices

/// Whether C data of this type holds an address (a pointer, a string
/// pointer, a struct or array with one inside).
fn holds_address(info: &Info) -> bool {
    match info {
        Info::Pointer(_) | Info::FunctionPointer(_) => true,
        Info::Scalar(kind) => matches!(
            kind,
            Kind::CharP | Kind::WCharP | Kind::VoidP | Kind::Buffer
        ),
        Info::Array { element, .. } => holds_address(element),
        Info::Struct(layout) => layout
            .live_layout()
            .is_some_and(|layout| layout.fields.iter().any(|field| holds_address(&field.info))),
    }
}
