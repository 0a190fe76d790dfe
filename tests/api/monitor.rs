//! Socket monitoring: typed events with their endpoints.

use crate::common;

use std::time::Duration;
use zmq::{Context, EventKind, Monitor, MonitorEvent, MonitorEvents};

fn monitor<K: zmq::SocketKind>(s: &zmq::Socket<K>) -> Monitor {
    let m = s.monitor(MonitorEvents::ALL).unwrap();
    m.set_timeout(Some(common::TIMEOUT)).unwrap();
    m
}

/// Events until one of `kind`, failing on timeout.
fn expect(m: &mut Monitor, kind: EventKind) -> MonitorEvent {
    m.wait_for(kind)
        .unwrap_or_else(|e| panic!("no {kind:?} event: {e}"))
}

#[test]
fn connection_lifecycle_events_with_endpoints() {
    for transport in ["tcp", "ipc"] {
        let ctx = Context::new();
        let server = common::socket::<zmq::Rep>(&ctx);
        let mut server_events = monitor(&server);
        let endpoint = common::bind_any(&server, transport);
        let listening = expect(&mut server_events, EventKind::Listening);
        assert_eq!(listening.endpoint, endpoint);

        let client = common::socket::<zmq::Req>(&ctx);
        let mut client_events = monitor(&client);
        client.connect(&endpoint).unwrap();

        let connected = expect(&mut client_events, EventKind::Connected);
        assert_eq!(connected.endpoint, endpoint);
        assert!(connected.value > 2, "CONNECTED carries the descriptor");
        let accepted = expect(&mut server_events, EventKind::Accepted);
        assert_eq!(accepted.endpoint, endpoint);
        assert_eq!(
            expect(&mut client_events, EventKind::HandshakeSucceeded).endpoint,
            endpoint
        );
        assert_eq!(
            expect(&mut server_events, EventKind::HandshakeSucceeded).endpoint,
            endpoint
        );

        client.send("ping").unwrap();
        assert_eq!(server.recv().unwrap(), "ping");

        // The client goes away: the server sees the disconnect.
        drop(client);
        assert_eq!(
            expect(&mut server_events, EventKind::Disconnected).endpoint,
            endpoint
        );
        let stopped = expect(&mut client_events, EventKind::MonitorStopped);
        assert!(stopped.endpoint.is_empty());

        // Closing the server closes its listener, then stops the monitor.
        drop(server);
        assert_eq!(
            expect(&mut server_events, EventKind::Closed).endpoint,
            endpoint
        );
        expect(&mut server_events, EventKind::MonitorStopped);
    }
}

#[test]
fn a_failed_handshake_is_reported_with_its_protocol_error() {
    let ctx = Context::new();
    let keys = zmq::curve::KeyPair::generate().unwrap();
    let server = common::socket::<zmq::Rep>(&ctx);
    server.set_curve_server(true).unwrap();
    server.set_curve_secretkey(&keys.secret).unwrap();
    let mut server_events = monitor(&server);
    let endpoint = common::bind_any(&server, "tcp");

    let client = common::socket::<zmq::Req>(&ctx);
    client.set_plain_username("user").unwrap();
    client.set_plain_password("password").unwrap();
    let mut client_events = monitor(&client);
    client.connect(&endpoint).unwrap();

    for events in [&mut server_events, &mut client_events] {
        let failed = expect(events, EventKind::HandshakeFailedProtocol);
        assert_eq!(failed.endpoint, endpoint);
        assert_eq!(
            failed.protocol_error(),
            Some(zmq::ProtocolError::ZmtpMechanismMismatch)
        );
    }
}

#[test]
fn events_can_be_filtered_and_polled() {
    let ctx = Context::new();
    let s = common::socket::<zmq::Pull>(&ctx);
    let m = s.monitor(MonitorEvents::LISTENING).unwrap();
    let mut items = [m.as_poll_item(zmq::Events::IN)];
    assert_eq!(
        zmq::poll(&mut items, Some(Duration::from_millis(10))).unwrap(),
        0
    );
    common::bind_any(&s, "tcp");
    assert_eq!(zmq::poll(&mut items, Some(common::TIMEOUT)).unwrap(), 1);
    let mut m = m;
    assert_eq!(m.try_recv_event().unwrap().kind, EventKind::Listening);
    // A connect is not in the filter: nothing more arrives.
    let other = common::socket::<zmq::Push>(&ctx);
    other.connect(&s.last_endpoint().unwrap()).unwrap();
    other.send("x").unwrap();
    s.recv().unwrap();
    assert_eq!(m.try_recv_event(), Err(zmq::Error::Again));
}

#[test]
fn a_new_monitor_replaces_the_old_one() {
    let ctx = Context::new();
    let s = common::socket::<zmq::Pull>(&ctx);
    let mut first = monitor(&s);
    let mut second = monitor(&s);
    expect(&mut first, EventKind::MonitorStopped);
    // Dropping the replaced monitor must not stop the current one.
    drop(first);
    common::bind_any(&s, "tcp");
    expect(&mut second, EventKind::Listening);
    s.stop_monitor().unwrap();
    expect(&mut second, EventKind::MonitorStopped);
}

/// Connects, exchanges and disconnects `n` peers: three events each on the
/// server (accepted, handshake, disconnected).
fn churn(ctx: &Context, server: &zmq::Socket<zmq::Router>, endpoint: &str, n: usize) {
    for _ in 0..n {
        let d = common::socket::<zmq::Dealer>(ctx);
        d.connect(endpoint).unwrap();
        d.send("hi").unwrap();
        server.recv_multipart().unwrap();
    }
}

