"""The generator: every bad .msg input is one clear error at the right
place and writes nothing; the committed outputs are exactly what the .msg
files generate."""

import subprocess
from pathlib import Path

import pytest

PART = Path(__file__).resolve().parents[1]
ROSIDL = PART.parent / "target" / "release" / "rosidl"


def generate(folder: Path, out: Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROSIDL), str(folder), str(out), *flags], capture_output=True, text=True, timeout=60)


def package(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "pkg"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_committed_outputs_are_what_the_msg_files_generate():
    done = generate(PART / "msg" / "demo_msgs", PART / "generated", "--check")
    assert done.returncode == 0, done.stderr


def test_a_changed_output_is_caught(tmp_path):
    out = tmp_path / "out"
    assert generate(PART / "msg" / "demo_msgs", out).returncode == 0
    header = out / "c" / "demo_msgs" / "msg" / "reading.h"
    header.write_text(header.read_text() + "/* edited by hand */\n")
    done = generate(PART / "msg" / "demo_msgs", out, "--check")
    assert done.returncode == 1 and "reading.h" in done.stderr


BAD = [
    ({"A.msg": "flot32 x\n"}, "A.msg:1:1: unknown type 'flot32'"),
    ({"A.msg": "int32 x\nstring<=0 name\n"}, "A.msg:2:9: expected a size from 1 to 16777216, not '0'"),
    ({"A.msg": "int32[<=abc] xs\n"}, "A.msg:1:9: expected a size from 1 to 16777216, not 'abc'"),
    ({"A.msg": "int32[3 xs\n"}, "A.msg:1:6: expected ']' to close the array or sequence"),
    ({"A.msg": "int32 x\nint32 x\n"}, "A.msg:2:7: duplicate field 'x'"),
    ({"A.msg": "int32 Count\n"}, "A.msg:1:7: expected a field name in lower case (node_name), not 'Count'"),
    ({"A.msg": "int32\n"}, "A.msg:1:6: expected a field name after the type"),
    ({"A.msg": "uint8 level 300\n"}, "A.msg:1:13: bad default for 'level': 300 is out of range for uint8 (0 to 255)"),
    ({"A.msg": "bool on 3\n"}, "A.msg:1:9: bad default for 'on': bool needs true or false"),
    ({"A.msg": "int32[2] xs [1, 2, 3]\n"}, "bad default for 'xs': the array holds exactly 2 values, not 3"),
    ({"A.msg": 'string<=3 s "long"\n'}, "bad default for 's': 4 bytes, more than the bound 3"),
    (
        {"A.msg": "uint8 MAX=256\n"},
        "A.msg:1:11: bad value for constant 'MAX': 256 is out of range for uint8 (0 to 255)",
    ),
    ({"A.msg": "int32[2] MAX=1\n"}, "a constant must be a primitive or a string"),
    ({"A.msg": "uint8 max=1\n"}, "expected a constant name in capitals"),
    ({"A.msg": "Missing m\n"}, "A.msg:1:1: unknown message type 'Missing': package pkg has A"),
    ({"A.msg": "other_pkg/B b\n"}, "unknown message type 'other_pkg/B'"),
    ({"A.msg": "B b\n", "B.msg": "A[] a\n"}, "a message cannot contain itself: A -> B -> A"),
    ({"A.msg": "A[<=2] children\n"}, "A.msg:1:1: a message cannot contain itself: A -> A"),
    ({"lower.msg": "int32 x\n"}, "the file name must be a message name"),
]


@pytest.mark.parametrize(("files", "error"), BAD, ids=[error[:40] for _, error in BAD])
def test_a_bad_input_is_one_error_at_its_place_and_writes_nothing(tmp_path, files, error):
    out = tmp_path / "out"
    done = generate(package(tmp_path, files), out)
    assert done.returncode == 1
    assert error in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, "one error, one line"
    assert "panicked" not in done.stderr
    assert not out.exists(), "nothing written"


def test_a_type_hash_changes_with_the_definition_and_with_what_it_nests(tmp_path):
    def hashes(files):
        # The same package name each time (it is part of the hash).
        run = tmp_path / str(len(list(tmp_path.iterdir())))
        out, folder = run / "out", run / "pkg"
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text)
        assert generate(folder, out).returncode == 0
        found = {}
        for header in (out / "c").rglob("*.h"):
            for line in header.read_text().splitlines():
                if "__TYPE_HASH" in line:
                    found[header.stem] = line.split()[-1]
        return found

    base = hashes({"A.msg": "B b\n", "B.msg": "int32 x\n"})
    renamed = hashes({"A.msg": "B b\n", "B.msg": "int32 y\n"})
    comment = hashes({"A.msg": "B b  # a comment changes nothing\n", "B.msg": "int32 x\n"})
    assert renamed["b"] != base["b"] and renamed["a"] != base["a"], "a change in B changes A's hash too"
    assert comment == base
