"""No leaks across the boundary: references, callbacks, and owned strings."""

import gc
import os
import sys
import weakref

import pytest


def rss_bytes() -> int:
    """Resident set size now (not the peak), from /proc/self/statm."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_argument_refcounts_are_unchanged_after_10000_calls(route):
    sensor = "".join(["sensor-", "A"])  # built at run time: not an interned constant
    big = 2**40 + 12345  # not one of the cached small ints
    celsius = 21.5 + big * 0.0
    before = [sys.getrefcount(x) for x in (sensor, big, celsius)]
    for _ in range(10_000):
        route.add(big, big)
        route.count_code_points(sensor)
        route.format_reading(sensor, celsius)
        route.format_reading_alloc(sensor, celsius)
    assert [sys.getrefcount(x) for x in (sensor, big, celsius)] == before


def test_a_visitor_is_released_after_the_call(route):
    class Visitor:
        def __call__(self, index, term):
            return index >= 3

    visitor = Visitor()
    alive = weakref.ref(visitor)
    route.for_each_fib(10, visitor)
    del visitor
    gc.collect()
    assert alive() is None


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs Linux /proc to read RSS")
def test_owned_strings_do_not_leak_over_a_million_calls(route):
    """Every string format_reading_alloc hands over must come back to free_string."""
    for _ in range(10_000):  # warm up: let allocator pools reach their steady size
        route.format_reading_alloc("sensor-A", 21.5)
    gc.collect()
    before = rss_bytes()
    for _ in range(1_000_000):
        route.format_reading_alloc("sensor-A", 21.5)
    gc.collect()
    growth = rss_bytes() - before
    # Leaking the 20-byte strings would cost tens of MiB; allow 1 MiB of noise.
    assert growth < 1024 * 1024, f"RSS grew by {growth / 1024:.0f} KiB"
