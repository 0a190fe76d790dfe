//! Raw-handle interop, both ways: one context and inproc sockets shared
//! between Rust and C code (tests/c/shared_context.c, compiled here into a
//! shared object with the system C compiler, `$CC` or `cc`, and loaded with
//! dlopen). The C code calls the same statically linked libzmq as Rust,
//! through a table of function pointers. A context given away with
//! `Context::into_raw` is terminated by C, a socket given away with
//! `Socket::into_raw` is closed by C, and a socket C owns is used from Rust
//! through a `SocketRef` and then closed by C. Run the binary under
//! `valgrind --leak-check=full --error-exitcode=99` to check for double
//! closes and leaks.

use crate::common;

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;
use zmq::sys;

/// The libzmq functions the C code calls (`struct zmq_api` in the C file).
#[repr(C)]
struct ZmqApi {
    socket: unsafe extern "C" fn(*mut c_void, c_int) -> *mut c_void,
    close: unsafe extern "C" fn(*mut c_void) -> c_int,
    bind: unsafe extern "C" fn(*mut c_void, *const c_char) -> c_int,
    connect: unsafe extern "C" fn(*mut c_void, *const c_char) -> c_int,
    send: unsafe extern "C" fn(*mut c_void, *const c_void, usize, c_int) -> c_int,
    recv: unsafe extern "C" fn(*mut c_void, *mut c_void, usize, c_int) -> c_int,
    setsockopt: unsafe extern "C" fn(*mut c_void, c_int, *const c_void, usize) -> c_int,
    ctx_term: unsafe extern "C" fn(*mut c_void) -> c_int,
}

static API: ZmqApi = ZmqApi {
    socket: sys::zmq_socket,
    close: sys::zmq_close,
    bind: sys::zmq_bind,
    connect: sys::zmq_connect,
    send: sys::zmq_send,
    recv: sys::zmq_recv,
    setsockopt: sys::zmq_setsockopt,
    ctx_term: sys::zmq_ctx_term,
};

type PairExchange = unsafe extern "C" fn(*const ZmqApi, *mut c_void, *const c_char) -> c_int;
type BoundPair = unsafe extern "C" fn(*const ZmqApi, *mut c_void, *const c_char) -> *mut c_void;
type ReplyAndClose =
    unsafe extern "C" fn(*const ZmqApi, *mut c_void, *const c_char, *const c_char) -> c_int;
type Term = unsafe extern "C" fn(*const ZmqApi, *mut c_void) -> c_int;

/// The C functions of tests/c/shared_context.c.
struct CSide {
    pair_exchange: PairExchange,
    bound_pair: BoundPair,
    reply_and_close: ReplyAndClose,
    term: Term,
}

/// Compiles the C file once per test binary and loads it.
fn c_side() -> &'static CSide {
    static C: OnceLock<CSide> = OnceLock::new();
    C.get_or_init(|| {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c/shared_context.c");
        let out: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("shared_context-{}.so", std::process::id()));
        let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
        let status = Command::new(&cc)
            .args([
                "-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror", "-o",
            ])
            .arg(&out)
            .arg(&source)
            .status()
            .unwrap_or_else(|e| panic!("cannot run the C compiler {cc:?} (set CC): {e}"));
        assert!(
            status.success(),
            "{cc} failed to compile {}",
            source.display()
        );
        let path = CString::new(out.to_str().expect("UTF-8 path")).unwrap();
        // SAFETY: a shared object we just built; its constructors are the
        // C runtime's only.
        let lib = unsafe { libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        if lib.is_null() {
            // SAFETY: dlerror returns a C string describing the failure.
            let why = unsafe { CStr::from_ptr(libc::dlerror()) };
            panic!("dlopen {}: {why:?}", out.display());
        }
        let _ = std::fs::remove_file(&out); // mapped already
        let symbol = |name: &CStr| {
            // SAFETY: lib is a live handle (never closed); name is NUL-terminated.
            let f = unsafe { libc::dlsym(lib, name.as_ptr()) };
            assert!(!f.is_null(), "missing C symbol {name:?}");
            f
        };
        // SAFETY: each symbol is the C function of the given signature
        // (tests/c/shared_context.c); fn pointers and data pointers have
        // the same size on every platform dlopen exists on.
        unsafe {
            CSide {
                pair_exchange: std::mem::transmute::<*mut c_void, PairExchange>(symbol(
                    c"c_pair_exchange",
                )),
                bound_pair: std::mem::transmute::<*mut c_void, BoundPair>(symbol(c"c_bound_pair")),
                reply_and_close: std::mem::transmute::<*mut c_void, ReplyAndClose>(symbol(
                    c"c_reply_and_close",
                )),
                term: std::mem::transmute::<*mut c_void, Term>(symbol(c"c_term")),
            }
        }
    })
}

