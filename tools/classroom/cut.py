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
``ex: starter`` marker) and drops the solution lines. (``| `` rather than
plain code in a comment, because formatters leave it alone: ruff would turn
``#~`` into ``# ~``.) Either part may be empty. The solution folder
builds and passes as it is (the starter lines are comments), and the
starter folder is written from it (``write_starter``), never edited.
"""

import re
from pathlib import Path

VARIANTS = ("starter", "solution")
# The line comment of each kind of file an exercise edits.
COMMENTS = {".rs": "//", ".h": "//", ".c": "//", ".py": "#", ".toml": "#"}


class CutError(ValueError):
    """A malformed marker: a bug in the exercise, reported with its line."""


def comment_of(path: Path) -> str:
    try:
        return COMMENTS[path.suffix]
    except KeyError:
        raise CutError(f"{path.name}: no line comment known for {path.suffix} files") from None


def cut(text: str, variant: str, comment: str, name: str = "<text>") -> str:
    """``text`` as the ``variant`` ("starter" or "solution") sees it."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    c = re.escape(comment)
    marker = re.compile(rf"^(?P<indent>\s*){c} ex: (?P<what>starter|solution|end)\s*$")
    starter_line = re.compile(rf"^\s*{c} \|(?: (?P<text>.*))?$")
    out: list[str] = []
    state, indent = "outside", ""
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        ending = "\n" if line.endswith("\n") else ""
        found = marker.match(line.rstrip("\n"))
        if found:
            state, indent = _next(state, found["what"], f"{name}:{number}"), found["indent"]
            continue
        if state == "starter":
            line_match = starter_line.match(line.rstrip("\n"))
            if not line_match:
                raise CutError(f"{name}:{number}: a starter line must start with '{comment} |'")
            if variant == "starter":
                content = line_match["text"]
                out.append((indent + content if content else "") + ending)
        elif state == "solution":
            if variant == "solution":
                out.append(line)
        else:
            out.append(line)
    if state != "outside":
        raise CutError(f"{name}: a region is not closed with '{comment} ex: end'")
    return "".join(out)


def _next(state: str, what: str, where: str) -> str:
    """The state after a marker, or CutError for a marker out of order."""
    allowed = {"outside": ("starter", "solution"), "starter": ("solution", "end"), "solution": ("end",)}
    if what not in allowed[state]:
        raise CutError(
            f"{where}: '{what}' cannot follow {'a ' + state + ' region' if state != 'outside' else 'nothing'}"
        )
    return "outside" if what == "end" else what


def regions(text: str, comment: str) -> int:
    """How many marked regions ``text`` has (each ends with one ``ex: end``)."""
    return len(re.findall(rf"^\s*{re.escape(comment)} ex: end\s*$", text, re.M))


def edit_text(solution: Path, name: str, variant: str) -> str:
    """One edit file, cut for ``variant``."""
    path = solution / name
    return cut(path.read_text(encoding="utf-8"), variant, comment_of(path), str(path))


def write_starter(solution: Path, starter: Path, edit: list[str]) -> Path:
    """Writes ``starter`` from ``solution``: every file copied, each edit file cut.

    A file is rewritten only when its content changes, so cargo and pytest
    see an unchanged starter as unchanged.
    """
    wanted: dict[Path, bytes] = {}
    for path in sorted(solution.rglob("*")):
        relative = path.relative_to(solution)
        if path.is_dir() or _generated(relative):
            continue
        if str(relative) in edit:
            wanted[relative] = edit_text(solution, str(relative), "starter").encode("utf-8")
        else:
            wanted[relative] = path.read_bytes()
    for relative, content in wanted.items():
        target = starter / relative
        if not target.exists() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    # A file that left the solution leaves the starter too.
    for path in sorted(starter.rglob("*")):
        relative = path.relative_to(starter)
        if path.is_file() and not _generated(relative) and relative not in wanted:
            path.unlink()
    return starter


def _generated(relative: Path) -> bool:
    """Build and cache output, which belongs to no variant."""
    return bool({"target", "__pycache__", ".pytest_cache"} & set(relative.parts)) or relative.suffix == ".pyc"
