"""Exercise 01 passes when C reads, after a garbage collection, exactly what Python wrote.

The first test is the one the statement describes: in a fresh process with freed memory
filled with 0xA5, a missing keepalive shows as samples Python never wrote.
"""

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

from part4_structs import InputRecordPy

import binding  # the learner's binding.py: the checker puts its folder on sys.path

RECORD = InputRecordPy("sensor-A", samples=[(i, 10.0 + i) for i in range(100)])

# Run in a fresh process: freed memory filled with 0xA5, Python's own allocator bypassed.
CHILD = """
import gc, sys
sys.path.insert(0, sys.argv[1])
import binding
import pytest

from part4_structs import InputRecordPy, glue_ctypes
raw, keepalive = binding.to_ctypes(InputRecordPy("sensor-A", samples=[(i, 10.0 + i) for i in range(100)]))
gc.collect()
print(glue_ctypes.describe_struct(raw))
"""


def test_c_reads_what_python_wrote_after_a_collection():
    env = {**os.environ, "PYTHONMALLOC": "malloc", "MALLOC_PERTURB_": "165"}
    folder = str(Path(binding.__file__).parent)
    done = subprocess.run([sys.executable, "-c", CHILD, folder], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = done.stdout.split("samples=[")[1].split("] last=")[0].split("), (")
    wrote = [f"{i}, {10.0 + i}" for i in range(100)]
    seen = [item.strip("()") for item in seen]
    wrong = [(i, got) for i, (got, want) in enumerate(zip(seen, wrote, strict=False)) if got != want]
    # 0xA5A5A5A5 is 2779096485: the byte MALLOC_PERTURB_ writes into freed memory.
    perturbed = [(i, got) for i, got in wrong if got.startswith("2779096485")]
    if wrong or len(seen) != len(wrote):
        index, got = (perturbed or wrong or [(len(seen), "nothing")])[0]
        pytest.fail(
            f"C read sample {index} as ({got}), where Python wrote ({wrote[index]}): "
            f"{len(wrong)} of {len(wrote)} samples wrong. The array was freed before C read it."
        )


def test_the_array_is_in_the_keepalive_list():
    raw, keepalive = binding.to_ctypes(RECORD)
    address = ctypes.cast(raw.samples, ctypes.c_void_p).value
    arrays = [o for o in keepalive if isinstance(o, ctypes.Array) and ctypes.addressof(o) == address]
    assert arrays, "the samples array raw.samples points to is not in the keepalive list"


def test_the_name_is_in_the_keepalive_list():
    # ctypes keeps a bytes object assigned to a c_char_p field in raw._objects
    # as well; the list is the contract the caller relies on, so it names both.
    raw, keepalive = binding.to_ctypes(RECORD)
    from part4_structs.glue_ctypes import InputRecord

    pointed = ctypes.c_void_p.from_buffer(raw, InputRecord.name.offset).value
    names = [
        o
        for o in keepalive
        if isinstance(o, bytes) and ctypes.cast(ctypes.c_char_p(o), ctypes.c_void_p).value == pointed
    ]
    assert names, "the bytes raw.name points into are not in the keepalive list"
