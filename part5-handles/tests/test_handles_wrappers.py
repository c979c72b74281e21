"""The resource classes: lifetimes, use after close, and the bad-input matrix
over every wrapper method and every export."""

import ctypes
import gc
import weakref
from ctypes import byref

import pytest

from part5_handles import (
    Config,
    ConfigError,
    Counter,
    HandleResource,
    InvalidHandleError,
    StaleHandleError,
    WrongKindError,
    glue_ctypes,
)
from part5_handles.handle_bits import pack, unpack
from part5_handles.header import DEFINES

lib = glue_ctypes.lib


def live() -> tuple[int, int]:
    return glue_ctypes.live(glue_ctypes.KIND_CONFIG), glue_ctypes.live(glue_ctypes.KIND_COUNTER)


def test_close_is_idempotent_and_releases_once():
    before = live()
    counter = Counter(5)
    assert live() == (before[0], before[1] + 1)
    counter.close()
    counter.close()
    assert counter.closed and live() == before


def test_with_releases_also_on_an_exception():
    before = live()
    with pytest.raises(KeyError), Counter() as counter:
        counter.increment()
        raise KeyError("inside")
    assert counter.closed and live() == before
    with Config() as config, Counter() as readings:
        readings.increment(config.timeout)
        assert readings.value == 30
    assert config.closed and readings.closed and live() == before


def test_close_inside_with():
    with Counter() as counter:
        counter.close()
    assert counter.closed


@pytest.mark.parametrize(
    "use",
    [
        lambda c: c.value,
        lambda c: c.increment(),
        lambda c: repr(c) and c.handle,
    ],
)
def test_use_after_close_is_a_clear_error(use):
    counter = Counter()
    counter.close()
    with pytest.raises(ValueError, match=r"^this Counter is closed: its handle was released$"):
        use(counter)


@pytest.mark.parametrize(
    "use",
    [lambda c: c.timeout, lambda c: c.url, lambda c: c.process(), lambda c: setattr(c, "ssl", True)],
)
def test_config_after_close(use):
    config = Config()
    config.close()
    with pytest.raises(ValueError, match=r"^this Config is closed: its handle was released$"):
        use(config)


def test_a_closed_object_still_has_a_repr():
    """repr() is what a debugger and a traceback show: it must not raise."""
    config, counter = Config(), Counter(5)
    config.close()
    counter.close()
    assert (repr(config), repr(counter)) == ("<Config closed>", "<Counter closed>")


@pytest.mark.parametrize("cls", [HandleResource, type("Mine", (HandleResource,), {"__slots__": ()})])
def test_the_base_class_makes_no_handleless_object(cls):
    """HandleResource is exported for isinstance() and subclassing; an instance
    without a handle would have nothing to release."""
    with pytest.raises(
        TypeError, match=rf"^{cls.__name__} cannot be created directly: use Config\(...\) or Counter\(...\)$"
    ):
        cls()


def test_the_finaliser_releases_a_forgotten_object():
    before = live()
    counter = Counter()
    ref = weakref.ref(counter)
    del counter
    gc.collect()
    assert ref() is None and live() == before


