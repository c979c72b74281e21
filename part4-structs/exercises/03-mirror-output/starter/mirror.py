"""Exercise 03: mirror OutputRecord, field for field, in the header's order."""

import ctypes

from part4_structs.bindings import Point, Sample


class ReadingValue(ctypes.Union):
    _fields_ = []  # TODO: count (int64_t) and value (double), both at offset 0


class Reading(ctypes.Structure):
    _fields_ = []  # TODO: kind (uint32_t), then as (ReadingValue)


class OutputRecord(ctypes.Structure):
    _fields_ = [
        ("title", ctypes.c_char_p),
        ("top", ctypes.POINTER(Sample)),
        ("top_count", ctypes.c_size_t),
        ("origin", Point),
        # TODO: total, alarm_counts and last
    ]
