"""The three-layer model, checked on the real files.

Layer 3 (libscalars.so) must not know Python exists; the Layer 2 modules the
routes use must be real extension modules; and the header, the Rust status
codes and the Python glue must name the same things.
"""

import _ctypes
import importlib
import shutil

import pytest

from cheader import declared_functions
from elfinfo import dynamic_symbols, libffi_of, needed_libraries, python_dependencies
from part3_ctypes import header
from part3_ctypes._paths import HEADER, library_path
from part3_ctypes.errors import Status
from part3_ctypes.glue_ctypes import SIGNATURES

needs_binutils = pytest.mark.skipif(not shutil.which("readelf") or not shutil.which("nm"), reason="needs binutils")


def header_functions() -> set[str]:
    return declared_functions(HEADER)


@needs_binutils
def test_layer3_links_no_python():
    assert python_dependencies(library_path()) == []


@needs_binutils
def test_layer3_exports_exactly_the_header():
    exported = dynamic_symbols(library_path(), undefined=False)
    assert header_functions() <= exported
    assert not [s for s in exported if s.startswith("PyInit_")]


def test_every_header_function_has_a_ctypes_signature():
    assert set(SIGNATURES) == header_functions()


def test_status_codes_match_the_header():
    defines = header.defines()
    assert {f"SCALARS_{s.name}": s.value for s in Status} == {k: v for k, v in defines.items() if k != "FIB_MAX_N"}


def carries_libffi(path) -> bool:
    """True when the file links libffi.so or has libffi compiled into it."""
    return not libffi_of(path).startswith("none")


@needs_binutils
def test_the_ready_made_layer2_modules_use_libffi():
    import _cffi_backend

    # _ctypes usually links the system libffi.so; the cffi wheel from PyPI
    # compiles its own copy of libffi in. Either way libffi does the call.
    for module in (_ctypes, _cffi_backend):
        assert carries_libffi(module.__file__), module.__file__


@needs_binutils
def test_the_generated_shim_is_an_extension_linking_layer3():
    shim = importlib.import_module("part3_ctypes._scalars_cffi")
    assert "PyInit__scalars_cffi" in dynamic_symbols(shim.__file__, undefined=False)
    assert "libscalars.so" in needed_libraries(shim.__file__)
    assert not carries_libffi(shim.__file__)  # API mode: a direct C call, no libffi
