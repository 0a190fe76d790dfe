//! Safe, idiomatic, zero-overhead bindings to libzmq (ZeroMQ 4.3).
//!
//! ```
//! let ctx = zmq::Context::new();
//! let rep = ctx.socket::<zmq::Rep>()?;
//! rep.bind("tcp://127.0.0.1:*")?;
//! let endpoint = rep.last_endpoint()?;
//!
//! let req = ctx.socket::<zmq::Req>()?;
//! req.connect(&endpoint)?;
//! req.send("hello")?;
//! let msg = rep.recv()?;
//! assert_eq!(msg, "hello");
//! rep.send_multipart(["a", "b"])?;
//! let parts = req.recv_multipart()?;
//! assert_eq!(parts.len(), 2);
//! assert!(matches!(rep.try_recv(), Err(zmq::Error::Again))); // nothing queued
//! # Ok::<(), zmq::Error>(())
//! ```
//!
//! Sockets are typed by kind (`Socket<Req>`, `Socket<Pub>`, ...): an
//! operation a kind does not support, such as `recv` on a `Pub` socket, does
//! not compile. libzmq's calls and options are found here by their C names
//! in the docs' search (`zmq_msg_send`, `ZMQ_SNDHWM`).
//!
//! # Threads
//!
//! A [`Context`] is shared: clone it (a cheap handle) and send it to any
//! thread; it is `Send + Sync`. A [`Socket`] is `Send` but not `Sync`:
//! libzmq's classic sockets may move between threads but must not be used
//! by two at once, so the compiler keeps each socket to one thread at a
//! time (the thread-safe draft kinds, such as `Server` and `Client`, are
//! `Sync`). The usual shape is one socket per thread, talking to the others
//! over `inproc://` endpoints of one context. A [`PollItem`] or [`Poller`]
//! that holds a socket stays in the thread that polls it.
//!
//! # Errors
//!
//! Every call returns [`Result`]; [`Error`] is libzmq's `errno` as an enum.
//! [`Error::Again`] means a non-blocking call (`try_send`, `try_recv`)
//! would block, or a timeout (`set_rcvtimeo`) expired;
//! [`Error::Terminated`] means the context was shut down. Bad input (an
//! endpoint with a NUL byte, an out-of-range option) is an `Err`, never a
//! panic.
//!
//! # Shutting down
//!
//! libzmq's rule is that a context ends only after every socket is closed,
//! and a closing socket first tries to deliver what it queued, for as long
//! as its linger allows (forever by default). The clean pattern:
//!
//! 1. [`Context::shutdown`] (from any thread): every blocking call on the
//!    context's sockets returns [`Error::Terminated`] at once, and so does
//!    every later call;
//! 2. each thread's loop ends on that error ([`Error::is_terminated`]) and
//!    drops its socket;
//! 3. the context is terminated when its last handle and socket are gone,
//!    after each socket's linger.
//!
//! ```
//! use std::time::Duration;
//! // linger 0 for every socket: never wait for undelivered messages.
//! let ctx = zmq::Context::builder().blocky(false).build()?;
//! let worker = {
//!     let ctx = ctx.clone();
//!     std::thread::spawn(move || -> zmq::Result<usize> {
//!         let pull = ctx.socket::<zmq::Pull>()?;
//!         pull.bind("inproc://docs-shutdown")?;
//!         let mut seen = 0;
//!         loop {
//!             match pull.recv() {
//!                 Ok(_) => seen += 1,
//!                 Err(e) if e.is_terminated() => return Ok(seen),
//!                 Err(e) => return Err(e),
//!             }
//!         } // the socket is dropped here, in its own thread
//!     })
//! };
//! std::thread::sleep(Duration::from_millis(50));
//! ctx.shutdown()?;
//! assert_eq!(worker.join().unwrap()?, 0);
//! # Ok::<(), zmq::Error>(())
//! ```
//!
//! To say once that the program never waits for undelivered messages, build
//! the context with [`ContextBuilder::blocky`]`(false)` (sockets default to
//! a linger of 0), or set [`Socket::set_linger`] per socket.
//!
//! # Throughput
//!
//! Sockets start with libzmq's defaults, which favour memory: each ipc or
//! tcp connection reads and writes the kernel in batches of 8 KiB. For bulk
//! transfer, 256 KiB batches (draft options: feature `draft`) make a tenth
//! of the system calls per message and 2 to 6 times the messages per
//! second at 1 to 64 KiB, for about 0.8 MiB of buffers per connection and
//! end; set them before `bind`/`connect`. For messages of 64 KiB and more,
//! leave the output batch at 8 KiB: libzmq then writes most of each body
//! straight from the message. Send owned buffers (`Vec<u8>`,
//! `bytes::Bytes`) rather than borrowed ones above [`ZERO_COPY_THRESHOLD`]
//! bytes, or [`Message::from_static`] for data that never changes: libzmq
//! then takes them without a copy.
//!
//! ```
//! # let ctx = zmq::Context::new();
//! let push = ctx.socket::<zmq::Push>()?;
//! # #[cfg(feature = "draft")] {
//! push.set_out_batch_size(256 * 1024)?; // ZMQ_OUT_BATCH_SIZE
//! push.set_in_batch_size(256 * 1024)?; // ZMQ_IN_BATCH_SIZE
//! # }
//! push.connect("tcp://127.0.0.1:5555")?;
//! # Ok::<(), zmq::Error>(())
//! ```
//!
//! Below 1 KiB per message the I/O thread's work per message is the limit:
//! a process that both sends and receives such a stream gives each
//! connection its own I/O thread (`Context::builder().io_threads(2)`, then
//! [`Socket::set_affinity`] with bit 0 on one socket and bit 1 on the
//! other, before `bind`/`connect`).
//!
//! The measurements, the memory cost and what glibc's allocator does to
//! large messages are in the crate's `docs/performance.md` ("Throughput
//! profile").
//!
//! # Features
//!
//! | feature | default | what it does |
//! |---|---|---|
//! | `vendored` | yes | libzmq 4.3.5 and libsodium built from source and linked statically (CURVE on; no network at build time) |
//! | `system` | no | an installed libzmq >= 4.3.2 found by pkg-config |
//! | `draft` | no | libzmq's draft API: the draft socket kinds and options, `Poller` on `zmq_poller` |
//! | `bytes` | no | zero-copy conversions between [`Message`] and `bytes::Bytes` |
//! | `tokio` | no | `tokio::AsyncSocket`: async send/recv, `Stream` and `Sink` (Unix) |
//! | `log` | no | the ZAP authenticator logs its decisions through the `log` facade (debug level) |
//! | `bindgen` | no | regenerate the FFI bindings from zmq.h at build time |
//!
//! # Build variables
//!
//! `LIBZMQ_NO_VENDOR=1` links the system libzmq even with `vendored` on;
//! `LIBZMQ_LIB_DIR` and `LIBZMQ_INCLUDE_DIR` point at it without
//! pkg-config; `LIBZMQ_STATIC=1` links it statically; `LIBZMQ_DEBUG=1`
//! compiles the vendored libzmq without optimisation (it is built with -O2
//! even in debug profiles). See the zmq-sys crate for the rest.

