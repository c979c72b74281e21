"""The user API over every route: the series' snippet, exact results, and
agreement with the Python statement of the rules (tests/reference.py)."""

import math
import subprocess
import sys

import pytest
import reference
from hypothesis import given, settings
from hypothesis import strategies as st

from part4_structs import InputRecordPy, RecordOverflowError, RecordValueError, Sample, Status, transform

SAMPLES = [(1, 12.5), (2, 40.0), (3, 25.0), (4, 40.0)]


def test_the_series_snippet_runs_as_written():
    code = (
        "from part4_structs import InputRecordPy, transform\n"
        "with transform(InputRecordPy('sensor-A', version=2, origin=(10, 20)), scale=1.5, min_weight=20, top_n=2)"
        " as out:\n"
        "    print(out.title)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "sensor-A v2: 0 of 0 samples >= 20 kg\n"
    assert done.stderr == ""


def test_every_field_of_the_result(route):
    record = InputRecordPy(
        "sensor-A", version=2, origin=(10, 20), samples=SAMPLES, thresholds=(0, 25, 40, 100), last=2.0
    )
    with transform(record, scale=1.5, min_weight=20, top_n=2, route=route) as out:
        assert out.title == "sensor-A v2: 3 of 4 samples >= 20 kg"
        assert out.top == [Sample(2, 40.0), Sample(4, 40.0)]
        assert out.origin == (15, 30)
        assert out.total == 105.0 * 1.5
        assert out.alarm_counts == (3, 3, 2, 0)
        assert out.last == 3.0
        assert type(out.last) is float


def test_a_count_reading_stays_an_unscaled_int(route):
    with transform(InputRecordPy("sensor-B", last=7), scale=3.0, route=route) as out:
        assert out.last == 7
        assert type(out.last) is int


def test_unicode_name_and_unit_round_trip(route):
    with transform(InputRecordPy("capteur-é", unit="°C", samples=[(1, 5.0)]), route=route) as out:
        assert out.title == "capteur-é v1: 1 of 1 samples >= 0 °C"


def test_top_n_zero_gives_an_empty_top(route):
    with transform(InputRecordPy("s", samples=SAMPLES), top_n=0, route=route) as out:
        assert out.top == []
        assert out.total == 117.5


def test_the_library_refuses_with_a_precise_exception(route):
    with pytest.raises(
        RecordValueError, match=r"^transform_record\(\): version must be 1 to 255 \(STRUCTS_BAD_VERSION\)$"
    ):
        transform(InputRecordPy("s", version=0), route=route)
    with pytest.raises(
        RecordOverflowError, match=r"a scaled result does not fit its C type \(STRUCTS_OVERFLOW\)$"
    ) as caught:
        transform(InputRecordPy("s", origin=(2**30, 0)), scale=4, route=route)
    assert caught.value.status is Status.OVERFLOW


weights = st.floats(allow_nan=False, allow_infinity=False, width=64, min_value=-1e12, max_value=1e12)
records = st.builds(
    InputRecordPy,
    name=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=12),
    version=st.integers(1, 255),
    origin=st.tuples(st.integers(-(2**31), 2**31 - 1), st.integers(-(2**31), 2**31 - 1)),
    samples=st.lists(st.tuples(st.integers(0, 2**32 - 1), weights), max_size=20),
    thresholds=st.tuples(*[st.integers(-(2**15), 2**15 - 1)] * 4),
    last=st.one_of(st.integers(-(2**63), 2**63 - 1), weights),
)


@settings(max_examples=150, deadline=None)
@given(record=records, scale=weights, min_weight=weights, top_n=st.integers(0, 30))
def test_every_route_agrees_with_the_reference(record, scale, min_weight, top_n):
    expected = reference.transform(record, scale, min_weight, top_n)
    for route in ("ctypes", "cffi"):
        if isinstance(expected, str):
            with pytest.raises((RecordValueError, RecordOverflowError)) as caught:
                transform(record, scale, min_weight, top_n, route=route)
            assert caught.value.status.name == expected
            continue
        with transform(record, scale, min_weight, top_n, route=route) as out:
            assert [tuple(s) for s in out.top] == expected["top"]
            assert out.origin == expected["origin"]
            assert out.total == expected["total"] or (math.isnan(out.total) and math.isnan(expected["total"]))
            assert out.alarm_counts == expected["alarm_counts"]
            assert out.last == expected["last"]
            assert out.title.startswith(
                f"{record.name} v{record.version}: {expected['kept']} of {len(record.samples)} "
            )


def test_zero_and_minus_zero_tie_by_id(route):
    """The header's "ties: lower id first" holds for 0.0 and -0.0: equal weights."""
    record = InputRecordPy("s", samples=[(2, 0.0), (1, -0.0), (3, 0.0)])
    with transform(record, top_n=3, route=route) as out:
        assert [sample.id for sample in out.top] == [1, 2, 3]