def test_a_released_handle_is_stale_for_everyone():
    counter = Counter(3)
    copy = counter.handle  # another holder of the same integer
    counter.close()
    replacement = Counter(4)  # may reuse the slot: the generation tells them apart
    with pytest.raises(
        StaleHandleError,
        match=r"^counter_value\(\): 0x[0-9a-f]{16} is a stale Counter handle: its object was released$",
    ):
        lib.counter_value(copy, byref(ctypes.c_int64()))
    assert replacement.value == 4
    replacement.close()


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "exception", "message"),
    [
        (lambda: Counter("1"), TypeError, r"^start must be an int, not str$"),
        (lambda: Counter(None), TypeError, r"^start must be an int, not NoneType$"),
        (lambda: Counter(True), TypeError, r"^start must be an int, not bool$"),
        (
            lambda: Counter(2**63),
            OverflowError,
            r"^start must fit int64_t \(-9223372036854775808\.\.9223372036854775807\), got 9223372036854775808$",
        ),
        (lambda: Counter().increment(1.0), TypeError, r"^by must be an int, not float$"),
        (lambda: Counter().increment(-(2**63) - 1), OverflowError, r"^by must fit int64_t"),
        (
            lambda: Counter(2**63 - 1).increment(),
            OverflowError,
            r"^counter_increment\(\): the count would leave int64_t \(9223372036854775807 \+ 1\)$",
        ),
        (
            lambda: Counter(-(2**63)).increment(-1),
            OverflowError,
            r"^counter_increment\(\): the count would leave int64_t",
        ),
        (
            lambda: Config(url="http://h\0/"),
            ConfigError,
            r"^url must not contain whitespace or control characters, found U\+0000 at position 8$",
        ),
        (
            lambda: Config(url="http://h/\udc80"),
            ConfigError,
            r"^url must be valid Unicode, found a lone surrogate at position 9$",
        ),
        (lambda: Config(timeout=10**30), ConfigError, r"^timeout must be between 1 and 3600 seconds, got 10{30}$"),
        (
            lambda: Config(timeout=-(2**64)),
            ConfigError,
            r"^timeout must be between 1 and 3600 seconds, got -18446744073709551616$",
        ),
    ],
)
def test_wrapper_bad_input(call, exception, message):
    with pytest.raises(exception, match=message):
        call()


def test_a_failed_increment_changes_nothing():
    with Counter(2**63 - 2) as counter:
        with pytest.raises(OverflowError):
            counter.increment(5)
        assert counter.value == 2**63 - 2


def test_export_bad_handles():
    """Handle 0, forged handles, the wrong kind, NULL out-pointers, at the C ABI itself."""
    out = ctypes.c_int64()
    with Counter(1) as counter, Config() as config:
        parts = unpack(counter.handle)
        cases = [
            (0, InvalidHandleError, "0x0000000000000000 is not a Counter handle"),
            (pack(**{**parts, "index": parts["index"] + (1 << 20)}), InvalidHandleError, "is not a Counter handle"),
            (pack(**{**parts, "generation": parts["generation"] + 1}), InvalidHandleError, "is not a Counter handle"),
            (pack(**{**parts, "generation": 0}), InvalidHandleError, "is not a Counter handle"),
            # Kind bits that name no kind were never issued: forged, not "another kind".
            *[
                (pack(**{**parts, "kind": kind}), InvalidHandleError, "is not a Counter handle")
                for kind in (0, 3, 200, 255)
            ],
            (1 << 63, InvalidHandleError, "is not a Counter handle"),
            (2**64 - 1, InvalidHandleError, "is not a Counter handle"),
            # Only a real kind that is not the expected one is WRONG_KIND.
            (config.handle, WrongKindError, "is a handle to another kind of object, not a Counter"),
            (pack(**{**parts, "kind": DEFINES["HANDLES_KIND_CONFIG"]}), WrongKindError, "not a Counter"),
        ]
        for handle, exception, message in cases:
            for call in (
                lambda h: lib.counter_value(h, byref(out)),
                lambda h: lib.counter_increment(h, 1, None),
                lib.counter_release,
            ):
                with pytest.raises(exception, match=message):
                    call(handle)
        with pytest.raises(WrongKindError, match="not a Config"):
            lib.config_timeout(counter.handle, byref(ctypes.c_uint32()))
        with pytest.raises(ValueError, match=r"^counter_value\(\): a required pointer was NULL$"):
            lib.counter_value(counter.handle, None)
        with pytest.raises(ValueError, match=r"^config_create\(\): a required pointer was NULL$"):
            lib.config_create(30, None, 0, False, byref(glue_ctypes.HANDLE()))
        with pytest.raises(ValueError, match=r"url is not UTF-8"):
            lib.config_create(30, b"http://h/\xff", 10, False, byref(glue_ctypes.HANDLE()))
        with pytest.raises(ValueError, match=r"needs a buffer of 18 bytes"):
            lib.config_url(config.handle, ctypes.create_string_buffer(4), 4, byref(ctypes.c_size_t()))
        assert counter.value == 1, "nothing above changed the counter"
    # ctypes wraps an out-of-range int into the handle's 64 bits without a word
    # (-1 becomes 0xffff...ffff, 2**64 becomes 0); the library refuses what arrives.
    with pytest.raises(InvalidHandleError, match=r"0xffffffffffffffff is not a Counter handle"):
        lib.counter_value(-1, byref(out))
    with pytest.raises(InvalidHandleError, match=r"^counter_value\(\): 0x0000000000000000 is not a Counter handle$"):
        lib.counter_value(2**64, byref(out))


