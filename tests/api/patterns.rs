//! Every socket pattern over inproc, ipc and tcp.

use crate::common;

use common::{bind_any, socket, TRANSPORTS};
use std::io::{Read, Write};
use std::time::{Duration, Instant};
use zmq::{Context, Error};

/// Sends `probe` from `publisher` until `sub` receives a message with that
/// prefix (the subscription has reached the publisher), then drains it.
fn wait_subscribed<P: zmq::CanSend, S: zmq::CanRecv>(
    publisher: &zmq::Socket<P>,
    sub: &zmq::Socket<S>,
    probe: &str,
) {
    let deadline = Instant::now() + common::TIMEOUT;
    loop {
        publisher.send(probe).expect("send probe");
        std::thread::sleep(Duration::from_millis(5));
        if let Ok(m) = sub.try_recv() {
            assert!(m.starts_with(probe.as_bytes()), "unexpected {m:?}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "subscription to {probe:?} never arrived"
        );
    }
    std::thread::sleep(Duration::from_millis(20));
    while sub.try_recv().is_ok() {}
}

#[test]
fn req_rep_round_trip_and_lockstep() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let (rep, req) = common::bound_and_connected::<zmq::Rep, zmq::Req>(&ctx, transport);

        for i in 0..3 {
            req.send(format!("request {i}")).unwrap();
            assert_eq!(rep.recv().unwrap(), format!("request {i}").as_str());
            rep.send(format!("reply {i}")).unwrap();
            assert_eq!(req.recv().unwrap(), format!("reply {i}").as_str());
        }

        // Lockstep broken: REQ may not send twice, REP may not reply first.
        req.send("once").unwrap();
        assert_eq!(req.send("twice"), Err(Error::InvalidState), "{transport}");
        assert_eq!(rep.recv().unwrap(), "once");
        assert_eq!(rep.recv(), Err(Error::InvalidState), "{transport}");
        rep.send("answer").unwrap();
        assert_eq!(req.recv().unwrap(), "answer");
        assert_eq!(rep.send("unasked"), Err(Error::InvalidState), "{transport}");
    }
}

#[test]
fn req_rep_multipart() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let (rep, req) = common::bound_and_connected::<zmq::Rep, zmq::Req>(&ctx, transport);
        req.send_multipart(["a", "", "c"]).unwrap();
        let parts = rep.recv_multipart().unwrap();
        assert_eq!(
            Vec::<Vec<u8>>::from(parts),
            vec![b"a".to_vec(), vec![], b"c".to_vec()]
        );
        rep.send_more("x").unwrap();
        rep.send("y").unwrap();
        let first = req.recv().unwrap();
        assert!(first.more());
        assert!(req.rcvmore().unwrap());
        let second = req.recv().unwrap();
        assert!(!second.more());
        assert_eq!(
            (first, second),
            (zmq::Message::from("x"), zmq::Message::from("y"))
        );
    }
}

#[test]
fn pub_sub_prefix_filters_and_unsubscribe() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let (publisher, sub) = common::bound_and_connected::<zmq::Pub, zmq::Sub>(&ctx, transport);
        sub.subscribe("A").unwrap();
        sub.subscribe(b"B").unwrap();
        wait_subscribed(&publisher, &sub, "A-sync");
        wait_subscribed(&publisher, &sub, "B-sync");

        for topic in ["A1", "B1", "C1", "A2"] {
            publisher.send(topic).unwrap();
        }
        assert_eq!(sub.recv().unwrap(), "A1");
        assert_eq!(sub.recv().unwrap(), "B1");
        assert_eq!(
            sub.recv().unwrap(),
            "A2",
            "C1 must be filtered out ({transport})"
        );

        sub.unsubscribe("B").unwrap();
        // The unsubscription travels to the publisher like a subscription:
        // publish B until it stops arriving, marked by an A after it.
        let deadline = Instant::now() + common::TIMEOUT;
        loop {
            publisher.send("B-after").unwrap();
            publisher.send("A-marker").unwrap();
            let first = sub.recv().unwrap();
            if first == "A-marker" {
                break;
            }
            assert_eq!(first, "B-after");
            assert_eq!(sub.recv().unwrap(), "A-marker");
            assert!(Instant::now() < deadline, "unsubscribe never took effect");
        }
        publisher.send("B-late").unwrap();
        publisher.send("A-last").unwrap();
        assert_eq!(sub.recv().unwrap(), "A-last");
        assert_eq!(sub.try_recv(), Err(Error::Again));
    }
}

