//! Where processes meet: a directory per domain, and in it a directory per
//! topic holding one file per endpoint.
//!
//! ```text
//! $HYBRID_TRANSPORT_DIR (default $XDG_RUNTIME_DIR/three-layer-stack, else /tmp/three-layer-stack-<uid>)
//!   <domain>/<topic, hashed to 16 hex digits>/
//!     topic                       the topic's name, for people
//!     sub-<pid>-<id>.sock         a subscription's listening socket
//!     sub-<pid>-<id>.type         its type name and hash, one per line
//!     pub-<pid>-<id>.type         a publisher's
//! ```
//!
//! An endpoint whose process is gone leaves its files; whoever finds them
//! removes them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The longest socket path Linux accepts (`sun_path` is 108 bytes with its NUL).
const MAX_SOCKET_PATH: usize = 107;

/// A type as the transport checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeId {
    /// `demo_msgs/msg/DemoStatus`.
    pub name: String,
    /// The hash of its definition.
    pub hash: String,
}

impl std::fmt::Display for TypeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (hash {})",
            self.name,
            &self.hash[..self.hash.len().min(12)]
        )
    }
}

/// One endpoint found in a topic directory.
pub struct Found {
    /// `sub` or `pub`.
    pub kind: String,
    /// The process that made it.
    pub pid: u32,
    /// The file name without its extension: `sub-<pid>-<id>`.
    pub stem: String,
    /// Its type.
    pub type_id: TypeId,
}

/// The root of every domain.
pub fn root() -> PathBuf {
    if let Some(dir) = std::env::var_os("HYBRID_TRANSPORT_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_RUNTIME_DIR") {
        return PathBuf::from(dir).join("three-layer-stack");
    }
    // SAFETY: getuid cannot fail.
    PathBuf::from(format!("/tmp/three-layer-stack-{}", unsafe {
        libc::getuid()
    }))
}

/// A topic's directory, made if needed (readable by this user only).
pub fn topic_dir(domain: &str, topic: &str) -> io::Result<PathBuf> {
    // FNV-1a: a short, stable directory name for any topic name.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in topic.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
    }
    let dir = root().join(domain).join(format!("{hash:016x}"));
    fs::create_dir_all(&dir)?;
    let _ = set_private(&root());
    let name = dir.join("topic");
    if !name.exists() {
        fs::write(&name, topic)?;
    }
    Ok(dir)
}

fn set_private(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o700))
}

/// The socket path of an endpoint, refused if too long for the kernel.
pub fn socket_path(dir: &Path, stem: &str) -> io::Result<PathBuf> {
    let path = dir.join(format!("{stem}.sock"));
    if path.as_os_str().len() > MAX_SOCKET_PATH {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "socket path {} is longer than {MAX_SOCKET_PATH} bytes: set HYBRID_TRANSPORT_DIR to a shorter directory",
                path.display()
            ),
        ));
    }
    Ok(path)
}

/// Records an endpoint's type (written whole, then renamed into place, so a
/// reader never sees half of it).
pub fn write_type(dir: &Path, stem: &str, type_id: &TypeId) -> io::Result<()> {
    let temporary = dir.join(format!(".{stem}.type"));
    fs::write(&temporary, format!("{}\n{}\n", type_id.name, type_id.hash))?;
    fs::rename(&temporary, dir.join(format!("{stem}.type")))
}

/// Removes an endpoint's files.
pub fn remove(dir: &Path, stem: &str) {
    let _ = fs::remove_file(dir.join(format!("{stem}.sock")));
    let _ = fs::remove_file(dir.join(format!("{stem}.type")));
}

/// Whether process `pid` is alive.
pub fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 checks for existence and permission only.
    unsafe {
        libc::kill(pid, 0) == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
}

/// The endpoints recorded in `dir` whose processes are alive (others' files are removed).
pub fn endpoints(dir: &Path) -> Vec<Found> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".type") else {
            continue;
        };
        if stem.starts_with('.') {
            continue;
        }
        let mut parts = stem.splitn(3, '-');
        let (Some(kind), Some(pid), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if !alive(pid) {
            remove(dir, stem);
            continue;
        }
        let Ok(text) = fs::read_to_string(entry.path()) else {
            continue;
        };
        let mut lines = text.lines();
        let (Some(type_name), Some(hash)) = (lines.next(), lines.next()) else {
            continue;
        };
        found.push(Found {
            kind: kind.to_owned(),
            pid,
            stem: stem.to_owned(),
            type_id: TypeId {
                name: type_name.to_owned(),
                hash: hash.to_owned(),
            },
        });
    }
    found
}
