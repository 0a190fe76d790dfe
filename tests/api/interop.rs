//! Interoperability with a peer nobody here wrote: a pyzmq process
//! (tests/py/peer.py) on the other end of every pattern.
//!
//! Each case runs one pattern (REQ/REP, PUB/SUB, PUSH/PULL, DEALER/ROUTER)
//! with the Rust socket in one role and Python in the other, over tcp and
//! ipc, once with Rust binding and once with Python binding. Both sides
//! generate the same payloads from a seed (an xorshift generator written in
//! both languages): single frames of 0 B, 1 B and 1 MiB, then one multipart
//! message of all three plus a short frame. Each side checks exactly what it
//! receives; Rust sends `messages(FROM_RUST)`, Python `messages(FROM_PYTHON)`.
//!
//! Nothing hangs: every Rust socket has send/receive timeouts, the Python
//! peer sets RCVTIMEO/SNDTIMEO/LINGER and an alarm, and [`Peer`] kills and
//! reaps the child when the test fails. The tests install pyzmq themselves
//! (`common::python`); a missing `python3` is a failure, never a skip.

use crate::common;

use std::fmt::Display;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::TIMEOUT;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/py/peer.py");
/// How long a Python peer may take from its start to a clean exit.
const PEER_LIMIT: Duration = Duration::from_secs(60);
/// How often a publisher repeats its probe until the subscriber answers.
const PROBE_INTERVAL: Duration = Duration::from_millis(20);

/// The seeds of the two directions: what Rust sends and what Python sends.
const FROM_RUST: u64 = 1;
const FROM_PYTHON: u64 = 2;
/// Frame sizes of each message, in order (same table in peer.py).
const SIZES: &[&[usize]] = &[&[0], &[1], &[1 << 20], &[0, 1, 1 << 20, 3]];
/// The routing ids the DEALERs set (same constants in peer.py): binary, with
/// a zero byte inside, so a lossy conversion anywhere would show.
const RUST_DEALER_ID: &[u8] = b"rust-dealer\x00\xff";
const PY_DEALER_ID: &[u8] = b"py-dealer\x00\xfe";

/// `len` pseudo-random bytes: xorshift64 seeded by (base, msg, index),
/// words in little-endian order. `frame` in peer.py is the same function.
fn frame(base: u64, msg: usize, index: usize, len: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15 ^ ((base << 16) | ((msg as u64) << 8) | index as u64);
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The messages one side sends, each a list of frames.
fn messages(base: u64) -> Vec<Vec<Vec<u8>>> {
    SIZES
        .iter()
        .enumerate()
        .map(|(m, sizes)| {
            sizes
                .iter()
                .enumerate()
                .map(|(f, &n)| frame(base, m, f, n))
                .collect()
        })
        .collect()
}

/// Describes the first difference between two messages, without dumping
/// megabytes into the test output.
fn difference(got: &[Vec<u8>], want: &[Vec<u8>]) -> Option<String> {
    let sizes = |m: &[Vec<u8>]| m.iter().map(Vec::len).collect::<Vec<_>>();
    if got.len() != want.len() {
        return Some(format!(
            "{} frames of sizes {:?}, expected {} of sizes {:?}",
            got.len(),
            sizes(got),
            want.len(),
            sizes(want)
        ));
    }
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        if g.len() != w.len() {
            return Some(format!(
                "frame {i} has {} bytes, expected {}",
                g.len(),
                w.len()
            ));
        }
        if let Some(at) = g.iter().zip(w).position(|(a, b)| a != b) {
            return Some(format!(
                "frame {i} ({} bytes) first differs at offset {at}: {:#04x} != {:#04x}",
                g.len(),
                g[at],
                w[at]
            ));
        }
    }
    None
}

/// The Python peer process. Dropping it kills and reaps the child (so a
/// failing test leaves nothing running) and removes its ipc files.
struct Peer {
    child: Child,
    args: String,
    stdout: Receiver<String>,
    stderr: Option<JoinHandle<String>>,
    files: Vec<PathBuf>,
}

