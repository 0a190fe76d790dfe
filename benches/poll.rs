//! `zmq::poll` and `Poller::poll` over 1 and 100 sockets: with one socket
//! ready (send, poll, receive) and with none ready (a zero timeout).
//!
//! `cargo bench --bench poll`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use std::time::Duration;

const FOREVER: Option<Duration> = None;

fn poll(c: &mut Criterion) {
    let ctx = zmq::Context::new();
    let mut group = c.benchmark_group("poll");
    for n in [1usize, 100] {
        let pulls: Vec<zmq::Socket<zmq::Pull>> = (0..n)
            .map(|i| {
                let pull = ctx.socket::<zmq::Pull>().unwrap();
                pull.bind(&format!("inproc://bench-poll-{n}-{i}")).unwrap();
                pull
            })
            .collect();
        // The last socket is the one that gets messages: the worst case
        // for a scan of the items.
        let push = ctx.socket::<zmq::Push>().unwrap();
        push.connect(&format!("inproc://bench-poll-{n}-{}", n - 1))
            .unwrap();
        let ready = &pulls[n - 1];
        let mut msg = zmq::Message::new();

        group.bench_with_input(BenchmarkId::new("poll_ready", n), &n, |b, _| {
            let mut items: Vec<zmq::PollItem<'_>> = pulls
                .iter()
                .map(|s| s.as_poll_item(zmq::Events::IN))
                .collect();
            b.iter(|| {
                push.send(&b"x"[..]).unwrap();
                assert_eq!(zmq::poll(&mut items, FOREVER).unwrap(), 1);
                ready.recv_into(&mut msg).unwrap();
            })
        });
        group.bench_with_input(BenchmarkId::new("poll_idle", n), &n, |b, _| {
            let mut items: Vec<zmq::PollItem<'_>> = pulls
                .iter()
                .map(|s| s.as_poll_item(zmq::Events::IN))
                .collect();
            b.iter(|| black_box(zmq::poll(&mut items, Some(Duration::ZERO)).unwrap()))
        });

        let mut poller = zmq::Poller::new();
        for (i, s) in pulls.iter().enumerate() {
            poller.add(s, zmq::Events::IN, i).unwrap();
        }
        group.bench_with_input(BenchmarkId::new("poller_ready", n), &n, |b, _| {
            b.iter(|| {
                push.send(&b"x"[..]).unwrap();
                assert_eq!(poller.poll(FOREVER).unwrap(), 1);
                assert_eq!(poller.ready()[0].token, n - 1);
                ready.recv_into(&mut msg).unwrap();
            })
        });
        group.bench_with_input(BenchmarkId::new("poller_idle", n), &n, |b, _| {
            b.iter(|| black_box(poller.poll(Some(Duration::ZERO)).unwrap()))
        });
        // Without polling: what the send and receive cost by themselves.
        group.bench_with_input(BenchmarkId::new("no_poll", n), &n, |b, _| {
            b.iter(|| {
                push.send(&b"x"[..]).unwrap();
                ready.recv_into(&mut msg).unwrap();
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
    targets = poll
}
criterion_main!(benches);
