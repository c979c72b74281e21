"""The docs that describe the tree still match it.

READMEs, module maps and docstrings say which files exist, which routes a
part has and how many exercises; each such statement drifts the day a file
is added or renamed. These checks read them back against the tree:

- every part folder has the same skeleton;
- each README names every entry of its folder, and every path it names exists;
- "`exercises/` holds N" is the number of exercise folders;
- "N routes" in a part's package and tests is the number of routes, each named;
- a crate's module map (its `lib.rs` doc) names every source file of the crate;
- a test file cited in a comment or docstring exists.
"""

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PARTS = sorted(p for p in REPO.glob("part*-*") if p.is_dir())
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# Folders whose README maps their contents.
MAPPED = [*PARTS, REPO / "crash-lab", REPO / "bench", REPO / "tools", REPO / "part3-ctypes" / "ffi-by-hand"]
MAPPED.append(REPO / "part3-ctypes" / "minictypes")


def tracked(folder: Path) -> list[Path]:
    """The files git tracks under ``folder``."""
    out = subprocess.run(["git", "ls-files", "-z", "--", str(folder)], capture_output=True, text=True, cwd=REPO)
    return [REPO / name for name in out.stdout.split("\0") if name]


def top_level(folder: Path) -> set[str]:
    """The names of ``folder``'s tracked entries, one level down."""
    return {path.relative_to(folder).parts[0] for path in tracked(folder)}


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_every_part_has_the_skeleton(part):
    for entry in ("README.md", "Cargo.toml", "src", "tests", "demo.py", "exercises"):
        assert (part / entry).exists(), f"{part.name} has no {entry}"
    exercises = [e for e in (part / "exercises").iterdir() if (e / "exercise.toml").is_file()]
    assert len(exercises) >= 3, f"{part.name} has {len(exercises)} exercises; every part has at least three"


