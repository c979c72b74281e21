"""What the layer tests read from a part's C header: the functions it declares.

Each part's Python package reads its own header at run time (its
``header.py``); the tests compare that header with the library's exports and
the glue's tables, and this is the one place that finds the declared names.
"""

import re
from pathlib import Path

REGION = re.compile(r"/\* cffi:begin \*/(.*?)/\* cffi:end \*/", re.DOTALL)
DECLARATION = re.compile(r"^\w[\w\s\*]*?\b(\w+)\(", re.MULTILINE)


def declared_functions(header: Path) -> set[str]:
    """The names of the functions declared between the header's cffi markers."""
    region = REGION.search(header.read_text(encoding="utf-8"))
    if region is None:
        raise ValueError(f"{header} has no /* cffi:begin */ ... /* cffi:end */ region")
    return set(DECLARATION.findall(region.group(1))) - {"typedef"}
