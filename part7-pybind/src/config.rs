//! `Config` as a `#[pyclass]`: pyo3 builds the type object from this.

use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::checks::{Given, check_ssl, check_timeout, check_url, config_error, joined_error};

// ANCHOR: class
/// Connection settings, checked whenever they are set.
#[pyclass(module = "part7_pybind", weakref, eq)]
#[derive(Clone, PartialEq)]
pub struct Config {
    timeout: u32,
    url: String,
    ssl: bool,
}
// ANCHOR_END: class

impl Config {
    /// The fields after applying the given values, checked in parameter order.
    fn with(&self, timeout: Given<'_>, url: Given<'_>, ssl: Given<'_>) -> PyResult<Self> {
        let mut next = self.clone();
        if let Given::Value(value) = timeout {
            next.timeout = check_timeout(&value)?;
        }
        if let Given::Value(value) = url {
            next.url = check_url(&value)?;
        }
        if let Given::Value(value) = ssl {
            next.ssl = check_ssl(&value)?;
        }
        Ok(next)
    }
}

fn refuse_delete(name: &str) -> PyResult<()> {
    Err(PyAttributeError::new_err(format!(
        "cannot delete attribute '{name}'"
    )))
}

// ANCHOR: refuse_unknown
/// pyo3 would refuse an unknown keyword itself, but it formats the name in
/// Rust, where a lone surrogate (`Config(**{"\udc80": 1})`) becomes U+FFFD.
/// Collecting unknown keywords with `**unknown` and refusing them here keeps
/// the name exactly, with pyo3's own words.
fn refuse_unknown(function: &str, unknown: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
    match unknown.and_then(|keywords| keywords.keys().iter().next()) {
        Some(key) => Err(joined_error(
            &format!("{function} got an unexpected keyword argument '"),
            &key,
            "'",
        )),
        None => Ok(()),
    }
}
// ANCHOR_END: refuse_unknown

#[pymethods]
impl Config {
    // ANCHOR: new
    #[new]
    #[pyo3(
        signature = (timeout = Given::Default, url = Given::Default, ssl = Given::Default, **unknown),
        text_signature = "(timeout=30, url='http://localhost/', ssl=False)"
    )]
    fn new(
        timeout: Given<'_>,
        url: Given<'_>,
        ssl: Given<'_>,
        unknown: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        refuse_unknown("Config.__new__()", unknown)?;
        let defaults = Self {
            timeout: config_core::DEFAULT_TIMEOUT,
            url: config_core::DEFAULT_URL.to_owned(),
            ssl: config_core::DEFAULT_SSL,
        };
        defaults.with(timeout, url, ssl)
    }
    // ANCHOR_END: new

    // ANCHOR: properties
    /// Seconds, an int from 1 to 3600.
    #[getter]
    fn timeout(&self) -> u32 {
        self.timeout
    }

    #[setter]
    fn set_timeout(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.timeout = check_timeout(value)?;
        Ok(())
    }

    #[deleter]
    fn delete_timeout(&mut self) -> PyResult<()> {
        refuse_delete("timeout")
    }
    // ANCHOR_END: properties

    /// scheme://host[:port][/path], scheme http or https, at most 2048 characters.
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    #[setter]
    fn set_url(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.url = check_url(value)?;
        Ok(())
    }

    #[deleter]
    fn delete_url(&mut self) -> PyResult<()> {
        refuse_delete("url")
    }

    /// Whether to use TLS (a bool).
    #[getter]
    fn ssl(&self) -> bool {
        self.ssl
    }

    #[setter]
    fn set_ssl(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.ssl = check_ssl(value)?;
        Ok(())
    }

    #[deleter]
    fn delete_ssl(&mut self) -> PyResult<()> {
        refuse_delete("ssl")
    }

    // ANCHOR: process
    /// The connection a client would open: a dict with scheme, host, port, path
    /// and timeout_ms. Raises ConfigError for an https url with ssl=False.
    fn process<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let processed = config_core::process(self.timeout, &self.url, self.ssl)
            .map_err(|error| config_error(&error))?;
        let result = PyDict::new(py);
        result.set_item("scheme", processed.scheme)?;
        result.set_item("host", processed.host)?;
        result.set_item("port", processed.port)?;
        result.set_item("path", processed.path)?;
        result.set_item("timeout_ms", processed.timeout_ms)?;
        Ok(result)
    }
    // ANCHOR_END: process

    /// A new Config with the given fields changed and checked.
    #[pyo3(
        signature = (*, timeout = Given::Default, url = Given::Default, ssl = Given::Default, **unknown),
        text_signature = "($self, /, *, timeout=..., url=..., ssl=...)"
    )]
    fn replace(
        &self,
        timeout: Given<'_>,
        url: Given<'_>,
        ssl: Given<'_>,
        unknown: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        refuse_unknown("Config.replace()", unknown)?;
        self.with(timeout, url, ssl)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let url = PyString::new(py, &self.url).repr()?;
        let ssl = if self.ssl { "True" } else { "False" };
        Ok(format!(
            "Config(timeout={}, url={url}, ssl={ssl})",
            self.timeout
        ))
    }
}
