"""Hypothesis strategies for hostile arguments: every kind of object a
careless or hostile caller can pass to a public entry point."""

import math

from hypothesis import strategies as st


class HostileError(RuntimeError):
    """Raised by the hostile objects themselves: passing it on is correct."""


class BadIndex:
    """An object whose conversions raise (``__index__``, ``__int__``, ``__float__``)."""

    def __index__(self):
        raise HostileError("__index__ raised")

    __int__ = __float__ = __index__


class WrongIndex:
    """Conversions that return the wrong type."""

    def __index__(self):
        return "three"

    def __int__(self):
        return 3.5

    def __float__(self):
        return "3.5"


class BadStr:
    def __str__(self):
        raise HostileError("__str__ raised")

    __repr__ = __str__


class Seconds(int):
    """An int subclass whose str and repr lie."""

    def __str__(self):
        return "a while"

    __repr__ = __str__


class Url(str):
    pass


TEXT = st.text(st.characters(codec=None), max_size=12)  # any code point: NUL and lone surrogates too
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),  # any size
    st.sampled_from([0, -1, 2**31, 2**32, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30]),
    st.floats(),  # nan and inf included
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308, 5e-324]),
    TEXT,
    st.binary(max_size=12),
    st.binary(max_size=12).map(bytearray),
    st.binary(max_size=12).map(memoryview),
    st.builds(BadIndex),
    st.builds(WrongIndex),
    st.builds(BadStr),
    st.integers(-(2**70), 2**70).map(Seconds),
    TEXT.map(Url),
    st.sampled_from(["http://example.com", "https://h:8443/x", "sensor-A", "kg", "°C"]),
)
OBJECTS = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=4),
    st.tuples(SCALARS, SCALARS),
    st.dictionaries(TEXT, SCALARS, max_size=2),
)
