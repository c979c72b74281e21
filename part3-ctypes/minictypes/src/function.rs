//! A declared foreign function: its declaration, its prepared `Cif`, and
//! the call.
//!
//! How Python reaches `ForeignFunction::call` (the object, its type and its
//! vectorcall entry) is in `entry.rs`.

use std::cell::{Cell, RefCell};
use std::ffi::c_void;
use std::sync::Arc;

use libffi::middle::{Cif, CodePtr};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::callback::{CFuncType, Callback};
use crate::cdata;
use crate::convert;
use crate::direct;
use crate::express;
use crate::types::Kind;

/// A declared argument: a plain C type, or a callback type (`CFUNCTYPE`).
#[derive(Clone)]
pub(crate) enum ArgType {
    Plain(Kind),
    /// Shared, not re-referenced: cloning the declaration never touches
    /// Python reference counts (no GIL needed).
    Callback(Arc<Py<CFuncType>>),
    /// `POINTER(T)`: an address of a `T` (cdata.rs says what gives one).
    Pointer(Arc<cdata::Info>),
    /// A struct passed by value: libffi copies its bytes where the calling
    /// convention says (registers or stack).
    Struct(Arc<cdata::Info>),
    /// Any object with a `from_param` method (ctypes' protocol for
    /// adapters, `numpy.ctypeslib.ndpointer` among them): what it returns
    /// for each value is passed as a `void *`.
    Adapter(Arc<Py<PyAny>>),
}

/// A declared result: a plain C type or `void`, or C data (a struct by
/// value, a pointer) that comes back as a minictypes instance.
#[derive(Clone)]
pub(crate) enum Restype {
    Plain(Option<Kind>),
    Data(Arc<cdata::Info>),
    /// A `CFUNCTYPE`: the address comes back as a function pointer of it.
    FunctionPointer(Arc<Py<CFuncType>>),
}

impl ArgType {
    fn ffi_type(&self) -> libffi::middle::Type {
        match self {
            Self::Plain(kind) => kind.ffi_type(),
            Self::Callback(_) | Self::Pointer(_) | Self::Adapter(_) => {
                libffi::middle::Type::pointer()
            }
            Self::Struct(info) => info.ffi_type(),
        }
    }

    /// What the fast path (`direct.rs`) needs to know of this argument.
    fn register(&self) -> direct::Register {
        match self {
            Self::Plain(kind) => direct::Register::Scalar(*kind),
            Self::Callback(_) | Self::Pointer(_) | Self::Adapter(_) => direct::Register::Address,
            Self::Struct(_) => direct::Register::Other,
        }
    }
}

// ANCHOR: prepared
/// The signature turned into what libffi needs, built once per declaration
/// and shared (`Arc`) with every call in flight.
struct Prepared {
    /// The function's name, for error messages.
    name: String,
    cif: Cif,
    args: Vec<ArgType>,
    result: Option<Kind>,
    /// A struct or pointer result, converted by cdata.rs instead.
    data_result: Option<Arc<cdata::Info>>,
    /// A function pointer result: the address, made a function of this type.
    function_result: Option<Arc<Py<CFuncType>>>,
    /// Which fast path (`direct.rs`) makes this call instead of `ffi_call`,
    /// if one may, and what it needs to know of each argument.
    direct: Option<direct::Direct>,
    registers: Vec<direct::Register>,
    /// The express call's plan (`express.rs`), if the signature allows it.
    express: Option<express::Plan>,
    /// 8-byte words of result storage: one, or as many as a struct returned
    /// by value needs (fixed here, as the Cif is: libffi writes that many
    /// bytes whatever happens to the struct's class later).
    result_words: usize,
}
// ANCHOR_END: prepared

// SAFETY: the raw pointers inside the Cif point into memory owned by the
// same Cif (its argument type array), which is only read after `Cif::new`.
unsafe impl Send for Prepared {}
// SAFETY: as above.
unsafe impl Sync for Prepared {}

