"""Every route that builds the Config contract, by the name tests use.

Each entry is a module exposing ``Config`` and ``ConfigError``. Parts V and
VII add their line when they land; the contract suite then runs on them too.
"""

import importlib
from types import ModuleType

ROUTES = {
    "reference": "config_reference",  # tests/config_reference.py, the specification
    "part1": "part1_capi",  # Part I: hand-written against the raw C API
    "part7": "part7_pybind",  # Part VII: the same with pyo3
}


def load(route: str) -> ModuleType:
    return importlib.import_module(ROUTES[route])
