//! CURVE against pyzmq: a pyzmq client (keys from `zmq.curve_keypair()`)
//! talks to a Rust server; a Rust client talks to a pyzmq server guarded by
//! pyzmq's `ThreadAuthenticator`; certificates written by
//! `zmq.auth.create_certificates` load in Rust, and Rust's load in pyzmq.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;
use zmq::curve::{Certificate, KeyPair};
use zmq::zap::Authenticator;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/py/curve_peer.py");

/// How long a Python peer may live: reading its output and waiting for it
/// block, so a watchdog kills a peer that outlives this (its stdout then
/// closes and the test fails instead of hanging).
const PEER_LIMIT: Duration = Duration::from_secs(120);

/// The Python peer; killed when dropped.
struct Peer {
    child: Child,
    stdout: BufReader<ChildStdout>,
    /// Dropping it tells the watchdog the peer is gone.
    watchdog: Option<std::sync::mpsc::Sender<()>>,
}

impl Peer {
    fn start(args: &[&str]) -> Peer {
        let mut child = Command::new(common::python::python())
            .arg(SCRIPT)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the python peer {SCRIPT}: {e}"));
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (watchdog, gone) = std::sync::mpsc::channel::<()>();
        let pid = child.id() as libc::pid_t;
        std::thread::spawn(move || {
            if gone.recv_timeout(PEER_LIMIT) == Err(RecvTimeoutError::Timeout) {
                // SAFETY: kill has no memory-safety preconditions. The peer
                // is told first in Peer's Drop, before the child is reaped;
                // only a peer that ran PEER_LIMIT is killed here.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        });
        Peer {
            child,
            stdout,
            watchdog: Some(watchdog),
        }
    }

    /// The value of the next `NAME value` line the peer prints.
    fn line(&mut self, name: &str) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        match line.trim().split_once(' ') {
            Some((n, value)) if n == name => value.to_string(),
            _ => panic!("expected `{name} ...` from the Python peer, got {line:?}"),
        }
    }

    fn wait_success(mut self) {
        // Bounded by the watchdog.
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the Python peer failed: {status}");
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.watchdog.take();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_pyzmq_curve_client_talks_to_a_rust_curve_server() {
    let ctx = zmq::Context::new();
    let auth = Authenticator::start(&ctx).unwrap();
    auth.configure_curve_any("*");
    let server_keys = KeyPair::generate().unwrap();
    let server = common::socket::<zmq::Rep>(&ctx);
    server.make_curve_server(&server_keys.secret).unwrap();
    server.set_rcvtimeo(Some(Duration::from_secs(30))).unwrap();
    let endpoint = common::bind_any(&server, "tcp");

    let mut peer = Peer::start(&["client", &server_keys.public.to_z85(), &endpoint]);
    let client_key = peer.line("KEY");
    let request = server.recv().unwrap();
    assert_eq!(request, "from python");
    // The ZAP handler vouched for the client: its key is the User-Id.
    assert_eq!(request.property("User-Id"), Some(client_key.as_str()));
    server.send("to python").unwrap();
    peer.wait_success();
}

#[test]
fn a_rust_curve_client_talks_to_a_pyzmq_server_with_thread_authenticator() {
    let dir = std::env::temp_dir().join(format!("zmq-curve-interop-{}", common::unique()));
    let (server_certs, client_certs) = (dir.join("server"), dir.join("clients"));
    std::fs::create_dir_all(&server_certs).unwrap();
    std::fs::create_dir_all(&client_certs).unwrap();

    // Our certificate, written by Rust, is what pyzmq's authenticator loads.
    let allowed = KeyPair::generate().unwrap();
    zmq::curve::write_certificates(&client_certs, "allowed", &allowed).unwrap();
    // pyzmq only reads public certificates from that folder.
    std::fs::remove_file(client_certs.join("allowed.key_secret")).unwrap();

    let mut peer = Peer::start(&[
        "server",
        server_certs.to_str().unwrap(),
        client_certs.to_str().unwrap(),
    ]);
    let endpoint = peer.line("ENDPOINT");

    // Certificates written by zmq.auth.create_certificates load in Rust.
    let public = Certificate::load(server_certs.join("server.key")).unwrap();
    let secret = Certificate::load(server_certs.join("server.key_secret")).unwrap();
    assert_eq!(public.public, secret.public);
    assert!(public.secret.is_none());
    let secret_key = secret
        .secret
        .clone()
        .expect("the secret file has the secret key");
    assert_eq!(zmq::curve::public_key(&secret_key).unwrap(), public.public);
    assert_eq!(
        zmq::curve::load_public_keys(&server_certs).unwrap(),
        vec![public.public.clone()]
    );

    let ctx = zmq::Context::new();
    // An unknown client key is refused: no reply within the timeout.
    let stranger = common::socket::<zmq::Req>(&ctx);
    stranger
        .make_curve_client(&public.public, &KeyPair::generate().unwrap())
        .unwrap();
    stranger
        .set_rcvtimeo(Some(Duration::from_millis(1500)))
        .unwrap();
    stranger.connect(&endpoint).unwrap();
    stranger.send("knock knock").unwrap();
    assert_eq!(stranger.recv(), Err(zmq::Error::Again));

    // The allowed key gets through, and pyzmq saw our key as the User-Id.
    let client = common::socket::<zmq::Req>(&ctx);
    client.make_curve_client(&public.public, &allowed).unwrap();
    client.connect(&endpoint).unwrap();
    client.send("from rust").unwrap();
    let reply = client.recv().unwrap();
    assert_eq!(
        reply.as_str(),
        Some(format!("from rust|{}", allowed.public.to_z85()).as_str())
    );
    client.send("quit").unwrap();
    assert_eq!(client.recv().unwrap(), "bye");
    peer.wait_success();
    std::fs::remove_dir_all(&dir).unwrap();
}
