//! Async sockets on tokio (feature `tokio`).
#![cfg(all(feature = "tokio", unix))]

use crate::common;
use crate::common::child;

use futures::{SinkExt, StreamExt};
use std::time::Duration;
use tokio::time::timeout;
use zmq::tokio::AsyncSocket;
use zmq::{Context, Multipart};

const LIMIT: Duration = Duration::from_secs(30);

fn pair<A: zmq::KnownKind, B: zmq::KnownKind>(
    ctx: &Context,
    transport: &str,
) -> (AsyncSocket<A>, AsyncSocket<B>) {
    let (a, b) = common::bound_and_connected::<A, B>(ctx, transport);
    (AsyncSocket::new(a).unwrap(), AsyncSocket::new(b).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_pong_between_tasks() {
    for transport in common::TRANSPORTS {
        let ctx = Context::new();
        let (mut rep, mut req) = pair::<zmq::Rep, zmq::Req>(&ctx, transport);
        let server = tokio::spawn(async move {
            for _ in 0..500 {
                let m = rep.recv().await.unwrap();
                rep.send(m).await.unwrap();
            }
        });
        timeout(LIMIT, async {
            for i in 0..500u32 {
                req.send(i.to_le_bytes()).await.unwrap();
                assert_eq!(req.recv().await.unwrap(), i.to_le_bytes());
            }
        })
        .await
        .expect("ping-pong stalled: a wakeup was lost");
        timeout(LIMIT, server).await.unwrap().unwrap();
    }
}

#[tokio::test]
async fn cancelled_receives_lose_nothing() {
    let ctx = Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "tcp");
    let mut pull = AsyncSocket::new(pull).unwrap();
    const N: u32 = 2000;
    let sender = std::thread::spawn(move || {
        for i in 0..N {
            push.send(i.to_le_bytes()).unwrap();
            if i % 100 == 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    });
    // Race every receive against a very short timer: many are cancelled.
    let mut next = 0u32;
    let mut cancelled = 0;
    timeout(LIMIT, async {
        while next < N {
            tokio::select! {
                m = pull.recv() => {
                    assert_eq!(m.unwrap(), next.to_le_bytes(), "a message was lost or reordered");
                    next += 1;
                }
                _ = tokio::time::sleep(Duration::from_micros(50)) => cancelled += 1,
            }
        }
    })
    .await
    .expect("receiving stalled");
    sender.join().unwrap();
    assert!(cancelled > 0, "the race never cancelled a receive");
}

#[tokio::test]
async fn multipart_stream_and_sink() {
    let ctx = Context::new();
    let (mut pull, mut push) = pair::<zmq::Pull, zmq::Push>(&ctx, "ipc");
    let messages: Vec<Multipart> = (0..50)
        .map(|i| {
            [format!("head {i}"), String::new(), "x".repeat(i * 100)]
                .into_iter()
                .collect()
        })
        .collect();
    let expected = messages.clone();
    let sender = tokio::spawn(async move {
        for m in messages {
            SinkExt::send(&mut push, m).await.unwrap();
        }
        SinkExt::<Multipart>::flush(&mut push).await.unwrap();
        push
    });
    let received: Vec<Multipart> =
        timeout(LIMIT, (&mut pull).take(50).map(Result::unwrap).collect())
            .await
            .unwrap();
    assert_eq!(received, expected);
    let mut push = sender.await.unwrap();
    push.send_multipart(["a", "b"]).await.unwrap();
    assert_eq!(pull.recv_multipart().await.unwrap().len(), 2);
}

#[tokio::test]
async fn send_waits_for_room_at_the_high_water_mark() {
    let ctx = Context::new();
    let pull = common::socket::<zmq::Pull>(&ctx);
    pull.set_rcvhwm(2).unwrap();
    let endpoint = common::bind_any(&pull, "inproc");
    let push = common::socket::<zmq::Push>(&ctx);
    push.set_sndhwm(2).unwrap();
    push.connect(&endpoint).unwrap();
    let mut push = AsyncSocket::new(push).unwrap();
    // Fill the queue, then a send must wait...
    while push.get_ref().try_send("fill").is_ok() {}
    let pending = push.send("waits");
    tokio::pin!(pending);
    assert!(timeout(Duration::from_millis(100), &mut pending)
        .await
        .is_err());
    // ...until the other side drains it.
    let drained = std::thread::spawn(move || {
        let mut n = 0;
        while let Ok(m) = pull.recv() {
            n += 1;
            if m == "waits" {
                return n;
            }
        }
        n
    });
    timeout(LIMIT, pending).await.unwrap().unwrap();
    assert!(drained.join().unwrap() >= 3);
}

/// After `split`, a task receiving and a task sending on the same socket
/// wait at the same time (small high-water marks make the senders wait for
/// room while the receivers wait for messages). Both wait on one `ZMQ_FD`,
/// and each one's calls drain it: each must still be woken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn split_halves_wake_each_other() {
    const N: u32 = 2000;
    for transport in common::TRANSPORTS {
        let ctx = Context::new();
        let a = common::socket::<zmq::Pair>(&ctx);
        let b = common::socket::<zmq::Pair>(&ctx);
        for s in [&a, &b] {
            s.set_sndhwm(4).unwrap();
            s.set_rcvhwm(4).unwrap();
        }
        let endpoint = common::bind_any(&a, transport);
        b.connect(&endpoint).unwrap();
        let mut senders = Vec::new();
        let mut receivers = Vec::new();
        for s in [a, b] {
            let (mut tx, mut rx) = AsyncSocket::new(s).unwrap().split();
            senders.push(tokio::spawn(async move {
                for i in 0..N {
                    tx.send(zmq::Message::from(i.to_le_bytes().to_vec()))
                        .await
                        .unwrap();
                }
                tx // kept open: with linger 0, closing would drop queued messages
            }));
            receivers.push(tokio::spawn(async move {
                for i in 0..N {
                    let m = rx.next().await.unwrap().unwrap();
                    assert_eq!(m[0], i.to_le_bytes());
                }
            }));
        }
        fn stalled<T>(transport: &str, what: &str) -> T {
            panic!("{transport}: a {what} half was never woken")
        }
        let mut halves = Vec::new();
        for task in senders {
            let tx = timeout(LIMIT, task).await;
            halves.push(
                tx.unwrap_or_else(|_| stalled(transport, "sending"))
                    .unwrap(),
            );
        }
        for task in receivers {
            let rx = timeout(LIMIT, task).await;
            rx.unwrap_or_else(|_| stalled(transport, "receiving"))
                .unwrap();
        }
        drop(halves);
    }
}

/// In a runtime built without `enable_io`, `new` is an error, not tokio's
/// panic, and prints nothing; other panics are still reported. Run in a
/// child process, whose stderr shows what the panic hook printed.
#[test]
fn a_runtime_without_io_is_an_error() {
    let output = child::isolated(
        module_path!(),
        "a_runtime_without_io_is_an_error",
        LIMIT,
        || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            let ctx = Context::new();
            let s = ctx.socket::<zmq::Pair>().unwrap();
            let r = rt.block_on(async { AsyncSocket::new(s).map(drop) });
            assert_eq!(r.unwrap_err(), zmq::Error::NotSupported);
            // Another panic still reaches the default hook.
            let _ = std::panic::catch_unwind(|| panic!("a panic of the program's own"));
        },
    );
    // The parent reads what the child printed.
    let Some(printed) = output else { return };
    assert!(!printed.contains("IO is disabled"), "noise: {printed}");
    assert!(
        printed.contains("a panic of the program's own"),
        "the previous panic hook was lost: {printed}"
    );
}

