"""The header's integer constants, read from include/handles.h (one source)."""

import re

from ._paths import HEADER


def defines() -> dict[str, int]:
    """Every integer ``#define`` of the header, e.g. ``{"HANDLES_OK": 0, ...}``."""
    pairs = re.findall(r"^#define\s+(\w+)\s+(-?\d+)", HEADER.read_text(encoding="utf-8"), re.MULTILINE)
    return {name: int(value) for name, value in pairs}


DEFINES = defines()