#[test]
fn xpub_xsub_subscription_messages() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let (xpub, xsub) = common::bound_and_connected::<zmq::XPub, zmq::XSub>(&ctx, transport);

        // XSUB subscribes by sending \x01 + topic; XPUB receives it.
        xsub.send(b"\x01news".as_slice()).unwrap();
        assert_eq!(xpub.recv().unwrap(), b"\x01news");
        xpub.send("news: hello").unwrap();
        xpub.send("sport: skipped").unwrap();
        xpub.send("news: again").unwrap();
        assert_eq!(xsub.recv().unwrap(), "news: hello");
        assert_eq!(xsub.recv().unwrap(), "news: again");

        // \x00 + topic unsubscribes.
        xsub.send(b"\x00news".as_slice()).unwrap();
        assert_eq!(xpub.recv().unwrap(), b"\x00news");
        xpub.send("news: dropped").unwrap();
        assert_eq!(xsub.try_recv(), Err(Error::Again));
    }
}

#[test]
fn push_pull_fan_out_and_fair_queueing() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        // Fan-out: one PUSH round-robins to two PULLs.
        let push = socket::<zmq::Push>(&ctx);
        let endpoint = bind_any(&push, transport);
        let pulls = [socket::<zmq::Pull>(&ctx), socket::<zmq::Pull>(&ctx)];
        for p in &pulls {
            p.connect(&endpoint).unwrap();
        }
        // Wait until both pullers are attached (a PUSH round-robins over
        // connected peers only): probe until each has received one.
        let deadline = Instant::now() + common::TIMEOUT;
        let mut probed = [false, false];
        while probed != [true, true] {
            push.send("probe").unwrap();
            std::thread::sleep(Duration::from_millis(5));
            for (p, seen) in pulls.iter().zip(probed.iter_mut()) {
                while p.try_recv().is_ok() {
                    *seen = true;
                }
            }
            assert!(Instant::now() < deadline, "pullers never attached");
        }
        for i in 0..10 {
            push.send(format!("{i}")).unwrap();
        }
        let a: Vec<_> = (0..5).map(|_| pulls[0].recv().unwrap().to_vec()).collect();
        let b: Vec<_> = (0..5).map(|_| pulls[1].recv().unwrap().to_vec()).collect();
        assert_eq!(pulls[0].try_recv(), Err(Error::Again));
        assert_eq!(pulls[1].try_recv(), Err(Error::Again));
        let mut all: Vec<_> = a.iter().chain(&b).cloned().collect();
        all.sort_by_key(|v| {
            String::from_utf8(v.clone())
                .unwrap()
                .parse::<u32>()
                .unwrap()
        });
        assert_eq!(
            all,
            (0..10)
                .map(|i| format!("{i}").into_bytes())
                .collect::<Vec<_>>()
        );

        // Fair queueing: one PULL takes from two PUSHes in turn.
        let pull = socket::<zmq::Pull>(&ctx);
        let endpoint = bind_any(&pull, transport);
        let pushes = [socket::<zmq::Push>(&ctx), socket::<zmq::Push>(&ctx)];
        for (n, p) in pushes.iter().enumerate() {
            p.connect(&endpoint).unwrap();
            // Blocks until connected (PUSH waits for a peer), so both pipes
            // exist before the real messages go out.
            p.send(format!("hello {n}")).unwrap();
        }
        let mut hello: Vec<_> = (0..2).map(|_| pull.recv().unwrap().to_vec()).collect();
        hello.sort();
        assert_eq!(hello, vec![b"hello 0".to_vec(), b"hello 1".to_vec()]);
        // Both senders queue many messages before the first receive. A
        // fair-queueing PULL takes from both rather than draining one first
        // (libzmq notices a newly readable pipe at least every 100 reads).
        const N: usize = 300;
        for i in 0..N {
            pushes[0].send(format!("x{i}")).unwrap();
            pushes[1].send(format!("y{i}")).unwrap();
        }
        std::thread::sleep(Duration::from_millis(100));
        let got: Vec<u8> = (0..N).map(|_| pull.recv().unwrap()[0]).collect();
        let xs = got.iter().filter(|&&c| c == b'x').count();
        let ys = got.len() - xs;
        assert!(
            xs >= N / 6 && ys >= N / 6,
            "not fair-queued: {xs} x / {ys} y ({transport})"
        );
        for _ in 0..N {
            pull.recv().unwrap();
        }
        assert_eq!(pull.try_recv(), Err(Error::Again));
    }
}

