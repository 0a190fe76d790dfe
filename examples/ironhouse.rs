//! CURVE security with a ZAP authenticator: the Ironhouse pattern of
//! "Using ZeroMQ Security" (czmq's `examples/security/ironhouse.c`, pyzmq's
//! `examples/security/ironhouse.py`), with certificate files.
//!
//! Certificates for a server and a client are generated
//! (`zmq::curve::KeyPair::generate`) and written to a temporary folder
//! (`zmq::curve::write_certificates`); the server and client load theirs
//! back (`Certificate::load`). A `zap::Authenticator` allows 127.0.0.1 and
//! the client keys of the `authorized` folder (secret files there are never
//! read as keys). What to look at: the authorised client receives the
//! server's message; a client with a key the store does not hold is
//! refused, which the server's monitor reports as `HandshakeFailedAuth`
//! (ZAP status 400), and it receives nothing.

use std::path::{Path, PathBuf};
use std::time::Duration;
use zmq::curve::{Certificate, KeyPair};
use zmq::zap::Authenticator;
use zmq::{Context, EventKind};

/// A folder under the system's temporary folder, removed on drop.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A key pair from a secret certificate file.
fn load_keys(path: &Path) -> Result<KeyPair, Box<dyn std::error::Error>> {
    let cert = Certificate::load(path)?;
    let secret = cert.secret.ok_or("not a secret certificate")?;
    Ok(KeyPair {
        public: cert.public,
        secret,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Certificates: the server's in one folder, the authorised clients'
    // in another (the store the authenticator reads).
    let dir = TempDir(std::env::temp_dir().join(format!("zmq-ironhouse-{}", std::process::id())));
    let (server_dir, authorized) = (dir.0.join("server"), dir.0.join("authorized"));
    std::fs::create_dir_all(&server_dir)?;
    std::fs::create_dir_all(&authorized)?;
    let (server_public, server_secret) =
        zmq::curve::write_certificates(&server_dir, "server", &KeyPair::generate()?)?;
    let (_, client_secret) =
        zmq::curve::write_certificates(&authorized, "client", &KeyPair::generate()?)?;
    println!("certificates written under {}", dir.0.display());

    // Linger 0: a refused client's unsent messages are not waited for.
    let ctx = Context::builder().blocky(false).build()?;
    let auth = Authenticator::start(&ctx)?;
    auth.allow("127.0.0.1");
    // Domain "*": sockets that set no ZAP domain.
    auth.configure_curve_certificates("*", &authorized)?;

    let server = ctx.socket::<zmq::Push>()?;
    server.make_curve_server(&load_keys(&server_secret)?.secret)?;
    let mut events = server.monitor(zmq::MonitorEvents::ALL)?;
    events.set_timeout(Some(Duration::from_secs(5)))?; // never hang
    server.bind("tcp://127.0.0.1:*")?;
    let endpoint = server.last_endpoint()?;
    let server_key = Certificate::load(&server_public)?.public;
    println!("server: CURVE on {endpoint}, key {server_key}");

    // Waits for the server's verdict on the next handshake.
    let mut verdict = || -> zmq::Result<EventKind> {
        loop {
            let event = events.recv_event()?;
            println!("  server monitor: {:?} ({})", event.kind, event.value);
            if matches!(
                event.kind,
                EventKind::HandshakeSucceeded | EventKind::HandshakeFailedAuth
            ) {
                return Ok(event.kind);
            }
        }
    };

    // The authorised client: its key is in the store.
    let client = ctx.socket::<zmq::Pull>()?;
    client.make_curve_client(&server_key, &load_keys(&client_secret)?)?;
    client.set_rcvtimeo(Some(Duration::from_secs(5)))?;
    client.connect(&endpoint)?;
    if verdict()? != EventKind::HandshakeSucceeded {
        return Err("the authorised client was refused".into());
    }
    server.send("Hello, authorised client")?;
    println!("authorised client received {:?}", client.recv_string()?);

    // An intruder: a fresh key pair the store does not hold.
    let intruder = ctx.socket::<zmq::Pull>()?;
    intruder.make_curve_client(&server_key, &KeyPair::generate()?)?;
    intruder.set_rcvtimeo(Some(Duration::from_millis(300)))?;
    intruder.connect(&endpoint)?;
    if verdict()? != EventKind::HandshakeFailedAuth {
        return Err("the intruder was let in".into());
    }
    // The server's PUSH has only the authorised client to send to.
    server.send("Hello again")?;
    println!("authorised client received {:?}", client.recv_string()?);
    match intruder.recv() {
        Err(zmq::Error::Again) => println!("intruder refused: received nothing"),
        other => return Err(format!("the intruder received {other:?}").into()),
    }
    Ok(())
}
