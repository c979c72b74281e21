"""Every route's functions have the same signature and the same argument errors:
a caller can switch routes without seeing which one it is using."""

import inspect

import pytest

from part3_ctypes import ROUTES, load

NAMES = sorted(load("ctypes").SIGNATURES.keys() - {"free_string"})


@pytest.mark.parametrize("name", NAMES)
def test_the_same_signature_on_every_route(name):
    signatures = {route: str(inspect.signature(getattr(load(route), name))) for route in ROUTES}
    assert len(set(signatures.values())) == 1, signatures


def required(name: str) -> int:
    parameters = inspect.signature(getattr(load("ctypes"), name)).parameters.values()
    return sum(p.default is p.empty for p in parameters)


# One too few (where a function takes arguments at all) and one too many.
COUNTS = [(name, extra) for name in NAMES for extra in (-1, 1) if extra > 0 or required(name) > 0]


@pytest.mark.parametrize(("name", "extra"), COUNTS, ids=[f"{n}{e:+d}" for n, e in COUNTS])
def test_a_wrong_argument_count_reads_the_same_on_every_route(name, extra):
    messages = {}
    for route in ROUTES:
        function = getattr(load(route), name)
        count = len(inspect.signature(function).parameters) + 1 if extra > 0 else required(name) - 1
        with pytest.raises(TypeError) as caught:
            function(*[0] * count)
        messages.setdefault(str(caught.value), []).append(route)
    assert len(messages) == 1, messages
    assert next(iter(messages)).startswith(f"{name}() "), "the message names the function, not a class"
