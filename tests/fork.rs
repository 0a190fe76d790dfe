//! fork(): a child never calls into libzmq through a context or socket it
//! inherited (calls fail with `Error::Forked`, drops leak), it may make a
//! context of its own, and the parent goes on undisturbed.
#![cfg(unix)]

mod common;

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use zmq::{Context, Error, Message};

/// One fork at a time: the tests of this file run in parallel threads, and
/// the child of one must not inherit another's half-done state.
static SERIAL: Mutex<()> = Mutex::new(());

/// Forks; the child runs `child` and `_exit`s with 0 when it returned `Ok`,
/// 1 (after writing the message to stderr) when it returned `Err`, 2 when
/// it panicked. The parent fails the test unless the child exits with 0
/// within `limit` (a child still running then is killed).
fn in_forked_child(limit: Duration, child: impl FnOnce() -> Result<(), String>) {
    // SAFETY: the child only runs `child` (Rust code of this test, which
    // allocates: glibc's malloc is fork-safe) and then _exit.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let code = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(child)) {
            Ok(Ok(())) => 0,
            Ok(Err(message)) => {
                // Straight to the descriptor: the test harness captures
                // eprintln! output into memory that the child never shows.
                let _ = writeln!(std::io::stderr(), "forked child: {message}");
                1
            }
            Err(_) => 2,
        };
        // SAFETY: ends the child at once, without running the parent's
        // atexit handlers or destructors.
        unsafe { libc::_exit(code) };
    }
    let start = Instant::now();
    let mut status = 0;
    loop {
        // SAFETY: waits for our own child without blocking.
        let rc = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        assert!(rc >= 0, "waitpid failed");
        if rc == pid {
            break;
        }
        if start.elapsed() > limit {
            // SAFETY: kills and reaps our own child.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, &mut status, 0);
            }
            panic!("the forked child did not exit within {limit:?} (hung)");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        libc::WIFEXITED(status),
        "the forked child died of a signal: status {status:#x}"
    );
    assert_eq!(
        libc::WEXITSTATUS(status),
        0,
        "the forked child failed (1: a check failed, 2: a panic; see stderr)"
    );
}

/// `Ok` when `result` is `Err(Error::Forked)`.
fn forked<T: std::fmt::Debug>(what: &str, result: zmq::Result<T>) -> Result<(), String> {
    match result {
        Err(Error::Forked) => Ok(()),
        other => Err(format!("{what}: expected Err(Forked), got {other:?}")),
    }
}

const LIMIT: Duration = Duration::from_secs(10);

/// In a child: a context of its own, and one REQ/REP round trip through it
/// over `transport`.
fn own_round_trip(
    transport: &str,
) -> Result<(Context, zmq::Socket<zmq::Rep>, zmq::Socket<zmq::Req>), String> {
    let own = Context::new();
    let (rep, req) = common::bound_and_connected::<zmq::Rep, zmq::Req>(&own, transport);
    req.send("child").map_err(|e| format!("send: {e}"))?;
    match rep.recv() {
        Ok(m) if m == "child" => Ok((own, rep, req)),
        other => Err(format!("recv: {other:?}")),
    }
}

