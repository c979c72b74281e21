"""No reference leaks over 10,000 calls; memory flat over 1,000,000 create + release."""

import gc
import sys

import pytest

from part5_handles import Config, Counter


def test_refcounts_unchanged_over_10_000_calls():
    url = "http://sensor-" + "a" * 20 + ".local/"
    by = 7 + 0
    config = Config(timeout=5, url=url)
    counts = (sys.getrefcount(url), sys.getrefcount(by), sys.getrefcount(config))
    with Counter() as counter:
        for _ in range(10_000):
            counter.increment(by)
            config.url = url
            config.process()
            Config(url=url).close()
    gc.collect()
    assert (sys.getrefcount(url), sys.getrefcount(by), sys.getrefcount(config)) == counts
    config.close()


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_memory_is_flat_over_a_million_create_and_release():
    def cycles(count: int) -> None:
        for i in range(count):
            Counter(i).close()

    cycles(50_000)
    before = rss_kib()
    cycles(1_000_000)
    growth = rss_kib() - before
    assert growth < 1024, f"RSS grew by {growth} KiB over 1,000,000 create + release"
