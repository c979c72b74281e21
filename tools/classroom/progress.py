"""The learner's progress: which exercises pass, how many hints were shown.

Kept in ``.exercises.json`` at the repository root (git-ignored, so a
``git pull`` never touches it). ``CLASSROOM_PROGRESS`` points elsewhere.
"""

import json
import os
from pathlib import Path

from classroom.catalog import REPO


def _path() -> Path:
    return Path(os.environ.get("CLASSROOM_PROGRESS", REPO / ".exercises.json"))


class Progress:
    """Read on creation, written after every change."""

    def __init__(self) -> None:
        self.path = _path()
        try:
            self._state: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self._state = {}
        except json.JSONDecodeError:
            # A damaged file must not lock anyone out; keep it beside the new one.
            self.path.replace(self.path.with_suffix(".json.damaged"))
            self._state = {}

    def _entry(self, exercise_id: str) -> dict:
        return self._state.setdefault(exercise_id, {"done": False, "hints": 0})

    def done(self, exercise_id: str) -> bool:
        return self._state.get(exercise_id, {}).get("done", False)

    def hints_shown(self, exercise_id: str) -> int:
        return self._state.get(exercise_id, {}).get("hints", 0)

    def set_done(self, exercise_id: str, done: bool) -> None:
        self._entry(exercise_id)["done"] = done
        self._save()

    def set_hints_shown(self, exercise_id: str, count: int) -> None:
        self._entry(exercise_id)["hints"] = count
        self._save()

    def _save(self) -> None:
        temporary = self.path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(self._state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        temporary.replace(self.path)
