//! `_hybrid_runtime`: Part VI's runtime (Layer 2, hand-written with pyo3),
//! the part ROS 2 calls `_rclpy_pybind11`. In Python terms:
//!
//! ```python
//! class Transport:                       # a plugin, loaded by name, and one open transport
//!     def __init__(self, name, search_path, domain): ...
//!     def publisher(self, msg_type, topic) -> Publisher: ...
//!     def subscription(self, msg_type, topic, depth) -> Subscription: ...
//! class Publisher:
//!     def publish(self, message): ...    # to_bytes through the capsules, then the plugin
//! class Subscription:
//!     def take(self): ...                # a message, or None
//!     def wait(self, timeout): ...       # True once one is there
//!     dropped: int
//! class Codec:                          # one type's conversions, without a transport
//!     def to_bytes(self, message) -> bytes: ...
//!     def to_message(self, data) -> message: ...
//!     # and each step alone: convert_from_py, serialize, deserialize, convert_to_py
//! def serialize_message(message) -> bytes: ...          # as rclpy.serialization
//! def deserialize_message(data, msg_type) -> message: ...
//! ```
//!
//! Files, in floors: `support.rs` (a message type's capsules),
//! `plugin.rs` (the transport library's functions), this file (the
//! classes). It links neither the typesupport extension nor the message
//! library: the first reaches it as capsules, the second not at all.

mod plugin;
mod support;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use pyo3::prelude::*;

use plugin::{Plugin, TransportError, TypeMismatchError};
use support::Support;

/// A loaded plugin and one transport opened with it.
#[pyclass(module = "_hybrid_runtime", frozen)]
struct Transport {
    plugin: Arc<Plugin>,
    id: u64,
    domain: String,
}

#[pymethods]
impl Transport {
    #[new]
    fn new(name: &str, search_path: Vec<PathBuf>, domain: &str) -> PyResult<Self> {
        let plugin = Arc::new(Plugin::load(name, &search_path)?);
        let id = plugin.open(domain)?;
        Ok(Self {
            plugin,
            id,
            domain: domain.to_owned(),
        })
    }

    /// The implementation's own name (`local`).
    #[getter]
    fn name(&self) -> &str {
        &self.plugin.name
    }

    /// The library file that was loaded.
    #[getter]
    fn path(&self) -> PathBuf {
        self.plugin.path.clone()
    }

    #[getter]
    fn domain(&self) -> &str {
        &self.domain
    }

    /// Closes the transport and every endpoint made with it; later calls raise TransportError.
    fn close(&self) {
        self.plugin.close(self.id);
    }

    fn publisher(&self, msg_type: &Bound<'_, PyAny>, topic: &str) -> PyResult<Publisher> {
        let support = Support::of(msg_type)?;
        let id = self
            .plugin
            .advertise(self.id, topic, &support.type_name, &support.type_hash)?;
        Ok(Publisher {
            plugin: Arc::clone(&self.plugin),
            transport: self.id,
            id,
            support,
            topic: topic.to_owned(),
        })
    }

    fn subscription(
        &self,
        msg_type: &Bound<'_, PyAny>,
        topic: &str,
        depth: u32,
    ) -> PyResult<Subscription> {
        let support = Support::of(msg_type)?;
        let id = self.plugin.subscribe(
            self.id,
            topic,
            &support.type_name,
            &support.type_hash,
            depth,
        )?;
        Ok(Subscription {
            plugin: Arc::clone(&self.plugin),
            transport: self.id,
            id,
            support,
            topic: topic.to_owned(),
            buffer: Mutex::new(vec![0; 256]),
        })
    }
}

/// Sends messages of one type on one topic.
#[pyclass(module = "_hybrid_runtime", frozen)]
struct Publisher {
    plugin: Arc<Plugin>,
    transport: u64,
    id: u64,
    support: Support,
    topic: String,
}

#[pymethods]
impl Publisher {
    // ANCHOR: publish
    /// Converts `message` to a C message and its bytes (through the
    /// typesupport's capsules), then hands the bytes to the transport with
    /// the GIL released.
    fn publish(&self, py: Python<'_>, message: &Bound<'_, PyAny>) -> PyResult<()> {
        let bytes = self.support.to_bytes(message)?;
        let (plugin, transport, id) = (&self.plugin, self.transport, self.id);
        let status = py.detach(|| plugin.publish(transport, id, &bytes));
        if status != 0 {
            return Err(plugin.error(status, &format!("cannot publish on {}", self.topic)));
        }
        Ok(())
    }
    // ANCHOR_END: publish

    #[getter]
    fn topic(&self) -> &str {
        &self.topic
    }

    #[getter]
    fn type_name(&self) -> &str {
        &self.support.type_name
    }

    /// Stops publishing; later calls raise TransportError.
    fn close(&self) {
        self.plugin.remove(self.transport, self.id);
    }
}

/// Receives messages of one type on one topic, keeping the last `depth`.
#[pyclass(module = "_hybrid_runtime", frozen)]
struct Subscription {
    plugin: Arc<Plugin>,
    transport: u64,
    id: u64,
    support: Support,
    topic: String,
    /// Reused for every take (grown when a message is larger).
    buffer: Mutex<Vec<u8>>,
}

#[pymethods]
impl Subscription {
    /// The oldest kept message, as a new Python message; None if there is none.
    fn take(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let mut buffer = self.buffer.lock().unwrap_or_else(PoisonError::into_inner);
        if buffer.len() < 256 {
            buffer.resize(256, 0);
        }
        if !self.plugin.take(self.transport, self.id, &mut buffer)? {
            return Ok(None);
        }
        let message = self.support.to_message(py, &buffer);
        let capacity = buffer.capacity();
        buffer.resize(capacity, 0);
        message.map(Some)
    }

