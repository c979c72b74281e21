"""The instructor notes: per exercise, minutes, what it teaches, common mistakes.

Written from each ``exercise.toml``, so the book's page cannot drift from
the exercises. Links are relative to ``book/src/exercises/``.
"""

from itertools import groupby

from classroom.catalog import Exercise


def markdown(exercises: list[Exercise]) -> str:
    lines = ["| Exercise | Kind | Minutes | Practises |", "|---|---|---:|---|"]
    for exercise in exercises:
        meta = exercise.meta
        lines.append(
            f"| `{exercise.id}` | {meta['kind']} | {meta['minutes']} | [{meta['practises']}](../{meta['chapter']}) |"
        )
    for part, group in groupby(exercises, key=lambda e: e.part):
        minutes = sum(e.meta["minutes"] for e in group)
        lines.append(f"\n{part}: about {minutes} minutes in all.")
    for exercise in exercises:
        meta = exercise.meta
        lines += [
            "",
            f"### `{exercise.id}`: {meta['title']}",
            "",
            f"*{meta['kind']}, about {meta['minutes']} minutes.*",
        ]
        lines += ["", f"**Teaches.** {meta['teaches']}", "", "**Common mistakes.**", ""]
        lines += [f"- {mistake}" for mistake in meta["mistakes"]]
    return "\n".join(lines) + "\n"
