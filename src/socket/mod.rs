//! `Socket<K>`: one generic core over a raw libzmq socket handle.

#[cfg(feature = "draft")]
mod draft;
mod endpoint;
pub mod kind;
mod raw;
mod raw_opt;

use crate::context::Context;
use crate::error::{check, Error, Result};
use crate::ffi::c_string;
use crate::message::Message;
use crate::multipart::Multipart;
use kind::{CanMultipart, CanRecv, CanSend, KnownKind, SocketKind, ThreadSafe};
pub use kind::{Dynamic, SocketType};
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
/// Operations a kind does not support do not compile: there is no `recv` on
/// a `Socket<Pub>` and no `send` on a `Socket<Sub>`. A socket holds a handle
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
            // have held at the fork).
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

    /// The raw `void *` socket, for C calls. It stays valid while `self`
    /// lives; do not close it. In a forked child it is the parent's socket:
    /// see [`Context`]'s section on fork.
    pub fn as_raw(&self) -> *mut c_void {
        self.raw.as_ptr()
    }

    /// The raw socket for a libzmq call, or [`Error::Forked`] in a process
    /// that inherited it across `fork()`: every libzmq call on the socket
    /// goes through here (one relaxed atomic load, no system call).
    #[inline(always)]
    pub(crate) fn live(&self) -> Result<*mut c_void> {
        crate::context::same_process(self.generation)?;
        Ok(self.raw.as_ptr())
    }

    /// The fork generation of the process that made this socket.
    pub(crate) fn generation(&self) -> u32 {
        self.generation
    }

    /// The context this socket belongs to.
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Accepts connections on an endpoint (`zmq_bind`): `tcp://127.0.0.1:*`
    /// (a free port; read it back with [`last_endpoint`](Self::last_endpoint)),
    /// `ipc:///tmp/sock`, `inproc://name`, ... A port that is not a number
    /// from 0 to 65535 (or `*`) is [`Error::InvalidArgument`], as for
    /// `unbind`, `connect` and `disconnect`.
    #[doc(alias = "zmq_bind")]
    pub fn bind(&self, endpoint: &str) -> Result<()> {
        endpoint::check_port(endpoint, true)?;
        let endpoint = c_string(endpoint)?;
        // SAFETY: live socket, NUL-terminated endpoint.
        check(unsafe { zmq_sys::zmq_bind(self.live()?, endpoint.as_ptr()) })?;
        self.dgram.set_has_pipe::<K>(true);
        Ok(())
    }

    /// Stops accepting on an endpoint bound before (`zmq_unbind`); use the
    /// resolved address from `last_endpoint` for wildcard binds.
    #[doc(alias = "zmq_unbind")]
    pub fn unbind(&self, endpoint: &str) -> Result<()> {
        endpoint::check_port(endpoint, true)?;
        let endpoint = c_string(endpoint)?;
        // SAFETY: live socket, NUL-terminated endpoint.
        check(unsafe { zmq_sys::zmq_unbind(self.live()?, endpoint.as_ptr()) })?;
        self.dgram.set_has_pipe::<K>(false);
        Ok(())
    }

    /// Connects to an endpoint (`zmq_connect`); the connection is made in the
    /// background and re-made when lost.
    #[doc(alias = "zmq_connect")]
    pub fn connect(&self, endpoint: &str) -> Result<()> {
        endpoint::check_port(endpoint, false)?;
        let endpoint = c_string(endpoint)?;
        // SAFETY: live socket, NUL-terminated endpoint.
        check(unsafe { zmq_sys::zmq_connect(self.live()?, endpoint.as_ptr()) })?;
        self.dgram.set_has_pipe::<K>(true);
        Ok(())
    }

    /// Disconnects from an endpoint connected before (`zmq_disconnect`).
    #[doc(alias = "zmq_disconnect")]
    pub fn disconnect(&self, endpoint: &str) -> Result<()> {
        endpoint::check_port(endpoint, false)?;
        let endpoint = c_string(endpoint)?;
        // SAFETY: live socket, NUL-terminated endpoint.
        check(unsafe { zmq_sys::zmq_disconnect(self.live()?, endpoint.as_ptr()) })?;
        self.dgram.set_has_pipe::<K>(false);
        Ok(())
    }

    /// Forgets the compile-time kind, for generic code and proxies.
    pub fn into_dynamic(self) -> Socket<Dynamic> {
        // SAFETY: Dynamic accepts every socket type.
        unsafe { self.retype() }
    }

    /// Takes ownership of a socket made by C code in `ctx`; it is closed on
    /// drop. Fails with `InvalidArgument` if its type is not `K`'s.
    /// To use a socket that C code keeps owning, see [`SocketRef`].
    ///
    /// # Safety
    ///
    /// `raw` must be a live socket created in `ctx`, and nothing else may use
    /// or close it afterwards.
    pub unsafe fn from_raw(ctx: &Context, raw: *mut c_void) -> Result<Socket<K>>
    where
        K: KnownKind,
    {
        let raw = NonNull::new(raw).ok_or(Error::Fault)?;
        // SAFETY: the caller vouches for raw; Dynamic accepts any type.
        let sock: Socket<Dynamic> = unsafe { Socket::from_parts(raw, ctx.clone()) };
        // Whether C code gave a DGRAM its endpoint is unknown: trust it.
        sock.dgram.set_has_pipe::<Dynamic>(true);
        sock.downcast::<K>().map_err(|(sock, e)| {
            // Do not close a socket we refused to own.
            sock.release();
            e
        })
    }
}

