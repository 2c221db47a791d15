//! The KV server's front ends (native only): stdin/stdout, and real TCP so
//! `nc` or the guide's own integration test can talk to the simulation.
//!
//! The world is single-threaded, so one thread serves every connection:
//! non-blocking sockets polled in turn. Each connection holds at most one
//! read chunk, one line ([`MAX_LINE`]) and a bounded backlog of replies;
//! while its replies back up, its input is not read. A line past the limit
//! gets `ERROR\r\n`; a half-closed socket gets its last replies, then is
//! closed; any socket error closes that connection only. A connection idle
//! for [`IDLE_TIMEOUT`] is told so and closed, and a client past
//! [`MAX_CONNECTIONS`] is told the server is busy and closed at once, so
//! idle clients cannot keep new ones waiting.

use otpsim::apps::kv::lines::{Line, LineBuffer, MAX_LINE};
use otpsim::apps::kv::session::Service;
use otpsim::term::Pid;
use std::collections::BTreeMap;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Bytes read from a socket at a time.
const CHUNK: usize = 4 * 1024;
/// Replies a connection may have waiting before its input is left unread.
const BACKLOG: usize = 256 * 1024;
/// Lines answered per connection per pass, so one client cannot starve others.
const LINES_PER_PASS: usize = 64;
/// Connections served at once; one more is refused with [`BUSY`].
pub const MAX_CONNECTIONS: usize = 256;
/// How long a connection may send nothing before it is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// What a client past [`MAX_CONNECTIONS`] reads before it is closed.
pub const BUSY: &[u8] = b"ERROR server busy: 256 connections are open, try again later\r\n";
/// What an idle connection reads before it is closed.
pub const IDLE: &[u8] = b"ERROR closing an idle connection\r\n";
/// How long the first idle pass sleeps (doubling while nothing happens).
const IDLE_MIN: Duration = Duration::from_millis(1);
/// The longest an idle pass sleeps.
const IDLE_MAX: Duration = Duration::from_millis(16);

