"""`_pointer_type_cache`, as ctypes has it: the pointer classes made so far,
by target class.

ctypes keeps them in this one module-level dict. mini-ctypes keeps each on
its target class instead (`T._pointer_types_`, made by aggregates.rs), so
a class and its pointer class are freed together; this object is a window
on those, for code written against ctypes that looks a pointer class up or
deletes one to let its target go (CPython's tests do both)."""


class PointerTypeCache:
    """`_pointer_type_cache[T]` is `POINTER(T)` if it was made; `del
    _pointer_type_cache[T]` forgets it, and the next `POINTER(T)` makes a
    new class."""

    @staticmethod
    def _own(target):
        # The target's own dict only: `class MyInt(c_int32)` inherits
        # `_pointer_types_` from c_int32 but has pointer classes of its own.
        cache = vars(target).get("_pointer_types_") if isinstance(target, type) else None
        return cache if cache is not None and 0 in cache else None

    def __getitem__(self, target):
        cache = self._own(target)
        if cache is None:
            raise KeyError(target)
        return cache[0]

    def __contains__(self, target):
        return self._own(target) is not None

    def __delitem__(self, target):
        cache = self._own(target)
        if cache is None:
            raise KeyError(target)
        del cache[0]

    def __repr__(self):
        return "<minictypes._pointer_type_cache: POINTER(T) classes, kept on each T>"
