//! Context lifetime: shutdown, termination, drop orders, linger defaults.

use crate::common;
use crate::common::child;

use common::within;
use std::time::Duration;
use zmq::{Context, Error};

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn context_is_send_sync_and_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Context>();
    let ctx = Context::new();
    let other = ctx.clone();
    assert_eq!(ctx, other);
    assert_ne!(ctx, Context::new());
    std::thread::spawn(move || other.socket::<zmq::Pair>().unwrap())
        .join()
        .unwrap();
}

#[test]
fn shutdown_wakes_a_receive_blocked_in_another_thread() {
    let ctx = Context::new();
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    pull.bind("inproc://blocked").unwrap();
    let started = std::sync::Arc::new(std::sync::Barrier::new(2));
    let barrier = started.clone();
    let waiter = std::thread::spawn(move || {
        barrier.wait();
        // No timeout: only the shutdown can end this.
        pull.recv()
    });
    started.wait();
    std::thread::sleep(Duration::from_millis(100));
    ctx.shutdown().unwrap();
    let result = within(LIMIT, move || waiter.join().unwrap());
    assert_eq!(result.unwrap_err(), Error::Terminated);
    // New sockets fail too, and dropping everything does not hang.
    assert_eq!(ctx.socket::<zmq::Pair>().unwrap_err(), Error::Terminated);
    within(LIMIT, move || drop(ctx));
}

#[test]
fn shutdown_wakes_a_blocked_send() {
    let ctx = Context::new();
    let push = ctx.socket::<zmq::Push>().unwrap();
    push.bind("inproc://nobody").unwrap();
    let sender = std::thread::spawn(move || push.send("waits for a peer"));
    std::thread::sleep(Duration::from_millis(100));
    ctx.shutdown().unwrap();
    let result = within(LIMIT, move || sender.join().unwrap());
    assert_eq!(result, Err(Error::Terminated));
}

#[test]
fn drop_orders_never_hang() {
    // Sockets outliving the context handle, handles outliving sockets,
    // sockets dropped in other threads, with undelivered messages and a
    // zero linger.
    within(LIMIT, || {
        let ctx = Context::new();
        let s = ctx.socket::<zmq::Push>().unwrap();
        drop(ctx);
        s.bind("inproc://outlives").unwrap();
        drop(s);
    });
    within(LIMIT, || {
        let ctx = Context::new();
        let s = ctx.socket::<zmq::Pair>().unwrap();
        let ctx2 = ctx.clone();
        drop(s);
        drop(ctx);
        let t = ctx2.socket::<zmq::Sub>().unwrap();
        drop(ctx2);
        drop(t);
    });
    within(LIMIT, || {
        let ctx = Context::new();
        let sockets: Vec<_> = (0..8)
            .map(|_| ctx.socket::<zmq::Dealer>().unwrap())
            .collect();
        drop(ctx);
        let handles: Vec<_> = sockets
            .into_iter()
            .map(|s| std::thread::spawn(move || drop(s)))
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
    let endpoint = released_endpoint();
    within(LIMIT, move || {
        let ctx = Context::new();
        let push = undelivered(&ctx, &endpoint);
        push.set_linger(Some(Duration::ZERO)).unwrap();
        // Linger 0 drops the undelivered message on close.
        drop(ctx);
        drop(push);
    });
}

/// A TCP endpoint on which nothing listens now but which can be bound again
/// later (a port libzmq picked, then released).
fn released_endpoint() -> String {
    let ctx = Context::new();
    let pull = common::socket::<zmq::Pull>(&ctx);
    let endpoint = common::bind_any(&pull, "tcp");
    drop(pull);
    within(LIMIT, move || drop(ctx));
    endpoint
}

/// A PUSH with one message queued for a peer that is not there.
fn undelivered(ctx: &Context, endpoint: &str) -> zmq::Socket<zmq::Push> {
    let push = ctx.socket::<zmq::Push>().unwrap();
    // With IMMEDIATE off (the default) the pipe exists before the
    // connection, so the message is queued rather than refused.
    push.connect(endpoint).unwrap();
    push.send("stuck").unwrap();
    push
}

#[test]
fn default_linger_blocks_termination_until_delivery() {
    // libzmq's promise: nothing queued is lost unless a linger says so.
    let endpoint = released_endpoint();
    let ctx = Context::new();
    let push = undelivered(&ctx, &endpoint);
    assert_eq!(
        push.linger().unwrap(),
        None,
        "libzmq's default linger is forever"
    );
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        drop(push);
        let _ = done_tx.send(ctx.term());
    });
    assert!(
        done_rx.recv_timeout(Duration::from_millis(500)).is_err(),
        "termination did not wait for the undelivered message"
    );
    // A peer appears: the message is delivered, then termination completes.
    let peer_ctx = Context::new();
    let pull = common::socket::<zmq::Pull>(&peer_ctx);
    pull.bind(&endpoint).unwrap();
    assert_eq!(pull.recv().unwrap(), "stuck");
    let result = done_rx
        .recv_timeout(LIMIT)
        .expect("termination still blocked after delivery");
    assert_eq!(result, Ok(()));
}

