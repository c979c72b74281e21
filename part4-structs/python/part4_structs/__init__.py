"""Part IV: sensor records as C structs, mirrored in Python.

The user API, with no ctypes in sight::

    from part4_structs import InputRecordPy, transform
    with transform(InputRecordPy("sensor-A", version=2, origin=(10, 20)), scale=1.5) as out:
        print(out.title)

Underneath, three routes (``ROUTES``: ctypes, cffi, minictypes) reach
``libstructs.so`` (Layer 3): ``glue_ctypes.py`` mirrors the structs with
``ctypes.Structure`` (Layer 2: ``_ctypes``); ``glue_cffi_api.py`` uses
cffi's API mode (Layer 2: a generated extension compiled against the
header); ``glue_minictypes.py`` runs ``glue_ctypes.py`` unchanged on
mini-ctypes (Layer 2: ``minictypes``, this repository's own).
"""

from .api import ROUTES, OutputRecordPy, load, transform
from .errors import NativePanicError, RecordOverflowError, RecordValueError, Status, StructsError
from .records import InputRecordPy, Sample

__all__ = [
    "ROUTES",
    "InputRecordPy",
    "NativePanicError",
    "OutputRecordPy",
    "RecordOverflowError",
    "RecordValueError",
    "Sample",
    "Status",
    "StructsError",
    "load",
    "transform",
]
