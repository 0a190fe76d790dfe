//! `Socket<K>`: one generic core over a raw libzmq socket handle.

// rustdoc lists a type's impl blocks module by module, in the order the
// modules are declared (a module's own impls after its submodules'): this
// order makes `Socket`'s page read core methods, kind-specific methods,
// options, raw access. (`methods` stands alone, so that rustfmt's sorting
// of the group below keeps it first.)
mod methods;

#[cfg(feature = "draft")]
mod draft;
mod endpoint;
pub mod kind;
pub mod options;
mod raw;
mod raw_opt;

use crate::context::Context;
use crate::error::{check, Error, Result};
pub use kind::{Dynamic, SocketType};
use kind::{SocketKind, ThreadSafe};
pub use raw::SocketRef;
use std::ffi::c_void;
use std::fmt;
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU8, Ordering};

bitflags::bitflags! {
    /// Flags of a send call (`zmq_msg_send`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct SendFlags: i32 {
        /// `ZMQ_DONTWAIT`: fail with [`Error::Again`] instead of blocking.
        const DONTWAIT = zmq_sys::ZMQ_DONTWAIT;
        /// `ZMQ_SNDMORE`: more frames of this message follow.
        const SNDMORE = zmq_sys::ZMQ_SNDMORE;
    }
}

bitflags::bitflags! {
    /// Flags of a receive call (`zmq_msg_recv`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct RecvFlags: i32 {
        /// `ZMQ_DONTWAIT`: fail with [`Error::Again`] instead of blocking.
        const DONTWAIT = zmq_sys::ZMQ_DONTWAIT;
    }
}

/// The result of [`Socket::recv_slice`]: how much was written, and how long
/// the message really was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    /// Bytes written to the buffer: `min(message_len, buffer.len())`.
    pub len: usize,
    /// The length of the message; larger than `len` when it was truncated.
    pub message_len: usize,
}

impl Received {
    /// Whether the message was longer than the buffer (the rest is lost).
    pub fn is_truncated(&self) -> bool {
        self.message_len > self.len
    }
}

/// A ZeroMQ socket of kind `K` (`Socket<zmq::Req>`, `Socket<zmq::Pub>`,
/// ...), closed on drop (`zmq_close`).
///
/// Operations a kind does not support do not compile: `recv` on a
/// `Socket<Pub>` or `send` on a `Socket<Sub>` is an error that names the
/// missing capability ([`CanRecv`](crate::CanRecv), ...). This page lists
/// the core methods first (endpoints, sending, receiving, polling,
/// monitoring), then the options by topic (each a getter `<name>()` and/or
/// a setter `set_<name>(value)`, found by its C name in the search; what
/// `None` means for each: [`options`](crate::options)), then raw access.
/// A socket holds a handle
/// to its [`Context`], so the context lives at least as long. Every socket is
/// `Send`; only the thread-safe draft kinds are `Sync` (libzmq's classic
/// sockets must not be used from two threads at once).
///
/// ```
/// let ctx = zmq::Context::new();
/// let rep = ctx.socket::<zmq::Rep>()?;
/// rep.bind("inproc://doc-socket")?;
/// let req = ctx.socket::<zmq::Req>()?;
/// req.connect("inproc://doc-socket")?;
/// req.send("ping")?;
/// assert_eq!(rep.recv()?, "ping");
/// rep.send("pong")?;
/// assert_eq!(req.recv()?.as_str(), Some("pong"));
/// # Ok::<(), zmq::Error>(())
/// ```
#[doc(alias = "zmq_close")]
pub struct Socket<K: SocketKind> {
    raw: NonNull<c_void>,
    /// `raw` again, in a word a forked child sees as null: the send and
    /// receive paths read it from there instead of checking `generation`.
    slot: crate::fork_slot::Slot,
    /// The fork generation of the process that made it (its context's),
    /// kept here so the check per call is one load and compare.
    generation: u32,
    ctx: Context,
    /// Shared with this socket's monitors, so that a monitor dropped in
    /// another thread can stop monitoring only while the socket is open.
    link: std::sync::OnceLock<crate::monitor::Link>,
    /// Whether a DGRAM socket has its peer pipe (unused by other kinds).
    dgram: DgramGuard,
    kind: PhantomData<K>,
}

// SAFETY: libzmq sockets may migrate between threads (with a full memory
// barrier, which moving a value between threads implies).
unsafe impl<K: SocketKind> Send for Socket<K> {}
// SAFETY: only the kinds libzmq documents as thread-safe implement
// ThreadSafe; their calls may run concurrently from several threads.
unsafe impl<K: ThreadSafe> Sync for Socket<K> {}

