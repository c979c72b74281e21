"""`add` and `add_varargs`: the same module-level functions in every native route."""

import inspect

import pytest
from config_routes import EXTENSION_MODULES, load

NATIVE = list(EXTENSION_MODULES)


# Part I's `_add_in_c` is `add` written in C (part1-capi/c/add_in_c.c), the
# yardstick of Part II's benchmark: it must be the same function.
ADDS = [(route, name) for route in NATIVE for name in ("add", "add_varargs")] + [("part1", "_add_in_c")]


@pytest.fixture(params=ADDS, ids=lambda p: "-".join(p))
def add(request):
    route, name = request.param
    module = load(route)
    return getattr(module, name, None) or getattr(module.part1_capi, name)


def test_sums(add):
    assert add(2, 3) == 5
    assert add(-(2**63), 2**63 - 1) == -1
    assert add(True, 1) == 2


def test_errors(add):
    name = add.__name__
    cases = [
        ((), TypeError, f"{name}() missing 2 required positional arguments: 'a' and 'b'"),
        ((1,), TypeError, f"{name}() missing 1 required positional argument: 'b'"),
        ((1, 2, 3), TypeError, f"{name}() takes 2 positional arguments but 3 were given"),
        (("1", 2), TypeError, f"{name}() argument 'a' must be int, not str"),
        ((1, None), TypeError, f"{name}() argument 'b' must be int, not NoneType"),
        ((1.5, 2), TypeError, f"{name}() argument 'a' must be int, not float"),
        ((2**63, 0), OverflowError, f"{name}() argument 'a' does not fit a 64-bit signed integer"),
        ((0, -(2**63) - 1), OverflowError, f"{name}() argument 'b' does not fit a 64-bit signed integer"),
        ((2**62, 2**62), OverflowError, f"{name}() result does not fit a 64-bit signed integer"),
    ]
    for args, exception, message in cases:
        with pytest.raises(exception) as caught:
            add(*args)
        assert str(caught.value) == message


def test_signature(add):
    assert str(inspect.signature(add)) == "(a, b, /)"


# The one known difference, kept visible: keywords passed to a positional-only
# function. Part I's functions are plain METH_FASTCALL and METH_VARARGS, so
# CPython itself refuses keywords (in two wordings); pyo3 parses them and
# names the parameters.
KEYWORD_MESSAGES = {
    ("part1", "add"): "part1_capi.part1_capi.add() takes no keyword arguments",
    ("part1", "add_varargs"): "add_varargs() takes no keyword arguments",
    ("part7", "add"): "add() got some positional-only arguments passed as keyword arguments: 'a' and 'b'",
    (
        "part7",
        "add_varargs",
    ): "add_varargs() got some positional-only arguments passed as keyword arguments: 'a' and 'b'",
}


@pytest.mark.parametrize(("route", "name"), list(KEYWORD_MESSAGES))
def test_keywords_are_refused(route, name):
    with pytest.raises(TypeError) as caught:
        getattr(load(route), name)(a=1, b=2)
    assert str(caught.value) == KEYWORD_MESSAGES[route, name]


# ---------------------------------------------------------------- fib: the series' benchmark workload

FIB_INPUTS = [0, 1, 2, 30, 92, 93, 94, 2**32 - 1, 2**32, -1, 2**64, True, 3.0, "30", None]


def fib_outcome(fib, n):
    try:
        return ("returns", fib(n))
    except Exception as error:  # noqa: BLE001 - comparing failures is the point
        return ("raises", type(error).__name__, str(error))


@pytest.mark.parametrize("route", NATIVE)
def test_fib_has_part3s_contract(route):
    """Parts I and VII compute fib themselves, with Part III's contract and messages."""
    from part3_ctypes import glue_ctypes

    fib = load(route).fib
    for n in FIB_INPUTS:
        assert fib_outcome(fib, n) == fib_outcome(glue_ctypes.fib, n), n
    assert str(inspect.signature(fib)) == "(n, /)"
