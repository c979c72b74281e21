"""Mistake: a reference taken and never given back.

Every `Py_INCREF` needs its `Py_DECREF`. One missing in a loop leaks a
reference per call: the object can never be freed, and neither can
anything it holds. Here the C API is called through ctypes.pythonapi to
show it in three lines.
Found by: a refcount test (sys.getrefcount grows with the number of calls)
or a debug interpreter's sys.gettotalrefcount(). Fix: pair every new
reference with its release. Taught in: Part I, reference counting by hand.
"""

import ctypes
import sys

readings = [21.5, 22.0]
before = sys.getrefcount(readings)
# ANCHOR: mistake
for _ in range(1000):
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(readings))  # and no Py_DecRef
# ANCHOR_END: mistake
print(f"sys.getrefcount(readings): {before} before, {sys.getrefcount(readings)} after 1,000 calls")
