//! Soak: many messages PUSH -> PULL over tcp and ipc, every one counted and
//! its content checked, with resident memory flat.
//!
//! `ZMQ_SOAK_MESSAGES` sets the count per transport (default 1 000 000, a few
//! seconds in a debug build). A long run:
//! `ZMQ_SOAK_MESSAGES=10000000 cargo test --release --test soak -- --nocapture`.

mod common;

use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

const DEFAULT_MESSAGES: u64 = 1_000_000;
/// Payload: the sequence number, then bytes derived from it.
const SIZE: usize = 64;
/// Allowed growth of resident memory between the warm-up and the end.
const RSS_GROWTH_LIMIT_KB: u64 = 32 * 1024;

/// The RSS measurement needs the process to itself: one soak at a time.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn messages() -> u64 {
    match std::env::var("ZMQ_SOAK_MESSAGES") {
        Ok(n) => n.parse().expect("ZMQ_SOAK_MESSAGES is a count"),
        Err(_) => DEFAULT_MESSAGES,
    }
}

/// VmRSS of this process in kB.
fn rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .expect("a VmRSS line");
    line.split_whitespace()
        .nth(1)
        .and_then(|kb| kb.parse().ok())
        .expect("VmRSS in kB")
}

fn payload(seq: u64) -> [u8; SIZE] {
    let mut p = [0u8; SIZE];
    p[..8].copy_from_slice(&seq.to_le_bytes());
    for (i, b) in p[8..].iter_mut().enumerate() {
        *b = (seq as u8).wrapping_mul(31).wrapping_add(i as u8);
    }
    p
}

fn soak(transport: &str) {
    let _serial = serial();
    let n = messages();
    let warm_up = (n / 10).clamp(1, 100_000);
    let ctx = zmq::Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, transport);
    let sender = std::thread::spawn(move || {
        for seq in 0..n {
            push.send(payload(seq)).expect("send");
        }
        push
    });
    let start = Instant::now();
    let mut msg = zmq::Message::new();
    let mut rss_after_warm_up = 0;
    for seq in 0..n {
        pull.recv_into(&mut msg)
            .unwrap_or_else(|e| panic!("message {seq} of {n}: {e}"));
        assert!(
            msg[..] == payload(seq)[..],
            "message {seq} of {n} over {transport} is {:?}",
            &msg[..]
        );
        if seq + 1 == warm_up {
            rss_after_warm_up = rss_kb();
        }
    }
    let elapsed = start.elapsed();
    drop(sender.join().expect("the sender"));
    assert!(
        matches!(pull.try_recv(), Err(zmq::Error::Again)),
        "a message beyond {n}"
    );
    let rss_end = rss_kb();
    let rate = n as f64 / elapsed.as_secs_f64().max(1e-9);
    eprintln!(
        "soak {transport}: {n} messages of {SIZE} B in {elapsed:.2?} ({rate:.0} msg/s); \
         VmRSS {rss_after_warm_up} kB after {warm_up} messages, {rss_end} kB at the end"
    );
    assert!(
        rss_end <= rss_after_warm_up + RSS_GROWTH_LIMIT_KB,
        "resident memory grew from {rss_after_warm_up} kB to {rss_end} kB"
    );
}

#[test]
fn soak_push_pull_tcp() {
    soak("tcp");
}

#[test]
fn soak_push_pull_ipc() {
    soak("ipc");
}
