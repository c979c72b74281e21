"""No leaks, no dangling references, in every native route.

Part I counts references by hand; Part VII lets pyo3 do it; Part V keeps
its objects in a Rust library and Python holds only handles. Each check
repeats an operation many times and compares what must not have changed: an
argument's reference count, whether an object was freed, the process's
resident memory.
"""

import gc
import sys
import weakref

import pytest
from config_routes import EXTENSION_MODULES, ROUTES, load

CALLS = 10_000
NATIVE = [route for route in ROUTES if route != "reference"]


@pytest.fixture(params=NATIVE, scope="module")
def mod(request):
    return load(request.param)


def refcount_unchanged(operation, *objects) -> None:
    gc.collect()
    before = [sys.getrefcount(obj) for obj in objects]
    for _ in range(CALLS):
        operation()
    gc.collect()
    assert [sys.getrefcount(obj) for obj in objects] == before


def test_arguments_are_not_leaked_on_success(mod):
    Config = mod.Config
    timeout, url = 1234, "http://example.com/" + "x" * 10
    kwargs = {"timeout": timeout, "url": url, "ssl": True}
    refcount_unchanged(lambda: Config(timeout, url, True).process(), timeout, url)
    refcount_unchanged(lambda: Config(**kwargs), timeout, url, kwargs)
    config = Config()
    refcount_unchanged(lambda: config.replace(url=url, timeout=timeout), timeout, url)


def test_arguments_are_not_leaked_on_failure(mod):
    Config, ConfigError = mod.Config, mod.ConfigError
    bad_url, bad_timeout, text, https = "ftp://example.com", 5000, "not a bool", "https://h"

    def fail(call):
        try:
            call()
        except (TypeError, ConfigError):
            pass
        else:
            raise AssertionError("expected an error")

    refcount_unchanged(lambda: fail(lambda: Config(url=bad_url)), bad_url)
    refcount_unchanged(lambda: fail(lambda: Config(timeout=bad_timeout)), bad_timeout)
    refcount_unchanged(lambda: fail(lambda: Config(url="http://h", ssl=text)), text)
    refcount_unchanged(lambda: fail(lambda: Config(retries=text)), text)
    refcount_unchanged(lambda: fail(lambda: Config(url=https).process()), https)


def test_setters_release_the_old_value(mod):
    config = mod.Config()
    first, second = "http://first.example", "http://second.example"
    untouched = sys.getrefcount(first)
    config.url = first
    config.url = second
    assert sys.getrefcount(first) == untouched, "the old url was released"
    refcount_unchanged(lambda: setattr(config, "url", second), second)


@pytest.mark.parametrize("route", EXTENSION_MODULES)
def test_add_does_not_leak(route):
    mod = load(route)  # add() is Part II's: only the extension-module routes have it
    a, b = 10**12, 10**13
    refcount_unchanged(lambda: mod.add(a, b), a, b)
    refcount_unchanged(lambda: mod.add_varargs(a, b), a, b)


def test_a_config_is_freed_after_del(mod):
    url = "http://h/" + "y" * 100
    untouched = sys.getrefcount(url)
    config = mod.Config(url=url)
    ref = weakref.ref(config)
    del config
    gc.collect()
    assert ref() is None
    assert sys.getrefcount(url) == untouched, "freeing the Config released what it held"


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_memory_is_flat_over_a_million_cycles(mod):
    Config = mod.Config

    def cycles(count: int) -> None:
        for i in range(count):
            Config(timeout=1 + i % 3600, url="http://example.com/a", ssl=bool(i & 1)).process()

    cycles(100_000)  # let the allocator reach its steady state
    before = rss_kib()
    cycles(1_000_000)
    growth = rss_kib() - before
    assert growth < 1024, f"RSS grew by {growth} KiB over 1,000,000 create-and-process cycles"
