"""Exercise 01 passes when a Counter's handle is released exactly once, however it ends."""

import contextlib
import ctypes
import gc

import pytest
from handle_resource import Counter, Resource  # the learner's file: the checker puts its folder on sys.path

from part5_handles import StaleHandleError, glue_ctypes


def live() -> int:
    gc.collect()
    return glue_ctypes.live(glue_ctypes.KIND_COUNTER)


def test_close_releases_once():
    before = live()
    counter = Counter(5)
    assert counter.value == 5 and live() == before + 1
    counter.close()
    assert live() == before, "close() did not release the handle"
    assert counter.closed, "closed should be True after close()"
    counter.close()  # a second close must not release again (that would be StaleHandleError)


def test_use_after_close_is_refused_before_c_is_asked():
    counter = Counter()
    counter.close()
    with pytest.raises(ValueError, match=r"^this Counter is closed$"):
        counter.value  # noqa: B018


def test_with_releases_even_when_the_block_raises():
    before = live()
    with pytest.raises(KeyError, match="inside"), Counter() as counter:
        raise KeyError("inside")
    assert counter.closed and live() == before


def test_the_library_still_catches_a_copied_handle():
    counter = Counter()
    copy = counter.handle
    counter.close()
    with pytest.raises(StaleHandleError):
        glue_ctypes.lib.counter_release(copy)


def test_a_second_close_calls_release_no_more():
    """Counted directly: Counter's release is wrapped in quietly(), which would
    hide a second release's StaleHandleError (a double release passed that way)."""
    handle = glue_ctypes.HANDLE()
    glue_ctypes.lib.counter_create(0, ctypes.byref(handle))
    released = []

    def release(value: int) -> None:
        released.append(value)
        with contextlib.suppress(StaleHandleError):  # a second release is counted, not raised
            glue_ctypes.lib.counter_release(value)

    resource = Resource(handle.value, release)
    resource.close()
    resource.close()
    with resource:
        pass  # __exit__ closes again: still nothing
    del resource
    gc.collect()  # nor does the finaliser, once closed
    assert released == [handle.value], f"release was called {len(released)} times: a handle is released once"
