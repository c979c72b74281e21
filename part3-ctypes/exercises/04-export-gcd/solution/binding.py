"""Exercise 04: call libnumbers through ctypes and through cffi's ABI mode."""

import ctypes
from ctypes import c_int64, c_uint64
from pathlib import Path

import cffi


def open_ctypes(library: Path) -> ctypes.CDLL:
    """libnumbers through ctypes: every signature is declared again, by hand."""
    lib = ctypes.CDLL(str(library))
    lib.add.argtypes = [c_int64, c_int64]
    lib.add.restype = c_int64
    # ex: starter
    # | # TODO: declare gcd's argument and result types.
    # ex: mistake 3: "do all three files say uint64_t?"
    # | pass
    # ex: solution
    lib.gcd.argtypes = [c_uint64, c_uint64]
    lib.gcd.restype = c_uint64
    # ex: end
    return lib


def declarations(header: Path) -> str:
    """The header without preprocessor lines: cffi's cdef takes C declarations only."""
    lines = header.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def open_cffi(library: Path, header: Path):
    """libnumbers through cffi's ABI mode: the signatures come from the header."""
    ffi = cffi.FFI()
    ffi.cdef(declarations(header))
    return ffi.dlopen(str(library))
