//! Crashes inside libzmq 4.3.5 that safe calls reached (found by the random
//! call sequences of tests/api/proptests.rs). Each scenario runs in a child
//! process under a time limit: before its fix it aborted or crashed the
//! whole process.
//!
//! Two are fixed by patches of the vendored libzmq (vendor/patches/, see
//! vendor/README.md), so those tests need the vendored build; one by a guard
//! in the safe API, on every build.

use crate::common;
use crate::common::child;

use std::time::Duration;
use zmq::{Context, Error, SocketType};

const LIMIT: Duration = Duration::from_secs(60);

/// A socket with `ZMQ_CONFLATE` connects to an inproc endpoint that nobody
/// binds, and is dropped with its context. `zmq_ctx_term` then binds a PAIR
/// to each pending endpoint and reads the connecting socket's routing id out
/// of the pipe; a conflate pipe holds one message, and once the closing
/// socket's delimiter has replaced the routing id the read failed and
/// libzmq aborted (ctx.cpp:789, `ok`), in about half the runs. Fixed by
/// vendor/patches/inproc-conflate-pending.patch.
#[cfg(feature = "vendored")]
#[test]
fn conflate_socket_connected_to_an_unbound_inproc_endpoint_terminates() {
    child::isolated(
        module_path!(),
        "conflate_socket_connected_to_an_unbound_inproc_endpoint_terminates",
        LIMIT,
        || {
            let kinds = [
                SocketType::Push,
                SocketType::Pull,
                SocketType::Dealer,
                SocketType::Sub,
                SocketType::Pub,
            ];
            // Each round aborted with a probability of about one half.
            for round in 0..20 {
                for kind in kinds {
                    let ctx = Context::new();
                    let s = ctx.socket_of_type(kind).unwrap();
                    s.set_linger(Some(Duration::ZERO)).unwrap();
                    s.set_conflate(true).unwrap();
                    s.connect(&format!("inproc://nobody-{}", common::unique()))
                        .unwrap();
                    if round % 2 == 1 {
                        // Give the reaper time to write the delimiter.
                        drop(s);
                        std::thread::sleep(Duration::from_millis(1));
                    } else {
                        drop(s);
                    }
                    common::within(common::TIMEOUT, move || drop(ctx));
                }
            }
        },
    );
}

/// The same pending pipe meets a socket that binds later (not the context's
/// termination): the conflated connecter has closed, or disconnected, or
/// sent a message, before the bind. No abort, and the binder still works.
#[cfg(feature = "vendored")]
#[test]
fn a_later_bind_meets_a_conflated_pending_connection() {
    child::isolated(
        module_path!(),
        "a_later_bind_meets_a_conflated_pending_connection",
        LIMIT,
        || {
            for round in 0..20 {
                let ctx = Context::new();
                let endpoint = format!("inproc://later-{}", common::unique());
                let push = common::socket::<zmq::Push>(&ctx);
                push.set_conflate(true).unwrap();
                push.connect(&endpoint).unwrap();
                match round % 3 {
                    0 => drop(push),
                    1 => push.disconnect(&endpoint).unwrap(),
                    _ => push.send("early").unwrap(),
                }
                std::thread::sleep(Duration::from_millis(5));
                let pull = common::socket::<zmq::Pull>(&ctx);
                pull.bind(&endpoint).unwrap();
                // A fresh connecter is served as usual.
                let other = common::socket::<zmq::Push>(&ctx);
                other.connect(&endpoint).unwrap();
                other.send("hello").unwrap();
                loop {
                    let msg = pull.recv().unwrap();
                    if msg == "hello" {
                        break;
                    }
                    // The only other message is the conflated one, if any.
                    assert_eq!(msg, "early");
                }
                drop((pull, other));
                common::within(common::TIMEOUT, move || drop(ctx));
            }
        },
    );
}