impl<K: SocketKind> Drop for Socket<K> {
    fn drop(&mut self) {
        if crate::context::same_process(self.generation).is_err() {
            // Inherited across fork(): zmq_close would talk to the parent's
            // reaper through the shared mailbox descriptor. Leak it (and do
            // not take the monitor link's lock, which a parent thread may
            // have held at the fork). The fork slot stays taken.
            return;
        }
        let close = || {
            // SAFETY: the handle is live and owned by self; closing it once
            // is the end of its life. zmq_close fails only for an invalid
            // handle. The context handle (self.ctx) is dropped after this,
            // so the context outlives the socket.
            unsafe { zmq_sys::zmq_close(self.raw.as_ptr()) };
        };
        match self.link.get() {
            // A monitor may be stopping itself in another thread: close
            // under the link's lock.
            Some(link) => link.close(close),
            None => close(),
        }
        // SAFETY: the socket is gone and `self` with it: the slot is not
        // read again.
        unsafe { self.slot.release() };
    }
}

impl<K: SocketKind> fmt::Debug for Socket<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.socket_type().map(SocketType::name).unwrap_or("?");
        f.debug_struct("Socket")
            .field("type", &kind)
            .field("raw", &self.raw)
            .finish()
    }
}

impl<K: SocketKind> Socket<K> {
    /// # Safety
    ///
    /// `raw` must be a live socket of `ctx`, of a type `K` accepts, owned by
    /// nothing else.
    pub(crate) unsafe fn from_parts(raw: NonNull<c_void>, ctx: Context) -> Socket<K> {
        Socket {
            raw,
            slot: crate::fork_slot::Slot::new(raw.as_ptr()),
            generation: ctx.generation(),
            ctx,
            link: std::sync::OnceLock::new(),
            dgram: DgramGuard::new::<K>(raw),
            kind: PhantomData,
        }
    }

    /// Moves every field into a socket of another kind marker.
    ///
    /// # Safety
    ///
    /// The socket's type must be one `L` accepts.
    unsafe fn retype<L: SocketKind>(self) -> Socket<L> {
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: each field is read out exactly once and `this` is never
        // dropped, so ownership moves without duplication.
        unsafe {
            Socket {
                raw: this.raw,
                slot: this.slot,
                generation: this.generation,
                ctx: std::ptr::read(&this.ctx),
                link: std::ptr::read(&this.link),
                dgram: std::ptr::read(&this.dgram),
                kind: PhantomData,
            }
        }
    }

    /// The monitor link, created on first use.
    pub(crate) fn link(&self) -> &crate::monitor::Link {
        self.link.get_or_init(crate::monitor::Link::new)
    }

    /// The raw socket for a libzmq call, or [`Error::Forked`] in a process
    /// that inherited it across `fork()`: every libzmq call on the socket
    /// goes through here (one relaxed atomic load, no system call), except
    /// the send and receive paths, which use [`hot`](Self::hot).
    #[inline(always)]
    pub(crate) fn live(&self) -> Result<*mut c_void> {
        crate::context::same_process(self.generation)?;
        Ok(self.raw.as_ptr())
    }

    /// The raw socket for the send and receive paths, read from the fork
    /// slot: one load, and null in a process that inherited the socket
    /// across `fork()`, where libzmq fails the call with `ENOTSOCK` before
    /// it touches anything. Every `-1` from such a call goes through
    /// [`hot_error`](Self::hot_error). Only for `zmq_send`, `zmq_msg_send`
    /// and `zmq_msg_recv`, which check for null first: never for a poll
    /// item, where a null socket means "poll this descriptor".
    #[inline(always)]
    pub(in crate::socket) fn hot(&self) -> *mut c_void {
        self.slot.get()
    }

    /// The error of a failed call made with [`hot`](Self::hot): `e`, or
    /// [`Error::Forked`] in a forked child.
    #[cold]
    #[inline(never)]
    pub(in crate::socket) fn hot_error(&self, e: Error) -> Error {
        match crate::context::same_process(self.generation) {
            Ok(()) => e,
            Err(forked) => forked,
        }
    }

    /// The fork generation of the process that made this socket.
    pub(crate) fn generation(&self) -> u32 {
        self.generation
    }

