"""Mistake: a struct points into an array that nothing keeps alive.

The samples array is made inside a function and only its address is
stored in the struct; when the function returns, the array is freed, and C
reads whatever is there now. With PYTHONMALLOC=malloc and MALLOC_PERTURB_=165
that is glibc's fill byte, 0xA5, every time.
Found by: the garbage values (and valgrind: "Invalid read ... freed").
Fix: keep the array alive until the call returns (glue_ctypes.to_ctypes).
Taught in: Part IV, failure first.
"""

import ctypes
import gc

from part4_structs import InputRecordPy
from part4_structs import glue_ctypes as b


class InputRecordByAddress(ctypes.Structure):
    # `samples` as a plain address: assigning one keeps nothing alive.
    _fields_ = [(n, ctypes.c_void_p if n == "samples" else t) for n, t in b.InputRecord._fields_]


# ANCHOR: mistake
def build_without_keepalive(record: InputRecordPy) -> InputRecordByAddress:
    samples = (b.Sample * len(record.samples))(*[b.Sample(*s) for s in record.samples])
    raw = InputRecordByAddress(name=record.name_bytes, version=record.version, unit=record.unit_bytes)
    raw.samples, raw.sample_count = ctypes.addressof(samples), len(samples)
    raw.last.kind = b.READING_COUNT
    return raw  # the array dies here; raw.samples still holds its address


# ANCHOR_END: mistake

# describe_input with a plain address: no ctypes object is made on the way.
lib = ctypes.CDLL(str(b.library_path()))
lib.describe_input.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
buffer, needed = ctypes.create_string_buffer(1 << 20), ctypes.c_size_t()

# 4,096 samples (64 KiB): what reuses the freed memory first takes its
# beginning; the last sample's bytes are still glibc's fill byte.
COUNT = 4096
record = InputRecordPy("sensor-A", samples=[(i, 10.0 + i) for i in range(COUNT)])
raw = build_without_keepalive(record)
gc.collect()
lib.describe_input(ctypes.addressof(raw), buffer, len(buffer), ctypes.byref(needed))
last = buffer.value.decode().split("samples=[")[1].split("] last=")[0].split("), (")[-1]
print(f"Python wrote sample {COUNT - 1} as ({COUNT - 1}, {10.0 + COUNT - 1}); C read ({last}")