/// `set_sndhwm` after a PAIR refused the socket's inproc pipe (it had a peer
/// already): the refused side had acknowledged the pipe's termination, then
/// sent the new high-water marks to the peer pipe, which was deallocated by
/// the time the binder processed the command (SIGSEGV in
/// `object_t::process_command`). Fixed by
/// vendor/patches/pipe-hwm-after-term.patch.
#[cfg(feature = "vendored")]
#[test]
fn hwm_change_after_a_refused_inproc_pipe_is_safe() {
    child::isolated(
        module_path!(),
        "hwm_change_after_a_refused_inproc_pipe_is_safe",
        LIMIT,
        || {
            for _ in 0..20 {
                let ctx = Context::new();
                let pairs: Vec<zmq::Socket<zmq::Dynamic>> = (0..3)
                    .map(|_| {
                        let s = ctx.socket_of_type(SocketType::Pair).unwrap();
                        s.set_linger(Some(Duration::ZERO)).unwrap();
                        s
                    })
                    .collect();
                let endpoint = format!("inproc://refused-{}", common::unique());
                pairs[0].bind(&endpoint).unwrap();
                pairs[1].connect(&endpoint).unwrap();
                pairs[2].connect(&endpoint).unwrap();
                // #0 takes #1's pipe and refuses #2's.
                pairs[0].events().unwrap();
                let mut buf = [0u8; 8];
                assert_eq!(
                    pairs[2].recv_slice_with(&mut buf, zmq::RecvFlags::DONTWAIT),
                    Err(Error::Again)
                );
                pairs[2].set_sndhwm(1971).unwrap();
                pairs[2].set_rcvhwm(1971).unwrap();
                assert_eq!(pairs[2].sndhwm(), Ok(1971));
                // #0 processes its commands (the crash was here).
                pairs[0].events().unwrap();
                // The accepted pair still talks.
                pairs[1].send("ping").unwrap();
                pairs[0].set_rcvtimeo(Some(common::TIMEOUT)).unwrap();
                assert_eq!(pairs[0].recv().unwrap(), "ping");
                drop(pairs);
                common::within(common::TIMEOUT, move || drop(ctx));
            }
        },
    );
}

/// A `Socket<Dynamic>` setter of a ROUTER option, by name.
type Setter = (
    &'static str,
    fn(&zmq::Socket<zmq::Dynamic>) -> zmq::Result<()>,
);

/// The ROUTER options that libzmq's REP (a ROUTER inside) takes and is
/// then broken by: ZMQ_ROUTER_MANDATORY under its three names, and
/// ZMQ_ROUTER_RAW.
#[allow(deprecated)]
const REP_BREAKERS: [Setter; 4] = [
    ("set_router_mandatory", |s| s.set_router_mandatory(true)),
    ("set_fail_unroutable", |s| s.set_fail_unroutable(true)),
    ("set_router_behavior", |s| s.set_router_behavior(true)),
    ("set_router_raw", |s| s.set_router_raw(true)),
];

/// libzmq's REP is a ROUTER inside and accepted `ZMQ_ROUTER_MANDATORY`
/// (and its old names); once the requester had gone, the REP's next receive
/// copied the request's envelope into a reply pipe that no longer exists,
/// the ROUTER code refused it (EHOSTUNREACH) and libzmq aborted (rep.cpp:64).
/// The `Dynamic` setters of the ROUTER-only options now refuse every other
/// kind with `InvalidArgument`, on every build.
#[test]
fn router_mandatory_on_a_dynamic_rep_is_refused() {
    child::isolated(
        module_path!(),
        "router_mandatory_on_a_dynamic_rep_is_refused",
        LIMIT,
        || {
            let ctx = Context::new();
            let rep = ctx.socket_of_type(SocketType::Rep).unwrap();
            common::guard(&rep);
            let endpoint = common::bind_any(&rep, "inproc");
            let mandatory = rep.set_router_mandatory(true);
            for round in 0..3 {
                let req = common::socket::<zmq::Req>(&ctx);
                req.connect(&endpoint).unwrap();
                req.send("request").unwrap();
                drop(req);
                // Let the requester's close reach the REP's pipe.
                std::thread::sleep(Duration::from_millis(100));
                let got = rep.recv().unwrap();
                assert_eq!(got, "request", "round {round}");
                // The reply goes nowhere (the requester is gone).
                rep.send("reply").unwrap();
            }
            assert_eq!(mandatory, Err(Error::InvalidArgument));
        },
    );
}

