//! Where Python.h is, for a build script that compiles C against it.
//!
//! Two build scripts need this (Part I's C yardstick, Part VI's typesupport
//! extension). Both ask the same interpreter pyo3 builds for: `$PYO3_PYTHON`
//! (the Makefile exports the venv's interpreter; maturin sets it too), else
//! `python3`. One variable, so the C and the Rust of a module can never be
//! built against two different Pythons.

use std::path::PathBuf;
use std::process::Command;

/// The variable that names the interpreter (pyo3's own).
pub const VARIABLE: &str = "PYO3_PYTHON";

/// Python's include directory if it holds Python.h; `None` if the
/// interpreter cannot be run or ships without headers.
///
/// Also tells cargo to rerun the build script when the variable changes.
pub fn include_dir() -> Option<PathBuf> {
    println!("cargo:rerun-if-env-changed={VARIABLE}");
    let python = std::env::var(VARIABLE).unwrap_or_else(|_| "python3".to_owned());
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
