//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod child;
pub mod python;

use std::time::Duration;

/// Every socket kind of the stable API, for tests that go through them all.
pub const STABLE_KINDS: [zmq::SocketType; 12] = {
    use zmq::SocketType;
    [
        SocketType::Pair,
        SocketType::Pub,
        SocketType::Sub,
        SocketType::Req,
        SocketType::Rep,
        SocketType::Dealer,
        SocketType::Router,
        SocketType::Pull,
        SocketType::Push,
        SocketType::XPub,
        SocketType::XSub,
        SocketType::Stream,
    ]
};

/// The receive timeout every test socket gets: long enough for a loaded CI
/// machine, short enough that a broken test fails instead of hanging.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Sets receive and send timeouts and a zero linger on a socket.
pub fn guard<K: zmq::SocketKind>(s: &zmq::Socket<K>) {
    s.set_rcvtimeo(Some(TIMEOUT)).expect("set_rcvtimeo");
    s.set_sndtimeo(Some(TIMEOUT)).expect("set_sndtimeo");
    s.set_linger(Some(Duration::ZERO)).expect("set_linger");
}

/// A socket of kind `K` with [`guard`] applied.
pub fn socket<K: zmq::KnownKind>(ctx: &zmq::Context) -> zmq::Socket<K> {
    let s = ctx.socket::<K>().expect("socket");
    guard(&s);
    s
}

/// Binds to a fresh endpoint of the transport ("inproc", "ipc" or "tcp")
/// and returns the endpoint to connect to.
pub fn bind_any<K: zmq::SocketKind>(s: &zmq::Socket<K>, transport: &str) -> String {
    let endpoint = match transport {
        "inproc" => format!("inproc://test-{}", unique()),
        "ipc" => format!(
            "ipc://{}/zmq-test-{}.sock",
            std::env::temp_dir().display(),
            unique()
        ),
        "tcp" => "tcp://127.0.0.1:*".to_string(),
        other => panic!("unknown transport {other}"),
    };
    s.bind(&endpoint)
        .unwrap_or_else(|e| panic!("bind {endpoint}: {e}"));
    s.last_endpoint().expect("last_endpoint")
}

/// A process-unique number for endpoint names.
pub fn unique() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// The transports every pattern is tested over.
pub const TRANSPORTS: [&str; 3] = ["inproc", "ipc", "tcp"];

/// Runs `f` in a thread and fails the test if it does not finish in time.
pub fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("did not finish within {limit:?}"))
}

/// A socket of kind `A` bound to a fresh endpoint of `transport` and one of
/// kind `B` connected to it, both with [`guard`] applied.
pub fn bound_and_connected<A: zmq::KnownKind, B: zmq::KnownKind>(
    ctx: &zmq::Context,
    transport: &str,
) -> (zmq::Socket<A>, zmq::Socket<B>) {
    let a = socket::<A>(ctx);
    let endpoint = bind_any(&a, transport);
    let b = socket::<B>(ctx);
    b.connect(&endpoint).expect("connect");
    (a, b)
}
