"""Happy paths: every route returns what the C functions compute."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from part3_ctypes import ROUTES, load

INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)


def wrap_int64(value: int) -> int:
    """Two's-complement wrapping, what the header promises for add()."""
    return (value + 2**63) % 2**64 - 2**63


def test_add(route):
    assert route.add(2, 3) == 5
    assert route.add(-(2**62), -(2**62)) == -(2**63)


def test_add_wraps_as_documented(route):
    assert route.add(2**63 - 1, 1) == -(2**63)


@given(a=INT64, b=INT64)
def test_add_matches_python(a, b):
    for name in ROUTES:
        assert load(name).add(a, b) == wrap_int64(a + b)


def test_fib(route):
    assert [route.fib(n) for n in range(10)] == [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    assert route.fib(93) == 12200160415121876738  # FIB_MAX_N: the largest that fits


def test_noop_returns_none(route):
    assert route.noop() is None


@pytest.mark.parametrize(("celsius", "fahrenheit"), [(100.0, 212.0), (-40.0, -40.0), (21.5, 70.7), (0, 32.0)])
def test_celsius_to_fahrenheit(route, celsius, fahrenheit):
    assert route.celsius_to_fahrenheit(celsius) == pytest.approx(fahrenheit)


def test_checked_div_truncates_toward_zero_like_c(route):
    assert route.checked_div(7, 2) == 3
    assert route.checked_div(-7, 2) == -3  # Python's -7 // 2 is -4


@given(a=INT64, b=INT64.filter(lambda b: b != 0))
def test_checked_div_matches_c_semantics(a, b):
    if (a, b) == (-(2**63), -1):
        return  # the one overflow, tested in test_bad_input
    quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
    for name in ROUTES:
        assert load(name).checked_div(a, b) == quotient


@pytest.mark.parametrize(("text", "count"), [("sensor-A", 8), ("21.5 °C", 7), ("", 0), ("🌡️", 2), (b"abc", 3)])
def test_count_code_points(route, text, count):
    assert route.count_code_points(text) == count


@given(st.text().filter(lambda t: "\0" not in t and not any(0xD800 <= ord(c) <= 0xDFFF for c in t)))
def test_count_code_points_matches_len(text):
    for name in ROUTES:
        assert load(name).count_code_points(text) == len(text)


def test_format_reading_sizes_its_own_buffer(route):
    assert route.format_reading("sensor-A", 21.5) == "sensor-A: 21.50 °C"


def test_format_reading_with_an_exact_buffer(route):
    exact = len("sensor-A: 21.50 °C".encode()) + 1  # the NUL terminator counts
    assert route.format_reading("sensor-A", 21.5, buffer_size=exact) == "sensor-A: 21.50 °C"


def test_format_reading_alloc(route):
    assert route.format_reading_alloc("sensor-B", -3) == "sensor-B: -3.00 °C"
    assert route.format_reading_alloc("capteur-é", 0.5) == "capteur-é: 0.50 °C"


def test_for_each_fib_visits_and_stops(route):
    seen = []

    def visit(index, term):
        seen.append((index, term))
        return term >= 8  # truthy: stop

    route.for_each_fib(20, visit)
    assert seen == [(0, 0), (1, 1), (2, 1), (3, 2), (4, 3), (5, 5), (6, 8)]


def test_for_each_fib_all_terms(route):
    terms = []
    route.for_each_fib(94, lambda _i, term: terms.append(term))
    assert len(terms) == 94
    assert terms[-1] == 12200160415121876738
