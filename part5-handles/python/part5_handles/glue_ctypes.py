"""The ctypes glue for libhandles (Layer 1): one table of signatures, and
one ``errcheck`` that turns every status into the right exception.

ctypes releases the GIL around each of these calls, so they may run in
parallel from several Python threads; the library locks its pools.
"""

import contextlib
import ctypes
from ctypes import (
    POINTER,
    byref,
    c_bool,
    c_char,
    c_char_p,
    c_int32,
    c_int64,
    c_size_t,
    c_uint8,
    c_uint16,
    c_uint32,
    c_uint64,
    c_void_p,
)

from ._paths import library_path
from .errors import HandleError, Status, error_for
from .header import DEFINES

KIND_CONFIG = DEFINES["HANDLES_KIND_CONFIG"]
KIND_COUNTER = DEFINES["HANDLES_KIND_COUNTER"]


class ProcessedConfig(ctypes.Structure):
    _fields_ = [
        ("scheme", c_char * 8),
        ("host", c_char * 2049),
        ("port", c_uint16),
        ("path", c_char * 8193),
        ("timeout_ms", c_uint64),
    ]


lib = ctypes.CDLL(str(library_path()))


def last_error() -> str:
    """This thread's last failure message, from the library."""
    needed = c_size_t(0)
    lib.handles_last_error(None, 0, byref(needed))
    buffer = ctypes.create_string_buffer(needed.value)
    lib.handles_last_error(buffer, len(buffer), byref(needed))
    return buffer.value.decode("utf-8", "replace")


# ANCHOR: errcheck
def _check(status: int, function, arguments) -> int:
    """ctypes' errcheck: raise for a failed call, with the library's message."""
    if status != Status.OK:
        raise error_for(status, function.__name__, last_error())
    return status


# ANCHOR_END: errcheck

# ANCHOR: signatures
HANDLE = c_uint64
SIGNATURES = {
    "config_create": [c_int64, c_char_p, c_size_t, c_bool, POINTER(HANDLE)],
    "config_timeout_out_of_range": [c_char_p],
    "config_check_timeout": [c_int64],
    "config_check_url": [c_char_p, c_size_t],
    "config_timeout": [HANDLE, POINTER(c_uint32)],
    "config_url": [HANDLE, c_char_p, c_size_t, POINTER(c_size_t)],
    "config_ssl": [HANDLE, POINTER(c_bool)],
    "config_set_timeout": [HANDLE, c_int64],
    "config_set_url": [HANDLE, c_char_p, c_size_t],
    "config_set_ssl": [HANDLE, c_bool],
    "config_process": [HANDLE, POINTER(ProcessedConfig)],
    "config_release": [HANDLE],
    "counter_create": [c_int64, POINTER(HANDLE)],
    "counter_value": [HANDLE, POINTER(c_int64)],
    "counter_increment": [HANDLE, c_int64, POINTER(c_int64)],
    "counter_release": [HANDLE],
}
for _name, _argtypes in SIGNATURES.items():
    _function = getattr(lib, _name)
    _function.argtypes, _function.restype, _function.errcheck = _argtypes, c_int32, _check
# ANCHOR_END: signatures

# These report no status: no errcheck.
lib.handles_live.argtypes, lib.handles_live.restype = [c_uint8], c_size_t
lib.handles_last_error.argtypes = [c_char_p, c_size_t, POINTER(c_size_t)]
lib.handles_last_error.restype = c_int32
# The raw-pointer API, for failure_first.py only.
lib.raw_counter_new.argtypes, lib.raw_counter_new.restype = [c_int64], c_void_p
lib.raw_counter_value.argtypes, lib.raw_counter_value.restype = [c_void_p], c_int64
lib.raw_counter_free.argtypes, lib.raw_counter_free.restype = [c_void_p], None


def quietly(release):
    """``release`` for a finaliser: it never raises. A finaliser may run inside
    the garbage collector, at any point of any code, where an exception has
    nowhere to go; a handle someone else already released needs nothing more."""

    def release_quietly(handle: int) -> None:
        with contextlib.suppress(HandleError):
            release(handle)

    return release_quietly


def live(kind: int) -> int:
    """Objects of ``kind`` (``KIND_CONFIG`` or ``KIND_COUNTER``) not yet released."""
    return lib.handles_live(kind)