def test_close_reports_a_handle_someone_else_released():
    counter = Counter()
    lib.counter_release(counter.handle)  # a copy of the integer, released behind the wrapper's back
    with pytest.raises(StaleHandleError, match=r"^counter_release\(\): .* is a stale Counter handle"):
        counter.close()
    assert counter.closed
    counter.close()  # and closing again stays quiet


def test_the_finaliser_never_raises(capfd):
    counter = Counter()
    lib.counter_release(counter.handle)
    del counter
    gc.collect()  # the finaliser finds a stale handle: nothing to do, nothing to say
    assert capfd.readouterr().err == ""


def test_a_null_pointer_creates_nothing_and_changes_nothing():
    """Every export, each of its pointers NULL in turn (the others valid):
    HANDLES_NULL_ARGUMENT, and the live counts and the objects unchanged."""
    optional = {("counter_increment", 2)}  # "*out, if not NULL, receives the new value"
    with Counter(5) as counter, Config() as config:
        handles = {"config": config.handle, "counter": counter.handle}
        for name, argtypes in glue_ctypes.SIGNATURES.items():
            for position, argtype in enumerate(argtypes):
                if not (argtype is ctypes.c_char_p or argtype.__name__.startswith("LP_")):
                    continue
                if (name, position) in optional:
                    continue
                arguments = [_valid_argument(name, i, t, handles) for i, t in enumerate(argtypes)]
                arguments[position] = None
                before = live()
                with pytest.raises(ValueError, match=rf"^{name}\(\): a required pointer was NULL$"):
                    getattr(lib, name)(*arguments)
                assert live() == before, f"{name} with argument {position} NULL changed the live counts"
        assert counter.value == 5
        assert (config.timeout, config.url, config.ssl) == (30, "http://localhost/", False)


def _valid_argument(name: str, position: int, argtype, handles: dict):
    """A value that is right for this parameter, so only the NULL is wrong."""
    if argtype is glue_ctypes.HANDLE:
        return handles["config" if name.startswith("config") else "counter"]
    if argtype is ctypes.c_char_p:
        # A buffer the library may write, where it writes; text where it reads.
        return ctypes.create_string_buffer(64) if name == "config_url" else b"http://localhost/"
    if argtype is ctypes.c_size_t:
        return len(b"http://localhost/") if name != "config_url" else 64
    if argtype is ctypes.c_int64:
        return 30
    if argtype is ctypes.c_bool:
        return False
    if argtype.__name__.startswith("LP_"):
        return byref(argtype._type_())
    raise AssertionError(f"no valid value for {name} argument {position} ({argtype})")


@pytest.mark.parametrize("name", ["_handle", "_finalizer"])
def test_the_handle_is_set_once_by_the_library(name):
    from part5_handles import Config

    config = Config()
    with pytest.raises(AttributeError, match=rf"^Config\.{name} is set once, from the handle the library issued$"):
        setattr(config, name, None)
    with pytest.raises(AttributeError, match=rf"^Config\.{name} cannot be deleted$"):
        delattr(config, name)
    assert config.process()  # still whole