/// What the caller has declared so far, and the `Prepared` made from it.
#[derive(Default)]
struct Declaration {
    argtypes: Option<Vec<ArgType>>,
    restype: Option<Restype>,
    /// The objects declared, as given (`argtypes` as a tuple): kept, as
    /// ctypes keeps them, so a struct class named here lives as long as the
    /// declaration does (its layout is what `prepare` reads), and handed
    /// back by the getters.
    declared_argtypes: Option<Py<PyTuple>>,
    declared_restype: Option<Py<PyAny>>,
    prepared: Option<Arc<Prepared>>,
    /// `errcheck`: called with every result, if set (errcheck.rs).
    errcheck: Option<Py<PyAny>>,
}

/// `lib.add`: a symbol, plus the types the caller declared for it. The
/// Python object around it is built in `entry.rs`.
pub(crate) struct ForeignFunction {
    name: String,
    /// The library the code is in, kept loaded; None for a function
    /// pointer made from an address (what it points into is the caller's).
    library: Option<Arc<libloading::Library>>,
    code: CodePtr,
    /// Release the GIL around the call (`CDLL`), or keep it (`PyDLL`).
    release_gil: bool,
    /// Swap `errno` with the thread's private copy around the call.
    use_errno: bool,
    /// Only touched with the GIL held. Redeclaring the types (from another
    /// thread while the GIL is released, or from a callback inside the call)
    /// replaces `prepared` here, while a running call keeps the one it
    /// started with.
    declaration: RefCell<Declaration>,
    /// What owns the code and must outlive this function (the struct a
    /// callback's address was read from); None for a library's function.
    kept: Option<Py<PyAny>>,
    /// `paramflags` (parameters.rs), for a function pointer made with them.
    parameters: Option<Arc<crate::parameters::Parameters>>,
    /// The express call's plan, copied out of the declaration whenever it
    /// changes (`refresh_express`): None while anything stands in the way
    /// (an errcheck hook, paramflags, use_errno, a type it does not convert).
    express: Cell<Option<express::Plan>>,
}

impl ForeignFunction {
    pub(crate) fn new(
        name: &str,
        library: Option<Arc<libloading::Library>>,
        code: CodePtr,
        (release_gil, use_errno): (bool, bool),
    ) -> Self {
        Self {
            name: name.to_owned(),
            library,
            code,
            release_gil,
            use_errno,
            declaration: RefCell::default(),
            kept: None,
            parameters: None,
            express: Cell::new(None),
        }
    }

    /// This function, keeping `kept` alive as long as it lives.
    pub(crate) fn keeping(self, kept: Option<Py<PyAny>>) -> Self {
        Self { kept, ..self }
    }

    /// This function, its parameters as `paramflags` says.
    pub(crate) fn with_parameters(self, parameters: crate::parameters::Parameters) -> Self {
        Self {
            parameters: Some(Arc::new(parameters)),
            // Keywords and defaults take the general call.
            express: Cell::new(None),
            ..self
        }
    }

    /// Its `paramflags`, if it was made with them.
    pub(crate) fn parameters(&self) -> Option<&Arc<crate::parameters::Parameters>> {
        self.parameters.as_ref()
    }

    /// What it keeps alive, for the garbage collector.
    pub(crate) fn kept(&self) -> Option<*mut pyo3::ffi::PyObject> {
        self.kept.as_ref().map(Py::as_ptr)
    }

    // ANCHOR: prepare
    /// Builds the Cif once both declarations are known: libffi works out
    /// here, not per call, where each argument goes.
    fn prepare(&self, declaration: &mut Declaration) {
        // A NULL function pointer is never prepared: a call is refused.
        if self.code.as_ptr().is_null() {
            declaration.prepared = None;
            return;
        }
        declaration.prepared = match (&declaration.argtypes, &declaration.restype) {
            (Some(args), Some(restype)) => {
                let mut function_result = None;
                let (result, data_result, result_type) = match restype {
                    Restype::Plain(kind) => (
                        *kind,
                        None,
                        kind.map_or_else(libffi::middle::Type::void, Kind::ffi_type),
                    ),
                    Restype::Data(info) => (None, Some(Arc::clone(info)), info.ffi_type()),
                    Restype::FunctionPointer(prototype) => {
                        function_result = Some(Arc::clone(prototype));
                        (Some(Kind::VoidP), None, libffi::middle::Type::pointer())
                    }
                };
                let cif = Cif::new(args.iter().map(ArgType::ffi_type), result_type);
                let registers: Vec<direct::Register> = args.iter().map(ArgType::register).collect();
                // A function pointer result is made on the libffi path only.
                let direct = direct::possible(&registers, result)
                    .filter(|_| data_result.is_none() && function_result.is_none());
                Some(Arc::new(Prepared {
                    name: self.name.clone(),
                    cif,
                    args: args.clone(),
                    result,
                    direct,
                    express: express::Plan::new(direct, &registers, result),
                    registers,
                    result_words: data_result
                        .as_ref()
                        .map_or(1, |info| info.extent().size.div_ceil(8).max(1)),
                    data_result,
                    function_result,
                }))
            }
            _ => None,
        };
        self.refresh_express(declaration);
    }
    // ANCHOR_END: prepare

