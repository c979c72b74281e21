"""Building and testing one variant of an exercise.

Rust is built first, on its own, so that a compile error is reported as
such rather than as a failing test. Every variant has its own cargo target
directory under ``target/exercises/``: dependencies are built once per
variant and reused by every later check, and two variants of one crate
never overwrite each other's library.
"""

import json
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from classroom.catalog import REPO, Exercise

TEST_TIMEOUT = 180  # seconds; an endless loop in the learner's code must end


@dataclass
class Outcome:
    """What a check found. ``stage`` is where it stopped: build, test or done."""

    passed: bool
    stage: str
    output: str = ""
    summary: str = ""
    crashed: bool = False  # the test process was killed by a signal


def run(
    exercise: Exercise, variant: str, *, locked: bool = False, first_failure: bool = False, verbose: bool = False
) -> Outcome:
    """Build ``exercise``'s ``variant`` folder if it is a crate, then run its tests.

    ``first_failure`` stops pytest at the first failing test: one clear
    expectation for a learner, rather than a screen of related failures.
    ``verbose`` shows pytest's whole comparison (``./ex check NAME -v``).
    """
    folder = exercise.variant(variant)
    env = _environment(exercise, folder)
    # Every mistake builds in one target directory of their own: dependencies
    # built once for all of them, and never a mistake's library where the
    # solution's is looked for.
    target = REPO / "target" / "exercises" / ("mistake" if variant.startswith("mistake-") else variant)
    if (folder / "Cargo.toml").exists():
        built = _cargo_build(folder, target, env, locked)
        if isinstance(built, Outcome):
            return built
        if built:
            env["EXERCISE_CDYLIB"] = str(built)
    outcomes = []
    if list((exercise.path / "tests").glob("*.rs")):
        # --test '*': the exercise's tests only, not the empty unit-test harness of the library.
        command = ["cargo", "test", "--quiet", "--test", "*", "--manifest-path", str(folder / "Cargo.toml")]
        command += ["--target-dir", str(target)]
        outcomes.append(_test(command + (["--locked"] if locked else []), env, "cargo test"))
    if list((exercise.path / "tests").glob("test_*.py")):
        command = [sys.executable, "-m", "pytest", str(exercise.path / "tests")]
        command += ["-q", "--tb=short", "--no-header", "-p", "no:cacheprovider", "-o", "addopts="]
        # Capture at the sys level, not the file-descriptor level: what native
        # code writes to fd 2 (a Rust panic message before an abort) then
        # reaches us even when the process dies before pytest can print it.
        command += ["--capture=sys"]
        command += ["--exitfirst"] if first_failure else []
        command += ["-vv"] if verbose else []
        outcomes.append(_test(command, env, "pytest"))
    if not outcomes:
        return Outcome(False, "build", summary=f"{exercise.id} has no tests: a bug in the exercise")
    failed = [outcome for outcome in outcomes if not outcome.passed]
    if failed:
        failed[0].output = in_checker_terms(failed[0].output, exercise.id)
        return failed[0]
    return Outcome(True, "done", "\n".join(o.output for o in outcomes), outcomes[-1].summary)


# Advice the tools print that does not apply through the checker: it sets
# RUST_BACKTRACE itself and reruns the tests itself; its own -v shows more.
NOT_FOR_THE_CHECKER = re.compile(
    r"^(note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace"
    r"|error: test failed, to rerun pass `--test \S+`)\s*$",
    re.MULTILINE,
)
PYTEST_MORE = re.compile(
    r"(Use -v to get more diff|\.\.\.Full output truncated(?: \(\d+ lines hidden\))?, use '-vv' to show"
    r"|use -vv? to show)"
)


def in_checker_terms(output: str, exercise_id: str) -> str:
    """A tool's output with its advice put the checker's way."""
    output = NOT_FOR_THE_CHECKER.sub("", output)
    output = PYTEST_MORE.sub(f"(./ex check {exercise_id} -v shows all of it)", output)
    return re.sub(r"\n{3,}", "\n\n", output)


def built_before(exercise: Exercise, variant: str) -> bool:
    """Whether cargo has built this variant's crate before (its dependencies are then built too)."""
    name = exercise.crate_name(variant)
    return any((REPO / "target" / "exercises" / variant / "debug" / ".fingerprint").glob(f"{name}-*"))


