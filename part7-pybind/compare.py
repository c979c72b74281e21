"""Part I and Part VII side by side, from the built modules and their sources.

``make outputs`` runs this and the Part VII chapter includes what it prints:
what each type object really is, what each module file exports and links,
how many lines of Rust each took, and what happens in a subinterpreter.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import part1_capi
import part7_pybind
from elfinfo import dynamic_symbols, exported_functions, needed_libraries

REPO = Path(__file__).resolve().parents[1]
FLAGS = {"HEAPTYPE": 1 << 9, "BASETYPE": 1 << 10, "HAVE_GC": 1 << 14, "IMMUTABLETYPE": 1 << 8}


def code_lines(folder: Path) -> int:
    """Lines of Rust that are not blank and not only a comment."""
    count = 0
    for path in sorted(folder.glob("*.rs")):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped and not stripped.startswith("//"):
                count += 1
    return count


def row(label: str, part1, part7) -> None:
    print(f"  {label:<37} {part1!s:<28} {part7!s}")


def type_facts() -> None:
    print("The Config type object each module made:")
    row("", "part1_capi", "part7_pybind")
    for name, bit in FLAGS.items():
        row(f"Py_TPFLAGS_{name}", bool(part1_capi.Config.__flags__ & bit), bool(part7_pybind.Config.__flags__ & bit))
    for attribute in ("__basicsize__", "__weakrefoffset__", "__dictoffset__"):
        row(attribute, getattr(part1_capi.Config, attribute), getattr(part7_pybind.Config, attribute))
    row("__hash__", part1_capi.Config.__hash__, part7_pybind.Config.__hash__)
    row(
        "type(Config.process)",
        type(vars(part1_capi.Config)["process"]).__name__,
        type(vars(part7_pybind.Config)["process"]).__name__,
    )


def file_facts() -> None:
    print("\nThe module files:")
    facts = []
    for module in (part1_capi, part7_pybind):
        path = getattr(module, module.__name__).__file__
        needed = needed_libraries(path)
        exported = sorted(exported_functions(path))
        c_api = len([name for name in dynamic_symbols(path, undefined=True) if name.startswith(("Py", "_Py"))])
        facts.append((Path(path).name, ", ".join(exported), ", ".join(needed), c_api))
    for label, index in (("file", 0), ("exports", 1), ("links", 2), ("C API functions it calls", 3)):
        row(label, facts[0][index], facts[1][index])
    row(
        "lines of Rust (no blanks, comments)",
        code_lines(REPO / "part1-capi" / "src"),
        code_lines(REPO / "part7-pybind" / "src"),
    )


def subinterpreter() -> None:
    print("\nImported again in a subinterpreter (CPython 3.11, shared GIL):")
    code = textwrap.dedent(
        """
        import _xxsubinterpreters as interpreters
        import part1_capi, part7_pybind
        print("main", id(part1_capi.Config), id(part7_pybind.Config))
        sub = interpreters.create()
        interpreters.run_string(sub, '''
        import part1_capi, part7_pybind
        print("sub ", id(part1_capi.Config), id(part7_pybind.Config))
        ''')
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"  (no subinterpreters here: {done.stderr.strip().splitlines()[-1]})")
        return
    (_, part1_main, part7_main), (_, part1_sub, part7_sub) = (line.split() for line in done.stdout.splitlines())
    row("Config is the same object as main's", part1_sub == part1_main, part7_sub == part7_main)


if __name__ == "__main__":
    type_facts()
    file_facts()
    subinterpreter()
