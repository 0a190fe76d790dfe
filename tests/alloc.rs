//! The hot paths allocate nothing on the Rust side: a counting global
//! allocator sees no allocation per message in `send(&[u8])`,
//! `send(Message)`, `recv_into(&mut Message)`, `Poller::poll` and
//! `Poller::poll_into`.
//! (libzmq's own allocations, made with C malloc, are not Rust's and are the
//! same as for a C program.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Duration;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; the count
// is a thread-local side effect.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Rust allocations made by this thread while running `f`.
fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

const ROUNDS: usize = 1000;

fn pair(ctx: &zmq::Context, name: &str) -> (zmq::Socket<zmq::Push>, zmq::Socket<zmq::Pull>) {
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    pull.set_rcvtimeo(Some(Duration::from_secs(10))).unwrap();
    pull.set_rcvhwm(0).unwrap();
    pull.bind(name).unwrap();
    let push = ctx.socket::<zmq::Push>().unwrap();
    push.set_sndhwm(0).unwrap();
    push.connect(name).unwrap();
    (push, pull)
}

#[test]
fn send_and_recv_into_allocate_nothing_per_message() {
    let ctx = zmq::Context::new();
    let (push, pull) = pair(&ctx, "inproc://alloc-send");
    for size in [1usize, 64, 1024, 65536] {
        let payload = vec![7u8; size];
        let mut msg = zmq::Message::new();
        // Warm up (first use may set up lazily created state).
        push.send(&payload[..]).unwrap();
        pull.recv_into(&mut msg).unwrap();

        let n = allocations(|| {
            for _ in 0..ROUNDS {
                push.send(&payload[..]).unwrap();
                pull.recv_into(&mut msg).unwrap();
            }
        });
        assert_eq!(
            n, 0,
            "send(&[u8]) + recv_into at {size} B allocated {n} times"
        );
        assert_eq!(msg.len(), size);

        // Sending a Message built by libzmq (with_size) costs no Rust
        // allocation either; nor does sending a received one onward.
        let n = allocations(|| {
            for _ in 0..ROUNDS {
                let mut m = zmq::Message::with_size(size);
                m[0] = 1;
                push.send(m).unwrap();
                pull.recv_into(&mut msg).unwrap();
            }
        });
        assert_eq!(n, 0, "send(Message) at {size} B allocated {n} times");
    }
}

#[test]
fn poller_poll_allocates_nothing() {
    let ctx = zmq::Context::new();
    let (push, pull) = pair(&ctx, "inproc://alloc-poll");
    let (_push2, pull2) = pair(&ctx, "inproc://alloc-poll-2");
    let mut poller = zmq::Poller::new();
    poller.add(&pull, zmq::Events::IN, 1).unwrap();
    poller.add(&pull2, zmq::Events::IN, 2).unwrap();
    let mut msg = zmq::Message::new();
    push.send("warm").unwrap();
    poller.poll(Some(Duration::from_secs(10))).unwrap();
    pull.recv_into(&mut msg).unwrap();

    let n = allocations(|| {
        for _ in 0..ROUNDS {
            push.send(&b"x"[..]).unwrap();
            assert_eq!(poller.poll(Some(Duration::from_secs(10))).unwrap(), 1);
            assert_eq!(poller.ready()[0].token, 1);
            pull.recv_into(&mut msg).unwrap();
        }
        // Timeouts too.
        for _ in 0..10 {
            assert_eq!(poller.poll(Some(Duration::ZERO)).unwrap(), 0);
        }
    });
    assert_eq!(n, 0, "Poller::poll allocated {n} times");

    // poll_into a reused buffer, changing the poller while going through
    // the entries, allocates nothing either.
    let mut events = Vec::new();
    push.send("warm").unwrap();
    poller
        .poll_into(&mut events, Some(Duration::from_secs(10)))
        .unwrap();
    pull.recv_into(&mut msg).unwrap();
    let n = allocations(|| {
        for _ in 0..ROUNDS {
            push.send(&b"z"[..]).unwrap();
            let found = poller
                .poll_into(&mut events, Some(Duration::from_secs(10)))
                .unwrap();
            assert_eq!(found, 1);
            for event in &events {
                assert_eq!(event.token, 1);
                pull.recv_into(&mut msg).unwrap();
                poller.modify(&pull2, zmq::Events::empty()).unwrap();
                poller.modify(&pull2, zmq::Events::IN).unwrap();
            }
        }
    });
    assert_eq!(n, 0, "Poller::poll_into allocated {n} times");

    // poll() over a stack array of items allocates nothing either.
    let n = allocations(|| {
        for _ in 0..ROUNDS {
            push.send(&b"y"[..]).unwrap();
            let mut items = [
                pull.as_poll_item(zmq::Events::IN),
                pull2.as_poll_item(zmq::Events::IN),
            ];
            assert_eq!(
                zmq::poll(&mut items, Some(Duration::from_secs(10))).unwrap(),
                1
            );
            pull.recv_into(&mut msg).unwrap();
        }
    });
    assert_eq!(n, 0, "zmq::poll allocated {n} times");
}

