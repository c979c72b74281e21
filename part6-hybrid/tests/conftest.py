"""Part VI's fixtures: a private transport directory for the session, a
fresh domain per test, and the typesupport's capsules as ctypes functions."""

import ctypes
import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

PART = Path(__file__).resolve().parents[1]
REPO = PART.parent
PACKAGE = PART / "generated" / "py" / "demo_msgs"

# Socket paths are limited to 107 bytes: a short directory of our own under /tmp.
_ROOT = tempfile.mkdtemp(prefix="hy", dir="/tmp")
os.environ["HYBRID_TRANSPORT_DIR"] = _ROOT
_DOMAINS = itertools.count()


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_ROOT, ignore_errors=True)


@pytest.fixture
def domain():
    """A domain no other test uses: what one test publishes, no other sees."""
    return f"t{os.getpid()}-{next(_DOMAINS)}"


@pytest.fixture
def context(domain):
    from part6_hybrid import Context

    with Context(domain=domain) as context:
        yield context


@pytest.fixture(scope="session")
def c_library():
    """The Layer 3 message library, as the typesupport extension loaded it (one copy per process)."""
    library = ctypes.CDLL(str(PACKAGE / "libdemo_msgs__c.so"))
    library.hybrid_live_messages.restype = ctypes.c_int64
    return library


class Buffer(ctypes.Structure):
    """hybrid_Buffer."""

    _fields_ = [("data", ctypes.POINTER(ctypes.c_uint8)), ("size", ctypes.c_size_t), ("capacity", ctypes.c_size_t)]


class Support:
    """One message class's capsules, callable from Python through ctypes."""

    def __init__(self, cls, c_library):
        cls.__import_type_support__()
        api = ctypes.pythonapi
        api.PyCapsule_GetPointer.restype = ctypes.c_void_p
        api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]

        def function(name, prototype):
            capsule = getattr(cls, "_" + name.upper())
            return prototype(api.PyCapsule_GetPointer(capsule, f"{cls._TYPE_NAME}.{name}".encode()))

        self.create = function("create", ctypes.CFUNCTYPE(ctypes.c_void_p))
        self.destroy = function("destroy", ctypes.CFUNCTYPE(None, ctypes.c_void_p))
        # PYFUNCTYPE: these two need the GIL and may raise.
        self.from_py = function("convert_from_py", ctypes.PYFUNCTYPE(ctypes.c_bool, ctypes.py_object, ctypes.c_void_p))
        self.to_py = function("convert_to_py", ctypes.PYFUNCTYPE(ctypes.py_object, ctypes.c_void_p))
        self.serialize = function(
            "serialize", ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.POINTER(Buffer))
        )
        self.deserialize = function(
            "deserialize", ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t)
        )
        self.c_library = c_library

    def to_bytes(self, message) -> bytes:
        c_message = self.create()
        try:
            assert self.from_py(message, c_message)
            buffer = Buffer()
            status = self.serialize(c_message, ctypes.byref(buffer))
            assert status == 0, status
            data = ctypes.string_at(buffer.data, buffer.size)
            self.c_library.hybrid_Buffer__fini(ctypes.byref(buffer))
            return data
        finally:
            self.destroy(c_message)

    def from_bytes(self, data: bytes):
        """(status, message or None)."""
        c_message = self.create()
        try:
            status = self.deserialize(c_message, data, len(data))
            return status, (self.to_py(c_message) if status == 0 else None)
        finally:
            self.destroy(c_message)


@pytest.fixture(scope="session")
def support(c_library):
    from demo_msgs.msg import DemoStatus, Reading

    return {DemoStatus: Support(DemoStatus, c_library), Reading: Support(Reading, c_library)}
