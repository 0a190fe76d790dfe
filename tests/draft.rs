//! The draft API (feature `draft`): thread-safe socket kinds, groups,
//! routing ids, and the Poller on zmq_poller.
#![cfg(feature = "draft")]

mod common;

use common::child;

use std::sync::Arc;
use std::time::Duration;
use zmq::{Context, Events, Message, Poller};

#[test]
fn thread_safe_kinds_are_sync_and_shared_between_threads() {
    fn assert_sync<T: Sync>() {}
    assert_sync::<zmq::Socket<zmq::Server>>();
    assert_sync::<zmq::Socket<zmq::Client>>();
    assert_sync::<zmq::Socket<zmq::Radio>>();
    assert_sync::<zmq::Socket<zmq::Dish>>();

    let ctx = Context::new();
    let server = Arc::new(ctx.socket::<zmq::Server>().unwrap());
    server.set_rcvtimeo(Some(common::TIMEOUT)).unwrap();
    server.bind("inproc://server").unwrap();
    let client = Arc::new(ctx.socket::<zmq::Client>().unwrap());
    client.set_rcvtimeo(Some(common::TIMEOUT)).unwrap();
    client.connect("inproc://server").unwrap();

    // Four threads share the one client socket.
    let senders: Vec<_> = (0..4)
        .map(|t| {
            let client = client.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    client.send(format!("{t}-{i}")).unwrap();
                }
            })
        })
        .collect();
    for s in senders {
        s.join().unwrap();
    }
    let mut routing_id = None;
    for _ in 0..100 {
        let m = server.recv().unwrap();
        let id = m.routing_id().expect("SERVER messages carry a routing id");
        assert_eq!(*routing_id.get_or_insert(id), id);
    }
    // The reply is addressed by routing id.
    let mut reply = Message::from("back");
    reply.set_routing_id(routing_id.unwrap()).unwrap();
    server.send(reply).unwrap();
    assert_eq!(client.recv().unwrap(), "back");
    // Routing id 0 is not valid.
    assert_eq!(
        Message::from("x").set_routing_id(0),
        Err(zmq::Error::InvalidArgument)
    );
}

#[test]
fn radio_dish_groups() {
    let ctx = Context::new();
    let dish = ctx.socket::<zmq::Dish>().unwrap();
    dish.set_rcvtimeo(Some(common::TIMEOUT)).unwrap();
    dish.bind("inproc://radio").unwrap();
    dish.join("weather").unwrap();
    let radio = ctx.socket::<zmq::Radio>().unwrap();
    radio.connect("inproc://radio").unwrap();

    let deadline = std::time::Instant::now() + common::TIMEOUT;
    let mut received = None;
    while received.is_none() {
        for group in ["sport", "weather"] {
            let mut m = Message::from(format!("{group} news"));
            m.set_group(group).unwrap();
            radio.send(m).unwrap();
        }
        std::thread::sleep(Duration::from_millis(10));
        if let Ok(m) = dish.try_recv() {
            received = Some(m);
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the join never reached the radio"
        );
    }
    let m = received.unwrap();
    assert_eq!(m.group(), Some("weather"));
    assert_eq!(m, "weather news");
    while let Ok(m) = dish.try_recv() {
        assert_eq!(
            m.group(),
            Some("weather"),
            "a message of a group not joined arrived"
        );
    }
    dish.leave("weather").unwrap();
    assert_eq!(
        Message::from("x").set_group(&"g".repeat(300)),
        Err(zmq::Error::InvalidArgument)
    );
}

#[test]
fn peers_connect_and_address_each_other() {
    let ctx = Context::new();
    let a = ctx.socket::<zmq::Peer>().unwrap();
    a.set_rcvtimeo(Some(common::TIMEOUT)).unwrap();
    a.bind("inproc://peer-a").unwrap();
    let b = ctx.socket::<zmq::Peer>().unwrap();
    b.set_rcvtimeo(Some(common::TIMEOUT)).unwrap();
    let to_a = b.connect_peer("inproc://peer-a").unwrap();
    let mut m = Message::from("hello a");
    m.set_routing_id(to_a).unwrap();
    b.send(m).unwrap();
    let got = a.recv().unwrap();
    assert_eq!(got, "hello a");
    let mut back = Message::from("hello b");
    back.set_routing_id(got.routing_id().unwrap()).unwrap();
    a.send(back).unwrap();
    assert_eq!(b.recv().unwrap(), "hello b");
}