    // ANCHOR: refresh_express
    /// Copies the express plan out of `declaration`, or None if anything
    /// the general call does would be skipped: every change to the
    /// declaration ends here.
    fn refresh_express(&self, declaration: &Declaration) {
        let plan = declaration
            .prepared
            .as_ref()
            .and_then(|prepared| prepared.express)
            .filter(|_| {
                declaration.errcheck.is_none() && self.parameters.is_none() && !self.use_errno
            });
        self.express.set(plan);
    }
    // ANCHOR_END: refresh_express

    /// The same code, under `name`, with nothing declared yet: what a
    /// `CFUNCTYPE` makes of `("name", library)` and declares its own way.
    pub(crate) fn undeclared_copy(&self, name: &str) -> Self {
        Self::new(
            name,
            self.library.clone(),
            self.code,
            (self.release_gil, self.use_errno),
        )
    }

    /// Why a call cannot be made: a NULL function pointer, or no types yet.
    #[cold]
    fn unprepared(&self) -> PyErr {
        if self.code.as_ptr().is_null() {
            return pyo3::exceptions::PyValueError::new_err(format!(
                "{}() is a NULL function pointer: there is no code to call",
                self.name
            ));
        }
        undeclared(&self.name)
    }

    /// Where the symbol is: the function's address, or a variable's.
    pub(crate) fn address(&self) -> usize {
        self.code.as_ptr() as usize
    }

    /// The symbol's name.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The declared argument types (None until set).
    pub(crate) fn argtypes(&self, py: Python<'_>) -> PyResult<Option<Py<PyTuple>>> {
        let declaration = self.declaration.borrow();
        Ok(declaration
            .declared_argtypes
            .as_ref()
            .map(|declared| declared.clone_ref(py)))
    }

    pub(crate) fn set_argtypes(&self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        // `f.argtypes = None` takes the declaration back, as in ctypes (a
        // call is then refused until argtypes are declared again).
        if value.is_none() {
            let old = {
                let mut declaration = self.declaration.borrow_mut();
                declaration.argtypes = None;
                declaration.prepared = None;
                self.refresh_express(&declaration);
                declaration.declared_argtypes.take()
            };
            drop(old); // after the borrow: dropping may run Python code
            return Ok(());
        }
        // Parsed before the declaration is borrowed: iterating may run
        // Python code, which may look at this function again.
        let items = value.try_iter()?.collect::<PyResult<Vec<_>>>()?;
        let parsed = items
            .iter()
            .enumerate()
            .map(|(index, item)| parse_argtype(item, index + 1))
            .collect::<PyResult<Vec<_>>>()?;
        crate::argument_error::check_count(parsed.len())?;
        let declared = PyTuple::new(value.py(), items)?.unbind();
        let old = {
            let mut declaration = self.declaration.borrow_mut();
            declaration.argtypes = Some(parsed);
            self.prepare(&mut declaration);
            declaration.declared_argtypes.replace(declared)
        };
        drop(old);
        Ok(())
    }

    /// The declared result type: a type, or None for `void`.
    pub(crate) fn restype(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let declaration = self.declaration.borrow();
        Ok(declaration
            .declared_restype
            .as_ref()
            .filter(|declared| !declared.is_none(py))
            .map(|declared| declared.clone_ref(py)))
    }

