"""Lifetimes across the boundary: what Python lends C during a call, and what
C hands Python until free_output.

- the user API frees on close, at the end of a ``with`` (also on an
  exception), and through its finaliser when the object is collected;
- use after close is a clear ValueError, never a read of freed memory;
- no reference leaks over 10,000 calls, no memory growth over 1,000,000.
"""

import gc
import sys
import weakref

import pytest

from part4_structs import InputRecordPy, load, transform

SAMPLES = [(1, 12.5), (2, 40.0), (3, 25.0)]


def live(route: str) -> int:
    return load(route).live_outputs()


def test_close_frees_and_is_idempotent(route):
    out = transform(InputRecordPy("s", samples=SAMPLES), route=route)
    assert live(route) == 1 and not out.closed
    out.close()
    assert live(route) == 0 and out.closed
    out.close()
    assert live(route) == 0


def test_use_after_close_is_a_clear_error(route):
    out = transform(InputRecordPy("s", samples=SAMPLES), route=route)
    out.close()
    for name in ("title", "top", "origin", "total", "alarm_counts", "last"):
        with pytest.raises(
            ValueError, match=rf"^OutputRecordPy is closed: its memory went back to libstructs, so \.{name} is gone$"
        ):
            getattr(out, name)
    assert repr(out) == "<OutputRecordPy closed>"


def test_with_frees_at_the_end_and_on_an_exception(route):
    with transform(InputRecordPy("s"), route=route) as out:
        assert live(route) == 1
    assert out.closed and live(route) == 0
    with pytest.raises(KeyError), transform(InputRecordPy("s"), route=route) as out:
        raise KeyError("inside the block")
    assert out.closed and live(route) == 0


def test_close_inside_with_is_fine(route):
    with transform(InputRecordPy("s"), route=route) as out:
        out.close()
        assert live(route) == 0
    assert out.closed


def test_the_finaliser_frees_a_forgotten_result(route):
    out = transform(InputRecordPy("s", samples=SAMPLES), route=route)
    ref = weakref.ref(out)
    assert live(route) == 1
    del out
    gc.collect()
    assert ref() is None, "nothing keeps the result alive"
    assert live(route) == 0, "the finaliser called free_output"


def test_a_failed_transform_leaves_nothing_behind(route):
    with pytest.raises(ValueError):
        transform(InputRecordPy("s", version=0), route=route)
    assert live(route) == 0


def test_refcounts_unchanged_over_10_000_calls(route):
    name = "sensor-" + "x" * 20  # a fresh str, so its count is ours to watch
    record = InputRecordPy(name, samples=SAMPLES)
    scale = 1.5 + 0.0
    counts = (sys.getrefcount(record), sys.getrefcount(name), sys.getrefcount(scale))
    for _ in range(10_000):
        with transform(record, scale, top_n=2, route=route) as out:
            out.title, out.top  # noqa: B018 - reading is part of the round trip
    gc.collect()
    assert (sys.getrefcount(record), sys.getrefcount(name), sys.getrefcount(scale)) == counts


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_memory_is_flat_over_a_million_round_trips(route):
    record = InputRecordPy("sensor-A", version=2, origin=(10, 20), samples=SAMPLES)

    def round_trips(count: int) -> None:
        for _ in range(count):
            with transform(record, 1.5, 20.0, 2, route=route) as out:
                out.title  # noqa: B018 - the library's string, copied into Python

    round_trips(50_000)  # let the allocators reach their steady state
    before = rss_kib()
    round_trips(1_000_000)
    growth = rss_kib() - before
    assert growth < 1024, f"RSS grew by {growth} KiB over 1,000,000 transform + close round trips"
    assert live(route) == 0
