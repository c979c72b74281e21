"""The user API (Layer 1): ``transform()`` and the ``OutputRecordPy`` it returns.

Why a user API at all, when ``glue_ctypes.py`` can already call the library?
Because the struct-level calls leave three jobs to every caller: build the
struct correctly (layout fidelity), keep what it points into alive and free
what the library allocated (lifetime), and turn C values and status codes
into Python ones (ergonomics). This module does all three once, for every
route, and application code never mentions ctypes or cffi.
"""

import importlib
import weakref
from types import ModuleType

from . import _checks
from .records import InputRecordPy, Sample

# Route name -> the glue module that implements it.
ROUTES = {"ctypes": "glue_ctypes", "cffi": "glue_cffi_api", "minictypes": "glue_minictypes"}
DEFAULT_ROUTE = "ctypes"


def load(route: str) -> ModuleType:
    """A route's glue module, e.g. ``load("cffi")``."""
    if route not in ROUTES:
        raise ValueError(f"unknown route {route!r}; choose one of {', '.join(ROUTES)}")
    return importlib.import_module(f"{__package__}.{ROUTES[route]}")


# ANCHOR: output_record
class OutputRecordPy:
    """A transform's result. It owns memory the library allocated.

    Use it in a ``with`` block, or call ``close()``: either gives the memory
    back (``free_output``). ``close()`` may be called again and does nothing.
    If neither happens, a finaliser frees the memory when the object is
    collected: a safety net, not a plan, since collection may come late.
    """

    def __init__(self, glue: ModuleType, native: object) -> None:
        self._glue = glue
        self._native = native
        # finalize holds `native`, not self: the memory is freed exactly once,
        # by close() or at collection, whichever comes first.
        self._finalizer = weakref.finalize(self, glue.free, native)

    def close(self) -> None:
        """Give the library's memory back. Idempotent."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> "OutputRecordPy":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()  # also when the block raised: the memory is freed either way

    def _field(self, name: str):
        if self.closed:
            raise ValueError(f"OutputRecordPy is closed: its memory went back to libstructs, so .{name} is gone")
        return self._glue.read(self._native)[name]

    # ANCHOR_END: output_record

    @property
    def title(self) -> str:
        return self._field("title")

    @property
    def top(self) -> list[Sample]:
        """The kept samples, heaviest first, at most ``top_n``."""
        return [Sample(*pair) for pair in self._field("top")]

    @property
    def origin(self) -> tuple[int, int]:
        return self._field("origin")

    @property
    def total(self) -> float:
        return self._field("total")

    @property
    def alarm_counts(self) -> tuple[int, ...]:
        return self._field("alarm_counts")

    @property
    def last(self) -> int | float:
        """A count (int) unchanged, or a value (float) times scale."""
        return self._field("last")

    def __repr__(self) -> str:
        if self.closed:
            return "<OutputRecordPy closed>"
        return f"<OutputRecordPy {self.title!r}>"


# ANCHOR: transform
def transform(
    record: InputRecordPy,
    scale: float = 1.0,
    min_weight: float = 0.0,
    top_n: int = 3,
    *,
    route: str = DEFAULT_ROUTE,
) -> OutputRecordPy:
    """Summarise ``record``'s samples at or above ``min_weight``: the ``top_n``
    heaviest, their total, per-threshold counts, all scaled by ``scale``."""
    if not isinstance(record, InputRecordPy):
        raise TypeError(f"transform() argument 'record' must be InputRecordPy, not {type(record).__name__}")
    scale = _checks.real(scale, "transform()", "scale")
    min_weight = _checks.real(min_weight, "transform()", "min_weight")
    top_n = _checks.integer(top_n, "transform()", "top_n", "size_t")
    glue = load(route)
    return OutputRecordPy(glue, glue.new_output(record, scale, min_weight, top_n))


# ANCHOR_END: transform