    pub(crate) fn set_restype(&self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let restype = if value.is_none() {
            Restype::Plain(None)
        } else if let Ok(prototype) = value.cast::<CFuncType>() {
            Restype::FunctionPointer(Arc::new(prototype.clone().unbind()))
        } else if let Some(kind) = cdata::kind_of(value) {
            kind.check_in_calls()?;
            if kind == Kind::Buffer {
                return Err(PyTypeError::new_err(
                    "c_buffer is for arguments only; a result is c_void_p",
                ));
            }
            Restype::Plain(Some(kind))
        } else if let Ok(info) = cdata::info_of(value)
            && matches!(&*info, cdata::Info::Struct(_) | cdata::Info::Pointer(_))
        {
            info.check_by_value()?;
            Restype::Data(info)
        } else {
            return Err(PyTypeError::new_err(format!(
                "restype must be a minictypes type or None (void), not {}",
                value.repr()?
            )));
        };
        let old = {
            let mut declaration = self.declaration.borrow_mut();
            declaration.restype = Some(restype);
            self.prepare(&mut declaration);
            declaration.declared_restype.replace(value.clone().unbind())
        };
        drop(old); // after the borrow: dropping may run Python code
        Ok(())
    }

    /// The Python objects this function keeps that could lead back to it
    /// (its errcheck hook, a method of an object that holds the function;
    /// the declared types, a class whose attribute is the function), for the
    /// garbage collector. None while the declaration is borrowed: the
    /// collector never runs inside a redeclaration.
    pub(crate) fn held_for_collector(&self) -> [Option<*mut pyo3::ffi::PyObject>; 3] {
        let Ok(declaration) = self.declaration.try_borrow() else {
            return [None; 3];
        };
        [
            declaration.errcheck.as_ref().map(Py::as_ptr),
            declaration.declared_argtypes.as_ref().map(Py::as_ptr),
            declaration.declared_restype.as_ref().map(Py::as_ptr),
        ]
    }

    /// Takes the whole declaration back (the collector breaking a cycle):
    /// the function is left undeclared, as new, and a call is refused. The
    /// caller drops what it returns once the borrow has ended.
    pub(crate) fn take_declaration(&self) -> Option<impl Sized> {
        self.declaration
            .try_borrow_mut()
            .ok()
            .map(|mut declaration| {
                self.express.set(None);
                std::mem::take(&mut *declaration)
            })
    }

    /// The errcheck hook, or None.
    pub(crate) fn errcheck(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.declaration
            .borrow()
            .errcheck
            .as_ref()
            .map(|hook| hook.clone_ref(py))
    }

    /// `function.errcheck = value` (Some), or `del function.errcheck` (None).
    pub(crate) fn set_errcheck(&self, value: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let hook = value.map(crate::errcheck::errcheck().accept).transpose()?;
        // The old hook is dropped after the borrow ends: dropping it may run
        // Python code that looks at this function again.
        let old = {
            let mut declaration = self.declaration.borrow_mut();
            let old = std::mem::replace(&mut declaration.errcheck, hook);
            self.refresh_express(&declaration);
            old
        };
        drop(old);
        Ok(())
    }

    // ANCHOR: checked
    /// The result the caller gets: `result` itself, or what the errcheck
    /// hook makes of it. `this` is the function object, `args` the call's.
    #[inline]
    pub(crate) fn checked(
        &self,
        py: Python<'_>,
        this: Borrowed<'_, '_, PyAny>,
        args: &[Borrowed<'_, '_, PyAny>],
        result: Py<PyAny>,
    ) -> PyResult<Py<PyAny>> {
        if self.declaration.borrow().errcheck.is_none() {
            return Ok(result);
        }
        self.check_with_hook(py, this, args, result)
    }

    #[inline(never)]
    fn check_with_hook(
        &self,
        py: Python<'_>,
        this: Borrowed<'_, '_, PyAny>,
        args: &[Borrowed<'_, '_, PyAny>],
        result: Py<PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let args = PyTuple::new(py, args.iter().map(|arg| arg.to_owned()))?;
        let result = result.into_bound(py);
        let answer = self.hook_answer(&this, &args, &result)?;
        Ok(answer.unwrap_or(result).unbind())
    }
    // ANCHOR_END: checked

