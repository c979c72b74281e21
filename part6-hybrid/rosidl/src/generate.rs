//! A package folder of `.msg` files in, every generated file out, as
//! (path, text) pairs: nothing is written until every file has parsed and
//! the package has resolved, so a bad input never leaves half an output.

use std::path::Path;

use crate::ir::{Error, Location};
use crate::resolve::{Package, resolve};
use crate::{emit_c, emit_ext, emit_py, parse};

/// Where the C outputs (Layers 3 and 2) go, under the output folder.
pub const C_DIR: &str = "c";
/// Where the Python package (Layer 1) goes.
pub const PY_DIR: &str = "py";

/// Reads `folder` (named after its package) and generates everything.
pub fn package(folder: &Path) -> Result<(Package, Vec<(String, String)>), Error> {
    let name = folder
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .map_err(|error| io_error(folder, &error))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "msg"))
        .collect();
    entries.sort();
    let mut parsed = Vec::new();
    for path in entries {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|error| io_error(&path, &error))?;
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        parsed.push((file.clone(), parse::parse(&file, &name, stem, &text)?));
    }
    let package = resolve(&name, parsed)?;
    Ok((package.clone(), outputs(&package)))
}

/// Every output of a resolved package.
pub fn outputs(package: &Package) -> Vec<(String, String)> {
    let p = &package.name;
    let mut files = Vec::new();
    for message in &package.messages {
        for (name, text) in emit_c::files(package, message) {
            files.push((format!("{C_DIR}/{p}/msg/{name}"), text));
        }
    }
    let (name, text) = emit_ext::file(package);
    files.push((format!("{C_DIR}/{name}"), text));
    for (name, text) in emit_py::files(package) {
        files.push((format!("{PY_DIR}/{name}"), text));
    }
    files
}

fn io_error(path: &Path, error: &std::io::Error) -> Error {
    Error {
        at: Location {
            file: path.display().to_string(),
            line: 0,
            column: 0,
        },
        message: format!("cannot read it: {error}"),
    }
}
