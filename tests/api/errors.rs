//! Errors: bad input is an `Err`, never a panic; DONTWAIT and timeouts give
//! `Again`; the error type converts and displays as users expect.

use crate::common;

use std::time::Duration;
use zmq::{Context, Error};

#[test]
fn bad_endpoints_are_errors() {
    let ctx = Context::new();
    let s = common::socket::<zmq::Pair>(&ctx);
    assert_eq!(
        s.bind("tcp://127.0.0.1:*\0garbage"),
        Err(Error::InvalidArgument)
    );
    assert_eq!(s.connect("inproc://a\0b"), Err(Error::InvalidArgument));
    assert_eq!(
        s.bind("carrier-pigeon://coop"),
        Err(Error::ProtocolNotSupported)
    );
    assert_eq!(s.connect("nonsense"), Err(Error::InvalidArgument));
    assert_eq!(s.bind(""), Err(Error::InvalidArgument));
    assert_eq!(
        s.bind("tcp://127.0.0.1:notaport"),
        Err(Error::InvalidArgument)
    );
    // (libzmq resolves a tcp address given to connect in the background, so
    // a bad host or port there shows up as monitor events, not an error.)
    assert_eq!(s.connect("ipc://"), Err(Error::InvalidArgument));
    assert_eq!(s.bind("tcp://192.0.2.1:*"), Err(Error::AddrNotAvailable));
    assert_eq!(s.unbind("inproc://never-bound"), Err(Error::NotFound));
    assert_eq!(s.disconnect("tcp://127.0.0.1:1"), Err(Error::NotFound));
    let long = format!("ipc:///tmp/{}", "x".repeat(300));
    assert!(s.bind(&long).is_err());
}

#[test]
fn binding_a_port_in_use_is_addr_in_use() {
    let ctx = Context::new();
    let a = common::socket::<zmq::Pull>(&ctx);
    let endpoint = common::bind_any(&a, "tcp");
    let b = common::socket::<zmq::Pull>(&ctx);
    assert_eq!(b.bind(&endpoint), Err(Error::AddrInUse));
    // Also against a port held by something else than libzmq.
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = std_listener.local_addr().unwrap().port();
    assert_eq!(
        b.bind(&format!("tcp://127.0.0.1:{port}")),
        Err(Error::AddrInUse)
    );
    // inproc names are unique per context.
    a.bind("inproc://taken").unwrap();
    assert_eq!(b.bind("inproc://taken"), Err(Error::AddrInUse));
}

#[test]
fn try_recv_on_an_empty_socket_is_again() {
    let ctx = Context::new();
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    pull.bind("inproc://empty").unwrap();
    assert_eq!(pull.try_recv(), Err(Error::Again));
    let mut m = zmq::Message::new();
    assert_eq!(
        pull.recv_into_with(&mut m, zmq::RecvFlags::DONTWAIT),
        Err(Error::Again)
    );
    assert_eq!(
        pull.recv_multipart_with(zmq::RecvFlags::DONTWAIT),
        Err(Error::Again)
    );
}

#[test]
fn try_send_at_the_high_water_mark_is_again() {
    let ctx = Context::new();
    let push = ctx.socket::<zmq::Push>().unwrap();
    push.set_sndhwm(5).unwrap();
    push.set_linger(Some(Duration::ZERO)).unwrap();
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    pull.set_rcvhwm(5).unwrap();
    pull.bind("inproc://full").unwrap();
    push.connect("inproc://full").unwrap();
    let mut sent = 0;
    loop {
        match push.try_send("x") {
            Ok(()) => sent += 1,
            Err(Error::Again) => break,
            Err(e) => panic!("unexpected {e:?}"),
        }
        assert!(sent <= 100, "the high-water mark never stopped sending");
    }
    // inproc HWM is the sum of both sides.
    assert_eq!(sent, 10);
    // Still full: another try fails at once too.
    assert_eq!(push.try_send("y"), Err(Error::Again));
    pull.try_recv().unwrap();
}

#[test]
fn no_peer_push_with_dontwait_is_again() {
    let ctx = Context::new();
    let push = ctx.socket::<zmq::Push>().unwrap();
    push.bind("inproc://alone").unwrap();
    assert_eq!(push.try_send("nobody"), Err(Error::Again));
}

#[test]
fn timeouts_are_again() {
    let ctx = Context::new();
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    pull.set_rcvtimeo(Some(Duration::from_millis(50))).unwrap();
    pull.bind("inproc://timeout").unwrap();
    assert_eq!(pull.recv(), Err(Error::Again));

    let push = ctx.socket::<zmq::Push>().unwrap();
    push.set_sndtimeo(Some(Duration::from_millis(50))).unwrap();
    push.bind("inproc://timeout-send").unwrap();
    assert_eq!(push.send("no peer"), Err(Error::Again));
}

