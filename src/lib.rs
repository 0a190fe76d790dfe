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
//! not compile. Every libzmq call and option has a counterpart here, found by
//! its C name in the docs' search (`zmq_msg_send`, `ZMQ_SNDHWM`).
//!
//! Cargo features: `vendored` (default: libzmq 4.3.5 and libsodium built from
//! source and linked statically), `system` (an installed libzmq found by
//! pkg-config), `draft` (libzmq's draft API), `bindgen` (regenerate the FFI
//! bindings).

#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod context;
mod context_options;
pub mod curve;
mod error;
mod message;
mod monitor;
mod multipart;
mod poll;
mod proxy;
pub(crate) mod socket;
mod table;
#[cfg(all(feature = "tokio", unix))]
pub mod tokio;
pub mod z85;
pub mod zap;

pub use context::{Context, ContextBuilder};
pub use context_options::COVERED_CONTEXT_OPTIONS;
pub use error::{Error, Result};
pub use message::{Message, ZERO_COPY_THRESHOLD};
pub use monitor::{EventKind, Monitor, MonitorEvent, MonitorEvents, ProtocolError};
pub use multipart::Multipart;
pub use poll::{poll, Events, PollEvent, PollItem, Poller, RawFd};
pub use proxy::{
    proxy, proxy_steerable, proxy_steerable_with_capture, proxy_with_capture, ProxyControl,
    ProxyStatistics,
};
pub use socket::kind::{
    CanMultipart, CanRecv, CanSend, CanSubscribe, Dealer, Dynamic, KnownKind, Pair, Pub, Pull,
    Push, Rep, Req, Router, SocketKind, SocketType, Stream, Sub, ThreadSafe, XPub, XSub,
    MAX_SUBSCRIPTION_LEN,
};
#[cfg(feature = "draft")]
pub use socket::kind::{Channel, Client, Dgram, Dish, Gather, Peer, Radio, Scatter, Server};
pub use socket::options::{Mechanism, COVERED_SOCKET_OPTIONS};
pub use socket::{Received, RecvFlags, SendFlags, Socket};

/// The raw FFI bindings, for what the safe API does not cover.
pub use zmq_sys as sys;

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
    let Ok(name) = std::ffi::CString::new(capability) else {
        return false;
    };
    // SAFETY: name is a valid NUL-terminated string.
    unsafe { zmq_sys::zmq_has(name.as_ptr()) == 1 }
}
