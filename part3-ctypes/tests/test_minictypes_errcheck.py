"""`function.errcheck`: mini-ctypes' hook between the C call and its caller,
side by side with ctypes' own. The hook sees (result, function, args) and
its answer, or its exception, is the call's; each test runs on both the
direct path and the libffi path, and on ctypes for the same expectation."""

import ctypes
import gc
import weakref

import pytest

import minictypes as mc
from part3_ctypes import library_path

LIBRARIES = {"minictypes": mc, "ctypes": ctypes}


@pytest.fixture(params=["direct", "libffi"])
def path(request):
    mc._direct_calls(request.param == "direct")
    yield request.param
    mc._direct_calls(True)


@pytest.fixture(params=sorted(LIBRARIES))
def checked_div(request, path):
    module = LIBRARIES[request.param]
    function = module.CDLL(str(library_path())).checked_div
    function.argtypes = [module.c_int64, module.c_int64, module.c_void_p]
    function.restype = module.c_int32
    return function


def test_without_a_hook_the_status_comes_back(checked_div):
    assert checked_div.errcheck is None
    assert checked_div(7, 2, None) == 1  # NULL out: SCALARS_NULL_ARGUMENT


def test_the_hook_sees_result_function_and_arguments(checked_div):
    seen = []
    checked_div.errcheck = lambda *given: seen.append(given) or "checked"
    assert checked_div(7, 2, None) == "checked"
    assert seen == [(1, checked_div, (7, 2, None))]


def test_the_hooks_exception_is_the_calls(checked_div):
    def status_to_exception(status, function, args):
        raise ValueError(f"{function.__name__}: {status}")

    checked_div.errcheck = status_to_exception
    with pytest.raises(ValueError, match=r"^checked_div: 1$"):
        checked_div(7, 2, None)


def test_deleting_the_hook_removes_it(checked_div):
    checked_div.errcheck = lambda *given: "checked"
    del checked_div.errcheck
    assert checked_div.errcheck is None
    assert checked_div(7, 2, None) == 1


@pytest.mark.parametrize("value", [42, None, "hook"])
def test_what_is_not_callable_is_refused_where_it_is_set(checked_div, value):
    hook = lambda *given: "checked"  # noqa: E731
    checked_div.errcheck = hook
    with pytest.raises(TypeError, match=r"^the errcheck attribute must be callable$"):
        checked_div.errcheck = value
    assert checked_div.errcheck is hook, "a refused value leaves the old hook"


def test_a_refused_argument_never_reaches_the_hook(checked_div):
    seen = []
    checked_div.errcheck = lambda *given: seen.append(given)
    with pytest.raises((TypeError, ctypes.ArgumentError)):
        checked_div("7", 2, None)
    assert seen == []


def test_the_hook_is_released_with_its_function():
    function = mc.CDLL(str(library_path())).checked_div

    class Hook:
        def __call__(self, *given):
            return given[0]

    hook = Hook()
    gone = weakref.ref(hook)
    function.errcheck = hook
    del hook
    assert gone() is not None
    function.errcheck = print  # replacing it drops the old one
    gc.collect()
    assert gone() is None


def test_an_object_whose_method_checks_its_function_is_collected():
    # `self.f.errcheck = self.check` is a cycle through the function object;
    # the collector must see into it (it once could not: every such wrapper leaked).
    class Wrapper:
        def __init__(self):
            self.abs = mc.CDLL("libc.so.6").abs
            self.abs.argtypes, self.abs.restype = [mc.c_int32], mc.c_int32
            self.abs.errcheck = self.check

        def check(self, result, function, arguments):
            return result

    wrapper = Wrapper()
    assert wrapper.abs(-3) == 3
    collected = weakref.ref(wrapper)
    del wrapper
    gc.collect()
    assert collected() is None
