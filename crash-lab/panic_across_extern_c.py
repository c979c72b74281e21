"""Mistake: a Rust panic with no catch before `extern "C"`.

Unwinding cannot cross into C. Since Rust 1.81 it stops at the boundary and
aborts the whole process, with "panic in a function that cannot unwind".
Found by: the abort itself (SIGABRT) and Rust's own message on stderr.
Fix: every export runs its body inside catch_unwind and returns a status
(quiet_panic::catch in this repository). Taught in: Part I, no panic
crosses into the interpreter.
"""

import ctypes

from _lab import LIBCRASHLAB

lib = ctypes.CDLL(LIBCRASHLAB)
lib.unguarded_panic.argtypes, lib.unguarded_panic.restype = [ctypes.c_int32], ctypes.c_int32
print("calling a function that panics", flush=True)
lib.unguarded_panic(21)
print("(not reached)")
