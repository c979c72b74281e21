"""``InputRecordPy``: the record as a plain Python object (Layer 1, user API).

Application code builds one of these and never sees a struct. It checks
each value's type and C range when it is made and whenever a field is
assigned, so a mistake is reported where it was written, with the
argument's name; turning it into a C struct
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

    Every field is checked where it is written, in ``__init__`` and in any
    later assignment alike: a record holds only values that fit their C
    fields, so no route ever sees a value it would wrap, truncate or take
    for an address.
    """

    # Plain slots: the glue reads every field on every call, and a slot is
    # the cheapest read there is. No other attribute can be added, so a
    # typo (record.vesion = 2) is an error, not a new attribute.
    __slots__ = ("last", "name", "name_bytes", "origin", "samples", "thresholds", "unit", "unit_bytes", "version")

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
        # Each assignment goes through __setattr__, below: checked.
        self.name = name
        self.version = version
        self.origin = origin
        self.samples = samples
        self.unit = unit
        self.thresholds = thresholds
        self.last = last

    # ANCHOR_END: input_record

    # ANCHOR: setattr
    def __setattr__(self, field: str, value: object) -> None:
        """``record.field = value``, checked as the constructor checks it;
        a refused value leaves the record as it was."""
        check = _CHECKS.get(field)
        if check is None:
            if field in ("name_bytes", "unit_bytes"):
                raise AttributeError(f"InputRecordPy.{field} is derived: set {field.removesuffix('_bytes')} instead")
            raise AttributeError(f"'InputRecordPy' object has no attribute '{field}'")
        for name, checked in check(value):  # every check runs before anything is stored
            object.__setattr__(self, name, checked)

    def __delattr__(self, field: str) -> None:
        raise AttributeError(f"InputRecordPy.{field} cannot be deleted: every field of the C struct has a value")

    # ANCHOR_END: setattr

    def to_ctypes(self):
        """The ctypes ``InputRecord`` and the objects it points into (keep both alive during the call)."""
        from . import glue_ctypes  # the glue, imported only by the route that uses it

        return glue_ctypes.to_ctypes(self)

    def __repr__(self) -> str:
        return (
            f"InputRecordPy({self.name!r}, version={self.version}, origin={self.origin}, "
            f"samples={[tuple(s) for s in self.samples]}, unit={self.unit!r}, "
            f"thresholds={self.thresholds}, last={self.last!r})"
        )


# ANCHOR: checks
def _text_and_bytes(field: str, max_bytes: int | None = None):
    """A str field and its UTF-8 bytes (``name`` and ``name_bytes``), both stored."""

    def check(value):
        encoded = _checks.text(value, WHERE, field, max_bytes)
        return [(field, value), (f"{field}_bytes", encoded)]

    return check


def _origin(value):
    x, y = _checks.pair(value, WHERE, "origin")
    return [
        (
            "origin",
            (_checks.integer(x, WHERE, "origin[0]", "int32_t"), _checks.integer(y, WHERE, "origin[1]", "int32_t")),
        )
    ]


def _samples(value):
    return [("samples", tuple(_sample(index, item) for index, item in enumerate(_sequence(value, "samples"))))]


def _thresholds(value):
    levels = _sequence(value, "thresholds")
    if len(levels) != THRESHOLDS:
        raise ValueError(f"{WHERE} argument 'thresholds' must have {THRESHOLDS} items, got {len(levels)}")
    return [
        ("thresholds", tuple(_checks.integer(t, WHERE, f"thresholds[{i}]", "int16_t") for i, t in enumerate(levels)))
    ]


def _last(value):
    if type(value) is bool or not isinstance(value, (int, float)):
        raise TypeError(f"{WHERE} argument 'last' must be int (a count) or float (a value), not {type(value).__name__}")
    return [("last", _checks.integer(value, WHERE, "last", "int64_t") if isinstance(value, int) else float(value))]


# Each public field: its check, which returns what to store (a field and,
# for text, its bytes). `samples` becomes a tuple, so it cannot be changed
# in place behind the check.
_CHECKS = {
    "name": _text_and_bytes("name"),
    "version": lambda value: [("version", _checks.integer(value, WHERE, "version", "uint16_t"))],
    "origin": _origin,
    "samples": _samples,
    "unit": _text_and_bytes("unit", UNIT_BYTES),
    "thresholds": _thresholds,
    "last": _last,
}
# ANCHOR_END: checks


def _sample(index: int, item: object) -> Sample:
    sample_id, weight = _checks.pair(item, WHERE, f"samples[{index}]")
    return Sample(
        _checks.integer(sample_id, WHERE, f"samples[{index}].id", "uint32_t"),
        _checks.real(weight, WHERE, f"samples[{index}].weight"),
    )


def _sequence(value: object, name: str) -> Sequence:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{WHERE} argument '{name}' must be a sequence, not {type(value).__name__}")
    return value
