"""Exercise 02: an object that owns library memory frees it exactly once."""

import ctypes
import weakref  # the finaliser needs it

from part4_structs import bindings
from part4_structs.bindings import OutputRecord


def free(record: OutputRecord) -> None:
    bindings.lib.free_output(ctypes.byref(record))


class Output:
    """A transform's result; owns the title and the array the library allocated."""

    def __init__(self, record: OutputRecord) -> None:
        self._record = record
        # TODO: a weakref.finalize that frees the record (hold the record, not self)

    def close(self) -> None:
        """Give the memory back; a second call does nothing."""
        # TODO

    @property
    def closed(self) -> bool:
        return False  # TODO

    def __enter__(self) -> "Output":
        return self

    def __exit__(self, *exc_info) -> None:
        pass  # TODO: close, and let an exception from the block through

    @property
    def title(self) -> str:
        if self.closed:
            raise ValueError("Output is closed")
        return self._record.title.decode("utf-8")


def make_output(record, scale: float = 1.0) -> Output:
    """Runs transform_record on an InputRecordPy and wraps the result."""
    raw, _keepalive = bindings.to_ctypes(record)  # held until C has returned
    out = OutputRecord()
    status = bindings.lib.transform_record(ctypes.byref(raw), scale, 0.0, 3, ctypes.byref(out))
    bindings.check(status, "transform_record")
    return Output(out)
