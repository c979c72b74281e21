"""Markdown the book includes, written from each ``exercise.toml``.

The book cannot drift from the exercises: the instructor notes (minutes,
what each teaches, common mistakes) and each part's table of exercises are
produced by ``./ex instructor`` and ``./ex table PART`` at build time. An
exercise's book page is ``book/src/<part>/exercises/<folder>.md``.
"""

import posixpath
from itertools import groupby

from classroom.catalog import Exercise


def page(exercise: Exercise) -> str:
    """The exercise's book page, relative to ``book/src``."""
    return f"{exercise.part}/exercises/{exercise.path.name}.md"


def _link(target: str, from_dir: str) -> str:
    return posixpath.relpath(target, from_dir)


def _row(exercise: Exercise, from_dir: str) -> str:
    meta = exercise.meta
    name = f"[{exercise.id}: {meta['title']}]({_link(page(exercise), from_dir)})"
    practises = f"[{meta['practises']}]({_link(meta['chapter'], from_dir)})"
    return f"| {name} | {meta['kind']} | {meta['minutes']} | {practises} |"


HEADER = ["| Exercise | Kind | Minutes | Practises |", "|---|---|---:|---|"]


def part_table(exercises: list[Exercise], part: str) -> str:
    """The table at the end of a part's chapter (``book/src/<part>/README.md``)."""
    rows = [_row(e, part) for e in exercises if e.part == part]
    return "\n".join(HEADER + rows) + "\n"


def markdown(exercises: list[Exercise]) -> str:
    """The instructor page (``book/src/exercises/instructor.md``)."""
    lines = HEADER + [_row(e, "exercises") for e in exercises]
    for part, group in groupby(exercises, key=lambda e: e.part):
        lines.append(f"\n{part}: about {sum(e.meta['minutes'] for e in group)} minutes in all.")
    for exercise in exercises:
        meta = exercise.meta
        lines += ["", f"## `{exercise.id}`: {meta['title']}", "", f"*{meta['kind']}, about {meta['minutes']} minutes.*"]
        lines += ["", f"**Teaches.** {meta['teaches']}", "", "**Common mistakes.**", ""]
        lines += [f"- {mistake}" for mistake in meta["mistakes"]]
        if meta.get("unseen"):
            lines += [
                "",
                "**Not caught by any test here** (a misreading, or invisible on x86-64 Linux): say them in class.",
                "",
            ]
            lines += [f"- {mistake}" for mistake in meta["unseen"]]
    return "\n".join(lines) + "\n"
