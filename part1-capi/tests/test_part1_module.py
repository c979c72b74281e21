"""Part I's module beyond the contract: its layers, signatures, functions,
capsule and panic trap. The Config contract itself is tests/test_config_contract.py."""

import ctypes
import importlib
import inspect
import sys
from pathlib import Path

import pytest

import part1_capi
from elfinfo import dynamic_symbols, exported_functions, needed_libraries
from part1_capi import part1_capi as extension  # the .so itself, under maturin's package

SO = Path(extension.__file__)


def test_the_extension_is_one_abi3_shared_library():
    assert SO.name == "part1_capi.abi3.so", "abi3: one file for CPython 3.10 and later"
    assert part1_capi.Config is extension.Config
    assert part1_capi.Config.__module__ == "part1_capi"


def test_exports_only_its_init_function():
    exported = exported_functions(SO)
    assert exported == {"PyInit_part1_capi"}


def test_does_not_link_libpython():
    # An extension module borrows the interpreter that loads it.
    assert not [name for name in needed_libraries(SO) if name.startswith("libpython")]
    assert "PyLong_AsLongLongAndOverflow" in dynamic_symbols(SO, undefined=True), (
        "it calls the C API, resolved at load time"
    )


def test_signatures_for_help_and_inspect():
    assert str(inspect.signature(part1_capi.Config)) == "(timeout=30, url='http://localhost/', ssl=False)"
    assert str(inspect.signature(part1_capi.Config.process)) == "(self, /)"
    assert (
        str(inspect.signature(part1_capi.Config.replace))
        == "(self, /, *, timeout=Ellipsis, url=Ellipsis, ssl=Ellipsis)"
    )
    assert str(inspect.signature(part1_capi.add)) == "(a, b, /)"
    assert part1_capi.Config.__doc__ == "Connection settings, checked whenever they are set."
    assert part1_capi.Config.timeout.__doc__ == "Seconds, an int from 1 to 3600."


def test_the_type_is_immutable_like_a_builtin():
    with pytest.raises(TypeError, match=r"^cannot set 'extra' attribute of immutable type 'part1_capi\.Config'$"):
        part1_capi.Config.extra = 1


def test_each_import_gets_its_own_module_state():
    # Multi-phase init and module state: a second module object gets a new
    # Config type and ConfigError, not process-wide statics.
    first = extension
    del sys.modules["part1_capi.part1_capi"]
    try:
        second = importlib.import_module("part1_capi.part1_capi")
        assert second is not first
        assert second.Config is not first.Config and second.ConfigError is not first.ConfigError
        with pytest.raises(second.ConfigError):
            second.Config(timeout=0)
        assert first.Config(timeout=5).timeout == 5, "the first module still works"
    finally:
        sys.modules["part1_capi.part1_capi"] = first


def test_imports_in_a_subinterpreter():
    interpreters = pytest.importorskip("_xxsubinterpreters")
    interp = interpreters.create()
    try:
        interpreters.run_string(
            interp, "import part1_capi; assert part1_capi.Config(timeout=5).process()['timeout_ms'] == 5000"
        )
    finally:
        interpreters.destroy(interp)


def test_a_panic_becomes_system_error():
    with pytest.raises(SystemError, match=r"^Rust panic in part1_capi: deliberate panic, to test the trap$"):
        extension._panic()
    assert part1_capi.Config().timeout == 30, "the module still works after a caught panic"


# ---------------------------------------------------------------- the capsule


class Part1CApi(ctypes.Structure):
    """Mirror of `struct Part1CApi` in part1-capi/include/part1_capi.h."""

    _fields_ = [
        ("version", ctypes.c_uint32),
        ("check_timeout", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int64)),
        ("check_url", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p)),
        # Needs the GIL and may raise: PYFUNCTYPE keeps the GIL and checks for an exception.
        ("timeout_ms", ctypes.PYFUNCTYPE(ctypes.c_int64, ctypes.py_object)),
    ]


@pytest.fixture
def api() -> Part1CApi:
    capsule_import = ctypes.pythonapi.PyCapsule_Import
    capsule_import.argtypes = [ctypes.c_char_p, ctypes.c_int]
    capsule_import.restype = ctypes.c_void_p
    address = capsule_import(b"part1_capi._C_API", 0)
    assert address, "PyCapsule_Import found the capsule"
    return Part1CApi.from_address(address)


def test_capsule_table(api):
    assert api.version == 1
    assert (api.check_timeout(30), api.check_timeout(0), api.check_timeout(-(2**63))) == (0, -1, -1)
    assert api.check_url(b"https://example.com:8443/x") == 0
    assert api.check_url(b"ftp://example.com") == -1
    assert api.check_url(b"http://h/\xff") == -1, "not UTF-8"
    assert api.check_url(None) == -1
    assert api.timeout_ms(part1_capi.Config(timeout=12)) == 12_000


def test_capsule_refuses_what_is_not_a_config(api):
    with pytest.raises(TypeError, match=r"^timeout_ms\(\) needs a part1_capi.Config$"):
        api.timeout_ms("not a config")


def test_capsule_name_is_checked():
    capsule_import = ctypes.pythonapi.PyCapsule_Import
    capsule_import.argtypes = [ctypes.c_char_p, ctypes.c_int]
    capsule_import.restype = ctypes.c_void_p
    with pytest.raises(AttributeError):
        capsule_import(b"part1_capi._NO_SUCH_API", 0)
