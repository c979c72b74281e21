"""Part I's demo: the series' opening snippet, run against a module hand-written on the raw C API.

Run it with ``make demo`` (all parts) or ``.venv/bin/python part1-capi/demo.py``.
"""

import inspect
from pathlib import Path

from elfinfo import exported_functions, needed_libraries

print("The series' Layer 1 code, with part1_capi as `mymodule`:")
print("  config = mymodule.Config(timeout=30, url='http://example.com', ssl=True)")
print("  print(config.process())")
print("prints:")
# ANCHOR: snippet
import part1_capi as mymodule  # the series' `import mymodule`, nothing else changed

config = mymodule.Config(timeout=30, url="http://example.com", ssl=True)
print(config.process())
# ANCHOR_END: snippet

REPO = Path(__file__).resolve().parents[1]
extension = mymodule.part1_capi  # the compiled module under maturin's package


def relative(path: str | Path) -> str:
    path = Path(path)
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def chain() -> None:
    """Which file each layer of `config.process()` is, from the real objects."""
    needed = " ".join(needed_libraries(extension.__file__))
    init = sorted(name for name in exported_functions(extension.__file__) if name.startswith("PyInit_"))
    print(f"  Layer 1  {relative(__file__)} (this script) and {relative(mymodule.__file__)}")
    print("           (maturin's generated package: `from .part1_capi import *`)")
    print(f"  Layer 2  {relative(extension.__file__)}: exports {', '.join(init)}")
    print(f"           Config is a {type(mymodule.Config).__name__} made by PyType_FromModuleAndSpec;")
    print(f"           process is a {type(config.process).__name__}: the interpreter calls its C")
    print(f"           function pointer directly (links libffi: {'libffi' in needed})")
    print("  Layer 3  config-core (config-core/), compiled into that same .so:")
    print(f"           no separate native library; links libpython: {'libpython' in needed}")


print("\nThe layers `config.process()` passes through:")
chain()

print("\nWhat help() and inspect see (docstrings and __text_signature__ written by hand;")
print("in replace, the default `...` means: keep the current value):")
print(f"  Config{inspect.signature(mymodule.Config)}")
# inspect prints the `...` default by its name, Ellipsis; the docstring says `...`.
print(f"  Config.replace{str(inspect.signature(mymodule.Config.replace)).replace('Ellipsis', '...')}")
print(f"  add{inspect.signature(mymodule.add)}")

print("\nBad input gets a precise exception:")
for label, call in [
    ("Config(timeout=True)", lambda: mymodule.Config(timeout=True)),
    ("Config(timeout=0)", lambda: mymodule.Config(timeout=0)),
    ("Config(url='ftp://example.com')", lambda: mymodule.Config(url="ftp://example.com")),
    ("Config(url='http://h:99999')", lambda: mymodule.Config(url="http://h:99999")),
    ("Config(retries=3)", lambda: mymodule.Config(retries=3)),
    ("Config(url='https://h').process()", lambda: mymodule.Config(url="https://h").process()),
    ("del config.url", lambda: delattr(config, "url")),
]:
    try:
        call()
    except (TypeError, ValueError, AttributeError) as error:
        print(f"  {label:<38} {type(error).__name__}: {error}")
