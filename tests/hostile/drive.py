"""Throw hostile objects at every public entry point of one part, in this process.

    python tests/hostile/drive.py PART EXAMPLES

Exits 0 when every call returned or raised one of the documented exception
types, 1 (with Hypothesis's shrunk example) when something else came out:
a SystemError, a PanicException, any undocumented type. A crash kills the
process; the test that runs this (test_hostile_objects.py) reports it.
"""

import contextlib
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from objects import OBJECTS, HostileError

# What a public entry point may raise for bad input: the documented types
# (and their subclasses: ConfigError is a ValueError, and so on).
# An error a hostile object raises itself (its __index__, say) may pass through.
DOCUMENTED = (TypeError, ValueError, OverflowError, ZeroDivisionError, AttributeError, MemoryError, HostileError)


def config_calls(mod):
    """Every way in to a Config route: constructor, setters, replace, process."""

    def build(field, value):
        return mod.Config(**{field: value})

    def set_field(field, value):
        config = mod.Config()
        setattr(config, field, value)
        return config.process() if field != "ssl" else config

    def replace(field, value):
        return mod.Config().replace(**{field: value})

    def positional(value):
        return mod.Config(value, value, value)

    return [build, set_field, replace, positional]


def part1_part7_calls(mod):
    calls = config_calls(mod)
    calls += [lambda a, b: mod.add(a, b), lambda a, b: mod.add_varargs(a, b)]
    return calls


def part3_calls():
    from part3_ctypes import ROUTES, load

    calls = []
    for route in ROUTES:
        r = load(route)
        calls += [
            r.add,
            r.fib,
            r.celsius_to_fahrenheit,
            r.checked_div,
            r.count_code_points,
            lambda s, c, r=r: r.format_reading(s, c),
            lambda s, c, r=r: r.format_reading(s, 1.0, buffer_size=c),
            r.format_reading_alloc,
            lambda n, v, r=r: r.for_each_fib(n, lambda *a: v),  # the visitor returns anything
        ]
    return calls


def minictypes_calls():
    import minictypes as mc
    from part3_ctypes import library_path

    lib = mc.CDLL(str(library_path()))

    def declare(argtypes, restype):
        function = mc.CDLL(str(library_path()))["add"]
        function.argtypes = argtypes
        function.restype = restype

    def call_add(a, b):
        function = lib["add"]
        function.argtypes, function.restype = [mc.c_int64, mc.c_int64], mc.c_int64
        return function(a, b)

    def visitor(default, value):
        type_ = mc.CFUNCTYPE(mc.c_int32, mc.c_uint32, mc.c_uint64, mc.c_void_p, default=default)
        return type_(value)

    return [
        lambda size, _: mc.create_string_buffer(size) if not (isinstance(size, int) and 0 < size < 2**30) else None,
        lambda name, _: lib[name],
        declare,
        call_add,
        visitor,
        lambda a, _: mc.string_at(a) if a is None or not isinstance(a, int) else None,  # never a real address
    ]


def part4_calls():
    from part4_structs import ROUTES, InputRecordPy, transform

    fields = ("name", "version", "origin", "samples", "unit", "thresholds", "last")

    def record(field, value):
        return InputRecordPy("sensor-A", **{field: value})

    def samples(value, weight):
        return InputRecordPy("sensor-A", samples=[(value, weight), (1, value)])

    calls = [lambda f, v: record(fields[hash(str(type(f))) % len(fields)], v), samples]
    for route in ROUTES:

        def run(scale, top_n, route=route):
            with transform(InputRecordPy("s", samples=[(1, 2.0)]), scale, 0.0, top_n, route=route) as out:
                return out.title

        def run_weight(min_weight, value, route=route):
            with transform(InputRecordPy("s", samples=[(1, 2.0)]), 1.0, min_weight, 3, route=route) as out:
                return out.top

        calls += [run, run_weight]
    for field in fields:
        calls.append(lambda value, _, field=field: record(field, value))

    def assigned(field, value, route):
        # A public attribute is a boundary too: written after construction,
        # then transformed. A refused assignment leaves a valid record.
        rec = InputRecordPy("sensor-A", samples=[(1, 2.0)])
        with contextlib.suppress(*DOCUMENTED):
            setattr(rec, field, value)
        with transform(rec, route=route) as out:
            return out.title, out.top

    for field in (*fields, "name_bytes", "unit_bytes"):  # the last two are read-only
        for route in ROUTES:
            calls.append(lambda value, _, field=field, route=route: assigned(field, value, route))
    return calls


def part5_calls():
    import part5_handles
    from part5_handles import Counter

    def counter(start, by):
        with Counter(start) as c:
            return c.increment(by)

    return [*config_calls(part5_handles), counter]


def calls_for(part: str):
    if part == "part1":
        import part1_capi

        return part1_part7_calls(part1_capi)
    if part == "part7":
        import part7_pybind

        return part1_part7_calls(part7_pybind)
    return {"part3": part3_calls, "minictypes": minictypes_calls, "part4": part4_calls, "part5": part5_calls}[part]()


def main(part: str, examples: int) -> None:
    calls = calls_for(part)
    fields = st.sampled_from(["timeout", "url", "ssl"])

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(index=st.integers(0, len(calls) - 1), first=st.one_of(fields, OBJECTS), second=OBJECTS)
    def hostile(index, first, second):
        call = calls[index]
        arguments = (first,) if call.__code__.co_argcount == 1 else (first, second)
        try:
            call(*arguments)
        except DOCUMENTED:
            pass  # a precise, documented refusal: what bad input must get

    hostile()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
