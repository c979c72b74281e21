"""Every public attribute of the user API is a boundary where it is written.

`rec.name_bytes = 12345` once reached the ctypes route as an address (a
segfault); `rec.version = 65537` was wrapped to 1. Now each field is checked
by its setter with the constructor's exception and message, a refused
assignment leaves the record as it was, and the three routes agree on every
record, assigned or constructed.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from part4_structs import ROUTES, InputRecordPy, transform

FIELDS = ("name", "version", "origin", "samples", "unit", "thresholds", "last")

# Hostile values per field: wrong types, None, overflow, NUL, lone
# surrogates, bad lengths, bools where ints go, an int where an address went.
HOSTILE = {
    "name": [12345, 0, None, b"sensor", "a\0b", "\udc80", ["s"]],
    "version": [65536, 65537, -1, True, 1.0, "1", None, 2**64],
    "origin": [(2**31, 0), (0, -(2**31) - 1), (1,), (1, 2, 3), "ab", None, (1.5, 2), (True, 0), 7],
    "samples": [[(1, "x")], [(2**32, 1.0)], [(-1, 1.0)], [(1,)], [1], "ab", None, [(1, 10**400)]],
    "unit": ["kilograms", "€€€", "k\0", None, 5, "\ud800"],
    "thresholds": [(1, 2, 3, 4, 5), (1, 2, 3), (2**15, 0, 0, 0), (0, 0, 0, True), None, "abcd", 4],
    "last": [2**63, -(2**63) - 1, True, None, "1", [1], 1j],
}


def refusal(call):
    """(type, message) of a refused call."""
    try:
        call()
    except (TypeError, ValueError, OverflowError) as error:
        return type(error), str(error)
    return None


CASES = [(field, value) for field, values in HOSTILE.items() for value in values]


@pytest.mark.parametrize(("field", "value"), CASES, ids=lambda v: repr(v)[:24])
def test_assignment_is_refused_as_the_constructor_refuses(field, value):
    arguments = {"name": "sensor-A", field: value}
    at_construction = refusal(lambda: InputRecordPy(**arguments))
    assert at_construction is not None, f"the constructor accepted {field}={value!r}"
    record = InputRecordPy("sensor-A", version=2, origin=(10, 20), samples=[(1, 2.0)], last=3)
    before = repr(record)
    assert refusal(lambda: setattr(record, field, value)) == at_construction
    assert repr(record) == before, "a refused assignment changed nothing"


def test_derived_and_unknown_attributes_cannot_be_written():
    record = InputRecordPy("sensor-A")
    for name in ("name_bytes", "unit_bytes"):
        source = name.removesuffix("_bytes")
        with pytest.raises(AttributeError, match=rf"^InputRecordPy\.{name} is derived: set {source} instead$"):
            setattr(record, name, 12345)
    with pytest.raises(AttributeError, match=r"^InputRecordPy\.version cannot be deleted"):
        del record.version
    with pytest.raises(AttributeError, match="'InputRecordPy' object has no attribute 'vesion'"):
        record.vesion = 2  # a typo is an error, not a new attribute


def test_samples_cannot_be_changed_in_place():
    record = InputRecordPy("sensor-A", samples=[(1, 2.0)])
    with pytest.raises(AttributeError):
        record.samples.append((2, "x"))  # a tuple: assign new samples instead


def test_an_assigned_record_gives_what_a_constructed_one_gives(route):
    assigned = InputRecordPy("x")
    assigned.name, assigned.version, assigned.origin = "sensor-A", 2, [10, 20]
    assigned.samples, assigned.unit = [(1, 12.5), (2, 40.0)], "g"
    assigned.thresholds, assigned.last = [0, 20, 30, 40], 2.0
    built = InputRecordPy(
        "sensor-A",
        version=2,
        origin=(10, 20),
        samples=[(1, 12.5), (2, 40.0)],
        unit="g",
        thresholds=(0, 20, 30, 40),
        last=2.0,
    )
    assert repr(assigned) == repr(built)
    with transform(assigned, 1.5, 0, 3, route=route) as a, transform(built, 1.5, 0, 3, route=route) as b:
        assert (a.title, a.top, a.origin, a.total, a.alarm_counts, a.last) == (
            b.title,
            b.top,
            b.origin,
            b.total,
            b.alarm_counts,
            b.last,
        )


def outcome(record, route):
    """What transform gives on one route: the result's fields, or the refusal."""
    try:
        with transform(record, 2.0, 0.0, 3, route=route) as out:
            return ("ok", out.title, out.top, out.origin, out.total, out.alarm_counts, out.last)
    except (TypeError, ValueError, OverflowError) as error:
        return (type(error).__name__, str(error))


ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=10),
    st.binary(max_size=4),
    st.lists(st.integers(-(2**40), 2**40), max_size=5),
    st.lists(st.tuples(st.integers(-5, 2**33), st.floats()), max_size=4),
    st.tuples(st.integers(-(2**33), 2**33), st.integers(-(2**33), 2**33)),
)


@settings(max_examples=300, deadline=None)
@given(assignments=st.lists(st.tuples(st.sampled_from(FIELDS), ANY_VALUE), max_size=6))
def test_the_routes_agree_on_every_mutated_record(assignments):
    record = InputRecordPy("sensor-A", samples=[(1, 2.0), (2, 0.0)])
    for field, value in assignments:
        try:
            setattr(record, field, value)
        except (TypeError, ValueError, OverflowError):
            pass  # refused: the record keeps its old, valid value
    outcomes = {route: outcome(record, route) for route in ROUTES}
    first = outcomes["ctypes"]
    for route, seen in outcomes.items():
        assert _same(seen, first), f"{route} gave {seen}, ctypes {first}, for {record!r}"


def _same(a, b) -> bool:
    """Equal, where NaN equals NaN (a total of NaN is a NaN on every route)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b
