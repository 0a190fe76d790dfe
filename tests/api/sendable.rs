//! `Socket::send` and its relatives take any `zmq::Sendable`: borrowed bytes
//! go through `zmq_send`, owned buffers and messages through
//! `zmq_msg_send`. Every accepted type, at sizes on both sides of the
//! 33-byte inline limit and of the zero-copy threshold, arrives with the
//! right bytes and frame boundaries, and the flags reach libzmq on both
//! paths.

// The borrowed forms (`&Message`, `&[u8; N]`) are what these tests are about.
#![allow(clippy::needless_borrows_for_generic_args)]

use crate::common::{bound_and_connected, socket, TRANSPORTS};
use zmq::{Error, Message, Pull, Push, SendFlags};

const SIZES: [usize; 9] = [0, 1, 33, 34, 255, 256, 257, 4096, 1 << 20];

/// A payload whose bytes depend on their position and on `seed`.
fn payload(size: usize, seed: u8) -> Vec<u8> {
    (0..size)
        .map(|i| (i as u8).wrapping_mul(31) ^ seed)
        .collect()
}

/// Sends one message per accepted type through `push` and returns what each
/// was, in order.
fn send_every_type(push: &zmq::Socket<Push>, size: usize) -> Vec<Vec<u8>> {
    let mut sent = Vec::new();
    let mut send = |seed: u8, f: &mut dyn FnMut(Vec<u8>) -> zmq::Result<()>| {
        let data = payload(size, seed);
        f(data.clone()).unwrap_or_else(|e| panic!("send of type #{seed} at {size} B: {e}"));
        sent.push(data);
    };
    send(0, &mut |d| push.send(&d[..]));
    send(1, &mut |d| push.send(&d));
    send(2, &mut |d| push.send(d));
    send(3, &mut |d| push.send(d.into_boxed_slice()));
    send(4, &mut |d| push.send(Message::from(d)));
    send(5, &mut |d| push.send(&Message::from(d)));
    #[cfg(feature = "bytes")]
    send(9, &mut |d| push.send(bytes::Bytes::from(d)));
    // Text: payloads of ASCII only, so that they are valid UTF-8.
    let text = |d: Vec<u8>| String::from_utf8(d.iter().map(|b| b & 0x7f).collect()).unwrap();
    let mut send_text = |seed: u8, f: &mut dyn FnMut(String) -> zmq::Result<()>| {
        let s = text(payload(size, seed));
        sent.push(s.clone().into_bytes());
        f(s).unwrap_or_else(|e| panic!("send of text #{seed} at {size} B: {e}"));
    };
    send_text(6, &mut |s| push.send(s.as_str()));
    send_text(7, &mut |s| push.send(&s));
    send_text(8, &mut |s| push.send(s));
    sent
}

fn recv_all(pull: &zmq::Socket<Pull>, sent: &[Vec<u8>], what: &str) {
    for (i, expected) in sent.iter().enumerate() {
        let got = pull
            .recv()
            .unwrap_or_else(|e| panic!("{what}: recv #{i}: {e}"));
        assert!(!got.more(), "{what}: message #{i} is one frame");
        assert_eq!(got.len(), expected.len(), "{what}: length of message #{i}");
        assert!(got[..] == expected[..], "{what}: bytes of message #{i}");
    }
}

#[test]
fn every_type_and_size_arrives_intact() {
    let ctx = zmq::Context::new();
    for transport in TRANSPORTS {
        let (pull, push) = bound_and_connected::<Pull, Push>(&ctx, transport);
        for size in SIZES {
            let sent = send_every_type(&push, size);
            recv_all(&pull, &sent, &format!("{transport} {size} B"));
        }
    }
}

#[test]
fn arrays_by_value_and_by_reference() {
    let ctx = zmq::Context::new();
    let (pull, push) = bound_and_connected::<Pull, Push>(&ctx, "inproc");
    push.send([1u8, 2, 3]).unwrap();
    push.send(&[4u8; 40]).unwrap();
    push.send(b"literal").unwrap();
    push.send([0u8; 0]).unwrap();
    assert_eq!(pull.recv().unwrap(), [1u8, 2, 3]);
    assert_eq!(pull.recv().unwrap(), [4u8; 40]);
    assert_eq!(pull.recv().unwrap(), "literal");
    assert!(pull.recv().unwrap().is_empty());
}

