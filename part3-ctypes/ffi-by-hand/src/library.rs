//! Steps 1 and 2: `dlopen` and `dlsym`, what `ctypes.CDLL` and `lib.add` do.

use std::path::Path;

use libffi::middle::CodePtr;

use crate::error::FfiError;
use crate::function::ForeignFunction;
use crate::signature::Signature;

// ANCHOR: library
/// A shared library loaded at run time, like `ctypes.CDLL(path)`.
pub struct Library {
    inner: libloading::Library,
}

impl Library {
    /// Loads the library (`dlopen`). Nothing about its functions is known yet.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, FfiError> {
        // SAFETY: loading runs the library's initialisers; libscalars has none
        // beyond Rust's runtime set-up. This is the same trust CDLL extends.
        let inner = unsafe { libloading::Library::new(path.as_ref()) }
            .map_err(|e| FfiError::Load(describe(&e)))?;
        Ok(Self { inner })
    }

    /// Looks up `name` (`dlsym`) and returns its bare address.
    pub fn address(&self, name: &str) -> Result<CodePtr, FfiError> {
        // SAFETY: we only read the symbol's address; calling it is a
        // separate, unsafe step that needs a signature.
        let symbol = unsafe { self.inner.get::<unsafe extern "C" fn()>(name.as_bytes()) }
            .map_err(|_| FfiError::MissingSymbol(name.to_owned()))?;
        Ok(CodePtr::from_fun(*symbol))
    }

    /// Looks up `name` and attaches the signature the caller promises it has:
    /// `lib.add.argtypes = [...]; lib.add.restype = ...` in one step.
    pub fn function(
        &self,
        name: &str,
        signature: Signature,
    ) -> Result<ForeignFunction<'_>, FfiError> {
        let code = self.address(name)?;
        Ok(ForeignFunction::new(self, name, code, signature))
    }
}
// ANCHOR_END: library

/// libloading's error says only "dlopen failed"; the cause (the text
/// `dlerror()` returned) sits in its source.
fn describe(error: &libloading::Error) -> String {
    match std::error::Error::source(error) {
        Some(cause) => format!("{error}: {cause}"),
        None => error.to_string(),
    }
}
