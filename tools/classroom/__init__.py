"""The learner's exercise checker, run as ``./ex`` (``python -m classroom``).

An exercise is a folder under a part, ``partN-*/exercises/NN-name/``:

- ``exercise.toml``  title, minutes, kind, the section it practises, what it
                     teaches, common mistakes, the files the learner edits;
- ``README.md``      the statement (the book includes it);
- ``hints.md``       two or three hints, ``## Hint N`` each, nudge first;
- ``solution/``      the exercise's one source: the files, solved, with the
                     places the starter differs marked (and, optionally, the
                     listed mistakes as code), see ``cut.py``;
- ``starter/``       the files as handed out, a ``TODO`` at each edit point:
                     cut from ``solution/`` by the checker, never committed;
- ``tests/``         what decides pass or fail: ``test_*.py`` run by pytest
                     with the checked folder on ``sys.path``, and/or Rust tests
                     that the folder's ``Cargo.toml`` points at.

The learner edits ``work/``, a git-ignored copy of ``starter/``.
"""