#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod context;
mod context_options;
#[cfg(test)]
mod coverage;
pub mod curve;
mod error;
mod ffi;
mod fork_slot;
mod message;
mod monitor;
mod multipart;
mod poll;
mod proxy;
mod sendable;
pub(crate) mod socket;
mod table;
mod time;
mod timers;
#[cfg(all(feature = "tokio", unix))]
pub mod tokio;
pub mod z85;
pub mod zap;
#[cfg(test)]
mod zmq_h;

pub use context::{Context, ContextBuilder};
pub use context_options::MAX_IO_THREADS;
pub use error::{Error, Result};
pub use message::{FromUtf8Error, Message, ZERO_COPY_THRESHOLD};
#[cfg(feature = "draft")]
pub use monitor::MonitorEventV2;
pub use monitor::{EventKind, Monitor, MonitorEvent, MonitorEvents, ProtocolError};
pub use multipart::Multipart;
#[cfg(all(feature = "draft", unix))]
pub use poll::ppoll;
pub use poll::{poll, Events, PollEvent, PollItem, Poller, RawFd};
pub use proxy::{
    proxy, proxy_steerable, proxy_steerable_with_capture, proxy_with_capture, ProxyControl,
    ProxyStatistics,
};
pub use sendable::Sendable;
pub use socket::kind::markers::*;
pub use socket::kind::{
    CanConflate, CanConnectRoutingId, CanCountTopics, CanDisconnectMsg, CanHelloMsg, CanHiccupMsg,
    CanInvertMatching, CanMulticastLoop, CanMultipart, CanNoDrop, CanOnlyFirstSubscribe,
    CanProbeRouter, CanRecv, CanSend, CanSubscribe, Dynamic, KnownKind, ReqOptions, RouterOptions,
    SocketKind, SocketType, StreamOptions, ThreadSafe, XPubOptions, XSubOptions,
    MAX_SUBSCRIPTION_LEN,
};
pub use socket::options;
pub use socket::options::Mechanism;
#[cfg(feature = "draft")]
pub use socket::options::{ReconnectStop, RouterNotify};
pub use socket::{Received, RecvFlags, SendFlags, Socket, SocketRef};
pub use timers::{TimerId, Timers};

/// The raw FFI bindings, for what the safe API does not cover.
pub use zmq_sys as sys;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The version of the libzmq linked at run time: `(major, minor, patch)`.
///
/// ```
/// let (major, minor, _) = zmq::version();
/// assert_eq!((major, minor), (4, 3));
/// ```
#[doc(alias = "zmq_version")]
pub fn version() -> (i32, i32, i32) {
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: zmq_version writes three ints through valid pointers.
    unsafe { zmq_sys::zmq_version(&mut major, &mut minor, &mut patch) };
    (major, minor, patch)
}

/// Whether libzmq was built with a capability (`zmq_has`): `"ipc"`, `"pgm"`,
/// `"tipc"`, `"norm"`, `"curve"`, `"gssapi"`, `"draft"`, `"ws"`, `"wss"`,
/// `"vmci"`. Unknown names and names with a NUL byte are `false`.
///
/// ```
/// assert!(zmq::has("ipc"));
/// assert!(!zmq::has("no such thing"));
/// ```
#[doc(alias = "zmq_has")]
pub fn has(capability: &str) -> bool {
    let Ok(name) = ffi::c_string(capability) else {
        return false;
    };
    // SAFETY: name is a valid NUL-terminated string.
    unsafe { zmq_sys::zmq_has(name.as_ptr()) == 1 }
}
