//! Compiles the generated C with the `cc` crate into two shared libraries.
//!
//! `cc` finds the C compiler and its flags (as for any `-sys` crate); it
//! makes static archives only, so the shared libraries are linked with the
//! same compiler through `cc::Build::get_compiler()`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let part = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("..");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let include = part.join("include");
    let generated = part.join("generated").join("c");
    let mut layer3: Vec<PathBuf> = vec![part.join("c").join("hybrid_runtime.c")];
    let messages = generated.join("demo_msgs").join("msg");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&messages)
        .expect("generated/c/demo_msgs/msg exists (make generate)")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "c"))
        .collect();
    entries.sort();
    layer3.extend(entries);
    for path in [&include, &generated, &part.join("c")] {
        println!("cargo:rerun-if-changed={}", path.display());
    }

    // Layer 3: C only, checked with every warning a careful C user turns on.
    let library = out.join("libdemo_msgs__c.so");
    let flags = [
        "-std=c11", "-Wall", "-Wextra", "-Werror", "-fPIC", "-shared",
    ];
    link(&flags, &[&include, &generated], &layer3, &[], &library);

    // Layer 2: the typesupport extension, against Python's headers.
    let extension = out.join("_demo_msgs_s.abi3.so");
    match python_headers::include_dir() {
        Some(python) => {
            let origin = "-Wl,-rpath,$ORIGIN".to_owned();
            let libs = [
                "-L".to_owned() + &out.display().to_string(),
                "-ldemo_msgs__c".to_owned(),
                origin,
            ];
            let source = generated.join("_demo_msgs_s.c");
            link(
                &flags,
                &[&include, &generated, &python],
                &[source],
                &libs,
                &extension,
            );
        }
        None => println!(
            "cargo:warning=no Python.h found (set PYO3_PYTHON to a Python with headers): _demo_msgs_s is not built"
        ),
    }

    // Beside cargo's own outputs: target/<profile>/ is OUT_DIR's fourth parent.
    if let Some(profile_dir) = out.ancestors().nth(3) {
        for built in [&library, &extension] {
            if built.exists() {
                let name = built.file_name().expect("a file");
                std::fs::copy(built, profile_dir.join(name)).expect("copy beside cargo's outputs");
            }
        }
    }
}

fn link(flags: &[&str], includes: &[&Path], sources: &[PathBuf], libs: &[String], output: &Path) {
    let compiler = cc::Build::new().get_compiler();
    let mut command: Command = compiler.to_command();
    command.args(flags);
    for include in includes {
        command.arg("-I").arg(include);
    }
    command.args(sources).args(libs).arg("-o").arg(output);
    let status = command.status().expect("run the C compiler");
    assert!(status.success(), "the C compiler failed: {command:?}");
}