#[test]
fn dealer_router_identities_and_mandatory() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let router = socket::<zmq::Router>(&ctx);
        router.set_router_mandatory(true).unwrap();
        let endpoint = bind_any(&router, transport);
        let dealers: Vec<_> = ["alice", "bob"]
            .iter()
            .map(|name| {
                let d = socket::<zmq::Dealer>(&ctx);
                d.set_routing_id(name).unwrap();
                d.connect(&endpoint).unwrap();
                d
            })
            .collect();
        for d in &dealers {
            d.send_multipart(["", "ping"]).unwrap();
        }
        let mut seen = Vec::new();
        for _ in 0..2 {
            let parts = router.recv_multipart().unwrap();
            assert_eq!(parts.len(), 3);
            assert_eq!(parts[1], "");
            assert_eq!(parts[2], "ping");
            seen.push(parts[0].to_vec());
        }
        seen.sort();
        assert_eq!(seen, vec![b"alice".to_vec(), b"bob".to_vec()]);

        // Address each dealer by its identity.
        router.send_multipart(["bob", "", "for bob"]).unwrap();
        router.send_multipart(["alice", "", "for alice"]).unwrap();
        assert_eq!(dealers[0].recv_multipart().unwrap()[1], "for alice");
        assert_eq!(dealers[1].recv_multipart().unwrap()[1], "for bob");

        // ROUTER_MANDATORY: an unknown identity is an error, not a silent drop.
        assert_eq!(
            router.send_multipart(["nobody", "", "lost"]),
            Err(Error::HostUnreachable),
            "{transport}"
        );
    }
}

#[test]
fn pair_exchanges_both_ways() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let (a, b) = common::bound_and_connected::<zmq::Pair, zmq::Pair>(&ctx, transport);
        b.send("from b").unwrap();
        assert_eq!(a.recv().unwrap(), "from b");
        a.send_multipart(["1", "2"]).unwrap();
        assert_eq!(b.recv_multipart().unwrap().len(), 2);
    }
}

#[test]
fn stream_talks_to_a_plain_tcp_stream() {
    let ctx = Context::new();
    let stream = socket::<zmq::Stream>(&ctx);
    let endpoint = bind_any(&stream, "tcp");
    let addr = endpoint.trim_start_matches("tcp://");
    let mut tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(common::TIMEOUT)).unwrap();

    // A new connection shows up as [id, empty].
    let hello = stream.recv_multipart().unwrap();
    assert_eq!(hello.len(), 2);
    assert!(hello[1].is_empty());
    let id = hello[0].clone();

    tcp.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
    let mut request = Vec::new();
    while request.len() < 18 {
        let parts = stream.recv_multipart().unwrap();
        assert_eq!(parts[0], id);
        request.extend_from_slice(&parts[1]);
    }
    assert_eq!(request, b"GET / HTTP/1.0\r\n\r\n");

    stream.send_more(id.clone()).unwrap();
    stream.send("HTTP/1.0 200 OK\r\n\r\nhi").unwrap();
    // [id, empty] closes the connection.
    stream.send_more(id).unwrap();
    stream.send("").unwrap();
    // libzmq finishes the close when the socket next processes its
    // commands, i.e. on a later call: keep calling it while reading.
    tcp.set_read_timeout(Some(Duration::from_millis(20)))
        .unwrap();
    let deadline = Instant::now() + common::TIMEOUT;
    let mut response = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        assert!(Instant::now() < deadline, "connection never closed");
        let _ = stream.try_recv();
        match tcp.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => response.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("read: {e}"),
        }
    }
    assert_eq!(response, b"HTTP/1.0 200 OK\r\n\r\nhi");
}

