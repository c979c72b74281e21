"""Part VII's module beyond the contract: its layers, what pyo3 generated,
and where it differs from Part I by design."""

import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import part1_capi
import part7_pybind
from elfinfo import exported_functions, needed_libraries
from part7_pybind import part7_pybind as extension

SO = Path(extension.__file__)


def test_one_abi3_library_exporting_only_its_init():
    assert SO.name == "part7_pybind.abi3.so"
    exported = exported_functions(SO)
    assert exported == {"PyInit_part7_pybind"}
    assert not [name for name in needed_libraries(SO) if name.startswith("libpython")]


def test_signatures_and_docs_match_part1():
    for name in ("Config", "add"):
        part1, part7 = getattr(part1_capi, name), getattr(part7_pybind, name)
        assert str(inspect.signature(part7)) == str(inspect.signature(part1))
        assert part7.__doc__ == part1.__doc__
    assert str(inspect.signature(part7_pybind.Config.replace)) == str(inspect.signature(part1_capi.Config.replace))
    for field in ("timeout", "url", "ssl"):
        assert getattr(part7_pybind.Config, field).__doc__ == getattr(part1_capi.Config, field).__doc__


def test_a_panic_becomes_panic_exception():
    # pyo3's trap raises PanicException, a BaseException: `except Exception`
    # does not swallow a bug. (Part I raises SystemError.)
    with pytest.raises(BaseException, match=r"^deliberate panic, to test the trap$") as caught:
        extension._panic()
    assert type(caught.value).__name__ == "PanicException"
    assert not isinstance(caught.value, Exception)
    assert part7_pybind.Config().timeout == 30


def test_bare_add_is_the_same_shape_without_checks():
    assert extension._bare_add(2, 3) == 5
    with pytest.raises(TypeError, match=r"^'str' object cannot be interpreted as an integer\nwhile processing 'a'$"):
        extension._bare_add("2", 3)


def test_types_are_shared_across_module_objects():
    # Part I builds a new Config type for each module object (module state);
    # pyo3 keeps one type object per process.
    code = textwrap.dedent(
        """
        import importlib, sys
        for name in ("part1_capi.part1_capi", "part7_pybind.part7_pybind"):
            first = importlib.import_module(name)
            del sys.modules[name]
            second = importlib.import_module(name)
            print(name, second is first, second.Config is first.Config)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "part1_capi.part1_capi False False",
        "part7_pybind.part7_pybind False True",
    ]
