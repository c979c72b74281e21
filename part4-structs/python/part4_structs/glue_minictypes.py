"""Route 3: Part IV's ctypes glue, unchanged, on mini-ctypes.

This module runs ``glue_ctypes.py`` itself, the very file the ctypes route
uses, with one difference: while it runs, ``import ctypes`` finds
mini-ctypes (Part III's rebuild of ``_ctypes`` in Rust). Every mirror,
signature, keepalive and read in that file then goes through mini-ctypes'
``Structure``, ``POINTER``, ``byref`` and arrays instead of CPython's. The
same suite runs over this route as over the other two.

The swap lasts only while this module is first imported (the import lock
is held); everything else in the process keeps the real ctypes.
"""

import sys
from pathlib import Path

import minictypes

BINDINGS = Path(__file__).with_name("glue_ctypes.py")

# ANCHOR: swap
_real_ctypes = sys.modules.get("ctypes")
sys.modules["ctypes"] = minictypes
try:
    exec(compile(BINDINGS.read_text(encoding="utf-8"), str(BINDINGS), "exec"), globals())
finally:
    if _real_ctypes is None:
        del sys.modules["ctypes"]
    else:
        sys.modules["ctypes"] = _real_ctypes
# ANCHOR_END: swap