    /// Waits, with the GIL released, until a message is kept: True, or
    /// False once `timeout` seconds have passed (None: forever).
    #[pyo3(signature = (timeout=None))]
    fn wait(&self, py: Python<'_>, timeout: Option<f64>) -> PyResult<bool> {
        let milliseconds = match timeout {
            None => -1,
            Some(seconds) if seconds.is_finite() && seconds >= 0.0 => {
                (seconds * 1000.0).ceil() as i64
            }
            Some(seconds) => {
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "timeout must be a number of seconds >= 0, not {seconds}"
                )));
            }
        };
        let (plugin, transport, id) = (&self.plugin, self.transport, self.id);
        match py.detach(|| plugin.wait(transport, id, milliseconds)) {
            0 => Ok(true),
            plugin::NO_MESSAGE => Ok(false),
            status => Err(plugin.error(status, "wait")),
        }
    }

    /// Messages dropped because the queue was full.
    #[getter]
    fn dropped(&self) -> PyResult<u64> {
        self.plugin.dropped(self.transport, self.id)
    }

    #[getter]
    fn topic(&self) -> &str {
        &self.topic
    }

    #[getter]
    fn type_name(&self) -> &str {
        &self.support.type_name
    }

    /// Stops receiving; later calls raise TransportError.
    fn close(&self) {
        self.plugin.remove(self.transport, self.id);
    }
}

/// One message type's typesupport, looked up once: its conversions without
/// a transport (what a publisher and a subscription do on either side of it).
#[pyclass(module = "_hybrid_runtime", frozen)]
struct Codec {
    support: Support,
}

/// A C message made by a Codec, for the steps one at a time (the
/// benchmark measures each): destroyed when this object goes.
#[pyclass(module = "_hybrid_runtime", frozen)]
struct CMessage {
    message: support::Message,
    type_name: String,
}

#[pymethods]
impl Codec {
    #[new]
    fn new(msg_type: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self {
            support: Support::of(msg_type)?,
        })
    }

    /// convert_from_py, then serialize: the message's CDR bytes.
    fn to_bytes(
        &self,
        py: Python<'_>,
        message: &Bound<'_, PyAny>,
    ) -> PyResult<Py<pyo3::types::PyBytes>> {
        let bytes = self.support.to_bytes(message)?;
        Ok(pyo3::types::PyBytes::new(py, &bytes).unbind())
    }

    /// deserialize, then convert_to_py: a new message.
    fn to_message(&self, py: Python<'_>, data: &[u8]) -> PyResult<Py<PyAny>> {
        self.support.to_message(py, data)
    }

    /// The first step alone: a new C message filled from `message`.
    fn convert_from_py(&self, message: &Bound<'_, PyAny>) -> PyResult<CMessage> {
        let c_message = self.support.create()?;
        self.support.fill(message, &c_message)?;
        Ok(CMessage {
            message: c_message,
            type_name: self.support.type_name.clone(),
        })
    }

    /// The second step alone: a C message's bytes.
    fn serialize(
        &self,
        py: Python<'_>,
        c_message: &CMessage,
    ) -> PyResult<Py<pyo3::types::PyBytes>> {
        self.check(c_message)?;
        Ok(pyo3::types::PyBytes::new(py, &self.support.serialize(&c_message.message)?).unbind())
    }

    /// The third step alone: a new C message from bytes.
    fn deserialize(&self, data: &[u8]) -> PyResult<CMessage> {
        let c_message = self.support.create()?;
        self.support.read(&c_message, data)?;
        Ok(CMessage {
            message: c_message,
            type_name: self.support.type_name.clone(),
        })
    }

    /// The last step alone: a new Python message from a C one.
    fn convert_to_py(&self, py: Python<'_>, c_message: &CMessage) -> PyResult<Py<PyAny>> {
        self.check(c_message)?;
        self.support.make(py, &c_message.message)
    }
}

impl Codec {
    /// A C message of another type would be read with the wrong layout.
    fn check(&self, c_message: &CMessage) -> PyResult<()> {
        if c_message.type_name != self.support.type_name {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "this codec is for {}, the C message is a {}",
                self.support.type_name, c_message.type_name
            )));
        }
        Ok(())
    }
}

/// A message's CDR bytes, through its typesupport (rclpy's
/// `serialize_message`): what a publisher sends, without a transport.
#[pyfunction]
fn serialize_message(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
) -> PyResult<Py<pyo3::types::PyBytes>> {
    let support = Support::of(&message.get_type().into_any())?;
    let bytes = support.to_bytes(message)?;
    Ok(pyo3::types::PyBytes::new(py, &bytes).unbind())
}

/// A new message of `msg_type` from CDR bytes (rclpy's `deserialize_message`).
#[pyfunction]
fn deserialize_message(
    py: Python<'_>,
    data: &[u8],
    msg_type: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    Support::of(msg_type)?.to_message(py, data)
}

#[pymodule(gil_used = true)]
fn _hybrid_runtime(module: &Bound<'_, PyModule>) -> PyResult<()> {
    quiet_panic::quiet_everywhere();
    module.add_class::<Transport>()?;
    module.add_class::<Publisher>()?;
    module.add_class::<Subscription>()?;
    module.add_class::<Codec>()?;
    module.add_class::<CMessage>()?;
    module.add_function(wrap_pyfunction!(serialize_message, module)?)?;
    module.add_function(wrap_pyfunction!(deserialize_message, module)?)?;
    module.add("TransportError", module.py().get_type::<TransportError>())?;
    module.add(
        "TypeMismatchError",
        module.py().get_type::<TypeMismatchError>(),
    )?;
    Ok(())
}
