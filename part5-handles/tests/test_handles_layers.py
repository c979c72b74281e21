"""The three-layer model on Part V's files, and the header in step with the glue."""

import shutil

import pytest

from cheader import declared_functions
from elfinfo import dynamic_symbols, python_dependencies
from part5_handles import glue_ctypes
from part5_handles._paths import HEADER, library_path
from part5_handles.errors import Status
from part5_handles.header import defines

needs_binutils = pytest.mark.skipif(not shutil.which("readelf") or not shutil.which("nm"), reason="needs binutils")


def header_functions() -> set[str]:
    return declared_functions(HEADER)


@needs_binutils
def test_layer3_links_no_python():
    assert python_dependencies(library_path()) == []


@needs_binutils
def test_layer3_exports_the_header():
    assert header_functions() <= dynamic_symbols(library_path(), undefined=False)


def test_every_status_function_has_a_signature():
    no_status = {"handles_live", "handles_last_error", "raw_counter_new", "raw_counter_value", "raw_counter_free"}
    assert set(glue_ctypes.SIGNATURES) == header_functions() - no_status


def test_status_codes_match_the_header():
    header = {k: v for k, v in defines().items() if k.startswith("HANDLES_") and not k.startswith("HANDLES_KIND")}
    assert header == {f"HANDLES_{s.name}": s.value for s in Status}