#[test]
fn inherited_objects_fail_in_the_child_and_drop_without_hanging() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "tcp");
    let (rep, req) = common::bound_and_connected::<zmq::Rep, zmq::Req>(&ctx, "inproc");
    push.send("before the fork").unwrap();
    let received: Message = pull.recv().unwrap();
    assert_eq!(received, "before the fork");
    push.send("queued in the parent").unwrap();
    // Let it reach the parent's PULL queue.
    std::thread::sleep(Duration::from_millis(100));
    // Without a timeout, libzmq's receive in the child would block forever.
    pull.set_rcvtimeo(None).unwrap();
    // The child takes the objects out of its copy of this and drops them;
    // the parent's copy is untouched.
    let mut objects = Some((ctx, pull, push, rep, req, received));

    in_forked_child(LIMIT, || {
        let (ctx, pull, push, rep, req, received) = objects.take().ok_or("no objects")?;
        // A blocking receive fails at once instead of reporting
        // Interrupted forever (or stealing the parent's message).
        forked("recv", pull.recv())?;
        forked("try_recv", pull.try_recv())?;
        let mut msg = Message::new();
        forked("recv_into", pull.recv_into(&mut msg))?;
        forked("recv_slice", pull.recv_slice(&mut [0; 8]))?;
        forked("recv_multipart", rep.recv_multipart())?;
        forked("send", push.send("from the child"))?;
        forked("try_send", push.try_send("from the child"))?;
        forked("send_multipart", req.send_multipart(["a", "b"]))?;
        // A borrowed message that fails to send stays the caller's.
        let mut keep = Message::from("kept");
        forked(
            "send_msg",
            push.send_msg(&mut keep, zmq::SendFlags::empty()),
        )?;
        if keep != "kept" {
            return Err("send_msg in the child changed its message".into());
        }
        forked("option get", pull.rcvhwm())?;
        forked("option set", pull.set_rcvhwm(5))?;
        forked("string option", pull.last_endpoint())?;
        forked("string option set", pull.set_zap_domain("x"))?;
        forked("null option set", pull.set_socks_proxy(""))?;
        forked("raw option", pull.option_raw(zmq::sys::ZMQ_RCVHWM, 4))?;
        forked("bind", push.bind("tcp://127.0.0.1:*"))?;
        forked("connect", pull.connect("inproc://x"))?;
        forked("unbind", pull.unbind("tcp://127.0.0.1:1"))?;
        forked("disconnect", push.disconnect("tcp://127.0.0.1:1"))?;
        forked("socket", ctx.socket::<zmq::Pair>())?;
        forked("context option", ctx.io_threads())?;
        forked("context option set", ctx.set_blocky(false))?;
        forked("shutdown", ctx.shutdown())?;
        // The error says what happened and converts.
        let text = Error::Forked.to_string();
        if !text.contains("fork") {
            return Err(format!("unclear message: {text}"));
        }
        let io = std::io::Error::from(Error::Forked);
        if io.kind() != std::io::ErrorKind::Unsupported {
            return Err(format!("io kind {:?}", io.kind()));
        }
        if Error::from_errno(Error::Forked.errno()) != Error::Forked {
            return Err("errno does not round-trip".into());
        }
        // A message received before the fork is plain memory.
        if received != "before the fork" {
            return Err("the inherited message changed".into());
        }
        drop(received);
        // Dropping the sockets and the context never reaches libzmq (on a
        // context inherited across fork zmq_ctx_term would wait forever).
        drop((pull, push, rep, req));
        forked("term", ctx.term())?;
        Ok(())
    });

    // The parent's sockets are undisturbed: the queued message is still
    // there and traffic goes on both ways.
    let (ctx, pull, push, rep, req, _) = objects.take().expect("the parent's objects");
    pull.set_rcvtimeo(Some(common::TIMEOUT)).unwrap();
    assert_eq!(pull.recv().unwrap(), "queued in the parent");
    for i in 0..100 {
        push.send(format!("after {i}")).unwrap();
        assert_eq!(pull.recv().unwrap(), format!("after {i}").as_str());
    }
    req.send("ping").unwrap();
    assert_eq!(rep.recv().unwrap(), "ping");
    rep.send("pong").unwrap();
    assert_eq!(req.recv().unwrap(), "pong");
    drop((pull, push, rep, req));
    ctx.term().unwrap();
}

#[test]
fn a_child_makes_a_context_of_its_own() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let inherited = Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&inherited, "ipc");
    push.send("parent").unwrap();
    assert_eq!(pull.recv().unwrap(), "parent");
    let mut objects = Some((inherited, pull, push));

    in_forked_child(LIMIT, || {
        let (inherited, pull, push) = objects.take().ok_or("no objects")?;
        let (own, rep, req) = own_round_trip("tcp")?;
        forked("inherited socket", push.send("no"))?;
        forked("inherited context", inherited.socket::<zmq::Pair>())?;
        // In a grandchild the child's own context is the inherited one.
        in_forked_child(LIMIT, || {
            forked("grandchild", own.socket::<zmq::Pair>())?;
            forked("grandchild send", req.send("no"))?;
            let third = Context::new();
            let pair = third
                .socket::<zmq::Pair>()
                .map_err(|e| format!("grandchild's own socket: {e}"))?;
            drop(pair);
            third.term().map_err(|e| format!("grandchild's term: {e}"))
        });
        drop((rep, req));
        own.term().map_err(|e| format!("term: {e}"))?;
        drop((pull, push, inherited));
        Ok(())
    });

    let (_inherited, pull, push) = objects.take().expect("the parent's objects");
    push.send("still here").unwrap();
    assert_eq!(pull.recv().unwrap(), "still here");
}

