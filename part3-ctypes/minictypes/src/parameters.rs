//! `paramflags`: a function pointer's parameters by name, with defaults,
//! and *output parameters* that the call makes and returns.
//!
//! `PROTO(("name", library), paramflags)` gives each parameter a tuple
//! `(flags[, name[, default]])`, as in ctypes: flag 1 is an input (the
//! caller passes it, by position or by name), 2 an output (the call makes a
//! `T` for a `POINTER(T)` parameter, passes its address, and returns what
//! C wrote there), 3 both (0 is an input too; ctypes' 4, Windows' locale
//! id, is refused, as ctypes refuses it on Linux). A call of such a
//! function returns its outputs instead of the C result (one output: its
//! value; several: a tuple), which is how ctypes lets `int f(int *out)` read
//! as `value = f()`. Only the cold path reads this: a function without
//! `paramflags` never looks.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

/// What `paramflags` says of one parameter.
struct Parameter {
    name: Option<Py<PyString>>,
    /// The caller passes it (by position or `name`).
    input: bool,
    /// The call returns it: the class the call makes one of (the `T` of
    /// its `POINTER(T)` type), and whether that is a scalar class (whose
    /// `.value` is returned; anything else is returned itself).
    output: Option<(Py<PyAny>, bool)>,
    default: Option<Py<PyAny>>,
}

/// Every parameter of one function pointer, in order.
pub(crate) struct Parameters(Vec<Parameter>);

/// Flags, as ctypes numbers them.
const INPUT: u32 = 1;
const OUTPUT: u32 = 2;

impl Parameters {
    /// `paramflags` for a prototype whose argument types are `argtypes`:
    /// one tuple per argument; an output's type must be a pointer class.
    pub(crate) fn parse(
        paramflags: &Bound<'_, PyAny>,
        argtypes: &Bound<'_, PyTuple>,
    ) -> PyResult<Self> {
        let shape = || {
            PyTypeError::new_err("paramflags must be a sequence of (int [,string [,value]]) tuples")
        };
        let items = paramflags
            .cast::<PyTuple>()
            .map_err(|_| shape())?
            .iter()
            .collect::<Vec<_>>();
        if items.len() != argtypes.len() {
            return Err(PyValueError::new_err(format!(
                "paramflags must have the same length as argtypes ({} given for {})",
                items.len(),
                argtypes.len()
            )));
        }
        let mut parameters = Vec::with_capacity(items.len());
        for (index, (item, argtype)) in items.iter().zip(argtypes.iter()).enumerate() {
            let item = item.cast::<PyTuple>().map_err(|_| shape())?;
            if item.is_empty() || item.len() > 3 {
                return Err(shape());
            }
            let flags: u32 = item.get_item(0)?.extract().map_err(|_| shape())?;
            if flags & !(INPUT | OUTPUT) != 0 {
                return Err(PyTypeError::new_err(format!(
                    "paramflags {}: flags {flags} is not 1 (in), 2 (out) or 3 (in and out)",
                    index + 1
                )));
            }
            let name = match item.len() {
                1 => None,
                _ => {
                    let name = item.get_item(1)?;
                    if name.is_none() {
                        None
                    } else {
                        Some(name.cast_into::<PyString>().map_err(|_| shape())?.unbind())
                    }
                }
            };
            let default = (item.len() == 3)
                .then(|| item.get_item(2))
                .transpose()?
                .map(Bound::unbind);
            let output = if flags & OUTPUT != 0 {
                // The call makes a `T` for a `POINTER(T)` parameter.
                let is_pointer = crate::cdata::info_of(&argtype)
                    .is_ok_and(|info| matches!(*info, crate::cdata::Info::Pointer(_)));
                let target = argtype.getattr("_type_").ok().filter(|_| is_pointer);
                match target {
                    Some(target) => {
                        let scalar = target
                            .getattr("_type_")
                            .is_ok_and(|code| code.is_instance_of::<PyString>());
                        Some((target.unbind(), scalar))
                    }
                    None => {
                        return Err(PyTypeError::new_err(format!(
                            "'out' parameter {} must be a pointer type, not {}",
                            index + 1,
                            argtype.repr()?
                        )));
                    }
                }
            } else {
                None
            };
            let input = flags & OUTPUT == 0 || flags & INPUT != 0;
            parameters.push(Parameter {
                name,
                input,
                output,
                default,
            });
        }
        Ok(Self(parameters))
    }

