"""The header, read by cffi and by the tests: one source for every declaration.

``ffi.cdef`` cannot run the preprocessor, so the header marks what cdef
reads with ``/* cffi:begin */`` and ``/* cffi:end */``; the ``#define``
constants are read here with a regular expression.
"""

import re

from ._paths import HEADER

_REGION = re.compile(r"/\* cffi:begin \*/(.*?)/\* cffi:end \*/", re.DOTALL)


def cdef_source() -> str:
    """The declarations between the cffi markers of ``include/structs.h``."""
    match = _REGION.search(HEADER.read_text(encoding="utf-8"))
    if match is None:
        raise RuntimeError(f"{HEADER} has no /* cffi:begin */ ... /* cffi:end */ region")
    return match.group(1)


def defines() -> dict[str, int]:
    """Every integer ``#define`` of the header, e.g. ``{"STRUCTS_OK": 0, ...}``."""
    pairs = re.findall(r"^#define\s+(\w+)\s+(-?\d+)", HEADER.read_text(encoding="utf-8"), re.MULTILINE)
    return {name: int(value) for name, value in pairs}


LIMITS = defines()