impl Socket<Dynamic> {
    /// Recovers the compile-time kind: `Ok` when the socket's `ZMQ_TYPE` is
    /// `K`'s, otherwise the socket back with `InvalidArgument`.
    pub fn downcast<K: KnownKind>(
        self,
    ) -> std::result::Result<Socket<K>, (Socket<Dynamic>, Error)> {
        match self.socket_type() {
            Ok(t) if t == K::TYPE => {
                // SAFETY: the socket's type is K's.
                Ok(unsafe { self.retype() })
            }
            Ok(_) => Err((self, Error::InvalidArgument)),
            Err(e) => Err((self, e)),
        }
    }
}

impl<K: CanSend> Socket<K> {
    /// Sends a message, blocking while the socket cannot send (high-water
    /// mark reached, no peer for kinds that wait for one) unless
    /// `ZMQ_SNDTIMEO` expires ([`Error::Again`]).
    ///
    /// `msg` is anything that becomes a [`Message`]: `&str`, `&[u8]`,
    /// `String`, `Vec<u8>` (taken without copying), a `Message`, ...
    #[doc(alias = "zmq_send")]
    #[doc(alias = "zmq_msg_send")]
    #[inline]
    pub fn send(&self, msg: impl Into<Message>) -> Result<()> {
        self.send_with(msg, SendFlags::empty())
    }

    /// Sends without blocking (`ZMQ_DONTWAIT`): [`Error::Again`] at once
    /// when the message cannot be queued now.
    #[inline]
    pub fn try_send(&self, msg: impl Into<Message>) -> Result<()> {
        self.send_with(msg, SendFlags::DONTWAIT)
    }

    /// Sends with explicit flags.
    #[inline]
    pub fn send_with(&self, msg: impl Into<Message>, flags: SendFlags) -> Result<()> {
        let mut msg = msg.into();
        self.send_msg(&mut msg, flags)?;
        // A sent message is left empty by libzmq and needs no
        // zmq_msg_close (zmq_msg_send(3)); skipping it saves a call per
        // message. On failure `?` above drops, and so closes, the message.
        std::mem::forget(msg);
        Ok(())
    }
}

