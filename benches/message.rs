//! `Message` construction per constructor and size, and the measurement
//! behind `zmq::ZERO_COPY_THRESHOLD`: copying an owned buffer into the
//! message against handing it over to libzmq (`zmq_msg_init_data` with a
//! free function), at 32 B to 16 KiB.
//!
//! `cargo bench --bench message`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::ffi::c_void;
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 5] = [1, 64, 1024, 65536, 1 << 20];

static STATIC: [u8; 1 << 20] = [1u8; 1 << 20];

fn constructors(c: &mut Criterion) {
    let mut group = c.benchmark_group("message_new");
    group.bench_function("new", |b| b.iter(|| black_box(zmq::Message::new())));
    for size in SIZES {
        group.bench_with_input(BenchmarkId::new("with_size", size), &size, |b, &n| {
            b.iter(|| black_box(zmq::Message::with_size(black_box(n))))
        });
        let buf = vec![1u8; size];
        group.bench_with_input(BenchmarkId::new("from_slice", size), &size, |b, _| {
            b.iter(|| black_box(zmq::Message::from(black_box(&buf[..]))))
        });
        // Includes making the Vec: what a caller with fresh data pays.
        group.bench_with_input(BenchmarkId::new("from_vec", size), &size, |b, &n| {
            b.iter(|| black_box(zmq::Message::from(vec![1u8; black_box(n)])))
        });
        group.bench_with_input(BenchmarkId::new("vec_only", size), &size, |b, &n| {
            b.iter(|| black_box(vec![1u8; black_box(n)]))
        });
        group.bench_with_input(BenchmarkId::new("from_static", size), &size, |b, &n| {
            b.iter(|| black_box(zmq::Message::from_static(&STATIC[..black_box(n)])))
        });
    }
    group.finish();
}

/// Frees a `Vec<u8>` handed to libzmq; the hint is its capacity (as the
/// crate's own `Message::from(Vec<u8>)` does above the threshold).
unsafe extern "C" fn free_vec(data: *mut c_void, hint: *mut c_void) {
    // SAFETY: data and capacity come from a Vec<u8> leaked by `handover`;
    // libzmq calls this once.
    drop(unsafe { Vec::from_raw_parts(data as *mut u8, 0, hint as usize) });
}

/// The zero-copy path of `Message::from(Vec<u8>)`, at any size.
fn handover(vec: Vec<u8>) -> zmq::Message {
    let mut vec = std::mem::ManuallyDrop::new(vec);
    let (ptr, len, cap) = (vec.as_mut_ptr(), vec.len(), vec.capacity());
    let mut msg = zmq::Message::new();
    // SAFETY: msg is an initialised empty message: closing it and
    // initialising it again over the leaked Vec buffer leaves it initialised;
    // the buffer stays valid until libzmq calls free_vec with its capacity.
    let rc = unsafe {
        zmq::sys::zmq_msg_close(msg.as_raw_mut());
        zmq::sys::zmq_msg_init_data(msg.as_raw_mut(), ptr.cast(), len, Some(free_vec), cap as _)
    };
    if rc != 0 {
        // SAFETY: on failure libzmq did not take the buffer; the message
        // storage must be initialised again before it is dropped.
        unsafe {
            drop(std::mem::ManuallyDrop::take(&mut vec));
            zmq::sys::zmq_msg_init(msg.as_raw_mut());
        }
        panic!("zmq_msg_init_data failed");
    }
    msg
}

/// The copying path of `Message::from(Vec<u8>)`, at any size.
fn copy(vec: Vec<u8>) -> zmq::Message {
    zmq::Message::from(&vec[..])
}

fn threshold(c: &mut Criterion) {
    let sizes = [32usize, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
    // Construction and drop in one thread.
    let mut group = c.benchmark_group("vec_to_message");
    for size in sizes {
        group.bench_with_input(BenchmarkId::new("copy", size), &size, |b, &n| {
            b.iter(|| black_box(copy(vec![1u8; black_box(n)])))
        });
        group.bench_with_input(BenchmarkId::new("handover", size), &size, |b, &n| {
            b.iter(|| black_box(handover(vec![1u8; black_box(n)])))
        });
    }
    group.finish();

    // The whole life of the message: made, sent over inproc, received and
    // released by a receiver in another thread (as in `perf thr --owned`).
    let ctx = zmq::Context::new();
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    pull.set_rcvhwm(0).unwrap();
    pull.bind("inproc://bench-threshold").unwrap();
    let push = ctx.socket::<zmq::Push>().unwrap();
    push.set_sndhwm(10_000).unwrap();
    push.connect("inproc://bench-threshold").unwrap();
    let receiver = std::thread::spawn(move || {
        let mut msg = zmq::Message::new();
        // An empty message ends the run.
        while pull.recv_into(&mut msg).is_ok() && !msg.is_empty() {}
    });
    let mut group = c.benchmark_group("vec_send_to_other_thread");
    for size in sizes {
        group.bench_with_input(BenchmarkId::new("copy", size), &size, |b, &n| {
            b.iter(|| push.send(copy(vec![1u8; black_box(n)])).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("handover", size), &size, |b, &n| {
            b.iter(|| push.send(handover(vec![1u8; black_box(n)])).unwrap())
        });
    }
    group.finish();
    push.send(zmq::Message::new()).unwrap();
    receiver.join().unwrap();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = constructors, threshold
}
criterion_main!(benches);
