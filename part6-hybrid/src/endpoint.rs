//! Publishers and subscriptions: what the C functions act on.
//!
//! Within one process a publisher hands each message straight to the
//! subscriptions of its topic (the intra-process path: a copy into their
//! queues, no socket). Between processes it connects to each subscription's
//! socket it finds in the topic directory and sends frames; the
//! subscription's threads read them into its queue.

use std::collections::HashMap;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, SystemTime};

use crate::directory::{self, TypeId};
use crate::queue::KeepLast;
use crate::wire;

/// Why an endpoint operation failed.
pub enum Failure {
    /// The topic carries another type; the message names both.
    Mismatch(String),
    /// The operating system refused.
    Io(String),
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The subscriptions of this process, by (domain, topic): the intra-process path.
static LOCAL: Mutex<Vec<Local>> = Mutex::new(Vec::new());

struct Local {
    domain: String,
    topic: String,
    type_id: TypeId,
    /// A publisher's entry has no queue.
    queue: Option<Weak<KeepLast>>,
    id: u64,
}

/// Refuses `type_id` on `topic` if an endpoint of this process or of a live
/// other one uses another type there.
fn check_topic(
    domain: &str,
    topic: &str,
    dir: &std::path::Path,
    type_id: &TypeId,
) -> Result<(), Failure> {
    let mismatch = |other: &TypeId, whose: &str| {
        Failure::Mismatch(format!(
            "topic '{topic}' carries {other} ({whose}), not {type_id}"
        ))
    };
    for local in lock(&LOCAL).iter() {
        if local.domain == domain && local.topic == topic && local.type_id != *type_id {
            return Err(mismatch(&local.type_id, "in this process"));
        }
    }
    for found in directory::endpoints(dir) {
        if found.type_id != *type_id {
            return Err(mismatch(&found.type_id, &format!("process {}", found.pid)));
        }
    }
    Ok(())
}

fn unregister(id: u64) {
    lock(&LOCAL).retain(|local| local.id != id);
}

// ---------------------------------------------------------------- publisher

/// A publisher: its topic, its type, and its connections to other processes' subscriptions.
pub struct Publisher {
    domain: String,
    topic: String,
    dir: PathBuf,
    stem: String,
    type_id: TypeId,
    id: u64,
    remote: Mutex<Remote>,
}

#[derive(Default)]
struct Remote {
    /// When the topic directory was last read (it changes when endpoints come and go).
    seen: Option<SystemTime>,
    /// Open connections, by the subscription's file stem.
    connections: HashMap<String, UnixStream>,
}

impl Publisher {
    /// Checks the topic's type and records this publisher.
    pub fn new(domain: &str, topic: &str, type_id: TypeId, id: u64) -> Result<Self, Failure> {
        let dir = directory::topic_dir(domain, topic).map_err(|e| Failure::Io(e.to_string()))?;
        check_topic(domain, topic, &dir, &type_id)?;
        let stem = format!("pub-{}-{id}", std::process::id());
        directory::write_type(&dir, &stem, &type_id).map_err(|e| Failure::Io(e.to_string()))?;
        lock(&LOCAL).push(Local {
            domain: domain.to_owned(),
            topic: topic.to_owned(),
            type_id: type_id.clone(),
            queue: None,
            id,
        });
        Ok(Self {
            domain: domain.to_owned(),
            topic: topic.to_owned(),
            dir,
            stem,
            type_id,
            id,
            remote: Mutex::default(),
        })
    }

    /// Sends one message to every subscription of the topic.
    pub fn publish(&self, message: &[u8]) -> Result<(), Failure> {
        // Check every new remote subscription before anything is sent: a
        // mismatch sends nothing to anybody.
        let mut remote = lock(&self.remote);
        self.connect_new(&mut remote)?;
        // This process's subscriptions: a copy into each queue.
        let queues: Vec<Arc<KeepLast>> = lock(&LOCAL)
            .iter()
            .filter(|local| local.domain == self.domain && local.topic == self.topic)
            .filter_map(|local| local.queue.as_ref().and_then(Weak::upgrade))
            .collect();
        for queue in queues {
            queue.push(message.to_vec());
        }
        // Other processes': one frame each. A subscriber that went away is
        // dropped; the others still get the message.
        remote
            .connections
            .retain(|_, stream| wire::send_frame(stream, message).is_ok());
        Ok(())
    }

