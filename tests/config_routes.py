"""Every route that builds the Config contract, by the name tests use.

Each entry is a module exposing ``Config`` and ``ConfigError``. Every route
here runs the whole contract suite.
"""

import importlib
from types import ModuleType

ROUTES = {
    "reference": "config_reference",  # tests/config_reference.py, the specification
    "part1": "part1_capi",  # Part I: hand-written against the raw C API
    "part5": "part5_handles",  # Part V: a handle to an object in libhandles, through ctypes
    "part7": "part7_pybind",  # Part VII: the same with pyo3
}


# The routes that are extension modules (Layer 2, with PyInit_*): they also
# export Part II's module-level functions, `add` and `add_varargs`.
EXTENSION_MODULES = ("part1", "part7")


def load(route: str) -> ModuleType:
    return importlib.import_module(ROUTES[route])