/// Sending a borrowed [`Message`], which survives a failed send.
impl<K: CanSend> Socket<K> {
    /// Sends `msg` without giving it up (`zmq_msg_send`): on success libzmq
    /// has taken its content and `msg` is left empty and reusable; on failure
    /// (e.g. [`Error::Again`] under `DONTWAIT` at the high-water mark) `msg`
    /// is untouched, so a zero-copy buffer is not lost as it is with
    /// [`send_with`](Self::send_with), which consumes its message.
    ///
    /// A retry loop sends the same message until the socket takes it:
    ///
    /// ```
    /// use zmq::{Error, Message, SendFlags};
    /// # let ctx = zmq::Context::new();
    /// # let pull = ctx.socket::<zmq::Pull>()?;
    /// # pull.bind("inproc://doc-send-msg")?;
    /// let push = ctx.socket::<zmq::Push>()?;
    /// push.connect("inproc://doc-send-msg")?;
    /// let mut msg = Message::from(vec![7u8; 4096]); // zero copy
    /// loop {
    ///     match push.send_msg(&mut msg, SendFlags::DONTWAIT) {
    ///         Ok(()) => break,
    ///         Err(Error::Again) => std::thread::yield_now(), // or poll, other work
    ///         Err(e) => return Err(e),
    ///     }
    /// }
    /// assert!(msg.is_empty());
    /// # assert_eq!(pull.recv()?.len(), 4096);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    ///
    /// A broker forwards every frame of a message with one reused
    /// `Message`, allocating nothing per frame (read `more()` before the
    /// send empties the message):
    ///
    /// ```
    /// use zmq::{Message, SendFlags};
    /// # let ctx = zmq::Context::new();
    /// # let (push, frontend) = (ctx.socket::<zmq::Push>()?, ctx.socket::<zmq::Pull>()?);
    /// # frontend.bind("inproc://doc-fwd-in")?;
    /// # push.connect("inproc://doc-fwd-in")?;
    /// # let (backend, pull) = (ctx.socket::<zmq::Push>()?, ctx.socket::<zmq::Pull>()?);
    /// # backend.bind("inproc://doc-fwd-out")?;
    /// # pull.connect("inproc://doc-fwd-out")?;
    /// # push.send_multipart(["a", "b", "c"])?;
    /// let mut msg = Message::new();
    /// loop {
    ///     frontend.recv_into(&mut msg)?;
    ///     let more = msg.more();
    ///     let flags = if more { SendFlags::SNDMORE } else { SendFlags::empty() };
    ///     backend.send_msg(&mut msg, flags)?;
    ///     if !more {
    ///         break;
    ///     }
    /// }
    /// # assert_eq!(pull.recv_multipart()?.len(), 3);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    #[doc(alias = "zmq_msg_send")]
    #[inline]
    pub fn send_msg(&self, msg: &mut Message, flags: SendFlags) -> Result<()> {
        if K::MAY_BE_DGRAM {
            self.dgram.check_send()?;
        }
        // SAFETY: live socket; the message is initialised and exclusively
        // borrowed. On success libzmq leaves it empty (still initialised),
        // so dropping it afterwards is correct.
        check(unsafe { zmq_sys::zmq_msg_send(msg.as_raw_mut(), self.live()?, flags.bits()) })
            .map(drop)
    }
}

impl<K: CanSend + CanMultipart> Socket<K> {
    /// Sends one frame of a multipart message; more frames follow
    /// (`ZMQ_SNDMORE`). End the message with [`send`](Self::send).
    #[inline]
    pub fn send_more(&self, msg: impl Into<Message>) -> Result<()> {
        self.send_with(msg, SendFlags::SNDMORE)
    }

