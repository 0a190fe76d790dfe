//! Socket monitoring: `zmq_socket_monitor(3)` (no zguide example; libzmq's
//! man page and its `tests/test_monitor.cpp` show the C side).
//!
//! A REP server is monitored (`Socket::monitor`, every event); a REQ
//! client connects, makes one request, and leaves; then the server closes.
//! What to look at: the typed events in the order libzmq reports them
//! (`Listening`, `Accepted`, `HandshakeSucceeded`, `Disconnected`,
//! `Closed`, `MonitorStopped`), each with its endpoint and value (a file
//! descriptor, an errno, ...), and `Monitor::set_timeout` so that a missing
//! event is an error instead of a hang.

use std::time::Duration;
use zmq::{Context, EventKind, Monitor, MonitorEvents};

/// Prints every event up to and including the first of `kind`.
fn show_until(monitor: &mut Monitor, kind: EventKind) -> zmq::Result<()> {
    loop {
        let event = monitor.recv_event()?;
        println!(
            "  event {:?}: endpoint {:?}, value {}",
            event.kind, event.endpoint, event.value
        );
        if event.kind == kind {
            return Ok(());
        }
    }
}

fn main() -> zmq::Result<()> {
    let ctx = Context::new();
    let server = ctx.socket::<zmq::Rep>()?;
    let mut monitor = server.monitor(MonitorEvents::ALL)?;
    monitor.set_timeout(Some(Duration::from_secs(5)))?; // never hang

    println!("server binds");
    server.bind("tcp://127.0.0.1:*")?;
    let endpoint = server.last_endpoint()?;
    show_until(&mut monitor, EventKind::Listening)?;

    println!("a client connects");
    let client = ctx.socket::<zmq::Req>()?;
    client.connect(&endpoint)?;
    show_until(&mut monitor, EventKind::HandshakeSucceeded)?;

    client.send("Hello")?;
    println!("server received {:?}", server.recv_string()?);
    server.send("World")?;
    println!("client received {:?}", client.recv_string()?);

    println!("the client leaves");
    drop(client);
    show_until(&mut monitor, EventKind::Disconnected)?;

    println!("the server closes");
    drop(server);
    show_until(&mut monitor, EventKind::MonitorStopped)?;
    Ok(())
}