impl Peer {
    fn spawn(args: &[&str]) -> Peer {
        let mut child = Command::new(common::python::python())
            .arg("-u")
            .arg(SCRIPT)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the python peer {SCRIPT}: {e}"));
        // Both pipes are drained by threads, so the child never blocks on a
        // full pipe and reading never blocks the test.
        let out = child.stdout.take().expect("piped stdout");
        let (tx, stdout) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut err = child.stderr.take().expect("piped stderr");
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            text
        });
        Peer {
            child,
            args: args.join(" "),
            stdout,
            stderr: Some(stderr),
            files: Vec::new(),
        }
    }

    /// The next line the peer prints on stdout, which must start with
    /// `keyword`; returns the words after it.
    fn expect_line(&mut self, keyword: &str) -> Vec<String> {
        let line = match self.stdout.recv_timeout(PEER_LIMIT) {
            Ok(line) => line,
            Err(_) => self.fail(format!("the python peer printed no {keyword} line")),
        };
        let mut words = line.split(' ');
        if words.next() != Some(keyword) {
            self.fail(format!("expected a {keyword} line, got {line:?}"));
        }
        words.map(str::to_owned).collect()
    }

    /// Waits for the peer to exit, and fails unless it exited with 0 (it
    /// checked everything it received).
    fn finish(&mut self) {
        let deadline = Instant::now() + PEER_LIMIT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) if status.success() => return,
                Ok(Some(status)) => self.fail(format!("the python peer exited with {status}")),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                Ok(None) => self.fail(format!("the python peer did not exit in {PEER_LIMIT:?}")),
                Err(e) => self.fail(format!("waiting for the python peer: {e}")),
            }
        }
    }

    /// Kills the peer and panics with `why` and everything it wrote on stderr.
    fn fail(&mut self, why: impl Display) -> ! {
        let _ = self.child.kill();
        let status = self.child.wait();
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        panic!(
            "{why}\n--- python peer `peer.py {}` ({status:?}), stderr:\n{stderr}",
            self.args
        );
    }

    /// Checks a received message against the expected frames.
    fn check(&mut self, got: zmq::Result<zmq::Multipart>, want: &[Vec<u8>], what: &str) {
        let got: Vec<Vec<u8>> = got.or_fail(self, what).into();
        if let Some(diff) = difference(&got, want) {
            self.fail(format!("{what}: {diff}"));
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for file in &self.files {
            let _ = std::fs::remove_file(file);
        }
    }
}

/// `Result::unwrap` that reports the Python peer's side too.
trait OrFail<T> {
    fn or_fail(self, peer: &mut Peer, what: &str) -> T;
}

