//! Send and receive over inproc, in one thread: one message per size
//! (`send(&[u8])` + `recv_into`), a `Message` sent on, and multipart
//! messages.
//!
//! `cargo bench --bench sendrecv`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 5] = [1, 64, 1024, 65536, 1 << 20];

/// A PUSH/PULL pair over inproc with no high-water mark, so that one thread
/// can send and then receive.
fn pair(ctx: &zmq::Context, name: &str) -> (zmq::Socket<zmq::Push>, zmq::Socket<zmq::Pull>) {
    let endpoint = format!("inproc://bench-{name}");
    let setup = || -> zmq::Result<_> {
        let pull = ctx.socket::<zmq::Pull>()?;
        pull.set_rcvhwm(0)?;
        pull.bind(&endpoint)?;
        let push = ctx.socket::<zmq::Push>()?;
        push.set_sndhwm(0)?;
        push.connect(&endpoint)?;
        Ok((push, pull))
    };
    match setup() {
        Ok(pair) => pair,
        Err(e) => panic!("cannot set up {endpoint}: {e}"),
    }
}

fn send_recv(c: &mut Criterion) {
    let ctx = zmq::Context::new();
    let (push, pull) = pair(&ctx, "send-recv");
    let mut group = c.benchmark_group("send_recv_inproc");
    for size in SIZES {
        let buf = vec![1u8; size];
        let mut msg = zmq::Message::new();
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("send_slice", size), &size, |b, _| {
            b.iter(|| {
                push.send(black_box(&buf[..])).unwrap();
                pull.recv_into(&mut msg).unwrap();
            })
        });
        // The same through raw libzmq calls: the cost of libzmq alone.
        group.bench_with_input(BenchmarkId::new("raw_ffi", size), &size, |b, _| {
            b.iter(|| {
                // SAFETY: live sockets, a valid buffer and an initialised
                // message; errors are checked.
                unsafe {
                    let rc = zmq::sys::zmq_send(
                        push.as_raw(),
                        black_box(buf.as_ptr()).cast(),
                        buf.len(),
                        0,
                    );
                    assert!(rc >= 0);
                    let rc = zmq::sys::zmq_msg_recv(msg.as_raw_mut(), pull.as_raw(), 0);
                    assert!(rc >= 0);
                }
            })
        });
        // A received message sent on (no copy), as a forwarder does.
        push.send(&buf[..]).unwrap();
        pull.recv_into(&mut msg).unwrap();
        group.bench_with_input(BenchmarkId::new("forward_message", size), &size, |b, _| {
            b.iter(|| {
                push.send(std::mem::take(&mut msg)).unwrap();
                pull.recv_into(&mut msg).unwrap();
            })
        });
    }
    group.finish();
}

fn multipart(c: &mut Criterion) {
    let ctx = zmq::Context::new();
    let (push, pull) = pair(&ctx, "multipart");
    let mut group = c.benchmark_group("multipart_inproc");
    for (frames, size) in [(3usize, 64usize), (10, 64), (3, 65536)] {
        let parts: Vec<Vec<u8>> = (0..frames).map(|i| vec![i as u8; size]).collect();
        let id = format!("{frames}x{size}");
        group.throughput(Throughput::Bytes((frames * size) as u64));
        group.bench_function(
            BenchmarkId::new("send_multipart+recv_multipart", &id),
            |b| {
                b.iter(|| {
                    push.send_multipart(parts.iter().map(|p| &p[..])).unwrap();
                    black_box(pull.recv_multipart().unwrap());
                })
            },
        );
        let mut msg = zmq::Message::new();
        group.bench_function(BenchmarkId::new("send_more+recv_into", &id), |b| {
            b.iter(|| {
                let (last, first) = parts.split_last().unwrap();
                for p in first {
                    push.send_more(&p[..]).unwrap();
                }
                push.send(&last[..]).unwrap();
                loop {
                    pull.recv_into(&mut msg).unwrap();
                    if !msg.more() {
                        break;
                    }
                }
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = send_recv, multipart
}
criterion_main!(benches);