#[test]
fn errors_display_convert_and_round_trip() {
    assert_eq!(Error::from_errno(Error::Again.errno()), Error::Again);
    assert_eq!(
        Error::from_errno(Error::InvalidState.errno()),
        Error::InvalidState
    );
    assert_eq!(
        Error::from_errno(Error::Terminated.errno()),
        Error::Terminated
    );
    assert_eq!(Error::from_errno(123_456), Error::Other(123_456));
    assert_eq!(Error::Other(7).errno(), 7);
    assert_eq!(
        Error::InvalidState.to_string(),
        "Operation cannot be accomplished in current state"
    );
    assert_eq!(Error::Terminated.to_string(), "Context was terminated");
    assert!(!Error::Other(123_456).to_string().is_empty());
    assert!(format!("{:?}", Error::Other(123_456)).starts_with("Other(123456"));

    let io: std::io::Error = Error::Again.into();
    assert_eq!(io.kind(), std::io::ErrorKind::WouldBlock);
    let io: std::io::Error = Error::AddrInUse.into();
    assert_eq!(io.kind(), std::io::ErrorKind::AddrInUse);
    let inner = io.get_ref().and_then(|e| e.downcast_ref::<Error>());
    assert_eq!(inner, Some(&Error::AddrInUse));

    fn is_std_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
    is_std_error(&Error::Again);
}

#[test]
fn version_and_capabilities() {
    #[cfg(zmq_vendored)]
    {
        assert_eq!(zmq::version(), (4, 3, 5));
        assert!(zmq::has("curve"), "the default build has CURVE");
    }
    assert!(zmq::version() >= (4, 3, 2));
    assert!(zmq::has("ipc"));
    assert!(!zmq::has("no-such-capability"));
    assert!(!zmq::has("cur\0ve"));
}

/// libzmq reads a port with `atoi` and keeps 16 bits: `:99999` would bind
/// port 34463, `:-1` port 65535, `:12abc` port 12. Such ports are refused
/// by bind, connect, unbind and disconnect, in every address form.
#[test]
fn invalid_ports_are_invalid_arguments() {
    let ctx = Context::new();
    let s = common::socket::<zmq::Pair>(&ctx);
    let invalid = Err(Error::InvalidArgument);
    for port in [
        "99999",
        "65536",
        "-1",
        "12abc",
        "",
        "+80",
        " 80",
        "0x50",
        "4294967376",
    ] {
        for host in ["127.0.0.1", "[::1]", "::1", "lo", "*", "localhost"] {
            let endpoint = format!("tcp://{host}:{port}");
            assert_eq!(s.bind(&endpoint), invalid, "bind {endpoint}");
            assert_eq!(s.unbind(&endpoint), invalid, "unbind {endpoint}");
            assert_eq!(s.connect(&endpoint), invalid, "connect {endpoint}");
            assert_eq!(s.disconnect(&endpoint), invalid, "disconnect {endpoint}");
        }
        // connect's `source:port;destination:port`: both ports count.
        let bad_source = format!("tcp://127.0.0.1:{port};127.0.0.1:5555");
        assert_eq!(s.connect(&bad_source), invalid, "{bad_source}");
        let bad_destination = format!("tcp://127.0.0.1:0;127.0.0.1:{port}");
        assert_eq!(s.connect(&bad_destination), invalid, "{bad_destination}");
        for endpoint in [
            format!("ws://127.0.0.1:{port}"),
            format!("ws://127.0.0.1:{port}/path"),
            format!("udp://127.0.0.1:{port}"),
            format!("udp://lo;239.0.0.1:{port}"),
        ] {
            assert_eq!(s.bind(&endpoint), invalid, "bind {endpoint}");
            assert_eq!(s.connect(&endpoint), invalid, "connect {endpoint}");
        }
    }
    // The wildcard port is for binding only.
    assert_eq!(s.connect("tcp://127.0.0.1:*"), invalid);

    // Valid forms still work: a wildcard or an explicit port, IPv4, IPv6
    // (with ipv6 on), an interface name, a source address on connect.
    s.bind("tcp://127.0.0.1:*").unwrap();
    let endpoint = s.last_endpoint().unwrap();
    let port = endpoint.rsplit_once(':').unwrap().1.to_string();
    s.unbind(&endpoint).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let free = listener.local_addr().unwrap().port();
    drop(listener);
    s.bind(&format!("tcp://lo:{free}")).unwrap();
    assert_eq!(
        s.last_endpoint().unwrap(),
        format!("tcp://127.0.0.1:{free}")
    );
    let v6 = common::socket::<zmq::Pair>(&ctx);
    v6.set_ipv6(true).unwrap();
    v6.bind("tcp://[::1]:*").unwrap();
    let c = common::socket::<zmq::Pair>(&ctx);
    c.connect(&format!("tcp://127.0.0.1:0;127.0.0.1:{free}"))
        .unwrap();
    let d = common::socket::<zmq::Dealer>(&ctx);
    d.connect(&format!("tcp://127.0.0.1:{port}")).unwrap();
    d.disconnect(&format!("tcp://127.0.0.1:{port}")).unwrap();
    c.send("through the source form").unwrap();
    assert_eq!(s.recv().unwrap(), "through the source form");
}
