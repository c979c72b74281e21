"""Helpers for exercise tests: import the extension module the checker built.

The checker builds an exercise's crate and says where the library is
(``EXERCISE_CDYLIB``). Python imports an extension module by file name and
then calls ``PyInit_<name>``, so the library is copied under that name first.
"""

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path
from types import ModuleType


def extension_folder(name: str) -> Path:
    """A new temporary folder holding the built library as ``<name>.abi3.so``."""
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    shutil.copy(os.environ["EXERCISE_CDYLIB"], folder / f"{name}.abi3.so")
    return folder


def load_extension(name: str) -> ModuleType:
    """The built library, imported as the extension module ``name``."""
    spec = importlib.util.spec_from_file_location(name, extension_folder(name) / f"{name}.abi3.so")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