@pytest.mark.parametrize("folder", MAPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_the_readme_names_every_entry(folder):
    readme = (folder / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([^`\s]+)`", readme))
    bare = {name.rstrip("/").split("/")[0] for name in named}
    missing = sorted(entry for entry in top_level(folder) - {"README.md"} if entry not in bare)
    assert not missing, f"{folder.relative_to(REPO)}/README.md does not mention {missing}"


PATH_LIKE = re.compile(r"^[\w.*-]+(/[\w.*-]*)*$")
EXTENSIONS = (".py", ".rs", ".h", ".c", ".md", ".json", ".svg", ".txt", ".toml", ".so")


def named_paths(text: str) -> list[str]:
    """Backticked words that look like paths of this repository."""
    paths = []
    for word in re.findall(r"`([^`\s]+)`", text):
        # Options, built outputs (.so files, which `make build` makes) and URLs are no paths of the tree.
        if word.startswith(("-", ".", "target", "/", "http")) or word.endswith(".so") or not PATH_LIKE.match(word):
            continue
        if "/" in word or word.endswith(EXTENSIONS):
            paths.append(word)
    return paths


@pytest.mark.parametrize("folder", MAPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_every_path_a_readme_names_exists(folder):
    readme = (folder / "README.md").read_text(encoding="utf-8")
    missing = []
    for word in named_paths(readme):
        # Relative to the README's folder or the repository, or, for a name
        # a table gives within a folder it named just before, anywhere below.
        bases = [folder, REPO, *(p for p in folder.parents if p.is_relative_to(REPO))]
        found = any(list(base.glob(word.rstrip("/"))) for base in bases) or list(folder.rglob(word.rstrip("/")))
        if not found:
            missing.append(word)
    assert not missing, f"{folder.relative_to(REPO)}/README.md names paths that do not exist: {missing}"


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_the_readme_counts_the_exercises(part):
    readme = (part / "README.md").read_text(encoding="utf-8")
    said = re.search(r"`exercises/` holds (\w+)", readme)
    assert said, f"{part.name}/README.md does not say how many exercises `exercises/` holds"
    count = len([e for e in (part / "exercises").iterdir() if (e / "exercise.toml").is_file()])
    assert NUMBERS.get(said[1]) == count, f"{part.name}/README.md says {said[1]} exercises; there are {count}"


ROUTE_TEXTS = {
    "part3_ctypes": ["part3-ctypes/python/part3_ctypes/__init__.py", "part3-ctypes/tests/conftest.py"],
    "part4_structs": ["part4-structs/python/part4_structs/__init__.py", "part4-structs/tests/conftest.py"],
}


@pytest.mark.parametrize("package", list(ROUTE_TEXTS))
def test_route_counts_and_names(package):
    import importlib

    routes = list(importlib.import_module(package).ROUTES)
    for name in ROUTE_TEXTS[package]:
        text = (REPO / name).read_text(encoding="utf-8")
        for word, number in NUMBERS.items():
            if re.search(rf"\b{word} routes\b", text, re.I):
                assert number == len(routes), f"{name} says {word} routes; there are {len(routes)}"
        unnamed = [route for route in routes if route not in text]
        assert not unnamed, f"{name} does not name the routes {unnamed}"


def crates() -> list[Path]:
    return sorted(
        p.parent
        for p in REPO.glob("**/Cargo.toml")
        if (p.parent / "src" / "lib.rs").is_file() and "target" not in p.parts and "exercises" not in p.parts
    )


def in_submap(crate: Path, name: str, doc: str) -> bool:
    """A file of a folder the map names (`cdata/`) is named by that folder's own map (its mod.rs)."""
    folder = Path(name).parent
    mod = crate / "src" / folder / "mod.rs"
    if str(folder) == "." or f"{folder}/" not in doc or not mod.is_file():
        return False
    submap = "\n".join(line for line in mod.read_text(encoding="utf-8").splitlines() if line.startswith("//!"))
    return Path(name).name == "mod.rs" or Path(name).name in submap


@pytest.mark.parametrize("crate", crates(), ids=lambda p: str(p.relative_to(REPO)))
def test_a_module_map_names_every_file(crate):
    lib = (crate / "src" / "lib.rs").read_text(encoding="utf-8")
    doc = "\n".join(line for line in lib.splitlines() if line.startswith("//!"))
    files = sorted(str(p.relative_to(crate / "src")) for p in (crate / "src").rglob("*.rs") if p.name != "lib.rs")
    if not any(Path(name).name in doc for name in files):
        pytest.skip(f"{crate.relative_to(REPO)}/src/lib.rs has no map of its files")
    unnamed = [
        name for name in files if name not in doc and Path(name).name not in doc and not in_submap(crate, name, doc)
    ]
    assert not unnamed, f"{crate.relative_to(REPO)}/src/lib.rs's map does not name {unnamed}"


def test_cited_test_files_exist():
    cited = []
    for path in tracked(REPO):
        if path.suffix not in (".py", ".rs", ".md", ".h", ".c") or "exercises" in path.parts:
            continue
        for name in re.findall(r"\btests/(test_\w+\.py)\b", path.read_text(encoding="utf-8")):
            if not list(REPO.glob(f"**/tests/{name}")):
                cited.append(f"{path.relative_to(REPO)}: tests/{name}")
    assert not cited, f"test files cited but missing: {cited}"


# Names retired when each role got one name (the glossary's "glue" and
# "bridge"): none may come back, in code, prose or pictures.
RETIRED = re.compile(
    r"\b(via_ctypes|via_cffi_abi|via_cffi_api|via_minictypes|bindings_cffi|bindings_minictypes|_cffi_glue)\b|\b(bindings|bridge)\.py\b"
)


def test_retired_names_are_gone():
    here = Path(__file__).resolve()
    found = []
    for path in tracked(REPO):
        if path == here or path.suffix in (".lock", ".json") or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += [f"{path.relative_to(REPO)}: {m.group(0)}" for m in RETIRED.finditer(text)]
    assert not found, f"retired names used again: {found[:10]}"


def test_test_modules_have_unique_names():
    """pytest imports a test module by its file name: two parts' `test_layers.py` collide."""
    try:
        import tomllib
    except ImportError:  # Python 3.10: the same parser, from PyPI (requirements-dev.txt)
        import tomli as tomllib

    paths = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"][
        "testpaths"
    ]
    seen = {}
    for folder in paths:
        for module in (REPO / folder).rglob("test_*.py"):
            if "exercises" in module.parts:
                continue
            assert module.name not in seen, f"{module.relative_to(REPO)} and {seen[module.name]} share a name"
            seen[module.name] = module.relative_to(REPO)
