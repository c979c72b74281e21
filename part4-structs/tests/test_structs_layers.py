"""The three-layer model, checked on Part IV's real files."""

import shutil

import pytest

from cheader import declared_functions
from elfinfo import dynamic_symbols, needed_libraries, python_dependencies
from part4_structs import glue_cffi_api, glue_ctypes
from part4_structs._paths import HEADER, library_path

needs_binutils = pytest.mark.skipif(not shutil.which("readelf") or not shutil.which("nm"), reason="needs binutils")


def header_functions() -> set[str]:
    return declared_functions(HEADER)


@needs_binutils
def test_layer3_links_no_python():
    assert python_dependencies(library_path()) == []


@needs_binutils
def test_layer3_exports_the_header_and_nothing_of_python():
    exported = dynamic_symbols(library_path(), undefined=False)
    assert header_functions() <= exported
    assert not [s for s in exported if s.startswith("PyInit_")]


def test_every_header_function_has_a_ctypes_signature():
    assert set(glue_ctypes.SIGNATURES) == header_functions()


def test_every_header_function_is_in_the_cffi_extension():
    assert {name for name in header_functions() if hasattr(glue_cffi_api.lib, name)} == header_functions()


@needs_binutils
def test_the_cffi_route_is_a_layer2_module_linking_libstructs():
    import part4_structs._structs_cffi as shim

    assert [s for s in dynamic_symbols(shim.__file__, undefined=False) if s.startswith("PyInit_")] == [
        "PyInit__structs_cffi"
    ]
    assert "libstructs.so" in needed_libraries(shim.__file__)