#[test]
fn inherited_polls_monitors_and_proxies_fail_in_the_child() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "tcp");
    let monitor = push.monitor(zmq::MonitorEvents::ALL).unwrap();
    let auth = zmq::zap::Authenticator::start(&ctx).unwrap();
    push.send("one").unwrap();
    let mut poller = zmq::Poller::new();
    poller.add(&pull, zmq::Events::IN, 1).unwrap();
    assert_eq!(poller.poll(Some(common::TIMEOUT)).unwrap(), 1);
    let mut objects = Some((monitor, poller, auth));

    in_forked_child(LIMIT, || {
        let (monitor, mut poller, auth) = objects.take().ok_or("no objects")?;
        let mut items = [pull.as_poll_item(zmq::Events::IN)];
        forked("poll", zmq::poll(&mut items, Some(Duration::ZERO)))?;
        forked("Poller::poll", poller.poll(Some(Duration::ZERO)))?;
        forked("Poller::modify", poller.modify(&pull, zmq::Events::OUT))?;
        forked("monitor", push.monitor(zmq::MonitorEvents::ALL))?;
        forked("stop_monitor", push.stop_monitor())?;
        forked("proxy", zmq::proxy(&pull, &push))?;
        // A Poller made in the child refuses the inherited socket.
        let mut own = zmq::Poller::new();
        forked("Poller::add", own.add(&pull, zmq::Events::IN, 2))?;
        // Dropping them never reaches libzmq (nor the monitor's lock).
        // The authenticator's thread exists only in the parent: dropping it
        // must not wait for that thread.
        drop((monitor, poller, own, auth));
        Ok(())
    });

    // The parent's poller, monitor and sockets go on.
    let (mut monitor, mut poller, auth) = objects.take().expect("the parent's objects");
    drop(auth);
    assert_eq!(poller.poll(Some(common::TIMEOUT)).unwrap(), 1);
    assert_eq!(pull.recv().unwrap(), "one");
    monitor.set_timeout(Some(common::TIMEOUT)).unwrap();
    // An event that surely comes: the connection's own events may all
    // have happened before the monitor started.
    push.bind("tcp://127.0.0.1:*").unwrap();
    let event = monitor.recv_event().unwrap();
    assert_ne!(event.kind, zmq::EventKind::MonitorStopped);
    drop(poller);
}

/// The send and receive paths read each socket's pointer from a word the
/// fork handler empties (`src/fork_slot.rs`). Those words are handed out
/// under a lock that another thread may hold at the moment of the fork:
/// forking while a thread makes and drops sockets must leave a child that
/// can make sockets of its own, and whose inherited sockets still fail with
/// `Forked`.
#[test]
fn forks_while_another_thread_makes_and_drops_sockets() {
    use std::sync::atomic::{AtomicBool, Ordering};
    /// Stops the churning thread when dropped, also when a check panics:
    /// the scope waits for that thread before the panic goes on, so
    /// without this a failing check would hang the test.
    struct Stop<'a>(&'a AtomicBool);
    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }

    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "inproc");
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let churn = scope.spawn(|| {
            let mut made = 0u64;
            while !stop.load(Ordering::Relaxed) {
                match ctx.socket::<zmq::Pair>() {
                    Ok(_dropped_at_once) => made += 1,
                    // libzmq closes sockets asynchronously (its reaper
                    // thread), so a fast loop can reach ZMQ_MAX_SOCKETS.
                    Err(Error::TooManyOpenFiles) => std::thread::yield_now(),
                    Err(e) => panic!("socket: {e}"),
                }
            }
            made
        });
        let stopper = Stop(&stop);
        for _ in 0..20 {
            in_forked_child(LIMIT, || {
                forked("inherited send", push.send("no"))?;
                forked("inherited recv", pull.try_recv())?;
                let (own, rep, req) = own_round_trip("inproc")?;
                drop((rep, req));
                own.term().map_err(|e| format!("term: {e}"))
            });
        }
        drop(stopper);
        assert!(
            churn.join().unwrap() > 0,
            "the churning thread made no socket"
        );
    });
    push.send("parent").unwrap();
    assert_eq!(pull.recv().unwrap(), "parent");
}

/// A DGRAM socket without its endpoint refuses to send (libzmq would
/// abort); in a forked child that refusal is `Forked`, as for every other
/// inherited socket.
#[cfg(feature = "draft")]
#[test]
fn an_inherited_dgram_without_an_endpoint_reports_forked() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = Context::new();
    let dgram = ctx.socket::<zmq::Dgram>().unwrap();
    dgram.set_linger(Some(Duration::ZERO)).unwrap();
    assert_eq!(
        dgram.send_multipart(["127.0.0.1:9", "x"]),
        Err(Error::NotConnected)
    );
    in_forked_child(LIMIT, || {
        forked("send_multipart", dgram.send_multipart(["127.0.0.1:9", "x"]))?;
        let mut frame = Message::from("x");
        forked(
            "send_msg",
            dgram.send_msg(&mut frame, zmq::SendFlags::empty()),
        )
    });
}
