"""Part II's evidence: how `config.process()` and `add(1, 2)` reach Rust.

Prints the bytecode of a call, what the attribute lookup finds, and, with
``--call-path``, which CPython functions run per call for METH_FASTCALL and
METH_VARARGS (counted by callgrind). ``make outputs`` runs the first part
for the book; ``make bench`` runs the call path, which takes a minute.
"""

import dis
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import part1_capi
from part1_capi import Config, add, add_varargs

CALLS_FILE = Path(__file__).resolve().parent / "bench" / "calls.py"
# The two rows of bench/calls.py whose call paths Part II compares.
CALL_PATHS = (("Part I, METH_FASTCALL", "add(1, 2)"), ("Part I, METH_VARARGS", "add_varargs(1, 2)"))


# ANCHOR: caller
def caller(config: Config) -> dict:
    return config.process()


# ANCHOR_END: caller


def bytecode() -> None:
    print("The bytecode of `return config.process()`:")
    for instruction in dis.get_instructions(caller):
        if instruction.opname not in ("RESUME", "CACHE"):
            print(f"    {instruction.opname:<14} {instruction.argrepr}")


def lookup() -> None:
    config = Config()
    print("\nWhat the interpreter finds on the way:")
    print(f"    Config.__dict__['process']    {type(Config.__dict__['process']).__name__}")
    print(f"    config.process (bound)        {type(config.process).__name__}, __self__ is the Config")
    print(f"    Config.__dict__['timeout']    {type(Config.__dict__['timeout']).__name__}")
    print(f"    part1_capi.add                {type(add).__name__}, __self__ is {add.__self__.__name__}")
    print(
        f"    type(Config)                  {type(Config).__name__} (a heap type: {Config.__flags__ & (1 << 9) != 0})"
    )
    assert part1_capi.add is add


def functions_per_call(route: str, name: str, count: int) -> dict[str, float]:
    """Instructions per call spent in each CPython function, net of start-up."""
    totals = []
    for n in (count, 0):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "callgrind.out"
            command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable]
            command += ["-m", "benchkit.count_one", str(CALLS_FILE), route, name, str(n)]
            subprocess.run(command, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            report = subprocess.run(["callgrind_annotate", str(out)], capture_output=True, text=True, check=True)
            per_function: dict[str, int] = {}
            # Lines look like "1,234 (0.5%)  path/to/file.c:function'2 [object]".
            pattern = r"^\s*([\d,]+) \([^)]*\)\s+\S*?\.(?:c|h|rs):([^\s']+)"
            for match in re.finditer(pattern, report.stdout, re.MULTILINE):
                function = match.group(2)
                per_function[function] = per_function.get(function, 0) + int(match.group(1).replace(",", ""))
            totals.append(per_function)
    high, low = totals
    return {function: (ir - low.get(function, 0)) / count for function, ir in high.items()}


def call_path() -> None:
    """The functions each call runs, net of the measuring loop itself."""
    loop = functions_per_call("harness", "pass", 20_000)
    for route, name in CALL_PATHS:
        print(f"{name} ({route.removeprefix('Part I, ')}): where its instructions go, per call")
        costs = functions_per_call(route, name, 20_000)
        net = {function: cost - loop.get(function, 0) for function, cost in costs.items()}
        for function, cost in sorted(net.items(), key=lambda item: -item[1])[:8]:
            if cost >= 1:
                print(f"    {function:<44} {cost:6.0f}")
        print()


def specialised() -> None:
    """What CPython 3.11's adaptive interpreter turns the calls into."""

    def calls() -> None:
        add(1, 2)
        add_varargs(1, 2)

    for _ in range(100):  # enough calls for the instructions to specialise
        calls()
    # Why each instruction ended up as it did (CPython 3.11's Python/ceval.c).
    why = {
        ("add(1, 2)", "PRECALL_NO_KW_BUILTIN_FAST"): "METH_FASTCALL seen: calls the C function itself",
        ("add(1, 2)", "CALL_ADAPTIVE"): "never runs: the PRECALL already made the call",
        ("add_varargs(1, 2)", "PRECALL_ADAPTIVE"): "no fast form for METH_VARARGS: the generic path",
        ("add_varargs(1, 2)", "CALL_ADAPTIVE"): "stays generic (3.11 specialises CALL only for",
    }
    source = {1: "add(1, 2)", 2: "add_varargs(1, 2)"}
    first_line = calls.__code__.co_firstlineno
    print("\nAfter 100 calls, what the adaptive interpreter made of each call:")
    for instruction in dis.get_instructions(calls, adaptive=True):
        if instruction.opname.startswith(("PRECALL", "CALL")):
            call = source[instruction.positions.lineno - first_line]
            print(f"    {call:<18} {instruction.opname:<27} {why[call, instruction.opname]}")
    print(f"    {'':<18} {'':<27} Python functions) and builds an argument tuple")


if __name__ == "__main__":
    if "--call-path" in sys.argv:
        call_path()
    else:
        bytecode()
        lookup()
        if sys.version_info[:2] == (3, 11):  # adaptive=True and these names are 3.11's
            specialised()