/// A raw libzmq handle that is moved to the thread running the C code.
struct Handle(*mut c_void);
// SAFETY: the handle is used by one thread at a time: the C side while the
// Rust side only waits on its own sockets.
unsafe impl Send for Handle {}

fn cstring(s: &str) -> CString {
    CString::new(s).unwrap()
}

#[test]
fn rust_and_c_exchange_messages_both_ways_over_inproc_in_one_context() {
    let c = c_side();
    let ctx = zmq::Context::new();
    let rust = common::socket::<zmq::Pair>(&ctx);
    let endpoint = format!("inproc://raw-interop-{}", common::unique());
    rust.bind(&endpoint).unwrap();

    let raw_ctx = Handle(ctx.as_raw());
    let c_endpoint = cstring(&endpoint);
    let pair_exchange = c.pair_exchange;
    let c_thread = std::thread::spawn(move || {
        let raw_ctx = raw_ctx;
        // SAFETY: the context lives (ctx outlives the join below); the C
        // code makes, uses and closes its own socket in it.
        unsafe { pair_exchange(&API, raw_ctx.0, c_endpoint.as_ptr()) }
    });
    assert_eq!(rust.recv().unwrap(), "hello from C");
    // A Message handed over as a raw zmq_msg_t and back, on the way.
    let raw_msg = zmq::Message::from("hello from Rust").into_raw();
    // SAFETY: raw_msg came from Message::into_raw and is taken back once.
    let msg = unsafe { zmq::Message::from_raw(raw_msg) };
    rust.send(msg).unwrap();
    assert_eq!(rust.recv().unwrap(), "bye from C");
    assert_eq!(c_thread.join().unwrap(), 0, "the C side failed");
}

#[test]
fn context_given_away_with_into_raw_is_terminated_by_c() {
    let c = c_side();
    let ctx = zmq::Context::new();
    // Shared handles keep the context: it comes back.
    let sock = ctx.socket::<zmq::Pair>().unwrap();
    let ctx = ctx
        .into_raw()
        .expect_err("a socket still holds the context");
    let clone = ctx.clone();
    let ctx = ctx.into_raw().expect_err("a clone still holds the context");
    drop((sock, clone));
    // A context C owns cannot be given away by Rust.
    // SAFETY: ctx outlives `borrowed`, which is dropped at once.
    let borrowed = unsafe { zmq::Context::from_raw_unowned(ctx.as_raw()) }.unwrap();
    let borrowed = borrowed.into_raw().expect_err("Rust does not own it");
    drop(borrowed);

    let raw = ctx
        .into_raw()
        .expect("the last handle gives the context away");
    // The context is alive and C's now: C makes a socket in it, closes it
    // and terminates the context.
    let endpoint = cstring(&format!("inproc://raw-ctx-{}", common::unique()));
    // SAFETY: raw is a live context; the C code returns a live socket or null.
    let sock = unsafe { (c.bound_pair)(&API, raw, endpoint.as_ptr()) };
    assert!(!sock.is_null(), "C could not make a socket in the context");
    // SAFETY: sock is C's, closed once.
    assert_eq!(unsafe { sys::zmq_close(sock) }, 0);
    let raw = Handle(raw);
    let rc = common::within(Duration::from_secs(10), move || {
        let raw = raw;
        // SAFETY: raw is ours (into_raw), every socket in it is closed,
        // and it is terminated once, here.
        unsafe { (c_side().term)(&API, raw.0) }
    });
    assert_eq!(rc, 0, "zmq_ctx_term from C failed");
}

