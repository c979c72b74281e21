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
    later assignment alike (each is a property whose setter checks): a
    record holds only values that fit their C fields, so no route ever
    sees a value it would wrap, truncate or take for an address.
    """

    # No other attribute can be added: a typo (rec.vesion = 2) is an error.
    __slots__ = (
        "_last",
        "_name",
        "_name_bytes",
        "_origin",
        "_samples",
        "_thresholds",
        "_unit",
        "_unit_bytes",
        "_version",
    )

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
        # Each assignment runs the property's setter below.
        self.name = name
        self.version = version
        self.origin = origin
        self.samples = samples
        self.unit = unit
        self.thresholds = thresholds
        self.last = last

    # ANCHOR_END: input_record

    # ANCHOR: setters
    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name_bytes = _checks.text(value, WHERE, "name")
        self._name = value

    @property
    def name_bytes(self) -> bytes:
        """``name`` as UTF-8, as the C string will hold it (read-only: set ``name``)."""
        return self._name_bytes

    @property
    def version(self) -> int:
        return self._version

    @version.setter
    def version(self, value: int) -> None:
        self._version = _checks.integer(value, WHERE, "version", "uint16_t")

    # ANCHOR_END: setters

    @property
    def origin(self) -> tuple[int, int]:
        return self._origin

    @origin.setter
    def origin(self, value: tuple[int, int]) -> None:
        x, y = _checks.pair(value, WHERE, "origin")
        self._origin = (
            _checks.integer(x, WHERE, "origin[0]", "int32_t"),
            _checks.integer(y, WHERE, "origin[1]", "int32_t"),
        )

    @property
    def samples(self) -> tuple[Sample, ...]:
        """A tuple: changing the samples means assigning new ones, which are checked."""
        return self._samples

    @samples.setter
    def samples(self, value: Sequence[tuple[int, float]]) -> None:
        self._samples = tuple(_sample(index, item) for index, item in enumerate(_sequence(value, "samples")))

    @property
    def unit(self) -> str:
        return self._unit

    @unit.setter
    def unit(self, value: str) -> None:
        self._unit_bytes = _checks.text(value, WHERE, "unit", max_bytes=UNIT_BYTES)
        self._unit = value

    @property
    def unit_bytes(self) -> bytes:
        """``unit`` as UTF-8, as the inline ``char unit[8]`` will hold it (read-only)."""
        return self._unit_bytes

    @property
    def thresholds(self) -> tuple[int, ...]:
        return self._thresholds

    @thresholds.setter
    def thresholds(self, value: Sequence[int]) -> None:
        levels = _sequence(value, "thresholds")
        if len(levels) != THRESHOLDS:
            raise ValueError(f"{WHERE} argument 'thresholds' must have {THRESHOLDS} items, got {len(levels)}")
        self._thresholds = tuple(_checks.integer(t, WHERE, f"thresholds[{i}]", "int16_t") for i, t in enumerate(levels))

    @property
    def last(self) -> int | float:
        return self._last

    @last.setter
    def last(self, value: int | float) -> None:
        if type(value) is bool or not isinstance(value, (int, float)):
            raise TypeError(
                f"{WHERE} argument 'last' must be int (a count) or float (a value), not {type(value).__name__}"
            )
        self._last = _checks.integer(value, WHERE, "last", "int64_t") if isinstance(value, int) else float(value)

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
