//! Compiles Part I's C yardstick (`c/add_in_c.c`, `add` written in C) into
//! the module with the `cc` crate, against the headers of the Python that
//! pyo3 builds for: `$PYO3_PYTHON` (maturin sets it), else `python3`.

fn main() {
    println!("cargo:rerun-if-changed=c");
    let include = python_headers::include_dir().unwrap_or_else(|| {
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
