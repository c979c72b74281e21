"""`LibraryLoader`, as ctypes has it: lib.rs makes `cdll =
LibraryLoader(CDLL)`, so `cdll.LoadLibrary("libc.so.6")` is
`CDLL("libc.so.6")` and `cdll["libm.so.6"]` loads it once and keeps it. A
Python class in ctypes too."""


class LibraryLoader:
    """Loads libraries by name with one library class (CDLL here)."""

    def __init__(self, dlltype):
        self._dlltype = dlltype

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        library = self._dlltype(name)
        setattr(self, name, library)
        return library

    def __getitem__(self, name):
        return getattr(self, name)

    def LoadLibrary(self, name):
        return self._dlltype(name)