    fn connect_new(&self, remote: &mut Remote) -> Result<(), Failure> {
        let modified = std::fs::metadata(&self.dir).and_then(|m| m.modified()).ok();
        if modified.is_some() && modified == remote.seen {
            return Ok(());
        }
        let me = std::process::id();
        let found = directory::endpoints(&self.dir);
        for endpoint in &found {
            if endpoint.type_id != self.type_id {
                return Err(Failure::Mismatch(format!(
                    "topic '{}' carries {} (process {}), not {}",
                    self.topic, endpoint.type_id, endpoint.pid, self.type_id
                )));
            }
        }
        let live: Vec<&str> = found.iter().map(|f| f.stem.as_str()).collect();
        remote
            .connections
            .retain(|stem, _| live.contains(&stem.as_str()));
        for endpoint in found.iter().filter(|f| f.kind == "sub" && f.pid != me) {
            if remote.connections.contains_key(&endpoint.stem) {
                continue;
            }
            let Ok(path) = directory::socket_path(&self.dir, &endpoint.stem) else {
                continue;
            };
            // A socket not listening yet (or any more) is tried again at the next change.
            let Ok(stream) = UnixStream::connect(&path) else {
                continue;
            };
            let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
            let hello = format!("{}\n{}", self.type_id.name, self.type_id.hash);
            if wire::send_frame(&stream, hello.as_bytes()).is_ok() {
                remote.connections.insert(endpoint.stem.clone(), stream);
            }
        }
        remote.seen = modified;
        Ok(())
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        unregister(self.id);
        directory::remove(&self.dir, &self.stem);
    }
}

// ---------------------------------------------------------------- subscription

/// A subscription: its queue, fed by this process's publishers directly and
/// by other processes' through its socket.
pub struct Subscription {
    queue: Arc<KeepLast>,
    dir: PathBuf,
    stem: String,
    socket: PathBuf,
    id: u64,
    shared: Arc<Shared>,
}

/// What the socket threads share with the subscription.
struct Shared {
    closed: AtomicBool,
    /// Accepted connections, kept so that closing can end their readers.
    streams: Mutex<Vec<UnixStream>>,
}

impl Subscription {
    /// Checks the topic's type, listens, and records this subscription.
    pub fn new(
        domain: &str,
        topic: &str,
        type_id: TypeId,
        depth: usize,
        id: u64,
    ) -> Result<Self, Failure> {
        let io = |e: std::io::Error| Failure::Io(e.to_string());
        let dir = directory::topic_dir(domain, topic).map_err(io)?;
        check_topic(domain, topic, &dir, &type_id)?;
        let stem = format!("sub-{}-{id}", std::process::id());
        let socket = directory::socket_path(&dir, &stem).map_err(io)?;
        let _ = std::fs::remove_file(&socket);
        let listener = UnixListener::bind(&socket).map_err(io)?;
        let queue = Arc::new(KeepLast::new(depth));
        let shared = Arc::new(Shared {
            closed: AtomicBool::new(false),
            streams: Mutex::default(),
        });
        {
            let (queue, shared, type_id) =
                (Arc::clone(&queue), Arc::clone(&shared), type_id.clone());
            std::thread::Builder::new()
                .name(format!("hybrid-sub-{id}"))
                .spawn(move || accept(&listener, &queue, &shared, &type_id))
                .map_err(io)?;
        }
        // Listening before it is announced: a publisher that finds the type
        // file can connect at once.
        directory::write_type(&dir, &stem, &type_id).map_err(io)?;
        lock(&LOCAL).push(Local {
            domain: domain.to_owned(),
            topic: topic.to_owned(),
            type_id,
            queue: Some(Arc::downgrade(&queue)),
            id,
        });
        Ok(Self {
            queue,
            dir,
            stem,
            socket,
            id,
            shared,
        })
    }

    /// The queue the C functions take from.
    pub fn queue(&self) -> &KeepLast {
        &self.queue
    }
}

/// Accepts publishers' connections until the subscription closes; each
/// gets a reader thread.
fn accept(listener: &UnixListener, queue: &Arc<KeepLast>, shared: &Arc<Shared>, type_id: &TypeId) {
    for stream in listener.incoming() {
        if shared.closed.load(Ordering::Acquire) {
            return;
        }
        let Ok(mut stream) = stream else { continue };
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.streams).push(clone);
        }
        let (queue, expected) = (
            Arc::clone(queue),
            format!("{}\n{}", type_id.name, type_id.hash),
        );
        let _ = std::thread::Builder::new()
            .name("hybrid-reader".into())
            .spawn(move || {
                // The first frame says the publisher's type: another is refused.
                if wire::read_frame(&mut stream).as_deref() != Some(expected.as_bytes()) {
                    return;
                }
                while let Some(message) = wire::read_frame(&mut stream) {
                    queue.push(message);
                }
            });
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        unregister(self.id);
        self.queue.close();
        self.shared.closed.store(true, Ordering::Release);
        // Wake the accept loop (it sees `closed` and ends), then remove the
        // files and end the readers.
        let _ = UnixStream::connect(&self.socket);
        directory::remove(&self.dir, &self.stem);
        for stream in lock(&self.shared.streams).drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }
}