#[test]
fn outside_a_runtime_is_not_supported() {
    let ctx = Context::new();
    let s = ctx.socket::<zmq::Pair>().unwrap();
    assert_eq!(AsyncSocket::new(s).unwrap_err(), zmq::Error::NotSupported);
}

#[tokio::test]
async fn shutdown_ends_a_pending_receive() {
    let ctx = Context::new();
    let mut s = AsyncSocket::new(ctx.socket::<zmq::Pull>().unwrap()).unwrap();
    s.get_ref().bind("inproc://async-term").unwrap();
    let stopper = ctx.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        stopper.shutdown().unwrap();
    });
    let r = timeout(LIMIT, s.recv())
        .await
        .expect("still waiting after shutdown");
    assert_eq!(r.unwrap_err(), zmq::Error::Terminated);
}

/// The futures of every method are Send, so they run in spawned tasks.
#[allow(dead_code)]
fn futures_are_send(mut dealer: AsyncSocket<zmq::Dealer>) {
    fn send<T: Send>(_: T) {}
    send(dealer.recv());
    send(dealer.recv_multipart());
    send(dealer.send("x"));
    send(dealer.send_multipart(["a", "b"]));
}

/// An AsyncMonitor's stream wakes on ZMQ_FD for events that arrive after
/// it started waiting, on both ends of a real connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn monitor_stream_yields_connection_events() {
    use zmq::tokio::AsyncMonitor;
    use zmq::{EventKind, MonitorEvents};
    let ctx = Context::new();
    let rep = common::socket::<zmq::Rep>(&ctx);
    let req = common::socket::<zmq::Req>(&ctx);
    let mut rep_events = AsyncMonitor::new(rep.monitor(MonitorEvents::ALL).unwrap()).unwrap();
    let mut req_events = AsyncMonitor::new(req.monitor(MonitorEvents::ALL).unwrap()).unwrap();
    /// The kinds seen until `kind`, under the test's limit.
    async fn until(events: &mut AsyncMonitor, kind: EventKind) -> Vec<EventKind> {
        let mut seen = Vec::new();
        while seen.last() != Some(&kind) {
            let event = timeout(LIMIT, events.next())
                .await
                .unwrap_or_else(|_| panic!("no {kind:?} within {LIMIT:?}; saw {seen:?}"))
                .expect("the stream never ends")
                .expect("monitor event");
            seen.push(event.kind);
        }
        seen
    }
    // Both waits start before anything happens: the events must wake them.
    let accepted = tokio::spawn(async move {
        let seen = until(&mut rep_events, EventKind::Accepted).await;
        (rep_events, seen)
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    rep.bind("tcp://127.0.0.1:*").unwrap();
    let endpoint = rep.last_endpoint().unwrap();
    let connected = tokio::spawn(async move {
        let seen = until(&mut req_events, EventKind::HandshakeSucceeded).await;
        (req_events, seen)
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    req.connect(&endpoint).unwrap();
    let (mut rep_events, seen) = accepted.await.unwrap();
    assert_eq!(seen, [EventKind::Listening, EventKind::Accepted]);
    let (_req_events, seen) = connected.await.unwrap();
    assert!(seen.contains(&EventKind::Connected), "{seen:?}");
    // recv_event, the async fn, on what follows.
    let event = timeout(LIMIT, rep_events.recv_event())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(event.kind, EventKind::HandshakeSucceeded);
    assert_eq!(event.endpoint, endpoint);
}

/// The thread-safe draft kinds have no ZMQ_FD: AsyncSocket waits on a
/// zmq_poller's descriptor instead, for both directions, across tasks.
#[cfg(feature = "draft")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_client_ping_pong() {
    for transport in common::TRANSPORTS {
        let ctx = Context::new();
        let (server, client) =
            common::bound_and_connected::<zmq::Server, zmq::Client>(&ctx, transport);
        let mut server = AsyncSocket::new(server).expect("AsyncSocket over a SERVER");
        let mut client = AsyncSocket::new(client).expect("AsyncSocket over a CLIENT");
        let echo = tokio::spawn(async move {
            for _ in 0..300 {
                let m = server.recv().await.unwrap();
                let id = m.routing_id().expect("a SERVER message has a routing id");
                let mut reply = zmq::Message::from(format!("re:{}", m.as_str().unwrap()));
                reply.set_routing_id(id).unwrap();
                server.send(reply).await.unwrap();
            }
        });
        for i in 0..300 {
            // Let the server task wait on its descriptor first, now and then.
            if i % 50 == 0 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            client.send(format!("{i}")).await.unwrap();
            let reply = timeout(LIMIT, client.recv())
                .await
                .unwrap_or_else(|_| panic!("{transport}: no reply {i}"))
                .unwrap();
            assert_eq!(reply, format!("re:{i}"));
        }
        timeout(LIMIT, echo).await.unwrap().unwrap();
    }
}
