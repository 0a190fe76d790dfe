//! poll() and Poller over sockets of mixed kinds and raw descriptors.

use crate::common;

use std::time::Duration;
use zmq::{Context, Events, PollItem, Poller};

const WAIT: Option<Duration> = Some(Duration::from_secs(10));

/// A pipe whose read end becomes readable when a byte is written.
struct Pipe {
    read: libc::c_int,
    write: libc::c_int,
}

impl Pipe {
    fn new() -> Pipe {
        let mut fds = [0; 2];
        // SAFETY: fds has room for the two descriptors pipe() writes.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        Pipe {
            read: fds[0],
            write: fds[1],
        }
    }

    fn poke(&self) {
        // SAFETY: write end is open; one byte from a valid buffer.
        assert_eq!(
            unsafe { libc::write(self.write, b"!".as_ptr().cast(), 1) },
            1
        );
    }
}

impl Drop for Pipe {
    fn drop(&mut self) {
        // SAFETY: both descriptors are ours and closed once.
        unsafe {
            libc::close(self.read);
            libc::close(self.write);
        }
    }
}

#[test]
fn poll_reports_each_item_right() {
    let ctx = Context::new();
    let pull = common::socket::<zmq::Pull>(&ctx);
    let e1 = common::bind_any(&pull, "inproc");
    let push = common::socket::<zmq::Push>(&ctx);
    push.connect(&e1).unwrap();

    let router = common::socket::<zmq::Router>(&ctx);
    let e2 = common::bind_any(&router, "tcp");
    let dealer = common::socket::<zmq::Dealer>(&ctx);
    dealer.connect(&e2).unwrap();

    let sub = common::socket::<zmq::Sub>(&ctx);
    sub.subscribe("").unwrap();
    let pipe = Pipe::new();

    // Nothing ready: a timeout returns 0.
    {
        let mut items = [
            pull.as_poll_item(Events::IN),
            router.as_poll_item(Events::IN),
            sub.as_poll_item(Events::IN),
            PollItem::from_fd(pipe.read, Events::IN),
        ];
        assert_eq!(
            zmq::poll(&mut items, Some(Duration::from_millis(20))).unwrap(),
            0
        );
        assert!(items.iter().all(|i| i.revents().is_empty()));
    }

    // The pull and the pipe become readable; the router and sub do not.
    push.send("x").unwrap();
    pipe.poke();
    let mut items = [
        pull.as_poll_item(Events::IN),
        router.as_poll_item(Events::IN),
        sub.as_poll_item(Events::IN),
        PollItem::from_fd(pipe.read, Events::IN),
    ];
    // Each wakes up in its own time: poll until both have been seen.
    let deadline = std::time::Instant::now() + common::TIMEOUT;
    let ready = loop {
        let ready = zmq::poll(&mut items, WAIT).unwrap();
        if items[0].is_readable() && items[3].is_readable() {
            break ready;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never readable: {items:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(ready, 2, "{items:?}");
    assert!(!items[1].is_readable());
    assert!(!items[2].is_readable());
    assert!(items[0].has_socket(&pull));

    // Now the router: readable once the dealer's message is in.
    dealer.send("hi").unwrap();
    let mut items = [router.as_poll_item(Events::IN)];
    assert_eq!(zmq::poll(&mut items, WAIT).unwrap(), 1);
    assert!(items[0].is_readable());
    let mut items = [router.as_poll_item(Events::IN | Events::OUT)];
    assert_eq!(zmq::poll(&mut items, Some(Duration::ZERO)).unwrap(), 1);
    assert_eq!(
        items[0].revents(),
        Events::IN | Events::OUT,
        "a ROUTER can always send"
    );
}

#[test]
fn pollout_follows_the_high_water_mark() {
    let ctx = Context::new();
    let push = common::socket::<zmq::Push>(&ctx);
    push.set_sndhwm(3).unwrap();
    let pull = common::socket::<zmq::Pull>(&ctx);
    pull.set_rcvhwm(3).unwrap();
    let endpoint = common::bind_any(&pull, "inproc");
    push.connect(&endpoint).unwrap();

    let writable = |push: &zmq::Socket<zmq::Push>| {
        let mut items = [push.as_poll_item(Events::OUT)];
        zmq::poll(&mut items, Some(Duration::ZERO)).unwrap();
        items[0].is_writable()
    };
    assert!(writable(&push));
    while push.try_send("fill").is_ok() {}
    assert!(!writable(&push), "POLLOUT with a full queue");
    // Drain: POLLOUT comes back.
    while pull.try_recv().is_ok() {}
    let mut items = [push.as_poll_item(Events::OUT)];
    assert_eq!(zmq::poll(&mut items, WAIT).unwrap(), 1);
    assert!(items[0].is_writable());
}

#[test]
fn poller_with_a_thousand_sockets() {
    let ctx = Context::builder().max_sockets(2100).build().unwrap();
    let pulls: Vec<_> = (0..1000)
        .map(|_| ctx.socket::<zmq::Pull>().unwrap())
        .collect();
    let pushes: Vec<_> = pulls
        .iter()
        .enumerate()
        .map(|(i, pull)| {
            let endpoint = format!("inproc://poller-{i}");
            pull.bind(&endpoint).unwrap();
            let push = ctx.socket::<zmq::Push>().unwrap();
            push.connect(&endpoint).unwrap();
            push
        })
        .collect();

    let mut poller = Poller::new();
    for (i, pull) in pulls.iter().enumerate() {
        poller.add(pull, Events::IN, i).unwrap();
    }
    assert_eq!(poller.len(), 1000);
    assert_eq!(
        poller.add(&pulls[0], Events::IN, 0),
        Err(zmq::Error::InvalidArgument)
    );
    assert_eq!(poller.poll(Some(Duration::from_millis(10))).unwrap(), 0);

    for i in [3, 500, 999] {
        pushes[i].send("ping").unwrap();
    }
    let mut tokens: Vec<usize> = Vec::new();
    while tokens.len() < 3 {
        assert!(
            poller.poll(WAIT).unwrap() > 0,
            "nothing ready after {tokens:?}"
        );
        for event in poller.ready() {
            assert!(event.events.contains(Events::IN));
            // Reported readable: the message is there, no wait needed.
            pulls[event.token].try_recv().unwrap();
            tokens.push(event.token);
        }
    }
    tokens.sort();
    assert_eq!(tokens, vec![3, 500, 999]);

    // Modify: stop listening on 500; remove 999; both are then silent.
    poller.modify(&pulls[500], Events::empty()).unwrap();
    poller.remove(&pulls[999]).unwrap();
    assert_eq!(poller.len(), 999);
    assert_eq!(poller.remove(&pulls[999]), Err(zmq::Error::NotFound));
    assert_eq!(
        poller.modify(&pulls[999], Events::IN),
        Err(zmq::Error::NotFound)
    );
    pushes[500].send("ignored").unwrap();
    pushes[999].send("ignored").unwrap();
    pushes[7].send("seen").unwrap();
    let mut seen = Vec::new();
    while seen.is_empty() {
        assert!(poller.poll(WAIT).unwrap() > 0, "nothing ready");
        seen.extend(poller.ready().iter().map(|e| e.token));
    }
    assert_eq!(seen, vec![7]);
    // Back on: 500's queued message is reported.
    poller.modify(&pulls[500], Events::IN).unwrap();
    poller.poll(WAIT).unwrap();
    assert!(poller.ready().iter().any(|e| e.token == 500));
}

#[test]
fn poller_with_descriptors_and_an_empty_set() {
    let pipe = Pipe::new();
    let mut poller = Poller::new();
    assert_eq!(poller.poll(Some(Duration::from_millis(1))).unwrap(), 0);
    assert_eq!(poller.poll(None), Err(zmq::Error::InvalidArgument));
    poller.add_fd(pipe.read, Events::IN, 42).unwrap();
    assert_eq!(poller.poll(Some(Duration::from_millis(10))).unwrap(), 0);
    pipe.poke();
    assert_eq!(poller.poll(WAIT).unwrap(), 1);
    assert_eq!(poller.ready()[0].token, 42);
    poller.remove_fd(pipe.read).unwrap();
    assert!(poller.is_empty());
}

#[test]
fn poll_ends_with_terminated_when_the_context_shuts_down() {
    let ctx = Context::new();
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    pull.bind("inproc://poll-term").unwrap();
    let shutdown = ctx.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        shutdown.shutdown().unwrap();
    });
    let result = common::within(common::TIMEOUT, move || {
        let mut items = [pull.as_poll_item(Events::IN)];
        zmq::poll(&mut items, None)
    });
    assert_eq!(result, Err(zmq::Error::Terminated));
}

#[test]
fn socket_poll_waits_for_one_socket() {
    let ctx = Context::new();
    let (router, dealer) = common::bound_and_connected::<zmq::Router, zmq::Dealer>(&ctx, "tcp");
    // Nothing to receive: the timeout passes and nothing is found.
    let start = std::time::Instant::now();
    let found = router
        .poll(Events::IN, Some(Duration::from_millis(50)))
        .unwrap();
    assert_eq!(found, Events::empty());
    // It waited (libzmq's coarse clock may end the wait a little early).
    assert!(start.elapsed() >= Duration::from_millis(20));
    // Only the events asked for are reported.
    assert_eq!(dealer.poll(Events::OUT, WAIT).unwrap(), Events::OUT);
    dealer.send("hello").unwrap();
    assert_eq!(router.poll(Events::IN, WAIT).unwrap(), Events::IN);
    assert_eq!(
        router.poll(Events::IN | Events::OUT, WAIT).unwrap(),
        Events::IN | Events::OUT
    );
    let parts = router.recv_multipart().unwrap();
    assert_eq!(parts[1], "hello");
    // Lazy Pirate: a REQ that gets no reply in time is replaced.
    let server = common::socket::<zmq::Rep>(&ctx);
    let endpoint = common::bind_any(&server, "inproc");
    let request = || {
        let client = common::socket::<zmq::Req>(&ctx);
        client.connect(&endpoint).unwrap();
        client.send("ping").unwrap();
        client
    };
    let client = request();
    let short = Some(Duration::from_millis(20));
    assert!(!client.poll(Events::IN, short).unwrap().contains(Events::IN));
    assert_eq!(server.recv().unwrap(), "ping");
    server.send("late").unwrap();
    let client = request(); // the first one, with its late reply, is closed
    assert_eq!(server.recv().unwrap(), "ping");
    server.send("pong").unwrap();
    assert!(client.poll(Events::IN, WAIT).unwrap().contains(Events::IN));
    assert_eq!(client.try_recv().unwrap(), "pong");
}

/// A load balancer changes its poller while it goes through the ready
/// entries: clients are listened to only while a worker is free. With
/// `poll_into` the entries live in the caller's buffer, so the poller can be
/// changed inside the loop.
#[test]
fn poller_changes_while_going_through_ready_entries() {
    const JOBS: usize = 20;
    let ctx = Context::new();
    let (frontend, client) =
        common::bound_and_connected::<zmq::Router, zmq::Dealer>(&ctx, "inproc");
    let (backend, worker) = common::bound_and_connected::<zmq::Router, zmq::Dealer>(&ctx, "inproc");
    let mut poller = Poller::new();
    poller.add(&backend, Events::IN, 0).unwrap();
    poller.add(&frontend, Events::empty(), 1).unwrap();
    for i in 0..JOBS {
        client.send(format!("job {i}")).unwrap();
    }
    // Jobs are waiting but no worker is free: nothing is reported.
    let mut events = Vec::new();
    assert_eq!(
        poller
            .poll_into(&mut events, Some(Duration::from_millis(20)))
            .unwrap(),
        0
    );
    worker.send("ready").unwrap();

    let mut free: Vec<zmq::Message> = Vec::new();
    let mut done = 0;
    while done < JOBS {
        assert!(poller.poll_into(&mut events, WAIT).unwrap() > 0, "stalled");
        for event in &events {
            match event.token {
                0 => {
                    // [worker id, "ready" or a result]
                    let mut parts = backend.recv_multipart().unwrap();
                    if parts[1] != "ready" {
                        done += 1;
                    }
                    free.extend(parts.pop_front());
                    poller.modify(&frontend, Events::IN).unwrap();
                }
                _ => {
                    let Some(id) = free.pop() else {
                        panic!("the frontend was reported with no worker free");
                    };
                    let job = frontend.recv_multipart().unwrap();
                    backend.send_multipart([id, job[1].clone()]).unwrap();
                    if free.is_empty() {
                        poller.modify(&frontend, Events::empty()).unwrap();
                    }
                }
            }
        }
        // The worker: one job at a time.
        if let Ok(job) = worker.try_recv() {
            worker
                .send(format!("{} done", job.as_str().unwrap()))
                .unwrap();
        }
    }
    assert_eq!(done, JOBS);
}