    /// Sends every item as one multipart message. libzmq delivers it whole
    /// or not at all. An empty iterator sends nothing.
    ///
    /// `frames` is anything iterable whose items become [`Message`]s: an
    /// array, a `Vec`, a [`Multipart`], `&[T]`, any iterator adapter. Frames
    /// of *different* types go through the [`frames!`](crate::frames) macro,
    /// which turns each into a `Message` and makes an array:
    /// `router.send_multipart(zmq::frames![identity, "", reply_vec])`.
    ///
    /// Why a macro and not tuples: accepting both every `IntoIterator` and
    /// tuples `(A, B, C)` through one trait is rejected by Rust's coherence
    /// rules (E0119: the standard library may implement `IntoIterator` for
    /// tuples one day), and a trait of our own for tuples and a list of
    /// containers would stop taking arbitrary iterators, breaking callers.
    ///
    /// ```
    /// # let ctx = zmq::Context::new();
    /// # let push = ctx.socket::<zmq::Push>()?;
    /// # push.bind("inproc://doc-multipart")?;
    /// # let pull = ctx.socket::<zmq::Pull>()?;
    /// # pull.connect("inproc://doc-multipart")?;
    /// push.send_multipart(["header", "body"])?;
    /// let parts = pull.recv_multipart()?;
    /// assert_eq!(parts.len(), 2);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    #[doc(alias = "zmq_sendiov")]
    pub fn send_multipart<I>(&self, frames: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Into<Message>,
    {
        self.send_multipart_with(frames, SendFlags::empty())
    }

    /// Sends every item as one multipart message without blocking
    /// (`ZMQ_DONTWAIT`): [`Error::Again`] at once when it cannot be queued
    /// now. libzmq queues a multipart message whole or not at all.
    pub fn try_send_multipart<I>(&self, frames: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Into<Message>,
    {
        self.send_multipart_with(frames, SendFlags::DONTWAIT)
    }

    /// Sends every item as one multipart message with the given flags on
    /// each frame (e.g. `DONTWAIT`; `SNDMORE` is managed here).
    pub fn send_multipart_with<I>(&self, frames: I, flags: SendFlags) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Into<Message>,
    {
        let flags = flags - SendFlags::SNDMORE;
        let mut frames = frames.into_iter().peekable();
        while let Some(frame) = frames.next() {
            let more = if frames.peek().is_some() {
                SendFlags::SNDMORE
            } else {
                SendFlags::empty()
            };
            self.send_with(frame, flags | more)?;
        }
        Ok(())
    }
}

impl<K: CanRecv> Socket<K> {
    /// Receives a message frame, blocking until one arrives or
    /// `ZMQ_RCVTIMEO` expires ([`Error::Again`]).
    #[doc(alias = "zmq_recv")]
    #[doc(alias = "zmq_msg_recv")]
    #[inline]
    pub fn recv(&self) -> Result<Message> {
        self.recv_with(RecvFlags::empty())
    }

    /// Receives without blocking: [`Error::Again`] at once when nothing is
    /// queued.
    #[inline]
    pub fn try_recv(&self) -> Result<Message> {
        self.recv_with(RecvFlags::DONTWAIT)
    }

    /// Receives with explicit flags.
    #[inline]
    pub fn recv_with(&self, flags: RecvFlags) -> Result<Message> {
        let mut msg = Message::new();
        self.recv_into_with(&mut msg, flags)?;
        Ok(msg)
    }

    /// Receives into an existing message, replacing its content: the way to
    /// receive in a loop without any allocation on the Rust side.
    #[inline]
    pub fn recv_into(&self, msg: &mut Message) -> Result<()> {
        self.recv_into_with(msg, RecvFlags::empty())
    }

    /// [`recv_into`](Self::recv_into) with explicit flags.
    #[inline]
    pub fn recv_into_with(&self, msg: &mut Message, flags: RecvFlags) -> Result<()> {
        // SAFETY: live socket; the message is initialised and exclusively
        // borrowed; zmq_msg_recv releases its old content before filling it.
        check(unsafe { zmq_sys::zmq_msg_recv(msg.as_raw_mut(), self.live()?, flags.bits()) })
            .map(drop)
    }

    /// Receives a frame into a byte buffer (`zmq_recv`); bytes that do not
    /// fit are dropped, as [`Received::is_truncated`] reports.
    pub fn recv_slice(&self, buf: &mut [u8], flags: RecvFlags) -> Result<Received> {
        // SAFETY: live socket; buf is valid for buf.len() writable bytes and
        // libzmq writes at most that many.
        let n = check(unsafe {
            zmq_sys::zmq_recv(
                self.live()?,
                buf.as_mut_ptr() as *mut c_void,
                buf.len(),
                flags.bits(),
            )
        })?;
        let message_len = n as usize;
        Ok(Received {
            len: message_len.min(buf.len()),
            message_len,
        })
    }
}

impl<K: CanRecv + CanMultipart> Socket<K> {
    /// Receives every frame of the next message.
    #[doc(alias = "zmq_recviov")]
    pub fn recv_multipart(&self) -> Result<Multipart> {
        self.recv_multipart_with(RecvFlags::empty())
    }

    /// Receives every frame of the next message without blocking:
    /// [`Error::Again`] at once when none is queued.
    pub fn try_recv_multipart(&self) -> Result<Multipart> {
        self.recv_multipart_with(RecvFlags::DONTWAIT)
    }

    /// Receives every frame of the next message, with flags for the first
    /// frame (libzmq delivers the rest at once with it).
    pub fn recv_multipart_with(&self, flags: RecvFlags) -> Result<Multipart> {
        let mut parts = Multipart::new();
        self.recv_multipart_into_with(&mut parts, flags)?;
        Ok(parts)
    }

    /// Receives the next message into `parts`, replacing its frames and
    /// reusing their storage: a receive loop over one `Multipart` allocates
    /// nothing on the Rust side. On an error `parts` is left empty.
    ///
    /// ```
    /// # let ctx = zmq::Context::new();
    /// # let push = ctx.socket::<zmq::Push>()?;
    /// # push.bind("inproc://doc-recv-multipart-into")?;
    /// # let pull = ctx.socket::<zmq::Pull>()?;
    /// # pull.connect("inproc://doc-recv-multipart-into")?;
    /// push.send_multipart(["a", "b"])?;
    /// push.send_multipart(["c"])?;
    /// let mut parts = zmq::Multipart::new();
    /// pull.recv_multipart_into(&mut parts)?;
    /// assert_eq!(parts.len(), 2);
    /// pull.recv_multipart_into(&mut parts)?;
    /// assert_eq!(parts.len(), 1);
    /// assert_eq!(parts[0], "c");
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn recv_multipart_into(&self, parts: &mut Multipart) -> Result<()> {
        self.recv_multipart_into_with(parts, RecvFlags::empty())
    }

    /// [`recv_multipart_into`](Self::recv_multipart_into) with explicit
    /// flags for the first frame.
    pub fn recv_multipart_into_with(&self, parts: &mut Multipart, flags: RecvFlags) -> Result<()> {
        parts.refill(|msg| {
            self.recv_into_with(msg, flags)?;
            Ok(msg.more())
        })
    }
}

impl<K: CanRecv> Socket<K> {
    /// Receives a frame as text: blocks like [`recv`](Self::recv). A frame
    /// that is not UTF-8 is consumed and reported as
    /// [`Error::InvalidUtf8`]; to keep its bytes, receive with `recv` and
    /// convert with `String::try_from(Message)`, whose error gives the
    /// message back. The text is copied out of the message (libzmq owns its
    /// buffer).
    ///
    /// ```
    /// # let ctx = zmq::Context::new();
    /// # let push = ctx.socket::<zmq::Push>()?;
    /// # push.bind("inproc://doc-recv-string")?;
    /// # let pull = ctx.socket::<zmq::Pull>()?;
    /// # pull.connect("inproc://doc-recv-string")?;
    /// push.send("hello")?;
    /// assert_eq!(pull.recv_string()?, "hello");
    /// push.send(&b"\xff"[..])?;
    /// assert_eq!(pull.recv_string(), Err(zmq::Error::InvalidUtf8));
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn recv_string(&self) -> Result<String> {
        Ok(String::try_from(self.recv()?)?)
    }

    /// [`recv_string`](Self::recv_string) without blocking: [`Error::Again`]
    /// at once when nothing is queued.
    pub fn try_recv_string(&self) -> Result<String> {
        Ok(String::try_from(self.try_recv()?)?)
    }
}

/// libzmq 4.3's DGRAM sends through its one peer pipe, and without one it
/// fails a send without setting `errno`: a blocking send then waits forever,
/// and with `ZMQ_SNDTIMEO` libzmq aborts the process (dgram.cpp:65). A
/// DGRAM gets that pipe from a successful `bind` or `connect` (at once, as
/// `udp://` has no handshake) and loses it with `unbind` or `disconnect`
/// (it takes a single endpoint: libzmq drops the pipe of a second one), so
/// the socket tracks that and refuses to send without one, with
/// [`Error::NotConnected`]. Only kinds with `MAY_BE_DGRAM` look at it.
struct DgramGuard(AtomicU8);

const NOT_DGRAM: u8 = 0;
const DGRAM_NO_PIPE: u8 = 1;
const DGRAM_PIPE: u8 = 2;

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
            let state = if has { DGRAM_PIPE } else { DGRAM_NO_PIPE };
            self.0.store(state, Ordering::Relaxed);
        }
    }

    #[inline]
    fn check_send(&self) -> Result<()> {
        if self.0.load(Ordering::Relaxed) == DGRAM_NO_PIPE {
            return Err(Error::NotConnected);
        }
        Ok(())
    }
}

// Declared after the core methods above: rustdoc lists a type's impl blocks
// in the order the compiler meets them, so the options come after
// bind/send/recv on `Socket`'s page.
pub mod options;
