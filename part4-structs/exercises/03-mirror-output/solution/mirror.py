"""Exercise 03: mirror OutputRecord, field for field, in the header's order."""

import ctypes

from part4_structs.bindings import Point, Sample


class ReadingValue(ctypes.Union):
    _fields_ = [("count", ctypes.c_int64), ("value", ctypes.c_double)]


class Reading(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_uint32), ("as", ReadingValue)]


class OutputRecord(ctypes.Structure):
    _fields_ = [
        ("title", ctypes.c_char_p),
        ("top", ctypes.POINTER(Sample)),
        ("top_count", ctypes.c_size_t),
        ("origin", Point),
        ("total", ctypes.c_double),
        ("alarm_counts", ctypes.c_uint32 * 4),
        ("last", Reading),
    ]