#[test]
fn multipart_mixes_both_paths_and_keeps_frame_boundaries() {
    let ctx = zmq::Context::new();
    let (pull, push) = bound_and_connected::<Pull, Push>(&ctx, "inproc");
    let big = payload(4096, 7);
    // send_more with borrowed bytes (zmq_send with SNDMORE), then an owned
    // buffer, then a message.
    push.send_more(&big[..10]).unwrap();
    push.send_more(big.clone()).unwrap();
    push.send(Message::from("end")).unwrap();
    // send_multipart over borrowed and owned items.
    push.send_multipart([&big[..], &big[..1], b""]).unwrap();
    push.send_multipart(vec![big.clone(), Vec::new()]).unwrap();
    push.send_with("x", SendFlags::SNDMORE | SendFlags::DONTWAIT)
        .unwrap();
    push.send_with(&big, SendFlags::DONTWAIT).unwrap();

    let lens = |parts: zmq::Multipart| parts.iter().map(|m| m.len()).collect::<Vec<_>>();
    let first = pull.recv_multipart().unwrap();
    assert_eq!(&first[0][..], &big[..10]);
    assert_eq!(&first[1][..], &big[..]);
    assert_eq!(first[2], "end");
    assert_eq!(lens(first), [10, 4096, 3]);
    assert_eq!(lens(pull.recv_multipart().unwrap()), [4096, 1, 0]);
    assert_eq!(lens(pull.recv_multipart().unwrap()), [4096, 0]);
    let last = pull.recv_multipart().unwrap();
    assert_eq!(last[0], "x");
    assert_eq!(&last[1][..], &big[..]);
}

#[test]
fn dontwait_fails_with_again_on_both_paths() {
    let ctx = zmq::Context::new();
    // A PUSH socket with no peer cannot queue anything.
    let push = socket::<Push>(&ctx);
    assert_eq!(push.try_send(&b"borrowed"[..]), Err(Error::Again));
    assert_eq!(push.try_send("text"), Err(Error::Again));
    assert_eq!(push.try_send(vec![1u8; 1000]), Err(Error::Again));
    assert_eq!(push.try_send(Message::from("m")), Err(Error::Again));
    // With a timeout, a blocking send gives up with Again on both paths.
    push.set_sndtimeo(Some(std::time::Duration::from_millis(20)))
        .unwrap();
    assert_eq!(push.send(&[0u8; 100][..]), Err(Error::Again));
    assert_eq!(push.send(vec![0u8; 1000]), Err(Error::Again));
}

#[test]
fn generic_code_can_bound_on_sendable() {
    fn send_all<T: zmq::Sendable>(push: &zmq::Socket<Push>, items: Vec<T>) -> zmq::Result<()> {
        items.into_iter().try_for_each(|item| push.send(item))
    }
    fn as_message<T: zmq::Sendable>(item: T) -> Message {
        item.into()
    }
    let ctx = zmq::Context::new();
    let (pull, push) = bound_and_connected::<Pull, Push>(&ctx, "inproc");
    send_all(&push, vec!["a", "bc"]).unwrap();
    send_all(&push, vec![vec![9u8; 300]]).unwrap();
    assert_eq!(pull.recv().unwrap(), "a");
    assert_eq!(pull.recv().unwrap(), "bc");
    assert_eq!(pull.recv().unwrap(), [9u8; 300]);
    assert_eq!(as_message(&b"xy"[..]), "xy");
}

/// libzmq's errors come back on the `zmq_send` path as on the message
/// path: after `Context::shutdown` both are `Terminated`.
#[test]
fn borrowed_send_after_shutdown_is_terminated() {
    let ctx = zmq::Context::new();
    let push = socket::<Push>(&ctx);
    ctx.shutdown().unwrap();
    assert_eq!(push.send(&b"x"[..]), Err(Error::Terminated));
    assert_eq!(push.send(vec![0u8; 1000]), Err(Error::Terminated));
}