    /// `bind`, `unbind`, `connect` or `disconnect`: the port check, then
    /// before a bind or connect `InvalidArgument` for a DGRAM socket's
    /// second endpoint (see `DgramGuard`) and `IncompatibleProtocol` for a
    /// STREAM socket on `inproc://` (libzmq's STREAM asserts, stream.cpp:174
    /// in `recv`, when a peer's multipart message reaches it, and over
    /// inproc any peer can send one; over tcp and ipc its raw engine makes
    /// single frames), the call, and the DGRAM guard's new state. Typed
    /// kinds other than `Stream` compile the STREAM check away; a `Dynamic`
    /// socket asks for its kind only for inproc endpoints.
    fn endpoint_call(&self, endpoint: &str, call: endpoint::Endpoint) -> Result<()> {
        endpoint::check_port(endpoint, call.is_bind_side())?;
        let attach = call.attaches();
        if attach {
            self.dgram.check_attach::<K>()?;
            if K::MAY_BE_STREAM
                && endpoint.starts_with("inproc://")
                && (!K::DYNAMIC || self.socket_type()? == SocketType::Stream)
            {
                return Err(Error::IncompatibleProtocol);
            }
        }
        let endpoint = crate::ffi::c_string(endpoint)?;
        // SAFETY: live socket, NUL-terminated endpoint; `call.function()`
        // is one of zmq_bind, zmq_unbind, zmq_connect, zmq_disconnect,
        // which read the endpoint and nothing else of ours.
        check(unsafe { call.function()(self.live()?, endpoint.as_ptr()) })?;
        self.dgram.set_has_pipe::<K>(attach);
        Ok(())
    }
}

/// libzmq 4.3's DGRAM sends through its one peer pipe, and without one it
/// fails a send without setting `errno`: a blocking send then waits forever,
/// and with `ZMQ_SNDTIMEO` libzmq aborts the process (dgram.cpp:65). A
/// DGRAM gets that pipe from a successful `bind` or `connect` (at once, as
/// `udp://` has no handshake) and loses it with `unbind` or `disconnect`,
/// so the socket tracks that and refuses to send without one, with
/// [`Error::NotConnected`]. It takes a single endpoint in its life: libzmq
/// drops the pipe of a second one, and after an unbind the old pipe goes
/// away asynchronously, so a new bind at once could lose its pipe to it
/// and leave the socket pipeless while the guard believed otherwise. So a
/// second `bind`/`connect`, or one after `unbind`/`disconnect`, is
/// [`Error::InvalidArgument`]. Only kinds with `MAY_BE_DGRAM` look at it.
struct DgramGuard(AtomicU8);

const NOT_DGRAM: u8 = 0;
const DGRAM_NO_PIPE: u8 = 1;
const DGRAM_PIPE: u8 = 2;
/// Had its endpoint and gave it up: no pipe, and no new endpoint.
const DGRAM_RETIRED: u8 = 3;

impl DgramGuard {
    fn new<K: SocketKind>(raw: NonNull<c_void>) -> DgramGuard {
        let mut state = NOT_DGRAM;
        if K::MAY_BE_DGRAM {
            let mut kind: i32 = 0;
            let mut len = std::mem::size_of::<i32>();
            // SAFETY: `raw` is a live socket (from_parts' contract); ZMQ_TYPE
            // is an int, written into `kind` with its size in `len`.
            let rc = unsafe {
                zmq_sys::zmq_getsockopt(
                    raw.as_ptr(),
                    zmq_sys::ZMQ_TYPE,
                    (&mut kind as *mut i32).cast(),
                    &mut len,
                )
            };
            if rc == 0 && SocketType::from_raw(kind) == SocketType::Dgram {
                state = DGRAM_NO_PIPE;
            }
        }
        DgramGuard(AtomicU8::new(state))
    }

    /// Records a successful bind/connect (`true`) or unbind/disconnect.
    #[inline]
    fn set_has_pipe<K: SocketKind>(&self, has: bool) {
        if K::MAY_BE_DGRAM && self.0.load(Ordering::Relaxed) != NOT_DGRAM {
            let state = if has { DGRAM_PIPE } else { DGRAM_RETIRED };
            self.0.store(state, Ordering::Relaxed);
        }
    }

    /// Before a bind/connect: a DGRAM takes one endpoint in its life.
    #[inline]
    fn check_attach<K: SocketKind>(&self) -> Result<()> {
        if K::MAY_BE_DGRAM && matches!(self.0.load(Ordering::Relaxed), DGRAM_PIPE | DGRAM_RETIRED) {
            return Err(Error::InvalidArgument);
        }
        Ok(())
    }

    #[inline]
    fn check_send(&self) -> Result<()> {
        if matches!(
            self.0.load(Ordering::Relaxed),
            DGRAM_NO_PIPE | DGRAM_RETIRED
        ) {
            return Err(Error::NotConnected);
        }
        Ok(())
    }
}
