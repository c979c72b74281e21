"""Part II benchmark: how `config.process()`-style calls reach Rust, through
Part I's hand-written module and Part VII's pyo3 one, in the same run.

Statements, not lambdas: each is compiled into the measuring loop itself,
so a row is the cost of that one call. ``abs(1)`` is CPython's own C
function (METH_O) as the yardstick; ``_add_in_c`` is Part I's ``add``
written in C (part1-capi/c/add_in_c.c), the same checks without Rust's
panic trap; ``_bare_add`` is a pyo3 function of add's shape with none of
our code in it.
"""

# Every callable is a global name, as abs is: no attribute lookup in a row.
SETUP = """
from part1_capi import Config as Config1, add as add1, add_varargs
from part1_capi.part1_capi import _add_in_c
from part7_pybind import Config as Config7, add as add7, _bare_add
config1 = Config1(timeout=30, url="http://example.com", ssl=True)
config7 = Config7(timeout=30, url="http://example.com", ssl=True)
"""

CALLS = {
    "harness": {"pass": "pass"},
    "builtin": {"abs(1)": "abs(1)"},
    "Part I, METH_FASTCALL": {"add(1, 2)": "add1(1, 2)"},
    "Part I in C, METH_FASTCALL": {"_add_in_c(1, 2)": "_add_in_c(1, 2)"},
    "Part I, METH_VARARGS": {"add_varargs(1, 2)": "add_varargs(1, 2)"},
    "Part I, METH_NOARGS": {"config.process()": "config1.process()"},
    "Part I, METH_FASTCALL+KEYWORDS": {"config.replace(timeout=5)": "config1.replace(timeout=5)"},
    "Part I, tp_new": {"Config(timeout=5)": "Config1(timeout=5)"},
    "Part VII, pyo3": {
        "add(1, 2)": "add7(1, 2)",
        "_bare_add(1, 2)": "_bare_add(1, 2)",
        "config.process()": "config7.process()",
        "config.replace(timeout=5)": "config7.replace(timeout=5)",
        "Config(timeout=5)": "Config7(timeout=5)",
    },
}
