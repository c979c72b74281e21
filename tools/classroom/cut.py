"""One source per exercise: the starter is cut from the solution.

An exercise's ``solution/`` folder is the only copy of its code. In each file
the learner edits, the places where the starter differs are marked, with
the file's own line comment (``//`` in Rust and C, ``#`` in Python)::

    // ex: starter
    // | // TODO: compare the handle's generation with the slot's.
    // | match slot.value {
    // |     Some(_) => Ok(index as usize),
    // | }
    // ex: solution
    match (generation.cmp(&slot.generation), &slot.value) {
        ...
    }
    // ex: end

Cutting the *solution* drops the starter lines and the markers; cutting the
*starter* keeps the ``|`` lines (without their ``// | ``, indented like the
``ex: starter`` marker) and drops the solution lines. A region may also hold a listed mistake of the
exercise (``ex: mistake 2: "words its failure shows"``, its lines quoted the
same way): ``./ex verify`` builds the solution with those lines instead and
checks that the tests fail with those words. (``| `` rather than
plain code in a comment, because formatters leave it alone: ruff would turn
``#~`` into ``# ~``.) Either part may be empty. The solution folder
builds and passes as it is (the starter lines are comments), and the
starter folder is written from it (``write_variant``), never edited.
"""

import re
from pathlib import Path

VARIANTS = ("starter", "solution")
# The line comment of each kind of file an exercise edits.
COMMENTS = {".rs": "//", ".h": "//", ".c": "//", ".py": "#", ".toml": "#", ".msg": "#"}


class CutError(ValueError):
    """A malformed marker: a bug in the exercise, reported with its line."""


def comment_of(path: Path) -> str:
    try:
        return COMMENTS[path.suffix]
    except KeyError:
        raise CutError(f"{path.name}: no line comment known for {path.suffix} files") from None


def cut(text: str, variant: str, comment: str, name: str = "<text>") -> str:
    """``text`` as the ``variant`` sees it: "starter", "solution", or
    "mistake-N" (the solution with mistake N's lines where a region has them)."""
    if variant not in VARIANTS and not re.fullmatch(r"mistake-\d+", variant):
        raise ValueError(f"unknown variant {variant!r}")
    out: list[str] = []
    for part in _parts(text, comment, name):
        if isinstance(part, str):
            out.append(part)  # a line outside every region
            continue
        out += _lines_for(part, variant)
    return "".join(out)


def _lines_for(region: dict, variant: str) -> list[str]:
    """A region's lines for one variant. The solution has its own part. A
    mistake without a part here is the solution here. The starter has its
    own part; without one, a region that only marks a mistake is the
    solution for the starter too, and any other (code the starter lacks) is
    nothing."""
    if variant == "solution":
        return region.get("solution", [])
    if variant in region:
        return region[variant]
    if variant == "starter" and not region["symptoms"]:
        return []
    return region.get("solution", [])


def mistakes(text: str, comment: str, name: str = "<text>") -> dict[int, str]:
    """The mistakes a file marks, by number, each with the words its failure must show."""
    found = {}
    for part in _parts(text, comment, name):
        if isinstance(part, dict):
            found.update(part["symptoms"])
    return found


def _parts(text: str, comment: str, name: str) -> list:
    """The file as lines outside regions (str) and regions (dict: each part's
    lines, already cut, under "starter", "solution" or "mistake-N")."""
    c = re.escape(comment)
    marker = re.compile(
        rf"^(?P<indent>\s*){c} ex: (?:(?P<what>starter|solution|end)|mistake (?P<number>\d+): \"(?P<symptom>[^\"]+)\")\s*$"
    )
    quoted_line = re.compile(rf"^\s*{c} \|(?: (?P<text>.*))?$")
    parts: list = []
    state, indent, region = "outside", "", None
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        ending = "\n" if line.endswith("\n") else ""
        found = marker.match(line.rstrip("\n"))
        if found:
            what = found["what"] or f"mistake-{found['number']}"
            state = _next(state, what, f"{name}:{number}")
            if region is None:
                region = {"symptoms": {}}
            if what.startswith("mistake-"):
                region["symptoms"][int(found["number"])] = found["symptom"]
            if state == "outside":
                parts.append(region)
                region = None
            else:
                indent = found["indent"]
                region.setdefault(state, [])
            continue
        if state == "outside":
            parts.append(line)
        elif state == "solution":
            region["solution"].append(line)
        else:  # the starter's or a mistake's lines, kept in comments
            quoted = quoted_line.match(line.rstrip("\n"))
            if not quoted:
                raise CutError(f"{name}:{number}: a {state.split('-')[0]} line must start with '{comment} |'")
            content = quoted["text"]
            region[state].append((indent + content if content else "") + ending)
    if state != "outside":
        raise CutError(f"{name}: a region is not closed with '{comment} ex: end'")
    return parts