/// `ZMQ_ROUTER_RAW` on a REP: a receive of a REQ's request over inproc
/// aborted (fq.cpp:80, `!_more`). Refused by the `Dynamic` setter now.
#[test]
fn router_raw_on_a_dynamic_rep_is_refused() {
    child::isolated(
        module_path!(),
        "router_raw_on_a_dynamic_rep_is_refused",
        LIMIT,
        || {
            let ctx = Context::new();
            let rep = ctx.socket_of_type(SocketType::Rep).unwrap();
            common::guard(&rep);
            #[allow(deprecated)]
            let raw = rep.set_router_raw(true);
            let endpoint = common::bind_any(&rep, "inproc");
            let req = common::socket::<zmq::Req>(&ctx);
            req.connect(&endpoint).unwrap();
            req.send("request").unwrap();
            assert_eq!(rep.recv().unwrap(), "request");
            rep.send("reply").unwrap();
            assert_eq!(req.recv().unwrap(), "reply");
            assert_eq!(raw, Err(Error::InvalidArgument));
        },
    );
}

/// The `Dynamic` setters of those options refuse every kind but ROUTER
/// (REP, whose libzmq code would take them, among them) and still work on
/// a ROUTER.
#[test]
fn rep_breaking_options_are_refused_on_other_dynamic_kinds() {
    let ctx = Context::new();
    let router = ctx.socket_of_type(SocketType::Router).unwrap();
    for (name, set) in REP_BREAKERS {
        assert_eq!(set(&router), Ok(()), "{name} on ROUTER");
    }
    // A typed socket made dynamic is checked too.
    let typed_rep = ctx.socket::<zmq::Rep>().unwrap().into_dynamic();
    for kind in [
        SocketType::Rep,
        SocketType::Req,
        SocketType::Dealer,
        SocketType::Pair,
        SocketType::Stream,
        SocketType::Pub,
    ] {
        let s = ctx.socket_of_type(kind).unwrap();
        for (name, set) in REP_BREAKERS {
            assert_eq!(set(&s), Err(Error::InvalidArgument), "{name} on {kind:?}");
            assert_eq!(set(&typed_rep), Err(Error::InvalidArgument), "{name}");
        }
    }
}

/// A STREAM socket on inproc: a peer's multipart message made libzmq abort
/// in the STREAM's `recv` (stream.cpp:174, `!(flags & more)`), since over
/// inproc the peer's frames reach it as they were sent, where tcp and ipc
/// give it single raw frames. `bind` and `connect` refuse inproc for STREAM
/// sockets, typed or `Dynamic`, on every build. The child plays the whole
/// scenario: with the old code it aborted.
#[test]
fn a_stream_socket_refuses_inproc() {
    child::isolated(
        module_path!(),
        "a_stream_socket_refuses_inproc",
        LIMIT,
        || {
            let ctx = Context::new();
            let endpoint = format!("inproc://stream-{}", common::unique());
            let stream = ctx.socket::<zmq::Stream>().unwrap();
            let bound = stream.bind(&endpoint);
            if bound.is_ok() {
                // The old behaviour: a multipart message from a peer aborts.
                let dealer = ctx.socket::<zmq::Dealer>().unwrap();
                dealer.connect(&endpoint).unwrap();
                dealer.send_multipart(["a", "b"]).unwrap();
                stream.set_rcvtimeo(Some(common::TIMEOUT)).unwrap();
                let _ = stream.recv();
            }
            assert_eq!(bound, Err(Error::IncompatibleProtocol));
            assert_eq!(stream.connect(&endpoint), Err(Error::IncompatibleProtocol));

            let dynamic = ctx.socket_of_type(SocketType::Stream).unwrap();
            assert_eq!(dynamic.bind(&endpoint), Err(Error::IncompatibleProtocol));
            assert_eq!(dynamic.connect(&endpoint), Err(Error::IncompatibleProtocol));

            // Other kinds keep inproc, and STREAM keeps tcp.
            let dealer = ctx.socket_of_type(SocketType::Dealer).unwrap();
            dealer.bind(&endpoint).unwrap();
            stream.bind("tcp://127.0.0.1:*").unwrap();
        },
    );
}
