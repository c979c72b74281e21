//! How bytes cross a socket: each message is a frame, a 4-byte
//! little-endian length then the bytes. A reader delivers a frame only when
//! all of it has arrived, so a publisher killed in the middle of one never
//! hands a torn message to anybody.

use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;

/// The largest frame a reader accepts (a forged length allocates nothing).
pub const MAX_FRAME: usize = 64 << 20;

/// Sends one frame. `MSG_NOSIGNAL`: a reader that went away is an error
/// here, not a SIGPIPE that would kill the host process.
pub fn send_frame(stream: &UnixStream, payload: &[u8]) -> io::Result<()> {
    let length = u32::try_from(payload.len()).map_err(|_| {
        io::Error::new(io::ErrorKind::InvalidInput, "message too large for a frame")
    })?;
    send_all(stream, &length.to_le_bytes())?;
    send_all(stream, payload)
}

fn send_all(stream: &UnixStream, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        // SAFETY: the fd is the stream's, open while `stream` lives; the
        // pointer and length describe `bytes`.
        let sent = unsafe {
            libc::send(
                stream.as_raw_fd(),
                bytes.as_ptr().cast(),
                bytes.len(),
                libc::MSG_NOSIGNAL,
            )
        };
        if sent < 0 {
            let error = io::Error::last_os_error();
            if error.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(error);
        }
        bytes = &bytes[sent as usize..];
    }
    Ok(())
}

/// The next whole frame; None at a clean end, or when the stream ends or
/// breaks in the middle of one (whatever came of it is dropped).
pub fn read_frame(stream: &mut UnixStream) -> Option<Vec<u8>> {
    let mut length = [0u8; 4];
    stream.read_exact(&mut length).ok()?;
    let length = u32::from_le_bytes(length) as usize;
    if length > MAX_FRAME {
        return None;
    }
    let mut payload = vec![0u8; length];
    stream.read_exact(&mut payload).ok()?;
    Some(payload)
}
