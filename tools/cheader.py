"""What the layer tests read from a part's C header: the functions it declares.

Each part's Python package reads its own header at run time (its
``header.py``); the tests compare that header with the library's exports and
the glue's tables, and this is the one place that finds the declared names.
"""

import re
from pathlib import Path

REGION = re.compile(r"/\* cffi:begin \*/(.*?)/\* cffi:end \*/", re.DOTALL)
DECLARATION = re.compile(r"^\w[\w\s\*]*?\b(\w+)\(", re.MULTILINE)


COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
MACRO = re.compile(r"^#.*?(?<!\\)$", re.MULTILINE | re.DOTALL)


def declared_functions(header: Path) -> set[str]:
    """The names of the functions the header declares: between its cffi
    markers if it has them (the parts cffi reads), else in the whole file,
    comments and preprocessor lines (with their continued lines) left out."""
    text = header.read_text(encoding="utf-8")
    region = REGION.search(text)
    body = region.group(1) if region else MACRO.sub("", COMMENT.sub("", text))
    return set(DECLARATION.findall(body)) - {"typedef"}