#[test]
fn dynamic_socket_works_like_its_kind() {
    let ctx = Context::new();
    let rep = ctx.socket_of_type(zmq::SocketType::Rep).unwrap();
    common::guard(&rep);
    assert_eq!(rep.socket_type().unwrap(), zmq::SocketType::Rep);
    rep.bind("inproc://dynamic").unwrap();
    let req = socket::<zmq::Req>(&ctx).into_dynamic();
    req.connect("inproc://dynamic").unwrap();
    req.send("q").unwrap();
    assert_eq!(rep.recv().unwrap(), "q");
    // Operations the kind lacks fail at run time instead of compile time.
    assert_eq!(rep.subscribe("x"), Err(Error::InvalidArgument));
    let typed = rep.downcast::<zmq::Rep>().unwrap();
    typed.send("a").unwrap();
    assert_eq!(req.recv().unwrap(), "a");
    assert!(req.downcast::<zmq::Rep>().is_err());
}

#[test]
fn send_msg_keeps_a_zero_copy_buffer_across_again_and_delivers_it_on_retry() {
    let ctx = Context::new();
    let push = socket::<zmq::Push>(&ctx);
    let buffer = vec![42u8; 64 * 1024];
    let data = buffer.as_ptr();
    let mut msg = zmq::Message::from(buffer);
    assert_eq!(
        msg.as_ptr(),
        data,
        "Vec<u8> of 64 KiB is taken without a copy"
    );
    // No peer yet: a PUSH cannot send, so DONTWAIT fails with Again.
    let flags = zmq::SendFlags::DONTWAIT;
    assert!(matches!(push.send_msg(&mut msg, flags), Err(Error::Again)));
    assert_eq!(msg.as_ptr(), data, "the failed send left the message alone");
    assert_eq!(msg.len(), 64 * 1024);

    let pull = socket::<zmq::Pull>(&ctx);
    let endpoint = bind_any(&pull, "inproc");
    push.connect(&endpoint).unwrap();
    let deadline = Instant::now() + common::TIMEOUT;
    loop {
        match push.send_msg(&mut msg, flags) {
            Ok(()) => break,
            Err(Error::Again) if Instant::now() < deadline => std::thread::yield_now(),
            Err(e) => panic!("send_msg: {e}"),
        }
    }
    assert!(msg.is_empty(), "a sent message is left empty");
    let got = pull.recv().unwrap();
    // inproc hands the very buffer over: the same bytes, never copied.
    assert_eq!(got.as_ptr(), data);
    assert!(got.iter().all(|&b| b == 42) && got.len() == 64 * 1024);
    // The emptied message is reusable.
    msg = zmq::Message::from("again");
    push.send_msg(&mut msg, zmq::SendFlags::empty()).unwrap();
    assert_eq!(pull.recv().unwrap(), "again");
}

#[test]
fn send_multipart_takes_mixed_frames_through_frames_macro() {
    let ctx = Context::new();
    for transport in TRANSPORTS {
        let router = socket::<zmq::Router>(&ctx);
        let endpoint = bind_any(&router, transport);
        let dealer = socket::<zmq::Dealer>(&ctx);
        dealer.set_routing_id("client-7").unwrap();
        dealer.connect(&endpoint).unwrap();
        dealer.send_multipart(zmq::frames!["", "request"]).unwrap();
        let request = router.recv_multipart().unwrap();
        assert_eq!(request.len(), 3);
        let identity: zmq::Message = request[0].clone();
        let reply_vec: Vec<u8> = b"reply".to_vec();
        let trailer = zmq::Message::from("trailer");
        // &Message, &str, Vec<u8>, Message, String, &[u8] in one call.
        router
            .send_multipart(zmq::frames![
                &identity,
                "",
                reply_vec,
                trailer,
                String::from("s"),
                &b"b"[..],
            ])
            .unwrap();
        let reply: Vec<Vec<u8>> = dealer.recv_multipart().unwrap().into();
        assert_eq!(
            reply,
            [&b""[..], b"reply", b"trailer", b"s", b"b"].map(<[u8]>::to_vec),
            "over {transport}"
        );
        // The identity frame stays usable (&Message shares, not moves).
        router
            .try_send_multipart(zmq::frames![identity, "", "second"])
            .unwrap();
        assert_eq!(dealer.recv_multipart().unwrap()[1], "second");
    }
}
