"""Part III: scalar calls into libscalars.so through four binding routes.

Each route is a small Layer 1 module exposing the same functions:

- ``glue_ctypes``   - the standard library's ``ctypes`` (Layer 2: ``_ctypes``);
- ``glue_cffi_abi`` - cffi's ABI mode, ``ffi.dlopen`` (Layer 2: ``_cffi_backend``);
- ``glue_cffi_api`` - cffi's API mode, out of line (Layer 2: a generated shim);
- ``glue_minictypes`` - mini-ctypes (Layer 2: our own pyo3 module on libffi).

The first three use a ready-made or generated Layer 2 module; the fourth
is this repository's own rebuild of the heart of ``_ctypes``.
"""

import importlib
from types import ModuleType

from ._paths import library_path

__all__ = ["ROUTES", "library_path", "load"]

ROUTES = ("ctypes", "cffi_abi", "cffi_api", "minictypes")


def load(route: str) -> ModuleType:
    """Import one route's module by its short name, e.g. ``load("ctypes")``."""
    if route not in ROUTES:
        raise ValueError(f"unknown route {route!r}; choose one of {', '.join(ROUTES)}")
    return importlib.import_module(f"{__name__}.glue_{route}")
