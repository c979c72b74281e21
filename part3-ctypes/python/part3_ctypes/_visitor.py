"""The Python side of a C callback, shared by every route.

An exception must not escape into C: C cannot unwind it, and ctypes and cffi
would only print it and carry on. So the guard catches it, tells C to stop
(non-zero), and re-raises it once the C call has returned.
"""

from collections.abc import Callable

Visit = Callable[[int, int], object]


# ANCHOR: visitor_guard
class VisitorGuard:
    """Wraps ``visit(index, term)`` (truthy = stop) for use as a ``fib_visitor``."""

    def __init__(self, visit: Visit) -> None:
        if not callable(visit):
            raise TypeError(f"for_each_fib() argument 'visit' must be callable, not {type(visit).__name__}")
        self._visit = visit
        self.error: BaseException | None = None

    def __call__(self, index: int, term: int, _user_data: object) -> int:
        try:
            return 1 if self._visit(index, term) else 0
        except BaseException as error:  # noqa: BLE001 - re-raised by reraise()
            self.error = error
            return 1

    def reraise(self) -> None:
        """Raise what the visitor raised, now that we are back in Python."""
        if self.error is not None:
            error, self.error = self.error, None
            raise error


# ANCHOR_END: visitor_guard
