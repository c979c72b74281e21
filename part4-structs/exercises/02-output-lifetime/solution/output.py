"""Exercise 02: an object that owns library memory frees it exactly once."""

import ctypes
import weakref  # the finaliser needs it

from part4_structs import glue_ctypes
from part4_structs.glue_ctypes import OutputRecord


def free(record: OutputRecord) -> None:
    glue_ctypes.lib.free_output(ctypes.byref(record))


class Output:
    """A transform's result; owns the title and the array the library allocated."""

    def __init__(self, record: OutputRecord) -> None:
        self._record = record
        # ex: starter
        # | # TODO: a weakref.finalize that frees the record (hold the record, not self)
        # ex: mistake 2: "something keeps the Output alive: does the finaliser hold self?"
        # | self._finalizer = weakref.finalize(self, lambda: free(self._record))  # holds self
        # ex: solution
        # The finaliser holds the record, not self, so self can be collected.
        self._finalizer = weakref.finalize(self, free, record)
        # ex: end

    def close(self) -> None:
        """Give the memory back; a second call does nothing."""
        # ex: starter
        # | # TODO
        # ex: mistake 1: "the memory is given back once"
        # | free(self._record)  # every time, and the finaliser once more
        # ex: solution
        self._finalizer()  # runs free() the first time only
        # ex: end

    @property
    def closed(self) -> bool:
        # ex: starter
        # | return False  # TODO
        # ex: solution
        return not self._finalizer.alive
        # ex: end

    def __enter__(self) -> "Output":
        return self

    def __exit__(self, *exc_info) -> None:
        # ex: starter
        # | pass  # TODO: close, and let an exception from the block through
        # ex: mistake 3: "DID NOT RAISE"
        # | self.close()
        # | return True  # swallows the block's exception
        # ex: solution
        self.close()  # returning None lets an exception from the block through
        # ex: end

    @property
    def title(self) -> str:
        # ex: mistake 4: "a read after close reached the freed record"
        # | pass  # no check: a read after close reads what free_output emptied
        # ex: solution
        if self.closed:
            raise ValueError("Output is closed")
        # ex: end
        return self._record.title.decode("utf-8")


def make_output(record, scale: float = 1.0) -> Output:
    """Runs transform_record on an InputRecordPy and wraps the result."""
    raw, _keepalive = glue_ctypes.to_ctypes(record)  # held until C has returned
    out = OutputRecord()
    status = glue_ctypes.lib.transform_record(ctypes.byref(raw), scale, 0.0, 3, ctypes.byref(out))
    glue_ctypes.check(status, "transform_record")
    return Output(out)
