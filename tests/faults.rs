//! Faults: a peer process killed (SIGKILL), stopped (SIGSTOP) and restarted
//! mid-stream, and signals interrupting each kind of blocking call.
//!
//! The peer is this test binary run again (`--exact NAME`) with
//! `ZMQ_FAULTS_ROLE` naming what it plays; [`Peer`] kills and reaps it
//! whatever happens. Every role ends by itself after [`PEER_LIFETIME`], so
//! an orphan cannot outlive a crashed test run for long.

mod common;

use common::TIMEOUT;
use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use zmq::{Context, Error, EventKind, Events, MonitorEvents};

const ROLE: &str = "ZMQ_FAULTS_ROLE";
const ENDPOINT: &str = "ZMQ_FAULTS_ENDPOINT";
const GENERATION: &str = "ZMQ_FAULTS_GENERATION";
const PEER_LIFETIME: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------- peers --

/// A peer process, killed with SIGKILL and reaped when dropped.
struct Peer {
    child: Child,
}

impl Peer {
    /// Runs the test `test` of this binary as the peer `role`, with its
    /// `generation` (so that messages tell which incarnation sent them).
    fn spawn(test: &str, role: &str, endpoint: &str, generation: u32) -> Peer {
        let exe = std::env::current_exe().expect("current_exe");
        let child = Command::new(exe)
            .args(["--exact", test, "--nocapture", "--test-threads=1"])
            .env(ROLE, role)
            .env(ENDPOINT, endpoint)
            .env(GENERATION, generation.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("spawn the peer process");
        Peer { child }
    }

    fn signal(&self, signal: i32) {
        // SAFETY: kill(2) with the pid of our own child, which is not reaped
        // before Drop, so the pid cannot have been reused.
        let rc = unsafe { libc::kill(self.child.id() as libc::pid_t, signal) };
        assert_eq!(rc, 0, "kill({}, {signal})", self.child.id());
    }

    /// SIGKILL, then reap: the peer is gone when this returns.
    fn kill(mut self) {
        self.signal(libc::SIGKILL);
        let status = self.child.wait().expect("wait for the peer");
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(libc::SIGKILL),
            "the peer died of SIGKILL, not {status:?}"
        );
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// If this process is a peer, plays its role and returns true: the test
/// that re-executed itself then does nothing else.
fn play_peer_role() -> bool {
    let Ok(role) = std::env::var(ROLE) else {
        return false;
    };
    let endpoint = std::env::var(ENDPOINT).expect(ENDPOINT);
    let generation: u32 = std::env::var(GENERATION)
        .expect(GENERATION)
        .parse()
        .expect("generation");
    let ctx = Context::new();
    let until = Instant::now() + PEER_LIFETIME;
    match role.as_str() {
        // Sends "generation:sequence", at most about 20 000 a second: what
        // a killed peer leaves in queues and kernel buffers stays small
        // enough for a slow (valgrind) receiver to drain in time.
        "push-connect" | "push-bind" => {
            let push = common::socket::<zmq::Push>(&ctx);
            push.set_sndtimeo(Some(Duration::from_millis(200))).unwrap();
            push.set_sndhwm(100).unwrap();
            if role == "push-bind" {
                push.bind(&endpoint).expect("bind");
            } else {
                push.connect(&endpoint).expect("connect");
            }
            let mut seq = 0u64;
            while Instant::now() < until {
                match push.send(format!("{generation}:{seq}")) {
                    Ok(()) => {
                        seq += 1;
                        if seq % 20 == 0 {
                            std::thread::sleep(Duration::from_millis(1));
                        }
                    }
                    Err(Error::Again) => {}
                    Err(e) => panic!("peer send: {e}"),
                }
            }
        }
        // Answers each request with "request/generation".
        "router-echo" | "rep-echo" => {
            let s = ctx
                .socket_of_type(if role == "rep-echo" {
                    zmq::SocketType::Rep
                } else {
                    zmq::SocketType::Router
                })
                .expect("socket");
            common::guard(&s);
            s.set_rcvtimeo(Some(Duration::from_millis(200))).unwrap();
            s.bind(&endpoint).expect("bind");
            while Instant::now() < until {
                let mut parts = match s.recv_multipart() {
                    Ok(parts) => parts,
                    Err(Error::Again) => continue,
                    Err(e) => panic!("peer recv: {e}"),
                };
                let request = parts.pop().expect("a request frame");
                parts.push(format!("{}/{generation}", request.as_str().unwrap()));
                s.send_multipart(parts).expect("peer reply");
            }
        }
        // Sends a request every millisecond, reading (and ignoring) replies.
        "dealer-client" => {
            let dealer = common::socket::<zmq::Dealer>(&ctx);
            dealer.connect(&endpoint).expect("connect");
            let mut seq = 0u64;
            while Instant::now() < until {
                if dealer.try_send(format!("{generation}:{seq}")).is_ok() {
                    seq += 1;
                }
                while dealer.try_recv().is_ok() {}
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        // Holds a connection and does nothing else (libzmq's I/O thread
        // still answers heartbeats until the process is stopped).
        "idle" => {
            let router = common::socket::<zmq::Router>(&ctx);
            router.bind(&endpoint).expect("bind");
            std::thread::sleep(PEER_LIFETIME);
        }
        other => panic!("unknown peer role {other}"),
    }
    true
}

/// A TCP endpoint on a port that was free a moment ago, for a peer that
/// binds it again after each restart.
fn fixed_tcp_endpoint() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a probe");
    let port = listener.local_addr().expect("local_addr").port();
    format!("tcp://127.0.0.1:{port}")
}

/// Parses "generation:sequence" (with an optional "/server-generation").
fn parse(msg: &zmq::Message) -> (u32, u64) {
    let text = msg.as_str().expect("utf-8 message");
    let text = text.split('/').next().unwrap();
    let (generation, seq) = text.split_once(':').expect("generation:sequence");
    (generation.parse().unwrap(), seq.parse().unwrap())
}

/// Per generation: how many messages arrived, checking that each
/// generation's messages arrive in order with none missing (one peer, one
/// connection: nothing is lost until the peer dies).
#[derive(Default, Debug)]
struct Tally(BTreeMap<u32, u64>);

impl Tally {
    /// Records one message; returns its generation.
    fn record(&mut self, msg: &zmq::Message) -> u32 {
        let (generation, seq) = parse(msg);
        let count = self.0.entry(generation).or_insert(0);
        assert_eq!(seq, *count, "generation {generation}: a gap or a repeat");
        *count += 1;
        generation
    }

    fn count(&self, generation: u32) -> u64 {
        self.0.get(&generation).copied().unwrap_or(0)
    }
}

// -------------------------------------------------- kill and restart --

/// PULL (this process) from a PUSH peer that is killed and restarted twice;
/// after each restart the new incarnation's messages arrive.
fn push_pull_resume(test: &str, peer_binds: bool) {
    let ctx = Context::new();
    let pull = common::socket::<zmq::Pull>(&ctx);
    let (role, endpoint) = if peer_binds {
        let endpoint = fixed_tcp_endpoint();
        pull.connect(&endpoint).expect("connect");
        ("push-bind", endpoint)
    } else {
        ("push-connect", common::bind_any(&pull, "tcp"))
    };
    let mut tally = Tally::default();
    for generation in 1..=3 {
        let peer = Peer::spawn(test, role, &endpoint, generation);
        // Messages of the killed incarnation may still be queued: read on
        // until 1000 of this one arrived.
        let deadline = Instant::now() + TIMEOUT;
        while tally.count(generation) < 1000 {
            assert!(
                Instant::now() < deadline,
                "generation {generation}: {tally:?}"
            );
            let msg = pull.recv().expect("a message within the timeout");
            let from = tally.record(&msg);
            assert!(from <= generation, "a message from the future: {from}");
        }
        peer.kill();
    }
    eprintln!("{test}: messages per generation: {tally:?}");
}

#[test]
fn push_pull_resume_after_connecting_pusher_is_killed() {
    if play_peer_role() {
        return;
    }
    push_pull_resume("push_pull_resume_after_connecting_pusher_is_killed", false);
}

#[test]
fn push_pull_resume_after_binding_pusher_is_killed() {
    if play_peer_role() {
        return;
    }
    push_pull_resume("push_pull_resume_after_binding_pusher_is_killed", true);
}

/// A DEALER (this process) keeps sending requests to a ROUTER echo server
/// that is killed and restarted: its socket reconnects by itself and the
/// new server's replies arrive; nothing arrives twice.
#[test]
fn dealer_resumes_after_router_server_is_killed() {
    if play_peer_role() {
        return;
    }
    const TEST: &str = "dealer_resumes_after_router_server_is_killed";
    let ctx = Context::new();
    let dealer = common::socket::<zmq::Dealer>(&ctx);
    dealer
        .set_rcvtimeo(Some(Duration::from_millis(20)))
        .unwrap();
    let endpoint = fixed_tcp_endpoint();
    dealer.connect(&endpoint).expect("connect");
    let mut seq = 0u64;
    let mut replies: BTreeMap<u32, u64> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for server in 1..=3u32 {
        let peer = Peer::spawn(TEST, "router-echo", &endpoint, server);
        let deadline = Instant::now() + TIMEOUT;
        while replies.get(&server).copied().unwrap_or(0) < 50 {
            assert!(Instant::now() < deadline, "server {server}: {replies:?}");
            dealer.send(format!("0:{seq}")).expect("send");
            seq += 1;
            match dealer.recv() {
                Ok(reply) => {
                    let text = reply.as_str().unwrap().to_string();
                    let (request, from) = text.split_once('/').expect("request/server");
                    assert!(seen.insert(request.to_string()), "{request} twice");
                    *replies.entry(from.parse().unwrap()).or_default() += 1;
                }
                Err(Error::Again) => {}
                Err(e) => panic!("recv: {e}"),
            }
        }
        peer.kill();
    }
    eprintln!("{TEST}: {seq} requests sent, replies per server {replies:?}");
}

/// A ROUTER (this process) serves DEALER clients; each client is killed
/// and a new one started: the ROUTER keeps its socket and serves the new
/// client (a new routing id) as it did the old one.
#[test]
fn router_serves_a_restarted_dealer_client() {
    if play_peer_role() {
        return;
    }
    const TEST: &str = "router_serves_a_restarted_dealer_client";
    let ctx = Context::new();
    let router = common::socket::<zmq::Router>(&ctx);
    router.set_router_mandatory(true).unwrap();
    let endpoint = common::bind_any(&router, "tcp");
    let mut tally = Tally::default();
    let mut ids = Vec::new();
    for generation in 1..=3 {
        let peer = Peer::spawn(TEST, "dealer-client", &endpoint, generation);
        let deadline = Instant::now() + TIMEOUT;
        while tally.count(generation) < 100 {
            assert!(
                Instant::now() < deadline,
                "generation {generation}: {tally:?}"
            );
            let mut parts = router.recv_multipart().expect("a request");
            let request = parts.pop().expect("request frame");
            if tally.record(&request) == generation {
                if !ids.contains(&parts[0]) {
                    ids.push(parts[0].clone());
                }
                // A reply to the live client is never refused.
                parts.push(request);
                router.send_multipart(parts).expect("reply");
            }
        }
        peer.kill();
    }
    assert_eq!(ids.len(), 3, "one routing id per client: {ids:?}");
    eprintln!("{TEST}: requests per client {tally:?}");
}

/// The Lazy Pirate client (zguide chapter 4): poll for the reply with a
/// timeout; on timeout close the REQ socket, open a new one and resend.
/// Every request is answered although the server is killed and restarted.
#[test]
fn lazy_pirate_client_survives_a_server_restart() {
    if play_peer_role() {
        return;
    }
    const TEST: &str = "lazy_pirate_client_survives_a_server_restart";
    const REQUESTS: u64 = 30;
    const RETRIES: u32 = 40;
    let endpoint = fixed_tcp_endpoint();
    let ctx = Context::new();
    let open = || {
        let req = common::socket::<zmq::Req>(&ctx);
        req.connect(&endpoint).expect("connect");
        req
    };
    let mut server = Some(Peer::spawn(TEST, "rep-echo", &endpoint, 1));
    let mut req = open();
    let (mut retries, mut reopened) = (0, 0);
    let mut answered_by = BTreeMap::new();
    for seq in 0..REQUESTS {
        if seq == REQUESTS / 3 {
            server.take().expect("the first server").kill();
        }
        let request = format!("0:{seq}");
        req.send(request.as_str()).expect("send");
        let mut left = RETRIES;
        let reply = loop {
            let mut items = [req.as_poll_item(Events::IN)];
            let ready = zmq::poll(&mut items, Some(Duration::from_millis(250))).expect("poll");
            if ready == 1 && items[0].is_readable() {
                break req.recv().expect("a ready reply");
            }
            left -= 1;
            assert!(left > 0, "request {seq}: no reply after {RETRIES} retries");
            retries += 1;
            if server.is_none() && left == RETRIES - 3 {
                // Three tries met no server at all; now a new one starts.
                server = Some(Peer::spawn(TEST, "rep-echo", &endpoint, 2));
            }
            // The REQ socket is stuck waiting for a reply that will never
            // come: close it and resend on a new one.
            req = open();
            reopened += 1;
            req.send(request.as_str()).expect("resend");
        };
        let text = reply.as_str().unwrap();
        let (echo, from) = text.split_once('/').expect("request/server");
        assert_eq!(echo, request);
        *answered_by.entry(from.to_string()).or_insert(0) += 1;
    }
    assert!(retries > 0, "the server restart went unnoticed");
    assert_eq!(
        answered_by.len(),
        2,
        "both servers answered: {answered_by:?}"
    );
    eprintln!("{TEST}: {REQUESTS} answered {answered_by:?}, {retries} retries, {reopened} sockets reopened");
}

// ---------------------------------------------------------- heartbeats --

/// Connects a DEALER to an idle peer, waits until the connection is up,
/// then stops the peer (SIGSTOP: its TCP connection stays open but nothing
/// answers). Returns how long until the monitor reported `Disconnected`,
/// or `None` if it did not within `limit`.
fn disconnect_after_stop(test: &str, heartbeat: bool, limit: Duration) -> Option<Duration> {
    let ctx = Context::new();
    let endpoint = fixed_tcp_endpoint();
    let peer = Peer::spawn(test, "idle", &endpoint, 1);
    let dealer = common::socket::<zmq::Dealer>(&ctx);
    if heartbeat {
        dealer
            .set_heartbeat_ivl(Duration::from_millis(100))
            .unwrap();
        dealer
            .set_heartbeat_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        dealer
            .set_heartbeat_ttl(Duration::from_millis(1000))
            .unwrap();
    }
    let mut monitor = dealer
        .monitor(MonitorEvents::HANDSHAKE_SUCCEEDED | MonitorEvents::DISCONNECTED)
        .expect("monitor");
    monitor.set_timeout(Some(TIMEOUT)).unwrap();
    dealer.connect(&endpoint).expect("connect");
    monitor
        .wait_for(EventKind::HandshakeSucceeded)
        .expect("the peer accepted the connection");
    // Let a few heartbeats pass while the peer is alive: they are answered.
    std::thread::sleep(Duration::from_millis(800));
    assert!(
        matches!(monitor.try_recv_event(), Err(Error::Again)),
        "an event while the peer was alive"
    );
    peer.signal(libc::SIGSTOP);
    let stopped = Instant::now();
    monitor.set_timeout(Some(limit)).unwrap();
    let result = match monitor.recv_event() {
        Ok(event) => {
            assert_eq!(event.kind, EventKind::Disconnected);
            Some(stopped.elapsed())
        }
        Err(Error::Again) => None,
        Err(e) => panic!("monitor: {e}"),
    };
    peer.kill(); // SIGKILL ends a stopped process too
    result
}

/// With heartbeats, a peer that stops answering (but whose TCP connection
/// stays open) is noticed: `Disconnected` within a bound after SIGSTOP.
/// Without heartbeats, the same silence goes unnoticed.
#[test]
fn heartbeats_notice_a_stopped_peer() {
    if play_peer_role() {
        return;
    }
    const TEST: &str = "heartbeats_notice_a_stopped_peer";
    let noticed = disconnect_after_stop(TEST, true, Duration::from_secs(5))
        .expect("heartbeats reported the stopped peer within 5 s");
    eprintln!("{TEST}: Disconnected {noticed:?} after SIGSTOP (heartbeat timeout 500 ms)");
    assert!(
        noticed >= Duration::from_millis(300),
        "too early: {noticed:?}"
    );
    assert_eq!(
        disconnect_after_stop(TEST, false, Duration::from_millis(1500)),
        None,
        "without heartbeats nothing notices the stopped peer"
    );
}

// -------------------------------------------------------------- signals --

extern "C" fn on_sigusr1(_: libc::c_int) {}

/// Installs a no-op SIGUSR1 handler without SA_RESTART, so a signal makes
/// a blocking system call fail with EINTR.
fn install_sigusr1() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: a zeroed sigaction is valid (empty mask, no flags); the
        // handler is an extern "C" fn that does nothing, so it is
        // async-signal-safe.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_sigusr1 as extern "C" fn(libc::c_int) as usize;
            action.sa_flags = 0;
            libc::sigemptyset(&mut action.sa_mask);
            assert_eq!(
                libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut()),
                0
            );
        }
    });
}

