//! `part7_pybind`: Part I's module again, written with pyo3.
//!
//! The same Layer 1 API, the same behaviour (the contract suite in `tests/`
//! runs both), and the same native core (`config-core`), with pyo3
//! generating what Part I writes by hand: the module definition, the type
//! object, argument parsing, reference counting and the panic trap.

mod checks;
mod config;
mod functions;

use pyo3::prelude::*;

// ANCHOR: module
/// Config, written with pyo3 (Part VII of The Three-Layer Stack).
#[pymodule(gil_used = true)]
mod part7_pybind {
    #[pymodule_export]
    use crate::checks::ConfigError;
    #[pymodule_export]
    use crate::config::Config;
    #[pymodule_export]
    use crate::functions::{_bare_add, _panic, add, add_varargs, fib};

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(_module: &Bound<'_, PyModule>) -> PyResult<()> {
        // pyo3 turns every panic into PanicException, carrying its message;
        // the default hook would also print it to the host's stderr.
        quiet_panic::quiet_everywhere();
        Ok(())
    }
}
// ANCHOR_END: module