#[test]
fn dropped_or_unread_monitors_never_stall_libzmq() {
    common::within(Duration::from_secs(120), || {
        let ctx = Context::new();
        let server = common::socket::<zmq::Router>(&ctx);
        let endpoint = common::bind_any(&server, "tcp");

        // libzmq queues at most 1000 events to an unread PAIR and then
        // blocks its I/O thread. A dropped Monitor stops the monitoring...
        drop(server.monitor(MonitorEvents::ALL).unwrap());
        churn(&ctx, &server, &endpoint, 1200);

        // ...and a live one that is not read has an unbounded queue.
        let mut m = server.monitor(MonitorEvents::ACCEPTED).unwrap();
        churn(&ctx, &server, &endpoint, 1200);
        let mut accepted = 0;
        while let Ok(e) = m.try_recv_event() {
            assert_eq!(e.kind, EventKind::Accepted);
            accepted += 1;
        }
        assert_eq!(accepted, 1200);
    });
}

#[test]
fn monitors_move_to_other_threads_and_outlive_their_socket() {
    let ctx = Context::new();
    let s = common::socket::<zmq::Pull>(&ctx);
    let mut m = monitor(&s);
    let endpoint = common::bind_any(&s, "tcp");
    let reader = std::thread::spawn(move || {
        let listening = expect(&mut m, EventKind::Listening);
        expect(&mut m, EventKind::MonitorStopped);
        (listening, m)
    });
    std::thread::sleep(Duration::from_millis(50));
    drop(s);
    let (listening, m) = reader.join().unwrap();
    assert_eq!(listening.endpoint, endpoint);
    // The socket is gone; dropping the monitor now must not touch it.
    drop(m);
}

#[test]
fn event_kinds_round_trip() {
    for raw in 0..=16u16 {
        let bit = 1u16 << raw.min(15);
        assert_eq!(EventKind::from_raw(bit).raw(), bit);
    }
    assert_eq!(EventKind::from_raw(0x0001), EventKind::Connected);
    assert_eq!(EventKind::from_raw(0x0003), EventKind::Unknown(3));
    assert_eq!(
        zmq::ProtocolError::from_raw(0x1234),
        zmq::ProtocolError::Unknown(0x1234)
    );
}

/// zmq_socket_monitor_versioned: 64-bit values, both endpoints, and pipe
/// statistics on request (zmq_socket_monitor_pipes_stats).
#[cfg(feature = "draft")]
#[test]
fn versioned_monitor_reports_endpoints_and_pipe_stats() {
    use zmq::MonitorEventV2;
    let ctx = Context::new();
    let router = common::socket::<zmq::Router>(&ctx);
    let mut m = router
        .monitor_v2(MonitorEvents::ALL | MonitorEvents::PIPES_STATS)
        .unwrap();
    m.set_timeout(Some(common::TIMEOUT)).unwrap();
    assert_eq!(m.try_recv_event(), Err(zmq::Error::InvalidState));
    let expect_v2 = |m: &mut Monitor, kind: EventKind| -> MonitorEventV2 {
        loop {
            let e = m
                .recv_event_v2()
                .unwrap_or_else(|e| panic!("waiting for {kind:?}: {e}"));
            if e.kind == kind {
                return e;
            }
        }
    };
    let endpoint = common::bind_any(&router, "tcp");
    let dealer = common::socket::<zmq::Dealer>(&ctx);
    dealer.connect(&endpoint).unwrap();
    let accepted = expect_v2(&mut m, EventKind::Accepted);
    assert_eq!(accepted.values.len(), 1, "{accepted:?}");
    assert_eq!(accepted.local, endpoint);
    assert!(
        accepted.remote.starts_with("tcp://127.0.0.1:") && accepted.remote != endpoint,
        "{accepted:?}"
    );
    expect_v2(&mut m, EventKind::HandshakeSucceeded);
    // Three messages queued towards the router, unread.
    for _ in 0..3 {
        dealer.send("x").unwrap();
    }
    // Any call processes the socket's commands, attaching the new pipe.
    while !router.events().unwrap().contains(zmq::Events::IN) {
        std::thread::sleep(Duration::from_millis(10));
    }
    // The answer comes back to the socket as a command: it is published
    // when the socket next processes its commands (any call on it). Asked
    // again until all three messages have reached the router's pipe.
    let deadline = std::time::Instant::now() + common::TIMEOUT;
    let stats = loop {
        router.monitor_pipes_stats().unwrap();
        let e = loop {
            router.events().unwrap();
            match m.try_recv_event_v2() {
                Ok(e) if e.kind == EventKind::PipesStats => break e,
                Ok(_) | Err(zmq::Error::Again) => {}
                Err(e) => panic!("waiting for PipesStats: {e}"),
            }
            assert!(std::time::Instant::now() < deadline, "no PipesStats event");
            std::thread::sleep(Duration::from_millis(10));
        };
        assert_eq!(e.values.len(), 2, "{e:?}");
        // Nothing queued towards the dealer; the three messages towards us.
        if e.values == [0, 3] {
            break e;
        }
        assert!(std::time::Instant::now() < deadline, "stats stayed {e:?}");
    };
    assert_eq!(stats.local, endpoint);
    assert_eq!(EventKind::PipesStats.raw_v2(), 0x10000);
    assert_eq!(EventKind::from_raw_v2(0x10000), EventKind::PipesStats);
    // A version-1 monitor cannot ask for the version-2 events.
    assert!(router.monitor(MonitorEvents::PIPES_STATS).is_err());
}