    /// What the errcheck hook answers for `result` of a call with `args`
    /// (None if there is no hook). Bound, not Py: this runs inside the
    /// hand-made call slot, where a dropped Py would be released only at
    /// pyo3's next entry (and an object whose method is the hook could not
    /// be collected till then).
    pub(crate) fn hook_answer<'py>(
        &self,
        this: &Bound<'py, PyAny>,
        args: &Bound<'py, PyTuple>,
        result: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let py = this.py();
        let Some(hook) = self.errcheck(py).map(|hook| hook.into_bound(py)) else {
            return Ok(None);
        };
        let apply = crate::errcheck::errcheck().apply;
        apply(&hook, result.clone(), this, args).map(Some)
    }

    /// Whether calls with plain values take the express call now.
    pub(crate) fn has_express(&self) -> bool {
        self.express.get().is_some()
    }

    // ANCHOR: call_express
    /// The express call (`express.rs`), or None: then the general `call`.
    /// Its result is the C API's: a new reference, or NULL with the
    /// exception set.
    #[inline]
    pub(crate) fn call_express(
        &self,
        py: Python<'_>,
        args: &[Borrowed<'_, '_, PyAny>],
    ) -> Option<*mut pyo3::ffi::PyObject> {
        let plan = self.express.get()?;
        let code = self.code.as_ptr() as usize;
        // The plan exists only for a declaration the direct path takes
        // (`direct::possible`), and is called as the direct path calls it.
        let answer = if plan.has_doubles() {
            let (registers, doubles) = plan.registers_and_doubles(args)?;
            // SAFETY: as above; that the declaration is true is the
            // caller's promise, as for ffi_call.
            let call = move || unsafe { direct::call_with_doubles(code, registers, doubles) };
            self.around_call(py, call)
        } else {
            let registers = plan.registers(args)?;
            // SAFETY: as above.
            let call = move || unsafe { direct::call(code, registers) };
            self.around_call(py, call)
        };
        Some(express::result(py, plan.result(), answer))
    }
    // ANCHOR_END: call_express

    // ANCHOR: call
    /// Converts every argument into its slot, releases the GIL, calls
    /// through libffi, reacquires it and converts the result. `args` are
    /// the caller's, borrowed for the call (vectorcall hands them over as
    /// an array; no tuple is made).
    pub(crate) fn call(
        &self,
        py: Python<'_>,
        args: &[Borrowed<'_, '_, PyAny>],
    ) -> PyResult<Py<PyAny>> {
        // Take the declaration (a reference count, not a lock), so that the
        // types may be redeclared while this call is in flight.
        let Some(prepared) = self.declaration.borrow().prepared.clone() else {
            return Err(self.unprepared());
        };
        let count = prepared.args.len();
        if args.len() != count {
            return Err(wrong_count(py, &prepared.name, count, args.len()));
        }
        // One 8-byte slot per argument. On the stack for the usual few
        // arguments: no allocation, and a callback that calls this same
        // function gets its own.
        let mut slots = Storage::<u64>::new(count);
        // Copies of str arguments for `c_wchar_p`, alive until we return.
        let mut wide_copies = crate::wide::Copies::default();
        // What arguments' `_as_parameter_` gave, alive until we return.
        let mut stand_ins = Vec::new();
        marshal(
            &prepared,
            args,
            slots.get(),
            &mut wide_copies,
            &mut stand_ins,
        )?;
        if let Some(direct) = prepared.direct {
            // The fast path (direct.rs): the same call, without ffi_call.
            let registers = direct::registers(&prepared.registers, slots.get());
            let code = self.code.as_ptr() as usize;
            if direct == direct::Direct::WithDoubles {
                let doubles = direct::doubles(&prepared.registers, slots.get());
                // SAFETY: as below.
                let answer = self.around_call(py, move || unsafe {
                    direct::call_with_doubles(code, registers, doubles)
                });
                return convert::from_slot(py, prepared.result, answer);
            }
            // SAFETY: `prepared.direct` says the declaration is integers,
            // pointers and doubles (direct::possible); that it is true is
            // the caller's promise, as for ffi_call.
            let answer = self.around_call(py, move || unsafe { direct::call(code, registers) });
            return convert::from_slot(py, prepared.result, answer);
        }
        self.call_through_libffi(py, &prepared, slots.get())
    }
    // ANCHOR_END: call

    // ANCHOR: ffi_call
    /// The call as `_ctypes` makes every call: an array of pointers to the
    /// converted arguments, `ffi_call` with the GIL released, the result
    /// converted back.
    fn call_through_libffi(
        &self,
        py: Python<'_>,
        prepared: &Prepared,
        slots: &mut [u64],
    ) -> PyResult<Py<PyAny>> {
        // The array of pointers to the arguments that `ffi_call` reads.
        let mut pointers = Storage::<*mut c_void>::new(slots.len());
        // ANCHOR: by_value
        for ((pointer, slot), declared) in pointers
            .get()
            .iter_mut()
            .zip(slots.iter_mut())
            .zip(&prepared.args)
        {
            *pointer = match declared {
                // By value: libffi reads the struct's own bytes.
                ArgType::Struct(_) => *slot as *mut c_void,
                _ => (slot as *mut u64).cast(),
            };
        }
        // ANCHOR_END: by_value
        let call = Call {
            cif: prepared.cif.as_raw_ptr(),
            code: self.code,
            pointers: pointers.get().as_mut_ptr(),
        };
        // The result's storage: one register-sized slot, or as many as a
        // struct returned by value needs.
        let mut result = Storage::<u64>::new(prepared.result_words);
        let result_address = result.get().as_mut_ptr() as usize;
        // The GIL is released for the foreign call, as ctypes does; a
        // callback reacquires it (see callback.rs). A PyDLL keeps it.
        let foreign_call = move || {
            let call = call;
            // SAFETY: the Cif describes the declared signature, each pointer
            // points at a slot holding a converted argument (or at a
            // struct), and the result storage is large enough for the
            // declared result. That the declaration matches the real
            // function is the caller's promise, exactly as with ctypes.
            unsafe {
                libffi::raw::ffi_call(
                    call.cif,
                    Some(*call.code.as_fun()),
                    result_address as *mut c_void,
                    call.pointers,
                );
            }
        };
        self.around_call(py, foreign_call);
        if let Some(info) = &prepared.data_result {
            return cdata::from_result(py, info, result.get());
        }
        if let Some(prototype) = &prepared.function_result {
            let address = result.get()[0].into_pyobject(py)?;
            return crate::callback::function_pointer(
                prototype.bind(py),
                address.as_any(),
                None,
                None,
            )
            .map(Bound::unbind);
        }
        convert::from_slot(py, prepared.result, result.get()[0])
    }
    // ANCHOR_END: ffi_call

    /// Runs `foreign_call` with the GIL released (`CDLL`) or kept (`PyDLL`).
    pub(crate) fn around_call<R: Send>(
        &self,
        py: Python<'_>,
        foreign_call: impl FnOnce() -> R + Send,
    ) -> R {
        // With `use_errno`, errno is swapped in and out right around the
        // call, inside the GIL-free section (nothing else runs between).
        let use_errno = self.use_errno;
        let call = move || {
            if use_errno {
                crate::errno::around(foreign_call)
            } else {
                foreign_call()
            }
        };
        if self.release_gil {
            py.detach(call)
        } else {
            call()
        }
    }

    pub(crate) fn repr(&self) -> String {
        format!("<minictypes function {}>", self.name)
    }
}

