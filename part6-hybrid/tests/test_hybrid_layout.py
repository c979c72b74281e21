"""The generated C structs' layout, two witnesses (Part IV's method): the C
compiler, reading the generated headers, and a ctypes mirror built by a
generic tool from nothing but the class's get_fields_and_field_types()."""

import ctypes
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from demo_msgs.msg import DemoStatus, Reading

PART = Path(__file__).resolve().parents[1]
PRIMITIVES = {
    "bool": ctypes.c_bool,
    "byte": ctypes.c_uint8,
    "char": ctypes.c_uint8,
    "int8": ctypes.c_int8,
    "uint8": ctypes.c_uint8,
    "int16": ctypes.c_int16,
    "uint16": ctypes.c_uint16,
    "int32": ctypes.c_int32,
    "uint32": ctypes.c_uint32,
    "int64": ctypes.c_int64,
    "uint64": ctypes.c_uint64,
    "float32": ctypes.c_float,
    "float64": ctypes.c_double,
}
CLASSES = {"demo_msgs/Reading": Reading, "demo_msgs/DemoStatus": DemoStatus}


def three_words(element):
    """A string or a sequence: pointer, size, capacity."""

    class Sequence(ctypes.Structure):
        _fields_ = [("data", ctypes.POINTER(element)), ("size", ctypes.c_size_t), ("capacity", ctypes.c_size_t)]

    return Sequence


def element_type(text: str):
    if text in PRIMITIVES:
        return PRIMITIVES[text]
    if text == "string" or text.startswith("string<="):
        return three_words(ctypes.c_char)
    return mirror(CLASSES[text])


def ctype_of(text: str):
    if found := re.fullmatch(r"sequence<([^,>]+)(?:, \d+)?>", text):
        return three_words(element_type(found[1]))
    if found := re.fullmatch(r"(.+)\[(\d+)\]", text):
        return element_type(found[1]) * int(found[2])
    return element_type(text)


def mirror(cls):
    """A ctypes Structure for `cls`, from its field names and type strings alone."""
    return type(
        cls.__name__,
        (ctypes.Structure,),
        {"_fields_": [(name, ctype_of(text)) for name, text in cls.get_fields_and_field_types().items()]},
    )


def compiled_layout(cls, tmp_path) -> dict[str, tuple[int, int]]:
    """{field: (offset, size)} and the struct's size, as the C compiler lays out the generated header."""
    c_type = f"demo_msgs__msg__{cls.__name__}"
    header = re.sub(r"(?<!^)([A-Z])", r"_\1", cls.__name__).lower()
    lines = [
        f'printf("%s %zu %zu\\n", "{name}", offsetof({c_type}, {name}), sizeof(((({c_type} *)0)->{name})));'
        for name in cls.get_fields_and_field_types()
    ]
    source = tmp_path / "layout.c"
    source.write_text(
        f'#include <stddef.h>\n#include <stdio.h>\n#include "demo_msgs/msg/{header}.h"\n'
        f'int main(void) {{\n{chr(10).join(lines)}\nprintf("sizeof %zu 0\\n", sizeof({c_type}));\nreturn 0;\n}}\n'
    )
    binary = tmp_path / "layout"
    cc = shutil.which("cc") or shutil.which("gcc")
    subprocess.run(
        [
            cc,
            "-std=c11",
            "-Wall",
            "-Werror",
            "-I",
            str(PART / "include"),
            "-I",
            str(PART / "generated" / "c"),
            str(source),
            "-o",
            str(binary),
        ],
        check=True,
    )
    out = subprocess.run([str(binary)], capture_output=True, text=True, check=True).stdout
    return {name: (int(offset), int(size)) for name, offset, size in (line.split() for line in out.splitlines())}


@pytest.mark.skipif(not (shutil.which("cc") or shutil.which("gcc")), reason="needs a C compiler")
@pytest.mark.parametrize("cls", [Reading, DemoStatus], ids=lambda c: c.__name__)
def test_the_compiler_and_a_mirror_from_the_field_types_agree(cls, tmp_path):
    compiled = compiled_layout(cls, tmp_path)
    structure = mirror(cls)
    mirrored = {
        name: (getattr(structure, name).offset, getattr(structure, name).size)
        for name in cls.get_fields_and_field_types()
    }
    mirrored["sizeof"] = (ctypes.sizeof(structure), 0)
    assert mirrored == compiled