#[test]
fn poller_waits_on_thread_safe_sockets() {
    let ctx = Context::new();
    let server = ctx.socket::<zmq::Server>().unwrap();
    server.bind("inproc://polled").unwrap();
    let client = ctx.socket::<zmq::Client>().unwrap();
    client.connect("inproc://polled").unwrap();
    let mut poller = Poller::new();
    poller.add(&server, Events::IN, 1).unwrap();
    assert_eq!(poller.poll(Some(Duration::from_millis(10))).unwrap(), 0);
    client.send("wake").unwrap();
    assert_eq!(poller.poll(Some(common::TIMEOUT)).unwrap(), 1);
    assert_eq!(poller.ready()[0].token, 1);
    // Reported readable: the message is there, no wait needed.
    assert_eq!(server.try_recv().unwrap(), "wake");
}

/// A free UDP port on loopback (the OS picks it; released at once).
fn free_udp_port() -> u16 {
    let probe = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind a UDP probe");
    probe.local_addr().expect("probe address").port()
}

/// libzmq 4.3.5's DGRAM without its pipe (before any bind/connect, after
/// unbind) fails a send without an errno: a blocking send hung forever and
/// with ZMQ_SNDTIMEO libzmq aborted at dgram.cpp:65. Now it is
/// `NotConnected`. Run in a child process: the old failure was an abort.
#[test]
fn dgram_send_without_an_endpoint_is_an_error() {
    child::isolated(
        module_path!(),
        "dgram_send_without_an_endpoint_is_an_error",
        Duration::from_secs(30),
        || {
            let ctx = Context::new();
            let fresh = ctx.socket::<zmq::Dgram>().unwrap();
            fresh.set_linger(Some(Duration::ZERO)).unwrap();
            // Blocking (the old hang) and with a timeout (the old abort).
            let to = ["127.0.0.1:9", "datagram"];
            assert_eq!(fresh.send_multipart(to), Err(zmq::Error::NotConnected));
            fresh.set_sndtimeo(Some(Duration::from_millis(50))).unwrap();
            assert_eq!(fresh.send_multipart(to), Err(zmq::Error::NotConnected));
            assert_eq!(fresh.try_send("x"), Err(zmq::Error::NotConnected));
            // The same through a runtime-typed socket.
            let dynamic = ctx.socket_of_type(zmq::SocketType::Dgram).unwrap();
            dynamic.set_linger(Some(Duration::ZERO)).unwrap();
            dynamic
                .set_sndtimeo(Some(Duration::from_millis(50)))
                .unwrap();
            assert_eq!(dynamic.send_multipart(to), Err(zmq::Error::NotConnected));

            // Bound (libzmq 4.3's DGRAM only binds), it sends.
            let receiver = ctx.socket::<zmq::Dgram>().unwrap();
            common::guard(&receiver);
            let to = format!("127.0.0.1:{}", free_udp_port());
            receiver.bind(&format!("udp://{to}")).unwrap();
            let sender = ctx.socket::<zmq::Dgram>().unwrap();
            common::guard(&sender);
            let from = format!("127.0.0.1:{}", free_udp_port());
            sender.bind(&format!("udp://{from}")).unwrap();
            sender.send_multipart([to.as_str(), "hello"]).unwrap();
            let got = receiver.recv_multipart().unwrap();
            // The address frame is the sender's, NUL-terminated by libzmq.
            assert!(got[0].starts_with(from.as_bytes()));
            assert_eq!(got[1], "hello");
        },
    );
}

/// A DGRAM takes one endpoint in its life: libzmq keeps the first pipe and
/// silently drops the pipe of a second bind, so that bind did nothing. It
/// is `InvalidArgument` now, and the first endpoint keeps working. (An
/// unbind and a new bind at once could lose the new pipe to the old one,
/// which goes away asynchronously; libzmq 4.3.5 cannot unbind a `udp://`
/// endpoint, NotFound, but the guard refuses a bind after one anyway.)
#[test]
fn dgram_takes_one_endpoint_in_its_life() {
    child::isolated(
        module_path!(),
        "dgram_takes_one_endpoint_in_its_life",
        Duration::from_secs(30),
        || {
            let ctx = Context::new();
            let receiver = ctx.socket::<zmq::Dgram>().unwrap();
            common::guard(&receiver);
            let to = format!("127.0.0.1:{}", free_udp_port());
            receiver.bind(&format!("udp://{to}")).unwrap();
            for dgram in [
                ctx.socket::<zmq::Dgram>().unwrap().into_dynamic(),
                ctx.socket_of_type(zmq::SocketType::Dgram).unwrap(),
            ] {
                common::guard(&dgram);
                let first = format!("udp://127.0.0.1:{}", free_udp_port());
                dgram.bind(&first).unwrap();
                let second = format!("udp://127.0.0.1:{}", free_udp_port());
                assert_eq!(dgram.bind(&second), Err(zmq::Error::InvalidArgument));
                assert_eq!(dgram.unbind(&first), Err(zmq::Error::NotFound));
                dgram.send_multipart([to.as_str(), "still here"]).unwrap();
                assert_eq!(receiver.recv_multipart().unwrap()[1], "still here");
            }
        },
    );
}