#[test]
fn blocky_false_makes_termination_immediate() {
    let endpoint = released_endpoint();
    let ctx = Context::builder().blocky(false).build().unwrap();
    assert!(!ctx.blocky().unwrap());
    let push = undelivered(&ctx, &endpoint);
    assert_eq!(push.linger().unwrap(), Some(Duration::ZERO));
    within(LIMIT, move || {
        drop(push);
        ctx.term()
    })
    .unwrap();

    // The same with a linger set on the socket of a default context.
    let ctx = Context::new();
    let push = undelivered(&ctx, &endpoint);
    push.set_linger(Some(Duration::from_millis(10))).unwrap();
    within(LIMIT, move || {
        drop(push);
        ctx.term()
    })
    .unwrap();
}

#[test]
fn term_on_the_last_handle_terminates_now() {
    let ctx = Context::new();
    let s = ctx.socket::<zmq::Pair>().unwrap();
    drop(s);
    within(LIMIT, move || ctx.term()).unwrap();

    // With a socket still open, term() shuts down instead of blocking.
    let ctx = Context::new();
    let s = ctx.socket::<zmq::Pull>().unwrap();
    within(LIMIT, move || ctx.term()).unwrap();
    assert_eq!(
        within(LIMIT, move || s.recv()).unwrap_err(),
        Error::Terminated
    );
}

#[test]
fn builder_options_apply() {
    let ctx = Context::builder()
        .io_threads(2)
        .max_sockets(16)
        .ipv6(true)
        .build()
        .unwrap();
    assert_eq!(ctx.io_threads().unwrap(), 2);
    assert_eq!(ctx.max_sockets().unwrap(), 16);
    assert!(ctx.ipv6().unwrap());
    let sockets: Vec<_> = (0..16).map(|_| ctx.socket::<zmq::Pair>()).collect();
    assert!(sockets.iter().all(Result::is_ok));
    assert_eq!(
        ctx.socket::<zmq::Pair>().unwrap_err(),
        Error::TooManyOpenFiles
    );

    assert_eq!(
        Context::builder().io_threads(-1).build().unwrap_err(),
        Error::InvalidArgument
    );
}

#[test]
fn raw_interop_shares_one_context_with_c() {
    // A context made by "C code" (the raw API) used from Rust, and the
    // reverse: Rust sockets and raw sockets talk over inproc.
    // SAFETY: zmq_ctx_new has no preconditions.
    let raw = unsafe { zmq::sys::zmq_ctx_new() };
    // SAFETY: raw is a live context that this Context now owns.
    let ctx = unsafe { Context::from_raw(raw) }.unwrap();
    assert_eq!(ctx.as_raw(), raw);
    let pull = common::socket::<zmq::Pull>(&ctx);
    pull.bind("inproc://shared").unwrap();

    // SAFETY: the context is live while `ctx` is.
    let c_push = unsafe { zmq::sys::zmq_socket(ctx.as_raw(), zmq::sys::ZMQ_PUSH) };
    assert!(!c_push.is_null());
    // SAFETY: c_push is a live socket; the endpoint is NUL-terminated.
    let rc = unsafe { zmq::sys::zmq_connect(c_push, c"inproc://shared".as_ptr()) };
    assert_eq!(rc, 0);
    // SAFETY: the buffer is valid for 4 bytes.
    let rc = unsafe { zmq::sys::zmq_send(c_push, b"from".as_ptr().cast(), 4, 0) };
    assert_eq!(rc, 4);
    assert_eq!(pull.recv().unwrap(), "from");

    // Rust takes ownership of the raw socket; a wrong kind is refused.
    // SAFETY: c_push is a live socket of ctx that nothing else uses.
    assert!(unsafe { zmq::Socket::<zmq::Pull>::from_raw(&ctx, c_push) }.is_err());
    // SAFETY: as above; now with the right kind.
    let push = unsafe { zmq::Socket::<zmq::Push>::from_raw(&ctx, c_push) }.unwrap();
    push.send("owned").unwrap();
    assert_eq!(pull.recv().unwrap(), "owned");
    drop(push);
    drop(pull);
    within(LIMIT, move || drop(ctx));

    // A context that C keeps owning is never terminated by Rust.
    // SAFETY: no preconditions.
    let raw = unsafe { zmq::sys::zmq_ctx_new() };
    // SAFETY: raw outlives the handle (terminated below).
    let borrowed = unsafe { Context::from_raw_unowned(raw) }.unwrap();
    drop(borrowed.socket::<zmq::Pair>().unwrap());
    drop(borrowed);
    // SAFETY: raw is still live: Rust did not terminate it.
    assert_eq!(unsafe { zmq::sys::zmq_ctx_term(raw) }, 0);
}