def _environment(exercise: Exercise, folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The learner's modules come first on the path; no .pyc files in their folders.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["EXERCISE_DIR"] = str(folder)
    env.setdefault("PART3_SCALARS_LIB", str(REPO / "target" / "release" / "libscalars.so"))
    env["RUST_BACKTRACE"] = "0"  # a failing assertion, not forty frames of test harness
    env.setdefault("CARGO_TERM_COLOR", "never")
    return env


def _cargo_build(folder: Path, target: Path, env: dict, locked: bool) -> Outcome | Path | None:
    """Builds every target; returns the crate's C library (if it makes one) or a failed Outcome."""
    command = ["cargo", "build", "--all-targets", "--message-format=json-render-diagnostics"]
    command += ["--manifest-path", str(folder / "Cargo.toml"), "--target-dir", str(target)]
    if locked:
        command.append("--locked")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        errors = "\n".join(line for line in done.stderr.splitlines() if not _is_progress(line))
        return Outcome(False, "build", errors.strip(), "the Rust code does not compile")
    own = (folder / "Cargo.toml").resolve()
    for line in done.stdout.splitlines():
        message = json.loads(line)
        # The crate's own library: a dependency may be a cdylib too (an
        # exercise built on the mini-ctypes library is).
        if message.get("reason") != "compiler-artifact" or Path(message["manifest_path"]).resolve() != own:
            continue
        if "cdylib" in message["target"]["kind"]:
            libraries = [f for f in message["filenames"] if f.endswith((".so", ".dylib", ".dll"))]
            if libraries and not message["profile"]["test"]:
                return Path(libraries[0])
    return None


def _is_progress(line: str) -> bool:
    """cargo's status lines, which are noise next to a compile error."""
    progress = ("Compiling", "Blocking", "Updating", "Locking", "Downloaded", "Downloading", "warning: build failed")
    return line.strip().startswith(progress)


def _test(command: list[str], env: dict, tool: str) -> Outcome:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=TEST_TIMEOUT)
    except subprocess.TimeoutExpired as expired:
        # TimeoutExpired carries bytes even when text=True was asked for.
        output = expired.stdout.decode(errors="replace") if isinstance(expired.stdout, bytes) else ""
        return Outcome(False, "test", output, f"{tool} did not finish in {TEST_TIMEOUT} s: an endless loop?")
    output = (done.stdout + done.stderr).strip()
    if done.returncode < 0:
        return _crash(tool, signal.Signals(-done.returncode).name, output)
    summary = _summary(output, tool)
    if done.returncode == 0:
        return Outcome(True, "done", output, summary)
    if tool == "pytest" and done.returncode != 1:
        # 2-5: interrupted, internal error, usage error, no tests collected.
        return Outcome(False, "build", output, f"pytest could not run the tests (exit code {done.returncode})")
    return Outcome(False, "test", output, summary)


def _summary(output: str, tool: str) -> str:
    """pytest's last line ('3 failed, 1 passed in 0.8s') or cargo's 'test result:' lines."""
    lines = output.splitlines()
    if tool == "pytest":
        return lines[-1].strip("= ") if lines else ""
    results = [line.split(";")[:2] for line in lines if line.startswith("test result:")]
    return ", ".join(";".join(result).removeprefix("test result: ") for result in results)


# Rust's default panic message: "thread 'main' (1234) panicked at src/lib.rs:109:20:" then the message.
PANIC = re.compile(r"^thread '[^']*'(?: \(\d+\))? panicked at (?P<where>\S+):\n(?P<message>.+)$", re.MULTILINE)
# faulthandler's frames: 'File "/…/tests/test_*.py", line 41 in test_name'.
TEST_FRAME = re.compile(
    r'^\s*File "(?P<file>[^"]*/tests/test_[^"]*\.py)", line (?P<line>\d+) in (?P<test>\w+)$', re.MULTILINE
)


def _crash(tool: str, signal_name: str, output: str) -> Outcome:
    """A test process killed by a signal: say why, in a few lines a learner can act on.

    The full output (pytest internals, forty frames of faulthandler) hides the
    cause; what matters is the panic message and place, if Rust panicked, and
    the test that was running.
    """
    lines = []
    panic = PANIC.search(output)
    if panic:
        summary = f"{tool} crashed with {signal_name}: your Rust code panicked"
        lines.append(f"Rust panicked at {panic['where']}:\n    {panic['message']}")
        lines.append('A panic cannot unwind through `extern "C"`, so the process aborted.')
    else:
        summary = f"{tool} crashed with {signal_name}"
        lines.append("No Rust panic message: look for a wrong pointer, a wrong type or a")
        lines.append("reference count at the C boundary.")
    frames = [match for match in TEST_FRAME.finditer(output)]
    if frames:
        frame = frames[0]
        lines.append(f"The test running: {frame['test']} ({Path(frame['file']).name}, line {frame['line']})")
    if not panic and not frames:
        lines.append(output)
    return Outcome(False, "test", "\n".join(lines), summary, crashed=True)
