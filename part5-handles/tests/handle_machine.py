"""A Hypothesis state machine that drives libhandles' C ABI against a Python model.

The model is a dict of the handles issued and what each object holds. The
rules create, read, update and release objects of both kinds, and make the
mistakes handles exist to catch: using a released handle, releasing twice,
forging a handle, passing one kind where another is expected. After every
step the library's live counts must equal the model's.

``tests/test_handles_stateful.py`` runs it against the real library, and,
in a subprocess, against a build without the generation check, where it
must fail.
"""

import ctypes
from collections import Counter as Tally
from ctypes import byref

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from part5_handles import glue_ctypes
from part5_handles.errors import InvalidHandleError, StaleHandleError, WrongKindError
from part5_handles.handle_bits import pack, unpack

lib = glue_ctypes.lib
DETECTED = Tally()  # how many of each mistake the library caught, across all runs


def counter_value(handle: int) -> int:
    out = ctypes.c_int64()
    lib.counter_value(handle, byref(out))
    return out.value


def config_timeout(handle: int) -> int:
    out = ctypes.c_uint32()
    lib.config_timeout(handle, byref(out))
    return out.value


def expect(error: type[Exception], call, *args) -> None:
    try:
        call(*args)
    except error:
        return
    raise AssertionError(f"{call.__name__}{args!r} should raise {error.__name__}")


class HandleMachine(RuleBasedStateMachine):
    counters = Bundle("counters")
    configs = Bundle("configs")
    released = Bundle("released")

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[int, tuple[str, int]] = {}  # handle -> (kind, value)
        self.base = (glue_ctypes.live(glue_ctypes.KIND_COUNTER), glue_ctypes.live(glue_ctypes.KIND_CONFIG))

    @rule(target=counters, start=st.integers(-(2**40), 2**40))
    def create_counter(self, start):
        handle = glue_ctypes.HANDLE()
        lib.counter_create(start, byref(handle))
        assert handle.value not in self.model, "a live handle was issued twice"
        self.model[handle.value] = ("counter", start)
        return handle.value

    @rule(target=configs, timeout=st.integers(1, 3600))
    def create_config(self, timeout):
        handle, url = glue_ctypes.HANDLE(), b"http://sensor-a.local/"
        lib.config_create(timeout, url, len(url), False, byref(handle))
        assert handle.value not in self.model, "a live handle was issued twice"
        self.model[handle.value] = ("config", timeout)
        return handle.value

    @rule(handle=counters)
    def read_counter(self, handle):
        assert counter_value(handle) == self.model[handle][1]

    @rule(handle=configs)
    def read_config(self, handle):
        assert config_timeout(handle) == self.model[handle][1]

    @rule(handle=counters, by=st.integers(-1000, 1000))
    def increment(self, handle, by):
        out = ctypes.c_int64()
        lib.counter_increment(handle, by, byref(out))
        self.model[handle] = ("counter", self.model[handle][1] + by)
        assert out.value == self.model[handle][1]

    @rule(handle=configs, timeout=st.integers(1, 3600))
    def set_timeout(self, handle, timeout):
        lib.config_set_timeout(handle, timeout)
        self.model[handle] = ("config", timeout)

    @rule(target=released, handle=consumes(counters))
    def release_counter(self, handle):
        lib.counter_release(handle)
        del self.model[handle]
        return ("counter", handle)

    @rule(target=released, handle=consumes(configs))
    def release_config(self, handle):
        lib.config_release(handle)
        del self.model[handle]
        return ("config", handle)

    @rule(old=released)
    def use_after_release(self, old):
        kind, handle = old
        expect(StaleHandleError, counter_value if kind == "counter" else config_timeout, handle)
        DETECTED["stale"] += 1

    @rule(old=released)
    def double_release(self, old):
        kind, handle = old
        expect(StaleHandleError, lib.counter_release if kind == "counter" else lib.config_release, handle)
        DETECTED["double release"] += 1

    @rule(handle=counters, shift=st.integers(1, 1000), zero_generation=st.booleans())
    def forged(self, handle, shift, zero_generation):
        parts = unpack(handle)
        # A slot index past every slot used, or generation 0, which is never issued.
        if zero_generation:
            parts["generation"] = 0
        else:
            parts["index"] += (1 << 20) + shift
        expect(InvalidHandleError, counter_value, pack(**parts))
        DETECTED["forged"] += 1

    @rule(handle=counters)
    def wrong_kind(self, handle):
        expect(WrongKindError, config_timeout, handle)
        DETECTED["wrong kind"] += 1

    @rule()
    def zero(self):
        expect(InvalidHandleError, counter_value, 0)

    @invariant()
    def live_counts_match_the_model(self):
        kinds = Tally(kind for kind, _ in self.model.values())
        assert glue_ctypes.live(glue_ctypes.KIND_COUNTER) - self.base[0] == kinds["counter"]
        assert glue_ctypes.live(glue_ctypes.KIND_CONFIG) - self.base[1] == kinds["config"]

    def teardown(self):
        for handle, (kind, _) in self.model.items():
            try:
                (lib.counter_release if kind == "counter" else lib.config_release)(handle)
            except StaleHandleError:
                pass  # only against a broken pool, where a stale handle released the object already
