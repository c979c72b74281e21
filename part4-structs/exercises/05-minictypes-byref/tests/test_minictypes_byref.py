"""Exercise 05 passes when byref hands C the object's address and keeps the object alive."""

import sys

import pytest

from classroom.testing import load_extension


@pytest.fixture(scope="module")
def mc():
    return load_extension("minibyref")


@pytest.fixture(scope="module")
def timespec(mc):
    class timespec(mc.Structure):  # the C name
        _fields_ = [("tv_sec", mc.c_long), ("tv_nsec", mc.c_long)]

    return timespec


@pytest.fixture(scope="module")
def clock_gettime(mc, timespec):
    function = mc.CDLL(None).clock_gettime
    function.argtypes, function.restype = [mc.c_int, mc.POINTER(timespec)], mc.c_int
    return function


def test_c_writes_into_the_struct(mc, timespec, clock_gettime):
    now = timespec()
    assert clock_gettime(0, mc.byref(now)) == 0, "clock_gettime failed: did C get NULL?"
    assert now.tv_sec > 1_600_000_000, "C wrote somewhere else: is the address the struct's?"


def test_the_address_is_the_objects(mc, timespec):
    now = timespec()
    assert f"at {mc.addressof(now):#x}>" in repr(mc.byref(now))


def test_byref_keeps_its_object_alive(mc, timespec):
    now = timespec()
    before = sys.getrefcount(now)
    reference = mc.byref(now)
    assert sys.getrefcount(now) == before + 1, "byref must hold a reference to its object"
    del reference
    assert sys.getrefcount(now) == before, "and give it back when it goes"


def test_a_temporary_survives_until_the_call_is_done(mc, timespec, clock_gettime):
    reference = mc.byref(timespec())  # nothing else refers to the struct
    assert clock_gettime(0, reference) == 0


def test_byref_refuses_what_has_no_bytes(mc):
    with pytest.raises(TypeError):
        mc.byref(3)
