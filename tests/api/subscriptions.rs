//! Subscription prefixes against libzmq's recursive subscription trie: a
//! prefix of some 100 kB overflowed the stack on unsubscribe or close, and a
//! remote peer could crash a proxy with one subscribe and unsubscribe.

use crate::common;
use crate::common::child;

use std::time::Duration;
use zmq::{Context, MAX_SUBSCRIPTION_LEN};

#[test]
fn an_over_long_prefix_is_refused_locally() {
    let ctx = Context::new();
    let sub = common::socket::<zmq::Sub>(&ctx);
    let long = vec![b'a'; MAX_SUBSCRIPTION_LEN + 1];
    assert_eq!(sub.subscribe(&long), Err(zmq::Error::InvalidArgument));
    assert_eq!(sub.unsubscribe(&long), Err(zmq::Error::InvalidArgument));
    let huge = vec![b'a'; 200_000];
    assert_eq!(sub.subscribe(&huge), Err(zmq::Error::InvalidArgument));
    // XPUB in manual mode takes subscriptions through the same setter.
    let xpub = common::socket::<zmq::XPub>(&ctx);
    xpub.set_xpub_manual(true).unwrap();
    assert_eq!(xpub.subscribe(&long), Err(zmq::Error::InvalidArgument));
    // The limit itself is accepted.
    let longest = vec![b'a'; MAX_SUBSCRIPTION_LEN];
    sub.subscribe(&longest).unwrap();
    sub.unsubscribe(&longest).unwrap();
}

/// The longest allowed prefix is far from the stack's limit even on a
/// 2 MiB thread (Rust's default for spawned threads): subscribe,
/// unsubscribe, subscribe again and close there, the close finishing in
/// libzmq's reaper thread.
#[test]
fn the_longest_prefix_is_safe_on_a_2_mib_thread() {
    let ctx = Context::new();
    let worker = {
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let pubs = common::socket::<zmq::Pub>(&ctx);
                let endpoint = common::bind_any(&pubs, "inproc");
                let sub = common::socket::<zmq::Sub>(&ctx);
                sub.connect(&endpoint).unwrap();
                let mut prefix = vec![b'p'; MAX_SUBSCRIPTION_LEN];
                sub.subscribe(&prefix).unwrap();
                sub.unsubscribe(&prefix).unwrap();
                sub.subscribe(&prefix).unwrap();
                // The subscription works: a matching message arrives.
                prefix.extend_from_slice(b" payload");
                let deadline = std::time::Instant::now() + common::TIMEOUT;
                loop {
                    pubs.send(&prefix[..]).unwrap();
                    if let Ok(m) = sub.try_recv() {
                        assert_eq!(&m[..], &prefix[..]);
                        break;
                    }
                    assert!(std::time::Instant::now() < deadline, "nothing arrived");
                    std::thread::sleep(Duration::from_millis(10));
                }
                drop(sub);
            })
            .unwrap()
    };
    worker.join().expect("the 2 MiB thread survived");
    drop(ctx);
}