/// Runs `body` in a child process (tests/common/child.rs), so that an
/// abort or a hang in it fails the test instead of ending the test run;
/// fails unless the child exits cleanly within `LIMIT`.
fn in_child_process(name: &str, body: impl FnOnce()) {
    child::isolated(module_path!(), name, LIMIT, body);
}

/// Values of `ZMQ_MAX_SOCKETS` whose slot array libzmq would overflow
/// (`std::length_error` thrown through the C API: an abort) or allocate by
/// the gigabyte are refused when set; the limit itself works.
#[test]
fn max_sockets_beyond_the_socket_limit_is_refused() {
    in_child_process("max_sockets_beyond_the_socket_limit_is_refused", || {
        let limit = Context::new().socket_limit().unwrap();
        assert_eq!(limit, 65535, "epoll's limit");
        for value in [i32::MAX, i32::MAX - 1, i32::MAX - 3, 1 << 30, limit + 1] {
            let built = Context::builder().max_sockets(value).build();
            assert_eq!(built.unwrap_err(), Error::InvalidArgument, "{value}");
            let ctx = Context::new();
            assert_eq!(ctx.set_max_sockets(value), Err(Error::InvalidArgument));
            assert_eq!(ctx.max_sockets().unwrap(), 1023, "unchanged");
            // Had libzmq taken it, this would abort.
            ctx.socket::<zmq::Pair>().unwrap();
        }
        let ctx = Context::builder().max_sockets(limit).build().unwrap();
        assert_eq!(ctx.max_sockets().unwrap(), limit);
        ctx.socket::<zmq::Pair>().unwrap();
        let ctx = Context::new();
        ctx.set_max_sockets(limit).unwrap();
        ctx.socket::<zmq::Pair>().unwrap();
    });
}

/// The same for `ZMQ_IO_THREADS`, at most `MAX_IO_THREADS`; the limit and
/// the largest socket count together still work.
#[test]
fn io_threads_beyond_the_limit_are_refused() {
    in_child_process("io_threads_beyond_the_limit_are_refused", || {
        assert_eq!(zmq::MAX_IO_THREADS, 64);
        for value in [i32::MAX, i32::MAX - 1, 1 << 30, zmq::MAX_IO_THREADS + 1] {
            let built = Context::builder().io_threads(value).build();
            assert_eq!(built.unwrap_err(), Error::InvalidArgument, "{value}");
            let ctx = Context::new();
            assert_eq!(ctx.set_io_threads(value), Err(Error::InvalidArgument));
            ctx.socket::<zmq::Pair>().unwrap();
        }
        let ctx = Context::builder()
            .io_threads(zmq::MAX_IO_THREADS)
            .max_sockets(65535)
            .build()
            .unwrap();
        assert_eq!(ctx.io_threads().unwrap(), zmq::MAX_IO_THREADS);
        let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "tcp");
        push.send("64 threads").unwrap();
        assert_eq!(pull.recv().unwrap(), "64 threads");
    });
}

/// Thread options that libzmq accepts but aborts on when its I/O threads
/// start: a CPU outside `cpu_set_t` and an unknown scheduling policy.
#[test]
fn thread_options_libzmq_would_abort_on_are_refused() {
    in_child_process("thread_options_libzmq_would_abort_on_are_refused", || {
        let cpu_setsize = 1024;
        let built = Context::builder()
            .thread_affinity_cpu_add(cpu_setsize)
            .build();
        assert_eq!(built.unwrap_err(), Error::InvalidArgument);
        let built = Context::builder().thread_sched_policy(12345).build();
        assert_eq!(built.unwrap_err(), Error::InvalidArgument);
        let ctx = Context::new();
        assert_eq!(
            ctx.set_thread_affinity_cpu_add(i32::MAX),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            ctx.set_thread_sched_policy(i32::MAX),
            Err(Error::InvalidArgument)
        );
        // Valid values still work: a CPU this process may use (the one it
        // runs on) and SCHED_OTHER.
        // SAFETY: no preconditions.
        let cpu = unsafe { libc::sched_getcpu() };
        assert!(cpu >= 0, "sched_getcpu");
        let ctx = Context::builder()
            .thread_affinity_cpu_add(cpu)
            .thread_sched_policy(0)
            .build()
            .unwrap();
        let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "tcp");
        push.send("pinned").unwrap();
        assert_eq!(pull.recv().unwrap(), "pinned");
    });
}