/// Runs `blocked` on `state` in a new thread and sends that thread SIGUSR1
/// every 20 ms until the call returns; returns its result and the state,
/// for the next call to show that the objects still work.
fn interrupt<T: Send + 'static>(
    state: T,
    blocked: impl FnOnce(&mut T) -> zmq::Result<()> + Send + 'static,
) -> (zmq::Result<()>, T) {
    install_sigusr1();
    let (tid_tx, tid_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        let mut state = state;
        // SAFETY: pthread_self has no preconditions.
        tid_tx.send(unsafe { libc::pthread_self() }).unwrap();
        let result = blocked(&mut state);
        done_tx.send(()).unwrap();
        (result, state)
    });
    let tid = tid_rx.recv().unwrap();
    // Let the call block first; a signal before it would be lost harmlessly
    // (the next one comes 20 ms later).
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    loop {
        // SAFETY: the thread is not joined yet (we hold its JoinHandle), so
        // its pthread_t is valid even if it has just finished.
        unsafe { libc::pthread_kill(tid, libc::SIGUSR1) };
        match done_rx.recv_timeout(Duration::from_millis(20)) {
            Ok(()) => break,
            Err(_) => assert!(
                start.elapsed() < Duration::from_secs(5),
                "the call was not interrupted within 5 s"
            ),
        }
    }
    thread.join().expect("the blocked thread")
}

