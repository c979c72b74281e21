"""The C clients: Parts IV and V used from C, as their headers describe them.

`part4-structs/tests/c/structs_client.c` and
`part5-handles/tests/c/handles_client.c` were written from `structs.h` and
`handles.h` alone, one check per sentence of the header. Each is compiled
twice, with the flags a careful C user would use, and run:

- plainly (`-std=c11 -Wall -Wextra -Werror -pedantic`);
- under AddressSanitizer and UndefinedBehaviorSanitizer, when the compiler
  has them (else the test is skipped and says why): a buffer overrun, a use
  after free or a leak anywhere in the client's use of the library fails.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / "target" / "release"
CLIENTS = {
    "structs": (ROOT / "part4-structs" / "tests" / "c" / "structs_client.c", "part4-structs/include", "structs"),
    "handles": (ROOT / "part5-handles" / "tests" / "c" / "handles_client.c", "part5-handles/include", "handles"),
}
STRICT = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic"]
SANITIZE = ["-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]
COMPILER = os.environ.get("CC") or shutil.which("cc") or "cc"


def build(name: str, flags: list[str], out: Path) -> Path:
    source, include, library = CLIENTS[name]
    if not (RELEASE / f"lib{library}.so").exists():
        pytest.fail(f"{RELEASE}/lib{library}.so is missing: run `make build` first")
    command = [
        COMPILER,
        *flags,
        "-I",
        str(ROOT / "tests" / "c"),
        "-I",
        str(ROOT / include),
        str(source),
        "-L",
        str(RELEASE),
        f"-l{library}",
        f"-Wl,-rpath,{RELEASE}",
        "-pthread",
        "-lm",
        "-o",
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stderr}"
    return out


def run(program: Path) -> str:
    env = {
        **os.environ,
        "ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0",
        "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1",
    }
    done = subprocess.run([str(program)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, f"{program.name} exited {done.returncode}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    assert done.stderr == "", f"{program.name} wrote to stderr (a sanitizer report?):\n{done.stderr[-3000:]}"
    last = done.stdout.strip().splitlines()[-1]
    assert last.endswith(" 0 failed"), done.stdout
    return last


def sanitizers_available(tmp: Path) -> str | None:
    """None if the compiler can build and run a sanitized program, else why not."""
    probe = tmp / "probe.c"
    probe.write_text("int main(void) { return 0; }\n")
    done = subprocess.run([COMPILER, *SANITIZE, str(probe), "-o", str(tmp / "probe")], capture_output=True, text=True)
    if done.returncode != 0:
        return f"{COMPILER} cannot build with {' '.join(SANITIZE[1:2])}: {done.stderr.strip()[:200]}"
    if subprocess.run([str(tmp / "probe")], capture_output=True).returncode != 0:
        return "a sanitized program does not run here"
    return None


@pytest.mark.parametrize("name", list(CLIENTS))
def test_c_client(name, tmp_path):
    summary = run(build(name, STRICT, tmp_path / f"{name}_client"))
    assert summary.startswith(f"{name}_client: ")


@pytest.mark.parametrize("name", list(CLIENTS))
def test_c_client_under_sanitizers(name, tmp_path):
    why = sanitizers_available(tmp_path)
    if why:
        pytest.skip(f"sanitizer build skipped: {why}")
    run(build(name, [*STRICT, *SANITIZE], tmp_path / f"{name}_client_asan"))
