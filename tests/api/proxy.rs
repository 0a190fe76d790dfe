//! Proxies: a ROUTER/DEALER broker, capture, and the steerable proxy.

use crate::common;

use std::collections::HashMap;
use std::thread;
use std::time::Duration;
use zmq::{Context, Error, ProxyControl};

const CLIENTS: usize = 4;
const WORKERS: usize = 3;
const REQUESTS: usize = 25;

#[test]
fn broker_answers_every_request_exactly_once_and_capture_sees_every_frame() {
    let ctx = Context::new();
    let frontend_ep = format!("inproc://front-{}", common::unique());
    let backend_ep = format!("inproc://back-{}", common::unique());
    let capture_ep = format!("inproc://capture-{}", common::unique());

    let capture_pull = common::socket::<zmq::Pull>(&ctx);
    capture_pull.set_rcvhwm(0).unwrap();
    capture_pull.bind(&capture_ep).unwrap();

    let broker = {
        let ctx = ctx.clone();
        let (frontend_ep, backend_ep, capture_ep) =
            (frontend_ep.clone(), backend_ep.clone(), capture_ep.clone());
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let handle = thread::spawn(move || {
            let frontend = ctx.socket::<zmq::Router>().unwrap();
            frontend.bind(&frontend_ep).unwrap();
            let backend = ctx.socket::<zmq::Dealer>().unwrap();
            backend.bind(&backend_ep).unwrap();
            let capture = ctx.socket::<zmq::Push>().unwrap();
            capture.set_sndhwm(0).unwrap();
            capture.connect(&capture_ep).unwrap();
            ready_tx.send(()).unwrap();
            zmq::proxy_with_capture(&frontend, &backend, &capture)
        });
        ready_rx.recv_timeout(common::TIMEOUT).unwrap();
        handle
    };

    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let ctx = ctx.clone();
            let backend_ep = backend_ep.clone();
            thread::spawn(move || {
                let rep = ctx.socket::<zmq::Rep>().unwrap();
                rep.connect(&backend_ep).unwrap();
                let mut served = 0;
                loop {
                    match rep.recv() {
                        Ok(request) => {
                            let mut reply = request.to_vec();
                            reply.extend_from_slice(format!(" by {w}").as_bytes());
                            rep.send(reply).unwrap();
                            served += 1;
                        }
                        Err(Error::Terminated) => return served,
                        Err(e) => panic!("worker: {e}"),
                    }
                }
            })
        })
        .collect();

    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let ctx = ctx.clone();
            let frontend_ep = frontend_ep.clone();
            thread::spawn(move || {
                let req = common::socket::<zmq::Req>(&ctx);
                req.connect(&frontend_ep).unwrap();
                for r in 0..REQUESTS {
                    let request = format!("c{c}r{r}");
                    req.send(request.as_str()).unwrap();
                    let reply = req.recv().unwrap();
                    let text = reply.as_str().unwrap();
                    assert!(text.starts_with(&format!("{request} by ")), "{text}");
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }

    // Every request and reply passed the capture: 3 frames each way
    // ([routing id, empty, body] at the frontend, [empty, body] plus the
    // envelope at the backend).
    let mut frames = 0;
    let mut bodies: HashMap<String, usize> = HashMap::new();
    let total = CLIENTS * REQUESTS;
    while frames < total * 6 {
        let m = capture_pull.recv().unwrap();
        frames += 1;
        if let Some(text) = m.as_str() {
            if text.starts_with('c') && !text.contains(" by ") {
                *bodies.entry(text.to_string()).or_default() += 1;
            }
        }
    }
    assert_eq!(capture_pull.try_recv(), Err(Error::Again));
    assert_eq!(bodies.len(), total);
    assert!(
        bodies.values().all(|&n| n == 1),
        "a request was forwarded twice"
    );

    ctx.shutdown().unwrap();
    assert_eq!(
        common::within(common::TIMEOUT, move || broker.join().unwrap()),
        Err(Error::Terminated)
    );
    let served: usize = common::within(common::TIMEOUT, move || {
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert_eq!(served, total, "every request answered exactly once");
}

#[test]
fn steerable_proxy_pauses_resumes_counts_and_terminates() {
    let ctx = Context::new();
    let (front_ep, back_ep, control_ep) = (
        format!("inproc://sfront-{}", common::unique()),
        format!("inproc://sback-{}", common::unique()),
        format!("inproc://scontrol-{}", common::unique()),
    );
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let proxy = {
        let ctx = ctx.clone();
        let (front_ep, back_ep, control_ep) =
            (front_ep.clone(), back_ep.clone(), control_ep.clone());
        thread::spawn(move || {
            let frontend = ctx.socket::<zmq::Pull>().unwrap();
            frontend.bind(&front_ep).unwrap();
            let backend = ctx.socket::<zmq::Push>().unwrap();
            backend.bind(&back_ep).unwrap();
            let control = ctx.socket::<zmq::Pair>().unwrap();
            control.bind(&control_ep).unwrap();
            ready_tx.send(()).unwrap();
            zmq::proxy_steerable(&frontend, &backend, &control)
        })
    };
    ready_rx.recv_timeout(common::TIMEOUT).unwrap();

    let input = common::socket::<zmq::Push>(&ctx);
    input.connect(&front_ep).unwrap();
    let output = common::socket::<zmq::Pull>(&ctx);
    output.connect(&back_ep).unwrap();
    let control = ProxyControl::connect(&ctx, &control_ep).unwrap();
    common::guard(control.socket());

    for i in 0..5 {
        input.send(format!("msg-{i}")).unwrap();
    }
    for i in 0..5 {
        assert_eq!(output.recv().unwrap(), format!("msg-{i}").as_str());
    }
    let stats = control.statistics().unwrap();
    assert_eq!(stats.frontend_recv_messages, 5);
    assert_eq!(stats.frontend_recv_bytes, 25);
    assert_eq!(stats.backend_sent_messages, 5);
    assert_eq!(stats.backend_sent_bytes, 25);
    assert_eq!(stats.backend_recv_messages, 0);
    assert_eq!(stats.frontend_sent_messages, 0);

    control.pause().unwrap();
    input.send("held").unwrap();
    output
        .set_rcvtimeo(Some(Duration::from_millis(300)))
        .unwrap();
    assert_eq!(output.recv(), Err(Error::Again), "a paused proxy forwarded");
    control.resume().unwrap();
    output.set_rcvtimeo(Some(common::TIMEOUT)).unwrap();
    assert_eq!(output.recv().unwrap(), "held");
    let stats = control.statistics().unwrap();
    assert_eq!(stats.frontend_recv_messages, 6);
    assert_eq!(stats.backend_sent_bytes, 29);

    control.terminate().unwrap();
    assert_eq!(
        common::within(common::TIMEOUT, move || proxy.join().unwrap()),
        Ok(())
    );
}

#[test]
fn statistics_replies_are_validated() {
    let bad: zmq::Multipart = ["short"].into_iter().collect();
    assert_eq!(
        zmq::ProxyStatistics::from_reply(&bad),
        Err(Error::InvalidArgument)
    );
    let good: zmq::Multipart = (1u64..=8).map(|v| v.to_ne_bytes().to_vec()).collect();
    let stats = zmq::ProxyStatistics::from_reply(&good).unwrap();
    assert_eq!(stats.frontend_recv_messages, 1);
    assert_eq!(stats.backend_sent_bytes, 8);
}

/// Against a control peer that never answers, every control call returns
/// within its timeout: `Again` where an answer was due, `Ok` where the
/// linked libzmq sends none.
#[test]
fn control_calls_are_bounded_when_the_proxy_does_not_answer() {
    let ctx = Context::new();
    let silent = common::socket::<zmq::Pair>(&ctx);
    let endpoint = common::bind_any(&silent, "inproc");
    let mut control = ProxyControl::connect(&ctx, &endpoint).unwrap();
    assert_eq!(control.timeout(), ProxyControl::DEFAULT_TIMEOUT);
    control.set_timeout(Duration::from_millis(200));
    let acknowledged = zmq::version() == (4, 3, 5);
    let (stats, pause, resume, terminate) = common::within(common::TIMEOUT, move || {
        let start = std::time::Instant::now();
        let results = (
            control.statistics(),
            control.pause(),
            control.resume(),
            control.terminate(),
        );
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
        results
    });
    // PAUSE and RESUME wait for an acknowledgement (4.3.5) or for the
    // answer to a STATISTICS request (other releases); TERMINATE only for
    // an acknowledgement.
    assert_eq!(stats, Err(Error::Again));
    assert_eq!(pause, Err(Error::Again));
    assert_eq!(resume, Err(Error::Again));
    let terminated = if acknowledged {
        Err(Error::Again)
    } else {
        Ok(())
    };
    assert_eq!(terminate, terminated);

    // The commands did go out, in order, and nothing else.
    let expected: &[&str] = if acknowledged {
        &["STATISTICS", "RESUME", "PAUSE", "TERMINATE"]
    } else {
        &[
            "STATISTICS",
            "PAUSE",
            "STATISTICS",
            "RESUME",
            "STATISTICS",
            "TERMINATE",
        ]
    };
    let sent: Vec<String> = (0..expected.len())
        .map(|_| silent.recv().unwrap().as_str().unwrap().to_string())
        .collect();
    assert_eq!(silent.try_recv(), Err(Error::Again));
    assert_eq!(sent, expected);
}

/// An answer that comes after the timeout is not taken for the answer to
/// the next command.
#[test]
fn a_late_answer_is_discarded() {
    let ctx = Context::new();
    let peer = common::socket::<zmq::Pair>(&ctx);
    let endpoint = common::bind_any(&peer, "inproc");
    let mut control = ProxyControl::connect(&ctx, &endpoint).unwrap();
    control.set_timeout(Duration::from_millis(100));
    assert_eq!(control.statistics(), Err(Error::Again));
    assert_eq!(peer.recv().unwrap(), "STATISTICS");
    let reply = |v: u64| -> Vec<Vec<u8>> { (0..8).map(|_| v.to_ne_bytes().to_vec()).collect() };
    peer.send_multipart(reply(1)).unwrap(); // late
    control.set_timeout(common::TIMEOUT);
    let answer = thread::spawn(move || {
        assert_eq!(peer.recv().unwrap(), "STATISTICS");
        peer.send_multipart(reply(2)).unwrap();
        peer
    });
    assert_eq!(control.statistics().unwrap().frontend_recv_messages, 2);
    common::within(common::TIMEOUT, move || answer.join().unwrap());
}