#[test]
fn signal_interrupts_a_blocking_recv() {
    let ctx = Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "inproc");
    let (result, pull) = interrupt(pull, |pull| pull.recv().map(drop));
    assert_eq!(result, Err(Error::Interrupted));
    push.send("after").unwrap();
    assert_eq!(pull.recv().unwrap(), "after");
}

#[test]
fn signal_interrupts_a_send_blocked_at_the_high_water_mark() {
    // inproc: the queue is exactly the two high-water marks, no kernel
    // buffers behind them.
    let ctx = Context::new();
    let pull = common::socket::<zmq::Pull>(&ctx);
    pull.set_rcvhwm(1).unwrap();
    let endpoint = common::bind_any(&pull, "inproc");
    let push = common::socket::<zmq::Push>(&ctx);
    push.set_sndhwm(1).unwrap();
    push.connect(&endpoint).unwrap();
    let mut queued = 0;
    loop {
        match push.try_send("fill") {
            Ok(()) => queued += 1,
            Err(Error::Again) => break,
            Err(e) => panic!("try_send: {e}"),
        }
        assert!(queued < 100, "never reached the high-water mark");
    }
    let (result, push) = interrupt(push, |push| push.send("blocked"));
    assert_eq!(result, Err(Error::Interrupted));
    for _ in 0..queued {
        assert_eq!(pull.recv().unwrap(), "fill");
    }
    push.send("after").unwrap();
    assert_eq!(pull.recv().unwrap(), "after");
}

