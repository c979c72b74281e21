"""Exercise 01 passes when C reads, after a garbage collection, exactly what Python wrote."""

import ctypes
import os
import subprocess
import sys
from pathlib import Path

from part4_structs import InputRecordPy

import binding  # the learner's binding.py: the checker puts its folder on sys.path

RECORD = InputRecordPy("sensor-A", samples=[(i, 10.0 + i) for i in range(100)])

# Run in a fresh process: freed memory filled with 0xA5, Python's own allocator bypassed.
CHILD = """
import gc, sys
sys.path.insert(0, sys.argv[1])
import binding
from part4_structs import InputRecordPy, glue_ctypes
raw, keepalive = binding.to_ctypes(InputRecordPy("sensor-A", samples=[(i, 10.0 + i) for i in range(100)]))
gc.collect()
print(glue_ctypes.describe_struct(raw))
"""


def test_the_array_is_in_the_keepalive_list():
    raw, keepalive = binding.to_ctypes(RECORD)
    address = ctypes.cast(raw.samples, ctypes.c_void_p).value
    arrays = [o for o in keepalive if isinstance(o, ctypes.Array) and ctypes.addressof(o) == address]
    assert arrays, "the samples array raw.samples points to is not in the keepalive list"


def test_c_reads_what_python_wrote_after_a_collection():
    env = {**os.environ, "PYTHONMALLOC": "malloc", "MALLOC_PERTURB_": "165"}
    folder = str(Path(binding.__file__).parent)
    done = subprocess.run([sys.executable, "-c", CHILD, folder], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = done.stdout.split("samples=")[1].split("] last=")[0]
    expected = ", ".join(f"({i}, {10.0 + i})" for i in range(100))
    assert seen == f"[{expected}", f"C read other samples than Python wrote, e.g. {seen[:60]}...: the array was freed"