// ANCHOR: marshal
/// Each argument checked against its declared type and written into its
/// slot: a number as the C value, anything else as an address.
#[inline]
fn marshal<'py>(
    prepared: &Prepared,
    args: &[Borrowed<'_, 'py, PyAny>],
    slots: &mut [u64],
    wide_copies: &mut crate::wide::Copies,
    stand_ins: &mut Vec<Bound<'py, PyAny>>,
) -> PyResult<()> {
    for (index, declared) in prepared.args.iter().enumerate() {
        let value = &args[index];
        let place = crate::naming::Destination::Argument {
            function: &prepared.name,
            index: index + 1,
        };
        slots[index] = match argument(declared, value, place, wide_copies, stand_ins) {
            Ok(slot) => slot,
            Err(error) => stand_in(declared, value, place, wide_copies, stand_ins, error)
                .map_err(|error| crate::argument_error::for_argument(value.py(), error))?,
        };
    }
    Ok(())
}

/// One argument, as its declared type takes it.
#[inline(always)]
fn argument<'py>(
    declared: &ArgType,
    value: &Bound<'py, PyAny>,
    place: crate::naming::Destination<'_>,
    wide_copies: &mut crate::wide::Copies,
    stand_ins: &mut Vec<Bound<'py, PyAny>>,
) -> PyResult<u64> {
    Ok(match declared {
        ArgType::Plain(Kind::WCharP) => {
            wide_copies.argument(value, place, cdata::wchar_array_address)?
        }
        ArgType::Plain(kind) => convert::to_slot(*kind, value, place)?,
        ArgType::Callback(cfunctype) => Callback::address_for(cfunctype, value, place)?,
        // The argument itself keeps what it points into alive until
        // the call returns.
        ArgType::Pointer(target) => cdata::pointer_value(target, value, place)?.0 as u64,
        // The slot holds the struct's address; libffi copies the bytes
        // from there (see `call_through_libffi`).
        ArgType::Struct(info) => cdata::struct_address(info, value, place)? as u64,
        // Python code runs for it, and its result is kept until the call returns.
        ArgType::Adapter(adapter) => adapted(adapter.bind(value.py()), value, place, stand_ins)?,
    })
}
// ANCHOR_END: marshal

