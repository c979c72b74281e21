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


def diagnosis(got: int, expected: int) -> str:
    """The likely mistake behind a wrong 64-bit unsigned result, or a neutral pointer to the hints."""
    if got == expected - 2**64:
        return "the bits are right but read as signed: fib returns uint64_t, an unsigned type"
    if got in (expected & 0xFFFF_FFFF, (expected & 0xFFFF_FFFF) - (1 << 32 if expected & 0x8000_0000 else 0)):
        return "only the low 32 bits arrived: the result type is still ctypes' default, a 32-bit int"
    return "compare the declared result type with the header's uint64_t (./ex hint shows more)"


def test_fib_past_32_bits():
    for n in (47, 50, 93):
        got = binding.fib(n)
        expected = fib_reference(n)
        assert got == expected, f"fib({n}) came back as {got}, not {expected}: {diagnosis(got, expected)}"


def test_fib_sentinel_is_unsigned():
    got = binding.fib(94)
    assert got == U64_MAX, f"fib(94) should be the sentinel 2**64 - 1, got {got}: {diagnosis(got, U64_MAX)}"


def test_celsius_to_fahrenheit_returns_the_double():
    for celsius, fahrenheit in ((100.0, 212.0), (-40.0, -40.0), (36.6, 97.88)):
        got = binding.celsius_to_fahrenheit(celsius)
        assert isinstance(got, float), (
            f"celsius_to_fahrenheit({celsius}) returned {got!r}, an int: ctypes' default result type is int;"
            " the header says double"
        )
        assert math.isclose(got, fahrenheit), (
            f"celsius_to_fahrenheit({celsius}) returned {got}, not {fahrenheit}: a float came back, but not the"
            " right one. The result type must be exactly the header's double (a c_float reads only 32 of its"
            " 64 bits)"
        )