/// zmq_socket_get_peer_state: OUT while the peer's pipe has room, empty
/// once it is full, HostUnreachable for an unknown peer.
#[test]
fn router_peer_state_follows_the_pipe() {
    let ctx = Context::new();
    let router = common::socket::<zmq::Router>(&ctx);
    router.set_router_mandatory(true).unwrap();
    router.set_sndhwm(1).unwrap();
    let endpoint = format!("inproc://peer-state-{}", common::unique());
    router.bind(&endpoint).unwrap();
    let dealer = common::socket::<zmq::Dealer>(&ctx);
    dealer.set_rcvhwm(1).unwrap();
    dealer.set_routing_id("d1").unwrap();
    dealer.connect(&endpoint).unwrap();
    dealer.send("hello").unwrap();
    router.recv_multipart().unwrap();
    assert_eq!(router.peer_state("d1"), Ok(Events::OUT));
    assert_eq!(
        router.peer_state("nobody"),
        Err(zmq::Error::HostUnreachable)
    );
    let mut sent = 0;
    while router
        .send_with("d1", zmq::SendFlags::SNDMORE | zmq::SendFlags::DONTWAIT)
        .is_ok()
    {
        router.send("x").unwrap();
        sent += 1;
        assert!(sent < 1000, "the pipe never filled");
    }
    assert_eq!(router.peer_state("d1"), Ok(Events::empty()));
}

/// zmq_poller_fd: readable when a registered thread-safe socket has input;
/// a poller of classic sockets has none.
#[test]
fn poller_fd_signals_a_thread_safe_socket() {
    let ctx = Context::new();
    let (server, client) = common::bound_and_connected::<zmq::Server, zmq::Client>(&ctx, "inproc");
    let pull = common::socket::<zmq::Pull>(&ctx);
    let mut classic = Poller::new();
    classic.add(&pull, Events::IN, 0).unwrap();
    assert_eq!(classic.fd(), Err(zmq::Error::InvalidArgument));

    let mut poller = Poller::new();
    poller.add(&server, Events::IN, 0).unwrap();
    let fd = poller.fd().unwrap();
    let readable = |ms| {
        let mut items = [zmq::PollItem::from_fd(fd, Events::IN)];
        zmq::poll(&mut items, Some(Duration::from_millis(ms))).unwrap();
        items[0].is_readable()
    };
    // Drain what adding the socket may have signalled.
    poller.poll(Some(Duration::ZERO)).unwrap();
    while readable(0) {
        poller.poll(Some(Duration::ZERO)).unwrap();
    }
    client.send("wake").unwrap();
    assert!(readable(5000), "zmq_poller_fd did not signal the message");
    assert_eq!(poller.poll(Some(Duration::ZERO)).unwrap(), 1);
    assert_eq!(server.recv().unwrap(), "wake");
}

/// zmq_ppoll applies its signal mask during the wait: a signal the thread
/// blocks interrupts a ppoll whose mask lets it through, and a ready item
/// is reported as by zmq_poll.
#[cfg(unix)]
#[test]
fn ppoll_swaps_in_the_signal_mask() {
    extern "C" fn on_signal(_: libc::c_int) {}
    let ctx = Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "inproc");
    let result = common::within(Duration::from_secs(30), move || {
        // SAFETY: plain libc calls on valid, initialised sigsets; the
        // handler does nothing.
        unsafe {
            libc::signal(
                libc::SIGUSR2,
                on_signal as extern "C" fn(libc::c_int) as *const () as libc::sighandler_t,
            );
            let mut blocked: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut blocked);
            libc::sigaddset(&mut blocked, libc::SIGUSR2);
            libc::pthread_sigmask(libc::SIG_BLOCK, &blocked, std::ptr::null_mut());
            // Pending, as the thread blocks it.
            libc::pthread_kill(libc::pthread_self(), libc::SIGUSR2);
            let mut open: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut open);
            let mut items = [pull.as_poll_item(Events::IN)];
            // Blocked during this wait too: it times out.
            let kept = zmq::ppoll(&mut items, Some(Duration::from_millis(50)), Some(&blocked));
            // Let through during this one: interrupted at once.
            let interrupted = zmq::ppoll(&mut items, Some(Duration::from_secs(10)), Some(&open));
            push.send("x").unwrap();
            let ready = zmq::ppoll(&mut items, Some(Duration::from_secs(10)), None);
            (kept, interrupted, ready, items[0].is_readable())
        }
    });
    assert_eq!(result, (Ok(0), Err(zmq::Error::Interrupted), Ok(1), true));
}