// ANCHOR: as_parameter
/// An argument the declared type refused may stand for another value, as
/// in ctypes: its `_as_parameter_` attribute (a wrapper class holding a
/// handle, say) is converted in its place, and kept until the call returns
/// (its slot may point into it). The last value's error stands if none fits.
#[cold]
#[inline(never)]
fn stand_in<'py>(
    declared: &ArgType,
    value: &Bound<'py, PyAny>,
    place: crate::naming::Destination<'_>,
    wide_copies: &mut crate::wide::Copies,
    stand_ins: &mut Vec<Bound<'py, PyAny>>,
    error: PyErr,
) -> PyResult<u64> {
    // An adapter has had its say (`from_param` and `_as_parameter_`).
    if let ArgType::Adapter(_) = declared {
        return Err(error);
    }
    // A scalar instance of the declared kind: the value it holds.
    if let ArgType::Plain(kind) = declared
        && let Some(slot) = cdata::scalar_instance_slot(*kind, value)
    {
        return Ok(slot);
    }
    let name = pyo3::intern!(value.py(), "_as_parameter_");
    let (mut current, mut error) = (value.clone(), error);
    for _ in 0..crate::naming::AS_PARAMETER_DEPTH {
        let Ok(next) = current.getattr(name) else {
            return Err(error); // the last value tried says what was wrong
        };
        match argument(declared, &next, place, wide_copies, stand_ins) {
            Ok(slot) => {
                stand_ins.push(next);
                return Ok(slot);
            }
            Err(refused) => (current, error) = (next, refused),
        }
    }
    Err(pyo3::exceptions::PyRecursionError::new_err(format!(
        "{place}: _as_parameter_ nested more than {} deep (does it refer to itself?)",
        crate::naming::AS_PARAMETER_DEPTH
    )))
}
// ANCHOR_END: as_parameter
// ANCHOR_END: marshal

/// `adapter.from_param(value)`, as the address C gets: None, an int, bytes,
/// C data, or an object whose `_as_parameter_` is one of them. What it
/// returned is kept until the call returns (the address may point into it).
#[cold]
#[inline(never)]
fn adapted<'py>(
    adapter: &Bound<'py, PyAny>,
    value: &Bound<'py, PyAny>,
    place: crate::naming::Destination<'_>,
    stand_ins: &mut Vec<Bound<'py, PyAny>>,
) -> PyResult<u64> {
    let mut current = adapter.call_method1(pyo3::intern!(value.py(), "from_param"), (value,))?;
    for _ in 0..crate::naming::AS_PARAMETER_DEPTH {
        stand_ins.push(current.clone());
        let refused = match cdata::address_of(&current, "from_param()") {
            Ok((address, _)) => return Ok(address as u64),
            Err(refused) => refused,
        };
        match current.getattr(pyo3::intern!(value.py(), "_as_parameter_")) {
            Ok(next) => current = next,
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "{place}: {}.from_param() returned what cannot be passed: {}",
                    naming_of(adapter),
                    refused.value(value.py())
                )));
            }
        }
    }
    Err(pyo3::exceptions::PyRecursionError::new_err(format!(
        "{place}: _as_parameter_ nested more than {} deep (does it refer to itself?)",
        crate::naming::AS_PARAMETER_DEPTH
    )))
}

