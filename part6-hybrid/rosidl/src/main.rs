//! `rosidl MSG_FOLDER OUT_FOLDER [--check]`: generates the package's three
//! layers into OUT_FOLDER (`c/` and `py/`), or with `--check` writes
//! nothing and fails if any file there differs from what would be written.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [msg, out] = paths.as_slice() else {
        eprintln!("usage: rosidl MSG_FOLDER OUT_FOLDER [--check]");
        return ExitCode::from(2);
    };
    let (_, files) = match rosidl::generate::package(&PathBuf::from(msg)) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("rosidl: {error}");
            return ExitCode::from(1);
        }
    };
    let out = PathBuf::from(out);
    let mut stale = Vec::new();
    for (name, text) in &files {
        let path = out.join(name);
        if check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(path.display().to_string());
            }
            continue;
        }
        if let Some(parent) = path.parent()
            && let Err(error) = std::fs::create_dir_all(parent)
        {
            eprintln!("rosidl: cannot create {}: {error}", parent.display());
            return ExitCode::from(1);
        }
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str())
            && let Err(error) = std::fs::write(&path, text)
        {
            eprintln!("rosidl: cannot write {}: {error}", path.display());
            return ExitCode::from(1);
        }
    }
    if !stale.is_empty() {
        eprintln!(
            "rosidl: generated files differ from the .msg files (run make generate):\n  {}",
            stale.join("\n  ")
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
