"""Feed cffi the project's real header instead of a hand-typed copy.

``ffi.cdef`` parses C declarations but not the preprocessor, so the header
marks the part cdef can read with ``/* cffi:begin */`` and ``/* cffi:end */``.
One header, read by the C compiler (API mode) and by cffi (both modes):
a signature cannot drift between them.
"""

import re

from ._paths import HEADER

_REGION = re.compile(r"/\* cffi:begin \*/(.*?)/\* cffi:end \*/", re.DOTALL)


# ANCHOR: cdef_source
def cdef_source() -> str:
    """The declarations between the cffi markers of ``include/scalars.h``."""
    match = _REGION.search(HEADER.read_text(encoding="utf-8"))
    if match is None:
        raise RuntimeError(f"{HEADER} has no /* cffi:begin */ ... /* cffi:end */ region")
    return match.group(1)


# ANCHOR_END: cdef_source


def defines() -> dict[str, int]:
    """Every integer ``#define`` of the header, e.g. ``{"SCALARS_OK": 0, ...}``."""
    pairs = re.findall(r"^#define\s+(\w+)\s+(-?\d+)", HEADER.read_text(encoding="utf-8"), re.MULTILINE)
    return {name: int(value) for name, value in pairs}
