//! Compiles Part I's C yardstick (`c/add_in_c.c`, `add` written in C) into
//! the module with the `cc` crate, against the headers of the Python that
//! pyo3 builds for: `$PYO3_PYTHON` (maturin sets it), else `python3`.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=c");
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
    let include = python_include().unwrap_or_else(|| {
        panic!("Part I's C yardstick needs Python's headers: set PYO3_PYTHON to a Python that has Python.h")
    });
    cc::Build::new()
        .file("c/add_in_c.c")
        .include(include)
        .std("c11")
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile("add_in_c");
}

/// Python's include directory, where Python.h is, if it is there.
fn python_include() -> Option<PathBuf> {
    let python = std::env::var("PYO3_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let output = Command::new(python)
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['include'])",
        ])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    path.join("Python.h").exists().then_some(path)
}
