"""A handle's bit layout, in Python: kind (8) | generation (32) | slot index (24).

Only tests and the book's explanations take handles apart; the wrappers
treat a handle as an opaque integer, as callers of any handle API should.
"""

INDEX_BITS, GENERATION_BITS = 24, 32


def unpack(handle: int) -> dict[str, int]:
    return {
        "kind": handle >> (INDEX_BITS + GENERATION_BITS),
        "generation": (handle >> INDEX_BITS) & (2**GENERATION_BITS - 1),
        "index": handle & (2**INDEX_BITS - 1),
    }


def pack(kind: int, generation: int, index: int) -> int:
    return (kind << (INDEX_BITS + GENERATION_BITS)) | (generation << INDEX_BITS) | index