/// Serves the protocol on `input`, replying on `output` (`otpsim kv` without
/// `--listen`). New log lines go to `log` after each command.
pub fn serve_stdio(
    service: &mut Service,
    mut input: impl Read,
    mut output: impl Write,
    mut log: impl Write,
) -> io::Result<()> {
    let Some(client) = service.open() else {
        return Err(io::Error::other("cannot start a client process"));
    };
    let mut lines = LineBuffer::new(MAX_LINE);
    let mut chunk = [0u8; CHUNK];
    let mut answer = |service: &mut Service, line: Line| -> io::Result<()> {
        output.write_all(&service.handle(client, &line))?;
        output.flush()?;
        for text in service.take_log() {
            writeln!(log, "[a@sim] {text}")?;
        }
        Ok(())
    };
    loop {
        while let Some(line) = lines.next_line() {
            answer(service, line)?;
        }
        match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => lines.feed(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if let Some(line) = lines.finish() {
        answer(service, line)?;
    }
    Ok(())
}

/// One client connection.
struct Conn {
    stream: TcpStream,
    client: Pid,
    lines: LineBuffer,
    /// Replies not yet written.
    out: Vec<u8>,
    /// The peer will send no more.
    eof: bool,
    /// When it last sent or was answered.
    active: Instant,
}

/// What a pass over one connection decided.
#[derive(PartialEq)]
enum State {
    Open,
    Closed,
}

/// A TCP server over a [`Service`].
pub struct TcpServer {
    listener: TcpListener,
    service: Service,
    conns: BTreeMap<u64, Conn>,
    next_id: u64,
    idle: Duration,
}

impl TcpServer {
    /// Serves `service` on an already bound listener.
    pub fn new(listener: TcpListener, service: Service) -> io::Result<TcpServer> {
        listener.set_nonblocking(true)?;
        Ok(TcpServer {
            listener,
            service,
            conns: BTreeMap::new(),
            next_id: 0,
            idle: IDLE_TIMEOUT,
        })
    }

    /// Closes connections idle for `idle` instead of [`IDLE_TIMEOUT`].
    pub fn with_idle_timeout(mut self, idle: Duration) -> TcpServer {
        self.idle = idle;
        self
    }

    /// The address it listens on (the port the OS picked for port 0).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// One pass: accept, read, answer and write for every connection.
    /// Returns true when anything happened.
    pub fn step(&mut self) -> bool {
        let mut busy = self.accept();
        let ids: Vec<u64> = self.conns.keys().copied().collect();
        for id in ids {
            let Some(mut conn) = self.conns.remove(&id) else {
                continue;
            };
            let (mut state, worked) = pass(&mut self.service, &mut conn);
            busy |= worked;
            if worked {
                conn.active = Instant::now();
            } else if conn.active.elapsed() >= self.idle {
                // Best effort: a peer that reads nothing misses the reason.
                let _ = conn.stream.write(IDLE);
                state = State::Closed;
            }
            if state == State::Open {
                self.conns.insert(id, conn);
            } else {
                let _ = conn.stream.shutdown(Shutdown::Both);
                self.service.close(conn.client);
            }
        }
        busy
    }

    /// Serves until `stop` is set, writing new log lines to `log`.
    pub fn run(&mut self, stop: &AtomicBool, log: &mut impl Write) {
        let mut idle = IDLE_MIN;
        while !stop.load(Ordering::Relaxed) {
            if self.step() {
                idle = IDLE_MIN;
            } else {
                std::thread::sleep(idle);
                idle = (idle * 2).min(IDLE_MAX);
            }
            for text in self.service.take_log() {
                let _ = writeln!(log, "[a@sim] {text}");
            }
        }
    }

    fn accept(&mut self) -> bool {
        let mut any = false;
        loop {
            let Ok((mut stream, _)) = self.listener.accept() else {
                break;
            };
            any = true;
            if self.conns.len() >= MAX_CONNECTIONS {
                let _ = stream.write(BUSY);
                let _ = stream.shutdown(Shutdown::Both);
                continue;
            }
            let Some(client) = self.service.open() else {
                continue;
            };
            if stream.set_nonblocking(true).is_err() {
                self.service.close(client);
                continue;
            }
            let _ = stream.set_nodelay(true);
            self.next_id += 1;
            let conn = Conn {
                stream,
                client,
                lines: LineBuffer::new(MAX_LINE),
                out: Vec::new(),
                eof: false,
                active: Instant::now(),
            };
            self.conns.insert(self.next_id, conn);
        }
        any
    }
}

/// Reads, answers and writes what one connection allows now.
fn pass(service: &mut Service, conn: &mut Conn) -> (State, bool) {
    let mut worked = false;
    let mut answered = 0;
    let mut chunk = [0u8; CHUNK];
    while conn.out.len() < BACKLOG && answered < LINES_PER_PASS {
        if let Some(line) = conn.lines.next_line() {
            conn.out.extend(service.handle(conn.client, &line));
            answered += 1;
            worked = true;
            continue;
        }
        if conn.eof {
            break;
        }
        match conn.stream.read(&mut chunk) {
            Ok(0) => {
                conn.eof = true;
                if let Some(line) = conn.lines.finish() {
                    conn.out.extend(service.handle(conn.client, &line));
                }
                worked = true;
            }
            Ok(n) => {
                conn.lines.feed(&chunk[..n]);
                worked = true;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => break,
            Err(_) => return (State::Closed, true),
        }
    }
    while !conn.out.is_empty() {
        match conn.stream.write(&conn.out) {
            Ok(0) => return (State::Closed, true),
            Ok(n) => {
                conn.out.drain(..n);
                worked = true;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => break,
            Err(_) => return (State::Closed, true),
        }
    }
    let done = conn.eof && conn.out.is_empty() && conn.lines.wants_input();
    (if done { State::Closed } else { State::Open }, worked)
}

/// A server running on its own thread, stopped when dropped.
pub struct Background {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Background {
    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Binds `addr` (port 0 lets the OS pick) and serves a fresh cluster of
/// `nodes` nodes on a background thread (the world is built there, as it
/// cannot cross threads). The returned handle knows the bound address.
pub fn spawn(addr: impl ToSocketAddrs, nodes: usize, seed: u64) -> io::Result<Background> {
    spawn_with_idle(addr, nodes, seed, IDLE_TIMEOUT)
}

/// [`spawn`], closing connections idle for `idle`.
pub fn spawn_with_idle(
    addr: impl ToSocketAddrs,
    nodes: usize,
    seed: u64,
    idle: Duration,
) -> io::Result<Background> {
    let listener = TcpListener::bind(addr)?;
    let addr = listener.local_addr()?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let thread = std::thread::Builder::new()
        .name("otpsim-kv".into())
        .spawn(move || {
            let service = Service::new(nodes, seed, false);
            if let Ok(server) = TcpServer::new(listener, service) {
                server.with_idle_timeout(idle).run(&flag, &mut io::sink());
            }
        })?;
    Ok(Background {
        addr,
        stop,
        thread: Some(thread),
    })
}

/// `otpsim kv`: a cluster of `nodes` nodes serving the protocol on stdin and
/// stdout, or on TCP at `listen`. With `verbose`, routes go to stderr.
pub fn main(nodes: usize, listen: Option<&str>, seed: u64, verbose: bool) -> io::Result<()> {
    let mut service = Service::new(nodes, seed, verbose);
    let Some(addr) = listen else {
        let (input, output) = (io::stdin().lock(), io::stdout().lock());
        return match serve_stdio(&mut service, input, output, io::stderr()) {
            // The reader went away (`| head`): nothing left to answer.
            Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
            other => other,
        };
    };
    let listener = TcpListener::bind(addr)?;
    eprintln!("Accepting connections on {}", listener.local_addr()?);
    let mut server = TcpServer::new(listener, service)?;
    server.run(&AtomicBool::new(false), &mut io::stderr());
    Ok(())
}
