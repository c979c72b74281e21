"""Part II benchmark: how `config.process()`-style calls reach Rust.

Statements, not lambdas: each is compiled into the measuring loop itself,
so a row is the cost of that one call. ``abs(1)`` is CPython's own C
function (METH_O) as the yardstick.
"""

SETUP = """
from part1_capi import Config, add, add_varargs
config = Config(timeout=30, url="http://example.com", ssl=True)
"""

CALLS = {
    "harness": {"pass": "pass"},
    "builtin": {"abs(1)": "abs(1)"},
    "METH_FASTCALL": {"add(1, 2)": "add(1, 2)"},
    "METH_VARARGS": {"add_varargs(1, 2)": "add_varargs(1, 2)"},
    "METH_NOARGS": {"config.process()": "config.process()"},
    "METH_FASTCALL+KEYWORDS": {"config.replace(timeout=5)": "config.replace(timeout=5)"},
    "tp_new": {"Config(timeout=5)": "Config(timeout=5)"},
}
