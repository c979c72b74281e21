"""Mistake: `Py_DECREF` of a borrowed reference, in an extension module.

A METH_O function receives its argument *borrowed*. This one releases it
anyway: the caller's list loses a reference it still counts on, is freed
while still in use, and its memory is reused by another object. Python
notices much later, or never; here, at exit.
Found by: a crash at exit, a refcount test (sys.getrefcount before and
after), a debug interpreter. Fix: release only what you own.
Taught in: Part I, failure first.
"""

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

from _lab import LIBFAILURES

# The failures crate's module is imported under the name its PyInit_ says.
folder = Path(tempfile.mkdtemp())
shutil.copy(LIBFAILURES, folder / "refcount_bug.abi3.so")
spec = importlib.util.spec_from_file_location("refcount_bug", folder / "refcount_bug.abi3.so")
refcount_bug = importlib.util.module_from_spec(spec)
spec.loader.exec_module(refcount_bug)

# ANCHOR: mistake
readings = [21.5, 22.0]
before = sys.getrefcount(readings)
refcount_bug.release_borrowed(readings)  # releases a reference it was only lent
# ANCHOR_END: mistake
print(f"sys.getrefcount(readings): {before} before the call, {sys.getrefcount(readings)} after", flush=True)
other = ["a new list"]  # may now live where `readings` was freed
print(f"readings is now {readings!r}", flush=True)
print("exiting", flush=True)
