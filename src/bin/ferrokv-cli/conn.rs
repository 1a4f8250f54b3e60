//! One TCP connection to the server: connect, send a command, read replies.
//!
//! Reads go through a buffer and a short socket timeout so a caller waiting for a reply that may
//! never come (SUBSCRIBE) can still react to Ctrl-C between reads.

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::resp::{self, Reply};

/// Why no reply could be read; the messages match hiredis's, which redis-cli prints.
#[derive(Debug)]
pub enum ReadError {
    /// The server closed the connection or the socket failed: reconnecting may help.
    Io(String),
    /// The server sent something that is not RESP.
    Protocol(String),
    /// The interrupt flag was raised while waiting.
    Interrupted,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(m) | ReadError::Protocol(m) => f.write_str(m),
            ReadError::Interrupted => f.write_str("Interrupted"),
        }
    }
}

pub struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

/// How often a blocked read wakes up to look at the interrupt flag.
const POLL: Duration = Duration::from_millis(100);

/// An OS error as C's `strerror` words it (what hiredis reports), without Rust's
/// " (os error N)" suffix or resolver prefix.
pub fn error_text(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    };
    text.strip_prefix("failed to lookup address information: ")
        .map(str::to_string)
        .unwrap_or(text)
}

impl Conn {
    /// Connects to `host:port`; the error text is ready to follow "Could not connect to ...: ".
    pub fn connect(host: &str, port: u16) -> Result<Conn, String> {
        let addrs = (host, port).to_socket_addrs().map_err(|e| error_text(&e))?;
        let mut last = String::from("Can't resolve: ") + host;
        for addr in addrs {
            match TcpStream::connect(addr) {
                Ok(stream) => {
                    let _ = stream.set_nodelay(true);
                    stream
                        .set_read_timeout(Some(POLL))
                        .map_err(|e| error_text(&e))?;
                    return Ok(Conn {
                        stream,
                        buf: Vec::new(),
                    });
                }
                Err(e) => last = error_text(&e),
            }
        }
        Err(last)
    }

    pub fn send(&mut self, args: &[Vec<u8>]) -> Result<(), ReadError> {
        self.stream
            .write_all(&resp::encode(args))
            .map_err(|e| ReadError::Io(error_text(&e)))
    }

    /// Reads the next reply, waiting as long as it takes unless `interrupt` becomes true.
    pub fn read(&mut self, interrupt: Option<&AtomicBool>) -> Result<Reply, ReadError> {
        let mut chunk = vec![0u8; 64 * 1024];
        // Parsing restarts from the first byte each time, so while reads keep filling the whole
        // chunk (more is surely on the way) it is skipped: large replies stay linear, not quadratic.
        let mut try_parse = true;
        loop {
            if try_parse
                && let Some((reply, used)) = resp::parse(&self.buf).map_err(ReadError::Protocol)?
            {
                self.buf.drain(..used);
                return Ok(reply);
            }
            if interrupt.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
                return Err(ReadError::Interrupted);
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(ReadError::Io("Server closed the connection".into())),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    try_parse = n < chunk.len();
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock
                            | io::ErrorKind::TimedOut
                            | io::ErrorKind::Interrupted
                    ) =>
                {
                    try_parse = true
                }
                Err(e) => return Err(ReadError::Io(error_text(&e))),
            }
        }
    }

    /// Sends a command the CLI issues on its own (AUTH, SELECT, COMMAND DOCS) and returns its
    /// reply, passing over any out-of-band push that arrives first.
    pub fn call(&mut self, args: &[&[u8]]) -> Result<Reply, ReadError> {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.to_vec()).collect();
        self.send(&args)?;
        loop {
            match self.read(None)? {
                Reply::Push(_) => continue,
                reply => return Ok(reply),
            }
        }
    }

    /// True when the server has already closed this connection (or it failed), seen without
    /// blocking and without consuming data. Checked before sending so that a server restart
    /// costs a silent reconnect instead of a failed command.
    pub fn is_closed(&self) -> bool {
        if self.stream.set_nonblocking(true).is_err() {
            return true;
        }
        let mut probe = [0u8; 1];
        let closed = match self.stream.peek(&mut probe) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => e.kind() != io::ErrorKind::WouldBlock,
        };
        closed || self.stream.set_nonblocking(false).is_err()
    }
}
