"""The three layers of Part VI as the files really are: which library links
what, and the one thing the two Layer 2 extensions share (capsules, not a link)."""

import shutil
from pathlib import Path

import pytest
from part6_hybrid.transport import DEFAULT_PATH

from cheader import declared_functions
from elfinfo import dynamic_symbols, exported_functions, needed_libraries, python_dependencies

PART = Path(__file__).resolve().parents[1]
PACKAGE = PART / "generated" / "py" / "demo_msgs"
MESSAGES = PACKAGE / "libdemo_msgs__c.so"
TYPESUPPORT = PACKAGE / "_demo_msgs_s.abi3.so"
TRANSPORT = DEFAULT_PATH / "libhybrid_transport_local.so"

needs_binutils = pytest.mark.skipif(not shutil.which("readelf") or not shutil.which("nm"), reason="needs binutils")


def runtime_path() -> Path:
    import _hybrid_runtime

    # maturin installs the module as a package around the .so.
    return next(Path(_hybrid_runtime.__file__).parent.glob("*.so"))


@needs_binutils
@pytest.mark.parametrize("library", [MESSAGES, TRANSPORT], ids=lambda p: p.name)
def test_layer3_links_no_python(library):
    assert python_dependencies(library) == []


@pytest.mark.parametrize(
    "source", sorted((PART / "generated" / "c" / "demo_msgs").rglob("*.[ch]")), ids=lambda p: p.name
)
def test_layer3_sources_do_not_include_python(source):
    assert "Python.h" not in source.read_text(encoding="utf-8")


@needs_binutils
def test_the_typesupport_links_the_message_library_and_not_libpython():
    needed = needed_libraries(TYPESUPPORT)
    assert "libdemo_msgs__c.so" in needed
    assert not [name for name in needed if "python" in name]
    assert exported_functions(TYPESUPPORT) == {"PyInit__demo_msgs_s"}


@needs_binutils
def test_the_runtime_links_neither_the_typesupport_nor_the_messages():
    needed = needed_libraries(runtime_path())
    assert not [name for name in needed if "demo_msgs" in name or "transport" in name], needed
    # Nor does it name any of their functions: it reaches them through capsules and dlsym.
    undefined = dynamic_symbols(runtime_path(), undefined=True)
    assert not [name for name in undefined if name.startswith(("demo_msgs", "hybrid_"))], undefined


@needs_binutils
def test_the_transport_exports_its_header():
    assert declared_functions(PART / "include" / "hybrid_transport.h") <= dynamic_symbols(TRANSPORT, undefined=False)


@needs_binutils
def test_the_message_library_exports_its_headers():
    declared = set()
    for header in [
        PART / "include" / "hybrid_runtime.h",
        *sorted((PART / "generated" / "c" / "demo_msgs").rglob("*.h")),
    ]:
        declared |= declared_functions(header)
    assert declared <= dynamic_symbols(MESSAGES, undefined=False)
