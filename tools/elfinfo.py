"""Read what a shared library links and exports (binutils' readelf and nm).

Shared by every part: the demos use it to show the layers as they really are
on this machine, and the tests use it to prove what each layer links (Layer
3 knows nothing of Python; an extension module exports only its PyInit_).
"""

import re
import subprocess
from pathlib import Path


def needed_libraries(path: str | Path) -> list[str]:
    """The NEEDED entries of an ELF file: the libraries it links."""
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out)


def dynamic_symbols(path: str | Path, *, undefined: bool) -> set[str]:
    """Symbols the file imports (``undefined=True``) or exports."""
    flag = "--undefined-only" if undefined else "--defined-only"
    out = subprocess.run(["nm", "-D", flag, str(path)], capture_output=True, text=True, check=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}


def exported_functions(path: str | Path) -> set[str]:
    """The functions the file exports: what `dlsym` (and the import system) can find."""
    out = subprocess.run(["nm", "-D", "--defined-only", str(path)], capture_output=True, text=True, check=True).stdout
    return {line.split()[-1] for line in out.splitlines() if len(line.split()) == 3 and line.split()[1] in "TW"}


def local_symbols(path: str | Path) -> set[str]:
    """Functions defined inside the file, exported or not (its symbol table).

    A Rust extension that compiles libffi in keeps `ffi_call` private; only
    the full symbol table shows it (empty if the file was stripped).
    """
    out = subprocess.run(["nm", "--defined-only", str(path)], capture_output=True, text=True, check=False).stdout
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


def resolved_path(path: str | Path, library: str) -> str | None:
    """Where the dynamic loader finds ``library`` for ``path`` (from ldd)."""
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=True).stdout
    match = re.search(rf"^\s*{re.escape(library)} => (\S+)", out, re.MULTILINE)
    return match.group(1) if match else None


def libffi_of(path: str | Path) -> str:
    """How ``path`` reaches libffi: a linked file, a compiled-in copy, or not at all."""
    linked = [name for name in needed_libraries(path) if name.startswith("libffi")]
    if linked:
        return resolved_path(path, linked[0]) or linked[0]
    if "ffi_prep_cif" in dynamic_symbols(path, undefined=False):
        return "compiled into this module (static libffi)"
    if "ffi_prep_cif" in local_symbols(path):
        return "compiled into this module (static libffi, not exported)"
    return "none: calls the C function directly"


def python_dependencies(path: str | Path) -> list[str]:
    """What ties a library to Python: libpython among its needed libraries, or a
    Py* symbol it imports. A Layer 3 library has none: it must not know Python exists."""
    needed = [f"needs {name}" for name in needed_libraries(path) if "python" in name]
    imported = sorted(s for s in dynamic_symbols(path, undefined=True) if s.startswith(("Py", "_Py")))
    return needed + [f"imports {symbol}" for symbol in imported]