def _next(state: str, what: str, where: str) -> str:
    """The state after a marker, or CutError for a marker out of order."""
    kind = "mistake" if what.startswith("mistake-") else what
    allowed = {
        "outside": ("starter", "mistake", "solution"),
        "starter": ("mistake", "solution", "end"),
        "mistake": ("mistake", "solution", "end"),
        "solution": ("end",),
    }
    current = "mistake" if state.startswith("mistake-") else state
    if kind not in allowed[current]:
        raise CutError(
            f"{where}: '{kind}' cannot follow {'a ' + current + ' region' if current != 'outside' else 'nothing'}"
        )
    return "outside" if what == "end" else what


def regions(text: str, comment: str) -> int:
    """How many marked regions ``text`` has (each ends with one ``ex: end``)."""
    return len(re.findall(rf"^\s*{re.escape(comment)} ex: end\s*$", text, re.M))


def edit_text(solution: Path, name: str, variant: str) -> str:
    """One edit file, cut for ``variant``."""
    path = solution / name
    return cut(path.read_text(encoding="utf-8"), variant, comment_of(path), str(path))


def write_variant(solution: Path, folder: Path, edit: list[str], variant: str) -> Path:
    """Writes ``folder`` from ``solution``: every file copied, each edit file
    cut for ``variant`` (``starter``, or a mistake: ``mistake-2``).

    A starter's file is rewritten only when its content changes, so cargo
    and pytest see an unchanged starter as unchanged. A mistake's files are
    always rewritten: mistakes share a target directory, and a C library's
    file name has no version in it, so each must be rebuilt to be the one
    tested.
    """
    wanted: dict[Path, bytes] = {}
    for path in sorted(solution.rglob("*")):
        relative = path.relative_to(solution)
        if path.is_dir() or _generated(relative):
            continue
        if str(relative) in edit:
            wanted[relative] = edit_text(solution, str(relative), variant).encode("utf-8")
        else:
            wanted[relative] = path.read_bytes()
    if variant.startswith("mistake-") and Path("Cargo.toml") in wanted:
        _distinct_version(wanted, variant)
    for relative, content in wanted.items():
        target = folder / relative
        if variant.startswith("mistake-") or not target.exists() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    # A file that left the solution leaves this folder too.
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not _generated(relative) and relative not in wanted:
            path.unlink()
    return folder


def _generated(relative: Path) -> bool:
    """Build and cache output, which belongs to no variant."""
    return bool({"target", "__pycache__", ".pytest_cache"} & set(relative.parts)) or relative.suffix == ".pyc"


def _distinct_version(files: dict[Path, bytes], variant: str) -> None:
    """Gives a mistake's crate a version of its own (``0.1.0-mistake.2``), in
    its Cargo.toml and its lock file alike. The mistakes of an exercise are
    built in one target directory, so that the dependencies are built once;
    cargo names a crate's build by its name and version (not its folder), so
    with one version they would share, and overwrite, one build."""
    manifest = files[Path("Cargo.toml")].decode("utf-8")
    name = re.search(r'^name = "([^"]+)"', manifest, re.M)[1]
    version = re.search(r'^version = "([^"]+)"', manifest, re.M)[1]
    tagged = f"{version}-{variant.replace('-', '.')}"
    files[Path("Cargo.toml")] = manifest.replace(f'version = "{version}"', f'version = "{tagged}"', 1).encode()
    if Path("Cargo.lock") in files:
        lock = files[Path("Cargo.lock")].decode("utf-8")
        entry = f'name = "{name}"\nversion = "{version}"'
        files[Path("Cargo.lock")] = lock.replace(entry, f'name = "{name}"\nversion = "{tagged}"', 1).encode()
