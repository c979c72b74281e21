//! `_fields_` into a layout, and the field descriptors that read and
//! write an instance's bytes.

use super::*;

// ---------------------------------------------------------------- defining a struct

/// The layout rules' view of a field list, or a clear error.
pub(crate) fn define(cls: &Bound<'_, PyType>, union: bool) -> PyResult<()> {
    let py = cls.py();
    let own = cls.getattr("__dict__")?;
    let Ok(fields) = own.get_item("_fields_") else {
        return Ok(()); // no _fields_ of its own: an abstract base, or inherits
    };
    let name = cls.name()?.to_string();
    let pack = match own.get_item("_pack_") {
        Ok(pack) => Some(pack.extract::<usize>()?),
        Err(_) => None,
    };
    let mut parsed = Vec::new();
    for (index, item) in fields.try_iter()?.enumerate() {
        let item = item?;
        let pair = item
            .cast::<PyTuple>()
            .ok()
            .filter(|t| t.len() == 2)
            .ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "{name}._fields_ item {index} must be a (name, type) pair"
                ))
            })?;
        let field_name: String = pair.get_item(0)?.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "{name}._fields_ item {index}: a field name is a str"
            ))
        })?;
        let info = info_of(&pair.get_item(1)?).map_err(|error| {
            PyTypeError::new_err(format!(
                "{name}._fields_ '{field_name}': {}",
                error.value(py)
            ))
        })?;
        parsed.push((field_name, info));
    }
    let extents: Vec<Extent> = parsed.iter().map(|(_, info)| info.extent()).collect();
    let placed = layout::place(&extents, union, pack).map_err(|error| match error {
        layout::LayoutError::BadPack(pack) => {
            PyValueError::new_err(format!("{name}._pack_ must be a power of two, not {pack}"))
        }
        layout::LayoutError::TooLarge => {
            PyValueError::new_err(format!("{name} is larger than memory"))
        }
    })?;
    let info = Arc::new(StructInfo {
        name: name.clone(),
        class: pyo3::types::PyWeakrefReference::new(cls)?.unbind(),
        fields: parsed
            .into_iter()
            .zip(&placed.offsets)
            .map(|((name, info), &offset)| Field { name, info, offset })
            .collect(),
        size: placed.size,
        align: placed.align,
        union,
    });
    for (index, field) in info.fields.iter().enumerate() {
        let descriptor = CField {
            owner: Arc::clone(&info),
            index,
        };
        cls.setattr(field.name.as_str(), descriptor)?;
    }
    cls.setattr(
        "_layout_",
        StructLayout {
            info: Arc::new(Info::Struct(info)),
        },
    )
}

// ANCHOR: field
/// A field descriptor: `Point.x`. On the class it describes the field
/// (`offset`, `size`); on an instance it reads or writes the bytes.
#[pyclass(module = "minictypes", frozen, name = "CField")]
pub(crate) struct CField {
    owner: Arc<StructInfo>,
    index: usize,
}

impl CField {
    fn field(&self) -> &Field {
        &self.owner.fields[self.index]
    }
}

#[pymethods]
impl CField {
    /// The field's offset from the start of the struct, in bytes.
    #[getter]
    fn offset(&self) -> usize {
        self.field().offset
    }

    /// The field's size, in bytes.
    #[getter]
    fn size(&self) -> usize {
        self.field().info.extent().size
    }

    fn __get__<'py>(
        slf: &Bound<'py, Self>,
        instance: Option<&Bound<'py, PyAny>>,
        _owner: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some(instance) = instance else {
            return Ok(slf.clone().into_any()); // Point.x: the descriptor itself
        };
        let field = slf.get().field();
        let base = instance.cast::<CData>()?.borrow().address();
        read(slf.py(), &field.info, base + field.offset, instance)
    }

    fn __set__(&self, instance: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let field = self.field();
        let mut data = instance.cast::<CData>()?.borrow_mut();
        let base = data.address();
        let place = Place::Field {
            owner: &self.owner.name,
            name: &field.name,
        };
        write(
            &field.info,
            base + field.offset,
            value,
            &mut data.objects,
            place,
        )
    }

    fn __repr__(&self) -> String {
        let field = self.field();
        format!(
            "<Field {}.{} type={}, offset={}, size={}>",
            self.owner.name,
            field.name,
            field.info.name(),
            field.offset,
            field.info.extent().size
        )
    }
}
// ANCHOR_END: field