/// The vendored libzmq's trie stores prefixes up to `MAX_SUBSCRIPTION_LEN`
/// bytes and no longer: a SUB subscribed past the local check (through the
/// raw option) receives what matches a prefix of that length, and nothing
/// for one a byte longer, which it did not store.
#[cfg(feature = "vendored")]
#[test]
fn the_vendored_trie_stores_up_to_max_subscription_len() {
    let ctx = Context::new();
    let (publisher, sub) = common::bound_and_connected::<zmq::Pub, zmq::Sub>(&ctx, "tcp");
    let longest = vec![b'a'; MAX_SUBSCRIPTION_LEN];
    let too_long = vec![b'b'; MAX_SUBSCRIPTION_LEN + 1];
    // SAFETY: the vendored libzmq's patched trie stores no prefix this
    // long (this test needs the vendored build), so nothing overflows.
    unsafe { sub.set_option_raw(zmq::sys::ZMQ_SUBSCRIBE, &too_long) }.unwrap();
    sub.subscribe(&longest).unwrap();
    let deadline = std::time::Instant::now() + common::TIMEOUT;
    let mut received = 0;
    while received < 3 {
        publisher.send(&too_long[..]).unwrap();
        publisher.send(&longest[..]).unwrap();
        while let Ok(m) = sub.try_recv() {
            assert!(
                m[..] == longest[..],
                "a message for the over-long prefix arrived"
            );
            received += 1;
        }
        assert!(std::time::Instant::now() < deadline, "nothing arrived");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A remote peer sends one long subscribe and its unsubscribe through a
/// `proxy(&xpub, &xsub)`: before the vendored libzmq's trie patch, the
/// proxy's XSUB stored the prefix and its unsubscribe overflowed the proxy
/// thread's stack (a crash of the whole process). Now the proxy goes on
/// forwarding, and stops cleanly.
///
/// The patch is in the vendored build only: a system libzmq 4.3 still
/// crashes here (README: the guard is `MAX_SUBSCRIPTION_LEN` on local
/// subscriptions, and `ZMQ_MAXMSGSIZE` on an XPUB that faces remote peers).
#[cfg(feature = "vendored")]
#[test]
fn a_remote_long_subscription_does_not_crash_a_proxy() {
    child::isolated(
        module_path!(),
        "a_remote_long_subscription_does_not_crash_a_proxy",
        Duration::from_secs(60),
        remote_long_subscription,
    );
}

#[cfg(feature = "vendored")]
fn remote_long_subscription() {
    let ctx = Context::new();
    // The proxy: subscribers connect to its XPUB, publishers to its XSUB.
    let xpub = ctx.socket::<zmq::XPub>().unwrap();
    xpub.set_linger(Some(Duration::ZERO)).unwrap();
    let front = common::bind_any(&xpub, "tcp");
    let xsub = ctx.socket::<zmq::XSub>().unwrap();
    xsub.set_linger(Some(Duration::ZERO)).unwrap();
    let back = common::bind_any(&xsub, "tcp");
    let proxy = std::thread::spawn(move || {
        let r = zmq::proxy(&xpub, &xsub);
        (r, xpub, xsub)
    });

    let publisher = common::socket::<zmq::Pub>(&ctx);
    publisher.connect(&back).unwrap();

    // The remote peer speaks ZMTP itself: a libzmq XSUB would keep the
    // prefix in its own trie and crash the sender instead.
    let _peer = zmtp_subscriber(&front, &[100_000, 1_000_000]);

    // An ordinary subscriber still gets what the publisher sends.
    let sub = common::socket::<zmq::Sub>(&ctx);
    sub.connect(&front).unwrap();
    sub.subscribe("news").unwrap();
    let deadline = std::time::Instant::now() + common::TIMEOUT;
    loop {
        publisher.send("news: still here").unwrap();
        if let Ok(m) = sub.try_recv() {
            assert_eq!(m, "news: still here");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the proxy forwards nothing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    ctx.shutdown().unwrap();
    let (r, _xpub, _xsub) = proxy.join().expect("the proxy thread");
    assert_eq!(r, Err(zmq::Error::Terminated));
}

/// Connects to `endpoint` (`tcp://host:port`) as a ZMTP 3.0 SUB with the
/// NULL mechanism, and sends, for each length, a subscription to a prefix
/// of that many bytes and then its unsubscription (ZMTP 3.0 subscription
/// messages: a first byte of 1 or 0, then the prefix). The stream is
/// returned so that the connection stays open.
#[cfg(feature = "vendored")]
fn zmtp_subscriber(endpoint: &str, lengths: &[usize]) -> std::net::TcpStream {
    use std::io::{Read, Write};
    let address = endpoint.strip_prefix("tcp://").expect("a tcp endpoint");
    let mut stream = std::net::TcpStream::connect(address).expect("connect to the proxy");
    // Greeting: signature, version 3.0, mechanism "NULL", as-server 0, filler.
    let mut greeting = vec![0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3, 0];
    greeting.extend_from_slice(b"NULL");
    greeting.resize(64, 0);
    stream.write_all(&greeting).unwrap();
    // READY command with the Socket-Type property.
    let mut ready = vec![5];
    ready.extend_from_slice(b"READY");
    ready.push(11);
    ready.extend_from_slice(b"Socket-Type");
    ready.extend_from_slice(&3u32.to_be_bytes());
    ready.extend_from_slice(b"SUB");
    let mut command = vec![0x04, ready.len() as u8];
    command.extend_from_slice(&ready);
    stream.write_all(&command).unwrap();
    // Wait for the XPUB's greeting and READY (libzmq drops a connection
    // whose first message comes in with the handshake).
    let mut greeting = [0u8; 64];
    stream.read_exact(&mut greeting).unwrap();
    let mut header = [0u8; 2];
    stream.read_exact(&mut header).unwrap();
    assert_eq!(header[0], 0x04, "a short command (READY) from the XPUB");
    let mut ready = vec![0u8; usize::from(header[1])];
    stream.read_exact(&mut ready).unwrap();
    assert!(ready.starts_with(b"\x05READY"));
    for &len in lengths {
        for first in [1u8, 0] {
            // A long frame: flags 0x02, then a 64-bit length.
            let mut frame = vec![0x02];
            frame.extend_from_slice(&(len as u64 + 1).to_be_bytes());
            frame.push(first);
            frame.resize(frame.len() + len, b'x');
            stream.write_all(&frame).unwrap();
        }
    }
    stream.flush().unwrap();
    stream
}
