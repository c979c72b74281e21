"""Exercise 01: the glue must keep alive what the struct points into."""

import ctypes

from part4_structs.glue_ctypes import READING_COUNT, InputRecord, Point, Sample


def array_address(array: ctypes.Array) -> int:
    """An array's address as a plain int, as a C-style helper hands it over."""
    return ctypes.addressof(array)


def to_ctypes(record) -> tuple[InputRecord, list]:
    """The C InputRecord for `record`, and the objects C reads through its pointers."""
    name = record.name_bytes
    samples = (Sample * len(record.samples))(*[Sample(s.id, s.weight) for s in record.samples])
    raw = InputRecord(name=name, version=record.version, origin=Point(*record.origin), unit=record.unit_bytes)
    raw.samples = ctypes.cast(array_address(samples), ctypes.POINTER(Sample))
    raw.sample_count = len(samples)
    raw.last.kind = READING_COUNT
    # ex: starter
    # | # TODO: return every object C reads through raw's pointers, so the caller keeps them alive.
    # | return raw, []
    # ex: mistake 1: "The array was freed before C read it."
    # | return raw, [name, raw.samples]  # a pointer object, not the array
    # ex: mistake 2: "The array was freed before C read it."
    # | return raw, [name]
    # ex: mistake 3: "the bytes raw.name points into are not in the keepalive list"
    # | return raw, [samples]
    # ex: solution
    # The name and the array: C reads both during the call.
    return raw, [name, samples]
    # ex: end
