//! backoff_ext: a pyo3 module with one function, equivalent to
//!
//! ```python
//! def backoff(attempt, *, base_ms=100):   # the signature to give it
//!     return base_ms * 2 ** attempt       # OverflowError past u64
//! ```

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;

/// Milliseconds to wait before retry number `attempt`, doubling each time.
#[pyfunction]
// ex: starter
// | // TODO: give backoff the Python signature (attempt, *, base_ms=100).
// ex: mistake 2: "`?` operator has incompatible types"
// | #[pyo3(signature = (attempt, *, base_ms = "100"))]
// ex: mistake 3: "DID NOT RAISE TypeError"
// | #[pyo3(signature = (attempt, base_ms = 100))]
// ex: solution
#[pyo3(signature = (attempt, *, base_ms = 100))]
// ex: end
fn backoff(attempt: u32, base_ms: u64) -> PyResult<u64> {
    2u64.checked_pow(attempt)
        .and_then(|factor| factor.checked_mul(base_ms))
        .ok_or_else(|| PyOverflowError::new_err("backoff() does not fit a 64-bit unsigned integer"))
}

#[pymodule]
mod backoff_ext {
    #[pymodule_export]
    use super::backoff;
}
