//! libzmq 4.3.5 lost messages over ipc when the sender closed right after
//! sending (libzmq issue #4660): when the receiver's queue was full (its
//! high-water mark reached, so its engine had stopped reading) at the time
//! the sender's close reached it, the receiver took the hang-up (EPOLLHUP,
//! which an AF_UNIX peer's close raises at once, unlike TCP's FIN) for an
//! I/O error and, once the application had read the queue, tore the
//! connection down without reading what was still in the kernel buffer.
//! The vendored libzmq carries a patch (vendor/patches/
//! ipc-read-after-hangup.patch) that reads it out first.

mod common;

use std::time::Duration;

/// The receiver's queue (`ZMQ_RCVHWM`): small, so that it fills at once.
const RCVHWM: i32 = 10;
/// How many messages a round sends, and how big: 30 kB, far more than the
/// queue and the 8 kB the receiver's engine reads at a time, so most of it
/// waits in the kernel buffer when the engine stops reading; and little
/// enough that the kernel takes all of it even one message per write, so
/// that the sender finishes while the receiver does not read.
const N: usize = 100;
const SIZE: usize = 300;

/// One round: a PUSH in its own context sends `N` messages and goes away
/// (socket closed, then its context terminated, which waits for the queued
/// messages to reach the kernel: the default linger); only then does the
/// PULL start reading. Returns how many arrived.
fn round(endpoint_transport: &str, close_context: bool) -> usize {
    let rctx = zmq::Context::new();
    let pull = common::socket::<zmq::Pull>(&rctx);
    pull.set_rcvtimeo(Some(Duration::from_secs(2))).unwrap();
    pull.set_rcvhwm(RCVHWM).unwrap();
    let endpoint = common::bind_any(&pull, endpoint_transport);

    let sctx = zmq::Context::new();
    let push = sctx.socket::<zmq::Push>().unwrap();
    push.set_sndtimeo(Some(common::TIMEOUT)).unwrap();
    push.connect(&endpoint).unwrap();
    for i in 0..N {
        let mut m = format!("{i:06}").into_bytes();
        m.resize(SIZE, b'.');
        push.send(m).unwrap();
    }
    drop(push);
    if close_context {
        drop(sctx);
    } else {
        // The socket's close completes in the background: give it time.
        std::thread::sleep(Duration::from_millis(300));
    }
    // Let the receiver's I/O thread see the hang-up before reading.
    std::thread::sleep(Duration::from_millis(100));

    let mut got = 0;
    while got < N {
        match pull.recv() {
            Ok(m) => {
                assert_eq!(&m[..6], format!("{got:06}").as_bytes(), "in order");
                got += 1;
            }
            Err(zmq::Error::Again) => break,
            Err(e) => panic!("recv: {e}"),
        }
    }
    got
}

fn every_message_arrives(transport: &str, close_context: bool) {
    let got: Vec<usize> = (0..10).map(|_| round(transport, close_context)).collect();
    assert!(
        got.iter().all(|&n| n == N),
        "messages lost over {transport} (of {N} per round, received {got:?})"
    );
}

#[test]
fn ipc_push_closed_with_its_context_loses_nothing() {
    common::within(Duration::from_secs(120), || {
        every_message_arrives("ipc", true)
    });
}

#[test]
fn ipc_push_closed_alone_loses_nothing() {
    common::within(Duration::from_secs(120), || {
        every_message_arrives("ipc", false)
    });
}

#[test]
fn tcp_push_closed_with_its_context_loses_nothing() {
    common::within(Duration::from_secs(120), || {
        every_message_arrives("tcp", true)
    });
}
