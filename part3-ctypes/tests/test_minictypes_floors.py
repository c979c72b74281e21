"""mini-ctypes is built in floors: each file uses only the files below it.

A learner reads it bottom up (the map in `src/lib.rs`, and the one in
`src/cdata/mod.rs` for that package); a file that reached up, or two files
that used each other, would make that impossible. These tests read the
`use` paths of every file and hold the code to both maps: the order a map
lists the files in is an order in which each uses only files listed
before it. No glob import hides what a file needs (`use super::*` is left
to unit-test modules; pyo3's prelude is imported as its documentation says).
"""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "minictypes" / "src"


def code(path: Path) -> str:
    """A file's code without its unit-test module."""
    text = path.read_text(encoding="utf-8")
    return text.split("#[cfg(test)]")[0]


def map_order(lib: Path) -> list[str]:
    """The modules a map lists, in its order: the first name on each
    ``//! - `name.rs`: ...`` (or ``name/``) line."""
    return re.findall(r"^//! - `(\w+)(?:\.rs|/)`", lib.read_text(encoding="utf-8"), re.M)


def uses(path: Path, prefix: str) -> set[str]:
    """The sibling modules a file names through ``prefix`` (``crate`` or ``super``)."""
    return set(re.findall(rf"\b{prefix}::(\w+)", code(path)))


def top_level_modules() -> dict[str, Path]:
    modules = {p.stem: p for p in SRC.glob("*.rs") if p.stem != "lib"}
    modules["cdata"] = SRC / "cdata"
    return modules


def package_files(package: Path) -> list[Path]:
    return sorted(package.glob("*.rs")) if package.is_dir() else [package]


def test_the_crate_map_is_an_order_of_floors():
    modules = top_level_modules()
    order = map_order(SRC / "lib.rs")
    assert sorted(order) == sorted(modules), f"lib.rs's map lists {order}; the modules are {sorted(modules)}"
    for position, name in enumerate(order):
        used = set().union(*(uses(f, "crate") for f in package_files(modules[name]))) - {name}
        above = used - set(order[:position])
        assert not above, f"{name} uses {sorted(above)}, which the map puts above it"


def test_the_cdata_map_is_an_order_of_floors():
    package = SRC / "cdata"
    files = {p.stem: p for p in package.glob("*.rs") if p.stem != "mod"}
    # A line may list two files of one floor: every name on the line counts.
    order = []
    for line in (package / "mod.rs").read_text(encoding="utf-8").splitlines():
        if line.startswith("//! - "):
            order += [name for name in re.findall(r"`(\w+)\.rs`", line) if name in files]
    assert sorted(order) == sorted(files), f"cdata/mod.rs's map lists {order}; the files are {sorted(files)}"
    for position, name in enumerate(order):
        above = uses(files[name], "super") - {name} - set(order[:position])
        assert not above, f"cdata/{name}.rs uses {sorted(above)}, which the map puts above it"


def test_mod_rs_only_declares_and_reexports():
    """cdata/mod.rs holds no code of its own, so no file uses it and it uses
    each file only to say what the rest of the crate may see."""
    body = code(SRC / "cdata" / "mod.rs")
    items = [
        line
        for line in body.splitlines()
        if re.match(r"^(pub(\(crate\))? )?(fn|struct|enum|impl|static|const)\b", line)
    ]
    assert not items, f"cdata/mod.rs defines {items}"


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.rs")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_glob_imports(path):
    # The crate's own modules; a library's prelude (`pyo3::prelude::*`) is its documented idiom.
    globs = re.findall(r"^[ \t]*use (?:super|crate|self)[\w:]*::\*;", code(path), re.M)
    assert not globs, f"{path.relative_to(SRC)} imports {globs}: name what the file needs"
