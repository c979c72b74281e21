"""Finding exercises and reading their metadata."""

import os
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from classroom import cut

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (requirements-dev.txt)
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
REQUIRED = ("title", "minutes", "kind", "practises", "chapter", "edit", "teaches", "mistakes")
KINDS = ("python", "rust", "mixed")
VARIANTS = ("work", "starter", "solution")


class ExerciseError(Exception):
    """A learner-facing problem: unknown exercise, locked solution, ..."""


@dataclass(frozen=True)
class Exercise:
    """One exercise folder."""

    path: Path

    @property
    def part(self) -> str:
        """``part3`` for ``part3-ctypes/exercises/...``."""
        return self.path.parents[1].name.split("-")[0]

    @property
    def id(self) -> str:
        """``part3/01-missing-restype``: unique across the repository."""
        return f"{self.part}/{self.path.name}"

    @cached_property
    def meta(self) -> dict:
        with (self.path / "exercise.toml").open("rb") as file:
            meta = tomllib.load(file)
        missing = [key for key in REQUIRED if key not in meta]
        if missing:
            raise ExerciseError(f"{self.id}: exercise.toml lacks {', '.join(missing)}")
        if meta["kind"] not in KINDS:
            raise ExerciseError(f"{self.id}: kind must be one of {', '.join(KINDS)}, not {meta['kind']!r}")
        return meta

    @property
    def title(self) -> str:
        return self.meta["title"]

    def variant(self, name: str) -> Path:
        """The folder a check runs in: ``work`` (the learner's), ``starter`` or ``solution``.

        ``solution/`` is the exercise's one source; ``starter/`` is cut from
        it (``cut.py``) each time it is asked for, and never committed.
        """
        if name not in VARIANTS and not re.fullmatch(r"mistake-\d+", name):
            raise ValueError(f"unknown variant {name!r}")
        if name == "starter" or name.startswith("mistake-"):
            # Cut from the solution each time: never committed, never stale.
            return cut.write_variant(self.path / "solution", self.path / name, self.meta["edit"], name)
        return self.path / name

    def marked_mistakes(self) -> dict[int, str]:
        """The listed mistakes the solution marks as code, by number (1 is
        the first of ``mistakes``), each with the words its failure shows."""
        found: dict[int, str] = {}
        for name in self.meta["edit"]:
            path = self.path / "solution" / name
            found.update(cut.mistakes(path.read_text(encoding="utf-8"), cut.comment_of(path), str(path)))
        return dict(sorted(found.items()))

    def edit_text(self, name: str, variant: str) -> str:
        """An edit file as the starter or the solution has it, markers removed."""
        return cut.edit_text(self.path / "solution", name, variant)

    @property
    def work(self) -> Path:
        return self.variant("work")

    def crate_name(self, variant: str) -> str:
        """The package name in the variant's Cargo.toml (it names cargo's build outputs)."""
        with (self.variant(variant) / "Cargo.toml").open("rb") as file:
            return tomllib.load(file)["package"]["name"]

    def hints(self) -> list[str]:
        """The hints in order, nudge first."""
        text = (self.path / "hints.md").read_text(encoding="utf-8")
        return [part.strip() for part in re.split(r"^## Hint \d+\s*$", text, flags=re.M) if part.strip()]

    def relative(self, path: Path) -> str:
        """``path`` as the learner types it from the repository root."""
        return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def discover(root: Path | None = None) -> list[Exercise]:
    """Every exercise, in part then number order.

    ``CLASSROOM_ROOT`` looks elsewhere: the checker's own tests use a copy, so
    they never touch a learner's work.
    """
    root = root or Path(os.environ.get("CLASSROOM_ROOT", REPO))
    return [Exercise(toml.parent) for toml in sorted(root.glob("part*/exercises/*/exercise.toml"))]


def find(query: str, exercises: list[Exercise]) -> Exercise:
    """The exercise ``query`` names: its id, its folder name, or any unique part of either."""
    for exercise in exercises:
        if query in (exercise.id, exercise.path.name):
            return exercise
    matches = [exercise for exercise in exercises if query in exercise.id]
    if len(matches) == 1:
        return matches[0]
    known = "\n  ".join(exercise.id for exercise in (matches or exercises))
    if matches:
        raise ExerciseError(f"{query!r} matches more than one exercise:\n  {known}")
    raise ExerciseError(f"no exercise matches {query!r}; the exercises are:\n  {known}")
