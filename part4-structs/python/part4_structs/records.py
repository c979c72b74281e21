"""``InputRecordPy``: the record as a plain Python object (Layer 1, user API).

Application code builds one of these and never sees a struct. It checks
each value's type and C range when it is made, so a mistake is reported
where it was written, with the argument's name; turning it into a C struct
is a route's job (``to_ctypes()`` for the ctypes route).
"""

from collections.abc import Sequence
from typing import NamedTuple

from . import _checks
from .header import LIMITS

WHERE = "InputRecordPy()"
UNIT_BYTES = LIMITS["STRUCTS_UNIT_SIZE"] - 1  # the array's last byte is the NUL
THRESHOLDS = LIMITS["STRUCTS_THRESHOLDS"]


class Sample(NamedTuple):
    """One sample: the C ``Sample``'s two fields, as Python values."""

    id: int
    weight: float


# ANCHOR: input_record
class InputRecordPy:
    """A sensor record: what ``transform()`` summarises.

    ``samples`` are ``(id, weight)`` pairs; ``last`` is the last reading, an
    ``int`` (a count of events) or a ``float`` (a measured value).
    """

    def __init__(
        self,
        name: str,
        version: int = 1,
        origin: tuple[int, int] = (0, 0),
        samples: Sequence[tuple[int, float]] = (),
        unit: str = "kg",
        thresholds: Sequence[int] = (0, 0, 0, 0),
        last: int | float = 0,
    ) -> None:
        self.name = name
        self.name_bytes = _checks.text(name, WHERE, "name")
        self.version = _checks.integer(version, WHERE, "version", "uint16_t")
        x, y = _checks.pair(origin, WHERE, "origin")
        self.origin = (
            _checks.integer(x, WHERE, "origin[0]", "int32_t"),
            _checks.integer(y, WHERE, "origin[1]", "int32_t"),
        )
        self.samples = [self._sample(index, item) for index, item in enumerate(_sequence(samples, "samples"))]
        self.unit = unit
        self.unit_bytes = _checks.text(unit, WHERE, "unit", max_bytes=UNIT_BYTES)
        levels = _sequence(thresholds, "thresholds")
        if len(levels) != THRESHOLDS:
            raise ValueError(f"{WHERE} argument 'thresholds' must have {THRESHOLDS} items, got {len(levels)}")
        self.thresholds = tuple(_checks.integer(t, WHERE, f"thresholds[{i}]", "int16_t") for i, t in enumerate(levels))
        if type(last) is bool or not isinstance(last, (int, float)):
            raise TypeError(
                f"{WHERE} argument 'last' must be int (a count) or float (a value), not {type(last).__name__}"
            )
        self.last = _checks.integer(last, WHERE, "last", "int64_t") if isinstance(last, int) else float(last)

    @staticmethod
    def _sample(index: int, item: object) -> Sample:
        sample_id, weight = _checks.pair(item, WHERE, f"samples[{index}]")
        return Sample(
            _checks.integer(sample_id, WHERE, f"samples[{index}].id", "uint32_t"),
            _checks.real(weight, WHERE, f"samples[{index}].weight"),
        )

    def to_ctypes(self):
        """The ctypes ``InputRecord`` and the objects it points into (keep both alive during the call)."""
        from . import bindings  # the glue, imported only by the route that uses it

        return bindings.to_ctypes(self)

    def __repr__(self) -> str:
        return (
            f"InputRecordPy({self.name!r}, version={self.version}, origin={self.origin}, "
            f"samples={[tuple(s) for s in self.samples]}, unit={self.unit!r}, "
            f"thresholds={self.thresholds}, last={self.last!r})"
        )


# ANCHOR_END: input_record


def _sequence(value: object, name: str) -> Sequence:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{WHERE} argument '{name}' must be a sequence, not {type(value).__name__}")
    return value