#[test]
fn socket_given_away_with_into_raw_is_used_and_closed_by_c() {
    let c = c_side();
    let ctx = zmq::Context::new();
    let rust = common::socket::<zmq::Pair>(&ctx);
    let endpoint = format!("inproc://raw-socket-{}", common::unique());
    rust.bind(&endpoint).unwrap();
    let given = common::socket::<zmq::Pair>(&ctx);
    given.connect(&endpoint).unwrap();
    // A monitor of the given-away socket must never touch it afterwards.
    let monitor = given.monitor(zmq::MonitorEvents::ALL).unwrap();
    let raw = Handle(given.into_raw());

    let reply_and_close = c.reply_and_close;
    let c_thread = std::thread::spawn(move || {
        let raw = raw;
        let (expected, reply) = (cstring("ping"), cstring("pong"));
        // SAFETY: raw is a live socket now owned by this C call, which
        // closes it once; the Rust side holds the context (ctx).
        unsafe { reply_and_close(&API, raw.0, expected.as_ptr(), reply.as_ptr()) }
    });
    rust.send("ping").unwrap();
    assert_eq!(rust.recv().unwrap(), "pong");
    assert_eq!(c_thread.join().unwrap(), 0, "C failed to use or close it");
    drop(monitor);
    drop(rust);
    // Terminating waits for every socket of the context: it returns only
    // because C closed the given-away socket.
    common::within(Duration::from_secs(10), move || ctx.term()).unwrap();
}

#[test]
fn socket_owned_by_c_is_used_through_socket_ref_and_closed_by_c() {
    let c = c_side();
    let ctx = zmq::Context::new();
    let endpoint = format!("inproc://raw-ref-{}", common::unique());
    let c_endpoint = cstring(&endpoint);
    // SAFETY: the context is live; C returns a live socket it owns, or null.
    let raw = unsafe { (c.bound_pair)(&API, ctx.as_raw(), c_endpoint.as_ptr()) };
    assert!(!raw.is_null(), "C could not make its socket");

    // The wrong kind is refused, and the socket is left open.
    // SAFETY: raw is a live PAIR of ctx, used by nothing else meanwhile.
    let wrong = unsafe { zmq::SocketRef::<zmq::Push>::from_raw(&ctx, raw) };
    assert!(matches!(wrong, Err(zmq::Error::InvalidArgument)));

    let peer = common::socket::<zmq::Pair>(&ctx);
    peer.connect(&endpoint).unwrap();
    {
        // SAFETY: C keeps raw open until after this scope, and nothing
        // else uses it meanwhile.
        let borrowed = unsafe { zmq::SocketRef::<zmq::Pair>::from_raw(&ctx, raw) }.unwrap();
        assert_eq!(borrowed.socket_type().unwrap(), zmq::SocketType::Pair);
        assert_eq!(borrowed.last_endpoint().unwrap(), endpoint);
        borrowed.send("from Rust through the ref").unwrap();
        assert_eq!(peer.recv().unwrap(), "from Rust through the ref");
        peer.send("to the ref").unwrap();
        assert_eq!(borrowed.recv().unwrap(), "to the ref");
    } // dropped: not closed

    peer.send("to C").unwrap();
    let (expected, reply) = (cstring("to C"), cstring("closed by C"));
    // SAFETY: raw is C's live socket; the C call uses and closes it once.
    let rc = unsafe { (c.reply_and_close)(&API, raw, expected.as_ptr(), reply.as_ptr()) };
    assert_eq!(rc, 0, "C could not use or close its socket after the ref");
    assert_eq!(peer.recv().unwrap(), "closed by C");
    drop(peer);
    common::within(Duration::from_secs(10), move || ctx.term()).unwrap();
}