#[test]
fn owned_buffers_and_forwarding_allocate_nothing_more() {
    let ctx = zmq::Context::new();
    let (push, pull) = pair(&ctx, "inproc://alloc-owned");
    let (fwd_push, fwd_pull) = pair(&ctx, "inproc://alloc-forward");
    let mut msg = zmq::Message::new();
    // The caller makes the buffers; handing them over costs nothing more.
    let buffers: Vec<Vec<u8>> = (0..ROUNDS).map(|_| vec![9u8; 4096]).collect();
    let mut buffers = buffers.into_iter();
    let n = allocations(|| {
        for buffer in buffers.by_ref() {
            push.send(buffer).unwrap();
            pull.recv_into(&mut msg).unwrap();
            // Forwarding a received message moves it on without a copy.
            fwd_push.send(std::mem::take(&mut msg)).unwrap();
            fwd_pull.recv_into(&mut msg).unwrap();
        }
    });
    assert_eq!(n, 0, "send(Vec<u8>) / forwarding allocated {n} times");
    assert_eq!(msg.len(), 4096);
}

#[test]
fn recv_multipart_into_reuses_its_frames() {
    let ctx = zmq::Context::new();
    let (push, pull) = pair(&ctx, "inproc://alloc-multipart");
    let frames = [&b"routing-id"[..], b"", &[9u8; 100]];
    let mut parts = zmq::Multipart::new();
    // Warm up: the first receive grows the frame list to three slots.
    push.send_multipart(frames).unwrap();
    pull.recv_multipart_into(&mut parts).unwrap();

    let n = allocations(|| {
        for _ in 0..ROUNDS {
            push.send_multipart(frames).unwrap();
            pull.recv_multipart_into(&mut parts).unwrap();
        }
    });
    assert_eq!(
        n, 0,
        "a steady recv_multipart_into loop allocated {n} times"
    );
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[2], [9u8; 100]);
    // Envelope handling keeps to the frames already there.
    let n = allocations(|| {
        for _ in 0..ROUNDS {
            let id = parts.pop_front().unwrap();
            parts.push_front(id);
        }
    });
    assert_eq!(n, 0, "pop_front + push_front allocated {n} times");
}

#[test]
fn send_msg_forwarding_loop_allocates_nothing() {
    let ctx = zmq::Context::new();
    let (push, frontend) = pair(&ctx, "inproc://alloc-send-msg-in");
    let (backend, pull) = pair(&ctx, "inproc://alloc-send-msg-out");
    let mut msg = zmq::Message::new();
    let mut out = zmq::Message::new();
    let n = allocations(|| {
        for _ in 0..ROUNDS {
            push.send_more(&b"routing-id"[..]).unwrap();
            push.send(&[7u8; 100][..]).unwrap();
            // The broker: one reused Message carries every frame on.
            loop {
                frontend.recv_into(&mut msg).unwrap();
                let more = msg.more();
                let flags = if more {
                    zmq::SendFlags::SNDMORE
                } else {
                    zmq::SendFlags::empty()
                };
                backend.send_msg(&mut msg, flags).unwrap();
                if !more {
                    break;
                }
            }
            pull.recv_into(&mut out).unwrap();
            assert!(out.more());
            pull.recv_into(&mut out).unwrap();
            assert_eq!(out.len(), 100);
        }
    });
    assert_eq!(n, 0, "recv_into + send_msg forwarding allocated {n} times");
}