impl<T, E: Display> OrFail<T> for Result<T, E> {
    fn or_fail(self, peer: &mut Peer, what: &str) -> T {
        match self {
            Ok(v) => v,
            Err(e) => peer.fail(format!("{what}: {e}")),
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Transport {
    Tcp,
    Ipc,
}

/// Which side binds; the other connects.
#[derive(Clone, Copy, Debug)]
enum Binder {
    Rust,
    Python,
}

/// Bind/connect over any socket kind, so one setup serves main and control
/// sockets of different kinds.
trait Attach {
    fn bind_to(&self, endpoint: &str) -> zmq::Result<String>;
    fn connect_to(&self, endpoint: &str) -> zmq::Result<()>;
}

impl<K: zmq::SocketKind> Attach for zmq::Socket<K> {
    fn bind_to(&self, endpoint: &str) -> zmq::Result<String> {
        self.bind(endpoint)?;
        self.last_endpoint()
    }
    fn connect_to(&self, endpoint: &str) -> zmq::Result<()> {
        self.connect(endpoint)
    }
}

/// An endpoint to bind: a wildcard port, or a fresh ipc path in the temp dir.
fn fresh_endpoint(transport: Transport) -> (String, Option<PathBuf>) {
    match transport {
        Transport::Tcp => ("tcp://127.0.0.1:*".to_owned(), None),
        Transport::Ipc => {
            let path = std::env::temp_dir().join(format!("zmq-interop-{}.sock", common::unique()));
            (format!("ipc://{}", path.display()), Some(path))
        }
    }
}

/// Starts the Python peer in `role` and links `sockets` to its sockets,
/// binding on the side `binder` says: Rust binds first and passes the
/// resolved endpoints on the command line, or Python binds and prints them.
/// Returns once the peer printed READY (it is about to exchange messages),
/// so the timeouts of the exchange do not include the start of Python.
fn start(role: &str, transport: Transport, binder: Binder, sockets: &[&dyn Attach]) -> Peer {
    let (wanted, files): (Vec<String>, Vec<Option<PathBuf>>) =
        sockets.iter().map(|_| fresh_endpoint(transport)).unzip();
    let files: Vec<PathBuf> = files.into_iter().flatten().collect();
    match binder {
        Binder::Rust => {
            let resolved: Vec<String> = sockets
                .iter()
                .zip(&wanted)
                .map(|(s, ep)| s.bind_to(ep).unwrap_or_else(|e| panic!("bind {ep}: {e}")))
                .collect();
            let mut args = vec![role, "connect"];
            args.extend(resolved.iter().map(String::as_str));
            let mut peer = Peer::spawn(&args);
            peer.files = files;
            peer.expect_line("READY");
            peer
        }
        Binder::Python => {
            let mut args = vec![role, "bind"];
            args.extend(wanted.iter().map(String::as_str));
            let mut peer = Peer::spawn(&args);
            peer.files = files;
            let endpoints = peer.expect_line("ENDPOINTS");
            if endpoints.len() != sockets.len() {
                peer.fail(format!(
                    "expected {} endpoints, got {endpoints:?}",
                    sockets.len()
                ));
            }
            for (s, ep) in sockets.iter().zip(&endpoints) {
                s.connect_to(ep)
                    .or_fail(&mut peer, &format!("connect {ep}"));
            }
            peer.expect_line("READY");
            peer
        }
    }
}

fn rust_req(transport: Transport, binder: Binder) {
    let ctx = zmq::Context::new();
    let req = common::socket::<zmq::Req>(&ctx);
    let mut peer = start("rep", transport, binder, &[&req]);
    for (i, (out, want)) in messages(FROM_RUST)
        .iter()
        .zip(&messages(FROM_PYTHON))
        .enumerate()
    {
        req.send_multipart(out)
            .or_fail(&mut peer, &format!("send request {i}"));
        peer.check(req.recv_multipart(), want, &format!("reply {i}"));
    }
    peer.finish();
}

fn rust_rep(transport: Transport, binder: Binder) {
    let ctx = zmq::Context::new();
    let rep = common::socket::<zmq::Rep>(&ctx);
    let mut peer = start("req", transport, binder, &[&rep]);
    for (i, (want, out)) in messages(FROM_PYTHON)
        .iter()
        .zip(&messages(FROM_RUST))
        .enumerate()
    {
        peer.check(rep.recv_multipart(), want, &format!("request {i}"));
        rep.send_multipart(out)
            .or_fail(&mut peer, &format!("send reply {i}"));
    }
    // The peer's clean exit says it received every reply intact.
    peer.finish();
}

fn rust_dealer(transport: Transport, binder: Binder) {
    let ctx = zmq::Context::new();
    let dealer = common::socket::<zmq::Dealer>(&ctx);
    dealer
        .set_routing_id(RUST_DEALER_ID)
        .expect("set_routing_id");
    assert_eq!(dealer.routing_id().expect("routing_id"), RUST_DEALER_ID);
    // The Python ROUTER checks that it sees RUST_DEALER_ID as routing id.
    let mut peer = start("router", transport, binder, &[&dealer]);
    for (i, (out, want)) in messages(FROM_RUST)
        .iter()
        .zip(&messages(FROM_PYTHON))
        .enumerate()
    {
        dealer
            .send_multipart(out)
            .or_fail(&mut peer, &format!("send request {i}"));
        peer.check(dealer.recv_multipart(), want, &format!("reply {i}"));
    }
    peer.finish();
}

fn rust_router(transport: Transport, binder: Binder) {
    let ctx = zmq::Context::new();
    let router = common::socket::<zmq::Router>(&ctx);
    router
        .set_router_mandatory(true)
        .expect("set_router_mandatory");
    let mut peer = start("dealer", transport, binder, &[&router]);
    for (i, (want, out)) in messages(FROM_PYTHON)
        .iter()
        .zip(&messages(FROM_RUST))
        .enumerate()
    {
        let mut got = router
            .recv_multipart()
            .or_fail(&mut peer, &format!("request {i}"));
        let Some(routing_id) = got.pop_front() else {
            peer.fail(format!("request {i}: an empty message"));
        };
        if &routing_id[..] != PY_DEALER_ID {
            peer.fail(format!(
                "request {i}: the ROUTER saw routing id {:?}, expected {:?} (set by the Python DEALER)",
                &routing_id[..],
                PY_DEALER_ID
            ));
        }
        peer.check(Ok(got), want, &format!("request {i}"));
        router
            .send_more(&routing_id)
            .or_fail(&mut peer, "send routing id");
        router
            .send_multipart(out)
            .or_fail(&mut peer, &format!("send reply {i}"));
    }
    peer.finish();
}

fn rust_push(transport: Transport, binder: Binder) {
    let ctx = zmq::Context::new();
    let push = common::socket::<zmq::Push>(&ctx);
    let mut peer = start("pull", transport, binder, &[&push]);
    for (i, out) in messages(FROM_RUST).iter().enumerate() {
        push.send_multipart(out)
            .or_fail(&mut peer, &format!("send message {i}"));
    }
    // The peer's clean exit says it received every message intact; the
    // socket (linger 0) stays open until then.
    peer.finish();
}

fn rust_pull(transport: Transport, binder: Binder) {
    let ctx = zmq::Context::new();
    let pull = common::socket::<zmq::Pull>(&ctx);
    let mut peer = start("push", transport, binder, &[&pull]);
    for (i, want) in messages(FROM_PYTHON).iter().enumerate() {
        peer.check(pull.recv_multipart(), want, &format!("message {i}"));
    }
    peer.finish();
}

/// PUB side of the slow-joiner handshake: repeats a probe until the
/// subscriber acknowledges one on the control channel. Subscriptions travel
/// in order with the connection, so once one probe arrived every later
/// message that matches the subscription arrives too.
fn rust_pub(transport: Transport, binder: Binder) {
    let ctx = zmq::Context::new();
    let publisher = common::socket::<zmq::Pub>(&ctx);
    let ctl = common::socket::<zmq::Pull>(&ctx);
    ctl.set_rcvtimeo(Some(PROBE_INTERVAL))
        .expect("set_rcvtimeo");
    let mut peer = start("sub", transport, binder, &[&publisher, &ctl]);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        publisher.send("probe").or_fail(&mut peer, "send probe");
        match ctl.recv() {
            Ok(ack) if ack == "ready" => break,
            Ok(ack) => peer.fail(format!("unexpected acknowledgement {ack:?}")),
            Err(zmq::Error::Again) if Instant::now() < deadline => {}
            Err(zmq::Error::Again) => peer.fail("the subscriber never acknowledged a probe"),
            Err(e) => peer.fail(format!("receive acknowledgement: {e}")),
        }
    }
    // The subscriber subscribed to "data" and "probe" only.
    publisher
        .send_multipart(["other", "filtered out by the subscription"])
        .or_fail(&mut peer, "send other");
    for (i, out) in messages(FROM_RUST).iter().enumerate() {
        publisher.send_more("data").or_fail(&mut peer, "send topic");
        publisher
            .send_multipart(out)
            .or_fail(&mut peer, &format!("send message {i}"));
    }
    peer.finish();
}

/// SUB side of the handshake: acknowledges the first probe, then expects
/// exactly the data messages (later probes are skipped; "other" must not
/// arrive).
fn rust_sub(transport: Transport, binder: Binder) {
    let ctx = zmq::Context::new();
    let sub = common::socket::<zmq::Sub>(&ctx);
    let ctl = common::socket::<zmq::Push>(&ctx);
    sub.subscribe("data").expect("subscribe");
    sub.subscribe("probe").expect("subscribe");
    let mut peer = start("pub", transport, binder, &[&sub, &ctl]);
    let first: Vec<Vec<u8>> = sub
        .recv_multipart()
        .or_fail(&mut peer, "first probe")
        .into();
    if first != [b"probe".to_vec()] {
        peer.fail(format!("expected a probe first, got {first:?}"));
    }
    ctl.send("ready").or_fail(&mut peer, "send acknowledgement");
    for (i, want) in messages(FROM_PYTHON).iter().enumerate() {
        let want: Vec<Vec<u8>> = std::iter::once(b"data".to_vec())
            .chain(want.iter().cloned())
            .collect();
        let got = loop {
            let got = sub
                .recv_multipart()
                .or_fail(&mut peer, &format!("message {i}"));
            if !(got.len() == 1 && got[0] == "probe") {
                break got;
            }
        };
        peer.check(Ok(got), &want, &format!("message {i}"));
    }
    peer.finish();
}

/// One test per (transport, binding side) for each Rust role, named
/// `<rust role>::<transport>_<binder>_binds`.
macro_rules! interop_tests {
    ($($role:ident),* $(,)?) => {$(
        mod $role {
            use super::{Binder, Transport};

            #[test]
            fn tcp_rust_binds() {
                super::$role(Transport::Tcp, Binder::Rust);
            }

            #[test]
            fn tcp_python_binds() {
                super::$role(Transport::Tcp, Binder::Python);
            }

            #[test]
            fn ipc_rust_binds() {
                super::$role(Transport::Ipc, Binder::Rust);
            }

            #[test]
            fn ipc_python_binds() {
                super::$role(Transport::Ipc, Binder::Python);
            }
        }
    )*};
}

interop_tests!(
    rust_req,
    rust_rep,
    rust_dealer,
    rust_router,
    rust_push,
    rust_pull,
    rust_pub,
    rust_sub,
);

/// The generator is the one peer.py implements: a few values computed by
/// peer.py's `frame` are pinned, so a change on one side only shows here
/// rather than as a mismatch in the middle of an exchange.
#[test]
fn payload_generator_matches_peer_py() {
    assert_eq!(frame(1, 1, 0, 1), [0xaf]);
    assert_eq!(
        frame(1, 2, 0, 1 << 20)[..12],
        [0xa9, 0xcd, 0xfa, 0x2b, 0xad, 0x37, 0x1b, 0xdc, 0x72, 0x72, 0x4f, 0x32]
    );
    assert_eq!(frame(2, 3, 3, 3), [0x68, 0xea, 0x9b]);
    let sizes: Vec<Vec<usize>> = messages(FROM_RUST)
        .iter()
        .map(|m| m.iter().map(Vec::len).collect())
        .collect();
    assert_eq!(
        sizes,
        [vec![0], vec![1], vec![1 << 20], vec![0, 1, 1 << 20, 3]]
    );
}
