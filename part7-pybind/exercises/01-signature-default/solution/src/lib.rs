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
// | fn backoff(attempt: u32, base_ms: u64) -> PyResult<u64> {
// ex: mistake 1: "base_ms=None"
// | #[pyo3(signature = (attempt, *, base_ms = None))]
// | fn backoff(attempt: u32, base_ms: Option<u64>) -> PyResult<u64> {
// |     let base_ms = base_ms.unwrap_or(100);
// ex: mistake 2: "`?` operator has incompatible types"
// | #[pyo3(signature = (attempt, *, base_ms = "100"))]
// | fn backoff(attempt: u32, base_ms: u64) -> PyResult<u64> {
// ex: mistake 3: "DID NOT RAISE TypeError"
// | #[pyo3(signature = (attempt, base_ms = 100))]
// | fn backoff(attempt: u32, base_ms: u64) -> PyResult<u64> {
// ex: solution
#[pyo3(signature = (attempt, *, base_ms = 100))]
fn backoff(attempt: u32, base_ms: u64) -> PyResult<u64> {
    // ex: end
    2u64.checked_pow(attempt)
        .and_then(|factor| factor.checked_mul(base_ms))
        .ok_or_else(|| PyOverflowError::new_err("backoff() does not fit a 64-bit unsigned integer"))
}

#[pymodule]
mod backoff_ext {
    #[pymodule_export]
    use super::backoff;
}
