"""The transport plugin's C ABI called directly, as another runtime would:
each pointer NULL in turn is HT_NULL_ARGUMENT, and such a call creates
nothing, sends nothing and takes nothing."""

import ctypes
import os
from pathlib import Path

import pytest
from part6_hybrid.transport import DEFAULT_PATH

OK, NULL_ARGUMENT, NO_MESSAGE, CLOSED = 0, 1, 4, 6
NAME, HASH = b"demo_msgs/msg/Reading", b"0123abcd"
u64, p = ctypes.c_uint64, ctypes.c_char_p


@pytest.fixture
def lib():
    lib = ctypes.CDLL(str(DEFAULT_PATH / "libhybrid_transport_local.so"))
    for name in ("open", "advertise", "publish", "subscribe", "take", "dropped", "last_error", "close", "remove"):
        getattr(lib, f"hybrid_transport_{name}").restype = ctypes.c_int32
    lib.hybrid_transport_advertise.argtypes = [u64, p, p, p, ctypes.POINTER(u64)]
    lib.hybrid_transport_subscribe.argtypes = [u64, p, p, p, ctypes.c_uint32, ctypes.POINTER(u64)]
    lib.hybrid_transport_publish.argtypes = [u64, u64, p, ctypes.c_size_t]
    lib.hybrid_transport_take.argtypes = [u64, u64, p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
    lib.hybrid_transport_dropped.argtypes = [u64, u64, ctypes.POINTER(u64)]
    lib.hybrid_transport_last_error.argtypes = [p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
    lib.hybrid_transport_open.argtypes = [p, ctypes.POINTER(u64)]
    return lib


@pytest.fixture
def transport(lib, domain):
    handle = u64()
    assert lib.hybrid_transport_open(domain.encode(), ctypes.byref(handle)) == OK
    yield handle.value
    lib.hybrid_transport_close(handle.value)


def files(domain):
    return sorted(p.name for p in Path(os.environ["HYBRID_TRANSPORT_DIR"], domain).glob("*/*") if p.name != "topic")


def test_open_with_a_null_pointer(lib):
    out = u64(7)
    assert lib.hybrid_transport_open(None, ctypes.byref(out)) == NULL_ARGUMENT
    assert out.value == 7, "nothing written"
    assert lib.hybrid_transport_open(b"d", None) == NULL_ARGUMENT


@pytest.mark.parametrize("null", range(4))
@pytest.mark.parametrize("function", ["advertise", "subscribe"])
def test_an_endpoint_with_a_null_pointer_is_not_made(lib, transport, domain, function, null):
    out = u64(7)
    args = [b"/readings", NAME, HASH, ctypes.byref(out)]
    args[null] = None
    extra = [4] if function == "subscribe" else []
    status = getattr(lib, f"hybrid_transport_{function}")(transport, *args[:3], *extra, args[3])
    assert status == NULL_ARGUMENT
    assert out.value == 7 and files(domain) == [], "nothing made, nothing written"


def test_publish_take_and_dropped_with_null_pointers_change_nothing(lib, transport):
    publisher, subscription, size, dropped = u64(), u64(), ctypes.c_size_t(99), u64(5)
    assert lib.hybrid_transport_subscribe(transport, b"/r", NAME, HASH, 4, ctypes.byref(subscription)) == OK
    assert lib.hybrid_transport_advertise(transport, b"/r", NAME, HASH, ctypes.byref(publisher)) == OK
    assert lib.hybrid_transport_publish(transport, publisher.value, None, 3) == NULL_ARGUMENT
    buffer = ctypes.create_string_buffer(16)
    assert lib.hybrid_transport_take(transport, subscription.value, buffer, 16, ctypes.byref(size)) == NO_MESSAGE
    assert lib.hybrid_transport_publish(transport, publisher.value, b"abc", 3) == OK
    assert lib.hybrid_transport_take(transport, subscription.value, None, 16, ctypes.byref(size)) == NULL_ARGUMENT
    assert lib.hybrid_transport_take(transport, subscription.value, buffer, 16, None) == NULL_ARGUMENT
    assert size.value == 99, "nothing written"
    assert lib.hybrid_transport_dropped(transport, subscription.value, None) == NULL_ARGUMENT
    assert lib.hybrid_transport_take(transport, subscription.value, buffer, 16, ctypes.byref(size)) == OK
    assert (buffer.raw[: size.value], size.value) == (b"abc", 3), "the message stayed until taken"
    assert lib.hybrid_transport_dropped(transport, subscription.value, ctypes.byref(dropped)) == OK
    assert dropped.value == 0


def test_last_error_with_null_pointers(lib):
    assert lib.hybrid_transport_last_error(None, 0, None) == NULL_ARGUMENT
    needed = ctypes.c_size_t()
    assert lib.hybrid_transport_last_error(None, 0, ctypes.byref(needed)) == OK  # a size query
    assert needed.value >= 1


def test_ids_used_after_close_are_closed(lib, domain):
    handle, publisher = u64(), u64()
    assert lib.hybrid_transport_open(domain.encode(), ctypes.byref(handle)) == OK
    assert lib.hybrid_transport_advertise(handle.value, b"/r", NAME, HASH, ctypes.byref(publisher)) == OK
    assert lib.hybrid_transport_close(handle.value) == OK
    assert lib.hybrid_transport_publish(handle.value, publisher.value, b"x", 1) == CLOSED
    assert lib.hybrid_transport_close(handle.value) == CLOSED
    assert files(domain) == [], "closing removed the publisher's file"
