"""Make N calls of one route's function: run under callgrind by bench.py.

Usage: count_one.py ROUTE FUNCTION N. Running it with N = 0 and N = 20000
and subtracting cancels the interpreter's start-up instructions.
"""

import sys

from calls import CALLS

route, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
call = CALLS[route][name]
call()  # warm: first-call set-up (ctypes prepares its cif) is not per-call cost
for _ in range(count):
    call()
