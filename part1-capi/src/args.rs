//! Argument parsing by hand, for both calling conventions.
//!
//! CPython hands a C function its arguments in one of two shapes: a tuple
//! plus a dict (`tp_new`, `METH_VARARGS | METH_KEYWORDS`), or a C array plus
//! a tuple of keyword names (`METH_FASTCALL | METH_KEYWORDS`, vectorcall).
//! Both end here, in one slot per parameter. Every reference in the slots is
//! **borrowed** from the caller's tuple, dict or array, valid until we return.
//!
//! The error messages are pyo3's (Part VII), word for word, so the two
//! modules behave the same.

use pyo3_ffi::*;

use crate::py;

// ANCHOR: parameters
/// A callable's parameters: positional-or-keyword first, then keyword-only.
pub(crate) struct Parameters {
    /// How messages name the callable, e.g. `Config.__new__()`.
    pub name: &'static str,
    /// Names of the parameters that may be passed by position.
    pub positional: &'static [&'static str],
    /// How many of those must be given.
    pub required: usize,
    /// Names of the keyword-only parameters (all optional here).
    pub keyword_only: &'static [&'static str],
}

/// One borrowed reference per parameter, NULL where the caller gave none.
pub(crate) type Slots<const N: usize> = [*mut PyObject; N];
// ANCHOR_END: parameters

impl Parameters {
    fn index_of(&self, keyword: *mut PyObject) -> Option<usize> {
        self.positional
            .iter()
            .chain(self.keyword_only)
            .position(|name| {
                let name = std::ffi::CString::new(*name).expect("parameter names have no NUL");
                // SAFETY: GIL held by our caller; `keyword` is a str (checked).
                unsafe { PyUnicode_CompareWithASCIIString(keyword, name.as_ptr()) == 0 }
            })
    }

    // ANCHOR: tuple_dict
    /// `tp_new` and `METH_VARARGS | METH_KEYWORDS`: positional arguments in a
    /// tuple, keywords in a dict (which may be NULL).
    ///
    /// # Safety
    /// GIL held; `args` is a tuple; `kwargs` is NULL or a dict.
    pub(crate) unsafe fn parse_tuple_dict<const N: usize>(
        &self,
        args: *mut PyObject,
        kwargs: *mut PyObject,
    ) -> Option<Slots<N>> {
        let mut slots = [py::NULL; N];
        // SAFETY: GIL held; `args` is a tuple, so Size and GetItem (which
        // returns a borrowed reference) cannot fail for these indexes.
        let given = unsafe { PyTuple_Size(args) } as usize;
        if given > self.positional.len() {
            return self.too_many(given);
        }
        for (index, slot) in slots.iter_mut().enumerate().take(given) {
            // SAFETY: as above.
            *slot = unsafe { PyTuple_GetItem(args, index as Py_ssize_t) };
        }
        if !kwargs.is_null() {
            let mut position: Py_ssize_t = 0;
            let (mut key, mut value) = (py::NULL, py::NULL);
            // SAFETY: GIL held; PyDict_Next yields borrowed references and
            // we do not change the dict while iterating.
            while unsafe { PyDict_Next(kwargs, &mut position, &mut key, &mut value) } != 0 {
                // SAFETY: both are borrowed from the dict, alive until we return.
                unsafe { self.keyword(&mut slots, given, key, value)? };
            }
        }
        self.check_required(&slots)
    }
    // ANCHOR_END: tuple_dict

    // ANCHOR: fastcall
    /// `METH_FASTCALL | METH_KEYWORDS`: the first `nargs` entries of `args`
    /// are positional; the values of the keywords named in `kwnames` follow.
    ///
    /// # Safety
    /// GIL held; `args` holds `nargs` + len(`kwnames`) live references;
    /// `kwnames` is NULL or a tuple of str.
    pub(crate) unsafe fn parse_fastcall<const N: usize>(
        &self,
        args: *const *mut PyObject,
        nargs: Py_ssize_t,
        kwnames: *mut PyObject,
    ) -> Option<Slots<N>> {
        let mut slots = [py::NULL; N];
        let given = nargs as usize;
        if given > self.positional.len() {
            return self.too_many(given);
        }
        for (index, slot) in slots.iter_mut().enumerate().take(given) {
            // SAFETY: index < nargs, within the caller's array.
            *slot = unsafe { *args.add(index) };
        }
        if !kwnames.is_null() {
            // SAFETY: GIL held; `kwnames` is a tuple.
            let keywords = unsafe { PyTuple_Size(kwnames) } as usize;
            for k in 0..keywords {
                // SAFETY: borrowed name from the tuple; its value follows
                // the positional arguments in the same array.
                unsafe {
                    let key = PyTuple_GetItem(kwnames, k as Py_ssize_t);
                    self.keyword(&mut slots, given, key, *args.add(given + k))?;
                }
            }
        }
        self.check_required(&slots)
    }
    // ANCHOR_END: fastcall

    /// Puts one keyword argument in its slot, or raises TypeError.
    unsafe fn keyword<const N: usize>(
        &self,
        slots: &mut Slots<N>,
        given: usize,
        key: *mut PyObject,
        value: *mut PyObject,
    ) -> Option<()> {
        // SAFETY: GIL held by our caller; `key` is a live object.
        if unsafe { PyUnicode_Check(key) } == 0 {
            // Only reachable from C callers: Python itself refuses non-str keywords.
            // SAFETY: GIL held.
            unsafe { py::raise(PyExc_TypeError, "keywords must be strings") };
            return None;
        }
        let Some(index) = self.index_of(key) else {
            let before = format!("{} got an unexpected keyword argument '", self.name);
            // SAFETY: GIL held; `key` is a str. The key is joined as a Python
            // str: it may hold a lone surrogate, which UTF-8 cannot.
            unsafe { py::raise_around(PyExc_TypeError, &before, key, "'") };
            return None;
        };
        if index < given {
            let name = self.positional[index];
            return self.fail(&format!(
                "{} got multiple values for argument '{name}'",
                self.name
            ));
        }
        slots[index] = value;
        Some(())
    }

    fn check_required<const N: usize>(&self, slots: &Slots<N>) -> Option<Slots<N>> {
        let missing: Vec<&str> = (0..self.required)
            .filter(|&index| slots[index].is_null())
            .map(|index| self.positional[index])
            .collect();
        if missing.is_empty() {
            return Some(*slots);
        }
        let noun = if missing.len() == 1 {
            "argument"
        } else {
            "arguments"
        };
        let names = quoted_list(&missing);
        self.fail(&format!(
            "{} missing {} required positional {noun}: {names}",
            self.name,
            missing.len()
        ))
    }

    fn too_many<T>(&self, given: usize) -> Option<T> {
        let was = if given == 1 { "was" } else { "were" };
        let count = self.positional.len();
        let takes = if self.required == count {
            format!("{count}")
        } else {
            format!("from {} to {count}", self.required)
        };
        self.fail(&format!(
            "{} takes {takes} positional arguments but {given} {was} given",
            self.name
        ))
    }

    fn fail<T>(&self, message: &str) -> Option<T> {
        // SAFETY: only called while parsing, with the GIL held.
        unsafe { py::raise(PyExc_TypeError, message) };
        None
    }
}

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`: pyo3's list style.
fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("'{name}'")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}
