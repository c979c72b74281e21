"""Exercise 03: mirror OutputRecord, field for field, in the header's order."""

import ctypes

from part4_structs.glue_ctypes import Point, Sample


# ex: mistake 2: "ReadingValue.value: the mirror puts it at offset 8"
# | class ReadingValue(ctypes.Structure):
# ex: solution
class ReadingValue(ctypes.Union):
    # ex: end
    # ex: starter
    # | _fields_ = []  # TODO: count (int64_t) and value (double), both at offset 0
    # ex: solution
    _fields_ = [("count", ctypes.c_int64), ("value", ctypes.c_double)]
    # ex: end


class Reading(ctypes.Structure):
    # ex: starter
    # | _fields_ = []  # TODO: kind (uint32_t), then as (ReadingValue)
    # ex: mistake 4: "Reading.kind: the mirror says int32_t, the header uint32_t"
    # | _fields_ = [("kind", ctypes.c_int32), ("as", ReadingValue)]
    # ex: solution
    _fields_ = [("kind", ctypes.c_uint32), ("as", ReadingValue)]
    # ex: end


class OutputRecord(ctypes.Structure):
    _fields_ = [
        ("title", ctypes.c_char_p),
        ("top", ctypes.POINTER(Sample)),
        ("top_count", ctypes.c_size_t),
        ("origin", Point),
        # ex: starter
        # | # TODO: total, alarm_counts and last
        # ex: mistake 1: "OutputRecord.alarm_counts: the mirror puts it at offset 40 with size 4"
        # | ("total", ctypes.c_double),
        # | ("alarm_counts", ctypes.c_uint32),
        # | ("last", Reading),
        # ex: mistake 3: "OutputRecord.total: the mirror puts it at offset"
        # | ("alarm_counts", ctypes.c_uint32 * 4),
        # | ("total", ctypes.c_double),
        # | ("last", Reading),
        # ex: solution
        ("total", ctypes.c_double),
        ("alarm_counts", ctypes.c_uint32 * 4),
        ("last", Reading),
        # ex: end
    ]