/// An adapter's name for a message: its class's.
fn naming_of(adapter: &Bound<'_, PyAny>) -> String {
    let class = if adapter.is_instance_of::<pyo3::types::PyType>() {
        adapter.clone()
    } else {
        adapter.get_type().into_any()
    };
    class
        .getattr("__name__")
        .and_then(|name| name.extract())
        .unwrap_or_else(|_| "adapter".to_owned())
}

/// Up to `INLINE` values on the stack, more on the heap.
enum Storage<T> {
    Inline([T; INLINE], usize),
    Heap(Vec<T>),
}

const INLINE: usize = 8;

impl<T: Copy + Default> Storage<T> {
    fn new(count: usize) -> Self {
        if count <= INLINE {
            Self::Inline([T::default(); INLINE], count)
        } else {
            Self::Heap(vec![T::default(); count])
        }
    }

    fn get(&mut self) -> &mut [T] {
        match self {
            Self::Inline(values, count) => &mut values[..*count],
            Self::Heap(values) => values,
        }
    }
}

fn parse_argtype(item: &Bound<'_, PyAny>, index: usize) -> PyResult<ArgType> {
    if let Some(kind) = cdata::kind_of(item) {
        kind.check_in_calls()?;
        return Ok(ArgType::Plain(kind));
    }
    if let Ok(cfunctype) = item.cast::<CFuncType>() {
        return Ok(ArgType::Callback(Arc::new(cfunctype.clone().unbind())));
    }
    if let Ok(info) = cdata::info_of(item) {
        match &*info {
            cdata::Info::Pointer(target) => return Ok(ArgType::Pointer(Arc::clone(target))),
            // An array type declares what C sees: a pointer to its first
            // element (an array argument decays, as in C).
            cdata::Info::Array { element, .. } => {
                return Ok(ArgType::Pointer(Arc::clone(element)));
            }
            cdata::Info::Struct(_) => {
                info.check_by_value()?;
                return Ok(ArgType::Struct(info));
            }
            _ => {}
        }
    }
    // Stock ctypes' types have `from_param` too, but their results are
    // stock ctypes' objects: a mix of the two libraries, refused here.
    let stock = item
        .get_type()
        .getattr(pyo3::intern!(item.py(), "__module__"))
        .is_ok_and(|module| module.eq("_ctypes").unwrap_or(false));
    if !stock
        && let Ok(from_param) = item.getattr(pyo3::intern!(item.py(), "from_param"))
        && from_param.is_callable()
    {
        return Ok(ArgType::Adapter(Arc::new(item.clone().unbind())));
    }
    Err(PyTypeError::new_err(format!(
        "argtypes item {index} must be a minictypes type (c_int64, ..., POINTER(T), or a CFUNCTYPE) \
         or have a from_param method, not {}{}",
        item.repr()?,
        if stock { " (a stock ctypes type)" } else { "" }
    )))
}

/// What crosses into the GIL-free section: addresses only.
struct Call {
    cif: *mut libffi::low::ffi_cif,
    code: CodePtr,
    pointers: *mut *mut c_void,
}

// SAFETY: the addresses stay valid while the caller waits for `detach` to
// return (the Cif is held by the call's `Arc<Prepared>`, the slots are on
// its stack), and nothing else touches them meanwhile.
unsafe impl Send for Call {}

// The error paths are cold functions: formatting a message needs a stack
// frame that every successful call would otherwise set up.
#[cold]
#[inline(never)]
fn undeclared(name: &str) -> PyErr {
    PyTypeError::new_err(format!(
        "{name}() has no declared types: set its argtypes and restype before calling it"
    ))
}

#[cold]
#[inline(never)]
fn wrong_count(py: Python<'_>, name: &str, declared: usize, given: usize) -> PyErr {
    crate::argument_error::wrong_count(
        py,
        format!("{name}() takes {declared} arguments ({given} given)"),
    )
}