    /// The full argument list of a call given `positional` and `keywords`:
    /// inputs from the caller (or their defaults), an output made fresh.
    /// Also the positions of the outputs, for `result`.
    pub(crate) fn arrange<'py>(
        &self,
        py: Python<'py>,
        function: &str,
        positional: &[Borrowed<'_, 'py, PyAny>],
        keywords: &[(Bound<'py, PyString>, Bound<'py, PyAny>)],
    ) -> PyResult<(Vec<Bound<'py, PyAny>>, Vec<usize>)> {
        let inputs = self.0.iter().filter(|parameter| parameter.input).count();
        if positional.len() > inputs {
            return Err(PyTypeError::new_err(format!(
                "{function}() takes at most {inputs} arguments ({} given)",
                positional.len()
            )));
        }
        for (keyword, _) in keywords {
            let known = self.0.iter().any(|parameter| {
                parameter.input
                    && parameter
                        .name
                        .as_ref()
                        .is_some_and(|name| name.bind(py).as_any().eq(keyword).unwrap_or(false))
            });
            if !known {
                return Err(PyTypeError::new_err(format!(
                    "{function}() got an unexpected keyword argument '{keyword}'"
                )));
            }
        }
        let mut given = positional.iter();
        let mut arguments = Vec::with_capacity(self.0.len());
        let mut outputs = Vec::new();
        for (index, parameter) in self.0.iter().enumerate() {
            if let Some((class, _)) = &parameter.output {
                outputs.push(index);
                if !parameter.input {
                    arguments.push(class.bind(py).call0()?);
                    continue;
                }
            }
            let by_name = parameter.name.as_ref().and_then(|name| {
                keywords
                    .iter()
                    .find(|(keyword, _)| name.bind(py).as_any().eq(keyword).unwrap_or(false))
                    .map(|(_, value)| value.clone())
            });
            let value = match (given.next(), by_name) {
                (Some(_), Some(_)) => {
                    return Err(PyTypeError::new_err(format!(
                        "{function}() got multiple values for argument '{}'",
                        self.name_of(py, index)
                    )));
                }
                (Some(value), None) => (*value).to_owned(),
                (None, Some(value)) => value,
                (None, None) => match &parameter.default {
                    Some(default) => default.bind(py).clone(),
                    None => {
                        return Err(PyTypeError::new_err(format!(
                            "required argument '{}' missing",
                            self.name_of(py, index)
                        )));
                    }
                },
            };
            arguments.push(value);
        }
        Ok((arguments, outputs))
    }

    /// A parameter's name for a message (its position if it has none).
    fn name_of(&self, py: Python<'_>, index: usize) -> String {
        self.0[index].name.as_ref().map_or_else(
            || format!("{}", index + 1),
            |name| name.bind(py).to_string(),
        )
    }

    /// What the call returns: `result` if there is no output; else each
    /// output's value (a scalar's `.value`, anything else itself; an output
    /// the caller passed, itself), one alone or several in a tuple.
    pub(crate) fn result<'py>(
        &self,
        arguments: &[Bound<'py, PyAny>],
        outputs: &[usize],
        result: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let value = |index: usize| -> PyResult<Bound<'py, PyAny>> {
            let output = &arguments[index];
            // An output the caller passed (flag 3) comes back as it was
            // given, as in ctypes; one the call made, by its value.
            let parameter = &self.0[index];
            match &parameter.output {
                Some((_, true)) if !parameter.input => {
                    output.getattr(pyo3::intern!(output.py(), "value"))
                }
                _ => Ok(output.clone()),
            }
        };
        match outputs {
            [] => Ok(result),
            [only] => value(*only),
            many => {
                let values = many
                    .iter()
                    .map(|index| value(*index))
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(PyTuple::new(result.py(), values)?.into_any())
            }
        }
    }

    /// Every Python object held, for the garbage collector.
    pub(crate) fn held(&self) -> impl Iterator<Item = *mut pyo3::ffi::PyObject> + '_ {
        self.0.iter().flat_map(|parameter| {
            [
                parameter.name.as_ref().map(|name| name.as_ptr()),
                parameter.output.as_ref().map(|(class, _)| class.as_ptr()),
                parameter.default.as_ref().map(Py::as_ptr),
            ]
            .into_iter()
            .flatten()
        })
    }
}
