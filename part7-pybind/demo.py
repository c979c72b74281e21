"""Part VII's demo: the series' opening snippet against pyo3, next to Part I.

Run it with ``make demo`` or ``.venv/bin/python part7-pybind/demo.py``.
"""

from pathlib import Path

import part1_capi
import part7_pybind
from elfinfo import exported_functions

print("The series' Layer 1 code again, now with part7_pybind as `mymodule`:")
# ANCHOR: snippet
import part7_pybind as mymodule  # the series' `import mymodule`

config = mymodule.Config(timeout=30, url="http://example.com", ssl=True)
print(config.process())
# ANCHOR_END: snippet

REPO = Path(__file__).resolve().parents[1]


def relative(path: str) -> str:
    return str(Path(path).relative_to(REPO)) if Path(path).is_relative_to(REPO) else path


print("\nThe layers, for each module:")
for module in (part1_capi, part7_pybind):
    extension = getattr(module, module.__name__)
    init = sorted(name for name in exported_functions(extension.__file__) if name.startswith("PyInit_"))
    print(f"  {module.__name__}:")
    print(f"    Layer 1  {relative(module.__file__)} (maturin's generated re-export)")
    print(f"    Layer 2  {relative(extension.__file__)}: exports {', '.join(init)}")
    print("    Layer 3  config-core, compiled into that .so")

print("\nThe same calls, the same answers:")
for call in (
    "Config(timeout=5, url='https://h:8443/x', ssl=True).process()",
    "repr(Config())",
    "Config(timeout=True)",
    "Config(url='ftp://example.com')",
    "Config(retries=3)",
):
    answers = []
    for module in (part1_capi, part7_pybind):
        try:
            answers.append(repr(eval(call, vars(module))))
        except (TypeError, ValueError) as error:
            answers.append(f"{type(error).__name__}: {error}")
    same = "same" if answers[0] == answers[1] else "DIFFERENT"
    print(f"  {call}\n    {same}: {answers[1]}")

print("\nWhere they differ by design: each module has a `_panic()` that panics on purpose,")
print("to show what its trap turns a Rust panic into (nothing is printed to stderr):")
for module, name in ((part1_capi, "part1_capi.part1_capi"), (part7_pybind, "part7_pybind.part7_pybind")):
    extension = getattr(module, module.__name__)
    try:
        extension._panic()
    except BaseException as error:  # noqa: BLE001 - showing what a panic becomes
        print(f"  {name}._panic() raises {type(error).__module__}.{type(error).__name__}: {error}")
