"""Mistake: an owned string returned as `c_char_p`.

`format_reading_alloc` returns a string the library allocated, which the
caller must give back with `free_string`. Declared as `c_char_p`, ctypes
copies the text into a `bytes` and drops the pointer: nobody can free it.
Found by: memory that grows with the number of calls (RSS, or valgrind's
"definitely lost"). Fix: `restype = c_void_p`, copy with `string_at`, then
`free_string`. Taught in: Part III, four routes side by side.
"""

import ctypes

from _lab import LIBSCALARS


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


lib = ctypes.CDLL(LIBSCALARS)
# ANCHOR: mistake
lib.format_reading_alloc.argtypes = [ctypes.c_char_p, ctypes.c_double]
lib.format_reading_alloc.restype = ctypes.c_char_p  # a copy comes back; the original leaks
# ANCHOR_END: mistake
before = rss_kib()
for _ in range(200_000):
    text = lib.format_reading_alloc(b"sensor-A", 21.5)
grown = rss_kib() - before
print(f"200,000 calls returned {text!r} each; RSS grew by {grown // 1024} MiB, never to be freed")
