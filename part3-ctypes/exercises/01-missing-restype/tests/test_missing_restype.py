"""Exercise 01 passes when every result is the one C returned."""

import math

import binding  # the learner's binding.py: the checker puts its folder on sys.path

U64_MAX = 2**64 - 1


def fib_reference(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def test_small_results_fit_in_32_bits():
    assert binding.fib(10) == 55


def test_fib_past_32_bits():
    for n in (47, 50, 93):
        got = binding.fib(n)
        assert got == fib_reference(n), (
            f"fib({n}) came back as {got}: ctypes read only the low 32 bits of a 64-bit result"
        )


def test_fib_sentinel_is_unsigned():
    got = binding.fib(94)
    assert got == U64_MAX, f"fib(94) should be the sentinel 2**64 - 1, got {got}: is the result type unsigned?"


def test_celsius_to_fahrenheit_returns_the_double():
    for celsius, fahrenheit in ((100.0, 212.0), (-40.0, -40.0), (36.6, 97.88)):
        got = binding.celsius_to_fahrenheit(celsius)
        assert isinstance(got, float), (
            f"celsius_to_fahrenheit({celsius}) returned {got!r}, an int: the result is a double"
        )
        assert math.isclose(got, fahrenheit), f"celsius_to_fahrenheit({celsius}) returned {got}, not {fahrenheit}"
