"""transform_record's rules as plain Python: what every route must return.

Written from the header's comments, not from the Rust code, so that a test
comparing the two can find a disagreement in either.
"""

import math

INT32 = (-(2**31), 2**31 - 1)


def round_half_away(value: float) -> float:
    """C's round() (and Rust's): halves go away from zero. Python's round() goes to even."""
    return math.copysign(math.floor(abs(value) + 0.5), value)


def transform(record, scale: float, min_weight: float, top_n: int) -> dict | str:
    """The result fields, or the name of the status the library must return."""
    if not (math.isfinite(scale) and math.isfinite(min_weight)):
        return "NOT_FINITE"
    if not 1 <= record.version <= 255:
        return "BAD_VERSION"
    if len(record.samples) > 1_000_000 or top_n > 1000:
        return "BAD_LENGTH"
    if not all(math.isfinite(s.weight) for s in record.samples):
        return "NOT_FINITE"
    if isinstance(record.last, float) and not math.isfinite(record.last):
        return "NOT_FINITE"
    kept = sorted((s for s in record.samples if s.weight >= min_weight), key=lambda s: (-s.weight, s.id))
    total = 0.0
    for sample in kept:  # one addition at a time, in this order, as the library does
        total += sample.weight
    total *= scale
    origin = tuple(round_half_away(c * scale) for c in record.origin)
    last = record.last * scale if isinstance(record.last, float) else record.last
    if not all(INT32[0] <= c <= INT32[1] for c in origin) or not math.isfinite(total) or not math.isfinite(last):
        return "OVERFLOW"
    return {
        "top": [(s.id, s.weight) for s in kept[:top_n]],
        "origin": tuple(int(c) for c in origin),
        "total": total,
        "alarm_counts": tuple(sum(s.weight >= t for s in kept) for t in record.thresholds),
        "last": last,
        "kept": len(kept),
    }