#[test]
fn signal_interrupts_zmq_poll() {
    let ctx = Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "inproc");
    let (result, pull) = interrupt(pull, |pull| {
        let mut items = [pull.as_poll_item(Events::IN)];
        zmq::poll(&mut items, Some(TIMEOUT)).map(drop)
    });
    assert_eq!(result, Err(Error::Interrupted));
    push.send("after").unwrap();
    let mut items = [pull.as_poll_item(Events::IN)];
    assert_eq!(zmq::poll(&mut items, Some(TIMEOUT)), Ok(1));
    assert!(items[0].is_readable());
}

#[test]
fn signal_interrupts_poller_poll() {
    let ctx = Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "inproc");
    let (result, pull) = interrupt(pull, |pull| {
        let mut poller = zmq::Poller::new();
        poller.add(pull, Events::IN, 7)?;
        poller.poll(Some(TIMEOUT)).map(drop)
    });
    assert_eq!(result, Err(Error::Interrupted));
    push.send("after").unwrap();
    let mut poller = zmq::Poller::new();
    poller.add(&pull, Events::IN, 7).unwrap();
    assert_eq!(poller.poll(Some(TIMEOUT)), Ok(1));
    assert_eq!(poller.ready()[0].token, 7);
}

#[test]
fn signal_interrupts_monitor_recv_event() {
    let ctx = Context::new();
    let rep = common::socket::<zmq::Rep>(&ctx);
    let monitor = rep.monitor(MonitorEvents::LISTENING).unwrap();
    monitor.set_timeout(Some(TIMEOUT)).unwrap();
    let (result, mut monitor) = interrupt(monitor, |m| m.recv_event().map(drop));
    assert_eq!(result, Err(Error::Interrupted));
    rep.bind("tcp://127.0.0.1:*").unwrap();
    let event = monitor.recv_event().unwrap();
    assert_eq!(event.kind, EventKind::Listening);
}

#[test]
fn signal_interrupts_a_proxy() {
    let ctx = Context::new();
    let (frontend, input) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "inproc");
    let (backend, output) = common::bound_and_connected::<zmq::Push, zmq::Pull>(&ctx, "inproc");
    let (result, (frontend, backend)) = interrupt((frontend, backend), |(f, b)| zmq::proxy(f, b));
    assert_eq!(result, Err(Error::Interrupted));
    // The same sockets proxy again; shutting the context down ends it.
    let proxy = std::thread::spawn(move || zmq::proxy(&frontend, &backend));
    input.send("through").unwrap();
    assert_eq!(output.recv().unwrap(), "through");
    let shutdown = ctx.clone();
    common::within(TIMEOUT, move || shutdown.shutdown()).expect("shutdown");
    assert_eq!(proxy.join().unwrap(), Err(Error::Terminated));
}
